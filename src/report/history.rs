//! Renders a plan folder's history (`roster history DIR`): the chain of scenarios and
//! hand edits, with dates and what each changed.

use std::fmt::Write as _;

use super::labels::{fill, Lang};
use crate::plan::history::History;

/// The chain, one block per link, then whether the plan files are as written; words
/// in `lang` (scenario names, ids and dates as they are).
pub fn history_text(h: &History, edited: &[&str], lang: Lang) -> String {
    let w = &lang.labels().p.history;
    let mut s = String::new();
    let short = |d: &str| d.get(..12).unwrap_or(d).to_string();
    let _ = writeln!(s, "{}: sha256 {}", w[0], short(&h.model_digest));
    if h.chain.is_empty() {
        let _ = writeln!(s, "{}", w[1]);
    }
    for (i, l) in h.chain.iter().enumerate() {
        if l.is_scenario() {
            let _ = writeln!(
                s,
                "{}. {}  {}  ({} sha256 {})",
                i + 1,
                l.as_of,
                l.name,
                w[2],
                short(&l.digest)
            );
            for line in describe_in(&l.text, lang) {
                let _ = writeln!(s, "     {line}");
            }
        } else {
            // The record names a hand edit in English ("hand edit (assignments.csv)").
            let name = match l.name.strip_prefix("hand edit") {
                Some(rest) if lang == Lang::Ja => format!("{}{rest}", w[8]),
                _ => l.name.clone(),
            };
            let _ = writeln!(s, "{}. {}  {}", i + 1, l.as_of, name);
        }
        let changes = super::replan::counts_text(
            lang,
            &l.changes.iter().map(|(k, v)| (k.as_str(), *v)).collect(),
        );
        let _ = writeln!(
            s,
            "     {}",
            fill(
                w[3],
                &[
                    (
                        "changes",
                        &if changes.is_empty() {
                            w[4].to_string()
                        } else {
                            changes
                        }
                    ),
                    ("people", &l.people_told)
                ]
            )
        );
    }
    if edited.is_empty() {
        let _ = writeln!(s, "{}", w[5]);
    } else {
        let _ = writeln!(s, "{}", fill(w[6], &[("files", &edited.join(", "))]));
    }
    s
}

/// One line per table of a scenario text: `absence: staff c08, from 2023-09-04, ...`.
pub fn describe(text: &str) -> Vec<String> {
    describe_in(text, Lang::En)
}

/// [`describe`] in `lang`: the tables and keys a scenario file knows in words (a key
/// not in the table as it is); the values (ids, dates) as written.
pub fn describe_in(text: &str, lang: Lang) -> Vec<String> {
    let Ok(table) = text.parse::<toml::Table>() else {
        return vec![lang.labels().p.history[7].into()];
    };
    let word = |k: &str| -> String {
        match lang {
            Lang::En => k.to_string(),
            Lang::Ja => SCENARIO_WORDS
                .iter()
                .find(|(id, _)| *id == k)
                .map_or(k.to_string(), |(_, w)| w.to_string()),
        }
    };
    let mut out = Vec::new();
    for (key, value) in &table {
        let Some(items) = value.as_array() else {
            continue;
        };
        for item in items {
            let Some(t) = item.as_table() else {
                continue;
            };
            let fields: Vec<String> = t
                .iter()
                .filter(|(k, _)| k.as_str() != "note")
                .map(|(k, v)| match v {
                    toml::Value::String(x) => format!("{} {x}", word(k)),
                    toml::Value::Array(a) => format!(
                        "{} {}",
                        word(k),
                        a.iter()
                            .map(|x| x.as_str().map_or(x.to_string(), str::to_string))
                            .collect::<Vec<_>>()
                            .join("/")
                    ),
                    other => format!("{} {other}", word(k)),
                })
                .collect();
            let sep = if lang == Lang::Ja { "、" } else { ", " };
            out.push(format!("{}: {}", word(key), fields.join(sep)));
        }
    }
    out
}

/// The tables and keys of scenario files in Japanese (`roster history`).
const SCENARIO_WORDS: &[(&str, &str)] = &[
    ("absence", "不在"),
    ("venue_change", "会場の変更"),
    ("pattern_change", "曜日の変更"),
    ("room_change", "部屋の変更"),
    ("seminar_rooms", "セミナー会場"),
    ("add_staff", "職員の追加"),
    ("remove_staff", "職員の退職"),
    ("closure", "休所日"),
    ("undo", "取り消し"),
    ("room_unavailable", "教室の使用不可"),
    ("course_window", "コース開始時期"),
    ("staff", "職員"),
    ("from", "開始"),
    ("to", "終了"),
    ("venue", "会場"),
    ("move_to", "移転先"),
    ("municipality", "市町"),
    ("weekdays", "曜日"),
    ("nth", "第n週"),
    ("new_venue", "新会場"),
    ("room", "部屋"),
    ("rooms", "部屋"),
    ("capacity", "定員"),
    ("name", "名称"),
    ("id", "ID"),
    ("roles", "役割"),
    ("date", "日付"),
    ("scenario", "シナリオ"),
    ("course", "コース"),
    ("start", "開始"),
    ("end", "終了"),
    ("classroom", "教室"),
    ("start_from", "開始時期の始め"),
    ("start_to", "開始時期の終わり"),
    ("public_reason", "周知する理由"),
];

/// The summary of `roster new-year`.
pub fn new_year_text(n: &crate::input::next_year::NextYear) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "fiscal year: {} -> {}", n.years.0, n.years.1);
    let _ = writeln!(s, "name: {}", n.name);
    let _ = writeln!(
        s,
        "experience_years +1: {} ({})",
        n.experience_grown.len(),
        n.experience_grown.join(" ")
    );
    if n.seminars_added.is_empty() {
        let _ = writeln!(
            s,
            "seminars_given: unchanged (give --plan DIR to add the year's seminars)"
        );
    } else {
        let list: Vec<String> = n
            .seminars_added
            .iter()
            .map(|(id, k)| format!("{id} +{k}"))
            .collect();
        let _ = writeln!(s, "seminars_given: {}", list.join(", "));
    }
    let _ = writeln!(
        s,
        "dropped: {} leave range(s), {} closure/substitution table(s), {} pattern date(s)",
        n.leave_dropped, n.calendar_dropped, n.patterns_changed
    );
    if !n.staff_left.is_empty() {
        let _ = writeln!(
            s,
            "left during the year (removed): {}",
            n.staff_left.join(" ")
        );
    }
    s
}

/// `roster new-year`'s lines about the year's decisions (issue 16): experience grown
/// by part of a year, and a warning for each person a re-plan of the year added
/// (carried into next year's staff) or removed (left out of it), so the manager
/// reviews them.
pub fn new_year_decisions_text(n: &crate::input::next_year::NextYear) -> String {
    let mut s = String::new();
    if !n.experience_part.is_empty() {
        let list: Vec<String> = n
            .experience_part
            .iter()
            .map(|(id, y)| format!("{id} +{y:.2}"))
            .collect();
        let _ = writeln!(
            s,
            "experience_years for part of the year employed: {}",
            list.join(", ")
        );
    }
    for (id, name, from, scenario) in &n.chain_added {
        let _ = writeln!(
            s,
            "warning: {id} ({name}) joined on {from} by the re-plan `{scenario}`: carried into next year's [[staff]]; review the contract",
        );
    }
    for (id, name, from, scenario) in &n.chain_removed {
        let _ = writeln!(
            s,
            "warning: {id} ({name}) left on {from} by the re-plan `{scenario}`: removed from next year's [[staff]]",
        );
    }
    s
}
