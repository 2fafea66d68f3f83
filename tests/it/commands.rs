//! The commands as library calls (what the desk will call): settings in, a result out,
//! nothing printed; every plan made goes through the independent checker.

use roster::commands::{self, AnyPlan, CheckSettings, ReplanSettings, Silent, SolveSettings};
use roster::milp::{Deadline, SolveOptions};
use roster::report::Lang;

use super::support::*;

fn opts(started: std::time::Instant) -> SolveOptions {
    SolveOptions {
        time_limit: 600.0,
        deadline: Some(Deadline::at(started, 600.0)),
        ..SolveOptions::default()
    }
}

fn checked_clean(model: &std::path::Path, dir: &std::path::Path) {
    let found = commands::check(
        &CheckSettings {
            model: model.to_path_buf(),
            dir: dir.to_path_buf(),
            scenario: None,
            lang: Lang::En,
        },
        &Silent,
    )
    .expect("the folder reads back");
    assert!(found.findings.is_empty(), "{:?}", found.findings);
}

#[test]
fn solve_then_replan_as_library_calls_give_checked_plan_folders() {
    let dir = tempfile::tempdir().expect("temp dir");
    let base = dir.path().join("base");
    let started = std::time::Instant::now();
    let solved = commands::solve(
        &SolveSettings {
            model: tiny(),
            out: base.clone(),
            opts: opts(started),
            started,
            force: false,
            write_model: None,
            lang: Lang::En,
        },
        &Silent,
    )
    .expect("tiny solves");
    assert!(matches!(solved.plan, AnyPlan::CareerCentre(_)));
    assert!(
        solved.plan.violations().is_empty(),
        "{:?}",
        solved.plan.violations()
    );
    assert_eq!(solved.out, base);
    assert!(base.join("assignments.csv").is_file() && base.join("roster.xlsx").is_file());
    assert!(
        solved.said.contains(&base.display().to_string()),
        "{}",
        solved.said
    );
    checked_clean(&tiny(), &base);
    let AnyPlan::CareerCentre(first) = &solved.plan else {
        panic!("a career-centre plan")
    };
    let away = |a: &roster::plan::Assignment| {
        a.staff_id == "c1" && ("2023-09-04".."2023-09-30").contains(&a.date.as_str())
    };
    assert!(first.assignments.iter().any(away), "c1 works in September");

    let scenario = dir.path().join("away.toml");
    std::fs::write(
        &scenario,
        "name = \"c1 away\"\nas_of = \"2023-09-01\"\n[[absence]]\nstaff = \"c1\"\nfrom = \"2023-09-04\"\nto = \"2023-09-29\"\n",
    )
    .expect("scenario");
    let out = dir.path().join("replan");
    let started = std::time::Instant::now();
    let replanned = commands::replan(
        &ReplanSettings {
            model: tiny(),
            baseline: base.clone(),
            scenario,
            out: out.clone(),
            opts: opts(started),
            started,
            force: false,
            lang: Lang::En,
        },
        &Silent,
    )
    .expect("the re-plan runs");
    assert!(
        replanned.plan.violations().is_empty(),
        "{:?}",
        replanned.plan.violations()
    );
    let AnyPlan::CareerCentre(plan) = &replanned.plan else {
        panic!("a career-centre plan")
    };
    assert!(!plan.assignments.iter().any(away), "c1 is away");
    checked_clean(&tiny(), &out);
}

#[test]
fn a_library_error_carries_its_documented_code_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("plan");
    let model = dir.path().join("bad.toml");
    std::fs::write(&model, "name = \"x\"\n").expect("model");
    let started = std::time::Instant::now();
    let err = commands::solve(
        &SolveSettings {
            model,
            out: out.clone(),
            opts: opts(started),
            started,
            force: false,
            write_model: None,
            lang: Lang::En,
        },
        &Silent,
    )
    .expect_err("an incomplete model is refused");
    let code = err.code().expect("a documented code");
    assert!(roster::error::ALL_CODES.contains(&code), "{code}");
    assert!(err.to_string().contains(&format!("error[{code}]")), "{err}");
    assert!(!out.exists(), "nothing written");
}
