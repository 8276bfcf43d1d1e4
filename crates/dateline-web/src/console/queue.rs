//! The moderation queue: comments waiting (or in any state), filtered and paged by keyset,
//! with what a moderator needs to decide; decisions one by one or in bulk.

use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, Utc};
use dateline_core::articles::article_path;
use dateline_core::comments::{CommentId, CommentState, ModerationError, RejectionReason};
use dateline_core::moderation::{self, Actor, Decision};
use dateline_core::services::Service;
use dateline_core::store::{QueueCursor, QueueFilter, QueueItem};
use serde::{Deserialize, Serialize};

use super::extract::{ConsoleError, CsrfForm, Moderator};
use super::render::{
    ConsolePage, Flash, Section, back, back_at, duration_words, form_value, message_page, moderated_services,
    moderation_message, non_empty, refused, render, text, text_with, when,
};
use crate::state::AppState;
use crate::text::comment_html;

/// Comments per page of the queue, unless the moderator chooses another of [`PAGE_SIZES`].
pub const QUEUE_PAGE: u32 = 25;

/// The page sizes a moderator can choose.
pub const PAGE_SIZES: [u32; 3] = [25, 50, 100];

/// Comments longer than this (in characters) are clamped in the queue, with "show all".
const CLAMPED_AFTER: usize = 600;

/// Filters of the queue.
#[derive(Debug, Default, Deserialize, Serialize, Clone)]
#[serde(default)]
pub struct QueueQuery {
    state: Option<String>,
    service: Option<String>,
    article: Option<String>,
    q: Option<String>,
    label: Option<String>,
    sort: Option<String>,
    per_page: Option<String>,
    after: Option<String>,
    before: Option<String>,
    select: Option<String>,
    done: Option<String>,
}

impl QueueQuery {
    /// The page size asked for, if it is one of [`PAGE_SIZES`].
    fn page_size(&self) -> u32 {
        non_empty(&self.per_page).and_then(|n| n.parse().ok()).filter(|n| PAGE_SIZES.contains(n)).unwrap_or(QUEUE_PAGE)
    }

    /// Whether the queue is sorted by score (highest first) rather than oldest first.
    fn by_score(&self) -> bool {
        self.sort.as_deref() == Some("score")
    }

    /// The queue's address with these filters, at another place.
    fn href(&self, after: Option<String>, before: Option<String>) -> String {
        let query = QueueQuery { after, before, select: None, done: None, ..self.clone() };
        format!("/admin/comments?{}", serde_urlencoded::to_string(&query).unwrap_or_default())
    }
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
    /// What the checks noticed, and `reported:N`.
    labels: Vec<String>,
    lang: String,
    waiting: Option<String>,
    long: bool,
    next: Option<String>,
}

/// The application and the language a view is put into words with.
pub(super) type Words<'a> = (&'a crate::state::App, &'a str);

/// The view of a queued comment, at `now`.
pub(super) fn item_view(words: Words<'_>, services: &[Service], item: QueueItem, now: DateTime<Utc>) -> ItemView {
    let service = services.iter().find(|s| s.code == item.service_code);
    let waits = matches!(item.comment.state, CommentState::Pending | CommentState::Reported);
    ItemView {
        lang: service.map_or_else(String::new, |s| s.language.clone()),
        waiting: waits.then(|| duration_words(words.0, words.1, (now - item.comment.created_at).num_seconds().max(0))),
        long: item.comment.text.chars().count() > CLAMPED_AFTER || item.comment.text.lines().count() > 12,
        next: None,
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
        labels: item
            .comment
            .labels
            .into_iter()
            .chain((item.reports.count > 0).then(|| format!("reported:{}", item.reports.count)))
            .collect(),
        report_count: item.reports.count,
        reports: item.reports.latest,
    }
}

/// The id of a comment in a console path; anything else is "not found".
pub(super) fn parse_id(id: &str) -> Result<CommentId, ConsoleError> {
    id.parse::<i64>().map(CommentId).map_err(|_| ConsoleError::NotFound)
}

