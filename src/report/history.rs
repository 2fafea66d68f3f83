//! Renders a plan folder's history (`roster history DIR`): the chain of scenarios and
//! hand edits, with dates and what each changed.

use std::fmt::Write as _;

use crate::plan::history::History;

/// The chain, one block per link, then whether the plan files are as written.
pub fn history_text(h: &History, edited: &[&str]) -> String {
    let mut s = String::new();
    let short = |d: &str| d.get(..12).unwrap_or(d).to_string();
    let _ = writeln!(s, "model: sha256 {}", short(&h.model_digest));
    if h.chain.is_empty() {
        let _ = writeln!(s, "chain: none (a plain solve)");
    }
    for (i, l) in h.chain.iter().enumerate() {
        if l.is_scenario() {
            let _ = writeln!(
                s,
                "{}. {}  {}  (scenario sha256 {})",
                i + 1,
                l.as_of,
                l.name,
                short(&l.digest)
            );
            for line in describe(&l.text) {
                let _ = writeln!(s, "     {line}");
            }
        } else {
            let _ = writeln!(s, "{}. {}  {}", i + 1, l.as_of, l.name);
        }
        let changes: Vec<String> = l.changes.iter().map(|(k, v)| format!("{k} {v}")).collect();
        let _ = writeln!(
            s,
            "     changed: {}; people told: {}",
            if changes.is_empty() {
                "nothing".to_string()
            } else {
                changes.join(", ")
            },
            l.people_told
        );
    }
    if edited.is_empty() {
        let _ = writeln!(s, "files: as written");
    } else {
        let _ = writeln!(
            s,
            "files: edited by hand since written: {}",
            edited.join(", ")
        );
    }
    s
}

/// One line per table of a scenario text: `absence: staff c08, from 2023-09-04, ...`.
pub fn describe(text: &str) -> Vec<String> {
    let Ok(table) = text.parse::<toml::Table>() else {
        return vec!["(scenario text is not TOML)".into()];
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
                    toml::Value::String(x) => format!("{k} {x}"),
                    toml::Value::Array(a) => format!(
                        "{k} {}",
                        a.iter()
                            .map(|x| x.as_str().map_or(x.to_string(), str::to_string))
                            .collect::<Vec<_>>()
                            .join("/")
                    ),
                    other => format!("{k} {other}"),
                })
                .collect();
            out.push(format!("{key}: {}", fields.join(", ")));
        }
    }
    out
}

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
