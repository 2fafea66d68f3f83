//! Flags and subcommands, resolved once into calls of the library.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use roster::calendar::{self, holidays};
use roster::commands::{self, AnyPlan, Observer};
use roster::input;
use roster::milp::SolveOptions;
use roster::report::{self, Format, Lang};
use roster::safe_fs;
use roster::Error;

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
    /// Write a K-times larger model (K copies: separate regions, or within reach of each
    /// other with a small --spacing), for benchmarks.
    Generate {
        /// The model file (TOML) to copy.
        model: PathBuf,
        /// How many copies (1-64); copy 1 is the model itself.
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=64))]
        copies: u32,
        /// Degrees between neighbouring copies (default 3: separate regions; 0.15 or
        /// 0.6: copies within each other's reach, one connected region).
        #[arg(long, default_value_t = roster::generate::DEFAULT_SPACING, value_parser = spacing)]
        spacing: f64,
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
    /// Hand edits between two plan folders: `diff MODEL BASE EDITED --out NEW` writes a
    /// complete new plan folder (edits read from EDITED's CSV files or its roster.xlsx);
    /// without --out (or without MODEL) it only shows the edits and writes nothing.
    Diff {
        /// [MODEL] BASE EDITED: the model file (needed with --out), the plan folder as
        /// roster wrote it, and the folder edited by hand (may be BASE itself: then
        /// roster.json is the plan as written).
        #[arg(num_args = 2..=3, required = true, value_names = ["MODEL", "BASE", "EDITED"])]
        paths: Vec<PathBuf>,
        /// The new plan folder (written whole or not at all; BASE and EDITED never).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Replace a directory that holds a different plan.
        #[arg(long)]
        force: bool,
        /// Language of people-facing output (summary, workbook, calendars, notices).
        #[arg(long, value_enum, default_value_t = Lang::Ja)]
        lang: Lang,
    },
    /// A decision agreed on the phone: two people exchange their assignments of a day
    /// (`swap MODEL PLAN --date D c05 c06 --out NEW`), or one person's go to another
    /// (`--replace c05 --with c14`); writes the new plan folder as `diff --out` does.
    Swap {
        /// The model file (TOML) the plan was solved from.
        model: PathBuf,
        /// The plan folder (never written).
        plan: PathBuf,
        /// The day (YYYY-MM-DD).
        #[arg(long)]
        date: NaiveDate,
        /// The two people who exchange their assignments of the day.
        #[arg(num_args = 0..=2, conflicts_with_all = ["replace", "with"])]
        people: Vec<String>,
        /// Who is taken off the day (with --with).
        #[arg(long, requires = "with")]
        replace: Option<String>,
        /// Who takes over the day (with --replace).
        #[arg(long, requires = "replace")]
        with: Option<String>,
        /// The new plan folder (written whole or not at all).
        #[arg(long)]
        out: PathBuf,
        /// Replace a directory that holds a different plan.
        #[arg(long)]
        force: bool,
        /// Language of people-facing output (summary, workbook, calendars, notices).
        #[arg(long, value_enum, default_value_t = Lang::Ja)]
        lang: Lang,
    },
    /// List the chain of re-plans and hand edits that made a plan folder.
    History {
        /// The plan directory.
        dir: PathBuf,
        /// Language of the listing.
        #[arg(long, value_enum, default_value_t = Lang::Ja)]
        lang: Lang,
    },
    /// The manager's desk: a local web application over a folder of plan versions
    /// (each decision previewed, then accepted as a new version). See docs/serve.md.
    Serve(ServeFlags),
}

