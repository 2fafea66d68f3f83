//! The desk's views, publish archive, training pages and re-plan jobs (issue 19, part
//! 3), in-process through tower's `oneshot`: each view answers with the right people
//! and shows a `<script>` name as text; the violations page lists what a hand edit
//! broke; the archive holds exactly the letters and calendars since the last
//! publication, under names that stay inside it; a training provider's courses, sessions
//! and absence preview work, the accepted version being `roster replan`'s folder; a
//! cancelled re-plan writes nothing.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::Value;
use tower::ServiceExt;

use super::serve::{
    copy_tree, desk_with, get, json, post, runtime, saitama_desk_dir, settings, C08_FORM,
};
use super::solve::all_files;
use super::support::*;
use super::training::gifu_plan;
use roster::serve::{router, Desk};

fn call(
    rt: &tokio::runtime::Runtime,
    desk: &Arc<Desk>,
    req: Request<Body>,
) -> (StatusCode, Vec<u8>) {
    rt.block_on(async {
        let res = router(desk.clone()).oneshot(req).await.expect("answer");
        let status = res.status();
        let body = axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .expect("body");
        (status, body.to_vec())
    })
}

fn page(rt: &tokio::runtime::Runtime, d: &Arc<Desk>, uri: &str) -> String {
    let (s, body) = call(rt, d, get(uri));
    let text = String::from_utf8_lossy(&body).into_owned();
    assert_eq!(s, StatusCode::OK, "{uri}: {text}");
    text
}

/// The tiny model with a `<script>` staff name (r1) and venue name, solved as `base`.
fn hostile_tiny() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let t = tempfile::tempdir().expect("temp");
    let model = t.path().join("tiny.toml");
    let text = tiny_with(
        "name = \"受付 花子\"",
        "name = \"<script>alert(1)</script>\"",
    )
    .replacen(
        "name = \"アルファ会館\"",
        "name = \"<script>alert(2)</script>会館\"",
        1,
    );
    std::fs::write(&model, text).expect("model");
    let plans = t.path().join("plans");
    let o = roster_p(&[&"solve", &model, &"--out", &plans.join("base")]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    (t, model, plans)
}

fn assert_escaped(uri: &str, page: &str) {
    assert!(!page.contains("<script>alert"), "{uri}: a raw script tag");
}

/// The first event in `assignments.csv` with someone on it: (event id, date, staff).
fn first_assignment(dir: &Path) -> (String, String, String) {
    let text = std::fs::read_to_string(dir.join("assignments.csv")).expect("assignments");
    let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let h = r.headers().expect("header").clone();
    let col = |n: &str| h.iter().position(|c| c == n).expect("column");
    let row = r.records().next().expect("a row").expect("row");
    (
        row[col("event_id")].to_string(),
        row[col("date")].to_string(),
        row[col("staff_id")].to_string(),
    )
}

