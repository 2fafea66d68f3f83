//! Next year's model from this year's (`roster new-year`): the fiscal year and name
//! moved on, experience and seminars given grown by the year's work, past leave,
//! closures and substitutions dropped. The file is edited in place with `toml_edit`, so
//! every comment and the layout stay as they were.

use std::collections::BTreeMap;

use chrono::Datelike;
use toml_edit::{value, Array, DocumentMut, Item, Value};

use crate::model::{EventKind, Model, Role};
use crate::plan::Plan;

/// What `new-year` changed, for the summary.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NextYear {
    /// The new model file's text.
    pub text: String,
    /// Old and new fiscal year.
    pub years: (i32, i32),
    /// The new name.
    pub name: String,
    /// Staff whose `experience_years` grew by one.
    pub experience_grown: Vec<String>,
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
    let worked = worked_days(model, plan);
    let given = seminars_given(plan);
    if let Some(arr) = doc.get_mut("staff").and_then(Item::as_array_of_tables_mut) {
        let year_end = model.period.to.to_string();
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
        for t in arr.iter_mut() {
            let Some(id) = t.get("id").and_then(Item::as_str).map(str::to_string) else {
                continue;
            };
            let p = model.staff_index(&id);
            let did_work = worked.get(id.as_str()).copied().unwrap_or(0) > 0;
            if did_work {
                match t.get_mut("experience_years") {
                    Some(item) => {
                        let years = item
                            .as_float()
                            .or_else(|| item.as_integer().map(|i| i as f64))
                            .unwrap_or(0.0);
                        replace_value(item, Value::from(years + 1.0));
                        out.experience_grown.push(id.clone());
                    }
                    None => {
                        if p.is_some_and(|p| model.staff[p].has(Role::Consultant)) {
                            t.insert("experience_years", value(1.0));
                            out.experience_grown.push(id.clone());
                        }
                    }
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

/// Days worked per staff id: from the plan if given, else the days each person could
/// work in the model's year (anyone employed and not on leave all year worked it).
fn worked_days<'a>(model: &'a Model, plan: Option<&'a Plan>) -> BTreeMap<&'a str, usize> {
    let mut m = BTreeMap::new();
    match plan {
        Some(p) => {
            for a in &p.assignments {
                *m.entry(a.staff_id.as_str()).or_default() += 1;
            }
        }
        None => {
            for s in &model.staff {
                let days = model.period.days().filter(|d| s.available(*d)).count();
                m.insert(s.id.as_str(), days);
            }
        }
    }
    m
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
