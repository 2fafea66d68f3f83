//! Issue 20 part 2: the whole-year bound on parts too large for branch and bound.
//!
//! On connected geography (`roster generate --spacing 0.15`, 8 copies of the shipped
//! model) every consultant is in one staffing part, and the joint bound's relaxation
//! of it is one MILP of about 750,000 rows that did not end its root LP in 300 s: the
//! gap was unknown, and the dates' guide beside it held stage 1 up for its whole share.
//! Its LP relaxation alone is no way out either: HiGHS's interior point method (no
//! crossover) on it did not finish one iteration in 43 s after a 21 s presolve (8 dense
//! copies, load 12 on 2 cores). From [`LARGE_PART`] on (or the size a caller sets in
//! `SolveHooks::large_part`):
//! - the whole-year bound ([`super::tight_bound`]) of the part is the higher of
//!   [`floor`], a sum of what each need and each team costs at the least, computed
//!   without a solver, and either the root node of the part's own MILP ([`root`], a
//!   part up to [`ROOT_PART`], two dense copies; one without teams only with
//!   [`ROOT_WITHOUT_TEAMS`] seconds) or, otherwise or when the root gives nothing in
//!   its time, [`aggregate`], an aggregated relaxation of the part's MILP (needs
//!   pooled by month, days per person and month, which HiGHS solves in seconds; then,
//!   time allowing, pooled by month and weekday, days per person, month and weekday);
//! - the dates' guide (Mode::Guide) of a part with teams is narrowed to its
//!   constructive start's consultation days (`teams_first::guide_large`): the whole
//!   part's would not end in its time. Any other large part is left out of the guide
//!   (its dates are chosen as in stage 1's first pass).
//!
//! Smaller parts (the shipped year's) keep the exact MILPs, so their plan and bound
//! are the same as before.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate, NaiveTime};
use good_lp::{constraint, Expression};

use super::formulation::{fair_workload, preference_cost, travel_cost};
use super::{
    broad, candidate, sum, Ctx, Fixings, Job, Lp, Mode, Part, Reach, Run, StaffingVars, Stage2,
    Var, Who, X,
};
use crate::milp::group;
use crate::milp::Ended;
use crate::model::{Model, Place};
use crate::plan::{ObjectiveTerms, PartReport, SolveStatus};

/// Size (needs × people, `Part::size`) from which a part is large. The shipped year's
/// largest part (consultants, lecturers and teams) is 1,100 needs × 17 people, about
/// 19,000; `generate --copies K --spacing 0.15` (or 0.6) joins all consultants into one
/// part of about K² times that: 75,000 at K = 2 (its MILPs did not end in 300 s on a
/// loaded machine), 1.2 million at K = 8 (root LP not ended in 300 s), whose reception
/// and job developers' part is 995 × 120 (the same). About twice the shipped year's.
pub(crate) const LARGE_PART: usize = 40_000;

/// Whether `part` is large for this run (see the module's notes).
pub(super) fn is_large(run: &Run, part: &Part) -> bool {
    part.size() >= run.hooks.large_part.unwrap_or(LARGE_PART)
}

/// A large part of the whole-year bound or of the dates' guide, answered without its
/// own MILP: the bound's is the higher of [`floor`] and its [`root`] node or its
/// [`aggregate`], the guide's nothing (no bound, no preferences; a part with teams is
/// let through to `staff_part`, which narrows it: `teams_first::guides`). `None` for
/// every other part and mode, which are solved as usual. With `--verbose`, says which
/// path each part of the whole-year bound takes.
#[allow(clippy::too_many_arguments)]
pub(super) fn large_part(
    model: &Model,
    jobs: &[Job],
    fix: &Fixings,
    reach: &Reach,
    run: &Run,
    part: &Part,
    mode: Mode,
    [of, file]: [&str; 2],
    share: f64,
) -> Option<(Stage2, usize, usize)> {
    let large = is_large(run, part);
    // The root's time: the part's share of the time left (`tight_bound` splits it
    // among the parts left); what `--verbose` says is what `root` does. The
    // whole-year bound runs on a thread of its own (`beside_tight_bound`), so its last
    // part may take all that is left. Capped at half, the thread sat idle for the
    // second half: eight copies 0.6° apart under `--time-limit 60`, gap 8.0 % capped,
    // 6.0 % not, the consultant part's aggregated MILP then reaching 135,149.4 against
    // its LP's 129,735.4.
    let seconds = run.deadline.remaining() * share;
    if run.opts.verbose && matches!(mode, Mode::Bound) {
        tell!(
            "joint bound: {of}: {} needs x {} people, {}",
            part.needs.len(),
            part.people.len(),
            if large && tries_root(part, seconds) {
                "least cost of each need and team, and its MILP's root node"
            } else if large {
                "least cost of each need and team, and an aggregated relaxation"
            } else {
                "MILP"
            }
        );
    }
    // A guide part with teams is narrowed in `staff_part` (teams_first::guides).
    if !large
        || matches!(mode, Mode::Staff)
        || (matches!(mode, Mode::Guide) && super::teams_first::guides(run, fix, part))
    {
        return None;
    }
    let cx = Ctx {
        model,
        jobs,
        fix,
        reach,
        part,
        relax: true,
        tight: true,
        narrow: false,
    };
    let name = format!("joint bound: {of}");
    if !matches!(mode, Mode::Bound) {
        return Some(unsolved(&cx, mode, &name));
    }
    // Each gets the part's share of the time left, at most half of it. The root first
    // where the part is small enough for it (stronger than the aggregate on two dense
    // copies, and sooner); the aggregate where it is not, or where the clock stopped
    // the root (its bound may then be poor: the higher of the two is kept).
    let least = floor(&cx);
    let (root, ended) = match root(&cx, run, seconds, [&name, file]) {
        Some((b, ended)) => (Some(b), ended),
        None => (None, false),
    };
    let aggregated = if ended {
        None
    } else {
        let seconds = run.deadline.remaining() * share;
        aggregate(&cx, run, seconds)
    };
    if run.opts.verbose {
        let say = |b: Option<f64>| b.map_or("none".to_string(), |b| format!("{b:.1}"));
        tell!(
            "joint bound: {of}: least cost {least:.1}, aggregated relaxation {}, root {}",
            say(aggregated),
            say(root)
        );
    }
    let best = [aggregated, root]
        .into_iter()
        .flatten()
        .fold(least, f64::max);
    Some(bounded(&name, Some(best)))
}

