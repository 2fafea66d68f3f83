//! Integration tests by feature.

mod affected;
mod calendar;
mod check;
mod commands;
mod contract_staff;
mod contracts;
mod deadlines;
mod decisions_quota;
mod decisions_venue_staff;
mod errors;
mod fuzz;
mod fuzz_hostile;
mod hand_edits;
mod history;
mod holidays;
mod hostile;
mod language;
mod lead_time;
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
mod serve;
mod solve;
pub mod support;
mod training;
// Issue 18, parts 3-5: the training provider's documents, calendars and hand edits.
mod training_docs;
// Issue 19, part 3: the desk's views, publish archive, training pages and re-plan jobs.
mod serve_views;
// Issue 19: the browser tests' WebDriver client (a dev-dependency) does not make
// `cargo test` compile HiGHS a second time.
mod build_once;
// Issue 19 (H17): the checker's findings in the reader's language.
mod check_language;
// Issue 19, progress: the job's events pushed to the page; a cancel stops HiGHS.
mod serve_events;
// Issue 20, part 1: always a plan (stage 1's constructive dates).
mod always_a_plan;
// Issue 20, part 2 (H22): large consultant parts staffed teams first.
mod connected;
// Issue 20, part 5 (H24): next year as fast as this year (the start lifts people far
// below their contract floor).
mod next_year_speed;
// Issue 20 part 2 (H23): the whole-year bound of parts too large for branch and bound.
mod joint_bound_large;
// Issue 20 part 4 (H26): stage 1 steered by where the dates' guide held each series'
// events; the shipped year within 0.5 % of its whole-year bound.
mod steering;
