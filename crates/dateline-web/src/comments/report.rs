//! Reporting a published comment: a page of its own per comment (the article page only
//! links to it, so a story with hundreds of comments does not carry hundreds of forms), and
//! the form's answer.

use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use dateline_core::articles::{Article, article_path};
use dateline_core::comments::ModerationError;
use dateline_core::comments::{Comment, CommentId};
use dateline_core::services::Service;
use serde::{Deserialize, Serialize};

use crate::cache::private;
use crate::client::Caller;
use crate::error::WebError;
use crate::pages;
use crate::state::{App, AppState};
use crate::text::comment_html;
use crate::tokens::{self, TokenPurpose};
use crate::views::layout::{Layout, PageContext};

/// The report form's fields.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReportForm {
    report_token: String,
    reason: String,
}

#[derive(Serialize)]
struct ReportView {
    article_href: String,
    headline: String,
    comment_id: i64,
    author: String,
    html: String,
    action: String,
    report_token: String,
    reason: String,
    error: bool,
}

type ArticlePath = (String, String, String, String, String);

/// The published comment `id` of the public article at this address.
async fn reported_comment(
    app: &App,
    code: &str,
    slug: &str,
    id: &str,
) -> Result<(Vec<Service>, Service, Article, Comment), WebError> {
    let (services, service, article) = pages::public_article_head(app, code, slug).await?;
    let comment = comment_of(app, &service, &article, id).await?;
    Ok((services, service, article, comment))
}

/// The published comment `id` of an article.
async fn comment_of(app: &App, service: &Service, article: &Article, id: &str) -> Result<Comment, WebError> {
    let not_found = || WebError::NotFound { service: Some(service.code.clone()) };
    let id = id.parse::<i64>().map(CommentId).map_err(|_| not_found())?;
    let comment = app
        .store
        .comment(id)
        .await?
        .filter(|c| c.article_id == article.id && c.state.is_public())
        .ok_or_else(not_found)?;
    Ok(comment)
}

async fn report_page(
    app: &App,
    found: (Vec<Service>, Service, Article, Comment),
    reason: String,
    status: StatusCode,
) -> Result<Response, WebError> {
    let (services, service, article, comment) = found;
    let language = service.language.as_str();
    let article_href = article_path(&service, &article.slug, article.published_at);
    let title = app.catalogs.text(language, "comment-report-title", &[]);
    let mut layout = Layout::new(app, language, &title, &services, Some(&service));
    layout.noindex = true;
    let view = ReportView {
        action: format!("{article_href}/comments/{}/report", comment.id.0),
        article_href: format!("{article_href}#comment-{}", comment.id.0),
        headline: article.headline.clone(),
        comment_id: comment.id.0,
        author: comment.author_name.clone(),
        html: comment_html(&comment.text, app.site.comments.link_urls),
        report_token: tokens::sign(&app.form_key().await?, TokenPurpose::Report(article.id), app.clock.now()),
        error: status != StatusCode::OK,
        reason,
    };
    let html = app
        .templates
        .render("comments/report.html", PageContext::new(language, service.direction.as_str(), layout, view))?;
    Ok(private((status, Html(html)).into_response()))
}

/// `GET /{service}/{yyyy}/{mm}/{slug}/comments/{id}/report`: the form to report a
/// published comment, with the comment it reports.
pub async fn report_form(
    State(app): State<AppState>,
    Path((code, _year, _month, slug, id)): Path<ArticlePath>,
) -> Result<Response, WebError> {
    let found = reported_comment(&app, &code, &slug, &id).await?;
    report_page(&app, found, String::new(), StatusCode::OK).await
}

/// `POST /{service}/{yyyy}/{mm}/{slug}/comments/{id}/report`: a reader reports a published
/// comment. Without a reason the form comes back, with what was typed.
pub async fn report(
    State(app): State<AppState>,
    Path((code, _year, _month, slug, id)): Path<ArticlePath>,
    caller: Caller,
    Form(form): Form<ReportForm>,
) -> Result<Response, WebError> {
    let (services, service, article) = pages::public_article_head(&app, &code, &slug).await?;
    let forbidden = || WebError::Forbidden { service: Some(service.code.clone()) };
    let now = app.clock.now();
    let signed =
        tokens::verify(&app.form_key().await?, TokenPurpose::Report(article.id), &form.report_token, now).is_some();
    if !signed || !caller.same_origin {
        return Err(forbidden());
    }
    let comment = comment_of(&app, &service, &article, &id).await?;
    let (reporter, _) = app.address_hashes(caller.address, now).await?;
    let reported = dateline_core::moderation::report(
        app.store.as_ref(),
        comment.id,
        &form.reason,
        &reporter,
        &app.site.comments,
        now,
    )
    .await;
    match reported {
        Ok(()) => {
            let path = article_path(&service, &article.slug, article.published_at);
            Ok(private(Redirect::to(&format!("{path}?reported={}#comments", comment.id.0)).into_response()))
        }
        Err(ModerationError::Store(error)) => Err(error.into()),
        Err(ModerationError::Invalid(_)) => {
            let found = (services, service, article, comment);
            report_page(&app, found, form.reason, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(ModerationError::TooMany) => Err(WebError::TooMany { service: Some(service.code.clone()) }),
        Err(_) => Err(WebError::NotFound { service: Some(service.code.clone()) }),
    }
}
