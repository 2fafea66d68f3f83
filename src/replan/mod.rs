//! Re-planning: apply a scenario to the model, pin what a baseline plan made history
//! or announced, and re-solve for the plan with the fewest changes.
//!
//! History (before `as_of`) is frozen: its events and assignments are copied from the
//! baseline byte for byte. Announced events (PR-1: consultation days in the leaflet
//! already out, seminars and series whose flyer is out, 2 months ahead) keep their
//! date and time; only their staff may change, unless the scenario removes their venue
//! or day. Everything else may move, but each change costs, so a plain absence moves
//! no event and replaces only the assignments it makes impossible.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;

use crate::milp::{self, Fixings, SolveError, SolveOptions};
use crate::model::{EventKind, Model, SeminarType};
use crate::plan::{parse_day, Assignment, Event, FindingCounts, Plan, Violation};
use crate::scenario::{self, Scenario};

pub mod deadlines;
pub mod folder;
pub mod hand_edit;
pub mod training;

/// Cost of one change against the baseline, in objective units: far above any travel
/// or fairness gain a single swap could bring, far below a rule's slack.
pub const CHANGE_WEIGHT: f64 = 1_000.0;

/// One row of `changes.csv`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct ChangeRow {
    /// Event id (empty for team changes).
    pub event_id: String,
    /// Date of the event (after the change, if it moved).
    pub date: String,
    /// Event kind, or `team`.
    pub kind: String,
    /// Municipality.
    pub municipality: String,
    /// Venue (after the change).
    pub venue: String,
    /// event-added, event-removed, event-moved, venue-changed, staff-replaced,
    /// staff-added, staff-removed, team-joined, team-left.
    pub change: String,
    /// Before.
    pub before: String,
    /// After.
    pub after: String,
}

/// The `kind` of a change row about a municipality's team (no event is changed).
pub const TEAM_KIND: &str = "team";

impl ChangeRow {
    /// Whether the row is about an event of kind `k` (never so for a team row).
    pub fn is(&self, k: EventKind) -> bool {
        EventKind::parse(&self.kind) == Some(k)
    }

    /// Whether the row is about a municipality's team ([`TEAM_KIND`]).
    pub fn is_team(&self) -> bool {
        self.kind == TEAM_KIND
    }
}

/// A row of a re-plan's `changes.csv`, of either programme ([`ChangeRow`] for the
/// centre, [`training::TrainingChangeRow`] for a provider): what the shared re-plan
/// machinery (the file's order, the counts in `history.json` and the summaries) reads
/// of it.
pub trait ChangeRecord {
    /// Its place in `changes.csv`: by date, event id, change, before, after.
    fn order(&self) -> (&str, &str, &str, &str, &str);
    /// The change's id (`staff-added`, `event-moved`, `course-moved`, ...).
    fn change(&self) -> &str {
        self.order().2
    }
}

/// [`ChangeRecord`] for a row type with the fields both programmes' rows share
/// (`date`, `event_id`, `change`, `before`, `after`).
macro_rules! change_record {
    ($row:ty) => {
        impl $crate::replan::ChangeRecord for $row {
            fn order(&self) -> (&str, &str, &str, &str, &str) {
                (
                    &self.date,
                    &self.event_id,
                    &self.change,
                    &self.before,
                    &self.after,
                )
            }
        }
    };
}
pub(crate) use change_record;

change_record!(ChangeRow);

/// Puts change rows in the fixed order of `changes.csv` ([`ChangeRecord::order`]), so a
/// re-plan's files are repeatable byte for byte.
pub fn sort_changes<R: ChangeRecord>(rows: &mut [R]) {
    rows.sort_by(|a, b| a.order().cmp(&b.order()));
}

/// How many change rows there are of each change id (a history link's `changes`).
pub fn count_changes<R: ChangeRecord>(rows: &[R]) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for c in rows {
        *m.entry(c.change().to_string()).or_default() += 1;
    }
    m
}

/// What a re-plan of either programme tells the plan folder's history: its scenario,
/// its change rows and who must be told ([`folder::scenario_link`]).
pub trait Outcome {
    /// The programme's change row.
    type Change: ChangeRecord;
    /// The scenario's name.
    fn scenario(&self) -> &str;
    /// What changed.
    fn changes(&self) -> &[Self::Change];
    /// Who must be told.
    fn notices(&self) -> &[Notice];
}

impl Outcome for Replan {
    type Change = ChangeRow;
    fn scenario(&self) -> &str {
        &self.scenario
    }
    fn changes(&self) -> &[ChangeRow] {
        &self.changes
    }
    fn notices(&self) -> &[Notice] {
        &self.notices
    }
}

/// One row of `notices.csv`: who must be told what.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Notice {
    /// Staff id.
    pub staff_id: String,
    /// Name.
    pub name: String,
    /// Date concerned.
    pub date: String,
    /// Event id.
    pub event_id: String,
    /// What to tell them.
    pub notice: String,
    /// Which part of a letter the notice belongs in (not a CSV column).
    #[serde(skip)]
    pub section: NoticeSection,
    /// The role concerned, if any (not a CSV column).
    #[serde(skip)]
    pub role: String,
    /// The person this one steps in for, if any (not a CSV column).
    #[serde(skip)]
    pub replaces: String,
    /// Where and when the event was before (`<date> <start>-<end> <venue>/<room>`),
    /// for moved, changed and removed events (not a CSV column).
    #[serde(skip)]
    pub before: String,
}

