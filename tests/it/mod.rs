//! Integration tests by feature.

mod calendar;
mod check;
mod errors;
mod holidays;
mod properties;
mod replan;
mod solve;
pub mod support;
mod training;
