//! Independent checker: re-derives every rule from the model and a plan's rows alone, so a solver bug cannot hide itself.
//!
//! It is independent on purpose: it shares no expansion code with the solver (no
//! `calendar::build`, no `demand`, no `milp`, no qualification helpers of `Model`), so a
//! bug in the solver's view of the rules cannot hide itself by being repeated here. It
//! reads the plan as strings, the way a person may have edited it, and never panics:
//! a row it cannot read becomes a `PLAN-1` violation and is left out of the checks
//! that need the unreadable field.
//!
//! Checks are plain loops over the model and the plan, grouped by rule family:
//! `calendar` (CAL-1..CAL-5, CON-1, CON-2), `staffing` (CON-3..CON-6, MODEL-AVAIL,
//! MODEL-LIMIT, role fit), `seminars` (SEM-1..SEM-8), `series` (OUT-1, ONE-1, FAIR-1,
//! RT-1, OFF-1, JOB-1, MODEL-ROOM); `publicity` (PR-1: a re-plan against the plan it
//! replaces, [`announced`]; flyers due before publicity can start, [`lead_time_exceptions`],
//! violations only when the model makes the lead time hard).

mod calendar;
pub mod finding;
mod publicity;
pub mod rules;
mod seminars;
mod series;
mod staffing;
pub mod training;

pub use publicity::announced;

/// PR-1's lead-time exceptions of a plan under a soft lead time (the default): each
/// flyer, leaflet or employer flyer due before publicity can start, to agree with the
/// prefecture. Warnings, not violations: [`check`] leaves them out (under a hard lead
/// time it reports them instead, and this list is empty).
pub fn lead_time_exceptions(model: &Model, plan: &Plan) -> Vec<Violation> {
    match model.publicity.lead_time {
        crate::model::LeadTime::Soft => publicity::lead_time(model, plan),
        crate::model::LeadTime::Hard => Vec::new(),
    }
}

#[cfg(test)]
mod tests;

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::{Datelike, NaiveDate, NaiveTime};

use crate::model::{EventKind, Model, Place, Role, Rule, SeminarType, Staff, TimeWindow};
use crate::plan::{Assignment, Event, Plan, Violation};
use finding::{fnd, Arg, Finding, Msg};

/// Checks `plan` against every rule of `model` and returns each violation found,
/// sorted and deduplicated (an empty list means the plan is valid).
///
/// Every violation cites a rule ID from RULES.md (`CON-3`, `SEM-4`, ...), a model
/// limit (`MODEL-AVAIL`, `MODEL-LIMIT`, `MODEL-ROOM`) or `PLAN-1` for a row that
/// cannot be read (bad date or time, unknown id, duplicate event id, assignment to an
/// unknown event or on another date than its event).
pub fn check(model: &Model, plan: &Plan) -> Vec<Violation> {
    let mut found = Found::default();
    let facts = Facts::read(model, plan, &mut found);
    calendar::check(&facts, &mut found);
    staffing::check(&facts, &mut found);
    seminars::check(&facts, &mut found);
    series::check(&facts, &mut found);
    // PR-1's lead time made hard: each flyer due before publicity can start breaks it
    // (soft, the default, these are warnings: [`lead_time_exceptions`]).
    if model.publicity.lead_time == crate::model::LeadTime::Hard {
        found.0.extend(publicity::lead_time(model, plan));
    }
    let mut out = found.0;
    out.sort();
    out.dedup();
    out
}

/// Violations collected so far.
#[derive(Default)]
struct Found(Vec<Violation>);

impl Found {
    fn add(&mut self, rule: Rule, date: &str, event_id: &str, staff_id: &str, f: Finding) {
        self.0.push(violation(rule, date, event_id, staff_id, f));
    }

    /// A violation about one event.
    fn event(&mut self, rule: Rule, ev: &Ev<'_>, message: Finding) {
        self.add(rule, &ev.raw.date, &ev.raw.event_id, "", message);
    }
}

