//! Calendar rules: the period and closed days for every event (CAL-1..CAL-4), and
//! which consultation days exist and where substitutes go (CON-1, CON-2, CAL-5).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Weekday};

use super::finding::{fnd, Arg, Msg};
use super::{ev_venue, venue_arg, window_text, Ev, Facts, Found};
use crate::calendar::holidays::{holiday_name, is_holiday};
use crate::model::Model;
use crate::model::{weekday_id, EventKind, Rule};

pub(super) fn check(f: &Facts<'_>, found: &mut Found) {
    closed_days(f, found);
    let days = ConsultationDays::read(f, found);
    holidays_substituted(f, &days, found);
    pattern_days_held(f, &days, found);
    one_consultation_a_day(f, &days, found);
    no_unplanned_consultation_days(f, &days, found);
    substitute_days(f, &days, found);
}

/// CAL-1..CAL-4: every event lies in the period and on an open day; substitutes too.
fn closed_days(f: &Facts<'_>, found: &mut Found) {
    let m = f.model;
    for ev in &f.events {
        let Some(d) = ev.date else { continue };
        let what = Arg::Kind(ev.raw.kind.clone());
        let day = Arg::Date(d.to_string());
        if !m.period.contains(d) {
            found.event(
                Rule::Cal1,
                ev,
                fnd!(
                    Msg::OutsideYear,
                    what.clone(),
                    day.clone(),
                    Arg::Date(m.period.from.to_string()),
                    Arg::Date(m.period.to.to_string())
                ),
            );
        }
        if let Some(name) = holiday_name(d) {
            found.event(
                Rule::Cal2,
                ev,
                fnd!(
                    Msg::OnHoliday,
                    what.clone(),
                    ev_venue(m, ev),
                    day.clone(),
                    name
                ),
            );
        }
        if m.closures.in_year_end(d) {
            found.event(
                Rule::Cal3,
                ev,
                fnd!(Msg::InYearEnd, what.clone(), ev_venue(m, ev), day.clone()),
            );
        }
        for (closed, note) in &m.closures.designated {
            if *closed == d {
                found.event(
                    Rule::Cal4,
                    ev,
                    fnd!(
                        Msg::OnClosureDay,
                        what.clone(),
                        ev_venue(m, ev),
                        day.clone(),
                        note
                    ),
                );
            }
        }
    }
}

/// The consultation days by the weekday patterns and the consultation events planned
/// (CON-1, CAL-5), keyed by (municipality index, date).
struct ConsultationDays<'f, 'a> {
    /// Pattern days before holidays -> venues of the matching patterns.
    pattern: BTreeMap<(usize, NaiveDate), Vec<usize>>,
    /// Consultation events by the date they are held.
    held: BTreeMap<(usize, NaiveDate), Vec<&'f Ev<'a>>>,
    /// Substitute consultation events by their original date.
    substitutes: BTreeMap<(usize, NaiveDate), Vec<&'f Ev<'a>>>,
}

