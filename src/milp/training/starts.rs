//! Stage 1 of the provider's year: one start date per course, with classrooms (TRN-5)
//! and full-time homeroom instructors (TRN-1) counted as aggregate rows per date.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use good_lp::constraint;

use super::{suitable, violation, Keep, Values, MOVE_WEIGHT};
use crate::demand::training::{self as dt, DayKind};
use crate::milp::lp::{sum, Lp, SolveError, SolveOptions, Var};
use crate::model::training::*;
use crate::model::Rule;
use crate::plan::{SolveStatus, Violation};

/// Stage 1's result: a start per course (by course index) and its violations.
pub(super) struct Starts {
    pub(super) starts: Vec<NaiveDate>,
    pub(super) violations: Vec<Violation>,
    pub(super) status: SolveStatus,
    pub(super) gap: Option<f64>,
    pub(super) slack_cost: f64,
}

/// Stage 1's variables.
struct StartVars {
    /// Per course, its candidate starts, each with the binary "the course starts then".
    x: Vec<Vec<(NaiveDate, Var)>>,
    /// Date -> (course, start var) whose start puts a classroom day on the date.
    onsite: BTreeMap<NaiveDate, Vec<(usize, Var)>>,
    /// Date -> (course, start var) whose start puts any training day on the date.
    active: BTreeMap<NaiveDate, Vec<(usize, Var)>>,
}

/// Slack with the violation it stands for.
type StartSlacks = Vec<(Var, Violation)>;

/// Stage 1: a start date per course within its window; classrooms (Hall's condition)
/// and full-time homeroom instructors suffice on every date; few courses at once.
pub(super) fn choose_starts(
    model: &TrainingModel,
    opts: &SolveOptions,
    limit: f64,
    keep: Option<&Keep>,
) -> Result<Starts, SolveError> {
    let mut lp = Lp::new();
    let vars = one_start_per_course(&mut lp, model, keep);
    let mut slacks = StartSlacks::new();
    enough_classrooms(&mut lp, model, &vars.onsite, &mut slacks);
    enough_homerooms(&mut lp, model, &vars.active, &mut slacks);
    let sol = lp.solve(opts, limit)?;
    let (starts, violations, slack_cost) = decode_starts(model, &vars.x, &slacks, &sol);
    Ok(Starts {
        starts,
        violations,
        status: sol.status,
        gap: sol.gap,
        slack_cost,
    })
}

/// The start dates course `c` may take, and its baseline start in a re-plan (TRN-6).
///
/// TRN-6 (13-16 business days between the application deadline and the start) needs
/// no row: input validation holds each course's `deadline_business_days` to the
/// model's range (E107, `input::training`), and `demand::training::run` puts the
/// deadline exactly that many business days (CAL-6, `calendar::business_day_before`)
/// before whatever start is chosen, so every candidate start meets the rule. The
/// candidates themselves are the course days (CAL-6, CAL-4) of the start window
/// (`demand::training::candidate_starts`). What a re-plan adds is here: a course that
/// has started keeps its start; one that has not may not take a start whose
/// application deadline has passed (`as_of`) unless nothing else is left (a what-if
/// window with no such start is refused as E111 by `scenario::training`).
/// `check::training` re-counts the business days.
fn application_deadline(
    model: &TrainingModel,
    c: usize,
    course: &Course,
    keep: Option<&Keep>,
) -> (Vec<NaiveDate>, Option<NaiveDate>) {
    let mut cands = dt::candidate_starts(model, course);
    let base = keep.and_then(|k| Some((k, *k.starts.get(&course.id)?)));
    if let Some((k, b)) = base {
        if b < k.as_of && cands.contains(&b) {
            // A course that has started is history: it keeps its dates.
            cands = vec![b];
        } else {
            // A course that has not started cannot start (or close applications)
            // before the day of re-planning, unless nothing else is left.
            let later: Vec<NaiveDate> = cands
                .iter()
                .copied()
                .filter(|&s| s == b || dt::run(model, c, s).deadline >= k.as_of)
                .collect();
            if !later.is_empty() {
                cands = later;
            }
        }
    }
    (cands, base.map(|(_, b)| b))
}

/// Each course starts exactly once, on one of its candidate starts (TRN-6, CAL-6);
/// an earlier start is slightly preferred, a start other than the baseline's costs
/// [`MOVE_WEIGHT`].
fn one_start_per_course(lp: &mut Lp, model: &TrainingModel, keep: Option<&Keep>) -> StartVars {
    let mut x: Vec<Vec<(NaiveDate, Var)>> = Vec::new();
    let mut onsite: BTreeMap<NaiveDate, Vec<(usize, Var)>> = BTreeMap::new();
    let mut active: BTreeMap<NaiveDate, Vec<(usize, Var)>> = BTreeMap::new();
    for (c, course) in model.courses.iter().enumerate() {
        let kinds = dt::day_kinds(course);
        let mut vars = Vec::new();
        let (cands, base) = application_deadline(model, c, course, keep);
        for (k, s) in cands.into_iter().enumerate() {
            // Earlier in the window is slightly preferred (a stable, readable tie-break).
            let mut cost = 0.01 * k as f64;
            if base.is_some_and(|b| b != s) {
                cost += MOVE_WEIGHT;
            }
            let v = lp.binary(cost);
            for (i, d) in dt::training_dates(model, course, s).into_iter().enumerate() {
                active.entry(d).or_default().push((c, v));
                if kinds.get(i) == Some(&DayKind::Classroom) {
                    onsite.entry(d).or_default().push((c, v));
                }
            }
            vars.push((s, v));
        }
        if !vars.is_empty() {
            lp.add(constraint!(sum(vars.iter().map(|x| x.1)) == 1.0));
        }
        x.push(vars);
    }
    StartVars { x, onsite, active }
}

