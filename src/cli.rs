//! Flags and subcommands, resolved once into calls of the library.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use roster::calendar::{self, holidays};
use roster::input;
use roster::milp::SolveOptions;
use roster::model::Programme;
use roster::plan::history::{with_history, History};
use roster::replan::folder;
use roster::report::{self, Format, Lang};
use roster::safe_fs;
use roster::scenario::chain;

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
    /// Write a K-times larger model (K geographically separate copies), for benchmarks.
    Generate {
        /// The model file (TOML) to copy.
        model: PathBuf,
        /// How many copies (1-64); copy 1 is the model itself.
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=64))]
        copies: u32,
        /// The model file to write (whole or not at all).
        #[arg(long)]
        out: PathBuf,
        /// Replace a different existing file.
        #[arg(long)]
        force: bool,
    },
    /// Re-check a plan directory's CSV files against every rule, independently.
    Check {
        /// The model file (TOML).
        model: PathBuf,
        /// The plan directory (events.csv, assignments.csv, teams.csv).
        dir: PathBuf,
        /// Check against the model with this scenario applied too (for folders written
        /// before history.json; the folder's own chain is always applied).
        #[arg(long)]
        scenario: Option<PathBuf>,
        /// Language of people-facing output (summary, workbook, calendars, notices).
        #[arg(long, value_enum, default_value_t = Lang::Ja)]
        lang: Lang,
    },
    /// Write next fiscal year's model from this one (comments and layout kept).
    NewYear {
        /// This year's model file (TOML); never overwritten.
        model: PathBuf,
        /// The new model file.
        #[arg(long)]
        out: PathBuf,
        /// This year's plan folder: who worked, and the seminars each lecturer gave.
        #[arg(long)]
        plan: Option<PathBuf>,
        /// Replace an existing --out file.
        #[arg(long)]
        force: bool,
    },
    /// Write changes.csv and notices.csv for the hand edits between two plan folders.
    Diff {
        /// The plan folder as roster wrote it.
        base: PathBuf,
        /// The folder edited by hand (may be BASE itself: then roster.json is the
        /// plan as written).
        edited: PathBuf,
        /// Where to write changes.csv and notices.csv (default: EDITED).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// List the chain of re-plans and hand edits that made a plan folder.
    History {
        /// The plan directory.
        dir: PathBuf,
    },
}

/// Solver flags shared by solve, replan and whatif.
#[derive(Debug, clap::Args)]
pub struct SolverFlags {
    /// Wall-clock limit in seconds for the whole command (load, solve, check, render,
    /// write; every what-if scenario inside it), more than 0 and at most 86400 (a day);
    /// the best plan found in time is written.
    #[arg(long, default_value_t = 60.0, value_parser = time_limit)]
    time_limit: f64,
    /// Relative MIP gap at which each MILP stops (0.001 = 0.1 %), from 0 to 1.
    #[arg(long, default_value_t = 0.001, value_parser = gap)]
    gap: f64,
    /// Threads for HiGHS.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=64))]
    threads: u32,
    /// Show HiGHS's log on stderr.
    #[arg(long)]
    verbose: bool,
}

/// The largest `--time-limit`, in seconds (a day): beyond it a limit is a typo, and
/// every duration computed from it stays far inside what a clock can hold.
pub const MAX_TIME_LIMIT: f64 = 86_400.0;

/// `--time-limit`: seconds, more than 0 and at most [`MAX_TIME_LIMIT`].
fn time_limit(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(x) if x.is_finite() && x > 0.0 && x <= MAX_TIME_LIMIT => Ok(x),
        Ok(x) if x.is_finite() && x > MAX_TIME_LIMIT => Err(format!(
            "`{s}` seconds is more than a day; give at most {MAX_TIME_LIMIT:.0}"
        )),
        _ => Err(format!(
            "`{s}` is not a number of seconds more than 0 and at most {MAX_TIME_LIMIT:.0}"
        )),
    }
}

/// `--gap`: a relative gap from 0 to 1.
fn gap(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(x) if x.is_finite() && (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err(format!(
            "`{s}` is not a relative gap from 0 to 1 (0.001 = 0.1 %)"
        )),
    }
}

