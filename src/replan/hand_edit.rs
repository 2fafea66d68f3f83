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

/// CON-4: a consultant placed by hand on a consultation day of a municipality whose
/// team they are not on joins that team (a `team-joined` change), so a swap agreed on
/// the phone never leaves the plan failing CON-4 until `teams.csv` is edited too.
/// Returns the rows added to `plan.teams` (sorted, each once).
pub fn join_teams(plan: &mut Plan) -> Vec<crate::plan::TeamMember> {
    use crate::model::EventKind;
    use crate::plan::TeamMember;
    let consultation: std::collections::BTreeMap<&str, &str> = plan
        .events
        .iter()
        .filter(|e| e.is(EventKind::Consultation))
        .map(|e| (e.event_id.as_str(), e.municipality.as_str()))
        .collect();
    let on_team: std::collections::BTreeSet<(&str, &str)> = plan
        .teams
        .iter()
        .map(|t| (t.municipality.as_str(), t.staff_id.as_str()))
        .collect();
    let mut joins: Vec<TeamMember> = plan
        .assignments
        .iter()
        .filter(|a| a.role == "consultant")
        .filter_map(|a| {
            let muni = consultation.get(a.event_id.as_str())?;
            (!on_team.contains(&(*muni, a.staff_id.as_str()))).then(|| TeamMember {
                municipality: muni.to_string(),
                staff_id: a.staff_id.clone(),
            })
        })
        .collect();
    joins.sort();
    joins.dedup();
    plan.teams.extend(joins.iter().cloned());
    plan.teams.sort();
    joins
}

/// A hand edit (a swap on the phone, an edited file) as a re-plan's result: `after` is
/// the plan as edited (teams already joined), `reason` the words the letters give as
/// the cause. Nothing is solved: the changes, notices and figures are those of the
/// edit against `before` over the whole year, so the folder written from it shows the
/// edit everywhere (workbook, HTML, calendars, letters) as a re-plan's folder does.
pub fn hand_replan(
    model: &crate::model::Model,
    before: &Plan,
    mut after: Plan,
    reason: &str,
) -> super::Replan {
    after.normalise();
    let (changes, changed_assignments) = diff(before, &after, all_days());
    let notices = super::notices(model, before, &after, &changes);
    let as_of = first_day(&changes).unwrap_or(model.period.from);
    let mut figures = super::figures(model, before, &after, &changes, as_of);
    figures.people_to_notify = super::folder::people_told(&notices);
    // Who the edit affects (days, teams, travel), as a re-plan reports it.
    let affected = crate::plan::affected::consequences(before, &after, model);
    let held: std::collections::BTreeSet<&str> =
        after.events.iter().map(|e| e.event_id.as_str()).collect();
    let gone = before
        .events
        .iter()
        .filter(|e| !held.contains(e.event_id.as_str()))
        .cloned()
        .collect();
    super::Replan {
        scenario: reason.to_string(),
        // The letters give the edit itself as the reason (a swap agreed on the phone).
        public_reason: Some(reason.to_string()),
        gone,
        model: model.clone(),
        plan: after,
        changes,
        notices,
        changed_assignments,
        forced_assignments: 0,
        announced_changes: 0,
        figures,
        pins_kept: 0,
        pins_broken: Vec::new(),
        affected,
    }
}

/// The first date a list of changes concerns (team rows have none).
pub fn first_day(changes: &[ChangeRow]) -> Option<NaiveDate> {
    changes.iter().filter_map(|c| parse_day(&c.date)).min()
}

/// The header of the assignments a hand-edit link of `history.json` records as its
/// `text`: the decisions a later re-plan keeps in force (pins).
const PIN_HEADER: &str = "event_id,date,staff_id,role";

/// The text a hand-edit link records: the assignments the edit made, one CSV row each
/// (ids only; an id holds no comma or quote, so no cell needs quoting).
pub fn pins_text(pins: &[Assignment]) -> String {
    let mut s = String::from(PIN_HEADER);
    s.push('\n');
    for a in pins {
        s.push_str(&format!(
            "{},{},{},{}\n",
            a.event_id, a.date, a.staff_id, a.role
        ));
    }
    s
}

/// The decisions recorded by the hand-edit links of a plan folder's history (see
/// [`pins_text`]); a text that does not read is no pins (older folders record none).
pub fn recorded_pins(history: &crate::plan::history::History) -> Vec<Assignment> {
    let mut out = Vec::new();
    for l in history.chain.iter().filter(|l| l.kind == "hand-edit") {
        let mut lines = l.text.lines();
        if lines.next() != Some(PIN_HEADER) {
            continue;
        }
        for line in lines {
            let f: Vec<&str> = line.split(',').collect();
            if let [event_id, date, staff_id, role] = f[..] {
                out.push(Assignment {
                    event_id: event_id.to_string(),
                    date: date.to_string(),
                    staff_id: staff_id.to_string(),
                    role: role.to_string(),
                });
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// A training provider's plan as roster wrote it into `dir` (the rows `roster.json`
/// records), if any (issue 18, part 5: hand edits of this kind).
pub fn written_training_plan(dir: &Path) -> Option<crate::plan::training::TrainingPlan> {
    let bytes = crate::plan::files::read_plan_file(&dir.join(ROSTER_JSON)).ok()?;
    let mut p: crate::plan::training::TrainingPlan = serde_json::from_slice(&bytes).ok()?;
    if p.kind != "training-provider" {
        return None;
    }
    p.normalise();
    Some(p)
}

/// Whether `dir` holds a training provider's plan: its `roster.json` says so, or
/// (without one) it has `courses.csv` and `sessions.csv` and no `events.csv`.
pub fn is_training_dir(dir: &Path) -> bool {
    use crate::plan::training::{COURSES, SESSIONS};
    if let Ok(bytes) = crate::plan::files::read_plan_file(&dir.join(ROSTER_JSON)) {
        if let Ok(v) = serde_json::from_slice::<serde_json::Value>(&bytes) {
            return v.get("kind").and_then(|k| k.as_str()) == Some("training-provider");
        }
    }
    let is = |f: &str| dir.join(f).symlink_metadata().is_ok();
    is(COURSES) && is(SESSIONS) && !is(crate::plan::files::EVENTS)
}

/// The first day of the year for diffs of a training plan over the whole year.
pub fn all_training_days() -> NaiveDate {
    all_days()
}
