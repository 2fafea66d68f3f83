//! The contract's calendar of things to have ready before the day (issue 17): each
//! flyer, leaflet issue, employer flyer and mail-magazine issue (PR-1), each monthly
//! report (REP-1) and each women's seminar's childcare arrangement (SEM-7), with its due
//! date. A pure function of the model and the plan: a re-plan that moves an event moves
//! its deadlines with it.

use chrono::{Datelike, Days, Months, NaiveDate};

use super::{parse_day, Plan};
use crate::model::{EventKind, Model, Rule};

/// What has to be ready.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// The flyer of a dated event (seminar, outreach, one-point seminar, fair,
    /// roundtable): ready 2 months before it (PR-1).
    Flyer {
        /// The event's kind.
        kind: EventKind,
        /// Where it is held (municipality or town id).
        municipality: String,
        /// Seminars: the seminar type id; empty otherwise.
        seminar_type: String,
    },
    /// A leaflet issue covering the months from `first` to `last` (first days): ready
    /// 1 month before its first month (PR-1).
    Leaflet {
        /// First month covered.
        first: NaiveDate,
        /// Last month covered.
        last: NaiveDate,
    },
    /// An employer flyer first used on `used`: ready 1 month before (PR-1).
    EmployerFlyer {
        /// The day of first use.
        used: NaiveDate,
    },
    /// The mail magazine's issue `number` (1 for the first), about every 2 weeks (PR-1).
    MailMagazine {
        /// 1-based.
        number: u32,
    },
    /// The monthly report on the month starting `month` (REP-1).
    MonthlyReport {
        /// First day of the month reported on.
        month: NaiveDate,
    },
    /// A women's seminar's childcare (the city's nursery booked, or childcare workers
    /// engaged), as the municipality's quota says (SEM-7).
    Childcare {
        /// The municipality.
        municipality: String,
        /// The quota's childcare note.
        note: String,
    },
}

/// One thing due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    /// The day it must be ready by.
    pub due: NaiveDate,
    /// What.
    pub item: Item,
    /// The event it is for (empty when none).
    pub event_id: String,
    /// The event's date, when it is for an event.
    pub event_date: Option<NaiveDate>,
}

impl Deadline {
    /// The `kind` column of `deadlines.csv`.
    pub fn kind_id(&self) -> &'static str {
        match self.item {
            Item::Flyer { .. } => "flyer",
            Item::Leaflet { .. } => "leaflet",
            Item::EmployerFlyer { .. } => "employer-flyer",
            Item::MailMagazine { .. } => "mail-magazine",
            Item::MonthlyReport { .. } => "monthly-report",
            Item::Childcare { .. } => "childcare",
        }
    }

    /// The rule that sets it.
    pub fn rule(&self) -> Rule {
        match self.item {
            Item::MonthlyReport { .. } => Rule::Rep1,
            Item::Childcare { .. } => Rule::Sem7,
            _ => Rule::Pr1,
        }
    }

    /// Whether it falls before publicity work can start (PR-1): an exception to agree
    /// with the prefecture. Only publicity items can be.
    pub fn before_publicity(&self, model: &Model) -> bool {
        self.rule() == Rule::Pr1 && self.due < model.publicity.from
    }

    /// A key that names the same deadline across re-plans: the event for event items,
    /// else the kind and the day or issue it is for.
    pub fn key(&self) -> String {
        match &self.item {
            Item::Flyer { .. } | Item::Childcare { .. } => {
                format!("{}-{}", self.kind_id(), self.event_id)
            }
            Item::Leaflet { first, .. } => format!("leaflet-{}", first.format("%Y%m")),
            Item::EmployerFlyer { used } => format!("employer-flyer-{}", used.format("%Y%m%d")),
            Item::MailMagazine { number } => format!("mail-magazine-{number}"),
            Item::MonthlyReport { month } => {
                format!("monthly-report-{}", month.format("%Y%m"))
            }
        }
    }
}

/// The order of kinds on one due day.
fn kind_rank(d: &Deadline) -> u8 {
    match d.item {
        Item::MonthlyReport { .. } => 0,
        Item::Leaflet { .. } => 1,
        Item::Flyer { .. } => 2,
        Item::EmployerFlyer { .. } => 3,
        Item::Childcare { .. } => 4,
        Item::MailMagazine { .. } => 5,
    }
}

/// Whether an event of `kind` has a flyer of its own (PR-1's table: job-support
/// seminars, outreach, one-point seminars, fairs, roundtables).
pub fn has_flyer(kind: EventKind) -> bool {
    matches!(
        kind,
        EventKind::Seminar
            | EventKind::Outreach
            | EventKind::OnePoint
            | EventKind::JobFair
            | EventKind::Roundtable
    )
}

