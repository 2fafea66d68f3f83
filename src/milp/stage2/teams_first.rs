//! Teams first (issue 20, part 2): on connected geography, where most consultants reach
//! many municipalities, the consultant part's MILP has a variable for every consultation
//! day and every consultant in reach of it, so it grows with the work times the people
//! around it (the square of the model's size when the copies of a generated model lie
//! within reach of each other). Above [`TEAMS_FIRST_COLUMNS`] such variables the part's
//! teams (CON-4) are decided first by a constructive rule ([`choose`]) and the part is
//! then staffed with the teams fixed: each consultation day's candidates are then its
//! team's members only, so the MILP grows with the work.
//!
//! This is a restriction, not a relaxation: every plan of the restricted MILP keeps the
//! same rules as a plan of the full part (the same rows, fewer columns), but its bound
//! is not a bound on the full part. The part therefore reports no bound of its own, and
//! the plan's gap is measured only against a bound on the whole problem (the joint
//! bound) or stays unknown: the printed gap stays honest.

use std::collections::{BTreeMap, BTreeSet};

use super::{candidate, Fixings, Job, Part, Reach, Who};
use crate::model::{Model, Place};

/// Above this many (consultation day, team candidate) pairs in one part its teams are
/// chosen first. The shipped year's consultant part has 13,958 (997 days, every
/// qualified consultant within reach): below, so it is solved whole, as are the
/// separate copies of `roster generate` at its default spacing (each copy its own
/// part). Eight copies 0.15° apart have 596,400; two copies 0.6° apart already took the
/// whole MILP past 300 s without a bound on a loaded machine.
pub(super) const TEAMS_FIRST_COLUMNS: usize = 30_000;

/// Members chosen beyond a team's minimum (CON-4), so a day on which one member is
/// away (leave, weekday, a weekly limit) still has someone from the team.
const SPARE_MEMBERS: usize = 1;

/// (consultation need, team candidate) pairs of `part`: roughly the assignment columns
/// its team consultation days bring to its MILP.
pub(super) fn team_columns(jobs: &[Job], part: &Part) -> usize {
    part.needs
        .iter()
        .filter_map(|&(j, n)| match jobs.get(j)?.needs.get(n)?.who {
            Who::TeamConsultant(m) => {
                let count = jobs[j].needs[n].count as usize;
                Some(count * part.teams.get(&m).map_or(0, Vec::len))
            }
            _ => None,
        })
        .sum()
}

