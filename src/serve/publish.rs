//! The publish archive (issue 19, part 3): after publishing, the letters and calendar
//! updates since the last published version, ready to print (`/versions/{id}/archive`)
//! or to download as one zip (`/api/versions/{id}/publish-archive`).
//!
//! The archive of version `id` holds, for `id` and each version it was made from back
//! to (not including) the previous published one, that version's letters
//! (`notices/*.txt`) and the calendars (`*.ics`) that changed from the version it was
//! made from (all of them for a first solve), plus `index.html`, the printable page
//! that lists them. Every name inside the zip is `<version>/<file>` built from names the store
//! checked (plain name parts, no `..`, no leading `/`), so no entry escapes the folder
//! it is unpacked into. The zip is the same bytes for the same versions (entries in
//! name order, the 1980-01-01 time zip uses for "no time").

use std::io::Write;
use std::sync::Arc;

use axum::extract::{Path as UrlPath, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use minijinja::context;
use minijinja::value::{Serde, Value};
use serde::Serialize;

use super::api::ApiError;
use super::pages::{refused, render, render_page};
use super::store::{plain_name, StoreError, Version};
use super::Desk;
use crate::report::labels::{desk_view_words, fill};

/// The archive's routes.
pub fn routes() -> Router<Arc<Desk>> {
    Router::new()
        .route("/versions/{id}/archive", get(page))
        .route("/api/versions/{id}/publish-archive", get(zip_file))
}

/// One file of the archive.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// The version it comes from.
    pub version: String,
    /// Its name in the version (`notices/c08.txt`, `calendars/c08.ics`).
    pub file: String,
    /// Whom it is for: the staff id of a letter or calendar, else the file's name.
    pub whom: String,
    /// A letter's text (shown on the printable page); empty for a calendar.
    pub text: String,
}

impl Entry {
    /// Its name inside the zip.
    pub fn zip_name(&self) -> String {
        format!("{}/{}", self.version, self.file)
    }
}

/// What the archive of a version holds.
#[derive(Debug, Clone, Serialize)]
pub struct Archive {
    /// The version whose archive it is.
    pub id: String,
    /// The versions it covers, oldest first.
    pub versions: Vec<String>,
    /// The previous published version it starts after, if any.
    pub since: Option<String>,
    /// Its files, by version (oldest first) then name.
    pub entries: Vec<Entry>,
}

/// The versions from `id` back to (not including) the last other published version,
/// oldest first, and that published version.
fn since_published(all: &[Version], id: &str) -> (Vec<String>, Option<String>) {
    let mut chain = Vec::new();
    let mut at = Some(id.to_string());
    let mut since = None;
    while let Some(cur) = at {
        // A chain never loops, but a hand-written state file might: stop at a repeat.
        if chain.contains(&cur) {
            break;
        }
        let Some(v) = all.iter().find(|v| v.id == cur) else {
            break;
        };
        if v.id != id && v.published.is_some() {
            since = Some(v.id.clone());
            break;
        }
        chain.push(v.id.clone());
        at = v.parent.clone();
    }
    chain.reverse();
    (chain, since)
}

/// The archive of version `id`, read from the store.
pub fn archive(desk: &Desk, id: &str) -> Result<Archive, StoreError> {
    desk.store.version_dir(id)?;
    let all = desk.store.versions();
    let (versions, since) = since_published(&all, id);
    let mut entries = Vec::new();
    for v in &versions {
        let parent = all
            .iter()
            .find(|x| &x.id == v)
            .and_then(|x| x.parent.clone());
        for f in desk.store.files(v)? {
            let letter = f.starts_with("notices/") && f.ends_with(".txt");
            let calendar = f.ends_with(".ics");
            // Names the store lists are plain parts joined by `/`; checked again here,
            // since they become paths in whoever unpacks the zip.
            if !(letter || calendar) || !f.split('/').all(plain_name) {
                continue;
            }
            // A calendar is an update when it differs from the one its version was made
            // from (a re-plan rewrites every calendar; most stay the same).
            if calendar {
                if let Some(p) = &parent {
                    if desk.store.file(p, &f).ok() == Some(desk.store.file(v, &f)?) {
                        continue;
                    }
                }
            }
            let base = f.rsplit('/').next().unwrap_or(&f);
            let whom = base
                .rsplit_once('.')
                .map_or(base, |(stem, _)| stem)
                .to_string();
            let text = if letter {
                String::from_utf8_lossy(&desk.store.file(v, &f)?).into_owned()
            } else {
                String::new()
            };
            entries.push(Entry {
                version: v.clone(),
                file: f,
                whom,
                text,
            });
        }
    }
    Ok(Archive {
        id: id.to_string(),
        versions,
        since,
        entries,
    })
}