/// Which part of a person's letter a notice belongs in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum NoticeSection {
    /// A day they now work (new, or stepping in).
    #[default]
    Now,
    /// A day they no longer work (taken off, or the event is cancelled).
    NoLonger,
    /// A day they still work whose date, time or place changed.
    Changed,
    /// They join a team.
    TeamJoined,
    /// They leave a team.
    TeamLeft,
}

/// Cost of one public event (consultation day, seminar, series event) cancelled by a
/// scenario, in the what-if objective: more than any move that keeps the event
/// (a move costs at most two changes, `2 × CHANGE_WEIGHT`, and the extra travel of one
/// day), so a cancel scenario never looks better than the matching move.
pub const CANCEL_WEIGHT: f64 = 5_000.0;

/// Figures a manager reads about a re-plan (or about the baseline itself).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Figures {
    /// Consultation days held in the plan (the whole year).
    pub consultation_held: usize,
    /// Consultation days from `as_of` on held at another venue or on another date.
    pub consultation_moved: usize,
    /// Consultation days from `as_of` on that are gone without a replacement day.
    pub consultation_cancelled: usize,
    /// Seminars and series events moved (another date, venue or room).
    pub events_moved: usize,
    /// Seminars and series events gone without a replacement.
    pub events_cancelled: usize,
    /// Event changes inside a leaflet or flyer already out (PR-1).
    pub announced_changed: usize,
    /// Distinct people in `notices.csv`.
    pub people_to_notify: usize,
    /// (person, day) pairs worked in one plan and not in the other.
    pub staff_days_changed: usize,
    /// Kilometres travelled in the year (home to venue and back, per day worked).
    pub travel_km: f64,
    /// `CANCEL_WEIGHT` × public events cancelled.
    pub cancellation_cost: f64,
}

/// A re-plan's result.
#[derive(Debug, Clone)]
pub struct Replan {
    /// The scenario's name (the terminal and history.json only).
    pub scenario: String,
    /// The reason letters give (the scenario's `public_reason`; `None`: the language's
    /// neutral default).
    pub public_reason: Option<String>,
    /// The baseline's events the new plan no longer holds, as they were: a cancelled
    /// day's letter names its event and town from these.
    pub gone: Vec<Event>,
    /// The model with the scenario applied.
    pub model: Model,
    /// The new plan.
    pub plan: Plan,
    /// What changed.
    pub changes: Vec<ChangeRow>,
    /// Who must be told.
    pub notices: Vec<Notice>,
    /// Assignment slots whose people changed.
    pub changed_assignments: usize,
    /// Baseline assignments the scenario makes impossible (people away from `as_of` on).
    pub forced_assignments: usize,
    /// Event changes (added, removed, moved, venue) dated within an announcement
    /// already out (PR-1): the public must be told.
    pub announced_changes: usize,
    /// What a manager reads in the what-if comparison.
    pub figures: Figures,
    /// Hand-made assignments of the baseline (pins) kept.
    pub pins_kept: usize,
    /// Hand-made assignments from `as_of` on that the re-plan had to change, with why.
    pub pins_broken: Vec<(Assignment, String)>,
    /// Who the re-plan affects against the baseline, person by person.
    pub affected: crate::plan::affected::Consequences,
}

/// The last day whose events are announced for event kinds other than consultations:
/// flyers are out 2 months ahead (PR-1).
pub fn flyer_horizon(as_of: NaiveDate) -> NaiveDate {
    as_of.checked_add_months(Months::new(2)).unwrap_or(as_of)
}

/// The last day of consultation days in a leaflet already out: the month after
/// `as_of`'s month, included (PR-1). Consultation days follow the model's patterns,
/// so the solver never moves them; a scenario that changes one inside this window is
/// reported as an announced change.
pub fn leaflet_horizon(as_of: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(as_of.year(), as_of.month(), 1)
        .and_then(|d| d.checked_add_months(Months::new(2)))
        .and_then(|d| d.pred_opt())
        .unwrap_or(as_of)
}

/// Re-plans `baseline` (made from `model`) under `scenario`.
pub fn replan(
    model: &Model,
    model_text: &str,
    baseline: &Plan,
    scenario: &Scenario,
    opts: &SolveOptions,
) -> Result<Replan, SolveError> {
    replan_chain(
        model,
        model_text,
        baseline,
        std::slice::from_ref(scenario),
        opts,
    )
}

/// Re-plans `baseline` under a chain of scenarios: those the baseline already carries
/// (its `history.json`), then the new one, last. Every earlier change stays in force
/// unless a later `[[undo]]` takes it back ([`scenario::chain`]).
pub fn replan_chain(
    model: &Model,
    model_text: &str,
    baseline: &Plan,
    chain: &[Scenario],
    opts: &SolveOptions,
) -> Result<Replan, SolveError> {
    replan_pinned(model, model_text, baseline, chain, &[], opts)
}

/// Extra reward for keeping a hand-made assignment (a pin), on top of the change cost
/// any baseline assignment saves: only a rule's slack outweighs it.
pub const PIN_WEIGHT: f64 = 10.0 * CHANGE_WEIGHT;

