//! Stage 2's rule families on tiny models, and the decoder on hand-made solutions.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;

use super::decode::decode;
use super::formulation::{cover_needs, one_place_at_a_time, undated_days};
use super::teams::{two_per_municipality, Teams};
use super::{Ctx, Fixings, Job, JobNeed, Lp, Model, Part, Place, Reach, StaffingVars, Var, Who};
use crate::milp::SolveOptions;
use crate::model::Rule;
use crate::plan::Event;

pub(super) fn tiny() -> Model {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tiny.toml");
    crate::input::load_model(std::path::Path::new(path)).expect("the tiny fixture loads")
}

pub(super) fn staff(model: &Model, id: &str) -> usize {
    model
        .staff
        .iter()
        .position(|s| s.id == id)
        .expect("a staff member of the tiny fixture")
}

/// An event of kind `kind` in alpha's hall on `date` from `start` to `end`.
fn alpha_event(id: &str, date: NaiveDate, start: &str, end: &str, kind: &str) -> Event {
    Event {
        event_id: id.into(),
        date: date.to_string(),
        start: start.into(),
        end: end.into(),
        kind: kind.into(),
        municipality: "alpha".into(),
        venue: "alpha-hall".into(),
        room: "consultation".into(),
        room_capacity: Some(4),
        capacity: Some(5),
        seminar_type: String::new(),
        theme: String::new(),
        mode: String::new(),
        original_date: String::new(),
    }
}

/// Ten consultation days of alpha in August 2023 (CON-3), each `alpha-<date>`: the
/// small part the teams-first and search tests force onto their path.
pub(super) fn alpha_ten_days(model: &Model) -> Vec<Job> {
    [
        "2023-08-01",
        "2023-08-02",
        "2023-08-03",
        "2023-08-08",
        "2023-08-09",
        "2023-08-16",
        "2023-08-17",
        "2023-08-22",
        "2023-08-23",
        "2023-08-24",
    ]
    .iter()
    .map(|d| alpha_day(model, &format!("alpha-{d}"), d))
    .collect()
}

/// The part of alpha's ten days (`alpha_ten_days`) that holds alpha's team (CON-4).
pub(super) fn alpha_team_part(model: &Model, fix: &Fixings, reach: &Reach) -> Part {
    super::parts(model, &alpha_ten_days(model), fix, reach)
        .into_iter()
        .find(|p| !p.teams.is_empty())
        .expect("a part with teams")
}

/// A consultation day of alpha (municipality 0) needing one team consultant (CON-3).
pub(super) fn alpha_day(model: &Model, id: &str, date: &str) -> Job {
    let window = model.consultation.window;
    let date: NaiveDate = date.parse().expect("an ISO date");
    Job {
        event: alpha_event(id, date, "09:45", "16:15", "consultation"),
        date,
        window,
        place: Place::Municipality(0),
        needs: vec![JobNeed {
            rule: Rule::Con3,
            who: Who::TeamConsultant(0),
            role: "consultant",
            count: 1,
        }],
        free: None,
    }
}

/// A fresh solve's context (no relaxation) for `part`.
fn ctx<'a>(
    model: &'a Model,
    jobs: &'a [Job],
    fix: &'a Fixings,
    reach: &'a Reach,
    part: &'a Part,
) -> Ctx<'a> {
    Ctx::whole(model, jobs, fix, reach, part)
}

/// The rows of cover_needs, two_per_municipality and one_place_at_a_time for `part`.
fn formulate(lp: &mut Lp, cx: &Ctx) -> StaffingVars {
    let mut v = StaffingVars {
        teams: Teams::vars(lp, cx),
        ..StaffingVars::default()
    };
    cover_needs(lp, cx, &mut v);
    two_per_municipality(lp, cx, &mut v.teams, &mut v.slack, &v.history.team);
    one_place_at_a_time(lp, cx, &mut v);
    v
}

fn solve(lp: Lp) -> crate::milp::lp::LpSolution {
    lp.solve(&SolveOptions::default(), 30.0)
        .expect("HiGHS solves the tiny MILP")
}

/// `cx`'s part staffed by its constructive start alone (no time to solve), the start
/// given `guide` and `until`; the start keeps every rule.
fn start_alone(
    cx: &Ctx,
    guide: &crate::milp::GuideStaffing,
    until: Option<crate::milp::Deadline>,
) -> super::decode::Decoded {
    use super::warm_start::{warm_start, Start};
    let mut lp = Lp::new();
    let v = super::formulate(&mut lp, cx);
    let start = Start {
        guide,
        until,
        ..v.start(false)
    };
    warm_start(&mut lp, cx.model, cx.jobs, &v.xs, &start);
    let sol = lp
        .solve(&SolveOptions::default(), 0.0)
        .expect("the start stands in");
    let plan = decode(cx, &v, |var| sol.get(var));
    assert!(plan.violations.is_empty(), "{:?}", plan.violations);
    plan
}

