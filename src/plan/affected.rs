//! Who a change of plan affects, person by person: days gained and lost by month,
//! teams joined and left, travel in km (and yen, when the model gives a rate), and
//! whether each person ends up more than 20 % under or over their contracted days.
//!
//! One pure function, [`consequences`], from (baseline plan, new plan, model), so a
//! re-plan, a hand edit and a what-if report the same figures. Objective points never
//! enter it: money is km × the model's `[costs] travel_yen_per_km`, or not shown.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};

use super::{parse_day, Plan};
use crate::model::Model;

/// A person is flagged when their days lie more than this share under or over their
/// contracted days over the period (issue 16: "more than 20 % under or over").
pub const CONTRACT_BAND: f64 = 0.2;

/// Where a person's days stand against their contract over the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ContractFlag {
    /// Within ±20 % of the contracted days.
    Within,
    /// More than 20 % under.
    Under,
    /// More than 20 % over.
    Over,
    /// No contracted days to compare with (not in the model, or a zero contract).
    NoContract,
}

impl ContractFlag {
    /// The id written in `affected.csv`.
    pub fn id(self) -> &'static str {
        match self {
            ContractFlag::Within => "within",
            ContractFlag::Under => "under",
            ContractFlag::Over => "over",
            ContractFlag::NoContract => "",
        }
    }

    /// The flag of `days` worked against `contracted` days.
    pub fn of(days: u32, contracted: Option<f64>) -> ContractFlag {
        match contracted {
            Some(c) if c > 0.0 => {
                let d = f64::from(days);
                if d < c * (1.0 - CONTRACT_BAND) {
                    ContractFlag::Under
                } else if d > c * (1.0 + CONTRACT_BAND) {
                    ContractFlag::Over
                } else {
                    ContractFlag::Within
                }
            }
            _ => ContractFlag::NoContract,
        }
    }
}

/// Days gained and lost by one person in one calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthChange {
    /// Year.
    pub year: i32,
    /// Month, 1-12.
    pub month: u32,
    /// Days worked in the new plan and not in the baseline.
    pub gained: u32,
    /// Days worked in the baseline and not in the new plan.
    pub lost: u32,
}

/// What a change of plan means for one person.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonChange {
    /// Staff id.
    pub staff_id: String,
    /// Distinct days worked in the baseline (whole period).
    pub days_before: u32,
    /// Distinct days worked in the new plan (whole period).
    pub days_after: u32,
    /// Days worked in the new plan and not in the baseline.
    pub gained: u32,
    /// Days worked in the baseline and not in the new plan.
    pub lost: u32,
    /// The months with a day gained or lost, in order.
    pub months: Vec<MonthChange>,
    /// Assignments (event, role, date, venue, hours) in one plan and not the other: an
    /// event moved to another venue counts as one gone and one new.
    pub assignments_changed: u32,
    /// Municipalities whose team (CON-4) they join.
    pub teams_joined: Vec<String>,
    /// Municipalities whose team (CON-4) they leave.
    pub teams_left: Vec<String>,
    /// Km travelled in the baseline: home to each event's place and back.
    pub km_before: f64,
    /// Km travelled in the new plan.
    pub km_after: f64,
    /// Contracted days over the period (new model), `None` outside the model.
    pub contracted_days: Option<f64>,
    /// Against the contract in the baseline.
    pub flag_before: ContractFlag,
    /// Against the contract in the new plan.
    pub flag_after: ContractFlag,
}

impl PersonChange {
    /// Km travelled more (negative: less) in the new plan.
    pub fn km_change(&self) -> f64 {
        self.km_after - self.km_before
    }

    /// Days worked more (negative: fewer) in the new plan.
    pub fn days_change(&self) -> i64 {
        i64::from(self.days_after) - i64::from(self.days_before)
    }

    /// How much changes for them, to order people by: days moved, then assignments,
    /// then teams.
    fn size(&self) -> (u32, u32, usize) {
        (
            self.gained + self.lost,
            self.assignments_changed,
            self.teams_joined.len() + self.teams_left.len(),
        )
    }
}

/// The consequences of a change of plan, person by person.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Consequences {
    /// Everyone affected (an assignment or a team membership differs), by staff id.
    pub people: Vec<PersonChange>,
    /// The model's `[costs] travel_yen_per_km`; `None`: yen is not configured.
    pub yen_per_km: Option<f64>,
}

impl Consequences {
    /// Days gained, summed over everyone.
    pub fn days_gained(&self) -> u32 {
        self.people.iter().map(|p| p.gained).sum()
    }

