//! Issue 17, parts 3-5: childcare workers at Soka's women's seminars (SEM-7), someone
//! who meets CON-5 at each outreach seminar's consultation slots (OUT-1), and the
//! contract's targets beside the plan's capacity (KPI-1, the workbook's 目標 sheet).
//! Each figure is derived here from the plan's CSV files and the model, never from the
//! program's own summary.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use calamine::{open_workbook, Data, Reader, Xlsx};

use super::solve::{copy_plan, saitama_plan};
use super::support::*;
use roster::model::{Model, Role, Staff};

fn rows_of(path: &Path) -> Vec<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(path).expect("read");
    let mut rdr = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    rdr.deserialize().map(|r| r.expect("row")).collect()
}

fn model() -> Model {
    roster::input::load_model(&saitama()).expect("shipped model loads")
}

fn staff<'a>(m: &'a Model, id: &str) -> &'a Staff {
    m.staff.iter().find(|s| s.id == id).expect("staff id")
}

/// CON-5 read from the model's fields (register and years of practice), whatever the role.
fn meets_con5(m: &Model, s: &Staff) -> bool {
    (s.registered || !m.consultation.require_register)
        && s.experience_years >= m.consultation.min_experience_years
}

fn write_without(path: &Path, drop: impl Fn(&str) -> bool) {
    let (h, rows) = id_columns(path);
    let mut text = format!("\u{feff}{h}\n");
    for r in rows.iter().filter(|r| !drop(r)) {
        text.push_str(r);
        text.push('\n');
    }
    std::fs::write(path, text).expect("write");
}

fn caught(dir: &Path) -> Vec<String> {
    let o = roster_p(&[&"check", &saitama(), &dir]);
    assert_eq!(o.status.code(), Some(1), "not caught:\n{}", stdout(&o));
    findings(&stdout(&o))
}

#[test]
fn childcare_workers_at_each_soka_womens_seminar_of_the_shipped_plan() {
    let plan = saitama_plan();
    assert_checks_clean(&saitama(), plan);
    let m = model();
    let soka = m
        .seminar_quotas
        .iter()
        .find(|q| m.municipalities[q.municipality].id == "soka")
        .expect("soka quota");
    assert_eq!(
        soka.childcare_workers, 2,
        "the shipped model's assumption (SEM-7)"
    );
    let events = rows_of(&plan.join("events.csv"));
    let assignments = rows_of(&plan.join("assignments.csv"));
    let womens: Vec<&BTreeMap<String, String>> = events
        .iter()
        .filter(|e| e["kind"] == "seminar" && e["seminar_type"] == "women")
        .collect();
    let mut soka_seen = 0;
    for e in &womens {
        let carers: Vec<&str> = assignments
            .iter()
            .filter(|a| a["event_id"] == e["event_id"] && a["role"] == "childcare")
            .map(|a| a["staff_id"].as_str())
            .collect();
        if e["municipality"] == "soka" {
            soka_seen += 1;
            assert_eq!(carers.len(), 2, "{}", e["event_id"]);
            for c in carers {
                assert!(staff(&m, c).has(Role::Childcare), "{c}");
            }
        } else {
            // Tokorozawa uses the city's nursery: a booking deadline, nobody rostered.
            assert!(carers.is_empty(), "{}", e["event_id"]);
        }
    }
    assert_eq!(soka_seen, 6, "Soka holds 6 women's seminars (SEM-1)");
    // Their letters name the seminar: its type and theme (SEM-6).
    let letter = std::fs::read_to_string(plan.join("notices/h01.txt")).expect("h01's letter");
    assert!(letter.contains("女性向け「"), "{letter}");
    assert!(letter.contains("保育士"), "{letter}");
    let ics = std::fs::read_to_string(plan.join("calendars/h01.ics"))
        .expect("h01's calendar")
        .replace("\r\n ", "");
    assert!(
        ics.contains("SUMMARY:保育士：就職支援セミナー（草加市）"),
        "{ics}"
    );
    assert!(ics.contains("女性向け"), "{ics}");
}

