//! Count decisions (issue 16): `[[quota_change]]` cuts or adds a municipality's
//! seminars (SEM-1, SEM-8 on the new count), `[[series_change]]` an event series'
//! events (FAIR-1, ONE-1, ...), each re-planned from the shipped plan with the fewest
//! changes and checked by the independent checker.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::solve::saitama_plan;
use super::support::*;

/// The id columns of a plan CSV's rows, as a set.
fn row_set(p: &Path) -> BTreeSet<String> {
    id_columns(p).1.into_iter().collect()
}

fn col(row: &str, i: usize) -> &str {
    row.split(',').nth(i).unwrap_or("")
}

/// Re-plans `scenario` from `baseline` into a fresh folder: (exit, temp dir, out).
fn replan_from(baseline: &Path, scenario: &Path) -> (Option<i32>, tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("replan");
    let o = roster_p(&[
        &"replan",
        &saitama(),
        &"--baseline",
        &baseline,
        &"--scenario",
        &scenario,
        &"--out",
        &out,
        &"--time-limit",
        &"600",
    ]);
    assert_ne!(o.status.code(), Some(2), "{}{}", stdout(&o), stderr(&o));
    (o.status.code(), dir, out)
}

/// The change kinds of a re-plan's changes.csv.
fn change_kinds(out: &Path) -> Vec<String> {
    id_columns(&out.join("changes.csv"))
        .1
        .iter()
        .map(|r| col(r, 5).to_string())
        .collect()
}

/// The shipped scenario: one Tokorozawa senior seminar cut from 2023-10-01. Exit 0, a
/// clean check, exactly one seminar fewer (a senior one of Tokorozawa, after the
/// announced ones), no other event added, moved or restaffed.
#[test]
fn tokorozawa_senior_seminar_cut_removes_exactly_one_and_moves_nothing() {
    let scenario = root().join("scenarios/tokorozawa-senior-seminar-cut.toml");
    let (code, _d, out) = replan_from(saitama_plan(), &scenario);
    assert_eq!(code, Some(0));
    assert_checks_clean(&saitama(), &out);
    let (base, new) = (
        row_set(&saitama_plan().join("events.csv")),
        row_set(&out.join("events.csv")),
    );
    let gone: Vec<&String> = base.difference(&new).collect();
    let came: Vec<&String> = new.difference(&base).collect();
    assert!(came.is_empty(), "no event added or moved: {came:?}");
    assert_eq!(gone.len(), 1, "exactly one event fewer: {gone:?}");
    let cut = gone[0];
    // event_id,date,start,end,kind,municipality,venue,room,room_capacity,capacity,seminar_type
    assert_eq!(col(cut, 4), "seminar");
    assert_eq!(col(cut, 5), "tokorozawa");
    assert_eq!(col(cut, 10), "senior");
    // PR-1: seminars up to as_of + 2 months (2023-11-15) are announced; SEM-1 allows
    // the cut only from 2023-10-01.
    assert!(
        col(cut, 1) > "2023-11-15",
        "an unannounced seminar is cut: {cut}"
    );
    let (base_a, new_a) = (
        row_set(&saitama_plan().join("assignments.csv")),
        row_set(&out.join("assignments.csv")),
    );
    assert!(
        new_a.is_subset(&base_a),
        "no assignment added: {:?}",
        new_a.difference(&base_a).collect::<Vec<_>>()
    );
    // The cut seminar, and its flyer's deadline (PR-1) that goes with it.
    assert_eq!(change_kinds(&out), vec!["deadline-removed", "event-cut"]);
    let rows = id_columns(&out.join("changes.csv")).1;
    assert_eq!(
        col(&rows[0], 0),
        col(&rows[1], 0),
        "the deadline is the cut seminar's"
    );
    let changes = std::fs::read_to_string(out.join("changes.csv")).expect("changes");
    assert!(changes.contains("回数削減により中止"), "{changes}");
}

/// `[[series_change]]`: two job fairs fewer from December (FAIR-1, count per year) and
/// one one-point seminar a month from January (ONE-1, per month). Events before the
/// `from` dates stay; the checker judges the new counts and finds nothing.
#[test]
fn series_change_cuts_fairs_from_a_date_and_one_point_seminars_per_month() {
    let (_s, scenario) = temp_file(
        "series.toml",
        r#"name = "fewer fairs and one-point seminars"
as_of = "2023-10-01"

[[series_change]]
series = "job-fair"
from = "2023-12-01"
count = 10

[[series_change]]
series = "one-point"
from = "2024-01-01"
per_month = 1
"#,
    );
    let (code, _d, out) = replan_from(saitama_plan(), &scenario);
    assert_eq!(code, Some(0));
    assert_checks_clean(&saitama(), &out);
    let (base, new) = (
        row_set(&saitama_plan().join("events.csv")),
        row_set(&out.join("events.csv")),
    );
    let of = |rows: &BTreeSet<String>, kind: &str, from: &str, to: &str| -> Vec<String> {
        rows.iter()
            .filter(|r| col(r, 4) == kind && col(r, 1) >= from && col(r, 1) <= to)
            .cloned()
            .collect()
    };
    // Fairs: the same before December, two fewer in the year, none new.
    assert_eq!(
        of(&base, "job-fair", "", "2023-11-30"),
        of(&new, "job-fair", "", "2023-11-30")
    );
    assert_eq!(of(&new, "job-fair", "", "9").len(), 10);
    assert!(new
        .difference(&base)
        .all(|r| col(r, 4) != "job-fair" && col(r, 4) != "one-point"));
    // One-point: twice a month up to December, once a month from January.
    assert_eq!(
        of(&base, "one-point", "", "2023-12-31"),
        of(&new, "one-point", "", "2023-12-31")
    );
    for m in ["2024-01", "2024-02", "2024-03"] {
        let n = of(&new, "one-point", &format!("{m}-01"), &format!("{m}-31")).len();
        assert_eq!(n, 1, "one one-point seminar in {m}");
    }
    let kinds = change_kinds(&out);
    assert_eq!(kinds.iter().filter(|k| *k == "event-cut").count(), 5);
    assert!(!kinds
        .iter()
        .any(|k| k == "event-moved" || k == "event-added"));
}

