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
use crate::safe_fs;

pub use super::files::PlanFile;

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
    "deadlines.csv",
    // Who a re-plan affects (issue 16, part 4).
    "affected.csv",
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
    /// A symbolic link inside the folder (E049), or a path that would leave it (E050).
    #[error("{0}")]
    Fs(safe_fs::FsError),
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
    // roster never writes through a link, nor copies one into the folder it rebuilds.
    if let Some(rel) = first_link(dir) {
        return Err(WriteError::Fs(safe_fs::FsError::Link(dir.join(rel))));
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
/// is not a plan folder is never written (E041); a folder holding a symbolic link is
/// never written (E049).
///
/// The new folder is built as a hidden sibling (foreign files hard-linked, or copied,
/// from the old one), then exchanged with the old folder in one atomic rename; the old
/// one is then deleted. If `dir` is a symlink, the folder it points to is replaced.
pub fn write_dir(dir: &Path, files: &[PlanFile], force: bool) -> Result<(), WriteError> {
    stage(dir, files, force)?.commit()
}

/// A plan folder built whole as a hidden sibling of its destination, not yet in place:
/// [`Staged::commit`] swaps it in; dropping it removes it.
pub struct Staged {
    tmp: PathBuf,
    target: PathBuf,
    shown: PathBuf,
    files: Vec<PlanFile>,
    force: bool,
    done: bool,
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

/// The first part of a hidden sibling's name (`.NAME.roster-new-PID-`), `NAME` cut so
/// the whole name stays within the 255-byte limit.
fn sibling_prefix(base: &str, tag: &str) -> String {
    let short: String = base.chars().take(100).collect();
    format!(".{short}{tag}{}-", std::process::id())
}

/// A new, empty, uniquely named hidden folder beside `dir` (`.NAME.roster-new-PID-XXXXXX`,
/// created exclusively), in which a folder for `dir` is built whole before one rename
/// puts it in place. Hidden folders left by killed runs are removed first.
pub fn hidden_sibling(dir: &Path) -> Result<PathBuf, WriteError> {
    new_sibling(&dir.components().collect::<PathBuf>(), dir)
}

fn new_sibling(target: &Path, shown: &Path) -> Result<PathBuf, WriteError> {
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // The folders above --out are the user's to name (`--out a/b/plan` makes `a/b`).
    safe_fs::create_named_dir(&parent).map_err(|e| match e {
        safe_fs::FsError::Io { error, .. } => io_error(&parent, &error),
        e => WriteError::Fs(e),
    })?;
    let base = target
        .file_name()
        .map_or("plan".into(), |n| n.to_string_lossy().to_string());
    remove_stale(&parent, &base);
    safe_fs::temp_dir_in(&parent, &sibling_prefix(&base, ".roster-new-")).map_err(|e| match e {
        safe_fs::FsError::Io { error, .. } => io_error(shown, &error),
        e => WriteError::Fs(e),
    })
}

/// Builds `files` (and the foreign files of `dir`) as a hidden sibling of `dir`, after
/// [`preflight`]; nothing is in place until [`Staged::commit`].
pub fn stage(dir: &Path, files: &[PlanFile], force: bool) -> Result<Staged, WriteError> {
    preflight(dir, files, force)?;
    let target = if dir.exists() {
        std::fs::canonicalize(dir).map_err(|e| io_error(dir, &e))?
    } else {
        dir.components().collect::<PathBuf>()
    };
    let tmp = new_sibling(&target, dir)?;
    let staged = Staged {
        tmp,
        target,
        shown: dir.to_path_buf(),
        files: files.to_vec(),
        force,
        done: false,
    };
    build(&staged.tmp, &staged.target, dir, files)?;
    Ok(staged)
}

impl Staged {
    /// Puts the built folder in place. The destination is looked at again right before
    /// (another run may have written it since [`stage`]): a different plan there now is
    /// E040 unless `force`. A destination that does not exist is created by a rename
    /// that refuses to replace anything (`RENAME_NOREPLACE`), so of two runs writing one
    /// new folder exactly one succeeds; an existing plan folder is exchanged atomically.
    pub fn commit(mut self) -> Result<(), WriteError> {
        for _ in 0..4 {
            preflight(&self.shown, &self.files, self.force)?;
            match std::fs::symlink_metadata(&self.target) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    match safe_fs::rename_noreplace(&self.tmp, &self.target) {
                        Ok(()) => {
                            self.done = true;
                            return Ok(());
                        }
                        // Written meanwhile: look at it again.
                        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                        Err(e) => return Err(io_error(&self.shown, &e)),
                    }
                }
                Err(e) => return Err(io_error(&self.shown, &e)),
                Ok(_) if is_empty_dir(&self.target) => {
                    // rename(2) would replace an empty folder silently, and so would
                    // another run's: take the empty folder away and rename without
                    // replacing, so a run that filled it meanwhile is seen.
                    if safe_fs::remove_empty_dir(&self.target).is_err()
                        && is_empty_dir(&self.target)
                    {
                        // It cannot be removed (a mount point): exchange it.
                        return self.exchange();
                    }
                }
                Ok(_) => return self.exchange(),
            }
        }
        Err(WriteError::Exists(self.shown.clone()))
    }

    fn exchange(mut self) -> Result<(), WriteError> {
        let parent = self.target.parent().unwrap_or(Path::new("."));
        let base = self
            .target
            .file_name()
            .map_or("plan".into(), |n| n.to_string_lossy().to_string());
        let aside = parent.join(format!("{}0", sibling_prefix(&base, ".roster-old-")));
        safe_fs::exchange(&self.tmp, &self.target, &aside)
            .map_err(|e| io_error(&self.shown, &e))?;
        // `tmp` now holds the old folder; dropping `self` deletes it.
        let _ = std::fs::remove_dir_all(&self.tmp);
        self.done = true;
        Ok(())
    }
}

