//! The desk's folder of plan versions (`--plans DIR`): which folders are versions, how
//! they chain, which is published, and the previews that become versions when accepted.
//!
//! A version is a plan folder directly in DIR, as the command line writes it (a real
//! folder, not a link, whose name does not start with `.` and that holds `roster.json`).
//! No version is ever changed in place: a re-plan is written by `commands::replan` into
//! a preview (`DIR/.previews/<id>/plan`, hidden, never a version) and accepting it
//! renames that folder to a new version name in one step that refuses to replace
//! anything (`renameat2(RENAME_NOREPLACE)`), so a version is whole or absent, also when
//! the server is killed. What the folders do not say (who a version was made from, when,
//! and which was published) is kept in one small state file, `DIR/.roster-desk.json`,
//! written through [`crate::safe_fs`].
//!
//! Ids are names, never paths: every id and file name from a request is checked to be
//! one plain name part (no `/`, `..`, leading `.`, NUL or control character), and no
//! symbolic link is followed inside DIR.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::plan::files::ROSTER_JSON;
use crate::plan::history::{read_history, History};
use crate::safe_fs;

/// The state file in DIR: parents, creation times and publications of versions.
pub const STATE_FILE: &str = ".roster-desk.json";
/// The folder in DIR that holds previews.
pub const PREVIEWS: &str = ".previews";
/// Inside a preview: the version it was made from.
const PREVIEW_BASE: &str = "base";
/// Inside a preview (and in the version it becomes): the scenario that made it, so the
/// command line can replay it (`roster replan MODEL --baseline DIR/<parent> --scenario
/// DIR/<version>/scenario.toml`).
pub const SCENARIO_FILE: &str = "scenario.toml";
/// Inside a swap's preview (and in the version it becomes), instead of the scenario:
/// the swap's parameters and the `roster swap` command line that replays it (issue 19,
/// part 2; docs/serve.md).
pub const SWAP_FILE: &str = "swap.toml";
/// Inside a preview: the re-plan's folder (`commands::replan`'s `--out`).
const PREVIEW_PLAN: &str = "plan";
/// The largest file the desk serves (a year's workbook is far below it).
const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Why the store refused or failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// An id or file name that is not one plain name (a path, `..`, a hidden name).
    BadName(String),
    /// No such version, preview or file.
    NotFound(String),
    /// The preview's version has a newer version made from it meanwhile.
    Stale {
        /// The version the preview was made from.
        base: String,
        /// The version made from it since.
        child: String,
    },
    /// The file system refused (the sentence names the path).
    Io(String),
}

/// One version, as `GET /api/versions` lists it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Version {
    /// Its folder's name in DIR.
    pub id: String,
    /// The version it was made from (recorded by the desk, else the version whose
    /// history chain is the longest strict prefix of this one's), if any.
    pub parent: Option<String>,
    /// When it was made (UTC, as recorded by the desk, else its roster.json's time).
    pub created: String,
    /// When it was published, if it was.
    pub published: Option<String>,
    /// Whether it is the latest version published.
    pub current: bool,
    /// Whether no version has been made from it yet (only a head takes a new decision).
    pub head: bool,
    /// How its solve ended (`roster.json`'s `status`).
    pub status: String,
    /// Rule violations in it (rows of `violations.csv`).
    pub violations: usize,
    /// The last decision of its chain (`history.json`), empty for a fresh solve.
    pub decision: String,
    /// That decision's `as_of`.
    pub as_of: String,
}

/// The desk's record of what the folders do not say.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct State {
    version: u32,
    #[serde(default)]
    parents: BTreeMap<String, String>,
    #[serde(default)]
    created: BTreeMap<String, String>,
    #[serde(default)]
    published: BTreeMap<String, String>,
}

/// A preview: a re-plan of a version, not yet a version.
#[derive(Debug, Clone)]
pub struct Preview {
    /// Its id (a name in `DIR/.previews`).
    pub id: String,
    /// The version it re-plans.
    pub base: String,
    /// Its folder.
    pub dir: PathBuf,
}

impl Preview {
    /// The scenario file it was made with.
    pub fn scenario(&self) -> PathBuf {
        self.dir.join(SCENARIO_FILE)
    }

    /// The file of the decision that made it, and its name in the version it becomes:
    /// a swap's parameters ([`SWAP_FILE`]) where the preview is a swap, else the
    /// scenario.
    pub fn decision(&self) -> (PathBuf, &'static str) {
        let swap = self.dir.join(SWAP_FILE);
        if std::fs::symlink_metadata(&swap).is_ok_and(|m| m.is_file()) {
            (swap, SWAP_FILE)
        } else {
            (self.scenario(), SCENARIO_FILE)
        }
    }

