//! Stage 2's MIP start: a constructive roster that keeps the rules wherever it can,
//! handed to HiGHS so it only has to improve it (and a time-limited plan still holds).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};

use super::{FairGroup, FairShare, Job, Lp, Model, Var, Who, X};

/// Handles the warm start needs besides the assignment variables.
pub(super) struct Start<'a> {
    pub(super) z: &'a BTreeMap<(usize, usize), Var>,
    pub(super) z_cost: &'a BTreeMap<(usize, usize), f64>,
    pub(super) cover_slack: &'a [(usize, usize, Var)],
    pub(super) team_slack: &'a [(usize, Var)],
    pub(super) w_vars: &'a BTreeMap<(usize, NaiveDate), Var>,
    pub(super) fair_groups: &'a [FairGroup],
    pub(super) history: &'a BTreeSet<(usize, NaiveDate)>,
    /// (person, municipality) of whoever staffed a municipality's day in the frozen
    /// past: on its team for the year (CON-4), in the start as in the MILP's rows.
    pub(super) history_team: &'a BTreeSet<(usize, usize)>,
    /// A re-plan (CON-7): its start makes none of a fresh solve's improving moves
    /// (a re-plan already lifts a new hire through its far line at the floor); with
    /// [`Start::keep`] it keeps the baseline first.
    pub(super) replan: bool,
    /// Who the dates' guide put on the events (a fresh plan's own parts; empty
    /// otherwise): the greedy takes them first wherever they fit.
    pub(super) guide: &'a crate::milp::GuideStaffing,
    /// When the run's MILPs must end: the start's improving moves ([`lift_far_short`],
    /// [`close_and_rebalance`]) stop there, keeping the rule-abiding roster they have
    /// (`None`: no limit, as in the unit tests).
    pub(super) until: Option<crate::milp::Deadline>,
    /// A re-plan's baseline assignments, (event id, person, role), to keep first in the
    /// place they had wherever they still fit, before any need is filled (`None`: the
    /// greedy's order alone). Kept first, no earlier need can take the day or the
    /// workload that an assignment of the baseline needs, so a start cut short by the
    /// clock changes no more than the scenario forces where the baseline allows it
    /// (CON-7). OUT-1's consultation needs are left to the greedy, which knows whether
    /// the lecturer covers them.
    pub(super) keep: Option<&'a std::collections::HashSet<(String, usize, String)>>,
}

