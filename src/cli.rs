//! Flags and subcommands, resolved once into calls of the library.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use roster::calendar::{self, holidays};
use roster::input;
use roster::milp::SolveOptions;
use roster::report::{self, Format, Lang};

/// Yearly staff rosters for public job-support programmes.
#[derive(Debug, Parser)]
#[command(name = "roster", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// List Japanese national holidays (CAL-2), 2000-2035.
    Holidays {
        /// First day (YYYY-MM-DD).
        #[arg(long, default_value = "2000-01-01")]
        from: NaiveDate,
        /// Last day (YYYY-MM-DD).
        #[arg(long, default_value = "2035-12-31")]
        to: NaiveDate,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Language of people-facing output (summary, workbook, calendars, notices).
        #[arg(long, value_enum, default_value_t = Lang::Ja)]
        lang: Lang,
    },
    /// Print the fiscal-year consultation calendar of a model (CAL-1..CAL-5).
    Calendar {
        /// The model file (TOML).
        model: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Language of people-facing output (summary, workbook, calendars, notices).
        #[arg(long, value_enum, default_value_t = Lang::Ja)]
        lang: Lang,
    },
    /// Solve the annual roster and write the plan files into DIR.
    Solve {
        /// The model file (TOML).
        model: PathBuf,
        /// Output directory (written whole or not at all).
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        solver: SolverFlags,
        /// Replace a directory that holds a different plan.
        #[arg(long)]
        force: bool,
        /// Also write each MILP solved as MPS (and its MIP start as .mst) into this
        /// directory, to compare solvers on the same models.
        #[arg(long, value_name = "DIR")]
        write_model: Option<PathBuf>,
        /// Language of people-facing output (summary, workbook, calendars, notices).
        #[arg(long, value_enum, default_value_t = Lang::Ja)]
        lang: Lang,
    },
    /// Re-plan after a change (absence, venue closure, ...) with the fewest changes.
    Replan {
        /// The model file (TOML) the baseline was solved from.
        model: PathBuf,
        /// The baseline plan directory (written by `roster solve`).
        #[arg(long)]
        baseline: PathBuf,
        /// The scenario file (TOML).
        #[arg(long)]
        scenario: PathBuf,
        /// Output directory for the new plan.
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        solver: SolverFlags,
        /// Replace a directory that holds a different plan.
        #[arg(long)]
        force: bool,
        /// Language of people-facing output (summary, workbook, calendars, notices).
        #[arg(long, value_enum, default_value_t = Lang::Ja)]
        lang: Lang,
    },
    /// Compare scenarios against a baseline, side by side (solved in parallel).
    Whatif {
        /// The model file (TOML) the baseline was solved from.
        model: PathBuf,
        /// The baseline plan directory.
        #[arg(long)]
        baseline: PathBuf,
        /// Scenario files.
        #[arg(required = true)]
        scenarios: Vec<PathBuf>,
        /// Write each scenario's plan into DIR/<scenario file name>/ and comparison.csv.
        #[arg(long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        solver: SolverFlags,
        /// Replace directories that hold a different plan.
        #[arg(long)]
        force: bool,
        /// Language of people-facing output (summary, workbook, calendars, notices).
        #[arg(long, value_enum, default_value_t = Lang::Ja)]
        lang: Lang,
    },
    /// Re-check a plan directory's CSV files against every rule, independently.
    Check {
        /// The model file (TOML).
        model: PathBuf,
        /// The plan directory (events.csv, assignments.csv, teams.csv).
        dir: PathBuf,
        /// Check a re-plan against the model with this scenario applied.
        #[arg(long)]
        scenario: Option<PathBuf>,
        /// Language of people-facing output (summary, workbook, calendars, notices).
        #[arg(long, value_enum, default_value_t = Lang::Ja)]
        lang: Lang,
    },
}

/// Solver flags shared by solve, replan and whatif.
#[derive(Debug, clap::Args)]
pub struct SolverFlags {
    /// Wall-clock limit in seconds; the best plan found by then is written.
    #[arg(long, default_value_t = 60.0, value_parser = positive)]
    time_limit: f64,
    /// Relative MIP gap at which to stop (0.005 = 0.5 %).
    #[arg(long, default_value_t = 0.005, value_parser = non_negative)]
    gap: f64,
    /// Threads for HiGHS.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=64))]
    threads: u32,
    /// Show HiGHS's log on stderr.
    #[arg(long)]
    verbose: bool,
}

fn positive(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if x.is_finite() && x > 0.0 => Ok(x),
        _ => Err(format!("`{s}` is not a positive number of seconds")),
    }
}

fn non_negative(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if x.is_finite() && x >= 0.0 => Ok(x),
        _ => Err(format!("`{s}` is not a number of 0 or more")),
    }
}

