//! The desk's decisions besides an absence (issue 19, part 2): the ranked candidates
//! for one person's assignments of a day, a swap previewed before it is saved, the
//! other decision forms (venue closed or moved, weekdays or contract, seminars or events
//! added or cut, a closed day), and previews side by side.
//!
//! Every answer comes from a library call: `commands::candidates` (swap's own edit, the
//! checker, `plan::affected`), `commands::swap` (which refuses a swap that breaks a
//! rule, E055: the desk shows that sentence and keeps nothing) and `commands::replan`
//! through [`super::api::replan_blocking`], the absence form's path. A form is one
//! generic shape ([`FORMS`]): a scenario table and its keys, turned into scenario TOML
//! with `toml_edit` (every value a TOML value, quoted and escaped by it).

use std::sync::Arc;

use axum::extract::{Path as UrlPath, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::NaiveDate;
use minijinja::value::{Serde, Value};
use minijinja::{context, Environment};
use serde::{Deserialize, Serialize};

use super::api::{finish_preview, preview_view, ApiError, PreviewView};
use super::store::{self, StoreError};
use super::Desk;
use crate::commands::{self, CandidateSettings, Candidates, SwapKind, SwapSettings};
use crate::report::labels::{decision_form_label, decision_words, desk_words, fill};

/// The routes of the decisions (API and pages).
pub fn routes() -> Router<Arc<Desk>> {
    Router::new()
        .route("/api/versions/{id}/candidates", get(candidates_api))
        .route("/api/versions/{id}/swap", post(swap_api))
        .route("/api/versions/{id}/decision", post(decision_api))
        .route("/api/forms", get(forms_api))
        .route("/versions/{id}/candidates", get(candidates_page))
        .route("/versions/{id}/decide", get(decide_page))
        .route("/compare", get(compare_page))
}

// ---- ranked candidates ----

/// `?date=YYYY-MM-DD&staff=ID`: one person's assignments of a day (assignments.csv's
/// `date` and `staff_id`; a swap moves all of them).
#[derive(Debug, Deserialize)]
pub struct Which {
    /// The day.
    #[serde(default)]
    pub date: String,
    /// Whose assignments.
    #[serde(default)]
    pub staff: String,
}

fn day(desk: &Desk, s: &str) -> Result<NaiveDate, ApiError> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        let shown = crate::report::terminal::visible(s).into_owned();
        ApiError(
            StatusCode::BAD_REQUEST,
            fill(
                decision_words(desk.lang()).bad_date,
                &[("value", &format!("`{shown}`"))],
            ),
        )
    })
}

/// The ranked candidates (blocking: the checker runs on each short-listed swap).
pub fn candidates_blocking(desk: &Desk, id: &str, w: &Which) -> Result<Candidates, ApiError> {
    let plan = desk
        .store
        .version_dir(id)
        .map_err(|e| ApiError::store(desk, e))?;
    let date = day(desk, &w.date)?;
    commands::candidates(&CandidateSettings {
        model: desk.settings.model.clone(),
        plan,
        date,
        staff: w.staff.trim().to_string(),
        lang: desk.lang(),
    })
    .map_err(|e| ApiError::command(&e))
}

