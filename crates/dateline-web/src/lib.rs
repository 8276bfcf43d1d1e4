//! Dateline's web layer: it translates HTTP into domain calls and domain values into pages.
//!
//! Every route is listed, by area, in [`routes`]. Handlers hold the [`state::App`]; they read
//! through the store interface and render typed views with the theme's templates.

pub mod api;
pub mod cache;
pub mod client;
pub mod comments;
pub mod console;
pub mod error;
pub mod files;
pub mod i18n;
pub mod messages;
pub mod metrics;
pub mod mirror;
pub mod notices;
pub mod pages;
pub mod routes;
pub mod state;
pub mod templates;
pub mod text;
pub mod tokens;
pub mod urls;
pub mod views;

use std::future::Future;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

pub use state::{App, AppState, MirrorSettings, SiteSettings};

/// Content-Security-Policy of every page: nothing from any other host; scripts only the
/// site's own static files (the proof of work of attack mode; no page needs one to work),
/// never inline.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; img-src 'self'; style-src 'self'; \
     script-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

fn header_layer(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
}

/// `Strict-Transport-Security` of a site served over HTTPS: browsers go straight to
/// HTTPS for a year, so a first visit cannot be stripped to plain HTTP.
const HSTS: &str = "max-age=31536000";

/// A NUL character in the path or the query names nothing: it is answered as "not found"
/// (in the API's query, "bad request") before any handler (PostgreSQL refuses NUL in
/// text, and the error would be a 500).
async fn refuse_nul(request: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    use axum::response::IntoResponse;
    let uri = request.uri();
    let has_nul = |text: &str| text.to_ascii_lowercase().contains("%00");
    if has_nul(uri.path()) {
        return axum::http::StatusCode::NOT_FOUND.into_response();
    }
    if uri.query().is_some_and(has_nul) {
        // The API's query parameters are values the request got wrong; a page's name nothing.
        let api = uri.path().starts_with("/api/");
        return if api { axum::http::StatusCode::BAD_REQUEST } else { axum::http::StatusCode::NOT_FOUND }
            .into_response();
    }
    next.run(request).await
}

/// `X-Frame-Options: DENY` on every answer but those whose Content-Security-Policy names
/// who may frame them (the embed's `frame-ancestors`): no page of the site is framed by
/// another unless it is meant to be.
async fn deny_framing(request: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let framed_on_purpose = headers
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|policy| policy.contains("frame-ancestors") && !policy.contains("frame-ancestors 'none'"));
    if !framed_on_purpose && !headers.contains_key(header::X_FRAME_OPTIONS) {
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    response
}

/// Every route of the site, with its middleware.
pub fn router(app: AppState) -> Router {
    let uploads = routes::uploads()
        .layer(axum::extract::DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(app.site.max_upload_bytes));
    let site = routes::all()
        .layer(axum::middleware::from_fn_with_state(app.clone(), console::kept_forms::keep_forms_of_ended_sessions))
        .layer(RequestBodyLimitLayer::new(app.site.max_body_bytes))
        .merge(uploads)
        .fallback(error::not_found)
        .layer(axum::middleware::from_fn_with_state(app.clone(), cache::serve_cached))
        .layer(axum::middleware::from_fn(refuse_nul))
        .layer(axum::middleware::from_fn_with_state(app.clone(), error::render_error_pages))
        .layer(axum::middleware::from_fn_with_state(app.clone(), urls::onion_location))
        .layer(header_layer(header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY))
        .layer(header_layer(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header_layer(header::REFERRER_POLICY, "same-origin"))
        .layer(axum::middleware::from_fn(deny_framing))
        .layer(tower::util::option_layer(
            app.site.https().then(|| header_layer(header::STRICT_TRANSPORT_SECURITY, HSTS)),
        ))
        .layer(axum::middleware::from_fn(metrics::track))
        .layer(TimeoutLayer::with_status_code(axum::http::StatusCode::REQUEST_TIMEOUT, app.site.request_timeout))
        .layer(TraceLayer::new_for_http())
        .with_state(app.clone());
    // Around the whole router, not route by route: the router's own answers (a 405 with
    // its `Allow` header) are finished too.
    let api_errors = axum::middleware::from_fn_with_state(app, api::errors::api_errors);
    Router::new().fallback_service(tower::Layer::layer(&api_errors, site))
}

/// Every second, looks at the comments sent and decided since, off the submission path:
/// places new comments in their campaigns of copies ([`dateline_core::campaigns`]), scores
/// them ([`dateline_core::score`]; the system decides past a service's thresholds), and
/// learns the moderators' new decisions. Every node runs it; each comment is claimed once.
fn spawn_comment_analysis(app: AppState) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(1));
        loop {
            every.tick().await;
            let store = app.store.as_ref();
            drain("place new comments in campaigns", || dateline_core::campaigns::place_new_comments(store, BATCH))
                .await;
            drain("score new comments", || {
                dateline_core::score::score_new_comments(store, &app.site.moderation, BATCH, app.clock.now())
            })
            .await;
            drain("learn moderators' decisions", || dateline_core::score::learn_decisions(store, BATCH)).await;
        }
    });
}

