//! One comment in the console: its text, versions, reports and actions, and the ban of
//! its commenter.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use dateline_core::comments::RejectionReason;
use dateline_core::moderation::{self, Actor};
use dateline_core::store::QueueFilter;
use serde::{Deserialize, Serialize};

use super::extract::{ConsoleError, CsrfForm, Moderator};
use super::queue::{ItemView, item_view, parse_id};
use super::render::{ConsolePage, Flash, Section, back, refused, render, text, text_with, when};
use crate::state::AppState;
use crate::text::comment_html;

#[derive(Serialize)]
struct VersionView {
    version: i64,
    html: String,
    by: String,
    time: String,
}

/// One feature of the score's explanation.
#[derive(Serialize)]
struct ClueView {
    feature: String,
    leaning: String,
    toward_reject: bool,
}

/// The comment's score and why.
#[derive(Serialize)]
struct ScoreView {
    /// As stored when it was scored (`-`: not scored then).
    stored: String,
    /// With the model as it stands now (`None`: the model cannot score yet).
    now: Option<String>,
    clues: Vec<ClueView>,
}

#[derive(Serialize)]
struct CommentView {
    item: ItemView,
    score: ScoreView,
    text: String,
    versions: Vec<VersionView>,
    reasons: Vec<&'static str>,
    rejection_reason: Option<String>,
    return_to: String,
}

/// `GET /admin/comments/{id}`: one comment with its versions, reports and actions.
pub async fn comment(
    State(app): State<AppState>,
    Moderator(console): Moderator,
    Path(id): Path<String>,
    Query(flash): Query<Flash>,
) -> Result<Response, ConsoleError> {
    let id = parse_id(&id)?;
    let place = app.store.comment_place(id).await?.ok_or(ConsoleError::NotFound)?;
    // Another desk's comment is answered as one that does not exist.
    if !console.user.can_moderate(place.service_id) {
        return Err(ConsoleError::NotFound);
    }
    let services = app.services().await?.to_vec();
    let filter = QueueFilter { comment: Some(id), limit: 1, now: app.clock.now(), ..Default::default() };
    let item = app.store.moderation_queue(&filter).await?.into_iter().next().ok_or(ConsoleError::NotFound)?;
    let versions = app
        .store
        .comment_versions(id)
        .await?
        .into_iter()
        .map(|v| VersionView {
            version: v.version,
            html: comment_html(&v.text, false),
            by: v.edited_by.unwrap_or_else(|| text(&app, &console.language, "console-the-author")),
            time: when(v.at),
        })
        .collect();
    let explained = dateline_core::score::explain(app.store.as_ref(), place.service_id, &item.comment.text).await?;
    let score = ScoreView {
        stored: item.comment.score.map_or("-".to_owned(), |s| s.to_string()),
        now: explained.as_ref().map(|e| dateline_core::score::Score::of(e.score).to_string()),
        clues: explained
            .map(|e| e.clues)
            .unwrap_or_default()
            .into_iter()
            .take(10)
            .map(|c| ClueView {
                leaning: format!("{:.2}", c.leaning),
                toward_reject: c.leaning >= 0.5,
                feature: c.feature,
            })
            .collect(),
    };
    let view = CommentView {
        score,
        text: item.comment.text.clone(),
        rejection_reason: item.comment.rejection_reason.clone(),
        item: item_view((app.as_ref(), &console.language), &services, item, app.clock.now()),
        versions,
        reasons: RejectionReason::ALL.iter().map(|r| r.as_str()).collect(),
        return_to: format!("/admin/comments/{}", id.0),
    };
    let page = ConsolePage {
        template: "console/comment.html",
        title: &text(&app, &console.language, "console-comment"),
        section: Section::Queue,
        flash: flash.text(),
        page: view,
    };
    render(&app, &console, page)
}

/// The ban form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct BanForm {
    days: String,
    reason: String,
    return_to: String,
}

/// `POST /admin/comments/{id}/ban`: bans the commenter of a comment from its service.
pub async fn ban(
    State(app): State<AppState>,
    Moderator(console): Moderator,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<BanForm>,
) -> Result<Response, ConsoleError> {
    let id = parse_id(&id)?;
    let days = form.days.trim().parse::<u32>().unwrap_or(0);
    let actor = Actor::User(&console.user);
    match moderation::ban(app.store.as_ref(), actor, id, days, &form.reason, app.clock.now()).await {
        Ok(ban) => Ok(back(
            Some(&form.return_to),
            &text_with(
                &app,
                &console.language,
                "console-flash-banned",
                &[("id", &id.0.to_string()), ("days", &days.to_string()), ("ban", &ban.to_string())],
            ),
        )),
        Err(error) => refused(&app, &console, error, &form.return_to),
    }
}
