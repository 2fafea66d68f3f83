//! The training provider's year as two MILPs (TRN-1..TRN-11), through the shared `Lp`
//! wrapper.
//!
//! Why two: a course's start date decides every one of its training dates, so a joint
//! model would copy each session's staffing variables for every candidate start. The
//! start dates interact with staffing only through how many classrooms and full-time
//! homeroom instructors are free on a date, and stage 1 keeps those as exact aggregate
//! rows (Hall's condition over every set of classrooms, so the stage-2 room assignment
//! of any date exists). Stage 2 then fixes the dates and decides, in one MILP for the
//! whole year: the room of each classroom day, which periods go online, who teaches
//! each session at the TRN-1 ratio, the homeroom instructor, the job-support manager's
//! on-site days, the interview day and interviewers, and who does the completion survey
//! and follow-ups. Every hard rule carries penalised slack, so a plan always comes back;
//! each non-zero slack is a violation with its rule ID and a likely cause.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

use chrono::NaiveDate;
use good_lp::{constraint, Expression};

use super::lp::{sum, Lp, SolveError, SolveOptions, Var};
use super::worst;
use crate::demand::training::{self as dt, CourseRun, DayKind, SessionKind};
use crate::model::training::*;
use crate::plan::training::*;
use crate::plan::{Assignment, SolveStatus, Violation};

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn violation(
    rule: &str,
    date: Option<NaiveDate>,
    event: &str,
    staff: &str,
    msg: String,
) -> Violation {
    Violation {
        rule: rule.into(),
        date: date.map(ymd).unwrap_or_default(),
        event_id: event.into(),
        staff_id: staff.into(),
        message: msg,
    }
}

/// What a re-plan keeps of its baseline (built by `replan::training` from the
/// baseline's files; plain data, no solver types). Days before `as_of` are history: a
/// choice the baseline did not make there costs [`HISTORY_WEIGHT`], so history comes
/// back unchanged; from `as_of` on each choice the baseline did not make costs
/// [`CHANGE_WEIGHT`], so the re-plan makes the fewest changes. Only additions are paid
/// (needs are met exactly, so a removal comes with an addition): the objective keeps no
/// large negative constant that would blunt the relative gap.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Keep {
    /// The day of re-planning.
    pub as_of: NaiveDate,
    /// Baseline start date by course id.
    pub starts: BTreeMap<String, NaiveDate>,
    /// Baseline classroom days: (course id, date, room id).
    pub rooms: BTreeSet<(String, NaiveDate, String)>,
    /// Baseline online sessions (session ids).
    pub online: BTreeSet<String>,
    /// Baseline assignments: (event id, date, staff id), any role.
    pub assigned: BTreeSet<(String, NaiveDate, String)>,
    /// Dates the job-support manager is on site in the baseline (TRN-4).
    pub on_site: BTreeSet<NaiveDate>,
    /// Baseline interview date by course id (TRN-7).
    pub interviews: BTreeMap<String, NaiveDate>,
}

/// Cost of each choice from `as_of` on that the baseline did not make: above every
/// other objective term of one choice, so the fewest changes win.
pub const CHANGE_WEIGHT: f64 = 100.0;
/// Cost of a course start other than the baseline's (a moved course changes every session).
pub const MOVE_WEIGHT: f64 = 5_000.0;
/// Cost of changing anything dated before `as_of` (history).
pub const HISTORY_WEIGHT: f64 = 100_000.0;

impl Keep {
    /// Objective coefficient of a binary choice dated `d`, taken by the baseline or not.
    fn cost(&self, d: NaiveDate, in_baseline: bool) -> f64 {
        match (d < self.as_of, in_baseline) {
            (true, true) | (false, true) => 0.0,
            (true, false) => HISTORY_WEIGHT,
            (false, false) => CHANGE_WEIGHT,
        }
    }
}

/// Solves the provider's year.
pub fn solve(model: &TrainingModel, opts: &SolveOptions) -> Result<TrainingPlan, SolveError> {
    solve_keeping(model, opts, None)
}

/// Solves the provider's year, keeping what `keep` asks of a baseline (a re-plan).
pub fn solve_keeping(
    model: &TrainingModel,
    opts: &SolveOptions,
    keep: Option<&Keep>,
) -> Result<TrainingPlan, SolveError> {
    let started = Instant::now();
    // The command's deadline (`--time-limit` from its start), less a little for the
    // check, rendering and writing (a provider's year is small).
    let deadline = {
        let d = opts.deadline();
        d.earlier_by(super::finish_reserve(
            model.courses.len() * 200 + model.staff.len() * 50,
            d.remaining(),
        ))
    };
    let s1 = choose_starts(model, opts, deadline.remaining() * 0.3, keep)?;
    let runs: Vec<CourseRun> = s1
        .starts
        .iter()
        .enumerate()
        .map(|(c, s)| dt::run(model, c, *s))
        .collect();
    let s2 = staff(model, &runs, opts, deadline, keep)?;
    let mut violations = s1.violations;
    violations.extend(s2.violations);
    let mut objective = s2.objective;
    objective.violations += s1.slack_cost;
    objective.total += s1.slack_cost;
    let mut plan = TrainingPlan {
        kind: "training-provider".into(),
        model: model.name.clone(),
        model_digest: String::new(),
        status: worst(s1.status, s2.status),
        gap: worst_gap(&[s1.gap, s2.gap]),
        seconds: started.elapsed().as_secs_f64(),
        objective,
        courses: s2.courses,
        sessions: s2.sessions,
        assignments: s2.assignments,
        staff: staff_rows(model),
        violations,
    };
    plan.normalise();
    Ok(plan)
}

