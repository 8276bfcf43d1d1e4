//! The database's record of media files: which are clean, and which articles show which.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::StoreResult;
use crate::media::MediaKey;

/// A stored media file and its size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaFile {
    /// Its key.
    pub key: MediaKey,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// The record of media files.
#[async_trait]
pub trait MediaIndex: Send + Sync {
    /// Records a media file written by this version (cleaned of metadata).
    async fn register_media(&self, file: &MediaFile, now: DateTime<Utc>) -> StoreResult<()>;

    /// Whether a media file was recorded by [`MediaIndex::register_media`].
    async fn media_registered(&self, key: &MediaKey) -> StoreResult<bool>;

    /// A recorded media file, with its size.
    async fn media_file(&self, key: &MediaKey) -> StoreResult<Option<MediaFile>>;

    /// The most recently recorded media files, newest first (the desk's media library).
    async fn media_library(&self, limit: u32) -> StoreResult<Vec<MediaFile>>;

    /// Whether a media file is shown by an article that is public now.
    async fn media_public(&self, key: &MediaKey, now: DateTime<Utc>) -> StoreResult<bool>;

    /// Replaces a media file by another in every article that shows it (lead photo and
    /// body), in one transaction; returns how many articles changed.
    async fn replace_media(&self, old: &MediaKey, new: &MediaFile, now: DateTime<Utc>) -> StoreResult<u64>;
}
