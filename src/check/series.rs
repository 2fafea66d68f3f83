//! Other events and the office: the yearly series (OUT-1, ONE-1, FAIR-1, RT-1), office
//! days (OFF-1), job developers (JOB-1) and one event per room at a time (MODEL-ROOM).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};

use super::finding::{fnd, Arg, Msg};
use super::staffing::duty_for;
use super::{ev_venue, period_months, place_arg, venue_arg, window_text, Duty, Ev, Facts, Found};
use crate::calendar::holidays::is_holiday;
use crate::model::{weekday_id, EventKind, EventSeries, Place, Role, Rule};

pub(super) fn check(f: &Facts<'_>, found: &mut Found) {
    for ev in &f.events {
        let Some(kind) = ev.kind else { continue };
        if ev.series.is_none()
            && !matches!(
                kind,
                EventKind::Consultation | EventKind::Seminar | EventKind::Office
            )
        {
            found.event(
                kind.rule(),
                ev,
                fnd!(
                    Msg::NoSeries,
                    Arg::Kind(kind.id().to_string()),
                    &ev.raw.event_id
                ),
            );
        }
    }
    for (si, s) in f.model.event_series.iter().enumerate() {
        one_series(f, si, s, found);
    }
    office(f, found);
    job_developers(f, found);
    rooms(f, found);
}

/// Topics the source names for one-point seminars (ONE-1): they must occur whenever
/// the model lists them.
const ONE_POINT_REQUIRED: [&str; 2] = ["entrepreneurship", "home-based-work"];

/// Count, day, room, hours, capacity, place, topics and staffing of one series, each
/// reported under the series' rule (OUT-1, ONE-1, FAIR-1 or RT-1).
fn one_series(f: &Facts<'_>, si: usize, s: &EventSeries, found: &mut Found) {
    let evs: Vec<(usize, &Ev<'_>)> = f
        .events
        .iter()
        .enumerate()
        .filter(|(_, e)| e.series == Some(si))
        .collect();
    series_count(f, s, &evs, found);
    for &(_, ev) in &evs {
        series_slot(f, s, ev, found);
    }
    for &(i, ev) in &evs {
        if s.kind == EventKind::Outreach {
            outreach_audience(f, s, ev, found);
            outreach_consultation(f, i, ev, found);
        }
    }
    series_staffing(f, s, &evs, found);
    series_topics(s, &evs, found);
}

/// How many events: exactly `per_month` in every month of the period, else at least
/// `count` in the year.
fn series_count(f: &Facts<'_>, s: &EventSeries, evs: &[(usize, &Ev<'_>)], found: &mut Found) {
    let rule = s.kind.rule();
    if s.per_month.is_some() {
        for (y, mo) in period_months(f.model) {
            // A `[[series_change]]` may set some months' count (ONE-1).
            let pm = s.per_month_in(y, mo).unwrap_or(0);
            let n = evs
                .iter()
                .filter(|(_, e)| e.date.is_some_and(|d| d.year() == y && d.month() == mo))
                .count();
            if n != pm as usize {
                found.add(
                    rule,
                    "",
                    "",
                    "",
                    fnd!(Msg::SeriesPerMonth, &s.id, n, Arg::Month(y, mo), pm),
                );
            }
        }
    } else if evs.len() < s.count as usize {
        found.add(
            rule,
            "",
            "",
            "",
            fnd!(Msg::SeriesCount, &s.id, evs.len(), s.count),
        );
    }
}

