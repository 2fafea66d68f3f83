//! Input errors: a stable code, the place in the file, what is wrong and how to fix it.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem found in an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// Stable code, listed in `docs/errors.md`.
    pub code: &'static str,
    /// The file.
    pub file: PathBuf,
    /// 1-based line (0 when the problem is the file as a whole).
    pub line: usize,
    /// 1-based column (0 when the problem is the file as a whole).
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(
                f,
                "error[{}]: {}: {}",
                self.code,
                self.file.display(),
                self.message
            )?;
        } else {
            write!(
                f,
                "error[{}]: {}:{}:{}: {}",
                self.code,
                self.file.display(),
                self.line,
                self.column,
                self.message
            )?;
        }
        if !self.help.is_empty() {
            write!(f, "\n  help: {}", self.help)?;
        }
        Ok(())
    }
}

/// Every problem found in one input file, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputErrors(pub Vec<InputError>);

impl fmt::Display for InputErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        let n = self.0.len();
        write!(
            f,
            "\n{n} problem{} found; nothing was written.",
            if n == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for InputErrors {}

/// Collects errors for one file, turning byte spans into lines and columns.
#[derive(Debug)]
pub struct Collector<'a> {
    file: &'a Path,
    text: &'a str,
    /// Errors so far.
    pub errors: Vec<InputError>,
}

impl<'a> Collector<'a> {
    /// A collector for `file` whose contents are `text`.
    pub fn new(file: &'a Path, text: &'a str) -> Self {
        Collector {
            file,
            text,
            errors: Vec::new(),
        }
    }

    /// Records a problem at byte offset `at`.
    pub fn push(
        &mut self,
        code: &'static str,
        at: usize,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let (line, column) = line_col(self.text, at);
        self.errors.push(InputError {
            code,
            file: self.file.to_path_buf(),
            line,
            column,
            message: message.into(),
            help: help.into(),
        });
    }

    /// Finishes: `Err` with every error in file order, if any.
    pub fn finish(mut self) -> Result<(), InputErrors> {
        if self.errors.is_empty() {
            return Ok(());
        }
        self.errors.sort_by_key(|e| (e.line, e.column));
        self.errors.dedup();
        Err(InputErrors(self.errors))
    }
}

/// A whole-file problem (cannot read, empty).
pub fn file_error(code: &'static str, file: &Path, message: String, help: &str) -> InputErrors {
    InputErrors(vec![InputError {
        code,
        file: file.to_path_buf(),
        line: 0,
        column: 0,
        message,
        help: help.to_string(),
    }])
}

/// 1-based line and column (in characters) of byte offset `at` in `text`.
pub fn line_col(text: &str, at: usize) -> (usize, usize) {
    let at = at.min(text.len());
    let mut at = at;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// The candidate a user most likely meant by `wanted`: the same letters in another
/// case; else one that contains it (`omiya` → `saitama-omiya`; the shortest such);
/// else the closest by edit distance, if close enough to help.
pub fn nearest<'c>(wanted: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let candidates: Vec<&str> = candidates.into_iter().collect();
    let lower = wanted.trim().to_lowercase();
    if let Some(c) = candidates.iter().find(|c| c.to_lowercase() == lower) {
        return Some(c);
    }
    if lower.chars().count() >= 3 {
        let mut containing: Vec<&str> = candidates
            .iter()
            .copied()
            .filter(|c| c.to_lowercase().contains(&lower))
            .collect();
        containing.sort_by_key(|c| (c.len(), *c));
        if let Some(c) = containing.first() {
            return Some(c);
        }
    }
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = edit_distance(wanted, c);
        if best.is_none_or(|(bd, bc)| d < bd || (d == bd && c < bc)) {
            best = Some((d, c));
        }
    }
    let limit = wanted.chars().count().max(3) / 2 + 1;
    best.filter(|(d, _)| *d <= limit).map(|(_, c)| c)
}

/// Levenshtein distance over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// What kind of file other than a regular one `t` is, in words ("a FIFO (named
/// pipe)", "a device", ...): the one wording of every refusal of a special file.
pub(crate) fn file_kind(t: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    if t.is_symlink() {
        "a symbolic link"
    } else if t.is_dir() {
        "a directory"
    } else {
        "a special file"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let t = "a = 1\nname = \"所沢\" x";
        let at = t.find('x').unwrap_or(0);
        assert_eq!(line_col(t, at), (2, 13));
        assert_eq!(line_col(t, 0), (1, 1));
    }

    #[test]
    fn nearest_suggests_close_names_only() {
        let names = ["tokorozawa", "soka", "kawagoe"];
        assert_eq!(nearest("tokorozwa", names), Some("tokorozawa"));
        assert_eq!(nearest("kawagoee", names), Some("kawagoe"));
        assert_eq!(nearest("zzzzzzzzzzzz", names), None);
    }

    #[test]
    fn regression_nearest_prefers_an_id_containing_the_word() {
        let names = ["ina", "saitama-omiya", "soka"];
        assert_eq!(nearest("omiya", names), Some("saitama-omiya"));
        assert_eq!(nearest("Soka", names), Some("soka"));
    }
}
