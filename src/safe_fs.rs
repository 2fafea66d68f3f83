//! Writing files safely: the one way roster creates a file or folder on disk.
//!
//! Every writer names the folder it writes (the one the user gave, or a temporary folder
//! roster created itself) and a path inside it made of plain names. This module then
//! - refuses a path that would leave the folder: any part that is not a plain name
//!   (`..`, `.`, `/`, a root or prefix, an empty part, NUL) is E050, whatever the
//!   caller validated before (defence in depth);
//! - never writes through a symbolic link: folders on the way are created one at a time
//!   (`create_dir`, never `create_dir_all` inside the folder) and a link found where a
//!   folder or the file should be is E049;
//! - writes every file through a uniquely named temporary file created exclusively
//!   (`O_CREAT|O_EXCL`, the `tempfile` crate) in the destination's own folder, then
//!   renamed into place: [`Mode::CreateNew`] refuses a destination that appeared in the
//!   meantime (`renameat2(RENAME_NOREPLACE)`), [`Mode::Replace`] replaces it (`--force`).
//!
//! It imports nothing of roster's, so every stage that writes (the MILP export, reports,
//! the command line) can use it.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// Why a file or folder was not written.
#[derive(Debug)]
pub enum FsError {
    /// The path inside the folder is not made of plain names.
    Escapes {
        /// The folder written.
        folder: PathBuf,
        /// The path inside it, as asked for.
        rel: PathBuf,
    },
    /// A symbolic link where roster would write (or create a folder).
    Link(PathBuf),
    /// The destination exists, or appeared while roster was running, and replacing it
    /// was not asked for.
    Exists(PathBuf),
    /// The operating system refused.
    Io {
        /// Where.
        path: PathBuf,
        /// What.
        error: std::io::Error,
    },
}

impl FsError {
    /// The path the error is about (for a caller's own message).
    pub fn path(&self) -> PathBuf {
        match self {
            FsError::Escapes { folder, rel } => folder.join(rel),
            FsError::Link(p) | FsError::Exists(p) | FsError::Io { path: p, .. } => p.clone(),
        }
    }
}

impl std::fmt::Display for FsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FsError::Escapes { folder, rel } => write!(
                f,
                "error[E050]: {}: {:?} is not a plain path inside this folder (a `..`, `.`, `/`, empty or NUL part); roster writes nothing outside the folder it was given\n  help: this is a name taken from your data or file names: use letters, digits, `-` and `_`",
                folder.display(),
                rel
            ),
            FsError::Link(p) => write!(
                f,
                "error[E049]: {}: is a symbolic link; roster does not write through links\n  help: replace it with the file or folder itself, or remove it",
                p.display()
            ),
            FsError::Exists(p) => write!(
                f,
                "error[E051]: {}: exists (or appeared while roster was running); roster does not replace it\n  help: choose another path, or pass --force to replace it",
                p.display()
            ),
            FsError::Io { path, error } => write!(
                f,
                "error[E042]: {}: {error}\n  help: check that the directory is writable and the disk has room",
                path.display()
            ),
        }
    }
}

impl std::error::Error for FsError {}

/// An I/O error about `path`. The `tempfile` crate adds the temporary file's own path
/// to its errors; that hidden name is taken out, so messages name only `path`.
fn io(path: &Path, error: std::io::Error) -> FsError {
    let text = error.to_string();
    let error = match text.find(" at path ") {
        Some(i) if error.raw_os_error().is_none() => {
            std::io::Error::new(error.kind(), text[..i].to_string())
        }
        _ => error,
    };
    FsError::Io {
        path: path.to_path_buf(),
        error,
    }
}

/// Whether a destination may already exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The file must be new: one that appears before the final rename is kept (E051).
    CreateNew,
    /// An existing regular file is replaced (`--force`, or a file roster checked is its own).
    Replace,
}

impl Mode {
    /// The mode for a destination as it stands now: [`Mode::Replace`] if anything is at
    /// `dest` (the caller has checked it may be replaced), else [`Mode::CreateNew`], so
    /// a file that appears between now and the rename is kept, not overwritten.
    pub fn as_found(dest: &Path) -> Mode {
        if std::fs::symlink_metadata(dest).is_ok() {
            Mode::Replace
        } else {
            Mode::CreateNew
        }
    }
}