#[test]
fn someone_meeting_con5_at_each_outreach_seminar_of_the_shipped_plan() {
    let plan = saitama_plan();
    assert_checks_clean(&saitama(), plan);
    let m = model();
    let events = rows_of(&plan.join("events.csv"));
    let assignments = rows_of(&plan.join("assignments.csv"));
    let outreach: Vec<&str> = events
        .iter()
        .filter(|e| e["kind"] == "outreach")
        .map(|e| e["event_id"].as_str())
        .collect();
    assert_eq!(outreach.len(), 3, "OUT-1");
    for id in outreach {
        let at: Vec<(&str, &Staff)> = assignments
            .iter()
            .filter(|a| a["event_id"] == id)
            .map(|a| (a["role"].as_str(), staff(&m, &a["staff_id"])))
            .collect();
        let lecturer_meets = at
            .iter()
            .any(|(r, s)| *r == "lecturer" && meets_con5(&m, s));
        let consultants: Vec<&Staff> = at
            .iter()
            .filter(|(r, _)| *r == "consultant")
            .map(|(_, s)| *s)
            .collect();
        for s in &consultants {
            assert!(s.has(Role::Consultant) && meets_con5(&m, s), "{}", s.id);
        }
        if lecturer_meets {
            assert!(
                consultants.is_empty(),
                "{id}: no consultant beside a qualified lecturer"
            );
        } else {
            assert_eq!(consultants.len(), 1, "{id}: one consultant for the slots");
        }
    }
}

#[test]
fn check_catches_a_soka_womens_seminar_without_childcare_workers() {
    let (_t, dir) = copy_plan(saitama_plan());
    let events = rows_of(&dir.join("events.csv"));
    let e = events
        .iter()
        .find(|e| e["municipality"] == "soka" && e["seminar_type"] == "women")
        .expect("a Soka women's seminar");
    let id = e["event_id"].clone();
    write_without(&dir.join("assignments.csv"), |r| {
        r.starts_with(&format!("{id},")) && r.ends_with(",childcare")
    });
    assert_eq!(caught(&dir), vec![format!("SEM-7 {} {id}", e["date"])]);
}

#[test]
fn check_catches_an_outreach_seminar_without_anyone_meeting_con5() {
    let (_t, dir) = copy_plan(saitama_plan());
    let assignments = rows_of(&dir.join("assignments.csv"));
    // The shipped outreach lecturers who do not meet CON-5 have a consultant beside
    // them; taking that consultant away leaves the slots without one.
    let a = assignments
        .iter()
        .find(|a| a["event_id"].starts_with("outreach-") && a["role"] == "consultant")
        .expect("an outreach seminar with a consultant for its slots");
    let id = a["event_id"].clone();
    write_without(&dir.join("assignments.csv"), |r| {
        r.starts_with(&format!("{id},")) && r.ends_with(",consultant")
    });
    assert_eq!(caught(&dir), vec![format!("OUT-1 {} {id}", a["date"])]);
}

fn number(d: &Data) -> Option<f64> {
    match d {
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        _ => None,
    }
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        _ => String::new(),
    }
}

