//! Issue 20 part 2: a large-neighbourhood search (fix and optimise) on a teams-first
//! part (teams_first.rs), from the whole part's constructive start.
//!
//! The part's full MILP is too large for HiGHS to leave its start in the time a run
//! gives it. Each step here frees a *neighbourhood* and fixes the rest at the
//! incumbent:
//! - *people*: a seed person and the people living nearest them until the freed
//!   (day, candidate) pairs reach [`TARGET_PAIRS`]. Every consultation day (CON-3) one
//!   of them works in the incumbent is freed, and may take any of them who is its
//!   candidate (`candidate`: available, eligible, in reach; MODEL-AVAIL, CON-5). They
//!   trade days among themselves across the whole year: the fairness term and team
//!   memberships (CON-4) are per person and year, and in a connected layout a
//!   person's days are spread over many municipalities;
//! - *places*: a seed municipality and its nearest municipalities until their
//!   consultation days' pairs reach [`TARGET_PAIRS`]. Team membership (CON-4) is per
//!   municipality for the whole year, so it takes whole municipalities (all their
//!   days of the year), each day with every candidate;
//! - *the relaxation's teams* (first, once, when the part has them): every
//!   consultation day may take its incumbent people and the members of its
//!   municipality's team that the month-pooled aggregated relaxation's LP optimum uses
//!   (`bound::team_support`); the other needs stay at the incumbent. The constructive
//!   start's greedy teams are where a connected layout's plan loses most (8 dense
//!   copies: 231 members against the relaxation's 142), and no neighbourhood of a few
//!   people or municipalities can trade many teams at once. It gets [`TEAMS_SHARE`] of
//!   the search's time (8 dense copies under `--time-limit 120`: 152,739.0 to
//!   141,205.3 in 40 s; the part ended at 136,388.8 against 148,110.0 without it);
//! - outside it, each consultation day takes exactly the incumbent's people on it
//!   (a [`Narrowing`]), fixed there by a row;
//! - in the people and places shapes the part's other needs (lecturers, outreach)
//!   stay free; in every shape every rule row (one place at a time CON-6, limits
//!   MODEL-LIMIT, team minimums CON-4, OUT-1, fairness on the whole part's ratios)
//!   stays in the formulation.
//!
//! So each step's MILP is the full part's MILP with extra restrictions, and the
//! incumbent is its MIP start: HiGHS never returns a dearer plan, and a step's plan
//! is a plan of the full part. A step is accepted only when it is strictly cheaper.
//! The two shapes take turns, people first (seeds in person order, then municipality
//! order), cyclically; one that frees the same people or municipalities as a step
//! solved since the incumbent last changed is skipped (it would end where that did,
//! unless the clock stopped that one). When a full cycle improves nothing, the
//! incumbent is a local optimum for that size: the neighbourhoods grow to [`GROWTH`]
//! times as many pairs and a new cycle begins. The search stops when the part's share
//! of time is spent, or when a full cycle improves nothing and larger neighbourhoods
//! would free more than half the part (nearly its own MILP, too large to solve here).
//!
//! The steps bound nothing: the part reports no bound of its own (its gap is
//! measured against the whole-year bound only).

use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

use good_lp::constraint;

use super::decode::{decode, Decoded};
use super::warm_start::warm_start;
use super::{
    candidate, formulate, Ctx, Fixings, Job, Lp, Model, Part, Reach, Run, SolveError, Who, X,
};
use crate::model::{Place, Role};

/// A neighbourhood's size: its consultation days' (day, candidate) pairs. The
/// shipped year's consultant part, which HiGHS solves to its gap in seconds, has
/// 7,208. Measured on 8 dense copies of the shipped year (`--time-limit 120`, load
/// 4-6 on 2 cores, one run each): the consultant part ended at 158,383.6 and
/// 158,428.9 with 1,200 (38 and 35 steps, steps of 10 % and 5 % of the time left)
/// against 160,647.8 with 2,500, 159,918.4 with 5,000, 160,054.9 with 600 and
/// 160,005.3 with 300: smaller steps end inside their limit more often, too small
/// ones free too little to improve.
pub(super) const TARGET_PAIRS: usize = 1_200;