/// Whether `rel` is made of plain names only (no `..`, `.`, root, prefix, empty part or
/// NUL), so `folder.join(rel)` stays inside `folder`.
pub fn is_plain(rel: &Path) -> bool {
    let text = rel.as_os_str().as_encoded_bytes();
    !text.is_empty()
        && !text.contains(&0)
        && !text.ends_with(b"/")
        && !text.windows(2).any(|w| w == b"//")
        && rel.components().all(|c| matches!(c, Component::Normal(_)))
        // `Path::components` drops inner `.` parts (`a/./b`), so look for them too.
        && !text.split(|b| *b == b'/').any(|p| p == b"." || p.is_empty())
}

fn check_plain(folder: &Path, rel: &Path) -> Result<(), FsError> {
    if is_plain(rel) {
        Ok(())
    } else {
        Err(FsError::Escapes {
            folder: folder.to_path_buf(),
            rel: rel.to_path_buf(),
        })
    }
}

/// Creates the folders of `rel` inside `folder`, one `create_dir` at a time, and returns
/// `folder/rel`. An existing folder on the way is used; a symbolic link is E049,
/// anything else that is not a folder E042. `folder` itself must exist (it may be a
/// link: the user named it). An empty `rel` returns `folder`.
pub fn create_dirs(folder: &Path, rel: &Path) -> Result<PathBuf, FsError> {
    if rel.as_os_str().is_empty() {
        return Ok(folder.to_path_buf());
    }
    check_plain(folder, rel)?;
    let mut path = folder.to_path_buf();
    for part in rel.components() {
        path.push(part);
        for attempt in 0..2 {
            match std::fs::symlink_metadata(&path) {
                Ok(m) if m.file_type().is_symlink() => return Err(FsError::Link(path)),
                Ok(m) if m.is_dir() => break,
                Ok(_) => {
                    return Err(io(
                        &path,
                        std::io::Error::new(
                            std::io::ErrorKind::NotADirectory,
                            "exists and is not a folder",
                        ),
                    ))
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    match std::fs::create_dir(&path) {
                        Ok(()) => break,
                        // Created meanwhile: look at it again.
                        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt == 0 => {
                        }
                        Err(e) => return Err(io(&path, e)),
                    }
                }
                Err(e) => return Err(io(&path, e)),
            }
        }
    }
    Ok(path)
}

/// What may stand at a destination: nothing, or (for [`Mode::Replace`]) a regular file.
fn check_destination(dest: &Path, mode: Mode) -> Result<(), FsError> {
    match std::fs::symlink_metadata(dest) {
        Ok(m) if m.file_type().is_symlink() => Err(FsError::Link(dest.to_path_buf())),
        Ok(m) if !m.is_file() => Err(io(
            dest,
            std::io::Error::new(
                std::io::ErrorKind::IsADirectory,
                "exists and is not a regular file",
            ),
        )),
        Ok(_) if mode == Mode::CreateNew => Err(FsError::Exists(dest.to_path_buf())),
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io(dest, e)),
    }
}

/// A file written under a unique temporary name beside its destination, not yet in
/// place: [`Pending::commit`] renames it; dropping it removes it.
pub struct Pending {
    tmp: tempfile::NamedTempFile,
    dest: PathBuf,
    mode: Mode,
}

impl Pending {
    /// Where the content is now (a hidden, uniquely named file beside the destination),
    /// for a writer outside roster's code (HiGHS) to fill.
    pub fn path(&self) -> &Path {
        self.tmp.path()
    }

    /// Where it goes.
    pub fn destination(&self) -> &Path {
        &self.dest
    }

    /// Moves the file into place: the destination is looked at again, and the rename
    /// itself refuses a destination that appeared meanwhile ([`Mode::CreateNew`]).
    pub fn commit(self) -> Result<(), FsError> {
        check_destination(&self.dest, self.mode)?;
        let dest = self.dest;
        let done = match self.mode {
            Mode::CreateNew => self.tmp.persist_noclobber(&dest).map(|_| ()),
            Mode::Replace => self.tmp.persist(&dest).map(|_| ()),
        };
        done.map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                FsError::Exists(dest.clone())
            } else {
                io(&dest, e.error)
            }
        })
    }
}

