//! Issue 20, part 1 (always a plan): a constructive solution of a MILP built without
//! HiGHS, for a MILP whose only continuous variables are slack, each in one row.
//!
//! Every binary starts at 0; the binaries are then tried in the caller's order, and
//! one is set to 1 when that lowers the objective and every row still holds, each row
//! re-balanced by its own continuous variables at least cost (a one-row LP over boxes,
//! solved exactly by filling the cheapest direction first). The passes, in turn:
//! - one over the caller's promised binaries (`first`) that takes any move lowering
//!   the total;
//! - two that take only moves making no row dearer and leaving every paid `<=` row (a
//!   capacity with slack) half, then a quarter, of its first headroom, so that events
//!   spread over dates rather than fill the cheapest ones to the brim (a capacity
//!   counted in aggregate is only an estimate of what can be staffed);
//! - one that takes moves making no row dearer;
//! - one that takes any move lowering the total.
//!
//! The result keeps every row and bound by construction and is verified once more
//! before it is returned, so it can stand as a plan when HiGHS has no time.

use std::collections::HashMap;

use good_lp::IntoAffineExpression;

use super::{Lp, LpSolution, Var};

/// Tolerance on rows and bounds.
const TOL: f64 = 1e-6;

/// One row: `constant + Σ a_i x_i <= 0` (or `== 0`), split into its binaries and its
/// continuous variables.
struct Row {
    eq: bool,
    /// `constant + Σ a_i x_i` over the binaries (and fixed integers) at their values.
    fixed: f64,
    /// The continuous variables: (index, coefficient).
    cont: Vec<(usize, f64)>,
    /// Cost of the row's continuous variables at their best values for `fixed`.
    cost: f64,
    /// Headroom before any binary is set: `-fixed` of a `<=` row, at least 0.
    headroom: f64,
}

/// The passes: (share of each paid `<=` row's headroom kept free, whether a move may
/// make a row dearer).
const PASSES: [(f64, bool); 4] = [(0.5, false), (0.25, false), (0.0, false), (0.0, true)];

/// A variable's bounds and cost.
#[derive(Clone, Copy)]
struct Col {
    lo: f64,
    hi: f64,
    cost: f64,
    integer: bool,
}

impl Lp {
    /// The objective coefficient of `v` (its cost or penalty).
    pub fn cost_of(&self, v: Var) -> f64 {
        self.costs.get(v.0).copied().unwrap_or(0.0)
    }

    /// A rule-abiding solution built greedily (see the module's text), trying the
    /// binaries of `first` in a pass of their own that takes any move lowering the
    /// total (what the caller has promised, an announced date (PR-1), is placed before
    /// the passes that keep capacity free can give its place to something else), then
    /// those of `order` in that order; `None` when this MILP is not of the kind the
    /// greedy handles (a continuous variable in several rows, a general integer) or the
    /// result does not keep every row. The solution is a time-limited one without a
    /// bound, priced like HiGHS's (real cost and penalties apart).
    pub fn greedy_solution(&self, first: &[Var], order: &[Var]) -> Option<LpSolution> {
        let (index, cols) = self.columns();
        if cols
            .iter()
            .any(|c| c.integer && (c.lo < -TOL || c.hi > 1.0 + TOL))
        {
            return None;
        }
        let mut x: Vec<f64> = cols
            .iter()
            .map(|c| if c.integer { c.lo.max(0.0) } else { 0.0 })
            .collect();
        let mut rows: Vec<Row> = Vec::with_capacity(self.constraints.len());
        // For each binary, its rows and coefficients; each continuous variable's row.
        let mut of_var: Vec<Vec<(usize, f64)>> = vec![Vec::new(); cols.len()];
        let mut cont_row: Vec<Option<usize>> = vec![None; cols.len()];
        for (r, c) in self.constraints.iter().enumerate() {
            let e = c.expression();
            let mut row = Row {
                eq: c.is_equality(),
                fixed: e.constant(),
                cont: Vec::new(),
                cost: 0.0,
                headroom: 0.0,
            };
            for (v, a) in e.linear_coefficients() {
                let i = *index.get(&v)?;
                if cols[i].integer {
                    row.fixed += a * x[i];
                    of_var[i].push((r, a));
                } else {
                    if cont_row[i].is_some_and(|o| o != r) {
                        return None;
                    }
                    cont_row[i] = Some(r);
                    row.cont.push((i, a));
                }
            }
            // good_lp keeps a row's terms in a hash map: in index order, the cheapest
            // of equally priced slack is the same on every run.
            row.cont.sort_by_key(|&(i, _)| i);
            row.cost = balance(&row, row.fixed, &cols, None)?;
            if !row.eq {
                row.headroom = (-row.fixed).max(0.0);
            }
            rows.push(row);
        }
        let passes = std::iter::once((first, 0.0, true))
            .chain(PASSES.iter().map(|&(keep, dearer)| (order, keep, dearer)));
        for (order, keep, dearer) in passes {
            for v in order {
                let i = v.0;
                if !cols.get(i).is_some_and(|c| c.integer) || x[i] > 0.5 || cols[i].hi < 0.5 {
                    continue;
                }
                let mut delta = cols[i].cost;
                let mut fits = true;
                for &(r, a) in &of_var[i] {
                    let row = &rows[r];
                    let paid = !row.eq && !row.cont.is_empty();
                    if paid && keep > 0.0 && a > 0.0 && row.fixed + a > -keep * row.headroom + TOL {
                        fits = false;
                        break;
                    }
                    match balance(row, row.fixed + a, &cols, None) {
                        Some(c) if dearer || c <= row.cost + TOL => {
                            delta += c - rows[r].cost;
                        }
                        _ => {
                            fits = false;
                            break;
                        }
                    }
                }
                if fits && delta < -TOL {
                    x[i] = 1.0;
                    for &(r, a) in &of_var[i] {
                        rows[r].fixed += a;
                        rows[r].cost = balance(&rows[r], rows[r].fixed, &cols, None)?;
                    }
                }
            }
        }
        for row in &rows {
            balance(row, row.fixed, &cols, Some(&mut x))?;
        }
        // Continuous variables in no row sit at their cheaper bound.
        for (i, c) in cols.iter().enumerate() {
            if !c.integer && cont_row[i].is_none() {
                x[i] = if c.cost < 0.0 { c.hi } else { c.lo };
            }
        }
        let sound = x.iter().all(|v| v.is_finite()) && self.keeps_every_row(&x, &index, &cols);
        sound.then(|| LpSolution::from_start(x).priced(&self.costs, &self.penalty))
    }