/// As [`replan_chain`], keeping `pinned` (hand-made decisions of the baseline) unless a
/// rule forces a change; those not kept are listed in [`Replan::pins_broken`].
pub fn replan_pinned(
    model: &Model,
    model_text: &str,
    baseline: &Plan,
    chain: &[Scenario],
    pinned: &[Assignment],
    opts: &SolveOptions,
) -> Result<Replan, SolveError> {
    let Some(scenario) = chain.last() else {
        return Err(SolveError::Solver("a re-plan needs a scenario".into()));
    };
    let m2 = scenario::chain::apply_all(model, chain);
    let as_of = scenario.as_of;
    let demand = crate::demand::expand(&m2);
    let mut fix = fixings(&m2, baseline, as_of);
    employed_by_the_baseline(model, chain, &m2, &mut fix.baseline_days);
    fix.pin_weight = PIN_WEIGHT;
    for a in pinned {
        if let Some(p) = m2.staff_index(&a.staff_id) {
            fix.pinned.insert((a.event_id.clone(), p));
        }
    }
    let mut plan = milp::solve(&m2, &demand, opts, &fix)?;

    // History is copied from the baseline, so nothing dated before as_of can differ.
    let past = |s: &str| parse_day(s).is_some_and(|d| d < as_of);
    plan.events.retain(|e| !past(&e.date));
    plan.events
        .extend(baseline.events.iter().filter(|e| past(&e.date)).cloned());
    plan.assignments.retain(|a| !past(&a.date));
    plan.assignments.extend(
        baseline
            .assignments
            .iter()
            .filter(|a| past(&a.date))
            .cloned(),
    );
    plan.violations.retain(|v| !past(&v.date));
    crate::finish(&m2, model_text, &mut plan);
    keep_the_replans_own_past_findings(
        &mut plan.violations,
        || crate::check::check(&m2, baseline),
        past,
    );

    let (mut changes, changed_assignments) = diff(baseline, &plan, as_of);
    mark_cuts(&m2, baseline, &plan, as_of, &mut changes);
    let notices = notices(&m2, baseline, &plan, &changes);
    let forced_assignments = forced(&m2, baseline, as_of);
    let announced_changes = changes
        .iter()
        .filter(|c| c.change.starts_with("event-") || c.change == "venue-changed")
        .filter(|c| {
            let limit = if c.is(EventKind::Consultation) {
                leaflet_horizon(as_of)
            } else {
                flyer_horizon(as_of)
            };
            let before_date = c.before.split(' ').next().and_then(parse_day);
            let after_date = parse_day(&c.date);
            before_date.or(after_date).is_some_and(|d| d <= limit)
        })
        .count();
    let pins_broken = broken_pins(&m2, &plan, pinned, as_of);
    let mut figures = figures(&m2, baseline, &plan, &changes, as_of);
    figures.announced_changed = announced_changes;
    figures.people_to_notify = folder::people_told(&notices);
    // The deadlines the moved events take with them (PR-1 flyers, SEM-7 childcare).
    changes.extend(deadlines::changes(&m2, baseline, &plan, as_of));
    sort_changes(&mut changes);
    let affected = crate::plan::affected::consequences(baseline, &plan, &m2);
    let held: BTreeSet<&str> = plan.events.iter().map(|e| e.event_id.as_str()).collect();
    let gone = baseline
        .events
        .iter()
        .filter(|e| !held.contains(e.event_id.as_str()))
        .cloned()
        .collect();
    Ok(Replan {
        scenario: scenario.name.clone(),
        public_reason: scenario.public_reason.clone(),
        gone,
        model: m2,
        plan,
        changes,
        notices,
        changed_assignments,
        forced_assignments,
        announced_changes,
        figures,
        pins_kept: pinned.len() - pins_broken.len(),
        pins_broken,
        affected,
    })
}

/// Re-plans every scenario against the same baseline, in parallel (rayon: one
/// scenario per core), results in the order given.
pub fn whatif(
    model: &Model,
    model_text: &str,
    baseline: &Plan,
    scenarios: &[Scenario],
    opts: &SolveOptions,
) -> Vec<Result<Replan, SolveError>> {
    whatif_chain(model, model_text, baseline, &[], scenarios, opts)
}

/// As [`whatif`], each scenario laid over the chain the baseline carries.
pub fn whatif_chain(
    model: &Model,
    model_text: &str,
    baseline: &Plan,
    chain: &[Scenario],
    scenarios: &[Scenario],
    opts: &SolveOptions,
) -> Vec<Result<Replan, SolveError>> {
    use rayon::prelude::*;
    let rows = baseline.events.len() + baseline.assignments.len();
    let shares = Shares::new(opts, scenarios.len(), rows);
    scenarios
        .par_iter()
        .map(|s| {
            let mut all = chain.to_vec();
            all.push(s.clone());
            replan_chain(model, model_text, baseline, &all, &shares.next())
        })
        .collect()
}

/// One deadline shared by every scenario of a what-if (`--time-limit` covers the
/// whole command): each scenario, as it starts, gets an even share of the time left
/// among the scenarios not yet started, solved `workers` at a time (rayon's threads),
/// with the time to check and render every later scenario's plan kept back.
/// Regression: 24 scenarios under `--time-limit 10` took 18.7 s when each was given
/// the whole limit.
pub struct Shares {
    opts: SolveOptions,
    deadline: milp::Deadline,
    left: std::sync::Mutex<usize>,
    workers: usize,
    rows: usize,
}

impl Shares {
    /// Shares of `opts`'s deadline for `count` scenarios, each plan about `rows` rows
    /// (events and assignments) to check and render.
    pub fn new(opts: &SolveOptions, count: usize, rows: usize) -> Self {
        Shares {
            opts: opts.clone(),
            deadline: opts.deadline(),
            left: std::sync::Mutex::new(count),
            workers: rayon::current_num_threads().max(1),
            rows,
        }
    }

    /// The options for the next scenario to start: its share of the deadline.
    pub fn next(&self) -> SolveOptions {
        let later = {
            let mut left = self
                .left
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let n = (*left).max(1);
            *left = left.saturating_sub(1);
            n
        };
        let remaining = self.deadline.remaining();
        // Rendering every plan still to come happens after all the solves.
        let keep = milp::finish_reserve(self.rows * (later - 1), remaining);
        let waves = later.div_ceil(self.workers).max(1);
        let share = (remaining - keep).max(0.0) / waves as f64;
        SolveOptions {
            deadline: Some(milp::Deadline::after(share)),
            ..self.opts.clone()
        }
    }
}

