//! Every route of the site, by area: the public pages, comments, files, the JSON API and
//! the moderation console. A new page starts here: its path, then its handler in the
//! area's module.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{delete, get, post};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::console::{
    self, account, api_tokens, audit, bans, comment, dashboard, editor, extract, history, login, people, photos, queue,
    services, setup, stories, users, words,
};
use crate::state::AppState;
use crate::{api, comments, files, pages};

/// The reader's pages: the front page, service homes, tag and people pages, articles,
/// Terms of Use.
pub fn public() -> Router<AppState> {
    Router::new()
        .route("/", get(pages::front::front_page))
        .route("/{service}", get(pages::lists::service_redirect))
        .route("/{service}/", get(pages::lists::service_home))
        .route("/{service}/tags/{tag}", get(pages::lists::tag_page))
        .route("/{service}/people/{slug}", get(pages::lists::person_page))
        .route("/{service}/{year}/{month}/{slug}", get(pages::articles::article_page))
        .route("/{service}/terms", get(pages::terms::terms_page))
        .route("/preview/{id}/{token}", get(pages::articles::preview))
}

/// The ways to reach the stories: feeds, `robots.txt` and sitemaps, lite pages.
pub fn reach() -> Router<AppState> {
    use pages::{feeds, lite, sitemaps};
    Router::new()
        .route("/rss.xml", get(feeds::site_rss))
        .route("/atom.xml", get(feeds::site_atom))
        .route("/{service}/rss.xml", get(feeds::service_rss))
        .route("/{service}/atom.xml", get(feeds::service_atom))
        .route("/{service}/tags/{tag}/rss.xml", get(feeds::tag_rss))
        .route("/{service}/tags/{tag}/atom.xml", get(feeds::tag_atom))
        .route("/{service}/people/{slug}/rss.xml", get(feeds::person_rss))
        .route("/{service}/people/{slug}/atom.xml", get(feeds::person_atom))
        .route("/robots.txt", get(sitemaps::robots))
        .route("/sitemap.xml", get(sitemaps::index))
        .route("/{service}/sitemap.xml", get(sitemaps::service_sitemap))
        .route("/{service}/news-sitemap.xml", get(sitemaps::news_sitemap))
        .route("/lite/", get(lite::front))
        .route("/lite", get(|| async { Redirect::permanent("/lite/") }))
        .route("/lite/{service}/", get(lite::service_home))
        .route("/lite/{service}/{year}/{month}/{slug}", get(lite::story))
}

/// Readers' comments: submitting, reporting, and a commenter's own comments.
pub fn comments() -> Router<AppState> {
    Router::new()
        .route("/{service}/{year}/{month}/{slug}/comments", post(comments::submit_form))
        .route(
            "/{service}/{year}/{month}/{slug}/comments/{id}/report",
            get(comments::report::report_form).post(comments::report::report),
        )
        .route("/embed/{service}", get(comments::embed::embed_page))
        .route("/embed/{service}/comments", post(comments::embed::submit))
        .route("/my/comments", get(comments::mine::my_comments))
        .route("/my/comments.json", get(comments::mine::my_comments_export))
        .route("/my/comments/{id}/delete", post(comments::mine::delete_mine))
}

/// The theme's static files and the newsroom's media.
pub fn files() -> Router<AppState> {
    Router::new().route("/static/{name}", get(files::static_file)).route("/media/{key}", get(files::media_file))
}

/// The JSON API, relative to `/api` (described by `/api/openapi.json`).
pub fn api() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(api::openapi))
        .route("/v1/articles/{service}/{slug}/comments", get(api::list_comments).post(api::submit_comment))
        .route("/v1/articles/{service}/{slug}/comment-form", get(api::comment_form))
        .route("/v1/comment-counts", get(api::comment_counts))
        .route("/v1/commenter/comments", get(api::commenter_export))
        .route("/v1/comments/{id}", delete(api::delete_comment))
        .route("/v1/stories", get(api::stories::list).post(api::stories::create))
        .route("/v1/stories/{id}", get(api::stories::show).put(api::stories::update))
        .route("/v1/stories/{id}/publish", post(api::stories::publish))
        .route("/v1/stories/{id}/translations", post(api::stories::translate))
        .fallback(api::no_such_route)
}

fn overriding(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value))
}