impl SolverFlags {
    /// The library's options.
    pub fn options(&self) -> SolveOptions {
        SolveOptions {
            time_limit: self.time_limit,
            gap: self.gap,
            threads: self.threads,
            verbose: self.verbose,
        }
    }
}

/// Runs `f` while a spinner turns on stderr (only on a terminal, and not with --verbose).
pub fn with_progress<T: Send>(label: &str, verbose: bool, f: impl FnOnce() -> T + Send) -> T {
    let state = std::sync::Mutex::new(String::new());
    with_solver_progress(label, verbose, &state, f)
}

/// Runs `f` while a line on stderr shows `label`, the time, and the latest solver
/// progress in `latest` (HiGHS's stage, incumbent, bound and gap): on a terminal, or
/// always with --verbose (then one line per report, not redrawn).
fn with_solver_progress<T: Send>(
    label: &str,
    verbose: bool,
    latest: &std::sync::Mutex<String>,
    f: impl FnOnce() -> T + Send,
) -> T {
    use std::io::{IsTerminal, Write};
    use std::sync::atomic::{AtomicBool, Ordering};
    let terminal = std::io::stderr().is_terminal();
    if !verbose && !terminal {
        return f();
    }
    let done = AtomicBool::new(false);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            let frames = ['|', '/', '-', '\\'];
            let start = std::time::Instant::now();
            let mut i = 0;
            let mut shown = String::new();
            let mut width = 0;
            while !done.load(Ordering::Relaxed) {
                let now = latest.lock().map(|s| s.clone()).unwrap_or_default();
                if terminal && !verbose {
                    let line = format!(
                        "{} {label} {:.0}s {now}",
                        frames[i % 4],
                        start.elapsed().as_secs_f64()
                    );
                    eprint!("\r{line:width$}");
                    width = width.max(line.chars().count());
                    let _ = std::io::stderr().flush();
                } else if now != shown && !now.is_empty() {
                    eprintln!("[{:.0}s] {now}", start.elapsed().as_secs_f64());
                }
                shown = now;
                i += 1;
                std::thread::sleep(std::time::Duration::from_millis(120));
            }
            if terminal && !verbose {
                eprint!("\r{}\r", " ".repeat(width));
            }
        });
        let out = f();
        done.store(true, Ordering::Relaxed);
        out
    })
}

/// One line for a progress report: stage, incumbent, bound, gap as HiGHS gives them.
fn progress_text(p: &roster::milp::Progress) -> String {
    let num = |x: Option<f64>| x.map_or("-".to_string(), |v| format!("{v:.1}"));
    let gap = p
        .gap
        .map_or("unknown".to_string(), |g| format!("{:.2}%", g * 100.0));
    format!(
        "{}: incumbent {} bound {} gap {gap} ({:.0}s)",
        p.stage,
        num(p.incumbent),
        num(p.bound),
        p.seconds
    )
}