    /// The re-plan's folder (written by `commands::replan`).
    pub fn plan(&self) -> PathBuf {
        self.dir.join(PREVIEW_PLAN)
    }
}

/// Whether `s` is one plain name the desk accepts as an id or a file name part.
pub fn plain_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 200
        && !s.starts_with('.')
        && !s.chars().any(|c| c == '/' || c == '\\' || c.is_control())
        && safe_fs::is_plain(Path::new(s))
}

/// Now, in UTC, as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn now_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    stamp(secs)
}

fn stamp(secs: u64) -> String {
    i64::try_from(secs)
        .ok()
        .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
        .map_or_else(String::new, |t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
}

/// A few random bytes from the operating system as hex (session tokens, preview ids);
/// where `/dev/urandom` cannot be read, the standard library's randomly keyed hasher.
pub fn random_hex(bytes: usize) -> String {
    use std::io::Read;
    let mut buf = vec![0u8; bytes];
    let read = std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut buf));
    if read.is_err() {
        use std::hash::{BuildHasher, Hasher};
        for (i, chunk) in buf.chunks_mut(8).enumerate() {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_usize(i);
            h.write_u128(std::time::UNIX_EPOCH.elapsed().map_or(0, |d| d.as_nanos()));
            let v = h.finish().to_le_bytes();
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
    }
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

fn io_sentence(path: &Path, e: &dyn std::fmt::Display) -> StoreError {
    StoreError::Io(format!("{}: {e}", path.display()))
}

/// The folder of versions.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
}

impl Store {
    /// The versions in `dir` (which must be a folder).
    pub fn new(dir: &Path) -> Self {
        Store {
            dir: dir.to_path_buf(),
        }
    }

