//! Next year's model from this year's (`roster new-year`): the fiscal year and name
//! moved on, experience and seminars given grown by the year's work, past leave,
//! closures and substitutions dropped. The file is edited in place with `toml_edit`, so
//! every comment and the layout stay as they were. With the year's plan folder, the
//! staff its chain of re-plans added and removed are carried over too (issue 16).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use toml_edit::{value, Array, DocumentMut, Item, Table, Value};

use crate::model::{DateRange, EventKind, Model, Role};
use crate::plan::Plan;
use crate::scenario::chain::{self, Source};
use crate::scenario::{Change, Scenario};

/// What `new-year` changed, for the summary.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NextYear {
    /// The new model file's text.
    pub text: String,
    /// Old and new fiscal year.
    pub years: (i32, i32),
    /// The new name.
    pub name: String,
    /// Staff whose `experience_years` grew by one (employed the whole year).
    pub experience_grown: Vec<String>,
    /// Staff employed part of the year, with the years their `experience_years` grew
    /// by (the share of the year's days they were employed, to 2 decimals).
    pub experience_part: Vec<(String, f64)>,
    /// Staff the year's re-plans added (`[[add_staff]]`), carried into next year's
    /// `[[staff]]`: (id, name, first day, scenario name).
    pub chain_added: Vec<(String, String, NaiveDate, String)>,
    /// Staff the year's re-plans removed (`[[remove_staff]]`), dropped from next
    /// year's `[[staff]]`: (id, name, first day gone, scenario name).
    pub chain_removed: Vec<(String, String, NaiveDate, String)>,
    /// Staff whose `seminars_given` grew, with the seminars they gave in the plan.
    pub seminars_added: Vec<(String, u32)>,
    /// Leave ranges dropped.
    pub leave_dropped: usize,
    /// Designated closures and explicit substitutions dropped.
    pub calendar_dropped: usize,
    /// Patterns that had ended before March 31 and were dropped, and patterns whose
    /// `from` / `until` were removed (they hold all year now).
    pub patterns_changed: usize,
    /// Staff whose employment ended within the year (removed).
    pub staff_left: Vec<String>,
    /// Staff whose `start` was removed (employed from April 1 now).
    pub starts_cleared: usize,
}

/// Why the text could not be turned over.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct NextYearError(pub String);

/// The Japanese era year (令和) of a Gregorian year from 2019 on.
pub fn reiwa(year: i32) -> i32 {
    year - 2018
}

/// Moves a model text on by one fiscal year. `model` is the text parsed (for who worked
/// the year); `plan`, if given, is the year's plan (who worked, seminars given).
pub fn next_year(
    text: &str,
    model: &Model,
    plan: Option<&Plan>,
) -> Result<NextYear, NextYearError> {
    next_year_after(text, model, plan, &[], &[])
}

