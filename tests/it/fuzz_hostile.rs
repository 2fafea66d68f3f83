//! The fuzzed input layer, hostile alphabet (issue 14): ids and names drawn from path
//! separators, `..`, NUL, CR/LF, ESC, formula prefixes, quotes and very long strings,
//! put into a model, a scenario, a plan CSV cell and a history link. After each run:
//! - exit 0, 1 or 2, and exit 2 names an error code;
//! - no file outside the output folder changed (the whole work folder is snapshotted,
//!   so a write through `../` would be seen);
//! - every calendar file parses to exactly the events the plan gives the person or
//!   place, and holds no injected property (no `ATTENDEE`, one `BEGIN:VCALENDAR`);
//! - no CSV cell begins with a formula prefix (`=`, `+`, `-`, `@`, tab, CR) unless it
//!   is a plain number;
//! - nothing printed holds a raw control character (ESC, CR, NUL);
//! - a command given `--time-limit 5` ended within 5 + 2 s: tiny inputs, so only a
//!   broken limit (a hang, a quadratic writer) can exceed it.
//!
//! `PROPTEST_CASES=N` runs N cases of each property (docs/fuzzing.md).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

use super::support::*;

fn config(ci: u32) -> Config {
    Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(ci),
        failure_persistence: None,
        rng_seed: std::env::var("PROPTEST_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .map_or(RngSeed::Fixed(20_231_205), RngSeed::Fixed),
        ..Config::default()
    }
}

/// The pieces hostile strings are made of.
const PIECES: &[&str] = &[
    "../",
    "..",
    "/",
    "\\",
    "/tmp/x",
    "\0",
    "\r\n",
    "\r",
    "\n",
    "\u{1b}[31m",
    "\u{1b}]0;title\u{7}",
    "=HYPERLINK(\"http://x\")",
    "+1",
    "-2+3",
    "@SUM(A1)",
    "\t",
    "\"",
    ",",
    ";",
    ":",
    "\r\nATTENDEE:mailto:x@example.com",
    "\r\nEND:VEVENT\r\nBEGIN:VEVENT",
    "CON",
    "nul",
    "office",
    "con-alpha",
    "r2",
    "川越",
    "\u{202e}",
    "\u{feff}",
    "x",
];

/// A hostile string: one to four pieces, sometimes made very long.
fn hostile() -> impl Strategy<Value = String> {
    (
        proptest::collection::vec(proptest::sample::select(PIECES), 1..=4),
        prop_oneof![4 => Just(1usize), 1 => Just(300usize), 1 => Just(5_000usize)],
    )
        .prop_map(|(parts, times)| parts.concat().repeat(times))
}

/// Where a hostile string goes.
#[derive(Debug, Clone, Copy)]
enum Target {
    StaffId,
    StaffName,
    MunicipalityName,
    VenueAddress,
    ModelName,
    ScenarioName,
    ScenarioStaff,
    AssignmentCell,
    HistoryAddStaff,
    HistoryName,
}

fn target() -> impl Strategy<Value = Target> {
    proptest::sample::select(vec![
        Target::StaffId,
        Target::StaffName,
        Target::MunicipalityName,
        Target::VenueAddress,
        Target::ModelName,
        Target::ScenarioName,
        Target::ScenarioStaff,
        Target::AssignmentCell,
        Target::HistoryAddStaff,
        Target::HistoryName,
    ])
}

/// The records of a CSV file written by roster (BOM stripped), header first.
fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    r.records()
        .filter_map(|rec| rec.ok())
        .map(|rec| rec.iter().map(String::from).collect())
        .collect()
}

