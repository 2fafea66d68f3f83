//! Stage 2: who staffs every event of the year, and each municipality's team.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate};
use good_lp::{constraint, Expression};

use super::lp::{sum, Lp, SolveError, Var};
use super::stage1::cliques;
use super::{eligible, Ended, Fixings, Job, Reach, Run, Who};
use crate::calendar;
use crate::model::{weekday_id, Model, Place, TimeWindow};
use crate::plan::{Assignment, ObjectiveTerms, TeamMember, Violation};

pub(crate) struct Stage2 {
    pub assignments: Vec<Assignment>,
    pub teams: Vec<TeamMember>,
    pub violations: Vec<Violation>,
    pub objective: ObjectiveTerms,
    /// How each part's MILP ended.
    pub ended: Vec<Ended>,
    /// Joint bound only: who the relaxation put on each quota's and series' events.
    pub prefs: super::DatePrefs,
}

/// Days within this share of a person's fair target cost nothing: "fair" is a band,
/// not a point, and the band keeps the LP relaxation close to integral.
const FAIR_BAND: f64 = 0.1;

/// What the frozen past contributes: days worked and objective constants.
#[derive(Default)]
struct History {
    days: BTreeSet<(usize, NaiveDate)>,
    team: BTreeSet<(usize, usize)>,
    travel: f64,
    preference: f64,
    kept: usize,
}

/// A fairness group: (person, target days, deviation variable), and the group ratio.
type FairGroup = (Vec<(usize, f64, Var)>, f64);

/// One assignment variable.
struct X {
    job: usize,
    need: usize,
    staff: usize,
    var: Var,
    travel: f64,
    preference: f64,
    /// Objective coefficient (travel, preference and change cost).
    cost: f64,
}

/// Workdays a person could give in the year, scaled to their contract: the fair target
/// is proportional to this.
fn contract_capacity(model: &Model, p: usize) -> f64 {
    let s = &model.staff[p];
    let wd = s.weekdays.len().max(1) as f64;
    let days = model
        .period
        .days()
        .filter(|d| s.available(*d) && calendar::is_open_day(model, *d))
        .count() as f64;
    s.contract_days_per_week * days / wd
}

/// Whether staff `p` may be placed on need `need` of `job` (a variable exists).
fn candidate(
    model: &Model,
    fix: &Fixings,
    reach: &Reach,
    job: &Job,
    need: &super::JobNeed,
    p: usize,
) -> bool {
    if fix.frozen_before.is_some_and(|f| job.date < f) {
        // History: exactly the baseline's people, nobody else.
        fix.baseline.contains(&(job.event.event_id.clone(), p)) && eligible(model, p, need.who)
    } else {
        eligible(model, p, need.who)
            && model.staff[p].available(job.date)
            && reach.reaches(model, p, job.place)
    }
}

/// Whether staff `p` could be placed on need `need` of `job` on some date and at
/// some place stage 1 could have given it (for fixed-date events: [`candidate`]).
/// Stage 2's parts and fairness targets are computed from this, so they are the same
/// whatever dates stage 1 chose, and the joint bound ([`staff`] with `relax`) bounds
/// the very objective a plan is scored on.
fn broad(
    model: &Model,
    fix: &Fixings,
    reach: &Reach,
    job: &Job,
    need: &super::JobNeed,
    p: usize,
) -> bool {
    if candidate(model, fix, reach, job, need, p) {
        return true;
    }
    match &job.free {
        Some(f) if fix.frozen_before.is_none_or(|d| job.date >= d) => {
            fits_free(model, reach, f, need, p)
        }
        _ => false,
    }
}

/// Whether staff `p` could fill `need` of a stage-1 event on one of its candidate
/// dates and at one of its candidate places.
fn fits_free(
    model: &Model,
    reach: &Reach,
    f: &super::Free,
    need: &super::JobNeed,
    p: usize,
) -> bool {
    let s = &model.staff[p];
    eligible(model, p, need.who)
        && f.dates.iter().any(|&d| s.available(d))
        && f.places.iter().any(|&pl| reach.reaches(model, p, pl))
}

/// An independent part of the staffing problem: people who can never meet in a need,
/// a row or a limit are solved apart (exactly the same optimum, much faster).
struct Part {
    people: BTreeSet<usize>,
    needs: BTreeSet<(usize, usize)>,
    /// The municipalities whose team row (CON-4) is in this part, each with the
    /// people who may join that team.
    teams: BTreeMap<usize, Vec<usize>>,
}

impl Part {
    /// "consultant, lecturer, teams": the roles the part staffs.
    fn label(&self, jobs: &[Job]) -> String {
        let mut roles: BTreeSet<&str> = BTreeSet::new();
        for &(j, n) in &self.needs {
            if let Some(need) = jobs.get(j).and_then(|job| job.needs.get(n)) {
                roles.insert(need.role);
            }
        }
        let mut names: Vec<&str> = roles.into_iter().collect();
        if !self.teams.is_empty() {
            names.push("teams");
        }
        names.join(", ")
    }

    fn size(&self) -> usize {
        self.needs.len() * self.people.len().max(1)
    }
}

