//! A training provider's plan directory and terminal summary, rendered from the plan.
//!
//! The files are written by the shared `report::plan::write_dir` (whole or not at all),
//! with a BOM and a header row, rows in the plan's fixed order.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::plan::files::{ASSIGNMENTS, ROSTER_JSON, STAFF, VIOLATIONS};
use crate::plan::training::{TrainingPlan, COURSES, SESSIONS};
use crate::replan::training::{TrainingFigures, TrainingReplan};

use super::files::{csv_of, PlanFile};
use super::labels::{fill, Lang};

/// The files of a training plan directory, as (name, contents), in a fixed order.
pub fn render_files(plan: &TrainingPlan) -> Vec<PlanFile> {
    let mut json = serde_json::to_string_pretty(plan).unwrap_or_default();
    json.push('\n');
    let file = |name: &str, text: String| (name.to_string(), text.into_bytes());
    vec![
        file(ROSTER_JSON, json),
        file(COURSES, csv_of(&plan.courses)),
        file(SESSIONS, csv_of(&plan.sessions)),
        file(ASSIGNMENTS, csv_of(&plan.assignments)),
        file(STAFF, csv_of(&plan.staff)),
        file(VIOLATIONS, csv_of(&plan.violations)),
    ]
}

/// The terminal summary in `lang`: status, one line per course, violations.
pub fn summary(plan: &TrainingPlan, lang: Lang) -> String {
    let l = lang.labels();
    let (t, w) = (&l.t, &l.tr);
    let mut s = String::new();
    let gap = plan
        .gap
        .map_or(t.unknown.to_string(), |g| format!("{:.2}%", g * 100.0));
    let _ = writeln!(
        s,
        "{}: {} {}, {} {gap}, {} {:.1}s",
        plan.model,
        t.status,
        l.status(plan.status.id()),
        t.gap,
        t.time,
        plan.seconds
    );
    let o = &plan.objective;
    let _ = writeln!(
        s,
        "{} {:.0} ({} {:.0}, {} {:.0}, {} {:.0}, {} {:.0})",
        w.objective[0],
        o.total,
        w.objective[1],
        o.continuity,
        w.objective[2],
        o.fairness,
        w.objective[3],
        o.room_changes,
        w.objective[4],
        o.violations
    );
    // Columns by display width, so Japanese headings keep the table aligned.
    let c = &w.course_columns;
    let width = |i: usize, min: usize| min.max(c[i].width());
    let wd = [
        width(0, 8),
        width(1, 10),
        width(2, 10),
        width(3, 10),
        width(4, 10),
        width(5, 5),
        width(6, 6),
        width(7, 6),
    ];
    let row = |cells: [&str; 8]| {
        let mut line = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                line.push(' ');
            }
            line.push_str(&if i < 5 {
                super::pad(cell, wd[i])
            } else {
                super::pad_right(cell, wd[i])
            });
        }
        line.trim_end().to_string()
    };
    let _ = writeln!(s, "{}", row(*c));
    for c in &plan.courses {
        let (h, on, int) = (
            c.total_hours.to_string(),
            c.online_hours.to_string(),
            c.internship_hours.to_string(),
        );
        let _ = writeln!(
            s,
            "{}",
            row([
                &c.course_id,
                &c.application_deadline,
                &c.interview_date,
                &c.start,
                &c.end,
                &h,
                &on,
                &int,
            ])
        );
    }
    let _ = writeln!(
        s,
        "{}",
        fill(
            w.counts,
            &[
                ("sessions", &plan.sessions.len()),
                ("assignments", &plan.assignments.len()),
            ],
        )
    );
    if plan.violations.is_empty() {
        let _ = writeln!(s, "{}", w.all_hold);
    } else {
        let _ = writeln!(
            s,
            "{}",
            fill(w.violations, &[("n", &plan.violations.len())])
        );
        for v in &plan.violations {
            let _ = writeln!(s, "  {}", super::status::violation_line(lang, v));
        }
    }
    s
}

/// `roster check`'s line for a training plan in which every rule holds.
pub fn check_ok(plan: &TrainingPlan, lang: Lang) -> String {
    let mut s = fill(
        lang.labels().tr.check_ok,
        &[
            ("courses", &plan.courses.len()),
            ("sessions", &plan.sessions.len()),
            ("assignments", &plan.assignments.len()),
        ],
    );
    s.push('\n');
    s
}

