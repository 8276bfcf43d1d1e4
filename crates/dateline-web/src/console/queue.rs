//! The moderation queue: comments waiting (or in any state), filtered and paged by keyset,
//! with what a moderator needs to decide; decisions one by one or in bulk.

use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use dateline_core::articles::article_path;
use dateline_core::comments::{CommentId, CommentState, ModerationError, RejectionReason};
use dateline_core::moderation::{self, Actor, Decision};
use dateline_core::services::Service;
use dateline_core::store::{QueueCursor, QueueFilter, QueueItem};
use serde::{Deserialize, Serialize};

use super::extract::{ConsoleError, CsrfForm, Moderator};
use super::render::{
    ConsolePage, Flash, Section, back, form_value, message_page, moderated_services, moderation_message, non_empty,
    refused, render, when,
};
use crate::state::AppState;
use crate::text::comment_html;

/// Comments per page of the queue.
pub const QUEUE_PAGE: u32 = 25;

/// Filters of the queue.
#[derive(Debug, Default, Deserialize, Serialize, Clone)]
#[serde(default)]
pub struct QueueQuery {
    state: Option<String>,
    service: Option<String>,
    article: Option<String>,
    q: Option<String>,
    after: Option<String>,
    done: Option<String>,
}

#[derive(Serialize)]
struct ParentView {
    name: String,
    html: String,
}

/// A comment as the queue and its own page show it.
#[derive(Serialize)]
pub(super) struct ItemView {
    id: i64,
    state: String,
    service: String,
    article_headline: String,
    article_href: String,
    time: String,
    iso: String,
    name: String,
    html: String,
    edited: bool,
    parent: Option<ParentView>,
    approved_before: i64,
    rejected_before: i64,
    banned: bool,
    same_text: i64,
    report_count: i64,
    reports: Vec<String>,
}

/// The view of a queued comment.
pub(super) fn item_view(services: &[Service], item: QueueItem) -> ItemView {
    let service = services.iter().find(|s| s.code == item.service_code);
    ItemView {
        id: item.comment.id.0,
        state: item.comment.state.as_str().to_owned(),
        article_href: service
            .map_or_else(String::new, |s| article_path(s, &item.article_slug, item.article_published_at)),
        service: item.service_code,
        article_headline: item.article_headline,
        time: when(item.comment.created_at),
        iso: item.comment.created_at.to_rfc3339(),
        name: item.comment.author_name,
        // The console never turns URLs into links: a moderator reads them as text.
        html: comment_html(&item.comment.text, false),
        edited: item.comment.edited,
        parent: item.parent.map(|parent| ParentView { name: parent.name, html: comment_html(&parent.text, false) }),
        approved_before: item.history.approved,
        rejected_before: item.history.rejected,
        banned: item.banned,
        same_text: item.same_text_elsewhere,
        report_count: item.reports.count,
        reports: item.reports.latest,
    }
}

/// The id of a comment in a console path; anything else is "not found".
pub(super) fn parse_id(id: &str) -> Result<CommentId, ConsoleError> {
    id.parse::<i64>().map(CommentId).map_err(|_| ConsoleError::NotFound)
}