/// Every regular file under `dir` whose name ends in `ext`.
fn files_with(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.to_string_lossy().ends_with(ext) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The checks made on every run, whatever it was given.
fn assert_safe(
    o: &Output,
    took: Duration,
    out: &Path,
    before: &BTreeMap<PathBuf, String>,
    root: &Path,
) {
    let code = o.status.code();
    assert!(
        matches!(code, Some(0..=2)),
        "exit {code:?}; stderr: {}",
        stderr(o)
    );
    if code == Some(2) {
        assert!(
            stderr(o).contains("error["),
            "exit 2 without a code: {}",
            stderr(o)
        );
    }
    assert!(
        took <= Duration::from_secs(7),
        "--time-limit 5 held for {took:?}"
    );
    for stream in [&o.stdout, &o.stderr] {
        assert!(
            !stream.iter().any(|b| matches!(b, 0x1b | b'\r' | 0 | 0x07)),
            "a raw control character was printed: {:?}",
            String::from_utf8_lossy(stream)
        );
    }
    assert_eq!(
        &snapshot(root, Some(out)),
        before,
        "a file outside the output folder changed"
    );
    if code == Some(2) || !out.is_dir() {
        return;
    }
    // CSV cells: none begins with a formula prefix unless it is a plain number.
    for csv in files_with(out, ".csv") {
        for row in csv_rows(&csv) {
            for cell in row {
                if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                    assert!(
                        cell.parse::<f64>().is_ok(),
                        "{}: cell {cell:?} begins with a formula prefix",
                        csv.display()
                    );
                }
            }
        }
    }
    // Calendars: each parses to exactly the events of its person or place.
    let assignments = csv_rows(&out.join("assignments.csv"));
    let events = csv_rows(&out.join("events.csv"));
    let col = |rows: &[Vec<String>], name: &str| {
        rows.first()
            .and_then(|h| h.iter().position(|c| c == name))
            .unwrap_or(usize::MAX)
    };
    let (a_event, a_staff) = (col(&assignments, "event_id"), col(&assignments, "staff_id"));
    for ics in files_with(&out.join("calendars"), ".ics") {
        let text = std::fs::read_to_string(&ics).expect("calendar is UTF-8");
        let cal: icalendar::Calendar = text
            .parse()
            .unwrap_or_else(|e| panic!("{} does not parse: {e}", ics.display()));
        let parsed = cal.events().count();
        let unfolded = text.replace("\r\n ", "");
        let lines: Vec<&str> = unfolded.split("\r\n").collect();
        assert_eq!(
            lines.iter().filter(|l| **l == "BEGIN:VEVENT").count(),
            parsed,
            "{}: events in the text and parsed differ",
            ics.display()
        );
        assert_eq!(lines.iter().filter(|l| **l == "BEGIN:VCALENDAR").count(), 1);
        assert!(
            !lines.iter().any(|l| l.starts_with("ATTENDEE")),
            "{}: an injected ATTENDEE",
            ics.display()
        );
        let id = ics
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        let mine: BTreeSet<&str> = assignments
            .iter()
            .skip(1)
            .filter(|r| r.get(a_staff).map(String::as_str) == Some(id.as_str()))
            .filter_map(|r| r.get(a_event).map(String::as_str))
            .collect();
        if !mine.is_empty() {
            // A person's calendar: their events, and any taken away kept as cancelled.
            let active = cal
                .events()
                .filter(|e| e.get_status() != Some(icalendar::EventStatus::Cancelled))
                .count();
            assert_eq!(
                active,
                mine.len(),
                "{}: not the person's events",
                ics.display()
            );
        }
    }
    let _ = events;
}

/// A work folder three levels below the temporary root, so `../` chains stay inside
/// the snapshot.
fn work() -> (tempfile::TempDir, PathBuf) {
    let root = tempfile::tempdir().expect("temp root");
    let w = root.path().join("a/b/w");
    std::fs::create_dir_all(&w).expect("work folder");
    std::fs::write(root.path().join("notes.txt"), "mine").expect("note");
    std::fs::write(root.path().join("a/notes.txt"), "mine").expect("note");
    std::fs::write(w.join("notes.txt"), "mine").expect("note");
    (root, w)
}

fn timed(args: &[&dyn AsRef<std::ffi::OsStr>]) -> (Output, Duration) {
    let t = Instant::now();
    let o = roster_p(args);
    (o, t.elapsed())
}

/// A solved tiny plan, made once per test process and copied for each case.
fn tiny_plan() -> &'static Path {
    static PLAN: std::sync::OnceLock<(tempfile::TempDir, PathBuf)> = std::sync::OnceLock::new();
    let (_, p) = PLAN.get_or_init(|| {
        let d = tempfile::tempdir().expect("temp");
        let p = d.path().join("plan");
        let o = roster_p(&[&"solve", &tiny(), &"--out", &p]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        (d, p)
    });
    p
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read").flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).expect("copy");
        }
    }
}

/// `replan --time-limit 5` of `base` under `scenario` into `out`, with the checks of
/// [`assert_safe`].
fn replan_safely(
    model: &Path,
    base: &Path,
    scenario: &Path,
    out: &Path,
    before: &BTreeMap<PathBuf, String>,
    root: &Path,
) -> (Output, Duration) {
    let r = timed(&[
        &"replan",
        &model,
        &"--baseline",
        &base,
        &"--scenario",
        &scenario,
        &"--out",
        &out,
        &"--time-limit",
        &"5",
    ]);
    assert_safe(&r.0, r.1, out, before, root);
    r
}

