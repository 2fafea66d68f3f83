//! Consequences per person (issue 16, part 4): `affected.csv`, the terminal block and
//! the what-if columns agree with a recount from the plans' own files; yen is km × the
//! model's `[costs] travel_yen_per_km`, and said to be unset without one.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::solve::{read, saitama_plan};
use super::support::*;

/// A CSV file of a plan folder as maps column → value (BOM dropped).
fn csv_rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let text = read(path);
    let mut rdr = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    rdr.deserialize().map(|r| r.expect("a CSV row")).collect()
}

/// Distinct dates worked per person, from assignments.csv.
fn days_of(dir: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for r in csv_rows(&dir.join("assignments.csv")) {
        out.entry(r["staff_id"].clone())
            .or_default()
            .insert(r["date"].clone());
    }
    out
}

fn scenario(name: &str) -> PathBuf {
    root().join("scenarios").join(name)
}

/// The independent check of a re-plan against its scenario: clean.
fn checked(model: &Path, out: &Path, scenario: &Path) {
    let o = roster_p(&[&"check", &model, &out, &"--scenario", &scenario]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
}

#[test]
fn a_replan_writes_affected_csv_that_agrees_with_a_recount_of_assignments() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("c05");
    let file = scenario("c05-long-sick-leave.toml");
    let o = roster_p(&[
        &"replan",
        &saitama(),
        &"--baseline",
        &saitama_plan(),
        &"--scenario",
        &file,
        &"--out",
        &out,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    checked(&saitama(), &out, &file);
    // Printed, in Japanese by default; the shipped model gives no yen rate.
    let said = stdout(&o);
    assert!(said.contains("影響を受ける人: "), "{said}");
    assert!(said.contains("単価未設定"), "{said}");
    assert!(read(&out.join("affected.csv")).starts_with('\u{feff}'));
    let rows = csv_rows(&out.join("affected.csv"));
    let (before, after) = (days_of(saitama_plan()), days_of(&out));
    let empty = BTreeSet::new();
    // Everyone whose days differ is listed, with the recounted figures.
    let ids: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    let mut moved = 0;
    for id in ids {
        let b = before.get(id).unwrap_or(&empty);
        let a = after.get(id).unwrap_or(&empty);
        let gained = a.difference(b).count();
        let lost = b.difference(a).count();
        let row = rows.iter().find(|r| &r["staff_id"] == id);
        if gained + lost == 0 {
            if let Some(r) = row {
                assert_eq!(
                    (&r["days_gained"], &r["days_lost"]),
                    (&"0".into(), &"0".into())
                );
            }
            continue;
        }
        moved += gained + lost;
        let r = row.unwrap_or_else(|| {
            panic!("{id} gains {gained} and loses {lost} days but is not in affected.csv")
        });
        assert_eq!(r["days_before"], b.len().to_string(), "{id}");
        assert_eq!(r["days_after"], a.len().to_string(), "{id}");
        assert_eq!(r["days_gained"], gained.to_string(), "{id}");
        assert_eq!(r["days_lost"], lost.to_string(), "{id}");
        assert_eq!(r["yen_change"], "", "no rate, no yen: {id}");
        // By month: each month's +/- recounted.
        let mut months: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        for d in a.difference(b) {
            months.entry(d[..7].to_string()).or_default().0 += 1;
        }
        for d in b.difference(a) {
            months.entry(d[..7].to_string()).or_default().1 += 1;
        }
        let text: Vec<String> = months
            .iter()
            .map(|(m, (g, l))| {
                let mut s = m.clone();
                if *g > 0 {
                    s.push_str(&format!(" +{g}"));
                }
                if *l > 0 {
                    s.push_str(&format!(" -{l}"));
                }
                s
            })
            .collect();
        assert_eq!(r["months"], text.join("; "), "{id}");
    }
    assert!(moved > 0, "c05's sick leave moves days");
    // c05 is away: c05 loses days and is listed first in the terminal block.
    let c05 = rows
        .iter()
        .find(|r| r["staff_id"] == "c05")
        .expect("c05 listed");
    assert!(c05["days_lost"].parse::<u32>().expect("a count") > 0);
    // The 影響 sheet lists the same people (only a plan with a baseline has it).
    {
        use calamine::Reader;
        let mut wb: calamine::Xlsx<_> =
            calamine::open_workbook(out.join("roster.xlsx")).expect("xlsx");
        let sheet = wb.worksheet_range("影響").expect("the 影響 sheet");
        let ids: Vec<String> = sheet
            .rows()
            .skip(1)
            .take(rows.len())
            .map(|r| r[0].to_string())
            .collect();
        let csv_ids: Vec<String> = rows.iter().map(|r| r["staff_id"].clone()).collect();
        assert_eq!(ids, csv_ids);
    }
    // Teams joined agree with teams.csv of both folders.
    let teams = |d: &Path| -> BTreeSet<(String, String)> {
        csv_rows(&d.join("teams.csv"))
            .into_iter()
            .map(|r| (r["staff_id"].clone(), r["municipality"].clone()))
            .collect()
    };
    let (tb, ta) = (teams(saitama_plan()), teams(&out));
    for (s, m) in ta.difference(&tb) {
        let r = rows
            .iter()
            .find(|r| &r["staff_id"] == s)
            .expect("a joiner is listed");
        assert!(
            r["teams_joined"].split("; ").any(|x| x == m),
            "{s} joins {m}"
        );
    }
}

#[test]
fn whatif_shows_per_person_figures_for_each_scenario_with_headings_in_the_language() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("w");
    let (a, b) = (
        scenario("c08-two-weeks-june.toml"),
        scenario("c05-long-sick-leave.toml"),
    );
    let o = roster_p(&[
        &"whatif",
        &saitama(),
        &"--baseline",
        &saitama_plan(),
        &"--out",
        &out,
        &"--lang",
        &"en",
        &a,
        &b,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    for (stem, file) in [("c08-two-weeks-june", &a), ("c05-long-sick-leave", &b)] {
        checked(&saitama(), &out.join(stem), file);
    }
    let table = stdout(&o);
    let head = table.lines().next().unwrap_or("");
    for col in [
        "scenario",
        "people",
        "+days",
        "-days",
        "km-change",
        "yen-change",
        "objective-pts",
    ] {
        assert!(head.contains(col), "{col} in {head}");
    }
    assert!(
        !table.contains("cancel-$"),
        "objective points are never shown as money"
    );
    // Per scenario: the block of people affected, the absent person among them.
    for (name, who) in [
        ("c08 away two weeks in June", "c08"),
        ("c05 on sick leave", "c05"),
    ] {
        let section = table
            .split("\n== ")
            .find(|s| s.starts_with(name))
            .unwrap_or_else(|| panic!("a section for {name}:\n{table}"));
        assert!(section.contains("people affected: "), "{section}");
        assert!(
            section
                .lines()
                .any(|l| l.starts_with(&format!("  {who} ")) && l.contains("days ")),
            "{who} in {section}"
        );
    }
    // comparison.csv: the same figures as each folder's affected.csv.
    let cmp = csv_rows(&out.join("comparison.csv"));
    for (stem, name) in [
        ("c08-two-weeks-june", "c08 away"),
        ("c05-long-sick-leave", "c05 on sick"),
    ] {
        let row = cmp
            .iter()
            .find(|r| r["scenario"].starts_with(name))
            .expect("a row per scenario");
        let affected = csv_rows(&out.join(stem).join("affected.csv"));
        assert_eq!(row["people_affected"], affected.len().to_string());
        let sum = |c: &str| -> u32 {
            affected
                .iter()
                .map(|r| r[c].parse::<u32>().expect("n"))
                .sum()
        };
        assert_eq!(row["days_gained"], sum("days_gained").to_string());
        assert_eq!(row["days_lost"], sum("days_lost").to_string());
        assert_eq!(row["travel_yen_change"], "");
        assert!(!row["largest"].is_empty());
    }
    let base = cmp
        .iter()
        .find(|r| r["scenario"] == "baseline")
        .expect("baseline");
    assert_eq!(base["people_affected"], "0");
}

#[test]
fn whatif_headings_are_japanese_by_default() {
    let dir = tempfile::tempdir().expect("temp dir");
    let o = roster_p(&[
        &"whatif",
        &saitama(),
        &"--baseline",
        &saitama_plan(),
        &scenario("c08-two-weeks-june.toml"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let table = stdout(&o);
    let head = table.lines().next().unwrap_or("");
    for col in ["シナリオ", "影響人数", "増日", "減日", "円増減", "目的(点)"] {
        assert!(head.contains(col), "{col} in {head}");
    }
    assert!(table.contains("影響を受ける人: "), "{table}");
    drop(dir);
}

/// The tiny model with a yen rate, solved, then c1 away two weeks: every row's yen is
/// its km change × 15, and the totals say so.
#[test]
fn yen_is_km_times_the_rate() {
    let text =
        std::fs::read_to_string(tiny()).expect("tiny") + "\n[costs]\ntravel_yen_per_km = 15\n";
    let (dir, model) = temp_file("tiny-yen.toml", &text);
    let base = dir.path().join("base");
    let o = roster_p(&[&"solve", &model, &"--out", &base]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let sc = dir.path().join("c1-away.toml");
    std::fs::write(
        &sc,
        "name = \"c1 away two weeks\"\nas_of = \"2023-06-01\"\n\n[[absence]]\nstaff = \"c1\"\nfrom = \"2023-06-12\"\nto = \"2023-06-23\"\n",
    )
    .expect("scenario");
    let out = dir.path().join("new");
    let o = roster_p(&[
        &"replan",
        &model,
        &"--baseline",
        &base,
        &"--scenario",
        &sc,
        &"--out",
        &out,
        &"--lang",
        &"en",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    checked(&model, &out, &sc);
    let rows = csv_rows(&out.join("affected.csv"));
    assert!(!rows.is_empty(), "c1's absence affects someone");
    let mut total = 0.0;
    for r in &rows {
        let km: f64 = r["km_change"].parse().expect("km");
        let yen: f64 = r["yen_change"].parse().expect("yen with a rate");
        // km is shown to 0.1 km, yen from the exact km: within half a tenth × rate.
        assert!((yen - km * 15.0).abs() <= 0.05 * 15.0 + 0.5, "{r:?}");
        total += km;
        let before: f64 = r["km_before"].parse().expect("km");
        let after: f64 = r["km_after"].parse().expect("km");
        assert!((after - before - km).abs() < 0.11, "{r:?}");
    }
    let said = stdout(&o);
    assert!(said.contains("people affected: "), "{said}");
    assert!(said.contains(" yen)"), "{said}");
    assert!(total.abs() > 0.0 || rows.iter().all(|r| r["km_change"] == "0"));
    // The 影響 sheet is in the workbook of a plan with a baseline, not in the baseline's.
    let has_sheet = |d: &Path, name: &str| -> bool {
        use calamine::Reader;
        let wb: calamine::Xlsx<_> = calamine::open_workbook(d.join("roster.xlsx")).expect("xlsx");
        wb.sheet_names().iter().any(|s| s == name)
    };
    assert!(has_sheet(&out, "Affected"));
    assert!(!has_sheet(&base, "影響"));
}

#[test]
fn a_negative_yen_rate_is_a_located_error() {
    let text =
        std::fs::read_to_string(tiny()).expect("tiny") + "\n[costs]\ntravel_yen_per_km = -3\n";
    let (_dir, model) = temp_file("tiny-bad-yen.toml", &text);
    let out = _dir.path().join("never");
    let o = roster_p(&[&"solve", &model, &"--out", &out]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(
        err.contains("E017") && err.contains("travel_yen_per_km"),
        "{err}"
    );
    let line = text.lines().count();
    assert!(
        err.contains(&format!("tiny-bad-yen.toml:{line}:")),
        "line {line} named: {err}"
    );
    assert!(!out.exists(), "nothing written");
}