/// `GET /admin/comments`: the queue, oldest first, filtered, a page at a time.
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
    let page_size = query.page_size();
    let now = app.clock.now();
    let all = QueueFilter {
        services: moderated_services(&console),
        state,
        service: non_empty(&query.service),
        article: non_empty(&query.article),
        search: non_empty(&query.q),
        label: non_empty(&query.label),
        by_score: query.by_score(),
        limit: page_size,
        now,
        ..Default::default()
    };
    let before = non_empty(&query.before).as_deref().and_then(QueueCursor::parse);
    let after = non_empty(&query.after).as_deref().and_then(QueueCursor::parse).filter(|_| before.is_none());
    let found = app.store.moderation_queue(&QueueFilter { after, before, ..all.clone() }).await?;
    let total = app.store.count_queue(&all).await?;
    let earlier = match found.first() {
        Some(first) => {
            let cursor = QueueCursor::of(&first.comment, all.by_score);
            app.store.count_queue(&QueueFilter { before: Some(cursor), ..all }).await?
        }
        None => 0,
    };
    let position = Position::of(earlier, found.len(), total, &query, &found);
    let services = app.services().await?.to_vec();
    let words = (app.as_ref(), console.language.as_str());
    let mut items: Vec<ItemView> = found.into_iter().map(|item| item_view(words, &services, item, now)).collect();
    // After a decision the moderator lands on the next comment (the list, after the last).
    let following: Vec<Option<String>> = items.iter().skip(1).map(|i| Some(format!("c{}", i.id))).collect();
    for (item, next) in items.iter_mut().zip(following.into_iter().chain([Some("queue".to_owned())])) {
        item.next = next;
    }
    let mut counts: BTreeMap<&'static str, i64> = ["pending", "reported"].into_iter().map(|s| (s, 0)).collect();
    let mut per_service: BTreeMap<String, (i64, String)> = BTreeMap::new();
    for waiting in app.store.waiting_counts(moderated_services(&console).as_deref()).await? {
        if let Some(total) = counts.get_mut(waiting.state.as_str()) {
            *total += waiting.count;
        }
        if waiting.state == CommentState::Pending {
            let oldest = waiting
                .oldest
                .map(|at| duration_words(&app, &console.language, (now - at).num_seconds().max(0)))
                .unwrap_or_default();
            per_service.insert(waiting.service_code, (waiting.count, oldest));
        }
    }
    #[derive(Serialize)]
    struct View {
        counts: Vec<(&'static str, i64)>,
        pending_per_service: Vec<(String, i64, String)>,
        items: Vec<ItemView>,
        position: Position,
        state: String,
        service: String,
        article: String,
        q: String,
        label: String,
        by_score: bool,
        per_page: u32,
        page_sizes: [u32; 3],
        selected: bool,
        services: Vec<String>,
        reasons: Vec<&'static str>,
        return_to: String,
        campaign: Option<String>,
        campaign_id: Option<i64>,
    }
    // Filtered by one campaign: what it is, in a line.
    let campaign_id =
        non_empty(&query.label).and_then(|l| l.strip_prefix("campaign:").and_then(|id| id.parse::<i64>().ok()));
    let campaign = match campaign_id {
        Some(id) => app.store.campaign(id).await?.map(|c| {
            let span = duration_words(&app, &console.language, (c.last_seen - c.first_seen).num_seconds().max(0));
            let args = [
                ("comments", c.comments.to_string()),
                ("commenters", c.commenters.to_string()),
                ("stories", c.stories.to_string()),
                ("time", span),
            ];
            let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
            text_with(&app, &console.language, "console-campaign-summary", &args)
        }),
        None => None,
    };
    let here = QueueQuery { select: None, done: None, ..query.clone() };
    let return_to = format!("/admin/comments?{}", serde_urlencoded::to_string(&here).unwrap_or_default());
    let view = View {
        counts: ["pending", "reported"].iter().map(|s| (*s, counts[s])).collect(),
        pending_per_service: per_service.into_iter().map(|(code, (n, oldest))| (code, n, oldest)).collect(),
        items,
        position,
        state: state.map_or("all".to_owned(), |s| s.as_str().to_owned()),
        service: non_empty(&query.service).unwrap_or_default(),
        article: non_empty(&query.article).unwrap_or_default(),
        q: non_empty(&query.q).unwrap_or_default(),
        label: non_empty(&query.label).unwrap_or_default(),
        by_score: query.by_score(),
        per_page: page_size,
        page_sizes: PAGE_SIZES,
        selected: query.select.as_deref() == Some("all"),
        services: services.iter().filter(|s| console.user.can_moderate(s.id)).map(|s| s.code.clone()).collect(),
        reasons: RejectionReason::ALL.iter().map(|r| r.as_str()).collect(),
        return_to,
        campaign_id: campaign.as_ref().and(campaign_id),
        campaign,
    };
    let flash = Flash { done: query.done.clone() }.text();
    let page = ConsolePage {
        template: "console/queue.html",
        title: &text(&app, &console.language, "console-queue"),
        section: Section::Queue,
        flash,
        page: view,
    };
    render(&app, &console, page)
}

