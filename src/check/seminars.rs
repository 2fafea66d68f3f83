//! Job-support seminars: quotas, hours, rooms, lecturers, reception, themes and
//! spread (SEM-1..SEM-6, SEM-8).

use std::collections::{BTreeMap, BTreeSet};

use chrono::Datelike;

use super::finding::{fnd, Arg, Msg};
use super::{ev_place, ev_venue, place_arg, venue_arg, window_text, Duty, Ev, Facts, Found};
use crate::model::Place;
use crate::model::{weekday_id, EventKind, Rule, SeminarQuota, SeminarType};

pub(super) fn check(f: &Facts<'_>, found: &mut Found) {
    let seminars: Vec<(usize, &Ev<'_>)> = f
        .events
        .iter()
        .enumerate()
        .filter(|(_, e)| e.is(EventKind::Seminar))
        .collect();
    for &(i, ev) in &seminars {
        seminar_hours(f, ev, found);
        seminar_room_and_capacity(f, ev, found);
        seminar_day(f, ev, found);
        seminar_staff(f, i, ev, found);
        childcare(f, i, ev, found);
    }
    quotas(f, &seminars, found);
    themes(f, &seminars, found);
}

/// Quotas of one municipality (normally one).
fn quotas_of<'m>(f: &Facts<'m>, municipality: usize) -> Vec<&'m SeminarQuota> {
    f.model
        .seminar_quotas
        .iter()
        .filter(|q| q.municipality == municipality)
        .collect()
}

/// SEM-2: a seminar runs in the seminars' hours.
fn seminar_hours(f: &Facts<'_>, ev: &Ev<'_>, found: &mut Found) {
    let rules = &f.model.seminars;
    if let Some(w) = ev.window {
        if w != rules.window {
            found.event(
                Rule::Sem2,
                ev,
                fnd!(Msg::SeminarHours, window_text(w), window_text(rules.window)),
            );
        }
    }
}

/// SEM-3: a seminar is in one of its municipality's rooms while the quota holds it,
/// planned for the quota's capacity, in a room that seats that many.
fn seminar_room_and_capacity(f: &Facts<'_>, ev: &Ev<'_>, found: &mut Found) {
    let m = f.model;
    if let Some(mi) = ev.municipality() {
        let qs = quotas_of(f, mi);
        let here = |q: &SeminarQuota| matches!((ev.venue, ev.room), (Some(v), Some(r)) if q.rooms.contains(&(v, r)));
        let quota = qs.iter().find(|q| here(q)).or(qs.first());
        if let Some(q) = quota {
            if !qs.iter().any(|q| here(q)) && ev.venue.is_some() && ev.room.is_some() {
                let rooms: Vec<String> = q
                    .rooms
                    .iter()
                    .map(|&(v, r)| {
                        let venue = m.venues.get(v);
                        let room = venue.and_then(|x| x.rooms.get(r));
                        format!(
                            "{}/{}",
                            venue.map_or("?", |x| x.id.as_str()),
                            room.map_or("?", |x| x.id.as_str())
                        )
                    })
                    .collect();
                found.event(
                    Rule::Sem3,
                    ev,
                    fnd!(
                        Msg::SeminarRoomNotOwn,
                        ev_place(m, ev),
                        ev_venue(m, ev),
                        &ev.raw.room,
                        Arg::List(rooms)
                    ),
                );
            }
            if let (Some(v), Some(r), Some(d)) = (ev.venue, ev.room, ev.date) {
                if q.rooms.contains(&(v, r)) && !q.room_open((v, r), d) {
                    found.event(
                        Rule::Sem3,
                        ev,
                        fnd!(
                            Msg::SeminarRoomNotHeld,
                            ev_place(m, ev),
                            ev_venue(m, ev),
                            &ev.raw.room,
                            Arg::Date(d.to_string())
                        ),
                    );
                }
            }
            match ev.raw.capacity {
                None => found.event(Rule::Sem3, ev, fnd!(Msg::SeminarNoCapacity, q.capacity)),
                Some(c) if c != q.capacity => found.event(
                    Rule::Sem3,
                    ev,
                    fnd!(Msg::SeminarCapacity, c, ev_place(m, ev), q.capacity),
                ),
                Some(_) => {}
            }
        }
    }
    let venue = ev.venue.and_then(|v| m.venues.get(v));
    if let (Some(v), Some(r), Some(c)) = (venue, ev.room, ev.raw.capacity) {
        if let Some(room) = v.rooms.get(r) {
            if room.capacity < c {
                found.event(
                    Rule::Sem3,
                    ev,
                    fnd!(Msg::RoomTooSmall, venue_arg(v), &room.id, room.capacity, c),
                );
            }
        }
    }
}

