//! The consequences per person of a re-plan, a hand edit or a what-if, for people:
//! `affected.csv`, the rows of the workbook's 影響 sheet and the terminal block. The
//! figures come from [`crate::plan::affected::consequences`]; here they are only put
//! into words (labels from `labels::affected_words`), with yen only from the model's
//! `[costs] travel_yen_per_km`, never from objective points.

use std::fmt::Write as _;

use super::files::{csv_of, PlanFile};
use super::labels::{affected_words, fill, Lang};
use super::names::Names;
pub use super::rows::{AffectedRow, AFFECTED_COLUMNS};
use crate::plan::affected::{Consequences, ContractFlag, MonthChange, PersonChange};

/// The file of consequences per person in a plan folder with a baseline.
pub const AFFECTED: &str = "affected.csv";

/// How many people the terminal block lists by name (the rest are in affected.csv).
const SHOWN: usize = 15;

/// `x` rounded to one decimal, never `-0`.
fn tenth(x: f64) -> f64 {
    (x * 10.0).round() / 10.0 + 0.0
}

/// A signed count: `+2`, `-3`.
fn signed(n: i64) -> String {
    if n > 0 {
        format!("+{n}")
    } else {
        n.to_string()
    }
}

/// A signed number with one decimal: `+12.3`, `-4.0`.
fn signed_km(x: f64) -> String {
    let x = tenth(x);
    if x > 0.0 {
        format!("+{x:.1}")
    } else {
        format!("{x:.1}")
    }
}

/// Yen of `km` at the rate, whole yen.
fn yen_of(c: &Consequences, km: f64) -> Option<i64> {
    c.yen(km).map(|y| y.round() as i64)
}

/// A month's change for the CSV: `2023-10 +2 -1` (zero parts left out).
fn month_text(m: &MonthChange) -> String {
    let mut s = format!("{}-{:02}", m.year, m.month);
    if m.gained > 0 {
        let _ = write!(s, " +{}", m.gained);
    }
    if m.lost > 0 {
        let _ = write!(s, " -{}", m.lost);
    }
    s
}

/// A month's change for people: `10月 +2 -1` or `Oct +2 -1`.
fn month_words(m: &MonthChange, lang: Lang) -> String {
    let name = match lang {
        Lang::Ja => format!("{}月", m.month),
        Lang::En => chrono::NaiveDate::from_ymd_opt(m.year, m.month, 1).map_or_else(
            || format!("{}-{:02}", m.year, m.month),
            |d| d.format("%b").to_string(),
        ),
    };
    let mut s = name;
    if m.gained > 0 {
        let _ = write!(s, " +{}", m.gained);
    }
    if m.lost > 0 {
        let _ = write!(s, " -{}", m.lost);
    }
    s
}

/// A flag in words.
pub fn flag_text(f: ContractFlag, lang: Lang) -> &'static str {
    let w = affected_words(lang);
    match f {
        ContractFlag::Within => w.flags[0],
        ContractFlag::Under => w.flags[1],
        ContractFlag::Over => w.flags[2],
        ContractFlag::NoContract => w.flags[3],
    }
}

/// The rows of affected.csv (and of the 影響 sheet), by staff id.
pub fn rows(c: &Consequences, names: &Names) -> Vec<AffectedRow> {
    let places = |ids: &[String]| -> String {
        ids.iter()
            .map(|m| names.place(m))
            .collect::<Vec<_>>()
            .join("; ")
    };
    c.people
        .iter()
        .map(|p| AffectedRow {
            staff_id: p.staff_id.clone(),
            name: names.staff(&p.staff_id),
            days_before: p.days_before,
            days_after: p.days_after,
            days_gained: p.gained,
            days_lost: p.lost,
            months: p
                .months
                .iter()
                .map(month_text)
                .collect::<Vec<_>>()
                .join("; "),
            teams_joined: p.teams_joined.join("; "),
            teams_left: p.teams_left.join("; "),
            teams_joined_names: places(&p.teams_joined),
            teams_left_names: places(&p.teams_left),
            km_before: tenth(p.km_before),
            km_after: tenth(p.km_after),
            km_change: tenth(p.km_change()),
            yen_change: yen_of(c, p.km_change()),
            contracted_days: p.contracted_days.map(tenth),
            contract_before: p.flag_before.id(),
            contract_after: p.flag_after.id(),
            contract_text: if p.flag_after == ContractFlag::NoContract {
                ""
            } else {
                flag_text(p.flag_after, names.lang)
            },
        })
        .collect()
}

/// `affected.csv` of a plan with a baseline.
pub fn file(c: &Consequences, names: &Names) -> PlanFile {
    (AFFECTED.to_string(), csv_of(&rows(c, names)).into_bytes())
}

/// The totals in words: `5人（勤務日 +12 / -12、移動 +34.5 km、+518円）`.
pub fn totals(c: &Consequences, lang: Lang) -> String {
    let w = affected_words(lang);
    if c.people.is_empty() {
        return w.nobody.to_string();
    }
    let km = c.km_change();
    let yen = match yen_of(c, km) {
        Some(y) => format!("{}{}", signed(y), w.yen),
        None => w.yen_unset.to_string(),
    };
    let sep = if lang == Lang::Ja { "、" } else { ", " };
    let (open, close) = if lang == Lang::Ja {
        ("（", "）")
    } else {
        (" (", ")")
    };
    format!(
        "{}{open}{} +{} / -{}{sep}{} {} km{sep}{yen}{close}",
        fill(w.people, &[("n", &c.people.len())]),
        w.days,
        c.days_gained(),
        c.days_lost(),
        w.travel,
        signed_km(km),
    )
}