/// Splits the staffing problem into connected components of people and needs: two
/// people are in one part when they may fill one need or join one team (CON-4). The
/// split is exact: parts share no variable and no row (each person's limits, one
/// place at a time and fairness rows only involve that person's own variables).
fn parts(model: &Model, jobs: &[Job], fix: &Fixings, reach: &Reach) -> Vec<Part> {
    let n = model.staff.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(parent: &mut [usize], x: usize) -> usize {
        let mut r = x;
        while parent[r] != r {
            r = parent[r];
        }
        let mut y = x;
        while parent[y] != r {
            let next = parent[y];
            parent[y] = r;
            y = next;
        }
        r
    }
    let union = |parent: &mut Vec<usize>, a: usize, b: usize| {
        let (ra, rb) = (find(parent, a), find(parent, b));
        if ra != rb {
            parent[ra.max(rb)] = ra.min(rb);
        }
    };
    let mut need_people: Vec<((usize, usize), Vec<usize>)> = Vec::new();
    // Who may join each municipality's team: qualified consultants who can reach one
    // of its consultation venues (or its town hall), and anyone who may staff one of
    // its days (history included).
    let mut team_people: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); model.municipalities.len()];
    let mut venues_of: Vec<Vec<crate::model::Place>> = vec![Vec::new(); model.municipalities.len()];
    // Who could be placed on a job at all: who reaches its place (or, for a stage-1
    // event, one of its candidate places), or for history the baseline's people; only
    // they are tested with `broad`. Testing everyone for every need made this loop
    // quadratic in the model's size (most of a large model's time limit).
    let mut reachers: HashMap<(bool, usize), Vec<usize>> = HashMap::new();
    let mut reachers_of = |pl: Place| -> Vec<usize> {
        let key = match pl {
            Place::Municipality(i) => (false, i),
            Place::Town(i) => (true, i),
        };
        reachers
            .entry(key)
            .or_insert_with(|| (0..n).filter(|&p| reach.reaches(model, p, pl)).collect())
            .clone()
    };
    let mut in_baseline: HashMap<&str, Vec<usize>> = HashMap::new();
    for (id, p) in &fix.baseline {
        in_baseline.entry(id.as_str()).or_default().push(*p);
    }
    for (ji, job) in jobs.iter().enumerate() {
        let mut maybe: Vec<usize> = if fix.frozen_before.is_some_and(|f| job.date < f) {
            in_baseline
                .get(job.event.event_id.as_str())
                .cloned()
                .unwrap_or_default()
        } else {
            let mut v = reachers_of(job.place);
            if let Some(f) = &job.free {
                for &pl in &f.places {
                    v.extend(reachers_of(pl));
                }
            }
            v
        };
        maybe.sort_unstable();
        maybe.dedup();
        maybe.retain(|&p| p < n);
        for (ni, need) in job.needs.iter().enumerate() {
            let people: Vec<usize> = maybe
                .iter()
                .copied()
                .filter(|&p| broad(model, fix, reach, job, need, p))
                .collect();
            for w in people.windows(2) {
                union(&mut parent, w[0], w[1]);
            }
            if let Who::TeamConsultant(m) = need.who {
                if let Some(t) = team_people.get_mut(m) {
                    t.extend(people.iter().copied());
                }
                if let Some(v) = venues_of.get_mut(m) {
                    if !v.contains(&job.place) {
                        v.push(job.place);
                    }
                }
            }
            need_people.push(((ji, ni), people));
        }
    }
    for (m, team) in team_people.iter_mut().enumerate() {
        let home = crate::model::Place::Municipality(m);
        for p in (0..n).filter(|&p| eligible(model, p, Who::TeamConsultant(m))) {
            let near = venues_of[m].iter().any(|&v| reach.reaches(model, p, v))
                || reach.reaches(model, p, home);
            if near {
                team.insert(p);
            }
        }
        let members: Vec<usize> = team.iter().copied().collect();
        for w in members.windows(2) {
            union(&mut parent, w[0], w[1]);
        }
    }
    let mut by_root: BTreeMap<usize, Part> = BTreeMap::new();
    for p in 0..n {
        let r = find(&mut parent, p);
        by_root
            .entry(r)
            .or_insert_with(|| Part {
                people: BTreeSet::new(),
                needs: BTreeSet::new(),
                teams: BTreeMap::new(),
            })
            .people
            .insert(p);
    }
    let mut orphans = BTreeSet::new();
    for (key, people) in need_people {
        match people.first() {
            Some(&p) => {
                let r = find(&mut parent, p);
                if let Some(part) = by_root.get_mut(&r) {
                    part.needs.insert(key);
                }
            }
            None => {
                orphans.insert(key);
            }
        }
    }
    let mut lonely_teams = BTreeMap::new();
    for (m, team) in team_people.into_iter().enumerate() {
        match team.first() {
            Some(&p) => {
                let r = find(&mut parent, p);
                if let Some(part) = by_root.get_mut(&r) {
                    part.teams.insert(m, team.into_iter().collect());
                }
            }
            None => {
                lonely_teams.insert(m, Vec::new());
            }
        }
    }
    let mut parts: Vec<Part> = by_root
        .into_values()
        .filter(|p| !p.needs.is_empty() || !p.teams.is_empty())
        .collect();
    // Needs nobody can fill and teams nobody can join still get their slack row (and
    // their violation).
    if !orphans.is_empty() || !lonely_teams.is_empty() {
        if parts.is_empty() {
            parts.push(Part {
                people: BTreeSet::new(),
                needs: BTreeSet::new(),
                teams: BTreeMap::new(),
            });
        }
        if let Some(first) = parts.first_mut() {
            first.needs.extend(orphans);
            first.teams.extend(lonely_teams);
        }
    }
    parts
}

