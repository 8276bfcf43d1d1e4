//! Turning database rows into domain values.

use dateline_core::article::{Article, ArticleId, ArticleSummary, CommentPolicy, LeadImage};
use dateline_core::clock::from_micros;
use dateline_core::comment::{Comment, CommentId};
use dateline_core::credit::{Credit, CreditRole};
use dateline_core::media::MediaKey;
use dateline_core::service::{Service, ServiceId};
use dateline_core::store::StoreError;
use sqlx::Row;
use sqlx::any::AnyRow;

/// Columns read for a service, in the order [`service`] expects.
pub const SERVICE_COLUMNS: &str =
    "id, code, name, native_name, language, direction, time_zone, comment_policy, comment_notice";

/// Columns read for an article in a list, in the order [`summary`] expects.
pub const SUMMARY_COLUMNS: &str = "a.id, a.service_id, a.slug, a.headline, a.summary, a.published_at, \
     a.lead_image_key, a.lead_image_caption, a.lead_image_alt, a.lead_image_credit, \
     a.lead_image_file_photo, a.lead_image_width, a.lead_image_height";

/// Columns read for a whole article, in the order [`article`] expects.
pub const ARTICLE_COLUMNS: &str = "a.id, a.service_id, a.slug, a.headline, a.summary, a.published_at, \
     a.lead_image_key, a.lead_image_caption, a.lead_image_alt, a.lead_image_credit, \
     a.lead_image_file_photo, a.lead_image_width, a.lead_image_height, \
     a.body_markdown, a.body_html, a.updated_at, a.comment_policy, a.translation_group";

pub fn decode_error(error: impl std::fmt::Display) -> StoreError {
    StoreError::Database(format!("unreadable row: {error}"))
}

pub fn service(row: &AnyRow) -> Result<Service, StoreError> {
    let direction: String = row.try_get("direction").map_err(decode_error)?;
    let time_zone: String = row.try_get("time_zone").map_err(decode_error)?;
    let policy: String = row.try_get("comment_policy").map_err(decode_error)?;
    Ok(Service {
        id: ServiceId(row.try_get("id").map_err(decode_error)?),
        code: row.try_get("code").map_err(decode_error)?,
        name: row.try_get("name").map_err(decode_error)?,
        native_name: row.try_get("native_name").map_err(decode_error)?,
        language: row.try_get("language").map_err(decode_error)?,
        direction: direction.parse().map_err(decode_error)?,
        time_zone: time_zone.parse().map_err(decode_error)?,
        comment_policy: policy.parse().map_err(decode_error)?,
        comment_notice: row.try_get("comment_notice").map_err(decode_error)?,
    })
}

fn lead_image(row: &AnyRow) -> Result<Option<LeadImage>, StoreError> {
    let key: Option<String> = row.try_get("lead_image_key").map_err(decode_error)?;
    let Some(key) = key else { return Ok(None) };
    let media = MediaKey::parse(&key).ok_or_else(|| decode_error(format!("bad media key {key:?}")))?;
    let flag: i64 = row.try_get("lead_image_file_photo").map_err(decode_error)?;
    let width: i64 = row.try_get("lead_image_width").map_err(decode_error)?;
    let height: i64 = row.try_get("lead_image_height").map_err(decode_error)?;
    Ok(Some(LeadImage {
        media,
        caption: row.try_get("lead_image_caption").map_err(decode_error)?,
        alt: row.try_get("lead_image_alt").map_err(decode_error)?,
        credit: row.try_get("lead_image_credit").map_err(decode_error)?,
        file_photo: flag != 0,
        width: u32::try_from(width).map_err(decode_error)?,
        height: u32::try_from(height).map_err(decode_error)?,
    }))
}

fn optional_time(row: &AnyRow, column: &str) -> Result<Option<chrono::DateTime<chrono::Utc>>, StoreError> {
    let micros: Option<i64> = row.try_get(column).map_err(decode_error)?;
    Ok(micros.map(from_micros))
}

pub fn summary(row: &AnyRow) -> Result<ArticleSummary, StoreError> {
    Ok(ArticleSummary {
        id: ArticleId(row.try_get("id").map_err(decode_error)?),
        service_id: ServiceId(row.try_get("service_id").map_err(decode_error)?),
        slug: row.try_get("slug").map_err(decode_error)?,
        headline: row.try_get("headline").map_err(decode_error)?,
        summary: row.try_get("summary").map_err(decode_error)?,
        published_at: optional_time(row, "published_at")?,
        lead_image: lead_image(row)?,
    })
}

/// An article without its credits and tags, which come from their own tables.
pub fn article(row: &AnyRow) -> Result<Article, StoreError> {
    let head = summary(row)?;
    let policy: Option<String> = row.try_get("comment_policy").map_err(decode_error)?;
    Ok(Article {
        id: head.id,
        service_id: head.service_id,
        slug: head.slug,
        headline: head.headline,
        summary: head.summary,
        body_markdown: row.try_get("body_markdown").map_err(decode_error)?,
        body_html: row.try_get("body_html").map_err(decode_error)?,
        published_at: head.published_at,
        updated_at: optional_time(row, "updated_at")?,
        tags: Vec::new(),
        translation_group: row.try_get("translation_group").map_err(decode_error)?,
        comment_policy: policy.map(|p| p.parse::<CommentPolicy>()).transpose().map_err(decode_error)?,
        lead_image: head.lead_image,
        credits: Vec::new(),
    })
}

pub fn credit(row: &AnyRow) -> Result<Credit, StoreError> {
    let role: String = row.try_get("role").map_err(decode_error)?;
    let names: String = row.try_get("names").map_err(decode_error)?;
    Ok(Credit {
        role: role.parse::<CreditRole>().map_err(decode_error)?,
        names: serde_json::from_str(&names).map_err(decode_error)?,
        for_service: row.try_get("for_service").map_err(decode_error)?,
    })
}

/// Columns read for a comment, in the order [`comment`] expects (table alias `c`).
pub const COMMENT_COLUMNS: &str = "c.id, c.article_id, c.parent_id, c.author_name, c.text, c.email, c.state, \
     c.terms_version, c.rejection_reason, c.edited, c.created_at, c.moderated_at";

pub fn comment(row: &AnyRow) -> Result<Comment, StoreError> {
    let state: String = row.try_get("state").map_err(decode_error)?;
    let edited: i64 = row.try_get("edited").map_err(decode_error)?;
    let parent: Option<i64> = row.try_get("parent_id").map_err(decode_error)?;
    let moderated: Option<i64> = row.try_get("moderated_at").map_err(decode_error)?;
    Ok(Comment {
        id: CommentId(row.try_get("id").map_err(decode_error)?),
        article_id: ArticleId(row.try_get("article_id").map_err(decode_error)?),
        parent_id: parent.map(CommentId),
        author_name: row.try_get("author_name").map_err(decode_error)?,
        text: row.try_get("text").map_err(decode_error)?,
        email: row.try_get("email").map_err(decode_error)?,
        state: state.parse().map_err(decode_error)?,
        terms_version: row.try_get("terms_version").map_err(decode_error)?,
        rejection_reason: row.try_get("rejection_reason").map_err(decode_error)?,
        edited: edited != 0,
        created_at: from_micros(row.try_get("created_at").map_err(decode_error)?),
        moderated_at: moderated.map(from_micros),
    })
}
