//! The moderation console under `/admin/`: login, the queue, decisions, bans, reports,
//! the audit log, users, services, and the user's own account.
//!
//! Every hostile comment is shown here first, to a privileged user: every value is escaped
//! by the templates, comment text goes through [`crate::text::comment_html`], and every
//! console response carries a Content-Security-Policy that allows no inline script and
//! `Cache-Control: no-store`.

pub mod login;
mod pages;
pub mod session;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use axum::response::Response;
use axum::routing::{get, post};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::state::AppState;

/// The console's Content-Security-Policy: scripts and styles from this site only, never inline.
pub const CONSOLE_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
     form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Marks a response as never to be stored.
pub fn no_store(mut response: Response) -> Response {
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn overriding(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value))
}

/// Every console route, relative to `/admin`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/login", get(login::show_login).post(login::login))
        .route("/login/second-factor", get(login::show_second_factor).post(login::second_factor))
        .route("/logout", post(login::logout))
        .route("/setup", get(login::show_setup).post(login::setup))
        .route("/", get(pages::dashboard))
        .route("/comments", get(pages::queue))
        .route("/comments/bulk", post(pages::bulk))
        .route("/comments/{id}", get(pages::comment))
        .route("/comments/{id}/decide", post(pages::decide))
        .route("/comments/{id}/ban", post(pages::ban))
        .route("/bans", get(pages::bans))
        .route("/bans/{id}/lift", post(pages::lift_ban))
        .route("/audit", get(pages::audit))
        .route("/users", get(pages::users).post(pages::add_user))
        .route("/users/{id}/disable", post(pages::disable_user))
        .route("/services", get(pages::services))
        .route("/services/{code}/notice", post(pages::set_notice))
        .route("/services/{code}/terms", post(pages::publish_terms))
        .route("/account", get(pages::account))
        .route("/account/password", post(pages::change_password))
        .route("/account/logout-everywhere", post(pages::logout_everywhere))
        .route("/account/second-factor", post(pages::second_factor))
        .fallback(|| async { session::ConsoleError::NotFound })
        .layer(overriding(header::CONTENT_SECURITY_POLICY, CONSOLE_CSP))
        .layer(overriding(header::CACHE_CONTROL, "no-store"))
        .layer(overriding(header::REFERRER_POLICY, "same-origin"))
        .layer(overriding(header::X_FRAME_OPTIONS, "DENY"))
}
