//! A thin wrapper over good_lp + HiGHS: variables in creation order, options, status.

use good_lp::{
    constraint::Constraint, solvers::highs::highs, variable, Expression, ProblemVariables,
    SolverModel, Variable,
};
use highs::HighsModelStatus;

use std::sync::Arc;

use super::progress::{ProgressSink, Stop};
use crate::plan::SolveStatus;
use crate::safe_fs;

/// Below this many seconds HiGHS is not started: the MIP start is the answer.
const MIN_SOLVE_SECONDS: f64 = 0.05;

/// How long past its limit HiGHS may take to answer before its result is given up.
const GRACE: f64 = 0.5;

/// The longest time any deadline lies ahead, in seconds (a year): longer limits are
/// clamped to it, so no duration computed from one can overflow a clock.
const MAX_SECONDS: f64 = 365.0 * 86_400.0;

/// One wall-clock deadline for a whole run, shared by every stage and part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline(std::time::Instant);

impl Deadline {
    /// The deadline `seconds` from now.
    pub fn after(seconds: f64) -> Self {
        Deadline::at(std::time::Instant::now(), seconds)
    }

    /// The deadline `seconds` after `start` (negative, NaN or huge values clamped: no
    /// panic whatever the number).
    pub fn at(start: std::time::Instant, seconds: f64) -> Self {
        let secs = if seconds.is_nan() {
            0.0
        } else {
            seconds.clamp(0.0, MAX_SECONDS)
        };
        let later = std::time::Duration::try_from_secs_f64(secs)
            .ok()
            .and_then(|d| start.checked_add(d));
        Deadline(later.unwrap_or(start))
    }

    /// Seconds left (0 when passed).
    pub fn remaining(&self) -> f64 {
        self.0
            .saturating_duration_since(std::time::Instant::now())
            .as_secs_f64()
    }

    /// This deadline moved `seconds` earlier (never before now).
    pub fn earlier_by(&self, seconds: f64) -> Self {
        Deadline::after(self.remaining() - seconds.max(0.0))
    }
}

/// Solver settings from the command line.
#[derive(Debug, Clone, PartialEq)]
pub struct SolveOptions {
    /// Wall-clock limit in seconds for the whole solve (from its start, when no
    /// `deadline` is given).
    pub time_limit: f64,
    /// Relative MIP gap at which to stop.
    pub gap: f64,
    /// Threads for HiGHS.
    pub threads: u32,
    /// Show HiGHS's log on stderr.
    pub verbose: bool,
    /// The deadline of the whole command (`--time-limit` from its start): the solve
    /// ends early enough for the check, rendering and writing to end by it too. `None`:
    /// `time_limit` seconds from the start of the solve.
    pub deadline: Option<Deadline>,
}

impl SolveOptions {
    /// The deadline a solve started now works to.
    pub fn deadline(&self) -> Deadline {
        self.deadline
            .unwrap_or_else(|| Deadline::after(self.time_limit))
    }
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            time_limit: 60.0,
            gap: 0.001,
            threads: 1,
            verbose: false,
            deadline: None,
        }
    }
}

/// Why a solve produced no plan at all (slack makes this rare: a solver failure).
#[derive(Debug, thiserror::Error)]
pub enum SolveError {
    /// The time limit ran out before any plan (not even a starting one) was found:
    /// E070, the user can act on it.
    #[error("error[E070]: the time limit ran out before any plan was found ({0})\n  help: raise --time-limit; a `whatif` shares one limit among all its scenarios, so give it more time or fewer scenarios")]
    OutOfTime(String),
    /// HiGHS failed otherwise: E081, a defect in roster or HiGHS, not in the input.
    #[error("error[E081]: the solver failed: {0}\n  help: this is a defect in roster or HiGHS, not in your files; please report it with the model file")]
    Solver(String),
    /// A file of `--write-model` could not be written (the message carries its code).
    #[error("{0}")]
    Write(String),
}

/// A MILP under construction.
pub struct Lp {
    vars: ProblemVariables,
    count: usize,
    hints: Vec<f64>,
    hinted: bool,
    objective: Expression,
    constraints: Vec<Constraint>,
    /// Objective coefficient of each variable, by creation index.
    costs: Vec<f64>,
    /// Which variables are rule slack (their cost is a penalty, not a real cost).
    penalty: Vec<bool>,
    progress: Option<(String, ProgressSink)>,
    /// Where to export this MILP, and whether an existing file there may be replaced.
    write_model: Option<(std::path::PathBuf, safe_fs::Mode)>,
    /// What is read from HiGHS's answer: a plan, or only its bound
    /// ([`Lp::root_bound_only`], [`Lp::bound_only`]).
    wanted: Wanted,
    /// [`Lp::first_improvement`].
    first_improvement: bool,
}

/// What a run reads from HiGHS's answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Wanted {
    /// Its plan (with its status, gap and bound).
    Plan,
    /// Its bound at the root node only ([`Lp::root_bound_only`]).
    RootBound,
    /// Its bound after branch and bound ([`Lp::bound_only`]).
    Bound,
}

