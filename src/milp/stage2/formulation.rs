//! The centre's staffing MILP for one part, one function per rule family. The order in
//! which they run is the order of columns and rows HiGHS sees (see `staff_part`).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use good_lp::{constraint, Expression};

use super::{
    broad, candidate, cliques, eligible, fits_free, sum, Ctx, FairShare, History, Job, JobNeed, Lp,
    Place, StaffingVars, TimeWindow, Var, Who, FAR_SHARE, X,
};
use crate::milp::group;
use crate::milp::slack::{Reading, SlackTag};
use crate::model::Role;
use crate::plan::cause::Cause;

/// Each person's worked-day expressions by date: 1 for a history day, the assignment
/// variable or the worked-day variable for a day of the plan.
pub(super) type DaysWorked = BTreeMap<usize, Vec<(NaiveDate, Expression)>>;

/// Travel to `place` and back, in objective units (the travel term).
pub(super) fn travel_cost(cx: &Ctx, p: usize, place: Place) -> f64 {
    let w = &cx.model.objective;
    2.0 * cx.model.distance_km(cx.model.staff[p].home, place) * w.travel_per_km
}

/// A consultant placed outside the municipalities they prefer pays the preference
/// weight (the preference term; only team consultations, CON-4, have a municipality).
pub(super) fn preference_cost(cx: &Ctx, p: usize, who: Who, d: NaiveDate) -> f64 {
    let prefers = cx.model.staff[p].prefers_on(d);
    match who {
        Who::TeamConsultant(m) if !prefers.is_empty() && !prefers.contains(&m) => {
            cx.model.objective.preference
        }
        _ => 0.0,
    }
}

/// Keeping decisions in a re-plan (CON-7): an assignment the baseline did not have
/// costs a change (twice near the re-plan date); a hand-made (pinned) one earns the
/// pin weight, so only a rule moves it.
fn change_cost(cx: &Ctx, job: &Job, p: usize) -> f64 {
    let fix = cx.fix;
    if fix.baseline.contains(&(job.event.event_id.clone(), p)) {
        if fix.pinned.contains(&(job.event.event_id.clone(), p)) {
            -fix.pin_weight
        } else {
            0.0
        }
    } else {
        fix.change_cost(job.date)
    }
}

/// Every need of the part is met (CON-3 consultation days, SEM-4 lecturers, SEM-5
/// reception, SEM-7 childcare, OUT-1, ONE-1, FAIR-1, RT-1 staff, OFF-1 office), short
/// only at the violation weight: one row per need over its candidates' assignment
/// variables. History needs only count (see [`count_history`]); in the joint bound an
/// undated event may take any of its dates and places ([`undated_candidates`]).
pub(super) fn cover_needs(lp: &mut Lp, cx: &Ctx, v: &mut StaffingVars) {
    // Whole-year bound only: where each undated need's variables are in `free_xs`.
    let mut undated_of: BTreeMap<(usize, usize), std::ops::Range<usize>> = BTreeMap::new();
    for (ji, job) in cx.jobs.iter().enumerate() {
        let is_frozen = cx.frozen(job.date);
        for (ni, need) in job.needs.iter().enumerate() {
            if !cx.part.needs.contains(&(ji, ni)) {
                continue;
            }
            if is_frozen {
                count_history(cx, job, need, &mut v.history);
                continue;
            }
            if matches!(need.who, Who::OutreachConsultant { .. }) && cx.relax && job.free.is_some()
            {
                if cx.tight {
                    undated_outreach_consultation(lp, cx, ji, need, v, &undated_of);
                }
                // The relaxation that steers stage 1 leaves OUT-1's consultation row
                // out (the undated lecturer's variables name no need); the whole-year
                // bound lets consultants take its slots (a bound with fairness on).
                continue;
            }
            let from = v.free_xs.len();
            let vars = match (cx.relax, &job.free) {
                (true, Some(f)) => undated_candidates(lp, cx, ji, need, f, v),
                _ => dated_candidates(lp, cx, ji, ni, v),
            };
            undated_of.insert((ji, ni), from..v.free_xs.len());
            let big = cx.model.objective.violation;
            if let Who::OutreachConsultant { lecturer } = need.who {
                outreach_consultation(lp, cx, v, ji, ni, lecturer, vars);
                continue;
            }
            let slack = lp.slack(0.0, f64::from(need.count), big);
            lp.add(constraint!(sum(vars) + slack.1 == f64::from(need.count)));
            v.cover_slack.push((ji, ni, slack));
            v.slack.add(slack, unfilled(job, need, big));
        }
    }
    undated_of.retain(|_, r| r.start < r.end);
    v.undated_of = undated_of;
}