fn run_case(t: Target, s: &str) {
    let (root, w) = work();
    let model = w.join("m.toml");
    let out = w.join("out");
    let text = match t {
        Target::StaffId => tiny_with("id = \"r2\"", &format!("id = {}", toml_string(s))),
        Target::StaffName => tiny_with("\"受付 次郎\"", &toml_string(s)),
        Target::MunicipalityName => tiny_with("\"アルファ市\"", &toml_string(s)),
        Target::VenueAddress => tiny_with("\"アルファ市1-1\"", &toml_string(s)),
        Target::ModelName => tiny_with("\"tiny test programme\"", &toml_string(s)),
        _ => std::fs::read_to_string(tiny()).expect("tiny"),
    };
    std::fs::write(&model, &text).expect("model");
    let (o, took) = match t {
        Target::ScenarioName | Target::ScenarioStaff => {
            let base = w.join("base");
            copy_dir(tiny_plan(), &base);
            let (name, staff) = match t {
                Target::ScenarioName => (toml_string(s), toml_string("c1")),
                _ => (toml_string("hostile"), toml_string(s)),
            };
            let scenario = w.join("s.toml");
            std::fs::write(
                &scenario,
                format!(
                    "name = {name}\nas_of = \"2023-09-01\"\n\n[[absence]]\nstaff = {staff}\nfrom = \"2023-09-04\"\nto = \"2023-09-08\"\nnote = {name}\n"
                ),
            )
            .expect("scenario");
            let before = snapshot(root.path(), Some(&out));
            replan_safely(&model, &base, &scenario, &out, &before, root.path())
        }
        Target::HistoryAddStaff | Target::HistoryName => {
            // A baseline whose history.json carries a link (with a matching digest) that
            // adds a person: the hostile text as the new id, or as the link's name.
            let base = w.join("base");
            copy_dir(tiny_plan(), &base);
            let (id, name) = match t {
                Target::HistoryAddStaff => (toml_string(s), toml_string("link")),
                _ => (toml_string("n1"), toml_string(s)),
            };
            let link = format!(
                "name = {name}\nas_of = \"2023-06-01\"\n\n[[add_staff]]\nid = {id}\nname = {name}\nroles = [\"reception\"]\nhome = \"alpha\"\nweekdays = [\"mon\", \"tue\"]\ncontract_days_per_week = 2\nmax_days_per_week = 2\nmax_days_per_month = 8\nmax_days_per_year = 80\n"
            );
            let hpath = base.join("history.json");
            let mut h: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&hpath).expect("history"))
                    .expect("json");
            h["chain"] = serde_json::json!([{
                "kind": "scenario",
                "name": s,
                "as_of": "2023-06-01",
                "digest": roster::plan::history::digest_bytes(link.as_bytes()),
                "text": link,
                "changes": {},
                "people_told": 0
            }]);
            std::fs::write(&hpath, serde_json::to_string_pretty(&h).expect("json"))
                .expect("history");
            let scenario = w.join("s.toml");
            std::fs::write(&scenario, "name = \"late\"\nas_of = \"2023-10-02\"\n").expect("s");
            let before = snapshot(root.path(), Some(&out));
            let h = timed(&[&"history", &base]);
            assert_safe(&h.0, h.1, &out, &before, root.path());
            replan_safely(&model, &base, &scenario, &out, &before, root.path())
        }
        Target::AssignmentCell => {
            let base = w.join("base");
            copy_dir(tiny_plan(), &base);
            let path = base.join("assignments.csv");
            let csv = std::fs::read_to_string(&path).expect("assignments");
            let quoted = format!("\"{}\"", s.replace('"', "\"\""));
            std::fs::write(&path, csv.replacen(",r2,", &format!(",{quoted},"), 1)).expect("edit");
            let scenario = w.join("s.toml");
            std::fs::write(&scenario, "name = \"late\"\nas_of = \"2023-10-02\"\n").expect("s");
            let before = snapshot(root.path(), Some(&out));
            let c = timed(&[&"check", &model, &base]);
            assert_safe(&c.0, c.1, &out, &before, root.path());
            replan_safely(&model, &base, &scenario, &out, &before, root.path())
        }
        _ => {
            let before = snapshot(root.path(), Some(&out));
            let r = timed(&[&"solve", &model, &"--out", &out, &"--time-limit", &"5"]);
            assert_safe(&r.0, r.1, &out, &before, root.path());
            r
        }
    };
    // A hostile id is never accepted as one (it is refused, located).
    if matches!(
        t,
        Target::StaffId | Target::ScenarioStaff | Target::HistoryAddStaff
    ) && !s
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        assert_eq!(
            o.status.code(),
            Some(2),
            "hostile id {s:?} accepted: {}",
            stderr(&o)
        );
    }
    let _ = took;
}

proptest! {
    #![proptest_config(config(30))]

    /// Hostile ids and names in a model, a scenario and a plan CSV cell.
    #[test]
    fn hostile_text_writes_nothing_outside_and_stays_text(t in target(), s in hostile()) {
        run_case(t, &s);
    }
}
