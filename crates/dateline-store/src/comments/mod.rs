//! Comments: submissions (through the group-commit [`writer`]), the published threads, a
//! commenter's own comments, deletion for real, retention, and publication notices.

pub(crate) mod writer;

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use dateline_core::articles::ArticleId;
use dateline_core::audit::{AuditAction, AuditObject, NewAuditEntry, actors};
use dateline_core::clock::to_micros;
use dateline_core::comments::{Comment, CommentId, NewComment, Refusal, SubmissionLimits};
use dateline_core::services::ServiceId;
use dateline_core::store::{
    CommentFilter, CommentListing, CommentPage, CommentPlace, CommentStore, DueNotice, ImportedComment, StoreResult,
};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use crate::Backend;
use crate::rows::{self, COMMENT_COLUMNS};
use crate::sql::{DbResult, Sql, SqlStore, db};

/// The states in which readers see a comment, as SQL.
const PUBLIC_STATES: &str = "('approved', 'reported')";

/// The tables of a comment listing: the comment, its article and its service.
const LISTING_FROM: &str =
    "FROM comments c JOIN articles a ON a.id = c.article_id JOIN services s ON s.id = a.service_id";

/// A comment's report count, as SQL on `comments c`.
const REPORTS: &str = "(SELECT COUNT(*) FROM reports r WHERE r.comment_id = c.id)";

/// ` AND` the comment (`c`) has a label that starts with `label`, the report count's
/// (`reported:N`) among them.
pub(crate) fn label_condition(sql: &mut Sql, label: &str) {
    let escaped = label.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    sql.push(&format!(
        " AND (',' || c.labels \
         || CASE WHEN c.campaign_id IS NOT NULL THEN ',campaign:' || CAST(c.campaign_id AS TEXT) ELSE '' END \
         || CASE WHEN c.score IS NULL THEN '' \
                 WHEN c.score >= 9950 THEN ',score:1.00' \
                 WHEN c.score < 950 THEN ',score:0.0' || CAST((c.score + 50) / 100 AS TEXT) \
                 ELSE ',score:0.' || CAST((c.score + 50) / 100 AS TEXT) END \
         || CASE WHEN {REPORTS} > 0 THEN ',reported:' || CAST({REPORTS} AS TEXT) ELSE '' END) LIKE "
    ));
    sql.bind(format!("%,{escaped}%")).push(" ESCAPE '\\'");
}

fn listing(row: &AnyRow) -> DbResult<CommentListing> {
    Ok(CommentListing {
        comment: rows::comment(row)?,
        service_code: row.try_get("service_code")?,
        article_slug: row.try_get("article_slug")?,
    })
}

/// Queues the publication notice of a comment whose author gave an email address.
pub(crate) async fn queue_notice(tx: &mut Transaction<'_, Any>, id: CommentId, now: DateTime<Utc>) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO comment_notices (comment_id, queued_at) \
         SELECT id, $2 FROM comments WHERE id = $1 AND email IS NOT NULL ON CONFLICT (comment_id) DO NOTHING",
    )
    .bind(id.0)
    .bind(to_micros(now))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// After erasing data on SQLite, moves the write-ahead log into the database file and
/// truncates it, so that no copy of the erased rows stays in the log (secure_delete has
/// zeroed them in the database file itself). A reader holding an older snapshot (a page
/// being served, a backup) makes the checkpoint give up: the eraser task then tries again
/// until it succeeds, so the erased text leaves the log as soon as the reader is done.
pub(crate) async fn flush_erased(store: &SqlStore) -> DbResult<()> {
    if store.backend == Backend::Sqlite && !truncate_wal(store).await? {
        store.eraser.notify_one();
    }
    Ok(())
}

