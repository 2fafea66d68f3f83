//! Stage 2: who staffs every event of the year, and each municipality's team.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;

use super::lp::{sum, Lp, SolveError, Var};
use super::stage1::cliques;
use super::{eligible, eligible_on, Ended, Fixings, Job, JobNeed, Reach, Run, Who};
use crate::model::{weekday_id, Model, Place, TimeWindow};
use crate::plan::{Assignment, ObjectiveTerms, TeamMember, Violation};

mod bound;
mod decode;
mod formulation;
mod lns;
mod teams;
mod teams_first;
mod warm_start;

use decode::{decode, joint_bound_prefs};
use formulation::{
    cover_needs, fair_workload, no_team_no_days, one_place_at_a_time, travel_cost, undated_days,
    workload_limits,
};
use teams::{two_per_municipality, Teams};
use warm_start::{warm_start, Start};

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

/// What the frozen past contributes: days worked and objective constants.
#[derive(Default)]
struct History {
    days: BTreeSet<(usize, NaiveDate)>,
    team: BTreeSet<(usize, usize)>,
    travel: f64,
    preference: f64,
    kept: usize,
}

/// One person's contract terms in the objective (the fairness term; docs/model.md,
/// `[objective]`): their fair share of the role's work and their contract floor, with
/// the variables that price missing them.
struct FairShare {
    person: usize,
    /// Fair share: the role's days per contracted day × the person's contracted days.
    target: f64,
    /// Contract floor: `contract_floor` (or the role's share, if smaller) × contracted
    /// days.
    floor: f64,
    /// Days outside the free band around `target`.
    dev: Var,
    /// Days below `floor`.
    short: Var,
    /// Days below `far_line`.
    far: Var,
    /// Below this many days a person is far short: a quarter of the floor in a fresh
    /// solve ([`FAR_SHARE`]), the floor itself in a re-plan.
    far_line: f64,
}

/// Below this share of their floor a person is far short of their contract (a new hire
/// left without work): each such day costs `far_below_contract` on top. A quarter, not
/// more: at half the floor the shipped year's Chichibu member fell under it, and
/// pulling people up that hard through new team memberships (CON-4) weakens the LP
/// bound (fractional memberships): the solve no longer reached its gap in 600 s.
const FAR_SHARE: f64 = 0.25;

/// Parts a fresh solve's plan and dates' guide staff at once, whatever `--threads`
/// (issue 20): the whole-year bound runs on a thread of its own and stops at its MILPs'
/// root nodes, so it leaves most of the second core free; re-plans (and `whatif`,
/// which runs its scenarios side by side) keep one part at a time per thread, and so
/// does a fresh solve with less than `crate::milp::JOINT_MIN_SECONDS` left (no bound
/// beside it; two parts at once would only halve each one's time).
const FRESH_PARTS_AT_ONCE: u32 = 2;

impl FairShare {
    /// The least values of (dev, short, far) for `days` worked.
    fn least(&self, band: f64, days: f64) -> [f64; 3] {
        let b = band * self.target;
        [
            (days - (self.target + b))
                .max((self.target - b) - days)
                .max(0.0),
            (self.floor - days).max(0.0),
            (self.far_line - days).max(0.0),
        ]
    }

    /// The objective's fairness cost of `days` worked.
    fn cost(&self, w: &crate::model::ObjectiveWeights, days: f64) -> f64 {
        let c = &w.contract;
        let [dev, short, far] = self.least(c.band, days);
        dev * w.fairness + short * c.shortfall + far * c.far_short
    }
}

/// A fairness group (people sharing their first role): each member's share, and the
/// role's days per contracted day.
type FairGroup = (Vec<FairShare>, f64);

/// One assignment variable.
#[derive(Clone, Copy)]
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

/// Whether staff `p` may be placed on need `need` of `job` (a variable exists): never
/// while on leave or off their weekdays (MODEL-AVAIL).
fn candidate(
    model: &Model,
    fix: &Fixings,
    reach: &Reach,
    job: &Job,
    need: &JobNeed,
    p: usize,
) -> bool {
    if fix.frozen_before.is_some_and(|f| job.date < f) {
        // History: exactly the baseline's people, nobody else.
        fix.baseline.contains(&(job.event.event_id.clone(), p)) && eligible(model, p, need.who)
    } else {
        eligible_on(model, p, need.who, job.date)
            && model.staff[p].available(job.date)
            && reach.reaches(model, p, job.place)
    }
}

