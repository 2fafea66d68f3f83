//! `diff`: hand edits as a first-class path. The edits between the folder roster wrote
//! (BASE) and the one a manager edited (EDITED: its CSV files or the assignments sheet
//! of its `roster.xlsx`) are read, checked (known ids, no rule broken that BASE kept),
//! and written as a complete new plan folder, every output re-rendered as a re-plan
//! writes it; BASE and EDITED are never written. `swap` makes the same folder from a
//! one-line decision ([`super::swap`]).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::{load, same_model};
use crate::error::Error;
use crate::input::error::{line_col, nearest, InputError, InputErrors};
use crate::model::Model;
use crate::plan::history::{with_history, Link};
use crate::plan::workbook::{read_assignment_sheet, SheetLayout, SheetRow};
use crate::plan::{Assignment, Plan};
use crate::replan::{folder, hand_edit, ChangeRow, Notice};
use crate::report::{self, Lang};

/// Code of an unknown staff or event id in a hand edit.
const UNKNOWN: &str = "E069";
/// Code of edits in the CSV files and in roster.xlsx that disagree.
const DISAGREE: &str = "E054";
/// Code of a hand edit that breaks a rule BASE kept.
const BREAKS: &str = "E055";

/// What `diff` is asked to do.
#[derive(Debug, Clone)]
pub struct DiffSettings {
    /// The model file (needed to write a folder; without it `diff` only shows).
    pub model: Option<PathBuf>,
    /// The plan folder as roster wrote it.
    pub base: PathBuf,
    /// The folder edited by hand (may be `base` itself: then roster.json is the plan
    /// as written).
    pub edited: PathBuf,
    /// The new plan folder; without it nothing is written.
    pub out: Option<PathBuf>,
    /// Replace a folder that holds a different plan.
    pub force: bool,
    /// Language of the people-facing files and the summary.
    pub lang: Lang,
}

/// What `diff` found and wrote.
#[derive(Debug, Clone)]
pub struct Diffed {
    /// The folder written (none without `--out`).
    pub dir: Option<PathBuf>,
    /// The new plan, when one was written (its violations decide the exit code).
    pub plan: Option<super::AnyPlan>,
    /// The changes by kind, who must be told, and where it was written, to show.
    pub said: String,
}

/// A hand edit ready to be written as a plan folder.
pub(super) struct HandEdit<'a> {
    /// The model with BASE's chain applied.
    pub model: &'a Model,
    /// The model file's text (for the digest).
    pub model_text: &'a str,
    /// BASE's folder (its history and calendars).
    pub base_dir: &'a Path,
    /// BASE's plan.
    pub before: &'a Plan,
    /// The plan as edited.
    pub after: Plan,
    /// What the letters give as the reason.
    pub reason: String,
    /// The name of the hand-edit link in history.json.
    pub link_name: String,
}