/// The day a flyer for an event on `date` is due: 2 months before (PR-1).
pub fn flyer_due(date: NaiveDate) -> NaiveDate {
    crate::model::publicity::flyer_due(date)
}

/// Every deadline of `plan` under `model`, by due date (then kind, event date, event).
pub fn deadlines(model: &Model, plan: &Plan) -> Vec<Deadline> {
    let mut out = Vec::new();
    let period = model.period;
    for e in &plan.events {
        let (Some(kind), Some(date)) = (e.kind(), parse_day(&e.date)) else {
            continue;
        };
        if has_flyer(kind) {
            out.push(Deadline {
                due: flyer_due(date),
                item: Item::Flyer {
                    kind,
                    municipality: e.municipality.clone(),
                    seminar_type: e.seminar_type.clone(),
                },
                event_id: e.event_id.clone(),
                event_date: Some(date),
            });
        }
        if kind == EventKind::Seminar && e.seminar_type == "women" {
            let quota = model.seminar_quotas.iter().find(|q| {
                model
                    .municipalities
                    .get(q.municipality)
                    .is_some_and(|m| m.id == e.municipality)
            });
            if let Some((q, lead)) = quota.and_then(|q| Some((q, q.childcare_lead_days?))) {
                out.push(Deadline {
                    due: date
                        .checked_sub_days(Days::new(lead.into()))
                        .unwrap_or(date),
                    item: Item::Childcare {
                        municipality: e.municipality.clone(),
                        note: q.childcare.clone().unwrap_or_default(),
                    },
                    event_id: e.event_id.clone(),
                    event_date: Some(date),
                });
            }
        }
    }
    let p = &model.publicity;
    let year_end = NaiveDate::from_ymd_opt(period.to.year(), period.to.month(), 1);
    for (i, first) in p.leaflet_issues.iter().enumerate() {
        let last = match p.leaflet_issues.get(i + 1) {
            Some(next) => next.checked_sub_months(Months::new(1)),
            None => year_end,
        }
        .unwrap_or(*first)
        .max(*first);
        out.push(Deadline {
            due: first.checked_sub_months(Months::new(1)).unwrap_or(*first),
            item: Item::Leaflet {
                first: *first,
                last,
            },
            event_id: String::new(),
            event_date: None,
        });
    }
    for used in &p.employer_flyers {
        out.push(Deadline {
            due: used.checked_sub_months(Months::new(1)).unwrap_or(*used),
            item: Item::EmployerFlyer { used: *used },
            event_id: String::new(),
            event_date: None,
        });
    }
    let mut day = Some(p.mail_magazine_from);
    let mut number = 1;
    while let Some(d) = day.filter(|d| *d <= period.to) {
        out.push(Deadline {
            due: d,
            item: Item::MailMagazine { number },
            event_id: String::new(),
            event_date: None,
        });
        number += 1;
        day = d.checked_add_days(Days::new(p.mail_magazine_every_days.max(1).into()));
    }
    let mut month = NaiveDate::from_ymd_opt(period.from.year(), period.from.month(), 1);
    while let Some(m) = month.filter(|m| *m <= period.to) {
        let next = m.checked_add_months(Months::new(1));
        let due = match next {
            // The year's last month: due on the year's last day (REP-1).
            Some(n) if n <= period.to => report_day_in(n, p.report_day),
            _ => Some(period.to),
        };
        if let Some(due) = due {
            out.push(Deadline {
                due,
                item: Item::MonthlyReport { month: m },
                event_id: String::new(),
                event_date: None,
            });
        }
        month = next;
    }
    out.sort_by(|a, b| {
        (a.due, kind_rank(a), a.event_date, &a.event_id, a.key()).cmp(&(
            b.due,
            kind_rank(b),
            b.event_date,
            &b.event_id,
            b.key(),
        ))
    });
    out
}

/// Day `day` of the month starting `first`, or that month's last day when it is shorter.
fn report_day_in(first: NaiveDate, day: u32) -> Option<NaiveDate> {
    (1..=day.max(1))
        .rev()
        .find_map(|d| NaiveDate::from_ymd_opt(first.year(), first.month(), d))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn report_day_clamps_to_the_months_end() {
        assert_eq!(report_day_in(d("2024-02-01"), 31), Some(d("2024-02-29")));
        assert_eq!(report_day_in(d("2023-05-01"), 10), Some(d("2023-05-10")));
    }

    #[test]
    fn a_flyer_is_due_two_months_before_and_clamps_short_months() {
        assert_eq!(flyer_due(d("2023-06-14")), d("2023-04-14"));
        // December 31 - 2 months: October 31; April 30 from June 30.
        assert_eq!(flyer_due(d("2023-12-31")), d("2023-10-31"));
        assert_eq!(flyer_due(d("2024-04-30")), d("2024-02-29"));
    }
}
