//! Chains of scenarios: a plan folder re-planned several times carries every scenario
//! applied to it (in `history.json`), and they are applied together, in order, so an
//! earlier absence or closure stays in force in every later re-plan. A later scenario
//! takes an earlier change back only explicitly, with `[[undo]]`.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::{apply, parse_scenario, Change, Scenario, Undo};
use crate::input::error::{Collector, InputErrors};
use crate::model::{DateRange, Model};

/// One scenario of a chain as stored: where it came from (for error messages) and its
/// full text.
#[derive(Debug, Clone)]
pub struct Source {
    /// A label for errors: the scenario file, or `DIR/history.json (link N)`.
    pub label: PathBuf,
    /// The scenario file's text.
    pub text: String,
}

/// Parses the texts of a chain in order, each against the model with the earlier ones
/// applied (so a scenario may name staff an earlier one added). Checks that `as_of`
/// never goes back along the chain (E060) and that every `[[undo]]` names an earlier
/// scenario (E061) and takes back at least one of its changes (E062).
pub fn resolve(model: &Model, sources: &[Source]) -> Result<Vec<Scenario>, InputErrors> {
    let mut chain: Vec<Scenario> = Vec::new();
    let mut current = model.clone();
    for src in sources {
        let s = parse_scenario(&src.label, &src.text, &current)?;
        let mut c = Collector::new(&src.label, &src.text);
        if let Some(prev) = chain.last() {
            if s.as_of < prev.as_of {
                c.push(
                    "E060",
                    s.as_of_at,
                    format!(
                        "as_of {} is before {}, the as_of of the previous re-plan `{}`: \
                         a re-plan cannot go back before days already re-planned",
                        s.as_of, prev.as_of, prev.name
                    ),
                    format!(
                        "give an as_of on or after {}, or re-plan from an earlier plan folder",
                        prev.as_of
                    ),
                );
            }
        }
        let ids = staff_ids(model, &chain);
        for u in &s.undo {
            let earlier: Vec<&Scenario> = chain.iter().filter(|e| e.name == u.scenario).collect();
            if earlier.is_empty() {
                let names: Vec<&str> = chain.iter().map(|e| e.name.as_str()).collect();
                c.push(
                    "E061",
                    u.at,
                    format!(
                        "undo names `{}`, which is no earlier scenario of this plan folder",
                        u.scenario
                    ),
                    if names.is_empty() {
                        "the baseline has no re-plans to undo (see `roster history DIR`)"
                            .to_string()
                    } else {
                        format!("name one of: {}", names.join(", "))
                    },
                );
            } else if !earlier
                .iter()
                .any(|e| e.changes.iter().any(|ch| matches(ch, u, &ids, model)))
            {
                c.push(
                    "E062",
                    u.at,
                    format!(
                        "undo of `{}` matches none of its changes (check staff, venue and municipality)",
                        u.scenario
                    ),
                    "name the person, venue or municipality the earlier scenario changed, or leave the filter out",
                );
            }
        }
        c.finish()?;
        current = apply(&current, &s);
        chain.push(s);
    }
    Ok(chain)
}

/// The model with every scenario of the chain applied in order, after each `[[undo]]`
/// has cut the earlier changes it names at its `from` date.
pub fn apply_all(model: &Model, chain: &[Scenario]) -> Model {
    let mut m = model.clone();
    for s in &trimmed(model, chain) {
        m = apply(&m, s);
    }
    m
}

/// The chain with every `[[undo]]` applied: each earlier change it names cut at its
/// `from` date (or dropped), as [`apply_all`] applies them; `roster new-year` reads
/// the staff decisions still in force from it.
pub fn trimmed(model: &Model, chain: &[Scenario]) -> Vec<Scenario> {
    let ids = staff_ids(model, chain);
    let mut trimmed: Vec<Scenario> = chain.to_vec();
    for (k, later) in chain.iter().enumerate() {
        for u in &later.undo {
            for earlier in trimmed.iter_mut().take(k) {
                if earlier.name != u.scenario {
                    continue;
                }
                earlier.changes = earlier
                    .changes
                    .iter()
                    .filter_map(|c| {
                        if matches(c, u, &ids, model) {
                            cut(c, u.from, model.period.to)
                        } else {
                            Some(c.clone())
                        }
                    })
                    .collect();
            }
        }
    }
    trimmed
}

/// Reads a scenario file for the end of a chain.
pub fn source_of_file(path: &Path) -> Result<Source, InputErrors> {
    Ok(Source {
        label: path.to_path_buf(),
        text: crate::input::read_text(path)?,
    })
}

/// Staff ids by index once the chain's `[[add_staff]]` are applied (they are appended
/// in order).
pub fn staff_ids(model: &Model, chain: &[Scenario]) -> Vec<String> {
    let mut ids: Vec<String> = model.staff.iter().map(|s| s.id.clone()).collect();
    for s in chain {
        for c in &s.changes {
            if let Change::AddStaff(p) = c {
                ids.push(p.id.clone());
            }
        }
    }
    ids
}

