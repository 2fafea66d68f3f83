//! Plan folders on disk: which files are roster's own, and replacing them whole or not at all.
//!
//! The output-safety contract (docs/outputs.md, "Output safety"):
//! - only the files named by [`OWNED`] are roster's; every other file or folder in a plan
//!   folder (a note, a copy, a spreadsheet) survives every command, with or without
//!   `--force`;
//! - a folder is replaced whole or not at all: the new folder is built beside the old one
//!   (foreign files hard-linked or copied in) and swapped in with one atomic rename
//!   (Linux `renameat2(RENAME_EXCHANGE)`), so a run killed at any moment leaves either
//!   the old folder byte for byte or the new one whole;
//! - a baseline is never written: `--out` may not be the baseline, nor inside it, nor
//!   contain it, however the path is spelt (symlink, `./B/`, a relative path).

use std::path::{Component, Path, PathBuf};

use crate::plan::files::{ASSIGNMENTS, EVENTS, ROSTER_JSON, STAFF, TEAMS, VIOLATIONS};

/// One file of a plan folder: its path inside the folder (`/`-separated; it may name a
/// subfolder, `calendars/c05.ics`) and its bytes.
pub type PlanFile = (String, Vec<u8>);

/// The files roster owns in a plan folder, the one list of them: a command may replace
/// or drop these and nothing else. An entry may end in a `*` pattern for its last part
/// (`calendars/*.ics`: every `.ics` file directly in `calendars/`).
pub const OWNED: &[&str] = &[
    ROSTER_JSON,
    EVENTS,
    ASSIGNMENTS,
    TEAMS,
    STAFF,
    VIOLATIONS,
    "changes.csv",
    "notices.csv",
    "notices/*.txt",
    "calendars/*.ics",
    "roster.xlsx",
    "roster.html",
    // A training provider's plan (issue 10).
    "courses.csv",
    "sessions.csv",
    crate::plan::history::HISTORY,
];

/// Whether `rel` (a path inside a plan folder, `/`-separated) is one of roster's files.
pub fn is_owned(rel: &str) -> bool {
    OWNED.iter().any(|pattern| matches(pattern, rel))
}

/// `pattern` against `rel`, part by part; a part of the pattern may be `*` or `*.ext`.
fn matches(pattern: &str, rel: &str) -> bool {
    let p: Vec<&str> = pattern.split('/').collect();
    let r: Vec<&str> = rel.split('/').collect();
    p.len() == r.len()
        && p.iter().zip(&r).all(|(p, r)| match p.strip_prefix('*') {
            Some(suffix) => r.ends_with(suffix) && r.len() > suffix.len(),
            None => p == r,
        })
}

/// Why a plan folder was not written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The directory holds a different plan.
    #[error("error[E040]: {0}: holds a different plan\n  help: choose another --out directory, or pass --force to replace roster's files in it (other files are kept)")]
    Exists(PathBuf),
    /// The path exists but is not a plan directory.
    #[error("error[E041]: {0}: exists and is not a plan directory\n  help: choose another --out directory (a new or empty one, or one roster wrote)")]
    NotAPlan(PathBuf),
    /// `--out` is the baseline, or one is inside the other.
    #[error("error[E047]: {out}: is the baseline {baseline}{how}; a baseline is never written\n  help: give --out a new directory beside the baseline")]
    IsBaseline {
        /// The output path as given.
        out: PathBuf,
        /// The baseline as given.
        baseline: PathBuf,
        /// "" or " (or inside it)" etc.
        how: &'static str,
    },
    /// I/O failed.
    #[error("error[E042]: {path}: {message}\n  help: check that the directory is writable and the disk has room")]
    Io {
        /// Where (a path the user gave, never a hidden temporary one).
        path: PathBuf,
        /// What, in words.
        message: String,
    },
}

