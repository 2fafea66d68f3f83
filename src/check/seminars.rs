//! Job-support seminars: quotas, hours, rooms, lecturers, reception, themes and
//! spread (SEM-1..SEM-6, SEM-8).

use std::collections::{BTreeMap, BTreeSet};

use chrono::Datelike;

use super::{window_text, Duty, Ev, Facts, Found};
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
                format!(
                    "seminar held {} but seminars run {}",
                    window_text(w),
                    window_text(rules.window)
                ),
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
                    format!(
                        "{} seminar in room {}/{}, which is not one of its rooms ({})",
                        ev.raw.municipality,
                        ev.raw.venue,
                        ev.raw.room,
                        rooms.join(", ")
                    ),
                );
            }
            if let (Some(v), Some(r), Some(d)) = (ev.venue, ev.room, ev.date) {
                if q.rooms.contains(&(v, r)) && !q.room_open((v, r), d) {
                    found.event(
                        Rule::Sem3,
                        ev,
                        format!(
                            "{} seminars do not use {}/{} on {d} (the room is given up or not yet taken then)",
                            ev.raw.municipality, ev.raw.venue, ev.raw.room
                        ),
                    );
                }
            }
            match ev.raw.capacity {
                None => found.event(
                    Rule::Sem3,
                    ev,
                    format!("seminar has no capacity; it is for {} people", q.capacity),
                ),
                Some(c) if c != q.capacity => found.event(
                    Rule::Sem3,
                    ev,
                    format!(
                        "seminar planned for {c} people; {}'s seminars are for {}",
                        ev.raw.municipality, q.capacity
                    ),
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
                    format!(
                        "room {}/{} holds {} people but the seminar is for {c}",
                        v.id, room.id, room.capacity
                    ),
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
                    format!(
                        "venue {} cannot be used on {} ({d})",
                        v.id,
                        weekday_id(d.weekday())
                    ),
                );
            }
        }
        if !rules.weekdays.contains(&d.weekday()) {
            let days: Vec<&str> = rules.weekdays.iter().map(|w| weekday_id(*w)).collect();
            found.event(
                Rule::Sem3,
                ev,
                format!(
                    "seminar on a {} ({d}); seminars are held on {}",
                    weekday_id(d.weekday()),
                    days.join(",")
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
            format!(
                "{} seminar on {}: {lecturers} lecturers assigned, exactly 1 required",
                ev.raw.municipality, ev.raw.date
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
            format!(
                "{} seminar on {}: {reception} reception staff assigned, at least {} required",
                ev.raw.municipality, ev.raw.date, rules.reception_per_seminar
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
            format!(
                "{} women's seminar on {}: {n} childcare worker(s) assigned, at least {required} required for the nursery at the venue",
                ev.raw.municipality, ev.raw.date
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
                found.event(
                    Rule::Sem1,
                    ev,
                    format!(
                        "seminar in `{}`, which is not a municipality with a seminar quota",
                        ev.raw.municipality
                    ),
                );
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
    for (mi, muni) in m.municipalities.iter().enumerate() {
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
                    format!(
                        "{}: {planned} {} seminars planned, the quota is exactly {required}",
                        muni.id,
                        t.id()
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
                        format!(
                            "{}: {n} {} seminars in {y}-{mo:02}; {required} a year allow at most {cap} a month",
                            muni.id,
                            t.id()
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
                    format!(
                        "theme `{theme}` is not one of the {} seminar themes",
                        t.id()
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
                        format!(
                            "{} seminars in {y}-{mo:02} have {} themes ({}); all seminars of the month share one",
                            t.id(),
                            set.len(),
                            set.iter().copied().collect::<Vec<_>>().join(", ")
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
                            format!(
                                "{} seminars keep the theme `{}` in {}-{:02} and {}-{:02}; the theme changes every month",
                                t.id(),
                                ta.iter().next().copied().unwrap_or_default(),
                                a.0,
                                a.1,
                                b.0,
                                b.1
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
                format!(
                    "{} seminars use {} theme(s) over the year, at least {need} required",
                    t.id(),
                    used.len()
                ),
            );
        }
    }
}