/// Reads and checks the hand edits between two plan folders; with `--out`, writes the
/// new plan folder, whole or not at all.
pub fn diff(s: &DiffSettings) -> Result<Diffed, Error> {
    // Issue 18, part 5: a training provider's folders have their own plan files.
    if hand_edit::is_training_dir(&s.base) {
        return super::training_edit::diff(s);
    }
    let (base, edited) = (s.base.as_path(), s.edited.as_path());
    if let Some(out) = &s.out {
        if s.model.is_none() {
            return Err(Error::Usage(
                "`--out` writes a whole plan folder and needs the model: roster diff MODEL BASE EDITED --out NEW".to_string(),
            ));
        }
        report::folder::refuse_baseline(out, base)?;
        report::folder::refuse_baseline(out, edited)?;
    }
    let same = std::fs::canonicalize(base).ok() == std::fs::canonicalize(edited).ok();
    let before = if same {
        hand_edit::written_plan(base)
            .ok_or_else(|| Error::NothingWritten(base.join("roster.json")))?
    } else {
        crate::plan::files::read_baseline_dir(base)?
    };
    let csv_plan = crate::plan::files::read_baseline_dir(edited)?;
    let loaded = match &s.model {
        Some(path) => {
            let (m, text) = load(path)?;
            same_model(&before.model_digest, &text, base, path, None)?;
            let m = folder::folder_model(&m, base, None)?;
            Some((m, text))
        }
        None => None,
    };
    // The people roster knows: the model's, or (without one) the folders' staff.csv.
    let staff: BTreeSet<String> = match &loaded {
        Some((m, _)) => m.staff.iter().map(|p| p.id.clone()).collect(),
        None => {
            let mut n = folder::staff_names(edited);
            n.extend(folder::staff_names(base));
            n.into_keys().collect()
        }
    };
    unknown_in_csvs(edited, &csv_plan, &staff)?;
    let reference = hand_edit::written_plan(edited).unwrap_or_else(|| before.clone());
    let mut after = csv_plan;
    let mut sources = edited_csv_files(&reference, &after);
    let sheet = SheetEdit {
        layout: sheet_layout(),
        written: hand_edit::written_plan(edited).map(|w| w.assignments),
        names: loaded.as_ref().map_or_else(BTreeMap::new, |(m, _)| {
            names_of(m.staff.iter().map(|p| (p.name.as_str(), p.id.as_str())))
        }),
        dates: after
            .events
            .iter()
            .map(|e| (e.event_id.clone(), BTreeSet::from([e.date.clone()])))
            .collect(),
    };
    if let Some(edits) = sheet.read(edited, &reference.assignments, &after.assignments, &staff)? {
        after.assignments = edits;
        sources.push(report::files::XLSX.to_string());
    }
    let joins = hand_edit::join_teams(&mut after);
    let Some((m, text)) = &loaded else {
        let (changes, _) = hand_edit::edits_between(&before, &after);
        let names = folder::staff_names(edited);
        let name_of = |id: &str| names.get(id).cloned().unwrap_or_default();
        let notices = crate::replan::notices_named(&name_of, &before, &after, &changes);
        let mut said = said(&changes, &notices, s.lang);
        said.push_str(&joined_text(&joins, s.lang));
        said.push_str(&nothing_written(s.lang));
        return Ok(Diffed {
            dir: None,
            plan: None,
            said,
        });
    };
    let what = if sources.is_empty() {
        "no file".to_string()
    } else {
        sources.join(", ")
    };
    let edit = HandEdit {
        model: m,
        model_text: text,
        base_dir: base,
        before: &before,
        after,
        reason: report::labels::hand_edit_reason(s.lang, "edit").to_string(),
        link_name: format!("hand edit ({what})"),
    };
    let Some(out) = &s.out else {
        let after = checked(&edit, &edited.join(crate::plan::files::ASSIGNMENTS))?;
        let (changes, _) = hand_edit::edits_between(&before, &after);
        let notices = crate::replan::notices(m, &before, &after, &changes);
        let mut said = said(&changes, &notices, s.lang);
        said.push_str(&joined_text(&joins, s.lang));
        said.push_str(&nothing_written(s.lang));
        return Ok(Diffed {
            dir: None,
            plan: None,
            said,
        });
    };
    let (plan, said) = write_hand_edit(
        edit,
        &edited.join(crate::plan::files::ASSIGNMENTS),
        out,
        s.force,
        s.lang,
    )?;
    Ok(Diffed {
        dir: Some(out.clone()),
        plan: Some(super::AnyPlan::CareerCentre(plan)),
        said,
    })
}

/// The plan files of EDITED whose rows differ from the plan as written.
fn edited_csv_files(reference: &Plan, after: &Plan) -> Vec<String> {
    let mut out = Vec::new();
    let sorted = |mut v: Vec<Assignment>| {
        v.sort();
        v
    };
    if sorted(reference.assignments.clone()) != sorted(after.assignments.clone()) {
        out.push(crate::plan::files::ASSIGNMENTS.to_string());
    }
    if reference.events != after.events {
        out.push(crate::plan::files::EVENTS.to_string());
    }
    if reference.teams != after.teams {
        out.push(crate::plan::files::TEAMS.to_string());
    }
    out
}

