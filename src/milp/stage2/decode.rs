//! Reading one part's solution back: assignments, teams, violations with their likely
//! cause, and the objective terms, as a pure function of the variable maps and a value
//! per variable (testable with a hand-made solution, no solver).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate};

use super::{eligible, weekday_id, Ctx, Job, Reach, StaffingVars, Teams, Var, Who};
use crate::milp::{group, DatePrefs};
use crate::model::Model;
use crate::plan::cause::{Away, Cause, Pool, Unfilled};
use crate::plan::{Assignment, ObjectiveTerms, TeamMember, Violation};

/// A part's plan as decoded from a solution.
pub(super) struct Decoded {
    pub(super) assignments: Vec<Assignment>,
    pub(super) teams: Vec<TeamMember>,
    pub(super) violations: Vec<Violation>,
    /// Changes and the total are summed over all parts by `staff`.
    pub(super) objective: ObjectiveTerms,
    /// Baseline assignments kept (history included) and assignments added.
    pub(super) kept: usize,
    pub(super) added: usize,
    /// The MILP's real objective of this plan (see [`decode`]).
    pub(super) decided: f64,
}

impl Decoded {
    /// This plan as one part's staffing, ended as `ended` says, with its kept and added
    /// assignment counts (what `staff_as` sums over the parts).
    pub(super) fn staffed(self, ended: super::Ended) -> (super::Stage2, usize, usize) {
        (
            super::Stage2 {
                assignments: self.assignments,
                teams: self.teams,
                violations: self.violations,
                objective: self.objective,
                prefs: DatePrefs::default(),
                ended: vec![ended],
            },
            self.kept,
            self.added,
        )
    }
}

