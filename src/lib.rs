//! roster: yearly staff rosters for public job-support programmes.
//!
//! Data flows one way: `input` (TOML, spans, validation) → `model` (domain types) →
//! `calendar` (holidays, closures, patterns, substitutions) → `demand` (concrete events
//! and staffing needs) → `milp` (the only module that knows good_lp / HiGHS) → `plan`
//! (solver-free result) → `check` (independent verifier) → `report` (files and text).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod calendar;
pub mod check;
pub mod commands;
pub mod demand;
pub mod error;
pub mod generate;
pub mod input;
pub mod milp;
pub mod model;
#[cfg(test)]
mod module_graph;
pub mod plan;
pub mod replan;
pub mod report;
pub mod safe_fs;
pub mod scenario;
pub mod serve;

pub use error::Error;

use sha2::{Digest, Sha256};

/// Solves a model from scratch: calendar, demand, MILP, then the independent check.
///
/// Violations the checker finds that the solver did not report are added to the plan
/// (prefixed `checker:`), so a plan is never called clean by the solver alone.
pub fn solve(
    model: &model::Model,
    model_text: &str,
    opts: &milp::SolveOptions,
) -> Result<plan::Plan, milp::SolveError> {
    solve_with(model, model_text, opts, &milp::SolveHooks::default())
}

/// [`solve`] with progress reports and model export (see [`milp::SolveHooks`]).
pub fn solve_with(
    model: &model::Model,
    model_text: &str,
    opts: &milp::SolveOptions,
    hooks: &milp::SolveHooks,
) -> Result<plan::Plan, milp::SolveError> {
    let demand = demand::expand(model);
    let mut plan = milp::solve_with(model, &demand, opts, &milp::Fixings::default(), hooks)?;
    finish(model, model_text, &mut plan);
    Ok(plan)
}

/// Stamps the model digest and merges the checker's findings into a solved plan.
pub fn finish(model: &model::Model, model_text: &str, plan: &mut plan::Plan) {
    plan.model_digest = digest(model_text);
    let found = check::check(model, plan);
    merge_findings(&mut plan.violations, found);
    plan.normalise();
}

/// Adds the checker's findings to the solver's violations where it finds more under a
/// (rule, date, event, person) than the solver reported (prefixed `checker:`): a second
/// cause under one rule is not lost, and a plan is never called clean by the solver alone.
pub(crate) fn merge_findings(violations: &mut Vec<plan::Violation>, found: Vec<plan::Violation>) {
    let mut reported = plan::FindingCounts::of(violations.iter());
    for mut v in found {
        if reported.take(&v) {
            continue;
        }
        v.message = format!("checker: {}", v.message);
        // Rendered again in the reader's language with the same mark.
        if let Some(plan::cause::Caused {
            cause: plan::cause::Cause::Found(f),
            ..
        }) = v.cause.as_mut()
        {
            f.merged = true;
        }
        violations.push(v);
    }
}

/// Solves a training provider's year (TRN-*): start dates, then staffing, rooms and
/// course dates in one MILP, then the independent check, merged as for the centre.
pub fn solve_training(
    model: &model::training::TrainingModel,
    model_text: &str,
    opts: &milp::SolveOptions,
) -> Result<plan::training::TrainingPlan, milp::SolveError> {
    let mut plan = milp::training::solve(model, opts)?;
    plan.model_digest = digest(model_text);
    let found = check::training::check(model, &plan);
    merge_findings(&mut plan.violations, found);
    plan.normalise();
    Ok(plan)
}

/// SHA-256 of a text, hex.
pub fn digest(text: &str) -> String {
    let d = Sha256::digest(text.as_bytes());
    d.iter().map(|b| format!("{b:02x}")).collect()
}

/// A plan read from files, with the checker's findings as its violations (for
/// comparing a baseline that was not solved in this run).
pub fn check_loaded(model: &model::Model, mut plan: plan::Plan) -> plan::Plan {
    plan.violations = check::check(model, &plan);
    plan
}