/// `after` with the checker's findings, refused (E055, nothing written) when the edit
/// breaks a rule that `before` kept: a demanding manager sends no letter for a plan
/// `roster check` would fail. Rules BASE already broke are carried, not refused.
pub(super) fn checked(edit: &HandEdit, file: &Path) -> Result<Plan, Error> {
    let mut after = edit.after.clone();
    crate::finish(edit.model, edit.model_text, &mut after);
    let had: BTreeSet<String> = crate::check::check(edit.model, edit.before)
        .iter()
        .map(|v| format!("{v}"))
        .collect();
    let new: Vec<InputError> = crate::check::check(edit.model, &after)
        .iter()
        .map(|v| format!("{v}"))
        .filter(|v| !had.contains(v))
        .map(|v| InputError {
            code: BREAKS,
            file: file.to_path_buf(),
            line: 0,
            column: 0,
            message: format!("the hand edit breaks a rule: {v}"),
            help: "undo this edit, or make it with someone the rule allows (roster check MODEL DIR says the same)".to_string(),
        })
        .collect();
    if !new.is_empty() {
        return Err(InputErrors(new).into());
    }
    Ok(after)
}

/// Checks the edit, renders the complete folder (as a re-plan's: CSV files, changes,
/// letters to the people affected, calendars numbered against BASE's, workbook, HTML)
/// with `history.json` recording the edit and its decisions, and writes it whole.
pub(super) fn write_hand_edit(
    edit: HandEdit,
    file: &Path,
    out: &Path,
    force: bool,
    lang: Lang,
) -> Result<(Plan, String), Error> {
    let m = edit.model;
    report::folder::preflight_early(out, force, &crate::digest(edit.model_text))?;
    let after = checked(&edit, file)?;
    let (_, pins) = hand_edit::edits_between(edit.before, &after);
    let mut r = hand_edit::hand_replan(m, edit.before, after, &edit.reason);
    // The checker's findings the edit carries, in the reader's language (issue 19).
    report::labels::render_violations(&mut r.plan.violations, lang);
    let as_of = hand_edit::first_day(&r.changes).unwrap_or(m.period.from);
    let prior = report::ics::Prior::of_baseline(
        edit.base_dir,
        m,
        edit.before,
        lang,
        report::plan::stamp_of(m.period.from),
    );
    let files = report::replan::render_replan_files(&r, &prior, lang, as_of)?;
    let hist = crate::plan::history::read_history(edit.base_dir)?;
    let pins_text = hand_edit::pins_text(&pins);
    let link = Link {
        kind: "hand-edit".into(),
        name: edit.link_name.clone(),
        as_of: as_of.to_string(),
        digest: crate::digest(&pins_text),
        text: pins_text,
        changes: crate::replan::count_changes(&r.changes),
        people_told: folder::people_told(&r.notices),
    };
    // An edit that changes nothing adds no link: NEW is BASE's plan, re-rendered.
    let history = if r.changes.is_empty() {
        let mut h = hist
            .unwrap_or_else(|| crate::plan::history::History::new(&crate::digest(edit.model_text)));
        h.model_digest = crate::digest(edit.model_text);
        h
    } else {
        folder::next_history(hist.as_ref(), edit.model_text, link)
    };
    report::plan::write_dir(out, &with_history(files, history), force)?;
    let mut said = said(&r.changes, &r.notices, lang);
    said.push_str(&format!("{} {}\n", lang.labels().t.written, out.display()));
    Ok((r.plan, said))
}

/// The assignment slots of a list: (event, role) → the people on it.
fn slots(list: &[Assignment]) -> BTreeMap<Slot, BTreeSet<String>> {
    let mut s: BTreeMap<Slot, BTreeSet<String>> = BTreeMap::new();
    for a in list {
        s.entry((a.event_id.clone(), a.date.clone(), a.role.clone()))
            .or_default()
            .insert(a.staff_id.clone());
    }
    s
}

/// A slot: an event on a day (a training provider's course-level events, such as the
/// job-support manager on site, span many days under one id) and a role in it.
type Slot = (String, String, String);