/// The largest part (needs × people) whose own MILP's root node the whole-year
/// bound tries before the [`aggregate`] (which then runs only when the clock stopped
/// the root). Two copies of the shipped year 0.15° apart (one consultant part of 2,200
/// needs × 34 people, 74,800): the aggregated relaxation 32,559.8 after 14 s, the root
/// 34,686.9 after 10 s and 34,819.3 after 49 s of one core (the part's own MILP found
/// 35,435.8 in 300 s), so the whole year's gap against it falls by about 3 points.
/// Four dense copies (4,400 × 68, 299,200) ended their root LP only after 239 s, at
/// 3.0 GiB; eight (about 1.2 million) not in 300 s.
const ROOT_PART: usize = 150_000;

/// Whether the whole-year bound tries a large part's [`root`] within `seconds`: a
/// part of at most [`ROOT_PART`], and one without teams (CON-4) only with at least
/// [`ROOT_WITHOUT_TEAMS`] seconds. The pooled rows lose most on the teams (two dense
/// copies' consultant part: 32,559.8 aggregated against 34,819.3 at the root); without
/// teams the [`aggregate`] is nearly as strong and takes a fraction of a second.
fn tries_root(part: &Part, seconds: f64) -> bool {
    part.size() <= ROOT_PART && (!part.teams.is_empty() || seconds >= ROOT_WITHOUT_TEAMS)
}

/// The least seconds for the root of a large part without teams. Eight dense copies'
/// reception part (995 needs × 120 people): 89,137.3 from the aggregate in 0.1 s,
/// 89,850.2 from the root after 57 s. Under `--time-limit 120` (57 s for it) that
/// time left the consultant part's aggregated MILP 29 s, which ended without a bound
/// (gap 18.3 % with the root, 17.1 % without); under 300 s (about 145 s for it) the
/// root's 713 more are worth it (14.3 % with, 14.6 % without).
const ROOT_WITHOUT_TEAMS: f64 = 90.0;

/// Below this many seconds the root is not tried (its LP alone takes longer).
const LEAST_ROOT: f64 = 5.0;

/// The root node's bound of the part's own relaxation (the MILP a small part's
/// whole-year bound solves, `staff_part` in Mode::Bound) on a large part of at most
/// [`ROOT_PART`], within `seconds`, and whether the root ended (rather than the
/// clock stopping it): HiGHS's bound when it ends its root, else the one it had
/// proven when the clock stopped it (`Lp::solve`), else none. Both are bounds of the
/// same relaxation, so they bound every rule-abiding plan of the part.
fn root(cx: &Ctx, run: &Run, seconds: f64, [label, file]: [&str; 2]) -> Option<(f64, bool)> {
    if !tries_root(cx.part, seconds) || seconds < LEAST_ROOT {
        return None;
    }
    let mut lp = Lp::new();
    let v = super::formulate(&mut lp, cx);
    super::formulation::no_team_no_days(&mut lp, cx, &v);
    drop(v);
    lp.root_bound_only();
    run.prepare(&mut lp, label, file);
    let sol = lp.solve(run.opts, seconds).ok()?;
    let ended = !matches!(sol.status, SolveStatus::TimeLimit);
    sol.bound.map(|b| (b, ended))
}

/// A part of the whole-year bound or of the dates' guide not solved by HiGHS (too
/// large, or out of time without an answer): the bound's part is [`floor`], the
/// guide's has no bound and no preferences (stage 1's second pass dates its events as
/// the first pass did).
pub(super) fn unsolved(cx: &Ctx, mode: Mode, name: &str) -> (Stage2, usize, usize) {
    bounded(name, matches!(mode, Mode::Bound).then(|| floor(cx)))
}

/// A part answered without its MILP: `bound` for the whole-year bound's, nothing for
/// the guide's.
fn bounded(name: &str, bound: Option<f64>) -> (Stage2, usize, usize) {
    let ended = Ended {
        report: PartReport {
            name: name.to_string(),
            status: if bound.is_some() {
                SolveStatus::GapLimit
            } else {
                SolveStatus::TimeLimit
            },
            gap: None,
            from_start: false,
        },
        real: bound.unwrap_or(0.0),
        bound,
    };
    (
        Stage2 {
            assignments: Vec::new(),
            teams: Vec::new(),
            violations: Vec::new(),
            objective: ObjectiveTerms::default(),
            ended: vec![ended],
            prefs: crate::milp::DatePrefs::default(),
        },
        0,
        0,
    )
}

/// The whole-year bound's part: HiGHS's bound or [`floor`], whichever is higher (both
/// lie below every rule-abiding plan, so the higher does too); HiGHS stopped by the
/// clock early may have no bound or a poor one (0 on 8 dense copies' reception part).
/// When the clock stopped it (`ended`: the run, the part's share of the time and how
/// HiGHS ended), the [`aggregate`] too, within the part's share of what is left (4
/// dense copies' reception part under `--time-limit 120`: 22,044 from the floor). A
/// part that ends on its gap (the shipped year's) keeps HiGHS's and the floor's.
/// The dates' guide keeps HiGHS's.
pub(super) fn at_least_floor(
    cx: &Ctx,
    mode: Mode,
    bound: Option<f64>,
    (run, share, status): (&Run, f64, SolveStatus),
) -> Option<f64> {
    if !matches!(mode, Mode::Bound) {
        return bound;
    }
    let mut least = floor(cx);
    if matches!(status, SolveStatus::TimeLimit) {
        let seconds = run.deadline.remaining() * share.min(0.5);
        if let Some(b) = aggregate(cx, run, seconds) {
            least = least.max(b);
        }
    }
    Some(bound.map_or(least, |b| b.max(least)))
}

