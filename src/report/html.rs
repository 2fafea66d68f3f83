//! `roster.html`: one self-contained page (inline CSS and JS, no network, can be
//! mailed) with a month calendar of the plan, by municipality or by person.
//!
//! Rendered with minijinja from `templates/roster.html` (built into the binary) over the
//! month view ([`super::month`]). A URL fragment opens a view: `#person=c05`,
//! `#municipality=kawagoe`, optionally `&month=2023-07`. Every event is a
//! `div.ev` with `data-date`, `data-event`, `data-municipality` and `data-people`; the
//! page's script hides (`hidden`) those outside the chosen view, so the DOM is easy
//! to check in a browser. Printing gives one month per A4 landscape page.

use minijinja::value::{Serde, Value};
use minijinja::{context, Environment};
use serde::Serialize;

use super::labels::Lang;
use super::month::months_of;
use super::names::Names;
use crate::model::Model;
use crate::plan::Plan;

const TEMPLATE: &str = include_str!("templates/roster.html");

#[derive(Serialize)]
struct Choice {
    id: String,
    name: String,
}

/// The page, or the template engine's error (a defect in the template). minijinja
/// escapes HTML; the rendered page then goes through
/// [`readable`](super::terminal::readable) as a whole, so no control character or
/// direction mark from a name reaches the file raw (the template itself has none).
pub fn page(
    model: &Model,
    plan: &Plan,
    lang: Lang,
    stamp: chrono::NaiveDateTime,
) -> Result<String, minijinja::Error> {
    let page = render(model, plan, lang, stamp)?;
    Ok(match super::terminal::readable(&page) {
        std::borrow::Cow::Borrowed(_) => page,
        std::borrow::Cow::Owned(o) => o,
    })
}

fn render(
    model: &Model,
    plan: &Plan,
    lang: Lang,
    stamp: chrono::NaiveDateTime,
) -> Result<String, minijinja::Error> {
    let n = Names::new(model, lang);
    let l = lang.labels();
    let mut env = Environment::new();
    env.add_template("roster.html", TEMPLATE)?;
    let rostered: std::collections::BTreeSet<&str> = plan
        .assignments
        .iter()
        .map(|a| a.staff_id.as_str())
        .collect();
    let people: Vec<Choice> = model
        .staff
        .iter()
        .filter(|s| rostered.contains(s.id.as_str()))
        .map(|s| Choice {
            id: s.id.clone(),
            name: s.name.clone(),
        })
        .collect();
    // The places with a calendar file: every municipality, then the towns that host
    // an event (outreach); each view shows what the place's calendar holds.
    let hosts: std::collections::BTreeSet<&str> = plan
        .events
        .iter()
        .filter(|e| super::ics::is_place_event(model, e))
        .map(|e| e.municipality.as_str())
        .collect();
    let municipalities: Vec<Choice> = model
        .municipalities
        .iter()
        .map(|m| m.id.as_str())
        .chain(
            model
                .towns
                .iter()
                .map(|t| t.id.as_str())
                .filter(|t| hosts.contains(t)),
        )
        .map(|id| Choice {
            id: id.to_string(),
            name: n.place(id),
        })
        .collect();
    let h = &l.h;
    let headings = context! {
        by_person => h.by_person,
        by_municipality => h.by_municipality,
        all => h.all,
        date => h.date,
        violation => h.violation,
        no_violations => h.no_violations,
        deadlines => super::deadlines::heading(lang),
        deadline_columns => super::deadlines::columns(lang).to_vec(),
    };
    env.get_template("roster.html")?.render(context! {
        lang => lang.id(),
        title => super::labels::plan_title(lang, &model.name, stamp.date()),
        h => headings,
        people => Value::from(Serde(&people)),
        municipalities => Value::from(Serde(&municipalities)),
        months => Value::from(Serde(months_of(model, plan, lang))),
        weekdays => l.weekdays.to_vec(),
        kinds => Value::from(Serde(l.kinds.iter().filter(|(id, _)| *id != "office").collect::<Vec<_>>())),
        violations => plan.violations.len(),
        deadlines => Value::from(Serde(super::deadlines::views(model, plan, lang))),
    })
}