/// Whether staff `p` could be placed on need `need` of `job` on some date and at
/// some place stage 1 could have given it (for fixed-date events: [`candidate`]).
/// Stage 2's parts and fairness targets are computed from this, so they are the same
/// whatever dates stage 1 chose, and the joint bound ([`staff`] with `relax`) bounds
/// the very objective a plan is scored on.
fn broad(model: &Model, fix: &Fixings, reach: &Reach, job: &Job, need: &JobNeed, p: usize) -> bool {
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
fn fits_free(model: &Model, reach: &Reach, f: &super::Free, need: &JobNeed, p: usize) -> bool {
    let s = &model.staff[p];
    eligible(model, p, need.who)
        && f.dates
            .iter()
            .any(|&d| s.available(d) && eligible_on(model, p, need.who, d))
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
    /// Teams first (issue 20 part 2, [`teams_first`]): who each consultation day may
    /// take once the teams are chosen, and the unnarrowed part's fairness ratios.
    narrowing: Option<std::sync::Arc<teams_first::Narrowing>>,
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

/// People joined into connected components (union-find); a component's root is its
/// smallest member, whatever the order of the unions.
struct Components {
    parent: Vec<usize>,
}

impl Components {
    fn new(n: usize) -> Self {
        Components {
            parent: (0..n).collect(),
        }
    }

    fn find(&mut self, x: usize) -> usize {
        let parent = &mut self.parent;
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

    /// Joins neighbours in `people` (so all of them).
    fn join(&mut self, people: &[usize]) {
        for w in people.windows(2) {
            let (ra, rb) = (self.find(w[0]), self.find(w[1]));
            if ra != rb {
                self.parent[ra.max(rb)] = ra.min(rb);
            }
        }
    }
}

/// Who may fill each need, and for each municipality who may staff one of its days
/// and at which venues they are (CON-4's team candidates start from these).
struct NeedCandidates {
    /// ((job, need), people) in job and need order.
    people: Vec<((usize, usize), Vec<usize>)>,
    /// By municipality: who may staff one of its days (history included).
    team: Vec<BTreeSet<usize>>,
    /// By municipality: its consultation venues.
    venues: Vec<Vec<Place>>,
}

/// Who could be placed on each need ([`broad`]). Only who reaches the job's place (or,
/// for a stage-1 event, one of its candidate places), or for history the baseline's
/// people, is tested: testing everyone for every need made this quadratic in the
/// model's size (most of a large model's time limit).
fn need_candidates(model: &Model, jobs: &[Job], fix: &Fixings, reach: &Reach) -> NeedCandidates {
    let n = model.staff.len();
    let mut out = NeedCandidates {
        people: Vec::new(),
        team: vec![BTreeSet::new(); model.municipalities.len()],
        venues: vec![Vec::new(); model.municipalities.len()],
    };
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
            if let Who::TeamConsultant(m) = need.who {
                if let Some(t) = out.team.get_mut(m) {
                    t.extend(people.iter().copied());
                }
                if let Some(v) = out.venues.get_mut(m) {
                    if !v.contains(&job.place) {
                        v.push(job.place);
                    }
                }
            }
            out.people.push(((ji, ni), people));
        }
    }
    out
}

/// Who may join each municipality's team (CON-4): who may staff one of its days, and
/// every qualified consultant (CON-5) who reaches one of its consultation venues or its
/// town hall.
fn team_candidates(
    model: &Model,
    reach: &Reach,
    mut team: Vec<BTreeSet<usize>>,
    venues: &[Vec<Place>],
) -> Vec<BTreeSet<usize>> {
    for (m, team) in team.iter_mut().enumerate() {
        let home = Place::Municipality(m);
        for p in (0..model.staff.len()).filter(|&p| eligible(model, p, Who::TeamConsultant(m))) {
            let near = venues[m].iter().any(|&v| reach.reaches(model, p, v))
                || reach.reaches(model, p, home);
            if near {
                team.insert(p);
            }
        }
    }
    team
}

/// Splits the staffing problem into connected components of people and needs: two
/// people are in one part when they may fill one need or join one team (CON-4). The
/// split is exact: parts share no variable and no row (each person's limits, one
/// place at a time and fairness rows only involve that person's own variables).
fn parts(model: &Model, jobs: &[Job], fix: &Fixings, reach: &Reach) -> Vec<Part> {
    let n = model.staff.len();
    let needs = need_candidates(model, jobs, fix, reach);
    let mut components = Components::new(n);
    for (_, people) in &needs.people {
        components.join(people);
    }
    // OUT-1: an outreach seminar's consultation row holds its lecturer's variables
    // too, so the two needs are solved in one part.
    let anchors = consultation_anchors(jobs, &needs.people);
    for &(own, lect) in anchors.values() {
        if let (Some(a), Some(b)) = (own, lect) {
            components.join(&[a, b]);
        }
    }
    let team_people = team_candidates(model, reach, needs.team, &needs.venues);
    for team in &team_people {
        components.join(&team.iter().copied().collect::<Vec<usize>>());
    }
    let empty = || Part {
        people: BTreeSet::new(),
        needs: BTreeSet::new(),
        teams: BTreeMap::new(),
        narrowing: None,
    };
    let mut by_root: BTreeMap<usize, Part> = BTreeMap::new();
    for p in 0..n {
        let r = components.find(p);
        by_root.entry(r).or_insert_with(empty).people.insert(p);
    }
    let mut orphans = BTreeSet::new();
    for (key, people) in needs.people {
        // A consultation need nobody can fill goes with its lecturer's (OUT-1).
        let first = people
            .first()
            .copied()
            .or_else(|| anchors.get(&key).and_then(|a| a.1));
        match first {
            Some(p) => {
                let r = components.find(p);
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
                let r = components.find(p);
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
            parts.push(empty());
        }
        if let Some(first) = parts.first_mut() {
            first.needs.extend(orphans);
            first.teams.extend(lonely_teams);
        }
    }
    parts
}

/// OUT-1: for each outreach consultation need (job, need), the first person who may
/// fill it and the first who may fill its lecturer need.
#[allow(clippy::type_complexity)]
fn consultation_anchors(
    jobs: &[Job],
    people: &[((usize, usize), Vec<usize>)],
) -> BTreeMap<(usize, usize), (Option<usize>, Option<usize>)> {
    let first: BTreeMap<(usize, usize), usize> = people
        .iter()
        .filter_map(|(k, p)| p.first().map(|&f| (*k, f)))
        .collect();
    let mut out = BTreeMap::new();
    for &((ji, ni), _) in people {
        let who = jobs.get(ji).and_then(|j| j.needs.get(ni)).map(|n| n.who);
        if let Some(Who::OutreachConsultant { lecturer }) = who {
            let lect = lecturer.and_then(|k| first.get(&(ji, k)).copied());
            out.insert((ji, ni), (first.get(&(ji, ni)).copied(), lect));
        }
    }
    out
}

/// Whole-year bound only ([`tight_bound`]): joins the parts that staff one undated
/// event with several
/// candidate places (a job fair's job developers and its reception), so the event is at
/// one place for all its people; apart, each part put it where its own people travel
/// least (issue 20 part 4: 200 of the shipped year's gap). Parts are joined only when
/// no first role is in both (each part's fairness groups, and so the objective a plan
/// is scored on, stay the same) and the joined part is no larger than the largest part
/// (the slowest MILP does not grow). Joining only tightens the relaxation: it is the
/// same rows solved together.
fn share_places(model: &Model, jobs: &[Job], mut parts: Vec<Part>) -> Vec<Part> {
    let largest = parts.iter().map(Part::size).max().unwrap_or(0);
    let roles = |part: &Part| -> BTreeSet<Option<crate::model::Role>> {
        part.people
            .iter()
            .map(|&p| model.staff[p].roles.first().copied())
            .collect()
    };
    let several = |ji: usize| {
        jobs.get(ji)
            .and_then(|j| j.free.as_ref().map(|f| (j, f)))
            .is_some_and(|(j, f)| f.places.iter().any(|&pl| pl != j.place))
    };
    loop {
        let mut joined = false;
        'pairs: for a in 0..parts.len() {
            for b in a + 1..parts.len() {
                let shared = parts[a]
                    .needs
                    .iter()
                    .any(|&(ji, _)| several(ji) && parts[b].needs.iter().any(|&(jb, _)| jb == ji));
                if !shared || !roles(&parts[a]).is_disjoint(&roles(&parts[b])) {
                    continue;
                }
                let size = (parts[a].needs.len() + parts[b].needs.len())
                    * (parts[a].people.len() + parts[b].people.len()).max(1);
                if size > largest {
                    continue;
                }
                let other = parts.remove(b);
                let part = &mut parts[a];
                part.people.extend(other.people);
                part.needs.extend(other.needs);
                part.teams.extend(other.teams);
                joined = true;
                break 'pairs;
            }
        }
        if !joined {
            return parts;
        }
    }
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
    guide: &super::GuideStaffing,
) -> Result<Stage2, SolveError> {
    let mode = if relax { Mode::Guide } else { Mode::Staff };
    staff_as(model, jobs, run, fix, mode, guide)
}

/// The whole-year bound reported beside the plan (issue 20 part 4): the joint bound's
/// relaxation of [`staff`] with `relax`, tightened by rows that only this solve has
/// ([`formulation::undated_cliques`], [`share_places`]). It is solved apart from the
/// relaxation whose staffing steers stage 1's second pass, so that the plan (its
/// dates and so its staffing) is the one the untightened relaxation gives, and only
/// the bound is tighter. Returns each part's end (bounds only, no plan).
pub(crate) fn tight_bound(
    model: &Model,
    jobs: &[Job],
    run: &Run,
    fix: &Fixings,
) -> Result<Vec<Ended>, SolveError> {
    staff_as(model, jobs, run, fix, Mode::Bound, &super::NO_GUIDE).map(|s| s.ended)
}

/// [`staff`] or [`tight_bound`], as `mode` says.
fn staff_as(
    model: &Model,
    jobs: &[Job],
    run: &Run,
    fix: &Fixings,
    mode: Mode,
    guide: &super::GuideStaffing,
) -> Result<Stage2, SolveError> {
    let (relax, tight) = (mode.relax(), mode.tight());
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
    // N / (parts at once) threads (a fresh solve's plan and guide: at least
    // `FRESH_PARTS_AT_ONCE` parts); the result is the same as one after another.
    let reach = Reach::of(model);
    let mut parts = parts(model, jobs, fix, &reach);
    if tight {
        parts = share_places(model, jobs, parts);
    }
    parts.sort_by_key(|p| (p.size(), p.people.first().copied()));
    let count = parts.len();
    let at_once = if fix.is_fresh()
        && !matches!(mode, Mode::Bound)
        && run.deadline.remaining() >= super::JOINT_MIN_SECONDS
    {
        run.opts.threads.max(FRESH_PARTS_AT_ONCE)
    } else {
        run.opts.threads.max(1)
    };
    let workers = (at_once as usize).min(count.max(1));
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
        // The reported bound's parts keep the name "joint bound" (the summary
        // translates it); the relaxation that steers stage 1's second pass runs beside
        // them, so its progress and exported files are named apart ("dates' guide").
        let of = format!("{} (part {} of {count})", part.label(jobs), i + 1);
        let (name, label, file) = match mode {
            Mode::Bound => {
                let name = format!("joint bound: {of}");
                (name.clone(), name, format!("joint-bound-part{}", i + 1))
            }
            Mode::Guide => (
                format!("joint bound: {of}"),
                format!("dates' guide: {of}"),
                format!("dates-guide-part{}", i + 1),
            ),
            Mode::Staff => {
                let name = format!("stage 2: {of}");
                (name.clone(), name, format!("stage2-part{}", i + 1))
            }
        };
        // Issue 20 part 2: a part too large for branch and bound (`bound::large`).
        if let Some(done) = bound::large_part(
            model,
            jobs,
            fix,
            &reach,
            run,
            part,
            mode,
            [&of, &file],
            share,
        ) {
            return Ok(done);
        }
        staff_part(
            model,
            jobs,
            &part_run,
            fix,
            &reach,
            share,
            part,
            [&name, &label, &file],
            mode,
            guide,
        )
    };
    let results: Vec<Result<(Stage2, usize, usize), SolveError>> = if workers > 1 {
        use rayon::prelude::*;
        match rayon::ThreadPoolBuilder::new().num_threads(workers).build() {
            // A watched run (the desk's cancel and progress) is watched on every
            // thread its parts run on.
            Ok(pool) => {
                let watch = super::lp::watch::current();
                pool.install(|| {
                    parts
                        .par_iter()
                        .enumerate()
                        .map(|(i, p)| match &watch {
                            Some(w) => super::lp::watch::watching(w.clone(), || solve_one(i, p)),
                            None => solve_one(i, p),
                        })
                        .collect()
                })
            }
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
        out.objective.add_part(&r.objective);
        out.ended.extend(r.ended);
        for (k, v) in r.prefs.people {
            out.prefs.people.entry(k).or_default().extend(v);
        }
        out.prefs.busy.extend(r.prefs.busy);
        // Issue 20 part 4: where each part held the undated events.
        for (k, v) in r.prefs.held {
            out.prefs.held.entry(k).or_default().extend(v);
        }
        for (k, v) in r.prefs.staffed {
            out.prefs.staffed.entry(k).or_default().extend(v);
        }
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

/// What every rule family of one part reads.
struct Ctx<'a> {
    model: &'a Model,
    jobs: &'a [Job],
    fix: &'a Fixings,
    reach: &'a Reach,
    part: &'a Part,
    /// The joint bound's relaxation (undated stage-1 events).
    relax: bool,
    /// The whole-year bound's own rows on top of `relax` (see [`tight_bound`]).
    tight: bool,
    /// Teams first ([`teams_first`]): a piece of a narrowed part, whose consultation
    /// days take only the people `part.narrowing` allows and whose fairness ratios
    /// are the whole part's.
    narrow: bool,
}

impl<'a> Ctx<'a> {
    /// The whole part, dated and unnarrowed: the context of a plan's own MILP and of
    /// its constructive start.
    fn whole(
        model: &'a Model,
        jobs: &'a [Job],
        fix: &'a Fixings,
        reach: &'a Reach,
        part: &'a Part,
    ) -> Self {
        Ctx {
            model,
            jobs,
            fix,
            reach,
            part,
            relax: false,
            tight: false,
            narrow: false,
        }
    }
}

/// Which MILP [`staff_part`] builds.
#[derive(Clone, Copy)]
enum Mode {
    /// The staffing of stage 1's dates (the plan).
    Staff,
    /// The joint bound's relaxation whose staffing steers stage 1's second pass.
    Guide,
    /// The tightened whole-year bound reported beside the plan ([`tight_bound`]).
    Bound,
}

impl Mode {
    /// Undated stage-1 events, bounds only (`Ctx::relax`).
    fn relax(self) -> bool {
        !matches!(self, Mode::Staff)
    }

    /// The whole-year bound's own rows on top of `relax` (`Ctx::tight`).
    fn tight(self) -> bool {
        matches!(self, Mode::Bound)
    }
}

impl Ctx<'_> {
    /// Whether `d` is in the frozen past of a re-plan.
    fn frozen(&self, d: NaiveDate) -> bool {
        self.fix.frozen_before.is_some_and(|f| d < f)
    }
}

/// The variables of one part's staffing MILP, passed from one rule family to the next.
#[derive(Default)]
struct StaffingVars {
    /// Team membership and team-minimum slack (CON-4).
    teams: Teams,
    /// Assignment variables of dated needs.
    xs: Vec<X>,
    /// Joint bound only: assignments to undated stage-1 events (job, person, variable).
    free_xs: Vec<(usize, usize, Var)>,
    /// Joint bound only: the place chosen for an undated event with several.
    place_of: BTreeMap<usize, Vec<(Place, Var)>>,
    /// Joint bound only: where each undated need's variables are in `free_xs`, by
    /// (job, need).
    undated_of: BTreeMap<(usize, usize), std::ops::Range<usize>>,
    /// Joint bound only: by position in `free_xs`, the person's travel to each place
    /// the event may have (a continuous leg; empty for an event with one place).
    legs: BTreeMap<usize, Vec<(Place, Var)>>,
    /// Joint bound only: by position in `free_xs`, the day an undated assignment may
    /// count for less than one (`undated_days`; none when it is a day of its own).
    part_day: BTreeMap<usize, Var>,
    /// Each need's shortfall slack: (job, need, slack), for the warm start and the
    /// decoding of who was kept away.
    cover_slack: Vec<(usize, usize, Var)>,
    /// The reported slack: each need's (CON-3 and the others), then each team
    /// minimum's (CON-4), in creation order.
    slack: super::slack::SlackRegistry,
    /// What the frozen past contributes.
    history: History,
    /// Worked-day variables of people with several assignments on a day.
    w_vars: BTreeMap<(usize, NaiveDate), Var>,
    /// Fair-workload deviations by role group.
    fair_groups: Vec<FairGroup>,
}

impl StaffingVars {
    /// What the warm start reads besides the assignment variables; `replan` for a
    /// re-plan (CON-7), whose start makes no improving moves (and may keep the
    /// baseline first, [`keep_the_baseline_if_cheaper`]).
    fn start(&self, replan: bool) -> Start<'_> {
        Start {
            z: &self.teams.z,
            z_cost: &self.teams.cost,
            cover_slack: &self.cover_slack,
            team_slack: &self.teams.slack,
            w_vars: &self.w_vars,
            fair_groups: &self.fair_groups,
            history: &self.history.days,
            history_team: &self.history.team,
            replan,
            guide: &super::NO_GUIDE,
            until: None,
            keep: None,
        }
    }
}