/// A lower bound on what any rule-abiding plan pays in this part, whatever its dates
/// (fresh solves only: the joint bound is tried only for them):
/// - each need of `count` people is filled by `count` different people (its cover row,
///   CON-3, SEM-4, ... met exactly), each paying at least their own cost: travel (and
///   for a team consultation day, CON-4, the preference weight) to its place, or for a
///   stage-1 event to the nearest of its candidate places they reach; so at least the
///   `count` least such costs among the need's candidates ([`candidate`], or for a
///   stage-1 event [`broad`]: every date and place it could have). An outreach
///   seminar's consultation slots (OUT-1) may be filled by its lecturer at no cost of
///   their own, so they count nothing;
/// - each municipality whose team is in this part has at least `team_min` members and
///   at least as many as a consultation day of it needs (CON-4: its staff are members),
///   each costing `team_member` (no more than may join it);
/// - the fairness and contract terms cost nothing or more.
///
/// Every term of a plan's objective is at or above its part here, so the sum lies
/// below the plan's cost. It ignores who can be where on which day (one place at a
/// time, leave, limits, one team member per day being the same person as another's),
/// so it is weak, but it is known in milliseconds on any size.
pub(super) fn floor(cx: &Ctx) -> f64 {
    let model = cx.model;
    let mut total = 0.0;
    let mut day_needs: std::collections::BTreeMap<usize, u32> = Default::default();
    for &(ji, ni) in &cx.part.needs {
        let Some(job) = cx.jobs.get(ji) else {
            continue;
        };
        let Some(need) = job.needs.get(ni) else {
            continue;
        };
        if matches!(need.who, Who::OutreachConsultant { .. }) || cx.frozen(job.date) {
            continue;
        }
        if let Who::TeamConsultant(m) = need.who {
            let n = day_needs.entry(m).or_default();
            *n = (*n).max(need.count);
        }
        let mut costs: Vec<f64> = match &job.free {
            Some(f) => cx
                .part
                .people
                .iter()
                .copied()
                .filter(|&p| broad(model, cx.fix, cx.reach, job, need, p))
                .filter_map(|p| {
                    f.places
                        .iter()
                        .chain(std::iter::once(&job.place))
                        .filter(|&&pl| cx.reach.reaches(model, p, pl))
                        .map(|&pl: &Place| travel_cost(cx, p, pl))
                        .min_by(f64::total_cmp)
                })
                .collect(),
            None => cx
                .part
                .people
                .iter()
                .copied()
                .filter(|&p| candidate(model, cx.fix, cx.reach, job, need, p))
                .map(|p| travel_cost(cx, p, job.place) + preference_cost(cx, p, need.who, job.date))
                .collect(),
        };
        costs.sort_by(f64::total_cmp);
        total += costs.iter().take(need.count as usize).sum::<f64>();
    }
    for (&m, members) in &cx.part.teams {
        let min = model.municipalities.get(m).map_or(0, |mu| mu.team_min);
        let least = min.max(day_needs.get(&m).copied().unwrap_or(0)) as usize;
        total += model.objective.team_member * least.min(members.len()) as f64;
    }
    total
}

/// Whole-year bound of a large part (issue 20 part 2): an aggregated relaxation of the
/// part's tightened joint-bound MILP (`staff_part` in Mode::Bound), small enough for
/// HiGHS at any size. Needs are pooled into groups (a dated group: one month, or one
/// weekday of one month ([`Pooling`]), one place, one window, one kind of need; an
/// undated stage-1 group: one window, one kind, one set of candidate places), each
/// person works days per month, or per month and weekday (at most the dates of that
/// weekday they may work, in all the month's limit), and team
/// memberships z stay binary (CON-4; a few thousand at 8 dense copies). The fairness
/// and contract terms are stage 2's own ([`fair_workload`]) on each person's days in
/// the year, which is all they read.
///
/// Why it is a bound: any feasible point of the part's tightened MILP (and so any
/// rule-abiding plan, which [`super::tight_bound`] relaxes) gives a point here of no
/// higher cost: each group's y = the assignments it holds, days[p, month, weekday] =
/// the dated days worked on that weekday of the month (the MILP's worked-day values),
/// u[p] = the undated days, z and the
/// slacks as they are. Each row below says why it holds at that point. HiGHS's dual
/// bound on this MILP lies below its optimum, so below the plan; `None` when HiGHS
/// gives no bound in `seconds` or the solve is not fresh (the floor then stands).
pub(super) fn aggregate(cx: &Ctx, run: &Run, seconds: f64) -> Option<f64> {
    // Not fresh, or stopped (the run failed or was cancelled, H33): the floor stands, and the
    // aggregate is not even built.
    let stopped = crate::milp::watch::current().is_some_and(|w| w.cancelled());
    if !cx.fix.is_fresh() || stopped {
        return None;
    }
    let began = std::time::Instant::now();
    // First its LP (z in [0, 1]), its optimum a bound by itself: pooled by month (quick),
    // then, time allowing, by month and weekday (stronger, and slower: eight dense
    // copies, 105,589.5 in 2.3 s against 111,130.1 in 45.8 s; four, 56,649.2 in 0.4 s
    // against 59,357.8 in 4.9 s), which a part with teams leaves to its MILP's root.
    let mut relaxed: Option<f64> = None;
    let mut pooling = Pooling::Month;
    let mut lp_seconds = 0.0;
    for fine in [Pooling::Month, Pooling::Weekday] {
        let left = seconds - began.elapsed().as_secs_f64();
        if fine == Pooling::Weekday && left <= WEEKDAYS_COST * lp_seconds {
            break;
        }
        // With teams (CON-4) the weekday-pooled MILP below solves this very LP at its
        // root and goes on to cuts: it is not solved twice (eight dense copies under
        // `--time-limit 120`: the LP alone took 46.9 s and left the root no time,
        // 111,130.1; the root straight away 114,445.6 when the clock stopped it).
        if fine == Pooling::Weekday && !cx.part.teams.is_empty() {
            pooling = fine;
            break;
        }
        let at = std::time::Instant::now();
        // Both poolings have needs to pool or neither has (`None` at once).
        let Some((lp, size, terms)) = aggregate_lp(cx, false, fine) else {
            break;
        };
        if run.opts.verbose {
            tell!(
                "joint bound: aggregated relaxation ({fine:?}) of {} needs x {} people: {} pools, {} pool columns, {} day columns; {left:.1} s left",
                cx.part.needs.len(),
                cx.part.people.len(),
                size.0,
                size.1,
                size.2
            );
        }
        let Ok(sol) = lp.solve(run.opts, left) else {
            break;
        };
        let value = lp_optimum(&sol);
        if run.opts.verbose {
            let work: f64 = terms.work.iter().map(|&(y, c)| c * sol.get(y)).sum();
            let members: f64 = terms.teams.iter().map(|&(_, z)| sol.get(z)).sum();
            tell!(
                "joint bound: aggregated LP ({fine:?}): {value:?} after {:.1} s: travel and preference {work:.1}, members {members:.2}, penalties {:.1}",
                at.elapsed().as_secs_f64(),
                sol.penalties
            );
        }
        let Some(value) = value else {
            break;
        };
        relaxed = Some(relaxed.map_or(value, |r: f64| r.max(value)));
        pooling = fine;
        lp_seconds = at.elapsed().as_secs_f64();
    }
    // Then, time allowing, with z binary (CON-4): HiGHS's bound at the root node (its
    // cuts are where the teams' integrality pays; eight dense copies pooled by month:
    // the LP's 105,589.5, after cuts 107,661.8 in 12 s, while a full branch and bound
    // overran its 58 s and answered without a bound), pooled by weekday where the time
    // left allows the weekday-pooled LP (above), else by month. The bound it logged
    // stands if the clock stops it (before its root LP ends, none: the month-pooled
    // LP's stands). When the root ends with
    // time to spare, branch and bound on the same MILP for the rest (four dense copies
    // pooled by month: 58,627.0 at the root after 28 s, 58,864.0 after 139 s), the
    // higher kept.
    let mut teams: Option<f64> = None;
    if !cx.part.teams.is_empty() {
        for whole in [false, true] {
            let left = seconds - began.elapsed().as_secs_f64();
            if left <= 3.0 * lp_seconds {
                break;
            }
            let Some((mut lp, _, _)) = aggregate_lp(cx, true, pooling) else {
                break;
            };
            if !whole {
                lp.root_bound_only();
            }
            let sol = lp.solve(run.opts, left);
            if run.opts.verbose {
                tell!(
                    "joint bound: aggregated MILP ({pooling:?}){}: {:?} after {:.1} s",
                    if whole { "" } else { " (root)" },
                    sol.as_ref().map(|s| (s.status, s.bound, s.from_start)),
                    began.elapsed().as_secs_f64()
                );
            }
            let ended = sol
                .as_ref()
                .is_ok_and(|s| !matches!(s.status, SolveStatus::TimeLimit));
            if let Some(b) = sol.ok().and_then(|s| s.bound).filter(|b| b.is_finite()) {
                teams = Some(teams.map_or(b, |t| t.max(b)));
            }
            if !ended {
                break;
            }
        }
    }
    // A small margin for HiGHS's tolerances keeps the bound below a plan it ties.
    let best = match (relaxed, teams) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };
    best.filter(|b| b.is_finite())
        .map(|b| b - 1e-6 * b.abs().max(1.0))
}