#[test]
fn desk_views_answer_with_their_people_and_show_script_names_as_text() {
    let (_t, model, plans) = hostile_tiny();
    let rt = runtime();
    let d = desk_with(settings(&model, &plans));
    let (event, date, staff) = first_assignment(&plans.join("base"));
    let month = &date[..7];
    let version = page(&rt, &d, "/versions/base");
    for link in ["/violations", "/deadlines", "/archive", "/places"] {
        assert!(version.contains(link), "the version page links {link}");
    }
    let by_person = page(&rt, &d, &format!("/versions/base/month/{month}"));
    assert!(by_person.contains("/places") && by_person.contains("/venues"));
    // The one staffed r1 (reception) is shown by municipality and by venue, as text.
    let staff_name =
        roster::input::parse_model(&model, &std::fs::read_to_string(&model).expect("m"))
            .expect("model")
            .staff
            .iter()
            .find(|s| s.id == staff)
            .map(|s| s.name.clone())
            .expect("staff");
    let shown_name = staff_name
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('/', "&#x2f;");
    for uri in [
        format!("/versions/base/month/{month}/places"),
        format!("/versions/base/month/{month}/venues"),
        format!("/versions/base/events/{event}"),
    ] {
        let p = page(&rt, &d, &uri);
        assert_escaped(&uri, &p);
        assert!(
            p.contains(&shown_name) || p.contains(&staff_name),
            "{uri} shows {staff} ({staff_name})"
        );
        assert!(p.contains(&format!("/events/{event}")) || uri.contains("/events/"));
    }
    // Every page of the part shows the hostile names as text.
    let reception_month = {
        let text = std::fs::read_to_string(plans.join("base/assignments.csv")).expect("a");
        text.lines()
            .find(|l| l.contains(",r1,"))
            .and_then(|l| l.split(',').nth(1).map(|d| d[..7].to_string()))
            .expect("r1 works")
    };
    for uri in [
        format!("/versions/base/month/{reception_month}/places"),
        format!("/versions/base/month/{reception_month}/venues"),
        "/versions/base/people/r1".to_string(),
        "/versions/base/violations".to_string(),
        "/versions/base/deadlines".to_string(),
        "/versions/base/archive".to_string(),
    ] {
        let p = page(&rt, &d, &uri);
        assert_escaped(&uri, &p);
        if uri.contains("/month/") || uri.contains("/people/") {
            assert!(
                p.contains("&lt;script&gt;alert(1)"),
                "{uri}: the staff name shown as text"
            );
        }
        if uri.ends_with("/venues") {
            assert!(
                p.contains("&lt;script&gt;alert(2)"),
                "{uri}: the venue as text"
            );
        }
    }
    // The event page names the rules of its kind and the person's page their leave.
    let ev = page(&rt, &d, &format!("/versions/base/events/{event}"));
    assert!(ev.contains("MODEL-AVAIL") && ev.contains("CON-6"), "{ev}");
    let c2 = page(&rt, &d, "/versions/base/people/c2");
    assert!(c2.contains("2023年8月14日"), "c2's leave is shown");
    // A missing event is a 404 page, its id as text.
    let (s, body) = call(&rt, &d, get("/versions/base/events/%3Cb%3E"));
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(!String::from_utf8_lossy(&body).contains("<b>"));
}

