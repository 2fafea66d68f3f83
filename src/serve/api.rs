//! The desk's JSON API (docs/serve.md): versions, their files, re-plan previews made by
//! `commands::replan`, accepting and discarding them, publishing. Each handler parses,
//! calls the library or the store, and answers; the work is elsewhere.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path as UrlPath, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use super::store::{self, Preview, StoreError, Version};
use super::Desk;
use crate::commands::{self, ReplanSettings, Silent};
use crate::error::Error;
use crate::milp::{Deadline, SolveOptions};
use crate::report::labels::{desk_words, fill};

/// The API's routes.
pub fn routes() -> Router<Arc<Desk>> {
    Router::new()
        .route("/api/versions", get(list))
        .route("/api/versions/{id}", get(one))
        .route("/api/versions/{id}/files", get(files))
        .route("/api/versions/{id}/files/{*name}", get(file))
        .route("/api/versions/{id}/replan", post(replan))
        .route("/api/versions/{id}/absence", post(absence))
        .route("/api/versions/{id}/publish", post(publish))
        .route("/api/previews/{id}", get(preview))
        .route("/api/previews/{id}/accept", post(accept))
        .route("/api/previews/{id}/discard", post(discard))
}

/// A refusal or failure: a status and one sentence (`{"error": "..."}`).
#[derive(Debug)]
pub struct ApiError(pub StatusCode, pub String);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0, Json(serde_json::json!({ "error": self.1 }))).into_response()
    }
}

impl ApiError {
    /// A store refusal in the desk's words.
    pub fn store(desk: &Desk, e: StoreError) -> Self {
        let w = desk_words(desk.lang());
        let shown = |s: &str| crate::report::terminal::visible(s).into_owned();
        match e {
            StoreError::BadName(n) => ApiError(
                StatusCode::BAD_REQUEST,
                fill(w.bad_name, &[("name", &shown(&n))]),
            ),
            StoreError::NotFound(n) => ApiError(
                StatusCode::NOT_FOUND,
                fill(w.no_version, &[("id", &shown(&n))]),
            ),
            StoreError::Stale { base, child } => ApiError(
                StatusCode::CONFLICT,
                fill(w.stale, &[("base", &base), ("child", &child)]),
            ),
            StoreError::Io(s) => ApiError(StatusCode::INTERNAL_SERVER_ERROR, s),
        }
    }

    /// A command's error: the sentence the command line gives (file, line, column,
    /// what and how to fix); 400 when the request's scenario is at fault.
    pub fn command(e: &Error) -> Self {
        let status = match e {
            Error::Input(_)
            | Error::InScenario { .. }
            | Error::BackInTime { .. }
            | Error::All(_)
            | Error::OtherModel { .. } => StatusCode::BAD_REQUEST,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        ApiError(status, e.to_string())
    }
}

async fn list(State(desk): State<Arc<Desk>>) -> Json<Vec<Version>> {
    Json(desk.store.versions())
}

async fn one(
    State(desk): State<Arc<Desk>>,
    UrlPath(id): UrlPath<String>,
) -> Result<Json<Version>, ApiError> {
    desk.store
        .version(&id)
        .map(Json)
        .map_err(|e| ApiError::store(&desk, e))
}

async fn files(
    State(desk): State<Arc<Desk>>,
    UrlPath(id): UrlPath<String>,
) -> Result<Json<Vec<String>>, ApiError> {
    desk.store
        .files(&id)
        .map(Json)
        .map_err(|e| ApiError::store(&desk, e))
}

/// The content type a plan file is served with, and whether it is shown in the
/// browser (`roster.html`, text) or downloaded.
fn served_as(name: &str) -> (&'static str, bool) {
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    match ext {
        // Only roster's own page is shown as a page (sandboxed, see `file`).
        "html" if name == "roster.html" => ("text/html; charset=utf-8", true),
        "csv" => ("text/csv; charset=utf-8", true),
        "txt" | "toml" => ("text/plain; charset=utf-8", true),
        "json" => ("application/json", true),
        "ics" => ("text/calendar; charset=utf-8", false),
        "xlsx" => (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            false,
        ),
        _ => ("application/octet-stream", false),
    }
}

async fn file(
    State(desk): State<Arc<Desk>>,
    UrlPath((id, name)): UrlPath<(String, String)>,
) -> Response {
    let bytes = match desk.store.file(&id, &name) {
        Ok(b) => b,
        Err(StoreError::NotFound(_)) if desk.store.version_dir(&id).is_ok() => {
            let w = desk_words(desk.lang());
            let shown = |s: &str| crate::report::terminal::visible(s).into_owned();
            return ApiError(
                StatusCode::NOT_FOUND,
                fill(w.no_file, &[("name", &shown(&name)), ("id", &shown(&id))]),
            )
            .into_response();
        }
        Err(e) => return ApiError::store(&desk, e).into_response(),
    };
    let (kind, inline) = served_as(&name);
    let mut headers = HeaderMap::new();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    // A plan's own page may run its inline script, in a sandbox: an opaque origin that
    // cannot reach the desk's API, whatever a file holds.
    let policy = if name == "roster.html" {
        "sandbox allow-scripts; default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; frame-ancestors 'none'"
    } else {
        "sandbox; default-src 'none'; frame-ancestors 'none'"
    };
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(policy),
    );
    if !inline {
        let base = name.rsplit('/').next().unwrap_or("file");
        // An ASCII fallback name; the real one percent-encoded (RFC 6266).
        let ascii: String = base
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || "._-".contains(c) {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let encoded: String = base
            .bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"._-".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect();
        let value = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}");
        if let Ok(v) = HeaderValue::from_str(&value) {
            headers.insert(header::CONTENT_DISPOSITION, v);
        }
    }
    (headers, bytes).into_response()
}

