//! Scenario files for a training provider (TRN-*): an instructor away, a classroom lost
//! from a date, a course moved to a later start window. Validated against the provider's
//! model with the same conventions and codes as the centre's scenarios (file, line,
//! column; E004, E011, E013, E014, E016, E021) plus E110-E111; applying one yields a new
//! `TrainingModel` that runs through the same solver and checker as `roster solve`.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;

use super::{absence_from, not_history, RawAbsence};
use crate::input::error::Collector;
use crate::input::{parse_toml, InputErrors, Validator};
use crate::model::training::TrainingModel;
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
