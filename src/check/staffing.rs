//! Who is placed where: consultants and teams (CON-3..CON-5), one place at a time
//! (CON-6), the right role for the event, availability and workload (MODEL-AVAIL,
//! MODEL-LIMIT).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};

use super::finding::{fnd, Arg, Finding, Msg};
use super::{
    consultant_gaps, ev_place, ev_venue, lecturer_gaps, staff_arg, window_text, Asg, Duty, Facts,
    Found,
};
use crate::model::{weekday_id, EventKind, Qualification, Role, Rule, Staff};

pub(super) fn check(f: &Facts<'_>, found: &mut Found) {
    consultants(f, found);
    teams(f, found);
    role_fit(f, found);
    one_place_at_a_time(f, found);
    availability(f, found);
    workload(f, found);
}

/// The rule that names the staffing of an event kind.
pub(super) fn staffing_rule(kind: EventKind) -> Rule {
    match kind {
        EventKind::Consultation => Rule::Con3,
        EventKind::Seminar => Rule::Sem5,
        EventKind::Office => Rule::Off1,
        other => other.rule(),
    }
}

/// The role an assignment takes to fill a need of a series.
pub(super) fn duty_for(q: Qualification) -> Duty {
    match q {
        Qualification::Reception => Duty::Reception,
        Qualification::Consultant => Duty::Consultant,
        Qualification::Lecturer | Qualification::LecturerOrConsultant => Duty::Lecturer,
        Qualification::JobDeveloper => Duty::Staff,
    }
}

fn add_asg(found: &mut Found, rule: Rule, a: &Asg<'_>, message: Finding) {
    found.add(rule, &a.raw.date, &a.raw.event_id, &a.raw.staff_id, message);
}

/// CON-3 (enough consultants per consultation day), CON-4 (they are on the
/// municipality's team) and CON-5 (every consultant and sub-manager is qualified).
fn consultants(f: &Facts<'_>, found: &mut Found) {
    let m = f.model;
    for (i, ev) in f.events.iter().enumerate() {
        if !ev.is(EventKind::Consultation) {
            continue;
        }
        let mut count = 0u32;
        for a in f.assignments_of(i) {
            if a.duty != Some(Duty::Consultant) {
                continue;
            }
            count += 1;
            if let Some(mi) = ev.municipality() {
                if !f.teams.contains(&(mi, a.staff)) {
                    add_asg(
                        found,
                        Rule::Con4,
                        a,
                        fnd!(
                            Msg::NotOnTeam,
                            staff_arg(&m.staff[a.staff]),
                            ev_place(m, ev),
                            Arg::Date(ev.raw.date.clone())
                        ),
                    );
                }
            }
        }
        if count < m.consultation.min_consultants {
            found.event(
                Rule::Con3,
                ev,
                fnd!(
                    Msg::FewConsultants,
                    ev_place(m, ev),
                    Arg::Date(ev.raw.date.clone()),
                    ev_venue(m, ev),
                    count,
                    m.consultation.min_consultants
                ),
            );
        }
    }
    for a in &f.assignments {
        let (role, what) = match a.duty {
            Some(Duty::Consultant) => (Role::Consultant, "consultant"),
            Some(Duty::SubManager) => (Role::SubManager, "sub-manager"),
            _ => continue,
        };
        let gaps = consultant_gaps(m, &f.staff(a), role);
        if !gaps.is_empty() {
            add_asg(
                found,
                Rule::Con5,
                a,
                fnd!(
                    Msg::AssignedButGaps,
                    staff_arg(&m.staff[a.staff]),
                    Arg::Role(what.to_string()),
                    &a.raw.event_id,
                    Arg::And(gaps)
                ),
            );
        }
    }
}

/// CON-4: each municipality's team has at least `team_min` qualified consultants;
/// members who are not qualified are reported under CON-5.
fn teams(f: &Facts<'_>, found: &mut Found) {
    let m = f.model;
    for (mi, muni) in m.municipalities.iter().enumerate() {
        let mut qualified = 0u32;
        let mut listed = 0u32;
        for &(tm, p) in &f.teams {
            if tm != mi {
                continue;
            }
            listed += 1;
            let s = &m.staff[p];
            let gaps = consultant_gaps(m, s, Role::Consultant);
            if gaps.is_empty() {
                qualified += 1;
            } else {
                found.add(
                    Rule::Con5,
                    "",
                    "",
                    &s.id,
                    fnd!(
                        Msg::TeamMemberGaps,
                        staff_arg(s),
                        Arg::Named {
                            id: muni.id.clone(),
                            name: muni.name.clone()
                        },
                        Arg::And(gaps)
                    ),
                );
            }
        }
        if qualified < muni.team_min {
            found.add(
                Rule::Con4,
                "",
                "",
                "",
                fnd!(
                    Msg::TeamTooSmall,
                    Arg::Named {
                        id: muni.id.clone(),
                        name: muni.name.clone()
                    },
                    qualified,
                    listed,
                    muni.team_min
                ),
            );
        }
    }
}

