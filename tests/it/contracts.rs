//! Contracts honoured (issue 16): a new hire gets work from their start, people on the
//! same contract and role get similar days, and every summary shows who is more than
//! 20 % under or over contract. Figures are read from the output files; every plan
//! goes through the independent check.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use super::solve::saitama_plan;
use super::support::*;

/// Each person's distinct working dates in a plan folder's assignments.csv.
fn dates_of(plan: &Path) -> BTreeMap<String, BTreeSet<NaiveDate>> {
    let mut r = csv::Reader::from_path(plan.join("assignments.csv")).expect("assignments.csv");
    let headers = r.headers().expect("header").clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == name)
            .expect("column")
    };
    let (date, staff) = (col("date"), col("staff_id"));
    let mut out: BTreeMap<String, BTreeSet<NaiveDate>> = BTreeMap::new();
    for row in r.records() {
        let row = row.expect("row");
        let d = NaiveDate::parse_from_str(&row[date], "%Y-%m-%d").expect("date");
        out.entry(row[staff].to_string()).or_default().insert(d);
    }
    out
}

fn scenario() -> PathBuf {
    root().join("scenarios/new-consultant-two-days.toml")
}

/// Contracted days counted with plain loops: the open days (no national holiday, no
/// closure) on the person's weekdays from their start, times days per week over
/// weekdays per week. The library's figure must agree.
fn contracted_from(model: &roster::model::Model, id: &str, from: NaiveDate) -> f64 {
    let p = model.staff_index(id).expect("staff");
    let s = &model.staff[p];
    let mut open = 0usize;
    let mut d = from;
    while d <= model.period.to {
        if s.weekdays.contains(&d.weekday())
            && !s.on_leave(d)
            && !roster::calendar::holidays::is_holiday(d)
            && !model.closures.is_closed(d)
        {
            open += 1;
        }
        d = d.succ_opt().expect("date");
    }
    let ours = s.contract_days_per_week * open as f64 / s.weekdays.len() as f64;
    let lib = roster::plan::affected::contracted_days(model, p);
    assert!((ours - lib).abs() < 1e-9, "{id}: {ours} vs {lib}");
    ours
}

/// Issue 16: a consultant added from 2023-10-01 on a two-day contract used to get no
/// day at all. A re-plan brings someone the baseline did not employ up to
/// `contract_floor` (80 %) of their contracted days from their start, where work exists
/// that keeps everyone else at their own floor (docs/model.md `[objective]`); the
/// re-plan passes the independent check and the summary shows her figures.
#[test]
fn new_consultant_on_two_days_gets_eighty_percent_of_her_contract_from_october() {
    let base = saitama_plan();
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("replan");
    let o = roster_p(&[
        &"replan",
        &saitama(),
        &"--baseline",
        &base,
        &"--scenario",
        &scenario(),
        &"--out",
        &out,
        &"--time-limit",
        &"900",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert_checks_clean(&saitama(), &out);
    let summary = stdout(&o);
    assert!(summary.contains("契約日数に対する勤務"), "{summary}");
    assert!(summary.contains("c18 小川 美穂: 勤務日 0→"), "{summary}");

    let model = roster::input::load_model(&saitama()).expect("model");
    let sc = roster::scenario::load_scenario(&scenario(), &model).expect("scenario");
    let model = roster::scenario::apply(&model, &sc);
    let october = NaiveDate::from_ymd_opt(2023, 10, 1).expect("date");
    let contracted = contracted_from(&model, "c18", october);
    let days = dates_of(&out).remove("c18").unwrap_or_default();
    assert!(days.iter().all(|d| *d >= october), "{days:?}");
    assert!(
        days.len() as f64 >= 0.8 * contracted,
        "c18 works {} of {contracted:.1} contracted days\n{summary}",
        days.len()
    );
    // Nothing before October changed for anyone.
    let before = |plan: &Path| -> BTreeMap<String, BTreeSet<NaiveDate>> {
        dates_of(plan)
            .into_iter()
            .map(|(k, v)| (k, v.into_iter().filter(|d| *d < october).collect()))
            .filter(|(_, v): &(String, BTreeSet<NaiveDate>)| !v.is_empty())
            .collect()
    };
    assert_eq!(before(base), before(&out));
}

/// A person's own `contract_floor` (a staff key) is a share of their contracted days:
/// outside 0..1 it is refused at its line, nothing written.
#[test]
fn a_persons_contract_floor_above_one_is_refused_at_its_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = std::fs::read_to_string(saitama()).expect("model");
    let text = text.replacen(
        "max_days_per_year = 240\n",
        "max_days_per_year = 240\ncontract_floor = 1.5\n",
        1,
    );
    let model = dir.path().join("m.toml");
    std::fs::write(&model, &text).expect("write");
    let out = dir.path().join("out");
    let o = roster_p(&[&"solve", &model, &"--out", &out]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let line = text
        .lines()
        .position(|l| l.starts_with("contract_floor = 1.5"))
        .expect("line")
        + 1;
    let err = stderr(&o);
    assert!(err.contains("contract_floor"), "{err}");
    assert!(err.contains(&format!("m.toml:{line}:")), "{err}");
    assert!(!out.exists());
}

/// Issue 16: reception staff on the same 5-day contract got 173 to 238 days in the
/// shipped year (0.73 to 1.00 days per contracted day, a spread of 0.27). With the
/// fair band at 5 % the spread is at most 0.10 and nobody is below 75 %.
#[test]
fn reception_on_one_contract_gets_similar_days() {
    let plan = saitama_plan();
    assert_checks_clean(&saitama(), plan);
    let model = roster::input::load_model(&saitama()).expect("model");
    let days = dates_of(plan);
    let mut shares = Vec::new();
    for s in model
        .staff
        .iter()
        .filter(|s| s.roles.first().map(|r| r.id()) == Some("reception"))
    {
        let n = days.get(&s.id).map_or(0, BTreeSet::len) as f64;
        let c = contracted_from(&model, &s.id, model.period.from);
        shares.push((s.id.clone(), n, n / c));
    }
    assert_eq!(shares.len(), 8);
    let lo = shares.iter().map(|s| s.2).fold(f64::INFINITY, f64::min);
    let hi = shares.iter().map(|s| s.2).fold(0.0, f64::max);
    assert!(lo >= 0.75, "{shares:?}");
    assert!(hi - lo <= 0.10, "spread {:.3}: {shares:?}", hi - lo);
}