/// The files of a training re-plan's folder: the plan's files and `changes.csv`
/// (`notices.csv` and the letters come with the people files,
/// [`super::training_people::files`]; `history.json` is added by the caller).
pub fn render_replan_files(r: &TrainingReplan) -> Vec<PlanFile> {
    let mut files = render_files(&r.plan);
    files.push(("changes.csv".into(), csv_of(&r.changes).into_bytes()));
    files
}

/// A training re-plan's notices with each `notice` in `lang` (ids kept).
pub fn notices_in(notices: &[crate::replan::Notice], lang: Lang) -> Vec<crate::replan::Notice> {
    notices
        .iter()
        .map(|n| crate::replan::Notice {
            notice: notice_text(&n.notice, lang),
            ..n.clone()
        })
        .collect()
}

/// A training notice in `lang`. The re-plan words it in English with ids
/// (`no longer needed: assistant at hr-1-… (2023-07-03 09:30-12:40 room-a)`,
/// `new: …`, `room-changed: room-a -> room-b`); in Japanese each part is put in words
/// and the ids kept. Text of another shape is kept as it is.
pub fn notice_text(text: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return text.to_string();
    }
    let l = lang.labels();
    let w = &l.tr;
    // "<role> at <event> (<date> <start>-<end> <place>)"
    let what = |rest: &str| -> Option<String> {
        let (role, rest) = rest.split_once(" at ")?;
        let (event, when) = rest.split_once(" (")?;
        let when = when.strip_suffix(')')?;
        let mut parts: Vec<&str> = when.split(' ').collect();
        let place = match parts.len() {
            3 => parts.pop().map(|p| {
                if p == "online" {
                    l.mode(p).to_string()
                } else {
                    w.session_type(p).to_string()
                }
            }),
            _ => None,
        };
        let mut when = parts.join(" ");
        if let Some(p) = place {
            when = format!("{when} {p}");
        }
        Some(format!("{} {event}（{when}）", w.role(role)))
    };
    let head = &l.p.training_notices;
    if let Some(rest) = text.strip_prefix("no longer needed: ") {
        if let Some(x) = what(rest) {
            return format!("{}: {x}", head[0]);
        }
    } else if let Some(rest) = text.strip_prefix("new: ") {
        if let Some(x) = what(rest) {
            return format!("{}: {x}", head[1]);
        }
    } else if let Some((change, rest)) = text.split_once(": ") {
        if let Some((before, after)) = rest.split_once(" -> ") {
            let word = |x: &str| -> String {
                if change == "mode-changed" {
                    l.mode(x).to_string()
                } else {
                    x.to_string()
                }
            };
            return format!("{}: {} → {}", w.change(change), word(before), word(after));
        }
    }
    text.to_string()
}

/// Counts of `changes.csv` rows by change.
pub fn change_counts(r: &TrainingReplan) -> BTreeMap<String, usize> {
    crate::replan::count_changes(&r.changes)
}

/// The terminal summary of a training re-plan, in `lang`.
pub fn replan_summary(r: &TrainingReplan, lang: Lang) -> String {
    let l = lang.labels();
    let (t, w) = (&l.t, &l.tr);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}: {} {}",
        t.scenario,
        r.scenario,
        fill(l.p.as_of, &[("date", &r.as_of)])
    );
    let counts: Vec<String> = change_counts(r)
        .iter()
        .map(|(k, v)| match lang {
            Lang::Ja => format!("{} {v}", w.change(k)),
            Lang::En => format!("{k} {v}"),
        })
        .collect();
    let f = &r.figures;
    let _ = writeln!(
        s,
        "{}: {}",
        t.changes,
        if counts.is_empty() {
            t.none.to_string()
        } else {
            counts.join(", ")
        }
    );
    let _ = writeln!(
        s,
        "{}",
        fill(
            w.figures,
            &[
                ("sessions", &f.sessions_moved),
                ("instructors", &f.instructor_changes),
                ("courses", &f.courses_moved),
                ("people", &f.people_told),
            ],
        )
    );
    for c in r.changes.iter().filter(|c| c.change == "course-moved") {
        let _ = writeln!(
            s,
            "  {} {}: {} -> {}",
            if lang == Lang::Ja {
                w.change(&c.change)
            } else {
                c.change.as_str()
            },
            c.course_id,
            c.before,
            c.after
        );
    }
    s.push_str(&summary(&r.plan, lang));
    s
}