/// The CSV files' assignments with the workbook's edits laid over them, slot by slot:
/// a slot edited in one place takes that edit; a slot edited in both to different
/// people is refused (E054, each such slot named with its sheet cell).
fn merged(
    edited: &Path,
    reference: &[Assignment],
    csv: &[Assignment],
    xlsx: &[Assignment],
    rows: &[SheetRow],
) -> Result<Vec<Assignment>, Error> {
    let (r, c, x) = (slots(reference), slots(csv), slots(xlsx));
    let keys: BTreeSet<&Slot> = r.keys().chain(c.keys()).chain(x.keys()).collect();
    let empty = BTreeSet::new();
    let mut take_sheet = BTreeSet::new();
    let mut errors = Vec::new();
    for k in keys {
        let (rv, cv, xv) = (
            r.get(k).unwrap_or(&empty),
            c.get(k).unwrap_or(&empty),
            x.get(k).unwrap_or(&empty),
        );
        let (in_csv, in_xlsx) = (cv != rv, xv != rv);
        if in_csv && in_xlsx && cv != xv {
            let cell = rows
                .iter()
                .find(|row| {
                    row.event_id == k.0
                        && row.role == k.2
                        && row.date.as_ref().is_none_or(|(d, _)| *d == k.1)
                })
                .map_or_else(String::new, |row| format!(" (roster.xlsx {})", row.cell));
            let list = |v: &BTreeSet<String>| v.iter().cloned().collect::<Vec<_>>().join(" ");
            errors.push(InputError {
                code: DISAGREE,
                file: edited.join(crate::plan::files::ASSIGNMENTS),
                line: 0,
                column: 0,
                message: format!(
                    "{} {}: assignments.csv gives `{}` but roster.xlsx gives `{}`{cell}; the two edits disagree",
                    k.0,
                    k.2,
                    list(cv),
                    list(xv)
                ),
                help: "make the edit in one place only (or the same in both), then run diff again"
                    .to_string(),
            });
        } else if in_xlsx && !in_csv {
            take_sheet.insert(k.clone());
        }
    }
    if !errors.is_empty() {
        return Err(InputErrors(errors).into());
    }
    let key = |a: &Assignment| (a.event_id.clone(), a.date.clone(), a.role.clone());
    let mut out: Vec<Assignment> = csv
        .iter()
        .filter(|a| !take_sheet.contains(&key(a)))
        .cloned()
        .collect();
    out.extend(
        xlsx.iter()
            .filter(|a| take_sheet.contains(&key(a)))
            .cloned(),
    );
    crate::plan::sort_assignments(&mut out);
    Ok(out)
}

/// What a hand edit needs to read the assignments sheet of EDITED's `roster.xlsx`,
/// whichever programme wrote it (the centre's [`diff`], a training provider's
/// `training_edit::diff`): the sheet's layout, the assignments as roster wrote them
/// there (for a retyped name), the model's names and each event's date.
pub(super) struct SheetEdit {
    /// The sheet's names, headers and role words.
    pub layout: SheetLayout,
    /// The assignments as EDITED's `roster.json` recorded them (the sheet's rows in
    /// order), if it has one.
    pub written: Option<Vec<Assignment>>,
    /// Name → ids of the people with that name (empty without the model).
    pub names: BTreeMap<String, Vec<String>>,
    /// Event id → its dates (one for a centre's event; a training provider's
    /// course-level event spans several).
    pub dates: BTreeMap<String, BTreeSet<String>>,
}

/// Name → ids, from (name, id) pairs.
pub(super) fn names_of<'a>(
    people: impl Iterator<Item = (&'a str, &'a str)>,
) -> BTreeMap<String, Vec<String>> {
    let mut b: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, id) in people {
        b.entry(name.to_string()).or_default().push(id.to_string());
    }
    b
}

impl SheetEdit {
    /// The assignments with the workbook's edits laid over `csv` (see [`merged`]);
    /// `None` when there is no workbook or its sheet says what `reference` says.
    pub(super) fn read(
        &self,
        edited: &Path,
        reference: &[Assignment],
        csv: &[Assignment],
        staff: &BTreeSet<String>,
    ) -> Result<Option<Vec<Assignment>>, Error> {
        let Some(rows) = self.rows(edited, staff)? else {
            return Ok(None);
        };
        let xlsx = self.assignments(&rows);
        if slots(&xlsx) == slots(reference) {
            return Ok(None);
        }
        merged(edited, reference, csv, &xlsx, &rows).map(Some)
    }

    /// The workbook's rows as assignments, dated by their events.
    fn assignments(&self, rows: &[SheetRow]) -> Vec<Assignment> {
        rows.iter()
            .map(|r| Assignment {
                event_id: r.event_id.clone(),
                date: self.date_of(r),
                staff_id: r.staff_id.clone(),
                role: r.role.clone(),
            })
            .collect()
    }

