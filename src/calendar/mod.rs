//! The fiscal-year calendar: which consultation days happen, which move, which close.
//!
//! Expands the weekday patterns of CON-1 over the fiscal year (CAL-1), drops the
//! year-end and designated closures (CAL-3, CAL-4) and moves days that fall on a
//! national holiday (CAL-2) to a substitute day (CAL-5), explicit ones first.

pub mod holidays;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Serialize;

use crate::model::{Closures, Model, Place};

/// What happens to one calendar entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DayStatus {
    /// A normal consultation day.
    Held,
    /// A pattern day on a holiday; held on `substitute_date` (if any) instead.
    Moved,
    /// Held here instead of `original_date`.
    Substitute,
    /// A pattern day in a closure: nothing held, nothing substituted.
    Closed,
}

impl DayStatus {
    /// The id used in files.
    pub fn id(self) -> &'static str {
        match self {
            DayStatus::Held => "held",
            DayStatus::Moved => "moved",
            DayStatus::Substitute => "substitute",
            DayStatus::Closed => "closed",
        }
    }
}

/// One row of the calendar: a pattern day or a substitute day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CalendarEntry {
    /// The date.
    pub date: NaiveDate,
    /// Municipality index.
    #[serde(skip)]
    pub municipality: usize,
    /// Venue index.
    #[serde(skip)]
    pub venue: usize,
    /// What happens.
    pub status: DayStatus,
    /// For a substitute: the holiday it replaces.
    pub original_date: Option<NaiveDate>,
    /// For a moved day: where it went.
    pub substitute_date: Option<NaiveDate>,
    /// Why (holiday name, closure, explicit or proposed substitution).
    pub note: String,
}

impl CalendarEntry {
    /// Whether a consultation takes place on this entry's date.
    pub fn is_consultation_day(&self) -> bool {
        matches!(self.status, DayStatus::Held | DayStatus::Substitute)
    }
}

/// The calendar of a model's fiscal year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    /// Entries sorted by (date, municipality order, venue order, status).
    pub entries: Vec<CalendarEntry>,
}

impl Calendar {
    /// Every consultation day (held or substitute), in order.
    pub fn consultation_days(&self) -> impl Iterator<Item = &CalendarEntry> {
        self.entries.iter().filter(|e| e.is_consultation_day())
    }

    /// Moved days for which no substitute day exists (reported, never dropped silently).
    pub fn unsubstituted(&self) -> impl Iterator<Item = &CalendarEntry> {
        self.entries
            .iter()
            .filter(|e| e.status == DayStatus::Moved && e.substitute_date.is_none())
    }
}

/// Whether `d` is a working day for events: not a holiday (CAL-2) and not closed (CAL-3, CAL-4).
pub fn is_open_day(model: &Model, d: NaiveDate) -> bool {
    !holidays::is_holiday(d) && !model.closures.is_closed(d)
}

/// CAL-6: a business day is Monday to Friday, not a national holiday (CAL-2) and not in
/// the year-end closure (CAL-3). Gifu deadlines count these.
pub fn is_business_day(closures: &Closures, d: NaiveDate) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
        && !holidays::is_holiday(d)
        && !closures.in_year_end(d)
}

/// A day on which training can be held: a business day (CAL-6) that the prefecture has
/// not designated closed (CAL-4).
pub fn is_training_day(closures: &Closures, d: NaiveDate) -> bool {
    is_business_day(closures, d) && !closures.is_closed(d)
}

/// The number of business days `d` with `a < d < b` (TRN-6 counts this way).
pub fn business_days_between(closures: &Closures, a: NaiveDate, b: NaiveDate) -> u32 {
    a.iter_days()
        .skip(1)
        .take_while(|d| *d < b)
        .filter(|d| is_business_day(closures, *d))
        .count() as u32
}

/// The first business day on or after `d` (CAL-6), within a year of it.
pub fn business_day_on_or_after(closures: &Closures, d: NaiveDate) -> NaiveDate {
    d.iter_days()
        .take(366)
        .find(|x| is_business_day(closures, *x))
        .unwrap_or(d)
}

/// The business day with exactly `n` business days strictly between it and `start`,
/// counting back (TRN-6: the application deadline of a course starting on `start`).
pub fn business_day_before(closures: &Closures, start: NaiveDate, n: u32) -> NaiveDate {
    let mut seen = 0;
    let mut d = start;
    for _ in 0..800 {
        let Some(prev) = d.pred_opt() else { break };
        d = prev;
        if is_business_day(closures, d) {
            if seen == n {
                return d;
            }
            seen += 1;
        }
    }
    d
}

/// Office days (OFF-1): the office's weekdays, not a holiday, not closed.
pub fn office_days(model: &Model) -> Vec<NaiveDate> {
    model
        .period
        .days()
        .filter(|d| model.office.weekdays.contains(&d.weekday()) && is_open_day(model, *d))
        .collect()
}

