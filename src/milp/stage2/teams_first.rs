//! Issue 20 part 2: a consultant part too large for one MILP (connected geography,
//! where every consultant reaches dozens of municipalities) is staffed by a
//! large-neighbourhood search from its constructive start.
//!
//! 1. The part's constructive start is built on the whole part, as for any part
//!    (`warm_start`: the greedy, `lift_far_short`, `improve`). It is the plan if no
//!    time is left.
//! 2. [`lns::search`] then frees, first and once, every consultation day to the
//!    teams the part's aggregated relaxation uses (`bound::team_support`, its LP
//!    solved in at most [`SUPPORT_SHARE`] of the part's time), then one
//!    neighbourhood at a time (a few people and every day they work, or a few
//!    municipalities and all their days), and fixes the rest at the incumbent,
//!    through a [`Narrowing`] of the whole part's MILP: every rule row stays (CON-3,
//!    CON-4, CON-6, MODEL-LIMIT, OUT-1, fairness on the whole part's ratios), the
//!    incumbent is each step's MIP start, and a step is kept only when it is cheaper.
//!    So the result is a plan of the full part that costs at most the start and never
//!    leaves a need unstaffed that the start staffed.
//!
//! The steps bound nothing: the part reports no bound of its own (its gap is measured
//! against the whole-year bound only).
//!
//! The dates' guide of such a part ([`guide_large`]) is narrowed to the same start's
//! consultation days, so it ends in seconds and still steers the seminars' dates.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::lns;
use super::warm_start::warm_start;
use super::{
    candidate, formulate, Ctx, Ended, Fixings, Job, Lp, Model, Part, Reach, Run, SolveError,
    StaffingVars, Stage2, Who,
};
use crate::model::Role;

/// Above this many (consultation day, candidate) pairs a fresh solve's part is staffed
/// teams first (`SolveHooks::teams_first` overrides it). Measured: the shipped year's
/// consultant part has 7,208; two copies of it within reach of each other 27,298
/// (0.15° apart) and 28,733 (0.6°); the pairs grow about fourfold per doubling of a
/// connected layout. About three times the shipped year's: the shipped year, K = 1
/// and every separate layout (3°, one copy per part) keep the exact MILP and their
/// outputs.
pub(super) const LARGE_PAIRS: usize = 20_000;

/// The most of a teams-first part's time its relaxation's teams may take
/// (`bound::team_support`).
const SUPPORT_SHARE: f64 = 0.2;

/// With less than this many seconds for the part, the constructive start is its plan
/// (what its MILP would return out of time), without a search.
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
    /// Each consultation day's allowed people and the whole part's ratios.
    pub(super) fn new(
        allowed: BTreeMap<(usize, usize), BTreeSet<usize>>,
        ratios: BTreeMap<Role, f64>,
    ) -> Self {
        Narrowing { allowed, ratios }
    }

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
        tell!("{pairs} (consultation day, candidate) pairs; teams first above {large}");
    }
    pairs > large
}

/// Whether the dates' guide (Mode::Guide) of `part` is narrowed to its constructive
/// start ([`guide_large`]): a large part (`bound::is_large`) with teams (CON-4) of a
/// fresh solve, not itself a narrowed part. `bound::large_part` lets these through to
/// `staff_part`, which dispatches them here.
pub(super) fn guides(run: &Run, fix: &Fixings, part: &Part) -> bool {
    !part.teams.is_empty()
        && part.narrowing.is_none()
        && fix.is_fresh()
        && super::bound::is_large(run, part)
}

/// The whole part's fairness ratios: each role group's days per contracted day
/// (`fair_workload`), which every step of the search keeps.
pub(super) fn ratios(model: &Model, v: &StaffingVars) -> BTreeMap<Role, f64> {
    let mut out = BTreeMap::new();
    for (shares, ratio) in &v.fair_groups {
        let role = shares
            .first()
            .and_then(|s| model.staff[s.person].roles.first().copied());
        if let Some(g) = role {
            out.insert(g, *ratio);
        }
    }
    out
}

