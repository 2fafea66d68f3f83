//! Reads a plan back from the CSV files in a plan directory (the form people edit).
//!
//! A plan folder may have been opened and saved by a spreadsheet, so the reader takes
//! what spreadsheets write: UTF-8 with or without a byte-order mark, Shift-JIS (CP932,
//! Japanese Excel's "CSV"), CRLF line ends, quoted fields, dates as `2023/4/1`, times as
//! `9:45`, columns in any order and extra columns (ignored). Columns are found by their
//! header name. Dates and times are normalised to the form roster writes
//! (`2023-04-01`, `09:45`), so the rest of the program sees one form.
//!
//! A file that cannot be read as a plan (empty, a missing or renamed column, a row with
//! too few or too many fields, a date that is not a date) is an input error naming the
//! file, line and column: never a cascade of rule violations, never a re-plan of a
//! misread plan. Rows that read fine but make no sense (an unknown staff id, a
//! duplicate event id) are left to `roster check`, which reports them as `PLAN-1`.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use super::{
    Assignment, Event, ObjectiveTerms, Plan, SolveReport, SolveStatus, SubstitutionRecord,
    TeamMember, Violation,
};
use crate::input::error::{file_error, line_col, InputError, InputErrors};
use crate::input::ids::{EVENT_ID_MAX, ID_MAX};
use crate::model::Rule;

/// File names inside a plan directory.
pub const EVENTS: &str = "events.csv";
/// Assignments file.
pub const ASSIGNMENTS: &str = "assignments.csv";
/// Teams file.
pub const TEAMS: &str = "teams.csv";
/// Staff file.
pub const STAFF: &str = "staff.csv";
/// Violations file.
pub const VIOLATIONS: &str = "violations.csv";
/// Canonical plan file.
pub const ROSTER_JSON: &str = "roster.json";

/// Columns of `events.csv`, in the order roster writes them; all are required.
pub const EVENT_COLUMNS: &[&str] = &[
    "event_id",
    "date",
    "start",
    "end",
    "kind",
    "municipality",
    "venue",
    "room",
    "room_capacity",
    "capacity",
    "seminar_type",
    "theme",
    "mode",
    "original_date",
];
/// Columns of `assignments.csv`.
pub const ASSIGNMENT_COLUMNS: &[&str] = &["event_id", "date", "staff_id", "role"];
/// Columns of `teams.csv`.
pub const TEAM_COLUMNS: &[&str] = &["municipality", "staff_id"];
/// Columns of `violations.csv`.
pub const VIOLATION_COLUMNS: &[&str] = &["rule", "date", "event_id", "staff_id", "message"];

/// What a reader does with a row that repeats an earlier row of its file exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repeats {
    /// Keep it, so `roster check` reports it (PLAN-1).
    Keep,
    /// Refuse it (E025): a baseline read for `replan`, `whatif`, `diff` or `new-year`,
    /// where a repeated row would be merged silently and the re-plan misjudged.
    Refuse,
}

/// Reads events, assignments and teams (and violations if present) from `dir`, and
/// what `roster.json` records beside them, as `roster check` does.
///
/// Every problem of every file is collected before returning. Rows are put in their
/// fixed order but never merged: a duplicated row stays, so `roster check` can report it
/// (PLAN-1).
pub fn read_plan_dir(dir: &Path) -> Result<Plan, InputErrors> {
    read_plan_dir_with(dir, Repeats::Keep)
}

/// Reads a plan folder that is the start of a re-plan, a what-if or a diff: as
/// [`read_plan_dir`], and a row repeated exactly is an error (E025) naming both lines.
pub fn read_baseline_dir(dir: &Path) -> Result<Plan, InputErrors> {
    read_plan_dir_with(dir, Repeats::Refuse)
}

