//! Stage 2 of the provider's year, with the start dates fixed: three MILPs built one
//! rule family at a time (rooms and modes; teaching; job support), in the order their
//! columns and rows reach HiGHS.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveTime};
use good_lp::{constraint, Expression};

use super::decode::{decode, Decoded, Solved};
use super::{
    cause_no_teacher, contacts, one_place, session_id, suitable, tag, worst_gap, Keep, Timed,
    Values,
};
use crate::demand::training as dt;
use crate::demand::training::{Block, CourseRun, DayKind, SessionKind};
use crate::milp::lp::{sum, Lp, SolveError, SolveOptions, Var};
use crate::milp::slack::{SlackRegistry, SlackTag};
use crate::milp::{worst, Deadline};
use crate::model::training::*;
use crate::model::Rule;
use crate::plan::cause::Cause;
use crate::plan::SolveStatus;

/// Stage 2's result: the plan's rows, and the worst status and gap of its MILPs.
pub(super) struct Staffed {
    pub(super) plan: Decoded,
    pub(super) status: SolveStatus,
    pub(super) gap: Option<f64>,
}

/// Which of stage 2's MILPs a slack belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Part {
    Rooms,
    Teaching,
    Support,
}

/// Stage 2's reported slack: one registry per MILP, each in creation order.
#[derive(Default)]
pub(super) struct Slacks {
    pub(super) rooms: SlackRegistry,
    pub(super) teaching: SlackRegistry,
    pub(super) support: SlackRegistry,
}

impl Slacks {
    /// The registry of `part`'s MILP.
    fn of(&mut self, part: Part) -> &mut SlackRegistry {
        match part {
            Part::Rooms => &mut self.rooms,
            Part::Teaching => &mut self.teaching,
            Part::Support => &mut self.support,
        }
    }

    /// Every slack, in the order the MILPs are built.
    #[cfg(test)]
    pub(super) fn all(&self) -> Vec<(Var, &SlackTag)> {
        (self.rooms.iter())
            .chain(self.teaching.iter())
            .chain(self.support.iter())
            .map(|(v, t)| (*v, t))
            .collect()
    }
}

/// Who may staff a session: (staff, var, qualified for the subject).
pub(super) type People = Vec<(usize, Var, bool)>;

/// Each person's timed commitments by date (CON-6 rows).
type TimedByDay = BTreeMap<(usize, NaiveDate), Vec<Timed>>;

/// The rooms-and-modes MILP's variables.
#[derive(Default)]
pub(super) struct RoomVars {
    /// (course, block) -> the session goes online (TRN-9).
    pub(super) online: BTreeMap<(usize, usize), Var>,
    /// (course, day, room) -> the course is in the room that day (TRN-5).
    pub(super) rooms: BTreeMap<(usize, usize, usize), Var>,
    /// One per classroom day: the day is outside the course's home room.
    pub(super) off_home: Vec<Var>,
}

/// The teaching MILP's variables.
pub(super) struct TeachingVars {
    /// (course, block) -> who may staff it (TRN-1, TRN-2).
    pub(super) teach: BTreeMap<(usize, usize), People>,
    /// (course, subject, staff) -> the person teaches the subject in the course at all.
    pub(super) continuity: BTreeMap<(usize, usize, usize), Var>,
    /// The busiest instructor's hours.
    pub(super) busiest: Var,
    /// (course, staff) -> the person is the course's homeroom instructor (TRN-1).
    pub(super) homeroom: BTreeMap<(usize, usize), Var>,
}

/// The job-support MILP's variables.
#[derive(Default)]
pub(super) struct SupportVars {
    /// The job-support manager (TRN-4), if the model has one.
    pub(super) jsm: Option<usize>,
    /// Date -> the job-support manager is on site (TRN-4).
    pub(super) on_site: BTreeMap<NaiveDate, Var>,
    /// Who may interview (TRN-7).
    pub(super) interviewers: Vec<usize>,
    /// (course, date) -> the course's interview is that day (TRN-7).
    pub(super) interview_day: BTreeMap<(usize, NaiveDate), Var>,
    /// (course, date, staff) -> the person interviews for the course that day (TRN-7).
    pub(super) interviewer: BTreeMap<(usize, NaiveDate, usize), Var>,
    /// Job-support manager and staff (TRN-10).
    pub(super) job_support: Vec<usize>,
    /// (course, contact, staff) -> the person makes that contact (TRN-10).
    pub(super) follow: BTreeMap<(usize, usize, usize), Var>,
    /// Course -> the days it is in the classroom at the site (TRN-3, TRN-4).
    pub(super) site_days: BTreeMap<usize, Vec<NaiveDate>>,
    /// (date, staff) -> the full-time liaison is at the site that day (TRN-3).
    pub(super) liaison: BTreeMap<(NaiveDate, usize), Var>,
}

/// Stage 2's variables, by MILP.
pub(super) struct Stage2Vars {
    pub(super) rooms: RoomVars,
    pub(super) teaching: TeachingVars,
    pub(super) support: SupportVars,
}

/// What every rule family reads, and the slack they collect (in creation order).
pub(super) struct Formulation<'a> {
    pub(super) model: &'a TrainingModel,
    pub(super) runs: &'a [CourseRun],
    pub(super) slacks: Slacks,
    /// Course -> the days it is in the classroom at the site (TRN-3, TRN-4): every
    /// classroom day until the rooms-and-modes MILP is solved, then the days with a
    /// session held offline ([`site_days`]).
    pub(super) site_days: BTreeMap<usize, Vec<NaiveDate>>,
    /// Course -> its interview day, announced with the application period that has
    /// opened by `as_of` (TRN-7: kept, never moved).
    pub(super) announced: BTreeMap<usize, NaiveDate>,
}

