//! The fuzzed input layer: the shipped model, the shipped scenarios and a solved plan
//! folder, mutated (byte flips, truncation, duplicated and dropped lines, swapped values,
//! random Unicode, huge and non-finite numbers), must give no panic, exit 0/1/2 as
//! documented, a located message on exit 2, nothing touched outside `--out`, and a run
//! under `--time-limit 5` that ends within the limit + 2 s.
//!
//! The in-CI case counts are small; `PROPTEST_CASES=N` runs N cases of each property
//! (see docs/fuzzing.md for a long run and its figures).

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

use super::solve::saitama_plan;
use super::support::*;

/// Cases per property: `PROPTEST_CASES` if set, else `ci`.
fn cases(ci: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(ci)
}

fn config(ci: u32) -> Config {
    Config {
        cases: cases(ci),
        failure_persistence: None,
        // Fixed in CI so a failure reproduces; `PROPTEST_SEED` varies a long run.
        rng_seed: std::env::var("PROPTEST_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .map_or(RngSeed::Fixed(20_230_401), RngSeed::Fixed),
        ..Config::default()
    }
}

/// One change to a text file.
#[derive(Debug, Clone)]
enum Mutation {
    /// Replace the byte at (position % len) with a value.
    FlipByte(usize, u8),
    /// Cut the file at (position % len).
    Truncate(usize),
    /// Repeat a line.
    DuplicateLine(usize),
    /// Drop a line.
    DropLine(usize),
    /// Swap the values of two `key = value` lines (or two fields of CSV rows).
    SwapValues(usize, usize),
    /// Insert a string (random Unicode) at (position % len).
    Insert(usize, String),
    /// Replace the value of a line holding a number with a hostile one.
    Number(usize, &'static str),
    /// Set the value of the (n % count)-th line starting with `key =` (an extreme value
    /// that still validates).
    Set(&'static str, &'static str, usize),
}

/// Values a scenario accepts that stretch a re-plan: a long absence, another person, a
/// closure on another day.
const SCENARIO_EXTREMES: &[(&str, &str)] = &[
    ("to", "\"2024-03-31\""),
    ("from", "\"2023-06-01\""),
    ("staff", "\"c2\""),
    ("staff", "\"l1\""),
    ("date", "\"2023-12-28\""),
    ("date", "\"2023-06-01\""),
    ("as_of", "\"2023-04-01\""),
];

/// Extreme values the loader accepts, by key: the inputs a time limit must hold for.
const EXTREMES: &[(&str, &str)] = &[
    ("violation", "1e9"),
    ("violation", "0"),
    ("travel_per_km", "1e9"),
    ("travel_per_km", "0"),
    ("team_member", "1e9"),
    ("fairness", "1e9"),
    ("fairness", "0.000001"),
    ("preference", "1e9"),
    ("contract_days_per_week", "7"),
    ("contract_days_per_week", "0"),
    ("capacity", "1"),
    ("capacity", "10000"),
    ("min_consultants", "5"),
    ("min_experience_years", "80"),
    ("experience_years", "0"),
    ("lat", "90"),
    ("lon", "-180"),
    ("team_min", "20"),
];

const HOSTILE_NUMBERS: &[&str] = &[
    "nan",
    "inf",
    "-inf",
    "+nan",
    "1e309",
    "1e300",
    "-1e300",
    "99999999999999999999",
    "-9223372036854775808",
    "1.7976931348623157e308",
    "4.9e-324",
    "-0.0",
    "0",
    "-1",
    "１４４",
    "\"12\"",
    "2023-07-03",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(p, b)| Mutation::FlipByte(p, b)),
        any::<usize>().prop_map(Mutation::Truncate),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        any::<usize>().prop_map(Mutation::DropLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapValues(a, b)),
        (any::<usize>(), "\\PC{1,6}").prop_map(|(p, s)| Mutation::Insert(p, s)),
        (any::<usize>(), proptest::sample::select(HOSTILE_NUMBERS))
            .prop_map(|(i, n)| Mutation::Number(i, n)),
    ]
}

