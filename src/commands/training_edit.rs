//! Hand edits of a training provider's plan folder (issue 18, part 5): `roster diff`
//! and `roster swap` on the folders `roster solve` and `roster replan` write for a
//! `kind = "training-provider"` model, as on the centre's ([`super::diff`],
//! [`super::swap`]). The edits are read from EDITED's `assignments.csv` and
//! `sessions.csv` (known ids, E069 at the cell), checked by the independent checker
//! (`check::training`: an edit that breaks a TRN rule BASE kept is refused, E055,
//! nothing written), and written as a complete new plan folder, every output
//! re-rendered as a re-plan writes it (changes, notices and letters, calendars numbered
//! against BASE's, workbook, recruitment schedule, timetables, history). BASE and
//! EDITED are never written.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::diff::{
    names_of, nothing_written, unknown, unknown_in_column, DiffSettings, Diffed, SheetEdit,
};
use super::replan::training_chain;
use super::{load_programme, same_model, AnyPlan};
use crate::error::Error;
use crate::input::error::{InputError, InputErrors};
use crate::model::training::TrainingModel;
use crate::model::Programme;
use crate::plan::history::{with_history, Link};
use crate::plan::training::{read_training_dir, TrainingPlan};
use crate::replan::training::{diff as training_diff, TrainingChangeRow};
use crate::replan::{folder, hand_edit, Notice};
use crate::report::{self, Lang};

/// Code of an edit that breaks a rule BASE kept.
const BREAKS: &str = "E055";
/// Code of a swap with nothing to swap.
const NOTHING: &str = "E056";

/// A training hand edit ready to be checked and written.
struct Edit<'a> {
    model: &'a TrainingModel,
    model_text: &'a str,
    base_dir: &'a Path,
    before: &'a TrainingPlan,
    after: TrainingPlan,
    reason: String,
    link_name: String,
}

/// Reads a training model file (E109 for a career centre's: the folder is a training
/// provider's), checks it is the one BASE was solved from (E033) and applies BASE's
/// chain of scenarios.
fn training_model(
    path: &Path,
    before: &TrainingPlan,
    base: &Path,
) -> Result<(TrainingModel, String), Error> {
    let (p, text) = load_programme(path)?;
    let Programme::TrainingProvider(m) = p else {
        return Err(Error::Usage(format!(
            "{} is a training provider's plan folder, but {} is a career centre's model; give the training model it was solved from",
            base.display(),
            path.display()
        )));
    };
    same_model(&before.model_digest, &text, base, path, None)?;
    let (m, _) = training_chain(&m, base)?;
    Ok((m, text))
}

/// `roster diff` on training folders.
pub(super) fn diff(s: &DiffSettings) -> Result<Diffed, Error> {
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
        hand_edit::written_training_plan(base)
            .ok_or_else(|| Error::NothingWritten(base.join("roster.json")))?
    } else {
        read_training_dir(base)?
    };
    let mut after = read_training_dir(edited)?;
    let loaded = match &s.model {
        Some(path) => Some(training_model(path, &before, base)?),
        None => None,
    };
    let staff: BTreeSet<String> = match &loaded {
        Some((m, _)) => m.staff.iter().map(|p| p.id.clone()).collect(),
        None => after
            .staff
            .iter()
            .chain(&before.staff)
            .map(|p| p.staff_id.clone())
            .collect(),
    };
    unknown_ids(edited, &before, &after, &staff)?;
    let reference = hand_edit::written_training_plan(edited).unwrap_or_else(|| before.clone());
    let mut sources = edited_files(&reference, &after);
    // An edit made in roster.xlsx's 担当一覧 sheet counts as on the centre's.
    let sheet = SheetEdit {
        layout: report::training_people::assignment_sheet_layout(),
        written: hand_edit::written_training_plan(edited).map(|w| w.assignments),
        names: loaded.as_ref().map_or_else(BTreeMap::new, |(m, _)| {
            names_of(m.staff.iter().map(|p| (p.name.as_str(), p.id.as_str())))
        }),
        dates: {
            let mut d: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
            let days = after
                .sessions
                .iter()
                .map(|x| (&x.session_id, &x.date))
                .chain(
                    before
                        .assignments
                        .iter()
                        .chain(&after.assignments)
                        .map(|a| (&a.event_id, &a.date)),
                );
            for (event, day) in days {
                d.entry(event.clone()).or_default().insert(day.clone());
            }
            d
        },
    };
    if let Some(edits) = sheet.read(edited, &reference.assignments, &after.assignments, &staff)? {
        after.assignments = edits;
        sources.push(report::files::XLSX.to_string());
    }
    // The plan as edited keeps what roster.json recorded of the solve.
    after.model = before.model.clone();
    after.model_digest = before.model_digest.clone();
    after.status = before.status;
    after.gap = before.gap;
    after.objective = before.objective;
    let Some((m, text)) = &loaded else {
        let (changes, notices) = training_diff(&before, &after, hand_edit::all_training_days());
        let mut said = said(&changes, &notices, s.lang);
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
    let edit = Edit {
        model: m,
        model_text: text,
        base_dir: base,
        before: &before,
        after,
        reason: report::labels::hand_edit_reason(s.lang, "edit").to_string(),
        link_name: format!("hand edit ({what})"),
    };
    let file = edited.join(crate::plan::files::ASSIGNMENTS);
    let Some(out) = &s.out else {
        let after = checked(&edit, &file)?;
        let (changes, notices) = training_diff(&before, &after, hand_edit::all_training_days());
        let mut said = said(&changes, &notices, s.lang);
        said.push_str(&nothing_written(s.lang));
        return Ok(Diffed {
            dir: None,
            plan: None,
            said,
        });
    };
    let (plan, said) = write(edit, &file, out, s.force, s.lang)?;
    Ok(Diffed {
        dir: Some(out.clone()),
        plan: Some(AnyPlan::TrainingProvider(plan)),
        said,
    })
}