/// Reads a plan folder, treating repeated rows as `repeats` says.
pub fn read_plan_dir_with(dir: &Path, repeats: Repeats) -> Result<Plan, InputErrors> {
    if !dir.exists() {
        return Err(file_error(
            "E030",
            dir,
            "no such directory".to_string(),
            "check the path; give the directory written by `roster solve --out DIR`",
        ));
    }
    if !dir.is_dir() {
        return Err(file_error(
            "E030",
            dir,
            "is a file, not a plan directory".to_string(),
            "give the directory written by `roster solve --out DIR` (it holds events.csv, assignments.csv and teams.csv)",
        ));
    }
    let mut errors = Vec::new();
    let events = read_events(&dir.join(EVENTS), &mut errors, repeats);
    let assignments = read_assignments(&dir.join(ASSIGNMENTS), &mut errors, repeats);
    let teams = read_teams(&dir.join(TEAMS), &mut errors, repeats);
    let violations = read_violations_if_any(dir, &mut errors);
    let record = match read_roster_json(dir) {
        Ok(r) => r,
        Err(e) => {
            errors.push(e);
            None
        }
    };
    if !errors.is_empty() {
        return Err(InputErrors(errors));
    }
    let mut plan = Plan {
        model: String::new(),
        model_digest: String::new(),
        status: SolveStatus::Loaded,
        gap: None,
        solve: SolveReport::default(),
        seconds: 0.0,
        objective: ObjectiveTerms::default(),
        events,
        assignments,
        teams,
        substitutions: Vec::new(),
        violations,
    };
    // The canonical file carries what the CSVs do not: model, status, gap, objective.
    if let Some(r) = record {
        plan.model = r.model;
        plan.model_digest = r.model_digest;
        plan.status = r.status;
        plan.gap = r.gap;
        plan.solve = r.solve;
        plan.seconds = r.seconds;
        plan.objective = r.objective;
        plan.substitutions = r.substitutions;
    }
    plan.sort();
    Ok(plan)
}

/// What `roster.json` records beside the CSV files. Unknown fields are ignored (the
/// file also holds the rows, which are read from the CSV files people edit).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct RosterRecord {
    /// Model name.
    pub model: String,
    /// SHA-256 of the model file's text (checked by `replan`, E033).
    pub model_digest: String,
    /// How the solve ended.
    pub status: SolveStatus,
    /// Relative gap of the whole plan at the end (`null`: unknown).
    #[serde(default)]
    pub gap: Option<f64>,
    /// How each MILP ended and what the bound covers.
    #[serde(default)]
    pub solve: SolveReport,
    /// Solve time.
    #[serde(default)]
    pub seconds: f64,
    /// Objective terms.
    #[serde(default)]
    pub objective: ObjectiveTerms,
    /// CAL-5 substitutions made.
    #[serde(default)]
    pub substitutions: Vec<SubstitutionRecord>,
}

/// Reads `DIR/roster.json`: `Ok(None)` when there is none (a folder of hand-made CSV
/// files), an error (E046) when it is there but is not a roster file, since then the
/// model check (E033) would be skipped silently.
pub fn read_roster_json(dir: &Path) -> Result<Option<RosterRecord>, InputError> {
    let path = dir.join(ROSTER_JSON);
    if path.symlink_metadata().is_err() {
        return Ok(None);
    }
    let help = "roster.json is written by roster; restore it from the folder `roster solve` wrote, or delete it to check the CSV files alone";
    let bytes = read_plan_file(&path)
        .map_err(|e| plan_file_error(&path, &e, "E031", "check the file's permissions"))?;
    let body = bytes.strip_prefix(BOM_BYTES).unwrap_or(&bytes);
    serde_json::from_slice::<RosterRecord>(body)
        .map(Some)
        .map_err(|e| {
            json_error(
                "E046",
                &path,
                &e,
                "; the model it was solved from cannot be checked",
                help,
            )
        })
}

/// A JSON file of roster's that does not read back, located (file:line:column) and
/// in words, without serde's own "at line .. column .." tail.
pub(crate) fn json_error(
    code: &'static str,
    path: &Path,
    e: &serde_json::Error,
    consequence: &str,
    help: &str,
) -> InputError {
    let what = match e.classify() {
        serde_json::error::Category::Eof => "ends early (the file is cut off)",
        serde_json::error::Category::Syntax => "is not valid JSON",
        serde_json::error::Category::Data => {
            "lacks a field roster writes or has one of the wrong type"
        }
        serde_json::error::Category::Io => "cannot be read",
    };
    let detail = e.to_string();
    let detail = detail.split(" at line ").next().unwrap_or("");
    InputError {
        code,
        file: path.to_path_buf(),
        line: e.line().max(1),
        column: e.column().max(1),
        message: format!("the file {what} ({detail}){consequence}"),
        help: help.into(),
    }
}

