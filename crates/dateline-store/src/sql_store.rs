//! The [`Store`] implementation, one SQL text for both databases.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use dateline_core::article::{Article, ArticleDraft, ArticleId, ArticleRef, ArticleSummary, Status, tag_slug};
use dateline_core::audit::{AuditEntry, AuditFilter, NewAuditEntry};
use dateline_core::auth::{NewUser, User, UserId};
use dateline_core::clock::{from_micros, to_micros};
use dateline_core::comment::{Comment, CommentId, CommentState, NewComment, Refusal, SubmissionLimits};
use dateline_core::media::MediaKey;
use dateline_core::service::{NewService, Service, ServiceId};
use dateline_core::store::{
    ArticleListing, ArticlePage, Ban, CommentFilter, CommentListing, CommentVersion, DueNotice, ListPosition,
    ListRequest, NewSession, QueueFilter, QueueItem, SaveOutcome, Session, Store, StoreError, StoreResult, Terms,
    Translation,
};
use sqlx::any::AnyRow;
use sqlx::error::ErrorKind;
use sqlx::{Any, AnyPool, Row, Transaction};

use crate::Backend;
use crate::rows::{self, ARTICLE_COLUMNS, SERVICE_COLUMNS, SUMMARY_COLUMNS, decode_error};
use crate::{accounts, changes, comments, moderation};

/// Dateline's store on SQLite or PostgreSQL.
#[derive(Debug, Clone)]
pub struct SqlStore {
    pub(crate) backend: Backend,
    /// Connections for reading.
    pub(crate) read: AnyPool,
    /// Connections for writing (on SQLite, a single one).
    pub(crate) write: AnyPool,
    /// Changes committed by this process (see [`Store::local_change_count`]).
    pub(crate) local_changes: std::sync::Arc<std::sync::atomic::AtomicU64>,
    /// Whether any ban was in force when last looked (when): most sites have none, and then
    /// a submission needs no ban query. Trusted for a second, or until this process bans.
    pub(crate) bans_seen: std::sync::Arc<std::sync::Mutex<Option<(std::time::Instant, bool)>>>,
    /// The group-commit writer of comment submissions.
    pub(crate) comment_writer: crate::batch::CommentWriter,
    /// Wakes the eraser task (SQLite) when erased data could not leave the write-ahead log at once.
    pub(crate) eraser: std::sync::Arc<tokio::sync::Notify>,
    /// PostgreSQL's notifications of changes made by other nodes.
    pub(crate) listener: Option<std::sync::Arc<tokio::sync::Mutex<sqlx::postgres::PgListener>>>,
}

/// Maps a driver error to the store's error, keeping unique violations apart.
pub(crate) fn db_error(what: &str) -> impl Fn(sqlx::Error) -> StoreError + '_ {
    move |error| match &error {
        sqlx::Error::Database(db) if db.kind() == ErrorKind::UniqueViolation => StoreError::Conflict(what.to_owned()),
        _ => {
            tracing::error!(%error, "database operation failed: {what}");
            StoreError::Database(error.to_string())
        }
    }
}

impl SqlStore {
    pub(crate) fn new(
        backend: Backend,
        read: AnyPool,
        write: AnyPool,
        listener: Option<sqlx::postgres::PgListener>,
    ) -> SqlStore {
        SqlStore {
            backend,
            read,
            comment_writer: crate::batch::CommentWriter::start(write.clone()),
            bans_seen: Default::default(),
            write,
            local_changes: Default::default(),
            eraser: Default::default(),
            listener: listener.map(|l| std::sync::Arc::new(tokio::sync::Mutex::new(l))),
        }
    }

    /// Closes every connection (at shutdown).
    pub async fn close(&self) {
        self.write.close().await;
        self.read.close().await;
    }

