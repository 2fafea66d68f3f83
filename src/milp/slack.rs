//! The one list of a MILP's reported slack: every rule family that lets its rule bend
//! at a penalty registers the slack here with what it stands for (rule, date, event,
//! person and a [`Cause`] as data), and one loop reads them back as violations.
//!
//! No words here: a violation carries its [`Cause`] and the amount short as data, and
//! the writer renders the message in the reader's language
//! (`report::labels::violation_message`), so milp/ does not depend on report/.

use chrono::NaiveDate;

use super::lp::Var;
use crate::model::Rule;
use crate::plan::cause::{Cause, Caused};
use crate::plan::Violation;

/// How a slack's value reads as an amount short.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reading {
    /// A count of whole things (events, people): the value rounded, reported from 1.
    Count,
    /// A promise broken or kept (PR-1): reported as 1 above a half.
    Broken,
    /// Any value above the solver's tolerance (1e-6), reported as it is.
    Amount,
}

/// What a slack stands for.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SlackTag {
    /// The rule it bends.
    pub rule: Rule,
    /// The date concerned, if any.
    pub date: Option<NaiveDate>,
    /// The event concerned (empty for none).
    pub event: String,
    /// The person concerned (empty for none).
    pub person: String,
    /// Why the rule would not hold, as data.
    pub cause: Cause,
    /// The objective's cost of one unit short.
    pub penalty: f64,
    /// How the value reads.
    pub reading: Reading,
}

impl SlackTag {
    /// A tag for `rule` with `cause`, costing `penalty` a unit, read as `reading`;
    /// no date, event or person yet.
    pub(crate) fn new(rule: Rule, cause: Cause, penalty: f64, reading: Reading) -> Self {
        SlackTag {
            rule,
            date: None,
            event: String::new(),
            person: String::new(),
            cause,
            penalty,
            reading,
        }
    }

    /// This tag on date `date`.
    pub(crate) fn on(mut self, date: Option<NaiveDate>) -> Self {
        self.date = date;
        self
    }

    /// This tag for event `event`.
    pub(crate) fn event(mut self, event: impl Into<String>) -> Self {
        self.event = event.into();
        self
    }

    /// This tag for person `person`.
    pub(crate) fn person(mut self, person: impl Into<String>) -> Self {
        self.person = person.into();
        self
    }

    /// The amount short a value reads as (`None`: the rule holds).
    fn read(&self, value: f64) -> Option<f64> {
        match self.reading {
            Reading::Count => Some(value.round()).filter(|m| *m >= 0.5),
            Reading::Broken => (value > 0.5).then_some(1.0),
            Reading::Amount => (value > 1e-6).then_some(value),
        }
    }

    /// The violation this tag stands for, `short` units short, with `cause`.
    fn violation(&self, cause: &Cause, short: f64) -> Violation {
        Violation {
            rule: self.rule,
            date: self.date.map(|d| d.to_string()).unwrap_or_default(),
            event_id: self.event.clone(),
            staff_id: self.person.clone(),
            message: String::new(),
            cause: Some(Caused {
                cause: cause.clone(),
                short,
            }),
        }
    }
}

/// The violations of a solution and the penalties they cost.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Decoded {
    /// One per slack short, in the order the slack was registered.
    pub violations: Vec<Violation>,
    /// The sum of each amount short times its penalty, in the same order.
    pub cost: f64,
}

/// One MILP's reported slack, in the order it was registered.
#[derive(Debug, Default)]
pub(crate) struct SlackRegistry {
    slack: Vec<(Var, SlackTag)>,
}

impl SlackRegistry {
    /// Registers `var` as slack standing for `tag`.
    pub(crate) fn add(&mut self, var: Var, tag: SlackTag) -> Var {
        self.slack.push((var, tag));
        var
    }

