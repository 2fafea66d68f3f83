//! `swap`: a decision agreed on the phone, in one line. Two people exchange their
//! assignments of a day, or one person's assignments of a day go to another; the
//! result is written as the complete plan folder `diff --out` writes (letters to the
//! two people, calendars, workbook, history), never into PLAN. A swap that breaks a
//! rule `roster check` would report is refused, nothing written (E055).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::diff::{write_hand_edit, HandEdit};
use super::{load, same_model};
use crate::error::Error;
use crate::input::error::{nearest, InputError, InputErrors};
use crate::replan::folder;
use crate::report::{self, Lang};

/// Which swap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SwapKind {
    /// The two people exchange their assignments of the day.
    Exchange(String, String),
    /// The first person's assignments of the day go to the second.
    Replace {
        /// Who is taken off.
        from: String,
        /// Who takes over.
        with: String,
    },
}

/// What `swap` is asked to do.
#[derive(Debug, Clone)]
pub struct SwapSettings {
    /// The model file the plan was solved from.
    pub model: PathBuf,
    /// The plan folder (never written).
    pub plan: PathBuf,
    /// The day.
    pub date: NaiveDate,
    /// Who with whom.
    pub kind: SwapKind,
    /// The new plan folder.
    pub out: PathBuf,
    /// Replace a folder that holds a different plan.
    pub force: bool,
    /// Language of the people-facing files and the summary.
    pub lang: Lang,
}

/// What `swap` wrote.
#[derive(Debug, Clone)]
pub struct Swapped {
    /// The new plan.
    pub plan: super::AnyPlan,
    /// The folder written.
    pub out: PathBuf,
    /// The changes, who must be told and where it was written, to show.
    pub said: String,
}

/// Code of a swap that names someone the model does not know.
const UNKNOWN: &str = "E069";
/// Code of a swap with nothing to swap.
const NOTHING: &str = "E056";

/// Makes the swap on PLAN and writes the new folder `out`, whole or not at all.
pub fn swap(s: &SwapSettings) -> Result<Swapped, Error> {
    // Issue 18, part 5: a training provider's folder.
    if crate::replan::hand_edit::is_training_dir(&s.plan) {
        return super::training_edit::swap(s);
    }
    report::folder::refuse_baseline(&s.out, &s.plan)?;
    let (m, text) = load(&s.model)?;
    let before = crate::plan::files::read_baseline_dir(&s.plan)?;
    same_model(&before.model_digest, &text, &s.plan, &s.model, None)?;
    let m = folder::folder_model(&m, &s.plan, None)?;
    let (a, b) = match &s.kind {
        SwapKind::Exchange(a, b) => (a, b),
        SwapKind::Replace { from, with } => (from, with),
    };
    let here = Path::new("roster swap");
    let known: BTreeSet<&str> = m.staff.iter().map(|p| p.id.as_str()).collect();
    let mut errors = Vec::new();
    for id in [a, b] {
        if !known.contains(id.as_str()) {
            errors.push(InputError {
                code: UNKNOWN,
                file: here.to_path_buf(),
                line: 0,
                column: 0,
                message: format!("staff id `{id}` is not in {}", s.model.display()),
                help: nearest(id, known.iter().copied()).map_or_else(
                    || "give a staff id of the model (`[[staff]] id`)".to_string(),
                    |n| format!("did you mean `{n}`?"),
                ),
            });
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
    let (reason, nobody) = match &s.kind {
        SwapKind::Exchange(..) => ("swap", !works(a) && !works(b)),
        SwapKind::Replace { .. } => ("replace", !works(a)),
    };
    if nobody {
        let who = if reason == "swap" {
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
    let after = swapped(&before, &day, &s.kind);
    let link_name = match &s.kind {
        SwapKind::Exchange(..) => format!("hand edit (roster swap {day} {a} {b})"),
        SwapKind::Replace { .. } => {
            format!("hand edit (roster swap {day} --replace {a} --with {b})")
        }
    };
    let edit = HandEdit {
        model: &m,
        model_text: &text,
        base_dir: &s.plan,
        before: &before,
        after,
        reason: report::labels::hand_edit_reason(s.lang, reason).to_string(),
        link_name,
    };
    let (plan, said) = write_hand_edit(edit, here, &s.out, s.force, s.lang)?;
    Ok(Swapped {
        plan: super::AnyPlan::CareerCentre(plan),
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

/// The plan after the swap `kind` on `day` (`YYYY-MM-DD`), in memory: the edit `swap`
/// writes (assignments of the day exchanged or handed over, teams joined where the new
/// person is not on the municipality's team, CON-4), not yet checked. The desk's
/// ranked candidates (`commands::candidates`) check each one with the checker.
pub fn swapped(before: &crate::plan::Plan, day: &str, kind: &SwapKind) -> crate::plan::Plan {
    let (a, b, exchange) = match kind {
        SwapKind::Exchange(a, b) => (a, b, true),
        SwapKind::Replace { from, with } => (from, with, false),
    };
    let mut after = before.clone();
    for x in after.assignments.iter_mut().filter(|x| x.date == day) {
        if x.staff_id == *a {
            x.staff_id = b.clone();
        } else if x.staff_id == *b && exchange {
            x.staff_id = a.clone();
        }
    }
    after.normalise();
    crate::replan::hand_edit::join_teams(&mut after);
    after
}
