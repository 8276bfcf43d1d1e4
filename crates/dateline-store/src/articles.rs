//! Articles: saving stories with their credits, tags, translation links and media, and
//! reading them for pages and keyset-paged lists.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use dateline_core::articles::{Article, ArticleDraft, ArticleId, ArticleRef, ArticleSummary, Status, tag_slug};
use dateline_core::changes::PageTag;
use dateline_core::clock::{from_micros, to_micros};
use dateline_core::services::ServiceId;
use dateline_core::store::{
    ArticleListing, ArticlePage, ArticleStore, ListPosition, ListRequest, SaveOutcome, StoreError, StoreResult,
    StoryLocation, StoryScope, Translation,
};
use sqlx::{Any, AnyPool, Row, Transaction};

use crate::rows::{self, ARTICLE_COLUMNS, SUMMARY_COLUMNS};
use crate::sql::{DbResult, Sql, SqlStore, db};

/// The newest publication time a page of a list may show: now, or for the stories older
/// than a cursor, the cursor's own time if earlier (one upper bound for the index).
pub(crate) fn newest_listed(now: DateTime<Utc>, position: ListPosition) -> i64 {
    match position {
        ListPosition::Before(cursor) => to_micros(now.min(cursor.published_at)),
        ListPosition::Newest | ListPosition::After(_) => to_micros(now),
    }
}

