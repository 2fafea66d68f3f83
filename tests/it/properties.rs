//! Property tests on generated small models, and a brute-force check of the optimum.

use std::path::Path;

use proptest::prelude::*;
use roster::milp::SolveOptions;
use roster::plan::Plan;

use super::support::*;

fn exact() -> SolveOptions {
    SolveOptions {
        time_limit: 60.0,
        gap: 0.0,
        threads: 1,
        verbose: false,
        ..SolveOptions::default()
    }
}

fn solve_text(text: &str) -> (roster::model::Model, Plan) {
    let model = roster::input::parse_model(Path::new("generated.toml"), text)
        .expect("generated model is valid");
    let plan = roster::solve(&model, text, &exact()).expect("solves");
    // Every solve goes through the independent checker: `roster::solve` merges its
    // findings, prefixed `checker:`; the solver must have explained every one itself.
    for v in &plan.violations {
        assert!(
            !v.message.starts_with("checker:"),
            "the checker found what the solver missed: {v}"
        );
    }
    (model, plan)
}

fn wd(mask: u8) -> String {
    let names = ["mon", "tue", "wed", "thu", "fri"];
    let list: Vec<String> = (0..5)
        .filter(|i| mask & (1 << i) != 0)
        .map(|i| format!("\"{}\"", names[i]))
        .collect();
    format!("[{}]", list.join(", "))
}

/// The tiny model with generated weekdays, leave, team minimum and seminar counts.
fn generated(
    c1_days: u8,
    c2_days: u8,
    leave_start: u32,
    leave_len: u32,
    team_min: u32,
    senior: u32,
) -> String {
    let from = chrono::NaiveDate::from_ymd_opt(2023, 4, 1).expect("date")
        + chrono::Duration::days(i64::from(leave_start));
    let to = from + chrono::Duration::days(i64::from(leave_len));
    tiny_with(
        "home = \"alpha\"\nweekdays = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]\ncontract_days_per_week = 2",
        &format!("home = \"alpha\"\nweekdays = {}\ncontract_days_per_week = 2", wd(c1_days)),
    )
    .replacen(
        "weekdays = [\"mon\", \"tue\", \"wed\", \"thu\"]",
        &format!("weekdays = {}", wd(c2_days)),
        1,
    )
    .replacen(
        "{ from = \"2023-08-14\", to = \"2023-08-18\" }",
        &format!("{{ from = \"{from}\", to = \"{to}\" }}"),
        1,
    )
    .replacen("team_min = 2", &format!("team_min = {team_min}"), 1)
    .replacen("senior = 3", &format!("senior = {senior}"), 1)
}

/// The objective without its fairness and contract terms (`[objective]` keys).
const NO_FAIRNESS: &str = "fairness = 0\ncontract_shortfall = 0\nfar_below_contract = 0";

