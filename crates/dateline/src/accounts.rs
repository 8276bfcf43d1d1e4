//! `dateline user …`: console accounts from the command line.

use std::io::{BufRead, Write};

use anyhow::bail;
use clap::Subcommand;
use dateline_core::audit::NewAuditEntry;
use dateline_core::auth::{self, NewUser, Role};
use dateline_core::store::{Store, StoreError};

use crate::config::Settings;

/// User commands.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a console user. Without --password-stdin a strong password is generated and printed once.
    Add {
        /// Login name.
        name: String,
        /// admin, moderator or editor.
        #[arg(long)]
        role: String,
        /// Services a moderator moderates, comma-separated codes.
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

fn read_password_stdin() -> anyhow::Result<String> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let password = line.trim_end_matches(['\n', '\r']).to_owned();
    auth::validate_password(&password)?;
    Ok(password)
}

fn new_password(from_stdin: bool) -> anyhow::Result<(String, bool)> {
    if from_stdin { Ok((read_password_stdin()?, false)) } else { Ok((auth::generate_password(), true)) }
}

/// Runs a user command.
pub async fn run(settings: &Settings, command: UserCommand) -> anyhow::Result<()> {
    let opened = crate::open(settings).await?;
    let store = opened.store.as_ref();
    let now = crate::clock().now();
    let mut out = std::io::stdout().lock();
    match command {
        UserCommand::Add { name, role, service, password_stdin } => {
            auth::validate_user_name(&name)?;
            let role: Role = role.parse().map_err(anyhow::Error::msg)?;
            let services = store.services().await?;
            let mut ids = Vec::new();
            for code in service.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
                match services.iter().find(|s| s.code == code) {
                    Some(s) => ids.push(s.id),
                    None => bail!("there is no service {code:?} (see dateline service list)"),
                }
            }
            if role == Role::Moderator && ids.is_empty() {
                bail!("{}", auth::AccountError::ModeratorWithoutServices);
            }
            if role != Role::Moderator {
                ids.clear();
            }
            let (password, generated) = new_password(password_stdin)?;
            let password_hash = auth::hash_password(&password)?;
            let audit = NewAuditEntry::new("command-line", "user.add", format!("user:{name}"))
                .change(serde_json::json!(null), serde_json::json!({ "role": role.as_str(), "services": service }));
            match store
                .create_user(&NewUser { name: name.clone(), role, services: ids, password_hash }, now, &audit)
                .await
            {
                Ok(user) => writeln!(out, "created user {} ({})", user.name, user.role)?,
                Err(StoreError::Conflict(_)) => bail!("a user named {name:?} already exists"),
                Err(error) => return Err(error.into()),
            }
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
            let Some(user) = store.user_by_name(&name).await? else { bail!("there is no user {name:?}") };
            let audit = NewAuditEntry::new("command-line", "user.disable", format!("user:{name}"))
                .change(serde_json::json!({ "disabled": user.disabled }), serde_json::json!({ "disabled": true }));
            if store.disable_user(user.id, now, &audit).await? {
                writeln!(out, "disabled {name}; their sessions ended")?;
            } else {
                writeln!(out, "{name} was already disabled")?;
            }
        }
        UserCommand::ResetPassword { name, password_stdin } => {
            let Some(user) = store.user_by_name(&name).await? else { bail!("there is no user {name:?}") };
            let (password, generated) = new_password(password_stdin)?;
            let audit = NewAuditEntry::new("command-line", "user.reset-password", format!("user:{name}"));
            store.set_password(user.id, &auth::hash_password(&password)?, now, &audit).await?;
            writeln!(out, "new password set for {name}; their sessions ended")?;
            if generated {
                writeln!(out, "password: {password}")?;
            }
        }
    }
    Ok(())
}

/// The one-time link for creating the first admin, if there is no admin yet.
pub async fn setup_link(app: &dateline_web::App, address: std::net::SocketAddr) -> anyhow::Result<Option<String>> {
    Ok(dateline_web::console::login::setup_token(app)
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?
        .map(|token| format!("http://{address}/admin/setup?token={token}")))
}