#[test]
fn targets_sheet_shows_monthly_slots_and_seats_beside_the_targets() {
    let plan = saitama_plan();
    assert_checks_clean(&saitama(), plan);
    let events = rows_of(&plan.join("events.csv"));
    let assignments = rows_of(&plan.join("assignments.csv"));
    // CON-2: 5 slots per consultant and consultation day; seats: each event's capacity.
    let consultants: BTreeMap<&str, f64> = assignments
        .iter()
        .filter(|a| a["role"] == "consultant")
        .fold(BTreeMap::new(), |mut m, a| {
            *m.entry(a["event_id"].as_str()).or_default() += 1.0;
            m
        });
    let kinds = ["seminar", "outreach", "one-point", "job-fair", "roundtable"];
    let mut want: BTreeMap<String, [f64; 6]> = BTreeMap::new();
    for e in &events {
        let month = e["date"][..7].to_string();
        let row = want.entry(month).or_default();
        if e["kind"] == "consultation" {
            row[0] += 5.0
                * consultants
                    .get(e["event_id"].as_str())
                    .copied()
                    .unwrap_or(0.0);
        } else if let Some(i) = kinds.iter().position(|k| *k == e["kind"]) {
            row[1 + i] += e["capacity"].parse::<f64>().expect("capacity");
        }
    }
    let mut year = [0.0; 6];
    for r in want.values() {
        for (y, x) in year.iter_mut().zip(r) {
            *y += x;
        }
    }
    let mut wb: Xlsx<_> = open_workbook(plan.join("roster.xlsx")).expect("workbook");
    let sheet = wb.worksheet_range("目標").expect("目標 sheet");
    let rows: Vec<&[Data]> = sheet.rows().collect();
    assert_eq!(text(&rows[0][0]), "月");
    assert_eq!(text(&rows[0][1]), "相談枠");
    let mut months = BTreeSet::new();
    let mut saw_year = false;
    let mut targets: BTreeMap<String, f64> = BTreeMap::new();
    for r in &rows[1..] {
        let label = text(&r[0]);
        let figures: Vec<f64> = r.iter().skip(1).filter_map(number).collect();
        if let Some(w) = want.get(&label) {
            months.insert(label.clone());
            assert_eq!(&figures[..6], w, "{label}");
            assert_eq!(figures[6], w[1..].iter().sum::<f64>(), "{label}: seats");
            assert_eq!(
                figures[7],
                w.iter().sum::<f64>(),
                "{label}: slots and seats"
            );
        } else if label == "年間合計" {
            saw_year = true;
            assert_eq!(&figures[..6], &year, "the year's totals");
        } else if figures.len() == 1 {
            targets.insert(label, figures[0]);
        }
    }
    assert_eq!(months.len(), 12, "every month of the fiscal year");
    assert!(saw_year);
    // KPI-1's targets, as the seed states them (000 §2(1)).
    for (name, value) in [
        ("利用者数", 6750.0),
        ("利用者数（うち60歳以上）", 4600.0),
        ("利用者数（うち65歳以上）", 2120.0),
        ("就職確認者数", 900.0),
        ("就職確認者数（うち60歳以上）", 620.0),
        ("就職確認者数（うち65歳以上）", 340.0),
        ("新規開拓企業数", 300.0),
        ("職業紹介件数", 500.0),
        ("シニア向けインターンシップ参加者数", 100.0),
    ] {
        assert_eq!(targets.get(name), Some(&value), "{name}: {targets:?}");
    }
}

/// A childcare count or a target out of range is refused at its line (E017), an
/// unknown role names `childcare` among the roles (E018), and nothing is written.
#[test]
fn childcare_workers_targets_and_the_role_are_validated_where_written() {
    let refused = |text: &str| -> String {
        let (_dir, path) = temp_file("model.toml", text);
        let o = roster_p(&[&"calendar", &path, &"--format", &"csv"]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stdout(&o).is_empty(), "nothing is written on bad input");
        stderr(&o)
    };
    let text = tiny_with("women = 1\n", "women = 1\nchildcare_workers = 101\n");
    let err = refused(&text);
    assert!(
        err.contains("error[E017]")
            && err.contains("model.toml:99:")
            && err.contains("childcare_workers = 101"),
        "{err}"
    );
    let mut text = std::fs::read_to_string(tiny()).expect("tiny");
    text.push_str("\n[targets]\nusers = -5\n");
    let err = refused(&text);
    let line = text.lines().count();
    assert!(
        err.contains("error[E017]") && err.contains(&format!("model.toml:{line}:")),
        "{err}"
    );
    let text = tiny_with("roles = [\"manager\"]", "roles = [\"childcar\"]");
    let err = refused(&text);
    assert!(
        err.contains("error[E018]") && err.contains("did you mean `childcare`?"),
        "{err}"
    );
}
