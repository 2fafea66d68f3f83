//! The top of `report/` for a solved plan: composes the writers into a plan directory
//! (written whole or not at all by [`super::folder`]) and renders the terminal summary.
//! No writer imports this file; the items it re-exports keep their old paths.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::labels::Lang;
use crate::model::{EventKind, Model};
use crate::plan::Plan;

pub use super::data::data_files;
pub use super::files::{csv_of, stamp_of, PlanFile, RenderError, HTML, XLSX};
pub use super::folder::{preflight, write_dir, WriteError};
pub use super::people::people_files;
pub use super::rows::{AssignmentRow, EventRow, TeamRow, ASSIGNMENT_COLUMNS, EVENT_COLUMNS};
pub use super::status::{status_line, violations_text};

use super::people::beside_people_files;

/// The files of a solved plan's directory, in a fixed order: the plan files, the
/// year's notices, calendars, workbook and HTML calendar (people-facing text in `lang`).
pub fn render_files(model: &Model, plan: &Plan, lang: Lang) -> Result<Vec<PlanFile>, RenderError> {
    let stamp = stamp_of(model.period.from);
    beside_people_files(model, plan, lang, None, None, stamp, || {
        let mut files = data_files(model, plan, lang);
        let notices = super::notices::year_notices(model, plan, lang);
        files.extend(super::notices::files(model, &notices, lang, None));
        files.extend(super::ics::files(
            model,
            plan,
            lang,
            stamp,
            &super::ics::Prior::default(),
        ));
        files
    })
}

/// The terminal summary: status, objective terms, municipalities, people, seminars.
pub fn summary(model: &Model, plan: &Plan, lang: Lang) -> String {
    let mut s = String::new();
    let o = &plan.objective;
    let t = &lang.labels().t;
    let w = &t.objective;
    s.push_str(&status_line(plan, lang));
    let _ = writeln!(
        s,
        "{} {:.1} = {} {:.1} + {} {:.1} + {} {:.1} + {} {:.1} + {} {:.1} + {} {:.1}",
        w[0],
        o.total,
        w[1],
        o.travel,
        w[2],
        o.continuity,
        w[3],
        o.fairness,
        w[4],
        o.preference,
        w[5],
        o.changes,
        w[6],
        o.violations
    );
    // Columns by display width, so Japanese names keep the table aligned.
    const PLACE: usize = 20;
    let head: Vec<&str> = t.municipality_header.split_whitespace().collect();
    let _ = writeln!(
        s,
        "\n{} {}  {}",
        super::pad(head.first().copied().unwrap_or(""), PLACE),
        super::pad_right(head.get(1).copied().unwrap_or(""), 4),
        head.get(2).copied().unwrap_or("")
    );
    for m in &model.municipalities {
        let days = plan
            .events
            .iter()
            .filter(|e| e.is(EventKind::Consultation) && e.municipality == m.id)
            .count();
        let team: Vec<&str> = plan
            .teams
            .iter()
            .filter(|t| t.municipality == m.id)
            .map(|t| t.staff_id.as_str())
            .collect();
        let label = match lang {
            Lang::Ja => format!("{} {}", m.id, m.name),
            Lang::En => m.id.clone(),
        };
        let _ = writeln!(
            s,
            "{} {:>4}  {}",
            super::pad(&label, PLACE),
            days,
            team.join(" ")
        );
    }
    let head: Vec<&str> = t.staff_header.split_whitespace().collect();
    let col = |i: usize| head.get(i).copied().unwrap_or("");
    let _ = writeln!(
        s,
        "\n{} {} {}  {}  {}",
        super::pad(col(0), 6),
        super::pad(col(1), 16),
        super::pad_right(col(2), 4),
        super::pad_right(col(3), 11),
        super::pad_right(col(4), 7)
    );
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
        let role = p.roles.first().map_or("", |r| lang.labels().role(r.id()));
        let _ = writeln!(
            s,
            "{} {} {:>4}  {:>11.1}  {:>7.2}",
            super::pad(&p.id, 6),
            super::pad(role, 16),
            n,
            p.contract_days_per_week,
            n as f64 / weeks
        );
    }
    let _ = writeln!(s, "\n{}", t.seminars_header);
    let mut by_month: BTreeMap<&str, [usize; 4]> = BTreeMap::new();
    for e in plan.events.iter().filter(|e| e.is(EventKind::Seminar)) {
        let month = e.date.get(..7).unwrap_or("");
        let t = crate::model::SeminarType::parse(&e.seminar_type).map_or(0, |t| t.index());
        by_month.entry(month).or_default()[t] += 1;
    }
    let st = |i: usize| lang.labels().seminar_types[i].1;
    let _ = writeln!(
        s,
        "{}  {} {} {} {}",
        lang.labels().p.month,
        st(0),
        st(1),
        st(2),
        st(3)
    );
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
                "{} {}",
                lang.labels().kind(k),
                plan.events.iter().filter(|e| e.kind == *k).count()
            )
        })
        .collect();
    let _ = writeln!(s, "\n{}: {}", t.events, counts.join(", "));
    let n = plan.assignments.len();
    let _ = writeln!(
        s,
        "{}",
        super::labels::fill(lang.labels().p.assignments, &[("n", &n)])
    );
    // Days against contract (issue 16): per role's spread, who is 20 % under or over.
    s.push_str(&super::contracts::contract_lines(model, plan, lang));
    s.push_str(&violations_text(&plan.violations, lang));
    s
}