/// A violation carrying finding `f`: its message the English text (as the files have
/// always had it, and what sorting and comparing go by), and `f` as its cause, which a
/// writer renders in the reader's language (`report::labels::render_violations`).
pub(crate) fn violation(
    rule: Rule,
    date: &str,
    event_id: &str,
    staff_id: &str,
    f: Finding,
) -> Violation {
    Violation {
        rule,
        date: date.to_string(),
        event_id: event_id.to_string(),
        staff_id: staff_id.to_string(),
        message: crate::report::labels::finding_text(crate::report::labels::Lang::En, &f),
        cause: Some(crate::plan::cause::Caused {
            cause: crate::plan::cause::Cause::Found(f),
            short: 0.0,
        }),
    }
}

/// The role an assignment row names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Duty {
    Consultant,
    Lecturer,
    Reception,
    Manager,
    SubManager,
    /// Job developers at job fairs.
    Staff,
    /// Childcare workers at women's seminars (SEM-7).
    Childcare,
}

impl Duty {
    const ALL: [Duty; 7] = [
        Duty::Consultant,
        Duty::Lecturer,
        Duty::Reception,
        Duty::Manager,
        Duty::SubManager,
        Duty::Staff,
        Duty::Childcare,
    ];

    fn id(self) -> &'static str {
        match self {
            Duty::Consultant => "consultant",
            Duty::Lecturer => "lecturer",
            Duty::Reception => "reception",
            Duty::Manager => "manager",
            Duty::SubManager => "sub-manager",
            Duty::Staff => "staff",
            Duty::Childcare => "childcare",
        }
    }

    fn parse(s: &str) -> Option<Duty> {
        Duty::ALL.into_iter().find(|d| d.id() == s)
    }
}

/// One event row, with every field that could be read.
struct Ev<'a> {
    raw: &'a Event,
    date: Option<NaiveDate>,
    window: Option<TimeWindow>,
    kind: Option<EventKind>,
    place: Option<Place>,
    venue: Option<usize>,
    room: Option<usize>,
    seminar_type: Option<SeminarType>,
    original: Option<NaiveDate>,
    /// Index into `Model::event_series` for outreach, one-point, job-fair, roundtable.
    series: Option<usize>,
    online: bool,
}

impl Ev<'_> {
    /// Municipality index, if the event's place is one of the municipalities.
    fn municipality(&self) -> Option<usize> {
        match self.place {
            Some(Place::Municipality(m)) => Some(m),
            _ => None,
        }
    }

    fn is(&self, kind: EventKind) -> bool {
        self.kind == Some(kind)
    }
}

/// One assignment row whose event and staff member are known.
struct Asg<'a> {
    raw: &'a Assignment,
    /// Index into `Facts::events`.
    event: usize,
    /// Index into `Model::staff`.
    staff: usize,
    /// None when the role is not one of the known ones (already reported).
    duty: Option<Duty>,
}

/// The plan as read: rows that could be resolved, with their indices.
struct Facts<'a> {
    model: &'a Model,
    events: Vec<Ev<'a>>,
    assignments: Vec<Asg<'a>>,
    /// Team memberships as (municipality index, staff index).
    teams: BTreeSet<(usize, usize)>,
    /// Indices into `assignments` of each event's assignments (by event index): a
    /// scan of every assignment per event made the check quadratic in the plan's size.
    by_event: Vec<Vec<usize>>,
}