/// `roster serve`'s flags (issue 19).
#[derive(Debug, clap::Args)]
pub struct ServeFlags {
    /// The model file (TOML) the versions were solved from.
    model: PathBuf,
    /// The folder of plan versions (plan folders as `roster solve`/`replan` write them).
    #[arg(long)]
    plans: PathBuf,
    /// Port to listen on (0: any free port).
    #[arg(long, default_value_t = 8023)]
    port: u16,
    /// Address to listen on; the default answers this computer only.
    #[arg(long, default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// Also answer requests addressed to this `host:port` (repeatable; with --bind
    /// 0.0.0.0, the name others use to reach this computer).
    #[arg(long, value_name = "HOST:PORT")]
    allow_host: Vec<String>,
    /// Language of the pages and of the files re-plans write.
    #[arg(long, value_enum, default_value_t = Lang::Ja)]
    lang: Lang,
    /// Wall-clock limit in seconds for each re-plan (as `roster replan --time-limit`).
    #[arg(long, default_value_t = 60.0, value_parser = time_limit)]
    time_limit: f64,
    /// Relative MIP gap of each re-plan (as `roster replan --gap`).
    #[arg(long, default_value_t = 0.001, value_parser = gap)]
    gap: f64,
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
    /// Threads for each HiGHS run. The whole-year bound is solved on a thread of its own
    /// beside the dates' guide (issue 20), so a solve uses two cores whatever N.
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

/// `generate --spacing`: degrees, more than 0 and at most
/// [`roster::generate::MAX_SPACING`].
fn spacing(s: &str) -> Result<f64, String> {
    let max = roster::generate::MAX_SPACING;
    match s.trim().parse::<f64>() {
        Ok(x) if x.is_finite() && x > 0.0 && x <= max => Ok(x),
        _ => Err(format!(
            "`{s}` is not a number of degrees more than 0 and at most {max} (3 = separate regions, 0.15 = one dense region)"
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

/// Runs `f` while a line on stderr shows `label`, the time, and the latest solver
/// progress in `latest` (HiGHS's stage, incumbent, bound and gap): on a terminal, or
/// always with --verbose (then one line per report, not redrawn).
fn with_solver_progress<T>(
    label: &str,
    verbose: bool,
    latest: &std::sync::Mutex<String>,
    f: impl FnOnce() -> T,
) -> T {
    use std::io::{IsTerminal, Write};
    use std::sync::atomic::{AtomicBool, Ordering};
    let terminal = std::io::stderr().is_terminal();
    if !verbose && !terminal {
        return f();
    }
    let done = AtomicBool::new(false);
    // Ends the spinner however `f` ends: were `f` to panic, the scope would wait
    // for the spinner, and the spinner for `done`, forever.
    struct Done<'a>(&'a AtomicBool);
    impl Drop for Done<'_> {
        fn drop(&mut self) {
            self.0.store(true, Ordering::Relaxed);
        }
    }
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
                    let mut err = std::io::stderr().lock();
                    let _ = write!(err, "\r{line:width$}").and_then(|()| err.flush());
                    width = width.max(line.chars().count());
                } else if now != shown && !now.is_empty() {
                    note(&format!("[{:.0}s] {now}", start.elapsed().as_secs_f64()));
                }
                shown = now;
                i += 1;
                std::thread::sleep(std::time::Duration::from_millis(120));
            }
            if terminal && !verbose {
                let _ = write!(std::io::stderr().lock(), "\r{}\r", " ".repeat(width));
            }
        });
        let _done = Done(&done);
        f()
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

/// The command line as a command's [`Observer`]: notes on stderr, a spinner (on a
/// terminal) or one line per progress report (with --verbose) while it solves.
struct Terminal {
    verbose: bool,
    latest: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Terminal {
    fn new(verbose: bool) -> Self {
        Terminal {
            verbose,
            latest: Default::default(),
        }
    }
}

impl Observer for Terminal {
    fn note(&self, text: &str) {
        note(text);
    }

    fn solving(&self, label: &str, work: &mut dyn FnMut()) {
        with_solver_progress(label, self.verbose, &self.latest, work);
    }

