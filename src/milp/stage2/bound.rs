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
//! - the whole-year bound ([`super::tight_bound`]) of the part is [`floor`], a sum of
//!   what each need and each team costs at the least, computed without a solver;
//! - the dates' guide (Mode::Guide) leaves the part out: it would not end in its time,
//!   and stage 1's second pass goes on at once with the guide's other parts (without
//!   the large part's preferences its dates are chosen as in the first pass).
//!
//! Smaller parts (the shipped year's) keep the exact MILPs, so their plan and bound
//! are the same as before.

use super::formulation::{preference_cost, travel_cost};
use super::{broad, candidate, Ctx, Fixings, Job, Mode, Part, Reach, Run, Stage2, Who};
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
fn is_large(run: &Run, part: &Part) -> bool {
    part.size() >= run.hooks.large_part.unwrap_or(LARGE_PART)
}

/// A large part of the whole-year bound or of the dates' guide, answered without
/// HiGHS: the bound's is [`floor`], the guide's nothing (no bound, no preferences).
/// `None` for every other part and mode, which are solved as usual. With `--verbose`,
/// says which path each part of the whole-year bound takes.
#[allow(clippy::too_many_arguments)]
pub(super) fn large_part(
    model: &Model,
    jobs: &[Job],
    fix: &Fixings,
    reach: &Reach,
    run: &Run,
    part: &Part,
    mode: Mode,
    of: &str,
) -> Option<(Stage2, usize, usize)> {
    let large = is_large(run, part);
    if run.opts.verbose && matches!(mode, Mode::Bound) {
        eprintln!(
            "joint bound: {of}: {} needs x {} people, {}",
            part.needs.len(),
            part.people.len(),
            if large {
                "least cost of each need and team"
            } else {
                "MILP"
            }
        );
    }
    if !large || matches!(mode, Mode::Staff) {
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
    Some(unsolved(&cx, mode, &format!("joint bound: {of}")))
}

/// A part of the whole-year bound or of the dates' guide not solved by HiGHS (too
/// large, or out of time without an answer): the bound's part is [`floor`], the
/// guide's has no bound and no preferences (stage 1's second pass dates its events as
/// the first pass did).
pub(super) fn unsolved(cx: &Ctx, mode: Mode, name: &str) -> (Stage2, usize, usize) {
    let bound = matches!(mode, Mode::Bound).then(|| floor(cx));
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
/// The dates' guide keeps HiGHS's.
pub(super) fn at_least_floor(cx: &Ctx, mode: Mode, bound: Option<f64>) -> Option<f64> {
    if !matches!(mode, Mode::Bound) {
        return bound;
    }
    let least = floor(cx);
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