impl<'a> Facts<'a> {
    /// Reads the plan's rows, reporting every unreadable one as PLAN-1.
    fn read(model: &'a Model, plan: &'a Plan, found: &mut Found) -> Facts<'a> {
        let (events, by_id) = read_events(model, plan, found);
        // The first staff member of an id, as a scan would find it.
        let mut staff_by_id: HashMap<&str, usize> = HashMap::new();
        for (i, s) in model.staff.iter().enumerate() {
            staff_by_id.entry(s.id.as_str()).or_insert(i);
        }
        let assignments = read_assignments(plan, &events, &by_id, &staff_by_id, found);
        let teams = read_teams(model, plan, &staff_by_id, found);
        let mut by_event: Vec<Vec<usize>> = vec![Vec::new(); events.len()];
        for (i, a) in assignments.iter().enumerate() {
            if let Some(list) = by_event.get_mut(a.event) {
                list.push(i);
            }
        }
        Facts {
            model,
            events,
            assignments,
            teams,
            by_event,
        }
    }

    /// Assignments of one event.
    fn assignments_of(&self, event: usize) -> impl Iterator<Item = &Asg<'a>> + '_ {
        self.by_event
            .get(event)
            .into_iter()
            .flatten()
            .filter_map(move |&i| self.assignments.get(i))
    }

    /// The person of an assignment with the terms in force on its event's date (a
    /// scenario's `[[staff_change]]` changes roles, weekdays and limits from a date).
    fn staff(&self, a: &Asg<'_>) -> std::borrow::Cow<'a, Staff> {
        let s = &self.model.staff[a.staff];
        match self.events.get(a.event).and_then(|e| e.date) {
            Some(d) => s.on(d),
            None => std::borrow::Cow::Borrowed(s),
        }
    }
}

/// PLAN-1: events.csv, each id once (the first row of an id is the one checked).
/// Returns the events read and the index of each id.
fn read_events<'a>(
    model: &Model,
    plan: &'a Plan,
    found: &mut Found,
) -> (Vec<Ev<'a>>, HashMap<&'a str, usize>) {
    let mut events = Vec::new();
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    for raw in &plan.events {
        if by_id.contains_key(raw.event_id.as_str()) {
            found.add(
                Rule::Plan1,
                &raw.date,
                &raw.event_id,
                "",
                fnd!(Msg::DupEvent, &raw.event_id),
            );
            continue;
        }
        by_id.insert(raw.event_id.as_str(), events.len());
        events.push(read_event(model, raw, found));
    }

    (events, by_id)
}

/// PLAN-1: assignments.csv rows that name a known event and staff member on the
/// event's date in a known role, each once; the ones whose event and person are known
/// are kept.
fn read_assignments<'a>(
    plan: &'a Plan,
    events: &[Ev<'a>],
    by_id: &HashMap<&str, usize>,
    staff_by_id: &HashMap<&str, usize>,
    found: &mut Found,
) -> Vec<Asg<'a>> {
    let mut assignments = Vec::new();
    let mut seen: HashSet<(&str, &str, &str)> = HashSet::new();
    for raw in &plan.assignments {
        let flag = |found: &mut Found, msg: Finding| {
            found.add(Rule::Plan1, &raw.date, &raw.event_id, &raw.staff_id, msg);
        };
        if !seen.insert((&raw.event_id, &raw.staff_id, &raw.role)) {
            flag(
                found,
                fnd!(
                    Msg::DupAssignment,
                    &raw.staff_id,
                    Arg::Role(raw.role.clone()),
                    &raw.event_id
                ),
            );
            continue;
        }
        let event = by_id.get(raw.event_id.as_str()).copied();
        let staff = staff_by_id.get(raw.staff_id.as_str()).copied();
        if event.is_none() {
            flag(found, fnd!(Msg::UnknownEvent, &raw.staff_id, &raw.event_id));
        }
        if staff.is_none() {
            flag(found, fnd!(Msg::UnknownStaff, &raw.event_id, &raw.staff_id));
        }
        let date = parse_date(&raw.date);
        if date.is_none() {
            flag(found, fnd!(Msg::AsgDateNotIso, &raw.date));
        }
        if let Some(e) = event {
            let ev = &events[e];
            let differs = match (date, ev.date) {
                (Some(a), Some(b)) => a != b,
                _ => raw.date.trim() != ev.raw.date.trim(),
            };
            if differs {
                flag(
                    found,
                    fnd!(
                        Msg::AsgDateDiffers,
                        &raw.staff_id,
                        Arg::Date(raw.date.clone()),
                        &raw.event_id,
                        Arg::Date(ev.raw.date.clone())
                    ),
                );
            }
        }
        let duty = Duty::parse(raw.role.trim());
        if duty.is_none() {
            flag(found, fnd!(Msg::UnknownRole, &raw.role));
        }
        if let (Some(event), Some(staff)) = (event, staff) {
            assignments.push(Asg {
                raw,
                event,
                staff,
                duty,
            });
        }
    }

    assignments
}