impl SolverFlags {
    /// The library's options, with the deadline of the whole command: `--time-limit`
    /// seconds after `started` (when the command started, before the model was read).
    pub fn options(&self, started: std::time::Instant) -> SolveOptions {
        SolveOptions {
            time_limit: self.time_limit,
            gap: self.gap,
            threads: self.threads,
            verbose: self.verbose,
            deadline: Some(roster::milp::Deadline::at(started, self.time_limit)),
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
                    let line = roster::report::terminal::visible(&line);
                    eprint!("\r{line:width$}");
                    width = width.max(line.chars().count());
                    let _ = std::io::stderr().flush();
                } else if now != shown && !now.is_empty() {
                    note(&format!("[{:.0}s] {now}", start.elapsed().as_secs_f64()));
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
    // `--time-limit` covers the whole command, from here: load, solve, check, render
    // and write.
    let started = std::time::Instant::now();
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
            let (m, text) = match load_programme(&model)? {
                (Programme::CareerCentre(m), text) => (m, text),
                (Programme::TrainingProvider(t), text) => {
                    report::folder::preflight_early(&out, force, &roster::digest(&text))
                        .map_err(|e| e.to_string())?;
                    return solve_training(
                        &t,
                        &text,
                        &out,
                        &solver.options(started),
                        force,
                        lang,
                        started,
                    );
                }
            };
            // --out is checked before the solve, as far as it can be without the plan.
            report::folder::preflight_early(&out, force, &roster::digest(&text))
                .map_err(|e| e.to_string())?;
            if let Some(dir) = &write_model {
                refuse_model_files(dir, force)?;
            }
            let opts = solver.options(started);
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
                replace_model_files: force,
                ..Default::default()
            };
            let mut plan = with_solver_progress("solving", opts.verbose, &latest, || {
                roster::solve_with(&m, &text, &opts, &hooks)
            })
            .map_err(|e| e.to_string())?;
            let files = report::plan::render_files(&m, &plan, lang).map_err(|e| e.to_string())?;
            let files = with_history(files, History::new(&roster::digest(&text)));
            report::plan::write_dir(&out, &files, force).map_err(|e| e.to_string())?;
            // The time said is the whole command's, as `--time-limit` counts it.
            plan.seconds = started.elapsed().as_secs_f64();
            let mut said = report::plan::summary(&m, &plan, lang);
            said.push_str(&format!("{} {}\n", lang.labels().t.written, out.display()));
            emit(&said).map_err(|e| written_anyway(e, &out))?;
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
            let (m, text) = match load_programme(&model)? {
                (Programme::CareerCentre(m), text) => (m, text),
                (Programme::TrainingProvider(t), text) => {
                    return replan_training(
                        &t,
                        &text,
                        &model,
                        &baseline,
                        &scenario,
                        &out,
                        &solver.options(started),
                        force,
                        lang,
                    )
                }
            };
            let base =
                roster::plan::files::read_baseline_dir(&baseline).map_err(|e| e.to_string())?;
            same_model(&base, &text, &baseline, &model)?;
            // Hand edits of the baseline are decisions: kept (pinned) unless a rule
            // forces a change.
            let edits = roster::replan::hand_edit::hand_edits(&baseline, &base);
            if let Some(e) = &edits {
                note(&format!(
                    "note: {} edited by hand since written: {} change(s), {} assignment(s) pinned",
                    e.files.join(", "),
                    e.changes.len(),
                    e.pinned.len()
                ));
            }
            // The baseline's own chain first, then the new scenario (history.json).
            let (hist, mut sources, _) =
                folder::folder_chain(&m, &baseline).map_err(|e| e.to_string())?;
            let source = chain::source_of_file(&scenario).map_err(|e| e.to_string())?;
            sources.push(source.clone());
            let scenarios = chain::resolve(&m, &sources).map_err(|e| e.to_string())?;
            report::folder::preflight_early(&out, force, &roster::digest(&text))
                .map_err(|e| e.to_string())?;
            // The baseline's calendars (for each event's SEQUENCE) are read before the
            // solve, whose deadline then leaves time only for what follows it.
            let prior = report::ics::Prior::of_baseline(
                &baseline,
                &m,
                &base,
                lang,
                report::plan::stamp_of(m.period.from),
            );
            let opts = solver.options(started);
            let pinned = edits.as_ref().map(|e| e.pinned.clone()).unwrap_or_default();
            let mut r = with_progress("re-planning", opts.verbose, || {
                roster::replan::replan_pinned(&m, &text, &base, &scenarios, &pinned, &opts)
            })
            .map_err(|e| e.to_string())?;
            let as_of = scenarios.last().map(|s| s.as_of).unwrap_or_default();
            let link = folder::scenario_link(&source, &r, as_of);
            let mut history = folder::next_history(hist.as_ref(), &text, link);
            if let Some(e) = edits.as_ref().filter(|e| !e.changes.is_empty()) {
                // The hand edit goes into the chain before the scenario laid over it.
                let written = roster::replan::hand_edit::written_plan(&baseline);
                let notices = written.map_or_else(Vec::new, |w| {
                    roster::replan::notices(&r.model, &w, &base, &e.changes)
                });
                let at = history.chain.len().saturating_sub(1);
                history
                    .chain
                    .insert(at, folder::hand_edit_link(e, &notices));
            }
            let files = report::replan::render_replan_files(&r, &prior, lang, as_of)
                .map_err(|e| e.to_string())?;
            let files = with_history(files, history);
            report::plan::write_dir(&out, &files, force).map_err(|e| e.to_string())?;
            r.plan.seconds = started.elapsed().as_secs_f64();
            let mut said = report::replan::summary(&r, lang);
            if scenarios.len() > 1 {
                let earlier: Vec<&str> = scenarios[..scenarios.len() - 1]
                    .iter()
                    .map(|s| s.name.as_str())
                    .collect();
                said.push_str(&format!(
                    "earlier re-plans kept in force: {}\n",
                    earlier.join("; ")
                ));
            }
            said.push_str(&format!("{} {}\n", lang.labels().t.written, out.display()));
            emit(&said).map_err(|e| written_anyway(e, &out))?;
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
            let (m, text) = match load_programme(&model)? {
                (Programme::CareerCentre(m), text) => (m, text),
                (Programme::TrainingProvider(t), text) => {
                    return whatif_training(
                        &t,
                        &text,
                        &model,
                        &baseline,
                        &scenarios,
                        out.as_deref(),
                        &solver.options(started),
                        force,
                        lang,
                    )
                }
            };
            let base =
                roster::plan::files::read_baseline_dir(&baseline).map_err(|e| e.to_string())?;
            same_model(&base, &text, &baseline, &model)?;
            // Every scenario is validated (over the baseline's chain) before anything
            // is solved or written.
            let (hist, sources, base_chain) =
                folder::folder_chain(&m, &baseline).map_err(|e| e.to_string())?;
            let mut loaded = Vec::new();
            let mut problems = Vec::new();
            for path in &scenarios {
                let resolved = chain::source_of_file(path).and_then(|src| {
                    let mut all = sources.clone();
                    all.push(src.clone());
                    let mut c = chain::resolve(&m, &all)?;
                    Ok((src, c.pop()))
                });
                match resolved {
                    Ok((src, Some(s))) => loaded.push((path.clone(), s, src)),
                    Ok((_, None)) => {}
                    Err(e) => problems.push(e.to_string()),
                }
            }
            if !problems.is_empty() {
                return Err(problems.join("\n"));
            }
            // One directory per scenario file (stems made unique), all checked before
            // anything is solved; none may be (or hold, or lie in) the baseline.
            let names = folder_names(loaded.iter().map(|(p, _, _)| p.as_path()))?;
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
            // The baseline's calendars, read before the solve (see `replan`).
            let prior = out.as_ref().map(|_| {
                report::ics::Prior::of_baseline(
                    &baseline,
                    &m,
                    &base,
                    lang,
                    report::plan::stamp_of(m.period.from),
                )
            });
            let opts = solver.options(started);
            let only: Vec<roster::scenario::Scenario> =
                loaded.iter().map(|(_, s, _)| s.clone()).collect();
            let results = with_progress("what-if", opts.verbose, || {
                roster::replan::whatif_chain(&m, &text, &base, &base_chain, &only, &opts)
            });
            let mut replans = Vec::new();
            for (r, s) in results.into_iter().zip(&only) {
                replans.push(r.map_err(|e| in_scenario(&e, &s.name))?);
            }
            let base_model = chain::apply_all(&m, &base_chain);
            let mut rows = vec![report::replan::baseline_row(
                &base_model,
                &roster::check_loaded(&base_model, base.clone()),
            )];
            rows.extend(replans.iter().map(report::replan::comparison_row));
            if let (Some(dir), Some(prior)) = (&out, &prior) {
                // Every directory is checked before any is written.
                let mut outputs: Vec<(PathBuf, Vec<report::folder::PlanFile>)> = Vec::new();
                for (n, (r, (_, s, src))) in names.iter().zip(replans.iter().zip(&loaded)) {
                    let link = folder::scenario_link(src, r, s.as_of);
                    let files = report::replan::render_replan_files(r, prior, lang, s.as_of)
                        .map_err(|e| e.to_string())?;
                    let files =
                        with_history(files, folder::next_history(hist.as_ref(), &text, link));
                    outputs.push((dir.join(n), files));
                }
                write_whatif(dir, &report::plan::csv_of(&rows), &outputs, force)?;
            }
            emit(&report::replan::comparison(&rows, &replans))?;
            Ok(if replans.iter().all(|r| r.plan.violations.is_empty()) {
                0
            } else {
                1
            })
        }
        Command::Generate {
            model,
            copies,
            out,
            force,
        } => {
            let (_, text) = load(&model)?;
            let big = roster::generate::copies(&text, copies)
                .map_err(|e| format!("error[E091]: {}: {e}", model.display()))?;
            // The copy must be a valid model itself; anything else is a bug here.
            let m = input::parse_model(&out, &big)
                .map_err(|e| format!("error[E091]: the generated model does not validate:\n{e}"))?;
            if !force
                && out.exists()
                && std::fs::read_to_string(&out).ok().as_deref() != Some(big.as_str())
            {
                return Err(format!(
                    "error[E090]: {}: exists and holds something else\n  help: choose another --out file, or pass --force to replace it",
                    out.display()
                ));
            }
            // Through a uniquely named temporary file: a file that appears meanwhile is
            // kept (E051), a link at --out is not written through (E049).
            let mode = safe_fs::Mode::as_found(&out);
            safe_fs::write_named_file(&out, big.as_bytes(), mode).map_err(|e| match e {
                safe_fs::FsError::Io { error, .. } => {
                    format!("error[E092]: {}: {error}", out.display())
                }
                e => e.to_string(),
            })?;
            let cal = calendar::build(&m);
            let days = cal
                .entries
                .iter()
                .filter(|e| e.is_consultation_day())
                .count();
            emit(&format!(
                "{} copies: {} municipalities, {} staff, {} consultation days; written to {}\n",
                copies,
                m.municipalities.len(),
                m.staff.len(),
                days,
                out.display()
            ))?;
            Ok(0)
        }
        Command::Check {
            model,
            dir,
            scenario,
            lang,
        } => {
            let m = match load_programme(&model)? {
                (Programme::CareerCentre(m), _) => m,
                (Programme::TrainingProvider(t), _) => {
                    // The folder's chain (history.json) first, as for the centre.
                    let (t, _) = training_chain(&t, &dir)?;
                    let t = match &scenario {
                        Some(f) => {
                            let text = input::read_text(f).map_err(|e| e.to_string())?;
                            let sc = roster::scenario::training::parse_training_scenario(
                                f, &text, &t, None,
                            )
                            .map_err(|e| e.to_string())?;
                            roster::scenario::training::apply_training(&t, &sc)
                        }
                        None => t,
                    };
                    return check_training(&t, &dir, lang);
                }
            };
            // The folder's chain (history.json) is applied without being asked.
            let m =
                folder::folder_model(&m, &dir, scenario.as_deref()).map_err(|e| e.to_string())?;
            let plan = roster::plan::files::read_plan_dir(&dir).map_err(|e| e.to_string())?;
            if let Some(e) = roster::replan::hand_edit::hand_edits(&dir, &plan) {
                note(&format!(
                    "note: {} edited by hand since written ({} change(s); `roster diff` lists them)",
                    e.files.join(", "),
                    e.changes.len()
                ));
            }
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
        Command::NewYear {
            model,
            out,
            plan,
            force,
        } => {
            let (m, text) = load(&model)?;
            let same_file = std::fs::canonicalize(&model)
                .ok()
                .is_some_and(|a| std::fs::canonicalize(&out).ok().is_some_and(|b| a == b));
            if same_file {
                return Err(format!(
                    "error[E064]: {}: --out is the model file itself; new-year never overwrites it\n  help: give another --out file, e.g. models/next-year.toml",
                    out.display()
                ));
            }
            if out.exists() && !force {
                return Err(format!(
                    "error[E065]: {}: exists\n  help: choose another --out file, or pass --force to replace it",
                    out.display()
                ));
            }
            let plan = match &plan {
                Some(dir) => {
                    let p =
                        roster::plan::files::read_baseline_dir(dir).map_err(|e| e.to_string())?;
                    same_model(&p, &text, dir, &model)?;
                    Some(p)
                }
                None => None,
            };
            let next = roster::input::next_year::next_year(&text, &m, plan.as_ref())
                .map_err(|e| format!("error[E066]: {}: {e}", model.display()))?;
            // The new model must validate before anything is written.
            input::parse_model(&out, &next.text).map_err(|e| {
                format!("{e}\nerror[E066]: the model for the next year does not validate; fix the lines above in {} and run new-year again", model.display())
            })?;
            let mode = if force {
                safe_fs::Mode::Replace
            } else {
                safe_fs::Mode::CreateNew
            };
            safe_fs::write_named_file(&out, next.text.as_bytes(), mode).map_err(|e| match e {
                safe_fs::FsError::Exists(_) => format!(
                    "error[E065]: {}: exists (it appeared while roster was running)\n  help: choose another --out file, or pass --force to replace it",
                    out.display()
                ),
                e => e.to_string(),
            })?;
            emit(&report::history::new_year_text(&next))?;
            emit(&format!("model written to {}\n", out.display()))?;
            Ok(0)
        }
        Command::Diff { base, edited, out } => diff_command(&base, &edited, out.as_deref()),
        Command::History { dir } => {
            if !dir.is_dir() {
                return Err(format!(
                    "error[E030]: {}: not a plan directory\n  help: give the directory written by `roster solve` or `roster replan`",
                    dir.display()
                ));
            }
            let h = roster::plan::history::read_history(&dir).map_err(|e| e.to_string())?;
            match h {
                Some(h) => {
                    let edited = roster::plan::history::edited_files(&dir, &h);
                    emit(&report::history::history_text(&h, &edited))?;
                }
                None => emit(&format!(
                    "{}: no history.json (written before history was recorded); chain unknown\n",
                    dir.display()
                ))?,
            }
            Ok(0)
        }
    }
}

