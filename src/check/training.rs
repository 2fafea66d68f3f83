//! Independent checker for a training provider's plan (TRN-1..TRN-11, CAL-6, CON-6).
//!
//! Works from the plan's rows (courses, sessions, assignments, staff) and takes from the
//! model only what the files do not carry: the contract's numbers, each course's
//! curriculum and each room's printers, and people's leave. It re-derives every date
//! and count with its own plain loops and shares no expansion code with the solver, so
//! a bug in one does not hide itself in the other.
//!
//! One function per rule family, like the centre's checker: the provider's posts
//! (`training_manager_and_liaison`, `job_support_staff`), per course (`course_rows`,
//! `training_days`, `workplace_practice`, `online_sessions`, `application_deadline`,
//! `interviews`, `follow_ups`, `job_support_on_site`, `liaison_on_site`,
//! `homeroom_instructor`, `homeroom_teaches_in_course`, `internship`), per teaching session (`teaching_ratio`, `session_subjects`,
//! `instructor_qualifications`, `classroom_area`, `one_course_per_room`) and per person
//! (`availability`, `one_place_at_a_time`). The findings are sorted at the end, so the
//! order of the calls does not show in the output.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Months, NaiveDate, NaiveTime, Weekday};

use super::finding::{fnd, Arg, Finding, Msg};
use crate::calendar::holidays;
use crate::model::training::{
    Course, SubjectKind, TrainingModel, TrainingRules, JOB_SUPPORT_QUALIFICATIONS,
};
use crate::model::Rule;
use crate::plan::training::{CourseRow, SessionRow, StaffRow, TrainingPlan};
use crate::plan::{parse_day, Assignment, Violation};

fn v(rule: Rule, date: &str, event: &str, staff: &str, f: Finding) -> Violation {
    super::violation(rule, date, event, staff, f)
}

/// A course as a finding's argument: its id in English, its name in Japanese.
fn course_arg(c: &Course) -> Arg {
    Arg::Named {
        id: c.id.clone(),
        name: c.name.clone(),
    }
}

/// A person of staff.csv as a finding's argument: the id, and the row's name.
fn person_arg(rows: &Rows<'_>, id: &str) -> Arg {
    Arg::Named {
        id: id.to_string(),
        name: rows
            .staff
            .get(id)
            .map_or_else(String::new, |s| s.name.clone()),
    }
}

/// A percentage as the checker writes it (`90`).
fn pct(x: f64) -> String {
    format!("{x:.0}")
}

/// A contact of a course (`completion-survey`, `follow-up-1m`, `follow-up-3m`) as a
/// finding's argument: its id in English, its name in Japanese.
fn contact_arg(name: &str) -> Arg {
    match name {
        "completion-survey" => fnd!(Msg::TrCompletionSurvey).into(),
        "follow-up-1m" => fnd!(Msg::TrFollowUp1m).into(),
        "follow-up-3m" => fnd!(Msg::TrFollowUp3m).into(),
        other => other.into(),
    }
}

/// CAL-6, written out again: Monday-Friday, not a national holiday, not Dec 29 - Jan 3
/// (or the model's year-end closure).
fn business_day(model: &TrainingModel, d: NaiveDate) -> bool {
    let weekend = d.weekday() == Weekday::Sat || d.weekday() == Weekday::Sun;
    !weekend && !holidays::is_holiday(d) && !model.closures.in_year_end(d)
}

/// Business days d with a < d < b, counted one by one (TRN-6).
fn count_between(model: &TrainingModel, a: NaiveDate, b: NaiveDate) -> u32 {
    let mut n = 0;
    let mut d = a;
    while let Some(next) = d.succ_opt() {
        d = next;
        if d >= b {
            break;
        }
        if business_day(model, d) {
            n += 1;
        }
    }
    n
}

fn first_business_on_or_after(model: &TrainingModel, d: NaiveDate) -> NaiveDate {
    let mut x = d;
    for _ in 0..30 {
        if business_day(model, x) {
            return x;
        }
        match x.succ_opt() {
            Some(n) => x = n,
            None => break,
        }
    }
    x
}

fn time(s: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(s, "%H:%M").ok()
}

fn overlap(a0: &str, a1: &str, b0: &str, b1: &str) -> bool {
    match (time(a0), time(a1), time(b0), time(b1)) {
        (Some(a0), Some(a1), Some(b0), Some(b1)) => a0 < b1 && b0 < a1,
        _ => a0 == b0,
    }
}

/// Checks a training plan; every finding cites its rule. The list is sorted and
/// deduplicated, so it does not depend on the order the families run in.
pub fn check(model: &TrainingModel, plan: &TrainingPlan) -> Vec<Violation> {
    let mut out = Vec::new();
    let rows = Rows::read(model, plan, &mut out);
    plan_references(&rows, &mut out);
    training_manager_and_liaison(&plan.staff, &mut out);
    job_support_staff(&plan.staff, &mut out);
    for c in &rows.courses {
        course_rows(c, &mut out);
        training_days(model, c, &mut out);
        workplace_practice(&model.rules, c, &mut out);
        online_sessions(&model.rules, c, &mut out);
        application_deadline(model, c, &mut out);
        interviews(&rows, c, &mut out);
        follow_ups(&rows, c, &mut out);
        job_support_on_site(&rows, c, &mut out);
        liaison_on_site(&rows, c, &mut out);
        homeroom_instructor(&rows, c, &mut out);
        homeroom_teaches_in_course(&rows, c, &mut out);
        internship(c, &mut out);
    }
    teaching_ratio(&rows, &mut out);
    visit_leaders(&rows, &mut out);
    session_subjects(&rows, &mut out);
    instructor_qualifications(&rows, &mut out);
    classroom_area(&rows, &mut out);
    one_course_per_room(&rows, &mut out);
    availability(&rows, &mut out);
    one_place_at_a_time(&rows, &mut out);
    out.sort();
    out.dedup();
    out
}

/// The plan's rows as the checker reads them, indexed once.
struct Rows<'a> {
    model: &'a TrainingModel,
    plan: &'a TrainingPlan,
    /// staff.csv by id.
    staff: BTreeMap<&'a str, &'a StaffRow>,
    /// assignments.csv by event id, in file order.
    by_event: BTreeMap<&'a str, Vec<&'a Assignment>>,
    /// The course rows that could be read.
    courses: Vec<CourseDays<'a>>,
}

/// One course row whose course the model knows and whose dates read.
struct CourseDays<'a> {
    row: &'a CourseRow,
    course: &'a Course,
    sessions: Vec<&'a SessionRow>,
    /// Dates of its sessions.
    dates: BTreeSet<NaiveDate>,
    start: NaiveDate,
    end: NaiveDate,
    deadline: NaiveDate,
}

