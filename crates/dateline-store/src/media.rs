//! Media files in a local folder, named by the SHA-256 of their contents; and the
//! database's record of them: which files are clean, and which articles show which.

use std::io::ErrorKind;
use std::path::PathBuf;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use dateline_core::changes::PageTag;
use dateline_core::clock::{from_micros, to_micros};
use dateline_core::media::{CheckedImage, MediaError, MediaKey, MediaStore, media_keys_in};
use dateline_core::store::{LibraryCursor, LibraryPhoto, MediaFile, MediaIndex, StoreResult};
use sha2::{Digest, Sha256};
use sqlx::{Any, Row, Transaction};

use crate::sql::{DbResult, SqlStore, db, unreadable};

/// Stores media files in one folder (`DATA_DIR/media`).
#[derive(Debug, Clone)]
pub struct LocalMediaStore {
    root: PathBuf,
}

impl LocalMediaStore {
    /// A media store in `root`, created on first write.
    pub fn new(root: impl Into<PathBuf>) -> LocalMediaStore {
        LocalMediaStore { root: root.into() }
    }
}

fn media_error(error: std::io::Error) -> MediaError {
    MediaError(error.to_string())
}

#[async_trait]
impl MediaStore for LocalMediaStore {
    async fn put(&self, image: &CheckedImage) -> Result<MediaKey, MediaError> {
        let digest = Sha256::digest(&image.bytes);
        let hex = hex::encode(digest);
        let key =
            MediaKey::from_digest(&hex, image.kind).ok_or_else(|| MediaError("cannot name the media file".into()))?;
        self.put_as(&key, image).await?;
        Ok(key)
    }

    async fn put_as(&self, key: &MediaKey, image: &CheckedImage) -> Result<(), MediaError> {
        let path = self.root.join(key.as_str());
        if tokio::fs::try_exists(&path).await.map_err(media_error)? {
            return Ok(());
        }
        tokio::fs::create_dir_all(&self.root).await.map_err(media_error)?;
        // Write beside, then rename: a reader never sees half a file. Two writers of the
        // same key write the same bytes, each to its own partial file.
        static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let write = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let partial = self.root.join(format!("{}.{}-{write}.partial", key.as_str(), std::process::id()));
        tokio::fs::write(&partial, &image.bytes).await.map_err(media_error)?;
        tokio::fs::rename(&partial, &path).await.map_err(media_error)?;
        Ok(())
    }

    async fn get(&self, key: &MediaKey) -> Result<Option<Vec<u8>>, MediaError> {
        match tokio::fs::read(self.root.join(key.as_str())).await {
            Ok(bytes) => Ok(Some(bytes)),
            Err(error) if error.kind() == ErrorKind::NotFound => Ok(None),
            Err(error) => Err(media_error(error)),
        }
    }

    async fn keys(&self) -> Result<Vec<MediaKey>, MediaError> {
        let mut keys = Vec::new();
        let mut entries = match tokio::fs::read_dir(&self.root).await {
            Ok(entries) => entries,
            Err(error) if error.kind() == ErrorKind::NotFound => return Ok(keys),
            Err(error) => return Err(media_error(error)),
        };
        while let Some(entry) = entries.next_entry().await.map_err(media_error)? {
            // Only files named as the store names them (a `.partial` file is a write in progress).
            if let Some(key) = entry.file_name().to_str().and_then(MediaKey::parse) {
                keys.push(key);
            }
        }
        keys.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        Ok(keys)
    }

    async fn delete(&self, key: &MediaKey) -> Result<(), MediaError> {
        match tokio::fs::remove_file(self.root.join(key.as_str())).await {
            Ok(()) => Ok(()),
            Err(error) if error.kind() == ErrorKind::NotFound => Ok(()),
            Err(error) => Err(media_error(error)),
        }
    }
}