/// Each assignment's role is one the event staffs, and its holder may take it
/// (SEM-4, SEM-5, OUT-1, ONE-1, FAIR-1, RT-1, OFF-1; consultants are CON-5 above).
fn role_fit(f: &Facts<'_>, found: &mut Found) {
    let m = f.model;
    for a in &f.assignments {
        let ev = &f.events[a.event];
        let (Some(kind), Some(duty)) = (ev.kind, a.duty) else {
            continue;
        };
        let staff = f.staff(a);
        let s: &Staff = &staff;
        let series = ev.series.and_then(|i| m.event_series.get(i));
        let allowed: Vec<Duty> = match kind {
            EventKind::Consultation => vec![Duty::Consultant],
            EventKind::Seminar => vec![Duty::Lecturer, Duty::Reception, Duty::Childcare],
            EventKind::Office => vec![Duty::Manager, Duty::SubManager, Duty::Reception],
            _ => {
                let Some(series) = series else { continue };
                let mut d: Vec<Duty> = series.needs.iter().map(|n| duty_for(n.who)).collect();
                if kind == EventKind::Outreach {
                    // OUT-1: a lecturer in any case, and a consultant for the
                    // consultation slots when the lecturer does not meet CON-5.
                    d.push(Duty::Lecturer);
                    d.push(Duty::Consultant);
                }
                d
            }
        };
        let rule = if duty == Duty::Childcare {
            Rule::Sem7
        } else {
            staffing_rule(kind)
        };
        if !allowed.contains(&duty) {
            let names: BTreeSet<&str> = allowed.iter().map(|d| d.id()).collect();
            add_asg(
                found,
                rule,
                a,
                fnd!(
                    Msg::RoleNotStaffed,
                    staff_arg(s),
                    Arg::Role(duty.id().to_string()),
                    &ev.raw.event_id,
                    Arg::Kind(ev.raw.kind.clone()),
                    Arg::Roles(names.into_iter().map(str::to_string).collect())
                ),
            );
            continue;
        }
        let gaps: Vec<Finding> = match duty {
            // CON-5, reported in `consultants`.
            Duty::Consultant | Duty::SubManager => Vec::new(),
            Duty::Lecturer if kind == EventKind::Seminar => {
                let gaps = lecturer_gaps(m, s);
                if !gaps.is_empty() {
                    add_asg(
                        found,
                        Rule::Sem4,
                        a,
                        fnd!(
                            Msg::LecturesButGaps,
                            staff_arg(s),
                            &ev.raw.event_id,
                            Arg::And(gaps)
                        ),
                    );
                }
                continue;
            }
            Duty::Lecturer => {
                // Who the series accepts as lecturer; outreach always takes a lecturer
                // or a consultant (OUT-1).
                let mut quals: Vec<Qualification> = series
                    .map(|se| {
                        se.needs
                            .iter()
                            .filter(|n| duty_for(n.who) == Duty::Lecturer)
                            .map(|n| n.who)
                            .collect()
                    })
                    .unwrap_or_default();
                if kind == EventKind::Outreach {
                    quals.push(Qualification::LecturerOrConsultant);
                }
                let lect = lecturer_gaps(m, s);
                let cons = consultant_gaps(m, s, Role::Consultant);
                let ok = quals.iter().any(|q| match q {
                    Qualification::LecturerOrConsultant => lect.is_empty() || cons.is_empty(),
                    _ => lect.is_empty(),
                });
                if ok {
                    Vec::new()
                } else if quals.contains(&Qualification::LecturerOrConsultant) {
                    vec![fnd!(
                        Msg::GapNeitherLecturerNorConsultant,
                        Arg::Each(lect),
                        Arg::Each(cons)
                    )]
                } else {
                    lect
                }
            }
            Duty::Reception if !s.has(Role::Reception) => {
                vec![fnd!(Msg::GapReception)]
            }
            Duty::Manager if !s.has(Role::Manager) => {
                vec![fnd!(Msg::GapManager)]
            }
            Duty::Staff if !s.has(Role::JobDeveloper) => vec![fnd!(Msg::GapJobDeveloper)],
            Duty::Childcare if !s.has(Role::Childcare) => {
                vec![fnd!(Msg::GapChildcare)]
            }
            Duty::Reception | Duty::Manager | Duty::Staff | Duty::Childcare => Vec::new(),
        };
        if !gaps.is_empty() {
            add_asg(
                found,
                rule,
                a,
                fnd!(
                    Msg::AssignedButGaps,
                    staff_arg(s),
                    Arg::Role(duty.id().to_string()),
                    &ev.raw.event_id,
                    Arg::And(gaps)
                ),
            );
        }
    }
}

