//! Integration tests by feature.

mod calendar;
mod check;
mod errors;
mod history;
mod holidays;
mod properties;
mod replan;
mod solve;
pub mod support;
