//! Calendar rules: the period and closed days for every event (CAL-1..CAL-4), and
//! which consultation days exist and where substitutes go (CON-1, CON-2, CAL-5).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Weekday};

use super::{window_text, Ev, Facts, Found};
use crate::calendar::holidays::{holiday_name, is_holiday};
use crate::model::{weekday_id, EventKind};

pub(super) fn check(f: &Facts<'_>, found: &mut Found) {
    closed_days(f, found);
    consultation_days(f, found);
}

/// CAL-1..CAL-4: every event lies in the period and on an open day; substitutes too.
fn closed_days(f: &Facts<'_>, found: &mut Found) {
    let m = f.model;
    for ev in &f.events {
        let Some(d) = ev.date else { continue };
        let what = ev.raw.kind.as_str();
        if !m.period.contains(d) {
            found.event(
                "CAL-1",
                ev,
                format!(
                    "{what} on {d} lies outside the fiscal year {} .. {}",
                    m.period.from, m.period.to
                ),
            );
        }
        if let Some(name) = holiday_name(d) {
            found.event(
                "CAL-2",
                ev,
                format!(
                    "{what} at {} on {d}, a national holiday ({name})",
                    ev.raw.venue
                ),
            );
        }
        if m.closures.in_year_end(d) {
            found.event(
                "CAL-3",
                ev,
                format!("{what} at {} on {d}, in the year-end closure", ev.raw.venue),
            );
        }
        for (day, note) in &m.closures.designated {
            if *day == d {
                found.event(
                    "CAL-4",
                    ev,
                    format!(
                        "{what} at {} on {d}, a designated closure day ({note})",
                        ev.raw.venue
                    ),
                );
            }
        }
    }
}

