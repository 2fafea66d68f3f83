//! PR-1's lead time in stage 1: a seminar or series event needs its flyer 2 months
//! before it, and publicity work starts on `[publicity] from`; a date whose flyer would
//! be due earlier is avoided (soft, the default: a cost) or left out (hard). SEM-8's
//! even share is counted over the months the rule leaves ([`spread_months`]), the same
//! reading as `check::seminars`.

use good_lp::constraint;

use super::DateVars;
use crate::demand::Demand;
use crate::milp::lp::Lp;
use crate::milp::Fixings;
use crate::model::{LeadTime, Model};

/// PR-1 (lead time): each candidate date whose flyer would be due before publicity
/// can start costs `[objective] publicity_lead` (soft), or is not chosen (hard). An
/// event the plan already announced or held (a re-plan's pin) keeps its date either
/// way: it cannot move, and stays an exception.
pub(super) fn publicity_lead_time(
    lp: &mut Lp,
    model: &Model,
    demand: &Demand,
    fix: &Fixings,
    vars: &DateVars,
) {
    let p = &model.publicity;
    for &(ci, t, v) in &vars.seminars {
        let c = &demand.seminar_candidates[ci];
        if !p.lead_time_short(c.date) {
            continue;
        }
        let pinned = fix.seminars.contains(&(c.quota, t, c.date));
        match p.lead_time {
            LeadTime::Soft => lp.add_cost(v, p.lead_weight),
            LeadTime::Hard if !pinned => lp.add(constraint!(v.1 == 0.0)),
            LeadTime::Hard => {}
        }
    }
    for &(ci, v) in &vars.series {
        let c = &demand.series_candidates[ci];
        if !p.lead_time_short(c.date) {
            continue;
        }
        let pinned = fix
            .series
            .iter()
            .any(|&(s, d, _)| s == c.series && d == c.date);
        match p.lead_time {
            LeadTime::Soft => lp.add_cost(v, p.lead_weight),
            LeadTime::Hard if !pinned => lp.add(constraint!(v.1 == 0.0)),
            LeadTime::Hard => {}
        }
    }
}

/// The number of months SEM-8's even share is counted over (and the yearly series'
/// spread): every month of the year under a soft lead time; under a hard one, only the
/// months with a day on which an event's flyer is due on or after `from` (PR-1).
/// Never below 1.
pub(crate) fn spread_months(model: &Model) -> usize {
    let p = &model.publicity;
    let mut months: Vec<(i32, u32)> = model
        .period
        .days()
        .filter(|d| p.lead_time == LeadTime::Soft || !p.lead_time_short(*d))
        .map(|d| (chrono::Datelike::year(&d), chrono::Datelike::month(&d)))
        .collect();
    months.dedup();
    months.len().max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> Model {
        let path = std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/tiny.toml"
        ));
        let text = std::fs::read_to_string(path).expect("tests/fixtures/tiny.toml");
        crate::input::parse_model(path, &text).expect("the tiny model parses")
    }

    #[test]
    fn spread_months_counts_every_month_when_soft_and_the_allowed_ones_when_hard() {
        let mut model = tiny();
        let all = crate::demand::fiscal_months(&model).len();
        assert_eq!(spread_months(&model), all);
        model.publicity.lead_time = LeadTime::Hard;
        // From the year's first day: the first two months have no day whose flyer can
        // be ready 2 months before.
        model.publicity.from = model.period.from;
        assert_eq!(spread_months(&model), all.saturating_sub(2).max(1));
        // Flyers prepared two months ahead: every month again.
        model.publicity.from = model
            .period
            .from
            .checked_sub_months(chrono::Months::new(2))
            .expect("a date");
        assert_eq!(spread_months(&model), all);
    }
}
