//! `[[quota_change]]` and `[[series_change]]`: a municipality's yearly count of a
//! seminar type (SEM-1) or an event series' count (OUT-1, ONE-1, FAIR-1, RT-1) changes
//! from a date. The new count is the year's (SEM-8's spread is judged on it); a
//! re-plan keeps the events dated before `from` and cuts or adds only from it.

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use toml::Spanned;

use super::{Change, ScenarioContext, S};
use crate::input::Validator;
use crate::model::{Model, SeminarType};

/// Largest count a change may give (a year has 366 days at most).
const COUNT_MAX: i64 = 366;

/// `[[quota_change]]` as written: the municipality, an optional `from` and the new
/// yearly count of each seminar type named (the keys of `[[seminar_quota]]`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawQuotaChange {
    municipality: S,
    from: Option<S>,
    #[serde(rename = "all-ages")]
    all_ages: Option<Spanned<i64>>,
    senior: Option<Spanned<i64>>,
    women: Option<Spanned<i64>>,
    health: Option<Spanned<i64>>,
    #[serde(default)]
    note: Option<S>,
}

/// `[[series_change]]` as written: the series, an optional `from`, and the new yearly
/// `count` (a series counted per year) or `per_month` (a series counted per month).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSeriesChange {
    series: S,
    from: Option<S>,
    count: Option<Spanned<i64>>,
    per_month: Option<Spanned<i64>>,
    #[serde(default)]
    note: Option<S>,
}

/// The new count of a series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeriesCount {
    /// Events in the year (a series without `per_month`).
    Year(u32),
    /// Events in each month from `from`'s month on (a series with `per_month`, ONE-1).
    Month(u32),
}

/// `from`, defaulting to `as_of`, never before it (E021).
fn from_date(v: &mut Validator, cx: &ScenarioContext, from: Option<&S>) -> Option<NaiveDate> {
    match from {
        Some(f) => {
            let d = v.date(f);
            cx.on_or_after(v, f, d);
            d
        }
        None => cx.as_of,
    }
}

/// `[[quota_change]]` (SEM-1): E011 an unknown municipality or one without a seminar
/// quota, E021 history, E017 a count outside 0..=366, E120 no count given, E010 one
/// (municipality, type) changed twice in the scenario.
pub(super) fn parse_quota_changes(
    v: &mut Validator,
    cx: &ScenarioContext,
    raw: &[RawQuotaChange],
    changes: &mut Vec<Change>,
) {
    let model = cx.model;
    let mut seen: Vec<(usize, SeminarType)> = Vec::new();
    for c in raw {
        let municipality = v.municipality_ref(&cx.names, &c.municipality);
        let from = from_date(v, cx, c.from.as_ref());
        if let Some(n) = &c.note {
            v.text(n, "quota change note", crate::input::ids::TEXT_MAX);
        }
        let given: Vec<(SeminarType, &Spanned<i64>)> = [
            (SeminarType::AllAges, &c.all_ages),
            (SeminarType::Senior, &c.senior),
            (SeminarType::Women, &c.women),
            (SeminarType::Health, &c.health),
        ]
        .into_iter()
        .filter_map(|(t, n)| n.as_ref().map(|n| (t, n)))
        .collect();
        // Every count is checked (E017), whatever else is wrong with the entry.
        let given: Vec<(SeminarType, &Spanned<i64>, u32)> = given
            .into_iter()
            .map(|(t, n)| (t, n, v.count(n, 0, COUNT_MAX, t.id())))
            .collect();
        if given.is_empty() {
            v.c.push(
                "E120",
                c.municipality.span().start,
                format!(
                    "this [[quota_change]] for `{}` gives no new count",
                    c.municipality.get_ref()
                ),
                "give the new yearly count of a seminar type, e.g. senior = 11 (keys: all-ages, senior, women, health)",
            );
            continue;
        }
        let Some(m) = municipality else { continue };
        if !model.seminar_quotas.iter().any(|q| q.municipality == m) {
            v.c.push(
                "E011",
                c.municipality.span().start,
                format!("`{}` has no seminar quota", c.municipality.get_ref()),
                "name a municipality with a [[seminar_quota]]",
            );
            continue;
        }
        for (t, n, count) in given {
            if seen.contains(&(m, t)) {
                v.c.push(
                    "E010",
                    n.span().start,
                    format!(
                        "a second [[quota_change]] of `{}`'s {} seminars; only one can hold",
                        c.municipality.get_ref(),
                        t.id()
                    ),
                    "keep one count per municipality and seminar type in a scenario",
                );
                continue;
            }
            seen.push((m, t));
            if let Some(from) = from {
                changes.push(Change::QuotaChanged {
                    municipality: m,
                    seminar_type: t,
                    count,
                    from,
                    until: None,
                });
            }
        }
    }
}

