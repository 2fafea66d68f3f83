//! `whatif`: several scenarios re-planned against one baseline (in parallel, inside
//! one deadline), compared side by side; with `--out`, every re-plan's folder and
//! `comparison.csv` written whole or not at all.

use std::path::{Path, PathBuf};

use super::replan::{
    training_baseline, training_chain, training_replan_files, training_scenario, TrainingPeople,
};
use super::{load_programme, same_model, solving, Observer};
use crate::error::Error;
use crate::milp::SolveOptions;
use crate::model::training::TrainingModel;
use crate::model::{Model, Programme};
use crate::plan::history::with_history;
use crate::replan::folder;
use crate::report::folder::PlanFile;
use crate::report::{self, Lang};
use crate::safe_fs;
use crate::scenario::chain;

/// What `whatif` is asked to do.
#[derive(Debug, Clone)]
pub struct WhatifSettings {
    /// The model file the baseline was solved from.
    pub model: PathBuf,
    /// The baseline plan folder (never written).
    pub baseline: PathBuf,
    /// The scenario files.
    pub scenarios: Vec<PathBuf>,
    /// Where to write each re-plan (DIR/<scenario stem>/) and `comparison.csv`.
    pub out: Option<PathBuf>,
    /// Solver options; their deadline covers every scenario.
    pub opts: SolveOptions,
    /// Replace folders that hold a different plan.
    pub force: bool,
    /// Language of the people-facing files and the table.
    pub lang: Lang,
}

/// What `whatif` found.
#[derive(Debug, Clone)]
pub struct WhatIf {
    /// The comparison table (baseline first, then each scenario), to show.
    pub comparison: String,
    /// Whether every re-plan is free of violations.
    pub clean: bool,
    /// The folders written (none without `--out`).
    pub written: Vec<PathBuf>,
}

/// The comparison of one programme's re-plans: the table as CSV and as text, each
/// re-plan's folder (with `--out`), and whether all are clean.
struct Compared {
    csv: String,
    text: String,
    folders: Vec<(PathBuf, Vec<PlanFile>)>,
    clean: bool,
}

/// Re-plans every scenario against the baseline and compares them.
pub fn whatif(s: &WhatifSettings, obs: &dyn Observer) -> Result<WhatIf, Error> {
    let (programme, text) = load_programme(&s.model)?;
    let c = match &programme {
        Programme::CareerCentre(m) => centre(m, &text, s, obs)?,
        Programme::TrainingProvider(t) => training(t, &text, s, obs)?,
    };
    let mut written = Vec::new();
    if let Some(dir) = &s.out {
        write_whatif(dir, &c.csv, &c.folders, s.force)?;
        written = c.folders.into_iter().map(|(d, _)| d).collect();
    }
    Ok(WhatIf {
        comparison: c.text,
        clean: c.clean,
        written,
    })
}

/// The scenarios of a what-if, each with its file, and the folder name of each.
type Loaded<T> = (Vec<(PathBuf, T)>, Vec<String>);

/// Each scenario file loaded by `load` (`None`: nothing to re-plan), every file tried
/// before stopping so all problems are shown at once; then one folder name each.
fn load_all<T>(
    paths: &[PathBuf],
    mut load: impl FnMut(&Path) -> Result<Option<T>, Error>,
) -> Result<Loaded<T>, Error> {
    let mut loaded = Vec::new();
    let mut problems = Vec::new();
    for p in paths {
        match load(p) {
            Ok(Some(t)) => loaded.push((p.clone(), t)),
            Ok(None) => {}
            Err(e) => problems.push(e),
        }
    }
    if !problems.is_empty() {
        return Err(Error::all(problems));
    }
    let names = folder_names(loaded.iter().map(|(p, _)| p.as_path()))?;
    Ok((loaded, names))
}