/// A constructive roster handed to HiGHS as a MIP start, built to obey the rules:
/// needs with the fewest candidates first (lecturers for seminars before consultation
/// days, which many can staff), in date order among equals, each filled by the
/// cheapest person free at that time and within their limits (a new team member pays
/// the team weight). A need nobody can take is repaired by moving one assignment that
/// blocks a candidate (same time, or a day that keeps them at a weekly or monthly
/// limit) to someone else. HiGHS then only has to improve it, and when time runs out
/// the plan still keeps the rules wherever the heuristic could.
pub(super) fn warm_start(lp: &mut Lp, model: &Model, jobs: &[Job], xs: &[X], st: &Start) {
    let by_need = crate::milp::group(xs.iter().enumerate().map(|(i, x)| ((x.job, x.need), i)));
    let slack_of: BTreeMap<(usize, usize), Var> = st
        .cover_slack
        .iter()
        .map(|&(j, n, v)| ((j, n), v))
        .collect();
    let mut r = Greedy::new(model, jobs, xs, st);
    let mut order: Vec<(usize, usize)> = st.cover_slack.iter().map(|&(j, n, _)| (j, n)).collect();
    // OUT-1's consultation needs come last: they need nobody when the lecturer
    // already placed meets CON-5.
    let covers =
        |j: usize, n: usize| matches!(jobs[j].needs[n].who, Who::OutreachConsultant { .. });
    order.sort_by_key(|&(j, n)| {
        let cands = by_need.get(&(j, n)).map_or(0, Vec::len);
        (
            covers(j, n),
            cands,
            jobs[j].date,
            jobs[j].event.event_id.clone(),
            n,
        )
    });
    if let Some(keep) = st.keep {
        for &(ji, ni) in &order {
            let need = &jobs[ji].needs[ni];
            let Some(cands) = by_need.get(&(ji, ni)).filter(|_| !covers(ji, ni)) else {
                continue;
            };
            let mut filled = 0;
            for &i in cands {
                if filled >= need.count {
                    break;
                }
                let had = (
                    jobs[ji].event.event_id.clone(),
                    xs[i].staff,
                    need.role.to_string(),
                );
                if keep.contains(&had) && r.fits(i) {
                    r.take(i);
                    filled += 1;
                }
            }
        }
    }
    // The guide's undated events not yet given again: (quota or series, place,
    // person) to how many.
    let mut left = st.guide.undated.clone();
    let undated = |x: &X| {
        let job = &jobs[x.job];
        job.free
            .as_ref()
            .map(|f| (f.of, crate::milp::place_order(job.place), x.staff))
    };
    for (ji, ni) in order {
        let need = &jobs[ji].needs[ni];
        let slack = slack_of.get(&(ji, ni)).copied();
        let wanted = match need.who {
            Who::OutreachConsultant { lecturer: Some(k) } => {
                let covered = by_need.get(&(ji, k)).map_or(0, |xs_k| {
                    xs_k.iter()
                        .filter(|&&i| r.chosen[i])
                        .filter(|&&i| model.meets_con5(&model.staff[xs[i].staff].on(jobs[ji].date)))
                        .count() as u32
                });
                need.count.saturating_sub(covered)
            }
            _ => need.count,
        };
        let Some(cands) = by_need.get(&(ji, ni)) else {
            if let Some(v) = slack {
                lp.hint(v, f64::from(wanted));
            }
            continue;
        };
        let guided = |left: &BTreeMap<_, usize>, i: usize| {
            let x = &xs[i];
            match undated(x) {
                None => st
                    .guide
                    .fixed
                    .get(jobs[x.job].event.event_id.as_str())
                    .is_some_and(|g| g.contains(&(x.need, x.staff))),
                Some(k) => left.get(&k).is_some_and(|&n| n > 0),
            }
        };
        // Baseline assignments kept first (`Start::keep`) count.
        let mut filled = match st.keep {
            Some(_) => cands.iter().filter(|&&i| r.chosen[i]).count() as u32,
            None => 0,
        };
        while filled < wanted {
            let pick = cands
                .iter()
                .copied()
                .filter(|&i| r.fits(i))
                .min_by(|&a, &b| {
                    guided(&left, b)
                        .cmp(&guided(&left, a))
                        .then(r.cost(a).total_cmp(&r.cost(b)))
                        .then(a.cmp(&b))
                });
            match pick {
                Some(i) => {
                    if let Some(n) = undated(&xs[i]).and_then(|k| left.get_mut(&k)) {
                        *n = n.saturating_sub(1);
                    }
                    r.take(i)
                }
                None => {
                    if !r.repair(cands, &by_need) {
                        break;
                    }
                }
            }
            filled += 1;
        }
        if let Some(v) = slack {
            lp.hint(v, f64::from(wanted.saturating_sub(filled)));
        }
    }
    if !st.replan {
        let joiners: BTreeSet<usize> = st.z.keys().map(|&(p, _)| p).collect();
        lift_far_short(&mut r, &by_need, st.fair_groups, &joiners);
        close_and_rebalance(&mut r, &by_need, st.fair_groups);
    }
    let chosen = r.chosen.clone();
    let busy: BTreeSet<(usize, NaiveDate)> = r.busy.keys().copied().collect();
    let mut team: BTreeSet<(usize, usize)> = r.team.keys().copied().collect();
    for (i, x) in xs.iter().enumerate() {
        lp.hint(x.var, if chosen[i] { 1.0 } else { 0.0 });
    }
    // Teams: members used, plus the cheapest qualified people up to the minimum.
    for &(m, slack) in st.team_slack {
        let mut size = team.iter().filter(|(_, mm)| *mm == m).count() as u32;
        let min = model.municipalities[m].team_min;
        let mut extra: Vec<(f64, usize)> = st
            .z_cost
            .iter()
            .filter(|((p, mm), _)| *mm == m && !team.contains(&(*p, m)))
            .map(|((p, _), c)| (*c, *p))
            .collect();
        extra.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        for (_, p) in extra {
            if size >= min {
                break;
            }
            team.insert((p, m));
            size += 1;
        }
        lp.hint(slack, f64::from(min.saturating_sub(size)));
    }
    for (k, v) in st.z {
        lp.hint(*v, if team.contains(k) { 1.0 } else { 0.0 });
    }
    for (k, v) in st.w_vars {
        lp.hint(*v, if busy.contains(k) { 1.0 } else { 0.0 });
    }
    // The fairness rows count the frozen past's days as worked (`history`), as the
    // greedy's year does: counting the start's own days alone left a re-plan's start
    // short of its deviation rows, and HiGHS refused every re-plan's start.
    for (members, _) in st.fair_groups {
        for share in members {
            let least = share.least(model.objective.contract.band, r.days(share.person));
            for (var, value) in [share.dev, share.short, share.far].into_iter().zip(least) {
                lp.hint(var, value);
            }
        }
    }
}