fn io_error(path: &Path, e: &std::io::Error) -> WriteError {
    WriteError::Io {
        path: path.to_path_buf(),
        message: match e.kind() {
            std::io::ErrorKind::PermissionDenied => "permission denied".into(),
            std::io::ErrorKind::NotFound => "a folder on the way does not exist".into(),
            _ => format!("cannot be written ({e})"),
        },
    }
}

/// The absolute path `p` names, with symlinks of its existing part resolved and `.`,
/// `..` and trailing slashes taken out, so two spellings of one folder compare equal.
pub fn resolve(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let mut clean = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                clean.pop();
            }
            other => clean.push(other),
        }
    }
    // Resolve the longest part that exists, then add the rest.
    let mut existing = clean.clone();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = std::fs::canonicalize(&existing) {
            let mut out = real;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return out;
        }
        match (
            existing.file_name().map(|n| n.to_os_string()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => return clean,
        }
    }
}

/// Refuses an output folder that is the baseline, lies inside it or contains it
/// (E047): a baseline is never written, however the two paths are spelt.
pub fn refuse_baseline(out: &Path, baseline: &Path) -> Result<(), WriteError> {
    let (o, b) = (resolve(out), resolve(baseline));
    let how = if o == b {
        ""
    } else if o.starts_with(&b) {
        " (--out lies inside it)"
    } else if b.starts_with(&o) {
        " (--out contains it)"
    } else {
        return Ok(());
    };
    Err(WriteError::IsBaseline {
        out: out.to_path_buf(),
        baseline: baseline.to_path_buf(),
        how,
    })
}

/// Whether `dir` may be written before anything is solved: it is new, empty, or holds a
/// plan; and, without `force`, a plan of the same model (`model_digest`, as roster.json
/// records it). Whether it is the *same* plan is known only after solving
/// ([`preflight`]). Nothing is written.
pub fn preflight_early(dir: &Path, force: bool, model_digest: &str) -> Result<(), WriteError> {
    if !holds_plan(dir)? || force {
        return Ok(());
    }
    let recorded = crate::plan::files::read_roster_json(dir)
        .ok()
        .flatten()
        .map(|r| r.model_digest);
    if recorded.as_deref() != Some(model_digest) {
        return Err(WriteError::Exists(dir.to_path_buf()));
    }
    Ok(())
}

/// `Ok(false)` for a new or empty folder, `Ok(true)` for one that holds a plan
/// (roster.json), E041 for anything else.
fn holds_plan(dir: &Path) -> Result<bool, WriteError> {
    if !dir.exists() {
        return Ok(false);
    }
    if !dir.is_dir() {
        return Err(WriteError::NotAPlan(dir.to_path_buf()));
    }
    let empty = std::fs::read_dir(dir)
        .map_err(|e| io_error(dir, &e))?
        .next()
        .is_none();
    if empty {
        return Ok(false);
    }
    if !dir.join(ROSTER_JSON).is_file() {
        return Err(WriteError::NotAPlan(dir.to_path_buf()));
    }
    Ok(true)
}

/// Whether `files` may be written into `dir`: it is new, empty, holds the same plan
/// (roster's files equal, apart from roster.json's solve time), or `force` is given for
/// a directory that holds a plan. Nothing is written.
pub fn preflight(dir: &Path, files: &[PlanFile], force: bool) -> Result<(), WriteError> {
    if !holds_plan(dir)? || force {
        return Ok(());
    }
    let same = files.iter().all(|(name, bytes)| {
        name == ROSTER_JSON || std::fs::read(dir.join(name)).is_ok_and(|t| &t == bytes)
    }) && owned_in(dir)
        .iter()
        .all(|rel| files.iter().any(|(name, _)| name == rel));
    if same {
        Ok(())
    } else {
        Err(WriteError::Exists(dir.to_path_buf()))
    }
}

/// roster's files now in `dir` (relative, `/`-separated).
fn owned_in(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    walk(dir, "", &mut |rel, kind| {
        if kind == Kind::File && is_owned(rel) {
            out.push(rel.to_string());
        }
    });
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    File,
    Dir,
    Link,
}