/// The value part of a line: after `=` (TOML) or, for CSV, the second field.
fn split_value(line: &str) -> Option<(usize, usize)> {
    let body = line.trim_end_matches(['\n', '\r']).len();
    if let Some(eq) = line[..body].find('=') {
        let start = eq + 1;
        let end = line[start..body].find('#').map_or(body, |i| start + i);
        return Some((start, end));
    }
    let first = line[..body].find(',')?;
    let end = line[first + 1..body]
        .find(',')
        .map_or(body, |i| first + 1 + i);
    Some((first + 1, end))
}

fn floor_char(s: &[u8], mut i: usize) -> usize {
    // Byte positions for byte-level mutations need no char boundary; for inserts of
    // text they do, so the result stays the same kind of file otherwise.
    while i > 0 && i < s.len() && (s[i] & 0xc0) == 0x80 {
        i -= 1;
    }
    i
}

fn apply(bytes: &[u8], m: &Mutation) -> Vec<u8> {
    let mut b = bytes.to_vec();
    let n = b.len().max(1);
    let text = String::from_utf8_lossy(bytes).to_string();
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let nl = lines.len().max(1);
    match m {
        Mutation::FlipByte(p, v) => {
            if !b.is_empty() {
                b[p % n] = *v;
            }
            b
        }
        Mutation::Truncate(p) => {
            b.truncate(p % n);
            b
        }
        Mutation::DuplicateLine(i) => {
            let mut l: Vec<&str> = lines.clone();
            if !l.is_empty() {
                l.insert(i % nl, lines[i % nl]);
            }
            l.concat().into_bytes()
        }
        Mutation::DropLine(i) => {
            let mut l = lines.clone();
            if !l.is_empty() {
                l.remove(i % nl);
            }
            l.concat().into_bytes()
        }
        Mutation::SwapValues(a, c) => {
            let with: Vec<usize> = (0..lines.len())
                .filter(|&k| split_value(lines[k]).is_some())
                .collect();
            if with.len() < 2 {
                return b;
            }
            let (x, y) = (with[a % with.len()], with[c % with.len()]);
            let (Some((xs, xe)), Some((ys, ye))) = (split_value(lines[x]), split_value(lines[y]))
            else {
                return b;
            };
            let vx = &lines[x][xs..xe];
            let vy = &lines[y][ys..ye];
            let nx = format!("{}{}{}", &lines[x][..xs], vy, &lines[x][xe..]);
            let ny = format!("{}{}{}", &lines[y][..ys], vx, &lines[y][ye..]);
            let mut out: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
            out[x] = nx;
            out[y] = ny;
            out.concat().into_bytes()
        }
        Mutation::Insert(p, s) => {
            let at = floor_char(&b, p % n).min(b.len());
            b.splice(at..at, s.bytes());
            b
        }
        Mutation::Number(i, v) => {
            let numeric: Vec<usize> = (0..lines.len())
                .filter(|&k| {
                    split_value(lines[k]).is_some_and(|(s, e)| {
                        let t = lines[k][s..e].trim();
                        !t.is_empty()
                            && t.bytes()
                                .all(|c| c.is_ascii_digit() || b".-+e".contains(&c))
                    })
                })
                .collect();
            if numeric.is_empty() {
                return b;
            }
            let k = numeric[i % numeric.len()];
            let Some((s, e)) = split_value(lines[k]) else {
                return b;
            };
            let mut out: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
            let pad = if lines[k].contains('=') { " " } else { "" };
            out[k] = format!("{}{pad}{v}{}", &lines[k][..s], &lines[k][e..]);
            out.concat().into_bytes()
        }
        Mutation::Set(key, v, n) => {
            // Only lines whose value is not `v` already: the mutation changes the file
            // whenever the key is there ([`settable`] draws only such keys).
            let with: Vec<usize> = (0..lines.len())
                .filter(|&k| set_line(lines[k], key, v))
                .collect();
            if with.is_empty() {
                return b;
            }
            let k = with[n % with.len()];
            let Some((s, e)) = split_value(lines[k]) else {
                return b;
            };
            let mut out: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
            out[k] = format!("{} {v}{}", &lines[k][..s], &lines[k][e..]);
            out.concat().into_bytes()
        }
    }
}

