//! `candidates`: the people who could take one person's assignments of a day (issue 19,
//! the desk's ranked candidates), each with what would change: the rules the swap would
//! break (the independent checker run on the edited plan, against the plan as it is),
//! travel, teams joined and left, and their days against their contract.
//!
//! Nothing here decides a rule. The edit is `swap`'s own ([`super::swap::swapped`]);
//! the rules broken are `check::check`'s findings that the plan did not already have
//! (as `swap` refuses them, E055); the figures are `plan::affected::consequences`. Only
//! the short list is checked: people are first kept when the model's own functions say
//! they could be there at all (available that day under the terms in force, holding
//! each role of the day, reaching each place: `Staff::available`, `Staff::has`,
//! `milp::Reach`), since anyone else breaks MODEL-AVAIL or a role rule whatever the
//! checker says about the rest.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

use super::swap::{swapped, SwapKind};
use super::{load, same_model};
use crate::error::Error;
use crate::input::error::{nearest, InputError, InputErrors};
use crate::model::{Place, Role};
use crate::plan::affected::{consequences, contracted_days_of_all, ContractFlag};
use crate::replan::folder;
use crate::report::labels::rule_sentence;
use crate::report::names::Names;
use crate::report::Lang;

/// Which assignments to find candidates for.
#[derive(Debug, Clone)]
pub struct CandidateSettings {
    /// The model file the plan was solved from.
    pub model: PathBuf,
    /// The plan folder (never written).
    pub plan: PathBuf,
    /// The day.
    pub date: NaiveDate,
    /// Whose assignments of the day (a staff id).
    pub staff: String,
    /// Language of names and sentences.
    pub lang: Lang,
}

/// One rule a swap would break.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Broken {
    /// The rule id (`CON-4`, `MODEL-AVAIL`, ...).
    pub rule: String,
    /// The day, event and person the checker names (any may be empty).
    pub date: String,
    /// Event id.
    pub event_id: String,
    /// Staff id.
    pub staff_id: String,
    /// What the rule says and what the checker found, in the desk's language.
    pub sentence: String,
}

/// One person who could take the assignments, with what would change.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Candidate {
    /// Staff id.
    pub staff_id: String,
    /// Their name.
    pub name: String,
    /// `replace` (they take the day over) or `exchange` (they work that day too, and
    /// the two exchange their assignments of the day).
    pub kind: &'static str,
    /// Rules the swap would break (empty: `swap` accepts it).
    pub broken: Vec<Broken>,
    /// Km travelled more (negative: less), everyone together.
    pub km_change: f64,
    /// That in yen, when the model gives a rate.
    pub yen_change: Option<f64>,
    /// Municipalities whose team (CON-4) they would join.
    pub teams_joined: Vec<String>,
    /// Municipalities whose team they would leave.
    pub teams_left: Vec<String>,
    /// Their days in the plan as it is.
    pub days_before: u32,
    /// Their days after the swap.
    pub days_after: u32,
    /// Their contracted days over the period.
    pub contracted_days: f64,
    /// Against the contract after the swap (`within`, `under`, `over`, empty).
    pub contract: &'static str,
}

/// The candidates for `staff`'s assignments on `date`, best first.
#[derive(Debug, Clone, Serialize)]
pub struct Candidates {
    /// The day.
    pub date: String,
    /// Whose assignments.
    pub staff_id: String,
    /// Their name.
    pub name: String,
    /// Their assignments of the day: (event id, role).
    pub assignments: Vec<(String, String)>,
    /// People looked at (everyone else in the model).
    pub considered: usize,
    /// People checked after the first cut (available, roles, reach).
    pub checked: usize,
    /// The candidates, ranked: no rule broken first, then fewer rules broken, then
    /// less travel, then the person furthest under their contract, then staff id.
    pub candidates: Vec<Candidate>,
}

