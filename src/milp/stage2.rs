//! Stage 2: who staffs every event of the year, and each municipality's team.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use good_lp::{constraint, Expression};

use super::lp::{sum, Lp, SolveError, SolveOptions, Var};
use super::stage1::cliques;
use super::{eligible, Fixings, Job, Who};
use crate::calendar;
use crate::model::{weekday_id, Model, TimeWindow};
use crate::plan::{Assignment, ObjectiveTerms, SolveStatus, TeamMember, Violation};

pub(crate) struct Stage2 {
    pub assignments: Vec<Assignment>,
    pub teams: Vec<TeamMember>,
    pub violations: Vec<Violation>,
    pub objective: ObjectiveTerms,
    pub status: SolveStatus,
    pub gap: f64,
}

/// One assignment variable.
struct X {
    job: usize,
    need: usize,
    staff: usize,
    var: Var,
    travel: f64,
    preference: f64,
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

pub(crate) fn staff(
    model: &Model,
    jobs: &[Job],
    opts: &SolveOptions,
    fix: &Fixings,
    time_limit: f64,
) -> Result<Stage2, SolveError> {
    let w = &model.objective;
    let big = w.violation;
    let mut lp = Lp::new();
    let frozen = |d: NaiveDate| fix.frozen_before.is_some_and(|f| d < f);

    // Team membership z[p, m] for qualified consultants (CON-4).
    let mut z: BTreeMap<(usize, usize), Var> = BTreeMap::new();
    for p in 0..model.staff.len() {
        if !eligible(model, p, Who::TeamConsultant(0)) {
            continue;
        }
        for m in 0..model.municipalities.len() {
            let keep = fix.baseline_teams.contains(&(m, p));
            let mut cost = w.team_member;
            if fix.change_weight > 0.0 && !fix.baseline_teams.is_empty() {
                // Changing a team costs like changing an assignment.
                cost += if keep {
                    -fix.change_weight
                } else {
                    fix.change_weight
                };
            }
            z.insert((p, m), lp.binary(cost));
        }
    }

    let mut xs: Vec<X> = Vec::new();
    let mut cover_slack: Vec<(usize, usize, Var)> = Vec::new();
    for (ji, job) in jobs.iter().enumerate() {
        let is_frozen = frozen(job.date);
        for (ni, need) in job.needs.iter().enumerate() {
            let mut vars: Vec<Var> = Vec::new();
            for p in 0..model.staff.len() {
                let s = &model.staff[p];
                let in_baseline = fix.baseline.contains(&(job.event.event_id.clone(), p));
                if is_frozen {
                    // History: exactly the baseline's people, nobody else.
                    if !in_baseline || !eligible(model, p, need.who) {
                        continue;
                    }
                } else if !eligible(model, p, need.who) || !s.available(job.date) {
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
                let change = if fix.change_weight > 0.0 {
                    if in_baseline {
                        -fix.change_weight
                    } else {
                        fix.change_weight
                    }
                } else {
                    0.0
                };
                let var = lp.binary(travel + preference + change);
                if is_frozen {
                    lp.add(constraint!(var.1 == 1.0));
                }
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
                });
            }
            let slack = lp.continuous(0.0, f64::from(need.count), big);
            if is_frozen {
                lp.add(constraint!(sum(vars) + slack.1 >= f64::from(need.count)));
            } else {
                lp.add(constraint!(sum(vars) + slack.1 == f64::from(need.count)));
            }
            cover_slack.push((ji, ni, slack));
        }
    }

    // Team minimum (CON-4).
    let mut team_slack: Vec<(usize, Var)> = Vec::new();
    for (m, muni) in model.municipalities.iter().enumerate() {
        let members: Vec<Var> = z
            .iter()
            .filter(|((_, mm), _)| *mm == m)
            .map(|(_, v)| *v)
            .collect();
        let slack = lp.continuous(0.0, f64::from(muni.team_min), big);
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
            let wv = lp.continuous(0.0, 1.0, 0.0);
            for &i in idx {
                lp.add(constraint!(wv.1 >= xs[i].var.1));
            }
            wv.1.into()
        };
        day_worked.entry(*p).or_default().push((*d, worked));
    }

    // Workload limits from the model (per ISO week, month, year) and fairness.
    let mut days_of: BTreeMap<usize, Expression> = BTreeMap::new();
    for (p, days) in &day_worked {
        let s = &model.staff[*p];
        let weeks = super::group(
            days.iter()
                .map(|(d, e)| ((d.iso_week().year(), d.iso_week().week()), e.clone())),
        );
        for (_, es) in weeks {
            if es.len() as u32 > s.max_days_per_week {
                let total: Expression = es.into_iter().sum();
                lp.add(constraint!(total <= f64::from(s.max_days_per_week)));
            }
        }
        let months = super::group(days.iter().map(|(d, e)| ((d.year(), d.month()), e.clone())));
        for (_, es) in months {
            if es.len() as u32 > s.max_days_per_month {
                let total: Expression = es.into_iter().sum();
                lp.add(constraint!(total <= f64::from(s.max_days_per_month)));
            }
        }
        let total: Expression = days.iter().map(|(_, e)| e.clone()).sum();
        if days.len() as u32 > s.max_days_per_year {
            lp.add(constraint!(total.clone() <= f64::from(s.max_days_per_year)));
        }
        days_of.insert(*p, total);
    }

    // Fair workload: within each group of people sharing their first role, days worked
    // are proportional to contracted capacity; deviation from a common ratio is paid.
    let mut dev_vars: Vec<Var> = Vec::new();
    let groups = super::group(
        days_of
            .keys()
            .filter_map(|&p| model.staff[p].roles.first().map(|r| (*r, p))),
    );
    for (_, members) in groups {
        if members.len() < 2 || w.fairness == 0.0 {
            continue;
        }
        let ratio = lp.continuous(0.0, 10.0, 0.0);
        for p in members {
            let cap = contract_capacity(model, p);
            let dev = lp.continuous(0.0, f64::INFINITY, w.fairness);
            let days = days_of.get(&p).cloned().unwrap_or_default();
            lp.add(constraint!(dev.1 >= days.clone() - cap * ratio.1));
            lp.add(constraint!(dev.1 >= cap * ratio.1 - days));
            dev_vars.push(dev);
        }
    }

    let sol = lp.solve(opts, time_limit)?;

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
    terms.fairness = dev_vars.iter().map(|v| sol.get(*v) * w.fairness).sum();
    if fix.change_weight > 0.0 {
        let removed = fix.baseline.len().saturating_sub(kept);
        terms.changes = fix.change_weight * (added + removed) as f64;
    }

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
        let cause = explain(model, job, need.who, &busy, &team_of);
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
    terms.total = terms.travel
        + terms.continuity
        + terms.fairness
        + terms.preference
        + terms.changes
        + terms.violations;
    Ok(Stage2 {
        assignments,
        teams,
        violations,
        objective: terms,
        status: sol.status,
        gap: sol.gap,
    })
}

/// Why nobody could fill a need: each candidate and what kept them away.
fn explain(
    model: &Model,
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
    let what = match who {
        Who::TeamConsultant(_) => "team members",
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
            } else {
                "at a workload limit".to_string()
            };
            format!("{} {why}", s.id)
        })
        .collect();
    format!("{what}: {}", reasons.join("; "))
}
