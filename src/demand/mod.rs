//! Concrete events and candidate dates: what the year asks for, before anyone is placed.
//!
//! Consultation and office days are fixed by the calendar; job-support seminars and the
//! other event series get a list of candidate (date, room) pairs from which the solver
//! picks. Everything here is plain data the solver turns into variables.

pub mod training;

use chrono::{Datelike, NaiveDate};

use crate::calendar::{self, Calendar, CalendarEntry};
use crate::model::{EventKind, Model, Place};

/// A consultation day to staff (CON-1..CON-4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsultationDemand {
    /// Date.
    pub date: NaiveDate,
    /// Municipality index.
    pub municipality: usize,
    /// Venue index.
    pub venue: usize,
    /// For a substitute day: the holiday it replaces (CAL-5).
    pub original_date: Option<NaiveDate>,
}

/// A candidate date and room for one municipality's job-support seminar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeminarCandidate {
    /// Index into `Model::seminar_quotas`.
    pub quota: usize,
    /// Date.
    pub date: NaiveDate,
    /// (venue, room).
    pub room: (usize, usize),
}

/// A candidate date and room for an event of a series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeriesCandidate {
    /// Index into `Model::event_series`.
    pub series: usize,
    /// Date.
    pub date: NaiveDate,
    /// (venue, room).
    pub room: (usize, usize),
}

/// The year's demand.
#[derive(Debug, Clone)]
pub struct Demand {
    /// The calendar it came from.
    pub calendar: Calendar,
    /// Consultation days, in date order.
    pub consultations: Vec<ConsultationDemand>,
    /// Office days (OFF-1).
    pub office_days: Vec<NaiveDate>,
    /// Seminar candidates, by quota then date.
    pub seminar_candidates: Vec<SeminarCandidate>,
    /// Series candidates, by series then date then room.
    pub series_candidates: Vec<SeriesCandidate>,
}

impl Demand {
    /// Moved days with no substitute (CAL-5), reported as violations.
    pub fn unsubstituted(&self) -> Vec<&CalendarEntry> {
        self.calendar.unsubstituted().collect()
    }
}

/// Expands a model into its demand.
pub fn expand(model: &Model) -> Demand {
    let cal = calendar::build(model);
    let consultations = cal
        .consultation_days()
        .map(|e| ConsultationDemand {
            date: e.date,
            municipality: e.municipality,
            venue: e.venue,
            original_date: e.original_date,
        })
        .collect();
    let office_days = calendar::office_days(model);

    let mut seminar_candidates = Vec::new();
    for (qi, q) in model.seminar_quotas.iter().enumerate() {
        if q.counts.iter().all(|&c| c == 0) {
            continue;
        }
        for d in model.period.days() {
            if !model.seminars.weekdays.contains(&d.weekday()) || !calendar::is_open_day(model, d) {
                continue;
            }
            let open: Vec<(usize, usize)> = q
                .rooms
                .iter()
                .copied()
                .filter(|&r| q.room_open(r, d))
                .collect();
            if let Some(room) = best_room(model, &open, d, q.capacity) {
                seminar_candidates.push(SeminarCandidate {
                    quota: qi,
                    date: d,
                    room,
                });
            }
        }
    }

    let mut series_candidates = Vec::new();
    for (si, s) in model.event_series.iter().enumerate() {
        for d in model.period.days() {
            if !s.weekdays.contains(&d.weekday()) || !calendar::is_open_day(model, d) {
                continue;
            }
            for &(v, r) in &s.rooms {
                let venue = &model.venues[v];
                // OUT-1: outreach is held outside the programme's municipalities.
                let outside =
                    s.kind != EventKind::Outreach || !matches!(venue.place, Place::Municipality(_));
                // The room must seat the (offline) audience.
                let seats = venue.rooms[r].capacity >= s.participants;
                if outside && seats && venue.room_usable_on(r, d) {
                    series_candidates.push(SeriesCandidate {
                        series: si,
                        date: d,
                        room: (v, r),
                    });
                }
            }
        }
    }

    Demand {
        calendar: cal,
        consultations,
        office_days,
        seminar_candidates,
        series_candidates,
    }
}

/// The room a seminar uses on `d`: the first room of the list (the model's order of
/// preference) that is usable that day and holds `capacity`, else the largest usable
/// one (SEM-3 then reports it). Rooms a scenario adds come last, so they are used only
/// where the usual rooms cannot be.
pub fn best_room(
    model: &Model,
    rooms: &[(usize, usize)],
    d: NaiveDate,
    capacity: u32,
) -> Option<(usize, usize)> {
    let usable: Vec<(usize, usize)> = rooms
        .iter()
        .copied()
        .filter(|&(v, r)| model.venues[v].room_usable_on(r, d))
        .collect();
    let cap = |&(v, r): &(usize, usize)| model.venues[v].rooms[r].capacity;
    usable
        .iter()
        .find(|x| cap(x) >= capacity)
        .or_else(|| {
            usable
                .iter()
                .max_by_key(|x| (cap(x), std::cmp::Reverse(**x)))
        })
        .copied()
}

/// The place of a venue.
pub fn venue_place(model: &Model, venue: usize) -> Place {
    model.venues[venue].place
}

/// Months of the fiscal year as (year, month), April first.
pub fn fiscal_months(model: &Model) -> Vec<(i32, u32)> {
    let mut out: Vec<(i32, u32)> = Vec::new();
    for d in model.period.days() {
        let ym = (d.year(), d.month());
        if out.last() != Some(&ym) {
            out.push(ym);
        }
    }
    out
}

/// Index of `d`'s month in `fiscal_months`.
pub fn month_index(model: &Model, d: NaiveDate) -> usize {
    let start = model.period.from;
    ((d.year() - start.year()) * 12 + d.month() as i32 - start.month() as i32).max(0) as usize
}

/// SEM-7: childcare workers rostered at a seminar of type `t` of quota `quota`: the
/// quota's `childcare_workers` at each women's seminar (where the nursery is at the
/// venue), none otherwise (the city's nursery is only booked: a deadline).
pub fn childcare_workers(model: &Model, quota: usize, t: crate::model::SeminarType) -> u32 {
    match model.seminar_quotas.get(quota) {
        Some(q) if t == crate::model::SeminarType::Women => q.childcare_workers,
        _ => 0,
    }
}

/// OUT-1: whether events of `kind` end with consultation slots (3 of 30 minutes after
/// an outreach seminar) that need someone who meets CON-5 at the event.
pub fn outreach_has_consultation_slots(kind: EventKind) -> bool {
    kind == EventKind::Outreach
}
