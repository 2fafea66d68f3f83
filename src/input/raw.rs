//! The model file as written: serde structs with spans, before any validation.
#![allow(missing_docs)]

use serde::Deserialize;
use toml::Spanned;

/// A spanned string.
pub type S = Spanned<String>;

/// An absent free-text field: empty, at the file's start (an empty text is never
/// refused, so the span is never shown).
pub fn empty() -> S {
    Spanned::new(0..0, String::new())
}

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawModel {
    pub name: S,
    pub kind: Option<S>,
    pub fiscal_year: Spanned<i64>,
    #[serde(default)]
    pub calendar: Option<RawCalendar>,
    pub consultation: RawConsultation,
    #[serde(default)]
    pub municipality: Vec<RawMunicipality>,
    #[serde(default)]
    pub town: Vec<RawTown>,
    #[serde(default)]
    pub venue: Vec<RawVenue>,
    #[serde(default)]
    pub pattern: Vec<RawPattern>,
    pub seminars: RawSeminars,
    #[serde(default)]
    pub seminar_quota: Vec<RawSeminarQuota>,
    #[serde(default)]
    pub event_series: Vec<RawEventSeries>,
    pub office: RawOffice,
    #[serde(default)]
    pub objective: Option<RawObjective>,
    #[serde(default)]
    pub publicity: Option<super::publicity::RawPublicity>,
    pub costs: Option<RawCosts>,
    #[serde(default)]
    pub targets: Option<super::targets::RawTargets>,
    #[serde(default)]
    pub staff: Vec<RawStaff>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCalendar {
    /// ["12-29", "01-03"]
    pub year_end_closure: Option<Spanned<Vec<S>>>,
    pub substitute_max_days: Option<Spanned<i64>>,
    #[serde(default)]
    pub closure: Vec<RawClosure>,
    #[serde(default)]
    pub substitution: Vec<RawSubstitution>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawClosure {
    pub date: S,
    #[serde(default)]
    pub note: Option<S>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSubstitution {
    pub municipality: S,
    pub original: S,
    pub substitute: S,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConsultation {
    pub start: S,
    pub end: S,
    pub slots: Vec<S>,
    pub min_consultants: Spanned<i64>,
    pub require_register: bool,
    pub min_experience_years: Spanned<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMunicipality {
    pub id: S,
    pub name: S,
    #[serde(default)]
    pub name_en: Option<S>,
    pub team_min: Spanned<i64>,
    pub lat: Spanned<f64>,
    pub lon: Spanned<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTown {
    pub id: S,
    pub name: S,
    pub lat: Spanned<f64>,
    pub lon: Spanned<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVenue {
    pub id: S,
    pub name: S,
    #[serde(default = "empty")]
    pub address: S,
    pub place: S,
    pub usable: Vec<S>,
    #[serde(default)]
    pub room: Vec<RawRoom>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRoom {
    pub id: S,
    pub name: S,
    pub capacity: Spanned<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPattern {
    pub municipality: S,
    pub venue: S,
    pub days: Vec<S>,
    #[serde(default)]
    pub nth: Vec<Spanned<i64>>,
    pub from: Option<S>,
    pub until: Option<S>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSeminars {
    pub start: S,
    pub end: S,
    pub capacity: Spanned<i64>,
    pub lecturer_min_given: Spanned<i64>,
    pub reception_per_seminar: Spanned<i64>,
    pub weekdays: Vec<S>,
    pub themes: RawThemes,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawThemes {
    #[serde(rename = "all-ages")]
    pub all_ages: RawThemeRule,
    pub senior: RawThemeRule,
    pub women: RawThemeRule,
    pub health: RawThemeRule,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawThemeRule {
    pub themes: Spanned<Vec<S>>,
    #[serde(default)]
    pub rotate_monthly: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSeminarQuota {
    pub municipality: S,
    /// "venue/room" references.
    pub rooms: Vec<S>,
    pub capacity: Option<Spanned<i64>>,
    #[serde(default, rename = "all-ages")]
    pub all_ages: Option<Spanned<i64>>,
    #[serde(default)]
    pub senior: Option<Spanned<i64>>,
    #[serde(default)]
    pub women: Option<Spanned<i64>>,
    #[serde(default)]
    pub health: Option<Spanned<i64>>,
    #[serde(default)]
    pub childcare: Option<S>,
    #[serde(default)]
    pub childcare_lead_days: Option<Spanned<i64>>,
    #[serde(default)]
    pub childcare_workers: Option<Spanned<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEventSeries {
    pub id: S,
    pub kind: S,
    pub count: Spanned<i64>,
    pub per_month: Option<Spanned<i64>>,
    pub start: S,
    pub end: S,
    pub rooms: Vec<S>,
    pub weekdays: Vec<S>,
    pub participants: Spanned<i64>,
    #[serde(default)]
    pub needs: Vec<RawNeed>,
    #[serde(default)]
    pub topics: Vec<S>,
    #[serde(default)]
    pub online_every: Option<Spanned<i64>>,
    #[serde(default)]
    pub online_participants: Option<Spanned<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNeed {
    pub who: S,
    pub count: Spanned<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOffice {
    pub venue: S,
    pub weekdays: Vec<S>,
    pub start: S,
    pub end: S,
    pub managers: Spanned<i64>,
    pub sub_managers: Spanned<i64>,
    pub reception: Spanned<i64>,
    pub job_developers_min: Spanned<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawObjective {
    pub travel_per_km: Option<Spanned<f64>>,
    pub team_member: Option<Spanned<f64>>,
    pub fairness: Option<Spanned<f64>>,
    pub preference: Option<Spanned<f64>>,
    pub violation: Option<Spanned<f64>>,
    // Contracts honoured (issue 16).
    pub contract_floor: Option<Spanned<f64>>,
    pub contract_shortfall: Option<Spanned<f64>>,
    pub far_below_contract: Option<Spanned<f64>>,
    pub fair_band: Option<Spanned<f64>>,
    /// PR-1's lead time, soft (`[publicity] lead_time`): see `input::publicity`.
    pub publicity_lead: Option<Spanned<f64>>,
}

/// `[costs]`: money rates for reports (never part of the objective).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCosts {
    pub travel_yen_per_km: Option<Spanned<f64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStaff {
    pub id: S,
    pub name: S,
    pub roles: Vec<S>,
    #[serde(default)]
    pub registered: bool,
    #[serde(default)]
    pub experience_years: Option<Spanned<f64>>,
    #[serde(default)]
    pub seminars_given: Option<Spanned<i64>>,
    pub home: S,
    pub weekdays: Vec<S>,
    #[serde(default)]
    pub leave: Vec<RawLeave>,
    pub contract_days_per_week: Spanned<f64>,
    pub max_days_per_week: Spanned<i64>,
    pub max_days_per_month: Spanned<i64>,
    pub max_days_per_year: Spanned<i64>,
    #[serde(default)]
    pub prefers: Vec<S>,
    /// First day of employment (earlier days count as unavailable).
    #[serde(default)]
    pub start: Option<S>,
    /// Last day of employment (later days count as unavailable).
    #[serde(default)]
    pub end: Option<S>,
    /// Farthest one-way distance from home they are sent, km (default: derived from
    /// the model, see `Model::default_max_travel_km`).
    #[serde(default)]
    pub max_travel_km: Option<Spanned<f64>>,
    /// Share of their contracted days this person is promised (docs/model.md): their
    /// contract floor, above the role's (`[objective] contract_floor`).
    #[serde(default)]
    pub contract_floor: Option<Spanned<f64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLeave {
    pub from: S,
    pub to: S,
}
