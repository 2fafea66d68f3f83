//! Renders results for people and spreadsheets: csv, json, terminal tables, the
//! workbook, calendar files, the HTML calendar and notices, in Japanese or English.

pub mod affected;
pub mod calendar;
pub mod contracts;
pub mod data;
pub mod deadlines;
pub mod files;
pub mod folder;
pub mod history;
pub mod html;
pub mod ics;
pub mod labels;
pub mod month;
pub mod names;
pub mod notices;
pub mod people;
pub mod plan;
pub mod replan;
pub mod rows;
pub mod status;
pub mod targets;
pub mod terminal;
pub mod training;
pub mod training_docs;
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

/// A CSV field: made spreadsheet-safe ([`crate::plan::cell::escape`]: a text that
/// begins with a formula prefix gets a `'` in front), then quoted when it needs it
/// (RFC 4180).
pub fn csv_field(s: &str) -> String {
    let s = crate::plan::cell::escape(s);
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// `s` cut and padded to `width` terminal columns (Japanese characters take two), so
/// tables with Japanese names stay aligned.
pub fn fit(s: &str, width: usize) -> String {
    let (out, used) = cut(s, width);
    format!("{out}{}", " ".repeat(width - used))
}

/// `s` padded to at least `width` terminal columns (never cut: ids stay whole).
pub fn pad(s: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    format!("{s}{}", " ".repeat(width.saturating_sub(s.width())))
}

/// `s` aligned right in at least `width` terminal columns (never cut).
pub fn pad_right(s: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    format!("{}{s}", " ".repeat(width.saturating_sub(s.width())))
}

/// The longest start of `s` that fits `width` terminal columns, and its width.
fn cut(s: &str, width: usize) -> (String, usize) {
    use unicode_width::UnicodeWidthChar;
    let mut out = String::new();
    let mut used = 0;
    for ch in s.chars() {
        let w = ch.width().unwrap_or(0);
        if used + w > width {
            break;
        }
        used += w;
        out.push(ch);
    }
    (out, used)
}

#[cfg(test)]
mod tests {
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn japanese_names_are_padded_by_display_width_and_ids_never_cut() {
        assert_eq!(super::pad("所沢市", 10).width(), 10);
        assert_eq!(super::pad("soka", 10).width(), 10);
        assert_eq!(super::pad_right("日数", 6), "  日数");
        assert_eq!(super::pad("c01-k16", 6), "c01-k16");
        assert_eq!(super::fit("春日部市の会場", 9).width(), 9);
    }
}