/// Whole-year bound only (`tight`): an undated outreach seminar's consultation slots
/// (OUT-1) as a plan fills them, whatever its date: its lecturer covers them when they
/// meet CON-5, else consultants take them. With `own` the consultants on them, `any`
/// and `all` its lecturers who meet CON-5 under some and under all their terms
/// (`[[staff_change]]`), every rule-abiding plan has `own + any ≥ count` and, with one
/// lecturer, `own + all ≤ count` (else `own ≤ count`), as [`outreach_consultation`]
/// has on a date. Leaving the slots out, as the relaxation that steers stage 1 does,
/// is no relaxation once fairness pays for days: a consultant short of their share
/// earns a day on such a slot in the plan and could not in the bound (generated models
/// with fairness on, up to 23.6 above their plan). The steering relaxation keeps
/// leaving them out, so the plan does not change.
fn undated_outreach_consultation(
    lp: &mut Lp,
    cx: &Ctx,
    ji: usize,
    need: &JobNeed,
    v: &mut StaffingVars,
    undated_of: &BTreeMap<(usize, usize), std::ops::Range<usize>>,
) {
    let job = &cx.jobs[ji];
    let Some(f) = &job.free else {
        return;
    };
    let Who::OutreachConsultant { lecturer } = need.who else {
        return;
    };
    let count = f64::from(need.count);
    // The lecturers' variables, when their need is in this part and came first.
    let lecturers = lecturer.and_then(|k| {
        let range = undated_of.get(&(ji, k))?.clone();
        let meets = |p: usize, every: bool| {
            let terms = cx.model.staff[p].every_terms();
            let mut met = terms.iter().map(|s| cx.model.meets_con5(s));
            if every {
                met.all(|m| m)
            } else {
                met.any(|m| m)
            }
        };
        let xs = v.free_xs.get(range)?;
        let any: Vec<Var> = xs
            .iter()
            .filter(|x| meets(x.1, false))
            .map(|x| x.2)
            .collect();
        let all: Vec<Var> = xs
            .iter()
            .filter(|x| meets(x.1, true))
            .map(|x| x.2)
            .collect();
        Some((any, all))
    });
    let one_lecturer = lecturer
        .and_then(|k| job.needs.get(k))
        .is_none_or(|n| n.count <= 1);
    let own = undated_candidates(lp, cx, ji, need, f, v);
    match (lecturer, lecturers) {
        (None, _) => {
            let slack = lp.slack(0.0, count, cx.model.objective.violation);
            lp.add(constraint!(sum(own) + slack.1 == count));
        }
        (Some(_), Some((any, all))) => {
            let slack = lp.slack(0.0, count, cx.model.objective.violation);
            lp.add(constraint!(sum(own.clone()) + sum(any) + slack.1 >= count));
            if one_lecturer {
                lp.add(constraint!(sum(own) + sum(all) <= count));
            } else {
                lp.add(constraint!(sum(own) <= count));
            }
        }
        // The lecturers' variables are not known here: only the cap holds surely.
        (Some(_), None) => {
            if !own.is_empty() {
                lp.add(constraint!(sum(own) <= count));
            }
        }
    }
}

/// OUT-1: an outreach seminar's consultation slots have someone who meets CON-5: the
/// person on its lecturer need when they meet it, else a consultant placed on this need
/// (`own`). With one lecturer the row is an equality, so no consultant is added beside
/// a qualified lecturer (fairness would otherwise buy days with them).
#[allow(clippy::too_many_arguments)]
fn outreach_consultation(
    lp: &mut Lp,
    cx: &Ctx,
    v: &mut StaffingVars,
    ji: usize,
    ni: usize,
    lecturer: Option<usize>,
    own: Vec<Var>,
) {
    let job = &cx.jobs[ji];
    let need = &job.needs[ni];
    let big = cx.model.objective.violation;
    let count = f64::from(need.count);
    let covering: Vec<Var> = match lecturer {
        Some(k) => {
            v.xs.iter()
                .filter(|x| x.job == ji && x.need == k)
                .filter(|x| cx.model.meets_con5(&cx.model.staff[x.staff].on(job.date)))
                .map(|x| x.var)
                .collect()
        }
        None => Vec::new(),
    };
    let lecturers = lecturer
        .and_then(|k| job.needs.get(k))
        .map_or(0, |n| n.count);
    let slack = lp.slack(0.0, count, big);
    if lecturers <= 1 {
        lp.add(constraint!(sum(own) + sum(covering) + slack.1 == count));
    } else {
        lp.add(constraint!(
            sum(own.clone()) + sum(covering) + slack.1 >= count
        ));
        lp.add(constraint!(sum(own) + slack.1 <= count));
    }
    v.cover_slack.push((ji, ni, slack));
    v.slack.add(slack, unfilled(job, need, big));
}