/// The dates' guide (Mode::Guide) of a large part with teams (`bound::is_large`),
/// whose own relaxation would not end in any time a run has: the part's constructive
/// start on stage 1's first dates (as stage 2 builds it), then the guide's relaxation
/// with each consultation day (CON-3) narrowed to the people the start put on it and
/// each team (CON-4) to its members there, every seminar and series event left
/// undated over all its dates and places. So the guide places the events around the
/// consultants' days as staffed, and its staffing steers stage 1's second pass and
/// stage 2's start as on a small part. Two copies of the shipped year 0.15° apart,
/// `--time-limit 300`: its consultant part's start 43,859.0 on the first dates, and
/// after the search 37,044.1 without a guide; with the whole part's guide (56 s) the
/// start was 37,771.6 and the search's plan 35,844.0 after 120 s.
#[allow(clippy::too_many_arguments)]
pub(super) fn guide_large(
    model: &Model,
    jobs: &[Job],
    run: &Run,
    fix: &Fixings,
    reach: &Reach,
    share: f64,
    part: &Part,
    names: [&str; 3],
) -> Result<(Stage2, usize, usize), SolveError> {
    let cx = Ctx::whole(model, jobs, fix, reach, part);
    let (first, ratios) = match constructive_start(&cx, run, &crate::milp::NO_GUIDE, names[1]) {
        Ok(Start { first, ratios, .. }) => (first, ratios),
        // No time left for the start: the guide goes on without the part.
        Err(SolveError::OutOfTime(_)) => {
            return Ok(super::bound::unsolved(&cx, super::Mode::Guide, names[0]))
        }
        Err(e) => return Err(e),
    };
    // A consultation day the start left unstaffed allows nobody (its slack stays).
    let mut allowed: BTreeMap<(usize, usize), BTreeSet<usize>> = BTreeMap::new();
    for &(ji, ni, p) in &first.on {
        let consultation = jobs
            .get(ji)
            .and_then(|j| j.needs.get(ni))
            .is_some_and(|n| matches!(n.who, Who::TeamConsultant(_)));
        if consultation {
            allowed.entry((ji, ni)).or_default().insert(p);
        }
    }
    let sub = narrowed(part, allowed, |p, m| first.team.contains(&(p, m)), ratios);
    let (mut guide, people, needs) = super::staff_part(
        model,
        jobs,
        run,
        fix,
        reach,
        share,
        &sub,
        names,
        super::Mode::Guide,
        &crate::milp::NO_GUIDE,
    )?;
    // The narrowed relaxation's bound is no bound on the part: none is claimed (the
    // whole-year bound falls back on the guide's parts when its own thread fails).
    for ended in &mut guide.ended {
        ended.bound = None;
        ended.report.gap = None;
    }
    Ok((guide, people, needs))
}

/// `part` with each consultation day (CON-3) taking only the people `allowed` gives
/// it (none where it has no entry) and each team (CON-4) only the members for whom
/// `on_team(person, municipality)` holds, priced on the whole part's fairness
/// `ratios`: a step of the search (lns.rs) or a large part's guide.
pub(super) fn narrowed(
    part: &Part,
    allowed: BTreeMap<(usize, usize), BTreeSet<usize>>,
    on_team: impl Fn(usize, usize) -> bool,
    ratios: BTreeMap<Role, f64>,
) -> Part {
    let teams = part
        .teams
        .iter()
        .map(|(&m, people)| {
            let keep: Vec<usize> = people.iter().copied().filter(|&p| on_team(p, m)).collect();
            (m, keep)
        })
        .collect();
    Part {
        people: part.people.clone(),
        needs: part.needs.clone(),
        teams,
        narrowing: Some(Arc::new(Narrowing::new(allowed, ratios))),
    }
}

/// A large part's constructive start (`warm_start` on the whole part, no time for
/// HiGHS: the start itself, priced), its fairness ratios and the cost of its frozen
/// history (a re-plan's; none in a fresh solve).
pub(super) struct Start {
    pub(super) first: lns::Incumbent,
    pub(super) ratios: BTreeMap<Role, f64>,
    pub(super) constant: f64,
}