/// Visits every entry under `dir` (not following symlinks), parents before children.
fn walk(dir: &Path, prefix: &str, visit: &mut dyn FnMut(&str, Kind)) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name().to_string_lossy().to_string();
        let rel = if prefix.is_empty() {
            name
        } else {
            format!("{prefix}/{name}")
        };
        let Ok(t) = e.file_type() else { continue };
        if t.is_symlink() {
            visit(&rel, Kind::Link);
        } else if t.is_dir() {
            visit(&rel, Kind::Dir);
            walk(&e.path(), &rel, visit);
        } else {
            visit(&rel, Kind::File);
        }
    }
}

/// Writes `files` into `dir` whole or not at all, keeping every file in it that is not
/// roster's. A directory holding a different plan is kept unless `force`; a folder that
/// is not a plan folder is never written (E041).
///
/// The new folder is built as a hidden sibling (foreign files hard-linked, or copied,
/// from the old one), then exchanged with the old folder in one atomic rename; the old
/// one is then deleted. If `dir` is a symlink, the folder it points to is replaced.
pub fn write_dir(dir: &Path, files: &[PlanFile], force: bool) -> Result<(), WriteError> {
    preflight(dir, files, force)?;
    let target = if dir.exists() {
        std::fs::canonicalize(dir).map_err(|e| io_error(dir, &e))?
    } else {
        dir.components().collect::<PathBuf>()
    };
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| io_error(&parent, &e))?;
    let base = target
        .file_name()
        .map_or("plan".into(), |n| n.to_string_lossy().to_string());
    remove_stale(&parent, &base);
    let tmp = parent.join(format!(".{base}.roster-new-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    let built = build(&tmp, &target, dir, files);
    if let Err(e) = built {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    if target.exists() {
        if let Err(e) = swap(&tmp, &target) {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(io_error(dir, &e));
        }
        // `tmp` now holds the old folder.
        let _ = std::fs::remove_dir_all(&tmp);
    } else if let Err(e) = std::fs::rename(&tmp, &target) {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(io_error(dir, &e));
    }
    Ok(())
}

/// Fills `tmp` with the foreign files of `target` (if it exists) and `files`. Errors
/// name `shown` (the folder as the user gave it), never the hidden temporary one.
fn build(tmp: &Path, target: &Path, shown: &Path, files: &[PlanFile]) -> Result<(), WriteError> {
    std::fs::create_dir_all(tmp).map_err(|e| io_error(shown, &e))?;
    if target.is_dir() {
        let mut failed: Option<(String, std::io::Error)> = None;
        walk(target, "", &mut |rel, kind| {
            if failed.is_some() || (kind == Kind::File && is_owned(rel)) {
                return;
            }
            let (from, to) = (target.join(rel), tmp.join(rel));
            let done = match kind {
                Kind::Dir => std::fs::create_dir_all(&to),
                Kind::Link => std::fs::read_link(&from).and_then(|l| symlink(&l, &to)),
                Kind::File => std::fs::hard_link(&from, &to)
                    .or_else(|_| std::fs::copy(&from, &to).map(|_| ())),
            };
            if let Err(e) = done {
                failed = Some((rel.to_string(), e));
            }
        });
        if let Some((rel, e)) = failed {
            return Err(io_error(&shown.join(rel), &e));
        }
    }
    for (name, bytes) in files {
        let path = tmp.join(name);
        let written = match path.parent() {
            Some(p) => std::fs::create_dir_all(p),
            None => Ok(()),
        }
        .and_then(|()| std::fs::write(&path, bytes));
        if let Err(e) = written {
            return Err(io_error(&shown.join(name), &e));
        }
    }
    Ok(())
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(not(unix))]
fn symlink(_target: &Path, _link: &Path) -> std::io::Result<()> {
    Ok(())
}

/// Exchanges the folders `new` and `old` in one atomic step, so `old`'s path always
/// names a whole folder. Where the kernel or filesystem cannot exchange, two renames
/// (a run killed between them leaves the old folder as `.NAME.roster-old-PID`).
fn swap(new: &Path, old: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        match renameat_with(CWD, new, CWD, old, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(()),
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) => return Err(e.into()),
        }
    }
    let parent = old.parent().unwrap_or(Path::new("."));
    let base = old
        .file_name()
        .map_or("plan".into(), |n| n.to_string_lossy().to_string());
    let aside = parent.join(format!(".{base}.roster-old-{}", std::process::id()));
    std::fs::rename(old, &aside)?;
    if let Err(e) = std::fs::rename(new, old) {
        let _ = std::fs::rename(&aside, old);
        return Err(e);
    }
    // Leave the old folder where the caller deletes what it thinks is `new`.
    std::fs::rename(&aside, new)
}

