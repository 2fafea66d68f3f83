//! Reads a `kind = "training-provider"` model file into validated training types.
//!
//! Same habits as the career-centre loader: serde structs with spans, every problem
//! collected with a stable code (generic E0xx where the meaning is the same, E100-E149
//! for the training rules), line and column, and a fix.

use std::collections::HashSet;
use std::path::Path;

use chrono::{Datelike, Weekday};
use serde::Deserialize;
use toml::Spanned;

use super::error::{nearest, Collector};
use super::raw::{RawCalendar, S};
use super::{parse_toml, InputErrors, Validator};
use crate::calendar;
use crate::model::training::*;
use crate::model::{DateRange, TimeWindow};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTraining {
    name: S,
    #[allow(dead_code)]
    kind: S,
    fiscal_year: Spanned<i64>,
    #[serde(default)]
    calendar: Option<RawCalendar>,
    site: RawSite,
    #[serde(default)]
    rules: Option<RawRules>,
    #[serde(default)]
    objective: Option<RawObjective>,
    #[serde(default)]
    classroom: Vec<RawClassroom>,
    #[serde(default)]
    staff: Vec<RawStaff>,
    #[serde(default)]
    course: Vec<RawCourse>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSite {
    name: S,
    #[serde(default = "super::raw::empty")]
    address: S,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    area_per_trainee_m2: Option<Spanned<f64>>,
    lecture_trainees_per_instructor: Option<Spanned<i64>>,
    practical_trainees_per_instructor: Option<Spanned<i64>>,
    trainees_per_inkjet: Option<Spanned<i64>>,
    trainees_per_laser: Option<Spanned<i64>>,
    deadline_min_business_days: Option<Spanned<i64>>,
    deadline_max_business_days: Option<Spanned<i64>>,
    interviewers_min: Option<Spanned<i64>>,
    job_support_manager_share: Option<Spanned<f64>>,
    workplace_share_max: Option<Spanned<f64>>,
    in_person_share_min: Option<Spanned<f64>>,
    interview_start: Option<S>,
    interview_end: Option<S>,
    job_support_manager_every_days: Option<Spanned<i64>>,
    application_business_days: Option<Spanned<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawObjective {
    continuity: Option<Spanned<f64>>,
    fairness: Option<Spanned<f64>>,
    room_change: Option<Spanned<f64>>,
    violation: Option<Spanned<f64>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRange {
    pub(crate) from: S,
    pub(crate) to: S,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClassroom {
    id: S,
    name: S,
    area_m2: Spanned<f64>,
    #[serde(default)]
    pcs: Option<Spanned<i64>>,
    #[serde(default)]
    inkjet_printers: Option<Spanned<i64>>,
    #[serde(default)]
    laser_printers: Option<Spanned<i64>>,
    #[serde(default)]
    unavailable: Vec<RawRange>,
    #[serde(default)]
    kinds: Vec<S>,
}

/// One `[[staff]]` table (also the keys of a training scenario's `[[add_staff]]`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawStaff {
    pub(crate) id: S,
    pub(crate) name: S,
    pub(crate) roles: Vec<S>,
    #[serde(default)]
    pub(crate) full_time: bool,
    #[serde(default)]
    pub(crate) qualifications: Vec<S>,
    #[serde(default)]
    pub(crate) subjects: Vec<S>,
    #[serde(default)]
    pub(crate) weekdays: Option<Vec<S>>,
    #[serde(default)]
    pub(crate) leave: Vec<RawRange>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPeriod {
    start: S,
    end: S,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSubject {
    id: S,
    name: S,
    hours: Spanned<i64>,
    kind: S,
    #[serde(default)]
    online: bool,
    #[serde(default)]
    requires: Vec<S>,
    #[serde(default)]
    room_kinds: Vec<S>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInternship {
    days: Spanned<i64>,
    #[serde(default)]
    hours_per_day: Option<Spanned<i64>>,
    #[serde(default = "super::raw::empty")]
    host: S,
    #[serde(default)]
    days_after: Option<Spanned<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCourse {
    id: S,
    name: S,
    field: S,
    trainees: Spanned<i64>,
    total_hours: Spanned<i64>,
    periods: Spanned<Vec<RawPeriod>>,
    #[serde(default)]
    weekdays: Option<Vec<S>>,
    start_window: RawRange,
    #[serde(default)]
    uses_pcs: bool,
    #[serde(default)]
    online_hours: Option<Spanned<i64>>,
    #[serde(default)]
    workplace_hours: Option<Spanned<i64>>,
    #[serde(default = "super::raw::empty")]
    workplace_host: S,
    #[serde(default)]
    visit_days: Option<Spanned<i64>>,
    #[serde(default)]
    internship: Option<RawInternship>,
    #[serde(default)]
    deadline_business_days: Option<Spanned<i64>>,
    #[serde(default)]
    min_trainees: Option<Spanned<i64>>,
    #[serde(default)]
    subject: Vec<RawSubject>,
}

/// Parses and validates a training-provider model; `path` is used in messages only.
pub fn parse_training(path: &Path, text: &str) -> Result<TrainingModel, InputErrors> {
    let raw: RawTraining = parse_toml(path, text)?;
    let mut v = Validator {
        c: Collector::new(path, text),
        period: None,
        labels: Vec::new(),
    };
    let model = model(&mut v, raw);
    v.c.finish()?;
    model.ok_or_else(|| InputErrors(Vec::new()))
}

const MON_FRI: [Weekday; 5] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
];

fn model(v: &mut Validator, mut raw: RawTraining) -> Option<TrainingModel> {
    // One canonical order whatever the order of the tables in the file (stable, so
    // repeated ids keep their order for the duplicate errors); subjects keep theirs.
    raw.classroom
        .sort_by(|a, b| a.id.get_ref().cmp(b.id.get_ref()));
    raw.staff.sort_by(|a, b| a.id.get_ref().cmp(b.id.get_ref()));
    raw.course
        .sort_by(|a, b| a.id.get_ref().cmp(b.id.get_ref()));
    v.text(&raw.name, "model name", super::ids::NAME_MAX);
    v.text(&raw.site.name, "site name", super::ids::NAME_MAX);
    v.text(&raw.site.address, "site address", super::ids::TEXT_MAX);
    let fy = *raw.fiscal_year.get_ref();
    let period = if (2000..=2034).contains(&fy) {
        Some(DateRange {
            from: chrono::NaiveDate::from_ymd_opt(fy as i32, 4, 1)?,
            to: chrono::NaiveDate::from_ymd_opt(fy as i32 + 1, 3, 31)?,
        })
    } else {
        v.c.push(
            "E017",
            raw.fiscal_year.span().start,
            format!("fiscal_year {fy} is outside the supported years 2000-2034"),
            "give the year in which the fiscal year starts (April), e.g. fiscal_year = 2023 (follow-ups run into the next year, so 2035 is not supported for training providers)",
        );
        None
    };
    v.period = period;
    let closures = v.closures(raw.calendar.as_ref());
    let rules = rules(v, raw.rules.as_ref());
    let objective = objective(v, raw.objective.as_ref());
    let classrooms = classrooms(v, &raw.classroom);
    let courses = courses(v, &raw.course, &rules, &closures);
    room_kinds_exist(v, &raw.course, &classrooms);
    let staff = staff(v, &raw.staff, &courses);
    structure(v, &raw, &staff);
    Some(TrainingModel {
        name: raw.name.into_inner(),
        fiscal_year: fy as i32,
        period: period?,
        closures,
        site: Site {
            name: raw.site.name.into_inner(),
            address: raw.site.address.into_inner(),
        },
        classrooms,
        staff,
        courses,
        rules,
        objective,
    })
}

fn ratio(v: &mut Validator, x: &Spanned<f64>, what: &str) -> f64 {
    let r = *x.get_ref();
    if !(r.is_finite() && (0.0..=1.0).contains(&r)) {
        v.c.push(
            "E017",
            x.span().start,
            format!("{what} = {r} is not a share"),
            "give a number from 0 to 1 (0.5 = 50 %)",
        );
        return 0.0;
    }
    r
}

fn rules(v: &mut Validator, r: Option<&RawRules>) -> TrainingRules {
    let mut out = TrainingRules::default();
    let Some(r) = r else { return out };
    if let Some(x) = &r.area_per_trainee_m2 {
        let a = v.real(x, 0.0, 100.0, "area_per_trainee_m2");
        if a > 0.0 {
            out.area_per_trainee_m2 = a;
        } else {
            v.c.push(
                "E017",
                x.span().start,
                "area_per_trainee_m2 must be more than 0",
                "the Gifu value is 1.65 (TRN-5)",
            );
        }
    }
    let n = |v: &mut Validator, x: &Option<Spanned<i64>>, field: &mut u32, what: &str| {
        if let Some(x) = x {
            *field = v.count(x, 1, 1000, what);
        }
    };
    n(
        v,
        &r.lecture_trainees_per_instructor,
        &mut out.lecture_trainees_per_instructor,
        "lecture_trainees_per_instructor",
    );
    n(
        v,
        &r.practical_trainees_per_instructor,
        &mut out.practical_trainees_per_instructor,
        "practical_trainees_per_instructor",
    );
    n(
        v,
        &r.trainees_per_inkjet,
        &mut out.trainees_per_inkjet,
        "trainees_per_inkjet",
    );
    n(
        v,
        &r.trainees_per_laser,
        &mut out.trainees_per_laser,
        "trainees_per_laser",
    );
    n(
        v,
        &r.deadline_min_business_days,
        &mut out.deadline_min_business_days,
        "deadline_min_business_days",
    );
    n(
        v,
        &r.deadline_max_business_days,
        &mut out.deadline_max_business_days,
        "deadline_max_business_days",
    );
    n(
        v,
        &r.interviewers_min,
        &mut out.interviewers_min,
        "interviewers_min",
    );
    n(
        v,
        &r.job_support_manager_every_days,
        &mut out.job_support_manager_every_days,
        "job_support_manager_every_days",
    );
    n(
        v,
        &r.application_business_days,
        &mut out.application_business_days,
        "application_business_days",
    );
    if out.deadline_min_business_days > out.deadline_max_business_days {
        let at = r
            .deadline_max_business_days
            .as_ref()
            .or(r.deadline_min_business_days.as_ref())
            .map_or(0, |x| x.span().start);
        v.c.push(
            "E016",
            at,
            format!(
                "deadline_max_business_days {} is below deadline_min_business_days {}",
                out.deadline_max_business_days, out.deadline_min_business_days
            ),
            "the Gifu values are 13 and 16 (TRN-6)",
        );
    }
    if let Some(x) = &r.job_support_manager_share {
        out.job_support_manager_share = ratio(v, x, "job_support_manager_share");
    }
    if let Some(x) = &r.workplace_share_max {
        out.workplace_share_max = ratio(v, x, "workplace_share_max");
    }
    if let Some(x) = &r.in_person_share_min {
        out.in_person_share_min = ratio(v, x, "in_person_share_min");
    }
    if let (Some(a), Some(b)) = (&r.interview_start, &r.interview_end) {
        if let Some(w) = v.window(a, b) {
            out.interview = w;
        }
    } else if let Some(x) = r.interview_start.as_ref().or(r.interview_end.as_ref()) {
        v.c.push(
            "E016",
            x.span().start,
            "interview_start and interview_end go together",
            "give both, e.g. interview_start = \"13:00\" and interview_end = \"16:00\"",
        );
    }
    out
}

fn objective(v: &mut Validator, r: Option<&RawObjective>) -> TrainingObjective {
    let mut w = TrainingObjective::default();
    if let Some(r) = r {
        if let Some(x) = &r.continuity {
            w.continuity = v.real(x, 0.0, 1e9, "continuity");
        }
        if let Some(x) = &r.fairness {
            w.fairness = v.real(x, 0.0, 1e9, "fairness");
        }
        if let Some(x) = &r.room_change {
            w.room_change = v.real(x, 0.0, 1e9, "room_change");
        }
        if let Some(x) = &r.violation {
            w.violation = v.real(x, 0.0, 1e9, "violation");
        }
    }
    w
}

fn range(v: &mut Validator, r: &RawRange, what: &str) -> Option<DateRange> {
    let (a, b) = (v.date(&r.from), v.date(&r.to));
    let (a, b) = (a?, b?);
    if b < a {
        v.c.push(
            "E016",
            r.to.span().start,
            format!("{what} ends {b} before it starts {a}"),
            "the `to` date must be on or after the `from` date",
        );
        return None;
    }
    Some(DateRange { from: a, to: b })
}

fn duplicate(v: &mut Validator, seen: &mut HashSet<String>, id: &S, what: &str) {
    v.id(id, what);
    // Ids differing only in case would share a file name where names ignore case.
    if !seen.insert(id.get_ref().to_ascii_lowercase()) {
        v.c.push(
            "E010",
            id.span().start,
            format!("duplicate {what} id {}", id.get_ref()),
            "rename one of the two or remove the duplicate",
        );
    }
}

fn classrooms(v: &mut Validator, raw: &[RawClassroom]) -> Vec<Classroom> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for r in raw {
        duplicate(v, &mut seen, &r.id, "classroom");
        v.text(&r.name, "classroom's name", super::ids::NAME_MAX);
        let area = v.real(&r.area_m2, 0.0, 100_000.0, "area_m2");
        let opt = |v: &mut Validator, x: &Option<Spanned<i64>>, what: &str| {
            x.as_ref().map_or(0, |x| v.count(x, 0, 1000, what))
        };
        let pcs = opt(v, &r.pcs, "pcs");
        let inkjet_printers = opt(v, &r.inkjet_printers, "inkjet_printers");
        let laser_printers = opt(v, &r.laser_printers, "laser_printers");
        let unavailable = r
            .unavailable
            .iter()
            .filter_map(|u| range(v, u, "unavailable range"))
            .collect();
        out.push(Classroom {
            id: r.id.get_ref().clone(),
            name: r.name.get_ref().clone(),
            area_m2: area,
            pcs,
            inkjet_printers,
            laser_printers,
            unavailable,
            kinds: r.kinds.iter().map(|k| k.get_ref().clone()).collect(),
        });
    }
    if raw.is_empty() {
        v.c.push(
            "E016",
            0,
            "a training provider needs at least one [[classroom]]",
            "add [[classroom]] tables with id, name and area_m2 (TRN-5)",
        );
    }
    out
}

fn weekdays_or_mon_fri(v: &mut Validator, w: &Option<Vec<S>>) -> Vec<Weekday> {
    match w {
        Some(list) => {
            let mut out = v.weekdays(list);
            out.sort_by_key(|d| d.num_days_from_monday());
            out
        }
        None => MON_FRI.to_vec(),
    }
}

/// The `[[course]]` tables, each checked by [`course`]: E010 a duplicate course id,
/// E016 no course at all.
fn courses(
    v: &mut Validator,
    raw: &[RawCourse],
    rules: &TrainingRules,
    closures: &crate::model::Closures,
) -> Vec<Course> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for r in raw {
        duplicate(v, &mut seen, &r.id, "course");
        out.push(course(v, r, rules, closures));
    }
    if raw.is_empty() {
        v.c.push(
            "E016",
            0,
            "a training provider needs at least one [[course]]",
            "add [[course]] tables (see docs/model.md)",
        );
    }
    out
}

/// One `[[course]]`, its fields checked in the file's order, then the course's own
/// arithmetic ([`course_rules`]) and its start window (E106, CAL-6).
fn course(
    v: &mut Validator,
    r: &RawCourse,
    rules: &TrainingRules,
    closures: &crate::model::Closures,
) -> Course {
    v.text(&r.name, "course name", super::ids::NAME_MAX);
    v.text(&r.workplace_host, "workplace host", super::ids::TEXT_MAX);
    if let Some(i) = &r.internship {
        v.text(&i.host, "internship host", super::ids::TEXT_MAX);
    }
    let trainees = v.count(&r.trainees, 1, 1000, "trainees");
    let total_hours = v.count(&r.total_hours, 1, 10_000, "total_hours");
    let periods = course_periods(v, r);
    let weekdays = course_weekdays(v, r);
    let window = range(v, &r.start_window, "start_window");
    let ph = periods.first().map_or(0, period_hours).max(1);
    let subjects = subjects(v, r, ph);
    let online_hours = r
        .online_hours
        .as_ref()
        .map_or(0, |x| v.count(x, 0, 10_000, "online_hours"));
    let workplace_hours = r
        .workplace_hours
        .as_ref()
        .map_or(0, |x| v.count(x, 0, 10_000, "workplace_hours"));
    let visit_days = r
        .visit_days
        .as_ref()
        .map_or(0, |x| v.count(x, 0, 100, "visit_days"));
    let deadline_business_days = deadline_business_days(v, r, rules);
    let internship = r.internship.as_ref().map(|i| Internship {
        days: v.count(&i.days, 1, 100, "days"),
        hours_per_day: i
            .hours_per_day
            .as_ref()
            .map_or(5, |x| v.count(x, 1, 8, "hours_per_day")),
        host: i.host.get_ref().clone(),
        days_after: i
            .days_after
            .as_ref()
            .map_or(1, |x| v.count(x, 1, 100, "days_after")),
    });
    let course = Course {
        id: r.id.get_ref().clone(),
        name: r.name.get_ref().clone(),
        field: r.field.get_ref().clone(),
        trainees,
        total_hours,
        periods,
        weekdays,
        start_window: window.unwrap_or(DateRange {
            from: chrono::NaiveDate::MIN,
            to: chrono::NaiveDate::MIN,
        }),
        subjects,
        uses_pcs: r.uses_pcs,
        online_hours,
        workplace_hours,
        workplace_host: r.workplace_host.get_ref().clone(),
        visit_days,
        internship,
        deadline_business_days,
        min_trainees: r
            .min_trainees
            .as_ref()
            .map(|x| v.count(x, 1, i64::from(trainees.max(1)), "min_trainees")),
    };
    course_rules(v, r, &course, rules);
    if let Some(w) = window {
        start_window_has_a_training_day(v, r, &course, w, closures);
    }
    course
}

/// The periods of a training day: E016 none, or one starting before the previous one
/// ends; E101 a period that is not whole hours, or periods of different lengths
/// (subjects are planned in whole periods).
fn course_periods(v: &mut Validator, r: &RawCourse) -> Vec<TimeWindow> {
    let mut periods: Vec<TimeWindow> = Vec::new();
    for p in r.periods.get_ref() {
        if let Some(w) = v.window(&p.start, &p.end) {
            if let Some(last) = periods.last() {
                if w.start < last.end {
                    v.c.push(
                        "E016",
                        p.start.span().start,
                        format!("period {} starts before the previous one ends", w.start),
                        "list the periods of a day in order, without overlap",
                    );
                }
            }
            if (w.end - w.start).num_minutes() % 60 != 0 {
                v.c.push(
                    "E101",
                    p.start.span().start,
                    "a period is not a whole number of hours",
                    "make each period 1, 2, 3... hours long, e.g. 09:30-12:30",
                );
            }
            periods.push(w);
        }
    }
    if periods.is_empty() {
        v.c.push(
            "E016",
            r.periods.span().start,
            "a course needs at least one period a day",
            "write periods = [{ start = \"09:30\", end = \"12:30\" }, { start = \"13:30\", end = \"16:30\" }]",
        );
    } else if periods
        .iter()
        .any(|p| period_hours(p) != period_hours(&periods[0]))
    {
        v.c.push(
            "E101",
            r.periods.span().start,
            "the periods of a day have different lengths",
            "give every period the same length; subjects are planned in whole periods",
        );
    }
    periods
}

/// The course's weekdays (Monday to Friday if none): E016 a Saturday or Sunday, as
/// training days are business days (CAL-6).
fn course_weekdays(v: &mut Validator, r: &RawCourse) -> Vec<Weekday> {
    let weekdays = weekdays_or_mon_fri(v, &r.weekdays);
    if weekdays.iter().any(|d| !MON_FRI.contains(d)) {
        v.c.push(
            "E016",
            r.start_window.from.span().start,
            "training days are business days (CAL-6): Saturday and Sunday cannot be training weekdays",
            "list weekdays from mon to fri only",
        );
    }
    weekdays
}

/// The curriculum, `[[course.subject]]`: E010 a duplicate subject id, E101 hours that
/// are not whole `ph`-hour periods, E018 an unknown kind, E016 no subject at all.
fn subjects(v: &mut Validator, r: &RawCourse, ph: u32) -> Vec<Subject> {
    let mut subjects = Vec::new();
    let mut subject_seen = HashSet::new();
    for s in &r.subject {
        duplicate(v, &mut subject_seen, &s.id, "subject (in this course)");
        v.text(&s.name, "subject name", super::ids::NAME_MAX);
        let hours = v.count(&s.hours, 1, 5000, "hours");
        if !hours.is_multiple_of(ph) {
            v.c.push(
                "E101",
                s.hours.span().start,
                format!("{hours} hours is not a whole number of {ph}-hour periods"),
                format!("give the subject a multiple of {ph} hours"),
            );
        }
        let kind = match s.kind.get_ref().as_str() {
            "lecture" => SubjectKind::Lecture,
            "practical" => SubjectKind::Practical,
            other => {
                let near = nearest(other, ["lecture", "practical"]);
                v.c.push(
                    "E018",
                    s.kind.span().start,
                    format!("`{other}` is not a subject kind"),
                    match near {
                        Some(n) => format!(
                            "did you mean `{n}`? kinds are lecture (学科) and practical (実技)"
                        ),
                        None => "kinds are lecture (学科) and practical (実技)".into(),
                    },
                );
                SubjectKind::Lecture
            }
        };
        subjects.push(Subject {
            id: s.id.get_ref().clone(),
            name: s.name.get_ref().clone(),
            hours,
            kind,
            online: s.online,
            requires: s.requires.iter().map(|q| q.get_ref().clone()).collect(),
            room_kinds: s.room_kinds.iter().map(|q| q.get_ref().clone()).collect(),
        });
    }
    if subjects.is_empty() {
        v.c.push(
            "E016",
            r.id.span().start,
            format!("course {} has no [[course.subject]]", r.id.get_ref()),
            "list the curriculum: [[course.subject]] with id, name, hours and kind",
        );
    }
    subjects
}

/// Business days between the application deadline and the start: E107 outside the
/// TRN-6 range; the middle of the range when not given.
fn deadline_business_days(v: &mut Validator, r: &RawCourse, rules: &TrainingRules) -> u32 {
    match &r.deadline_business_days {
        Some(x) => {
            let d = v.count(x, 0, 100, "deadline_business_days");
            if d < rules.deadline_min_business_days || d > rules.deadline_max_business_days {
                v.c.push(
                    "E107",
                    x.span().start,
                    format!(
                        "{d} business days between application deadline and start breaks TRN-6"
                    ),
                    format!(
                        "give {} to {} business days",
                        rules.deadline_min_business_days, rules.deadline_max_business_days
                    ),
                );
            }
            d
        }
        None => (rules.deadline_min_business_days + rules.deadline_max_business_days) / 2,
    }
}

/// E106: the start window `w` holds no business day (CAL-6) on one of the course's
/// weekdays, so the course cannot start.
fn start_window_has_a_training_day(
    v: &mut Validator,
    r: &RawCourse,
    course: &Course,
    w: DateRange,
    closures: &crate::model::Closures,
) {
    let any = w
        .days()
        .any(|d| course.weekdays.contains(&d.weekday()) && calendar::is_training_day(closures, d));
    if !any {
        v.c.push(
            "E106",
            r.start_window.from.span().start,
            format!(
                "start_window {} .. {} holds no business day on a training weekday",
                w.from, w.to
            ),
            "widen the window (business days: Mon-Fri, not a holiday or closure, CAL-6)",
        );
    }
}

/// The course's own arithmetic: hours add up, and TRN-8, TRN-9, TRN-11 can hold.
fn course_rules(v: &mut Validator, r: &RawCourse, c: &Course, rules: &TrainingRules) {
    whole_training_days(v, r, c);
    hours_add_up(v, r, c);
    online_share(v, r, c, rules);
    workplace_share(v, r, c, rules);
    internship_rules(v, r, c);
}

/// E101: the subjects fill whole training days; E102: so do the workplace hours.
fn whole_training_days(v: &mut Validator, r: &RawCourse, c: &Course) {
    let hpd = c.hours_per_day().max(1);
    if !c.subject_hours().is_multiple_of(hpd) {
        v.c.push(
            "E101",
            r.id.span().start,
            format!(
                "the subjects of {} add up to {} hours, not whole {}-hour days",
                c.id,
                c.subject_hours(),
                hpd
            ),
            "make the curriculum fill whole training days",
        );
    }
    if !c.workplace_hours.is_multiple_of(hpd) {
        let at = r.workplace_hours.as_ref().map_or(0, |x| x.span().start);
        v.c.push(
            "E102",
            at,
            format!(
                "workplace_hours {} is not whole {hpd}-hour days",
                c.workplace_hours
            ),
            format!("give a multiple of {hpd} hours"),
        );
    }
}

/// E100: `total_hours` is the sum of the parts (subjects, visits, workplace,
/// internship).
fn hours_add_up(v: &mut Validator, r: &RawCourse, c: &Course) {
    if c.total_hours != c.parts_hours() {
        v.c.push(
            "E100",
            r.total_hours.span().start,
            format!(
                "total_hours {} but the parts add up to {} (subjects {}, visits {}, workplace {}, internship {})",
                c.total_hours,
                c.parts_hours(),
                c.subject_hours(),
                c.visit_hours(),
                c.workplace_hours,
                c.internship_hours()
            ),
            "correct total_hours or the parts so that they agree",
        );
    }
}

/// E103 (TRN-9): `online_hours` fits in the subjects allowed online, is whole
/// periods, and leaves the minimum share in person; the first failure only.
fn online_share(v: &mut Validator, r: &RawCourse, c: &Course, rules: &TrainingRules) {
    let online_allowed: u32 = c
        .subjects
        .iter()
        .filter(|s| s.online)
        .map(|s| s.hours)
        .sum();
    if let Some(x) = &r.online_hours {
        let total = f64::from(c.total_hours.max(1));
        if c.online_hours > online_allowed {
            v.c.push(
                "E103",
                x.span().start,
                format!(
                    "online_hours {} is more than the {online_allowed} hours of subjects with online = true",
                    c.online_hours
                ),
                "lower online_hours or allow online for more subjects (TRN-9)",
            );
        } else if !c.online_hours.is_multiple_of(c.period_hours().max(1)) {
            v.c.push(
                "E103",
                x.span().start,
                format!("online_hours {} is not whole periods", c.online_hours),
                format!("give a multiple of {} hours", c.period_hours()),
            );
        } else if f64::from(c.total_hours - c.online_hours.min(c.total_hours)) / total
            < rules.in_person_share_min - 1e-9
        {
            v.c.push(
                "E103",
                x.span().start,
                format!(
                    "{} of {} hours online leaves less than {:.0} % in person (TRN-9)",
                    c.online_hours,
                    c.total_hours,
                    rules.in_person_share_min * 100.0
                ),
                "lower online_hours",
            );
        }
    }
}

/// E104 (TRN-8): workplace practice and internship stay under the maximum share of
/// training time.
fn workplace_share(v: &mut Validator, r: &RawCourse, c: &Course, rules: &TrainingRules) {
    let workplace = c.workplace_hours + c.internship_hours();
    if workplace > 0
        && f64::from(workplace) >= rules.workplace_share_max * f64::from(c.total_hours.max(1))
    {
        let at = r
            .workplace_hours
            .as_ref()
            .map_or(r.id.span().start, |x| x.span().start);
        v.c.push(
            "E104",
            at,
            format!(
                "{workplace} of {} hours at workplaces is not under {:.0} % (TRN-8)",
                c.total_hours,
                rules.workplace_share_max * 100.0
            ),
            "lower workplace practice or add classroom hours",
        );
    }
}

/// E105 (TRN-11): the digital workplace internship's length and hours, a digital
/// course of at least 3 months, and room for the days after it.
fn internship_rules(v: &mut Validator, r: &RawCourse, c: &Course) {
    let (Some(i), Some(ri)) = (&c.internship, &r.internship) else {
        return;
    };
    let h = i.hours();
    if !(50..100).contains(&h) || i.days < 10 || i.days >= 20 {
        v.c.push(
            "E105",
            ri.days.span().start,
            format!(
                "an internship of {} days x {} hours = {h} hours breaks TRN-11",
                i.days, i.hours_per_day
            ),
            "a digital workplace internship lasts 2 weeks to under 1 month (at least 10 days) and 50 to under 100 hours; the standard is 5 days x 5 hours a week",
        );
    }
    if c.field != "digital" {
        v.c.push(
            "E105",
            r.field.span().start,
            format!("course {} has an internship but field `{}`", c.id, c.field),
            "the digital workplace internship (TRN-11) is for field = \"digital\" courses only",
        );
    }
    if c.training_days() < 60 {
        v.c.push(
            "E105",
            ri.days.span().start,
            format!(
                "course {} has {} training days; an internship needs a course of at least 3 months (TRN-11)",
                c.id,
                c.training_days()
            ),
            "drop the internship or lengthen the course",
        );
    }
    if i.days_after + i.days > c.training_days() {
        v.c.push(
            "E105",
            ri.days.span().start,
            "the internship and the days after it are longer than the course",
            "lower days_after",
        );
    }
}

fn staff(v: &mut Validator, raw: &[RawStaff], courses: &[Course]) -> Vec<TrainingStaff> {
    let subject_ids: Vec<String> = {
        let mut s: Vec<String> = courses
            .iter()
            .flat_map(|c| c.subjects.iter().map(|s| s.id.clone()))
            .collect();
        s.sort();
        s.dedup();
        s
    };
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for r in raw {
        duplicate(v, &mut seen, &r.id, "staff");
        out.push(staff_member(v, r, &subject_ids));
    }
    out
}

/// One staff member: E018 an unknown role, E011 an unknown subject (`subject_ids`: the
/// subjects of the model's courses), E012 a weekday, E013/E014/E016 leave.
pub(crate) fn staff_member(
    v: &mut Validator,
    r: &RawStaff,
    subject_ids: &[String],
) -> TrainingStaff {
    {
        v.text(&r.name, "staff member's name", super::ids::NAME_MAX);
        let mut roles = Vec::new();
        for role in &r.roles {
            match TrainingRole::parse(role.get_ref()) {
                Some(x) => {
                    if !roles.contains(&x) {
                        roles.push(x);
                    }
                }
                None => {
                    let near = nearest(role.get_ref(), TrainingRole::ALL.iter().map(|r| r.id()));
                    v.c.push(
                        "E018",
                        role.span().start,
                        format!("`{}` is not a training-provider role", role.get_ref()),
                        match near {
                            Some(n) => format!("did you mean `{n}`? roles are instructor, assistant, training-manager, liaison, job-support-manager, job-support"),
                            None => "roles are instructor, assistant, training-manager, liaison, job-support-manager, job-support".into(),
                        },
                    );
                }
            }
        }
        for s in &r.subjects {
            if !subject_ids.iter().any(|x| x == s.get_ref()) {
                let near = nearest(s.get_ref(), subject_ids.iter().map(String::as_str));
                v.c.push(
                    "E011",
                    s.span().start,
                    format!("unknown subject {}", s.get_ref()),
                    match near {
                        Some(n) => format!("did you mean {n}?"),
                        None => "list subject ids defined in [[course.subject]]".into(),
                    },
                );
            }
        }
        let leave = r
            .leave
            .iter()
            .filter_map(|l| range(v, l, "leave"))
            .collect();
        TrainingStaff {
            id: r.id.get_ref().clone(),
            name: r.name.get_ref().clone(),
            roles,
            full_time: r.full_time,
            qualifications: r
                .qualifications
                .iter()
                .map(|q| q.get_ref().clone())
                .collect(),
            subjects: r.subjects.iter().map(|q| q.get_ref().clone()).collect(),
            weekdays: weekdays_or_mon_fri(v, &r.weekdays),
            leave,
        }
    }
}

/// TRN-3 and TRN-4 at the level of the staff list: the posts exist.
fn structure(v: &mut Validator, raw: &RawTraining, staff: &[TrainingStaff]) {
    let at = raw.name.span().start;
    let count = |r: TrainingRole| staff.iter().filter(|s| s.has(r)).count();
    if count(TrainingRole::TrainingManager) != 1 {
        v.c.push(
            "E108",
            at,
            format!(
                "{} staff have role training-manager; TRN-3 asks for exactly one",
                count(TrainingRole::TrainingManager)
            ),
            "give exactly one [[staff]] roles = [\"training-manager\"]",
        );
    }
    if !staff
        .iter()
        .any(|s| s.has(TrainingRole::Liaison) && s.full_time)
    {
        v.c.push(
            "E108",
            at,
            "no full-time liaison (TRN-3)",
            "give one [[staff]] roles = [\"liaison\"] with full_time = true",
        );
    }
    if count(TrainingRole::JobSupportManager) != 1 {
        v.c.push(
            "E108",
            at,
            format!(
                "{} staff have role job-support-manager; TRN-4 asks for exactly one",
                count(TrainingRole::JobSupportManager)
            ),
            "give exactly one [[staff]] roles = [\"job-support-manager\"]",
        );
    }
    if !staff.iter().any(|s| {
        (s.has(TrainingRole::JobSupportManager) || s.has(TrainingRole::JobSupport))
            && JOB_SUPPORT_QUALIFICATIONS.iter().any(|q| s.holds(q))
    }) {
        v.c.push(
            "E108",
            at,
            "no job-support person holds a TRN-4 qualification",
            "give the job-support manager or a job-support person one of: career-consultant, job-card-advisor, career-consulting-technician-1, career-consulting-technician-2, vocational-instructor-licence",
        );
    }
}

/// TRN-5: a kind of room a subject needs (`room_kinds`) is the kind of some classroom
/// (`kinds`); E011 with the nearest kind otherwise.
fn room_kinds_exist(v: &mut Validator, raw: &[RawCourse], classrooms: &[Classroom]) {
    let mut known: Vec<&str> = classrooms
        .iter()
        .flat_map(|r| r.kinds.iter().map(String::as_str))
        .collect();
    known.sort_unstable();
    known.dedup();
    for s in raw.iter().flat_map(|c| &c.subject) {
        for k in &s.room_kinds {
            if !known.contains(&k.get_ref().as_str()) {
                v.c.push(
                    "E011",
                    k.span().start,
                    format!("no classroom is of kind `{}`", k.get_ref()),
                    match nearest(k.get_ref(), known.iter().copied()) {
                        Some(n) => format!("did you mean `{n}`?"),
                        None => "give a [[classroom]] kinds = [\"...\"] with this kind, or leave room_kinds out".into(),
                    },
                );
            }
        }
    }
}
