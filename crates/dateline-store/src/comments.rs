//! Comments, Terms of Use, comment notices and secrets: the store's side.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use dateline_core::article::ArticleId;
use dateline_core::audit::NewAuditEntry;
use dateline_core::clock::{from_micros, to_micros};
use dateline_core::comment::{Comment, CommentId, CommentState};
use dateline_core::service::ServiceId;
use dateline_core::store::{CommentFilter, CommentListing, DueNotice, StoreError, StoreResult, Terms};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::Backend;
use crate::rows::{self, COMMENT_COLUMNS, decode_error};
use crate::sql_store::{SqlStore, db_error};

/// The states in which readers see a comment, as SQL.
const PUBLIC_STATES: &str = "('approved', 'reported')";

fn listing(row: &AnyRow) -> StoreResult<CommentListing> {
    Ok(CommentListing {
        comment: rows::comment(row)?,
        service_code: row.try_get("service_code").map_err(decode_error)?,
        article_slug: row.try_get("article_slug").map_err(decode_error)?,
    })
}

pub async fn secret(store: &SqlStore, name: &str, now: DateTime<Utc>) -> StoreResult<String> {
    // Insert-if-absent, then read: every node ends up with the same value.
    sqlx::query("INSERT INTO secrets (name, value, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING")
        .bind(name)
        .bind(hex::encode(rand::random::<[u8; 32]>()))
        .bind(to_micros(now))
        .execute(&store.write)
        .await
        .map_err(db_error("secret"))?;
    sqlx::query_scalar("SELECT value FROM secrets WHERE name = $1")
        .bind(name)
        .fetch_one(&store.write)
        .await
        .map_err(db_error("secret"))
}

pub async fn delete_secret(store: &SqlStore, name: &str) -> StoreResult<()> {
    sqlx::query("DELETE FROM secrets WHERE name = $1")
        .bind(name)
        .execute(&store.write)
        .await
        .map_err(db_error("secret"))?;
    Ok(())
}

pub async fn delete_secrets_before(store: &SqlStore, prefix: &str, cutoff: DateTime<Utc>) -> StoreResult<u64> {
    let done = sqlx::query("DELETE FROM secrets WHERE name LIKE $1 AND created_at < $2")
        .bind(format!("{prefix}%"))
        .bind(to_micros(cutoff))
        .execute(&store.write)
        .await
        .map_err(db_error("secrets"))?;
    Ok(done.rows_affected())
}

pub async fn set_comment_notice(
    store: &SqlStore,
    service: ServiceId,
    notice: Option<&str>,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let mut tx = store.write.begin().await.map_err(db_error("transaction"))?;
    let done = sqlx::query("UPDATE services SET comment_notice = $1 WHERE id = $2")
        .bind(notice)
        .bind(service.0)
        .execute(&mut *tx)
        .await
        .map_err(db_error("comment notice"))?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound(format!("service {}", service.0)));
    }
    crate::changes::record_in(&mut tx, store.backend, &[format!("service:{}", service.0)], now).await?;
    tx.commit().await.map_err(db_error("commit"))?;
    store.committed_change();
    Ok(())
}

pub async fn publish_terms(
    store: &SqlStore,
    service: ServiceId,
    markdown: &str,
    html: &str,
    now: DateTime<Utc>,
) -> StoreResult<i64> {
    let mut tx = store.write.begin().await.map_err(db_error("transaction"))?;
    let latest: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM terms_of_use WHERE service_id = $1")
        .bind(service.0)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_error("terms"))?;
    let version = latest.unwrap_or(0) + 1;
    sqlx::query(
        "INSERT INTO terms_of_use (service_id, version, body_markdown, body_html, published_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(service.0)
    .bind(version)
    .bind(markdown)
    .bind(html)
    .bind(to_micros(now))
    .execute(&mut *tx)
    .await
    .map_err(db_error("terms version"))?;
    crate::changes::record_in(&mut tx, store.backend, &[format!("service:{}", service.0)], now).await?;
    tx.commit().await.map_err(db_error("commit"))?;
    store.committed_change();
    Ok(version)
}

