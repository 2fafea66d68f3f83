//! CAL-1..CAL-5 and CON-1: the fiscal-year calendar.

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate, Weekday};
use roster::calendar::{self, holidays, DayStatus};
use roster::input;

use super::support::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn model_of(text: &str) -> roster::model::Model {
    input::parse_model(std::path::Path::new("test.toml"), text).expect("valid model")
}

#[test]
fn saitama_fy2023_has_997_consultation_days_and_49_substitutes() {
    let m = input::load_model(&saitama()).expect("shipped model is valid");
    let cal = calendar::build(&m);
    let days: Vec<_> = cal.consultation_days().collect();
    // Counted by hand from the patterns, the closures and the holiday fixture.
    let (total, on_holidays) = super::solve::consultation_days_by_the_rules();
    assert_eq!((total, on_holidays), (997, 49));
    assert_eq!(days.len(), total);
    let moved: Vec<_> = cal
        .entries
        .iter()
        .filter(|e| e.status == DayStatus::Moved)
        .collect();
    assert_eq!(moved.len(), on_holidays);
    assert!(
        moved.iter().all(|e| e.substitute_date.is_some()),
        "every holiday day is substituted"
    );
    let subs: Vec<_> = cal
        .entries
        .iter()
        .filter(|e| e.status == DayStatus::Substitute)
        .collect();
    assert_eq!(subs.len(), on_holidays);
    // Held days: every pattern day that is not a holiday or closed.
    let held = cal
        .entries
        .iter()
        .filter(|e| e.status == DayStatus::Held)
        .count();
    assert_eq!(held, total - on_holidays);

    let mut seen = HashSet::new();
    for e in &days {
        assert!(
            seen.insert((e.municipality, e.date)),
            "two consultation days of one municipality on {}",
            e.date
        );
        assert!(!holidays::is_holiday(e.date), "{} is a holiday", e.date);
        assert!(!m.closures.is_closed(e.date), "{} is closed", e.date);
        assert!(m.period.contains(e.date));
    }
    for s in &subs {
        let o = s.original_date.expect("substitute names its original");
        assert!(holidays::is_holiday(o), "{o} is not a holiday");
        assert_ne!(s.date.weekday(), Weekday::Sun);
        assert!(
            (s.date - o).num_days().abs() <= 14,
            "{} is more than 14 days from {o}",
            s.date
        );
        assert!(m.venues[s.venue].usable_on(s.date));
    }
}

