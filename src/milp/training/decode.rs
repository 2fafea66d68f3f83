//! Reading stage 2's solved MILPs into the provider's plan rows: a pure function of
//! the variables and their values, so it is tested without a solver.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::staffing::{Slacks, Stage2Vars};
use super::{contacts, hours_of, round2, session_id, ymd, Values};
use crate::demand::training::{CourseRun, SessionKind};
use crate::model::training::*;
use crate::plan::cause::Cause;
use crate::plan::training::*;
use crate::plan::{Assignment, Violation};

/// Stage 2's values, one per MILP.
pub(super) struct Solved<'s> {
    pub(super) rooms: &'s dyn Values,
    pub(super) teaching: &'s dyn Values,
    pub(super) support: &'s dyn Values,
}

/// The plan's rows read from stage 2's values.
#[derive(Debug, Default)]
pub(super) struct Decoded {
    pub(super) courses: Vec<CourseRow>,
    pub(super) sessions: Vec<SessionRow>,
    pub(super) assignments: Vec<Assignment>,
    pub(super) violations: Vec<Violation>,
    pub(super) objective: TrainingObjectiveTerms,
}

/// Reads the plan: one violation per non-zero slack (in creation order; a session short
/// of its qualified instructor and of people is one, [`once_per_session`], while the
/// objective's violation term prices both slacks as the MILP did), then per
/// course its sessions (mode, room, staff), homeroom, training manager and liaison
/// (TRN-3), the job-support manager's on-site days (TRN-4), the interview (TRN-7) and
/// contacts (TRN-10), and its course row; last the objective's terms.
pub(super) fn decode(
    model: &TrainingModel,
    runs: &[CourseRun],
    vars: &Stage2Vars,
    slacks: &Slacks,
    sol: &Solved,
) -> Decoded {
    let mut out = Decoded::default();
    let mut slack_cost = 0.0;
    for (slack, values) in [
        (&slacks.rooms, sol.rooms),
        (&slacks.teaching, sol.teaching),
        (&slacks.support, sol.support),
    ] {
        let found = slack.decode(|v| values.value(v));
        slack_cost += found.cost;
        out.violations.extend(found.violations);
    }
    once_per_session(&mut out.violations);
    for run in runs {
        let online_hours = sessions(model, run, vars, sol, &mut out);
        course_roles(model, run, vars, sol, &mut out.assignments);
        let interview = interview(model, run, vars, sol, &mut out.assignments);
        follow_ups(model, run, vars, sol, &mut out.assignments);
        out.courses.push(course_row(
            &model.courses[run.course],
            run,
            interview,
            online_hours,
        ));
    }
    let w = &model.objective;
    let continuity_cost: f64 = vars
        .teaching
        .continuity
        .values()
        .filter(|v| sol.teaching.on(**v))
        .count() as f64
        * w.continuity;
    let room_cost: f64 = vars
        .rooms
        .off_home
        .iter()
        .map(|v| sol.rooms.value(*v))
        .sum::<f64>()
        * w.room_change;
    let fairness = sol.teaching.value(vars.teaching.busiest) * w.fairness;
    out.objective = TrainingObjectiveTerms {
        continuity: round2(continuity_cost),
        fairness: round2(fairness),
        room_changes: round2(room_cost),
        violations: round2(slack_cost),
        total: round2(continuity_cost + fairness + room_cost + slack_cost),
    };
    out
}

/// A session short of qualified instructors and of people is one finding, as the
/// check reports it (TRN-1): the first, which says why nobody qualified could teach,
/// stands for both. Other findings are kept as they are, in order.
fn once_per_session(violations: &mut Vec<Violation>) {
    let mut short = BTreeSet::new();
    violations.retain(|v| {
        let session = matches!(
            v.cause.as_ref().map(|c| &c.cause),
            Some(Cause::FewQualifiedInstructors { .. } | Cause::TeachingRatioShort { .. })
        );
        !session || short.insert((v.rule, v.date.clone(), v.event_id.clone()))
    });
}