impl<'f, 'a> ConsultationDays<'f, 'a> {
    /// Expands the patterns and sorts the consultation events; reports CON-2 (hours)
    /// and CON-1 (a consultation day outside the municipalities) on the way.
    fn read(f: &'f Facts<'a>, found: &mut Found) -> Self {
        let m = f.model;
        let mut pattern: BTreeMap<(usize, NaiveDate), Vec<usize>> = BTreeMap::new();
        for d in m.period.days() {
            for p in &m.patterns {
                if p.matches(d) {
                    let venues = pattern.entry((p.municipality, d)).or_default();
                    if !venues.contains(&p.venue) {
                        venues.push(p.venue);
                    }
                }
            }
        }
        let mut held: BTreeMap<(usize, NaiveDate), Vec<&Ev<'_>>> = BTreeMap::new();
        let mut substitutes: BTreeMap<(usize, NaiveDate), Vec<&Ev<'_>>> = BTreeMap::new();
        for ev in f.events.iter().filter(|e| e.is(EventKind::Consultation)) {
            if let Some(w) = ev.window {
                if w != m.consultation.window {
                    found.event(
                        Rule::Con2,
                        ev,
                        fnd!(
                            Msg::ConsultationHours,
                            window_text(w),
                            window_text(m.consultation.window)
                        ),
                    );
                }
            }
            let Some(mi) = ev.municipality() else {
                if ev.place.is_some() {
                    found.event(
                        Rule::Con1,
                        ev,
                        fnd!(Msg::ConsultationInTown, super::ev_place(m, ev)),
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
        ConsultationDays {
            pattern,
            held,
            substitutes,
        }
    }

    /// Pattern days that are open (not closed, CAL-3/CAL-4) and on a national holiday
    /// or not, as `holiday` asks.
    fn open_pattern_days<'s>(
        &'s self,
        m: &'s Model,
        holiday: bool,
    ) -> impl Iterator<Item = (usize, NaiveDate, &'s [usize])> + 's {
        let closures = &m.closures;
        self.pattern.iter().filter_map(move |(&(mi, d), venues)| {
            (!closures.is_closed(d) && is_holiday(d) == holiday).then_some((
                mi,
                d,
                venues.as_slice(),
            ))
        })
    }
}

fn muni_id(m: &Model, i: usize) -> Arg {
    super::place_arg(m, crate::model::Place::Municipality(i))
}

fn venue_list(m: &Model, vs: &[usize]) -> Arg {
    Arg::Or(
        vs.iter()
            .map(|&v| m.venues.get(v).map_or(Arg::from("?"), venue_arg))
            .collect(),
    )
}

/// CAL-5: a pattern day on a national holiday has exactly one substitute, on the day
/// the model fixes when it fixes one.
fn holidays_substituted(f: &Facts<'_>, days: &ConsultationDays<'_, '_>, found: &mut Found) {
    let m = f.model;
    for (mi, d, _) in days.open_pattern_days(m, true) {
        let mid = muni_id(m, mi);
        let subs = days
            .substitutes
            .get(&(mi, d))
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        if subs.is_empty() {
            found.add(
                Rule::Cal5,
                &d.to_string(),
                "",
                "",
                fnd!(
                    Msg::NoSubstitute,
                    mid.clone(),
                    Arg::Date(d.to_string()),
                    holiday_name(d).unwrap_or("holiday")
                ),
            );
        }
        if subs.len() > 1 {
            let ids: Vec<&str> = subs.iter().map(|e| e.raw.event_id.as_str()).collect();
            found.add(
                Rule::Cal5,
                &d.to_string(),
                "",
                "",
                fnd!(
                    Msg::ManySubstitutes,
                    mid.clone(),
                    Arg::Date(d.to_string()),
                    subs.len(),
                    Arg::List(ids.iter().map(|s| s.to_string()).collect())
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
                        Rule::Cal5,
                        ev,
                        fnd!(
                            Msg::SubstituteNotFixedDay,
                            mid.clone(),
                            Arg::Date(d.to_string()),
                            Arg::Date(ev.raw.date.clone()),
                            Arg::Date(s.substitute.to_string())
                        ),
                    );
                }
            }
        }
    }
}

/// CON-1: every open pattern day that is not a holiday has a consultation event of
/// its own (a substitute placed there does not count), at the pattern's venue.
fn pattern_days_held(f: &Facts<'_>, days: &ConsultationDays<'_, '_>, found: &mut Found) {
    let m = f.model;
    for (mi, d, venues) in days.open_pattern_days(m, false) {
        let mid = muni_id(m, mi);
        let regular: Vec<&Ev<'_>> = days
            .held
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
                Rule::Con1,
                &d.to_string(),
                "",
                "",
                fnd!(
                    Msg::PatternDayMissing,
                    mid.clone(),
                    d,
                    Arg::Weekdays(vec![weekday_id(d.weekday()).to_string()]),
                    venue_list(m, venues),
                    Arg::Date(d.to_string())
                ),
            ),
            evs => {
                if !evs
                    .iter()
                    .any(|e| e.venue.is_some_and(|v| venues.contains(&v)))
                {
                    for ev in evs {
                        found.event(
                            Rule::Con1,
                            ev,
                            fnd!(
                                Msg::PatternVenue,
                                mid.clone(),
                                Arg::Date(d.to_string()),
                                ev_venue(m, ev),
                                venue_list(m, venues)
                            ),
                        );
                    }
                }
            }
        }
    }
}

/// CON-1: one consultation event per municipality and date.
fn one_consultation_a_day(f: &Facts<'_>, days: &ConsultationDays<'_, '_>, found: &mut Found) {
    for (&(mi, d), evs) in &days.held {
        if evs.len() > 1 {
            let ids: Vec<&str> = evs.iter().map(|e| e.raw.event_id.as_str()).collect();
            found.add(
                Rule::Con1,
                &d.to_string(),
                "",
                "",
                fnd!(
                    Msg::TwoConsultationsADay,
                    muni_id(f.model, mi),
                    Arg::Date(d.to_string()),
                    evs.len(),
                    Arg::List(ids.iter().map(|s| s.to_string()).collect())
                ),
            );
        }
    }
}

/// CON-1: a consultation event without an original date falls on a pattern day.
fn no_unplanned_consultation_days(
    f: &Facts<'_>,
    days: &ConsultationDays<'_, '_>,
    found: &mut Found,
) {
    for (&(mi, d), evs) in &days.held {
        if days.pattern.contains_key(&(mi, d)) {
            continue;
        }
        for ev in evs.iter().filter(|e| e.original.is_none()) {
            found.event(
                Rule::Con1,
                ev,
                fnd!(
                    Msg::NotAPatternDay,
                    muni_id(f.model, mi),
                    d,
                    Arg::Weekdays(vec![weekday_id(d.weekday()).to_string()]),
                    Arg::Date(d.to_string())
                ),
            );
        }
    }
}

/// CON-1, CAL-3, CAL-4, CAL-5: a substitute stands in for a pattern day that is a
/// national holiday (not a closed day), near it, not on a Sunday, at a venue usable
/// that day and the original day's venue.
fn substitute_days(f: &Facts<'_>, days: &ConsultationDays<'_, '_>, found: &mut Found) {
    let m = f.model;
    for (&(mi, d), evs) in &days.held {
        let mid = muni_id(m, mi);
        for ev in evs {
            let Some(o) = ev.original else { continue };
            let Some(orig_venues) = days.pattern.get(&(mi, o)) else {
                found.event(
                    Rule::Con1,
                    ev,
                    fnd!(
                        Msg::SubstituteForNonPatternDay,
                        mid.clone(),
                        Arg::Date(o.to_string())
                    ),
                );
                continue;
            };
            if m.closures.in_year_end(o) {
                found.event(
                    Rule::Cal3,
                    ev,
                    fnd!(
                        Msg::SubstituteForYearEnd,
                        mid.clone(),
                        Arg::Date(o.to_string())
                    ),
                );
                continue;
            }
            if m.closures.designated.iter().any(|(x, _)| *x == o) {
                found.event(
                    Rule::Cal4,
                    ev,
                    fnd!(
                        Msg::SubstituteForClosureDay,
                        mid.clone(),
                        Arg::Date(o.to_string())
                    ),
                );
                continue;
            }
            if !is_holiday(o) {
                found.event(
                    Rule::Cal5,
                    ev,
                    fnd!(
                        Msg::SubstituteForWorkday,
                        mid.clone(),
                        Arg::Date(o.to_string())
                    ),
                );
                continue;
            }
            // Holidays and closures of the substitute itself are reported by CAL-2..CAL-4.
            if d.weekday() == Weekday::Sun {
                found.event(
                    Rule::Cal5,
                    ev,
                    fnd!(
                        Msg::SubstituteOnSunday,
                        mid.clone(),
                        Arg::Date(o.to_string()),
                        d
                    ),
                );
            }
            let distance = (d - o).num_days().unsigned_abs();
            let limit = u64::from(m.consultation.max_substitute_distance_days);
            if distance == 0 || distance > limit {
                found.event(
                    Rule::Cal5,
                    ev,
                    fnd!(
                        Msg::SubstituteTooFar,
                        mid.clone(),
                        Arg::Date(d.to_string()),
                        distance,
                        Arg::Date(o.to_string()),
                        limit
                    ),
                );
            }
            if let Some(v) = ev.venue.and_then(|v| m.venues.get(v)) {
                if !v.usable_on(d) {
                    found.event(
                        Rule::Cal5,
                        ev,
                        fnd!(
                            Msg::SubstituteVenueClosed,
                            mid.clone(),
                            Arg::Date(d.to_string()),
                            venue_arg(v),
                            Arg::Weekdays(vec![weekday_id(d.weekday()).to_string()])
                        ),
                    );
                }
            }
            if ev.venue.is_some_and(|v| !orig_venues.contains(&v)) {
                found.event(
                    Rule::Cal5,
                    ev,
                    fnd!(
                        Msg::SubstituteVenue,
                        mid.clone(),
                        Arg::Date(o.to_string()),
                        ev_venue(m, ev),
                        venue_list(m, orig_venues)
                    ),
                );
            }
        }
    }
}
