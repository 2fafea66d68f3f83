//! PR-1: events already in a leaflet or flyer keep their date, time and venue
//! ([`announced`]); no flyer or leaflet is due before publicity work can start
//! ([`lead_time`], with [`spread_months`], SEM-8's reading of it).
//!
//! A plan alone cannot say what was announced; this check compares a re-plan with the
//! plan it replaces (the baseline) as of the day the re-plan takes effect. Written out
//! on its own, without the re-planner's horizons: the monthly leaflet (consultation
//! days) is ready 1 month before its month, so on `as_of` the leaflets of `as_of`'s
//! month and the next are out; a flyer (seminars, outreach, one-point seminars, fairs,
//! roundtables) is ready 2 months before its event.

use chrono::{Datelike, Months, NaiveDate};

use super::finding::{fnd, Arg, Msg};
use super::parse_date;
use crate::model::{EventKind, LeadTime, Model, Rule};
use crate::plan::deadlines::{deadlines, flyer_due, Item};
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
            None => fnd!(Msg::AnnouncedGone),
            Some(e) => {
                let mut changed = Vec::new();
                if parse_date(&e.date) != Some(date) {
                    changed.push(fnd!(
                        Msg::AnnouncedDate,
                        Arg::Date(b.date.clone()),
                        Arg::Date(e.date.clone())
                    ));
                }
                if e.start.trim() != b.start.trim() || e.end.trim() != b.end.trim() {
                    changed.push(fnd!(
                        Msg::AnnouncedHours,
                        &b.start,
                        &b.end,
                        &e.start,
                        &e.end
                    ));
                }
                if e.venue != b.venue {
                    changed.push(fnd!(Msg::AnnouncedVenue, &b.venue, &e.venue));
                }
                if changed.is_empty() {
                    continue;
                }
                fnd!(Msg::AnnouncedChanges, Arg::Each(changed))
            }
        };
        let medium = if EventKind::parse(b.kind.trim()) == Some(EventKind::Consultation) {
            fnd!(Msg::Leaflet)
        } else {
            fnd!(Msg::Flyer)
        };
        out.push(super::violation(
            Rule::Pr1,
            &b.date,
            &b.event_id,
            "",
            fnd!(
                Msg::Announced,
                &b.event_id,
                medium,
                Arg::Date(as_of.to_string()),
                Arg::Date(until.to_string()),
                what
            ),
        ));
    }
    out.sort();
    out.dedup();
    out
}

/// PR-1 (lead time): each flyer, leaflet issue or employer flyer of `plan` due before
/// `[publicity] from`, the day publicity work can start: one finding each, dated on
/// the event (on the due date for items of no event), naming the due date. Under a
/// soft lead time (the default) these are exceptions to agree with the prefecture,
/// which `roster check` shows as warnings; under a hard one, violations ([`super::check`]
/// includes them). Due dates come from `plan::deadlines`, which is pure and shares
/// nothing with the solver.
pub fn lead_time(model: &Model, plan: &Plan) -> Vec<Violation> {
    let from = model.publicity.from;
    let mut out: Vec<Violation> = deadlines(model, plan)
        .into_iter()
        .filter(|d| d.before_publicity(model))
        .map(|d| {
            let what: Arg = match &d.item {
                Item::Flyer { .. } => fnd!(Msg::ItsFlyer).into(),
                Item::Leaflet { first, .. } => {
                    fnd!(Msg::LeafletIssue, Arg::Month(first.year(), first.month())).into()
                }
                Item::EmployerFlyer { used } => {
                    fnd!(Msg::EmployerFlyer, Arg::Date(used.to_string())).into()
                }
                _ => d.kind_id().into(),
            };
            let agree = match model.publicity.lead_time {
                LeadTime::Soft => fnd!(Msg::AgreeWithPrefecture),
                LeadTime::Hard => fnd!(Msg::LeadTimeHard),
            };
            super::violation(
                Rule::Pr1,
                &d.event_date.unwrap_or(d.due).format("%Y-%m-%d").to_string(),
                &d.event_id,
                "",
                fnd!(
                    Msg::DueBeforePublicity,
                    what,
                    Arg::Date(d.due.to_string()),
                    Arg::Date(from.to_string()),
                    agree
                ),
            )
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// SEM-8's even share under PR-1's lead time: the number of months of the year it is
/// counted over. Every month when the lead time is soft; when hard, the months with a
/// day whose flyer would be due on or after `from` (a day an event can be held).
/// Never below 1.
pub(super) fn spread_months(model: &Model) -> u32 {
    let hard = model.publicity.lead_time == LeadTime::Hard;
    let mut months: Vec<(i32, u32)> = Vec::new();
    for d in model.period.days() {
        if hard && flyer_due(d) < model.publicity.from {
            continue;
        }
        if months.last() != Some(&(d.year(), d.month())) {
            months.push((d.year(), d.month()));
        }
    }
    months.len().max(1) as u32
}
