//! Speed of the calendar, demand expansion, the annual solve, a re-plan and what-if
//! on the shipped model, and of the training provider's solve (gifu-training-2023).
//! Run: `cargo bench --bench roster`. Figures: BENCHMARKS.md.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use roster::milp::SolveOptions;
use roster::model::Model;
use roster::plan::Plan;
use roster::scenario::Scenario;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn model() -> (Model, String) {
    let path = root().join("models/saitama-2023.toml");
    let text = std::fs::read_to_string(&path).expect("shipped model");
    let model = roster::input::parse_model(&path, &text).expect("valid");
    (model, text)
}

fn scenarios(m: &Model) -> Vec<Scenario> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("scenarios"))
        .expect("scenarios")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| roster::scenario::load_scenario(f, m).expect("valid scenario"))
        .collect()
}

fn calendar(c: &mut Criterion) {
    let path = root().join("models/saitama-2023.toml");
    c.bench_function("calendar: load + build + render csv (saitama-2023)", |b| {
        b.iter(|| {
            let m = roster::input::load_model(&path).expect("valid");
            let cal = roster::calendar::build(&m);
            roster::report::calendar::calendar(
                &m,
                &cal,
                roster::report::Format::Csv,
                roster::report::Lang::Ja,
            )
        })
    });
    let (m, _) = model();
    c.bench_function("demand: expand the year (saitama-2023)", |b| {
        b.iter(|| roster::demand::expand(&m))
    });
}

fn solve(c: &mut Criterion) {
    let (m, text) = model();
    let mut g = c.benchmark_group("solve");
    g.sample_size(10).measurement_time(Duration::from_secs(200));
    g.bench_function(
        "solve: full year, default gap 0.1 %, 1 thread (saitama-2023)",
        |b| b.iter(|| roster::solve(&m, &text, &SolveOptions::default()).expect("solves")),
    );
    g.finish();
}

fn baseline(m: &Model, text: &str) -> Plan {
    roster::solve(m, text, &SolveOptions::default()).expect("baseline solves")
}

fn replan(c: &mut Criterion) {
    let (m, text) = model();
    let base = baseline(&m, &text);
    let all = scenarios(&m);
    let absence = all
        .iter()
        .find(|s| s.name.contains("two weeks"))
        .expect("two-week absence scenario")
        .clone();
    let opts = SolveOptions::default();
    let mut g = c.benchmark_group("replan");
    g.sample_size(10);
    g.bench_function("replan: two-week absence (c08-two-weeks-june)", |b| {
        b.iter(|| roster::replan::replan(&m, &text, &base, &absence, &opts).expect("replans"))
    });
    g.bench_function("whatif: every shipped scenario, rayon (2 cores)", |b| {
        b.iter(|| roster::replan::whatif(&m, &text, &base, &all, &opts))
    });
    g.bench_function("whatif: every shipped scenario, one after another", |b| {
        b.iter(|| {
            all.iter()
                .map(|s| roster::replan::replan(&m, &text, &base, s, &opts))
                .collect::<Vec<_>>()
        })
    });
    g.finish();
    // The sum of single runs, for BENCHMARKS.md.
    for s in &all {
        let t = Instant::now();
        let _ = roster::replan::replan(&m, &text, &base, s, &opts);
        eprintln!(
            "single replan {:>6.2} s  {}",
            t.elapsed().as_secs_f64(),
            s.name
        );
    }
}

/// The training provider's year (issue 10): both MILPs and the independent check.
fn training(c: &mut Criterion) {
    let path = root().join("models/gifu-training-2023.toml");
    let text = std::fs::read_to_string(&path).expect("shipped model");
    let m = roster::input::training::parse_training(&path, &text).expect("valid");
    let mut g = c.benchmark_group("training");
    g.sample_size(10).measurement_time(Duration::from_secs(120));
    g.bench_function(
        "solve: provider year, gap 0.5 %, 1 thread (gifu-training-2023)",
        |b| b.iter(|| roster::solve_training(&m, &text, &SolveOptions::default()).expect("solves")),
    );
    g.finish();
}

/// The 8-times model (issue 11), generated here from the shipped one with
/// `roster::generate::copies` (not committed): 64 municipalities, 283 staff.
fn scale(c: &mut Criterion) {
    let (_, text) = model();
    let big = roster::generate::copies(&text, 8).expect("copies");
    let path = root().join("k8.toml");
    let m = roster::input::parse_model(&path, &big).expect("the copy is valid");
    let opts = SolveOptions {
        time_limit: 120.0,
        gap: 0.005,
        threads: 2,
        ..SolveOptions::default()
    };
    let mut g = c.benchmark_group("scale");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(1200));
    g.bench_function(
        "solve: 8 copies of saitama-2023, gap 0.5 %, 2 threads",
        |b| b.iter(|| roster::solve(&m, &big, &opts).expect("solves")),
    );
    g.finish();
}

