//! `solve`: a model of either kind solved from scratch, checked, and written as a plan
//! folder whole or not at all.

use std::path::{Path, PathBuf};

use super::{load_programme, said_written, solving, AnyPlan, Observer};
use crate::error::Error;
use crate::milp::{SolveHooks, SolveOptions};
use crate::model::training::TrainingModel;
use crate::model::{Model, Programme};
use crate::plan::history::{with_history, History};
use crate::report::folder::PlanFile;
use crate::report::{self, Lang};

/// What `solve` is asked to do.
#[derive(Debug, Clone)]
pub struct SolveSettings {
    /// The model file (TOML).
    pub model: PathBuf,
    /// The plan folder to write.
    pub out: PathBuf,
    /// Solver options; their deadline covers the whole command.
    pub opts: SolveOptions,
    /// When the command started (the plan's `seconds` count from here).
    pub started: std::time::Instant,
    /// Replace a folder that holds a different plan.
    pub force: bool,
    /// Also export each MILP as MPS (career centre).
    pub write_model: Option<PathBuf>,
    /// Language of the people-facing files and the summary.
    pub lang: Lang,
}

/// What `solve` made.
#[derive(Debug, Clone)]
pub struct Solved {
    /// The plan written (its violations decide the exit code).
    pub plan: AnyPlan,
    /// The folder written.
    pub out: PathBuf,
    /// The summary and where the plan was written, to show.
    pub said: String,
}

/// Solves the model, writes the plan folder (with a new `history.json`) and says how
/// it went. `--out` is checked before the solve, as far as it can be without the plan.
pub fn solve(s: &SolveSettings, obs: &dyn Observer) -> Result<Solved, Error> {
    let (programme, text) = load_programme(&s.model)?;
    report::folder::preflight_early(&s.out, s.force, &crate::digest(&text))?;
    // The one step both programmes share after their solve: history.json (a later
    // re-plan from this folder starts its chain), the folder whole, the time taken.
    let write = |files: Vec<PlanFile>| -> Result<f64, Error> {
        let files = with_history(files, History::new(&crate::digest(&text)));
        report::plan::write_dir(&s.out, &files, s.force)?;
        // The time said is the whole command's, as `--time-limit` counts it.
        Ok(s.started.elapsed().as_secs_f64())
    };
    let (plan, summary) = match &programme {
        Programme::CareerCentre(m) => centre(m, &text, s, obs, &write)?,
        Programme::TrainingProvider(t) => training(t, &text, s, obs, &write)?,
    };
    Ok(Solved {
        plan,
        out: s.out.clone(),
        said: said_written(summary, &s.out, s.lang),
    })
}

/// The shared tail of a solve: writes the files, gives the seconds taken.
type Write<'a> = dyn Fn(Vec<PlanFile>) -> Result<f64, Error> + 'a;

/// A career centre's solve (with progress and `--write-model`).
fn centre(
    m: &Model,
    text: &str,
    s: &SolveSettings,
    obs: &dyn Observer,
    write: &Write,
) -> Result<(AnyPlan, String), Error> {
    if let Some(dir) = &s.write_model {
        refuse_model_files(dir, s.force)?;
    }
    let hooks = SolveHooks {
        progress: obs.progress(),
        write_model: s.write_model.clone(),
        replace_model_files: s.force,
        ..Default::default()
    };
    let mut plan = solving(obs, "solving", || {
        crate::solve_with(m, text, &s.opts, &hooks)
    })?;
    report::labels::render_violations(&mut plan.violations, s.lang);
    let files = report::plan::render_files(m, &plan, s.lang)?;
    plan.seconds = write(files)?;
    let summary = report::plan::summary(m, &plan, s.lang);
    Ok((AnyPlan::CareerCentre(plan), summary))
}

/// A training provider's solve (TRN-*).
fn training(
    m: &TrainingModel,
    text: &str,
    s: &SolveSettings,
    obs: &dyn Observer,
    write: &Write,
) -> Result<(AnyPlan, String), Error> {
    let mut plan = solving(obs, "solving", || crate::solve_training(m, text, &s.opts))?;
    report::labels::render_violations(&mut plan.violations, s.lang);
    let mut files = report::training::render_files(&plan);
    files.extend(report::training_people::files(
        m,
        &plan,
        s.lang,
        report::plan::stamp_of(m.period.from),
        None,
        &report::ics::Prior::default(),
    )?);
    plan.seconds = write(files)?;
    let summary = report::training::summary(&plan, s.lang);
    Ok((AnyPlan::TrainingProvider(plan), summary))
}

/// `--write-model DIR` before anything is solved: an MPS or MIP-start file already in
/// DIR is kept unless `--force` (E051), and a link of that kind is never written
/// through (E049). The export itself refuses a file that appears meanwhile.
fn refuse_model_files(dir: &Path, force: bool) -> Result<(), Error> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    let mut found: Vec<_> = entries
        .flatten()
        .filter(|e| {
            let p = e.path();
            let ext = p.extension().and_then(|x| x.to_str());
            matches!(ext, Some("mps" | "mst")) && !e.file_name().to_string_lossy().starts_with('.')
        })
        .collect();
    found.sort_by_key(|e| e.file_name());
    for e in &found {
        if e.file_type().is_ok_and(|t| t.is_symlink()) {
            return Err(crate::safe_fs::FsError::Link(e.path()).into());
        }
    }
    match found.first() {
        Some(e) if !force => Err(Error::ModelFilesExist {
            first: e.path(),
            count: found.len(),
            dir: dir.to_path_buf(),
        }),
        _ => Ok(()),
    }
}