/// Decodes a solution given as `value` of each variable: who works where (CON-3 and
/// the other needs), the teams (CON-4), each unmet need and short team as a violation
/// with its rule ID, and the objective terms priced from the decisions.
pub(super) fn decode(cx: &Ctx, v: &StaffingVars, value: impl Fn(Var) -> f64) -> Decoded {
    let (model, jobs, fix) = (cx.model, cx.jobs, cx.fix);
    let w = &model.objective;
    let on = |var: Var| value(var) > 0.5;
    let mut assignments = Vec::new();
    let mut terms = ObjectiveTerms::default();
    let mut kept = 0usize;
    let mut added = 0usize;
    for x in &v.xs {
        if on(x.var) {
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
    terms.travel += v.history.travel;
    terms.preference += v.history.preference;
    kept += v.history.kept;
    let team_of = v.teams.members(on);
    let teams = Teams::decode(model, &team_of);
    for _ in &teams {
        terms.continuity += w.team_member;
    }
    // Fairness from the days the plan really works (not the LP's deviation variables,
    // whose values carry the solver's tolerance): a re-plan that changes nobody's work
    // then scores exactly the baseline's fairness.
    let mut worked: BTreeSet<(usize, NaiveDate)> = v.history.days.clone();
    for x in &v.xs {
        if on(x.var) {
            worked.insert((x.staff, jobs[x.job].date));
        }
    }
    terms.fairness = v
        .fair_groups
        .iter()
        .flat_map(|(group, _)| group.iter())
        .map(|share| {
            let p = share.person;
            let days = worked
                .range((p, NaiveDate::MIN)..=(p, NaiveDate::MAX))
                .count() as f64;
            share.cost(w, days)
        })
        .sum();

    let busy = group(
        assignments
            .iter()
            .map(|a| ((a.staff_id.clone(), a.date.clone()), a.event_id.clone())),
    );
    let need_of: HashMap<Var, (usize, usize)> =
        v.cover_slack.iter().map(|&(j, n, s)| (s, (j, n))).collect();
    let team_of_slack: HashMap<Var, usize> = v.teams.slack.iter().map(|&(m, s)| (s, m)).collect();
    let slack = v.slack.decode_with(&value, |var, tag, short| {
        if let Some(&m) = team_of_slack.get(&var) {
            // CON-4: the members the plan has, whatever the slack reads.
            let miss = Teams::missing(model, m, &team_of);
            return (miss >= 0.5).then(|| (miss, tag.cause.clone()));
        }
        let miss = short?;
        let mut cause = tag.cause.clone();
        if let (Some(&(ji, ni)), Cause::NeedUnfilled { why, .. }) = (need_of.get(&var), &mut cause)
        {
            let job = &jobs[ji];
            *why = Some(explain(
                model,
                cx.reach,
                job,
                job.needs[ni].who,
                &busy,
                &team_of,
            ));
        }
        Some((miss, cause))
    });
    terms.violations = slack.cost;
    let violations = slack.violations;
    // The MILP's objective of the plan returned, priced from its decisions (who works
    // where, who is on which team) with every auxiliary variable at its least value:
    // the values HiGHS returns for those may lie above it (a MIP start taken over by
    // presolve keeps the start's fairness deviations), and pricing them made a re-plan
    // that meets its bound report a 40 % gap.
    let decided: f64 =
        v.xs.iter()
            .filter(|x| on(x.var))
            .map(|x| x.cost)
            .sum::<f64>()
            + v.teams
                .z
                .iter()
                .filter(|(_, var)| on(**var))
                .map(|(k, _)| v.teams.cost.get(k).copied().unwrap_or(0.0))
                .sum::<f64>()
            + terms.fairness;
    Decoded {
        assignments,
        teams,
        violations,
        objective: terms,
        kept,
        added,
        decided,
    }
}

/// Joint bound only: who the relaxation put on each quota's and series' events, and
/// the days it has people busy on dated events.
pub(super) fn joint_bound_prefs(
    jobs: &[Job],
    v: &StaffingVars,
    on: impl Fn(Var) -> bool,
) -> DatePrefs {
    let mut prefs = DatePrefs::default();
    // Issue 20 part 4: where this part held each undated event, and with whom: the
    // place it chose among the event's places (the event's own when it has one).
    let mut held: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &(ji, p, var) in &v.free_xs {
        let people = held.entry(ji).or_default();
        if let (true, Some(f)) = (on(var), &jobs[ji].free) {
            prefs.people.entry(f.of).or_default().push(p);
            people.push(p);
        }
    }
    for (ji, people) in held {
        let job = &jobs[ji];
        let Some(f) = &job.free else {
            continue;
        };
        let place = v
            .place_of
            .get(&ji)
            .and_then(|at| at.iter().find(|(_, u)| on(*u)))
            .map_or(job.place, |(pl, _)| *pl);
        prefs
            .held
            .entry((f.of, ji))
            .or_default()
            .push((place, people));
    }
    for x in &v.xs {
        if on(x.var) {
            let job = &jobs[x.job];
            prefs.busy.insert((x.staff, job.date));
            if job.free.is_none() {
                prefs
                    .staffed
                    .entry(job.event.event_id.clone())
                    .or_default()
                    .insert((x.need, x.staff));
            }
        }
    }
    prefs
}

/// Why nobody could fill a need: each candidate and what kept them away.
fn explain(
    model: &Model,
    reach: &Reach,
    job: &Job,
    who: Who,
    busy: &BTreeMap<(String, String), Vec<String>>,
    team: &BTreeSet<(usize, usize)>,
) -> Unfilled {
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
        return Unfilled::NobodyQualifies;
    }
    let has_team = matches!(who, Who::TeamConsultant(m) if team.iter().any(|(_, mm)| *mm == m));
    let pool = match who {
        Who::TeamConsultant(_) if has_team => Pool::TeamMembers,
        Who::TeamConsultant(_) => Pool::QualifiedConsultants,
        _ => Pool::QualifiedStaff,
    };
    let away = candidates
        .iter()
        .map(|&p| {
            let s = &model.staff[p];
            let why = if s.on_leave(d) {
                Away::OnLeave
            } else if !s.weekdays_on(d).contains(&d.weekday()) {
                Away::NotOnWeekday(weekday_id(d.weekday()).to_string())
            } else if let Some(ev) = busy.get(&(s.id.clone(), d.to_string())) {
                Away::AtEvents(ev.clone())
            } else if !reach.reaches(model, p, job.place) {
                Away::BeyondReach(model.distance_km(s.home, job.place))
            } else {
                Away::AtWorkloadLimit
            };
            (s.id.clone(), why)
        })
        .collect();
    Unfilled::Kept { pool, away }
}
