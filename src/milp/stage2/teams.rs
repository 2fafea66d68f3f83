//! CON-4, the assigned-consultant system (担当者制), in one place: each municipality's
//! team variables, the rows that keep its days to its team and its team at least
//! `team_min` strong, and the decoding of teams and team shortfalls.

use std::collections::{BTreeMap, BTreeSet};

use good_lp::constraint;

use super::{eligible, sum, Ctx, Lp, Model, Var, Who};
use crate::model::Rule;
use crate::plan::{TeamMember, Violation};

/// Team membership z[p, m] of qualified consultants and each team's shortfall slack
/// (CON-4).
#[derive(Default)]
pub(super) struct Teams {
    /// z[(person, municipality)].
    pub(super) z: BTreeMap<(usize, usize), Var>,
    /// Objective coefficient of each z (team weight plus change cost).
    pub(super) cost: BTreeMap<(usize, usize), f64>,
    /// Shortfall slack of each municipality's team minimum.
    pub(super) slack: Vec<(usize, Var)>,
}

impl Teams {
    /// The membership variables (CON-4), created before every assignment variable.
    /// In a re-plan a new member is a change (CON-7): substitutes come from the same
    /// team where they can.
    pub(super) fn vars(lp: &mut Lp, cx: &Ctx) -> Self {
        let w = &cx.model.objective;
        let mut teams = Teams::default();
        for (&m, members) in &cx.part.teams {
            for &p in members {
                let mut cost = w.team_member;
                if cx.fix.change_weight > 0.0 && !cx.fix.baseline_teams.contains(&(m, p)) {
                    cost += cx.fix.change_weight;
                }
                teams.z.insert((p, m), lp.binary(cost));
                teams.cost.insert((p, m), cost);
            }
        }
        teams
    }

    /// A municipality's consultation day is staffed by its team's members (CON-4):
    /// assignment `x` of person `p` to a need `who` implies p is on the team. Called by
    /// `cover_needs` right after each assignment variable, where the row always stood.
    pub(super) fn link(&self, lp: &mut Lp, x: Var, who: Who, p: usize) {
        if let Who::TeamConsultant(m) = who {
            if let Some(zv) = self.z.get(&(p, m)) {
                lp.add(constraint!(x.1 <= zv.1));
            }
        }
    }

    /// The (person, municipality) memberships a solution has.
    pub(super) fn members(&self, on: impl Fn(Var) -> bool) -> BTreeSet<(usize, usize)> {
        self.z
            .iter()
            .filter(|(_, v)| on(**v))
            .map(|(k, _)| *k)
            .collect()
    }

    /// The plan's team rows (CON-4) for the members in `team_of`.
    pub(super) fn decode(model: &Model, team_of: &BTreeSet<(usize, usize)>) -> Vec<TeamMember> {
        team_of
            .iter()
            .map(|&(p, m)| TeamMember {
                municipality: model.municipalities[m].id.clone(),
                staff_id: model.staff[p].id.clone(),
            })
            .collect()
    }

    /// Each team short of its minimum (CON-4), counted from the members the plan has,
    /// not the slack's value (HiGHS may hand back a slack above its least value): the
    /// violation and the number of members missing.
    pub(super) fn shortfalls(
        &self,
        model: &Model,
        team_of: &BTreeSet<(usize, usize)>,
    ) -> Vec<(Violation, f64)> {
        let mut out = Vec::new();
        for &(m, _) in &self.slack {
            let members = team_of.iter().filter(|(_, mm)| *mm == m).count() as f64;
            let miss = (f64::from(model.municipalities[m].team_min) - members).max(0.0);
            if miss < 0.5 {
                continue;
            }
            let muni = &model.municipalities[m];
            let qualified: Vec<&str> = model
                .staff
                .iter()
                .enumerate()
                .filter(|(p, _)| eligible(model, *p, Who::TeamConsultant(m)))
                .map(|(_, s)| s.id.as_str())
                .collect();
            let violation = Violation {
                rule: Rule::Con4,
                date: String::new(),
                event_id: String::new(),
                staff_id: String::new(),
                message: format!(
                    "{}: team has {} of at least {} consultants; qualified consultants (CON-5): {}",
                    muni.id,
                    f64::from(muni.team_min) - miss,
                    muni.team_min,
                    if qualified.is_empty() {
                        "none".to_string()
                    } else {
                        qualified.join(", ")
                    }
                ),
            };
            out.push((violation, miss));
        }
        out
    }
}

/// Two per municipality (CON-4): whoever staffed a municipality's day in the frozen
/// past is on its team, and each team has at least `team_min` members (2; Chichibu 1),
/// short only at the violation weight. The rows follow the cover rows.
pub(super) fn two_per_municipality(
    lp: &mut Lp,
    cx: &Ctx,
    teams: &mut Teams,
    history_team: &BTreeSet<(usize, usize)>,
) {
    for key in history_team {
        if let Some(zv) = teams.z.get(key) {
            lp.add(constraint!(zv.1 == 1.0));
        }
    }
    let big = cx.model.objective.violation;
    for (&m, people) in &cx.part.teams {
        let muni = &cx.model.municipalities[m];
        let members: Vec<Var> = people
            .iter()
            .filter_map(|&p| teams.z.get(&(p, m)).copied())
            .collect();
        let slack = lp.slack(0.0, f64::from(muni.team_min), big);
        lp.add(constraint!(
            sum(members) + slack.1 >= f64::from(muni.team_min)
        ));
        teams.slack.push((m, slack));
    }
}
