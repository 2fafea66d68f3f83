//! The training provider's year as two MILPs (TRN-1..TRN-11), through the shared `Lp`
//! wrapper.
//!
//! Why two: a course's start date decides every one of its training dates, so a joint
//! model would copy each session's staffing variables for every candidate start. The
//! start dates interact with staffing only through how many classrooms and full-time
//! homeroom instructors are free on a date, and stage 1 keeps those as exact aggregate
//! rows (Hall's condition over every set of classrooms, so the stage-2 room assignment
//! of any date exists). Stage 2 then fixes the dates and decides, in three MILPs solved
//! one after another: the room of each classroom day and which periods go online; who
//! teaches each session at the TRN-1 ratio and the homeroom instructor; the job-support
//! manager's on-site days, the interview day and interviewers, and who does the
//! completion survey and follow-ups. Every hard rule carries penalised slack, so a plan
//! always comes back; each non-zero slack is a violation with its rule ID and a likely
//! cause.
//!
//! Where each rule is encoded:
//! - TRN-1: `starts::enough_homerooms`, `staffing::Formulation::teaching_ratio`,
//!   `homeroom`, `one_homeroom_at_a_time`; TRN-2: `qualified_teachers`.
//! - TRN-3: one training manager, a fact of the model (`decode::course_roles` names
//!   them on every course); the full-time liaison at the site on every day a course
//!   is held there, or a full-time cover with the liaison role: `liaison_on_site`.
//! - TRN-4: `job_support_on_site` (the manager's share of each course's classroom
//!   days at the site, and one day in every fortnight of them; the qualified person
//!   is a fact of the model, checked by `check::training`).
//! - TRN-5: `starts::enough_classrooms`, `classroom_days` (with the kinds of room a
//!   subject needs), `one_course_per_room`.
//! - TRN-6: no row; `starts::application_deadline` says where it lives (input, demand).
//! - TRN-7: `interviews` (an interview day announced with an open application
//!   period is kept in a re-plan: `staffing::announced`); TRN-9: `online_sessions`; TRN-10: `follow_ups`.
//! - TRN-8 and TRN-11 (workplace share, internship length and hours): fixed by the
//!   course as input validates it and `demand::training::day_kinds` lays it out; no
//!   variable changes them.
//! - CON-6 (one place at a time): `one_place`, in the teaching and job-support MILPs.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::Instant;

use chrono::NaiveDate;
use good_lp::constraint;

use super::lp::{sum, Lp, LpSolution, SolveError, SolveOptions, Var};
use super::slack::{Reading, SlackTag};
use super::worst;
use crate::demand::training::{self as dt, CourseRun, SessionKind};
use crate::model::training::*;
use crate::model::Rule;
use crate::plan::cause::{Cause, NoTeacher};
use crate::plan::training::*;

