//! Integration tests by feature.

mod calendar;
mod check;
mod errors;
mod holidays;
mod properties;
mod solve;
pub mod support;