/// The `--time-limit` of the full runs, in seconds.
const LIMIT: &str = "5";

/// The promise under test: a run ends within its `--time-limit` plus 2 s (README); the
/// only wall-clock assertion kept in the tests (other timings are in benches/).
fn limit_held() -> Duration {
    Duration::from_secs(LIMIT.parse::<u64>().unwrap_or(5) + 2)
}

fn mutate(bytes: &[u8], ms: &[Mutation]) -> Vec<u8> {
    ms.iter().fold(bytes.to_vec(), |b, m| apply(&b, m))
}

/// Whether `line` is a `key = ...` line whose value is not `v` (so setting it to `v`
/// changes it).
fn set_line(line: &str, key: &str, v: &str) -> bool {
    line.trim_start()
        .strip_prefix(key)
        .is_some_and(|r| r.trim_start().starts_with('='))
        && split_value(line).is_some_and(|(s, e)| line[s..e].trim() != v)
}

/// The (key, value) pairs of `pairs` that change `text`: some `key = ` line of it holds
/// another value. `Set` mutations are drawn from these only, so none is a no-op.
fn settable(
    text: &[u8],
    pairs: &[(&'static str, &'static str)],
) -> Vec<(&'static str, &'static str)> {
    let text = String::from_utf8_lossy(text);
    let out: Vec<_> = pairs
        .iter()
        .copied()
        .filter(|(k, v)| text.lines().any(|l| set_line(l, k, v)))
        .collect();
    assert!(!out.is_empty(), "no Set mutation applies to the text");
    out
}

/// Counts the `Set` mutations a property applied and asserts, as each is applied, that
/// it changed its input; reported at the end of the property.
#[derive(Default)]
struct SetTally {
    applied: std::sync::atomic::AtomicUsize,
}

impl SetTally {
    fn mutate(&self, bytes: &[u8], ms: &[Mutation]) -> Result<Vec<u8>, TestCaseError> {
        let mut b = bytes.to_vec();
        for m in ms {
            let out = apply(&b, m);
            if matches!(m, Mutation::Set(..)) {
                prop_assert!(out != b, "{m:?} left the input unchanged");
                self.applied
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            b = out;
        }
        Ok(b)
    }

    fn report(&self, name: &str) {
        let n = self.applied.load(std::sync::atomic::Ordering::Relaxed);
        eprintln!("{name}: {n} Set mutations, each changed the input");
        assert!(n > 0, "{name}: no Set mutation was drawn");
    }
}

/// What every run must show: no panic, exit 0/1/2, and on exit 2 a message with a code
/// that names the file and, where the problem is in a file's text, line and column.
fn documented(o: &Output, what: &str) -> Result<(), TestCaseError> {
    let err = stderr(o);
    prop_assert!(!err.contains("panicked"), "{what}: panic\n{err}");
    let code = o.status.code();
    prop_assert!(matches!(code, Some(0..=2)), "{what}: exit {code:?}\n{err}");
    if code == Some(2) {
        let first = err.lines().find(|l| l.starts_with("error")).unwrap_or("");
        prop_assert!(first.starts_with("error["), "{what}: no code: {err}");
        // `error[E0xx]: PATH:LINE:COL: ...`, or a whole-file problem `error[E0xx]: PATH: ...`
        // for the codes that are about the file as a whole.
        let located = first
            .split(": ")
            .nth(1)
            .is_some_and(|p| p.rsplitn(3, ':').count() == 3);
        let whole_file = ["E002", "E030", "E031", "E041", "E042", "E047"]
            .iter()
            .any(|c| first.starts_with(&format!("error[{c}]")));
        prop_assert!(located || whole_file, "{what}: not located: {first}");
        prop_assert!(
            err.contains("help: ") || whole_file,
            "{what}: no fix: {err}"
        );
        prop_assert!(
            !err.contains("Position {") && !err.contains("Utf8") && !err.contains("Error {"),
            "{what}: debug text: {err}"
        );
    }
    Ok(())
}

/// Exit codes seen by one property, printed at its end (`--nocapture` shows them), so
/// a long run can be recorded.
#[derive(Default)]
struct Tally(std::sync::Mutex<[usize; 3]>);

impl Tally {
    fn count(&self, o: &Output) {
        if let (Some(c @ 0..=2), Ok(mut t)) = (o.status.code(), self.0.lock()) {
            t[c as usize] += 1;
        }
    }

