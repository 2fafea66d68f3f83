//! Issue 14 regression tests: safety_files.

#[allow(unused_imports)]
use super::support::*;
