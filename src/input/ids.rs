//! The one id rule, and the limits on free text.
//!
//! Ids are names, never paths: a staff, municipality or town id becomes a file name
//! (`calendars/<id>.ics`, `notices/<id>.txt`), an event series id the start of event
//! ids, and every id is a cell in the plan's CSV files. So every id that enters the
//! tool (model files of both kinds, scenario files, plan CSV cells read back, the
//! scenario texts of `history.json`) goes through [`check_id`]: ASCII letters, digits,
//! `-` and `_`, a letter or digit first, at most [`ID_MAX`] characters, and none of the
//! names Windows reserves for devices. Free text (names, addresses, notes) may hold
//! any character but NUL and has a length limit ([`check_text`]), so a 40,000-character
//! name is an input error at its line, not a failure deep inside rendering.

/// The longest id accepted (characters).
pub const ID_MAX: usize = 64;

/// The longest event id read back from a plan: a series or place id with its prefix
/// (`con-`, `sem-`) and date (`-YYYYMMDD`).
pub const EVENT_ID_MAX: usize = ID_MAX + 16;

/// The longest name (of a model, scenario, person, place, venue, room, course).
pub const NAME_MAX: usize = 200;

/// The longest longer text (an address, a note, a topic, a host).
pub const TEXT_MAX: usize = 500;

/// Names Windows reserves for devices: a file `con.ics` cannot be made there.
const DEVICE_NAMES: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Why an id is refused, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdProblem {
    /// What is wrong (names the id, with control characters shown visibly).
    pub message: String,
    /// How to fix it, with a cleaned-up id where one can be made.
    pub help: String,
}

