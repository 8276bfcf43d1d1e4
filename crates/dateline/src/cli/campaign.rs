//! `dateline campaign …`: campaigns of copied comments (see `dateline_core::campaigns`).

use std::io::Write;

use anyhow::Context;
use clap::Subcommand;
use dateline_core::campaigns::{self, CampaignAction};
use dateline_core::comments::{CommentId, RejectionReason};
use dateline_core::moderation::Actor;
use dateline_core::store::prelude::*;

use super::one_of;
use crate::config::Settings;

/// Campaign commands.
#[derive(Debug, Subcommand)]
pub enum CampaignCommand {
    /// Campaigns, the latest first, one a line, tab-separated: id, comments, commenters,
    /// stories, first seen, last seen, a sample of the text.
    List {
        /// Only campaigns with a comment on this service's stories.
        #[arg(long)]
        service: Option<String>,
        /// At most this many.
        #[arg(long, default_value_t = 100)]
        limit: u32,
        /// Print a header line first.
        #[arg(long)]
        header: bool,
    },
    /// Reject every pending or reported comment of a campaign (each audited).
    Reject {
        /// The campaign's id (the label campaign:ID).
        id: i64,
        /// The Terms of Use's reason.
        #[arg(long, value_parser = one_of::<RejectionReason>(RejectionReason::ALL.map(RejectionReason::as_str)))]
        reason: RejectionReason,
        /// A note (required with --reason other).
        #[arg(long)]
        note: Option<String>,
    },
    /// Ban the commenters of a campaign (each token and its address, once; audited).
    Ban {
        /// The campaign's id.
        id: i64,
        /// For how many days (1 to 3650).
        #[arg(long)]
        days: u32,
        /// Why.
        #[arg(long)]
        reason: String,
    },
    /// Approve one comment of a campaign and reject the others as copies (each audited).
    Keep {
        /// The campaign's id.
        id: i64,
        /// The comment to keep.
        comment: i64,
    },
}

fn sample(text: &str) -> String {
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(60) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line,
    }
}

/// Acts on a campaign as the command line.
async fn act(
    store: &dateline_store::SqlStore,
    settings: &Settings,
    id: i64,
    action: &CampaignAction,
) -> anyhow::Result<dateline_core::campaigns::CampaignOutcome> {
    let now = crate::clock().now();
    Ok(campaigns::act(store, Actor::CommandLine, id, action, &settings.comments, now).await?)
}

/// Runs a campaign command.
pub async fn run(settings: &Settings, command: CampaignCommand) -> anyhow::Result<()> {
    let opened = crate::open(settings).await?;
    let store = opened.store.as_ref();
    let mut out = std::io::stdout().lock();
    match command {
        CampaignCommand::List { service, limit, header } => {
            let service_id = match service {
                Some(code) => {
                    let found = store.services().await?.into_iter().find(|s| s.code == code);
                    Some(found.with_context(|| format!("there is no service {code:?} (see dateline service list)"))?.id)
                }
                None => None,
            };
            if header {
                writeln!(out, "id\tcomments\tcommenters\tstories\tfirst_seen\tlast_seen\tsample")?;
            }
            for c in store.campaigns(service_id, limit).await? {
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    c.id,
                    c.comments,
                    c.commenters,
                    c.stories,
                    c.first_seen.to_rfc3339(),
                    c.last_seen.to_rfc3339(),
                    sample(&c.sample)
                )?;
            }
        }
        CampaignCommand::Reject { id, reason, note } => {
            let done = act(store, settings, id, &CampaignAction::RejectAll { reason, note }).await?;
            writeln!(out, "rejected {} comment(s) of campaign {id}", done.decided)?;
        }
        CampaignCommand::Ban { id, days, reason } => {
            let done = act(store, settings, id, &CampaignAction::BanCommenters { days, reason }).await?;
            writeln!(out, "banned {} commenter(s) of campaign {id} for {days} day(s)", done.banned)?;
        }
        CampaignCommand::Keep { id, comment } => {
            let done = act(store, settings, id, &CampaignAction::KeepOne { keep: CommentId(comment) }).await?;
            writeln!(
                out,
                "kept comment {comment}; rejected {} other(s) of campaign {id}",
                done.decided.saturating_sub(1)
            )?;
        }
    }
    Ok(())
}
