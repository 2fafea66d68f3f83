//! CAL-2: the holiday list, compared with an independent list, through the CLI.

use super::support::*;

#[test]
fn holiday_list_2000_2035_matches_the_independent_list() {
    let o = roster(&[
        "holidays",
        "--from",
        "2000-01-01",
        "--to",
        "2035-12-31",
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let expected = std::fs::read_to_string(root().join("tests/fixtures/holidays-jp-2000-2035.csv"))
        .expect("fixture");
    assert_eq!(
        stdout(&o).trim_start_matches('\u{feff}').trim_end(),
        expected.trim_end()
    );
}

#[test]
fn holiday_formats_table_and_json() {
    let o = roster(&[
        "holidays",
        "--from",
        "2019-04-27",
        "--to",
        "2019-05-06",
        "--format",
        "json",
    ]);
    assert!(o.status.success());
    let rows: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    let names: Vec<&str> = rows
        .as_array()
        .expect("array")
        .iter()
        .map(|r| r["name"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        names,
        [
            "昭和の日",
            "国民の休日",
            "天皇の即位の日",
            "国民の休日",
            "憲法記念日",
            "みどりの日",
            "こどもの日",
            "振替休日"
        ]
    );
    let o = roster(&[
        "holidays",
        "--from",
        "2023-01-01",
        "--to",
        "2023-01-09",
        "--lang",
        "en",
    ]);
    assert!(stdout(&o).contains("2023-01-02  Mon  振替休日"));
}

#[test]
fn holidays_outside_the_supported_years_is_a_usage_error() {
    let o = roster(&["holidays", "--from", "1999-01-01", "--to", "2000-12-31"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).is_empty());
    let o = roster(&["holidays", "--from", "2024-01-01", "--to", "2023-01-01"]);
    assert_eq!(o.status.code(), Some(2));
    let o = roster(&["holidays", "--from", "2024-13-01"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn regression_2019_05_01_is_named_as_the_2018_law_names_it() {
    // Act No. 99 of 2018: 天皇の即位の日及び即位礼正殿の儀の行われる日を休日とする法律.
    let o = roster(&[
        "holidays",
        "--from",
        "2019-05-01",
        "--to",
        "2019-10-22",
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("2019-05-01,天皇の即位の日\n"), "{out}");
    assert!(
        out.contains("2019-10-22,即位礼正殿の儀の行われる日\n"),
        "{out}"
    );
}