/// Builds the calendar (CAL-1..CAL-5, CON-1).
pub fn build(model: &Model) -> Calendar {
    let mut entries: Vec<CalendarEntry> = Vec::new();
    // Pattern days in date order; one municipality's patterns should not overlap, but
    // if two do, the first pattern in the file wins the date.
    for d in model.period.days() {
        for p in &model.patterns {
            if !p.matches(d) {
                continue;
            }
            if entries
                .iter()
                .rev()
                .take_while(|e| e.date == d)
                .any(|e| e.municipality == p.municipality)
            {
                continue;
            }
            let (status, note) = if let Some(reason) = model.closures.closed_reason(d) {
                (DayStatus::Closed, reason)
            } else if let Some(name) = holidays::holiday_name(d) {
                (DayStatus::Moved, format!("national holiday: {name}"))
            } else {
                (DayStatus::Held, String::new())
            };
            entries.push(CalendarEntry {
                date: d,
                municipality: p.municipality,
                venue: p.venue,
                status,
                original_date: None,
                substitute_date: None,
                note,
            });
        }
    }

    // CAL-5: explicit substitutions win; the rest are proposed in date order, so a
    // proposal sees every earlier choice.
    let mut taken: std::collections::HashSet<(usize, NaiveDate)> = entries
        .iter()
        .filter(|e| e.status != DayStatus::Closed)
        .map(|e| (e.municipality, e.date))
        .collect();
    let mut substitutes: Vec<CalendarEntry> = Vec::new();
    let moved: Vec<usize> = (0..entries.len())
        .filter(|&i| entries[i].status == DayStatus::Moved)
        .collect();
    let mut pending = Vec::new();
    for &i in &moved {
        let e = &entries[i];
        if let Some(s) = model
            .substitutions
            .iter()
            .find(|s| s.municipality == e.municipality && s.original == e.date)
        {
            taken.insert((e.municipality, s.substitute));
            substitutes.push(substitute_entry(
                e,
                s.substitute,
                "explicit substitution (model)",
            ));
            let d = s.substitute;
            let e = &mut entries[i];
            e.substitute_date = Some(d);
            e.note = format!("{}; moved to {d} (explicit)", e.note);
        } else {
            pending.push(i);
        }
    }
    for i in pending {
        let e = &entries[i];
        match propose_substitute(model, e, &taken) {
            Some(d) => {
                taken.insert((e.municipality, d));
                substitutes.push(substitute_entry(e, d, "proposed substitute (CAL-5)"));
                let e = &mut entries[i];
                e.substitute_date = Some(d);
                e.note = format!("{}; moved to {d} (proposed)", e.note);
            }
            None => {
                let e = &mut entries[i];
                e.note = format!(
                    "{}; no substitute day available within {} days (CAL-5)",
                    e.note, model.consultation.max_substitute_distance_days
                );
            }
        }
    }
    entries.extend(substitutes);
    let m_order = |m: usize| m;
    entries.sort_by(|a, b| {
        (a.date, m_order(a.municipality), a.venue, a.status).cmp(&(
            b.date,
            m_order(b.municipality),
            b.venue,
            b.status,
        ))
    });
    Calendar { entries }
}

fn substitute_entry(moved: &CalendarEntry, d: NaiveDate, how: &str) -> CalendarEntry {
    CalendarEntry {
        date: d,
        municipality: moved.municipality,
        venue: moved.venue,
        status: DayStatus::Substitute,
        original_date: Some(moved.date),
        substitute_date: None,
        note: format!("{how} for {}", moved.date),
    }
}

/// CAL-5: the best substitute day for a moved day, if any.
///
/// Candidates: within the distance limit, in the fiscal year, not a holiday, closed day
/// or Sunday, the venue usable that weekday, not already a consultation day of the
/// municipality. Preference: same ISO week, then same month, then nearest, then a weekday
/// rather than a Saturday, then after the original rather than before (a later date is
/// easier to announce).
pub fn propose_substitute(
    model: &Model,
    moved: &CalendarEntry,
    taken: &std::collections::HashSet<(usize, NaiveDate)>,
) -> Option<NaiveDate> {
    let o = moved.date;
    let venue = &model.venues[moved.venue];
    let limit = i64::from(model.consultation.max_substitute_distance_days);
    // Ranking key: (other week, other month, distance, Saturday, before original).
    type Rank = (bool, bool, i64, bool, bool);
    let mut best: Option<(Rank, NaiveDate)> = None;
    for off in -limit..=limit {
        if off == 0 {
            continue;
        }
        let Some(d) = o.checked_add_signed(chrono::Duration::days(off)) else {
            continue;
        };
        if !model.period.contains(d)
            || d.weekday() == Weekday::Sun
            || !is_open_day(model, d)
            || !venue.usable_on(d)
            || taken.contains(&(moved.municipality, d))
        {
            continue;
        }
        let key = (
            d.iso_week() != o.iso_week(),
            d.month() != o.month(),
            off.abs(),
            d.weekday() == Weekday::Sat,
            off < 0,
        );
        if best.is_none_or(|(k, _)| key < k) {
            best = Some((key, d));
        }
    }
    best.map(|(_, d)| d)
}

/// The place of a venue (for travel).
pub fn venue_place(model: &Model, venue: usize) -> Place {
    model.venues[venue].place
}