/// CON-1, CON-2 and CAL-5: pattern days are held, holidays are substituted, and
/// nothing else is a consultation day.
fn consultation_days(f: &Facts<'_>, found: &mut Found) {
    let m = f.model;
    // Pattern days before holidays: (municipality, date) -> venues of matching patterns.
    let mut pattern_days: BTreeMap<(usize, NaiveDate), Vec<usize>> = BTreeMap::new();
    for d in m.period.days() {
        for p in &m.patterns {
            if p.matches(d) {
                let venues = pattern_days.entry((p.municipality, d)).or_default();
                if !venues.contains(&p.venue) {
                    venues.push(p.venue);
                }
            }
        }
    }
    let muni_id = |i: usize| m.municipalities.get(i).map_or("?", |x| x.id.as_str());
    let venue_id = |i: usize| m.venues.get(i).map_or("?", |x| x.id.as_str());
    let venue_list = |vs: &[usize]| {
        vs.iter()
            .map(|&v| venue_id(v))
            .collect::<Vec<_>>()
            .join(" or ")
    };

    // Consultation events by (municipality, date), and substitutes by (municipality, original).
    let mut held: BTreeMap<(usize, NaiveDate), Vec<&Ev<'_>>> = BTreeMap::new();
    let mut substitutes: BTreeMap<(usize, NaiveDate), Vec<&Ev<'_>>> = BTreeMap::new();
    for ev in f.events.iter().filter(|e| e.is(EventKind::Consultation)) {
        if let Some(w) = ev.window {
            if w != m.consultation.window {
                found.event(
                    "CON-2",
                    ev,
                    format!(
                        "consultation hours are {} but the duty window is {}",
                        window_text(w),
                        window_text(m.consultation.window)
                    ),
                );
            }
        }
        let Some(mi) = ev.municipality() else {
            if ev.place.is_some() {
                found.event(
                    "CON-1",
                    ev,
                    format!(
                        "consultation day in `{}`, which is not one of the municipalities",
                        ev.raw.municipality
                    ),
                );
            }
            continue;
        };
        let Some(d) = ev.date else { continue };
        held.entry((mi, d)).or_default().push(ev);
        if let Some(o) = ev.original {
            substitutes.entry((mi, o)).or_default().push(ev);
        }
    }

    // (a), (b): every pattern day is held, or substituted when it is a holiday.
    for (&(mi, d), venues) in &pattern_days {
        let mid = muni_id(mi);
        if m.closures.is_closed(d) {
            continue;
        }
        if is_holiday(d) {
            let subs = substitutes.get(&(mi, d)).map(Vec::as_slice).unwrap_or(&[]);
            if subs.is_empty() {
                found.add(
                    "CAL-5",
                    &d.to_string(),
                    "",
                    "",
                    format!(
                        "{mid} {d}: the consultation day falls on a national holiday ({}) and no substitute day is planned",
                        holiday_name(d).unwrap_or("holiday")
                    ),
                );
            }
            if subs.len() > 1 {
                let ids: Vec<&str> = subs.iter().map(|e| e.raw.event_id.as_str()).collect();
                found.add(
                    "CAL-5",
                    &d.to_string(),
                    "",
                    "",
                    format!(
                        "{mid} {d}: {} substitute days planned ({}); one is held",
                        subs.len(),
                        ids.join(", ")
                    ),
                );
            }
            if let Some(s) = m
                .substitutions
                .iter()
                .find(|s| s.municipality == mi && s.original == d)
            {
                for ev in subs {
                    if ev.date.is_some_and(|x| x != s.substitute) {
                        found.event(
                            "CAL-5",
                            ev,
                            format!(
                                "{mid}: the substitute for {d} is on {} but the model fixes it on {}",
                                ev.raw.date, s.substitute
                            ),
                        );
                    }
                }
            }
            continue;
        }
        // A substitute placed on a pattern day does not stand in for that day's own event.
        let regular: Vec<&Ev<'_>> = held
            .get(&(mi, d))
            .map(|evs| {
                evs.iter()
                    .copied()
                    .filter(|e| e.original.is_none())
                    .collect()
            })
            .unwrap_or_default();
        match regular.as_slice() {
            [] => found.add(
                "CON-1",
                &d.to_string(),
                "",
                "",
                format!(
                    "{mid} {d} ({}): a consultation day at {} by the weekday pattern, but no consultation event is planned",
                    weekday_id(d.weekday()),
                    venue_list(venues)
                ),
            ),
            evs => {
                if !evs.iter().any(|e| e.venue.is_some_and(|v| venues.contains(&v))) {
                    for ev in evs {
                        found.event(
                            "CON-1",
                            ev,
                            format!(
                                "{mid} {d}: consultation held at {} but the pattern's venue is {}",
                                ev.raw.venue,
                                venue_list(venues)
                            ),
                        );
                    }
                }
            }
        }
    }

    // (c), CAL-5: every consultation event is a pattern day or a proper substitute.
    for (&(mi, d), evs) in &held {
        let mid = muni_id(mi);
        // (d) one consultation event per municipality and date.
        if evs.len() > 1 {
            let ids: Vec<&str> = evs.iter().map(|e| e.raw.event_id.as_str()).collect();
            found.add(
                "CON-1",
                &d.to_string(),
                "",
                "",
                format!(
                    "{mid} {d}: {} consultation events on one day ({})",
                    evs.len(),
                    ids.join(", ")
                ),
            );
        }
        for ev in evs {
            let Some(o) = ev.original else {
                if !pattern_days.contains_key(&(mi, d)) {
                    found.event(
                        "CON-1",
                        ev,
                        format!(
                            "{mid} {d} ({}) is not a consultation day of its weekday pattern and the event has no original_date",
                            weekday_id(d.weekday())
                        ),
                    );
                }
                continue;
            };
            let Some(orig_venues) = pattern_days.get(&(mi, o)) else {
                found.event(
                    "CON-1",
                    ev,
                    format!("{mid}: substitute for {o}, which is not a consultation day of its weekday pattern"),
                );
                continue;
            };
            if m.closures.in_year_end(o) {
                found.event(
                    "CAL-3",
                    ev,
                    format!("{mid}: substitute for {o}, in the year-end closure; closed days are not substituted"),
                );
                continue;
            }
            if m.closures.designated.iter().any(|(x, _)| *x == o) {
                found.event(
                    "CAL-4",
                    ev,
                    format!("{mid}: substitute for {o}, a designated closure day; closed days are not substituted"),
                );
                continue;
            }
            if !is_holiday(o) {
                found.event(
                    "CAL-5",
                    ev,
                    format!("{mid}: substitute for {o}, which is not a holiday; that day is held as usual"),
                );
                continue;
            }
            // Holidays and closures of the substitute itself are reported by CAL-2..CAL-4.
            if d.weekday() == Weekday::Sun {
                found.event(
                    "CAL-5",
                    ev,
                    format!("{mid}: substitute for {o} falls on a Sunday ({d})"),
                );
            }
            let distance = (d - o).num_days().unsigned_abs();
            let limit = u64::from(m.consultation.max_substitute_distance_days);
            if distance == 0 || distance > limit {
                found.event(
                    "CAL-5",
                    ev,
                    format!("{mid}: substitute {d} lies {distance} days from its original {o}; allowed 1..={limit}"),
                );
            }
            if let Some(v) = ev.venue.and_then(|v| m.venues.get(v)) {
                if !v.usable_on(d) {
                    found.event(
                        "CAL-5",
                        ev,
                        format!(
                            "{mid}: substitute on {d}, but venue {} cannot be used on {}",
                            v.id,
                            weekday_id(d.weekday())
                        ),
                    );
                }
            }
            if ev.venue.is_some_and(|v| !orig_venues.contains(&v)) {
                found.event(
                    "CAL-5",
                    ev,
                    format!(
                        "{mid}: substitute for {o} held at {} but the original day's venue is {}",
                        ev.raw.venue,
                        venue_list(orig_venues)
                    ),
                );
            }
        }
    }
}