/// Writes to stdout. A closed pipe (`roster ... | head`) is not an error: the reader
/// has what it wanted. Any other failure (a full disk, `> /dev/full`) is E048, since
/// the output is lost.
pub fn emit(text: &str) -> Result<(), String> {
    use std::io::Write;
    let text = roster::report::terminal::visible(text);
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(format!(
            "error[E048]: the output could not be written to standard output ({e}); it is lost\n  help: check that the file or device it goes to is writable and has room"
        )),
    }
}

/// E048 after a plan folder was written: the folder is whole and stays; only the
/// summary is lost, and the message says so.
fn written_anyway(e: String, out: &std::path::Path) -> String {
    format!(
        "{e}\n  note: the plan itself was written whole to {}; only this summary is lost",
        out.display()
    )
}

/// A solver error of one what-if scenario: its message with the scenario's name after
/// the code (`error[E070]: NAME: ...`).
fn in_scenario(e: &roster::milp::SolveError, name: &str) -> String {
    let text = e.to_string();
    match text.split_once("]: ") {
        Some((code, rest)) => format!("{code}]: {name}: {rest}"),
        None => format!("{name}: {text}"),
    }
}

/// A line on stderr; a closed stderr is ignored (there is nowhere left to say it).
pub fn note(text: &str) {
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr().lock(),
        "{}",
        roster::report::terminal::visible(text)
    );
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