/// One row of the training what-if table (`comparison.csv`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrainingComparisonRow {
    /// Scenario name (`baseline` for the baseline).
    pub scenario: String,
    /// Whether every rule holds.
    pub ok: bool,
    /// Violations.
    pub violations: usize,
    /// Baseline sessions from `as_of` on not held as planned.
    pub sessions_moved: usize,
    /// Instructor, assistant and homeroom assignments changed.
    pub instructor_changes: usize,
    /// Courses with another start date.
    pub courses_moved: usize,
    /// People in `notices.csv`.
    pub people_to_notify: usize,
    /// The plan's objective (`total`).
    pub objective: f64,
    /// Solve status.
    pub status: String,
}

/// A comparison row from figures.
pub fn comparison_row(
    name: &str,
    f: &TrainingFigures,
    plan: &TrainingPlan,
) -> TrainingComparisonRow {
    TrainingComparisonRow {
        scenario: name.to_string(),
        ok: f.violations == 0,
        violations: f.violations,
        sessions_moved: f.sessions_moved,
        instructor_changes: f.instructor_changes,
        courses_moved: f.courses_moved,
        people_to_notify: f.people_told,
        objective: f.objective,
        status: plan.status.id().to_string(),
    }
}

/// The what-if table as text, headings in `lang` (scenario names and status ids as
/// they are).
pub fn comparison(rows: &[TrainingComparisonRow], lang: Lang) -> String {
    let w = &lang.labels().tr;
    let mins = [40, 3, 4, 8, 11, 8, 6, 10, 0];
    let wd: Vec<usize> = (0..9)
        .map(|i| {
            mins[i]
                .max(w.comparison[0][i].width())
                .max(w.comparison[1][i].width())
        })
        .collect();
    let line = |cells: &[String]| {
        let mut out = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(&match i {
                0 => super::fit(cell, wd[0]),
                8 => cell.clone(),
                _ => super::pad_right(cell, wd[i]),
            });
        }
        out.trim_end().to_string()
    };
    let mut s = String::new();
    for head in &w.comparison {
        let cells: Vec<String> = head.iter().map(|h| h.to_string()).collect();
        let _ = writeln!(s, "{}", line(&cells));
    }
    for r in rows {
        let name = if r.scenario == "baseline" {
            lang.labels().p.baseline.to_string()
        } else {
            r.scenario.clone()
        };
        let cells = [
            name,
            w.yes_no[usize::from(!r.ok)].to_string(),
            r.violations.to_string(),
            r.sessions_moved.to_string(),
            r.instructor_changes.to_string(),
            r.courses_moved.to_string(),
            r.people_to_notify.to_string(),
            format!("{:.1}", r.objective),
            lang.labels().status(&r.status).to_string(),
        ];
        let _ = writeln!(s, "{}", line(&cells));
    }
    s
}

#[cfg(test)]
mod notice_tests {
    use super::*;

    #[test]
    fn gifu_notices_read_in_japanese_with_their_ids() {
        assert_eq!(
            notice_text(
                "no longer needed: assistant at hr-1-20230703-1 (2023-07-03 09:30-12:40 room-a)",
                Lang::Ja
            ),
            "担当不要: 補助講師 hr-1-20230703-1（2023-07-03 09:30-12:40 room-a）"
        );
        assert_eq!(
            notice_text(
                "new: instructor at v-1 (2023-07-04 13:00-16:10 online)",
                Lang::Ja
            ),
            "新たに担当: 講師 v-1（2023-07-04 13:00-16:10 オンライン）"
        );
        assert_eq!(
            notice_text("mode-changed: offline -> online", Lang::Ja),
            "形式変更: 対面 → オンライン"
        );
        assert_eq!(notice_text("new: x", Lang::En), "new: x");
    }
}
