//! Re-plans started from the page with their progress and a cancel button (issue 19,
//! part 3). `POST /api/versions/{id}/jobs` starts the same re-plan as
//! `/api/versions/{id}/replan` (a TOML scenario) or `/absence` (the JSON form) in the
//! background and answers at once with a job; `GET /api/jobs/{job}` says its stage,
//! the best plan's objective so far and the gap (HiGHS's progress, as `roster replan`
//! draws it on a terminal), and in the end the preview made; `POST
//! /api/jobs/{job}/cancel` stops it. A cancelled re-plan writes nothing: the MILPs stop
//! at the flag (`milp::watch`) and its preview, if one was begun, is removed.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Serialize;

use super::api::{absence_scenario, replan_blocking, AbsenceForm, ApiError};
use super::store::random_hex;
use super::Desk;
use crate::milp::watch::{self, Watch};
use crate::report::labels::{desk_view_words, desk_words, fill};

/// The most finished jobs kept for their pages to read.
const KEPT: usize = 64;

/// The jobs' routes.
pub fn routes() -> Router<Arc<Desk>> {
    Router::new()
        .route("/api/versions/{id}/jobs", post(start))
        .route("/api/jobs/{job}", get(status))
        .route("/api/jobs/{job}/cancel", post(cancel))
}

/// What a job says (`GET /api/jobs/{job}`).
#[derive(Debug, Clone, Serialize)]
pub struct JobState {
    /// The job's id.
    pub id: String,
    /// The version it re-plans.
    pub base: String,
    /// `running`, `done`, `failed` or `cancelled`.
    pub state: &'static str,
    /// The MILP being solved (HiGHS's progress), empty before the first report.
    pub stage: String,
    /// Objective of the best plan so far, if any.
    pub incumbent: Option<f64>,
    /// Relative gap, if known.
    pub gap: Option<f64>,
    /// Seconds HiGHS has spent on this MILP.
    pub seconds: f64,
    /// The preview made, when done.
    pub preview: Option<String>,
    /// The sentence of a failed or cancelled re-plan.
    pub error: Option<String>,
    /// The above in the desk's language, for the page.
    pub said: String,
    /// The cancel button's words.
    pub cancel: &'static str,
}

struct Job {
    state: Arc<Mutex<JobState>>,
    cancel: Arc<AtomicBool>,
}

/// The desk's jobs.
#[derive(Default)]
pub struct Jobs(Mutex<BTreeMap<String, Job>>);

impl std::fmt::Debug for Jobs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Jobs")
    }
}

fn said(desk: &Desk, s: &JobState) -> String {
    let vw = desk_view_words(desk.lang());
    match s.state {
        "cancelled" => vw.cancelled.to_string(),
        "failed" => s.error.clone().unwrap_or_default(),
        _ => {
            let f = vw.progress_fields;
            let mut t = if s.stage.is_empty() {
                desk_words(desk.lang()).working.to_string()
            } else {
                format!("{}: {}", f[0], s.stage)
            };
            if let Some(i) = s.incumbent {
                t.push_str(&format!(" · {}: {i:.1}", f[1]));
            }
            if let Some(g) = s.gap {
                t.push_str(&format!(" · {}: {:.2}%", f[2], g * 100.0));
            }
            if s.seconds > 0.0 {
                t.push_str(&format!(" · {:.1} {}", s.seconds, f[3]));
            }
            t
        }
    }
}

