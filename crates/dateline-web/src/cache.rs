//! The rendered-page cache: public pages kept in memory as ready bytes, with gzip and
//! brotli variants, within a byte budget, invalidated exactly when what they show changes.
//!
//! Handlers mark a cacheable response with [`CacheTags`] naming what it shows
//! ([`PageTag`]s: an article, a service's lists, a service, a story's versions, the
//! front page). Every write records the tags it
//! changes in the store's change log, in its own transaction; this node applies its own
//! changes before answering the next request, and other nodes' changes as soon as
//! PostgreSQL notifies it, or within half a second by polling. Requests with a session or a
//! commenter cookie are never served from the cache nor stored in it.

use std::collections::{HashMap, HashSet, VecDeque};
use std::io::Write;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use dateline_core::changes::PageTag;
use tokio::sync::watch;

use crate::state::{App, AppState};

/// `Cache-Control` of public pages: browsers revalidate every time (a cheap `304` with the
/// ETag), so a moderator's decision shows at once; a CDN may share a page for 30 seconds
/// and serve a stale one for a minute while it fetches a fresh one.
pub const PUBLIC_CACHE_CONTROL: &str = "public, max-age=0, s-maxage=30, stale-while-revalidate=60";

/// A cached page is rendered again after this long even if nothing changed, so that the
/// comment form's signed "shown at" time stays recent (see the README on the minimum time).
pub const MAX_AGE_SECONDS: i64 = 60;

/// What a response shows, for invalidation. Its presence makes a response cacheable.
#[derive(Debug, Clone, Default)]
pub struct CacheTags(pub Vec<PageTag>);

/// A shorter life in the cache than [`MAX_AGE_SECONDS`], for a page whose comment form
/// carries a signed "shown at" time: it is rendered again once the form's minimum time has
/// passed, so that a token taken from the cache is never older than that minimum.
#[derive(Debug, Clone, Copy)]
pub struct CacheMaxAge(pub i64);

/// The query parameters public pages read; any other parameter is left out of the cache
/// key, so that `?x=<random>` cannot make every request a miss.
const QUERY_PARAMETERS: &[&str] =
    &["before", "after", "page", "comments_page", "reply_to", "received", "reported", "articles", "deleted", "images"];

/// The cache key of a request: its path and the parameters pages read, in the order given.
fn cache_key(uri: &axum::http::Uri) -> String {
    let kept: Vec<&str> = uri
        .query()
        .unwrap_or_default()
        .split('&')
        .filter(|pair| QUERY_PARAMETERS.contains(&pair.split('=').next().unwrap_or_default()))
        .collect();
    if kept.is_empty() { uri.path().to_owned() } else { format!("{}?{}", uri.path(), kept.join("&")) }
}

/// A page ready to send. Its compressed variants are made when a client first asks for
/// one, so a page rendered for a request that busts the cache costs only its render.
#[derive(Debug)]
pub struct CachedPage {
    content_type: HeaderValue,
    body: Bytes,
    gzip: std::sync::OnceLock<Bytes>,
    brotli: std::sync::OnceLock<Bytes>,
    etag: String,
    last_modified: String,
    rendered_at: DateTime<Utc>,
    max_age: i64,
    tags: Vec<PageTag>,
}

impl CachedPage {
    /// Bytes counted against the budget: the body and, as an estimate made when it is
    /// stored, its two compressed variants.
    fn size(&self) -> usize {
        self.body.len() + self.body.len() / 2 + 256
    }

    fn gzip(&self) -> Bytes {
        self.gzip.get_or_init(|| Bytes::from(gzip(&self.body))).clone()
    }

    fn brotli(&self) -> Bytes {
        self.brotli.get_or_init(|| Bytes::from(brotli(&self.body))).clone()
    }
}

/// `bytes` compressed with gzip at its best.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gzip = flate2::write::GzEncoder::new(Vec::with_capacity(bytes.len() / 3), flate2::Compression::best());
    gzip.write_all(bytes).and_then(|()| gzip.finish()).unwrap_or_default()
}

