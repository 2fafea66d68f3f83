//! The desk's re-plan jobs pushed to the page and cancelled (issue 19, progress), in
//! process through tower's `oneshot`: `GET /api/jobs/{job}/events` streams the job's
//! progress as Server-Sent Events to one final event and ends; a cancel stops HiGHS
//! itself (the job's count of live HiGHS runs falls to 0 long before its time limit),
//! and writes nothing. No wall-clock assertion: the timeouts below only keep a broken
//! build from hanging the suite.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::Value;
use tower::ServiceExt;

use super::serve::{
    desk_with, get, json, post, runtime, saitama_desk_dir, settings, C08_FORM, HOST,
};
use super::support::*;
use roster::serve::{router, Desk};

/// Far beyond any healthy answer; only a hang reaches it.
const GUARD: Duration = Duration::from_secs(300);

fn call(
    rt: &tokio::runtime::Runtime,
    desk: &Arc<Desk>,
    req: Request<Body>,
) -> (StatusCode, Vec<u8>, Option<String>) {
    rt.block_on(async {
        let read = async {
            let res = router(desk.clone()).oneshot(req).await.expect("answer");
            let status = res.status();
            let kind = res
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            let body = axum::body::to_bytes(res.into_body(), usize::MAX)
                .await
                .expect("body");
            (status, body.to_vec(), kind)
        };
        tokio::time::timeout(GUARD, read)
            .await
            .expect("the answer ends")
    })
}

/// The events of a Server-Sent Events body: (name, data as JSON); comments (keep-alive)
/// are left out.
fn events(body: &[u8]) -> Vec<(String, Value)> {
    let text = String::from_utf8_lossy(body);
    let mut out = Vec::new();
    for block in text.split("\n\n") {
        let mut name = None;
        let mut data = String::new();
        for line in block.lines() {
            if let Some(n) = line.strip_prefix("event:") {
                name = Some(n.trim().to_string());
            } else if let Some(d) = line.strip_prefix("data:") {
                data.push_str(d.trim_start());
            }
        }
        if let Some(n) = name {
            out.push((n, json(data.as_bytes())));
        }
    }
    out
}

/// Starts a re-plan job on version `base` with the absence `form`; returns its id.
fn start(rt: &tokio::runtime::Runtime, d: &Arc<Desk>, form: &str) -> String {
    let (s, body, _) = call(
        rt,
        d,
        post("/api/versions/base/jobs", "application/json", form),
    );
    assert_eq!(
        s,
        StatusCode::ACCEPTED,
        "{}",
        String::from_utf8_lossy(&body)
    );
    json(&body)["id"].as_str().expect("job").to_string()
}

fn status(rt: &tokio::runtime::Runtime, d: &Arc<Desk>, job: &str) -> Value {
    let (s, body, _) = call(rt, d, get(&format!("/api/jobs/{job}")));
    assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    json(&body)
}