/// CON-6: one person's assignments on one day do not overlap in time.
fn one_place_at_a_time(f: &Facts<'_>, found: &mut Found) {
    let mut by_person_day: BTreeMap<(usize, NaiveDate), Vec<&Asg<'_>>> = BTreeMap::new();
    for a in &f.assignments {
        if let Some(d) = f.events[a.event].date {
            by_person_day.entry((a.staff, d)).or_default().push(a);
        }
    }
    for ((p, d), list) in by_person_day {
        let person = &f.model.staff[p];
        let sid = &person.id;
        for (i, a) in list.iter().enumerate() {
            for b in &list[i + 1..] {
                let (ea, eb) = (&f.events[a.event], &f.events[b.event]);
                if a.event == b.event {
                    found.add(
                        Rule::Con6,
                        &d.to_string(),
                        &ea.raw.event_id,
                        sid,
                        fnd!(
                            Msg::AssignedTwice,
                            staff_arg(person),
                            &ea.raw.event_id,
                            Arg::Date(d.to_string()),
                            Arg::Role(a.raw.role.clone()),
                            Arg::Role(b.raw.role.clone())
                        ),
                    );
                    continue;
                }
                let (Some(wa), Some(wb)) = (ea.window, eb.window) else {
                    continue;
                };
                if wa.overlaps(&wb) {
                    let (first, second) = if ea.raw.event_id <= eb.raw.event_id {
                        (ea, eb)
                    } else {
                        (eb, ea)
                    };
                    found.add(
                        Rule::Con6,
                        &d.to_string(),
                        &second.raw.event_id,
                        sid,
                        fnd!(
                            Msg::TwoPlaces,
                            staff_arg(person),
                            Arg::Date(d.to_string()),
                            &first.raw.event_id,
                            ev_venue(f.model, first),
                            first.window.map(window_text).unwrap_or_default(),
                            &second.raw.event_id,
                            ev_venue(f.model, second),
                            second.window.map(window_text).unwrap_or_default()
                        ),
                    );
                }
            }
        }
    }
}

/// MODEL-AVAIL: nobody works on a weekday they do not work or while on leave.
fn availability(f: &Facts<'_>, found: &mut Found) {
    for a in &f.assignments {
        let Some(d) = f.events[a.event].date else {
            continue;
        };
        let staff = f.staff(a);
        let s: &Staff = &staff;
        if !s.weekdays.contains(&d.weekday()) {
            let days: Vec<&str> = s.weekdays.iter().map(|w| weekday_id(*w)).collect();
            add_asg(
                found,
                Rule::ModelAvail,
                a,
                fnd!(
                    Msg::OffWeekday,
                    staff_arg(s),
                    &a.raw.event_id,
                    Arg::Date(d.to_string()),
                    Arg::Weekdays(vec![weekday_id(d.weekday()).to_string()]),
                    Arg::Weekdays(days.iter().map(|w| w.to_string()).collect())
                ),
            );
        }
        for r in &s.leave {
            if r.contains(d) {
                add_asg(
                    found,
                    Rule::ModelAvail,
                    a,
                    fnd!(
                        Msg::OnLeave,
                        staff_arg(s),
                        &a.raw.event_id,
                        Arg::Date(d.to_string()),
                        Arg::Date(r.from.to_string()),
                        Arg::Date(r.to.to_string())
                    ),
                );
            }
        }
    }
}

/// MODEL-LIMIT: days worked per ISO week, calendar month and year stay within each
/// person's limits.
fn workload(f: &Facts<'_>, found: &mut Found) {
    let mut days: BTreeMap<usize, BTreeSet<NaiveDate>> = BTreeMap::new();
    for a in &f.assignments {
        if let Some(d) = f.events[a.event].date {
            days.entry(a.staff).or_default().insert(d);
        }
    }
    for (p, worked) in days {
        let s = &f.model.staff[p];
        let mut weeks: BTreeMap<(i32, u32), Vec<NaiveDate>> = BTreeMap::new();
        let mut months: BTreeMap<(i32, u32), Vec<NaiveDate>> = BTreeMap::new();
        for &d in &worked {
            weeks
                .entry((d.iso_week().year(), d.iso_week().week()))
                .or_default()
                .push(d);
            months.entry((d.year(), d.month())).or_default().push(d);
        }
        for ((y, w), ds) in weeks {
            // A week or month a `[[staff_change]]` cuts is held to the smaller limit.
            let max = s.max_days_in_week_of(ds[0]);
            if ds.len() > max as usize {
                found.add(
                    Rule::ModelLimit,
                    &ds[0].to_string(),
                    "",
                    &s.id,
                    fnd!(
                        Msg::TooManyInWeek,
                        staff_arg(s),
                        ds.len(),
                        format!("{y}-W{w:02}"),
                        max,
                        Arg::Date(ds[0].to_string())
                    ),
                );
            }
        }
        for ((y, mo), ds) in months {
            let max = s.max_days_in_month_of(ds[0]);
            if ds.len() > max as usize {
                found.add(
                    Rule::ModelLimit,
                    &ds[0].to_string(),
                    "",
                    &s.id,
                    fnd!(
                        Msg::TooManyInMonth,
                        staff_arg(s),
                        ds.len(),
                        format!("{y}-{mo:02}"),
                        max,
                        y,
                        mo
                    ),
                );
            }
        }
        if worked.len() > s.max_days_per_year as usize {
            found.add(
                Rule::ModelLimit,
                "",
                "",
                &s.id,
                fnd!(
                    Msg::TooManyInYear,
                    staff_arg(s),
                    worked.len(),
                    s.max_days_per_year
                ),
            );
        }
    }
}
