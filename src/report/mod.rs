//! Renders results for people and spreadsheets: csv, json, terminal tables, the
//! workbook, calendar files, the HTML calendar and notices, in Japanese or English.

pub mod calendar;
pub mod folder;
pub mod history;
pub mod html;
pub mod ics;
pub mod labels;
pub mod month;
pub mod names;
pub mod notices;
pub mod plan;
pub mod replan;
pub mod training;
pub mod training_people;
pub mod xlsx;

pub use labels::Lang;

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
