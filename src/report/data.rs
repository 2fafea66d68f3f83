//! The data files every centre plan directory has (roster.json, events, assignments,
//! teams, staff, violations, deadlines): ids first, readable names in added columns after them.

use serde::Serialize;

use super::files::{csv_of, PlanFile};
use super::labels::Lang;
use super::names::Names;
use super::rows::{AssignmentRow, EventRow, StaffRow, TeamRow};
use crate::model::Model;
use crate::plan::files::{ASSIGNMENTS, EVENTS, ROSTER_JSON, STAFF, TEAMS, VIOLATIONS};
use crate::plan::Plan;

/// The data files every plan directory has: roster.json, events, assignments, teams,
/// staff and violations (ids first, readable names in added columns after them).
pub fn data_files(model: &Model, plan: &Plan, lang: Lang) -> Vec<PlanFile> {
    let names = Names::new(model, lang);
    let mut json = serde_json::to_string_pretty(&RosterJson::new(plan)).unwrap_or_default();
    json.push('\n');
    let mut files = vec![(ROSTER_JSON.to_string(), json.into_bytes())];
    files.push((
        EVENTS.to_string(),
        csv_of(&event_rows(&names, plan)).into_bytes(),
    ));
    files.push((
        ASSIGNMENTS.to_string(),
        csv_of(&assignment_rows(&names, plan)).into_bytes(),
    ));
    files.push((
        TEAMS.to_string(),
        csv_of(&team_rows(&names, plan)).into_bytes(),
    ));
    files.push((STAFF.to_string(), csv_of(&staff_rows(model)).into_bytes()));
    files.push((
        VIOLATIONS.to_string(),
        csv_of(&plan.violations).into_bytes(),
    ));
    // The contract's deadlines (PR-1, REP-1, SEM-7), moved with the events they serve.
    files.push(super::deadlines::csv_file(model, plan, lang));
    files
}

fn event_rows(n: &Names, plan: &Plan) -> Vec<EventRow> {
    plan.events
        .iter()
        .map(|e| EventRow {
            event_id: e.event_id.clone(),
            date: e.date.clone(),
            start: e.start.clone(),
            end: e.end.clone(),
            kind: e.kind.clone(),
            municipality: e.municipality.clone(),
            venue: e.venue.clone(),
            room: e.room.clone(),
            room_capacity: e.room_capacity,
            capacity: e.capacity,
            seminar_type: e.seminar_type.clone(),
            theme: e.theme.clone(),
            mode: e.mode.clone(),
            original_date: e.original_date.clone(),
            weekday: n.weekday(&e.date),
            municipality_name: n.place(&e.municipality),
            venue_name: n.venue(&e.venue),
            room_name: n.room(&e.venue, &e.room),
            address: n.address(&e.venue),
        })
        .collect()
}

fn assignment_rows(n: &Names, plan: &Plan) -> Vec<AssignmentRow> {
    let events: std::collections::HashMap<&str, &crate::plan::Event> = plan
        .events
        .iter()
        .map(|e| (e.event_id.as_str(), e))
        .collect();
    plan.assignments
        .iter()
        .map(|a| {
            let e = events.get(a.event_id.as_str());
            let field =
                |f: fn(&crate::plan::Event) -> &String| e.map_or(String::new(), |e| f(e).clone());
            AssignmentRow {
                event_id: a.event_id.clone(),
                date: a.date.clone(),
                staff_id: a.staff_id.clone(),
                role: a.role.clone(),
                weekday: n.weekday(&a.date),
                start: field(|e| &e.start),
                end: field(|e| &e.end),
                kind: field(|e| &e.kind),
                staff_name: n.staff(&a.staff_id),
                municipality: field(|e| &e.municipality),
                municipality_name: e.map_or(String::new(), |e| n.place(&e.municipality)),
                venue_name: e.map_or(String::new(), |e| n.venue(&e.venue)),
                address: e.map_or(String::new(), |e| n.address(&e.venue)),
            }
        })
        .collect()
}

fn team_rows(n: &Names, plan: &Plan) -> Vec<TeamRow> {
    plan.teams
        .iter()
        .map(|t| TeamRow {
            municipality: t.municipality.clone(),
            staff_id: t.staff_id.clone(),
            municipality_name: n.place(&t.municipality),
            staff_name: n.staff(&t.staff_id),
        })
        .collect()
}

/// roster.json: the plan with the solve time kept apart, so the rest is repeatable.
#[derive(Serialize)]
struct RosterJson<'a> {
    #[serde(flatten)]
    plan: &'a Plan,
}

impl<'a> RosterJson<'a> {
    fn new(plan: &'a Plan) -> Self {
        RosterJson { plan }
    }
}

fn staff_rows(model: &Model) -> Vec<StaffRow> {
    let mut rows: Vec<StaffRow> = model
        .staff
        .iter()
        .map(|s| StaffRow {
            staff_id: s.id.clone(),
            name: s.name.clone(),
            roles: s.roles.iter().map(|r| r.id()).collect::<Vec<_>>().join(";"),
            registered: s.registered,
            experience_years: s.experience_years,
            seminars_given: s.seminars_given,
        })
        .collect();
    rows.sort_by(|a, b| a.staff_id.cmp(&b.staff_id));
    rows
}
