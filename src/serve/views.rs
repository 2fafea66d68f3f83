//! The desk's views (issue 19, part 3), Japanese by default, every text escaped by
//! minijinja: the month by municipality and by venue (who is where each day), an event
//! (date, place, who, the rules it touches and the checker's findings on it), a
//! version's violations and the contract's deadlines. Each reads the plan through the
//! library (`report::month::months_of`, `report::deadlines::rows`, `commands::check`);
//! no rule is computed here.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::{Path as UrlPath, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use minijinja::context;
use minijinja::value::{Serde, Value};
use serde::Serialize;

use super::api::ApiError;
use super::pages::{centre_page, centre_plan, refused, render};
use super::store::StoreError;
use super::Desk;
use crate::commands::{self, CheckSettings, Silent};
use crate::model::{EventKind, Model, Rule};
use crate::plan::Violation;
use crate::report::labels::{desk_view_words, desk_words, fill};
use crate::report::month::ItemView;
use crate::report::names::Names;

/// The templates of the views, the archive, the training pages and the progress box
/// (added to the pages' engine by `pages::render_page`).
pub const TEMPLATES: [(&str, &str); 7] = [
    ("places.html", include_str!("templates/places.html")),
    ("event.html", include_str!("templates/event.html")),
    ("violations.html", include_str!("templates/violations.html")),
    ("deadlines.html", include_str!("templates/deadlines.html")),
    ("archive.html", include_str!("templates/archive.html")),
    ("training.html", include_str!("templates/training.html")),
    ("course.html", include_str!("templates/course.html")),
];

/// The views' routes.
pub fn routes() -> Router<Arc<Desk>> {
    Router::new()
        .route("/versions/{id}/month/{month}/places", get(by_place))
        .route("/versions/{id}/month/{month}/venues", get(by_venue))
        .route("/versions/{id}/events/{event}", get(event))
        .route("/versions/{id}/violations", get(violations))
        .route("/versions/{id}/deadlines", get(deadlines))
}

/// One row of a month grid by place: its name and the events of each day.
#[derive(Serialize)]
struct PlaceRow {
    name: String,
    days: Vec<Vec<Cell>>,
}

/// One event in a grid cell: who, linked to the event's page.
#[derive(Serialize)]
struct Cell {
    event: String,
    kind: String,
    text: String,
    title: String,
    violation: bool,
}

impl Cell {
    fn of(it: &ItemView, day_label: &str, with_venue: bool) -> Self {
        let who: Vec<&str> = it.people.iter().map(|p| p.name.as_str()).collect();
        let mut title = format!(
            "{day_label} {}-{} {} {} {} {}",
            it.start, it.end, it.kind_label, it.municipality_name, it.venue, it.room
        );
        for v in &it.violations {
            title.push('\n');
            title.push_str(v);
        }
        let place = if with_venue {
            &it.venue
        } else {
            &it.municipality_name
        };
        Cell {
            event: it.event_id.clone(),
            kind: it.kind.clone(),
            text: format!("{} {place}: {}", it.kind_label, who.join("・")),
            title,
            violation: !it.violations.is_empty(),
        }
    }
}

/// Which way a month is cut into rows.
#[derive(Clone, Copy, PartialEq)]
enum By {
    Place,
    Venue,
}

async fn by_place(
    State(desk): State<Arc<Desk>>,
    UrlPath((id, key)): UrlPath<(String, String)>,
) -> Response {
    month_by(&desk, &id, &key, By::Place)
}

async fn by_venue(
    State(desk): State<Arc<Desk>>,
    UrlPath((id, key)): UrlPath<(String, String)>,
) -> Response {
    month_by(&desk, &id, &key, By::Venue)
}

