//! `dateline campaign …`: campaigns of copied comments (see `dateline_core::campaigns`).

use std::io::Write;

use anyhow::{Context, bail};
use clap::Subcommand;
use dateline_core::comments::{self, CommentState, ModerationError, RejectionReason, Transition};
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
    },
}

fn sample(text: &str) -> String {
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(60) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line,
    }
}

/// Runs a campaign command.
pub async fn run(settings: &Settings, command: CampaignCommand) -> anyhow::Result<()> {
    let opened = crate::open(settings).await?;
    let store = opened.store.as_ref();
    let now = crate::clock().now();
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
        CampaignCommand::Reject { id, reason } => {
            let ids = store.campaign_comments(id).await?;
            if ids.is_empty() {
                bail!("campaign {id} does not exist");
            }
            let mut rejected = 0;
            for comment in ids {
                let waiting = store
                    .comment(comment)
                    .await?
                    .is_some_and(|c| matches!(c.state, CommentState::Pending | CommentState::Reported));
                if !waiting {
                    continue;
                }
                let actor = dateline_core::audit::actors::COMMAND_LINE;
                match comments::transition(store, actor, comment, Transition::Reject, Some(reason.as_str()), now).await
                {
                    Ok(_) => rejected += 1,
                    Err(ModerationError::AlreadyHandled { .. }) => {}
                    Err(error) => return Err(error.into()),
                }
            }
            writeln!(out, "rejected {rejected} comment(s) of campaign {id}")?;
        }
    }
    Ok(())
}
