//! A plan folder's history (`history.json`): the model it was solved from, the chain of
//! scenarios and hand edits that made it, and the digest of every CSV file as written,
//! so a later re-plan applies the whole chain and an edited file is recognised.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::input::error::{file_error, line_col, InputError, InputErrors};

/// File name of the history record inside a plan folder.
pub const HISTORY: &str = "history.json";

/// The files whose hand edits are decisions (the plan itself).
pub const PLAN_FILES: [&str; 3] = [
    super::files::EVENTS,
    super::files::ASSIGNMENTS,
    super::files::TEAMS,
];

/// The history record of a plan folder.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct History {
    /// Format version (1).
    pub version: u32,
    /// SHA-256 of the model file the first plan of the chain was solved from.
    pub model_digest: String,
    /// What was applied, oldest first.
    pub chain: Vec<Link>,
    /// SHA-256 of each CSV file of the folder, as written (file name → hex digest).
    pub files: BTreeMap<String, String>,
}

/// One link of the chain: a scenario applied by `roster replan`, or hand edits
/// recognised by `roster diff` or `roster replan`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Link {
    /// `scenario` or `hand-edit`.
    pub kind: String,
    /// The scenario's name (for a hand edit: `hand edit`).
    pub name: String,
    /// The scenario's `as_of` (for a hand edit: the first day it changed).
    pub as_of: String,
    /// SHA-256 of `text`.
    pub digest: String,
    /// The scenario file's full text (empty for a hand edit).
    pub text: String,
    /// Rows of `changes.csv` of this step, by `change`.
    pub changes: BTreeMap<String, usize>,
    /// People told (distinct staff ids in `notices.csv`).
    pub people_told: usize,
}

impl Link {
    /// Whether the link is a scenario (applied again by every later re-plan).
    pub fn is_scenario(&self) -> bool {
        self.kind == "scenario"
    }
}

/// SHA-256 of bytes, hex.
pub fn digest_bytes(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl History {
    /// A record for a fresh solve of the model with this digest.
    pub fn new(model_digest: &str) -> Self {
        History {
            version: 1,
            model_digest: model_digest.to_string(),
            ..History::default()
        }
    }

    /// The scenario links of the chain, oldest first.
    pub fn scenarios(&self) -> impl Iterator<Item = &Link> {
        self.chain.iter().filter(|l| l.is_scenario())
    }
}

/// The files of a plan folder, as (name, bytes), with `history.json` added: `history`
/// with the digests of every CSV file among them.
pub fn with_history(
    mut files: Vec<(String, Vec<u8>)>,
    mut history: History,
) -> Vec<(String, Vec<u8>)> {
    history.files = files
        .iter()
        .filter(|(n, _)| n.ends_with(".csv"))
        .map(|(n, t)| (n.clone(), digest_bytes(t)))
        .collect();
    let mut json = serde_json::to_string_pretty(&history).unwrap_or_default();
    json.push('\n');
    files.retain(|(n, _)| n != HISTORY);
    files.push((HISTORY.to_string(), json.into_bytes()));
    files
}

/// Reads `DIR/history.json`; `None` for a folder written before history was recorded.
/// It must be a regular file (E026), and every scenario link's text must still have
/// the digest recorded with it (E027): a link edited by hand is not applied.
pub fn read_history(dir: &Path) -> Result<Option<History>, InputErrors> {
    let path = dir.join(HISTORY);
    if path.symlink_metadata().is_err() {
        return Ok(None);
    }
    let help = "restore history.json from the folder roster wrote, or delete it to treat the folder as a plain solve";
    let bytes = crate::plan::files::read_plan_file(&path).map_err(|e| {
        InputErrors(vec![crate::plan::files::plan_file_error(
            &path, &e, "E063", help,
        )])
    })?;
    let text = String::from_utf8(bytes).map_err(|_| {
        file_error(
            "E063",
            &path,
            "cannot read the history record: it is not UTF-8 text".to_string(),
            help,
        )
    })?;
    let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let history: History = serde_json::from_str(body).map_err(|e| {
        InputErrors(vec![crate::plan::files::json_error(
            "E063",
            &path,
            &e,
            ": it is not the history record roster wrote",
            help,
        )])
    })?;
    let mut errors = Vec::new();
    for (i, link) in history.chain.iter().enumerate() {
        if !link.is_scenario() || digest_bytes(link.text.as_bytes()) == link.digest {
            continue;
        }
        // Located at the link's recorded digest (or its text when the digest is gone).
        let at = [&link.digest, &link.text]
            .iter()
            .filter(|x| !x.is_empty())
            .find_map(|x| serde_json::to_string(x).ok().and_then(|q| text.find(&q)));
        let (line, column) = at.map_or((0, 0), |a| line_col(&text, a));
        errors.push(InputError {
            code: "E027",
            file: path.clone(),
            line,
            column,
            message: format!(
                "link {} (`{}`): its scenario text does not match the digest recorded with it, so it was changed after roster wrote it",
                i + 1,
                crate::input::ids::shown(&link.name)
            ),
            help: "restore history.json from the folder roster wrote; to change a re-plan, run `roster replan` again from the folder before it".into(),
        });
    }
    if !errors.is_empty() {
        return Err(InputErrors(errors));
    }
    Ok(Some(history))
}

/// The plan files (events, assignments, teams) of `dir` whose bytes differ from the
/// digest recorded when they were written: the files edited by hand.
pub fn edited_files(dir: &Path, history: &History) -> Vec<&'static str> {
    PLAN_FILES
        .iter()
        .copied()
        .filter(|name| {
            let Some(recorded) = history.files.get(*name) else {
                return false;
            };
            crate::plan::files::read_plan_file(&dir.join(name))
                .map_or(true, |b| &digest_bytes(&b) != recorded)
        })
        .collect()
}
