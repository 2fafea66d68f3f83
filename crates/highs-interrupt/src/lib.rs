//! HiGHS's callbacks for one run, behind a safe interface: roster's library forbids
//! `unsafe` code, and the `highs` crate exposes no callbacks, so the few lines of FFI that
//! install them live here, in a crate of their own.
//!
//! [`solve`] runs a `highs::Model` as `Model::try_solve` does, with a [`Watcher`] that
//! HiGHS asks at each of its interrupt points (MIP, simplex, IPM) whether to stop, and
//! that hears each line of the MIP log (best bound, best solution, gap, time) when HiGHS
//! logs, and each improving solution HiGHS finds (its values, so that a caller who stops
//! waiting for HiGHS still has its best plan). The callbacks only read: unless the
//! watcher asks HiGHS to stop, the search takes the same path as without them.

use std::ffi::{c_char, c_int, c_void};
use std::panic::{catch_unwind, AssertUnwindSafe};

use highs::{HighsStatus, Model, SolvedModel};
use highs_sys::{
    kHighsCallbackIpmInterrupt, kHighsCallbackMipImprovingSolution, kHighsCallbackMipInterrupt,
    kHighsCallbackMipLogging, kHighsCallbackSimplexInterrupt, HighsCallbackDataIn,
    HighsCallbackDataOut, HighsInt, Highs_setCallback, Highs_startCallback, Highs_stopCallback,
};

/// One line of HiGHS's MIP log, as numbers (`None`: not known yet).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MipLog {
    /// Seconds HiGHS has run.
    pub running_time: f64,
    /// Objective of the best solution so far.
    pub primal_bound: Option<f64>,
    /// Proven bound on the objective so far.
    pub dual_bound: Option<f64>,
    /// Relative gap between the two.
    pub gap: Option<f64>,
}

/// What watches one HiGHS run. Both methods are called on the thread that runs HiGHS,
/// while it runs; they should be quick.
pub trait Watcher {
    /// Whether HiGHS should stop now (its status is then "interrupted").
    fn interrupt(&self) -> bool;
    /// A line of the MIP log (only when HiGHS's `output_flag` is on).
    fn mip_log(&self, _log: &MipLog) {}
    /// A new best solution of the MIP: its objective and a value for each column of
    /// the model HiGHS was given, in its order.
    fn improving(&self, _objective: f64, _values: &[f64]) {}
}

/// The callbacks whose answer can stop HiGHS.
const INTERRUPTS: [HighsInt; 3] = [
    kHighsCallbackMipInterrupt,
    kHighsCallbackSimplexInterrupt,
    kHighsCallbackIpmInterrupt,
];

fn known(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// The C callback: `data` is a `*const &dyn Watcher` that [`solve`] keeps alive for the
/// whole run. A panic in the watcher is caught here (it must not unwind into C++).
unsafe extern "C" fn on_callback(
    kind: c_int,
    _message: *const c_char,
    out: *const HighsCallbackDataOut,
    input: *mut HighsCallbackDataIn,
    data: *mut c_void,
) {
    if data.is_null() {
        return;
    }
    // SAFETY: `solve` passes a pointer to a `&dyn Watcher` on its stack, and stops every
    // callback before it returns.
    let watcher: &dyn Watcher = unsafe { *(data as *const &dyn Watcher) };
    if kind == kHighsCallbackMipLogging {
        // SAFETY: HiGHS passes its output data, valid for this call, or null.
        if let Some(o) = unsafe { out.as_ref() } {
            let log = MipLog {
                running_time: o.running_time,
                primal_bound: known(o.mip_primal_bound),
                dual_bound: known(o.mip_dual_bound),
                gap: known(o.mip_gap).filter(|g| *g >= 0.0),
            };
            let _ = catch_unwind(AssertUnwindSafe(|| watcher.mip_log(&log)));
        }
    } else if kind == kHighsCallbackMipImprovingSolution {
        // SAFETY: HiGHS passes its output data, valid for this call, or null; its
        // `mip_solution` points to `mip_solution_size` values it owns for the call.
        if let Some(o) = unsafe { out.as_ref() } {
            if !o.mip_solution.is_null() && o.mip_solution_size > 0 {
                let values = unsafe {
                    std::slice::from_raw_parts(o.mip_solution, o.mip_solution_size as usize)
                };
                let objective = o.objective_function_value;
                let _ = catch_unwind(AssertUnwindSafe(|| watcher.improving(objective, values)));
            }
        }
    } else if INTERRUPTS.contains(&kind) {
        let stop = catch_unwind(AssertUnwindSafe(|| watcher.interrupt())).unwrap_or(false);
        if stop {
            // SAFETY: HiGHS passes its input data, valid for this call, or null.
            if let Some(i) = unsafe { input.as_mut() } {
                i.user_interrupt = 1;
            }
        }
    }
}

/// Solves `model` (as `Model::try_solve`) with `watcher` asked at every interrupt point,
/// told each improving solution and, when `mip_log`, each line of the MIP log.
pub fn solve(
    mut model: Model,
    watcher: &dyn Watcher,
    mip_log: bool,
) -> Result<SolvedModel, HighsStatus> {
    let mut kinds = INTERRUPTS.to_vec();
    kinds.push(kHighsCallbackMipImprovingSolution);
    if mip_log {
        kinds.push(kHighsCallbackMipLogging);
    }
    let data: *const &dyn Watcher = &watcher;
    let highs = model.as_mut_ptr();
    // SAFETY: `highs` is the live HiGHS instance `model` owns; `data` points to
    // `watcher` on this stack frame, which outlives the run: every callback is stopped
    // below before this function returns, and a model that failed to solve is destroyed.
    unsafe {
        Highs_setCallback(highs, Some(on_callback), data as *mut c_void);
        for k in &kinds {
            Highs_startCallback(highs, *k);
        }
    }
    let mut solved = model.try_solve()?;
    let highs = solved.as_mut_ptr();
    // SAFETY: the same instance, now solved; after this HiGHS calls nothing of ours.
    unsafe {
        for k in &kinds {
            Highs_stopCallback(highs, *k);
        }
    }
    Ok(solved)
}