fn assign(
    model: &TrainingModel,
    out: &mut Vec<Assignment>,
    event: String,
    d: NaiveDate,
    s: usize,
    role: &str,
) {
    out.push(Assignment {
        event_id: event,
        date: ymd(d),
        staff_id: model.staff[s].id.clone(),
        role: role.into(),
    });
}

/// A course's session rows, with who teaches each (instructor if qualified for the
/// subject, TRN-2, else assistant, TRN-1); returns its online hours (TRN-9).
fn sessions(
    model: &TrainingModel,
    run: &CourseRun,
    vars: &Stage2Vars,
    sol: &Solved,
    out: &mut Decoded,
) -> u32 {
    let c = run.course;
    let course = &model.courses[c];
    let mut online_hours = 0;
    for (b, block) in run.blocks.iter().enumerate() {
        let is_online = vars
            .rooms
            .online
            .get(&(c, b))
            .is_some_and(|v| sol.rooms.on(*v));
        if is_online {
            online_hours += block.hours;
        }
        let room = if block.kind.on_site() && !is_online {
            (0..model.classrooms.len()).find(|&r| {
                vars.rooms
                    .rooms
                    .get(&(c, block.day, r))
                    .is_some_and(|v| sol.rooms.on(*v))
            })
        } else {
            None
        };
        let sid = session_id(course, block, run);
        let cr = room.map(|r| &model.classrooms[r]);
        out.sessions.push(SessionRow {
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
            room_seats: cr.map(|r| r.seats(model.rules.area_per_trainee_m2)),
            pcs: cr.map(|r| r.pcs),
            trainees: course.trainees,
        });
        if let Some(people) = vars.teaching.teach.get(&(c, b)) {
            for &(s, v, qualified) in people {
                if sol.teaching.on(v) {
                    let role = if qualified { "instructor" } else { "assistant" };
                    assign(
                        model,
                        &mut out.assignments,
                        sid.clone(),
                        block.date,
                        s,
                        role,
                    );
                }
            }
        }
    }
    online_hours
}

/// A course's people for its whole run: the homeroom instructor (TRN-1); the
/// provider's one training manager (TRN-3: fixed by the model, no variable); the
/// liaison on each day the course is at the site (TRN-3); the job-support manager on
/// each of those days they are on site (TRN-4).
fn course_roles(
    model: &TrainingModel,
    run: &CourseRun,
    vars: &Stage2Vars,
    sol: &Solved,
    out: &mut Vec<Assignment>,
) {
    let c = run.course;
    let course = &model.courses[c];
    let start = run.start();
    for s in 0..model.staff.len() {
        let homeroom = vars.teaching.homeroom.get(&(c, s));
        if homeroom.is_some_and(|v| sol.teaching.on(*v)) {
            let event = format!("homeroom-{}", course.id);
            assign(model, out, event, start, s, "homeroom");
        }
    }
    let manager = model
        .staff
        .iter()
        .position(|s| s.has(TrainingRole::TrainingManager));
    if let Some(m) = manager {
        let event = format!("training-manager-{}", course.id);
        assign(model, out, event, start, m, "training-manager");
    }
    let site: &[NaiveDate] = vars.support.site_days.get(&c).map_or(&[], Vec::as_slice);
    // TRN-3: the liaison (or a full-time cover) at the site on each of its site days.
    for &d in site {
        for s in 0..model.staff.len() {
            let here = vars.support.liaison.get(&(d, s));
            if here.is_some_and(|v| sol.support.on(*v)) {
                let event = format!("liaison-{}", course.id);
                assign(model, out, event, d, s, "liaison");
            }
        }
    }
    if let Some(m) = vars.support.jsm {
        for &d in site {
            if vars
                .support
                .on_site
                .get(&d)
                .is_some_and(|v| sol.support.on(*v))
            {
                let event = format!("on-site-{}", course.id);
                assign(model, out, event, d, m, "job-support-manager");
            }
        }
    }
}