/// Staffs every job. With `relax`, solves instead the joint bound's relaxation: every
/// stage-1 event may take any date and place its quota or series could have (see
/// [`broad`]), and only the MILPs' bounds are returned (no plan).
pub(crate) fn staff(
    model: &Model,
    jobs: &[Job],
    run: &Run,
    fix: &Fixings,
    relax: bool,
) -> Result<Stage2, SolveError> {
    let mut out = Stage2 {
        assignments: Vec::new(),
        teams: Vec::new(),
        violations: Vec::new(),
        objective: ObjectiveTerms::default(),
        ended: Vec::new(),
        prefs: super::DatePrefs::default(),
    };
    let mut kept_added = (0usize, 0usize);
    // Small parts first, each with a share of the time left in proportion to its
    // size: what a small part does not use flows to the larger ones after it. With
    // `--threads N`, N parts are solved at once (they share nothing), each HiGHS on
    // N / (parts at once) threads; the result is the same as one after another.
    let reach = Reach::of(model);
    let mut parts = parts(model, jobs, fix, &reach);
    parts.sort_by_key(|p| (p.size(), p.people.first().copied()));
    let count = parts.len();
    let workers = (run.opts.threads.max(1) as usize).min(count.max(1));
    let part_opts = super::SolveOptions {
        threads: (run.opts.threads.max(1) / workers as u32).max(1),
        ..run.opts.clone()
    };
    let part_run = Run {
        opts: &part_opts,
        deadline: run.deadline,
        hooks: run.hooks,
    };
    let left = std::sync::Mutex::new((parts.iter().map(Part::size).sum::<usize>(), count));
    let solve_one = |i: usize, part: &Part| {
        let size = part.size();
        let share = {
            let mut g = left
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let (size_left, parts_left) = *g;
            *g = (size_left.saturating_sub(size), parts_left.saturating_sub(1));
            // At least an even split among the parts left (a part's fixed costs do
            // not shrink with its size).
            let even = (workers as f64 / parts_left.max(1) as f64).min(0.5);
            if size_left == 0 {
                1.0
            } else {
                (workers as f64 * size as f64 / size_left as f64)
                    .min(1.0)
                    .max(even)
            }
        };
        let (name, file) = if relax {
            (
                format!(
                    "joint bound: {} (part {} of {count})",
                    part.label(jobs),
                    i + 1
                ),
                format!("joint-bound-part{}", i + 1),
            )
        } else {
            (
                format!("stage 2: {} (part {} of {count})", part.label(jobs), i + 1),
                format!("stage2-part{}", i + 1),
            )
        };
        staff_part(
            model, jobs, &part_run, fix, &reach, share, part, &name, &file, relax,
        )
    };
    let results: Vec<Result<(Stage2, usize, usize), SolveError>> = if workers > 1 {
        use rayon::prelude::*;
        match rayon::ThreadPoolBuilder::new().num_threads(workers).build() {
            Ok(pool) => pool.install(|| {
                parts
                    .par_iter()
                    .enumerate()
                    .map(|(i, p)| solve_one(i, p))
                    .collect()
            }),
            Err(_) => parts
                .iter()
                .enumerate()
                .map(|(i, p)| solve_one(i, p))
                .collect(),
        }
    } else {
        parts
            .iter()
            .enumerate()
            .map(|(i, p)| solve_one(i, p))
            .collect()
    };
    for r in results {
        let (r, k, a) = r?;
        kept_added.0 += k;
        kept_added.1 += a;
        out.assignments.extend(r.assignments);
        out.teams.extend(r.teams);
        out.violations.extend(r.violations);
        let (o, p) = (&mut out.objective, &r.objective);
        o.travel += p.travel;
        o.continuity += p.continuity;
        o.fairness += p.fairness;
        o.preference += p.preference;
        o.violations += p.violations;
        out.ended.extend(r.ended);
        for (k, v) in r.prefs.people {
            out.prefs.people.entry(k).or_default().extend(v);
        }
        out.prefs.busy.extend(r.prefs.busy);
    }
    if relax {
        for j in jobs {
            if let Some(f) = &j.free {
                *out.prefs.slots.entry(f.of).or_default() += 1;
            }
        }
    }
    let o = &mut out.objective;
    if fix.change_weight > 0.0 {
        let removed = fix.baseline.len().saturating_sub(kept_added.0);
        o.changes = fix.change_weight * (kept_added.1 + removed) as f64;
    }
    o.total = o.travel + o.continuity + o.fairness + o.preference + o.changes + o.violations;
    Ok(out)
}

