//! Issue 14 regression tests: escaping by format (cases 5 and 7 of the hostile trial).
//! Hostile staff, municipality and model names and venue addresses (never hostile
//! ids) go through `roster solve`; every calendar parses to exactly the expected
//! events, no CSV cell is a formula, the folder reads back losslessly, and the terminal
//! sees control characters only as visible text.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use icalendar::{Calendar, Component, EventLike, EventStatus};

#[allow(unused_imports)]
use super::support::*;

/// A staff name that tries to add an attendee and a whole event (CR LF, as the trial).
const STAFF_NAME: &str = "=HYPERLINK(\"http://evil\",\"x\")\r\nATTENDEE:mailto:x@evil\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil";
/// A municipality name with bare CRs and an ESC sequence.
const PLACE_NAME: &str = "+1+1\rEND:VEVENT\rBEGIN:VEVENT\u{1b}[2J";
/// A venue address with a line break, a formula and the ICS separators.
const ADDRESS: &str = "@SUM(1)\nLOCATION:x;y,z\\n";
/// A model name with an ESC sequence, a bell and a bidi override.
const MODEL_NAME: &str = "tiny\u{1b}]0;owned\u{7}\u{1b}[31m programme\u{202e}";

/// The tiny model with hostile names: r1's name, alpha's name, alpha-hall's address,
/// the model's name.
fn hostile_model(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(tiny()).expect("tiny model");
    let mut text = text;
    for (from, to) in [
        (
            "name = \"受付 花子\"",
            format!("name = {}", toml_string(STAFF_NAME)),
        ),
        (
            "name = \"アルファ市\"",
            format!("name = {}", toml_string(PLACE_NAME)),
        ),
        (
            "address = \"アルファ市1-1\"",
            format!("address = {}", toml_string(ADDRESS)),
        ),
        (
            "name = \"tiny test programme\"",
            format!("name = {}", toml_string(MODEL_NAME)),
        ),
    ] {
        assert!(text.contains(from), "fixture has {from}");
        text = text.replacen(from, &to, 1);
    }
    let path = dir.join("m.toml");
    std::fs::write(&path, text).expect("write model");
    path
}

fn solved(dir: &Path, model: &Path, extra: &[&str]) -> (PathBuf, std::process::Output) {
    let out = dir.join("plan");
    let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"solve", &model, &"--out", &out];
    for e in extra {
        args.push(e);
    }
    let o = roster_p(&args);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    (out, o)
}

/// Rows of a plan CSV as maps, cells as roster reads them (one leading `'` taken away).
fn rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(path).expect("read csv");
    let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = r
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    r.records()
        .map(|rec| {
            let rec = rec.expect("record");
            header
                .iter()
                .cloned()
                .zip(
                    rec.iter()
                        .map(|c| c.strip_prefix('\'').unwrap_or(c).to_string()),
                )
                .collect()
        })
        .collect()
}

/// Every `*.csv` under `dir`, recursively.
fn csv_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("read dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            csv_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "csv") {
            out.push(p);
        }
    }
}

/// Whether a spreadsheet would take the cell for a formula.
fn is_formula(cell: &str) -> bool {
    let starts = matches!(
        cell.chars().next(),
        Some('=' | '+' | '-' | '@' | '\t' | '\r')
    );
    starts && cell.parse::<f64>().map_or(true, |x| !x.is_finite())
}

/// Asserts that no CSV cell under `dir` begins with a formula prefix; returns how many
/// cells were neutralised (begin with `'`).
fn assert_no_formula_cells(dir: &Path) -> usize {
    let mut files = Vec::new();
    csv_files(dir, &mut files);
    assert!(!files.is_empty());
    let mut quoted = 0;
    for f in files {
        let text = std::fs::read_to_string(&f).expect("read csv");
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        for rec in r.records() {
            for cell in rec.expect("record").iter() {
                assert!(!is_formula(cell), "{}: formula cell {cell:?}", f.display());
                quoted += usize::from(cell.starts_with('\''));
            }
        }
    }
    quoted
}