/// The team memberships (CON-4) the month-pooled [`aggregate_lp`] of the plan's own
/// part (`cx`, dates fixed) leans on: every (person, municipality) whose z its LP
/// optimum uses ([`SUPPORT`]). A guide for the large-neighbourhood search of
/// a teams-first part (`lns::search`): where the LP puts a team, a plan can often put
/// it too, for less than the constructive start's greedy teams. `None` when the LP
/// does not end within `seconds` or the part has nothing to pool.
pub(super) fn team_support(cx: &Ctx, run: &Run, seconds: f64) -> Option<BTreeSet<(usize, usize)>> {
    if cx.part.teams.is_empty() || seconds <= 0.0 {
        return None;
    }
    let (lp, _, terms) = aggregate_lp(cx, false, Pooling::Month)?;
    let sol = lp.solve(run.opts, seconds).ok()?;
    lp_optimum(&sol)?;
    Some(
        terms
            .teams
            .iter()
            .filter(|&&(_, z)| sol.get(z) >= SUPPORT)
            .map(|&(k, _)| k)
            .collect(),
    )
}

/// An aggregated LP's optimum (real cost and penalties) when HiGHS ended it, which is
/// its bound (HiGHS's MIP dual bound is not set for an LP); `None` when the clock
/// stopped it.
fn lp_optimum(sol: &crate::milp::lp::LpSolution) -> Option<f64> {
    (!sol.from_start && matches!(sol.status, SolveStatus::Optimal | SolveStatus::GapLimit))
        .then_some(sol.real + sol.penalties)
}

/// The least LP value of a membership [`team_support`] counts: any it uses. 8 dense
/// copies under `--time-limit 120`, one run each: at least 0.25, 165 memberships, the
/// part's plan 138,904.9; at least 0.05, 198 and 136,955.4; any, 205 and 136,388.8.
const SUPPORT: f64 = 1e-4;

/// How [`aggregate_lp`] pools a part's dated needs: by month, or by month and weekday.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pooling {
    Month,
    Weekday,
}

/// A month-pooled need's weekday: any.
const ANY_WEEKDAY: u32 = 7;

/// How many times the month-pooled LP's time the weekday-pooled one is given at least:
/// measured 12 times (four dense copies, 0.4 s and 4.9 s) and 20 times (eight, 2.3 s
/// and 45.8 s). Below that the month-pooled MILP's root gets the time (eight dense
/// copies under `--time-limit 30`: 107,661.8 after 13 s against the LP's 105,589.5);
/// the weekday-pooled LP alone beats that root where it ends (111,130.1).
const WEEKDAYS_COST: f64 = 20.0;

/// The aggregate's columns that price work and teams (for `--verbose`, and the team
/// choice of [`team_support`]).
struct Terms {
    work: Vec<(Var, f64)>,
    /// z[(person, municipality)] (CON-4).
    teams: Vec<((usize, usize), Var)>,
}

