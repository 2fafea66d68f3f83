//! Issue 20 part 2: a consultant part too large for one MILP (connected geography,
//! where every consultant reaches dozens of municipalities) is staffed teams first.
//!
//! 1. The part's constructive start is built on the whole part, as for any part
//!    (`warm_start`: the greedy, `lift_far_short`, `improve`). It is the plan
//!    if no time is left, and it stays a plan of every MILP below: its people are
//!    always candidates and it is each MILP's MIP start, so the result costs at most
//!    the start and never leaves a need unstaffed that the start staffed.
//! 2. [`choose_teams`]: a small aggregated MILP chooses each municipality's team
//!    (CON-4): `y[p, m, month]` = consultation days (CON-3) of municipality `m` in that
//!    month given to `p`, at most the days `p` can work there that month (weekdays,
//!    leave, availability: MODEL-AVAIL) and only when `p` is on the team (`z[p, m]`);
//!    each month's days of `m` covered (short only at the violation weight); each
//!    person's monthly and yearly limits (MODEL-LIMIT) and one consultation a day
//!    (CON-6: consultation days overlap) on the sum of their `y`; team minimums; travel
//!    and preference per day; the team weight per member; and the contract floor and
//!    fair band of the fairness term, on consultation days only. The start's teams
//!    and days are its MIP start; out of time, the start's teams are the choice.
//! 3. Each consultation day then takes only ([`Narrowing`]) its chosen team's members,
//!    the start's people on it, and [`escapes`]: the nearest other candidates *free
//!    that day* (available, eligible, and not working elsewhere in the start) until
//!    the free people reach its count plus [`ESCAPES`].
//! 4. Once teams are fixed, people sets separate: the narrowed part is split into
//!    pieces that share no variable and no row ([`split`], as `parts` does), each a
//!    MILP of its own with its share of the time, every rule row in place (one place
//!    at a time, limits, fairness, OUT-1). Each piece keeps the whole part's fairness
//!    ratios ([`Narrowing::demand`]), so every person's target, floor and far line,
//!    and so the objective, are the whole part's.
//!
//! The narrowing is a heuristic: the plan is a plan of the full part (every rule row
//! holds), but a narrowed MILP's bound is no bound on the full part, so the part
//! reports no bound of its own (its gap is measured against the whole-year bound
//! only). The team MILP is not a relaxation either (its fairness counts consultation
//! days only), so it reports no bound.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate};
use good_lp::{constraint, Expression};

use super::decode::decode;
use super::warm_start::warm_start;
use super::{
    candidate, formulate, sum, Components, Ctx, Ended, Fixings, Job, JobNeed, Lp, Model, Part,
    Reach, Run, SolveError, StaffingVars, Stage2, Who, X,
};
use crate::model::Role;
use crate::plan::ObjectiveTerms;

/// Above this many (consultation day, candidate) pairs a fresh solve's part is staffed
/// teams first (`SolveHooks::teams_first` overrides it). Measured: the shipped year's
/// consultant part has 7,208; two copies of it within reach of each other 27,298
/// (0.15° apart) and 28,733 (0.6°); the pairs grow about fourfold per doubling of a
/// connected layout. About three times the shipped year's: the shipped year, K = 1
/// and every separate layout (3°, one copy per part) keep the exact MILP and their
/// outputs.
pub(super) const LARGE_PAIRS: usize = 20_000;

/// Free candidates each consultation day keeps beyond its count: the nearest free
/// non-members where its chosen team and start have fewer (their membership free at
/// its cost).
const ESCAPES: usize = 3;

/// Relative gap at which the team choice stops.
const TEAM_GAP: f64 = 0.02;

/// Share of the part's time the team choice may use.
const TEAM_SHARE: f64 = 0.3;

/// With less than this many seconds for the part, the constructive start is its plan
/// (what its MILP would return out of time), without a team choice.
const LEAST_SECONDS: f64 = 2.0;

/// Who each consultation day of a teams-first part may take, and the whole part's
/// fairness ratios (read by `dated_candidates` and `group_demand` in formulation.rs).
pub(crate) struct Narrowing {
    /// (job, need) of each consultation day (CON-3) → the people it may take.
    allowed: BTreeMap<(usize, usize), BTreeSet<usize>>,
    /// Each role group's days per contracted day in the whole part (`fair_workload`).
    ratios: BTreeMap<Role, f64>,
}