/// PLAN-1: teams.csv names known municipalities and staff; returns the memberships as
/// (municipality index, staff index).
fn read_teams(
    model: &Model,
    plan: &Plan,
    staff_by_id: &HashMap<&str, usize>,
    found: &mut Found,
) -> BTreeSet<(usize, usize)> {
    let mut teams = BTreeSet::new();
    for t in &plan.teams {
        let m = model
            .municipalities
            .iter()
            .position(|m| m.id == t.municipality);
        let p = staff_by_id.get(t.staff_id.as_str()).copied();
        if m.is_none() {
            found.add(
                Rule::Plan1,
                "",
                "",
                &t.staff_id,
                fnd!(Msg::TeamUnknownMunicipality, &t.municipality),
            );
        }
        if p.is_none() {
            found.add(
                Rule::Plan1,
                "",
                "",
                &t.staff_id,
                fnd!(Msg::TeamUnknownStaff, &t.staff_id, &t.municipality),
            );
        }
        if let (Some(m), Some(p)) = (m, p) {
            teams.insert((m, p));
        }
    }

    teams
}

/// Reads one event row; reports what cannot be read.
fn read_event<'a>(model: &Model, raw: &'a Event, found: &mut Found) -> Ev<'a> {
    let flag = |found: &mut Found, msg: Finding| {
        found.add(Rule::Plan1, &raw.date, &raw.event_id, "", msg);
    };
    if raw.event_id.trim().is_empty() {
        flag(found, fnd!(Msg::NoEventId));
    }
    let date = parse_date(&raw.date);
    if date.is_none() {
        flag(found, fnd!(Msg::EventDateNotIso, &raw.date));
    }
    let start = parse_time(&raw.start);
    let end = parse_time(&raw.end);
    if start.is_none() {
        flag(found, fnd!(Msg::StartNotTime, &raw.start));
    }
    if end.is_none() {
        flag(found, fnd!(Msg::EndNotTime, &raw.end));
    }
    let window = match (start, end) {
        (Some(start), Some(end)) if start < end => Some(TimeWindow { start, end }),
        (Some(_), Some(_)) => {
            flag(found, fnd!(Msg::EndsBeforeStart, &raw.end, &raw.start));
            None
        }
        _ => None,
    };
    let kind = EventKind::parse(raw.kind.trim());
    if kind.is_none() {
        flag(found, fnd!(Msg::UnknownKind, &raw.kind));
    }
    let place = if let Some(m) = model
        .municipalities
        .iter()
        .position(|m| m.id == raw.municipality)
    {
        Some(Place::Municipality(m))
    } else if let Some(t) = model.towns.iter().position(|t| t.id == raw.municipality) {
        Some(Place::Town(t))
    } else {
        flag(found, fnd!(Msg::UnknownPlace, &raw.municipality));
        None
    };
    let (venue, room) = read_venue(model, raw, kind, place, found);
    let mut seminar_type = None;
    if kind == Some(EventKind::Seminar) {
        seminar_type = SeminarType::parse(raw.seminar_type.trim());
        if seminar_type.is_none() {
            flag(found, fnd!(Msg::UnknownSeminarType, &raw.seminar_type));
        }
    }
    let online = raw.mode.trim() == "online";
    if kind == Some(EventKind::OnePoint) && !matches!(raw.mode.trim(), "online" | "offline") {
        flag(found, fnd!(Msg::UnknownMode, &raw.mode));
    }
    let mut original = None;
    if !raw.original_date.trim().is_empty() {
        original = parse_date(&raw.original_date);
        if original.is_none() {
            flag(found, fnd!(Msg::OriginalNotIso, &raw.original_date));
        } else if kind.is_some() && kind != Some(EventKind::Consultation) {
            flag(
                found,
                fnd!(
                    Msg::OriginalOnOther,
                    Arg::Date(raw.original_date.clone()),
                    Arg::Kind(raw.kind.clone())
                ),
            );
        }
    }
    let series = kind.and_then(|k| find_series(model, k, &raw.event_id));
    Ev {
        raw,
        date,
        window,
        kind,
        place,
        venue,
        room,
        seminar_type,
        original,
        series,
        online,
    }
}