/// Whether an undo's filters select a change (no filter: every change).
fn matches(c: &Change, u: &Undo, ids: &[String], model: &Model) -> bool {
    let staff_of = |i: &usize| ids.get(*i).cloned();
    let (staff, venues, municipality): (Option<String>, Vec<usize>, Option<usize>) = match c {
        Change::Absence { staff, .. }
        | Change::RemoveStaff { staff, .. }
        | Change::StaffChanged { staff, .. } => (staff_of(staff), vec![], None),
        Change::AddStaff(p) => (Some(p.id.clone()), vec![], None),
        Change::VenueClosed {
            venue,
            move_to,
            by_weekday,
            ..
        } => (
            None,
            std::iter::once(*venue)
                .chain(*move_to)
                .chain(by_weekday.iter().map(|(_, t)| *t))
                .collect(),
            None,
        ),
        Change::PatternChanged {
            municipality,
            venue,
            new_venue,
            ..
        } => {
            let mut v: Vec<usize> = venue.iter().chain(new_venue.iter()).copied().collect();
            if venue.is_none() {
                v.extend(
                    model
                        .patterns
                        .iter()
                        .filter(|p| p.municipality == *municipality)
                        .map(|p| p.venue),
                );
            }
            (None, v, Some(*municipality))
        }
        Change::RoomCapacity { venue, .. } => (None, vec![*venue], None),
        Change::SeminarRooms {
            municipality,
            rooms,
            ..
        } => (
            None,
            rooms.iter().map(|(v, _)| *v).collect(),
            Some(*municipality),
        ),
        Change::Closure { .. } => (None, vec![], None),
        Change::QuotaChanged { municipality, .. } => (None, vec![], Some(*municipality)),
        Change::SeriesChanged { .. } => (None, vec![], None),
    };
    u.staff.as_ref().is_none_or(|s| staff.as_ref() == Some(s))
        && u.venue.is_none_or(|v| venues.contains(&v))
        && u.municipality.is_none_or(|m| municipality == Some(m))
}

/// A change cut at `from`: it holds only up to the day before (None: nothing is left).
fn cut(c: &Change, from: NaiveDate, year_end: NaiveDate) -> Option<Change> {
    let before = from.pred_opt()?;
    let range = |r: &DateRange| -> Option<DateRange> {
        (r.from < from).then_some(DateRange {
            from: r.from,
            to: r.to.min(before),
        })
    };
    match c {
        Change::Absence { staff, range: r } => range(r).map(|r| Change::Absence {
            staff: *staff,
            range: r,
        }),
        Change::VenueClosed {
            venue,
            range: r,
            move_to,
            by_weekday,
        } => range(r).map(|r| Change::VenueClosed {
            venue: *venue,
            range: r,
            move_to: *move_to,
            by_weekday: by_weekday.clone(),
        }),
        Change::StaffChanged { staff, terms } => {
            range(&terms.range).map(|r| Change::StaffChanged {
                staff: *staff,
                terms: crate::model::StaffTerms {
                    range: r,
                    ..terms.clone()
                },
            })
        }
        Change::PatternChanged {
            municipality,
            venue,
            from: f,
            weekdays,
            nth,
            new_venue,
            until,
        } => (*f < from).then(|| Change::PatternChanged {
            municipality: *municipality,
            venue: *venue,
            from: *f,
            weekdays: weekdays.clone(),
            nth: nth.clone(),
            new_venue: *new_venue,
            until: Some(until.map_or(before, |u| u.min(before))),
        }),
        Change::SeminarRooms {
            municipality,
            rooms,
            from: f,
            until,
        } => (*f < from).then(|| Change::SeminarRooms {
            municipality: *municipality,
            rooms: rooms.clone(),
            from: *f,
            until: Some(until.map_or(before, |u| u.min(before))),
        }),
        // A room change has no date: undoing it restores the room for the whole year
        // (days before as_of are history and copied anyway).
        Change::RoomCapacity { .. } => None,
        Change::AddStaff(p) => {
            let mut p = (**p).clone();
            p.leave.push(DateRange { from, to: year_end });
            Some(Change::AddStaff(Box::new(p)))
        }
        Change::RemoveStaff { staff, from: f } => (*f < from).then_some(Change::Absence {
            staff: *staff,
            range: DateRange {
                from: *f,
                to: before,
            },
        }),
        Change::Closure { date, note } => (*date < from).then(|| Change::Closure {
            date: *date,
            note: note.clone(),
        }),
        // A count is the year's: undone from `from`, the old count is back, and only
        // the day it comes back is kept (so seminars before it stay as they are).
        Change::QuotaChanged {
            municipality,
            seminar_type,
            count,
            from: f,
            until,
        } => (*f < from).then(|| Change::QuotaChanged {
            municipality: *municipality,
            seminar_type: *seminar_type,
            count: *count,
            from: *f,
            until: Some(until.map_or(before, |u| u.min(before))),
        }),
        Change::SeriesChanged {
            series,
            count,
            from: f,
            until,
        } => (*f < from).then(|| Change::SeriesChanged {
            series: *series,
            count: *count,
            from: *f,
            until: Some(until.map_or(before, |u| u.min(before))),
        }),
    }
}