/// As [`next_year`], with the chain of re-plans of the year's plan folder (its
/// scenario texts, and the scenarios resolved against `model`): people a re-plan
/// added join next year's `[[staff]]`, people a re-plan removed leave it.
pub fn next_year_after(
    text: &str,
    model: &Model,
    plan: Option<&Plan>,
    sources: &[Source],
    scenarios: &[Scenario],
) -> Result<NextYear, NextYearError> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e| NextYearError(format!("not a TOML document: {e}")))?;
    let old = model.period.from.year();
    let new = old + 1;
    let mut out = NextYear {
        years: (old, new),
        ..NextYear::default()
    };

    // Fiscal year, keeping the key's comment.
    if let Some(item) = doc.get_mut("fiscal_year") {
        replace_value(item, Value::from(i64::from(new)));
        // The key's own comment names the period (CAL-1): move it on too.
        if let Some(v) = item.as_value_mut() {
            let period = |y: i32| format!("{y}-04-01 .. {}-03-31", y + 1);
            let suffix = v
                .decor()
                .suffix()
                .and_then(|s| s.as_str())
                .map(str::to_string);
            if let Some(sfx) = suffix.filter(|s| s.contains(&period(old))) {
                v.decor_mut()
                    .set_suffix(sfx.replace(&period(old), &period(new)));
            }
        }
    }
    // Name: FY2023 → FY2024, 令和5年度 → 令和6年度, 2023年度 → 2024年度.
    if let Some(name) = doc.get("name").and_then(Item::as_str) {
        let mut n = name.replace(&format!("FY{old}"), &format!("FY{new}"));
        n = n.replace(&format!("{old}年度"), &format!("{new}年度"));
        if old >= 2019 {
            n = n.replace(
                &format!("令和{}年度", reiwa(old)),
                &format!("令和{}年度", reiwa(new)),
            );
            n = n.replace(
                &format!("令和{}年", reiwa(old)),
                &format!("令和{}年", reiwa(new)),
            );
        }
        out.name = n.clone();
        if let Some(item) = doc.get_mut("name") {
            replace_value(item, Value::from(n));
        }
    }

    // Calendar: designated closures and explicit substitutions are dated in the old year.
    if let Some(cal) = doc.get_mut("calendar").and_then(Item::as_table_like_mut) {
        for key in ["closure", "substitution"] {
            if let Some(arr) = cal.get(key).and_then(Item::as_array_of_tables) {
                out.calendar_dropped += arr.len();
            }
            cal.remove(key);
        }
    }

    // Patterns: one that ended before March 31 is over; `from` and `until` go (the
    // pattern in force at the end of the year holds the whole next year).
    if let Some(arr) = doc
        .get_mut("pattern")
        .and_then(Item::as_array_of_tables_mut)
    {
        let year_end = model.period.to.to_string();
        let before = arr.len();
        arr.retain(|t| {
            t.get("until")
                .and_then(Item::as_str)
                .is_none_or(|u| u >= year_end.as_str())
        });
        out.patterns_changed += before - arr.len();
        for t in arr.iter_mut() {
            let had = t.contains_key("from") || t.contains_key("until");
            t.remove("from");
            t.remove("until");
            if had {
                out.patterns_changed += 1;
            }
        }
    }

    // Staff.
    let decisions = staff_decisions(model, sources, scenarios);
    let given = seminars_given(plan);
    let period = model.period;
    let year_end = period.to.to_string();
    if let Some(arr) = doc.get_mut("staff").and_then(Item::as_array_of_tables_mut) {
        let before: Vec<String> = arr
            .iter()
            .filter_map(|t| t.get("id").and_then(Item::as_str).map(str::to_string))
            .collect();
        arr.retain(|t| {
            t.get("end")
                .and_then(Item::as_str)
                .is_none_or(|e| e >= year_end.as_str())
        });
        let after: Vec<String> = arr
            .iter()
            .filter_map(|t| t.get("id").and_then(Item::as_str).map(str::to_string))
            .collect();
        out.staff_left = before.into_iter().filter(|i| !after.contains(i)).collect();
        // Removed by a re-plan of the year: gone from next year's staff.
        arr.retain(|t| {
            t.get("id")
                .and_then(Item::as_str)
                .is_none_or(|id| !decisions.removed.iter().any(|r| r.0 == id))
        });
        out.chain_removed = decisions.removed.clone();
        // Added by a re-plan of the year: their `[[add_staff]]` table, as written,
        // becomes a `[[staff]]` table after the model's own.
        let position = arr.iter().filter_map(Table::position).max();
        for (table, added) in &decisions.added {
            let mut t = table.clone();
            t.set_position(position);
            t.decor_mut().set_prefix("\n");
            arr.push(t);
            out.chain_added.push(added.clone());
        }
        for t in arr.iter_mut() {
            let Some(id) = t.get("id").and_then(Item::as_str).map(str::to_string) else {
                continue;
            };
            let p = model.staff_index(&id);
            let consultant = p.is_some_and(|p| model.staff[p].has(Role::Consultant))
                || t.get("roles")
                    .and_then(Item::as_array)
                    .is_some_and(|a| a.iter().any(|r| r.as_str() == Some("consultant")));
            // Experience grows by the time employed in the year, rostered or not.
            let share = employed_share(period, date_of(t, "start"), date_of(t, "end"));
            if share > 0.0 {
                let grown = match t.get_mut("experience_years") {
                    Some(item) => {
                        let years = item
                            .as_float()
                            .or_else(|| item.as_integer().map(|i| i as f64))
                            .unwrap_or(0.0);
                        replace_value(item, Value::from(round2(years + share)));
                        true
                    }
                    None if consultant => {
                        t.insert("experience_years", value(share));
                        true
                    }
                    None => false,
                };
                if grown && share >= 1.0 {
                    out.experience_grown.push(id.clone());
                } else if grown {
                    out.experience_part.push((id.clone(), share));
                }
            }
            if let Some(&n) = given.get(id.as_str()) {
                let old_given = t
                    .get("seminars_given")
                    .and_then(Item::as_integer)
                    .unwrap_or(0);
                match t.get_mut("seminars_given") {
                    Some(item) => replace_value(item, Value::from(old_given + i64::from(n))),
                    None => {
                        t.insert("seminars_given", value(i64::from(n)));
                    }
                }
                out.seminars_added.push((id.clone(), n));
            }
            if let Some(item) = t.get_mut("leave") {
                if let Some(a) = item.as_array_mut() {
                    out.leave_dropped += a.len();
                    let decor = a.decor().clone();
                    let mut empty = Array::new();
                    *empty.decor_mut() = decor;
                    *a = empty;
                }
            }
            if t.remove("start").is_some() {
                out.starts_cleared += 1;
            }
            t.remove("end");
        }
    }
    // Publicity (PR-1, REP-1): the dates move on a year, each keeping its comment.
    if let Some(t) = doc.get_mut("publicity").and_then(Item::as_table_like_mut) {
        for key in ["from", "mail_magazine_from"] {
            if let Some(item) = t.get_mut(key) {
                if let Some(next) = item.as_str().and_then(|s| year_later(s, "%Y-%m-%d")) {
                    replace_value(item, Value::from(next));
                }
            }
        }
        for (key, format) in [("leaflet_issues", "%Y-%m"), ("employer_flyers", "%Y-%m-%d")] {
            if let Some(arr) = t.get_mut(key).and_then(Item::as_array_mut) {
                for v in arr.iter_mut() {
                    if let Some(next) = v.as_str().and_then(|s| year_later(s, format)) {
                        let decor = v.decor().clone();
                        *v = Value::from(next);
                        *v.decor_mut() = decor;
                    }
                }
            }
        }
    }
    out.text = doc.to_string();
    Ok(out)
}

