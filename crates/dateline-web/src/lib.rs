//! Dateline's web layer: it translates HTTP into domain calls and domain values into pages.
//!
//! Every route is listed in [`router`]. Handlers hold the [`state::App`]; they read
//! through the store interface and render typed views with the theme's templates.

pub mod api;
pub mod assets;
pub mod cache;
pub mod client;
pub mod comments;
pub mod console;
pub mod error;
pub mod i18n;
pub mod notify;
pub mod pages;
pub mod state;
pub mod templates;
pub mod text;
pub mod views;

use std::future::Future;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use axum::routing::get;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

pub use state::{App, AppState, SiteSettings};

/// Content-Security-Policy of every page: nothing from any other host, no script.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; img-src 'self'; style-src 'self'; \
     form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

fn public_routes() -> Router<AppState> {
    Router::new()
        .route("/", get(pages::front_page))
        .route("/{service}", get(pages::service_redirect))
        .route("/{service}/", get(pages::service_home))
        .route("/{service}/tags/{tag}", get(pages::tag_page))
        .route("/{service}/{year}/{month}/{slug}", get(pages::article_page))
        .route("/{service}/terms", get(comments::terms_page))
}

fn comment_routes() -> Router<AppState> {
    Router::new()
        .route("/{service}/{year}/{month}/{slug}/comments", axum::routing::post(comments::submit_form))
        .route("/{service}/{year}/{month}/{slug}/comments/{id}/report", axum::routing::post(comments::report))
        .route("/my/comments", get(comments::my_comments))
        .route("/my/comments.json", get(comments::my_comments_export))
        .route("/my/comments/{id}/delete", axum::routing::post(comments::delete_mine))
}

fn file_routes() -> Router<AppState> {
    Router::new().route("/static/{name}", get(assets::static_file)).route("/media/{key}", get(assets::media_file))
}

async fn healthz(axum::extract::State(app): axum::extract::State<AppState>) -> axum::response::Response {
    use axum::response::IntoResponse;
    match app.store.ping().await {
        Ok(()) => "ok\n".into_response(),
        Err(error) => {
            tracing::error!(%error, "health check failed");
            (axum::http::StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n").into_response()
        }
    }
}

fn header_layer(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
}

/// Every route of the site, with its middleware.
pub fn router(app: AppState) -> Router {
    Router::new()
        .merge(public_routes())
        .merge(comment_routes())
        .nest("/api", api::routes())
        .nest("/admin", console::routes())
        .route("/admin/", get(|| async { axum::response::Redirect::permanent("/admin") }))
        .merge(file_routes())
        .route("/healthz", get(healthz))
        .fallback(error::not_found)
        .layer(axum::middleware::from_fn_with_state(app.clone(), cache::serve_cached))
        .layer(axum::middleware::from_fn_with_state(app.clone(), error::render_error_pages))
        .layer(header_layer(header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY))
        .layer(header_layer(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header_layer(header::REFERRER_POLICY, "same-origin"))
        .layer(header_layer(header::X_FRAME_OPTIONS, "DENY"))
        .layer(RequestBodyLimitLayer::new(app.site.max_body_bytes))
        .layer(TimeoutLayer::with_status_code(axum::http::StatusCode::REQUEST_TIMEOUT, app.site.request_timeout))
        .layer(TraceLayer::new_for_http())
        .with_state(app)
}

/// Serves the site on `listener` until `shutdown` completes, then finishes the requests
/// in flight.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    cache::spawn_change_listener(app.clone());
    notify::spawn_notice_sender(app.clone());
    let service = router(app).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, service).with_graceful_shutdown(shutdown).await
}