#[test]
fn two_per_municipality_makes_teams_of_at_least_the_minimum() {
    let model = tiny();
    let (c1, c2) = (staff(&model, "c1"), staff(&model, "c2"));
    let fix = Fixings::default();
    let reach = Reach::of(&model);
    let part = Part {
        people: [c1, c2].into(),
        needs: BTreeSet::new(),
        teams: BTreeMap::from([(0, vec![c1, c2]), (1, vec![c1, c2])]),
        narrowing: None,
    };
    let cx = ctx(&model, &[], &fix, &reach, &part);
    let mut lp = Lp::new();
    let mut teams = Teams::vars(&mut lp, &cx);
    assert_eq!(
        teams.z.len(),
        4,
        "one membership variable per candidate and team"
    );
    let mut slack = crate::milp::slack::SlackRegistry::default();
    two_per_municipality(&mut lp, &cx, &mut teams, &mut slack, &BTreeSet::new());
    assert_eq!(
        teams.slack.len(),
        2,
        "one team-minimum row per municipality"
    );
    assert_eq!(
        slack.iter().count(),
        2,
        "each team minimum's slack is reported"
    );
    let sol = solve(lp);
    let members = teams.members(|v| sol.on(v));
    // Membership costs the team weight, so the solver takes exactly the minimum: alpha
    // (team_min 2) cannot be a one-person team, beta (team_min 1) has one.
    assert_eq!(members.iter().filter(|(_, m)| *m == 0).count(), 2);
    assert_eq!(members.iter().filter(|(_, m)| *m == 1).count(), 1);
    assert!([0, 1]
        .iter()
        .all(|&m| Teams::missing(&model, m, &members) == 0.0));
}

#[test]
fn one_place_at_a_time_leaves_the_second_overlapping_day_unstaffed() {
    let model = tiny();
    let c1 = staff(&model, "c1");
    let jobs = vec![
        alpha_day(&model, "con-alpha-a", "2023-05-10"),
        alpha_day(&model, "con-alpha-b", "2023-05-10"),
    ];
    let fix = Fixings::default();
    let reach = Reach::of(&model);
    // c1 alone, no team rows: only CON-6 keeps c1 off one of the two.
    let part = Part {
        people: [c1].into(),
        needs: [(0, 0), (1, 0)].into(),
        teams: BTreeMap::new(),
        narrowing: None,
    };
    let cx = ctx(&model, &jobs, &fix, &reach, &part);
    let mut lp = Lp::new();
    let v = formulate(&mut lp, &cx);
    assert_eq!(v.xs.len(), 2);
    assert_eq!(v.w_vars.len(), 1, "one worked-day variable for c1's day");
    let sol = solve(lp);
    let plan = decode(&cx, &v, |var| sol.get(var));
    assert_eq!(plan.assignments.len(), 1, "c1 is in one place at a time");
    assert_eq!(plan.violations.len(), 1);
    assert_eq!(plan.violations[0].rule, Rule::Con3);
}

/// Two consultants, one alpha day, and a solution given by hand as variable values.
fn hand_made() -> (Model, Vec<Job>, Part) {
    let model = tiny();
    let (c1, c2) = (staff(&model, "c1"), staff(&model, "c2"));
    let jobs = vec![alpha_day(&model, "con-alpha-20230510", "2023-05-10")];
    let part = Part {
        people: [c1, c2].into(),
        needs: [(0, 0)].into(),
        teams: BTreeMap::from([(0, vec![c1, c2])]),
        narrowing: None,
    };
    (model, jobs, part)
}

/// Formulates the hand-made day and hands the context, the variables, c1 and c2 to
/// `check`.
fn with_hand_made(check: impl FnOnce(&Ctx, &StaffingVars, usize, usize)) {
    let (model, jobs, part) = hand_made();
    let (c1, c2) = (staff(&model, "c1"), staff(&model, "c2"));
    let (fix, reach) = (Fixings::default(), Reach::of(&model));
    let cx = ctx(&model, &jobs, &fix, &reach, &part);
    let mut lp = Lp::new();
    let v = formulate(&mut lp, &cx);
    check(&cx, &v, c1, c2);
}