/// Ranks the people who could take `s.staff`'s assignments on `s.date`.
pub fn candidates(s: &CandidateSettings) -> Result<Candidates, Error> {
    let (m, text) = load(&s.model)?;
    let before = crate::plan::files::read_baseline_dir(&s.plan)?;
    same_model(&before.model_digest, &text, &s.plan, &s.model, None)?;
    let m = folder::folder_model(&m, &s.plan, None)?;
    let here = Path::new("candidates");
    let Some(p) = m.staff.iter().position(|x| x.id == s.staff) else {
        return Err(InputErrors(vec![InputError {
            code: "E069",
            file: here.to_path_buf(),
            line: 0,
            column: 0,
            message: format!("staff id `{}` is not in {}", s.staff, s.model.display()),
            help: nearest(&s.staff, m.staff.iter().map(|x| x.id.as_str())).map_or_else(
                || "give a staff id of the model (`[[staff]] id`)".to_string(),
                |n| format!("did you mean `{n}`?"),
            ),
        }])
        .into());
    };
    let day = s.date.to_string();
    let of_day = |id: &str| -> Vec<(String, String)> {
        before
            .assignments
            .iter()
            .filter(|a| a.date == day && a.staff_id == id)
            .map(|a| (a.event_id.clone(), a.role.clone()))
            .collect()
    };
    let mine = of_day(&s.staff);
    if mine.is_empty() {
        return Err(InputErrors(vec![InputError {
            code: "E056",
            file: here.to_path_buf(),
            line: 0,
            column: 0,
            message: format!(
                "nothing to swap: {} does not work on {day} in {}",
                s.staff,
                s.plan.display()
            ),
            help: "give a day the plan has them on (assignments.csv)".to_string(),
        }])
        .into());
    }
    let reach = crate::milp::Reach::of(&m);
    let place_of = |event_id: &str| -> Option<Place> {
        let e = before
            .events
            .iter()
            .find(|e| e.event_id == event_id && e.date == day)?;
        (0..m.municipalities.len())
            .map(Place::Municipality)
            .chain((0..m.towns.len()).map(Place::Town))
            .find(|pl| m.place_id(*pl) == e.municipality)
    };
    // Whether person `q` could be at each of `duties` on the day at all.
    let could = |q: usize, duties: &[(String, String)]| -> bool {
        let sq = m.staff[q].on(s.date);
        sq.available(s.date)
            && duties.iter().all(|(event, role)| {
                Role::parse(role).is_none_or(|r| sq.has(r))
                    && place_of(event).is_none_or(|pl| reach.reaches(&m, q, pl))
            })
    };
    let had: BTreeSet<String> = crate::check::check(&m, &before)
        .iter()
        .map(|v| format!("{v}"))
        .collect();
    let contracted = contracted_days_of_all(&m);
    let names = Names::new(&m, s.lang);
    // The short list, then each swap checked (in parallel: the checker runs on the
    // whole edited plan; the order is fixed by the sort below).
    let short: Vec<(usize, bool)> = m
        .staff
        .iter()
        .enumerate()
        .filter(|(q, _)| *q != p)
        .filter_map(|(q, other)| {
            let theirs = of_day(&other.id);
            let exchange = !theirs.is_empty();
            (could(q, &mine) && (!exchange || could(p, &theirs))).then_some((q, exchange))
        })
        .collect();
    let checked = short.len();
    let one = |&(q, exchange): &(usize, bool)| -> Candidate {
        let other = &m.staff[q];
        let kind = if exchange {
            SwapKind::Exchange(s.staff.clone(), other.id.clone())
        } else {
            SwapKind::Replace {
                from: s.staff.clone(),
                with: other.id.clone(),
            }
        };
        let after = swapped(&before, &day, &kind);
        let broken: Vec<Broken> = crate::check::check(&m, &after)
            .into_iter()
            .filter(|v| !had.contains(&format!("{v}")))
            .map(|v| Broken {
                rule: v.rule.id().to_string(),
                sentence: rule_sentence(s.lang, &v),
                date: v.date,
                event_id: v.event_id,
                staff_id: v.staff_id,
            })
            .collect();
        let c = consequences(&before, &after, &m);
        let me = c.people.iter().find(|x| x.staff_id == other.id);
        let days = |plan: &crate::plan::Plan| -> u32 {
            let d: BTreeSet<&str> = plan
                .assignments
                .iter()
                .filter(|a| a.staff_id == other.id)
                .map(|a| a.date.as_str())
                .collect();
            u32::try_from(d.len()).unwrap_or(u32::MAX)
        };
        let (days_before, days_after) = (days(&before), days(&after));
        let contracted_days = contracted.get(q).copied().unwrap_or(0.0);
        let km = c.km_change();
        Candidate {
            staff_id: other.id.clone(),
            // Named below (the names' index is not shared between threads).
            name: String::new(),
            kind: if exchange { "exchange" } else { "replace" },
            broken,
            km_change: (km * 10.0).round() / 10.0,
            yen_change: c.yen(km).map(f64::round),
            teams_joined: me.map(|x| x.teams_joined.clone()).unwrap_or_default(),
            teams_left: me.map(|x| x.teams_left.clone()).unwrap_or_default(),
            days_before,
            days_after,
            contracted_days: (contracted_days * 10.0).round() / 10.0,
            contract: ContractFlag::of(days_after, Some(contracted_days)).id(),
        }
    };
    let mut out: Vec<Candidate> = {
        use rayon::prelude::*;
        short.par_iter().map(one).collect()
    };
    for c in &mut out {
        c.name = names.staff(&c.staff_id);
    }
    let share = |c: &Candidate| {
        if c.contracted_days > 0.0 {
            f64::from(c.days_after) / c.contracted_days
        } else {
            f64::INFINITY
        }
    };
    out.sort_by(|a, b| {
        a.broken
            .len()
            .cmp(&b.broken.len())
            .then(a.km_change.total_cmp(&b.km_change))
            .then(share(a).total_cmp(&share(b)))
            .then(a.staff_id.cmp(&b.staff_id))
    });
    Ok(Candidates {
        date: day,
        staff_id: s.staff.clone(),
        name: names.staff(&s.staff),
        assignments: mine,
        considered: m.staff.len() - 1,
        checked,
        candidates: out,
    })
}
