//! Issue 16: people-facing output is Japanese under the default `--lang`, and a
//! scenario's name never reaches a letter, a calendar, the workbook, the HTML page or a
//! CSV file (only the folder's own record, history.json, keeps it).
//!
//! Every output of the shipped models and scenarios (terminal and files) is searched
//! for ASCII words. What may stay ASCII is built from the data, never from a list of the
//! words seen: the model's and the scenarios' own text (ids, names, addresses, keys),
//! the ids the plan files carry in their id columns, rule IDs, error codes, dates and
//! numbers, file names and units.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use calamine::{open_workbook_auto, Data, Reader};

use super::replan::whatif_all;
use super::solve::{saitama_plan, saitama_solve_said};
use super::support::*;
use super::training::{gifu_plan, gifu_solve};

/// Columns of the plan files whose cells are ids or codes (docs/outputs.md); every
/// other column is words a person reads.
const ID_COLUMNS: &[&str] = &[
    "event_id",
    "staff_id",
    "date",
    "start",
    "end",
    "kind",
    "municipality",
    "venue",
    "room",
    "role",
    "roles",
    "change",
    "before",
    "after",
    "rule",
    "seminar_type",
    "theme",
    "mode",
    "original_date",
    "section",
    // affected.csv's contract flags (`under`, `within`, `over`; words in contract_text).
    "contract_before",
    "contract_after",
    "course_id",
    "session_id",
    "subject",
    "subjects",
    "type",
    "field",
    "qualifications",
    "status",
    "scenario",
];

/// Units, format words (CSV booleans) and abbreviations Japanese writes in ASCII.
const UNITS: &[&str] = &[
    "km", "s", "m2", "sha256", "PC", "PCs", "ID", "true", "false",
    // `roster check`'s first word, which scripts read (`ok: …`).
    "ok",
];

/// The ASCII tokens of `text` that hold a letter: runs of letters, digits and
/// `_ . -`, their outer dots and dashes trimmed.
fn ascii_tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut flush = |cur: &mut String| {
        let t = cur.trim_matches(|c| c == '.' || c == '-').to_string();
        if t.chars().any(|c| c.is_ascii_alphabetic()) {
            out.push(t);
        }
        cur.clear();
    };
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '-' {
            cur.push(c);
        } else {
            flush(&mut cur);
        }
    }
    flush(&mut cur);
    out
}

/// The words of a TOML file: every string value and every key.
fn toml_words(path: &Path, allow: &mut BTreeSet<String>) {
    fn walk(v: &toml::Value, allow: &mut BTreeSet<String>) {
        match v {
            toml::Value::String(s) => allow.extend(ascii_tokens(s)),
            toml::Value::Array(a) => a.iter().for_each(|x| walk(x, allow)),
            toml::Value::Table(t) => {
                for (k, x) in t {
                    allow.extend(ascii_tokens(k));
                    walk(x, allow);
                }
            }
            _ => {}
        }
    }
    let text = std::fs::read_to_string(path).expect("toml");
    let table: toml::Table = text.parse().expect("toml parses");
    walk(&toml::Value::Table(table), allow);
}

/// A token that is a code: a rule ID (`CON-4`, `MODEL-LIMIT`, `PLAN-1`), an error code,
/// a file name, a unit.
fn is_code(t: &str) -> bool {
    let rule = t.split_once('-').is_some_and(|(a, b)| {
        a.chars().all(|c| c.is_ascii_uppercase())
            && !b.is_empty()
            && b.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    });
    let error = t.len() == 4 && t.starts_with('E') && t[1..].chars().all(|c| c.is_ascii_digit());
    let file = [".csv", ".json", ".txt", ".ics", ".xlsx", ".html", ".toml"]
        .iter()
        .any(|x| t.ends_with(x));
    // A digest (`sha256 62e451543199`), a number with its unit (`42.9s`).
    let digest = t.len() >= 8 && t.chars().all(|c| c.is_ascii_hexdigit());
    let unit = t.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    rule || error || file || digest || UNITS.contains(&t) || UNITS.contains(&unit)
}

