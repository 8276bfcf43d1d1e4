//! The application state every handler shares.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use dateline_core::comments::CommentSettings;
use ipnet::IpNet;

use dateline_core::clock::Clock;
use dateline_core::media::MediaStore;
use dateline_core::store::Store;

use crate::files::Assets;
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
    /// The score's thresholds per service (`[moderation]`).
    pub moderation: dateline_core::score::ModerationSettings,
    /// Proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpNet>,
    /// Whether cookies carry `Secure` (the site is served over HTTPS).
    pub secure_cookies: bool,
    /// Memory for rendered public pages, in bytes (0 turns the cache off).
    pub cache_bytes: usize,
    /// How publication notices are sent; `None`: they are not.
    pub mail: Option<crate::notices::MailSettings>,
    /// The site's public address (`https://news.example`), for links that leave the site
    /// (notices) and to know that it is served over HTTPS.
    pub base_url: Option<String>,
    /// A connection must send a complete request header within this time, also when it
    /// waits idle for its next request; then it is closed.
    pub header_timeout: Duration,
    /// Most connections held open at once; more wait to be accepted.
    pub max_connections: usize,
    /// The site's onion address (`….onion`), if it has one: pages then carry
    /// `Onion-Location`, and requests that come to it get links to it.
    pub onion_address: Option<String>,
    /// Whether feeds carry each story's full text (otherwise its summary).
    pub feed_full_text: bool,
    /// Largest photo upload accepted (the desk's photo form and API).
    pub max_upload_bytes: usize,
    /// Set when the site is rendered for a static mirror (`dateline mirror export`).
    pub mirror: Option<MirrorSettings>,
}

/// How pages are rendered for a static mirror.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MirrorSettings {
    /// Where the comment forms of the mirror post (`None`: a mirror shows no forms).
    pub comment_url: Option<String>,
}

impl SiteSettings {
    /// Whether the site is served over HTTPS (its `base_url` says so): it then sends HSTS,
    /// and its cookies are `Secure` whatever `secure_cookies` says.
    pub fn https(&self) -> bool {
        self.base_url.as_deref().is_some_and(|url| url.to_ascii_lowercase().starts_with("https://"))
    }

    /// Whether cookies carry `Secure`.
    pub fn cookies_secure(&self) -> bool {
        self.secure_cookies || self.https()
    }
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
            moderation: dateline_core::score::ModerationSettings::default(),
            trusted_proxies: Vec::new(),
            secure_cookies: false,
            cache_bytes: 64 * 1024 * 1024,
            mail: None,
            base_url: None,
            header_timeout: Duration::from_secs(10),
            max_connections: 10_000,
            onion_address: None,
            feed_full_text: true,
            max_upload_bytes: 20 * 1024 * 1024,
            mirror: None,
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
    /// The services, as last read.
    services: Mutex<Option<Memo<Arc<Vec<dateline_core::Service>>>>>,
    /// Current Terms of Use versions per service, as last read.
    terms_versions: Mutex<Option<Memo<HashMap<i64, i64>>>>,
    word_lists: Mutex<Option<Memo<WordLists>>>,
    /// Each service's submissions this minute, for `auto` attack mode (this node's).
    attack_meters: Mutex<HashMap<i64, dateline_core::attack::RateMeter>>,
    /// Articles as read for taking comments, by service and slug.
    article_heads: Mutex<Option<Memo<ArticleHeads>>>,
    /// The daily address keys, as last read (when, the keys).
    address_keys: Mutex<Option<(std::time::Instant, Arc<Vec<String>>)>>,
}

/// Articles by service id and slug.
type ArticleHeads = HashMap<(i64, String), Arc<dateline_core::Article>>;

/// Data read from the store and remembered: with this process's change count then, and when.
struct Memo<T> {
    changes: u64,
    at: std::time::Instant,
    value: T,
}

impl<T> Memo<T> {
    fn new(changes: u64, value: T) -> Memo<T> {
        Memo { changes, at: std::time::Instant::now(), value }
    }

    /// Whether nothing was changed here since, and another node's change would be at most a second old.
    fn fresh(&self, changes: u64) -> bool {
        self.changes == changes && self.at.elapsed().as_secs() < MEMO_SECONDS
    }
}