/// The VEVENTs each calendar file must hold: a person's, one per event they are
/// assigned to; a place's, one per event held there that is not an office day.
fn expected_events(plan: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut want: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for a in rows(&plan.join("assignments.csv")) {
        want.entry(format!("{}.ics", a["staff_id"]))
            .or_default()
            .insert(format!("{}-{}@roster", a["event_id"], a["staff_id"]));
    }
    for e in rows(&plan.join("events.csv")) {
        if e["kind"] != "office" {
            want.entry(format!("{}.ics", e["municipality"]))
                .or_default()
                .insert(format!("{}@roster", e["event_id"]));
        }
    }
    want
}

/// Parses every `calendars/*.ics` of `plan` and asserts each holds exactly the
/// expected events (by UID, each once) and nothing injected: no ATTENDEE, no line that
/// begins a component but those roster writes.
fn assert_calendars_hold_exactly_the_plan(plan: &Path) -> BTreeMap<String, Calendar> {
    let want = expected_events(plan);
    let mut got = BTreeMap::new();
    for e in std::fs::read_dir(plan.join("calendars"))
        .expect("calendars")
        .flatten()
    {
        let name = e.file_name().to_string_lossy().to_string();
        let text = std::fs::read_to_string(e.path()).expect("read ics");
        for line in text.split("\r\n") {
            assert!(!line.starts_with("ATTENDEE"), "{name}: {line}");
            assert!(!line.starts_with("UID:evil"), "{name}: {line}");
            assert!(line.len() <= 75, "{name}: a line of {} octets", line.len());
        }
        assert!(
            !text.replace("\r\n", "").contains(['\r', '\n']),
            "{name}: bare CR or LF"
        );
        let begins = text.split("\r\n").filter(|l| *l == "BEGIN:VEVENT").count();
        let cal: Calendar = text.parse().expect("calendar parses");
        let uids: Vec<String> = cal
            .events()
            .map(|ev| {
                assert!(ev.multi_properties().get("ATTENDEE").is_none(), "{name}");
                assert!(ev.property_value("ATTENDEE").is_none(), "{name}");
                ev.get_uid().expect("uid").to_string()
            })
            .collect();
        assert_eq!(uids.len(), begins, "{name}");
        let set: BTreeSet<String> = uids.iter().cloned().collect();
        assert_eq!(set.len(), uids.len(), "{name}: a UID twice");
        if name == "deadlines.ics" {
            // The contract's deadlines (issue 17): one per flyer, leaflet, report, ...,
            // every UID roster's own, none taken from the hostile names.
            assert!(set.iter().all(|u| u.starts_with("deadline-")), "{set:?}");
            continue;
        }
        assert_eq!(
            Some(&set),
            want.get(&name),
            "{name}: exactly the plan's events"
        );
        got.insert(name, cal);
    }
    assert_eq!(
        got.keys().collect::<BTreeSet<_>>(),
        want.keys().collect::<BTreeSet<_>>()
    );
    got
}

/// What a calendar application shows of a text: line breaks one LF, other control
/// characters U+FFFD.
fn shown(s: &str) -> String {
    s.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect()
}

#[test]
fn case5_ics_names_with_line_breaks_add_no_attendee_and_no_event() {
    let dir = tempfile::tempdir().expect("temp dir");
    let model = hostile_model(dir.path());
    let (plan, _) = solved(dir.path(), &model, &[]);
    let cals = assert_calendars_hold_exactly_the_plan(&plan);
    // The person's calendar is titled with the name, read back as written.
    let r1 = &cals["r1.ics"];
    let title = r1.property_value("X-WR-CALNAME").expect("title");
    assert!(title.starts_with(&shown(STAFF_NAME)), "{title:?}");
    // The place's name and the address reach SUMMARY and LOCATION whole.
    let alpha = &cals["alpha.ics"];
    assert!(alpha.events().count() > 0);
    let r1_office = r1
        .events()
        .find(|e| e.get_location().is_some_and(|l| l.contains("LOCATION:x")))
        .expect("an event at alpha-hall");
    assert!(r1_office
        .get_location()
        .expect("location")
        .ends_with(&shown(ADDRESS)));
    assert!(r1.events().any(|e| e
        .get_summary()
        .is_some_and(|s| s.contains(&shown(PLACE_NAME)))));
}