/// A career centre's what-if: each scenario laid over the baseline's chain.
fn centre(
    m: &Model,
    text: &str,
    s: &WhatifSettings,
    obs: &dyn Observer,
) -> Result<Compared, Error> {
    let base = crate::plan::files::read_baseline_dir(&s.baseline)?;
    same_model(&base.model_digest, text, &s.baseline, &s.model, Some(obs))?;
    // Every scenario is validated (over the baseline's chain) before anything is
    // solved or written.
    let (hist, sources, base_chain) = folder::folder_chain(m, &s.baseline)?;
    let (loaded, names) = load_all(&s.scenarios, |path| {
        let src = chain::source_of_file(path)?;
        let mut all = sources.clone();
        all.push(src.clone());
        let mut c = chain::resolve(m, &all)?;
        Ok(c.pop().map(|sc| (sc, src)))
    })?;
    // One directory per scenario file (stems made unique), all checked before anything
    // is solved; none may be (or hold, or lie in) the baseline.
    if let Some(dir) = &s.out {
        report::folder::refuse_baseline(&dir.join("comparison.csv"), &s.baseline)?;
        for n in &names {
            report::folder::refuse_baseline(&dir.join(n), &s.baseline)?;
            report::folder::preflight_early(&dir.join(n), s.force, &crate::digest(text))?;
        }
    }
    // The baseline's calendars, read before the solve (see `replan`).
    let prior = s.out.as_ref().map(|_| {
        report::ics::Prior::of_baseline(
            &s.baseline,
            m,
            &base,
            s.lang,
            report::plan::stamp_of(m.period.from),
        )
    });
    let only: Vec<crate::scenario::Scenario> =
        loaded.iter().map(|(_, (sc, _))| sc.clone()).collect();
    let results = solving(obs, "what-if", || {
        crate::replan::whatif_chain(m, text, &base, &base_chain, &only, &s.opts)
    });
    let mut replans = in_scenarios(results, only.iter().map(|sc| sc.name.as_str()))?;
    for r in &mut replans {
        report::labels::render_violations(&mut r.plan.violations, s.lang);
    }
    let base_model = chain::apply_all(m, &base_chain);
    let mut rows = vec![report::replan::baseline_row(
        &base_model,
        &crate::check_loaded(&base_model, base.clone()),
    )];
    rows.extend(replans.iter().map(report::replan::comparison_row));
    let mut folders = Vec::new();
    if let (Some(dir), Some(prior)) = (&s.out, &prior) {
        // Every directory is rendered before any is written.
        for (n, (r, (_, (sc, src)))) in names.iter().zip(replans.iter().zip(&loaded)) {
            let link = folder::scenario_link(src, r, sc.as_of);
            let files = report::replan::render_replan_files(r, prior, s.lang, sc.as_of)?;
            let files = with_history(files, folder::next_history(hist.as_ref(), text, link));
            folders.push((dir.join(n), files));
        }
    }
    Ok(Compared {
        csv: report::plan::csv_of(&rows),
        text: report::replan::comparison(&rows, &replans, s.lang),
        clean: replans.iter().all(|r| r.plan.violations.is_empty()),
        folders,
    })
}

/// A training provider's what-if (TRN-*).
fn training(
    m: &TrainingModel,
    text: &str,
    s: &WhatifSettings,
    obs: &dyn Observer,
) -> Result<Compared, Error> {
    use rayon::prelude::*;
    let base = training_baseline(text, &s.model, &s.baseline)?;
    let (chained, hist) = training_chain(m, &s.baseline)?;
    let m = &chained;
    let (loaded, names) = load_all(&s.scenarios, |p| {
        training_scenario(m, &base, p, hist.as_ref()).map(Some)
    })?;
    // Every scenario inside the one deadline of the command.
    let shares = crate::replan::Shares::new(&s.opts, loaded.len(), base.assignments.len());
    let results: Vec<_> = solving(obs, "what-if", || {
        loaded
            .par_iter()
            .map(|(_, sc)| {
                let changed = crate::scenario::training::apply_training(m, sc);
                crate::replan::training::replan_training(
                    &changed,
                    text,
                    &base,
                    &sc.name,
                    sc.as_of,
                    &shares.next(),
                )
            })
            .collect()
    });
    let mut replans = in_scenarios(results, loaded.iter().map(|(_, sc)| sc.name.as_str()))?;
    for r in &mut replans {
        report::labels::render_violations(&mut r.plan.violations, s.lang);
    }
    let mut rows = vec![report::training::comparison_row(
        "baseline",
        &crate::replan::training::baseline_figures(&base),
        &base,
    )];
    rows.extend(
        replans
            .iter()
            .map(|r| report::training::comparison_row(&r.scenario, &r.figures, &r.plan)),
    );
    let mut folders = Vec::new();
    if let Some(dir) = &s.out {
        let prior = report::training_people::baseline_prior(&s.baseline, m, &base, s.lang);
        for (((path, sc), r), name) in loaded.iter().zip(&replans).zip(&names) {
            let changed = crate::scenario::training::apply_training(m, sc);
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
            let files = training_replan_files(r, &people, hist.as_ref().map(|h| &h.0), text, path)?;
            folders.push((dir.join(name), files));
        }
    }
    Ok(Compared {
        csv: report::plan::csv_of(&rows),
        text: report::training::comparison(&rows, s.lang),
        clean: replans.iter().all(|r| r.plan.violations.is_empty()),
        folders,
    })
}

/// The re-plans of every scenario, or the first solver error, named after its scenario.
fn in_scenarios<'a, R>(
    results: Vec<Result<R, crate::milp::SolveError>>,
    names: impl Iterator<Item = &'a str>,
) -> Result<Vec<R>, Error> {
    results
        .into_iter()
        .zip(names)
        .map(|(r, name)| {
            r.map_err(|error| Error::InScenario {
                name: name.to_string(),
                error,
            })
        })
        .collect()
}