/// A solved MILP: values by creation index.
pub struct LpSolution {
    /// Values in variable-creation order.
    pub values: Vec<f64>,
    /// Status.
    pub status: SolveStatus,
    /// HiGHS's own relative gap (penalties included), `None` when it has no finite
    /// one (no bound, or the MIP start stood in); the centre's reported gap is computed
    /// from `real` and `bound` instead.
    pub gap: Option<f64>,
    /// HiGHS's proven lower bound on the objective (slack penalties included), when
    /// it has one.
    pub bound: Option<f64>,
    /// Whether these are the MIP start's values, returned because HiGHS gave none in
    /// time.
    pub from_start: bool,
    /// Objective of these values without the slack penalties: the real cost.
    pub real: f64,
    /// Slack penalties of these values.
    pub penalties: f64,
}

impl LpSolution {
    /// The MIP start standing in for a solve that ran out of time.
    fn from_start(values: Vec<f64>) -> Self {
        LpSolution {
            values,
            status: SolveStatus::TimeLimit,
            gap: None,
            bound: None,
            from_start: true,
            real: 0.0,
            penalties: 0.0,
        }
    }

    /// Fills `real` and `penalties` from the values and each variable's cost.
    fn priced(mut self, costs: &[f64], penalty: &[bool]) -> Self {
        let (mut real, mut pen) = (0.0, 0.0);
        for (i, (&c, &p)) in costs.iter().zip(penalty).enumerate() {
            let v = self.values.get(i).copied().unwrap_or(0.0);
            if p {
                pen += c * v;
            } else {
                real += c * v;
            }
        }
        self.real = real;
        self.penalties = pen;
        self
    }

    /// The value of a variable created by `Lp` (by its index).
    pub fn get(&self, v: Var) -> f64 {
        self.values.get(v.0).copied().unwrap_or(0.0)
    }

    /// Whether a binary variable is set.
    pub fn on(&self, v: Var) -> bool {
        self.get(v) > 0.5
    }
}

/// A variable: its creation index and the good_lp handle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Var(pub usize, pub Variable);

impl Lp {
    /// An empty problem.
    pub fn new() -> Self {
        Lp {
            vars: ProblemVariables::new(),
            count: 0,
            hints: Vec::new(),
            hinted: false,
            objective: Expression::from(0.0),
            constraints: Vec::new(),
            costs: Vec::new(),
            penalty: Vec::new(),
            progress: None,
            write_model: None,
            wanted: Wanted::Plan,
            first_improvement: false,
        }
    }

    /// Stops HiGHS at the first plan it finds better than the start (at the first plan,
    /// without a start), or on its gap if that comes first: for a MILP whose plan only
    /// steers another (issue 20: the dates' guide), where a good plan soon is worth
    /// more than the best one late. A solution count, not a clock, so the same model
    /// stops at the same plan on every machine (unless the clock stops HiGHS first).
    /// The answer's status is the gap limit's (it ended as asked), with the gap HiGHS
    /// reached.
    pub fn first_improvement(&mut self) {
        self.first_improvement = true;
    }

    /// Asks HiGHS for its bound at the root node only: presolve, the LP relaxation and
    /// its cutting planes, with no primal heuristics and no branching (`mip_max_nodes`
    /// 1). The solution then carries the bound and no values (unless the root finds a
    /// plan by itself). For a MILP whose bound is all that is used (issue 20: the
    /// whole-year bound), where HiGHS's heuristics and branch and bound spend most of
    /// the time on incumbents nobody reads: on the shipped year the root bound of its
    /// largest part is the bound branch and bound ends with (18,809.2 against
    /// 18,809.3), found in about 60 % of the time (its exported MILP, run both ways
    /// back to back).
    pub fn root_bound_only(&mut self) {
        self.wanted = Wanted::RootBound;
    }

    /// Asks HiGHS for its bound after branch and bound (heuristics on, for the
    /// incumbents that prune and end it): the answer is read as a root-only run's
    /// ([`Lp::root_bound_only`]), the bound HiGHS proved kept however the run ends
    /// (the clock, a cancelled run, no plan found). For the whole-year bound of a
    /// part whose root leaves a gap that branching closes (issue 20: four copies 0.6°
    /// apart, the reception part's root 104,083.2; branch and bound proves 105,780.0
    /// after 130 s of one core, its optimum being 105,784.5).
    pub fn bound_only(&mut self) {
        self.wanted = Wanted::Bound;
    }

    /// Rule slack: a continuous variable in `[lo, hi]` whose cost `penalty` is not a
    /// real cost (it is left out of the reported objective and gap).
    pub fn slack(&mut self, lo: f64, hi: f64, penalty: f64) -> Var {
        let v = self.continuous(lo, hi, penalty);
        if let Some(p) = self.penalty.get_mut(v.0) {
            *p = true;
        }
        v
    }

    /// Sends HiGHS's progress on this MILP, labelled `stage`, to `sink`.
    pub fn report_progress(&mut self, stage: String, sink: ProgressSink) {
        self.progress = Some((stage, sink));
    }

    /// Writes this MILP as MPS to `path` when it is solved, and its MIP start (if
    /// any) beside it as `<path without .mps>.mst` ("column value" lines). Both go
    /// through [`safe_fs`]: an existing file is replaced only when `replace`.
    pub fn write_model_to(&mut self, path: std::path::PathBuf, replace: bool) {
        let mode = if replace {
            safe_fs::Mode::Replace
        } else {
            safe_fs::Mode::CreateNew
        };
        self.write_model = Some((path, mode));
    }