#[test]
fn calendar_csv_has_the_documented_columns_and_statuses() {
    let o = roster_p(&[&"calendar", &saitama(), &"--format", &"csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("\u{feff}date,municipality,venue,status,original_date,substitute_date,note")
    );
    let rows: Vec<&str> = lines.collect();
    let count = |s: &str| {
        rows.iter()
            .filter(|r| r.split(',').nth(3) == Some(s))
            .count()
    };
    let (total, on_holidays) = super::solve::consultation_days_by_the_rules();
    assert_eq!(count("held") + count("substitute"), total);
    assert_eq!(count("moved"), on_holidays);
    assert!(
        count("closed") > 0,
        "year-end pattern days are listed as closed"
    );
    // Closed days carry their reason; Kawagoe's Wednesday 2024-01-03 is in the closure.
    assert!(rows.iter().any(|r| r.starts_with("2024-01-03,kawagoe,")
        && r.contains("closed")
        && r.contains("year-end")));
    // 2023-05-03 (Wednesday, 憲法記念日) moves for Soka.
    assert!(rows
        .iter()
        .any(|r| r.starts_with("2023-05-03,soka,") && r.contains(",moved,")));
}

#[test]
fn nth_weekday_pattern_gives_first_and_third_wednesdays() {
    let m = model_of(&std::fs::read_to_string(tiny()).expect("tiny"));
    let cal = calendar::build(&m);
    let beta: Vec<NaiveDate> = cal
        .entries
        .iter()
        .filter(|e| {
            m.municipalities[e.municipality].id == "beta" && e.status != DayStatus::Substitute
        })
        .map(|e| e.date)
        .collect();
    assert_eq!(beta.len(), 24, "two Wednesdays a month");
    for date in &beta {
        assert_eq!(date.weekday(), Weekday::Wed);
        assert!(
            matches!(date.day(), 1..=7 | 15..=21),
            "{date} is not a 1st or 3rd Wednesday"
        );
    }
    assert!(beta.contains(&d("2023-04-05")) && beta.contains(&d("2023-04-19")));
    assert!(!beta.contains(&d("2023-04-12")));
}

#[test]
fn validity_range_limits_a_pattern() {
    let text = tiny_with(
        "days = [\"wed\"]\nnth = [1, 3]",
        "days = [\"wed\"]\nnth = [1, 3]\nfrom = \"2023-10-01\"\nuntil = \"2023-12-31\"",
    );
    let m = model_of(&text);
    let cal = calendar::build(&m);
    let beta: Vec<_> = cal
        .entries
        .iter()
        .filter(|e| m.municipalities[e.municipality].id == "beta")
        .collect();
    assert!(!beta.is_empty());
    assert!(beta
        .iter()
        .all(|e| e.date >= d("2023-10-01") && e.date <= d("2024-01-14")));
}

#[test]
fn explicit_substitution_wins_over_the_proposal() {
    // 2023-05-04 (Thursday, みどりの日) is an alpha consultation day.
    let base = model_of(&std::fs::read_to_string(tiny()).expect("tiny"));
    let proposed = calendar::build(&base);
    let auto = proposed
        .entries
        .iter()
        .find(|e| e.status == DayStatus::Moved && e.date == d("2023-05-04"))
        .and_then(|e| e.substitute_date)
        .expect("a proposal");
    // Same ISO week, two days away either side: Tue 05-02 or Sat 05-06; a weekday wins the tie.
    assert_eq!(auto, d("2023-05-02"));
    let text = tiny_with(
        "substitute_max_days = 14",
        "substitute_max_days = 14\n[[calendar.substitution]]\nmunicipality = \"alpha\"\noriginal = \"2023-05-04\"\nsubstitute = \"2023-05-09\"",
    );
    let m = model_of(&text);
    let cal = calendar::build(&m);
    let moved = cal
        .entries
        .iter()
        .find(|e| e.status == DayStatus::Moved && e.date == d("2023-05-04"))
        .expect("moved");
    assert_eq!(moved.substitute_date, Some(d("2023-05-09")));
    assert!(cal.entries.iter().any(|e| e.status == DayStatus::Substitute
        && e.date == d("2023-05-09")
        && e.original_date == Some(d("2023-05-04"))));
}

#[test]
fn designated_closure_closes_without_substitute() {
    let text = tiny_with(
        "substitute_max_days = 14",
        "substitute_max_days = 14\n[[calendar.closure]]\ndate = \"2023-06-05\"\nnote = \"庁舎点検\"",
    );
    let m = model_of(&text);
    let cal = calendar::build(&m);
    let e = cal
        .entries
        .iter()
        .find(|e| e.date == d("2023-06-05"))
        .expect("pattern day listed");
    assert_eq!(e.status, DayStatus::Closed);
    assert!(e.note.contains("庁舎点検"));
    assert!(!cal
        .entries
        .iter()
        .any(|e| e.original_date == Some(d("2023-06-05"))));
}

#[test]
fn no_free_substitute_is_reported_not_dropped() {
    // Beta's venue usable only on Wednesdays, within 1 day: a holiday Wednesday has no substitute.
    let text = tiny_with("substitute_max_days = 14", "substitute_max_days = 1").replace(
        "usable = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]\nroom = [{ id = \"consultation\"",
        "usable = [\"wed\"]\nroom = [{ id = \"consultation\"",
    );
    let m = model_of(&text);
    let cal = calendar::build(&m);
    let missing: Vec<_> = cal.unsubstituted().collect();
    assert!(
        !missing.is_empty(),
        "some holiday Wednesday has no substitute"
    );
    assert!(missing.iter().all(|e| e.note.contains("no substitute day")));
}
