//! Issue 18, parts 3-5: the training provider's documents (recruitment schedule,
//! timetables, letters, Japanese notices), its calendars (one UID per event, RFC 5545
//! all-day events, interviews at their times, a session without a room tentative) and
//! hand edits (`roster diff`, `roster swap`) on its folders. Every plan written here
//! goes through `roster check`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use calamine::{open_workbook_auto, Data, Reader};
use chrono::{Datelike, Months, NaiveDate};
use icalendar::{Calendar, Component, EventLike};

use super::support::*;
use super::training::gifu_plan;

fn gifu_path() -> PathBuf {
    root().join("models/gifu-training-2023.toml")
}

fn gifu() -> roster::model::training::TrainingModel {
    let text = std::fs::read_to_string(gifu_path()).expect("shipped model");
    roster::input::training::parse_training(&gifu_path(), &text).expect("valid model")
}

fn csv_rows(p: &Path) -> (Vec<String>, Vec<HashMap<String, String>>) {
    let bytes = std::fs::read(p).expect("read csv");
    let body = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
    let mut r = csv::Reader::from_reader(body);
    let head: Vec<String> = r
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let rows = r
        .records()
        .map(|rec| {
            let rec = rec.expect("row");
            head.iter()
                .cloned()
                .zip(rec.iter().map(String::from))
                .collect()
        })
        .collect();
    (head, rows)
}

fn calendars(dir: &Path) -> Vec<(PathBuf, Calendar)> {
    let mut out: Vec<(PathBuf, Calendar)> = std::fs::read_dir(dir.join("calendars"))
        .expect("calendars/")
        .flatten()
        .map(|e| {
            let text = std::fs::read_to_string(e.path()).expect("read ics");
            (e.path(), text.parse::<Calendar>().expect("calendar parses"))
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read dir").flatten() {
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).expect("copy");
        }
    }
}

/// Part 4: every training calendar parses with the icalendar crate; UIDs are unique in
/// each file (a job-support manager's on-site days of a course have one each); an
/// all-day event ends the day after it starts (RFC 5545 3.6.1); interviews are at the
/// model's 13:00-16:00; everything the plan holds is confirmed.
#[test]
fn issue18_every_training_calendar_parses_with_unique_uids() {
    let plan = gifu_plan();
    let cals = calendars(plan);
    assert!(cals.len() > 10, "{} calendars", cals.len());
    let mut interviews = 0;
    for (path, cal) in &cals {
        let mut uids = BTreeSet::new();
        for e in cal.components.iter().filter_map(|c| c.as_event()) {
            let uid = e.get_uid().expect("UID").to_string();
            assert!(uids.insert(uid.clone()), "{}: {uid} twice", path.display());
            let start = e.property_value("DTSTART").expect("DTSTART");
            let end = e.property_value("DTEND").expect("DTEND");
            assert!(
                end > start,
                "{}: {uid} ends {end} at or before {start}",
                path.display()
            );
            if start.len() == 8 {
                let (a, b) = (
                    NaiveDate::parse_from_str(start, "%Y%m%d").expect("day"),
                    NaiveDate::parse_from_str(end, "%Y%m%d").expect("day"),
                );
                assert_eq!(b, a.succ_opt().expect("next"), "{uid}: one whole day");
            }
            if uid.starts_with("interview-") {
                interviews += 1;
                assert!(
                    start.ends_with("T130000") && end.ends_with("T160000"),
                    "{uid}: {start}-{end}"
                );
            }
            assert_eq!(
                e.property_value("STATUS"),
                Some("CONFIRMED"),
                "{uid} of a solved plan"
            );
        }
    }
    // TRN-7: every course's interview has at least two interviewers.
    assert!(interviews >= 14, "{interviews} interview events");
    let j01 = cals
        .iter()
        .find(|(p, _)| p.ends_with("j01.ics"))
        .expect("the job-support manager's calendar");
    let on_site = j01
        .1
        .components
        .iter()
        .filter_map(|c| c.as_event())
        .filter(|e| e.get_uid().is_some_and(|u| u.starts_with("on-site-")))
        .count();
    assert!(on_site > 50, "{on_site} on-site days, each its own UID");
}

