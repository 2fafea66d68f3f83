//! What the desk has read from a version, kept in memory (issue 19): the model with the
//! version's chain applied, its plan and the year's month views, so clicking through
//! the months does not read and parse the model and the plan folder again each time.
//!
//! A version folder is never changed in place by roster (see [`super::store`]: a
//! preview becomes a version by one rename, nothing rewrites a version), but a person
//! may delete a version and make it again by hand, or edit a file in it. So an entry is
//! found by the version's id *and* a fingerprint of what it was read from: the model
//! file, the version's folder and every file directly in it, each with its device,
//! inode, length, modification and change time. Any file written, replaced, added or
//! removed changes the fingerprint, and the next request reads the folder again.
//!
//! A change within the file system's clock tick of the moment the fingerprint was
//! taken could leave every stamp as it was (the problem git calls "racy"); so an entry
//! whose newest stamp is less than [`SETTLED`] older than that moment is used for its
//! request but not kept. Only the last [`KEEP`] entries are kept.

use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime};

use crate::model::Model;
use crate::plan::Plan;
use crate::report::month::{months_of, MonthView};
use crate::report::Lang;

/// How many versions' readings are kept (the least recently used is dropped).
pub const KEEP: usize = 4;
/// How old the newest stamp of a reading must be for the reading to be kept: longer
/// than any file system's time stamp tick (ext4: nanoseconds on a coarse clock, older
/// file systems: one or two seconds).
pub const SETTLED: Duration = Duration::from_secs(3);

/// A career centre's version as read: the model with the version's chain applied, its
/// plan, and (made on first use) the year's month views in the desk's language.
#[derive(Debug)]
pub struct Loaded {
    /// The model, the version's chain applied.
    pub model: Model,
    /// The version's plan.
    pub plan: Plan,
    months: OnceLock<Vec<MonthView>>,
}

impl Loaded {
    /// A reading of a version.
    pub fn new(model: Model, plan: Plan) -> Self {
        Loaded {
            model,
            plan,
            months: OnceLock::new(),
        }
    }

    /// The year's month views (`report::month::months_of`, as roster.html draws them),
    /// built once per reading.
    pub fn months(&self, lang: Lang) -> &[MonthView] {
        self.months
            .get_or_init(|| months_of(&self.model, &self.plan, lang))
    }
}

/// One file's stamp: which file it is and when it last changed.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp {
    name: String,
    dev: u64,
    ino: u64,
    len: u64,
    modified: (i64, i64),
    changed: (i64, i64),
}

impl Stamp {
    fn of(name: String, m: &std::fs::Metadata) -> Self {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Stamp {
                name,
                dev: m.dev(),
                ino: m.ino(),
                len: m.len(),
                modified: (m.mtime(), m.mtime_nsec()),
                changed: (m.ctime(), m.ctime_nsec()),
            }
        }
        #[cfg(not(unix))]
        {
            let t = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
                .unwrap_or_default();
            let t = (
                i64::try_from(t.as_secs()).unwrap_or(i64::MAX),
                i64::from(t.subsec_nanos()),
            );
            Stamp {
                name,
                dev: 0,
                ino: 0,
                len: m.len(),
                modified: t,
                changed: t,
            }
        }
    }

    /// The later of its modification and change time, as seconds and nanoseconds.
    fn newest(&self) -> (i64, i64) {
        self.modified.max(self.changed)
    }
}

/// What a reading was made from: the model file, the folder and its files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint(Vec<Stamp>);

impl Fingerprint {
    /// The stamps of `model`, of `dir` and of every entry directly in `dir` (by name;
    /// links are stamped, not followed). `None` when one cannot be read (no caching).
    pub fn of(model: &Path, dir: &Path) -> Option<Self> {
        let mut out = vec![
            Stamp::of(String::new(), &std::fs::metadata(model).ok()?),
            Stamp::of(".".into(), &std::fs::symlink_metadata(dir).ok()?),
        ];
        let mut files = Vec::new();
        for e in std::fs::read_dir(dir).ok()? {
            let e = e.ok()?;
            let name = e.file_name().to_string_lossy().into_owned();
            files.push(Stamp::of(name, &std::fs::symlink_metadata(e.path()).ok()?));
        }
        files.sort_by(|a, b| a.name.cmp(&b.name));
        out.extend(files);
        Some(Fingerprint(out))
    }

    /// Whether every stamp is at least `settled` older than `taken`.
    fn settled(&self, taken: SystemTime, settled: Duration) -> bool {
        let Some(limit) = taken
            .checked_sub(settled)
            .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
        else {
            return false;
        };
        let limit = (
            i64::try_from(limit.as_secs()).unwrap_or(i64::MAX),
            i64::from(limit.subsec_nanos()),
        );
        self.0.iter().all(|s| s.newest() < limit)
    }
}

/// The last few readings, by version id and fingerprint.
#[derive(Debug)]
pub struct Cache<V> {
    settled: Duration,
    /// Most recently used last.
    entries: Mutex<Vec<(String, Fingerprint, V)>>,
}