/// SEM-3: a seminar is on a seminar weekday, on a day its venue (room) can be used.
fn seminar_day(f: &Facts<'_>, ev: &Ev<'_>, found: &mut Found) {
    let m = f.model;
    let rules = &m.seminars;
    let venue = ev.venue.and_then(|v| m.venues.get(v));
    if let Some(d) = ev.date {
        if let Some(v) = venue {
            if !ev.room.map_or(v.usable_on(d), |r| v.room_usable_on(r, d)) {
                found.event(
                    Rule::Sem3,
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
        if !rules.weekdays.contains(&d.weekday()) {
            let days: Vec<&str> = rules.weekdays.iter().map(|w| weekday_id(*w)).collect();
            found.event(
                Rule::Sem3,
                ev,
                fnd!(
                    Msg::SeminarWeekday,
                    Arg::Weekdays(vec![weekday_id(d.weekday()).to_string()]),
                    d,
                    Arg::Weekdays(days.iter().map(|w| w.to_string()).collect()),
                    Arg::Date(d.to_string())
                ),
            );
        }
    }
}

/// SEM-4, SEM-5: exactly one lecturer and enough reception staff (their
/// qualifications are checked per assignment).
fn seminar_staff(f: &Facts<'_>, i: usize, ev: &Ev<'_>, found: &mut Found) {
    let rules = &f.model.seminars;
    let lecturers = f
        .assignments_of(i)
        .filter(|a| a.duty == Some(Duty::Lecturer))
        .count();
    if lecturers != 1 {
        found.event(
            Rule::Sem4,
            ev,
            fnd!(
                Msg::SeminarLecturers,
                ev_place(f.model, ev),
                Arg::Date(ev.raw.date.clone()),
                lecturers,
                ev_venue(f.model, ev)
            ),
        );
    }
    let reception = f
        .assignments_of(i)
        .filter(|a| a.duty == Some(Duty::Reception))
        .count();
    if reception < rules.reception_per_seminar as usize {
        found.event(
            Rule::Sem5,
            ev,
            fnd!(
                Msg::SeminarReception,
                ev_place(f.model, ev),
                Arg::Date(ev.raw.date.clone()),
                reception,
                rules.reception_per_seminar,
                ev_venue(f.model, ev)
            ),
        );
    }
}

/// SEM-7: a women's seminar of a quota that runs its nursery at the venue has the
/// quota's `childcare_workers` rostered (their role is checked per assignment).
fn childcare(f: &Facts<'_>, i: usize, ev: &Ev<'_>, found: &mut Found) {
    if ev.seminar_type != Some(SeminarType::Women) {
        return;
    }
    let Some(mi) = ev.municipality() else {
        return;
    };
    let required: u32 = quotas_of(f, mi)
        .iter()
        .map(|q| q.childcare_workers)
        .max()
        .unwrap_or(0);
    let n = f
        .assignments_of(i)
        .filter(|a| a.duty == Some(Duty::Childcare))
        .count();
    if n < required as usize {
        found.event(
            Rule::Sem7,
            ev,
            fnd!(
                Msg::SeminarChildcare,
                ev_place(f.model, ev),
                Arg::Date(ev.raw.date.clone()),
                n,
                required,
                ev_venue(f.model, ev)
            ),
        );
    }
}

/// SEM-1 (counts per municipality and type) and SEM-8 (no month above its even share,
/// counted over the months PR-1's lead time leaves: all of them unless it is hard).
fn quotas(f: &Facts<'_>, seminars: &[(usize, &Ev<'_>)], found: &mut Found) {
    let m = f.model;
    let months = super::publicity::spread_months(m);
    // (municipality, type) -> (year, month) -> seminars
    let mut held: BTreeMap<(usize, SeminarType), BTreeMap<(i32, u32), usize>> = BTreeMap::new();
    for &(_, ev) in seminars {
        let Some(t) = ev.seminar_type else { continue };
        let Some(mi) = ev.municipality() else {
            if ev.place.is_some() {
                found.event(Rule::Sem1, ev, fnd!(Msg::SeminarNoQuota, ev_place(m, ev)));
            }
            continue;
        };
        let per_month = held.entry((mi, t)).or_default();
        match ev.date {
            Some(d) => *per_month.entry((d.year(), d.month())).or_default() += 1,
            // Counted for SEM-1 even without a readable date.
            None => *per_month.entry((0, 0)).or_default() += 1,
        }
    }
    for mi in 0..m.municipalities.len() {
        for t in SeminarType::ALL {
            let required: u32 = quotas_of(f, mi).iter().map(|q| q.counts[t.index()]).sum();
            let by_month = held.get(&(mi, t));
            let planned: usize = by_month.map_or(0, |b| b.values().sum());
            if planned != required as usize {
                found.add(
                    Rule::Sem1,
                    "",
                    "",
                    "",
                    fnd!(
                        Msg::SeminarQuota,
                        place_arg(m, Place::Municipality(mi)),
                        planned,
                        Arg::SeminarType(t.id().to_string()),
                        required
                    ),
                );
            }
            if required == 0 {
                continue;
            }
            let cap = required.div_ceil(months) as usize;
            for (&(y, mo), &n) in by_month.into_iter().flatten() {
                if y != 0 && n > cap {
                    found.add(
                        Rule::Sem8,
                        "",
                        "",
                        "",
                        fnd!(
                            Msg::SeminarSpread,
                            place_arg(m, Place::Municipality(mi)),
                            n,
                            Arg::SeminarType(t.id().to_string()),
                            Arg::Month(y, mo),
                            required,
                            cap
                        ),
                    );
                }
            }
        }
    }
}

/// SEM-6: themes are the type's; rotating types share one theme a month and change
/// it from month to month; each type uses enough different themes over the year.
fn themes(f: &Facts<'_>, seminars: &[(usize, &Ev<'_>)], found: &mut Found) {
    let rules = &f.model.seminars;
    for t in SeminarType::ALL {
        let rule = &rules.themes[t.index()];
        let of_type: Vec<&Ev<'_>> = seminars
            .iter()
            .map(|&(_, e)| e)
            .filter(|e| e.seminar_type == Some(t))
            .collect();
        if of_type.is_empty() {
            continue;
        }
        let mut used: BTreeSet<&str> = BTreeSet::new();
        let mut by_month: BTreeMap<(i32, u32), BTreeSet<&str>> = BTreeMap::new();
        for ev in &of_type {
            let theme = ev.raw.theme.as_str();
            if !rule.themes.is_empty() && !rule.themes.iter().any(|x| x == theme) {
                found.event(
                    Rule::Sem6,
                    ev,
                    fnd!(
                        Msg::ThemeUnknown,
                        theme,
                        Arg::SeminarType(t.id().to_string())
                    ),
                );
            } else {
                used.insert(theme);
            }
            if let Some(d) = ev.date {
                by_month
                    .entry((d.year(), d.month()))
                    .or_default()
                    .insert(theme);
            }
        }
        if rule.rotate_monthly {
            for ((y, mo), set) in &by_month {
                if set.len() > 1 {
                    found.add(
                        Rule::Sem6,
                        "",
                        "",
                        "",
                        fnd!(
                            Msg::ThemesInMonth,
                            Arg::SeminarType(t.id().to_string()),
                            Arg::Month(*y, *mo),
                            set.len(),
                            Arg::List(set.iter().map(|s| s.to_string()).collect())
                        ),
                    );
                }
            }
            if rule.themes.len() > 1 {
                let months: Vec<(&(i32, u32), &BTreeSet<&str>)> = by_month.iter().collect();
                for pair in months.windows(2) {
                    let [(a, ta), (b, tb)] = pair else { continue };
                    let next = if a.1 == 12 {
                        (a.0 + 1, 1)
                    } else {
                        (a.0, a.1 + 1)
                    };
                    if **b == next && ta.len() == 1 && ta == tb {
                        found.add(
                            Rule::Sem6,
                            "",
                            "",
                            "",
                            fnd!(
                                Msg::ThemeKept,
                                Arg::SeminarType(t.id().to_string()),
                                ta.iter().next().copied().unwrap_or_default(),
                                Arg::Month(a.0, a.1),
                                Arg::Month(b.0, b.1)
                            ),
                        );
                    }
                }
            }
        }
        let minimum = match t {
            SeminarType::Senior => 3,
            SeminarType::Women | SeminarType::AllAges => 2,
            SeminarType::Health => 1,
        };
        let units = if rule.rotate_monthly {
            by_month.len()
        } else {
            of_type.len()
        };
        let need = minimum.min(rule.themes.len()).min(units);
        if used.len() < need {
            found.add(
                Rule::Sem6,
                "",
                "",
                "",
                fnd!(
                    Msg::FewThemes,
                    Arg::SeminarType(t.id().to_string()),
                    used.len(),
                    need
                ),
            );
        }
    }
}