async fn candidates_api(
    State(desk): State<Arc<Desk>>,
    UrlPath(id): UrlPath<String>,
    Query(w): Query<Which>,
) -> Response {
    let d = desk.clone();
    match tokio::task::spawn_blocking(move || candidates_blocking(&d, &id, &w)).await {
        Ok(Ok(c)) => Json(c).into_response(),
        Ok(Err(e)) => e.into_response(),
        Err(e) => ApiError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

// ---- a swap previewed ----

/// `POST /api/versions/{id}/swap`: `{"date", "replace", "with"}` (one person's day
/// goes to another) or `{"date", "exchange": [a, b]}` (the two exchange their day).
#[derive(Debug, Deserialize)]
pub struct SwapForm {
    /// The day.
    #[serde(default)]
    pub date: String,
    /// Who is taken off the day.
    #[serde(default)]
    pub replace: Option<String>,
    /// Who takes it over.
    #[serde(default)]
    pub with: Option<String>,
    /// The two people who exchange their assignments of the day.
    #[serde(default)]
    pub exchange: Option<Vec<String>>,
}

/// The swap the form asks for, or what it lacks.
fn swap_kind(desk: &Desk, f: &SwapForm) -> Result<SwapKind, ApiError> {
    let w = decision_words(desk.lang());
    let bad = |what: &str| {
        ApiError(
            StatusCode::BAD_REQUEST,
            fill(w.bad_swap, &[("what", &what)]),
        )
    };
    fn id(s: &Option<String>) -> Option<&str> {
        s.as_deref().map(str::trim).filter(|s| !s.is_empty())
    }
    match (&f.exchange, id(&f.replace), id(&f.with)) {
        (Some(two), None, None) => match two.as_slice() {
            [a, b] => Ok(SwapKind::Exchange(a.trim().into(), b.trim().into())),
            _ => Err(bad("exchange names two people")),
        },
        (None, Some(from), Some(with)) => Ok(SwapKind::Replace {
            from: from.into(),
            with: with.into(),
        }),
        (Some(_), _, _) => Err(bad("exchange, or replace and with, not both")),
        _ => Err(bad("replace and with")),
    }
}

/// The swap's parameters as kept in the preview and the version it becomes
/// ([`store::SWAP_FILE`]): the keys of the form, and the `roster swap` command line
/// that replays it, written by `toml_edit` (values quoted and escaped by it).
pub fn swap_file(base: &str, date: &str, kind: &SwapKind) -> String {
    use toml_edit::{value, Array, DocumentMut};
    let mut doc = DocumentMut::new();
    doc["date"] = value(date);
    let line = match kind {
        SwapKind::Exchange(a, b) => {
            let mut two = Array::new();
            two.push(a.as_str());
            two.push(b.as_str());
            doc["exchange"] = value(two);
            format!("{a} {b}")
        }
        SwapKind::Replace { from, with } => {
            doc["replace"] = value(from.as_str());
            doc["with"] = value(with.as_str());
            format!("--replace {from} --with {with}")
        }
    };
    let command =
        format!("roster swap MODEL DIR/{base} --date {date} {line} --out DIR/<this version>");
    doc["command"] = value(crate::report::terminal::visible(&command).into_owned());
    doc.to_string()
}

/// Previews a swap on version `base` with `commands::swap` (the same call as `roster
/// swap`); a swap it refuses (a rule broken, E055; nobody to swap) keeps nothing and
/// answers its sentence.
pub fn swap_blocking(desk: &Desk, base: &str, f: &SwapForm) -> Result<PreviewView, ApiError> {
    let baseline = desk
        .store
        .version_dir(base)
        .map_err(|e| ApiError::store(desk, e))?;
    let date = day(desk, &f.date)?;
    let kind = swap_kind(desk, f)?;
    let p = desk
        .store
        .new_swap_preview(base, &swap_file(base, &date.to_string(), &kind))
        .map_err(|e| ApiError::store(desk, e))?;
    let s = SwapSettings {
        model: desk.settings.model.clone(),
        plan: baseline,
        date,
        kind,
        out: p.plan(),
        force: false,
        lang: desk.lang(),
    };
    finish_preview(desk, &p, commands::swap(&s).map(|r| r.said))
}

async fn swap_api(
    State(desk): State<Arc<Desk>>,
    UrlPath(id): UrlPath<String>,
    Json(form): Json<SwapForm>,
) -> Response {
    let d = desk.clone();
    match tokio::task::spawn_blocking(move || swap_blocking(&d, &id, &form)).await {
        Ok(Ok(view)) => (StatusCode::CREATED, Json(view)).into_response(),
        Ok(Err(e)) => e.into_response(),
        Err(e) => ApiError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

// ---- the other decision forms ----

/// What a form field holds, and so how it is written in TOML.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FieldKind {
    /// A string (an id, a note).
    Text,
    /// A date, `YYYY-MM-DD` (a TOML string, as scenario files write dates).
    Date,
    /// An integer.
    Integer,
    /// A number.
    Number,
    /// A list of words (weekdays), given separated by commas or spaces.
    List,
}

/// One decision form: the scenario table it writes (docs/scenarios.md) and its keys in
/// the order written.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Form {
    /// The scenario table (`[[venue_change]]`, ...).
    pub table: &'static str,
    /// Its keys and what each holds.
    pub fields: &'static [(&'static str, FieldKind)],
}

use FieldKind::{Date, Integer, List, Number, Text};

