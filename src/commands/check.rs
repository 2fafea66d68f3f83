//! `check`: a plan folder's files re-checked against every rule, independently of the
//! solver, with the folder's own chain of re-plans applied to the model.

use std::path::PathBuf;

use super::{load_programme, Observer};
use crate::error::Error;
use crate::model::training::TrainingModel;
use crate::model::{Model, Programme};
use crate::plan::Violation;
use crate::report::Lang;

/// What `check` is asked to do.
#[derive(Debug, Clone)]
pub struct CheckSettings {
    /// The model file (TOML).
    pub model: PathBuf,
    /// The plan folder.
    pub dir: PathBuf,
    /// A scenario applied on top of the folder's chain (folders without history.json).
    pub scenario: Option<PathBuf>,
    /// Language of the text said.
    pub lang: Lang,
}

/// What `check` found.
#[derive(Debug, Clone)]
pub struct Checked {
    /// Every violation, with its rule ID; none means every rule holds.
    pub findings: Vec<Violation>,
    /// Findings that are not violations: PR-1's lead-time exceptions under a soft lead
    /// time (a flyer due before publicity can start, to agree with the prefecture).
    pub warnings: Vec<Violation>,
    /// What to say before the warnings, in the language asked for (empty when none).
    pub warnings_said: String,
    /// What to say when there are none (the plan's size).
    pub ok: String,
}

/// Checks the plan folder against the model (with the folder's chain applied).
pub fn check(s: &CheckSettings, obs: &dyn Observer) -> Result<Checked, Error> {
    match load_programme(&s.model)? {
        (Programme::CareerCentre(m), _) => centre(&m, s, obs),
        (Programme::TrainingProvider(t), _) => training(&t, s),
    }
}

/// A career centre's folder: hand edits since it was written are noted, not refused.
fn centre(m: &Model, s: &CheckSettings, obs: &dyn Observer) -> Result<Checked, Error> {
    // The folder's chain (history.json) is applied without being asked.
    let m = crate::replan::folder::folder_model(m, &s.dir, s.scenario.as_deref())?;
    let plan = crate::plan::files::read_plan_dir(&s.dir)?;
    if let Some(e) = crate::replan::hand_edit::hand_edits(&s.dir, &plan) {
        obs.note(&match s.lang {
            Lang::En => format!(
                "note: {} edited by hand since written ({} change(s); `roster diff` lists them)",
                e.files.join(", "),
                e.changes.len()
            ),
            Lang::Ja => format!(
                "注意: {} は書き出し後に手で編集されています（変更 {} 件。`roster diff` で一覧できます）",
                e.files.join("、"),
                e.changes.len()
            ),
        });
    }
    // The checker's findings in the reader's language (issue 19).
    let mut findings = crate::check::check(&m, &plan);
    crate::report::labels::render_violations(&mut findings, s.lang);
    let mut warnings = crate::check::lead_time_exceptions(&m, &plan);
    crate::report::labels::render_violations(&mut warnings, s.lang);
    let warnings_said = lead_time_said(&m, &plan, &warnings, s.lang);
    let (events, assignments, team) = (plan.events.len(), plan.assignments.len(), plan.teams.len());
    let ok = match s.lang {
        Lang::En => format!(
            "ok: {events} events, {assignments} assignments, {team} team members; every rule holds\n"
        ),
        Lang::Ja => format!(
            "ok: イベント {events} 件、担当 {assignments} 件、チーム {team} 人。すべてのルールを満たしています\n"
        ),
    };
    Ok(Checked {
        findings,
        warnings,
        warnings_said,
        ok,
    })
}

/// The heading of PR-1's lead-time exceptions, one line per exception after it: what
/// they are and that they do not make the plan fail.
fn lead_time_said(
    m: &Model,
    plan: &crate::plan::Plan,
    warnings: &[Violation],
    lang: Lang,
) -> String {
    if warnings.is_empty() {
        return String::new();
    }
    let from = m.publicity.from;
    let n = warnings.len();
    match lang {
        Lang::En => {
            let mut out = format!(
                "warning: {n} PR-1 exception(s): due before publicity can start on {from}; agree them with the prefecture (not violations)\n"
            );
            for w in warnings {
                out.push_str(&format!("warning: {w}\n"));
            }
            out
        }
        Lang::Ja => {
            // The same items, in the words of deadlines.csv (each names its event, date
            // and the exception): one line each, by due date.
            let mut out = format!(
                "注意: 広報開始日 {from} より前に期限が来る PR-1 の例外 {n} 件（県と協議してください。違反ではありません）\n"
            );
            let names = crate::report::names::Names::new(m, lang);
            for d in crate::plan::deadlines::deadlines(m, plan)
                .iter()
                .filter(|d| d.before_publicity(m))
            {
                out.push_str(&format!(
                    "注意: PR-1 {}締切 {}\n",
                    lang.date(d.due),
                    crate::report::deadlines::what(m, &names, d)
                ));
            }
            out
        }
    }
}

/// A training provider's folder (TRN-*).
fn training(t: &TrainingModel, s: &CheckSettings) -> Result<Checked, Error> {
    // The folder's chain (history.json) first, as for the centre.
    let (t, _) = super::replan::training_chain(t, &s.dir)?;
    let t = match &s.scenario {
        Some(f) => {
            let text = crate::input::read_text(f)?;
            let sc = crate::scenario::training::parse_training_scenario(f, &text, &t, None)?;
            crate::scenario::training::apply_training(&t, &sc)
        }
        None => t,
    };
    let plan = crate::plan::training::read_training_dir(&s.dir)?;
    let mut findings = crate::check::training::check(&t, &plan);
    crate::report::labels::render_violations(&mut findings, s.lang);
    // Issue 18: a finding the folder's violations.csv already reports (same rule, date,
    // event and person: a rule the re-plan could not keep) is shown with the folder's
    // message, written in the reader's language with its likely cause.
    for f in &mut findings {
        let reported = plan.violations.iter().find(|v| {
            (v.rule, &v.date, &v.event_id, &v.staff_id)
                == (f.rule, &f.date, &f.event_id, &f.staff_id)
        });
        if let Some(v) = reported.filter(|v| !v.message.is_empty()) {
            f.message = v.message.clone();
            f.cause = None;
        }
    }
    Ok(Checked {
        findings,
        warnings: Vec::new(),
        warnings_said: String::new(),
        ok: crate::report::training::check_ok(&plan, s.lang),
    })
}
