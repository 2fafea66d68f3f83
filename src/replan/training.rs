//! Re-planning a training provider's year (TRN-*) against a baseline plan: the model
//! with the scenario applied goes through the same two-stage solve as `roster solve`,
//! told what to keep ([`Keep`]): history before `as_of` comes back unchanged, and from
//! `as_of` on the fewest choices change. The result is compared with the baseline
//! (`changes.csv`, `notices.csv`, the what-if figures) and checked independently.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Serialize;

use super::Notice;
use crate::milp::training::Keep;
use crate::milp::{SolveError, SolveOptions};
use crate::model::training::TrainingModel;
use crate::plan::parse_day as day;
use crate::plan::training::{SessionRow, TrainingPlan};

/// One row of a training re-plan's `changes.csv`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct TrainingChangeRow {
    /// Session id, course-level event id, or `course-<id>` for a moved course.
    pub event_id: String,
    /// Date (after the change when there is one).
    pub date: String,
    /// Course id.
    pub course_id: String,
    /// `course-moved`, `session-added`, `session-removed`, `room-changed`,
    /// `mode-changed`, `staff-added`, `staff-removed`; `course-cancelled`,
    /// `course-added`, `interview-moved` (TRN-7) and `subject-changed`.
    pub change: String,
    /// Before.
    pub before: String,
    /// After.
    pub after: String,
}

/// Figures of a re-plan against its baseline (the what-if table's columns).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct TrainingFigures {
    /// Baseline sessions from `as_of` on that are not held as planned (removed, or in
    /// another room or mode).
    pub sessions_moved: usize,
    /// Instructor and assistant assignments added or dropped on sessions held in both
    /// plans, plus homeroom changes.
    pub instructor_changes: usize,
    /// Courses with another start date.
    pub courses_moved: usize,
    /// Distinct people in `notices.csv`.
    pub people_told: usize,
    /// The new plan's objective (its `total`).
    pub objective: f64,
    /// Violations of the new plan.
    pub violations: usize,
}

super::change_record!(TrainingChangeRow);

/// A training re-plan.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainingReplan {
    /// The scenario's name.
    pub scenario: String,
    /// The day of re-planning.
    pub as_of: NaiveDate,
    /// The new plan (checked).
    pub plan: TrainingPlan,
    /// What changed from `as_of` on.
    pub changes: Vec<TrainingChangeRow>,
    /// Who must be told.
    pub notices: Vec<Notice>,
    /// Figures.
    pub figures: TrainingFigures,
}

impl super::Outcome for TrainingReplan {
    type Change = TrainingChangeRow;
    fn scenario(&self) -> &str {
        &self.scenario
    }
    fn changes(&self) -> &[TrainingChangeRow] {
        &self.changes
    }
    fn notices(&self) -> &[Notice] {
        &self.notices
    }
}

/// What a re-plan keeps of `base`.
pub fn keep_of(base: &TrainingPlan, as_of: NaiveDate) -> Keep {
    let mut k = Keep {
        as_of,
        ..Keep::default()
    };
    for c in &base.courses {
        if let Some(d) = day(&c.start) {
            k.starts.insert(c.course_id.clone(), d);
        }
        if let Some(d) = day(&c.interview_date) {
            k.interviews.insert(c.course_id.clone(), d);
        }
    }
    for s in &base.sessions {
        let Some(d) = day(&s.date) else { continue };
        if !s.room.is_empty() {
            k.rooms.insert((s.course_id.clone(), d, s.room.clone()));
        }
        if s.mode == "online" {
            k.online.insert(s.session_id.clone());
        }
    }
    for a in &base.assignments {
        let Some(d) = day(&a.date) else { continue };
        if a.role == "job-support-manager" {
            k.on_site.insert(d);
        }
        k.assigned
            .insert((a.event_id.clone(), d, a.staff_id.clone()));
    }
    k
}

/// Re-plans `model` (the scenario already applied) against `base`, keeping history
/// before `as_of`; the plan is checked (`roster::solve_training`'s merge).
pub fn replan_training(
    model: &TrainingModel,
    model_text: &str,
    base: &TrainingPlan,
    scenario: &str,
    as_of: NaiveDate,
    opts: &SolveOptions,
) -> Result<TrainingReplan, SolveError> {
    let keep = keep_of(base, as_of);
    let mut plan = crate::milp::training::solve_keeping(model, opts, Some(&keep))?;
    plan.model = model.name.clone();
    plan.model_digest = crate::digest(model_text);
    keep_history_of_cancelled(base, &mut plan, as_of);
    let found = crate::check::training::check(model, &plan);
    crate::merge_findings(&mut plan.violations, found);
    plan.normalise();
    let (changes, notices) = diff(base, &plan, as_of);
    let figures = figures(base, &plan, &changes, &notices);
    Ok(TrainingReplan {
        scenario: scenario.to_string(),
        as_of,
        plan,
        changes,
        notices,
        figures,
    })
}