impl CourseDays<'_> {
    fn id(&self) -> &str {
        self.row.course_id.as_str()
    }

    /// Hours of its sessions of one type (`workplace`, `internship`, ...).
    fn hours(&self, kind: &str) -> u32 {
        self.sessions
            .iter()
            .filter(|s| s.kind == kind)
            .map(|s| s.hours)
            .sum()
    }

    fn total_hours(&self) -> u32 {
        self.sessions.iter().map(|s| s.hours).sum()
    }

    /// The days the course is in the classroom at the site (TRN-3, TRN-4): dates of
    /// its lectures and practicals held offline.
    fn site_days(&self) -> BTreeSet<NaiveDate> {
        self.sessions
            .iter()
            .filter(|s| matches!(s.kind.as_str(), "lecture" | "practical") && s.mode == "offline")
            .filter_map(|s| parse_day(&s.date))
            .collect()
    }

    fn online_hours(&self) -> u32 {
        self.sessions
            .iter()
            .filter(|s| s.mode == "online")
            .map(|s| s.hours)
            .sum()
    }
}

impl<'a> Rows<'a> {
    /// Indexes the plan; a course row not in the model or with unreadable dates is
    /// PLAN-1 and left out of the per-course checks.
    fn read(model: &'a TrainingModel, plan: &'a TrainingPlan, out: &mut Vec<Violation>) -> Self {
        let staff = plan
            .staff
            .iter()
            .map(|s| (s.staff_id.as_str(), s))
            .collect();
        let mut by_event: BTreeMap<&str, Vec<&Assignment>> = BTreeMap::new();
        for a in &plan.assignments {
            by_event.entry(a.event_id.as_str()).or_default().push(a);
        }
        let mut sessions_of: BTreeMap<&str, Vec<&SessionRow>> = BTreeMap::new();
        for s in &plan.sessions {
            sessions_of.entry(s.course_id.as_str()).or_default().push(s);
        }
        let mut courses = Vec::new();
        for c in &plan.courses {
            let Some(mc) = model.courses.iter().find(|m| m.id == c.course_id) else {
                out.push(v(
                    Rule::Plan1,
                    "",
                    &c.course_id,
                    "",
                    fnd!(Msg::TrCourseUnknown, &c.course_id),
                ));
                continue;
            };
            let id = c.course_id.as_str();
            let sessions = sessions_of.get(id).cloned().unwrap_or_default();
            let dates = sessions.iter().filter_map(|s| parse_day(&s.date)).collect();
            let parsed = (
                parse_day(&c.start),
                parse_day(&c.end),
                parse_day(&c.application_deadline),
            );
            let (Some(start), Some(end), Some(deadline)) = parsed else {
                out.push(v(
                    Rule::Plan1,
                    "",
                    id,
                    "",
                    fnd!(Msg::TrCourseDates, course_arg(mc)),
                ));
                continue;
            };
            courses.push(CourseDays {
                row: c,
                course: mc,
                sessions,
                dates,
                start,
                end,
                deadline,
            });
        }
        Rows {
            model,
            plan,
            staff,
            by_event,
            courses,
        }
    }

    /// Assignments to one event id.
    fn assignments(&self, event: &str) -> &[&'a Assignment] {
        self.by_event.get(event).map_or(&[], Vec::as_slice)
    }

    /// Whether staff.csv lists `id` with a row that passes `test`.
    fn staff_is(&self, id: &str, test: impl Fn(&StaffRow) -> bool) -> bool {
        self.staff.get(id).is_some_and(|s| test(s))
    }

    /// Lecture and practical sessions of a course the model knows.
    fn teaching_sessions(&self) -> impl Iterator<Item = (&'a SessionRow, &'a Course)> + '_ {
        self.plan.sessions.iter().filter_map(|s| {
            let mc = self.model.courses.iter().find(|m| m.id == s.course_id)?;
            matches!(s.kind.as_str(), "lecture" | "practical").then_some((s, mc))
        })
    }

    /// Offline teaching sessions: the ones held in a classroom (TRN-5).
    fn classroom_sessions(&self) -> impl Iterator<Item = (&'a SessionRow, &'a Course)> + '_ {
        self.teaching_sessions()
            .filter(|(s, _)| s.mode == "offline")
    }

    /// Assignments to a session on its own date.
    fn people(&self, s: &SessionRow) -> Vec<&'a Assignment> {
        self.assignments(&s.session_id)
            .iter()
            .copied()
            .filter(|a| a.date == s.date)
            .collect()
    }
}

/// PLAN-1: every assignment names someone in staff.csv, every model course has a row
/// in courses.csv, every session belongs to a course of the model.
fn plan_references(rows: &Rows<'_>, out: &mut Vec<Violation>) {
    let (model, plan) = (rows.model, rows.plan);
    for a in &plan.assignments {
        if !rows.staff.contains_key(a.staff_id.as_str()) {
            out.push(v(
                Rule::Plan1,
                &a.date,
                &a.event_id,
                &a.staff_id,
                fnd!(Msg::TrStaffUnknown, &a.staff_id),
            ));
        }
    }
    for mc in &model.courses {
        if !plan.courses.iter().any(|c| c.course_id == mc.id) {
            out.push(v(
                Rule::Plan1,
                "",
                &mc.id,
                "",
                fnd!(Msg::TrCourseMissing, course_arg(mc)),
            ));
        }
    }
    for s in &plan.sessions {
        if model.course_index(&s.course_id).is_none() {
            out.push(v(
                Rule::Plan1,
                &s.date,
                &s.session_id,
                "",
                fnd!(Msg::TrSessionCourseUnknown, &s.course_id),
            ));
        }
    }
}

/// TRN-3: exactly one training manager, and a full-time liaison (that one of them is
/// at the site every day a course is held there: [`liaison_on_site`]).
fn training_manager_and_liaison(staff: &[StaffRow], out: &mut Vec<Violation>) {
    let managers = staff
        .iter()
        .filter(|s| s.has_role("training-manager"))
        .count();
    if managers != 1 {
        out.push(v(Rule::Trn3, "", "", "", fnd!(Msg::TrManagers, managers)));
    }
    if !staff.iter().any(|s| s.has_role("liaison") && s.full_time) {
        out.push(v(Rule::Trn3, "", "", "", fnd!(Msg::TrNoLiaison)));
    }
}