impl Narrowing {
    /// Whether person `p` may staff need `ni` of job `ji` (a consultation day).
    pub(super) fn allows(&self, ji: usize, ni: usize, p: usize) -> bool {
        self.allowed.get(&(ji, ni)).is_some_and(|a| a.contains(&p))
    }

    /// Each role group's demand for `people` such that `fair_workload`'s ratio
    /// (demand over the group's contracted days) is the whole part's: a piece's
    /// targets are the ones the whole part's MILP prices.
    pub(super) fn demand(&self, model: &Model, people: &BTreeSet<usize>) -> BTreeMap<Role, f64> {
        let mut out: BTreeMap<Role, f64> = BTreeMap::new();
        for &p in people {
            let Some(&g) = model.staff[p].roles.first() else {
                continue;
            };
            let cap = crate::plan::affected::contracted_days(model, p);
            if cap > 0.0 {
                *out.entry(g).or_default() += cap * self.ratios.get(&g).copied().unwrap_or(0.0);
            }
        }
        out
    }
}

/// The (consultation day, candidate) pairs of a part (CON-3, CON-4).
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

/// Whether `part` is staffed teams first: a fresh solve's part with teams whose
/// (consultation day, candidate) pairs exceed [`LARGE_PAIRS`] (or the hook's).
/// A re-plan keeps the whole part's MILP (its start is the baseline's).
pub(super) fn applies(
    model: &Model,
    jobs: &[Job],
    run: &Run,
    fix: &Fixings,
    reach: &Reach,
    part: &Part,
) -> bool {
    if part.teams.is_empty() || part.narrowing.is_some() || !fix.is_fresh() {
        return false;
    }
    let pairs = team_pairs(model, jobs, fix, reach, part);
    let large = run.hooks.teams_first.unwrap_or(LARGE_PAIRS);
    if run.opts.verbose && pairs > 0 {
        eprintln!("{pairs} (consultation day, candidate) pairs; teams first above {large}");
    }
    pairs > large
}

/// The whole part's constructive start: who it puts where, its teams, and the whole
/// part's fairness ratios.
struct Start {
    /// (job, need, person) of each assignment.
    on: BTreeSet<(usize, usize, usize)>,
    /// (person, municipality) of each team member (CON-4).
    team: BTreeSet<(usize, usize)>,
    /// (person, date) of each day someone works.
    busy: BTreeSet<(usize, NaiveDate)>,
    /// Each role group's days per contracted day.
    ratios: BTreeMap<Role, f64>,
}

impl Start {
    fn read(
        model: &Model,
        jobs: &[Job],
        v: &StaffingVars,
        on: impl Fn(super::Var) -> bool,
    ) -> Self {
        let mut start = Start {
            on: BTreeSet::new(),
            team: v.teams.members(&on),
            busy: BTreeSet::new(),
            ratios: BTreeMap::new(),
        };
        for x in v.xs.iter().filter(|x| on(x.var)) {
            start.on.insert((x.job, x.need, x.staff));
            if let Some(job) = jobs.get(x.job) {
                start.busy.insert((x.staff, job.date));
            }
        }
        for (shares, ratio) in &v.fair_groups {
            let role = shares
                .first()
                .and_then(|s| model.staff[s.person].roles.first().copied());
            if let Some(g) = role {
                start.ratios.insert(g, *ratio);
            }
        }
        start
    }

    /// The people the start puts on need `ni` of job `ji`.
    fn people_on(&self, ji: usize, ni: usize) -> BTreeSet<usize> {
        self.on
            .range((ji, ni, 0)..=(ji, ni, usize::MAX))
            .map(|&(_, _, p)| p)
            .collect()
    }
}