    /// The start as the hints stand now (a second start built beside the one HiGHS
    /// is given, [`Lp::hints`]), priced, when it keeps every bound and row; `None`
    /// when there is no start or it breaks one.
    pub fn sound_start(&self) -> Option<LpSolution> {
        if !self.hinted {
            return None;
        }
        let (index, cols) = self.columns();
        let x = &self.hints;
        let whole = cols
            .iter()
            .zip(x)
            .all(|(c, v)| v.is_finite() && (!c.integer || (v - v.round()).abs() <= TOL));
        (whole && self.keeps_every_row(x, &index, &cols))
            .then(|| LpSolution::from_start(x.clone()).priced(&self.costs, &self.penalty))
    }

    /// Each variable's position by its good_lp handle, and its bounds, cost and kind,
    /// in creation order.
    fn columns(&self) -> (HashMap<good_lp::Variable, usize>, Vec<Col>) {
        let mut index: HashMap<good_lp::Variable, usize> = HashMap::new();
        let mut cols: Vec<Col> = Vec::with_capacity(self.count);
        for (i, (v, def)) in self.vars.iter_variables_with_def().enumerate() {
            index.insert(v, i);
            cols.push(Col {
                lo: def.get_min(),
                hi: def.get_max(),
                cost: self.costs.get(i).copied().unwrap_or(0.0),
                integer: def.is_integer(),
            });
        }
        (index, cols)
    }

    /// Whether `x` keeps every bound and row of this MILP.
    fn keeps_every_row(
        &self,
        x: &[f64],
        index: &HashMap<good_lp::Variable, usize>,
        cols: &[Col],
    ) -> bool {
        let bounds = cols
            .iter()
            .zip(x)
            .all(|(c, &v)| v >= c.lo - TOL && v <= c.hi + TOL);
        bounds
            && self.constraints.iter().all(|c| {
                let e = c.expression();
                let mut s = e.constant();
                for (v, a) in e.linear_coefficients() {
                    s += a * index
                        .get(&v)
                        .and_then(|&i| x.get(i))
                        .copied()
                        .unwrap_or(0.0);
                }
                let scale = TOL * (1.0 + e.constant().abs());
                if c.is_equality() {
                    s.abs() <= scale
                } else {
                    s <= scale
                }
            })
    }
}

/// The least cost of `row`'s continuous variables that makes `fixed + Σ a_i s_i`
/// non-positive (zero for an equality), each `s_i` within its bounds; `None` when no
/// values do. With `out`, the values are written there. A one-row LP: every variable
/// starts at its cheaper bound, and the residual is closed by the moves of least cost
/// per unit first.
fn balance(row: &Row, fixed: f64, cols: &[Col], out: Option<&mut Vec<f64>>) -> Option<f64> {
    let mut vals: Vec<f64> = Vec::with_capacity(row.cont.len());
    let mut residual = fixed;
    let mut cost = 0.0;
    for &(i, a) in &row.cont {
        let c = cols[i];
        let v = if c.cost < 0.0 { c.hi } else { c.lo };
        if !v.is_finite() {
            return None;
        }
        vals.push(v);
        residual += a * v;
        cost += c.cost * v;
    }
    // Moves that lower the residual (when above 0) or raise it (an equality below 0):
    // (position, direction, cost per unit of residual).
    let need_down = residual > TOL;
    let need_up = row.eq && residual < -TOL;
    if need_down || need_up {
        let want = if need_down { -1.0 } else { 1.0 };
        let mut moves: Vec<(usize, f64, f64)> = row
            .cont
            .iter()
            .enumerate()
            .filter(|(_, &(_, a))| a != 0.0)
            .map(|(k, &(i, a))| {
                // Moving s_i by `dir` changes the residual by a * dir.
                let dir = if a * want > 0.0 { 1.0 } else { -1.0 };
                (k, dir, cols[i].cost * dir / a.abs())
            })
            .collect();
        moves.sort_by(|p, q| p.2.total_cmp(&q.2).then(p.0.cmp(&q.0)));
        for (k, dir, _) in moves {
            let (i, a) = row.cont[k];
            let c = cols[i];
            let room = if dir > 0.0 {
                c.hi - vals[k]
            } else {
                vals[k] - c.lo
            };
            let step = (residual.abs() / a.abs()).min(room.max(0.0));
            if !step.is_finite() {
                return None;
            }
            vals[k] += dir * step;
            residual += a * dir * step;
            cost += c.cost * dir * step;
            if residual.abs() <= TOL {
                break;
            }
        }
    }
    let holds = if row.eq {
        residual.abs() <= TOL
    } else {
        residual <= TOL
    };
    if !holds {
        return None;
    }
    if let Some(x) = out {
        for (k, &(i, _)) in row.cont.iter().enumerate() {
            x[i] = vals[k];
        }
    }
    Some(cost)
}