/// TRN-4: a job-support manager, and someone in job support holding one of the
/// qualifications the contract names.
fn job_support_staff(staff: &[StaffRow], out: &mut Vec<Violation>) {
    if !staff.iter().any(|s| s.has_role("job-support-manager")) {
        out.push(v(Rule::Trn4, "", "", "", fnd!(Msg::TrNoJobSupportManager)));
    }
    if !staff.iter().any(|s| {
        (s.has_role("job-support-manager") || s.has_role("job-support"))
            && JOB_SUPPORT_QUALIFICATIONS.iter().any(|q| s.holds(q))
    }) {
        out.push(v(
            Rule::Trn4,
            "",
            "",
            "",
            fnd!(Msg::TrJobSupportUnqualified),
        ));
    }
}

/// PLAN-1: a course row agrees with its sessions and the model: start and end are its
/// first and last session, the start lies in its window, the trainees are the
/// model's, and the hours (total, online, workplace, internship, per subject) add up.
fn course_rows(c: &CourseDays<'_>, out: &mut Vec<Violation>) {
    let (id, row, mc) = (c.id(), c.row, c.course);
    let course = course_arg(mc);
    if c.dates.first() != Some(&c.start) || c.dates.last() != Some(&c.end) {
        out.push(v(
            Rule::Plan1,
            &row.start,
            id,
            "",
            fnd!(Msg::TrStartEnd, course.clone()),
        ));
    }
    if c.start < mc.start_window.from || c.start > mc.start_window.to {
        out.push(v(
            Rule::Plan1,
            &row.start,
            id,
            "",
            fnd!(
                Msg::TrStartWindow,
                course.clone(),
                Arg::Date(mc.start_window.from.to_string()),
                Arg::Date(mc.start_window.to.to_string())
            ),
        ));
    }
    if row.trainees != mc.trainees {
        out.push(v(
            Rule::Plan1,
            "",
            id,
            "",
            fnd!(Msg::TrTrainees, course.clone(), row.trainees, mc.trainees),
        ));
    }
    let total = c.total_hours();
    if total != row.total_hours || total != mc.total_hours {
        out.push(v(
            Rule::Plan1,
            "",
            id,
            "",
            fnd!(
                Msg::TrTotalHours,
                course.clone(),
                total,
                row.total_hours,
                mc.total_hours
            ),
        ));
    }
    if c.online_hours() != row.online_hours
        || c.hours("workplace") != row.workplace_hours
        || c.hours("internship") != row.internship_hours
    {
        out.push(v(
            Rule::Plan1,
            "",
            id,
            "",
            fnd!(Msg::TrKindHours, course.clone()),
        ));
    }
    for sub in &mc.subjects {
        let h: u32 = c
            .sessions
            .iter()
            .filter(|s| s.subject == sub.id)
            .map(|s| s.hours)
            .sum();
        if h != sub.hours {
            out.push(v(
                Rule::Plan1,
                "",
                id,
                "",
                fnd!(Msg::TrSubjectHours, course.clone(), &sub.id, h, sub.hours),
            ));
        }
    }
}

/// CAL-6: training only on business days the site is open.
fn training_days(model: &TrainingModel, c: &CourseDays<'_>, out: &mut Vec<Violation>) {
    let id = c.id();
    for d in &c.dates {
        if !business_day(model, *d) || model.closures.is_closed(*d) {
            out.push(v(
                Rule::Cal6,
                &d.to_string(),
                id,
                "",
                fnd!(
                    Msg::TrNotBusinessDay,
                    course_arg(c.course),
                    Arg::Date(d.to_string())
                ),
            ));
        }
    }
}

/// TRN-8: workplace practice (workplace and internship days) under 90 % of training
/// time.
fn workplace_practice(rules: &TrainingRules, c: &CourseDays<'_>, out: &mut Vec<Violation>) {
    let id = c.id();
    let total = c.total_hours();
    let workplace = c.hours("workplace") + c.hours("internship");
    if workplace > 0 && f64::from(workplace) >= rules.workplace_share_max * f64::from(total) {
        out.push(v(
            Rule::Trn8,
            "",
            id,
            "",
            fnd!(
                Msg::TrWorkplaceShare,
                course_arg(c.course),
                workplace,
                total,
                pct(rules.workplace_share_max * 100.0)
            ),
        ));
    }
}

/// TRN-9: in person at least 20 % of the hours; online only lectures and practicals
/// of subjects that allow it (an online internship is TRN-11's).
fn online_sessions(rules: &TrainingRules, c: &CourseDays<'_>, out: &mut Vec<Violation>) {
    let id = c.id();
    let total = c.total_hours();
    let online = c.online_hours();
    if total > 0
        && f64::from(total - online.min(total))
            < rules.in_person_share_min * f64::from(total) - 1e-9
    {
        out.push(v(
            Rule::Trn9,
            "",
            id,
            "",
            fnd!(
                Msg::TrInPersonShare,
                course_arg(c.course),
                total - online.min(total),
                total,
                pct(rules.in_person_share_min * 100.0)
            ),
        ));
    }
    for s in c.sessions.iter().filter(|s| s.mode == "online") {
        let allowed = c
            .course
            .subjects
            .iter()
            .any(|x| x.id == s.subject && x.online)
            && (s.kind == "lecture" || s.kind == "practical");
        if !allowed {
            let rule = if s.kind == "internship" {
                Rule::Trn11
            } else {
                Rule::Trn9
            };
            out.push(v(
                rule,
                &s.date,
                &s.session_id,
                "",
                fnd!(
                    Msg::TrOnlineNotAllowed,
                    &s.session_id,
                    Arg::Kind(s.kind.clone())
                ),
            ));
        }
    }
}

/// TRN-6: 13-16 business days strictly between the application deadline and the start.
fn application_deadline(model: &TrainingModel, c: &CourseDays<'_>, out: &mut Vec<Violation>) {
    let rules = &model.rules;
    let (id, deadline, start) = (c.id(), c.deadline, c.start);
    let between = count_between(model, deadline, start);
    if between < rules.deadline_min_business_days || between > rules.deadline_max_business_days {
        out.push(v(
            Rule::Trn6,
            &c.row.application_deadline,
            id,
            "",
            fnd!(
                Msg::TrDeadline,
                course_arg(c.course),
                between,
                Arg::Date(deadline.to_string()),
                Arg::Date(start.to_string()),
                rules.deadline_min_business_days,
                rules.deadline_max_business_days
            ),
        ));
    }
}

