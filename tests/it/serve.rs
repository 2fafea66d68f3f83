//! The desk (`roster serve`, issue 19) at the HTTP level, in-process: the router is
//! called with tower's `oneshot`, no socket. Versions, files that stay inside their
//! version, re-plan previews that give the folder `roster replan` gives, a stale accept
//! refused with 409, Host/Origin/content-type refusals, and names escaped in pages.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::Value;
use tower::ServiceExt;

use super::solve::{all_files, saitama_plan};
use super::support::*;
use roster::serve::{router, Desk, ServeSettings};

/// The `Host` the in-process desk answers to.
pub const HOST: &str = "127.0.0.1:8023";

/// c08's two weeks away as the desk's absence form writes it.
pub const C08_FORM: &str = r#"{"staff":"c08","from":"2023-06-05","to":"2023-06-16","as_of":"2023-06-01","public_reason":"担当者の都合により"}"#;

/// Copies a folder tree (files and folders).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_tree(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).expect("copy");
        }
    }
}

/// A folder of versions holding the shipped year's plan as `base`.
pub fn saitama_desk_dir() -> (tempfile::TempDir, PathBuf) {
    let t = tempfile::tempdir().expect("temp");
    let plans = t.path().join("plans");
    copy_tree(saitama_plan(), &plans.join("base"));
    (t, plans)
}

/// The desk's settings over `plans` for `model`, re-plans ending on their gap.
pub fn settings(model: &Path, plans: &Path) -> ServeSettings {
    ServeSettings {
        model: model.to_path_buf(),
        plans: plans.to_path_buf(),
        bind: [127, 0, 0, 1].into(),
        port: 8023,
        lang: roster::report::Lang::Ja,
        // A limit the shipped year never reaches: the plans compared must not depend on
        // how busy the machine is.
        time_limit: 600.0,
        gap: 0.001,
        allow_hosts: Vec::new(),
    }
}

fn desk(model: &Path, plans: &Path) -> Arc<Desk> {
    desk_with(settings(model, plans))
}

/// A desk on these settings, as `roster serve` makes it (shared by the desk's test files).
pub fn desk_with(s: ServeSettings) -> Arc<Desk> {
    let addr = "127.0.0.1:8023".parse().expect("addr");
    Arc::new(Desk::new(s, addr).expect("desk starts"))
}

/// The runtime the in-process requests run on (shared by the desk's test files).
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

/// One request through the router: status and body.
fn call(
    rt: &tokio::runtime::Runtime,
    desk: &Arc<Desk>,
    req: Request<Body>,
) -> (StatusCode, Vec<u8>, axum::http::HeaderMap) {
    rt.block_on(async {
        let res = router(desk.clone()).oneshot(req).await.expect("answer");
        let status = res.status();
        let headers = res.headers().clone();
        let body = axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .expect("body");
        (status, body.to_vec(), headers)
    })
}

/// Shared by the desk's in-process test files (serve_views.rs, serve_events.rs).
pub fn get(uri: &str) -> Request<Body> {
    Request::get(uri)
        .header("host", HOST)
        .body(Body::empty())
        .expect("request")
}

pub fn post(uri: &str, kind: &str, body: &str) -> Request<Body> {
    Request::post(uri)
        .header("host", HOST)
        .header("content-type", kind)
        .body(Body::from(body.to_string()))
        .expect("request")
}

pub fn json(body: &[u8]) -> Value {
    serde_json::from_slice(body).unwrap_or_else(|e| {
        panic!("not JSON ({e}): {}", String::from_utf8_lossy(body));
    })
}

/// `roster.json` without its wall-clock figures (`seconds`), which no two runs share.
fn without_seconds(bytes: &[u8]) -> Value {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(m) => {
                m.remove("seconds");
                m.values_mut().for_each(strip);
            }
            Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut v: Value = serde_json::from_slice(bytes).expect("roster.json");
    strip(&mut v);
    v
}