#[test]
fn decode_reads_assignments_teams_and_a_short_team() {
    with_hand_made(|cx, v, c1, c2| {
        let model = cx.model;
        let x1 =
            v.xs.iter()
                .find(|x| x.staff == c1)
                .expect("c1 may staff alpha");
        // c1 staffs the day and is alpha's only team member: CON-3 holds, CON-4 does not.
        let values: HashMap<usize, f64> = [(x1.var.0, 1.0), (v.teams.z[&(c1, 0)].0, 1.0)].into();
        let plan = decode(cx, v, |var: Var| values.get(&var.0).copied().unwrap_or(0.0));
        assert_eq!(plan.assignments.len(), 1);
        assert_eq!(plan.assignments[0].staff_id, "c1");
        assert_eq!(plan.assignments[0].event_id, "con-alpha-20230510");
        assert_eq!(plan.assignments[0].role, "consultant");
        assert_eq!(plan.teams.len(), 1);
        assert_eq!(plan.teams[0].municipality, "alpha");
        assert_eq!((plan.kept, plan.added), (0, 1));
        let w = &model.objective;
        assert_eq!(plan.objective.continuity, w.team_member);
        assert_eq!(plan.objective.travel, x1.travel);
        assert_eq!(plan.objective.violations, w.violation);
        assert_eq!(plan.violations.len(), 1);
        assert_eq!(plan.violations[0].rule, Rule::Con4);
        assert_eq!(
            crate::report::labels::violation_text(
                crate::report::labels::Lang::En,
                &plan.violations[0]
            ),
            "alpha: team has 1 of at least 2 consultants; qualified consultants (CON-5): c1, c2"
        );
        assert!((plan.decided - (x1.cost + v.teams.cost[&(c1, 0)])).abs() < 1e-9);
        assert!(!plan.teams.iter().any(|t| t.staff_id == model.staff[c2].id));
    });
}

#[test]
fn decode_reports_an_unmet_need_with_its_rule() {
    with_hand_made(|cx, v, c1, c2| {
        let model = cx.model;
        // Nobody staffs the day (its slack is 1), both consultants are on the team.
        let (_, _, slack) = v.cover_slack[0];
        let values: HashMap<usize, f64> = [
            (slack.0, 1.0),
            (v.teams.z[&(c1, 0)].0, 1.0),
            (v.teams.z[&(c2, 0)].0, 1.0),
        ]
        .into();
        let plan = decode(cx, v, |var: Var| values.get(&var.0).copied().unwrap_or(0.0));
        assert!(plan.assignments.is_empty());
        assert_eq!(plan.teams.len(), 2);
        assert_eq!(plan.violations.len(), 1);
        assert_eq!(plan.violations[0].rule, Rule::Con3);
        assert_eq!(plan.violations[0].event_id, "con-alpha-20230510");
        let message = crate::report::labels::violation_text(
            crate::report::labels::Lang::En,
            &plan.violations[0],
        );
        assert!(
            message.starts_with("alpha 2023-05-10: 1 of 1 consultant missing; team members: c1 "),
            "{message}"
        );
        assert_eq!(plan.objective.violations, model.objective.violation);
        assert_eq!((plan.kept, plan.added), (0, 0));
    });
}

/// A job at alpha on `date` from `start` to `end` needing one receptionist; with
/// `free`, an undated stage-1 event that could be held on any of those dates.
fn reception_job(id: &str, date: &str, start: &str, end: &str, free: Option<&[&str]>) -> Job {
    let date: NaiveDate = date.parse().expect("an ISO date");
    let time = |t: &str| chrono::NaiveTime::parse_from_str(t, "%H:%M").expect("HH:MM");
    Job {
        event: alpha_event(id, date, start, end, "seminar"),
        date,
        window: crate::model::TimeWindow {
            start: time(start),
            end: time(end),
        },
        place: Place::Municipality(0),
        needs: vec![JobNeed {
            rule: Rule::Sem5,
            who: Who::Qual(crate::model::Qualification::Reception),
            role: "reception",
            count: 1,
        }],
        free: free.map(|dates| crate::milp::Free {
            of: crate::milp::FreeOf::Series(0),
            dates: dates
                .iter()
                .map(|d| d.parse().expect("an ISO date"))
                .collect(),
            places: vec![Place::Municipality(0)],
        }),
    }
}

/// A part of `people` and the first need of every job of `jobs`.
fn first_needs_of(jobs: &[Job], people: BTreeSet<usize>) -> Part {
    Part {
        people,
        needs: (0..jobs.len()).map(|j| (j, 0)).collect(),
        teams: BTreeMap::new(),
        narrowing: None,
    }
}