    fn report(&self, name: &str) {
        let t = self.0.lock().map(|g| *g).unwrap_or([0; 3]);
        eprintln!(
            "{name}: {} cases: exit 0: {}, exit 1: {}, exit 2: {}",
            t.iter().sum::<usize>(),
            t[0],
            t[1],
            t[2]
        );
    }
}

fn shipped_model() -> &'static [u8] {
    static M: OnceLock<Vec<u8>> = OnceLock::new();
    M.get_or_init(|| std::fs::read(saitama()).expect("model"))
}

fn tiny_model() -> &'static [u8] {
    static M: OnceLock<Vec<u8>> = OnceLock::new();
    M.get_or_init(|| std::fs::read(tiny()).expect("tiny"))
}

/// The tiny model solved once (a small plan folder to mutate).
fn tiny_plan() -> &'static Path {
    static DIR: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, p) = DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp");
        let out = dir.path().join("plan");
        let o = roster_p(&[&"solve", &tiny(), &"--out", &out]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        (dir, out)
    });
    p
}

fn shipped_scenarios() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("scenarios"))
        .expect("scenarios")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    v.sort();
    v
}

const PLAN_FILES: &[&str] = &[
    "events.csv",
    "assignments.csv",
    "teams.csv",
    "violations.csv",
    "roster.json",
];

