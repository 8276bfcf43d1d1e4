//! `dateline export [--service CODE]`: the site's content as JSON lines on standard output,
//! so that a newsroom's data is never locked in. The format is documented in the README;
//! every line is one object whose `type` says what it is.

use std::io::{BufWriter, Write};

use chrono::{DateTime, Utc};
use clap::Args;
use dateline_core::articles::ArticleId;
use dateline_core::audit::AuditFilter;
use dateline_core::desk::Story;
use dateline_core::services::Service;
use dateline_core::store::prelude::*;
use dateline_core::store::{QueueCursor, QueueFilter, StoryFilter};
use serde_json::{Value, json};

use crate::config::Settings;

/// The export format this program writes.
pub const FORMAT: u32 = 1;

/// How many records are read at a time.
const PAGE: u32 = 500;

/// `dateline export` options.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Only this service's stories and comments (the audit log, which is site-wide, is left
    /// out).
    #[arg(long, value_name = "CODE")]
    service: Option<String>,
}

/// Writes the export to standard output. A reader that stops early (`| head`) ends it
/// quietly.
pub async fn run(settings: &Settings, args: ExportArgs) -> anyhow::Result<()> {
    match write_export(settings, args).await {
        Err(error) if is_broken_pipe(&error) => Ok(()),
        other => other,
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    let broken = Some(std::io::ErrorKind::BrokenPipe);
    error.downcast_ref::<std::io::Error>().map(std::io::Error::kind) == broken
        || error.downcast_ref::<serde_json::Error>().and_then(serde_json::Error::io_error_kind) == broken
}

async fn write_export(settings: &Settings, args: ExportArgs) -> anyhow::Result<()> {
    let opened = crate::open(settings).await?;
    let store = opened.store.as_ref();
    let now = crate::clock().now();
    let all = store.services().await?;
    let services: Vec<Service> = match &args.service {
        Some(code) => vec![
            all.iter()
                .find(|s| &s.code == code)
                .cloned()
                .ok_or_else(|| anyhow::anyhow!("there is no service {code:?}"))?,
        ],
        None => all.clone(),
    };
    let mut out = BufWriter::new(std::io::stdout().lock());
    let mut line = |value: Value| -> anyhow::Result<()> {
        serde_json::to_writer(&mut out, &value)?;
        out.write_all(b"\n")?;
        Ok(())
    };
    line(json!({
        "type": "export",
        "format": FORMAT,
        "created_at": now.to_rfc3339(),
        "schema_version": dateline_store::latest_schema_version(),
        "service": args.service,
    }))?;
    for service in &services {
        line(service_line(service))?;
    }
    let codes = |id| all.iter().find(|s| s.id == id).map(|s| s.code.clone()).unwrap_or_default();
    let mut before: Option<(DateTime<Utc>, ArticleId)> = None;
    loop {
        let filter = StoryFilter {
            services: Some(services.iter().map(|s| s.id).collect()),
            before,
            limit: PAGE,
            now,
            with_pages: true,
            ..StoryFilter::default()
        };
        let page = store.stories(&filter).await?;
        for listing in &page {
            if let Some(story) = store.story(listing.id).await? {
                line(story_line(&story, &codes(story.article.service_id), now))?;
            }
        }
        match page.last() {
            Some(last) if page.len() == PAGE as usize => before = Some((last.modified_at, last.id)),
            _ => break,
        }
    }
    let mut after: Option<QueueCursor> = None;
    loop {
        let filter = QueueFilter {
            services: Some(services.iter().map(|s| s.id).collect()),
            after,
            limit: PAGE,
            now,
            ..QueueFilter::default()
        };
        let page = store.moderation_queue(&filter).await?;
        for item in &page {
            line(comment_line(item))?;
        }
        match page.last() {
            Some(last) if page.len() == PAGE as usize => after = Some(QueueCursor::of(&last.comment, false)),
            _ => break,
        }
    }
    if args.service.is_none() {
        let mut before_id = None;
        loop {
            let page = store.audit_log(&AuditFilter { before_id, limit: PAGE, ..AuditFilter::default() }).await?;
            for entry in &page {
                let parsed = |text: &Option<String>| {
                    text.as_deref().map(|t| serde_json::from_str::<Value>(t).unwrap_or(Value::String(t.into())))
                };
                line(json!({
                    "type": "audit",
                    "id": entry.id,
                    "at": entry.at.to_rfc3339(),
                    "actor": entry.actor,
                    "action": entry.action,
                    "object": entry.object,
                    "before": parsed(&entry.before),
                    "after": parsed(&entry.after),
                }))?;
            }
            match page.last() {
                Some(last) if page.len() == PAGE as usize => before_id = Some(last.id),
                _ => break,
            }
        }
    }
    out.flush()?;
    Ok(())
}

fn service_line(service: &Service) -> Value {
    json!({
        "type": "service",
        "code": service.code,
        "name": service.name,
        "native_name": service.native_name,
        "language": service.language,
        "direction": service.direction.as_str(),
        "time_zone": service.time_zone.name(),
    })
}

fn story_line(story: &Story, service: &str, now: DateTime<Utc>) -> Value {
    let article = &story.article;
    let time = |at: Option<DateTime<Utc>>| at.map(|t| t.to_rfc3339());
    json!({
        "type": "story",
        "id": article.id.0,
        "service": service,
        "slug": article.slug,
        "status": story.status(now).as_str(),
        "revision": story.revision,
        "headline": article.headline,
        "summary": article.summary,
        "body_markdown": article.body_markdown,
        "tags": article.tags,
        "credits": article.credits.iter().map(|c| json!({
            "role": c.role.as_str(),
            "names": c.names,
            "for_service": c.for_service,
        })).collect::<Vec<_>>(),
        "lead_image": article.lead_image.as_ref().map(|image| json!({
            "url": image.media.url_path(),
            "caption": image.caption,
            "alt": image.alt,
            "credit": image.credit,
            "file_photo": image.file_photo,
        })),
        "comments": article.comment_policy.map(|p| p.as_str()),
        "translation_of": story.translation_of.map(|id| id.0),
        "published_at": time(article.published_at),
        "updated_at": time(article.updated_at),
        "unpublished_at": time(article.unpublished_at),
        "external_url": article.external_url,
        "modified_at": story.modified_at.to_rfc3339(),
        "corrections": story.corrections.iter().map(|c| json!({
            "at": c.at.to_rfc3339(),
            "text": c.text,
        })).collect::<Vec<_>>(),
    })
}

/// A comment, without what identifies its author beyond the name they gave: no email, no
/// hashes.
fn comment_line(item: &dateline_core::store::QueueItem) -> Value {
    let comment = &item.comment;
    json!({
        "type": "comment",
        "id": comment.id.0,
        "story_id": comment.article_id.0,
        "service": item.service_code,
        "story_slug": item.article_slug,
        "parent_id": comment.parent_id.map(|p| p.0),
        "name": comment.author_name,
        "text": comment.text,
        "state": comment.state.as_str(),
        "rejection_reason": comment.rejection_reason,
        "edited": comment.edited,
        "terms_version": comment.terms_version,
        "created_at": comment.created_at.to_rfc3339(),
        "moderated_at": comment.moderated_at.map(|t| t.to_rfc3339()),
    })
}