/// A terminal text without the paths it names (the folders written).
fn without_paths(said: &str) -> String {
    said.lines()
        .map(|l| {
            l.split(' ')
                .filter(|w| !w.starts_with('/'))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The CSV files of `dir` (recursively), parsed.
fn csv_files(dir: &Path) -> Vec<(PathBuf, Vec<BTreeMap<String, String>>)> {
    let mut out = Vec::new();
    for f in files_in(dir) {
        if f.extension().is_some_and(|x| x == "csv") {
            let text = std::fs::read_to_string(&f).expect("csv");
            let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
            let head: Vec<String> = r
                .headers()
                .expect("header")
                .iter()
                .map(str::to_string)
                .collect();
            let rows = r
                .records()
                .map(|rec| {
                    let rec = rec.expect("record");
                    head.iter()
                        .cloned()
                        .zip(rec.iter().map(str::to_string))
                        .collect()
                })
                .collect();
            out.push((f, rows));
        }
    }
    out
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The text a person reads in one output file (`None`: a record, not read by people:
/// roster.json, history.json).
fn people_text(f: &Path) -> Option<Vec<String>> {
    let name = f.file_name()?.to_str()?;
    if name == "roster.json" || name == "history.json" || name == "plan.json" {
        return None;
    }
    let ext = f.extension()?.to_str()?;
    match ext {
        "csv" => {
            let text = std::fs::read_to_string(f).ok()?;
            let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
            let head: Vec<String> = r.headers().ok()?.iter().map(str::to_string).collect();
            let mut out = Vec::new();
            for rec in r.records().flatten() {
                for (h, cell) in head.iter().zip(rec.iter()) {
                    if !ID_COLUMNS.contains(&h.as_str()) {
                        out.push(cell.to_string());
                    }
                }
            }
            Some(out)
        }
        "txt" => Some(vec![std::fs::read_to_string(f).ok()?]),
        "ics" => {
            // The words of the calendar: its name and each event's text; the rest is
            // the format's syntax.
            let text = std::fs::read_to_string(f).ok()?.replace("\r\n ", "");
            Some(
                text.lines()
                    .filter_map(|l| {
                        ["SUMMARY", "DESCRIPTION", "LOCATION", "X-WR-CALNAME", "NAME"]
                            .iter()
                            .find_map(|k| l.strip_prefix(&format!("{k}:")))
                            .map(|v| v.replace("\\n", "\n").replace("\\,", ","))
                    })
                    .collect(),
            )
        }
        "html" => {
            let text = std::fs::read_to_string(f).ok()?;
            Some(vec![visible_html(&text)])
        }
        "xlsx" => {
            let mut wb = open_workbook_auto(f).ok()?;
            let mut out = Vec::new();
            for sheet in wb.sheet_names() {
                out.push(sheet.clone());
                if let Ok(range) = wb.worksheet_range(&sheet) {
                    for row in range.rows() {
                        for c in row {
                            if let Data::String(s) = c {
                                out.push(s.clone());
                            }
                        }
                    }
                }
            }
            Some(out)
        }
        _ => Some(vec![std::fs::read_to_string(f).ok()?]),
    }
}

/// The text of an HTML page a reader sees: scripts, styles and tags removed, entities
/// decoded.
fn visible_html(page: &str) -> String {
    let mut s = page.to_string();
    for tag in ["script", "style"] {
        while let Some(a) = s.find(&format!("<{tag}")) {
            let Some(b) = s[a..].find(&format!("</{tag}>")) else {
                break;
            };
            s.replace_range(a..a + b + tag.len() + 3, " ");
        }
    }
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&#x2f;", "/")
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&nbsp;", " ")
}

/// Everything that may stay ASCII in the outputs of `models`' plans: the model's and
/// the scenarios' own words, and the ids the plan files of `folders` carry.
fn allowed(models: &[PathBuf], scenarios: &[PathBuf], folders: &[&Path]) -> BTreeSet<String> {
    let mut allow = BTreeSet::new();
    for m in models {
        toml_words(m, &mut allow);
    }
    // A scenario's name is cut to the what-if table's column: its words' beginnings too.
    for sc in scenarios {
        let mut words = BTreeSet::new();
        toml_words(sc, &mut words);
        for w in words {
            let cut: Vec<String> = (1..w.len()).map(|n| w[..n].to_string()).collect();
            allow.extend(cut);
            allow.insert(w);
        }
    }
    for dir in folders {
        for (_, rows) in csv_files(dir) {
            for row in rows {
                for (h, cell) in row {
                    if ID_COLUMNS.contains(&h.as_str()) {
                        allow.extend(ascii_tokens(&cell));
                    }
                }
            }
        }
    }
    allow
}

/// The ASCII words of `texts` not allowed, with where they were found.
fn stray_words(what: &str, texts: &[String], allow: &BTreeSet<String>) -> Vec<String> {
    let mut out = BTreeSet::new();
    for t in texts {
        for w in ascii_tokens(t) {
            if !allow.contains(&w) && !is_code(&w) {
                let at = t.find(&w).unwrap_or(0);
                let from = t[..at].char_indices().rev().nth(30).map_or(0, |(i, _)| i);
                let to = (at + w.len() + 30).min(t.len());
                let to = (to..=t.len())
                    .find(|i| t.is_char_boundary(*i))
                    .unwrap_or(t.len());
                out.insert(format!("{what}: `{w}` in …{}…", &t[from..to]));
            }
        }
    }
    out.into_iter().collect()
}

fn scenario_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("scenarios")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
}

/// Every file of `dirs` people read, and the terminal texts, searched.
fn strays_in(
    dirs: &[&Path],
    terminal: &[(String, String)],
    allow: &BTreeSet<String>,
) -> Vec<String> {
    let mut found = Vec::new();
    for dir in dirs {
        for f in files_in(dir) {
            if let Some(texts) = people_text(&f) {
                found.extend(stray_words(&f.display().to_string(), &texts, allow));
            }
        }
    }
    for (what, said) in terminal {
        found.extend(stray_words(what, &[without_paths(said)], allow));
    }
    found
}

#[test]
fn issue16_every_output_of_the_shipped_career_centre_is_japanese() {
    let scenarios = scenario_files(&root().join("scenarios"));
    let (_d, out, table, _) = whatif_all();
    let mut terminal = vec![
        ("solve".to_string(), saitama_solve_said().to_string()),
        ("whatif".to_string(), table.clone()),
    ];
    // Each shipped scenario re-planned on its own: its summary, its folder, its
    // history, and a clean check.
    let work = tempfile::tempdir().expect("temp");
    let mut folders: Vec<PathBuf> = vec![saitama_plan().to_path_buf(), out.clone()];
    for (i, sc) in scenarios.iter().enumerate() {
        let dir = work.path().join(format!("r{i}"));
        let o = roster_p(&[
            &"replan",
            &saitama(),
            &"--baseline",
            &saitama_plan(),
            &"--scenario",
            sc,
            &"--out",
            &dir,
            &"--time-limit",
            &"120",
        ]);
        assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
        terminal.push((format!("replan {}", sc.display()), stdout(&o)));
        let h = roster_p(&[&"history", &dir]);
        terminal.push((format!("history {}", sc.display()), stdout(&h)));
        assert_checks_clean(&saitama(), &dir);
        folders.push(dir);
    }
    let dirs: Vec<&Path> = folders.iter().map(PathBuf::as_path).collect();
    let allow = allowed(&[saitama()], &scenarios, &dirs);
    let found = strays_in(&dirs, &terminal, &allow);
    assert!(
        found.is_empty(),
        "{} ASCII words:\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn issue16_every_output_of_the_shipped_training_provider_is_japanese() {
    let model = root().join("models/gifu-training-2023.toml");
    let scenarios = scenario_files(&root().join("scenarios/gifu"));
    let (_d, _, said) = gifu_solve();
    let work = tempfile::tempdir().expect("temp");
    let out = work.path().join("w");
    let base = gifu_plan();
    let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![
        &"whatif",
        &model,
        &"--baseline",
        &base,
        &"--out",
        &out,
        &"--time-limit",
        &"300",
    ];
    for s in &scenarios {
        args.push(s);
    }
    let o = roster_p(&args);
    // Issue 18: some shipped Gifu scenarios make a rule impossible by design (the
    // liaison away with no cover, TRN-3; interviewers away on an announced day, TRN-7;
    // the care room lost, TRN-5): exit 1, with their violations in Japanese too.
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{}{}",
        stdout(&o),
        stderr(&o)
    );
    let mut terminal = vec![
        ("solve".to_string(), said.clone()),
        ("whatif".to_string(), stdout(&o)),
    ];
    let dirs: Vec<PathBuf> = std::fs::read_dir(&out)
        .expect("whatif folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    for d in &dirs {
        let h = roster_p(&[&"history", d]);
        terminal.push((format!("history {}", d.display()), stdout(&h)));
        let c = roster_p(&[&"check", &model, d]);
        // Clean, or (issue 18) exactly as its re-plan reported: the folder's
        // violations.csv lists what the check finds.
        let reported = std::fs::read_to_string(d.join("violations.csv")).unwrap_or_default();
        let want = if reported.lines().count() > 1 { 1 } else { 0 };
        assert_eq!(c.status.code(), Some(want), "{}{}", stdout(&c), stderr(&c));
        terminal.push((format!("check {}", d.display()), stdout(&c)));
    }
    let mut all: Vec<&Path> = vec![gifu_plan(), out.as_path()];
    all.extend(dirs.iter().map(PathBuf::as_path));
    let allow = allowed(&[model], &scenarios, &all);
    let found = strays_in(&all, &terminal, &allow);
    assert!(
        found.is_empty(),
        "{} ASCII words:\n{}",
        found.len(),
        found.join("\n")
    );
}

/// Issue 16: a scenario named 「c03 病欠」 without `public_reason`: no letter, calendar,
/// workbook sheet, HTML page or CSV file of the new folder (nor of a what-if folder)
/// says 病欠; history.json keeps it. Letters give the neutral 「都合により」.
#[test]
fn issue16_the_scenario_name_stays_in_the_folders_own_record() {
    let work = tempfile::tempdir().expect("temp");
    let sc = work.path().join("c03-sick.toml");
    std::fs::write(
        &sc,
        "name = \"c03 病欠 7/11-7/14\"\nas_of = \"2023-07-01\"\n\n[[absence]]\nstaff = \"c03\"\nfrom = \"2023-07-11\"\nto = \"2023-07-14\"\nnote = \"病欠\"\n",
    )
    .expect("write");
    let dir = work.path().join("r");
    let o = roster_p(&[
        &"replan",
        &saitama(),
        &"--baseline",
        &saitama_plan(),
        &"--scenario",
        &sc,
        &"--out",
        &dir,
        &"--time-limit",
        &"120",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert_checks_clean(&saitama(), &dir);
    let w = work.path().join("w");
    let o = roster_p(&[
        &"whatif",
        &saitama(),
        &"--baseline",
        &saitama_plan(),
        &"--out",
        &w,
        &"--time-limit",
        &"120",
        &sc,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    // The what-if's scenario folders; its comparison table (terminal and
    // comparison.csv) names the scenarios for the manager who runs it.
    let mut letters = 0;
    let mut folders = vec![dir.clone()];
    folders.extend(
        std::fs::read_dir(&w)
            .expect("whatif folder")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_dir()),
    );
    assert_eq!(folders.len(), 2, "one what-if folder");
    for folder in &folders {
        for f in files_in(folder) {
            let name = f.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name == "history.json" {
                let text = std::fs::read_to_string(&f).expect("history");
                assert!(text.contains("病欠"), "history.json keeps the name");
                continue;
            }
            // Raw bytes (every text file), then what a reader sees of the workbook.
            let bytes = std::fs::read(&f).expect("read");
            assert!(
                !String::from_utf8_lossy(&bytes).contains("病欠"),
                "{} shows the scenario's name",
                f.display()
            );
            if let Some(texts) = people_text(&f) {
                assert!(
                    texts.iter().all(|t| !t.contains("病欠")),
                    "{} shows the scenario's name",
                    f.display()
                );
            }
            if f.extension().is_some_and(|x| x == "txt") {
                letters += 1;
                let text = String::from_utf8_lossy(&bytes).to_string();
                assert!(text.contains("都合により、"), "{text}");
            }
        }
    }
    assert!(letters >= 2, "the stand-in and c03 have letters");
}

/// Issue 16: `public_reason` is the letters' reason; a cancelled day names its event and
/// town (from the baseline); a seminar's letter gives its type and theme (SEM-6).
#[test]
fn issue16_letters_give_the_public_reason_the_cancelled_event_and_the_seminar_theme() {
    let work = tempfile::tempdir().expect("temp");
    let sc = work.path().join("kasukabe.toml");
    std::fs::write(
        &sc,
        "name = \"ふれあいキューブ 改修（内部メモ）\"\nas_of = \"2023-08-01\"\npublic_reason = \"会場の改修工事に伴い\"\n\n[[venue_change]]\nvenue = \"fureai-cube\"\nfrom = \"2023-10-01\"\nto = \"2024-03-31\"\n",
    )
    .expect("write");
    let dir = work.path().join("r");
    let o = roster_p(&[
        &"replan",
        &saitama(),
        &"--baseline",
        &saitama_plan(),
        &"--scenario",
        &sc,
        &"--out",
        &dir,
        &"--time-limit",
        &"120",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert_checks_clean(&saitama(), &dir);
    let letters: Vec<String> = files_in(&dir.join("notices"))
        .iter()
        .map(|f| std::fs::read_to_string(f).expect("letter"))
        .collect();
    assert!(!letters.is_empty());
    for l in &letters {
        assert!(l.contains("会場の改修工事に伴い、"), "{l}");
        assert!(!l.contains("内部メモ"), "{l}");
        assert!(!l.contains("（）"), "an empty town: {l}");
    }
    assert!(
        letters
            .iter()
            .any(|l| l.contains("就職相談（春日部市）") && l.contains("【中止】")),
        "{letters:?}"
    );
    // The year's letters: every seminar line names the seminar's type and theme.
    let year: Vec<String> = files_in(&saitama_plan().join("notices"))
        .iter()
        .map(|f| std::fs::read_to_string(f).expect("letter"))
        .collect();
    let seminar_lines: Vec<&str> = year
        .iter()
        .flat_map(|l| l.lines())
        .filter(|l| l.contains("就職支援セミナー（"))
        .collect();
    assert!(!seminar_lines.is_empty());
    for line in seminar_lines {
        assert!(
            ["全年齢向け", "シニア向け", "女性向け", "健康関連"]
                .iter()
                .any(|t| line.contains(t))
                && line.contains('「'),
            "{line}"
        );
    }
}
