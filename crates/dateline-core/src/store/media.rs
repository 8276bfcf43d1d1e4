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

/// A photo of the media library, with what the newsroom last said about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LibraryPhoto {
    /// The file and its size.
    pub file: MediaFile,
    /// When it was added.
    pub added: DateTime<Utc>,
    /// How many stories show it (drafts included).
    pub stories: u32,
    /// The caption of the story that last showed it as its lead photo (empty if none).
    pub caption: String,
    /// That story's alt text for it.
    pub alt: String,
    /// That story's photo credit.
    pub credit: String,
}

/// Where a page of the media library starts: after this photo (newest first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LibraryCursor {
    /// When the last photo shown was added.
    pub added: DateTime<Utc>,
    /// Its key.
    pub key: MediaKey,
}

impl LibraryCursor {
    /// The cursor after a photo.
    pub fn after(photo: &LibraryPhoto) -> LibraryCursor {
        LibraryCursor { added: photo.added, key: photo.file.key.clone() }
    }

    /// As text for a link (`MICROS_KEY`).
    pub fn encode(&self) -> String {
        format!("{}_{}", crate::clock::to_micros(self.added), self.key)
    }

    /// Reads [`LibraryCursor::encode`]'s text; `None` if it is not that.
    pub fn decode(text: &str) -> Option<LibraryCursor> {
        let (micros, key) = text.split_once('_')?;
        Some(LibraryCursor { added: crate::clock::from_micros(micros.parse().ok()?), key: MediaKey::parse(key)? })
    }
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

    /// The media library, newest first: up to `limit` photos added before `before`.
    async fn media_library(&self, before: Option<&LibraryCursor>, limit: u32) -> StoreResult<Vec<LibraryPhoto>>;

    /// Whether a media file is shown by an article that is public now.
    async fn media_public(&self, key: &MediaKey, now: DateTime<Utc>) -> StoreResult<bool>;

    /// Replaces a media file by another in every article that shows it (lead photo and
    /// body), in one transaction; returns how many articles changed.
    async fn replace_media(&self, old: &MediaKey, new: &MediaFile, now: DateTime<Utc>) -> StoreResult<u64>;
}