/// The least undated days the joint bound's relaxation counts for r1 when r1 must
/// staff every job of `jobs` (issue 20 part 4).
fn least_undated_days(jobs: &[Job]) -> f64 {
    let model = tiny();
    let r1 = staff(&model, "r1");
    let part = first_needs_of(jobs, [r1].into());
    let (fix, reach) = (Fixings::default(), Reach::of(&model));
    let cx = Ctx {
        relax: true,
        tight: true,
        ..ctx(&model, jobs, &fix, &reach, &part)
    };
    let mut lp = Lp::new();
    let mut v = StaffingVars {
        teams: Teams::vars(&mut lp, &cx),
        ..StaffingVars::default()
    };
    cover_needs(&mut lp, &cx, &mut v);
    let mut day_worked = one_place_at_a_time(&mut lp, &cx, &mut v);
    let free_days = undated_days(&mut lp, &cx, &mut v, &mut day_worked);
    let counted = lp.continuous(0.0, f64::INFINITY, 1.0);
    let days: good_lp::Expression = free_days.get(&r1).into_iter().flatten().cloned().sum();
    use good_lp::constraint;
    lp.add(constraint!(counted.1 >= days));
    let sol = solve(lp);
    for &(_, _, var) in &v.free_xs {
        assert!(sol.on(var), "r1 staffs every undated event");
    }
    sol.get(counted)
}

#[test]
fn undated_events_beside_work_that_covers_them_need_days_of_their_own() {
    let dates: &[&str] = &["2023-05-08", "2023-05-09", "2023-05-11"];
    // A dated office-like day (09:00-17:00) covers both undated events; the morning
    // and the afternoon event may share one day, but not the dated one (CON-6).
    let jobs = vec![
        reception_job("office", "2023-05-10", "09:00", "17:00", None),
        reception_job("morning", "2023-05-08", "10:00", "11:30", Some(dates)),
        reception_job("afternoon", "2023-05-09", "14:00", "16:00", Some(dates)),
    ];
    assert!((least_undated_days(&jobs) - 1.0).abs() < 1e-6);
    // Two afternoon events overlap: two days.
    let jobs = vec![
        reception_job("office", "2023-05-10", "09:00", "17:00", None),
        reception_job("afternoon-1", "2023-05-08", "13:00", "16:00", Some(dates)),
        reception_job("afternoon-2", "2023-05-09", "14:00", "16:00", Some(dates)),
    ];
    assert!((least_undated_days(&jobs) - 2.0).abs() < 1e-6);
    // Beside a dated morning only, the afternoon event may share its day: none.
    let jobs = vec![
        reception_job("office", "2023-05-10", "09:00", "12:00", None),
        reception_job("afternoon", "2023-05-09", "14:00", "16:00", Some(dates)),
    ];
    assert!(least_undated_days(&jobs).abs() < 1e-6);
}

/// Issue 20: the dates' guide starts from stage 1's first dates and places, staffed by
/// the constructive start: every undated event held where stage 1 put it (its place
/// variable, its people's legs there), its day counted once, and every row kept, so
/// HiGHS takes the start as it is.
#[test]
fn the_guides_start_holds_undated_events_where_stage_1_put_them_and_keeps_every_row() {
    let model = tiny();
    let (r1, r2) = (staff(&model, "r1"), staff(&model, "r2"));
    let dates: &[&str] = &["2023-05-08", "2023-05-09", "2023-05-11"];
    let places = vec![Place::Municipality(0), Place::Town(0)];
    let mut jobs = vec![
        reception_job("office", "2023-05-10", "09:00", "12:00", None),
        reception_job("morning", "2023-05-08", "10:00", "11:30", Some(dates)),
        reception_job("afternoon", "2023-05-10", "14:00", "16:00", Some(dates)),
        // Two dated desks at alpha on the morning's day: r1 (at home in alpha) takes
        // both, and r2 (at home in gamma) is on that day only for the morning, held in
        // gamma, with a worked-day variable over the two desks that must stay 0.
        reception_job("desk-a", "2023-05-08", "13:00", "14:00", None),
        reception_job("desk-b", "2023-05-08", "14:30", "15:30", None),
    ];
    // Both undated events may be at either place; stage 1 put the morning in gamma.
    for job in &mut jobs[1..3] {
        if let Some(f) = &mut job.free {
            f.places = places.clone();
        }
    }
    jobs[1].place = Place::Town(0);
    let part = first_needs_of(&jobs, [r1, r2].into());
    let (fix, reach) = (Fixings::default(), Reach::of(&model));
    let cx = Ctx {
        relax: true,
        ..ctx(&model, &jobs, &fix, &reach, &part)
    };
    let mut lp = Lp::new();
    let v = super::formulate(&mut lp, &cx);
    assert_eq!(v.place_of.len(), 2, "both undated events choose a place");
    assert!(
        !v.part_day.is_empty(),
        "the afternoon can share the office's day"
    );
    let day = "2023-05-08".parse().expect("a date");
    assert!(
        v.w_vars.contains_key(&(r2, day)),
        "r2 has two desks to choose from"
    );
    super::guide_start(&mut lp, &cx, &v, crate::milp::Deadline::after(60.0));
    let start = lp.sound_start().expect("the guide's start keeps every row");
    assert!(start.penalties.abs() < 1e-9, "every need is filled");
    for (&ji, at) in &v.place_of {
        for &(pl, u) in at {
            assert_eq!(
                lp.hint_of(u) > 0.5,
                pl == jobs[ji].place,
                "{}",
                jobs[ji].event.event_id
            );
        }
    }
    for ji in [1, 2] {
        let on = v
            .free_xs
            .iter()
            .filter(|x| x.0 == ji && lp.hint_of(x.2) > 0.5)
            .count();
        assert_eq!(
            on, 1,
            "{} has its one receptionist",
            jobs[ji].event.event_id
        );
    }
    let on_morning: Vec<usize> = v
        .free_xs
        .iter()
        .filter(|x| x.0 == 1 && lp.hint_of(x.2) > 0.5)
        .map(|x| x.1)
        .collect();
    assert_eq!(on_morning, vec![r2], "r2 holds the morning in gamma");
    assert!(
        lp.hint_of(v.w_vars[&(r2, day)]) < 0.5,
        "r2 works no desk that day"
    );
}

