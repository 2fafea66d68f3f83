//! Progress of a running HiGHS solve, and what may stop it: HiGHS calls back (through
//! the `highs-interrupt` crate, which holds the FFI) at each of its interrupt points and
//! at each line of its MIP log. A [`Watcher`] turns a log line into a [`Progress`] for
//! the caller's sink and answers "stop" once the run is cancelled or its caller has
//! stopped waiting (issue 19: a cancel stops HiGHS itself, not only its caller).
//!
//! The callbacks only read the solver's state: a run nobody stops searches exactly as
//! it would without them.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// What HiGHS reports while it solves: one line of its branch-and-bound log.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    /// Which MILP: "stage 1 (dates)", "stage 2: consultant, lecturer (part 5 of 5)".
    pub stage: String,
    /// Objective of the best plan so far (slack penalties included), if any.
    pub incumbent: Option<f64>,
    /// Proven lower bound so far, if any.
    pub bound: Option<f64>,
    /// Relative gap as HiGHS computes it, if known.
    pub gap: Option<f64>,
    /// Seconds HiGHS has spent on this MILP.
    pub seconds: f64,
}

/// Where progress goes (the command line draws it; the library never prints).
pub type ProgressSink = std::sync::Arc<dyn Fn(&Progress) + Send + Sync>;

/// When one HiGHS run must stop: its caller stopped waiting (`halt`, past the time
/// limit's grace or cancelled) or the run's watch was cancelled (`cancel`).
#[derive(Clone, Default)]
pub(crate) struct Stop {
    pub halt: Arc<AtomicBool>,
    pub cancel: Option<Arc<AtomicBool>>,
    /// HiGHS's best plan so far (a value per column), kept as HiGHS finds each better
    /// one: a caller who stops waiting past the time limit's grace returns it rather
    /// than the MIP start (issue 20: a part out of time kept its start although HiGHS
    /// had found a plan 16 % cheaper).
    pub best: Arc<std::sync::Mutex<Option<Vec<f64>>>>,
    /// HiGHS's proven bound as its MIP log last gave it (H33, issue 20: a root-only
    /// part of the whole-year bound stopped by the clock kept only its floor, about
    /// 1,000 below the bound HiGHS had already proven on each of 3-degree K=8's
    /// consultant parts).
    pub dual: Arc<std::sync::Mutex<Option<f64>>>,
}

impl Stop {
    /// Whether HiGHS should stop now.
    pub(crate) fn requested(&self) -> bool {
        self.halt.load(Ordering::Relaxed)
            || self
                .cancel
                .as_ref()
                .is_some_and(|c| c.load(Ordering::Relaxed))
    }
}

/// What HiGHS calls back during one run.
pub(crate) struct Watcher<'a> {
    pub stop: &'a Stop,
    /// The MILP's label and where its progress goes, if anywhere.
    pub progress: Option<&'a (String, ProgressSink)>,
}

impl highs_interrupt::Watcher for Watcher<'_> {
    fn interrupt(&self) -> bool {
        self.stop.requested()
    }

    fn mip_log(&self, log: &highs_interrupt::MipLog) {
        if let (Some(b), Ok(mut dual)) = (log.dual_bound, self.stop.dual.lock()) {
            *dual = Some(b);
        }
        if let Some((stage, sink)) = self.progress {
            sink(&progress_of(stage, log));
        }
    }

    fn improving(&self, _objective: f64, values: &[f64]) {
        if let Ok(mut best) = self.stop.best.lock() {
            *best = Some(values.to_vec());
        }
    }
}

