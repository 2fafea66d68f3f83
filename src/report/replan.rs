//! Renders re-plans and what-if comparisons: files, summaries, the comparison table.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::labels::Lang;
use super::names::Names;
use super::plan::{csv_of, data_files, PlanFile};
use crate::replan::{ChangeRow, Replan};

/// File of changes against the baseline.
pub const CHANGES: &str = "changes.csv";
/// File of notices per person.
pub const NOTICES: &str = "notices.csv";

/// The files of a re-plan directory: the plan's files, changes and notices (with
/// readable names), the letters, the calendars (carrying cancellations of what the
/// baseline's calendars showed, `prior`), the workbook and the HTML calendar.
/// `stamp` (the scenario's `as_of`) dates the calendars, so files are repeatable.
pub fn render_replan_files(
    r: &Replan,
    prior: &super::ics::Prior,
    lang: Lang,
    stamp: chrono::NaiveDate,
) -> Result<Vec<PlanFile>, super::plan::RenderError> {
    let m = &r.model;
    let names = Names::new(m, lang);
    let mut files = data_files(m, &r.plan, lang);
    let changes = change_rows(&names, &r.changes);
    files.push((CHANGES.to_string(), csv_of(&changes).into_bytes()));
    let notices = super::notices::replan_notices(m, &r.plan, &r.notices, lang);
    files.extend(super::notices::files(m, &notices, lang, Some(&r.scenario)));
    let stamp = super::plan::stamp_of(stamp);
    files.extend(super::ics::files(m, &r.plan, lang, stamp, prior));
    let (xlsx, html) =
        super::plan::people_files(m, &r.plan, lang, Some((&changes, &notices)), stamp)?;
    files.push(xlsx);
    files.push(html);
    Ok(files)
}

/// Columns of changes.csv.
pub const CHANGE_COLUMNS: &str = "event_id,date,kind,municipality,venue,change,before,after,weekday,municipality_name,venue_name,change_label,before_text,after_text";

/// A row of changes.csv: the change, then the same in words.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeNamedRow {
    /// Event id (empty for team changes).
    pub event_id: String,
    /// ISO date.
    pub date: String,
    /// Event kind or `team`.
    pub kind: String,
    /// Municipality id.
    pub municipality: String,
    /// Venue id.
    pub venue: String,
    /// Kind of change.
    pub change: String,
    /// Before (ids).
    pub before: String,
    /// After (ids).
    pub after: String,
    /// Weekday of `date`.
    pub weekday: String,
    /// Municipality name.
    pub municipality_name: String,
    /// Venue name.
    pub venue_name: String,
    /// The change in words.
    pub change_label: String,
    /// Before, with names.
    pub before_text: String,
    /// After, with names.
    pub after_text: String,
}

/// Changes with names beside the ids.
pub fn change_rows(n: &Names, changes: &[ChangeRow]) -> Vec<ChangeNamedRow> {
    let l = n.lang.labels();
    // "c05 (consultant)" -> "山田 太郎 (キャリアコンサルタント)"; a where-text -> words.
    let readable = |c: &ChangeRow, text: &str| -> String {
        if text.is_empty() {
            return String::new();
        }
        if c.kind == "team" {
            return n.staff(text);
        }
        if let Some((id, rest)) = text.split_once(" (") {
            if !id.contains(' ') && rest.ends_with(')') {
                let role = rest.trim_end_matches(')');
                return format!("{} ({})", n.staff(id), l.role(role));
            }
        }
        n.readable_where(text)
    };
    changes
        .iter()
        .map(|c| ChangeNamedRow {
            event_id: c.event_id.clone(),
            date: c.date.clone(),
            kind: c.kind.clone(),
            municipality: c.municipality.clone(),
            venue: c.venue.clone(),
            change: c.change.clone(),
            before: c.before.clone(),
            after: c.after.clone(),
            weekday: n.weekday(&c.date),
            municipality_name: n.place(&c.municipality),
            venue_name: if c.venue.is_empty() {
                String::new()
            } else {
                n.venue(&c.venue)
            },
            change_label: l.change(&c.change).to_string(),
            before_text: readable(c, &c.before),
            after_text: readable(c, &c.after),
        })
        .collect()
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
pub fn summary(r: &Replan, lang: Lang) -> String {
    let mut s = String::new();
    let p = &r.plan;
    let t = &lang.labels().t;
    let _ = writeln!(s, "{}: {}", t.scenario, r.scenario);
    s.push_str(&super::plan::status_line(p, lang));
    let _ = writeln!(
        s,
        "{}: {} ({} {})",
        t.changed[0], r.changed_assignments, t.changed[1], r.forced_assignments
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
        let _ = writeln!(s, "{}: {}", t.changes, t.none);
    } else {
        let list: Vec<String> = counts.iter().map(|(k, v)| format!("{k} {v}")).collect();
        let _ = writeln!(s, "{}: {}", t.changes, list.join(", "));
    }
    let mut people: BTreeMap<&str, usize> = BTreeMap::new();
    for n in &r.notices {
        *people.entry(n.staff_id.as_str()).or_default() += 1;
    }
    if !people.is_empty() {
        let list: Vec<String> = people.iter().map(|(k, v)| format!("{k} ({v})")).collect();
        let _ = writeln!(s, "{}: {}", t.tell, list.join(", "));
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
    s.push_str(&super::plan::violations_text(&p.violations, lang));
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
