//! A training provider's plan directory and terminal summary, rendered from the plan.
//!
//! The files are written by the shared `report::plan::write_dir` (whole or not at all),
//! with a BOM and a header row, rows in the plan's fixed order.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::plan::files::{ASSIGNMENTS, ROSTER_JSON, STAFF, VIOLATIONS};
use crate::plan::training::{TrainingPlan, COURSES, SESSIONS};
use crate::replan::training::{TrainingFigures, TrainingReplan};

use super::folder::PlanFile;
use super::plan::csv_of;

/// The files of a training plan directory, as (name, contents), in a fixed order.
pub fn render_files(plan: &TrainingPlan) -> Vec<PlanFile> {
    let mut json = serde_json::to_string_pretty(plan).unwrap_or_default();
    json.push('\n');
    let file = |name: &str, text: String| (name.to_string(), text.into_bytes());
    vec![
        file(ROSTER_JSON, json),
        file(COURSES, csv_of(&plan.courses)),
        file(SESSIONS, csv_of(&plan.sessions)),
        file(ASSIGNMENTS, csv_of(&plan.assignments)),
        file(STAFF, csv_of(&plan.staff)),
        file(VIOLATIONS, csv_of(&plan.violations)),
    ]
}

/// The terminal summary: status, one line per course, violations.
pub fn summary(plan: &TrainingPlan) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}: status {}, gap {}, {:.1} s; objective {:.0} (continuity {:.0}, fairness {:.0}, room changes {:.0}, violations {:.0})",
        plan.model,
        plan.status.id(),
        plan.gap
            .map_or("unknown".to_string(), |g| format!("{:.2} %", g * 100.0)),
        plan.seconds,
        plan.objective.total,
        plan.objective.continuity,
        plan.objective.fairness,
        plan.objective.room_changes,
        plan.objective.violations
    );
    let _ = writeln!(
        s,
        "{:<8} {:<10} {:<10} {:<10} {:<10} {:>5} {:>6} {:>6}",
        "course", "deadline", "interview", "start", "end", "hours", "online", "intern"
    );
    for c in &plan.courses {
        let _ = writeln!(
            s,
            "{:<8} {:<10} {:<10} {:<10} {:<10} {:>5} {:>6} {:>6}",
            c.course_id,
            c.application_deadline,
            c.interview_date,
            c.start,
            c.end,
            c.total_hours,
            c.online_hours,
            c.internship_hours
        );
    }
    let _ = writeln!(
        s,
        "{} sessions, {} assignments",
        plan.sessions.len(),
        plan.assignments.len()
    );
    if plan.violations.is_empty() {
        s.push_str("every rule holds (TRN-1..TRN-11, checked independently)\n");
    } else {
        let _ = writeln!(s, "{} violation(s):", plan.violations.len());
        for v in &plan.violations {
            let _ = writeln!(s, "  {v}");
        }
    }
    s
}

/// The files of a training re-plan's folder: the plan's files, `changes.csv` and
/// `notices.csv` (`history.json` is added by the caller).
pub fn render_replan_files(r: &TrainingReplan) -> Vec<PlanFile> {
    let mut files = render_files(&r.plan);
    files.push(("changes.csv".into(), csv_of(&r.changes).into_bytes()));
    files.push(("notices.csv".into(), csv_of(&r.notices).into_bytes()));
    files
}

/// Counts of `changes.csv` rows by change.
pub fn change_counts(r: &TrainingReplan) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for c in &r.changes {
        *m.entry(c.change.clone()).or_default() += 1;
    }
    m
}

/// The terminal summary of a training re-plan.
pub fn replan_summary(r: &TrainingReplan) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "scenario: {} (as_of {})", r.scenario, r.as_of);
    let counts: Vec<String> = change_counts(r)
        .iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    let f = &r.figures;
    let _ = writeln!(
        s,
        "changes: {}",
        if counts.is_empty() {
            "none".to_string()
        } else {
            counts.join(", ")
        }
    );
    let _ = writeln!(
        s,
        "sessions moved {}, instructor changes {}, courses moved {}, people to notify {}",
        f.sessions_moved, f.instructor_changes, f.courses_moved, f.people_told
    );
    for c in r.changes.iter().filter(|c| c.change == "course-moved") {
        let _ = writeln!(
            s,
            "  course-moved {}: {} -> {}",
            c.course_id, c.before, c.after
        );
    }
    s.push_str(&summary(&r.plan));
    s
}

/// One row of the training what-if table (`comparison.csv`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrainingComparisonRow {
    /// Scenario name (`baseline` for the baseline).
    pub scenario: String,
    /// Whether every rule holds.
    pub ok: bool,
    /// Violations.
    pub violations: usize,
    /// Baseline sessions from `as_of` on not held as planned.
    pub sessions_moved: usize,
    /// Instructor, assistant and homeroom assignments changed.
    pub instructor_changes: usize,
    /// Courses with another start date.
    pub courses_moved: usize,
    /// People in `notices.csv`.
    pub people_to_notify: usize,
    /// The plan's objective (`total`).
    pub objective: f64,
    /// Solve status.
    pub status: String,
}

/// A comparison row from figures.
pub fn comparison_row(
    name: &str,
    f: &TrainingFigures,
    plan: &TrainingPlan,
) -> TrainingComparisonRow {
    TrainingComparisonRow {
        scenario: name.to_string(),
        ok: f.violations == 0,
        violations: f.violations,
        sessions_moved: f.sessions_moved,
        instructor_changes: f.instructor_changes,
        courses_moved: f.courses_moved,
        people_to_notify: f.people_told,
        objective: f.objective,
        status: plan.status.id().to_string(),
    }
}

/// The what-if table as text.
pub fn comparison(rows: &[TrainingComparisonRow]) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:<40} {:>3} {:>4} {:>8} {:>11} {:>8} {:>6} {:>10} status",
        "scenario", "ok", "viol", "sessions", "instructors", "courses", "notify", "objective"
    );
    let _ = writeln!(
        s,
        "{:<40} {:>3} {:>4} {:>8} {:>11} {:>8} {:>6} {:>10}",
        "", "", "", "moved", "changed", "moved", "people", ""
    );
    for r in rows {
        let name: String = r.scenario.chars().take(40).collect();
        let _ = writeln!(
            s,
            "{:<40} {:>3} {:>4} {:>8} {:>11} {:>8} {:>6} {:>10.1} {}",
            name,
            if r.ok { "yes" } else { "no" },
            r.violations,
            r.sessions_moved,
            r.instructor_changes,
            r.courses_moved,
            r.people_to_notify,
            r.objective,
            r.status
        );
    }
    s
}