/// A uniquely named, exclusively created, empty temporary file beside `folder/rel`
/// (folders on the way created as [`create_dirs`] does), keeping `rel`'s extension
/// so a writer that goes by it (HiGHS: `.mps`) writes the right format.
pub fn reserve(folder: &Path, rel: &Path, mode: Mode) -> Result<Pending, FsError> {
    check_plain(folder, rel)?;
    let parent = create_dirs(folder, rel.parent().unwrap_or(Path::new("")))?;
    let name = rel.file_name().unwrap_or_default();
    let dest = parent.join(name);
    check_destination(&dest, mode)?;
    let name = name.to_string_lossy();
    // A short prefix keeps the temporary name within the 255-byte limit.
    let stem: String = name.chars().take(60).collect();
    let suffix = match Path::new(name.as_ref()).extension() {
        Some(ext) if ext.len() <= 16 => format!(".tmp.{}", ext.to_string_lossy()),
        _ => ".tmp".into(),
    };
    let prefix = format!(".{stem}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(&suffix);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // As `File::create` would: 0666 less the umask (tempfile's own default is 0600).
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let tmp = builder.tempfile_in(&parent).map_err(|e| io(&dest, e))?;
    Ok(Pending { tmp, dest, mode })
}

/// [`reserve`] and write `bytes` into the temporary file.
pub fn prepare(folder: &Path, rel: &Path, bytes: &[u8], mode: Mode) -> Result<Pending, FsError> {
    let mut p = reserve(folder, rel, mode)?;
    let dest = p.dest.clone();
    p.tmp
        .write_all(bytes)
        .and_then(|()| p.tmp.flush())
        .map_err(|e| io(&dest, e))?;
    Ok(p)
}

/// Writes `bytes` to `folder/rel` through a temporary file renamed into place.
pub fn write(folder: &Path, rel: &Path, bytes: &[u8], mode: Mode) -> Result<(), FsError> {
    prepare(folder, rel, bytes, mode)?.commit()
}

/// Writes several files into `folder`, each with its own [`Mode`]: every one to its
/// temporary name first (a failure there leaves nothing behind), then all renamed into
/// place.
pub fn write_all(folder: &Path, files: &[(&Path, &[u8], Mode)]) -> Result<(), FsError> {
    for (rel, _, mode) in files {
        check_plain(folder, rel)?;
        check_destination(&folder.join(rel), *mode)?;
    }
    let pending = files
        .iter()
        .map(|(rel, bytes, mode)| prepare(folder, rel, bytes, *mode))
        .collect::<Result<Vec<_>, _>>()?;
    pending.into_iter().try_for_each(Pending::commit)
}

/// Writes `path`, a file the user named (`--out model.toml`): `path` itself may not be a
/// link; its folder is the user's and may be one.
pub fn write_named_file(path: &Path, bytes: &[u8], mode: Mode) -> Result<(), FsError> {
    let (folder, name) = split_named(path)?;
    write(&folder, Path::new(&name), bytes, mode)
}

/// Creates a folder the user named (`--out DIR`, `--write-model DIR`) and the folders
/// above it, as `mkdir -p` does: the user's path may pass through links (a `--out`
/// that is a link to a folder is allowed); only what is written *inside* it is held to
/// plain names and no links.
pub fn create_named_dir(path: &Path) -> Result<(), FsError> {
    std::fs::create_dir_all(path).map_err(|e| io(path, e))
}

/// The folder and file name of a path the user named.
fn split_named(path: &Path) -> Result<(PathBuf, std::ffi::OsString), FsError> {
    let name = match path.components().next_back() {
        Some(Component::Normal(n)) => n.to_os_string(),
        _ => {
            return Err(FsError::Escapes {
                folder: path.to_path_buf(),
                rel: PathBuf::new(),
            })
        }
    };
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((folder, name))
}

/// Puts the regular file `from` at `folder/rel` (which must be new): a hard link where
/// the filesystem allows one, else a copy written as [`write`] does. `from` must be a
/// regular file, not a link (E049).
pub fn link_or_copy(from: &Path, folder: &Path, rel: &Path) -> Result<(), FsError> {
    check_plain(folder, rel)?;
    let meta = std::fs::symlink_metadata(from).map_err(|e| io(from, e))?;
    if meta.file_type().is_symlink() {
        return Err(FsError::Link(from.to_path_buf()));
    }
    let dest = folder.join(rel);
    check_destination(&dest, Mode::CreateNew)?;
    create_dirs(folder, rel.parent().unwrap_or(Path::new("")))?;
    // link(2) neither follows `from` (a link was refused above) nor replaces `dest`.
    if std::fs::hard_link(from, &dest).is_ok() {
        return Ok(());
    }
    // Only a regular file is copied (opening a FIFO would block).
    if !meta.is_file() {
        return Err(io(
            from,
            std::io::Error::new(std::io::ErrorKind::InvalidInput, "is not a regular file"),
        ));
    }
    let mut source = open_nofollow(from).map_err(|e| io(from, e))?;
    let mut p = reserve(folder, rel, Mode::CreateNew)?;
    std::io::copy(&mut source, p.tmp.as_file_mut())
        .and_then(|_| p.tmp.as_file().set_permissions(meta.permissions()))
        .map_err(|e| io(&dest, e))?;
    p.commit()
}

/// Opens `path` for reading without following a link at its last part.
fn open_nofollow(path: &Path) -> std::io::Result<std::fs::File> {
    let mut o = std::fs::OpenOptions::new();
    o.read(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32);
    }
    o.open(path)
}