pub async fn current_terms(store: &SqlStore, service: ServiceId) -> StoreResult<Option<Terms>> {
    let row = sqlx::query(
        "SELECT service_id, version, body_markdown, body_html, published_at FROM terms_of_use \
         WHERE service_id = $1 ORDER BY version DESC LIMIT 1",
    )
    .bind(service.0)
    .fetch_optional(&store.read)
    .await
    .map_err(db_error("terms"))?;
    row.map(|row| {
        Ok(Terms {
            service_id: ServiceId(row.try_get("service_id").map_err(decode_error)?),
            version: row.try_get("version").map_err(decode_error)?,
            body_markdown: row.try_get("body_markdown").map_err(decode_error)?,
            body_html: row.try_get("body_html").map_err(decode_error)?,
            published_at: from_micros(row.try_get("published_at").map_err(decode_error)?),
        })
    })
    .transpose()
}

pub async fn comment(store: &SqlStore, id: CommentId) -> StoreResult<Option<Comment>> {
    let row = sqlx::query(&format!("SELECT {COMMENT_COLUMNS} FROM comments c WHERE c.id = $1"))
        .bind(id.0)
        .fetch_optional(&store.read)
        .await
        .map_err(db_error("comment"))?;
    row.as_ref().map(rows::comment).transpose()
}

pub async fn public_comments(
    store: &SqlStore,
    article: ArticleId,
    page: u32,
    per_page: u32,
) -> StoreResult<(Vec<Comment>, i64)> {
    let top_level = sqlx::query(&format!(
        "SELECT {COMMENT_COLUMNS} FROM comments c \
         WHERE c.article_id = $1 AND c.parent_id IS NULL AND c.state IN {PUBLIC_STATES} \
         ORDER BY c.created_at, c.id LIMIT $2 OFFSET $3"
    ))
    .bind(article.0)
    .bind(i64::from(per_page))
    .bind(i64::from(page.saturating_sub(1)) * i64::from(per_page))
    .fetch_all(&store.read)
    .await
    .map_err(db_error("comments"))?;
    let total: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM comments WHERE article_id = $1 AND parent_id IS NULL AND state IN {PUBLIC_STATES}"
    ))
    .bind(article.0)
    .fetch_one(&store.read)
    .await
    .map_err(db_error("comments"))?;
    let replies = sqlx::query(&format!(
        "SELECT {COMMENT_COLUMNS} FROM comments c \
         WHERE c.article_id = $1 AND c.parent_id IS NOT NULL AND c.state IN {PUBLIC_STATES} \
         ORDER BY c.created_at, c.id"
    ))
    .bind(article.0)
    .fetch_all(&store.read)
    .await
    .map_err(db_error("replies"))?;
    let mut comments = top_level.iter().map(rows::comment).collect::<StoreResult<Vec<_>>>()?;
    let replies = replies.iter().map(rows::comment).collect::<StoreResult<Vec<_>>>()?;
    // Keep the replies that descend from this page's top-level comments.
    let mut included: std::collections::HashSet<CommentId> = comments.iter().map(|c| c.id).collect();
    for reply in replies {
        if reply.parent_id.is_some_and(|p| included.contains(&p)) {
            included.insert(reply.id);
            comments.push(reply);
        }
    }
    Ok((comments, total))
}

pub async fn pending_comments_of(
    store: &SqlStore,
    article: ArticleId,
    commenter_hash: &str,
) -> StoreResult<Vec<Comment>> {
    sqlx::query(&format!(
        "SELECT {COMMENT_COLUMNS} FROM comments c \
         WHERE c.article_id = $1 AND c.commenter_hash = $2 AND c.state = 'pending' ORDER BY c.created_at, c.id"
    ))
    .bind(article.0)
    .bind(commenter_hash)
    .fetch_all(&store.read)
    .await
    .map_err(db_error("own comments"))?
    .iter()
    .map(rows::comment)
    .collect()
}

const LISTING_FROM: &str =
    "FROM comments c JOIN articles a ON a.id = c.article_id JOIN services s ON s.id = a.service_id";

