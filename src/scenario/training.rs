//! Scenario files for a training provider (TRN-*): an instructor away, a classroom lost
//! from a date, a course moved to a later start window, and the coordinator's decisions
//! (issue 18): a course cancelled for too few applicants, a person joining or leaving,
//! one more cohort of a course. Validated against the provider's model with the same
//! conventions and codes as the centre's scenarios (file, line, column; E004, E010,
//! E011, E013, E014, E016, E018, E021) plus E108, E110-E111; applying one yields a new
//! `TrainingModel` that runs through the same solver and checker as `roster solve`.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;

use super::{absence_from, not_history, RawAbsence};
use crate::input::error::Collector;
use crate::input::training::{staff_member, RawRange, RawStaff};
use crate::input::{parse_toml, InputErrors, Validator};
use crate::model::training::{Course, TrainingModel, TrainingRole, TrainingStaff};
use crate::model::DateRange;

type S = Spanned<String>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTrainingScenario {
    name: S,
    as_of: S,
    /// The only reason people-facing outputs show (see the centre's scenarios).
    public_reason: Option<S>,
    #[serde(default)]
    absence: Vec<RawAbsence>,
    #[serde(default)]
    room_unavailable: Vec<RawRoomUnavailable>,
    #[serde(default)]
    course_window: Vec<RawCourseWindow>,
    #[serde(default)]
    course_cancel: Vec<RawCourseCancel>,
    #[serde(default)]
    add_staff: Vec<RawAddStaff>,
    #[serde(default)]
    remove_staff: Vec<RawRemoveStaff>,
    #[serde(default)]
    course_add: Vec<RawCourseAdd>,
}

/// `[[course_cancel]]`: a course that does not open (too few applicants at the
/// deadline: fewer than its `min_trainees`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCourseCancel {
    course: S,
    #[serde(default)]
    applicants: Option<Spanned<i64>>,
    #[serde(default)]
    note: Option<S>,
}

/// `[[add_staff]]`: the keys of the model's `[[staff]]`, plus the first and last day of
/// work (`start`, `end`, both optional).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAddStaff {
    id: S,
    name: S,
    roles: Vec<S>,
    #[serde(default)]
    full_time: bool,
    #[serde(default)]
    qualifications: Vec<S>,
    #[serde(default)]
    subjects: Vec<S>,
    #[serde(default)]
    weekdays: Option<Vec<S>>,
    #[serde(default)]
    leave: Vec<RawRange>,
    #[serde(default)]
    start: Option<S>,
    #[serde(default)]
    end: Option<S>,
    #[serde(default)]
    note: Option<S>,
}

/// `[[remove_staff]]`: a person who leaves the provider from a day (`as_of` if none).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRemoveStaff {
    staff: S,
    #[serde(default)]
    from: Option<S>,
    #[serde(default)]
    note: Option<S>,
}

/// `[[course_add]]`: one more cohort of an existing course (`like`), with its own id
/// and start window.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCourseAdd {
    like: S,
    id: S,
    #[serde(default)]
    name: Option<S>,
    start_window: RawRange,
    #[serde(default)]
    note: Option<S>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRoomUnavailable {
    room: S,
    from: S,
    #[serde(default)]
    to: Option<S>,
    #[serde(default)]
    note: Option<S>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCourseWindow {
    course: S,
    start_from: S,
    start_to: S,
    #[serde(default)]
    note: Option<S>,
}

/// One change a training scenario makes.
#[derive(Debug, Clone, PartialEq)]
pub enum TrainingChange {
    /// A person away (added to their leave), already cut at `as_of`.
    Absence {
        /// Staff index.
        staff: usize,
        /// Days away.
        range: DateRange,
    },
    /// A classroom that cannot be used (TRN-5).
    RoomUnavailable {
        /// Classroom index.
        room: usize,
        /// Days it cannot be used.
        range: DateRange,
    },
    /// A course's new start window.
    CourseWindow {
        /// Course index.
        course: usize,
        /// The new window.
        window: DateRange,
        /// Byte offset of the `course` value (for E110 against a baseline).
        at: usize,
    },
    /// A course that does not open (too few applicants): it leaves the model.
    CourseCancel {
        /// The course's id.
        course: String,
    },
    /// A person who joins (their days outside `start`..`end` are leave).
    AddStaff {
        /// The person.
        staff: Box<TrainingStaff>,
    },
    /// A person who leaves from `from` (every later day is leave).
    RemoveStaff {
        /// Staff index.
        staff: usize,
        /// First day away.
        from: NaiveDate,
    },
    /// One more cohort of a course.
    CourseAdd {
        /// The new course (a copy of the one it is like, with its id, name and window).
        course: Box<Course>,
    },
}

/// A validated training scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainingScenario {
    /// Its name (the folder's record and the terminal only, never a people-facing
    /// output).
    pub name: String,
    /// The reason people-facing outputs may give (`None`: the language's default).
    pub public_reason: Option<String>,
    /// The day of re-planning: days before it are history.
    pub as_of: NaiveDate,
    /// The changes, in the order they are applied.
    pub changes: Vec<TrainingChange>,
}

