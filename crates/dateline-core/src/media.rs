//! Media: the image files articles show, behind one small interface.

use std::fmt;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The kinds of image Dateline accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImageKind {
    /// JPEG.
    Jpeg,
    /// PNG.
    Png,
    /// WebP.
    Webp,
}

impl ImageKind {
    /// File extension used for stored files.
    pub fn extension(self) -> &'static str {
        match self {
            ImageKind::Jpeg => "jpg",
            ImageKind::Png => "png",
            ImageKind::Webp => "webp",
        }
    }

    /// The HTTP content type.
    pub fn content_type(self) -> &'static str {
        match self {
            ImageKind::Jpeg => "image/jpeg",
            ImageKind::Png => "image/png",
            ImageKind::Webp => "image/webp",
        }
    }

    /// The kind named by a stored file's extension.
    pub fn from_extension(ext: &str) -> Option<ImageKind> {
        match ext {
            "jpg" => Some(ImageKind::Jpeg),
            "png" => Some(ImageKind::Png),
            "webp" => Some(ImageKind::Webp),
            _ => None,
        }
    }
}

/// An image that has been read and checked: its bytes, kind and size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedImage {
    /// File contents.
    pub bytes: Vec<u8>,
    /// What the contents are (by their signature, not their file name).
    pub kind: ImageKind,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// Why bytes are not an acceptable image.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ImageError {
    /// Not a JPEG, PNG or WebP file.
    #[error("is not a JPEG, PNG or WebP image")]
    UnsupportedFormat,
    /// The header could not be read.
    #[error("is a damaged or truncated image")]
    Damaged,
}

impl CheckedImage {
    /// Checks that `bytes` are a JPEG, PNG or WebP image and reads its size.
    pub fn check(bytes: Vec<u8>) -> Result<CheckedImage, ImageError> {
        let kind = match imagesize::image_type(&bytes) {
            Ok(imagesize::ImageType::Jpeg) => ImageKind::Jpeg,
            Ok(imagesize::ImageType::Png) => ImageKind::Png,
            Ok(imagesize::ImageType::Webp) => ImageKind::Webp,
            Ok(_) => return Err(ImageError::UnsupportedFormat),
            Err(_) => return Err(ImageError::UnsupportedFormat),
        };
        let size = imagesize::blob_size(&bytes).map_err(|_| ImageError::Damaged)?;
        let (width, height) = (
            u32::try_from(size.width).map_err(|_| ImageError::Damaged)?,
            u32::try_from(size.height).map_err(|_| ImageError::Damaged)?,
        );
        if width == 0 || height == 0 {
            return Err(ImageError::Damaged);
        }
        Ok(CheckedImage { bytes, kind, width, height })
    }
}

/// The name of a stored media file: the SHA-256 of its contents and its extension,
/// so the same photo imported twice is stored once.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MediaKey(String);

impl MediaKey {
    /// Accepts a key only in the exact form the media store writes
    /// (64 lowercase hex digits, a dot, a known extension), so a key can never name a path.
    pub fn parse(key: &str) -> Option<MediaKey> {
        let (hash, ext) = key.split_once('.')?;
        let hash_ok = hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        (hash_ok && ImageKind::from_extension(ext).is_some()).then(|| MediaKey(key.to_owned()))
    }

    /// Builds a key from a hex digest and a kind.
    pub fn from_digest(hex_digest: &str, kind: ImageKind) -> Option<MediaKey> {
        MediaKey::parse(&format!("{hex_digest}.{}", kind.extension()))
    }

    /// The key as text (also the file name).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The kind of image, from the extension.
    pub fn kind(&self) -> ImageKind {
        self.0.rsplit_once('.').and_then(|(_, ext)| ImageKind::from_extension(ext)).unwrap_or(ImageKind::Jpeg)
    }

    /// The public URL path of the file.
    pub fn url_path(&self) -> String {
        format!("/media/{}", self.0)
    }
}

impl fmt::Display for MediaKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A failure of the media storage itself.
#[derive(Debug, Error)]
#[error("media storage failed: {0}")]
pub struct MediaError(pub String);

/// Where image files live: a local folder by default.
#[async_trait]
pub trait MediaStore: Send + Sync {
    /// Stores a checked image and returns its key. Storing the same bytes again is a no-op.
    async fn put(&self, image: &CheckedImage) -> Result<MediaKey, MediaError>;
    /// Reads a stored file, or `None` if there is no such file.
    async fn get(&self, key: &MediaKey) -> Result<Option<Vec<u8>>, MediaError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_cannot_name_paths() {
        assert!(MediaKey::parse("../../etc/passwd").is_none());
        assert!(MediaKey::parse(&format!("{}.jpg", "a".repeat(64))).is_some());
        assert!(MediaKey::parse(&format!("{}.exe", "a".repeat(64))).is_none());
    }

    #[test]
    fn rejects_text_posing_as_an_image() {
        assert_eq!(CheckedImage::check(b"not an image at all".to_vec()), Err(ImageError::UnsupportedFormat));
    }
}
