//! Turning database rows into domain values.

use dateline_core::articles::credits::{Credit, CreditRole};
use dateline_core::articles::{Article, ArticleId, ArticleSummary, CommentPolicy, LeadImage};
use dateline_core::clock::from_micros;
use dateline_core::comments::{Comment, CommentId};
use dateline_core::media::MediaKey;
use dateline_core::score::Score;
use dateline_core::services::{Service, ServiceId};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::sql::{DbResult, unreadable};

/// Columns read for a service, in the order [`service`] expects.
pub(crate) const SERVICE_COLUMNS: &str = "id, code, name, native_name, language, direction, time_zone, comment_policy, comment_notice, embed_origins, locked_down, attack_mode";

/// Columns read for an article in a list, in the order [`summary`] expects.
pub(crate) const SUMMARY_COLUMNS: &str = "a.id, a.service_id, a.slug, a.headline, a.summary, a.published_at, \
     a.lead_image_key, a.lead_image_caption, a.lead_image_alt, a.lead_image_credit, \
     a.lead_image_file_photo, a.lead_image_width, a.lead_image_height";

/// Columns read for a whole article, in the order [`article`] expects.
pub(crate) const ARTICLE_COLUMNS: &str = "a.id, a.service_id, a.slug, a.headline, a.summary, a.published_at, \
     a.lead_image_key, a.lead_image_caption, a.lead_image_alt, a.lead_image_credit, \
     a.lead_image_file_photo, a.lead_image_width, a.lead_image_height, \
     a.body_markdown, a.body_html, a.updated_at, a.comment_policy, a.translation_group, a.unpublished_at, a.external_url";

pub(crate) fn service(row: &AnyRow) -> DbResult<Service> {
    let direction: String = row.try_get("direction")?;
    let time_zone: String = row.try_get("time_zone")?;
    let policy: String = row.try_get("comment_policy")?;
    Ok(Service {
        id: ServiceId(row.try_get("id")?),
        code: row.try_get("code")?,
        name: row.try_get("name")?,
        native_name: row.try_get("native_name")?,
        language: row.try_get("language")?,
        direction: direction.parse().map_err(unreadable)?,
        time_zone: time_zone.parse().map_err(unreadable)?,
        comment_policy: policy.parse().map_err(unreadable)?,
        comment_notice: row.try_get("comment_notice")?,
        embed_origins: row.try_get::<String, _>("embed_origins")?.lines().map(str::to_owned).collect(),
        locked_down: row.try_get::<i64, _>("locked_down")? != 0,
        attack_mode: row.try_get::<String, _>("attack_mode")?.parse().map_err(unreadable)?,
    })
}

fn lead_image(row: &AnyRow) -> DbResult<Option<LeadImage>> {
    let key: Option<String> = row.try_get("lead_image_key")?;
    let Some(key) = key else { return Ok(None) };
    let media = MediaKey::parse(&key).ok_or_else(|| unreadable(format!("bad media key {key:?}")))?;
    let flag: i64 = row.try_get("lead_image_file_photo")?;
    let width: i64 = row.try_get("lead_image_width")?;
    let height: i64 = row.try_get("lead_image_height")?;
    Ok(Some(LeadImage {
        media,
        caption: row.try_get("lead_image_caption")?,
        alt: row.try_get("lead_image_alt")?,
        credit: row.try_get("lead_image_credit")?,
        file_photo: flag != 0,
        width: u32::try_from(width).map_err(unreadable)?,
        height: u32::try_from(height).map_err(unreadable)?,
    }))
}

fn optional_time(row: &AnyRow, column: &str) -> DbResult<Option<chrono::DateTime<chrono::Utc>>> {
    let micros: Option<i64> = row.try_get(column)?;
    Ok(micros.map(from_micros))
}

pub(crate) fn summary(row: &AnyRow) -> DbResult<ArticleSummary> {
    Ok(ArticleSummary {
        id: ArticleId(row.try_get("id")?),
        service_id: ServiceId(row.try_get("service_id")?),
        slug: row.try_get("slug")?,
        headline: row.try_get("headline")?,
        summary: row.try_get("summary")?,
        published_at: optional_time(row, "published_at")?,
        lead_image: lead_image(row)?,
    })
}

/// An article without its credits and tags, which come from their own tables.
pub(crate) fn article(row: &AnyRow) -> DbResult<Article> {
    let head = summary(row)?;
    let policy: Option<String> = row.try_get("comment_policy")?;
    Ok(Article {
        id: head.id,
        service_id: head.service_id,
        slug: head.slug,
        headline: head.headline,
        summary: head.summary,
        body_markdown: row.try_get("body_markdown")?,
        body_html: row.try_get("body_html")?,
        published_at: head.published_at,
        updated_at: optional_time(row, "updated_at")?,
        tags: Vec::new(),
        translation_group: row.try_get("translation_group")?,
        comment_policy: policy.map(|p| p.parse::<CommentPolicy>()).transpose().map_err(unreadable)?,
        lead_image: head.lead_image,
        credits: Vec::new(),
        unpublished_at: optional_time(row, "unpublished_at")?,
        external_url: row.try_get("external_url")?,
    })
}

pub(crate) fn credit(row: &AnyRow) -> DbResult<Credit> {
    let role: String = row.try_get("role")?;
    let names: String = row.try_get("names")?;
    Ok(Credit {
        role: role.parse::<CreditRole>().map_err(unreadable)?,
        names: serde_json::from_str(&names).map_err(unreadable)?,
        for_service: row.try_get("for_service")?,
    })
}

/// Columns read for a comment, in the order [`comment`] expects (table alias `c`).
pub(crate) const COMMENT_COLUMNS: &str = "c.id, c.article_id, c.parent_id, c.author_name, c.text, c.email, c.state, \
     c.terms_version, c.rejection_reason, c.edited, c.created_at, c.moderated_at, c.labels, c.campaign_id, c.score";

pub(crate) fn comment(row: &AnyRow) -> DbResult<Comment> {
    let state: String = row.try_get("state")?;
    let edited: i64 = row.try_get("edited")?;
    let parent: Option<i64> = row.try_get("parent_id")?;
    let moderated: Option<i64> = row.try_get("moderated_at")?;
    let score = row.try_get::<Option<i64>, _>("score")?.map(Score);
    Ok(Comment {
        id: CommentId(row.try_get("id")?),
        article_id: ArticleId(row.try_get("article_id")?),
        parent_id: parent.map(CommentId),
        author_name: row.try_get("author_name")?,
        text: row.try_get("text")?,
        email: row.try_get("email")?,
        state: state.parse().map_err(unreadable)?,
        terms_version: row.try_get("terms_version")?,
        rejection_reason: row.try_get("rejection_reason")?,
        edited: edited != 0,
        labels: {
            let mut labels = dateline_core::checks::parse_labels(&row.try_get::<String, _>("labels")?);
            // Found after the comment was written (see dateline_core::campaigns).
            labels.extend(row.try_get::<Option<i64>, _>("campaign_id")?.map(|id| format!("campaign:{id}")));
            labels.extend(score.map(Score::label));
            labels
        },
        score,
        created_at: from_micros(row.try_get("created_at")?),
        moderated_at: moderated.map(from_micros),
    })
}
