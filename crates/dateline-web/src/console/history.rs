//! A story's history: its revisions with author and time, a word-level comparison of any
//! two (readable for CJK text: each ideograph is its own word), and restoring one.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use dateline_core::accounts::Actor;
use dateline_core::articles::ArticleId;
use dateline_core::desk::{self, DeskError, Revision};
use serde::{Deserialize, Serialize};
use similar::{ChangeTag, TextDiff};

use super::extract::{ConsoleError, CsrfForm, Desk, NoFields};
use super::render::{ConsolePage, Section, back, render, text_with, when};
use super::stories::desk_error;
use crate::state::AppState;

/// A run of text in a comparison: kept, removed or added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffPart {
    /// `same`, `removed` or `added`.
    pub kind: &'static str,
    /// The text.
    pub text: String,
}

/// A word-level comparison of two texts, runs of the same kind joined.
pub fn diff_words(old: &str, new: &str) -> Vec<DiffPart> {
    let diff = TextDiff::configure().diff_unicode_words(old, new);
    let mut parts: Vec<DiffPart> = Vec::new();
    for change in diff.iter_all_changes() {
        let kind = match change.tag() {
            ChangeTag::Equal => "same",
            ChangeTag::Delete => "removed",
            ChangeTag::Insert => "added",
        };
        match parts.last_mut() {
            Some(last) if last.kind == kind => last.text.push_str(change.value()),
            _ => parts.push(DiffPart { kind, text: change.value().to_owned() }),
        }
    }
    parts
}

#[derive(Serialize)]
struct RevisionRow {
    number: i64,
    kind: &'static str,
    author: String,
    at: String,
    note: String,
}

#[derive(Serialize)]
struct HistoryView {
    id: i64,
    headline: String,
    revisions: Vec<RevisionRow>,
    current: i64,
}

fn story_id(id: &str) -> Result<ArticleId, ConsoleError> {
    id.parse::<i64>().map(ArticleId).map_err(|_| ConsoleError::NotFound)
}

async fn revisions_of(
    app: &AppState,
    console: &super::extract::Console,
    id: ArticleId,
) -> Result<(dateline_core::desk::Story, Vec<Revision>), ConsoleError> {
    let story = app.store.story(id).await?.ok_or(ConsoleError::NotFound)?;
    let access = desk::StoryAccess {
        service: story.article.service_id,
        owner: story.owner,
        status: story.status(app.clock.now()),
    };
    if !desk::may(Actor::User(&console.user), desk::DeskAction::View, &access) {
        return Err(ConsoleError::NotFound);
    }
    let revisions = app.store.revisions(id).await?;
    Ok((story, revisions))
}

/// `GET /admin/stories/{id}/history`
pub async fn history(
    State(app): State<AppState>,
    Desk(console): Desk,
    Path(id): Path<String>,
) -> Result<Response, ConsoleError> {
    let (story, revisions) = revisions_of(&app, &console, story_id(&id)?).await?;
    let view = HistoryView {
        id: story.article.id.0,
        headline: story.article.headline.clone(),
        current: story.revision,
        revisions: revisions
            .iter()
            .map(|r| RevisionRow {
                number: r.number,
                kind: r.kind.as_str(),
                author: r.author.clone(),
                at: when(r.at),
                note: r.note.clone(),
            })
            .collect(),
    };
    let page = ConsolePage {
        template: "console/story_history.html",
        title: &super::render::text(&app, &console.language, "desk-history"),
        section: Section::Stories,
        flash: None,
        page: view,
    };
    render(&app, &console, page)
}

/// `?from=N&to=M` of a comparison (the newest two by default).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DiffQuery {
    from: Option<String>,
    to: Option<String>,
}

#[derive(Serialize)]
struct FieldDiff {
    field: &'static str,
    parts: Vec<DiffPart>,
    changed: bool,
}

