//! `roster check` catches tampering with a solved plan's CSV files.

use std::path::Path;

use super::solve::{copy_plan, saitama_plan};
use super::support::*;

fn rows(path: &Path) -> (String, Vec<String>) {
    id_columns(path)
}

/// Asserts that the check found exactly `expected` (keys as [`findings`] makes them).
fn exactly(out: &str, mut expected: Vec<String>) {
    expected.sort();
    assert_eq!(findings(out), expected, "{out}");
}

/// Runs the check, expects exit 1, returns stdout.
fn caught(dir: &Path) -> String {
    let o = roster_p(&[&"check", &saitama(), &dir]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "tampering not caught:\n{}{}",
        stdout(&o),
        stderr(&o)
    );
    stdout(&o)
}

#[test]
fn check_catches_a_consultation_day_without_consultant() {
    let (_t, dir) = copy_plan(saitama_plan());
    let (h, mut a) = rows(&dir.join("assignments.csv"));
    let victim = a
        .iter()
        .find(|r| r.starts_with("con-chichibu-"))
        .cloned()
        .expect("a chichibu day");
    let event = victim.split(',').next().unwrap_or("").to_string();
    a.retain(|r| !r.starts_with(&format!("{event},")));
    write_rows(&dir.join("assignments.csv"), &h, &a);
    let out = caught(&dir);
    let date = victim.split(',').nth(1).unwrap_or("");
    exactly(&out, vec![format!("CON-3 {date} {event}")]);
}

#[test]
fn check_catches_one_person_in_two_places() {
    let (_t, dir) = copy_plan(saitama_plan());
    let (h, mut a) = rows(&dir.join("assignments.csv"));
    // A consultant on one consultation day is also put on another municipality's that
    // day, one whose team they are on (so only CON-6 is broken).
    let (_, teams) = rows(&dir.join("teams.csv"));
    let muni = |event: &str| event.split('-').nth(1).unwrap_or("").to_string();
    let (first, other) = a
        .iter()
        .filter(|r| r.starts_with("con-") && r.ends_with(",consultant"))
        .find_map(|r| {
            let f: Vec<&str> = r.split(',').collect();
            let other = a.iter().find(|o| {
                o.starts_with("con-")
                    && o.split(',').nth(1) == Some(f[1])
                    && !o.starts_with(f[0])
                    && teams.contains(&format!("{},{}", muni(o), f[2]))
            })?;
            Some((r.clone(), other.clone()))
        })
        .expect("two consultation days on one date, one person on both teams");
    let f: Vec<&str> = first.split(',').collect();
    let o: Vec<&str> = other.split(',').collect();
    a.push(format!("{},{},{},consultant", o[0], o[1], f[2]));
    write_rows(&dir.join("assignments.csv"), &h, &a);
    let out = caught(&dir);
    // Reported on the later of the two event ids.
    let second = f[0].max(o[0]);
    exactly(&out, vec![format!("CON-6 {} {second} {}", f[1], f[2])]);
}

#[test]
fn check_catches_a_seminar_on_a_holiday() {
    let (_t, dir) = copy_plan(saitama_plan());
    let (h, mut e) = rows(&dir.join("events.csv"));
    // A November seminar on a Friday, moved to Friday 2023-11-03 (文化の日): same month
    // (no SEM-8, SEM-6 change) and same weekday (no one's availability changes), so the
    // holiday is the one thing broken.
    let friday = |d: &str| {
        chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .is_ok_and(|d| chrono::Datelike::weekday(&d) == chrono::Weekday::Fri)
    };
    let i = e
        .iter()
        .position(|r| {
            let f: Vec<&str> = r.split(',').collect();
            f.get(4) == Some(&"seminar")
                && f.get(1)
                    .is_some_and(|d| d.starts_with("2023-11") && friday(d))
                && f.get(1) != Some(&"2023-11-03")
        })
        .expect("a seminar on a Friday in November");
    let fields: Vec<String> = e[i].split(',').map(str::to_string).collect();
    let (id, date) = (fields[0].clone(), fields[1].clone());
    let mut moved = fields.clone();
    moved[1] = "2023-11-03".into(); // 文化の日
    e[i] = moved.join(",");
    write_rows(&dir.join("events.csv"), &h, &e);
    let (ha, mut a) = rows(&dir.join("assignments.csv"));
    for r in a.iter_mut() {
        if r.starts_with(&format!("{id},")) {
            *r = r.replacen(&date, "2023-11-03", 1);
        }
    }
    write_rows(&dir.join("assignments.csv"), &ha, &a);
    let out = caught(&dir);
    exactly(&out, vec![format!("CAL-2 2023-11-03 {id}")]);
}

