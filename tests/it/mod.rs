//! Integration tests by feature.

mod calendar;
mod check;
mod errors;
mod fuzz;
mod holidays;
mod hostile;
mod output_safety;
mod plan_files;
mod properties;
mod replan;
mod scale;
mod solve;
pub mod support;
mod training;