/// Parses and validates a training scenario's text against `model`. With `starts`
/// (the baseline's start date by course id), a course that started before `as_of`
/// cannot be moved (E110).
pub fn parse_training_scenario(
    path: &Path,
    text: &str,
    model: &TrainingModel,
    starts: Option<&BTreeMap<String, NaiveDate>>,
) -> Result<TrainingScenario, InputErrors> {
    let raw: RawTrainingScenario = parse_toml(path, text)?;
    let mut v = Validator {
        c: Collector::new(path, text),
        period: Some(model.period),
        labels: model
            .staff
            .iter()
            .map(|s| (s.name.clone(), s.id.clone()))
            .chain(
                model
                    .classrooms
                    .iter()
                    .map(|r| (r.name.clone(), r.id.clone())),
            )
            .chain(model.courses.iter().map(|c| (c.name.clone(), c.id.clone())))
            .collect(),
    };
    v.text(&raw.name, "scenario name", crate::input::ids::NAME_MAX);
    if let Some(reason) = &raw.public_reason {
        v.text(reason, "public_reason", crate::input::ids::NAME_MAX);
        if reason.get_ref().trim().is_empty() {
            v.c.push(
                "E024",
                reason.span().start,
                "public_reason is empty".to_string(),
                "write the reason the letters may give (e.g. \"会場の改修工事に伴い\"), or leave public_reason out for 「都合により」".to_string(),
            );
        }
    }
    let as_of = v.date(&raw.as_of);
    let mut changes = Vec::new();
    let before_as_of = |v: &mut Validator, s: &S, d: Option<NaiveDate>| not_history(v, as_of, s, d);
    let ordered = |v: &mut Validator, s: &S, f: Option<NaiveDate>, t: Option<NaiveDate>| {
        if let (Some(f), Some(t)) = (f, t) {
            if f > t {
                v.c.push(
                    "E016",
                    s.span().start,
                    format!("{t} is before {f}"),
                    "swap the two dates",
                );
                return false;
            }
        }
        true
    };

    for a in &raw.absence {
        if let Some(n) = &a.note {
            v.text(n, "note", crate::input::ids::TEXT_MAX);
        }
        let staff = model.staff.iter().position(|s| &s.id == a.staff.get_ref());
        if staff.is_none() {
            v.unknown(&a.staff, "staff", model.staff.iter().map(|s| s.id.as_str()));
        }
        let (from, to) = (v.date(&a.from), v.date(&a.to));
        if !ordered(&mut v, &a.to, from, to) {
            continue;
        }
        if let (Some(staff), Some(from), Some(to)) = (staff, from, to) {
            if let Some(range) = absence_from(as_of, from, to) {
                changes.push(TrainingChange::Absence { staff, range });
            }
        }
    }
    for r in &raw.room_unavailable {
        if let Some(n) = &r.note {
            v.text(n, "note", crate::input::ids::TEXT_MAX);
        }
        let room = model
            .classrooms
            .iter()
            .position(|c| &c.id == r.room.get_ref());
        if room.is_none() {
            v.unknown(
                &r.room,
                "classroom",
                model.classrooms.iter().map(|c| c.id.as_str()),
            );
        }
        let from = v.date(&r.from);
        before_as_of(&mut v, &r.from, from);
        let to = match &r.to {
            Some(t) => v.date(t),
            None => Some(model.period.to),
        };
        let at = r.to.as_ref().unwrap_or(&r.from);
        if !ordered(&mut v, at, from, to) {
            continue;
        }
        if let (Some(room), Some(from), Some(to)) = (room, from, to) {
            changes.push(TrainingChange::RoomUnavailable {
                room,
                range: DateRange { from, to },
            });
        }
    }
    for w in &raw.course_window {
        if let Some(n) = &w.note {
            v.text(n, "note", crate::input::ids::TEXT_MAX);
        }
        let course = model
            .courses
            .iter()
            .position(|c| &c.id == w.course.get_ref());
        if course.is_none() {
            v.unknown(
                &w.course,
                "course",
                model.courses.iter().map(|c| c.id.as_str()),
            );
        }
        let (from, to) = (v.date(&w.start_from), v.date(&w.start_to));
        before_as_of(&mut v, &w.start_from, from);
        if !ordered(&mut v, &w.start_to, from, to) {
            continue;
        }
        if let (Some(c), Some(a), Some(starts)) = (course, as_of, starts) {
            if let Some(s) = starts.get(&model.courses[c].id).filter(|s| **s < a) {
                v.c.push(
                    "E110",
                    w.course.span().start,
                    format!(
                        "course `{}` started on {s}, before as_of {a}: a running course cannot move",
                        model.courses[c].id
                    ),
                    "move a course that has not started yet, or re-plan with an earlier as_of",
                );
                continue;
            }
        }
        if let (Some(course), Some(from), Some(to)) = (course, from, to) {
            let mut moved = model.courses[course].clone();
            moved.start_window = DateRange { from, to };
            let possible = crate::demand::training::candidate_starts(model, &moved);
            // Applications close before the start (TRN-6): a start whose deadline lies
            // before as_of could not be advertised any more.
            let open = possible.iter().any(|&s| {
                as_of.is_none_or(|a| {
                    crate::calendar::business_day_before(
                        &model.closures,
                        s,
                        moved.deadline_business_days,
                    ) >= a
                })
            });
            if possible.is_empty() || !open {
                v.c.push(
                    "E111",
                    w.start_from.span().start,
                    format!(
                        "no start for `{}` in {from} .. {to}: {}",
                        moved.id,
                        if possible.is_empty() {
                            "the window holds no business day on the course's weekdays (CAL-6)"
                        } else {
                            "every start there would close applications before as_of (TRN-6)"
                        }
                    ),
                    "widen the window or move it later",
                );
                continue;
            }
            changes.push(TrainingChange::CourseWindow {
                course,
                window: DateRange { from, to },
                at: w.course.span().start,
            });
        }
    }
    decisions(&mut v, &raw, model, as_of, starts, &mut changes);
    v.c.finish()?;
    let as_of = as_of.ok_or_else(|| InputErrors(Vec::new()))?;
    Ok(TrainingScenario {
        name: raw.name.get_ref().clone(),
        public_reason: raw.public_reason.as_ref().map(|r| r.get_ref().clone()),
        as_of,
        changes,
    })
}

