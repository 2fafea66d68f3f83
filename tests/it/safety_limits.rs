//! Issue 14 regression tests: safety_limits.

#[allow(unused_imports)]
use super::support::*;