/// The moderation console, relative to `/admin`: never stored, and under its own
/// Content-Security-Policy.
pub fn console() -> Router<AppState> {
    let routes = Router::new()
        .route("/login", get(login::show_login).post(login::login))
        .route("/login/second-factor", get(login::show_second_factor).post(login::second_factor))
        .route("/logout", post(login::logout))
        .route("/setup", get(setup::show_setup).post(setup::setup))
        .route("/", get(dashboard::dashboard))
        .route("/stories", get(stories::list).post(stories::create))
        .route("/stories/new", get(stories::new_story))
        .route("/stories/{id}", get(editor::show).post(editor::act))
        .route("/stories/{id}/translate", post(editor::translate))
        .route("/stories/{id}/history", get(history::history))
        .route("/stories/{id}/diff", get(history::diff))
        .route("/stories/{id}/revisions/{number}/restore", post(history::restore))
        .route("/stories/{id}/library-photo", post(photos::choose))
        .route("/media", get(photos::library))
        .route("/people", get(people::directory).post(people::add))
        .route("/people/{id}", get(people::show).post(people::change))
        .route("/media/{key}", get(photos::file))
        .route("/comments", get(queue::queue))
        .route("/comments/bulk", post(queue::bulk))
        .route("/campaigns/{id}", post(queue::campaign))
        .route("/comments/{id}", get(comment::comment))
        .route("/comments/{id}/decide", post(queue::decide))
        .route("/comments/{id}/ban", post(comment::ban))
        .route("/bans", get(bans::bans))
        .route("/words", get(words::words))
        .route("/words/{code}", post(words::add))
        .route("/words/{code}/export", get(words::export))
        .route("/words/{code}/remove", post(words::remove))
        .route("/bans/{id}/lift", post(bans::lift_ban))
        .route("/audit", get(audit::audit))
        .route("/users", get(users::users).post(users::add_user))
        .route("/users/{id}/disable", post(users::disable_user))
        .route("/tokens", get(api_tokens::tokens).post(api_tokens::add))
        .route("/tokens/{label}/revoke", post(api_tokens::revoke))
        .route("/services", get(services::services))
        .route("/services/{code}/notice", post(services::set_notice))
        .route("/services/{code}/terms", post(services::publish_terms))
        .route("/services/{code}/defences", post(services::set_defences))
        .route("/account", get(account::account))
        .route("/account/password", post(account::change_password))
        .route("/account/language", post(account::choose_language))
        .route("/account/logout-everywhere", post(account::logout_everywhere))
        .route("/account/second-factor", post(account::second_factor))
        .fallback(|| async { extract::ConsoleError::NotFound });
    console_headers(routes)
}

/// The console's headers on a group of its routes.
fn console_headers(routes: Router<AppState>) -> Router<AppState> {
    routes
        .layer(overriding(header::CONTENT_SECURITY_POLICY, console::CONSOLE_CSP))
        .layer(overriding(header::CACHE_CONTROL, "no-store"))
        .layer(overriding(header::REFERRER_POLICY, "same-origin"))
        .layer(overriding(header::X_FRAME_OPTIONS, "DENY"))
}

/// Routes that take uploads, relative to the site's root: larger bodies than the rest
/// (`max_upload_bytes`), set by [`crate::router`].
pub fn uploads() -> Router<AppState> {
    Router::new()
        .merge(console_headers(Router::new().route("/admin/stories/{id}/photo", post(photos::upload))))
        .route("/api/v1/stories/{id}/image", post(api::stories::image))
}

/// `GET /healthz`: "ok" while the process answers (liveness).
async fn healthz() -> Response {
    "ok\n".into_response()
}

/// `GET /readyz`: "ready" when the database answers and every migration this program knows
/// is applied (readiness: a load balancer sends traffic only then); 503 naming why not.
async fn readyz(State(app): State<AppState>) -> Response {
    let unavailable = |why: &'static str| (StatusCode::SERVICE_UNAVAILABLE, why).into_response();
    match app.store.schema_is_current().await {
        Ok(true) => "ready\n".into_response(),
        Ok(false) => unavailable("database schema not current\n"),
        Err(error) => {
            tracing::error!(%error, "readiness check failed");
            unavailable("database unavailable\n")
        }
    }
}

/// Every area's routes together but the uploads, with `/healthz` (the site-wide middleware
/// is added by [`crate::router`]).
pub fn all() -> Router<AppState> {
    Router::new()
        .merge(public())
        .merge(reach())
        .merge(comments())
        .nest("/api", api())
        .nest("/admin", console())
        .route("/admin/", get(|| async { Redirect::permanent("/admin") }))
        .merge(files())
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
}
