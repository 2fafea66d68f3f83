//! What the contract asks the manager to have ready before the day (PR-1, REP-1,
//! SEM-7): publicity, monthly reports and childcare arrangements. Read from the model's
//! optional `[publicity]` table (docs/model.md); every field has a default.

use chrono::{Datelike, NaiveDate};

use super::DateRange;

/// The model's `[publicity]` table, defaults filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct Publicity {
    /// The first day publicity work can start (PR-1): the contract's first day unless
    /// the contractor prepared flyers and leaflets before it (`from`). A flyer or leaflet
    /// due before this day is an exception to agree with the prefecture.
    pub from: NaiveDate,
    /// The leaflet's issues (PR-1, 10 a year, May to March), each the first day of the
    /// first month it covers; an issue covers the months up to the next issue's first
    /// month, the last one up to the year's end. Ready 1 month before.
    pub leaflet_issues: Vec<NaiveDate>,
    /// The days the employer flyers are first used (PR-1, 6 a year); ready 1 month
    /// before.
    pub employer_flyers: Vec<NaiveDate>,
    /// The first mail-magazine issue (PR-1, about every 2 weeks).
    pub mail_magazine_from: NaiveDate,
    /// Days between mail-magazine issues.
    pub mail_magazine_every_days: u32,
    /// The day of each month the previous month's report is due (REP-1); March's is due
    /// on March 31.
    pub report_day: u32,
    /// How PR-1's lead time binds the dates the solver chooses (`lead_time`).
    pub lead_time: LeadTime,
    /// The cost of each seminar or series event whose flyer would be due before
    /// [`Publicity::from`] under [`LeadTime::Soft`] (`[objective] publicity_lead`).
    pub lead_weight: f64,
}

/// How PR-1's lead time binds (`[publicity] lead_time`). The seed says "原則" (in
/// principle): soft by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LeadTime {
    /// A date whose flyer would be due before `from` costs `lead_weight`: avoided where
    /// the year allows; each one left is an exception to agree with the prefecture (a
    /// warning of `roster check`, not a violation). SEM-8's even share counts every
    /// month of the year.
    #[default]
    Soft,
    /// No event is placed on such a date (events the plan already announced keep their
    /// dates); one found in a plan is a PR-1 violation. SEM-8's even share counts only
    /// the months with a day on which an event can be held.
    Hard,
}

/// The default `[objective] publicity_lead`: above what any other date preference of
/// stage 1 can weigh for one event (a few people's misfit at 100 each plus their
/// travel), far below a missing event (`violation`), so such a date is chosen only
/// where SEM-8's spread or a count leaves no other.
pub const DEFAULT_LEAD_WEIGHT: f64 = 1000.0;

/// The day a flyer for an event on `date` is due: 2 months before (PR-1's table).
pub fn flyer_due(date: NaiveDate) -> NaiveDate {
    date.checked_sub_months(chrono::Months::new(2))
        .unwrap_or(date)
}

impl Publicity {
    /// Whether an event on `date` would have its flyer due before publicity work can
    /// start (PR-1's lead time).
    pub fn lead_time_short(&self, date: NaiveDate) -> bool {
        flyer_due(date) < self.from
    }
}

impl Publicity {
    /// The defaults for a fiscal year: publicity from its first day; ten leaflet
    /// issues, May to March, one of them (December's) covering December and January, the
    /// month the year-end closure shortens; no employer flyers (their use dates are the
    /// manager's to give); a mail magazine every 14 days from the first day; reports due
    /// on the 10th.
    pub fn defaults(period: DateRange) -> Publicity {
        let fy = period.from.year();
        let issue = |y: i32, m: u32| NaiveDate::from_ymd_opt(y, m, 1);
        let leaflet_issues = [
            (fy, 5),
            (fy, 6),
            (fy, 7),
            (fy, 8),
            (fy, 9),
            (fy, 10),
            (fy, 11),
            (fy, 12),
            (fy + 1, 2),
            (fy + 1, 3),
        ]
        .into_iter()
        .filter_map(|(y, m)| issue(y, m))
        .filter(|d| period.contains(*d))
        .collect();
        Publicity {
            from: period.from,
            leaflet_issues,
            employer_flyers: Vec::new(),
            mail_magazine_from: period.from,
            mail_magazine_every_days: 14,
            report_day: 10,
            lead_time: LeadTime::Soft,
            lead_weight: DEFAULT_LEAD_WEIGHT,
        }
    }
}

/// The id reserved for the deadlines' calendar (`calendars/deadlines.ics`): no staff,
/// municipality or town may take it.
pub const DEADLINES_CALENDAR: &str = "deadlines";
