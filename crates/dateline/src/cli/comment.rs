//! `dateline comment …`: the operators' comment tools.

use std::io::Write;

use anyhow::bail;
use clap::Subcommand;
use dateline_core::comments::{self, CommentId, CommentState, ModerationError, RejectionReason};
use dateline_core::moderation::{Actor, Decision, decide};
use dateline_core::store::CommentFilter;
use dateline_core::store::prelude::*;

use super::one_of;
use crate::config::Settings;

/// Comment commands.
#[derive(Debug, Subcommand)]
pub enum CommentCommand {
    /// List comments, oldest first: id, state, article, name, start of the text (tab-separated).
    List {
        /// Only comments in this state.
        #[arg(long, value_parser = one_of::<CommentState>(CommentState::ALL.map(CommentState::as_str)))]
        state: Option<CommentState>,
        /// Only comments under articles of this service (code).
        #[arg(long)]
        service: Option<String>,
        /// Only comments with a label that starts with this (e.g. link, first, word,
        /// word:ENTRY, reported).
        #[arg(long)]
        label: Option<String>,
        /// At most this many.
        #[arg(long, default_value_t = 100)]
        limit: u32,
        /// Print a header line first.
        #[arg(long)]
        header: bool,
    },
    /// Show one comment in full.
    Show {
        /// The comment's id.
        id: i64,
    },
    /// Approve (publish) pending or reported comments.
    Approve {
        /// The comments' ids.
        #[arg(required = true)]
        ids: Vec<i64>,
    },
    /// Reject pending or reported comments, with a reason from the Terms of Use.
    Reject {
        /// The comments' ids.
        #[arg(required = true)]
        ids: Vec<i64>,
        /// Why, as the Terms of Use name it.
        #[arg(long, value_parser = one_of::<RejectionReason>(RejectionReason::ALL.map(RejectionReason::as_str)))]
        reason: RejectionReason,
        /// A note (for "other", or to explain).
        #[arg(long)]
        note: Option<String>,
    },
    /// Run the retention job now: erase address hashes and emails older than the retention period.
    Purge,
}

/// The first `chars` characters of a text, on one line.
fn excerpt(text: &str, chars: usize) -> String {
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(chars) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line,
    }
}

/// Runs a comment command.
pub async fn run(settings: &Settings, command: CommentCommand) -> anyhow::Result<()> {
    let opened = crate::open(settings).await?;
    let store = opened.store.as_ref();
    let now = crate::clock().now();
    let mut out = std::io::stdout().lock();
    match command {
        CommentCommand::List { state, service, label, limit, header } => {
            let filter = CommentFilter { state, service, label, limit };
            if header {
                writeln!(out, "id\tstate\tarticle\tname\ttext\tlabels")?;
            }
            for listing in store.list_comments(&filter).await? {
                let c = &listing.comment;
                writeln!(
                    out,
                    "{}\t{}\t{}/{}\t{}\t{}\t{}",
                    c.id.0,
                    c.state,
                    listing.service_code,
                    listing.article_slug,
                    excerpt(&c.author_name, 40),
                    excerpt(&c.text, 60),
                    c.labels.iter().map(|l| excerpt(l, 60)).collect::<Vec<_>>().join(",")
                )?;
            }
        }
        CommentCommand::Show { id } => {
            let Some(c) = store.comment(CommentId(id)).await? else { bail!("comment {id} does not exist") };
            let article = store
                .comment_place(c.id)
                .await?
                .map(|p| format!("{}/{}", p.service_code, p.article_slug))
                .unwrap_or_default();
            writeln!(out, "id: {}", c.id.0)?;
            writeln!(out, "state: {}", c.state)?;
            writeln!(out, "article: {article}")?;
            writeln!(out, "name: {}", c.author_name)?;
            writeln!(out, "email: {}", c.email.as_deref().unwrap_or("-"))?;
            writeln!(out, "reply to: {}", c.parent_id.map_or("-".to_owned(), |p| p.0.to_string()))?;
            writeln!(out, "submitted: {}", c.created_at.to_rfc3339())?;
            writeln!(out, "moderated: {}", c.moderated_at.map_or("-".to_owned(), |t| t.to_rfc3339()))?;
            writeln!(out, "terms version: {}", c.terms_version)?;
            writeln!(out, "edited by a moderator: {}", if c.edited { "yes" } else { "no" })?;
            writeln!(out, "labels: {}", if c.labels.is_empty() { "-".to_owned() } else { c.labels.join(",") })?;
            if let Some(reason) = &c.rejection_reason {
                writeln!(out, "rejection reason: {reason}")?;
            }
            writeln!(out, "score: {}", c.score.map_or("-".to_owned(), |s| s.to_string()))?;
            if let Some(place) = store.comment_place(c.id).await? {
                write_score_features(&mut out, store, place.service_id, &c.text).await?;
            }
            writeln!(out, "text:\n{}", c.text)?;
        }
        CommentCommand::Approve { ids } => moderate(store, settings, &ids, &Decision::Approve, now, &mut out).await?,
        CommentCommand::Reject { ids, reason, note } => {
            if reason == RejectionReason::Other && note.as_deref().is_none_or(|n| n.trim().is_empty()) {
                bail!("--reason other needs a --note saying why");
            }
            moderate(store, settings, &ids, &Decision::Reject { reason, note }, now, &mut out).await?;
        }
        CommentCommand::Purge => {
            let report = comments::apply_retention(store, &settings.comments, now).await?;
            writeln!(
                out,
                "erased address hashes and emails of {} comment(s); deleted {} old daily secret(s)",
                report.comments, report.secrets
            )?;
        }
    }
    Ok(())
}

async fn moderate(
    store: &dyn Store,
    settings: &Settings,
    ids: &[i64],
    decision: &Decision,
    now: chrono::DateTime<chrono::Utc>,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let mut failures = 0;
    for &id in ids {
        match decide(store, Actor::CommandLine, CommentId(id), decision, &settings.comments, now).await {
            Ok(c) => writeln!(out, "{} {}", c.state, c.id.0)?,
            Err(
                error @ (ModerationError::NotFound(_)
                | ModerationError::AlreadyHandled { .. }
                | ModerationError::Forbidden(_)
                | ModerationError::TooMany
                | ModerationError::Invalid(_)),
            ) => {
                eprintln!("{error}");
                failures += 1;
            }
            Err(ModerationError::Store(error)) => return Err(error.into()),
        }
    }
    if failures > 0 {
        bail!("{failures} of {} comment(s) could not be changed", ids.len());
    }
    Ok(())
}

/// The features that weigh most in the comment's score with the service's model as it
/// stands now: one a line, the n-gram quoted (a space marks a word's edge), with the way
/// it leans.
async fn write_score_features(
    out: &mut impl Write,
    store: &dateline_store::SqlStore,
    service: dateline_core::services::ServiceId,
    text: &str,
) -> anyhow::Result<()> {
    let Some(scored) = dateline_core::score::explain(store, service, text).await? else {
        writeln!(out, "score features: - (the service's model has not learned enough decisions yet)")?;
        return Ok(());
    };
    writeln!(out, "score now: {}", dateline_core::score::Score::of(scored.score))?;
    writeln!(out, "score features:")?;
    for clue in scored.clues.iter().take(10) {
        let leaning = if clue.leaning >= 0.5 { "toward reject" } else { "toward approve" };
        writeln!(out, "  {:?}\t{:.2}\t{leaning}", clue.feature, clue.leaning)?;
    }
    Ok(())
}
