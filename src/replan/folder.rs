//! A plan folder as the start of a re-plan or check: its plan, its history record and
//! the chain of scenarios it carries, and the history record of what is written next.

use std::path::{Path, PathBuf};

use crate::input::error::InputErrors;
use crate::model::Model;
use crate::plan::history::{read_history, History, Link};
use crate::scenario::chain::{self, Source};
use crate::scenario::Scenario;

use super::{count_changes, Outcome};

/// The scenario texts a plan folder's history carries, oldest first, labelled for
/// error messages as `DIR/history.json (link N: name)`.
pub fn chain_sources(dir: &Path, history: Option<&History>) -> Vec<Source> {
    history
        .map(|h| {
            h.chain
                .iter()
                .enumerate()
                .filter(|(_, l)| l.is_scenario())
                .map(|(i, l)| Source {
                    label: PathBuf::from(format!(
                        "{} (link {}: {})",
                        dir.join(crate::plan::history::HISTORY).display(),
                        i + 1,
                        l.name
                    )),
                    text: l.text.clone(),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A plan folder's history record, the scenario texts of its chain and the chain
/// resolved against the model.
pub type FolderChain = (Option<History>, Vec<Source>, Vec<Scenario>);

/// The history and the resolved chain of a plan folder (both empty for a folder
/// written before history was recorded).
pub fn folder_chain(model: &Model, dir: &Path) -> Result<FolderChain, InputErrors> {
    let history = read_history(dir)?;
    let sources = chain_sources(dir, history.as_ref());
    let scenarios = chain::resolve(model, &sources)?;
    Ok((history, sources, scenarios))
}

/// The model a plan folder was planned against: the model with the folder's chain
/// applied, and `extra` (a scenario file given by hand, as `check --scenario` takes)
/// after it unless the chain already holds the same text.
pub fn folder_model(model: &Model, dir: &Path, extra: Option<&Path>) -> Result<Model, InputErrors> {
    let history = read_history(dir)?;
    let mut sources = chain_sources(dir, history.as_ref());
    if let Some(f) = extra {
        let s = chain::source_of_file(f)?;
        if !sources.iter().any(|x| x.text == s.text) {
            sources.push(s);
        }
    }
    let scenarios = chain::resolve(model, &sources)?;
    Ok(chain::apply_all(model, &scenarios))
}

/// The link recording a re-plan's scenario, for either programme's re-plan.
pub fn scenario_link<R: Outcome>(source: &Source, r: &R, as_of: chrono::NaiveDate) -> Link {
    Link {
        kind: "scenario".into(),
        name: r.scenario().to_string(),
        as_of: as_of.to_string(),
        digest: crate::digest(&source.text),
        text: source.text.clone(),
        changes: count_changes(r.changes()),
        people_told: people_told(r.notices()),
    }
}

/// The history of a re-plan's folder: the baseline's chain (or a new record) with
/// `link` appended.
pub fn next_history(base: Option<&History>, model_text: &str, link: Link) -> History {
    let mut h = base
        .cloned()
        .unwrap_or_else(|| History::new(&crate::digest(model_text)));
    h.version = 1;
    h.model_digest = crate::digest(model_text);
    h.chain.push(link);
    h.files.clear();
    h
}

/// Distinct people in a list of notices.
pub fn people_told(notices: &[super::Notice]) -> usize {
    notices
        .iter()
        .map(|n| n.staff_id.as_str())
        .collect::<std::collections::BTreeSet<_>>()
        .len()
}

/// The link recording hand edits found in a baseline folder.
pub fn hand_edit_link(edits: &super::hand_edit::HandEdits, notices: &[super::Notice]) -> Link {
    Link {
        kind: "hand-edit".into(),
        name: format!("hand edit ({})", edits.files.join(", ")),
        as_of: edits.first_date.map(|d| d.to_string()).unwrap_or_default(),
        digest: String::new(),
        text: String::new(),
        changes: count_changes(&edits.changes),
        people_told: people_told(notices),
    }
}

/// Staff names by id from a plan folder's `staff.csv` (any encoding the plan reader
/// takes); empty when there is none.
pub fn staff_names(dir: &Path) -> std::collections::BTreeMap<String, String> {
    let path = dir.join(crate::plan::files::STAFF);
    let Ok(bytes) = crate::plan::files::read_plan_file(&path) else {
        return Default::default();
    };
    let Ok(text) = crate::plan::files::decode(&path, &bytes) else {
        return Default::default();
    };
    #[derive(serde::Deserialize)]
    struct Row {
        staff_id: String,
        name: String,
    }
    csv::Reader::from_reader(text.as_bytes())
        .deserialize::<Row>()
        .flatten()
        .map(|r| {
            (
                crate::plan::cell::unescape(&r.staff_id).to_string(),
                crate::plan::cell::unescape(&r.name).to_string(),
            )
        })
        .collect()
}