/// TRN-7: a selection interview on a business day between deadline and start, with
/// at least 2 interviewers.
fn interviews(rows: &Rows<'_>, c: &CourseDays<'_>, out: &mut Vec<Violation>) {
    let rules = &rows.model.rules;
    let (id, row, deadline, start) = (c.id(), c.row, c.deadline, c.start);
    let iv_id = format!("interview-{id}");
    match parse_day(&row.interview_date) {
        Some(iv) if deadline < iv && iv < start && business_day(rows.model, iv) => {
            let who: BTreeSet<&str> = rows
                .assignments(&iv_id)
                .iter()
                .filter(|a| a.role == "interviewer" && parse_day(&a.date) == Some(iv))
                .map(|a| a.staff_id.as_str())
                .collect();
            if (who.len() as u32) < rules.interviewers_min {
                out.push(v(
                    Rule::Trn7,
                    &row.interview_date,
                    &iv_id,
                    "",
                    fnd!(
                        Msg::TrInterviewers,
                        course_arg(c.course),
                        who.len(),
                        rules.interviewers_min
                    ),
                ));
            }
        }
        _ => out.push(v(
            Rule::Trn7,
            &row.interview_date,
            &iv_id,
            "",
            fnd!(
                Msg::TrInterviewDate,
                course_arg(c.course),
                Arg::Date(row.interview_date.clone()),
                Arg::Date(deadline.to_string()),
                Arg::Date(start.to_string())
            ),
        )),
    }
}

/// TRN-10: the completion survey on the last day, follow-ups on the first business
/// day 1 and 3 months after it, each with someone from job support.
fn follow_ups(rows: &Rows<'_>, c: &CourseDays<'_>, out: &mut Vec<Violation>) {
    let (id, row, end) = (c.id(), c.row, c.end);
    let expect = |m: u32| {
        end.checked_add_months(Months::new(m))
            .map(|d| first_business_on_or_after(rows.model, d))
    };
    let contacts = [
        ("completion-survey", &row.completion_survey, Some(end)),
        ("follow-up-1m", &row.follow_up_1m, expect(1)),
        ("follow-up-3m", &row.follow_up_3m, expect(3)),
    ];
    for (name, given, want) in contacts {
        let ev = format!("{name}-{id}");
        if parse_day(given) != want {
            out.push(v(
                Rule::Trn10,
                given,
                &ev,
                "",
                fnd!(
                    Msg::TrContactDate,
                    course_arg(c.course),
                    contact_arg(name),
                    Arg::Date(given.to_string()),
                    Arg::Date(want.map_or("?".into(), |d| d.to_string()))
                ),
            ));
        }
        let done = rows.assignments(&ev).iter().any(|a| {
            a.role == "job-support"
                && a.date == *given
                && rows.staff_is(&a.staff_id, |s| {
                    s.has_role("job-support") || s.has_role("job-support-manager")
                })
        });
        if !done {
            out.push(v(
                Rule::Trn10,
                given,
                &ev,
                "",
                fnd!(
                    Msg::TrContactUnstaffed,
                    course_arg(c.course),
                    contact_arg(name)
                ),
            ));
        }
    }
}

/// TRN-4: the job-support manager on site on at least 50 % of the course's classroom
/// days at the site (dates with a lecture or practical held offline: not internship,
/// workplace, visit or wholly online days), and on at least one of every fortnight of
/// them (the site days in date order cut into runs of `job_support_manager_every_days`,
/// 10; the last run may be shorter).
fn job_support_on_site(rows: &Rows<'_>, c: &CourseDays<'_>, out: &mut Vec<Violation>) {
    let rules = &rows.model.rules;
    let id = c.id();
    let os_id = format!("on-site-{id}");
    let covered: BTreeSet<NaiveDate> = rows
        .assignments(&os_id)
        .iter()
        .filter(|a| {
            a.role == "job-support-manager"
                && rows.staff_is(&a.staff_id, |s| s.has_role("job-support-manager"))
        })
        .filter_map(|a| parse_day(&a.date))
        .collect();
    let site = c.site_days();
    let on = site.iter().filter(|d| covered.contains(d)).count();
    let n = site.len();
    if (on as f64) < rules.job_support_manager_share * n as f64 - 1e-9 {
        out.push(v(
            Rule::Trn4,
            "",
            &os_id,
            "",
            fnd!(
                Msg::TrManagerShare,
                course_arg(c.course),
                on,
                n,
                pct(100.0 * on as f64 / n.max(1) as f64),
                pct(rules.job_support_manager_share * 100.0)
            ),
        ));
    }
    let days: Vec<NaiveDate> = site.into_iter().collect();
    let every = (rules.job_support_manager_every_days as usize).max(1);
    let mut k = 0;
    while k < days.len() {
        let run = &days[k..(k + every).min(days.len())];
        if !run.iter().any(|d| covered.contains(d)) {
            let (first, last) = (run[0], run[run.len() - 1]);
            out.push(v(
                Rule::Trn4,
                &first.to_string(),
                &os_id,
                "",
                fnd!(
                    Msg::TrManagerGap,
                    course_arg(c.course),
                    run.len(),
                    Arg::Date(first.to_string()),
                    Arg::Date(last.to_string()),
                    every
                ),
            ));
        }
        k += every;
    }
}

/// TRN-3: a full-time liaison is at the site (`liaison-<course>`, role `liaison`) on
/// every day the course is held there (常勤かつ常駐); a cover counts when they are a
/// full-time staff member with the liaison role.
fn liaison_on_site(rows: &Rows<'_>, c: &CourseDays<'_>, out: &mut Vec<Violation>) {
    let id = c.id();
    let ev = format!("liaison-{id}");
    let present: BTreeSet<NaiveDate> = rows
        .assignments(&ev)
        .iter()
        .filter(|a| {
            a.role == "liaison"
                && rows.staff_is(&a.staff_id, |s| s.full_time && s.has_role("liaison"))
        })
        .filter_map(|a| parse_day(&a.date))
        .collect();
    for d in c.site_days() {
        if !present.contains(&d) {
            out.push(v(
                Rule::Trn3,
                &d.to_string(),
                &ev,
                "",
                fnd!(
                    Msg::TrLiaisonAway,
                    course_arg(c.course),
                    Arg::Date(d.to_string())
                ),
            ));
        }
    }
}

/// TRN-1: each course has a full-time homeroom instructor.
fn homeroom_instructor(rows: &Rows<'_>, c: &CourseDays<'_>, out: &mut Vec<Violation>) {
    let id = c.id();
    let hr_id = format!("homeroom-{id}");
    let homeroom_ok = rows.assignments(&hr_id).iter().any(|a| {
        a.role == "homeroom"
            && rows.staff_is(&a.staff_id, |s| s.full_time && s.has_role("instructor"))
    });
    if !homeroom_ok {
        out.push(v(
            Rule::Trn1,
            &c.row.start,
            &hr_id,
            "",
            fnd!(Msg::TrNoHomeroom, course_arg(c.course)),
        ));
    }
}