// --- Issue 20 part 5: the warm start lifts people far below their contract floor. ---

/// Alpha's eight Mondays and Thursdays from 2023-05-08, one team consultant each
/// (CON-3), for c1 (who lives in alpha) and c2 (who lives in gamma and must join
/// alpha's team, CON-4, to work at all).
#[test]
fn warm_start_gives_a_consultant_far_below_their_floor_days() {
    use super::warm_start::warm_start;
    let model = tiny();
    let (c1, c2) = (staff(&model, "c1"), staff(&model, "c2"));
    let (jobs, part) = alpha_fairness_part(&model, c1, c2);
    let (fix, reach) = (Fixings::default(), Reach::of(&model));
    let cx = ctx(&model, &jobs, &fix, &reach, &part);
    let mut lp = Lp::new();
    let v = super::formulate(&mut lp, &cx);
    let share = |p: usize| {
        v.fair_groups
            .iter()
            .flat_map(|(members, _)| members.iter())
            .find(|s| s.person == p)
            .map(|s| (s.far_line, s.floor))
            .expect("both consultants have a fair share")
    };
    let (far_line, floor) = share(c2);
    assert!(
        far_line > 0.0,
        "c2 has a contract floor in these eight days"
    );
    warm_start(&mut lp, &model, &jobs, &v.xs, &v.start(false));
    // No time to solve: the result is the start itself.
    let sol = lp
        .solve(&SolveOptions::default(), 0.0)
        .expect("the start stands in");
    let plan = decode(&cx, &v, |var| sol.get(var));
    assert!(plan.violations.is_empty(), "{:?}", plan.violations);
    assert_eq!(plan.assignments.len(), jobs.len(), "every day is staffed");
    let days = |id: &str| plan.assignments.iter().filter(|a| a.staff_id == id).count() as f64;
    // c1 is every day's cheapest candidate (no travel, already on the team), so the
    // greedy alone gave c2 nothing, far below their floor.
    assert!(
        days("c2") >= far_line && days("c2") >= floor.floor(),
        "c2 works {} days (far line {far_line}, floor {floor})",
        days("c2")
    );
    assert!(days("c1") >= share(c1).1.floor(), "c1 keeps their floor");
    assert!(plan.teams.iter().any(|t| t.staff_id == "c2"));
}

// --- Issue 20 part 5: no team, no team days (the whole-year bound's rows). ---

/// Alpha's eight days of [`warm_start_gives_a_consultant_far_below_their_floor_days`]
/// staffed with the fairness term, with or without [`no_team_no_days`]'s rows and
/// with or without c2 kept off alpha's team: (real objective, c2's far-tier days,
/// c2's far line).
fn alpha_fairness(with_rows: bool, c2_off: bool) -> (f64, f64, f64) {
    use super::formulation::no_team_no_days;
    use good_lp::constraint;
    let model = tiny();
    let (c1, c2) = (staff(&model, "c1"), staff(&model, "c2"));
    let (jobs, part) = alpha_fairness_part(&model, c1, c2);
    let (fix, reach) = (Fixings::default(), Reach::of(&model));
    let cx = ctx(&model, &jobs, &fix, &reach, &part);
    let mut lp = Lp::new();
    let v = super::formulate(&mut lp, &cx);
    if with_rows {
        no_team_no_days(&mut lp, &cx, &v);
    }
    if c2_off {
        let z = v.teams.z[&(c2, 0)];
        lp.add(constraint!(z.1 == 0.0));
    }
    let share = v
        .fair_groups
        .iter()
        .flat_map(|(members, _)| members.iter())
        .find(|s| s.person == c2)
        .map(|s| (s.far, s.far_line))
        .expect("c2 has a fair share");
    let sol = solve(lp);
    (sol.real, sol.get(share.0), share.1)
}