/// The decision forms: each writes one table of docs/scenarios.md.
pub const FORMS: [Form; 5] = [
    Form {
        table: "venue_change",
        fields: &[
            ("venue", Text),
            ("from", Date),
            ("to", Date),
            ("move_to", Text),
            ("note", Text),
        ],
    },
    Form {
        table: "staff_change",
        fields: &[
            ("staff", Text),
            ("from", Date),
            ("to", Date),
            ("weekdays", List),
            ("contract_days_per_week", Number),
            ("max_days_per_month", Integer),
            ("note", Text),
        ],
    },
    Form {
        table: "quota_change",
        fields: &[
            ("municipality", Text),
            ("from", Date),
            ("all-ages", Integer),
            ("senior", Integer),
            ("women", Integer),
            ("health", Integer),
            ("note", Text),
        ],
    },
    Form {
        table: "series_change",
        fields: &[
            ("series", Text),
            ("from", Date),
            ("count", Integer),
            ("per_month", Integer),
            ("note", Text),
        ],
    },
    Form {
        table: "closure",
        fields: &[("date", Date), ("note", Text)],
    },
];

/// `POST /api/versions/{id}/decision`: one form's values (strings, as a page sends
/// them; empty ones are left out).
#[derive(Debug, Deserialize)]
pub struct DecisionForm {
    /// The scenario table (`venue_change`, `staff_change`, `quota_change`,
    /// `series_change`, `closure`).
    pub form: String,
    /// The day the decision is taken (the scenario's `as_of`).
    #[serde(default)]
    pub as_of: String,
    /// The decision's name (default: the form and its first value).
    #[serde(default)]
    pub name: Option<String>,
    /// What the letters give as the reason.
    #[serde(default)]
    pub public_reason: Option<String>,
    /// The table's keys and values.
    #[serde(default)]
    pub values: std::collections::BTreeMap<String, String>,
}

/// The scenario file a decision form stands for: `name`, `as_of`, `public_reason` and
/// one table with the form's keys in its order, as a person would write it for
/// `roster replan`; or the sentence saying which form or field is wrong.
pub fn decision_scenario(lang: crate::report::Lang, f: &DecisionForm) -> Result<String, String> {
    use toml_edit::{value, Array, ArrayOfTables, DocumentMut, Item, Table};
    let w = decision_words(lang);
    let shown = |s: &str| crate::report::terminal::visible(s).into_owned();
    let Some(form) = FORMS.iter().find(|x| x.table == f.form.trim()) else {
        let known: Vec<&str> = FORMS.iter().map(|x| x.table).collect();
        return Err(fill(
            w.bad_form,
            &[("form", &shown(&f.form)), ("known", &known.join(", "))],
        ));
    };
    let keys: Vec<&str> = form.fields.iter().map(|x| x.0).collect();
    if let Some(k) = f.values.keys().find(|k| !keys.contains(&k.as_str())) {
        return Err(fill(
            w.bad_field,
            &[
                ("form", &form.table),
                ("field", &shown(k)),
                ("known", &keys.join(", ")),
            ],
        ));
    }
    let mut table = Table::new();
    for (key, kind) in form.fields {
        let Some(v) = f
            .values
            .get(*key)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
        else {
            continue;
        };
        let not_number = || {
            fill(
                w.not_number,
                &[("form", &form.table), ("field", key), ("value", &shown(v))],
            )
        };
        table[*key] = match kind {
            Text | Date => value(v),
            Integer => value(v.parse::<i64>().map_err(|_| not_number())?),
            Number => {
                let x = v.parse::<f64>().map_err(|_| not_number())?;
                if !x.is_finite() {
                    return Err(not_number());
                }
                value(x)
            }
            List => {
                let mut a = Array::new();
                for part in v.split([',', ' ', '、']).filter(|s| !s.is_empty()) {
                    a.push(part);
                }
                value(a)
            }
        };
    }
    let mut doc = DocumentMut::new();
    let first = form
        .fields
        .first()
        .and_then(|(k, _)| f.values.get(*k))
        .map_or("", |v| v.trim());
    let default_name = format!("{} {first}", form.table);
    let name = f
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .unwrap_or(default_name.trim());
    doc["name"] = value(name);
    doc["as_of"] = value(f.as_of.trim());
    if let Some(r) = f
        .public_reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
    {
        doc["public_reason"] = value(r);
    }
    let mut tables = ArrayOfTables::new();
    tables.push(table);
    doc.insert(form.table, Item::ArrayOfTables(tables));
    Ok(doc.to_string())
}