/// The slack of a need of `job` (its rule, CON-3 for a consultation day), `big` a
/// person short; who was kept away is read from the plan (`decode`).
fn unfilled(job: &Job, need: &JobNeed, big: f64) -> SlackTag {
    let cause = Cause::NeedUnfilled {
        municipality: job.event.municipality.clone(),
        date: job.event.date.clone(),
        count: need.count,
        role: need.role.into(),
        why: None,
    };
    SlackTag::new(need.rule, cause, big, Reading::Count)
        .on(Some(job.date))
        .event(job.event.event_id.clone())
}

/// History is copied from the baseline after the solve; here it only counts: days
/// worked (limits, fairness), travel and preference, as constants, so a conflict in
/// the past cannot make the future infeasible. Who staffed a municipality's day is on
/// its team (CON-4).
fn count_history(cx: &Ctx, job: &Job, need: &JobNeed, history: &mut History) {
    for &p in &cx.part.people {
        if cx.fix.baseline.contains(&(job.event.event_id.clone(), p)) {
            history.days.insert((p, job.date));
            history.travel += travel_cost(cx, p, job.place);
            if let Who::TeamConsultant(m) = need.who {
                let prefers = cx.model.staff[p].prefers_on(job.date);
                if !prefers.is_empty() && !prefers.contains(&m) {
                    history.preference += cx.model.objective.preference;
                }
                history.team.insert((p, m));
            }
            history.kept += 1;
        }
    }
}

/// The joint bound: this event may have any of its dates and places, so anyone who
/// could staff it somewhere, sometime, may. With several places, the event is at one
/// of them (shared by its needs in this part), and each person pays the travel to it.
fn undated_candidates(
    lp: &mut Lp,
    cx: &Ctx,
    ji: usize,
    need: &JobNeed,
    f: &crate::milp::Free,
    v: &mut StaffingVars,
) -> Vec<Var> {
    let job = &cx.jobs[ji];
    let mut places: Vec<Place> = f.places.clone();
    if !places.contains(&job.place) {
        places.push(job.place);
    }
    let at: Vec<(Place, Var)> = if places.len() > 1 {
        v.place_of
            .entry(ji)
            .or_insert_with(|| {
                let us: Vec<(Place, Var)> = places.iter().map(|&pl| (pl, lp.binary(0.0))).collect();
                lp.add(constraint!(sum(us.iter().map(|u| u.1)) == 1.0));
                us
            })
            .clone()
    } else {
        Vec::new()
    };
    let mut vars = Vec::new();
    for &p in &cx.part.people {
        if !broad(cx.model, cx.fix, cx.reach, job, need, p) {
            continue;
        }
        let var = if at.is_empty() {
            lp.binary(travel_cost(cx, p, job.place))
        } else {
            let var = lp.binary(0.0);
            let mut legs = Vec::new();
            for &(pl, u) in &at {
                if cx.reach.reaches(cx.model, p, pl) {
                    let leg = lp.continuous(0.0, 1.0, travel_cost(cx, p, pl));
                    lp.add(constraint!(leg.1 <= u.1));
                    legs.push((pl, leg));
                }
            }
            lp.add(constraint!(sum(legs.iter().map(|l| l.1)) == var.1));
            v.legs.insert(v.free_xs.len(), legs);
            var
        };
        vars.push(var);
        v.free_xs.push((ji, p, var));
    }
    vars
}

/// One assignment variable per candidate of a dated need, priced by travel,
/// preference and change, each followed by its team link (CON-4).
fn dated_candidates(lp: &mut Lp, cx: &Ctx, ji: usize, ni: usize, v: &mut StaffingVars) -> Vec<Var> {
    let job = &cx.jobs[ji];
    let need = &job.needs[ni];
    let mut vars = Vec::new();
    for &p in &cx.part.people {
        if !candidate(cx.model, cx.fix, cx.reach, job, need, p) {
            continue;
        }
        // Teams first (issue 20 part 2): a search step's consultation day takes only
        // the people its neighbourhood allows (lns.rs).
        if let (true, Some(n), Who::TeamConsultant(_)) = (cx.narrow, &cx.part.narrowing, need.who) {
            if !n.allows(ji, ni, p) {
                continue;
            }
        }
        let travel = travel_cost(cx, p, job.place);
        let preference = preference_cost(cx, p, need.who, job.date);
        let change = change_cost(cx, job, p);
        let var = lp.binary(travel + preference + change);
        v.teams.link(lp, var, need.who, p);
        vars.push(var);
        v.xs.push(X {
            job: ji,
            need: ni,
            staff: p,
            var,
            travel,
            preference,
            cost: travel + preference + change,
        });
    }
    vars
}