/// A course's interview day and interviewers (TRN-7); returns the day.
fn interview(
    model: &TrainingModel,
    run: &CourseRun,
    vars: &Stage2Vars,
    sol: &Solved,
    out: &mut Vec<Assignment>,
) -> Option<NaiveDate> {
    let c = run.course;
    let support = &vars.support;
    let mut day = None;
    for &d in &run.interview_days {
        if support
            .interview_day
            .get(&(c, d))
            .is_some_and(|v| sol.support.on(*v))
        {
            day = Some(d);
            for &s in &support.interviewers {
                let x = support.interviewer.get(&(c, d, s));
                if x.is_some_and(|v| sol.support.on(*v)) {
                    let event = format!("interview-{}", model.courses[c].id);
                    assign(model, out, event, d, s, "interviewer");
                }
            }
        }
    }
    day
}

/// Who makes a course's completion survey and follow-ups (TRN-10).
fn follow_ups(
    model: &TrainingModel,
    run: &CourseRun,
    vars: &Stage2Vars,
    sol: &Solved,
    out: &mut Vec<Assignment>,
) {
    let c = run.course;
    for (k, (name, d)) in contacts(run).into_iter().enumerate() {
        for &s in &vars.support.job_support {
            let v = vars.support.follow.get(&(c, k, s));
            if v.is_some_and(|v| sol.support.on(*v)) {
                let event = format!("{name}-{}", model.courses[c].id);
                assign(model, out, event, d, s, "job-support");
            }
        }
    }
}

