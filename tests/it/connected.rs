//! Issue 20, part 2 (H22, made safe by H28): a consultant part too large for one MILP
//! (connected geography) is staffed teams first (src/milp/stage2/teams_first.rs). Its
//! unit tests there check that escapes skip people unavailable or busy that day and
//! that the result costs no more than the whole part's constructive start.

use super::support::*;

/// Two copies of the shipped year 0.15° apart: one connected region whose consultant
/// part is above the teams-first threshold. The plan staffs every consultation day
/// (no violation at all), the independent checker finds it clean, and roster.json
/// names the part "(teams first)" and claims no bound for it.
#[test]
fn a_large_connected_consultant_part_is_staffed_teams_first() {
    let dir = tempfile::tempdir().expect("temp dir");
    let model = dir.path().join("k2.toml");
    let o = roster_p(&[
        &"generate",
        &saitama(),
        &"--copies",
        &"2",
        &"--spacing",
        &"0.15",
        &"--out",
        &model,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = dir.path().join("plan");
    let s = roster_p(&[
        &"solve",
        &model,
        &"--out",
        &out,
        &"--time-limit",
        &"120",
        &"--lang",
        &"en",
    ]);
    assert_eq!(s.status.code(), Some(0), "{}{}", stdout(&s), stderr(&s));
    assert_checks_clean(&model, &out);
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("roster.json")).expect("roster.json"),
    )
    .expect("valid JSON");
    assert_eq!(json["violations"].as_array().map(Vec::len), Some(0));
    let parts = json["solve"]["parts"].as_array().expect("parts");
    let teams_first: Vec<&serde_json::Value> = parts
        .iter()
        .filter(|p| {
            p["name"]
                .as_str()
                .is_some_and(|n| n.ends_with("(teams first)"))
        })
        .collect();
    assert_eq!(teams_first.len(), 1, "{parts:?}");
    assert!(teams_first[0]["gap"].is_null(), "{parts:?}");
    assert_ne!(teams_first[0]["status"], "optimal", "{parts:?}");
}

/// The shipped year forced onto the teams-first path (`SolveHooks::teams_first`
/// lowered to 0 pairs): its consultant part is staffed by the large-neighbourhood
/// search from its constructive start (lns.rs). The plan keeps every rule (the independent checker finds nothing; every
/// consultation day is staffed, CON-3), the part is named "(teams first)" and claims
/// no bound, its status is `gap-limit` (the search ended on a round that improved
/// nothing, every step on its own gap), and the plan is deterministic (two such runs
/// give the same assignments).
#[test]
fn the_shipped_year_forced_teams_first_keeps_every_rule() {
    let path = saitama();
    let text = std::fs::read_to_string(&path).expect("model text");
    let model = roster::input::parse_model(&path, &text).expect("valid model");
    let opts = roster::milp::SolveOptions {
        time_limit: 600.0,
        ..roster::milp::SolveOptions::default()
    };
    let hooks = roster::milp::SolveHooks {
        teams_first: Some(0),
        ..Default::default()
    };
    let plan = roster::solve_with(&model, &text, &opts, &hooks).expect("a plan");
    assert!(
        roster::check::check(&model, &plan).is_empty(),
        "the checker finds violations"
    );
    assert!(plan.violations.is_empty(), "{:?}", plan.violations);
    let parts: Vec<&roster::plan::PartReport> = plan
        .solve
        .parts
        .iter()
        .filter(|p| p.name.ends_with("(teams first)"))
        .collect();
    assert_eq!(parts.len(), 1, "{:?}", plan.solve.parts);
    assert!(parts[0].gap.is_none(), "{:?}", parts[0]);
    // Every step ended on its own gap (a step stopped by its clock would make the
    // part `time-limit`), so the run repeats.
    assert_eq!(
        parts[0].status,
        roster::plan::SolveStatus::GapLimit,
        "{:?}",
        parts[0]
    );
    let again = roster::solve_with(&model, &text, &opts, &hooks).expect("a plan");
    assert_eq!(plan.assignments, again.assignments);
}