/// A person is in one place at a time (CON-6): on each day, each set of mutually
/// overlapping windows holds at most one of their assignments. The same pass defines
/// whether a person works a day (for the limits and fairness); history days count as
/// worked.
pub(super) fn one_place_at_a_time(lp: &mut Lp, cx: &Ctx, v: &mut StaffingVars) -> DaysWorked {
    let jobs = cx.jobs;
    let xs = &v.xs;
    let by_person_day = group(
        xs.iter()
            .enumerate()
            .map(|(i, x)| ((x.staff, jobs[x.job].date), i)),
    );
    let mut day_worked: DaysWorked = BTreeMap::new();
    for ((p, d), idx) in &by_person_day {
        let uses: Vec<(TimeWindow, Var)> = idx
            .iter()
            .map(|&i| (jobs[xs[i].job].window, xs[i].var))
            .collect();
        for clique in cliques(&uses) {
            lp.add(constraint!(sum(clique) <= 1.0));
        }
        let worked: Expression = if idx.len() == 1 {
            xs[idx[0]].var.1.into()
        } else {
            // Worked that day exactly when assigned at least once: w is squeezed
            // between each assignment and their sum, so fairness cannot count a day
            // nobody works.
            let wv = lp.continuous(0.0, 1.0, 0.0);
            for &i in idx {
                lp.add(constraint!(wv.1 >= xs[i].var.1));
            }
            lp.add(constraint!(wv.1 <= sum(idx.iter().map(|&i| xs[i].var))));
            v.w_vars.insert((*p, *d), wv);
            wv.1.into()
        };
        day_worked.entry(*p).or_default().push((*d, worked));
    }
    for &(p, d) in &v.history.days {
        day_worked
            .entry(p)
            .or_default()
            .push((d, Expression::from(1.0)));
    }
    // Everyone of the part is scored for fairness, whatever dates stage 1 chose (who
    // is in the part does not depend on them).
    for &p in &cx.part.people {
        day_worked.entry(p).or_default();
    }
    day_worked
}

/// Joint bound only: an undated assignment is a day of its own when its window
/// overlaps every window the person could work (no other work fits beside it on its
/// day); otherwise it counts anything from no day to one. Returns each person's
/// undated days (they count for the year only).
pub(super) fn undated_days(
    lp: &mut Lp,
    cx: &Ctx,
    v: &mut StaffingVars,
    day_worked: &mut DaysWorked,
) -> BTreeMap<usize, Vec<Expression>> {
    let jobs = cx.jobs;
    let mut windows_of: BTreeMap<usize, Vec<TimeWindow>> = BTreeMap::new();
    for x in &v.xs {
        windows_of
            .entry(x.staff)
            .or_default()
            .push(jobs[x.job].window);
    }
    for &(ji, p, _) in &v.free_xs {
        windows_of.entry(p).or_default().push(jobs[ji].window);
    }
    let mut free_days: BTreeMap<usize, Vec<Expression>> = BTreeMap::new();
    let mut part_day = BTreeMap::new();
    for (i, &(ji, p, var)) in v.free_xs.iter().enumerate() {
        let win = jobs[ji].window;
        let own_day = windows_of
            .get(&p)
            .is_none_or(|ws| ws.iter().all(|o| o.overlaps(&win)));
        let e: Expression = if own_day {
            var.1.into()
        } else {
            let ev = lp.continuous(0.0, 1.0, 0.0);
            lp.add(constraint!(ev.1 <= var.1));
            part_day.insert(i, ev);
            ev.1.into()
        };
        free_days.entry(p).or_default().push(e);
        day_worked.entry(p).or_default();
    }
    v.part_day = part_day;
    if cx.tight {
        undated_cliques(lp, cx, v, day_worked, &free_days);
    }
    free_days
}