/// Writes a what-if's folders and its `comparison.csv` (both kinds), whole or not at
/// all: every folder is checked and built before any is put in place, and a different
/// comparison is kept unless `force`. A new DIR is built whole as a hidden sibling and
/// renamed into place once (refusing a DIR that appeared meanwhile, E040), so a failure
/// (a full disk) leaves nothing behind, not even an empty folder.
fn write_whatif(
    dir: &Path,
    table: &str,
    outputs: &[(PathBuf, Vec<PlanFile>)],
    force: bool,
) -> Result<(), Error> {
    let cmp = dir.join("comparison.csv");
    if !force && cmp.exists() && std::fs::read_to_string(&cmp).ok().as_deref() != Some(table) {
        return Err(Error::OtherComparison(cmp));
    }
    for (d, files) in outputs {
        if std::fs::symlink_metadata(d).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(safe_fs::FsError::Link(d.clone()).into());
        }
        report::plan::preflight(d, files, force)?;
    }
    if std::fs::symlink_metadata(dir).is_ok() {
        let staged = outputs
            .iter()
            .map(|(d, files)| report::folder::stage(d, files, force))
            .collect::<Result<Vec<_>, _>>()?;
        let mode = safe_fs::Mode::as_found(&cmp);
        let comparison =
            safe_fs::prepare(dir, Path::new("comparison.csv"), table.as_bytes(), mode)?;
        for s in staged {
            s.commit()?;
        }
        return Ok(comparison.commit()?);
    }
    let tmp = report::folder::hidden_sibling(dir)?;
    let built = outputs
        .iter()
        .try_for_each(|(d, files)| {
            let name = d.file_name().unwrap_or_default();
            report::plan::write_dir(&tmp.join(name), files, force).map_err(Error::from)
        })
        .and_then(|()| {
            safe_fs::write(
                &tmp,
                Path::new("comparison.csv"),
                table.as_bytes(),
                safe_fs::Mode::CreateNew,
            )
            .map_err(Error::from)
        })
        .and_then(|()| {
            safe_fs::rename_noreplace(&tmp, dir).map_err(|e| {
                if e.kind() == std::io::ErrorKind::AlreadyExists {
                    Error::WrittenMeanwhile(dir.to_path_buf())
                } else {
                    Error::NotWritten {
                        dir: dir.to_path_buf(),
                        error: e.to_string(),
                    }
                }
            })
        });
    if let Err(e) = built {
        let _ = std::fs::remove_dir_all(&tmp);
        // Errors name DIR as given, never the hidden folder.
        return Err(Error::Shown {
            text: e
                .to_string()
                .replace(&tmp.display().to_string(), &dir.display().to_string()),
            error: Box::new(e),
        });
    }
    Ok(())
}

/// One folder name per scenario file of a what-if: the file's stem, made unique with
/// `-2`, `-3`, ... when two files share it (case-insensitively). A stem that is not a
/// plain folder name (`..toml` gives `.`, `...toml` gives `..`; any stem starting with
/// `.`, holding a control character, or `comparison.csv`) is refused (E052) before
/// anything is solved: a what-if never writes into --out itself or above it.
fn folder_names<'a>(paths: impl Iterator<Item = &'a Path>) -> Result<Vec<String>, Error> {
    let mut names: Vec<String> = Vec::new();
    for path in paths {
        let stem = path
            .file_stem()
            .map_or(String::new(), |s| s.to_string_lossy().to_string());
        if stem.is_empty()
            || stem.starts_with('.')
            || stem.chars().any(char::is_control)
            || !safe_fs::is_plain(Path::new(&stem))
            || stem.eq_ignore_ascii_case("comparison.csv")
        {
            return Err(Error::ScenarioStem {
                path: path.to_path_buf(),
                stem,
            });
        }
        let taken = |n: &str, names: &[String]| names.iter().any(|m| m.eq_ignore_ascii_case(n));
        let mut name = stem.clone();
        let mut k = 2;
        while taken(&name, &names) {
            name = format!("{stem}-{k}");
            k += 1;
        }
        names.push(name);
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_are_the_stems_made_unique_ignoring_case() {
        let paths = [
            PathBuf::from("a/c08-sick.toml"),
            PathBuf::from("b/C08-sick.toml"),
            PathBuf::from("c/c08-sick.toml"),
            PathBuf::from("closure.toml"),
        ];
        let names = folder_names(paths.iter().map(PathBuf::as_path)).expect("plain names");
        assert_eq!(names, ["c08-sick", "C08-sick-2", "c08-sick-3", "closure"]);
    }

    #[test]
    fn a_stem_that_is_not_a_plain_folder_name_is_e052() {
        for bad in [
            "..toml",
            "...toml",
            ".hidden.toml",
            "comparison.csv.toml",
            "a\u{7}.toml",
        ] {
            let e = folder_names(std::iter::once(Path::new(bad))).expect_err(bad);
            assert_eq!(e.code(), Some("E052"), "{bad}");
        }
    }
}
