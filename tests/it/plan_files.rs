//! Reading a plan folder: what a spreadsheet saves is read; what cannot be read as a
//! plan is one located error (exit 2), never a cascade of violations or a re-plan.

use std::path::Path;

use super::solve::{copy_plan, read, saitama_plan};
use super::support::*;

/// Rewrites every ISO date `2023-04-04` in a file as `2023/4/4`.
fn slash_dates(path: &Path) {
    let text = read(path);
    let mut out = String::new();
    for field in text.split_inclusive([',', '\n']) {
        let (body, sep) = field.split_at(field.len() - usize::from(field.ends_with([',', '\n'])));
        match roster::plan::parse_day(body) {
            Some(d) if body.len() == 10 => {
                use chrono::Datelike;
                out.push_str(&format!("{}/{}/{}", d.year(), d.month(), d.day()));
            }
            _ => out.push_str(body),
        }
        out.push_str(sep);
    }
    std::fs::write(path, out).expect("write");
}

fn check(dir: &Path) -> std::process::Output {
    roster_p(&[&"check", &saitama(), &dir])
}

/// Exit 2 with exactly one `error[...]` line naming `file:line:column`.
fn one_located_error(o: &std::process::Output, code: &str, file_line_col: &str) -> String {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "{}{err}", stdout(o));
    assert_eq!(err.matches("error[").count(), 1, "{err}");
    assert!(err.contains(&format!("error[{code}]")), "{err}");
    assert!(err.contains(file_line_col), "{err}");
    assert!(err.contains("help: "), "{err}");
    assert!(stdout(o).is_empty(), "{}", stdout(o));
    err
}

#[test]
fn regression_slash_dates_in_a_baseline_are_read_as_the_same_plan() {
    let (_t, dir) = copy_plan(saitama_plan());
    slash_dates(&dir.join("events.csv"));
    slash_dates(&dir.join("assignments.csv"));
    assert!(read(&dir.join("events.csv")).contains(",2023/4/4,"));
    let o = check(&dir);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let plan = roster::plan::files::read_plan_dir(&dir).expect("read");
    let base = roster::plan::files::read_plan_dir(saitama_plan()).expect("read");
    assert_eq!(plan.events, base.events);
    assert_eq!(plan.assignments, base.assignments);
}

#[test]
fn regression_a_date_that_is_not_a_date_is_one_located_error() {
    let (_t, dir) = copy_plan(saitama_plan());
    let path = dir.join("events.csv");
    let text = read(&path);
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines[3] = lines[3].replacen(",2023-", ",2023-13-", 1);
    std::fs::write(&path, lines.join("\n") + "\n").expect("write");
    let err = one_located_error(&check(&dir), "E045", "events.csv:4:");
    assert!(err.contains("in column `date` is not a date"), "{err}");
    // The column is where the date field starts (after `event_id,`).
    let col = lines[3].find(",2023").map(|i| i + 2).unwrap_or(0);
    assert!(err.contains(&format!("events.csv:4:{col}:")), "{err}");
}

#[test]
fn regression_an_empty_events_csv_is_one_error_not_thousands_of_violations() {
    let (_t, dir) = copy_plan(saitama_plan());
    std::fs::write(dir.join("events.csv"), "").expect("truncate");
    let err = one_located_error(&check(&dir), "E044", "events.csv:1:1");
    assert!(err.contains("is empty"), "{err}");
}

#[test]
fn regression_a_renamed_teams_header_is_one_error_naming_the_column() {
    let (_t, dir) = copy_plan(saitama_plan());
    let path = dir.join("teams.csv");
    std::fs::write(&path, read(&path).replacen("staff_id", "staff", 1)).expect("write");
    let err = one_located_error(&check(&dir), "E044", "teams.csv:1:1");
    assert!(err.contains("no column `staff_id`"), "{err}");
    assert!(err.contains("municipality,staff_id"), "{err}");
}

#[test]
fn regression_a_misread_baseline_is_never_re_planned() {
    let (_t, dir) = copy_plan(saitama_plan());
    std::fs::write(dir.join("events.csv"), "").expect("truncate");
    let out = dir.with_file_name("out");
    let o = roster_p(&[
        &"replan",
        &saitama(),
        &"--baseline",
        &dir,
        &"--scenario",
        &root().join("scenarios/c08-two-weeks-june.toml"),
        &"--out",
        &out,
    ]);
    one_located_error(&o, "E044", "events.csv:1:1");
    assert!(!out.exists());
}