/// Whole-year bound only (`tight`, not the relaxation that steers stage 1's second
/// pass, so the plan does not change with it): a person works at most one of a set of
/// mutually overlapping
/// windows a day (CON-6), so the undated events of such a set need days of their own,
/// except on days the person works only outside the set. For each set `Q` of a
/// person's windows that all cover one instant:
///
/// `Σ undated days ≥ Σ undated assignments in Q − Σ_d (worked_d − Σ dated assignments in Q on d)`,
///
/// the last sum over the dated days where the person has a candidate outside `Q`
/// (elsewhere the bracket is 0 in every plan: one place at a time). Without it, a
/// consultant whose consultation days (09:45-16:15) cover every window could take
/// morning one-point seminars and afternoon seminars at no day at all, since no one
/// window overlaps both (issue 20 part 4: 340 of the shipped year's gap).
///
/// Still a relaxation: any rule-abiding plan, whatever its dates, gives a point of the
/// relaxation with undated days = the days it works only undated events (one per such
/// day); it works at least one day per assignment in `Q` (they pairwise overlap), of
/// which `Σ_d worked_d` are dated days, and a dated day with all its work in `Q` holds
/// one of them already, which is the row.
pub(super) fn undated_cliques(
    lp: &mut Lp,
    cx: &Ctx,
    v: &StaffingVars,
    day_worked: &DaysWorked,
    free_days: &BTreeMap<usize, Vec<Expression>>,
) {
    let jobs = cx.jobs;
    let free_of = group(
        v.free_xs
            .iter()
            .map(|&(ji, p, var)| (p, (jobs[ji].window, var))),
    );
    let dated_of = group(
        v.xs.iter()
            .map(|x| (x.staff, (jobs[x.job].date, jobs[x.job].window, x.var))),
    );
    let no_dated = Vec::new();
    for (p, free) in &free_of {
        let Some(days) = free_days.get(p) else {
            continue;
        };
        let dated = dated_of.get(p).unwrap_or(&no_dated);
        let mut windows: Vec<TimeWindow> = free
            .iter()
            .map(|f| f.0)
            .chain(dated.iter().map(|x| x.1))
            .collect();
        windows.sort_by_key(|w| (w.start, w.end));
        windows.dedup();
        let mut seen: Vec<Vec<TimeWindow>> = Vec::new();
        for t in windows.iter().map(|w| w.start) {
            let q: Vec<TimeWindow> = windows
                .iter()
                .copied()
                .filter(|w| w.start <= t && t < w.end)
                .collect();
            if seen.iter().any(|s| q.iter().all(|w| s.contains(w))) {
                continue;
            }
            seen.retain(|s| !s.iter().all(|w| q.contains(w)));
            seen.push(q);
        }
        let dated_by_day = group(dated.iter().map(|&(d, w, var)| (d, (w, var))));
        for q in seen {
            let inside: Vec<Var> = free
                .iter()
                .filter(|f| q.contains(&f.0))
                .map(|f| f.1)
                .collect();
            if inside.is_empty() {
                continue;
            }
            let mut elsewhere = Expression::from(0.0);
            for (d, worked) in day_worked.get(p).into_iter().flatten() {
                let on_day = dated_by_day.get(d);
                let outside = on_day.is_none_or(|xs| xs.iter().any(|(w, _)| !q.contains(w)));
                if !outside {
                    continue;
                }
                elsewhere += worked.clone();
                for (w, var) in on_day.into_iter().flatten() {
                    if q.contains(w) {
                        elsewhere -= var.1;
                    }
                }
            }
            let undated: Expression = days.iter().cloned().sum();
            lp.add(constraint!(undated >= sum(inside) - elsewhere));
        }
    }
}

/// The contract's workload limits (MODEL-LIMIT: the staff's `max_days_per_week` per ISO week,
/// `max_days_per_month`, `max_days_per_year`; docs/model.md). Each limit counts history
/// days as used; the future gets what is left (never less than nothing, even if the
/// past already broke the limit). Returns each person's days worked in the year.
pub(super) fn workload_limits(
    lp: &mut Lp,
    cx: &Ctx,
    history: &History,
    day_worked: &DaysWorked,
    free_days: &BTreeMap<usize, Vec<Expression>>,
) -> BTreeMap<usize, Expression> {
    let mut days_of: BTreeMap<usize, Expression> = BTreeMap::new();
    for (p, days) in day_worked {
        let s = &cx.model.staff[*p];
        let past = |d: &NaiveDate| history.days.contains(&(*p, *d));
        let limit = |lp: &mut Lp, es: Vec<(NaiveDate, Expression)>, max: u32| {
            if es.len() as u32 <= max {
                return;
            }
            let used = es.iter().filter(|(d, _)| past(d)).count() as f64;
            let future: Expression = es
                .into_iter()
                .filter(|(d, _)| !past(d))
                .map(|(_, e)| e)
                .sum();
            lp.add(constraint!(future <= (f64::from(max) - used).max(0.0)));
        };
        let weeks = group(
            days.iter()
                .map(|(d, e)| ((d.iso_week().year(), d.iso_week().week()), (*d, e.clone()))),
        );
        for (_, es) in weeks {
            let max = es
                .first()
                .map_or(s.max_days_per_week, |(d, _)| s.max_days_in_week_of(*d));
            limit(lp, es, max);
        }
        let months = group(
            days.iter()
                .map(|(d, e)| ((d.year(), d.month()), (*d, e.clone()))),
        );
        for (_, es) in months {
            let max = es
                .first()
                .map_or(s.max_days_per_month, |(d, _)| s.max_days_in_month_of(*d));
            limit(lp, es, max);
        }
        // Undated days (joint bound only) count for the year, not for a week or month.
        let mut year = days.clone();
        if let Some(fd) = free_days.get(p) {
            year.extend(fd.iter().map(|e| (NaiveDate::MAX, e.clone())));
        }
        let total: Expression = year.iter().map(|(_, e)| e.clone()).sum();
        limit(lp, year, s.max_days_per_year);
        days_of.insert(*p, total);
    }
    days_of
}

