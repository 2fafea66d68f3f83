//! PR-1's lead time as a rule (issue 17, part 2): a flyer is due 2 months before its
//! event and publicity work starts on `[publicity] from`. Soft (the default): the solver
//! avoids such dates where the year allows and `roster check` lists each one left as a
//! warning; hard: none is placed, `check` calls one a violation, and a count the rule
//! leaves no room for is E023 at load.

use std::path::{Path, PathBuf};

use chrono::{Datelike, Days, Months, NaiveDate};

use super::solve::{copy_plan, saitama_plan};
use super::support::*;

const FROM_LINE: &str = "from = \"2023-04-01\"                      # publicity work starts";

/// The shipped model with `[publicity]`'s `from` line and a `lead_time` line replaced.
fn saitama_with(from: &str, lead_time: &str) -> String {
    let text = std::fs::read_to_string(saitama()).expect("model");
    assert!(
        text.contains(FROM_LINE),
        "the shipped model's publicity from"
    );
    text.replacen(
        FROM_LINE,
        &format!("from = \"{from}\"\nlead_time = \"{lead_time}\" #"),
        1,
    )
}

/// The `warning: ` lines of `roster check`'s output, as their keys (`RULE DATE EVENT`).
fn warnings(out: &str) -> Vec<String> {
    let mut w: Vec<String> = out
        .lines()
        .filter_map(|l| l.strip_prefix("warning: PR-1 "))
        .map(|l| format!("PR-1 {}", l.split(": ").next().unwrap_or(l)))
        .collect();
    w.sort();
    w
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

/// Rewrites `column` of the rows of a plan CSV whose first field is `event`.
fn set_field(path: &Path, event: &str, column: &str, value: &str) {
    let text = std::fs::read_to_string(path).expect("plan csv");
    let text = text.trim_start_matches('\u{feff}');
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header = r.headers().expect("header").clone();
    let col = header
        .iter()
        .position(|h| h == column)
        .unwrap_or_else(|| panic!("no column {column}"));
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&header).expect("header");
    for rec in r.records() {
        let rec = rec.expect("row");
        let row: Vec<String> = rec
            .iter()
            .enumerate()
            .map(|(i, f)| {
                if i == col && rec.get(0) == Some(event) {
                    value.to_string()
                } else {
                    f.to_string()
                }
            })
            .collect();
        w.write_record(&row).expect("row");
    }
    let bytes = w.into_inner().expect("csv");
    let mut out = "\u{feff}".as_bytes().to_vec();
    out.extend(bytes);
    std::fs::write(path, out).expect("write");
}

/// A copy of the shipped plan with its first seminar from June on moved to the same
/// weekday in April's first fortnight (its flyer then due in February): the event id,
/// the old and the new date.
fn a_seminar_moved_into_april() -> (tempfile::TempDir, PathBuf, String, NaiveDate) {
    let (t, dir) = copy_plan(saitama_plan());
    let (_, events) = id_columns(&dir.join("events.csv"));
    let (id, date) = events
        .iter()
        .filter(|r| r.starts_with("sem-"))
        .find_map(|r| {
            let mut f = r.split(',');
            let id = f.next()?.to_string();
            let date = d(f.next()?);
            (date >= d("2023-06-01")).then_some((id, date))
        })
        .expect("a seminar from June on");
    let mut to = date;
    while to >= d("2023-04-15") {
        to = to - Days::new(7);
    }
    assert!(to >= d("2023-04-01") && to.weekday() == date.weekday());
    for file in ["events.csv", "assignments.csv"] {
        set_field(&dir.join(file), &id, "date", &to.to_string());
    }
    (t, dir, id, to)
}

#[test]
fn a_seminar_moved_into_april_is_a_pr1_warning_of_check_when_soft() {
    let before = roster_p(&[&"check", &saitama(), &saitama_plan(), &"--lang", &"en"]);
    assert_eq!(before.status.code(), Some(0), "{}", stderr(&before));
    let (_t, dir, id, to) = a_seminar_moved_into_april();
    let after = roster_p(&[&"check", &saitama(), &dir, &"--lang", &"en"]);
    let out = stdout(&after);
    // Exactly one exception more: the moved seminar, with its flyer's due date.
    let mut want = warnings(&stdout(&before));
    want.push(format!("PR-1 {to} {id}"));
    want.sort();
    assert_eq!(warnings(&out), want, "{out}");
    let due = to.checked_sub_months(Months::new(2)).expect("due");
    assert!(
        out.contains(&format!(
            "{id}: its flyer is due on {due}, before publicity can start on 2023-04-01 (an exception to agree with the prefecture)"
        )),
        "{out}"
    );
    // A warning is not a violation: the findings (whatever else the move broke) hold
    // no PR-1.
    assert!(
        findings(&out).iter().all(|f| !f.starts_with("PR-1")),
        "{out}"
    );
}