/// When and where one event is held: the series' hours, one of its rooms, a day the
/// venue can be used and one of the series' weekdays, a room that holds the people
/// attending in person.
fn series_slot(f: &Facts<'_>, s: &EventSeries, ev: &Ev<'_>, found: &mut Found) {
    let m = f.model;
    let rule = s.kind.rule();
    if let Some(w) = ev.window {
        if w != s.window {
            found.event(
                rule,
                ev,
                fnd!(
                    Msg::SeriesHours,
                    &s.id,
                    window_text(w),
                    window_text(s.window)
                ),
            );
        }
    }
    let venue = ev.venue.and_then(|v| m.venues.get(v));
    if let (Some(v), Some(r)) = (ev.venue, ev.room) {
        if !s.rooms.contains(&(v, r)) {
            found.event(
                rule,
                ev,
                fnd!(Msg::SeriesRoom, &s.id, ev_venue(m, ev), &ev.raw.room),
            );
        }
    }
    if let Some(d) = ev.date {
        if let Some(v) = venue {
            if !ev.room.map_or(v.usable_on(d), |r| v.room_usable_on(r, d)) {
                found.event(
                    rule,
                    ev,
                    fnd!(
                        Msg::SeminarVenueClosed,
                        venue_arg(v),
                        Arg::Weekdays(vec![weekday_id(d.weekday()).to_string()]),
                        d,
                        Arg::Date(d.to_string())
                    ),
                );
            }
        }
        if !s.weekdays.contains(&d.weekday()) {
            let days: Vec<&str> = s.weekdays.iter().map(|w| weekday_id(*w)).collect();
            found.event(
                rule,
                ev,
                fnd!(
                    Msg::SeriesWeekday,
                    &s.id,
                    Arg::Weekdays(vec![weekday_id(d.weekday()).to_string()]),
                    d,
                    Arg::Weekdays(days.iter().map(|w| w.to_string()).collect()),
                    Arg::Date(d.to_string())
                ),
            );
        }
    }
    // The room must hold an event people attend in person.
    if let (Some(v), Some(r), Some(c)) = (venue, ev.room, ev.raw.capacity) {
        if let Some(room) = v.rooms.get(r) {
            if !ev.online && room.capacity < c {
                found.event(
                    rule,
                    ev,
                    fnd!(
                        Msg::EventRoomTooSmall,
                        venue_arg(v),
                        &room.id,
                        room.capacity,
                        c
                    ),
                );
            }
        }
    }
}

/// OUT-1: an outreach seminar is planned for enough people and held outside the
/// programme's municipalities.
fn outreach_audience(f: &Facts<'_>, s: &EventSeries, ev: &Ev<'_>, found: &mut Found) {
    let m = f.model;
    let rule = s.kind.rule();
    match ev.raw.capacity {
        Some(c) if c >= s.participants => {}
        other => found.event(
            rule,
            ev,
            match other {
                Some(c) => fnd!(Msg::OutreachFewPeople, c, s.participants),
                None => fnd!(Msg::OutreachNoCapacity, s.participants),
            },
        ),
    }
    let place = ev
        .venue
        .and_then(|v| m.venues.get(v))
        .map(|v| v.place)
        .or(ev.place);
    if let Some(Place::Municipality(mi)) = place {
        found.event(
            rule,
            ev,
            fnd!(
                Msg::OutreachInMunicipality,
                place_arg(m, Place::Municipality(mi))
            ),
        );
    }
}

/// OUT-1: the consultation slots after an outreach seminar have someone at the event
/// who meets CON-5 (on the register where the model requires it, with the years of
/// practice): the lecturer, or a qualified consultant placed beside them.
fn outreach_consultation(f: &Facts<'_>, i: usize, ev: &Ev<'_>, found: &mut Found) {
    let m = f.model;
    let meets = |s: &crate::model::Staff| {
        (s.registered || !m.consultation.require_register)
            && s.experience_years >= m.consultation.min_experience_years
    };
    let covered = f.assignments_of(i).any(|a| {
        let s = f.staff(a);
        match a.duty {
            Some(Duty::Lecturer) => meets(&s),
            Some(Duty::Consultant) => super::consultant_gaps(m, &s, Role::Consultant).is_empty(),
            _ => false,
        }
    });
    if !covered {
        found.event(
            Rule::Out1,
            ev,
            fnd!(
                Msg::OutreachNoConsultant,
                &ev.raw.event_id,
                Arg::Date(ev.raw.date.clone()),
                m.consultation.min_experience_years,
                ev_venue(m, ev)
            ),
        );
    }
}