/// `bytes` compressed with brotli (quality 9: near the best, still quick).
pub fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut brotli = Vec::with_capacity(bytes.len() / 3);
    {
        let mut writer = brotli::CompressorWriter::new(&mut brotli, 4096, 9, 22);
        let _ = writer.write_all(bytes);
    }
    brotli
}

#[derive(Default)]
struct Pages {
    pages: HashMap<String, Arc<CachedPage>>,
    order: VecDeque<String>,
    by_tag: HashMap<PageTag, HashSet<String>>,
    bytes: usize,
}

impl Pages {
    fn remove(&mut self, key: &str) {
        if let Some(page) = self.pages.remove(key) {
            self.bytes -= page.size();
            for tag in &page.tags {
                if let Some(keys) = self.by_tag.get_mut(tag) {
                    keys.remove(key);
                }
            }
        }
    }
}

/// The cache of one node.
pub struct PageCache {
    budget: usize,
    pages: Mutex<Pages>,
    /// Bumped by every invalidation: a page rendered across one is not stored.
    invalidations: AtomicU64,
    /// The newest change applied.
    applied_change: AtomicI64,
    /// The store's count of this process's own changes when last applied.
    applied_local: AtomicU64,
    polling: tokio::sync::Mutex<()>,
    /// Pages being rendered now, by key: a second request for one waits for it.
    flights: Mutex<HashMap<String, watch::Receiver<Option<Arc<CachedPage>>>>>,
    hits: AtomicU64,
    misses: AtomicU64,
}

/// The one render of a page that other requests for it wait for (single flight): a
/// burst of readers on a story that just changed costs one render, not one each. The
/// page reaches the waiters only if it was stored; otherwise (an error, a personal page,
/// an invalidation meanwhile, a render abandoned) each waiter renders for itself.
struct Flight<'a> {
    cache: &'a PageCache,
    key: String,
    page: watch::Sender<Option<Arc<CachedPage>>>,
}

impl Drop for Flight<'_> {
    fn drop(&mut self) {
        if let Ok(mut flights) = self.cache.flights.lock() {
            flights.remove(&self.key);
        }
    }
}

/// How a request that missed the cache gets its page.
enum Miss<'a> {
    /// It renders the page, and shares it.
    Render(Flight<'a>),
    /// Another request is rendering it.
    Wait(watch::Receiver<Option<Arc<CachedPage>>>),
}

/// How the cache has served requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheStats {
    /// Answers from the cache.
    pub hits: u64,
    /// Pages rendered (and stored, if allowed).
    pub misses: u64,
    /// Bytes held.
    pub bytes: usize,
}

impl std::fmt::Debug for PageCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageCache").field("budget", &self.budget).finish()
    }
}

impl PageCache {
    /// An empty cache holding at most `budget` bytes (0 turns it off).
    pub fn new(budget: usize) -> PageCache {
        PageCache {
            budget,
            pages: Mutex::default(),
            invalidations: AtomicU64::new(0),
            applied_change: AtomicI64::new(0),
            applied_local: AtomicU64::new(0),
            polling: tokio::sync::Mutex::new(()),
            flights: Mutex::default(),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    /// Hits, misses and size so far.
    pub fn stats(&self) -> CacheStats {
        CacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            bytes: self.bytes(),
        }
    }

    /// Bytes held now.
    pub fn bytes(&self) -> usize {
        self.pages.lock().map(|p| p.bytes).unwrap_or(0)
    }

    /// Joins the render of `key` under way, or starts one.
    fn miss(&self, key: &str) -> Option<Miss<'_>> {
        let mut flights = self.flights.lock().ok()?;
        if let Some(waiting) = flights.get(key) {
            return Some(Miss::Wait(waiting.clone()));
        }
        let (page, waiting) = watch::channel(None);
        flights.insert(key.to_owned(), waiting);
        Some(Miss::Render(Flight { cache: self, key: key.to_owned(), page }))
    }

    fn get(&self, key: &str) -> Option<Arc<CachedPage>> {
        self.pages.lock().ok()?.pages.get(key).cloned()
    }