/// Staffs one part; returns the result with the baseline assignments kept and added.
#[allow(clippy::too_many_arguments)]
fn staff_part(
    model: &Model,
    jobs: &[Job],
    run: &Run,
    fix: &Fixings,
    reach: &Reach,
    share: f64,
    part: &Part,
    name: &str,
    file: &str,
    relax: bool,
) -> Result<(Stage2, usize, usize), SolveError> {
    let w = &model.objective;
    let big = w.violation;
    let mut lp = Lp::new();
    let frozen = |d: NaiveDate| fix.frozen_before.is_some_and(|f| d < f);

    // Team membership z[p, m] for qualified consultants (CON-4).
    let mut z: BTreeMap<(usize, usize), Var> = BTreeMap::new();
    let mut z_cost: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    for (&m, members) in &part.teams {
        for &p in members {
            let mut cost = w.team_member;
            if fix.change_weight > 0.0 && !fix.baseline_teams.contains(&(m, p)) {
                // A new team member is a change (CON-4's assigned-consultant system):
                // substitutes come from the same team where they can.
                cost += fix.change_weight;
            }
            z.insert((p, m), lp.binary(cost));
            z_cost.insert((p, m), cost);
        }
    }

    let mut xs: Vec<X> = Vec::new();
    // Joint bound only: assignments to undated stage-1 events (job, person, variable).
    let mut free_xs: Vec<(usize, usize, Var)> = Vec::new();
    // Joint bound only: the place chosen for an undated event with several.
    let mut place_of: BTreeMap<usize, Vec<(Place, Var)>> = BTreeMap::new();
    let mut cover_slack: Vec<(usize, usize, Var)> = Vec::new();
    let mut history = History::default();
    for (ji, job) in jobs.iter().enumerate() {
        let is_frozen = frozen(job.date);
        for (ni, need) in job.needs.iter().enumerate() {
            if !part.needs.contains(&(ji, ni)) {
                continue;
            }
            if is_frozen {
                // History is copied from the baseline after the solve; here it only
                // counts: days worked (limits, fairness), travel and preference, as
                // constants, so a conflict in the past cannot make the future infeasible.
                for &p in &part.people {
                    if fix.baseline.contains(&(job.event.event_id.clone(), p)) {
                        let s = &model.staff[p];
                        history.days.insert((p, job.date));
                        history.travel +=
                            2.0 * model.distance_km(s.home, job.place) * w.travel_per_km;
                        if let Who::TeamConsultant(m) = need.who {
                            if !s.prefers.is_empty() && !s.prefers.contains(&m) {
                                history.preference += w.preference;
                            }
                            // Who staffed a municipality's day is on its team (CON-4).
                            history.team.insert((p, m));
                        }
                        history.kept += 1;
                    }
                }
                continue;
            }
            let mut vars: Vec<Var> = Vec::new();
            if let (true, Some(f)) = (relax, &job.free) {
                // The joint bound: this event may have any of its dates and places, so
                // anyone who could staff it somewhere, sometime, may. With several
                // places, the event is at one of them (shared by its needs in this
                // part), and each person pays the travel to it.
                let mut places: Vec<Place> = f.places.clone();
                if !places.contains(&job.place) {
                    places.push(job.place);
                }
                let at: Vec<(Place, Var)> = if places.len() > 1 {
                    place_of
                        .entry(ji)
                        .or_insert_with(|| {
                            let us: Vec<(Place, Var)> =
                                places.iter().map(|&pl| (pl, lp.binary(0.0))).collect();
                            lp.add(constraint!(sum(us.iter().map(|u| u.1)) == 1.0));
                            us
                        })
                        .clone()
                } else {
                    Vec::new()
                };
                for &p in &part.people {
                    if !broad(model, fix, reach, job, need, p) {
                        continue;
                    }
                    let home = model.staff[p].home;
                    let cost = |pl: Place| 2.0 * model.distance_km(home, pl) * w.travel_per_km;
                    let var = if at.is_empty() {
                        lp.binary(cost(job.place))
                    } else {
                        let var = lp.binary(0.0);
                        let mut legs = Vec::new();
                        for &(pl, u) in &at {
                            if reach.reaches(model, p, pl) {
                                let leg = lp.continuous(0.0, 1.0, cost(pl));
                                lp.add(constraint!(leg.1 <= u.1));
                                legs.push(leg);
                            }
                        }
                        lp.add(constraint!(sum(legs) == var.1));
                        var
                    };
                    vars.push(var);
                    free_xs.push((ji, p, var));
                }
                let slack = lp.slack(0.0, f64::from(need.count), big);
                lp.add(constraint!(sum(vars) + slack.1 == f64::from(need.count)));
                cover_slack.push((ji, ni, slack));
                continue;
            }
            for &p in &part.people {
                let s = &model.staff[p];
                let in_baseline = fix.baseline.contains(&(job.event.event_id.clone(), p));
                if !candidate(model, fix, reach, job, need, p) {
                    continue;
                }
                let km = 2.0 * model.distance_km(s.home, job.place);
                let travel = km * w.travel_per_km;
                let preference = match need.who {
                    Who::TeamConsultant(m) if !s.prefers.is_empty() && !s.prefers.contains(&m) => {
                        w.preference
                    }
                    _ => 0.0,
                };
                let change = if in_baseline {
                    // A hand-made decision (pinned) is kept unless a rule forbids it.
                    if fix.pinned.contains(&(job.event.event_id.clone(), p)) {
                        -fix.pin_weight
                    } else {
                        0.0
                    }
                } else {
                    fix.change_cost(job.date)
                };
                let var = lp.binary(travel + preference + change);
                if let Who::TeamConsultant(m) = need.who {
                    if let Some(zv) = z.get(&(p, m)) {
                        lp.add(constraint!(var.1 <= zv.1));
                    }
                }
                vars.push(var);
                xs.push(X {
                    job: ji,
                    need: ni,
                    staff: p,
                    var,
                    travel,
                    preference,
                    cost: travel + preference + change,
                });
            }
            let slack = lp.slack(0.0, f64::from(need.count), big);
            lp.add(constraint!(sum(vars) + slack.1 == f64::from(need.count)));
            cover_slack.push((ji, ni, slack));
        }
    }

    for key in &history.team {
        if let Some(zv) = z.get(key) {
            lp.add(constraint!(zv.1 == 1.0));
        }
    }

    // Team minimum (CON-4).
    let mut team_slack: Vec<(usize, Var)> = Vec::new();
    for (&m, people) in &part.teams {
        let muni = &model.municipalities[m];
        let members: Vec<Var> = people
            .iter()
            .filter_map(|&p| z.get(&(p, m)).copied())
            .collect();
        let slack = lp.slack(0.0, f64::from(muni.team_min), big);
        lp.add(constraint!(
            sum(members) + slack.1 >= f64::from(muni.team_min)
        ));
        team_slack.push((m, slack));
    }

    // One place at a time (CON-6) and days worked per person.
    let by_person_day = super::group(
        xs.iter()
            .enumerate()
            .map(|(i, x)| ((x.staff, jobs[x.job].date), i)),
    );
    let mut day_worked: BTreeMap<usize, Vec<(NaiveDate, Expression)>> = BTreeMap::new();
    let mut w_vars: BTreeMap<(usize, NaiveDate), Var> = BTreeMap::new();
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
            w_vars.insert((*p, *d), wv);
            wv.1.into()
        };
        day_worked.entry(*p).or_default().push((*d, worked));
    }
    for &(p, d) in &history.days {
        day_worked
            .entry(p)
            .or_default()
            .push((d, Expression::from(1.0)));
    }
    // Everyone of the part is scored for fairness, whatever dates stage 1 chose (who
    // is in the part does not depend on them).
    for &p in &part.people {
        day_worked.entry(p).or_default();
    }
    // Joint bound: an undated assignment is a day of its own when its window overlaps
    // every window the person could work (no other work fits beside it on its day);
    // otherwise it counts anything from no day to one.
    let mut windows_of: BTreeMap<usize, Vec<TimeWindow>> = BTreeMap::new();
    for x in &xs {
        windows_of
            .entry(x.staff)
            .or_default()
            .push(jobs[x.job].window);
    }
    for &(ji, p, _) in &free_xs {
        windows_of.entry(p).or_default().push(jobs[ji].window);
    }
    let mut free_days: BTreeMap<usize, Vec<Expression>> = BTreeMap::new();
    for &(ji, p, var) in &free_xs {
        let win = jobs[ji].window;
        let own_day = windows_of
            .get(&p)
            .is_none_or(|ws| ws.iter().all(|o| o.overlaps(&win)));
        let e: Expression = if own_day {
            var.1.into()
        } else {
            let ev = lp.continuous(0.0, 1.0, 0.0);
            lp.add(constraint!(ev.1 <= var.1));
            ev.1.into()
        };
        free_days.entry(p).or_default().push(e);
        day_worked.entry(p).or_default();
    }

    // Workload limits from the model (per ISO week, month, year) and fairness.
    let mut days_of: BTreeMap<usize, Expression> = BTreeMap::new();
    for (p, days) in &day_worked {
        let s = &model.staff[*p];
        let past = |d: &NaiveDate| history.days.contains(&(*p, *d));
        // Each limit counts history days as used; the future gets what is left (never
        // less than nothing, even if the past already broke the limit).
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
        let weeks = super::group(
            days.iter()
                .map(|(d, e)| ((d.iso_week().year(), d.iso_week().week()), (*d, e.clone()))),
        );
        for (_, es) in weeks {
            limit(&mut lp, es, s.max_days_per_week);
        }
        let months = super::group(
            days.iter()
                .map(|(d, e)| ((d.year(), d.month()), (*d, e.clone()))),
        );
        for (_, es) in months {
            limit(&mut lp, es, s.max_days_per_month);
        }
        // Undated days (joint bound only) count for the year, not for a week or month.
        let mut year = days.clone();
        if let Some(fd) = free_days.get(p) {
            year.extend(fd.iter().map(|e| (NaiveDate::MAX, e.clone())));
        }
        let total: Expression = year.iter().map(|(_, e)| e.clone()).sum();
        limit(&mut lp, year, s.max_days_per_year);
        days_of.insert(*p, total);
    }

    // Fair workload: within each group of people sharing their first role, days worked
    // should be proportional to contracted capacity. The group's share of the year's
    // needs is estimated up front (each need split over the groups of the people who
    // may fill it), so every person gets a fixed target and the deviation is paid. A
    // common ratio variable instead couples everyone in one row and doubled solve times.
    let mut dev_vars: Vec<Var> = Vec::new();
    let mut fair_groups: Vec<FairGroup> = Vec::new();
    let groups = super::group(
        days_of
            .keys()
            .filter_map(|&p| model.staff[p].roles.first().map(|r| (*r, p))),
    );
    let group_of = |p: usize| model.staff[p].roles.first().copied();
    let mut demand_of: BTreeMap<crate::model::Role, f64> = BTreeMap::new();
    let staff_by_need = super::group(xs.iter().map(|x| ((x.job, x.need), x.staff)));
    for (ji, job) in jobs.iter().enumerate() {
        for (ni, need) in job.needs.iter().enumerate() {
            // History needs count too, with the people a fresh solve could have placed
            // there: history days count in `days_of`, so leaving their needs out of the
            // group's demand set every target too low and moved fairness on re-plans
            // that change nobody's work.
            let history_people: Vec<usize>;
            let free_people: Vec<usize>;
            let people = if let Some(f) = &job.free {
                // A stage-1 event: everyone who could staff it on some date and at some
                // place stage 1 could have given it, so the target does not depend on
                // the date stage 1 picked (nor on whether it is history by now).
                if !part.needs.contains(&(ji, ni)) {
                    continue;
                }
                free_people = part
                    .people
                    .iter()
                    .copied()
                    .filter(|&p| fits_free(model, reach, f, need, p))
                    .collect();
                &free_people
            } else if frozen(job.date) {
                if !part.needs.contains(&(ji, ni)) {
                    continue;
                }
                history_people = part
                    .people
                    .iter()
                    .copied()
                    .filter(|&p| eligible(model, p, need.who) && model.staff[p].available(job.date))
                    .collect();
                &history_people
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
    for (g, members) in groups {
        if members.len() < 2 || w.fairness == 0.0 {
            continue;
        }
        let caps: Vec<f64> = members
            .iter()
            .map(|&p| contract_capacity(model, p))
            .collect();
        let total_cap: f64 = caps.iter().sum();
        let ratio = if total_cap > 0.0 {
            demand_of.get(&g).copied().unwrap_or(0.0) / total_cap
        } else {
            0.0
        };
        let mut group_devs = Vec::new();
        for (p, cap) in members.into_iter().zip(caps) {
            let target = cap * ratio;
            let dev = lp.continuous(0.0, f64::INFINITY, w.fairness);
            let days = days_of.get(&p).cloned().unwrap_or_default();
            let band = FAIR_BAND * target;
            lp.add(constraint!(dev.1 >= days.clone() - (target + band)));
            lp.add(constraint!(dev.1 >= (target - band) - days));
            dev_vars.push(dev);
            group_devs.push((p, target, dev));
        }
        fair_groups.push((group_devs, ratio));
    }

    if relax {
        // The joint bound needs HiGHS's bound only: no start, no plan to decode.
        run.prepare(&mut lp, name, file);
        let sol = lp.solve(run.opts, run.deadline.remaining() * share)?;
        let ended = Ended {
            report: crate::plan::PartReport {
                name: name.to_string(),
                status: sol.status,
                gap: sol.gap,
                from_start: false,
            },
            real: sol.real,
            // A bound on real cost plus penalties bounds the real cost of every
            // rule-abiding plan, whatever this relaxation's own incumbent pays.
            bound: sol.bound,
        };
        let mut prefs = super::DatePrefs::default();
        for &(ji, p, var) in &free_xs {
            if let (true, Some(f)) = (sol.on(var), &jobs[ji].free) {
                prefs.people.entry(f.of).or_default().push(p);
            }
        }
        for x in &xs {
            if sol.on(x.var) {
                prefs.busy.insert((x.staff, jobs[x.job].date));
            }
        }
        return Ok((
            Stage2 {
                assignments: Vec::new(),
                teams: Vec::new(),
                violations: Vec::new(),
                objective: ObjectiveTerms::default(),
                ended: vec![ended],
                prefs,
            },
            0,
            0,
        ));
    }
    warm_start(
        &mut lp,
        model,
        jobs,
        &xs,
        &Start {
            z: &z,
            z_cost: &z_cost,
            cover_slack: &cover_slack,
            team_slack: &team_slack,
            w_vars: &w_vars,
            fair_groups: &fair_groups,
            history: &history.days,
        },
    );
    // The share is taken of the time left once the part is formulated.
    run.prepare(&mut lp, name, file);
    let sol = lp.solve(run.opts, run.deadline.remaining() * share)?;

    // Decode.
    let mut assignments = Vec::new();
    let mut terms = ObjectiveTerms::default();
    let mut kept = 0usize;
    let mut added = 0usize;
    for x in &xs {
        if sol.on(x.var) {
            let job = &jobs[x.job];
            assignments.push(Assignment {
                event_id: job.event.event_id.clone(),
                date: job.event.date.clone(),
                staff_id: model.staff[x.staff].id.clone(),
                role: job.needs[x.need].role.into(),
            });
            terms.travel += x.travel;
            terms.preference += x.preference;
            if fix
                .baseline
                .contains(&(job.event.event_id.clone(), x.staff))
            {
                kept += 1;
            } else {
                added += 1;
            }
        }
    }
    terms.travel += history.travel;
    terms.preference += history.preference;
    kept += history.kept;
    let mut teams = Vec::new();
    for ((p, m), v) in &z {
        if sol.on(*v) {
            teams.push(TeamMember {
                municipality: model.municipalities[*m].id.clone(),
                staff_id: model.staff[*p].id.clone(),
            });
            terms.continuity += w.team_member;
        }
    }
    // Changes and the total are summed over all parts by `staff`.
    // Fairness from the days the plan really works (not the LP's deviation variables,
    // whose values carry the solver's tolerance): a re-plan that changes nobody's work
    // then scores exactly the baseline's fairness.
    let mut worked: BTreeSet<(usize, NaiveDate)> = history.days.clone();
    for x in &xs {
        if sol.on(x.var) {
            worked.insert((x.staff, jobs[x.job].date));
        }
    }
    terms.fairness = fair_groups
        .iter()
        .flat_map(|(group, _)| group.iter())
        .map(|&(p, target, _)| {
            let days = worked
                .range((p, NaiveDate::MIN)..=(p, NaiveDate::MAX))
                .count() as f64;
            let band = FAIR_BAND * target;
            let dev = (days - (target + band))
                .max((target - band) - days)
                .max(0.0);
            dev * w.fairness
        })
        .sum();

    let mut violations = Vec::new();
    let busy = super::group(
        assignments
            .iter()
            .map(|a| ((a.staff_id.clone(), a.date.clone()), a.event_id.clone())),
    );
    let team_of: BTreeSet<(usize, usize)> = z
        .iter()
        .filter(|(_, v)| sol.on(**v))
        .map(|(k, _)| *k)
        .collect();
    for &(ji, ni, slack) in &cover_slack {
        let miss = sol.get(slack).round();
        if miss < 0.5 {
            continue;
        }
        terms.violations += miss * big;
        let job = &jobs[ji];
        let need = &job.needs[ni];
        let cause = explain(model, reach, job, need.who, &busy, &team_of);
        violations.push(Violation {
            rule: need.rule.into(),
            date: job.event.date.clone(),
            event_id: job.event.event_id.clone(),
            staff_id: String::new(),
            message: format!(
                "{} {}: {} of {} {} missing; {cause}",
                job.event.municipality, job.event.date, miss, need.count, need.role
            ),
        });
    }
    for (m, _) in team_slack {
        // From the members the plan has, not the slack's value: HiGHS may hand back a
        // slack above its least value (see the real objective below).
        let members = team_of.iter().filter(|(_, mm)| *mm == m).count() as f64;
        let miss = (f64::from(model.municipalities[m].team_min) - members).max(0.0);
        if miss < 0.5 {
            continue;
        }
        terms.violations += miss * big;
        let muni = &model.municipalities[m];
        let qualified: Vec<&str> = model
            .staff
            .iter()
            .enumerate()
            .filter(|(p, _)| eligible(model, *p, Who::TeamConsultant(m)))
            .map(|(_, s)| s.id.as_str())
            .collect();
        violations.push(Violation {
            rule: "CON-4".into(),
            date: String::new(),
            event_id: String::new(),
            staff_id: String::new(),
            message: format!(
                "{}: team has {} of at least {} consultants; qualified consultants (CON-5): {}",
                muni.id,
                f64::from(muni.team_min) - miss,
                muni.team_min,
                if qualified.is_empty() {
                    "none".to_string()
                } else {
                    qualified.join(", ")
                }
            ),
        });
    }
    // The MILP's objective of the plan returned, priced from its decisions (who works
    // where, who is on which team) with every auxiliary variable at its least value:
    // the values HiGHS returns for those may lie above it (a MIP start taken over by
    // presolve keeps the start's fairness deviations), and pricing them made a re-plan
    // that meets its bound report a 40 % gap.
    let decided: f64 = xs
        .iter()
        .filter(|x| sol.on(x.var))
        .map(|x| x.cost)
        .sum::<f64>()
        + z.iter()
            .filter(|(_, v)| sol.on(**v))
            .map(|(k, _)| z_cost.get(k).copied().unwrap_or(0.0))
            .sum::<f64>()
        + terms.fairness;
    let ended = Ended::priced(
        name.to_string(),
        &sol,
        decided,
        terms.violations,
        history.travel + history.preference,
    );
    Ok((
        Stage2 {
            assignments,
            teams,
            violations,
            objective: terms,
            prefs: super::DatePrefs::default(),
            ended: vec![ended],
        },
        kept,
        added,
    ))
}

/// Why nobody could fill a need: each candidate and what kept them away.
fn explain(
    model: &Model,
    reach: &Reach,
    job: &Job,
    who: Who,
    busy: &BTreeMap<(String, String), Vec<String>>,
    team: &BTreeSet<(usize, usize)>,
) -> String {
    let d = job.date;
    let candidates: Vec<usize> = match who {
        Who::TeamConsultant(m) => {
            let members: Vec<usize> = team
                .iter()
                .filter(|(_, mm)| *mm == m)
                .map(|(p, _)| *p)
                .collect();
            if members.is_empty() {
                (0..model.staff.len())
                    .filter(|&p| eligible(model, p, who))
                    .collect()
            } else {
                members
            }
        }
        _ => (0..model.staff.len())
            .filter(|&p| eligible(model, p, who))
            .collect(),
    };
    if candidates.is_empty() {
        return "nobody on the staff qualifies".into();
    }
    let has_team = matches!(who, Who::TeamConsultant(m) if team.iter().any(|(_, mm)| *mm == m));
    let what = match who {
        Who::TeamConsultant(_) if has_team => "team members",
        Who::TeamConsultant(_) => "qualified consultants",
        _ => "qualified staff",
    };
    let reasons: Vec<String> = candidates
        .iter()
        .map(|&p| {
            let s = &model.staff[p];
            let why = if s.on_leave(d) {
                "on leave".to_string()
            } else if !s.weekdays.contains(&d.weekday()) {
                format!("does not work on {}", weekday_id(d.weekday()))
            } else if let Some(ev) = busy.get(&(s.id.clone(), d.to_string())) {
                format!("at {}", ev.join(", "))
            } else if !reach.reaches(model, p, job.place) {
                format!(
                    "lives {:.0} km away, beyond their max_travel_km",
                    model.distance_km(s.home, job.place)
                )
            } else {
                "at a workload limit".to_string()
            };
            format!("{} {why}", s.id)
        })
        .collect();
    format!("{what}: {}", reasons.join("; "))
}

/// Handles the warm start needs besides the assignment variables.
struct Start<'a> {
    z: &'a BTreeMap<(usize, usize), Var>,
    z_cost: &'a BTreeMap<(usize, usize), f64>,
    cover_slack: &'a [(usize, usize, Var)],
    team_slack: &'a [(usize, Var)],
    w_vars: &'a BTreeMap<(usize, NaiveDate), Var>,
    fair_groups: &'a [FairGroup],
    history: &'a BTreeSet<(usize, NaiveDate)>,
}

/// A constructive roster handed to HiGHS as a MIP start, built to obey the rules:
/// needs with the fewest candidates first (lecturers for seminars before consultation
/// days, which many can staff), in date order among equals, each filled by the
/// cheapest person free at that time and within their limits (a new team member pays
/// the team weight). A need nobody can take is repaired by moving one assignment that
/// blocks a candidate (same time, or a day that keeps them at a weekly or monthly
/// limit) to someone else. HiGHS then only has to improve it, and when time runs out
/// the plan still keeps the rules wherever the heuristic could.
fn warm_start(lp: &mut Lp, model: &Model, jobs: &[Job], xs: &[X], st: &Start) {
    let by_need = super::group(xs.iter().enumerate().map(|(i, x)| ((x.job, x.need), i)));
    let slack_of: BTreeMap<(usize, usize), Var> = st
        .cover_slack
        .iter()
        .map(|&(j, n, v)| ((j, n), v))
        .collect();
    let mut r = Greedy::new(model, jobs, xs, st);
    let mut order: Vec<(usize, usize)> = st.cover_slack.iter().map(|&(j, n, _)| (j, n)).collect();
    order.sort_by_key(|&(j, n)| {
        let cands = by_need.get(&(j, n)).map_or(0, Vec::len);
        (cands, jobs[j].date, jobs[j].event.event_id.clone(), n)
    });
    for (ji, ni) in order {
        let need = &jobs[ji].needs[ni];
        let slack = slack_of.get(&(ji, ni)).copied();
        let Some(cands) = by_need.get(&(ji, ni)) else {
            if let Some(v) = slack {
                lp.hint(v, f64::from(need.count));
            }
            continue;
        };
        let mut filled = 0u32;
        while filled < need.count {
            let pick = cands
                .iter()
                .copied()
                .filter(|&i| r.fits(i))
                .min_by(|&a, &b| r.cost(a).total_cmp(&r.cost(b)).then(a.cmp(&b)));
            match pick {
                Some(i) => r.take(i),
                None => {
                    if !r.repair(cands, &by_need) {
                        break;
                    }
                }
            }
            filled += 1;
        }
        if let Some(v) = slack {
            lp.hint(v, f64::from(need.count - filled));
        }
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
    let days = |p: usize| busy.iter().filter(|(q, _)| *q == p).count() as f64;
    for (members, _) in st.fair_groups {
        for (p, target, dev) in members {
            lp.hint(
                *dev,
                ((days(*p) - target).abs() - FAIR_BAND * target).max(0.0),
            );
        }
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
    /// Team memberships in use, with how many assignments use each.
    team: BTreeMap<(usize, usize), u32>,
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
        };
        for &(p, d) in st.history {
            g.count_day(p, d, 1);
        }
        g
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
                    < s.max_days_per_week
                    && self
                        .month
                        .get(&(p, d.year(), d.month()))
                        .copied()
                        .unwrap_or(0)
                        < s.max_days_per_month
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
