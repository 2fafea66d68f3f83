//! A training provider's plan directory and terminal summary, rendered from the plan.
//!
//! The files are written by the shared `report::plan::write_dir` (whole or not at all),
//! with a BOM and a header row, rows in the plan's fixed order.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::plan::files::{ASSIGNMENTS, ROSTER_JSON, STAFF, VIOLATIONS};
use crate::plan::training::{TrainingPlan, COURSES, SESSIONS};
use crate::replan::training::{TrainingFigures, TrainingReplan};

use super::files::{csv_of, PlanFile};
use super::labels::{fill, Lang};

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

/// The terminal summary in `lang`: status, one line per course, violations.
pub fn summary(plan: &TrainingPlan, lang: Lang) -> String {
    let l = lang.labels();
    let (t, w) = (&l.t, &l.tr);
    let mut s = String::new();
    let gap = plan
        .gap
        .map_or(t.unknown.to_string(), |g| format!("{:.2}%", g * 100.0));
    let _ = writeln!(
        s,
        "{}: {} {}, {} {gap}, {} {:.1}s",
        plan.model,
        t.status,
        plan.status.id(),
        t.gap,
        t.time,
        plan.seconds
    );
    let o = &plan.objective;
    let _ = writeln!(
        s,
        "{} {:.0} ({} {:.0}, {} {:.0}, {} {:.0}, {} {:.0})",
        w.objective[0],
        o.total,
        w.objective[1],
        o.continuity,
        w.objective[2],
        o.fairness,
        w.objective[3],
        o.room_changes,
        w.objective[4],
        o.violations
    );
    // Columns by display width, so Japanese headings keep the table aligned.
    let c = &w.course_columns;
    let width = |i: usize, min: usize| min.max(c[i].width());
    let wd = [
        width(0, 8),
        width(1, 10),
        width(2, 10),
        width(3, 10),
        width(4, 10),
        width(5, 5),
        width(6, 6),
        width(7, 6),
    ];
    let row = |cells: [&str; 8]| {
        let mut line = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                line.push(' ');
            }
            line.push_str(&if i < 5 {
                super::pad(cell, wd[i])
            } else {
                super::pad_right(cell, wd[i])
            });
        }
        line.trim_end().to_string()
    };
    let _ = writeln!(s, "{}", row(*c));
    for c in &plan.courses {
        let (h, on, int) = (
            c.total_hours.to_string(),
            c.online_hours.to_string(),
            c.internship_hours.to_string(),
        );
        let _ = writeln!(
            s,
            "{}",
            row([
                &c.course_id,
                &c.application_deadline,
                &c.interview_date,
                &c.start,
                &c.end,
                &h,
                &on,
                &int,
            ])
        );
    }
    let _ = writeln!(
        s,
        "{}",
        fill(
            w.counts,
            &[
                ("sessions", &plan.sessions.len()),
                ("assignments", &plan.assignments.len()),
            ],
        )
    );
    if plan.violations.is_empty() {
        let _ = writeln!(s, "{}", w.all_hold);
    } else {
        let _ = writeln!(
            s,
            "{}",
            fill(w.violations, &[("n", &plan.violations.len())])
        );
        for v in &plan.violations {
            let _ = writeln!(s, "  {v}");
        }
    }
    s
}

/// `roster check`'s line for a training plan in which every rule holds.
pub fn check_ok(plan: &TrainingPlan, lang: Lang) -> String {
    let mut s = fill(
        lang.labels().tr.check_ok,
        &[
            ("courses", &plan.courses.len()),
            ("sessions", &plan.sessions.len()),
            ("assignments", &plan.assignments.len()),
        ],
    );
    s.push('\n');
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
    crate::replan::count_changes(&r.changes)
}

/// The terminal summary of a training re-plan, in `lang`.
pub fn replan_summary(r: &TrainingReplan, lang: Lang) -> String {
    let l = lang.labels();
    let (t, w) = (&l.t, &l.tr);
    let mut s = String::new();
    let _ = writeln!(s, "{}: {} (as_of {})", t.scenario, r.scenario, r.as_of);
    let counts: Vec<String> = change_counts(r)
        .iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    let f = &r.figures;
    let _ = writeln!(
        s,
        "{}: {}",
        t.changes,
        if counts.is_empty() {
            t.none.to_string()
        } else {
            counts.join(", ")
        }
    );
    let _ = writeln!(
        s,
        "{}",
        fill(
            w.figures,
            &[
                ("sessions", &f.sessions_moved),
                ("instructors", &f.instructor_changes),
                ("courses", &f.courses_moved),
                ("people", &f.people_told),
            ],
        )
    );
    for c in r.changes.iter().filter(|c| c.change == "course-moved") {
        let _ = writeln!(
            s,
            "  course-moved {}: {} -> {}",
            c.course_id, c.before, c.after
        );
    }
    s.push_str(&summary(&r.plan, lang));
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

/// The what-if table as text, headings in `lang` (scenario names and status ids as
/// they are).
pub fn comparison(rows: &[TrainingComparisonRow], lang: Lang) -> String {
    let w = &lang.labels().tr;
    let mins = [40, 3, 4, 8, 11, 8, 6, 10, 0];
    let wd: Vec<usize> = (0..9)
        .map(|i| {
            mins[i]
                .max(w.comparison[0][i].width())
                .max(w.comparison[1][i].width())
        })
        .collect();
    let line = |cells: &[String]| {
        let mut out = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(&match i {
                0 => super::fit(cell, wd[0]),
                8 => cell.clone(),
                _ => super::pad_right(cell, wd[i]),
            });
        }
        out.trim_end().to_string()
    };
    let mut s = String::new();
    for head in &w.comparison {
        let cells: Vec<String> = head.iter().map(|h| h.to_string()).collect();
        let _ = writeln!(s, "{}", line(&cells));
    }
    for r in rows {
        let cells = [
            r.scenario.clone(),
            w.yes_no[usize::from(!r.ok)].to_string(),
            r.violations.to_string(),
            r.sessions_moved.to_string(),
            r.instructor_changes.to_string(),
            r.courses_moved.to_string(),
            r.people_to_notify.to_string(),
            format!("{:.1}", r.objective),
            r.status.clone(),
        ];
        let _ = writeln!(s, "{}", line(&cells));
    }
    s
}
