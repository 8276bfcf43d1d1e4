//! Dateline's storage: one SQL store for SQLite and PostgreSQL, and the media folder.
//!
//! Both databases run the same SQL text through sqlx's `Any` driver: parameters are written
//! `$1`, which SQLite and PostgreSQL both accept; times are integer microseconds and flags
//! 0/1 integers, which both store alike. What truly differs — the schema's DDL, connection
//! settings, SQLite's single writer — is chosen once, at [`open`], from the URL scheme.
//! Keeping one query text per operation means the two backends cannot drift apart.

mod accounts;
mod articles;
mod audit;
mod bans;
mod campaigns;
mod changes;
mod comments;
mod desk;
mod media;
mod moderation;
mod object_media;
mod people;
mod rows;
mod score;
mod services;
mod sql;
mod words;

pub use media::LocalMediaStore;
pub use object_media::ObjectMediaStore;
pub use sql::SqlStore;

use std::borrow::Cow;
use std::time::Duration;

use sqlx::Executor;
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::migrate::{Migration, MigrationType, Migrator};
use thiserror::Error;

/// Which database a URL selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// An SQLite file (the embedded default).
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

impl Backend {
    /// The backend a database URL names, by its scheme.
    pub fn from_url(url: &str) -> Result<Backend, OpenError> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(OpenError::UnsupportedUrl(redact_url(url)))
        }
    }

    /// The versions of the migrations this program applies.
    pub(crate) fn migration_versions(self) -> Vec<i64> {
        self.migrations().iter().map(|m| m.0).collect()
    }

    fn migrations(self) -> &'static [(i64, &'static str, &'static str)] {
        match self {
            Backend::Sqlite => &[
                (1, "foundation", include_str!("../migrations/sqlite/0001_foundation.sql")),
                (2, "comments", include_str!("../migrations/sqlite/0002_comments.sql")),
                (3, "moderation", include_str!("../migrations/sqlite/0003_moderation.sql")),
                (4, "changes", include_str!("../migrations/sqlite/0004_changes.sql")),
                (5, "submission indexes", include_str!("../migrations/sqlite/0005_submission_indexes.sql")),
                (6, "comment notices", include_str!("../migrations/sqlite/0006_comment_notices.sql")),
                (7, "waiting counts", include_str!("../migrations/sqlite/0007_waiting_counts.sql")),
                (8, "security", include_str!("../migrations/sqlite/0008_security.sql")),
                (9, "desk", include_str!("../migrations/sqlite/0009_desk.sql")),
                (10, "api tokens", include_str!("../migrations/sqlite/0010_api_tokens.sql")),
                (11, "media library", include_str!("../migrations/sqlite/0011_media_library.sql")),
                (12, "people", include_str!("../migrations/sqlite/0012_people.sql")),
                (13, "form stashes", include_str!("../migrations/sqlite/0013_form_stashes.sql")),
                (14, "slug redirects", include_str!("../migrations/sqlite/0014_slug_redirects.sql")),
                (15, "console language", include_str!("../migrations/sqlite/0015_console_language.sql")),
                (16, "import keys", include_str!("../migrations/sqlite/0016_import_keys.sql")),
                (17, "embeds", include_str!("../migrations/sqlite/0017_embeds.sql")),
                (18, "moderation at scale", include_str!("../migrations/sqlite/0018_moderation_at_scale.sql")),
                (19, "learned score", include_str!("../migrations/sqlite/0019_learned_score.sql")),
            ],
            Backend::Postgres => &[
                (1, "foundation", include_str!("../migrations/postgres/0001_foundation.sql")),
                (2, "comments", include_str!("../migrations/postgres/0002_comments.sql")),
                (3, "moderation", include_str!("../migrations/postgres/0003_moderation.sql")),
                (4, "changes", include_str!("../migrations/postgres/0004_changes.sql")),
                (5, "submission indexes", include_str!("../migrations/postgres/0005_submission_indexes.sql")),
                (6, "comment notices", include_str!("../migrations/postgres/0006_comment_notices.sql")),
                (7, "waiting counts", include_str!("../migrations/postgres/0007_waiting_counts.sql")),
                (8, "security", include_str!("../migrations/postgres/0008_security.sql")),
                (9, "desk", include_str!("../migrations/postgres/0009_desk.sql")),
                (10, "api tokens", include_str!("../migrations/postgres/0010_api_tokens.sql")),
                (11, "media library", include_str!("../migrations/postgres/0011_media_library.sql")),
                (12, "people", include_str!("../migrations/postgres/0012_people.sql")),
                (13, "form stashes", include_str!("../migrations/postgres/0013_form_stashes.sql")),
                (14, "slug redirects", include_str!("../migrations/postgres/0014_slug_redirects.sql")),
                (15, "console language", include_str!("../migrations/postgres/0015_console_language.sql")),
                (16, "import keys", include_str!("../migrations/postgres/0016_import_keys.sql")),
                (17, "embeds", include_str!("../migrations/postgres/0017_embeds.sql")),
                (18, "moderation at scale", include_str!("../migrations/postgres/0018_moderation_at_scale.sql")),
                (19, "learned score", include_str!("../migrations/postgres/0019_learned_score.sql")),
            ],
        }
    }
}

