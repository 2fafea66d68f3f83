//! The plan laid out month by month, day by day, municipality by municipality: the
//! one view the workbook's month sheets and the HTML calendar both draw.
//!
//! Built from the plan and the model's calendar (holidays CAL-2, closures CAL-3/4,
//! moved and substitute consultation days CAL-5), never from solver state.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::labels::Lang;
use super::names::{months, Names};
use crate::calendar::{self, holidays, DayStatus};
use crate::model::{EventKind, Model};
use crate::plan::{parse_day, Event, Plan};

/// One month.
#[derive(Debug, Clone, Serialize)]
pub struct MonthView {
    /// Year.
    pub year: i32,
    /// Month 1-12.
    pub month: u32,
    /// `YYYY-MM`.
    pub key: String,
    /// Header, `令和5年7月`.
    pub title: String,
    /// Every day of the month in the plan's year.
    pub days: Vec<DayView>,
    /// Weeks (Monday first) as indices into `days`; `None` pads.
    pub weeks: Vec<Vec<Option<usize>>>,
}

/// One day.
#[derive(Debug, Clone, Serialize)]
pub struct DayView {
    /// ISO date.
    pub date: String,
    /// The date in words, `2023年7月12日(水)`.
    pub label: String,
    /// Day of the month.
    pub day: u32,
    /// Weekday name.
    pub weekday: String,
    /// 0 = Monday .. 6 = Sunday.
    pub weekday_index: u32,
    /// National holiday name (CAL-2), empty if none.
    pub holiday: String,
    /// Whether the holiday is a substitute holiday (振替休日).
    pub substitute_holiday: bool,
    /// Why the programme is closed (CAL-3, CAL-4), empty if open.
    pub closed: String,
    /// One cell per municipality, in model order.
    pub cells: Vec<CellView>,
    /// Events outside the programme's municipalities (outreach hosts).
    pub other: Vec<ItemView>,
    /// Office days.
    pub office: Vec<ItemView>,
}

/// One municipality on one day.
#[derive(Debug, Clone, Serialize)]
pub struct CellView {
    /// Municipality id.
    pub municipality: String,
    /// Calendar status of its consultation day: held, moved, substitute, closed, or empty.
    pub status: String,
    /// For a moved day: where it went (in words); for a substitute: the holiday it replaces.
    pub note: String,
    /// Its events that day.
    pub items: Vec<ItemView>,
}

/// One event with its people.
#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    /// Event id.
    pub event_id: String,
    /// ISO date.
    pub date: String,
    /// Kind id.
    pub kind: String,
    /// Kind in words.
    pub kind_label: String,
    /// Start.
    pub start: String,
    /// End.
    pub end: String,
    /// Municipality (or host town) id.
    pub municipality: String,
    /// Its name.
    pub municipality_name: String,
    /// Venue name.
    pub venue: String,
    /// Room name.
    pub room: String,
    /// Seminar type and theme in words.
    pub detail: String,
    /// For a substitute consultation day: `振替(7/17分)`.
    pub substitute: String,
    /// People on it.
    pub people: Vec<PersonView>,
    /// Their ids, space-separated (for filtering in the HTML page).
    pub people_ids: String,
    /// Violations found on this event or its people that day, as text.
    pub violations: Vec<String>,
}

/// One person on an event.
#[derive(Debug, Clone, Serialize)]
pub struct PersonView {
    /// Staff id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Role in words.
    pub role: String,
}

/// The plan as months of days: the lookups are built once (calendar status, people and
/// violations by event, events by day), then each month's days and weeks.
pub fn months_of(model: &Model, plan: &Plan, lang: Lang) -> Vec<MonthView> {
    let names = Names::new(model, lang);
    let status = consultation_status(model, lang);
    let items = Items {
        lang,
        names: &names,
        people: people_on_events(plan, &names, lang),
        violations: Violations::of(plan),
    };
    let by_day = events_by_day(plan);
    let year_days: BTreeSet<NaiveDate> = model.period.days().collect();
    let mut out = Vec::new();
    for (y, m) in months(model.period.from, model.period.to) {
        let days: Vec<DayView> = year_days
            .iter()
            .filter(|d| d.year() == y && d.month() == m)
            .map(|d| day_view(model, lang, *d, &status, &by_day, &items))
            .collect();
        let weeks = weeks_of(&days);
        out.push(MonthView {
            year: y,
            month: m,
            key: format!("{y}-{m:02}"),
            title: lang.month(y, m),
            days,
            weeks,
        });
    }
    out
}

