//! The `dateline` command: one binary that serves the site and runs the newsroom's tools.
//!
//! Every command works through the same library code as the web layer; the command line
//! never has SQL of its own.

pub mod cli;
pub mod config;
pub mod demo;
pub mod import;

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use dateline_core::clock::{Clock, SystemClock};
use dateline_core::media::MediaStore;
use dateline_store::{LocalMediaStore, ObjectMediaStore, SqlStore};

use crate::config::{LogFormat, Settings};

/// The opened state: database and media storage.
pub struct Opened {
    /// The store.
    pub store: Arc<SqlStore>,
    /// The media: the data folder's `media/`, or object storage (`media_url`).
    pub media: Arc<dyn MediaStore>,
}

/// Opens the data folder and the database, applying migrations.
pub async fn open(settings: &Settings) -> anyhow::Result<Opened> {
    std::fs::create_dir_all(&settings.data_dir)
        .with_context(|| format!("cannot create the data folder {}", settings.data_dir.display()))?;
    let store = dateline_store::open(&settings.database_url).await?;
    let media: Arc<dyn MediaStore> = match &settings.media_url {
        Some(url) => Arc::new(ObjectMediaStore::from_url(url)?),
        None => Arc::new(LocalMediaStore::new(settings.data_dir.join("media"))),
    };
    Ok(Opened { store: Arc::new(store), media })
}

/// Sets up logging to standard error; `RUST_LOG` overrides `default_level`.
pub fn init_logging(format: LogFormat, default_level: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default_level));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
}

/// The real clock.
pub fn clock() -> Arc<dyn Clock> {
    Arc::new(SystemClock)
}

/// Waits for SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

/// Reads the files an article names, relative to its folder and only below it: the import
/// checks the path's form (no `..`, not absolute), and this reader refuses a file that a
/// symbolic link takes out of the folder.
pub fn read_relative_to(file: &Path) -> impl Fn(&str) -> std::io::Result<Vec<u8>> + Sync + use<> {
    let base = file.parent().map(Path::to_path_buf).unwrap_or_default();
    let base = if base.as_os_str().is_empty() { std::path::PathBuf::from(".") } else { base };
    let base = base.canonicalize().unwrap_or(base);
    move |relative: &str| {
        let path = base.join(relative).canonicalize()?;
        if !path.starts_with(&base) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                "the image must be inside the article's folder",
            ));
        }
        std::fs::read(path)
    }
}
