//! Where each rule is held, for the rules the formulation does not cite: the ones the
//! checker reports only as found, and the ones no plan can break.
//!
//! Every rule the checker reports is either encoded by the formulation, and cited in a
//! doc comment of `src/milp/` ("CON-4" in a `///` or `//!` line), or listed in
//! [`CHECK_ONLY`] with the reason the solver never chooses it. Every rule of
//! [`Rule::ALL`] is reported by some code (the checker or the solver's slack) or listed
//! in [`NOT_IN_A_PLAN`] with the reason no plan row can break it. The tests below read
//! the source files and keep both lists honest: a rule that moves into the formulation,
//! or starts being reported, must leave its list.

use crate::model::Rule;

/// Rules the checker reports that the formulation does not encode, each with why: the
/// calendar or the demand fixes them before the solve, or they are facts of the model or
/// of the plan files, reported as found.
pub const CHECK_ONLY: &[(Rule, &str)] = &[
    (
        Rule::Cal1,
        "calendar: days are expanded over the fiscal year only (calendar, demand); no date outside it is ever a candidate",
    ),
    (
        Rule::Cal2,
        "calendar: national holidays are removed before the solve (a consultation day on one moves under CAL-5)",
    ),
    (
        Rule::Cal3,
        "calendar: the year-end closure is removed before the solve; nothing is held or substituted in it",
    ),
    (
        Rule::Con2,
        "demand: a consultation day's hours (09:45-16:15) are fixed by the demand, never chosen",
    ),
    (
        Rule::Sem2,
        "demand: a seminar's hours (14:00-16:00) are fixed by the demand, never chosen",
    ),
    (
        Rule::Sem3,
        "demand: the room, and so its seats, is picked by the demand (a usable room that holds the capacity); a room too small is reported as found",
    ),
    (
        Rule::Job1,
        "model: the number of job developers is a fact of the staff list, reported as found",
    ),
    (
        Rule::Plan1,
        "file form: a solved plan is well formed by construction; only a plan read from files can break it",
    ),
];