/// Polls the job until `done` says so (or the guard runs out).
fn until(
    rt: &tokio::runtime::Runtime,
    d: &Arc<Desk>,
    job: &str,
    what: &str,
    done: impl Fn(&Value) -> bool,
) -> Value {
    let began = Instant::now();
    loop {
        let j = status(rt, d, job);
        if done(&j) {
            return j;
        }
        assert!(began.elapsed() < GUARD, "the job never {what}: {j}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn files_under(dir: &Path) -> usize {
    walk(dir).len()
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

#[test]
fn desk_job_events_stream_to_the_final_event() {
    let t = tempfile::tempdir().expect("temp");
    let plans = t.path().join("plans");
    let o = roster_p(&[&"solve", &tiny(), &"--out", &plans.join("base")]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let rt = runtime();
    let d = desk_with(settings(&tiny(), &plans));
    let form = r#"{"staff":"c1","from":"2023-06-12","to":"2023-06-23","as_of":"2023-06-01"}"#;
    let job = start(&rt, &d, form);
    let (s, body, kind) = call(&rt, &d, get(&format!("/api/jobs/{job}/events")));
    assert_eq!(s, StatusCode::OK);
    assert_eq!(kind.as_deref(), Some("text/event-stream"));
    let evs = events(&body);
    let (last, rest) = evs.split_last().expect("at least the final event");
    assert_eq!(last.0, "done", "{}", String::from_utf8_lossy(&body));
    assert_eq!(last.1["state"], "done");
    assert_eq!(last.1["id"], job.as_str());
    let preview = last.1["preview"].as_str().expect("the preview made");
    // Every event before the last is progress, each one a change.
    let mut seen = Vec::new();
    for (name, data) in rest {
        assert_eq!(name, "progress");
        assert_eq!(data["state"], "running");
        let key = (
            data["stage"].clone(),
            data["incumbent"].clone(),
            data["gap"].clone(),
        );
        assert!(
            seen.last() != Some(&key),
            "an event without a change: {data}"
        );
        seen.push(key);
    }
    // The stream of a finished job is its final event alone.
    let (_, again, _) = call(&rt, &d, get(&format!("/api/jobs/{job}/events")));
    let again = events(&again);
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].0, "done");
    // An unknown job is 404, and another site's page may not read the stream.
    let (s, _, _) = call(&rt, &d, get("/api/jobs/jnone/events"));
    assert_eq!(s, StatusCode::NOT_FOUND);
    let foreign = Request::get(format!("/api/jobs/{job}/events"))
        .header("host", HOST)
        .header("origin", "http://evil.example")
        .body(Body::empty())
        .expect("request");
    let (s, _, _) = call(&rt, &d, foreign);
    assert_eq!(s, StatusCode::FORBIDDEN);
    // The preview the stream named is accepted and checks clean.
    let (s, body, _) = call(
        &rt,
        &d,
        post(
            &format!("/api/previews/{preview}/accept"),
            "application/json",
            "{}",
        ),
    );
    assert_eq!(s, StatusCode::CREATED, "{}", String::from_utf8_lossy(&body));
    let v = json(&body)["id"].as_str().expect("version").to_string();
    let o = roster_p(&[&"check", &tiny(), &plans.join(v)]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
}

#[test]
fn desk_cancel_stops_highs_itself() {
    let (_t, plans) = saitama_desk_dir();
    let rt = runtime();
    // A limit the re-plan never reaches: before a cancel stopped HiGHS, its thread ran
    // on to this limit.
    let d = desk_with(settings(&saitama(), &plans));
    let files = files_under(&plans);
    let job = start(&rt, &d, C08_FORM);
    // Cancel while HiGHS is at work on a MILP (it has reported progress).
    let busy = until(&rt, &d, &job, "reached HiGHS", |j| {
        j["state"] != "running" || (j["highs_runs"].as_u64() >= Some(1) && j["stage"] != "")
    });
    assert_eq!(busy["state"], "running", "cancel came too late: {busy}");
    let (s, _, _) = call(
        &rt,
        &d,
        post(&format!("/api/jobs/{job}/cancel"), "application/json", "{}"),
    );
    assert_eq!(s, StatusCode::OK);
    // The events stream ends with `cancelled`.
    let (s, body, _) = call(&rt, &d, get(&format!("/api/jobs/{job}/events")));
    assert_eq!(s, StatusCode::OK);
    let evs = events(&body);
    let last = evs.last().expect("a final event");
    assert_eq!(last.0, "cancelled", "{}", String::from_utf8_lossy(&body));
    assert!(last.1["preview"].is_null());
    // HiGHS itself stops: no run of the job is left.
    let ended = until(&rt, &d, &job, "let HiGHS go", |j| j["highs_runs"] == 0);
    assert_eq!(ended["state"], "cancelled");
    // Nothing written: no preview, no version.
    assert_eq!(files_under(&plans), files, "files were written");
}
