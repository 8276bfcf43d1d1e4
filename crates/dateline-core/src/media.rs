//! Media: the image files articles show, behind one small interface.

use std::fmt;

use async_trait::async_trait;

use crate::store::{MediaFile, MediaIndex};
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

/// An image that has been read, checked and cleaned: its bytes, kind and size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedImage {
    /// File contents: re-encoded, without any metadata.
    pub bytes: Vec<u8>,
    /// What the contents are.
    pub kind: ImageKind,
    /// Width in pixels, as shown (orientation applied).
    pub width: u32,
    /// Height in pixels, as shown.
    pub height: u32,
}

/// Why bytes are not an acceptable image.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ImageError {
    /// Not a JPEG, PNG or WebP file.
    #[error("is not a JPEG, PNG or WebP image")]
    UnsupportedFormat,
    /// The file could not be decoded.
    #[error("is a damaged or truncated image")]
    Damaged,
    /// The file, or the picture it decodes to, is larger than accepted.
    #[error("is too large: at most {max_side} pixels a side and {max_megabytes} MB")]
    TooLarge {
        /// Longest side accepted.
        max_side: u32,
        /// Largest file accepted.
        max_megabytes: usize,
    },
}

/// Longest side of an accepted image, in pixels.
pub const MAX_SIDE: u32 = 8192;
/// Largest accepted image file.
pub const MAX_FILE_BYTES: usize = 25 * 1024 * 1024;
/// Most memory one decoding may take (a decompression bomb stops here).
const MAX_DECODE_BYTES: u64 = 300 * 1024 * 1024;
/// JPEG quality of re-encoded photos.
const JPEG_QUALITY: u8 = 85;

impl CheckedImage {
    /// Reads a JPEG, PNG or WebP image and re-encodes it so that no metadata survives:
    /// EXIF (GPS position, camera serial, author, capture time), XMP, IPTC, PNG text
    /// chunks, WebP metadata chunks and colour profiles are all dropped, because they can
    /// identify a source or a photographer. The EXIF orientation is applied to the pixels
    /// first, so the picture still stands the right way up. JPEG stays JPEG, PNG stays PNG
    /// (lossless), and WebP becomes PNG if it has transparency or JPEG if not.
    pub fn clean(bytes: &[u8]) -> Result<CheckedImage, ImageError> {
        let kind = match imagesize::image_type(bytes) {
            Ok(imagesize::ImageType::Jpeg) => ImageKind::Jpeg,
            Ok(imagesize::ImageType::Png) => ImageKind::Png,
            Ok(imagesize::ImageType::Webp) => ImageKind::Webp,
            _ => return Err(ImageError::UnsupportedFormat),
        };
        let too_large = ImageError::TooLarge { max_side: MAX_SIDE, max_megabytes: MAX_FILE_BYTES / (1024 * 1024) };
        if bytes.len() > MAX_FILE_BYTES {
            return Err(too_large);
        }
        let image = decode(bytes, kind).map_err(|error| match error {
            image::ImageError::Limits(_) => too_large,
            _ => ImageError::Damaged,
        })?;
        if image.width() == 0 || image.height() == 0 {
            return Err(ImageError::Damaged);
        }
        let out_kind = match kind {
            ImageKind::Webp if image.color().has_alpha() => ImageKind::Png,
            ImageKind::Webp => ImageKind::Jpeg,
            other => other,
        };
        encode(&image, out_kind)
    }
}

/// The widths, in pixels, of the smaller copies made of every photo wider than them, for
/// `srcset`: a phone on a slow line loads the 400 pixel copy, not a 4000 pixel original.
pub const VARIANT_WIDTHS: [u32; 4] = [400, 800, 1200, 1600];

/// The width of the copy a page names in `src` for browsers that do not read `srcset`.
pub const DEFAULT_VARIANT_WIDTH: u32 = 800;

impl CheckedImage {
    /// The smaller copies of this (cleaned) image, one for each of [`VARIANT_WIDTHS`] below
    /// its width, widest first, in the same kind of file. Each is resized from the next
    /// wider one, which is much faster than resizing the original each time and looks the
    /// same.
    pub fn variants(&self) -> Result<Vec<(u32, CheckedImage)>, ImageError> {
        let widths: Vec<u32> = VARIANT_WIDTHS.iter().rev().copied().filter(|&w| w < self.width).collect();
        if widths.is_empty() {
            return Ok(Vec::new());
        }
        let mut image = decode(&self.bytes, self.kind).map_err(|_| ImageError::Damaged)?;
        let mut variants = Vec::with_capacity(widths.len());
        for width in widths {
            let height = scaled_height(self.width, self.height, width);
            image = image.resize_exact(width, height, image::imageops::FilterType::CatmullRom);
            variants.push((width, encode(&image, self.kind)?));
        }
        Ok(variants)
    }