    fn insert(&self, key: String, page: Arc<CachedPage>) {
        let size = page.size();
        if size > self.budget {
            return;
        }
        let Ok(mut pages) = self.pages.lock() else { return };
        pages.remove(&key);
        while pages.bytes + size > self.budget {
            let Some(oldest) = pages.order.pop_front() else { break };
            pages.remove(&oldest);
        }
        for tag in &page.tags {
            pages.by_tag.entry(*tag).or_default().insert(key.clone());
        }
        pages.bytes += size;
        pages.order.push_back(key.clone());
        pages.pages.insert(key, page);
        if pages.order.len() > pages.pages.len() * 2 + 64 {
            let live: HashSet<String> = pages.pages.keys().cloned().collect();
            pages.order.retain(|k| live.contains(k));
        }
    }

    /// Drops every page showing any of `tags` ([`PageTag::All`] drops everything).
    pub fn invalidate(&self, tags: &[PageTag]) {
        self.invalidations.fetch_add(1, Ordering::AcqRel);
        let Ok(mut pages) = self.pages.lock() else { return };
        if tags.contains(&PageTag::All) {
            *pages = Pages::default();
            return;
        }
        for tag in tags {
            let keys: Vec<String> = pages.by_tag.get(tag).map(|k| k.iter().cloned().collect()).unwrap_or_default();
            for key in keys {
                pages.remove(&key);
            }
        }
    }
}

/// Applies every change recorded since the last one applied.
pub async fn apply_changes(app: &App) {
    let cache = &app.cache;
    let _polling = cache.polling.lock().await;
    let local = app.store.local_change_count();
    let after = cache.applied_change.load(Ordering::Acquire);
    match app.store.changes_since(after).await {
        Ok(changes) => {
            for change in changes {
                cache.invalidate(&change.tags);
                cache.applied_change.store(change.id, Ordering::Release);
            }
            cache.applied_local.store(local, Ordering::Release);
        }
        Err(error) => {
            // Without the change log, no cached page can be trusted.
            tracing::warn!(%error, "cannot read the change log; emptying the page cache");
            cache.invalidate(&[PageTag::All]);
        }
    }
}

/// Applies other nodes' changes as they come: woken by PostgreSQL's notifications, and
/// polling twice a second whatever happens (the fallback if notifications drop).
pub fn spawn_change_listener(app: AppState) {
    tokio::spawn(async move {
        // The cache starts empty: changes made before start-up concern no cached page.
        match app.store.latest_change().await {
            Ok(latest) => {
                let _ = app.cache.applied_change.compare_exchange(0, latest, Ordering::AcqRel, Ordering::Acquire);
            }
            Err(error) => tracing::warn!(%error, "cannot read the change log"),
        }
        loop {
            app.store.wait_for_change(Duration::from_millis(500)).await;
            apply_changes(&app).await;
        }
    });
}

fn has_personal_cookie(headers: &HeaderMap) -> bool {
    crate::client::cookie(headers, crate::client::COMMENTER_COOKIE).is_some()
        || crate::client::cookie(headers, crate::console::extract::SESSION_COOKIE).is_some()
}

fn is_cacheable_path(path: &str) -> bool {
    !["/admin", "/my/", "/static/", "/media/", "/healthz", "/embed/"].iter().any(|prefix| path.starts_with(prefix))
}

fn http_date(at: DateTime<Utc>) -> String {
    at.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

/// Whether a request accepts a content encoding (`br`, `gzip`).
pub fn accepts(headers: &HeaderMap, encoding: &str) -> bool {
    headers.get_all(header::ACCEPT_ENCODING).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).any(
        |part| {
            let mut pieces = part.trim().split(';');
            let name = pieces.next().unwrap_or_default().trim();
            let refused = pieces.any(|p| p.trim().replace(' ', "") == "q=0");
            name.eq_ignore_ascii_case(encoding) && !refused
        },
    )
}