#[test]
fn desk_violations_page_lists_what_a_hand_edit_broke() {
    let t = tempfile::tempdir().expect("temp");
    let plans = t.path().join("plans");
    let o = roster_p(&[&"solve", &tiny(), &"--out", &plans.join("base")]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let rt = runtime();
    let d = desk_with(settings(&tiny(), &plans));
    let clean = page(&rt, &d, "/versions/base/violations");
    assert!(
        clean.contains("id=\"no-violations\""),
        "a clean plan: {clean}"
    );
    // Take the first person off their event by hand: the event is short-staffed now.
    let path = plans.join("base/assignments.csv");
    let text = std::fs::read_to_string(&path).expect("assignments");
    let mut lines: Vec<&str> = text.lines().collect();
    lines.remove(1);
    std::fs::write(&path, lines.join("\n") + "\n").expect("edit");
    let edited = page(&rt, &d, "/versions/base/violations");
    assert!(edited.contains("id=\"violations-list\""), "{edited}");
    assert!(edited.contains("data-rule=\""), "a rule id is listed");
    assert!(edited.contains("/events/"), "linked to the event");
    // The version list counts violations.csv (none: the solve was clean); the page says
    // why it shows more, and marks what the file does not list.
    assert!(!clean.contains("unlisted-note"), "{clean}");
    assert!(edited.contains("id=\"unlisted-note\""), "{edited}");
    assert!(
        edited.contains("violations.csv の件数（版の一覧の件数）は 0 件"),
        "{edited}"
    );
    assert!(edited.contains("class=\"bad unlisted\""), "{edited}");
}

/// Re-plans `base` after the absence form `form` and accepts it; the new version.
fn absence_version(rt: &tokio::runtime::Runtime, d: &Arc<Desk>, base: &str, form: &str) -> String {
    let (s, body) = call(
        rt,
        d,
        post(
            &format!("/api/versions/{base}/absence"),
            "application/json",
            form,
        ),
    );
    assert_eq!(s, StatusCode::CREATED, "{}", String::from_utf8_lossy(&body));
    let p = json(&body)["id"].as_str().expect("preview").to_string();
    let (s, body) = call(
        rt,
        d,
        post(
            &format!("/api/previews/{p}/accept"),
            "application/json",
            "{}",
        ),
    );
    assert_eq!(s, StatusCode::CREATED, "{}", String::from_utf8_lossy(&body));
    json(&body)["id"].as_str().expect("version").to_string()
}

/// The letters of a version folder and its calendars that differ from its parent's, as
/// `<version>/<file>`.
fn letters_and_calendars(plans: &Path, v: &str, parent: &str) -> BTreeSet<String> {
    all_files(&plans.join(v))
        .into_iter()
        .filter(|f| {
            let letter = f.starts_with("notices/") && f.ends_with(".txt");
            let changed = f.ends_with(".ics")
                && std::fs::read(plans.join(v).join(f)).ok()
                    != std::fs::read(plans.join(parent).join(f)).ok();
            letter || changed
        })
        .map(|f| format!("{v}/{f}"))
        .collect()
}

#[test]
fn desk_publish_archive_holds_the_letters_since_the_last_publication() {
    let t = tempfile::tempdir().expect("temp");
    let plans = t.path().join("plans");
    let o = roster_p(&[&"solve", &tiny(), &"--out", &plans.join("base")]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let rt = runtime();
    let d = desk_with(settings(&tiny(), &plans));
    let away = |who: &str, from: &str, to: &str| {
        format!(r#"{{"staff":"{who}","from":"{from}","to":"{to}","as_of":"2023-06-01"}}"#)
    };
    let v2 = absence_version(&rt, &d, "base", &away("c1", "2023-06-05", "2023-06-16"));
    let (s, _) = call(
        &rt,
        &d,
        post(
            &format!("/api/versions/{v2}/publish"),
            "application/json",
            "{}",
        ),
    );
    assert_eq!(s, StatusCode::OK);
    let v3 = absence_version(&rt, &d, &v2, &away("c2", "2023-07-03", "2023-07-14"));
    let v4 = absence_version(&rt, &d, &v3, &away("c3", "2023-09-04", "2023-09-08"));
    let (s, _) = call(
        &rt,
        &d,
        post(
            &format!("/api/versions/{v4}/publish"),
            "application/json",
            "{}",
        ),
    );
    assert_eq!(s, StatusCode::OK);

    let (s, zip_body) = call(&rt, &d, get(&format!("/api/versions/{v4}/publish-archive")));
    assert_eq!(s, StatusCode::OK);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(zip_body.clone())).expect("a zip");
    let mut names = BTreeSet::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("entry");
        let name = f.name().expect("a name").to_string();
        assert!(
            !name.starts_with('/') && !name.split('/').any(|p| p == ".." || p.is_empty()),
            "{name} stays inside the archive"
        );
        assert!(f.enclosed_name().is_some(), "{name}");
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).expect("read");
        if name != "index.html" {
            assert_eq!(
                bytes,
                std::fs::read(plans.join(&name)).expect("file"),
                "{name}"
            );
        }
        names.insert(name);
    }
    // Exactly v3's and v4's letters and changed calendars (v2 was published before), and
    // the printable page.
    let mut want: BTreeSet<String> = letters_and_calendars(&plans, &v3, &v2);
    want.extend(letters_and_calendars(&plans, &v4, &v3));
    assert!(
        want.iter().any(|n| n.ends_with(".ics")),
        "calendars changed"
    );
    assert!(
        want.len() < all_files(&plans.join(&v3)).len(),
        "only what changed"
    );
    want.insert("index.html".into());
    assert!(
        want.iter().any(|n| n.contains("/notices/")),
        "the re-plans wrote letters"
    );
    assert_eq!(names, want);
    // The same archive twice is the same bytes.
    let (_, again) = call(&rt, &d, get(&format!("/api/versions/{v4}/publish-archive")));
    assert_eq!(again, zip_body);
    let printable = page(&rt, &d, &format!("/versions/{v4}/archive"));
    // minijinja writes `/` as `&#x2f;` in text.
    assert!(
        printable.contains(&format!("{v3}/notices&#x2f;")),
        "{printable}"
    );
    assert!(
        printable.contains(v2.as_str()),
        "the publication it starts after"
    );
    // A name that is a path is refused, and nothing outside DIR is reached.
    let (s, _) = call(&rt, &d, get("/api/versions/..%2Fx/publish-archive"));
    assert!(
        s == StatusCode::BAD_REQUEST || s == StatusCode::NOT_FOUND,
        "{s}"
    );
}