/// Reads and validates a model file of either kind (the one dispatch on `kind`).
fn load_programme(path: &std::path::Path) -> Result<(Programme, String), String> {
    let text = input::read_text(path).map_err(|e| e.to_string())?;
    let p = input::parse_programme(path, &text).map_err(|e| e.to_string())?;
    Ok((p, text))
}

/// `roster solve` for a training provider (TRN-*).
#[allow(clippy::too_many_arguments)]
fn solve_training(
    m: &roster::model::training::TrainingModel,
    text: &str,
    out: &std::path::Path,
    opts: &SolveOptions,
    force: bool,
    lang: Lang,
    started: std::time::Instant,
) -> Result<u8, String> {
    let mut plan = with_progress("solving", opts.verbose, || {
        roster::solve_training(m, text, opts)
    })
    .map_err(|e| e.to_string())?;
    // history.json as for the centre: a later re-plan from this folder starts its chain.
    let mut files = report::training::render_files(&plan);
    files.extend(
        report::training_people::files(
            m,
            &plan,
            lang,
            report::plan::stamp_of(m.period.from),
            None,
            &report::ics::Prior::default(),
        )
        .map_err(|e| e.to_string())?,
    );
    let files = with_history(files, History::new(&roster::digest(text)));
    report::plan::write_dir(out, &files, force).map_err(|e| e.to_string())?;
    plan.seconds = started.elapsed().as_secs_f64();
    emit(&report::training::summary(&plan, lang))?;
    emit(&format!("{} {}\n", lang.labels().t.written, out.display()))?;
    Ok(if plan.violations.is_empty() { 0 } else { 1 })
}