/// The month `key` of version `id` with one row per municipality (the model's order,
/// then outreach hosts and the office as they come) or per venue.
fn month_by(desk: &Desk, id: &str, key: &str, by: By) -> Response {
    let loaded = match centre_page(desk, id) {
        Ok(x) => x,
        Err(page) => return page,
    };
    let m = &loaded.model;
    let Some(view) = loaded.months(desk.lang()).iter().find(|mv| mv.key == key) else {
        return refused(
            desk,
            ApiError::store(desk, StoreError::NotFound(format!("{id}/{key}"))),
        );
    };
    let n = view.days.len();
    let mut order: Vec<String> = Vec::new();
    let mut rows: BTreeMap<String, PlaceRow> = BTreeMap::new();
    let mut put = |row_key: String, name: String, day: usize, cell: Option<Cell>| {
        let row = rows.entry(row_key.clone()).or_insert_with(|| {
            order.push(row_key);
            PlaceRow {
                name,
                days: (0..n).map(|_| Vec::new()).collect(),
            }
        });
        if let (Some(c), Some(d)) = (cell, row.days.get_mut(day)) {
            d.push(c);
        }
    };
    let names = Names::new(m, desk.lang());
    if by == By::Place {
        // Every municipality has its row, also in a month it has no event.
        for mu in &m.municipalities {
            put(mu.id.clone(), names.place(&mu.id), 0, None);
        }
    }
    for (i, d) in view.days.iter().enumerate() {
        let items = d
            .cells
            .iter()
            .flat_map(|c| c.items.iter())
            .chain(d.other.iter())
            .chain(d.office.iter());
        for it in items {
            let (row_key, name) = match by {
                By::Place => (it.municipality.clone(), it.municipality_name.clone()),
                By::Venue => (
                    format!("{}\u{1f}{}", it.municipality_name, it.venue),
                    format!("{} ({})", it.venue, it.municipality_name),
                ),
            };
            put(
                row_key,
                name,
                i,
                Some(Cell::of(it, &d.label, by == By::Place)),
            );
        }
    }
    let grid: Vec<PlaceRow> = order.iter().filter_map(|k| rows.remove(k)).collect();
    let vw = desk_view_words(desk.lang());
    let heading = match by {
        By::Place => vw.by_place,
        By::Venue => vw.by_venue,
    };
    render(
        desk,
        "places.html",
        context! {
            title => format!("{heading} {} {id}", view.title),
            vw => Value::from(Serde(vw)),
            id => id,
            key => key,
            heading => heading,
            row_heading => if by == By::Place { vw.place } else { vw.venue },
            month => view.title.clone(),
            days => Value::from(Serde(&view.days.iter().map(|d| context!{
                day => d.day, weekday => d.weekday.clone(), weekday_index => d.weekday_index,
                holiday => d.holiday.clone(), closed => d.closed.clone(), label => d.label.clone(),
            }).collect::<Vec<_>>())),
            rows => Value::from(Serde(&grid)),
        },
    )
}

/// The checker's findings on version `id` (either programme), in the desk's language:
/// `roster check` as a library call, so a hand-edited folder shows what it breaks now.
fn findings(desk: &Desk, id: &str) -> Result<Vec<Violation>, ApiError> {
    let dir = desk
        .store
        .version_dir(id)
        .map_err(|e| ApiError::store(desk, e))?;
    let s = CheckSettings {
        model: desk.settings.model.clone(),
        dir,
        scenario: None,
        lang: desk.lang(),
    };
    let mut found = commands::check(&s, &Silent)
        .map_err(|e| ApiError::command(&e))?
        .findings;
    crate::report::labels::render_violations(&mut found, desk.lang());
    Ok(found)
}

/// The findings version `id`'s `violations.csv` lists (the plan reader's rows, as the
/// list of versions counts them); none when it cannot be read.
fn listed_findings(desk: &Desk, id: &str) -> Vec<Violation> {
    desk.store
        .version_dir(id)
        .map(|dir| crate::plan::files::read_violations_if_any(&dir, &mut Vec::new()))
        .unwrap_or_default()
}

/// A finding as the pages list it.
#[derive(Serialize)]
struct Finding {
    rule: String,
    date: String,
    date_text: String,
    month: String,
    event: String,
    staff: String,
    staff_name: String,
    message: String,
    /// Whether the version's `violations.csv` lists it (else the check alone finds it:
    /// a past finding the re-plan's baseline had, or a hand edit since).
    listed: bool,
}

