//! Bad input: exit 2, a coded message naming file, line and column, nothing written.

use super::support::*;

/// Runs `calendar` on a model text; asserts exit 2, empty stdout; returns stderr.
fn rejected(text: &str) -> String {
    let (_dir, path) = temp_file("model.toml", text);
    let o = roster_p(&[&"calendar", &path, &"--format", &"csv"]);
    assert_eq!(o.status.code(), Some(2), "stderr: {}", stderr(&o));
    assert!(stdout(&o).is_empty(), "nothing is written on bad input");
    let err = stderr(&o);
    assert!(err.contains("model.toml"), "names the file: {err}");
    err
}

/// Finds the line number the message gives for `code`.
fn line_of(err: &str, code: &str) -> usize {
    let line = err
        .lines()
        .find(|l| l.contains(&format!("error[{code}]")))
        .unwrap_or_else(|| panic!("no {code} in: {err}"));
    // error[E0xx]: path:LINE:COL: message
    let after = line
        .split("model.toml:")
        .nth(1)
        .expect("path with position");
    after
        .split(':')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("line number")
}

fn line_containing(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .expect("needle in text")
        + 1
}

#[test]
fn missing_file() {
    let o = roster(&["calendar", "/nonexistent/model.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("error[E001]"));
    assert!(stdout(&o).is_empty());
}

#[test]
fn empty_file() {
    let err = rejected("  \n\n");
    assert!(err.contains("error[E002]"), "{err}");
}

#[test]
fn broken_toml_names_the_line() {
    let text = tiny_with("fiscal_year = 2023", "fiscal_year = = 2023");
    let err = rejected(&text);
    assert!(err.contains("error[E003]"), "{err}");
    assert_eq!(
        line_of(&err, "E003"),
        line_containing(&text, "fiscal_year = =")
    );
}

#[test]
fn unknown_field_and_wrong_type() {
    let text = tiny_with("team_min = 2", "team_minimum = 2");
    let err = rejected(&text);
    assert!(
        err.contains("error[E004]") && err.contains("team_minimum"),
        "{err}"
    );
    let text = tiny_with("team_min = 2", "team_min = \"two\"");
    let err = rejected(&text);
    assert!(err.contains("error[E004]"), "{err}");
}

#[test]
fn duplicate_id() {
    let text = tiny_with("id = \"beta\"", "id = \"alpha\"");
    let err = rejected(&text);
    assert!(
        err.contains("error[E010]") && err.contains("duplicate municipality id `alpha`"),
        "{err}"
    );
    assert_eq!(
        line_of(&err, "E010"),
        line_containing(&text, "id = \"alpha\"") + 8
    );
}

/// A person's calendar and a place's share `calendars/<id>.ics` (towns that host an
/// event have one too): a staff id that is a place id is refused, not merged.
#[test]
fn staff_id_that_is_a_town_or_municipality_id_is_refused_e010() {
    let text = tiny_with("id = \"r1\"", "id = \"gamma\"");
    let err = rejected(&text);
    assert!(
        err.contains("error[E010]") && err.contains("staff id `gamma` is already a town id"),
        "{err}"
    );
    let text = tiny_with("id = \"r1\"", "id = \"alpha\"");
    let err = rejected(&text);
    assert!(
        err.contains("staff id `alpha` is already a municipality id"),
        "{err}"
    );
}

#[test]
fn unknown_reference_suggests_the_nearest_name() {
    let text = tiny_with(
        "municipality = \"beta\"\nvenue = \"beta-center\"",
        "municipality = \"betta\"\nvenue = \"beta-centre\"",
    );
    let err = rejected(&text);
    assert!(
        err.contains("unknown municipality `betta`") && err.contains("did you mean `beta`?"),
        "{err}"
    );
    assert!(
        err.contains("unknown venue `beta-centre`") && err.contains("did you mean `beta-center`?"),
        "{err}"
    );
    assert_eq!(line_of(&err, "E011"), line_containing(&text, "betta"));
}

#[test]
fn unknown_weekday() {
    let text = tiny_with("days = [\"mon\", \"thu\"]", "days = [\"mon\", \"thur\"]");
    let err = rejected(&text);
    assert!(
        err.contains("error[E012]")
            && err.contains("`thur` is not a weekday")
            && err.contains("did you mean `thu`?"),
        "{err}"
    );
    assert_eq!(line_of(&err, "E012"), line_containing(&text, "thur"));
}

#[test]
fn bad_date_and_date_outside_the_fiscal_year() {
    let text = tiny_with(
        "{ from = \"2023-08-14\", to = \"2023-08-18\" }",
        "{ from = \"2023-08-32\", to = \"2024-04-02\" }",
    );
    let err = rejected(&text);
    assert!(
        err.contains("error[E013]") && err.contains("2023-08-32"),
        "{err}"
    );
    assert!(
        err.contains("error[E014]") && err.contains("outside the fiscal year"),
        "{err}"
    );
}

#[test]
fn bad_time_and_inverted_window() {
    let text = tiny_with("start = \"09:45\"", "start = \"9.45\"");
    let err = rejected(&text);
    assert!(err.contains("error[E015]"), "{err}");
    let text = tiny_with("end = \"16:15\"", "end = \"08:00\"");
    let err = rejected(&text);
    assert!(err.contains("error[E016]"), "{err}");
}

#[test]
fn out_of_range_numbers() {
    let text = tiny_with("max_days_per_week = 5", "max_days_per_week = 9");
    let err = rejected(&text);
    assert!(err.contains("error[E017]"), "{err}");
    let text = tiny_with("fiscal_year = 2023", "fiscal_year = 1990");
    let err = rejected(&text);
    assert!(err.contains("error[E017]"), "{err}");
}

#[test]
fn unknown_role_kind_and_qualification() {
    let text = tiny_with("roles = [\"manager\"]", "roles = [\"manger\"]");
    let err = rejected(&text);
    assert!(
        err.contains("error[E018]") && err.contains("did you mean `manager`?"),
        "{err}"
    );
    let text = tiny_with("kind = \"outreach\"", "kind = \"outreech\"");
    let err = rejected(&text);
    assert!(
        err.contains("error[E018]") && err.contains("did you mean `outreach`?"),
        "{err}"
    );
}

#[test]
fn bad_room_reference() {
    let text = tiny_with(
        "rooms = [\"alpha-hall/seminar\"]",
        "rooms = [\"alpha-hall\"]",
    );
    let err = rejected(&text);
    assert!(err.contains("error[E019]"), "{err}");
    let text = tiny_with(
        "rooms = [\"alpha-hall/seminar\"]",
        "rooms = [\"alpha-hall/seminr\"]",
    );
    let err = rejected(&text);
    assert!(
        err.contains("error[E011]") && err.contains("did you mean `alpha-hall/seminar`?"),
        "{err}"
    );
}

#[test]
fn invalid_explicit_substitution() {
    let text = tiny_with(
        "substitute_max_days = 14",
        "substitute_max_days = 14\n[[calendar.substitution]]\nmunicipality = \"alpha\"\noriginal = \"2023-05-08\"\nsubstitute = \"2023-05-09\"",
    );
    let err = rejected(&text);
    assert!(
        err.contains("error[E020]") && err.contains("not a consultation day"),
        "{err}"
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let text = tiny_with("days = [\"mon\", \"thu\"]", "days = [\"mon\", \"thur\"]")
        .replacen("roles = [\"manager\"]", "roles = [\"manger\"]", 1)
        .replacen("home = \"gamma\"", "home = \"gama\"", 1);
    let err = rejected(&text);
    assert!(
        err.contains("E012") && err.contains("E018") && err.contains("E011"),
        "{err}"
    );
    assert!(
        err.contains("3 problems found; nothing was written."),
        "{err}"
    );
}

#[test]
fn solve_on_bad_input_writes_nothing() {
    let text = tiny_with("days = [\"mon\", \"thu\"]", "days = [\"mon\", \"thur\"]");
    let (dir, path) = temp_file("model.toml", &text);
    let out = dir.path().join("plan");
    let o = roster_p(&[&"solve", &path, &"--out", &out]);
    assert_eq!(o.status.code(), Some(2));
    assert!(nothing_in(&out));
}

#[test]
fn no_panic_on_arbitrary_bytes() {
    for text in [
        "\u{0}\u{1}",
        "[[[",
        "name = 1",
        "a.b.c = [1,",
        "fiscal_year = 99999999999999999999",
        "=\n=\n",
    ] {
        let (_d, path) = temp_file("model.toml", text);
        let o = roster_p(&[&"calendar", &path]);
        assert_eq!(o.status.code(), Some(2), "input {text:?}: {}", stderr(&o));
    }
}

/// SEM-6 at load (issue 17): senior seminars need 3 themes, women's and all-ages 2,
/// wherever the quotas hold seminars of the type; the error names the themes' line.
#[test]
fn too_few_seminar_themes_are_refused_where_the_quotas_hold_such_seminars() {
    let text = std::fs::read_to_string(tiny()).expect("tiny");
    let one = text.replacen(
        "senior = { themes = [\"シニアの働き方\", \"面接対策\", \"求人の探し方\"], rotate_monthly = true }",
        "senior = { themes = [\"シニアの働き方\"], rotate_monthly = true }",
        1,
    );
    assert_ne!(one, text, "the fixture's senior themes");
    let err = rejected(&one);
    assert!(
        err.contains("E016")
            && err.contains("senior seminars have 1 theme(s); SEM-6 asks for at least 3"),
        "{err}"
    );
    let at = line_of(&err, "E016");
    assert!(
        one.lines()
            .nth(at - 1)
            .is_some_and(|l| l.starts_with("senior = ")),
        "line {at}"
    );
    // Women's seminars need 2 themes while a quota holds one; with none held, one
    // theme is enough.
    let women = text.replacen(
        "women = { themes = [\"両立支援\", \"再就職準備\"], rotate_monthly = true }",
        "women = { themes = [\"両立支援\"], rotate_monthly = true }",
        1,
    );
    assert_ne!(women, text, "the fixture's women's themes");
    assert!(rejected(&women).contains("women seminars have 1 theme(s); SEM-6 asks for at least 2"));
    let none_held = women.replacen("\nwomen = 1\n", "\nwomen = 0\n", 1);
    assert_ne!(none_held, women, "the fixture's women's quota");
    let (_dir, path) = temp_file("model.toml", &none_held);
    let o = roster_p(&[&"calendar", &path]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}
