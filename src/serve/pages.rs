//! The desk's pages (Japanese by default): the versions, a version, its month by
//! person, a person, a preview. Rendered with minijinja (auto-escape on, templates built
//! into the binary) from the plan folders and the month view the HTML calendar draws
//! (`report::month`); the one script is `templates/desk.js`, served from the binary.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use axum::extract::{Path as UrlPath, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use minijinja::value::{Serde, Value};
use minijinja::{context, Environment};
use serde::Serialize;

use super::api::{csv_rows, preview_view, ApiError};
use super::cache::Loaded;
use super::store::StoreError;
use super::Desk;
use crate::model::Programme;
use crate::plan::affected::{contracted_days_of_all, ContractFlag};
use crate::report::labels::{affected_words, desk_words, fill};
use crate::report::names::Names;

const TEMPLATES: [(&str, &str); 6] = [
    ("base.html", include_str!("templates/base.html")),
    ("index.html", include_str!("templates/index.html")),
    ("version.html", include_str!("templates/version.html")),
    ("month.html", include_str!("templates/month.html")),
    ("person.html", include_str!("templates/person.html")),
    ("preview.html", include_str!("templates/preview.html")),
];
// The desk's one script: its own, then the re-plan progress (issue 19, part 3).
const SCRIPT: &str = concat!(
    include_str!("templates/desk.js"),
    "\n",
    include_str!("templates/progress.js")
);
const STYLE: &str = include_str!("templates/desk.css");

/// The pages' routes.
pub fn routes() -> Router<Arc<Desk>> {
    Router::new()
        .route("/", get(index))
        .route("/versions/{id}", get(version))
        .route("/versions/{id}/month/{month}", get(month))
        .route("/versions/{id}/people/{staff}", get(person))
        .route("/previews/{id}", get(preview))
        .route("/static/desk.js", get(script))
        .route("/static/desk.css", get(style))
}

async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        SCRIPT,
    )
        .into_response()
}

async fn style() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLE).into_response()
}

/// A page, or the template engine's error (a defect in a template) as a 500.
pub(super) fn render(desk: &Desk, name: &str, ctx: Value) -> Response {
    match render_page(desk, name, ctx) {
        // Control characters and direction marks from a name are made visible, as in
        // roster.html; minijinja has escaped the HTML.
        Ok(p) => Html(crate::report::terminal::readable(&p).into_owned()).into_response(),
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("template error: {e}"),
        )
            .into_response(),
    }
}

/// The page's text, every template known to the engine (for `extends`).
pub(super) fn render_page(desk: &Desk, name: &str, ctx: Value) -> Result<String, minijinja::Error> {
    let lang = desk.lang();
    let common = context! {
        lang => lang.id(),
        w => Value::from(Serde(Words::of(lang))),
        token => desk.token(),
    };
    engine()?
        .get_template(name)?
        .render(context! { ..ctx, ..common })
}

/// The template engine with every page's template, built (templates parsed) once.
fn engine() -> Result<&'static Environment<'static>, minijinja::Error> {
    static ENGINE: std::sync::OnceLock<Environment<'static>> = std::sync::OnceLock::new();
    if let Some(env) = ENGINE.get() {
        return Ok(env);
    }
    let mut env = Environment::new();
    env.add_filter("urlencode", url_part);
    for (n, t) in TEMPLATES {
        env.add_template(n, t)?;
    }
    // The views' templates (issue 19, part 3).
    for (n, t) in super::views::TEMPLATES {
        env.add_template(n, t)?;
    }
    Ok(ENGINE.get_or_init(|| env))
}

