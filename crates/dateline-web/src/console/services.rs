//! Services (admins only): each one's notice above the comment form and its Terms of Use.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use dateline_core::moderation::Actor;
use dateline_core::services::{self, ServiceChangeError};
use serde::{Deserialize, Serialize};

use super::extract::{Admin, ConsoleError, CsrfForm};
use super::render::{ConsolePage, Flash, Section, back, render, text, text_with};
use crate::messages::Message;
use crate::state::AppState;

#[derive(Serialize)]
struct ServiceView {
    code: String,
    name: String,
    notice: String,
    own_notice: bool,
    terms_version: i64,
    terms: String,
}

/// `GET /admin/services` (admins only): comment notices and Terms of Use.
pub async fn services(
    State(app): State<AppState>,
    Admin(console): Admin,
    Query(flash): Query<Flash>,
) -> Result<Response, ConsoleError> {
    let mut views = Vec::new();
    for service in app.services().await?.iter() {
        let terms = app.store.current_terms(service.id).await?;
        views.push(ServiceView {
            notice: match &service.comment_notice {
                Some(own) => own.clone(),
                None => app.catalogs.message(&service.language, Message::CommentsNotice, &[]),
            },
            own_notice: service.comment_notice.is_some(),
            terms_version: terms.as_ref().map_or(0, |t| t.version),
            terms: terms.map(|t| t.body_markdown).unwrap_or_default(),
            code: service.code.clone(),
            name: service.name.clone(),
        });
    }
    let page = ConsolePage {
        template: "console/services.html",
        title: &text(&app, &console.language, "console-nav-services"),
        section: Section::Services,
        flash: flash.text(),
        page: views,
    };
    render(&app, &console, page)
}

/// The notice form: the text, or the button that goes back to the standard notice.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NoticeForm {
    notice: String,
    reset: Option<String>,
}

/// `POST /admin/services/{code}/notice`: an empty notice also means the standard one.
pub async fn set_notice(
    State(app): State<AppState>,
    Admin(console): Admin,
    Path(code): Path<String>,
    CsrfForm(form): CsrfForm<NoticeForm>,
) -> Result<Response, ConsoleError> {
    let own = Some(form.notice.as_str()).filter(|n| form.reset.is_none() && !n.trim().is_empty());
    let actor = Actor::User(&console.user);
    services::set_comment_notice(app.store.as_ref(), actor, &code, own, app.clock.now()).await?;
    let message = match own {
        Some(_) => text_with(&app, &console.language, "console-flash-notice-saved", &[("code", &code)]),
        None => text_with(&app, &console.language, "console-flash-notice-standard", &[("code", &code)]),
    };
    Ok(back(Some("/admin/services"), &message))
}

/// The terms form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TermsForm {
    terms: String,
}

/// `POST /admin/services/{code}/terms`: publishes a new version.
pub async fn publish_terms(
    State(app): State<AppState>,
    Admin(console): Admin,
    Path(code): Path<String>,
    CsrfForm(form): CsrfForm<TermsForm>,
) -> Result<Response, ConsoleError> {
    let actor = Actor::User(&console.user);
    match services::publish_terms(app.store.as_ref(), actor, &code, &form.terms, app.clock.now()).await {
        Ok(version) => {
            let args = [("version", version.to_string()), ("code", code.clone())];
            let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
            Ok(back(
                Some("/admin/services"),
                &text_with(&app, &console.language, "console-flash-terms-published", &args),
            ))
        }
        Err(ServiceChangeError::EmptyTerms) => {
            Ok(back(Some("/admin/services"), &text(&app, &console.language, "console-flash-terms-empty")))
        }
        Err(error) => Err(error.into()),
    }
}