    /// A binary variable with objective coefficient `cost`.
    pub fn binary(&mut self, cost: f64) -> Var {
        let v = self.vars.add(variable().binary());
        self.finish(v, cost)
    }

    /// A continuous variable in `[lo, hi]` with objective coefficient `cost`.
    pub fn continuous(&mut self, lo: f64, hi: f64, cost: f64) -> Var {
        let v = self.vars.add(variable().min(lo).max(hi));
        self.finish(v, cost)
    }

    fn finish(&mut self, v: Variable, cost: f64) -> Var {
        let i = self.count;
        self.count += 1;
        self.hints.push(0.0);
        self.costs.push(cost);
        self.penalty.push(false);
        if cost != 0.0 {
            self.objective += cost * v;
        }
        Var(i, v)
    }

    /// Adds `cost * v` to the objective.
    pub fn add_cost(&mut self, v: Var, cost: f64) {
        if cost != 0.0 {
            self.objective += cost * v.1;
            if let Some(c) = self.costs.get_mut(v.0) {
                *c += cost;
            }
        }
    }

    /// Suggests a value for `v` in a starting solution (a MIP start for HiGHS).
    pub fn hint(&mut self, v: Var, value: f64) {
        if let Some(h) = self.hints.get_mut(v.0) {
            *h = value;
            self.hinted = true;
        }
    }

    /// The start's value of `v` as hinted so far (0 where nothing was hinted).
    pub fn hint_of(&self, v: Var) -> f64 {
        self.hints.get(v.0).copied().unwrap_or(0.0)
    }

    /// The hints as they stand (to build a second start and put these back with
    /// [`Lp::set_hints`]).
    pub fn hints(&self) -> (Vec<f64>, bool) {
        (self.hints.clone(), self.hinted)
    }

    /// Puts back hints taken with [`Lp::hints`].
    pub fn set_hints(&mut self, (hints, hinted): (Vec<f64>, bool)) {
        if hints.len() == self.hints.len() {
            self.hints = hints;
            self.hinted = hinted;
        }
    }

    /// Adds a constraint.
    pub fn add(&mut self, c: Constraint) {
        self.constraints.push(c);
    }