    /// A page of article summaries. `from_where` is the query after SELECT, with `binds`
    /// as its first parameters; it bounds `a.published_at` from above by the value of
    /// [`newest_listed`]. The page's place in the list is added as a keyset condition on
    /// (published_at, id) that gives the index on those columns both its bounds, so the
    /// thousandth page reads as few index entries as the first.
    async fn article_page(&self, from_where: &str, binds: Binds<'_>, request: ListRequest) -> StoreResult<ArticlePage> {
        let next = binds.0.len() + 1;
        let (at, id) = (next, next + 1);
        let (cursor, condition, order) = match request.position {
            ListPosition::Newest => (None, String::new(), "DESC"),
            // The upper bound on published_at is already the cursor's (see newest_listed).
            ListPosition::Before(cursor) => {
                (Some(cursor), format!(" AND (a.published_at < ${at} OR a.id < ${id})"), "DESC")
            }
            ListPosition::After(cursor) => (
                Some(cursor),
                format!(" AND a.published_at >= ${at} AND (a.published_at > ${at} OR a.id > ${id})"),
                "ASC",
            ),
        };
        let limit = if cursor.is_some() { next + 2 } else { next };
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} {from_where}{condition} \
             ORDER BY a.published_at {order}, a.id {order} LIMIT ${limit}"
        );
        let mut query = sqlx::query(&sql);
        for value in binds.0 {
            query = match value {
                Bind::Int(v) => query.bind(*v),
                Bind::Text(v) => query.bind(*v),
            };
        }
        if let Some(cursor) = cursor {
            query = query.bind(to_micros(cursor.published_at)).bind(cursor.id.0);
        }
        let rows = query
            .bind(i64::from(request.per_page) + 1)
            .fetch_all(&self.read)
            .await
            .map_err(db_error("article list"))?;
        let mut items = rows.iter().map(rows::summary).collect::<StoreResult<Vec<_>>>()?;
        let beyond = items.len() > request.per_page as usize;
        items.truncate(request.per_page as usize);
        Ok(match request.position {
            ListPosition::Newest => ArticlePage { items, has_newer: false, has_older: beyond },
            ListPosition::Before(_) => ArticlePage { items, has_newer: true, has_older: beyond },
            ListPosition::After(_) => {
                items.reverse();
                ArticlePage { items, has_newer: beyond, has_older: true }
            }
        })
    }
}

/// The newest publication time a page of a list may show: now, or for the stories older
/// than a cursor, the cursor's own time if earlier (one upper bound for the index).
fn newest_listed(now: DateTime<Utc>, position: ListPosition) -> i64 {
    match position {
        ListPosition::Before(cursor) => to_micros(now.min(cursor.published_at)),
        ListPosition::Newest | ListPosition::After(_) => to_micros(now),
    }
}