/// People the constructive roster leaves far short of their contract floor (the
/// objective's `far_below_contract` tier, docs/model.md `[objective]`): a person
/// newly qualified (CON-5) who must join a team (CON-4) to work at all is never the
/// cheapest candidate of any need, so the greedy gives them nothing, and the start pays
/// `far_below_contract` for each of their missing days (FY2024 from `new-year` of the
/// shipped model: 112,349 against a plan near 20,000, and HiGHS took minutes to move
/// days to them). Here each such person who may join a team takes over, one at a
/// time, the assignment whose move lowers the objective most (its cost and team
/// weight, and both people's fairness terms), while a move lowers it and they still
/// fit their limits (MODEL-AVAIL, MODEL-LIMIT, CON-6); then [`improve`] rebalances.
/// Only needs of events without an outreach consultation row (OUT-1, which couples
/// the lecturer's assignment) move. A start where no possible team member is far short
/// is left as it was here (so are parts without teams), and so is a re-plan's
/// ([`Start::replan`]: the shipped scenarios' plans are unchanged); a fresh solve's
/// start then closes memberships ([`close_and_rebalance`]).
fn lift_far_short(
    r: &mut Greedy,
    by_need: &BTreeMap<(usize, usize), Vec<usize>>,
    fair_groups: &[FairGroup],
    joiners: &BTreeSet<usize>,
) {
    let shares = shares_by_person(fair_groups);
    let receivers: Vec<usize> = shares
        .values()
        .filter(|s| joiners.contains(&s.person) && r.days(s.person) < s.far_line)
        .map(|s| s.person)
        .collect();
    if receivers.is_empty() {
        return;
    }
    // Each receiver's own variables, in variable order.
    let mut own: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, x) in r.xs.iter().enumerate() {
        if receivers.contains(&x.staff) && !coupled(&r.jobs[x.job]) {
            own.entry(x.staff).or_default().push(i);
        }
    }
    let model: &Model = r.model;
    let w = &model.objective;
    let fair = |p: usize, d: f64| shares.get(&p).map_or(0.0, |s| s.cost(w, d));
    // At most one move per assignment variable: the loop always ends.
    for _ in 0..r.xs.len() {
        if r.out_of_time() {
            return;
        }
        let mut best: Option<(f64, usize, usize)> = None;
        for (&q, mine) in &own {
            for &take in mine {
                if !r.fits(take) {
                    continue;
                }
                let x = &r.xs[take];
                let gain_q = taking(r, take, &fair);
                let Some(holders) = by_need.get(&(x.job, x.need)) else {
                    continue;
                };
                for &give in holders.iter().filter(|&&i| r.chosen[i]) {
                    let p = r.xs[give].staff;
                    if p == q {
                        continue;
                    }
                    let delta = gain_q + giving_up(r, give, &fair);
                    if delta < -1e-9 && best.is_none_or(|(b, _, _)| delta < b) {
                        best = Some((delta, give, take));
                    }
                }
            }
        }
        let Some((_, give, take)) = best else {
            break;
        };
        r.drop(give);
        r.take(take);
    }
    improve(r, by_need, &fair);
}