/// Why the store could not be opened.
#[derive(Debug, Error)]
pub enum OpenError {
    /// The URL names neither SQLite nor PostgreSQL.
    #[error("unsupported database URL {0:?}: use sqlite://PATH or postgres://USER@HOST/DB")]
    UnsupportedUrl(String),
    /// The database could not be reached or opened.
    #[error("cannot open the database {url}: {source}")]
    Connect {
        /// The URL, without its password.
        url: String,
        /// The driver's error.
        source: sqlx::Error,
    },
    /// A migration failed.
    #[error("cannot bring the database schema up to date: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// The newest schema version (migration) this program knows, on any database.
pub fn latest_schema_version() -> i64 {
    Backend::Sqlite.migration_versions().into_iter().max().unwrap_or(0)
}

/// The file of a SQLite database URL (`sqlite://PATH?…`); `None` for any other URL.
pub fn sqlite_path(url: &str) -> Option<std::path::PathBuf> {
    let path = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = path.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| std::path::PathBuf::from(path))
}

/// Why no snapshot was taken.
#[derive(Debug, Error)]
pub enum SnapshotError {
    /// PostgreSQL is backed up with its own tools.
    #[error(
        "dateline backup copies SQLite databases only. On PostgreSQL, back up the database with \
         `pg_dump --format=custom --file=dateline.dump DATABASE_URL` (consistent while the site runs) \
         and the media folder (DATA_DIR/media, or its object store) with your file backups; \
         restore with `pg_restore --dbname=DATABASE_URL dateline.dump`"
    )]
    NotSqlite,
    /// The database failed.
    #[error("cannot copy the database: {0}")]
    Database(#[from] sqlx::Error),
}

impl SqlStore {
    /// Writes a consistent copy of a SQLite database to `path` while the site runs
    /// (`VACUUM INTO`, from one read transaction), and returns its schema version.
    pub async fn snapshot_into(&self, path: &std::path::Path) -> Result<i64, SnapshotError> {
        if self.backend != Backend::Sqlite {
            return Err(SnapshotError::NotSqlite);
        }
        let target = path.display().to_string();
        sqlx::query("VACUUM INTO $1").bind(target).execute(&self.read).await?;
        let version: Option<i64> =
            sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success").fetch_one(&self.read).await?;
        Ok(version.unwrap_or(0))
    }
}

/// The SQLite URL of the database file `dateline.db` in a data folder.
pub fn sqlite_url_for(data_dir: &std::path::Path) -> String {
    format!("sqlite://{}?mode=rwc", data_dir.join("dateline.db").display())
}

/// Removes the password from a database URL, for messages and logs.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    match rest.split_once('@') {
        Some((credentials, host)) if credentials.contains(':') => {
            let user = credentials.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:***@{host}")
        }
        _ => url.to_owned(),
    }
}