/// Runs a command; `Ok` carries the exit code, `Err` a message for exit 2.
pub fn run(cli: Cli) -> Result<u8, String> {
    match cli.command {
        Command::Holidays {
            from,
            to,
            format,
            lang,
        } => {
            let (lo, hi) = (
                NaiveDate::from_ymd_opt(holidays::FIRST_YEAR, 1, 1),
                NaiveDate::from_ymd_opt(holidays::LAST_YEAR, 12, 31),
            );
            if from > to {
                return Err(format!(
                    "error: --from {from} is after --to {to}\n  help: swap the two dates"
                ));
            }
            if lo.is_some_and(|lo| from < lo) || hi.is_some_and(|hi| to > hi) {
                return Err(format!(
                    "error: holidays are computed for {}-{} only (got {from} .. {to})\n  help: choose dates within those years",
                    holidays::FIRST_YEAR,
                    holidays::LAST_YEAR
                ));
            }
            emit(&report::calendar::holidays(
                &holidays::holidays_between(from, to),
                format,
                lang,
            ))?;
            Ok(0)
        }
        Command::Calendar {
            model,
            format,
            lang,
        } => {
            let m = input::load_model(&model).map_err(|e| e.to_string())?;
            let cal = calendar::build(&m);
            emit(&report::calendar::calendar(&m, &cal, format, lang))?;
            Ok(0)
        }
        Command::Solve {
            model,
            out,
            solver,
            force,
            write_model,
            lang,
        } => {
            let (m, text) = load(&model)?;
            // --out is checked before the solve, as far as it can be without the plan.
            report::folder::preflight_early(&out, force, &roster::digest(&text))
                .map_err(|e| e.to_string())?;
            let opts = solver.options();
            let latest = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
            let sink = latest.clone();
            let show = opts.verbose || std::io::IsTerminal::is_terminal(&std::io::stderr());
            let hooks = roster::milp::SolveHooks {
                progress: show.then(|| -> roster::milp::ProgressSink {
                    std::sync::Arc::new(move |p: &roster::milp::Progress| {
                        if let Ok(mut s) = sink.lock() {
                            *s = progress_text(p);
                        }
                    })
                }),
                write_model,
            };
            let plan = with_solver_progress("solving", opts.verbose, &latest, || {
                roster::solve_with(&m, &text, &opts, &hooks)
            })
            .map_err(|e| format!("error: {e}"))?;
            let files = report::plan::render_files(&m, &plan, lang).map_err(|e| e.to_string())?;
            report::plan::write_dir(&out, &files, force).map_err(|e| e.to_string())?;
            emit(&report::plan::summary(&m, &plan, lang))?;
            emit(&format!("{} {}\n", lang.labels().t.written, out.display()))?;
            Ok(if plan.violations.is_empty() { 0 } else { 1 })
        }
        Command::Replan {
            model,
            baseline,
            scenario,
            out,
            solver,
            force,
            lang,
        } => {
            // A baseline is never written, however --out is spelt.
            report::folder::refuse_baseline(&out, &baseline).map_err(|e| e.to_string())?;
            let (m, text) = load(&model)?;
            let sc = roster::scenario::load_scenario(&scenario, &m).map_err(|e| e.to_string())?;
            let base = roster::plan::files::read_plan_dir(&baseline).map_err(|e| e.to_string())?;
            same_model(&base, &text, &baseline, &model)?;
            report::folder::preflight_early(&out, force, &roster::digest(&text))
                .map_err(|e| e.to_string())?;
            let opts = solver.options();
            let r = with_progress("re-planning", opts.verbose, || {
                roster::replan::replan(&m, &text, &base, &sc, &opts)
            })
            .map_err(|e| format!("error: {e}"))?;
            let prior = report::ics::Prior::of_baseline(
                &baseline,
                &m,
                &base,
                lang,
                report::plan::stamp_of(m.period.from),
            );
            let files = report::replan::render_replan_files(&r, &prior, lang, sc.as_of)
                .map_err(|e| e.to_string())?;
            report::plan::write_dir(&out, &files, force).map_err(|e| e.to_string())?;
            emit(&report::replan::summary(&r, lang))?;
            emit(&format!("{} {}\n", lang.labels().t.written, out.display()))?;
            Ok(if r.plan.violations.is_empty() { 0 } else { 1 })
        }
        Command::Whatif {
            model,
            baseline,
            scenarios,
            out,
            solver,
            force,
            lang,
        } => {
            let (m, text) = load(&model)?;
            let base = roster::plan::files::read_plan_dir(&baseline).map_err(|e| e.to_string())?;
            same_model(&base, &text, &baseline, &model)?;
            // Every scenario is validated before anything is solved or written.
            let mut loaded = Vec::new();
            let mut problems = Vec::new();
            for path in &scenarios {
                match roster::scenario::load_scenario(path, &m) {
                    Ok(s) => loaded.push((path.clone(), s)),
                    Err(e) => problems.push(e.to_string()),
                }
            }
            if !problems.is_empty() {
                return Err(problems.join("\n"));
            }
            // One directory per scenario file (stems made unique), all checked before
            // anything is solved; none may be (or hold, or lie in) the baseline.
            let mut names: Vec<String> = Vec::new();
            for (path, _) in &loaded {
                let stem = path
                    .file_stem()
                    .map_or("scenario".into(), |s| s.to_string_lossy().to_string());
                let mut name = stem.clone();
                let mut k = 2;
                while names.contains(&name) {
                    name = format!("{stem}-{k}");
                    k += 1;
                }
                names.push(name);
            }
            if let Some(dir) = &out {
                report::folder::refuse_baseline(&dir.join("comparison.csv"), &baseline)
                    .map_err(|e| e.to_string())?;
                for n in &names {
                    report::folder::refuse_baseline(&dir.join(n), &baseline)
                        .map_err(|e| e.to_string())?;
                    report::folder::preflight_early(&dir.join(n), force, &roster::digest(&text))
                        .map_err(|e| e.to_string())?;
                }
            }
            let opts = solver.options();
            let only: Vec<roster::scenario::Scenario> =
                loaded.iter().map(|(_, s)| s.clone()).collect();
            let results = with_progress("what-if", opts.verbose, || {
                roster::replan::whatif(&m, &text, &base, &only, &opts)
            });
            let mut replans = Vec::new();
            for (r, s) in results.into_iter().zip(&only) {
                replans.push(r.map_err(|e| format!("error: {}: {e}", s.name))?);
            }
            let mut rows = vec![report::replan::baseline_row(&roster::check_loaded(
                &m,
                base.clone(),
            ))];
            rows.extend(replans.iter().map(report::replan::comparison_row));
            if let Some(dir) = &out {
                // Every directory is checked before any is written.
                let prior = report::ics::Prior::of_baseline(
                    &baseline,
                    &m,
                    &base,
                    lang,
                    report::plan::stamp_of(m.period.from),
                );
                let mut outputs: Vec<(PathBuf, Vec<report::folder::PlanFile>)> = Vec::new();
                for ((n, r), (_, sc)) in names.iter().zip(&replans).zip(&loaded) {
                    let files = report::replan::render_replan_files(r, &prior, lang, sc.as_of)
                        .map_err(|e| e.to_string())?;
                    outputs.push((dir.join(n), files));
                }
                let table = report::plan::csv_of(&rows);
                let cmp = dir.join("comparison.csv");
                if !force
                    && cmp.exists()
                    && std::fs::read_to_string(&cmp).ok().as_deref() != Some(table.as_str())
                {
                    return Err(format!(
                        "error[E040]: {}: holds a different comparison\n  help: choose another --out directory, or pass --force to replace it",
                        cmp.display()
                    ));
                }
                for (d, files) in &outputs {
                    report::plan::preflight(d, files, force).map_err(|e| e.to_string())?;
                }
                for (d, files) in &outputs {
                    report::plan::write_dir(d, files, force).map_err(|e| e.to_string())?;
                }
                std::fs::create_dir_all(dir)
                    .map_err(|e| format!("error[E042]: {}: {e}", dir.display()))?;
                let tmp = dir.join(".comparison.csv.tmp");
                std::fs::write(&tmp, table)
                    .and_then(|()| std::fs::rename(&tmp, &cmp))
                    .map_err(|e| format!("error[E042]: {}: {e}", dir.display()))?;
            }
            emit(&report::replan::comparison(&rows, &replans))?;
            Ok(if replans.iter().all(|r| r.plan.violations.is_empty()) {
                0
            } else {
                1
            })
        }
        Command::Check {
            model,
            dir,
            scenario,
            lang,
        } => {
            let m = input::load_model(&model).map_err(|e| e.to_string())?;
            let m = match scenario {
                Some(f) => {
                    let s = roster::scenario::load_scenario(&f, &m).map_err(|e| e.to_string())?;
                    roster::scenario::apply(&m, &s)
                }
                None => m,
            };
            let plan = roster::plan::files::read_plan_dir(&dir).map_err(|e| e.to_string())?;
            let found = roster::check::check(&m, &plan);
            if found.is_empty() {
                emit(&match lang {
                    Lang::En => format!(
                        "ok: {} events, {} assignments, {} team members; every rule holds\n",
                        plan.events.len(),
                        plan.assignments.len(),
                        plan.teams.len()
                    ),
                    Lang::Ja => format!(
                        "ok: イベント {} 件、担当 {} 件、チーム {} 人。すべてのルールを満たしています\n",
                        plan.events.len(),
                        plan.assignments.len(),
                        plan.teams.len()
                    ),
                })?;
                Ok(0)
            } else {
                emit(&found.iter().map(|v| format!("{v}\n")).collect::<String>())?;
                note(&format!("{} violation(s)", found.len()));
                Ok(1)
            }
        }
    }
}