/// Deletes hidden siblings left by a killed run (`.NAME.roster-new-PID`,
/// `.NAME.roster-old-PID` of a process that is gone).
fn remove_stale(parent: &Path, base: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        let pid = [".roster-new-", ".roster-old-"].iter().find_map(|tag| {
            name.strip_prefix(&format!(".{base}{tag}"))
                .and_then(|p| p.parse::<u32>().ok())
        });
        if let Some(pid) = pid {
            if pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists() {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(text: &str) -> Vec<PlanFile> {
        OWNED
            .iter()
            .map(|n| (n.to_string(), text.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn owned_patterns_match_one_part() {
        assert!(is_owned("events.csv"));
        assert!(!is_owned("notes.txt"));
        assert!(matches("calendars/*.ics", "calendars/c05.ics"));
        assert!(!matches("calendars/*.ics", "calendars/notes.txt"));
        assert!(!matches("calendars/*.ics", "calendars/x/c05.ics"));
        assert!(!matches("calendars/*.ics", "c05.ics"));
    }

    #[test]
    fn foreign_files_survive_a_forced_rewrite() {
        let t = tempfile::tempdir().expect("temp");
        let dir = t.path().join("plan");
        write_dir(&dir, &files("a"), false).expect("first");
        std::fs::write(dir.join("notes.txt"), "mine").expect("note");
        std::fs::create_dir_all(dir.join("sub")).expect("sub");
        std::fs::write(dir.join("sub/x.csv"), "x").expect("x");
        assert!(matches!(
            write_dir(&dir, &files("b"), false),
            Err(WriteError::Exists(_))
        ));
        write_dir(&dir, &files("b"), true).expect("forced");
        assert_eq!(
            std::fs::read_to_string(dir.join("notes.txt"))
                .ok()
                .as_deref(),
            Some("mine")
        );
        assert_eq!(
            std::fs::read_to_string(dir.join("sub/x.csv"))
                .ok()
                .as_deref(),
            Some("x")
        );
        assert_eq!(
            std::fs::read_to_string(dir.join("events.csv"))
                .ok()
                .as_deref(),
            Some("b")
        );
        // Nothing hidden is left beside it.
        let left: Vec<_> = std::fs::read_dir(t.path()).expect("ls").flatten().collect();
        assert_eq!(left.len(), 1);
    }

    #[test]
    fn baseline_spellings_are_one_folder() {
        let t = tempfile::tempdir().expect("temp");
        let b = t.path().join("B");
        std::fs::create_dir_all(&b).expect("B");
        let link = t.path().join("L");
        symlink(&b, &link).expect("link");
        for out in [
            b.clone(),
            t.path().join("B/"),
            t.path().join("./B/."),
            t.path().join("x/../B"),
            link,
            b.join("new"),
        ] {
            assert!(refuse_baseline(&out, &b).is_err(), "{}", out.display());
        }
        assert!(refuse_baseline(&t.path().join("C"), &b).is_ok());
        assert!(refuse_baseline(&t.path().join("BB"), &b).is_ok());
    }
}
