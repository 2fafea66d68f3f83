//! The model's optional `[publicity]` table (PR-1, REP-1): when publicity work can start,
//! the leaflet's issues, the employer flyers' use dates, the mail magazine and the day
//! monthly reports are due. Every field is optional ([`Publicity::defaults`]).

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use toml::Spanned;

use super::Validator;
use crate::model::{DateRange, EventSeries, LeadTime, Publicity, SeminarQuota, SeminarRules};

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
    /// `"soft"` (the default) or `"hard"`: how PR-1's lead time binds the dates.
    pub lead_time: Option<S>,
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
    if let Some(s) = &r.lead_time {
        match s.get_ref().as_str() {
            "soft" => p.lead_time = LeadTime::Soft,
            "hard" => p.lead_time = LeadTime::Hard,
            other => v.c.push(
                "E018",
                s.span().start,
                format!("unknown lead_time `{other}`"),
                "write lead_time = \"soft\" (a flyer due before `from` is an exception to agree with the prefecture, avoided where the year allows) or lead_time = \"hard\" (no event on such a date)",
            ),
        }
    }
    p
}

/// `[objective] publicity_lead` (0 to `max`, E017): the cost of an event whose flyer
/// would be due before publicity can start (PR-1, soft).
pub(crate) fn lead_weight(v: &mut Validator, raw: Option<&Spanned<f64>>, max: f64) -> f64 {
    raw.map_or(crate::model::publicity::DEFAULT_LEAD_WEIGHT, |x| {
        v.real(x, 0.0, max, "publicity_lead")
    })
}

/// PR-1 under `lead_time = "hard"` (E023, at `lead_time`): the counts the model asks
/// for must fit the days the rule leaves. A seminar quota needs as many seminar
/// weekdays as its seminars (one a date), a series counted per year as many of its
/// weekdays as its count, a series counted per month as many in each month as its
/// count there; a leaflet issue and an employer flyer, which no solver can move, must
/// be due on or after `from`. Days are counted by weekday only (holidays and closures
/// are the calendar's): a shortfall they cause is reported by the solve as a count
/// short.
pub(crate) fn lead_time_leaves_counts(
    v: &mut Validator,
    raw: Option<&RawPublicity>,
    p: &Publicity,
    period: DateRange,
    seminars: Option<&SeminarRules>,
    quotas: &[(String, &SeminarQuota)],
    series: &[EventSeries],
) {
    let Some(at) = raw.and_then(|r| r.lead_time.as_ref()) else {
        return;
    };
    if p.lead_time != LeadTime::Hard {
        return;
    }
    let at = at.span().start;
    let first_day = period.days().find(|d| !p.lead_time_short(*d));
    let after = match first_day {
        Some(d) => format!("the first day it allows is {d}"),
        None => "it allows no day of the year".to_string(),
    };
    let allowed = |weekdays: &[chrono::Weekday], month: Option<(i32, u32)>| -> usize {
        period
            .days()
            .filter(|d| weekdays.contains(&d.weekday()) && !p.lead_time_short(*d))
            .filter(|d| month.is_none_or(|(y, m)| d.year() == y && d.month() == m))
            .count()
    };
    let fix = "set `from` earlier (the day flyers could be prepared) or lead_time = \"soft\"";
    let mut impossible: Vec<String> = Vec::new();
    if let Some(rules) = seminars {
        for (id, q) in quotas {
            let n: u32 = q.counts.iter().sum();
            let days = allowed(&rules.weekdays, None);
            if n as usize > days {
                impossible.push(format!(
                    "the seminar quota of {id} asks for {n} seminars, one a date, on {days} day(s)"
                ));
            }
        }
    }
    for s in series {
        if s.per_month.is_some() {
            let mut m = NaiveDate::from_ymd_opt(period.from.year(), period.from.month(), 1);
            while let Some(first) = m.filter(|d| *d <= period.to) {
                let (y, mo) = (first.year(), first.month());
                let n = s.per_month_in(y, mo).unwrap_or(0);
                let days = allowed(&s.weekdays, Some((y, mo)));
                if n as usize > days {
                    impossible.push(format!(
                        "{} asks for {n} in {y}-{mo:02} on {days} day(s)",
                        s.id
                    ));
                }
                m = first.checked_add_months(chrono::Months::new(1));
            }
        } else {
            let days = allowed(&s.weekdays, None);
            if s.count as usize > days {
                impossible.push(format!("{} asks for {} on {days} day(s)", s.id, s.count));
            }
        }
    }
    for first in &p.leaflet_issues {
        let due = first
            .checked_sub_months(chrono::Months::new(1))
            .unwrap_or(*first);
        if due < p.from {
            impossible.push(format!(
                "the leaflet issue for {} is due on {due}",
                first.format("%Y-%m")
            ));
        }
    }
    for used in &p.employer_flyers {
        let due = used
            .checked_sub_months(chrono::Months::new(1))
            .unwrap_or(*used);
        if due < p.from {
            impossible.push(format!(
                "the employer flyer used from {used} is due on {due}"
            ));
        }
    }
    for what in impossible {
        v.c.push(
            "E023",
            at,
            format!(
                "lead_time = \"hard\" with publicity from {} ({after}, PR-1): {what}",
                p.from
            ),
            fix,
        );
    }
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