impl SqlStore {
    /// A page of article summaries. `from_where` is the query after SELECT (its values
    /// bound already); it bounds `a.published_at` from above by [`newest_listed`]. The
    /// page's place in the list is added as a keyset condition on (published_at, id) that
    /// gives the index on those columns both its bounds, so the thousandth page reads as
    /// few index entries as the first.
    pub(crate) async fn article_page(&self, mut sql: Sql, request: ListRequest) -> DbResult<ArticlePage> {
        let order = match request.position {
            ListPosition::Newest => "DESC",
            // The upper bound on published_at is already the cursor's (see newest_listed).
            ListPosition::Before(cursor) => {
                sql.push(" AND (a.published_at < ").bind(to_micros(cursor.published_at));
                sql.push(" OR a.id < ").bind(cursor.id.0).push(")");
                "DESC"
            }
            ListPosition::After(cursor) => {
                let at = to_micros(cursor.published_at);
                sql.push(" AND a.published_at >= ").bind(at).push(" AND (a.published_at > ").bind(at);
                sql.push(" OR a.id > ").bind(cursor.id.0).push(")");
                "ASC"
            }
        };
        sql.push(&format!(" ORDER BY a.published_at {order}, a.id {order} LIMIT "));
        sql.bind(i64::from(request.per_page) + 1);
        let rows = sql.query().fetch_all(&self.read).await?;
        let mut items = rows.iter().map(rows::summary).collect::<DbResult<Vec<_>>>()?;
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

async fn save_one(tx: &mut Transaction<'_, Any>, draft: &ArticleDraft, now: DateTime<Utc>) -> DbResult<SaveOutcome> {
    let existing: Option<i64> = sqlx::query_scalar("SELECT id FROM articles WHERE service_id = $1 AND slug = $2")
        .bind(draft.service_id.0)
        .bind(&draft.slug)
        .fetch_optional(&mut **tx)
        .await?;
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
    .await?;

    replace_credits(tx, id, draft).await?;
    replace_tags(tx, id, draft).await?;
    crate::media::link_article_media(tx, id, &draft.media_keys()).await?;
    if let Some(target) = &draft.translation_of {
        link_translation(tx, id, target).await?;
    }
    crate::desk::record_import(tx, id, existing.is_some(), draft, now).await?;
    Ok(match existing {
        Some(_) => SaveOutcome::Updated(ArticleId(id)),
        None => SaveOutcome::Created(ArticleId(id)),
    })
}

pub(crate) async fn replace_credits(tx: &mut Transaction<'_, Any>, article: i64, draft: &ArticleDraft) -> DbResult<()> {
    sqlx::query("DELETE FROM article_credits WHERE article_id = $1").bind(article).execute(&mut **tx).await?;
    for (position, credit) in (0_i64..).zip(&draft.credits) {
        let names = serde_json::to_string(&credit.names).map_err(crate::sql::unreadable)?;
        sqlx::query(
            "INSERT INTO article_credits (article_id, position, role, names, for_service) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(article)
        .bind(position)
        .bind(credit.role.as_str())
        .bind(names)
        .bind(credit.for_service.as_deref())
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query("DELETE FROM article_credit_names WHERE article_id = $1").bind(article).execute(&mut **tx).await?;
    let mut names: Vec<&String> = draft.credits.iter().flat_map(|c| c.names.iter()).collect();
    names.sort();
    names.dedup();
    for name in names {
        sqlx::query("INSERT INTO article_credit_names (article_id, name) VALUES ($1, $2)")
            .bind(article)
            .bind(name)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

pub(crate) async fn replace_tags(tx: &mut Transaction<'_, Any>, article: i64, draft: &ArticleDraft) -> DbResult<()> {
    sqlx::query("DELETE FROM article_tags WHERE article_id = $1").bind(article).execute(&mut **tx).await?;
    for (position, tag) in (0_i64..).zip(&draft.tags) {
        sqlx::query("INSERT INTO article_tags (article_id, position, tag_slug, tag_name) VALUES ($1, $2, $3, $4)")
            .bind(article)
            .bind(position)
            .bind(tag_slug(tag))
            .bind(tag.as_str())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Puts an article in the translation group of `target` (starting the group if needed).
async fn link_translation(tx: &mut Transaction<'_, Any>, article: i64, target: &ArticleRef) -> DbResult<()> {
    let row = sqlx::query(
        "SELECT a.id, a.translation_group FROM articles a JOIN services s ON s.id = a.service_id \
         WHERE s.code = $1 AND a.slug = $2",
    )
    .bind(&target.service)
    .bind(&target.slug)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or_else(|| StoreError::NotFound(format!("article {target}")))?;
    let target_id: i64 = row.try_get("id")?;
    let group: Option<i64> = row.try_get("translation_group")?;
    sqlx::query("UPDATE articles SET translation_group = $1 WHERE id = $2 OR id = $3")
        .bind(group.unwrap_or(target_id))
        .bind(target_id)
        .bind(article)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub(crate) async fn load_article_parts(pool: &AnyPool, mut article: Article) -> DbResult<Article> {
    let credit_rows =
        sqlx::query("SELECT role, names, for_service FROM article_credits WHERE article_id = $1 ORDER BY position")
            .bind(article.id.0)
            .fetch_all(pool)
            .await?;
    article.credits = credit_rows.iter().map(rows::credit).collect::<DbResult<_>>()?;
    article.tags = sqlx::query_scalar("SELECT tag_name FROM article_tags WHERE article_id = $1 ORDER BY position")
        .bind(article.id.0)
        .fetch_all(pool)
        .await?;
    Ok(article)
}

/// The credits and tags of many articles, read with one query each.
async fn load_parts_of_many(pool: &AnyPool, articles: &mut [Article]) -> DbResult<()> {
    if articles.is_empty() {
        return Ok(());
    }
    let ids: Vec<i64> = articles.iter().map(|a| a.id.0).collect();
    let mut credits =
        Sql::new("SELECT article_id, role, names, for_service FROM article_credits WHERE article_id IN (");
    credits.bind_list(ids.iter().copied()).push(") ORDER BY article_id, position");
    for row in credits.query().fetch_all(pool).await? {
        let id: i64 = row.try_get("article_id")?;
        if let Some(article) = articles.iter_mut().find(|a| a.id.0 == id) {
            article.credits.push(rows::credit(&row)?);
        }
    }
    let mut tags = Sql::new("SELECT article_id, tag_name FROM article_tags WHERE article_id IN (");
    tags.bind_list(ids).push(") ORDER BY article_id, position");
    for row in tags.query().fetch_all(pool).await? {
        let id: i64 = row.try_get("article_id")?;
        if let Some(article) = articles.iter_mut().find(|a| a.id.0 == id) {
            article.tags.push(row.try_get("tag_name")?);
        }
    }
    Ok(())
}

#[async_trait]
impl ArticleStore for SqlStore {
    async fn save_articles(&self, drafts: &[ArticleDraft], now: DateTime<Utc>) -> StoreResult<Vec<SaveOutcome>> {
        db(async {
            let mut tx = self.write.begin().await?;
            let mut outcomes = Vec::with_capacity(drafts.len());
            let mut tags = vec![PageTag::Front];
            for draft in drafts {
                let outcome = save_one(&mut tx, draft, now).await?;
                let (SaveOutcome::Created(id) | SaveOutcome::Updated(id)) = outcome;
                tags.push(PageTag::Article(id));
                tags.push(PageTag::List(draft.service_id));
                let group: Option<i64> = sqlx::query_scalar("SELECT translation_group FROM articles WHERE id = $1")
                    .bind(id.0)
                    .fetch_one(&mut *tx)
                    .await?;
                tags.extend(group.map(PageTag::Group));
                outcomes.push(outcome);
            }
            let mut unique = Vec::with_capacity(tags.len());
            for tag in tags {
                if !unique.contains(&tag) {
                    unique.push(tag);
                }
            }
            crate::changes::record_in(&mut tx, self.backend, &unique, now).await?;
            tx.commit().await?;
            self.committed_change();
            Ok(outcomes)
        })
        .await
    }

    async fn article_exists(&self, article: &ArticleRef) -> StoreResult<bool> {
        db(async {
            let found: Option<i64> = sqlx::query_scalar(
                "SELECT a.id FROM articles a JOIN services s ON s.id = a.service_id WHERE s.code = $1 AND a.slug = $2",
            )
            .bind(&article.service)
            .bind(&article.slug)
            .fetch_optional(&self.read)
            .await?;
            Ok(found.is_some())
        })
        .await
    }

    async fn article_by_slug(&self, service: ServiceId, slug: &str) -> StoreResult<Option<Article>> {
        match self.article_head(service, slug).await? {
            Some(head) => db(load_article_parts(&self.read, head)).await.map(Some),
            None => Ok(None),
        }
    }

    async fn article_by_old_slug(&self, service: ServiceId, slug: &str) -> StoreResult<Option<Article>> {
        let head = db(async {
            let row = sqlx::query(&format!(
                "SELECT {ARTICLE_COLUMNS} FROM articles a JOIN article_slug_redirects r ON r.article_id = a.id \
                 WHERE r.service_id = $1 AND r.slug = $2"
            ))
            .bind(service.0)
            .bind(slug)
            .fetch_optional(&self.read)
            .await?;
            row.as_ref().map(rows::article).transpose()
        })
        .await?;
        match head {
            Some(head) => db(load_article_parts(&self.read, head)).await.map(Some),
            None => Ok(None),
        }
    }

    async fn story_of_page(&self, service: ServiceId, address: &str) -> StoreResult<Option<Article>> {
        db(async {
            let row = sqlx::query(&format!(
                "SELECT {ARTICLE_COLUMNS} FROM articles a WHERE a.service_id = $1 AND a.external_url = $2"
            ))
            .bind(service.0)
            .bind(address)
            .fetch_optional(&self.read)
            .await?;
            row.as_ref().map(rows::article).transpose()
        })
        .await
    }

    async fn add_page_story(
        &self,
        service: ServiceId,
        address: &str,
        slug: &str,
        headline: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Article> {
        db(async {
            let at = to_micros(now);
            // Two first uses at once: the second insert does nothing and reads the first's.
            sqlx::query(
                "INSERT INTO articles (service_id, slug, headline, body_markdown, body_html, published_at, \
                     first_published_at, external_url, created_at, modified_at) \
                 VALUES ($1, $2, $3, '', '', $4, $4, $5, $4, $4) ON CONFLICT DO NOTHING",
            )
            .bind(service.0)
            .bind(slug)
            .bind(headline)
            .bind(at)
            .bind(address)
            .execute(&self.write)
            .await?;
            let row = sqlx::query(&format!(
                "SELECT {ARTICLE_COLUMNS} FROM articles a WHERE a.service_id = $1 AND a.external_url = $2"
            ))
            .bind(service.0)
            .bind(address)
            .fetch_one(&self.write)
            .await?;
            rows::article(&row)
        })
        .await
    }

    async fn article_head(&self, service: ServiceId, slug: &str) -> StoreResult<Option<Article>> {
        db(async {
            let row = sqlx::query(&format!(
                "SELECT {ARTICLE_COLUMNS} FROM articles a WHERE a.service_id = $1 AND a.slug = $2"
            ))
            .bind(service.0)
            .bind(slug)
            .fetch_optional(&self.read)
            .await?;
            row.as_ref().map(rows::article).transpose()
        })
        .await
    }

    async fn published_articles(
        &self,
        service: ServiceId,
        now: DateTime<Utc>,
        page: ListRequest,
    ) -> StoreResult<ArticlePage> {
        let mut sql = Sql::new(format!("SELECT {SUMMARY_COLUMNS} FROM articles a WHERE a.service_id = "));
        sql.bind(service.0)
            .push(" AND a.external_url IS NULL AND a.published_at <= ")
            .bind(newest_listed(now, page.position));
        db(self.article_page(sql, page)).await
    }

    async fn articles_by_tag(
        &self,
        service: ServiceId,
        tag_slug: &str,
        now: DateTime<Utc>,
        page: ListRequest,
    ) -> StoreResult<ArticlePage> {
        let mut sql = Sql::new(format!(
            "SELECT {SUMMARY_COLUMNS} FROM articles a JOIN article_tags t ON t.article_id = a.id WHERE a.service_id = "
        ));
        sql.bind(service.0)
            .push(" AND a.external_url IS NULL AND a.published_at <= ")
            .bind(newest_listed(now, page.position));
        sql.push(" AND t.tag_slug = ").bind(tag_slug);
        db(self.article_page(sql, page)).await
    }

    async fn tag_name(&self, service: ServiceId, tag_slug: &str, now: DateTime<Utc>) -> StoreResult<Option<String>> {
        db(async {
            Ok(sqlx::query_scalar(
                "SELECT t.tag_name FROM article_tags t JOIN articles a ON a.id = t.article_id \
                 WHERE a.service_id = $1 AND t.tag_slug = $2 AND a.published_at <= $3 AND a.external_url IS NULL \
                 ORDER BY a.published_at DESC LIMIT 1",
            )
            .bind(service.0)
            .bind(tag_slug)
            .bind(to_micros(now))
            .fetch_optional(&self.read)
            .await?)
        })
        .await
    }

    async fn latest_by_service(&self, now: DateTime<Utc>, per_service: u32) -> StoreResult<Vec<ArticleSummary>> {
        db(async {
            let sql = format!(
                "SELECT * FROM (SELECT {SUMMARY_COLUMNS}, \
                     ROW_NUMBER() OVER (PARTITION BY a.service_id ORDER BY a.published_at DESC, a.id DESC) AS rank \
                 FROM articles a WHERE a.published_at <= $1 AND a.external_url IS NULL) ranked \
                 WHERE rank <= $2 ORDER BY service_id, rank"
            );
            let rows =
                sqlx::query(&sql).bind(to_micros(now)).bind(i64::from(per_service)).fetch_all(&self.read).await?;
            rows.iter().map(rows::summary).collect()
        })
        .await
    }

    async fn translations(&self, article: &Article, now: DateTime<Utc>) -> StoreResult<Vec<Translation>> {
        let Some(group) = article.translation_group else { return Ok(Vec::new()) };
        db(async {
            let found = sqlx::query(
                "SELECT service_id, slug, headline, published_at FROM articles \
                 WHERE translation_group = $1 AND id <> $2 AND published_at <= $3 ORDER BY service_id",
            )
            .bind(group)
            .bind(article.id.0)
            .bind(to_micros(now))
            .fetch_all(&self.read)
            .await?;
            found
                .iter()
                .map(|row| {
                    Ok(Translation {
                        service_id: ServiceId(row.try_get("service_id")?),
                        slug: row.try_get("slug")?,
                        headline: row.try_get("headline")?,
                        published_at: from_micros(row.try_get("published_at")?),
                    })
                })
                .collect()
        })
        .await
    }

    async fn article_listing(&self, now: DateTime<Utc>) -> StoreResult<Vec<ArticleListing>> {
        db(async {
            let rows = sqlx::query(
                "SELECT s.code, a.slug, a.headline, a.published_at FROM articles a \
                 JOIN services s ON s.id = a.service_id WHERE a.external_url IS NULL \
                 ORDER BY s.id, a.published_at IS NULL DESC, a.published_at DESC, a.id DESC",
            )
            .fetch_all(&self.read)
            .await?;
            rows.iter()
                .map(|row| {
                    let published: Option<i64> = row.try_get("published_at")?;
                    Ok(ArticleListing {
                        service_code: row.try_get("code")?,
                        slug: row.try_get("slug")?,
                        headline: row.try_get("headline")?,
                        status: Status::at(published.map(from_micros), now),
                    })
                })
                .collect()
        })
        .await
    }

    async fn article_count(&self) -> StoreResult<i64> {
        db(async { Ok(sqlx::query_scalar("SELECT COUNT(*) FROM articles").fetch_one(&self.read).await?) }).await
    }

    async fn newest_stories(&self, scope: &StoryScope, now: DateTime<Utc>, limit: u32) -> StoreResult<Vec<Article>> {
        let mut sql = Sql::new(format!("SELECT {ARTICLE_COLUMNS} FROM articles a"));
        match scope {
            StoryScope::Site => sql.push(" WHERE a.external_url IS NULL AND a.published_at <= ").bind(to_micros(now)),
            StoryScope::Service(service) => sql
                .push(" WHERE a.service_id = ")
                .bind(service.0)
                .push(" AND a.external_url IS NULL AND a.published_at <= ")
                .bind(to_micros(now)),
            StoryScope::Tag { service, slug } => {
                sql.push(" JOIN article_tags t ON t.article_id = a.id WHERE a.service_id = ").bind(service.0);
                sql.push(" AND t.tag_slug = ").bind(slug.as_str()).push(" AND a.published_at <= ").bind(to_micros(now))
            }
            StoryScope::Credited { service, names } => {
                sql.push(" WHERE a.service_id = ").bind(service.0).push(" AND a.published_at <= ").bind(to_micros(now));
                sql.push(" AND a.id IN (SELECT n.article_id FROM article_credit_names n WHERE n.name IN (");
                if names.is_empty() {
                    sql.push("NULL");
                } else {
                    sql.bind_list(names.iter());
                }
                sql.push("))")
            }
        };
        sql.push(" ORDER BY a.published_at DESC, a.id DESC LIMIT ").bind(i64::from(limit));
        db(async {
            let rows = sql.query().fetch_all(&self.read).await?;
            let mut articles = rows.iter().map(rows::article).collect::<DbResult<Vec<_>>>()?;
            load_parts_of_many(&self.read, &mut articles).await?;
            Ok(articles)
        })
        .await
    }

    async fn public_story_count(&self, service: ServiceId, now: DateTime<Utc>) -> StoreResult<i64> {
        db(async {
            Ok(sqlx::query_scalar(
                "SELECT COUNT(*) FROM articles WHERE service_id = $1 AND published_at <= $2 AND external_url IS NULL",
            )
            .bind(service.0)
            .bind(to_micros(now))
            .fetch_one(&self.read)
            .await?)
        })
        .await
    }

    async fn story_locations(
        &self,
        service: ServiceId,
        now: DateTime<Utc>,
        since: Option<DateTime<Utc>>,
        offset: u64,
        limit: u32,
    ) -> StoreResult<Vec<StoryLocation>> {
        let mut sql =
            Sql::new("SELECT a.slug, a.headline, a.published_at, a.updated_at FROM articles a WHERE a.service_id = ");
        sql.bind(service.0).push(" AND a.external_url IS NULL AND a.published_at <= ").bind(to_micros(now));
        if let Some(since) = since {
            sql.push(" AND a.published_at >= ").bind(to_micros(since));
        }
        // Sitemaps split a service's stories at fixed counts: an offset into the index on
        // (service, published_at, id), read only when a search engine fetches a sitemap.
        sql.push(" ORDER BY a.published_at, a.id LIMIT ").bind(i64::from(limit));
        sql.push(" OFFSET ").bind(i64::try_from(offset).unwrap_or(i64::MAX));
        db(async {
            let rows = sql.query().fetch_all(&self.read).await?;
            rows.iter()
                .map(|row| {
                    Ok(StoryLocation {
                        slug: row.try_get("slug")?,
                        headline: row.try_get("headline")?,
                        published_at: from_micros(row.try_get("published_at")?),
                        updated_at: row.try_get::<Option<i64>, _>("updated_at")?.map(from_micros),
                    })
                })
                .collect()
        })
        .await
    }
}
