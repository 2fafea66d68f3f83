//! Reads a plan back from the CSV files in a plan directory (the form people edit).

use std::path::Path;

use serde::de::DeserializeOwned;

use super::{
    Assignment, Event, ObjectiveTerms, Plan, SolveReport, SolveStatus, TeamMember, Violation,
};
use crate::input::error::{file_error, InputError, InputErrors};

/// File names inside a plan directory.
pub const EVENTS: &str = "events.csv";
/// Assignments file.
pub const ASSIGNMENTS: &str = "assignments.csv";
/// Teams file.
pub const TEAMS: &str = "teams.csv";
/// Staff file.
pub const STAFF: &str = "staff.csv";
/// Violations file.
pub const VIOLATIONS: &str = "violations.csv";
/// Canonical plan file.
pub const ROSTER_JSON: &str = "roster.json";

/// Reads events, assignments and teams (and violations if present) from `dir`.
///
/// The header must name the expected columns; every row is checked for its type. A
/// problem names the file, line and column.
pub fn read_plan_dir(dir: &Path) -> Result<Plan, InputErrors> {
    if !dir.is_dir() {
        return Err(file_error(
            "E030",
            dir,
            "not a plan directory".to_string(),
            "give the directory written by `roster solve --out DIR`",
        ));
    }
    let mut errors = Vec::new();
    let events: Vec<Event> = read_csv(&dir.join(EVENTS), &mut errors);
    let assignments: Vec<Assignment> = read_csv(&dir.join(ASSIGNMENTS), &mut errors);
    let teams: Vec<TeamMember> = read_csv(&dir.join(TEAMS), &mut errors);
    let violations: Vec<Violation> = if dir.join(VIOLATIONS).exists() {
        read_csv(&dir.join(VIOLATIONS), &mut errors)
    } else {
        Vec::new()
    };
    if !errors.is_empty() {
        return Err(InputErrors(errors));
    }
    let mut plan = Plan {
        model: String::new(),
        model_digest: String::new(),
        status: SolveStatus::Loaded,
        gap: None,
        solve: SolveReport::default(),
        seconds: 0.0,
        objective: ObjectiveTerms::default(),
        events,
        assignments,
        teams,
        substitutions: Vec::new(),
        violations,
    };
    // The canonical file carries what the CSVs do not: model, status, gap, objective.
    if let Ok(text) = std::fs::read_to_string(dir.join(ROSTER_JSON)) {
        if let Ok(full) = serde_json::from_str::<Plan>(&text) {
            plan.model = full.model;
            plan.model_digest = full.model_digest;
            plan.status = full.status;
            plan.gap = full.gap;
            plan.solve = full.solve;
            plan.seconds = full.seconds;
            plan.objective = full.objective;
            plan.substitutions = full.substitutions;
        }
    }
    plan.normalise();
    Ok(plan)
}

/// Reads one CSV file (UTF-8, optional BOM) into rows, recording problems.
pub fn read_csv<T: DeserializeOwned>(path: &Path, errors: &mut Vec<InputError>) -> Vec<T> {
    let text = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            errors.extend(
                file_error(
                    "E031",
                    path,
                    format!("cannot read the file: {e}"),
                    "a plan directory holds events.csv, assignments.csv and teams.csv",
                )
                .0,
            );
            return Vec::new();
        }
    };
    let body = text.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&text);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(body);
    let mut out = Vec::new();
    for rec in rdr.deserialize::<T>() {
        match rec {
            Ok(r) => out.push(r),
            Err(e) => {
                let (line, column) = match e.position() {
                    Some(p) => (p.line() as usize, 1),
                    None => (1, 1),
                };
                let message = match e.kind() {
                    csv::ErrorKind::Deserialize { err, .. } => {
                        let field = err
                            .field()
                            .map_or(String::new(), |f| format!(" in field {}", f + 1));
                        format!("bad row{field}: {}", err.kind())
                    }
                    other => format!("{other:?}"),
                };
                errors.push(InputError {
                    code: "E032",
                    file: path.to_path_buf(),
                    line,
                    column,
                    message,
                    help: "keep the header row and the columns documented in docs/outputs.md"
                        .into(),
                });
            }
        }
    }
    out
}
