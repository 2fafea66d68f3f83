//! The lines every terminal summary shares: the solve status with its gap, and the
//! violations (or that every rule holds).

use std::fmt::Write as _;

use super::labels::{fill, violation_text, Lang};
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
        lang.labels().status(plan.status.id()),
        t.gap,
        t.time,
        plan.seconds
    );
    let w = &lang.labels().p;
    let stopped = part_list(lang, &plan.solve.stopped_on_time());
    if !stopped.is_empty() {
        let _ = writeln!(
            s,
            "{}",
            fill(w.stopped_on_time, &[("parts", &stopped.join("; "))])
        );
    }
    let unbounded: Vec<&str> = plan
        .solve
        .parts
        .iter()
        .filter(|p| p.gap.is_none())
        .map(|p| p.name.as_str())
        .collect();
    let unbounded = part_list(lang, &unbounded);
    if plan.gap.is_none() && !unbounded.is_empty() {
        let _ = writeln!(
            s,
            "{}",
            fill(w.no_bound, &[("parts", &unbounded.join("; "))])
        );
    }
    if !plan.solve.bound_of.is_empty() {
        let what = bound_of(lang, &plan.solve.bound_of);
        let _ = write!(s, "{}", fill(w.gap_against, &[("what", &what)]));
        if let Some(b) = plan.solve.bound {
            let _ = write!(
                s,
                "{}",
                fill(w.with_bound, &[("bound", &format!("{b:.1}"))])
            );
        }
        s.push('\n');
        if let Some(g) = plan.solve.dates_gap {
            let gap = format!("{:.3}%", g * 100.0);
            let _ = writeln!(s, "{}", fill(w.dates_gap, &[("gap", &gap)]));
        }
    }
    s
}

/// What a solve's bound covers, in `lang` (the solver records it in English).
fn bound_of<'a>(lang: Lang, what: &'a str) -> std::borrow::Cow<'a, str> {
    let en = &Lang::En.labels().p.bound_of;
    match en.iter().position(|e| *e == what) {
        Some(i) => lang.labels().p.bound_of[i].into(),
        None => what.into(),
    }
}

/// Solve parts' names in `lang` ([`part_name`]), the parts of one kind in one entry:
/// "stage 2: staff (parts 25-48 of 98)" rather than 24 names, so a plan of many
/// regions says in a line which of its parts stopped. A kind's entry stands where its
/// first part stood.
fn part_list(lang: Lang, names: &[&str]) -> Vec<String> {
    /// A name as listed: the first part's name, its kind and count when numbered, and
    /// the numbers of the kind's parts.
    struct Entry<'a> {
        name: &'a str,
        kind: Option<(&'a str, &'a str)>,
        numbers: Vec<u32>,
    }
    let mut entries: Vec<Entry> = Vec::new();
    for &name in names {
        let numbered =
            numbered(name).and_then(|(kind, i, n)| Some((kind, n, i.parse::<u32>().ok()?)));
        match numbered {
            Some((kind, n, i)) => match entries.iter_mut().find(|e| e.kind == Some((kind, n))) {
                Some(e) => e.numbers.push(i),
                None => entries.push(Entry {
                    name,
                    kind: Some((kind, n)),
                    numbers: vec![i],
                }),
            },
            None => entries.push(Entry {
                name,
                kind: None,
                numbers: Vec::new(),
            }),
        }
    }
    entries
        .into_iter()
        .map(
            |Entry {
                 name,
                 kind,
                 numbers: mut is,
             }| {
                is.sort_unstable();
                is.dedup();
                let Some((kind, n)) = kind.filter(|_| is.len() > 1) else {
                    return part_name(lang, name);
                };
                let mut runs: Vec<String> = Vec::new();
                let mut k = 0;
                while k < is.len() {
                    let mut j = k;
                    while j + 1 < is.len() && is[j + 1] == is[j] + 1 {
                        j += 1;
                    }
                    runs.push(if j == k {
                        is[k].to_string()
                    } else {
                        format!("{}-{}", is[k], is[j])
                    });
                    k = j + 1;
                }
                let list = fill(
                    lang.labels().p.parts[4],
                    &[("list", &runs.join(", ")), ("n", &n)],
                );
                let mut entry = part_name(lang, kind);
                if lang == Lang::En {
                    entry.push(' ');
                }
                entry.push_str(&list);
                entry
            },
        )
        .collect()
}

