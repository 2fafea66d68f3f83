//! Hand edits are decisions: a plan folder whose CSV files differ from the digests
//! recorded when they were written (`history.json`) was edited by hand. What changed is
//! the difference between the rows `roster.json` recorded and the files as they are
//! now; a re-plan keeps the edited assignments (pinned) unless a rule forces a change.

use std::path::Path;

use chrono::NaiveDate;

use super::{diff, ChangeRow};
use crate::plan::files::ROSTER_JSON;
use crate::plan::history::{edited_files, read_history};
use crate::plan::{parse_day, Assignment, Plan};

/// The hand edits of a plan folder.
#[derive(Debug, Clone, Default)]
pub struct HandEdits {
    /// The plan files whose bytes differ from their recorded digests.
    pub files: Vec<&'static str>,
    /// What changed, as `changes.csv` rows (from the plan as written to the files now).
    pub changes: Vec<ChangeRow>,
    /// Assignments in the files that the written plan did not have: the decisions.
    pub pinned: Vec<Assignment>,
    /// The first date a change concerns.
    pub first_date: Option<NaiveDate>,
}

/// The plan as roster wrote it into `dir` (the rows `roster.json` records), if any.
pub fn written_plan(dir: &Path) -> Option<Plan> {
    let bytes = crate::plan::files::read_plan_file(&dir.join(ROSTER_JSON)).ok()?;
    let mut p: Plan = serde_json::from_slice(&bytes).ok()?;
    p.normalise();
    Some(p)
}

/// The first day of the plan's year (or of all time), for diffs over the whole year.
fn all_days() -> NaiveDate {
    NaiveDate::MIN
}

/// Changes from `before` to `after` over the whole year, and the assignments `after`
/// has that `before` did not.
pub fn edits_between(before: &Plan, after: &Plan) -> (Vec<ChangeRow>, Vec<Assignment>) {
    let (changes, _) = diff(before, after, all_days());
    let key = |a: &Assignment| (a.event_id.clone(), a.staff_id.clone(), a.role.clone());
    let had: std::collections::BTreeSet<_> = before.assignments.iter().map(key).collect();
    let pinned = after
        .assignments
        .iter()
        .filter(|a| !had.contains(&key(a)))
        .cloned()
        .collect();
    (changes, pinned)
}

/// The hand edits of the folder `dir` whose files were read as `current`; `None` when
/// the folder records no digests (written before `history.json`) or nothing differs.
/// A file re-saved by a spreadsheet with the same rows is "edited" by its bytes but
/// has no changes.
pub fn hand_edits(dir: &Path, current: &Plan) -> Option<HandEdits> {
    let history = read_history(dir).ok()??;
    let files = edited_files(dir, &history);
    if files.is_empty() {
        return None;
    }
    let written = written_plan(dir)?;
    let (changes, pinned) = edits_between(&written, current);
    let first_date = changes.iter().filter_map(|c| parse_day(&c.date)).min();
    Some(HandEdits {
        files,
        changes,
        pinned,
        first_date,
    })
}