/// TRN-1: the homeroom instructor is one of the course's own instructors: they teach
/// at least one of its sessions.
fn homeroom_teaches_in_course(rows: &Rows<'_>, c: &CourseDays<'_>, out: &mut Vec<Violation>) {
    let id = c.id();
    let hr_id = format!("homeroom-{id}");
    for a in rows
        .assignments(&hr_id)
        .iter()
        .filter(|a| a.role == "homeroom")
    {
        let teaches = c.sessions.iter().any(|s| {
            rows.assignments(&s.session_id)
                .iter()
                .any(|x| x.role == "instructor" && x.staff_id == a.staff_id)
        });
        if !teaches {
            out.push(v(
                Rule::Trn1,
                &c.row.start,
                &hr_id,
                &a.staff_id,
                fnd!(
                    Msg::TrHomeroomTeachesNot,
                    course_arg(c.course),
                    person_arg(rows, &a.staff_id)
                ),
            ));
        }
    }
}

/// TRN-11: a digital workplace internship only in digital courses of at least 3
/// months, 50 to under 100 hours, over 2 weeks (10 days) to under 1 month.
fn internship(c: &CourseDays<'_>, out: &mut Vec<Violation>) {
    let (id, row, start, end) = (c.id(), c.row, c.start, c.end);
    let intern: Vec<&&SessionRow> = c
        .sessions
        .iter()
        .filter(|s| s.kind == "internship")
        .collect();
    if intern.is_empty() {
        return;
    }
    let h: u32 = intern.iter().map(|s| s.hours).sum();
    let days: BTreeSet<NaiveDate> = intern.iter().filter_map(|s| parse_day(&s.date)).collect();
    let (first, last) = (days.first().copied(), days.last().copied());
    let three = start.checked_add_months(Months::new(3));
    if row.field != "digital" {
        out.push(v(
            Rule::Trn11,
            "",
            id,
            "",
            fnd!(Msg::TrInternshipField, course_arg(c.course), &row.field),
        ));
    }
    if three.is_none_or(|t| end < t.pred_opt().unwrap_or(t)) {
        out.push(v(
            Rule::Trn11,
            "",
            id,
            "",
            fnd!(
                Msg::TrInternshipShortCourse,
                course_arg(c.course),
                Arg::Date(start.to_string()),
                Arg::Date(end.to_string())
            ),
        ));
    }
    if !(50..100).contains(&h) {
        out.push(v(
            Rule::Trn11,
            "",
            id,
            "",
            fnd!(Msg::TrInternshipHours, course_arg(c.course), h),
        ));
    }
    if let (Some(f), Some(l)) = (first, last) {
        let month = f.checked_add_months(Months::new(1)).unwrap_or(f);
        if days.len() < 10 || l >= month {
            out.push(v(
                Rule::Trn11,
                &f.to_string(),
                id,
                "",
                fnd!(
                    Msg::TrInternshipDays,
                    course_arg(c.course),
                    days.len(),
                    Arg::Date(f.to_string()),
                    Arg::Date(l.to_string())
                ),
            ));
        }
    }
}

/// TRN-1: instructors per session (lecture 1 per 30 trainees; practical 1 up to 15,
/// 2 people above, assistants included), and assistants hold the assistant or
/// instructor role.
fn teaching_ratio(rows: &Rows<'_>, out: &mut Vec<Violation>) {
    let rules = &rows.model.rules;
    for (s, mc) in rows.teaching_sessions() {
        let people = rows.people(s);
        let n_inst = people.iter().filter(|a| a.role == "instructor").count() as u32;
        let assistants = people.iter().filter(|a| a.role == "assistant").count() as u32;
        let lecture = s.kind == "lecture";
        let t = s.trainees.max(mc.trainees);
        // Written out, not `TrainingRules::instructors_needed`: the checker re-derives.
        let (lead, all) = if lecture {
            let n = t
                .div_ceil(rules.lecture_trainees_per_instructor.max(1))
                .max(1);
            (n, n)
        } else {
            (
                1,
                t.div_ceil(rules.practical_trainees_per_instructor.max(1))
                    .max(1),
            )
        };
        if n_inst < lead || n_inst + assistants < all {
            let need = if lecture {
                fnd!(Msg::TrNeedInstructors, lead)
            } else {
                fnd!(Msg::TrNeedPeople, all)
            };
            out.push(v(
                Rule::Trn1,
                &s.date,
                &s.session_id,
                "",
                fnd!(
                    Msg::TrTeachingRatio,
                    &s.session_id,
                    Arg::Kind(s.kind.clone()),
                    t,
                    n_inst,
                    assistants,
                    need
                ),
            ));
        }
        for a in people.iter().filter(|a| a.role == "assistant") {
            if !rows.staff_is(&a.staff_id, |p| {
                p.has_role("assistant") || p.has_role("instructor")
            }) {
                out.push(v(
                    Rule::Trn1,
                    &s.date,
                    &s.session_id,
                    &a.staff_id,
                    fnd!(
                        Msg::TrAssistantRole,
                        &s.session_id,
                        person_arg(rows, &a.staff_id)
                    ),
                ));
            }
        }
    }
}

/// TRN-1: a workplace visit (職場見学, docs/model.md `visit_days`) is led by an
/// instructor of the course: someone in the instructor's place who holds the role and
/// teaches one of the course's subjects.
fn visit_leaders(rows: &Rows<'_>, out: &mut Vec<Violation>) {
    for s in rows.plan.sessions.iter().filter(|s| s.kind == "visit") {
        let Some(mc) = rows.model.courses.iter().find(|m| m.id == s.course_id) else {
            continue;
        };
        let led = rows.people(s).iter().any(|a| {
            a.role == "instructor"
                && rows.staff_is(&a.staff_id, |p| {
                    p.has_role("instructor") && mc.subjects.iter().any(|x| p.teaches(&x.id))
                })
        });
        if !led {
            out.push(v(
                Rule::Trn1,
                &s.date,
                &s.session_id,
                "",
                fnd!(Msg::TrVisitUnled, &s.session_id, course_arg(mc)),
            ));
        }
    }
}

/// PLAN-1: a teaching session's subject is in its course's curriculum, with the
/// session's type.
fn session_subjects(rows: &Rows<'_>, out: &mut Vec<Violation>) {
    for (s, mc) in rows.teaching_sessions() {
        let Some(sub) = mc.subjects.iter().find(|x| x.id == s.subject) else {
            out.push(v(
                Rule::Plan1,
                &s.date,
                &s.session_id,
                "",
                fnd!(
                    Msg::TrSubjectUnknown,
                    &s.session_id,
                    &s.subject,
                    course_arg(mc)
                ),
            ));
            continue;
        };
        if (sub.kind == SubjectKind::Lecture) != (s.kind == "lecture") {
            out.push(v(
                Rule::Plan1,
                &s.date,
                &s.session_id,
                "",
                fnd!(
                    Msg::TrSubjectKind,
                    &s.session_id,
                    Arg::Kind(s.kind.clone()),
                    &sub.id,
                    Arg::Kind(sub.kind.id().to_string())
                ),
            ));
        }
    }
}