    /// Solves with HiGHS within `time_limit` seconds of wall clock.
    ///
    /// The limit holds even if HiGHS does not stop by its own `time_limit` option
    /// (which it checks only between some of its steps): HiGHS runs on its own thread,
    /// and when it has not answered `GRACE` seconds after the limit, it is told to stop
    /// (at its next interrupt point) and the MIP start (if any) is returned as a
    /// time-limited result without a bound. A cancelled watch stops it the same way. A
    /// limit too short to start HiGHS at all returns the MIP start the same way.
    ///
    /// A MILP without variables (nothing to staff or date: a model without seminar
    /// quotas or series, a re-plan on the year's last days) is solved like any other:
    /// one fixed variable is added, so HiGHS checks its rows and answers `Optimal`
    /// with objective 0 rather than `ModelEmpty`.
    pub fn solve(mut self, opts: &SolveOptions, time_limit: f64) -> Result<LpSolution, SolveError> {
        if self.count == 0 {
            self.continuous(0.0, 0.0, 0.0);
        }
        // Issue 19, part 3: a cancelled run starts no more MILPs.
        let watch = watch::current();
        if watch.as_ref().is_some_and(watch::Watch::cancelled) {
            return Err(SolveError::Solver(watch::CANCELLED.into()));
        }
        if time_limit < MIN_SOLVE_SECONDS {
            return self.start_only();
        }
        let start = if self.hinted {
            Some(self.hints.clone())
        } else {
            None
        };
        let costs = self.costs.clone();
        let penalty = self.penalty.clone();
        let (tx, rx) = std::sync::mpsc::channel();
        let verbose = opts.verbose;
        let opts = opts.clone();
        // Issue 19: HiGHS stops itself (at its next interrupt point) once the run is
        // cancelled or this caller stops waiting for it, so no HiGHS thread outlives
        // its solve by more than a moment.
        let stop = Stop {
            halt: Arc::default(),
            cancel: watch.as_ref().map(|w| w.cancel.clone()),
            best: Arc::default(),
            dual: Arc::default(),
        };
        let best = stop.best.clone();
        let dual = stop.dual.clone();
        let bound_only = self.wanted != Wanted::Plan;
        let columns = self.count;
        let _halt = watch::HaltOnReturn(stop.halt.clone());
        let live = watch.as_ref().map(|w| watch::Live::start(&w.highs_runs));
        let spawned = std::thread::Builder::new()
            .name("highs".into())
            .spawn(move || {
                let _live = live;
                let _ = tx.send(self.run_highs(&opts, time_limit, &stop));
            });
        if spawned.is_err() {
            return Err(SolveError::Solver("cannot start a thread for HiGHS".into()));
        }
        let wait = std::time::Duration::from_secs_f64(time_limit + GRACE);
        let answer = watch::recv(&rx, wait, watch.as_ref());
        if watch.as_ref().is_some_and(watch::Watch::cancelled) {
            // A run read for its bound stopped early (the whole-year bound of a
            // failed or cancelled run) keeps HiGHS's answer if it came, else the bound
            // it had logged.
            return match (bound_only, answer) {
                (true, Ok(Ok(s))) => Ok(s.priced(&costs, &penalty)),
                (true, _) => {
                    bound_logged(&dual).ok_or_else(|| SolveError::Solver(watch::CANCELLED.into()))
                }
                _ => Err(SolveError::Solver(watch::CANCELLED.into())),
            };
        }
        match answer {
            Ok(result) => result.map(|s| s.priced(&costs, &penalty)),
            // HiGHS's best plan so far if it found one (never dearer than the start it
            // was given), else the start.
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => match (found(&best, columns), start)
            {
                (Some(values), _) => {
                    if verbose {
                        tell!(
                            "HiGHS did not answer within {time_limit:.1} s: its best plan so far stands"
                        );
                    }
                    Ok(LpSolution {
                        from_start: false,
                        bound: logged(&dual),
                        ..LpSolution::from_start(values)
                    }
                    .priced(&costs, &penalty))
                }
                // The bound HiGHS had proven when it last logged stands with either (a
                // part's gap, or an aggregated relaxation's bound, is not lost to HiGHS
                // answering late).
                (None, Some(values)) => Ok(LpSolution {
                    bound: logged(&dual),
                    ..LpSolution::from_start(values)
                }
                .priced(&costs, &penalty)),
                // A run read for its bound keeps the bound HiGHS had proven when it
                // last logged.
                (None, None) => bound_only
                    .then(|| bound_logged(&dual))
                    .flatten()
                    .ok_or_else(|| {
                        SolveError::OutOfTime(
                            "HiGHS did not stop within the time limit and there is no starting plan"
                                .into(),
                        )
                    }),
            },
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                Err(SolveError::Solver("HiGHS stopped without an answer".into()))
            }
        }
    }

    /// The MIP start as a time-limited result (no time left to run HiGHS).
    fn start_only(self) -> Result<LpSolution, SolveError> {
        if self.hinted {
            Ok(LpSolution::from_start(self.hints).priced(&self.costs, &self.penalty))
        } else {
            Err(SolveError::OutOfTime(
                "no time left to solve and no starting plan".into(),
            ))
        }
    }

    /// One HiGHS run on this thread, as a list of phases: build the HiGHS model, set
    /// its options, export it when asked, give it the MIP start, solve (reporting its
    /// progress, stopping when told), map its status and read the plan. The HiGHS calls
    /// keep this order, so the search takes the same path on every run.
    fn run_highs(
        self,
        opts: &SolveOptions,
        time_limit: f64,
        stop: &Stop,
    ) -> Result<LpSolution, SolveError> {
        let Lp {
            vars,
            hints,
            hinted,
            objective,
            constraints,
            progress,
            write_model,
            wanted,
            first_improvement,
            ..
        } = self;
        let start = hinted.then_some(hints);
        if let (Some((path, mode)), Some(hints)) = (&write_model, &start) {
            write_start(path, hints, *mode)?;
        }
        let mut model = highs_model(vars, objective, constraints)?;
        set_options(&mut model, opts, time_limit)?;
        if wanted == Wanted::RootBound {
            set_root_only(&mut model)?;
        }
        if first_improvement {
            // HiGHS takes an accepted start as its incumbent without counting it. Its
            // feasibility jump, before the first LP, finds little but the start again.
            set_option(&mut model, "mip_max_improving_sols", 1)?;
            set_option(&mut model, "mip_heuristic_run_feasibility_jump", false)?;
        }
        if let Some((path, mode)) = &write_model {
            model = export_model(model, path, *mode, time_limit)?;
        }
        if let Some(hints) = &start {
            // A start that HiGHS finds infeasible is simply not used.
            let _ = model.try_set_solution(Some(hints), None, None, None);
        }
        let bound_only = wanted != Wanted::Plan;
        let solved = solve_watched(model, progress.as_ref(), stop, bound_only)?;
        if bound_only {
            return read_bound(&solved, start, logged(&stop.dual));
        }
        let mut sol = read_solution(&solved, start)?;
        if first_improvement && matches!(solved.status(), HighsModelStatus::ReachedSolutionLimit) {
            sol.status = if sol.gap.is_some_and(|g| g <= 1e-6) {
                SolveStatus::Optimal
            } else {
                SolveStatus::GapLimit
            };
        }
        Ok(sol)
    }
}

/// The good_lp problem handed to HiGHS: variables in creation order, the objective to
/// minimise, then the constraints in the order they were added.
fn highs_model(
    vars: ProblemVariables,
    objective: Expression,
    constraints: Vec<Constraint>,
) -> Result<highs::Model, SolveError> {
    let mut problem = vars.minimise(objective).using(highs);
    for c in constraints {
        problem.add_constraint(c);
    }
    problem
        .try_into_inner()
        .map_err(|e| SolveError::Solver(e.to_string()))
}

/// Sets one HiGHS option; a refusal is a solver failure naming the option.
fn set_option(
    model: &mut highs::Model,
    name: &str,
    value: impl highs::HighsOptionValue,
) -> Result<(), SolveError> {
    model
        .try_set_option(name, value)
        .map_err(|_| SolveError::Solver(format!("cannot set HiGHS option {name}")))
}