    /// One smaller copy, `width` pixels wide (made when a copy is asked for that was never
    /// made, such as for a photo stored before copies were made).
    pub fn variant(&self, width: u32) -> Result<CheckedImage, ImageError> {
        let image = decode(&self.bytes, self.kind).map_err(|_| ImageError::Damaged)?;
        let resized = image.resize_exact(
            width,
            scaled_height(self.width, self.height, width),
            image::imageops::FilterType::CatmullRom,
        );
        encode(&resized, self.kind)
    }
}

/// The height of a picture `width` wide with the proportions of `original_width` ×
/// `original_height`, at least one pixel.
fn scaled_height(original_width: u32, original_height: u32, width: u32) -> u32 {
    let height = u64::from(original_height) * u64::from(width) / u64::from(original_width.max(1));
    u32::try_from(height).unwrap_or(u32::MAX).max(1)
}

/// Encodes pixels as a JPEG (quality [`JPEG_QUALITY`], no alpha) or a PNG, with no metadata.
fn encode(image: &image::DynamicImage, kind: ImageKind) -> Result<CheckedImage, ImageError> {
    let mut out = Vec::new();
    let written = match kind {
        ImageKind::Jpeg => {
            let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
            match image {
                image::DynamicImage::ImageLuma8(_) => image.write_with_encoder(encoder),
                _ => image::DynamicImage::ImageRgb8(image.to_rgb8()).write_with_encoder(encoder),
            }
        }
        _ => image.write_with_encoder(image::codecs::png::PngEncoder::new(&mut out)),
    };
    written.map_err(|_| ImageError::Damaged)?;
    Ok(CheckedImage { bytes: out, kind, width: image.width(), height: image.height() })
}

/// Decodes an image within the limits, with its EXIF orientation applied.
fn decode(bytes: &[u8], kind: ImageKind) -> image::ImageResult<image::DynamicImage> {
    use image::ImageDecoder;
    let format = match kind {
        ImageKind::Jpeg => image::ImageFormat::Jpeg,
        ImageKind::Png => image::ImageFormat::Png,
        ImageKind::Webp => image::ImageFormat::WebP,
    };
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let mut decoder = reader.into_decoder()?;
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = image::DynamicImage::from_decoder(decoder)?;
    image.apply_orientation(orientation);
    Ok(image)
}

/// The name of a stored media file: the SHA-256 of its contents and its extension,
/// so the same photo imported twice is stored once. A smaller copy of it is named by the
/// same hash, its width and the same extension (`HASH-800w.jpg`): it never changes either.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MediaKey(String);

impl MediaKey {
    /// Accepts a key only in the exact form the media store writes (64 lowercase hex
    /// digits, for a smaller copy a dash and one of [`VARIANT_WIDTHS`] and `w`, a dot, a
    /// known extension), so a key can never name a path.
    pub fn parse(key: &str) -> Option<MediaKey> {
        let (name, ext) = key.split_once('.')?;
        let (hash, width) = match name.split_once('-') {
            Some((hash, width)) => (hash, Some(width.strip_suffix('w')?.parse::<u32>().ok()?)),
            None => (name, None),
        };
        let hash_ok = hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        let width_ok = width.is_none_or(|w| VARIANT_WIDTHS.contains(&w) && name.ends_with(&format!("-{w}w")));
        (hash_ok && width_ok && ImageKind::from_extension(ext).is_some()).then(|| MediaKey(key.to_owned()))
    }

    /// The key of this file's copy `width` pixels wide (see [`VARIANT_WIDTHS`]).
    pub fn variant(&self, width: u32) -> MediaKey {
        let original = self.original();
        let (hash, ext) = original.0.split_once('.').unwrap_or((&original.0, "jpg"));
        MediaKey(format!("{hash}-{width}w.{ext}"))
    }

    /// The width of a smaller copy, or `None` for an original.
    pub fn variant_width(&self) -> Option<u32> {
        let (name, _) = self.0.split_once('.')?;
        name.split_once('-')?.1.strip_suffix('w')?.parse().ok()
    }