/// Placeholders `$first, $first+1, …` for `count` values.
pub(crate) fn placeholders(first: usize, count: usize) -> String {
    (first..first + count).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

/// Parameters of a list query, bound before its keyset condition and LIMIT.
struct Binds<'a>(&'a [Bind<'a>]);

enum Bind<'a> {
    Int(i64),
    Text(&'a str),
}

async fn save_one(tx: &mut Transaction<'_, Any>, draft: &ArticleDraft, now: DateTime<Utc>) -> StoreResult<SaveOutcome> {
    let existing: Option<i64> = sqlx::query_scalar("SELECT id FROM articles WHERE service_id = $1 AND slug = $2")
        .bind(draft.service_id.0)
        .bind(&draft.slug)
        .fetch_optional(&mut **tx)
        .await
        .map_err(db_error("article"))?;
    let lead = draft.lead_image.as_ref();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO articles (service_id, slug, headline, summary, body_markdown, body_html, \
             published_at, updated_at, comment_policy, lead_image_key, lead_image_caption, \
             lead_image_alt, lead_image_credit, lead_image_file_photo, lead_image_width, \
             lead_image_height, created_at, modified_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17) \
         ON CONFLICT (service_id, slug) DO UPDATE SET \
             headline = excluded.headline, summary = excluded.summary, \
             body_markdown = excluded.body_markdown, body_html = excluded.body_html, \
             published_at = excluded.published_at, updated_at = excluded.updated_at, \
             comment_policy = excluded.comment_policy, lead_image_key = excluded.lead_image_key, \
             lead_image_caption = excluded.lead_image_caption, lead_image_alt = excluded.lead_image_alt, \
             lead_image_credit = excluded.lead_image_credit, \
             lead_image_file_photo = excluded.lead_image_file_photo, \
             lead_image_width = excluded.lead_image_width, lead_image_height = excluded.lead_image_height, \
             modified_at = excluded.modified_at \
         RETURNING id",
    )
    .bind(draft.service_id.0)
    .bind(&draft.slug)
    .bind(&draft.headline)
    .bind(&draft.summary)
    .bind(&draft.body_markdown)
    .bind(&draft.body_html)
    .bind(draft.published_at.map(to_micros))
    .bind(draft.updated_at.map(to_micros))
    .bind(draft.comment_policy.map(|p| p.as_str()))
    .bind(lead.map(|l| l.media.as_str().to_owned()))
    .bind(lead.map(|l| l.caption.clone()).unwrap_or_default())
    .bind(lead.map(|l| l.alt.clone()).unwrap_or_default())
    .bind(lead.map(|l| l.credit.clone()).unwrap_or_default())
    .bind(i64::from(lead.is_some_and(|l| l.file_photo)))
    .bind(lead.map(|l| i64::from(l.width)).unwrap_or_default())
    .bind(lead.map(|l| i64::from(l.height)).unwrap_or_default())
    .bind(to_micros(now))
    .fetch_one(&mut **tx)
    .await
    .map_err(db_error("article"))?;

    replace_credits(tx, id, draft).await?;
    replace_tags(tx, id, draft).await?;
    crate::media::link_article_media(tx, id, &draft.media_keys()).await?;
    if let Some(target) = &draft.translation_of {
        link_translation(tx, id, target).await?;
    }
    Ok(match existing {
        Some(_) => SaveOutcome::Updated(ArticleId(id)),
        None => SaveOutcome::Created(ArticleId(id)),
    })
}

async fn replace_credits(tx: &mut Transaction<'_, Any>, article: i64, draft: &ArticleDraft) -> StoreResult<()> {
    sqlx::query("DELETE FROM article_credits WHERE article_id = $1")
        .bind(article)
        .execute(&mut **tx)
        .await
        .map_err(db_error("credits"))?;
    for (position, credit) in (0_i64..).zip(&draft.credits) {
        let names = serde_json::to_string(&credit.names).map_err(decode_error)?;
        sqlx::query(
            "INSERT INTO article_credits (article_id, position, role, names, for_service) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(article)
        .bind(position)
        .bind(credit.role.as_str())
        .bind(names)
        .bind(credit.for_service.as_deref())
        .execute(&mut **tx)
        .await
        .map_err(db_error("credit"))?;
    }
    Ok(())
}

async fn replace_tags(tx: &mut Transaction<'_, Any>, article: i64, draft: &ArticleDraft) -> StoreResult<()> {
    sqlx::query("DELETE FROM article_tags WHERE article_id = $1")
        .bind(article)
        .execute(&mut **tx)
        .await
        .map_err(db_error("tags"))?;
    for (position, tag) in (0_i64..).zip(&draft.tags) {
        sqlx::query("INSERT INTO article_tags (article_id, position, tag_slug, tag_name) VALUES ($1, $2, $3, $4)")
            .bind(article)
            .bind(position)
            .bind(tag_slug(tag))
            .bind(tag.as_str())
            .execute(&mut **tx)
            .await
            .map_err(db_error("tag"))?;
    }
    Ok(())
}

/// Puts an article in the translation group of `target` (starting the group if needed).
async fn link_translation(tx: &mut Transaction<'_, Any>, article: i64, target: &ArticleRef) -> StoreResult<()> {
    let row = sqlx::query(
        "SELECT a.id, a.translation_group FROM articles a JOIN services s ON s.id = a.service_id \
         WHERE s.code = $1 AND a.slug = $2",
    )
    .bind(&target.service)
    .bind(&target.slug)
    .fetch_optional(&mut **tx)
    .await
    .map_err(db_error("translation"))?
    .ok_or_else(|| StoreError::NotFound(format!("article {target}")))?;
    let target_id: i64 = row.try_get("id").map_err(decode_error)?;
    let group: Option<i64> = row.try_get("translation_group").map_err(decode_error)?;
    sqlx::query("UPDATE articles SET translation_group = $1 WHERE id = $2 OR id = $3")
        .bind(group.unwrap_or(target_id))
        .bind(target_id)
        .bind(article)
        .execute(&mut **tx)
        .await
        .map_err(db_error("translation"))?;
    Ok(())
}

async fn load_article_parts(pool: &AnyPool, mut article: Article) -> StoreResult<Article> {
    let credit_rows =
        sqlx::query("SELECT role, names, for_service FROM article_credits WHERE article_id = $1 ORDER BY position")
            .bind(article.id.0)
            .fetch_all(pool)
            .await
            .map_err(db_error("credits"))?;
    article.credits = credit_rows.iter().map(rows::credit).collect::<StoreResult<_>>()?;
    article.tags = sqlx::query_scalar("SELECT tag_name FROM article_tags WHERE article_id = $1 ORDER BY position")
        .bind(article.id.0)
        .fetch_all(pool)
        .await
        .map_err(db_error("tags"))?;
    Ok(article)
}

fn listing(row: &AnyRow, now: DateTime<Utc>) -> StoreResult<ArticleListing> {
    let published: Option<i64> = row.try_get("published_at").map_err(decode_error)?;
    Ok(ArticleListing {
        service_code: row.try_get("code").map_err(decode_error)?,
        slug: row.try_get("slug").map_err(decode_error)?,
        headline: row.try_get("headline").map_err(decode_error)?,
        status: Status::at(published.map(from_micros), now),
    })
}

#[async_trait]
impl Store for SqlStore {
    async fn create_service(&self, new: &NewService, now: DateTime<Utc>) -> StoreResult<Service> {
        let mut tx = self.write.begin().await.map_err(db_error("transaction"))?;
        let row = sqlx::query(&format!(
            "INSERT INTO services (code, name, native_name, language, direction, time_zone, comment_policy, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING {SERVICE_COLUMNS}"
        ))
        .bind(&new.code)
        .bind(&new.name)
        .bind(&new.native_name)
        .bind(&new.language)
        .bind(new.direction.as_str())
        .bind(new.time_zone.name())
        .bind(new.comment_policy.as_str())
        .bind(to_micros(now))
        .fetch_one(&mut *tx)
        .await
        .map_err(db_error(&format!("service {:?}", new.code)))?;
        crate::changes::record_in(&mut tx, self.backend, &["all".to_owned()], now).await?;
        tx.commit().await.map_err(db_error("commit"))?;
        self.committed_change();
        rows::service(&row)
    }

    async fn services(&self) -> StoreResult<Vec<Service>> {
        sqlx::query(&format!("SELECT {SERVICE_COLUMNS} FROM services ORDER BY id"))
            .fetch_all(&self.read)
            .await
            .map_err(db_error("services"))?
            .iter()
            .map(rows::service)
            .collect()
    }

    async fn save_articles(&self, drafts: &[ArticleDraft], now: DateTime<Utc>) -> StoreResult<Vec<SaveOutcome>> {
        let mut tx = self.write.begin().await.map_err(db_error("transaction"))?;
        let mut outcomes = Vec::with_capacity(drafts.len());
        let mut tags = vec!["front".to_owned()];
        for draft in drafts {
            let outcome = save_one(&mut tx, draft, now).await?;
            let (SaveOutcome::Created(id) | SaveOutcome::Updated(id)) = outcome;
            tags.push(format!("article:{}", id.0));
            tags.push(format!("list:{}", draft.service_id.0));
            let group: Option<i64> = sqlx::query_scalar("SELECT translation_group FROM articles WHERE id = $1")
                .bind(id.0)
                .fetch_one(&mut *tx)
                .await
                .map_err(db_error("article"))?;
            if let Some(group) = group {
                tags.push(format!("group:{group}"));
            }
            outcomes.push(outcome);
        }
        tags.sort();
        tags.dedup();
        crate::changes::record_in(&mut tx, self.backend, &tags, now).await?;
        tx.commit().await.map_err(db_error("commit"))?;
        self.committed_change();
        Ok(outcomes)
    }

    async fn article_exists(&self, article: &ArticleRef) -> StoreResult<bool> {
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT a.id FROM articles a JOIN services s ON s.id = a.service_id WHERE s.code = $1 AND a.slug = $2",
        )
        .bind(&article.service)
        .bind(&article.slug)
        .fetch_optional(&self.read)
        .await
        .map_err(db_error("article"))?;
        Ok(found.is_some())
    }

    async fn article_by_slug(&self, service: ServiceId, slug: &str) -> StoreResult<Option<Article>> {
        match self.article_head(service, slug).await? {
            Some(head) => Ok(Some(load_article_parts(&self.read, head).await?)),
            None => Ok(None),
        }
    }

    async fn article_head(&self, service: ServiceId, slug: &str) -> StoreResult<Option<Article>> {
        let row =
            sqlx::query(&format!("SELECT {ARTICLE_COLUMNS} FROM articles a WHERE a.service_id = $1 AND a.slug = $2"))
                .bind(service.0)
                .bind(slug)
                .fetch_optional(&self.read)
                .await
                .map_err(db_error("article"))?;
        row.as_ref().map(rows::article).transpose()
    }

    async fn published_articles(
        &self,
        service: ServiceId,
        now: DateTime<Utc>,
        page: ListRequest,
    ) -> StoreResult<ArticlePage> {
        let from_where = "FROM articles a WHERE a.service_id = $1 AND a.published_at <= $2";
        let binds = [Bind::Int(service.0), Bind::Int(newest_listed(now, page.position))];
        self.article_page(from_where, Binds(&binds), page).await
    }

    async fn articles_by_tag(
        &self,
        service: ServiceId,
        tag_slug: &str,
        now: DateTime<Utc>,
        page: ListRequest,
    ) -> StoreResult<ArticlePage> {
        let from_where = "FROM articles a JOIN article_tags t ON t.article_id = a.id \
             WHERE a.service_id = $1 AND a.published_at <= $2 AND t.tag_slug = $3";
        let binds = [Bind::Int(service.0), Bind::Int(newest_listed(now, page.position)), Bind::Text(tag_slug)];
        self.article_page(from_where, Binds(&binds), page).await
    }

    async fn tag_name(&self, service: ServiceId, tag_slug: &str, now: DateTime<Utc>) -> StoreResult<Option<String>> {
        sqlx::query_scalar(
            "SELECT t.tag_name FROM article_tags t JOIN articles a ON a.id = t.article_id \
             WHERE a.service_id = $1 AND t.tag_slug = $2 AND a.published_at <= $3 \
             ORDER BY a.published_at DESC LIMIT 1",
        )
        .bind(service.0)
        .bind(tag_slug)
        .bind(to_micros(now))
        .fetch_optional(&self.read)
        .await
        .map_err(db_error("tag"))
    }

    async fn latest_by_service(&self, now: DateTime<Utc>, per_service: u32) -> StoreResult<Vec<ArticleSummary>> {
        let sql = format!(
            "SELECT * FROM (SELECT {SUMMARY_COLUMNS}, \
                 ROW_NUMBER() OVER (PARTITION BY a.service_id ORDER BY a.published_at DESC, a.id DESC) AS rank \
             FROM articles a WHERE a.published_at <= $1) ranked \
             WHERE rank <= $2 ORDER BY service_id, rank"
        );
        sqlx::query(&sql)
            .bind(to_micros(now))
            .bind(i64::from(per_service))
            .fetch_all(&self.read)
            .await
            .map_err(db_error("latest articles"))?
            .iter()
            .map(rows::summary)
            .collect()
    }

    async fn translations(&self, article: &Article, now: DateTime<Utc>) -> StoreResult<Vec<Translation>> {
        let Some(group) = article.translation_group else { return Ok(Vec::new()) };
        let found = sqlx::query(
            "SELECT service_id, slug, headline, published_at FROM articles \
             WHERE translation_group = $1 AND id <> $2 AND published_at <= $3 ORDER BY service_id",
        )
        .bind(group)
        .bind(article.id.0)
        .bind(to_micros(now))
        .fetch_all(&self.read)
        .await
        .map_err(db_error("translations"))?;
        found
            .iter()
            .map(|row| {
                Ok(Translation {
                    service_id: ServiceId(row.try_get("service_id").map_err(decode_error)?),
                    slug: row.try_get("slug").map_err(decode_error)?,
                    headline: row.try_get("headline").map_err(decode_error)?,
                    published_at: from_micros(row.try_get("published_at").map_err(decode_error)?),
                })
            })
            .collect()
    }

    async fn article_listing(&self, now: DateTime<Utc>) -> StoreResult<Vec<ArticleListing>> {
        sqlx::query(
            "SELECT s.code, a.slug, a.headline, a.published_at FROM articles a \
             JOIN services s ON s.id = a.service_id \
             ORDER BY s.id, a.published_at IS NULL DESC, a.published_at DESC, a.id DESC",
        )
        .fetch_all(&self.read)
        .await
        .map_err(db_error("article list"))?
        .iter()
        .map(|row| listing(row, now))
        .collect()
    }

    async fn article_count(&self) -> StoreResult<i64> {
        sqlx::query_scalar("SELECT COUNT(*) FROM articles")
            .fetch_one(&self.read)
            .await
            .map_err(db_error("article count"))
    }

    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1").execute(&self.read).await.map_err(db_error("ping"))?;
        Ok(())
    }

    async fn secret(&self, name: &str, now: DateTime<Utc>) -> StoreResult<String> {
        comments::secret(self, name, now).await
    }

    async fn delete_secrets_before(&self, prefix: &str, cutoff: DateTime<Utc>) -> StoreResult<u64> {
        comments::delete_secrets_before(self, prefix, cutoff).await
    }

    async fn set_comment_notice(
        &self,
        service: ServiceId,
        notice: Option<&str>,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        comments::set_comment_notice(self, service, notice, now).await
    }

    async fn publish_terms(
        &self,
        service: ServiceId,
        markdown: &str,
        html: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<i64> {
        comments::publish_terms(self, service, markdown, html, now).await
    }

    async fn current_terms(&self, service: ServiceId) -> StoreResult<Option<Terms>> {
        comments::current_terms(self, service).await
    }

    async fn import_comments(&self, comments: &[(NewComment, CommentState, DateTime<Utc>)]) -> StoreResult<u64> {
        crate::batch::import(self, comments).await
    }

    async fn comment(&self, id: CommentId) -> StoreResult<Option<Comment>> {
        comments::comment(self, id).await
    }

    async fn public_comments(&self, article: ArticleId, page: u32, per_page: u32) -> StoreResult<(Vec<Comment>, i64)> {
        comments::public_comments(self, article, page, per_page).await
    }

    async fn pending_comments_of(&self, article: ArticleId, commenter_hash: &str) -> StoreResult<Vec<Comment>> {
        comments::pending_comments_of(self, article, commenter_hash).await
    }

    async fn comments_of(&self, commenter_hash: &str) -> StoreResult<Vec<CommentListing>> {
        comments::comments_of(self, commenter_hash).await
    }

    async fn comment_counts(&self, articles: &[ArticleId]) -> StoreResult<HashMap<ArticleId, i64>> {
        comments::comment_counts(self, articles).await
    }

    async fn set_comment_state(
        &self,
        id: CommentId,
        expected: CommentState,
        new: CommentState,
        reason: Option<&str>,
        now: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<bool> {
        comments::set_comment_state(self, id, expected, new, reason, now, audit).await
    }

    async fn delete_comment_of(&self, id: CommentId, commenter_hash: &str, now: DateTime<Utc>) -> StoreResult<bool> {
        comments::delete_comment_of(self, id, commenter_hash, now).await
    }

    async fn erase_personal_data_before(&self, cutoff: DateTime<Utc>) -> StoreResult<u64> {
        comments::erase_personal_data_before(self, cutoff).await
    }

    async fn list_comments(&self, filter: &CommentFilter) -> StoreResult<Vec<CommentListing>> {
        comments::list_comments(self, filter).await
    }

    async fn article_of_comment(&self, id: CommentId) -> StoreResult<Option<(String, String)>> {
        comments::article_of_comment(self, id).await
    }

    async fn comment_service(&self, id: CommentId) -> StoreResult<Option<ServiceId>> {
        moderation::comment_service(self, id).await
    }

    async fn edit_comment(
        &self,
        id: CommentId,
        expected: CommentState,
        text: &str,
        editor: &str,
        now: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<bool> {
        moderation::edit_comment(self, id, expected, text, editor, now, audit).await
    }

    async fn comment_versions(&self, id: CommentId) -> StoreResult<Vec<CommentVersion>> {
        moderation::comment_versions(self, id).await
    }

    async fn ban_commenter_of(
        &self,
        id: CommentId,
        until: DateTime<Utc>,
        reason: &str,
        by: &str,
        now: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<Option<i64>> {
        moderation::ban_commenter_of(self, id, until, reason, by, now, audit).await
    }

    async fn lift_ban(&self, ban: i64, now: DateTime<Utc>, audit: &NewAuditEntry) -> StoreResult<bool> {
        moderation::lift_ban(self, ban, now, audit).await
    }

    async fn moderation_queue(&self, filter: &QueueFilter) -> StoreResult<Vec<QueueItem>> {
        moderation::moderation_queue(self, filter).await
    }

    async fn moderation_counts(&self, services: Option<&[ServiceId]>) -> StoreResult<Vec<(String, CommentState, i64)>> {
        moderation::moderation_counts(self, services).await
    }

    async fn moderation_delays(&self, since: DateTime<Utc>) -> StoreResult<Vec<(String, i64)>> {
        moderation::moderation_delays(self, since).await
    }

    async fn address_secrets(&self) -> StoreResult<Vec<String>> {
        moderation::address_secrets(self).await
    }

    async fn append_audit(&self, entry: &NewAuditEntry, now: DateTime<Utc>) -> StoreResult<()> {
        moderation::append_audit(self, entry, now).await
    }

    async fn audit_log(&self, filter: &AuditFilter) -> StoreResult<Vec<AuditEntry>> {
        moderation::audit_log(self, filter).await
    }

    async fn create_user(&self, new: &NewUser, now: DateTime<Utc>, audit: &NewAuditEntry) -> StoreResult<User> {
        accounts::create_user(self, new, now, audit).await
    }

    async fn user_by_name(&self, name: &str) -> StoreResult<Option<User>> {
        accounts::user_by_name(self, name).await
    }

    async fn user(&self, id: UserId) -> StoreResult<Option<User>> {
        accounts::user(self, id).await
    }

    async fn users(&self) -> StoreResult<Vec<User>> {
        accounts::users(self).await
    }

    async fn disable_user(&self, id: UserId, now: DateTime<Utc>, audit: &NewAuditEntry) -> StoreResult<bool> {
        accounts::disable_user(self, id, audit, now).await
    }

    async fn set_password(&self, id: UserId, hash: &str, now: DateTime<Utc>, audit: &NewAuditEntry) -> StoreResult<()> {
        accounts::set_password(self, id, hash, now, audit).await
    }

    async fn set_second_factor(
        &self,
        id: UserId,
        secret: Option<&str>,
        recovery_code_hashes: &[String],
        now: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<()> {
        accounts::set_second_factor(self, id, secret, recovery_code_hashes, audit, now).await
    }

    async fn use_recovery_code(&self, id: UserId, code_hash: &str, now: DateTime<Utc>) -> StoreResult<bool> {
        accounts::use_recovery_code(self, id, code_hash, now).await
    }

    async fn create_session(&self, session: &NewSession, now: DateTime<Utc>) -> StoreResult<()> {
        accounts::create_session(self, session, now).await
    }

    async fn session(&self, id_hash: &str) -> StoreResult<Option<Session>> {
        accounts::session(self, id_hash).await
    }

    async fn touch_session(&self, id_hash: &str, now: DateTime<Utc>, second_factor_done: bool) -> StoreResult<()> {
        accounts::touch_session(self, id_hash, now, second_factor_done).await
    }

    async fn delete_session(&self, id_hash: &str) -> StoreResult<()> {
        accounts::delete_session(self, id_hash).await
    }

    async fn delete_sessions_of(&self, id: UserId) -> StoreResult<u64> {
        accounts::delete_sessions_of(self, id).await
    }

    async fn submit_comment(
        &self,
        comment: &NewComment,
        limits: SubmissionLimits,
        now: DateTime<Utc>,
    ) -> StoreResult<Result<CommentId, Refusal>> {
        self.comment_writer.submit(comment, limits, now).await
    }

    async fn delete_limit_records_before(&self, cutoff: DateTime<Utc>, forms_cutoff: DateTime<Utc>) -> StoreResult<()> {
        comments::delete_limit_records_before(self, cutoff, forms_cutoff).await
    }

    async fn due_notices(&self, now: DateTime<Utc>, limit: u32) -> StoreResult<Vec<DueNotice>> {
        comments::due_notices(self, now, limit).await
    }

    async fn notice_sent(&self, id: CommentId) -> StoreResult<()> {
        comments::notice_sent(self, id).await
    }

    async fn notice_failed(&self, id: CommentId, summary: &str, retry_at: Option<DateTime<Utc>>) -> StoreResult<()> {
        comments::notice_failed(self, id, summary, retry_at).await
    }

    async fn add_report(&self, id: CommentId, reason: &str, reporter: &str, now: DateTime<Utc>) -> StoreResult<bool> {
        moderation::add_report(self, id, reason, reporter, now).await
    }

    async fn report_count(&self, id: CommentId) -> StoreResult<i64> {
        moderation::report_count(self, id).await
    }

    async fn reports_from_since(&self, reporter: &str, since: DateTime<Utc>) -> StoreResult<i64> {
        moderation::reports_from_since(self, reporter, since).await
    }

    async fn ban(&self, id: i64) -> StoreResult<Option<Ban>> {
        moderation::ban(self, id).await
    }

    async fn active_bans(&self, now: DateTime<Utc>, services: Option<&[ServiceId]>) -> StoreResult<Vec<Ban>> {
        moderation::active_bans(self, now, services).await
    }

    async fn is_banned(
        &self,
        commenter_hash: &str,
        address_hashes: &[String],
        service: ServiceId,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        moderation::is_banned(self, commenter_hash, address_hashes, service, now).await
    }

    async fn record_attempt(&self, key: &str, now: DateTime<Utc>) -> StoreResult<i64> {
        accounts::record_attempt(self, key, now).await
    }

    async fn attempts_since(&self, key: &str, since: DateTime<Utc>) -> StoreResult<i64> {
        accounts::attempts_since(self, key, since).await
    }

    async fn forget_attempts(&self, ids: &[i64]) -> StoreResult<()> {
        accounts::forget_attempts(self, ids).await
    }

    async fn clear_attempts(&self, key: &str) -> StoreResult<()> {
        accounts::clear_attempts(self, key).await
    }

    async fn use_totp_step(&self, id: UserId, step: i64) -> StoreResult<bool> {
        accounts::use_totp_step(self, id, step).await
    }

    async fn delete_secret(&self, name: &str) -> StoreResult<()> {
        comments::delete_secret(self, name).await
    }

    async fn register_media(&self, key: &MediaKey, width: u32, height: u32, now: DateTime<Utc>) -> StoreResult<()> {
        crate::media::register_media(self, key, width, height, now).await
    }

    async fn media_registered(&self, key: &MediaKey) -> StoreResult<bool> {
        crate::media::media_registered(self, key).await
    }

    async fn media_public(&self, key: &MediaKey, now: DateTime<Utc>) -> StoreResult<bool> {
        crate::media::media_public(self, key, now).await
    }

    async fn replace_media(
        &self,
        old: &MediaKey,
        new: &MediaKey,
        size: (u32, u32),
        now: DateTime<Utc>,
    ) -> StoreResult<u64> {
        crate::media::replace_media(self, old, new, size, now).await
    }

    async fn changes_since(&self, after: i64) -> StoreResult<Vec<(i64, Vec<String>)>> {
        changes::changes_since(self, after).await
    }

    async fn latest_change(&self) -> StoreResult<i64> {
        changes::latest_change(self).await
    }

    async fn delete_changes_before(&self, cutoff: DateTime<Utc>) -> StoreResult<u64> {
        changes::delete_changes_before(self, cutoff).await
    }

    async fn wait_for_change(&self, timeout: std::time::Duration) {
        changes::wait_for_change(self, timeout).await;
    }

    fn local_change_count(&self) -> u64 {
        self.local_changes.load(std::sync::atomic::Ordering::Acquire)
    }
}