mod decode;
mod staffing;
mod starts;

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The slack of `rule` standing for `cause`, `big` a unit short, read as any amount
/// above the solver's tolerance (the provider's slack is continuous).
fn tag(rule: Rule, cause: Cause, big: f64) -> SlackTag {
    SlackTag::new(rule, cause, big, Reading::Amount)
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
    let s1 = starts::choose_starts(model, opts, deadline.remaining() * 0.3, keep)?;
    let mut runs: Vec<CourseRun> = s1
        .starts
        .iter()
        .enumerate()
        .map(|(c, s)| dt::run(model, c, *s))
        .collect();
    // A re-plan postpones a subject whose instructors are all away and brings another
    // forward (issue 18), rather than leave its sessions without an instructor.
    if let Some(k) = keep {
        for run in &mut runs {
            dt::reorder_for_absences(model, run, k.as_of);
        }
    }
    let s2 = staffing::staff(model, &runs, opts, deadline, keep)?;
    let mut violations = s1.violations;
    violations.extend(s2.plan.violations);
    let mut objective = s2.plan.objective;
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
        courses: s2.plan.courses,
        sessions: s2.plan.sessions,
        assignments: s2.plan.assignments,
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

/// Rooms that can hold course `c` (TRN-5: seats, PCs where used, printers).
fn suitable(model: &TrainingModel, c: &Course) -> Vec<usize> {
    (0..model.classrooms.len())
        .filter(|&r| model.room_fits(&model.classrooms[r], c))
        .collect()
}

/// Values of a solved MILP's variables: the solver's [`LpSolution`], or a hand-made
/// map in tests (decoding never needs the solver).
trait Values {
    /// The value of `v`.
    fn value(&self, v: Var) -> f64;

    /// Whether a binary variable is set.
    fn on(&self, v: Var) -> bool {
        self.value(v) > 0.5
    }
}

impl Values for LpSolution {
    fn value(&self, v: Var) -> f64 {
        self.get(v)
    }
}

impl Values for HashMap<Var, f64> {
    fn value(&self, v: Var) -> f64 {
        self.get(&v).copied().unwrap_or(0.0)
    }
}

/// A person's timed commitment on a date, for the one-place-at-a-time rows.
struct Timed {
    start: chrono::NaiveTime,
    end: chrono::NaiveTime,
    var: Var,
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
fn contacts(run: &CourseRun) -> [(&'static str, NaiveDate); 3] {
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
fn cause_no_teacher(model: &TrainingModel, course: &Course, block: &dt::Block) -> NoTeacher {
    let Some(j) = block.subject else {
        return NoTeacher::NoCourseInstructorFree;
    };
    let subject = &course.subjects[j];
    let qualified: Vec<&TrainingStaff> =
        model.staff.iter().filter(|p| p.teaches(subject)).collect();
    if qualified.is_empty() {
        return NoTeacher::NobodyTeaches {
            subject: subject.id.clone(),
            requires: subject.requires.clone(),
        };
    }
    let away: Vec<String> = qualified
        .iter()
        .filter(|p| !p.available(block.date))
        .map(|p| p.id.clone())
        .collect();
    if away.len() == qualified.len() {
        NoTeacher::AllAway {
            subject: subject.id.clone(),
            away,
        }
    } else {
        NoTeacher::TeachingElsewhere {
            subject: subject.id.clone(),
        }
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

/// A tiny provider for the formulation's unit tests: one course of 18 trainees (so a
/// practical needs an instructor and an assistant, TRN-1) over three days in June
/// 2023: 12 hours of an online-allowed lecture, then 6 hours of practice.
#[cfg(test)]
mod tiny {
    use super::*;

    const MODEL: &str = r#"
name = "tiny provider"
kind = "training-provider"
fiscal_year = 2023
[site]
name = "tiny site"
[[classroom]]
id = "room-a"
name = "room A"
area_m2 = 33.0
[[staff]]
id = "m01"
name = "manager"
roles = ["training-manager"]
full_time = true
[[staff]]
id = "l01"
name = "liaison"
roles = ["liaison"]
full_time = true
[[staff]]
id = "j01"
name = "job-support manager"
roles = ["job-support-manager"]
full_time = true
qualifications = ["career-consultant"]
[[staff]]
id = "j02"
name = "job support"
roles = ["job-support"]
full_time = true
[[staff]]
id = "t01"
name = "instructor"
roles = ["instructor"]
full_time = true
subjects = ["basics", "practice"]
[[staff]]
id = "a01"
name = "assistant"
roles = ["assistant"]
[[course]]
id = "c1"
name = "course one"
field = "office"
trainees = 18
total_hours = 18
periods = [{ start = "09:30", end = "12:30" }, { start = "13:30", end = "16:30" }]
start_window = { from = "2023-06-05", to = "2023-06-09" }
online_hours = 6
[[course.subject]]
id = "basics"
name = "basics"
hours = 12
kind = "lecture"
online = true
[[course.subject]]
id = "practice"
name = "practice"
hours = 6
kind = "practical"
"#;

    /// The tiny model, with its course started on Monday 2023-06-05.
    pub(super) fn model_and_runs() -> (TrainingModel, Vec<CourseRun>) {
        let model =
            crate::input::training::parse_training(std::path::Path::new("tiny.toml"), MODEL)
                .unwrap_or_else(|e| panic!("tiny model: {e:?}"));
        let start = NaiveDate::from_ymd_opt(2023, 6, 5).unwrap_or(NaiveDate::MIN);
        let runs = vec![dt::run(&model, 0, start)];
        (model, runs)
    }

    /// The staff index of `id`.
    pub(super) fn who(model: &TrainingModel, id: &str) -> usize {
        model
            .staff
            .iter()
            .position(|s| s.id == id)
            .unwrap_or_else(|| panic!("no staff {id}"))
    }

    #[test]
    fn the_tiny_course_runs_three_days_of_two_periods() {
        let (_, runs) = model_and_runs();
        assert_eq!(runs[0].days.len(), 3);
        assert_eq!(runs[0].blocks.len(), 6);
    }
}