/// A part's name split at its closing " (part i of n)": (the rest, i, n); `None` for a
/// name without one.
fn numbered(name: &str) -> Option<(&str, &str, &str)> {
    let (kind, inner) = name.strip_suffix(')')?.rsplit_once(" (part ")?;
    let (i, n) = inner.split_once(" of ")?;
    Some((kind, i, n))
}

/// A solve part's name in `lang`: the solver names them in English ("stage 1 (dates)",
/// "stage 2: consultant, lecturer (part 2 of 5)", "joint bound: …"); the role ids in
/// them stay ids.
pub fn part_name(lang: Lang, name: &str) -> String {
    let (p, en) = (&lang.labels().p, &Lang::En.labels().p);
    if name == en.parts[0] {
        return p.parts[0].to_string();
    }
    let (head, rest) = match [1, 2]
        .into_iter()
        .find_map(|i| name.strip_prefix(en.parts[i]).map(|r| (i, r)))
    {
        Some((i, rest)) => (p.parts[i], rest),
        None => return name.to_string(),
    };
    // " (part i of n)" at the end, if any.
    let (body, part) = match numbered(rest) {
        Some((body, i, n)) => (body, Some(fill(p.parts[3], &[("i", &i), ("n", &n)]))),
        None => (rest, None),
    };
    let mut out = format!("{head}{body}");
    if let Some(part) = part {
        if lang == Lang::En {
            out.push(' ');
        }
        out.push_str(&part);
    }
    out
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
            let _ = writeln!(s, "  {}", violation_line(lang, v));
        }
    }
    s
}

/// One violation as the terminal shows it: rule, date, event, person, then its message
/// in `lang`.
pub fn violation_line(lang: Lang, v: &crate::plan::Violation) -> String {
    let mut s = v.rule.id().to_string();
    for part in [&v.date, &v.event_id, &v.staff_id] {
        if !part.is_empty() {
            s.push(' ');
            s.push_str(part);
        }
    }
    format!("{s}: {}", violation_text(lang, v))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Many parts of one kind are one entry with their numbers as runs; a lone part of
    /// its kind keeps its own name; the order is where each kind first stood.
    #[test]
    fn parts_of_one_kind_are_listed_once_with_their_numbers() {
        let mut names = vec!["stage 1 (dates)".to_string()];
        names.extend((1..=24).map(|i| format!("stage 2: childcare (part {i} of 98)")));
        names.extend((25..=48).map(|i| format!("stage 2: staff (part {i} of 98)")));
        names.push("stage 2: manager (part 49 of 98)".into());
        names.extend(
            [75, 76, 77, 80]
                .map(|i| format!("stage 2: consultant, lecturer, teams (part {i} of 98)")),
        );
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        assert_eq!(
            part_list(Lang::En, &names),
            [
                "stage 1 (dates)",
                "stage 2: childcare (parts 1-24 of 98)",
                "stage 2: staff (parts 25-48 of 98)",
                "stage 2: manager (part 49 of 98)",
                "stage 2: consultant, lecturer, teams (parts 75-77, 80 of 98)",
            ]
        );
        assert_eq!(
            part_list(Lang::Ja, &names[1..3]),
            ["第2段階: childcare（98件中1-2件目）"]
        );
        assert_eq!(
            part_list(
                Lang::En,
                &[
                    "stage 2: staff (part 2 of 5)",
                    "other",
                    "stage 2: staff (part 2 of 5)"
                ]
            ),
            ["stage 2: staff (part 2 of 5)", "other"]
        );
    }

    #[test]
    fn solve_parts_read_in_japanese_with_their_role_ids() {
        assert_eq!(part_name(Lang::Ja, "stage 1 (dates)"), "第1段階（日程）");
        assert_eq!(
            part_name(Lang::Ja, "stage 2: consultant, lecturer (part 2 of 5)"),
            "第2段階: consultant, lecturer（5件中2件目）"
        );
        assert_eq!(
            part_name(Lang::En, "stage 2: consultant (part 2 of 5)"),
            "stage 2: consultant (part 2 of 5)"
        );
        assert_eq!(part_name(Lang::Ja, "something else"), "something else");
    }
}