/// Each role group's share of the year's needs: each need split evenly over the people
/// who may fill it, credited to each one's group (first role). History needs count
/// too, with the people a fresh solve could have placed there: history days count in
/// the days worked, so leaving their needs out set every target too low and moved
/// fairness on re-plans that change nobody's work.
fn group_demand(cx: &Ctx, xs: &[X]) -> BTreeMap<Role, f64> {
    let model = cx.model;
    let group_of = |p: usize| model.staff[p].roles.first().copied();
    // Teams first (issue 20 part 2): a narrowed part (or a piece of it) keeps the
    // unnarrowed part's days per contracted day, so every target, floor and far line
    // is the one the full part's MILP prices (teams_first.rs).
    if let (true, Some(n)) = (cx.narrow, &cx.part.narrowing) {
        return n.demand(model, &cx.part.people);
    }
    let mut demand_of: BTreeMap<Role, f64> = BTreeMap::new();
    let staff_by_need = group(xs.iter().map(|x| ((x.job, x.need), x.staff)));
    for (ji, job) in cx.jobs.iter().enumerate() {
        for (ni, need) in job.needs.iter().enumerate() {
            let part_people = |keep: &dyn Fn(usize) -> bool| -> Vec<usize> {
                cx.part
                    .people
                    .iter()
                    .copied()
                    .filter(|&p| keep(p))
                    .collect()
            };
            let kept_people: Vec<usize>;
            let people = if let Some(f) = &job.free {
                // A stage-1 event: everyone who could staff it on some date and at some
                // place stage 1 could have given it, so the target does not depend on
                // the date stage 1 picked (nor on whether it is history by now).
                if !cx.part.needs.contains(&(ji, ni)) {
                    continue;
                }
                kept_people = part_people(&|p| fits_free(model, cx.reach, f, need, p));
                &kept_people
            } else if cx.frozen(job.date) {
                if !cx.part.needs.contains(&(ji, ni)) {
                    continue;
                }
                kept_people = part_people(&|p| {
                    eligible(model, p, need.who) && model.staff[p].available(job.date)
                });
                &kept_people
            } else {
                let Some(people) = staff_by_need.get(&(ji, ni)) else {
                    continue;
                };
                people
            };
            if people.is_empty() {
                continue;
            }
            let share = f64::from(need.count) / people.len() as f64;
            for &p in people {
                if let Some(g) = group_of(p) {
                    *demand_of.entry(g).or_default() += share;
                }
            }
        }
    }
    demand_of
}

