//! Helpers: run the binary, temporary model files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shipped Saitama model.
pub fn saitama() -> PathBuf {
    root().join("models/saitama-2023.toml")
}

/// The tiny test model.
pub fn tiny() -> PathBuf {
    root().join("tests/fixtures/tiny.toml")
}

/// Runs `roster` with arguments.
pub fn roster(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_roster"))
        .args(args)
        .output()
        .expect("the roster binary runs")
}

/// Runs `roster` with path arguments mixed in.
pub fn roster_p(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_roster"))
        .args(args.iter().map(|a| a.as_ref()))
        .output()
        .expect("the roster binary runs")
}

/// stdout as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// stderr as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Writes `text` to `name` in a fresh temporary directory.
pub fn temp_file(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("write temp file");
    (dir, path)
}

/// `roster generate` of `copies` copies of the shipped model `spacing` degrees apart,
/// written to `dir/name` (exit 0 asserted); returns the model's path.
pub fn generated(dir: &std::path::Path, name: &str, copies: u32, spacing: &str) -> PathBuf {
    let out = dir.join(name);
    let copies = copies.to_string();
    let o = roster_p(&[
        &"generate",
        &saitama(),
        &"--copies",
        &copies,
        &"--spacing",
        &spacing,
        &"--out",
        &out,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    out
}

/// The tiny model's text with one replacement (which must apply).
pub fn tiny_with(from: &str, to: &str) -> String {
    let text = std::fs::read_to_string(tiny()).expect("tiny model");
    assert!(text.contains(from), "fixture has no `{from}`");
    text.replacen(from, to, 1)
}

/// Whether a directory is absent or empty.
pub fn nothing_in(dir: &Path) -> bool {
    !dir.exists()
        || std::fs::read_dir(dir)
            .map(|mut d| d.next().is_none())
            .unwrap_or(true)
}

/// The header and rows of a plan CSV (BOM stripped), cut to the id columns that come
/// before the readable ones (`weekday`, `municipality_name`), re-quoted as CSV: what
/// `roster check` reads, the same whatever `--lang` wrote.
pub fn id_columns(path: &Path) -> (String, Vec<String>) {
    let text = std::fs::read_to_string(path).expect("read csv");
    let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = r
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let keep = header
        .iter()
        .position(|h| h == "weekday" || h == "municipality_name")
        .unwrap_or(header.len());
    let quote = |f: &str| {
        if f.contains([',', '"', '\n']) {
            format!("\"{}\"", f.replace('"', "\"\""))
        } else {
            f.to_string()
        }
    };
    let lines = r
        .records()
        .map(|rec| {
            let rec = rec.expect("row");
            rec.iter()
                .take(keep)
                .map(quote)
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect();
    (header[..keep].join(","), lines)
}

/// Runs the independent checker (`roster check MODEL PLAN`) and asserts that it finds
/// nothing: exit 0 and its `ok: ` line. Every solving test whose plan should be clean
/// ends with this, rather than comparing the checker with the solver's own exit code.
pub fn assert_checks_clean(model: &Path, plan: &Path) {
    let c = roster_p(&[&"check", &model, &plan]);
    assert_eq!(
        c.status.code(),
        Some(0),
        "the independent check finds violations:\n{}{}",
        stdout(&c),
        stderr(&c)
    );
    assert!(stdout(&c).starts_with("ok: "), "{}", stdout(&c));
}

/// The findings `roster check` printed, each as its key `RULE DATE EVENT PERSON` (the
/// part before `: `; a finding about the year is the rule alone), sorted.
pub fn findings(out: &str) -> Vec<String> {
    let mut f: Vec<String> = out
        .lines()
        .filter(|l| {
            l.split([' ', ':']).next().is_some_and(|r| {
                r.contains('-') && r.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            })
        })
        .map(|l| l.split(": ").next().unwrap_or(l).to_string())
        .collect();
    f.sort();
    f
}

/// The keys of a plan folder's violations.csv, as [`findings`] makes them from the
/// checker's terminal output (`RULE DATE EVENT PERSON`, empty fields left out), sorted.
pub fn violation_keys(plan: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(plan.join("violations.csv")).expect("violations.csv");
    let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let mut keys: Vec<String> = r
        .records()
        .map(|rec| {
            let rec = rec.expect("row");
            (0..4)
                .filter_map(|i| rec.get(i))
                .filter(|f| !f.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    keys.sort();
    keys
}

/// A TOML basic string holding `s` exactly (quotes, backslashes and control characters
/// escaped), for putting hostile text into a model or scenario.
pub fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Every file, folder and link under `dir` (links recorded as links, never followed),
/// files by a digest of their bytes; `skip` and what lies under it left out. Two
/// snapshots compare equal only if nothing there was written, added, removed or relinked.
pub fn snapshot(dir: &Path, skip: Option<&Path>) -> BTreeMap<PathBuf, String> {
    use sha2::{Digest, Sha256};
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if skip.is_some_and(|s| p.starts_with(s)) {
                continue;
            }
            let Ok(t) = e.file_type() else { continue };
            if t.is_dir() {
                out.insert(p.clone(), "dir".into());
                stack.push(p);
            } else if t.is_symlink() {
                out.insert(p.clone(), format!("link {:?}", std::fs::read_link(&p).ok()));
            } else {
                let bytes = std::fs::read(&p).unwrap_or_default();
                out.insert(p, format!("{:x}", Sha256::digest(&bytes)));
            }
        }
    }
    out
}

/// Rewrites `dir/roster.xlsx` as a workbook whose 担当一覧 sheet holds `rows` (as a
/// manager's Excel saves it, every other sheet dropped: only this sheet is read).
pub fn write_sheet(dir: &Path, rows: &[Vec<String>]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("担当一覧").expect("name");
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, v).expect("cell");
        }
    }
    wb.save(dir.join("roster.xlsx")).expect("save");
}

/// Writes a plan CSV file (with its byte-order mark) from its header and rows.
pub fn write_rows(path: &Path, header: &str, rows: &[String]) {
    let mut text = format!("\u{feff}{header}\n");
    for r in rows {
        text.push_str(r);
        text.push('\n');
    }
    std::fs::write(path, text).expect("write");
}