fn finding(v: &Violation, names: Option<&Names>, lang: crate::report::Lang) -> Finding {
    Finding {
        listed: true,
        rule: v.rule.id().to_string(),
        date: v.date.clone(),
        date_text: Names::date_text(lang, &v.date),
        month: v.date.get(..7).unwrap_or_default().to_string(),
        event: v.event_id.clone(),
        staff: v.staff_id.clone(),
        staff_name: names.map_or_else(|| v.staff_id.clone(), |n| n.staff(&v.staff_id)),
        message: v.message.clone(),
    }
}

async fn violations(State(desk): State<Arc<Desk>>, UrlPath(id): UrlPath<String>) -> Response {
    let found = match findings(&desk, &id) {
        Ok(f) => f,
        Err(e) => return refused(&desk, e),
    };
    // Names and month links for a career centre's plan; a training plan's ids as they are.
    let centre = centre_plan(&desk, &id).ok().flatten();
    let names = centre.as_ref().map(|l| Names::new(&l.model, desk.lang()));
    // The version list counts violations.csv; the check may find more (the baseline's
    // own past findings a re-plan leaves out, a hand edit since): those are marked.
    let listed = listed_findings(&desk, &id);
    let mut unmatched = crate::plan::FindingCounts::of(listed.iter());
    let rows: Vec<Finding> = found
        .iter()
        .map(|v| Finding {
            listed: unmatched.take(v),
            ..finding(v, names.as_ref(), desk.lang())
        })
        .collect();
    let vw = desk_view_words(desk.lang());
    let more = rows.iter().filter(|r| !r.listed).count();
    let note = crate::report::labels::fill(
        vw.unlisted_note,
        &[("listed", &listed.len()), ("more", &more)],
    );
    render(
        &desk,
        "violations.html",
        context! {
            title => format!("{} {id}", vw.violations),
            vw => Value::from(Serde(vw)),
            id => id,
            centre => centre.is_some(),
            rows => Value::from(Serde(&rows)),
            unlisted => more,
            unlisted_note => note,
        },
    )
}

/// The rules an event of `kind` is held to: its kind's family (CON-*, SEM-*, OUT-1,
/// ONE-1, FAIR-1, RT-1, OFF-1), one place at a time (CON-6), its flyer's lead time when
/// it has one (PR-1), and the model's availability, workload and room rules; then any
/// rule a finding on it cites.
fn rules_touched(kind: Option<EventKind>, room: bool, found: &[Violation]) -> Vec<Rule> {
    let mut out: Vec<Rule> = Vec::new();
    if let Some(k) = kind {
        let family = k.rule().id().split('-').next().unwrap_or_default();
        out.extend(
            Rule::ALL
                .iter()
                .copied()
                .filter(|r| r.id().split('-').next() == Some(family)),
        );
        out.push(Rule::Con6);
        if crate::plan::deadlines::has_flyer(k) {
            out.push(Rule::Pr1);
        }
    }
    out.extend([Rule::ModelAvail, Rule::ModelLimit]);
    if room {
        out.push(Rule::ModelRoom);
    }
    out.extend(found.iter().map(|v| v.rule));
    let mut seen = std::collections::BTreeSet::new();
    out.retain(|r| seen.insert(*r));
    out
}

