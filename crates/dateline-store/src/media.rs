//! Media files in a local folder, named by the SHA-256 of their contents.

use std::io::ErrorKind;
use std::path::PathBuf;

use async_trait::async_trait;
use dateline_core::media::{CheckedImage, MediaError, MediaKey, MediaStore};
use sha2::{Digest, Sha256};

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
        let path = self.root.join(key.as_str());
        if tokio::fs::try_exists(&path).await.map_err(media_error)? {
            return Ok(key);
        }
        tokio::fs::create_dir_all(&self.root).await.map_err(media_error)?;
        // Write beside, then rename: a reader never sees half a file.
        let partial = self.root.join(format!("{}.partial", key.as_str()));
        tokio::fs::write(&partial, &image.bytes).await.map_err(media_error)?;
        tokio::fs::rename(&partial, &path).await.map_err(media_error)?;
        Ok(key)
    }

    async fn get(&self, key: &MediaKey) -> Result<Option<Vec<u8>>, MediaError> {
        match tokio::fs::read(self.root.join(key.as_str())).await {
            Ok(bytes) => Ok(Some(bytes)),
            Err(error) if error.kind() == ErrorKind::NotFound => Ok(None),
            Err(error) => Err(media_error(error)),
        }
    }
}