/// Each municipality's consultation-day status by date and municipality index, with its
/// note: where a moved day went, which holiday a substitute replaces (CAL-5), or closed
/// (CAL-3, CAL-4).
fn consultation_status(
    model: &Model,
    lang: Lang,
) -> HashMap<(NaiveDate, usize), (&'static str, String)> {
    let l = lang.labels();
    let cal = calendar::build(model);
    let mut status = HashMap::new();
    for e in &cal.entries {
        let note = match e.status {
            DayStatus::Moved => e
                .substitute_date
                .map(|d| format!("{} {}", l.moved_to, lang.short_date(d)))
                .unwrap_or_default(),
            DayStatus::Substitute => e
                .original_date
                .map(|d| format!("{}({}{})", l.substitute, short(d), l.instead_of))
                .unwrap_or_default(),
            DayStatus::Closed => l.closed.to_string(),
            DayStatus::Held => String::new(),
        };
        status.insert((e.date, e.municipality), (e.status.id(), note));
    }
    status
}

/// The people on each event, in assignment order, with their names and roles in words.
fn people_on_events<'a>(
    plan: &'a Plan,
    names: &Names,
    lang: Lang,
) -> HashMap<&'a str, Vec<PersonView>> {
    let l = lang.labels();
    let mut people: HashMap<&str, Vec<PersonView>> = HashMap::new();
    for a in &plan.assignments {
        people
            .entry(a.event_id.as_str())
            .or_default()
            .push(PersonView {
                id: a.staff_id.clone(),
                name: names.staff(&a.staff_id),
                role: l.role(&a.role).to_string(),
            });
    }
    people
}

/// The plan's violations as text, by event, or by date and person for a finding that
/// names a person and a date but no event.
struct Violations<'a> {
    by_event: HashMap<&'a str, Vec<String>>,
    by_person_day: HashMap<(&'a str, &'a str), Vec<String>>,
}

impl<'a> Violations<'a> {
    fn of(plan: &'a Plan) -> Self {
        let mut by_event: HashMap<&str, Vec<String>> = HashMap::new();
        let mut by_person_day: HashMap<(&str, &str), Vec<String>> = HashMap::new();
        for v in &plan.violations {
            if !v.event_id.is_empty() {
                by_event
                    .entry(v.event_id.as_str())
                    .or_default()
                    .push(v.to_string());
            } else if !v.staff_id.is_empty() && !v.date.is_empty() {
                by_person_day
                    .entry((v.date.as_str(), v.staff_id.as_str()))
                    .or_default()
                    .push(v.to_string());
            }
        }
        Violations {
            by_event,
            by_person_day,
        }
    }
}

/// The plan's events by ISO date, in plan order within a day.
fn events_by_day(plan: &Plan) -> BTreeMap<&str, Vec<&Event>> {
    let mut by_day: BTreeMap<&str, Vec<&Event>> = BTreeMap::new();
    for e in &plan.events {
        by_day.entry(e.date.as_str()).or_default().push(e);
    }
    by_day
}

/// Whether an event is an office day (OFF-1): shown in its own row, not under a
/// municipality.
fn is_office(e: &Event) -> bool {
    e.is(EventKind::Office)
}

/// What an event's view is drawn from: names, its people and the violations.
struct Items<'a> {
    lang: Lang,
    names: &'a Names<'a>,
    people: HashMap<&'a str, Vec<PersonView>>,
    violations: Violations<'a>,
}

impl Items<'_> {
    /// One event with its people, its details in words (seminar type, theme, mode),
    /// the holiday a substitute consultation day replaces (CAL-5), and the violations on
    /// it or on its people's day.
    fn item(&self, e: &Event) -> ItemView {
        let (l, n) = (self.lang.labels(), self.names);
        let ps = self
            .people
            .get(e.event_id.as_str())
            .cloned()
            .unwrap_or_default();
        let mut vs = self
            .violations
            .by_event
            .get(e.event_id.as_str())
            .cloned()
            .unwrap_or_default();
        for p in &ps {
            if let Some(x) = self
                .violations
                .by_person_day
                .get(&(e.date.as_str(), p.id.as_str()))
            {
                vs.extend(x.iter().cloned());
            }
        }
        let mut detail = Vec::new();
        if !e.seminar_type.is_empty() {
            detail.push(l.seminar_type(&e.seminar_type).to_string());
        }
        if !e.theme.is_empty() {
            detail.push(l.theme(&e.theme).to_string());
        }
        if !e.mode.is_empty() && e.mode != "offline" {
            detail.push(l.mode(&e.mode).to_string());
        }
        ItemView {
            event_id: e.event_id.clone(),
            date: e.date.clone(),
            kind: e.kind.clone(),
            kind_label: l.kind(&e.kind).to_string(),
            start: e.start.clone(),
            end: e.end.clone(),
            municipality: e.municipality.clone(),
            municipality_name: n.place(&e.municipality),
            venue: n.venue(&e.venue),
            room: n.room(&e.venue, &e.room),
            detail: detail.join(" "),
            substitute: parse_day(&e.original_date)
                .map(|d| format!("{}({}{})", l.substitute, short(d), l.instead_of))
                .unwrap_or_default(),
            people_ids: ps
                .iter()
                .map(|p| p.id.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            people: ps,
            violations: vs,
        }
    }
}