/// `roster check` for a training provider's plan directory.
fn check_training(
    m: &roster::model::training::TrainingModel,
    dir: &std::path::Path,
    lang: Lang,
) -> Result<u8, String> {
    let plan = roster::plan::training::read_training_dir(dir).map_err(|e| e.to_string())?;
    let found = roster::check::training::check(m, &plan);
    if found.is_empty() {
        emit(&report::training::check_ok(&plan, lang))?;
        Ok(0)
    } else {
        emit(&found.iter().map(|v| format!("{v}\n")).collect::<String>())?;
        note(&format!("{} violation(s)", found.len()));
        Ok(1)
    }
}

/// `--write-model DIR` before anything is solved: an MPS or MIP-start file already in
/// DIR is kept unless `--force` (E051), and a link of that kind is never written
/// through (E049). The export itself refuses a file that appears meanwhile.
fn refuse_model_files(dir: &std::path::Path, force: bool) -> Result<(), String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    let mut found: Vec<_> = entries
        .flatten()
        .filter(|e| {
            let p = e.path();
            let ext = p.extension().and_then(|x| x.to_str());
            matches!(ext, Some("mps" | "mst")) && !e.file_name().to_string_lossy().starts_with('.')
        })
        .collect();
    found.sort_by_key(|e| e.file_name());
    for e in &found {
        if e.file_type().is_ok_and(|t| t.is_symlink()) {
            return Err(safe_fs::FsError::Link(e.path()).to_string());
        }
    }
    match found.first() {
        Some(e) if !force => Err(format!(
            "error[E051]: {}: exists; --write-model does not replace files without --force ({} MPS/MST file(s) in {})\n  help: give --write-model a new or empty directory, or pass --force to replace them",
            e.path().display(),
            found.len(),
            dir.display()
        )),
        _ => Ok(()),
    }
}

