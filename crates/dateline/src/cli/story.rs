//! `dateline story …`: the desk's stories from the command line.

use std::io::Write;

use clap::Subcommand;
use dateline_core::desk::StoryStatus;
use dateline_core::store::StoryFilter;
use dateline_core::store::prelude::*;

use super::one_of;
use crate::config::Settings;

/// Story commands.
#[derive(Debug, Subcommand)]
pub enum StoryCommand {
    /// List stories, most recently changed first: id, service, status, slug, headline
    /// (tab-separated).
    List {
        /// Only stories of this service (code).
        #[arg(long)]
        service: Option<String>,
        /// Only stories in this status.
        #[arg(long, value_parser = one_of::<StoryStatus>(StoryStatus::ALL.map(StoryStatus::as_str)))]
        status: Option<StoryStatus>,
        /// At most this many.
        #[arg(long, default_value_t = 1000)]
        limit: u32,
        /// Print a header line first.
        #[arg(long)]
        header: bool,
    },
}

/// Runs a story command.
pub async fn run(settings: &Settings, command: StoryCommand) -> anyhow::Result<()> {
    let StoryCommand::List { service, status, limit, header } = command;
    let opened = crate::open(settings).await?;
    let store = opened.store.as_ref();
    let services = store.services().await?;
    let only = match &service {
        Some(code) => match services.iter().find(|s| &s.code == code) {
            Some(found) => Some(vec![found.id]),
            None => anyhow::bail!("there is no service {code:?} (see dateline service list)"),
        },
        None => None,
    };
    let filter = StoryFilter { services: only, status, limit, now: crate::clock().now(), ..StoryFilter::default() };
    let mut out = std::io::stdout().lock();
    if header {
        writeln!(out, "id\tservice\tstatus\tslug\theadline")?;
    }
    for story in store.stories(&filter).await? {
        let code = services.iter().find(|s| s.id == story.service_id).map_or("", |s| s.code.as_str());
        writeln!(out, "{}\t{}\t{}\t{}\t{}", story.id.0, code, story.status, story.slug, story.headline)?;
    }
    Ok(())
}
