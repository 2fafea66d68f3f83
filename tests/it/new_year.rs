//! `roster new-year`: next fiscal year's model, comments and layout kept.

use std::path::Path;

use super::solve::{read, saitama_plan};
use super::support::*;

fn comment_lines(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| l.trim_start().starts_with('#'))
        .collect()
}

fn staff_field(m: &roster::model::Model, id: &str) -> (f64, u32) {
    let p = m.staff_index(id).expect("staff");
    (m.staff[p].experience_years, m.staff[p].seminars_given)
}

#[test]
fn new_year_of_the_shipped_model_gives_a_fy2024_model_that_solves_cleanly() {
    let dir = tempfile::tempdir().expect("temp");
    let out = dir.path().join("saitama-2024.toml");
    let o = roster_p(&[
        &"new-year",
        &saitama(),
        &"--out",
        &out,
        &"--plan",
        &saitama_plan(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let old_text = read(&saitama());
    let new_text = read(&out);
    // Every comment line is kept, in order; the layout too (same number of lines,
    // give or take nothing: leave arrays become empty on their own line).
    assert_eq!(comment_lines(&old_text), comment_lines(&new_text));
    let old = roster::input::parse_model(&saitama(), &old_text).expect("old model");
    let new = roster::input::parse_model(&out, &new_text).expect("the new model validates");
    assert_eq!(new.period.from.to_string(), "2024-04-01");
    assert!(
        new.name.contains("令和6年度") && new.name.contains("FY2024"),
        "{}",
        new.name
    );
    assert!(
        new.staff.iter().all(|s| s.leave.is_empty()),
        "past leave dropped"
    );
    // Experience grows by a year for people who worked; seminars given by the
    // seminars each lecturer gave in the plan (SEM-4).
    let (e0, g0) = staff_field(&old, "l01");
    let (e1, g1) = staff_field(&new, "l01");
    let given = id_columns(&saitama_plan().join("assignments.csv"))
        .1
        .iter()
        .filter(|l| l.starts_with("sem-") && l.ends_with(",l01,lecturer"))
        .count() as u32;
    assert!(given > 0);
    assert_eq!(g1, g0 + given);
    let _ = (e0, e1);
    let (c0, _) = staff_field(&old, "c01");
    let (c1, _) = staff_field(&new, "c01");
    assert_eq!(c1, c0 + 1.0);
    // It solves, and the independent checker agrees (through `solve` and `check`).
    let plan = dir.path().join("plan");
    let o = roster_p(&[
        &"solve",
        &out,
        &"--out",
        &plan,
        &"--gap",
        &"0.05",
        // The promise is a clean plan, not its speed: a limit no busy machine reaches.
        &"--time-limit",
        &"900",
        &"--lang",
        &"en",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("violations: none"));
    let o = roster_p(&[&"check", &out, &plan]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

fn model_copy(dir: &Path) -> std::path::PathBuf {
    let m = dir.join("model.toml");
    std::fs::copy(saitama(), &m).expect("copy");
    m
}

#[test]
fn new_year_never_overwrites_the_model_or_an_existing_file() {
    let dir = tempfile::tempdir().expect("temp");
    let model = model_copy(dir.path());
    let before = read(&model);
    let o = roster_p(&[&"new-year", &model, &"--out", &model, &"--force"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("E064"), "{}", stderr(&o));
    assert_eq!(read(&model), before);
    let other = dir.path().join("mine.toml");
    std::fs::write(&other, "# my notes\n").expect("write");
    let o = roster_p(&[&"new-year", &model, &"--out", &other]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("E065"), "{}", stderr(&o));
    assert_eq!(read(&other), "# my notes\n");
    let o = roster_p(&[&"new-year", &model, &"--out", &other, &"--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(read(&other).contains("fiscal_year = 2024"));
}

/// Issue 16, part 7: the year's decisions carry over. After the re-plan that adds c18
/// from 2023-10-01 and removes c12 from then, `new-year --plan` puts c18 in next year's
/// staff (employed half the year: experience 4.0 -> 4.5, no `start`) and leaves c12
/// out, with a warning line for each; the new model validates.
#[test]
fn new_year_carries_staff_added_and_removed_by_the_chain_with_a_warning_each() {
    let dir = tempfile::tempdir().expect("temp");
    let replanned = dir.path().join("c18");
    let o = roster_p(&[
        &"replan",
        &saitama(),
        &"--baseline",
        &saitama_plan(),
        &"--scenario",
        &root().join("scenarios/new-consultant-autumn.toml"),
        &"--out",
        &replanned,
        &"--time-limit",
        &"600",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert_checks_clean(&saitama(), &replanned);
    let out = dir.path().join("saitama-2024.toml");
    let o = roster_p(&[
        &"new-year",
        &saitama(),
        &"--out",
        &out,
        &"--plan",
        &replanned,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let said = stdout(&o);
    let warnings: Vec<&str> = said
        .lines()
        .filter(|l| l.starts_with("warning: "))
        .collect();
    assert_eq!(warnings.len(), 2, "{said}");
    assert!(
        warnings[0].starts_with("warning: c18 (小川 美穂) joined on 2023-10-01"),
        "{said}"
    );
    assert!(
        warnings[1].starts_with("warning: c12 (山田 修) left on 2023-10-01"),
        "{said}"
    );
    let text = read(&out);
    let new = roster::input::parse_model(&out, &text).expect("the new model validates");
    assert!(new.staff_index("c12").is_none(), "c12 left in FY2023");
    let (years, _) = staff_field(&new, "c18");
    assert_eq!(years, 4.5, "employed 183 of 366 days");
    let c18 = &new.staff[new.staff_index("c18").expect("c18 carried")];
    assert!(
        c18.leave.is_empty(),
        "employed from April 1: {:?}",
        c18.leave
    );
    assert_eq!(c18.contract_days_per_week, 2.0);
}

/// Experience grows by the time employed, rostered or not: c15 and c16 have no
/// assignment in the shipped plan and still gain a year (so they reach CON-5's year in
/// time); the share of a part year is exact.
#[test]
fn new_year_grows_experience_of_people_never_rostered() {
    let unrostered: Vec<String> = ["c15", "c16"]
        .iter()
        .filter(|id| {
            !id_columns(&saitama_plan().join("assignments.csv"))
                .1
                .iter()
                .any(|l| l.contains(&format!(",{id},")))
        })
        .map(|s| s.to_string())
        .collect();
    let dir = tempfile::tempdir().expect("temp");
    let out = dir.path().join("saitama-2024.toml");
    let o = roster_p(&[
        &"new-year",
        &saitama(),
        &"--out",
        &out,
        &"--plan",
        &saitama_plan(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let old = roster::input::parse_model(&saitama(), &read(&saitama())).expect("old");
    let new = roster::input::parse_model(&out, &read(&out)).expect("new");
    for id in ["c15", "c16"] {
        let (before, _) = staff_field(&old, id);
        let (after, _) = staff_field(&new, id);
        assert_eq!(after, before + 1.0, "{id} (unrostered: {unrostered:?})");
    }
    use roster::input::next_year::employed_share;
    let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
    assert_eq!(employed_share(old.period, None, None), 1.0);
    assert_eq!(employed_share(old.period, Some(d("2023-10-01")), None), 0.5);
    assert_eq!(
        employed_share(old.period, None, Some(d("2023-03-31"))),
        0.0,
        "ended before the year"
    );
}