/// The options of every run: log only when verbose, the time limit (never below
/// [`MIN_SOLVE_SECONDS`]), the gap, the threads and a fixed random seed, so that two
/// runs of one model search alike.
fn set_options(
    model: &mut highs::Model,
    opts: &SolveOptions,
    time_limit: f64,
) -> Result<(), SolveError> {
    set_option(model, "output_flag", opts.verbose)?;
    set_option(model, "log_to_console", opts.verbose)?;
    set_option(model, "time_limit", time_limit.max(MIN_SOLVE_SECONDS))?;
    set_option(model, "mip_rel_gap", opts.gap.max(0.0))?;
    set_option(model, "threads", opts.threads.max(1) as i32)?;
    set_option(model, "random_seed", 0)
}

/// [`Lp::root_bound_only`]'s options: the root node's bound, no heuristics.
fn set_root_only(model: &mut highs::Model) -> Result<(), SolveError> {
    set_option(model, "mip_heuristic_effort", 0.0)?;
    for heuristic in [
        "mip_heuristic_run_feasibility_jump",
        "mip_heuristic_run_rins",
        "mip_heuristic_run_rens",
        "mip_heuristic_run_root_reduced_cost",
    ] {
        set_option(model, heuristic, false)?;
    }
    set_option(model, "mip_max_nodes", 1)
}

/// The answer of a run read for its bound ([`Lp::root_bound_only`], [`Lp::bound_only`]):
/// HiGHS's bound, and its plan when it found one. Stopped at the node limit, a
/// root-only run ended as asked: its status is the gap limit's (the bound is what it
/// is), not a time limit.
fn read_bound(
    solved: &highs::SolvedModel,
    start: Option<Vec<f64>>,
    logged: Option<f64>,
) -> Result<LpSolution, SolveError> {
    if matches!(solved.status(), HighsModelStatus::Optimal) {
        // HiGHS closed the gap (a root-only run: at the root by itself).
        return read_solution(solved, start);
    }
    let limited = matches!(solved.status(), HighsModelStatus::ReachedSolutionLimit);
    let status = if limited {
        SolveStatus::GapLimit
    } else {
        status_of(solved.status(), f64::INFINITY)?
    };
    // Stopped by the clock, HiGHS may answer without a bound: the one it last logged
    // stands (both are proven bounds; the higher is kept).
    let bound = solved
        .double_info_value(c"mip_dual_bound")
        .ok()
        .filter(|b| b.is_finite());
    let bound = match (bound, logged) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };
    if bound.is_none() {
        return Err(SolveError::OutOfTime(
            "HiGHS proved no bound within the time limit".into(),
        ));
    }
    let feasible = solved
        .int_info_value(c"primal_solution_status")
        .is_ok_and(|s| s == 2);
    let mut s = if feasible {
        read_solution(solved, start)?
    } else {
        LpSolution::from_start(Vec::new())
    };
    // The root's own plan (if any) was not sought: no gap is claimed for it.
    s.status = status;
    s.gap = None;
    s.bound = bound;
    s.from_start = false;
    Ok(s)
}

/// Exports the model as MPS to `path` (`--write-model`) and gives it back ready to
/// solve. HiGHS writes the model at the start of a run; this run only exports (time
/// limit 0; an unnamed model also makes HiGHS stop after writing). HiGHS opens the file
/// itself, so it writes a uniquely named temporary file roster created exclusively,
/// which is then renamed into place.
fn export_model(
    mut model: highs::Model,
    path: &std::path::Path,
    mode: safe_fs::Mode,
    time_limit: f64,
) -> Result<highs::Model, SolveError> {
    let (folder, name) = split(path);
    let pending =
        safe_fs::reserve(folder, name, mode).map_err(|e| SolveError::Write(e.to_string()))?;
    set_option(
        &mut model,
        "write_model_file",
        pending.path().to_string_lossy().as_ref(),
    )?;
    set_option(&mut model, "time_limit", 0.0)?;
    let exported = model
        .try_solve()
        .map_err(|e| SolveError::Solver(format!("{e:?}")))?;
    if std::fs::metadata(pending.path()).map_or(true, |m| m.len() == 0) {
        return Err(SolveError::Solver(format!(
            "HiGHS did not write {}",
            path.display()
        )));
    }
    pending
        .commit()
        .map_err(|e| SolveError::Write(e.to_string()))?;
    let mut model: highs::Model = exported.into();
    set_option(&mut model, "write_model_file", "")?;
    set_option(&mut model, "time_limit", time_limit.max(MIN_SOLVE_SECONDS))?;
    Ok(model)
}

/// The proven bound HiGHS last logged (the answer of a run read for its bound when
/// HiGHS gives none in time).
fn logged(dual: &std::sync::Mutex<Option<f64>>) -> Option<f64> {
    dual.lock().ok().and_then(|d| *d).filter(|b| b.is_finite())
}

/// The answer of a run read for its bound when HiGHS gave none (stopped by the clock,
/// or the run failed or was cancelled): the bound it last logged, no plan.
fn bound_logged(dual: &std::sync::Mutex<Option<f64>>) -> Option<LpSolution> {
    logged(dual).map(|b| LpSolution {
        from_start: false,
        bound: Some(b),
        ..LpSolution::from_start(Vec::new())
    })
}

