//! PR-1: events already in a leaflet or flyer keep their date, time and venue.
//!
//! A plan alone cannot say what was announced; this check compares a re-plan with the
//! plan it replaces (the baseline) as of the day the re-plan takes effect. Written out
//! on its own, without the re-planner's horizons: the monthly leaflet (consultation
//! days) is ready 1 month before its month, so on `as_of` the leaflets of `as_of`'s
//! month and the next are out; a flyer (seminars, outreach, one-point seminars, fairs,
//! roundtables) is ready 2 months before its event.

use chrono::{Datelike, Months, NaiveDate};

use super::parse_date;
use crate::model::{EventKind, Rule};
use crate::plan::{Plan, Violation};

/// The last day whose events are announced on `as_of`, for an event of `kind`; None for
/// office days, which are not publicised.
fn announced_until(kind: &str, as_of: NaiveDate) -> Option<NaiveDate> {
    match EventKind::parse(kind.trim()) {
        Some(EventKind::Office) => None,
        Some(EventKind::Consultation) => {
            // The last day of the month after as_of's month.
            let first = NaiveDate::from_ymd_opt(as_of.year(), as_of.month(), 1)?;
            first.checked_add_months(Months::new(2))?.pred_opt()
        }
        _ => as_of.checked_add_months(Months::new(2)),
    }
}

/// PR-1: every baseline event dated from `as_of` up to its announcement horizon is in
/// `plan` under the same event id, on the same date, at the same hours and venue.
/// Returns one violation per event that moved or went, dated and named as in the
/// baseline.
pub fn announced(baseline: &Plan, plan: &Plan, as_of: NaiveDate) -> Vec<Violation> {
    let mut out = Vec::new();
    for b in &baseline.events {
        let Some(date) = parse_date(&b.date) else {
            continue;
        };
        let Some(until) = announced_until(&b.kind, as_of) else {
            continue;
        };
        if date < as_of || date > until {
            continue;
        }
        let now = plan.events.iter().find(|e| e.event_id == b.event_id);
        let what = match now {
            None => "is no longer in the plan".to_string(),
            Some(e) => {
                let mut changed = Vec::new();
                if parse_date(&e.date) != Some(date) {
                    changed.push(format!("date {} -> {}", b.date, e.date));
                }
                if e.start.trim() != b.start.trim() || e.end.trim() != b.end.trim() {
                    changed.push(format!(
                        "hours {}-{} -> {}-{}",
                        b.start, b.end, e.start, e.end
                    ));
                }
                if e.venue != b.venue {
                    changed.push(format!("venue {} -> {}", b.venue, e.venue));
                }
                if changed.is_empty() {
                    continue;
                }
                changed.join(", ")
            }
        };
        out.push(Violation {
            rule: Rule::Pr1,
            date: b.date.clone(),
            event_id: b.event_id.clone(),
            staff_id: String::new(),
            message: format!(
                "{} is announced (a {} out on {as_of} lists it until {until}) but {what}",
                b.event_id,
                if EventKind::parse(b.kind.trim()) == Some(EventKind::Consultation) {
                    "leaflet"
                } else {
                    "flyer"
                }
            ),
            cause: None,
        });
    }
    out.sort();
    out.dedup();
    out
}
