//! The desk's door: every request passes here before a handler sees it.
//!
//! - `Host` must be one of the desk's own (its address and port, `localhost:port` on a
//!   loopback address, and `--allow-host` names): a page on another site whose name
//!   was re-pointed at 127.0.0.1 (DNS rebinding) is refused.
//! - `Origin`, when a browser sends one, must be `http://` + one of those hosts: another
//!   site's script or form cannot act on the plan.
//! - A request that changes something (any method but GET and HEAD) needs a body type a
//!   plain HTML form cannot send (`application/json`, `application/toml`, which makes a
//!   browser ask first, and the desk never allows another origin), or the session's
//!   token in `X-Roster-Token`.
//! - Every answer says not to sniff types, not to be framed, not to send a referrer,
//!   not to be cached, and carries a content security policy (no script but the desk's
//!   own file, no connection elsewhere) unless the handler set a stricter one.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::Desk;
use crate::report::labels::{desk_words, fill};

/// The policy of the desk's own pages.
pub const PAGE_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The header that carries the session's token.
pub const TOKEN_HEADER: &str = "x-roster-token";

fn refuse(status: StatusCode, sentence: String) -> Response {
    let body = serde_json::json!({ "error": sentence });
    (status, axum::Json(body)).into_response()
}

/// The media type of a request's body, lower case, without parameters.
pub fn media_type(headers: &HeaderMap) -> String {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .unwrap_or_default()
}

/// Lets a request through to its handler, or refuses it with a sentence (403).
pub async fn guard(State(desk): State<Arc<Desk>>, req: Request, next: Next) -> Response {
    let w = desk_words(desk.lang());
    let headers = req.headers();
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if !desk.hosts.contains(&host) {
        let shown = crate::report::terminal::visible(&host).into_owned();
        return refuse(StatusCode::FORBIDDEN, fill(w.bad_host, &[("host", &shown)]));
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or("").to_ascii_lowercase();
        let own = desk.hosts.iter().any(|h| origin == format!("http://{h}"));
        if !own {
            let shown = crate::report::terminal::visible(&origin).into_owned();
            return refuse(
                StatusCode::FORBIDDEN,
                fill(w.bad_origin, &[("origin", &shown)]),
            );
        }
    }
    let changes = !matches!(*req.method(), Method::GET | Method::HEAD);
    if changes {
        let typed = matches!(
            media_type(headers).as_str(),
            "application/json" | "application/toml"
        );
        let token = headers
            .get(TOKEN_HEADER)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t == desk.token());
        if !typed && !token {
            return refuse(StatusCode::FORBIDDEN, w.simple_post.to_string());
        }
    }
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(PAGE_POLICY),
        );
    }
    res
}