/// A re-plan's start (CON-7): the greedy's, or the one that keeps the baseline's
/// assignments first wherever they still fit ([`Start::keep`]) when it keeps every row
/// and costs no more (real cost and penalties together). Changes cost a re-plan, so
/// this is the cheaper start wherever the scenario leaves the baseline standing, and a
/// part cut short by the clock keeps the baseline rather than the greedy's changes.
fn keep_the_baseline_if_cheaper(lp: &mut Lp, cx: &Ctx, v: &StaffingVars, start: &Start) {
    if cx.fix.is_fresh() || cx.fix.baseline_roles.is_empty() {
        return;
    }
    let total = |s: &super::lp::LpSolution| s.real + s.penalties;
    let greedy = lp.sound_start();
    let given = lp.hints();
    let keeping = Start {
        keep: Some(&cx.fix.baseline_roles),
        ..*start
    };
    warm_start(lp, cx.model, cx.jobs, &v.xs, &keeping);
    let cheaper = match (lp.sound_start(), greedy) {
        (Some(k), Some(g)) => total(&k) <= total(&g),
        (Some(_), None) => true,
        (None, _) => false,
    };
    if !cheaper {
        lp.set_hints(given);
    }
}

/// The dates' guide's start (issue 20): its undated events held on the dates and at
/// the places stage 1's first pass gave them, and the part staffed there by the
/// constructive start, as stage 2 staffs its parts. A plan on any dates is a point of
/// the guide's relaxation: each undated assignment is its event's variable, with its
/// leg to the event's place and its day counted once (by the assignment itself where
/// it is a day of its own, else by its part-day variable on a day with no other work).
/// Without it HiGHS looked for the guide's first plan itself: the shipped year's
/// consultant part found its bound in 4 s and its first good plan only after 8.
fn guide_start(lp: &mut Lp, cx: &Ctx, v: &StaffingVars, until: super::Deadline) {
    let mut xs = v.xs.clone();
    let dated = xs.len();
    // Position in `free_xs` of each undated variable added to `xs`.
    let mut free_at = Vec::new();
    for (&(ji, ni), range) in &v.undated_of {
        let job = &cx.jobs[ji];
        let need = &job.needs[ni];
        for i in range.clone() {
            let (_, p, var) = v.free_xs[i];
            if !candidate(cx.model, cx.fix, cx.reach, job, need, p) {
                continue;
            }
            let travel = travel_cost(cx, p, job.place);
            xs.push(X {
                job: ji,
                need: ni,
                staff: p,
                var,
                travel,
                preference: 0.0,
                cost: travel,
            });
            free_at.push(i);
        }
    }
    let start = Start {
        until: Some(until),
        ..v.start(!cx.fix.is_fresh())
    };
    warm_start(lp, cx.model, cx.jobs, &xs, &start);
    let on = |lp: &Lp, var: Var| lp.hint_of(var) > 0.5;
    for (&ji, at) in &v.place_of {
        for &(pl, u) in at {
            lp.hint(u, f64::from(u8::from(pl == cx.jobs[ji].place)));
        }
    }
    // Days worked on the dated events (the worked-day variables count these alone:
    // the constructive start also counted a day held by an undated event only), then
    // each undated assignment's day.
    let mut worked: BTreeSet<(usize, NaiveDate)> = xs[..dated]
        .iter()
        .filter(|x| on(lp, x.var))
        .map(|x| (x.staff, cx.jobs[x.job].date))
        .collect();
    for (k, &w) in &v.w_vars {
        lp.hint(w, f64::from(u8::from(worked.contains(k))));
    }
    for (x, &i) in xs[dated..].iter().zip(&free_at) {
        let chosen = on(lp, x.var);
        let place = cx.jobs[x.job].place;
        for &(pl, leg) in v.legs.get(&i).into_iter().flatten() {
            lp.hint(leg, f64::from(u8::from(chosen && pl == place)));
        }
        if let Some(&day) = v.part_day.get(&i) {
            let first = chosen && worked.insert((x.staff, cx.jobs[x.job].date));
            lp.hint(day, f64::from(u8::from(first)));
        }
    }
}