/// Staffs a large part teams first (see the module's text); returns the result as
/// `staff_part` does, the part named "… (teams first)" without a bound of its own.
#[allow(clippy::too_many_arguments)]
pub(super) fn staff_large(
    model: &Model,
    jobs: &[Job],
    run: &Run,
    fix: &Fixings,
    reach: &Reach,
    share: f64,
    part: &Part,
    [name, label, file]: [&str; 3],
) -> Result<(Stage2, usize, usize), SolveError> {
    let cx = Ctx {
        model,
        jobs,
        fix,
        reach,
        part,
        relax: false,
        tight: false,
        narrow: false,
    };
    let mut lp = Lp::new();
    let v = formulate(&mut lp, &cx);
    warm_start(&mut lp, model, jobs, &v.xs, &v.start(false));
    // A limit below HiGHS's least returns the MIP start itself, priced (`Lp::solve`):
    // the constructive start of the whole part.
    let sol = lp.solve(run.opts, 0.0)?;
    let start = Start::read(model, jobs, &v, |var| sol.on(var));
    if run.opts.verbose {
        eprintln!(
            "{label}: constructive start {:.1} (penalties {:.1}), {} people, {} needs",
            sol.real,
            sol.penalties,
            part.people.len(),
            part.needs.len()
        );
    }
    if run.deadline.remaining() * share < LEAST_SECONDS {
        // No time for teams first: the start is the plan, as the part's own MILP
        // would have returned it.
        let plan = decode(&cx, &v, |var| sol.get(var));
        let ended = Ended::priced(
            name.to_string(),
            &sol,
            plan.decided,
            plan.objective.violations,
            v.history.travel + v.history.preference,
        );
        return Ok((
            Stage2 {
                assignments: plan.assignments,
                teams: plan.teams,
                violations: plan.violations,
                objective: plan.objective,
                prefs: crate::milp::DatePrefs::default(),
                ended: vec![ended],
            },
            plan.kept,
            plan.added,
        ));
    }
    drop(v);
    let chosen = choose_teams(
        model,
        jobs,
        run,
        fix,
        reach,
        share,
        part,
        &start,
        &format!("{label}: teams"),
        &format!("{file}-teams"),
    )?;
    let (allowed, teams) = narrow(model, jobs, fix, reach, part, &start, &chosen);
    let narrowing = Arc::new(Narrowing {
        allowed,
        ratios: start.ratios.clone(),
    });
    let pieces = split(model, jobs, fix, reach, part, teams, &narrowing);
    if run.opts.verbose {
        let sizes: Vec<String> = pieces
            .iter()
            .map(|p| format!("{}x{}", p.needs.len(), p.people.len()))
            .collect();
        eprintln!(
            "{label}: teams first in {} pieces ({})",
            pieces.len(),
            sizes.join(", ")
        );
    }
    solve_pieces(
        model,
        jobs,
        run,
        fix,
        reach,
        share,
        &pieces,
        &start,
        [name, label, file],
    )
}

