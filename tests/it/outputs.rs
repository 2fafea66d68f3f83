//! Outputs people use: names in the CSVs, BOMs, the workbook, calendars, the HTML
//! calendar in a real browser, notices, and Japanese/English.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{open_workbook, Data, Reader, Xlsx};
use icalendar::{Calendar, Component, EventLike, EventStatus};

use super::solve::{read, saitama_plan};
use super::support::*;
use super::training::gifu_plan;

/// A CSV file's rows as column name -> value (BOM stripped).
fn csv_rows(p: &Path) -> Vec<HashMap<String, String>> {
    let bytes = std::fs::read(p).expect("read csv");
    let body = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
    let mut r = csv::Reader::from_reader(body);
    let headers: Vec<String> = r
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    r.records()
        .map(|rec| {
            let rec = rec.expect("row");
            headers
                .iter()
                .cloned()
                .zip(rec.iter().map(String::from))
                .collect()
        })
        .collect()
}

fn parse_ics(p: &Path) -> Calendar {
    read(p).parse::<Calendar>().expect("calendar parses")
}

/// (event id, ISO date) of a VEVENT, from its UID and DTSTART.
fn ics_day(e: &icalendar::Event) -> String {
    let start = e.property_value("DTSTART").expect("DTSTART");
    format!("{}-{}-{}", &start[0..4], &start[4..6], &start[6..8])
}

#[test]
fn every_csv_in_the_plan_folder_has_a_bom_and_names_beside_the_ids() {
    let plan = saitama_plan();
    for f in [
        "events.csv",
        "assignments.csv",
        "teams.csv",
        "staff.csv",
        "violations.csv",
        "notices.csv",
    ] {
        assert!(read(&plan.join(f)).starts_with('\u{feff}'), "{f} has a BOM");
    }
    let a = csv_rows(&plan.join("assignments.csv"));
    let row = a
        .iter()
        .find(|r| r["event_id"] == "con-kawagoe-20230712")
        .expect("Kawagoe consultation on 12 July");
    assert_eq!(row["weekday"], "水");
    assert_eq!(row["municipality_name"], "川越市");
    assert_eq!(row["venue_name"], "ウェスタ川越");
    assert_eq!(
        (row["start"].as_str(), row["end"].as_str()),
        ("09:45", "16:15")
    );
    assert!(!row["staff_name"].is_empty() && row["staff_name"] != row["staff_id"]);
    let e = csv_rows(&plan.join("events.csv"));
    assert!(e
        .iter()
        .all(|r| !r["venue_name"].is_empty() && !r["weekday"].is_empty()));
    assert!(e
        .iter()
        .filter(|r| r["kind"] != "outreach")
        .all(|r| !r["address"].is_empty()));
}

#[test]
fn calendar_and_holidays_csv_have_a_bom() {
    let o = roster_p(&[&"calendar", &saitama(), &"--format", &"csv"]);
    assert!(stdout(&o).starts_with('\u{feff}'));
    let o = roster(&[
        "holidays",
        "--from",
        "2023-01-01",
        "--to",
        "2023-12-31",
        "--format",
        "csv",
    ]);
    assert!(stdout(&o).starts_with("\u{feff}date,name"));
}

#[test]
fn holidays_in_japanese_show_japanese_weekdays() {
    let o = roster(&["holidays", "--from", "2023-01-01", "--to", "2023-01-31"]);
    assert!(
        stdout(&o).contains("2023-01-02  月  振替休日"),
        "{}",
        stdout(&o)
    );
    let o = roster(&[
        "holidays",
        "--from",
        "2023-01-01",
        "--to",
        "2023-01-31",
        "--lang",
        "en",
    ]);
    assert!(stdout(&o).contains("2023-01-02  Mon  振替休日"));
}

/// Excel's serial day number to an ISO date.
fn excel_day(serial: f64) -> String {
    let base = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).expect("epoch");
    (base + chrono::Duration::days(serial as i64)).to_string()
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::DateTime(x) => excel_day(x.as_f64()),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::String(s) => s.clone(),
        _ => String::new(),
    }
}

