//! `dateline person …`: the directory of people behind credits (audited as `command-line`).

use std::io::Write;

use anyhow::bail;
use clap::Subcommand;
use dateline_core::moderation::Actor;
use dateline_core::people::{self, PersonError, PersonForm, PersonName};
use dateline_core::store::prelude::*;

use crate::config::Settings;

/// Directory commands.
#[derive(Debug, Subcommand)]
pub enum PersonCommand {
    /// Add a person: a name per language or script, the first being their own.
    Add {
        /// A name and the language it is written for, as LANGUAGE=NAME (`ko=김지원`,
        /// `ko-Latn=Kim Ji-won`); repeat for each.
        #[arg(long = "name", value_name = "LANGUAGE=NAME", required = true)]
        names: Vec<String>,
        /// Their pages' address (`/SERVICE/people/SLUG`); made from the name in Latin
        /// letters when left out.
        #[arg(long)]
        slug: Option<String>,
        /// The console user they are.
        #[arg(long)]
        user: Option<String>,
    },
    /// List the directory: slug, console user, names as LANGUAGE=NAME separated by "; "
    /// (tab-separated).
    List {
        /// Print a header line first.
        #[arg(long)]
        header: bool,
    },
}

/// Reads `LANGUAGE=NAME`.
fn name_arg(text: &str) -> anyhow::Result<PersonName> {
    match text.split_once('=') {
        Some((language, name)) => Ok(PersonName { language: language.trim().to_owned(), name: name.to_owned() }),
        None => bail!("--name {text:?}: write it as LANGUAGE=NAME, such as ko=김지원"),
    }
}

/// Runs a directory command.
pub async fn run(settings: &Settings, command: PersonCommand) -> anyhow::Result<()> {
    let opened = crate::open(settings).await?;
    let store = opened.store.as_ref();
    let mut out = std::io::stdout().lock();
    match command {
        PersonCommand::Add { names, slug, user } => {
            let form = PersonForm {
                slug: slug.unwrap_or_default(),
                names: names.iter().map(|n| name_arg(n)).collect::<anyhow::Result<_>>()?,
                user: user.unwrap_or_default(),
            };
            match people::add_person(store, Actor::CommandLine, &form, crate::clock().now()).await {
                Ok(id) => {
                    let person = store.person(id).await?.map(|p| p.slug).unwrap_or_default();
                    writeln!(out, "added {person}")?;
                }
                Err(PersonError::Invalid(problems)) => {
                    let lines: Vec<String> = problems.iter().map(|p| format!("{}: {}", p.field, p.message)).collect();
                    bail!("not added:\n{}", lines.join("\n"));
                }
                Err(error) => return Err(error.into()),
            }
        }
        PersonCommand::List { header } => {
            let users = store.users().await?;
            if header {
                writeln!(out, "slug\tuser\tnames")?;
            }
            for person in store.people().await? {
                let user =
                    person.user.and_then(|id| users.iter().find(|u| u.id == id)).map_or("-", |u| u.name.as_str());
                let names: Vec<String> = person.names.iter().map(|n| format!("{}={}", n.language, n.name)).collect();
                writeln!(out, "{}\t{user}\t{}", person.slug, names.join("; "))?;
            }
        }
    }
    Ok(())
}