/// A MIP log line as progress on the MILP `stage`.
fn progress_of(stage: &str, log: &highs_interrupt::MipLog) -> Progress {
    Progress {
        stage: stage.to_string(),
        incumbent: log.primal_bound,
        bound: log.dual_bound,
        gap: log.gap,
        seconds: log.running_time.max(0.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_log_line_is_progress_on_its_stage() {
        let p = progress_of(
            "s",
            &highs_interrupt::MipLog {
                running_time: 5.3,
                primal_bound: Some(48900.1),
                dual_bound: Some(45123.2),
                gap: Some(0.0772),
            },
        );
        assert_eq!(p.stage, "s");
        assert_eq!(p.bound, Some(45123.2));
        assert_eq!(p.incumbent, Some(48900.1));
        assert_eq!(p.gap, Some(0.0772));
        assert_eq!(p.seconds, 5.3);
    }

    #[test]
    fn a_stop_is_asked_by_the_caller_or_the_cancel() {
        let s = Stop::default();
        assert!(!s.requested());
        s.halt.store(true, Ordering::Relaxed);
        assert!(s.requested());
        let cancel = Arc::new(AtomicBool::new(false));
        let s = Stop {
            halt: Arc::default(),
            cancel: Some(cancel.clone()),
            best: Arc::default(),
            dual: Arc::default(),
        };
        assert!(!s.requested());
        cancel.store(true, Ordering::Relaxed);
        assert!(s.requested());
    }

    /// A watcher of `stop` whose progress goes nowhere.
    fn unheard(stop: &Stop) -> Watcher<'_> {
        Watcher {
            stop,
            progress: None,
        }
    }

    /// Issue 20: each improving plan HiGHS reports is kept, the latest standing, and is
    /// handed back only when it has a value for every column of the model.
    #[test]
    fn the_latest_improving_plan_is_kept_for_a_caller_who_stops_waiting() {
        use highs_interrupt::Watcher as _;
        let stop = Stop::default();
        let w = unheard(&stop);
        assert_eq!(super::super::lp::found(&stop.best, 3), None);
        w.improving(10.0, &[1.0, 0.0, 1.0]);
        w.improving(7.0, &[0.0, 1.0, 1.0]);
        assert_eq!(
            super::super::lp::found(&stop.best, 3),
            Some(vec![0.0, 1.0, 1.0])
        );
        // A plan of another model's size is not this model's plan.
        assert_eq!(super::super::lp::found(&stop.best, 4), None);
    }

    /// H33: the bound of each MIP log line is kept, the latest standing, whether or not
    /// the run's progress goes anywhere (a root-only part of the whole-year bound that
    /// HiGHS does not answer in time keeps it).
    #[test]
    fn the_latest_logged_bound_is_kept_without_a_progress_sink() {
        use highs_interrupt::Watcher as _;
        let stop = Stop::default();
        let w = unheard(&stop);
        let line = |dual_bound| highs_interrupt::MipLog {
            running_time: 1.0,
            primal_bound: None,
            dual_bound,
            gap: None,
        };
        w.mip_log(&line(Some(18_753.7)));
        w.mip_log(&line(None));
        w.mip_log(&line(Some(18_797.4)));
        assert_eq!(*stop.dual.lock().expect("not poisoned"), Some(18_797.4));
        w.mip_log(&line(None));
        assert_eq!(*stop.dual.lock().expect("not poisoned"), Some(18_797.4));
    }

    /// A market split problem (Cornuéjols and Dawande): a few equations over binaries,
    /// their slack minimised; small, yet branch and bound takes far longer than any test.
    fn market_split() -> crate::milp::lp::Lp {
        use crate::milp::lp::{Lp, Var};
        use good_lp::{constraint, Expression};
        let mut lp = Lp::new();
        let mut seed = 19u64;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((seed >> 33) % 100) as f64
        };
        let xs: Vec<Var> = (0..36).map(|_| lp.binary(0.0)).collect();
        for _ in 0..5 {
            let a: Vec<f64> = xs.iter().map(|_| next()).collect();
            let target = (a.iter().sum::<f64>() / 2.0).floor();
            let over = lp.continuous(0.0, 1e9, 1.0);
            let under = lp.continuous(0.0, 1e9, 1.0);
            let mut row = Expression::from(0.0);
            for (x, c) in xs.iter().zip(&a) {
                row += *c * x.1;
            }
            lp.add(constraint!(row + over.1 - under.1 == target));
        }
        lp
    }

    #[test]
    fn a_cancel_stops_highs_in_the_middle_of_a_milp() {
        use crate::milp::lp::{watch, SolveOptions};
        use std::time::{Duration, Instant};
        // Only a hang reaches this: HiGHS's own limit below is ten minutes.
        const GUARD: Duration = Duration::from_secs(120);
        let w = watch::Watch::new(Arc::new(AtomicBool::new(false)), None);
        let opts = SolveOptions {
            time_limit: 600.0,
            gap: 0.0,
            ..SolveOptions::default()
        };
        let (tx, rx) = std::sync::mpsc::channel();
        let run = w.clone();
        std::thread::spawn(move || {
            let r = watch::watching(run, || market_split().solve(&opts, 600.0));
            let _ = tx.send(r.err().map(|e| e.to_string()));
        });
        let began = Instant::now();
        while w.highs_running() == 0 {
            assert!(began.elapsed() < GUARD, "HiGHS never started");
            std::thread::sleep(Duration::from_millis(10));
        }
        // Well into its branch and bound.
        std::thread::sleep(Duration::from_millis(500));
        w.cancel.store(true, Ordering::Relaxed);
        let answer = rx.recv_timeout(GUARD).expect("the solve answers");
        assert!(
            answer
                .as_deref()
                .is_some_and(|e| e.contains(watch::CANCELLED)),
            "not cancelled: {answer:?}"
        );
        // HiGHS itself stopped and its thread ended (it used to run on to its limit).
        while w.highs_running() > 0 {
            assert!(began.elapsed() < GUARD, "HiGHS is still running");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}