/// How much larger the neighbourhoods grow when a whole cycle improves nothing.
const GROWTH: usize = 2;

/// Each step's share of the search's time left (at least [`LEAST_STEP`] seconds).
/// No fixed cap: with time to spare a step ends on its gap, not on the clock, so
/// the search is deterministic then (same input, same plan).
const STEP_SHARE: f64 = 0.1;

/// The share of the search's time left given to the [`Hood::Teams`] step (every
/// consultation day at once). 8 dense copies under `--time-limit 120`, one run each:
/// with 0.3 the step ended at 145,087.1 (stopped by its clock after 22 s) and the part
/// at 140,650.0; with 0.5 at 140,444.9 after 39 s and 138,904.9 (HiGHS's bound on the
/// step, 139,425.3, was reached within 1 % after 25 s).
const TEAMS_SHARE: f64 = 0.5;

/// The least time the [`Hood::Teams`] step is worth trying with: HiGHS needs a few
/// seconds for the LP of a step that frees every consultation day (8 dense copies,
/// about 19,500 pairs: its first better plan after 3 s). Under `--time-limit 30` the
/// step had 3.5 s and found nothing, time that steps of 1 s used to improve the plan.
const TEAMS_LEAST: f64 = 8.0;

/// Whether a search of `seconds` tries the [`Hood::Teams`] step.
pub(super) fn tries_teams(seconds: f64) -> bool {
    seconds * TEAMS_SHARE >= TEAMS_LEAST
}

/// Shortest time a step's HiGHS run is given (below it the search stops).
const LEAST_STEP: f64 = 1.0;

/// The plan the search keeps: always a plan of the full part (every rule row holds).
pub(super) struct Incumbent {
    /// (job, need, person) of each assignment.
    pub(super) on: BTreeSet<(usize, usize, usize)>,
    /// (person, municipality) of each team member (CON-4).
    pub(super) team: BTreeSet<(usize, usize)>,
    /// Its MILP objective (real cost and penalties), as the MILP that found it priced it.
    pub(super) cost: f64,
    /// The plan, decoded.
    pub(super) plan: Decoded,
}

/// How the search ended.
pub(super) struct Searched {
    pub(super) best: Incumbent,
    /// Steps run and steps accepted.
    pub(super) steps: usize,
    pub(super) improved: usize,
    /// Neighbourhoods not solved: the same as one solved since the incumbent last
    /// changed.
    pub(super) skipped: usize,
    /// The neighbourhoods' size (pairs) the search ended with: its first, times
    /// [`GROWTH`] for each whole cycle that improved nothing and was followed by
    /// another (0 when no search ran).
    pub(super) target: usize,
    /// Whether the time ran out (rather than a full cycle improving nothing), or a
    /// step's HiGHS run was stopped by its clock: its plan then depends on how busy
    /// the machine was, so the part does not claim to have ended on its own (a run
    /// that ends on its gap writes the same files every time; docs/outputs.md).
    pub(super) timed_out: bool,
}

/// What one step frees (see the module's text).
#[derive(Clone, PartialEq, Eq)]
enum Hood {
    /// A seed person: they and the people living nearest them.
    People(usize),
    /// Municipalities.
    Places(BTreeSet<usize>),
    /// Every consultation day, which may take its incumbent people and the members of
    /// its municipality's team that a relaxation leans on (`bound::team_support`):
    /// (person, municipality). Tried once, first.
    Teams(BTreeSet<(usize, usize)>),
}

/// One consultation day (CON-3) of the part: its (job, need), municipality and
/// candidates.
struct Day {
    key: (usize, usize),
    municipality: usize,
    candidates: BTreeSet<usize>,
}