async fn event(
    State(desk): State<Arc<Desk>>,
    UrlPath((id, event)): UrlPath<(String, String)>,
) -> Response {
    let loaded = match centre_page(&desk, &id) {
        Ok(x) => x,
        Err(page) => return page,
    };
    let (m, plan) = (&loaded.model, &loaded.plan);
    let lang = desk.lang();
    let l = lang.labels();
    let names = Names::new(m, lang);
    let days: Vec<&crate::plan::Event> =
        plan.events.iter().filter(|e| e.event_id == event).collect();
    if days.is_empty() {
        return refused(
            &desk,
            ApiError::store(&desk, StoreError::NotFound(format!("{id}/{event}"))),
        );
    }
    let found: Vec<Violation> = match findings(&desk, &id) {
        Ok(f) => f.into_iter().filter(|v| v.event_id == event).collect(),
        Err(e) => return refused(&desk, e),
    };
    let shown: Vec<Value> = days
        .iter()
        .map(|e| {
            let who: Vec<Value> = plan
                .assignments
                .iter()
                .filter(|a| a.event_id == e.event_id && a.date == e.date)
                .map(|a| {
                    context! {
                        id => a.staff_id.clone(),
                        name => names.staff(&a.staff_id),
                        role => l.role(&a.role).to_string(),
                    }
                })
                .collect();
            let detail = [e.seminar_type.as_str(), e.theme.as_str(), e.mode.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" / ");
            context! {
                date => e.date.clone(),
                month => e.date.get(..7).unwrap_or_default().to_string(),
                facts => vec![
                    names.date(&e.date),
                    format!("{}-{}", e.start, e.end),
                    l.kind(&e.kind).to_string(),
                    names.place(&e.municipality),
                    names.venue(&e.venue),
                    names.room(&e.venue, &e.room),
                    detail,
                ],
                who => who,
            }
        })
        .collect();
    let first = days[0];
    let rules: Vec<&str> = rules_touched(first.kind(), !first.room.is_empty(), &found)
        .iter()
        .map(|r| r.id())
        .collect();
    let rows: Vec<Finding> = found
        .iter()
        .map(|v| finding(v, Some(&names), lang))
        .collect();
    let vw = desk_view_words(lang);
    render(
        &desk,
        "event.html",
        context! {
            title => format!("{} {event} {id}", vw.event),
            vw => Value::from(Serde(vw)),
            id => id,
            event => event,
            days => shown,
            rules => rules,
            rows => Value::from(Serde(&rows)),
        },
    )
}

async fn deadlines(State(desk): State<Arc<Desk>>, UrlPath(id): UrlPath<String>) -> Response {
    let loaded = match centre_page(&desk, &id) {
        Ok(x) => x,
        Err(page) => return page,
    };
    let (m, plan) = (&loaded.model, &loaded.plan);
    let lang = desk.lang();
    let vw = desk_view_words(lang);
    // States are counted from the version's decision day, else from today.
    let as_of = desk
        .store
        .version(&id)
        .ok()
        .and_then(|v| crate::plan::parse_day(&v.as_of))
        .unwrap_or_else(|| chrono::Utc::now().date_naive());
    let due = crate::plan::deadlines::deadlines(m, plan);
    let rows = crate::report::deadlines::rows(m, plan, lang);
    let shown: Vec<Value> = rows
        .iter()
        .zip(due.iter())
        .map(|(r, d)| {
            let state = if d.before_publicity(m) {
                2
            } else if d.due < as_of {
                0
            } else {
                1
            };
            context! {
                due => Names::date_text(lang, &r.due),
                what => r.what.clone(),
                rule => r.rule.clone(),
                event => r.event_id.clone(),
                state => state,
                state_text => vw.deadline_states[state],
            }
        })
        .collect();
    render(
        &desk,
        "deadlines.html",
        context! {
            title => format!("{} {id}", vw.deadlines),
            vw => Value::from(Serde(vw)),
            id => id,
            as_of => fill(vw.deadlines_as_of, &[("day", &lang.date(as_of))]),
            rows => shown,
        },
    )
}

/// What a person's page adds (issue 19, part 3): their leave in the model and the
/// letters to them in every version (`notices/<id>.txt`), oldest version first.
pub fn person_extra(desk: &Desk, m: &Model, staff: &str) -> Value {
    let lang = desk.lang();
    let leave: Vec<String> = m
        .staff
        .iter()
        .find(|s| s.id == staff)
        .map(|s| {
            s.leave
                .iter()
                .map(|r| format!("{} – {}", lang.date(r.from), lang.date(r.to)))
                .collect()
        })
        .unwrap_or_default();
    let letters: Vec<(String, String)> = if super::store::plain_name(staff) {
        desk.store
            .versions()
            .iter()
            .filter_map(|v| {
                let b = desk
                    .store
                    .file(&v.id, &format!("notices/{staff}.txt"))
                    .ok()?;
                Some((v.id.clone(), String::from_utf8_lossy(&b).into_owned()))
            })
            .collect()
    } else {
        Vec::new()
    };
    let vw = desk_view_words(lang);
    context! {
        vw => Value::from(Serde(vw)),
        leave => leave,
        letters => letters,
        none => desk_words(lang).none,
    }
}
