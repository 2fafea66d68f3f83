//! A training provider's solved year as plain data: the rows of `courses.csv`,
//! `sessions.csv`, `assignments.csv`, `staff.csv` and `violations.csv`.
//!
//! Like the centre's plan, ids are strings, so a plan read back from files a person
//! edited is the same type as one fresh from the solver; nothing here knows the solver.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::files::{
    read_assignments, read_plan_file, read_table, read_violations_if_any, Repeats, ASSIGNMENTS,
    ROSTER_JSON, STAFF,
};
use super::{Assignment, SolveStatus, Violation};
use crate::input::error::{file_error, InputError, InputErrors};
use crate::input::ids::{EVENT_ID_MAX, ID_MAX};

/// Courses file.
pub const COURSES: &str = "courses.csv";
/// Sessions file.
pub const SESSIONS: &str = "sessions.csv";

/// One course (cohort) with its fixed dates (TRN-6, TRN-7, TRN-10) and hours.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CourseRow {
    /// Course id.
    pub course_id: String,
    /// Name.
    pub name: String,
    /// Field.
    pub field: String,
    /// Trainee places.
    pub trainees: u32,
    /// First training day.
    pub start: String,
    /// Last training day.
    pub end: String,
    /// Application deadline (TRN-6).
    pub application_deadline: String,
    /// Selection interview day (TRN-7).
    pub interview_date: String,
    /// Completion survey (TRN-10).
    pub completion_survey: String,
    /// Follow-up 1 month after completion (TRN-10).
    pub follow_up_1m: String,
    /// Follow-up 3 months after completion (TRN-10).
    pub follow_up_3m: String,
    /// Total training hours.
    pub total_hours: u32,
    /// Online hours (TRN-9).
    pub online_hours: u32,
    /// Workplace practice hours (TRN-8).
    pub workplace_hours: u32,
    /// Internship hours (TRN-11).
    pub internship_hours: u32,
}

/// One session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionRow {
    /// `<course_id>-<date>-<n>`.
    pub session_id: String,
    /// Course id.
    pub course_id: String,
    /// Date.
    pub date: String,
    /// Start time.
    pub start: String,
    /// End time.
    pub end: String,
    /// Hours.
    pub hours: u32,
    /// Subject id (empty for workplace, internship and visit days).
    pub subject: String,
    /// `lecture`, `practical`, `workplace`, `internship`, `visit`.
    #[serde(rename = "type")]
    pub kind: String,
    /// `offline` or `online`.
    pub mode: String,
    /// Classroom id (empty off site and online).
    pub room: String,
    /// The room's floor area.
    pub room_area_m2: Option<f64>,
    /// The room's seats, floor(area / 1.65) (TRN-5).
    pub room_seats: Option<u32>,
    /// PCs in the room.
    pub pcs: Option<u32>,
    /// Trainees.
    pub trainees: u32,
}

/// One staff member as the plan saw them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct StaffRow {
    /// Id.
    pub staff_id: String,
    /// Name.
    pub name: String,
    /// Roles joined by `;`.
    pub roles: String,
    /// Full-time.
    pub full_time: bool,
    /// Qualifications joined by `;`.
    pub qualifications: String,
    /// Subjects joined by `;`.
    pub subjects: String,
}

impl StaffRow {
    /// Whether the `;`-joined roles hold `role`.
    pub fn has_role(&self, role: &str) -> bool {
        self.roles.split(';').any(|r| r == role)
    }

    /// Whether the `;`-joined qualifications hold `q`.
    pub fn holds(&self, q: &str) -> bool {
        self.qualifications.split(';').any(|r| r == q)
    }

    /// Whether the `;`-joined subjects hold `s`.
    pub fn teaches(&self, s: &str) -> bool {
        self.subjects.split(';').any(|r| r == s)
    }
}

/// What the provider's objective is made of.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct TrainingObjectiveTerms {
    /// Instructor continuity (extra instructors per subject of a course).
    pub continuity: f64,
    /// Fair load (the busiest instructor's hours).
    pub fairness: f64,
    /// Course days outside the home classroom.
    pub room_changes: f64,
    /// Penalised slack.
    pub violations: f64,
    /// Total.
    pub total: f64,
}

