//! `dateline mirror export DIR`: the public site as static files, for mirrors.

use std::io::Write;
use std::path::PathBuf;

use anyhow::bail;
use clap::Subcommand;

use crate::config::Settings;

/// Mirror commands.
#[derive(Debug, Subcommand)]
pub enum MirrorCommand {
    /// Write the public site — pages, lite pages, feeds, sitemaps, styles and images — as
    /// static files with relative links, into DIR. Only files whose content changed are
    /// rewritten, each atomically; the run prints every file it wrote or removed.
    Export {
        /// The mirror's folder (created if missing).
        dir: PathBuf,
        /// The path the mirror is served under (e.g. /news), for the absolute links of its
        /// feeds, sitemaps and canonical links.
        #[arg(long, value_name = "/PATH")]
        base_path: Option<String>,
        /// The mirror's own address (e.g. https://mirror.example); without it, absolute
        /// links name `base_url`, the main site.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Fetch only what changed since the last export (by the change log), and the
        /// pages it newly links to; everything when the log no longer reaches back.
        #[arg(long)]
        since_last: bool,
    },
}

/// The absolute address a mirror's feeds and sitemaps use: its own or the main site's,
/// followed by the path it is served under.
fn mirror_address(settings: &Settings, base_url: Option<String>, base_path: Option<String>) -> anyhow::Result<String> {
    let Some(address) = base_url.or_else(|| settings.base_url.clone()) else {
        bail!("set base_url (or give --base-url): a mirror's feeds and sitemaps need an absolute address");
    };
    let path = base_path.unwrap_or_default();
    let path = path.trim().trim_end_matches('/');
    if !path.is_empty() && (!path.starts_with('/') || path.contains(['?', '#', ' ', '"'])) {
        bail!("--base-path {path:?} must be a path such as /news");
    }
    Ok(format!("{}{path}", address.trim_end_matches('/')))
}

/// Runs a mirror command.
pub async fn run(settings: &Settings, command: MirrorCommand) -> anyhow::Result<()> {
    let MirrorCommand::Export { dir, base_path, base_url, since_last } = command;
    let address = mirror_address(settings, base_url, base_path)?;
    let opened = crate::open(settings).await?;
    let mut site = settings.site();
    site.base_url = Some(address);
    site.cache_bytes = 0;
    site.mirror = Some(dateline_web::MirrorSettings { comment_url: settings.mirror_comment_url.clone() });
    let app = dateline_web::App::build(opened.store.clone(), opened.media.clone(), crate::clock(), site)?;
    let report = dateline_web::mirror::export(app, &dir, since_last).await?;
    let mut out = std::io::stdout().lock();
    for file in &report.written {
        writeln!(out, "wrote {file}")?;
    }
    for file in &report.removed {
        writeln!(out, "removed {file}")?;
    }
    writeln!(
        out,
        "{} file(s) written, {} removed, {} unchanged{}",
        report.written.len(),
        report.removed.len(),
        report.unchanged,
        if report.incremental { " (only what changed since the last export)" } else { "" }
    )?;
    opened.store.close().await;
    Ok(())
}