/// Opens the store at `url`, creating the SQLite file if needed, and applies migrations.
pub async fn open(url: &str) -> Result<SqlStore, OpenError> {
    install_default_drivers();
    let backend = Backend::from_url(url)?;
    let connect_error = |source| OpenError::Connect { url: redact_url(url), source };
    let mut listener = None;
    let (read, write) = match backend {
        Backend::Sqlite => {
            // One writer connection: SQLite allows one writer at a time, and a single
            // connection queues writers in the pool instead of failing them with SQLITE_BUSY.
            let write = sqlite_pool(1, WRITER_PRAGMAS).connect(url).await.map_err(connect_error)?;
            write.execute("PRAGMA journal_mode = WAL").await.map_err(connect_error)?;
            let read = sqlite_pool(8, &[]).connect(url).await.map_err(connect_error)?;
            (read, write)
        }
        Backend::Postgres => {
            let pool = AnyPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect(url)
                .await
                .map_err(connect_error)?;
            let mut changes = sqlx::postgres::PgListener::connect(url).await.map_err(connect_error)?;
            changes.listen(changes::CHANNEL).await.map_err(connect_error)?;
            listener = Some(changes);
            (pool.clone(), pool)
        }
    };
    if backend == Backend::Sqlite {
        // Migration 9 needs users.role widened first, which SQLite cannot do in a migration's
        // transaction: the migrations before it run, then the rebuild, then the rest.
        migrator_until(backend, 8).run(&write).await?;
        widen_user_roles(&write).await.map_err(connect_error)?;
    }
    migrator(backend).run(&write).await?;
    let store = SqlStore::new(backend, read, write, listener);
    if backend == Backend::Sqlite {
        comments::spawn_eraser(store.clone());
    }
    Ok(store)
}

/// Settings of the one writer connection only. wal_autocheckpoint: copy the write-ahead
/// log back into the database every 8,000 pages (32 MiB) instead of every 1,000. Each
/// checkpoint ends with a sync of the database file that the next batch of comments
/// waits for; at 1,000 pages that came every dozen batches, and submissions under
/// `bench/post_comment.lua` ran about a quarter slower. cache_size: the writer keeps 16 MiB of pages (the
/// indexes it updates) instead of 2 MiB, so fewer of its writes begin with a read.
const WRITER_PRAGMAS: &[&str] = &["PRAGMA wal_autocheckpoint = 8000", "PRAGMA cache_size = -16384"];

/// A pool of connections to the SQLite file. They are not pinged before each use (sqlx's
/// default): a connection to a local file does not go stale, and the ping is a round trip
/// to the connection's thread before every query and every batch of comments.
fn sqlite_pool(max_connections: u32, extra_pragmas: &'static [&'static str]) -> AnyPoolOptions {
    AnyPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(Duration::from_secs(30))
        .test_before_acquire(false)
        .after_connect(move |conn, _meta| {
            Box::pin(async move {
                // synchronous FULL: a commit is on disk before it returns (acknowledged
                // writes survive a crash). busy_timeout: wait for another process's writer
                // (the CLI). secure_delete: deleted content is overwritten with zeros, not
                // left in free pages (a commenter's deletion is real). temp_store MEMORY:
                // the statement journal of a multi-row INSERT inside a transaction stays in
                // memory instead of a temporary file created and written for every batch
                // of comments. One statement each: a pragma that answers with a row ends a
                // multi-statement batch early.
                for pragma in [
                    "PRAGMA synchronous = FULL",
                    "PRAGMA foreign_keys = ON",
                    "PRAGMA busy_timeout = 10000",
                    "PRAGMA secure_delete = ON",
                    "PRAGMA temp_store = MEMORY",
                ]
                .iter()
                .chain(extra_pragmas)
                {
                    conn.execute(*pragma).await?;
                }
                Ok(())
            })
        })
}

fn migrator(backend: Backend) -> Migrator {
    migrator_until(backend, i64::MAX)
}

