//! The console under `/admin/`: sign-in, the desk (stories, their editor and history),
//! the moderation queue, decisions, bans, the audit log, users, services, and the user's own
//! account. Its routes are listed in [`crate::routes`].
//!
//! Every hostile comment is shown here first, to a privileged user: every value is escaped
//! by the templates, comment text goes through [`crate::text::comment_html`], and every
//! console response carries a Content-Security-Policy that allows no inline script and
//! `Cache-Control: no-store`.

pub mod account;
pub mod api_tokens;
pub mod audit;
pub mod bans;
pub mod comment;
pub mod dashboard;
pub mod editor;
pub mod editor_form;
pub mod extract;
pub mod history;
pub mod kept_forms;
pub mod login;
pub mod people;
pub mod photos;
pub mod queue;
pub mod render;
pub mod services;
pub mod setup;
pub mod stories;
pub mod users;
pub mod words;

use axum::http::{HeaderValue, header};
use axum::response::Response;

/// The console's Content-Security-Policy: scripts and styles from this site only, never inline.
pub const CONSOLE_CSP: &str = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self'; \
     form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Marks a response as never to be stored.
pub fn no_store(mut response: Response) -> Response {
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