/// TRN-2: whoever teaches a session is an instructor who lists its subject and holds
/// the qualifications the subject requires.
fn instructor_qualifications(rows: &Rows<'_>, out: &mut Vec<Violation>) {
    for (s, mc) in rows.teaching_sessions() {
        let Some(sub) = mc.subjects.iter().find(|x| x.id == s.subject) else {
            continue;
        };
        for a in rows.people(s).iter().filter(|a| a.role == "instructor") {
            let who = a.staff_id.as_str();
            let ok = rows.staff_is(who, |p| {
                p.has_role("instructor")
                    && p.teaches(&sub.id)
                    && sub.requires.iter().all(|q| p.holds(q))
            });
            if !ok {
                out.push(v(
                    Rule::Trn2,
                    &s.date,
                    &s.session_id,
                    who,
                    fnd!(
                        Msg::TrUnqualified,
                        &s.session_id,
                        person_arg(rows, who),
                        &sub.id,
                        if sub.requires.is_empty() {
                            Arg::from(fnd!(Msg::TrInstructorRole))
                        } else {
                            Arg::List(sub.requires.clone())
                        }
                    ),
                ));
            }
        }
    }
}

/// TRN-5 for every offline teaching session: see [`classroom_of`].
fn classroom_area(rows: &Rows<'_>, out: &mut Vec<Violation>) {
    for (s, mc) in rows.classroom_sessions() {
        classroom_of(rows.model, mc, s, out);
    }
}

/// TRN-5: one course per room at a time.
fn one_course_per_room(rows: &Rows<'_>, out: &mut Vec<Violation>) {
    let mut room_use: BTreeMap<(&str, &str), Vec<&SessionRow>> = BTreeMap::new();
    for (s, _) in rows.classroom_sessions() {
        if !s.room.is_empty() {
            room_use
                .entry((s.date.as_str(), s.room.as_str()))
                .or_default()
                .push(s);
        }
    }
    for ((date, room), list) in &room_use {
        for (i, a) in list.iter().enumerate() {
            for b in list.iter().skip(i + 1) {
                if a.course_id != b.course_id
                    && overlap(
                        a.start.as_str(),
                        a.end.as_str(),
                        b.start.as_str(),
                        b.end.as_str(),
                    )
                {
                    out.push(v(
                        Rule::Trn5,
                        date,
                        &b.session_id,
                        "",
                        fnd!(
                            Msg::TrRoomTwice,
                            *room,
                            &a.session_id,
                            &b.session_id,
                            Arg::Date(date.to_string())
                        ),
                    ));
                }
            }
        }
    }
}

/// MODEL-AVAIL: nobody attends a session, interview, on-site day or follow-up on leave
/// or on a weekday they do not work.
fn availability(rows: &Rows<'_>, out: &mut Vec<Violation>) {
    for a in &rows.plan.assignments {
        let attends = matches!(
            a.role.as_str(),
            "instructor"
                | "assistant"
                | "interviewer"
                | "job-support-manager"
                | "job-support"
                | "liaison"
        );
        if let (true, Some(p), Some(d)) = (
            attends,
            rows.model.staff.iter().find(|p| p.id == a.staff_id),
            parse_day(&a.date),
        ) {
            let on_leave = p.leave.iter().any(|r| r.from <= d && d <= r.to);
            if on_leave || !p.weekdays.contains(&d.weekday()) {
                out.push(v(
                    Rule::ModelAvail,
                    &a.date,
                    &a.event_id,
                    &a.staff_id,
                    fnd!(
                        Msg::TrUnavailable,
                        Arg::Named {
                            id: a.staff_id.clone(),
                            name: p.name.clone()
                        },
                        &a.event_id,
                        Arg::Date(d.to_string()),
                        if on_leave {
                            fnd!(Msg::TrOnLeave)
                        } else {
                            fnd!(Msg::TrOffWeekday)
                        }
                    ),
                ));
            }
        }
    }
}

/// CON-6: nobody is in two sessions or interviews at overlapping times.
fn one_place_at_a_time(rows: &Rows<'_>, out: &mut Vec<Violation>) {
    let session_time: BTreeMap<&str, (&str, &str)> = rows
        .plan
        .sessions
        .iter()
        .map(|s| (s.session_id.as_str(), (s.start.as_str(), s.end.as_str())))
        .collect();
    let iv_start = rows.model.rules.interview.start.format("%H:%M").to_string();
    let iv_end = rows.model.rules.interview.end.format("%H:%M").to_string();
    // (person, date) -> [(event, start, end)]
    type Windows<'a> = Vec<(&'a str, String, String)>;
    let mut timed: BTreeMap<(&str, &str), Windows> = BTreeMap::new();
    for a in &rows.plan.assignments {
        let window = match a.role.as_str() {
            "instructor" | "assistant" => session_time
                .get(a.event_id.as_str())
                .map(|(s, e)| (s.to_string(), e.to_string())),
            "interviewer" => Some((iv_start.clone(), iv_end.clone())),
            _ => None,
        };
        if let Some((s, e)) = window {
            timed
                .entry((a.staff_id.as_str(), a.date.as_str()))
                .or_default()
                .push((a.event_id.as_str(), s, e));
        }
    }
    for ((who, date), list) in &timed {
        for (i, a) in list.iter().enumerate() {
            for b in list.iter().skip(i + 1) {
                if overlap(&a.1, &a.2, &b.1, &b.2) {
                    out.push(v(
                        Rule::Con6,
                        date,
                        b.0,
                        who,
                        fnd!(
                            Msg::TrTwoPlaces,
                            person_arg(rows, who),
                            a.0,
                            b.0,
                            Arg::Date(date.to_string())
                        ),
                    ));
                }
            }
        }
    }
}