/// Unknown staff and event ids in EDITED's `assignments.csv` (E069 at the cell): the
/// events are the sessions of either folder and the course-level events BASE has.
fn unknown_ids(
    edited: &Path,
    before: &TrainingPlan,
    after: &TrainingPlan,
    staff: &BTreeSet<String>,
) -> Result<(), Error> {
    let events: BTreeSet<&str> = after
        .sessions
        .iter()
        .chain(&before.sessions)
        .map(|s| s.session_id.as_str())
        .chain(before.assignments.iter().map(|a| a.event_id.as_str()))
        .collect();
    let staff_ids: BTreeSet<&str> = staff.iter().map(String::as_str).collect();
    let file = edited.join(crate::plan::files::ASSIGNMENTS);
    let mut errors = unknown_in_column(&file, "staff_id", &staff_ids);
    errors.extend(unknown_in_column(&file, "event_id", &events));
    if errors.is_empty() {
        Ok(())
    } else {
        errors.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
        Err(InputErrors(errors).into())
    }
}

/// The plan files of EDITED whose rows differ from the plan as written.
fn edited_files(reference: &TrainingPlan, after: &TrainingPlan) -> Vec<String> {
    let mut out = Vec::new();
    if reference.assignments != after.assignments {
        out.push(crate::plan::files::ASSIGNMENTS.to_string());
    }
    if reference.sessions != after.sessions {
        out.push(crate::plan::training::SESSIONS.to_string());
    }
    if reference.courses != after.courses {
        out.push(crate::plan::training::COURSES.to_string());
    }
    out
}

/// The edited plan with the independent checker's findings, refused (E055, nothing
/// written) when the edit breaks a TRN rule that BASE kept; rules BASE already broke
/// are carried, not refused.
fn checked(edit: &Edit, file: &Path) -> Result<TrainingPlan, Error> {
    let mut after = edit.after.clone();
    after.model = edit.model.name.clone();
    after.model_digest = crate::digest(edit.model_text);
    after.normalise();
    let text = |v: &crate::plan::Violation| format!("{v}");
    let had: BTreeSet<String> = crate::check::training::check(edit.model, edit.before)
        .iter()
        .map(text)
        .collect();
    let found = crate::check::training::check(edit.model, &after);
    let new: Vec<InputError> = found
        .iter()
        .map(text)
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
    after.violations.clear();
    crate::merge_findings(&mut after.violations, found);
    after.normalise();
    Ok(after)
}