impl<V: Clone> Cache<V> {
    /// An empty cache keeping readings whose stamps are `settled` old.
    pub fn new(settled: Duration) -> Self {
        Cache {
            settled,
            entries: Mutex::new(Vec::new()),
        }
    }

    /// The reading of version `id` (folder `dir`, read with `model`): the kept one when
    /// nothing it was read from has changed, else `load`'s, kept when it is settled.
    /// An error from `load` is returned and nothing kept.
    pub fn get<E>(
        &self,
        id: &str,
        model: &Path,
        dir: &Path,
        load: impl FnOnce() -> Result<V, E>,
    ) -> Result<V, E> {
        let taken = SystemTime::now();
        let Some(print) = Fingerprint::of(model, dir) else {
            return load();
        };
        {
            let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(i) = entries.iter().position(|(k, f, _)| k == id && *f == print) {
                let hit = entries.remove(i);
                let v = hit.2.clone();
                entries.push(hit);
                return Ok(v);
            }
        }
        // Read outside the lock: other versions' pages are not held up.
        let v = load()?;
        if print.settled(taken, self.settled) {
            let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
            entries.retain(|(k, _, _)| k != id);
            entries.push((id.to_string(), print, v.clone()));
            let over = entries.len().saturating_sub(KEEP);
            entries.drain(..over);
        }
        Ok(v)
    }

    /// How many readings are kept (for tests).
    pub fn len(&self) -> usize {
        self.entries.lock().map_or(0, |e| e.len())
    }

    /// Whether no reading is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The desk's cache of versions read: `None` for a training provider's version (its
/// pages are not the centre's).
pub type Versions = Cache<Option<Arc<Loaded>>>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    fn folder() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
        let t = tempfile::tempdir().expect("temp");
        let model = t.path().join("model.toml");
        std::fs::write(&model, "m").expect("model");
        let dir = t.path().join("v1");
        std::fs::create_dir(&dir).expect("dir");
        std::fs::write(dir.join("a.csv"), "one").expect("a");
        (t, model, dir)
    }

    /// Reads `dir/a.csv` through the cache, counting the reads.
    fn read(c: &Cache<String>, id: &str, model: &Path, dir: &Path, reads: &Cell<u32>) -> String {
        c.get(id, model, dir, || {
            reads.set(reads.get() + 1);
            std::fs::read_to_string(dir.join("a.csv")).map_err(|e| e.to_string())
        })
        .expect("read")
    }

    #[test]
    fn a_reading_is_kept_until_its_folder_changes() {
        let (_t, model, dir) = folder();
        let c: Cache<String> = Cache::new(Duration::ZERO);
        let reads = Cell::new(0);
        assert_eq!(read(&c, "v1", &model, &dir, &reads), "one");
        assert_eq!(read(&c, "v1", &model, &dir, &reads), "one");
        assert_eq!(reads.get(), 1, "the second request is served from memory");
        // A file rewritten in place, a file added, the folder replaced (lengths differ:
        // with no settling time a change within one clock tick may keep every stamp).
        std::fs::write(dir.join("a.csv"), "three").expect("a");
        assert_eq!(read(&c, "v1", &model, &dir, &reads), "three");
        std::fs::write(dir.join("b.csv"), "").expect("b");
        assert_eq!(read(&c, "v1", &model, &dir, &reads), "three");
        assert_eq!(reads.get(), 3);
        std::fs::remove_dir_all(&dir).expect("rm");
        std::fs::create_dir(&dir).expect("dir");
        std::fs::write(dir.join("a.csv"), "fourth!").expect("a");
        assert_eq!(read(&c, "v1", &model, &dir, &reads), "fourth!");
        // The model edited.
        std::fs::write(&model, "model 2").expect("model");
        read(&c, "v1", &model, &dir, &reads);
        assert_eq!(reads.get(), 5);
        assert_eq!(c.len(), 1, "one entry per version");
    }

    #[test]
    fn fresh_readings_are_not_kept_and_few_are() {
        let (_t, model, dir) = folder();
        let reads = Cell::new(0);
        let unsettled: Cache<String> = Cache::new(Duration::from_secs(3600));
        read(&unsettled, "v1", &model, &dir, &reads);
        read(&unsettled, "v1", &model, &dir, &reads);
        assert_eq!(
            reads.get(),
            2,
            "files an hour old or newer are read each time"
        );
        assert!(unsettled.is_empty());
        let c: Cache<String> = Cache::new(Duration::ZERO);
        for i in 0..(KEEP + 3) {
            read(&c, &format!("v{i}"), &model, &dir, &reads);
        }
        assert_eq!(c.len(), KEEP);
    }

    #[test]
    fn an_error_is_not_kept() {
        let (_t, model, dir) = folder();
        let c: Cache<String> = Cache::new(Duration::ZERO);
        assert!(c
            .get("v1", &model, &dir, || Err::<String, _>("bad"))
            .is_err());
        assert!(c.is_empty());
        let missing = dir.join("nothing");
        let reads = Cell::new(0);
        read(&c, "v1", &model, &dir, &reads);
        assert!(c
            .get("v2", &model, &missing, || Ok::<_, String>("x".into()))
            .is_ok());
        assert_eq!(c.len(), 1, "a folder that cannot be stamped is not kept");
    }
}