/// Where a page of the queue is, and the ways to the others.
#[derive(Serialize)]
struct Position {
    /// The first shown, counted from 1 (0 when the page is empty).
    first: u64,
    /// The last shown.
    last: u64,
    /// All the filter matches.
    total: u64,
    first_page: Option<String>,
    previous: Option<String>,
    next: Option<String>,
    select_all: String,
}

impl Position {
    fn of(earlier: u64, shown: usize, total: u64, query: &QueueQuery, found: &[QueueItem]) -> Position {
        let shown = shown as u64;
        let cursor = |item: Option<&QueueItem>| item.map(|i| QueueCursor::of(&i.comment, query.by_score()).to_string());
        let has_earlier = earlier > 0;
        Position {
            first: if shown == 0 { 0 } else { earlier + 1 },
            last: earlier + shown,
            total,
            first_page: has_earlier.then(|| query.href(None, None)),
            previous: has_earlier.then(|| query.href(None, cursor(found.first()))),
            next: (earlier + shown < total && shown > 0).then(|| query.href(cursor(found.last()), None)),
            select_all: {
                let mut here = QueueQuery { select: Some("all".into()), done: None, ..query.clone() };
                here.per_page = Some(query.page_size().to_string());
                format!("/admin/comments?{}#queue", serde_urlencoded::to_string(&here).unwrap_or_default())
            },
        }
    }
}

/// Why the fields of a form make no decision.
enum Refusal {
    /// A rejection without a reason: none is ever chosen for the moderator.
    NoReason,
    /// Anything else, in words.
    Other(String),
}