/// How long a memo of rarely changing data (services, daily keys) is trusted when another
/// node may have changed it; this node's own changes end it at once.
const MEMO_SECONDS: u64 = 1;

/// The services' compiled word lists, by service id.
type WordLists = HashMap<i64, Arc<dateline_core::words::WordList>>;

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
    Asset(#[from] crate::files::AssetError),
}

impl App {
    /// Builds the application: loads catalogs, templates and static files of the theme.
    pub fn build(
        store: Arc<dyn Store>,
        media: Arc<dyn MediaStore>,
        clock: Arc<dyn Clock>,
        site: SiteSettings,
    ) -> Result<AppState, BuildError> {
        let mut site = site;
        // Readers may not take the site's own name either.
        let site_name = site.name.trim().to_lowercase();
        if !site_name.is_empty() && !site.comments.reserved_names.contains(&site_name) {
            site.comments.reserved_names.push(site_name);
        }
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
            services: Mutex::default(),
            address_keys: Mutex::default(),
            terms_versions: Mutex::default(),
            word_lists: Mutex::default(),
            attack_meters: Mutex::default(),
            article_heads: Mutex::default(),
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

    /// Every service, read at most once a second (and again after any change made here):
    /// every page and submission needs them.
    pub async fn services(&self) -> Result<Arc<Vec<dateline_core::Service>>, dateline_core::store::StoreError> {
        let changes = self.store.local_change_count();
        if let Ok(memo) = self.services.lock()
            && let Some(memo) = memo.as_ref()
            && memo.fresh(changes)
        {
            return Ok(memo.value.clone());
        }
        let services = Arc::new(self.store.services().await?);
        if let Ok(mut memo) = self.services.lock() {
            *memo = Some(Memo::new(changes, services.clone()));
        }
        Ok(services)
    }

    /// The current Terms of Use version of a service (0: the built-in terms), remembered like
    /// [`App::services`].
    pub async fn terms_version(&self, service: dateline_core::ServiceId) -> Result<i64, crate::error::WebError> {
        let changes = self.store.local_change_count();
        if let Ok(memo) = self.terms_versions.lock()
            && let Some(memo) = memo.as_ref()
            && memo.fresh(changes)
            && let Some(version) = memo.value.get(&service.0)
        {
            return Ok(*version);
        }
        let version = self.store.current_terms(service).await?.map_or(0, |t| t.version);
        if let Ok(mut memo) = self.terms_versions.lock() {
            if !memo.as_ref().is_some_and(|m| m.fresh(changes)) {
                *memo = Some(Memo::new(changes, HashMap::new()));
            }
            if let Some(memo) = memo.as_mut() {
                memo.value.insert(service.0, version);
            }
        }
        Ok(version)
    }

    /// Counts a submission to a service (for `auto` attack mode). When that turns the mode
    /// on, this node's cached pages of the service are dropped: their forms were made
    /// without the proof-of-work script, and a reader's first send would be refused.
    pub fn count_submission(&self, service: dateline_core::ServiceId, now: chrono::DateTime<chrono::Utc>) {
        let turned_on = self
            .attack_meters
            .lock()
            .map(|mut meters| meters.entry(service.0).or_default().record(now, self.site.comments.attack_per_minute))
            .unwrap_or(false);
        if turned_on {
            self.cache.invalidate(&[dateline_core::changes::PageTag::Service(service)]);
        }
    }

    /// What a submission to the service must show now, if its attack mode is on (`on`, or
    /// `auto` past the rate); `None` otherwise.
    pub fn attack_gate(
        &self,
        service: &dateline_core::Service,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Option<dateline_core::attack::AttackGate> {
        use dateline_core::attack::{AttackGate, AttackMode};
        let on = match service.attack_mode {
            AttackMode::Off => false,
            AttackMode::On => true,
            AttackMode::Auto => {
                self.attack_meters.lock().map(|m| m.get(&service.id.0).is_some_and(|m| m.is_on(now))).unwrap_or(false)
            }
        };
        let settings = &self.site.comments;
        on.then_some(AttackGate { proof_bits: settings.attack_proof_bits, wait_seconds: settings.attack_wait_seconds })
    }

    /// A service's word list, compiled, remembered like [`App::services`] (every submission
    /// needs it).
    pub async fn word_list(
        &self,
        service: dateline_core::ServiceId,
    ) -> Result<Arc<dateline_core::words::WordList>, crate::error::WebError> {
        let changes = self.store.local_change_count();
        if let Ok(memo) = self.word_lists.lock()
            && let Some(memo) = memo.as_ref()
            && memo.fresh(changes)
            && let Some(list) = memo.value.get(&service.0)
        {
            return Ok(list.clone());
        }
        let list = Arc::new(dateline_core::words::WordList::new(self.store.word_entries(service).await?));
        if let Ok(mut memo) = self.word_lists.lock() {
            if !memo.as_ref().is_some_and(|m| m.fresh(changes)) {
                *memo = Some(Memo::new(changes, HashMap::new()));
            }
            if let Some(memo) = memo.as_mut() {
                memo.value.insert(service.0, list.clone());
            }
        }
        Ok(list)
    }

    /// An article without its credits and tags, remembered like [`App::services`]: a
    /// breaking story's comments all need the same article.
    pub async fn article_head(
        &self,
        service: dateline_core::ServiceId,
        slug: &str,
    ) -> Result<Option<Arc<dateline_core::Article>>, dateline_core::store::StoreError> {
        let changes = self.store.local_change_count();
        let key = (service.0, slug.to_owned());
        if let Ok(memo) = self.article_heads.lock()
            && let Some(memo) = memo.as_ref()
            && memo.fresh(changes)
            && let Some(article) = memo.value.get(&key)
        {
            return Ok(Some(article.clone()));
        }
        let Some(article) = self.store.article_head(service, slug).await? else { return Ok(None) };
        let article = Arc::new(article);
        if let Ok(mut memo) = self.article_heads.lock() {
            if !memo.as_ref().is_some_and(|m| m.fresh(changes) && m.value.len() < 10_000) {
                *memo = Some(Memo::new(changes, HashMap::new()));
            }
            if let Some(memo) = memo.as_mut() {
                memo.value.insert(key, article.clone());
            }
        }
        Ok(Some(article))
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
        let memo = self.address_keys.lock().ok().and_then(|m| m.clone()).filter(|(at, _)| at.elapsed().as_secs() < 60);
        let keys = match memo {
            Some((_, keys)) => keys,
            None => {
                let keys = Arc::new(self.store.address_secrets().await?);
                if let Ok(mut m) = self.address_keys.lock() {
                    *m = Some((std::time::Instant::now(), keys.clone()));
                }
                keys
            }
        };
        Ok((today, keys.iter().map(|key| crate::client::address_hash(key, address)).collect()))
    }

    /// Today's key for address hashes (a new one every UTC day).
    pub async fn address_key(&self, now: DateTime<Utc>) -> Result<String, crate::error::WebError> {
        self.secret(&format!("address:{}", now.format("%Y-%m-%d")), now).await
    }
}

/// Argon2id runs on the blocking pool, at most [`App::hashing`] hashes at a time: a flood
/// of sign-ins waits for a permit instead of exhausting memory or the async workers.
#[async_trait::async_trait]
impl dateline_core::accounts::Passwords for App {
    async fn hash(&self, password: &str) -> Result<String, dateline_core::accounts::AccountError> {
        use dateline_core::accounts::{AccountError, hash_password};
        let failed = |e: &dyn std::fmt::Display| AccountError::Hashing(e.to_string());
        let _permit = self.hashing.acquire().await.map_err(|e| failed(&e))?;
        let password = password.to_owned();
        tokio::task::spawn_blocking(move || hash_password(&password)).await.map_err(|e| failed(&e))?
    }

    async fn verify(&self, password: &str, hash: &str) -> bool {
        let Ok(_permit) = self.hashing.acquire().await else { return false };
        let (password, hash) = (password.to_owned(), hash.to_owned());
        tokio::task::spawn_blocking(move || dateline_core::accounts::verify_password(&password, &hash))
            .await
            .unwrap_or(false)
    }
}
