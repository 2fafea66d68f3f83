//! Issue 14 regression tests: ids are names, never paths (one id rule for models,
//! scenarios, plan CSV cells and history links), free-text limits, repeated baseline
//! rows, special files in a plan folder, tampered history links, a stray BOM, and the
//! canonical order of a model's tables.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use super::support::*;

/// A re-plan scenario for the tiny model.
const C1_AWAY: &str = r#"name = "c1 away"
as_of = "2023-06-01"

[[absence]]
staff = "c1"
from = "2023-06-12"
to = "2023-06-16"
"#;

/// Solves `model` into `DIR/name` and returns the folder (the solve must be clean).
fn solve_into(model: &Path, dir: &Path, name: &str) -> PathBuf {
    let out = dir.join(name);
    let o = roster_p(&[&"solve", &model, &"--out", &out]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    out
}

/// A temporary folder with the tiny model solved into `base`.
fn tiny_base() -> (tempfile::TempDir, PathBuf) {
    let d = tempfile::tempdir().expect("temp dir");
    let base = solve_into(&tiny(), d.path(), "base");
    (d, base)
}

/// Copies a plan folder (files and sub-folders one level deep).
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read dir").flatten() {
        let p = e.path();
        let q = to.join(e.file_name());
        if p.is_dir() {
            copy_dir(&p, &q);
        } else {
            std::fs::copy(&p, &q).expect("copy");
        }
    }
}

/// Solving a model text must be refused (exit 2) with `code`; nothing written.
fn solve_refused(text: &str, code: &str) -> String {
    let (d, model) = temp_file("m.toml", text);
    let out = d.path().join("plan");
    let o = roster_p(&[&"solve", &model, &"--out", &out]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains(&format!("error[{code}]")), "{err}");
    assert!(nothing_in(&out), "nothing is written");
    err
}

/// 1-based line of the first line of `text` holding `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .map_or(0, |i| i + 1)
}