/// `GET /admin/comments`: the queue, oldest first, filtered.
pub async fn queue(
    State(app): State<AppState>,
    Moderator(console): Moderator,
    Query(query): Query<QueueQuery>,
) -> Result<Response, ConsoleError> {
    let state = match non_empty(&query.state).as_deref() {
        None => Some(CommentState::Pending),
        Some("all") => None,
        Some(other) => Some(other.parse::<CommentState>().map_err(|_| ConsoleError::NotFound)?),
    };
    let filter = QueueFilter {
        services: moderated_services(&console),
        comment: None,
        state,
        service: non_empty(&query.service),
        article: non_empty(&query.article),
        search: non_empty(&query.q),
        after: non_empty(&query.after).as_deref().and_then(QueueCursor::parse),
        limit: QUEUE_PAGE + 1,
        now: app.clock.now(),
    };
    let mut found = app.store.moderation_queue(&filter).await?;
    let has_more = found.len() > QUEUE_PAGE as usize;
    found.truncate(QUEUE_PAGE as usize);
    let next = found.last().filter(|_| has_more).map(|last| {
        let next = QueueQuery { after: Some(QueueCursor::of(&last.comment).to_string()), done: None, ..query.clone() };
        format!("/admin/comments?{}", serde_urlencoded::to_string(&next).unwrap_or_default())
    });
    let services = app.services().await?.to_vec();
    let items: Vec<ItemView> = found.into_iter().map(|item| item_view(&services, item)).collect();
    let mut counts: BTreeMap<&'static str, i64> = ["pending", "reported"].into_iter().map(|s| (s, 0)).collect();
    let mut per_service: BTreeMap<String, i64> = BTreeMap::new();
    for waiting in app.store.waiting_counts(moderated_services(&console).as_deref()).await? {
        if let Some(total) = counts.get_mut(waiting.state.as_str()) {
            *total += waiting.count;
        }
        if waiting.state == CommentState::Pending {
            *per_service.entry(waiting.service_code).or_default() += waiting.count;
        }
    }
    #[derive(Serialize)]
    struct View {
        counts: Vec<(&'static str, i64)>,
        pending_per_service: Vec<(String, i64)>,
        items: Vec<ItemView>,
        next: Option<String>,
        state: String,
        service: String,
        article: String,
        q: String,
        services: Vec<String>,
        reasons: Vec<&'static str>,
        return_to: String,
    }
    let return_to = format!(
        "/admin/comments?{}",
        serde_urlencoded::to_string(QueueQuery { done: None, ..query.clone() }).unwrap_or_default()
    );
    let view = View {
        counts: ["pending", "reported"].iter().map(|s| (*s, counts[s])).collect(),
        pending_per_service: per_service.into_iter().collect(),
        items,
        next,
        state: state.map_or("all".to_owned(), |s| s.as_str().to_owned()),
        service: non_empty(&query.service).unwrap_or_default(),
        article: non_empty(&query.article).unwrap_or_default(),
        q: non_empty(&query.q).unwrap_or_default(),
        services: services.iter().filter(|s| console.user.can_moderate(s.id)).map(|s| s.code.clone()).collect(),
        reasons: RejectionReason::ALL.iter().map(|r| r.as_str()).collect(),
        return_to,
    };
    let flash = Flash { done: query.done.clone() }.text();
    let page = ConsolePage {
        template: "console/queue.html",
        title: "Moderation queue",
        section: Section::Queue,
        flash,
        page: view,
    };
    render(&app, &console, page)
}

/// A decision from the fields of a queue or comment form.
fn decision_from(form: &[(String, String)], id: CommentId, action: &str) -> Result<Decision, String> {
    let reason_field = format!("reason-{}", id.0);
    let note_field = format!("note-{}", id.0);
    let reason = form_value(form, &reason_field).or_else(|| form_value(form, "reason")).unwrap_or("other");
    let note = form_value(form, &note_field).or_else(|| form_value(form, "note")).map(str::to_owned);
    let reason = || reason.parse::<RejectionReason>();
    match action {
        "approve" | "dismiss" => Ok(Decision::Approve),
        "reject" | "remove" => Ok(Decision::Reject { reason: reason()?, note }),
        "unpublish" => Ok(Decision::Unpublish { reason: reason()?, note }),
        "edit" => Ok(Decision::EditAndApprove { text: form_value(form, "text").unwrap_or_default().to_owned() }),
        other => Err(format!("unknown action {other:?}")),
    }
}

/// `POST /admin/comments/{id}/decide`: approve, reject, unpublish, edit, dismiss or remove.
pub async fn decide(
    State(app): State<AppState>,
    Moderator(console): Moderator,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, ConsoleError> {
    let id = parse_id(&id)?;
    let action = form_value(&form, "action").unwrap_or_default().to_owned();
    let return_to = form_value(&form, "return_to").unwrap_or("/admin/comments").to_owned();
    let decision = match decision_from(&form, id, &action) {
        Ok(decision) => decision,
        Err(message) => return message_page(&app, &console, StatusCode::UNPROCESSABLE_ENTITY, message, &return_to),
    };
    let now = app.clock.now();
    match moderation::decide(app.store.as_ref(), Actor::User(&console.user), id, &decision, &app.site.comments, now)
        .await
    {
        Ok(comment) => Ok(back(Some(&return_to), &format!("Comment {} is now {}.", comment.id.0, comment.state))),
        Err(error) => refused(&app, &console, error, &return_to),
    }
}

/// `POST /admin/comments/bulk`: approve or reject the selected comments.
pub async fn bulk(
    State(app): State<AppState>,
    Moderator(console): Moderator,
    CsrfForm(form): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, ConsoleError> {
    let return_to = form_value(&form, "return_to");
    let action = form_value(&form, "bulk_action").unwrap_or_default();
    let decision = match action {
        "approve" => Decision::Approve,
        "reject" => Decision::Reject {
            reason: form_value(&form, "bulk_reason")
                .unwrap_or("spam")
                .parse::<RejectionReason>()
                .map_err(|_| ConsoleError::NotFound)?,
            note: form_value(&form, "bulk_note").map(str::to_owned),
        },
        _ => return Ok(back(return_to, "Choose what to do with the selected comments.")),
    };
    let ids: Vec<CommentId> =
        form.iter().filter(|(k, _)| k == "ids").filter_map(|(_, v)| v.parse().ok()).map(CommentId).collect();
    let now = app.clock.now();
    let (mut done, mut skipped) = (0, Vec::new());
    for id in &ids {
        let actor = Actor::User(&console.user);
        match moderation::decide(app.store.as_ref(), actor, *id, &decision, &app.site.comments, now).await {
            Ok(_) => done += 1,
            Err(ModerationError::Store(error)) => return Err(error.into()),
            Err(error) => skipped.push(format!("{}: {}", id.0, moderation_message(&error).1)),
        }
    }
    let mut message =
        format!("{done} of {} comment(s) {}.", ids.len(), if action == "approve" { "approved" } else { "rejected" });
    if !skipped.is_empty() {
        message.push_str(&format!(" Not changed: {}", skipped.join("; ")));
    }
    Ok(back(return_to, &message))
}
