//! The annual solve: exit codes, files, determinism, and the independent check.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::support::*;

/// The shipped model solved once for all tests that only read the plan.
fn saitama_solve() -> &'static (tempfile::TempDir, PathBuf, String) {
    static DIR: OnceLock<(tempfile::TempDir, PathBuf, String)> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("plan");
        // A limit the shipped year never reaches (it stops on its gap in about 10 s):
        // the plans the tests compare must not depend on how busy the machine is.
        let o = roster_p(&[
            &"solve",
            &saitama(),
            &"--out",
            &out,
            &"--time-limit",
            &"900",
        ]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "shipped model solves cleanly:\n{}\n{}",
            stdout(&o),
            stderr(&o)
        );
        assert!(stdout(&o).contains("違反: なし"), "{}", stdout(&o));
        let said = stdout(&o);
        (dir, out, said)
    })
}

/// The shipped model's plan, solved once (see `saitama_solve`).
pub fn saitama_plan() -> &'static Path {
    &saitama_solve().1
}

/// What `roster solve` printed for [`saitama_plan`] (default `--lang`).
pub fn saitama_solve_said() -> &'static str {
    &saitama_solve().2
}

/// Copies a plan directory so a test may tamper with it.
pub fn copy_plan(from: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let to = dir.path().join("plan");
    std::fs::create_dir_all(&to).expect("mkdir");
    for f in std::fs::read_dir(from).expect("plan dir").flatten() {
        if f.path().is_file() {
            std::fs::copy(f.path(), to.join(f.file_name())).expect("copy");
        }
    }
    (dir, to)
}

pub fn read(p: &Path) -> String {
    std::fs::read_to_string(p).expect("read")
}

#[test]
fn shipped_model_plan_passes_the_independent_check() {
    let plan = saitama_plan();
    let o = roster_p(&[&"check", &saitama(), &plan]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).starts_with("ok: "));
}