pub async fn comments_of(store: &SqlStore, commenter_hash: &str) -> StoreResult<Vec<CommentListing>> {
    sqlx::query(&format!(
        "SELECT {COMMENT_COLUMNS}, s.code AS service_code, a.slug AS article_slug {LISTING_FROM} \
         WHERE c.commenter_hash = $1 ORDER BY c.created_at, c.id"
    ))
    .bind(commenter_hash)
    .fetch_all(&store.read)
    .await
    .map_err(db_error("own comments"))?
    .iter()
    .map(listing)
    .collect()
}

pub async fn comment_counts(store: &SqlStore, articles: &[ArticleId]) -> StoreResult<HashMap<ArticleId, i64>> {
    if articles.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!(
        "SELECT article_id, COUNT(*) AS n FROM comments WHERE article_id IN ({}) AND state IN {PUBLIC_STATES} \
         GROUP BY article_id",
        crate::sql_store::placeholders(1, articles.len())
    );
    let mut query = sqlx::query(&sql);
    for article in articles {
        query = query.bind(article.0);
    }
    let found = query.fetch_all(&store.read).await.map_err(db_error("comment counts"))?;
    found
        .iter()
        .map(|row| {
            Ok((
                ArticleId(row.try_get("article_id").map_err(decode_error)?),
                row.try_get::<i64, _>("n").map_err(decode_error)?,
            ))
        })
        .collect()
}

pub async fn set_comment_state(
    store: &SqlStore,
    id: CommentId,
    expected: CommentState,
    new: CommentState,
    reason: Option<&str>,
    now: DateTime<Utc>,
    audit: &NewAuditEntry,
) -> StoreResult<bool> {
    let mut tx = store.write.begin().await.map_err(db_error("transaction"))?;
    // Compare and set: of two moderators acting at once, exactly one changes the row.
    let done = sqlx::query(
        "UPDATE comments SET state = $1, rejection_reason = $2, moderated_at = $3 WHERE id = $4 AND state = $5",
    )
    .bind(new.as_str())
    .bind(reason)
    .bind(to_micros(now))
    .bind(id.0)
    .bind(expected.as_str())
    .execute(&mut *tx)
    .await
    .map_err(db_error("comment state"))?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    crate::moderation::append_audit_in(&mut tx, audit, now).await?;
    if expected == CommentState::Pending && new == CommentState::Approved {
        queue_notice(&mut tx, id, now).await?;
    }
    if expected.is_public() || new.is_public() {
        let tags = crate::changes::comment_tags(&mut tx, id).await?;
        crate::changes::record_in(&mut tx, store.backend, &tags, now).await?;
    }
    tx.commit().await.map_err(db_error("commit"))?;
    store.committed_change();
    Ok(true)
}

/// After erasing data on SQLite, moves the write-ahead log into the database file and
/// truncates it, so that no copy of the erased rows stays in the log (secure_delete has
/// zeroed them in the database file itself). A reader holding an older snapshot (a page
/// being served, a backup) makes the checkpoint give up: the eraser task then tries again
/// until it succeeds, so the erased text leaves the log as soon as the reader is done.
pub(crate) async fn flush_erased(store: &SqlStore) -> StoreResult<()> {
    if store.backend == Backend::Sqlite && !truncate_wal(store).await? {
        store.eraser.notify_one();
    }
    Ok(())
}

/// One `wal_checkpoint(TRUNCATE)` that does not wait for readers (the writer must not stall
/// behind them); returns whether the whole log was copied back and truncated.
pub(crate) async fn truncate_wal(store: &SqlStore) -> StoreResult<bool> {
    use sqlx::Executor;
    let mut conn = store.write.acquire().await.map_err(db_error("checkpoint"))?;
    conn.execute("PRAGMA busy_timeout = 0").await.map_err(db_error("checkpoint"))?;
    let result = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").fetch_one(&mut *conn).await;
    conn.execute("PRAGMA busy_timeout = 10000").await.map_err(db_error("checkpoint"))?;
    let row = result.map_err(db_error("checkpoint"))?;
    let busy: i64 = row.try_get(0).map_err(decode_error)?;
    let log: i64 = row.try_get(1).map_err(decode_error)?;
    let copied: i64 = row.try_get(2).map_err(decode_error)?;
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
                    Err(error) => tracing::warn!(%error, "cannot flush erased data from the write-ahead log; retrying"),
                }
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            }
        }
    });
}

