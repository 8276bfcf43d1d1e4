//! Group commit for comment submissions: concurrent submissions share one transaction
//! and so one sync to disk. Each submitter is answered only after the transaction that
//! holds its comment has committed, so the promise "nothing acknowledged is lost" holds
//! while throughput is set by the disk's sync rate times the batch size.

use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use dateline_core::comment::{CommentId, CommentState, NewComment};
use dateline_core::store::{StoreError, StoreResult};
use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, AnyPool, Row, Transaction};
use tokio::sync::{mpsc, oneshot};

use crate::sql_store::{db_error, placeholders};

/// Most submissions committed together.
pub const MAX_BATCH: usize = 256;

/// A submission waiting for its batch.
pub struct Job {
    comment: NewComment,
    now: DateTime<Utc>,
    reply: oneshot::Sender<StoreResult<CommentId>>,
}

/// The handle submitters use; the writer task holds the other end.
#[derive(Debug, Clone)]
pub struct CommentWriter {
    jobs: mpsc::Sender<Job>,
}

impl CommentWriter {
    /// Starts the writer task on `pool`.
    pub fn start(pool: AnyPool) -> CommentWriter {
        let (jobs, receiver) = mpsc::channel(MAX_BATCH * 4);
        tokio::spawn(run(pool, receiver));
        CommentWriter { jobs }
    }

    /// Writes a comment; returns once it is committed (durable).
    pub async fn insert(&self, comment: &NewComment, now: DateTime<Utc>) -> StoreResult<CommentId> {
        let (reply, answer) = oneshot::channel();
        let job = Job { comment: comment.clone(), now, reply };
        self.jobs.send(job).await.map_err(|_| StoreError::Database("the comment writer has stopped".into()))?;
        answer.await.map_err(|_| StoreError::Database("the comment writer has stopped".into()))?
    }
}

/// The columns every written comment fills, in the order [`bind_comment`] binds them.
const COMMENT_COLUMNS: &str = "article_id, parent_id, author_name, text, email, text_hash, commenter_hash, \
     address_hash, terms_version, created_at";

/// How many values [`bind_comment`] binds.
const COMMENT_VALUES: usize = 10;

/// Binds a comment's values for [`COMMENT_COLUMNS`], written at `at`.
fn bind_comment<'q>(
    query: Query<'q, Any, AnyArguments<'q>>,
    new: &'q NewComment,
    at: DateTime<Utc>,
) -> Query<'q, Any, AnyArguments<'q>> {
    query
        .bind(new.article_id.0)
        .bind(new.parent_id.map(|p| p.0))
        .bind(new.author_name.as_str())
        .bind(new.text.as_str())
        .bind(new.email.as_deref())
        .bind(new.text_hash.as_str())
        .bind(new.commenter_hash.as_str())
        .bind(new.address_hash.as_str())
        .bind(new.terms_version)
        .bind(dateline_core::clock::to_micros(at))
}

/// `rows` parenthesised rows of `per_row` placeholders each, numbered on from `$1`, each
/// followed by the SQL in `tail` (constant values of every row).
fn values_rows(rows: usize, per_row: usize, tail: &str) -> String {
    (0..rows).map(|row| format!("({}{tail})", placeholders(row * per_row + 1, per_row))).collect::<Vec<_>>().join(", ")
}

/// Rows of the largest INSERT statement of a batch. A batch is written as statements of
/// 64, 32, …, 1 rows, so that at most seven distinct statements are ever prepared and a
/// batch costs a handful of round trips to the database instead of one per comment.
const MAX_ROWS_PER_INSERT: usize = 64;

/// The INSERT statement for `rows` submissions.
fn insert_statement(rows: usize) -> String {
    format!(
        "INSERT INTO comments ({COMMENT_COLUMNS}, state) VALUES {} RETURNING id",
        values_rows(rows, COMMENT_VALUES, ", 'pending'")
    )
}