/// One person's line: days before and after with the months, teams, travel, contract.
pub fn person_line(p: &PersonChange, c: &Consequences, names: &Names) -> String {
    let lang = names.lang;
    let w = affected_words(lang);
    let sep = if lang == Lang::Ja { "、" } else { ", " };
    let mut parts = Vec::new();
    let months: Vec<String> = p.months.iter().map(|m| month_words(m, lang)).collect();
    let mut days = format!("{} {}→{}", w.days, p.days_before, p.days_after);
    if !months.is_empty() {
        let _ = write!(days, " ({})", months.join(", "));
    }
    parts.push(days);
    let teams = |ids: &[String]| {
        ids.iter()
            .map(|m| names.place(m))
            .collect::<Vec<_>>()
            .join("・")
    };
    if !p.teams_joined.is_empty() {
        parts.push(format!("{} {}", w.joins, teams(&p.teams_joined)));
    }
    if !p.teams_left.is_empty() {
        parts.push(format!("{} {}", w.leaves, teams(&p.teams_left)));
    }
    let km = p.km_change();
    let mut travel = format!("{} {} km", w.travel, signed_km(km));
    if let Some(y) = yen_of(c, km) {
        let _ = write!(travel, " ({}{})", signed(y), w.yen);
    }
    parts.push(travel);
    if matches!(p.flag_after, ContractFlag::Under | ContractFlag::Over) {
        parts.push(flag_text(p.flag_after, lang).to_string());
    }
    format!(
        "{} {}: {}",
        p.staff_id,
        names.staff(&p.staff_id),
        parts.join(sep)
    )
}

/// The terminal block: the totals, then the people with the largest changes.
pub fn block(c: &Consequences, names: &Names) -> String {
    let w = affected_words(names.lang);
    let mut s = String::new();
    let _ = writeln!(s, "{}: {}", w.heading, totals(c, names.lang));
    for p in c.largest(SHOWN) {
        let _ = writeln!(s, "  {}", person_line(p, c, names));
    }
    if c.people.len() > SHOWN {
        let _ = writeln!(s, "  {}", fill(w.more, &[("n", &(c.people.len() - SHOWN))]));
    }
    s
}

/// The people with the largest changes, short: `c05 -3, c06 +3`.
pub fn largest_short(c: &Consequences, n: usize) -> String {
    c.largest(n)
        .iter()
        .map(|p| format!("{} {}", p.staff_id, signed(p.days_change())))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::affected::ContractFlag;

    fn person(id: &str, before: u32, after: u32, km: f64) -> PersonChange {
        PersonChange {
            staff_id: id.into(),
            days_before: before,
            days_after: after,
            gained: after.saturating_sub(before),
            lost: before.saturating_sub(after),
            months: vec![MonthChange {
                year: 2023,
                month: 10,
                gained: after.saturating_sub(before),
                lost: before.saturating_sub(after),
            }],
            assignments_changed: 1,
            teams_joined: vec![],
            teams_left: vec![],
            km_before: 100.0,
            km_after: 100.0 + km,
            contracted_days: Some(100.0),
            flag_before: ContractFlag::Within,
            flag_after: ContractFlag::of(after, Some(100.0)),
        }
    }

    fn tiny() -> crate::model::Model {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny.toml");
        crate::input::load_model(&path).expect("tiny model")
    }

    #[test]
    fn yen_is_km_times_the_rate_and_said_unset_without_one() {
        let m = tiny();
        let names = Names::new(&m, Lang::Ja);
        let mut c = Consequences {
            people: vec![person("x1", 100, 70, -12.34)],
            yen_per_km: None,
        };
        let r = rows(&c, &names);
        assert_eq!(r[0].yen_change, None);
        assert_eq!(r[0].km_change, -12.3);
        assert_eq!(r[0].contract_after, "under");
        assert!(totals(&c, Lang::Ja).contains("単価未設定"));
        assert!(totals(&c, Lang::En).contains("yen not configured"));
        c.yen_per_km = Some(20.0);
        let r = rows(&c, &names);
        assert_eq!(r[0].yen_change, Some(-247));
        assert!(
            totals(&c, Lang::Ja).contains("-247円"),
            "{}",
            totals(&c, Lang::Ja)
        );
        assert!(block(&c, &names).contains("10月 -30"));
        let csv = String::from_utf8(file(&c, &names).1).expect("utf-8");
        assert!(csv.starts_with('\u{feff}'));
        assert!(csv.contains("2023-10 -30"));
    }

    #[test]
    fn an_empty_affected_csv_still_has_its_header() {
        let m = tiny();
        let names = Names::new(&m, Lang::Ja);
        let csv = String::from_utf8(file(&Consequences::default(), &names).1).expect("utf-8");
        assert_eq!(csv, format!("\u{feff}{AFFECTED_COLUMNS}\n"));
    }
}
