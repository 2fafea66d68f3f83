//! Integration tests by feature.

mod calendar;
mod check;
mod commands;
mod errors;
mod fuzz;
mod fuzz_hostile;
mod hand_edits;
mod history;
mod holidays;
mod hostile;
mod language;
mod new_year;
mod output_safety;
mod outputs;
mod plan_files;
mod properties;
mod replan;
mod rules_doc;
mod safety_escape;
mod safety_files;
mod safety_ids;
mod safety_limits;
mod scale;
mod solve;
pub mod support;
mod training;