/// Staffing of each event: the series' needs by the role that fills them (an outreach
/// seminar has a lecturer in any case).
fn series_staffing(f: &Facts<'_>, s: &EventSeries, evs: &[(usize, &Ev<'_>)], found: &mut Found) {
    let mut needs: BTreeMap<Duty, u32> = BTreeMap::new();
    for n in &s.needs {
        *needs.entry(duty_for(n.who)).or_default() += n.count;
    }
    if s.kind == EventKind::Outreach {
        let lecturers = needs.entry(Duty::Lecturer).or_default();
        *lecturers = (*lecturers).max(1);
    }
    for &(i, ev) in evs {
        for (&duty, &required) in &needs {
            let n = f.assignments_of(i).filter(|a| a.duty == Some(duty)).count();
            if n < required as usize {
                found.event(
                    s.kind.rule(),
                    ev,
                    fnd!(
                        Msg::SeriesNeed,
                        &ev.raw.event_id,
                        Arg::Date(ev.raw.date.clone()),
                        n,
                        Arg::Role(duty.id().to_string()),
                        required,
                        ev_venue(f.model, ev),
                        Arg::Kind(s.kind.id().to_string())
                    ),
                );
            }
        }
    }
}

/// Topics: each event's is one of the series'; over the year all of them when there
/// are enough events, and the ones the source names for one-point seminars (ONE-1) in
/// any case.
fn series_topics(s: &EventSeries, evs: &[(usize, &Ev<'_>)], found: &mut Found) {
    let rule = s.kind.rule();
    for &(_, ev) in evs {
        if !s.topics.is_empty() && !s.topics.contains(&ev.raw.theme) {
            found.event(rule, ev, fnd!(Msg::TopicUnknown, &ev.raw.theme, &s.id));
        }
    }
    let used: BTreeSet<&str> = evs.iter().map(|(_, e)| e.raw.theme.as_str()).collect();
    let required: Vec<&str> = if evs.len() >= s.topics.len() {
        s.topics.iter().map(String::as_str).collect()
    } else if s.kind == EventKind::OnePoint {
        let named: Vec<&str> = s
            .topics
            .iter()
            .map(String::as_str)
            .filter(|t| ONE_POINT_REQUIRED.contains(t))
            .collect();
        if evs.len() >= named.len() {
            named
        } else {
            Vec::new()
        }
    } else {
        Vec::new()
    };
    let missing: Vec<&str> = required.into_iter().filter(|t| !used.contains(t)).collect();
    if !missing.is_empty() {
        found.add(
            rule,
            "",
            "",
            "",
            fnd!(
                Msg::TopicsMissing,
                &s.id,
                Arg::List(missing.iter().map(|t| t.to_string()).collect())
            ),
        );
    }
}

/// OFF-1: every office day has one office event, at the office, in office hours,
/// with its manager, sub-managers and reception staff.
fn office(f: &Facts<'_>, found: &mut Found) {
    let m = f.model;
    let o = &m.office;
    let mut by_date: BTreeMap<NaiveDate, Vec<(usize, &Ev<'_>)>> = BTreeMap::new();
    for (i, ev) in f.events.iter().enumerate() {
        if !ev.is(EventKind::Office) {
            continue;
        }
        if let Some(d) = ev.date {
            by_date.entry(d).or_default().push((i, ev));
            if !o.weekdays.contains(&d.weekday()) {
                found.event(
                    Rule::Off1,
                    ev,
                    fnd!(
                        Msg::OfficeWeekday,
                        Arg::Weekdays(vec![weekday_id(d.weekday()).to_string()]),
                        d,
                        days(o),
                        Arg::Date(d.to_string())
                    ),
                );
            }
        }
        if ev.venue.is_some_and(|v| v != o.venue) {
            found.event(
                Rule::Off1,
                ev,
                fnd!(
                    Msg::OfficeVenue,
                    ev_venue(m, ev),
                    m.venues.get(o.venue).map_or(Arg::from("?"), venue_arg)
                ),
            );
        }
        if let Some(w) = ev.window {
            if w != o.window {
                found.event(
                    Rule::Off1,
                    ev,
                    fnd!(Msg::OfficeHours, window_text(w), window_text(o.window)),
                );
            }
        }
        for (duty, required) in [
            (Duty::Manager, o.managers),
            (Duty::SubManager, o.sub_managers),
            (Duty::Reception, o.reception),
        ] {
            let n = f.assignments_of(i).filter(|a| a.duty == Some(duty)).count();
            if n < required as usize {
                found.event(
                    Rule::Off1,
                    ev,
                    fnd!(
                        Msg::OfficeNeed,
                        Arg::Date(ev.raw.date.clone()),
                        n,
                        Arg::Role(duty.id().to_string()),
                        required
                    ),
                );
            }
        }
    }
    for d in m.period.days() {
        if !o.weekdays.contains(&d.weekday()) || is_holiday(d) || m.closures.is_closed(d) {
            continue;
        }
        match by_date.get(&d).map_or(0, Vec::len) {
            0 => found.add(
                Rule::Off1,
                &d.to_string(),
                "",
                "",
                fnd!(
                    Msg::OfficeDayMissing,
                    d,
                    Arg::Weekdays(vec![weekday_id(d.weekday()).to_string()]),
                    Arg::Date(d.to_string())
                ),
            ),
            1 => {}
            n => found.add(
                Rule::Off1,
                &d.to_string(),
                "",
                "",
                fnd!(Msg::OfficeTwice, n, Arg::Date(d.to_string())),
            ),
        }
    }
}

fn days(o: &crate::model::OfficeRules) -> Arg {
    Arg::Weekdays(
        o.weekdays
            .iter()
            .map(|w| weekday_id(*w).to_string())
            .collect(),
    )
}

/// JOB-1: enough job developers on the staff.
fn job_developers(f: &Facts<'_>, found: &mut Found) {
    let m = f.model;
    let n = m
        .staff
        .iter()
        .filter(|s| s.roles.contains(&Role::JobDeveloper))
        .count();
    if n < m.job_developers_min as usize {
        found.add(
            Rule::Job1,
            "",
            "",
            "",
            fnd!(Msg::FewJobDevelopers, n, m.job_developers_min),
        );
    }
}

/// MODEL-ROOM: a room holds one event at a time (consultation and office days use
/// their own rooms and are left out).
fn rooms(f: &Facts<'_>, found: &mut Found) {
    let mut uses: BTreeMap<(usize, usize, NaiveDate), Vec<&Ev<'_>>> = BTreeMap::new();
    for ev in &f.events {
        if matches!(
            ev.kind,
            Some(EventKind::Consultation) | Some(EventKind::Office)
        ) {
            continue;
        }
        if let (Some(v), Some(r), Some(d), Some(_)) = (ev.venue, ev.room, ev.date, ev.window) {
            uses.entry((v, r, d)).or_default().push(ev);
        }
    }
    for ((_, _, d), evs) in uses {
        for (i, a) in evs.iter().enumerate() {
            for b in &evs[i + 1..] {
                let (Some(wa), Some(wb)) = (a.window, b.window) else {
                    continue;
                };
                if wa.overlaps(&wb) {
                    found.add(
                        Rule::ModelRoom,
                        &d.to_string(),
                        &b.raw.event_id,
                        "",
                        fnd!(
                            Msg::RoomTwice,
                            ev_venue(f.model, a),
                            &a.raw.room,
                            &a.raw.event_id,
                            window_text(wa),
                            &b.raw.event_id,
                            window_text(wb),
                            Arg::Date(d.to_string())
                        ),
                    );
                }
            }
        }
    }
}