/// Rules no code reports as a violation, each with why no plan row can break them.
pub const NOT_IN_A_PLAN: &[(Rule, &str)] = &[
    (
        Rule::Con7,
        "a procedure, not a property of one plan: `roster replan` places someone else (the re-plan's change cost, milp/stage2)",
    ),
    (
        Rule::Con8,
        "case management of users by their consultant; not rostered",
    ),
    (
        Rule::Kpi1,
        "outcome targets (users, employment), not a property of a roster",
    ),
    (
        Rule::Rep1,
        "monthly report deadlines, not a property of a roster",
    ),
    (
        Rule::Trn12,
        "payment rates computed from a provider's outcomes, not from a plan",
    ),
];

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::model::EventKind;

    /// Every `.rs` file under `src/<dir>`, read at test time.
    fn sources(dir: &str) -> Vec<(PathBuf, String)> {
        fn walk(p: &Path, out: &mut Vec<(PathBuf, String)>) {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(p)
                .expect("source folder")
                .flatten()
                .map(|e| e.path())
                .collect();
            entries.sort();
            for e in entries {
                if e.is_dir() {
                    walk(&e, out);
                } else if e.extension().is_some_and(|x| x == "rs") {
                    let text = std::fs::read_to_string(&e).expect("source file");
                    out.push((e, text));
                }
            }
        }
        let mut out = Vec::new();
        walk(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(dir),
            &mut out,
        );
        assert!(!out.is_empty(), "no source under src/{dir}");
        out
    }

    /// The code of a file without its tests (a `tests.rs` file, or what follows the
    /// first `#[cfg(test)]`), and without this file's lists.
    fn code(path: &Path, text: &str) -> String {
        if path.file_name().is_some_and(|n| n == "tests.rs") || path.ends_with(file!()) {
            return String::new();
        }
        text.split("#[cfg(test)]").next().unwrap_or("").to_string()
    }

    /// The rules named as `Rule::Variant` in `text`, and those of every event kind when
    /// it names them through `kind.rule()`.
    fn named(text: &str) -> BTreeSet<Rule> {
        let mut out: BTreeSet<Rule> = Rule::ALL
            .into_iter()
            .filter(|r| {
                let token = format!("Rule::{r:?}");
                text.match_indices(&token).any(|(i, _)| {
                    !text[i + token.len()..]
                        .starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
                })
            })
            .collect();
        if text.contains("kind.rule()") {
            out.extend(EventKind::ALL.map(EventKind::rule));
        }
        out
    }

    /// The rules the code under `src/<dir>` reports (tests left out).
    fn reported_in(dir: &str) -> BTreeSet<Rule> {
        sources(dir)
            .iter()
            .flat_map(|(p, t)| named(&code(p, t)))
            .collect()
    }

    /// Whether `id` stands in `line` as a whole ID (`TRN-1` is not in `TRN-10`).
    fn cites(line: &str, id: &str) -> bool {
        line.match_indices(id).any(|(i, _)| {
            !line[i + id.len()..].starts_with(|c: char| c.is_ascii_digit())
                && !line[..i].ends_with(|c: char| c.is_ascii_alphanumeric())
        })
    }

    /// The rules cited in the doc comments (`///`, `//!`) of the formulation.
    fn cited_by_formulation() -> BTreeSet<Rule> {
        let docs: Vec<String> = sources("milp")
            .iter()
            .flat_map(|(_, t)| t.lines().map(str::trim).map(str::to_string))
            .filter(|l| l.starts_with("///") || l.starts_with("//!"))
            .collect();
        Rule::ALL
            .into_iter()
            .filter(|r| docs.iter().any(|l| cites(l, r.id())))
            .collect()
    }

    fn listed(list: &[(Rule, &str)]) -> BTreeSet<Rule> {
        for (r, why) in list {
            assert!(!why.trim().is_empty(), "{r} is listed without a reason");
        }
        let set: BTreeSet<Rule> = list.iter().map(|(r, _)| *r).collect();
        assert_eq!(set.len(), list.len(), "a rule is listed twice");
        set
    }

    #[test]
    fn the_source_scan_finds_what_it_should() {
        assert!(cites("/// CON-4 (teams of two)", "CON-4"));
        assert!(!cites("/// TRN-10 follow-ups", "TRN-1"));
        assert!(!cites("/// XCON-4", "CON-4"));
        assert_eq!(
            named("rule: Rule::Trn1, Rule::Con4; Rule::Trn12x"),
            BTreeSet::from([Rule::Trn1, Rule::Con4])
        );
        assert!(named("rule: s.kind.rule(),").contains(&Rule::Rt1));
        let found = reported_in("check");
        for r in [Rule::Con4, Rule::Sem8, Rule::Trn4, Rule::Trn6, Rule::Plan1] {
            assert!(found.contains(&r), "{r} not seen in src/check");
        }
    }

    #[test]
    fn every_rule_the_checker_reports_is_in_the_formulation_or_check_only() {
        let checked = reported_in("check");
        let cited = cited_by_formulation();
        let check_only = listed(CHECK_ONLY);
        let missing: Vec<Rule> = checked
            .iter()
            .filter(|r| !cited.contains(r) && !check_only.contains(r))
            .copied()
            .collect();
        assert!(
            missing.is_empty(),
            "reported by src/check but neither cited in a doc comment of src/milp nor in CHECK_ONLY: {missing:?}"
        );
        for r in &check_only {
            assert!(
                checked.contains(r),
                "{r} is CHECK_ONLY but src/check never reports it"
            );
            assert!(
                !cited.contains(r),
                "{r} is CHECK_ONLY but the formulation cites it: take it off the list"
            );
        }
    }

    #[test]
    fn every_rule_is_reported_by_some_code_or_listed_as_not_in_a_plan() {
        let mut reported = reported_in("check");
        reported.extend(reported_in("milp"));
        let not_in_a_plan = listed(NOT_IN_A_PLAN);
        let missing: Vec<Rule> = Rule::ALL
            .into_iter()
            .filter(|r| !reported.contains(r) && !not_in_a_plan.contains(r))
            .collect();
        assert!(
            missing.is_empty(),
            "no code reports these and NOT_IN_A_PLAN does not list them: {missing:?}"
        );
        for r in &not_in_a_plan {
            assert!(
                !reported.contains(r),
                "{r} is listed as not in a plan but some code reports it"
            );
        }
    }
}