#[test]
fn a_seminar_moved_into_april_is_a_pr1_violation_of_check_when_hard() {
    // Publicity from February 15: hard, nothing may be dated before April 15.
    let (_m, model) = temp_file("hard.toml", &saitama_with("2023-02-15", "hard"));
    let (_t, dir, id, to) = a_seminar_moved_into_april();
    let o = roster_p(&[&"check", &model, &dir]);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert!(findings(&out).contains(&format!("PR-1 {to} {id}")), "{out}");
    // Issue 19: the checker's findings are said in Japanese by default.
    assert!(
        out.contains("lead_time が hard のため認められません"),
        "{out}"
    );
    assert!(warnings(&out).is_empty(), "{out}");
}

#[test]
fn the_shipped_year_keeps_only_the_exceptions_its_counts_force() {
    // Soft by default. What is left in April-May is what SEM-8's even share over the
    // 12 months and the monthly counts force: one-point's 2 a month (ONE-1), the 12
    // fairs (1 a month), Tokorozawa's 12 senior seminars (1 a month).
    let o = roster_p(&[&"check", &saitama(), &saitama_plan(), &"--lang", &"en"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("ok: "), "{out}");
    let w = warnings(&out);
    let of = |prefix: &str| {
        w.iter()
            .filter(|k| k.split(' ').nth(2).is_some_and(|e| e.starts_with(prefix)))
            .count()
    };
    assert_eq!(of("one-point-"), 4, "{out}");
    assert_eq!(of("job-fair-"), 2, "{out}");
    assert_eq!(of("sem-tokorozawa-"), 2, "{out}");
    assert_eq!(w.len(), 8, "nothing else is left before June: {out}");
    assert!(
        out.contains("warning: 8 PR-1 exception(s): due before publicity can start on 2023-04-01"),
        "{out}"
    );
    // In Japanese by default.
    let ja = stdout(&roster_p(&[&"check", &saitama(), &saitama_plan()]));
    assert!(ja.contains("PR-1 の例外 8 件"), "{ja}");
    // Each exception in the words of deadlines.csv, no English line.
    let lines: Vec<&str> = ja
        .lines()
        .filter(|l| l.starts_with("注意: PR-1 "))
        .collect();
    assert_eq!(lines.len(), 8, "{ja}");
    assert!(
        lines
            .iter()
            .all(|l| l.contains("チラシ") && l.contains("県と協議する例外")),
        "{ja}"
    );
    assert!(!ja.contains("warning"), "{ja}");
}

#[test]
fn a_hard_lead_time_places_nothing_before_its_flyer_can_be_ready_and_checks_clean() {
    let text = tiny_with(
        "[objective]",
        "[publicity]\nlead_time = \"hard\"\n\n[objective]",
    );
    let (dir, model) = temp_file("tiny-hard.toml", &text);
    let out = dir.path().join("plan");
    let o = roster_p(&[&"solve", &model, &"--out", &out]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert_checks_clean(&model, &out);
    let c = stdout(&roster_p(&[&"check", &model, &out]));
    assert!(warnings(&c).is_empty(), "{c}");
    let (_, events) = id_columns(&out.join("events.csv"));
    for e in &events {
        let mut f = e.split(',');
        let (id, date) = (f.next().unwrap_or(""), d(f.next().unwrap_or("")));
        if !(id.starts_with("con-") || id.starts_with("office-")) {
            assert!(
                date >= d("2023-06-01"),
                "{e}: its flyer would be due before April"
            );
        }
    }
}

#[test]
fn a_soft_lead_time_avoids_april_and_may_where_the_year_allows() {
    // The tiny model's counts all fit June to March under SEM-8: no exception is left.
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("plan");
    let o = roster_p(&[&"solve", &tiny(), &"--out", &out]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert_checks_clean(&tiny(), &out);
    let c = stdout(&roster_p(&[&"check", &tiny(), &out]));
    assert!(warnings(&c).is_empty(), "{c}");
}

#[test]
fn a_hard_lead_time_that_leaves_a_count_no_day_is_e023_at_its_line() {
    // From the year's first day, one-point's 2 a month cannot be held in April or May.
    let (_d, path) = temp_file("m.toml", &saitama_with("2023-04-01", "hard"));
    let o = roster_p(&[&"calendar", &path]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    let text = std::fs::read_to_string(&path).expect("model");
    let line = text
        .lines()
        .position(|l| l.starts_with("lead_time = "))
        .expect("the lead_time line")
        + 1;
    assert!(err.contains(&format!("m.toml:{line}:")), "{err}");
    assert!(err.contains("E023"), "{err}");
    assert!(
        err.contains("one-point asks for 2 in 2023-04 on 0 day(s)"),
        "{err}"
    );
    assert!(
        err.contains("one-point asks for 2 in 2023-05 on 0 day(s)"),
        "{err}"
    );
    assert!(!err.contains("in 2023-06"), "{err}");
    assert!(
        err.contains("the first day it allows is 2023-06-01"),
        "{err}"
    );
    // Flyers ready from February: every count fits.
    let (_d, path) = temp_file("m.toml", &saitama_with("2023-02-01", "hard"));
    let o = roster_p(&[&"calendar", &path]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // Neither soft nor hard.
    let (_d, path) = temp_file("m.toml", &saitama_with("2023-04-01", "firm"));
    let o = roster_p(&[&"calendar", &path]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("E018") && stderr(&o).contains("lead_time"),
        "{}",
        stderr(&o)
    );
}
