//! What the contract asks the manager to have ready before the day (PR-1, REP-1,
//! SEM-7): publicity, monthly reports and childcare arrangements. Read from the model's
//! optional `[publicity]` table (docs/model.md); every field has a default.

use chrono::{Datelike, NaiveDate};

use super::DateRange;

/// The model's `[publicity]` table, defaults filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
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
        }
    }
}

/// The id reserved for the deadlines' calendar (`calendars/deadlines.ics`): no staff,
/// municipality or town may take it.
pub const DEADLINES_CALENDAR: &str = "deadlines";
