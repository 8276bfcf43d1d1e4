//! `dateline service …`: language services, their Terms of Use, comment notices and the
//! origins whose pages may carry their comments.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::Subcommand;
use dateline_core::CommentPolicy;
use dateline_core::attack::AttackMode;
use dateline_core::embed;
use dateline_core::moderation::Actor;
use dateline_core::services::{self, NewService};
use dateline_core::store::prelude::*;

use super::one_of;
use crate::config::Settings;

/// Service commands.
#[derive(Debug, Subcommand)]
pub enum ServiceCommand {
    /// Create a language service.
    Add {
        /// Short code, also the URL prefix (e.g. korean).
        code: String,
        /// The service's name in English (e.g. Korean).
        #[arg(long)]
        name: String,
        /// The service's name in its own language (e.g. 한국어) [default: the name]
        #[arg(long)]
        native_name: Option<String>,
        /// BCP-47 language tag (e.g. ko, zh-Hans, ug).
        #[arg(long)]
        language: String,
        /// Text direction [default: from the language]
        #[arg(long, value_parser = ["ltr", "rtl"])]
        direction: Option<String>,
        /// IANA time zone for dates (e.g. Asia/Seoul) [default: UTC]
        #[arg(long)]
        time_zone: Option<String>,
        /// Comment policy of articles that set none [default: open]
        #[arg(long, value_parser = one_of::<CommentPolicy>(CommentPolicy::ALL.map(CommentPolicy::as_str)))]
        comments: Option<CommentPolicy>,
    },
    /// List services: code, name, language, direction, time zone (tab-separated).
    List {
        /// Print a header line first.
        #[arg(long)]
        header: bool,
    },
    /// Publish a new version of a service's Terms of Use from a Markdown file (audited).
    Terms {
        /// The service's code.
        code: String,
        /// The terms, in Markdown.
        file: PathBuf,
    },
    /// Set the notice shown above a service's comment form, or go back to the standard one
    /// (audited).
    Notice {
        /// The service's code.
        code: String,
        /// The notice, as plain text.
        #[arg(long, conflicts_with_all = ["file", "reset"])]
        text: Option<String>,
        /// A file holding the notice.
        #[arg(long, conflicts_with = "reset")]
        file: Option<PathBuf>,
        /// Use the standard, translated notice again.
        #[arg(long)]
        reset: bool,
    },
    /// Close comments on every story of a service (or of every service, --all) at once,
    /// shown on the pages in the service's language, or reopen them as they were
    /// (audited): `lockdown CODE on|off`, `lockdown --all on|off`.
    Lockdown {
        /// Every service.
        #[arg(long)]
        all: bool,
        /// The service's code (unless --all), then on or off.
        #[arg(required = true, num_args = 1..=2, value_names = ["CODE", "on|off"])]
        args: Vec<String>,
    },
    /// Set a service's attack mode (audited): `on` asks every comment for a proof of work
    /// (or, without JavaScript, a longer wait), `auto` does while submissions pass
    /// comments.attack_per_minute, `off` never.
    AttackMode {
        /// The service's code.
        code: String,
        /// on, off or auto.
        #[arg(value_parser = one_of::<AttackMode>(AttackMode::ALL.map(AttackMode::as_str)))]
        mode: AttackMode,
    },
    /// Let pages of other sites carry a service's comments (the embed): set the origins
    /// they may be on, replacing the list (audited); without origins, print the list.
    Embed {
        /// The service's code.
        code: String,
        /// Origins such as https://www.example.org (scheme, host and port only).
        origins: Vec<String>,
        /// Allow no origin: turn the embed off for the service.
        #[arg(long, conflicts_with = "origins")]
        off: bool,
    },
}

fn read_text(file: &PathBuf) -> anyhow::Result<String> {
    std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))
}