#[test]
fn workbook_reads_back_and_agrees_with_the_csv_files() {
    let plan = saitama_plan();
    let mut wb: Xlsx<_> = open_workbook(plan.join("roster.xlsx")).expect("workbook opens");
    let names = wb.sheet_names();
    for sheet in [
        "2023年4月",
        "2023年7月",
        "2024年3月",
        "担当一覧",
        "セミナー・イベント",
        "チーム",
        "月別勤務日数",
        "ルール違反",
    ] {
        assert!(
            names.iter().any(|n| n == sheet),
            "sheet {sheet} in {names:?}"
        );
    }
    assert_eq!(
        names.iter().filter(|n| n.ends_with('月')).count(),
        12,
        "one sheet per month"
    );
    // The assignment list is the CSV's rows, with real Excel dates.
    let list = wb.worksheet_range("担当一覧").expect("assignments sheet");
    let csv = csv_rows(&plan.join("assignments.csv"));
    let rows: Vec<Vec<String>> = list
        .rows()
        .skip(1)
        .map(|r| r.iter().map(cell_text).collect())
        .collect();
    assert_eq!(rows.len(), csv.len());
    assert!(
        list.rows()
            .nth(1)
            .is_some_and(|r| matches!(r[0], Data::DateTime(_))),
        "dates are Excel dates"
    );
    for (x, c) in rows.iter().zip(&csv) {
        assert_eq!(
            (&x[0], &x[8], &x[9], &x[12]),
            (&c["date"], &c["staff_id"], &c["staff_name"], &c["event_id"])
        );
    }
    // Seminars and events: every non-consultation, non-office event.
    let events = csv_rows(&plan.join("events.csv"));
    let sem = wb
        .worksheet_range("セミナー・イベント")
        .expect("events sheet");
    let want: Vec<&str> = events
        .iter()
        .filter(|e| e["kind"] != "consultation" && e["kind"] != "office")
        .map(|e| e["event_id"].as_str())
        .collect();
    let got: Vec<String> = sem.rows().skip(1).map(|r| cell_text(&r[15])).collect();
    assert_eq!(got, want);
    // Teams and days per person.
    let teams = wb.worksheet_range("チーム").expect("teams");
    assert_eq!(
        teams.rows().count() - 1,
        csv_rows(&plan.join("teams.csv")).len()
    );
    let days = wb.worksheet_range("月別勤務日数").expect("days");
    let c05: BTreeSet<String> = csv
        .iter()
        .filter(|r| r["staff_id"] == "c05")
        .map(|r| r["date"].clone())
        .collect();
    let row = days
        .rows()
        .find(|r| cell_text(&r[0]) == "c05")
        .expect("c05 row");
    assert_eq!(
        cell_text(&row[15]),
        c05.len().to_string(),
        "year total of c05"
    );
    // The July grid: 海の日 named, Kawagoe's 12 July shows its venue and consultant.
    let july = wb.worksheet_range("2023年7月").expect("July");
    let head: Vec<String> = july
        .rows()
        .nth(1)
        .expect("header")
        .iter()
        .map(cell_text)
        .collect();
    let kawagoe = head
        .iter()
        .position(|h| h == "川越市")
        .expect("Kawagoe column");
    let day = |iso: &str| {
        july.rows()
            .find(|r| cell_text(&r[0]) == iso)
            .expect("day row")
            .to_vec()
    };
    assert_eq!(cell_text(&day("2023-07-17")[2]), "海の日");
    assert_eq!(cell_text(&day("2023-07-12")[1]), "水");
    let who = csv
        .iter()
        .find(|r| r["event_id"] == "con-kawagoe-20230712")
        .map(|r| r["staff_name"].clone())
        .expect("consultant");
    let cell = cell_text(&day("2023-07-12")[kawagoe]);
    assert!(
        cell.contains("ウェスタ川越") && cell.contains(&who),
        "{cell}"
    );
    assert_eq!(
        cell_text(&july.rows().next().expect("title")[0]),
        "令和5年7月"
    );
}

#[test]
fn each_persons_calendar_holds_exactly_their_assignments() {
    let plan = saitama_plan();
    let csv = csv_rows(&plan.join("assignments.csv"));
    let mut want: BTreeMap<&str, BTreeSet<(String, String)>> = BTreeMap::new();
    for r in &csv {
        want.entry(r["staff_id"].as_str()).or_default().insert((
            format!("{}-{}@roster", r["event_id"], r["staff_id"]),
            r["date"].clone(),
        ));
    }
    for (person, rows) in &want {
        let cal = parse_ics(&plan.join(format!("calendars/{person}.ics")));
        let got: BTreeSet<(String, String)> = cal
            .events()
            .map(|e| (e.get_uid().expect("uid").to_string(), ics_day(e)))
            .collect();
        assert_eq!(&got, rows, "{person}'s calendar");
        let first = cal.events().next().expect("an event");
        assert!(first.property_value("DTSTART").is_some());
        assert_eq!(first.get_sequence(), Some(0));
        let venue = csv
            .iter()
            .find(|r| r["staff_id"] == *person)
            .map(|r| r["venue_name"].clone())
            .expect("a row");
        assert!(
            cal.events()
                .filter_map(|e| e.get_location())
                .any(|l| l.starts_with(&venue) && l.contains(',')),
            "{person}: venue name and address as LOCATION"
        );
    }
    let text = read(&plan.join("calendars/c05.ics"));
    assert!(text.contains("BEGIN:VTIMEZONE") && text.contains("DTSTART;TZID=Asia/Tokyo:"));
    // Municipality calendars: one VEVENT per event of the municipality.
    let events = csv_rows(&plan.join("events.csv"));
    let kawagoe: BTreeSet<String> = events
        .iter()
        .filter(|e| e["municipality"] == "kawagoe" && e["kind"] != "office")
        .map(|e| format!("{}@roster", e["event_id"]))
        .collect();
    let cal = parse_ics(&plan.join("calendars/kawagoe.ics"));
    let got: BTreeSet<String> = cal
        .events()
        .map(|e| e.get_uid().expect("uid").to_string())
        .collect();
    assert_eq!(got, kawagoe);
}