/// The venue and room of an event row (PLAN-1): both known, the room's capacity the
/// model's, and the venue where the row says the event is.
fn read_venue(
    model: &Model,
    raw: &Event,
    kind: Option<EventKind>,
    place: Option<Place>,
    found: &mut Found,
) -> (Option<usize>, Option<usize>) {
    let flag = |found: &mut Found, msg: Finding| {
        found.add(Rule::Plan1, &raw.date, &raw.event_id, "", msg);
    };
    let venue = model.venues.iter().position(|v| v.id == raw.venue);
    if venue.is_none() {
        flag(found, fnd!(Msg::UnknownVenue, &raw.venue));
    }
    let mut room = None;
    if let Some(v) = venue.and_then(|v| model.venues.get(v)) {
        if raw.room.is_empty() {
            // Consultation and office days use the venue, not a bookable room.
            if !matches!(
                kind,
                Some(EventKind::Consultation) | Some(EventKind::Office) | None
            ) {
                flag(found, fnd!(Msg::NoRoom, venue_arg(v)));
            }
        } else {
            room = v.rooms.iter().position(|r| r.id == raw.room);
            match room {
                None => flag(found, fnd!(Msg::UnknownRoom, venue_arg(v), &raw.room)),
                Some(r) => {
                    let cap = v.rooms[r].capacity;
                    if let Some(rc) = raw.room_capacity {
                        if rc != cap {
                            flag(
                                found,
                                fnd!(Msg::RoomCapacityDiffers, rc, &v.id, &raw.room, cap),
                            );
                        }
                    }
                }
            }
        }
        if let (Some(place), Some(k)) = (place, kind) {
            // The solver writes the venue's place for events not tied to a municipality's
            // programme; a different id means the row was edited inconsistently.
            let own = !matches!(k, EventKind::Consultation | EventKind::Seminar);
            if own && place != v.place {
                flag(
                    found,
                    fnd!(
                        Msg::VenueElsewhere,
                        &raw.municipality,
                        venue_arg(v),
                        model_place_id(model, v.place)
                    ),
                );
            }
        }
    }
    (venue, room)
}

/// The series an event belongs to: the series of its kind whose id starts the event
/// id (`outreach-20230601`), else the only series of its kind.
fn find_series(model: &Model, kind: EventKind, event_id: &str) -> Option<usize> {
    if matches!(
        kind,
        EventKind::Consultation | EventKind::Seminar | EventKind::Office
    ) {
        return None;
    }
    let of_kind: Vec<usize> = (0..model.event_series.len())
        .filter(|&i| model.event_series[i].kind == kind)
        .collect();
    of_kind
        .iter()
        .copied()
        .filter(|&i| {
            let id = &model.event_series[i].id;
            event_id.len() > id.len()
                && event_id.starts_with(id.as_str())
                && event_id[id.len()..].starts_with('-')
        })
        .max_by_key(|&i| model.event_series[i].id.len())
        .or(if of_kind.len() == 1 {
            Some(of_kind[0])
        } else {
            None
        })
}

