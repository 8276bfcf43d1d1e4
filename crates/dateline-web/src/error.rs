//! The web layer's one error type, and the middleware that turns it into a page.
//!
//! A handler returns `Err(WebError::…)`; the error becomes a bare response carrying an
//! [`ErrorPage`] extension, and [`render_error_pages`] — which has the templates — renders
//! the page in the right language. Internal details go to the log, never to the page.

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use dateline_core::services::Service;
use dateline_core::store::StoreError;
use serde::Serialize;

use crate::messages::Message;
use crate::state::AppState;
use crate::templates::RenderError;
use crate::views::layout::{Layout, PageContext};

/// What can go wrong while answering a request.
#[derive(Debug)]
pub enum WebError {
    /// Nothing here; the page is in the language of `service` if the path named one.
    NotFound {
        /// The code of the service the path belongs to, if any.
        service: Option<String>,
    },
    /// A story that was published and taken down: gone, not missing (410).
    Gone {
        /// The code of the story's service.
        service: Option<String>,
    },
    /// The request is malformed.
    BadRequest {
        /// The code of the service the path belongs to, if any.
        service: Option<String>,
    },
    /// The request is refused (a form not sent from this site, or expired).
    Forbidden {
        /// The code of the service the path belongs to, if any.
        service: Option<String>,
    },
    /// The request body is larger than the site accepts.
    TooLarge {
        /// The code of the service the path belongs to, if any.
        service: Option<String>,
    },
    /// Too many such requests from this reader; they may try again later.
    TooMany {
        /// The code of the service the path belongs to, if any.
        service: Option<String>,
    },
    /// Our fault; the text goes to the log only.
    Internal(String),
}

impl From<StoreError> for WebError {
    fn from(error: StoreError) -> Self {
        WebError::Internal(error.to_string())
    }
}

impl From<RenderError> for WebError {
    fn from(error: RenderError) -> Self {
        WebError::Internal(error.to_string())
    }
}

/// Marks a response whose page is still to be rendered.
#[derive(Debug, Clone)]
pub struct ErrorPage {
    status: StatusCode,
    service: Option<String>,
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let (status, service) = match self {
            WebError::NotFound { service } => (StatusCode::NOT_FOUND, service),
            WebError::Gone { service } => (StatusCode::GONE, service),
            WebError::BadRequest { service } => (StatusCode::BAD_REQUEST, service),
            WebError::Forbidden { service } => (StatusCode::FORBIDDEN, service),
            WebError::TooLarge { service } => (StatusCode::PAYLOAD_TOO_LARGE, service),
            WebError::TooMany { service } => (StatusCode::TOO_MANY_REQUESTS, service),
            WebError::Internal(detail) => {
                tracing::error!(%detail, "request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, None)
            }
        };
        let mut response = status.into_response();
        response.extensions_mut().insert(ErrorPage { status, service });
        response
    }
}

#[derive(Serialize)]
struct ErrorView {
    title_id: &'static str,
    text_id: &'static str,
    status: u16,
    home_href: String,
    service_name: Option<String>,
}

/// The heading and text of the error page of a status.
fn messages_of(status: StatusCode) -> (Message, Message) {
    match status {
        StatusCode::NOT_FOUND => (Message::ErrorNotFoundTitle, Message::ErrorNotFoundText),
        StatusCode::GONE => (Message::ErrorGoneTitle, Message::ErrorGoneText),
        StatusCode::BAD_REQUEST => (Message::ErrorBadRequestTitle, Message::ErrorBadRequestText),
        StatusCode::FORBIDDEN => (Message::ErrorForbiddenTitle, Message::ErrorForbiddenText),
        StatusCode::PAYLOAD_TOO_LARGE => (Message::ErrorTooLargeTitle, Message::ErrorTooLargeText),
        StatusCode::TOO_MANY_REQUESTS => (Message::ErrorTooManyTitle, Message::ErrorTooManyText),
        _ => (Message::ErrorInternalTitle, Message::ErrorInternalText),
    }
}

async fn render(app: &AppState, page: &ErrorPage) -> Result<String, WebError> {
    let services = app.services().await.map(|s| s.to_vec()).unwrap_or_default();
    let service: Option<Service> =
        page.service.as_ref().and_then(|code| services.iter().find(|s| &s.code == code)).cloned();
    let (title, text) = messages_of(page.status);
    let (title_id, text_id) = (title.id(), text.id());
    let (language, direction) = match &service {
        Some(service) => (service.language.clone(), service.direction.as_str()),
        None => (
            app.site.default_language.clone(),
            if crate::views::is_rtl_language(&app.site.default_language) { "rtl" } else { "ltr" },
        ),
    };
    let title = app.catalogs.message(&language, title, &[]);
    let layout = Layout::new(app, &language, &title, &services, service.as_ref());
    let view = ErrorView {
        title_id,
        text_id,
        status: page.status.as_u16(),
        home_href: service.as_ref().map_or("/".to_owned(), |s| format!("/{}/", s.code)),
        service_name: service.as_ref().map(|s| s.native_name.clone()),
    };
    Ok(app.templates.render("pages/error.html", PageContext::new(&language, direction, layout, view))?)
}

/// Renders the page of any response that carries an [`ErrorPage`].
pub async fn render_error_pages(State(app): State<AppState>, request: Request, next: Next) -> Response {
    if request.uri().path().starts_with("/api/") {
        // Its errors are JSON: see `crate::api::errors::finish`.
        return next.run(request).await;
    }
    let response = next.run(request).await;
    let page = match response.extensions().get::<ErrorPage>().cloned() {
        Some(page) => page,
        // The body-size limit answers before any handler: give it a page too.
        None if response.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            ErrorPage { status: StatusCode::PAYLOAD_TOO_LARGE, service: None }
        }
        None => return response,
    };
    match render(&app, &page).await {
        Ok(html) => (page.status, Html(html)).into_response(),
        Err(error) => {
            tracing::error!(?error, "cannot render the error page");
            (page.status, "The page could not be shown.").into_response()
        }
    }
}

/// The answer to any path no route claims: a 404 in the language of the service the
/// path starts with, if it does.
pub async fn not_found(State(app): State<AppState>, request: Request) -> WebError {
    let first_segment = request.uri().path().trim_start_matches('/').split('/').next().unwrap_or_default().to_owned();
    let service =
        app.services().await.map(|s| s.to_vec()).unwrap_or_default().into_iter().find(|s| s.code == first_segment);
    WebError::NotFound { service: service.map(|s| s.code) }
}