fn strip_time(mut p: Plan) -> Plan {
    p.seconds = 0.0;
    p
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, failure_persistence: None, rng_seed: proptest::test_runner::RngSeed::Fixed(20230401), .. ProptestConfig::default() })]

    #[test]
    fn prop_checker_agrees_and_repeated_runs_are_identical(
        c1 in 1u8..32, c2 in 1u8..32, ls in 0u32..300, ll in 0u32..20, tm in 1u32..3, senior in 0u32..4,
    ) {
        let text = generated(c1, c2, ls, ll, tm, senior);
        let (_, a) = solve_text(&text);
        let (_, b) = solve_text(&text);
        prop_assert_eq!(strip_time(a), strip_time(b));
    }

    #[test]
    fn prop_adding_an_absence_never_improves_the_objective(
        c1 in 1u8..32, c2 in 1u8..32, ls in 0u32..300, ll in 0u32..20, extra_start in 0u32..340, extra_len in 0u32..30,
    ) {
        // Fair shares follow each person's available days (docs/model.md), so an
        // absence may lower a shortfall: monotone only without the fairness terms.
        let text = generated(c1, c2, ls, ll, 2, 3).replacen("fairness = 20", NO_FAIRNESS, 1);
        let (_, before) = solve_text(&text);
        let from = chrono::NaiveDate::from_ymd_opt(2023, 4, 1).expect("date") + chrono::Duration::days(i64::from(extra_start));
        let to = (from + chrono::Duration::days(i64::from(extra_len))).min(chrono::NaiveDate::from_ymd_opt(2024, 3, 31).expect("date"));
        let absent = text.replacen("max_days_per_year = 120\nprefers = [\"alpha\"]", &format!("max_days_per_year = 120\nprefers = [\"alpha\"]\nleave = [{{ from = \"{from}\", to = \"{to}\" }}]"), 1);
        prop_assume!(absent != text);
        let (_, after) = solve_text(&absent);
        prop_assert!(after.objective.total >= before.objective.total - 1e-6 * before.objective.total.abs().max(1.0),
            "absence improved the objective: {} -> {}", before.objective.total, after.objective.total);
    }

    #[test]
    fn prop_relaxing_a_quota_never_breaks_a_feasible_model(
        c1 in 1u8..32, c2 in 1u8..32, ls in 0u32..300, ll in 0u32..20, senior in 1u32..4,
    ) {
        let text = generated(c1, c2, ls, ll, 1, senior);
        let (_, full) = solve_text(&text);
        let relaxed = generated(c1, c2, ls, ll, 1, senior - 1);
        let (_, less) = solve_text(&relaxed);
        if full.violations.is_empty() {
            prop_assert!(less.violations.is_empty(), "relaxed quota broke the model: {:?}", less.violations);
        }
    }
}

/// A micro model (two weeks of consultations, no office, seminars or series) whose
/// optimum is enumerated by brute force over every team and every assignment.
#[test]
fn brute_force_confirms_the_optimum_on_a_micro_model() {
    let text = tiny_with(
        "days = [\"mon\", \"thu\"]",
        "days = [\"mon\", \"thu\"]\nfrom = \"2023-06-05\"\nuntil = \"2023-06-16\"",
    )
    .replacen(
        "nth = [1, 3]",
        "nth = [1, 3]\nfrom = \"2023-06-01\"\nuntil = \"2023-06-16\"",
        1,
    )
    .replacen(
        "weekdays = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]\nstart = \"09:00\"",
        "weekdays = []\nstart = \"09:00\"",
        1,
    )
    .replacen(
        "all-ages = 2\nsenior = 3\nwomen = 1",
        "all-ages = 0\nsenior = 0\nwomen = 0",
        1,
    )
    .replacen(
        "count = 1\nstart = \"13:00\"",
        "count = 0\nstart = \"13:00\"",
        1,
    )
    .replacen("fairness = 20", NO_FAIRNESS, 1);
    let (model, plan) = solve_text(&text);
    assert!(plan.violations.is_empty(), "{:?}", plan.violations);

    let cal = roster::calendar::build(&model);
    let days: Vec<_> = cal.consultation_days().cloned().collect();
    assert_eq!(days.len(), 5, "4 alpha days and one beta day");
    let qualified: Vec<usize> = model
        .staff
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            s.roles.contains(&roster::model::Role::Consultant)
                && s.registered
                && s.experience_years >= 1.0
        })
        .map(|(i, _)| i)
        .collect();
    let w = &model.objective;
    let nm = model.municipalities.len();
    let mut best = f64::INFINITY;
    // Every team: a bit per (person, municipality).
    for teams in 0u32..(1 << (qualified.len() * nm)) {
        let in_team = |k: usize, m: usize| teams & (1 << (k * nm + m)) != 0;
        if (0..nm).any(|m| {
            (0..qualified.len()).filter(|&k| in_team(k, m)).count()
                < model.municipalities[m].team_min as usize
        }) {
            continue;
        }
        let team_cost = f64::from(teams.count_ones()) * w.team_member;
        // Every assignment: one person per day.
        let combos = qualified.len().pow(days.len() as u32);
        for mut c in 0..combos {
            let mut cost = team_cost;
            let mut ok = true;
            let mut worked: Vec<(usize, chrono::NaiveDate)> = Vec::new();
            for day in &days {
                let k = c % qualified.len();
                c /= qualified.len();
                let p = qualified[k];
                let s = &model.staff[p];
                if !in_team(k, day.municipality)
                    || !s.available(day.date)
                    || worked.contains(&(p, day.date))
                {
                    ok = false;
                    break;
                }
                worked.push((p, day.date));
                cost += 2.0
                    * model.distance_km(s.home, model.venues[day.venue].place)
                    * w.travel_per_km;
                if !s.prefers.is_empty() && !s.prefers.contains(&day.municipality) {
                    cost += w.preference;
                }
            }
            // Weekly limits (the only ones that can bind in two weeks).
            for &p in &qualified {
                for week in [23u32, 24] {
                    let n = worked
                        .iter()
                        .filter(|(q, d)| *q == p && chrono::Datelike::iso_week(d).week() == week)
                        .count();
                    if n as u32 > model.staff[p].max_days_per_week {
                        ok = false;
                    }
                }
            }
            if ok && cost < best {
                best = cost;
            }
        }
    }
    assert!(best.is_finite());
    assert!(
        (plan.objective.total - best).abs() < 1e-6 * best,
        "solver {} vs brute force {best}",
        plan.objective.total
    );
}