    fn progress(&self) -> Option<roster::milp::ProgressSink> {
        let show = self.verbose || std::io::IsTerminal::is_terminal(&std::io::stderr());
        let sink = self.latest.clone();
        show.then(|| -> roster::milp::ProgressSink {
            std::sync::Arc::new(move |p: &roster::milp::Progress| {
                if let Ok(mut s) = sink.lock() {
                    *s = progress_text(p);
                }
            })
        })
    }
}

/// The exit code of a command that made plans: 0 when clean, 1 with violations.
fn exit_code(clean: bool) -> u8 {
    if clean {
        0
    } else {
        1
    }
}

/// Runs a command; `Ok` carries the exit code, `Err` the error for exit 2.
pub fn run(cli: Cli) -> Result<u8, Error> {
    // `--time-limit` covers the whole command, from here: load, solve, check, render
    // and write.
    let started = std::time::Instant::now();
    match cli.command {
        Command::Holidays {
            from,
            to,
            format,
            lang,
        } => list_holidays(from, to, format, lang),
        Command::Calendar {
            model,
            format,
            lang,
        } => {
            let m = input::load_model(&model)?;
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
            let settings = commands::SolveSettings {
                model,
                out,
                opts: solver.options(started),
                started,
                force,
                write_model,
                lang,
            };
            let solved = commands::solve(&settings, &Terminal::new(solver.verbose))?;
            say_written(&solved.said, &solved.plan, &solved.out)
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
            let settings = commands::ReplanSettings {
                model,
                baseline,
                scenario,
                out,
                opts: solver.options(started),
                started,
                force,
                lang,
            };
            let r = commands::replan(&settings, &Terminal::new(solver.verbose))?;
            say_written(&r.said, &r.plan, &r.out)
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
            let settings = commands::WhatifSettings {
                model,
                baseline,
                scenarios,
                out,
                opts: solver.options(started),
                force,
                lang,
            };
            let w = commands::whatif(&settings, &Terminal::new(solver.verbose))?;
            emit(&w.comparison)?;
            Ok(exit_code(w.clean))
        }
        Command::Generate {
            model,
            copies,
            spacing,
            out,
            force,
        } => generate(&model, copies, spacing, &out, force),
        Command::Check {
            model,
            dir,
            scenario,
            lang,
        } => {
            let settings = commands::CheckSettings {
                model,
                dir,
                scenario,
                lang,
            };
            let checked = commands::check(&settings, &Terminal::new(false))?;
            if checked.findings.is_empty() {
                emit(&checked.ok)?;
                // PR-1's lead-time exceptions (soft): said after, never a failure.
                emit(&checked.warnings_said)?;
                Ok(0)
            } else {
                let found = &checked.findings;
                emit(&found.iter().map(|v| format!("{v}\n")).collect::<String>())?;
                emit(&checked.warnings_said)?;
                note(&match lang {
                    Lang::En => format!("{} violation(s)", found.len()),
                    Lang::Ja => format!("違反 {} 件", found.len()),
                });
                Ok(1)
            }
        }
        Command::NewYear {
            model,
            out,
            plan,
            force,
        } => {
            let settings = commands::NewYearSettings {
                model,
                out,
                plan,
                force,
            };
            emit(&commands::new_year(&settings, &Terminal::new(false))?.said)?;
            Ok(0)
        }
        Command::Diff {
            mut paths,
            out,
            force,
            lang,
        } => {
            let edited = paths.pop().unwrap_or_default();
            let base = paths.pop().unwrap_or_default();
            let settings = commands::DiffSettings {
                model: paths.pop(),
                base,
                edited,
                out,
                force,
                lang,
            };
            let d = commands::diff(&settings)?;
            match (&d.plan, &d.dir) {
                (Some(plan), Some(dir)) => say_written(&d.said, plan, dir),
                _ => {
                    emit(&d.said)?;
                    Ok(0)
                }
            }
        }
        Command::Swap {
            model,
            plan,
            date,
            people,
            replace,
            with,
            out,
            force,
            lang,
        } => {
            let kind = match (replace, with, people.as_slice()) {
                (Some(from), Some(with), []) => commands::SwapKind::Replace { from, with },
                (None, None, [a, b]) => commands::SwapKind::Exchange(a.clone(), b.clone()),
                _ => {
                    return Err(Error::Usage(
                        "name two people to exchange their day (`--date D c05 c06`), or `--replace c05 --with c14`".to_string(),
                    ))
                }
            };
            let settings = commands::SwapSettings {
                model,
                plan,
                date,
                kind,
                out,
                force,
                lang,
            };
            let w = commands::swap(&settings)?;
            say_written(&w.said, &w.plan, &w.out)
        }
        Command::History { dir, lang } => {
            emit(&commands::history(&dir, lang)?.said)?;
            Ok(0)
        }
        Command::Serve(f) => {
            let settings = roster::serve::ServeSettings {
                model: f.model,
                plans: f.plans,
                bind: f.bind,
                port: f.port,
                lang: f.lang,
                time_limit: f.time_limit,
                gap: f.gap,
                allow_hosts: f.allow_host,
            };
            roster::serve::serve(settings, |url| {
                note(&format!("roster serve: open {url} (Ctrl-C stops)"));
            })?;
            Ok(0)
        }
    }
}

/// `roster holidays`: the national holidays (CAL-2) between two days, 2000-2035 only.
fn list_holidays(from: NaiveDate, to: NaiveDate, format: Format, lang: Lang) -> Result<u8, Error> {
    let (lo, hi) = (
        NaiveDate::from_ymd_opt(holidays::FIRST_YEAR, 1, 1),
        NaiveDate::from_ymd_opt(holidays::LAST_YEAR, 12, 31),
    );
    if from > to {
        return Err(Error::Usage(format!(
            "--from {from} is after --to {to}\n  help: swap the two dates"
        )));
    }
    if lo.is_some_and(|lo| from < lo) || hi.is_some_and(|hi| to > hi) {
        return Err(Error::Usage(format!(
            "holidays are computed for {}-{} only (got {from} .. {to})\n  help: choose dates within those years",
            holidays::FIRST_YEAR,
            holidays::LAST_YEAR
        )));
    }
    emit(&report::calendar::holidays(
        &holidays::holidays_between(from, to),
        format,
        lang,
    ))?;
    Ok(0)
}

/// `roster generate`: a K-times larger model for benchmarks, validated before written.
fn generate(
    model: &std::path::Path,
    copies: u32,
    spacing: f64,
    out: &std::path::Path,
    force: bool,
) -> Result<u8, Error> {
    let text = input::read_text(model)?;
    input::parse_model(model, &text)?;
    let big = roster::generate::copies_spaced(&text, copies, spacing).map_err(|e| {
        Error::GenerateCopy {
            model: model.to_path_buf(),
            message: e.to_string(),
        }
    })?;
    // The copy must be a valid model itself; anything else is a bug here.
    let m = input::parse_model(out, &big).map_err(Error::GenerateInvalid)?;
    if !force && out.exists() && std::fs::read_to_string(out).ok().as_deref() != Some(big.as_str())
    {
        return Err(Error::GenerateExists(out.to_path_buf()));
    }
    // Through a uniquely named temporary file: a file that appears meanwhile is kept
    // (E051), a link at --out is not written through (E049).
    let mode = safe_fs::Mode::as_found(out);
    safe_fs::write_named_file(out, big.as_bytes(), mode).map_err(|e| match e {
        safe_fs::FsError::Io { error, .. } => Error::GenerateWrite {
            out: out.to_path_buf(),
            error,
        },
        e => e.into(),
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

/// Writes to stdout. A closed pipe (`roster ... | head`) is not an error: the reader
/// has what it wanted. Any other failure (a full disk, `> /dev/full`) is E048, since
/// the output is lost.
pub fn emit(text: &str) -> Result<(), Error> {
    use std::io::Write;
    let text = roster::report::terminal::visible(text);
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::Stdout(e.to_string())),
    }
}

/// Says what a command that wrote a plan folder has to say; its exit code is 0 for a
/// clean plan, 1 with violations. When stdout fails (E048) after a career centre's
/// folder was written, the error says the folder is whole and stays and only the
/// summary is lost (a training provider's summary has never said so).
fn say_written(said: &str, plan: &AnyPlan, out: &std::path::Path) -> Result<u8, Error> {
    emit(said).map_err(|e| match plan {
        AnyPlan::CareerCentre(_) => Error::SummaryLost {
            error: Box::new(e),
            out: out.to_path_buf(),
        },
        AnyPlan::TrainingProvider(_) => e,
    })?;
    Ok(exit_code(plan.violations().is_empty()))
}

/// A line on stderr; a closed stderr is ignored (there is nowhere left to say it).
pub use roster::report::terminal::note;
