//! Renders re-plans and what-if comparisons: files, summaries, the comparison table.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::replan::Replan;

use super::plan::{csv_of, render_files};

/// File of changes against the baseline.
pub const CHANGES: &str = "changes.csv";
/// File of notices per person.
pub const NOTICES: &str = "notices.csv";

/// The files of a re-plan directory: the plan's files plus changes and notices.
pub fn render_replan_files(r: &Replan) -> Vec<super::folder::PlanFile> {
    let mut files = render_files(&r.model, &r.plan);
    files.push((CHANGES.to_string(), csv_of(&r.changes).into_bytes()));
    files.push((NOTICES.to_string(), csv_of(&r.notices).into_bytes()));
    files
}

/// Counts of changes by kind.
pub fn change_counts(r: &Replan) -> BTreeMap<&str, usize> {
    let mut m: BTreeMap<&str, usize> = BTreeMap::new();
    for c in &r.changes {
        *m.entry(c.change.as_str()).or_default() += 1;
    }
    m
}

/// A short summary of a re-plan for the terminal.
pub fn summary(r: &Replan) -> String {
    let mut s = String::new();
    let p = &r.plan;
    let _ = writeln!(s, "scenario: {}", r.scenario);
    s.push_str(&super::plan::status_line(p));
    let _ = writeln!(
        s,
        "changed assignments: {} (the scenario forces {})",
        r.changed_assignments, r.forced_assignments
    );
    if r.announced_changes > 0 {
        let _ = writeln!(
            s,
            "announced: {} event change(s) fall in a leaflet or flyer already out (PR-1): tell the public",
            r.announced_changes
        );
    }
    let counts = change_counts(r);
    if counts.is_empty() {
        let _ = writeln!(s, "changes: none");
    } else {
        let list: Vec<String> = counts.iter().map(|(k, v)| format!("{k} {v}")).collect();
        let _ = writeln!(s, "changes: {}", list.join(", "));
    }
    let mut people: BTreeMap<&str, usize> = BTreeMap::new();
    for n in &r.notices {
        *people.entry(n.staff_id.as_str()).or_default() += 1;
    }
    if !people.is_empty() {
        let list: Vec<String> = people.iter().map(|(k, v)| format!("{k} ({v})")).collect();
        let _ = writeln!(s, "tell: {}", list.join(", "));
    }
    for c in r
        .changes
        .iter()
        .filter(|c| c.change.starts_with("event-") || c.change == "venue-changed")
        .take(20)
    {
        let _ = writeln!(
            s,
            "  {} {} {}: {} -> {}",
            c.change, c.event_id, c.municipality, c.before, c.after
        );
    }
    s.push_str(&super::plan::violations_text(&p.violations));
    s
}

/// One row of the what-if comparison.
#[derive(Debug, Clone, Serialize)]
pub struct ComparisonRow {
    /// Scenario name ("baseline" for today's plan).
    pub scenario: String,
    /// Every rule holds.
    pub feasible: bool,
    /// Violations.
    pub violations: usize,
    /// Changed assignment slots.
    pub changed_assignments: usize,
    /// Events moved, added or removed.
    pub events_changed: usize,
    /// Objective total.
    pub objective: f64,
    /// Travel term.
    pub travel: f64,
    /// Continuity term.
    pub continuity: f64,
    /// Fairness term.
    pub fairness: f64,
    /// Preference term.
    pub preference: f64,
    /// Team members in all.
    pub team_members: usize,
    /// Solver status.
    pub status: String,
}

/// A comparison row for a re-plan.
pub fn comparison_row(r: &Replan) -> ComparisonRow {
    let o = &r.plan.objective;
    ComparisonRow {
        scenario: r.scenario.clone(),
        feasible: r.plan.violations.is_empty(),
        violations: r.plan.violations.len(),
        changed_assignments: r.changed_assignments,
        events_changed: r
            .changes
            .iter()
            .filter(|c| c.change.starts_with("event-") || c.change == "venue-changed")
            .count(),
        objective: o.total - o.changes,
        travel: o.travel,
        continuity: o.continuity,
        fairness: o.fairness,
        preference: o.preference,
        team_members: r.plan.teams.len(),
        status: r.plan.status.id().to_string(),
    }
}

/// A comparison row for the baseline plan itself.
pub fn baseline_row(p: &crate::plan::Plan) -> ComparisonRow {
    let o = &p.objective;
    ComparisonRow {
        scenario: "baseline".into(),
        feasible: p.violations.is_empty(),
        violations: p.violations.len(),
        changed_assignments: 0,
        events_changed: 0,
        objective: o.total,
        travel: o.travel,
        continuity: o.continuity,
        fairness: o.fairness,
        preference: o.preference,
        team_members: p.teams.len(),
        status: p.status.id().to_string(),
    }
}

/// The side-by-side table, then per scenario the changes and violations that matter.
pub fn comparison(rows: &[ComparisonRow], replans: &[Replan]) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:<44} {:>8} {:>5} {:>7} {:>6} {:>10} {:>9} {:>9} {:>8} {:>5}",
        "scenario",
        "feasible",
        "viol",
        "changed",
        "events",
        "objective",
        "travel",
        "fairness",
        "teams",
        "status"
    );
    for r in rows {
        let name: String = r.scenario.chars().take(44).collect();
        let _ = writeln!(
            s,
            "{:<44} {:>8} {:>5} {:>7} {:>6} {:>10.1} {:>9.1} {:>9.1} {:>8} {}",
            name,
            if r.feasible { "yes" } else { "NO" },
            r.violations,
            r.changed_assignments,
            r.events_changed,
            r.objective,
            r.travel,
            r.fairness,
            r.team_members,
            r.status
        );
    }
    for r in replans {
        let _ = writeln!(s, "\n== {}", r.scenario);
        let counts = change_counts(r);
        let list: Vec<String> = counts.iter().map(|(k, v)| format!("{k} {v}")).collect();
        let _ = writeln!(
            s,
            "changes: {}",
            if list.is_empty() {
                "none".to_string()
            } else {
                list.join(", ")
            }
        );
        for c in r
            .changes
            .iter()
            .filter(|c| {
                c.change.starts_with("event-") || c.change == "venue-changed" || c.kind == "team"
            })
            .take(12)
        {
            let _ = writeln!(
                s,
                "  {} {} {} {} -> {}",
                c.change, c.municipality, c.event_id, c.before, c.after
            );
        }
        for v in r.plan.violations.iter().take(20) {
            let _ = writeln!(s, "  {v}");
        }
        if r.plan.violations.len() > 20 {
            let _ = writeln!(
                s,
                "  ... {} more in violations.csv",
                r.plan.violations.len() - 20
            );
        }
    }
    s
}