async fn decision_api(
    State(desk): State<Arc<Desk>>,
    UrlPath(id): UrlPath<String>,
    Json(form): Json<DecisionForm>,
) -> Response {
    let text = match decision_scenario(desk.lang(), &form) {
        Ok(t) => t,
        Err(e) => return ApiError(StatusCode::BAD_REQUEST, e).into_response(),
    };
    let d = desk.clone();
    match tokio::task::spawn_blocking(move || super::api::replan_blocking(&d, &id, &text)).await {
        Ok(Ok(view)) => (StatusCode::CREATED, Json(view)).into_response(),
        Ok(Err(e)) => e.into_response(),
        Err(e) => ApiError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

async fn forms_api() -> Json<[Form; 5]> {
    Json(FORMS)
}

// ---- pages ----

const TEMPLATES: [(&str, &str); 4] = [
    ("base.html", include_str!("templates/base.html")),
    ("candidates.html", include_str!("templates/candidates.html")),
    ("decide.html", include_str!("templates/decide.html")),
    ("compare.html", include_str!("templates/compare.html")),
];

/// A page of the decisions, or its sentence on the desk's page when refused.
fn render(desk: &Desk, name: &str, ctx: Value, status: StatusCode) -> Response {
    let mut env = Environment::new();
    env.add_filter("urlencode", |s: String| -> String {
        s.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    });
    let lang = desk.lang();
    let page = TEMPLATES
        .iter()
        .try_for_each(|(n, t)| env.add_template(n, t))
        .and_then(|()| env.get_template(name))
        .and_then(|t| {
            let common = context! {
                lang => lang.id(),
                w => context! {
                    desk => desk_words(lang).desk,
                    back => desk_words(lang).back,
                    none => desk_words(lang).none,
                    preview => desk_words(lang).preview,
                    changes => desk_words(lang).changes,
                    affected => desk_words(lang).affected,
                    letters => desk_words(lang).letters,
                    working => desk_words(lang).working,
                    violations => desk_words(lang).version_columns[6],
                },
                d => Value::from(Serde(decision_words(lang))),
                token => desk.token(),
            };
            t.render(context! { ..ctx, ..common })
        });
    match page {
        Ok(p) => (
            status,
            axum::response::Html(crate::report::terminal::readable(&p).into_owned()),
        )
            .into_response(),
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("template error: {e}"),
        )
            .into_response(),
    }
}

fn refused(desk: &Desk, e: ApiError) -> Response {
    let title = desk_words(desk.lang()).desk;
    render(
        desk,
        "base.html",
        context! { title => title, message => e.1 },
        e.0,
    )
}

async fn candidates_page(
    State(desk): State<Arc<Desk>>,
    UrlPath(id): UrlPath<String>,
    Query(w): Query<Which>,
) -> Response {
    let d = desk.clone();
    let at = id.clone();
    let found = tokio::task::spawn_blocking(move || candidates_blocking(&d, &at, &w)).await;
    let c = match found {
        Ok(Ok(c)) => c,
        Ok(Err(e)) => return refused(&desk, e),
        Err(e) => {
            return refused(
                &desk,
                ApiError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
            )
        }
    };
    let dw = decision_words(desk.lang());
    let title = fill(dw.candidates_for, &[("name", &c.name), ("date", &c.date)]);
    let checked = fill(
        dw.checked,
        &[("checked", &c.checked), ("considered", &c.considered)],
    );
    render(
        &desk,
        "candidates.html",
        context! { title => title, id => id, c => Value::from(Serde(&c)), checked => checked },
        StatusCode::OK,
    )
}

/// The ids a form's fields may name, from the model, for the page's lists.
fn choices(desk: &Desk) -> Vec<(String, Vec<String>)> {
    let Ok(text) = crate::input::read_text(&desk.settings.model) else {
        return Vec::new();
    };
    let Ok(crate::model::Programme::CareerCentre(m)) =
        crate::input::parse_programme(&desk.settings.model, &text)
    else {
        return Vec::new();
    };
    let ids = |v: Vec<&str>| v.into_iter().map(str::to_string).collect::<Vec<_>>();
    vec![
        (
            "venue".into(),
            ids(m.venues.iter().map(|v| v.id.as_str()).collect()),
        ),
        (
            "move_to".into(),
            ids(m.venues.iter().map(|v| v.id.as_str()).collect()),
        ),
        (
            "staff".into(),
            ids(m.staff.iter().map(|s| s.id.as_str()).collect()),
        ),
        (
            "municipality".into(),
            ids(m.municipalities.iter().map(|s| s.id.as_str()).collect()),
        ),
        (
            "series".into(),
            ids(m.event_series.iter().map(|s| s.id.as_str()).collect()),
        ),
    ]
}

async fn decide_page(State(desk): State<Arc<Desk>>, UrlPath(id): UrlPath<String>) -> Response {
    if let Err(e) = desk.store.version_dir(&id) {
        return refused(&desk, ApiError::store(&desk, e));
    }
    let lang = desk.lang();
    let forms: Vec<Value> = FORMS
        .iter()
        .map(|f| {
            context! {
                table => f.table,
                title => decision_form_label(lang, f.table),
                fields => f.fields.iter().map(|(k, kind)| context! {
                    key => *k,
                    label => decision_form_label(lang, k),
                    kind => Value::from(Serde(kind)),
                }).collect::<Vec<_>>(),
            }
        })
        .collect();
    let dw = decision_words(lang);
    render(
        &desk,
        "decide.html",
        context! {
            title => format!("{} {id}", dw.other_decisions),
            forms => forms,
            choices => choices(&desk),
            previews => previews_of(&desk, &id),
            id => id,
        },
        StatusCode::OK,
    )
}

/// `?a=PREVIEW&b=PREVIEW`: two previews (or a preview and a version's own as `a`).
#[derive(Debug, Deserialize)]
pub struct Pair {
    /// The left one.
    #[serde(default)]
    pub a: String,
    /// The right one.
    #[serde(default)]
    pub b: String,
}

async fn compare_page(State(desk): State<Arc<Desk>>, Query(pair): Query<Pair>) -> Response {
    let mut columns = Vec::new();
    for id in [&pair.a, &pair.b] {
        let p = match desk.store.preview(id) {
            Ok(p) => p,
            Err(StoreError::NotFound(_)) => {
                let w = desk_words(desk.lang());
                let shown = crate::report::terminal::visible(id).into_owned();
                return refused(
                    &desk,
                    ApiError(StatusCode::NOT_FOUND, fill(w.no_preview, &[("id", &shown)])),
                );
            }
            Err(e) => return refused(&desk, ApiError::store(&desk, e)),
        };
        match preview_view(&desk, &p) {
            Ok(v) => columns.push(v),
            Err(e) => return refused(&desk, ApiError::store(&desk, e)),
        }
    }
    let dw = decision_words(desk.lang());
    let aw = crate::report::labels::affected_words(desk.lang());
    let affected_columns: Vec<(String, String)> = crate::report::affected::AFFECTED_COLUMNS
        .split(',')
        .zip(aw.columns.iter())
        .map(|(c, h)| (c.to_string(), h.to_string()))
        .filter(|(c, _)| {
            !matches!(
                c.as_str(),
                "teams_joined" | "teams_left" | "contract_before" | "contract_after"
            )
        })
        .collect();
    let labels: Vec<String> = columns
        .iter()
        .map(|v| fill(dw.preview_label, &[("id", &v.id)]))
        .collect();
    render(
        &desk,
        "compare.html",
        context! {
            title => dw.compare,
            columns => Value::from(Serde(&columns)),
            labels => labels,
            affected_columns => affected_columns,
        },
        StatusCode::OK,
    )
}

/// The previews of a version, newest last, for the compare form (ids only).
pub fn previews_of(desk: &Desk, base: &str) -> Vec<String> {
    let root = desk.store.dir().join(store::PREVIEWS);
    let mut out: Vec<(std::time::SystemTime, String)> = std::fs::read_dir(root)
        .map(|d| {
            d.flatten()
                .filter_map(|e| {
                    let id = e.file_name().into_string().ok()?;
                    let p = desk.store.preview(&id).ok()?;
                    let when = e.metadata().ok()?.modified().ok()?;
                    (p.base == base).then_some((when, id))
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out.into_iter().map(|(_, id)| id).collect()
}