/// Issue 20 part 5: [`improve`]'s single moves never empty a team membership (CON-4;
/// each day moved alone pays its travel and fairness before the last one earns the
/// team weight), so the start kept more teams than a plan needs. Closes whole
/// memberships ([`close_teams`]) and rebalances after each round that closed one,
/// until a round closes none. A start where no membership closes is left as it was.
fn close_and_rebalance(
    r: &mut Greedy,
    by_need: &BTreeMap<(usize, usize), Vec<usize>>,
    fair_groups: &[FairGroup],
) {
    let shares = shares_by_person(fair_groups);
    let w = &r.model.objective;
    let fair = |p: usize, d: f64| shares.get(&p).map_or(0.0, |s| s.cost(w, d));
    for _ in 0..IMPROVE_PASSES {
        if r.out_of_time() || !close_teams(r, by_need, &fair) {
            break;
        }
        improve(r, by_need, &fair);
    }
}

/// Passes over the constructive roster moving each assignment to the candidate that
/// lowers the objective most (its cost, team weights and both people's fairness
/// terms), until a pass moves nothing or [`IMPROVE_PASSES`] passes: lifting the people
/// far short takes days from others that the greedy had filled with no regard for
/// their fair share, and leaves the rest of the roster to rebalance. A membership a
/// move empties is credited only while the team keeps its minimum (CON-4).
fn improve(
    r: &mut Greedy,
    by_need: &BTreeMap<(usize, usize), Vec<usize>>,
    fair: &dyn Fn(usize, f64) -> f64,
) {
    let coupled: Vec<bool> = r.jobs.iter().map(coupled).collect();
    for _ in 0..IMPROVE_PASSES {
        let mut moved = false;
        for give in 0..r.xs.len() {
            if !r.chosen[give] || coupled[r.xs[give].job] {
                continue;
            }
            if r.out_of_time() {
                return;
            }
            let x = &r.xs[give];
            let p = x.staff;
            let mut lose = giving_up(r, give, fair);
            if let Who::TeamConsultant(m) = r.jobs[x.job].needs[x.need].who {
                let size = r.team.keys().filter(|(_, mm)| *mm == m).count() as u32;
                if r.team.get(&(p, m)) == Some(&1) && size > r.model.municipalities[m].team_min {
                    lose -= r.z_cost.get(&(p, m)).copied().unwrap_or(0.0);
                }
            }
            let Some(alts) = by_need.get(&(x.job, x.need)) else {
                continue;
            };
            let best = cheapest_taker(r, alts, p, fair).filter(|(gain, _)| lose + gain < -1e-6);
            if let Some((_, take)) = best {
                r.drop(give);
                r.take(take);
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
}

/// At most this many passes of [`improve`] (each visits every assignment once).
const IMPROVE_PASSES: usize = 8;

/// Closes team memberships (CON-4) of the constructive roster where that lowers the
/// objective (issue 20 part 5), the one that lowers it most first, and returns whether
/// it closed any. Closing membership (p, m) of a team above its minimum moves every
/// consultation day p has at m, in date order, to the candidate that costs least there
/// (travel, preference and team weight, and both people's fairness terms) within their
/// limits (MODEL-AVAIL, MODEL-LIMIT, CON-6), and saves p's team weight. [`improve`]'s
/// single moves cannot do this: each day moved alone pays before the last one earns
/// the team weight (FY2024 from `new-year`: the start kept 25 memberships where plans
/// have 23). Every membership is priced once on the roster as it is; then, best first,
/// each is closed again on the roster as it has become and kept where it still lowers
/// the objective (two passes over the part's assignments, whatever its size).
fn close_teams(
    r: &mut Greedy,
    by_need: &BTreeMap<(usize, usize), Vec<usize>>,
    fair: &dyn Fn(usize, f64) -> f64,
) -> bool {
    let mut priced: Vec<(f64, (usize, usize))> = Vec::new();
    for (p, m) in r.team.keys().copied().collect::<Vec<_>>() {
        let Some((delta, done)) = try_close(r, by_need, fair, p, m) else {
            continue;
        };
        undo(r, &done);
        if delta < -1e-6 {
            priced.push((delta, (p, m)));
        }
    }
    priced.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut closed = false;
    for (_, (p, m)) in priced {
        let Some((delta, done)) = try_close(r, by_need, fair, p, m) else {
            continue;
        };
        if delta < -1e-6 {
            closed = true;
        } else {
            undo(r, &done);
        }
    }
    closed
}

/// Moves every consultation day `p` has at municipality `m` to someone else (see
/// [`close_teams`]); returns the change in the objective and the moves (given,
/// taken) made, or `None`, with nothing moved, where the team is at its minimum, or
/// some day has nobody else who fits or belongs to an outreach seminar (OUT-1 couples
/// it to its lecturer).
fn try_close(
    r: &mut Greedy,
    by_need: &BTreeMap<(usize, usize), Vec<usize>>,
    fair: &dyn Fn(usize, f64) -> f64,
    p: usize,
    m: usize,
) -> Option<(f64, Vec<(usize, usize)>)> {
    let at_m = |r: &Greedy, i: usize| {
        let job = &r.jobs[r.xs[i].job];
        matches!(job.needs[r.xs[i].need].who, Who::TeamConsultant(mm) if mm == m)
    };
    let size = r.team.keys().filter(|(_, mm)| *mm == m).count() as u32;
    if !r.team.contains_key(&(p, m)) || size <= r.model.municipalities[m].team_min {
        return None;
    }
    let mut gives: Vec<usize> = r
        .busy
        .range((p, NaiveDate::MIN)..=(p, NaiveDate::MAX))
        .flat_map(|(_, here)| here.iter().copied())
        .filter(|&i| at_m(r, i))
        .collect();
    gives.sort_unstable();
    if gives.iter().any(|&i| coupled(&r.jobs[r.xs[i].job])) {
        return None;
    }
    let mut delta = -r.z_cost.get(&(p, m)).copied().unwrap_or(0.0);
    let mut done: Vec<(usize, usize)> = Vec::new();
    for &give in &gives {
        let x = &r.xs[give];
        let lose = giving_up(r, give, fair);
        let alts = by_need.get(&(x.job, x.need)).map_or(&[][..], Vec::as_slice);
        r.drop(give);
        let Some((gain, take)) = cheapest_taker(r, alts, p, fair) else {
            r.take(give);
            undo(r, &done);
            return None;
        };
        r.take(take);
        delta += lose + gain;
        done.push((give, take));
    }
    Some((delta, done))
}

/// Among the assignments `alts` of one need, the one whose person (not `p`) fits and
/// costs least to take it ([`taking`]), with its index ([`improve`]'s and
/// [`try_close`]'s moves).
fn cheapest_taker(
    r: &Greedy,
    alts: &[usize],
    p: usize,
    fair: &dyn Fn(usize, f64) -> f64,
) -> Option<(f64, usize)> {
    let mut best: Option<(f64, usize)> = None;
    for &take in alts {
        let q = r.xs[take].staff;
        if q == p || !r.fits(take) {
            continue;
        }
        let gain = taking(r, take, fair);
        if best.is_none_or(|(b, _)| gain < b) {
            best = Some((gain, take));
        }
    }
    best
}

/// The change in the objective when assignment `take`'s person takes it: their
/// fairness change (a day more, unless they already work that date) plus its cost.
fn taking(r: &Greedy, take: usize, fair: &dyn Fn(usize, f64) -> f64) -> f64 {
    let x = &r.xs[take];
    let (q, d) = (x.staff, r.jobs[x.job].date);
    let dq = r.days(q);
    let q_new = if r.busy.contains_key(&(q, d)) {
        dq
    } else {
        dq + 1.0
    };
    fair(q, q_new) - fair(q, dq) + r.cost(take)
}

/// The change in the objective when chosen assignment `give`'s person gives it up:
/// their fairness change (a day fewer, unless they work another need that date) less
/// its cost (team weights apart).
fn giving_up(r: &Greedy, give: usize, fair: &dyn Fn(usize, f64) -> f64) -> f64 {
    let x = &r.xs[give];
    let (p, d) = (x.staff, r.jobs[x.job].date);
    let dp = r.days(p);
    let alone = r.busy.get(&(p, d)).is_some_and(|h| h.len() == 1);
    fair(p, if alone { dp - 1.0 } else { dp }) - fair(p, dp) - x.cost
}

/// Whether `job` has an outreach seminar's consultation need (OUT-1 couples it to the
/// lecturer's assignment, so the moves here leave its needs where they are).
fn coupled(job: &Job) -> bool {
    job.needs
        .iter()
        .any(|n| matches!(n.who, Who::OutreachConsultant { .. }))
}

/// Each person's fair share, by person.
fn shares_by_person(fair_groups: &[FairGroup]) -> BTreeMap<usize, &FairShare> {
    fair_groups
        .iter()
        .flat_map(|(members, _)| members.iter())
        .map(|s| (s.person, s))
        .collect()
}

/// Undoes [`try_close`]'s moves, last first.
fn undo(r: &mut Greedy, done: &[(usize, usize)]) {
    for &(give, take) in done.iter().rev() {
        r.drop(take);
        r.take(give);
    }
}

/// The constructive roster's state: who is where, and each person's days per ISO
/// week, month and year (history included).
struct Greedy<'a> {
    model: &'a Model,
    jobs: &'a [Job],
    xs: &'a [X],
    z_cost: &'a BTreeMap<(usize, usize), f64>,
    chosen: Vec<bool>,
    busy: BTreeMap<(usize, NaiveDate), Vec<usize>>,
    week: BTreeMap<(usize, i32, u32), u32>,
    month: BTreeMap<(usize, i32, u32), u32>,
    year: BTreeMap<usize, u32>,
    /// Team memberships in use, with how many assignments use each (plus one for a
    /// membership the frozen past holds).
    team: BTreeMap<(usize, usize), u32>,
    /// [`Start::until`].
    until: Option<crate::milp::Deadline>,
}

impl<'a> Greedy<'a> {
    fn new(model: &'a Model, jobs: &'a [Job], xs: &'a [X], st: &Start<'a>) -> Self {
        let mut g = Greedy {
            model,
            jobs,
            xs,
            z_cost: st.z_cost,
            chosen: vec![false; xs.len()],
            busy: BTreeMap::new(),
            week: BTreeMap::new(),
            month: BTreeMap::new(),
            year: BTreeMap::new(),
            team: BTreeMap::new(),
            until: st.until,
        };
        for &(p, d) in st.history {
            g.count_day(p, d, 1);
        }
        // The past's members are on their teams from the start, for good (CON-4 holds
        // for the whole year, the past included), so a day there costs them no team
        // weight: a re-plan that ran out of time kept its start, whose teams once left
        // out who had consulted before `as_of`, and the check found their past days off
        // the team. Their count starts at 1, which `drop` never takes away.
        for &k in st.history_team {
            if st.z.contains_key(&k) {
                g.team.insert(k, 1);
            }
        }
        g
    }

    /// Whether the run's MILPs are out of time ([`Start::until`]): the improving moves
    /// stop. Issue 20, part 1: on 8 neighbouring copies of the shipped year they took
    /// 5 s of a consultant part's 6.7 s start, all past the deadline, and
    /// `--time-limit 10` ran 13-16 s.
    fn out_of_time(&self) -> bool {
        self.until.is_some_and(|d| d.remaining() <= 0.0)
    }

    /// Days `p` works in the year so far (history included).
    fn days(&self, p: usize) -> f64 {
        f64::from(self.year.get(&p).copied().unwrap_or(0))
    }

    fn count_day(&mut self, p: usize, d: NaiveDate, add: i32) {
        let bump = |n: &mut u32| {
            *n = if add > 0 {
                n.saturating_add(1)
            } else {
                n.saturating_sub(1)
            }
        };
        bump(
            self.week
                .entry((p, d.iso_week().year(), d.iso_week().week()))
                .or_default(),
        );
        bump(self.month.entry((p, d.year(), d.month())).or_default());
        bump(self.year.entry(p).or_default());
    }

    /// Whether variable `i`'s person is free at its time and within their limits.
    fn fits(&self, i: usize) -> bool {
        if self.chosen[i] {
            return false;
        }
        let x = &self.xs[i];
        let (p, job) = (x.staff, &self.jobs[x.job]);
        let d = job.date;
        match self.busy.get(&(p, d)) {
            Some(here) => here
                .iter()
                .all(|&k| !self.jobs[self.xs[k].job].window.overlaps(&job.window)),
            None => {
                let s = &self.model.staff[p];
                self.week
                    .get(&(p, d.iso_week().year(), d.iso_week().week()))
                    .copied()
                    .unwrap_or(0)
                    < s.max_days_in_week_of(d)
                    && self
                        .month
                        .get(&(p, d.year(), d.month()))
                        .copied()
                        .unwrap_or(0)
                        < s.max_days_in_month_of(d)
                    && self.year.get(&p).copied().unwrap_or(0) < s.max_days_per_year
            }
        }
    }

    /// Cost of taking `i`: its own cost plus the team weight if it adds a member.
    fn cost(&self, i: usize) -> f64 {
        let x = &self.xs[i];
        let join = match self.jobs[x.job].needs[x.need].who {
            Who::TeamConsultant(m) if !self.team.contains_key(&(x.staff, m)) => {
                self.z_cost.get(&(x.staff, m)).copied().unwrap_or(0.0)
            }
            _ => 0.0,
        };
        x.cost + join
    }

    fn take(&mut self, i: usize) {
        let x = &self.xs[i];
        let (p, d) = (x.staff, self.jobs[x.job].date);
        if !self.busy.contains_key(&(p, d)) {
            self.count_day(p, d, 1);
        }
        self.busy.entry((p, d)).or_default().push(i);
        if let Who::TeamConsultant(m) = self.jobs[x.job].needs[x.need].who {
            *self.team.entry((p, m)).or_default() += 1;
        }
        self.chosen[i] = true;
    }

    fn drop(&mut self, i: usize) {
        let x = &self.xs[i];
        let (p, d) = (x.staff, self.jobs[x.job].date);
        if let Some(here) = self.busy.get_mut(&(p, d)) {
            here.retain(|&k| k != i);
            if here.is_empty() {
                self.busy.remove(&(p, d));
                self.count_day(p, d, -1);
            }
        }
        if let Who::TeamConsultant(m) = self.jobs[x.job].needs[x.need].who {
            if let Some(n) = self.team.get_mut(&(p, m)) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    self.team.remove(&(p, m));
                }
            }
        }
        self.chosen[i] = false;
    }

    /// Fills one more place of the need whose variables are `cands` by moving one
    /// assignment that blocks a candidate to somebody else. Returns whether it did.
    fn repair(&mut self, cands: &[usize], by_need: &BTreeMap<(usize, usize), Vec<usize>>) -> bool {
        let mut order: Vec<usize> = cands.iter().copied().filter(|&i| !self.chosen[i]).collect();
        order.sort_by(|&a, &b| self.cost(a).total_cmp(&self.cost(b)).then(a.cmp(&b)));
        for i in order {
            let x = &self.xs[i];
            let (p, job) = (x.staff, &self.jobs[x.job]);
            let d = job.date;
            // What keeps p away: overlapping work that day, or the days of the week
            // and month that hold p at a limit.
            let blockers: Vec<usize> = match self.busy.get(&(p, d)) {
                Some(here) => here
                    .iter()
                    .copied()
                    .filter(|&k| self.jobs[self.xs[k].job].window.overlaps(&job.window))
                    .collect(),
                None => self
                    .busy
                    .range((p, NaiveDate::MIN)..=(p, NaiveDate::MAX))
                    .filter(|((_, dd), here)| {
                        here.len() == 1
                            && ((dd.iso_week() == d.iso_week())
                                || (dd.year(), dd.month()) == (d.year(), d.month()))
                    })
                    .flat_map(|(_, here)| here.iter().copied())
                    .collect(),
            };
            if blockers.len() > 3 && self.busy.contains_key(&(p, d)) {
                continue;
            }
            for k in blockers {
                let xk = &self.xs[k];
                let Some(alts) = by_need.get(&(xk.job, xk.need)) else {
                    continue;
                };
                self.drop(k);
                let alt = alts
                    .iter()
                    .copied()
                    .filter(|&r| self.xs[r].staff != p && self.fits(r))
                    .min_by(|&a, &b| self.cost(a).total_cmp(&self.cost(b)).then(a.cmp(&b)));
                if let Some(r) = alt {
                    self.take(r);
                    if self.fits(i) {
                        self.take(i);
                        return true;
                    }
                    self.drop(r);
                }
                self.take(k);
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::super::tests::{alpha_day, staff, tiny};
    use super::super::{formulate, Ctx, Fixings, Lp, Part, Place, Reach, Who};
    use super::{close_teams, Greedy};

    /// Issue 20 part 5: beta's team (minimum 1, CON-4) with both c1 and c2 on it, each
    /// with two of its four days: closing c2's membership (c1 takes their days) saves
    /// the team weight and c2's longer travel, so [`close_teams`] closes it, and only
    /// it, and every day stays staffed.
    #[test]
    fn close_teams_closes_the_membership_a_team_can_do_without() {
        let model = tiny();
        let (c1, c2) = (staff(&model, "c1"), staff(&model, "c2"));
        let beta = 1;
        assert_eq!(model.municipalities[beta].team_min, 1);
        let jobs: Vec<_> = ["2023-05-08", "2023-05-11", "2023-05-15", "2023-05-18"]
            .iter()
            .map(|d| {
                let mut job = alpha_day(&model, &format!("con-beta-{d}"), d);
                job.place = Place::Municipality(beta);
                job.event.municipality = "beta".into();
                job.needs[0].who = Who::TeamConsultant(beta);
                job
            })
            .collect();
        let part = Part {
            people: [c1, c2].into(),
            needs: (0..jobs.len()).map(|j| (j, 0)).collect(),
            teams: BTreeMap::from([(beta, vec![c1, c2])]),
            narrowing: None,
        };
        let (fix, reach) = (Fixings::default(), Reach::of(&model));
        let cx = Ctx {
            model: &model,
            jobs: &jobs,
            fix: &fix,
            reach: &reach,
            part: &part,
            relax: false,
            tight: false,
            narrow: false,
        };
        let mut lp = Lp::new();
        let v = formulate(&mut lp, &cx);
        let by_need =
            crate::milp::group(v.xs.iter().enumerate().map(|(i, x)| ((x.job, x.need), i)));
        let var = |j: usize, p: usize| {
            v.xs.iter()
                .position(|x| x.job == j && x.staff == p)
                .expect("both may staff every day")
        };
        let start = v.start(false);
        let mut r = Greedy::new(&model, &jobs, &v.xs, &start);
        for (j, p) in [(0, c1), (1, c2), (2, c1), (3, c2)] {
            r.take(var(j, p));
        }
        let cost = |r: &Greedy| -> f64 {
            let travel: f64 = (0..v.xs.len())
                .filter(|&i| r.chosen[i])
                .map(|i| v.xs[i].cost)
                .sum();
            travel + r.team.keys().map(|k| v.teams.cost[k]).sum::<f64>()
        };
        let before = cost(&r);
        let no_fairness = |_: usize, _: f64| 0.0;
        assert!(close_teams(&mut r, &by_need, &no_fairness));
        assert_eq!(r.team.keys().copied().collect::<Vec<_>>(), vec![(c1, beta)]);
        assert!((0..jobs.len()).all(|j| r.chosen[var(j, c1)]));
        assert!(
            cost(&r) < before - 200.0 + 1e-6,
            "{} against {before}",
            cost(&r)
        );
        // The team is at its minimum: nothing more closes.
        assert!(!close_teams(&mut r, &by_need, &no_fairness));
    }
}
