//! Issue 20, part 5: next year as fast as this year. FY2024 (`new-year` of the shipped
//! model) makes c15 and c16 qualified consultants (CON-5: a year of practice) with a
//! contract floor; the constructive start gave them no day (they are nobody's cheapest
//! candidate before joining a team, CON-4), so stage 2 started far below their floor
//! and HiGHS spent minutes moving days to them. The start now lifts people far below
//! their floor (src/milp/stage2/warm_start.rs, `lift_far_short`).

use std::collections::BTreeMap;

use super::support::*;

/// Days each person works in a plan folder's assignments.csv.
fn days_by_person(plan: &std::path::Path) -> BTreeMap<String, usize> {
    let text = std::fs::read_to_string(plan.join("assignments.csv")).expect("assignments.csv");
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    let header: Vec<&str> = lines.next().expect("a header").split(',').collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .expect("a column of assignments.csv")
    };
    let (date, staff) = (col("date"), col("staff_id"));
    let mut days: BTreeMap<String, std::collections::BTreeSet<String>> = BTreeMap::new();
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        days.entry(cells[staff].to_string())
            .or_default()
            .insert(cells[date].to_string());
    }
    days.into_iter().map(|(k, v)| (k, v.len())).collect()
}

/// FY2024's model, from `new-year` of the shipped FY2023 model, in `dir`.
fn next_year(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let model = dir.path().join("saitama-2024.toml");
    let o = roster_p(&[&"new-year", &saitama(), &"--out", &model]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    model
}

/// `model` solved under a short limit (`--time-limit 30`, issue 20 part 1: always a
/// plan) into `dir`/plan, which must check clean. No wall-clock assert.
fn solve_short(dir: &tempfile::TempDir, model: &std::path::Path) -> std::path::PathBuf {
    let plan = dir.path().join("plan");
    let o = roster_p(&[
        &"solve",
        &model,
        &"--out",
        &plan,
        &"--time-limit",
        &"30",
        &"--lang",
        &"en",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert_checks_clean(model, &plan);
    plan
}

#[test]
fn next_year_gives_every_newly_qualified_consultant_days_even_on_a_short_limit() {
    let dir = tempfile::tempdir().expect("temp");
    let model = next_year(&dir);
    let new = roster::input::parse_model(&model, &std::fs::read_to_string(&model).expect("read"))
        .expect("the new model validates");
    // The qualified consultants with a contract (c15 and c16 among them in FY2024).
    let qualified: Vec<String> = new
        .staff
        .iter()
        .filter(|s| s.has(roster::model::Role::Consultant) && new.qualified_consultant(s))
        .filter(|s| s.contract_days_per_week > 0.0)
        .map(|s| s.id.clone())
        .collect();
    assert!(qualified.iter().any(|id| id == "c15") && qualified.iter().any(|id| id == "c16"));
    // A short limit (issue 20 part 1: always a plan): the plan is stage 2's start or
    // close to it, so it shows what the start gives them. No wall-clock assert.
    let plan = solve_short(&dir, &model);
    let days = days_by_person(&plan);
    for id in &qualified {
        assert!(
            days.get(id).copied().unwrap_or(0) > 0,
            "{id} is a qualified consultant with a contract floor and has no day: {days:?}"
        );
    }
}

// --- H29: the whole-year bound's "no team, no team days" rows (issue 20 part 5). ---

/// FY2024's reported whole-year bound (which now has `formulation::no_team_no_days`'s
/// rows in its consultant part) stays a bound: at or below the plan's real cost, on a
/// plan that checks clean. No wall-clock assert.
#[test]
fn next_year_whole_year_bound_stays_below_the_plan() {
    let dir = tempfile::tempdir().expect("temp");
    let model = next_year(&dir);
    let plan = solve_short(&dir, &model);
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(plan.join("roster.json")).expect("roster.json"),
    )
    .expect("roster.json parses");
    let total = json["objective"]["total"].as_f64().expect("a total");
    if let Some(bound) = json["solve"]["bound"].as_f64() {
        assert!(
            bound <= total + 1e-6,
            "the whole-year bound {bound} lies above the plan's cost {total}"
        );
    }
}

// --- H32: the start closes team memberships a team can do without (issue 20 part 5). ---

/// The members of each municipality's team (CON-4) in a plan folder's teams.csv, and
/// the (municipality, staff) pairs among them that staff none of the municipality's
/// consultation days.
fn idle_members(plan: &std::path::Path) -> (BTreeMap<String, usize>, Vec<(String, String)>) {
    let read = |name: &str| {
        let text = std::fs::read_to_string(plan.join(name)).expect("a plan file");
        let mut lines = text.trim_start_matches('\u{feff}').lines();
        let header: Vec<String> = lines
            .next()
            .expect("a header")
            .split(',')
            .map(String::from)
            .collect();
        let rows: Vec<Vec<String>> = lines
            .map(|l| l.split(',').map(String::from).collect())
            .collect();
        (header, rows)
    };
    let col = |header: &[String], name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .expect("a column of the plan file")
    };
    let (th, teams) = read("teams.csv");
    let (ah, days) = read("assignments.csv");
    let (tm, ts) = (col(&th, "municipality"), col(&th, "staff_id"));
    let (am, ast, ak) = (
        col(&ah, "municipality"),
        col(&ah, "staff_id"),
        col(&ah, "kind"),
    );
    let mut size: BTreeMap<String, usize> = BTreeMap::new();
    for t in &teams {
        *size.entry(t[tm].clone()).or_default() += 1;
    }
    let idle = teams
        .iter()
        .filter(|t| {
            !days
                .iter()
                .any(|a| a[ak] == "consultation" && a[am] == t[tm] && a[ast] == t[ts])
        })
        .map(|t| (t[tm].clone(), t[ts].clone()))
        .collect();
    (size, idle)
}

/// FY2024 under the short limit: the constructive start now closes whole memberships
/// a team can do without (`warm_start::close_teams`; the single moves before it never
/// emptied one, and the start kept 25 memberships where plans have 23), and a plan
/// close to the start keeps no member beyond a team's minimum who staffs none of its
/// days; the plan checks clean. No wall-clock assert.
#[test]
fn next_year_short_limit_plan_keeps_no_membership_a_team_can_do_without() {
    let dir = tempfile::tempdir().expect("temp");
    let model = next_year(&dir);
    let new = roster::input::parse_model(&model, &std::fs::read_to_string(&model).expect("read"))
        .expect("the new model validates");
    let plan = solve_short(&dir, &model);
    let (size, idle) = idle_members(&plan);
    let beyond: Vec<&(String, String)> = idle
        .iter()
        .filter(|(m, _)| {
            let min = new
                .municipalities
                .iter()
                .find(|x| &x.id == m)
                .map_or(0, |x| x.team_min as usize);
            size.get(m).copied().unwrap_or(0) > min
        })
        .collect();
    assert!(
        beyond.is_empty(),
        "members beyond their team's minimum without a day of it: {beyond:?}"
    );
}
