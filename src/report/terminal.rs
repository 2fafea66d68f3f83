//! Text for the terminal: control characters shown, never executed.
//!
//! Names, ids and messages come from files a person may have received from someone
//! else; an ESC sequence in a scenario or model name would move the cursor, recolour or
//! retitle the terminal, a CR would overwrite the line before it, and a bidirectional
//! override would show a line in another order than it reads. Everything the binary
//! prints goes through [`visible`] (in `cli::emit` and [`note`], which the binary and
//! the solver's `--verbose` lines use).

use std::borrow::Cow;

/// `text` as a line on stderr, through [`visible`]. A closed stderr is ignored: there
/// is nowhere left to say it, and `eprintln!` would panic there (`roster solve
/// --verbose 2>&1 | head` hung once a solver thread had panicked on it).
pub fn note(text: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{}", visible(text));
}

/// Whether `c` is shown as an escape rather than written raw: C0 controls but line
/// feed and tab, DEL, C1 controls (U+0080-U+009F), and the invisible marks that change
/// the direction text is shown in (U+061C, U+200E, U+200F, U+202A-U+202E,
/// U+2066-U+2069).
fn hidden(c: char) -> bool {
    match c {
        '\n' | '\t' => false,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' => true,
        '\u{2066}'..='\u{2069}' => true,
        _ => false,
    }
}

/// `text` with every control character but `\n` and `\t`, and every bidirectional
/// mark, written as `\uXXXX` (four hex digits: ESC is `\u001b`, CR `\u000d`). The
/// form is also a JSON string escape, so JSON output stays valid JSON and means the
/// same. Text with nothing to show is returned as it is.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if hidden(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Text for a file a person reads (a letter in `notices/`, `roster.html`): line
/// breaks written as LF (CR LF and a lone CR become LF, so a CR cannot overwrite
/// the line before it in `cat`), then [`visible`] for every other control character
/// and direction mark. The one rule for people-facing text files, applied by each
/// file's writer to the whole text.
pub fn readable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(hidden) {
        return Cow::Borrowed(text);
    }
    let lf = if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    };
    match visible(&lf) {
        Cow::Borrowed(_) => lf,
        Cow::Owned(o) => Cow::Owned(o),
    }
}

#[cfg(test)]
mod tests {
    use super::{readable, visible};

    #[test]
    fn readable_text_has_lf_line_breaks_and_no_raw_controls() {
        assert_eq!(readable("a\r\nb\rc\nd"), "a\nb\nc\nd");
        assert_eq!(readable("\u{1b}]0;pwn\u{7}"), "\\u001b]0;pwn\\u0007");
        assert_eq!(readable("\u{202e}x\u{9b}"), "\\u202ex\\u009b");
        assert!(matches!(
            readable("受付\t次郎\n"),
            std::borrow::Cow::Borrowed(_)
        ));
        let all: String = (0u32..0x300).filter_map(char::from_u32).collect();
        let r = readable(&all);
        assert!(
            !r.chars().any(|c| c.is_control() && c != '\n' && c != '\t'),
            "{r:?}"
        );
    }

    #[test]
    fn escape_sequences_are_shown_not_sent() {
        assert_eq!(visible("a\u{1b}[31mred"), "a\\u001b[31mred");
        assert_eq!(visible("over\rwrite"), "over\\u000dwrite");
        assert_eq!(visible("bell\u{7}"), "bell\\u0007");
        assert_eq!(visible("del\u{7f}"), "del\\u007f");
        assert_eq!(visible("csi\u{9b}2J"), "csi\\u009b2J");
        assert_eq!(visible("\u{202e}txt.exe"), "\\u202etxt.exe");
        assert_eq!(visible("\u{2066}x\u{2069}"), "\\u2066x\\u2069");
        assert_eq!(visible("nul\u{0}"), "nul\\u0000");
    }

    #[test]
    fn ordinary_text_lines_and_tabs_pass_unchanged() {
        for t in [
            "",
            "plain",
            "管理 一郎\tアルファ市",
            "two\nlines\n",
            "¥100 — ok",
        ] {
            assert!(matches!(visible(t), std::borrow::Cow::Borrowed(_)), "{t:?}");
            assert_eq!(visible(t), t);
        }
    }

    #[test]
    fn json_output_stays_valid_json() {
        let json = serde_json::to_string(&"a\u{202e}b\u{85}c").unwrap();
        let shown = visible(&json);
        let back: String = serde_json::from_str(&shown).unwrap();
        assert_eq!(back, "a\u{202e}b\u{85}c");
        assert!(!shown.contains('\u{202e}'));
    }

    #[test]
    fn output_holds_no_control_byte() {
        let all: String = (0u32..0x300).filter_map(char::from_u32).collect();
        let shown = visible(&all);
        assert!(!shown.contains('\u{1b}'));
        assert!(!shown
            .chars()
            .any(|c| c != '\n' && c != '\t' && super::hidden(c)));
    }
}