#[derive(Serialize)]
struct DiffView {
    id: i64,
    headline: String,
    from: i64,
    to: i64,
    fields: Vec<FieldDiff>,
}

/// `GET /admin/stories/{id}/diff?from=N&to=M`: what changed between two revisions.
pub async fn diff(
    State(app): State<AppState>,
    Desk(console): Desk,
    Path(id): Path<String>,
    Query(query): Query<DiffQuery>,
) -> Result<Response, ConsoleError> {
    let (story, revisions) = revisions_of(&app, &console, story_id(&id)?).await?;
    let number = |text: &Option<String>| text.as_deref().and_then(|t| t.trim().parse::<i64>().ok());
    let to = number(&query.to).unwrap_or(story.revision);
    let from = number(&query.from).unwrap_or(to - 1);
    let find = |n: i64| revisions.iter().find(|r| r.number == n).ok_or(ConsoleError::NotFound);
    let (old, new) = (find(from)?, find(to)?);
    let text = |r: &Revision| {
        [
            ("headline", r.fields.headline.clone()),
            ("summary", r.fields.summary.clone()),
            ("body", r.fields.body.clone()),
            ("tags", r.fields.tags.join(", ")),
            (
                "credits",
                r.fields
                    .credits
                    .iter()
                    .map(|c| format!("{}: {}", c.role, c.names.join(", ")))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
        ]
    };
    let fields = text(old)
        .into_iter()
        .zip(text(new))
        .map(|((field, before), (_, after))| FieldDiff {
            field,
            changed: before != after,
            parts: diff_words(&before, &after),
        })
        .collect();
    let view = DiffView { id: story.article.id.0, headline: story.article.headline.clone(), from, to, fields };
    let page = ConsolePage {
        template: "console/story_diff.html",
        title: &super::render::text(&app, &console.language, "desk-changes-title"),
        section: Section::Stories,
        flash: None,
        page: view,
    };
    render(&app, &console, page)
}

/// `POST /admin/stories/{id}/revisions/{n}/restore`: an earlier revision becomes the newest.
pub async fn restore(
    State(app): State<AppState>,
    Desk(console): Desk,
    Path((id, number)): Path<(String, String)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, ConsoleError> {
    let id = story_id(&id)?;
    let number = number.parse::<i64>().map_err(|_| ConsoleError::NotFound)?;
    let actor = Actor::User(&console.user);
    let target = format!("/admin/stories/{}", id.0);
    match desk::restore_revision(app.store.as_ref(), actor, id, number, app.clock.now()).await {
        Ok(revision) => {
            let (number, revision) = (number.to_string(), revision.to_string());
            let done = text_with(
                &app,
                &console.language,
                "desk-flash-revision-restored",
                &[("number", &number), ("revision", &revision)],
            );
            Ok(back(Some(&target), &done))
        }
        Err(error @ (DeskError::Forbidden | DeskError::NotFound(_) | DeskError::Store(_))) => Err(desk_error(error)),
        Err(error) => Ok(back(
            Some(&target),
            &text_with(&app, &console.language, "desk-not-restored", &[("why", &error.to_string())]),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_are_words_and_ideographs() {
        let parts = diff_words("The river rose.", "The river fell.");
        assert_eq!(
            parts.iter().map(|p| (p.kind, p.text.as_str())).collect::<Vec<_>>(),
            [("same", "The river "), ("removed", "rose"), ("added", "fell"), ("same", ".")]
        );
        let korean = diff_words("한강 홍수 피해", "한강 홍수 복구");
        assert!(korean.iter().any(|p| p.kind == "removed" && p.text == "피해"), "{korean:?}");
        let chinese = diff_words("洪水退去", "洪水上涨");
        let removed: String = chinese.iter().filter(|p| p.kind == "removed").map(|p| p.text.as_str()).collect();
        assert_eq!(removed, "退去", "ideograph by ideograph, not the whole line");
    }
}