/// `roster diff BASE EDITED [--out DIR]`: the hand edits as changes.csv and notices.csv.
fn diff_command(
    base: &std::path::Path,
    edited: &std::path::Path,
    out: Option<&std::path::Path>,
) -> Result<u8, String> {
    use roster::plan::history::{digest_bytes, read_history, HISTORY};
    use roster::replan::hand_edit;
    let after = roster::plan::files::read_baseline_dir(edited).map_err(|e| e.to_string())?;
    let same = std::fs::canonicalize(base).ok() == std::fs::canonicalize(edited).ok();
    let before = if same {
        hand_edit::written_plan(base).ok_or_else(|| {
            format!(
                "error[E068]: {}: no roster.json to tell what was edited\n  help: give the folder roster wrote as BASE and the edited copy as EDITED",
                base.join("roster.json").display()
            )
        })?
    } else {
        roster::plan::files::read_baseline_dir(base).map_err(|e| e.to_string())?
    };
    let (changes, _) = hand_edit::edits_between(&before, &after);
    let mut names = folder::staff_names(edited);
    if names.is_empty() {
        names = folder::staff_names(base);
    }
    let name_of = |s: &str| names.get(s).cloned().unwrap_or_default();
    let notices = roster::replan::notices_named(&name_of, &before, &after, &changes);
    let dir = out.unwrap_or(edited);
    let files = [
        (report::replan::CHANGES, report::plan::csv_of(&changes)),
        (report::replan::NOTICES, report::plan::csv_of(&notices)),
    ];
    // Never clobber a user's file: replace only what roster wrote (its digest is in
    // history.json) or what is already identical.
    let history = read_history(dir).ok().flatten();
    for (name, text) in &files {
        let path = dir.join(name);
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let ours = history
            .as_ref()
            .and_then(|h| h.files.get(*name))
            .is_some_and(|d| *d == digest_bytes(&bytes));
        if !ours && bytes != text.as_bytes() {
            return Err(format!(
                "error[E067]: {}: exists and was not written by roster (or was edited since)\n  help: give --out DIR for the diff, or move the file away",
                path.display()
            ));
        }
    }
    // The folder is the user's (EDITED, or --out, made if new); inside it, every file
    // goes through a uniquely named temporary file, all written before any is renamed
    // (whole or not at all), and a link in their place is refused (E049).
    safe_fs::create_named_dir(dir).map_err(|e| e.to_string())?;
    let mut writes: Vec<(&std::path::Path, Vec<u8>)> = files
        .iter()
        .map(|(n, t)| (std::path::Path::new(*n), t.clone().into_bytes()))
        .collect();
    if let Some(mut h) = history {
        for (name, text) in &files {
            h.files
                .insert(name.to_string(), digest_bytes(text.as_bytes()));
        }
        let mut json = serde_json::to_string_pretty(&h).unwrap_or_default();
        json.push('\n');
        writes.push((std::path::Path::new(HISTORY), json.into_bytes()));
    }
    // A file checked above is replaced; one that was not there must still be new when
    // it is renamed into place (another run's file is kept, E051).
    let writes: Vec<(&std::path::Path, &[u8], safe_fs::Mode)> = writes
        .iter()
        .map(|(p, b)| (*p, b.as_slice(), safe_fs::Mode::as_found(&dir.join(p))))
        .collect();
    safe_fs::write_all(dir, &writes).map_err(|e| e.to_string())?;
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for c in &changes {
        *counts.entry(c.change.as_str()).or_default() += 1;
    }
    let list: Vec<String> = counts.iter().map(|(k, v)| format!("{k} {v}")).collect();
    emit(&format!(
        "hand edits: {}\n",
        if list.is_empty() {
            "none".to_string()
        } else {
            list.join(", ")
        }
    ))?;
    let mut told: std::collections::BTreeMap<&str, usize> = Default::default();
    for n in &notices {
        *told.entry(n.staff_id.as_str()).or_default() += 1;
    }
    if !told.is_empty() {
        let list: Vec<String> = told.iter().map(|(k, v)| format!("{k} ({v})")).collect();
        emit(&format!("tell: {}\n", list.join(", ")))?;
    }
    emit(&format!(
        "written: {}, {}\n",
        dir.join(report::replan::CHANGES).display(),
        dir.join(report::replan::NOTICES).display()
    ))?;
    Ok(0)
}

/// Reads a training plan folder and refuses one solved from another model (E033).
fn training_baseline(
    text: &str,
    model: &std::path::Path,
    baseline: &std::path::Path,
) -> Result<roster::plan::training::TrainingPlan, String> {
    let base = roster::plan::training::read_training_dir(baseline).map_err(|e| e.to_string())?;
    if !base.model_digest.is_empty() && base.model_digest != roster::digest(text) {
        return Err(format!(
            "error[E033]: {}: the baseline was solved from a different model than {}\n  help: pass the model file the baseline was made from (roster.json records its SHA-256)",
            baseline.join("roster.json").display(),
            model.display()
        ));
    }
    Ok(base)
}

/// A training model with the scenarios of `dir`'s `history.json` applied (none for a
/// plain solve), and the record with the chain's scenarios.
fn training_chain(
    m: &roster::model::training::TrainingModel,
    dir: &std::path::Path,
) -> Result<
    (
        roster::model::training::TrainingModel,
        Option<TrainingHistory>,
    ),
    String,
> {
    let Some(h) = roster::plan::history::read_history(dir).map_err(|e| e.to_string())? else {
        return Ok((m.clone(), None));
    };
    let sources = folder::chain_sources(dir, Some(&h));
    let (applied, chain) =
        roster::scenario::training::apply_chain(m, &sources).map_err(|e| e.to_string())?;
    Ok((applied, Some((h, chain))))
}

/// A training folder's history record and the scenarios of its chain.
type TrainingHistory = (History, Vec<roster::scenario::training::TrainingScenario>);

/// What a training re-plan's people files are rendered from: the model with the
/// scenario applied, the baseline's calendars and the language.
struct TrainingPeople<'a> {
    model: &'a roster::model::training::TrainingModel,
    prior: &'a report::ics::Prior,
    lang: Lang,
}

/// The files of a training re-plan's folder with `history.json`: the baseline's chain
/// (or a new record) and this scenario's link; the workbook (with the changes and
/// notices) and calendars (numbered against the baseline's, with cancellations) as a
/// solve's folder has them, dated `as_of`.
fn training_replan_files(
    r: &roster::replan::training::TrainingReplan,
    people: &TrainingPeople,
    hist: Option<&History>,
    model_text: &str,
    scenario: &std::path::Path,
) -> Result<Vec<report::folder::PlanFile>, String> {
    let source = roster::scenario::chain::source_of_file(scenario).map_err(|e| e.to_string())?;
    let link = roster::plan::history::Link {
        kind: "scenario".into(),
        name: r.scenario.clone(),
        as_of: r.as_of.to_string(),
        digest: roster::digest(&source.text),
        text: source.text,
        changes: report::training::change_counts(r).into_iter().collect(),
        people_told: r.figures.people_told,
    };
    let history = folder::next_history(hist, model_text, link);
    let mut files = report::training::render_replan_files(r);
    files.extend(
        report::training_people::files(
            people.model,
            &r.plan,
            people.lang,
            report::plan::stamp_of(r.as_of),
            Some((&r.changes, &r.notices)),
            people.prior,
        )
        .map_err(|e| e.to_string())?,
    );
    Ok(with_history(files, history))
}