/// `roster replan` on the training model with the desk's saved scenario, compared with
/// the desk's version file by file (roster.json's seconds aside), and checked.
fn assert_training_same_as_cli(model: &Path, plans: &Path, base: &str, version: &str) {
    let made = plans.join(version);
    let t = tempfile::tempdir().expect("temp");
    let cli = t.path().join("cli");
    let o = roster_p(&[
        &"replan",
        &model,
        &"--baseline",
        &plans.join(base),
        &"--scenario",
        &made.join("scenario.toml"),
        &"--out",
        &cli,
        &"--time-limit",
        &"900",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let mine: Vec<String> = all_files(&made)
        .into_iter()
        .filter(|f| f != "scenario.toml")
        .collect();
    assert_eq!(mine, all_files(&cli), "the same files as roster replan");
    let strip = |b: &[u8]| -> Value {
        let mut v: Value = serde_json::from_slice(b).expect("json");
        if let Some(m) = v.as_object_mut() {
            m.remove("seconds");
        }
        v
    };
    for f in &mine {
        let (a, b) = (
            std::fs::read(made.join(f)).expect("desk's"),
            std::fs::read(cli.join(f)).expect("cli's"),
        );
        if f == "roster.json" {
            assert_eq!(strip(&a), strip(&b), "{f}");
        } else {
            assert!(a == b, "{f} differs from roster replan's");
        }
    }
    let o = roster_p(&[&"check", &model, &made]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
}

#[test]
fn desk_training_pages_and_absence_preview_work_like_roster_replan() {
    let model = root().join("models/gifu-training-2023.toml");
    let t = tempfile::tempdir().expect("temp");
    let plans = t.path().join("plans");
    copy_tree(gifu_plan(), &plans.join("base"));
    let rt = runtime();
    let mut s = settings(&model, &plans);
    s.time_limit = 900.0;
    let d = desk_with(s);
    let index = page(&rt, &d, "/");
    assert!(index.contains("/versions/base"));
    let version = page(&rt, &d, "/versions/base");
    assert!(
        version.contains("id=\"courses-link\""),
        "the courses are linked"
    );
    let courses = page(&rt, &d, "/versions/base/courses");
    let plan = roster::plan::training::read_training_dir(&plans.join("base")).expect("plan");
    let c = &plan.courses[0];
    assert!(courses.contains(&c.course_id) && courses.contains(".ics"));
    let course = page(&rt, &d, &format!("/versions/base/courses/{}", c.course_id));
    let sessions = plan
        .sessions
        .iter()
        .filter(|s| s.course_id == c.course_id)
        .count();
    assert_eq!(
        course.matches("<tr><td>").count(),
        sessions,
        "every session, by week"
    );
    assert!(course.contains("の週"), "weeks are headed");
    let staffed = plan
        .assignments
        .iter()
        .find(|a| {
            plan.sessions
                .iter()
                .any(|s| s.session_id == a.event_id && s.course_id == c.course_id)
        })
        .expect("someone teaches the course");
    assert!(course.contains(&format!("data-staff=\"{}\"", staffed.staff_id)));
    page(&rt, &d, "/versions/base/sessions");
    let (s, _) = call(&rt, &d, get("/versions/base/courses/nope"));
    assert_eq!(s, StatusCode::NOT_FOUND);
    // The absence preview through the same re-plan, accepted: roster replan's folder.
    let scenario = std::fs::read_to_string(root().join("scenarios/gifu/t02-away-a-week-july.toml"))
        .expect("sc");
    let (s, body) = call(
        &rt,
        &d,
        post("/api/versions/base/replan", "application/toml", &scenario),
    );
    assert_eq!(s, StatusCode::CREATED, "{}", String::from_utf8_lossy(&body));
    let p = json(&body)["id"].as_str().expect("preview").to_string();
    page(&rt, &d, &format!("/previews/{p}"));
    let (s, body) = call(
        &rt,
        &d,
        post(
            &format!("/api/previews/{p}/accept"),
            "application/json",
            "{}",
        ),
    );
    assert_eq!(s, StatusCode::CREATED, "{}", String::from_utf8_lossy(&body));
    let v = json(&body)["id"].as_str().expect("version").to_string();
    page(&rt, &d, &format!("/versions/{v}/courses"));
    page(&rt, &d, &format!("/versions/{v}/violations"));
    assert_training_same_as_cli(&model, &plans, "base", &v);
}

#[test]
fn desk_cancelled_replan_writes_nothing() {
    let (_t, plans) = saitama_desk_dir();
    let rt = runtime();
    let mut s = settings(&saitama(), &plans);
    // A limit far off: HiGHS stops at the cancel (issue 19), not at this limit.
    s.time_limit = 60.0;
    let d = desk_with(s);
    let before = snapshot(&plans, None);
    let (s, body) = call(
        &rt,
        &d,
        post("/api/versions/base/jobs", "application/json", C08_FORM),
    );
    assert_eq!(
        s,
        StatusCode::ACCEPTED,
        "{}",
        String::from_utf8_lossy(&body)
    );
    let job = json(&body)["id"].as_str().expect("job").to_string();
    assert_eq!(json(&body)["state"], "running");
    let (s, _) = call(
        &rt,
        &d,
        post(&format!("/api/jobs/{job}/cancel"), "application/json", "{}"),
    );
    assert_eq!(s, StatusCode::OK);
    let state = loop {
        let (s, body) = call(&rt, &d, get(&format!("/api/jobs/{job}")));
        assert_eq!(s, StatusCode::OK);
        let j = json(&body);
        if j["state"] != "running" {
            break j;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    };
    assert_eq!(state["state"], "cancelled", "{state}");
    assert!(state["preview"].is_null());
    assert!(nothing_in(&plans.join(".previews")), "no preview left");
    assert_eq!(
        snapshot(&plans, Some(&plans.join(".previews"))),
        before,
        "no version written"
    );
    let (s, body) = call(&rt, &d, get("/api/versions"));
    assert_eq!(s, StatusCode::OK);
    assert_eq!(json(&body).as_array().map(Vec::len), Some(1));
    let (s, _) = call(&rt, &d, get("/api/jobs/jnone"));
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[test]
fn desk_replan_job_ends_with_its_preview_which_checks_clean() {
    let t = tempfile::tempdir().expect("temp");
    let plans = t.path().join("plans");
    let o = roster_p(&[&"solve", &tiny(), &"--out", &plans.join("base")]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let rt = runtime();
    let d = desk_with(settings(&tiny(), &plans));
    let form = r#"{"staff":"c1","from":"2023-06-12","to":"2023-06-23","as_of":"2023-06-01"}"#;
    let (s, body) = call(
        &rt,
        &d,
        post("/api/versions/base/jobs", "application/json", form),
    );
    assert_eq!(s, StatusCode::ACCEPTED);
    let job = json(&body)["id"].as_str().expect("job").to_string();
    let state = loop {
        let (_, body) = call(&rt, &d, get(&format!("/api/jobs/{job}")));
        let j = json(&body);
        if j["state"] != "running" {
            break j;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    assert_eq!(state["state"], "done", "{state}");
    let p = state["preview"].as_str().expect("preview");
    page(&rt, &d, &format!("/previews/{p}"));
    let (s, body) = call(
        &rt,
        &d,
        post(
            &format!("/api/previews/{p}/accept"),
            "application/json",
            "{}",
        ),
    );
    assert_eq!(s, StatusCode::CREATED);
    let v = json(&body)["id"].as_str().expect("version").to_string();
    let o = roster_p(&[&"check", &tiny(), &plans.join(v)]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
}
