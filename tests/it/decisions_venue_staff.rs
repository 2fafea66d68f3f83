//! The manager's decisions of issue 16 that change a venue by weekday or a person's
//! terms from a date (`[[venue_change]] move_to` by weekday, `[[staff_change]]`), as
//! re-plans of the shipped plan, through the CLI and the independent checker.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate, Weekday};

use super::solve::saitama_plan;
use super::support::*;

type Row = BTreeMap<String, String>;

/// The id columns of a plan CSV as one map per row.
fn table(path: &Path) -> Vec<Row> {
    let (header, lines) = id_columns(path);
    let names: Vec<String> = header.split(',').map(String::from).collect();
    lines
        .iter()
        .map(|l| {
            let mut r = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(l.as_bytes());
            let rec = r.records().next().expect("row").expect("csv row");
            names
                .iter()
                .cloned()
                .zip(rec.iter().map(String::from))
                .collect()
        })
        .collect()
}

fn date(r: &Row) -> NaiveDate {
    NaiveDate::parse_from_str(&r["date"], "%Y-%m-%d").expect("date")
}

/// Re-plans a shipped scenario against the shared baseline; asserts exit 0 and a clean
/// independent check (`roster check MODEL DIR` applies the folder's chain).
fn replan_clean(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("replan");
    let file = root().join("scenarios").join(name);
    let o = roster_p(&[
        &"replan",
        &saitama(),
        &"--baseline",
        &saitama_plan(),
        &"--scenario",
        &file,
        &"--out",
        &out,
        &"--time-limit",
        &"600",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert_checks_clean(&saitama(), &out);
    (dir, out)
}

/// ラーク所沢 closed 2023-11-01 .. 2024-01-31 (issue 16): no event at lark-tokorozawa in
/// the range, its Thursday/Friday days (and their holiday substitutes) at
/// tokorozawa-chiho with the same ids and dates, its Saturday days cancelled, and every
/// other event exactly as in the baseline.
#[test]
fn lark_tokorozawa_renovation_moves_thursdays_and_fridays_and_cancels_saturdays() {
    let (_dir, out) = replan_clean("lark-tokorozawa-renovation.toml");
    let (from, to) = (
        NaiveDate::from_ymd_opt(2023, 11, 1).expect("date"),
        NaiveDate::from_ymd_opt(2024, 1, 31).expect("date"),
    );
    let in_range = |r: &Row| (from..=to).contains(&date(r));
    let base = table(&saitama_plan().join("events.csv"));
    let new = table(&out.join("events.csv"));
    let new_by_id: BTreeMap<&str, &Row> = new.iter().map(|r| (r["event_id"].as_str(), r)).collect();
    assert!(
        !new.iter()
            .any(|r| in_range(r) && r["venue"] == "lark-tokorozawa"),
        "an event at lark-tokorozawa during the renovation"
    );
    let (mut moved, mut cancelled) = (0, 0);
    for b in &base {
        let kept = new_by_id.get(b["event_id"].as_str());
        if in_range(b) && b["venue"] == "lark-tokorozawa" {
            // The pattern's weekday: a holiday substitute's is its original date's.
            let day = if b["original_date"].is_empty() {
                date(b)
            } else {
                NaiveDate::parse_from_str(&b["original_date"], "%Y-%m-%d").expect("date")
            };
            match day.weekday() {
                Weekday::Sat => {
                    assert!(kept.is_none(), "a Saturday held: {b:?}");
                    cancelled += 1;
                }
                Weekday::Thu | Weekday::Fri => {
                    let n = kept.unwrap_or_else(|| panic!("a Thu/Fri day cancelled: {b:?}"));
                    assert_eq!(n["venue"], "tokorozawa-chiho", "{n:?}");
                    assert_eq!(
                        (&n["date"], &n["start"], &n["end"]),
                        (&b["date"], &b["start"], &b["end"])
                    );
                    moved += 1;
                }
                w => panic!("lark-tokorozawa had a {w} day: {b:?}"),
            }
        } else {
            assert_eq!(kept, Some(&b), "an event that should not change did");
        }
    }
    assert!(
        moved > 0 && cancelled > 0,
        "moved {moved}, cancelled {cancelled}"
    );
    assert_eq!(new.len(), base.len() - cancelled, "no event added");
}

/// c08 without Fridays from 2023-10-01 (a `[[staff_change]]` of weekdays, issue 16): no
/// Friday of c08 from then; the baseline had some, so the re-plan moved them; history
/// before `as_of` is the baseline's.
#[test]
fn c08_has_no_friday_from_october() {
    let (_dir, out) = replan_clean("c08-no-fridays-from-october.toml");
    let october = NaiveDate::from_ymd_opt(2023, 10, 1).expect("date");
    let as_of = NaiveDate::from_ymd_opt(2023, 9, 1).expect("date");
    let fridays = |rows: &[Row]| {
        rows.iter()
            .filter(|r| {
                r["staff_id"] == "c08" && date(r) >= october && date(r).weekday() == Weekday::Fri
            })
            .count()
    };
    let base = table(&saitama_plan().join("assignments.csv"));
    let new = table(&out.join("assignments.csv"));
    assert!(
        fridays(&base) > 0,
        "the baseline gives c08 Fridays from October"
    );
    assert_eq!(fridays(&new), 0, "c08 still works a Friday from October");
    let before =
        |rows: &[Row]| -> Vec<Row> { rows.iter().filter(|r| date(r) < as_of).cloned().collect() };
    assert_eq!(before(&new), before(&base), "history changed");
    // c08 keeps Fridays before October (the change holds from its date only).
    let sept_fridays = |rows: &[Row]| {
        rows.iter()
            .filter(|r| {
                r["staff_id"] == "c08"
                    && date(r) >= as_of
                    && date(r) < october
                    && date(r).weekday() == Weekday::Fri
            })
            .count()
    };
    assert_eq!(sept_fridays(&new), sept_fridays(&base));
}

/// Bad `[[staff_change]]` and `[[venue_change]]` tables: exit 2, every problem located
/// (file:line:col) with its code, nothing written.
#[test]
fn bad_staff_and_venue_changes_are_located_and_nothing_is_written() {
    let text = "name = \"bad decisions\"\nas_of = \"2023-10-01\"\n\n\
[[staff_change]]\nstaff = \"c8\"\nfrom = \"2023-10-01\"\nweekdays = [\"wed\"]\n\n\
[[staff_change]]\nstaff = \"c08\"\nfrom = \"2023-11-01\"\n\n\
[[venue_change]]\nvenue = \"lark-tokorozawa\"\nfrom = \"2023-11-01\"\nto = \"2024-01-31\"\n\
move_to = { thu = \"tokorozawa-chiho\", sat = \"tokorozawa-chiho\", sun = \"tokorozawa-chiho\" }\n\n\
[[pattern_change]]\nmunicipality = \"ina\"\nfrom = \"2023-11-01\"\nto = \"2023-10-15\"\ndays = [\"tue\", \"wed\"]\n";
    let (_d, file) = temp_file("bad-decisions.toml", text);
    let dir = tempfile::tempdir().expect("temp");
    let out = dir.path().join("x");
    let o = roster_p(&[
        &"replan",
        &saitama(),
        &"--baseline",
        &saitama_plan(),
        &"--scenario",
        &file,
        &"--out",
        &out,
        &"--lang",
        &"en",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    let err = stderr(&o);
    for (code, at, what) in [
        ("E011", "bad-decisions.toml:5:9", "did you mean `c08`?"),
        ("E112", "bad-decisions.toml:10:9", "changes nothing"),
        ("E016", "bad-decisions.toml:17:", "cannot be used on sat"),
        ("E113", "bad-decisions.toml:17:", "falls on a sun"),
        (
            "E016",
            "bad-decisions.toml:22:6",
            "ends 2023-10-15 before it starts",
        ),
    ] {
        let line = err
            .lines()
            .position(|l| l.starts_with(&format!("error[{code}]: ")) && l.contains(at))
            .unwrap_or_else(|| panic!("no {code} at {at}:\n{err}"));
        let block: String = err
            .lines()
            .skip(line)
            .take(2)
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            block.contains(what),
            "{code} at {at} should say `{what}`:\n{err}"
        );
    }
    assert!(nothing_in(&out));
}