const BOM_BYTES: &[u8] = "\u{feff}".as_bytes();

/// Why a plan-folder file was not opened: it is no regular file.
#[derive(Debug)]
struct NotRegular(&'static str);

impl std::fmt::Display for NotRegular {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "it is {}, not a regular file", self.0)
    }
}

impl std::error::Error for NotRegular {}

/// Opens a file of a plan folder for reading without following a symbolic link and
/// without blocking (a FIFO opened for reading waits for a writer forever otherwise).
#[cfg(target_os = "linux")]
fn open_plan_file(path: &Path) -> std::io::Result<std::fs::File> {
    use rustix::fs::{open, Mode, OFlags};
    let flags = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    match open(path, flags, Mode::empty()) {
        Ok(fd) => Ok(std::fs::File::from(fd)),
        Err(rustix::io::Errno::LOOP) => Err(std::io::Error::other(NotRegular("a symbolic link"))),
        Err(e) => Err(e.into()),
    }
}

/// Elsewhere: the type is checked before opening (a small window remains).
#[cfg(not(target_os = "linux"))]
fn open_plan_file(path: &Path) -> std::io::Result<std::fs::File> {
    let t = path.symlink_metadata()?.file_type();
    if !t.is_file() {
        return Err(std::io::Error::other(NotRegular(
            crate::input::error::file_kind(t),
        )));
    }
    std::fs::File::open(path)
}

/// Reads a file of a plan folder (CSV, `roster.json`, `history.json`): it must be a
/// regular file. A symbolic link, FIFO, device, socket or directory in its place is
/// refused (see [`plan_file_error`], E026) at once: never followed, never waited on.
pub fn read_plan_file(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    if let Ok(m) = path.symlink_metadata() {
        if !m.file_type().is_file() {
            return Err(std::io::Error::other(NotRegular(
                crate::input::error::file_kind(m.file_type()),
            )));
        }
    }
    let mut f = open_plan_file(path)?;
    let m = f.metadata()?;
    if !m.file_type().is_file() {
        return Err(std::io::Error::other(NotRegular(
            crate::input::error::file_kind(m.file_type()),
        )));
    }
    let mut bytes = Vec::new();
    f.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The input error for a plan-folder file [`read_plan_file`] could not read: E026
/// for a file that is not a regular file, else `code` with `help`.
pub fn plan_file_error(
    path: &Path,
    e: &std::io::Error,
    code: &'static str,
    help: &str,
) -> InputError {
    if let Some(n) = e.get_ref().and_then(|x| x.downcast_ref::<NotRegular>()) {
        return InputError {
            code: "E026",
            file: path.to_path_buf(),
            line: 0,
            column: 0,
            message: format!("{n}; roster reads only regular files in a plan folder"),
            help:
                "replace it with the file roster wrote (a plain file, not a link, pipe or device)"
                    .into(),
        };
    }
    InputError {
        code,
        file: path.to_path_buf(),
        line: 0,
        column: 0,
        message: format!("cannot read the file: {}", io_words(e)),
        help: help.into(),
    }
}

/// An I/O error in words, without Rust's debug form.
fn io_words(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "it does not exist".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Decodes a CSV file's bytes: UTF-8 (a byte-order mark is dropped), else Shift-JIS
/// (CP932, what Japanese Excel saves as "CSV"). Text that is neither is refused (E043)
/// at the first byte that is not UTF-8.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<String, InputError> {
    let body = bytes.strip_prefix(BOM_BYTES).unwrap_or(bytes);
    let utf8_error = match std::str::from_utf8(body) {
        Ok(s) => return Ok(s.to_string()),
        Err(e) => e,
    };
    if body.starts_with(&[0xff, 0xfe]) || body.starts_with(&[0xfe, 0xff]) {
        return Err(InputError {
            code: "E043",
            file: path.to_path_buf(),
            line: 1,
            column: 1,
            message: "is UTF-16 text (Excel's \"Unicode text\"), not CSV".into(),
            help: "save it from the spreadsheet as \"CSV UTF-8\" (or plain \"CSV\")".into(),
        });
    }
    if let Some(text) =
        encoding_rs::SHIFT_JIS.decode_without_bom_handling_and_without_replacement(body)
    {
        return Ok(text.into_owned());
    }
    let good = &body[..utf8_error.valid_up_to()];
    let prefix = String::from_utf8_lossy(good);
    let (line, column) = line_col(&prefix, prefix.len());
    Err(InputError {
        code: "E043",
        file: path.to_path_buf(),
        line,
        column,
        message: "is neither UTF-8 nor Shift-JIS text (a byte here is not a character in either)"
            .into(),
        help: "save it from the spreadsheet as \"CSV UTF-8\" (or \"CSV\" on Japanese Excel)".into(),
    })
}

/// A CSV file read by header name: its text, where each column is and the records.
pub(crate) struct Table<'p> {
    path: &'p Path,
    text: String,
    columns: HashMap<&'static str, usize>,
    pub(crate) records: Vec<csv::StringRecord>,
}