/// The part's consultation days, each with every candidate of the part.
fn consultation_days(
    model: &Model,
    jobs: &[Job],
    fix: &Fixings,
    reach: &Reach,
    part: &Part,
) -> Vec<Day> {
    let mut out = Vec::new();
    for &(ji, ni) in &part.needs {
        let Some(job) = jobs.get(ji) else { continue };
        let Some(need) = job.needs.get(ni) else {
            continue;
        };
        let Who::TeamConsultant(m) = need.who else {
            continue;
        };
        let candidates = part
            .people
            .iter()
            .copied()
            .filter(|&p| candidate(model, fix, reach, job, need, p))
            .collect();
        out.push(Day {
            key: (ji, ni),
            municipality: m,
            candidates,
        });
    }
    out
}

/// Each seed municipality's neighbourhood: the seed and its nearest municipalities
/// (ties by index) until their pairs reach `target`, in seed order, each set once.
fn places(model: &Model, pairs: &BTreeMap<usize, usize>, target: usize) -> Vec<BTreeSet<usize>> {
    let mut out: Vec<BTreeSet<usize>> = Vec::new();
    for &seed in pairs.keys() {
        let mut near: Vec<(f64, usize)> = pairs
            .keys()
            .map(|&m| {
                let km = model.distance_km(Place::Municipality(seed), Place::Municipality(m));
                (km, m)
            })
            .collect();
        near.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let (mut set, mut have) = (BTreeSet::new(), 0);
        for (_, m) in near {
            if have >= target && !set.is_empty() {
                break;
            }
            set.insert(m);
            have += pairs.get(&m).copied().unwrap_or(0);
        }
        if !out.contains(&set) {
            out.push(set);
        }
    }
    out
}

/// A seed person's neighbourhood on the incumbent: the seed and the people living
/// nearest them (ties by index) among `people`, taken in turn from those working
/// above and below their fair share (days worked against contracted days times
/// their role group's ratio), so that the group can move days from one to the
/// other, until the (day, candidate) pairs of the days they work reach `target`.
#[allow(clippy::too_many_arguments)]
fn people_near(
    model: &Model,
    jobs: &[Job],
    days: &[Day],
    best: &Incumbent,
    people: &BTreeSet<usize>,
    ratios: &BTreeMap<Role, f64>,
    seed: usize,
    target: usize,
) -> BTreeSet<usize> {
    let mut worked: BTreeSet<(usize, chrono::NaiveDate)> = BTreeSet::new();
    for &(ji, _, p) in &best.on {
        if let Some(job) = jobs.get(ji) {
            worked.insert((p, job.date));
        }
    }
    let above = |p: usize| {
        let share = model.staff[p]
            .roles
            .first()
            .and_then(|g| ratios.get(g))
            .copied()
            .unwrap_or(0.0)
            * crate::plan::affected::contracted_days(model, p);
        worked
            .range((p, chrono::NaiveDate::MIN)..=(p, chrono::NaiveDate::MAX))
            .count() as f64
            > share
    };
    let home = model.staff[seed].home;
    let mut near: Vec<(f64, usize)> = people
        .iter()
        .filter(|&&p| p != seed)
        .map(|&p| (model.distance_km(home, model.staff[p].home), p))
        .collect();
    near.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let side = above(seed);
    let (mut other, mut same): (Vec<usize>, Vec<usize>) = (Vec::new(), Vec::new());
    for (_, p) in near {
        if above(p) == side {
            same.push(p);
        } else {
            other.push(p);
        }
    }
    let (mut other, mut same) = (other.into_iter(), same.into_iter());
    let mut set = BTreeSet::from([seed]);
    let mut turn_other = true;
    while freed_pairs(days, best, &Hood::People(seed), &set) < target {
        let next = if turn_other {
            other.next().or_else(|| same.next())
        } else {
            same.next().or_else(|| other.next())
        };
        let Some(p) = next else { break };
        set.insert(p);
        turn_other = !turn_other;
    }
    set
}