/// The shipped year's consultation days, counted by hand from the rules: every day of
/// the fiscal year (CAL-1) that a municipality's weekday pattern names (CON-1; the 1st
/// and 3rd Wednesday for Chichibu), less the year-end closure Dec 29 - Jan 3 (CAL-3)
/// and the model's designated days (CAL-4), which are neither held nor substituted. A
/// day on a national holiday of the fixture list (CAL-2) is held on a substitute day
/// (CAL-5), so it still counts once. Returns (days, of which on holidays).
pub fn consultation_days_by_the_rules() -> (usize, usize) {
    use chrono::Datelike;
    let m = roster::input::load_model(&saitama()).expect("shipped model");
    let fixture = read(&root().join("tests/fixtures/holidays-jp-2000-2035.csv"));
    let holidays: std::collections::BTreeSet<chrono::NaiveDate> = fixture
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .filter_map(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .collect();
    let from = chrono::NaiveDate::from_ymd_opt(2023, 4, 1).expect("date");
    let to = chrono::NaiveDate::from_ymd_opt(2024, 3, 31).expect("date");
    let mut days: std::collections::BTreeSet<(usize, chrono::NaiveDate)> = Default::default();
    let mut d = from;
    while d <= to {
        let year_end = (d.month() == 12 && d.day() >= 29) || (d.month() == 1 && d.day() <= 3);
        let designated = m.closures.designated.iter().any(|(x, _)| *x == d);
        if !year_end && !designated {
            for p in &m.patterns {
                let nth = (d.day() - 1) / 7 + 1;
                if p.valid.from <= d
                    && d <= p.valid.to
                    && p.weekdays.contains(&d.weekday())
                    && (p.nth.is_empty() || p.nth.contains(&nth))
                {
                    days.insert((p.municipality, d));
                }
            }
        }
        d = d.succ_opt().expect("next day");
    }
    let on_holidays = days.iter().filter(|(_, d)| holidays.contains(d)).count();
    (days.len(), on_holidays)
}

#[test]
fn shipped_plan_files_have_the_documented_shape() {
    let plan = saitama_plan();
    let events = read(&plan.join("events.csv"));
    assert!(events.starts_with('\u{feff}'), "CSV starts with a BOM");
    assert!(events.lines().next().is_some_and(|h| h.ends_with(
        "event_id,date,start,end,kind,municipality,venue,room,room_capacity,capacity,seminar_type,theme,mode,original_date,weekday,municipality_name,venue_name,room_name,address"
    )));
    let count = |kind: &str| {
        events
            .lines()
            .filter(|l| l.split(',').nth(4) == Some(kind))
            .count()
    };
    let (days, holidays) = consultation_days_by_the_rules();
    assert_eq!(count("consultation"), days);
    assert_eq!(count("seminar"), 67);
    assert_eq!(count("one-point"), 24);
    assert!(count("outreach") >= 3 && count("job-fair") >= 12 && count("roundtable") >= 6);
    assert!(events.contains("entrepreneurship") && events.contains("home-based-work"));
    let substitutes = events
        .lines()
        .filter(|l| l.split(',').nth(4) == Some("consultation") && l.split(',').nth(13) != Some(""))
        .count();
    assert_eq!(
        substitutes, holidays,
        "every pattern day on a holiday has a substitute carrying its original date"
    );
    // The figures the README quotes, now derived rather than copied from a run.
    assert_eq!((days, holidays), (997, 49));
    let violations = read(&plan.join("violations.csv"));
    assert_eq!(
        violations.trim_start_matches('\u{feff}').trim_end(),
        "rule,date,event_id,staff_id,message"
    );
    let json: serde_json::Value =
        serde_json::from_str(&read(&plan.join("roster.json"))).expect("json");
    for key in [
        "model",
        "model_digest",
        "status",
        "gap",
        "seconds",
        "objective",
        "events",
        "assignments",
        "teams",
        "substitutions",
        "violations",
    ] {
        assert!(json.get(key).is_some(), "roster.json has {key}");
    }
    let teams = read(&plan.join("teams.csv"));
    for m in [
        "tokorozawa",
        "soka",
        "kawagoe",
        "kasukabe",
        "kazo",
        "fukaya",
        "ina",
    ] {
        assert!(
            teams
                .lines()
                .filter(|l| l.starts_with(&format!("{m},")))
                .count()
                >= 2,
            "{m} has a team of two"
        );
    }
    assert!(teams.lines().any(|l| l.starts_with("chichibu,")));
}

#[test]
fn two_solves_give_identical_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("again");
    // Same limit as `saitama_plan`: repeatability is the promise here, not speed.
    let o = roster_p(&[
        &"solve",
        &saitama(),
        &"--out",
        &out,
        &"--time-limit",
        &"900",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let files = all_files(saitama_plan());
    assert_eq!(files, all_files(&out), "the same files");
    assert!(
        files.iter().any(|f| f == "roster.xlsx")
            && files.iter().any(|f| f.starts_with("calendars/"))
    );
    for f in files.iter().filter(|f| *f != "roster.json") {
        assert!(
            std::fs::read(out.join(f)).ok() == std::fs::read(saitama_plan().join(f)).ok(),
            "{f} differs between two solves"
        );
    }
}

/// Every file under a directory, as relative paths with `/`, sorted.
pub fn all_files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(rel) = p.strip_prefix(dir) {
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn refuses_to_overwrite_a_different_plan_without_force() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("plan");
    let o = roster_p(&[&"solve", &tiny(), &"--out", &out]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert_checks_clean(&tiny(), &out);
    let before = read(&out.join("assignments.csv"));
    // The same plan again is fine.
    let o = roster_p(&[&"solve", &tiny(), &"--out", &out]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    // A different plan into the same directory is refused and leaves it untouched.
    let other = tiny_with("name = \"受付 花子\"", "name = \"受付 花代\"");
    let (_d, path) = temp_file("other.toml", &other);
    let o = roster_p(&[&"solve", &path, &"--out", &out]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("E040"));
    assert_eq!(read(&out.join("assignments.csv")), before);
    assert!(!read(&out.join("staff.csv")).contains("花代"));
    let o = roster_p(&[&"solve", &path, &"--out", &out, &"--force"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(read(&out.join("staff.csv")).contains("花代"));
    assert_checks_clean(&path, &out);
}

#[test]
fn a_directory_that_is_not_a_plan_is_never_replaced() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("notes.txt"), "mine").expect("write");
    let o = roster_p(&[&"solve", &tiny(), &"--out", &dir.path(), &"--force"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("E041"));
    assert_eq!(read(&dir.path().join("notes.txt")), "mine");
}

#[test]
fn infeasible_day_is_reported_with_rule_place_and_cause() {
    // Beta's only possible team member c2 is on leave over a 1st/3rd Wednesday; c3 is not qualified.
    let text = tiny_with("{ from = \"2023-08-14\", to = \"2023-08-18\" }", "{ from = \"2023-08-14\", to = \"2023-08-18\" }, { from = \"2023-09-18\", to = \"2023-09-22\" }")
        .replacen("home = \"alpha\"\nweekdays = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]\ncontract_days_per_week = 2", "home = \"alpha\"\nweekdays = [\"mon\", \"thu\"]\ncontract_days_per_week = 2", 1);
    let (dir, path) = temp_file("model.toml", &text);
    let out = dir.path().join("plan");
    let o = roster_p(&[&"solve", &path, &"--out", &out]);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    let v = read(&out.join("violations.csv"));
    let line = v
        .lines()
        .find(|l| l.starts_with("CON-3,2023-09-20,con-beta-20230920"))
        .unwrap_or_else(|| panic!("CON-3 row for beta on 2023-09-20 in:\n{v}"));
    // The cause in the user's language (Japanese by default, issue 16).
    assert!(line.contains("c2 休暇中"), "{line}");
    assert!(
        stdout(&o).contains("CON-3 2023-09-20 con-beta-20230920"),
        "terminal lists it"
    );
    // The checker agrees, independently.
    let o = roster_p(&[&"check", &path, &out]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("CON-3"));
}

/// OUT-1: outreach is held outside the programme's municipalities, even when a room in
/// one of them is listed and would be nearer.
#[test]
fn outreach_never_lands_in_a_programme_municipality() {
    let text = tiny_with(
        "rooms = [\"gamma-hall/hall\"]",
        "rooms = [\"alpha-hall/seminar\", \"gamma-hall/hall\"]",
    )
    .replacen(
        "count = 1\nstart = \"13:00\"",
        "count = 3\nstart = \"13:00\"",
        1,
    );
    let (dir, path) = temp_file("model.toml", &text);
    let out = dir.path().join("plan");
    let o = roster_p(&[&"solve", &path, &"--out", &out]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert_checks_clean(&path, &out);
    let events = read(&out.join("events.csv"));
    let outreach: Vec<&str> = events
        .lines()
        .filter(|l| l.split(',').nth(4) == Some("outreach"))
        .collect();
    assert_eq!(outreach.len(), 3);
    assert!(
        outreach
            .iter()
            .all(|l| l.split(',').nth(5) == Some("gamma")),
        "{outreach:?}"
    );
}
