//! A training provider's desk (issue 19, part 3): the same versions, previews and
//! absence re-plan as a career centre's (the re-plan is `commands::replan`, which tells
//! the programmes apart), with the provider's own pages: its courses, a course's
//! sessions week by week, the session list and the calendars to download. Everything
//! is read from the plan folder through `plan::training::read_training_dir`.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::{Path as UrlPath, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use chrono::Datelike;
use minijinja::context;
use minijinja::value::{Serde, Value};
use serde::Serialize;

use super::api::ApiError;
use super::pages::{refused, render};
use super::store::StoreError;
use super::Desk;
use crate::model::Programme;
use crate::plan::training::{read_training_dir, SessionRow, TrainingPlan};
use crate::report::labels::{desk_view_words, desk_words, fill};

/// The training pages' routes.
pub fn routes() -> Router<Arc<Desk>> {
    Router::new()
        .route("/versions/{id}/courses", get(courses))
        .route("/versions/{id}/courses/{course}", get(course))
        .route("/versions/{id}/sessions", get(sessions))
}

/// Whether the desk's model is a training provider's.
pub fn is_training(desk: &Desk) -> bool {
    crate::input::read_text(&desk.settings.model)
        .ok()
        .and_then(|t| crate::input::parse_programme(&desk.settings.model, &t).ok())
        .is_some_and(|p| matches!(p, Programme::TrainingProvider(_)))
}

/// Version `id`'s training plan; a career centre's version is refused with the
/// sentence `centre_only`'s counterpart would give (the files are still served).
fn training_plan(desk: &Desk, id: &str) -> Result<TrainingPlan, ApiError> {
    let dir = desk
        .store
        .version_dir(id)
        .map_err(|e| ApiError::store(desk, e))?;
    if !is_training(desk) {
        return Err(ApiError::store(
            desk,
            StoreError::NotFound(format!("{id}/courses")),
        ));
    }
    read_training_dir(&dir).map_err(|e| ApiError::command(&e.into()))
}

/// A session as the pages list it, with who teaches or supports it.
#[derive(Serialize)]
struct Session {
    id: String,
    course: String,
    date: String,
    time: String,
    subject: String,
    kind: String,
    room: String,
    who: Vec<(String, String)>,
}

fn sessions_of<'a>(
    plan: &'a TrainingPlan,
    keep: impl Fn(&SessionRow) -> bool + 'a,
    lang: crate::report::Lang,
) -> Vec<(chrono::NaiveDate, Session)> {
    let names: BTreeMap<&str, &str> = plan
        .staff
        .iter()
        .map(|s| (s.staff_id.as_str(), s.name.as_str()))
        .collect();
    let l = lang.labels();
    plan.sessions
        .iter()
        .filter(|s| keep(s))
        .filter_map(|s| {
            let day = crate::plan::parse_day(&s.date)?;
            let who = plan
                .assignments
                .iter()
                .filter(|a| a.event_id == s.session_id && a.date == s.date)
                .map(|a| {
                    let name = names.get(a.staff_id.as_str()).copied().unwrap_or_default();
                    (a.staff_id.clone(), format!("{name} ({})", l.role(&a.role)))
                })
                .collect();
            Some((
                day,
                Session {
                    id: s.session_id.clone(),
                    course: s.course_id.clone(),
                    date: lang.date(day),
                    time: format!("{}-{}", s.start, s.end),
                    subject: s.subject.clone(),
                    kind: s.kind.clone(),
                    room: s.room.clone(),
                    who,
                },
            ))
        })
        .collect()
}

async fn courses(State(desk): State<Arc<Desk>>, UrlPath(id): UrlPath<String>) -> Response {
    let plan = match training_plan(&desk, &id) {
        Ok(p) => p,
        Err(e) => return refused(&desk, e),
    };
    let vw = desk_view_words(desk.lang());
    let calendars: Vec<String> = desk
        .store
        .files(&id)
        .unwrap_or_default()
        .into_iter()
        .filter(|f| f.ends_with(".ics"))
        .collect();
    render(
        &desk,
        "training.html",
        context! {
            title => format!("{} {id}", vw.courses),
            vw => Value::from(Serde(vw)),
            id => id,
            courses => Value::from(Serde(&plan.courses)),
            calendars => calendars,
            list => Value::from(()),
        },
    )
}

async fn sessions(State(desk): State<Arc<Desk>>, UrlPath(id): UrlPath<String>) -> Response {
    let plan = match training_plan(&desk, &id) {
        Ok(p) => p,
        Err(e) => return refused(&desk, e),
    };
    let vw = desk_view_words(desk.lang());
    let list: Vec<Session> = sessions_of(&plan, |_| true, desk.lang())
        .into_iter()
        .map(|(_, s)| s)
        .collect();
    render(
        &desk,
        "training.html",
        context! {
            title => format!("{} {id}", vw.sessions),
            vw => Value::from(Serde(vw)),
            id => id,
            list => Value::from(Serde(&list)),
        },
    )
}

async fn course(
    State(desk): State<Arc<Desk>>,
    UrlPath((id, course)): UrlPath<(String, String)>,
) -> Response {
    let plan = match training_plan(&desk, &id) {
        Ok(p) => p,
        Err(e) => return refused(&desk, e),
    };
    let lang = desk.lang();
    let Some(c) = plan.courses.iter().find(|c| c.course_id == course) else {
        let w = desk_words(lang);
        let shown = crate::report::terminal::visible(&course).into_owned();
        let known: Vec<&str> = plan.courses.iter().map(|c| c.course_id.as_str()).collect();
        let mut text = fill(w.no_version, &[("id", &format!("{id}/{shown}"))]);
        if let Some(n) = crate::input::error::nearest(&course, known.iter().copied()) {
            text.push_str(&format!(" ({n}?)"));
        }
        return refused(&desk, ApiError(axum::http::StatusCode::NOT_FOUND, text));
    };
    let vw = desk_view_words(lang);
    // Weeks from Monday, in date order.
    let mut weeks: Vec<(String, Vec<Session>)> = Vec::new();
    for (day, s) in sessions_of(&plan, |s| s.course_id == course, lang) {
        let monday = day - chrono::Days::new(u64::from(day.weekday().num_days_from_monday()));
        let label = fill(vw.week_of, &[("day", &lang.date(monday))]);
        match weeks.last_mut() {
            Some((l, list)) if *l == label => list.push(s),
            _ => weeks.push((label, vec![s])),
        }
    }
    render(
        &desk,
        "course.html",
        context! {
            title => format!("{} {} {id}", c.course_id, c.name),
            vw => Value::from(Serde(vw)),
            id => id,
            c => Value::from(Serde(c)),
            weeks => Value::from(Serde(&weeks)),
        },
    )
}