/// Whether a consultation day is freed by a step, and whom it may then take.
fn frees(
    d: &Day,
    held: &BTreeSet<usize>,
    hood: &Hood,
    group: &BTreeSet<usize>,
) -> Option<BTreeSet<usize>> {
    match hood {
        Hood::Places(ms) => ms.contains(&d.municipality).then(|| d.candidates.clone()),
        Hood::Teams(support) => {
            let mut a: BTreeSet<usize> = d
                .candidates
                .iter()
                .copied()
                .filter(|&p| support.contains(&(p, d.municipality)))
                .collect();
            a.extend(held.iter().copied());
            Some(a)
        }
        Hood::People(_) => {
            if held.iter().any(|p| group.contains(p)) {
                let mut a: BTreeSet<usize> = d.candidates.intersection(group).copied().collect();
                a.extend(held.iter().copied());
                Some(a)
            } else {
                None
            }
        }
    }
}

/// The part's needs other than consultation days (lecturers, outreach: OUT-1) that
/// a step frees: those a person of a people neighbourhood holds, or those at a
/// municipality of a places neighbourhood.
fn other_needs(
    jobs: &[Job],
    part: &Part,
    best: &Incumbent,
    consultation: &BTreeSet<(usize, usize)>,
    hood: &Hood,
    group: &BTreeSet<usize>,
) -> BTreeSet<(usize, usize)> {
    part.needs
        .iter()
        .copied()
        .filter(|key| !consultation.contains(key))
        .filter(|&key| match hood {
            Hood::People(_) => held(best, key).iter().any(|p| group.contains(p)),
            Hood::Places(ms) => jobs
                .get(key.0)
                .is_some_and(|j| matches!(j.place, Place::Municipality(m) if ms.contains(&m))),
            Hood::Teams(_) => false,
        })
        .collect()
}

/// The incumbent's people on one need.
fn held(best: &Incumbent, (ji, ni): (usize, usize)) -> BTreeSet<usize> {
    best.on
        .range((ji, ni, 0)..=(ji, ni, usize::MAX))
        .map(|&(_, _, p)| p)
        .collect()
}

/// The (day, candidate) pairs a step frees.
fn freed_pairs(days: &[Day], best: &Incumbent, hood: &Hood, group: &BTreeSet<usize>) -> usize {
    days.iter()
        .filter_map(|d| frees(d, &held(best, d.key), hood, group))
        .map(|a| a.len())
        .sum()
}

/// The incumbent read from one MILP's solution (of the whole part or of a step).
pub(super) fn read(
    cx: &Ctx,
    v: &super::StaffingVars,
    sol: &super::super::lp::LpSolution,
) -> Incumbent {
    let on =
        v.xs.iter()
            .filter(|x| sol.on(x.var))
            .map(|x| (x.job, x.need, x.staff))
            .collect();
    Incumbent {
        on,
        team: v.teams.members(|var| sol.on(var)),
        cost: sol.real + sol.penalties,
        plan: decode(cx, v, |var| sol.get(var)),
    }
}

