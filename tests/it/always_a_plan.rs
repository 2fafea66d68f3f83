//! Issue 20, part 1: always a plan. Stage 1 dates every event from its constructive
//! start when HiGHS gets no time, and stage 2 staffs them from its own, so a run cut
//! short still returns a plan that keeps the rules. No wall-clock assertion: the time
//! limit here is so small that no MILP is handed to HiGHS at all.

use super::support::*;

/// A solve whose deadline has passed before any MILP starts: every part is its
/// constructive start (stage 1's greedy dates, stage 2's greedy staffing).
fn no_time() -> roster::milp::SolveOptions {
    roster::milp::SolveOptions {
        time_limit: 1e-6,
        ..roster::milp::SolveOptions::default()
    }
}

/// The shipped year and two copies of it within reach of each other (one connected
/// region, issue 20's dense layout), each solved with no time for HiGHS: every seminar
/// and series event is dated (no SEM-1 or series shortfall), the plan keeps every rule
/// by the independent checker, and stage 1's report says its dates are the start.
#[test]
fn stage_one_without_time_still_dates_every_event_and_the_plan_checks_clean() {
    let dir = tempfile::tempdir().expect("temp dir");
    let k2 = generated(dir.path(), "k2.toml", 2, "0.15");
    for path in [saitama(), k2] {
        let text = std::fs::read_to_string(&path).expect("model");
        let model = roster::input::parse_model(&path, &text).expect("valid model");
        let plan = roster::solve(&model, &text, &no_time()).expect("a plan without time");
        assert!(
            plan.violations.is_empty(),
            "{}: {:?}",
            path.display(),
            plan.violations
        );
        assert!(roster::check::check(&model, &plan).is_empty());
        let seminars: u32 = model
            .seminar_quotas
            .iter()
            .map(|q| q.counts.iter().sum::<u32>())
            .sum();
        let dated = plan.events.iter().filter(|e| e.kind == "seminar").count();
        assert_eq!(dated as u32, seminars, "{}", path.display());
        let dates = plan.solve.parts.first().expect("stage 1's report");
        assert!(dates.from_start, "{}: {:?}", path.display(), dates);
    }
}