/// Inserts `jobs` (a power of two of them, at most [`MAX_ROWS_PER_INSERT`]) with one
/// statement and returns their ids in the order of `jobs`.
///
/// Both databases assign the ids of one statement's rows in increasing order as they
/// insert the VALUES rows, first to last (SQLite: one writer, each row gets the next
/// rowid; PostgreSQL: the id default calls `nextval` once per row in that order, and one
/// session's values increase). RETURNING itself promises no order, so the ids are sorted.
async fn insert_rows(tx: &mut Transaction<'_, Any>, jobs: &[Job]) -> Result<Vec<CommentId>, sqlx::Error> {
    static STATEMENTS: LazyLock<Vec<String>> =
        LazyLock::new(|| (0..=MAX_ROWS_PER_INSERT.ilog2()).map(|power| insert_statement(1 << power)).collect());
    let sql = &STATEMENTS[jobs.len().ilog2() as usize];
    let mut query = sqlx::query(sql);
    for job in jobs {
        query = bind_comment(query, &job.comment, job.now);
    }
    let mut ids =
        query.fetch_all(&mut **tx).await?.iter().map(|row| row.try_get::<i64, _>(0)).collect::<Result<Vec<_>, _>>()?;
    ids.sort_unstable();
    Ok(ids.into_iter().map(CommentId).collect())
}

/// Commits a batch; `None` if any insert failed (the caller then writes them one by one,
/// so that one bad submission does not fail the others).
async fn commit_batch(pool: &AnyPool, jobs: &[Job]) -> Result<Option<Vec<CommentId>>, StoreError> {
    let mut tx = pool.begin().await.map_err(db_error("transaction"))?;
    let mut ids = Vec::with_capacity(jobs.len());
    let mut rest = jobs;
    while !rest.is_empty() {
        let rows = rest.len().min(MAX_ROWS_PER_INSERT);
        // The largest power of two that fits: 45 jobs go as 32 + 8 + 4 + 1.
        let rows = 1 << rows.ilog2();
        let (chunk, tail) = rest.split_at(rows);
        match insert_rows(&mut tx, chunk).await {
            Ok(chunk_ids) if chunk_ids.len() == chunk.len() => ids.extend(chunk_ids),
            _ => return Ok(None),
        }
        rest = tail;
    }
    tx.commit().await.map_err(db_error("commit"))?;
    Ok(Some(ids))
}

async fn run(pool: AnyPool, mut receiver: mpsc::Receiver<Job>) {
    let mut batch: Vec<Job> = Vec::with_capacity(MAX_BATCH);
    while let Some(first) = receiver.recv().await {
        batch.push(first);
        while batch.len() < MAX_BATCH {
            match receiver.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        match commit_batch(&pool, &batch).await {
            Ok(Some(ids)) => {
                for (job, id) in batch.drain(..).zip(ids) {
                    let _ = job.reply.send(Ok(id));
                }
            }
            Ok(None) => {
                for job in batch.drain(..) {
                    let result = match commit_batch(&pool, std::slice::from_ref(&job)).await {
                        Ok(Some(ids)) => Ok(ids[0]),
                        Ok(None) => Err(StoreError::Database("the comment could not be stored".into())),
                        Err(error) => Err(error),
                    };
                    let _ = job.reply.send(result);
                }
            }
            Err(error) => {
                tracing::error!(%error, "a batch of comments could not be committed");
                for job in batch.drain(..) {
                    let _ = job.reply.send(Err(StoreError::Database(error.to_string())));
                }
            }
        }
    }
}

/// Rows per INSERT statement when importing (12 parameters each, well under both
/// databases' limits).
const ROWS_PER_STATEMENT: usize = 200;

/// Writes many comments in one transaction, several rows per statement.
pub async fn import(
    store: &crate::SqlStore,
    comments: &[(NewComment, CommentState, DateTime<Utc>)],
) -> StoreResult<u64> {
    let mut tx = store.write.begin().await.map_err(db_error("transaction"))?;
    for chunk in comments.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO comments ({COMMENT_COLUMNS}, state, moderated_at) VALUES {}",
            values_rows(chunk.len(), COMMENT_VALUES + 2, "")
        );
        let mut query = sqlx::query(&sql);
        for (new, state, at) in chunk {
            let moderated =
                (*state != CommentState::Pending).then(|| dateline_core::clock::to_micros(*at) + 3_600_000_000);
            query = bind_comment(query, new, *at).bind(state.as_str()).bind(moderated);
        }
        query.execute(&mut *tx).await.map_err(db_error("comments"))?;
    }
    let tags = vec!["all".to_owned()];
    crate::changes::record_in(
        &mut tx,
        store.backend,
        &tags,
        comments.last().map_or_else(DateTime::<Utc>::default, |(_, _, at)| *at),
    )
    .await?;
    tx.commit().await.map_err(db_error("commit"))?;
    store.committed_change();
    Ok(comments.len() as u64)
}
