//! The desk: stories' workflow, revisions and corrections, on the `articles` table (a
//! story is an article with a place in the workflow) and `story_revisions` and
//! `story_corrections`.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use dateline_core::accounts::UserId;
use dateline_core::articles::{ArticleDraft, ArticleId};
use dateline_core::audit::NewAuditEntry;
use dateline_core::changes::PageTag;
use dateline_core::clock::{from_micros, to_micros};
use dateline_core::desk::stash::StashedForm;
use dateline_core::desk::{Correction, Revision, RevisionKind, Story, StoryFields, StoryStatus};
use dateline_core::services::ServiceId;
use dateline_core::store::{
    DeskStore, NewStory, StoreError, StoreResult, StoryChange, StoryEdit, StoryFilter, StoryListing, StorySave,
};
use sqlx::{Any, Row, Transaction};

use crate::rows::{self, ARTICLE_COLUMNS};
use crate::sql::{DbResult, Sql, SqlStore, db, unreadable};

/// A revision to write.
struct NewRevision<'a> {
    article: i64,
    number: i64,
    kind: RevisionKind,
    fields: &'a StoryFields,
    author: &'a str,
    note: &'a str,
}

/// Writes a revision of a story.
async fn insert_revision(tx: &mut Transaction<'_, Any>, revision: NewRevision<'_>, now: DateTime<Utc>) -> DbResult<()> {
    let NewRevision { article, number, kind, fields, author, note } = revision;
    let json = serde_json::to_string(fields).map_err(unreadable)?;
    sqlx::query(
        "INSERT INTO story_revisions (article_id, revision, kind, fields, author, note, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(article)
    .bind(number)
    .bind(kind.as_str())
    .bind(json)
    .bind(author)
    .bind(note)
    .bind(to_micros(now))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The workflow columns of an import (`dateline article import`): a new revision, the
/// first publication date kept, a future publication left to be announced.
pub(crate) async fn record_import(
    tx: &mut Transaction<'_, Any>,
    article: i64,
    existed: bool,
    draft: &ArticleDraft,
    now: DateTime<Utc>,
) -> DbResult<()> {
    let announced = i64::from(draft.published_at.is_none_or(|at| at <= now));
    let revision: i64 = sqlx::query_scalar(
        "UPDATE articles SET revision = CASE WHEN $2 = 1 THEN revision + 1 ELSE 1 END, \
             first_published_at = COALESCE(published_at, first_published_at), \
             unpublished_at = CASE WHEN published_at IS NULL THEN unpublished_at ELSE NULL END, \
             in_review = 0, publication_announced = $3 \
         WHERE id = $1 RETURNING revision",
    )
    .bind(article)
    .bind(i64::from(existed))
    .bind(announced)
    .fetch_one(&mut **tx)
    .await?;
    let fields = StoryFields::of_draft(draft);
    let revision = NewRevision {
        article,
        number: revision,
        kind: RevisionKind::Imported,
        fields: &fields,
        author: "command-line",
        note: "",
    };
    insert_revision(tx, revision, now).await
}

/// The pages a change to a story affects: its own, its service's lists, the front page and
/// its translations' (their links to it).
async fn story_pages(tx: &mut Transaction<'_, Any>, article: i64) -> DbResult<Vec<PageTag>> {
    let row = sqlx::query("SELECT service_id, translation_group FROM articles WHERE id = $1")
        .bind(article)
        .fetch_one(&mut **tx)
        .await?;
    let mut tags = vec![
        PageTag::Article(ArticleId(article)),
        PageTag::List(ServiceId(row.try_get("service_id")?)),
        PageTag::Front,
    ];
    tags.extend(row.try_get::<Option<i64>, _>("translation_group")?.map(PageTag::Group));
    Ok(tags)
}

/// Columns of the workflow, read with [`ARTICLE_COLUMNS`].
const STORY_COLUMNS: &str = "a.in_review, a.review_note, a.owner_id, a.revision, a.first_published_at, \
     a.translation_of, a.source_revision, a.modified_at, u.name AS owner_name, \
     (SELECT src.revision FROM articles src WHERE src.id = a.translation_of) AS source_current_revision";

/// A story's status as SQL, for filters (`$now` bound by the caller).
fn status_condition(sql: &mut Sql, status: StoryStatus, now: i64) {
    match status {
        StoryStatus::Draft => sql.push(" AND a.unpublished_at IS NULL AND a.published_at IS NULL AND a.in_review = 0"),
        StoryStatus::InReview => {
            sql.push(" AND a.unpublished_at IS NULL AND a.published_at IS NULL AND a.in_review = 1")
        }
        StoryStatus::Scheduled => sql.push(" AND a.unpublished_at IS NULL AND a.published_at > ").bind(now),
        StoryStatus::Published => sql.push(" AND a.unpublished_at IS NULL AND a.published_at <= ").bind(now),
        StoryStatus::Unpublished => sql.push(" AND a.unpublished_at IS NOT NULL"),
    };
}

fn status_of(row: &sqlx::any::AnyRow, now: DateTime<Utc>) -> DbResult<StoryStatus> {
    let unpublished: Option<i64> = row.try_get("unpublished_at")?;
    let published: Option<i64> = row.try_get("published_at")?;
    let in_review: i64 = row.try_get("in_review")?;
    Ok(match (unpublished, published.map(from_micros)) {
        (Some(_), _) => StoryStatus::Unpublished,
        (None, Some(at)) if at > now => StoryStatus::Scheduled,
        (None, Some(_)) => StoryStatus::Published,
        (None, None) if in_review != 0 => StoryStatus::InReview,
        (None, None) => StoryStatus::Draft,
    })
}

impl SqlStore {
    async fn write_story_fields(
        tx: &mut Transaction<'_, Any>,
        id: i64,
        draft: &ArticleDraft,
        mark_updated: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> DbResult<()> {
        let lead = draft.lead_image.as_ref();
        sqlx::query(
            "UPDATE articles SET slug = $2, headline = $3, summary = $4, body_markdown = $5, body_html = $6, \
                 comment_policy = $7, lead_image_key = $8, lead_image_caption = $9, lead_image_alt = $10, \
                 lead_image_credit = $11, lead_image_file_photo = $12, lead_image_width = $13, \
                 lead_image_height = $14, updated_at = COALESCE($15, updated_at), modified_at = $16 \
             WHERE id = $1",
        )
        .bind(id)
        .bind(&draft.slug)
        .bind(&draft.headline)
        .bind(&draft.summary)
        .bind(&draft.body_markdown)
        .bind(&draft.body_html)
        .bind(draft.comment_policy.map(|p| p.as_str()))
        .bind(lead.map(|l| l.media.as_str().to_owned()))
        .bind(lead.map(|l| l.caption.clone()).unwrap_or_default())
        .bind(lead.map(|l| l.alt.clone()).unwrap_or_default())
        .bind(lead.map(|l| l.credit.clone()).unwrap_or_default())
        .bind(i64::from(lead.is_some_and(|l| l.file_photo)))
        .bind(lead.map(|l| i64::from(l.width)).unwrap_or_default())
        .bind(lead.map(|l| i64::from(l.height)).unwrap_or_default())
        .bind(mark_updated.map(to_micros))
        .bind(to_micros(now))
        .execute(&mut **tx)
        .await?;
        crate::articles::replace_credits(tx, id, draft).await?;
        crate::articles::replace_tags(tx, id, draft).await?;
        crate::media::link_article_media(tx, id, &draft.media_keys()).await?;
        Ok(())
    }
}

#[async_trait]
impl DeskStore for SqlStore {
    async fn create_story(&self, new: &NewStory, now: DateTime<Utc>, audit: &NewAuditEntry) -> StoreResult<ArticleId> {
        db(async {
            let mut tx = self.write.begin().await?;
            let draft = &new.draft;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO articles (service_id, slug, headline, summary, body_markdown, body_html, \
                     created_at, modified_at, owner_id, revision, publication_announced) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, 1, 1) RETURNING id",
            )
            .bind(draft.service_id.0)
            .bind(&draft.slug)
            .bind(&draft.headline)
            .bind(&draft.summary)
            .bind(&draft.body_markdown)
            .bind(&draft.body_html)
            .bind(to_micros(now))
            .bind(new.owner.map(|o| o.0))
            .fetch_one(&mut *tx)
            .await?;
            Self::write_story_fields(&mut tx, id, draft, None, now).await?;
            if let Some((source, revision)) = new.source {
                let group: Option<i64> = sqlx::query_scalar("SELECT translation_group FROM articles WHERE id = $1")
                    .bind(source.0)
                    .fetch_one(&mut *tx)
                    .await?;
                let group = group.unwrap_or(source.0);
                sqlx::query("UPDATE articles SET translation_group = $1 WHERE id = $2")
                    .bind(group)
                    .bind(source.0)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(
                    "UPDATE articles SET translation_group = $1, translation_of = $2, source_revision = $3 WHERE id = $4",
                )
                .bind(group)
                .bind(source.0)
                .bind(revision)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
            let fields = StoryFields::of_draft(draft);
            let first = NewRevision { article: id, number: 1, kind: new.kind, fields: &fields, author: &new.author, note: "" };
            insert_revision(&mut tx, first, now).await?;
            let mut audit = audit.clone();
            if let dateline_core::audit::AuditObject::Service(_) = audit.object {
                audit.object = dateline_core::audit::AuditObject::Article(ArticleId(id));
            }
            crate::audit::append_in(&mut tx, &audit, now).await?;
            tx.commit().await?;
            self.committed_change();
            Ok(ArticleId(id))
        })
        .await
    }

    async fn story(&self, id: ArticleId) -> StoreResult<Option<Story>> {
        db(async {
            let sql = format!(
                "SELECT {ARTICLE_COLUMNS}, {STORY_COLUMNS} FROM articles a LEFT JOIN users u ON u.id = a.owner_id \
                 WHERE a.id = $1"
            );
            let Some(row) = sqlx::query(&sql).bind(id.0).fetch_optional(&self.read).await? else { return Ok(None) };
            let article = rows::article(&row)?;
            let article = crate::articles::load_article_parts(&self.read, article).await?;
            let in_review: i64 = row.try_get("in_review")?;
            let story = Story {
                article,
                in_review: in_review != 0,
                review_note: row.try_get("review_note")?,
                owner: row.try_get::<Option<i64>, _>("owner_id")?.map(UserId),
                owner_name: row.try_get("owner_name")?,
                revision: row.try_get("revision")?,
                first_published_at: row.try_get::<Option<i64>, _>("first_published_at")?.map(from_micros),
                unpublished_at: row.try_get::<Option<i64>, _>("unpublished_at")?.map(from_micros),
                translation_of: row.try_get::<Option<i64>, _>("translation_of")?.map(ArticleId),
                source_revision: row.try_get("source_revision")?,
                source_current_revision: row.try_get("source_current_revision")?,
                corrections: corrections_of(&self.read, id.0).await?,
                modified_at: from_micros(row.try_get("modified_at")?),
            };
            Ok(Some(story))
        })
        .await
    }

    async fn stories(&self, filter: &StoryFilter) -> StoreResult<Vec<StoryListing>> {
        let now = to_micros(filter.now);
        let mut sql = Sql::new(
            "SELECT a.id, a.service_id, a.slug, a.headline, a.published_at, a.first_published_at, a.unpublished_at, \
                 a.in_review, a.modified_at, a.source_revision, u.name AS owner_name, \
                 (SELECT src.revision FROM articles src WHERE src.id = a.translation_of) AS source_current_revision \
             FROM articles a LEFT JOIN users u ON u.id = a.owner_id WHERE 1 = 1",
        );
        if !filter.with_pages {
            sql.push(" AND a.external_url IS NULL");
        }
        if let Some(services) = &filter.services {
            if services.is_empty() {
                return Ok(Vec::new());
            }
            sql.push(" AND a.service_id IN (").bind_list(services.iter().map(|s| s.0)).push(")");
        }
        if let Some(status) = filter.status {
            status_condition(&mut sql, status, now);
        }
        if let Some(owner) = filter.owner {
            sql.push(" AND a.owner_id = ").bind(owner.0);
        }
        if filter.source_changed {
            sql.push(
                " AND a.translation_of IS NOT NULL AND a.source_revision < \
                 (SELECT src.revision FROM articles src WHERE src.id = a.translation_of)",
            );
        }
        if let Some((at, id)) = filter.before {
            let at = to_micros(at);
            sql.push(" AND (a.modified_at < ").bind(at).push(" OR (a.modified_at = ").bind(at);
            sql.push(" AND a.id < ").bind(id.0).push("))");
        }
        sql.push(" ORDER BY a.modified_at DESC, a.id DESC LIMIT ").bind(i64::from(filter.limit));
        db(async {
            let rows = sql.query().fetch_all(&self.read).await?;
            rows.iter()
                .map(|row| {
                    let seen: Option<i64> = row.try_get("source_revision")?;
                    let current: Option<i64> = row.try_get("source_current_revision")?;
                    let published: Option<i64> = row.try_get("published_at")?;
                    let first: Option<i64> = row.try_get("first_published_at")?;
                    Ok(StoryListing {
                        id: ArticleId(row.try_get("id")?),
                        service_id: ServiceId(row.try_get("service_id")?),
                        slug: row.try_get("slug")?,
                        headline: row.try_get("headline")?,
                        status: status_of(row, filter.now)?,
                        owner_name: row.try_get("owner_name")?,
                        modified_at: from_micros(row.try_get("modified_at")?),
                        published_at: published.or(first).map(from_micros),
                        source_changed: matches!((seen, current), (Some(s), Some(c)) if c > s),
                    })
                })
                .collect()
        })
        .await
    }

    async fn save_story(
        &self,
        edit: &StoryEdit<'_>,
        now: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<StorySave> {
        db(async {
            let mut tx = self.write.begin().await?;
            // Compare and set: of two people saving from the same revision, one saves.
            let claimed = sqlx::query("UPDATE articles SET revision = revision + 1 WHERE id = $1 AND revision = $2")
                .bind(edit.id.0)
                .bind(edit.base_revision)
                .execute(&mut *tx)
                .await?;
            if claimed.rows_affected() != 1 {
                let current: Option<i64> = sqlx::query_scalar("SELECT revision FROM articles WHERE id = $1")
                    .bind(edit.id.0)
                    .fetch_optional(&mut *tx)
                    .await?;
                let current = current.ok_or_else(|| StoreError::NotFound(format!("story {}", edit.id.0)))?;
                return Ok(StorySave::Conflict(current));
            }
            let revision = edit.base_revision.saturating_add(1);
            Self::write_story_fields(&mut tx, edit.id.0, edit.draft, edit.mark_updated.then_some(now), now).await?;
            if let Some(old) = edit.old_slug {
                // The story's new slug is its own now; its old one leads to it.
                let service = edit.draft.service_id.0;
                sqlx::query("DELETE FROM article_slug_redirects WHERE service_id = $1 AND slug = $2")
                    .bind(service)
                    .bind(&edit.draft.slug)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(
                    "INSERT INTO article_slug_redirects (service_id, slug, article_id, created_at) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (service_id, slug) DO UPDATE SET article_id = $3, created_at = $4",
                )
                .bind(service)
                .bind(old)
                .bind(edit.id.0)
                .bind(to_micros(now))
                .execute(&mut *tx)
                .await?;
            }
            let fields = StoryFields::of_draft(edit.draft);
            let saved = NewRevision {
                article: edit.id.0,
                number: revision,
                kind: edit.kind,
                fields: &fields,
                author: edit.author,
                note: edit.note,
            };
            insert_revision(&mut tx, saved, now).await?;
            if let Some(text) = edit.correction {
                sqlx::query(
                    "INSERT INTO story_corrections (article_id, revision, text, created_at) VALUES ($1, $2, $3, $4)",
                )
                .bind(edit.id.0)
                .bind(revision)
                .bind(text)
                .bind(to_micros(now))
                .execute(&mut *tx)
                .await?;
            }
            crate::audit::append_in(&mut tx, audit, now).await?;
            let pages = story_pages(&mut tx, edit.id.0).await?;
            crate::changes::record_in(&mut tx, self.backend, &pages, now).await?;
            tx.commit().await?;
            self.committed_change();
            Ok(StorySave::Saved(revision))
        })
        .await
    }

    async fn change_story(
        &self,
        id: ArticleId,
        change: &StoryChange,
        now: DateTime<Utc>,
        audit: &NewAuditEntry,
    ) -> StoreResult<()> {
        let at_now = to_micros(now);
        let mut sql = Sql::new("UPDATE articles SET modified_at = ");
        sql.bind(at_now);
        match change {
            StoryChange::Submit => sql.push(", in_review = 1, review_note = ''"),
            StoryChange::SendBack { note } => sql.push(", in_review = 0, review_note = ").bind(note.as_str()),
            StoryChange::Publish { at } => {
                let at = to_micros(*at);
                sql.push(", in_review = 0, published_at = ").bind(at);
                sql.push(", first_published_at = COALESCE(first_published_at, ").bind(at).push(")");
                sql.push(", publication_announced = ").bind(i64::from(at <= at_now))
            }
            StoryChange::Unpublish => {
                sql.push(", first_published_at = COALESCE(first_published_at, published_at), published_at = NULL, ");
                sql.push("publication_announced = 1, unpublished_at = ").bind(at_now)
            }
            StoryChange::Restore => sql.push(", published_at = first_published_at, unpublished_at = NULL"),
            StoryChange::SourceReviewed { revision } => sql.push(", source_revision = ").bind(*revision),
        };
        sql.push(" WHERE id = ").bind(id.0);
        db(async {
            let mut tx = self.write.begin().await?;
            let done = sql.query().execute(&mut *tx).await?;
            if done.rows_affected() != 1 {
                return Err(StoreError::NotFound(format!("story {}", id.0)).into());
            }
            crate::audit::append_in(&mut tx, audit, now).await?;
            let public_change =
                matches!(change, StoryChange::Publish { .. } | StoryChange::Unpublish | StoryChange::Restore);
            if public_change {
                let pages = story_pages(&mut tx, id.0).await?;
                crate::changes::record_in(&mut tx, self.backend, &pages, now).await?;
            }
            tx.commit().await?;
            self.committed_change();
            Ok(())
        })
        .await
    }

    async fn revisions(&self, id: ArticleId) -> StoreResult<Vec<Revision>> {
        db(async {
            let rows = sqlx::query(
                "SELECT revision, kind, fields, author, note, created_at FROM story_revisions \
                 WHERE article_id = $1 ORDER BY revision DESC",
            )
            .bind(id.0)
            .fetch_all(&self.read)
            .await?;
            rows.iter()
                .map(|row| {
                    let kind: String = row.try_get("kind")?;
                    let fields: String = row.try_get("fields")?;
                    Ok(Revision {
                        number: row.try_get("revision")?,
                        kind: kind.parse().map_err(unreadable)?,
                        fields: serde_json::from_str(&fields).map_err(unreadable)?,
                        author: row.try_get("author")?,
                        note: row.try_get("note")?,
                        at: from_micros(row.try_get("created_at")?),
                    })
                })
                .collect()
        })
        .await
    }

    async fn corrections(&self, id: ArticleId) -> StoreResult<Vec<Correction>> {
        db(corrections_of(&self.read, id.0)).await
    }

    async fn announce_publications(&self, now: DateTime<Utc>) -> StoreResult<u64> {
        db(async {
            let due: Vec<i64> = sqlx::query_scalar(
                "SELECT id FROM articles WHERE publication_announced = 0 AND published_at <= $1 ORDER BY published_at LIMIT 100",
            )
            .bind(to_micros(now))
            .fetch_all(&self.read)
            .await?;
            let mut announced = 0;
            for id in due {
                let mut tx = self.write.begin().await?;
                // Each announced once, whichever node gets here first.
                let claimed = sqlx::query("UPDATE articles SET publication_announced = 1 WHERE id = $1 AND publication_announced = 0")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                if claimed.rows_affected() == 1 {
                    let pages = story_pages(&mut tx, id).await?;
                    crate::changes::record_in(&mut tx, self.backend, &pages, now).await?;
                    announced += 1;
                }
                tx.commit().await?;
            }
            if announced > 0 {
                self.committed_change();
            }
            Ok(announced)
        })
        .await
    }

    async fn stash_form(
        &self,
        id_hash: &str,
        form: &StashedForm,
        expired_before: DateTime<Utc>,
        max: u32,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        db(async {
            let mut tx = self.write.begin().await?;
            sqlx::query("DELETE FROM form_stashes WHERE created_at < $1")
                .bind(to_micros(expired_before))
                .execute(&mut *tx)
                .await?;
            let kept: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM form_stashes").fetch_one(&mut *tx).await?;
            if kept >= i64::from(max) {
                tx.commit().await?;
                return Ok(false);
            }
            sqlx::query("INSERT INTO form_stashes (id_hash, path, body, created_at) VALUES ($1, $2, $3, $4)")
                .bind(id_hash)
                .bind(&form.path)
                .bind(&form.body)
                .bind(to_micros(now))
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(true)
        })
        .await
    }

    async fn forget_stashed_forms(&self, expired_before: DateTime<Utc>) -> StoreResult<u64> {
        db(async {
            let done = sqlx::query("DELETE FROM form_stashes WHERE created_at < $1")
                .bind(to_micros(expired_before))
                .execute(&self.write)
                .await?;
            Ok(done.rows_affected())
        })
        .await
    }

    async fn take_stashed_form(
        &self,
        id_hash: &str,
        expired_before: DateTime<Utc>,
    ) -> StoreResult<Option<StashedForm>> {
        db(async {
            let row = sqlx::query("DELETE FROM form_stashes WHERE id_hash = $1 RETURNING path, body, created_at")
                .bind(id_hash)
                .fetch_optional(&self.write)
                .await?;
            let Some(row) = row else { return Ok(None) };
            let created: i64 = row.try_get("created_at")?;
            if created < to_micros(expired_before) {
                return Ok(None);
            }
            Ok(Some(StashedForm { path: row.try_get("path")?, body: row.try_get("body")? }))
        })
        .await
    }
}

async fn corrections_of(pool: &sqlx::AnyPool, id: i64) -> DbResult<Vec<Correction>> {
    let rows =
        sqlx::query("SELECT text, created_at FROM story_corrections WHERE article_id = $1 ORDER BY created_at, id")
            .bind(id)
            .fetch_all(pool)
            .await?;
    rows.iter()
        .map(|row| Ok(Correction { at: from_micros(row.try_get("created_at")?), text: row.try_get("text")? }))
        .collect()
}