/// The best plan HiGHS reported through its improving-solution callback, if it has a
/// value for each of the model's `columns`.
pub(super) fn found(best: &std::sync::Mutex<Option<Vec<f64>>>, columns: usize) -> Option<Vec<f64>> {
    best.lock()
        .ok()
        .and_then(|b| b.clone())
        .filter(|v| v.len() == columns)
}

/// Runs HiGHS, which asks `stop` at each of its interrupt points. With a progress
/// sink, HiGHS logs (to the console only with `--verbose`) and each line of its MIP log
/// goes to the sink as it is written.
fn solve_watched(
    mut model: highs::Model,
    progress: Option<&(String, ProgressSink)>,
    stop: &Stop,
    bound_only: bool,
) -> Result<highs::SolvedModel, SolveError> {
    // A run read for its bound also listens to its log, for the bound proven so far
    // ([`Stop::dual`]); HiGHS reports its MIP log lines only while it logs (to the
    // console only with `--verbose`).
    let log = progress.is_some() || bound_only;
    if log {
        set_option(&mut model, "output_flag", true)?;
    }
    let watcher = super::progress::Watcher { stop, progress };
    highs_interrupt::solve(model, &watcher, log).map_err(|e| SolveError::Solver(format!("{e:?}")))
}

/// HiGHS's status as a plan status: optimal (or stopped at the gap, when a gap is left),
/// or out of time for any of its limits. A time limit is a status, not an error; any
/// other status is a solver failure.
fn status_of(status: HighsModelStatus, gap: f64) -> Result<SolveStatus, SolveError> {
    match status {
        HighsModelStatus::Optimal => {
            if gap.is_finite() && gap > 1e-6 {
                Ok(SolveStatus::GapLimit)
            } else {
                Ok(SolveStatus::Optimal)
            }
        }
        HighsModelStatus::ReachedTimeLimit
        | HighsModelStatus::ReachedIterationLimit
        | HighsModelStatus::ReachedSolutionLimit
        | HighsModelStatus::ReachedInterrupt => Ok(SolveStatus::TimeLimit),
        other => Err(SolveError::Solver(format!(
            "HiGHS ended with status {other:?}"
        ))),
    }
}

/// The plan HiGHS found with its status, gap and bound; when it found (or accepted)
/// none in time, the MIP start `start` stands, with HiGHS's bound.
fn read_solution(
    solved: &highs::SolvedModel,
    start: Option<Vec<f64>>,
) -> Result<LpSolution, SolveError> {
    let gap = solved
        .double_info_value(c"mip_gap")
        .unwrap_or(f64::INFINITY);
    let bound = solved
        .double_info_value(c"mip_dual_bound")
        .ok()
        .filter(|b| b.is_finite());
    let status = status_of(solved.status(), gap)?;
    let feasible = solved
        .int_info_value(c"primal_solution_status")
        .is_ok_and(|s| s == 2);
    if !feasible {
        // Out of time before HiGHS found (or accepted) a plan: the start stands.
        return match start {
            Some(hints) => {
                let mut s = LpSolution::from_start(hints);
                s.bound = bound;
                Ok(s)
            }
            None => Err(SolveError::OutOfTime(
                "no feasible roster found within the time limit".into(),
            )),
        };
    }
    let values = solved.get_solution().columns().to_vec();
    Ok(LpSolution {
        values,
        status,
        gap: gap.is_finite().then(|| gap.max(0.0)),
        bound: if status == SolveStatus::Optimal {
            bound.or(Some(solved.objective_value()))
        } else {
            bound
        },
        from_start: false,
        real: 0.0,
        penalties: 0.0,
    })
}

/// The folder and the file name of an export path (`DIR/stage1.mps`).
fn split(path: &std::path::Path) -> (&std::path::Path, &std::path::Path) {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => std::path::Path::new("."),
    };
    let name = path
        .file_name()
        .map_or(std::path::Path::new("model.mps"), std::path::Path::new);
    (folder, name)
}

/// Writes a MIP start beside the model file: "c<index> <value>" a line, the column
/// names HiGHS gives an unnamed model in its MPS file.
fn write_start(
    model_path: &std::path::Path,
    values: &[f64],
    mode: safe_fs::Mode,
) -> Result<(), SolveError> {
    use std::fmt::Write;
    let mut text = String::from("# MIP start (column value), for the MPS file of the same name\n");
    for (i, v) in values.iter().enumerate() {
        let _ = writeln!(text, "c{i} {v}");
    }
    let path = model_path.with_extension("mst");
    let (folder, name) = split(&path);
    safe_fs::write(folder, name, text.as_bytes(), mode)
        .map_err(|e| SolveError::Write(e.to_string()))
}

impl Default for Lp {
    fn default() -> Self {
        Lp::new()
    }
}

