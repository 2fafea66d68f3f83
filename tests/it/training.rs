//! The training-provider kind (TRN-*): the shipped Gifu model solves clean, every rule
//! catches a hand-broken plan, business-day deadlines across Golden Week and the
//! year-end closure, and bad input.

use std::path::PathBuf;
use std::sync::OnceLock;

use chrono::NaiveDate;
use roster::milp::SolveOptions;
use roster::model::training::TrainingModel;
use roster::model::Rule;
use roster::plan::training::TrainingPlan;
use roster::plan::Violation;

use super::support::*;

fn gifu_path() -> PathBuf {
    root().join("models/gifu-training-2023.toml")
}

fn gifu() -> (TrainingModel, String) {
    let text = std::fs::read_to_string(gifu_path()).expect("shipped model");
    let m = roster::input::training::parse_training(&gifu_path(), &text).expect("valid model");
    (m, text)
}

/// The shipped model solved once (library), shared by the tampering tests.
fn solved() -> &'static (TrainingModel, TrainingPlan) {
    static PLAN: OnceLock<(TrainingModel, TrainingPlan)> = OnceLock::new();
    PLAN.get_or_init(|| {
        let (m, text) = gifu();
        // A limit the shipped year never reaches on an idle machine: the plans the
        // tests compare must not depend on how busy the machine is.
        let plan = roster::solve_training(&m, &text, &unhurried()).expect("solves");
        (m, plan)
    })
}

/// Solve options that end on the gap, not on the clock (as `gifu_solve`'s 900 s).
fn unhurried() -> SolveOptions {
    SolveOptions {
        time_limit: 900.0,
        ..SolveOptions::default()
    }
}

/// The shipped model solved once through the CLI (`roster solve --out`, default
/// `--lang`), shared by the tests that read the folder; and what it printed.
pub fn gifu_solve() -> &'static (tempfile::TempDir, PathBuf, String) {
    static DIR: OnceLock<(tempfile::TempDir, PathBuf, String)> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("gifu");
        // A limit the shipped year never reaches (optimal in about 11 s): the plans
        // the tests compare must not depend on how busy the machine is.
        let o = roster_p(&[
            &"solve",
            &gifu_path(),
            &"--out",
            &out,
            &"--time-limit",
            &"900",
        ]);
        assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
        (dir, out, stdout(&o))
    })
}

/// The folder of [`gifu_solve`].
pub fn gifu_plan() -> &'static std::path::Path {
    &gifu_solve().1
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

/// Writes `plan` as a plan directory, reads it back and checks it: the checker works
/// from the files alone.
fn check_files(plan: &TrainingPlan) -> Vec<Violation> {
    let (m, _) = solved();
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("plan");
    let files = roster::report::training::render_files(plan);
    roster::report::plan::write_dir(&out, &files, false).expect("written");
    let back = roster::plan::training::read_training_dir(&out).expect("reads back");
    roster::check::training::check(m, &back)
}

/// A finding's key: (rule's text ID, date, event, person), in the files' order.
type Key = (&'static str, String, String, String);

/// Asserts that the findings are exactly `expected` (rule, date, event, person), as a
/// list: not merely that one of them has the rule.
fn assert_exact(found: &[Violation], expected: &[(Rule, &str, &str, &str)]) {
    let mut got: Vec<Key> = found
        .iter()
        .map(|v| {
            (
                v.rule.id(),
                v.date.clone(),
                v.event_id.clone(),
                v.staff_id.clone(),
            )
        })
        .collect();
    got.sort();
    let mut want: Vec<Key> = expected
        .iter()
        .map(|&(r, d, e, p)| (r.id(), d.into(), e.into(), p.into()))
        .collect();
    want.sort();
    assert_eq!(got, want, "{found:#?}");
}

fn course<'a>(plan: &'a mut TrainingPlan, id: &str) -> &'a mut roster::plan::training::CourseRow {
    plan.courses
        .iter_mut()
        .find(|c| c.course_id == id)
        .expect("course in plan")
}