/// The rows are valid (the optimum is the same with them) and tight where they bind
/// (kept off the team, c2 works no day: the far tier is the whole far line, exactly
/// what the k = 0 row asks).
#[test]
fn no_team_no_days_keeps_the_optimum_and_binds_without_a_team() {
    let (without, _, _) = alpha_fairness(false, false);
    let (with, _, _) = alpha_fairness(true, false);
    assert!(
        (without - with).abs() < 1e-6,
        "the rows cut off the optimum: {without} without, {with} with"
    );
    let (_, far, far_line) = alpha_fairness(true, true);
    assert!(far_line > 0.0, "c2 has a far line in these eight days");
    assert!(
        (far - far_line).abs() < 1e-6,
        "off the team c2 is far short by the whole line: {far} against {far_line}"
    );
}

/// Eight consultation days of alpha in May and June with c1 and c2 its team (CON-4):
/// the part the fairness tests staff with every rule family (`super::formulate`).
fn alpha_fairness_part(model: &Model, c1: usize, c2: usize) -> (Vec<Job>, Part) {
    let dates = [
        "2023-05-08",
        "2023-05-11",
        "2023-05-15",
        "2023-05-18",
        "2023-05-22",
        "2023-05-25",
        "2023-05-29",
        "2023-06-01",
    ];
    let jobs: Vec<Job> = dates
        .iter()
        .map(|d| alpha_day(model, &format!("con-alpha-{}", d.replace('-', "")), d))
        .collect();
    let part = Part {
        people: [c1, c2].into(),
        needs: (0..jobs.len()).map(|j| (j, 0)).collect(),
        teams: BTreeMap::from([(0, vec![c1, c2])]),
        narrowing: None,
    };
    (jobs, part)
}

/// The dates' guide's staffing of the fixed-date events is the start's first choice
/// wherever it fits: alpha's eight days of
/// [`warm_start_gives_a_consultant_far_below_their_floor_days`], which the guide gave
/// c2 and c1 in turn, start as the guide had them, where the greedy alone starts
/// otherwise; every day stays staffed and every rule kept.
#[test]
fn warm_start_takes_the_dates_guides_people_first() {
    let model = tiny();
    let (c1, c2) = (staff(&model, "c1"), staff(&model, "c2"));
    let (jobs, part) = alpha_fairness_part(&model, c1, c2);
    let (fix, reach) = (Fixings::default(), Reach::of(&model));
    let cx = ctx(&model, &jobs, &fix, &reach, &part);
    let mut guide = crate::milp::GuideStaffing::default();
    for (j, job) in jobs.iter().enumerate() {
        let p = if j % 2 == 0 { c2 } else { c1 };
        guide
            .fixed
            .insert(job.event.event_id.clone(), BTreeSet::from([(0, p)]));
    }
    let start_with = |guide: &crate::milp::GuideStaffing| {
        let plan = start_alone(&cx, guide, None);
        let mut by_day: Vec<(String, String)> = plan
            .assignments
            .iter()
            .map(|a| (a.event_id.clone(), a.staff_id.clone()))
            .collect();
        by_day.sort();
        by_day
    };
    let guided = start_with(&guide);
    let wanted: Vec<(String, String)> = jobs
        .iter()
        .enumerate()
        .map(|(j, job)| {
            let id = if j % 2 == 0 { "c2" } else { "c1" };
            (job.event.event_id.clone(), id.to_string())
        })
        .collect();
    assert_eq!(guided, wanted, "the start is the guide's staffing");
    assert_ne!(
        start_with(&crate::milp::NO_GUIDE),
        wanted,
        "the greedy alone starts otherwise"
    );
}