/// A decision from the fields of a queue or comment form.
fn decision_from(form: &[(String, String)], id: CommentId, action: &str) -> Result<Decision, Refusal> {
    let reason_field = format!("reason-{}", id.0);
    let note_field = format!("note-{}", id.0);
    let reason = form_value(form, &reason_field).or_else(|| form_value(form, "reason")).unwrap_or_default();
    let note = form_value(form, &note_field).or_else(|| form_value(form, "note")).map(str::to_owned);
    let reason = || match reason {
        "" => Err(Refusal::NoReason),
        reason => reason.parse::<RejectionReason>().map_err(Refusal::Other),
    };
    match action {
        "approve" | "dismiss" => Ok(Decision::Approve),
        "reject" | "remove" => Ok(Decision::Reject { reason: reason()?, note }),
        "unpublish" => Ok(Decision::Unpublish { reason: reason()?, note }),
        "edit" => Ok(Decision::EditAndApprove { text: form_value(form, "text").unwrap_or_default().to_owned() }),
        other => Err(Refusal::Other(format!("unknown action {other:?}"))),
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
        Err(Refusal::NoReason) => {
            let message = text_with(&app, &console.language, "console-flash-no-reason", &[("id", &id.0.to_string())]);
            return Ok(back_at(Some(&return_to), &message, Some(&format!("c{}", id.0))));
        }
        Err(Refusal::Other(message)) => {
            return message_page(&app, &console, StatusCode::UNPROCESSABLE_ENTITY, message, &return_to);
        }
    };
    // The place the moderator goes next: an item of the page, or the list itself.
    let next = form_value(&form, &format!("next-{}", id.0))
        .filter(|next| next.strip_prefix('c').is_some_and(|n| n.parse::<i64>().is_ok()) || *next == "queue");
    let now = app.clock.now();
    match moderation::decide(app.store.as_ref(), Actor::User(&console.user), id, &decision, &app.site.comments, now)
        .await
    {
        Ok(comment) => {
            let state = text(&app, &console.language, &format!("console-state-{}", comment.state.as_str()));
            let message = text_with(
                &app,
                &console.language,
                "console-flash-decided",
                &[("id", &comment.id.0.to_string()), ("state", &state)],
            );
            Ok(back_at(Some(&return_to), &message, next))
        }
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
        "reject" => match form_value(&form, "bulk_reason").unwrap_or_default().parse::<RejectionReason>() {
            Ok(reason) => Decision::Reject { reason, note: form_value(&form, "bulk_note").map(str::to_owned) },
            Err(_) => return Ok(back(return_to, &text(&app, &console.language, "console-flash-bulk-no-reason"))),
        },
        _ => return Ok(back(return_to, &text(&app, &console.language, "console-flash-bulk-choose"))),
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
    let id = if action == "approve" { "console-flash-bulk-approved" } else { "console-flash-bulk-rejected" };
    let mut message =
        text_with(&app, &console.language, id, &[("done", &done.to_string()), ("count", &ids.len().to_string())]);
    if !skipped.is_empty() {
        message.push(' ');
        message.push_str(&text_with(
            &app,
            &console.language,
            "console-flash-not-changed",
            &[("why", &skipped.join("; "))],
        ));
    }
    Ok(back(return_to, &message))
}

/// `POST /admin/campaigns/{id}`: acts on a whole campaign (from the queue filtered by it):
/// reject all, ban the commenters, or keep one and reject the rest.
pub async fn campaign(
    State(app): State<AppState>,
    Moderator(console): Moderator,
    axum::extract::Path(id): axum::extract::Path<i64>,
    CsrfForm(form): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, ConsoleError> {
    use dateline_core::campaigns::{self, CampaignAction};
    let return_to = form_value(&form, "return_to");
    let field = |name| form_value(&form, name).unwrap_or_default().trim().to_owned();
    let say = |key: &str, args: &[(&str, &str)]| text_with(&app, &console.language, key, args);
    let action = match field("campaign_action").as_str() {
        "reject" => match field("reason").parse::<RejectionReason>() {
            Ok(reason) => CampaignAction::RejectAll { reason, note: Some(field("note")).filter(|n| !n.is_empty()) },
            Err(_) => return Ok(back(return_to, &text(&app, &console.language, "console-flash-bulk-no-reason"))),
        },
        "ban" => {
            CampaignAction::BanCommenters { days: field("days").parse().unwrap_or(0), reason: field("ban_reason") }
        }
        "keep" => match field("keep").trim_start_matches('#').parse::<i64>() {
            Ok(keep) => CampaignAction::KeepOne { keep: CommentId(keep) },
            Err(_) => return Ok(back(return_to, &say("console-flash-campaign-which", &[]))),
        },
        _ => return Ok(back(return_to, &text(&app, &console.language, "console-flash-bulk-choose"))),
    };
    let actor = Actor::User(&console.user);
    let done = match campaigns::act(app.store.as_ref(), actor, id, &action, &app.site.comments, app.clock.now()).await {
        Ok(done) => done,
        Err(ModerationError::Store(error)) => return Err(error.into()),
        Err(error) => return Ok(back(return_to, &moderation_message(&error).1)),
    };
    let (decided, banned, skipped) = (done.decided.to_string(), done.banned.to_string(), done.skipped.to_string());
    let message = match action {
        CampaignAction::RejectAll { .. } => {
            say("console-flash-campaign-rejected", &[("done", &decided), ("skipped", &skipped)])
        }
        CampaignAction::BanCommenters { .. } => {
            say("console-flash-campaign-banned", &[("done", &banned), ("skipped", &skipped)])
        }
        CampaignAction::KeepOne { keep } => {
            let rejected = done.decided.saturating_sub(1).to_string();
            say(
                "console-flash-campaign-kept",
                &[("id", &keep.0.to_string()), ("done", &rejected), ("skipped", &skipped)],
            )
        }
    };
    Ok(back(return_to, &message))
}