/// Creates a uniquely named, empty, hidden folder in `parent` whose name starts with
/// `prefix`, and keeps it (the caller renames or removes it).
pub fn temp_dir_in(parent: &Path, prefix: &str) -> Result<PathBuf, FsError> {
    tempfile::Builder::new()
        .prefix(prefix)
        .tempdir_in(parent)
        .map(tempfile::TempDir::keep)
        .map_err(|e| io(parent, e))
}

/// Renames `from` to `to` unless `to` exists (a file, or a folder even if empty, which
/// plain rename(2) would silently replace): `AlreadyExists` then. Linux does this in one
/// step (`renameat2(RENAME_NOREPLACE)`); elsewhere, or on a filesystem without it, `to`
/// is looked at just before the rename.
pub fn rename_noreplace(from: &Path, to: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        match renameat_with(CWD, from, CWD, to, RenameFlags::NOREPLACE) {
            Ok(()) => return Ok(()),
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) => return Err(e.into()),
        }
    }
    if std::fs::symlink_metadata(to).is_ok() {
        return Err(std::io::ErrorKind::AlreadyExists.into());
    }
    std::fs::rename(from, to)
}

/// Exchanges the folders `new` and `old` in one atomic step, so `old`'s path always
/// names a whole folder (Linux `renameat2(RENAME_EXCHANGE)`). Where the kernel or
/// filesystem cannot exchange, two renames (a run killed between them leaves the old
/// folder as `aside`). Afterwards `new` holds the old folder.
pub fn exchange(new: &Path, old: &Path, aside: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        match renameat_with(CWD, new, CWD, old, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(()),
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) => return Err(e.into()),
        }
    }
    rename_noreplace(old, aside)?;
    if let Err(e) = rename_noreplace(new, old) {
        let _ = std::fs::rename(aside, old);
        return Err(e);
    }
    // Leave the old folder where the caller deletes what it thinks is `new`.
    rename_noreplace(aside, new)
}