/// Every rule family of one part's MILP, in the order their columns and rows have
/// always reached HiGHS (its search depends on it): team variables, needs (with their
/// team links), team minimums, one place at a time, undated days, limits, fairness.
fn formulate(lp: &mut Lp, cx: &Ctx) -> StaffingVars {
    let mut v = StaffingVars {
        teams: Teams::vars(lp, cx),
        ..StaffingVars::default()
    };
    cover_needs(lp, cx, &mut v);
    two_per_municipality(lp, cx, &mut v.teams, &mut v.slack, &v.history.team);
    let mut day_worked = one_place_at_a_time(lp, cx, &mut v);
    let free_days = undated_days(lp, cx, &mut v, &mut day_worked);
    let days_of = workload_limits(lp, cx, &v.history, &day_worked, &free_days);
    fair_workload(lp, cx, &mut v, &days_of);
    v
}

/// Size (needs × people, `Part::size`) from which a part's whole-year bound (below
/// `bound::LARGE_PART`, its exact MILP) is HiGHS's bound after branch and bound rather
/// than at the root node. The shipped year's parts (at most 1,100 needs × 17 people,
/// about 19,000; FY2024's 1,099 × 19) end their branch and bound where their root ends
/// (18,809.2 at the root against 18,809.3 branched), and the root is what keeps their
/// wall time. Four copies 0.6° apart (`generate --copies 4 --spacing 0.6`): the
/// reception and job developers' part (619 × 60, 37,140) is 104,083.2 at its root
/// after 13 s, and its branch and bound proves 105,780.0 after 130 s of one core (its
/// optimum 105,784.5), 1,700 of the whole year's gap of about 6,600.
const BRANCH_PART: usize = 30_000;