/// Stage 2: staffing, rooms, modes and course-level dates, with the dates fixed.
pub(super) fn staff(
    model: &TrainingModel,
    runs: &[CourseRun],
    opts: &SolveOptions,
    deadline: Deadline,
    keep: Option<&Keep>,
) -> Result<Staffed, SolveError> {
    let mut f = Formulation::new(model, runs);
    // Three independent MILPs: rooms and modes share no variable or row with
    // teaching; job support (on-site days, interviews, follow-ups) is solved last, with
    // the teaching plan as fixed commitments (no one in two places). Smaller problems
    // prove their gap much sooner than one joint model.
    let mut lp_r = Lp::new();
    let mut lp_t = Lp::new();
    let rooms = f.rooms_and_modes(&mut lp_r);
    let teaching = f.teaching(&mut lp_t);
    if let Some(k) = keep {
        f.keep_rooms_and_modes(&mut lp_r, &rooms, k);
        f.keep_teaching(&mut lp_t, &teaching, k);
    }
    // The three MILPs share what is left of the deadline, one after another.
    let sol_r = lp_r.solve(opts, deadline.remaining() / 3.0)?;
    f.site_days = site_days(runs, &rooms.online, &sol_r);
    if let Some(k) = keep {
        f.announced = announced(model, runs, k);
    }
    let sol_t = lp_t.solve(opts, deadline.remaining() / 2.0)?;
    let busy = teaching_commitments(runs, &teaching.teach, &sol_t);
    let mut lp_s = Lp::new();
    let support = f.job_support(&mut lp_s, &busy);
    if let Some(k) = keep {
        f.keep_job_support(&mut lp_s, &support, k);
    }
    let sol_s = lp_s.solve(opts, deadline.remaining())?;

    let vars = Stage2Vars {
        rooms,
        teaching,
        support,
    };
    let solved = Solved {
        rooms: &sol_r,
        teaching: &sol_t,
        support: &sol_s,
    };
    Ok(Staffed {
        plan: decode(model, runs, &vars, &f.slacks, &solved),
        status: worst(worst(sol_r.status, sol_t.status), sol_s.status),
        gap: worst_gap(&[sol_r.gap, sol_t.gap, sol_s.gap]),
    })
}

/// The days each course is in the classroom at the site (TRN-3, TRN-4): its dates
/// with a lecture or practical not held online (not internship, workplace or visit
/// days, not days wholly online), read from the solved rooms-and-modes MILP.
fn site_days(
    runs: &[CourseRun],
    online: &BTreeMap<(usize, usize), Var>,
    sol: &dyn Values,
) -> BTreeMap<usize, Vec<NaiveDate>> {
    let mut out = BTreeMap::new();
    for run in runs {
        let mut days: Vec<NaiveDate> = run
            .blocks
            .iter()
            .enumerate()
            .filter(|(b, block)| {
                block.kind.on_site() && !online.get(&(run.course, *b)).is_some_and(|v| sol.on(*v))
            })
            .map(|(_, block)| block.date)
            .collect();
        days.dedup();
        out.insert(run.course, days);
    }
    out
}

/// Every classroom day of each course (the site days before modes are known).
fn classroom_days_of(runs: &[CourseRun]) -> BTreeMap<usize, Vec<NaiveDate>> {
    runs.iter()
        .map(|run| {
            let days = run
                .days
                .iter()
                .filter(|(_, k)| *k == DayKind::Classroom)
                .map(|(d, _)| *d)
                .collect();
            (run.course, days)
        })
        .collect()
}

/// TRN-7: the interview days a re-plan must keep: the baseline's, for each course
/// whose application period (from the baseline's start) had opened by `as_of`.
fn announced(model: &TrainingModel, runs: &[CourseRun], k: &Keep) -> BTreeMap<usize, NaiveDate> {
    let mut out = BTreeMap::new();
    for run in runs {
        let id = &model.courses[run.course].id;
        if let (Some(&day), Some(&start)) = (k.interviews.get(id), k.starts.get(id)) {
            if dt::run(model, run.course, start).application_start <= k.as_of {
                out.insert(run.course, day);
            }
        }
    }
    out
}

