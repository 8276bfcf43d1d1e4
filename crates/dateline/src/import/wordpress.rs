//! WordPress's export (WXR: RSS with `wp:` elements): published posts become stories (or
//! are matched to existing ones by URL through the pattern, when one is given), drafts
//! become drafts; their `<wp:comment>`s become comments — approved (`1`), pending (`0`),
//! rejected (`spam`), deleted (`trash`); pingbacks and trackbacks are skipped.

use std::path::Path;

use chrono::{DateTime, NaiveDateTime, Utc};
use dateline_core::articles::ArticleId;
use dateline_core::articles::import::{SourceFile, import_files};
use dateline_core::articles::slugs::is_valid_slug;
use dateline_core::comments::CommentState;
use dateline_core::media::MediaStore;
use dateline_core::services::Service;
use dateline_core::store::prelude::*;

use super::xml::{self, Record, Shape};
use super::{Report, SourceComment, UrlPattern, Writer};

/// The shape of a WXR file: `rss/channel/item`, with `wp:comment`s inside.
const SHAPE: Shape<'static> = Shape { depth: 3, records: &["item"], children: &["wp:comment"] };

/// Imports `file` into `service` (or, with `dry_run`, says what it would do).
pub async fn import(
    store: &dyn Store,
    media: &dyn MediaStore,
    service: &Service,
    file: &Path,
    pattern: Option<&UrlPattern>,
    dry_run: bool,
) -> anyhow::Result<Report> {
    // First pass: the whole file is checked.
    let bar = super::progress_bar(file, "checking");
    xml::read(
        file,
        &SHAPE,
        |at| bar.set_position(at),
        |item| {
            if is_post(&item) {
                post_time(&item, file)?;
                for comment in &item.children {
                    comment_of(&item, comment, file)?;
                }
            }
            Ok(())
        },
    )?;
    bar.finish_and_clear();
    // Second pass: stories and comments, written as they are read.
    let mut writer = Writer::new(store, "wordpress", dry_run);
    let (mut items, reading) = xml::stream(file, SHAPE, super::progress_bar(file, "importing"));
    while let Some(item) = items.recv().await {
        if !is_post(&item) {
            continue;
        }
        let story = story_of(store, media, service, &item, file, pattern, dry_run, &mut writer.report).await?;
        let post = item.text("wp:post_id").to_owned();
        writer.place(&post, item.text("link"), story);
        for comment in &item.children {
            match comment_of(&item, comment, file)? {
                Some(comment) => writer.add(comment).await?,
                None => writer.report.skipped += 1,
            }
        }
    }
    reading.await??;
    writer.finish().await
}

fn is_post(item: &Record) -> bool {
    item.text("wp:post_type") == "post"
}

fn line(record: &Record, file: &Path) -> u64 {
    xml::line_of(file, record.offset)
}

/// A WordPress time (`2026-10-01 12:00:00`, UTC in the `_gmt` fields).
fn wp_time(text: &str) -> Option<DateTime<Utc>> {
    NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%d %H:%M:%S").ok().map(|t| t.and_utc())
}

/// When a post was published: its GMT time, else its local one (a draft has neither).
fn post_time(item: &Record, file: &Path) -> anyhow::Result<Option<DateTime<Utc>>> {
    let gmt = item.text("wp:post_date_gmt");
    let text = if gmt.is_empty() || gmt.starts_with("0000") { item.text("wp:post_date") } else { gmt };
    if text.is_empty() || text.starts_with("0000") {
        return Ok(None);
    }
    wp_time(text).map(Some).ok_or_else(|| {
        anyhow::anyhow!(
            "{}, line {}: post {}: {text:?} is not a time (2026-10-01 12:00:00); nothing was imported",
            file.display(),
            line(item, file),
            item.text("wp:post_id")
        )
    })
}