    /// Days lost, summed over everyone.
    pub fn days_lost(&self) -> u32 {
        self.people.iter().map(|p| p.lost).sum()
    }

    /// Km travelled more (negative: less), summed over everyone.
    pub fn km_change(&self) -> f64 {
        self.people.iter().map(PersonChange::km_change).sum()
    }

    /// Yen of `km` at the model's rate; `None` when no rate is configured.
    pub fn yen(&self, km: f64) -> Option<f64> {
        self.yen_per_km.map(|r| km * r)
    }

    /// Up to `n` people with the largest changes (days moved, then assignments, then
    /// teams; ties by staff id).
    pub fn largest(&self, n: usize) -> Vec<&PersonChange> {
        let mut all: Vec<&PersonChange> = self.people.iter().collect();
        all.sort_by(|a, b| b.size().cmp(&a.size()).then(a.staff_id.cmp(&b.staff_id)));
        all.truncate(n);
        all
    }
}

/// Contracted days of staff `p` over the model's period: `contract_days_per_week` per
/// week of the days they can work (their weekdays, not on leave, before `start` or
/// after `end`, and the programme open: not a holiday or closure), under the terms of
/// each day (`[[staff_change]]`): the capacity stage 2's fair workload shares out.
pub fn contracted_days(model: &Model, p: usize) -> f64 {
    contracted_in(model, p, &open_days(model))
}

/// [`contracted_days`] of every person, in the model's staff order, the open days
/// worked out once.
pub fn contracted_days_of_all(model: &Model) -> Vec<f64> {
    let open = open_days(model);
    (0..model.staff.len())
        .map(|p| contracted_in(model, p, &open))
        .collect()
}

/// The days of the period the programme is open (not a holiday or closure): worked
/// out once per comparison, since a holiday lookup works out the year's holidays.
fn open_days(model: &Model) -> Vec<NaiveDate> {
    model
        .period
        .days()
        .filter(|d| crate::calendar::is_open_day(model, *d))
        .collect()
}

/// [`contracted_days`] over the given open days.
fn contracted_in(model: &Model, p: usize, open: &[NaiveDate]) -> f64 {
    let s = &model.staff[p];
    let days = open.iter().filter(|d| s.available(**d));
    if s.terms.is_empty() {
        let weekdays = s.weekdays.len().max(1) as f64;
        return s.contract_days_per_week * days.count() as f64 / weekdays;
    }
    // Each open day they can work is worth the share of a contracted week their terms
    // that day give (a `[[staff_change]]` changes the contract from a date).
    days.map(|d| s.contract_share_on(*d)).sum()
}

/// An assignment as the person sees it: the event and role, and when and where it is
/// (an event moved to another venue, date or time changes their day).
type Seen<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str, &'a str);

/// Per person: days by date, assignments, teams and km of one plan.
#[derive(Default)]
struct Worked<'a> {
    days: BTreeSet<NaiveDate>,
    assignments: BTreeSet<Seen<'a>>,
    teams: BTreeSet<&'a str>,
    km: f64,
}

/// Everyone's work in `plan`; km from the model's homes and venues (a person or venue
/// the model does not know travels nothing).
fn worked<'a>(model: &Model, plan: &'a Plan) -> BTreeMap<&'a str, Worked<'a>> {
    let event_of: BTreeMap<&str, &super::Event> = plan
        .events
        .iter()
        .map(|e| (e.event_id.as_str(), e))
        .collect();
    let mut out: BTreeMap<&str, Worked> = BTreeMap::new();
    for a in &plan.assignments {
        let w = out.entry(a.staff_id.as_str()).or_default();
        if let Some(d) = parse_day(&a.date) {
            w.days.insert(d);
        }
        let event = event_of.get(a.event_id.as_str());
        let (venue, start, end) = event.map_or(("", "", ""), |e| {
            (e.venue.as_str(), e.start.as_str(), e.end.as_str())
        });
        w.assignments.insert((
            a.event_id.as_str(),
            a.role.as_str(),
            a.date.as_str(),
            venue,
            start,
            end,
        ));
        let home = model.staff_index(&a.staff_id).map(|p| model.staff[p].home);
        let place = model.venue_index(venue).map(|v| model.venues[v].place);
        if let (Some(h), Some(pl)) = (home, place) {
            // There and back, as the travel term counts it.
            w.km += 2.0 * model.distance_km(h, pl);
        }
    }
    for t in &plan.teams {
        out.entry(t.staff_id.as_str())
            .or_default()
            .teams
            .insert(t.municipality.as_str());
    }
    out
}

