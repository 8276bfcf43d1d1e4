//! Group commit for comment submissions: concurrent submissions share one transaction
//! and so one sync to disk. Each submitter is answered only after the transaction that
//! holds its comment has committed, so the promise "nothing acknowledged is lost" holds
//! while throughput is set by the disk's sync rate times the batch size.
//!
//! The limits that depend on other submissions (per address, per article, the same text
//! from the same commenter, a form token used once) are counted inside the writing
//! transaction, counting the submissions before each in its own batch, and decided by
//! `dateline_core::comments::admit`: concurrent submissions cannot all pass a limit at once.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use dateline_core::clock::to_micros;
use dateline_core::comments::{CommentId, CommentState, NewComment, Refusal, SubmissionFacts, SubmissionLimits, admit};
use dateline_core::store::{ImportedComment, StoreError, StoreResult};
use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, AnyPool, Row, Transaction};
use tokio::sync::{mpsc, oneshot};

use crate::sql::{DbResult, Sql};

/// Most submissions committed together.
pub const MAX_BATCH: usize = 256;

/// What a submitter is told: the new comment's id, or the limit it broke.
pub type Admission = Result<CommentId, Refusal>;

/// A submission waiting for its batch.
pub struct Job {
    comment: NewComment,
    limits: SubmissionLimits,
    now: DateTime<Utc>,
    reply: oneshot::Sender<StoreResult<Admission>>,
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

    /// Writes a comment if it passes the limits; returns once it is committed (durable).
    pub async fn submit(
        &self,
        comment: &NewComment,
        limits: SubmissionLimits,
        now: DateTime<Utc>,
    ) -> StoreResult<Admission> {
        let (reply, answer) = oneshot::channel();
        let job = Job { comment: comment.clone(), limits, now, reply };
        self.jobs.send(job).await.map_err(|_| StoreError::Database("the comment writer has stopped".into()))?;
        answer.await.map_err(|_| StoreError::Database("the comment writer has stopped".into()))?
    }
}

/// The columns every written comment fills, in the order [`bind_comment`] binds them.
const COMMENT_COLUMNS: &str = "article_id, parent_id, author_name, text, email, text_hash, commenter_hash, \
     address_hash, terms_version, created_at, labels, held";

/// How many values [`bind_comment`] binds.
const COMMENT_VALUES: usize = 12;

/// Binds a comment's values for [`COMMENT_COLUMNS`], written at `at` (`first`: it is its
/// commenter's first, and asked to be labelled so).
fn bind_comment<'q>(
    query: Query<'q, Any, AnyArguments<'q>>,
    new: &'q NewComment,
    at: DateTime<Utc>,
    first: bool,
) -> Query<'q, Any, AnyArguments<'q>> {
    let labels = if first && new.label_first {
        dateline_core::checks::store_labels(&dateline_core::checks::label_first(&new.labels))
    } else {
        dateline_core::checks::store_labels(&new.labels)
    };
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
        .bind(to_micros(at))
        .bind(labels)
        .bind(i64::from(new.held))
}