pub async fn delete_comment_of(
    store: &SqlStore,
    id: CommentId,
    commenter_hash: &str,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let mut tx = store.write.begin().await.map_err(db_error("transaction"))?;
    let done = sqlx::query(
        "UPDATE comments SET state = 'deleted', author_name = '', text = '', email = NULL, text_hash = NULL, \
             commenter_hash = NULL, address_hash = NULL, moderated_at = $1 \
         WHERE id = $2 AND commenter_hash = $3 AND state <> 'deleted'",
    )
    .bind(to_micros(now))
    .bind(id.0)
    .bind(commenter_hash)
    .execute(&mut *tx)
    .await
    .map_err(db_error("comment deletion"))?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    for table in ["comment_versions", "reports"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE comment_id = $1"))
            .bind(id.0)
            .execute(&mut *tx)
            .await
            .map_err(db_error("comment deletion"))?;
    }
    let audit = NewAuditEntry::new("author", "comment.delete", format!("comment:{}", id.0))
        .change(serde_json::json!({ "erased": false }), serde_json::json!({ "state": "deleted", "erased": true }));
    crate::moderation::append_audit_in(&mut tx, &audit, now).await?;
    let tags = crate::changes::comment_tags(&mut tx, id).await?;
    crate::changes::record_in(&mut tx, store.backend, &tags, now).await?;
    tx.commit().await.map_err(db_error("commit"))?;
    store.committed_change();
    flush_erased(store).await?;
    Ok(true)
}

pub async fn erase_personal_data_before(store: &SqlStore, cutoff: DateTime<Utc>) -> StoreResult<u64> {
    let mut tx = store.write.begin().await.map_err(db_error("transaction"))?;
    // A notice not sent by now never will be: it goes with its address.
    sqlx::query("DELETE FROM comment_notices WHERE comment_id IN (SELECT id FROM comments WHERE created_at < $1)")
        .bind(to_micros(cutoff))
        .execute(&mut *tx)
        .await
        .map_err(db_error("retention"))?;
    sqlx::query("UPDATE reports SET reporter_hash = NULL WHERE created_at < $1 AND reporter_hash IS NOT NULL")
        .bind(to_micros(cutoff))
        .execute(&mut *tx)
        .await
        .map_err(db_error("retention"))?;
    let done = sqlx::query(
        "UPDATE comments SET address_hash = NULL, email = NULL \
         WHERE created_at < $1 AND (address_hash IS NOT NULL OR email IS NOT NULL)",
    )
    .bind(to_micros(cutoff))
    .execute(&mut *tx)
    .await
    .map_err(db_error("retention"))?;
    tx.commit().await.map_err(db_error("commit"))?;
    flush_erased(store).await?;
    Ok(done.rows_affected())
}

pub async fn delete_limit_records_before(
    store: &SqlStore,
    cutoff: DateTime<Utc>,
    forms_cutoff: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query("DELETE FROM submission_marks WHERE at < $1 AND (nonce IS NULL OR at < $2)")
        .bind(to_micros(cutoff))
        .bind(to_micros(forms_cutoff))
        .execute(&store.write)
        .await
        .map_err(db_error("limit records"))?;
    sqlx::query("DELETE FROM login_attempts WHERE at < $1")
        .bind(to_micros(cutoff))
        .execute(&store.write)
        .await
        .map_err(db_error("limit records"))?;
    Ok(())
}

pub async fn list_comments(store: &SqlStore, filter: &CommentFilter) -> StoreResult<Vec<CommentListing>> {
    let mut sql =
        format!("SELECT {COMMENT_COLUMNS}, s.code AS service_code, a.slug AS article_slug {LISTING_FROM} WHERE 1 = 1");
    let mut binds: Vec<String> = Vec::new();
    if let Some(state) = filter.state {
        binds.push(state.as_str().to_owned());
        sql.push_str(&format!(" AND c.state = ${}", binds.len()));
    }
    if let Some(service) = &filter.service {
        binds.push(service.clone());
        sql.push_str(&format!(" AND s.code = ${}", binds.len()));
    }
    sql.push_str(&format!(" ORDER BY c.created_at, c.id LIMIT ${}", binds.len() + 1));
    let mut query = sqlx::query(&sql);
    for value in binds {
        query = query.bind(value);
    }
    query
        .bind(i64::from(filter.limit.max(1)))
        .fetch_all(&store.read)
        .await
        .map_err(db_error("comment list"))?
        .iter()
        .map(listing)
        .collect()
}

