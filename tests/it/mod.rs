//! Integration tests by feature.

mod calendar;
mod errors;
mod holidays;
pub mod support;