/// The story of a post: matched by URL, or one this import made before, or a new one.
#[allow(clippy::too_many_arguments)]
async fn story_of(
    store: &dyn Store,
    media: &dyn MediaStore,
    service: &Service,
    item: &Record,
    file: &Path,
    pattern: Option<&UrlPattern>,
    dry_run: bool,
    report: &mut Report,
) -> anyhow::Result<Option<ArticleId>> {
    if let Some(slug) = pattern.and_then(|p| p.slug(item.text("link")))
        && let Some(article) = store.article_by_slug(service.id, &slug).await?
    {
        report.stories_matched += 1;
        return Ok(Some(article.id));
    }
    let name = item.text("wp:post_name");
    let slug = is_valid_slug(name).then(|| name.to_owned());
    if let Some(slug) = &slug
        && let Some(article) = store.article_by_slug(service.id, slug).await?
    {
        report.stories_matched += 1;
        return Ok(Some(article.id));
    }
    report.stories_created += 1;
    if dry_run {
        return Ok(Some(ArticleId(0)));
    }
    let published = if item.text("wp:status") == "publish" { post_time(item, file)? } else { None };
    let mut front =
        format!("+++\ntitle = {}\nservice = {}\n", toml_string(item.text("title")), toml_string(&service.code));
    if let Some(slug) = &slug {
        front.push_str(&format!("slug = {}\n", toml_string(slug)));
    }
    if let Some(at) = published {
        front.push_str(&format!("published = {}\n", at.format("%Y-%m-%dT%H:%M:%SZ")));
    }
    let body = item.text("content:encoded");
    let text = format!("{front}+++\n{}\n", if body.is_empty() { item.text("title") } else { body });
    let no_files = |name: &str| -> std::io::Result<Vec<u8>> {
        Err(std::io::Error::new(std::io::ErrorKind::NotFound, format!("{name}: imported posts bring no files")))
    };
    let source = SourceFile { name: format!("post {}", item.text("wp:post_id")), text, read_relative: &no_files };
    let imported = import_files(store, media, &[source], crate::clock().now())
        .await
        .map_err(|failure| anyhow::anyhow!("{}, line {}: {failure}", file.display(), line(item, file)))?;
    let Some(made) = imported.first() else { return Ok(None) };
    Ok(store.article_by_slug(service.id, &made.article.slug).await?.map(|a| a.id))
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A `<wp:comment>` as a comment (`None`: a pingback or trackback).
fn comment_of(item: &Record, comment: &Record, file: &Path) -> anyhow::Result<Option<SourceComment>> {
    if matches!(comment.text("wp:comment_type"), "pingback" | "trackback") {
        return Ok(None);
    }
    let id = comment.text("wp:comment_id").to_owned();
    let refuse = |what: String| {
        anyhow::anyhow!("{}, line {}: comment {id}: {what}; nothing was imported", file.display(), line(comment, file))
    };
    if id.is_empty() {
        return Err(refuse("no wp:comment_id".into()));
    }
    let gmt = comment.text("wp:comment_date_gmt");
    let text = if gmt.is_empty() || gmt.starts_with("0000") { comment.text("wp:comment_date") } else { gmt };
    let at = wp_time(text).ok_or_else(|| refuse(format!("{text:?} is not a time (2026-10-01 12:00:00)")))?;
    let state = match comment.text("wp:comment_approved") {
        "1" | "approve" => CommentState::Approved,
        "0" | "hold" => CommentState::Pending,
        "spam" => CommentState::Rejected,
        "trash" => CommentState::Deleted,
        other => return Err(refuse(format!("wp:comment_approved {other:?} is none of 1, 0, spam, trash"))),
    };
    let name = Some(comment.text("wp:comment_author")).filter(|n| !n.is_empty()).unwrap_or("Anonymous").to_owned();
    let author = [comment.text("wp:comment_author_email"), name.as_str()]
        .into_iter()
        .find(|a| !a.is_empty())
        .unwrap_or_default()
        .to_lowercase();
    Ok(Some(SourceComment {
        id,
        thread: item.text("wp:post_id").to_owned(),
        parent: Some(comment.text("wp:comment_parent")).filter(|p| !p.is_empty() && *p != "0").map(str::to_owned),
        name,
        author,
        text: super::html_to_text(comment.text("wp:comment_content")),
        at,
        state,
    }))
}