/// One `wal_checkpoint(TRUNCATE)` that does not wait for readers (the writer must not stall
/// behind them); returns whether the whole log was copied back and truncated.
async fn truncate_wal(store: &SqlStore) -> DbResult<bool> {
    use sqlx::Executor;
    let mut conn = store.write.acquire().await?;
    conn.execute("PRAGMA busy_timeout = 0").await?;
    let result = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").fetch_one(&mut *conn).await;
    conn.execute("PRAGMA busy_timeout = 10000").await?;
    let row = result?;
    let (busy, log, copied): (i64, i64, i64) = (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
    Ok(busy == 0 && log == copied)
}

/// The eraser: whenever an erasure could not be flushed from the log at once, tries again
/// every 200 ms until it is.
pub(crate) fn spawn_eraser(store: SqlStore) {
    tokio::spawn(async move {
        loop {
            store.eraser.notified().await;
            loop {
                match truncate_wal(&store).await {
                    Ok(true) => break,
                    Ok(false) => {}
                    Err(error) => tracing::warn!(
                        error = %dateline_core::store::StoreError::from(error),
                        "cannot flush erased data from the write-ahead log; retrying"
                    ),
                }
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            }
        }
    });
}

impl SqlStore {
    /// Deletes a notice and erases its address from the comment, in one transaction.
    async fn end_notice(&self, id: CommentId) -> DbResult<()> {
        let mut tx = self.write.begin().await?;
        sqlx::query("DELETE FROM comment_notices WHERE comment_id = $1").bind(id.0).execute(&mut *tx).await?;
        // The address was only for this notice.
        sqlx::query("UPDATE comments SET email = NULL WHERE id = $1").bind(id.0).execute(&mut *tx).await?;
        tx.commit().await?;
        flush_erased(self).await
    }
}

#[async_trait]
impl CommentStore for SqlStore {
    async fn submit_comment(
        &self,
        comment: &NewComment,
        limits: SubmissionLimits,
        now: DateTime<Utc>,
    ) -> StoreResult<Result<CommentId, Refusal>> {
        self.comment_writer.submit(comment, limits, now).await
    }

    async fn import_comments(&self, comments: &[ImportedComment]) -> StoreResult<u64> {
        db(writer::import(self, comments)).await
    }

    async fn import_keyed(&self, source: &str, comments: &[(String, ImportedComment)]) -> StoreResult<Vec<CommentId>> {
        db(writer::import_keyed(self, source, comments)).await
    }

    async fn imported_ids(&self, source: &str, external_ids: &[String]) -> StoreResult<Vec<(String, CommentId)>> {
        db(writer::imported_ids(self, source, external_ids)).await
    }

    async fn comment(&self, id: CommentId) -> StoreResult<Option<Comment>> {
        db(async {
            let row = sqlx::query(&format!("SELECT {COMMENT_COLUMNS} FROM comments c WHERE c.id = $1"))
                .bind(id.0)
                .fetch_optional(&self.read)
                .await?;
            row.as_ref().map(rows::comment).transpose()
        })
        .await
    }

    async fn comment_place(&self, id: CommentId) -> StoreResult<Option<CommentPlace>> {
        db(async {
            let row = sqlx::query(
                "SELECT a.service_id, s.code, a.slug FROM comments c JOIN articles a ON a.id = c.article_id \
                 JOIN services s ON s.id = a.service_id WHERE c.id = $1",
            )
            .bind(id.0)
            .fetch_optional(&self.read)
            .await?;
            let Some(row) = row else { return Ok(None) };
            Ok(Some(CommentPlace {
                service_id: ServiceId(row.try_get("service_id")?),
                service_code: row.try_get("code")?,
                article_slug: row.try_get("slug")?,
            }))
        })
        .await
    }

    async fn public_comments(&self, article: ArticleId, page: u32, per_page: u32) -> StoreResult<CommentPage> {
        db(async {
            let top_level = sqlx::query(&format!(
                "SELECT {COMMENT_COLUMNS} FROM comments c \
                 WHERE c.article_id = $1 AND c.parent_id IS NULL AND c.state IN {PUBLIC_STATES} \
                 ORDER BY c.created_at, c.id LIMIT $2 OFFSET $3"
            ))
            .bind(article.0)
            .bind(i64::from(per_page))
            .bind(i64::from(page.saturating_sub(1)) * i64::from(per_page))
            .fetch_all(&self.read)
            .await?;
            let total: i64 = sqlx::query_scalar(&format!(
                "SELECT COUNT(*) FROM comments WHERE article_id = $1 AND parent_id IS NULL AND state IN {PUBLIC_STATES}"
            ))
            .bind(article.0)
            .fetch_one(&self.read)
            .await?;
            let replies = sqlx::query(&format!(
                "SELECT {COMMENT_COLUMNS} FROM comments c \
                 WHERE c.article_id = $1 AND c.parent_id IS NOT NULL AND c.state IN {PUBLIC_STATES} \
                 ORDER BY c.created_at, c.id"
            ))
            .bind(article.0)
            .fetch_all(&self.read)
            .await?;
            let mut comments = top_level.iter().map(rows::comment).collect::<DbResult<Vec<_>>>()?;
            // Keep the replies that descend from this page's top-level comments.
            let mut included: std::collections::HashSet<CommentId> = comments.iter().map(|c| c.id).collect();
            for reply in replies.iter().map(rows::comment) {
                let reply = reply?;
                if reply.parent_id.is_some_and(|p| included.contains(&p)) {
                    included.insert(reply.id);
                    comments.push(reply);
                }
            }
            Ok(CommentPage { comments, top_level: total })
        })
        .await
    }

    async fn pending_comments_of(&self, article: ArticleId, commenter_hash: &str) -> StoreResult<Vec<Comment>> {
        db(async {
            let rows = sqlx::query(&format!(
                "SELECT {COMMENT_COLUMNS} FROM comments c \
                 WHERE c.article_id = $1 AND c.commenter_hash = $2 AND c.state = 'pending' ORDER BY c.created_at, c.id"
            ))
            .bind(article.0)
            .bind(commenter_hash)
            .fetch_all(&self.read)
            .await?;
            rows.iter().map(rows::comment).collect()
        })
        .await
    }

    async fn comments_of(&self, commenter_hash: &str) -> StoreResult<Vec<CommentListing>> {
        db(async {
            let rows = sqlx::query(&format!(
                "SELECT {COMMENT_COLUMNS}, s.code AS service_code, a.slug AS article_slug {LISTING_FROM} \
                 WHERE c.commenter_hash = $1 ORDER BY c.created_at, c.id"
            ))
            .bind(commenter_hash)
            .fetch_all(&self.read)
            .await?;
            rows.iter().map(listing).collect()
        })
        .await
    }

    async fn comment_counts(&self, articles: &[ArticleId]) -> StoreResult<HashMap<ArticleId, i64>> {
        if articles.is_empty() {
            return Ok(HashMap::new());
        }
        db(async {
            let mut sql = Sql::new("SELECT article_id, COUNT(*) AS n FROM comments WHERE article_id IN (");
            sql.bind_list(articles.iter().map(|a| a.0));
            sql.push(&format!(") AND state IN {PUBLIC_STATES} GROUP BY article_id"));
            let rows = sql.query().fetch_all(&self.read).await?;
            rows.iter().map(|row| Ok((ArticleId(row.try_get("article_id")?), row.try_get::<i64, _>("n")?))).collect()
        })
        .await
    }

    async fn list_comments(&self, filter: &CommentFilter) -> StoreResult<Vec<CommentListing>> {
        db(async {
            let mut sql = Sql::new(format!(
                "SELECT {COMMENT_COLUMNS}, s.code AS service_code, a.slug AS article_slug, {REPORTS} AS report_count \
                 {LISTING_FROM} WHERE 1 = 1"
            ));
            if let Some(state) = filter.state {
                sql.push(" AND c.state = ").bind(state.as_str());
            }
            if let Some(service) = &filter.service {
                sql.push(" AND s.code = ").bind(service);
            }
            if let Some(label) = &filter.label {
                label_condition(&mut sql, label);
            }
            sql.push(" ORDER BY c.created_at, c.id LIMIT ").bind(i64::from(filter.limit.max(1)));
            let rows = sql.query().fetch_all(&self.read).await?;
            rows.iter()
                .map(|row| {
                    let mut listed = listing(row)?;
                    let reports: i64 = row.try_get("report_count")?;
                    if reports > 0 {
                        listed.comment.labels.push(format!("reported:{reports}"));
                    }
                    Ok(listed)
                })
                .collect()
        })
        .await
    }

    async fn delete_comment_of(&self, id: CommentId, commenter_hash: &str, now: DateTime<Utc>) -> StoreResult<bool> {
        db(async {
            let mut tx = self.write.begin().await?;
            let done = sqlx::query(
                "UPDATE comments SET state = 'deleted', author_name = '', text = '', email = NULL, \
                     text_hash = NULL, commenter_hash = NULL, address_hash = NULL, moderated_at = $1, \
                     learned = '' \
                 WHERE id = $2 AND commenter_hash = $3 AND state <> 'deleted'",
            )
            .bind(to_micros(now))
            .bind(id.0)
            .bind(commenter_hash)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() == 0 {
                return Ok(false);
            }
            for table in ["comment_versions", "reports"] {
                sqlx::query(&format!("DELETE FROM {table} WHERE comment_id = $1")).bind(id.0).execute(&mut *tx).await?;
            }
            let audit = NewAuditEntry::new(actors::AUTHOR, AuditAction::CommentDelete, AuditObject::Comment(id))
                .change(
                    serde_json::json!({ "erased": false }),
                    serde_json::json!({ "state": "deleted", "erased": true }),
                );
            crate::audit::append_in(&mut tx, &audit, now).await?;
            let pages = crate::changes::comment_pages(&mut tx, id).await?;
            crate::changes::record_in(&mut tx, self.backend, &pages, now).await?;
            tx.commit().await?;
            self.committed_change();
            flush_erased(self).await?;
            Ok(true)
        })
        .await
    }

    async fn erase_personal_data_before(&self, cutoff: DateTime<Utc>) -> StoreResult<u64> {
        db(async {
            let mut tx = self.write.begin().await?;
            // A notice not sent by now never will be: it goes with its address.
            sqlx::query(
                "DELETE FROM comment_notices WHERE comment_id IN (SELECT id FROM comments WHERE created_at < $1)",
            )
            .bind(to_micros(cutoff))
            .execute(&mut *tx)
            .await?;
            sqlx::query("UPDATE reports SET reporter_hash = NULL WHERE created_at < $1 AND reporter_hash IS NOT NULL")
                .bind(to_micros(cutoff))
                .execute(&mut *tx)
                .await?;
            let done = sqlx::query(
                "UPDATE comments SET address_hash = NULL, email = NULL \
                 WHERE created_at < $1 AND (address_hash IS NOT NULL OR email IS NOT NULL)",
            )
            .bind(to_micros(cutoff))
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            flush_erased(self).await?;
            Ok(done.rows_affected())
        })
        .await
    }

    async fn delete_limit_records_before(&self, cutoff: DateTime<Utc>, forms_cutoff: DateTime<Utc>) -> StoreResult<()> {
        db(async {
            sqlx::query("DELETE FROM submission_marks WHERE at < $1 AND (nonce IS NULL OR at < $2)")
                .bind(to_micros(cutoff))
                .bind(to_micros(forms_cutoff))
                .execute(&self.write)
                .await?;
            sqlx::query("DELETE FROM login_attempts WHERE at < $1")
                .bind(to_micros(cutoff))
                .execute(&self.write)
                .await?;
            Ok(())
        })
        .await
    }

    async fn due_notices(&self, now: DateTime<Utc>, limit: u32) -> StoreResult<Vec<DueNotice>> {
        db(async {
            let rows = sqlx::query(
                "SELECT n.comment_id, c.email, n.attempts FROM comment_notices n \
                 JOIN comments c ON c.id = n.comment_id \
                 WHERE c.email IS NOT NULL AND c.state IN ('approved', 'reported') AND n.next_attempt_at <= $1 \
                 ORDER BY n.queued_at LIMIT $2",
            )
            .bind(to_micros(now))
            .bind(i64::from(limit))
            .fetch_all(&self.read)
            .await?;
            rows.iter()
                .map(|row| {
                    Ok(DueNotice {
                        comment: CommentId(row.try_get("comment_id")?),
                        email: row.try_get("email")?,
                        attempts: row.try_get("attempts")?,
                    })
                })
                .collect()
        })
        .await
    }

    async fn notice_sent(&self, id: CommentId) -> StoreResult<()> {
        db(self.end_notice(id)).await
    }

    async fn notice_failed(&self, id: CommentId, summary: &str, retry_at: Option<DateTime<Utc>>) -> StoreResult<()> {
        db(async {
            let Some(retry_at) = retry_at else { return self.end_notice(id).await };
            sqlx::query(
                "UPDATE comment_notices SET attempts = attempts + 1, last_error = $2, next_attempt_at = $3 \
                 WHERE comment_id = $1",
            )
            .bind(id.0)
            .bind(summary)
            .bind(to_micros(retry_at))
            .execute(&self.write)
            .await?;
            Ok(())
        })
        .await
    }
}