#[test]
fn staff_id_dot_dot_notes_cannot_write_outside_out() {
    // The issue's reproduction: sed 's/id = "r2"/id = "..\/..\/notes"/' tiny.toml.
    let d = tempfile::tempdir().expect("temp dir");
    let notes = d.path().join("notes.txt");
    std::fs::write(&notes, "mine\n").expect("notes");
    let text = tiny_with(r#"id = "r2""#, r#"id = "../../notes""#);
    let model = d.path().join("m.toml");
    std::fs::write(&model, &text).expect("model");
    let work = d.path().join("a").join("b");
    std::fs::create_dir_all(&work).expect("mkdir");
    let o = Command::new(env!("CARGO_BIN_EXE_roster"))
        .current_dir(&work)
        .args(["solve"])
        .arg(&model)
        .args(["--out", "plan"])
        .output()
        .expect("runs");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    let line = line_of(&text, "../../notes");
    assert!(
        err.contains(&format!("error[E022]: {}:{line}:6:", model.display())),
        "{err}"
    );
    assert!(
        err.contains("write `notes`"),
        "a cleaned id is suggested: {err}"
    );
    assert_eq!(std::fs::read_to_string(&notes).expect("notes"), "mine\n");
    assert!(!d.path().join("notes.ics").exists());
    assert!(nothing_in(&work.join("plan")));
}

#[test]
fn staff_id_a_slash_b_is_refused() {
    let err = solve_refused(&tiny_with(r#"id = "r2""#, r#"id = "a/b""#), "E022");
    assert!(err.contains("path separator"), "{err}");
}

#[test]
fn absolute_looking_ids_are_refused() {
    for id in ["/tmp/x", "C:\\\\x", "\\\\\\\\server\\\\x", "~/x"] {
        let err = solve_refused(
            &tiny_with(r#"id = "r2""#, &format!(r#"id = "{id}""#)),
            "E022",
        );
        assert!(err.contains("staff id"), "{id}: {err}");
    }
    // A municipality and a town too: their calendars are files as well.
    solve_refused(&tiny_with(r#"id = "beta""#, r#"id = "/beta""#), "E022");
    solve_refused(&tiny_with(r#"id = "gamma""#, r#"id = "../gamma""#), "E022");
}

#[test]
fn ids_with_nul_are_refused() {
    let err = solve_refused(&tiny_with(r#"id = "r2""#, r#"id = "r\u0000x""#), "E022");
    assert!(err.contains("NUL"), "{err}");
    assert!(!err.contains('\0'), "the NUL is shown, not printed");
}

#[test]
fn ids_of_300_characters_are_refused() {
    let long = "r".repeat(300);
    let err = solve_refused(
        &tiny_with(r#"id = "r2""#, &format!(r#"id = "{long}""#)),
        "E022",
    );
    assert!(err.contains("300 characters"), "{err}");
}

#[test]
fn series_id_office_or_con_alpha_is_refused() {
    for id in ["office", "con-alpha", "sem-alpha"] {
        let err = solve_refused(
            &tiny_with(r#"id = "outreach""#, &format!(r#"id = "{id}""#)),
            "E022",
        );
        assert!(err.contains("event series id"), "{id}: {err}");
    }
}

#[test]
fn windows_device_names_are_refused() {
    let err = solve_refused(&tiny_with(r#"id = "r2""#, r#"id = "con""#), "E022");
    assert!(err.contains("reserves"), "{err}");
}

#[test]
fn case_insensitive_duplicate_c01_c01_is_refused() {
    let text =
        tiny_with(r#"id = "c2""#, r#"id = "C1""#).replace(r#"staff = "c2""#, r#"staff = "C1""#);
    let err = solve_refused(&text, "E010");
    assert!(err.contains("only in case"), "{err}");
}

#[test]
fn a_40000_character_name_is_a_located_input_error() {
    let name = "名".repeat(40_000);
    let text = tiny_with(r#"name = "受付 次郎""#, &format!(r#"name = "{name}""#));
    let err = solve_refused(&text, "E024");
    assert!(!err.contains("E080"), "{err}");
    // Located at the name's own value (its opening quote), not at the table's `id`.
    let line = line_of(&text, "名名名");
    assert!(
        err.contains(&format!(".toml:{line}:8: the staff member's name")),
        "located at the name: {err}"
    );
    // Line breaks in a name stay allowed (each output format escapes them).
    let (d, model) = temp_file(
        "m.toml",
        &tiny_with(r#"name = "受付 次郎""#, r#"name = "受付\r\n次郎""#),
    );
    let o = roster_p(&[&"solve", &model, &"--out", &d.path().join("p")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// The `LINE:COL` of an E024 in `err` must be `line_of(text, needle)` and the column
/// of `needle`'s first character + `plus` (1-based, in characters).
fn assert_at(err: &str, text: &str, needle: &str, plus: usize) {
    let line = line_of(text, needle);
    let l = text.lines().nth(line - 1).expect("line");
    let col = l[..l.find(needle).expect("needle")].chars().count() + 1 + plus;
    assert!(
        err.contains(&format!(".toml:{line}:{col}: ")),
        "E024 at {line}:{col}: {err}"
    );
}

#[test]
fn a_long_staff_name_is_located_at_the_name_not_the_id_line() {
    // The review's reproduction: a 201-character name for r2 was reported at `id = "r2"`.
    let long = "x".repeat(201);
    let text = tiny_with(r#"name = "受付 次郎""#, &format!(r#"name = "{long}""#));
    let err = solve_refused(&text, "E024");
    assert!(err.contains("201 characters"), "{err}");
    assert_at(&err, &text, &format!(r#"name = "{long}""#), 7);
}

#[test]
fn a_long_venue_address_is_located_at_the_address() {
    let long = "住".repeat(501);
    let text = tiny_with(
        r#"address = "アルファ市1-1""#,
        &format!(r#"address = "{long}""#),
    );
    let err = solve_refused(&text, "E024");
    assert!(err.contains("venue's address"), "{err}");
    assert_at(&err, &text, &format!(r#"address = "{long}""#), 10);
    // A NUL in the address, too.
    let text = tiny_with(r#"address = "アルファ市1-1""#, "address = \"a\\u0000b\"");
    let err = solve_refused(&text, "E024");
    assert_at(&err, &text, "address = \"a", 10);
}

#[test]
fn long_texts_in_a_training_model_are_located_at_their_values() {
    let gifu =
        std::fs::read_to_string(root().join("models/gifu-training-2023.toml")).expect("gifu");
    let long = "x".repeat(501);
    for (from, key) in [
        (r#"name = "伊藤 誠""#, "name = "),
        (r#"address = "岐阜市橋本町2-20 (synthetic)""#, "address = "),
        (
            r#"name = "ITエンジニア基礎科 (デジタル・職場実習付)""#,
            "name = ",
        ),
        (r#"host = "ぎふデジタル株式会社 (synthetic)""#, "host = "),
        (
            r#"workplace_host = "特別養護老人ホーム ながら苑 (synthetic)""#,
            "workplace_host = ",
        ),
    ] {
        let to = format!(r#"{key}"{long}""#);
        let text = gifu.replacen(from, &to, 1);
        assert_ne!(text, gifu, "{from}");
        let err = solve_refused(&text, "E024");
        assert_at(&err, &text, &to, key.chars().count());
    }
}

#[test]
fn a_long_absence_note_in_a_scenario_is_located_at_the_note() {
    let (d, base) = tiny_base();
    let long = "x".repeat(501);
    let text = format!("{C1_AWAY}note = \"{long}\"\n");
    let sc = scenario(d.path(), &text);
    let out = d.path().join("re");
    let o = roster_p(&[
        &"replan",
        &tiny(),
        &"--baseline",
        &base,
        &"--scenario",
        &sc,
        &"--out",
        &out,
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("error[E024]"), "{err}");
    assert_at(&err, &text, &format!("note = \"{long}"), 7);
    assert!(nothing_in(&out));
}

#[test]
fn a_nul_in_a_name_is_refused() {
    let text = tiny_with(r#"name = "受付 次郎""#, r#"name = "受付\u0000次郎""#);
    solve_refused(&text, "E024");
}

/// Writes the scenario beside the plan.
fn scenario(dir: &Path, text: &str) -> PathBuf {
    let p = dir.join("s.toml");
    std::fs::write(&p, text).expect("scenario");
    p
}

#[test]
fn staff_id_cell_dot_dot_x_in_assignments_is_refused_by_replan_check_and_diff() {
    let (d, base) = tiny_base();
    let edited = d.path().join("edited");
    copy_dir(&base, &edited);
    let path = edited.join("assignments.csv");
    let text = std::fs::read_to_string(&path).expect("assignments");
    let line = line_of(&text, ",c1,");
    let col = text
        .lines()
        .nth(line - 1)
        .expect("row")
        .find(",c1,")
        .expect("cell")
        + 2;
    std::fs::write(&path, text.replacen(",c1,", ",../x,", 1)).expect("edit");
    let at = format!("error[E022]: {}:{line}:{col}:", path.display());

    let o = roster_p(&[&"check", &tiny(), &edited]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains(&at), "{}", stderr(&o));

    let sc = scenario(d.path(), C1_AWAY);
    let out = d.path().join("re");
    let o = roster_p(&[
        &"replan",
        &tiny(),
        &"--baseline",
        &edited,
        &"--scenario",
        &sc,
        &"--out",
        &out,
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains(&at), "{}", stderr(&o));
    assert!(nothing_in(&out));

    let o = roster_p(&[&"diff", &base, &edited]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains(&at), "{}", stderr(&o));
    assert!(!edited.join("changes.csv").exists());
    assert!(!d.path().join("x").exists());
}

#[test]
fn history_link_with_add_staff_id_dot_dot_x_is_refused() {
    let (d, base) = tiny_base();
    let text = r#"name = "new person"
as_of = "2023-06-01"

[[add_staff]]
id = "../x"
name = "新人"
roles = ["reception"]
home = "alpha"
weekdays = ["mon", "tue"]
contract_days_per_week = 2
max_days_per_week = 2
max_days_per_month = 8
max_days_per_year = 80
"#;
    let hpath = base.join("history.json");
    let mut h: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&hpath).expect("history")).expect("json");
    h["chain"] = serde_json::json!([{
        "kind": "scenario",
        "name": "new person",
        "as_of": "2023-06-01",
        // The digest matches: the id rule, not the digest, refuses it.
        "digest": roster::plan::history::digest_bytes(text.as_bytes()),
        "text": text,
        "changes": {},
        "people_told": 0
    }]);
    std::fs::write(&hpath, serde_json::to_string_pretty(&h).expect("json")).expect("write");
    let sc = scenario(d.path(), C1_AWAY);
    let out = d.path().join("re");
    let o = roster_p(&[
        &"replan",
        &tiny(),
        &"--baseline",
        &base,
        &"--scenario",
        &sc,
        &"--out",
        &out,
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("error[E022]"), "{err}");
    assert!(err.contains("history.json (link 1"), "{err}");
    assert!(nothing_in(&out));
    assert!(!d.path().join("x").exists());
}

#[test]
fn add_staff_in_a_scenario_follows_the_id_rule() {
    let (d, base) = tiny_base();
    let text = C1_AWAY.to_string()
        + r#"
[[add_staff]]
id = "Alpha"
name = "新人"
roles = ["reception"]
home = "alpha"
weekdays = ["mon", "tue"]
contract_days_per_week = 2
max_days_per_week = 2
max_days_per_month = 8
max_days_per_year = 80
"#;
    let sc = scenario(d.path(), &text);
    let out = d.path().join("re");
    let o = roster_p(&[
        &"replan",
        &tiny(),
        &"--baseline",
        &base,
        &"--scenario",
        &sc,
        &"--out",
        &out,
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("error[E010]") && err.contains("only in case"),
        "{err}"
    );
    let sc = scenario(d.path(), &text.replace(r#"id = "Alpha""#, r#"id = "a b""#));
    let o = roster_p(&[
        &"replan",
        &tiny(),
        &"--baseline",
        &base,
        &"--scenario",
        &sc,
        &"--out",
        &out,
    ]);
    assert!(stderr(&o).contains("error[E022]"), "{}", stderr(&o));
    assert!(nothing_in(&out));
}

/// Runs roster with `args` and waits at most 20 s: a command blocked on a FIFO is
/// killed and the test fails.
fn run_bounded(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_roster"))
        .args(args.iter().map(|a| a.as_ref()))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "roster blocked: {:?}",
                args.iter().map(|a| a.as_ref()).collect::<Vec<_>>()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Replaces `name` in `dir` with a FIFO.
fn mkfifo(dir: &Path, name: &str) {
    let p = dir.join(name);
    std::fs::remove_file(&p).expect("remove");
    let s = Command::new("mkfifo")
        .arg(&p)
        .status()
        .expect("mkfifo runs");
    assert!(s.success());
}

#[test]
fn a_fifo_as_events_csv_is_refused_without_blocking() {
    let (d, base) = tiny_base();
    let edited = d.path().join("edited");
    copy_dir(&base, &edited);
    mkfifo(&edited, "events.csv");
    let sc = scenario(d.path(), C1_AWAY);
    let out = d.path().join("re");
    for args in [
        vec![&"check" as &dyn AsRef<std::ffi::OsStr>, &tiny(), &edited],
        vec![
            &"replan",
            &tiny(),
            &"--baseline",
            &edited,
            &"--scenario",
            &sc,
            &"--out",
            &out,
        ],
        vec![&"diff", &base, &edited],
    ] {
        let o = run_bounded(&args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.contains("error[E026]") && err.contains("FIFO"), "{err}");
    }
    assert!(nothing_in(&out));
    // `history` reads history.json only, and a FIFO there is refused as well.
    let o = run_bounded(&[&"history", &edited]);
    assert!(o.status.code().is_some(), "{}", stderr(&o));
    mkfifo(&edited, "history.json");
    let o = run_bounded(&[&"history", &edited]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("error[E026]"), "{}", stderr(&o));
}

/// Review of issue 14, case 7: a FIFO or a device named as the model or the scenario
/// blocked `solve`, `check`, `replan` and `whatif` (and `/dev/zero` filled memory).
#[test]
fn a_fifo_or_device_as_the_model_or_scenario_file_is_refused_without_blocking() {
    let (d, base) = tiny_base();
    let fifo = d.path().join("m.toml");
    let s = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(s.success());
    let sc = scenario(d.path(), C1_AWAY);
    let out = d.path().join("out");
    let zero = Path::new("/dev/zero");
    for args in [
        vec![
            &"solve" as &dyn AsRef<std::ffi::OsStr>,
            &fifo,
            &"--out",
            &out,
        ],
        vec![&"solve", &zero, &"--out", &out],
        vec![&"check", &fifo, &base],
        vec![
            &"replan",
            &tiny(),
            &"--baseline",
            &base,
            &"--scenario",
            &fifo,
            &"--out",
            &out,
        ],
        vec![
            &"whatif",
            &tiny(),
            &"--baseline",
            &base,
            &zero,
            &sc,
            &"--out",
            &out,
        ],
    ] {
        let o = run_bounded(&args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(
            err.contains("error[E001]") && err.contains("not a regular file"),
            "{err}"
        );
        assert!(nothing_in(&out));
    }
}

#[cfg(unix)]
#[test]
fn a_symlink_as_a_plan_file_is_refused() {
    let (d, base) = tiny_base();
    let edited = d.path().join("edited");
    copy_dir(&base, &edited);
    let elsewhere = d.path().join("teams-elsewhere.csv");
    std::fs::rename(edited.join("teams.csv"), &elsewhere).expect("move");
    std::os::unix::fs::symlink(&elsewhere, edited.join("teams.csv")).expect("symlink");
    let o = run_bounded(&[&"check", &tiny(), &edited]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("symbolic link"), "{}", stderr(&o));
}

#[test]
fn duplicate_baseline_rows_are_a_located_error() {
    let (d, base) = tiny_base();
    let edited = d.path().join("edited");
    copy_dir(&base, &edited);
    let path = edited.join("assignments.csv");
    let text = std::fs::read_to_string(&path).expect("assignments");
    let mut lines = text.lines();
    let header = lines.next().expect("header");
    let mut twenty = format!("{header}\n");
    for l in lines {
        for _ in 0..20 {
            twenty.push_str(l);
            twenty.push('\n');
        }
    }
    std::fs::write(&path, twenty).expect("write");
    let sc = scenario(d.path(), C1_AWAY);
    let out = d.path().join("re");
    let o = roster_p(&[
        &"replan",
        &tiny(),
        &"--baseline",
        &edited,
        &"--scenario",
        &sc,
        &"--out",
        &out,
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!(
            "error[E025]: {}:3:1: this row repeats line 2 exactly",
            path.display()
        )),
        "{err}"
    );
    assert!(!err.contains("forces"), "{err}");
    assert!(nothing_in(&out));
    let o = roster_p(&[&"diff", &base, &edited]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("error[E025]"), "{}", stderr(&o));
    // `check` reads what is there and reports the repeats as rule violations (PLAN-1).
    let o = roster_p(&[&"check", &tiny(), &edited]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stdout(&o).contains("PLAN-1"), "{}", stdout(&o));
}

#[test]
fn a_tampered_history_link_text_is_refused() {
    let (d, base) = tiny_base();
    let sc = scenario(d.path(), C1_AWAY);
    let re = d.path().join("re");
    let o = roster_p(&[
        &"replan",
        &tiny(),
        &"--baseline",
        &base,
        &"--scenario",
        &sc,
        &"--out",
        &re,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let hpath = re.join("history.json");
    let text = std::fs::read_to_string(&hpath).expect("history");
    assert!(text.contains("2023-06-16"));
    std::fs::write(&hpath, text.replace("2023-06-16", "2023-06-30")).expect("tamper");
    let line = line_of(&text, "\"digest\"");
    let o = roster_p(&[&"check", &tiny(), &re]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!("error[E027]: {}:{line}:", hpath.display())),
        "{err}"
    );
    let o = roster_p(&[
        &"replan",
        &tiny(),
        &"--baseline",
        &re,
        &"--scenario",
        &sc,
        &"--out",
        &d.path().join("re2"),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("error[E027]"), "{}", stderr(&o));
}

#[test]
fn a_bom_inside_a_toml_file_is_named() {
    let text = tiny_with("fiscal_year = 2023", "\u{feff}fiscal_year = 2023");
    let err = solve_refused(&text, "E003");
    let line = line_of(&text, "fiscal_year");
    assert!(
        err.contains("byte-order mark (U+FEFF") && err.contains(&format!("line {line} col 1")),
        "{err}"
    );
    // At the start of the file, a BOM is what editors write: read as usual.
    let (d, model) = temp_file("m.toml", &format!("\u{feff}{}", tiny_with("", "")));
    let o = roster_p(&[&"solve", &model, &"--out", &d.path().join("p")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// The `[[table]]` blocks of `kind` in `text`, in reverse order, the rest kept.
fn reverse_tables(text: &str, kind: &str) -> String {
    let head = format!("[[{kind}]]\n");
    let mut blocks: Vec<String> = Vec::new();
    let mut out = String::new();
    let mut cur: Option<String> = None;
    let mut at = None;
    for line in text.split_inclusive('\n') {
        if line.starts_with('[') {
            if let Some(b) = cur.take() {
                blocks.push(b);
            }
            if line == head {
                at.get_or_insert(out.len());
                cur = Some(line.to_string());
                continue;
            }
        }
        match &mut cur {
            Some(b) => b.push_str(line),
            None => out.push_str(line),
        }
    }
    if let Some(b) = cur.take() {
        blocks.push(b);
    }
    assert!(blocks.len() > 1, "{kind}");
    blocks.reverse();
    let at = at.expect("tables");
    out.insert_str(at, &blocks.concat());
    out
}

/// Every file of a plan folder that does not record the model file's digest, as
/// (relative path, bytes).
fn plan_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for sub in ["", "calendars", "notices"] {
        let Ok(rd) = std::fs::read_dir(dir.join(sub)) else {
            continue;
        };
        for e in rd.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            let keep = e.path().is_file()
                && !matches!(
                    name.as_str(),
                    "roster.json" | "history.json" | "roster.html" | "roster.xlsx"
                );
            if keep {
                out.push((
                    format!("{sub}/{name}"),
                    std::fs::read(e.path()).expect("read"),
                ));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_plan_does_not_depend_on_the_order_of_staff_tables() {
    let text = std::fs::read_to_string(tiny()).expect("tiny");
    let shuffled = reverse_tables(&reverse_tables(&text, "staff"), "municipality");
    assert_ne!(shuffled, text);
    let d = tempfile::tempdir().expect("temp dir");
    let m = d.path().join("shuffled.toml");
    std::fs::write(&m, &shuffled).expect("write");
    let a = solve_into(&tiny(), d.path(), "a");
    let b = solve_into(&m, d.path(), "b");
    let (fa, fb) = (plan_files(&a), plan_files(&b));
    assert!(fa.len() > 10, "{}", fa.len());
    assert_eq!(
        fa.iter().map(|f| &f.0).collect::<Vec<_>>(),
        fb.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    for ((name, x), (_, y)) in fa.iter().zip(&fb) {
        assert!(x == y, "{name} differs when the tables are reordered");
    }
}

#[test]
fn shipped_models_and_scenarios_pass_the_id_rule() {
    let models = ["models/saitama-2023.toml", "tests/fixtures/tiny.toml"];
    for m in models {
        let model =
            roster::input::load_model(&root().join(m)).unwrap_or_else(|e| panic!("{m}: {e}"));
        let dirs = ["scenarios", "tests/fixtures/chain"];
        if m.contains("saitama") {
            for dir in dirs {
                for e in std::fs::read_dir(root().join(dir)).expect("dir").flatten() {
                    let p = e.path();
                    if p.extension().is_some_and(|x| x == "toml") {
                        // Chain scenarios name staff an earlier link adds: resolve the
                        // directory's chain together below.
                        if dir == "scenarios" {
                            roster::scenario::load_scenario(&p, &model)
                                .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
                        }
                    }
                }
            }
        }
    }
    let text =
        std::fs::read_to_string(root().join("models/gifu-training-2023.toml")).expect("gifu");
    roster::input::parse_programme(Path::new("gifu"), &text).expect("gifu model");
}

#[test]
fn a_whatif_scenario_file_named_dot_dot_toml_is_refused_and_nothing_written() {
    let (d, base) = tiny_base();
    let one = d.path().join("..toml");
    let two = d.path().join("...toml");
    std::fs::write(&one, C1_AWAY).expect("write");
    std::fs::write(&two, C1_AWAY.replace("c1 away", "c1 away again")).expect("write");
    let out = d.path().join("cmp");
    for s in [&one, &two] {
        let o = roster_p(&[&"whatif", &tiny(), &"--baseline", &base, s, &"--out", &out]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains("error[E052]"), "{}", stderr(&o));
        // Nothing in --out, nor in the folder above it.
        assert!(!out.exists());
        assert!(!d.path().join("events.csv").exists());
    }
}

#[test]
fn a_training_model_follows_the_same_id_rule() {
    let text = std::fs::read_to_string(root().join("models/gifu-training-2023.toml"))
        .expect("gifu")
        .replacen(r#"id = "pc-2""#, r#"id = "../pc-2""#, 1);
    let (d, model) = temp_file("t.toml", &text);
    let out = d.path().join("plan");
    let o = roster_p(&[&"solve", &model, &"--out", &out]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    let line = line_of(&text, "../pc-2");
    assert!(
        err.contains(&format!("error[E022]: {}:{line}:", model.display())),
        "{err}"
    );
    assert!(nothing_in(&out));
}