/// The guide's undated events are counted per quota or series and place: each person
/// as many events there as the guide gave them (`GuideStaffing::of`).
#[test]
fn the_guides_undated_people_count_their_events_per_place() {
    use crate::milp::{DatePrefs, FreeOf, GuideStaffing};
    let mut prefs = DatePrefs::default();
    let (alpha, beta) = (Place::Municipality(0), Place::Municipality(1));
    let q = FreeOf::Seminar(0);
    prefs.held.insert((q, 3), vec![(alpha, vec![7])]);
    prefs.held.insert((q, 4), vec![(alpha, vec![7, 8])]);
    prefs.held.insert((q, 5), vec![(beta, vec![8])]);
    prefs
        .staffed
        .insert("con-alpha".into(), BTreeSet::from([(0, 2)]));
    let g = GuideStaffing::of(prefs.clone());
    let at = |place: (u8, usize), p: usize| g.undated.get(&(q, place, p)).copied();
    assert_eq!((at((0, 0), 7), at((0, 0), 8)), (Some(2), Some(1)));
    assert_eq!((at((0, 1), 7), at((0, 1), 8)), (None, Some(1)));
    assert_eq!(g.undated.len(), 3);
    assert_eq!(g.fixed, prefs.staffed);
}

/// A re-plan's fixings as of 2 May 2023 with `baseline`'s assignments (event id,
/// person), each change at weight 1.
fn replanned_on_2_may(baseline: std::collections::HashSet<(String, usize)>) -> Fixings {
    Fixings {
        frozen_before: NaiveDate::from_ymd_opt(2023, 5, 2),
        baseline,
        change_weight: 1.0,
        ..Fixings::default()
    }
}

/// A re-plan's start keeps on a municipality's team whoever staffed one of its days in
/// the frozen past (CON-4 holds for the whole year): a re-plan of 24 copies whose
/// parts ran out of time kept their starts, which had dropped 55 such members, and the
/// check found their past days off the team while the re-plan said every rule held.
#[test]
fn a_replans_start_keeps_the_pasts_team_members() {
    use super::warm_start::warm_start;
    let model = tiny();
    let (c1, c2, c3) = (
        staff(&model, "c1"),
        staff(&model, "c2"),
        staff(&model, "c3"),
    );
    let (mut jobs, mut part) = alpha_fairness_part(&model, c1, c2);
    // c3 consulted at alpha on 1 May, before the re-plan's as_of.
    jobs.insert(0, alpha_day(&model, "con-alpha-20230501", "2023-05-01"));
    part.people = [c1, c2, c3].into();
    part.needs = (0..jobs.len()).map(|j| (j, 0)).collect();
    part.teams = BTreeMap::from([(0, vec![c1, c2, c3])]);
    let fix = replanned_on_2_may([("con-alpha-20230501".to_string(), c3)].into());
    let reach = Reach::of(&model);
    let cx = ctx(&model, &jobs, &fix, &reach, &part);
    let mut lp = Lp::new();
    let v = super::formulate(&mut lp, &cx);
    assert!(v.history.team.contains(&(c3, 0)), "c3 is on alpha's team");
    warm_start(&mut lp, &model, &jobs, &v.xs, &v.start(true));
    // No time to solve: the result is the start itself.
    let sol = lp
        .solve(&SolveOptions::default(), 0.0)
        .expect("the start stands in");
    let plan = decode(&cx, &v, |var| sol.get(var));
    assert!(
        plan.teams
            .iter()
            .any(|t| t.staff_id == "c3" && t.municipality == "alpha"),
        "{:?}",
        plan.teams
    );
    assert!(
        !plan.assignments.iter().any(|a| a.staff_id == "c3"),
        "c3 has no day after as_of in the start: the team keeps them for the past"
    );
    assert!(plan.violations.is_empty(), "{:?}", plan.violations);
}

/// A re-plan's start keeps every row of its MILP, so HiGHS takes it: the fairness rows
/// count the frozen past's days as worked, and the start's deviations now do too. It
/// counted its own days alone, so a person who had worked much before `as_of` sat above
/// the fair band in the rows but not in the start, and HiGHS refused every such start
/// (on 6 neighbouring copies, a re-plan cut short at 4 s then kept a FAIR-1 finding).
#[test]
fn a_replans_start_counts_the_pasts_days_for_fairness_and_keeps_every_row() {
    use super::warm_start::warm_start;
    let model = tiny();
    let (c1, c2) = (staff(&model, "c1"), staff(&model, "c2"));
    let (mut jobs, part) = alpha_fairness_part(&model, c1, c2);
    // c1 consulted at alpha on six days before the re-plan's as_of.
    let past = [
        "2023-04-03",
        "2023-04-06",
        "2023-04-10",
        "2023-04-13",
        "2023-04-17",
        "2023-04-20",
    ];
    let mut baseline = std::collections::HashSet::new();
    for (k, d) in past.iter().enumerate() {
        let id = format!("con-alpha-{}", d.replace('-', ""));
        jobs.insert(k, alpha_day(&model, &id, d));
        baseline.insert((id, c1));
    }
    let part = Part {
        needs: (0..jobs.len()).map(|j| (j, 0)).collect(),
        ..part
    };
    let fix = replanned_on_2_may(baseline);
    let reach = Reach::of(&model);
    let cx = ctx(&model, &jobs, &fix, &reach, &part);
    let mut lp = Lp::new();
    let v = super::formulate(&mut lp, &cx);
    assert_eq!(v.history.days.len(), past.len());
    warm_start(&mut lp, &model, &jobs, &v.xs, &v.start(true));
    let start = lp.sound_start().expect("the start keeps every row");
    let plan = decode(&cx, &v, |var| start.get(var));
    assert!(plan.violations.is_empty(), "{:?}", plan.violations);
}