/// One URL path part: every byte but unreserved ASCII percent-encoded, so an id is one
/// part of the link whatever it holds (the pages' `urlencode` filter).
fn url_part(s: String) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The words a template uses, from `labels::desk_words`.
#[derive(Serialize)]
struct Words {
    desk: &'static str,
    versions: &'static str,
    version_columns: [&'static str; 8],
    current: &'static str,
    head: &'static str,
    no_versions: &'static str,
    month_by_person: &'static str,
    people: &'static str,
    files: &'static str,
    calendar: &'static str,
    publish: &'static str,
    absence: &'static str,
    absence_fields: [&'static str; 6],
    preview: &'static str,
    accept: &'static str,
    discard: &'static str,
    changes: &'static str,
    affected: &'static str,
    letters: &'static str,
    none: &'static str,
    working: &'static str,
    person_columns: [&'static str; 2],
    teams: &'static str,
    assignments: &'static str,
    centre_only: &'static str,
    back: &'static str,
    /// Issue 19, part 2: the link to the other decision forms.
    other_decisions: &'static str,
}

impl Words {
    fn of(lang: crate::report::Lang) -> Self {
        let w = desk_words(lang);
        Words {
            desk: w.desk,
            versions: w.versions,
            version_columns: w.version_columns,
            current: w.current,
            head: w.head,
            no_versions: w.no_versions,
            month_by_person: w.month_by_person,
            people: w.people,
            files: w.files,
            calendar: w.calendar,
            publish: w.publish,
            absence: w.absence,
            absence_fields: w.absence_fields,
            preview: w.preview,
            accept: w.accept,
            discard: w.discard,
            changes: w.changes,
            affected: w.affected,
            letters: w.letters,
            none: w.none,
            working: w.working,
            person_columns: w.person_columns,
            teams: w.teams,
            assignments: w.assignments,
            centre_only: w.centre_only,
            back: w.back,
            other_decisions: crate::report::labels::decision_words(lang).other_decisions,
        }
    }
}

/// A refusal as a page: the sentence, escaped, with its status.
pub(super) fn refused(desk: &Desk, e: ApiError) -> Response {
    let mut r = render(
        desk,
        "base.html",
        context! { title => desk_words(desk.lang()).desk, message => e.1 },
    );
    *r.status_mut() = e.0;
    r
}

async fn index(State(desk): State<Arc<Desk>>) -> Response {
    let versions = desk.store.versions();
    let lang = desk.lang();
    let l = lang.labels();
    let rows: Vec<Value> = versions
        .iter()
        .map(|v| {
            context! {
                v => Value::from(Serde(v)),
                status => l.status(&v.status),
            }
        })
        .collect();
    render(
        &desk,
        "index.html",
        context! { title => desk_words(lang).desk, versions => rows },
    )
}

/// Staff of a version as its `staff.csv` lists them (either programme): id and name.
#[derive(Serialize)]
pub(super) struct Person {
    id: String,
    name: String,
}

pub(super) fn staff_of(dir: &std::path::Path) -> Vec<Person> {
    csv_rows(&dir.join(crate::plan::files::STAFF))
        .into_iter()
        .filter_map(|r| {
            Some(Person {
                id: r.get("staff_id")?.clone(),
                name: r.get("name").cloned().unwrap_or_default(),
            })
        })
        .collect()
}

/// A career centre's model with the version's chain applied, and its plan (with the
/// year's month views made on first use); `None` for a training provider (the month
/// and person pages are the centre's). Read once per version and kept while the model
/// file and the version's files are unchanged ([`super::cache`]).
pub(super) fn centre_plan(desk: &Desk, id: &str) -> Result<Option<Arc<Loaded>>, ApiError> {
    let dir = desk
        .store
        .version_dir(id)
        .map_err(|e| ApiError::store(desk, e))?;
    let model_path = &desk.settings.model;
    desk.versions.get(id, model_path, &dir, || {
        let text = crate::input::read_text(model_path).map_err(|e| ApiError::command(&e.into()))?;
        let model = match crate::input::parse_programme(model_path, &text)
            .map_err(|e| ApiError::command(&e.into()))?
        {
            Programme::CareerCentre(m) => m,
            Programme::TrainingProvider(_) => return Ok(None),
        };
        let m = crate::replan::folder::folder_model(&model, &dir, None)
            .map_err(|e| ApiError::command(&e.into()))?;
        let plan =
            crate::plan::files::read_plan_dir(&dir).map_err(|e| ApiError::command(&e.into()))?;
        Ok(Some(Arc::new(Loaded::new(m, plan))))
    })
}

/// [`centre_plan`] for a page: the page a training provider's version or an error
/// gets instead (the centre-only page, or the refusal).
pub(super) fn centre_page(desk: &Desk, id: &str) -> Result<Arc<Loaded>, Response> {
    match centre_plan(desk, id) {
        Ok(Some(x)) => Ok(x),
        Ok(None) => Err(centre_only(desk, id)),
        Err(e) => Err(refused(desk, e)),
    }
}

async fn version(State(desk): State<Arc<Desk>>, UrlPath(id): UrlPath<String>) -> Response {
    let v = match desk.store.version(&id) {
        Ok(v) => v,
        Err(e) => return refused(&desk, ApiError::store(&desk, e)),
    };
    let dir = match desk.store.version_dir(&id) {
        Ok(d) => d,
        Err(e) => return refused(&desk, ApiError::store(&desk, e)),
    };
    let files = desk.store.files(&id).unwrap_or_default();
    let months: Vec<(String, String)> = match centre_plan(&desk, &id) {
        Ok(Some(l)) => crate::report::names::months(l.model.period.from, l.model.period.to)
            .into_iter()
            .map(|(y, mo)| (format!("{y:04}-{mo:02}"), desk.lang().month(y, mo)))
            .collect(),
        _ => Vec::new(),
    };
    let status = desk.lang().labels().status(&v.status).to_string();
    render(
        &desk,
        "version.html",
        context! {
            title => format!("{} {}", desk_words(desk.lang()).desk, v.id),
            v => Value::from(Serde(&v)),
            status => status,
            files => files,
            has_calendar => dir.join("roster.html").is_file(),
            months => months,
            people => Value::from(Serde(staff_of(&dir))),
            // Issue 19, part 3: the views, the archive and the training pages.
            vw => Value::from(Serde(crate::report::labels::desk_view_words(desk.lang()))),
            training => super::training::is_training(&desk),
        },
    )
}

/// One person's row of the month grid: the events of each day, in the day's order.
#[derive(Serialize)]
struct GridRow {
    id: String,
    name: String,
    days: Vec<Vec<GridItem>>,
}

#[derive(Serialize)]
struct GridItem {
    kind: String,
    text: String,
    title: String,
    violation: bool,
    /// The day (ISO), for the link to the ranked candidates (issue 19, part 2).
    date: String,
}

async fn month(
    State(desk): State<Arc<Desk>>,
    UrlPath((id, key)): UrlPath<(String, String)>,
) -> Response {
    let loaded = match centre_page(&desk, &id) {
        Ok(x) => x,
        Err(page) => return page,
    };
    let m = &loaded.model;
    let Some(view) = loaded.months(desk.lang()).iter().find(|mv| mv.key == key) else {
        return refused(
            &desk,
            ApiError::store(&desk, StoreError::NotFound(format!("{id}/{key}"))),
        );
    };
    let mut rows: BTreeMap<&str, Vec<Vec<GridItem>>> = BTreeMap::new();
    for (i, d) in view.days.iter().enumerate() {
        let items = d
            .cells
            .iter()
            .flat_map(|c| c.items.iter())
            .chain(d.other.iter())
            .chain(d.office.iter());
        for it in items {
            for p in &it.people {
                let row = rows
                    .entry(p.id.as_str())
                    .or_insert_with(|| (0..view.days.len()).map(|_| Vec::new()).collect());
                let mut title = format!(
                    "{} {}-{} {} {} {} ({})",
                    d.label,
                    it.start,
                    it.end,
                    it.kind_label,
                    it.municipality_name,
                    it.venue,
                    p.role
                );
                for v in &it.violations {
                    title.push('\n');
                    title.push_str(v);
                }
                row[i].push(GridItem {
                    kind: it.kind.clone(),
                    text: it.municipality_name.clone(),
                    title,
                    violation: !it.violations.is_empty(),
                    date: d.date.clone(),
                });
            }
        }
    }
    let names = Names::new(m, desk.lang());
    // People in the model's order.
    let grid: Vec<GridRow> = m
        .staff
        .iter()
        .filter_map(|s| {
            let days = rows.remove(s.id.as_str())?;
            Some(GridRow {
                id: s.id.clone(),
                name: names.staff(&s.id),
                days,
            })
        })
        .collect();
    render(
        &desk,
        "month.html",
        context! {
            title => format!("{} {} {}", desk_words(desk.lang()).month_by_person, view.title, id),
            id => id,
            month => view.title.clone(),
            days => Value::from(Serde(&view.days.iter().map(|d| context!{
                day => d.day, weekday => d.weekday.clone(), weekday_index => d.weekday_index,
                holiday => d.holiday.clone(), closed => d.closed.clone(), label => d.label.clone(),
            }).collect::<Vec<_>>())),
            rows => Value::from(Serde(&grid)),
            // Issue 19, part 3: links to the month by municipality and venue.
            key => key,
            vw => Value::from(Serde(crate::report::labels::desk_view_words(desk.lang()))),
        },
    )
}

pub(super) fn centre_only(desk: &Desk, id: &str) -> Response {
    render(
        desk,
        "base.html",
        context! {
            title => desk_words(desk.lang()).desk,
            message => desk_words(desk.lang()).centre_only,
            back => id,
        },
    )
}

async fn person(
    State(desk): State<Arc<Desk>>,
    UrlPath((id, staff)): UrlPath<(String, String)>,
) -> Response {
    let loaded = match centre_page(&desk, &id) {
        Ok(x) => x,
        Err(page) => return page,
    };
    let (m, plan) = (&loaded.model, &loaded.plan);
    let Some(p) = m.staff.iter().position(|s| s.id == staff) else {
        return refused(
            &desk,
            ApiError::store(&desk, StoreError::NotFound(staff.clone())),
        );
    };
    let lang = desk.lang();
    let l = lang.labels();
    let names = Names::new(m, lang);
    let contracted = contracted_days_of_all(m).get(p).copied().unwrap_or(0.0);
    let mine: Vec<&crate::plan::Assignment> = plan
        .assignments
        .iter()
        .filter(|a| a.staff_id == staff)
        .collect();
    let days: BTreeSet<&str> = mine.iter().map(|a| a.date.as_str()).collect();
    let mut by_month: BTreeMap<String, u32> =
        crate::report::names::months(m.period.from, m.period.to)
            .into_iter()
            .map(|(y, mo)| (format!("{y:04}-{mo:02}"), 0))
            .collect();
    for d in &days {
        if let Some(n) = d.get(..7).and_then(|k| by_month.get_mut(k)) {
            *n += 1;
        }
    }
    let total = u32::try_from(days.len()).unwrap_or(u32::MAX);
    let flag = ContractFlag::of(total, Some(contracted));
    let flags = affected_words(lang).flags;
    let flag_text = match flag {
        ContractFlag::Within => flags[0],
        ContractFlag::Under => flags[1],
        ContractFlag::Over => flags[2],
        ContractFlag::NoContract => flags[3],
    };
    let events: BTreeMap<(&str, &str), &crate::plan::Event> = plan
        .events
        .iter()
        .map(|e| ((e.event_id.as_str(), e.date.as_str()), e))
        .collect();
    let rows: Vec<Value> = mine
        .iter()
        .map(|a| {
            let e = events.get(&(a.event_id.as_str(), a.date.as_str()));
            context! {
                date => names.date(&a.date),
                kind => e.map(|e| l.kind(&e.kind).to_string()).unwrap_or_default(),
                place => e.map(|e| names.place(&e.municipality)).unwrap_or_default(),
                venue => e.map(|e| names.venue(&e.venue)).unwrap_or_default(),
                role => l.role(&a.role).to_string(),
                event => a.event_id.clone(),
            }
        })
        .collect();
    let teams: Vec<String> = plan
        .teams
        .iter()
        .filter(|t| t.staff_id == staff)
        .map(|t| names.place(&t.municipality))
        .collect();
    let year = fill(
        desk_words(lang).year_days,
        &[
            ("days", &total),
            ("contracted", &format!("{contracted:.1}")),
        ],
    );
    let letter = desk
        .store
        .file(&id, &format!("notices/{staff}.txt"))
        .ok()
        .map(|b| String::from_utf8_lossy(&b).into_owned());
    // Issue 19, part 3: leave and the letters of every version.
    let extra = super::views::person_extra(&desk, m, &staff);
    render(
        &desk,
        "person.html",
        context! {
            title => format!("{} {}", names.staff(&staff), id),
            id => id,
            name => names.staff(&staff),
            staff => staff,
            year => year,
            flag => flag.id(),
            flag_text => flag_text,
            months => by_month.into_iter().collect::<Vec<_>>(),
            teams => teams,
            assignments => rows,
            letter => letter,
            extra => extra,
        },
    )
}

async fn preview(State(desk): State<Arc<Desk>>, UrlPath(id): UrlPath<String>) -> Response {
    let p = match desk.store.preview(&id) {
        Ok(p) => p,
        Err(e) => {
            let w = desk_words(desk.lang());
            let shown = crate::report::terminal::visible(&id).into_owned();
            let e = match e {
                StoreError::NotFound(_) => {
                    ApiError(StatusCode::NOT_FOUND, fill(w.no_preview, &[("id", &shown)]))
                }
                e => ApiError::store(&desk, e),
            };
            return refused(&desk, e);
        }
    };
    let view = match preview_view(&desk, &p) {
        Ok(v) => v,
        Err(e) => return refused(&desk, ApiError::store(&desk, e)),
    };
    let aw = affected_words(desk.lang());
    // affected.csv's columns in its order, headed as the workbook heads them.
    let affected_columns: Vec<(String, String)> = crate::report::affected::AFFECTED_COLUMNS
        .split(',')
        .zip(aw.columns.iter())
        .map(|(c, h)| (c.to_string(), h.to_string()))
        .collect();
    render(
        &desk,
        "preview.html",
        context! {
            title => format!("{} {}", desk_words(desk.lang()).preview_of, view.name),
            p => Value::from(Serde(&view)),
            affected_columns => affected_columns,
        },
    )
}