/// Sum of variables.
pub fn sum(vars: impl IntoIterator<Item = Var>) -> Expression {
    let mut e = Expression::from(0.0);
    for v in vars {
        e += v.1;
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optimal_with_a_gap_left_is_a_gap_limit() {
        assert_eq!(
            status_of(HighsModelStatus::Optimal, 0.0).ok(),
            Some(SolveStatus::Optimal)
        );
        assert_eq!(
            status_of(HighsModelStatus::Optimal, f64::INFINITY).ok(),
            Some(SolveStatus::Optimal)
        );
        assert_eq!(
            status_of(HighsModelStatus::Optimal, 0.01).ok(),
            Some(SolveStatus::GapLimit)
        );
    }

    #[test]
    fn every_limit_is_a_time_limit_and_other_statuses_fail() {
        for limit in [
            HighsModelStatus::ReachedTimeLimit,
            HighsModelStatus::ReachedIterationLimit,
            HighsModelStatus::ReachedSolutionLimit,
            HighsModelStatus::ReachedInterrupt,
        ] {
            assert_eq!(status_of(limit, 0.5).ok(), Some(SolveStatus::TimeLimit));
        }
        let failed = status_of(HighsModelStatus::Infeasible, 0.0);
        assert!(matches!(failed, Err(SolveError::Solver(m)) if m.contains("Infeasible")));
    }

    /// Twelve odd cycles of "x_i + x_(i+1) >= 1" over five binaries each, cost 1: the
    /// LP relaxation pays 2.5 a cycle, every plan 3. Returns the binaries.
    fn odd_cycles(lp: &mut Lp) -> Vec<Var> {
        use good_lp::constraint;
        let mut all = Vec::new();
        for _ in 0..12 {
            let xs: Vec<Var> = (0..5).map(|_| lp.binary(1.0)).collect();
            for i in 0..5 {
                let (a, b) = (xs[i], xs[(i + 1) % 5]);
                lp.add(constraint!(a.1 + b.1 >= 1.0));
            }
            all.extend(xs);
        }
        all
    }

    /// Issue 20: a root-only solve (the whole-year bound's) returns a valid bound on
    /// the MILP's optimum and claims no gap for a plan it did not seek.
    #[test]
    fn a_root_only_solve_bounds_the_optimum_and_claims_no_gap() {
        let build = |root_only: bool| {
            let mut lp = Lp::new();
            odd_cycles(&mut lp);
            if root_only {
                lp.root_bound_only();
            }
            lp
        };
        let opts = SolveOptions::default();
        let exact = build(false).solve(&opts, 30.0).ok().and_then(|s| s.bound);
        let root = build(true).solve(&opts, 30.0);
        let (Some(exact), Ok(root)) = (exact, root) else {
            panic!("both solves should answer");
        };
        let Some(bound) = root.bound else {
            panic!("a root-only solve should give a bound");
        };
        assert!(
            bound <= exact + 1e-6,
            "root bound {bound} above the optimum {exact}"
        );
        assert!(
            (exact - 36.0).abs() < 1e-6,
            "the optimum is 36, not {exact}"
        );
        assert!(bound >= 30.0 - 1e-6, "root bound {bound} below the LP's 30");
        assert!(matches!(
            root.status,
            SolveStatus::GapLimit | SolveStatus::Optimal
        ));
        if root.status == SolveStatus::GapLimit {
            assert!(root.gap.is_none());
        }
    }

    /// Issue 20: a solve read for its bound after branch and bound (the whole-year
    /// bound of a part whose root leaves a gap) closes what the root leaves of the
    /// odd cycles: its bound is the optimum, 36, never above it.
    #[test]
    fn a_bound_only_solve_branches_to_the_optimum() {
        let mut lp = Lp::new();
        odd_cycles(&mut lp);
        lp.bound_only();
        let Ok(sol) = lp.solve(&SolveOptions::default(), 30.0) else {
            panic!("the solve should answer");
        };
        let Some(bound) = sol.bound else {
            panic!("a bound-only solve should give a bound");
        };
        assert!(
            (36.0 * (1.0 - 1e-3) - 1e-6..=36.0 + 1e-6).contains(&bound),
            "branch and bound should prove the optimum 36 (within the 0.1 % gap), not {bound}"
        );
        assert!(matches!(
            sol.status,
            SolveStatus::Optimal | SolveStatus::GapLimit
        ));
    }

    /// Issue 20 (the dates' guide): stopped at HiGHS's first plan better than the
    /// start, a solve ends as asked (never `time-limit`), no dearer than the start,
    /// with the gap it reached, and at the same plan on every run.
    #[test]
    fn a_first_improvement_solve_ends_on_a_better_plan_the_same_every_time() {
        let build = || {
            let mut lp = Lp::new();
            // The start: everyone on, 5 a cycle where 3 will do.
            for x in odd_cycles(&mut lp) {
                lp.hint(x, 1.0);
            }
            lp.first_improvement();
            lp
        };
        let opts = SolveOptions::default();
        let (Ok(a), Ok(b)) = (build().solve(&opts, 30.0), build().solve(&opts, 30.0)) else {
            panic!("both solves should answer");
        };
        assert!(a.real < 60.0 - 1e-6, "no better than the start: {}", a.real);
        assert!(a.real >= 36.0 - 1e-6, "below the optimum: {}", a.real);
        assert!(!a.from_start);
        assert!(matches!(
            a.status,
            SolveStatus::GapLimit | SolveStatus::Optimal
        ));
        if let (Some(gap), Some(bound)) = (a.gap, a.bound) {
            assert!((gap - (a.real - bound) / a.real).abs() < 1e-6, "gap {gap}");
        }
        assert_eq!(a.values, b.values, "the same plan on every run");
    }

    #[test]
    fn an_export_path_splits_into_folder_and_name() {
        let (folder, name) = split(std::path::Path::new("stage1.mps"));
        assert_eq!(folder, std::path::Path::new("."));
        assert_eq!(name, std::path::Path::new("stage1.mps"));
        let (folder, name) = split(std::path::Path::new("out/stage2.mps"));
        assert_eq!(folder, std::path::Path::new("out"));
        assert_eq!(name, std::path::Path::new("stage2.mps"));
    }
}

// --- Issue 19, part 3: the desk's cancel flag and progress for one run ---------------

/// A run watched by its caller (the desk's re-plans): a cancel flag every MILP of the
/// run checks before it starts and while it waits for HiGHS, and where its progress goes
/// when the run's own hooks send it nowhere. Set for the calling thread with
/// [`watch::watching`]; a run that spreads its parts over other threads (`threads` > 1)
/// is seen by the MILPs solved on this one. A cancel stops the HiGHS run under way too
/// (at its next interrupt point: HiGHS asks through its callbacks).
pub mod watch {
    use std::cell::RefCell;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::mpsc::{Receiver, RecvTimeoutError};
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    use crate::milp::ProgressSink;

    /// The solver error's text of a cancelled run.
    pub const CANCELLED: &str = "the run was cancelled";

    /// How often a waiting MILP looks at the cancel flag.
    const POLL: Duration = Duration::from_millis(100);

    /// The cancel flag and the progress sink of one run.
    #[derive(Clone)]
    pub struct Watch {
        /// Set to stop the run.
        pub cancel: Arc<AtomicBool>,
        /// Where the run's progress goes.
        pub progress: Option<ProgressSink>,
        /// How many HiGHS runs of this run are still going (their threads alive).
        pub highs_runs: Arc<AtomicUsize>,
    }

    impl Watch {
        /// A watch with the cancel flag `cancel`, sending progress to `progress`.
        pub fn new(cancel: Arc<AtomicBool>, progress: Option<ProgressSink>) -> Self {
            Watch {
                cancel,
                progress,
                highs_runs: Arc::default(),
            }
        }

        /// Whether the run was cancelled.
        pub fn cancelled(&self) -> bool {
            self.cancel.load(Ordering::Relaxed)
        }

        /// How many HiGHS runs of this run are still going: 0 soon after a cancel,
        /// when HiGHS has stopped and its thread has ended.
        pub fn highs_running(&self) -> usize {
            self.highs_runs.load(Ordering::SeqCst)
        }
    }

    /// One HiGHS run counted in its watch's `highs_runs` until dropped (at the end of
    /// its thread).
    pub(crate) struct Live(Arc<AtomicUsize>);

    impl Live {
        pub(crate) fn start(count: &Arc<AtomicUsize>) -> Self {
            count.fetch_add(1, Ordering::SeqCst);
            Live(count.clone())
        }
    }

    impl Drop for Live {
        fn drop(&mut self) {
            self.0.fetch_sub(1, Ordering::SeqCst);
        }
    }

    /// Sets its flag when dropped, whatever the path. It tells HiGHS to stop when its
    /// caller returns: after an answer it has already stopped; past the time limit's
    /// grace or after a cancel it stops at its next interrupt point rather than running
    /// on to its own limit. It also stops the whole-year bound's thread when the solve
    /// returns early on an error (`milp::solve_with`).
    pub(crate) struct HaltOnReturn(pub(crate) Arc<AtomicBool>);

    impl Drop for HaltOnReturn {
        fn drop(&mut self) {
            self.0.store(true, Ordering::Relaxed);
        }
    }

    thread_local! {
        static CURRENT: RefCell<Option<Watch>> = const { RefCell::new(None) };
    }

    /// Runs `f` with `w` watching every MILP solved on this thread.
    pub fn watching<T>(w: Watch, f: impl FnOnce() -> T) -> T {
        struct Reset(Option<Watch>);
        impl Drop for Reset {
            fn drop(&mut self) {
                let before = self.0.take();
                CURRENT.with(|c| *c.borrow_mut() = before);
            }
        }
        let before = CURRENT.with(|c| c.borrow_mut().replace(w));
        let _reset = Reset(before);
        f()
    }

    /// The watch of the run on this thread, if any.
    pub fn current() -> Option<Watch> {
        CURRENT.with(|c| c.borrow().clone())
    }

    /// Waits up to `wait` for HiGHS's answer, returning early when the run is cancelled
    /// (as a timeout; the caller looks at the flag).
    pub(crate) fn recv<T>(
        rx: &Receiver<T>,
        wait: Duration,
        watch: Option<&Watch>,
    ) -> Result<T, RecvTimeoutError> {
        let Some(w) = watch else {
            return rx.recv_timeout(wait);
        };
        let end = Instant::now().checked_add(wait);
        loop {
            let left = end.map_or(POLL, |e| e.saturating_duration_since(Instant::now()));
            match rx.recv_timeout(left.min(POLL)) {
                Err(RecvTimeoutError::Timeout) if !w.cancelled() && !left.is_zero() => {}
                other => return other,
            }
        }
    }
}

// Issue 20, part 1: a constructive solution without HiGHS (stage 1's dates).
mod greedy;
