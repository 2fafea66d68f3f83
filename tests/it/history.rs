//! A plan folder knows its history: chains of re-plans keep every earlier change in
//! force, `check` applies the folder's chain by itself, `history` lists it, `[[undo]]`
//! takes a change back explicitly.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::solve::{copy_plan, read, saitama_plan};
use super::support::*;

fn link(name: &str) -> PathBuf {
    root().join("tests/fixtures/chain").join(name)
}

/// The chain baseline → c08 sick → fureai-cube closed from January → c07 away, solved
/// once for every test of this file: the three folders.
fn chain() -> &'static [PathBuf; 3] {
    static DIRS: OnceLock<(tempfile::TempDir, [PathBuf; 3])> = OnceLock::new();
    let (_, dirs) = DIRS.get_or_init(|| {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dirs = [
            tmp.path().join("r1"),
            tmp.path().join("r2"),
            tmp.path().join("r3"),
        ];
        let files = ["1-c08-sick.toml", "2-fureai-closes.toml", "3-c07-away.toml"];
        let mut base = saitama_plan().to_path_buf();
        for (dir, file) in dirs.iter().zip(files) {
            let o = roster_p(&[
                &"replan",
                &saitama(),
                &"--baseline",
                &base,
                &"--scenario",
                &link(file),
                &"--out",
                dir,
            ]);
            assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
            base = dir.clone();
        }
        (tmp, dirs)
    });
    dirs
}

/// Assignment rows (date, staff, event id) from a plan folder.
fn assignments(dir: &Path) -> Vec<(String, String, String)> {
    read(&dir.join("assignments.csv"))
        .lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f.len() >= 3).then(|| (f[1].to_string(), f[2].to_string(), f[0].to_string()))
        })
        .collect()
}

fn works_between(dir: &Path, staff: &str, from: &str, to: &str) -> Vec<String> {
    assignments(dir)
        .into_iter()
        .filter(|(d, s, _)| s == staff && d.as_str() >= from && d.as_str() <= to)
        .map(|(d, _, e)| format!("{d} {e}"))
        .collect()
}

fn fureai_events_from(dir: &Path, from: &str) -> usize {
    read(&dir.join("events.csv"))
        .lines()
        .filter(|l| {
            let f: Vec<&str> = l.split(',').collect();
            f.len() > 6 && f[1] >= from && f[6] == "fureai-cube"
        })
        .count()
}

