//! `dateline words …`: the services' word lists (see `dateline_core::words`).

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::Subcommand;
use dateline_core::comments::RejectionReason;
use dateline_core::moderation::Actor;
use dateline_core::store::prelude::*;
use dateline_core::words::{self, WordAction, WordEntry};

use super::one_of;
use crate::config::Settings;

/// Word list commands.
#[derive(Debug, Subcommand)]
pub enum WordsCommand {
    /// Add words or phrases to a service's list, or change what the ones it has do
    /// (audited).
    Add {
        /// The service's code.
        code: String,
        /// What a comment containing one gets: a label, a hold (labelled, never approved
        /// automatically), or rejection at once.
        #[arg(long, value_parser = one_of::<WordAction>(WordAction::ALL.map(WordAction::as_str)))]
        action: WordAction,
        /// The Terms of Use's reason, for --action reject.
        #[arg(long, value_parser = one_of::<RejectionReason>(RejectionReason::ALL.map(RejectionReason::as_str)))]
        reason: Option<RejectionReason>,
        /// The words or phrases (quote a phrase; end one with * to match words starting with it).
        #[arg(required = true)]
        words: Vec<String>,
    },
    /// Remove words or phrases from a service's list (audited).
    Remove {
        /// The service's code.
        code: String,
        /// The entries, as listed.
        #[arg(required = true)]
        words: Vec<String>,
    },
    /// A service's list, one entry a line: the entry, its action, and its reason,
    /// tab-separated.
    List {
        /// The service's code.
        code: String,
    },
    /// Add the entries of a file (one a line, as `list` and `export` write them, or the
    /// entry alone for a label); a bad line imports nothing and is named.
    Import {
        /// The service's code.
        code: String,
        /// The list.
        file: PathBuf,
    },
    /// Write a service's list to standard output, as `import` reads it.
    Export {
        /// The service's code.
        code: String,
    },
}

/// Runs a word list command.
pub async fn run(settings: &Settings, command: WordsCommand) -> anyhow::Result<()> {
    let opened = crate::open(settings).await?;
    let store = opened.store.as_ref();
    let now = crate::clock().now();
    let mut out = std::io::stdout().lock();
    match command {
        WordsCommand::Add { code, action, reason, words: typed } => {
            let entries = typed.iter().map(|w| WordEntry::new(w, action, reason)).collect::<Result<Vec<_>, _>>()?;
            let added = words::add_words(store, Actor::CommandLine, &code, &entries, now).await?;
            writeln!(
                out,
                "{added} entr{} of {code}'s word list set to {action}",
                if added == 1 { "y" } else { "ies" }
            )?;
        }
        WordsCommand::Remove { code, words: typed } => {
            let removed = words::remove_words(store, Actor::CommandLine, &code, &typed, now).await?;
            writeln!(
                out,
                "removed {removed} of {} entr{} from {code}'s word list",
                typed.len(),
                if typed.len() == 1 { "y" } else { "ies" }
            )?;
        }
        WordsCommand::List { code } | WordsCommand::Export { code } => {
            let service = store.services().await?.into_iter().find(|s| s.code == code);
            let service =
                service.with_context(|| format!("there is no service {code:?} (see dateline service list)"))?;
            for entry in store.word_entries(service.id).await? {
                writeln!(out, "{}", entry.line())?;
            }
        }
        WordsCommand::Import { code, file } => {
            let text = std::fs::read_to_string(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let entries = words::parse_list(&text).with_context(|| format!("{} was not imported", file.display()))?;
            let added = words::add_words(store, Actor::CommandLine, &code, &entries, now).await?;
            writeln!(out, "imported {added} entr{} into {code}'s word list", if added == 1 { "y" } else { "ies" })?;
        }
    }
    Ok(())
}
