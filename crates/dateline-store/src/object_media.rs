//! Media files on S3-compatible object storage (`media_url = "s3://BUCKET/PREFIX"`), so that
//! every node of a site reads what any node stored. Named like the local folder's files:
//! by the SHA-256 of their contents, so writing the same bytes twice is harmless.

use async_trait::async_trait;
use dateline_core::media::{CheckedImage, MediaError, MediaKey, MediaStore};
use futures_util::TryStreamExt;
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};
use sha2::{Digest, Sha256};

/// Media in a bucket, under a prefix.
#[derive(Debug)]
pub struct ObjectMediaStore {
    bucket: AmazonS3,
    prefix: String,
}

impl ObjectMediaStore {
    /// The store a `s3://BUCKET[/PREFIX]` URL names. The endpoint, region and credentials
    /// come from the usual environment variables (`AWS_ENDPOINT_URL`, `AWS_REGION`,
    /// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, …); an `http://` endpoint (a local
    /// S3-protocol server) is allowed.
    pub fn from_url(url: &str) -> Result<ObjectMediaStore, MediaError> {
        let rest = url
            .strip_prefix("s3://")
            .ok_or_else(|| MediaError(format!("media_url {url:?} must look like s3://BUCKET/PREFIX")))?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            return Err(MediaError(format!("media_url {url:?} names no bucket")));
        }
        let endpoint = std::env::var("AWS_ENDPOINT_URL").or_else(|_| std::env::var("AWS_ENDPOINT")).unwrap_or_default();
        let bucket = AmazonS3Builder::from_env()
            .with_bucket_name(bucket)
            .with_allow_http(endpoint.starts_with("http://"))
            .build()
            .map_err(|e| MediaError(format!("media_url {url:?}: {e}")))?;
        Ok(ObjectMediaStore { bucket, prefix: prefix.trim_matches('/').to_owned() })
    }

    fn path(&self, key: &str) -> Path {
        if self.prefix.is_empty() { Path::from(key) } else { Path::from(format!("{}/{key}", self.prefix)) }
    }
}

fn failed(error: object_store::Error) -> MediaError {
    MediaError(error.to_string())
}

#[async_trait]
impl MediaStore for ObjectMediaStore {
    async fn put(&self, image: &CheckedImage) -> Result<MediaKey, MediaError> {
        let hex = hex::encode(Sha256::digest(&image.bytes));
        let key =
            MediaKey::from_digest(&hex, image.kind).ok_or_else(|| MediaError("cannot name the media file".into()))?;
        self.put_as(&key, image).await?;
        Ok(key)
    }

    async fn put_as(&self, key: &MediaKey, image: &CheckedImage) -> Result<(), MediaError> {
        // An object appears whole or not at all: no reader sees half a file.
        let payload = PutPayload::from(image.bytes.clone());
        self.bucket.put(&self.path(key.as_str()), payload).await.map_err(failed)?;
        Ok(())
    }

    async fn get(&self, key: &MediaKey) -> Result<Option<Vec<u8>>, MediaError> {
        match self.bucket.get(&self.path(key.as_str())).await {
            Ok(found) => Ok(Some(found.bytes().await.map_err(failed)?.to_vec())),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(error) => Err(failed(error)),
        }
    }

    async fn keys(&self) -> Result<Vec<MediaKey>, MediaError> {
        let prefix = (!self.prefix.is_empty()).then(|| Path::from(self.prefix.as_str()));
        let objects: Vec<_> = self.bucket.list(prefix.as_ref()).try_collect().await.map_err(failed)?;
        let mut keys: Vec<MediaKey> =
            objects.iter().filter_map(|o| o.location.filename().and_then(MediaKey::parse)).collect();
        keys.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        Ok(keys)
    }

    async fn delete(&self, key: &MediaKey) -> Result<(), MediaError> {
        match self.bucket.delete(&self.path(key.as_str())).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(error) => Err(failed(error)),
        }
    }
}