/// `roster check MODEL DIR` with no --scenario passes (the folder's chain is applied).
fn checks_clean(dir: &Path) {
    let o = roster_p(&[&"check", &saitama(), &dir]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
}

/// `roster history DIR` lists exactly these scenario names, in order.
fn history_lists(dir: &Path, names: &[&str]) {
    let o = roster_p(&[&"history", &dir]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    let listed: Vec<&str> = text
        .lines()
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .collect();
    assert_eq!(listed.len(), names.len(), "{text}");
    for (i, (line, name)) in listed.iter().zip(names).enumerate() {
        assert!(
            line.starts_with(&format!("{}. ", i + 1)) && line.contains(name),
            "{text}"
        );
    }
}

#[test]
fn chain_link_1_absence_is_in_force_and_checks_without_scenario() {
    let [r1, _, _] = chain();
    assert!(works_between(r1, "c08", "2023-09-04", "2023-10-13").is_empty());
    checks_clean(r1);
    history_lists(r1, &["c08 off sick in September"]);
}

#[test]
fn chain_link_2_closure_keeps_the_earlier_absence() {
    let [_, r2, _] = chain();
    // Regression: a re-plan of a re-plan put c08 back on 2023-09-06 (exit 0).
    let back = works_between(r2, "c08", "2023-09-05", "2023-10-13");
    assert!(back.is_empty(), "c08 back while absent: {back:?}");
    assert_eq!(fureai_events_from(r2, "2024-01-01"), 0);
    assert!(
        fureai_events_from(r2, "2023-10-01") > 0,
        "open until December"
    );
    checks_clean(r2);
}

#[test]
fn chain_link_3_second_absence_keeps_both_earlier_changes() {
    let [_, _, r3] = chain();
    // Regression: chaining onto the closure moved all Wednesdays back to the venue.
    let back = works_between(r3, "c08", "2023-09-06", "2023-10-13");
    assert!(back.is_empty(), "c08 back while absent: {back:?}");
    assert!(works_between(r3, "c07", "2023-09-11", "2023-10-06").is_empty());
    assert_eq!(fureai_events_from(r3, "2024-01-01"), 0);
    // Kawagoe's days in the overlap are still staffed (CON-3): the check passes.
    checks_clean(r3);
    // The history lists the chain, in order, with dates and what each changed.
    let o = roster_p(&[&"history", r3, &"--lang", &"en"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    let pos = |s: &str| text.find(s).unwrap_or_else(|| panic!("`{s}` in\n{text}"));
    assert!(pos("1. 2023-09-01  c08 off sick in September") < pos("2. 2023-09-05  fureai-cube"));
    assert!(pos("2. 2023-09-05") < pos("3. 2023-09-06  c07 away in September"));
    assert!(text.contains("venue_change: from 2024-01-01"), "{text}");
    assert!(text.contains("changed: venue-changed"), "{text}");
    assert!(text.contains("files: as written"), "{text}");
    history_lists(
        r3,
        &[
            "c08 off sick in September",
            "fureai-cube closed from January",
            "c07 away in September",
        ],
    );
}

#[test]
fn as_of_going_back_along_a_chain_is_refused_with_e060() {
    let [r1, _, _] = chain();
    let (_d, sc) = temp_file(
        "late.toml",
        "name = \"too late\"\nas_of = \"2023-08-01\"\n[[closure]]\ndate = \"2023-08-15\"\n",
    );
    let out = sc.with_file_name("out");
    let o = roster_p(&[
        &"replan",
        &saitama(),
        &"--baseline",
        r1,
        &"--scenario",
        &sc,
        &"--out",
        &out,
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("E060") && err.contains("late.toml:2:"),
        "{err}"
    );
    assert!(nothing_in(&out));
}

#[test]
fn undo_brings_a_person_back_early_and_keeps_the_rest() {
    let [_, r2, _] = chain();
    let text = std::fs::read_to_string(saitama()).expect("model");
    let m = roster::input::parse_model(&saitama(), &text).expect("valid");
    let (_, mut sources, _) = roster::replan::folder::folder_chain(&m, r2).expect("chain");
    sources.push(
        roster::scenario::chain::source_of_file(&link("4-c08-back-early.toml")).expect("file"),
    );
    let scenarios = roster::scenario::chain::resolve(&m, &sources).expect("valid chain");
    let m2 = roster::scenario::chain::apply_all(&m, &scenarios);
    let c08 = m2.staff_index("c08").expect("c08");
    let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
    assert!(
        m2.staff[c08].on_leave(d("2023-09-22")),
        "still off before the undo date"
    );
    assert!(
        !m2.staff[c08].on_leave(d("2023-09-25")),
        "back from the undo date"
    );
    let fureai = m2.venue_index("fureai-cube").expect("venue");
    assert!(
        m2.venues[fureai]
            .closed
            .iter()
            .any(|r| r.from == d("2024-01-01")),
        "the closure is not undone"
    );
}

#[test]
fn undo_of_a_scenario_the_folder_never_had_is_e061() {
    let (_d, sc) = temp_file(
        "undo.toml",
        "name = \"u\"\nas_of = \"2023-09-06\"\n[[undo]]\nscenario = \"c08 off sick\"\n",
    );
    let out = sc.with_file_name("out");
    let o = roster_p(&[
        &"replan",
        &saitama(),
        &"--baseline",
        &saitama_plan(),
        &"--scenario",
        &sc,
        &"--out",
        &out,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("E061"), "{}", stderr(&o));
}

#[test]
fn a_folder_without_history_still_checks_with_scenario() {
    let [_, r2, _] = chain();
    let (_d, old) = copy_plan(r2);
    std::fs::remove_file(old.join("history.json")).expect("rm");
    let o = roster_p(&[&"check", &saitama(), &old]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "without the chain the closure is unknown"
    );
    // Exactly the Kasukabe Wednesdays held at the other venue since the closure.
    let mut want: Vec<String> = [
        "2024-01-10",
        "2024-01-17",
        "2024-01-24",
        "2024-01-31",
        "2024-02-07",
        "2024-02-14",
        "2024-02-21",
        "2024-02-28",
        "2024-03-06",
        "2024-03-13",
        "2024-03-27",
    ]
    .iter()
    .map(|d| format!("CON-1 {d} con-kasukabe-{}", d.replace('-', "")))
    .collect();
    want.push("CAL-5 2024-03-21 con-kasukabe-20240321".to_string());
    want.sort();
    assert_eq!(findings(&stdout(&o)), want, "{}", stdout(&o));
    let o = roster_p(&[
        &"check",
        &saitama(),
        &old,
        &"--scenario",
        &link("2-fureai-closes.toml"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}
