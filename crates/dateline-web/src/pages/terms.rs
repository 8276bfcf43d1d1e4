//! A service's Terms of Use (its current version, or the built-in terms).

use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;

use super::find_service;
use crate::error::WebError;
use crate::messages::Message;
use crate::state::AppState;
use crate::views::layout::{Layout, PageContext};
use crate::views::{self, TimeView};

/// `GET /{service}/terms`: the service's Terms of Use (or the built-in ones).
pub async fn terms_page(State(app): State<AppState>, Path(code): Path<String>) -> Result<Response, WebError> {
    let services = app.services().await?.to_vec();
    let service = find_service(&services, &code)?;
    #[derive(Serialize)]
    struct TermsView {
        version: i64,
        published: Option<TimeView>,
        body_html: Option<String>,
    }
    let terms = app.store.current_terms(service.id).await?;
    let view = TermsView {
        version: terms.as_ref().map_or(0, |t| t.version),
        published: terms
            .as_ref()
            .map(|t| views::time_view(&app.catalogs, &service.language, t.published_at, service.time_zone)),
        body_html: terms.map(|t| t.body_html),
    };
    let title = app.catalogs.message(&service.language, Message::TermsHeading, &[]);
    let direction = service.direction.as_str();
    let layout = Layout::new(&app, &service.language, &title, &services, Some(&service));
    let html =
        app.templates.render("pages/terms.html", PageContext::new(&service.language, direction, layout, view))?;
    Ok(Html(html).into_response())
}