/// Part 3: recruitment.csv has exactly the columns asked for, a row per course that
/// agrees with courses.csv, dates YYYY-MM-DD, times HH:MM, the model's interview
/// times, an application period ending on the deadline, and the TRN-10 dates: the
/// survey on the last day, follow-ups on the first business day on or after 1 and 3
/// months after it.
#[test]
fn issue18_recruitment_csv_has_the_columns_and_the_model_dates() {
    let plan = gifu_plan();
    let m = gifu();
    let (head, rows) = csv_rows(&plan.join("recruitment.csv"));
    assert_eq!(
        head.join(","),
        "course_id,course_name,application_start,application_deadline,interview_date,interview_start,interview_end,start,end,completion_survey,follow_up_1m,follow_up_3m"
    );
    let (_, courses) = csv_rows(&plan.join("courses.csv"));
    assert_eq!(rows.len(), courses.len());
    let business = |d: NaiveDate| roster::calendar::is_business_day(&m.closures, d);
    for (r, c) in rows.iter().zip(&courses) {
        assert_eq!(r["course_id"], c["course_id"]);
        assert_eq!(r["course_name"], c["name"]);
        for col in [
            "application_start",
            "application_deadline",
            "interview_date",
            "start",
            "end",
            "completion_survey",
            "follow_up_1m",
            "follow_up_3m",
        ] {
            let v = &r[col];
            assert!(
                v.len() == 10 && NaiveDate::parse_from_str(v, "%Y-%m-%d").is_ok(),
                "{col} = {v}"
            );
        }
        assert_eq!(r["interview_start"], "13:00");
        assert_eq!(r["interview_end"], "16:00");
        for col in ["application_deadline", "interview_date", "start", "end"] {
            assert_eq!(r[col], c[col], "{col}");
        }
        let (open, deadline) = (
            day(&r["application_start"]),
            day(&r["application_deadline"]),
        );
        assert!(open < deadline && day(&r["interview_date"]) > deadline);
        // The application period: 20 business days, the deadline the last.
        let n = open
            .iter_days()
            .take_while(|d| *d <= deadline)
            .filter(|d| roster::calendar::is_business_day(&m.closures, *d))
            .count();
        assert_eq!(n, 20, "{}: {open} .. {deadline}", r["course_id"]);
        // TRN-10.
        let end = day(&r["end"]);
        assert_eq!(r["completion_survey"], r["end"]);
        for (col, months) in [("follow_up_1m", 1), ("follow_up_3m", 3)] {
            let f = day(&r[col]);
            let due = end.checked_add_months(Months::new(months)).expect("date");
            assert!(f >= due && business(f), "{col} {f} for {due}");
            assert!(
                due.iter_days().take_while(|d| *d < f).all(|d| !business(d)),
                "{col} {f}: the first business day on or after {due}"
            );
        }
    }
}

fn sheet(path: &Path, name: &str) -> Vec<Vec<String>> {
    let mut wb = open_workbook_auto(path).expect("workbook opens");
    let range = wb.worksheet_range(name).expect("sheet");
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|d| match d {
                    Data::String(s) => s.clone(),
                    Data::Float(f) => f.to_string(),
                    Data::Int(i) => i.to_string(),
                    Data::DateTime(x) => {
                        let base = NaiveDate::from_ymd_opt(1899, 12, 30).expect("epoch");
                        (base + chrono::Duration::days(x.as_f64() as i64)).to_string()
                    }
                    Data::Bool(b) => b.to_string(),
                    _ => String::new(),
                })
                .collect()
        })
        .collect()
}