    /// The day of a sheet row: its date cell where the event is held that day, else
    /// the event's one day (a sheet without a date column).
    fn date_of(&self, r: &SheetRow) -> String {
        let days = self.dates.get(&r.event_id);
        match (&r.date, days) {
            (Some((d, _)), Some(days)) if days.contains(d) => d.clone(),
            (_, Some(days)) if days.len() == 1 => days.iter().next().cloned().unwrap_or_default(),
            (Some((d, _)), _) => d.clone(),
            (None, _) => String::new(),
        }
    }

    /// The assignments sheet of EDITED's `roster.xlsx` (none without one), with every
    /// id known (E069 at the cell). A row whose id cell still holds the person roster
    /// wrote there but whose name cell now names exactly one other person is read as
    /// that person: a manager may retype the name rather than the id.
    fn rows(
        &self,
        edited: &Path,
        staff: &BTreeSet<String>,
    ) -> Result<Option<Vec<SheetRow>>, Error> {
        let path = edited.join(report::files::XLSX);
        let Some(mut rows) = read_assignment_sheet(&path, &self.layout)? else {
            return Ok(None);
        };
        let mut errors = Vec::new();
        for (i, row) in rows.iter_mut().enumerate() {
            let was = self.written.as_ref().and_then(|w| w.get(i));
            if was.is_some_and(|w| w.staff_id == row.staff_id && w.event_id == row.event_id) {
                if let Some([other]) = self.names.get(row.name.as_str()).map(Vec::as_slice) {
                    row.staff_id = other.clone();
                }
            }
            let col = |c: usize| crate::plan::workbook::column_letters(c);
            if !staff.contains(&row.staff_id) {
                errors.push(unknown(
                    &path,
                    (row.row, row.staff_col),
                    &format!("cell {}: staff id", row.cell),
                    &row.staff_id,
                    staff.iter().map(String::as_str),
                ));
            }
            // The sheet changes people, not dates: a date retyped there would otherwise
            // be lost without a word (events move in events.csv or with a scenario).
            if let (Some((date, cell)), Some(days)) = (&row.date, self.dates.get(&row.event_id)) {
                if !days.contains(date) {
                    let want = days.iter().cloned().collect::<Vec<_>>().join(", ");
                    errors.push(InputError {
                        code: "E053",
                        file: path.clone(),
                        line: row.row,
                        column: 1,
                        message: format!(
                            "cell {cell}: {date}, but {} is on {want}; the workbook changes who works, not when",
                            row.event_id
                        ),
                        help: "put the date back; to move an event, edit events.csv or sessions.csv, or use a scenario".to_string(),
                    });
                }
            }
            if !self.dates.contains_key(&row.event_id) {
                errors.push(unknown(
                    &path,
                    (row.row, row.event_col),
                    &format!("cell {}{}: event id", col(row.event_col), row.row),
                    &row.event_id,
                    self.dates.keys().map(String::as_str),
                ));
            }
        }
        if errors.is_empty() {
            Ok(Some(rows))
        } else {
            Err(InputErrors(errors).into())
        }
    }
}

/// The sheet's names, headers and role words in every language roster writes.
fn sheet_layout() -> SheetLayout {
    let mut l = SheetLayout::default();
    for lang in [Lang::Ja, Lang::En] {
        let lb = lang.labels();
        let h = &lb.h;
        l.sheets.push(h.sheet_assignments.to_string());
        l.event_id.push(h.event_id.to_string());
        l.staff_id.push(h.staff_id.to_string());
        l.role.push(h.role.to_string());
        l.name.push(h.name.to_string());
        l.date.push(h.date.to_string());
        for (id, word) in lb.roles {
            l.roles.push((word.to_string(), id.to_string()));
            l.roles.push((id.to_string(), id.to_string()));
        }
    }
    l
}

/// An unknown id, with the nearest known one.
pub(super) fn unknown<'c>(
    file: &Path,
    (line, column): (usize, usize),
    what: &str,
    id: &str,
    known: impl IntoIterator<Item = &'c str>,
) -> InputError {
    let help = match nearest(id, known) {
        Some(n) => format!("did you mean `{n}`?"),
        None => {
            "use an id roster wrote (staff.csv lists the people; events.csv the events)".to_string()
        }
    };
    InputError {
        code: UNKNOWN,
        file: file.to_path_buf(),
        line,
        column,
        message: format!("{what} `{id}` is not known, so the edit cannot be read"),
        help,
    }
}

