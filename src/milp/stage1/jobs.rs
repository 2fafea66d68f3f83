//! Stage 1's dates made into the year's concrete events with their staffing needs
//! (CON-3, OFF-1, SEM-4/5/6, OUT-1, ONE-1, FAIR-1, RT-1), the jobs stage 2 staffs.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::super::{Free, FreeOf, Job, JobNeed, Who};
use super::{hhmm, ymd, Stage1};
use crate::demand::{month_index, Demand};
use crate::model::{EventKind, Model, Qualification, Rule, SeminarType};
use crate::plan::Event;

/// Every concrete event of the year with its needs, from the calendar and stage 1.
pub(crate) fn jobs(model: &Model, demand: &Demand, s1: &Stage1) -> Vec<Job> {
    let (seminar_free, series_free) = candidate_dates(model, demand);
    let mut jobs = consultation_days(model, demand);
    jobs.extend(office_days(model, demand));
    jobs.extend(seminars(model, demand, &s1.dates.seminars, &seminar_free));
    jobs.extend(series_events(model, demand, &s1.dates.series, &series_free));
    jobs.sort_by(|a, b| (a.date, &a.event.event_id).cmp(&(b.date, &b.event.event_id)));
    jobs
}

/// Every date and place each quota's seminars and each series' events could have
/// (by quota, by series): any plan stage 1 may return dates its events among these,
/// which is what the joint bound relaxes over and stage 2's targets are computed from.
fn candidate_dates(
    model: &Model,
    demand: &Demand,
) -> (BTreeMap<usize, Free>, BTreeMap<usize, Free>) {
    let free_of = |items: &mut dyn Iterator<Item = (usize, NaiveDate, (usize, usize))>,
                   of: fn(usize) -> FreeOf| {
        let mut m: BTreeMap<usize, Free> = BTreeMap::new();
        for (k, d, (vi, _)) in items {
            let f = m.entry(k).or_default();
            f.of = of(k);
            f.dates.push(d);
            if let Some(v) = model.venues.get(vi) {
                if !f.places.contains(&v.place) {
                    f.places.push(v.place);
                }
            }
        }
        for f in m.values_mut() {
            f.dates.sort();
            f.dates.dedup();
        }
        m
    };
    let seminar_free = free_of(
        &mut demand
            .seminar_candidates
            .iter()
            .map(|c| (c.quota, c.date, c.room)),
        FreeOf::Seminar,
    );
    let series_free = free_of(
        &mut demand
            .series_candidates
            .iter()
            .map(|c| (c.series, c.date, c.room)),
        FreeOf::Series,
    );
    (seminar_free, series_free)
}

/// A consultation day of each municipality (CON-1, CAL-5), staffed by its team (CON-3,
/// CON-4, CON-5).
fn consultation_days(model: &Model, demand: &Demand) -> Vec<Job> {
    let mut jobs = Vec::new();
    let con = model.consultation.window;
    for c in &demand.consultations {
        let m = &model.municipalities[c.municipality];
        let v = &model.venues[c.venue];
        let room = v.rooms.first();
        jobs.push(Job {
            event: Event {
                event_id: format!("con-{}-{}", m.id, ymd(c.date)),
                date: c.date.to_string(),
                start: hhmm(con.start),
                end: hhmm(con.end),
                kind: EventKind::Consultation.id().into(),
                municipality: m.id.clone(),
                venue: v.id.clone(),
                room: room.map(|r| r.id.clone()).unwrap_or_default(),
                room_capacity: room.map(|r| r.capacity),
                capacity: Some(model.consultation.slots.len() as u32),
                seminar_type: String::new(),
                theme: String::new(),
                mode: String::new(),
                original_date: c.original_date.map(|d| d.to_string()).unwrap_or_default(),
            },
            date: c.date,
            window: con,
            place: v.place,
            needs: vec![JobNeed {
                rule: Rule::Con3,
                who: Who::TeamConsultant(c.municipality),
                role: "consultant",
                count: model.consultation.min_consultants,
            }],
            free: None,
        });
    }
    jobs
}

