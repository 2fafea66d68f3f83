//! The rows of the CSV files and the workbook's lists, with their columns: shared by
//! the writer that builds them and the writers that show them (the workbook shows the
//! changes and notices), so no writer imports another for a type.

use serde::Serialize;

/// Columns of events.csv.
pub const EVENT_COLUMNS: &str = "event_id,date,start,end,kind,municipality,venue,room,room_capacity,capacity,seminar_type,theme,mode,original_date,weekday,municipality_name,venue_name,room_name,address";
/// Columns of assignments.csv.
pub const ASSIGNMENT_COLUMNS: &str = "event_id,date,staff_id,role,weekday,start,end,kind,staff_name,municipality,municipality_name,venue_name,address";

/// Columns of notices.csv.
pub const NOTICE_COLUMNS: &str = "staff_id,name,date,event_id,notice,weekday,section,role,start,end,kind,municipality_name,venue_name,address,replaces,message";

/// Columns of changes.csv.
pub const CHANGE_COLUMNS: &str = "event_id,date,kind,municipality,venue,change,before,after,weekday,municipality_name,venue_name,change_label,before_text,after_text";

/// A row of events.csv: the plan's event, then readable columns.
#[derive(Serialize)]
pub struct EventRow {
    pub(super) event_id: String,
    pub(super) date: String,
    pub(super) start: String,
    pub(super) end: String,
    pub(super) kind: String,
    pub(super) municipality: String,
    pub(super) venue: String,
    pub(super) room: String,
    pub(super) room_capacity: Option<u32>,
    pub(super) capacity: Option<u32>,
    pub(super) seminar_type: String,
    pub(super) theme: String,
    pub(super) mode: String,
    pub(super) original_date: String,
    pub(super) weekday: String,
    pub(super) municipality_name: String,
    pub(super) venue_name: String,
    pub(super) room_name: String,
    pub(super) address: String,
}

/// A row of assignments.csv: the assignment, then when, where and who in words.
#[derive(Serialize)]
pub struct AssignmentRow {
    pub(super) event_id: String,
    pub(super) date: String,
    pub(super) staff_id: String,
    pub(super) role: String,
    pub(super) weekday: String,
    pub(super) start: String,
    pub(super) end: String,
    pub(super) kind: String,
    pub(super) staff_name: String,
    pub(super) municipality: String,
    pub(super) municipality_name: String,
    pub(super) venue_name: String,
    pub(super) address: String,
}

/// A row of teams.csv with names.
#[derive(Serialize)]
pub struct TeamRow {
    pub(super) municipality: String,
    pub(super) staff_id: String,
    pub(super) municipality_name: String,
    pub(super) staff_name: String,
}

#[derive(Serialize)]
pub(super) struct StaffRow {
    pub(super) staff_id: String,
    pub(super) name: String,
    pub(super) roles: String,
    pub(super) registered: bool,
    pub(super) experience_years: f64,
    pub(super) seminars_given: u32,
}

/// A row of notices.csv.
#[derive(Debug, Clone, Serialize)]
pub struct NoticeRow {
    /// Staff id.
    pub staff_id: String,
    /// Their name.
    pub name: String,
    /// ISO date of the event (empty for teams).
    pub date: String,
    /// Event id (empty for teams).
    pub event_id: String,
    /// The notice with ids (as `roster replan` has always written it).
    pub notice: String,
    /// Weekday of `date`.
    pub weekday: String,
    /// `assigned`, `now`, `no-longer`, `changed`, `team-joined`, `team-left`.
    pub section: String,
    /// Role, in words.
    pub role: String,
    /// Start time.
    pub start: String,
    /// End time.
    pub end: String,
    /// Event kind, in words.
    pub kind: String,
    /// Municipality name.
    pub municipality_name: String,
    /// Venue name.
    pub venue_name: String,
    /// Venue address.
    pub address: String,
    /// Name of the person they step in for.
    pub replaces: String,
    /// The notice in words, one line.
    pub message: String,
    /// Where and when before, in words (changed events; not a CSV column).
    #[serde(skip)]
    pub before_text: String,
    /// A seminar's type and theme, a series event's topic and mode, in words (not a
    /// CSV column).
    #[serde(skip)]
    pub detail: String,
    /// The event is no longer held (not a CSV column).
    #[serde(skip)]
    pub cancelled: bool,
}

/// A row of changes.csv: the change, then the same in words.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeNamedRow {
    /// Event id (empty for team changes).
    pub event_id: String,
    /// ISO date.
    pub date: String,
    /// Event kind or `team`.
    pub kind: String,
    /// Municipality id.
    pub municipality: String,
    /// Venue id.
    pub venue: String,
    /// Kind of change.
    pub change: String,
    /// Before (ids).
    pub before: String,
    /// After (ids).
    pub after: String,
    /// Weekday of `date`.
    pub weekday: String,
    /// Municipality name.
    pub municipality_name: String,
    /// Venue name.
    pub venue_name: String,
    /// The change in words.
    pub change_label: String,
    /// Before, with names.
    pub before_text: String,
    /// After, with names.
    pub after_text: String,
}

// --- affected.csv (issue 16, part 4): its row and columns, shown by the workbook too.

/// Columns of affected.csv.
pub const AFFECTED_COLUMNS: &str = "staff_id,name,days_before,days_after,days_gained,days_lost,months,teams_joined,teams_left,teams_joined_names,teams_left_names,km_before,km_after,km_change,yen_change,contracted_days,contract_before,contract_after,contract_text";

/// A row of affected.csv: one person affected.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AffectedRow {
    /// Staff id.
    pub staff_id: String,
    /// Name (the id for someone the model does not list).
    pub name: String,
    /// Days worked in the baseline.
    pub days_before: u32,
    /// Days worked in the new plan.
    pub days_after: u32,
    /// Days gained.
    pub days_gained: u32,
    /// Days lost.
    pub days_lost: u32,
    /// Months with days gained or lost: `2023-10 +2 -1; 2023-11 -3`.
    pub months: String,
    /// Municipality ids of the teams joined, `;`-separated.
    pub teams_joined: String,
    /// Municipality ids of the teams left.
    pub teams_left: String,
    /// Names of the teams joined.
    pub teams_joined_names: String,
    /// Names of the teams left.
    pub teams_left_names: String,
    /// Km travelled in the baseline (one decimal).
    pub km_before: f64,
    /// Km travelled in the new plan.
    pub km_after: f64,
    /// Km change.
    pub km_change: f64,
    /// Yen of the km change at the model's rate; empty when no rate is configured.
    pub yen_change: Option<i64>,
    /// Contracted days over the period (one decimal); empty for someone not in the model.
    pub contracted_days: Option<f64>,
    /// `within`, `under`, `over` (more than 20 % off), empty without a contract.
    pub contract_before: &'static str,
    /// As `contract_before`, in the new plan.
    pub contract_after: &'static str,
    /// The new plan's flag in words.
    pub contract_text: &'static str,
}
