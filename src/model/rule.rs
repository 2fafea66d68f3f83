//! The rules a plan is held to: every ID of `../shared/RULES.md`, plus roster's own
//! `PLAN-1` (well-formed plan files) and the `MODEL-*` limits a model adds (availability,
//! workload, rooms). Violations and slack carry a [`Rule`], never a string, so a typo in
//! a rule ID is a compile error; files keep today's text IDs.

use serde::{Deserialize, Serialize};

/// One rule ID. Serialised as its text ID (`"CON-4"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Rule {
    /// CAL-1 of RULES.md.
    #[serde(rename = "CAL-1")]
    Cal1,
    /// CAL-2 of RULES.md.
    #[serde(rename = "CAL-2")]
    Cal2,
    /// CAL-3 of RULES.md.
    #[serde(rename = "CAL-3")]
    Cal3,
    /// CAL-4 of RULES.md.
    #[serde(rename = "CAL-4")]
    Cal4,
    /// CAL-5 of RULES.md.
    #[serde(rename = "CAL-5")]
    Cal5,
    /// CAL-6 of RULES.md.
    #[serde(rename = "CAL-6")]
    Cal6,
    /// CON-1 of RULES.md.
    #[serde(rename = "CON-1")]
    Con1,
    /// CON-2 of RULES.md.
    #[serde(rename = "CON-2")]
    Con2,
    /// CON-3 of RULES.md.
    #[serde(rename = "CON-3")]
    Con3,
    /// CON-4 of RULES.md.
    #[serde(rename = "CON-4")]
    Con4,
    /// CON-5 of RULES.md.
    #[serde(rename = "CON-5")]
    Con5,
    /// CON-6 of RULES.md.
    #[serde(rename = "CON-6")]
    Con6,
    /// CON-7 of RULES.md.
    #[serde(rename = "CON-7")]
    Con7,
    /// CON-8 of RULES.md.
    #[serde(rename = "CON-8")]
    Con8,
    /// SEM-1 of RULES.md.
    #[serde(rename = "SEM-1")]
    Sem1,
    /// SEM-2 of RULES.md.
    #[serde(rename = "SEM-2")]
    Sem2,
    /// SEM-3 of RULES.md.
    #[serde(rename = "SEM-3")]
    Sem3,
    /// SEM-4 of RULES.md.
    #[serde(rename = "SEM-4")]
    Sem4,
    /// SEM-5 of RULES.md.
    #[serde(rename = "SEM-5")]
    Sem5,
    /// SEM-6 of RULES.md.
    #[serde(rename = "SEM-6")]
    Sem6,
    /// SEM-7 of RULES.md.
    #[serde(rename = "SEM-7")]
    Sem7,
    /// SEM-8 of RULES.md.
    #[serde(rename = "SEM-8")]
    Sem8,
    /// OUT-1 of RULES.md.
    #[serde(rename = "OUT-1")]
    Out1,
    /// ONE-1 of RULES.md.
    #[serde(rename = "ONE-1")]
    One1,
    /// FAIR-1 of RULES.md.
    #[serde(rename = "FAIR-1")]
    Fair1,
    /// RT-1 of RULES.md.
    #[serde(rename = "RT-1")]
    Rt1,
    /// OFF-1 of RULES.md.
    #[serde(rename = "OFF-1")]
    Off1,
    /// JOB-1 of RULES.md.
    #[serde(rename = "JOB-1")]
    Job1,
    /// PR-1 of RULES.md.
    #[serde(rename = "PR-1")]
    Pr1,
    /// KPI-1 of RULES.md.
    #[serde(rename = "KPI-1")]
    Kpi1,
    /// REP-1 of RULES.md.
    #[serde(rename = "REP-1")]
    Rep1,
    /// TRN-1 of RULES.md.
    #[serde(rename = "TRN-1")]
    Trn1,
    /// TRN-2 of RULES.md.
    #[serde(rename = "TRN-2")]
    Trn2,
    /// TRN-3 of RULES.md.
    #[serde(rename = "TRN-3")]
    Trn3,
    /// TRN-4 of RULES.md.
    #[serde(rename = "TRN-4")]
    Trn4,
    /// TRN-5 of RULES.md.
    #[serde(rename = "TRN-5")]
    Trn5,
    /// TRN-6 of RULES.md.
    #[serde(rename = "TRN-6")]
    Trn6,
    /// TRN-7 of RULES.md.
    #[serde(rename = "TRN-7")]
    Trn7,
    /// TRN-8 of RULES.md.
    #[serde(rename = "TRN-8")]
    Trn8,
    /// TRN-9 of RULES.md.
    #[serde(rename = "TRN-9")]
    Trn9,
    /// TRN-10 of RULES.md.
    #[serde(rename = "TRN-10")]
    Trn10,
    /// TRN-11 of RULES.md.
    #[serde(rename = "TRN-11")]
    Trn11,
    /// TRN-12 of RULES.md.
    #[serde(rename = "TRN-12")]
    Trn12,
    /// A plan file's rows are well formed and consistent (roster's own rule, docs/outputs.md).
    #[serde(rename = "PLAN-1")]
    Plan1,
    /// No one is placed while on leave or off their weekdays (the model's availability).
    #[serde(rename = "MODEL-AVAIL")]
    ModelAvail,
    /// A person's workload limits in the model (days per week, month, year).
    #[serde(rename = "MODEL-LIMIT")]
    ModelLimit,
    /// A room holds the event placed in it (the model's rooms).
    #[serde(rename = "MODEL-ROOM")]
    ModelRoom,
}

