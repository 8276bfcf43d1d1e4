//! The store's plumbing: the [`SqlStore`] every area file implements its trait on, the
//! error conversion that lets `?` turn driver errors into [`StoreError`]s, and a small
//! builder for SQL whose shape depends on its input (filters, `IN` lists), which numbers
//! the `$n` placeholders as values are added. One SQL text serves both databases.

use std::future::Future;

use dateline_core::store::{StoreError, StoreResult};
use sqlx::any::AnyArguments;
use sqlx::error::ErrorKind;
use sqlx::query::Query;
use sqlx::{Any, AnyPool};

use crate::Backend;

/// Dateline's store on SQLite or PostgreSQL.
#[derive(Debug, Clone)]
pub struct SqlStore {
    pub(crate) backend: Backend,
    /// Connections for reading.
    pub(crate) read: AnyPool,
    /// Connections for writing (on SQLite, a single one).
    pub(crate) write: AnyPool,
    /// Changes committed by this process (see `ChangeFeed::local_change_count`).
    pub(crate) local_changes: std::sync::Arc<std::sync::atomic::AtomicU64>,
    /// Whether any ban was in force when last looked (when): most sites have none, and then
    /// a submission needs no ban query. Trusted for a second, or until this process bans.
    pub(crate) bans_seen: std::sync::Arc<std::sync::Mutex<Option<(std::time::Instant, bool)>>>,
    /// The group-commit writer of comment submissions.
    pub(crate) comment_writer: crate::comments::writer::CommentWriter,
    /// Wakes the eraser task (SQLite) when erased data could not leave the write-ahead log at once.
    pub(crate) eraser: std::sync::Arc<tokio::sync::Notify>,
    /// PostgreSQL's notifications of changes made by other nodes.
    pub(crate) listener: Option<std::sync::Arc<tokio::sync::Mutex<sqlx::postgres::PgListener>>>,
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
            comment_writer: crate::comments::writer::CommentWriter::start(write.clone()),
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
}

/// A failure inside the store, before it is reported: `?` turns the driver's errors and
/// the store's own into it, and [`db`] reports it as a [`StoreError`].
#[derive(Debug)]
pub(crate) enum DbError {
    /// The driver or the database failed.
    Driver(sqlx::Error),
    /// A failure the store names itself.
    Store(StoreError),
}

impl From<sqlx::Error> for DbError {
    fn from(error: sqlx::Error) -> Self {
        DbError::Driver(error)
    }
}

impl From<StoreError> for DbError {
    fn from(error: StoreError) -> Self {
        DbError::Store(error)
    }
}

impl From<DbError> for StoreError {
    /// Unique violations become conflicts (the domain names what is taken); other
    /// failures go to the log, and callers learn only that the database failed.
    fn from(error: DbError) -> Self {
        match error {
            DbError::Store(error) => error,
            DbError::Driver(sqlx::Error::Database(db)) if db.kind() == ErrorKind::UniqueViolation => {
                StoreError::Conflict("a record with the same key".into())
            }
            DbError::Driver(error) => {
                tracing::error!(%error, "database operation failed");
                StoreError::Database(error.to_string())
            }
        }
    }
}

/// What store work returns inside the store.
pub(crate) type DbResult<T> = Result<T, DbError>;

/// Runs store work and reports its failure as a [`StoreError`]: each trait method wraps
/// its body in this, so that `?` works on every driver call inside.
pub(crate) async fn db<T>(work: impl Future<Output = DbResult<T>>) -> StoreResult<T> {
    work.await.map_err(StoreError::from)
}

/// A row that cannot be read as the domain value it should be.
pub(crate) fn unreadable(what: impl std::fmt::Display) -> DbError {
    DbError::Store(StoreError::Database(format!("unreadable row: {what}")))
}

/// A value bound to a placeholder.
#[derive(Debug, Clone)]
pub(crate) enum Value {
    Int(Option<i64>),
    Text(Option<String>),
}