/// `text` (a date in `format`, `%Y-%m-%d` or `%Y-%m`) a year later, in the same format.
fn year_later(text: &str, format: &str) -> Option<String> {
    let (parse, shown) = if format == "%Y-%m" {
        (format!("{text}-01"), "%Y-%m-%d")
    } else {
        (text.to_string(), format)
    };
    let d = chrono::NaiveDate::parse_from_str(&parse, shown).ok()?;
    let next = d.checked_add_months(chrono::Months::new(12))?;
    Some(next.format(format).to_string())
}

/// Replaces a value and keeps its comment and spacing.
fn replace_value(item: &mut Item, mut v: Value) {
    if let Some(old) = item.as_value() {
        *v.decor_mut() = old.decor().clone();
    }
    *item = Item::Value(v);
}

/// A date value of a `[[staff]]` table (`start`, `end`).
fn date_of(t: &Table, key: &str) -> Option<NaiveDate> {
    t.get(key)
        .and_then(Item::as_str)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The share of the year's days a person was employed (from `start` to `end`, the
/// year's ends by default; leave counts as employed), to 2 decimals: 1 for the whole
/// year, 0.5 from October 1 of FY2023 (183 of 366 days).
pub fn employed_share(period: DateRange, start: Option<NaiveDate>, end: Option<NaiveDate>) -> f64 {
    let from = start.map_or(period.from, |s| s.max(period.from));
    let to = end.map_or(period.to, |e| e.min(period.to));
    let total = (period.to - period.from).num_days() + 1;
    let days = ((to - from).num_days() + 1).max(0);
    round2(days as f64 / total as f64)
}

/// Who the year's chain of re-plans added and removed.
#[derive(Default)]
struct StaffDecisions {
    /// Each person added and still employed at the year's end: their `[[add_staff]]`
    /// table as written (`start` kept for the experience share, `end` and `leave`
    /// dropped), and (id, name, first day, scenario name).
    added: Vec<(Table, (String, String, NaiveDate, String))>,
    /// (id, name, first day gone, scenario name).
    removed: Vec<(String, String, NaiveDate, String)>,
}

/// The staff decisions still in force at the year's end (after every `[[undo]]`): a
/// `[[remove_staff]]` removes the person; an `[[add_staff]]` adds them unless they
/// were removed again, their employment `end`s within the year, or an undo took the
/// addition back (the person is then on leave to the year's end).
fn staff_decisions(model: &Model, sources: &[Source], scenarios: &[Scenario]) -> StaffDecisions {
    let mut out = StaffDecisions::default();
    if scenarios.is_empty() {
        return out;
    }
    let trimmed = chain::trimmed(model, scenarios);
    let ids = chain::staff_ids(model, scenarios);
    let name_of = |id: &str| -> String {
        model
            .staff_index(id)
            .map(|p| model.staff[p].name.clone())
            .or_else(|| {
                scenarios
                    .iter()
                    .flat_map(|s| &s.changes)
                    .find_map(|c| match c {
                        Change::AddStaff(p) if p.id == id => Some(p.name.clone()),
                        _ => None,
                    })
            })
            .unwrap_or_default()
    };
    for s in &trimmed {
        for c in &s.changes {
            if let Change::RemoveStaff { staff, from } = c {
                if let Some(id) = ids.get(*staff) {
                    out.removed.retain(|r| &r.0 != id);
                    out.removed
                        .push((id.clone(), name_of(id), *from, s.name.clone()));
                }
            }
        }
    }
    let year_end = model.period.to;
    for (k, s) in trimmed.iter().enumerate() {
        for c in &s.changes {
            let Change::AddStaff(p) = c else { continue };
            if out.removed.iter().any(|r| r.0 == p.id) {
                continue;
            }
            // An undo of the addition puts the person on leave to the year's end.
            let written = scenarios.get(k).and_then(|o| {
                o.changes.iter().find_map(|c| match c {
                    Change::AddStaff(q) if q.id == p.id => Some(q.leave.len()),
                    _ => None,
                })
            });
            if written.is_some_and(|n| p.leave.len() > n) {
                continue;
            }
            let Some(table) = sources
                .get(k)
                .and_then(|src| add_staff_table(&src.text, &p.id))
            else {
                continue;
            };
            if date_of(&table, "end").is_some_and(|e| e < year_end) {
                continue;
            }
            let start = date_of(&table, "start").unwrap_or(model.period.from);
            let mut table = table;
            table.remove("leave");
            out.added
                .push((table, (p.id.clone(), p.name.clone(), start, s.name.clone())));
        }
    }
    out
}

/// The `[[add_staff]]` table of `id` in a scenario's text, as written.
fn add_staff_table(text: &str, id: &str) -> Option<Table> {
    let doc: DocumentMut = text.parse().ok()?;
    let table = doc
        .get("add_staff")?
        .as_array_of_tables()?
        .iter()
        .find(|t| t.get("id").and_then(Item::as_str) == Some(id))
        .cloned();
    table
}

/// Job-support seminars each person lectured in the plan (SEM-4 counts these).
fn seminars_given(plan: Option<&Plan>) -> BTreeMap<&str, u32> {
    let mut m = BTreeMap::new();
    let Some(p) = plan else {
        return m;
    };
    let seminars: std::collections::BTreeSet<&str> = p
        .events
        .iter()
        .filter(|e| e.is(EventKind::Seminar))
        .map(|e| e.event_id.as_str())
        .collect();
    for a in &p.assignments {
        if a.role == "lecturer" && seminars.contains(a.event_id.as_str()) {
            *m.entry(a.staff_id.as_str()).or_default() += 1;
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reiwa_years() {
        assert_eq!(reiwa(2023), 5);
        assert_eq!(reiwa(2024), 6);
    }
}