/// The model with the scenario laid over it.
pub fn apply_training(model: &TrainingModel, s: &TrainingScenario) -> TrainingModel {
    let mut m = model.clone();
    for c in &s.changes {
        match c {
            TrainingChange::Absence { staff, range } => {
                if let Some(p) = m.staff.get_mut(*staff) {
                    p.leave.push(*range);
                }
            }
            TrainingChange::RoomUnavailable { room, range } => {
                if let Some(r) = m.classrooms.get_mut(*room) {
                    r.unavailable.push(*range);
                }
            }
            TrainingChange::CourseWindow { course, window, .. } => {
                if let Some(x) = m.courses.get_mut(*course) {
                    x.start_window = *window;
                }
            }
            // Applied below, after every change that names courses by index.
            TrainingChange::CourseCancel { .. }
            | TrainingChange::AddStaff { .. }
            | TrainingChange::CourseAdd { .. } => {}
            TrainingChange::RemoveStaff { staff, from } => {
                if let Some(p) = m.staff.get_mut(*staff) {
                    let to = model.period.to.max(*from);
                    p.leave.push(DateRange { from: *from, to });
                }
            }
        }
    }
    for c in &s.changes {
        match c {
            TrainingChange::CourseCancel { course } => m.courses.retain(|x| &x.id != course),
            TrainingChange::AddStaff { staff } => m.staff.push((**staff).clone()),
            TrainingChange::CourseAdd { course } => m.courses.push((**course).clone()),
            _ => {}
        }
    }
    // The model keeps its own name: the scenario's name never reaches a title.
    m
}