fn chromium(args: &[String]) -> String {
    let bin = Path::new("/usr/bin/chromium");
    assert!(
        bin.exists(),
        "headless Chromium is needed: run scripts/setup.sh"
    );
    let profile = tempfile::tempdir().expect("profile dir");
    let mut cmd = Command::new(bin);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
    ])
    .arg(format!("--user-data-dir={}", profile.path().display()))
    .args(args);
    let o = cmd.output().expect("chromium runs");
    assert!(
        o.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The value of attribute `name` in one tag's text.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let at = tag.find(&key)? + key.len();
    tag[at..].split('"').next()
}

/// The events the page shows after its script ran: (event id, date) of every
/// `div.ev` without `hidden`.
fn shown(dom: &str) -> BTreeSet<(String, String)> {
    dom.split("<div ")
        .skip(1)
        .filter_map(|t| t.split('>').next())
        .filter(|t| t.starts_with("class=\"ev ") && t.contains("data-event="))
        .filter(|t| !t.contains(" hidden"))
        .map(|t| {
            (
                attr(t, "data-event").unwrap_or_default().to_string(),
                attr(t, "data-date").unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn url(page: &Path, fragment: &str) -> String {
    format!("file://{}#{fragment}", page.display())
}

#[test]
fn html_calendar_shows_a_persons_and_a_municipalitys_days_in_headless_chromium() {
    let plan = saitama_plan();
    let page = plan.join("roster.html");
    let html = read(&page);
    assert!(
        !html.contains("http://") && !html.contains("https://") && !html.contains("<link"),
        "self-contained"
    );
    let csv = csv_rows(&plan.join("assignments.csv"));
    let dom = chromium(&["--dump-dom".into(), url(&page, "person=c05")]);
    assert!(dom.contains("data-view=\"person:c05\""));
    let want: BTreeSet<(String, String)> = csv
        .iter()
        .filter(|r| r["staff_id"] == "c05")
        .map(|r| (r["event_id"].clone(), r["date"].clone()))
        .collect();
    assert!(!want.is_empty());
    assert_eq!(shown(&dom), want, "c05's view shows exactly c05's days");
    let events = csv_rows(&plan.join("events.csv"));
    let dom = chromium(&["--dump-dom".into(), url(&page, "municipality=kawagoe")]);
    let want: BTreeSet<(String, String)> = events
        .iter()
        .filter(|e| e["municipality"] == "kawagoe" && e["kind"] != "office")
        .map(|e| (e["event_id"].clone(), e["date"].clone()))
        .collect();
    assert_eq!(
        shown(&dom),
        want,
        "Kawagoe's view shows exactly Kawagoe's events (office days left out)"
    );
    // A month for a person to look at.
    let shot = root().join("target/roster-html-2023-07.png");
    chromium(&[
        format!("--screenshot={}", shot.display()),
        "--window-size=1400,1000".into(),
        url(&page, "municipality=kawagoe&month=2023-07"),
    ]);
    assert!(
        std::fs::metadata(&shot).is_ok_and(|m| m.len() > 10_000),
        "screenshot written"
    );
    // Printing gives one A4 landscape page per month (12), in every view.
    for fragment in ["person=c05", "municipality=kawagoe", ""] {
        let pdf = root().join("target/roster-html-print.pdf");
        chromium(&[
            "--no-pdf-header-footer".into(),
            format!("--print-to-pdf={}", pdf.display()),
            url(&page, fragment),
        ]);
        let bytes = std::fs::read(&pdf).expect("pdf written");
        let text = String::from_utf8_lossy(&bytes);
        let pages = text.matches("/Type /Page").count() - text.matches("/Type /Pages").count();
        assert_eq!(pages, 12, "#{fragment}: one page per month");
        assert!(
            text.contains("/MediaBox [0 0 841.91998 594.95996]"),
            "A4 landscape"
        );
    }
}

fn replan_c08() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("r");
    let o = roster_p(&[
        &"replan",
        &saitama(),
        &"--baseline",
        &saitama_plan(),
        &"--scenario",
        &root().join("scenarios/c08-two-weeks-june.toml"),
        &"--out",
        &out,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains("違反: なし"),
        "summary in Japanese: {}",
        stdout(&o)
    );
    (dir, out)
}

#[test]
fn replan_cancels_taken_days_under_the_same_uids_and_tells_both_people() {
    let base = saitama_plan();
    let (_d, out) = replan_c08();
    for f in [
        "changes.csv",
        "notices.csv",
        "events.csv",
        "assignments.csv",
    ] {
        assert!(read(&out.join(f)).starts_with('\u{feff}'), "{f} has a BOM");
    }
    let changes = csv_rows(&out.join("changes.csv"));
    let swap = changes
        .iter()
        .find(|c| c["change"] == "staff-replaced")
        .expect("a replaced consultant");
    let (gone, came) = (
        swap["before"].split(' ').next().expect("id").to_string(),
        swap["after"].split(' ').next().expect("id").to_string(),
    );
    let uid = format!("{}-{gone}@roster", swap["event_id"]);
    // The person who lost the day: same UID, cancelled, SEQUENCE bumped.
    let before = parse_ics(&base.join(format!("calendars/{gone}.ics")));
    let old = before
        .events()
        .find(|e| e.get_uid() == Some(uid.as_str()))
        .expect("baseline event");
    let after = parse_ics(&out.join(format!("calendars/{gone}.ics")));
    let now = after
        .events()
        .find(|e| e.get_uid() == Some(uid.as_str()))
        .expect("still there");
    assert_eq!(now.get_status(), Some(EventStatus::Cancelled));
    assert!(now.get_sequence() > old.get_sequence());
    // Every assignment of the baseline that is gone is a cancellation in the new file.
    let new_rows: BTreeSet<String> = csv_rows(&out.join("assignments.csv"))
        .iter()
        .filter(|r| r["staff_id"] == gone)
        .map(|r| format!("{}-{gone}@roster", r["event_id"]))
        .collect();
    for e in before.events() {
        let u = e.get_uid().expect("uid");
        let n = after
            .events()
            .find(|x| x.get_uid() == Some(u))
            .expect("kept or cancelled");
        assert_eq!(
            n.get_status() == Some(EventStatus::Cancelled),
            !new_rows.contains(u),
            "{u}"
        );
    }
    // An assignment nothing changed keeps its SEQUENCE.
    let kept = after
        .events()
        .filter(|e| e.get_status() == Some(EventStatus::Confirmed))
        .find(|e| {
            let u = e.get_uid();
            before.events().any(|b| {
                b.get_uid() == u
                    && b.property_value("X-ROSTER-FINGERPRINT")
                        == e.property_value("X-ROSTER-FINGERPRINT")
            })
        })
        .expect("an unchanged event");
    assert_eq!(kept.get_sequence(), Some(0));
    // The one who steps in: a new event.
    let theirs = parse_ics(&out.join(format!("calendars/{came}.ics")));
    let new_uid = format!("{}-{came}@roster", swap["event_id"]);
    let e = theirs
        .events()
        .find(|e| e.get_uid() == Some(new_uid.as_str()))
        .expect("new event");
    assert_eq!(e.get_status(), Some(EventStatus::Confirmed));
    // Both get a letter in Japanese naming the date and the venue.
    let date = swap["date"].clone();
    let d = chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d").expect("date");
    let ja = roster::report::Lang::Ja.date(d);
    let venue = swap["venue_name"].clone();
    let gone_letter = read(&out.join(format!("notices/{gone}.txt")));
    let came_letter = read(&out.join(format!("notices/{came}.txt")));
    for letter in [&gone_letter, &came_letter] {
        assert!(letter.contains(&ja) && letter.contains(&venue), "{letter}");
        assert!(letter.contains("様") && letter.contains("お願いいたします"));
    }
    assert!(gone_letter.contains("ご担当が不要となった日程"));
    let gone_name = csv_rows(&base.join("staff.csv"))
        .into_iter()
        .find(|s| s["staff_id"] == gone)
        .map(|s| s["name"].clone())
        .expect("name");
    assert!(
        came_letter.contains(&format!("{gone_name}さんの代わり")),
        "{came_letter}"
    );
    let notices = csv_rows(&out.join("notices.csv"));
    assert!(notices.iter().any(|n| n["staff_id"] == came
        && n["replaces"] == gone_name
        && n["message"].contains(&ja)));
    // The workbook of a re-plan has its changes and notices.
    let wb: Xlsx<_> = open_workbook(out.join("roster.xlsx")).expect("workbook");
    assert!(
        wb.sheet_names().iter().any(|n| n == "変更")
            && wb.sheet_names().iter().any(|n| n == "連絡")
    );
}

#[test]
fn english_on_request() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("p");
    let o = roster_p(&[&"solve", &tiny(), &"--out", &out, &"--lang", &"en"]);
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", stderr(&o));
    assert!(stdout(&o).contains("status: ") && stdout(&o).contains("plan written to"));
    let letters: Vec<PathBuf> = std::fs::read_dir(out.join("notices"))
        .expect("notices")
        .flatten()
        .map(|e| e.path())
        .collect();
    let letter = read(letters.first().expect("a letter"));
    assert!(
        letter.starts_with("Dear ") && letter.contains("* Your days"),
        "{letter}"
    );
    let wb: Xlsx<_> = open_workbook(out.join("roster.xlsx")).expect("workbook");
    assert!(wb.sheet_names().iter().any(|n| n == "Assignments"));
}

/// Issue 9 for the training-provider kind: the workbook lists what the CSVs hold, and
/// each rostered person has a calendar holding exactly their assignments.
#[test]
fn training_plan_has_a_workbook_and_a_calendar_per_person() {
    let out = gifu_plan();
    for f in std::fs::read_dir(out).expect("plan").flatten() {
        if f.path().extension().is_some_and(|e| e == "csv") {
            let bytes = std::fs::read(f.path()).expect("csv");
            assert!(
                bytes.starts_with("\u{feff}".as_bytes()),
                "{:?} has a BOM",
                f.path()
            );
        }
    }
    let assignments = csv_rows(&out.join("assignments.csv"));
    assert!(!assignments.is_empty());
    let sessions = csv_rows(&out.join("sessions.csv"));
    // Workbook: the assignment list equals assignments.csv, the session list sessions.csv.
    let mut wb: Xlsx<_> = open_workbook(out.join("roster.xlsx")).expect("workbook opens");
    let names = wb.sheet_names();
    for s in ["コース", "セッション", "担当一覧", "職員"] {
        assert!(names.iter().any(|n| n == s), "sheet {s} in {names:?}");
    }
    let list = wb.worksheet_range("担当一覧").expect("assignments sheet");
    let from_sheet: BTreeSet<(String, String, String)> = list
        .rows()
        .skip(1)
        .map(|r| (cell_text(&r[0]), cell_text(&r[1]), cell_text(&r[4])))
        .collect();
    let from_csv: BTreeSet<(String, String, String)> = assignments
        .iter()
        .map(|r| {
            (
                r["date"].clone(),
                r["staff_id"].clone(),
                r["event_id"].clone(),
            )
        })
        .collect();
    assert_eq!(from_sheet, from_csv);
    let ses = wb.worksheet_range("セッション").expect("sessions sheet");
    // Issue 18: the instructor and the assistant in their own columns, the session id
    // after them.
    let ids: BTreeSet<String> = ses.rows().skip(1).map(|r| cell_text(&r[10])).collect();
    let csv_ids: BTreeSet<String> = sessions.iter().map(|r| r["session_id"].clone()).collect();
    assert_eq!(ids, csv_ids);
    // Calendars: one per rostered person, each with exactly that person's assignments;
    // a course-level event held on several days (on-site days, TRN-4) has one UID per
    // day (issue 18).
    let mut days: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for r in &assignments {
        days.entry(r["event_id"].clone())
            .or_default()
            .insert(r["date"].clone());
    }
    let mut want: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for r in &assignments {
        let event = &r["event_id"];
        let uid = if csv_ids.contains(event) || days[event].len() == 1 {
            format!("{event}-{}@roster", r["staff_id"])
        } else {
            format!(
                "{event}-{}-{}@roster",
                r["date"].replace('-', ""),
                r["staff_id"]
            )
        };
        want.entry(r["staff_id"].clone()).or_default().insert(uid);
    }
    let files: BTreeSet<String> = std::fs::read_dir(out.join("calendars"))
        .expect("calendars/")
        .flatten()
        .map(|f| f.file_name().to_string_lossy().to_string())
        .collect();
    let expected: BTreeSet<String> = want.keys().map(|k| format!("{k}.ics")).collect();
    assert_eq!(files, expected);
    for (who, uids) in &want {
        let cal = parse_ics(&out.join("calendars").join(format!("{who}.ics")));
        let got: BTreeSet<String> = cal
            .components
            .iter()
            .filter_map(|c| c.as_event())
            .filter_map(|e| e.get_uid().map(String::from))
            .collect();
        assert_eq!(&got, uids, "{who}");
    }
}

/// Issue 9: `roster diff` writes its CSVs with a BOM too (issue 16: as a whole plan
/// folder, which needs the model).
#[test]
fn diff_csvs_have_a_bom() {
    let dir = tempfile::tempdir().expect("temp");
    let out = dir.path().join("diff");
    let o = roster_p(&[
        &"diff",
        &saitama(),
        &saitama_plan(),
        &saitama_plan(),
        &"--out",
        &out,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for f in ["changes.csv", "notices.csv"] {
        assert!(read(&out.join(f)).starts_with('\u{feff}'), "{f} has a BOM");
    }
}

/// Every file under `dir` (relative path -> bytes).
fn files_under(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(dir: &Path, prefix: &str, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).expect("read dir").flatten() {
            let name = format!("{prefix}{}", e.file_name().to_string_lossy());
            if e.path().is_dir() {
                walk(&e.path(), &format!("{name}/"), out);
            } else {
                out.insert(name, std::fs::read(e.path()).expect("read"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, "", &mut out);
    out
}

/// Solves `model` through the CLI into a fresh folder (exit 0).
fn solve_again(model: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp");
    let out = dir.path().join("again");
    // The same limit as the plans it is compared with (`saitama_plan`, `gifu_plan`).
    let o = roster_p(&[&"solve", &model, &"--out", &out, &"--time-limit", &"900"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    (dir, out)
}

/// Regression: the training plan's roster.xlsx carried the wall clock as
/// docProps/core.xml `dcterms:created`, so two solves gave different workbooks. Every
/// file of the folder (roster.json too: the training kind keeps no solve time in it)
/// is now the same, byte for byte, across two solves made seconds apart.
#[test]
fn training_roster_xlsx_is_byte_repeatable_across_solves() {
    let first = files_under(gifu_plan());
    let (_d, again) = solve_again(&root().join("models/gifu-training-2023.toml"));
    let second = files_under(&again);
    assert!(first.contains_key("roster.xlsx") && first.contains_key("calendars/a01.ics"));
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &first {
        assert!(&second[name] == bytes, "{name} differs between two solves");
    }
}

/// Both kinds: a career-centre plan folder is the same across two solves, byte for
/// byte, except roster.json's `seconds` (docs/outputs.md).
#[test]
fn career_centre_plan_files_are_byte_repeatable_except_the_solve_time() {
    let first = files_under(saitama_plan());
    let (_d, again) = solve_again(&saitama());
    let second = files_under(&again);
    assert!(first.contains_key("roster.xlsx") && first.contains_key("calendars/kawagoe.ics"));
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    let no_seconds = |b: &[u8]| {
        let mut v: serde_json::Value = serde_json::from_slice(b).expect("roster.json");
        v.as_object_mut().expect("object").remove("seconds");
        v
    };
    for (name, bytes) in &first {
        if name == "roster.json" {
            assert_eq!(no_seconds(&second[name]), no_seconds(bytes));
        } else {
            assert!(&second[name] == bytes, "{name} differs between two solves");
        }
    }
}

/// Regression: roster.html's view `#municipality=kawagoe` showed the office days at the
/// Kawagoe office venue while `calendars/kawagoe.ics` left them out, and outreach events
/// held in a `[[town]]` (then ageo) were in no place's calendar. A place's calendar and its
/// HTML view now hold the same events: every event held there, office days left out;
/// a town that hosts an event has its own calendar and view.
#[test]
fn municipality_calendar_and_html_view_hold_the_same_events_towns_included() {
    let plan = saitama_plan();
    let events = csv_rows(&plan.join("events.csv"));
    assert!(
        events
            .iter()
            .any(|e| e["municipality"] == "kawagoe" && e["kind"] == "office"),
        "the shipped plan has office days at the Kawagoe venue"
    );
    let page = plan.join("roster.html");
    // A town that hosts an event in this plan (which town outreach goes to is the
    // solver's choice).
    let model = roster::input::load_model(&saitama()).expect("shipped model");
    let town = model
        .towns
        .iter()
        .map(|t| t.id.clone())
        .find(|t| events.iter().any(|e| &e["municipality"] == t))
        .expect("a town hosts an outreach seminar");
    for place in ["kawagoe", town.as_str()] {
        let want: BTreeSet<(String, String)> = events
            .iter()
            .filter(|e| e["municipality"] == place && e["kind"] != "office")
            .map(|e| (e["event_id"].clone(), e["date"].clone()))
            .collect();
        assert!(!want.is_empty(), "{place} has events");
        let cal = parse_ics(&plan.join(format!("calendars/{place}.ics")));
        let in_file: BTreeSet<(String, String)> = cal
            .events()
            .map(|e| {
                let uid = e.get_uid().expect("uid");
                let id = uid.strip_suffix("@roster").expect("roster uid");
                (id.to_string(), ics_day(e))
            })
            .collect();
        assert_eq!(in_file, want, "calendars/{place}.ics");
        let dom = chromium(&[
            "--dump-dom".into(),
            url(&page, &format!("municipality={place}")),
        ]);
        assert!(dom.contains(&format!("data-view=\"municipality:{place}\"")));
        assert_eq!(shown(&dom), want, "#municipality={place}");
    }
    let html = read(&page);
    let name = model
        .towns
        .iter()
        .find(|t| t.id == town)
        .map(|t| t.name.clone())
        .expect("town name");
    assert!(
        html.contains(&format!("<option value=\"{town}\">{name}</option>")),
        "a host town can be chosen"
    );
}

/// The rows of a workbook sheet as header -> text.
fn sheet_rows(path: &Path, sheet: &str) -> Vec<HashMap<String, String>> {
    let mut wb: Xlsx<_> = open_workbook(path).expect("workbook");
    let range = wb.worksheet_range(sheet).expect("sheet");
    let mut rows = range.rows();
    let head: Vec<String> = rows.next().expect("header").iter().map(cell_text).collect();
    rows.map(|r| {
        head.iter()
            .cloned()
            .zip(r.iter().map(cell_text))
            .collect::<HashMap<_, _>>()
    })
    .collect()
}

/// Regression: under `--lang ja` the workbook and roster.html showed raw ids for
/// seminar themes and modes (`entrepreneurship`, `offline`, `(digital-job-search
/// online)`) and the 変更 sheet a kind `team`. They show Japanese labels now; the ids
/// stay in events.csv's and changes.csv's id columns.
#[test]
fn japanese_workbook_and_html_label_themes_modes_and_team_changes() {
    let plan = saitama_plan();
    let ids = [
        "entrepreneurship",
        "home-based-work",
        "pension-and-work",
        "digital-job-search",
        "offline",
        "online",
    ];
    let events = csv_rows(&plan.join("events.csv"));
    assert!(
        events.iter().any(|e| e["theme"] == "entrepreneurship")
            && events.iter().any(|e| e["mode"] == "online"),
        "ids stay in events.csv"
    );
    let sheet = sheet_rows(&plan.join("roster.xlsx"), "セミナー・イベント");
    assert!(!sheet.is_empty());
    for r in &sheet {
        assert!(
            !ids.contains(&r["テーマ"].as_str()) && !ids.contains(&r["形式"].as_str()),
            "{r:?}"
        );
    }
    let online = sheet
        .iter()
        .find(|r| r["テーマ"] == "デジタル就職活動" && r["形式"] == "オンライン")
        .expect("an online one-point seminar in words");
    assert!(online["形式"] == "オンライン");
    assert!(sheet
        .iter()
        .any(|r| r["テーマ"] == "起業" && r["形式"] == "対面"));
    let html = read(&plan.join("roster.html"));
    for id in ids {
        assert!(
            !html.contains(&format!("({id}")),
            "{id} shown raw in roster.html"
        );
        assert!(
            !html.contains(&format!(" {id})")),
            "{id} shown raw in roster.html"
        );
    }
    assert!(html.contains("(デジタル就職活動 オンライン)"));
    // A re-plan's changes sheet: a team row is a チーム, changes.csv keeps `team`.
    let (_d, out) = replan_c08();
    assert!(csv_rows(&out.join("changes.csv"))
        .iter()
        .any(|c| c["kind"] == "team"));
    let changes = sheet_rows(&out.join("roster.xlsx"), "変更");
    assert!(changes.iter().any(|r| r["種別"] == "チーム"), "{changes:?}");
    assert!(changes.iter().all(|r| r["種別"] != "team"));
}

/// The UIDs of a calendar's VEVENTs by status (confirmed, cancelled), with SEQUENCE.
fn uids_by_status(cal: &Calendar) -> (BTreeMap<String, u32>, BTreeMap<String, u32>) {
    let (mut on, mut off) = (BTreeMap::new(), BTreeMap::new());
    for e in cal.events() {
        let uid = e.get_uid().expect("uid").to_string();
        let seq = e.get_sequence().unwrap_or(0);
        if e.get_status() == Some(EventStatus::Cancelled) {
            off.insert(uid, seq);
        } else {
            on.insert(uid, seq);
        }
    }
    (on, off)
}

/// Regression: a training re-plan's and what-if's (`--out`) folders had no roster.xlsx
/// and no calendars/, while the training solve's folder had both (issue 9: every plan
/// folder). They have them now; the calendars keep the baseline's UIDs, and what the
/// re-plan took away (t02's week in July) stays as STATUS:CANCELLED with a higher
/// SEQUENCE, so a phone that imported the baseline's file updates.
#[test]
fn training_replan_and_whatif_folders_have_workbook_and_calendars_with_cancellations() {
    let base = gifu_plan();
    let model = root().join("models/gifu-training-2023.toml");
    let scenario = root().join("scenarios/gifu/t02-away-a-week-july.toml");
    let dir = tempfile::tempdir().expect("temp");
    let out = dir.path().join("away");
    let o = roster_p(&[
        &"replan",
        &model,
        &"--baseline",
        &base,
        &"--scenario",
        &scenario,
        &"--out",
        &out,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let wb: Xlsx<_> = open_workbook(out.join("roster.xlsx")).expect("workbook");
    for s in ["コース", "セッション", "担当一覧", "職員", "変更", "連絡"] {
        assert!(wb.sheet_names().iter().any(|n| n == s), "sheet {s}");
    }
    let changes = sheet_rows(&out.join("roster.xlsx"), "変更");
    assert_eq!(changes.len(), csv_rows(&out.join("changes.csv")).len());
    assert!(
        changes.iter().any(|r| r["変更"] == "担当者取消"),
        "{changes:?}"
    );
    // Every rostered person's calendar: confirmed = their rows of assignments.csv (a
    // course-level event held on several days has one UID per day, issue 18).
    let assignments = csv_rows(&out.join("assignments.csv"));
    let sessions: BTreeSet<String> = csv_rows(&out.join("sessions.csv"))
        .iter()
        .map(|r| r["session_id"].clone())
        .collect();
    let mut days: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for r in &assignments {
        days.entry(r["event_id"].clone())
            .or_default()
            .insert(r["date"].clone());
    }
    let mut want: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for r in &assignments {
        let event = &r["event_id"];
        let uid = if sessions.contains(event) || days[event].len() == 1 {
            format!("{event}-{}@roster", r["staff_id"])
        } else {
            format!(
                "{event}-{}-{}@roster",
                r["date"].replace('-', ""),
                r["staff_id"]
            )
        };
        want.entry(r["staff_id"].clone()).or_default().insert(uid);
    }
    for (who, uids) in &want {
        let cal = parse_ics(&out.join(format!("calendars/{who}.ics")));
        let (on, _) = uids_by_status(&cal);
        assert_eq!(&on.keys().cloned().collect::<BTreeSet<_>>(), uids, "{who}");
    }
    // t02 lost days: each is cancelled under the baseline's UID, SEQUENCE bumped.
    let (before, _) = uids_by_status(&parse_ics(&base.join("calendars/t02.ics")));
    let (now, cancelled) = uids_by_status(&parse_ics(&out.join("calendars/t02.ics")));
    let taken: Vec<&String> = before.keys().filter(|u| !now.contains_key(*u)).collect();
    assert!(!taken.is_empty(), "t02 loses days");
    for uid in &taken {
        assert!(
            cancelled.get(*uid).is_some_and(|s| *s > before[*uid]),
            "{uid} cancelled with a higher SEQUENCE"
        );
    }
    assert_eq!(cancelled.len(), taken.len());
    // The one who steps in has the session as a new event.
    let rows = csv_rows(&out.join("changes.csv"));
    let added = rows
        .iter()
        .find(|c| c["change"] == "staff-added" && c["after"].ends_with("(instructor)"))
        .expect("an instructor steps in");
    let who = added["after"].split(' ').next().expect("id");
    let (theirs, _) = uids_by_status(&parse_ics(&out.join(format!("calendars/{who}.ics"))));
    assert!(theirs.contains_key(&format!("{}-{who}@roster", added["event_id"])));
    // what-if --out: the same folder contents for the same scenario.
    let wi = dir.path().join("wi");
    let o = roster_p(&[
        &"whatif",
        &model,
        &"--baseline",
        &base,
        &scenario,
        &"--out",
        &wi,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let folder = wi.join("t02-away-a-week-july");
    for f in ["roster.xlsx", "calendars/t02.ics", "calendars/t01.ics"] {
        assert!(
            std::fs::read(folder.join(f)).expect(f) == std::fs::read(out.join(f)).expect(f),
            "what-if {f} as the re-plan's"
        );
    }
}