impl Table<'_> {
    /// The trimmed value of `column` in record `r`.
    pub(crate) fn get<'a>(&self, r: &'a csv::StringRecord, column: &str) -> &'a str {
        self.columns
            .get(column)
            .and_then(|&i| r.get(i))
            .map_or("", str::trim)
    }

    /// Line and column (in characters) where field `column` of record `r` starts.
    pub(crate) fn locate(&self, r: &csv::StringRecord, column: &str) -> (usize, usize) {
        let start = r.position().map_or(0, |p| p.byte() as usize);
        let field = self.columns.get(column).copied().unwrap_or(0);
        line_col(&self.text, field_offset(&self.text, start, field))
    }

    pub(crate) fn error(
        &self,
        errors: &mut Vec<InputError>,
        code: &'static str,
        (line, column): (usize, usize),
        message: String,
        help: &str,
    ) {
        errors.push(InputError {
            code,
            file: self.path.to_path_buf(),
            line,
            column,
            message,
            help: help.to_string(),
        });
    }

    /// A date column, normalised to `YYYY-MM-DD`; empty stays empty when `optional`.
    pub(crate) fn day(
        &self,
        r: &csv::StringRecord,
        column: &str,
        optional: bool,
        errors: &mut Vec<InputError>,
    ) -> String {
        let v = self.get(r, column);
        if v.is_empty() && optional {
            return String::new();
        }
        match super::parse_day(v) {
            Some(d) => d.format("%Y-%m-%d").to_string(),
            None => {
                let what = if v.is_empty() {
                    format!("column `{column}` is empty; it needs a date")
                } else {
                    format!("`{v}` in column `{column}` is not a date")
                };
                self.error(
                    errors,
                    "E045",
                    self.locate(r, column),
                    what,
                    "write a date as 2023-04-01 (2023/4/1 and 2023/04/01 are read too)",
                );
                v.to_string()
            }
        }
    }

    /// A time column, normalised to `HH:MM`.
    pub(crate) fn time(
        &self,
        r: &csv::StringRecord,
        column: &str,
        errors: &mut Vec<InputError>,
    ) -> String {
        let v = self.get(r, column);
        match super::parse_time(v) {
            Some(t) => t.format("%H:%M").to_string(),
            None => {
                self.error(
                    errors,
                    "E045",
                    self.locate(r, column),
                    format!("`{v}` in column `{column}` is not a time of day"),
                    "write a time as 09:45 (9:45 is read too)",
                );
                v.to_string()
            }
        }
    }

    /// An id column: an empty cell stays empty (left to `roster check`), anything
    /// else must pass the id rule (E022, at the cell), or it is never acted upon.
    pub(crate) fn id(
        &self,
        r: &csv::StringRecord,
        column: &str,
        max: usize,
        errors: &mut Vec<InputError>,
    ) -> String {
        let v = self.get(r, column);
        if !v.is_empty() {
            if let Err(p) = crate::input::ids::check_id_max(v, &format!("`{column}`"), max) {
                self.error(errors, "E022", self.locate(r, column), p.message, &p.help);
            }
        }
        v.to_string()
    }

    /// Refuses rows that repeat an earlier row exactly (E025), when `repeats` says so.
    pub(crate) fn repeats(&self, repeats: Repeats, errors: &mut Vec<InputError>) {
        if repeats == Repeats::Keep {
            return;
        }
        // Rows are located only when reported: locating every row would count the
        // lines before each one (quadratic: minutes on a plan of 100,000 rows).
        let mut first: HashMap<Vec<&str>, &csv::StringRecord> = HashMap::new();
        let mut found = 0;
        for r in &self.records {
            let key: Vec<&str> = r.iter().map(str::trim).collect();
            match first.get(&key) {
                Some(&earlier) => {
                    found += 1;
                    if found <= 20 {
                        let (earlier, _) = self.locate(earlier, "");
                        self.error(
                            errors,
                            "E025",
                            self.locate(r, ""),
                            format!("this row repeats line {earlier} exactly"),
                            "delete the repeated row: a plan holds each row once, and a repeated row would be merged silently and the re-plan misjudged",
                        );
                    }
                }
                None => {
                    first.insert(key, r);
                }
            }
        }
        if found > 20 {
            self.error(
                errors,
                "E025",
                (0, 0),
                format!("{} more rows repeat an earlier row", found - 20),
                "",
            );
        }
    }

    /// An optional whole-number column (empty = none).
    pub(crate) fn count(
        &self,
        r: &csv::StringRecord,
        column: &str,
        errors: &mut Vec<InputError>,
    ) -> Option<u32> {
        let v = self.get(r, column);
        if v.is_empty() {
            return None;
        }
        match v.parse::<u32>() {
            Ok(n) => Some(n),
            Err(_) => {
                self.error(
                    errors,
                    "E045",
                    self.locate(r, column),
                    format!("`{v}` in column `{column}` is not a whole number of 0 or more"),
                    "write a number such as 24, or leave the field empty",
                );
                None
            }
        }
    }
}

