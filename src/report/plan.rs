//! Writes a plan directory (whole or not at all) and renders the terminal summary.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::model::Model;
use crate::plan::files::{ASSIGNMENTS, EVENTS, ROSTER_JSON, STAFF, TEAMS, VIOLATIONS};
use crate::plan::Plan;

/// UTF-8 byte-order mark, so Excel opens Japanese text correctly.
const BOM: &str = "\u{feff}";

pub use super::folder::{preflight, write_dir, PlanFile, WriteError};

/// The files of a plan directory, as (name, contents), in a fixed order.
pub fn render_files(model: &Model, plan: &Plan) -> Vec<PlanFile> {
    let mut json = serde_json::to_string_pretty(&RosterJson::new(plan)).unwrap_or_default();
    json.push('\n');
    let mut files = vec![(ROSTER_JSON.to_string(), json.into_bytes())];
    files.push((EVENTS.to_string(), csv_of(&plan.events).into_bytes()));
    files.push((
        ASSIGNMENTS.to_string(),
        csv_of(&plan.assignments).into_bytes(),
    ));
    files.push((TEAMS.to_string(), csv_of(&plan.teams).into_bytes()));
    files.push((STAFF.to_string(), csv_of(&staff_rows(model)).into_bytes()));
    files.push((
        VIOLATIONS.to_string(),
        csv_of(&plan.violations).into_bytes(),
    ));
    files
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

#[derive(Serialize)]
struct StaffRow {
    staff_id: String,
    name: String,
    roles: String,
    registered: bool,
    experience_years: f64,
    seminars_given: u32,
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

/// CSV text with a BOM and a header, even when there are no rows.
pub fn csv_of<T: Serialize>(rows: &[T]) -> String {
    let mut w = csv::WriterBuilder::new()
        .has_headers(true)
        .from_writer(Vec::new());
    for r in rows {
        let _ = w.serialize(r);
    }
    let body = w.into_inner().unwrap_or_default();
    let mut text = String::from(BOM);
    if rows.is_empty() {
        text.push_str(&header_of::<T>());
    } else {
        text.push_str(&String::from_utf8_lossy(&body));
    }
    text
}

/// The header row of a CSV for a row type with no rows (csv writes headers lazily).
fn header_of<T: Serialize>() -> String {
    let name = std::any::type_name::<T>();
    let cols = if name.ends_with("Violation") {
        "rule,date,event_id,staff_id,message"
    } else if name.ends_with("Assignment") {
        "event_id,date,staff_id,role"
    } else if name.ends_with("TeamMember") {
        "municipality,staff_id"
    } else if name.ends_with("Event") {
        "event_id,date,start,end,kind,municipality,venue,room,room_capacity,capacity,seminar_type,theme,mode,original_date"
    } else if name.ends_with("StaffRow") {
        "staff_id,name,roles,registered,experience_years,seminars_given"
    } else if name.ends_with("ChangeRow") {
        "event_id,date,kind,municipality,venue,change,before,after"
    } else if name.ends_with("Notice") {
        "staff_id,name,date,event_id,notice"
    } else if name.ends_with("ComparisonRow") {
        "scenario,feasible,violations,changed_assignments,events_changed,consultation_held,consultation_moved,consultation_cancelled,events_moved,events_cancelled,announced_changed,people_to_notify,staff_days_changed,travel_km,objective,travel,continuity,fairness,preference,cancellations,team_members,status"
    } else {
        ""
    };
    format!("{cols}\n")
}

/// The terminal summary: status, objective terms, municipalities, people, seminars.
pub fn summary(model: &Model, plan: &Plan) -> String {
    let mut s = String::new();
    let o = &plan.objective;
    s.push_str(&status_line(plan));
    let _ = writeln!(
        s,
        "objective {:.1} = travel {:.1} + continuity {:.1} + fairness {:.1} + preference {:.1} + changes {:.1} + violations {:.1}",
        o.total, o.travel, o.continuity, o.fairness, o.preference, o.changes, o.violations
    );
    let _ = writeln!(s, "\nmunicipality  days  team");
    for m in &model.municipalities {
        let days = plan
            .events
            .iter()
            .filter(|e| e.kind == "consultation" && e.municipality == m.id)
            .count();
        let team: Vec<&str> = plan
            .teams
            .iter()
            .filter(|t| t.municipality == m.id)
            .map(|t| t.staff_id.as_str())
            .collect();
        let _ = writeln!(s, "{:<13} {:>4}  {}", m.id, days, team.join(" "));
    }
    let _ = writeln!(s, "\nstaff  role            days  contract/wk  days/wk");
    let weeks = (model.period.to - model.period.from).num_days() as f64 / 7.0;
    let mut days_of: BTreeMap<&str, std::collections::BTreeSet<&str>> = BTreeMap::new();
    for a in &plan.assignments {
        days_of
            .entry(a.staff_id.as_str())
            .or_default()
            .insert(a.date.as_str());
    }
    for p in &model.staff {
        let n = days_of.get(p.id.as_str()).map_or(0, |d| d.len());
        let role = p.roles.first().map_or("", |r| r.id());
        let _ = writeln!(
            s,
            "{:<6} {:<15} {:>4}  {:>11.1}  {:>7.2}",
            p.id,
            role,
            n,
            p.contract_days_per_week,
            n as f64 / weeks
        );
    }
    let _ = writeln!(s, "\nseminars by month (all municipalities)");
    let mut by_month: BTreeMap<&str, [usize; 4]> = BTreeMap::new();
    for e in plan.events.iter().filter(|e| e.kind == "seminar") {
        let month = e.date.get(..7).unwrap_or("");
        let t = crate::model::SeminarType::parse(&e.seminar_type).map_or(0, |t| t.index());
        by_month.entry(month).or_default()[t] += 1;
    }
    let _ = writeln!(s, "month    all-ages senior women health");
    for (m, c) in &by_month {
        let _ = writeln!(s, "{m}  {:>8} {:>6} {:>5} {:>6}", c[0], c[1], c[2], c[3]);
    }
    let kinds = [
        "consultation",
        "seminar",
        "outreach",
        "one-point",
        "job-fair",
        "roundtable",
        "office",
    ];
    let counts: Vec<String> = kinds
        .iter()
        .map(|k| {
            format!(
                "{k} {}",
                plan.events.iter().filter(|e| e.kind == *k).count()
            )
        })
        .collect();
    let _ = writeln!(s, "\nevents: {}", counts.join(", "));
    let _ = writeln!(s, "assignments: {}", plan.assignments.len());
    s.push_str(&violations_text(&plan.violations));
    s
}

/// "status: ... gap: ... time: ..." for a plan, then which part stopped on time and
/// what the gap is measured against.
pub fn status_line(plan: &Plan) -> String {
    let gap = match plan.gap {
        Some(g) => format!("{:.3}%", g * 100.0),
        None => "unknown".to_string(),
    };
    let mut s = format!(
        "status: {}  gap: {gap}  time: {:.1}s\n",
        plan.status.id(),
        plan.seconds
    );
    let stopped = plan.solve.stopped_on_time();
    if !stopped.is_empty() {
        let _ = writeln!(s, "stopped on the time limit: {}", stopped.join("; "));
    }
    let unbounded: Vec<&str> = plan
        .solve
        .parts
        .iter()
        .filter(|p| p.gap.is_none())
        .map(|p| p.name.as_str())
        .collect();
    if plan.gap.is_none() && !unbounded.is_empty() {
        let _ = writeln!(
            s,
            "no bound on the real objective for: {} (no bound yet, or its plan breaks a rule)",
            unbounded.join("; ")
        );
    }
    if !plan.solve.bound_of.is_empty() {
        match plan.solve.bound {
            Some(b) => {
                let _ = writeln!(s, "gap against: {} (bound {b:.1})", plan.solve.bound_of);
            }
            None => {
                let _ = writeln!(s, "gap against: {}", plan.solve.bound_of);
            }
        }
    }
    s
}

/// The violations for the terminal, one a line, or that every rule holds.
pub fn violations_text(violations: &[crate::plan::Violation]) -> String {
    let mut s = String::new();
    if violations.is_empty() {
        let _ = writeln!(s, "violations: none; every rule holds");
    } else {
        let _ = writeln!(s, "violations: {}", violations.len());
        for v in violations {
            let _ = writeln!(s, "  {v}");
        }
    }
    s
}