impl From<i64> for Value {
    fn from(value: i64) -> Self {
        Value::Int(Some(value))
    }
}

impl From<Option<i64>> for Value {
    fn from(value: Option<i64>) -> Self {
        Value::Int(value)
    }
}

impl From<&str> for Value {
    fn from(value: &str) -> Self {
        Value::Text(Some(value.to_owned()))
    }
}

impl From<String> for Value {
    fn from(value: String) -> Self {
        Value::Text(Some(value))
    }
}

impl From<&String> for Value {
    fn from(value: &String) -> Self {
        Value::Text(Some(value.clone()))
    }
}

impl From<Option<&str>> for Value {
    fn from(value: Option<&str>) -> Self {
        Value::Text(value.map(str::to_owned))
    }
}

/// SQL built piece by piece: each bound value appends the next `$n`, so placeholders are
/// never counted by hand.
#[derive(Debug, Clone, Default)]
pub(crate) struct Sql {
    text: String,
    values: Vec<Value>,
}

impl Sql {
    /// Starts with fixed text.
    pub fn new(text: impl Into<String>) -> Sql {
        Sql { text: text.into(), values: Vec::new() }
    }

    /// Appends text.
    pub fn push(&mut self, text: &str) -> &mut Sql {
        self.text.push_str(text);
        self
    }

    /// Appends the next placeholder and remembers its value.
    pub fn bind(&mut self, value: impl Into<Value>) -> &mut Sql {
        self.values.push(value.into());
        self.text.push_str(&format!("${}", self.values.len()));
        self
    }

    /// Appends placeholders for a list, separated by commas (for `IN (…)`).
    pub fn bind_list<V: Into<Value>>(&mut self, values: impl IntoIterator<Item = V>) -> &mut Sql {
        for (index, value) in values.into_iter().enumerate() {
            if index > 0 {
                self.text.push_str(", ");
            }
            self.bind(value);
        }
        self
    }

    /// Appends rows of placeholders for a multi-row `VALUES`, one parenthesised row per
    /// item, `fields` giving each item's values.
    pub fn bind_rows<T, V: Into<Value>>(&mut self, items: &[T], fields: impl Fn(&T) -> Vec<V>) -> &mut Sql {
        for (index, item) in items.iter().enumerate() {
            self.text.push_str(if index > 0 { ", (" } else { "(" });
            self.bind_list(fields(item));
            self.text.push(')');
        }
        self
    }

    /// The SQL text so far.
    #[cfg(test)]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The query, with every value bound in order.
    pub fn query(&self) -> Query<'_, Any, AnyArguments<'_>> {
        self.values.iter().fold(sqlx::query(&self.text), |query, value| match value {
            Value::Int(v) => query.bind(*v),
            Value::Text(v) => query.bind(v.clone()),
        })
    }

    /// The query for a single value.
    pub fn scalar<T>(&self) -> sqlx::query::QueryScalar<'_, Any, T, AnyArguments<'_>>
    where
        T: Send + Unpin,
        (T,): for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow>,
    {
        self.values.iter().fold(sqlx::query_scalar(&self.text), |query, value| match value {
            Value::Int(v) => query.bind(*v),
            Value::Text(v) => query.bind(v.clone()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_as_values_are_bound() {
        let mut sql = Sql::new("SELECT 1 FROM t WHERE a = ");
        sql.bind(1_i64).push(" AND b IN (").bind_list(["x", "y"]).push(") LIMIT ").bind(5_i64);
        assert_eq!(sql.text(), "SELECT 1 FROM t WHERE a = $1 AND b IN ($2, $3) LIMIT $4");
        let mut rows = Sql::new("INSERT INTO t (a, b) VALUES ");
        rows.bind_rows(&[(1_i64, 2_i64), (3, 4)], |(a, b)| vec![*a, *b]);
        assert_eq!(rows.text(), "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)");
    }
}