/// Improves `best` by fixing and optimising neighbourhoods, growing them after each
/// full cycle that improves nothing, until `seconds` are spent or they would free
/// more than half the part (see the module's text). `ratios` are the
/// whole part's days per contracted day (each step's fairness targets).
#[allow(clippy::too_many_arguments)]
pub(super) fn search(
    model: &Model,
    jobs: &[Job],
    run: &Run,
    fix: &Fixings,
    reach: &Reach,
    part: &Part,
    ratios: &BTreeMap<Role, f64>,
    mut best: Incumbent,
    seconds: f64,
    target: usize,
    guide: Option<BTreeSet<(usize, usize)>>,
    [label, file]: [&str; 2],
) -> Result<Searched, SolveError> {
    let began = Instant::now();
    let left = || seconds - began.elapsed().as_secs_f64();
    let days = consultation_days(model, jobs, fix, reach, part);
    let mut pairs: BTreeMap<usize, usize> = BTreeMap::new();
    for d in &days {
        *pairs.entry(d.municipality).or_default() += d.candidates.len();
    }
    let consultation: BTreeSet<(usize, usize)> = days.iter().map(|d| d.key).collect();
    let people: BTreeSet<usize> = days
        .iter()
        .flat_map(|d| d.candidates.iter().copied())
        .collect();
    let total: usize = pairs.values().sum();
    let mut target = target.max(1);
    let mut hoods = cycle(model, &people, &pairs, target);
    // The relaxation's teams first, once (see `Hood::Teams`), given the time.
    if let Some(support) = guide.filter(|_| tries_teams(seconds)) {
        hoods.insert(0, Hood::Teams(support));
    }
    // Steps solved and accepted; neighbourhoods taken in all (solved or skipped),
    // where the current cycle began among them, and how many since the last
    // improvement.
    let (mut steps, mut improved, mut skipped) = (0, 0, 0);
    let (mut taken, mut begun, mut since) = (0, 0, 0);
    // The neighbourhoods solved since the incumbent last changed (people or places,
    // and whom or where they free): the same one again would free the same pairs
    // around the same incumbent, and end where it did. In a dense layout many seeds'
    // nearest people are one group.
    let mut tried: BTreeSet<(u8, BTreeSet<usize>)> = BTreeSet::new();
    // The time a step takes besides HiGHS (formulating, handing over, decoding).
    let mut overhead = 0.0_f64;
    // How far HiGHS has run past a step's limit (it checks the clock between steps).
    let mut overrun = 0.0_f64;
    let mut timed_out = false;
    loop {
        if since >= hoods.len() {
            // A whole cycle improved nothing: the incumbent is a local optimum for
            // neighbourhoods of this size. Twice as large ones, while they free at most
            // half the part (larger ones are nearly the part's own MILP, too large here,
            // and the people neighbourhoods of one cycle nearly all alike).
            if target.saturating_mul(GROWTH) > total / 2 {
                break;
            }
            target = target.saturating_mul(GROWTH);
            hoods = cycle(model, &people, &pairs, target);
            (since, begun) = (0, taken);
            if run.opts.verbose {
                tell!(
                    "{label}: neighbourhoods of {target} pairs from step {}",
                    steps + 1
                );
            }
        }
        let hood = &hoods[(taken - begun) % hoods.len()];
        taken += 1;
        let room = left() - overhead - overrun;
        if room < LEAST_STEP {
            timed_out = true;
            break;
        }
        let share = if matches!(hood, Hood::Teams(_)) {
            TEAMS_SHARE
        } else {
            STEP_SHARE
        };
        let limit = (left() * share).max(LEAST_STEP).min(room);
        let t0 = Instant::now();
        let group = match hood {
            Hood::People(seed) => {
                people_near(model, jobs, &days, &best, &people, ratios, *seed, target)
            }
            Hood::Places(_) | Hood::Teams(_) => BTreeSet::new(),
        };
        let key = match hood {
            Hood::People(_) => (0, group.clone()),
            Hood::Places(ms) => (1, ms.clone()),
            Hood::Teams(_) => (2, BTreeSet::new()),
        };
        if !tried.insert(key) {
            since += 1;
            skipped += 1;
            continue;
        }
        steps += 1;
        let (sub, fixed, freed) = restrict(part, &days, &best, hood, &group, ratios);
        let cx = Ctx {
            model,
            jobs,
            fix,
            reach,
            part: &sub,
            relax: false,
            tight: false,
            narrow: true,
        };
        let mut lp = Lp::new();
        let v = formulate(&mut lp, &cx);
        let xs: Vec<X> =
            v.xs.iter()
                .filter(|x| best.on.contains(&(x.job, x.need, x.staff)))
                .copied()
                .collect();
        // Outside the neighbourhood each consultation day keeps the incumbent's
        // people (the narrowing allows only them) and each other need (lecturers,
        // outreach: OUT-1) its incumbent assignment: fixed here by rows, which
        // presolve removes with their columns. Inside, another need takes the
        // neighbourhood's people only (its people, or anyone at its places).
        let others = other_needs(jobs, part, &best, &consultation, hood, &group);
        for x in &v.xs {
            let key = (x.job, x.need);
            let had = best.on.contains(&(x.job, x.need, x.staff));
            if consultation.contains(&key) {
                if had && fixed.contains(&key) {
                    lp.add(constraint!(x.var.1 == 1.0));
                }
            } else if !others.contains(&key) {
                lp.add(constraint!(x.var.1 == if had { 1.0 } else { 0.0 }));
            } else if !had && !group.is_empty() && !group.contains(&x.staff) {
                lp.add(constraint!(x.var.1 == 0.0));
            }
        }
        // The incumbent's own assignments only: the greedy rebuilds exactly the
        // incumbent, so HiGHS starts from it.
        warm_start(&mut lp, model, jobs, &xs, &v.start(false));
        run.prepare(
            &mut lp,
            &format!("{label} (neighbourhood {steps})"),
            &format!("{file}-lns{steps}"),
        );
        let built = t0.elapsed().as_secs_f64();
        let before = best.cost;
        let t1 = Instant::now();
        let outcome = lp.solve(run.opts, limit);
        let solved = t1.elapsed().as_secs_f64();
        let after = match outcome {
            Ok(sol) => {
                if sol.status == crate::plan::SolveStatus::TimeLimit {
                    timed_out = true;
                }
                let cost = sol.real + sol.penalties;
                if cost < before - 1e-6 * before.abs().max(1.0) {
                    best = read(&cx, &v, &sol);
                    improved += 1;
                    since = 0;
                    tried.clear();
                } else {
                    since += 1;
                }
                cost
            }
            // A step without an answer, or whose HiGHS run failed, keeps the
            // incumbent; a cancelled run stops.
            Err(SolveError::OutOfTime(_)) => {
                timed_out = true;
                since += 1;
                before
            }
            Err(SolveError::Solver(m)) if m != super::super::lp::watch::CANCELLED => {
                since += 1;
                before
            }
            Err(e) => return Err(e),
        };
        overhead = overhead.max(t0.elapsed().as_secs_f64() - solved);
        overrun = overrun.max(solved - limit);
        if run.opts.verbose {
            tell!(
                "{label}: neighbourhood {steps} ({}, {freed} pairs): {before:.1} -> {after:.1}{} in {:.1} s (built in {built:.1} s, limit {limit:.1} s)",
                match hood {
                    Hood::People(_) => format!("{} people", group.len()),
                    Hood::Places(ms) => format!("{} municipalities", ms.len()),
                    Hood::Teams(t) => format!("the relaxation's {} team places", t.len()),
                },
                if best.cost < before { " accepted" } else { "" },
                t0.elapsed().as_secs_f64(),
            );
        }
    }
    Ok(Searched {
        best,
        steps,
        improved,
        skipped,
        target,
        timed_out,
    })
}