/// The constructive start of `cx`'s whole part, as the part's own MILP would take it,
/// with the dates' guide's staffing first where it fits (see [`Start`]).
pub(super) fn constructive_start(
    cx: &Ctx,
    run: &Run,
    guide: &crate::milp::GuideStaffing,
    label: &str,
) -> Result<Start, SolveError> {
    let mut lp = Lp::new();
    let v = formulate(&mut lp, cx);
    let start = super::warm_start::Start {
        guide,
        until: Some(run.deadline),
        ..v.start(false)
    };
    warm_start(&mut lp, cx.model, cx.jobs, &v.xs, &start);
    // A limit below HiGHS's least returns the MIP start itself, priced (`Lp::solve`).
    let sol = lp.solve(run.opts, 0.0)?;
    if run.opts.verbose {
        tell!(
            "{label}: constructive start {:.1} (penalties {:.1}), {} people, {} needs",
            sol.real,
            sol.penalties,
            cx.part.people.len(),
            cx.part.needs.len()
        );
    }
    Ok(Start {
        first: lns::read(cx, &v, &sol),
        ratios: ratios(cx.model, &v),
        constant: v.history.travel + v.history.preference,
    })
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
    guide: &crate::milp::GuideStaffing,
) -> Result<(Stage2, usize, usize), SolveError> {
    let cx = Ctx::whole(model, jobs, fix, reach, part);
    let Start {
        first,
        ratios,
        constant,
    } = constructive_start(&cx, run, guide, label)?;
    let seconds = run.deadline.remaining() * share;
    // With too little time the start is the plan, as the part's own MILP would have
    // returned it; otherwise the large-neighbourhood search improves it (lns.rs).
    let found = if seconds < LEAST_SECONDS {
        lns::Searched {
            best: first,
            steps: 0,
            improved: 0,
            skipped: 0,
            target: 0,
            timed_out: true,
        }
    } else {
        // The teams the relaxation leans on, for the search's first step.
        let at = std::time::Instant::now();
        let guide = if lns::tries_teams(seconds * (1.0 - SUPPORT_SHARE)) {
            super::bound::team_support(&cx, run, seconds * SUPPORT_SHARE)
        } else {
            None
        };
        if run.opts.verbose {
            tell!(
                "{label}: the relaxation's teams: {} memberships in {:.1} s",
                guide.as_ref().map_or(0, BTreeSet::len),
                at.elapsed().as_secs_f64()
            );
        }
        let seconds = seconds - at.elapsed().as_secs_f64();
        lns::search(
            model,
            jobs,
            run,
            fix,
            reach,
            part,
            &ratios,
            first,
            seconds,
            lns::TARGET_PAIRS,
            guide,
            [label, file],
        )?
    };
    if run.opts.verbose {
        tell!(
            "{label}: {} neighbourhoods, {} improved, {} skipped as solved since the last improvement, {:.1} (neighbourhoods of {} pairs at the end)",
            found.steps, found.improved, found.skipped, found.best.cost, found.target
        );
    }
    let plan = found.best.plan;
    // The steps' bounds are no bound on the part: the part reports none.
    let ended = Ended {
        report: crate::plan::PartReport {
            name: format!("{name} (teams first)"),
            status: if found.timed_out {
                crate::plan::SolveStatus::TimeLimit
            } else {
                crate::plan::SolveStatus::GapLimit
            },
            gap: None,
            from_start: found.improved == 0,
        },
        real: plan.decided + constant,
        bound: None,
    };
    Ok(plan.staffed(ended))
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::tests::{alpha_team_part, alpha_ten_days, tiny};

    /// On a small part forced onto the teams-first path: every consultation day is
    /// staffed (no violation), the part is reported "(teams first)" without a bound,
    /// and its objective is at most the whole part's constructive start's.
    #[test]
    fn teams_first_costs_no_more_than_the_constructive_start() {
        let model = tiny();
        let jobs = alpha_ten_days(&model);
        let (fix, reach) = (Fixings::default(), Reach::of(&model));
        let part = &alpha_team_part(&model, &fix, &reach);
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
        let cx = Ctx::whole(&model, &jobs, &fix, &reach, part);
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
            &crate::milp::NO_GUIDE,
        )
        .expect("a plan");
        assert!(out.violations.is_empty(), "{:?}", out.violations);
        let staffed: BTreeSet<&str> = out
            .assignments
            .iter()
            .map(|a| a.event_id.as_str())
            .collect();
        assert_eq!(staffed.len(), jobs.len(), "{:?}", out.assignments);
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

    /// A large part's dates' guide is narrowed to its constructive start's
    /// consultation days: on alpha's ten days (CON-3) it staffs each day with exactly
    /// the people the start put on it (its staffing, which steers stage 1 and stage 2's
    /// start, is the start's there), keeps every day staffed, and claims no bound.
    #[test]
    fn a_large_parts_guide_keeps_its_constructive_starts_consultation_days() {
        let model = tiny();
        let jobs = alpha_ten_days(&model);
        let (fix, reach) = (Fixings::default(), Reach::of(&model));
        let part = &alpha_team_part(&model, &fix, &reach);
        let opts = crate::milp::SolveOptions::default();
        let hooks = crate::milp::SolveHooks::default();
        let run = Run {
            opts: &opts,
            deadline: crate::milp::lp::Deadline::after(60.0),
            hooks: &hooks,
        };
        let cx = Ctx::whole(&model, &jobs, &fix, &reach, part);
        let start = constructive_start(&cx, &run, &crate::milp::NO_GUIDE, "test")
            .expect("the start")
            .first;
        let mut by_event: BTreeMap<String, BTreeSet<(usize, usize)>> = BTreeMap::new();
        for &(ji, ni, p) in &start.on {
            by_event
                .entry(jobs[ji].event.event_id.clone())
                .or_default()
                .insert((ni, p));
        }
        assert_eq!(by_event.len(), jobs.len(), "the start staffs every day");
        let (guide, _, _) = guide_large(
            &model,
            &jobs,
            &run,
            &fix,
            &reach,
            1.0,
            part,
            ["guide", "guide", "guide"],
        )
        .expect("the guide");
        assert_eq!(guide.prefs.staffed, by_event);
        // The narrowed relaxation bounds only its narrowed choice: no bound is claimed.
        let [ended] = guide.ended.as_slice() else {
            panic!("one part report: {}", guide.ended.len())
        };
        assert_eq!(ended.bound, None);
    }
}
