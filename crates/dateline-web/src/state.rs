//! The application state every handler shares.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use dateline_core::comment::CommentSettings;
use ipnet::IpNet;

use dateline_core::clock::Clock;
use dateline_core::media::MediaStore;
use dateline_core::store::Store;

use crate::assets::Assets;
use crate::i18n::Catalogs;
use crate::templates::Templates;

/// Settings of the public site.
#[derive(Debug, Clone)]
pub struct SiteSettings {
    /// The site's name in the masthead and page titles.
    pub name: String,
    /// Language of pages that belong to no service (the front page, site-wide errors).
    pub default_language: String,
    /// Folder whose templates, catalogs and static files override the default theme.
    pub theme_dir: Option<PathBuf>,
    /// Longest time a request may take before it is answered with 408.
    pub request_timeout: Duration,
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// Comment limits and abuse settings.
    pub comments: CommentSettings,
    /// Proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpNet>,
    /// Whether cookies carry `Secure` (the site is served over HTTPS).
    pub secure_cookies: bool,
    /// Memory for rendered public pages, in bytes (0 turns the cache off).
    pub cache_bytes: usize,
}

impl Default for SiteSettings {
    fn default() -> Self {
        SiteSettings {
            name: "Dateline".into(),
            default_language: "en".into(),
            theme_dir: None,
            request_timeout: Duration::from_secs(30),
            max_body_bytes: 64 * 1024,
            comments: CommentSettings::default(),
            trusted_proxies: Vec::new(),
            secure_cookies: false,
            cache_bytes: 64 * 1024 * 1024,
        }
    }
}

/// Everything a handler may use.
pub struct App {
    /// The database.
    pub store: Arc<dyn Store>,
    /// Image files.
    pub media: Arc<dyn MediaStore>,
    /// The source of the current time.
    pub clock: Arc<dyn Clock>,
    /// Templates of the theme.
    pub templates: Templates,
    /// Interface text.
    pub catalogs: Arc<Catalogs>,
    /// Static files of the theme.
    pub assets: Assets,
    /// Site settings.
    pub site: SiteSettings,
    /// Rendered public pages.
    pub cache: crate::cache::PageCache,
    /// Bounds how many password hashes are computed at once (each takes 19 MiB and
    /// tens of milliseconds), so that a flood of logins cannot exhaust memory.
    pub hashing: tokio::sync::Semaphore,
    /// Secrets read from the store, which never change once made.
    secrets: Mutex<HashMap<String, String>>,
}

/// Shared handle to the [`App`].
pub type AppState = Arc<App>;

/// Why the web application could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// An interface text catalog is invalid.
    #[error(transparent)]
    Catalog(#[from] crate::i18n::CatalogError),
    /// A template does not compile.
    #[error(transparent)]
    Template(#[from] crate::templates::RenderError),
    /// A theme's static file could not be read.
    #[error(transparent)]
    Asset(#[from] crate::assets::AssetError),
}

impl App {
    /// Builds the application: loads catalogs, templates and static files of the theme.
    pub fn build(
        store: Arc<dyn Store>,
        media: Arc<dyn MediaStore>,
        clock: Arc<dyn Clock>,
        site: SiteSettings,
    ) -> Result<AppState, BuildError> {
        let catalogs = Arc::new(Catalogs::load(site.theme_dir.as_deref())?);
        let templates = Templates::new(site.theme_dir.as_deref(), catalogs.clone());
        templates.check()?;
        let assets = Assets::load(site.theme_dir.as_deref())?;
        Ok(Arc::new(App {
            store,
            media,
            clock,
            templates,
            catalogs,
            assets,
            cache: crate::cache::PageCache::new(site.cache_bytes),
            site,
            hashing: tokio::sync::Semaphore::new(2),
            secrets: Mutex::default(),
        }))
    }

    async fn secret(&self, name: &str, now: DateTime<Utc>) -> Result<String, crate::error::WebError> {
        if let Some(value) = self.secrets.lock().ok().and_then(|cache| cache.get(name).cloned()) {
            return Ok(value);
        }
        let value = self.store.secret(name, now).await?;
        if let Ok(mut cache) = self.secrets.lock() {
            cache.insert(name.to_owned(), value.clone());
        }
        Ok(value)
    }

    /// The key that signs forms.
    pub async fn form_key(&self) -> Result<String, crate::error::WebError> {
        self.secret("form-signing", self.clock.now()).await
    }

    /// The client address's hash under today's key, and its hashes under every daily key
    /// still kept (to find bans made on earlier days).
    pub async fn address_hashes(
        &self,
        address: std::net::IpAddr,
        now: DateTime<Utc>,
    ) -> Result<(String, Vec<String>), crate::error::WebError> {
        let today = crate::client::address_hash(&self.address_key(now).await?, address);
        let keys = self.store.address_secrets().await?;
        Ok((today, keys.iter().map(|key| crate::client::address_hash(key, address)).collect()))
    }

    /// Today's key for address hashes (a new one every UTC day).
    pub async fn address_key(&self, now: DateTime<Utc>) -> Result<String, crate::error::WebError> {
        self.secret(&format!("address:{}", now.format("%Y-%m-%d")), now).await
    }
}
