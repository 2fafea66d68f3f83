//! Issue 14 regression tests: safety_limits (cases 6, 7 and 8 of the hostile trial):
//! numeric flags with limits, empty MILPs, and a gap computed on the plan returned. (A
//! time limit that covers the whole command is timed in `tests/timed.rs`, alone.)

use std::path::{Path, PathBuf};

#[allow(unused_imports)]
use super::support::*;

/// Solves the tiny model into `DIR/base` and returns it.
fn tiny_baseline(dir: &Path) -> PathBuf {
    let base = dir.join("base");
    let o = roster_p(&[&"solve", &tiny(), &"--out", &base, &"--time-limit", &"30"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    base
}

/// `roster check` of a plan folder must pass (exit 0, "every rule holds").
fn check_passes(model: &Path, dir: &Path) {
    let o = roster_p(&[&"check", &model, &dir, &"--lang", &"en"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("every rule holds"), "{}", stdout(&o));
}

/// Re-plans the tiny baseline under a scenario text; returns the output.
fn replan_tiny(dir: &Path, base: &Path, scenario: &str) -> (std::process::Output, PathBuf) {
    let file = dir.join("scenario.toml");
    std::fs::write(&file, scenario).expect("write scenario");
    let out = dir.join("replan");
    let o = roster_p(&[
        &"replan",
        &tiny(),
        &"--baseline",
        &base,
        &"--scenario",
        &file,
        &"--out",
        &out,
        &"--time-limit",
        &"30",
        &"--lang",
        &"en",
    ]);
    (o, out)
}

#[test]
fn time_limit_1e300_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("plan");
    let bad: [(&str, &str); 10] = [
        ("--time-limit", "1e300"),
        ("--time-limit", "86401"),
        ("--time-limit", "inf"),
        ("--time-limit", "nan"),
        ("--time-limit", "0"),
        ("--time-limit", "-5"),
        ("--gap", "2"),
        ("--gap", "-0.1"),
        ("--gap", "nan"),
        ("--threads", "0"),
    ];
    for (flag, value) in bad {
        let o = roster_p(&[
            &"solve",
            &tiny(),
            &"--out",
            &out,
            &format!("{flag}={value}"),
        ]);
        assert_eq!(
            o.status.code(),
            Some(2),
            "{flag} {value}: a usage error, not a crash: {}",
            stderr(&o)
        );
        assert!(
            stderr(&o).contains(flag) && !stderr(&o).contains("panicked"),
            "{flag} {value}: {}",
            stderr(&o)
        );
        assert!(nothing_in(&out), "{flag} {value}: nothing is written");
    }
    // The largest limit and both ends of the gap are accepted.
    let o = roster_p(&[
        &"solve",
        &tiny(),
        &"--out",
        &out,
        &"--time-limit",
        &"86400",
        &"--gap",
        &"1",
    ]);
    // `--gap 1` takes HiGHS's first plan, which may still pay for a rule: accepted
    // (never a usage error), written whole, and the independent check agrees with it.
    let code = o.status.code();
    assert!(matches!(code, Some(0 | 1)), "{}", stderr(&o));
    let c = roster_p(&[&"check", &tiny(), &out, &"--lang", &"en"]);
    assert_eq!(c.status.code(), code, "{}{}", stdout(&c), stderr(&c));
    // With HiGHS's default gap the same limit gives a rule-abiding plan.
    let o = roster_p(&[
        &"solve",
        &tiny(),
        &"--out",
        &out,
        &"--force",
        &"--time-limit",
        &"86400",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    check_passes(&tiny(), &out);
}

#[test]
fn model_without_seminar_quotas_or_series_is_a_plan_not_model_empty() {
    let text = std::fs::read_to_string(tiny()).expect("tiny model");
    let (from, to) = (
        text.find("[[seminar_quota]]").expect("quota"),
        text.find("[office]").expect("office"),
    );
    let bare = format!("{}{}", &text[..from], &text[to..]);
    assert!(!bare.contains("[[event_series]]"));
    let (dir, model) = temp_file("bare.toml", &bare);
    let out = dir.path().join("plan");
    let o = roster_p(&[&"solve", &model, &"--out", &out, &"--lang", &"en"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(!stderr(&o).contains("ModelEmpty"), "{}", stderr(&o));
    check_passes(&model, &out);
}

#[test]
fn replan_as_of_on_the_years_last_days_is_a_plan_not_model_empty() {
    let dir = tempfile::tempdir().expect("temp dir");
    let base = tiny_baseline(dir.path());
    for as_of in ["2024-03-30", "2024-03-31"] {
        let work = tempfile::tempdir().expect("temp dir");
        let (o, out) = replan_tiny(
            work.path(),
            &base,
            &format!("name = \"last days\"\nas_of = \"{as_of}\"\n"),
        );
        assert_eq!(
            o.status.code(),
            Some(0),
            "{as_of}: {}{}",
            stdout(&o),
            stderr(&o)
        );
        assert!(stdout(&o).contains("status: optimal"), "{}", stdout(&o));
        check_passes(&tiny(), &out);
    }
}

#[test]
fn scenario_closing_every_remaining_day_is_a_plan_not_model_empty() {
    let dir = tempfile::tempdir().expect("temp dir");
    let base = tiny_baseline(dir.path());
    // From the day after the baseline's last seminar or series event (so no quota
    // becomes impossible), every remaining day of the year is closed.
    let (_, events) = id_columns(&base.join("events.csv"));
    let last = events
        .iter()
        .filter(|r| r.starts_with("sem-") || r.starts_with("outreach"))
        .filter_map(|r| r.split(',').nth(1))
        .filter_map(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .max()
        .expect("the baseline has seminars");
    let end = chrono::NaiveDate::from_ymd_opt(2024, 3, 31).expect("date");
    let mut day = last.succ_opt().expect("date");
    let mut text = format!("name = \"closed to the end\"\nas_of = \"{day}\"\n");
    while day <= end {
        text.push_str(&format!("\n[[closure]]\ndate = \"{day}\"\n"));
        day = day.succ_opt().expect("date");
    }
    let (o, out) = replan_tiny(dir.path(), &base, &text);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(!stderr(&o).contains("ModelEmpty"), "{}", stderr(&o));
    let o = roster_p(&[
        &"check",
        &tiny(),
        &out,
        &"--lang",
        &"en",
        &"--scenario",
        &dir.path().join("scenario.toml"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
}

#[test]
fn empty_scenario_late_replan_reports_gap_0_optimal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let base = tiny_baseline(dir.path());
    for as_of in ["2024-02-20", "2024-03-25", "2024-03-29"] {
        let work = tempfile::tempdir().expect("temp dir");
        let (o, out) = replan_tiny(
            work.path(),
            &base,
            &format!("name = \"nothing happens\"\nas_of = \"{as_of}\"\n"),
        );
        assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
        let said = stdout(&o);
        // The re-plan keeps the baseline (nothing changes) and meets its bound.
        assert!(said.contains("changes: none"), "{as_of}: {said}");
        assert!(
            said.contains("status: optimal  gap: 0.000%"),
            "{as_of}: a plan that meets its bound has gap 0: {said}"
        );
        check_passes(&tiny(), &out);
    }
}
