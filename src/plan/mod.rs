//! A solved roster as plain data: events, assignments, teams, violations, status.
//!
//! This is the format-level result: ids are strings, so a plan read back from the CSV
//! files a person edited is the same type as one fresh from the solver. Nothing here
//! knows about the solver.

pub mod affected;
pub mod cause;
pub mod cell;
pub mod deadlines;
pub mod files;
pub mod history;
pub mod training;
pub mod workbook;

use serde::{Deserialize, Serialize};

use crate::model::{EventKind, Rule};

/// Parses a plan's date: ISO `2023-04-01`, or as a spreadsheet saves it, `2023/4/1` or
/// `2023/04/01`; `None` for anything else. The one date parser for plan rows.
pub fn parse_day(s: &str) -> Option<chrono::NaiveDate> {
    let s = s.trim();
    // Four-digit years only: chrono would read `23-04-01` as the year 23.
    if s.len() < 8
        || !s
            .get(..4)
            .is_some_and(|y| y.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| chrono::NaiveDate::parse_from_str(s, "%Y/%m/%d"))
        .ok()
}

/// Parses a plan's time of day: `09:45`, or `9:45` and `09:45:00` as spreadsheets save
/// them; `None` for anything else.
pub fn parse_time(s: &str) -> Option<chrono::NaiveTime> {
    let s = s.trim();
    chrono::NaiveTime::parse_from_str(s, "%H:%M")
        .or_else(|_| chrono::NaiveTime::parse_from_str(s, "%H:%M:%S"))
        .ok()
}

/// How the solve ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SolveStatus {
    /// Proven optimal (within the solver's default tolerance).
    Optimal,
    /// Stopped at the requested relative gap.
    GapLimit,
    /// Stopped at the time limit with a feasible plan.
    TimeLimit,
    /// Read from files; not solved here.
    Loaded,
}

impl SolveStatus {
    /// Text for reports.
    pub fn id(self) -> &'static str {
        match self {
            SolveStatus::Optimal => "optimal",
            SolveStatus::GapLimit => "gap-limit",
            SolveStatus::TimeLimit => "time-limit",
            SolveStatus::Loaded => "loaded",
        }
    }
}

/// How a solve ended, MILP by MILP, and the bound the gap is measured against.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SolveReport {
    /// Proven lower bound on the real objective of any rule-abiding plan (violation
    /// penalties excluded), when every part has one.
    pub bound: Option<f64>,
    /// What the bound covers, in words (e.g. "staffing, given stage 1's dates").
    pub bound_of: String,
    /// When the gap is against the joint bound: the gap of staffing given stage 1's
    /// dates (how far stage 2 is from its own optimum).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dates_gap: Option<f64>,
    /// Each MILP solved, in order.
    pub parts: Vec<PartReport>,
}

/// How one MILP ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartReport {
    /// "stage 1 (dates)", "stage 2: consultant, lecturer".
    pub name: String,
    /// How it ended.
    pub status: SolveStatus,
    /// Its own relative gap, if it has a bound.
    pub gap: Option<f64>,
    /// Whether its plan is the starting plan (HiGHS found none better in time).
    pub from_start: bool,
}

impl SolveReport {
    /// The parts that stopped on the time limit, by name.
    pub fn stopped_on_time(&self) -> Vec<&str> {
        self.parts
            .iter()
            .filter(|p| p.status == SolveStatus::TimeLimit)
            .map(|p| p.name.as_str())
            .collect()
    }
}

/// The objective, term by term (weights from the model).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct ObjectiveTerms {
    /// Travel: km × weight.
    pub travel: f64,
    /// Continuity: team memberships × weight.
    pub continuity: f64,
    /// Fair workload: deviation from contract-proportional days × weight.
    pub fairness: f64,
    /// Preferences: days outside preferred municipalities × weight.
    pub preference: f64,
    /// Changes against a baseline (re-planning) × weight.
    pub changes: f64,
    /// Rule slack × weight (zero when every rule holds).
    pub violations: f64,
    /// Sum.
    pub total: f64,
}

impl ObjectiveTerms {
    /// Adds one staffing part's terms (travel, continuity, fairness, preference and
    /// violations; a part has no change or total terms of its own).
    pub(crate) fn add_part(&mut self, p: &ObjectiveTerms) {
        self.travel += p.travel;
        self.continuity += p.continuity;
        self.fairness += p.fairness;
        self.preference += p.preference;
        self.violations += p.violations;
    }
}

