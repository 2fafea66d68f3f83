//! Speed of the calendar, the formulation and the solve on the shipped model.
//! Run: `cargo bench --bench roster`. Figures go to BENCHMARKS.md.

use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use roster::milp::SolveOptions;

fn model() -> (roster::model::Model, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/saitama-2023.toml");
    let text = std::fs::read_to_string(&path).expect("shipped model");
    let model = roster::input::parse_model(&path, &text).expect("valid");
    (model, text)
}

fn calendar(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/saitama-2023.toml");
    c.bench_function("calendar: load + build + render csv (saitama-2023)", |b| {
        b.iter(|| {
            let m = roster::input::load_model(&path).expect("valid");
            let cal = roster::calendar::build(&m);
            roster::report::calendar::calendar(&m, &cal, roster::report::Format::Csv)
        })
    });
}

fn formulation(c: &mut Criterion) {
    let (m, _) = model();
    c.bench_function("demand: expand the year (saitama-2023)", |b| {
        b.iter(|| roster::demand::expand(&m))
    });
}

fn solve(c: &mut Criterion) {
    let (m, text) = model();
    let mut g = c.benchmark_group("solve");
    g.sample_size(10).measurement_time(Duration::from_secs(120));
    g.bench_function(
        "solve: full year, gap 0.5 %, 1 thread (saitama-2023)",
        |b| b.iter(|| roster::solve(&m, &text, &SolveOptions::default()).expect("solves")),
    );
    g.finish();
}

criterion_group!(benches, calendar, formulation, solve);
criterion_main!(benches);
