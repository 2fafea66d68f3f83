//! The commands as library calls: settings in, a result out (plan, files written,
//! figures, findings, the text to show), never printing. The command line and the desk
//! are two faces over these calls; each dispatches on the programme's kind once, here.

mod check;
mod diff;
mod folder;
mod replan;
mod solve;
mod swap;
// Issue 18, part 5: diff and swap on a training provider's folders.
mod training_edit;
mod whatif;
// Issue 19, part 2: the desk's ranked candidates for one assignment.
mod candidates;

use std::path::Path;

pub use check::{check, CheckSettings, Checked};
pub use diff::{diff, DiffSettings, Diffed};
pub use folder::{history, new_year, HistoryShown, NewYearSettings, NewYearWritten};
pub use replan::{replan, ReplanSettings, Replanned};
pub use solve::{solve, SolveSettings, Solved};
pub use swap::{swap, SwapKind, SwapSettings, Swapped};
pub use whatif::{whatif, WhatIf, WhatifSettings};
// Issue 19, part 2.
pub use candidates::{candidates, Broken, Candidate, CandidateSettings, Candidates};
pub use swap::swapped;

use crate::error::Error;
use crate::milp::ProgressSink;
use crate::model::Programme;

/// What a command tells its caller while it runs: notes (said at once, so a command
/// that fails later has still said them) and the solves (drawn as progress).
pub trait Observer: Sync {
    /// A note for the user (the command line writes it to stderr).
    fn note(&self, _text: &str) {}
    /// Runs `work` (a solve) while the caller shows `label`; the default just runs it.
    fn solving(&self, _label: &str, work: &mut dyn FnMut()) {
        work()
    }
    /// Where HiGHS's progress reports go during `solve`, if the caller draws them.
    fn progress(&self) -> Option<ProgressSink> {
        None
    }
}

/// An observer that shows nothing (tests, a server that keeps only the results).
#[derive(Debug, Default)]
pub struct Silent;

impl Observer for Silent {}

/// The plan a command made, of either programme.
#[derive(Debug, Clone)]
pub enum AnyPlan {
    /// A career centre's plan.
    CareerCentre(crate::plan::Plan),
    /// A training provider's plan (TRN-*).
    TrainingProvider(crate::plan::training::TrainingPlan),
}

impl AnyPlan {
    /// Rule violations left in the plan (solver's and checker's); none is a clean plan.
    pub fn violations(&self) -> &[crate::plan::Violation] {
        match self {
            AnyPlan::CareerCentre(p) => &p.violations,
            AnyPlan::TrainingProvider(p) => &p.violations,
        }
    }
}

/// Runs `f` through the observer's [`Observer::solving`].
fn solving<T>(obs: &dyn Observer, label: &str, f: impl FnOnce() -> T) -> T {
    let mut job = Some(f);
    let mut out = None;
    obs.solving(label, &mut || {
        if let Some(f) = job.take() {
            out = Some(f());
        }
    });
    match (out, job) {
        (Some(o), _) => o,
        // An observer that did not run the work: it is run here.
        (None, Some(f)) => f(),
        (None, None) => unreachable!("the work ran but gave nothing"),
    }
}

/// Reads and validates a model file of either kind (the one dispatch on `kind`);
/// returns it with its text (for the digest).
fn load_programme(path: &Path) -> Result<(Programme, String), Error> {
    let text = crate::input::read_text(path)?;
    let p = crate::input::parse_programme(path, &text)?;
    Ok((p, text))
}

/// Reads and validates a career-centre model file, with its text.
fn load(path: &Path) -> Result<(crate::model::Model, String), Error> {
    let text = crate::input::read_text(path)?;
    let m = crate::input::parse_model(path, &text)?;
    Ok((m, text))
}

/// The model digest a baseline folder's `roster.json` records, checked against the
/// model text given (E033). A folder without one is accepted; `missing` says so.
fn same_model(
    recorded: &str,
    text: &str,
    dir: &Path,
    model: &Path,
    missing: Option<&dyn Observer>,
) -> Result<(), Error> {
    if recorded.is_empty() {
        if let Some(obs) = missing {
            obs.note(&format!(
                "note: {} has no roster.json, so whether it was solved from {} is not checked (E033)",
                dir.display(),
                model.display()
            ));
        }
        return Ok(());
    }
    if recorded == crate::digest(text) {
        return Ok(());
    }
    Err(Error::OtherModel {
        roster_json: dir.join("roster.json"),
        model: model.to_path_buf(),
    })
}

/// The text a command says after writing a plan folder: its summary, then where.
fn said_written(summary: String, out: &Path, lang: crate::report::Lang) -> String {
    let mut said = summary;
    said.push_str(&format!("{} {}\n", lang.labels().t.written, out.display()));
    said
}
