//! Renders results for people and spreadsheets: csv, json and terminal tables.

pub mod calendar;
pub mod folder;
pub mod history;
pub mod plan;
pub mod replan;
pub mod training;

/// Output formats for listings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned text for the terminal.
    Table,
    /// Comma-separated values with a header row.
    Csv,
    /// A JSON array.
    Json,
}

/// Quotes a CSV field when it needs it (RFC 4180).
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}
