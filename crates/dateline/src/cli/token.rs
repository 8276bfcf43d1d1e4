//! `dateline token …`: API tokens for the newsroom's own tools (audited as `command-line`).

use std::io::Write;

use anyhow::bail;
use clap::Subcommand;
use dateline_core::accounts::{self, Role};
use dateline_core::moderation::Actor;
use dateline_core::store::prelude::*;

use super::one_of;
use crate::config::Settings;

/// Token commands.
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Make an API token for one service and role; it is printed once.
    Add {
        /// The service it works in (code).
        #[arg(long)]
        service: String,
        /// What it may do.
        #[arg(long, value_parser = one_of::<Role>(["reporter", "editor"]))]
        role: Role,
        /// Its name (1 to 40 letters, digits, dots, hyphens and underscores), unique.
        #[arg(long, value_name = "LABEL")]
        name: String,
    },
    /// List tokens: name, service, role, status, created (tab-separated).
    List {
        /// Print a header line first.
        #[arg(long)]
        header: bool,
    },
    /// Revoke a token: requests with it are refused from now on.
    Revoke {
        /// The token's name.
        name: String,
    },
}

/// Runs a token command.
pub async fn run(settings: &Settings, command: TokenCommand) -> anyhow::Result<()> {
    let opened = crate::open(settings).await?;
    let store = opened.store.as_ref();
    let now = crate::clock().now();
    let mut out = std::io::stdout().lock();
    match command {
        TokenCommand::Add { service, role, name } => {
            let (token, secret) = accounts::add_token(store, Actor::CommandLine, &name, &service, role, now).await?;
            writeln!(out, "created token {} ({} of {service})", token.label, token.role)?;
            writeln!(out, "token: {secret}")?;
            writeln!(out, "(shown only now; send it as Authorization: Bearer TOKEN)")?;
        }
        TokenCommand::List { header } => {
            let services = store.services().await?;
            if header {
                writeln!(out, "name\tservice\trole\tstatus\tcreated")?;
            }
            for token in store.api_tokens().await? {
                let code = services.iter().find(|s| s.id == token.service_id).map_or("-", |s| s.code.as_str());
                let status = if token.revoked_at.is_some() { "revoked" } else { "active" };
                writeln!(out, "{}\t{code}\t{}\t{status}\t{}", token.label, token.role, token.created_at.to_rfc3339())?;
            }
        }
        TokenCommand::Revoke { name } => match accounts::revoke_token(store, Actor::CommandLine, &name, now).await {
            Ok(true) => writeln!(out, "revoked {name}")?,
            Ok(false) => writeln!(out, "{name} was already revoked")?,
            Err(error) => bail!("{error}"),
        },
    }
    Ok(())
}