/// TRN-5, one course per room at a time: on every date, the courses whose usable
/// rooms all lie in a set R number at most |R| (Hall's condition, over every R of up
/// to 12 rooms), so stage 2's room assignment of every date exists.
fn enough_classrooms(
    lp: &mut Lp,
    model: &TrainingModel,
    onsite: &BTreeMap<NaiveDate, Vec<(usize, Var)>>,
    slacks: &mut StartSlacks,
) {
    let big = model.objective.violation;
    let suit: Vec<Vec<usize>> = model.courses.iter().map(|c| suitable(model, c)).collect();
    for (&d, list) in onsite {
        let avail: Vec<usize> = (0..model.classrooms.len())
            .filter(|&r| model.classrooms[r].usable_on(d))
            .collect();
        let n = avail.len().min(12);
        for mask in 1u32..(1u32 << n) {
            let set: Vec<usize> = (0..n)
                .filter(|i| mask & (1 << i) != 0)
                .map(|i| avail[i])
                .collect();
            let terms: Vec<(usize, Var)> = list
                .iter()
                .filter(|(c, _)| {
                    let usable: Vec<usize> = suit[*c]
                        .iter()
                        .copied()
                        .filter(|r| avail.contains(r))
                        .collect();
                    !usable.is_empty() && usable.iter().all(|r| set.contains(r))
                })
                .copied()
                .collect();
            let courses: BTreeSet<usize> = terms.iter().map(|t| t.0).collect();
            if courses.len() <= set.len() {
                continue;
            }
            let s = lp.continuous(0.0, courses.len() as f64, big);
            lp.add(constraint!(
                sum(terms.iter().map(|t| t.1)) <= set.len() as f64 + s.1
            ));
            let names: Vec<&str> = set
                .iter()
                .map(|&r| model.classrooms[r].id.as_str())
                .collect();
            let who: Vec<&str> = courses
                .iter()
                .map(|&c| model.courses[c].id.as_str())
                .collect();
            slacks.push((
                s,
                violation(
                    Rule::Trn5,
                    Some(d),
                    "",
                    "",
                    format!(
                        "courses {} can only use classrooms {}: not enough rooms that day (start windows overlap)",
                        who.join(", "),
                        names.join(", ")
                    ),
                ),
            ));
        }
    }
}

/// TRN-1: each course has a full-time homeroom instructor, and one person is homeroom
/// of one running course at a time, so on every date at most as many courses run as
/// there are full-time instructors. The same rows also bound the peak number of
/// courses at once (a soft goal: staff are spread over the year).
fn enough_homerooms(
    lp: &mut Lp,
    model: &TrainingModel,
    active: &BTreeMap<NaiveDate, Vec<(usize, Var)>>,
    slacks: &mut StartSlacks,
) {
    let big = model.objective.violation;
    let homerooms = model
        .staff
        .iter()
        .filter(|s| s.has(TrainingRole::Instructor) && s.full_time)
        .count();
    let peak = lp.continuous(0.0, model.courses.len() as f64, 10.0);
    for (&d, list) in active {
        let courses: BTreeSet<usize> = list.iter().map(|t| t.0).collect();
        if courses.len() < 2 {
            continue;
        }
        lp.add(constraint!(sum(list.iter().map(|t| t.1)) <= peak.1));
        if courses.len() > homerooms {
            let s = lp.continuous(0.0, courses.len() as f64, big);
            lp.add(constraint!(
                sum(list.iter().map(|t| t.1)) <= homerooms as f64 + s.1
            ));
            slacks.push((
                s,
                violation(
                    Rule::Trn1,
                    Some(d),
                    "",
                    "",
                    format!(
                        "more courses run than the {homerooms} full-time instructors who can be homeroom"
                    ),
                ),
            ));
        }
    }
}

/// Reads stage 1's solution: the chosen start of each course (the first candidate,
/// or the window's first day, when none is chosen), the violations of non-zero slack
/// and their penalty.
fn decode_starts(
    model: &TrainingModel,
    x: &[Vec<(NaiveDate, Var)>],
    slacks: &StartSlacks,
    sol: &dyn Values,
) -> (Vec<NaiveDate>, Vec<Violation>, f64) {
    let big = model.objective.violation;
    let mut starts = Vec::new();
    for (c, vars) in x.iter().enumerate() {
        let chosen = vars
            .iter()
            .find(|(_, v)| sol.on(*v))
            .or(vars.first())
            .map(|(d, _)| *d)
            .unwrap_or(model.courses[c].start_window.from);
        starts.push(chosen);
    }
    let mut violations = Vec::new();
    let mut slack_cost = 0.0;
    for (s, v) in slacks {
        let val = sol.value(*s);
        if val > 1e-6 {
            slack_cost += val * big;
            violations.push(v.clone());
        }
    }
    (starts, violations, slack_cost)
}