/// History stays as it was: the rows of a course no longer in the plan (cancelled,
/// `[[course_cancel]]`) dated before `as_of` (its selection interview, say) are the
/// baseline's, kept in `assignments.csv`.
fn keep_history_of_cancelled(base: &TrainingPlan, plan: &mut TrainingPlan, as_of: NaiveDate) {
    let from = as_of.format("%Y-%m-%d").to_string();
    let gone: BTreeSet<&str> = base
        .courses
        .iter()
        .map(|c| c.course_id.as_str())
        .filter(|id| !plan.courses.iter().any(|c| c.course_id == *id))
        .collect();
    if gone.is_empty() {
        return;
    }
    let all: BTreeSet<&str> = base.courses.iter().map(|c| c.course_id.as_str()).collect();
    for a in base.assignments.iter().filter(|a| a.date < from) {
        if gone.contains(course_of(&a.event_id, &all).as_str()) {
            plan.assignments.push(a.clone());
        }
    }
}

fn session_text(s: &SessionRow) -> String {
    let place = if s.mode == "online" {
        "online".to_string()
    } else if s.room.is_empty() {
        s.kind.clone()
    } else {
        s.room.clone()
    };
    format!("{} {}-{} {}", s.date, s.start, s.end, place)
}

/// Course id of a course-level event id such as `interview-<course>`.
fn course_of(event: &str, courses: &BTreeSet<&str>) -> String {
    courses
        .iter()
        .filter(|c| event.ends_with(&format!("-{c}")) || event.starts_with(&format!("{c}-")))
        .max_by_key(|c| c.len())
        .map_or(String::new(), |c| c.to_string())
}