/// Issue 11: the joint bound bounds the whole year, not only staffing given stage 1's
/// dates. Every plan of the tiny model whose seminars and outreach are confined to one
/// weekday is a rule-abiding plan of the unconfined model too (its dates are among the
/// unconfined model's choices), so no such plan may score below the unconfined
/// solve's joint bound. (The unconfined plan need not beat them: stage 1 is steered by
/// the relaxation, not solved jointly; on this model it is 0.8 % above the best.)
/// (Fairness is off: its targets are computed from each model's own candidates, so
/// confined models would be scored on another scale.)
#[test]
fn joint_bound_lies_below_every_date_choice() {
    let base = tiny_with("fairness = 20", NO_FAIRNESS);
    let (_, full) = solve_text(&base);
    assert!(full.violations.is_empty(), "{:?}", full.violations);
    assert!(
        full.solve.bound_of.contains("joint bound"),
        "{}",
        full.solve.bound_of
    );
    let bound = full.solve.bound.expect("the joint bound is known");
    let eps = 1e-6 * full.objective.total.abs().max(1.0);
    assert!(
        bound <= full.objective.total + eps,
        "bound {bound} above {}",
        full.objective.total
    );
    let weekdays = "weekdays = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]";
    let mut confined_best = f64::INFINITY;
    for day in ["mon", "tue", "wed", "thu", "fri"] {
        let one = format!("weekdays = [\"{day}\"]");
        // The first two weekday lists from `[seminars]` on: the seminars' and the
        // outreach series' (the office's comes third).
        let seminars_at = base.find("[seminars]").expect("seminars section");
        let (head, tail) = base.split_at(seminars_at);
        let tail = tail.replacen(weekdays, &one, 2);
        let text = format!("{head}{tail}");
        let (_, plan) = solve_text(&text);
        if !plan.violations.is_empty() {
            continue;
        }
        assert!(
            plan.objective.total >= bound - eps,
            "{day}: a plan at {} lies below the joint bound {bound}",
            plan.objective.total
        );
        confined_best = confined_best.min(plan.objective.total);
    }
    assert!(confined_best.is_finite(), "no confined model solved clean");
}

/// Whether `plan`'s joint bound lies at or below its objective.
fn joint_bound_below(plan: &Plan) -> Result<(), String> {
    if !plan.solve.bound_of.contains("joint bound") {
        return Err(format!("no joint bound: {}", plan.solve.bound_of));
    }
    let bound = plan.solve.bound.ok_or("the joint bound is unknown")?;
    let total = plan.objective.total;
    if bound <= total + 1e-6 * total.abs().max(1.0) {
        Ok(())
    } else {
        Err(format!("bound {bound} above {total}"))
    }
}