/// Writes to stdout. A closed pipe (`roster ... | head`) is not an error: the reader
/// has what it wanted. Any other failure (a full disk, `> /dev/full`) is E048, since
/// the output is lost.
pub fn emit(text: &str) -> Result<(), String> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(format!(
            "error[E048]: the output could not be written to standard output ({e}); it is lost\n  help: check that the file or device it goes to is writable and has room"
        )),
    }
}

/// A line on stderr; a closed stderr is ignored (there is nowhere left to say it).
pub fn note(text: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}

/// Refuses a baseline solved from another model (its digest is in roster.json).
fn same_model(
    base: &roster::plan::Plan,
    text: &str,
    dir: &std::path::Path,
    model: &std::path::Path,
) -> Result<(), String> {
    if base.model_digest.is_empty() {
        note(&format!(
            "note: {} has no roster.json, so whether it was solved from {} is not checked (E033)",
            dir.display(),
            model.display()
        ));
        return Ok(());
    }
    if base.model_digest == roster::digest(text) {
        return Ok(());
    }
    Err(format!(
        "error[E033]: {}: the baseline was solved from a different model than {}\n  help: pass the model file the baseline was made from (roster.json records its SHA-256)",
        dir.join("roster.json").display(),
        model.display()
    ))
}

/// Reads and validates a model file; returns it with its text (for the digest).
fn load(path: &std::path::Path) -> Result<(roster::model::Model, String), String> {
    let text = input::read_text(path).map_err(|e| e.to_string())?;
    let m = input::parse_model(path, &text).map_err(|e| e.to_string())?;
    Ok((m, text))
}