#[test]
fn case5_bare_cr_in_summary_location_and_description_is_escaped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let model = hostile_model(dir.path());
    let (plan, _) = solved(dir.path(), &model, &["--lang", "en"]);
    let cals = assert_calendars_hold_exactly_the_plan(&plan);
    for (name, cal) in &cals {
        for e in cal.events() {
            for text in [e.get_summary(), e.get_location(), e.get_description()] {
                let t = text.unwrap_or_default();
                assert!(!t.contains('\r') && !t.contains('\u{1b}'), "{name}: {t:?}");
            }
        }
    }
    let raw = std::fs::read_to_string(plan.join("calendars/alpha.ics")).expect("ics");
    assert!(
        raw.contains("\\nEND:VEVENT\\nBEGIN:VEVENT"),
        "bare CRs written as \\n"
    );
}

#[test]
fn case5_csv_cells_with_formula_prefixes_are_neutralised_and_read_back_losslessly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let model = hostile_model(dir.path());
    let (plan, _) = solved(dir.path(), &model, &[]);
    let quoted = assert_no_formula_cells(&plan);
    assert!(
        quoted > 0,
        "the hostile names were written with a leading '"
    );
    let staff = rows(&plan.join("staff.csv"));
    let r1 = staff.iter().find(|r| r["staff_id"] == "r1").expect("r1");
    assert_eq!(r1["name"], STAFF_NAME, "read back as the model has it");
    let raw = std::fs::read_to_string(plan.join("staff.csv")).expect("staff.csv");
    assert!(raw.contains("\"'=HYPERLINK("), "{raw}");
    // Plain negative numbers are no formulas and stay numbers: none in this plan
    // begins with `'-`.
    assert!(!raw.contains(",'-"));
    // The independent checker reads the folder back (cells unescaped) and passes.
    let o = roster_p(&[&"check", &model, &plan]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    // A re-plan reads the hostile folder back too; its CSVs are as safe, and the
    // calendars' events the re-plan cannot change (before as_of) keep SEQUENCE 0:
    // the fingerprints read back from the escaped files are stable.
    let scenario = dir.path().join("s.toml");
    std::fs::write(
        &scenario,
        "name = \"c2 away\\u001B[31m\"\nas_of = \"2023-09-01\"\n\n[[absence]]\nstaff = \"c2\"\nfrom = \"2023-09-11\"\nto = \"2023-09-15\"\n",
    )
    .expect("scenario");
    let out = dir.path().join("replanned");
    let o = roster_p(&[
        &"replan",
        &model,
        &"--baseline",
        &plan,
        &"--scenario",
        &scenario,
        &"--out",
        &out,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(!o.stdout.contains(&0x1b) && !o.stderr.contains(&0x1b));
    assert_no_formula_cells(&out);
    let cals = assert_calendars_hold_exactly_the_plan_or_cancelled(&out);
    let mut frozen = 0;
    for (name, cal) in &cals {
        for e in cal.events() {
            let start = e.property_value("DTSTART").unwrap_or_default();
            if start < "20230901" {
                frozen += 1;
                assert_eq!(e.get_sequence(), Some(0), "{name}: {:?}", e.get_uid());
            }
        }
    }
    assert!(frozen > 100, "{frozen} events before as_of");
    let o = roster_p(&[&"check", &model, &out]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
}

/// After a re-plan a calendar also keeps what it lost, cancelled: the confirmed events
/// are exactly the plan's, and nothing is injected.
fn assert_calendars_hold_exactly_the_plan_or_cancelled(plan: &Path) -> BTreeMap<String, Calendar> {
    let want = expected_events(plan);
    let mut got = BTreeMap::new();
    for e in std::fs::read_dir(plan.join("calendars"))
        .expect("calendars")
        .flatten()
    {
        let name = e.file_name().to_string_lossy().to_string();
        let text = std::fs::read_to_string(e.path()).expect("read ics");
        assert!(!text
            .split("\r\n")
            .any(|l| l.starts_with("ATTENDEE") || l.starts_with("UID:evil")));
        let cal: Calendar = text.parse().expect("calendar parses");
        let confirmed: BTreeSet<String> = cal
            .events()
            .filter(|ev| ev.get_status() != Some(EventStatus::Cancelled))
            .map(|ev| ev.get_uid().expect("uid").to_string())
            .collect();
        if name == "deadlines.ics" {
            assert!(confirmed.iter().all(|u| u.starts_with("deadline-")));
            got.insert(name, cal);
            continue;
        }
        assert_eq!(
            confirmed,
            want.get(&name).cloned().unwrap_or_default(),
            "{name}"
        );
        got.insert(name, cal);
    }
    got
}

#[test]
fn case5_escape_sequences_reach_the_terminal_only_as_visible_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let model = hostile_model(dir.path());
    // Solve (its summary lists the place names), --verbose for the progress lines.
    let (plan, o) = solved(dir.path(), &model, &["--verbose"]);
    let mut outputs = vec![o];
    outputs.push(roster_p(&[&"check", &model, &plan]));
    outputs.push(roster_p(&[&"calendar", &model]));
    outputs.push(roster_p(&[&"calendar", &model, &"--format", &"json"]));
    outputs.push(roster_p(&[&"history", &plan]));
    // An unknown reference (E011 or the id rule) echoes the text it could not find.
    let bad = dir.path().join("bad.toml");
    let text = std::fs::read_to_string(&model).expect("model");
    std::fs::write(
        &bad,
        text.replacen("place = \"alpha\"", "place = \"alp\\u001Bha\"", 1),
    )
    .expect("bad model");
    let refused = roster_p(&[&"solve", &bad, &"--out", &dir.path().join("no")]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    outputs.push(refused);
    // clap's own error echoes a flag's value.
    let clap = roster_p(&[
        &"solve",
        &model,
        &"--out",
        &dir.path().join("no"),
        &"--lang",
        &"\u{1b}[31mred",
    ]);
    assert_eq!(clap.status.code(), Some(2));
    assert!(
        stderr(&clap).contains("\\u001b[31mred"),
        "{}",
        stderr(&clap)
    );
    outputs.push(clap);
    for o in &outputs {
        for bytes in [&o.stdout, &o.stderr] {
            let text = String::from_utf8_lossy(bytes);
            assert!(!bytes.contains(&0x1b), "raw ESC: {text}");
            assert!(!bytes.contains(&0x07), "raw BEL: {text}");
            assert!(!text.contains('\u{202e}'), "raw bidi override: {text}");
            assert!(!text.contains('\r'), "raw CR: {text}");
        }
    }
    // The names are there, visibly.
    let all: String = outputs.iter().map(|o| stdout(o) + &stderr(o)).collect();
    assert!(all.contains("\\u001b[2J"), "{all}");
    // The JSON listing stays valid JSON.
    let json: serde_json::Value =
        serde_json::from_slice(&outputs[3].stdout).expect("calendar --format json is JSON");
    assert!(json.is_array());
}

/// Bytes of every file under `dir`.
fn folder_size(dir: &Path) -> u64 {
    let mut n = 0;
    for e in std::fs::read_dir(dir).expect("read dir").flatten() {
        let p = e.path();
        n += if p.is_dir() {
            folder_size(&p)
        } else {
            e.metadata().map_or(0, |m| m.len())
        };
    }
    n
}

#[test]
fn case7_a_30000_character_address_is_refused_and_long_ones_fold_and_grow_linearly() {
    let dir = tempfile::tempdir().expect("temp dir");
    // 30,000 characters: a located input error (E024), nothing written.
    let huge = tiny_with(
        "address = \"アルファ市1-1\"",
        &format!("address = \"{}\"", "住所x".repeat(10_000)),
    );
    let model = dir.path().join("huge.toml");
    std::fs::write(&model, huge).expect("model");
    let out = dir.path().join("huge-plan");
    let o = roster_p(&[&"solve", &model, &"--out", &out]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("error[E024]"), "{}", stderr(&o));
    assert!(!out.exists());
    // Up to the limit (500), the folder grows with the address's length.
    let mut sizes = Vec::new();
    for len in [0usize, 249, 498] {
        let sub = dir.path().join(format!("a{len}"));
        std::fs::create_dir(&sub).expect("dir");
        let address = "住所x".repeat(len / 3);
        let text = tiny_with(
            "address = \"アルファ市1-1\"",
            &format!("address = \"{address}\""),
        );
        let model = sub.join("m.toml");
        std::fs::write(&model, text).expect("model");
        let (plan, _) = solved(&sub, &model, &[]);
        if len == 498 {
            let cals = assert_calendars_hold_exactly_the_plan(&plan);
            assert!(cals["alpha.ics"]
                .events()
                .all(|e| e.get_location().is_some_and(|l| l.ends_with(&address))));
        }
        sizes.push(folder_size(&plan) as f64);
    }
    // The address is repeated in every row and event held at the venue (events.csv,
    // assignments.csv, notices, calendars): the folder grows in proportion to its
    // length, not with its square.
    let (a, b) = (sizes[1] - sizes[0], sizes[2] - sizes[0]);
    assert!(a > 0.0 && (b / a - 2.0).abs() < 0.05, "sizes {sizes:?}");
}

/// Every file under `dir` whose name ends in `ext`.
fn files_ending(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("read dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            files_ending(&p, ext, out);
        } else if p.to_string_lossy().ends_with(ext) {
            out.push(p);
        }
    }
}

#[test]
fn control_characters_in_names_reach_letters_and_roster_html_only_visibly() {
    // The review's case: `cat plan/notices/c1.txt` retitled the terminal.
    let dir = tempfile::tempdir().expect("temp dir");
    let model = hostile_model(dir.path());
    let pwn = "\u{1b}]0;pwn\u{7}";
    let text = std::fs::read_to_string(&model).expect("model").replacen(
        "name = \"相談 一美\"",
        &format!("name = {}", toml_string(&format!("相談{pwn}一美"))),
        1,
    );
    std::fs::write(&model, text).expect("model");
    let (plan, _) = solved(dir.path(), &model, &[]);
    let mut files = Vec::new();
    files_ending(&plan.join("notices"), ".txt", &mut files);
    assert!(files.len() > 1, "{files:?}");
    files.push(plan.join("roster.html"));
    for f in &files {
        let bytes = std::fs::read(f).expect("file");
        let text = String::from_utf8_lossy(&bytes);
        assert!(!bytes.contains(&0x1b), "raw ESC in {}", f.display());
        assert!(!bytes.contains(&0x07), "raw BEL in {}", f.display());
        assert!(!text.contains('\r'), "raw CR in {}", f.display());
        assert!(
            !text.contains('\u{202e}'),
            "bidi override in {}",
            f.display()
        );
        assert!(
            !text
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t'),
            "{}",
            f.display()
        );
    }
    // Shown, not lost: c1's letter greets 相談\u001b]0;pwn\u0007一美, the page shows
    // the model's name the same way, r1's CR LF name breaks lines with LF.
    let c1 = std::fs::read_to_string(plan.join("notices/c1.txt")).expect("c1");
    assert!(c1.contains("相談\\u001b]0;pwn\\u0007一美"), "{c1}");
    let html = std::fs::read_to_string(plan.join("roster.html")).expect("html");
    assert!(
        html.contains("tiny\\u001b]0;owned\\u0007"),
        "model name shown"
    );
    let r1 = std::fs::read_to_string(plan.join("notices/r1.txt")).expect("r1");
    assert!(r1.contains("\nATTENDEE:mailto:x@evil\n"), "{r1}");
    // The CSV files stay lossless data (docs/outputs.md): the name is there as written.
    let assignments = rows(&plan.join("assignments.csv"));
    assert!(
        assignments
            .iter()
            .any(|r| r.values().any(|v| v.contains(pwn))),
        "assignments.csv keeps the name"
    );
    // The folder written is still a plan the checker accepts.
    assert_checks_clean(&model, &plan);
}