/// One event of the plan (a row of `events.csv`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Event {
    /// Stable id, e.g. `con-soka-20230405`.
    pub event_id: String,
    /// ISO date.
    pub date: String,
    /// HH:MM.
    pub start: String,
    /// HH:MM.
    pub end: String,
    /// consultation, seminar, outreach, one-point, job-fair, roundtable, office.
    pub kind: String,
    /// Municipality (or host town) id.
    pub municipality: String,
    /// Venue id.
    pub venue: String,
    /// Room id.
    pub room: String,
    /// Seats in the room.
    pub room_capacity: Option<u32>,
    /// Participants planned for.
    pub capacity: Option<u32>,
    /// all-ages, senior, women, health (seminars only).
    pub seminar_type: String,
    /// Theme or topic.
    pub theme: String,
    /// offline / online (one-point seminars only).
    pub mode: String,
    /// The holiday a substitute consultation day replaces.
    pub original_date: String,
}

/// One person placed at one event (a row of `assignments.csv`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Assignment {
    /// Event id.
    pub event_id: String,
    /// ISO date.
    pub date: String,
    /// Staff id.
    pub staff_id: String,
    /// consultant, lecturer, reception, manager, sub-manager, staff.
    pub role: String,
}

impl Event {
    /// The event's kind, or `None` when its `kind` cell names none (a hand-edited file;
    /// the checker reports it as PLAN-1 from the text itself).
    pub fn kind(&self) -> Option<EventKind> {
        EventKind::parse(&self.kind)
    }

    /// Whether the event is of kind `k`.
    pub fn is(&self, k: EventKind) -> bool {
        self.kind() == Some(k)
    }
}

/// A team membership (a row of `teams.csv`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct TeamMember {
    /// Municipality id.
    pub municipality: String,
    /// Staff id.
    pub staff_id: String,
}

/// A rule that does not hold (a row of `violations.csv`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    /// Rule from RULES.md (or MODEL-* for model-defined limits, PLAN-1 for the plan
    /// files), written as its text ID.
    pub rule: Rule,
    /// ISO date, or empty for year-wide rules.
    pub date: String,
    /// Event id, if any.
    pub event_id: String,
    /// Staff id, if any.
    pub staff_id: String,
    /// What is wrong and the likely cause, in the language it was written in (empty
    /// until a writer renders `cause`).
    pub message: String,
    /// The cause as data, for a violation a solve reports (a non-zero slack): each
    /// writer renders it in the reader's language (`report::labels::violation_message`)
    /// and puts the words in `message`. Not a column of violations.csv.
    #[serde(skip)]
    pub cause: Option<cause::Caused>,
}

impl Violation {
    /// The fields in the order violations are listed: by the rule's text ID (so
    /// `CON-10` would sort before `CON-2`, as the files always have), then date, event,
    /// person and message.
    fn sort_key(&self) -> (&'static str, &str, &str, &str, &str) {
        (
            self.rule.id(),
            &self.date,
            &self.event_id,
            &self.staff_id,
            &self.message,
        )
    }
}

/// Findings counted by (rule, date, event, person), each key as often as it occurs: one
/// key may hold several findings (a week's and a month's MODEL-LIMIT on one day), and
/// one counted is matched once. [`crate::merge_findings`] matches the checker's
/// findings against the solver's, a re-plan its past findings against the baseline's,
/// the desk's violations page the check's against `violations.csv`.
#[derive(Debug, Default)]
pub(crate) struct FindingCounts(
    std::collections::HashMap<(crate::model::Rule, String, String, String), usize>,
);

impl FindingCounts {
    /// The findings of `found`, counted.
    pub(crate) fn of<'a>(found: impl IntoIterator<Item = &'a Violation>) -> Self {
        let mut counts = FindingCounts::default();
        for v in found {
            *counts.0.entry(Self::key(v)).or_default() += 1;
        }
        counts
    }

    /// Whether a finding under `v`'s key is left to match; if so, it is used up.
    pub(crate) fn take(&mut self, v: &Violation) -> bool {
        match self.0.get_mut(&Self::key(v)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        }
    }

    fn key(v: &Violation) -> (crate::model::Rule, String, String, String) {
        (
            v.rule,
            v.date.clone(),
            v.event_id.clone(),
            v.staff_id.clone(),
        )
    }
}