/// The migrations up to `last`.
fn migrator_until(backend: Backend, last: i64) -> Migrator {
    let migrations: Vec<Migration> = backend
        .migrations()
        .iter()
        .filter(|m| m.0 <= last)
        .map(|&(version, description, sql)| {
            Migration::new(version, Cow::Borrowed(description), MigrationType::Simple, Cow::Borrowed(sql), false)
        })
        .collect();
    // The migrations after `last`, already applied, are no error here.
    Migrator { migrations: Cow::Owned(migrations), ignore_missing: last < i64::MAX, ..Migrator::DEFAULT }
}

/// Rebuilds SQLite's `users` table with the desk's roles (reporter, translator) allowed,
/// as SQLite documents for changing a constraint: foreign keys off on this connection, the
/// table copied, dropped and renamed in one transaction, the keys checked, and back on.
/// Nothing is done where the roles are allowed already.
async fn widen_user_roles(pool: &sqlx::AnyPool) -> Result<(), sqlx::Error> {
    let schema: Option<String> =
        sqlx::query_scalar("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'users'")
            .fetch_optional(pool)
            .await?;
    if schema.is_none_or(|sql| sql.contains("'reporter'")) {
        return Ok(());
    }
    let mut connection = pool.acquire().await?;
    connection.execute("PRAGMA foreign_keys = OFF").await?;
    let rebuilt = async {
        let mut tx = sqlx::Connection::begin(&mut *connection).await?;
        for statement in WIDEN_USER_ROLES {
            tx.execute(*statement).await?;
        }
        let broken: Vec<sqlx::any::AnyRow> = sqlx::query("PRAGMA foreign_key_check").fetch_all(&mut *tx).await?;
        if !broken.is_empty() {
            return Err(sqlx::Error::Protocol(format!("{} rows lost their user in the rebuild", broken.len())));
        }
        tx.commit().await
    }
    .await;
    connection.execute("PRAGMA foreign_keys = ON").await?;
    rebuilt
}

