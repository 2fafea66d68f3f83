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
    let affected = super::affected::rows(&r.affected, &names);
    let replan = Some((changes.as_slice(), notices.as_slice()));
    super::people::beside_people_files(m, &r.plan, lang, replan, Some(&affected), stamp, || {
        let mut files = data_files(m, &r.plan, lang);
        files.push((CHANGES.to_string(), csv_of(&changes).into_bytes()));
        files.push((
            super::affected::AFFECTED.to_string(),
            csv_of(&affected).into_bytes(),
        ));
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
            before_text: deadline_text(n, c, &c.before).unwrap_or_else(|| readable(c, &c.before)),
            after_text: deadline_text(n, c, &c.after).unwrap_or_else(|| readable(c, &c.after)),
        })
        .collect()
}

/// A deadline change's `<kind> <due date>` in words (`チラシ 2023年4月14日(金)`); None
/// for other rows.
fn deadline_text(n: &Names, c: &ChangeRow, text: &str) -> Option<String> {
    if !crate::replan::deadlines::is_deadline(&c.change) {
        return None;
    }
    if text.is_empty() {
        return Some(String::new());
    }
    let (kind, due) = text.split_once(' ')?;
    Some(format!(
        "{} {}",
        super::deadlines::kind_label(n.lang, kind),
        n.date(due)
    ))
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
    // Days against contract (issue 16), on the re-planned model.
    s.push_str(&super::contracts::contract_lines(&r.model, p, lang));
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
    /// People affected against the baseline (an assignment or a team differs).
    pub people_affected: usize,
    /// Days gained, summed over the people affected.
    pub days_gained: u32,
    /// Days lost, summed over the people affected.
    pub days_lost: u32,
    /// Km travelled more (negative: less) than in the baseline.
    pub travel_km_change: f64,
    /// Yen of `travel_km_change` at the model's `[costs] travel_yen_per_km`; empty
    /// when no rate is configured (objective points are never money).
    pub travel_yen_change: Option<i64>,
    /// The people with the largest changes, with their change in days: `c05 -3, c06 +3`.
    pub largest: String,
}

/// How many people the comparison names per scenario.
const LARGEST: usize = 3;

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
        people_affected: 0,
        days_gained: 0,
        days_lost: 0,
        travel_km_change: 0.0,
        travel_yen_change: None,
        largest: String::new(),
    }
}

