//! Issue 14 regression tests: safety_ids.

#[allow(unused_imports)]
use super::support::*;
