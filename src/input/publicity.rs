//! The model's optional `[publicity]` table (PR-1, REP-1): when publicity work can start,
//! the leaflet's issues, the employer flyers' use dates, the mail magazine and the day
//! monthly reports are due. Every field is optional ([`Publicity::defaults`]).

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use toml::Spanned;

use super::Validator;
use crate::model::{DateRange, Publicity};

type S = Spanned<String>;

/// `[publicity]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPublicity {
    /// `YYYY-MM-DD`: the first day publicity work can start; up to a year before the
    /// fiscal year (flyers prepared under the previous contract).
    pub from: Option<S>,
    /// `["YYYY-MM", ...]`: the first month each leaflet issue covers, in order.
    pub leaflet_issues: Option<Spanned<Vec<S>>>,
    /// `["YYYY-MM-DD", ...]`: the days employer flyers are first used.
    #[serde(default)]
    pub employer_flyers: Vec<S>,
    /// `YYYY-MM-DD`: the first mail-magazine issue.
    pub mail_magazine_from: Option<S>,
    /// Days between issues (1-31).
    pub mail_magazine_every_days: Option<Spanned<i64>>,
    /// Day of the month the previous month's report is due (1-31; a shorter month's
    /// last day when it has fewer days).
    pub report_day: Option<Spanned<i64>>,
}

/// Validates `[publicity]` against the fiscal year `period` (E013 a date that does not
/// read, E014 a date outside the year, E017 a number out of range, E010 a repeated or
/// out-of-order leaflet issue).
pub(crate) fn publicity(
    v: &mut Validator,
    raw: Option<&RawPublicity>,
    period: DateRange,
) -> Publicity {
    let mut p = Publicity::defaults(period);
    let Some(r) = raw else {
        return p;
    };
    if let Some(s) = &r.from {
        if let Some(d) = any_date(v, s) {
            let earliest = period
                .from
                .checked_sub_months(chrono::Months::new(12))
                .unwrap_or(period.from);
            if d < earliest || d > period.to {
                v.c.push(
                    "E014",
                    s.span().start,
                    format!("publicity from {d} is not within a year before the fiscal year or in it ({earliest} .. {})", period.to),
                    "give the day publicity work could start: the contract's first day, or an earlier day when flyers and leaflets were prepared before it",
                );
            } else {
                p.from = d;
            }
        }
    }
    if let Some(list) = &r.leaflet_issues {
        let mut issues: Vec<NaiveDate> = Vec::new();
        for s in list.get_ref() {
            let Some(d) = month(v, s) else { continue };
            if !period.contains(d) {
                v.c.push(
                    "E014",
                    s.span().start,
                    format!("leaflet issue {} is outside the fiscal year", s.get_ref()),
                    format!(
                        "give months from {} to {} as \"YYYY-MM\"",
                        period.from.format("%Y-%m"),
                        period.to.format("%Y-%m")
                    ),
                );
                continue;
            }
            if issues.last().is_some_and(|last| *last >= d) {
                v.c.push(
                    "E010",
                    s.span().start,
                    format!("leaflet issue {} is repeated or out of order", s.get_ref()),
                    "list each issue's first month once, in calendar order",
                );
                continue;
            }
            issues.push(d);
        }
        p.leaflet_issues = issues;
    }
    let mut flyers = Vec::new();
    for s in &r.employer_flyers {
        if let Some(d) = v.date(s) {
            flyers.push(d);
        }
    }
    flyers.sort();
    flyers.dedup();
    p.employer_flyers = flyers;
    if let Some(s) = &r.mail_magazine_from {
        if let Some(d) = v.date(s) {
            p.mail_magazine_from = d;
        }
    }
    if let Some(n) = &r.mail_magazine_every_days {
        p.mail_magazine_every_days = v.count(n, 1, 31, "mail_magazine_every_days");
    }
    if let Some(n) = &r.report_day {
        p.report_day = v.count(n, 1, 31, "report_day");
    }
    p
}

/// A `YYYY-MM-DD` date, in or out of the fiscal year (E013 when it does not read).
fn any_date(v: &mut Validator, s: &S) -> Option<NaiveDate> {
    let d = NaiveDate::parse_from_str(s.get_ref(), "%Y-%m-%d").ok();
    if d.is_none() {
        v.c.push(
            "E013",
            s.span().start,
            format!("`{}` is not a date", s.get_ref()),
            "write dates as YYYY-MM-DD, e.g. \"2023-04-01\"",
        );
    }
    d
}

/// A `YYYY-MM` month as its first day (E013 when it does not read).
fn month(v: &mut Validator, s: &S) -> Option<NaiveDate> {
    let d = NaiveDate::parse_from_str(&format!("{}-01", s.get_ref()), "%Y-%m-%d")
        .ok()
        .filter(|d| d.day() == 1 && s.get_ref().len() == 7);
    if d.is_none() {
        v.c.push(
            "E013",
            s.span().start,
            format!("`{}` is not a month", s.get_ref()),
            "write months as YYYY-MM, e.g. \"2023-05\"",
        );
    }
    d
}
