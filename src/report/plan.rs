//! Writes a plan directory (whole or not at all) and renders the terminal summary.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::model::Model;
use crate::plan::files::{ASSIGNMENTS, EVENTS, ROSTER_JSON, STAFF, TEAMS, VIOLATIONS};
use crate::plan::Plan;

/// UTF-8 byte-order mark, so Excel opens Japanese text correctly.
const BOM: &str = "\u{feff}";

/// Why a plan directory was not written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The directory holds a different plan.
    #[error("error[E040]: {0}: holds a different plan\n  help: choose another --out directory, or pass --force to replace it")]
    Exists(PathBuf),
    /// The path exists but is not a plan directory.
    #[error("error[E041]: {0}: exists and is not a plan directory\n  help: choose another --out directory")]
    NotAPlan(PathBuf),
    /// I/O failed.
    #[error("error[E042]: {path}: {source}\n  help: check that the directory is writable")]
    Io {
        /// Where.
        path: PathBuf,
        /// What.
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The files of a plan directory, as (name, contents), in a fixed order.
pub fn render_files(model: &Model, plan: &Plan) -> Vec<(&'static str, String)> {
    let mut json = serde_json::to_string_pretty(&RosterJson::new(plan)).unwrap_or_default();
    json.push('\n');
    let mut files = vec![(ROSTER_JSON, json)];
    files.push((EVENTS, csv_of(&plan.events)));
    files.push((ASSIGNMENTS, csv_of(&plan.assignments)));
    files.push((TEAMS, csv_of(&plan.teams)));
    files.push((STAFF, csv_of(&staff_rows(model))));
    files.push((VIOLATIONS, csv_of(&plan.violations)));
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

/// Whether `files` may be written into `dir`: it is new, empty, holds the same plan, or
/// `force` is given for a directory that holds a plan. Nothing is written.
pub fn preflight(dir: &Path, files: &[(&str, String)], force: bool) -> Result<(), WriteError> {
    if dir.exists() {
        let existing = dir.join(ROSTER_JSON);
        if !dir.is_dir() {
            return Err(WriteError::NotAPlan(dir.to_path_buf()));
        }
        let empty = std::fs::read_dir(dir).map_err(io(dir))?.next().is_none();
        if !empty && !existing.exists() {
            return Err(WriteError::NotAPlan(dir.to_path_buf()));
        }
        if !empty && !force {
            let same = files.iter().all(|(name, text)| {
                *name == ROSTER_JSON
                    || std::fs::read_to_string(dir.join(name)).is_ok_and(|t| &t == text)
            });
            if !same {
                return Err(WriteError::Exists(dir.to_path_buf()));
            }
        }
    }
    Ok(())
}

/// Writes the files into `dir` whole or not at all: into a temporary sibling first,
/// then renamed into place. A directory holding a different plan is kept unless `force`.
pub fn write_dir(dir: &Path, files: &[(&str, String)], force: bool) -> Result<(), WriteError> {
    preflight(dir, files, force)?;
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(io(&parent))?;
    let base = dir
        .file_name()
        .map_or("plan".into(), |n| n.to_string_lossy().to_string());
    let tmp = parent.join(format!(".{base}.tmp-{}", std::process::id()));
    let old = parent.join(format!(".{base}.old-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).map_err(io(&tmp))?;
    for (name, text) in files {
        let path = tmp.join(name);
        if let Err(e) = std::fs::write(&path, text) {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(WriteError::Io { path, source: e });
        }
    }
    if dir.exists() {
        if let Err(e) = std::fs::rename(dir, &old) {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(WriteError::Io {
                path: dir.to_path_buf(),
                source: e,
            });
        }
    }
    if let Err(e) = std::fs::rename(&tmp, dir) {
        let _ = std::fs::rename(&old, dir);
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(WriteError::Io {
            path: dir.to_path_buf(),
            source: e,
        });
    }
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
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

/// "status: ... gap: ... time: ..." for a plan.
pub fn status_line(plan: &Plan) -> String {
    format!(
        "status: {}  gap: {:.3}%  time: {:.1}s\n",
        plan.status.id(),
        plan.gap * 100.0,
        plan.seconds
    )
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