/// `rows` parenthesised rows of `per_row` placeholders each, numbered on from `$1`, each
/// followed by the SQL in `tail` (constant values of every row). The statements of a batch
/// are made once and reused, so their text is built here rather than with [`Sql`].
fn values_rows(rows: usize, per_row: usize, tail: &str) -> String {
    (0..rows)
        .map(|row| {
            let first = row * per_row + 1;
            let placeholders: Vec<String> = (first..first + per_row).map(|n| format!("${n}")).collect();
            format!("({}{tail})", placeholders.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
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
async fn insert_rows(tx: &mut Transaction<'_, Any>, jobs: &[(&Job, bool)]) -> Result<Vec<CommentId>, sqlx::Error> {
    static STATEMENTS: LazyLock<Vec<String>> =
        LazyLock::new(|| (0..=MAX_ROWS_PER_INSERT.ilog2()).map(|power| insert_statement(1 << power)).collect());
    let sql = &STATEMENTS[jobs.len().ilog2() as usize];
    let mut query = sqlx::query(sql);
    for (job, first) in jobs {
        query = bind_comment(query, &job.comment, job.now, *first);
    }
    let mut ids =
        query.fetch_all(&mut **tx).await?.iter().map(|row| row.try_get::<i64, _>(0)).collect::<Result<Vec<_>, _>>()?;
    ids.sort_unstable();
    Ok(ids.into_iter().map(CommentId).collect())
}

/// What the database holds, before a batch, that the batch's limits count.
#[derive(Default)]
struct Counted {
    by_address: HashMap<String, i64>,
    by_article: HashMap<i64, i64>,
    /// (text hash, commenter or address hash) of recent comments.
    texts: HashSet<(String, String)>,
    /// (form nonce, address hash) of tokens already used.
    used_forms: HashSet<(String, String)>,
    /// Commenter hashes that have sent a comment (of those in the batch that ask).
    known_commenters: HashSet<String>,
}

fn distinct<T: Ord + Clone>(values: impl Iterator<Item = T>) -> Vec<T> {
    let mut values: Vec<T> = values.collect();
    values.sort();
    values.dedup();
    values
}

/// Reads what the batch's limits need, with as few queries as there are kinds of limit in
/// force (none at all when every limit is off, as in a benchmark).
async fn count(tx: &mut Transaction<'_, Any>, jobs: &[Job]) -> DbResult<Counted> {
    let mut counted = Counted::default();
    let Some(now) = jobs.iter().map(|j| j.now).max() else { return Ok(counted) };
    if jobs.iter().any(|j| j.limits.per_address_per_hour > 0) {
        let mut sql = Sql::new("SELECT address_hash, COUNT(*) AS n FROM submission_marks WHERE at >= ");
        sql.bind(to_micros(now - chrono::Duration::hours(1))).push(" AND address_hash IN (");
        sql.bind_list(distinct(jobs.iter().map(|j| j.comment.address_hash.clone())));
        sql.push(") GROUP BY address_hash");
        for row in sql.query().fetch_all(&mut **tx).await? {
            counted.by_address.insert(row.try_get("address_hash")?, row.try_get("n")?);
        }
    }
    if jobs.iter().any(|j| j.limits.per_article_per_minute > 0) {
        // Deleted comments do not count: deleting one's own cannot close a story.
        let mut sql = Sql::new("SELECT article_id, COUNT(*) AS n FROM comments WHERE created_at >= ");
        sql.bind(to_micros(now - chrono::Duration::minutes(1))).push(" AND state <> 'deleted' AND article_id IN (");
        sql.bind_list(distinct(jobs.iter().map(|j| j.comment.article_id.0)));
        sql.push(") GROUP BY article_id");
        for row in sql.query().fetch_all(&mut **tx).await? {
            counted.by_article.insert(row.try_get("article_id")?, row.try_get("n")?);
        }
    }
    if let Some(hours) = jobs.iter().map(|j| j.limits.duplicate_window_hours).filter(|h| *h > 0).max() {
        let mut sql = Sql::new("SELECT text_hash, commenter_hash, address_hash FROM comments WHERE created_at >= ");
        sql.bind(to_micros(now - chrono::Duration::hours(i64::from(hours)))).push(" AND text_hash IN (");
        sql.bind_list(distinct(jobs.iter().map(|j| j.comment.text_hash.clone()))).push(")");
        for row in sql.query().fetch_all(&mut **tx).await? {
            let text: String = row.try_get("text_hash")?;
            for column in ["commenter_hash", "address_hash"] {
                if let Some(who) = row.try_get::<Option<String>, _>(column)? {
                    counted.texts.insert((text.clone(), who));
                }
            }
        }
    }
    let asking = distinct(jobs.iter().filter(|j| j.comment.label_first).map(|j| j.comment.commenter_hash.clone()));
    if !asking.is_empty() {
        let mut sql = Sql::new("SELECT DISTINCT commenter_hash FROM comments WHERE commenter_hash IN (");
        sql.bind_list(asking).push(")");
        for row in sql.query().fetch_all(&mut **tx).await? {
            counted.known_commenters.insert(row.try_get("commenter_hash")?);
        }
    }
    let nonces = distinct(jobs.iter().filter_map(|j| j.comment.form_nonce.clone()));
    if !nonces.is_empty() {
        let form_lifetime = chrono::Duration::hours(dateline_core::comments::FORM_LIFETIME_HOURS);
        let mut sql = Sql::new("SELECT nonce, address_hash FROM submission_marks WHERE at >= ");
        sql.bind(to_micros(now - form_lifetime)).push(" AND nonce IN (").bind_list(nonces).push(")");
        for row in sql.query().fetch_all(&mut **tx).await? {
            let nonce: String = row.try_get("nonce")?;
            // Used from any address: a token that works once from anywhere is used up.
            counted.used_forms.insert((nonce.clone(), ANY_ADDRESS.to_owned()));
            counted.used_forms.insert((nonce, row.try_get("address_hash")?));
        }
    }
    Ok(counted)
}

/// The address of a form token's use that counts for every address (see
/// `NewComment::single_use_form`).
const ANY_ADDRESS: &str = "*";

/// Decides each job in order, counting the ones before it in the batch; and whether each
/// is its commenter's first.
fn decide(jobs: &[Job], mut counted: Counted) -> Vec<(Result<(), Refusal>, bool)> {
    jobs.iter()
        .map(|job| {
            let new = &job.comment;
            let address = counted.by_address.entry(new.address_hash.clone()).or_insert(0);
            let form = new.form_nonce.clone().map(|nonce| {
                let address = if new.single_use_form { ANY_ADDRESS } else { new.address_hash.as_str() };
                (nonce, address.to_owned())
            });
            let facts = SubmissionFacts {
                from_address_last_hour: *address,
                on_article_last_minute: counted.by_article.get(&new.article_id.0).copied().unwrap_or(0),
                same_text_from_commenter: counted.texts.contains(&(new.text_hash.clone(), new.commenter_hash.clone()))
                    || counted.texts.contains(&(new.text_hash.clone(), new.address_hash.clone())),
                form_used: form.as_ref().is_some_and(|f| counted.used_forms.contains(f)),
            };
            let decision = admit(&facts, &job.limits);
            *address += 1;
            let first = decision.is_ok() && counted.known_commenters.insert(new.commenter_hash.clone());
            if decision.is_ok() {
                *counted.by_article.entry(new.article_id.0).or_insert(0) += 1;
                counted.texts.insert((new.text_hash.clone(), new.commenter_hash.clone()));
                counted.texts.insert((new.text_hash.clone(), new.address_hash.clone()));
                if let Some((nonce, _)) = &form {
                    counted.used_forms.insert((nonce.clone(), ANY_ADDRESS.to_owned()));
                    counted.used_forms.insert((nonce.clone(), new.address_hash.clone()));
                }
            }
            (decision, first)
        })
        .collect()
}

/// Records the batch's submissions for the address limit, and the form tokens of the
/// comments stored, as a few multi-row INSERTs. Nothing links a mark to its comment.
async fn mark(tx: &mut Transaction<'_, Any>, jobs: &[Job], decisions: &[Result<(), Refusal>]) -> DbResult<()> {
    let marks: Vec<(String, Option<String>, i64)> = jobs
        .iter()
        .zip(decisions)
        .filter(|(job, decision)| {
            job.limits.per_address_per_hour > 0 || (decision.is_ok() && job.comment.form_nonce.is_some())
        })
        .map(|(job, decision)| {
            let nonce = job.comment.form_nonce.clone().filter(|_| decision.is_ok());
            (job.comment.address_hash.clone(), nonce, to_micros(job.now))
        })
        .collect();
    for chunk in marks.chunks(MAX_ROWS_PER_INSERT) {
        let mut sql = Sql::new("INSERT INTO submission_marks (address_hash, nonce, at) VALUES ");
        sql.bind_rows(chunk, |(address, nonce, at)| {
            vec![crate::sql::Value::from(address.as_str()), nonce.as_deref().into(), (*at).into()]
        });
        sql.query().execute(&mut **tx).await?;
    }
    Ok(())
}

/// Commits a batch; `None` if any write failed (the caller then writes them one by one,
/// so that one bad submission does not fail the others).
async fn commit_batch(pool: &AnyPool, jobs: &[Job]) -> StoreResult<Option<Vec<Admission>>> {
    let mut tx = pool.begin().await.map_err(crate::sql::DbError::from)?;
    let Ok(counted) = count(&mut tx, jobs).await else { return Ok(None) };
    let (decisions, firsts): (Vec<_>, Vec<_>) = decide(jobs, counted).into_iter().unzip();
    if mark(&mut tx, jobs, &decisions).await.is_err() {
        return Ok(None);
    }
    let admitted: Vec<(&Job, bool)> =
        jobs.iter().zip(&decisions).zip(firsts).filter(|((_, d), _)| d.is_ok()).map(|((j, _), f)| (j, f)).collect();
    let mut ids = Vec::with_capacity(admitted.len());
    let mut rest = admitted.as_slice();
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
    tx.commit().await.map_err(crate::sql::DbError::from)?;
    let mut ids = ids.into_iter();
    Ok(Some(decisions.into_iter().map(|decision| decision.map(|()| ids.next().unwrap_or(CommentId(0)))).collect()))
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
        metrics::counter!("dateline_comment_batches_total").increment(1);
        metrics::histogram!("dateline_comment_batch_size").record(batch.len() as f64);
        match commit_batch(&pool, &batch).await {
            Ok(Some(admissions)) => {
                for (job, admission) in batch.drain(..).zip(admissions) {
                    let _ = job.reply.send(Ok(admission));
                }
            }
            Ok(None) => {
                for job in batch.drain(..) {
                    let result = match commit_batch(&pool, std::slice::from_ref(&job)).await {
                        Ok(Some(mut admissions)) if admissions.len() == 1 => Ok(admissions.remove(0)),
                        Ok(_) => Err(StoreError::Database("the comment could not be stored".into())),
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
/// Writes comments brought in from another system, each under its id there, in one
/// transaction; a comment whose id is already known is not written again. Returns the
/// Dateline id of every one, written now or before.
pub(crate) async fn import_keyed(
    store: &crate::SqlStore,
    source: &str,
    comments: &[(String, ImportedComment)],
) -> DbResult<Vec<CommentId>> {
    let mut tx = store.write.begin().await?;
    let mut ids = Vec::with_capacity(comments.len());
    let insert = format!(
        // Imported comments are history, not a flood: they are not compared as copies, nor
        // scored (`dateline score rebuild` scores the pending ones).
        "INSERT INTO comments ({COMMENT_COLUMNS}, state, moderated_at, signature, scored) VALUES {} RETURNING id",
        values_rows(1, COMMENT_VALUES + 2, ", '', 1")
    );
    for (external_id, imported) in comments {
        let known: Option<i64> =
            sqlx::query_scalar("SELECT comment_id FROM import_keys WHERE source = $1 AND external_id = $2")
                .bind(source)
                .bind(external_id.as_str())
                .fetch_optional(&mut *tx)
                .await?;
        if let Some(id) = known {
            ids.push(CommentId(id));
            continue;
        }
        let moderated = (imported.state != CommentState::Pending).then(|| to_micros(imported.at));
        let query = bind_comment(sqlx::query(&insert), &imported.comment, imported.at, false);
        let row = query.bind(imported.state.as_str()).bind(moderated).fetch_one(&mut *tx).await?;
        let id: i64 = sqlx::Row::try_get(&row, "id")?;
        sqlx::query("INSERT INTO import_keys (source, external_id, comment_id) VALUES ($1, $2, $3)")
            .bind(source)
            .bind(external_id.as_str())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        ids.push(CommentId(id));
    }
    let at = comments.last().map_or_else(DateTime::<Utc>::default, |(_, c)| c.at);
    crate::changes::record_in(&mut tx, store.backend, &[dateline_core::changes::PageTag::All], at).await?;
    tx.commit().await?;
    store.committed_change();
    Ok(ids)
}

/// The Dateline ids of comments brought in from `source`, by their ids there.
pub(crate) async fn imported_ids(
    store: &crate::SqlStore,
    source: &str,
    external_ids: &[String],
) -> DbResult<Vec<(String, CommentId)>> {
    let mut found = Vec::new();
    for external_id in external_ids {
        let id: Option<i64> =
            sqlx::query_scalar("SELECT comment_id FROM import_keys WHERE source = $1 AND external_id = $2")
                .bind(source)
                .bind(external_id.as_str())
                .fetch_optional(&store.read)
                .await?;
        if let Some(id) = id {
            found.push((external_id.clone(), CommentId(id)));
        }
    }
    Ok(found)
}

pub(crate) async fn import(store: &crate::SqlStore, comments: &[ImportedComment]) -> DbResult<u64> {
    let mut tx = store.write.begin().await?;
    for chunk in comments.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO comments ({COMMENT_COLUMNS}, state, moderated_at, signature, scored) VALUES {}",
            values_rows(chunk.len(), COMMENT_VALUES + 2, ", '', 1")
        );
        let mut query = sqlx::query(&sql);
        for imported in chunk {
            let moderated = (imported.state != CommentState::Pending).then(|| to_micros(imported.at) + 3_600_000_000);
            query = bind_comment(query, &imported.comment, imported.at, false)
                .bind(imported.state.as_str())
                .bind(moderated);
        }
        query.execute(&mut *tx).await?;
    }
    let at = comments.last().map_or_else(DateTime::<Utc>::default, |c| c.at);
    crate::changes::record_in(&mut tx, store.backend, &[dateline_core::changes::PageTag::All], at).await?;
    tx.commit().await?;
    store.committed_change();
    Ok(comments.len() as u64)
}