/// The statements of [`widen_user_roles`].
const WIDEN_USER_ROLES: &[&str] = &[
    "CREATE TABLE users_rebuilt (
        id                  INTEGER PRIMARY KEY,
        name                TEXT    NOT NULL UNIQUE,
        role                TEXT    NOT NULL CHECK (role IN ('admin', 'moderator', 'editor', 'reporter', 'translator')),
        password_hash       TEXT    NOT NULL,
        disabled            INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
        totp_secret         TEXT,
        created_at          INTEGER NOT NULL,
        password_changed_at INTEGER NOT NULL,
        totp_last_step      INTEGER
    )",
    "INSERT INTO users_rebuilt (id, name, role, password_hash, disabled, totp_secret, created_at, password_changed_at, totp_last_step) \
     SELECT id, name, role, password_hash, disabled, totp_secret, created_at, password_changed_at, totp_last_step FROM users",
    "DROP TABLE users",
    "ALTER TABLE users_rebuilt RENAME TO users",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_databases_have_the_same_migrations_in_the_same_order() {
        let sqlite: Vec<(i64, &str)> = Backend::Sqlite.migrations().iter().map(|m| (m.0, m.1)).collect();
        let postgres: Vec<(i64, &str)> = Backend::Postgres.migrations().iter().map(|m| (m.0, m.1)).collect();
        assert_eq!(sqlite, postgres);
        assert!(sqlite.iter().enumerate().all(|(i, m)| m.0 == i as i64 + 1), "numbered 1, 2, 3, … without gaps");
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        let files = |dialect: &str| {
            let mut names: Vec<String> = std::fs::read_dir(root.join(dialect))
                .unwrap()
                .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            names
        };
        assert_eq!(files("sqlite"), files("postgres"), "the two folders hold files of the same names");
        assert_eq!(files("sqlite").len(), sqlite.len(), "every migration file is applied");
    }

    /// A database made before the desk keeps its users, their services and their sessions
    /// when `users` is rebuilt for the new roles; its stories' credited names are indexed
    /// for the directory of people.
    #[tokio::test]
    async fn an_older_sqlite_database_keeps_its_users_through_the_desk_migration() {
        install_default_drivers();
        let dir = std::env::temp_dir().join(format!("dateline-store-upgrade-{}", rand::random::<u64>()));
        std::fs::create_dir_all(&dir).unwrap();
        let url = sqlite_url_for(&dir);
        let pool = sqlite_pool(1, &[]).connect(&url).await.unwrap();
        migrator_until(Backend::Sqlite, 8).run(&pool).await.unwrap();
        for statement in [
            "INSERT INTO services (id, code, name, native_name, language, direction, time_zone, comment_policy, created_at) \
             VALUES (1, 'korean', 'Korean', 'Korean', 'ko', 'ltr', 'UTC', 'open', 0)",
            "INSERT INTO users (id, name, role, password_hash, created_at, password_changed_at) VALUES (5, 'mod', 'moderator', 'x', 0, 0)",
            "INSERT INTO user_services (user_id, service_id) VALUES (5, 1)",
            "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at) VALUES ('s', 5, 'c', 0, 0)",
            "INSERT INTO articles (id, service_id, slug, headline, body_markdown, body_html, published_at, created_at, modified_at) \
             VALUES (7, 1, 's', 'h', 'b', '<p>b</p>', 0, 0, 0)",
            "INSERT INTO article_credits (article_id, position, role, names, for_service) \
             VALUES (7, 0, 'reported_by', '[\"김지원\",\"Lee \\\"Ace\\\" Min\"]', NULL), (7, 1, 'edited_by', '[\"김지원\"]', NULL)",
        ] {
            pool.execute(statement).await.unwrap();
        }
        pool.close().await;
        let store = open(&url).await.unwrap();
        let services: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM user_services WHERE user_id = 5")
            .fetch_one(&store.read)
            .await
            .unwrap();
        let sessions: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE user_id = 5").fetch_one(&store.read).await.unwrap();
        assert_eq!((services, sessions), (1, 1), "nothing cascaded away");
        let names: Vec<String> =
            sqlx::query_scalar("SELECT name FROM article_credit_names WHERE article_id = 7 ORDER BY name")
                .fetch_all(&store.read)
                .await
                .unwrap();
        assert_eq!(names, ["Lee \"Ace\" Min", "김지원"], "the people migration finds every credited name, once");
        sqlx::query("INSERT INTO users (name, role, password_hash, created_at, password_changed_at) VALUES ('rep', 'reporter', 'x', 0, 0)")
            .execute(&store.write)
            .await
            .unwrap();
        let keys: i64 = sqlx::query_scalar("PRAGMA foreign_keys").fetch_one(&store.write).await.unwrap();
        assert_eq!(keys, 1, "foreign keys are back on");
        store.close().await;
        let again = open(&url).await.unwrap();
        again.close().await;
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[tokio::test]
    async fn sqlite_connections_are_durable_and_erase_for_real() {
        let dir = std::env::temp_dir().join(format!("dateline-store-test-{}", rand::random::<u64>()));
        std::fs::create_dir_all(&dir).unwrap();
        let store = open(&sqlite_url_for(&dir)).await.unwrap();
        for pool in [&store.write, &store.read] {
            let mode: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(pool).await.unwrap();
            let synchronous: i64 = sqlx::query_scalar("PRAGMA synchronous").fetch_one(pool).await.unwrap();
            let secure: i64 = sqlx::query_scalar("PRAGMA secure_delete").fetch_one(pool).await.unwrap();
            let keys: i64 = sqlx::query_scalar("PRAGMA foreign_keys").fetch_one(pool).await.unwrap();
            let temp_store: i64 = sqlx::query_scalar("PRAGMA temp_store").fetch_one(pool).await.unwrap();
            assert_eq!((mode.as_str(), synchronous, secure, keys, temp_store), ("wal", 2, 1, 1, 2));
        }
        let checkpoint: i64 = sqlx::query_scalar("PRAGMA wal_autocheckpoint").fetch_one(&store.write).await.unwrap();
        assert_eq!(checkpoint, 8000);
        store.close().await;
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
