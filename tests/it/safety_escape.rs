//! Issue 14 regression tests: safety_escape.

#[allow(unused_imports)]
use super::support::*;
