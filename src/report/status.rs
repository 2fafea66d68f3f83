//! The lines every terminal summary shares: the solve status with its gap, and the
//! violations (or that every rule holds).

use std::fmt::Write as _;

use super::labels::Lang;
use crate::plan::Plan;

/// "status: ... gap: ... time: ..." for a plan, then which part stopped on time and
/// what the gap is measured against.
pub fn status_line(plan: &Plan, lang: Lang) -> String {
    let t = &lang.labels().t;
    let gap = match plan.gap {
        Some(g) => format!("{:.3}%", g * 100.0),
        None => t.unknown.to_string(),
    };
    let mut s = format!(
        "{}: {}  {}: {gap}  {}: {:.1}s\n",
        t.status,
        plan.status.id(),
        t.gap,
        t.time,
        plan.seconds
    );
    let stopped = plan.solve.stopped_on_time();
    if !stopped.is_empty() {
        let _ = writeln!(s, "stopped on the time limit: {}", stopped.join("; "));
    }
    let unbounded: Vec<&str> = plan
        .solve
        .parts
        .iter()
        .filter(|p| p.gap.is_none())
        .map(|p| p.name.as_str())
        .collect();
    if plan.gap.is_none() && !unbounded.is_empty() {
        let _ = writeln!(
            s,
            "no bound on the real objective for: {} (no bound yet, or its plan breaks a rule)",
            unbounded.join("; ")
        );
    }
    if !plan.solve.bound_of.is_empty() {
        match plan.solve.bound {
            Some(b) => {
                let _ = writeln!(s, "gap against: {} (bound {b:.1})", plan.solve.bound_of);
            }
            None => {
                let _ = writeln!(s, "gap against: {}", plan.solve.bound_of);
            }
        }
        if let Some(g) = plan.solve.dates_gap {
            let _ = writeln!(
                s,
                "gap of staffing given these dates (stage 2): {:.3}%",
                g * 100.0
            );
        }
    }
    s
}

/// The violations for the terminal, one a line, or that every rule holds.
pub fn violations_text(violations: &[crate::plan::Violation], lang: Lang) -> String {
    let mut s = String::new();
    let t = &lang.labels().t;
    if violations.is_empty() {
        let _ = writeln!(s, "{}", t.violations_none);
    } else {
        let _ = writeln!(s, "{}: {}", t.violations, violations.len());
        for v in violations {
            let _ = writeln!(s, "  {v}");
        }
    }
    s
}