#[test]
fn shipped_gifu_model_solves_clean_and_check_passes() {
    let out = gifu_plan();
    for f in [
        "courses.csv",
        "sessions.csv",
        "assignments.csv",
        "staff.csv",
        "violations.csv",
        "roster.json",
    ] {
        assert!(out.join(f).exists(), "{f} written");
    }
    let header = |f: &str| {
        let t = std::fs::read_to_string(out.join(f)).expect("file");
        assert!(t.starts_with('\u{feff}'), "{f} starts with a BOM");
        t.trim_start_matches('\u{feff}')
            .lines()
            .next()
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(header("courses.csv"), "course_id,name,field,trainees,start,end,application_deadline,interview_date,completion_survey,follow_up_1m,follow_up_3m,total_hours,online_hours,workplace_hours,internship_hours");
    assert_eq!(header("sessions.csv"), "session_id,course_id,date,start,end,hours,subject,type,mode,room,room_area_m2,room_seats,pcs,trainees");
    assert_eq!(header("assignments.csv"), "event_id,date,staff_id,role");
    assert_eq!(
        header("staff.csv"),
        "staff_id,name,roles,full_time,qualifications,subjects"
    );
    let c = roster_p(&[&"check", &gifu_path(), &out]);
    assert_eq!(c.status.code(), Some(0), "{}{}", stdout(&c), stderr(&c));
    // The same model solved by the library gives the same rows, byte for byte.
    let (_, plan) = solved();
    for (name, text) in roster::report::training::render_files(plan) {
        if name != "roster.json" {
            assert_eq!(
                std::fs::read(out.join(&name)).expect("file"),
                text,
                "{name} repeatable"
            );
        }
    }
}

#[test]
fn shipped_plan_covers_the_issue_requirements() {
    let (m, plan) = solved();
    assert!(plan.violations.is_empty(), "{:?}", plan.violations);
    assert!(plan.courses.len() >= 6);
    let fields: std::collections::BTreeSet<&str> =
        plan.courses.iter().map(|c| c.field.as_str()).collect();
    assert!(fields.len() >= 3, "{fields:?}");
    assert!(plan
        .courses
        .iter()
        .any(|c| c.internship_hours > 0 && c.field == "digital"));
    assert!(plan.courses.iter().any(|c| c.online_hours > 0));
    assert!(plan.sessions.iter().any(|s| s.kind == "visit"));
    assert!((2..=3).contains(&m.classrooms.len()));
    let instructors = m
        .staff
        .iter()
        .filter(|s| s.has(roster::model::training::TrainingRole::Instructor))
        .count();
    assert!((8..=12).contains(&instructors), "{instructors} instructors");
    // A practical session of more than 15 trainees has two people (TRN-1).
    let big = plan
        .sessions
        .iter()
        .find(|s| s.kind == "practical" && s.trainees > 15)
        .expect("large practical");
    let people = plan
        .assignments
        .iter()
        .filter(|a| a.event_id == big.session_id)
        .count();
    assert_eq!(people, 2, "{}", big.session_id);
    // Every training day is a business day (CAL-6).
    for s in &plan.sessions {
        assert!(
            roster::calendar::is_business_day(&m.closures, d(&s.date)),
            "{}",
            s.session_id
        );
    }
}

#[test]
fn ratio_one_short_is_caught_trn_1() {
    let (_, plan) = solved();
    let mut p = plan.clone();
    let big = p
        .sessions
        .iter()
        .find(|s| s.kind == "practical" && s.trainees > 15)
        .expect("large practical")
        .session_id
        .clone();
    let i = p
        .assignments
        .iter()
        .position(|a| a.event_id == big)
        .expect("someone teaches it");
    p.assignments.remove(i);
    let found = check_files(&p);
    let date = p
        .sessions
        .iter()
        .find(|s| s.session_id == big)
        .map(|s| s.date.clone())
        .unwrap_or_default();
    assert_exact(&found, &[(Rule::Trn1, &date, &big, "")]);
}

#[test]
fn unqualified_instructor_is_caught_trn_2() {
    let (_, plan) = solved();
    let mut p = plan.clone();
    // programming requires fundamental-it-engineer; the care instructor t05 has not.
    let s = p
        .sessions
        .iter()
        .find(|s| s.subject == "programming")
        .expect("programming")
        .session_id
        .clone();
    let a = p
        .assignments
        .iter_mut()
        .find(|a| a.event_id == s && a.role == "instructor")
        .expect("instructor");
    a.staff_id = "t05".into();
    let found = check_files(&p);
    assert_exact(
        &found,
        &[(Rule::Trn2, "2023-06-27", "dx-1-2023-06-27-1", "t05")],
    );
}

/// A session nobody qualified can teach is one finding, TRN-1, as the check reads it:
/// the plan reported it twice (once more as TRN-2) while the check found it once.
#[test]
fn a_session_without_its_instructor_is_one_trn_1_finding_as_the_check_has_it() {
    // dementia is t05's alone; t05 is away through care-1's months.
    let text = gifu_with(
        "subjects = [\"care-basics\", \"care-skills\", \"dementia\"]\n",
        "subjects = [\"care-basics\", \"care-skills\", \"dementia\"]\n\
         leave = [{ from = \"2023-05-01\", to = \"2023-09-30\" }]\n",
    );
    let m = roster::input::training::parse_training(&gifu_path(), &text).expect("model");
    let plan = roster::solve_training(&m, &text, &unhurried()).expect("solves");
    let key = |v: &Violation| {
        (
            v.rule,
            v.date.clone(),
            v.event_id.clone(),
            v.staff_id.clone(),
        )
    };
    let mut reported: Vec<_> = plan.violations.iter().map(key).collect();
    reported.sort();
    assert!(!reported.is_empty(), "dementia's periods cannot be taught");
    assert!(
        reported.iter().all(|k| k.0 == Rule::Trn1 && k.3.is_empty()),
        "{reported:?}"
    );
    // The finding kept says why: nobody qualified for dementia is free.
    assert!(plan.violations.iter().all(|v| matches!(
        v.cause.as_ref().map(|c| &c.cause),
        Some(roster::plan::cause::Cause::FewQualifiedInstructors { .. })
    )));
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("plan");
    let files = roster::report::training::render_files(&plan);
    roster::report::plan::write_dir(&out, &files, false).expect("written");
    let back = roster::plan::training::read_training_dir(&out).expect("reads back");
    let mut found: Vec<_> = roster::check::training::check(&m, &back)
        .iter()
        .map(key)
        .collect();
    found.sort();
    assert_eq!(reported, found, "one finding a session, the check's");
    assert!(plan
        .violations
        .iter()
        .all(|v| !v.message.starts_with("checker:")));
}

#[test]
fn deadline_twelve_business_days_before_start_is_caught_trn_6() {
    let (_, plan) = solved();
    let mut p = plan.clone();
    let c = course(&mut p, "care-1");
    assert_eq!(c.start, "2023-05-08", "care-1 opens after Golden Week");
    // Business days strictly between 2023-04-14 (Fri) and 2023-05-08 (Mon):
    // Apr 17-21 (5), Apr 24-28 (5), May 1-2 (2) = 12. Apr 29 (Sat, Showa Day) and
    // May 3-5 (Constitution Day, Greenery Day, Children's Day) do not count.
    c.application_deadline = "2023-04-14".into();
    let found = check_files(&p);
    assert_exact(&found, &[(Rule::Trn6, "2023-04-14", "care-1", "")]);
    // 2023-04-10 (Mon) leaves 16 business days (Apr 11-14: 4, +5, +5, +2): allowed.
    course(&mut p, "care-1").application_deadline = "2023-04-10".into();
    assert_exact(&check_files(&p), &[]);
    // 2023-04-07 (Fri) leaves 17: too many.
    course(&mut p, "care-1").application_deadline = "2023-04-07".into();
    assert_exact(
        &check_files(&p),
        &[(Rule::Trn6, "2023-04-07", "care-1", "")],
    );
}

#[test]
fn deadlines_across_golden_week_and_the_year_end_closure_by_hand() {
    let (m, plan) = solved();
    let cl = &m.closures;
    use roster::calendar::{business_day_before, business_days_between};
    // Golden Week 2023: Apr 29 Sat (Showa Day), May 3-5 Wed-Fri (holidays).
    // Start Mon 2023-05-08; deadline Wed 2023-04-12: Apr 13, 14, 17-21, 24-28, May 1, 2.
    assert_eq!(
        business_days_between(cl, d("2023-04-12"), d("2023-05-08")),
        14
    );
    assert_eq!(
        business_day_before(cl, d("2023-05-08"), 14),
        d("2023-04-12")
    );
    assert_eq!(
        business_day_before(cl, d("2023-05-08"), 13),
        d("2023-04-13")
    );
    assert_eq!(
        business_day_before(cl, d("2023-05-08"), 16),
        d("2023-04-10")
    );
    // Year end: start Tue 2024-01-09 (Mon Jan 8 is Coming-of-Age Day). Counting back:
    // Jan 5, 4 (2); Dec 29 - Jan 3 closed (CAL-3); Dec 28, 27, 26, 25 (6);
    // Dec 22-18 (11); Dec 15, 14, 13 (14); so 14 between means a deadline of Tue Dec 12.
    assert_eq!(
        business_days_between(cl, d("2023-12-12"), d("2024-01-09")),
        14
    );
    assert_eq!(
        business_day_before(cl, d("2024-01-09"), 14),
        d("2023-12-12")
    );
    assert_eq!(
        business_day_before(cl, d("2024-01-09"), 13),
        d("2023-12-13")
    );
    assert_eq!(
        business_day_before(cl, d("2024-01-09"), 16),
        d("2023-12-08")
    );
    assert_eq!(
        business_days_between(cl, d("2023-12-14"), d("2024-01-09")),
        12
    );
    // The solved plan uses these dates, and the checker agrees with its own loop.
    let hr = plan
        .courses
        .iter()
        .find(|c| c.course_id == "hr-1")
        .expect("hr-1");
    assert_eq!(
        (hr.application_deadline.as_str(), hr.start.as_str()),
        ("2023-12-12", "2024-01-09")
    );
    let care = plan
        .courses
        .iter()
        .find(|c| c.course_id == "care-1")
        .expect("care-1");
    assert_eq!(
        (care.application_deadline.as_str(), care.start.as_str()),
        ("2023-04-12", "2023-05-08")
    );
    let mut p = plan.clone();
    course(&mut p, "hr-1").application_deadline = "2023-12-14".into();
    assert_exact(&check_files(&p), &[(Rule::Trn6, "2023-12-14", "hr-1", "")]);
    course(&mut p, "hr-1").application_deadline = "2023-12-08".into();
    assert_exact(&check_files(&p), &[]);
    // Follow-ups (TRN-10): first business day on or after completion + 1 and + 3 months.
    // hr-1 ends Wed 2024-02-07: +1 month Thu 2024-03-07; +3 months Tue 2024-05-07
    // (May 3-6 are holidays and a weekend, but May 7 is a Tuesday).
    assert_eq!(hr.end, "2024-02-07");
    assert_eq!(
        (hr.follow_up_1m.as_str(), hr.follow_up_3m.as_str()),
        ("2024-03-07", "2024-05-07")
    );
}

#[test]
fn one_interviewer_is_caught_trn_7() {
    let (_, plan) = solved();
    let mut p = plan.clone();
    let i = p
        .assignments
        .iter()
        .position(|a| a.event_id == "interview-dx-1")
        .expect("interviewers");
    let date = p.assignments.remove(i).date;
    let found = check_files(&p);
    assert_exact(&found, &[(Rule::Trn7, &date, "interview-dx-1", "")]);
}

#[test]
fn room_too_small_is_caught_trn_5() {
    let (_, plan) = solved();
    let mut p = plan.clone();
    let s = p
        .sessions
        .iter_mut()
        .find(|s| s.course_id == "care-1" && s.mode == "offline")
        .expect("care-1 session");
    // 31.35 m² / 1.65 = 19 seats for 20 trainees.
    s.room_area_m2 = Some(31.35);
    s.room_seats = Some(19);
    let id = s.session_id.clone();
    let found = check_files(&p);
    // The row's area differs from the model's room (PLAN-1), and the room is too small.
    assert_exact(
        &found,
        &[
            (Rule::Plan1, "2023-05-08", &id, ""),
            (Rule::Trn5, "2023-05-08", &id, ""),
        ],
    );
    assert!(found
        .iter()
        .any(|v| v.rule == Rule::Trn5 && v.message.contains("too small")));
}

#[test]
fn internship_of_49_hours_is_caught_trn_11() {
    let (_, plan) = solved();
    let mut p = plan.clone();
    // 12 days x 5 hours; keep 10 days (two weeks) and make one of them 4 hours: 49 h.
    let ids: Vec<String> = p
        .sessions
        .iter()
        .filter(|s| s.kind == "internship")
        .map(|s| s.session_id.clone())
        .collect();
    assert_eq!(ids.len(), 12);
    p.sessions
        .retain(|s| s.session_id != ids[10] && s.session_id != ids[11]);
    if let Some(s) = p.sessions.iter_mut().find(|s| s.session_id == ids[0]) {
        s.hours = 4;
    }
    let found = check_files(&p);
    // Also the course's hours no longer add up (PLAN-1 twice: total, subject). (Issue
    // 18: internship days are not days at the site, so the job-support manager's share
    // does not change with them: no TRN-4 any more.)
    assert_exact(
        &found,
        &[
            (Rule::Plan1, "", "dx-1", ""),
            (Rule::Plan1, "", "dx-1", ""),
            (Rule::Trn11, "", "dx-1", ""),
        ],
    );
    assert!(found
        .iter()
        .any(|v| v.rule == Rule::Trn11 && v.message.contains("49 hours")));
}

#[test]
fn job_support_manager_on_49_percent_of_days_is_caught_trn_4() {
    // Issue 18: the share is counted over the days dx-1 is in the classroom at the
    // site (not its 12 internship days, not days wholly online).
    let (_, plan) = solved();
    let mut p = plan.clone();
    let site = site_days(plan, "dx-1");
    // 67 classroom days, a few of them wholly online.
    assert!((60..=67).contains(&site.len()), "{}", site.len());
    let on: Vec<String> = on_site_days(plan, "dx-1");
    let need = site.len().div_ceil(2);
    assert!(on.len() >= need, "{} of {}", on.len(), site.len());
    // Keep one day fewer than half, one in every fortnight still: drop the last ones
    // of the fortnights that have more than one.
    let keep = need - 1;
    let mut drop = on.len() - keep;
    let mut dropped = std::collections::BTreeSet::new();
    for f in site.chunks(10).rev() {
        let mut here: Vec<&String> = f.iter().filter(|d| on.contains(d)).collect();
        while here.len() > 1 && drop > 0 {
            if let Some(d) = here.pop() {
                dropped.insert(d.clone());
                drop -= 1;
            }
        }
    }
    assert_eq!(drop, 0);
    p.assignments
        .retain(|a| !(a.event_id == "on-site-dx-1" && dropped.contains(&a.date)));
    let found = check_files(&p);
    assert_exact(&found, &[(Rule::Trn4, "", "on-site-dx-1", "")]);
    let said = format!("{keep} of {} classroom days", site.len());
    assert!(found[0].message.contains(&said), "{found:?}");
}

#[test]
fn missing_follow_up_and_online_internship_are_caught_trn_10_trn_9() {
    let (_, plan) = solved();
    let mut p = plan.clone();
    p.assignments.retain(|a| a.event_id != "follow-up-3m-med-1");
    if let Some(s) = p.sessions.iter_mut().find(|s| s.kind == "internship") {
        s.mode = "online".into();
    }
    let found = check_files(&p);
    // The online hours in courses.csv no longer match the sessions (PLAN-1).
    assert_exact(
        &found,
        &[
            (Rule::Plan1, "", "dx-1", ""),
            (Rule::Trn10, "2023-11-21", "follow-up-3m-med-1", ""),
            (Rule::Trn11, "2023-09-01", "dx-1-2023-09-01-1", ""),
        ],
    );
    assert!(found
        .iter()
        .any(|v| v.rule == Rule::Trn11 && v.message.contains("online")));
}

#[test]
fn workplace_share_and_in_person_share_are_checked_trn_8_trn_9() {
    let (_, plan) = solved();
    let mut p = plan.clone();
    // Every care-2 session turned into workplace practice: 100 % at workplaces.
    for s in p.sessions.iter_mut().filter(|s| s.course_id == "care-2") {
        s.kind = "workplace".into();
    }
    // Every dx-2 session online: 0 % in person.
    for s in p.sessions.iter_mut().filter(|s| s.course_id == "dx-2") {
        s.mode = "online".into();
    }
    let found = check_files(&p);
    // Each course's columns no longer match its sessions (PLAN-1); the shares (TRN-8,
    // TRN-9); and every dx-2 session of a subject not taught online (TRN-9, per session).
    let (m, _) = solved();
    let dx2 = m.courses.iter().find(|c| c.id == "dx-2").expect("dx-2");
    let mut want: Vec<(Rule, &str, &str, &str)> = vec![
        (Rule::Plan1, "", "care-2", ""),
        (Rule::Plan1, "", "dx-2", ""),
        (Rule::Trn8, "", "care-2", ""),
        (Rule::Trn9, "", "dx-2", ""),
    ];
    for s in p.sessions.iter().filter(|s| s.course_id == "dx-2") {
        let online_subject = dx2.subjects.iter().any(|x| x.id == s.subject && x.online);
        if !(online_subject && (s.kind == "lecture" || s.kind == "practical")) {
            want.push((Rule::Trn9, &s.date, &s.session_id, ""));
        }
    }
    assert_exact(&found, &want);
}

#[test]
fn a_second_training_manager_and_no_homeroom_are_caught_trn_3_trn_1() {
    let (_, plan) = solved();
    let mut p = plan.clone();
    if let Some(s) = p.staff.iter_mut().find(|s| s.staff_id == "j02") {
        s.roles = "job-support;training-manager".into();
    }
    p.assignments.retain(|a| a.event_id != "homeroom-acc-1");
    let found = check_files(&p);
    assert_exact(
        &found,
        &[
            (Rule::Trn1, "2023-11-01", "homeroom-acc-1", ""),
            (Rule::Trn3, "", "", ""),
        ],
    );
}

#[test]
fn a_second_training_manager_alone_is_caught_trn_3() {
    let (_, plan) = solved();
    let mut p = plan.clone();
    if let Some(s) = p.staff.iter_mut().find(|s| s.staff_id == "j02") {
        s.roles = "job-support;training-manager".into();
    }
    let found = check_files(&p);
    assert_exact(&found, &[(Rule::Trn3, "", "", "")]);
    assert!(
        found[0].message.contains("2 training managers"),
        "{found:?}"
    );
}

#[test]
fn a_part_time_liaison_is_caught_trn_3() {
    let (_, plan) = solved();
    let mut p = plan.clone();
    if let Some(s) = p.staff.iter_mut().find(|s| s.staff_id == "l01") {
        s.full_time = false;
    }
    let found = check_files(&p);
    // Issue 18: and then nobody full-time is at the site on any day a course is held
    // there: one TRN-3 per site day of each course besides the staff-level one.
    let days: usize = plan
        .courses
        .iter()
        .map(|c| site_days(plan, &c.course_id).len())
        .sum();
    assert_eq!(found.len(), 1 + days);
    assert!(found.iter().all(|f| f.rule == Rule::Trn3), "{found:?}");
    let staff_level: Vec<&Violation> = found.iter().filter(|f| f.event_id.is_empty()).collect();
    assert_eq!(staff_level.len(), 1);
    assert!(
        staff_level[0].message.contains("no full-time liaison"),
        "{found:?}"
    );
}

#[test]
fn job_support_without_a_listed_qualification_is_caught_trn_4() {
    let (_, plan) = solved();
    let mut p = plan.clone();
    // The manager's and j02's qualifications are the only TRN-4 ones in job support.
    for s in p.staff.iter_mut().filter(|s| s.staff_id.starts_with('j')) {
        s.qualifications = String::new();
    }
    let found = check_files(&p);
    assert_exact(&found, &[(Rule::Trn4, "", "", "")]);
    assert!(
        found[0].message.contains("no job-support person holds"),
        "{found:?}"
    );
}

#[test]
fn follow_up_on_the_wrong_date_is_caught_trn_10() {
    let (_, plan) = solved();
    let mut p = plan.clone();
    // hr-1's 1-month follow-up belongs on 2024-03-07; held (and staffed) a day later.
    let c = course(&mut p, "hr-1");
    assert_eq!(c.follow_up_1m, "2024-03-07");
    c.follow_up_1m = "2024-03-08".into();
    let mut moved = 0;
    for a in p
        .assignments
        .iter_mut()
        .filter(|a| a.event_id == "follow-up-1m-hr-1")
    {
        a.date = "2024-03-08".into();
        moved += 1;
    }
    assert!(moved > 0, "the follow-up is staffed");
    let found = check_files(&p);
    assert_exact(
        &found,
        &[(Rule::Trn10, "2024-03-08", "follow-up-1m-hr-1", "")],
    );
    assert!(
        found[0].message.contains("it belongs on 2024-03-07"),
        "{found:?}"
    );
}

#[test]
fn workplace_practice_alone_at_90_percent_is_caught_trn_8() {
    let (_, plan) = solved();
    let mut p = plan.clone();
    // Every care-2 session at a workplace, with courses.csv's column to match.
    let mut hours = 0;
    for s in p.sessions.iter_mut().filter(|s| s.course_id == "care-2") {
        s.kind = "workplace".into();
        hours += s.hours;
    }
    course(&mut p, "care-2").workplace_hours = hours;
    let found = check_files(&p);
    assert_exact(&found, &[(Rule::Trn8, "", "care-2", "")]);
}

/// The sessions of `course` on `date`.
fn session_ids(p: &TrainingPlan, course: &str, date: &str) -> Vec<String> {
    p.sessions
        .iter()
        .filter(|s| s.course_id == course && s.date == date)
        .map(|s| s.session_id.clone())
        .collect()
}

#[test]
fn training_on_a_national_holiday_is_caught_cal_6() {
    let (_, plan) = solved();
    let mut p = plan.clone();
    // A course's Monday 2023-07-24 (sessions, people, on-site day) moved to Monday
    // 2023-07-17, Marine Day: same weekday, so only the business-day rule breaks.
    let course = p
        .sessions
        .iter()
        .find(|s| s.date == "2023-07-24")
        .map(|s| s.course_id.clone())
        .expect("a course on 2023-07-24");
    let ids = session_ids(&p, &course, "2023-07-24");
    for s in p
        .sessions
        .iter_mut()
        .filter(|s| ids.contains(&s.session_id))
    {
        s.date = "2023-07-17".into();
    }
    let on_site = format!("on-site-{course}");
    // The liaison's row of that day moves with it (TRN-3, issue 18).
    let liaison = format!("liaison-{course}");
    for a in p.assignments.iter_mut().filter(|a| {
        a.date == "2023-07-24"
            && (ids.contains(&a.event_id) || a.event_id == on_site || a.event_id == liaison)
    }) {
        a.date = "2023-07-17".into();
    }
    let found = check_files(&p);
    assert_exact(&found, &[(Rule::Cal6, "2023-07-17", &course, "")]);
}

#[test]
fn an_instructor_in_two_sessions_at_once_is_caught_con_6() {
    let (_, plan) = solved();
    let mut p = plan.clone();
    // Two courses' sessions at the same hours; the first one's instructor also
    // assists at the second.
    let (a, b) = p
        .sessions
        .iter()
        .find_map(|a| {
            let b = p.sessions.iter().find(|b| {
                b.course_id != a.course_id
                    && b.date == a.date
                    && b.start == a.start
                    && matches!(b.kind.as_str(), "lecture" | "practical")
            })?;
            matches!(a.kind.as_str(), "lecture" | "practical").then(|| (a.clone(), b.clone()))
        })
        .expect("two courses at one time");
    let who = p
        .assignments
        .iter()
        .find(|x| x.event_id == a.session_id && x.role == "instructor")
        .map(|x| x.staff_id.clone())
        .expect("an instructor");
    p.assignments.push(roster::plan::Assignment {
        event_id: b.session_id.clone(),
        date: b.date.clone(),
        staff_id: who.clone(),
        role: "assistant".into(),
    });
    let found = check_files(&p);
    // Reported on the assignment that comes second: the added one.
    assert_exact(&found, &[(Rule::Con6, &b.date, &b.session_id, &who)]);
}

#[test]
fn job_support_manager_on_leave_is_caught_model_avail() {
    let (_, plan) = solved();
    let mut p = plan.clone();
    // j01 is on leave 2023-08-14 .. 16.
    p.assignments.push(roster::plan::Assignment {
        event_id: "on-site-dx-1".into(),
        date: "2023-08-15".into(),
        staff_id: "j01".into(),
        role: "job-support-manager".into(),
    });
    let found = check_files(&p);
    assert_exact(
        &found,
        &[(Rule::ModelAvail, "2023-08-15", "on-site-dx-1", "j01")],
    );
}

#[test]
fn seats_that_do_not_follow_the_area_are_caught_trn_5() {
    let (_, plan) = solved();
    let mut p = plan.clone();
    let s = p
        .sessions
        .iter_mut()
        .find(|s| s.mode == "offline" && s.room_seats.is_some())
        .expect("an offline session");
    // One seat more than floor(area / 1.65): the room is not too small, only misstated.
    s.room_seats = s.room_seats.map(|n| n + 1);
    let (date, id) = (s.date.clone(), s.session_id.clone());
    let found = check_files(&p);
    assert_exact(&found, &[(Rule::Trn5, &date, &id, "")]);
}

#[test]
fn a_session_online_that_its_subject_does_not_allow_is_caught_trn_9() {
    let (m, plan) = solved();
    let mut p = plan.clone();
    let s = p
        .sessions
        .iter_mut()
        .find(|s| {
            s.mode == "offline"
                && matches!(s.kind.as_str(), "lecture" | "practical")
                && m.courses.iter().any(|c| {
                    c.id == s.course_id && c.subjects.iter().any(|x| x.id == s.subject && !x.online)
                })
        })
        .expect("a session of a subject taught in person only");
    s.mode = "online".into();
    let (cid, hours) = (s.course_id.clone(), s.hours);
    let (date, id) = (s.date.clone(), s.session_id.clone());
    // courses.csv's online hours follow, so only the subject's rule is broken.
    course(&mut p, &cid).online_hours += hours;
    let found = check_files(&p);
    assert_exact(&found, &[(Rule::Trn9, &date, &id, "")]);
}

#[test]
fn an_internship_in_a_course_that_is_not_digital_is_caught_trn_11() {
    let (_, plan) = solved();
    let mut p = plan.clone();
    course(&mut p, "dx-1").field = "care".into();
    let found = check_files(&p);
    assert_exact(&found, &[(Rule::Trn11, "", "dx-1", "")]);
}

#[test]
fn a_course_row_with_other_trainees_is_caught_plan_1() {
    let (_, plan) = solved();
    let mut p = plan.clone();
    course(&mut p, "care-1").trainees += 1;
    let found = check_files(&p);
    assert_exact(&found, &[(Rule::Plan1, "", "care-1", "")]);
}

/// Runs `solve` on a training model text; asserts exit 2 and nothing written.
fn rejected(text: &str) -> String {
    let (dir, path) = temp_file("model.toml", text);
    let out = dir.path().join("out");
    let o = roster_p(&[&"solve", &path, &"--out", &out]);
    assert_eq!(o.status.code(), Some(2), "stderr: {}", stderr(&o));
    assert!(nothing_in(&out), "nothing written on bad input");
    stderr(&o)
}

fn gifu_with(from: &str, to: &str) -> String {
    let text = std::fs::read_to_string(gifu_path()).expect("model");
    assert!(text.contains(from), "model has no `{from}`");
    text.replacen(from, to, 1)
}

#[test]
fn bad_training_input_names_file_line_column_and_code() {
    // Total hours that do not add up (E100), at the line of total_hours.
    let text = gifu_with("total_hours = 144 ", "total_hours = 150 ");
    let err = rejected(&text);
    let line = text
        .lines()
        .position(|l| l.starts_with("total_hours = 150"))
        .expect("line")
        + 1;
    assert!(
        err.contains("error[E100]: ") && err.contains(&format!("model.toml:{line}:15")),
        "{err}"
    );
    // An internship of 7 x 7 = 49 hours (E105, TRN-11).
    let err = rejected(&gifu_with(
        "days = 12, hours_per_day = 5",
        "days = 7, hours_per_day = 7",
    ));
    assert!(
        err.contains("error[E105]") && err.contains("49 hours"),
        "{err}"
    );
    // A deadline gap outside 13-16 (E107, TRN-6) and a misspelt role (E018), together.
    let text = gifu_with("deadline_business_days = 15", "deadline_business_days = 12");
    let text = text.replacen("roles = [\"liaison\"]", "roles = [\"liason\"]", 1);
    let err = rejected(&text);
    assert!(err.contains("error[E107]"), "{err}");
    assert!(
        err.contains("error[E018]") && err.contains("did you mean `liaison`"),
        "{err}"
    );
    // An unknown subject in an instructor's list (E011), with a suggestion.
    let err = rejected(&gifu_with(
        "subjects = [\"career\", \"labour-law\", \"office-pc\"]",
        "subjects = [\"carer\", \"labour-law\", \"office-pc\"]",
    ));
    assert!(
        err.contains("error[E011]") && err.contains("did you mean career?"),
        "{err}"
    );
}

#[test]
fn career_centre_commands_refuse_a_training_model_with_e109() {
    let o = roster_p(&[&"calendar", &gifu_path()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("error[E109]"), "{}", stderr(&o));
}

// ----- re-planning and what-if (the training kind) ----------------------------------

fn scenario_path(name: &str) -> PathBuf {
    root().join("scenarios/gifu").join(name)
}

fn starts_of(plan: &TrainingPlan) -> std::collections::BTreeMap<String, NaiveDate> {
    plan.courses
        .iter()
        .map(|c| (c.course_id.clone(), d(&c.start)))
        .collect()
}

fn replanned(file: &str) -> roster::replan::training::TrainingReplan {
    replanned_at(&scenario_path(file))
}

/// A re-plan of the shipped plan with the scenario at `path`, checked independently.
fn replanned_at(path: &std::path::Path) -> roster::replan::training::TrainingReplan {
    let (m, plan) = solved();
    let (_, text) = gifu();
    let path = path.to_path_buf();
    let sc_text = std::fs::read_to_string(&path).expect("scenario");
    let sc = roster::scenario::training::parse_training_scenario(
        &path,
        &sc_text,
        m,
        Some(&starts_of(plan)),
    )
    .expect("valid scenario");
    let changed = roster::scenario::training::apply_training(m, &sc);
    let r = roster::replan::training::replan_training(
        &changed,
        &text,
        plan,
        &sc.name,
        sc.as_of,
        &unhurried(),
    )
    .expect("re-plans");
    // Every re-plan goes through the independent checker, against the changed model.
    let found = roster::check::training::check(&changed, &r.plan);
    let solver_rules: std::collections::BTreeSet<Rule> =
        r.plan.violations.iter().map(|v| v.rule).collect();
    for v in &found {
        assert!(
            solver_rules.contains(&v.rule),
            "checker finding the re-plan did not report: {v}"
        );
    }
    r
}

/// Assignments dated before `as_of` are the same in both plans (history is frozen).
fn history_kept(base: &TrainingPlan, new: &TrainingPlan, as_of: &str) {
    let before = |p: &TrainingPlan| -> Vec<roster::plan::Assignment> {
        p.assignments
            .iter()
            .filter(|a| a.date.as_str() < as_of)
            .cloned()
            .collect()
    };
    assert_eq!(
        before(base),
        before(new),
        "history before {as_of} unchanged"
    );
    // Sessions too: rooms, modes and times before as_of are as in the baseline.
    let sessions = |p: &TrainingPlan| -> Vec<roster::plan::training::SessionRow> {
        p.sessions
            .iter()
            .filter(|s| s.date.as_str() < as_of)
            .cloned()
            .collect()
    };
    assert_eq!(
        sessions(base),
        sessions(new),
        "sessions before {as_of} unchanged"
    );
}

#[test]
fn instructor_absent_for_a_week_is_replaced_and_history_kept() {
    let (_, base) = solved();
    let r = replanned("t02-away-a-week-july.toml");
    assert!(r.plan.violations.is_empty(), "{:?}", r.plan.violations);
    assert!(!r
        .plan
        .assignments
        .iter()
        .any(|a| a.staff_id == "t02" && ("2023-07-10".."2023-07-15").contains(&a.date.as_str())));
    history_kept(base, &r.plan, "2023-07-03");
    // Few changes: only the sessions t02 would have taught that week change hands.
    assert!(
        r.changes
            .iter()
            .all(|c| ("2023-07-10".."2023-07-15").contains(&c.date.as_str())),
        "{:?}",
        r.changes
    );
    assert!(r.figures.courses_moved == 0 && r.figures.sessions_moved == 0);
    assert!(
        r.notices.iter().any(|n| n.staff_id != "t02"),
        "the stand-ins are told"
    );
}

#[test]
fn classroom_lost_from_a_date_is_never_used_after_it() {
    let (_, base) = solved();
    let r = replanned("care-room-lost-from-september.toml");
    // Issue 18: care practicals need a room of kind `care` (TRN-5); with the care room
    // lost, the days of care-2's care-skills after 2023-09-19 are reported, and nothing
    // else is.
    let care_skills: std::collections::BTreeSet<&str> = r
        .plan
        .sessions
        .iter()
        .filter(|s| s.course_id == "care-2" && s.subject == "care-skills")
        .filter(|s| s.date.as_str() >= "2023-09-19")
        .map(|s| s.date.as_str())
        .collect();
    assert!(!care_skills.is_empty());
    assert!(!r.plan.violations.is_empty());
    for v in &r.plan.violations {
        assert_eq!(v.rule, Rule::Trn5, "{v}");
        assert!(care_skills.contains(v.date.as_str()), "{v}");
    }
    assert!(!r
        .plan
        .sessions
        .iter()
        .any(|s| s.room == "care" && s.date.as_str() >= "2023-09-19"));
    history_kept(base, &r.plan, "2023-09-11");
    // care-2's remaining days change room; no course moves, nobody is replaced.
    assert_eq!(r.figures.courses_moved, 0);
    assert_eq!(r.figures.instructor_changes, 0);
    assert!(r.figures.sessions_moved > 0);
    assert!(r.changes.iter().all(|c| c.change == "room-changed"
        && c.course_id == "care-2"
        && c.date.as_str() >= "2023-09-19"));
}

#[test]
fn course_moved_to_a_later_window_keeps_every_rule() {
    let (_, base) = solved();
    let r = replanned("hr-1-moved-to-february.toml");
    assert!(r.plan.violations.is_empty(), "{:?}", r.plan.violations);
    let hr = r
        .plan
        .courses
        .iter()
        .find(|c| c.course_id == "hr-1")
        .expect("hr-1");
    assert!(hr.start.starts_with("2024-02"), "{}", hr.start);
    assert!(
        hr.application_deadline.as_str() >= "2023-11-01",
        "applications close after as_of"
    );
    assert_eq!(r.figures.courses_moved, 1);
    // The other courses keep their dates.
    for c in &base.courses {
        if c.course_id != "hr-1" {
            let n = r
                .plan
                .courses
                .iter()
                .find(|x| x.course_id == c.course_id)
                .expect("course");
            assert_eq!((&n.start, &n.end), (&c.start, &c.end), "{}", c.course_id);
        }
    }
    history_kept(base, &r.plan, "2023-11-01");
}

#[test]
fn training_replan_and_whatif_through_the_cli() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_, plan) = solved();
    let base = dir.path().join("base");
    roster::report::plan::write_dir(&base, &roster::report::training::render_files(plan), false)
        .expect("baseline");
    // The hr-1 move writes history.json: `check` without --scenario applies it (hr-1
    // now starts outside the model's own window), and a later re-plan cannot go back
    // before its as_of (E060).
    let moved = dir.path().join("moved");
    let hr = scenario_path("hr-1-moved-to-february.toml");
    let o = roster_p(&[
        &"replan",
        &gifu_path(),
        &"--baseline",
        &base,
        &"--scenario",
        &hr,
        &"--out",
        &moved,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(moved.join("history.json").exists());
    let c = roster_p(&[&"check", &gifu_path(), &moved]);
    assert_eq!(c.status.code(), Some(0), "{}{}", stdout(&c), stderr(&c));
    let back = roster_p(&[
        &"replan",
        &gifu_path(),
        &"--baseline",
        &moved,
        &"--scenario",
        &scenario_path("t02-away-a-week-july.toml"),
        &"--out",
        &dir.path().join("back"),
    ]);
    assert_eq!(back.status.code(), Some(2));
    assert!(stderr(&back).contains("error[E060]"), "{}", stderr(&back));
    let out = dir.path().join("away");
    let s = scenario_path("t02-away-a-week-july.toml");
    let o = roster_p(&[
        &"replan",
        &gifu_path(),
        &"--baseline",
        &base,
        &"--scenario",
        &s,
        &"--out",
        &out,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    for f in ["changes.csv", "notices.csv", "courses.csv", "sessions.csv"] {
        assert!(out.join(f).exists(), "{f}");
    }
    let c = roster_p(&[&"check", &gifu_path(), &out, &"--scenario", &s]);
    assert_eq!(c.status.code(), Some(0), "{}{}", stdout(&c), stderr(&c));
    let w = roster_p(&[
        &"whatif",
        &gifu_path(),
        &"--baseline",
        &base,
        &s,
        &scenario_path("hr-1-moved-to-february.toml"),
    ]);
    assert_eq!(w.status.code(), Some(0), "{}{}", stdout(&w), stderr(&w));
    let table = stdout(&w);
    // Issue 16: the baseline row reads 現行計画 under the default --lang.
    assert!(
        table.contains("現行計画") && table.contains("t02 away") && table.contains("hr-1 moved"),
        "{table}"
    );
}

#[test]
fn bad_training_scenarios_are_refused_e110_e021() {
    let (m, plan) = solved();
    let path = PathBuf::from("scenario.toml");
    let parse = |text: &str| {
        roster::scenario::training::parse_training_scenario(&path, text, m, Some(&starts_of(plan)))
            .map(|_| ())
            .map_err(|e| e.to_string())
    };
    // dx-1 started on 2023-06-01: a running course cannot move.
    let err = parse("name = \"x\"\nas_of = \"2023-07-03\"\n[[course_window]]\ncourse = \"dx-1\"\nstart_from = \"2023-08-01\"\nstart_to = \"2023-08-31\"\n")
        .expect_err("refused");
    assert!(
        err.contains("error[E110]") && err.contains("scenario.toml:4:"),
        "{err}"
    );
    // A classroom lost from a day before as_of would rewrite history. (An absence that
    // began before as_of is cut at as_of: the past days change nothing.)
    let err = parse("name = \"x\"\nas_of = \"2023-07-03\"\n[[room_unavailable]]\nroom = \"pc-2\"\nfrom = \"2023-06-26\"\n")
        .expect_err("refused");
    assert!(err.contains("error[E021]"), "{err}");
}

/// Regression: the training kind's terminal output (solve summary, check's `ok:` line,
/// re-plan and what-if summaries) was English under the default `--lang ja`; it now
/// follows `--lang` as the career centre's does.
#[test]
fn training_terminal_output_follows_lang() {
    let solved = &gifu_solve().2;
    assert!(
        solved.contains("状態 ") && solved.contains("セッション ") && solved.contains("違反: なし"),
        "{solved}"
    );
    assert!(
        !solved.contains("status ") && !solved.contains("sessions,"),
        "{solved}"
    );
    let base = gifu_plan();
    let ja = roster_p(&[&"check", &gifu_path(), &base]);
    assert_eq!(ja.status.code(), Some(0), "{}", stderr(&ja));
    assert!(
        stdout(&ja).starts_with("ok: コース 7 件"),
        "{}",
        stdout(&ja)
    );
    let en = roster_p(&[&"check", &gifu_path(), &base, &"--lang", &"en"]);
    assert!(stdout(&en).starts_with("ok: 7 courses"), "{}", stdout(&en));
    let dir = tempfile::tempdir().expect("temp dir");
    let s = scenario_path("t02-away-a-week-july.toml");
    let replan = |lang: &str, out: &str| {
        let o = roster_p(&[
            &"replan",
            &gifu_path(),
            &"--baseline",
            &base,
            &"--scenario",
            &s,
            &"--out",
            &dir.path().join(out),
            &"--lang",
            &lang,
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        stdout(&o)
    };
    let ja = replan("ja", "ja");
    assert!(
        ja.starts_with("シナリオ: ")
            && ja.contains("移動したセッション")
            && ja.contains("計画の出力先"),
        "{ja}"
    );
    assert!(!ja.contains("people to notify") && !ja.contains("plan written"));
    let en = replan("en", "en");
    assert!(
        en.starts_with("scenario: ")
            && en.contains("people to notify")
            && en.contains("plan written to"),
        "{en}"
    );
    let w = roster_p(&[&"whatif", &gifu_path(), &"--baseline", &base, &s]);
    assert_eq!(w.status.code(), Some(0), "{}", stderr(&w));
    let table = stdout(&w);
    assert!(
        table.starts_with("シナリオ") && table.contains("目的関数"),
        "{table}"
    );
}

// ----- issue 18: the site staffed as RULES.md reads, the coordinator's decisions ----------

/// The days `course` is in the classroom at the site: dates of its lectures and
/// practicals held offline (TRN-3, TRN-4), in order.
fn site_days(plan: &TrainingPlan, course: &str) -> Vec<String> {
    let days: std::collections::BTreeSet<String> = plan
        .sessions
        .iter()
        .filter(|s| {
            s.course_id == course
                && (s.kind == "lecture" || s.kind == "practical")
                && s.mode == "offline"
        })
        .map(|s| s.date.clone())
        .collect();
    days.into_iter().collect()
}

/// The days the job-support manager is on site for `course`.
fn on_site_days(plan: &TrainingPlan, course: &str) -> Vec<String> {
    let ev = format!("on-site-{course}");
    let days: std::collections::BTreeSet<String> = plan
        .assignments
        .iter()
        .filter(|a| a.event_id == ev && a.role == "job-support-manager")
        .map(|a| a.date.clone())
        .collect();
    days.into_iter().collect()
}

#[test]
fn shipped_plan_has_the_manager_through_every_course_and_the_liaison_every_site_day() {
    let (m, plan) = solved();
    assert!(plan.violations.is_empty(), "{:?}", plan.violations);
    for c in &plan.courses {
        let id = c.course_id.as_str();
        let site = site_days(plan, id);
        let on = on_site_days(plan, id);
        // TRN-4: on site on at least half of the classroom days at the site ...
        let counted = site.iter().filter(|d| on.contains(d)).count();
        assert!(
            2 * counted >= site.len(),
            "{id}: {counted} of {}",
            site.len()
        );
        // ... only on those days (not internship or online days) ...
        assert!(on.iter().all(|d| site.contains(d)), "{id}: {on:?}");
        // ... and in every fortnight (10 classroom days) of them.
        let every = m.rules.job_support_manager_every_days as usize;
        for f in site.chunks(every) {
            assert!(f.iter().any(|d| on.contains(d)), "{id}: none in {f:?}");
        }
        // TRN-3: the liaison at the site on every day the course is held there.
        let liaison: std::collections::BTreeSet<&str> = plan
            .assignments
            .iter()
            .filter(|a| a.event_id == format!("liaison-{id}") && a.staff_id == "l01")
            .map(|a| a.date.as_str())
            .collect();
        for d in &site {
            assert!(liaison.contains(d.as_str()), "{id}: no liaison on {d}");
        }
        // TRN-1: the homeroom is one of the course's own instructors.
        let homeroom = plan
            .assignments
            .iter()
            .find(|a| a.event_id == format!("homeroom-{id}"))
            .expect("homeroom");
        assert!(
            plan.assignments.iter().any(|a| a.role == "instructor"
                && a.staff_id == homeroom.staff_id
                && a.event_id.starts_with(&format!("{id}-"))),
            "{id}: homeroom {} teaches nothing in it",
            homeroom.staff_id
        );
    }
    // TRN-5: care practicals are in the care room (a room of the kind they need).
    for s in plan.sessions.iter().filter(|s| s.subject == "care-skills") {
        assert_eq!(s.room, "care", "{}", s.session_id);
    }
}

#[test]
fn a_fortnight_without_the_job_support_manager_is_caught_trn_4() {
    let (m, plan) = solved();
    let mut p = plan.clone();
    let site = site_days(plan, "dx-1");
    let on = on_site_days(plan, "dx-1");
    // The first fortnight's on-site days move to uncovered days later in the course
    // (the share stays): only the fortnight rule breaks.
    let first: Vec<String> = site[..10]
        .iter()
        .filter(|d| on.contains(d))
        .cloned()
        .collect();
    let j01 = &m.staff[m.staff_index("j01").expect("j01")];
    let spare: Vec<String> = site[10..]
        .iter()
        .filter(|d| !on.contains(d) && j01.available(self::d(d)))
        .take(first.len())
        .cloned()
        .collect();
    assert_eq!(spare.len(), first.len());
    p.assignments
        .retain(|a| !(a.event_id == "on-site-dx-1" && first.contains(&a.date)));
    for d in &spare {
        p.assignments.push(roster::plan::Assignment {
            event_id: "on-site-dx-1".into(),
            date: d.clone(),
            staff_id: "j01".into(),
            role: "job-support-manager".into(),
        });
    }
    let found = check_files(&p);
    assert_exact(&found, &[(Rule::Trn4, &site[0], "on-site-dx-1", "")]);
    // Days at the internship host do not count: the manager "on site" there is not
    // with the trainees (issue 18: 12 such days in dx-1 counted before).
    let internship: Vec<&str> = plan
        .sessions
        .iter()
        .filter(|s| s.course_id == "dx-1" && s.kind == "internship")
        .map(|s| s.date.as_str())
        .collect();
    assert_eq!(internship.len(), 12);
    assert!(on.iter().all(|d| !internship.contains(&d.as_str())));
}

#[test]
fn a_site_day_without_the_liaison_is_caught_trn_3() {
    let (_, plan) = solved();
    let mut p = plan.clone();
    let day = site_days(plan, "med-1")[5].clone();
    p.assignments
        .retain(|a| !(a.event_id == "liaison-med-1" && a.date == day));
    let found = check_files(&p);
    assert_exact(&found, &[(Rule::Trn3, &day, "liaison-med-1", "")]);
    // Every liaison row deleted: one TRN-3 per site day of every course.
    let mut p = plan.clone();
    p.assignments.retain(|a| a.role != "liaison");
    let found = check_files(&p);
    let days: usize = plan
        .courses
        .iter()
        .map(|c| site_days(plan, &c.course_id).len())
        .sum();
    assert_eq!(found.len(), days);
    assert!(found.iter().all(|f| f.rule == Rule::Trn3));
}

#[test]
fn a_homeroom_who_teaches_none_of_the_course_is_caught_trn_1() {
    let (_, plan) = solved();
    let mut p = plan.clone();
    let start = course(&mut p, "med-1").start.clone();
    for a in p
        .assignments
        .iter_mut()
        .filter(|a| a.event_id == "homeroom-med-1")
    {
        // t01 is full-time and an instructor, but teaches nothing in med-1.
        a.staff_id = "t01".into();
    }
    let found = check_files(&p);
    assert_exact(&found, &[(Rule::Trn1, &start, "homeroom-med-1", "t01")]);
}

#[test]
fn a_care_practical_in_a_pc_room_is_caught_trn_5() {
    let (_, plan) = solved();
    let mut p = plan.clone();
    let s = p
        .sessions
        .iter_mut()
        .find(|s| s.course_id == "care-1" && s.subject == "care-skills")
        .expect("care practical");
    // In May only care-1 runs: pc-1 is free, large enough and has PCs.
    assert!(s.date.as_str() < "2023-06-01", "{}", s.date);
    s.room = "pc-1".into();
    s.room_area_m2 = Some(52.8);
    s.room_seats = Some(32);
    s.pcs = Some(32);
    let (date, id) = (s.date.clone(), s.session_id.clone());
    let found = check_files(&p);
    assert_exact(&found, &[(Rule::Trn5, &date, &id, "")]);
    assert!(
        found[0].message.contains("not a room of kind care"),
        "{found:?}"
    );
}

/// A re-plan of the shipped plan with a scenario given as text (checked as
/// [`replanned`] does).
fn replanned_text(label: &str, text: &str) -> roster::replan::training::TrainingReplan {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(label);
    std::fs::write(&path, text).expect("scenario written");
    replanned_at(&path)
}

#[test]
fn liaison_away_two_weeks_in_july_is_reported_trn_3_or_covered() {
    let (_, base) = solved();
    let shipped = std::fs::read_to_string(scenario_path("liaison-away-two-weeks-july.toml"))
        .expect("scenario");
    // Without the stand-in: each site day of the running courses from 07-18 to 07-31 is
    // TRN-3, and nothing else is.
    let uncovered = shipped[..shipped.find("\n[[add_staff]]").expect("add_staff")].to_string();
    let r = replanned_text("uncovered.toml", &uncovered);
    history_kept(base, &r.plan, "2023-07-10");
    assert!(!r.plan.violations.is_empty());
    for v in &r.plan.violations {
        assert_eq!(v.rule, Rule::Trn3, "{v}");
        assert!(
            ("2023-07-18".."2023-08-01").contains(&v.date.as_str()),
            "{v}"
        );
    }
    let expected: usize = r
        .plan
        .courses
        .iter()
        .map(|c| {
            site_days(&r.plan, &c.course_id)
                .iter()
                .filter(|d| ("2023-07-18".."2023-08-01").contains(&d.as_str()))
                .count()
        })
        .sum();
    assert_eq!(r.plan.violations.len(), expected);
    // The shipped scenario's full-time stand-in with the liaison role keeps the rule.
    let r = replanned("liaison-away-two-weeks-july.toml");
    assert!(r.plan.violations.is_empty(), "{:?}", r.plan.violations);
    let covered = r
        .plan
        .assignments
        .iter()
        .filter(|a| a.role == "liaison" && a.staff_id == "l02")
        .count();
    assert_eq!(covered, expected);
    assert!(r
        .plan
        .assignments
        .iter()
        .all(|a| a.staff_id != "l02" || ("2023-07-18".."2023-08-01").contains(&a.date.as_str())));
    history_kept(base, &r.plan, "2023-07-10");
}

#[test]
fn an_announced_interview_day_is_kept_when_interviewers_are_away_trn_7() {
    let (_, base) = solved();
    let day = base
        .courses
        .iter()
        .find(|c| c.course_id == "acc-1")
        .expect("acc-1")
        .interview_date
        .clone();
    let interview = |p: &TrainingPlan| -> (String, Vec<String>) {
        let c = p
            .courses
            .iter()
            .find(|c| c.course_id == "acc-1")
            .expect("acc-1");
        let who = p
            .assignments
            .iter()
            .filter(|a| a.event_id == "interview-acc-1")
            .map(|a| a.staff_id.clone())
            .collect();
        (c.interview_date.clone(), who)
    };
    // The shipped scenario: the date kept, a stand-in makes two interviewers.
    let r = replanned("interviewers-away-on-acc-1-interview.toml");
    assert!(r.plan.violations.is_empty(), "{:?}", r.plan.violations);
    history_kept(base, &r.plan, "2023-10-10");
    let (date, who) = interview(&r.plan);
    assert_eq!(date, day, "the announced day is kept");
    assert!(
        who.contains(&"j04".to_string()) && who.len() >= 2,
        "{who:?}"
    );
    assert!(!r.changes.iter().any(|c| c.change == "interview-moved"));
    // Without the stand-in: still the same day, and TRN-7 reported there.
    let shipped =
        std::fs::read_to_string(scenario_path("interviewers-away-on-acc-1-interview.toml"))
            .expect("scenario");
    let alone = shipped[..shipped.find("\n[[add_staff]]").expect("add_staff")].to_string();
    let r = replanned_text("alone.toml", &alone);
    history_kept(base, &r.plan, "2023-10-10");
    let (date, who) = interview(&r.plan);
    assert_eq!(date, day, "the announced day is kept");
    assert!(who.len() < 2, "{who:?}");
    assert!(
        r.plan
            .violations
            .iter()
            .any(|v| v.rule == Rule::Trn7 && v.date == day),
        "{:?}",
        r.plan.violations
    );
    assert!(r.plan.violations.iter().all(|v| v.rule == Rule::Trn7));
    assert!(!r.changes.iter().any(|c| c.change == "interview-moved"));
    // Before the application period opens, the same absences move the interview, and
    // the move is in changes.csv.
    let early = alone.replace("as_of = \"2023-10-10\"", "as_of = \"2023-07-03\"");
    let r = replanned_text("early.toml", &early);
    assert!(r.plan.violations.is_empty(), "{:?}", r.plan.violations);
    let moved = r
        .changes
        .iter()
        .find(|c| c.change == "interview-moved")
        .expect("interview-moved row");
    assert_eq!(
        (moved.course_id.as_str(), moved.before.as_str()),
        ("acc-1", day.as_str())
    );
}

#[test]
fn a_course_cancelled_for_too_few_applicants_leaves_the_plan_and_history_stays() {
    let (_, base) = solved();
    let r = replanned("acc-1-cancelled.toml");
    assert!(r.plan.violations.is_empty(), "{:?}", r.plan.violations);
    assert!(!r.plan.courses.iter().any(|c| c.course_id == "acc-1"));
    assert!(!r.plan.sessions.iter().any(|s| s.course_id == "acc-1"));
    assert!(!r
        .plan
        .assignments
        .iter()
        .any(|a| a.event_id.contains("acc-1") && a.date.as_str() >= "2023-10-10"));
    history_kept(base, &r.plan, "2023-10-10");
    assert!(r
        .changes
        .iter()
        .any(|c| c.change == "course-cancelled" && c.course_id == "acc-1"));
    // The other courses keep their dates.
    for c in base.courses.iter().filter(|c| c.course_id != "acc-1") {
        let n = r
            .plan
            .courses
            .iter()
            .find(|x| x.course_id == c.course_id)
            .expect("course");
        assert_eq!((&n.start, &n.interview_date), (&c.start, &c.interview_date));
    }
}

#[test]
fn a_new_instructor_from_november_takes_over_bookkeeping() {
    let (_, base) = solved();
    let r = replanned("new-instructor-november.toml");
    assert!(r.plan.violations.is_empty(), "{:?}", r.plan.violations);
    history_kept(base, &r.plan, "2023-10-16");
    assert!(r.plan.staff.iter().any(|s| s.staff_id == "t11"));
    let t08_late = r
        .plan
        .assignments
        .iter()
        .filter(|a| a.staff_id == "t08" && a.date.as_str() >= "2023-11-01")
        .count();
    assert_eq!(t08_late, 0);
    let t11 = r
        .plan
        .assignments
        .iter()
        .filter(|a| a.staff_id == "t11")
        .collect::<Vec<_>>();
    assert!(!t11.is_empty());
    assert!(t11.iter().all(|a| a.date.as_str() >= "2023-11-01"));
}

#[test]
fn a_second_cohort_of_med_1_in_january_keeps_every_other_course() {
    let (_, base) = solved();
    let r = replanned("med-2-in-january.toml");
    assert!(r.plan.violations.is_empty(), "{:?}", r.plan.violations);
    history_kept(base, &r.plan, "2023-11-01");
    let med2 = r
        .plan
        .courses
        .iter()
        .find(|c| c.course_id == "med-2")
        .expect("med-2");
    assert!(med2.start.starts_with("2024-01"), "{}", med2.start);
    assert!(med2.application_deadline.as_str() >= "2023-11-01");
    for c in &base.courses {
        let n = r
            .plan
            .courses
            .iter()
            .find(|x| x.course_id == c.course_id)
            .expect("course");
        assert_eq!(
            (&n.start, &n.end, &n.interview_date),
            (&c.start, &c.end, &c.interview_date),
            "{}",
            c.course_id
        );
    }
    assert!(r
        .changes
        .iter()
        .any(|c| c.change == "course-added" && c.course_id == "med-2"));
}

#[test]
fn bad_decision_tables_are_refused_where_they_are_written() {
    let (m, plan) = solved();
    let path = PathBuf::from("decision.toml");
    let parse = |text: &str| {
        roster::scenario::training::parse_training_scenario(&path, text, m, Some(&starts_of(plan)))
            .map(|_| ())
            .map_err(|e| e.to_string())
    };
    let head = "name = \"x\"\nas_of = \"2023-10-10\"\n";
    let err =
        parse(&format!("{head}[[course_cancel]]\ncourse = \"acc-2\"\n")).expect_err("refused");
    assert!(
        err.contains("error[E011]") && err.contains("decision.toml:4:") && err.contains("acc-1"),
        "{err}"
    );
    let err = parse(&format!(
        "{head}[[course_cancel]]\ncourse = \"acc-1\"\napplicants = 12\n"
    ))
    .expect_err("refused");
    assert!(
        err.contains("error[E016]") && err.contains("decision.toml:5:"),
        "{err}"
    );
    let err = parse(&format!("{head}[[course_cancel]]\ncourse = \"dx-2\"\n")).expect_err("refused");
    assert!(err.contains("error[E110]"), "{err}");
    let err = parse(&format!(
        "{head}[[add_staff]]\nid = \"t01\"\nname = \"n\"\nroles = [\"instructor\"]\n"
    ))
    .expect_err("refused");
    assert!(
        err.contains("error[E010]") && err.contains("decision.toml:4:"),
        "{err}"
    );
    let err = parse(&format!(
        "{head}[[add_staff]]\nid = \"t12\"\nname = \"n\"\nroles = [\"instructr\"]\nsubjects = [\"bookeeping\"]\nstart = \"2023-10-01\"\n"
    ))
    .expect_err("refused");
    for code in ["E018", "E011", "E021"] {
        assert!(err.contains(&format!("error[{code}]")), "{code}: {err}");
    }
    assert!(
        err.contains("instructor") && err.contains("bookkeeping"),
        "{err}"
    );
    let err = parse(&format!("{head}[[remove_staff]]\nstaff = \"t88\"\n")).expect_err("refused");
    assert!(err.contains("error[E011]"), "{err}");
    let err = parse(&format!(
        "{head}[[course_add]]\nlike = \"med-9\"\nid = \"med-2\"\nstart_window = {{ from = \"2024-01-09\", to = \"2024-01-31\" }}\n"
    ))
    .expect_err("refused");
    assert!(
        err.contains("error[E011]") && err.contains("med-1"),
        "{err}"
    );
    let err = parse(&format!(
        "{head}[[course_add]]\nlike = \"med-1\"\nid = \"hr-1\"\nstart_window = {{ from = \"2024-01-09\", to = \"2024-01-31\" }}\n"
    ))
    .expect_err("refused");
    assert!(err.contains("error[E010]"), "{err}");
    let err = parse(&format!(
        "{head}[[course_add]]\nlike = \"med-1\"\nid = \"med-2\"\nstart_window = {{ from = \"2023-10-11\", to = \"2023-10-20\" }}\n"
    ))
    .expect_err("refused");
    assert!(err.contains("error[E111]"), "{err}");
}

#[test]
fn a_cancelled_course_replan_through_the_cli_passes_check() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("cancelled");
    let s = scenario_path("acc-1-cancelled.toml");
    let o = roster_p(&[
        &"replan",
        &gifu_path(),
        &"--baseline",
        &gifu_plan(),
        &"--scenario",
        &s,
        &"--out",
        &out,
        &"--time-limit",
        &"900",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let changes = std::fs::read_to_string(out.join("changes.csv")).expect("changes.csv");
    assert!(changes.contains("course-cancelled"), "{changes}");
    // `check` applies the folder's chain (history.json): acc-1 is no longer expected.
    let c = roster_p(&[&"check", &gifu_path(), &out]);
    assert_eq!(c.status.code(), Some(0), "{}{}", stdout(&c), stderr(&c));
}

#[test]
fn the_only_qualified_instructor_away_postpones_the_subjects_and_brings_others_forward() {
    let (m, base) = solved();
    let r = replanned("t07-away-two-weeks-july.toml");
    assert!(r.plan.violations.is_empty(), "{:?}", r.plan.violations);
    history_kept(base, &r.plan, "2023-07-05");
    // t07 teaches nothing while away; no practical or lecture lacks an instructor.
    assert!(!r
        .plan
        .assignments
        .iter()
        .any(|a| a.staff_id == "t07" && ("2023-07-10".."2023-07-22").contains(&a.date.as_str())));
    for s in r
        .plan
        .sessions
        .iter()
        .filter(|s| s.kind == "lecture" || s.kind == "practical")
    {
        assert!(
            r.plan
                .assignments
                .iter()
                .any(|a| a.event_id == s.session_id && a.role == "instructor"),
            "{}",
            s.session_id
        );
    }
    // med-1 keeps its dates; its subjects swap places (changes.csv says so).
    let med = |p: &TrainingPlan| {
        p.courses
            .iter()
            .find(|c| c.course_id == "med-1")
            .map(|c| (c.start.clone(), c.end.clone()))
    };
    assert_eq!(med(&r.plan), med(base));
    assert!(r.changes.iter().any(|c| c.change == "subject-changed"));
    let away: Vec<&str> = r
        .plan
        .sessions
        .iter()
        .filter(|s| {
            s.course_id == "med-1" && ("2023-07-10".."2023-07-22").contains(&s.date.as_str())
        })
        .map(|s| s.subject.as_str())
        .collect();
    assert!(!away.is_empty());
    let c = &m.courses[m.course_index("med-1").expect("med-1")];
    for s in away {
        let subject = c.subjects.iter().find(|x| x.id == s).expect("subject");
        assert!(
            !subject.requires.contains(&"medical-clerk".to_string()),
            "{s}"
        );
    }
}