/// A preview as the API answers it: what the re-plan wrote, read back from its folder.
#[derive(Debug, Serialize)]
pub struct PreviewView {
    /// The preview's id.
    pub id: String,
    /// The version it re-plans.
    pub base: String,
    /// Whether that version is still a head (accepting is refused otherwise).
    pub base_is_head: bool,
    /// The decision's name (the scenario's `name`).
    pub name: String,
    /// The scenario text that made it.
    pub scenario: String,
    /// What the command line would have said (changes, notices, figures, people).
    pub summary: String,
    /// Rule violations in the new plan.
    pub violations: usize,
    /// Rows of its `changes.csv` (column → cell).
    pub changes: Vec<BTreeMap<String, String>>,
    /// Rows of its `affected.csv`: the people affected, with days and yen.
    pub affected: Vec<BTreeMap<String, String>>,
    /// The letters (`notices/<staff_id>.txt`).
    pub letters: Vec<Letter>,
}

/// One letter of a preview.
#[derive(Debug, Serialize)]
pub struct Letter {
    /// To whom.
    pub staff_id: String,
    /// The letter.
    pub text: String,
}

/// The summary a re-plan said, kept beside its folder in the preview.
const SUMMARY_FILE: &str = "summary.txt";

/// Rows of a CSV file written by roster (BOM stripped) as column → cell maps.
pub fn csv_rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let Ok(header) = r.headers().cloned() else {
        return Vec::new();
    };
    r.records()
        .flatten()
        .map(|row| {
            header
                .iter()
                .zip(row.iter())
                .map(|(h, c)| (h.to_string(), c.to_string()))
                .collect()
        })
        .collect()
}

/// The preview's view, from its folder.
pub fn preview_view(desk: &Desk, p: &Preview) -> Result<PreviewView, StoreError> {
    let plan = p.plan();
    let history = crate::plan::history::read_history(&plan).ok().flatten();
    let mut letters = Vec::new();
    if let Ok(entries) = std::fs::read_dir(plan.join("notices")) {
        let mut names: Vec<String> = entries
            .flatten()
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| n.ends_with(".txt") && store::plain_name(n))
            .collect();
        names.sort();
        for n in names {
            let text = std::fs::read_to_string(plan.join("notices").join(&n)).unwrap_or_default();
            letters.push(Letter {
                staff_id: n.trim_end_matches(".txt").to_string(),
                text,
            });
        }
    }
    let base_is_head = desk
        .store
        .versions()
        .iter()
        .any(|v| v.id == p.base && v.head);
    Ok(PreviewView {
        id: p.id.clone(),
        base: p.base.clone(),
        base_is_head,
        name: history
            .and_then(|h| h.chain.last().map(|l| l.name.clone()))
            .unwrap_or_default(),
        scenario: std::fs::read_to_string(p.decision().0).unwrap_or_default(),
        summary: std::fs::read_to_string(p.dir.join(SUMMARY_FILE)).unwrap_or_default(),
        violations: csv_rows(&plan.join(crate::plan::files::VIOLATIONS)).len(),
        changes: csv_rows(&plan.join("changes.csv")),
        affected: csv_rows(&plan.join("affected.csv")),
        letters,
    })
}