/// One day: its holiday (CAL-2) or closure (CAL-3, CAL-4), a cell per municipality
/// with its consultation-day status and events, events held elsewhere (outreach
/// hosts), and office days (OFF-1).
fn day_view(
    model: &Model,
    lang: Lang,
    d: NaiveDate,
    status: &HashMap<(NaiveDate, usize), (&'static str, String)>,
    by_day: &BTreeMap<&str, Vec<&Event>>,
    items: &Items,
) -> DayView {
    let l = lang.labels();
    let iso = d.to_string();
    let todays = by_day.get(iso.as_str()).cloned().unwrap_or_default();
    // The day's events by place, in the day's order, grouped once (a 24-copy model
    // has hundreds of municipalities and of events a day).
    let mut by_place: HashMap<&str, Vec<&Event>> = HashMap::new();
    for e in todays.iter().filter(|e| !is_office(e)) {
        by_place.entry(e.municipality.as_str()).or_default().push(e);
    }
    let cells = model
        .municipalities
        .iter()
        .enumerate()
        .map(|(mi, mu)| {
            let (st, note) = status.get(&(d, mi)).cloned().unwrap_or(("", String::new()));
            CellView {
                municipality: mu.id.clone(),
                status: st.to_string(),
                note,
                items: by_place
                    .get(mu.id.as_str())
                    .into_iter()
                    .flatten()
                    .map(|e| items.item(e))
                    .collect(),
            }
        })
        .collect();
    let municipality_ids: std::collections::HashSet<&str> = model
        .municipalities
        .iter()
        .map(|mu| mu.id.as_str())
        .collect();
    let holiday = holidays::holiday_name(d).unwrap_or("");
    DayView {
        date: iso.clone(),
        label: lang.date(d),
        day: d.day(),
        weekday: l.weekday(d).to_string(),
        weekday_index: d.weekday().num_days_from_monday(),
        holiday: holiday.to_string(),
        substitute_holiday: holiday == "振替休日",
        closed: model
            .closures
            .closed_reason(d)
            .map(|_| l.closed.to_string())
            .unwrap_or_default(),
        cells,
        other: todays
            .iter()
            .filter(|e| !is_office(e) && !municipality_ids.contains(e.municipality.as_str()))
            .map(|e| items.item(e))
            .collect(),
        office: todays
            .iter()
            .filter(|e| is_office(e))
            .map(|e| items.item(e))
            .collect(),
    }
}

/// A month's days as weeks, Monday first, `None` padding the first and last week.
fn weeks_of(days: &[DayView]) -> Vec<Vec<Option<usize>>> {
    let mut weeks: Vec<Vec<Option<usize>>> = Vec::new();
    let mut week: Vec<Option<usize>> = vec![None; 7];
    for (i, d) in days.iter().enumerate() {
        let w = d.weekday_index as usize;
        week[w] = Some(i);
        if w == 6 {
            weeks.push(std::mem::replace(&mut week, vec![None; 7]));
        }
    }
    if week.iter().any(Option::is_some) {
        weeks.push(week);
    }
    weeks
}

fn short(d: NaiveDate) -> String {
    format!("{}/{}", d.month(), d.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: NaiveDate) -> DayView {
        DayView {
            date: d.to_string(),
            label: String::new(),
            day: d.day(),
            weekday: String::new(),
            weekday_index: d.weekday().num_days_from_monday(),
            holiday: String::new(),
            substitute_holiday: false,
            closed: String::new(),
            cells: Vec::new(),
            other: Vec::new(),
            office: Vec::new(),
        }
    }

    /// The days of a month of 30 days.
    fn days_of(year: i32, month: u32) -> Vec<DayView> {
        (1..=30)
            .filter_map(|d| NaiveDate::from_ymd_opt(year, month, d))
            .map(day)
            .collect()
    }

    #[test]
    fn weeks_start_on_monday_and_pad_the_ends() {
        // November 2023 starts on a Wednesday and ends on a Thursday.
        let weeks = weeks_of(&days_of(2023, 11));
        assert_eq!(weeks.len(), 5);
        assert_eq!(weeks[0][..3], [None, None, Some(0)]);
        assert_eq!(weeks[0][6], Some(4));
        assert_eq!(weeks[4][..4], [Some(26), Some(27), Some(28), Some(29)]);
        assert_eq!(weeks[4][4..], [None, None, None]);
    }

    #[test]
    fn a_month_ending_on_sunday_has_no_padded_last_week() {
        // April 2023 ends on a Sunday.
        let weeks = weeks_of(&days_of(2023, 4));
        assert_eq!(weeks.len(), 5);
        assert_eq!(weeks[4][6], Some(29));
    }
}
