//! Contracts honoured, in the manager's terms (issue 16): each person's days worked
//! against their contracted days, who is more than 20 % under or over, and each role's
//! spread of days per contracted day. Every summary (solve, re-plan) shows these lines;
//! contracted days and the 20 % flags are `plan::affected`'s, as affected.csv has them.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::labels::{contract_words, fill, Lang};
use crate::model::Model;
use crate::plan::affected::{contracted_days_of_all, ContractFlag};
use crate::plan::Plan;

/// The roles whose contracted days are the roster's work: consultations (CON-3), the
/// office (OFF-1) and seminar reception (SEM-5).
pub const ROSTERED_ROLES: [crate::model::Role; 4] = [
    crate::model::Role::Consultant,
    crate::model::Role::Reception,
    crate::model::Role::Manager,
    crate::model::Role::SubManager,
];

/// One person's days against their contract.
#[derive(Debug, Clone, PartialEq)]
pub struct ContractFigure {
    /// Staff id.
    pub staff_id: String,
    /// First role's id (the fairness group).
    pub role: &'static str,
    /// Days worked in the plan (distinct dates).
    pub days: usize,
    /// Contracted days in the year (`plan::affected::contracted_days`).
    pub contracted: f64,
}

impl ContractFigure {
    /// Days worked per contracted day.
    pub fn share(&self) -> f64 {
        if self.contracted > 0.0 {
            self.days as f64 / self.contracted
        } else {
            0.0
        }
    }

    /// More than 20 % under contract ([`ContractFlag::of`], as affected.csv flags it).
    pub fn under(&self) -> bool {
        self.flag() == ContractFlag::Under
    }

    /// More than 20 % over contract.
    pub fn over(&self) -> bool {
        self.flag() == ContractFlag::Over
    }

    fn flag(&self) -> ContractFlag {
        let days = u32::try_from(self.days).unwrap_or(u32::MAX);
        ContractFlag::of(days, Some(self.contracted))
    }
}

/// One role's spread: the people of the role who worked, their least and most days and
/// days per contracted day, and the share of the role's contracted days that had work.
#[derive(Debug, Clone, PartialEq)]
pub struct RoleSpread {
    /// Role id.
    pub role: &'static str,
    /// People of the role with at least one day.
    pub people: usize,
    /// Least and most days worked.
    pub days: (usize, usize),
    /// Least and most days per contracted day.
    pub share: (f64, f64),
    /// The role's days worked over its contracted days.
    pub role_share: f64,
}

/// Every person with contracted days, in the model's staff order.
pub fn contract_figures(model: &Model, plan: &Plan) -> Vec<ContractFigure> {
    let mut dates: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for a in &plan.assignments {
        dates
            .entry(a.staff_id.as_str())
            .or_default()
            .insert(a.date.as_str());
    }
    let contracted = contracted_days_of_all(model);
    model
        .staff
        .iter()
        .enumerate()
        .filter_map(|(p, s)| {
            let first = *s.roles.first()?;
            // Only roles whose contracted days are rostered work: a job developer's or a
            // lecturer's contract is mostly work the roster does not place (JOB-1, SEM-4),
            // so their days here say nothing about their contract.
            if !ROSTERED_ROLES.contains(&first) {
                return None;
            }
            let role = first.id();
            let contracted = contracted.get(p).copied().unwrap_or(0.0);
            (contracted > 0.0).then(|| ContractFigure {
                staff_id: s.id.clone(),
                role,
                days: dates.get(s.id.as_str()).map_or(0, BTreeSet::len),
                contracted,
            })
        })
        .collect()
}

/// Each role's spread among the people who worked, roles in the order they first
/// appear among the staff.
pub fn role_spreads(figures: &[ContractFigure]) -> Vec<RoleSpread> {
    let mut order: Vec<&'static str> = Vec::new();
    for f in figures {
        if !order.contains(&f.role) {
            order.push(f.role);
        }
    }
    order
        .into_iter()
        .filter_map(|role| {
            let worked: Vec<&ContractFigure> = figures
                .iter()
                .filter(|f| f.role == role && f.days > 0)
                .collect();
            let first = worked.first()?;
            let mut s = RoleSpread {
                role,
                people: worked.len(),
                days: (first.days, first.days),
                share: (first.share(), first.share()),
                role_share: 0.0,
            };
            let (mut days, mut contracted) = (0usize, 0.0);
            for f in &worked {
                s.days = (s.days.0.min(f.days), s.days.1.max(f.days));
                s.share = (s.share.0.min(f.share()), s.share.1.max(f.share()));
                days += f.days;
                contracted += f.contracted;
            }
            s.role_share = days as f64 / contracted;
            Some(s)
        })
        .collect()
}

/// The contract lines of a summary: each role's spread, then who is more than 20 %
/// under or over their contracted days.
pub fn contract_lines(model: &Model, plan: &Plan, lang: Lang) -> String {
    let w = contract_words(lang);
    let labels = lang.labels();
    let figures = contract_figures(model, plan);
    let mut s = String::new();
    let _ = writeln!(s, "\n{}", w.heading);
    for r in role_spreads(&figures) {
        let _ = writeln!(
            s,
            "  {}",
            fill(
                w.role,
                &[
                    ("role", &labels.role(r.role)),
                    ("people", &r.people),
                    ("min", &r.days.0),
                    ("max", &r.days.1),
                    ("lo", &format!("{:.2}", r.share.0)),
                    ("hi", &format!("{:.2}", r.share.1)),
                    ("spread", &format!("{:.2}", r.share.1 - r.share.0)),
                    ("share", &format!("{:.0}", 100.0 * r.role_share)),
                ],
            )
        );
    }
    let person = |f: &ContractFigure| {
        fill(
            w.person,
            &[
                ("id", &f.staff_id),
                ("days", &f.days),
                ("contracted", &format!("{:.0}", f.contracted)),
                ("pct", &format!("{:.0}", 100.0 * f.share())),
            ],
        )
    };
    let under: Vec<String> = figures.iter().filter(|f| f.under()).map(person).collect();
    let over: Vec<String> = figures.iter().filter(|f| f.over()).map(person).collect();
    if under.is_empty() && over.is_empty() {
        let _ = writeln!(s, "  {}", w.none);
    }
    for (label, list) in [(w.under, under), (w.over, over)] {
        if !list.is_empty() {
            let _ = writeln!(s, "  {label}: {}", list.join(" "));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fig(id: &str, role: &'static str, days: usize, contracted: f64) -> ContractFigure {
        ContractFigure {
            staff_id: id.to_string(),
            role,
            days,
            contracted,
        }
    }

    #[test]
    fn flags_more_than_twenty_percent_under_or_over() {
        assert!(fig("a", "reception", 79, 100.0).under());
        assert!(!fig("a", "reception", 80, 100.0).under());
        assert!(fig("a", "reception", 121, 100.0).over());
        assert!(!fig("a", "reception", 120, 100.0).over());
        assert!(!fig("a", "reception", 0, 0.0).under());
    }

    #[test]
    fn spread_counts_only_who_worked() {
        let f = [
            fig("r1", "reception", 190, 200.0),
            fig("r2", "reception", 200, 200.0),
            fig("c1", "consultant", 0, 50.0),
        ];
        let s = role_spreads(&f);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].days, (190, 200));
        assert!((s[0].share.1 - s[0].share.0 - 0.05).abs() < 1e-9);
        assert!((s[0].role_share - 0.975).abs() < 1e-9);
    }
}