/// Asserts a version the desk made is byte for byte what `roster replan` writes from
/// the same baseline and the scenario file saved in the version (roster.json's
/// wall-clock `seconds` aside), and that it checks clean.
pub fn assert_same_as_cli_replan(plans: &Path, base: &str, version: &str) {
    let made = plans.join(version);
    let scenario = made.join("scenario.toml");
    assert!(scenario.is_file(), "the scenario is kept in the version");
    let t = tempfile::tempdir().expect("temp");
    let cli = t.path().join("cli");
    let o = roster_p(&[
        &"replan",
        &saitama(),
        &"--baseline",
        &plans.join(base),
        &"--scenario",
        &scenario,
        &"--out",
        &cli,
        &"--time-limit",
        &"600",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert_same_folder_as_cli(&made, "scenario.toml", &cli, "roster replan");
}

/// Asserts the desk's folder `made` holds the files the command line wrote in `cli`, byte
/// for byte (roster.json's wall-clock `seconds` aside), besides the decision file `kept`
/// the desk keeps in it, and that it checks clean.
pub fn assert_same_folder_as_cli(made: &Path, kept: &str, cli: &Path, command: &str) {
    let mine: Vec<String> = all_files(made).into_iter().filter(|f| f != kept).collect();
    assert_eq!(mine, all_files(cli), "the same files as {command}");
    for f in &mine {
        let (a, b) = (
            std::fs::read(made.join(f)).expect("desk's"),
            std::fs::read(cli.join(f)).expect("cli's"),
        );
        if f == "roster.json" {
            assert_eq!(without_seconds(&a), without_seconds(&b), "{f}");
        } else {
            assert!(a == b, "{f} differs from {command}'s");
        }
    }
    let o = roster_p(&[&"check", &saitama(), &made]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
}

#[test]
fn desk_lists_versions_and_serves_files_only_from_inside_a_version() {
    let (_t, plans) = saitama_desk_dir();
    std::fs::write(plans.join("secret.txt"), "not a plan file").expect("secret");
    std::os::unix::fs::symlink(plans.join("secret.txt"), plans.join("base/link.txt"))
        .expect("link");
    std::os::unix::fs::symlink(plans.join("base"), plans.join("linked-version")).expect("link");
    let rt = runtime();
    let d = desk(&saitama(), &plans);
    let (s, body, _) = call(&rt, &d, get("/api/versions"));
    assert_eq!(s, StatusCode::OK);
    let v = json(&body);
    let list = v.as_array().expect("a list");
    assert_eq!(list.len(), 1, "a link to a version is no version: {v}");
    assert_eq!(list[0]["id"], "base");
    assert_eq!(list[0]["parent"], Value::Null);
    assert_eq!(list[0]["head"], true);
    assert_eq!(list[0]["violations"], 0);
    assert_eq!(list[0]["published"], Value::Null);
    let (s, body, h) = call(&rt, &d, get("/api/versions/base/files/assignments.csv"));
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        body,
        std::fs::read(plans.join("base/assignments.csv")).expect("csv")
    );
    assert_eq!(h["x-content-type-options"], "nosniff");
    let (s, body, _) = call(&rt, &d, get("/api/versions/base/files/no-such.csv"));
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(json(&body)["error"]
        .as_str()
        .is_some_and(|e| e.contains("no-such.csv")));
    let (s, body, _) = call(&rt, &d, get("/api/versions/base/files/calendars/c05.ics"));
    assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    for uri in [
        "/api/versions/base/files/..%2Fsecret.txt",
        "/api/versions/base/files/../secret.txt",
        "/api/versions/base/files/%2Fetc%2Fpasswd",
        "/api/versions/base/files//etc/passwd",
        "/api/versions/base/files/link.txt",
        "/api/versions/base/files/calendars/..%2F..%2Fsecret.txt",
        "/api/versions/..%2Fplans/files/secret.txt",
        "/api/versions/..%2F..%2Fetc/files/passwd",
        "/api/versions/linked-version/files/roster.json",
        "/api/versions/.previews/files/x",
    ] {
        let (s, body, _) = call(&rt, &d, get(uri));
        assert!(
            s == StatusCode::BAD_REQUEST || s == StatusCode::NOT_FOUND,
            "{uri}: {s}"
        );
        assert!(
            !String::from_utf8_lossy(&body).contains("not a plan file"),
            "{uri} reached a file outside the version"
        );
    }
    // The pages: the versions, a version, its month by person, a person.
    for uri in [
        "/",
        "/versions/base",
        "/versions/base/month/2023-06",
        "/versions/base/people/c08",
    ] {
        let (s, body, h) = call(&rt, &d, get(uri));
        assert_eq!(s, StatusCode::OK, "{uri}");
        let page = String::from_utf8_lossy(&body);
        assert!(page.contains("<html lang=\"ja\">"), "{uri}");
        assert!(
            h["content-security-policy"]
                .to_str()
                .is_ok_and(|p| p.contains("script-src 'self'")),
            "{uri}"
        );
    }
    let (_, body, _) = call(&rt, &d, get("/versions/base/people/c08"));
    let page = String::from_utf8_lossy(&body);
    assert!(page.contains("中村 哲也"), "c08's page names c08");
    assert!(page.contains("契約"), "days against contract");
}

#[test]
fn desk_refuses_other_hosts_other_origins_and_form_posts() {
    let (_t, plans) = saitama_desk_dir();
    let rt = runtime();
    let d = desk(&saitama(), &plans);
    // DNS rebinding: a name that points at 127.0.0.1 is still not the desk's.
    let req = Request::get("/api/versions")
        .header("host", "evil.example:8023")
        .body(Body::empty())
        .expect("request");
    let (s, body, _) = call(&rt, &d, req);
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert!(json(&body)["error"]
        .as_str()
        .is_some_and(|e| e.contains("evil.example:8023")));
    let req = Request::get("/api/versions")
        .body(Body::empty())
        .expect("request");
    assert_eq!(call(&rt, &d, req).0, StatusCode::FORBIDDEN, "no Host");
    let req = Request::get("/api/versions")
        .header("host", "localhost:8023")
        .body(Body::empty())
        .expect("request");
    assert_eq!(
        call(&rt, &d, req).0,
        StatusCode::OK,
        "localhost is the desk"
    );
    // Another site's script or form.
    let req = Request::post("/api/versions/base/publish")
        .header("host", HOST)
        .header("origin", "http://evil.example")
        .header("content-type", "application/json")
        .body(Body::from("{}"))
        .expect("request");
    assert_eq!(call(&rt, &d, req).0, StatusCode::FORBIDDEN);
    // A plain form post (a simple content type, no token) changes nothing.
    for kind in [
        "application/x-www-form-urlencoded",
        "text/plain",
        "multipart/form-data",
    ] {
        let (s, _, _) = call(&rt, &d, post("/api/versions/base/publish", kind, "a=b"));
        assert_eq!(s, StatusCode::FORBIDDEN, "{kind}");
    }
    assert!(!plans.join(".roster-desk.json").exists(), "nothing written");
    // With the session's token, or a JSON body from the desk's own page, it goes.
    let req = Request::post("/api/versions/base/publish")
        .header("host", HOST)
        .header("x-roster-token", d.token())
        .body(Body::empty())
        .expect("request");
    assert_eq!(call(&rt, &d, req).0, StatusCode::OK);
    let req = Request::post("/api/versions/base/publish")
        .header("host", HOST)
        .header("origin", format!("http://{HOST}"))
        .header("content-type", "application/json")
        .body(Body::from("{}"))
        .expect("request");
    let (s, body, _) = call(&rt, &d, req);
    assert_eq!(s, StatusCode::OK);
    assert_eq!(json(&body)["current"], true);
    let (_, body, _) = call(&rt, &d, get("/api/versions"));
    assert!(json(&body)[0]["published"].is_string());
}

#[test]
fn desk_preview_and_accept_give_roster_replans_folder_and_a_stale_accept_is_409() {
    let (_t, plans) = saitama_desk_dir();
    let rt = runtime();
    let d = desk(&saitama(), &plans);
    // Bad TOML: the command line's located sentence, nothing kept.
    let (s, body, _) = call(
        &rt,
        &d,
        post(
            "/api/versions/base/replan",
            "application/toml",
            "name = \"x\"\nas_of = \"2023-06-01\"\n[[absense]]\nstaff = \"c08\"\n",
        ),
    );
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let e = json(&body)["error"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        e.contains("error[E004]") && e.contains("scenario.toml:3:3") && e.contains("absense"),
        "{e}"
    );
    assert!(
        std::fs::read_dir(plans.join(".previews"))
            .map(|d| d.count() == 0)
            .unwrap_or(true),
        "a failed preview is not kept"
    );
    let (s, _, _) = call(
        &rt,
        &d,
        post("/api/versions/base/replan", "application/json", "{}"),
    );
    assert_eq!(
        s,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "a re-plan body is TOML"
    );
    // Two tabs preview decisions on the same version.
    let toml = std::fs::read_to_string(root().join("scenarios/c08-two-weeks-june.toml"))
        .expect("scenario");
    let (s, body, _) = call(
        &rt,
        &d,
        post("/api/versions/base/replan", "application/toml", &toml),
    );
    assert_eq!(s, StatusCode::CREATED, "{}", String::from_utf8_lossy(&body));
    let first = json(&body);
    assert_eq!(first["base"], "base");
    assert_eq!(first["base_is_head"], true);
    assert_eq!(first["violations"], 0);
    assert_eq!(first["scenario"], toml.as_str());
    let replaced = first["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter(|c| c["change"] == "staff-replaced" && c["before"] == "c08 (consultant)")
        .count();
    assert!(replaced > 0, "c08's days get another consultant: {first}");
    let c08 = first["affected"]
        .as_array()
        .expect("affected")
        .iter()
        .find(|p| p["staff_id"] == "c08")
        .cloned()
        .expect("c08 is affected");
    assert!(
        c08["days_lost"]
            .as_str()
            .and_then(|n| n.parse::<u32>().ok())
            .is_some_and(|n| n > 0),
        "c08 loses days: {c08}"
    );
    assert!(first["letters"]
        .as_array()
        .expect("letters")
        .iter()
        .any(|l| l["staff_id"] == "c08"));
    let (s, body, _) = call(
        &rt,
        &d,
        post("/api/versions/base/absence", "application/json", C08_FORM),
    );
    assert_eq!(s, StatusCode::CREATED, "{}", String::from_utf8_lossy(&body));
    let second = json(&body);
    assert!(second["scenario"]
        .as_str()
        .is_some_and(|t| t.contains("[[absence]]\nstaff = \"c08\"")));
    let (p1, p2) = (
        first["id"].as_str().expect("id").to_string(),
        second["id"].as_str().expect("id").to_string(),
    );
    let (s, body, _) = call(&rt, &d, get(&format!("/previews/{p1}")));
    assert_eq!(s, StatusCode::OK);
    assert!(String::from_utf8_lossy(&body).contains("中村 哲也"));
    // The first accept makes a new version...
    let (s, body, _) = call(
        &rt,
        &d,
        post(
            &format!("/api/previews/{p1}/accept"),
            "application/json",
            "{}",
        ),
    );
    assert_eq!(s, StatusCode::CREATED, "{}", String::from_utf8_lossy(&body));
    let made = json(&body);
    let v = made["id"].as_str().expect("new id").to_string();
    assert_eq!(made["parent"], "base");
    assert_same_as_cli_replan(&plans, "base", &v);
    // ...the second is told the plan changed, and its preview is kept.
    let (s, body, _) = call(
        &rt,
        &d,
        post(
            &format!("/api/previews/{p2}/accept"),
            "application/json",
            "{}",
        ),
    );
    assert_eq!(s, StatusCode::CONFLICT);
    let e = json(&body)["error"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(e.contains(&v) && e.contains("base"), "{e}");
    let (s, body, _) = call(&rt, &d, get(&format!("/api/previews/{p2}")));
    assert_eq!(s, StatusCode::OK);
    assert_eq!(json(&body)["base_is_head"], false);
    // The chain: base, then the new version, which is the head.
    let (_, body, _) = call(&rt, &d, get("/api/versions"));
    let list = json(&body);
    let new = list
        .as_array()
        .expect("list")
        .iter()
        .find(|x| x["id"] == v.as_str())
        .cloned()
        .expect("listed");
    assert_eq!(new["parent"], "base");
    assert_eq!(new["head"], true);
    assert_eq!(new["decision"], "c08 away two weeks in June");
    // An accepted preview is gone; a discarded one too.
    let (s, _, _) = call(
        &rt,
        &d,
        post(
            &format!("/api/previews/{p1}/accept"),
            "application/json",
            "{}",
        ),
    );
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _, _) = call(
        &rt,
        &d,
        post(
            &format!("/api/previews/{p2}/discard"),
            "application/json",
            "{}",
        ),
    );
    assert_eq!(s, StatusCode::OK);
    assert!(!plans.join(".previews").join(&p2).exists());
}

#[test]
fn desk_pages_show_a_script_in_a_staff_name_as_text() {
    let t = tempfile::tempdir().expect("temp");
    let model = t.path().join("tiny.toml");
    std::fs::write(
        &model,
        tiny_with(
            "name = \"受付 花子\"",
            "name = \"<script>alert(1)</script>\"",
        ),
    )
    .expect("model");
    let plans = t.path().join("plans");
    let o = roster_p(&[&"solve", &model, &"--out", &plans.join("base")]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let rt = runtime();
    let d = desk(&model, &plans);
    for uri in ["/versions/base", "/versions/base/people/r1"] {
        let (s, body, _) = call(&rt, &d, get(uri));
        assert_eq!(s, StatusCode::OK, "{uri}");
        let page = String::from_utf8_lossy(&body);
        assert!(!page.contains("<script>alert"), "{uri}: a raw script tag");
        assert!(
            page.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;")
                || page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{uri}: the name shown as text"
        );
    }
}

// ---- The desk's cache of versions read (issue 19, speed) ----

/// `assignments.csv` with the first July assignment given to another person (an id of
/// the same length, so a rewrite in place keeps the file's length).
fn july_moved(text: &str) -> String {
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split(',').collect()).collect();
    let july = |r: &Vec<&str>| r.len() > 3 && r[1].starts_with("2023-07");
    let first = rows.iter().position(july).expect("a July assignment");
    let from = rows[first][2];
    let to = rows
        .iter()
        .filter(|r| july(r))
        .map(|r| r[2])
        .find(|s| *s != from && s.len() == from.len())
        .expect("another person in July");
    let mut out: Vec<String> = text.lines().map(str::to_string).collect();
    let mut moved = rows[first].clone();
    moved[2] = to;
    out[first] = moved.join(",");
    out.join("\n") + "\n"
}

#[test]
fn desk_pages_follow_a_version_folder_replaced_or_edited_by_hand() {
    let (t, plans) = saitama_desk_dir();
    let base = plans.join("base");
    let original = std::fs::read(base.join("assignments.csv")).expect("assignments");
    let moved = july_moved(&String::from_utf8_lossy(&original));
    assert_eq!(moved.len(), original.len(), "same length");
    // The hand-made replacement, outside the folder of versions until it is moved in.
    let other = t.path().join("other");
    copy_tree(&base, &other);
    std::fs::write(other.join("assignments.csv"), &moved).expect("moved");
    // Every file older than the desk's settling time: the first reading is kept.
    std::thread::sleep(roster::serve::cache::SETTLED + std::time::Duration::from_millis(300));
    let rt = runtime();
    let d = desk(&saitama(), &plans);
    let pages = [
        "/versions/base/month/2023-07",
        "/versions/base/month/2023-07/places",
        "/versions/base",
    ];
    let read_all = |d: &Arc<Desk>| -> Vec<Vec<u8>> {
        pages
            .iter()
            .map(|uri| {
                let (s, body, _) = call(&rt, d, get(uri));
                assert_eq!(s, StatusCode::OK, "{uri}");
                body
            })
            .collect()
    };
    let before = read_all(&d);
    assert!(read_all(&d) == before, "the same pages from memory");
    // The version deleted and made again by hand (a rename: the files keep their times).
    std::fs::remove_dir_all(&base).expect("rm");
    std::fs::rename(&other, &base).expect("mv");
    let after = read_all(&d);
    // A new desk reads the folder afresh; its pages carry its own session token.
    let other_desk = desk(&saitama(), &plans);
    let fresh: Vec<Vec<u8>> = read_all(&other_desk)
        .iter()
        .map(|p| {
            String::from_utf8_lossy(p)
                .replace(other_desk.token(), d.token())
                .into_bytes()
        })
        .collect();
    assert!(after == fresh, "the pages of the folder as it is now");
    assert_ne!(
        after[0], before[0],
        "the month page changed with the folder"
    );
    assert_ne!(after[1], before[1], "the month by municipality changed too");
    // A file of the version edited in place, to the same length: the pages follow again.
    std::fs::write(base.join("assignments.csv"), &original).expect("edit");
    // (The version page shows the folder's time, which the copy did not keep.)
    assert!(
        read_all(&d)[..2] == before[..2],
        "the edit undone, the first month pages again"
    );
}

/// The browser tests (headless Chromium), beside these.
#[path = "serve_browser.rs"]
mod browser;

// Issue 19, part 2: the desk's decisions (candidates, swaps, forms), in-process.
#[path = "serve_decisions.rs"]
mod decisions;
