//! `dateline user …`: console accounts from the command line (audited as `command-line`).

use std::io::{BufRead, Write};

use anyhow::bail;
use clap::Subcommand;
use dateline_core::accounts::{self, AccountError, DirectPasswords, NewAccount, Role};
use dateline_core::moderation::Actor;
use dateline_core::store::prelude::*;

use super::one_of;
use crate::config::Settings;

/// User commands.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a console user. Without --password-stdin a strong password is generated and printed once.
    Add {
        /// Login name.
        name: String,
        /// What the user may do.
        #[arg(long, value_parser = one_of::<Role>(Role::ALL.map(Role::as_str)))]
        role: Role,
        /// The services the user works in (every role but admin), comma-separated codes.
        #[arg(long, value_delimiter = ',')]
        service: Vec<String>,
        /// Read the password from standard input instead.
        #[arg(long)]
        password_stdin: bool,
    },
    /// List users: name, role, services, status, second factor (tab-separated).
    List {
        /// Print a header line first.
        #[arg(long)]
        header: bool,
    },
    /// Disable a user: they cannot sign in, and their sessions end.
    Disable {
        /// Login name.
        name: String,
    },
    /// Set a new password (generated and printed once, or from standard input); every session ends.
    ResetPassword {
        /// Login name.
        name: String,
        /// Read the password from standard input instead.
        #[arg(long)]
        password_stdin: bool,
    },
}

/// A new password: the first line of standard input, or a generated one (and whether it was
/// generated, to be printed once).
fn new_password(from_stdin: bool) -> anyhow::Result<(String, bool)> {
    if !from_stdin {
        return Ok((accounts::generate_password(), true));
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok((line.trim_end_matches(['\n', '\r']).to_owned(), false))
}

async fn user_named(store: &dyn Store, name: &str) -> anyhow::Result<accounts::User> {
    match store.user_by_name(name).await? {
        Some(user) => Ok(user),
        None => bail!("{}", AccountError::NoSuchUser(name.to_owned())),
    }
}

/// Runs a user command.
pub async fn run(settings: &Settings, command: UserCommand) -> anyhow::Result<()> {
    let opened = crate::open(settings).await?;
    let store = opened.store.as_ref();
    let now = crate::clock().now();
    let mut out = std::io::stdout().lock();
    match command {
        UserCommand::Add { name, role, service, password_stdin } => {
            let (password, generated) = new_password(password_stdin)?;
            let new = NewAccount { name, role, services: service, password: password.clone() };
            let user = match accounts::add_user(store, &DirectPasswords, Actor::CommandLine, &new, now).await {
                Ok(user) => user,
                Err(error @ AccountError::ServicesRequired(_)) => bail!("{error} (--service CODE,...)"),
                Err(error) => return Err(error.into()),
            };
            writeln!(out, "created user {} ({})", user.name, user.role)?;
            if generated {
                writeln!(out, "password: {password}")?;
                writeln!(out, "(shown only now; the user can change it under /admin/account)")?;
            }
        }
        UserCommand::List { header } => {
            let services = store.services().await?;
            if header {
                writeln!(out, "name\trole\tservices\tstatus\tsecond_factor")?;
            }
            for user in store.users().await? {
                let codes: Vec<&str> = user
                    .services
                    .iter()
                    .filter_map(|id| services.iter().find(|s| s.id == *id))
                    .map(|s| s.code.as_str())
                    .collect();
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}",
                    user.name,
                    user.role,
                    if codes.is_empty() { "-".to_owned() } else { codes.join(",") },
                    if user.disabled { "disabled" } else { "active" },
                    if user.totp_secret.is_some() { "on" } else { "off" }
                )?;
            }
        }
        UserCommand::Disable { name } => {
            let user = user_named(store, &name).await?;
            if accounts::disable_user(store, Actor::CommandLine, &user, now).await? {
                writeln!(out, "disabled {name}; their sessions ended")?;
            } else {
                writeln!(out, "{name} was already disabled")?;
            }
        }
        UserCommand::ResetPassword { name, password_stdin } => {
            let user = user_named(store, &name).await?;
            let (password, generated) = new_password(password_stdin)?;
            accounts::reset_password(store, &DirectPasswords, Actor::CommandLine, &user, &password, now).await?;
            writeln!(out, "new password set for {name}; their sessions ended")?;
            if generated {
                writeln!(out, "password: {password}")?;
            }
        }
    }
    Ok(())
}