/// Fair workload and contracts honoured (the objective's fairness term, docs/model.md
/// `[objective]`). The part's people sharing their first role form a group (a part
/// holds only people who could take some of its needs on some date). For each member:
/// - contracted days: `contract_days_per_week` × the weeks they are available
///   ([`crate::plan::affected::contracted_days`], the figure every summary shows);
/// - the role's days per contracted day: its share of the year's needs
///   ([`group_demand`]) over the members' contracted days;
/// - fair share = that ratio × their contracted days: each day outside ±`fair_band`
///   of it costs `fairness` (the spread within the role);
/// - floor = `contract_floor` × their contracted days (where the role's work is short
///   of that, the lower edge of the fair band instead): each day below it costs `contract_shortfall`, each
///   day below a quarter of the floor ([`FAR_SHARE`]) `far_below_contract`
///   on top. The second weight lies above a
///   re-plan's change cost, so a new hire or someone left with almost nothing gets
///   work taken from others, joining a team (CON-4) if that is what it takes.
///
/// Every target is fixed up front: a common ratio variable couples everyone in one
/// row and doubled solve times.
pub(super) fn fair_workload(
    lp: &mut Lp,
    cx: &Ctx,
    v: &mut StaffingVars,
    days_of: &BTreeMap<usize, Expression>,
) {
    let model = cx.model;
    let w = &model.objective;
    let c = &w.contract;
    if w.fairness == 0.0 && c.shortfall == 0.0 && c.far_short == 0.0 {
        return;
    }
    // The part's people, whatever dates stage 1 chose (who is in a part does not depend
    // on them), so the joint bound bounds this very objective for every date choice.
    let groups = group(days_of.keys().filter_map(|&p| {
        let first = model.staff[p].roles.first()?;
        let cap = crate::plan::affected::contracted_days(model, p);
        (cap > 0.0).then_some((*first, (p, cap)))
    }));
    let demand_of = group_demand(cx, &v.xs);
    for (g, members) in groups {
        let total_cap: f64 = members.iter().map(|&(_, cap)| cap).sum();
        let ratio = demand_of.get(&g).copied().unwrap_or(0.0) / total_cap;
        // Where the role's work is short of the floor, the floor is the lower edge of
        // the fair band: pulling everyone right up to the role's share made the
        // consultants' part (teams, CON-4) ten times slower for little change.
        let floor_share = if ratio < c.floor {
            (1.0 - c.band) * ratio
        } else {
            c.floor
        };
        let mut shares = Vec::new();
        for (p, cap) in members {
            let target = cap * ratio;
            // A floor promised to the person (staff `contract_floor`) where it lies
            // above the role's.
            let own = model.staff[p].contract_floor.unwrap_or(0.0);
            let floor = cap * floor_share.max(own);
            let days = days_of.get(&p).cloned().unwrap_or_default();
            let band = c.band * target;
            let dev = lp.continuous(0.0, f64::INFINITY, w.fairness);
            lp.add(constraint!(dev.1 >= days.clone() - (target + band)));
            lp.add(constraint!(dev.1 >= (target - band) - days.clone()));
            let short = lp.continuous(0.0, f64::INFINITY, c.shortfall);
            lp.add(constraint!(short.1 >= floor - days.clone()));
            let far = lp.continuous(0.0, f64::INFINITY, c.far_short);
            // A re-plan pays its change cost for every day it moves, so there the far
            // tier starts at the floor itself: a new hire (or someone a decision left
            // with little) gets work taken from others up to the floor.
            let far_line = if cx.fix.change_weight > 0.0 {
                // Someone the baseline did not employ (a new hire) is brought up to
                // `contract_floor` of their contracted days, whatever the role's share,
                // where work exists that keeps everyone else at their own floor. For
                // everyone else the line stays where a fresh solve puts it (and never
                // above the baseline's days): a re-plan that costs someone a day does
                // not take another person's day to make it up.
                cx.fix
                    .baseline_days
                    .get(&p)
                    .map_or(cap * c.floor.max(own), |&had| {
                        (FAR_SHARE * floor).min(had as f64)
                    })
            } else {
                FAR_SHARE * floor
            };
            lp.add(constraint!(far.1 >= far_line - days));
            shares.push(FairShare {
                person: p,
                target,
                floor,
                dev,
                short,
                far,
                far_line,
            });
        }
        v.fair_groups.push((shares, ratio));
    }
}