impl Ord for Violation {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

impl PartialOrd for Violation {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.rule)?;
        if !self.date.is_empty() {
            write!(f, " {}", self.date)?;
        }
        if !self.event_id.is_empty() {
            write!(f, " {}", self.event_id)?;
        }
        if !self.staff_id.is_empty() {
            write!(f, " {}", self.staff_id)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// A substitution made by the calendar (CAL-5), for the record.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SubstitutionRecord {
    /// Municipality id.
    pub municipality: String,
    /// The holiday.
    pub original_date: String,
    /// The substitute day, empty if none was found.
    pub substitute_date: String,
}

/// A whole plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// Model name.
    pub model: String,
    /// SHA-256 of the model file's text.
    pub model_digest: String,
    /// How the solve ended.
    pub status: SolveStatus,
    /// Relative gap of the whole plan on the real objective (violation penalties
    /// excluded) against `solve.bound`; `None` (shown as unknown) when some part
    /// stopped without a bound.
    pub gap: Option<f64>,
    /// How each MILP ended and what the bound covers.
    #[serde(default)]
    pub solve: SolveReport,
    /// Wall-clock seconds of the solve (not part of the CSV files).
    pub seconds: f64,
    /// Objective terms.
    pub objective: ObjectiveTerms,
    /// Events, sorted by (date, start, event id).
    pub events: Vec<Event>,
    /// Assignments, sorted by (date, event id, role, staff id).
    pub assignments: Vec<Assignment>,
    /// Teams, sorted.
    pub teams: Vec<TeamMember>,
    /// Substitutions made (CAL-5), sorted.
    pub substitutions: Vec<SubstitutionRecord>,
    /// Violations, sorted.
    pub violations: Vec<Violation>,
}

impl Plan {
    /// Puts every list in its fixed order, so output is byte-for-byte repeatable, and
    /// drops repeated rows (a solve never means two of one row).
    pub fn normalise(&mut self) {
        self.sort();
        self.events.dedup();
        self.assignments.dedup();
        self.teams.dedup();
        self.violations.dedup();
    }

    /// Puts every list in its fixed order without merging anything: a plan read from
    /// files keeps a duplicated row, so the checker can report it (PLAN-1).
    pub fn sort(&mut self) {
        self.events.sort_by(|a, b| {
            (&a.date, &a.start, &a.event_id).cmp(&(&b.date, &b.start, &b.event_id))
        });
        sort_assignments(&mut self.assignments);
        self.teams.sort();
        self.substitutions.sort();
        self.violations.sort();
    }
}

/// Puts assignments in the one order both programmes write them: by date, event, role,
/// then person (`assignments.csv` is the same file for the centre and a provider).
pub fn sort_assignments(assignments: &mut [Assignment]) {
    assignments.sort_by(|a, b| {
        (&a.date, &a.event_id, &a.role, &a.staff_id).cmp(&(
            &b.date,
            &b.event_id,
            &b.role,
            &b.staff_id,
        ))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn violation(rule: Rule, date: &str) -> Violation {
        Violation {
            rule,
            date: date.into(),
            event_id: String::new(),
            staff_id: String::new(),
            message: String::new(),
            cause: None,
        }
    }

    #[test]
    fn violations_sort_by_the_rules_text_id_as_the_files_always_have() {
        let mut v = [
            violation(Rule::Trn2, ""),
            violation(Rule::Plan1, ""),
            violation(Rule::Trn10, "2023-05-01"),
            violation(Rule::Cal5, ""),
            violation(Rule::Trn10, "2023-04-01"),
            violation(Rule::ModelAvail, ""),
        ];
        v.sort();
        let ids: Vec<(&str, &str)> = v.iter().map(|x| (x.rule.id(), x.date.as_str())).collect();
        // By text: "MODEL-AVAIL" < "PLAN-1" and "TRN-10" < "TRN-2", unlike the enum's order.
        assert_eq!(
            ids,
            [
                ("CAL-5", ""),
                ("MODEL-AVAIL", ""),
                ("PLAN-1", ""),
                ("TRN-10", "2023-04-01"),
                ("TRN-10", "2023-05-01"),
                ("TRN-2", ""),
            ]
        );
    }
}