/// A training provider's plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingPlan {
    /// Always `training-provider`.
    pub kind: String,
    /// Model name.
    pub model: String,
    /// SHA-256 of the model text.
    pub model_digest: String,
    /// Solve status.
    pub status: SolveStatus,
    /// Largest relative gap of its MILPs; `None` (shown as unknown) when one of them
    /// stopped without a bound.
    #[serde(default)]
    pub gap: Option<f64>,
    /// Wall-clock seconds (not in roster.json: kept repeatable).
    #[serde(skip)]
    pub seconds: f64,
    /// Objective terms (under its own key in roster.json: the shared plan-folder code
    /// reads `objective` as the centre's terms).
    #[serde(rename = "training_objective")]
    pub objective: TrainingObjectiveTerms,
    /// Courses.
    pub courses: Vec<CourseRow>,
    /// Sessions.
    pub sessions: Vec<SessionRow>,
    /// Assignments (sessions and course-level events).
    pub assignments: Vec<Assignment>,
    /// Staff.
    pub staff: Vec<StaffRow>,
    /// Violations (solver slack and checker findings).
    pub violations: Vec<Violation>,
}

impl TrainingPlan {
    /// Fixed row order, so files are byte-for-byte repeatable.
    pub fn normalise(&mut self) {
        self.courses
            .sort_by(|a, b| (&a.start, &a.course_id).cmp(&(&b.start, &b.course_id)));
        self.sessions.sort_by(|a, b| {
            (&a.date, &a.start, &a.course_id, &a.session_id).cmp(&(
                &b.date,
                &b.start,
                &b.course_id,
                &b.session_id,
            ))
        });
        super::sort_assignments(&mut self.assignments);
        self.assignments.dedup();
        self.staff.sort();
        self.violations.sort();
        self.violations.dedup();
    }
}

/// Reads a training plan directory (courses, sessions, assignments, staff, violations).
pub fn read_training_dir(dir: &Path) -> Result<TrainingPlan, InputErrors> {
    if !dir.is_dir() {
        return Err(file_error(
            "E030",
            dir,
            "not a plan directory".to_string(),
            "give the directory written by `roster solve --out DIR`",
        ));
    }
    let mut errors = Vec::new();
    // Rows are merged when the plan is normalised, so a repeated row is refused here,
    // for `check` as for a re-plan (E025).
    let courses = read_courses(&dir.join(COURSES), &mut errors);
    let sessions = read_sessions(&dir.join(SESSIONS), &mut errors);
    let assignments = read_assignments(&dir.join(ASSIGNMENTS), &mut errors, Repeats::Refuse);
    let staff = read_staff(&dir.join(STAFF), &mut errors);
    let violations = read_violations_if_any(dir, &mut errors);
    if !errors.is_empty() {
        return Err(InputErrors(errors));
    }
    let mut plan = TrainingPlan {
        kind: "training-provider".into(),
        model: String::new(),
        model_digest: String::new(),
        status: SolveStatus::Loaded,
        gap: None,
        seconds: 0.0,
        objective: TrainingObjectiveTerms::default(),
        courses,
        sessions,
        assignments,
        staff,
        violations,
    };
    let json = dir.join(ROSTER_JSON);
    if json.symlink_metadata().is_ok() {
        let bytes = read_plan_file(&json).map_err(|e| {
            InputErrors(vec![super::files::plan_file_error(
                &json,
                &e,
                "E031",
                "check the file's permissions",
            )])
        })?;
        if let Ok(full) = serde_json::from_slice::<TrainingPlan>(&bytes) {
            plan.model = full.model;
            plan.model_digest = full.model_digest;
            plan.status = full.status;
            plan.gap = full.gap;
            plan.objective = full.objective;
        }
    }
    plan.normalise();
    Ok(plan)
}

/// Columns of `courses.csv`, in the order roster writes them.
pub const COURSE_COLUMNS: &[&str] = &[
    "course_id",
    "name",
    "field",
    "trainees",
    "start",
    "end",
    "application_deadline",
    "interview_date",
    "completion_survey",
    "follow_up_1m",
    "follow_up_3m",
    "total_hours",
    "online_hours",
    "workplace_hours",
    "internship_hours",
];