/// Starts re-planning version `base` after `text` in the background; returns the job.
pub fn start_job(desk: &Arc<Desk>, base: &str, text: String) -> JobState {
    let id = format!("j{}", random_hex(6));
    let state = Arc::new(Mutex::new(JobState {
        id: id.clone(),
        base: base.to_string(),
        state: "running",
        stage: String::new(),
        incumbent: None,
        gap: None,
        seconds: 0.0,
        preview: None,
        error: None,
        said: String::new(),
        cancel: desk_view_words(desk.lang()).cancel,
    }));
    let cancel = Arc::new(AtomicBool::new(false));
    {
        let mut jobs = desk.jobs.0.lock().unwrap_or_else(|e| e.into_inner());
        // Forget the oldest finished jobs beyond KEPT.
        while jobs.len() >= KEPT {
            let done = jobs.iter().find_map(|(k, j)| {
                let s = j.state.lock().unwrap_or_else(|e| e.into_inner());
                (s.state != "running").then(|| k.clone())
            });
            match done {
                Some(k) => {
                    jobs.remove(&k);
                }
                None => break,
            }
        }
        jobs.insert(
            id.clone(),
            Job {
                state: state.clone(),
                cancel: cancel.clone(),
            },
        );
    }
    let sink_state = state.clone();
    let w = Watch {
        cancel: cancel.clone(),
        progress: Some(Arc::new(move |p: &crate::milp::Progress| {
            let mut s = sink_state.lock().unwrap_or_else(|e| e.into_inner());
            s.stage = p.stage.clone();
            s.incumbent = p.incumbent;
            s.gap = p.gap;
            s.seconds = p.seconds;
        })),
    };
    let d = desk.clone();
    let base = base.to_string();
    let first = snapshot(desk, &state);
    tokio::task::spawn_blocking(move || {
        let r = watch::watching(w, || replan_blocking(&d, &base, &text));
        let cancelled = cancel.load(Ordering::Relaxed);
        let mut s = state.lock().unwrap_or_else(|e| e.into_inner());
        match r {
            // Cancelled after the re-plan wrote its preview: the preview goes too.
            Ok(view) if cancelled => {
                let _ = d.store.discard(&view.id);
                s.state = "cancelled";
            }
            Ok(view) => {
                s.state = "done";
                s.preview = Some(view.id);
            }
            Err(_) if cancelled => s.state = "cancelled",
            Err(e) => {
                s.state = "failed";
                s.error = Some(e.1);
            }
        }
    });
    first
}

fn snapshot(desk: &Desk, state: &Mutex<JobState>) -> JobState {
    let mut s = state.lock().unwrap_or_else(|e| e.into_inner()).clone();
    s.said = said(desk, &s);
    s
}

async fn start(
    State(desk): State<Arc<Desk>>,
    UrlPath(id): UrlPath<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let w = desk_words(desk.lang());
    let text = match super::guard::media_type(&headers).as_str() {
        "application/toml" => match String::from_utf8(body.to_vec()) {
            Ok(t) => t,
            Err(_) => return ApiError(StatusCode::BAD_REQUEST, w.not_text.into()).into_response(),
        },
        "application/json" => match serde_json::from_slice::<AbsenceForm>(&body) {
            Ok(f) => absence_scenario(&f),
            Err(e) => return ApiError(StatusCode::BAD_REQUEST, e.to_string()).into_response(),
        },
        _ => {
            return ApiError(StatusCode::UNSUPPORTED_MEDIA_TYPE, w.not_toml.into()).into_response()
        }
    };
    if let Err(e) = desk.store.version_dir(&id) {
        return ApiError::store(&desk, e).into_response();
    }
    (StatusCode::ACCEPTED, Json(start_job(&desk, &id, text))).into_response()
}

fn job_state(desk: &Desk, job: &str) -> Result<(Arc<Mutex<JobState>>, Arc<AtomicBool>), ApiError> {
    let jobs = desk.jobs.0.lock().unwrap_or_else(|e| e.into_inner());
    jobs.get(job)
        .map(|j| (j.state.clone(), j.cancel.clone()))
        .ok_or_else(|| {
            let shown = crate::report::terminal::visible(job).into_owned();
            ApiError(
                StatusCode::NOT_FOUND,
                fill(desk_view_words(desk.lang()).no_job, &[("id", &shown)]),
            )
        })
}

async fn status(
    State(desk): State<Arc<Desk>>,
    UrlPath(job): UrlPath<String>,
) -> Result<Json<JobState>, ApiError> {
    let (state, _) = job_state(&desk, &job)?;
    Ok(Json(snapshot(&desk, &state)))
}

async fn cancel(
    State(desk): State<Arc<Desk>>,
    UrlPath(job): UrlPath<String>,
) -> Result<Json<JobState>, ApiError> {
    let (state, flag) = job_state(&desk, &job)?;
    flag.store(true, Ordering::Relaxed);
    Ok(Json(snapshot(&desk, &state)))
}
