//! Other events and the office: the yearly series (OUT-1, ONE-1, FAIR-1, RT-1), office
//! days (OFF-1), job developers (JOB-1) and one event per room at a time (MODEL-ROOM).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};

use super::staffing::duty_for;
use super::{period_months, window_text, Duty, Ev, Facts, Found};
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
                format!(
                    "{} event that belongs to no event series of the model (no {} series, or none whose id starts `{}`)",
                    kind.id(),
                    kind.id(),
                    ev.raw.event_id
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
                    format!(
                        "{}: {n} events in {y}-{mo:02}, exactly {pm} a month required",
                        s.id
                    ),
                );
            }
        }
    } else if evs.len() < s.count as usize {
        found.add(
            rule,
            "",
            "",
            "",
            format!(
                "{}: {} events in the year, at least {} required",
                s.id,
                evs.len(),
                s.count
            ),
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
                format!(
                    "{} held {} but the series runs {}",
                    s.id,
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
                format!(
                    "{} in room {}/{}, which is not one of the series' rooms",
                    s.id, ev.raw.venue, ev.raw.room
                ),
            );
        }
    }
    if let Some(d) = ev.date {
        if let Some(v) = venue {
            if !ev.room.map_or(v.usable_on(d), |r| v.room_usable_on(r, d)) {
                found.event(
                    rule,
                    ev,
                    format!(
                        "venue {} cannot be used on {} ({d})",
                        v.id,
                        weekday_id(d.weekday())
                    ),
                );
            }
        }
        if !s.weekdays.contains(&d.weekday()) {
            let days: Vec<&str> = s.weekdays.iter().map(|w| weekday_id(*w)).collect();
            found.event(
                rule,
                ev,
                format!(
                    "{} on a {} ({d}); the series is held on {}",
                    s.id,
                    weekday_id(d.weekday()),
                    days.join(",")
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
                    format!(
                        "room {}/{} holds {} people but the event is for {c}",
                        v.id, room.id, room.capacity
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
            format!(
                "outreach seminar planned for {} people, at least {} required",
                other.map_or("no".to_string(), |c| c.to_string()),
                s.participants
            ),
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
            format!(
                "outreach seminar held in {}, one of the programme's municipalities; outreach goes elsewhere",
                m.municipalities.get(mi).map_or("?", |x| x.id.as_str())
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
            format!(
                "{} on {}: nobody at the event meets CON-5 (registered, at least {} year(s) of practice) for its consultation slots; place a qualified consultant or a lecturer who meets it",
                ev.raw.event_id, ev.raw.date, m.consultation.min_experience_years
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
                    format!(
                        "{} on {}: {n} {} assigned, at least {required} required",
                        ev.raw.event_id,
                        ev.raw.date,
                        duty.id()
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
            found.event(
                rule,
                ev,
                format!(
                    "topic `{}` is not one of the topics of {}",
                    ev.raw.theme, s.id
                ),
            );
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
            format!(
                "{}: topic(s) {} never occur in the year",
                s.id,
                missing.join(", ")
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
                    format!(
                        "office open on a {} ({d}); the office's days are {}",
                        weekday_id(d.weekday()),
                        days(o)
                    ),
                );
            }
        }
        if ev.venue.is_some_and(|v| v != o.venue) {
            found.event(
                Rule::Off1,
                ev,
                format!(
                    "office day at {}; the office is at {}",
                    ev.raw.venue,
                    m.venues.get(o.venue).map_or("?", |v| v.id.as_str())
                ),
            );
        }
        if let Some(w) = ev.window {
            if w != o.window {
                found.event(
                    Rule::Off1,
                    ev,
                    format!(
                        "office hours {} but the office is open {}",
                        window_text(w),
                        window_text(o.window)
                    ),
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
                    format!(
                        "office on {}: {n} {} assigned, at least {required} required",
                        ev.raw.date,
                        duty.id()
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
                format!(
                    "{d} ({}) is an office day but no office event is planned",
                    weekday_id(d.weekday())
                ),
            ),
            1 => {}
            n => found.add(
                Rule::Off1,
                &d.to_string(),
                "",
                "",
                format!("{n} office events on {d}; the office opens once a day"),
            ),
        }
    }
}

fn days(o: &crate::model::OfficeRules) -> String {
    o.weekdays
        .iter()
        .map(|w| weekday_id(*w))
        .collect::<Vec<_>>()
        .join(",")
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
            format!(
                "{n} job developers on the staff, at least {} required",
                m.job_developers_min
            ),
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
                        format!(
                            "room {}/{} holds {} ({}) and {} ({}) at the same time on {d}",
                            a.raw.venue,
                            a.raw.room,
                            a.raw.event_id,
                            window_text(wa),
                            b.raw.event_id,
                            window_text(wb)
                        ),
                    );
                }
            }
        }
    }
}