/// The id as it may be shown: control and non-printing characters escaped, cut to a
/// readable length.
pub fn shown(id: &str) -> String {
    let mut out = String::new();
    for (i, c) in id.chars().enumerate() {
        if i == 40 {
            out.push('…');
            break;
        }
        if c.is_control() || c == '\u{feff}' {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// A cleaned-up form of `id` that passes the rule, if one can be made: the last
/// part of a path (`../../notes` → `notes`), other characters turned into `-`,
/// non-ASCII dropped, cut to [`ID_MAX`].
pub fn cleaned(id: &str) -> Option<String> {
    let last = id
        .split(['/', '\\'])
        .rev()
        .find(|p| p.chars().any(|c| c.is_ascii_alphanumeric()))
        .unwrap_or("");
    let mut out = String::new();
    for c in last.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else if c.is_ascii() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out: String = out
        .trim_matches(|c: char| !c.is_ascii_alphanumeric())
        .chars()
        .take(ID_MAX)
        .collect();
    let out = out.trim_end_matches(['-', '_']).to_string();
    if out.is_empty() {
        return None;
    }
    if DEVICE_NAMES.contains(&out.to_ascii_lowercase().as_str()) {
        return Some(format!("{out}-1"));
    }
    Some(out)
}

/// The rule's help line, with a suggestion where one can be made.
fn help_for(id: &str) -> String {
    let rule = format!(
        "ids are names, never paths: ASCII letters, digits, `-` and `_`, a letter or digit first, at most {ID_MAX} characters (see docs/model.md)"
    );
    match cleaned(id) {
        Some(c) if c != id => format!("write `{c}`; {rule}"),
        _ if !id.is_ascii() => format!(
            "write the name in `name` and give an ASCII id, e.g. its romaji (`kawagoe` for 川越); {rule}"
        ),
        _ => rule,
    }
}

/// Checks `id` (of a `what`: "staff", "municipality", ...) against the id rule.
pub fn check_id(id: &str, what: &str) -> Result<(), IdProblem> {
    check_id_max(id, what, ID_MAX)
}

/// [`check_id`] with another length limit (event ids read back from a plan).
pub fn check_id_max(id: &str, what: &str, max: usize) -> Result<(), IdProblem> {
    let n = id.chars().count();
    if id.is_empty() {
        return Err(IdProblem {
            message: format!("the {what} id is empty"),
            help: help_for(id),
        });
    }
    if n > max {
        return Err(IdProblem {
            message: format!(
                "the {what} id `{}` is {n} characters long; at most {max} are allowed",
                shown(id)
            ),
            help: help_for(id),
        });
    }
    if let Some(bad) = id
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        let which = match bad {
            '/' | '\\' => "a path separator".to_string(),
            '.' => "a dot".to_string(),
            '\0' => "a NUL character".to_string(),
            '\u{feff}' => "a byte-order mark (U+FEFF, invisible)".to_string(),
            c if c.is_whitespace() => "a space".to_string(),
            c if c.is_control() || c == '\u{feff}' => {
                format!("the control character `{}`", c.escape_default())
            }
            c if !c.is_ascii() => format!("the non-ASCII character `{c}`"),
            c => format!("the character `{c}`"),
        };
        return Err(IdProblem {
            message: format!("the {what} id `{}` holds {which}", shown(id)),
            help: help_for(id),
        });
    }
    if !id.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return Err(IdProblem {
            message: format!(
                "the {what} id `{}` does not start with a letter or digit",
                shown(id)
            ),
            help: help_for(id),
        });
    }
    if DEVICE_NAMES.contains(&id.to_ascii_lowercase().as_str()) {
        return Err(IdProblem {
            message: format!(
                "the {what} id `{id}` is a name Windows reserves for a device (con, prn, aux, nul, com1-9, lpt1-9)"
            ),
            help: format!("write `{id}1` or another id"),
        });
    }
    Ok(())
}

/// Checks an event series id: the id rule, and not a prefix roster gives the event ids
/// it makes itself (`office-YYYYMMDD`, `con-<municipality>-YYYYMMDD`,
/// `sem-<municipality>-YYYYMMDD`), since a series `office` or `con-alpha` would make
/// event ids that are also an office or consultation day's.
pub fn check_series_id(id: &str) -> Result<(), IdProblem> {
    check_id(id, "event series")?;
    let lower = id.to_ascii_lowercase();
    let reserved = ["office", "con", "sem"]
        .iter()
        .find(|w| lower == **w || lower.starts_with(&format!("{w}-")));
    if let Some(w) = reserved {
        return Err(IdProblem {
            message: format!(
                "the event series id `{id}` would make event ids of the form `{w}-…`, which roster gives office, consultation and seminar days"
            ),
            help: format!(
                "an event series id may not be `office`, `con` or `sem` or start with `con-` or `sem-`: write e.g. `series-{id}`"
            ),
        });
    }
    Ok(())
}

/// Checks free text (a `what`: "name", "address", ...): no NUL, at most `max`
/// characters. Line breaks and other control characters are kept (each output format
/// escapes them).
pub fn check_text(text: &str, what: &str, max: usize) -> Result<(), IdProblem> {
    if text.contains('\0') {
        return Err(IdProblem {
            message: format!("the {what} holds a NUL character (\\u{{0}})"),
            help: "delete the NUL character; it is never part of a text".into(),
        });
    }
    let n = text.chars().count();
    if n > max {
        return Err(IdProblem {
            message: format!("the {what} is {n} characters long; at most {max} are allowed"),
            help: format!("shorten it to {max} characters or fewer (see docs/model.md)"),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_style_ids_pass() {
        for id in ["c01", "saitama-omiya", "alpha-hall", "r2", "job_fair", "A1"] {
            assert_eq!(check_id(id, "staff"), Ok(()), "{id}");
        }
    }

    #[test]
    fn path_like_ids_are_refused_with_a_cleaned_suggestion() {
        let e = check_id("../../notes", "staff").expect_err("refused");
        assert!(e.message.contains("a dot"), "{}", e.message);
        assert!(e.help.contains("`notes`"), "{}", e.help);
        let e = check_id("a/b", "staff").expect_err("refused");
        assert!(e.message.contains("path separator"), "{}", e.message);
        assert!(e.help.contains("`b`"), "{}", e.help);
        assert!(check_id("/etc/passwd", "staff").is_err());
        assert!(check_id("C:\\x", "staff").is_err());
        assert!(check_id("a b", "staff").is_err());
        assert!(check_id("-a", "staff").is_err());
        assert!(check_id("", "staff").is_err());
    }

    #[test]
    fn nul_non_ascii_and_long_ids_are_refused() {
        let e = check_id("a\0b", "staff").expect_err("refused");
        assert!(e.message.contains("NUL"), "{}", e.message);
        assert!(!e.message.contains('\0'));
        let e = check_id("川越", "municipality").expect_err("refused");
        assert!(e.help.contains("romaji"), "{}", e.help);
        let long = "a".repeat(300);
        let e = check_id(&long, "staff").expect_err("refused");
        assert!(e.message.contains("300 characters"), "{}", e.message);
        assert_eq!(check_id(&"a".repeat(ID_MAX), "staff"), Ok(()));
    }

    #[test]
    fn device_names_and_generated_prefixes_are_reserved() {
        for id in ["con", "NUL", "com1", "Lpt9"] {
            assert!(check_id(id, "staff").is_err(), "{id}");
        }
        assert_eq!(check_id("com10", "staff"), Ok(()));
        for id in ["office", "con-alpha", "sem-beta", "Office"] {
            assert!(check_series_id(id).is_err(), "{id}");
        }
        assert_eq!(check_series_id("outreach"), Ok(()));
        assert_eq!(check_series_id("contact"), Ok(()));
        assert_eq!(check_id("office", "staff"), Ok(()));
    }

    #[test]
    fn text_limits() {
        assert!(check_text("受付 花子\r\n\u{1b}[31m", "name", NAME_MAX).is_ok());
        assert!(check_text("a\0", "name", NAME_MAX).is_err());
        assert!(check_text(&"x".repeat(40_000), "name", NAME_MAX).is_err());
    }
}
