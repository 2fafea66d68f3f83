//! The model's optional `[targets]` table (KPI-1): the contract's yearly targets, shown
//! beside the plan's consultation slots and event seats (the workbook's 目標 sheet).
//! Every field is optional; the solver never reads them.

use serde::Deserialize;
use toml::Spanned;

use super::Validator;
use crate::model::Targets;

/// The largest target accepted: far above any programme's yearly figures.
const TARGET_MAX: i64 = 10_000_000;

/// `[targets]` as written (KPI-1).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTargets {
    /// Users.
    pub users: Option<Spanned<i64>>,
    /// Users aged 60 or over.
    pub users_60_plus: Option<Spanned<i64>>,
    /// Users aged 65 or over.
    pub users_65_plus: Option<Spanned<i64>>,
    /// Employment confirmed.
    pub employed: Option<Spanned<i64>>,
    /// Employment confirmed, 60 or over.
    pub employed_60_plus: Option<Spanned<i64>>,
    /// Employment confirmed, 65 or over.
    pub employed_65_plus: Option<Spanned<i64>>,
    /// New companies.
    pub new_companies: Option<Spanned<i64>>,
    /// Referrals.
    pub referrals: Option<Spanned<i64>>,
    /// Internship participants.
    pub internships: Option<Spanned<i64>>,
}

/// Validates `[targets]`: each a whole number from 0 (E017 otherwise, at the number).
pub(crate) fn targets(v: &mut Validator, raw: Option<&RawTargets>) -> Targets {
    let Some(r) = raw else {
        return Targets::default();
    };
    let mut one = |x: &Option<Spanned<i64>>, what: &str| {
        x.as_ref()
            .map(|n| v.count(n, 0, TARGET_MAX, &format!("targets.{what}")))
    };
    Targets {
        users: one(&r.users, "users"),
        users_60_plus: one(&r.users_60_plus, "users_60_plus"),
        users_65_plus: one(&r.users_65_plus, "users_65_plus"),
        employed: one(&r.employed, "employed"),
        employed_60_plus: one(&r.employed_60_plus, "employed_60_plus"),
        employed_65_plus: one(&r.employed_65_plus, "employed_65_plus"),
        new_companies: one(&r.new_companies, "new_companies"),
        referrals: one(&r.referrals, "referrals"),
        internships: one(&r.internships, "internships"),
    }
}