/// Whatever the joint relaxation gives, the bound a plan reports is a bound: on the
/// generated models whose joint bound came out above their plan before the whole-year
/// bound let consultants take outreach slots (the test below), a bound above the plan
/// is never reported (honest figures); the gap is then measured given the dates.
#[test]
fn the_reported_bound_never_lies_above_the_plan() {
    for (c1, c2, senior) in [(31u8, 15u8, 3u32), (7, 28, 1)] {
        let (_, plan) = solve_text(&generated(c1, c2, 120, 10, 2, senior));
        let total = plan.objective.total;
        eprintln!(
            "generated({c1}, {c2}): objective {total}, bound {:?} of {}",
            plan.solve.bound, plan.solve.bound_of
        );
        if let Some(bound) = plan.solve.bound {
            assert!(
                bound <= total + 1e-6 * total.abs().max(1.0),
                "generated({c1}, {c2}): bound {bound} above {total} ({})",
                plan.solve.bound_of
            );
        }
        assert!(plan.gap.is_none_or(|g| g >= 0.0), "{:?}", plan.gap);
    }
}

/// Issue 20 part 4: the tighter joint bound (days of undated events beside covering
/// work, a shared multi-place event placed once) still lies below the plan: on
/// generated tiny models (fairness off, as in the test above) and on the shipped year,
/// fairness on (whose plan the shared solve checked clean).
#[test]
fn joint_bound_lies_below_the_plan_on_generated_models_and_the_shipped_year() {
    for (c1, c2, senior) in [(31u8, 31u8, 3u32), (31, 31, 1)] {
        let text = generated(c1, c2, 120, 0, 2, senior).replacen("fairness = 20", NO_FAIRNESS, 1);
        let (_, plan) = solve_text(&text);
        assert!(plan.violations.is_empty(), "{:?}", plan.violations);
        if let Err(e) = joint_bound_below(&plan) {
            panic!("generated({c1}, {c2}, senior {senior}): {e}");
        }
    }
    let json = std::fs::read_to_string(super::solve::saitama_plan().join("roster.json"))
        .expect("the shipped plan's roster.json");
    let plan: serde_json::Value = serde_json::from_str(&json).expect("roster.json is JSON");
    let bound = plan["solve"]["bound"].as_f64().expect("a bound");
    let total = plan["objective"]["total"].as_f64().expect("an objective");
    assert!(
        plan["solve"]["bound_of"]
            .as_str()
            .is_some_and(|s| s.contains("joint bound")),
        "{}",
        plan["solve"]
    );
    assert!(bound <= total + 1e-6 * total, "bound {bound} above {total}");
}

/// Found while testing issue 20 part 4, and older than it: with the fairness and
/// contract terms on, the joint bound of generated tiny models lay above the plan
/// (6,529.6 against 6,505.9 on (31, 15)): the relaxation left an undated outreach
/// seminar's consultation slots (OUT-1) out, so a consultant short of their share could
/// not earn the day there that the plan gives them. The whole-year bound lets them.
/// (7, 28) of the test above is not here: its consultants cannot cover every
/// consultation day (CON-3), and the bound is on rule-abiding plans.
#[test]
fn joint_bound_with_fairness_lies_below_the_plan_on_generated_models() {
    for (c1, c2, senior) in [(31u8, 15u8, 3u32), (31, 31, 3), (31, 31, 1)] {
        let (_, plan) = solve_text(&generated(c1, c2, 120, 10, 2, senior));
        assert!(plan.violations.is_empty(), "{:?}", plan.violations);
        if let Err(e) = joint_bound_below(&plan) {
            panic!("generated({c1}, {c2}, senior {senior}): {e}");
        }
    }
}