/// The context of the archive's page.
fn page_context(desk: &Desk, a: &Archive) -> Value {
    let vw = desk_view_words(desk.lang());
    let about = match &a.since {
        Some(s) => fill(vw.archive_since, &[("since", s)]),
        None => vw.archive_all.to_string(),
    };
    context! {
        title => format!("{} {}", vw.archive, a.id),
        vw => Value::from(Serde(vw)),
        id => a.id.clone(),
        about => about,
        a => Value::from(Serde(a)),
    }
}

async fn page(State(desk): State<Arc<Desk>>, UrlPath(id): UrlPath<String>) -> Response {
    match archive(&desk, &id) {
        Ok(a) => render(&desk, "archive.html", page_context(&desk, &a)),
        Err(e) => refused(&desk, ApiError::store(&desk, e)),
    }
}

/// The zip's bytes: `index.html` (the printable page) then every entry, by name.
pub fn zip_bytes(desk: &Desk, a: &Archive) -> Result<Vec<u8>, String> {
    let index = render_page(desk, "archive.html", page_context(desk, a))
        .map_err(|e| format!("template error: {e}"))?;
    let index = crate::report::terminal::readable(&index).into_owned();
    let mut files: Vec<(String, Vec<u8>)> = vec![("index.html".to_string(), index.into_bytes())];
    for e in &a.entries {
        let bytes = desk
            .store
            .file(&e.version, &e.file)
            .map_err(|e| format!("{e:?}"))?;
        files.push((e.zip_name(), bytes));
    }
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in &files {
        w.start_file(name.as_str(), options)
            .map_err(|e| format!("{name}: {e}"))?;
        w.write_all(bytes).map_err(|e| format!("{name}: {e}"))?;
    }
    w.finish()
        .map(std::io::Cursor::into_inner)
        .map_err(|e| e.to_string())
}

async fn zip_file(State(desk): State<Arc<Desk>>, UrlPath(id): UrlPath<String>) -> Response {
    let a = match archive(&desk, &id) {
        Ok(a) => a,
        Err(e) => return ApiError::store(&desk, e).into_response(),
    };
    let bytes = match zip_bytes(&desk, &a) {
        Ok(b) => b,
        Err(e) => {
            return ApiError(axum::http::StatusCode::INTERNAL_SERVER_ERROR, e).into_response()
        }
    };
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/zip"),
    );
    // An ASCII name from the id (RFC 6266's fallback); the id itself percent-encoded.
    let ascii: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = id
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let value = format!(
        "attachment; filename=\"publish-{ascii}.zip\"; filename*=UTF-8''publish-{encoded}.zip"
    );
    if let Ok(v) = HeaderValue::from_str(&value) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    (headers, bytes).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(id: &str, parent: Option<&str>, published: bool) -> Version {
        Version {
            id: id.into(),
            parent: parent.map(Into::into),
            created: String::new(),
            published: published.then(|| "2026-01-01T00:00:00Z".to_string()),
            current: false,
            head: false,
            status: String::new(),
            violations: 0,
            decision: String::new(),
            as_of: String::new(),
        }
    }

    #[test]
    fn the_archive_starts_after_the_previous_publication() {
        let all = vec![
            v("base", None, true),
            v("v002", Some("base"), false),
            v("v003", Some("v002"), true),
            v("v004", Some("v003"), false),
        ];
        assert_eq!(
            since_published(&all, "v003"),
            (vec!["v002".into(), "v003".into()], Some("base".into()))
        );
        assert_eq!(
            since_published(&all, "v004"),
            (vec!["v004".into()], Some("v003".into()))
        );
        let none = vec![v("base", None, false), v("v002", Some("base"), false)];
        assert_eq!(
            since_published(&none, "v002"),
            (vec!["base".into(), "v002".into()], None)
        );
    }
}
