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
    let stopped: Vec<String> = plan
        .solve
        .stopped_on_time()
        .into_iter()
        .map(|n| part_name(lang, n))
        .collect();
    if !stopped.is_empty() {
        let _ = writeln!(
            s,
            "{}",
            fill(w.stopped_on_time, &[("parts", &stopped.join("; "))])
        );
    }
    let unbounded: Vec<String> = plan
        .solve
        .parts
        .iter()
        .filter(|p| p.gap.is_none())
        .map(|p| part_name(lang, &p.name))
        .collect();
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
    let (body, part) = match rest.rfind(" (part ") {
        Some(at) if rest.ends_with(')') => {
            let inner = &rest[at + " (part ".len()..rest.len() - 1];
            match inner.split_once(" of ") {
                Some((i, n)) => (&rest[..at], Some(fill(p.parts[3], &[("i", &i), ("n", &n)]))),
                None => (rest, None),
            }
        }
        _ => (rest, None),
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
