//! Renders re-plans and what-if comparisons: files, summaries, the comparison table.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::data::data_files;
use super::files::{csv_of, PlanFile};
use super::labels::{fill, Lang};
use super::names::Names;
use crate::replan::{ChangeRow, Figures, Replan};

pub use super::rows::{ChangeNamedRow, CHANGE_COLUMNS};

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
) -> Result<Vec<PlanFile>, super::files::RenderError> {
    let m = &r.model;
    let names = Names::new(m, lang);
    let changes = change_rows(&names, &r.changes);
    let notices = super::notices::replan_notices(m, &r.plan, &r.gone, &r.notices, lang);
    let reason = r
        .public_reason
        .as_deref()
        .unwrap_or(lang.labels().p.default_reason);
    let stamp = super::files::stamp_of(stamp);
    super::people::beside_people_files(m, &r.plan, lang, Some((&changes, &notices)), stamp, || {
        let mut files = data_files(m, &r.plan, lang);
        files.push((CHANGES.to_string(), csv_of(&changes).into_bytes()));
        files.extend(super::notices::files(m, &notices, lang, Some(reason)));
        files.extend(super::ics::files(m, &r.plan, lang, stamp, prior));
        files
    })
}

/// Changes with names beside the ids.
pub fn change_rows(n: &Names, changes: &[ChangeRow]) -> Vec<ChangeNamedRow> {
    let l = n.lang.labels();
    // "c05 (consultant)" -> "山田 太郎 (キャリアコンサルタント)"; a where-text -> words.
    let readable = |c: &ChangeRow, text: &str| -> String {
        if text.is_empty() {
            return String::new();
        }
        if c.is_team() {
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

/// Counts of changes by kind: in words in Japanese (`担当者交代 2, 日程変更 1`), by id in
/// English (`staff-replaced 2, event-moved 1`, as the summaries always read).
pub fn counts_text(lang: Lang, counts: &BTreeMap<&str, usize>) -> String {
    let l = lang.labels();
    let list: Vec<String> = counts
        .iter()
        .map(|(k, v)| match lang {
            Lang::Ja => format!("{} {v}", l.any_change(k)),
            Lang::En => format!("{k} {v}"),
        })
        .collect();
    list.join(", ")
}

/// A kind of change as the terminal shows it: words in Japanese, the id in English.
fn change_word(lang: Lang, id: &str) -> &str {
    match lang {
        Lang::Ja => lang.labels().any_change(id),
        Lang::En => id,
    }
}

/// A short summary of a re-plan for the terminal.
pub fn summary(r: &Replan, lang: Lang) -> String {
    let mut s = String::new();
    let p = &r.plan;
    let t = &lang.labels().t;
    let _ = writeln!(s, "{}: {}", t.scenario, r.scenario);
    s.push_str(&super::status::status_line(p, lang));
    let _ = writeln!(
        s,
        "{}: {} ({} {})",
        t.changed[0], r.changed_assignments, t.changed[1], r.forced_assignments
    );
    let w = &lang.labels().p;
    if r.announced_changes > 0 {
        let _ = writeln!(s, "{}", fill(w.announced, &[("n", &r.announced_changes)]));
    }
    if r.pins_kept + r.pins_broken.len() > 0 {
        let _ = writeln!(
            s,
            "{}",
            fill(
                w.pins,
                &[("kept", &r.pins_kept), ("changed", &r.pins_broken.len())]
            )
        );
        for (a, why) in &r.pins_broken {
            let what = format!(
                "{} {} {} ({})",
                a.date,
                a.event_id,
                a.staff_id,
                lang.labels().role(&a.role)
            );
            let _ = writeln!(
                s,
                "  {}",
                fill(w.pin_changed, &[("what", &what), ("why", why)])
            );
        }
    }
    let counts = change_counts(r);
    if counts.is_empty() {
        let _ = writeln!(s, "{}: {}", t.changes, t.none);
    } else {
        let _ = writeln!(s, "{}: {}", t.changes, counts_text(lang, &counts));
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
            change_word(lang, &c.change),
            c.event_id,
            c.municipality,
            c.before,
            c.after
        );
    }
    s.push_str(&super::status::violations_text(&p.violations, lang));
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
    /// Consultation days held in the year.
    pub consultation_held: usize,
    /// Consultation days moved (venue or date).
    pub consultation_moved: usize,
    /// Consultation days cancelled.
    pub consultation_cancelled: usize,
    /// Seminars and series events moved.
    pub events_moved: usize,
    /// Seminars and series events cancelled.
    pub events_cancelled: usize,
    /// Event changes inside an announcement already out (PR-1).
    pub announced_changed: usize,
    /// People to notify.
    pub people_to_notify: usize,
    /// (person, day) pairs changed.
    pub staff_days_changed: usize,
    /// Kilometres travelled in the year.
    pub travel_km: f64,
    /// Objective total without change costs, with the cancellation cost.
    pub objective: f64,
    /// Travel term.
    pub travel: f64,
    /// Continuity term.
    pub continuity: f64,
    /// Fairness term.
    pub fairness: f64,
    /// Preference term.
    pub preference: f64,
    /// Cancellation cost (`CANCEL_WEIGHT` per public event cancelled).
    pub cancellations: f64,
    /// Team members in all.
    pub team_members: usize,
    /// Solver status.
    pub status: String,
}

fn row_of(
    name: &str,
    p: &crate::plan::Plan,
    f: &Figures,
    changed: usize,
    events: usize,
) -> ComparisonRow {
    let o = &p.objective;
    ComparisonRow {
        scenario: name.to_string(),
        feasible: p.violations.is_empty(),
        violations: p.violations.len(),
        changed_assignments: changed,
        events_changed: events,
        consultation_held: f.consultation_held,
        consultation_moved: f.consultation_moved,
        consultation_cancelled: f.consultation_cancelled,
        events_moved: f.events_moved,
        events_cancelled: f.events_cancelled,
        announced_changed: f.announced_changed,
        people_to_notify: f.people_to_notify,
        staff_days_changed: f.staff_days_changed,
        travel_km: f.travel_km,
        objective: o.total - o.changes + f.cancellation_cost,
        travel: o.travel,
        continuity: o.continuity,
        fairness: o.fairness,
        preference: o.preference,
        cancellations: f.cancellation_cost,
        team_members: p.teams.len(),
        status: p.status.id().to_string(),
    }
}

/// A comparison row for a re-plan.
pub fn comparison_row(r: &Replan) -> ComparisonRow {
    let events = r
        .changes
        .iter()
        .filter(|c| c.change.starts_with("event-") || c.change == "venue-changed")
        .count();
    row_of(
        &r.scenario,
        &r.plan,
        &r.figures,
        r.changed_assignments,
        events,
    )
}

/// A comparison row for the baseline plan itself (`model`: the model it was planned
/// against).
pub fn baseline_row(model: &crate::model::Model, p: &crate::plan::Plan) -> ComparisonRow {
    row_of(BASELINE, p, &crate::replan::plan_figures(model, p), 0, 0)
}

/// The baseline row's `scenario` (comparison.csv keeps it; the table shows it in words).
pub const BASELINE: &str = "baseline";

/// Width of the scenario column of the table.
const NAME_WIDTH: usize = 40;

/// The side-by-side table, then per scenario the changes and violations that matter;
/// headings and words in `lang` (ids, rule IDs and the scenarios' names as they are).
pub fn comparison(rows: &[ComparisonRow], replans: &[Replan], lang: Lang) -> String {
    let mut s = String::new();
    let w = &lang.labels().p;
    let h = &w.comparison;
    let fit = super::fit;
    // Each column as wide as its figures need, or its heading (Japanese headings are
    // two terminal columns a character).
    const MIN: [usize; 16] = [NAME_WIDTH, 3, 4, 7, 4, 5, 6, 5, 6, 4, 4, 10, 8, 10, 9, 10];
    let wd: Vec<usize> = MIN
        .iter()
        .enumerate()
        .map(|(i, m)| (*m).max(unicode_width::UnicodeWidthStr::width(h[i])))
        .collect();
    let line = |cells: &[String], last: &str| -> String {
        let r = |i: usize| super::pad_right(&cells[i], wd[i]);
        format!(
            "{} {} {} {} | {} {} {} | {} {} | {} {} {} | {} {} {} {} {}",
            fit(&cells[0], wd[0]),
            r(1),
            r(2),
            r(3),
            r(4),
            r(5),
            r(6),
            r(7),
            r(8),
            r(9),
            r(10),
            r(11),
            r(12),
            r(13),
            r(14),
            r(15),
            last
        )
    };
    let heads: Vec<String> = h[..16].iter().map(|x| x.to_string()).collect();
    let _ = writeln!(s, "{}", line(&heads, h[16]));
    let g = &w.comparison_groups;
    let _ = writeln!(
        s,
        "{} {} {} {} | {} | {} | {} |",
        fit("", wd[0]),
        " ".repeat(wd[1]),
        " ".repeat(wd[2]),
        " ".repeat(wd[3]),
        super::pad_right(g[0], wd[4] + wd[5] + wd[6] + 2),
        super::pad_right(g[1], wd[7] + wd[8] + 1),
        super::pad_right(g[2], wd[9] + wd[10] + wd[11] + 2)
    );
    for row in rows {
        let name = if row.scenario == BASELINE {
            w.baseline
        } else {
            row.scenario.as_str()
        };
        let cells = [
            name.to_string(),
            (if row.feasible {
                w.yes_no[0]
            } else {
                w.yes_no[1]
            })
            .to_string(),
            row.violations.to_string(),
            row.changed_assignments.to_string(),
            row.consultation_held.to_string(),
            row.consultation_moved.to_string(),
            row.consultation_cancelled.to_string(),
            row.events_moved.to_string(),
            row.events_cancelled.to_string(),
            row.announced_changed.to_string(),
            row.people_to_notify.to_string(),
            row.staff_days_changed.to_string(),
            format!("{:.0}", row.travel_km),
            format!("{:.1}", row.objective),
            format!("{:.1}", row.fairness),
            format!("{:.0}", row.cancellations),
        ];
        let _ = writeln!(s, "{}", line(&cells, lang.labels().status(&row.status)));
    }
    let t = &lang.labels().t;
    for rp in replans {
        let _ = writeln!(s, "\n== {}", rp.scenario);
        let counts = change_counts(rp);
        let _ = writeln!(
            s,
            "{}: {}",
            t.changes,
            if counts.is_empty() {
                t.none.to_string()
            } else {
                counts_text(lang, &counts)
            }
        );
        for c in rp
            .changes
            .iter()
            .filter(|c| {
                c.change.starts_with("event-") || c.change == "venue-changed" || c.is_team()
            })
            .take(12)
        {
            let _ = writeln!(
                s,
                "  {} {} {} {} -> {}",
                change_word(lang, &c.change),
                c.municipality,
                c.event_id,
                c.before,
                c.after
            );
        }
        for v in rp.plan.violations.iter().take(20) {
            let _ = writeln!(s, "  {}", super::status::violation_line(lang, v));
        }
        if rp.plan.violations.len() > 20 {
            let n = rp.plan.violations.len() - 20;
            let _ = writeln!(s, "{}", fill(w.more_violations, &[("n", &n)]));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    fn row(name: &str) -> ComparisonRow {
        let plan = crate::plan::Plan {
            model: String::new(),
            model_digest: String::new(),
            status: crate::plan::SolveStatus::Optimal,
            gap: Some(0.0),
            solve: Default::default(),
            seconds: 0.0,
            objective: Default::default(),
            events: vec![],
            assignments: vec![],
            teams: vec![],
            substitutions: vec![],
            violations: vec![],
        };
        row_of(name, &plan, &Figures::default(), 0, 0)
    }

    #[test]
    fn japanese_scenario_names_keep_the_table_aligned() {
        let rows = vec![
            row("baseline"),
            row("ふれあいキューブ閉館（春日部・水曜）"),
            row("春日部の水曜日の会場がとても長い名前で四十桁を超えてしまう場合"),
            row("c08 away two weeks in June"),
        ];
        let table = comparison(&rows, &[], Lang::En);
        let ja = comparison(&rows, &[], Lang::Ja);
        let ja_widths: Vec<usize> = ja
            .lines()
            .map(|l| l.split('|').next().unwrap_or("").width())
            .collect();
        assert!(
            ja_widths.iter().all(|w| *w == ja_widths[0]),
            "{ja_widths:?}\n{ja}"
        );
        let widths: Vec<usize> = table
            .lines()
            .map(|l| l.split('|').next().unwrap_or("").width())
            .collect();
        assert!(widths.len() >= 6);
        assert!(
            widths.iter().all(|w| *w == widths[0]),
            "{widths:?}\n{table}"
        );
    }
}
