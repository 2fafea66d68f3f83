//! All integration tests, built as one binary (one link, one HiGHS).

mod it;