/// The office's open days, with manager, sub-managers and reception (OFF-1).
fn office_days(model: &Model, demand: &Demand) -> Vec<Job> {
    let mut jobs = Vec::new();
    let office = &model.office;
    let ov = &model.venues[office.venue];
    let oroom = ov
        .rooms
        .iter()
        .find(|r| r.id == "office")
        .or(ov.rooms.first());
    for &d in &demand.office_days {
        jobs.push(Job {
            event: Event {
                event_id: format!("office-{}", ymd(d)),
                date: d.to_string(),
                start: hhmm(office.window.start),
                end: hhmm(office.window.end),
                kind: EventKind::Office.id().into(),
                municipality: model.place_id(ov.place).to_string(),
                venue: ov.id.clone(),
                room: oroom.map(|r| r.id.clone()).unwrap_or_default(),
                room_capacity: oroom.map(|r| r.capacity),
                capacity: None,
                seminar_type: String::new(),
                theme: String::new(),
                mode: String::new(),
                original_date: String::new(),
            },
            date: d,
            window: office.window,
            place: ov.place,
            needs: vec![
                JobNeed {
                    rule: Rule::Off1,
                    who: Who::Manager,
                    role: "manager",
                    count: office.managers,
                },
                JobNeed {
                    rule: Rule::Off1,
                    who: Who::SubManager,
                    role: "sub-manager",
                    count: office.sub_managers,
                },
                JobNeed {
                    rule: Rule::Off1,
                    who: Who::Qual(Qualification::Reception),
                    role: "reception",
                    count: office.reception,
                },
            ],
            free: None,
        });
    }
    jobs
}

/// The seminars stage 1 dated, each with a lecturer (SEM-4) and reception (SEM-5), and
/// its theme (SEM-6): rotating types share one theme per month across the programme,
/// changing every month; the others cycle per municipality.
fn seminars(
    model: &Model,
    demand: &Demand,
    chosen: &[(usize, SeminarType)],
    seminar_free: &BTreeMap<usize, Free>,
) -> Vec<Job> {
    let mut jobs = Vec::new();
    let mut chosen: Vec<(usize, SeminarType)> = chosen.to_vec();
    chosen.sort_by_key(|&(ci, t)| {
        (
            demand.seminar_candidates[ci].quota,
            t,
            demand.seminar_candidates[ci].date,
        )
    });
    let mut occurrence: BTreeMap<(usize, SeminarType), usize> = BTreeMap::new();
    // For rotating types, the k-th month (programme-wide) holding such seminars takes
    // theme k mod n: consecutive months differ and as many themes as possible are used.
    let mut month_rank: BTreeMap<(SeminarType, usize), usize> = BTreeMap::new();
    for &(ci, t) in &chosen {
        month_rank.insert(
            (t, month_index(model, demand.seminar_candidates[ci].date)),
            0,
        );
    }
    let mut next: BTreeMap<SeminarType, usize> = BTreeMap::new();
    for ((t, _), rank) in month_rank.iter_mut() {
        let n = next.entry(*t).or_insert(0);
        *rank = *n;
        *n += 1;
    }
    for (ci, t) in chosen {
        let c = demand.seminar_candidates[ci];
        let q = &model.seminar_quotas[c.quota];
        let m = &model.municipalities[q.municipality];
        let (vi, ri) = c.room;
        let v = &model.venues[vi];
        let rule = &model.seminars.themes[t.index()];
        let k = occurrence.entry((c.quota, t)).or_insert(0);
        let theme = if rule.themes.is_empty() {
            String::new()
        } else if rule.rotate_monthly {
            let rank = month_rank
                .get(&(t, month_index(model, c.date)))
                .copied()
                .unwrap_or(0);
            rule.themes[rank % rule.themes.len()].clone()
        } else {
            rule.themes[*k % rule.themes.len()].clone()
        };
        *k += 1;
        let w = model.seminars.window;
        jobs.push(Job {
            event: Event {
                event_id: format!("sem-{}-{}", m.id, ymd(c.date)),
                date: c.date.to_string(),
                start: hhmm(w.start),
                end: hhmm(w.end),
                kind: EventKind::Seminar.id().into(),
                municipality: m.id.clone(),
                venue: v.id.clone(),
                room: v.rooms[ri].id.clone(),
                room_capacity: Some(v.rooms[ri].capacity),
                capacity: Some(q.capacity),
                seminar_type: t.id().into(),
                theme,
                mode: String::new(),
                original_date: String::new(),
            },
            date: c.date,
            window: w,
            place: v.place,
            needs: vec![
                JobNeed {
                    rule: Rule::Sem4,
                    who: Who::Qual(Qualification::Lecturer),
                    role: "lecturer",
                    count: 1,
                },
                JobNeed {
                    rule: Rule::Sem5,
                    who: Who::Qual(Qualification::Reception),
                    role: "reception",
                    count: model.seminars.reception_per_seminar,
                },
            ],
            free: seminar_free.get(&c.quota).cloned(),
        });
    }
    jobs
}