/// Solves the narrowed pieces one after another, each with its share (by size) of the
/// part's time, each from the start's assignments as its MIP start; returns them as
/// one part.
#[allow(clippy::too_many_arguments)]
fn solve_pieces(
    model: &Model,
    jobs: &[Job],
    run: &Run,
    fix: &Fixings,
    reach: &Reach,
    share: f64,
    pieces: &[Part],
    start: &Start,
    [name, label, file]: [&str; 3],
) -> Result<(Stage2, usize, usize), SolveError> {
    let budget = (run.deadline.remaining() * share).max(0.0);
    let end = Instant::now() + Duration::from_secs_f64(budget);
    let mut size_left: usize = pieces.iter().map(Part::size).sum();
    let mut out = Stage2 {
        assignments: Vec::new(),
        teams: Vec::new(),
        violations: Vec::new(),
        objective: ObjectiveTerms::default(),
        prefs: crate::milp::DatePrefs::default(),
        ended: Vec::new(),
    };
    let (mut kept, mut added) = (0, 0);
    let (mut real, mut timed_out, mut all_start) = (0.0, false, true);
    let count = pieces.len();
    for (i, piece) in pieces.iter().enumerate() {
        let cx = Ctx {
            model,
            jobs,
            fix,
            reach,
            part: piece,
            relax: false,
            tight: false,
            narrow: true,
        };
        let mut lp = Lp::new();
        let v = formulate(&mut lp, &cx);
        // The start's own assignments only: the greedy then rebuilds exactly the
        // start on this piece (each need's one choice fits, as it did), so HiGHS
        // starts from it.
        let xs: Vec<X> =
            v.xs.iter()
                .filter(|x| start.on.contains(&(x.job, x.need, x.staff)))
                .map(|x| X {
                    job: x.job,
                    need: x.need,
                    staff: x.staff,
                    var: x.var,
                    travel: x.travel,
                    preference: x.preference,
                    cost: x.cost,
                })
                .collect();
        warm_start(&mut lp, model, jobs, &xs, &v.start(false));
        let left = end.saturating_duration_since(Instant::now()).as_secs_f64();
        let size = piece.size();
        let time = if size_left == 0 {
            left
        } else {
            left * (size as f64 / size_left as f64).min(1.0)
        };
        size_left = size_left.saturating_sub(size);
        run.prepare(
            &mut lp,
            &format!("{label} (teams first {} of {count})", i + 1),
            &format!("{file}-teams-first{}", i + 1),
        );
        let sol = lp.solve(run.opts, time)?;
        let plan = decode(&cx, &v, |var| sol.get(var));
        let ended = Ended::priced(
            name.to_string(),
            &sol,
            plan.decided,
            plan.objective.violations,
            v.history.travel + v.history.preference,
        );
        real += ended.real;
        timed_out |= matches!(ended.report.status, crate::plan::SolveStatus::TimeLimit);
        all_start &= ended.report.from_start;
        kept += plan.kept;
        added += plan.added;
        out.assignments.extend(plan.assignments);
        out.teams.extend(plan.teams);
        out.violations.extend(plan.violations);
        out.objective.add_part(&plan.objective);
    }
    // The narrowed MILPs' bounds are no bound on the part: the part reports none.
    out.ended.push(Ended {
        report: crate::plan::PartReport {
            name: format!("{name} (teams first)"),
            status: if timed_out {
                crate::plan::SolveStatus::TimeLimit
            } else {
                crate::plan::SolveStatus::GapLimit
            },
            gap: None,
            from_start: all_start,
        },
        real,
        bound: None,
    });
    Ok((out, kept, added))
}

/// A consultation need's municipality, count and candidates with their day's cost.
type NeedCandidates = ((usize, usize), usize, u32, Vec<(f64, usize)>);

