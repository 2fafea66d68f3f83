//! Stage 2: who staffs every event of the year, and each municipality's team.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use good_lp::{constraint, Expression};

use super::lp::{sum, Lp, SolveError, Var};
use super::stage1::cliques;
use super::{eligible, Ended, Fixings, Job, Reach, Run, Who};
use crate::calendar;
use crate::model::{weekday_id, Model, TimeWindow};
use crate::plan::{Assignment, ObjectiveTerms, TeamMember, Violation};

pub(crate) struct Stage2 {
    pub assignments: Vec<Assignment>,
    pub teams: Vec<TeamMember>,
    pub violations: Vec<Violation>,
    pub objective: ObjectiveTerms,
    /// How each part's MILP ended.
    pub ended: Vec<Ended>,
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
    for (ji, job) in jobs.iter().enumerate() {
        for (ni, need) in job.needs.iter().enumerate() {
            let people: Vec<usize> = (0..n)
                .filter(|&p| candidate(model, fix, reach, job, need, p))
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

pub(crate) fn staff(
    model: &Model,
    jobs: &[Job],
    run: &Run,
    fix: &Fixings,
) -> Result<Stage2, SolveError> {
    let mut out = Stage2 {
        assignments: Vec::new(),
        teams: Vec::new(),
        violations: Vec::new(),
        objective: ObjectiveTerms::default(),
        ended: Vec::new(),
    };
    let mut kept_added = (0usize, 0usize);
    // Small parts first, each with a share of the time left in proportion to its
    // size: what a small part does not use flows to the larger ones after it.
    let reach = Reach::of(model);
    let mut parts = parts(model, jobs, fix, &reach);
    parts.sort_by_key(|p| (p.size(), p.people.first().copied()));
    let count = parts.len();
    let mut size_left: usize = parts.iter().map(Part::size).sum();
    for (i, part) in parts.iter().enumerate() {
        let size = part.size();
        // At least an even split among the parts left (a part's fixed costs do not
        // shrink with its size); a part that finishes early leaves the rest to the next.
        let even = 1.0 / (count - i) as f64;
        let share = if size_left == 0 {
            1.0
        } else {
            (size as f64 / size_left as f64).max(even.min(0.5))
        };
        size_left = size_left.saturating_sub(size);
        let name = format!("stage 2: {} (part {} of {count})", part.label(jobs), i + 1);
        let file = format!("stage2-part{}", i + 1);
        let (r, k, a) = staff_part(model, jobs, run, fix, &reach, share, part, &name, &file)?;
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
        limit(&mut lp, days.clone(), s.max_days_per_year);
        let total: Expression = days.iter().map(|(_, e)| e.clone()).sum();
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
            let people = if frozen(job.date) {
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
    terms.fairness = dev_vars.iter().map(|v| sol.get(*v) * w.fairness).sum();

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
    for (m, slack) in team_slack {
        let miss = sol.get(slack).round();
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
    Ok((
        Stage2 {
            assignments,
            teams,
            violations,
            objective: terms,
            ended: vec![Ended::new(
                name.to_string(),
                &sol,
                history.travel + history.preference,
            )],
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

/// A greedy roster handed to HiGHS as a MIP start: jobs in date order, each need
/// filled by the cheapest free person within their limits (a new team member pays the
/// team weight). HiGHS then only has to improve it, which on the shipped model closes
/// the gap at the root instead of after long heuristic searches.
fn warm_start(lp: &mut Lp, model: &Model, jobs: &[Job], xs: &[X], st: &Start) {
    let by_need = super::group(xs.iter().enumerate().map(|(i, x)| ((x.job, x.need), i)));
    let slack_of: BTreeMap<(usize, usize), Var> = st
        .cover_slack
        .iter()
        .map(|&(j, n, v)| ((j, n), v))
        .collect();
    let mut chosen = vec![false; xs.len()];
    let mut busy: BTreeMap<(usize, NaiveDate), Vec<TimeWindow>> = BTreeMap::new();
    let mut week: BTreeMap<(usize, i32, u32), u32> = BTreeMap::new();
    let mut month: BTreeMap<(usize, i32, u32), u32> = BTreeMap::new();
    let mut year: BTreeMap<usize, u32> = BTreeMap::new();
    for &(p, d) in st.history {
        *week
            .entry((p, d.iso_week().year(), d.iso_week().week()))
            .or_default() += 1;
        *month.entry((p, d.year(), d.month())).or_default() += 1;
        *year.entry(p).or_default() += 1;
    }
    let mut team: BTreeSet<(usize, usize)> = BTreeSet::new();
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&j| (jobs[j].date, jobs[j].event.event_id.clone()));
    for (ji, job) in order.into_iter().map(|j| (j, &jobs[j])) {
        for (ni, need) in job.needs.iter().enumerate() {
            let slack = slack_of.get(&(ji, ni)).copied();
            let Some(cands) = by_need.get(&(ji, ni)) else {
                if let Some(v) = slack {
                    lp.hint(v, f64::from(need.count));
                }
                continue;
            };
            let mut filled = 0u32;
            while filled < need.count {
                let d = job.date;
                let pick = cands
                    .iter()
                    .copied()
                    .filter(|&i| !chosen[i])
                    .filter(|&i| {
                        let p = xs[i].staff;
                        let s = &model.staff[p];
                        let worked_today = busy.contains_key(&(p, d));
                        let free = busy
                            .get(&(p, d))
                            .is_none_or(|ws| ws.iter().all(|w| !w.overlaps(&job.window)));
                        let wk = (p, d.iso_week().year(), d.iso_week().week());
                        let mo = (p, d.year(), d.month());
                        free && (worked_today
                            || (week.get(&wk).copied().unwrap_or(0) < s.max_days_per_week
                                && month.get(&mo).copied().unwrap_or(0) < s.max_days_per_month
                                && year.get(&p).copied().unwrap_or(0) < s.max_days_per_year))
                    })
                    .min_by(|&a, &b| {
                        let cost = |i: usize| {
                            let x = &xs[i];
                            let join = match need.who {
                                Who::TeamConsultant(m) if !team.contains(&(x.staff, m)) => {
                                    st.z_cost.get(&(x.staff, m)).copied().unwrap_or(0.0)
                                }
                                _ => 0.0,
                            };
                            x.cost + join
                        };
                        cost(a).total_cmp(&cost(b)).then(a.cmp(&b))
                    });
                let Some(i) = pick else { break };
                chosen[i] = true;
                filled += 1;
                let p = xs[i].staff;
                let d = job.date;
                if !busy.contains_key(&(p, d)) {
                    *week
                        .entry((p, d.iso_week().year(), d.iso_week().week()))
                        .or_default() += 1;
                    *month.entry((p, d.year(), d.month())).or_default() += 1;
                    *year.entry(p).or_default() += 1;
                }
                busy.entry((p, d)).or_default().push(job.window);
                if let Who::TeamConsultant(m) = need.who {
                    team.insert((p, m));
                }
            }
            if let Some(v) = slack {
                lp.hint(v, f64::from(need.count - filled));
            }
        }
    }
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
        lp.hint(*v, if busy.contains_key(k) { 1.0 } else { 0.0 });
    }
    let days = |p: usize| busy.keys().filter(|(q, _)| *q == p).count() as f64;
    for (members, _) in st.fair_groups {
        for (p, target, dev) in members {
            lp.hint(
                *dev,
                ((days(*p) - target).abs() - FAIR_BAND * target).max(0.0),
            );
        }
    }
}