/// A course's row: its dates (TRN-6 deadline, TRN-7 interview, TRN-10 contacts) and
/// hours (TRN-8 workplace, TRN-9 online, TRN-11 internship).
fn course_row(
    course: &Course,
    run: &CourseRun,
    interview: Option<NaiveDate>,
    online_hours: u32,
) -> CourseRow {
    CourseRow {
        course_id: course.id.clone(),
        name: course.name.clone(),
        field: course.field.clone(),
        trainees: course.trainees,
        start: ymd(run.start()),
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
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashMap};

    use super::super::staffing::{Formulation, Stage2Vars};
    use super::super::tiny::{model_and_runs, who};
    use super::*;
    use crate::milp::lp::{Lp, Var};
    use crate::model::Rule;

    /// Sets each of `vars` to 1.
    fn on(values: &mut HashMap<Var, f64>, vars: impl IntoIterator<Item = Var>) {
        for v in vars {
            values.insert(v, 1.0);
        }
    }

    #[test]
    fn a_hand_made_solution_decodes_into_exactly_its_rows() {
        let (model, runs) = model_and_runs();
        let mut f = Formulation::new(&model, &runs);
        let (mut lp_r, mut lp_t, mut lp_s) = (Lp::new(), Lp::new(), Lp::new());
        let vars = Stage2Vars {
            rooms: f.rooms_and_modes(&mut lp_r),
            teaching: f.teaching(&mut lp_t),
            support: f.job_support(&mut lp_s, &BTreeMap::new()),
        };
        let run = &runs[0];
        let [m01, l01, j01, j02, t01, a01] =
            ["m01", "l01", "j01", "j02", "t01", "a01"].map(|id| who(&model, id));
        let (mut rooms, mut teaching, mut support) =
            (HashMap::new(), HashMap::new(), HashMap::new());

        // Day 0 online (blocks 0 and 1); days 1 and 2 in room-a; one day counted off home.
        on(
            &mut rooms,
            [vars.rooms.online[&(0, 0)], vars.rooms.online[&(0, 1)]],
        );
        on(
            &mut rooms,
            [vars.rooms.rooms[&(0, 1, 0)], vars.rooms.rooms[&(0, 2, 0)]],
        );
        on(&mut rooms, [vars.rooms.off_home[1]]);
        // The TRN-9 slack (the first) at a half.
        assert_eq!(f.slacks.all()[0].1.rule, "TRN-9");
        rooms.insert(f.slacks.all()[0].0, 0.5);

        // t01 teaches everything, a01 assists in the practice (blocks 4, 5).
        for (b, people) in &vars.teaching.teach {
            for &(s, v, _) in people {
                if s == t01 || (s == a01 && b.1 >= 4) {
                    on(&mut teaching, [v]);
                }
            }
        }
        on(&mut teaching, vars.teaching.continuity.values().copied());
        on(&mut teaching, [vars.teaching.homeroom[&(0, t01)]]);
        teaching.insert(vars.teaching.busiest, 18.0);

        // On site on days 0 and 2; interview on the first possible day by m01 and j01;
        // j02 makes every contact.
        let (d0, d2) = (run.days[0].0, run.days[2].0);
        on(
            &mut support,
            [vars.support.on_site[&d0], vars.support.on_site[&d2]],
        );
        on(&mut support, vars.support.liaison.values().copied());
        let iday = run.interview_days[0];
        on(&mut support, [vars.support.interview_day[&(0, iday)]]);
        on(
            &mut support,
            [
                vars.support.interviewer[&(0, iday, m01)],
                vars.support.interviewer[&(0, iday, j01)],
            ],
        );
        on(
            &mut support,
            (0..3).map(|k| vars.support.follow[&(0, k, j02)]),
        );

        let solved = Solved {
            rooms: &rooms,
            teaching: &teaching,
            support: &support,
        };
        let out = decode(&model, &runs, &vars, &f.slacks, &solved);

        let modes: Vec<(&str, &str)> = out
            .sessions
            .iter()
            .map(|s| (s.mode.as_str(), s.room.as_str()))
            .collect();
        let off = ("offline", "room-a");
        assert_eq!(modes, [("online", ""), ("online", ""), off, off, off, off]);
        assert_eq!(out.sessions[0].session_id, "c1-2023-06-05-1");
        assert_eq!(out.sessions[4].kind, "practical");

        let got: Vec<(String, String, String, String)> = out
            .assignments
            .iter()
            .map(|a| {
                (
                    a.event_id.clone(),
                    a.date.clone(),
                    a.staff_id.clone(),
                    a.role.clone(),
                )
            })
            .collect();
        let row = |e: &str, d: NaiveDate, s: usize, r: &str| {
            (
                e.to_string(),
                ymd(d),
                model.staff[s].id.clone(),
                r.to_string(),
            )
        };
        let mut want = Vec::new();
        for block in &run.blocks {
            let sid = session_id(&model.courses[0], block, run);
            // Staff are in id order (the model sorts them): a01 before t01.
            if block.kind == SessionKind::Practical {
                want.push(row(&sid, block.date, a01, "assistant"));
            }
            want.push(row(&sid, block.date, t01, "instructor"));
        }
        let start = run.start();
        want.push(row("homeroom-c1", start, t01, "homeroom"));
        want.push(row("training-manager-c1", start, m01, "training-manager"));
        for &(d, _) in &run.days {
            want.push(row("liaison-c1", d, l01, "liaison"));
        }
        want.push(row("on-site-c1", d0, j01, "job-support-manager"));
        want.push(row("on-site-c1", d2, j01, "job-support-manager"));
        want.push(row("interview-c1", iday, j01, "interviewer"));
        want.push(row("interview-c1", iday, m01, "interviewer"));
        want.push(row("completion-survey-c1", run.survey, j02, "job-support"));
        want.push(row("follow-up-1m-c1", run.follow_up_1m, j02, "job-support"));
        want.push(row("follow-up-3m-c1", run.follow_up_3m, j02, "job-support"));
        assert_eq!(got, want);

        let course = &out.courses[0];
        assert_eq!(course.online_hours, 6);
        assert_eq!(course.total_hours, 18);
        assert_eq!(course.interview_date, ymd(iday));
        assert_eq!(course.start, "2023-06-05");
        assert_eq!(course.end, "2023-06-07");

        let rules: Vec<Rule> = out.violations.iter().map(|v| v.rule).collect();
        assert_eq!(rules, [Rule::Trn9]);
        let w = &model.objective;
        let expected = TrainingObjectiveTerms {
            continuity: round2(2.0 * w.continuity),
            fairness: round2(18.0 * w.fairness),
            room_changes: round2(w.room_change),
            violations: round2(0.5 * w.violation),
            total: round2(
                2.0 * w.continuity + 18.0 * w.fairness + w.room_change + 0.5 * w.violation,
            ),
        };
        assert_eq!(out.objective, expected);
    }
}