/// Comments each step of [`spawn_comment_analysis`] reads at a time.
const BATCH: u32 = 500;

/// Runs one step of [`spawn_comment_analysis`] until it reads less than a full batch.
async fn drain<F, Fut>(what: &str, mut step: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = dateline_core::store::StoreResult<usize>>,
{
    loop {
        match step().await {
            Ok(read) if read == BATCH as usize => continue,
            Ok(_) => return,
            Err(error) => {
                tracing::warn!(%error, "cannot {what}; trying again in 1 s");
                return;
            }
        }
    }
}

/// Every few seconds, announces the scheduled stories whose time has come, so every node
/// drops the pages that now show them (each story once, whichever node gets there first).
fn spawn_publication_announcer(app: AppState) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(5));
        loop {
            every.tick().await;
            if let Err(error) = app.store.announce_publications(app.clock.now()).await {
                tracing::warn!(%error, "cannot announce scheduled stories; trying again in 5 s");
            }
        }
    });
}

/// Serves the site on `listener` until `shutdown` completes, then finishes the requests
/// in flight.
///
/// Each connection must send a complete request header within `header_timeout`, also
/// while it waits idle for its next request, or it is closed: a client that opens
/// connections and sends nothing, or trickles its headers (slowloris), holds nothing for
/// long. At most `max_connections` are held at once; further ones wait in the listen
/// queue until one closes. Slow bodies are cut by the request timeout (408).
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use tower::ServiceExt;
    cache::spawn_change_listener(app.clone());
    notices::spawn_notice_sender(app.clone());
    spawn_publication_announcer(app.clone());
    spawn_comment_analysis(app.clone());
    let site = router(app.clone());
    let permits = std::sync::Arc::new(tokio::sync::Semaphore::new(app.site.max_connections.max(1)));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(hyper_util::rt::TokioTimer::new()).header_read_timeout(app.site.header_timeout);
    let shutdown = std::pin::pin!(shutdown);
    let mut shutdown = shutdown;
    loop {
        let permit = tokio::select! {
            permit = permits.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors, say: wait a moment rather than spin.
                    tracing::warn!(%error, "cannot accept a connection");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let site = site.clone();
        let service = hyper::service::service_fn(move |request: hyper::Request<hyper::body::Incoming>| {
            let mut request = request.map(axum::body::Body::new);
            request.extensions_mut().insert(axum::extract::ConnectInfo(peer));
            site.clone().oneshot(request)
        });
        let connection = graceful.watch(http.serve_connection(hyper_util::rt::TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, "connection ended with an error");
            }
            drop(permit);
        });
    }
    drop(listener);
    if tokio::time::timeout(app.site.request_timeout, graceful.shutdown()).await.is_err() {
        tracing::warn!("some connections were still open when the server stopped");
    }
    Ok(())
}