/// A re-plan's start keeps the baseline's assignments first (`Start::keep`): two
/// consultation days at the same hours, A (whose baseline consultant has left) and B.
/// The greedy fills A first and gives it the person B had, so B changes too; kept
/// first, B keeps its consultant and only A changes. The cheaper start is HiGHS's.
#[test]
fn a_replans_start_keeps_the_baselines_assignments_first() {
    use super::warm_start::warm_start;
    let model = tiny();
    let (c1, c2) = (staff(&model, "c1"), staff(&model, "c2"));
    let (_, part) = alpha_fairness_part(&model, c1, c2);
    let jobs = vec![
        alpha_day(&model, "con-alpha-20230510-a", "2023-05-10"),
        alpha_day(&model, "con-alpha-20230510-b", "2023-05-10"),
    ];
    let part = Part {
        needs: [(0, 0), (1, 0)].into(),
        ..part
    };
    let reach = Reach::of(&model);
    let staffed = |fix: &Fixings, keep: bool| {
        let cx = ctx(&model, &jobs, fix, &reach, &part);
        let mut lp = Lp::new();
        let v = super::formulate(&mut lp, &cx);
        let start = v.start(true);
        warm_start(&mut lp, &model, &jobs, &v.xs, &start);
        if keep {
            super::keep_the_baseline_if_cheaper(&mut lp, &cx, &v, &start);
        }
        let sol = lp.sound_start().expect("the start keeps every row");
        let plan = decode(&cx, &v, |var| sol.get(var));
        assert!(plan.violations.is_empty(), "{:?}", plan.violations);
        let on = |e: &str| {
            plan.assignments
                .iter()
                .find(|a| a.event_id == e)
                .map(|a| a.staff_id.clone())
                .unwrap_or_default()
        };
        (on("con-alpha-20230510-a"), on("con-alpha-20230510-b"))
    };
    let fixings = |b: &str| {
        let p = staff(&model, b);
        Fixings {
            baseline: [("con-alpha-20230510-b".to_string(), p)].into(),
            baseline_roles: [("con-alpha-20230510-b".to_string(), p, "consultant".into())].into(),
            change_weight: 1000.0,
            ..Fixings::default()
        }
    };
    // Whom the greedy gives A when B's baseline consultant is the other one.
    let (first, _) = staffed(&fixings("c1"), false);
    let taken = if first == "c1" { "c1" } else { "c2" };
    let other = if taken == "c1" { "c2" } else { "c1" };
    // B had `taken`: the greedy gives A `taken` again, and B changes.
    let fix = fixings(taken);
    assert_eq!(staffed(&fix, false), (taken.into(), other.into()));
    // Kept first, B keeps `taken`; A, whose consultant left, takes the other.
    assert_eq!(staffed(&fix, true), (other.into(), taken.into()));
}

/// Issue 20, part 1: the start's improving moves stop at the run's deadline and keep
/// the rule-abiding roster they have: with the deadline already past, c2 (far below
/// their floor, [`warm_start_gives_a_consultant_far_below_their_floor_days`]) is not
/// lifted, and every day is still staffed within the rules.
#[test]
fn the_starts_improving_moves_stop_at_the_deadline() {
    let model = tiny();
    let (c1, c2) = (staff(&model, "c1"), staff(&model, "c2"));
    let (jobs, part) = alpha_fairness_part(&model, c1, c2);
    let (fix, reach) = (Fixings::default(), Reach::of(&model));
    let cx = ctx(&model, &jobs, &fix, &reach, &part);
    let days_of_c2 = |until: Option<crate::milp::Deadline>| {
        let plan = start_alone(&cx, &crate::milp::NO_GUIDE, until);
        assert_eq!(plan.assignments.len(), jobs.len(), "every day is staffed");
        plan.assignments
            .iter()
            .filter(|a| a.staff_id == "c2")
            .count()
    };
    let lifted = days_of_c2(Some(crate::milp::Deadline::after(60.0)));
    assert!(lifted > 0, "with time, c2 is lifted");
    assert_eq!(
        days_of_c2(Some(crate::milp::Deadline::after(0.0))),
        0,
        "out of time, the greedy's roster stands"
    );
}