fn is_empty_dir(p: &Path) -> bool {
    std::fs::read_dir(p).is_ok_and(|mut d| d.next().is_none())
}

/// A [`safe_fs`] error about `rel` in the folder being built, told about `shown/rel`
/// (the folder as the user gave it), never the hidden temporary one.
fn fs_error(shown: &Path, rel: &str, e: safe_fs::FsError) -> WriteError {
    use safe_fs::FsError;
    match e {
        FsError::Escapes { rel, .. } => WriteError::Fs(FsError::Escapes {
            folder: shown.to_path_buf(),
            rel,
        }),
        FsError::Link(_) => WriteError::Fs(FsError::Link(shown.join(rel))),
        FsError::Exists(_) => io_error(
            &shown.join(rel),
            &std::io::Error::from(std::io::ErrorKind::AlreadyExists),
        ),
        FsError::Io { error, .. } => io_error(&shown.join(rel), &error),
    }
}

/// Fills `tmp` with the foreign files of `target` (if it exists) and `files`. Errors
/// name `shown` (the folder as the user gave it), never the hidden temporary one. A
/// symbolic link anywhere in `target` is refused (E049) before anything is copied.
fn build(tmp: &Path, target: &Path, shown: &Path, files: &[PlanFile]) -> Result<(), WriteError> {
    if target.is_dir() {
        let mut entries = Vec::new();
        walk(target, "", &mut |rel, kind| {
            entries.push((rel.to_string(), kind))
        });
        if let Some((rel, _)) = entries.iter().find(|(_, k)| *k == Kind::Link) {
            return Err(WriteError::Fs(safe_fs::FsError::Link(shown.join(rel))));
        }
        for (rel, kind) in &entries {
            let done = match kind {
                Kind::Dir => safe_fs::create_dirs(tmp, Path::new(rel)).map(|_| ()),
                Kind::File if is_owned(rel) => Ok(()),
                Kind::File => safe_fs::link_or_copy(&target.join(rel), tmp, Path::new(rel)),
                Kind::Link => Ok(()),
            };
            done.map_err(|e| fs_error(shown, rel, e))?;
        }
    }
    for (name, bytes) in files {
        safe_fs::write(tmp, Path::new(name), bytes, safe_fs::Mode::CreateNew)
            .map_err(|e| fs_error(shown, name, e))?;
    }
    Ok(())
}

/// The first symbolic link inside `dir` (relative path), if any.
fn first_link(dir: &Path) -> Option<String> {
    let mut found = None;
    walk(dir, "", &mut |rel, kind| {
        if kind == Kind::Link && found.is_none() {
            found = Some(rel.to_string());
        }
    });
    found
}

/// Deletes hidden siblings left by a killed run (`.NAME.roster-new-PID-XXXXXX`,
/// `.NAME.roster-old-PID-0` of a process that is gone).
fn remove_stale(parent: &Path, base: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let short: String = base.chars().take(100).collect();
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        let pid = [".roster-new-", ".roster-old-"].iter().find_map(|tag| {
            name.strip_prefix(&format!(".{short}{tag}"))
                .and_then(|p| p.split('-').next())
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
    fn a_folder_written_meanwhile_is_not_replaced() {
        let t = tempfile::tempdir().expect("temp");
        let dir = t.path().join("plan");
        // New at staging; another run writes a different plan before the commit.
        let mine = stage(&dir, &files("mine"), false).expect("stage");
        write_dir(&dir, &files("theirs"), false).expect("theirs");
        assert!(matches!(mine.commit(), Err(WriteError::Exists(_))));
        assert_eq!(
            std::fs::read_to_string(dir.join("events.csv"))
                .ok()
                .as_deref(),
            Some("theirs")
        );
        // An empty folder at staging, filled meanwhile: the same.
        let other = t.path().join("empty");
        std::fs::create_dir(&other).expect("empty");
        let mine = stage(&other, &files("mine"), false).expect("stage");
        write_dir(&other, &files("theirs"), false).expect("theirs");
        assert!(matches!(mine.commit(), Err(WriteError::Exists(_))));
        // With --force the later run wins; the same plan again is fine too.
        let forced = stage(&other, &files("forced"), true).expect("stage");
        forced.commit().expect("forced");
        write_dir(&other, &files("forced"), false).expect("same plan");
        // Nothing hidden is left.
        assert_eq!(std::fs::read_dir(t.path()).expect("ls").count(), 2);
    }

    #[test]
    fn a_link_inside_a_plan_folder_is_refused() {
        let t = tempfile::tempdir().expect("temp");
        let dir = t.path().join("plan");
        write_dir(&dir, &files("a"), false).expect("first");
        let target = t.path().join("elsewhere.csv");
        std::fs::write(&target, "theirs").expect("theirs");
        std::fs::remove_file(dir.join("events.csv")).expect("rm");
        std::os::unix::fs::symlink(&target, dir.join("events.csv")).expect("link");
        for force in [false, true] {
            let e = write_dir(&dir, &files("b"), force);
            assert!(
                matches!(e, Err(WriteError::Fs(safe_fs::FsError::Link(_)))),
                "{e:?}"
            );
        }
        assert_eq!(
            std::fs::read_to_string(&target).ok().as_deref(),
            Some("theirs")
        );
    }

    #[test]
    fn baseline_spellings_are_one_folder() {
        let t = tempfile::tempdir().expect("temp");
        let b = t.path().join("B");
        std::fs::create_dir_all(&b).expect("B");
        let link = t.path().join("L");
        std::os::unix::fs::symlink(&b, &link).expect("link");
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