/// Part 3: a 時間割 sheet per course with 曜日, period, subject, room, instructor and
/// assistant, matching sessions.csv and assignments.csv; the セッション sheet names the
/// assistant apart; the コース sheet has the application period, the interview time,
/// the completion survey and the follow-ups; the printable timetable page names every
/// course.
#[test]
fn issue18_timetables_and_the_course_and_session_sheets() {
    let plan = gifu_plan();
    let xlsx = plan.join("roster.xlsx");
    let names = open_workbook_auto(&xlsx).expect("opens").sheet_names();
    let (_, courses) = csv_rows(&plan.join("courses.csv"));
    let (_, sessions) = csv_rows(&plan.join("sessions.csv"));
    let (_, assignments) = csv_rows(&plan.join("assignments.csv"));
    let staff: HashMap<String, String> = csv_rows(&plan.join("staff.csv"))
        .1
        .into_iter()
        .map(|r| (r["staff_id"].clone(), r["name"].clone()))
        .collect();
    let mut assistants: BTreeMap<(String, String), String> = BTreeMap::new();
    for a in assignments.iter().filter(|a| a["role"] == "assistant") {
        assistants.insert(
            (a["date"].clone(), a["event_id"].clone()),
            staff[&a["staff_id"]].clone(),
        );
    }
    assert!(
        !assistants.is_empty(),
        "practicals of more than 15 have assistants"
    );
    let mut assistant_cells = 0;
    for c in &courses {
        let name = format!("時間割 {}", c["course_id"]);
        assert!(names.contains(&name), "{name} in {names:?}");
        let rows = sheet(&xlsx, &name);
        assert_eq!(
            rows[0],
            [
                "週",
                "日付",
                "曜日",
                "時限",
                "時間",
                "科目",
                "種類",
                "形態",
                "教室",
                "講師",
                "補助講師"
            ]
        );
        let own: Vec<&HashMap<String, String>> = sessions
            .iter()
            .filter(|s| s["course_id"] == c["course_id"])
            .collect();
        assert_eq!(rows.len() - 1, own.len(), "{name}");
        for (r, s) in rows.iter().skip(1).zip(&own) {
            assert_eq!(r[1], s["date"]);
            let wd = ["月", "火", "水", "木", "金", "土", "日"]
                [day(&s["date"]).weekday().num_days_from_monday() as usize];
            assert_eq!(r[2], wd);
            assert!(r[3].ends_with('限') || r[3] == "終日", "{}", r[3]);
            if let Some(a) = assistants.get(&(s["date"].clone(), s["session_id"].clone())) {
                assert!(
                    r[10].contains(a.as_str()),
                    "{name} {}: {a}",
                    s["session_id"]
                );
                assistant_cells += 1;
            }
        }
    }
    assert_eq!(assistant_cells, assistants.len());
    let ses = sheet(&xlsx, "セッション");
    assert_eq!(ses[0][8], "講師");
    assert_eq!(ses[0][9], "補助講師");
    let crs = sheet(&xlsx, "コース");
    for h in [
        "募集開始",
        "応募締切",
        "選考日",
        "選考時間",
        "修了時調査",
        "1か月後調査",
        "3か月後調査",
    ] {
        assert!(crs[0].iter().any(|x| x == h), "{h} in {:?}", crs[0]);
    }
    assert!(crs.iter().skip(1).all(|r| r[7] == "13:00～16:00"));
    let rec = sheet(&xlsx, "募集・選考日程");
    assert_eq!(rec.len(), courses.len() + 1);
    let page = std::fs::read_to_string(plan.join("timetable.html")).expect("timetable.html");
    for c in &courses {
        let name = c["name"].replace('(', "&#x28;");
        assert!(
            page.contains(&c["name"]) || page.contains(&name),
            "{} on the page",
            c["name"]
        );
    }
    assert!(page.contains("補助講師") && page.contains("時限"));
}