/// Pinned assignments dated from `as_of` on that the new plan does not have, with the
/// reason: the person can no longer work that day, the event is gone, or a rule.
fn broken_pins(
    m: &Model,
    plan: &Plan,
    pinned: &[Assignment],
    as_of: NaiveDate,
) -> Vec<(Assignment, String)> {
    let have: BTreeSet<(&str, &str)> = plan
        .assignments
        .iter()
        .map(|a| (a.event_id.as_str(), a.staff_id.as_str()))
        .collect();
    let events: BTreeSet<&str> = plan.events.iter().map(|e| e.event_id.as_str()).collect();
    pinned
        .iter()
        .filter(|a| parse_day(&a.date).is_some_and(|d| d >= as_of))
        .filter(|a| !have.contains(&(a.event_id.as_str(), a.staff_id.as_str())))
        .map(|a| {
            let day = parse_day(&a.date);
            let why = if !events.contains(a.event_id.as_str()) {
                format!("{} is no longer held", a.event_id)
            } else if m
                .staff_index(&a.staff_id)
                .zip(day)
                .is_none_or(|(p, d)| !m.staff[p].available(d))
            {
                format!("{} cannot work on {} any more", a.staff_id, a.date)
            } else {
                "a rule forces it (with the scenario the edit breaks a rule)".to_string()
            };
            (a.clone(), why)
        })
        .collect()
}

/// The figures of a plan on its own (the baseline row: nothing moved or cancelled).
pub fn plan_figures(m: &Model, p: &Plan) -> Figures {
    Figures {
        consultation_held: p
            .events
            .iter()
            .filter(|e| e.is(EventKind::Consultation))
            .count(),
        travel_km: travel_km(m, p),
        ..Figures::default()
    }
}

/// Kilometres of a plan: the travel term over its weight per km.
fn travel_km(m: &Model, p: &Plan) -> f64 {
    if m.objective.travel_per_km > 0.0 {
        p.objective.travel / m.objective.travel_per_km
    } else {
        0.0
    }
}

/// Figures of a re-plan against its baseline, from the change rows.
pub fn figures(
    m: &Model,
    baseline: &Plan,
    after: &Plan,
    changes: &[ChangeRow],
    as_of: NaiveDate,
) -> Figures {
    let mut f = plan_figures(m, after);
    // Per municipality, a consultation day removed and one added are a day moved to
    // another date (a pattern change); removals beyond the additions are cancelled.
    let mut per_muni: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    // Events cut by a count decision are removed without a replacement, but on
    // purpose: counted with the cancelled events, not in their cost.
    let mut cut = 0;
    for c in changes {
        let consultation = c.is(EventKind::Consultation);
        let public_event = !consultation && !c.is(EventKind::Office) && !c.is_team();
        match c.change.as_str() {
            "venue-changed" | "event-moved" if consultation => f.consultation_moved += 1,
            "venue-changed" | "event-moved" if public_event => f.events_moved += 1,
            "event-removed" if consultation => per_muni.entry(&c.municipality).or_default().0 += 1,
            "event-added" if consultation => per_muni.entry(&c.municipality).or_default().1 += 1,
            "event-removed" if public_event => f.events_cancelled += 1,
            "event-cut" => cut += 1,
            _ => {}
        }
    }
    for (removed, added) in per_muni.values() {
        f.consultation_moved += removed.min(added);
        f.consultation_cancelled += removed.saturating_sub(*added);
    }
    f.cancellation_cost = CANCEL_WEIGHT * (f.consultation_cancelled + f.events_cancelled) as f64;
    f.events_cancelled += cut;
    let days = |p: &Plan| -> BTreeSet<(String, String)> {
        p.assignments
            .iter()
            .filter(|a| parse_day(&a.date).is_none_or(|d| d >= as_of))
            .map(|a| (a.staff_id.clone(), a.date.clone()))
            .collect()
    };
    let (b, a) = (days(baseline), days(after));
    f.staff_days_changed = b.symmetric_difference(&a).count();
    f
}

/// Baseline assignments on or after `as_of` whose person can no longer work that day.
fn forced(m: &Model, baseline: &Plan, as_of: NaiveDate) -> usize {
    baseline
        .assignments
        .iter()
        .filter(|a| {
            let Some(d) = parse_day(&a.date) else {
                return false;
            };
            d >= as_of
                && m.staff_index(&a.staff_id)
                    .is_none_or(|p| !m.staff[p].available(d))
        })
        .count()
}

/// The past is the baseline's: what the check finds on a past day of the baseline
/// (`baseline_found`, hand edits included) stays the baseline's and is left out of the
/// re-plan's violations, but a finding on a past day the baseline does not have is the
/// re-plan's own doing (a year-wide choice such as a team, CON-4) and stays, as
/// `roster check` of the new folder reports it. The baseline is checked only when a
/// past finding needs it.
fn keep_the_replans_own_past_findings(
    violations: &mut Vec<Violation>,
    baseline_found: impl FnOnce() -> Vec<Violation>,
    past: impl Fn(&str) -> bool,
) {
    if !violations.iter().any(|v| past(&v.date)) {
        return;
    }
    // Counted: one key may hold several findings, and one the baseline has is not two.
    let found = baseline_found();
    let mut had = FindingCounts::of(found.iter().filter(|v| past(&v.date)));
    violations.retain(|v| !past(&v.date) || !had.take(v));
}