/// One cycle of neighbourhoods of `target` pairs: the two shapes take turns (people
/// first), each in its seeds' order.
fn cycle(
    model: &Model,
    people: &BTreeSet<usize>,
    pairs: &BTreeMap<usize, usize>,
    target: usize,
) -> Vec<Hood> {
    let mut by_people = people.iter().map(|&p| Hood::People(p));
    let mut by_places = places(model, pairs, target).into_iter().map(Hood::Places);
    let mut hoods: Vec<Hood> = Vec::new();
    loop {
        let (a, b) = (by_people.next(), by_places.next());
        if a.is_none() && b.is_none() {
            break;
        }
        hoods.extend(a);
        hoods.extend(b);
    }
    hoods
}

/// The part restricted to one step's neighbourhood: each freed consultation day
/// takes whom [`frees`] allows, the others the incumbent's people; each team (CON-4)
/// keeps its incumbent members and everyone one of its days allows. Returns it with
/// the days kept at the incumbent and the freed (day, candidate) pairs.
fn restrict(
    part: &Part,
    days: &[Day],
    best: &Incumbent,
    hood: &Hood,
    group: &BTreeSet<usize>,
    ratios: &BTreeMap<Role, f64>,
) -> (Part, BTreeSet<(usize, usize)>, usize) {
    let mut allowed: BTreeMap<(usize, usize), BTreeSet<usize>> = BTreeMap::new();
    let mut team_people: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for &(p, m) in &best.team {
        team_people.entry(m).or_default().insert(p);
    }
    let (mut fixed, mut freed) = (BTreeSet::new(), 0);
    for d in days {
        let own = held(best, d.key);
        let keep = match frees(d, &own, hood, group) {
            Some(a) => {
                freed += a.len();
                a
            }
            None => {
                fixed.insert(d.key);
                own
            }
        };
        team_people
            .entry(d.municipality)
            .or_default()
            .extend(keep.iter().copied());
        allowed.insert(d.key, keep);
    }
    let on_team = |p: usize, m: usize| team_people.get(&m).is_some_and(|a| a.contains(&p));
    let sub = super::teams_first::narrowed(part, allowed, on_team, ratios.clone());
    (sub, fixed, freed)
}