fn model_place_id(model: &Model, p: Place) -> &str {
    match p {
        Place::Municipality(i) => model.municipalities.get(i).map_or("?", |m| m.id.as_str()),
        Place::Town(i) => model.towns.get(i).map_or("?", |t| t.id.as_str()),
    }
}

/// Parses an ISO date (surrounding blanks allowed).
fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

/// Parses HH:MM (surrounding blanks allowed).
fn parse_time(s: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(s.trim(), "%H:%M").ok()
}

fn hhmm(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

fn window_text(w: TimeWindow) -> String {
    format!("{}-{}", hhmm(w.start), hhmm(w.end))
}

/// Calendar months (year, month) the model's period touches, in order.
fn period_months(model: &Model) -> Vec<(i32, u32)> {
    let mut out: Vec<(i32, u32)> = Vec::new();
    for d in model.period.days() {
        if out.last() != Some(&(d.year(), d.month())) {
            out.push((d.year(), d.month()));
        }
    }
    out
}

/// Why `s` is not a qualified consultant (CON-5) in `role` (consultant or
/// sub-manager); empty when qualified.
fn consultant_gaps(model: &Model, s: &Staff, role: Role) -> Vec<Finding> {
    let mut gaps = Vec::new();
    if !s.roles.contains(&role) {
        gaps.push(fnd!(Msg::GapRole, Arg::Role(role.id().to_string())));
    }
    if model.consultation.require_register && !s.registered {
        gaps.push(fnd!(Msg::GapRegister));
    }
    if s.experience_years < model.consultation.min_experience_years {
        gaps.push(fnd!(
            Msg::GapExperience,
            s.experience_years,
            model.consultation.min_experience_years
        ));
    }
    gaps
}

/// Why `s` may not lecture (SEM-4); empty when qualified.
fn lecturer_gaps(model: &Model, s: &Staff) -> Vec<Finding> {
    let mut gaps = Vec::new();
    if !s.roles.contains(&Role::Lecturer) {
        gaps.push(fnd!(Msg::GapLecturerRole));
    }
    if s.seminars_given < model.seminars.lecturer_min_given {
        gaps.push(fnd!(
            Msg::GapSeminarsGiven,
            s.seminars_given,
            model.seminars.lecturer_min_given
        ));
    }
    gaps
}

/// A venue as a finding's argument: its id in English, its name in Japanese.
pub(super) fn venue_arg(v: &crate::model::Venue) -> Arg {
    Arg::Named {
        id: v.id.clone(),
        name: v.name.clone(),
    }
}

/// A person as a finding's argument: their id in English, their name in Japanese.
pub(super) fn staff_arg(s: &Staff) -> Arg {
    Arg::Named {
        id: s.id.clone(),
        name: s.name.clone(),
    }
}

/// A municipality (or town) of the model by index as a finding's argument.
pub(super) fn place_arg(model: &Model, p: Place) -> Arg {
    let (id, name) = match p {
        Place::Municipality(i) => model
            .municipalities
            .get(i)
            .map_or(("?", ""), |m| (m.id.as_str(), m.name.as_str())),
        Place::Town(i) => model
            .towns
            .get(i)
            .map_or(("?", ""), |t| (t.id.as_str(), t.name.as_str())),
    };
    Arg::Named {
        id: id.to_string(),
        name: name.to_string(),
    }
}

/// Where an event is, as a finding's argument: the model's municipality or town, else
/// the row's text.
fn ev_place(model: &Model, ev: &Ev<'_>) -> Arg {
    match ev.place {
        Some(p) => place_arg(model, p),
        None => Arg::Text(ev.raw.municipality.clone()),
    }
}

/// An event's venue as a finding's argument: the model's venue, else the row's text.
fn ev_venue(model: &Model, ev: &Ev<'_>) -> Arg {
    match ev.venue.and_then(|v| model.venues.get(v)) {
        Some(v) => venue_arg(v),
        None => Arg::Text(ev.raw.venue.clone()),
    }
}