/// A training scenario file, validated against the model (with the baseline folder's
/// chain applied) and the baseline's starts; a chain never goes back in time (E060).
fn training_scenario(
    m: &roster::model::training::TrainingModel,
    base: &roster::plan::training::TrainingPlan,
    path: &std::path::Path,
    hist: Option<&TrainingHistory>,
) -> Result<roster::scenario::training::TrainingScenario, String> {
    let text = input::read_text(path).map_err(|e| e.to_string())?;
    if let Some(prev) = hist.and_then(|h| h.1.last()) {
        let sc = roster::scenario::training::parse_training_scenario(path, &text, m, None)
            .map_err(|e| e.to_string())?;
        if sc.as_of < prev.as_of {
            return Err(format!(
                "error[E060]: {}: as_of {} is before {}, the as_of of the baseline's last re-plan `{}`\n  help: give a later as_of, or re-plan from an earlier folder",
                path.display(),
                sc.as_of,
                prev.as_of,
                prev.name
            ));
        }
    }
    let starts: std::collections::BTreeMap<String, NaiveDate> = base
        .courses
        .iter()
        .filter_map(|c| Some((c.course_id.clone(), roster::plan::parse_day(&c.start)?)))
        .collect();
    roster::scenario::training::parse_training_scenario(path, &text, m, Some(&starts))
        .map_err(|e| e.to_string())
}

/// `roster replan` for a training provider.
#[allow(clippy::too_many_arguments)]
fn replan_training(
    m: &roster::model::training::TrainingModel,
    text: &str,
    model: &std::path::Path,
    baseline: &std::path::Path,
    scenario: &std::path::Path,
    out: &std::path::Path,
    opts: &SolveOptions,
    force: bool,
    lang: Lang,
) -> Result<u8, String> {
    let base = training_baseline(text, model, baseline)?;
    let (chained, hist) = training_chain(m, baseline)?;
    let m = &chained;
    let sc = training_scenario(m, &base, scenario, hist.as_ref())?;
    report::folder::preflight_early(out, force, &roster::digest(text))
        .map_err(|e| e.to_string())?;
    let changed = roster::scenario::training::apply_training(m, &sc);
    let r = with_progress("re-planning", opts.verbose, || {
        roster::replan::training::replan_training(&changed, text, &base, &sc.name, sc.as_of, opts)
    })
    .map_err(|e| e.to_string())?;
    let prior = report::training_people::baseline_prior(baseline, m, &base, lang);
    let people = TrainingPeople {
        model: &changed,
        prior: &prior,
        lang,
    };
    let files = training_replan_files(&r, &people, hist.as_ref().map(|h| &h.0), text, scenario)?;
    report::plan::write_dir(out, &files, force).map_err(|e| e.to_string())?;
    emit(&report::training::replan_summary(&r, lang))?;
    emit(&format!("{} {}\n", lang.labels().t.written, out.display()))?;
    Ok(if r.plan.violations.is_empty() { 0 } else { 1 })
}

/// `roster whatif` for a training provider: every scenario against one baseline, in
/// parallel; one comparison table; with `--out`, each re-plan in DIR/<scenario stem>.
#[allow(clippy::too_many_arguments)]
fn whatif_training(
    m: &roster::model::training::TrainingModel,
    text: &str,
    model: &std::path::Path,
    baseline: &std::path::Path,
    scenarios: &[PathBuf],
    out: Option<&std::path::Path>,
    opts: &SolveOptions,
    force: bool,
    lang: Lang,
) -> Result<u8, String> {
    use rayon::prelude::*;
    let base = training_baseline(text, model, baseline)?;
    let (chained, hist) = training_chain(m, baseline)?;
    let m = &chained;
    let mut loaded = Vec::new();
    let mut problems = Vec::new();
    for p in scenarios {
        match training_scenario(m, &base, p, hist.as_ref()) {
            Ok(s) => loaded.push((p.clone(), s)),
            Err(e) => problems.push(e),
        }
    }
    if !problems.is_empty() {
        return Err(problems.join("\n"));
    }
    let names = folder_names(loaded.iter().map(|(p, _)| p.as_path()))?;
    // Every scenario inside the one deadline of the command.
    let shares = roster::replan::Shares::new(opts, loaded.len(), base.assignments.len());
    let results: Vec<_> = with_progress("what-if", opts.verbose, || {
        loaded
            .par_iter()
            .map(|(_, s)| {
                let changed = roster::scenario::training::apply_training(m, s);
                roster::replan::training::replan_training(
                    &changed,
                    text,
                    &base,
                    &s.name,
                    s.as_of,
                    &shares.next(),
                )
            })
            .collect()
    });
    let mut replans = Vec::new();
    for (r, (_, s)) in results.into_iter().zip(&loaded) {
        replans.push(r.map_err(|e| in_scenario(&e, &s.name))?);
    }
    let mut rows = vec![report::training::comparison_row(
        "baseline",
        &roster::replan::training::baseline_figures(&base),
        &base,
    )];
    rows.extend(
        replans
            .iter()
            .map(|r| report::training::comparison_row(&r.scenario, &r.figures, &r.plan)),
    );
    if let Some(dir) = out {
        let mut outputs = Vec::new();
        let prior = report::training_people::baseline_prior(baseline, m, &base, lang);
        for (((path, s), r), name) in loaded.iter().zip(&replans).zip(&names) {
            let changed = roster::scenario::training::apply_training(m, s);
            let people = TrainingPeople {
                model: &changed,
                prior: &prior,
                lang,
            };
            let files = training_replan_files(r, &people, hist.as_ref().map(|h| &h.0), text, path)?;
            outputs.push((dir.join(name), files));
        }
        write_whatif(dir, &report::plan::csv_of(&rows), &outputs, force)?;
    }
    emit(&report::training::comparison(&rows, lang))?;
    Ok(if replans.iter().all(|r| r.plan.violations.is_empty()) {
        0
    } else {
        1
    })
}