/// Columns of `sessions.csv`.
pub const SESSION_COLUMNS: &[&str] = &[
    "session_id",
    "course_id",
    "date",
    "start",
    "end",
    "hours",
    "subject",
    "type",
    "mode",
    "room",
    "room_area_m2",
    "room_seats",
    "pcs",
    "trainees",
];

/// Columns of a training plan's `staff.csv`.
pub const STAFF_COLUMNS: &[&str] = &[
    "staff_id",
    "name",
    "roles",
    "full_time",
    "qualifications",
    "subjects",
];

fn read_courses(path: &Path, errors: &mut Vec<InputError>) -> Vec<CourseRow> {
    let Some(t) = read_table(path, COURSE_COLUMNS, errors) else {
        return Vec::new();
    };
    t.repeats(Repeats::Refuse, errors);
    let mut out = Vec::new();
    for r in &t.records {
        let n = |col: &str, errors: &mut Vec<InputError>| t.count(r, col, errors).unwrap_or(0);
        out.push(CourseRow {
            course_id: t.id(r, "course_id", ID_MAX, errors),
            name: t.get(r, "name").to_string(),
            field: t.get(r, "field").to_string(),
            trainees: n("trainees", errors),
            start: t.day(r, "start", false, errors),
            end: t.day(r, "end", false, errors),
            application_deadline: t.day(r, "application_deadline", false, errors),
            interview_date: t.day(r, "interview_date", true, errors),
            completion_survey: t.day(r, "completion_survey", false, errors),
            follow_up_1m: t.day(r, "follow_up_1m", false, errors),
            follow_up_3m: t.day(r, "follow_up_3m", false, errors),
            total_hours: n("total_hours", errors),
            online_hours: n("online_hours", errors),
            workplace_hours: n("workplace_hours", errors),
            internship_hours: n("internship_hours", errors),
        });
    }
    out
}

fn read_sessions(path: &Path, errors: &mut Vec<InputError>) -> Vec<SessionRow> {
    let Some(t) = read_table(path, SESSION_COLUMNS, errors) else {
        return Vec::new();
    };
    t.repeats(Repeats::Refuse, errors);
    let mut out = Vec::new();
    for r in &t.records {
        let area = t.get(r, "room_area_m2");
        let room_area_m2 = if area.is_empty() {
            None
        } else {
            match area.parse::<f64>() {
                Ok(x) if x.is_finite() => Some(x),
                _ => {
                    t.error(
                        errors,
                        "E045",
                        t.locate(r, "room_area_m2"),
                        format!("`{area}` is not an area in m²"),
                        "write a number such as 52.8, or leave it empty",
                    );
                    None
                }
            }
        };
        out.push(SessionRow {
            session_id: t.id(r, "session_id", EVENT_ID_MAX, errors),
            course_id: t.id(r, "course_id", ID_MAX, errors),
            date: t.day(r, "date", false, errors),
            start: t.time(r, "start", errors),
            end: t.time(r, "end", errors),
            hours: t.count(r, "hours", errors).unwrap_or(0),
            subject: t.id(r, "subject", ID_MAX, errors),
            kind: t.get(r, "type").to_string(),
            mode: t.get(r, "mode").to_string(),
            room: t.id(r, "room", ID_MAX, errors),
            room_area_m2,
            room_seats: t.count(r, "room_seats", errors),
            pcs: t.count(r, "pcs", errors),
            trainees: t.count(r, "trainees", errors).unwrap_or(0),
        });
    }
    out
}

fn read_staff(path: &Path, errors: &mut Vec<InputError>) -> Vec<StaffRow> {
    let Some(t) = read_table(path, STAFF_COLUMNS, errors) else {
        return Vec::new();
    };
    t.repeats(Repeats::Refuse, errors);
    t.records
        .iter()
        .map(|r| StaffRow {
            staff_id: t.id(r, "staff_id", ID_MAX, errors),
            name: t.get(r, "name").to_string(),
            roles: t.get(r, "roles").to_string(),
            full_time: matches!(
                t.get(r, "full_time").to_ascii_lowercase().as_str(),
                "true" | "1" | "yes"
            ),
            qualifications: t.get(r, "qualifications").to_string(),
            subjects: t.get(r, "subjects").to_string(),
        })
        .collect()
}