/// Wall-clock figures the integration tests used to assert (issue 15): they are
/// measured here and recorded in BENCHMARKS.md instead. Each runs the `roster` binary
/// as a user would, process start and file writing included.
fn cli(c: &mut Criterion) {
    let exe = env!("CARGO_BIN_EXE_roster");
    let run = |args: &[&std::ffi::OsStr]| {
        std::process::Command::new(exe)
            .args(args)
            .output()
            .expect("the roster binary runs")
    };
    let saitama = root().join("models/saitama-2023.toml");
    let tiny = root().join("tests/fixtures/tiny.toml");
    let dir = tempfile::tempdir().expect("temp dir");
    let mut g = c.benchmark_group("cli");
    g.sample_size(10);

    // hostile.rs: a model with a non-finite coordinate is refused at load (E017).
    let bad = dir.path().join("nan.toml");
    let text = std::fs::read_to_string(&tiny).expect("tiny");
    std::fs::write(&bad, text.replacen("lat = 35.80", "lat = nan", 1)).expect("write");
    let out = dir.path().join("never");
    g.bench_function("refusal: solve of a model with lat = nan (E017)", |b| {
        b.iter(|| {
            let o = run(&[
                "solve".as_ref(),
                bad.as_os_str(),
                "--out".as_ref(),
                out.as_os_str(),
            ]);
            assert_eq!(o.status.code(), Some(2));
        })
    });

    // output_safety.rs: the shipped model into a folder that is not a plan (E041) is
    // refused before the solve.
    let user = dir.path().join("user");
    std::fs::create_dir_all(&user).expect("mkdir");
    std::fs::write(user.join("thesis.docx"), "x").expect("file");
    g.bench_function(
        "refusal: solve of saitama-2023 into a folder that is not a plan (E041)",
        |b| {
            b.iter(|| {
                let o = run(&[
                    "solve".as_ref(),
                    saitama.as_os_str(),
                    "--out".as_ref(),
                    user.as_os_str(),
                ]);
                assert_eq!(o.status.code(), Some(2));
            })
        },
    );

    // scale.rs: the whole run under `--time-limit 2` and `--time-limit 0.06`.
    for limit in ["2", "0.06"] {
        let out = dir.path().join(format!("limit-{limit}"));
        g.bench_function(
            format!("time limit: solve saitama-2023 --time-limit {limit}, wall clock"),
            |b| {
                b.iter(|| {
                    let o = run(&[
                        "solve".as_ref(),
                        saitama.as_os_str(),
                        "--out".as_ref(),
                        out.as_os_str(),
                        "--time-limit".as_ref(),
                        limit.as_ref(),
                        "--force".as_ref(),
                    ]);
                    assert_ne!(o.status.code(), Some(2));
                })
            },
        );
    }

    // fuzz.rs: the tiny model under `--time-limit 5` (the fuzzed runs' limit).
    let out = dir.path().join("tiny");
    g.bench_function("time limit: solve tiny --time-limit 5, wall clock", |b| {
        b.iter(|| {
            let o = run(&[
                "solve".as_ref(),
                tiny.as_os_str(),
                "--out".as_ref(),
                out.as_os_str(),
                "--time-limit".as_ref(),
                "5".as_ref(),
                "--force".as_ref(),
            ]);
            assert_eq!(o.status.code(), Some(0));
        })
    });
    g.finish();
}

// ---- Issue 19, part 2: the desk's ranked candidates for one assignment. ----