/// Everyone the baseline's own model had (`model` under every scenario of `chain` but
/// the last) was employed by the baseline, with the days it gave them: none for someone
/// it left without work. Only the people the last scenario adds are new hires, whom the
/// re-plan brings up to their floor (`[objective]` `far_below_contract`). Counting the
/// idle as new hires made a sick call's re-plan of a time-limited baseline of 6
/// neighbouring copies move 760 assignments to them, and keep a FAIR-1 finding.
fn employed_by_the_baseline(
    model: &Model,
    chain: &[Scenario],
    m2: &Model,
    days: &mut HashMap<usize, usize>,
) {
    let before = scenario::chain::apply_all(model, &chain[..chain.len().saturating_sub(1)]);
    for (p, s) in m2.staff.iter().enumerate() {
        if before.staff_index(&s.id).is_some() {
            days.entry(p).or_insert(0);
        }
    }
}

/// What the baseline pins, prefers and freezes.
fn fixings(m: &Model, baseline: &Plan, as_of: NaiveDate) -> Fixings {
    let horizon = flyer_horizon(as_of);
    let mut fix = Fixings {
        frozen_before: Some(as_of),
        change_weight: CHANGE_WEIGHT,
        near_term_days: 28,
        ..Fixings::default()
    };
    let series_of = |id: &str| -> Option<usize> {
        m.event_series.iter().position(|s| {
            id.strip_prefix(&s.id)
                .and_then(|rest| rest.strip_prefix('-'))
                .is_some_and(|rest| rest.len() == 8 && rest.bytes().all(|b| b.is_ascii_digit()))
        })
    };
    for e in &baseline.events {
        let Some(d) = parse_day(&e.date) else {
            continue;
        };
        let pinned = d <= horizon;
        if e.is(EventKind::Seminar) {
            let q = m
                .municipality_index(&e.municipality)
                .and_then(|mi| m.seminar_quotas.iter().position(|q| q.municipality == mi));
            if let (Some(q), Some(t)) = (q, SeminarType::parse(&e.seminar_type)) {
                fix.preferred_seminars.insert((q, t, d));
                if pinned {
                    fix.seminars.push((q, t, d));
                }
            }
        } else if let Some(s) = series_of(&e.event_id) {
            let room = m.venue_index(&e.venue).and_then(|v| {
                m.venues[v]
                    .rooms
                    .iter()
                    .position(|r| r.id == e.room)
                    .map(|r| (v, r))
            });
            if let Some((v, r)) = room {
                fix.preferred_series.insert((s, d, v, r));
            }
            if pinned {
                fix.series.push((s, d, room));
            }
        }
    }
    for e in &baseline.events {
        if matches!(e.kind(), Some(EventKind::Consultation | EventKind::Office)) {
            continue;
        }
        fix.details.insert(
            e.event_id.clone(),
            crate::milp::EventDetails {
                kind: e.kind.clone(),
                seminar_type: e.seminar_type.clone(),
                theme: e.theme.clone(),
                mode: e.mode.clone(),
                capacity: e.capacity,
            },
        );
        if let Some(t) = SeminarType::parse(&e.seminar_type) {
            if m.seminars.themes[t.index()].rotate_monthly {
                let month = e.date.get(..7).unwrap_or("").to_string();
                fix.month_themes
                    .insert((e.seminar_type.clone(), month), e.theme.clone());
            }
        }
    }
    let mut dates: HashSet<(usize, &str)> = HashSet::new();
    for a in &baseline.assignments {
        if let Some(p) = m.staff_index(&a.staff_id) {
            fix.baseline.insert((a.event_id.clone(), p));
            fix.baseline_roles
                .insert((a.event_id.clone(), p, a.role.clone()));
            if dates.insert((p, a.date.as_str())) {
                *fix.baseline_days.entry(p).or_default() += 1;
            }
        }
    }
    for t in &baseline.teams {
        if let (Some(mi), Some(p)) = (
            m.municipality_index(&t.municipality),
            m.staff_index(&t.staff_id),
        ) {
            fix.baseline_teams.insert((mi, p));
        }
    }
    fix
}

fn where_(e: &Event) -> String {
    format!("{} {}-{} {}/{}", e.date, e.start, e.end, e.venue, e.room)
}

/// A plan's events dated on or after `as_of` (and undated rows), by id.
fn events_from(p: &Plan, as_of: NaiveDate) -> BTreeMap<&str, &Event> {
    p.events
        .iter()
        .filter(|e| parse_day(&e.date).is_none_or(|d| d >= as_of))
        .map(|e| (e.event_id.as_str(), e))
        .collect()
}

