//! Issue 11: a time limit that holds, an honest gap, and models that scale.

use std::time::Instant;

use super::support::*;

/// Regression: `--time-limit 60` used to return after 116 s (each stage and part took
/// the whole limit again, at least 1 s each). One deadline now covers the run.
#[test]
fn time_limit_holds_for_the_whole_run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("plan");
    let started = Instant::now();
    let o = roster_p(&[
        &"solve",
        &saitama(),
        &"--out",
        &out,
        &"--time-limit",
        &"2",
        &"--lang",
        &"en",
    ]);
    let took = started.elapsed().as_secs_f64();
    // The promise: within S + 2 s (here including process start and writing).
    assert!(took < 4.0, "--time-limit 2 took {took:.1} s");
    // A plan is written whatever the limit left time for; the independent checker finds
    // exactly what violations.csv lists (the same keys), not merely the same exit code.
    // (Whether a short limit still gives a clean year is
    // `short_time_limit_no_longer_leaves_seminars_without_a_lecturer`.)
    assert!(
        matches!(o.status.code(), Some(0) | Some(1)),
        "{}{}",
        stdout(&o),
        stderr(&o)
    );
    assert!(stdout(&o).contains("status: "), "{}", stdout(&o));
    let c = roster_p(&[&"check", &saitama(), &out]);
    assert_eq!(c.status.code(), o.status.code(), "{}", stdout(&c));
    assert_eq!(
        findings(&stdout(&c)),
        violation_keys(&out),
        "{}",
        stdout(&c)
    );
}