/// `[[series_change]]` (OUT-1, ONE-1, FAIR-1, RT-1): E011 an unknown series, E021
/// history, E017 a count out of range, E120 neither `count` nor `per_month` (or both),
/// E121 the form that does not fit the series (`count` for a series counted per month,
/// `per_month` for one counted per year), E122 a `per_month` change not from the first
/// day of a month, E010 one series changed twice in the scenario.
pub(super) fn parse_series_changes(
    v: &mut Validator,
    cx: &ScenarioContext,
    raw: &[RawSeriesChange],
    changes: &mut Vec<Change>,
) {
    let model = cx.model;
    let mut seen: Vec<usize> = Vec::new();
    for c in raw {
        let series = model
            .event_series
            .iter()
            .position(|s| &s.id == c.series.get_ref());
        if series.is_none() {
            v.unknown(
                &c.series,
                "event series",
                model.event_series.iter().map(|s| s.id.as_str()),
            );
        }
        let from = from_date(v, cx, c.from.as_ref());
        if let Some(n) = &c.note {
            v.text(n, "series change note", crate::input::ids::TEXT_MAX);
        }
        let count = match (&c.count, &c.per_month) {
            (Some(n), None) => Some((SeriesCount::Year(v.count(n, 0, COUNT_MAX, "count")), n)),
            (None, Some(n)) => Some((SeriesCount::Month(v.count(n, 0, 31, "per_month")), n)),
            _ => {
                v.c.push(
                    "E120",
                    c.series.span().start,
                    format!(
                        "this [[series_change]] of `{}` needs exactly one of count and per_month",
                        c.series.get_ref()
                    ),
                    "give count (events in the year) for a series counted per year, per_month for one counted per month",
                );
                None
            }
        };
        let (Some(si), Some((count, at))) = (series, count) else {
            continue;
        };
        let s = &model.event_series[si];
        match (count, s.per_month.is_some()) {
            (SeriesCount::Year(_), true) => {
                v.c.push(
                    "E121",
                    at.span().start,
                    format!("`{}` is counted per month (per_month = {}), not per year", s.id, s.per_month.unwrap_or(0)),
                    "write per_month = N (events in each month from `from`'s month on) instead of count",
                );
                continue;
            }
            (SeriesCount::Month(_), false) => {
                v.c.push(
                    "E121",
                    at.span().start,
                    format!(
                        "`{}` is counted per year (count = {}), not per month",
                        s.id, s.count
                    ),
                    "write count = N (events in the year) instead of per_month",
                );
                continue;
            }
            _ => {}
        }
        if let (SeriesCount::Month(_), Some(f)) = (count, from) {
            if f.day() != 1 {
                let at = c
                    .from
                    .as_ref()
                    .map_or(c.series.span().start, |x| x.span().start);
                v.c.push(
                    "E122",
                    at,
                    format!("a per_month change applies to whole months, and {f} is not the first day of one"),
                    "give from as the first day of the first month with the new count (as_of is the default)",
                );
                continue;
            }
        }
        if seen.contains(&si) {
            v.c.push(
                "E010",
                c.series.span().start,
                format!(
                    "a second [[series_change]] of `{}`; only one can hold",
                    s.id
                ),
                "keep one [[series_change]] per series in a scenario",
            );
            continue;
        }
        seen.push(si);
        if let Some(from) = from {
            changes.push(Change::SeriesChanged {
                series: si,
                count,
                from,
                until: None,
            });
        }
    }
}