/// A pool of needs of one kind ([`aggregate`]).
#[derive(Default)]
struct Pool {
    /// People the pool's needs take in all (Σ count).
    total: u32,
    /// An outreach seminar's consultation slots (OUT-1): optional work, no cover row.
    outreach: bool,
    /// A dated consultation day's municipality (CON-4 team link).
    team: Option<usize>,
    /// The month of a dated pool; `None` for stage-1 events (undated in the bound).
    month: Option<(i32, u32)>,
    /// The weekday of a dated pool's dates (0 Monday; CON-1's patterns are weekdays), or
    /// [`ANY_WEEKDAY`] when pooled by month.
    weekday: u32,
    window: Option<crate::model::TimeWindow>,
    /// Each candidate's number of needs in the pool they may fill and their least
    /// cost on one of them.
    people: BTreeMap<usize, (u32, f64)>,
}

/// A pool's key: dated or not, month and weekday, place, window, kind of need.
type PoolKey = (
    bool,
    Option<(i32, u32, u32)>,
    Vec<(bool, usize)>,
    (NaiveTime, NaiveTime),
    String,
);

fn place_key(pl: Place) -> (bool, usize) {
    match pl {
        Place::Municipality(i) => (false, i),
        Place::Town(i) => (true, i),
    }
}

