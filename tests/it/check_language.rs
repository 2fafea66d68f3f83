//! Issue 19 (H17): the independent checker's findings in the reader's language.
//! `roster check` says each finding in Japanese by default, in the manager's terms
//! (the municipality's and venue's names, the date with its weekday), with the rule
//! ID; `--lang en` says exactly what it always said.

use std::path::Path;

use super::solve::{copy_plan, saitama_plan};
use super::support::*;
use super::training::gifu_plan;

/// Removes every assignment of `event` from the folder's assignments.csv.
fn unstaff(dir: &Path, event: &str) {
    let (h, mut a) = id_columns(&dir.join("assignments.csv"));
    let before = a.len();
    a.retain(|r| !r.starts_with(&format!("{event},")));
    assert!(a.len() < before, "{event} has no assignment");
    write_rows(&dir.join("assignments.csv"), &h, &a);
}

/// The line of `out` that starts with `key` (`CON-3 2023-07-05 con-...`).
fn line_of<'a>(out: &'a str, key: &str) -> &'a str {
    out.lines()
        .find(|l| l.starts_with(key))
        .unwrap_or_else(|| panic!("no line {key}:\n{out}"))
}

#[test]
fn a_consultation_day_without_consultant_is_said_in_japanese_with_its_rule() {
    let (_t, dir) = copy_plan(saitama_plan());
    let (_, a) = id_columns(&dir.join("assignments.csv"));
    let victim = a
        .iter()
        .find(|r| r.starts_with("con-chichibu-"))
        .cloned()
        .expect("a chichibu day");
    let mut cells = victim.split(',');
    let event = cells.next().unwrap_or_default().to_string();
    let date = cells.next().unwrap_or_default().to_string();
    unstaff(&dir, &event);
    let day = chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d").expect("date");
    let weekday = ["月", "火", "水", "木", "金", "土", "日"]
        [chrono::Datelike::weekday(&day).num_days_from_monday() as usize];

    // English, asked for: the sentence as it always was (ids, not names).
    let o = roster_p(&[&"check", &saitama(), &dir, &"--lang", &"en"]);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    let en = stdout(&o);
    let line = line_of(&en, &format!("CON-3 {date} {event}: "));
    let said = format!("chichibu {date} at ");
    let venue = line
        .split_once(&said)
        .and_then(|(_, rest)| rest.strip_suffix(": 0 consultant(s) assigned, at least 1 required"))
        .unwrap_or_else(|| panic!("{line}"));
    let model = std::fs::read_to_string(saitama()).expect("model");
    let venue_name = model
        .split("[[venue]]")
        .find(|t| t.contains(&format!("id = \"{venue}\"")))
        .and_then(|t| t.lines().find(|l| l.starts_with("name = ")))
        .map(|l| {
            l.trim_start_matches("name = ")
                .trim_matches('"')
                .to_string()
        })
        .unwrap_or_else(|| panic!("venue {venue} in the model"));

    // Japanese, the default: CON-3 and the sentence with the municipality's name, the
    // day with its weekday and the venue's name.
    let o = roster_p(&[&"check", &saitama(), &dir]);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    let ja = stdout(&o);
    let line = line_of(&ja, &format!("CON-3 {date} {event}: "));
    assert!(
        line.ends_with(&format!(
            ": 秩父市 {date}（{weekday}）{venue_name}: 相談員が0人です（1人以上必要）"
        )),
        "{line}"
    );
    assert!(!ja.contains("consultant(s) assigned"), "{ja}");
    // The same findings in both languages: the keys do not depend on the words.
    assert_eq!(findings(&ja), findings(&en));
}

#[test]
fn a_training_course_without_homeroom_is_said_in_japanese_with_its_rule() {
    let (_t, dir) = copy_plan(gifu_plan());
    let (_, a) = id_columns(&dir.join("assignments.csv"));
    let event = a
        .iter()
        .find(|r| r.starts_with("homeroom-"))
        .and_then(|r| r.split(',').next())
        .expect("a homeroom")
        .to_string();
    unstaff(&dir, &event);
    let o = roster_p(&[
        &"check",
        &root().join("models/gifu-training-2023.toml"),
        &dir,
    ]);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    let ja = stdout(&o);
    let line = line_of(&ja, "TRN-1 ");
    assert!(line.contains(&event), "{line}");
    assert!(line.ends_with("常勤の担任講師がいません"), "{line}");
    // The course by its name, not its id.
    let course = event.trim_start_matches("homeroom-");
    assert!(!line.contains(&format!(": {course}:")), "{line}");

    let o = roster_p(&[
        &"check",
        &root().join("models/gifu-training-2023.toml"),
        &dir,
        &"--lang",
        &"en",
    ]);
    let en = stdout(&o);
    let line = line_of(&en, "TRN-1 ");
    assert!(
        line.ends_with(&format!(": {course}: no full-time homeroom instructor")),
        "{line}"
    );
}