#[cfg(test)]
mod tests {
    use super::super::teams_first::{constructive_start, Start};
    use super::super::tests::{alpha_team_part, alpha_ten_days, tiny};
    use super::super::warm_start::warm_start;
    use super::*;

    /// The whole part's MILP priced at the assignments `on` (its MIP start, no
    /// search): its objective with penalties.
    fn priced(cx: &Ctx, on: &BTreeSet<(usize, usize, usize)>) -> f64 {
        let mut lp = Lp::new();
        let v = formulate(&mut lp, cx);
        let xs: Vec<X> =
            v.xs.iter()
                .filter(|x| on.contains(&(x.job, x.need, x.staff)))
                .copied()
                .collect();
        warm_start(&mut lp, cx.model, cx.jobs, &xs, &v.start(false));
        let opts = crate::milp::SolveOptions::default();
        let sol = lp.solve(&opts, 0.0).expect("the start, priced");
        sol.real + sol.penalties
    }

    /// The search from the whole part's constructive start on alpha's ten
    /// consultation days (CON-3), with first neighbourhoods of `target` pairs: what it
    /// found, the start's cost, and the part's (day, candidate) pairs. `guided`: the
    /// search's first step is the month-pooled relaxation's teams ([`Hood::Teams`]).
    fn search_alpha(target: usize) -> (Searched, f64, usize, Vec<chrono::NaiveDate>) {
        search_alpha_with(target, false)
    }

    fn search_alpha_with(
        target: usize,
        guided: bool,
    ) -> (Searched, f64, usize, Vec<chrono::NaiveDate>) {
        let model = tiny();
        let jobs = alpha_ten_days(&model);
        let (fix, reach) = (Fixings::default(), Reach::of(&model));
        let part = &alpha_team_part(&model, &fix, &reach);
        let cx = Ctx::whole(&model, &jobs, &fix, &reach, part);
        let opts = crate::milp::SolveOptions::default();
        let hooks = crate::milp::SolveHooks::default();
        let run = Run {
            opts: &opts,
            deadline: crate::milp::lp::Deadline::after(60.0),
            hooks: &hooks,
        };
        let Start {
            first: start,
            ratios,
            ..
        } = constructive_start(&cx, &run, &crate::milp::NO_GUIDE, "test").expect("the start");
        let start_cost = start.cost;
        let guide = if guided {
            let support = super::super::bound::team_support(&cx, &run, 30.0);
            let Some(support) = support else {
                panic!("the relaxation should end on alpha's part");
            };
            // Only the part's own team candidates (CON-4, CON-5).
            for &(p, m) in &support {
                assert!(
                    part.teams.get(&m).is_some_and(|t| t.contains(&p)),
                    "{p} on {m}'s team is not the part's"
                );
            }
            assert!(!support.is_empty(), "alpha's team needs members");
            Some(support)
        } else {
            None
        };
        let found = search(
            &model,
            &jobs,
            &run,
            &fix,
            &reach,
            part,
            &ratios,
            start,
            30.0,
            target,
            guide,
            ["test", "test"],
        )
        .expect("a plan");
        // The kept plan is priced alike by the whole part's MILP.
        let again = priced(&cx, &found.best.on);
        assert!(
            (again - found.best.cost).abs() <= 1e-6 * again.abs().max(1.0),
            "the whole part prices the search's plan at {again}, the search at {}",
            found.best.cost
        );
        let pairs = consultation_days(&model, &jobs, &fix, &reach, part)
            .iter()
            .map(|d| d.candidates.len())
            .sum();
        let dates = jobs.iter().map(|j| j.date).collect();
        (found, start_cost, pairs, dates)
    }