impl Rule {
    /// Every rule, in RULES.md's order, then roster's own.
    pub const ALL: [Rule; 47] = [
        Rule::Cal1,
        Rule::Cal2,
        Rule::Cal3,
        Rule::Cal4,
        Rule::Cal5,
        Rule::Cal6,
        Rule::Con1,
        Rule::Con2,
        Rule::Con3,
        Rule::Con4,
        Rule::Con5,
        Rule::Con6,
        Rule::Con7,
        Rule::Con8,
        Rule::Sem1,
        Rule::Sem2,
        Rule::Sem3,
        Rule::Sem4,
        Rule::Sem5,
        Rule::Sem6,
        Rule::Sem7,
        Rule::Sem8,
        Rule::Out1,
        Rule::One1,
        Rule::Fair1,
        Rule::Rt1,
        Rule::Off1,
        Rule::Job1,
        Rule::Pr1,
        Rule::Kpi1,
        Rule::Rep1,
        Rule::Trn1,
        Rule::Trn2,
        Rule::Trn3,
        Rule::Trn4,
        Rule::Trn5,
        Rule::Trn6,
        Rule::Trn7,
        Rule::Trn8,
        Rule::Trn9,
        Rule::Trn10,
        Rule::Trn11,
        Rule::Trn12,
        Rule::Plan1,
        Rule::ModelAvail,
        Rule::ModelLimit,
        Rule::ModelRoom,
    ];

    /// The text ID, as in RULES.md and the plan files (`"CON-4"`).
    pub fn id(self) -> &'static str {
        match self {
            Rule::Cal1 => "CAL-1",
            Rule::Cal2 => "CAL-2",
            Rule::Cal3 => "CAL-3",
            Rule::Cal4 => "CAL-4",
            Rule::Cal5 => "CAL-5",
            Rule::Cal6 => "CAL-6",
            Rule::Con1 => "CON-1",
            Rule::Con2 => "CON-2",
            Rule::Con3 => "CON-3",
            Rule::Con4 => "CON-4",
            Rule::Con5 => "CON-5",
            Rule::Con6 => "CON-6",
            Rule::Con7 => "CON-7",
            Rule::Con8 => "CON-8",
            Rule::Sem1 => "SEM-1",
            Rule::Sem2 => "SEM-2",
            Rule::Sem3 => "SEM-3",
            Rule::Sem4 => "SEM-4",
            Rule::Sem5 => "SEM-5",
            Rule::Sem6 => "SEM-6",
            Rule::Sem7 => "SEM-7",
            Rule::Sem8 => "SEM-8",
            Rule::Out1 => "OUT-1",
            Rule::One1 => "ONE-1",
            Rule::Fair1 => "FAIR-1",
            Rule::Rt1 => "RT-1",
            Rule::Off1 => "OFF-1",
            Rule::Job1 => "JOB-1",
            Rule::Pr1 => "PR-1",
            Rule::Kpi1 => "KPI-1",
            Rule::Rep1 => "REP-1",
            Rule::Trn1 => "TRN-1",
            Rule::Trn2 => "TRN-2",
            Rule::Trn3 => "TRN-3",
            Rule::Trn4 => "TRN-4",
            Rule::Trn5 => "TRN-5",
            Rule::Trn6 => "TRN-6",
            Rule::Trn7 => "TRN-7",
            Rule::Trn8 => "TRN-8",
            Rule::Trn9 => "TRN-9",
            Rule::Trn10 => "TRN-10",
            Rule::Trn11 => "TRN-11",
            Rule::Trn12 => "TRN-12",
            Rule::Plan1 => "PLAN-1",
            Rule::ModelAvail => "MODEL-AVAIL",
            Rule::ModelLimit => "MODEL-LIMIT",
            Rule::ModelRoom => "MODEL-ROOM",
        }
    }

    /// The rule with text ID `id`, if there is one.
    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.id() == id)
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

impl std::str::FromStr for Rule {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Rule::from_id(s).ok_or_else(|| format!("no rule has the ID {s:?}"))
    }
}

impl PartialEq<&str> for Rule {
    fn eq(&self, other: &&str) -> bool {
        self.id() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_id_reads_back_as_its_rule_and_serialises_as_its_text() {
        for r in Rule::ALL {
            assert_eq!(Rule::from_id(r.id()), Some(r));
            assert_eq!(r.to_string(), r.id());
            assert_eq!(
                serde_json::to_string(&r).ok(),
                Some(format!("\"{}\"", r.id()))
            );
        }
        assert_eq!(Rule::from_id("CON-9"), None);
    }
}