/// Re-plans version `base` after the scenario `text` into a new preview, with
/// `commands::replan` (the same call as `roster replan`); on failure the preview is
/// removed and the command's sentence returned.
pub fn replan_blocking(desk: &Desk, base: &str, text: &str) -> Result<PreviewView, ApiError> {
    let baseline = desk
        .store
        .version_dir(base)
        .map_err(|e| ApiError::store(desk, e))?;
    let _one_at_a_time = desk.solving.lock().unwrap_or_else(|e| e.into_inner());
    let p = desk
        .store
        .new_preview(base, text)
        .map_err(|e| ApiError::store(desk, e))?;
    let started = std::time::Instant::now();
    let s = &desk.settings;
    let settings = ReplanSettings {
        model: s.model.clone(),
        baseline,
        scenario: p.scenario(),
        out: p.plan(),
        opts: SolveOptions {
            time_limit: s.time_limit,
            gap: s.gap,
            threads: 1,
            verbose: false,
            deadline: Some(Deadline::at(started, s.time_limit)),
        },
        started,
        force: false,
        lang: s.lang,
    };
    finish_preview(
        desk,
        &p,
        commands::replan(&settings, &Silent).map(|r| r.said),
    )
}

/// Ends a preview a command has just written into (a re-plan, a swap): what the command
/// said is kept beside the plan ([`SUMMARY_FILE`]) and the preview is shown; a command
/// that refused leaves nothing, the preview is discarded and its sentence answered.
pub(super) fn finish_preview(
    desk: &Desk,
    p: &Preview,
    said: Result<String, Error>,
) -> Result<PreviewView, ApiError> {
    match said {
        Ok(said) => {
            let _ = crate::safe_fs::write(
                &p.dir,
                Path::new(SUMMARY_FILE),
                said.as_bytes(),
                crate::safe_fs::Mode::CreateNew,
            );
            preview_view(desk, p).map_err(|e| ApiError::store(desk, e))
        }
        Err(e) => {
            let _ = desk.store.discard(&p.id);
            Err(ApiError::command(&e))
        }
    }
}

async fn run_replan(desk: Arc<Desk>, base: String, text: String) -> Response {
    let d = desk.clone();
    match tokio::task::spawn_blocking(move || replan_blocking(&d, &base, &text)).await {
        Ok(Ok(view)) => (StatusCode::CREATED, Json(view)).into_response(),
        Ok(Err(e)) => e.into_response(),
        Err(e) => ApiError(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("the re-plan stopped: {e}"),
        )
        .into_response(),
    }
}

async fn replan(
    State(desk): State<Arc<Desk>>,
    UrlPath(id): UrlPath<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let w = desk_words(desk.lang());
    if super::guard::media_type(&headers) != "application/toml" {
        return ApiError(StatusCode::UNSUPPORTED_MEDIA_TYPE, w.not_toml.into()).into_response();
    }
    let Ok(text) = String::from_utf8(body.to_vec()) else {
        return ApiError(StatusCode::BAD_REQUEST, w.not_text.into()).into_response();
    };
    run_replan(desk, id, text).await
}

/// The absence form: one person away from one day to another, as `[[absence]]`.
#[derive(Debug, Deserialize)]
pub struct AbsenceForm {
    /// Staff id.
    pub staff: String,
    /// First day away (YYYY-MM-DD).
    pub from: String,
    /// Last day away.
    pub to: String,
    /// The day the decision is taken (the scenario's `as_of`).
    pub as_of: String,
    /// The decision's name (default: the person and the days).
    #[serde(default)]
    pub name: Option<String>,
    /// What the letters give as the reason (the scenario's `public_reason`).
    #[serde(default)]
    pub public_reason: Option<String>,
}