/// Who `after` affects against `before`, person by person (`model`: the model `after`
/// was planned against, for homes, venues, contracts and the yen rate). People are
/// listed by staff id; someone is listed when an assignment of theirs (event, role,
/// date, venue or hours) or a team membership differs between the plans.
pub fn consequences(before: &Plan, after: &Plan, model: &Model) -> Consequences {
    let (b, a) = (worked(model, before), worked(model, after));
    let ids: BTreeSet<&str> = b.keys().chain(a.keys()).copied().collect();
    let empty = Worked::default();
    let open = open_days(model);
    let mut people = Vec::new();
    for id in ids {
        let wb = b.get(id).unwrap_or(&empty);
        let wa = a.get(id).unwrap_or(&empty);
        if wb.assignments == wa.assignments && wb.teams == wa.teams {
            continue;
        }
        let mut months: BTreeMap<(i32, u32), (u32, u32)> = BTreeMap::new();
        for d in wa.days.difference(&wb.days) {
            months.entry((d.year(), d.month())).or_default().0 += 1;
        }
        for d in wb.days.difference(&wa.days) {
            months.entry((d.year(), d.month())).or_default().1 += 1;
        }
        let months: Vec<MonthChange> = months
            .into_iter()
            .map(|((year, month), (gained, lost))| MonthChange {
                year,
                month,
                gained,
                lost,
            })
            .collect();
        let contracted = model
            .staff_index(id)
            .map(|p| contracted_in(model, p, &open));
        let (days_before, days_after) = (wb.days.len() as u32, wa.days.len() as u32);
        people.push(PersonChange {
            staff_id: id.to_string(),
            days_before,
            days_after,
            gained: months.iter().map(|m| m.gained).sum(),
            lost: months.iter().map(|m| m.lost).sum(),
            months,
            assignments_changed: wa.assignments.symmetric_difference(&wb.assignments).count()
                as u32,
            teams_joined: wa
                .teams
                .difference(&wb.teams)
                .map(|s| s.to_string())
                .collect(),
            teams_left: wb
                .teams
                .difference(&wa.teams)
                .map(|s| s.to_string())
                .collect(),
            km_before: wb.km,
            km_after: wa.km,
            contracted_days: contracted,
            flag_before: ContractFlag::of(days_before, contracted),
            flag_after: ContractFlag::of(days_after, contracted),
        });
    }
    Consequences {
        people,
        yen_per_km: model.costs.travel_yen_per_km,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Assignment, Event, SolveStatus, TeamMember};

    fn tiny() -> Model {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny.toml");
        crate::input::load_model(&path).expect("tiny model")
    }

    fn event(id: &str, date: &str, venue: &str) -> Event {
        Event {
            event_id: id.into(),
            date: date.into(),
            start: "10:00".into(),
            end: "16:00".into(),
            kind: "consultation".into(),
            municipality: String::new(),
            venue: venue.into(),
            room: String::new(),
            room_capacity: None,
            capacity: None,
            seminar_type: String::new(),
            theme: String::new(),
            mode: String::new(),
            original_date: String::new(),
        }
    }

    fn on(event: &str, date: &str, staff: &str) -> Assignment {
        Assignment {
            event_id: event.into(),
            date: date.into(),
            staff_id: staff.into(),
            role: "consultant".into(),
        }
    }

    fn team(m: &str, s: &str) -> TeamMember {
        TeamMember {
            municipality: m.into(),
            staff_id: s.into(),
        }
    }

    fn plan(events: Vec<Event>, assignments: Vec<Assignment>, teams: Vec<TeamMember>) -> Plan {
        Plan {
            model: String::new(),
            model_digest: String::new(),
            status: SolveStatus::Loaded,
            gap: None,
            solve: Default::default(),
            seconds: 0.0,
            objective: Default::default(),
            events,
            assignments,
            teams,
            substitutions: vec![],
            violations: vec![],
        }
    }

    /// A hand-made pair: A's two days (April and May) go to B, B's June day stays,
    /// A leaves the team B joins. Figures counted by hand.
    #[test]
    fn a_hand_made_pair_of_plans_gives_the_hand_counted_figures() {
        let mut m = tiny();
        let (a, b) = (m.staff[0].id.clone(), m.staff[1].id.clone());
        let venue = m.venues[0].id.clone();
        let muni = m.municipalities[0].id.clone();
        m.costs.travel_yen_per_km = Some(15.0);
        let events = vec![
            event("e1", "2023-04-12", &venue),
            event("e2", "2023-05-10", &venue),
            event("e3", "2023-06-14", &venue),
        ];
        let before = plan(
            events.clone(),
            vec![
                on("e1", "2023-04-12", &a),
                on("e2", "2023-05-10", &a),
                on("e3", "2023-06-14", &b),
            ],
            vec![team(&muni, &a)],
        );
        let after = plan(
            events,
            vec![
                on("e1", "2023-04-12", &b),
                on("e2", "2023-05-10", &b),
                on("e3", "2023-06-14", &b),
            ],
            vec![team(&muni, &b)],
        );
        let c = consequences(&before, &after, &m);
        assert_eq!(c.people.len(), 2);
        let pa = c.people.iter().find(|p| p.staff_id == a).expect("A");
        let pb = c.people.iter().find(|p| p.staff_id == b).expect("B");
        assert_eq!(
            (pa.days_before, pa.days_after, pa.gained, pa.lost),
            (2, 0, 0, 2)
        );
        assert_eq!(
            (pb.days_before, pb.days_after, pb.gained, pb.lost),
            (1, 3, 2, 0)
        );
        assert_eq!(
            pa.months,
            [
                MonthChange {
                    year: 2023,
                    month: 4,
                    gained: 0,
                    lost: 1
                },
                MonthChange {
                    year: 2023,
                    month: 5,
                    gained: 0,
                    lost: 1
                },
            ]
        );
        assert_eq!(pa.teams_left, std::slice::from_ref(&muni));
        assert!(pa.teams_joined.is_empty());
        assert_eq!(pb.teams_joined, std::slice::from_ref(&muni));
        assert_eq!(pa.assignments_changed, 2);
        // Km: there and back per assignment; yen = km × rate.
        let place = m.venues[0].place;
        let km_a = 2.0 * m.distance_km(m.staff[0].home, place);
        let km_b = 2.0 * m.distance_km(m.staff[1].home, place);
        assert!((pa.km_change() + 2.0 * km_a).abs() < 1e-9);
        assert!((pb.km_change() - 2.0 * km_b).abs() < 1e-9);
        assert_eq!((c.days_gained(), c.days_lost()), (2, 2));
        let km = c.km_change();
        assert!((c.yen(km).expect("a rate") - 15.0 * km).abs() < 1e-9);
        // A tie on every measure goes to the smaller id.
        assert_eq!(c.largest(1)[0].staff_id, a.clone().min(b.clone()));
    }

    /// An event moved to another venue affects its people (their travel changes), even
    /// though nobody gains or loses a day.
    #[test]
    fn an_event_moved_to_another_venue_affects_its_people() {
        let m = tiny();
        let a = m.staff[0].id.clone();
        let (v0, v1) = (m.venues[0].id.clone(), m.venues[1].id.clone());
        let before = plan(
            vec![event("e1", "2023-04-12", &v0)],
            vec![on("e1", "2023-04-12", &a)],
            vec![],
        );
        let after = plan(
            vec![event("e1", "2023-04-12", &v1)],
            vec![on("e1", "2023-04-12", &a)],
            vec![],
        );
        let c = consequences(&before, &after, &m);
        assert_eq!(c.people.len(), 1);
        let p = &c.people[0];
        assert_eq!((p.gained, p.lost, p.assignments_changed), (0, 0, 2));
        let home = m.staff[0].home;
        let expected =
            2.0 * (m.distance_km(home, m.venues[1].place) - m.distance_km(home, m.venues[0].place));
        assert!((p.km_change() - expected).abs() < 1e-9);
    }

    #[test]
    fn nothing_changed_affects_nobody_and_no_rate_means_no_yen() {
        let m = tiny();
        let p = plan(vec![], vec![on("e1", "2023-04-12", &m.staff[0].id)], vec![]);
        let c = consequences(&p, &p, &m);
        assert!(c.people.is_empty());
        assert_eq!(c.yen(10.0), None);
    }

    #[test]
    fn contract_flags_are_twenty_percent_either_side() {
        assert_eq!(ContractFlag::of(79, Some(100.0)), ContractFlag::Under);
        assert_eq!(ContractFlag::of(80, Some(100.0)), ContractFlag::Within);
        assert_eq!(ContractFlag::of(120, Some(100.0)), ContractFlag::Within);
        assert_eq!(ContractFlag::of(121, Some(100.0)), ContractFlag::Over);
        assert_eq!(ContractFlag::of(5, None), ContractFlag::NoContract);
        assert_eq!(ContractFlag::of(5, Some(0.0)), ContractFlag::NoContract);
    }
}
