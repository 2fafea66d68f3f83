//! Independent checker for a training provider's plan (TRN-1..TRN-11, CAL-6, CON-6).
//!
//! Works from the plan's rows (courses, sessions, assignments, staff) and takes from the
//! model only what the files do not carry: the contract's numbers, each course's
//! curriculum and each room's printers, and people's leave. It re-derives every date
//! and count with its own plain loops and shares no expansion code with the solver, so
//! a bug in one does not hide itself in the other.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Months, NaiveDate, NaiveTime, Weekday};

use crate::calendar::holidays;
use crate::model::training::{SubjectKind, TrainingModel, JOB_SUPPORT_QUALIFICATIONS};
use crate::plan::training::{SessionRow, StaffRow, TrainingPlan};
use crate::plan::{parse_day, Assignment, Violation};

fn v(rule: &str, date: &str, event: &str, staff: &str, message: String) -> Violation {
    Violation {
        rule: rule.into(),
        date: date.into(),
        event_id: event.into(),
        staff_id: staff.into(),
        message,
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

/// Checks a training plan; every finding cites its rule.
pub fn check(model: &TrainingModel, plan: &TrainingPlan) -> Vec<Violation> {
    let mut out = Vec::new();
    let rules = &model.rules;
    let staff: BTreeMap<&str, &StaffRow> = plan
        .staff
        .iter()
        .map(|s| (s.staff_id.as_str(), s))
        .collect();
    let mut by_event: BTreeMap<&str, Vec<&Assignment>> = BTreeMap::new();
    for a in &plan.assignments {
        by_event.entry(a.event_id.as_str()).or_default().push(a);
        if !staff.contains_key(a.staff_id.as_str()) {
            out.push(v(
                "PLAN-1",
                &a.date,
                &a.event_id,
                &a.staff_id,
                format!("assignment names {}, who is not in staff.csv", a.staff_id),
            ));
        }
    }

    // ----- provider posts (TRN-3, TRN-4) --------------------------------------------------
    let managers = plan
        .staff
        .iter()
        .filter(|s| s.has_role("training-manager"))
        .count();
    if managers != 1 {
        out.push(v(
            "TRN-3",
            "",
            "",
            "",
            format!("{managers} training managers in staff.csv; exactly one is required"),
        ));
    }
    if !plan
        .staff
        .iter()
        .any(|s| s.has_role("liaison") && s.full_time)
    {
        out.push(v(
            "TRN-3",
            "",
            "",
            "",
            "no full-time liaison in staff.csv".into(),
        ));
    }
    if !plan.staff.iter().any(|s| s.has_role("job-support-manager")) {
        out.push(v(
            "TRN-4",
            "",
            "",
            "",
            "no job-support manager in staff.csv".into(),
        ));
    }
    if !plan.staff.iter().any(|s| {
        (s.has_role("job-support-manager") || s.has_role("job-support"))
            && JOB_SUPPORT_QUALIFICATIONS.iter().any(|q| s.holds(q))
    }) {
        out.push(v(
            "TRN-4",
            "",
            "",
            "",
            "no job-support person holds a career-consultant, job-card-advisor, career-consulting-technician or vocational-instructor-licence qualification".into(),
        ));
    }

    // ----- courses ----------------------------------------------------------------------------
    let mut sessions_of: BTreeMap<&str, Vec<&SessionRow>> = BTreeMap::new();
    for s in &plan.sessions {
        sessions_of.entry(s.course_id.as_str()).or_default().push(s);
    }
    for mc in &model.courses {
        if !plan.courses.iter().any(|c| c.course_id == mc.id) {
            out.push(v(
                "PLAN-1",
                "",
                &mc.id,
                "",
                format!("course {} is missing from courses.csv", mc.id),
            ));
        }
    }
    for s in &plan.sessions {
        if model.course_index(&s.course_id).is_none() {
            out.push(v(
                "PLAN-1",
                &s.date,
                &s.session_id,
                "",
                format!("session of unknown course {}", s.course_id),
            ));
        }
    }
    for c in &plan.courses {
        let Some(mc) = model.courses.iter().find(|m| m.id == c.course_id) else {
            out.push(v(
                "PLAN-1",
                "",
                &c.course_id,
                "",
                format!("course {} is not in the model", c.course_id),
            ));
            continue;
        };
        let id = c.course_id.as_str();
        let sessions = sessions_of.get(id).cloned().unwrap_or_default();
        let dates: BTreeSet<NaiveDate> =
            sessions.iter().filter_map(|s| parse_day(&s.date)).collect();
        let parsed = (
            parse_day(&c.start),
            parse_day(&c.end),
            parse_day(&c.application_deadline),
        );
        let (Some(start), Some(end), Some(deadline)) = parsed else {
            out.push(v(
                "PLAN-1",
                "",
                id,
                "",
                format!("{id}: start, end or application_deadline is not a date"),
            ));
            continue;
        };
        if dates.first() != Some(&start) || dates.last() != Some(&end) {
            out.push(v(
                "PLAN-1",
                &c.start,
                id,
                "",
                format!("{id}: start/end do not match its first and last session"),
            ));
        }
        if start < mc.start_window.from || start > mc.start_window.to {
            out.push(v(
                "PLAN-1",
                &c.start,
                id,
                "",
                format!(
                    "{id}: starts outside its window {} .. {}",
                    mc.start_window.from, mc.start_window.to
                ),
            ));
        }
        if c.trainees != mc.trainees {
            out.push(v(
                "PLAN-1",
                "",
                id,
                "",
                format!(
                    "{id}: {} trainees, the model has {}",
                    c.trainees, mc.trainees
                ),
            ));
        }
        for d in &dates {
            if !business_day(model, *d) || model.closures.is_closed(*d) {
                out.push(v(
                    "CAL-6",
                    &d.to_string(),
                    id,
                    "",
                    format!("{id}: training on {d}, which is not a business day"),
                ));
            }
        }
        // Hours: the curriculum exactly, and the columns agree with the sessions.
        let hours = |kind: &str| -> u32 {
            sessions
                .iter()
                .filter(|s| s.kind == kind)
                .map(|s| s.hours)
                .sum()
        };
        let total: u32 = sessions.iter().map(|s| s.hours).sum();
        let online: u32 = sessions
            .iter()
            .filter(|s| s.mode == "online")
            .map(|s| s.hours)
            .sum();
        if total != c.total_hours || total != mc.total_hours {
            out.push(v(
                "PLAN-1",
                "",
                id,
                "",
                format!(
                    "{id}: sessions add up to {total} hours; courses.csv says {}, the model {}",
                    c.total_hours, mc.total_hours
                ),
            ));
        }
        if online != c.online_hours
            || hours("workplace") != c.workplace_hours
            || hours("internship") != c.internship_hours
        {
            out.push(v("PLAN-1", "", id, "", format!("{id}: online/workplace/internship hours in courses.csv differ from its sessions")));
        }
        for sub in &mc.subjects {
            let h: u32 = sessions
                .iter()
                .filter(|s| s.subject == sub.id)
                .map(|s| s.hours)
                .sum();
            if h != sub.hours {
                out.push(v(
                    "PLAN-1",
                    "",
                    id,
                    "",
                    format!(
                        "{id}: subject {} has {h} hours; the curriculum has {}",
                        sub.id, sub.hours
                    ),
                ));
            }
        }
        // TRN-8: workplace practice under 90 % of training time.
        let workplace = hours("workplace") + hours("internship");
        if workplace > 0 && f64::from(workplace) >= rules.workplace_share_max * f64::from(total) {
            out.push(v(
                "TRN-8",
                "",
                id,
                "",
                format!(
                    "{id}: {workplace} of {total} hours at workplaces is not under {:.0} %",
                    rules.workplace_share_max * 100.0
                ),
            ));
        }
        // TRN-9: in person at least 20 %; online only where the subject allows it.
        if total > 0
            && f64::from(total - online.min(total))
                < rules.in_person_share_min * f64::from(total) - 1e-9
        {
            out.push(v(
                "TRN-9",
                "",
                id,
                "",
                format!(
                    "{id}: only {} of {total} hours in person (at least {:.0} %)",
                    total - online.min(total),
                    rules.in_person_share_min * 100.0
                ),
            ));
        }
        for s in sessions.iter().filter(|s| s.mode == "online") {
            let allowed = mc.subjects.iter().any(|x| x.id == s.subject && x.online)
                && (s.kind == "lecture" || s.kind == "practical");
            if !allowed {
                let rule = if s.kind == "internship" {
                    "TRN-11"
                } else {
                    "TRN-9"
                };
                out.push(v(
                    rule,
                    &s.date,
                    &s.session_id,
                    "",
                    format!(
                        "{}: {} session online, which the course does not allow",
                        s.session_id, s.kind
                    ),
                ));
            }
        }
        // TRN-6: 13-16 business days strictly between deadline and start.
        let between = count_between(model, deadline, start);
        if between < rules.deadline_min_business_days || between > rules.deadline_max_business_days
        {
            out.push(v("TRN-6", &c.application_deadline, id, "", format!(
                "{id}: {between} business days between the application deadline {deadline} and the start {start}; {}-{} required",
                rules.deadline_min_business_days, rules.deadline_max_business_days)));
        }
        // TRN-7: an interview day between deadline and start, at least 2 interviewers.
        let iv_id = format!("interview-{id}");
        match parse_day(&c.interview_date) {
            Some(iv) if deadline < iv && iv < start && business_day(model, iv) => {
                let who: BTreeSet<&str> = by_event
                    .get(iv_id.as_str())
                    .map(|l| {
                        l.iter()
                            .filter(|a| a.role == "interviewer" && parse_day(&a.date) == Some(iv))
                            .map(|a| a.staff_id.as_str())
                            .collect()
                    })
                    .unwrap_or_default();
                if (who.len() as u32) < rules.interviewers_min {
                    out.push(v("TRN-7", &c.interview_date, &iv_id, "", format!(
                        "{id}: {} interviewer(s) on the selection interview; at least {} required", who.len(), rules.interviewers_min)));
                }
            }
            _ => out.push(v("TRN-7", &c.interview_date, &iv_id, "", format!(
                "{id}: the interview date `{}` is not a business day between the deadline {deadline} and the start {start}", c.interview_date))),
        }
        // TRN-10: survey on the last day; follow-ups 1 and 3 months after.
        let expect = |m: u32| {
            end.checked_add_months(Months::new(m))
                .map(|d| first_business_on_or_after(model, d))
        };
        let contacts = [
            ("completion-survey", &c.completion_survey, Some(end)),
            ("follow-up-1m", &c.follow_up_1m, expect(1)),
            ("follow-up-3m", &c.follow_up_3m, expect(3)),
        ];
        for (name, given, want) in contacts {
            let ev = format!("{name}-{id}");
            if parse_day(given) != want {
                out.push(v(
                    "TRN-10",
                    given,
                    &ev,
                    "",
                    format!(
                        "{id}: {name} on `{given}`; it belongs on {}",
                        want.map_or("?".into(), |d| d.to_string())
                    ),
                ));
            }
            let done = by_event.get(ev.as_str()).is_some_and(|l| {
                l.iter().any(|a| {
                    a.role == "job-support"
                        && a.date == *given
                        && staff.get(a.staff_id.as_str()).is_some_and(|s| {
                            s.has_role("job-support") || s.has_role("job-support-manager")
                        })
                })
            });
            if !done {
                out.push(v(
                    "TRN-10",
                    given,
                    &ev,
                    "",
                    format!("{id}: nobody from job support is assigned to the {name}"),
                ));
            }
        }
        // TRN-4: the job-support manager on site on at least 50 % of training days.
        let os_id = format!("on-site-{id}");
        let covered: BTreeSet<NaiveDate> = by_event
            .get(os_id.as_str())
            .map(|l| {
                l.iter()
                    .filter(|a| {
                        a.role == "job-support-manager"
                            && staff
                                .get(a.staff_id.as_str())
                                .is_some_and(|s| s.has_role("job-support-manager"))
                    })
                    .filter_map(|a| parse_day(&a.date))
                    .filter(|d| dates.contains(d))
                    .collect()
            })
            .unwrap_or_default();
        let n = dates.len();
        if (covered.len() as f64) < rules.job_support_manager_share * n as f64 - 1e-9 {
            out.push(v("TRN-4", "", &os_id, "", format!(
                "{id}: the job-support manager is on site on {} of {n} training days ({:.0} %); at least {:.0} % required",
                covered.len(), 100.0 * covered.len() as f64 / n.max(1) as f64, rules.job_support_manager_share * 100.0)));
        }
        // TRN-1: a full-time homeroom instructor.
        let hr_id = format!("homeroom-{id}");
        let homeroom_ok = by_event.get(hr_id.as_str()).is_some_and(|l| {
            l.iter().any(|a| {
                a.role == "homeroom"
                    && staff
                        .get(a.staff_id.as_str())
                        .is_some_and(|s| s.full_time && s.has_role("instructor"))
            })
        });
        if !homeroom_ok {
            out.push(v(
                "TRN-1",
                &c.start,
                &hr_id,
                "",
                format!("{id}: no full-time homeroom instructor"),
            ));
        }
        // TRN-11: the digital internship.
        let intern: Vec<&&SessionRow> =
            sessions.iter().filter(|s| s.kind == "internship").collect();
        if !intern.is_empty() {
            let h: u32 = intern.iter().map(|s| s.hours).sum();
            let days: BTreeSet<NaiveDate> =
                intern.iter().filter_map(|s| parse_day(&s.date)).collect();
            let (first, last) = (days.first().copied(), days.last().copied());
            let three = start.checked_add_months(Months::new(3));
            if c.field != "digital" {
                out.push(v(
                    "TRN-11",
                    "",
                    id,
                    "",
                    format!(
                        "{id}: an internship in a `{}` course; it is for digital courses",
                        c.field
                    ),
                ));
            }
            if three.is_none_or(|t| end < t.pred_opt().unwrap_or(t)) {
                out.push(v(
                    "TRN-11",
                    "",
                    id,
                    "",
                    format!("{id}: runs {start} .. {end}, under 3 months, and has an internship"),
                ));
            }
            if !(50..100).contains(&h) {
                out.push(v(
                    "TRN-11",
                    "",
                    id,
                    "",
                    format!("{id}: internship of {h} hours; 50 to under 100 required"),
                ));
            }
            if let (Some(f), Some(l)) = (first, last) {
                let month = f.checked_add_months(Months::new(1)).unwrap_or(f);
                if days.len() < 10 || l >= month {
                    out.push(v("TRN-11", &f.to_string(), id, "", format!(
                        "{id}: internship on {} days from {f} to {l}; 2 weeks (10 days) to under 1 month required", days.len())));
                }
            }
        }
    }

    // ----- sessions: ratio, qualification, room ------------------------------------------------
    let mut room_use: BTreeMap<(&str, &str), Vec<&SessionRow>> = BTreeMap::new();
    for s in &plan.sessions {
        let Some(mc) = model.courses.iter().find(|m| m.id == s.course_id) else {
            continue;
        };
        let people: Vec<&&Assignment> = by_event
            .get(s.session_id.as_str())
            .map(|l| l.iter().filter(|a| a.date == s.date).collect())
            .unwrap_or_default();
        let instructors: Vec<&str> = people
            .iter()
            .filter(|a| a.role == "instructor")
            .map(|a| a.staff_id.as_str())
            .collect();
        let assistants = people.iter().filter(|a| a.role == "assistant").count() as u32;
        let teaching = matches!(s.kind.as_str(), "lecture" | "practical");
        if teaching {
            let lecture = s.kind == "lecture";
            let t = s.trainees.max(mc.trainees);
            // TRN-1, written out: lecture 1 per 30; practical 1 up to 15, 2 above.
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
            let n_inst = instructors.len() as u32;
            if n_inst < lead || n_inst + assistants < all {
                out.push(v("TRN-1", &s.date, &s.session_id, "", format!(
                    "{}: {} session for {t} trainees has {n_inst} instructor(s) and {assistants} assistant(s); {} required",
                    s.session_id, s.kind, if lecture { format!("{lead} instructor(s)") } else { format!("{all} people, at least 1 an instructor") })));
            }
            let subject = mc.subjects.iter().find(|x| x.id == s.subject);
            if subject.is_none() {
                out.push(v(
                    "PLAN-1",
                    &s.date,
                    &s.session_id,
                    "",
                    format!(
                        "{}: subject `{}` is not in the curriculum of {}",
                        s.session_id, s.subject, mc.id
                    ),
                ));
            }
            if let Some(sub) = subject {
                if (sub.kind == SubjectKind::Lecture) != lecture {
                    out.push(v(
                        "PLAN-1",
                        &s.date,
                        &s.session_id,
                        "",
                        format!(
                            "{}: type {} but {} is a {}",
                            s.session_id,
                            s.kind,
                            sub.id,
                            sub.kind.id()
                        ),
                    ));
                }
                for who in &instructors {
                    let ok = staff.get(who).is_some_and(|p| {
                        p.has_role("instructor")
                            && p.teaches(&sub.id)
                            && sub.requires.iter().all(|q| p.holds(q))
                    });
                    if !ok {
                        out.push(v(
                            "TRN-2",
                            &s.date,
                            &s.session_id,
                            who,
                            format!(
                                "{}: {who} teaches {} without listing it or without {}",
                                s.session_id,
                                sub.id,
                                if sub.requires.is_empty() {
                                    "the instructor role".to_string()
                                } else {
                                    sub.requires.join(", ")
                                }
                            ),
                        ));
                    }
                }
            }
            for a in people.iter().filter(|a| a.role == "assistant") {
                if !staff
                    .get(a.staff_id.as_str())
                    .is_some_and(|p| p.has_role("assistant") || p.has_role("instructor"))
                {
                    out.push(v(
                        "TRN-1",
                        &s.date,
                        &s.session_id,
                        &a.staff_id,
                        format!(
                            "{}: {} assists without an assistant or instructor role",
                            s.session_id, a.staff_id
                        ),
                    ));
                }
            }
            if s.mode == "offline" {
                check_room(model, mc, s, &mut out);
                if !s.room.is_empty() {
                    room_use
                        .entry((s.date.as_str(), s.room.as_str()))
                        .or_default()
                        .push(s);
                }
            }
        }
    }
    // One course per room at a time (TRN-5).
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
                        "TRN-5",
                        date,
                        &b.session_id,
                        "",
                        format!(
                            "{room}: {} and {} at the same time",
                            a.session_id, b.session_id
                        ),
                    ));
                }
            }
        }
    }

    // ----- people: one place at a time (CON-6), leave (MODEL-AVAIL) ---------------------------
    let session_time: BTreeMap<&str, (&str, &str)> = plan
        .sessions
        .iter()
        .map(|s| (s.session_id.as_str(), (s.start.as_str(), s.end.as_str())))
        .collect();
    let iv_start = rules.interview.start.format("%H:%M").to_string();
    let iv_end = rules.interview.end.format("%H:%M").to_string();
    // (person, date) -> [(event, start, end)]
    type Windows<'a> = Vec<(&'a str, String, String)>;
    let mut timed: BTreeMap<(&str, &str), Windows> = BTreeMap::new();
    for a in &plan.assignments {
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
        let attends = matches!(
            a.role.as_str(),
            "instructor" | "assistant" | "interviewer" | "job-support-manager" | "job-support"
        );
        if let (true, Some(p), Some(d)) = (
            attends,
            model.staff.iter().find(|p| p.id == a.staff_id),
            parse_day(&a.date),
        ) {
            let on_leave = p.leave.iter().any(|r| r.from <= d && d <= r.to);
            if on_leave || !p.weekdays.contains(&d.weekday()) {
                out.push(v(
                    "MODEL-AVAIL",
                    &a.date,
                    &a.event_id,
                    &a.staff_id,
                    format!(
                        "{} is assigned to {} on {d} but {}",
                        a.staff_id,
                        a.event_id,
                        if on_leave {
                            "is on leave"
                        } else {
                            "does not work that weekday"
                        }
                    ),
                ));
            }
        }
    }
    for ((who, date), list) in &timed {
        for (i, a) in list.iter().enumerate() {
            for b in list.iter().skip(i + 1) {
                if overlap(&a.1, &a.2, &b.1, &b.2) {
                    out.push(v(
                        "CON-6",
                        date,
                        b.0,
                        who,
                        format!("{who} is in {} and {} at the same time", a.0, b.0),
                    ));
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

fn overlap(a0: &str, a1: &str, b0: &str, b1: &str) -> bool {
    match (time(a0), time(a1), time(b0), time(b1)) {
        (Some(a0), Some(a1), Some(b0), Some(b1)) => a0 < b1 && b0 < a1,
        _ => a0 == b0,
    }
}

/// TRN-5 for one offline session: a room, the room as the model has it, seats from the
/// area, seats and PCs for the trainees, printers.
fn check_room(
    model: &TrainingModel,
    mc: &crate::model::training::Course,
    s: &SessionRow,
    out: &mut Vec<Violation>,
) {
    let rules = &model.rules;
    if s.room.is_empty() {
        out.push(v(
            "TRN-5",
            &s.date,
            &s.session_id,
            "",
            format!("{}: an offline session without a classroom", s.session_id),
        ));
        return;
    }
    let Some(room) = model.classrooms.iter().find(|r| r.id == s.room) else {
        out.push(v(
            "PLAN-1",
            &s.date,
            &s.session_id,
            "",
            format!("{}: unknown classroom {}", s.session_id, s.room),
        ));
        return;
    };
    let area = s.room_area_m2.unwrap_or(0.0);
    if (area - room.area_m2).abs() > 1e-6 || s.pcs.unwrap_or(0) != room.pcs {
        out.push(v(
            "PLAN-1",
            &s.date,
            &s.session_id,
            "",
            format!(
                "{}: area or PCs of {} differ from the model ({} m², {} PCs)",
                s.session_id, room.id, room.area_m2, room.pcs
            ),
        ));
    }
    // floor(area / 1.65), with a hair of tolerance for binary fractions (33.0 / 1.65).
    let seats_from_area = (area / rules.area_per_trainee_m2 + 1e-9).floor() as u32;
    let seats = s.room_seats.unwrap_or(0);
    if seats != seats_from_area {
        out.push(v(
            "TRN-5",
            &s.date,
            &s.session_id,
            "",
            format!(
                "{}: {seats} seats listed, but {area} m² / {} m² gives {seats_from_area}",
                s.session_id, rules.area_per_trainee_m2
            ),
        ));
    }
    let t = s.trainees.max(mc.trainees);
    if seats_from_area.min(seats) < t {
        out.push(v(
            "TRN-5",
            &s.date,
            &s.session_id,
            "",
            format!(
                "{}: {} ({area} m², {} seats) is too small for {t} trainees",
                s.session_id,
                room.id,
                seats_from_area.min(seats)
            ),
        ));
    }
    if mc.uses_pcs {
        if s.pcs.unwrap_or(0) < t {
            out.push(v(
                "TRN-5",
                &s.date,
                &s.session_id,
                "",
                format!(
                    "{}: {} PCs for {t} trainees",
                    s.session_id,
                    s.pcs.unwrap_or(0)
                ),
            ));
        }
        let ink = room.inkjet_printers * rules.trainees_per_inkjet;
        let laser = room.laser_printers * rules.trainees_per_laser;
        if ink < t && laser < t {
            out.push(v("TRN-5", &s.date, &s.session_id, "", format!(
                "{}: printers in {} serve too few: {} inkjet (1 per {}) / {} laser (1 per {}) for {t} trainees",
                s.session_id, room.id, room.inkjet_printers, rules.trainees_per_inkjet, room.laser_printers, rules.trainees_per_laser)));
        }
    }
    if let Some(d) = parse_day(&s.date) {
        if room.unavailable.iter().any(|r| r.from <= d && d <= r.to) {
            out.push(v(
                "TRN-5",
                &s.date,
                &s.session_id,
                "",
                format!("{}: {} cannot be used on {d}", s.session_id, room.id),
            ));
        }
    }
}