/// Unknown staff and event ids in EDITED's `assignments.csv` and `teams.csv` (E069,
/// at the line and column of the cell).
fn unknown_in_csvs(edited: &Path, plan: &Plan, staff: &BTreeSet<String>) -> Result<(), Error> {
    let events: BTreeSet<&str> = plan.events.iter().map(|e| e.event_id.as_str()).collect();
    let mut errors = Vec::new();
    let staff_ids: BTreeSet<&str> = staff.iter().map(String::as_str).collect();
    for (file, column, known) in [
        (crate::plan::files::ASSIGNMENTS, "staff_id", &staff_ids),
        (crate::plan::files::ASSIGNMENTS, "event_id", &events),
        (crate::plan::files::TEAMS, "staff_id", &staff_ids),
    ] {
        errors.extend(unknown_in_column(&edited.join(file), column, known));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        errors.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
        Err(InputErrors(errors).into())
    }
}

/// The cells of `column` in a CSV file (already read fine as a plan file) whose value
/// is not among `known`.
pub(super) fn unknown_in_column(
    path: &Path,
    column: &str,
    known: &BTreeSet<&str>,
) -> Vec<InputError> {
    let Ok(bytes) = crate::plan::files::read_plan_file(path) else {
        return Vec::new();
    };
    let Ok(text) = crate::plan::files::decode(path, &bytes) else {
        return Vec::new();
    };
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let Some(col) = rdr.headers().ok().and_then(|h| {
        h.iter()
            .position(|x| x.trim_start_matches('\u{feff}') == column)
    }) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for r in rdr.records().flatten() {
        let Some(raw) = r.get(col) else { continue };
        let id = crate::plan::cell::unescape(raw.trim()).to_string();
        if id.is_empty() || known.contains(id.as_str()) {
            continue;
        }
        let at = r.position().map_or(0, |p| p.byte() as usize);
        let at = at + field_start(&text[at.min(text.len())..], col);
        let (line, col_no) = line_col(&text, at);
        let what = if column == "event_id" {
            "event id"
        } else {
            "staff id"
        };
        out.push(unknown(
            path,
            (line, col_no),
            what,
            &id,
            known.iter().copied(),
        ));
    }
    out
}

/// The byte offset of field `n` in a CSV line (counting commas outside quotes).
fn field_start(line: &str, n: usize) -> usize {
    let (mut field, mut quoted) = (0, false);
    for (i, ch) in line.char_indices() {
        if field == n {
            return i;
        }
        match ch {
            '"' => quoted = !quoted,
            ',' if !quoted => field += 1,
            '\n' if !quoted => break,
            _ => {}
        }
    }
    0
}

/// The changes by kind and who must be told, in `lang`.
fn said(changes: &[ChangeRow], notices: &[Notice], lang: Lang) -> String {
    let l = lang.labels();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for c in changes {
        *counts.entry(c.change.as_str()).or_default() += 1;
    }
    let list: Vec<String> = counts
        .iter()
        .map(|(k, v)| format!("{} {v}", l.change(k)))
        .collect();
    let mut said = format!(
        "{}: {}\n",
        report::labels::hand_edit_reason(lang, "heading"),
        if list.is_empty() {
            l.t.none.to_string()
        } else {
            list.join(", ")
        }
    );
    let mut told: BTreeMap<&str, usize> = BTreeMap::new();
    for n in notices {
        *told.entry(n.staff_id.as_str()).or_default() += 1;
    }
    if !told.is_empty() {
        let list: Vec<String> = told.iter().map(|(k, v)| format!("{k} ({v})")).collect();
        said.push_str(&format!("{}: {}\n", l.t.tell, list.join(", ")));
    }
    said
}

/// The team joins an edit makes (CON-4), for the preview.
fn joined_text(joins: &[crate::plan::TeamMember], lang: Lang) -> String {
    joins
        .iter()
        .map(|j| {
            format!(
                "{}: {} → {}\n",
                lang.labels().change("team-joined"),
                j.staff_id,
                j.municipality
            )
        })
        .collect()
}

/// Says that a preview wrote nothing.
pub(super) fn nothing_written(lang: Lang) -> String {
    format!("{}\n", report::labels::hand_edit_reason(lang, "preview"))
}