/// The aggregated MILP of [`aggregate`] and its size (pools, pool columns, day
/// columns); `None` when the part has nothing to pool.
fn aggregate_lp(
    cx: &Ctx,
    binary: bool,
    pooling: Pooling,
) -> Option<(Lp, (usize, usize, usize), Terms)> {
    let model = cx.model;
    let w = &model.objective;
    let mut pools: BTreeMap<PoolKey, Pool> = BTreeMap::new();
    // Each person's dates with a dated candidate need (their dated days lie among them).
    let mut dates_of: BTreeMap<usize, BTreeSet<NaiveDate>> = BTreeMap::new();
    let mut v = StaffingVars::default();
    // `fair_workload` reads who may fill each dated need (its role shares) from the
    // assignment list; the variable itself is never read there.
    let (mut lp, placeholder) = lp_placeholder();
    for &(ji, ni) in &cx.part.needs {
        let Some(job) = cx.jobs.get(ji) else {
            continue;
        };
        let Some(need) = job.needs.get(ni) else {
            continue;
        };
        let outreach = matches!(need.who, Who::OutreachConsultant { .. });
        let who = format!("{:?}", need.who);
        let win = (job.window.start, job.window.end);
        match &job.free {
            None => {
                let month = Some((job.date.year(), job.date.month()));
                let weekday = match pooling {
                    Pooling::Month => ANY_WEEKDAY,
                    Pooling::Weekday => job.date.weekday().num_days_from_monday(),
                };
                let key = (
                    true,
                    month.map(|(y, m)| (y, m, weekday)),
                    vec![place_key(job.place)],
                    win,
                    who,
                );
                let pool = pools.entry(key).or_default();
                pool.total += need.count;
                pool.outreach = outreach;
                pool.month = month;
                pool.weekday = weekday;
                pool.window = Some(job.window);
                if let Who::TeamConsultant(m) = need.who {
                    pool.team = Some(m);
                }
                for &p in &cx.part.people {
                    if !candidate(model, cx.fix, cx.reach, job, need, p) {
                        continue;
                    }
                    let cost =
                        travel_cost(cx, p, job.place) + preference_cost(cx, p, need.who, job.date);
                    let e = pool.people.entry(p).or_insert((0, f64::INFINITY));
                    e.0 += 1;
                    e.1 = e.1.min(cost);
                    dates_of.entry(p).or_default().insert(job.date);
                    v.xs.push(X {
                        job: ji,
                        need: ni,
                        staff: p,
                        var: placeholder,
                        travel: 0.0,
                        preference: 0.0,
                        cost: 0.0,
                    });
                }
            }
            Some(f) => {
                let mut places: Vec<Place> = f.places.clone();
                if !places.contains(&job.place) {
                    places.push(job.place);
                }
                let mut keys: Vec<(bool, usize)> = places.iter().map(|&pl| place_key(pl)).collect();
                keys.sort_unstable();
                let key = (false, None, keys, win, who);
                let pool = pools.entry(key).or_default();
                pool.total += need.count;
                pool.outreach = outreach;
                pool.window = Some(job.window);
                for &p in &cx.part.people {
                    if !broad(model, cx.fix, cx.reach, job, need, p) {
                        continue;
                    }
                    // The MILP's undated assignment pays the travel to the place the
                    // event takes, one the person reaches (with one place, that one).
                    let cost = if places.len() == 1 {
                        Some(travel_cost(cx, p, job.place))
                    } else {
                        places
                            .iter()
                            .filter(|&&pl| cx.reach.reaches(model, p, pl))
                            .map(|&pl| travel_cost(cx, p, pl))
                            .min_by(f64::total_cmp)
                    };
                    let Some(cost) = cost else {
                        continue;
                    };
                    let e = pool.people.entry(p).or_insert((0, f64::INFINITY));
                    e.0 += 1;
                    e.1 = e.1.min(cost);
                }
            }
        }
    }
    if pools.is_empty() {
        return None;
    }
    // Team memberships (CON-4), binary as in the MILP, at the team weight (fresh
    // solves: no change cost).
    let mut z: BTreeMap<(usize, usize), Var> = BTreeMap::new();
    for (&m, members) in &cx.part.teams {
        for &p in members {
            let zv = if binary {
                lp.binary(w.team_member)
            } else {
                lp.continuous(0.0, 1.0, w.team_member)
            };
            z.insert((p, m), zv);
        }
    }
    // y[p, pool]: the pool's needs p fills, at most the needs p may fill (one
    // assignment per need and person), each at p's least cost in the pool.
    let mut ys: Vec<(usize, usize, Var)> = Vec::new();
    let pool_list: Vec<&Pool> = pools.values().collect();
    for (gi, pool) in pool_list.iter().enumerate() {
        let mut vars = Vec::new();
        for (&p, &(cap, cost)) in &pool.people {
            let y = lp.continuous(0.0, f64::from(cap), cost);
            ys.push((gi, p, y));
            vars.push(y);
        }
        let total = f64::from(pool.total);
        if pool.outreach {
            // OUT-1: each need's own consultants are at most its count (the MILP's
            // rows, equality or not, all imply it; dropping the lower side relaxes).
            if !vars.is_empty() {
                lp.add(constraint!(sum(vars) <= total));
            }
        } else {
            // CON-3, SEM-4, ...: the MILP's cover rows summed over the pool, with the
            // sum of their slacks (same violation weight).
            let slack = lp.slack(0.0, total, w.violation);
            lp.hint(slack, total);
            lp.add(constraint!(sum(vars) + slack.1 == total));
        }
    }
    // CON-4: team minimums, as the MILP's rows.
    for (&m, people) in &cx.part.teams {
        let min = model.municipalities.get(m).map_or(0, |mu| mu.team_min);
        let members: Vec<Var> = people
            .iter()
            .filter_map(|&p| z.get(&(p, m)).copied())
            .collect();
        let slack = lp.slack(0.0, f64::from(min), w.violation);
        lp.hint(slack, f64::from(min));
        lp.add(constraint!(sum(members) + slack.1 >= f64::from(min)));
    }
    // Each person's day capacity per month: the month limit, the week limits of the
    // month's weeks (each week's part of the month holds at most that week's limit)
    // and the dates with a candidate need.
    let cap_of = |p: usize, dates: &BTreeSet<NaiveDate>| -> BTreeMap<(i32, u32), f64> {
        let s = &model.staff[p];
        let by_month = group(dates.iter().map(|d| ((d.year(), d.month()), *d)));
        by_month
            .into_iter()
            .map(|(t, ds)| {
                let weeks = group(
                    ds.iter()
                        .map(|d| ((d.iso_week().year(), d.iso_week().week()), *d)),
                );
                let by_weeks: u32 = weeks
                    .values()
                    .map(|wd| (wd.len() as u32).min(s.max_days_in_week_of(wd[0])))
                    .sum();
                let month = s.max_days_in_month_of(ds[0]);
                (t, f64::from(by_weeks.min(month).min(ds.len() as u32)))
            })
            .collect()
    };
    // The windows' cliques: the sets of windows that all cover one instant (a person
    // works at most one of them a day, CON-6).
    let mut windows: Vec<crate::model::TimeWindow> =
        pool_list.iter().filter_map(|p| p.window).collect();
    windows.sort_by_key(|w| (w.start, w.end));
    windows.dedup();
    let mut cliques: Vec<Vec<crate::model::TimeWindow>> = Vec::new();
    for t in windows.iter().map(|w| w.start) {
        let q: Vec<_> = windows
            .iter()
            .copied()
            .filter(|w| w.start <= t && t < w.end)
            .collect();
        if cliques.iter().any(|s| q.iter().all(|w| s.contains(w))) {
            continue;
        }
        cliques.retain(|s| !s.iter().all(|w| q.contains(w)));
        cliques.push(q);
    }
    let by_person = group(ys.iter().map(|&(gi, p, y)| (p, (gi, y))));
    let mut days_of: BTreeMap<usize, Expression> = BTreeMap::new();
    let mut day_columns = 0;
    for (p, held) in &by_person {
        let caps = dates_of.get(p).map(|ds| cap_of(*p, ds)).unwrap_or_default();
        let mut year = Expression::from(0.0);
        // Dated days per month.
        let dated = group(
            held.iter()
                .filter_map(|&(gi, y)| pool_list[gi].month.map(|t| (t, (gi, y)))),
        );
        for (t, in_month) in &dated {
            let cap = caps.get(t).copied().unwrap_or(0.0);
            // The month's days, weekday by weekday: days[p, month, weekday] is at most
            // that weekday's dates with a candidate need. Municipalities that consult
            // on the same weekday (CON-1) share those dates: a person works one place a
            // day (CON-6), which a month's pooled capacity alone would not see.
            let mut month_days = Expression::from(0.0);
            for (wd, in_wd) in group(
                in_month
                    .iter()
                    .map(|&(gi, y)| (pool_list[gi].weekday, (gi, y))),
            ) {
                let dates = dates_of.get(p).map_or(0, |ds| {
                    ds.iter()
                        .filter(|d| {
                            (d.year(), d.month()) == *t
                                && (wd == ANY_WEEKDAY || d.weekday().num_days_from_monday() == wd)
                        })
                        .count()
                });
                let wd_cap = cap.min(dates as f64);
                let days = lp.continuous(0.0, wd_cap, 0.0);
                day_columns += 1;
                // A worked day holds an assignment: the MILP's worked-day value is at
                // most the day's assignments (w <= Σ x, or w = x).
                lp.add(constraint!(days.1 <= sum(in_wd.iter().map(|e| e.1))));
                // CON-6: a day holds at most one assignment of a clique (the MILP's
                // clique rows on each person-day), and each assignment makes its day
                // worked.
                clique_rows(&mut lp, &pool_list, &cliques, &in_wd, &days.1.into());
                team_rows(&mut lp, &pool_list, &cliques, &z, *p, &in_wd, wd_cap);
                month_days += days.1;
            }
            // The month's limit over its weekdays, and CON-4 over the month as well (at
            // most the month's days when one a day). Pooled by month, the one group is
            // the month, and its column's bound and rows say both already.
            if pooling == Pooling::Weekday {
                lp.add(constraint!(month_days.clone() <= cap));
                team_rows(&mut lp, &pool_list, &cliques, &z, *p, in_month, cap);
            }
            year += month_days;
        }
        // Undated days (stage-1 events count for the year only): at most one per
        // undated assignment (the MILP's e <= var).
        let undated: Vec<(usize, Var)> = held
            .iter()
            .copied()
            .filter(|&(gi, _)| pool_list[gi].month.is_none())
            .collect();
        if !undated.is_empty() {
            let u = lp.continuous(0.0, f64::INFINITY, 0.0);
            day_columns += 1;
            lp.add(constraint!(u.1 <= sum(undated.iter().map(|e| e.1))));
            year += u.1;
        }
        // CON-6 over the year: the days worked are at least the assignments of any
        // clique (formulation::undated_cliques in the MILP, with its per-day rows).
        clique_rows(&mut lp, &pool_list, &cliques, held, &year);
        // MODEL-LIMIT: the year's limit (dated and undated days, as the MILP's row).
        let max = f64::from(model.staff[*p].max_days_per_year);
        lp.add(constraint!(year.clone() <= max));
        days_of.insert(*p, year);
    }
    // FAIR: stage 2's own fairness and contract terms on each person's days in the
    // year (the MILP's days_of, here its sum of month and undated days).
    fair_workload(&mut lp, cx, &mut v, &days_of);
    let band = w.contract.band;
    for share in v.fair_groups.iter().flat_map(|g| &g.0) {
        let [dev, short, far] = share.least(band, 0.0);
        lp.hint(share.dev, dev);
        lp.hint(share.short, short);
        lp.hint(share.far, far);
    }
    let terms = Terms {
        work: ys
            .iter()
            .map(|&(gi, p, y)| (y, pool_list[gi].people.get(&p).map_or(0.0, |c| c.1)))
            .collect(),
        teams: z.iter().map(|(&k, &v)| (k, v)).collect(),
    };
    Some((lp, (pool_list.len(), ys.len(), day_columns), terms))
}

