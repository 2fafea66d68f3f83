//! Integration tests by feature.

mod calendar;
mod check;
mod errors;
mod holidays;
mod outputs;
mod properties;
mod replan;
mod solve;
pub mod support;