/// Writes a what-if's folders and its `comparison.csv` (both kinds), whole or not at
/// all: every folder is checked and built before any is put in place, and a different
/// comparison is kept unless `force`. A new DIR is built whole as a hidden sibling and
/// renamed into place once (refusing a DIR that appeared meanwhile, E040), so a failure
/// (a full disk) leaves nothing behind, not even an empty folder.
fn write_whatif(
    dir: &std::path::Path,
    table: &str,
    outputs: &[(PathBuf, Vec<report::folder::PlanFile>)],
    force: bool,
) -> Result<(), String> {
    let cmp = dir.join("comparison.csv");
    if !force && cmp.exists() && std::fs::read_to_string(&cmp).ok().as_deref() != Some(table) {
        return Err(format!(
            "error[E040]: {}: holds a different comparison\n  help: choose another --out directory, or pass --force to replace it",
            cmp.display()
        ));
    }
    for (d, files) in outputs {
        if std::fs::symlink_metadata(d).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(safe_fs::FsError::Link(d.clone()).to_string());
        }
        report::plan::preflight(d, files, force).map_err(|e| e.to_string())?;
    }
    if std::fs::symlink_metadata(dir).is_ok() {
        let staged = outputs
            .iter()
            .map(|(d, files)| report::folder::stage(d, files, force))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| e.to_string())?;
        let mode = safe_fs::Mode::as_found(&cmp);
        let comparison = safe_fs::prepare(
            dir,
            std::path::Path::new("comparison.csv"),
            table.as_bytes(),
            mode,
        )
        .map_err(|e| e.to_string())?;
        for s in staged {
            s.commit().map_err(|e| e.to_string())?;
        }
        return comparison.commit().map_err(|e| e.to_string());
    }
    let tmp = report::folder::hidden_sibling(dir).map_err(|e| e.to_string())?;
    // Errors name DIR as given, never the hidden folder.
    let shown = |e: String| e.replace(&tmp.display().to_string(), &dir.display().to_string());
    let built = outputs
        .iter()
        .try_for_each(|(d, files)| {
            let name = d.file_name().unwrap_or_default();
            report::plan::write_dir(&tmp.join(name), files, force).map_err(|e| e.to_string())
        })
        .and_then(|()| {
            safe_fs::write(
                &tmp,
                std::path::Path::new("comparison.csv"),
                table.as_bytes(),
                safe_fs::Mode::CreateNew,
            )
            .map_err(|e| e.to_string())
        })
        .and_then(|()| {
            safe_fs::rename_noreplace(&tmp, dir).map_err(|e| {
                if e.kind() == std::io::ErrorKind::AlreadyExists {
                    format!(
                        "error[E040]: {}: was written by another run meanwhile\n  help: choose another --out directory, or run again with --force",
                        dir.display()
                    )
                } else {
                    format!(
                        "error[E042]: {}: {e}\n  help: check that the directory is writable and the disk has room",
                        dir.display()
                    )
                }
            })
        });
    if let Err(e) = built {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(shown(e));
    }
    Ok(())
}

/// One folder name per scenario file of a what-if: the file's stem, made unique with
/// `-2`, `-3`, ... when two files share it (case-insensitively). A stem that is not a
/// plain folder name (`..toml` gives `.`, `...toml` gives `..`; any stem starting with
/// `.`, holding a control character, or `comparison.csv`) is refused (E052) before
/// anything is solved: a what-if never writes into --out itself or above it.
fn folder_names<'a>(
    paths: impl Iterator<Item = &'a std::path::Path>,
) -> Result<Vec<String>, String> {
    let mut names: Vec<String> = Vec::new();
    for path in paths {
        let stem = path
            .file_stem()
            .map_or(String::new(), |s| s.to_string_lossy().to_string());
        if stem.is_empty()
            || stem.starts_with('.')
            || stem.chars().any(char::is_control)
            || !safe_fs::is_plain(std::path::Path::new(&stem))
            || stem.eq_ignore_ascii_case("comparison.csv")
        {
            return Err(format!(
                "error[E052]: {}: a what-if writes each scenario into a folder named after its file, and {:?} is not a plain folder name\n  help: rename the scenario file so its name starts with a letter or digit, e.g. scenario.toml",
                path.display(),
                stem
            ));
        }
        let taken = |n: &str, names: &[String]| names.iter().any(|m| m.eq_ignore_ascii_case(n));
        let mut name = stem.clone();
        let mut k = 2;
        while taken(&name, &names) {
            name = format!("{stem}-{k}");
            k += 1;
        }
        names.push(name);
    }
    Ok(names)
}