#[cfg(test)]
mod tests {
    use good_lp::constraint;

    use super::*;
    use crate::milp::lp::sum;

    #[test]
    fn greedy_fills_a_count_within_a_cap_and_pays_slack_for_the_rest() {
        // Three binaries for a count of 3 with paid shortfall; at most 2 of them.
        let mut lp = Lp::new();
        let xs: Vec<Var> = (0..3).map(|k| lp.binary(1.0 + k as f64)).collect();
        let short = lp.slack(0.0, 3.0, 100.0);
        lp.add(constraint!(sum(xs.clone()) + short.1 == 3.0));
        lp.add(constraint!(sum(xs.clone()) <= 2.0));
        let sol = lp.greedy_solution(&[], &xs).expect("a start");
        assert_eq!(sol.values, vec![1.0, 1.0, 0.0, 1.0]);
        assert!((sol.real - 3.0).abs() < 1e-9 && (sol.penalties - 100.0).abs() < 1e-9);
        assert!(sol.from_start && sol.bound.is_none());
    }

    #[test]
    fn greedy_prefers_moves_that_make_no_row_dearer() {
        // Two binaries fill one count; the first breaks a capacity row (paid slack),
        // the second does not: the strict pass takes the second although it comes later.
        let mut lp = Lp::new();
        let a = lp.binary(0.0);
        let b = lp.binary(0.5);
        let short = lp.slack(0.0, 1.0, 100.0);
        lp.add(constraint!(a.1 + b.1 + short.1 == 1.0));
        lp.add(constraint!(a.1 + b.1 <= 1.0));
        let over = lp.slack(0.0, 5.0, 10.0);
        lp.add(constraint!(a.1 <= 0.0 + over.1));
        let sol = lp.greedy_solution(&[], &[a, b]).expect("a start");
        assert_eq!(sol.values, vec![0.0, 1.0, 0.0, 0.0]);
    }

    #[test]
    fn greedy_places_a_promised_binary_before_the_passes_that_keep_capacity_free() {
        // A pinned date (PR-1) and a cheaper free date fill one count of one; a paid
        // capacity row of 2 has the pinned date's weight 2 (over half its headroom), so
        // the cautious passes skip it and the free date fills the count: the pin breaks.
        // Tried first, the pinned date keeps its promise.
        let mut lp = Lp::new();
        let pinned = lp.binary(1.0);
        let free = lp.binary(0.5);
        let short = lp.slack(0.0, 1.0, 100.0);
        lp.add(constraint!(pinned.1 + free.1 + short.1 == 1.0));
        lp.add(constraint!(pinned.1 + free.1 <= 1.0));
        let broken = lp.slack(0.0, 1.0, 10.0);
        lp.add(constraint!(pinned.1 + broken.1 == 1.0));
        let over = lp.slack(0.0, 5.0, 1000.0);
        lp.add(constraint!(2.0 * pinned.1 <= 2.0 + over.1));
        let plain = lp.greedy_solution(&[], &[pinned, free]).expect("a start");
        assert_eq!(
            plain.values[..2],
            [0.0, 1.0],
            "the cautious passes fill the count"
        );
        assert_eq!(plain.values[3], 1.0, "and the pin breaks");
        let kept = lp
            .greedy_solution(&[pinned], &[pinned, free])
            .expect("a start");
        assert_eq!(kept.values, vec![1.0, 0.0, 0.0, 0.0, 0.0]);
        assert!((kept.real - 1.0).abs() < 1e-9 && kept.penalties.abs() < 1e-9);
    }

    #[test]
    fn greedy_declines_a_continuous_variable_in_two_rows() {
        let mut lp = Lp::new();
        let a = lp.binary(0.0);
        let s = lp.continuous(0.0, 1.0, 1.0);
        lp.add(constraint!(a.1 + s.1 <= 1.0));
        lp.add(constraint!(a.1 - s.1 <= 0.0));
        assert!(lp.greedy_solution(&[], &[a]).is_none());
    }
}
