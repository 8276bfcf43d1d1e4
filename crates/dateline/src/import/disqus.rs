//! Disqus's export (`<disqus>` with `<thread>`s, then `<post>`s): threads are matched to
//! stories by their `<link>` through the URL pattern; posts become comments, `isDeleted` as
//! deleted, `isSpam` as rejected, `isApproved` false as pending, the rest approved.

use std::path::Path;

use chrono::{DateTime, Utc};
use dateline_core::comments::CommentState;
use dateline_core::services::Service;
use dateline_core::store::prelude::*;

use super::xml::{self, Record, Shape};
use super::{Report, SourceComment, UrlPattern, Writer};

/// The shape of a Disqus export: records are the root's children.
const SHAPE: Shape<'static> = Shape { depth: 2, records: &["thread", "post"], children: &[] };

/// Imports `file` into `service` (or, with `dry_run`, says what it would do).
pub async fn import(
    store: &dyn Store,
    service: &Service,
    file: &Path,
    pattern: &UrlPattern,
    dry_run: bool,
) -> anyhow::Result<Report> {
    // First pass: the whole file is checked, and the threads are learnt.
    let mut threads: Vec<(String, String)> = Vec::new();
    let bar = super::progress_bar(file, "checking");
    xml::read(
        file,
        &SHAPE,
        |at| bar.set_position(at),
        |record| {
            match record.tag.as_str() {
                "thread" => threads.push((id_of(&record, file)?, record.text("link").to_owned())),
                _ => {
                    comment_of(&record, file)?;
                }
            }
            Ok(())
        },
    )?;
    bar.finish_and_clear();
    let mut writer = Writer::new(store, "disqus", dry_run);
    for (id, link) in &threads {
        let story = match pattern.slug(link) {
            Some(slug) => store.article_by_slug(service.id, &slug).await?.map(|a| a.id),
            None => None,
        };
        if story.is_some() {
            writer.report.stories_matched += 1;
        }
        writer.place(id, link, story);
    }
    // Second pass: the comments, written as they are read.
    let (mut records, reading) = xml::stream(file, SHAPE, super::progress_bar(file, "importing"));
    while let Some(record) = records.recv().await {
        if record.tag == "post" {
            writer.add(comment_of(&record, file)?).await?;
        }
    }
    reading.await??;
    writer.finish().await
}

fn id_of(record: &Record, file: &Path) -> anyhow::Result<String> {
    let id = record.text("@dsq:id");
    if id.is_empty() {
        anyhow::bail!(
            "{}, line {}: a <{}> without dsq:id; nothing was imported",
            file.display(),
            line(record, file),
            record.tag
        );
    }
    Ok(id.to_owned())
}

fn line(record: &Record, file: &Path) -> u64 {
    xml::line_of(file, record.offset)
}

/// A post as a comment; an unreadable one fails the whole import, naming its line.
fn comment_of(record: &Record, file: &Path) -> anyhow::Result<SourceComment> {
    let id = id_of(record, file)?;
    let refuse = |what: String| {
        anyhow::anyhow!("{}, line {}: post {id}: {what}; nothing was imported", file.display(), line(record, file))
    };
    let thread = record.text("thread@dsq:id");
    if thread.is_empty() {
        return Err(refuse("no <thread dsq:id=\"…\"/>".into()));
    }
    let created = record.text("createdAt");
    let at = DateTime::parse_from_rfc3339(created)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| refuse(format!("createdAt {created:?} is not a time (2013-02-21T17:10:34Z)")))?;
    let yes = |field: &str| record.text(field).eq_ignore_ascii_case("true");
    let state = if yes("isDeleted") {
        CommentState::Deleted
    } else if yes("isSpam") {
        CommentState::Rejected
    } else if record.text("isApproved").eq_ignore_ascii_case("false") {
        CommentState::Pending
    } else {
        CommentState::Approved
    };
    let name = [record.text("author/name"), record.text("author/username")]
        .into_iter()
        .find(|n| !n.is_empty())
        .unwrap_or("Anonymous")
        .to_owned();
    let author = [record.text("author/username"), record.text("author/email"), name.as_str()]
        .into_iter()
        .find(|a| !a.is_empty())
        .unwrap_or_default()
        .to_lowercase();
    Ok(SourceComment {
        id,
        thread: thread.to_owned(),
        parent: Some(record.text("parent@dsq:id")).filter(|p| !p.is_empty()).map(str::to_owned),
        name,
        author,
        text: super::html_to_text(record.text("message")),
        at,
        state,
    })
}
