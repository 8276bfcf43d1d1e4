//! `dateline import disqus|wordpress FILE …`: comments (and posts) from another system.

use std::path::PathBuf;

use clap::Subcommand;

use dateline_core::store::prelude::*;

use crate::config::Settings;
use crate::import::{self, UrlPattern};

/// What to import.
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// A Disqus export (XML): its threads are matched to the service's stories by URL.
    Disqus {
        /// The export file.
        file: PathBuf,
        /// The service whose stories the comments belong to.
        #[arg(long, value_name = "CODE")]
        service: String,
        /// The stories' URLs, `{slug}` standing for the slug and `*` for anything, e.g.
        /// https://www.example.org/english/*/{slug}.html
        #[arg(long, value_name = "PATTERN")]
        url_pattern: String,
        /// Say what would be imported; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// A WordPress export (WXR): posts become stories (or match existing ones by URL),
    /// their comments comments.
    Wordpress {
        /// The export file.
        file: PathBuf,
        /// The service the posts and comments go to.
        #[arg(long, value_name = "CODE")]
        service: String,
        /// Match posts to existing stories by URL (`{slug}`, `*`), instead of making stories.
        #[arg(long, value_name = "PATTERN")]
        url_pattern: Option<String>,
        /// Say what would be imported; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

/// Runs an import and prints its report.
pub async fn run(settings: &Settings, command: ImportCommand) -> anyhow::Result<()> {
    let opened = crate::open(settings).await?;
    let store = opened.store.as_ref();
    let service_of = |code: &str| {
        let code = code.to_owned();
        async move {
            let services = store.services().await?;
            services.into_iter().find(|s| s.code == code).ok_or_else(|| anyhow::anyhow!("there is no service {code:?}"))
        }
    };
    let pattern = |text: &str| text.parse::<UrlPattern>().map_err(|why| anyhow::anyhow!(why));
    let (report, dry_run) = match command {
        ImportCommand::Disqus { file, service, url_pattern, dry_run } => {
            let pattern = pattern(&url_pattern)?;
            let service = service_of(&service).await?;
            (import::disqus::import(store, &service, &file, &pattern, dry_run).await?, dry_run)
        }
        ImportCommand::Wordpress { file, service, url_pattern, dry_run } => {
            let pattern = url_pattern.as_deref().map(pattern).transpose()?;
            let service = service_of(&service).await?;
            let media = opened.media.as_ref();
            (import::wordpress::import(store, media, &service, &file, pattern.as_ref(), dry_run).await?, dry_run)
        }
    };
    for line in report.lines(dry_run) {
        println!("{line}");
    }
    Ok(())
}