/// Parses a chain of scenario texts (as `history.json` keeps them, oldest first), each
/// against the model with the earlier ones applied; returns the model with all applied
/// and the scenarios. A chain must not go back in time (E060).
pub fn apply_chain(
    model: &TrainingModel,
    sources: &[crate::scenario::chain::Source],
) -> Result<(TrainingModel, Vec<TrainingScenario>), InputErrors> {
    let mut current = model.clone();
    let mut out: Vec<TrainingScenario> = Vec::new();
    for src in sources {
        let s = parse_training_scenario(&src.label, &src.text, &current, None)?;
        if let Some(prev) = out.last() {
            if s.as_of < prev.as_of {
                let mut c = Collector::new(&src.label, &src.text);
                c.push(
                    "E060",
                    0,
                    format!(
                        "as_of {} is before {}, the as_of of the previous re-plan `{}`",
                        s.as_of, prev.as_of, prev.name
                    ),
                    "give a later as_of, or re-plan from an earlier folder",
                );
                c.finish()?;
            }
        }
        let name = current.name.clone();
        current = apply_training(&current, &s);
        current.name = name;
        out.push(s);
    }
    current.name = model.name.clone();
    Ok((current, out))
}

/// The coordinator's decisions (issue 18): `[[course_cancel]]`, `[[add_staff]]`,
/// `[[remove_staff]]`, `[[course_add]]`, each validated where it is written.
fn decisions(
    v: &mut Validator,
    raw: &RawTrainingScenario,
    model: &TrainingModel,
    as_of: Option<NaiveDate>,
    starts: Option<&BTreeMap<String, NaiveDate>>,
    changes: &mut Vec<TrainingChange>,
) {
    course_cancel(v, &raw.course_cancel, model, as_of, starts, changes);
    add_staff(v, &raw.add_staff, model, as_of, changes);
    remove_staff(v, &raw.remove_staff, model, as_of, changes);
    course_add(v, &raw.course_add, model, as_of, changes);
}

/// `[[course_cancel]]`: E011 an unknown course, E010 one cancelled twice, E110 a course
/// that started before `as_of` (against a baseline), E016 applicants not fewer than the
/// course's `min_trainees` (004 §3(4)②: a course is cancelled only for too few).
fn course_cancel(
    v: &mut Validator,
    raw: &[RawCourseCancel],
    model: &TrainingModel,
    as_of: Option<NaiveDate>,
    starts: Option<&BTreeMap<String, NaiveDate>>,
    changes: &mut Vec<TrainingChange>,
) {
    let mut seen: Vec<&str> = Vec::new();
    for r in raw {
        if let Some(n) = &r.note {
            v.text(n, "note", crate::input::ids::TEXT_MAX);
        }
        let id = r.course.get_ref().as_str();
        let Some(course) = model.courses.iter().find(|c| c.id == id) else {
            v.unknown(
                &r.course,
                "course",
                model.courses.iter().map(|c| c.id.as_str()),
            );
            continue;
        };
        if seen.contains(&id) {
            v.c.push(
                "E010",
                r.course.span().start,
                format!("course `{id}` is cancelled twice"),
                "remove one of the two [[course_cancel]] tables",
            );
            continue;
        }
        seen.push(id);
        if let (Some(a), Some(s)) = (as_of, starts.and_then(|m| m.get(id))) {
            if *s < a {
                v.c.push(
                    "E110",
                    r.course.span().start,
                    format!("course `{id}` started on {s}, before as_of {a}: a running course cannot be cancelled"),
                    "cancel a course that has not started yet, or re-plan with an earlier as_of",
                );
                continue;
            }
        }
        if let Some(x) = &r.applicants {
            let n = v.count(x, 0, 1000, "applicants");
            if let Some(min) = course.min_trainees.filter(|m| n >= *m) {
                v.c.push(
                    "E016",
                    x.span().start,
                    format!("{n} applicants is not fewer than the course's min_trainees {min}: the course can open"),
                    "correct applicants, or remove the [[course_cancel]] table",
                );
                continue;
            }
        }
        changes.push(TrainingChange::CourseCancel {
            course: id.to_string(),
        });
    }
}