/// `commands::candidates` on the shipped year's plan (as the desk calls it for
/// `GET /api/versions/{id}/candidates`): load the model and the folder, the checker on
/// the plan as it is, then the short list, each swap checked. The assignment is the
/// first consultant of the plan's first June consultation day.
fn desk_candidates(c: &mut Criterion) {
    let t = tempfile::tempdir().expect("temp");
    let plan = t.path().join("base");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_roster"))
        .arg("solve")
        .arg(root().join("models/saitama-2023.toml"))
        .arg("--out")
        .arg(&plan)
        .output()
        .expect("roster solve runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(plan.join("assignments.csv")).expect("assignments");
    let (date, staff) = text
        .lines()
        .map(|l| l.split(',').collect::<Vec<_>>())
        .find(|r| r.len() > 3 && r[3] == "consultant" && r[1].starts_with("2023-06"))
        .map(|r| (r[1].to_string(), r[2].to_string()))
        .expect("a June consultant");
    let settings = roster::commands::CandidateSettings {
        model: root().join("models/saitama-2023.toml"),
        plan,
        date: date.parse().expect("date"),
        staff,
        lang: roster::report::Lang::Ja,
    };
    c.bench_function("desk: candidates for one assignment (saitama-2023)", |b| {
        b.iter(|| roster::commands::candidates(&settings).expect("candidates"))
    });
}

criterion_group!(benches, calendar, solve, replan, training, scale, cli);

// --- Issue 19, part 3: the desk (`roster serve`) in-process, through tower's oneshot ---

/// One request through the desk's router: status and body length.
fn desk_call(
    rt: &tokio::runtime::Runtime,
    desk: &std::sync::Arc<roster::serve::Desk>,
    req: axum::http::Request<axum::body::Body>,
) -> (axum::http::StatusCode, Vec<u8>) {
    use tower::ServiceExt;
    rt.block_on(async {
        let res = roster::serve::router(desk.clone())
            .oneshot(req)
            .await
            .expect("answer");
        let status = res.status();
        let body = axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .expect("body");
        (status, body.to_vec())
    })
}

/// The desk over a folder holding the shipped year solved once (outside the timing):
/// the month page, and the c08 absence preview against the same re-plan through the
/// library call (`commands::replan`, what `roster replan` runs), both writing a folder.
fn desk(c: &mut Criterion) {
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use roster::commands::{self, ReplanSettings, Silent, SolveSettings};
    let model = root().join("models/saitama-2023.toml");
    let t = tempfile::tempdir().expect("temp");
    let plans = t.path().join("plans");
    std::fs::create_dir_all(&plans).expect("plans");
    let opts = SolveOptions::default();
    commands::solve(
        &SolveSettings {
            model: model.clone(),
            out: plans.join("base"),
            opts: opts.clone(),
            started: Instant::now(),
            force: false,
            write_model: None,
            lang: roster::report::Lang::Ja,
        },
        &Silent,
    )
    .expect("the shipped year solves");
    let settings = roster::serve::ServeSettings {
        model: model.clone(),
        plans: plans.clone(),
        bind: [127, 0, 0, 1].into(),
        port: 8023,
        lang: roster::report::Lang::Ja,
        time_limit: opts.time_limit,
        gap: opts.gap,
        allow_hosts: Vec::new(),
    };
    let addr = "127.0.0.1:8023".parse().expect("addr");
    let d = std::sync::Arc::new(roster::serve::Desk::new(settings, addr).expect("desk"));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let get = |uri: &str| {
        Request::get(uri)
            .header("host", "127.0.0.1:8023")
            .body(Body::empty())
            .expect("request")
    };
    let post = |uri: &str, body: &str| {
        Request::post(uri)
            .header("host", "127.0.0.1:8023")
            .header("content-type", "application/json")
            .body(Body::from(body.to_string()))
            .expect("request")
    };
    // The desk keeps what it read from a version while the version's files are
    // unchanged, once they are settled (`serve::cache::SETTLED` old): wait for that, then
    // time the first (cold) request once; the benchmarks below are warm requests, the
    // month a manager clicks to after the first.
    std::thread::sleep(roster::serve::cache::SETTLED);
    for uri in [
        "/versions/base/month/2023-07",
        "/versions/base/month/2023-07/places",
    ] {
        let started = Instant::now();
        let (s, _) = desk_call(&rt, &d, get(uri));
        assert_eq!(s, StatusCode::OK);
        eprintln!(
            "desk: first (cold) request {uri}: {:.1} ms",
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
    let mut g = c.benchmark_group("desk");
    g.sample_size(10);
    g.bench_function("desk: month page (saitama-2023)", |b| {
        b.iter(|| {
            let (s, _) = desk_call(&rt, &d, get("/versions/base/month/2023-07"));
            assert_eq!(s, StatusCode::OK);
        })
    });
    g.bench_function("desk: month by municipality (saitama-2023)", |b| {
        b.iter(|| {
            let (s, _) = desk_call(&rt, &d, get("/versions/base/month/2023-07/places"));
            assert_eq!(s, StatusCode::OK);
        })
    });
    let form = r#"{"staff":"c08","from":"2023-06-05","to":"2023-06-16","as_of":"2023-06-01"}"#;
    g.bench_function("desk: absence preview c08 two weeks", |b| {
        b.iter(|| {
            let (s, body) = desk_call(&rt, &d, post("/api/versions/base/absence", form));
            assert_eq!(s, StatusCode::CREATED);
            let v: serde_json::Value = serde_json::from_slice(&body).expect("json");
            let id = v["id"].as_str().expect("preview");
            // Discarded at once: the next preview starts from the same folder.
            desk_call(&rt, &d, post(&format!("/api/previews/{id}/discard"), "{}"));
        })
    });
    let scenario = root().join("scenarios/c08-two-weeks-june.toml");
    g.bench_function("replan: c08 two weeks", |b| {
        b.iter(|| {
            let out = tempfile::tempdir().expect("temp");
            let started = Instant::now();
            let mut o = opts.clone();
            o.deadline = Some(roster::milp::Deadline::at(started, o.time_limit));
            commands::replan(
                &ReplanSettings {
                    model: model.clone(),
                    baseline: plans.join("base"),
                    scenario: scenario.clone(),
                    out: out.path().join("r"),
                    opts: o,
                    started,
                    force: false,
                    lang: roster::report::Lang::Ja,
                },
                &Silent,
            )
            .expect("replans")
        })
    });
    g.finish();
}

criterion_group!(desk_benches, desk, desk_candidates);
criterion_main!(benches, desk_benches);