/// TRN-5 for one offline session: a room, the room as the model has it, seats from the
/// area, seats and PCs for the trainees, printers.
fn classroom_of(model: &TrainingModel, mc: &Course, s: &SessionRow, out: &mut Vec<Violation>) {
    let rules = &model.rules;
    if s.room.is_empty() {
        out.push(v(
            Rule::Trn5,
            &s.date,
            &s.session_id,
            "",
            fnd!(Msg::TrNoClassroom, &s.session_id),
        ));
        return;
    }
    let Some(room) = model.classrooms.iter().find(|r| r.id == s.room) else {
        out.push(v(
            Rule::Plan1,
            &s.date,
            &s.session_id,
            "",
            fnd!(Msg::TrUnknownClassroom, &s.session_id, &s.room),
        ));
        return;
    };
    let area = s.room_area_m2.unwrap_or(0.0);
    if (area - room.area_m2).abs() > 1e-6 || s.pcs.unwrap_or(0) != room.pcs {
        out.push(v(
            Rule::Plan1,
            &s.date,
            &s.session_id,
            "",
            fnd!(
                Msg::TrRoomFigures,
                &s.session_id,
                &room.id,
                room.area_m2,
                room.pcs
            ),
        ));
    }
    // floor(area / 1.65), with a hair of tolerance for binary fractions (33.0 / 1.65).
    let seats_from_area = (area / rules.area_per_trainee_m2 + 1e-9).floor() as u32;
    let seats = s.room_seats.unwrap_or(0);
    if seats != seats_from_area {
        out.push(v(
            Rule::Trn5,
            &s.date,
            &s.session_id,
            "",
            fnd!(
                Msg::TrSeats,
                &s.session_id,
                seats,
                area,
                rules.area_per_trainee_m2,
                seats_from_area
            ),
        ));
    }
    let t = s.trainees.max(mc.trainees);
    if seats_from_area.min(seats) < t {
        out.push(v(
            Rule::Trn5,
            &s.date,
            &s.session_id,
            "",
            fnd!(
                Msg::TrRoomTooSmall,
                &s.session_id,
                &room.id,
                area,
                seats_from_area.min(seats),
                t
            ),
        ));
    }
    if mc.uses_pcs {
        if s.pcs.unwrap_or(0) < t {
            out.push(v(
                Rule::Trn5,
                &s.date,
                &s.session_id,
                "",
                fnd!(Msg::TrPcs, &s.session_id, s.pcs.unwrap_or(0), t),
            ));
        }
        let ink = room.inkjet_printers * rules.trainees_per_inkjet;
        let laser = room.laser_printers * rules.trainees_per_laser;
        if ink < t && laser < t {
            out.push(v(
                Rule::Trn5,
                &s.date,
                &s.session_id,
                "",
                fnd!(
                    Msg::TrPrinters,
                    &s.session_id,
                    &room.id,
                    room.inkjet_printers,
                    rules.trainees_per_inkjet,
                    room.laser_printers,
                    rules.trainees_per_laser,
                    t
                ),
            ));
        }
    }
    // A subject that needs a kind of room (room_kinds) is held in a room of that kind.
    if let Some(sub) = mc.subjects.iter().find(|x| x.id == s.subject) {
        if !sub.room_kinds.is_empty() && !sub.room_kinds.iter().any(|k| room.kinds.contains(k)) {
            out.push(v(
                Rule::Trn5,
                &s.date,
                &s.session_id,
                "",
                fnd!(
                    Msg::TrRoomKind,
                    &s.session_id,
                    &sub.id,
                    &room.id,
                    Arg::Or(sub.room_kinds.iter().map(Arg::from).collect())
                ),
            ));
        }
    }
    if let Some(d) = parse_day(&s.date) {
        if room.unavailable.iter().any(|r| r.from <= d && d <= r.to) {
            out.push(v(
                Rule::Trn5,
                &s.date,
                &s.session_id,
                "",
                fnd!(
                    Msg::TrRoomUnavailable,
                    &s.session_id,
                    &room.id,
                    Arg::Date(d.to_string())
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    //! Each family on its own, with the shipped Gifu model's numbers and a tiny plan
    //! made by hand that breaks exactly that family's rule.

    use std::path::Path;

    use super::*;
    use crate::input::training::parse_training;
    use crate::plan::training::TrainingObjectiveTerms;
    use crate::plan::SolveStatus;

    fn gifu() -> TrainingModel {
        let text = include_str!("../../models/gifu-training-2023.toml");
        parse_training(Path::new("gifu-training-2023.toml"), text).expect("shipped model")
    }

    fn person(id: &str, roles: &str, full_time: bool, qualifications: &str) -> StaffRow {
        StaffRow {
            staff_id: id.into(),
            name: id.into(),
            roles: roles.into(),
            full_time,
            qualifications: qualifications.into(),
            subjects: String::new(),
        }
    }

    fn plan(courses: Vec<CourseRow>, sessions: Vec<SessionRow>) -> TrainingPlan {
        TrainingPlan {
            kind: "training-provider".into(),
            model: "tiny".into(),
            model_digest: String::new(),
            status: SolveStatus::Loaded,
            gap: None,
            seconds: 0.0,
            objective: TrainingObjectiveTerms::default(),
            courses,
            sessions,
            assignments: Vec::new(),
            staff: Vec::new(),
            violations: Vec::new(),
        }
    }

    /// care-1 (20 trainees) starting on `start` with its deadline on `deadline`.
    fn care_course(start: &str, deadline: &str) -> CourseRow {
        CourseRow {
            course_id: "care-1".into(),
            name: "care".into(),
            field: "care".into(),
            trainees: 20,
            start: start.into(),
            end: start.into(),
            application_deadline: deadline.into(),
            interview_date: String::new(),
            completion_survey: String::new(),
            follow_up_1m: String::new(),
            follow_up_3m: String::new(),
            total_hours: 0,
            online_hours: 0,
            workplace_hours: 0,
            internship_hours: 0,
        }
    }

    fn care_session(id: &str, date: &str, subject: &str, kind: &str) -> SessionRow {
        SessionRow {
            session_id: id.into(),
            course_id: "care-1".into(),
            date: date.into(),
            start: "09:30".into(),
            end: "12:30".into(),
            hours: 3,
            subject: subject.into(),
            kind: kind.into(),
            mode: "offline".into(),
            room: "care".into(),
            room_area_m2: Some(49.5),
            room_seats: Some(30),
            pcs: Some(0),
            trainees: 20,
        }
    }

    fn rules_of(found: &[Violation]) -> Vec<(Rule, &str)> {
        found
            .iter()
            .map(|f| (f.rule, f.event_id.as_str()))
            .collect()
    }

    #[test]
    fn two_training_managers_and_a_part_time_liaison_are_two_trn_3() {
        let mut out = Vec::new();
        let staff = [
            person("m01", "training-manager", true, ""),
            person("m02", "training-manager", true, ""),
            person("l01", "liaison", false, ""),
        ];
        training_manager_and_liaison(&staff, &mut out);
        let messages: Vec<&str> = out.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "2 training managers in staff.csv; exactly one is required",
                "no full-time liaison in staff.csv"
            ]
        );
        assert!(out.iter().all(|f| f.rule == Rule::Trn3));

        out.clear();
        training_manager_and_liaison(&staff[1..], &mut out);
        assert_eq!(rules_of(&out), [(Rule::Trn3, "")]);
        assert!(out[0].message.starts_with("no full-time liaison"));
    }

    #[test]
    fn job_support_without_a_listed_qualification_is_trn_4() {
        let mut out = Vec::new();
        let qualified = [
            person("j01", "job-support-manager", true, ""),
            person("j02", "job-support", false, "career-consultant"),
        ];
        job_support_staff(&qualified, &mut out);
        assert!(out.is_empty(), "{out:?}");

        let unqualified = [
            person("j01", "job-support-manager", true, "first-aid"),
            person("i01", "instructor", true, "career-consultant"),
        ];
        job_support_staff(&unqualified, &mut out);
        assert_eq!(rules_of(&out), [(Rule::Trn4, "")]);
        assert!(out[0].message.starts_with("no job-support person holds"));
    }

    #[test]
    fn deadline_twelve_business_days_before_start_is_trn_6() {
        let model = gifu();
        // Start 2023-06-01 (Thu): a deadline on 05-12 leaves 13 business days strictly
        // between, 05-09 16; 05-15 leaves 12 and 05-08 17.
        let deadlines = [
            ("2023-05-12", 0),
            ("2023-05-09", 0),
            ("2023-05-15", 1),
            ("2023-05-08", 1),
        ];
        for (deadline, found) in deadlines {
            let p = plan(vec![care_course("2023-06-01", deadline)], Vec::new());
            let mut out = Vec::new();
            let rows = Rows::read(&model, &p, &mut out);
            assert!(out.is_empty(), "{out:?}");
            application_deadline(&model, &rows.courses[0], &mut out);
            assert_eq!(out.len(), found, "deadline {deadline}: {out:?}");
            if let Some(f) = out.first() {
                assert_eq!((f.rule, f.event_id.as_str()), (Rule::Trn6, "care-1"));
                assert_eq!(f.date, deadline);
            }
        }
        // Golden Week: 04-29 and 05-03..05 are holidays; 05-01, 05-02, 05-08..12 and
        // 05-15 are the 8 business days between.
        let p = plan(vec![care_course("2023-05-16", "2023-04-28")], Vec::new());
        let mut out = Vec::new();
        let rows = Rows::read(&model, &p, &mut out);
        application_deadline(&model, &rows.courses[0], &mut out);
        assert_eq!(rules_of(&out), [(Rule::Trn6, "care-1")]);
        assert!(
            out[0].message.starts_with("care-1: 8 business days"),
            "{out:?}"
        );
    }

    /// A workplace visit without an instructor of the course is TRN-1: a re-plan cut
    /// short once dropped a past visit's instructor and the check did not see it.
    #[test]
    fn a_visit_without_an_instructor_of_the_course_is_trn_1() {
        let model = gifu();
        let visit = SessionRow {
            subject: String::new(),
            kind: "visit".into(),
            mode: "offline".into(),
            room: String::new(),
            ..care_session("care-1-2023-06-02-1", "2023-06-02", "", "visit")
        };
        let mut p = plan(vec![care_course("2023-06-01", "2023-05-15")], vec![visit]);
        let teacher = |id: &str, subjects: &str| StaffRow {
            subjects: subjects.into(),
            ..person(id, "instructor", true, "")
        };
        p.staff = vec![
            teacher("i05", "care-basics;care-skills"),
            teacher("i07", "bookkeeping"),
            person("a01", "assistant", false, ""),
        ];
        let found = |p: &TrainingPlan, who: &[(&str, &str)]| {
            let mut p = p.clone();
            p.assignments = who
                .iter()
                .map(|&(staff, role)| Assignment {
                    event_id: "care-1-2023-06-02-1".into(),
                    date: "2023-06-02".into(),
                    staff_id: staff.into(),
                    role: role.into(),
                })
                .collect();
            let mut out = Vec::new();
            let rows = Rows::read(&model, &p, &mut out);
            visit_leaders(&rows, &mut out);
            rules_of(&out)
                .into_iter()
                .map(|(r, e)| (r, e.to_string()))
                .collect::<Vec<_>>()
        };
        let unled = vec![(Rule::Trn1, "care-1-2023-06-02-1".to_string())];
        assert_eq!(found(&p, &[]), unled, "nobody");
        assert_eq!(found(&p, &[("a01", "assistant")]), unled, "an assistant");
        assert_eq!(
            found(&p, &[("i07", "instructor")]),
            unled,
            "another course's"
        );
        assert!(found(&p, &[("i05", "instructor")]).is_empty(), "care's own");
    }

    #[test]
    fn a_practical_for_twenty_with_one_instructor_is_trn_1() {
        let model = gifu();
        let mut p = plan(
            vec![care_course("2023-06-01", "2023-05-15")],
            vec![
                care_session(
                    "care-1-2023-06-01-1",
                    "2023-06-01",
                    "care-skills",
                    "practical",
                ),
                care_session(
                    "care-1-2023-06-01-2",
                    "2023-06-01",
                    "care-basics",
                    "lecture",
                ),
            ],
        );
        let at = |event: &str, staff: &str, role: &str| Assignment {
            event_id: event.into(),
            date: "2023-06-01".into(),
            staff_id: staff.into(),
            role: role.into(),
        };
        p.assignments = vec![
            at("care-1-2023-06-01-1", "i05", "instructor"),
            at("care-1-2023-06-01-2", "i05", "instructor"),
        ];
        let mut out = Vec::new();
        let rows = Rows::read(&model, &p, &mut out);
        teaching_ratio(&rows, &mut out);
        assert_eq!(rules_of(&out), [(Rule::Trn1, "care-1-2023-06-01-1")]);
        assert_eq!(
            out[0].message,
            "care-1-2023-06-01-1: practical session for 20 trainees has 1 instructor(s) and 0 assistant(s); 2 people, at least 1 an instructor required"
        );

        // An assistant makes two; one without the role is TRN-1 again, on that person.
        p.assignments
            .push(at("care-1-2023-06-01-1", "l01", "assistant"));
        p.staff = vec![person("l01", "liaison", true, "")];
        let mut out = Vec::new();
        let rows = Rows::read(&model, &p, &mut out);
        teaching_ratio(&rows, &mut out);
        assert_eq!(rules_of(&out), [(Rule::Trn1, "care-1-2023-06-01-1")]);
        assert_eq!(out[0].staff_id, "l01");
    }
}
