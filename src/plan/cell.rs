//! Spreadsheet-safe CSV cells: the one escape/unescape pair every CSV roster writes
//! and reads goes through.
//!
//! The plan's CSV files carry a byte-order mark so Excel opens them straight away, and
//! Excel runs a cell that begins with `=`, `+`, `-` or `@` (or a tab or carriage return
//! before one) as a formula: a staff name `=HYPERLINK(...)` would become code. As
//! spreadsheet-safe exporters do (OWASP, "CSV injection"), such a cell is written with a
//! single quote `'` in front, which Excel shows and never evaluates. A plain number
//! (`-12.5`, `+3`, `-1e5`) is no formula and stays as it is, so it is still a number
//! in the spreadsheet. A cell that already begins with `'` gets one more, so that the
//! reader, which takes exactly one leading `'` away, gives back what was written: a
//! round trip through the files is lossless.

use std::borrow::Cow;

/// Characters that make a spreadsheet read a cell as a formula (or, for tab and CR,
/// can precede one), plus the quote itself (escaped so [`unescape`] is exact).
const NEUTRALISED: [char; 7] = ['=', '+', '-', '@', '\t', '\r', '\''];

/// Whether `s` is a plain decimal number (`-12`, `+3.5`, `.5`, `-1e5`): a spreadsheet
/// reads it as a number, never as a formula.
fn is_plain_number(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let mut digits = i - int_start;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let frac_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        digits += i - frac_start;
    }
    if digits == 0 {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let exp_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == exp_start {
            return false;
        }
    }
    i == b.len()
}

/// The cell as written: `'` in front of a text that begins with a formula prefix
/// (`=`, `+`, `-`, `@`, tab, CR) or with `'`; anything else (plain numbers included)
/// unchanged.
pub fn escape(s: &str) -> Cow<'_, str> {
    match s.chars().next() {
        Some(c) if NEUTRALISED.contains(&c) && !is_plain_number(s) => Cow::Owned(format!("'{s}")),
        _ => Cow::Borrowed(s),
    }
}

/// The text of a cell as read: one leading `'` taken away (the inverse of [`escape`]).
pub fn unescape(s: &str) -> &str {
    s.strip_prefix('\'').unwrap_or(s)
}

/// Whether a spreadsheet would read the cell as a formula: it begins with a formula
/// prefix and is not a plain number. No cell [`escape`] writes is one.
pub fn is_formula(s: &str) -> bool {
    matches!(s.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r')) && !is_plain_number(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLES: &[&str] = &[
        "",
        "plain",
        "管理 一郎",
        "=HYPERLINK(\"http://x\",\"y\")",
        "+1+1",
        "-2+3",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
        "'",
        "''=1",
        "'quoted",
        "-12.5",
        "+3",
        "-1e5",
        "-",
        "-.",
        "-e5",
        "1e",
        "-inf",
        "-NaN",
        "=",
        "a=b",
        " =1",
    ];

    #[test]
    fn a_round_trip_gives_back_every_text() {
        for s in SAMPLES {
            assert_eq!(unescape(&escape(s)), *s, "{s:?}");
        }
        // Generated texts: every short string over an alphabet of the prefixes.
        let alphabet = ['=', '+', '-', '@', '\t', '\r', '\'', '1', '.', 'e', 'a'];
        let mut texts = vec![String::new()];
        for _ in 0..3 {
            let mut next = Vec::new();
            for t in &texts {
                for c in alphabet {
                    next.push(format!("{t}{c}"));
                }
            }
            texts.extend(next);
        }
        for s in &texts {
            let e = escape(s);
            assert_eq!(unescape(&e), s, "{s:?}");
            assert!(!is_formula(&e), "{s:?} escaped to a formula {e:?}");
        }
    }

    #[test]
    fn no_escaped_cell_begins_with_a_formula_prefix() {
        for s in SAMPLES {
            let e = escape(s);
            assert!(!is_formula(&e), "{s:?} -> {e:?}");
        }
        assert_eq!(escape("=1+1"), "'=1+1");
        assert_eq!(escape("@x"), "'@x");
        assert_eq!(escape("'x"), "''x");
        assert_eq!(escape("\r=1"), "'\r=1");
    }

    #[test]
    fn plain_numbers_stay_numbers() {
        for n in ["-12.5", "+3", "-1e5", "-.5", "-0", "12", "-3.", "1E-3"] {
            assert_eq!(escape(n), n);
        }
        for not in [
            "-", "-.", "-e5", "-1e", "-inf", "-NaN", "-1-1", "+1+1", "- 1",
        ] {
            assert_eq!(escape(not), format!("'{not}"), "{not:?}");
        }
    }
}
