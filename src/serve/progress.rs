//! Re-plans started from the page with their progress and a cancel button (issue 19,
//! part 3). `POST /api/versions/{id}/jobs` starts the same re-plan as
//! `/api/versions/{id}/replan` (a TOML scenario) or `/absence` (the JSON form) in the
//! background and answers at once with a job; `GET /api/jobs/{job}` says its stage,
//! the best plan's objective so far and the gap (HiGHS's progress, as `roster replan`
//! draws it on a terminal), and in the end the preview made; `POST
//! /api/jobs/{job}/cancel` stops it. A cancelled re-plan writes nothing: the MILPs stop
//! at the flag (`milp::watch`; HiGHS itself stops at its next interrupt point) and its
//! preview, if one was begun, is removed.
//!
//! `GET /api/jobs/{job}/events` pushes the same state as Server-Sent Events: a
//! `progress` event whenever the stage, the best plan's objective or the gap changes,
//! then one final event named after how the job ended (`done` with its preview,
//! `failed`, `cancelled`), and the stream ends.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
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
        .route("/api/jobs/{job}/events", get(events))
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
    /// HiGHS runs of this job still going: 0 once a finished or cancelled job has let
    /// go of the processor.
    pub highs_runs: usize,
}

struct Job {
    state: Arc<Mutex<JobState>>,
    cancel: Arc<AtomicBool>,
    /// The job's watch (its HiGHS runs are counted there).
    watch: Watch,
    /// Ticks at every change of the state (the events stream waits on it).
    changed: Arc<tokio::sync::watch::Sender<u64>>,
}

/// What a request reads of a job.
struct Handle {
    state: Arc<Mutex<JobState>>,
    cancel: Arc<AtomicBool>,
    watch: Watch,
    changed: tokio::sync::watch::Receiver<u64>,
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
                // The solver names its parts in English; the page says them in its
                // language, as the summary does.
                format!(
                    "{}: {}",
                    f[0],
                    crate::report::status::part_name(desk.lang(), &s.stage)
                )
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
        highs_runs: 0,
    }));
    let cancel = Arc::new(AtomicBool::new(false));
    let changed = Arc::new(tokio::sync::watch::Sender::new(0u64));
    let sink_state = state.clone();
    let sink_changed = changed.clone();
    let w = Watch::new(
        cancel.clone(),
        Some(Arc::new(move |p: &crate::milp::Progress| {
            let mut s = sink_state.lock().unwrap_or_else(|e| e.into_inner());
            s.stage = p.stage.clone();
            s.incumbent = p.incumbent;
            s.gap = p.gap;
            s.seconds = p.seconds;
            drop(s);
            sink_changed.send_modify(|n| *n = n.wrapping_add(1));
        })),
    );
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
                watch: w.clone(),
                changed: changed.clone(),
            },
        );
    }
    let d = desk.clone();
    let base = base.to_string();
    let first = snapshot(desk, &state, &w);
    tokio::task::spawn_blocking(move || {
        // Tell the events streams how the job ended, whatever the path below.
        struct Ended(Arc<tokio::sync::watch::Sender<u64>>);
        impl Drop for Ended {
            fn drop(&mut self) {
                self.0.send_modify(|n| *n = n.wrapping_add(1));
            }
        }
        let _ended = Ended(changed);
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

fn snapshot(desk: &Desk, state: &Mutex<JobState>, watch: &Watch) -> JobState {
    let mut s = state.lock().unwrap_or_else(|e| e.into_inner()).clone();
    s.said = said(desk, &s);
    s.highs_runs = watch.highs_running();
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

fn job_state(desk: &Desk, job: &str) -> Result<Handle, ApiError> {
    let jobs = desk.jobs.0.lock().unwrap_or_else(|e| e.into_inner());
    jobs.get(job)
        .map(|j| Handle {
            state: j.state.clone(),
            cancel: j.cancel.clone(),
            watch: j.watch.clone(),
            changed: j.changed.subscribe(),
        })
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
    let h = job_state(&desk, &job)?;
    Ok(Json(snapshot(&desk, &h.state, &h.watch)))
}

async fn cancel(
    State(desk): State<Arc<Desk>>,
    UrlPath(job): UrlPath<String>,
) -> Result<Json<JobState>, ApiError> {
    let h = job_state(&desk, &job)?;
    h.cancel.store(true, Ordering::Relaxed);
    Ok(Json(snapshot(&desk, &h.state, &h.watch)))
}

/// The longest the events stream waits for a change before it looks at the job again.
const LOOK_AGAIN: Duration = Duration::from_secs(1);

/// What the events stream has sent so far.
struct Following {
    desk: Arc<Desk>,
    job: Handle,
    /// Stage, incumbent and gap of the last event sent (numbers by their bits).
    last: Option<(String, Option<u64>, Option<u64>)>,
}

/// One event: the job's state as JSON, named `progress` while it runs and after how it
/// ended (`done`, `failed`, `cancelled`) at the end.
fn event(s: &JobState) -> Event {
    let name = if s.state == "running" {
        "progress"
    } else {
        s.state
    };
    Event::default()
        .event(name)
        .json_data(s)
        .unwrap_or_else(|_| Event::default().event(name).data("{}"))
}

/// `GET /api/jobs/{job}/events`: the job's progress pushed as Server-Sent Events, to
/// its final event.
async fn events(
    State(desk): State<Arc<Desk>>,
    UrlPath(job): UrlPath<String>,
) -> Result<Sse<impl futures_util::stream::Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let job = job_state(&desk, &job)?;
    let start = Following {
        desk,
        job,
        last: None,
    };
    let stream = futures_util::stream::unfold(Some(start), |following| async move {
        let mut f = following?;
        loop {
            let now = snapshot(&f.desk, &f.job.state, &f.job.watch);
            if now.state != "running" {
                return Some((Ok(event(&now)), None));
            }
            let key = (
                now.stage.clone(),
                now.incumbent.map(f64::to_bits),
                now.gap.map(f64::to_bits),
            );
            if f.last.as_ref() != Some(&key) {
                f.last = Some(key);
                return Some((Ok(event(&now)), Some(f)));
            }
            let woke = tokio::time::timeout(LOOK_AGAIN, f.job.changed.changed()).await;
            if matches!(woke, Ok(Err(_))) {
                // The job was forgotten: no more ticks, look again now and then.
                tokio::time::sleep(LOOK_AGAIN).await;
            }
        }
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}