/// CON-6 in [`aggregate_lp`]: `days` (one person's, over `held`'s pools) are at least
/// the assignments of each clique of windows (one of them a day).
fn clique_rows(
    lp: &mut Lp,
    pool_list: &[&Pool],
    cliques: &[Vec<crate::model::TimeWindow>],
    held: &[(usize, Var)],
    days: &Expression,
) {
    for q in cliques {
        let inside: Vec<Var> = held
            .iter()
            .filter(|e| pool_list[e.0].window.is_some_and(|w| q.contains(&w)))
            .map(|e| e.1)
            .collect();
        if !inside.is_empty() {
            lp.add(constraint!(days.clone() >= sum(inside)));
        }
    }
}

/// CON-4 in [`aggregate_lp`]: a consultation day of municipality m is its team's
/// (x <= z); summed over `held`'s pools of m (one person's, in one month or one
/// weekday of it), at most the needs p may fill there, and at most `cap` days when all
/// their windows share an instant (one a day, CON-6).
fn team_rows(
    lp: &mut Lp,
    pool_list: &[&Pool],
    cliques: &[Vec<crate::model::TimeWindow>],
    z: &BTreeMap<(usize, usize), Var>,
    p: usize,
    held: &[(usize, Var)],
    cap: f64,
) {
    let teams = group(
        held.iter()
            .filter_map(|&(gi, y)| pool_list[gi].team.map(|m| (m, (gi, y)))),
    );
    for (m, tys) in teams {
        let Some(zv) = z.get(&(p, m)) else {
            continue;
        };
        let needs: f64 = tys
            .iter()
            .map(|e| {
                pool_list[e.0]
                    .people
                    .get(&p)
                    .map_or(0.0, |c| f64::from(c.0))
            })
            .sum();
        let one_a_day = cliques.iter().any(|q| {
            tys.iter()
                .all(|e| pool_list[e.0].window.is_some_and(|w| q.contains(&w)))
        });
        let most = if one_a_day { needs.min(cap) } else { needs };
        lp.add(constraint!(sum(tys.iter().map(|e| e.1)) <= most * zv.1));
    }
}