    /// The registered slack, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &(Var, SlackTag)> {
        self.slack.iter()
    }

    /// The violations of the solution given as a `value` per variable: one per slack
    /// its reading finds short.
    pub(crate) fn decode(&self, value: impl Fn(Var) -> f64) -> Decoded {
        self.decode_with(value, |_, tag, short| short.map(|s| (s, tag.cause.clone())))
    }

    /// As [`decode`](Self::decode), where the plan settles some slack: `settle` sees
    /// every slack with the amount its reading gives (`None`: not short) and returns
    /// the amount to report and the cause completed from the plan (CON-4 counts a
    /// team's members, not its slack; an unfilled need names who was kept away), or
    /// `None` when the rule holds.
    pub(crate) fn decode_with(
        &self,
        value: impl Fn(Var) -> f64,
        mut settle: impl FnMut(Var, &SlackTag, Option<f64>) -> Option<(f64, Cause)>,
    ) -> Decoded {
        let mut out = Decoded::default();
        for (var, tag) in &self.slack {
            if let Some((short, cause)) = settle(*var, tag, tag.read(value(*var))) {
                out.cost += short * tag.penalty;
                out.violations.push(tag.violation(&cause, short));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::milp::lp::Lp;
    use crate::plan::cause::Counted;
    use crate::report::labels::{violation_text, Lang};

    #[test]
    fn decode_reads_each_slack_by_its_reading_in_registration_order() {
        let mut lp = Lp::new();
        let (pin, short, room, idle) = (
            lp.slack(0.0, 1.0, 100.0),
            lp.slack(0.0, 3.0, 1000.0),
            lp.continuous(0.0, 1.0, 1000.0),
            lp.slack(0.0, 3.0, 1000.0),
        );
        let mut reg = SlackRegistry::default();
        let day = NaiveDate::from_ymd_opt(2023, 5, 8);
        let counted = |municipality: &str| Counted::Seminars {
            municipality: municipality.into(),
            seminar_type: "senior".into(),
        };
        reg.add(
            pin,
            SlackTag::new(
                Rule::Pr1,
                Cause::AnnouncedDateLost {
                    event: "sem-alpha-20230508".into(),
                },
                100.0,
                Reading::Broken,
            )
            .on(day)
            .event("sem-alpha-20230508"),
        );
        reg.add(
            short,
            SlackTag::new(
                Rule::Sem1,
                Cause::NoFreeDate {
                    counted: counted("alpha"),
                    count: 3,
                },
                1000.0,
                Reading::Count,
            ),
        );
        reg.add(
            room,
            SlackTag::new(
                Rule::Trn5,
                Cause::ClassroomsTaken {
                    course: "c1".into(),
                },
                1000.0,
                Reading::Amount,
            )
            .on(day)
            .event("course-c1")
            .person("t01"),
        );
        reg.add(
            idle,
            SlackTag::new(
                Rule::Sem1,
                Cause::NoFreeDate {
                    counted: counted("beta"),
                    count: 3,
                },
                1000.0,
                Reading::Count,
            ),
        );
        // Values as HiGHS returns them: near, not exactly at, integers.
        let solution: HashMap<Var, f64> = HashMap::from([
            (pin, 0.999_999_9),
            (short, 2.000_000_1),
            (room, 0.25),
            (idle, 0.4),
        ]);
        let out = reg.decode(|v| solution.get(&v).copied().unwrap_or(0.0));
        let texts: Vec<String> = out
            .violations
            .iter()
            .map(|v| violation_text(Lang::En, v))
            .collect();
        let found: Vec<(&str, &str, &str, &str, &str)> = out
            .violations
            .iter()
            .zip(&texts)
            .map(|(v, text)| {
                (
                    v.rule.id(),
                    v.date.as_str(),
                    v.event_id.as_str(),
                    v.staff_id.as_str(),
                    text.as_str(),
                )
            })
            .collect();
        assert_eq!(
            found,
            vec![
                (
                    "PR-1",
                    "2023-05-08",
                    "sem-alpha-20230508",
                    "",
                    "sem-alpha-20230508 is announced (leaflet or flyer out) but cannot keep its date: its room or day is taken by another announced event or closed by the scenario"
                ),
                (
                    "SEM-1",
                    "",
                    "",
                    "",
                    "alpha: 3 senior seminars: 1 placed, 2 short; no free date with a usable room (check the venue's weekdays, closures and rooms)"
                ),
                (
                    "TRN-5",
                    "2023-05-08",
                    "course-c1",
                    "t01",
                    "c1: no classroom: every classroom that fits the course is taken or unavailable that day"
                ),
            ]
        );
        assert_eq!(out.cost, 100.0 + 2.0 * 1000.0 + 0.25 * 1000.0);
    }

    #[test]
    fn settle_overrides_the_amount_and_completes_the_cause() {
        let mut lp = Lp::new();
        let team = lp.slack(0.0, 2.0, 10.0);
        let mut reg = SlackRegistry::default();
        reg.add(
            team,
            SlackTag::new(
                Rule::Con4,
                Cause::TeamTooSmall {
                    municipality: "alpha".into(),
                    min: 2,
                    qualified: vec!["c01".into()],
                },
                10.0,
                Reading::Count,
            ),
        );
        // The slack reads 0, but the plan's team has one member of two.
        let out = reg.decode_with(
            |_| 0.0,
            |_, tag, read| {
                assert_eq!(read, None);
                Some((1.0, tag.cause.clone()))
            },
        );
        assert_eq!(out.cost, 10.0);
        assert_eq!(
            violation_text(Lang::En, &out.violations[0]),
            "alpha: team has 1 of at least 2 consultants; qualified consultants (CON-5): c01"
        );
        assert!(reg.decode(|_| 0.0).violations.is_empty());
    }
}