/// No team, no team days (CON-4 with the fairness term), issue 20 part 5. A person who
/// may join teams works at most `alone` days without any team (history days, the dates
/// of their candidate assignments that are not team consultations, undated events in
/// the joint bound), and each team m adds at most `U[m]` days (the dates of their
/// candidate consultation days there, within the week, month and year limits less
/// history). With k teams they work at most `D(k)` = `alone` + the k largest `U`
/// (within the year limit), so each tier of the fairness term (the fair band's lower
/// edge, the floor, the far line; line `L`) costs at least `f(k) = max(0, L − D(k))`
/// days. `D` is concave in k (the k-th largest `U` shrinks), so `f` is convex, and
/// each chord of it bounds it from below at every whole number of teams:
///
/// `tier ≥ f(k) + (f(k+1) − f(k)) · (Σ_m z[p, m] − k)`, for each k with `f(k) > 0`.
///
/// Valid for every rule-abiding plan (Σ z is its whole number of teams), whatever its
/// dates. Why: the LP spread consultants over teams at fractions (FY2024's c01 at 0.56
/// of Tokorozawa and nothing else), paying a fraction of the team weight for a year's
/// days; these rows make it pay at least the memberships a person's days need, as
/// every plan does. Only the whole-year bound (`tight`) has them: in the plan's MILP
/// they raised HiGHS's bound on FY2024's consultant part (about 20,070 to 20,580) but
/// also changed the shipped plan to another of equal cost, and the plan's gap there
/// stays above the limit either way.
pub(super) fn no_team_no_days(lp: &mut Lp, cx: &Ctx, v: &StaffingVars) {
    let band = cx.model.objective.contract.band;
    let mut teams_of: BTreeMap<usize, Vec<(usize, Var)>> = BTreeMap::new();
    for (&(p, m), &z) in &v.teams.z {
        teams_of.entry(p).or_default().push((m, z));
    }
    let mut alone_dates: BTreeMap<usize, std::collections::BTreeSet<NaiveDate>> = BTreeMap::new();
    let mut team_dates: BTreeMap<(usize, usize), std::collections::BTreeSet<NaiveDate>> =
        BTreeMap::new();
    for x in &v.xs {
        let job = &cx.jobs[x.job];
        match job.needs[x.need].who {
            // A team consultation counts for its team only where it has one (CON-4).
            Who::TeamConsultant(m) if v.teams.z.contains_key(&(x.staff, m)) => {
                team_dates.entry((x.staff, m)).or_default().insert(job.date)
            }
            _ => alone_dates.entry(x.staff).or_default().insert(job.date),
        };
    }
    for (shares, _) in &v.fair_groups {
        for share in shares {
            let p = share.person;
            let Some(zs) = teams_of.get(&p) else {
                continue;
            };
            let past: Vec<NaiveDate> = v
                .history
                .days
                .iter()
                .filter(|(q, _)| *q == p)
                .map(|(_, d)| *d)
                .collect();
            let undated = v.free_xs.iter().filter(|f| f.1 == p).count();
            let dated = alone_dates.get(&p).map_or(0, |d| d.len());
            let alone = past.len() + dated + undated;
            let year = (cx.model.staff[p].max_days_per_year as usize).max(past.len());
            let mut most: Vec<usize> = zs
                .iter()
                .map(|&(m, _)| {
                    team_dates
                        .get(&(p, m))
                        .map_or(0, |dates| most_days(cx, p, dates, &past))
                })
                .collect();
            most.sort_unstable_by(|a, b| b.cmp(a));
            // D(k) for k = 0..=teams.
            let mut reach = vec![alone.min(year)];
            for (k, u) in most.iter().enumerate() {
                reach.push((reach[k] + u).min(year));
            }
            let teams: Expression = zs.iter().map(|z| z.1 .1).sum();
            let tiers = [
                (share.dev, share.target * (1.0 - band)),
                (share.short, share.floor),
                (share.far, share.far_line),
            ];
            for (var, line) in tiers {
                let f = |k: usize| (line - reach[k] as f64).max(0.0);
                for k in 0..most.len() {
                    let (now, next) = (f(k), f(k + 1));
                    if now <= 1e-9 {
                        break;
                    }
                    let slope = now - next;
                    lp.add(constraint!(
                        var.1 >= now + slope * k as f64 - slope * teams.clone()
                    ));
                }
            }
        }
    }
}

/// The most of `dates` person `p` can work within their week, month and year limits,
/// less the history days `past` already worked in each (as `workload_limits` counts).
fn most_days(
    cx: &Ctx,
    p: usize,
    dates: &std::collections::BTreeSet<NaiveDate>,
    past: &[NaiveDate],
) -> usize {
    let s = &cx.model.staff[p];
    let used = |same: &dyn Fn(&NaiveDate) -> bool| past.iter().filter(|d| same(d)).count() as u32;
    let weeks = group(
        dates
            .iter()
            .map(|d| ((d.iso_week().year(), d.iso_week().week()), *d)),
    );
    let by_week: usize = weeks
        .values()
        .map(|ds| {
            let w = ds[0].iso_week();
            let cap = s
                .max_days_in_week_of(ds[0])
                .saturating_sub(used(&|d| d.iso_week() == w));
            ds.len().min(cap as usize)
        })
        .sum();
    let months = group(dates.iter().map(|d| ((d.year(), d.month()), *d)));
    let by_month: usize = months
        .values()
        .map(|ds| {
            let key = (ds[0].year(), ds[0].month());
            let cap = s
                .max_days_in_month_of(ds[0])
                .saturating_sub(used(&|d| (d.year(), d.month()) == key));
            ds.len().min(cap as usize)
        })
        .sum();
    let year = s.max_days_per_year.saturating_sub(past.len() as u32) as usize;
    by_week.min(by_month).min(year)
}
