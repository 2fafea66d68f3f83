//! The deadlines a re-plan moves (issue 17): an event that moves, comes or goes takes its
//! flyer (PR-1) and its childcare arrangement (SEM-7) with it; changes.csv says so.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::ChangeRow;
use crate::model::Model;
use crate::plan::deadlines::{deadlines, Deadline};
use crate::plan::{Event, Plan};

/// The `change` of a row whose deadline moved.
pub const MOVED: &str = "deadline-moved";
/// The `change` of a row whose deadline is new (its event was added).
pub const ADDED: &str = "deadline-added";
/// The `change` of a row whose deadline went with its event.
pub const REMOVED: &str = "deadline-removed";

/// Whether a change row is about a deadline.
pub fn is_deadline(change: &str) -> bool {
    matches!(change, MOVED | ADDED | REMOVED)
}

/// One change row per event deadline of `after` that differs from `before`'s, for
/// events dated from `as_of` on: `before`/`after` read `<kind> <due date>`
/// (`flyer 2023-04-14`).
pub fn changes(model: &Model, before: &Plan, after: &Plan, as_of: NaiveDate) -> Vec<ChangeRow> {
    let of = |p: &Plan| -> BTreeMap<String, Deadline> {
        deadlines(model, p)
            .into_iter()
            .filter(|d| !d.event_id.is_empty() && d.event_date.is_some_and(|e| e >= as_of))
            .map(|d| (d.key(), d))
            .collect()
    };
    let (old, new) = (of(before), of(after));
    let events = |p: &Plan| -> BTreeMap<String, Event> {
        p.events
            .iter()
            .map(|e| (e.event_id.clone(), e.clone()))
            .collect()
    };
    let (old_events, new_events) = (events(before), events(after));
    let text = |d: &Deadline| format!("{} {}", d.kind_id(), d.due);
    let row = |d: &Deadline, e: Option<&Event>, change: &str, b: String, a: String| ChangeRow {
        event_id: d.event_id.clone(),
        date: d.event_date.map(|x| x.to_string()).unwrap_or_default(),
        kind: e.map(|e| e.kind.clone()).unwrap_or_default(),
        municipality: e.map(|e| e.municipality.clone()).unwrap_or_default(),
        venue: e.map(|e| e.venue.clone()).unwrap_or_default(),
        change: change.to_string(),
        before: b,
        after: a,
    };
    let mut rows = Vec::new();
    let mut added: Vec<&Deadline> = Vec::new();
    for (key, d) in &new {
        match old.get(key) {
            Some(o) if o.due != d.due => {
                rows.push(row(d, new_events.get(&d.event_id), MOVED, text(o), text(d)));
            }
            Some(_) => {}
            None => added.push(d),
        }
    }
    // An event gone and one new of the same kind, place and type is a move (as the
    // re-plan's event rows pair them): its deadline moved.
    for (key, o) in &old {
        if new.contains_key(key) {
            continue;
        }
        match added.iter().position(|a| a.item == o.item) {
            Some(i) => {
                let d = added.remove(i);
                let e = new_events.get(&d.event_id);
                rows.push(row(d, e, MOVED, text(o), text(d)));
            }
            None => {
                let e = old_events.get(&o.event_id);
                rows.push(row(o, e, REMOVED, text(o), String::new()));
            }
        }
    }
    for d in added {
        rows.push(row(
            d,
            new_events.get(&d.event_id),
            ADDED,
            String::new(),
            text(d),
        ));
    }
    rows
}