    /// The folder of versions.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn state(&self) -> State {
        std::fs::read(self.dir.join(STATE_FILE))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or(State {
                version: 1,
                ..State::default()
            })
    }

    fn save_state(&self, state: &State) -> Result<(), StoreError> {
        let mut json = serde_json::to_string_pretty(state).unwrap_or_default();
        json.push('\n');
        let path = self.dir.join(STATE_FILE);
        safe_fs::write(
            &self.dir,
            Path::new(STATE_FILE),
            json.as_bytes(),
            safe_fs::Mode::as_found(&path),
        )
        .map_err(|e| io_sentence(&path, &e))
    }

    /// The folder of version `id`, checked: a plain name, a real folder (not a link)
    /// directly in DIR, holding `roster.json`.
    pub fn version_dir(&self, id: &str) -> Result<PathBuf, StoreError> {
        if !plain_name(id) {
            return Err(StoreError::BadName(id.to_string()));
        }
        let dir = self.dir.join(id);
        let is_version = std::fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir())
            && std::fs::symlink_metadata(dir.join(ROSTER_JSON)).is_ok_and(|m| m.is_file());
        if is_version {
            Ok(dir)
        } else {
            Err(StoreError::NotFound(id.to_string()))
        }
    }

    /// The ids of the versions, in name order.
    pub fn ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = std::fs::read_dir(&self.dir)
            .map(|d| {
                d.flatten()
                    .filter_map(|e| e.file_name().into_string().ok())
                    .filter(|n| self.version_dir(n).is_ok())
                    .collect()
            })
            .unwrap_or_default();
        ids.sort();
        ids
    }

    /// Every version with its parent, publication and figures, oldest first (by
    /// creation time, then id).
    pub fn versions(&self) -> Vec<Version> {
        let state = self.state();
        let ids = self.ids();
        let chains: BTreeMap<&str, Option<History>> = ids
            .iter()
            .map(|id| {
                let h = read_history(&self.dir.join(id)).ok().flatten();
                (id.as_str(), h)
            })
            .collect();
        let key = |h: &History| -> Vec<(String, String)> {
            h.chain
                .iter()
                .map(|l| (l.kind.clone(), l.digest.clone()))
                .collect()
        };
        let parent_of = |id: &str| -> Option<String> {
            if let Some(p) = state
                .parents
                .get(id)
                .filter(|p| chains.contains_key(p.as_str()))
            {
                return Some(p.clone());
            }
            let mine = chains.get(id)?.as_ref()?;
            let my_key = key(mine);
            chains
                .iter()
                .filter(|(other, _)| **other != id)
                .filter_map(|(other, h)| {
                    let h = h.as_ref()?;
                    let k = key(h);
                    (h.model_digest == mine.model_digest
                        && k.len() < my_key.len()
                        && my_key.starts_with(&k))
                    .then_some((k.len(), *other))
                })
                // Longest prefix; of equals, the first by name.
                .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(a.1)))
                .map(|(_, other)| other.to_string())
        };
        let parents: BTreeMap<&str, Option<String>> =
            ids.iter().map(|id| (id.as_str(), parent_of(id))).collect();
        let current = state
            .published
            .iter()
            .filter(|(id, _)| chains.contains_key(id.as_str()))
            .max_by(|a, b| a.1.cmp(b.1).then(a.0.cmp(b.0)))
            .map(|(id, _)| id.clone());
        let mut out: Vec<Version> = ids
            .iter()
            .map(|id| {
                let dir = self.dir.join(id);
                let record: serde_json::Value = std::fs::read(dir.join(ROSTER_JSON))
                    .ok()
                    .and_then(|b| {
                        let b = b.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&b).to_vec();
                        serde_json::from_slice(&b).ok()
                    })
                    .unwrap_or_default();
                let created = state.created.get(id).cloned().unwrap_or_else(|| {
                    std::fs::symlink_metadata(dir.join(ROSTER_JSON))
                        .and_then(|m| m.modified())
                        .ok()
                        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                        .map_or_else(String::new, |d| stamp(d.as_secs()))
                });
                let last = chains
                    .get(id.as_str())
                    .and_then(|h| h.as_ref())
                    .and_then(|h| h.chain.last().cloned());
                Version {
                    id: id.clone(),
                    parent: parents.get(id.as_str()).cloned().flatten(),
                    created,
                    published: state.published.get(id).cloned(),
                    current: current.as_deref() == Some(id.as_str()),
                    head: !parents.values().any(|p| p.as_deref() == Some(id.as_str())),
                    status: record
                        .get("status")
                        .and_then(|s| s.as_str())
                        .unwrap_or_default()
                        .to_string(),
                    violations: count_rows(&dir.join(crate::plan::files::VIOLATIONS)),
                    decision: last.as_ref().map(|l| l.name.clone()).unwrap_or_default(),
                    as_of: last.map(|l| l.as_of).unwrap_or_default(),
                }
            })
            .collect();
        out.sort_by(|a, b| a.created.cmp(&b.created).then(a.id.cmp(&b.id)));
        out
    }

    /// One version's entry.
    pub fn version(&self, id: &str) -> Result<Version, StoreError> {
        self.version_dir(id)?;
        self.versions()
            .into_iter()
            .find(|v| v.id == id)
            .ok_or_else(|| StoreError::NotFound(id.to_string()))
    }

    /// The files of a version (relative, `/`-separated, in name order): regular files
    /// only, no link followed, hidden names left out.
    pub fn files(&self, id: &str) -> Result<Vec<String>, StoreError> {
        let dir = self.version_dir(id)?;
        let mut out = Vec::new();
        walk(&dir, "", &mut out, 0);
        out.sort();
        Ok(out)
    }

    /// The bytes of `name` (one or more plain name parts joined by `/`) inside version
    /// `id`: never a path outside it, never through a link.
    pub fn file(&self, id: &str, name: &str) -> Result<Vec<u8>, StoreError> {
        let dir = self.version_dir(id)?;
        let parts: Vec<&str> = name.split('/').collect();
        if parts.is_empty() || parts.len() > 4 || !parts.iter().all(|p| plain_name(p)) {
            return Err(StoreError::BadName(name.to_string()));
        }
        let mut path = dir;
        for (i, p) in parts.iter().enumerate() {
            path.push(p);
            let meta = std::fs::symlink_metadata(&path)
                .map_err(|_| StoreError::NotFound(name.to_string()))?;
            let last = i + 1 == parts.len();
            let fits = if last {
                meta.is_file() && meta.len() <= MAX_FILE_BYTES
            } else {
                meta.is_dir()
            };
            if meta.file_type().is_symlink() || !fits {
                return Err(StoreError::NotFound(name.to_string()));
            }
        }
        std::fs::read(&path).map_err(|e| io_sentence(&path, &e))
    }

    /// A new, empty preview of version `base` holding the scenario text; the caller
    /// runs the re-plan into [`Preview::plan`].
    pub fn new_preview(&self, base: &str, scenario: &str) -> Result<Preview, StoreError> {
        self.version_dir(base)?;
        let root = self.dir.join(PREVIEWS);
        match std::fs::create_dir(&root) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(io_sentence(&root, &e)),
        }
        if !std::fs::symlink_metadata(&root).is_ok_and(|m| m.is_dir()) {
            return Err(StoreError::Io(format!(
                "{}: is not a folder (a link?); the desk keeps its previews there",
                root.display()
            )));
        }
        // A fresh random part: a tab holding an old preview's id never reaches a new one.
        let (id, dir) = loop {
            let id = format!("p{}", random_hex(6));
            let dir = root.join(&id);
            match std::fs::create_dir(&dir) {
                Ok(()) => break (id, dir),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(io_sentence(&dir, &e)),
            }
        };
        let files: [(&Path, &[u8], safe_fs::Mode); 2] = [
            (
                Path::new(PREVIEW_BASE),
                base.as_bytes(),
                safe_fs::Mode::CreateNew,
            ),
            (
                Path::new(SCENARIO_FILE),
                scenario.as_bytes(),
                safe_fs::Mode::CreateNew,
            ),
        ];
        safe_fs::write_all(&dir, &files).map_err(|e| io_sentence(&dir, &e))?;
        Ok(Preview {
            id,
            base: base.to_string(),
            dir,
        })
    }

    /// A new, empty preview of version `base` holding a swap's parameters
    /// ([`SWAP_FILE`]) instead of a scenario; the caller runs `commands::swap` into
    /// [`Preview::plan`] (issue 19, part 2).
    pub fn new_swap_preview(&self, base: &str, swap: &str) -> Result<Preview, StoreError> {
        let p = self.new_preview(base, "")?;
        std::fs::remove_file(p.scenario()).map_err(|e| io_sentence(&p.scenario(), &e))?;
        safe_fs::write(
            &p.dir,
            Path::new(SWAP_FILE),
            swap.as_bytes(),
            safe_fs::Mode::CreateNew,
        )
        .map_err(|e| io_sentence(&p.dir, &e))?;
        Ok(p)
    }

    /// Preview `id`, as made by [`Store::new_preview`].
    pub fn preview(&self, id: &str) -> Result<Preview, StoreError> {
        if !plain_name(id) {
            return Err(StoreError::BadName(id.to_string()));
        }
        let dir = self.dir.join(PREVIEWS).join(id);
        let real = std::fs::symlink_metadata(self.dir.join(PREVIEWS)).is_ok_and(|m| m.is_dir())
            && std::fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir());
        let base = real
            .then(|| std::fs::read_to_string(dir.join(PREVIEW_BASE)).ok())
            .flatten()
            .ok_or_else(|| StoreError::NotFound(id.to_string()))?;
        Ok(Preview {
            id: id.to_string(),
            base,
            dir,
        })
    }

    /// Removes a preview (a discarded one, or one whose re-plan failed).
    pub fn discard(&self, id: &str) -> Result<(), StoreError> {
        let p = self.preview(id)?;
        std::fs::remove_dir_all(&p.dir).map_err(|e| io_sentence(&p.dir, &e))
    }

    /// Makes preview `id` a new version: refused (nothing changed, the preview kept)
    /// when its version is no longer a head; else its folder, with the scenario that
    /// made it, is renamed to a new version name in one step that replaces nothing.
    /// Returns the new version's id. The caller serialises calls (one at a time).
    pub fn accept(&self, id: &str) -> Result<String, StoreError> {
        let p = self.preview(id)?;
        let plan = p.plan();
        if !std::fs::symlink_metadata(plan.join(ROSTER_JSON)).is_ok_and(|m| m.is_file()) {
            return Err(StoreError::NotFound(id.to_string()));
        }
        let versions = self.versions();
        if !versions.iter().any(|v| v.id == p.base) {
            return Err(StoreError::NotFound(p.base.clone()));
        }
        if let Some(child) = versions
            .iter()
            .find(|v| v.parent.as_deref() == Some(p.base.as_str()))
        {
            return Err(StoreError::Stale {
                base: p.base.clone(),
                child: child.id.clone(),
            });
        }
        // The scenario goes into the folder (a file that is not roster's own, so later
        // commands keep it), before the folder becomes a version.
        let (kept, name) = p.decision();
        let scenario = std::fs::read(&kept).map_err(|e| io_sentence(&kept, &e))?;
        let dest = plan.join(name);
        safe_fs::write(
            &plan,
            Path::new(name),
            &scenario,
            safe_fs::Mode::as_found(&dest),
        )
        .map_err(|e| io_sentence(&dest, &e))?;
        let mut n = versions.len() + 1;
        let new_id = loop {
            let name = format!("v{n:03}");
            match safe_fs::rename_noreplace(&plan, &self.dir.join(&name)) {
                Ok(()) => break name,
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => n += 1,
                Err(e) => return Err(io_sentence(&self.dir.join(&name), &e)),
            }
            if n > versions.len() + 10_000 {
                return Err(StoreError::Io(format!(
                    "{}: no free version name",
                    self.dir.display()
                )));
            }
        };
        let mut state = self.state();
        state.parents.insert(new_id.clone(), p.base.clone());
        state.created.insert(new_id.clone(), now_utc());
        // The version is in place; a state file that cannot be written loses only the
        // recorded parent (found again from the chain) and time.
        let _ = self.save_state(&state);
        let _ = std::fs::remove_dir_all(&p.dir);
        Ok(new_id)
    }

    /// Marks version `id` published (now); the latest published is the current one.
    pub fn publish(&self, id: &str) -> Result<Version, StoreError> {
        self.version_dir(id)?;
        let mut state = self.state();
        state.published.insert(id.to_string(), now_utc());
        self.save_state(&state)?;
        self.version(id)
    }
}

