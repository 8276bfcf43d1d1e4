//! `dateline config check`: validates the settings (config file, environment, flags) and
//! prints the ones in force, secrets redacted.

use clap::Subcommand;

use crate::config::Settings;

/// `dateline config …`
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Validate the config file and the environment; print the effective settings, secrets
    /// redacted (exit 1 naming the first problem).
    Check,
}

/// Runs a config command. The settings were resolved (and so checked) before it runs.
pub fn run(settings: &Settings, command: ConfigCommand) -> anyhow::Result<()> {
    match command {
        ConfigCommand::Check => {
            print!("{}", settings.describe());
            Ok(())
        }
    }
}
