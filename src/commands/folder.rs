//! The commands on a plan folder's record rather than its rules: `history` (the chain
//! that made it), `new-year` (the next fiscal year's model from this one, CAL-1). Hand
//! edits (`diff`, `swap`) have their own files.

use std::path::{Path, PathBuf};

use super::{load, same_model, Observer};
use crate::error::Error;
use crate::plan::history::read_history;
use crate::report;
use crate::safe_fs;

/// What `history` found.
#[derive(Debug, Clone)]
pub struct HistoryShown {
    /// The chain of re-plans and hand edits (or that none is recorded), to show.
    pub said: String,
}

/// The chain of re-plans and hand edits that made a plan folder (`history.json`).
pub fn history(dir: &Path, lang: report::Lang) -> Result<HistoryShown, Error> {
    if !dir.is_dir() {
        return Err(Error::NotAPlanDir(dir.to_path_buf()));
    }
    let said = match read_history(dir)? {
        Some(h) => {
            let edited = crate::plan::history::edited_files(dir, &h);
            report::history::history_text(&h, &edited, lang)
        }
        None => match lang {
            report::Lang::Ja => format!(
                "{}: history.json がありません（履歴を記録する前に書き出されたフォルダ）。経緯は不明です\n",
                dir.display()
            ),
            report::Lang::En => format!(
                "{}: no history.json (written before history was recorded); chain unknown\n",
                dir.display()
            ),
        },
    };
    Ok(HistoryShown { said })
}

/// What `new-year` is asked to do.
#[derive(Debug, Clone)]
pub struct NewYearSettings {
    /// This year's model file; never overwritten.
    pub model: PathBuf,
    /// The new model file.
    pub out: PathBuf,
    /// This year's plan folder: who worked, and the seminars each lecturer gave (SEM-4).
    pub plan: Option<PathBuf>,
    /// Replace an existing `out`.
    pub force: bool,
}

/// What `new-year` wrote.
#[derive(Debug, Clone)]
pub struct NewYearWritten {
    /// The new model file.
    pub out: PathBuf,
    /// What was carried over and where it was written, to show.
    pub said: String,
}

/// Writes next fiscal year's model (CAL-1) from this one, comments and layout kept;
/// the new model validates before anything is written.
pub fn new_year(s: &NewYearSettings, obs: &dyn Observer) -> Result<NewYearWritten, Error> {
    let (m, text) = load(&s.model)?;
    let (model, out) = (&s.model, &s.out);
    let same_file = std::fs::canonicalize(model)
        .ok()
        .is_some_and(|a| std::fs::canonicalize(out).ok().is_some_and(|b| a == b));
    if same_file {
        return Err(Error::OutIsModel(out.clone()));
    }
    if out.exists() && !s.force {
        return Err(Error::OutExists(out.clone()));
    }
    let (plan, sources, scenarios) = match &s.plan {
        Some(dir) => {
            let p = crate::plan::files::read_baseline_dir(dir)?;
            same_model(&p.model_digest, &text, dir, model, Some(obs))?;
            // The year's decisions: the staff its re-plans added and removed (issue 16).
            let (_, sources, scenarios) = crate::replan::folder::folder_chain(&m, dir)?;
            (Some(p), sources, scenarios)
        }
        None => (None, Vec::new(), Vec::new()),
    };
    let next =
        crate::input::next_year::next_year_after(&text, &m, plan.as_ref(), &sources, &scenarios)
            .map_err(|e| Error::NoNextYear {
                model: model.clone(),
                message: e.to_string(),
            })?;
    // The new model must validate before anything is written.
    crate::input::parse_model(out, &next.text).map_err(|errors| Error::NextYearInvalid {
        errors,
        model: model.clone(),
    })?;
    let mode = if s.force {
        safe_fs::Mode::Replace
    } else {
        safe_fs::Mode::CreateNew
    };
    safe_fs::write_named_file(out, next.text.as_bytes(), mode).map_err(|e| match e {
        safe_fs::FsError::Exists(_) => Error::OutAppeared(out.clone()),
        e => e.into(),
    })?;
    let mut said = report::history::new_year_text(&next);
    said.push_str(&report::history::new_year_decisions_text(&next));
    said.push_str(&format!("model written to {}\n", out.display()));
    Ok(NewYearWritten {
        out: out.clone(),
        said,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::Silent;

    #[test]
    fn history_of_something_that_is_not_a_folder_is_e030() {
        let e =
            history(Path::new("no/such/plan-folder"), report::Lang::En).expect_err("not a folder");
        assert_eq!(e.code(), Some("E030"));
        assert!(e
            .to_string()
            .starts_with("error[E030]: no/such/plan-folder: "));
    }

    #[test]
    fn new_year_never_writes_over_its_model_e064() {
        let model = PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/models/saitama-2023.toml"
        ));
        let s = NewYearSettings {
            model: model.clone(),
            out: model,
            plan: None,
            force: true,
        };
        let e = new_year(&s, &Silent).expect_err("same file");
        assert_eq!(e.code(), Some("E064"));
    }

    #[test]
    fn a_baseline_of_another_model_is_e033_and_one_without_a_digest_is_noted() {
        use std::sync::Mutex;
        #[derive(Default)]
        struct Notes(Mutex<Vec<String>>);
        impl Observer for Notes {
            fn note(&self, text: &str) {
                if let Ok(mut n) = self.0.lock() {
                    n.push(text.to_string());
                }
            }
        }
        let (dir, model) = (Path::new("base"), Path::new("m.toml"));
        let e = same_model("0000", "text", dir, model, None).expect_err("other model");
        assert_eq!(e.code(), Some("E033"));
        assert!(e.to_string().contains("base/roster.json"));
        assert!(same_model(&crate::digest("text"), "text", dir, model, None).is_ok());
        let notes = Notes::default();
        assert!(same_model("", "text", dir, model, Some(&notes)).is_ok());
        let said = notes.0.lock().map(|n| n.clone()).unwrap_or_default();
        assert_eq!(said.len(), 1);
        assert!(said[0].contains("(E033)"));
    }
}