/// The part with each municipality's team candidates cut down to a team chosen by a
/// constructive rule, in the manner of the objective (docs/model.md, `[objective]`):
/// municipalities with the fewest candidates first; each takes, one at a time, the
/// candidate with room left under their fair share of the part's consultation days
/// (their contracted days times the part's days per contracted day) who costs least
/// per day (travel there and back, and the preference weight outside the
/// municipalities they prefer) among those who may staff a day still short (CON-3:
/// each day wants its count plus [`SPARE_MEMBERS`] among the chosen who work that
/// weekday and are not on leave), then up to the team's minimum plus
/// [`SPARE_MEMBERS`] and until its days fit within its members' room. The chosen are
/// candidates only: the MILP still decides who is on the team (CON-4) and who works
/// which day. Deterministic (ties go to the lower staff index).
pub(super) fn choose(
    model: &Model,
    jobs: &[Job],
    fix: &Fixings,
    reach: &Reach,
    part: &Part,
) -> Part {
    // Consultant-days each municipality needs, where its days are held, and its needs.
    let mut days: BTreeMap<usize, f64> = BTreeMap::new();
    let mut places: BTreeMap<usize, BTreeMap<(bool, usize), f64>> = BTreeMap::new();
    let mut needs_of: BTreeMap<usize, Vec<(usize, usize)>> = BTreeMap::new();
    for &(j, n) in &part.needs {
        let Some(need) = jobs.get(j).and_then(|job| job.needs.get(n)) else {
            continue;
        };
        if let Who::TeamConsultant(m) = need.who {
            let c = f64::from(need.count);
            *days.entry(m).or_default() += c;
            let key = match jobs[j].place {
                Place::Municipality(i) => (false, i),
                Place::Town(i) => (true, i),
            };
            *places.entry(m).or_default().entry(key).or_default() += c;
            needs_of.entry(m).or_default().push((j, n));
        }
    }
    let contracted = crate::plan::affected::contracted_days_of_all(model);
    let people: BTreeSet<usize> = part.teams.values().flatten().copied().collect();
    let total_days: f64 = days.values().sum();
    let total_contract: f64 = people
        .iter()
        .map(|&p| contracted.get(p).copied().unwrap_or(0.0))
        .sum();
    let per_contracted = if total_contract > 0.0 {
        (total_days / total_contract).min(1.0)
    } else {
        0.0
    };
    let room = |p: usize| per_contracted * contracted.get(p).copied().unwrap_or(0.0);
    let mut load: BTreeMap<usize, f64> = BTreeMap::new();
    let w = &model.objective;
    let per_day = |p: usize, m: usize| -> f64 {
        let Some(at) = places.get(&m) else {
            return 0.0;
        };
        let n: f64 = at.values().sum::<f64>().max(1.0);
        let travel: f64 = at
            .iter()
            .map(|(&(town, i), &c)| {
                let place = if town {
                    Place::Town(i)
                } else {
                    Place::Municipality(i)
                };
                c * 2.0 * model.distance_km(model.staff[p].home, place) * w.travel_per_km
            })
            .sum::<f64>()
            / n;
        let prefers = &model.staff[p].prefers;
        let pref = if !prefers.is_empty() && !prefers.contains(&m) {
            w.preference
        } else {
            0.0
        };
        travel + pref
    };
    let mut order: Vec<usize> = part.teams.keys().copied().collect();
    order.sort_by(|a, b| {
        let (ca, cb) = (part.teams[a].len(), part.teams[b].len());
        let (da, db) = (days.get(a).copied(), days.get(b).copied());
        ca.cmp(&cb)
            .then(db.unwrap_or(0.0).total_cmp(&da.unwrap_or(0.0)))
            .then(a.cmp(b))
    });
    let mut teams: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for m in order {
        let candidates = &part.teams[&m];
        let want = model.municipalities[m].team_min as usize + SPARE_MEMBERS;
        let needs = needs_of.get(&m).map_or(&[][..], Vec::as_slice);
        // Each day wants its count plus a spare among the chosen who may staff it
        // that day (weekdays, leave, dated terms: `candidate`).
        let mut short: Vec<u32> = needs
            .iter()
            .map(|&(j, n)| jobs[j].needs[n].count + SPARE_MEMBERS as u32)
            .collect();
        let helps = |p: usize, short: &[u32]| -> usize {
            needs
                .iter()
                .zip(short)
                .filter(|(&(j, n), &s)| {
                    s > 0 && candidate(model, fix, reach, &jobs[j], &jobs[j].needs[n], p)
                })
                .count()
        };
        let mut left = days.get(&m).copied().unwrap_or(0.0);
        let mut chosen: Vec<usize> = Vec::new();
        loop {
            let headroom = |p: usize| room(p) - load.get(&p).copied().unwrap_or(0.0);
            let covering = short.iter().any(|&s| s > 0);
            let pick = candidates
                .iter()
                .copied()
                .filter(|p| !chosen.contains(p))
                .map(|p| (p, helps(p, &short)))
                .filter(|&(_, h)| !covering || h > 0)
                .min_by(|&(a, ha), &(b, hb)| {
                    let full = |p: usize| headroom(p) <= 1e-9;
                    full(a)
                        .cmp(&full(b))
                        .then(per_day(a, m).total_cmp(&per_day(b, m)))
                        .then(hb.cmp(&ha))
                        .then(a.cmp(&b))
                });
            let Some((p, _)) = pick else {
                if covering {
                    // Nobody helps the days still short: top up to the minimum.
                    short.iter_mut().for_each(|s| *s = 0);
                    continue;
                }
                break;
            };
            if !covering && chosen.len() >= want && (left <= 1e-9 || headroom(p) <= 1e-9) {
                break;
            }
            for (&(j, n), s) in needs.iter().zip(short.iter_mut()) {
                if *s > 0 && candidate(model, fix, reach, &jobs[j], &jobs[j].needs[n], p) {
                    *s -= 1;
                }
            }
            let give = headroom(p).max(0.0).min(left);
            *load.entry(p).or_default() += give;
            left -= give;
            chosen.push(p);
        }
        chosen.sort_unstable();
        teams.insert(m, chosen);
    }
    Part {
        people: part.people.clone(),
        needs: part.needs.clone(),
        teams,
    }
}