/// `--write-model DIR` writes every MILP solved as MPS with its MIP start beside it,
/// and the plan is the same as without it.
#[test]
fn write_model_exports_each_milp_with_its_start() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("plan");
    let models = dir.path().join("models");
    let o = roster_p(&[&"solve", &tiny(), &"--out", &out, &"--write-model", &models]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let mut names: Vec<String> = std::fs::read_dir(&models)
        .expect("model dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.contains(&"stage1-dates.mps".to_string()), "{names:?}");
    assert!(
        names.iter().any(|n| n.starts_with("stage2-part")),
        "{names:?}"
    );
    for n in names.iter().filter(|n| n.ends_with(".mps")) {
        let text = std::fs::read_to_string(models.join(n)).expect("mps");
        assert!(
            text.contains("ROWS") && text.contains("COLUMNS"),
            "{n} is MPS"
        );
        let start = models.join(n.replace(".mps", ".mst"));
        if start.exists() {
            let cols = std::fs::read_to_string(start).expect("mst");
            assert!(cols.lines().skip(1).all(|l| l.starts_with('c')), "{n}");
        }
    }
    let again = dir.path().join("again");
    let p = roster_p(&[&"solve", &tiny(), &"--out", &again]);
    assert_eq!(p.status.code(), Some(0));
    for f in ["events.csv", "assignments.csv", "teams.csv"] {
        assert_eq!(
            std::fs::read_to_string(out.join(f)).expect("plan"),
            std::fs::read_to_string(again.join(f)).expect("plan"),
            "{f} differs with --write-model"
        );
    }
}

/// Regression: a part without a bound made the reported gap 0. The summary now says
/// "unknown" and names the part.
#[test]
fn a_part_without_a_bound_leaves_the_gap_unknown() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("plan");
    // 0.06 s: HiGHS gets (next to) no time; every part keeps its starting plan. (How
    // much a given limit buys is measured in benches/, not asserted here.)
    let o = roster_p(&[
        &"solve",
        &saitama(),
        &"--out",
        &out,
        &"--time-limit",
        &"0.06",
        &"--lang",
        &"en",
    ]);
    let text = stdout(&o);
    assert!(text.contains("gap: unknown"), "{text}");
    assert!(
        text.contains("no bound on the real objective for: "),
        "{text}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("roster.json")).expect("json"))
            .expect("json");
    assert!(json["gap"].is_null(), "{}", json["gap"]);
    // With no time, stage 1 may place nothing: the plan then breaks the count rules.
    // Whatever it holds, the independent checker finds exactly what violations.csv
    // lists (the same (rule, date, event, person) keys), not merely the same exit code.
    let c = roster_p(&[&"check", &saitama(), &out]);
    assert_eq!(c.status.code(), o.status.code(), "{}", stdout(&c));
    assert_eq!(
        findings(&stdout(&c)),
        violation_keys(&out),
        "{}",
        stdout(&c)
    );
}

/// `roster generate` makes the K-times model: valid, deterministic, management single.
#[test]
fn generate_makes_separate_valid_copies_deterministically() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = dir.path().join("k2.toml");
    let b = dir.path().join("k2-again.toml");
    let o = roster_p(&[&"generate", &saitama(), &"--copies", &"2", &"--out", &a]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    // 41 staff (3 childcare workers since issue 17, SEM-7), of whom 3 are the office's
    // management: 41 + 38.
    assert!(stdout(&o).contains("16 municipalities, 79 staff, 1994 consultation days"));
    let p = roster_p(&[&"generate", &saitama(), &"--copies", &"2", &"--out", &b]);
    assert_eq!(p.status.code(), Some(0));
    assert_eq!(
        std::fs::read(&a).expect("k2"),
        std::fs::read(&b).expect("k2 again")
    );
    // The copy is a valid model (the calendar command validates it).
    let c = roster_p(&[&"calendar", &a, &"--format", &"csv"]);
    assert_eq!(c.status.code(), Some(0), "{}", stderr(&c));
    // Never overwritten by accident.
    std::fs::write(&b, "something else").expect("write");
    let q = roster_p(&[&"generate", &saitama(), &"--copies", &"3", &"--out", &b]);
    assert_eq!(q.status.code(), Some(2));
    assert!(stderr(&q).contains("E090"), "{}", stderr(&q));
    assert_eq!(std::fs::read_to_string(&b).expect("kept"), "something else");
}

/// `max_travel_km` is a model rule: nobody is placed or teamed beyond it, and the
/// checker agrees with the plan.
#[test]
fn max_travel_km_keeps_people_near_home() {
    // c2 lives in gamma: alpha is 16 km away, beta 47 km.
    let text = tiny_with(
        "experience_years = 2.5\nhome = \"gamma\"",
        "experience_years = 2.5\nhome = \"gamma\"\nmax_travel_km = 20.0",
    );
    let (dir, model) = temp_file("reach.toml", &text);
    let out = dir.path().join("plan");
    let o = roster_p(&[&"solve", &model, &"--out", &out]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let events = std::fs::read_to_string(out.join("events.csv")).expect("events");
    let at_beta: Vec<&str> = events
        .lines()
        .filter(|l| l.split(',').nth(5) == Some("beta"))
        .filter_map(|l| l.split(',').next())
        .collect();
    assert!(!at_beta.is_empty());
    let assignments = std::fs::read_to_string(out.join("assignments.csv")).expect("a");
    for line in assignments.lines().filter(|l| l.contains(",c2,")) {
        let event = line.split(',').next().unwrap_or("");
        assert!(!at_beta.contains(&event), "c2 sent beyond reach: {line}");
    }
    let teams = std::fs::read_to_string(out.join("teams.csv")).expect("teams");
    assert!(!teams.lines().any(|l| l == "beta,c2"), "{teams}");
    assert_checks_clean(&model, &out);
}

#[test]
fn max_travel_km_must_be_positive() {
    let text = tiny_with(
        "experience_years = 2.5\nhome = \"gamma\"",
        "experience_years = 2.5\nhome = \"gamma\"\nmax_travel_km = 0.0",
    );
    let (dir, model) = temp_file("bad-reach.toml", &text);
    let out = dir.path().join("plan");
    let o = roster_p(&[&"solve", &model, &"--out", &out]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("E093"), "{}", stderr(&o));
    assert!(!out.exists());
}

/// The default reach prunes nothing in the shipped model: every home is within it of
/// every venue, so the shipped year is solved exactly as without the rule.
#[test]
fn default_reach_covers_the_whole_shipped_region() {
    let m = roster::input::load_model(&saitama()).expect("shipped model");
    let reach = m.default_max_travel_km();
    assert!((reach - 115.0).abs() < 1.0, "default reach {reach}");
    for s in &m.staff {
        for v in &m.venues {
            let d = m.distance_km(s.home, v.place);
            assert!(d < reach, "{} to {}: {d:.0} km", s.id, v.id);
        }
    }
}

/// Regression: under a short time limit the plan returned was the old greedy start,
/// with 34 seminars without a lecturer (SEM-4) although rule-abiding years exist. The
/// constructive start (needs with the fewest candidates first, with a repair step) is
/// a full rule-abiding plan, so a time limit never turns a feasible year into one
/// with violations. Stage 1 (the dates) has no constructive start yet (issue 20), so
/// the limits are the shortest that leave it time to place every date on a machine
/// that also runs the rest of the suite (1 s did not, on a loaded 2-core machine).
#[test]
fn short_time_limit_no_longer_leaves_seminars_without_a_lecturer() {
    let path = saitama();
    let text = std::fs::read_to_string(&path).expect("shipped model");
    let model = roster::input::parse_model(&path, &text).expect("valid");
    for time_limit in [2.0, 4.0] {
        let opts = roster::milp::SolveOptions {
            time_limit,
            gap: 0.005,
            threads: 1,
            verbose: false,
            ..roster::milp::SolveOptions::default()
        };
        let plan = roster::solve(&model, &text, &opts).expect("a plan");
        // `roster::solve` merges the independent checker's findings; none may remain.
        assert!(
            plan.violations.is_empty(),
            "--time-limit {time_limit}: {:?}",
            plan.violations
        );
        assert!(roster::check::check(&model, &plan).is_empty());
    }
}

/// Issue 20: `generate --spacing DEG` lays the copies DEG apart. At 0.15° a copy's
/// municipalities lie within everyone's default reach of the next copy's (one connected
/// region); at the default 3° they do not (separate regions). A bad spacing is a usage
/// error with a sentence, and nothing is written.
#[test]
fn generate_spacing_puts_copies_within_reach_of_each_other() {
    use roster::model::Place;
    let dir = tempfile::tempdir().expect("temp dir");
    let near = dir.path().join("near.toml");
    let far = dir.path().join("far.toml");
    for (out, spacing) in [(&near, "0.15"), (&far, "3")] {
        let o = roster_p(&[
            &"generate",
            &saitama(),
            &"--copies",
            &"2",
            &"--spacing",
            &spacing,
            &"--out",
            out,
        ]);
        assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    }
    let gap = |path: &std::path::Path| {
        let text = std::fs::read_to_string(path).expect("model");
        let m = roster::input::parse_model(path, &text).expect("valid model");
        let at = |id: &str| {
            m.municipalities
                .iter()
                .position(|x| x.id == id)
                .map(Place::Municipality)
                .expect("municipality")
        };
        let first = m.municipalities[0].id.clone();
        let km = m.distance_km(at(&first), at(&format!("{first}-k1")));
        (km, m.default_max_travel_km())
    };
    let (km, reach) = gap(&near);
    assert!(km < reach, "0.15°: {km:.0} km apart, reach {reach:.0} km");
    let (km, reach) = gap(&far);
    assert!(km > reach, "3°: {km:.0} km apart, reach {reach:.0} km");
    let bad = dir.path().join("bad.toml");
    for spacing in ["0", "-1", "nan", "11"] {
        let flag = format!("--spacing={spacing}");
        let o = roster_p(&[
            &"generate",
            &saitama(),
            &"--copies",
            &"2",
            &flag,
            &"--out",
            &bad,
        ]);
        assert_eq!(o.status.code(), Some(2), "{spacing}: {}", stderr(&o));
        assert!(stderr(&o).contains("degrees"), "{}", stderr(&o));
        assert!(!bad.exists());
    }
}

/// Issue 20 (always a plan): two copies within reach of each other (one connected
/// region, one consultant part) solve under a short limit to a plan the independent
/// checker finds clean.
#[test]
fn connected_copies_solve_to_a_clean_plan_under_a_short_limit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let model = generated(dir.path(), "k2.toml", 2, "0.15");
    let out = dir.path().join("plan");
    let s = roster_p(&[
        &"solve",
        &model,
        &"--out",
        &out,
        &"--time-limit",
        &"30",
        &"--lang",
        &"en",
    ]);
    assert_eq!(s.status.code(), Some(0), "{}{}", stdout(&s), stderr(&s));
    assert_checks_clean(&model, &out);
}
