//! Issue 20 part 2: a consultant part too large for one MILP (connected geography,
//! where every consultant reaches dozens of municipalities) is staffed teams first.
//!
//! 1. [`choose_teams`]: a small aggregated MILP chooses each municipality's team
//!    (CON-4): `y[p, m, month]` = consultation days (CON-3) of municipality `m` in that
//!    month given to `p`, at most the days `p` can work there that month (weekdays,
//!    leave, availability: MODEL-AVAIL) and only when `p` is on the team (`z[p, m]`);
//!    each month's days of `m` covered (short only at the violation weight); each
//!    person's monthly and yearly limits (MODEL-LIMIT) and one consultation a day
//!    (CON-6: consultation days overlap) on the sum of their `y`; team minimums; travel
//!    and preference per day; the team weight per member; and the contract floor and
//!    fair band of the fairness term, on consultation days only.
//! 2. The part's staffing MILP is then built as always (every rule row: one place at a
//!    time, limits, fairness, OUT-1), but a municipality's consultation days only take
//!    its chosen members plus, where fewer than the day's count and [`ESCAPES`] of them
//!    can take it, the nearest other candidates (their membership free at its cost), so
//!    no day is left unstaffed when the aggregate misjudged someone's capacity (it sees
//!    months, not weekdays, and not their other work).
//!
//! The restriction is a heuristic: the plan is a plan of the full part (every rule
//! row holds), but the restricted MILP's bound is no bound on the full part, so the
//! part reports no bound of its own (its gap is measured against the whole-year
//! bound only). The team MILP is not a relaxation either (its fairness counts
//! consultation days only), so it reports no bound.

use std::collections::{BTreeMap, BTreeSet};

use chrono::Datelike;
use good_lp::{constraint, Expression};

use super::{candidate, sum, Fixings, Job, Lp, Model, Part, Reach, Run, SolveError, Who};

/// Above this many (consultation day, candidate) pairs a part is staffed teams first.
/// Measured: the shipped year's consultant part has 7,208; two copies of it within
/// reach of each other 27,298 (0.15° apart) and 28,733 (0.6°); the pairs grow about
/// fourfold per doubling of a connected layout. About three times the shipped year's:
/// the shipped year, K = 1 and every separate layout (3°, one copy per part) keep the
/// exact MILP and their outputs.
pub(super) const LARGE_PAIRS: usize = 20_000;

/// Candidates each consultation day keeps beyond its count: the nearest qualified
/// non-members where its chosen team has fewer (their membership free at its cost).
const ESCAPES: usize = 3;

/// A consultation need's municipality, count and candidates with their day's cost.
type NeedCandidates = (usize, u32, Vec<(f64, usize)>);

/// Relative gap at which the team choice stops.
const TEAM_GAP: f64 = 0.02;

/// Share of the part's time the team choice may use.
const TEAM_SHARE: f64 = 0.3;

/// The (team consultation need, candidate) pairs of a part (CON-3, CON-4).
pub(super) fn team_pairs(
    model: &Model,
    jobs: &[Job],
    fix: &Fixings,
    reach: &Reach,
    part: &Part,
) -> usize {
    let mut n = 0;
    for &(ji, ni) in &part.needs {
        let Some(job) = jobs.get(ji) else { continue };
        let Some(need) = job.needs.get(ni) else {
            continue;
        };
        if !matches!(need.who, Who::TeamConsultant(_))
            || fix.frozen_before.is_some_and(|f| job.date < f)
        {
            continue;
        }
        n += part
            .people
            .iter()
            .filter(|&&p| candidate(model, fix, reach, job, need, p))
            .count();
    }
    n
}