/// Teaching commitments of the solved teaching MILP, fixed for the job-support part:
/// (staff, date) -> [(start, end)].
fn teaching_commitments(
    runs: &[CourseRun],
    teach: &BTreeMap<(usize, usize), People>,
    sol_t: &crate::milp::lp::LpSolution,
) -> BTreeMap<(usize, NaiveDate), Vec<(NaiveTime, NaiveTime)>> {
    let mut busy: BTreeMap<(usize, NaiveDate), Vec<(NaiveTime, NaiveTime)>> = BTreeMap::new();
    for ((c, b), people) in teach {
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
    busy
}

/// The peak of some loads (a soft fairness goal): a variable costing `weight` per unit,
/// at least each load.
fn fair_load(lp: &mut Lp, loads: &BTreeMap<usize, Expression>, weight: f64) -> Var {
    let peak = lp.continuous(0.0, 1e6, weight);
    for e in loads.values() {
        lp.add(constraint!(e.clone() <= peak.1));
    }
    peak
}

impl<'a> Formulation<'a> {
    pub(super) fn new(model: &'a TrainingModel, runs: &'a [CourseRun]) -> Self {
        Formulation {
            model,
            runs,
            slacks: Slacks::default(),
            site_days: classroom_days_of(runs),
            announced: BTreeMap::new(),
        }
    }

    /// Penalised slack in `[0, hi]` on `part`'s `lp`, standing for `tag`.
    fn slack(&mut self, part: Part, lp: &mut Lp, hi: f64, tag: SlackTag) -> Var {
        let var = lp.continuous(0.0, hi, self.model.objective.violation);
        self.slacks.of(part).add(var, tag)
    }

    /// The tag of a slack of `rule` for `cause`, at the violation weight.
    fn tag(&self, rule: Rule, cause: Cause) -> SlackTag {
        tag(rule, cause, self.model.objective.violation)
    }

    // ----- rooms and modes ----------------------------------------------------------------

    /// The rooms-and-modes MILP: online periods (TRN-9), then classrooms (TRN-5).
    pub(super) fn rooms_and_modes(&mut self, lp: &mut Lp) -> RoomVars {
        let mut vars = RoomVars {
            online: self.online_sessions(lp),
            ..RoomVars::default()
        };
        let by_date = self.classroom_days(lp, &mut vars);
        one_course_per_room(lp, &by_date);
        vars
    }

    /// TRN-9: which online-allowed periods go online; each course's online hours are
    /// the hours it plans (so in-person time stays what input validated against the
    /// 20 % share).
    pub(super) fn online_sessions(&mut self, lp: &mut Lp) -> BTreeMap<(usize, usize), Var> {
        let mut online = BTreeMap::new();
        for run in self.runs {
            let c = run.course;
            let course = &self.model.courses[c];
            let mut terms = Expression::from(0.0);
            for (b, block) in run.blocks.iter().enumerate() {
                let allowed = block
                    .subject
                    .is_some_and(|j| course.subjects[j].online && block.kind.on_site());
                if allowed {
                    let v = lp.binary(0.0);
                    terms += f64::from(block.hours) * v.1;
                    online.insert((c, b), v);
                }
            }
            let target = f64::from(course.online_hours);
            let id = format!("course-{}", course.id);
            let under = self.slack(
                Part::Rooms,
                lp,
                target,
                self.tag(
                    Rule::Trn9,
                    Cause::OnlineHoursShort {
                        course: course.id.clone(),
                        planned: course.online_hours,
                    },
                )
                .event(id),
            );
            lp.add(constraint!(terms + under.1 == target));
        }
        online
    }

    /// TRN-5: a course has a home room among those that fit it; each classroom day it
    /// is in one fitting, usable room (or online, TRN-9); a day outside the home room
    /// costs (few room changes), and a PC room used by a course without PCs costs a
    /// little (PC rooms are kept for courses that use them). Returns the room
    /// variables by (date, room) for [`one_course_per_room`].
    fn classroom_days(
        &mut self,
        lp: &mut Lp,
        vars: &mut RoomVars,
    ) -> BTreeMap<(NaiveDate, usize), Vec<Var>> {
        let model = self.model;
        let rules = &model.rules;
        let mut by_date: BTreeMap<(NaiveDate, usize), Vec<Var>> = BTreeMap::new();
        for run in self.runs {
            let c = run.course;
            let course = &model.courses[c];
            let suit = suitable(model, course);
            let home: Vec<(usize, Var)> = suit.iter().map(|&r| (r, lp.binary(0.0))).collect();
            if !home.is_empty() {
                lp.add(constraint!(sum(home.iter().map(|h| h.1)) == 1.0));
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
                    let v = lp.binary(if spare_pcs { 0.5 } else { 0.0 });
                    vars.rooms.insert((c, i, r), v);
                    by_date.entry((date, r)).or_default().push(v);
                    here.push((r, v));
                }
                if !here.is_empty() {
                    lp.add(constraint!(sum(here.iter().map(|h| h.1)) <= 1.0));
                }
                let cause = if suit.is_empty() {
                    Cause::NoClassroomFits {
                        course: course.id.clone(),
                        trainees: course.trainees,
                        pcs: course.uses_pcs,
                        area_per_trainee_m2: rules.area_per_trainee_m2,
                    }
                } else {
                    Cause::ClassroomsTaken {
                        course: course.id.clone(),
                    }
                };
                let miss = self.slack(
                    Part::Rooms,
                    lp,
                    1.0,
                    self.tag(Rule::Trn5, cause)
                        .on(Some(date))
                        .event(format!("course-{}", course.id)),
                );
                for (b, block) in run.blocks.iter().enumerate() {
                    if block.day != i || !block.kind.on_site() {
                        continue;
                    }
                    let mut e = sum(here.iter().map(|h| h.1)) + miss.1;
                    if let Some(o) = vars.online.get(&(c, b)) {
                        e += o.1;
                    }
                    lp.add(constraint!(e >= 1.0));
                    // TRN-5: a subject that needs a kind of room (care practicals in
                    // the care room) is held in one, online, or reported.
                    let Some(subject) = block.subject.map(|j| &course.subjects[j]) else {
                        continue;
                    };
                    if subject.room_kinds.is_empty() {
                        continue;
                    }
                    let cause = Cause::NoRoomOfKind {
                        course: course.id.clone(),
                        subject: subject.id.clone(),
                        kinds: subject.room_kinds.clone(),
                    };
                    // At most half a violation a day: a day in a room that fits the
                    // course but not the subject beats a day without a room.
                    let big =
                        model.objective.violation / (2.0 * course.periods.len().max(1) as f64);
                    let short = lp.continuous(0.0, 1.0, big);
                    let t = tag(Rule::Trn5, cause, big)
                        .on(Some(date))
                        .event(session_id(course, block, run));
                    let short = self.slacks.of(Part::Rooms).add(short, t);
                    let online = vars.online.get(&(c, b)).copied();
                    for &(r, x) in &here {
                        if model.classrooms[r].fit_for(subject) {
                            continue;
                        }
                        // In a room of another kind only online or as a reported breach.
                        match online {
                            Some(o) => lp.add(constraint!(x.1 <= short.1 + o.1)),
                            None => lp.add(constraint!(x.1 <= short.1)),
                        }
                    }
                }
                // Few room changes: a day outside the course's home room costs.
                let off = lp.continuous(0.0, 1.0, model.objective.room_change);
                for &(r, v) in &here {
                    if let Some(h) = home.iter().find(|h| h.0 == r) {
                        lp.add(constraint!(off.1 >= v.1 - h.1 .1));
                    }
                }
                vars.off_home.push(off);
            }
        }
        by_date
    }

    /// What a re-plan keeps of the baseline's modes and rooms: each choice it did not
    /// make costs ([`Keep::cost`]).
    fn keep_rooms_and_modes(&self, lp: &mut Lp, vars: &RoomVars, k: &Keep) {
        let model = self.model;
        for run in self.runs {
            let course = &model.courses[run.course];
            for (b, block) in run.blocks.iter().enumerate() {
                if let Some(v) = vars.online.get(&(run.course, b)) {
                    let sid = session_id(course, block, run);
                    lp.add_cost(*v, k.cost(block.date, k.online.contains(&sid)));
                }
            }
        }
        for (&(c, i, r), v) in &vars.rooms {
            let Some(run) = self.runs.iter().find(|x| x.course == c) else {
                continue;
            };
            let d = run.days[i].0;
            let key = (
                model.courses[c].id.clone(),
                d,
                model.classrooms[r].id.clone(),
            );
            lp.add_cost(*v, k.cost(d, k.rooms.contains(&key)));
        }
    }

    // ----- teaching -----------------------------------------------------------------------

    /// The teaching MILP: each session's staff (TRN-2, TRN-1), a fair load, homeroom
    /// instructors (TRN-1), one place at a time (CON-6).
    pub(super) fn teaching(&mut self, lp: &mut Lp) -> TeachingVars {
        let mut teach = BTreeMap::new();
        let mut continuity = BTreeMap::new();
        let mut load: BTreeMap<usize, Expression> = BTreeMap::new();
        let mut timed = TimedByDay::new();
        let mut taught: BTreeMap<(usize, usize, usize), Vec<Var>> = BTreeMap::new();
        for run in self.runs {
            let course = &self.model.courses[run.course];
            for (b, block) in run.blocks.iter().enumerate() {
                let Some((lead, total)) = instructors_needed(&self.model.rules, block, course)
                else {
                    continue;
                };
                let mut day = SessionBuild {
                    continuity: &mut continuity,
                    taught: &mut taught,
                    load: &mut load,
                    timed: &mut timed,
                };
                let people = self.session_candidates(lp, run, block, total > lead, &mut day);
                self.qualified_teachers(lp, run, block, lead, &people);
                self.teaching_ratio(lp, run, block, total, &people);
                teach.insert((run.course, b), people);
            }
        }
        // Fair load: the busiest instructor's hours.
        let busiest = fair_load(lp, &load, self.model.objective.fairness);
        // A (course, subject, instructor) pair is on only if the person teaches a
        // session of it: the homeroom rows below read these pairs.
        for (key, t) in &continuity {
            let sessions = taught.get(key).cloned().unwrap_or_default();
            lp.add(constraint!(t.1 <= sum(sessions)));
        }
        let homeroom = self.homeroom(lp, &continuity);
        self.one_homeroom_at_a_time(lp, &homeroom);
        one_place(lp, &timed);
        TeachingVars {
            teach,
            continuity,
            busiest,
            homeroom,
        }
    }

    /// Who may staff a session, each with a binary: people free that day who are
    /// qualified for its subject (TRN-2; for a visit, who teaches in the course), and,
    /// when the session needs more people than lead instructors, assistants (TRN-1).
    /// A qualified person's first period of a subject in the course costs (continuity);
    /// instructors' hours add to their load; every choice is a timed commitment (CON-6).
    fn session_candidates(
        &self,
        lp: &mut Lp,
        run: &CourseRun,
        block: &Block,
        needs_assistant: bool,
        day: &mut SessionBuild,
    ) -> People {
        let c = run.course;
        let course = &self.model.courses[c];
        let mut people = Vec::new();
        for (s, p) in self.model.staff.iter().enumerate() {
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
            let assists = needs_assistant && p.has(TrainingRole::Assistant);
            if !qualified && !assists {
                continue;
            }
            let v = lp.binary(0.0);
            if let Some(j) = block.subject.filter(|_| qualified) {
                let t = *day
                    .continuity
                    .entry((c, j, s))
                    .or_insert_with(|| lp.binary(self.model.objective.continuity));
                lp.add(constraint!(v.1 <= t.1));
                day.taught.entry((c, j, s)).or_default().push(v);
            }
            if p.has(TrainingRole::Instructor) {
                *day.load.entry(s).or_insert_with(|| Expression::from(0.0)) +=
                    f64::from(block.hours) * v.1;
            }
            day.timed.entry((s, block.date)).or_default().push(Timed {
                start: block.start,
                end: block.end,
                var: v,
            });
            people.push((s, v, qualified));
        }
        people
    }

    /// At least `lead` of the session's staff are instructors qualified for its subject
    /// (TRN-2; for a visit, instructors of the course). Short of them is a TRN-1 finding,
    /// as the check reads it: a session whose people hold no instructor's place lacks
    /// the instructors TRN-1 counts, and the plan never names an unqualified person
    /// instructor (TRN-2's own finding). With `teaching_ratio`'s slack on the same
    /// session, the plan reports the session once (`decode`).
    fn qualified_teachers(
        &mut self,
        lp: &mut Lp,
        run: &CourseRun,
        block: &Block,
        lead: u32,
        people: &People,
    ) {
        let course = &self.model.courses[run.course];
        let sid = session_id(course, block, run);
        let cause = cause_no_teacher(self.model, course, block);
        let short_lead = self.slack(
            Part::Teaching,
            lp,
            f64::from(lead),
            self.tag(
                Rule::Trn1,
                Cause::FewQualifiedInstructors {
                    session: sid.clone(),
                    lead,
                    why: cause,
                },
            )
            .on(Some(block.date))
            .event(sid),
        );
        lp.add(constraint!(
            sum(people.iter().filter(|p| p.2).map(|p| p.1)) + short_lead.1 >= f64::from(lead)
        ));
    }

    /// TRN-1: exactly `total` instructors and assistants staff the session (the ratio to
    /// the course's trainees).
    fn teaching_ratio(
        &mut self,
        lp: &mut Lp,
        run: &CourseRun,
        block: &Block,
        total: u32,
        people: &People,
    ) {
        let course = &self.model.courses[run.course];
        let sid = session_id(course, block, run);
        let short = self.slack(
            Part::Teaching,
            lp,
            f64::from(total),
            self.tag(
                Rule::Trn1,
                Cause::TeachingRatioShort {
                    session: sid.clone(),
                    total,
                    trainees: course.trainees,
                    kind: block.kind.id().into(),
                },
            )
            .on(Some(block.date))
            .event(sid),
        );
        lp.add(constraint!(
            sum(people.iter().map(|p| p.1)) + short.1 >= f64::from(total)
        ));
        lp.add(constraint!(
            sum(people.iter().map(|p| p.1)) <= f64::from(total)
        ));
    }

    /// TRN-1: each course has one full-time homeroom instructor, free on its first
    /// day, among the course's own instructors: the homeroom teaches at least one of
    /// its sessions (`continuity` holds the (course, subject, instructor) pairs taught).
    fn homeroom(
        &mut self,
        lp: &mut Lp,
        continuity: &BTreeMap<(usize, usize, usize), Var>,
    ) -> BTreeMap<(usize, usize), Var> {
        let model = self.model;
        let mut homeroom = BTreeMap::new();
        for run in self.runs {
            let c = run.course;
            let course = &model.courses[c];
            let start = run.start();
            let cands: Vec<usize> = (0..model.staff.len())
                .filter(|&s| {
                    let p = &model.staff[s];
                    p.has(TrainingRole::Instructor) && p.full_time && p.available(start)
                })
                .collect();
            let mut vars = Vec::new();
            for s in cands {
                let pairs: Vec<Var> = (0..course.subjects.len())
                    .filter_map(|j| continuity.get(&(c, j, s)).copied())
                    .collect();
                if pairs.is_empty() {
                    continue;
                }
                let v = lp.binary(0.0);
                lp.add(constraint!(v.1 <= sum(pairs)));
                homeroom.insert((c, s), v);
                vars.push(v);
            }
            let id = format!("homeroom-{}", course.id);
            let short = self.slack(
                Part::Teaching,
                lp,
                1.0,
                self.tag(
                    Rule::Trn1,
                    Cause::NoHomeroom {
                        course: course.id.clone(),
                    },
                )
                .on(Some(start))
                .event(id),
            );
            lp.add(constraint!(sum(vars) + short.1 == 1.0));
        }
        homeroom
    }

    /// TRN-1: one person is homeroom of one running course at a time.
    fn one_homeroom_at_a_time(&self, lp: &mut Lp, homeroom: &BTreeMap<(usize, usize), Var>) {
        for (a, ra) in self.runs.iter().enumerate() {
            for rb in self.runs.iter().skip(a + 1) {
                if ra.start() > rb.end() || rb.start() > ra.end() {
                    continue;
                }
                for s in 0..self.model.staff.len() {
                    if let (Some(x), Some(y)) =
                        (homeroom.get(&(ra.course, s)), homeroom.get(&(rb.course, s)))
                    {
                        lp.add(constraint!(x.1 + y.1 <= 1.0));
                    }
                }
            }
        }
    }

    /// What a re-plan keeps of the baseline's teaching and homerooms.
    fn keep_teaching(&self, lp: &mut Lp, vars: &TeachingVars, k: &Keep) {
        let model = self.model;
        for run in self.runs {
            let course = &model.courses[run.course];
            for (b, block) in run.blocks.iter().enumerate() {
                let sid = session_id(course, block, run);
                for &(s, v, _) in vars.teach.get(&(run.course, b)).into_iter().flatten() {
                    let key = (sid.clone(), block.date, model.staff[s].id.clone());
                    lp.add_cost(v, k.cost(block.date, k.assigned.contains(&key)));
                }
            }
            let hid = format!("homeroom-{}", course.id);
            for (s, p) in model.staff.iter().enumerate() {
                if let Some(v) = vars.homeroom.get(&(run.course, s)) {
                    let kept = k
                        .assigned
                        .iter()
                        .any(|(e, _, who)| e == &hid && who == &p.id);
                    lp.add_cost(*v, k.cost(run.start(), kept));
                }
            }
        }
    }

    // ----- job support --------------------------------------------------------------------

    /// The job-support MILP, with the teaching plan as fixed commitments (`busy`):
    /// the manager's on-site days (TRN-4), interviews (TRN-7), the completion survey
    /// and follow-ups (TRN-10), a fair share of that work, one place at a time (CON-6).
    pub(super) fn job_support(
        &mut self,
        lp: &mut Lp,
        busy: &BTreeMap<(usize, NaiveDate), Vec<(NaiveTime, NaiveTime)>>,
    ) -> SupportVars {
        let mut vars = SupportVars::default();
        let mut timed = TimedByDay::new();
        let mut load: BTreeMap<usize, Expression> = BTreeMap::new();
        self.job_support_on_site(lp, &mut vars);
        self.liaison_on_site(lp, &mut vars);
        self.interviews(lp, busy, &mut vars, &mut timed, &mut load);
        self.follow_ups(lp, &mut vars, &mut load);
        fair_load(lp, &load, 1.0);
        one_place(lp, &timed);
        vars
    }

    /// TRN-4: the job-support manager is on site on at least the model's share (50 %)
    /// of each course's classroom days at the site (not internship, workplace, visit
    /// or wholly online days: the duties are consultations with the trainees), and on
    /// at least one day of every fortnight of them (`job_support_manager_every_days`,
    /// 10: the course's site days cut in order into runs of 10, the last run shorter),
    /// so the share is spread through the course. An on-site day costs a little, so
    /// the manager is not kept on site beyond the rule. (The rule's other half, a
    /// qualified person among the job-support staff, is a fact of the model that no
    /// variable changes: input and `check::training` test it.)
    fn job_support_on_site(&mut self, lp: &mut Lp, vars: &mut SupportVars) {
        let model = self.model;
        vars.site_days = self.site_days.clone();
        let jsm = model
            .staff
            .iter()
            .position(|s| s.has(TrainingRole::JobSupportManager));
        if let Some(m) = jsm {
            for days in self.site_days.values() {
                for &d in days {
                    if model.staff[m].available(d) && !vars.on_site.contains_key(&d) {
                        vars.on_site.insert(d, lp.binary(0.5));
                    }
                }
            }
        }
        let every = model.rules.job_support_manager_every_days.max(1) as usize;
        let person = jsm.map_or("", |m| model.staff[m].id.as_str());
        for run in self.runs {
            let course = &model.courses[run.course];
            let site = self.site_days.get(&run.course).cloned().unwrap_or_default();
            let n = site.len() as f64;
            let need = (model.rules.job_support_manager_share * n - 1e-9)
                .ceil()
                .max(0.0);
            let days: Vec<Var> = site
                .iter()
                .filter_map(|d| vars.on_site.get(d).copied())
                .collect();
            let short = self.slack(
                Part::Support,
                lp,
                need,
                self.tag(
                    Rule::Trn4,
                    Cause::ManagerOnSiteShort {
                        course: course.id.clone(),
                        need,
                        days: site.len(),
                    },
                )
                .event(format!("on-site-{}", course.id))
                .person(jsm.map_or("", |m| model.staff[m].id.as_str())),
            );
            lp.add(constraint!(sum(days) + short.1 >= need));
            for fortnight in site.chunks(every) {
                let (Some(first), Some(last)) = (fortnight.first(), fortnight.last()) else {
                    continue;
                };
                let here: Vec<Var> = fortnight
                    .iter()
                    .filter_map(|d| vars.on_site.get(d).copied())
                    .collect();
                let cause = Cause::ManagerAbsentFortnight {
                    course: course.id.clone(),
                    from: first.to_string(),
                    to: last.to_string(),
                };
                let none = self.slack(
                    Part::Support,
                    lp,
                    1.0,
                    self.tag(Rule::Trn4, cause)
                        .on(Some(*first))
                        .event(format!("on-site-{}", course.id))
                        .person(person),
                );
                lp.add(constraint!(sum(here) + none.1 >= 1.0));
            }
        }
        vars.jsm = jsm;
    }

    /// TRN-3: a full-time liaison (常勤かつ常駐) is at the site on every day a course is
    /// held there: the model's first full-time liaison, or, when they are away,
    /// another full-time staff member with the liaison role (a cover costs a little,
    /// so the liaison of record is preferred). One of them a day is enough; a course
    /// day with none of them free is reported.
    fn liaison_on_site(&mut self, lp: &mut Lp, vars: &mut SupportVars) {
        let model = self.model;
        let liaisons: Vec<usize> = (0..model.staff.len())
            .filter(|&s| model.staff[s].has(TrainingRole::Liaison) && model.staff[s].full_time)
            .collect();
        let dates: std::collections::BTreeSet<NaiveDate> =
            self.site_days.values().flatten().copied().collect();
        for &d in &dates {
            let mut here = Vec::new();
            for (k, &s) in liaisons.iter().enumerate() {
                if model.staff[s].available(d) {
                    let v = lp.binary(if k == 0 { 0.0 } else { 1.0 });
                    vars.liaison.insert((d, s), v);
                    here.push(v);
                }
            }
            if here.len() > 1 {
                lp.add(constraint!(sum(here.iter().copied()) <= 1.0));
            }
        }
        let away: Vec<String> = liaisons
            .iter()
            .map(|&s| model.staff[s].id.clone())
            .collect();
        for run in self.runs {
            let course = &model.courses[run.course];
            let site = self.site_days.get(&run.course).cloned().unwrap_or_default();
            for d in site {
                let here: Vec<Var> = liaisons
                    .iter()
                    .filter_map(|&s| vars.liaison.get(&(d, s)).copied())
                    .collect();
                let cause = Cause::NoLiaison {
                    course: course.id.clone(),
                    away: away.clone(),
                };
                let none = self.slack(
                    Part::Support,
                    lp,
                    1.0,
                    self.tag(Rule::Trn3, cause)
                        .on(Some(d))
                        .event(format!("liaison-{}", course.id)),
                );
                lp.add(constraint!(sum(here) + none.1 >= 1.0));
            }
        }
    }

    /// TRN-7: one interview day per course, a business day strictly between the
    /// application deadline and the start (a day mid-way preferred), with at least the
    /// model's number of interviewers (training manager, job-support manager and
    /// staff) who are free and not teaching then.
    fn interviews(
        &mut self,
        lp: &mut Lp,
        busy: &BTreeMap<(usize, NaiveDate), Vec<(NaiveTime, NaiveTime)>>,
        vars: &mut SupportVars,
        timed: &mut TimedByDay,
        load: &mut BTreeMap<usize, Expression>,
    ) {
        let model = self.model;
        let rules = &model.rules;
        vars.interviewers = (0..model.staff.len())
            .filter(|&s| {
                let p = &model.staff[s];
                p.has(TrainingRole::TrainingManager)
                    || p.has(TrainingRole::JobSupportManager)
                    || p.has(TrainingRole::JobSupport)
            })
            .collect();
        for run in self.runs {
            let c = run.course;
            let course = &model.courses[c];
            let id = format!("interview-{}", course.id);
            // An announced day is kept (TRN-7): the only candidate while the course's
            // dates still allow it; otherwise the move is reported.
            let announced = self.announced.get(&c).copied();
            let mut candidates = run.interview_days.clone();
            match announced {
                Some(a) if candidates.contains(&a) => candidates = vec![a],
                Some(a) => {
                    let cause = Cause::AnnouncedInterviewMoved {
                        course: course.id.clone(),
                        date: a.to_string(),
                    };
                    // A fixed unit of slack: the move is a fact of the new dates.
                    let moved = lp.continuous(1.0, 1.0, model.objective.violation);
                    let t = self.tag(Rule::Trn7, cause).on(Some(a)).event(id.clone());
                    self.slacks.of(Part::Support).add(moved, t);
                }
                None => {}
            }
            let n = candidates.len();
            let mut days = Vec::new();
            for (k, &d) in candidates.iter().enumerate() {
                // A day in the middle of the gap leaves time to set up and to notify.
                let off_mid = (k as f64 - (n as f64 - 1.0) / 2.0).abs();
                let v = lp.binary(0.01 * off_mid);
                vars.interview_day.insert((c, d), v);
                days.push(v);
                let mut who = Vec::new();
                for &s in &vars.interviewers {
                    let teaching = busy.get(&(s, d)).is_some_and(|l| {
                        l.iter()
                            .any(|&(a, b)| a < rules.interview.end && rules.interview.start < b)
                    });
                    if !model.staff[s].available(d) || teaching {
                        continue;
                    }
                    let x = lp.binary(0.1);
                    lp.add(constraint!(x.1 <= v.1));
                    vars.interviewer.insert((c, d, s), x);
                    timed.entry((s, d)).or_default().push(Timed {
                        start: rules.interview.start,
                        end: rules.interview.end,
                        var: x,
                    });
                    *load.entry(s).or_insert_with(|| Expression::from(0.0)) += x.1;
                    who.push(x);
                }
                let short = self.slack(
                    Part::Support,
                    lp,
                    f64::from(rules.interviewers_min),
                    self.tag(
                        Rule::Trn7,
                        Cause::FewInterviewers {
                            course: course.id.clone(),
                            min: rules.interviewers_min,
                        },
                    )
                    .on(Some(d))
                    .event(id.clone()),
                );
                lp.add(constraint!(
                    sum(who) + short.1 >= f64::from(rules.interviewers_min) * v.1
                ));
            }
            if announced.is_some_and(|a| candidates == [a]) {
                // The announced day is held: too few interviewers there is reported
                // (the rows above), never a reason to drop or move it.
                lp.add(constraint!(sum(days) == 1.0));
                continue;
            }
            let none = self.slack(
                Part::Support,
                lp,
                1.0,
                self.tag(
                    Rule::Trn7,
                    Cause::NoInterviewDay {
                        course: course.id.clone(),
                    },
                )
                .on(Some(run.start()))
                .event(id.clone()),
            );
            lp.add(constraint!(sum(days) + none.1 == 1.0));
        }
    }

    /// TRN-10: one job-support person (manager or staff), free that day, makes each
    /// of a course's three contacts (completion survey, 1 and 3 months after).
    fn follow_ups(
        &mut self,
        lp: &mut Lp,
        vars: &mut SupportVars,
        load: &mut BTreeMap<usize, Expression>,
    ) {
        let model = self.model;
        vars.job_support = (0..model.staff.len())
            .filter(|&s| {
                let p = &model.staff[s];
                p.has(TrainingRole::JobSupportManager) || p.has(TrainingRole::JobSupport)
            })
            .collect();
        for run in self.runs {
            let c = run.course;
            let course = &model.courses[c];
            for (k, (name, d)) in contacts(run).into_iter().enumerate() {
                let mut who = Vec::new();
                for &s in &vars.job_support {
                    if !model.staff[s].available(d) {
                        continue;
                    }
                    let v = lp.binary(0.0);
                    vars.follow.insert((c, k, s), v);
                    *load.entry(s).or_insert_with(|| Expression::from(0.0)) += v.1;
                    who.push(v);
                }
                let id = format!("{name}-{}", course.id);
                let short = self.slack(
                    Part::Support,
                    lp,
                    1.0,
                    self.tag(
                        Rule::Trn10,
                        Cause::NoJobSupportFree {
                            contact: id.clone(),
                        },
                    )
                    .on(Some(d))
                    .event(id),
                );
                lp.add(constraint!(sum(who) + short.1 == 1.0));
            }
        }
    }

    /// What a re-plan keeps of the baseline's on-site days, interviews and contacts.
    fn keep_job_support(&self, lp: &mut Lp, vars: &SupportVars, k: &Keep) {
        let model = self.model;
        for (&d, v) in &vars.on_site {
            lp.add_cost(*v, k.cost(d, k.on_site.contains(&d)));
        }
        for (&(c, d), v) in &vars.interview_day {
            let kept = k.interviews.get(&model.courses[c].id) == Some(&d);
            lp.add_cost(*v, k.cost(d, kept));
        }
        for (&(d, s), v) in &vars.liaison {
            let kept = k.assigned.iter().any(|(e, day, who)| {
                *day == d && who == &model.staff[s].id && e.starts_with("liaison-")
            });
            lp.add_cost(*v, k.cost(d, kept));
        }
        for (&(c, d, s), v) in &vars.interviewer {
            let key = (
                format!("interview-{}", model.courses[c].id),
                d,
                model.staff[s].id.clone(),
            );
            lp.add_cost(*v, k.cost(d, k.assigned.contains(&key)));
        }
        for run in self.runs {
            let course = &model.courses[run.course];
            for (w, (name, d)) in contacts(run).into_iter().enumerate() {
                for (s, p) in model.staff.iter().enumerate() {
                    if let Some(v) = vars.follow.get(&(run.course, w, s)) {
                        let key = (format!("{name}-{}", course.id), d, p.id.clone());
                        lp.add_cost(*v, k.cost(d, k.assigned.contains(&key)));
                    }
                }
            }
        }
    }
}