/// Changes from `before` to `after`, and the number of assignment slots changed.
pub fn diff(before: &Plan, after: &Plan, as_of: NaiveDate) -> (Vec<ChangeRow>, usize) {
    let current = |s: &str| parse_day(s).is_none_or(|d| d >= as_of);
    let (old, new) = (events_from(before, as_of), events_from(after, as_of));
    let mut rows = Vec::new();
    let row = |e: &Event, change: &str, b: String, a: String| ChangeRow {
        event_id: e.event_id.clone(),
        date: e.date.clone(),
        kind: e.kind.clone(),
        municipality: e.municipality.clone(),
        venue: e.venue.clone(),
        change: change.into(),
        before: b,
        after: a,
    };
    // Events gone and events new; a pair of the same kind, place and type is a move.
    let mut removed: Vec<&Event> = old
        .iter()
        .filter(|(k, _)| !new.contains_key(*k))
        .map(|(_, e)| *e)
        .collect();
    let mut added: Vec<&Event> = new
        .iter()
        .filter(|(k, _)| !old.contains_key(*k))
        .map(|(_, e)| *e)
        .collect();
    let mut moved = Vec::new();
    removed.retain(|r| {
        let twin = added.iter().position(|a| {
            a.kind == r.kind
                && !matches!(a.kind(), Some(EventKind::Consultation | EventKind::Office))
                && a.municipality == r.municipality
                && a.seminar_type == r.seminar_type
        });
        match twin {
            Some(i) => {
                moved.push((*r, added.remove(i)));
                false
            }
            None => true,
        }
    });
    for (r, a) in &moved {
        rows.push(row(a, "event-moved", where_(r), where_(a)));
    }
    for r in &removed {
        rows.push(row(r, "event-removed", where_(r), String::new()));
    }
    for a in &added {
        rows.push(row(a, "event-added", String::new(), where_(a)));
    }
    for (k, o) in &old {
        if let Some(n) = new.get(k) {
            if o.venue != n.venue || o.room != n.room || o.start != n.start || o.end != n.end {
                rows.push(row(n, "venue-changed", where_(o), where_(n)));
            }
            let details = |e: &Event| {
                let cap = e.capacity.map(|c| c.to_string()).unwrap_or_default();
                format!("{} {} {} {}", e.seminar_type, e.theme, e.mode, cap)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            if details(o) != details(n) {
                rows.push(row(n, "details-changed", details(o), details(n)));
            }
        }
    }

    // Assignments per (event, role) slot.
    let slots = |p: &'_ Plan| -> BTreeMap<(String, String), BTreeSet<String>> {
        let mut s: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
        for a in p.assignments.iter().filter(|a| current(&a.date)) {
            s.entry((a.event_id.clone(), a.role.clone()))
                .or_default()
                .insert(a.staff_id.clone());
        }
        s
    };
    let (so, sn) = (slots(before), slots(after));
    let events_after: HashMap<&str, &Event> = after
        .events
        .iter()
        .map(|e| (e.event_id.as_str(), e))
        .collect();
    let events_before: HashMap<&str, &Event> = before
        .events
        .iter()
        .map(|e| (e.event_id.as_str(), e))
        .collect();
    let moved_ids: BTreeSet<&str> = moved
        .iter()
        .flat_map(|(r, a)| [r.event_id.as_str(), a.event_id.as_str()])
        .collect();
    let mut changed = 0usize;
    let keys: BTreeSet<&(String, String)> = so.keys().chain(sn.keys()).collect();
    let empty = BTreeSet::new();
    for key in keys {
        let (event_id, role) = key;
        // Staff of a removed or moved event change with the event, not one by one.
        if !new.contains_key(event_id.as_str())
            || !old.contains_key(event_id.as_str())
            || moved_ids.contains(event_id.as_str())
        {
            continue;
        }
        let a = so.get(key).unwrap_or(&empty);
        let b = sn.get(key).unwrap_or(&empty);
        let gone: Vec<&String> = a.difference(b).collect();
        let came: Vec<&String> = b.difference(a).collect();
        let Some(e) = events_after
            .get(event_id.as_str())
            .or(events_before.get(event_id.as_str()))
        else {
            continue;
        };
        changed += gone.len().max(came.len());
        for i in 0..gone.len().max(came.len()) {
            let (g, c) = (gone.get(i), came.get(i));
            let (change, bf, af) = match (g, c) {
                (Some(g), Some(c)) => (
                    "staff-replaced",
                    format!("{g} ({role})"),
                    format!("{c} ({role})"),
                ),
                (Some(g), None) => ("staff-removed", format!("{g} ({role})"), String::new()),
                (None, Some(c)) => ("staff-added", String::new(), format!("{c} ({role})")),
                (None, None) => continue,
            };
            rows.push(row(e, change, bf, af));
        }
    }

    // Teams.
    let team = |p: &Plan| -> BTreeSet<(String, String)> {
        p.teams
            .iter()
            .map(|t| (t.municipality.clone(), t.staff_id.clone()))
            .collect()
    };
    let (to, tn) = (team(before), team(after));
    for (m, s) in to.difference(&tn) {
        rows.push(ChangeRow {
            event_id: String::new(),
            date: String::new(),
            kind: TEAM_KIND.into(),
            municipality: m.clone(),
            venue: String::new(),
            change: "team-left".into(),
            before: s.clone(),
            after: String::new(),
        });
    }
    for (m, s) in tn.difference(&to) {
        rows.push(ChangeRow {
            event_id: String::new(),
            date: String::new(),
            kind: TEAM_KIND.into(),
            municipality: m.clone(),
            venue: String::new(),
            change: "team-joined".into(),
            before: String::new(),
            after: s.clone(),
        });
    }
    sort_changes(&mut rows);
    (rows, changed)
}

