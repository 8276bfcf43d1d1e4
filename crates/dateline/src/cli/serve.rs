//! `dateline serve`: the site, with the jobs that run beside it.

use std::sync::Arc;

use anyhow::Context;
use clap::Args;
use dateline_core::clock::Clock;
use dateline_core::comments::CommentSettings;
use dateline_core::store::prelude::*;
use dateline_store::SqlStore;

use crate::config::Settings;

/// Options of `dateline serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on [default: 127.0.0.1:8080]
    #[arg(long, value_name = "ADDR")]
    pub bind: Option<String>,
    /// Load the demo newsroom if the database has no articles yet.
    #[arg(long)]
    pub demo: bool,
}

/// Serves `/metrics` on its own address, in the background, for the life of the process.
async fn serve_metrics(bind: std::net::SocketAddr, app: dateline_web::AppState) -> anyhow::Result<()> {
    let handle = dateline_web::metrics::install()?;
    let listener =
        tokio::net::TcpListener::bind(bind).await.with_context(|| format!("cannot listen on {bind} for metrics"))?;
    let address = listener.local_addr()?;
    tracing::info!("metrics are served on http://{address}/metrics");
    tokio::spawn(async move {
        if let Err(error) = dateline_web::metrics::serve(listener, app, handle).await {
            tracing::error!(%error, "the metrics address stopped");
        }
    });
    Ok(())
}

/// Refuses to start when `[moderation]` names a service that does not exist: a misspelt
/// code would otherwise leave a threshold silently unused.
async fn check_moderation_services(
    store: &SqlStore,
    moderation: &dateline_core::score::ModerationSettings,
) -> anyhow::Result<()> {
    let services = store.services().await?;
    for code in moderation.services() {
        if !services.iter().any(|s| s.code == code) {
            anyhow::bail!(
                "[moderation] names the service {code:?}, which does not exist (see `dateline service list`)"
            );
        }
    }
    Ok(())
}

/// Serves the site until SIGTERM or Ctrl-C.
pub async fn run(settings: &Settings, args: ServeArgs) -> anyhow::Result<()> {
    let opened = crate::open(settings).await?;
    let clock = crate::clock();
    if args.demo {
        if opened.store.article_count().await? == 0 {
            let imported = crate::demo::load(opened.store.as_ref(), opened.media.as_ref(), clock.now()).await?;
            tracing::info!(articles = imported.len(), "loaded the demo newsroom");
        } else {
            tracing::info!("the database already has articles; demo content not loaded");
        }
    }
    // Images stored before they were cleaned of metadata are cleaned before anything is served.
    let cleaning =
        dateline_core::media::clean_stored_media(opened.store.as_ref(), opened.media.as_ref(), clock.now()).await?;
    if cleaning.cleaned > 0 || !cleaning.unreadable.is_empty() {
        tracing::warn!(
            cleaned = cleaning.cleaned,
            articles = cleaning.articles,
            unreadable = cleaning.unreadable.len(),
            "removed metadata from stored images"
        );
    }
    check_moderation_services(opened.store.as_ref(), &settings.moderation).await?;
    spawn_retention_job(opened.store.clone(), settings.comments.clone(), clock.clone());
    let app = dateline_web::App::build(opened.store.clone(), opened.media.clone(), clock, settings.site())?;
    let listener = tokio::net::TcpListener::bind(settings.bind)
        .await
        .with_context(|| format!("cannot listen on {}", settings.bind))?;
    let address = listener.local_addr()?;
    if let Some(link) = setup_link(&app, address).await? {
        tracing::warn!("no admin account yet: create one at {link} (the link works until an admin exists)");
    }
    tracing::info!(database = %dateline_store::redact_url(&settings.database_url), "Dateline is serving on http://{address}/");
    if let Some(metrics_bind) = settings.metrics_bind {
        serve_metrics(metrics_bind, app.clone()).await?;
    }
    dateline_web::serve(listener, app, crate::shutdown_signal()).await?;
    opened.store.close().await;
    Ok(())
}

/// The one-time link for creating the first admin, if no admin ever existed.
pub async fn setup_link(app: &dateline_web::App, address: std::net::SocketAddr) -> anyhow::Result<Option<String>> {
    Ok(dateline_web::console::setup::setup_token(app)
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?
        .map(|token| format!("http://{address}/admin/setup?token={token}")))
}

/// Runs the retention job at start-up and every hour after.
fn spawn_retention_job(store: Arc<SqlStore>, comments: CommentSettings, clock: Arc<dyn Clock>) {
    tokio::spawn(async move {
        let mut every_hour = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every_hour.tick().await;
            match dateline_core::comments::apply_retention(store.as_ref(), &comments, clock.now()).await {
                Ok(report) => tracing::info!(
                    comments = report.comments,
                    secrets = report.secrets,
                    "retention job erased address hashes and emails past {} days",
                    comments.retention_days
                ),
                Err(error) => tracing::warn!(%error, "retention job failed; it will run again in an hour"),
            }
            // Story forms kept for writers who never signed in again hold unpublished text.
            if let Err(error) = dateline_core::desk::stash::forget_expired(store.as_ref(), clock.now()).await {
                tracing::warn!(%error, "forgetting expired kept forms failed; it will run again in an hour");
            }
        }
    });
}