/// `[[add_staff]]`: the checks of the model's `[[staff]]` (E010 an id already used,
/// E018 a role, E011 a subject, E012 a weekday, leave dates), `start`/`end` (E013,
/// E014, E016; E021 a start before `as_of`), and E108 a second training manager or
/// job-support manager (TRN-3, TRN-4 ask for exactly one).
fn add_staff(
    v: &mut Validator,
    raw: &[RawAddStaff],
    model: &TrainingModel,
    as_of: Option<NaiveDate>,
    changes: &mut Vec<TrainingChange>,
) {
    let mut subject_ids: Vec<String> = model
        .courses
        .iter()
        .flat_map(|c| c.subjects.iter().map(|s| s.id.clone()))
        .collect();
    subject_ids.sort();
    subject_ids.dedup();
    let mut ids: Vec<String> = model
        .staff
        .iter()
        .map(|s| s.id.to_ascii_lowercase())
        .collect();
    for r in raw {
        if let Some(n) = &r.note {
            v.text(n, "note", crate::input::ids::TEXT_MAX);
        }
        let id_ok = v.id(&r.id, "staff");
        if ids.contains(&r.id.get_ref().to_ascii_lowercase()) {
            v.c.push(
                "E010",
                r.id.span().start,
                format!("staff id `{}` is already used", r.id.get_ref()),
                "give the new person an id of their own",
            );
            continue;
        }
        ids.push(r.id.get_ref().to_ascii_lowercase());
        let as_staff = RawStaff {
            id: r.id.clone(),
            name: r.name.clone(),
            roles: r.roles.clone(),
            full_time: r.full_time,
            qualifications: r.qualifications.clone(),
            subjects: r.subjects.clone(),
            weekdays: r.weekdays.clone(),
            leave: r.leave.clone(),
        };
        let mut person = staff_member(v, &as_staff, &subject_ids);
        for (role, what) in [
            (TrainingRole::TrainingManager, "training manager (TRN-3)"),
            (
                TrainingRole::JobSupportManager,
                "job-support manager (TRN-4)",
            ),
        ] {
            if person.has(role) && model.staff.iter().any(|s| s.has(role)) {
                v.c.push(
                    "E108",
                    r.id.span().start,
                    format!("the provider already has its one {what}"),
                    "leave the role out: a second holder of the post is not allowed",
                );
            }
        }
        let start = r.start.as_ref().and_then(|x| v.date(x));
        if let Some(x) = &r.start {
            not_history(v, as_of, x, start);
        }
        let end = r.end.as_ref().and_then(|x| v.date(x));
        if let (Some(a), Some(b), Some(x)) = (start, end, &r.end) {
            if b < a {
                v.c.push(
                    "E016",
                    x.span().start,
                    format!("end {b} is before start {a}"),
                    "swap the two dates",
                );
                continue;
            }
        }
        // Days outside the contract are leave: the person is never planned there.
        let (first, last) = (model.period.from, model.period.to);
        if let Some(a) = start.and_then(|a| a.pred_opt()).filter(|p| *p >= first) {
            person.leave.push(DateRange { from: first, to: a });
        }
        if let Some(b) = end.and_then(|b| b.succ_opt()).filter(|n| *n <= last) {
            person.leave.push(DateRange { from: b, to: last });
        }
        if id_ok {
            changes.push(TrainingChange::AddStaff {
                staff: Box::new(person),
            });
        }
    }
}