/// Applies a quota change (SEM-1): the count is the year's from `from`; a change cut by
/// a later `[[undo]]` (`until` set) leaves the count as it was and only marks the day
/// the old count is back, so the re-plan restores seminars from then on.
pub(super) fn apply_quota_change(
    m: &mut Model,
    municipality: usize,
    t: SeminarType,
    count: u32,
    from: NaiveDate,
    until: Option<NaiveDate>,
) {
    if let Some(q) = m
        .seminar_quotas
        .iter_mut()
        .find(|q| q.municipality == municipality)
    {
        match until {
            None => {
                q.counts[t.index()] = count;
                q.count_from[t.index()] = Some(from);
            }
            Some(u) => q.count_from[t.index()] = u.succ_opt(),
        }
    }
}

/// Applies a series change: a yearly count as a quota change; a monthly count to each
/// month starting from `from` (to `until`, if a later `[[undo]]` cut the change), the
/// year's `count` then being the months' sum (ONE-1).
pub(super) fn apply_series_change(
    m: &mut Model,
    series: usize,
    count: SeriesCount,
    from: NaiveDate,
    until: Option<NaiveDate>,
) {
    let months = crate::demand::fiscal_months(m);
    let Some(s) = m.event_series.get_mut(series) else {
        return;
    };
    match (count, until) {
        (SeriesCount::Year(n), None) => {
            s.count = n;
            s.count_from = Some(from);
        }
        (SeriesCount::Year(_), Some(u)) => s.count_from = u.succ_opt(),
        (SeriesCount::Month(n), until) => {
            for &(y, mo) in &months {
                let first = NaiveDate::from_ymd_opt(y, mo, 1);
                if first.is_some_and(|d| d >= from && until.is_none_or(|u| d <= u)) {
                    s.month_counts.insert((y, mo), n);
                }
            }
            s.count = months
                .iter()
                .map(|&(y, mo)| s.per_month_in(y, mo).unwrap_or(0))
                .sum();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn tiny() -> Model {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny.toml");
        crate::input::load_model(&path).expect("tiny model")
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    /// A yearly count is the year's new count, marked with its `from`; undone (cut by
    /// a later `[[undo]]`), the old count stays and only the day it is back is marked.
    #[test]
    fn a_yearly_count_changes_from_its_date_and_an_undo_keeps_the_old_count() {
        let text = "name = \"x\"\nas_of = \"2023-08-01\"\n[[series_change]]\nseries = \"outreach\"\nfrom = \"2023-10-01\"\ncount = 3\n[[quota_change]]\nmunicipality = \"alpha\"\nall-ages = 2\n";
        let model = tiny();
        let s = crate::scenario::parse_scenario(Path::new("s.toml"), text, &model)
            .expect("valid scenario");
        let m = crate::scenario::apply(&model, &s);
        assert_eq!(m.event_series[0].count, 3);
        assert_eq!(m.event_series[0].count_from, Some(day(2023, 10, 1)));
        let q = &m.seminar_quotas[0];
        assert_eq!(q.counts[SeminarType::AllAges.index()], 2);
        assert_eq!(
            q.count_from[SeminarType::AllAges.index()],
            Some(day(2023, 8, 1))
        );
        let mut undone = model.clone();
        apply_series_change(
            &mut undone,
            0,
            SeriesCount::Year(3),
            day(2023, 10, 1),
            Some(day(2023, 12, 31)),
        );
        assert_eq!(undone.event_series[0].count, model.event_series[0].count);
        assert_eq!(undone.event_series[0].count_from, Some(day(2024, 1, 1)));
    }

    /// A monthly count (ONE-1) holds for each month from `from`'s to the undo's, the
    /// other months keep `per_month`, and the year's `count` is the months' sum.
    #[test]
    fn a_monthly_count_replaces_per_month_from_its_month() {
        let mut m = tiny();
        m.event_series[0].per_month = Some(2);
        apply_series_change(
            &mut m,
            0,
            SeriesCount::Month(1),
            day(2024, 1, 1),
            Some(day(2024, 2, 29)),
        );
        let s = &m.event_series[0];
        assert_eq!(s.per_month_in(2023, 12), Some(2));
        assert_eq!(s.per_month_in(2024, 1), Some(1));
        assert_eq!(s.per_month_in(2024, 2), Some(1));
        assert_eq!(s.per_month_in(2024, 3), Some(2));
        assert_eq!(s.count, 2 * 10 + 2);
    }
}