/// The staff as `staff.csv` lists them.
pub fn staff_rows(model: &TrainingModel) -> Vec<StaffRow> {
    model
        .staff
        .iter()
        .map(|s| StaffRow {
            staff_id: s.id.clone(),
            name: s.name.clone(),
            roles: s.roles.iter().map(|r| r.id()).collect::<Vec<_>>().join(";"),
            full_time: s.full_time,
            qualifications: s.qualifications.join(";"),
            subjects: s.subjects.join(";"),
        })
        .collect()
}

struct Starts {
    starts: Vec<NaiveDate>,
    violations: Vec<Violation>,
    status: SolveStatus,
    gap: Option<f64>,
    slack_cost: f64,
}

/// Rooms that can hold course `c` (TRN-5: seats, PCs where used, printers).
fn suitable(model: &TrainingModel, c: &Course) -> Vec<usize> {
    (0..model.classrooms.len())
        .filter(|&r| model.room_fits(&model.classrooms[r], c))
        .collect()
}

/// Stage 1: a start date per course within its window; classrooms (Hall's condition)
/// and full-time homeroom instructors suffice on every date; few courses at once.
fn choose_starts(
    model: &TrainingModel,
    opts: &SolveOptions,
    limit: f64,
    keep: Option<&Keep>,
) -> Result<Starts, SolveError> {
    let big = model.objective.violation;
    let mut lp = Lp::new();
    let mut x: Vec<Vec<(NaiveDate, Var)>> = Vec::new();
    // date -> (course, var) where that start puts an on-site (classroom) day / any
    // training day on the date.
    let mut onsite: BTreeMap<NaiveDate, Vec<(usize, Var)>> = BTreeMap::new();
    let mut active: BTreeMap<NaiveDate, Vec<(usize, Var)>> = BTreeMap::new();
    for (c, course) in model.courses.iter().enumerate() {
        let kinds = dt::day_kinds(course);
        let mut vars = Vec::new();
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
        for (k, s) in cands.into_iter().enumerate() {
            // Earlier in the window is slightly preferred (a stable, readable tie-break).
            let mut cost = 0.01 * k as f64;
            if base.is_some_and(|(_, b)| b != s) {
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
    let suit: Vec<Vec<usize>> = model.courses.iter().map(|c| suitable(model, c)).collect();
    let mut slacks: Vec<(Var, Violation)> = Vec::new();
    // TRN-5, one course per room at a time: on every date, the courses whose usable
    // rooms all lie in a set R number at most |R| (Hall's condition, over every R).
    for (&d, list) in &onsite {
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
                    "TRN-5",
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
    // TRN-1: each course has a full-time homeroom instructor; one person is homeroom of
    // one running course at a time.
    let homerooms = model
        .staff
        .iter()
        .filter(|s| s.has(TrainingRole::Instructor) && s.full_time)
        .count();
    let peak = lp.continuous(0.0, model.courses.len() as f64, 10.0);
    for (&d, list) in &active {
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
                    "TRN-1",
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
    let sol = lp.solve(opts, limit)?;
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
        let val = sol.get(s);
        if val > 1e-6 {
            slack_cost += val * big;
            violations.push(v);
        }
    }
    Ok(Starts {
        starts,
        violations,
        status: sol.status,
        gap: sol.gap,
        slack_cost,
    })
}

struct Staffed {
    courses: Vec<CourseRow>,
    sessions: Vec<SessionRow>,
    assignments: Vec<Assignment>,
    violations: Vec<Violation>,
    objective: TrainingObjectiveTerms,
    status: SolveStatus,
    gap: Option<f64>,
}

/// A person's timed commitment on a date, for the one-place-at-a-time rows.
struct Timed {
    start: chrono::NaiveTime,
    end: chrono::NaiveTime,
    var: Var,
}

/// Which of stage 2's MILPs a slack belongs to.
#[derive(Debug, Clone, Copy)]
enum Part {
    Rooms,
    Teaching,
    Support,
}

/// Slack with the violation it stands for (reported when non-zero).
struct Slack {
    var: Var,
    v: Violation,
}

/// Stage 2: staffing, rooms, modes and course-level dates, with the dates fixed.
fn staff(
    model: &TrainingModel,
    runs: &[CourseRun],
    opts: &SolveOptions,
    deadline: super::Deadline,
    keep: Option<&Keep>,
) -> Result<Staffed, SolveError> {
    let big = model.objective.violation;
    let w = &model.objective;
    let rules = &model.rules;
    // Three independent MILPs: rooms and modes share no variable or row with
    // teaching; job support (on-site days, interviews, follow-ups) is solved last, with
    // the teaching plan as fixed commitments (no one in two places). Smaller problems
    // prove their gap much sooner than one joint model.
    let mut lp_r = Lp::new();
    let mut lp_t = Lp::new();
    let mut slacks: Vec<(Part, Slack)> = Vec::new();
    let mut timed: BTreeMap<(usize, NaiveDate), Vec<Timed>> = BTreeMap::new();
    let mut add_slack = |part: Part, lp: &mut Lp, hi: f64, v: Violation| -> Var {
        let s = lp.continuous(0.0, hi, big);
        slacks.push((part, Slack { var: s, v }));
        s
    };

    // ----- modes (TRN-9): which online-allowed periods go online --------------------
    let mut online: BTreeMap<(usize, usize), Var> = BTreeMap::new();
    for run in runs {
        let c = run.course;
        let course = &model.courses[c];
        let mut terms = Expression::from(0.0);
        for (b, block) in run.blocks.iter().enumerate() {
            let allowed = block
                .subject
                .is_some_and(|j| course.subjects[j].online && block.kind.on_site());
            if allowed {
                let v = lp_r.binary(0.0);
                terms += f64::from(block.hours) * v.1;
                online.insert((c, b), v);
            }
        }
        let target = f64::from(course.online_hours);
        let id = format!("course-{}", course.id);
        let under = add_slack(
            Part::Rooms,
            &mut lp_r,
            target,
            violation(
                "TRN-9",
                None,
                &id,
                "",
                format!(
                    "{}: fewer online hours than the {} planned (not enough online-allowed periods)",
                    course.id, course.online_hours
                ),
            ),
        );
        lp_r.add(constraint!(terms + under.1 == target));
    }

    // ----- rooms (TRN-5): one room per classroom day, one course per room and date ----
    let mut room_vars: BTreeMap<(usize, usize, usize), Var> = BTreeMap::new(); // (course, day, room)
    let mut room_by_date: BTreeMap<(NaiveDate, usize), Vec<Var>> = BTreeMap::new();
    let mut off_home = Expression::from(0.0);
    let mut off_vars = Vec::new();
    for run in runs {
        let c = run.course;
        let course = &model.courses[c];
        let suit = suitable(model, course);
        let home: Vec<(usize, Var)> = suit.iter().map(|&r| (r, lp_r.binary(0.0))).collect();
        if !home.is_empty() {
            lp_r.add(constraint!(sum(home.iter().map(|h| h.1)) == 1.0));
        }
        for (i, &(date, kind)) in run.days.iter().enumerate() {
            if kind != DayKind::Classroom {
                continue;
            }
            let mut here = Vec::new();
            for &r in &suit {
                if !model.classrooms[r].usable_on(date) {
                    continue;
                }
                // PC rooms are kept for courses that use PCs where possible.
                let spare_pcs = !course.uses_pcs && model.classrooms[r].pcs > 0;
                let v = lp_r.binary(if spare_pcs { 0.5 } else { 0.0 });
                room_vars.insert((c, i, r), v);
                room_by_date.entry((date, r)).or_default().push(v);
                here.push((r, v));
            }
            if !here.is_empty() {
                lp_r.add(constraint!(sum(here.iter().map(|h| h.1)) <= 1.0));
            }
            let cause = if suit.is_empty() {
                format!(
                    "no classroom fits {} trainees{} (TRN-5: seats = floor(area / {}), PCs, printers)",
                    course.trainees,
                    if course.uses_pcs { " with PCs" } else { "" },
                    rules.area_per_trainee_m2
                )
            } else {
                "every classroom that fits the course is taken or unavailable that day".into()
            };
            let miss = add_slack(
                Part::Rooms,
                &mut lp_r,
                1.0,
                violation(
                    "TRN-5",
                    Some(date),
                    &format!("course-{}", course.id),
                    "",
                    format!("{}: no classroom: {cause}", course.id),
                ),
            );
            for (b, block) in run.blocks.iter().enumerate() {
                if block.day != i || !block.kind.on_site() {
                    continue;
                }
                let mut e = sum(here.iter().map(|h| h.1)) + miss.1;
                if let Some(o) = online.get(&(c, b)) {
                    e += o.1;
                }
                lp_r.add(constraint!(e >= 1.0));
            }
            // Few room changes: a day outside the course's home room costs.
            let off = lp_r.continuous(0.0, 1.0, w.room_change);
            for &(r, v) in &here {
                if let Some(h) = home.iter().find(|h| h.0 == r) {
                    lp_r.add(constraint!(off.1 >= v.1 - h.1 .1));
                }
            }
            off_home += off.1;
            off_vars.push(off);
        }
    }
    for vars in room_by_date.values() {
        if vars.len() > 1 {
            lp_r.add(constraint!(sum(vars.iter().copied()) <= 1.0));
        }
    }
    let _ = off_home;

    // ----- teaching (TRN-1, TRN-2) ------------------------------------------------------
    // (course, block) -> [(staff, var, qualified)]
    type People = Vec<(usize, Var, bool)>;
    let mut teach: BTreeMap<(usize, usize), People> = BTreeMap::new();
    let mut continuity: BTreeMap<(usize, usize, usize), Var> = BTreeMap::new(); // (course, subject, staff)
    let mut load: BTreeMap<usize, Expression> = BTreeMap::new();
    for run in runs {
        let c = run.course;
        let course = &model.courses[c];
        for (b, block) in run.blocks.iter().enumerate() {
            let (lead, total) = match block.kind {
                SessionKind::Lecture => {
                    rules.instructors_needed(SubjectKind::Lecture, course.trainees)
                }
                SessionKind::Practical => {
                    rules.instructors_needed(SubjectKind::Practical, course.trainees)
                }
                SessionKind::Visit => (1, 1),
                SessionKind::Workplace | SessionKind::Internship => continue,
            };
            let mut people = Vec::new();
            for (s, p) in model.staff.iter().enumerate() {
                if !p.available(block.date) {
                    continue;
                }
                let qualified = match block.subject {
                    Some(j) => p.teaches(&course.subjects[j]),
                    // A visit is led by an instructor of the course.
                    None => course.subjects.iter().any(|x| p.teaches(x)),
                };
                // The second person of a large practical is an assistant (an instructor
                // qualified for the subject counts too, as `qualified`).
                let assists = total > lead && p.has(TrainingRole::Assistant);
                if !qualified && !assists {
                    continue;
                }
                let v = lp_t.binary(0.0);
                if let Some(j) = block.subject.filter(|_| qualified) {
                    let t = *continuity
                        .entry((c, j, s))
                        .or_insert_with(|| lp_t.binary(w.continuity));
                    lp_t.add(constraint!(v.1 <= t.1));
                }
                if p.has(TrainingRole::Instructor) {
                    *load.entry(s).or_insert_with(|| Expression::from(0.0)) +=
                        f64::from(block.hours) * v.1;
                }
                timed.entry((s, block.date)).or_default().push(Timed {
                    start: block.start,
                    end: block.end,
                    var: v,
                });
                people.push((s, v, qualified));
            }
            let sid = session_id(course, block, run);
            let cause = cause_no_teacher(model, course, block);
            let short_lead = add_slack(
                Part::Teaching,
                &mut lp_t,
                f64::from(lead),
                violation(
                    if block.subject.is_some() {
                        "TRN-2"
                    } else {
                        "TRN-1"
                    },
                    Some(block.date),
                    &sid,
                    "",
                    format!("{sid}: fewer qualified instructors than the {lead} needed: {cause}"),
                ),
            );
            lp_t.add(constraint!(
                sum(people.iter().filter(|p| p.2).map(|p| p.1)) + short_lead.1 >= f64::from(lead)
            ));
            let short = add_slack(
                Part::Teaching,
                &mut lp_t,
                f64::from(total),
                violation(
                    "TRN-1",
                    Some(block.date),
                    &sid,
                    "",
                    format!(
                        "{sid}: fewer than the {total} instructors/assistants {} trainees need ({})",
                        course.trainees,
                        block.kind.id()
                    ),
                ),
            );
            lp_t.add(constraint!(
                sum(people.iter().map(|p| p.1)) + short.1 >= f64::from(total)
            ));
            lp_t.add(constraint!(
                sum(people.iter().map(|p| p.1)) <= f64::from(total)
            ));
            teach.insert((c, b), people);
        }
    }
    // Fair load: the busiest instructor's hours.
    let busiest = lp_t.continuous(0.0, 1e6, w.fairness);
    for e in load.values() {
        lp_t.add(constraint!(e.clone() <= busiest.1));
    }

    // ----- homeroom (TRN-1) --------------------------------------------------------------
    let mut homeroom: BTreeMap<(usize, usize), Var> = BTreeMap::new();
    for run in runs {
        let c = run.course;
        let course = &model.courses[c];
        let start = run.start();
        let mut cands: Vec<usize> = (0..model.staff.len())
            .filter(|&s| {
                let p = &model.staff[s];
                p.has(TrainingRole::Instructor) && p.full_time && p.available(start)
            })
            .collect();
        // Prefer someone who teaches in the course; anyone full-time otherwise.
        let teaching: Vec<usize> = cands
            .iter()
            .copied()
            .filter(|&s| course.subjects.iter().any(|x| model.staff[s].teaches(x)))
            .collect();
        if !teaching.is_empty() {
            cands = teaching;
        }
        let vars: Vec<Var> = cands
            .iter()
            .map(|&s| {
                let v = lp_t.binary(0.0);
                homeroom.insert((c, s), v);
                v
            })
            .collect();
        let id = format!("homeroom-{}", course.id);
        let short = add_slack(
            Part::Teaching,
            &mut lp_t,
            1.0,
            violation(
                "TRN-1",
                Some(start),
                &id,
                "",
                format!("{}: no full-time instructor free to be homeroom", course.id),
            ),
        );
        lp_t.add(constraint!(sum(vars) + short.1 == 1.0));
    }
    for (a, ra) in runs.iter().enumerate() {
        for rb in runs.iter().skip(a + 1) {
            if ra.start() > rb.end() || rb.start() > ra.end() {
                continue;
            }
            for s in 0..model.staff.len() {
                if let (Some(x), Some(y)) =
                    (homeroom.get(&(ra.course, s)), homeroom.get(&(rb.course, s)))
                {
                    lp_t.add(constraint!(x.1 + y.1 <= 1.0));
                }
            }
        }
    }

    one_place(&mut lp_t, &timed);
    if let Some(k) = keep {
        for run in runs {
            let course = &model.courses[run.course];
            for (b, block) in run.blocks.iter().enumerate() {
                let sid = session_id(course, block, run);
                if let Some(v) = online.get(&(run.course, b)) {
                    lp_r.add_cost(*v, k.cost(block.date, k.online.contains(&sid)));
                }
                for &(s, v, _) in teach.get(&(run.course, b)).into_iter().flatten() {
                    let key = (sid.clone(), block.date, model.staff[s].id.clone());
                    lp_t.add_cost(v, k.cost(block.date, k.assigned.contains(&key)));
                }
            }
            let hid = format!("homeroom-{}", course.id);
            for (s, p) in model.staff.iter().enumerate() {
                if let Some(v) = homeroom.get(&(run.course, s)) {
                    let kept = k
                        .assigned
                        .iter()
                        .any(|(e, _, who)| e == &hid && who == &p.id);
                    lp_t.add_cost(*v, k.cost(run.start(), kept));
                }
            }
        }
        for (&(c, i, r), v) in &room_vars {
            let Some(run) = runs.iter().find(|x| x.course == c) else {
                continue;
            };
            let d = run.days[i].0;
            let key = (
                model.courses[c].id.clone(),
                d,
                model.classrooms[r].id.clone(),
            );
            lp_r.add_cost(*v, k.cost(d, k.rooms.contains(&key)));
        }
    }
    // The three MILPs share what is left of the deadline, one after another.
    let sol_r = lp_r.solve(opts, deadline.remaining() / 3.0)?;
    let sol_t = lp_t.solve(opts, deadline.remaining() / 2.0)?;
    // Teaching commitments, fixed for the job-support part.
    let mut busy: BTreeMap<(usize, NaiveDate), Vec<(chrono::NaiveTime, chrono::NaiveTime)>> =
        BTreeMap::new();
    for ((c, b), people) in &teach {
        let block = &runs.iter().find(|r| r.course == *c).map(|r| &r.blocks[*b]);
        if let Some(block) = block {
            for &(s, v, _) in people {
                if sol_t.on(v) {
                    busy.entry((s, block.date))
                        .or_default()
                        .push((block.start, block.end));
                }
            }
        }
    }
    let mut lp_s = Lp::new();
    let mut timed: BTreeMap<(usize, NaiveDate), Vec<Timed>> = BTreeMap::new();

    // ----- job-support manager on site (TRN-4) --------------------------------------------
    let jsm = model
        .staff
        .iter()
        .position(|s| s.has(TrainingRole::JobSupportManager));
    let mut on_site: BTreeMap<NaiveDate, Var> = BTreeMap::new();
    if let Some(m) = jsm {
        for run in runs {
            for &(d, _) in &run.days {
                if model.staff[m].available(d) && !on_site.contains_key(&d) {
                    on_site.insert(d, lp_s.binary(0.5));
                }
            }
        }
    }
    for run in runs {
        let course = &model.courses[run.course];
        let n = run.days.len() as f64;
        let need = (rules.job_support_manager_share * n - 1e-9).ceil().max(0.0);
        let vars: Vec<Var> = run
            .days
            .iter()
            .filter_map(|(d, _)| on_site.get(d).copied())
            .collect();
        let short = add_slack(
            Part::Support,
            &mut lp_s,
            need,
            violation(
                "TRN-4",
                None,
                &format!("on-site-{}", course.id),
                jsm.map_or("", |m| model.staff[m].id.as_str()),
                format!(
                    "{}: the job-support manager is on site on fewer than {need} of {} training days (leave or no job-support manager)",
                    course.id,
                    run.days.len()
                ),
            ),
        );
        lp_s.add(constraint!(sum(vars) + short.1 >= need));
    }

    // ----- selection interviews (TRN-7) ----------------------------------------------------
    let interviewers: Vec<usize> = (0..model.staff.len())
        .filter(|&s| {
            let p = &model.staff[s];
            p.has(TrainingRole::TrainingManager)
                || p.has(TrainingRole::JobSupportManager)
                || p.has(TrainingRole::JobSupport)
        })
        .collect();
    let mut interview_day: BTreeMap<(usize, NaiveDate), Var> = BTreeMap::new();
    let mut interviewer: BTreeMap<(usize, NaiveDate, usize), Var> = BTreeMap::new();
    let mut fair_js: BTreeMap<usize, Expression> = BTreeMap::new();
    for run in runs {
        let c = run.course;
        let course = &model.courses[c];
        let id = format!("interview-{}", course.id);
        let n = run.interview_days.len();
        let mut days = Vec::new();
        for (k, &d) in run.interview_days.iter().enumerate() {
            // A day in the middle of the gap leaves time to set up and to notify.
            let off_mid = (k as f64 - (n as f64 - 1.0) / 2.0).abs();
            let v = lp_s.binary(0.01 * off_mid);
            interview_day.insert((c, d), v);
            days.push(v);
            let mut who = Vec::new();
            for &s in &interviewers {
                let teaching = busy.get(&(s, d)).is_some_and(|l| {
                    l.iter()
                        .any(|&(a, b)| a < rules.interview.end && rules.interview.start < b)
                });
                if !model.staff[s].available(d) || teaching {
                    continue;
                }
                let x = lp_s.binary(0.1);
                lp_s.add(constraint!(x.1 <= v.1));
                interviewer.insert((c, d, s), x);
                timed.entry((s, d)).or_default().push(Timed {
                    start: rules.interview.start,
                    end: rules.interview.end,
                    var: x,
                });
                *fair_js.entry(s).or_insert_with(|| Expression::from(0.0)) += x.1;
                who.push(x);
            }
            let short = add_slack(
                Part::Support,
                &mut lp_s,
                f64::from(rules.interviewers_min),
                violation(
                    "TRN-7",
                    Some(d),
                    &id,
                    "",
                    format!(
                        "{}: fewer than {} interviewers free on the interview day",
                        course.id, rules.interviewers_min
                    ),
                ),
            );
            lp_s.add(constraint!(
                sum(who) + short.1 >= f64::from(rules.interviewers_min) * v.1
            ));
        }
        let none = add_slack(
            Part::Support,
            &mut lp_s,
            1.0,
            violation(
                "TRN-7",
                Some(run.start()),
                &id,
                "",
                format!(
                    "{}: no business day between deadline and start for the interview",
                    course.id
                ),
            ),
        );
        lp_s.add(constraint!(sum(days) + none.1 == 1.0));
    }

    // ----- completion survey and follow-ups (TRN-10) -------------------------------------
    let job_support: Vec<usize> = (0..model.staff.len())
        .filter(|&s| {
            let p = &model.staff[s];
            p.has(TrainingRole::JobSupportManager) || p.has(TrainingRole::JobSupport)
        })
        .collect();
    let mut follow: BTreeMap<(usize, usize, usize), Var> = BTreeMap::new(); // (course, which, staff)
    for run in runs {
        let c = run.course;
        let course = &model.courses[c];
        for (k, (name, d)) in follow_ups(run).into_iter().enumerate() {
            let mut who = Vec::new();
            for &s in &job_support {
                if !model.staff[s].available(d) {
                    continue;
                }
                let v = lp_s.binary(0.0);
                follow.insert((c, k, s), v);
                *fair_js.entry(s).or_insert_with(|| Expression::from(0.0)) += v.1;
                who.push(v);
            }
            let id = format!("{name}-{}", course.id);
            let short = add_slack(
                Part::Support,
                &mut lp_s,
                1.0,
                violation(
                    "TRN-10",
                    Some(d),
                    &id,
                    "",
                    format!("{id}: no job-support staff free that day"),
                ),
            );
            lp_s.add(constraint!(sum(who) + short.1 == 1.0));
        }
    }
    let js_peak = lp_s.continuous(0.0, 1e6, 1.0);
    for e in fair_js.values() {
        lp_s.add(constraint!(e.clone() <= js_peak.1));
    }

    one_place(&mut lp_s, &timed);
    if let Some(k) = keep {
        for (&d, v) in &on_site {
            lp_s.add_cost(*v, k.cost(d, k.on_site.contains(&d)));
        }
        for (&(c, d), v) in &interview_day {
            let kept = k.interviews.get(&model.courses[c].id) == Some(&d);
            lp_s.add_cost(*v, k.cost(d, kept));
        }
        for (&(c, d, s), v) in &interviewer {
            let key = (
                format!("interview-{}", model.courses[c].id),
                d,
                model.staff[s].id.clone(),
            );
            lp_s.add_cost(*v, k.cost(d, k.assigned.contains(&key)));
        }
        for run in runs {
            let course = &model.courses[run.course];
            for (w, (name, d)) in follow_ups(run).into_iter().enumerate() {
                for (s, p) in model.staff.iter().enumerate() {
                    if let Some(v) = follow.get(&(run.course, w, s)) {
                        let key = (format!("{name}-{}", course.id), d, p.id.clone());
                        lp_s.add_cost(*v, k.cost(d, k.assigned.contains(&key)));
                    }
                }
            }
        }
    }

    let sol_s = lp_s.solve(opts, deadline.remaining())?;

    // ----- decode ---------------------------------------------------------------------------
    let mut violations = Vec::new();
    let mut slack_cost = 0.0;
    for (part, s) in &slacks {
        let sol = match part {
            Part::Rooms => &sol_r,
            Part::Teaching => &sol_t,
            Part::Support => &sol_s,
        };
        let val = sol.get(s.var);
        if val > 1e-6 {
            slack_cost += val * big;
            violations.push(s.v.clone());
        }
    }
    let mut courses = Vec::new();
    let mut sessions = Vec::new();
    let mut assignments = Vec::new();
    let assign = |out: &mut Vec<Assignment>, event: String, d: NaiveDate, s: usize, role: &str| {
        out.push(Assignment {
            event_id: event,
            date: ymd(d),
            staff_id: model.staff[s].id.clone(),
            role: role.into(),
        });
    };
    let manager = model
        .staff
        .iter()
        .position(|s| s.has(TrainingRole::TrainingManager));
    let liaison = model
        .staff
        .iter()
        .position(|s| s.has(TrainingRole::Liaison) && s.full_time);
    for run in runs {
        let c = run.course;
        let course = &model.courses[c];
        let mut online_hours = 0;
        for (b, block) in run.blocks.iter().enumerate() {
            let is_online = online.get(&(c, b)).is_some_and(|v| sol_r.on(*v));
            if is_online {
                online_hours += block.hours;
            }
            let room = if block.kind.on_site() && !is_online {
                (0..model.classrooms.len()).find(|&r| {
                    room_vars
                        .get(&(c, block.day, r))
                        .is_some_and(|v| sol_r.on(*v))
                })
            } else {
                None
            };
            let sid = session_id(course, block, run);
            let cr = room.map(|r| &model.classrooms[r]);
            sessions.push(SessionRow {
                session_id: sid.clone(),
                course_id: course.id.clone(),
                date: ymd(block.date),
                start: block.start.format("%H:%M").to_string(),
                end: block.end.format("%H:%M").to_string(),
                hours: block.hours,
                subject: block
                    .subject
                    .map_or(String::new(), |j| course.subjects[j].id.clone()),
                kind: block.kind.id().into(),
                mode: if is_online { "online" } else { "offline" }.into(),
                room: cr.map_or(String::new(), |r| r.id.clone()),
                room_area_m2: cr.map(|r| r.area_m2),
                room_seats: cr.map(|r| r.seats(rules.area_per_trainee_m2)),
                pcs: cr.map(|r| r.pcs),
                trainees: course.trainees,
            });
            if let Some(people) = teach.get(&(c, b)) {
                for &(s, v, qualified) in people {
                    if sol_t.on(v) {
                        let role = if qualified { "instructor" } else { "assistant" };
                        assign(&mut assignments, sid.clone(), block.date, s, role);
                    }
                }
            }
        }
        let start = run.start();
        for s in 0..model.staff.len() {
            if homeroom.get(&(c, s)).is_some_and(|v| sol_t.on(*v)) {
                assign(
                    &mut assignments,
                    format!("homeroom-{}", course.id),
                    start,
                    s,
                    "homeroom",
                );
            }
        }
        if let Some(m) = manager {
            assign(
                &mut assignments,
                format!("training-manager-{}", course.id),
                start,
                m,
                "training-manager",
            );
        }
        if let Some(l) = liaison {
            assign(
                &mut assignments,
                format!("liaison-{}", course.id),
                start,
                l,
                "liaison",
            );
        }
        if let Some(m) = jsm {
            for &(d, _) in &run.days {
                if on_site.get(&d).is_some_and(|v| sol_s.on(*v)) {
                    assign(
                        &mut assignments,
                        format!("on-site-{}", course.id),
                        d,
                        m,
                        "job-support-manager",
                    );
                }
            }
        }
        let mut interview = None;
        for &d in &run.interview_days {
            if interview_day.get(&(c, d)).is_some_and(|v| sol_s.on(*v)) {
                interview = Some(d);
                for &s in &interviewers {
                    if interviewer.get(&(c, d, s)).is_some_and(|v| sol_s.on(*v)) {
                        assign(
                            &mut assignments,
                            format!("interview-{}", course.id),
                            d,
                            s,
                            "interviewer",
                        );
                    }
                }
            }
        }
        for (k, (name, d)) in follow_ups(run).into_iter().enumerate() {
            for &s in &job_support {
                if follow.get(&(c, k, s)).is_some_and(|v| sol_s.on(*v)) {
                    assign(
                        &mut assignments,
                        format!("{name}-{}", course.id),
                        d,
                        s,
                        "job-support",
                    );
                }
            }
        }
        courses.push(CourseRow {
            course_id: course.id.clone(),
            name: course.name.clone(),
            field: course.field.clone(),
            trainees: course.trainees,
            start: ymd(start),
            end: ymd(run.end()),
            application_deadline: ymd(run.deadline),
            interview_date: interview.map(ymd).unwrap_or_default(),
            completion_survey: ymd(run.survey),
            follow_up_1m: ymd(run.follow_up_1m),
            follow_up_3m: ymd(run.follow_up_3m),
            total_hours: run.blocks.iter().map(|b| b.hours).sum(),
            online_hours,
            workplace_hours: hours_of(run, SessionKind::Workplace),
            internship_hours: hours_of(run, SessionKind::Internship),
        });
    }
    let continuity_cost: f64 =
        continuity.values().filter(|v| sol_t.on(**v)).count() as f64 * w.continuity;
    let room_cost: f64 = off_vars.iter().map(|v| sol_r.get(*v)).sum::<f64>() * w.room_change;
    let fairness = sol_t.get(busiest) * w.fairness;
    let objective = TrainingObjectiveTerms {
        continuity: round2(continuity_cost),
        fairness: round2(fairness),
        room_changes: round2(room_cost),
        violations: round2(slack_cost),
        total: round2(continuity_cost + fairness + room_cost + slack_cost),
    };
    Ok(Staffed {
        courses,
        sessions,
        assignments,
        violations,
        objective,
        status: worst(worst(sol_r.status, sol_t.status), sol_s.status),
        gap: worst_gap(&[sol_r.gap, sol_t.gap, sol_s.gap]),
    })
}

/// The largest of the MILPs' gaps, unknown (`None`) when any of them has none: a
/// missing bound is never shown as 0.
fn worst_gap(gaps: &[Option<f64>]) -> Option<f64> {
    gaps.iter()
        .try_fold(0.0_f64, |worst, g| g.map(|g| worst.max(g)))
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn hours_of(run: &CourseRun, kind: SessionKind) -> u32 {
    run.blocks
        .iter()
        .filter(|b| b.kind == kind)
        .map(|b| b.hours)
        .sum()
}

/// The three TRN-10 contacts of a course: (event name, date).
fn follow_ups(run: &CourseRun) -> [(&'static str, NaiveDate); 3] {
    [
        ("completion-survey", run.survey),
        ("follow-up-1m", run.follow_up_1m),
        ("follow-up-3m", run.follow_up_3m),
    ]
}

/// One place at a time (CON-6): for each person and date, the commitments that
/// contain a common instant sum to at most one (the cliques of an interval graph).
fn one_place(lp: &mut Lp, timed: &BTreeMap<(usize, NaiveDate), Vec<Timed>>) {
    for list in timed.values() {
        if list.len() < 2 {
            continue;
        }
        let mut points: Vec<chrono::NaiveTime> = list.iter().map(|t| t.start).collect();
        points.sort();
        points.dedup();
        for p in points {
            let here: Vec<Var> = list
                .iter()
                .filter(|t| t.start <= p && p < t.end)
                .map(|t| t.var)
                .collect();
            if here.len() > 1 {
                lp.add(constraint!(sum(here) <= 1.0));
            }
        }
    }
}

/// `<course>-<date>-<n>`, n counting the course's sessions of that day from 1.
pub fn session_id(course: &Course, block: &dt::Block, run: &CourseRun) -> String {
    let n = run
        .blocks
        .iter()
        .filter(|b| b.day == block.day && b.start < block.start)
        .count()
        + 1;
    format!("{}-{}-{n}", course.id, ymd(block.date))
}

/// Why nobody may teach a session: nobody qualified at all, or all of them away.
fn cause_no_teacher(model: &TrainingModel, course: &Course, block: &dt::Block) -> String {
    let Some(j) = block.subject else {
        return "no instructor of the course is free".into();
    };
    let subject = &course.subjects[j];
    let qualified: Vec<&TrainingStaff> =
        model.staff.iter().filter(|p| p.teaches(subject)).collect();
    if qualified.is_empty() {
        return format!(
            "nobody teaches {}{}",
            subject.id,
            if subject.requires.is_empty() {
                String::new()
            } else {
                format!(" with {}", subject.requires.join(", "))
            }
        );
    }
    let away: Vec<&str> = qualified
        .iter()
        .filter(|p| !p.available(block.date))
        .map(|p| p.id.as_str())
        .collect();
    if away.len() == qualified.len() {
        format!(
            "every instructor of {} is away ({})",
            subject.id,
            away.join(", ")
        )
    } else {
        format!(
            "the instructors of {} are teaching elsewhere at that time",
            subject.id
        )
    }
}

#[cfg(test)]
mod gap_tests {
    #[test]
    fn a_part_without_a_bound_makes_the_gap_unknown_never_zero() {
        assert_eq!(super::worst_gap(&[Some(0.001), Some(0.004)]), Some(0.004));
        assert_eq!(super::worst_gap(&[Some(0.001), None, Some(0.0)]), None);
        assert_eq!(super::worst_gap(&[]), Some(0.0));
    }
}