/// Records which media files an article shows, replacing what was recorded.
pub(crate) async fn link_article_media(tx: &mut Transaction<'_, Any>, article: i64, keys: &[MediaKey]) -> DbResult<()> {
    sqlx::query("DELETE FROM article_media WHERE article_id = $1").bind(article).execute(&mut **tx).await?;
    for key in keys {
        sqlx::query("INSERT INTO article_media (article_id, media_key) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(article)
            .bind(key.as_str())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

#[async_trait]
impl MediaIndex for SqlStore {
    async fn register_media(&self, file: &MediaFile, now: DateTime<Utc>) -> StoreResult<()> {
        db(async {
            sqlx::query(
                "INSERT INTO media (key, width, height, created_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (key) DO NOTHING",
            )
            .bind(file.key.as_str())
            .bind(i64::from(file.width))
            .bind(i64::from(file.height))
            .bind(to_micros(now))
            .execute(&self.write)
            .await?;
            Ok(())
        })
        .await
    }

    async fn media_registered(&self, key: &MediaKey) -> StoreResult<bool> {
        db(async {
            let found: Option<String> = sqlx::query_scalar("SELECT key FROM media WHERE key = $1")
                .bind(key.as_str())
                .fetch_optional(&self.read)
                .await?;
            Ok(found.is_some())
        })
        .await
    }

    async fn media_file(&self, key: &MediaKey) -> StoreResult<Option<MediaFile>> {
        db(async {
            let row = sqlx::query("SELECT width, height FROM media WHERE key = $1")
                .bind(key.as_str())
                .fetch_optional(&self.read)
                .await?;
            row.map(|row| {
                Ok(MediaFile {
                    key: key.clone(),
                    width: u32::try_from(row.try_get::<i64, _>("width")?).map_err(unreadable)?,
                    height: u32::try_from(row.try_get::<i64, _>("height")?).map_err(unreadable)?,
                })
            })
            .transpose()
        })
        .await
    }

    async fn media_library(&self, before: Option<&LibraryCursor>, limit: u32) -> StoreResult<Vec<LibraryPhoto>> {
        db(async {
            // The words come from the story that last showed the photo as its lead photo.
            let last_use = |column: &str| {
                format!(
                    "(SELECT a.{column} FROM articles a WHERE a.lead_image_key = m.key \
                     ORDER BY a.modified_at DESC, a.id DESC LIMIT 1) AS {column}"
                )
            };
            let sql = format!(
                "SELECT m.key, m.width, m.height, m.created_at, \
                 (SELECT COUNT(*) FROM article_media am WHERE am.media_key = m.key) AS stories, {}, {}, {} \
                 FROM media m WHERE ($1 = 0 OR m.created_at < $2 OR (m.created_at = $2 AND m.key < $3)) \
                 ORDER BY m.created_at DESC, m.key DESC LIMIT $4",
                last_use("lead_image_caption"),
                last_use("lead_image_alt"),
                last_use("lead_image_credit"),
            );
            let rows = sqlx::query(&sql)
                .bind(i64::from(before.is_some()))
                .bind(before.map_or(0, |c| to_micros(c.added)))
                .bind(before.map_or("", |c| c.key.as_str()))
                .bind(i64::from(limit))
                .fetch_all(&self.read)
                .await?;
            rows.iter()
                .map(|row| {
                    let key: String = row.try_get("key")?;
                    let text = |column: &str| -> DbResult<String> {
                        Ok(row.try_get::<Option<String>, _>(column)?.unwrap_or_default())
                    };
                    Ok(LibraryPhoto {
                        file: MediaFile {
                            key: MediaKey::parse(&key).ok_or_else(|| unreadable(format!("bad media key {key:?}")))?,
                            width: u32::try_from(row.try_get::<i64, _>("width")?).map_err(unreadable)?,
                            height: u32::try_from(row.try_get::<i64, _>("height")?).map_err(unreadable)?,
                        },
                        added: from_micros(row.try_get("created_at")?),
                        stories: u32::try_from(row.try_get::<i64, _>("stories")?).map_err(unreadable)?,
                        caption: text("lead_image_caption")?,
                        alt: text("lead_image_alt")?,
                        credit: text("lead_image_credit")?,
                    })
                })
                .collect()
        })
        .await
    }

    async fn media_public(&self, key: &MediaKey, now: DateTime<Utc>) -> StoreResult<bool> {
        db(async {
            let found: Option<i64> = sqlx::query_scalar(
                "SELECT a.id FROM article_media m JOIN articles a ON a.id = m.article_id \
                 WHERE m.media_key = $1 AND a.published_at IS NOT NULL AND a.published_at <= $2 LIMIT 1",
            )
            .bind(key.as_str())
            .bind(to_micros(now))
            .fetch_optional(&self.read)
            .await?;
            Ok(found.is_some())
        })
        .await
    }

    async fn replace_media(&self, old: &MediaKey, new: &MediaFile, now: DateTime<Utc>) -> StoreResult<u64> {
        db(async {
            let mut tx = self.write.begin().await?;
            let rows = sqlx::query(
                "SELECT id, lead_image_key, body_html FROM articles WHERE lead_image_key = $1 OR body_html LIKE $2",
            )
            .bind(old.as_str())
            .bind(format!("%/media/{}%", old.as_str()))
            .fetch_all(&mut *tx)
            .await?;
            for row in &rows {
                let id: i64 = row.try_get("id")?;
                let lead: Option<String> = row.try_get("lead_image_key")?;
                let body: String = row.try_get("body_html")?;
                let body = body.replace(&old.url_path(), &new.key.url_path());
                let lead_is_old = lead.as_deref() == Some(old.as_str());
                sqlx::query(
                    "UPDATE articles SET body_html = $1, modified_at = $2, \
                         lead_image_key = CASE WHEN $3 = 1 THEN $4 ELSE lead_image_key END, \
                         lead_image_width = CASE WHEN $3 = 1 THEN $5 ELSE lead_image_width END, \
                         lead_image_height = CASE WHEN $3 = 1 THEN $6 ELSE lead_image_height END \
                     WHERE id = $7",
                )
                .bind(&body)
                .bind(to_micros(now))
                .bind(i64::from(lead_is_old))
                .bind(new.key.as_str())
                .bind(i64::from(new.width))
                .bind(i64::from(new.height))
                .bind(id)
                .execute(&mut *tx)
                .await?;
                let lead = if lead_is_old { Some(new.key.clone()) } else { lead.as_deref().and_then(MediaKey::parse) };
                let mut keys: Vec<MediaKey> = lead.into_iter().collect();
                for key in media_keys_in(&body) {
                    if !keys.contains(&key) {
                        keys.push(key);
                    }
                }
                link_article_media(&mut tx, id, &keys).await?;
            }
            crate::changes::record_in(&mut tx, self.backend, &[PageTag::All], now).await?;
            tx.commit().await?;
            self.committed_change();
            Ok(rows.len() as u64)
        })
        .await
    }
}