#[test]
fn check_catches_a_team_below_its_minimum() {
    let (_t, dir) = copy_plan(saitama_plan());
    let (h, mut t) = rows(&dir.join("teams.csv"));
    let keep = t
        .iter()
        .find(|r| r.starts_with("kasukabe,"))
        .cloned()
        .expect("kasukabe team");
    t.retain(|r| !r.starts_with("kasukabe,") || *r == keep);
    write_rows(&dir.join("teams.csv"), &h, &t);
    let out = caught(&dir);
    // The team is short, and every kasukabe day of the members taken off is off-team.
    let kept = keep.split(',').nth(1).unwrap_or("");
    let (_, a) = rows(&dir.join("assignments.csv"));
    let mut want = vec!["CON-4".to_string()];
    for r in a.iter().filter(|r| r.starts_with("con-kasukabe-")) {
        let f: Vec<&str> = r.split(',').collect();
        if f[2] != kept {
            want.push(format!("CON-4 {} {} {}", f[1], f[0], f[2]));
        }
    }
    assert!(want.len() > 1, "the members taken off consult in kasukabe");
    exactly(&out, want);
}

#[test]
fn check_catches_an_unqualified_lecturer() {
    let (_t, dir) = copy_plan(saitama_plan());
    let (h, mut a) = rows(&dir.join("assignments.csv"));
    // c06 lectures but has given only 2 seminars (SEM-4 asks for 3). Chosen on a day
    // c06 works and has nothing else, so only SEM-4 is broken.
    let m = roster::input::load_model(&saitama()).expect("shipped model");
    let c06 = m.staff.iter().find(|s| s.id == "c06").expect("c06");
    let busy = |date: &str| {
        a.iter()
            .any(|r| r.split(',').nth(1) == Some(date) && r.split(',').nth(2) == Some("c06"))
    };
    let i = a
        .iter()
        .position(|r| {
            let f: Vec<&str> = r.split(',').collect();
            let works =
                chrono::NaiveDate::parse_from_str(f[1], "%Y-%m-%d").is_ok_and(|d| c06.available(d));
            r.starts_with("sem-") && r.ends_with(",lecturer") && works && !busy(f[1])
        })
        .expect("a seminar on a day c06 is free");
    let f: Vec<String> = a[i].split(',').map(str::to_string).collect();
    a[i] = format!("{},{},c06,lecturer", f[0], f[1]);
    write_rows(&dir.join("assignments.csv"), &h, &a);
    let out = caught(&dir);
    exactly(&out, vec![format!("SEM-4 {} {} c06", f[1], f[0])]);
}

#[test]
fn check_rejects_a_malformed_csv_with_exit_2() {
    let (_t, dir) = copy_plan(saitama_plan());
    std::fs::write(dir.join("teams.csv"), "municipality\nsoka,c01,extra\n").expect("write");
    let o = roster_p(&[&"check", &saitama(), &dir]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    // The header lacks `staff_id`: one error at the header, not one per row.
    assert!(stderr(&o).contains("teams.csv:1:1"), "{}", stderr(&o));
    std::fs::write(
        dir.join("teams.csv"),
        "municipality,staff_id\nsoka,c01,extra\n",
    )
    .expect("write");
    let o = roster_p(&[&"check", &saitama(), &dir]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("teams.csv:2:"), "{}", stderr(&o));
}
