//! Issue 20 part 2: the whole-year bound of a staffing part too large for branch and
//! bound is its least cost (`stage2::bound::floor`: each need's cheapest candidates,
//! each team's minimum members) or better, and the dates' guide narrows such a part with
//! teams to its constructive start (`teams_first::guides`; any other it leaves out).
//! Forced here onto small models by lowering the size from which a part is large
//! (`SolveHooks::large_part`): the bound must still lie below the plan, and the plan
//! must still keep every rule.

use super::support::*;

/// Solves `text` with every part of at least `large` (needs × people) on the large
/// path; the plan passes the independent checker (`roster::solve_with` merges its
/// findings, prefixed `checker:`).
fn solve_large(path: &std::path::Path, text: &str, large: usize) -> roster::plan::Plan {
    let model = roster::input::parse_model(path, text).expect("valid model");
    // Two dense copies' staffing may stop on the clock: the bound holds for any plan
    // that keeps the rules, so the limit only bounds the test's time.
    let opts = roster::milp::SolveOptions {
        time_limit: 120.0,
        ..roster::milp::SolveOptions::default()
    };
    let hooks = roster::milp::SolveHooks {
        large_part: Some(large),
        ..Default::default()
    };
    let plan = roster::solve_with(&model, text, &opts, &hooks).expect("a plan");
    assert!(
        roster::check::check(&model, &plan).is_empty(),
        "the checker finds violations"
    );
    plan
}

/// The large parts' bound lies below the plan: on the shipped year and on two
/// copies of it within reach of each other (one connected region), with the
/// consultants' part (19,000 and 75,000 needs × people) forced onto the large path.
#[test]
fn large_part_bound_lies_below_the_plan_on_the_shipped_year_and_two_dense_copies() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dense = generated(dir.path(), "dense2.toml", 2, "0.15");
    for path in [saitama(), dense] {
        let text = std::fs::read_to_string(&path).expect("model text");
        let plan = solve_large(&path, &text, 10_000);
        assert!(plan.violations.is_empty(), "{:?}", plan.violations);
        assert!(
            plan.solve.bound_of.contains("joint bound"),
            "{}: {}",
            path.display(),
            plan.solve.bound_of
        );
        let bound = plan.solve.bound.expect("the whole-year bound is known");
        let total = plan.objective.total;
        eprintln!(
            "{}: objective {total:.1}, whole-year bound {bound:.1}, gap {:?}",
            path.display(),
            plan.gap
        );
        assert!(
            bound <= total + 1e-6 * total.abs().max(1.0),
            "{}: bound {bound} above {total}",
            path.display()
        );
    }
}

// --- H27 (issue 20 part 2): the aggregated relaxation of a large part -------------

/// The value after `label` ("least cost 19731.4," -> 19731.4) on a `--verbose` line.
fn figure_after(line: &str, label: &str) -> Option<f64> {
    let rest = &line[line.find(label)? + label.len()..];
    rest.trim()
        .trim_end_matches(',')
        .split([',', ' '])
        .next()?
        .parse()
        .ok()
}

/// Two dense copies (0.15° apart) put every consultant in one part of 75,000 needs ×
/// people, large at the default size but small enough for its own MILP's root node
/// (`stage2::bound::root`, 34,819.3 on a quiet machine) or, when the root's LP does
/// not end in its time (a busy machine, this test beside others), the aggregated
/// relaxation (`stage2::bound::aggregate`, 32,559.8): its whole-year bound is the one
/// it got, above the least-cost floor, and the reported bound, of which it is a part,
/// still lies below the plan, which the independent checker finds clean.
#[test]
fn large_bound_of_two_dense_copies_lies_between_the_floor_and_the_plan() {
    let dir = tempfile::tempdir().expect("temp dir");
    let model = generated(dir.path(), "dense2.toml", 2, "0.15");
    let out = dir.path().join("plan");
    let o = roster_p(&[
        &"solve",
        &model,
        &"--out",
        &out,
        &"--lang",
        &"en",
        &"--time-limit",
        &"60",
        &"--verbose",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    let line = err
        .lines()
        .find(|l| figure_after(l, "least cost").is_some() && l.contains(", root "))
        .unwrap_or_else(|| panic!("no large part's bound in:\n{err}"));
    let least = figure_after(line, "least cost").expect("the floor's figure");
    // The part's bound is the higher of the two (a root stopped by the clock may be
    // poor, and the aggregate then runs too).
    let got = [
        figure_after(line, ", root"),
        figure_after(line, "aggregated relaxation"),
    ]
    .into_iter()
    .flatten()
    .reduce(f64::max)
    .unwrap_or_else(|| panic!("neither the root nor the aggregate has a bound: {line}"));
    assert!(
        got > least,
        "the large part's bound ({got}) is no stronger than the floor ({least}): {line}"
    );
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("roster.json")).expect("roster.json"),
    )
    .expect("roster.json parses");
    let bound = json["solve"]["bound"].as_f64().expect("a whole-year bound");
    let total = json["objective"]["total"]
        .as_f64()
        .expect("the plan's cost");
    assert!(
        bound <= total + 1e-6 * total.abs().max(1.0),
        "bound {bound} above the plan {total}"
    );
    let c = roster_p(&[&"check", &model, &out]);
    assert_eq!(c.status.code(), Some(0), "{}{}", stdout(&c), stderr(&c));
}