/// `[[remove_staff]]`: E011 an unknown person, E021 a `from` before `as_of`.
fn remove_staff(
    v: &mut Validator,
    raw: &[RawRemoveStaff],
    model: &TrainingModel,
    as_of: Option<NaiveDate>,
    changes: &mut Vec<TrainingChange>,
) {
    for r in raw {
        if let Some(n) = &r.note {
            v.text(n, "note", crate::input::ids::TEXT_MAX);
        }
        let staff = model.staff.iter().position(|s| &s.id == r.staff.get_ref());
        if staff.is_none() {
            v.unknown(&r.staff, "staff", model.staff.iter().map(|s| s.id.as_str()));
        }
        let from = match &r.from {
            Some(x) => {
                let d = v.date(x);
                not_history(v, as_of, x, d);
                d
            }
            None => as_of,
        };
        if let (Some(staff), Some(from)) = (staff, from) {
            changes.push(TrainingChange::RemoveStaff { staff, from });
        }
    }
}

/// `[[course_add]]`: E011 an unknown `like`, E010 an id already used, dates of the
/// window (E013, E014, E016; E021 before `as_of`), E111 a window with no start whose
/// application deadline is on or after `as_of` (TRN-6, CAL-6).
fn course_add(
    v: &mut Validator,
    raw: &[RawCourseAdd],
    model: &TrainingModel,
    as_of: Option<NaiveDate>,
    changes: &mut Vec<TrainingChange>,
) {
    let mut ids: Vec<String> = model
        .courses
        .iter()
        .map(|c| c.id.to_ascii_lowercase())
        .collect();
    for r in raw {
        if let Some(n) = &r.note {
            v.text(n, "note", crate::input::ids::TEXT_MAX);
        }
        if let Some(n) = &r.name {
            v.text(n, "course name", crate::input::ids::NAME_MAX);
        }
        let like = model.courses.iter().find(|c| &c.id == r.like.get_ref());
        if like.is_none() {
            v.unknown(
                &r.like,
                "course",
                model.courses.iter().map(|c| c.id.as_str()),
            );
        }
        let id_ok = v.id(&r.id, "course");
        if ids.contains(&r.id.get_ref().to_ascii_lowercase()) {
            v.c.push(
                "E010",
                r.id.span().start,
                format!("course id `{}` is already used", r.id.get_ref()),
                "give the new cohort an id of its own, e.g. med-2",
            );
            continue;
        }
        ids.push(r.id.get_ref().to_ascii_lowercase());
        let w = &r.start_window;
        let (from, to) = (v.date(&w.from), v.date(&w.to));
        not_history(v, as_of, &w.from, from);
        let (Some(like), Some(from), Some(to), true) = (like, from, to, id_ok) else {
            continue;
        };
        if to < from {
            v.c.push(
                "E016",
                w.to.span().start,
                format!("{to} is before {from}"),
                "swap the two dates",
            );
            continue;
        }
        let mut course = like.clone();
        course.id = r.id.get_ref().clone();
        if let Some(n) = &r.name {
            course.name = n.get_ref().clone();
        }
        course.start_window = DateRange { from, to };
        let possible = crate::demand::training::candidate_starts(model, &course);
        let open = possible.iter().any(|&s| {
            as_of.is_none_or(|a| {
                crate::calendar::business_day_before(
                    &model.closures,
                    s,
                    course.deadline_business_days,
                ) >= a
            })
        });
        if !open {
            v.c.push(
                "E111",
                w.from.span().start,
                format!(
                    "no start for `{}` in {from} .. {to}: {}",
                    course.id,
                    if possible.is_empty() {
                        "the window holds no business day on the course's weekdays (CAL-6)"
                    } else {
                        "every start there would close applications before as_of (TRN-6)"
                    }
                ),
                "widen the window or move it later",
            );
            continue;
        }
        changes.push(TrainingChange::CourseAdd {
            course: Box::new(course),
        });
    }
}