/// Removes an empty folder (`rmdir`): never follows a link, never removes content.
pub fn remove_empty_dir(path: &Path) -> std::io::Result<()> {
    std::fs::remove_dir(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_names_are_inside() {
        for ok in [
            "a",
            "a/b.txt",
            "calendars/c05.ics",
            "..x",
            "x..",
            "...",
            ".hidden",
        ] {
            assert!(is_plain(Path::new(ok)), "{ok}");
        }
        for bad in [
            "",
            "..",
            ".",
            "/etc/passwd",
            "a/../b",
            "../x",
            "a/./b",
            "a//b",
            "a/",
            "./a",
            "a\0b",
        ] {
            assert!(!is_plain(Path::new(bad)), "{bad:?}");
        }
    }

    #[test]
    fn a_path_leaving_the_folder_is_refused() {
        let t = tempfile::tempdir().expect("temp");
        let inner = t.path().join("in");
        std::fs::create_dir(&inner).expect("in");
        let e = write(&inner, Path::new("../x"), b"x", Mode::Replace);
        assert!(matches!(e, Err(FsError::Escapes { .. })), "{e:?}");
        assert!(!t.path().join("x").exists());
        let e = write(&inner, Path::new("/tmp/x"), b"x", Mode::Replace);
        assert!(matches!(e, Err(FsError::Escapes { .. })));
    }

    #[test]
    fn links_are_never_written_through() {
        let t = tempfile::tempdir().expect("temp");
        let dir = t.path().join("d");
        let elsewhere = t.path().join("elsewhere");
        std::fs::create_dir(&dir).expect("d");
        std::fs::create_dir(&elsewhere).expect("elsewhere");
        std::fs::write(elsewhere.join("f"), "theirs").expect("f");
        std::os::unix::fs::symlink(elsewhere.join("f"), dir.join("f")).expect("link");
        std::os::unix::fs::symlink(&elsewhere, dir.join("sub")).expect("link");
        for mode in [Mode::CreateNew, Mode::Replace] {
            let e = write(&dir, Path::new("f"), b"mine", mode);
            assert!(matches!(e, Err(FsError::Link(_))), "{e:?}");
            let e = write(&dir, Path::new("sub/f"), b"mine", mode);
            assert!(matches!(e, Err(FsError::Link(_))), "{e:?}");
        }
        assert_eq!(
            std::fs::read_to_string(elsewhere.join("f")).ok().as_deref(),
            Some("theirs")
        );
        assert_eq!(std::fs::read_dir(&elsewhere).expect("ls").count(), 1);
    }

    #[test]
    fn new_files_are_not_clobbered_and_replace_replaces() {
        let t = tempfile::tempdir().expect("temp");
        let dir = t.path();
        write(dir, Path::new("a/b.txt"), b"one", Mode::CreateNew).expect("new");
        let e = write(dir, Path::new("a/b.txt"), b"two", Mode::CreateNew);
        assert!(matches!(e, Err(FsError::Exists(_))), "{e:?}");
        // Appearing between the preparation and the rename is caught too.
        let p = prepare(dir, Path::new("c.txt"), b"mine", Mode::CreateNew).expect("prepare");
        std::fs::write(dir.join("c.txt"), "theirs").expect("theirs");
        assert!(matches!(p.commit(), Err(FsError::Exists(_))));
        assert_eq!(
            std::fs::read_to_string(dir.join("c.txt")).ok().as_deref(),
            Some("theirs")
        );
        write(dir, Path::new("a/b.txt"), b"two", Mode::Replace).expect("replace");
        assert_eq!(
            std::fs::read_to_string(dir.join("a/b.txt")).ok().as_deref(),
            Some("two")
        );
        // No temporary file is left.
        let names: Vec<_> = std::fs::read_dir(dir.join("a"))
            .expect("ls")
            .flatten()
            .collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn written_files_are_readable_as_file_create_makes_them() {
        use std::os::unix::fs::PermissionsExt;
        let t = tempfile::tempdir().expect("temp");
        write(t.path(), Path::new("f"), b"x", Mode::CreateNew).expect("write");
        let reference = t.path().join("g");
        std::fs::write(&reference, "x").expect("g");
        let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode();
        assert_eq!(mode(&t.path().join("f")), mode(&reference));
    }

    #[test]
    fn rename_noreplace_refuses_an_empty_folder() {
        let t = tempfile::tempdir().expect("temp");
        let (a, b) = (t.path().join("a"), t.path().join("b"));
        std::fs::create_dir(&a).expect("a");
        std::fs::create_dir(&b).expect("b");
        let e = rename_noreplace(&a, &b).expect_err("b exists");
        assert_eq!(e.kind(), std::io::ErrorKind::AlreadyExists);
        rename_noreplace(&a, &t.path().join("c")).expect("c is new");
    }
}
