//! A training provider's plan directory and terminal summary, rendered from the plan.
//!
//! The files are written by the shared `report::plan::write_dir` (whole or not at all),
//! with a BOM and a header row, rows in the plan's fixed order.

use std::fmt::Write as _;

use crate::plan::files::{ASSIGNMENTS, ROSTER_JSON, STAFF, VIOLATIONS};
use crate::plan::training::{TrainingPlan, COURSES, SESSIONS};

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
        "{}: status {}, gap {:.2} %, {:.1} s; objective {:.0} (continuity {:.0}, fairness {:.0}, room changes {:.0}, violations {:.0})",
        plan.model,
        plan.status.id(),
        plan.gap * 100.0,
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
