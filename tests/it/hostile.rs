//! Defects a hostile trial of the input layer found (issue 7), each reproduced.

use super::support::*;

/// Runs `solve` on a model text; asserts exit 2 with `code` located in the file and
/// nothing written; returns stderr.
fn solve_refused(text: &str, code: &str) -> String {
    let (dir, path) = temp_file("model.toml", text);
    let out = dir.path().join("out");
    let o = roster_p(&[&"solve", &path, &"--out", &out, &"--time-limit", &"40"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains(&format!("error[{code}]: ")), "{err}");
    assert!(err.contains("model.toml:"), "located: {err}");
    assert!(!out.exists(), "nothing written");
    // Refused at load, not after a solve (which HiGHS would not finish with a NaN):
    // nothing on stdout, no plan summary. (How long a refusal takes is measured in
    // benches/roster.rs, not asserted here.)
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));
    err
}

#[test]
fn regression_non_finite_coordinates_exit_2_at_once() {
    let err = solve_refused(&tiny_with("lat = 35.80", "lat = nan"), "E017");
    assert!(err.contains("lat = nan"), "{err}");
    assert!(err.contains(&format!(
        "model.toml:{}:7",
        line_of(&tiny_with("lat = 35.80", "lat = nan"), "lat = nan")
    )));
    solve_refused(&tiny_with("lon = 139.08", "lon = inf"), "E017");
    solve_refused(&tiny_with("lon = 139.08", "lon = -inf"), "E017");
    solve_refused(&tiny_with("lat = 35.90", "lat = 1e300"), "E017");
    solve_refused(&tiny_with("lon = 139.60", "lon = 181.0"), "E017");
}

#[test]
fn regression_every_float_a_user_writes_is_range_checked() {
    for (from, to) in [
        ("min_experience_years = 1.0", "min_experience_years = nan"),
        ("travel_per_km = 1.0", "travel_per_km = inf"),
        ("team_member = 200", "team_member = 1e300"),
        ("fairness = 20", "fairness = -1.0"),
        ("preference = 5", "preference = nan"),
        ("violation = 100000", "violation = inf"),
        ("contract_days_per_week = 5", "contract_days_per_week = 8.5"),
        ("contract_days_per_week = 2", "contract_days_per_week = nan"),
    ] {
        let err = solve_refused(&tiny_with(from, to), "E017");
        let key = to.split(' ').next().unwrap_or("");
        assert!(err.contains(key), "{to}: {err}");
    }
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap_or(0) + 1
}

#[test]
fn regression_a_pattern_venue_with_no_rooms_is_e016() {
    let text = tiny_with(
        "room = [{ id = \"consultation\", name = \"相談室\", capacity = 4 }]",
        "room = []",
    );
    let err = solve_refused(&text, "E016");
    assert!(err.contains("`beta-center` has no rooms"), "{err}");
}

/// Validates a scenario against the tiny model (via `check --scenario`, which loads the
/// scenario before the plan folder); returns (exit code, stderr).
fn scenario_errors(text: &str) -> (Option<i32>, String) {
    let (dir, path) = temp_file("scenario.toml", text);
    let o = roster_p(&[
        &"check",
        &tiny(),
        &dir.path().join("no-plan"),
        &"--scenario",
        &path,
    ]);
    (o.status.code(), stderr(&o))
}

#[test]
fn regression_loose_scenario_checks() {
    let head = "name = \"x\"\nas_of = \"2023-06-01\"\n";
    let (code, err) = scenario_errors(&format!(
        "{head}[[venue_change]]\nvenue = \"beta-center\"\nfrom = \"2023-07-01\"\nmove_to = \"beta-center\"\n"
    ));
    assert_eq!(code, Some(2));
    assert!(
        err.contains("error[E016]: ") && err.contains("scenario.toml:6:11"),
        "{err}"
    );
    assert!(err.contains("the venue this change closes"), "{err}");

    let (code, err) = scenario_errors(&format!(
        "{head}[[pattern_change]]\nmunicipality = \"alpha\"\nfrom = \"2023-07-03\"\ndays = [\"mon\"]\n\n[[pattern_change]]\nmunicipality = \"alpha\"\nfrom = \"2023-07-03\"\ndays = [\"tue\"]\n"
    ));
    assert_eq!(code, Some(2));
    assert!(
        err.contains("error[E010]: ") && err.contains("scenario.toml:10:8"),
        "{err}"
    );
    assert!(
        err.contains("a second [[pattern_change]] for `alpha`"),
        "{err}"
    );

    let (code, err) = scenario_errors(&format!(
        "{head}[[remove_staff]]\nstaff = \"c1\"\nfrom = \"2023-07-01\"\n\n[[remove_staff]]\nstaff = \"c1\"\nfrom = \"2023-08-01\"\n"
    ));
    assert_eq!(code, Some(2));
    assert!(
        err.contains("error[E010]: ") && err.contains("scenario.toml:8:9"),
        "{err}"
    );
    assert!(err.contains("removed twice"), "{err}");
}

#[test]
fn regression_a_toml_date_literal_says_to_quote_it() {
    let (code, err) = scenario_errors(
        "name = \"x\"\nas_of = \"2023-06-01\"\n[[absence]]\nstaff = \"c1\"\nfrom = 2023-07-03\nto = \"2023-07-05\"\n",
    );
    assert_eq!(code, Some(2));
    assert!(err.contains("scenario.toml:5:8"), "{err}");
    assert!(
        err.contains("put the date in quotes: \"2023-07-03\""),
        "{err}"
    );
    assert!(!err.contains("invalid type: map"), "{err}");
}

#[test]
fn regression_full_width_digits_say_so() {
    let text = tiny_with("capacity = 30 }", "capacity = １４４ }");
    let err = solve_refused(&text, "E003");
    assert!(err.contains("full-width"), "{err}");
    assert!(err.contains("digits: 144"), "{err}");
    assert!(!err.contains("string values must be quoted"), "{err}");
}

#[test]
fn regression_suggestions_match_substrings_and_japanese_names() {
    let text = std::fs::read_to_string(saitama()).expect("model");
    let pattern = "[[pattern]]\nmunicipality = \"kawagoe\"";
    let home = "home = \"saitama-omiya\"";
    for (from, wrong, want) in [
        (home, "home = \"omiya\"", "saitama-omiya"),
        (pattern, "[[pattern]]\nmunicipality = \"川越市\"", "kawagoe"),
        (pattern, "[[pattern]]\nmunicipality = \"川越\"", "kawagoe"),
        (
            pattern,
            "[[pattern]]\nmunicipality = \"Kawagoe\"",
            "kawagoe",
        ),
    ] {
        let bad = text.replacen(from, wrong, 1);
        assert_ne!(bad, text);
        let err = solve_refused(&bad, "E011");
        assert!(
            err.contains(&format!("did you mean `{want}`?")),
            "{wrong}: {err}"
        );
    }
    // Staff by name in a scenario.
    let (_, err) = scenario_errors(
        "name = \"x\"\nas_of = \"2023-06-01\"\n[[absence]]\nstaff = \"相談一美\"\nfrom = \"2023-07-03\"\nto = \"2023-07-05\"\n",
    );
    assert!(err.contains("did you mean `c1`?"), "{err}");
}