/// Checks the edit, renders the complete folder (as a training re-plan's: CSV files,
/// changes, letters to the people affected, calendars numbered against BASE's,
/// workbook, recruitment schedule, timetables) with `history.json` recording the edit,
/// and writes it whole.
fn write(
    edit: Edit,
    file: &Path,
    out: &Path,
    force: bool,
    lang: Lang,
) -> Result<(TrainingPlan, String), Error> {
    let m = edit.model;
    report::folder::preflight_early(out, force, &crate::digest(edit.model_text))?;
    let mut after = checked(&edit, file)?;
    report::labels::render_violations(&mut after.violations, lang);
    let (changes, notices) = training_diff(edit.before, &after, hand_edit::all_training_days());
    let as_of = changes
        .iter()
        .filter_map(|c| crate::plan::parse_day(&c.date))
        .min()
        .unwrap_or(m.period.from);
    let prior = report::training_people::baseline_prior(edit.base_dir, m, edit.before, lang);
    let mut files = report::training::render_files(&after);
    files.push((
        "changes.csv".into(),
        report::files::csv_of(&changes).into_bytes(),
    ));
    files.extend(report::training_people::files(
        m,
        &after,
        lang,
        report::plan::stamp_of(as_of),
        Some(&report::training_people::Replanned {
            changes: &changes,
            notices: &notices,
            base: edit.before,
            reason: &edit.reason,
        }),
        &prior,
    )?);
    let hist = crate::plan::history::read_history(edit.base_dir)?;
    let text = report::files::csv_of(&changes);
    let link = Link {
        kind: "hand-edit".into(),
        name: edit.link_name.clone(),
        as_of: as_of.to_string(),
        digest: crate::digest(&text),
        text,
        changes: crate::replan::count_changes(&changes),
        people_told: folder::people_told(&notices),
    };
    // An edit that changes nothing adds no link: NEW is BASE's plan, re-rendered.
    let history = if changes.is_empty() {
        let mut h = hist
            .unwrap_or_else(|| crate::plan::history::History::new(&crate::digest(edit.model_text)));
        h.model_digest = crate::digest(edit.model_text);
        h
    } else {
        folder::next_history(hist.as_ref(), edit.model_text, link)
    };
    report::plan::write_dir(out, &with_history(files, history), force)?;
    let mut said = said(&changes, &notices, lang);
    said.push_str(&format!("{} {}\n", lang.labels().t.written, out.display()));
    Ok((after, said))
}

/// The changes by kind and who must be told, in `lang`.
fn said(changes: &[TrainingChangeRow], notices: &[Notice], lang: Lang) -> String {
    let l = lang.labels();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for c in changes {
        *counts.entry(c.change.as_str()).or_default() += 1;
    }
    let list: Vec<String> = counts
        .iter()
        .map(|(k, v)| match lang {
            Lang::Ja => format!("{} {v}", l.tr.change(k)),
            Lang::En => format!("{k} {v}"),
        })
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

/// `roster swap` on a training folder: two people exchange their assignments of the
/// day, or one person's go to another; written as `diff --out` writes it.
pub(super) fn swap(s: &super::SwapSettings) -> Result<super::Swapped, Error> {
    use super::SwapKind;
    report::folder::refuse_baseline(&s.out, &s.plan)?;
    let before = read_training_dir(&s.plan)?;
    let (m, text) = training_model(&s.model, &before, &s.plan)?;
    let (a, b) = match &s.kind {
        SwapKind::Exchange(a, b) => (a, b),
        SwapKind::Replace { from, with } => (from, with),
    };
    let here = Path::new("roster swap");
    let known: BTreeSet<&str> = m.staff.iter().map(|p| p.id.as_str()).collect();
    let mut errors = Vec::new();
    for id in [a, b] {
        if !known.contains(id.as_str()) {
            errors.push(unknown(here, (0, 0), "staff id", id, known.iter().copied()));
        }
    }
    if a == b {
        errors.push(nothing(here, format!("`{a}` is named twice")));
    }
    if !errors.is_empty() {
        return Err(InputErrors(errors).into());
    }
    let day = s.date.to_string();
    let works = |id: &str| {
        before
            .assignments
            .iter()
            .any(|x| x.date == day && x.staff_id == id)
    };
    let exchange = matches!(s.kind, SwapKind::Exchange(..));
    let nobody = if exchange {
        !works(a) && !works(b)
    } else {
        !works(a)
    };
    if nobody {
        let who = if exchange {
            format!("neither {a} nor {b} works")
        } else {
            format!("{a} does not work")
        };
        return Err(InputErrors(vec![nothing(
            here,
            format!("{who} on {day} in {}", s.plan.display()),
        )])
        .into());
    }
    let mut after = before.clone();
    for x in after.assignments.iter_mut().filter(|x| x.date == day) {
        if x.staff_id == *a {
            x.staff_id = b.clone();
        } else if x.staff_id == *b && exchange {
            x.staff_id = a.clone();
        }
    }
    after.normalise();
    let (reason, link_name) = if exchange {
        ("swap", format!("hand edit (roster swap {day} {a} {b})"))
    } else {
        (
            "replace",
            format!("hand edit (roster swap {day} --replace {a} --with {b})"),
        )
    };
    let edit = Edit {
        model: &m,
        model_text: &text,
        base_dir: &s.plan,
        before: &before,
        after,
        reason: report::labels::hand_edit_reason(s.lang, reason).to_string(),
        link_name,
    };
    let (plan, said) = write(edit, here, &s.out, s.force, s.lang)?;
    Ok(super::Swapped {
        plan: AnyPlan::TrainingProvider(plan),
        out: s.out.clone(),
        said,
    })
}

fn nothing(here: &Path, message: String) -> InputError {
    InputError {
        code: NOTHING,
        file: here.to_path_buf(),
        line: 0,
        column: 0,
        message: format!("nothing to swap: {message}"),
        help: "give a day the plan has them on (assignments.csv), and two different people"
            .to_string(),
    }
}