/// Rows of a CSV file (0 when it is missing or unreadable).
fn count_rows(path: &Path) -> usize {
    std::fs::read(path)
        .map(|b| {
            csv::ReaderBuilder::new()
                .flexible(true)
                .from_reader(b.as_slice())
                .records()
                .count()
        })
        .unwrap_or(0)
}

/// Regular files under `dir` (hidden names and links left out), two levels at most.
fn walk(dir: &Path, prefix: &str, out: &mut Vec<String>, depth: usize) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let Ok(name) = e.file_name().into_string() else {
            continue;
        };
        if !plain_name(&name) {
            continue;
        }
        let Ok(meta) = std::fs::symlink_metadata(e.path()) else {
            continue;
        };
        let rel = format!("{prefix}{name}");
        if meta.is_file() {
            out.push(rel);
        } else if meta.is_dir() && depth < 2 {
            walk(&e.path(), &format!("{rel}/"), out, depth + 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(root: &Path, id: &str, chain: &[&str]) {
        let dir = root.join(id);
        std::fs::create_dir_all(&dir).expect("mkdir");
        std::fs::write(dir.join(ROSTER_JSON), r#"{"status":"optimal"}"#).expect("json");
        let mut h = History::new("m");
        for d in chain {
            h.chain.push(crate::plan::history::Link {
                kind: "scenario".into(),
                name: format!("s{d}"),
                // A link's text must still have its digest (E027), or it is not read.
                text: (*d).into(),
                digest: crate::digest(d),
                ..Default::default()
            });
        }
        let json = serde_json::to_string(&h).expect("history");
        std::fs::write(dir.join("history.json"), json).expect("history");
    }

    #[test]
    fn names_are_plain_and_never_paths() {
        for bad in [
            "", "..", ".", "a/b", "/etc", ".hidden", "a\\b", "a\0b", "x\n",
        ] {
            assert!(!plain_name(bad), "{bad:?}");
        }
        for good in ["v001", "base", "計画2023", "a b"] {
            assert!(plain_name(good), "{good:?}");
        }
    }

    #[test]
    fn parents_follow_the_chain_and_heads_have_no_child() {
        let t = tempfile::tempdir().expect("temp");
        version(t.path(), "base", &[]);
        version(t.path(), "r1", &["a"]);
        version(t.path(), "r2", &["a", "b"]);
        version(t.path(), "other", &["c"]);
        let s = Store::new(t.path());
        let v: BTreeMap<String, Version> = s
            .versions()
            .into_iter()
            .map(|v| (v.id.clone(), v))
            .collect();
        assert_eq!(v["base"].parent, None);
        assert_eq!(v["r1"].parent.as_deref(), Some("base"));
        assert_eq!(v["r2"].parent.as_deref(), Some("r1"));
        assert_eq!(v["other"].parent.as_deref(), Some("base"));
        assert!(!v["base"].head && !v["r1"].head && v["r2"].head && v["other"].head);
        assert_eq!(v["r2"].decision, "sb");
    }

    #[test]
    fn files_stay_inside_their_version() {
        let t = tempfile::tempdir().expect("temp");
        version(t.path(), "base", &[]);
        std::fs::write(t.path().join("secret.txt"), "no").expect("secret");
        std::os::unix::fs::symlink(t.path().join("secret.txt"), t.path().join("base/l.txt"))
            .expect("link");
        let s = Store::new(t.path());
        assert!(s.file("base", "roster.json").is_ok());
        for bad in ["../secret.txt", "/etc/passwd", "l.txt", ".", "", "a//b"] {
            assert!(s.file("base", bad).is_err(), "{bad:?}");
        }
        assert!(s.file("..", "secret.txt").is_err());
        assert_eq!(
            s.files("base").expect("files"),
            vec!["history.json", "roster.json"]
        );
    }
}