/// A comparison row for a re-plan.
pub fn comparison_row(r: &Replan) -> ComparisonRow {
    let events = r
        .changes
        .iter()
        .filter(|c| c.change.starts_with("event-") || c.change == "venue-changed")
        .count();
    let mut row = row_of(
        &r.scenario,
        &r.plan,
        &r.figures,
        r.changed_assignments,
        events,
    );
    let a = &r.affected;
    let km = a.km_change();
    row.people_affected = a.people.len();
    row.days_gained = a.days_gained();
    row.days_lost = a.days_lost();
    row.travel_km_change = (km * 10.0).round() / 10.0 + 0.0;
    row.travel_yen_change = a.yen(km).map(|y| y.round() as i64);
    row.largest = super::affected::largest_short(a, LARGEST);
    row
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

/// The side-by-side table (headings in `lang`), then per scenario the changes, the
/// people affected with their figures, and the violations that matter. Objective
/// figures are points, and headed so: money is only the yen column (km × the model's
/// `[costs] travel_yen_per_km`).
pub fn comparison(rows: &[ComparisonRow], replans: &[Replan], lang: Lang) -> String {
    use super::{fit, pad_right};
    let w = super::labels::affected_words(lang);
    let h = &w.whatif;
    // Column widths after the scenario column, in groups split by `|`.
    let groups: [&[(usize, usize)]; 6] = [
        &[(1, 4), (2, 4), (3, 7)],
        &[(4, 4), (5, 5), (6, 6)],
        &[(7, 5), (8, 6)],
        &[(9, 6), (10, 4), (11, 10)],
        &[(16, 8), (17, 6), (18, 6), (19, 9), (20, 10)],
        &[(12, 8), (13, 11), (14, 11), (15, 10)],
    ];
    let line = |first: &str, cells: &dyn Fn(usize) -> String, tail: &str| -> String {
        let mut out = fit(first, NAME_WIDTH);
        for (g, cols) in groups.iter().enumerate() {
            if g > 0 {
                out.push_str(" |");
            }
            for &(i, width) in cols.iter() {
                out.push(' ');
                out.push_str(&pad_right(&cells(i), width));
            }
        }
        out.push(' ');
        out.push_str(tail);
        out.trim_end().to_string()
    };
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}",
        line(h[0], &|i| h[i].to_string(), lang.labels().t.status)
    );
    // The group headings, each over its group.
    let mut second = fit("", NAME_WIDTH);
    for (g, cols) in groups.iter().enumerate() {
        if g > 0 {
            second.push_str(" |");
        }
        let width: usize = cols.iter().map(|(_, w)| w + 1).sum::<usize>() - 1;
        let title = match g {
            1 => w.whatif_groups[0],
            2 => w.whatif_groups[1],
            3 => w.whatif_groups[2],
            4 => w.whatif_groups[3],
            _ => "",
        };
        second.push(' ');
        second.push_str(&pad_right(&fit(title, width), width));
    }
    let _ = writeln!(s, "{}", second.trim_end());
    for r in rows {
        let cell = |i: usize| -> String {
            match i {
                1 => w.yes_no[usize::from(!r.feasible)].to_string(),
                2 => r.violations.to_string(),
                3 => r.changed_assignments.to_string(),
                4 => r.consultation_held.to_string(),
                5 => r.consultation_moved.to_string(),
                6 => r.consultation_cancelled.to_string(),
                7 => r.events_moved.to_string(),
                8 => r.events_cancelled.to_string(),
                9 => r.announced_changed.to_string(),
                10 => r.people_to_notify.to_string(),
                11 => r.staff_days_changed.to_string(),
                12 => format!("{:.0}", r.travel_km),
                13 => format!("{:.1}", r.objective),
                14 => format!("{:.1}", r.fairness),
                15 => format!("{:.0}", r.cancellations),
                16 => r.people_affected.to_string(),
                17 => format!("+{}", r.days_gained),
                18 => format!("-{}", r.days_lost),
                19 => format!("{:+.1}", r.travel_km_change),
                20 => r
                    .travel_yen_change
                    .map_or_else(|| "-".to_string(), |y| format!("{y:+}")),
                _ => String::new(),
            }
        };
        let name = if r.scenario == BASELINE {
            lang.labels().p.baseline
        } else {
            r.scenario.as_str()
        };
        let tail = format!("{} {}", lang.labels().status(&r.status), r.largest);
        let _ = writeln!(s, "{}", line(name, &cell, &tail));
    }
    if rows
        .iter()
        .any(|r| r.travel_yen_change.is_none() && r.people_affected > 0)
    {
        let _ = writeln!(s, "{}: {}", h[20], w.yen_unset);
    }
    for r in replans {
        let _ = writeln!(s, "\n== {}", r.scenario);
        let counts = change_counts(r);
        let _ = writeln!(
            s,
            "{}: {}",
            w.whatif_detail[0],
            if counts.is_empty() {
                w.whatif_detail[1].to_string()
            } else {
                counts_text(lang, &counts)
            }
        );
        for c in r
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
        let names = super::names::Names::new(&r.model, lang);
        s.push_str(&super::affected::block(&r.affected, &names));
        for v in r.plan.violations.iter().take(20) {
            let _ = writeln!(s, "  {}", super::status::violation_line(lang, v));
        }
        if r.plan.violations.len() > 20 {
            let more = r.plan.violations.len() - 20;
            let _ = writeln!(
                s,
                "  {}",
                super::labels::fill(w.whatif_detail[3], &[("n", &more)])
            );
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
        let table = comparison(&rows, &[], Lang::Ja);
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
