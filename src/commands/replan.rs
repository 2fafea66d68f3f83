//! `replan`: a baseline folder re-planned after a scenario (CON-7), with the fewest
//! changes, its chain of earlier re-plans kept in force, written as a new folder.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::{load_programme, said_written, same_model, solving, AnyPlan, Observer};
use crate::error::Error;
use crate::milp::SolveOptions;
use crate::model::training::TrainingModel;
use crate::model::{Model, Programme};
use crate::plan::history::{with_history, History};
use crate::plan::training::TrainingPlan;
use crate::replan::folder;
use crate::replan::training::TrainingReplan;
use crate::report::folder::PlanFile;
use crate::report::{self, Lang};
use crate::scenario::chain;
use crate::scenario::training::TrainingScenario;

/// What `replan` is asked to do.
#[derive(Debug, Clone)]
pub struct ReplanSettings {
    /// The model file the baseline was solved from.
    pub model: PathBuf,
    /// The baseline plan folder (never written).
    pub baseline: PathBuf,
    /// The scenario file.
    pub scenario: PathBuf,
    /// The new plan folder.
    pub out: PathBuf,
    /// Solver options; their deadline covers the whole command.
    pub opts: SolveOptions,
    /// When the command started.
    pub started: std::time::Instant,
    /// Replace a folder that holds a different plan.
    pub force: bool,
    /// Language of the people-facing files and the summary.
    pub lang: Lang,
}

/// What `replan` made.
#[derive(Debug, Clone)]
pub struct Replanned {
    /// The new plan (its violations decide the exit code).
    pub plan: AnyPlan,
    /// The folder written.
    pub out: PathBuf,
    /// The summary (changes, notices, figures) and where it was written, to show.
    pub said: String,
}

/// Where a re-plan's folder goes: checked before the solve, written after it.
struct Out<'a> {
    dir: &'a Path,
    force: bool,
    model_text: &'a str,
    started: std::time::Instant,
}

impl Out<'_> {
    /// `--out` checked as far as it can be without the plan (E040, E041, E049).
    fn preflight(&self) -> Result<(), Error> {
        report::folder::preflight_early(self.dir, self.force, &crate::digest(self.model_text))?;
        Ok(())
    }

    /// The folder written whole; the seconds the command has taken.
    fn write(&self, files: &[PlanFile]) -> Result<f64, Error> {
        report::plan::write_dir(self.dir, files, self.force)?;
        Ok(self.started.elapsed().as_secs_f64())
    }
}

/// Re-plans the baseline folder after the scenario and writes the new folder.
pub fn replan(s: &ReplanSettings, obs: &dyn Observer) -> Result<Replanned, Error> {
    // A baseline is never written, however --out is spelt.
    report::folder::refuse_baseline(&s.out, &s.baseline)?;
    let (programme, text) = load_programme(&s.model)?;
    let out = Out {
        dir: &s.out,
        force: s.force,
        model_text: &text,
        started: s.started,
    };
    let (plan, summary) = match &programme {
        Programme::CareerCentre(m) => centre(m, &text, s, &out, obs)?,
        Programme::TrainingProvider(t) => training(t, &text, s, &out, obs)?,
    };
    Ok(Replanned {
        plan,
        out: s.out.clone(),
        said: said_written(summary, &s.out, s.lang),
    })
}

