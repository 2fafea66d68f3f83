//! The commands on a plan folder's record rather than its rules: `diff` (hand edits as
//! changes and notices), `history` (the chain that made it), `new-year` (the next
//! fiscal year's model from this one, CAL-1).

use std::path::{Path, PathBuf};

use super::{load, same_model, Observer};
use crate::error::Error;
use crate::plan::history::{digest_bytes, read_history, HISTORY};
use crate::replan::{folder, hand_edit};
use crate::report;
use crate::safe_fs;

/// What `diff` is asked to do.
#[derive(Debug, Clone)]
pub struct DiffSettings {
    /// The plan folder as roster wrote it.
    pub base: PathBuf,
    /// The folder edited by hand (may be `base` itself: then roster.json is the plan
    /// as written).
    pub edited: PathBuf,
    /// Where to write changes.csv and notices.csv (default: `edited`).
    pub out: Option<PathBuf>,
    /// Language of the summary.
    pub lang: report::Lang,
}

/// What `diff` wrote.
#[derive(Debug, Clone)]
pub struct Diffed {
    /// The folder written into.
    pub dir: PathBuf,
    /// The changes by kind, who must be told, and where it was written, to show.
    pub said: String,
}

/// Writes `changes.csv` and `notices.csv` for the hand edits between two plan folders.
/// A file there that roster did not write is never replaced (E067).
pub fn diff(s: &DiffSettings) -> Result<Diffed, Error> {
    let (base, edited) = (s.base.as_path(), s.edited.as_path());
    let after = crate::plan::files::read_baseline_dir(edited)?;
    let same = std::fs::canonicalize(base).ok() == std::fs::canonicalize(edited).ok();
    let before = if same {
        hand_edit::written_plan(base)
            .ok_or_else(|| Error::NothingWritten(base.join("roster.json")))?
    } else {
        crate::plan::files::read_baseline_dir(base)?
    };
    let (changes, _) = hand_edit::edits_between(&before, &after);
    let mut names = folder::staff_names(edited);
    if names.is_empty() {
        names = folder::staff_names(base);
    }
    let name_of = |s: &str| names.get(s).cloned().unwrap_or_default();
    let notices = crate::replan::notices_named(&name_of, &before, &after, &changes);
    let dir = s.out.as_deref().unwrap_or(edited);
    let files = [
        (report::replan::CHANGES, report::plan::csv_of(&changes)),
        (report::replan::NOTICES, report::plan::csv_of(&notices)),
    ];
    // Never clobber a user's file: replace only what roster wrote (its digest is in
    // history.json) or what is already identical.
    let history = read_history(dir).ok().flatten();
    for (name, text) in &files {
        let path = dir.join(name);
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let ours = history
            .as_ref()
            .and_then(|h| h.files.get(*name))
            .is_some_and(|d| *d == digest_bytes(&bytes));
        if !ours && bytes != text.as_bytes() {
            return Err(Error::NotOurs(path));
        }
    }
    // The folder is the user's (EDITED, or --out, made if new); inside it, every file
    // goes through a uniquely named temporary file, all written before any is renamed
    // (whole or not at all), and a link in their place is refused (E049).
    safe_fs::create_named_dir(dir)?;
    let mut writes: Vec<(&Path, Vec<u8>)> = files
        .iter()
        .map(|(n, t)| (Path::new(*n), t.clone().into_bytes()))
        .collect();
    if let Some(mut h) = history {
        for (name, text) in &files {
            h.files
                .insert(name.to_string(), digest_bytes(text.as_bytes()));
        }
        let mut json = serde_json::to_string_pretty(&h).unwrap_or_default();
        json.push('\n');
        writes.push((Path::new(HISTORY), json.into_bytes()));
    }
    // A file checked above is replaced; one that was not there must still be new when
    // it is renamed into place (another run's file is kept, E051).
    let writes: Vec<(&Path, &[u8], safe_fs::Mode)> = writes
        .iter()
        .map(|(p, b)| (*p, b.as_slice(), safe_fs::Mode::as_found(&dir.join(p))))
        .collect();
    safe_fs::write_all(dir, &writes)?;
    let said = diff_said(&changes, &notices, dir, s.lang);
    Ok(Diffed {
        dir: dir.to_path_buf(),
        said,
    })
}

/// The changes by kind, who must be told (with how many notices), and the files.
fn diff_said(
    changes: &[crate::replan::ChangeRow],
    notices: &[crate::replan::Notice],
    dir: &Path,
    lang: report::Lang,
) -> String {
    let w = &lang.labels().p.diff;
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for c in changes {
        *counts.entry(c.change.as_str()).or_default() += 1;
    }
    let list = report::replan::counts_text(lang, &counts);
    let mut said = format!("{}: {}\n", w[0], if list.is_empty() { w[1] } else { &list });
    let mut told: std::collections::BTreeMap<&str, usize> = Default::default();
    for n in notices {
        *told.entry(n.staff_id.as_str()).or_default() += 1;
    }
    if !told.is_empty() {
        let list: Vec<String> = told.iter().map(|(k, v)| format!("{k} ({v})")).collect();
        said.push_str(&format!("{}: {}\n", lang.labels().t.tell, list.join(", ")));
    }
    let files = format!(
        "{}, {}",
        dir.join(report::replan::CHANGES).display(),
        dir.join(report::replan::NOTICES).display()
    );
    said.push_str(&report::labels::fill(w[2], &[("files", &files)]));
    said.push('\n');
    said
}

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
    let plan = match &s.plan {
        Some(dir) => {
            let p = crate::plan::files::read_baseline_dir(dir)?;
            same_model(&p.model_digest, &text, dir, model, Some(obs))?;
            Some(p)
        }
        None => None,
    };
    let next = crate::input::next_year::next_year(&text, &m, plan.as_ref()).map_err(|e| {
        Error::NoNextYear {
            model: model.clone(),
            message: e.to_string(),
        }
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
