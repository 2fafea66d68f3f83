//! All integration tests, built as one binary (one link, one HiGHS), but those that
//! time a command: they are `tests/timed.rs`, run alone after this one.

mod it;
