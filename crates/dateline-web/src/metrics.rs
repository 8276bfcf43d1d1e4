//! What a Prometheus server scrapes: `/metrics` in the text format, served only on its own
//! address (`metrics_bind`), never on the site's. Requests are counted by route template
//! (never by raw path, so the label set stays small), with latency histograms; the page
//! cache, the submission batches, notices, the queues per service and state, time to
//! moderation and the database pools are reported too.

use std::time::Instant;

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::state::AppState;

/// Request latency buckets, in seconds.
const LATENCY_BUCKETS: [f64; 12] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0];
/// Comment batch size buckets.
const BATCH_BUCKETS: [f64; 9] = [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0];

/// Installs the process's metrics recorder (once, when `metrics_bind` is set); the handle
/// renders what it recorded.
pub fn install() -> Result<PrometheusHandle, metrics_exporter_prometheus::BuildError> {
    PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Full("dateline_http_request_duration_seconds".into()), &LATENCY_BUCKETS)?
        .set_buckets_for_metric(Matcher::Full("dateline_comment_batch_size".into()), &BATCH_BUCKETS)?
        .install_recorder()
}

/// Counts a request and times it, by its route's template (`/{service}/{year}/…`).
pub async fn track(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |path| path.as_str().to_owned());
    let method = request.method().as_str().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!("dateline_http_requests_total", "route" => route.clone(), "method" => method, "status" => status)
        .increment(1);
    metrics::histogram!("dateline_http_request_duration_seconds", "route" => route)
        .record(started.elapsed().as_secs_f64());
    response
}

/// Serves the metrics address until the process ends.
pub async fn serve(listener: tokio::net::TcpListener, app: AppState, handle: PrometheusHandle) -> std::io::Result<()> {
    axum::serve(listener, router(app, handle)).await
}

/// The router of the metrics address: `GET /metrics` only.
pub fn router(app: AppState, handle: PrometheusHandle) -> Router {
    Router::new().route("/metrics", get(move |state| scrape(state, handle.clone()))).with_state(app)
}

/// `GET /metrics`: the figures read at scrape time (queues, cache, pools), then everything
/// recorded, in the Prometheus text format.
async fn scrape(State(app): State<AppState>, handle: PrometheusHandle) -> Response {
    if let Err(error) = gauges(&app).await {
        tracing::warn!(%error, "metrics: the database could not be read; queue figures are stale");
    }
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], handle.render()).into_response()
}

async fn gauges(app: &AppState) -> Result<(), dateline_core::store::StoreError> {
    let cache = app.cache.stats();
    metrics::counter!("dateline_page_cache_hits_total").absolute(cache.hits);
    metrics::counter!("dateline_page_cache_misses_total").absolute(cache.misses);
    metrics::gauge!("dateline_page_cache_bytes").set(cache.bytes as f64);
    for (pool, open, idle) in app.store.pool_usage() {
        metrics::gauge!("dateline_db_pool_connections", "pool" => pool, "state" => "open").set(f64::from(open));
        metrics::gauge!("dateline_db_pool_connections", "pool" => pool, "state" => "idle").set(f64::from(idle));
    }
    let now = app.clock.now();
    for waiting in app.store.waiting_counts(None).await? {
        let labels = [("service", waiting.service_code.clone()), ("state", waiting.state.as_str().to_owned())];
        metrics::gauge!("dateline_comments_waiting", &labels).set(waiting.count as f64);
        if let Some(oldest) = waiting.oldest {
            let seconds = (now - oldest).num_seconds().max(0) as f64;
            metrics::gauge!("dateline_comments_oldest_waiting_seconds", &labels).set(seconds);
        }
    }
    let mut delays: std::collections::BTreeMap<String, Vec<i64>> = std::collections::BTreeMap::new();
    for delay in app.store.moderation_delays(now - chrono::Duration::days(7)).await? {
        delays.entry(delay.service_code).or_default().push(delay.seconds);
    }
    for (service, seconds) in delays {
        if let Some((median, p90)) = dateline_core::moderation::median_and_p90(seconds) {
            let gauge = |quantile: &'static str| metrics::gauge!("dateline_time_to_moderation_seconds", "service" => service.clone(), "quantile" => quantile);
            gauge("0.5").set(median as f64);
            gauge("0.9").set(p90 as f64);
        }
    }
    Ok(())
}
