//! Static files of the theme (the stylesheet), and media files.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::Path;

use axum::extract::{Path as UrlPath, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::error::WebError;
use crate::state::AppState;
use dateline_core::media::MediaKey;

const EMBEDDED_ASSETS: &[(&str, &str, &str)] = &[
    ("style.css", "text/css; charset=utf-8", include_str!("../static/style.css")),
    ("lite.css", "text/css; charset=utf-8", include_str!("../static/lite.css")),
    ("console.css", "text/css; charset=utf-8", include_str!("../static/console.css")),
    ("console.js", "text/javascript; charset=utf-8", include_str!("../static/console.js")),
    ("embed.js", "text/javascript; charset=utf-8", include_str!("../static/embed.js")),
    ("embed-frame.js", "text/javascript; charset=utf-8", include_str!("../static/embed-frame.js")),
    ("proof.js", "text/javascript; charset=utf-8", include_str!("../static/proof.js")),
    ("favicon.svg", "image/svg+xml", include_str!("../static/favicon.svg")),
];

/// A static file could not be read from the theme folder.
#[derive(Debug, thiserror::Error)]
#[error("cannot read theme file {path}: {source}")]
pub struct AssetError {
    path: String,
    source: std::io::Error,
}

#[derive(Debug, Clone)]
struct Asset {
    content_type: &'static str,
    body: String,
    gzip: axum::body::Bytes,
    brotli: axum::body::Bytes,
    version: String,
}

/// The theme's static files, held in memory.
#[derive(Debug, Clone)]
pub struct Assets {
    files: HashMap<&'static str, Asset>,
}

impl Assets {
    /// The embedded files, each replaced by `THEME/static/NAME` if present.
    pub fn load(theme_dir: Option<&Path>) -> Result<Assets, AssetError> {
        let mut files = HashMap::new();
        for &(name, content_type, embedded) in EMBEDDED_ASSETS {
            let override_path = theme_dir.map(|dir| dir.join("static").join(name)).filter(|p| p.is_file());
            let body = match override_path {
                Some(path) => std::fs::read_to_string(&path)
                    .map_err(|source| AssetError { path: path.display().to_string(), source })?,
                None => embedded.to_owned(),
            };
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            body.hash(&mut hasher);
            let version = format!("{:016x}", hasher.finish());
            let gzip = crate::cache::gzip(body.as_bytes()).into();
            let brotli = crate::cache::brotli(body.as_bytes()).into();
            files.insert(name, Asset { content_type, body, gzip, brotli, version });
        }
        Ok(Assets { files })
    }

    /// The URL of a static file, versioned by its content so browsers may cache it long.
    pub fn url(&self, name: &str) -> String {
        match self.files.get(name) {
            Some(asset) => format!("/static/{name}?v={}", &asset.version[..12]),
            None => format!("/static/{name}"),
        }
    }
}

/// `?v=VERSION` of a static file's address.
#[derive(Debug, Default, serde::Deserialize)]
pub struct AssetQuery {
    v: Option<String>,
}

/// `GET /static/{name}`: compressed as the client accepts. Pages name it with its content's
/// hash (`?v=…`), so that version never changes: cached for a year, `immutable`; asked for
/// without it (or with an old one), for five minutes.
pub async fn static_file(
    State(app): State<AppState>,
    UrlPath(name): UrlPath<String>,
    axum::extract::Query(query): axum::extract::Query<AssetQuery>,
    headers: axum::http::HeaderMap,
) -> Result<Response, WebError> {
    let asset = app.assets.files.get(name.as_str()).ok_or(WebError::NotFound { service: None })?;
    let current = query.v.as_deref().is_some_and(|v| asset.version.starts_with(v) && v.len() >= 12);
    let cache_control = if current { "public, max-age=31536000, immutable" } else { "public, max-age=300" };
    let (body, encoding) = if crate::cache::accepts(&headers, "br") {
        (asset.brotli.clone(), Some("br"))
    } else if crate::cache::accepts(&headers, "gzip") {
        (asset.gzip.clone(), Some("gzip"))
    } else {
        (axum::body::Bytes::from(asset.body.clone()), None)
    };
    let mut response = (
        [
            (header::CONTENT_TYPE, asset.content_type),
            (header::CACHE_CONTROL, cache_control),
            (header::VARY, "Accept-Encoding"),
        ],
        body,
    )
        .into_response();
    if let Some(encoding) = encoding {
        response.headers_mut().insert(header::CONTENT_ENCODING, axum::http::HeaderValue::from_static(encoding));
    }
    Ok(response)
}

/// `GET /media/{key}`: an image file or a smaller copy of one; its name is its content
/// hash, so it never changes. Only the media of public stories is served: a draft's photos
/// stay private until the story is published (else anyone holding a photo could learn that
/// the newsroom has it).
pub async fn media_file(State(app): State<AppState>, UrlPath(key): UrlPath<String>) -> Result<Response, WebError> {
    let key = MediaKey::parse(&key).ok_or(WebError::NotFound { service: None })?;
    if !app.store.media_public(&key.original(), app.clock.now()).await? {
        return Err(WebError::NotFound { service: None });
    }
    let bytes = dateline_core::media::variant_bytes(app.media.as_ref(), &key)
        .await
        .map_err(|error| WebError::Internal(error.to_string()))?
        .ok_or(WebError::NotFound { service: None })?;
    Ok((
        [
            (header::CONTENT_TYPE, key.kind().content_type()),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        bytes,
    )
        .into_response())
}
