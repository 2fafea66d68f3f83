//! roster: yearly staff rosters for public job-support programmes.
//!
//! Data flows one way: `input` (TOML, spans, validation) → `model` (domain types) →
//! `calendar` (holidays, closures, patterns, substitutions) → `demand` (concrete events
//! and staffing needs) → `milp` (the only module that knows good_lp / HiGHS) → `plan`
//! (solver-free result) → `check` (independent verifier) → `report` (files and text).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod calendar;
pub mod input;
pub mod model;
pub mod report;