/// A career centre's re-plan: hand edits of the baseline are kept (pinned) unless a
/// rule forces a change, and go into the chain before the scenario.
fn centre(
    m: &Model,
    text: &str,
    s: &ReplanSettings,
    out: &Out,
    obs: &dyn Observer,
) -> Result<(AnyPlan, String), Error> {
    let base = crate::plan::files::read_baseline_dir(&s.baseline)?;
    same_model(&base.model_digest, text, &s.baseline, &s.model, Some(obs))?;
    let edits = crate::replan::hand_edit::hand_edits(&s.baseline, &base);
    if let Some(e) = &edits {
        obs.note(&format!(
            "note: {} edited by hand since written: {} change(s), {} assignment(s) pinned",
            e.files.join(", "),
            e.changes.len(),
            e.pinned.len()
        ));
    }
    // The baseline's own chain first, then the new scenario (history.json).
    let (hist, mut sources, _) = folder::folder_chain(m, &s.baseline)?;
    let source = chain::source_of_file(&s.scenario)?;
    sources.push(source.clone());
    let scenarios = chain::resolve(m, &sources)?;
    out.preflight()?;
    // The baseline's calendars (for each event's SEQUENCE) are read on a second thread
    // while the re-plan solves: on 64 copies of the shipped year that is 1.5 s of
    // parsing that would otherwise come before the solve, outside what its deadline
    // can take back (`--time-limit` covers the whole command).
    let mut pinned = edits.as_ref().map(|e| e.pinned.clone()).unwrap_or_default();
    // Decisions recorded by earlier hand edits (`diff --out`, `swap`) stay in force
    // while the baseline still has them.
    if let Some(h) = &hist {
        for a in crate::replan::hand_edit::recorded_pins(h) {
            if base.assignments.contains(&a) && !pinned.contains(&a) {
                pinned.push(a);
            }
        }
    }
    let (prior, solved) = std::thread::scope(|scope| {
        let prior = scope.spawn(|| {
            report::ics::Prior::of_baseline(
                &s.baseline,
                m,
                &base,
                s.lang,
                report::plan::stamp_of(m.period.from),
            )
        });
        let solved = solving(obs, "re-planning", || {
            crate::replan::replan_pinned(m, text, &base, &scenarios, &pinned, &s.opts)
        });
        (prior.join(), solved)
    });
    let mut r = solved?;
    report::labels::render_violations(&mut r.plan.violations, s.lang);
    // The reader never fails on a file (an unreadable calendar counts as none); a
    // reader that stopped is a defect, and no plan is written with calendars that
    // would restart every event's SEQUENCE.
    let prior = prior.map_err(|_| report::plan::RenderError {
        file: "calendars".to_string(),
        message: "the thread reading the baseline's calendars stopped".to_string(),
    })?;
    let as_of = scenarios.last().map(|s| s.as_of).unwrap_or_default();
    let link = folder::scenario_link(&source, &r, as_of);
    let mut history = folder::next_history(hist.as_ref(), text, link);
    if let Some(e) = edits.as_ref().filter(|e| !e.changes.is_empty()) {
        // The hand edit goes into the chain before the scenario laid over it.
        let written = crate::replan::hand_edit::written_plan(&s.baseline);
        let notices = written.map_or_else(Vec::new, |w| {
            crate::replan::notices(&r.model, &w, &base, &e.changes)
        });
        let at = history.chain.len().saturating_sub(1);
        history
            .chain
            .insert(at, folder::hand_edit_link(e, &notices));
    }
    let files = report::replan::render_replan_files(&r, &prior, s.lang, as_of)?;
    r.plan.seconds = out.write(&with_history(files, history))?;
    let mut said = report::replan::summary(&r, s.lang);
    // Who is affected, person by person (affected.csv has everyone).
    let names = report::names::Names::new(&r.model, s.lang);
    said.push_str(&report::affected::block(&r.affected, &names));
    if scenarios.len() > 1 {
        let earlier: Vec<&str> = scenarios[..scenarios.len() - 1]
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        let list = earlier.join("; ");
        let kept = s.lang.labels().p.earlier_kept;
        said.push_str(&report::labels::fill(kept, &[("list", &list)]));
        said.push('\n');
    }
    Ok((AnyPlan::CareerCentre(r.plan), said))
}

/// A training provider's re-plan (TRN-*): courses started before `as_of` stay.
fn training(
    m: &TrainingModel,
    text: &str,
    s: &ReplanSettings,
    out: &Out,
    obs: &dyn Observer,
) -> Result<(AnyPlan, String), Error> {
    let base = training_baseline(text, &s.model, &s.baseline)?;
    let (chained, hist) = training_chain(m, &s.baseline)?;
    let m = &chained;
    let sc = training_scenario(m, &base, &s.scenario, hist.as_ref())?;
    out.preflight()?;
    let changed = crate::scenario::training::apply_training(m, &sc);
    let mut r = solving(obs, "re-planning", || {
        crate::replan::training::replan_training(&changed, text, &base, &sc.name, sc.as_of, &s.opts)
    })?;
    report::labels::render_violations(&mut r.plan.violations, s.lang);
    let prior = report::training_people::baseline_prior(&s.baseline, m, &base, s.lang);
    let reason = sc
        .public_reason
        .clone()
        .unwrap_or_else(|| s.lang.labels().p.default_reason.to_string());
    let people = TrainingPeople {
        model: &changed,
        prior: &prior,
        lang: s.lang,
        base: &base,
        reason: &reason,
    };
    let files = training_replan_files(&r, &people, hist.as_ref().map(|h| &h.0), text, &s.scenario)?;
    out.write(&files)?;
    let said = report::training::replan_summary(&r, s.lang);
    Ok((AnyPlan::TrainingProvider(r.plan), said))
}