/// Part 3 and 4 after a re-plan (t02 away a week in July): a Japanese letter per person
/// told, notices.csv in Japanese sentences (no event id in them), the recruitment
/// sheet marked where a course moved (hr-1 to February), and calendars numbered
/// against the baseline's: an event nobody changed keeps SEQUENCE 0.
#[test]
fn issue18_replans_write_letters_japanese_notices_and_marked_recruitment() {
    let work = tempfile::tempdir().expect("temp");
    for (name, moved) in [
        ("t02-away-a-week-july.toml", false),
        ("hr-1-moved-to-february.toml", true),
    ] {
        let out = work.path().join(name);
        let o = roster_p(&[
            &"replan",
            &gifu_path(),
            &"--baseline",
            &gifu_plan(),
            &"--scenario",
            &root().join("scenarios/gifu").join(name),
            &"--out",
            &out,
            &"--time-limit",
            &"600",
        ]);
        assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
        assert_checks_clean(&gifu_path(), &out);
        let (head, notices) = csv_rows(&out.join("notices.csv"));
        assert!(head.contains(&"message".to_string()));
        assert!(!notices.is_empty(), "{name}: someone is told");
        let told: BTreeSet<&str> = notices.iter().map(|n| n["staff_id"].as_str()).collect();
        for id in &told {
            let letter = std::fs::read_to_string(out.join("notices").join(format!("{id}.txt")))
                .expect("a letter per person told");
            assert!(
                letter.contains("様") && letter.contains("お知らせいたします"),
                "{letter}"
            );
            assert!(
                !letter.contains("no longer") && !letter.contains(" at "),
                "{letter}"
            );
        }
        for n in &notices {
            assert!(
                !n["notice"].contains(n["event_id"].as_str()),
                "{}",
                n["notice"]
            );
            assert!(
                !n["notice"].contains("no longer") && !n["notice"].contains("new:"),
                "{}",
                n["notice"]
            );
            assert!(n["message"].contains("会場"), "{}", n["message"]);
        }
        let rec = sheet(&out.join("roster.xlsx"), "募集・選考日程");
        let hr = rec.iter().find(|r| r[0] == "hr-1").expect("hr-1 row");
        // The prefecture and Hello Work are told when the schedule they publish
        // changes, with the dates before and after; not otherwise.
        let partner = std::fs::read_to_string(out.join("recruitment-notice.txt"));
        if moved {
            let letter = partner.expect("recruitment-notice.txt after hr-1 moved");
            assert!(
                letter.contains("ハローワーク") && letter.contains("（hr-1）"),
                "{letter}"
            );
            assert!(
                letter.contains("応募締切：2023年12月12日(火) → 2024年1月11日(木)"),
                "{letter}"
            );
            assert!(!letter.contains("care-1"), "only hr-1 moved: {letter}");
        } else {
            assert!(partner.is_err(), "no recruitment change, no letter");
        }
        if moved {
            assert!(
                hr[12].contains("開講日") && hr[12].contains("変更前"),
                "{hr:?}"
            );
        } else {
            assert!(rec.iter().skip(1).all(|r| r[12].is_empty()), "{rec:?}");
        }
        // Calendars: an unchanged event keeps its SEQUENCE; none is raised for the
        // people no notice concerns.
        let before: HashMap<String, (String, u32)> = calendars(gifu_plan())
            .iter()
            .flat_map(|(_, c)| {
                c.components
                    .iter()
                    .filter_map(|x| x.as_event())
                    .map(|e| {
                        (
                            e.get_uid().unwrap_or("").to_string(),
                            (
                                e.property_value("X-ROSTER-FINGERPRINT")
                                    .unwrap_or("")
                                    .to_string(),
                                e.get_sequence().unwrap_or(0),
                            ),
                        )
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        let mut same = 0;
        for (path, cal) in calendars(&out) {
            let mut uids = BTreeSet::new();
            for e in cal.components.iter().filter_map(|x| x.as_event()) {
                let uid = e.get_uid().unwrap_or("");
                assert!(
                    uids.insert(uid.to_string()),
                    "{}: {uid} twice",
                    path.display()
                );
                let fp = e.property_value("X-ROSTER-FINGERPRINT").unwrap_or("");
                if let Some((was, seq)) = before.get(uid) {
                    if was == fp && e.property_value("STATUS") == Some("CONFIRMED") {
                        assert_eq!(e.get_sequence().unwrap_or(0), *seq, "{uid}");
                        same += 1;
                    } else {
                        assert_eq!(e.get_sequence().unwrap_or(0), seq + 1, "{uid}");
                    }
                }
            }
        }
        assert!(same > 800, "{same} events unchanged");
    }
}

/// Part 4: a classroom session left without a room is shown as such, not CONFIRMED,
/// and `check` reports it under TRN-5.
#[test]
fn issue18_a_session_without_a_room_is_tentative_and_breaks_trn_5() {
    let m = gifu();
    let mut plan = roster::plan::training::read_training_dir(gifu_plan()).expect("plan");
    let s = plan
        .sessions
        .iter_mut()
        .find(|s| s.kind == "practical" && s.mode == "offline")
        .expect("a practical");
    s.room.clear();
    s.room_area_m2 = None;
    s.room_seats = None;
    s.pcs = None;
    let id = s.session_id.clone();
    let found = roster::check::training::check(&m, &plan);
    assert!(
        found
            .iter()
            .any(|v| v.rule == roster::model::Rule::Trn5 && v.event_id == id),
        "{found:?}"
    );
    let files = roster::report::training_people::files(
        &m,
        &plan,
        roster::report::Lang::Ja,
        roster::report::plan::stamp_of(m.period.from),
        None,
        &roster::report::ics::Prior::default(),
    )
    .expect("renders");
    let mut seen = 0;
    for (name, bytes) in files.iter().filter(|(n, _)| n.ends_with(".ics")) {
        let cal = String::from_utf8_lossy(bytes)
            .parse::<Calendar>()
            .expect("parses");
        for e in cal.components.iter().filter_map(|c| c.as_event()) {
            if e.get_uid()
                .is_some_and(|u| u.starts_with(&format!("{id}-")))
            {
                seen += 1;
                assert_eq!(e.property_value("STATUS"), Some("TENTATIVE"), "{name}");
                assert!(
                    e.get_location().is_some_and(|l| l.contains("教室未定")),
                    "{name}"
                );
            }
        }
    }
    assert!(seen >= 1, "the session is in its instructor's calendar");
}

/// Part 5: `roster swap` and `roster diff` work on a training folder: a swap of one
/// day's sessions, a hand edit of assignments.csv, each written as a checked folder
/// with letters and a history link; an unknown person is E069 at the cell, an edit
/// that breaks TRN-2 is E055, nothing written.
#[test]
fn issue18_diff_and_swap_work_on_training_folders() {
    let base = gifu_plan();
    let (_, assignments) = csv_rows(&base.join("assignments.csv"));
    // A day t02 teaches programming and t01 (also qualified, TRN-2) is free.
    let t01_days: BTreeSet<&str> = assignments
        .iter()
        .filter(|a| a["staff_id"] == "t01")
        .map(|a| a["date"].as_str())
        .collect();
    let a = assignments
        .iter()
        .find(|a| {
            a["staff_id"] == "t02"
                && a["role"] == "instructor"
                && !t01_days.contains(a["date"].as_str())
                && a["event_id"].starts_with("dx-1-")
        })
        .expect("a day of t02 without t01");
    let date = a["date"].clone();
    let work = tempfile::tempdir().expect("temp");
    let swapped = work.path().join("swap");
    let o = roster_p(&[
        &"swap",
        &gifu_path(),
        &base,
        &"--date",
        &date,
        &"--replace",
        &"t02",
        &"--with",
        &"t01",
        &"--out",
        &swapped,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert_checks_clean(&gifu_path(), &swapped);
    for id in ["t01", "t02"] {
        assert!(
            swapped.join("notices").join(format!("{id}.txt")).exists(),
            "{id}"
        );
    }
    let (_, after) = csv_rows(&swapped.join("assignments.csv"));
    assert!(!after
        .iter()
        .any(|x| x["date"] == date && x["staff_id"] == "t02"));
    let h = std::fs::read_to_string(swapped.join("history.json")).expect("history");
    assert!(h.contains("hand-edit") && h.contains("roster swap"), "{h}");
    // diff: the same decision made in assignments.csv of a copy.
    let edited = work.path().join("edited");
    copy_dir(base, &edited);
    let text = std::fs::read_to_string(edited.join("assignments.csv")).expect("csv");
    let line = format!("{},{date},t02,instructor", a["event_id"]);
    assert!(text.contains(&line));
    std::fs::write(
        edited.join("assignments.csv"),
        text.replace(&line, &format!("{},{date},t99,instructor", a["event_id"])),
    )
    .expect("write");
    let out = work.path().join("diffed");
    let o = roster_p(&[&"diff", &gifu_path(), &base, &edited, &"--out", &out]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("error[E069]") && stderr(&o).contains("t09"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists());
    // t05 teaches care, not programming (TRN-2): refused.
    std::fs::write(
        edited.join("assignments.csv"),
        text.replace(&line, &format!("{},{date},t05,instructor", a["event_id"])),
    )
    .expect("write");
    let o = roster_p(&[&"diff", &gifu_path(), &base, &edited, &"--out", &out]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("error[E055]") && stderr(&o).contains("TRN-2"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists());
    std::fs::write(
        edited.join("assignments.csv"),
        text.replace(&line, &format!("{},{date},t01,instructor", a["event_id"])),
    )
    .expect("write");
    let preview = roster_p(&[&"diff", &base, &edited]);
    assert_eq!(preview.status.code(), Some(0), "{}", stderr(&preview));
    assert!(
        stdout(&preview).contains("担当者追加 1"),
        "{}",
        stdout(&preview)
    );
    let o = roster_p(&[&"diff", &gifu_path(), &base, &edited, &"--out", &out]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert_checks_clean(&gifu_path(), &out);
    let (_, changes) = csv_rows(&out.join("changes.csv"));
    assert_eq!(changes.len(), 2, "{changes:?}");
    assert!(out.join("notices/t01.txt").exists() && out.join("recruitment.csv").exists());
}

/// Part 5, as on the centre's: an edit made in `roster.xlsx`'s 担当一覧 sheet (the
/// staff id retyped, or only the name) is read by `roster diff` and written as a
/// checked folder; a date retyped in the sheet is refused (E053) with its cell,
/// nothing written.
#[test]
fn issue18_diff_reads_an_edit_made_in_the_training_workbook() {
    let base = gifu_plan();
    let rows = sheet(&base.join("roster.xlsx"), "担当一覧");
    let head = rows.first().expect("header row").clone();
    let col = |name: &str| head.iter().position(|h| h == name).expect(name);
    let (c_date, c_id, c_name, c_role, c_event) = (
        col("日付"),
        col("担当者ID"),
        col("氏名"),
        col("役割"),
        col("予定ID"),
    );
    // A day t02 teaches programming in dx-1 and t01 (also qualified, TRN-2) is free.
    let t01_days: BTreeSet<&str> = rows
        .iter()
        .filter(|r| r[c_id] == "t01")
        .map(|r| r[c_date].as_str())
        .collect();
    let i = rows
        .iter()
        .position(|r| {
            r[c_id] == "t02"
                && r[c_role] == "講師"
                && r[c_event].starts_with("dx-1-")
                && !t01_days.contains(r[c_date].as_str())
        })
        .expect("a day of t02 without t01");
    let t01_name = rows
        .iter()
        .find(|r| r[c_id] == "t01")
        .map(|r| r[c_name].clone())
        .expect("t01 named");
    let work = tempfile::tempdir().expect("temp");
    for (how, edit) in [("id", c_id), ("name", c_name)] {
        let edited = work.path().join(format!("edited-{how}"));
        copy_dir(base, &edited);
        let mut new = rows.clone();
        new[i][edit] = if edit == c_id {
            "t01".to_string()
        } else {
            t01_name.clone()
        };
        write_sheet(&edited, &new);
        let out = work.path().join(format!("out-{how}"));
        let o = roster_p(&[&"diff", &gifu_path(), &base, &edited, &"--out", &out]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{how}: {}{}",
            stdout(&o),
            stderr(&o)
        );
        let h = std::fs::read_to_string(out.join("history.json")).expect("history");
        assert!(h.contains("hand edit (roster.xlsx)"), "{h}");
        assert_checks_clean(&gifu_path(), &out);
        let (_, after) = csv_rows(&out.join("assignments.csv"));
        let (event, date) = (&rows[i][c_event], &rows[i][c_date]);
        assert!(after
            .iter()
            .any(|a| &a["event_id"] == event && a["staff_id"] == "t01"));
        assert!(!after
            .iter()
            .any(|a| &a["date"] == date && a["staff_id"] == "t02" && &a["event_id"] == event));
        assert!(out.join("notices/t01.txt").exists() && out.join("notices/t02.txt").exists());
    }
    // A date retyped in the sheet: refused where it was typed.
    let edited = work.path().join("edited-date");
    copy_dir(base, &edited);
    let mut new = rows.clone();
    new[i][c_date] = "2023-12-28".to_string();
    write_sheet(&edited, &new);
    let out = work.path().join("out-date");
    let o = roster_p(&[&"diff", &gifu_path(), &base, &edited, &"--out", &out]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("error[E053]") && stderr(&o).contains("2023-12-28"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists());
}