/// A fresh problem with one fixed column standing for every assignment variable
/// [`fair_workload`] never reads.
fn lp_placeholder() -> (Lp, Var) {
    let mut lp = Lp::new();
    let v = lp.continuous(0.0, 0.0, 0.0);
    (lp, v)
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::super::tests::{alpha_day, staff, tiny};
    use super::super::Who;
    use super::super::{staff_part, Ctx, Fixings, Job, Mode, Part, Place, Reach};
    use super::{aggregate, aggregate_lp, floor, travel_cost, Pooling};
    use crate::milp::{Deadline, Run, SolveHooks, SolveOptions};
    use crate::model::Model;
    use crate::plan::SolveStatus;

    /// The exact whole-year bound of the part (its MILP, Mode::Bound), the aggregate's
    /// and the floor, for two consultants (c1 at home in alpha, c2 in gamma) and
    /// alpha's consultation days, two of them on one date (CON-6: one each).
    fn bounds(model: &Model) -> (f64, f64, f64, f64) {
        let (c1, c2) = (staff(model, "c1"), staff(model, "c2"));
        let jobs = vec![
            alpha_day(model, "a1", "2023-04-03"),
            alpha_day(model, "a2", "2023-04-03"),
            alpha_day(model, "a3", "2023-04-04"),
            alpha_day(model, "a4", "2023-05-09"),
            alpha_day(model, "a5", "2023-05-10"),
        ];
        let part = Part {
            people: [c1, c2].into(),
            needs: (0..jobs.len()).map(|j| (j, 0)).collect::<BTreeSet<_>>(),
            teams: BTreeMap::from([(0, vec![c1, c2])]),
            narrowing: None,
        };
        with_part(model, &jobs, &part, |cx, run, exact| {
            let agg = aggregate(cx, run, 30.0).expect("the aggregate's bound");
            // The root of the same relaxation bounds it from below, and is not tried
            // without the time for its LP.
            let (at_root, ended) =
                super::root(cx, run, 30.0, ["root", "root"]).expect("the root's bound");
            assert!(ended, "the tiny part's root ran out of 30 s");
            assert!(
                at_root <= exact + 1e-6,
                "root {at_root} above the exact {exact}"
            );
            assert!(
                at_root >= floor(cx) - 1e-6,
                "root {at_root} below the floor"
            );
            let short = super::LEAST_ROOT / 2.0;
            assert_eq!(super::root(cx, run, short, ["root", "root"]), None);
            // Nor on a part without teams with less than ROOT_WITHOUT_TEAMS seconds (the
            // aggregate stands in).
            let no_teams = Part {
                people: part.people.clone(),
                needs: part.needs.clone(),
                teams: BTreeMap::new(),
                narrowing: None,
            };
            let cx_no_teams = Ctx {
                part: &no_teams,
                ..*cx
            };
            assert_eq!(super::root(&cx_no_teams, run, 30.0, ["root", "root"]), None);
            let c2_to_alpha = travel_cost(cx, c2, Place::Municipality(0));
            (exact, agg, floor(cx), c2_to_alpha)
        })
    }

    /// Runs `f` on `part` of `jobs` with its context, a 60 s run and its exact
    /// whole-year bound (its MILP, Mode::Bound).
    fn with_part<T>(
        model: &Model,
        jobs: &[Job],
        part: &Part,
        f: impl FnOnce(&Ctx, &Run, f64) -> T,
    ) -> T {
        let fix = Fixings::default();
        let reach = Reach::of(model);
        let opts = SolveOptions::default();
        let hooks = SolveHooks::default();
        let run = Run {
            opts: &opts,
            deadline: Deadline::after(60.0),
            hooks: &hooks,
        };
        let cx = Ctx {
            model,
            jobs,
            fix: &fix,
            reach: &reach,
            part,
            relax: true,
            tight: true,
            narrow: false,
        };
        let (exact, _, _) = staff_part(
            model,
            jobs,
            &run,
            &fix,
            &reach,
            1.0,
            part,
            ["exact", "exact", "exact"],
            Mode::Bound,
            &crate::milp::NO_GUIDE,
        )
        .expect("HiGHS solves the tiny part");
        let exact = exact.ended[0].bound.expect("the exact part's bound");
        f(&cx, &run, exact)
    }

    /// The tiny fixture without its fairness and contract terms.
    fn without_fairness() -> Model {
        let mut model = tiny();
        model.objective.fairness = 0.0;
        model.objective.contract.shortfall = 0.0;
        model.objective.contract.far_short = 0.0;
        model
    }

    /// Without the fairness terms the aggregate is exact, by hand: both consultants
    /// join alpha's team (its minimum is 2, CON-4), c2 takes one of the two days of
    /// 3 April (one place a day, CON-6, which the floor ignores) and c1 the rest at
    /// no travel: 2 × 200 + c2's travel to alpha, the exact MILP's optimum too.
    #[test]
    fn the_aggregate_is_exact_on_a_tiny_part_without_fairness_and_lies_above_the_floor() {
        let model = without_fairness();
        let (exact, agg, least, c2_to_alpha) = bounds(&model);
        let by_hand = 2.0 * model.objective.team_member + c2_to_alpha;
        assert!(c2_to_alpha > 1.0, "c2 lives away from alpha");
        assert!(
            (agg - by_hand).abs() <= 1e-3,
            "aggregate {agg}, by hand {by_hand}"
        );
        assert!(
            (exact - by_hand).abs() <= 1e-3,
            "exact {exact}, by hand {by_hand}"
        );
        assert!(agg > least + 1.0, "aggregate {agg}, floor {least}");
    }

    /// Two consultation needs at alpha on Monday 3 April and one at beta on Tuesday 4
    /// April. Pooled by month, c1 (at home in alpha) fills both Monday needs: April
    /// holds two dates with a need c1 may fill, and the month's days cap them. A person
    /// works one place a day (CON-6), so in the part's MILP c1 takes one of them and
    /// someone from further away the other; pooled by weekday (one Monday), the
    /// aggregate sees that too.
    #[test]
    fn pooled_by_weekday_the_aggregate_sees_that_one_person_fills_one_need_a_monday() {
        let model = without_fairness();
        let who = |id: &str| staff(&model, id);
        let (c1, c2, c3) = (who("c1"), who("c2"), who("c3"));
        let mut b1 = alpha_day(&model, "b1", "2023-04-04");
        b1.place = Place::Municipality(1);
        b1.event.municipality = "beta".into();
        b1.event.venue = "beta-center".into();
        if let Some(need) = b1.needs.first_mut() {
            need.who = Who::TeamConsultant(1);
        }
        let jobs = vec![
            alpha_day(&model, "a1", "2023-04-03"),
            alpha_day(&model, "a2", "2023-04-03"),
            b1,
        ];
        let part = Part {
            people: [c1, c2, c3].into(),
            needs: (0..jobs.len()).map(|j| (j, 0)).collect::<BTreeSet<_>>(),
            teams: BTreeMap::from([(0, vec![c1, c2]), (1, vec![c1, c3])]),
            narrowing: None,
        };
        with_part(&model, &jobs, &part, |cx, run, exact| {
            // Each pooling's MILP (z binary) solved to its optimum.
            let optimum = |pooling: Pooling| {
                let (lp, _, _) = aggregate_lp(cx, true, pooling).expect("needs to pool");
                let sol = lp
                    .solve(run.opts, 30.0)
                    .expect("HiGHS solves the aggregate");
                assert!(matches!(sol.status, SolveStatus::Optimal), "{pooling:?}");
                sol.real + sol.penalties
            };
            let (month, weekday) = (optimum(Pooling::Month), optimum(Pooling::Weekday));
            let c2_to_alpha = travel_cost(cx, c2, Place::Municipality(0));
            assert!(c2_to_alpha > 1.0, "c2 lives away from alpha");
            assert!(
                month + c2_to_alpha / 2.0 < weekday,
                "month {month}, weekday {weekday}, exact {exact}"
            );
            assert!(
                weekday <= exact + 1e-6,
                "weekday {weekday} above the exact {exact}"
            );
            assert!(
                (weekday - exact).abs() <= 1e-3,
                "weekday {weekday}, exact {exact}"
            );
            // And `aggregate`, with the time for both, reports the weekday pooling's.
            let agg = aggregate(cx, run, 30.0).expect("the aggregate's bound");
            assert!(
                (agg - weekday).abs() <= 1e-2,
                "aggregate {agg}, weekday {weekday}"
            );
        });
    }

    /// With the fixture's fairness terms the aggregate counts days per month, not per
    /// date, and fractional days: still at most the exact bound, and above the floor.
    #[test]
    fn the_aggregate_lies_between_the_floor_and_the_exact_bound_with_fairness() {
        let (exact, agg, least, _) = bounds(&tiny());
        assert!(
            agg <= exact + 1e-6,
            "aggregate {agg} above the exact {exact}"
        );
        assert!(
            agg >= least - 1e-6,
            "aggregate {agg} below the floor {least}"
        );
    }
}