/// What changed from `as_of` on, and who must be told.
pub fn diff(
    base: &TrainingPlan,
    new: &TrainingPlan,
    as_of: NaiveDate,
) -> (Vec<TrainingChangeRow>, Vec<Notice>) {
    let from = as_of.format("%Y-%m-%d").to_string();
    let mut out = Vec::new();
    for c in &new.courses {
        if let Some(b) = base.courses.iter().find(|b| b.course_id == c.course_id) {
            if b.start != c.start {
                out.push(TrainingChangeRow {
                    event_id: format!("course-{}", c.course_id),
                    date: c.start.clone(),
                    course_id: c.course_id.clone(),
                    change: "course-moved".into(),
                    before: format!(
                        "{} .. {} (deadline {})",
                        b.start, b.end, b.application_deadline
                    ),
                    after: format!(
                        "{} .. {} (deadline {})",
                        c.start, c.end, c.application_deadline
                    ),
                });
            }
        }
    }
    // The coordinator's decisions (issue 18): a course cancelled or added, and an
    // interview day that moved (TRN-7: allowed before its application period opens).
    for b in &base.courses {
        if !new.courses.iter().any(|c| c.course_id == b.course_id) {
            out.push(TrainingChangeRow {
                event_id: format!("course-{}", b.course_id),
                date: b.start.clone(),
                course_id: b.course_id.clone(),
                change: "course-cancelled".into(),
                before: format!(
                    "{} .. {} (deadline {})",
                    b.start, b.end, b.application_deadline
                ),
                after: String::new(),
            });
        }
    }
    for c in &new.courses {
        match base.courses.iter().find(|b| b.course_id == c.course_id) {
            None => out.push(TrainingChangeRow {
                event_id: format!("course-{}", c.course_id),
                date: c.start.clone(),
                course_id: c.course_id.clone(),
                change: "course-added".into(),
                before: String::new(),
                after: format!(
                    "{} .. {} (deadline {})",
                    c.start, c.end, c.application_deadline
                ),
            }),
            Some(b) if b.interview_date != c.interview_date => out.push(TrainingChangeRow {
                event_id: format!("interview-{}", c.course_id),
                date: c.interview_date.clone(),
                course_id: c.course_id.clone(),
                change: "interview-moved".into(),
                before: b.interview_date.clone(),
                after: c.interview_date.clone(),
            }),
            Some(_) => {}
        }
    }
    let old: BTreeMap<&str, &SessionRow> = base
        .sessions
        .iter()
        .filter(|s| s.date >= from)
        .map(|s| (s.session_id.as_str(), s))
        .collect();
    let now: BTreeMap<&str, &SessionRow> = new
        .sessions
        .iter()
        .filter(|s| s.date >= from)
        .map(|s| (s.session_id.as_str(), s))
        .collect();
    let row = |s: &SessionRow, change: &str, before: String, after: String| TrainingChangeRow {
        event_id: s.session_id.clone(),
        date: s.date.clone(),
        course_id: s.course_id.clone(),
        change: change.into(),
        before,
        after,
    };
    for (id, b) in &old {
        match now.get(id) {
            None => out.push(row(b, "session-removed", session_text(b), String::new())),
            Some(n) if n.mode != b.mode => {
                out.push(row(n, "mode-changed", session_text(b), session_text(n)))
            }
            Some(n) if n.room != b.room => {
                out.push(row(n, "room-changed", session_text(b), session_text(n)))
            }
            // Issue 18: a subject postponed or brought forward (an instructor away).
            Some(n) if n.subject != b.subject => out.push(row(
                n,
                "subject-changed",
                format!("{} {}", b.subject, session_text(b)),
                format!("{} {}", n.subject, session_text(n)),
            )),
            Some(_) => {}
        }
    }
    for (id, n) in &now {
        if !old.contains_key(id) {
            out.push(row(n, "session-added", String::new(), session_text(n)));
        }
    }
    let courses: BTreeSet<&str> = new
        .courses
        .iter()
        .chain(&base.courses)
        .map(|c| c.course_id.as_str())
        .collect();
    let key =
        |a: &crate::plan::Assignment| (a.event_id.clone(), a.date.clone(), a.staff_id.clone());
    let before: BTreeMap<_, _> = base
        .assignments
        .iter()
        .filter(|a| a.date >= from)
        .map(|a| (key(a), a))
        .collect();
    let after: BTreeMap<_, _> = new
        .assignments
        .iter()
        .filter(|a| a.date >= from)
        .map(|a| (key(a), a))
        .collect();
    let names: BTreeMap<&str, &str> = new
        .staff
        .iter()
        .chain(&base.staff)
        .map(|s| (s.staff_id.as_str(), s.name.as_str()))
        .collect();
    let mut notices = Vec::new();
    let mut notice = |a: &crate::plan::Assignment, text: String| {
        notices.push(Notice {
            staff_id: a.staff_id.clone(),
            name: names.get(a.staff_id.as_str()).unwrap_or(&"").to_string(),
            date: a.date.clone(),
            event_id: a.event_id.clone(),
            notice: text,
            role: a.role.clone(),
            ..Notice::default()
        });
    };
    let what = |a: &crate::plan::Assignment, sessions: &BTreeMap<&str, &SessionRow>| match sessions
        .get(a.event_id.as_str())
    {
        Some(s) => format!("{} at {} ({})", a.role, a.event_id, session_text(s)),
        None => format!("{} at {} ({})", a.role, a.event_id, a.date),
    };
    for (k, a) in &before {
        if !after.contains_key(k) {
            out.push(TrainingChangeRow {
                event_id: a.event_id.clone(),
                date: a.date.clone(),
                course_id: course_of(&a.event_id, &courses),
                change: "staff-removed".into(),
                before: format!("{} ({})", a.staff_id, a.role),
                after: String::new(),
            });
            notice(a, format!("no longer needed: {}", what(a, &old)));
        }
    }
    for (k, a) in &after {
        if !before.contains_key(k) {
            out.push(TrainingChangeRow {
                event_id: a.event_id.clone(),
                date: a.date.clone(),
                course_id: course_of(&a.event_id, &courses),
                change: "staff-added".into(),
                before: String::new(),
                after: format!("{} ({})", a.staff_id, a.role),
            });
            notice(a, format!("new: {}", what(a, &now)));
        }
    }
    // Instructors whose session changed room or mode are told too.
    for c in out
        .iter()
        .filter(|c| c.change == "room-changed" || c.change == "mode-changed")
    {
        for a in after.values().filter(|a| a.event_id == c.event_id) {
            if before.contains_key(&key(a)) {
                notice(a, format!("{}: {} -> {}", c.change, c.before, c.after));
            }
        }
    }
    super::sort_changes(&mut out);
    notices.sort();
    notices.dedup();
    (out, notices)
}

fn figures(
    base: &TrainingPlan,
    new: &TrainingPlan,
    changes: &[TrainingChangeRow],
    notices: &[Notice],
) -> TrainingFigures {
    let both: BTreeSet<&str> = base
        .sessions
        .iter()
        .map(|s| s.session_id.as_str())
        .filter(|id| new.sessions.iter().any(|n| n.session_id == *id))
        .collect();
    let count = |names: &[&str]| {
        changes
            .iter()
            .filter(|c| names.contains(&c.change.as_str()))
            .count()
    };
    let instructor_changes = changes
        .iter()
        .filter(|c| c.change == "staff-added" || c.change == "staff-removed")
        .filter(|c| {
            let role = format!("{}{}", c.before, c.after);
            (role.contains("(instructor)") || role.contains("(assistant)"))
                && both.contains(c.event_id.as_str())
                || role.contains("(homeroom)")
        })
        .count();
    TrainingFigures {
        sessions_moved: count(&[
            "session-removed",
            "room-changed",
            "mode-changed",
            "subject-changed",
        ]),
        instructor_changes,
        courses_moved: count(&["course-moved"]),
        people_told: super::folder::people_told(notices),
        objective: new.objective.total,
        violations: new.violations.len(),
    }
}

/// The baseline's figures row (nothing changed).
pub fn baseline_figures(base: &TrainingPlan) -> TrainingFigures {
    TrainingFigures {
        objective: base.objective.total,
        violations: base.violations.len(),
        ..TrainingFigures::default()
    }
}