/// `[[quota_change]]` and `[[series_change]]` (SEM-1, OUT-1, ONE-1, FAIR-1, RT-1):
/// where a changed count has fewer events from `as_of` on than the baseline, that many
/// of its `event-removed` rows are the cut (`event-cut`), in the order of the file.
fn mark_cuts(m: &Model, before: &Plan, after: &Plan, as_of: NaiveDate, rows: &mut [ChangeRow]) {
    let changed_count = |e: &Event| -> Option<String> {
        if e.is(EventKind::Seminar) {
            let t = SeminarType::parse(&e.seminar_type)?;
            let mi = m.municipality_index(&e.municipality)?;
            let q = m.seminar_quotas.iter().find(|q| q.municipality == mi)?;
            q.count_from[t.index()].map(|_| format!("seminar {} {}", e.municipality, t.id()))
        } else {
            let s = m.event_series.iter().find(|s| {
                e.event_id
                    .strip_prefix(s.id.as_str())
                    .is_some_and(|rest| rest.starts_with('-'))
                    && e.kind == s.kind.id()
            })?;
            (s.count_from.is_some() || !s.month_counts.is_empty())
                .then(|| format!("series {}", s.id))
        }
    };
    let tally = |p: &Plan| -> BTreeMap<String, usize> {
        let mut t = BTreeMap::new();
        for e in events_from(p, as_of).values() {
            if let Some(k) = changed_count(e) {
                *t.entry(k).or_insert(0) += 1;
            }
        }
        t
    };
    let (old, new) = (tally(before), tally(after));
    let mut fewer: BTreeMap<String, usize> = old
        .iter()
        .map(|(k, n)| {
            (
                k.clone(),
                n.saturating_sub(new.get(k).copied().unwrap_or(0)),
            )
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    if fewer.is_empty() {
        return;
    }
    let by_id: HashMap<&str, &Event> = before
        .events
        .iter()
        .map(|e| (e.event_id.as_str(), e))
        .collect();
    for r in rows.iter_mut().filter(|r| r.change == "event-removed") {
        let key = by_id
            .get(r.event_id.as_str())
            .and_then(|e| changed_count(e));
        if let Some(n) = key.and_then(|k| fewer.get_mut(&k)) {
            if *n > 0 {
                *n -= 1;
                r.change = "event-cut".into();
            }
        }
    }
    sort_changes(rows);
}

/// Who must be told what: everyone whose own day changed, and everyone on a moved,
/// added or removed event.
pub fn notices(m: &Model, before: &Plan, after: &Plan, changes: &[ChangeRow]) -> Vec<Notice> {
    let name_of = |staff: &str| {
        m.staff_index(staff)
            .map(|p| m.staff[p].name.clone())
            .unwrap_or_default()
    };
    notices_named(&name_of, before, after, changes)
}

/// As [`notices`], with names from `name_of` (e.g. a plan folder's `staff.csv`).
pub fn notices_named(
    name_of: &dyn Fn(&str) -> String,
    before: &Plan,
    after: &Plan,
    changes: &[ChangeRow],
) -> Vec<Notice> {
    let mut out = Vec::new();
    let mut tell =
        |staff: &str, c: &ChangeRow, notice: String, how: (NoticeSection, &str, &str)| {
            let name = name_of(staff);
            let (section, role, replaces) = how;
            out.push(Notice {
                staff_id: staff.to_string(),
                name,
                date: c.date.clone(),
                event_id: c.event_id.clone(),
                notice,
                section,
                role: role.to_string(),
                replaces: replaces.to_string(),
                before: c.before.clone(),
            });
        };
    let ev_after: HashMap<&str, &Event> = after
        .events
        .iter()
        .map(|e| (e.event_id.as_str(), e))
        .collect();
    let people = |p: &Plan, id: &str| -> Vec<Assignment> {
        p.assignments
            .iter()
            .filter(|a| a.event_id == id)
            .cloned()
            .collect()
    };
    // "c05 (consultant)" -> ("c05", "consultant")
    let split = |s: &str| -> (String, String) {
        let id = s.split(' ').next().unwrap_or("").to_string();
        let role = s
            .split('(')
            .nth(1)
            .unwrap_or("")
            .trim_end_matches(')')
            .to_string();
        (id, role)
    };
    for c in changes {
        match c.change.as_str() {
            "staff-replaced" | "staff-added" | "staff-removed" => {
                let what = ev_after
                    .get(c.event_id.as_str())
                    .map(|e| where_(e))
                    .unwrap_or_default();
                let (gone, gone_role) = split(&c.before);
                if !c.before.is_empty() {
                    tell(
                        &gone,
                        c,
                        format!("no longer needed at {} ({what})", c.event_id),
                        (NoticeSection::NoLonger, &gone_role, ""),
                    );
                }
                if !c.after.is_empty() {
                    let (s, role) = split(&c.after);
                    tell(
                        &s,
                        c,
                        format!("new: {role} at {} ({what})", c.event_id),
                        (NoticeSection::Now, &role, &gone),
                    );
                }
            }
            "event-moved" | "venue-changed" => {
                // Who was on the event before and is not any more must hear so too.
                let now: Vec<String> = people(after, &c.event_id)
                    .into_iter()
                    .map(|a| a.staff_id)
                    .collect();
                let old_id = before
                    .events
                    .iter()
                    .find(|e| where_(e) == c.before)
                    .map_or(c.event_id.clone(), |e| e.event_id.clone());
                for a in people(before, &old_id) {
                    if !now.contains(&a.staff_id) {
                        let text = format!(
                            "no longer needed at {} (was {}, now {})",
                            c.event_id, c.before, c.after
                        );
                        tell(&a.staff_id, c, text, (NoticeSection::NoLonger, &a.role, ""));
                    }
                }
                for a in people(after, &c.event_id) {
                    let text = format!(
                        "{} as {}: was {}, now {}",
                        c.event_id, a.role, c.before, c.after
                    );
                    tell(&a.staff_id, c, text, (NoticeSection::Changed, &a.role, ""));
                }
            }
            "event-added" => {
                for a in people(after, &c.event_id) {
                    let text = format!("new event: {} as {} ({})", c.event_id, a.role, c.after);
                    tell(&a.staff_id, c, text, (NoticeSection::Now, &a.role, ""));
                }
            }
            "event-removed" | "event-cut" => {
                for a in people(before, &c.event_id) {
                    tell(
                        &a.staff_id,
                        c,
                        format!("cancelled: {} ({})", c.event_id, c.before),
                        (NoticeSection::NoLonger, &a.role, ""),
                    );
                }
            }
            "team-joined" => tell(
                &c.after,
                c,
                format!("joins the {} team", c.municipality),
                (NoticeSection::TeamJoined, "", ""),
            ),
            "team-left" => tell(
                &c.before,
                c,
                format!("leaves the {} team", c.municipality),
                (NoticeSection::TeamLeft, "", ""),
            ),
            _ => {}
        }
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::training::TrainingChangeRow;
    use super::*;
    use crate::model::Rule;

    /// Someone the baseline left without work counts as employed with no days; only
    /// the people the last scenario adds are new hires (no entry: lifted to their floor).
    #[test]
    fn only_the_people_the_scenario_adds_are_new_hires() {
        let path = std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/tiny.toml"
        ));
        let model = crate::input::load_model(path).expect("tiny model");
        let text = r#"
name = "x joins"
as_of = "2023-08-01"

[[add_staff]]
id = "x1"
name = "x"
roles = ["consultant"]
registered = true
experience_years = 4.0
home = "alpha"
weekdays = ["tue", "wed"]
contract_days_per_week = 2.0
max_days_per_week = 2
max_days_per_month = 8
max_days_per_year = 80
"#;
        let sc = crate::scenario::parse_scenario(std::path::Path::new("x.toml"), text, &model)
            .expect("scenario");
        let chain = vec![sc];
        let m2 = scenario::chain::apply_all(&model, &chain);
        let mut days = HashMap::from([(0, 5)]);
        employed_by_the_baseline(&model, &chain, &m2, &mut days);
        let x1 = m2.staff_index("x1").expect("added");
        assert!(!days.contains_key(&x1), "the new hire has no baseline days");
        assert_eq!(days.get(&0), Some(&5), "days the baseline gave stay");
        for p in (0..m2.staff.len()).filter(|&p| p != x1 && p != 0) {
            assert_eq!(days.get(&p), Some(&0), "{} was employed", m2.staff[p].id);
        }
    }

    /// A past finding the baseline has stays the baseline's; one it has not (a team the
    /// re-plan dropped, CON-4) is the re-plan's and stays; findings from `as_of` on stay;
    /// a re-plan with no past finding does not check the baseline at all.
    #[test]
    fn a_replan_reports_the_past_findings_it_caused() {
        let v = |rule: Rule, date: &str, person: &str| Violation {
            rule,
            date: date.into(),
            event_id: format!("e-{date}"),
            staff_id: person.into(),
            message: String::new(),
            cause: None,
        };
        let past = |d: &str| d < "2023-10-02";
        let mut found = vec![
            v(Rule::Con6, "2023-04-03", "c01"),
            v(Rule::Con4, "2023-04-10", "c07"),
            v(Rule::Con3, "2023-10-09", ""),
        ];
        keep_the_replans_own_past_findings(
            &mut found,
            || vec![v(Rule::Con6, "2023-04-03", "c01")],
            past,
        );
        assert_eq!(
            found,
            vec![
                v(Rule::Con4, "2023-04-10", "c07"),
                v(Rule::Con3, "2023-10-09", "")
            ]
        );
        // One of two findings under one key is the baseline's; the other is new.
        let mut twice = vec![
            v(Rule::ModelLimit, "2023-05-01", "c02"),
            v(Rule::ModelLimit, "2023-05-01", "c02"),
        ];
        keep_the_replans_own_past_findings(
            &mut twice,
            || vec![v(Rule::ModelLimit, "2023-05-01", "c02")],
            past,
        );
        assert_eq!(twice.len(), 1);
        let mut future = vec![v(Rule::Con3, "2023-10-09", "")];
        keep_the_replans_own_past_findings(
            &mut future,
            || unreachable!("no past finding: the baseline is not checked"),
            past,
        );
        assert_eq!(future.len(), 1);
    }

    /// Both programmes' change rows go in one order (date, event, change, before,
    /// after) and are counted by change alike.
    #[test]
    fn change_rows_of_both_programmes_sort_and_count_alike() {
        let centre = |date: &str, event: &str, change: &str| ChangeRow {
            event_id: event.into(),
            date: date.into(),
            kind: "seminar".into(),
            municipality: "soka".into(),
            venue: "hall".into(),
            change: change.into(),
            before: String::new(),
            after: String::new(),
        };
        let mut rows = vec![
            centre("2023-06-02", "a", "staff-added"),
            centre("2023-06-01", "b", "staff-removed"),
            centre("2023-06-01", "b", "event-moved"),
        ];
        sort_changes(&mut rows);
        let order: Vec<&str> = rows.iter().map(|r| r.change.as_str()).collect();
        assert_eq!(order, ["event-moved", "staff-removed", "staff-added"]);
        let provider = |date: &str, event: &str, change: &str| TrainingChangeRow {
            event_id: event.into(),
            date: date.into(),
            course_id: "dx-1".into(),
            change: change.into(),
            before: String::new(),
            after: String::new(),
        };
        let mut rows = vec![
            provider("2023-06-02", "s1", "staff-added"),
            provider("2023-06-01", "s2", "staff-added"),
            provider("2023-06-01", "s2", "room-changed"),
        ];
        sort_changes(&mut rows);
        assert_eq!(rows[0].change, "room-changed");
        assert_eq!(rows[2].event_id, "s1");
        let counts = count_changes(&rows);
        assert_eq!(counts.get("staff-added"), Some(&2));
        assert_eq!(counts.get("room-changed"), Some(&1));
    }
}