/// The series events stage 1 dated (OUT-1, ONE-1, FAIR-1, RT-1) with the needs their
/// series lists: topics cycle in date order; every `online_every`-th event is online
/// (ONE-1).
fn series_events(
    model: &Model,
    demand: &Demand,
    chosen: &[usize],
    series_free: &BTreeMap<usize, Free>,
) -> Vec<Job> {
    let mut jobs = Vec::new();
    let mut chosen: Vec<usize> = chosen.to_vec();
    chosen.sort_by_key(|&ci| {
        (
            demand.series_candidates[ci].series,
            demand.series_candidates[ci].date,
        )
    });
    let mut k_of: BTreeMap<usize, usize> = BTreeMap::new();
    for ci in chosen {
        let c = demand.series_candidates[ci];
        let s = &model.event_series[c.series];
        let k = k_of.entry(c.series).or_insert(0);
        let online = s.online_every > 0 && (*k + 1).is_multiple_of(s.online_every as usize);
        let topic = if s.topics.is_empty() {
            String::new()
        } else {
            s.topics[*k % s.topics.len()].clone()
        };
        *k += 1;
        let (vi, ri) = c.room;
        let v = &model.venues[vi];
        let needs = s
            .needs
            .iter()
            .map(|n| JobNeed {
                rule: s.kind.rule(),
                who: Who::Qual(n.who),
                role: match n.who {
                    Qualification::Reception => "reception",
                    Qualification::Consultant => "consultant",
                    Qualification::Lecturer | Qualification::LecturerOrConsultant => "lecturer",
                    Qualification::JobDeveloper => "staff",
                },
                count: n.count,
            })
            .collect();
        jobs.push(Job {
            event: Event {
                event_id: format!("{}-{}", s.id, ymd(c.date)),
                date: c.date.to_string(),
                start: hhmm(s.window.start),
                end: hhmm(s.window.end),
                kind: s.kind.id().into(),
                municipality: model.place_id(v.place).to_string(),
                venue: v.id.clone(),
                room: v.rooms[ri].id.clone(),
                room_capacity: Some(v.rooms[ri].capacity),
                capacity: Some(if online {
                    s.online_participants
                } else {
                    s.participants
                }),
                seminar_type: String::new(),
                theme: topic,
                mode: if s.kind == EventKind::OnePoint {
                    if online {
                        "online".into()
                    } else {
                        "offline".into()
                    }
                } else {
                    String::new()
                },
                original_date: String::new(),
            },
            date: c.date,
            window: s.window,
            place: v.place,
            needs,
            free: series_free.get(&c.series).cloned(),
        });
    }
    jobs
}