/// Sends a cached page: `304` if the client has it, else the best encoding it accepts.
fn respond(page: &CachedPage, request: &HeaderMap) -> Response {
    let not_modified = request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|tag| tag.trim() == page.etag || tag.trim() == "*"));
    let mut response = if not_modified {
        StatusCode::NOT_MODIFIED.into_response()
    } else if accepts(request, "br") {
        let mut r = Body::from(page.brotli()).into_response();
        r.headers_mut().insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
        r
    } else if accepts(request, "gzip") {
        let mut r = Body::from(page.gzip()).into_response();
        r.headers_mut().insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        r
    } else {
        Body::from(page.body.clone()).into_response()
    };
    let headers = response.headers_mut();
    if !not_modified {
        headers.insert(header::CONTENT_TYPE, page.content_type.clone());
    }
    headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(PUBLIC_CACHE_CONTROL));
    if let Ok(etag) = HeaderValue::from_str(&page.etag) {
        headers.insert(header::ETAG, etag);
    }
    if let Ok(modified) = HeaderValue::from_str(&page.last_modified) {
        headers.insert(header::LAST_MODIFIED, modified);
    }
    response
}

/// The cache in front of the public pages.
pub async fn serve_cached(State(app): State<AppState>, request: Request, next: Next) -> Response {
    let cacheable_request = matches!(*request.method(), Method::GET | Method::HEAD)
        && is_cacheable_path(request.uri().path())
        && !has_personal_cookie(request.headers());
    if !cacheable_request || app.cache.budget == 0 {
        return mark_public(next.run(request).await);
    }
    if app.store.local_change_count() != app.cache.applied_local.load(Ordering::Acquire) {
        apply_changes(&app).await;
    }
    let key = match crate::urls::PublicBase::of(&app.site, request.headers()).cache_variant() {
        Some(variant) => format!("{variant} {}", cache_key(request.uri())),
        None => cache_key(request.uri()),
    };
    let headers = request.headers().clone();
    if let Some(page) = app.cache.get(&key)
        && (app.clock.now() - page.rendered_at).num_seconds() < page.max_age
    {
        app.cache.hits.fetch_add(1, Ordering::Relaxed);
        return respond(&page, &headers);
    }
    let flight = match app.cache.miss(&key) {
        Some(Miss::Wait(mut rendering)) => {
            let shared = rendering.wait_for(Option::is_some).await.ok().and_then(|page| page.clone());
            if let Some(page) = shared {
                app.cache.hits.fetch_add(1, Ordering::Relaxed);
                return respond(&page, &headers);
            }
            None
        }
        Some(Miss::Render(flight)) => Some(flight),
        None => None,
    };
    app.cache.misses.fetch_add(1, Ordering::Relaxed);
    let generation = app.cache.invalidations.load(Ordering::Acquire);
    let response = next.run(request).await;
    let Some(tags) = response.extensions().get::<CacheTags>().cloned() else { return response };
    let max_age = response.extensions().get::<CacheMaxAge>().map_or(MAX_AGE_SECONDS, |m| m.0.clamp(1, MAX_AGE_SECONDS));
    let private = response.headers().get(header::CACHE_CONTROL).is_some_and(|v| v.as_bytes().starts_with(b"private"));
    if response.status() != StatusCode::OK || private {
        return response;
    }
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .cloned()
        .unwrap_or(HeaderValue::from_static("text/html; charset=utf-8"));
    let Ok(body) = axum::body::to_bytes(response.into_body(), usize::MAX).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let etag = format!("\"{}\"", &dateline_core::comments::sha256_hex(&String::from_utf8_lossy(&body))[..32]);
    let page = Arc::new(CachedPage {
        content_type,
        body,
        gzip: std::sync::OnceLock::new(),
        brotli: std::sync::OnceLock::new(),
        etag,
        last_modified: http_date(app.clock.now()),
        rendered_at: app.clock.now(),
        max_age,
        tags: tags.0,
    });
    if app.cache.invalidations.load(Ordering::Acquire) == generation {
        app.cache.insert(key, page.clone());
        if let Some(flight) = flight {
            flight.page.send_replace(Some(page.clone()));
        }
    }
    respond(&page, &headers)
}

/// Public pages seen with a cookie are not cached here, but are the same for everyone
/// unless their handler made them private.
fn mark_public(mut response: Response) -> Response {
    if response.extensions().get::<CacheTags>().is_some() && !response.headers().contains_key(header::CACHE_CONTROL) {
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(PUBLIC_CACHE_CONTROL));
    }
    response
}

/// Marks a response as personal: never stored by a browser cache, a proxy or a CDN.
pub fn private(mut response: Response) -> Response {
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    response
}