#[test]
fn regression_exact_duplicate_rows_are_plan_1_not_merged() {
    for file in ["events.csv", "assignments.csv"] {
        let (_t, dir) = copy_plan(saitama_plan());
        let path = dir.join(file);
        let text = read(&path);
        let row = text.lines().nth(5).expect("a row").to_string();
        std::fs::write(&path, format!("{text}{row}\n")).expect("write");
        let o = check(&dir);
        assert_eq!(o.status.code(), Some(1), "{file}: {}", stdout(&o));
        // Exactly the duplicate, keyed on its own row.
        let f: Vec<&str> = row.split(',').collect();
        let key = if file == "events.csv" {
            format!("PLAN-1 {} {}", f[1], f[0])
        } else {
            format!("PLAN-1 {} {} {}", f[1], f[0], f[2])
        };
        assert_eq!(findings(&stdout(&o)), vec![key], "{}", stdout(&o));
        assert!(
            stdout(&o)
                .lines()
                // `roster check` speaks Japanese by default (the checker's findings
                // follow --lang): "2回以上" is "more than once".
                .any(|l| l.starts_with("PLAN-1") && l.contains("2回以上")),
            "{file}: {}",
            stdout(&o)
        );
    }
}

#[test]
fn regression_csv_read_errors_are_sentences_with_real_columns() {
    let (_t, dir) = copy_plan(saitama_plan());
    let path = dir.join("assignments.csv");
    let text = read(&path);
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines[2].push_str(",extra");
    let want_col = lines[2].chars().count() - "extra".len() + 1;
    std::fs::write(&path, lines.join("\n") + "\n").expect("write");
    let err = one_located_error(
        &check(&dir),
        "E032",
        &format!("assignments.csv:3:{want_col}:"),
    );
    assert!(
        err.contains("this row has 14 fields but the header has 13"),
        "{err}"
    );
    assert!(
        !err.contains("UnequalLengths") && !err.contains("Position"),
        "{err}"
    );
}

#[test]
fn regression_a_shift_jis_crlf_plan_is_read() {
    let (_t, dir) = copy_plan(saitama_plan());
    for file in [
        "events.csv",
        "assignments.csv",
        "teams.csv",
        "violations.csv",
    ] {
        let path = dir.join(file);
        let text = read(&path)
            .trim_start_matches('\u{feff}')
            .replace('\n', "\r\n");
        let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&text);
        assert!(!unmappable);
        std::fs::write(&path, bytes).expect("write");
    }
    let o = check(&dir);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
}

#[test]
fn regression_a_file_neither_utf8_nor_shift_jis_is_one_error() {
    let (_t, dir) = copy_plan(saitama_plan());
    let path = dir.join("teams.csv");
    let mut bytes = std::fs::read(&path).expect("read");
    bytes.extend_from_slice(&[0x81, 0x20, 0xff, b'\n']);
    std::fs::write(&path, bytes).expect("write");
    let err = one_located_error(&check(&dir), "E043", "teams.csv:");
    assert!(err.contains("neither UTF-8 nor Shift-JIS"), "{err}");
    assert!(!err.contains("Utf8"), "{err}");
}

#[test]
fn regression_a_corrupt_roster_json_is_refused() {
    let (_t, dir) = copy_plan(saitama_plan());
    let path = dir.join("roster.json");
    let text = read(&path);
    std::fs::write(&path, &text[..text.len() / 2]).expect("truncate");
    let err = one_located_error(&check(&dir), "E046", "roster.json:");
    assert!(err.contains("cannot be checked"), "{err}");
    std::fs::write(&path, "{}").expect("write");
    one_located_error(&check(&dir), "E046", "roster.json:1:");
}

#[test]
fn regression_a_plan_folder_that_does_not_exist_says_so() {
    let (_t, dir) = copy_plan(saitama_plan());
    let missing = dir.join("nope");
    let o = check(&missing);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no such directory"), "{}", stderr(&o));
    assert!(
        !stderr(&o).contains("not a plan directory"),
        "{}",
        stderr(&o)
    );
}

/// Regression (verification pass): a double quote opened on line 4 and never closed was
/// reported on line 1354, past the end of the file.
#[test]
fn regression_an_unclosed_quote_is_located_where_it_opens() {
    let (_t, dir) = copy_plan(saitama_plan());
    let path = dir.join("events.csv");
    let text = read(&path);
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines[3].insert(0, '"');
    std::fs::write(&path, lines.join("\n") + "\n").expect("write");
    let err = one_located_error(&check(&dir), "E032", "events.csv:4:1:");
    assert!(err.contains("never closed"), "{err}");
}

/// Regression (verification pass): a cut-off history.json was an E063 without a
/// `FILE:LINE:COLUMN` location and with serde's own wording.
#[test]
fn regression_a_corrupt_history_json_is_one_located_error() {
    let (_t, dir) = copy_plan(saitama_plan());
    let path = dir.join("history.json");
    let text = read(&path);
    std::fs::write(&path, &text[..text.len() / 2]).expect("truncate");
    let err = one_located_error(&check(&dir), "E063", "history.json:");
    assert!(err.contains("cut off"), "{err}");
    assert!(!err.contains(" at line "), "{err}");
}