    /// From the whole part's constructive start on alpha's ten consultation days
    /// (CON-3), the search with the smallest neighbourhoods (one person and their
    /// nearest, one municipality) never returns a plan dearer than the start, priced
    /// by the whole part's own MILP; the plan keeps every rule: no violation, every
    /// day staffed once, nobody twice on one date (CON-6), every worker on alpha's
    /// team (CON-4).
    #[test]
    fn the_search_never_returns_a_plan_dearer_than_its_incumbent() {
        for guided in [false, true] {
            the_search_from_alphas_start_keeps_every_rule(guided);
        }
    }

    /// [`the_search_never_returns_a_plan_dearer_than_its_incumbent`], with or without
    /// the relaxation's teams as the first step.
    fn the_search_from_alphas_start_keeps_every_rule(guided: bool) {
        let (found, start_cost, _, dates) = search_alpha_with(1, guided);
        assert!(found.steps > 0, "the search ran no step");
        let best = &found.best;
        let tol = 1e-6 * start_cost.abs().max(1.0);
        assert!(
            best.cost <= start_cost + tol,
            "search {} above its start {start_cost}",
            best.cost
        );
        assert!(
            best.plan.violations.is_empty(),
            "{:?}",
            best.plan.violations
        );
        let mut staffed: BTreeMap<usize, usize> = BTreeMap::new();
        let mut dated: BTreeSet<(usize, chrono::NaiveDate)> = BTreeSet::new();
        for &(ji, _, p) in &best.on {
            *staffed.entry(ji).or_default() += 1;
            assert!(dated.insert((p, dates[ji])), "{p} twice on one date");
            assert!(best.team.contains(&(p, 0)), "{p} works alpha off its team");
        }
        assert_eq!(staffed.len(), dates.len(), "{staffed:?}");
        assert!(staffed.values().all(|&n| n == 1), "{staffed:?}");
    }

    /// A neighbourhood solved around an incumbent is not solved again until the
    /// incumbent changes: with neighbourhoods of all the part's pairs every seed's
    /// nearest people are the whole part, so after the first people step each other
    /// seed's is skipped, and the search still ends by itself on a plan no dearer
    /// than its start.
    #[test]
    fn a_neighbourhood_solved_around_the_same_incumbent_is_not_solved_again() {
        let (_, _, pairs, _) = search_alpha(1);
        let (found, start_cost, _, _) = search_alpha(pairs);
        assert!(!found.timed_out, "the search ran out of its 30 s");
        assert!(
            found.skipped > 0,
            "{} steps, {} improved, none skipped",
            found.steps,
            found.improved
        );
        assert!(found.best.cost <= start_cost + 1e-6 * start_cost.abs().max(1.0));
    }

    /// A whole cycle that improves nothing grows the neighbourhoods (GROWTH times the
    /// pairs) instead of ending the search; the search ends on its own, with time to
    /// spare, once larger ones would free more than half the part. The same start and
    /// first size give the same plan (it ends on its gaps, not on a clock).
    #[test]
    fn a_cycle_that_improves_nothing_grows_the_neighbourhoods_until_they_would_free_half_the_part()
    {
        let (found, start_cost, pairs, _) = search_alpha(1);
        assert!(!found.timed_out, "the search ran out of its 30 s");
        assert!(
            found.target > 1 && found.target * GROWTH > pairs / 2 && found.target <= pairs / 2,
            "ended with neighbourhoods of {} pairs, the part has {pairs}",
            found.target
        );
        assert!(found.best.cost <= start_cost + 1e-6 * start_cost.abs().max(1.0));
        let (again, _, _, _) = search_alpha(1);
        assert_eq!(again.best.on, found.best.on);
        assert_eq!(again.target, found.target);
    }
}