/// What a session's candidates add to the teaching MILP's shared maps.
struct SessionBuild<'m> {
    continuity: &'m mut BTreeMap<(usize, usize, usize), Var>,
    /// (course, subject, staff) -> the person's session variables of that subject.
    taught: &'m mut BTreeMap<(usize, usize, usize), Vec<Var>>,
    load: &'m mut BTreeMap<usize, Expression>,
    timed: &'m mut TimedByDay,
}

/// TRN-1: (lead instructors, people in all) a session needs, by its kind and the
/// course's trainees; `None` for sessions away from the provider (workplace practice,
/// TRN-8; internship, TRN-11), which no one of the provider staffs.
fn instructors_needed(rules: &TrainingRules, block: &Block, course: &Course) -> Option<(u32, u32)> {
    Some(match block.kind {
        SessionKind::Lecture => rules.instructors_needed(SubjectKind::Lecture, course.trainees),
        SessionKind::Practical => rules.instructors_needed(SubjectKind::Practical, course.trainees),
        SessionKind::Visit => (1, 1),
        SessionKind::Workplace | SessionKind::Internship => return None,
    })
}

/// TRN-5: one course per room and date.
fn one_course_per_room(lp: &mut Lp, by_date: &BTreeMap<(NaiveDate, usize), Vec<Var>>) {
    for vars in by_date.values() {
        if vars.len() > 1 {
            lp.add(constraint!(sum(vars.iter().copied()) <= 1.0));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tiny::{model_and_runs, who};
    use super::*;

    fn solve(lp: Lp) -> crate::milp::lp::LpSolution {
        lp.solve(&SolveOptions::default(), 30.0)
            .unwrap_or_else(|e| panic!("solve: {e}"))
    }

    #[test]
    fn online_sessions_are_the_online_allowed_periods_and_meet_the_planned_hours_trn_9() {
        let (model, runs) = model_and_runs();
        let mut f = Formulation::new(&model, &runs);
        let mut lp = Lp::new();
        let online = f.online_sessions(&mut lp);
        // The four lecture periods allow online teaching; the practice does not.
        let keys: Vec<(usize, usize)> = online.keys().copied().collect();
        assert_eq!(keys, vec![(0, 0), (0, 1), (0, 2), (0, 3)]);
        assert_eq!(f.slacks.all().len(), 1);
        assert_eq!(f.slacks.all()[0].1.rule, "TRN-9");
        let sol = solve(lp);
        let hours: u32 = online
            .iter()
            .filter(|(_, v)| sol.on(**v))
            .map(|((_, b), _)| runs[0].blocks[*b].hours)
            .sum();
        assert_eq!(hours, 6);
        assert!(sol.get(f.slacks.all()[0].0) < 1e-6);
    }

    #[test]
    fn a_practical_for_eighteen_needs_the_instructor_and_the_assistant_trn_1_trn_2() {
        let (model, runs) = model_and_runs();
        let mut f = Formulation::new(&model, &runs);
        let mut lp = Lp::new();
        let t = f.teaching(&mut lp);
        // Per session: qualified instructors (TRN-2's people, short read as TRN-1) and
        // the ratio (TRN-1); then the homeroom (TRN-1).
        let rules: Vec<Rule> = f.slacks.all().iter().map(|s| s.1.rule).collect();
        assert_eq!(rules.len(), 6 * 2 + 1);
        assert_eq!(rules[..2], [Rule::Trn1, Rule::Trn1]);
        let sol = solve(lp);
        assert!(f.slacks.all().iter().all(|s| sol.get(s.0) < 1e-6));
        let (t01, a01) = (who(&model, "t01"), who(&model, "a01"));
        // Staff are in id order (the model sorts them).
        assert!(a01 < t01);
        for (b, block) in runs[0].blocks.iter().enumerate() {
            let mut on: Vec<usize> = t.teach[&(0, b)]
                .iter()
                .filter(|p| sol.on(p.1))
                .map(|p| p.0)
                .collect();
            on.sort();
            let want = if block.kind == SessionKind::Practical {
                vec![a01, t01]
            } else {
                vec![t01]
            };
            assert_eq!(on, want, "block {b}");
        }
        assert!(sol.on(t.homeroom[&(0, t01)]));
    }

    #[test]
    fn the_job_support_manager_is_on_site_half_the_days_rounded_up_trn_4() {
        let (model, runs) = model_and_runs();
        let mut f = Formulation::new(&model, &runs);
        let mut lp = Lp::new();
        let mut vars = SupportVars::default();
        f.job_support_on_site(&mut lp, &mut vars);
        assert_eq!(vars.jsm, Some(who(&model, "j01")));
        assert_eq!(vars.on_site.len(), 3);
        let sol = solve(lp);
        // 50 % of 3 days is 1.5: 2 days, and no more (an on-site day costs).
        assert_eq!(vars.on_site.values().filter(|v| sol.on(**v)).count(), 2);
        assert!(sol.get(f.slacks.all()[0].0) < 1e-6);
    }

    #[test]
    fn a_job_support_manager_on_leave_leaves_trn_4_slack_with_the_days_missing() {
        let (mut model, runs) = model_and_runs();
        let j01 = who(&model, "j01");
        model.staff[j01].leave = vec![crate::model::DateRange {
            from: runs[0].start(),
            to: runs[0].end(),
        }];
        let mut f = Formulation::new(&model, &runs);
        let mut lp = Lp::new();
        let mut vars = SupportVars::default();
        f.job_support_on_site(&mut lp, &mut vars);
        assert!(vars.on_site.is_empty());
        let sol = solve(lp);
        assert_eq!(f.slacks.all()[0].1.rule, "TRN-4");
        assert!((sol.get(f.slacks.all()[0].0) - 2.0).abs() < 1e-6);
    }

    #[test]
    fn each_contact_has_one_job_support_person_and_interviews_have_two_trn_7_trn_10() {
        let (model, runs) = model_and_runs();
        let mut f = Formulation::new(&model, &runs);
        let mut lp = Lp::new();
        let vars = f.job_support(&mut lp, &BTreeMap::new());
        let sol = solve(lp);
        assert!(f.slacks.all().iter().all(|s| sol.get(s.0) < 1e-6));
        for k in 0..3 {
            let n = vars
                .follow
                .iter()
                .filter(|((_, w, _), v)| *w == k && sol.on(**v))
                .count();
            assert_eq!(n, 1, "contact {k}");
        }
        let days: Vec<NaiveDate> = vars
            .interview_day
            .iter()
            .filter(|(_, v)| sol.on(**v))
            .map(|((_, d), _)| *d)
            .collect();
        assert_eq!(days.len(), 1);
        let interviewers = vars
            .interviewer
            .iter()
            .filter(|((_, d, _), v)| *d == days[0] && sol.on(**v))
            .count();
        assert_eq!(interviewers, 2);
    }
}