/// The team MILP (see the module's text): each municipality's chosen members.
/// Out of time without an answer, the start's teams.
#[allow(clippy::too_many_arguments)]
fn choose_teams(
    model: &Model,
    jobs: &[Job],
    run: &Run,
    fix: &Fixings,
    reach: &Reach,
    share: f64,
    part: &Part,
    start: &Start,
    label: &str,
    file: &str,
) -> Result<BTreeMap<usize, BTreeSet<usize>>, SolveError> {
    let w = &model.objective;
    let c = &w.contract;
    let month_of = |d: NaiveDate| d.year() as u32 * 12 + d.month0();
    // Per (person, municipality, month): the dates they can staff there, and the
    // travel plus preference of each such day (summed, averaged below).
    let mut dates: BTreeMap<(usize, usize, u32), BTreeSet<NaiveDate>> = BTreeMap::new();
    let mut price: BTreeMap<(usize, usize), (f64, f64)> = BTreeMap::new();
    // Days to cover per (municipality, month).
    let mut demand: BTreeMap<(usize, u32), f64> = BTreeMap::new();
    // Each person's consultation dates per month (one consultation a day, CON-6).
    let mut any_day: BTreeMap<(usize, u32), BTreeSet<NaiveDate>> = BTreeMap::new();
    // The start's days per (person, municipality, month): the MIP start's y.
    let mut start_days: BTreeMap<(usize, usize, u32), f64> = BTreeMap::new();
    for &(ji, ni) in &part.needs {
        let Some(job) = jobs.get(ji) else { continue };
        let Some(need) = job.needs.get(ni) else {
            continue;
        };
        let Who::TeamConsultant(m) = need.who else {
            continue;
        };
        let month = month_of(job.date);
        *demand.entry((m, month)).or_default() += f64::from(need.count);
        for p in start.people_on(ji, ni) {
            *start_days.entry((p, m, month)).or_default() += 1.0;
        }
        for (cost, p) in day_candidates(model, fix, reach, part, job, need, m) {
            dates.entry((p, m, month)).or_default().insert(job.date);
            any_day.entry((p, month)).or_default().insert(job.date);
            let e = price.entry((p, m)).or_default();
            e.0 += cost;
            e.1 += 1.0;
        }
    }
    let start_teams = || {
        let mut t: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
        for &(p, m) in &start.team {
            t.entry(m).or_default().insert(p);
        }
        t
    };

    let mut lp = Lp::new();
    let mut z: BTreeMap<(usize, usize), super::Var> = BTreeMap::new();
    for (&m, members) in &part.teams {
        for &p in members {
            let v = lp.binary(w.team_member);
            lp.hint(
                v,
                if start.team.contains(&(p, m)) {
                    1.0
                } else {
                    0.0
                },
            );
            z.insert((p, m), v);
        }
    }
    let mut cover: BTreeMap<(usize, u32), Expression> = BTreeMap::new();
    let mut covered: BTreeMap<(usize, u32), f64> = BTreeMap::new();
    let mut days_of: BTreeMap<usize, (Expression, f64)> = BTreeMap::new();
    let mut in_month: BTreeMap<(usize, u32), Expression> = BTreeMap::new();
    for (&(p, m, month), ds) in &dates {
        let Some(&zv) = z.get(&(p, m)) else { continue };
        let (total, count) = price.get(&(p, m)).copied().unwrap_or((0.0, 1.0));
        let cap = ds.len() as f64;
        let y = lp.continuous(0.0, cap, total / count.max(1.0));
        let had = start_days
            .get(&(p, m, month))
            .copied()
            .unwrap_or(0.0)
            .min(cap);
        lp.hint(y, had);
        lp.add(constraint!(y.1 <= cap * zv.1));
        *cover.entry((m, month)).or_default() += y.1;
        *covered.entry((m, month)).or_default() += had;
        let d = days_of.entry(p).or_default();
        d.0 += y.1;
        d.1 += had;
        *in_month.entry((p, month)).or_default() += y.1;
    }
    for (&(m, month), &d) in &demand {
        let cov = cover.remove(&(m, month)).unwrap_or_default();
        let slack = lp.slack(0.0, d, w.violation);
        let had = covered.get(&(m, month)).copied().unwrap_or(0.0);
        lp.hint(slack, (d - had).max(0.0));
        lp.add(constraint!(cov + slack.1 >= d));
    }
    for ((p, month), e) in in_month {
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
        let have = members
            .iter()
            .filter(|&&p| start.team.contains(&(p, m)))
            .count() as f64;
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
    for (p, (e, had)) in days_of {
        let s = &model.staff[p];
        lp.add(constraint!(e.clone() <= f64::from(s.max_days_per_year)));
        let target = contracted[p] * ratio;
        let floor = contracted[p] * (1.0 - c.band) * ratio.min(c.floor);
        if w.fairness > 0.0 {
            let dev = lp.continuous(0.0, f64::INFINITY, w.fairness);
            let least = (had - target * (1.0 + c.band))
                .max(target * (1.0 - c.band) - had)
                .max(0.0);
            lp.hint(dev, least);
            lp.add(constraint!(dev.1 >= e.clone() - target * (1.0 + c.band)));
            lp.add(constraint!(dev.1 >= target * (1.0 - c.band) - e.clone()));
        }
        if c.shortfall > 0.0 {
            let short = lp.continuous(0.0, f64::INFINITY, c.shortfall);
            lp.hint(short, (floor - had).max(0.0));
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
        Err(SolveError::OutOfTime(_)) => return Ok(start_teams()),
        Err(e) => return Err(e),
    };
    let mut chosen: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for (&(p, m), &zv) in &z {
        if sol.on(zv) {
            chosen.entry(m).or_default().insert(p);
        }
    }
    Ok(chosen)
}

/// The candidates of one consultation day (CON-3) of municipality `m` with their
/// day's travel and preference, cheapest first (ties by person).
fn day_candidates(
    model: &Model,
    fix: &Fixings,
    reach: &Reach,
    part: &Part,
    job: &Job,
    need: &JobNeed,
    m: usize,
) -> Vec<(f64, usize)> {
    let w = &model.objective;
    let mut out: Vec<(f64, usize)> = part
        .people
        .iter()
        .copied()
        .filter(|&p| candidate(model, fix, reach, job, need, p))
        .map(|p| {
            let km = model.distance_km(model.staff[p].home, job.place);
            let prefers = model.staff[p].prefers_on(job.date);
            let pref = if !prefers.is_empty() && !prefers.contains(&m) {
                w.preference
            } else {
                0.0
            };
            (2.0 * km * w.travel_per_km + pref, p)
        })
        .collect();
    out.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    out
}

/// One consultation day's escapes: the cheapest candidates (available and eligible
/// that day: `candidate`, MODEL-AVAIL, CON-5) outside `keep` who are free that day
/// (not in `busy`: working elsewhere in the start), until the free people of `keep`
/// and the escapes reach `count` plus [`ESCAPES`].
fn escapes(
    cands: &[(f64, usize)],
    keep: &BTreeSet<usize>,
    busy: impl Fn(usize) -> bool,
    count: u32,
) -> BTreeSet<usize> {
    let want = count as usize + ESCAPES;
    let mut have = cands
        .iter()
        .filter(|&&(_, p)| keep.contains(&p) && !busy(p))
        .count();
    let mut out = BTreeSet::new();
    for &(_, p) in cands {
        if have >= want {
            break;
        }
        if !keep.contains(&p) && !busy(p) {
            out.insert(p);
            have += 1;
        }
    }
    out
}

/// Each consultation day's allowed people (its chosen members among its candidates,
/// the start's people on it, its [`escapes`]) and each team's narrowed candidates
/// (CON-4: the chosen members, the start's members, and everyone a day of it allows).
#[allow(clippy::type_complexity)]
fn narrow(
    model: &Model,
    jobs: &[Job],
    fix: &Fixings,
    reach: &Reach,
    part: &Part,
    start: &Start,
    chosen: &BTreeMap<usize, BTreeSet<usize>>,
) -> (
    BTreeMap<(usize, usize), BTreeSet<usize>>,
    BTreeMap<usize, Vec<usize>>,
) {
    let mut allowed: BTreeMap<(usize, usize), BTreeSet<usize>> = BTreeMap::new();
    let mut team_people: BTreeMap<usize, BTreeSet<usize>> = chosen.clone();
    for &(p, m) in &start.team {
        team_people.entry(m).or_default().insert(p);
    }
    let mut per_need: Vec<NeedCandidates> = Vec::new();
    for &(ji, ni) in &part.needs {
        let Some(job) = jobs.get(ji) else { continue };
        let Some(need) = job.needs.get(ni) else {
            continue;
        };
        let Who::TeamConsultant(m) = need.who else {
            continue;
        };
        let cands = day_candidates(model, fix, reach, part, job, need, m);
        per_need.push(((ji, ni), m, need.count, cands));
    }
    for ((ji, ni), m, count, cands) in per_need {
        let Some(job) = jobs.get(ji) else { continue };
        let own = start.people_on(ji, ni);
        let members = chosen.get(&m);
        let mut keep: BTreeSet<usize> = cands
            .iter()
            .map(|&(_, p)| p)
            .filter(|p| members.is_some_and(|t| t.contains(p)))
            .collect();
        keep.extend(own.iter().copied());
        let busy = |p: usize| !own.contains(&p) && start.busy.contains(&(p, job.date));
        keep.extend(escapes(&cands, &keep, busy, count));
        team_people
            .entry(m)
            .or_default()
            .extend(keep.iter().copied());
        allowed.insert((ji, ni), keep);
    }
    let teams = part
        .teams
        .iter()
        .map(|(&m, people)| {
            let keep = |p: &&usize| team_people.get(&m).is_some_and(|a| a.contains(p));
            (m, people.iter().filter(keep).copied().collect())
        })
        .collect();
    (allowed, teams)
}

/// Splits the narrowed part into pieces that share no variable and no row: two
/// people are in one piece when they may fill one need (a consultation day: as
/// narrowed), join one narrowed team (CON-4), or fill the needs of one outreach
/// seminar (OUT-1's row holds the lecturer's and the consultants' variables). Every
/// person of the part is in one piece (fairness scores them all); needs and teams
/// nobody may take go with the largest piece.
fn split(
    model: &Model,
    jobs: &[Job],
    fix: &Fixings,
    reach: &Reach,
    part: &Part,
    teams: BTreeMap<usize, Vec<usize>>,
    narrowing: &Arc<Narrowing>,
) -> Vec<Part> {
    let mut components = Components::new(model.staff.len());
    let mut need_people: Vec<((usize, usize), Vec<usize>)> = Vec::new();
    let mut by_job: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut outreach: BTreeSet<usize> = BTreeSet::new();
    for &(ji, ni) in &part.needs {
        let Some(job) = jobs.get(ji) else { continue };
        let Some(need) = job.needs.get(ni) else {
            continue;
        };
        let people: Vec<usize> = match need.who {
            Who::TeamConsultant(_) => narrowing
                .allowed
                .get(&(ji, ni))
                .map(|a| {
                    a.iter()
                        .copied()
                        .filter(|p| part.people.contains(p))
                        .collect()
                })
                .unwrap_or_default(),
            _ => part
                .people
                .iter()
                .copied()
                .filter(|&p| candidate(model, fix, reach, job, need, p))
                .collect(),
        };
        if matches!(need.who, Who::OutreachConsultant { .. }) {
            outreach.insert(ji);
        }
        components.join(&people);
        by_job.entry(ji).or_default().extend(people.iter().copied());
        need_people.push(((ji, ni), people));
    }
    for ji in outreach {
        if let Some(people) = by_job.get(&ji) {
            components.join(people);
        }
    }
    for people in teams.values() {
        components.join(people);
    }
    let piece = || Part {
        people: BTreeSet::new(),
        needs: BTreeSet::new(),
        teams: BTreeMap::new(),
        narrowing: Some(narrowing.clone()),
    };
    let mut by_root: BTreeMap<usize, Part> = BTreeMap::new();
    for &p in &part.people {
        let r = components.find(p);
        by_root.entry(r).or_insert_with(piece).people.insert(p);
    }
    let mut homeless = piece();
    for (key, people) in need_people {
        match people
            .first()
            .and_then(|&p| by_root.get_mut(&components.find(p)))
        {
            Some(piece) => {
                piece.needs.insert(key);
            }
            None => {
                homeless.needs.insert(key);
            }
        }
    }
    for (m, people) in teams {
        match people.first().copied() {
            Some(p) => {
                if let Some(piece) = by_root.get_mut(&components.find(p)) {
                    piece.teams.insert(m, people);
                }
            }
            None => {
                homeless.teams.insert(m, people);
            }
        }
    }
    let (mut pieces, idle): (Vec<Part>, Vec<Part>) = by_root
        .into_values()
        .partition(|p| !p.needs.is_empty() || !p.teams.is_empty());
    // People with nothing to take still have their fairness terms (constants).
    for p in idle {
        homeless.people.extend(p.people);
    }
    pieces.sort_by_key(|p| (p.size(), p.people.first().copied()));
    match pieces.last_mut() {
        Some(last) => {
            last.people.extend(homeless.people);
            last.needs.extend(homeless.needs);
            last.teams.extend(homeless.teams);
        }
        None => pieces.push(homeless),
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::tests::{alpha_day, staff, tiny};

    /// A consultation day of alpha (municipality 0) on `date` needing one team
    /// consultant (CON-3).
    fn day(model: &Model, date: &str) -> Job {
        alpha_day(model, &format!("alpha-{date}"), date)
    }

    /// Escapes are people free that day: c2 is on leave on 2023-08-16 (MODEL-AVAIL)
    /// and is never one; on 2023-08-23 c1 works elsewhere in the start and is
    /// passed over for c2, who is free.
    #[test]
    fn escapes_skip_people_unavailable_or_busy_that_day() {
        let model = tiny();
        let (c1, c2) = (staff(&model, "c1"), staff(&model, "c2"));
        let (fix, reach) = (Fixings::default(), Reach::of(&model));
        let part = Part {
            people: (0..model.staff.len()).collect(),
            needs: [(0, 0)].into(),
            teams: BTreeMap::from([(0, vec![c1, c2])]),
            narrowing: None,
        };
        let on_leave = day(&model, "2023-08-16");
        let cands = day_candidates(
            &model,
            &fix,
            &reach,
            &part,
            &on_leave,
            &on_leave.needs[0],
            0,
        );
        assert!(cands.iter().any(|&(_, p)| p == c1), "{cands:?}");
        let out = escapes(&cands, &BTreeSet::new(), |_| false, 1);
        assert!(out.contains(&c1), "{out:?}");
        assert!(!out.contains(&c2), "c2 is on leave that day: {out:?}");

        let normal = day(&model, "2023-08-23");
        let cands = day_candidates(&model, &fix, &reach, &part, &normal, &normal.needs[0], 0);
        assert!(cands.iter().any(|&(_, p)| p == c2), "{cands:?}");
        let busy = |p: usize| p == c1;
        let out = escapes(&cands, &BTreeSet::new(), busy, 1);
        assert!(!out.contains(&c1), "c1 works elsewhere that day: {out:?}");
        assert!(out.contains(&c2), "{out:?}");
        // A free member already kept counts towards the day's count.
        let kept: BTreeSet<usize> = [c2].into();
        let out = escapes(&cands, &kept, busy, 1);
        assert!(!out.contains(&c2) && !out.contains(&c1), "{out:?}");
    }

    /// On a small part forced onto the teams-first path: every consultation day is
    /// staffed (no violation), the part is reported "(teams first)" without a bound,
    /// and its objective is at most the whole part's constructive start's.
    #[test]
    fn teams_first_costs_no_more_than_the_constructive_start() {
        let model = tiny();
        let days = [
            "2023-08-01",
            "2023-08-02",
            "2023-08-03",
            "2023-08-08",
            "2023-08-09",
            "2023-08-16",
            "2023-08-17",
            "2023-08-22",
            "2023-08-23",
            "2023-08-24",
        ];
        let jobs: Vec<Job> = days.iter().map(|d| day(&model, d)).collect();
        let (fix, reach) = (Fixings::default(), Reach::of(&model));
        let parts = super::super::parts(&model, &jobs, &fix, &reach);
        let part = parts
            .iter()
            .find(|p| !p.teams.is_empty())
            .expect("a part with teams");
        let opts = crate::milp::SolveOptions::default();
        let hooks = crate::milp::SolveHooks {
            teams_first: Some(0),
            ..Default::default()
        };
        let run = Run {
            opts: &opts,
            deadline: crate::milp::lp::Deadline::after(60.0),
            hooks: &hooks,
        };
        assert!(applies(&model, &jobs, &run, &fix, &reach, part));
        // The whole part's constructive start, priced.
        let cx = Ctx {
            model: &model,
            jobs: &jobs,
            fix: &fix,
            reach: &reach,
            part,
            relax: false,
            tight: false,
            narrow: false,
        };
        let mut lp = Lp::new();
        let v = formulate(&mut lp, &cx);
        warm_start(&mut lp, &model, &jobs, &v.xs, &v.start(false));
        let start = lp.solve(&opts, 0.0).expect("the start");
        let start_cost = start.real + start.penalties;
        let (out, _, _) = staff_large(
            &model,
            &jobs,
            &run,
            &fix,
            &reach,
            1.0,
            part,
            ["stage 2: test", "stage 2: test", "test"],
        )
        .expect("a plan");
        assert!(out.violations.is_empty(), "{:?}", out.violations);
        let staffed: BTreeSet<&str> = out
            .assignments
            .iter()
            .map(|a| a.event_id.as_str())
            .collect();
        assert_eq!(staffed.len(), days.len(), "{:?}", out.assignments);
        let o = &out.objective;
        let cost = o.travel + o.continuity + o.fairness + o.preference + o.violations;
        assert!(
            cost <= start_cost + 1e-6 * start_cost.abs().max(1.0),
            "teams first {cost} above the start {start_cost}"
        );
        let [ended] = out.ended.as_slice() else {
            panic!("one part report: {}", out.ended.len())
        };
        assert!(ended.report.name.ends_with("(teams first)"));
        assert!(ended.bound.is_none() && ended.report.gap.is_none());
    }
}