/// Byte offset where field `field` of the record starting at `start` begins (commas
/// inside quotes do not count).
fn field_offset(text: &str, start: usize, field: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = start.min(bytes.len());
    while i < bytes.len() && (bytes[i] == b'\n' || bytes[i] == b'\r') {
        i += 1;
    }
    let mut seen = 0;
    let mut quoted = false;
    while seen < field && i < bytes.len() {
        match bytes[i] {
            b'"' => quoted = !quoted,
            b',' if !quoted => seen += 1,
            b'\n' if !quoted => break,
            _ => {}
        }
        i += 1;
    }
    i
}

/// `r` with every cell as roster wrote it before making it spreadsheet-safe (one
/// leading `'` taken away, [`super::cell::unescape`]); the position is kept for errors.
fn unescaped(r: &csv::StringRecord) -> csv::StringRecord {
    let mut out: csv::StringRecord = r.iter().map(super::cell::unescape).collect();
    out.set_position(r.position().cloned());
    out
}

/// Reads `path` as a CSV table whose header names every column of `required` (any
/// order, extra columns ignored). Problems go to `errors`; `None` when the file cannot
/// be read as such a table at all.
pub(crate) fn read_table<'p>(
    path: &'p Path,
    required: &'static [&'static str],
    errors: &mut Vec<InputError>,
) -> Option<Table<'p>> {
    let name = path
        .file_name()
        .map_or(String::new(), |n| n.to_string_lossy().to_string());
    let bytes = match read_plan_file(path) {
        Ok(b) => b,
        Err(e) => {
            errors.push(plan_file_error(
                path,
                &e,
                "E031",
                "a plan directory holds events.csv, assignments.csv and teams.csv as `roster solve` wrote them",
            ));
            return None;
        }
    };
    let text = match decode(path, &bytes) {
        Ok(t) => t,
        Err(e) => {
            errors.push(e);
            return None;
        }
    };
    let expected = required.join(",");
    if text.trim().is_empty() {
        errors.push(InputError {
            code: "E044",
            file: path.to_path_buf(),
            line: 1,
            column: 1,
            message: format!("{name} is empty: it has no header row and no rows"),
            help: format!(
                "restore the file `roster solve` wrote; its first line is the header `{expected}`"
            ),
        });
        return None;
    }
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    for rec in rdr.records() {
        match rec {
            Ok(r) => records.push(r),
            Err(e) => {
                let at = e.position().map_or(0, |p| p.byte() as usize);
                let (line, column) = line_col(&text, at);
                errors.push(InputError {
                    code: "E032",
                    file: path.to_path_buf(),
                    line,
                    column,
                    message: "this row cannot be read as CSV".into(),
                    help: "check the quotes on this line: a field that holds a comma or a quote is written in double quotes, with quotes inside doubled".into(),
                });
                return None;
            }
        }
    }
    if records.is_empty() {
        return None;
    }
    let header = records.remove(0);
    let names: Vec<String> = header
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase())
        .collect();
    let mut columns = HashMap::new();
    let mut missing = Vec::new();
    for &col in required {
        let found: Vec<usize> = names
            .iter()
            .enumerate()
            .filter(|(_, n)| n.as_str() == col)
            .map(|(i, _)| i)
            .collect();
        match found.as_slice() {
            [i] => {
                columns.insert(col, *i);
            }
            [] => missing.push(col),
            [_, second, ..] => {
                let (line, column) = line_col(&text, field_offset(&text, 0, *second));
                errors.push(InputError {
                    code: "E044",
                    file: path.to_path_buf(),
                    line,
                    column,
                    message: format!("the header names column `{col}` twice"),
                    help: "rename or delete one of the two columns".into(),
                });
                return None;
            }
        }
    }
    if !missing.is_empty() {
        let list = missing
            .iter()
            .map(|c| format!("`{c}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let found = header.iter().collect::<Vec<_>>().join(",");
        errors.push(InputError {
            code: "E044",
            file: path.to_path_buf(),
            line: 1,
            column: 1,
            message: format!(
                "the header row has no column {list} (it reads `{found}`), so the rows cannot be read"
            ),
            help: format!(
                "restore the header row as roster wrote it: `{expected}` (columns may be in any order; extra columns are ignored)"
            ),
        });
        return None;
    }
    let width = header.len();
    let mut shape_errors = 0;
    let mut rows = Vec::with_capacity(records.len());
    for r in records {
        // A row a spreadsheet left blank (only commas) is no row.
        if r.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if r.len() != width {
            shape_errors += 1;
            if shape_errors <= 20 {
                let start = r.position().map_or(0, |p| p.byte() as usize);
                // A quote that is never closed swallows the lines after it into one
                // field: say where it opens, not where the file ends.
                let (at, message, help) = match r.iter().find(|f| f.contains('\n')) {
                    Some(f) => (
                        start,
                        format!(
                            "a double quote on this row is never closed: the field runs on over {} more lines",
                            f.matches('\n').count()
                        ),
                        "close the quote on this line (a quote inside a field is written twice), or remove it",
                    ),
                    None => (
                        field_offset(&text, start, r.len().min(width)),
                        format!(
                            "this row has {} field{} but the header has {width}",
                            r.len(),
                            if r.len() == 1 { "" } else { "s" }
                        ),
                        "give every row one field per header column (an empty field is written as nothing between two commas)",
                    ),
                };
                let (line, column) = line_col(&text, at);
                errors.push(InputError {
                    code: "E032",
                    file: path.to_path_buf(),
                    line,
                    column,
                    message,
                    help: help.into(),
                });
            }
            continue;
        }
        rows.push(unescaped(&r));
    }
    if shape_errors > 20 {
        errors.push(InputError {
            code: "E032",
            file: path.to_path_buf(),
            line: 0,
            column: 0,
            message: format!("{} more rows do not fit the header", shape_errors - 20),
            help: String::new(),
        });
    }
    Some(Table {
        path,
        text,
        columns,
        records: rows,
    })
}

/// Reads `events.csv`.
pub fn read_events(path: &Path, errors: &mut Vec<InputError>, repeats: Repeats) -> Vec<Event> {
    let Some(t) = read_table(path, EVENT_COLUMNS, errors) else {
        return Vec::new();
    };
    t.repeats(repeats, errors);
    let mut out = Vec::with_capacity(t.records.len());
    for r in &t.records {
        out.push(Event {
            event_id: t.id(r, "event_id", EVENT_ID_MAX, errors),
            date: t.day(r, "date", false, errors),
            start: t.time(r, "start", errors),
            end: t.time(r, "end", errors),
            kind: t.get(r, "kind").to_string(),
            municipality: t.id(r, "municipality", ID_MAX, errors),
            venue: t.id(r, "venue", ID_MAX, errors),
            room: t.id(r, "room", ID_MAX, errors),
            room_capacity: t.count(r, "room_capacity", errors),
            capacity: t.count(r, "capacity", errors),
            seminar_type: t.get(r, "seminar_type").to_string(),
            theme: t.get(r, "theme").to_string(),
            mode: t.get(r, "mode").to_string(),
            original_date: t.day(r, "original_date", true, errors),
        });
    }
    out
}

/// Reads `assignments.csv`.
pub fn read_assignments(
    path: &Path,
    errors: &mut Vec<InputError>,
    repeats: Repeats,
) -> Vec<Assignment> {
    let Some(t) = read_table(path, ASSIGNMENT_COLUMNS, errors) else {
        return Vec::new();
    };
    t.repeats(repeats, errors);
    t.records
        .iter()
        .map(|r| Assignment {
            event_id: t.id(r, "event_id", EVENT_ID_MAX, errors),
            date: t.day(r, "date", false, errors),
            staff_id: t.id(r, "staff_id", ID_MAX, errors),
            role: t.get(r, "role").to_string(),
        })
        .collect()
}

/// Reads `teams.csv`.
pub fn read_teams(path: &Path, errors: &mut Vec<InputError>, repeats: Repeats) -> Vec<TeamMember> {
    let Some(t) = read_table(path, TEAM_COLUMNS, errors) else {
        return Vec::new();
    };
    t.repeats(repeats, errors);
    t.records
        .iter()
        .map(|r| TeamMember {
            municipality: t.id(r, "municipality", ID_MAX, errors),
            staff_id: t.id(r, "staff_id", ID_MAX, errors),
        })
        .collect()
}

/// Reads `DIR/violations.csv` when the folder has one (it is a record of the solve, not
/// needed to check or re-plan): the same for a centre's folder and a provider's.
pub fn read_violations_if_any(dir: &Path, errors: &mut Vec<InputError>) -> Vec<Violation> {
    let path = dir.join(VIOLATIONS);
    if path.symlink_metadata().is_ok() {
        read_violations(&path, errors)
    } else {
        Vec::new()
    }
}

/// Reads `violations.csv` (a record of the solve; dates kept as written when they are
/// not dates, since nothing is planned from them). A rule cell that is no rule ID of
/// RULES.md (nor PLAN-1, MODEL-*) is refused at the cell (E045).
pub fn read_violations(path: &Path, errors: &mut Vec<InputError>) -> Vec<Violation> {
    let Some(t) = read_table(path, VIOLATION_COLUMNS, errors) else {
        return Vec::new();
    };
    t.records
        .iter()
        .filter_map(|r| {
            let rule = t.get(r, "rule");
            let Some(rule) = Rule::from_id(rule) else {
                t.error(
                    errors,
                    "E045",
                    t.locate(r, "rule"),
                    format!("`{rule}` in column `rule` is not a rule ID"),
                    "write a rule ID of RULES.md such as CON-4 (or PLAN-1, MODEL-AVAIL, MODEL-LIMIT, MODEL-ROOM), as roster wrote it",
                );
                return None;
            };
            let date = t.get(r, "date");
            Some(Violation {
                rule,
                date: super::parse_day(date)
                    .map_or(date.to_string(), |d| d.format("%Y-%m-%d").to_string()),
                event_id: t.get(r, "event_id").to_string(),
                staff_id: t.get(r, "staff_id").to_string(),
                message: t.get(r, "message").to_string(),
                cause: None,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events_of(text: &[u8]) -> (Vec<Event>, Vec<InputError>) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(EVENTS);
        std::fs::write(&path, text).expect("write");
        let mut errors = Vec::new();
        let rows = read_events(&path, &mut errors, Repeats::Keep);
        (rows, errors)
    }

    const HEADER: &str = "event_id,date,start,end,kind,municipality,venue,room,room_capacity,capacity,seminar_type,theme,mode,original_date";

    #[test]
    fn violations_read_back_as_rules_and_an_unknown_rule_id_is_refused_at_its_cell() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(VIOLATIONS);
        let header = VIOLATION_COLUMNS.join(",");
        std::fs::write(
            &path,
            format!("{header}\nTRN-10,,x,,m\nMODEL-AVAIL,2023/4/3,,c1,m\n"),
        )
        .expect("write");
        let mut errors = Vec::new();
        let rows = read_violations(&path, &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        let got: Vec<(Rule, &str)> = rows.iter().map(|v| (v.rule, v.date.as_str())).collect();
        assert_eq!(got, [(Rule::Trn10, ""), (Rule::ModelAvail, "2023-04-03")]);

        std::fs::write(&path, format!("{header}\nCON-4,,,,m\nCON-9,,,,m\n")).expect("write");
        let rows = read_violations(&path, &mut errors);
        assert_eq!(rows.len(), 1);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(
            (errors[0].code, errors[0].line, errors[0].column),
            ("E045", 3, 1)
        );
        assert!(
            errors[0].message.contains("`CON-9`"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn spreadsheet_dates_times_crlf_and_extra_columns_are_read() {
        let text = format!(
            "weekday,{HEADER},venue_name\r\n月,con-a-20230403,2023/4/3,9:45,16:15,consultation,a,v,r,,6,,,,,\"Hall, east\"\r\n"
        );
        let (rows, errors) = events_of(text.as_bytes());
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].date, "2023-04-03");
        assert_eq!(rows[0].start, "09:45");
        assert_eq!(rows[0].capacity, Some(6));
        assert_eq!(rows[0].room_capacity, None);
    }

    #[test]
    fn shift_jis_is_decoded() {
        let text = format!(
            "{HEADER}\r\ncon-a-20230403,2023/04/03,09:45,16:15,consultation,a,v,r,,6,,テーマ,,\r\n"
        );
        let (bytes, _, bad) = encoding_rs::SHIFT_JIS.encode(&text);
        assert!(!bad);
        let (rows, errors) = events_of(&bytes);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(rows[0].theme, "テーマ");
    }

    #[test]
    fn bad_date_is_located_at_its_column() {
        let text = format!("{HEADER}\ncon-a,2023-13-45,09:45,16:15,consultation,a,v,r,,,,,,\n");
        let (_, errors) = events_of(text.as_bytes());
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(
            (errors[0].code, errors[0].line, errors[0].column),
            ("E045", 2, 7)
        );
    }

    #[test]
    fn unequal_row_is_one_sentence_not_debug_text() {
        let text = format!("{HEADER}\ncon-a,2023-04-03,09:45\n");
        let (_, errors) = events_of(text.as_bytes());
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].code, "E032");
        assert!(errors[0].message.contains("3 fields but the header has 14"));
        assert!(!errors[0].message.contains("Position"));
    }

    #[test]
    fn neither_utf8_nor_shift_jis_is_refused_with_its_line() {
        let mut bytes = format!("{HEADER}\n").into_bytes();
        bytes.extend_from_slice(&[b'a', 0xff, 0xff, b'\n']);
        let (_, errors) = events_of(&bytes);
        assert_eq!(errors.len(), 1);
        assert_eq!(
            (errors[0].code, errors[0].line, errors[0].column),
            ("E043", 2, 2)
        );
    }

    #[test]
    fn an_id_cell_that_is_a_path_is_located_and_repeated_rows_are_found() {
        let text = format!(
            "{HEADER}\ncon-a-20230403,2023-04-03,09:45,16:15,consultation,../x,v,r,,6,,,,\n"
        );
        let (_, errors) = events_of(text.as_bytes());
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(
            (errors[0].code, errors[0].line, errors[0].column),
            ("E022", 2, 52)
        );
        let row = "con-a-20230403,2023-04-03,09:45,16:15,consultation,a,v,r,,6,,,,\n";
        let text = format!("{HEADER}\n{row}{row}");
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(EVENTS);
        std::fs::write(&path, &text).expect("write");
        let mut errors = Vec::new();
        let rows = read_events(&path, &mut errors, Repeats::Keep);
        assert!(errors.is_empty() && rows.len() == 2, "{errors:?}");
        read_events(&path, &mut errors, Repeats::Refuse);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!((errors[0].code, errors[0].line), ("E025", 3));
    }

    #[test]
    fn field_offset_skips_quoted_commas() {
        let t = "a,\"b,c\",d\n";
        assert_eq!(field_offset(t, 0, 2), 8);
        assert_eq!(field_offset(t, 0, 0), 0);
    }
}