/// Staffs one part; returns the result with the baseline assignments kept and added.
///
/// The rule families run in the order their columns and rows have always reached
/// HiGHS (its search depends on it): team variables, needs (with their team links),
/// team minimums, one place at a time, undated days, limits, fairness.
#[allow(clippy::too_many_arguments)]
fn staff_part(
    model: &Model,
    jobs: &[Job],
    run: &Run,
    fix: &Fixings,
    reach: &Reach,
    share: f64,
    part: &Part,
    [name, label, file]: [&str; 3],
    mode: Mode,
    guide: &super::GuideStaffing,
) -> Result<(Stage2, usize, usize), SolveError> {
    let (relax, tight) = (mode.relax(), mode.tight());
    // Issue 20 part 2: a large consultant part of a fresh solve (connected geography)
    // chooses its teams first and is staffed with them (teams_first.rs); its dates'
    // guide is narrowed to its constructive start's consultation days
    // (teams_first::guide_large, which calls this again on the narrowed part).
    if matches!(mode, Mode::Guide) && teams_first::guides(run, fix, part) {
        return teams_first::guide_large(
            model,
            jobs,
            run,
            fix,
            reach,
            share,
            part,
            [name, label, file],
        );
    }
    if matches!(mode, Mode::Staff) && teams_first::applies(model, jobs, run, fix, reach, part) {
        return teams_first::staff_large(
            model,
            jobs,
            run,
            fix,
            reach,
            share,
            part,
            [name, label, file],
            guide,
        );
    }
    let cx = Ctx {
        model,
        jobs,
        fix,
        reach,
        part,
        relax,
        tight,
        narrow: part.narrowing.is_some(),
    };
    let mut lp = Lp::new();
    let v = formulate(&mut lp, &cx);
    if tight {
        // The whole-year bound's own rows (issue 20 part 5; not in the plan's MILP nor
        // the guide's, so the plan does not change with them).
        no_team_no_days(&mut lp, &cx, &v);
        // Issue 20: the whole-year bound reads HiGHS's bound only; the root node's is
        // as good as branch and bound's on the shipped year, in about 60 % of the
        // time, which the plan's own MILPs then have on a busy machine. From
        // `BRANCH_PART` on, the root leaves a gap that branching closes.
        if part.size() >= BRANCH_PART {
            lp.bound_only();
        } else {
            lp.root_bound_only();
        }
    }

    if relax {
        // The whole-year bound needs HiGHS's bound only: no start, no plan to decode.
        // The guide's plan steers stage 1, so it starts from stage 1's first dates.
        if matches!(mode, Mode::Guide) {
            guide_start(&mut lp, &cx, &v, run.deadline);
            // A part with teams (CON-4) is where branch and bound is long: the first
            // plan HiGHS finds better than the start, from the root's relaxation,
            // steers stage 1 as well as the optimum (the shipped year: the same plan,
            // 50,675.9, its guide's consultant part in 1.7 s instead of 9.9 s).
            // Only from a start HiGHS takes as it is: else its first plan would end the
            // part, however poor.
            if !v.teams.z.is_empty() && lp.sound_start().is_some() {
                lp.first_improvement();
            }
        }
        run.prepare(&mut lp, label, file);
        let sol = match lp.solve(run.opts, run.deadline.remaining() * share) {
            Ok(sol) => sol,
            // Issue 20 part 2: out of time without an answer, a part of the whole-year
            // bound still has its least cost, and the guide goes on without the part.
            Err(SolveError::OutOfTime(_)) => return Ok(bound::unsolved(&cx, mode, name)),
            // H33: the whole-year bound's thread is stopped when the run fails or is
            // cancelled; its parts not begun keep their least cost.
            Err(SolveError::Solver(m))
                if matches!(mode, Mode::Bound) && m == super::lp::watch::CANCELLED =>
            {
                return Ok(bound::unsolved(&cx, mode, name))
            }
            Err(e) => return Err(e),
        };
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
            // The whole-year bound's part is at least its least cost (issue 20 part 2).
            bound: bound::at_least_floor(&cx, mode, sol.bound, (run, share, sol.status)),
        };
        let prefs = joint_bound_prefs(jobs, &v, |var| sol.on(var));
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
    let start = Start {
        guide,
        until: Some(run.deadline),
        ..v.start(!fix.is_fresh())
    };
    warm_start(&mut lp, model, jobs, &v.xs, &start);
    keep_the_baseline_if_cheaper(&mut lp, &cx, &v, &start);
    // The share is taken of the time left once the part is formulated.
    run.prepare(&mut lp, label, file);
    let sol = lp.solve(run.opts, run.deadline.remaining() * share)?;
    let plan = decode(&cx, &v, |var| sol.get(var));
    let ended = Ended::priced(
        name.to_string(),
        &sol,
        plan.decided,
        plan.objective.violations,
        v.history.travel + v.history.preference,
    );
    Ok(plan.staffed(ended))
}

#[cfg(test)]
mod tests;