#[derive(Serialize)]
struct AbsenceScenario<'a> {
    name: &'a str,
    as_of: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    public_reason: Option<&'a str>,
    absence: [AbsenceRow<'a>; 1],
}

#[derive(Serialize)]
struct AbsenceRow<'a> {
    staff: &'a str,
    from: &'a str,
    to: &'a str,
}

/// The scenario file the absence form stands for: the same `[[absence]]` table a
/// person would write for `roster replan` (docs/scenarios.md), every value a TOML
/// string written by the toml crate (quotes and escapes included).
pub fn absence_scenario(f: &AbsenceForm) -> String {
    let default_name = format!("{} {}..{}", f.staff, f.from, f.to);
    let name = f
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .unwrap_or(&default_name);
    let sc = AbsenceScenario {
        name,
        as_of: f.as_of.trim(),
        public_reason: f
            .public_reason
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty()),
        absence: [AbsenceRow {
            staff: f.staff.trim(),
            from: f.from.trim(),
            to: f.to.trim(),
        }],
    };
    toml::to_string(&sc).unwrap_or_default()
}

async fn absence(
    State(desk): State<Arc<Desk>>,
    UrlPath(id): UrlPath<String>,
    Json(form): Json<AbsenceForm>,
) -> Response {
    let text = absence_scenario(&form);
    run_replan(desk, id, text).await
}

async fn preview(
    State(desk): State<Arc<Desk>>,
    UrlPath(id): UrlPath<String>,
) -> Result<Json<PreviewView>, ApiError> {
    let p = desk.store.preview(&id).map_err(|e| gone(&desk, &id, e))?;
    preview_view(&desk, &p)
        .map(Json)
        .map_err(|e| ApiError::store(&desk, e))
}

/// A preview that is not there: said as such (not as a missing version).
fn gone(desk: &Desk, id: &str, e: StoreError) -> ApiError {
    match e {
        StoreError::NotFound(_) => {
            let w = desk_words(desk.lang());
            let shown = crate::report::terminal::visible(id).into_owned();
            ApiError(StatusCode::NOT_FOUND, fill(w.no_preview, &[("id", &shown)]))
        }
        e => ApiError::store(desk, e),
    }
}

/// `{"id": version, "parent": version}`: the version to show next.
#[derive(Debug, Serialize)]
struct Made {
    id: String,
    parent: Option<String>,
}

async fn accept(
    State(desk): State<Arc<Desk>>,
    UrlPath(id): UrlPath<String>,
) -> Result<(StatusCode, Json<Made>), ApiError> {
    let _one = desk.deciding.lock().unwrap_or_else(|e| e.into_inner());
    let p = desk.store.preview(&id).map_err(|e| gone(&desk, &id, e))?;
    match desk.store.accept(&id) {
        Ok(new) => Ok((
            StatusCode::CREATED,
            Json(Made {
                id: new,
                parent: Some(p.base),
            }),
        )),
        Err(StoreError::NotFound(n)) if n == id => Err(gone(&desk, &id, StoreError::NotFound(n))),
        Err(e) => Err(ApiError::store(&desk, e)),
    }
}

async fn discard(
    State(desk): State<Arc<Desk>>,
    UrlPath(id): UrlPath<String>,
) -> Result<Json<Made>, ApiError> {
    let _one = desk.deciding.lock().unwrap_or_else(|e| e.into_inner());
    let p = desk.store.preview(&id).map_err(|e| gone(&desk, &id, e))?;
    desk.store
        .discard(&id)
        .map_err(|e| ApiError::store(&desk, e))?;
    Ok(Json(Made {
        id: p.base,
        parent: None,
    }))
}

async fn publish(
    State(desk): State<Arc<Desk>>,
    UrlPath(id): UrlPath<String>,
) -> Result<Json<Version>, ApiError> {
    let _one = desk.deciding.lock().unwrap_or_else(|e| e.into_inner());
    desk.store
        .publish(&id)
        .map(Json)
        .map_err(|e| ApiError::store(&desk, e))
}