    /// The key of the original a copy was made from (an original's own key).
    pub fn original(&self) -> MediaKey {
        match (self.0.split_once('-'), self.0.rsplit_once('.')) {
            (Some((hash, _)), Some((_, ext))) => MediaKey(format!("{hash}.{ext}")),
            _ => self.clone(),
        }
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

/// The media files an HTML body shows (`/media/KEY` URLs), each once, in order.
pub fn media_keys_in(html: &str) -> Vec<MediaKey> {
    let mut keys: Vec<MediaKey> = Vec::new();
    for (start, _) in html.match_indices("/media/") {
        let rest = &html[start + "/media/".len()..];
        let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-')).unwrap_or(rest.len());
        if let Some(key) = MediaKey::parse(&rest[..end])
            && !keys.contains(&key)
        {
            keys.push(key);
        }
    }
    keys
}

impl fmt::Display for MediaKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why a media file could not be stored or cleaned.
#[derive(Debug, Error)]
pub enum MediaFailure {
    /// The media folder or object storage failed.
    #[error(transparent)]
    Media(#[from] MediaError),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}

/// Stores a cleaned image and its smaller copies and records it as clean; returns its key
/// (the hash of the cleaned bytes).
pub async fn store_image<S: MediaIndex + ?Sized>(
    store: &S,
    media: &dyn MediaStore,
    image: &CheckedImage,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<MediaKey, MediaFailure> {
    let key = media.put(image).await?;
    store_variants(media, &key, image).await?;
    store.register_media(&MediaFile { key: key.clone(), width: image.width, height: image.height }, now).await?;
    Ok(key)
}

/// Makes and stores the smaller copies of a stored image. A copy that cannot be made is
/// left out: pages then fall back to the original for it (see [`variant_bytes`]).
async fn store_variants(media: &dyn MediaStore, key: &MediaKey, image: &CheckedImage) -> Result<(), MediaError> {
    let image = image.clone();
    let made = tokio::task::spawn_blocking(move || image.variants()).await;
    if let Ok(Ok(variants)) = made {
        for (width, variant) in variants {
            media.put_as(&key.variant(width), &variant).await?;
        }
    }
    Ok(())
}

/// The bytes of a stored file. A smaller copy that is missing (a photo stored before
/// copies were made, or a copy that could not be written) is made from its original, stored
/// and returned; `None` if neither exists.
pub async fn variant_bytes(media: &dyn MediaStore, key: &MediaKey) -> Result<Option<Vec<u8>>, MediaError> {
    if let Some(bytes) = media.get(key).await? {
        return Ok(Some(bytes));
    }
    let Some(width) = key.variant_width() else { return Ok(None) };
    let Some(original) = media.get(&key.original()).await? else { return Ok(None) };
    let Ok(size) = imagesize::blob_size(&original) else { return Ok(None) };
    let (Ok(original_width), Ok(original_height)) = (u32::try_from(size.width), u32::try_from(size.height)) else {
        return Ok(None);
    };
    if width >= original_width {
        return Ok(None);
    }
    let source = CheckedImage { bytes: original, kind: key.kind(), width: original_width, height: original_height };
    let made = tokio::task::spawn_blocking(move || source.variant(width)).await;
    let Ok(Ok(variant)) = made else { return Ok(None) };
    media.put_as(key, &variant).await?;
    Ok(Some(variant.bytes))
}

/// What [`clean_stored_media`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CleaningReport {
    /// Files re-encoded without their metadata (each replaced in every article).
    pub cleaned: u64,
    /// Clean files whose smaller copies were made (stored before copies were made).
    pub copies_made: u64,
    /// Files that could not be read as images, left as they are for the operator to look at.
    pub unreadable: Vec<MediaKey>,
    /// Articles whose lead photo or body now shows a cleaned file.
    pub articles: u64,
}

/// Cleans media stored before images were cleaned on arrival: every file not recorded as
/// clean is re-encoded without metadata, stored under the hash of the cleaned bytes,
/// replaced in every article that shows it, and deleted. Clean files stored before smaller
/// copies were made get them. Running it again does nothing.
pub async fn clean_stored_media<S: MediaIndex + ?Sized>(
    store: &S,
    media: &dyn MediaStore,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<CleaningReport, MediaFailure> {
    let mut report = CleaningReport::default();
    let keys = media.keys().await?;
    let present: std::collections::HashSet<&MediaKey> = keys.iter().collect();
    for key in keys.iter().filter(|key| key.variant_width().is_none()) {
        if let Some(file) = store.media_file(key).await? {
            let missing = VARIANT_WIDTHS.iter().any(|&w| w < file.width && !present.contains(&key.variant(w)));
            if missing && let Some(bytes) = media.get(key).await? {
                let image = CheckedImage { bytes, kind: key.kind(), width: file.width, height: file.height };
                store_variants(media, key, &image).await?;
                report.copies_made += 1;
            }
            continue;
        }
        let Some(bytes) = media.get(key).await? else { continue };
        let Ok(image) = CheckedImage::clean(&bytes) else {
            report.unreadable.push(key.clone());
            continue;
        };
        let new_key = store_image(store, media, &image, now).await?;
        if new_key != *key {
            let file = MediaFile { key: new_key, width: image.width, height: image.height };
            report.articles += store.replace_media(key, &file, now).await?;
            media.delete(key).await?;
        }
        report.cleaned += 1;
    }
    Ok(report)
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
    /// Stores a smaller copy under the key it is named by ([`MediaKey::variant`]).
    async fn put_as(&self, key: &MediaKey, image: &CheckedImage) -> Result<(), MediaError>;
    /// Reads a stored file, or `None` if there is no such file.
    async fn get(&self, key: &MediaKey) -> Result<Option<Vec<u8>>, MediaError>;
    /// Every stored file's key.
    async fn keys(&self) -> Result<Vec<MediaKey>, MediaError>;
    /// Deletes a stored file (no error if it is gone already).
    async fn delete(&self, key: &MediaKey) -> Result<(), MediaError>;
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
    fn copies_are_named_by_their_original_and_width() {
        let original = MediaKey::parse(&format!("{}.jpg", "a".repeat(64))).unwrap();
        let copy = original.variant(800);
        assert_eq!(copy.as_str(), format!("{}-800w.jpg", "a".repeat(64)));
        assert_eq!(MediaKey::parse(copy.as_str()), Some(copy.clone()));
        assert_eq!((copy.variant_width(), copy.original()), (Some(800), original.clone()));
        assert_eq!(original.variant_width(), None);
        assert!(MediaKey::parse(&format!("{}-801w.jpg", "a".repeat(64))).is_none(), "only the widths made");
        assert!(MediaKey::parse(&format!("{}-800.jpg", "a".repeat(64))).is_none());
        assert!(MediaKey::parse(&format!("{}-0800w.jpg", "a".repeat(64))).is_none());
        assert_eq!(media_keys_in(&format!(r#"<img src="/media/{copy}">"#)), vec![copy]);
    }

    #[test]
    fn copies_keep_the_proportions_and_the_kind() {
        let mut jpeg = Vec::new();
        image::DynamicImage::ImageRgb8(image::RgbImage::new(1000, 500))
            .write_to(&mut std::io::Cursor::new(&mut jpeg), image::ImageFormat::Jpeg)
            .unwrap();
        let clean = CheckedImage::clean(&jpeg).unwrap();
        let sizes: Vec<_> = clean.variants().unwrap().iter().map(|(w, c)| (*w, c.width, c.height, c.kind)).collect();
        assert_eq!(sizes, [(800, 800, 400, ImageKind::Jpeg), (400, 400, 200, ImageKind::Jpeg)]);
        assert_eq!((clean.variant(400).unwrap().width, clean.variant(400).unwrap().height), (400, 200));
    }

    #[test]
    fn rejects_text_posing_as_an_image() {
        assert_eq!(CheckedImage::clean(b"not an image at all"), Err(ImageError::UnsupportedFormat));
    }

    #[test]
    fn re_encodes_without_metadata() {
        let mut png = Vec::new();
        image::DynamicImage::ImageRgb8(image::RgbImage::new(3, 2))
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        let iend = png.len() - 12;
        let mut dirty = png[..iend].to_vec();
        dirty.extend_from_slice(&[0, 0, 0, 5]);
        dirty.extend_from_slice(b"tEXtA\0xyz");
        dirty.extend_from_slice(&[0, 0, 0, 0]);
        dirty.extend_from_slice(&png[iend..]);
        let clean = CheckedImage::clean(&dirty);
        // A bad CRC makes the decoder refuse the chunk or the file: either way nothing of it is kept.
        if let Ok(clean) = clean {
            assert!(!clean.bytes.windows(4).any(|w| w == b"tEXt"));
            assert_eq!((clean.width, clean.height, clean.kind), (3, 2, ImageKind::Png));
        }
        let clean = CheckedImage::clean(&png).unwrap();
        assert_eq!((clean.width, clean.height), (3, 2));
    }
}
