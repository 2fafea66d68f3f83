//! `roster check` catches tampering with a solved plan's CSV files.

use std::path::Path;

use super::solve::{copy_plan, saitama_plan};
use super::support::*;

fn rows(path: &Path) -> (String, Vec<String>) {
    id_columns(path)
}

fn write_rows(path: &Path, header: &str, rows: &[String]) {
    let mut text = format!("\u{feff}{header}\n");
    for r in rows {
        text.push_str(r);
        text.push('\n');
    }
    std::fs::write(path, text).expect("write");
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
    assert!(
        out.lines()
            .any(|l| l.starts_with("CON-3") && l.contains(&event)),
        "{out}"
    );
}

#[test]
fn check_catches_one_person_in_two_places() {
    let (_t, dir) = copy_plan(saitama_plan());
    let (h, mut a) = rows(&dir.join("assignments.csv"));
    // A consultant on one consultation day is also put on another municipality's that day.
    let (first, other) = a
        .iter()
        .filter(|r| r.starts_with("con-") && r.ends_with(",consultant"))
        .find_map(|r| {
            let date = r.split(',').nth(1)?;
            let event = r.split(',').next()?;
            let other = a.iter().find(|o| {
                o.starts_with("con-") && o.split(',').nth(1) == Some(date) && !o.starts_with(event)
            })?;
            Some((r.clone(), other.clone()))
        })
        .expect("two consultation days on one date");
    let f: Vec<&str> = first.split(',').collect();
    let o: Vec<&str> = other.split(',').collect();
    a.push(format!("{},{},{},consultant", o[0], o[1], f[2]));
    write_rows(&dir.join("assignments.csv"), &h, &a);
    let out = caught(&dir);
    assert!(
        out.lines()
            .any(|l| l.starts_with("CON-6") && l.contains(f[2])),
        "{out}"
    );
}

#[test]
fn check_catches_a_seminar_on_a_holiday() {
    let (_t, dir) = copy_plan(saitama_plan());
    let (h, mut e) = rows(&dir.join("events.csv"));
    let i = e
        .iter()
        .position(|r| r.split(',').nth(4) == Some("seminar"))
        .expect("a seminar");
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
    assert!(
        out.lines()
            .any(|l| l.starts_with("CAL-2") && l.contains("2023-11-03")),
        "{out}"
    );
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
    assert!(
        out.lines()
            .any(|l| l.starts_with("CON-4") && l.contains("kasukabe")),
        "{out}"
    );
}

#[test]
fn check_catches_an_unqualified_lecturer() {
    let (_t, dir) = copy_plan(saitama_plan());
    let (h, mut a) = rows(&dir.join("assignments.csv"));
    let i = a
        .iter()
        .position(|r| r.starts_with("sem-") && r.ends_with(",lecturer"))
        .expect("a lecturer");
    let f: Vec<&str> = a[i].split(',').collect();
    // c06 lectures but has given only 2 seminars (SEM-4 asks for 3).
    a[i] = format!("{},{},c06,lecturer", f[0], f[1]);
    write_rows(&dir.join("assignments.csv"), &h, &a);
    let out = caught(&dir);
    assert!(
        out.lines()
            .any(|l| l.starts_with("SEM-4") && l.contains("c06")),
        "{out}"
    );
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
