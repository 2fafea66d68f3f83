//! Integration tests by feature.

mod calendar;
mod check;
mod errors;
mod holidays;
mod hostile;
mod output_safety;
mod outputs;
mod plan_files;
mod properties;
mod replan;
mod scale;
mod solve;
pub mod support;