/// Runs a service command.
pub async fn run(settings: &Settings, command: ServiceCommand) -> anyhow::Result<()> {
    let opened = crate::open(settings).await?;
    let store = opened.store.as_ref();
    let now = crate::clock().now();
    let mut out = std::io::stdout().lock();
    match command {
        ServiceCommand::Add { code, name, native_name, language, direction, time_zone, comments } => {
            let mut new = NewService::parse(
                &code,
                &name,
                native_name.as_deref(),
                &language,
                direction.as_deref(),
                time_zone.as_deref(),
            )?;
            if let Some(policy) = comments {
                new.comment_policy = policy;
            }
            let service = services::add_service(store, Actor::CommandLine, &new, now).await?;
            writeln!(
                out,
                "created service {} ({}, {}, {})",
                service.code, service.name, service.language, service.direction
            )?;
        }
        ServiceCommand::Terms { code, file } => {
            let markdown = read_text(&file)?;
            let version = services::publish_terms(store, Actor::CommandLine, &code, &markdown, now)
                .await
                .with_context(|| format!("{} was not published", file.display()))?;
            writeln!(out, "published version {version} of the Terms of Use of {code}")?;
        }
        ServiceCommand::Notice { code, text, file, reset } => {
            let notice = match (text, file) {
                (Some(text), _) => Some(text),
                (None, Some(file)) => Some(read_text(&file)?),
                (None, None) if reset => None,
                (None, None) => {
                    anyhow::bail!("give the notice with --text or --file, or --reset to use the standard one")
                }
            };
            services::set_comment_notice(store, Actor::CommandLine, &code, notice.as_deref(), now).await?;
            match notice {
                Some(_) => writeln!(out, "set the comment notice of {code}")?,
                None => writeln!(out, "{code} uses the standard comment notice again")?,
            }
        }
        ServiceCommand::AttackMode { code, mode } => {
            let changed = services::set_attack_mode(store, Actor::CommandLine, &code, mode, now).await?;
            let already = if changed { "" } else { " (already)" };
            writeln!(out, "{code}: attack mode {mode}{already}")?;
        }
        ServiceCommand::Lockdown { all, args } => {
            let (codes, state) = match (all, args.as_slice()) {
                (true, [state]) => (store.services().await?.into_iter().map(|s| s.code).collect(), state),
                (false, [code, state]) => (vec![code.clone()], state),
                (true, _) => anyhow::bail!("with --all give only on or off: dateline service lockdown --all on|off"),
                (false, _) => anyhow::bail!("give a service and on or off: dateline service lockdown CODE on|off"),
            };
            let on = match state.as_str() {
                "on" => true,
                "off" => false,
                other => anyhow::bail!("{other:?} is neither on nor off"),
            };
            for code in codes {
                let changed = services::set_lockdown(store, Actor::CommandLine, &code, on, now).await?;
                let state = if on { "closed on every story" } else { "open again as each story was" };
                let already = if changed { "" } else { " (already)" };
                writeln!(out, "{code}: comments {state}{already}")?;
            }
        }
        ServiceCommand::Embed { code, origins, off } => {
            if origins.is_empty() && !off {
                let service = store.services().await?.into_iter().find(|s| s.code == code);
                let service =
                    service.with_context(|| format!("there is no service {code:?} (see dateline service list)"))?;
                for origin in &service.embed_origins {
                    writeln!(out, "{origin}")?;
                }
                return Ok(());
            }
            let set = embed::set_embed_origins(store, Actor::CommandLine, &code, &origins, now).await?;
            if set.is_empty() {
                writeln!(out, "no page of another site may carry the comments of {code}")?;
            } else {
                writeln!(out, "pages of {} may carry the comments of {code}", set.join(", "))?;
            }
        }
        ServiceCommand::List { header } => {
            if header {
                writeln!(out, "code\tname\tlanguage\tdirection\ttime_zone")?;
            }
            for s in store.services().await? {
                writeln!(out, "{}\t{}\t{}\t{}\t{}", s.code, s.name, s.language, s.direction, s.time_zone.name())?;
            }
        }
    }
    Ok(())
}