/// An increase adds a seminar on or after `from` (SEM-8 judged on the new count: 13
/// a year allow 2 a month); an `[[undo]]` of a cut later in the chain brings the count
/// back, the missing seminar added from the undo's date.
#[test]
fn quota_increase_adds_after_from_and_undo_of_a_cut_adds_it_back() {
    let (_s, more) = temp_file(
        "more.toml",
        "name = \"one more\"\nas_of = \"2023-09-15\"\n\n[[quota_change]]\nmunicipality = \"tokorozawa\"\nfrom = \"2023-12-01\"\nsenior = 13\n",
    );
    let (code, _d, out) = replan_from(saitama_plan(), &more);
    assert_eq!(code, Some(0));
    assert_checks_clean(&saitama(), &out);
    let (base, new) = (
        row_set(&saitama_plan().join("events.csv")),
        row_set(&out.join("events.csv")),
    );
    assert!(base.is_subset(&new), "nothing removed or moved");
    let added: Vec<&String> = new.difference(&base).collect();
    assert_eq!(added.len(), 1, "{added:?}");
    assert_eq!(
        (col(added[0], 5), col(added[0], 10)),
        ("tokorozawa", "senior")
    );
    assert!(col(added[0], 1) >= "2023-12-01", "{added:?}");

    // A cut, then its undo from 2024-01-01 in a later re-plan of the chain.
    let cut = root().join("scenarios/tokorozawa-senior-seminar-cut.toml");
    let (code, _c, cut_out) = replan_from(saitama_plan(), &cut);
    assert_eq!(code, Some(0));
    let (_u, undo) = temp_file(
        "undo.toml",
        "name = \"seminar back\"\nas_of = \"2023-10-02\"\n\n[[undo]]\nscenario = \"Tokorozawa senior seminars 12 -> 11 from October\"\nmunicipality = \"tokorozawa\"\nfrom = \"2024-01-01\"\n",
    );
    let (code, _v, back) = replan_from(&cut_out, &undo);
    assert_eq!(code, Some(0));
    assert_checks_clean(&saitama(), &back);
    let (was, now) = (
        row_set(&cut_out.join("events.csv")),
        row_set(&back.join("events.csv")),
    );
    assert!(was.is_subset(&now));
    let added: Vec<&String> = now.difference(&was).collect();
    assert_eq!(added.len(), 1, "{added:?}");
    assert_eq!(col(added[0], 10), "senior");
    assert!(col(added[0], 1) >= "2024-01-01", "{added:?}");
}

/// Bad count decisions are refused with file, line, column and a fix (exit 2), and
/// nothing is written.
#[test]
fn bad_quota_and_series_changes_are_located_and_nothing_is_written() {
    let text = r#"name = "bad counts"
as_of = "2023-09-01"

[[quota_change]]
municipality = "tokorozawa"

[[quota_change]]
municipality = "chichibu"
senior = 2

[[quota_change]]
municipality = "tokorozwa"
senior = -1
from = "2023-08-01"

[[series_change]]
series = "job-fair"
per_month = 1

[[series_change]]
series = "one-point"
count = 20

[[series_change]]
series = "roundtable"
count = 5
per_month = 1

[[series_change]]
series = "outreach"
count = 2

[[series_change]]
series = "outreach"
count = 4

[[series_change]]
series = "job-fairs"
count = 10

[[quota_change]]
municipality = "soka"
women = 5

[[quota_change]]
municipality = "soka"
women = 4
"#;
    let (_d, file) = temp_file("counts.toml", text);
    let dir = tempfile::tempdir().expect("temp");
    let out = dir.path().join("x");
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
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    let err = stderr(&o);
    for (code, at) in [
        ("E120", "counts.toml:5:16"),
        ("E011", "counts.toml:8:16"),
        ("E011", "counts.toml:12:16"),
        ("E017", "counts.toml:13:10"),
        ("E021", "counts.toml:14:8"),
        ("E121", "counts.toml:18:13"),
        ("E121", "counts.toml:22:9"),
        ("E120", "counts.toml:25:10"),
        ("E010", "counts.toml:34:10"),
        ("E011", "counts.toml:38:10"),
        ("E010", "counts.toml:47:9"),
    ] {
        assert!(
            err.lines()
                .any(|l| l.contains(&format!("error[{code}]: ")) && l.contains(at)),
            "{code} at {at}:\n{err}"
        );
    }
    assert!(err.contains("did you mean `tokorozawa`?"), "{err}");
    assert!(err.contains("did you mean `job-fair`?"), "{err}");
    assert!(nothing_in(&out));

    // A monthly count applies to whole months (E122).
    let (_e, file) = temp_file(
        "mid.toml",
        "name = \"mid-month\"\nas_of = \"2023-09-01\"\n\n[[series_change]]\nseries = \"one-point\"\nfrom = \"2024-01-15\"\nper_month = 1\n",
    );
    let o = roster_p(&[&"check", &saitama(), &saitama_plan(), &"--scenario", &file]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(
        stderr(&o)
            .lines()
            .any(|l| l.contains("error[E122]: ") && l.contains("mid.toml:6:8")),
        "{}",
        stderr(&o)
    );
}