/// Reads a training plan folder and refuses one solved from another model (E033).
pub(super) fn training_baseline(
    text: &str,
    model: &Path,
    baseline: &Path,
) -> Result<TrainingPlan, Error> {
    let base = crate::plan::training::read_training_dir(baseline)?;
    same_model(&base.model_digest, text, baseline, model, None)?;
    Ok(base)
}

/// A training folder's history record and the scenarios of its chain.
pub(super) type TrainingHistory = (History, Vec<TrainingScenario>);

/// A training model with the scenarios of `dir`'s `history.json` applied (none for a
/// plain solve), and the record with the chain's scenarios.
pub(super) fn training_chain(
    m: &TrainingModel,
    dir: &Path,
) -> Result<(TrainingModel, Option<TrainingHistory>), Error> {
    let Some(h) = crate::plan::history::read_history(dir)? else {
        return Ok((m.clone(), None));
    };
    let sources = folder::chain_sources(dir, Some(&h));
    let (applied, chain) = crate::scenario::training::apply_chain(m, &sources)?;
    Ok((applied, Some((h, chain))))
}

/// A training scenario file, validated against the model (with the baseline folder's
/// chain applied) and the baseline's starts; a chain never goes back in time (E060).
pub(super) fn training_scenario(
    m: &TrainingModel,
    base: &TrainingPlan,
    path: &Path,
    hist: Option<&TrainingHistory>,
) -> Result<TrainingScenario, Error> {
    use crate::scenario::training::parse_training_scenario;
    let text = crate::input::read_text(path)?;
    if let Some(prev) = hist.and_then(|h| h.1.last()) {
        let sc = parse_training_scenario(path, &text, m, None)?;
        if sc.as_of < prev.as_of {
            return Err(Error::BackInTime {
                path: path.to_path_buf(),
                as_of: sc.as_of,
                before: prev.as_of,
                name: prev.name.clone(),
            });
        }
    }
    let starts: std::collections::BTreeMap<String, NaiveDate> = base
        .courses
        .iter()
        .filter_map(|c| Some((c.course_id.clone(), crate::plan::parse_day(&c.start)?)))
        .collect();
    Ok(parse_training_scenario(path, &text, m, Some(&starts))?)
}

/// What a training re-plan's people files are rendered from: the model with the
/// scenario applied, the baseline's calendars and the language.
pub(super) struct TrainingPeople<'a> {
    pub(super) model: &'a TrainingModel,
    pub(super) prior: &'a report::ics::Prior,
    pub(super) lang: Lang,
    /// The baseline plan (the recruitment schedule's changes, what the letters say
    /// was).
    pub(super) base: &'a TrainingPlan,
    /// What the letters give as the reason (never the scenario's name).
    pub(super) reason: &'a str,
}

/// The files of a training re-plan's folder with `history.json`: the baseline's chain
/// (or a new record) and this scenario's link; the workbook (with the changes and
/// notices) and calendars (numbered against the baseline's, with cancellations) as a
/// solve's folder has them, dated `as_of`.
pub(super) fn training_replan_files(
    r: &TrainingReplan,
    people: &TrainingPeople,
    hist: Option<&History>,
    model_text: &str,
    scenario: &Path,
) -> Result<Vec<PlanFile>, Error> {
    let source = chain::source_of_file(scenario)?;
    let link = crate::plan::history::Link {
        kind: "scenario".into(),
        name: r.scenario.clone(),
        as_of: r.as_of.to_string(),
        digest: crate::digest(&source.text),
        text: source.text,
        changes: report::training::change_counts(r).into_iter().collect(),
        people_told: r.figures.people_told,
    };
    let history = folder::next_history(hist, model_text, link);
    let mut files = report::training::render_replan_files(r);
    files.extend(report::training_people::files(
        people.model,
        &r.plan,
        people.lang,
        report::plan::stamp_of(r.as_of),
        Some(&report::training_people::Replanned {
            changes: &r.changes,
            notices: &r.notices,
            base: people.base,
            reason: people.reason,
        }),
        people.prior,
    )?);
    Ok(with_history(files, history))
}