/// Each municipality's allowed consultants once its team is chosen: the members the
/// team MILP chose, who staffed it in the frozen past or was on its baseline team (a
/// re-plan), and each day's escapes (the nearest other candidates where fewer than
/// its count and [`ESCAPES`] of these can take it). `None` when HiGHS gave no answer in
/// time for the team choice (the part is then solved whole, as before).
#[allow(clippy::too_many_arguments)]
pub(super) fn choose_teams(
    model: &Model,
    jobs: &[Job],
    run: &Run,
    fix: &Fixings,
    reach: &Reach,
    share: f64,
    part: &Part,
    label: &str,
    file: &str,
) -> Result<Option<BTreeMap<usize, BTreeSet<usize>>>, SolveError> {
    let w = &model.objective;
    let c = &w.contract;
    let frozen = |d| fix.frozen_before.is_some_and(|f| d < f);
    // Per (person, municipality, month): the dates they can staff there, and the
    // travel plus preference of each such day (summed, averaged below).
    let mut dates: BTreeMap<(usize, usize, u32), BTreeSet<chrono::NaiveDate>> = BTreeMap::new();
    let mut price: BTreeMap<(usize, usize), (f64, f64)> = BTreeMap::new();
    // Days to cover per (municipality, month), and who staffed it in the past.
    let mut demand: BTreeMap<(usize, u32), f64> = BTreeMap::new();
    let mut kept: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    // Each person's consultation dates per month (one consultation a day, CON-6).
    let mut any_day: BTreeMap<(usize, u32), BTreeSet<chrono::NaiveDate>> = BTreeMap::new();
    // Each consultation need's municipality, count and candidates by cost (escapes).
    let mut per_need: Vec<NeedCandidates> = Vec::new();
    for &(ji, ni) in &part.needs {
        let Some(job) = jobs.get(ji) else { continue };
        let Some(need) = job.needs.get(ni) else {
            continue;
        };
        let Who::TeamConsultant(m) = need.who else {
            continue;
        };
        if frozen(job.date) {
            for &p in &part.people {
                if fix.baseline.contains(&(job.event.event_id.clone(), p)) {
                    kept.entry(m).or_default().insert(p);
                }
            }
            continue;
        }
        let month = job.date.year() as u32 * 12 + job.date.month0();
        *demand.entry((m, month)).or_default() += f64::from(need.count);
        let mut cands = Vec::new();
        for &p in &part.people {
            if !candidate(model, fix, reach, job, need, p) {
                continue;
            }
            dates.entry((p, m, month)).or_default().insert(job.date);
            any_day.entry((p, month)).or_default().insert(job.date);
            let km = model.distance_km(model.staff[p].home, job.place);
            let prefers = model.staff[p].prefers_on(job.date);
            let pref = if !prefers.is_empty() && !prefers.contains(&m) {
                w.preference
            } else {
                0.0
            };
            let e = price.entry((p, m)).or_default();
            e.0 += 2.0 * km * w.travel_per_km + pref;
            e.1 += 1.0;
            cands.push((2.0 * km * w.travel_per_km + pref, p));
        }
        per_need.push((m, need.count, cands));
    }
    for &(m, p) in &fix.baseline_teams {
        if part.teams.get(&m).is_some_and(|t| t.contains(&p)) {
            kept.entry(m).or_default().insert(p);
        }
    }

    let mut lp = Lp::new();
    let mut z: BTreeMap<(usize, usize), super::Var> = BTreeMap::new();
    for (&m, members) in &part.teams {
        for &p in members {
            let mut cost = w.team_member;
            if fix.change_weight > 0.0 && !fix.baseline_teams.contains(&(m, p)) {
                cost += fix.change_weight;
            }
            let v = lp.binary(cost);
            if kept.get(&m).is_some_and(|k| k.contains(&p)) {
                lp.add(constraint!(v.1 == 1.0));
                lp.hint(v, 1.0);
            }
            z.insert((p, m), v);
        }
    }
    let mut cover: BTreeMap<(usize, u32), Expression> = BTreeMap::new();
    let mut days_of: BTreeMap<usize, Expression> = BTreeMap::new();
    let mut month_of: BTreeMap<(usize, u32), Expression> = BTreeMap::new();
    for (&(p, m, month), ds) in &dates {
        let Some(&zv) = z.get(&(p, m)) else { continue };
        let (total, count) = price.get(&(p, m)).copied().unwrap_or((0.0, 1.0));
        let cap = ds.len() as f64;
        let y = lp.continuous(0.0, cap, total / count.max(1.0));
        lp.add(constraint!(y.1 <= cap * zv.1));
        *cover.entry((m, month)).or_default() += y.1;
        *days_of.entry(p).or_default() += y.1;
        *month_of.entry((p, month)).or_default() += y.1;
    }
    for (&(m, month), &d) in &demand {
        let covered = cover.remove(&(m, month)).unwrap_or_default();
        // The start covers nothing: every day short (a feasible start for HiGHS).
        let slack = lp.slack(0.0, d, w.violation);
        lp.hint(slack, d);
        lp.add(constraint!(covered + slack.1 >= d));
    }
    for ((p, month), e) in month_of {
        let s = &model.staff[p];
        let days = any_day.get(&(p, month)).map_or(0, BTreeSet::len) as f64;
        let limit = any_day
            .get(&(p, month))
            .and_then(|ds| ds.first())
            .map_or(s.max_days_per_month, |&d| s.max_days_in_month_of(d));
        lp.add(constraint!(e <= days.min(f64::from(limit))));
    }
    // Team minimums (CON-4).
    for (&m, members) in &part.teams {
        let min = f64::from(model.municipalities[m].team_min);
        let vs: Vec<super::Var> = members
            .iter()
            .filter_map(|p| z.get(&(*p, m)).copied())
            .collect();
        let have = kept.get(&m).map_or(0, BTreeSet::len) as f64;
        let slack = lp.slack(0.0, min, w.violation);
        lp.hint(slack, (min - have).max(0.0));
        lp.add(constraint!(sum(vs) + slack.1 >= min));
    }
    // Yearly limits and fairness on consultation days: each consultant's fair share
    // of the part's consultation days by contracted days, the band free, the floor
    // priced.
    let contracted = crate::plan::affected::contracted_days_of_all(model);
    let total_cap: f64 = days_of.keys().map(|&p| contracted[p]).sum();
    let total_demand: f64 = demand.values().sum();
    let ratio = if total_cap > 0.0 {
        total_demand / total_cap
    } else {
        0.0
    };
    for (p, e) in days_of {
        let s = &model.staff[p];
        lp.add(constraint!(e.clone() <= f64::from(s.max_days_per_year)));
        let target = contracted[p] * ratio;
        let floor = contracted[p] * (1.0 - c.band) * ratio.min(c.floor);
        if w.fairness > 0.0 {
            let dev = lp.continuous(0.0, f64::INFINITY, w.fairness);
            lp.hint(dev, target * (1.0 - c.band));
            lp.add(constraint!(dev.1 >= e.clone() - target * (1.0 + c.band)));
            lp.add(constraint!(dev.1 >= target * (1.0 - c.band) - e.clone()));
        }
        if c.shortfall > 0.0 {
            let short = lp.continuous(0.0, f64::INFINITY, c.shortfall);
            lp.hint(short, floor.max(0.0));
            lp.add(constraint!(short.1 >= floor - e));
        }
    }
    run.prepare(&mut lp, label, file);
    // The team choice only steers the staffing: it stops at [`TEAM_GAP`] (or the
    // run's gap, if wider), still on its gap (same input, same teams).
    let opts = super::super::SolveOptions {
        gap: run.opts.gap.max(TEAM_GAP),
        ..run.opts.clone()
    };
    let sol = match lp.solve(&opts, run.deadline.remaining() * share * TEAM_SHARE) {
        Ok(sol) => sol,
        Err(SolveError::OutOfTime(_)) => return Ok(None),
        Err(e) => return Err(e),
    };
    let mut allowed: BTreeMap<usize, BTreeSet<usize>> = kept;
    for (&(p, m), &zv) in &z {
        if sol.on(zv) {
            allowed.entry(m).or_default().insert(p);
        }
    }
    // Escapes: every consultation day keeps at least its count plus [`ESCAPES`]
    // candidates, the nearest non-members added where the team has fewer (the team
    // choice sees months, not days: a member may not work that weekday, or be on
    // leave, or be needed elsewhere that day).
    for (m, count, mut cands) in per_need {
        cands.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let chosen = allowed.entry(m).or_default();
        let mut have = cands.iter().filter(|(_, p)| chosen.contains(p)).count();
        for (_, p) in cands {
            if have >= count as usize + ESCAPES {
                break;
            }
            if chosen.insert(p) {
                have += 1;
            }
        }
    }
    Ok(Some(allowed))
}