#[test]
fn fuzz_mutated_shipped_model_is_validated_or_refused_with_a_location() {
    let tally = Tally::default();
    let mut runner = proptest::test_runner::TestRunner::new(config(48));
    runner
        .run(&proptest::collection::vec(mutation(), 1..4), |ms| {
            let t = tempfile::tempdir().expect("temp");
            let path = t.path().join("model.toml");
            std::fs::write(&path, mutate(shipped_model(), &ms)).expect("write");
            let o = roster_p(&[&"calendar", &path, &"--format", &"csv"]);
            documented(&o, &format!("{ms:?}"))?;
            tally.count(&o);
            prop_assert!(o.status.code() != Some(1), "calendar never exits 1");
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
    tally.report("fuzz_mutated_shipped_model_is_validated_or_refused_with_a_location");
}

#[test]
fn fuzz_mutated_shipped_scenarios_are_checked_or_refused_with_a_location() {
    let scenarios = shipped_scenarios();
    let plan = saitama_plan();
    let before = snapshot(plan, None);
    let tally = Tally::default();
    let mut runner = proptest::test_runner::TestRunner::new(config(24));
    runner
        .run(
            &(
                0..scenarios.len(),
                proptest::collection::vec(mutation(), 1..4),
            ),
            |(k, ms)| {
                let t = tempfile::tempdir().expect("temp");
                let path = t.path().join("scenario.toml");
                let text = std::fs::read(&scenarios[k]).expect("scenario");
                std::fs::write(&path, mutate(&text, &ms)).expect("write");
                let o = roster_p(&[&"check", &saitama(), &plan, &"--scenario", &path]);
                documented(&o, &format!("{}: {ms:?}", scenarios[k].display()))?;
                tally.count(&o);
                Ok(())
            },
        )
        .unwrap_or_else(|e| panic!("{e}"));
    tally.report("fuzz_mutated_shipped_scenarios_are_checked_or_refused_with_a_location");
    assert!(
        snapshot(plan, None) == before,
        "check wrote into the plan folder"
    );
}

#[test]
fn fuzz_mutated_plan_folder_is_checked_or_refused_with_a_location() {
    let plan = tiny_plan();
    let tally = Tally::default();
    let mut runner = proptest::test_runner::TestRunner::new(config(48));
    runner
        .run(
            &(
                0..PLAN_FILES.len(),
                proptest::collection::vec(mutation(), 1..4),
            ),
            |(k, ms)| {
                let t = tempfile::tempdir().expect("temp");
                let dir = t.path().join("plan");
                std::fs::create_dir_all(&dir).expect("mkdir");
                for f in std::fs::read_dir(plan).expect("plan").flatten() {
                    if f.path().is_file() {
                        std::fs::copy(f.path(), dir.join(f.file_name())).expect("copy");
                    }
                }
                let file = dir.join(PLAN_FILES[k]);
                let bytes = std::fs::read(&file).expect("read");
                std::fs::write(&file, mutate(&bytes, &ms)).expect("write");
                let before = snapshot(t.path(), None);
                let o = roster_p(&[&"check", &tiny(), &dir]);
                documented(&o, &format!("{}: {ms:?}", PLAN_FILES[k]))?;
                tally.count(&o);
                prop_assert!(snapshot(t.path(), None) == before, "check wrote something");
                Ok(())
            },
        )
        .unwrap_or_else(|e| panic!("{e}"));
    tally.report("fuzz_mutated_plan_folder_is_checked_or_refused_with_a_location");
}

/// A few full runs: a mutated tiny model solved, and a mutated scenario re-planned, under
/// `--time-limit 5`; each ends within the limit + 2 s and touches nothing outside `--out`.
#[test]
fn fuzz_mutated_solves_and_replans_keep_time_and_touch_only_out() {
    let scenario = "name = \"c1 away\"\nas_of = \"2023-06-01\"\n\n[[absence]]\nstaff = \"c1\"\nfrom = \"2023-06-05\"\nto = \"2023-06-09\"\nnote = \"x\"\n\n[[closure]]\ndate = \"2023-07-03\"\nnote = \"y\"\n";
    let tally = Tally::default();
    let sets = SetTally::default();
    let mut runner = proptest::test_runner::TestRunner::new(config(6));
    runner
        .run(
            &any::<bool>().prop_flat_map(move |replan| {
                // Values the mutated file has: the scenario's keys for a re-plan, the
                // model's for a solve.
                let pairs = if replan {
                    settable(scenario.as_bytes(), SCENARIO_EXTREMES)
                } else {
                    settable(tiny_model(), EXTREMES)
                };
                (
                    Just(replan),
                    proptest::collection::vec(
                        prop_oneof![
                            2 => (proptest::sample::select(pairs), any::<usize>())
                                .prop_map(|((k, v), n)| Mutation::Set(k, v, n)),
                            1 => mutation(),
                        ],
                        1..3,
                    ),
                )
            }),
            |(replan, ms)| {
                let t = tempfile::tempdir().expect("temp");
                let out = t.path().join("out");
                let model = t.path().join("model.toml");
                let (o, took) = if replan {
                    std::fs::write(&model, tiny_model()).expect("write");
                    let base = t.path().join("base");
                    for f in std::fs::read_dir(tiny_plan()).expect("plan").flatten() {
                        std::fs::create_dir_all(&base).expect("mkdir");
                        if f.path().is_file() {
                            std::fs::copy(f.path(), base.join(f.file_name())).expect("copy");
                        }
                    }
                    let sc = t.path().join("scenario.toml");
                    std::fs::write(&sc, sets.mutate(scenario.as_bytes(), &ms)?).expect("write");
                    let before = snapshot(t.path(), None);
                    let start = Instant::now();
                    let o = roster_p(&[
                        &"replan",
                        &tiny(),
                        &"--baseline",
                        &base,
                        &"--scenario",
                        &sc,
                        &"--out",
                        &out,
                        &"--time-limit",
                        &LIMIT,
                    ]);
                    let took = start.elapsed();
                    prop_assert!(
                        snapshot(t.path(), Some(&out)) == before,
                        "replan touched something outside --out"
                    );
                    (o, took)
                } else {
                    std::fs::write(&model, sets.mutate(tiny_model(), &ms)?).expect("write");
                    let before = snapshot(t.path(), None);
                    let start = Instant::now();
                    let o = roster_p(&[&"solve", &model, &"--out", &out, &"--time-limit", &LIMIT]);
                    let took = start.elapsed();
                    prop_assert!(
                        snapshot(t.path(), Some(&out)) == before,
                        "solve touched something outside --out"
                    );
                    (o, took)
                };
                documented(&o, &format!("replan={replan} {ms:?}"))?;
                tally.count(&o);
                prop_assert!(
                    took < limit_held(),
                    "took {took:?} under --time-limit {LIMIT}"
                );
                if o.status.code() == Some(2) {
                    prop_assert!(!out.exists(), "exit 2 but --out was written");
                } else {
                    let c = roster_p(&[&"check", &model, &out]);
                    prop_assert!(
                        c.status.code() != Some(2),
                        "the written plan cannot be read back: {}",
                        stderr(&c)
                    );
                }
                Ok(())
            },
        )
        .unwrap_or_else(|e| panic!("{e}"));
    tally.report("fuzz_mutated_solves_and_replans_keep_time_and_touch_only_out");
    sets.report("fuzz_mutated_solves_and_replans_keep_time_and_touch_only_out");
}

/// The shipped model with hostile numbers and swapped values (inputs that often still
/// validate: a weight of 1e9, a capacity of 0) solved under `--time-limit 5`: the run
/// ends within the limit + 2 s whatever the numbers, and writes nothing outside `--out`.
#[test]
fn fuzz_shipped_model_with_hostile_numbers_keeps_the_time_limit() {
    let numbers = prop_oneof![
        3 => (proptest::sample::select(settable(shipped_model(), EXTREMES)), any::<usize>())
            .prop_map(|((k, v), n)| Mutation::Set(k, v, n)),
        1 => (any::<usize>(), proptest::sample::select(HOSTILE_NUMBERS))
            .prop_map(|(i, n)| Mutation::Number(i, n)),
    ];
    let tally = Tally::default();
    let sets = SetTally::default();
    let mut runner = proptest::test_runner::TestRunner::new(config(2));
    runner
        .run(&proptest::collection::vec(numbers, 1..3), |ms| {
            let t = tempfile::tempdir().expect("temp");
            let model = t.path().join("model.toml");
            std::fs::write(&model, sets.mutate(shipped_model(), &ms)?).expect("write");
            let out = t.path().join("out");
            let before = snapshot(t.path(), None);
            let start = Instant::now();
            let o = roster_p(&[&"solve", &model, &"--out", &out, &"--time-limit", &LIMIT]);
            let took = start.elapsed();
            documented(&o, &format!("{ms:?}"))?;
            tally.count(&o);
            prop_assert!(
                took < limit_held(),
                "{ms:?}: took {took:?} under --time-limit {LIMIT}"
            );
            let outside = snapshot(t.path(), Some(&out));
            prop_assert!(outside == before, "solve touched something outside --out");
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
    tally.report("fuzz_shipped_model_with_hostile_numbers_keeps_the_time_limit");
    sets.report("fuzz_shipped_model_with_hostile_numbers_keeps_the_time_limit");
}

#[test]
fn mutations_do_what_they_say() {
    let text = b"a = 1\nb = \"x\"\nc = 2.5 # note\n";
    assert_eq!(
        mutate(text, &[Mutation::SwapValues(0, 2)]),
        b"a = 2.5 \nb = \"x\"\nc = 1# note\n".to_vec()
    );
    assert_eq!(
        mutate(text, &[Mutation::Number(1, "nan")]),
        b"a = 1\nb = \"x\"\nc = nan# note\n".to_vec()
    );
    assert_eq!(
        mutate(text, &[Mutation::DropLine(1)]),
        b"a = 1\nc = 2.5 # note\n".to_vec()
    );
    assert_eq!(mutate(text, &[Mutation::Truncate(3)]), b"a =".to_vec());
    assert_eq!(
        mutate(text, &[Mutation::Set("c", "1e9", 0)]),
        b"a = 1\nb = \"x\"\nc = 1e9# note\n".to_vec()
    );
}