pub async fn article_of_comment(store: &SqlStore, id: CommentId) -> StoreResult<Option<(String, String)>> {
    let row = sqlx::query(
        "SELECT s.code, a.slug FROM comments c JOIN articles a ON a.id = c.article_id \
         JOIN services s ON s.id = a.service_id WHERE c.id = $1",
    )
    .bind(id.0)
    .fetch_optional(&store.read)
    .await
    .map_err(db_error("comment article"))?;
    row.map(|row| Ok((row.try_get("code").map_err(decode_error)?, row.try_get("slug").map_err(decode_error)?)))
        .transpose()
}

/// Queues the publication notice of a comment whose author gave an email address.
pub(crate) async fn queue_notice(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    id: CommentId,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO comment_notices (comment_id, queued_at) \
         SELECT id, $2 FROM comments WHERE id = $1 AND email IS NOT NULL ON CONFLICT (comment_id) DO NOTHING",
    )
    .bind(id.0)
    .bind(to_micros(now))
    .execute(&mut **tx)
    .await
    .map_err(db_error("comment notice"))?;
    Ok(())
}

pub async fn due_notices(store: &SqlStore, now: DateTime<Utc>, limit: u32) -> StoreResult<Vec<DueNotice>> {
    sqlx::query(
        "SELECT n.comment_id, c.email, n.attempts FROM comment_notices n JOIN comments c ON c.id = n.comment_id \
         WHERE c.email IS NOT NULL AND c.state IN ('approved', 'reported') AND n.next_attempt_at <= $1 \
         ORDER BY n.queued_at LIMIT $2",
    )
    .bind(to_micros(now))
    .bind(i64::from(limit))
    .fetch_all(&store.read)
    .await
    .map_err(db_error("comment notices"))?
    .iter()
    .map(|row| {
        Ok(DueNotice {
            comment: CommentId(row.try_get("comment_id").map_err(decode_error)?),
            email: row.try_get("email").map_err(decode_error)?,
            attempts: row.try_get("attempts").map_err(decode_error)?,
        })
    })
    .collect()
}

/// Deletes a notice and erases its address from the comment, in one transaction.
async fn end_notice(store: &SqlStore, id: CommentId) -> StoreResult<()> {
    let mut tx = store.write.begin().await.map_err(db_error("transaction"))?;
    sqlx::query("DELETE FROM comment_notices WHERE comment_id = $1")
        .bind(id.0)
        .execute(&mut *tx)
        .await
        .map_err(db_error("comment notice"))?;
    // The address was only for this notice.
    sqlx::query("UPDATE comments SET email = NULL WHERE id = $1")
        .bind(id.0)
        .execute(&mut *tx)
        .await
        .map_err(db_error("comment"))?;
    tx.commit().await.map_err(db_error("commit"))?;
    flush_erased(store).await
}

pub async fn notice_sent(store: &SqlStore, id: CommentId) -> StoreResult<()> {
    end_notice(store, id).await
}

pub async fn notice_failed(
    store: &SqlStore,
    id: CommentId,
    summary: &str,
    retry_at: Option<DateTime<Utc>>,
) -> StoreResult<()> {
    let Some(retry_at) = retry_at else { return end_notice(store, id).await };
    sqlx::query(
        "UPDATE comment_notices SET attempts = attempts + 1, last_error = $2, next_attempt_at = $3 WHERE comment_id = $1",
    )
    .bind(id.0)
    .bind(summary)
    .bind(to_micros(retry_at))
    .execute(&store.write)
    .await
    .map_err(db_error("comment notice"))?;
    Ok(())
}
