//! The command line: `dateline serve` and the newsroom's tools, one module per command.
//!
//! Commands parse and print; what they do is the domain's use cases, the same ones the
//! console calls, so a change made here is checked and audited exactly like one made there.

pub mod article;
pub mod backup;
pub mod campaign;
mod campaign_bench;
pub mod comment;
pub mod config;
pub mod dev;
pub mod export;
pub mod import;
pub mod media;
pub mod mirror;
pub mod person;
pub mod score;
pub mod serve;
pub mod service;
pub mod story;
pub mod token;
pub mod user;
pub mod words;

use std::ffi::OsStr;
use std::path::PathBuf;
use std::str::FromStr;

use clap::builder::{PossibleValue, TypedValueParser};
use clap::error::ErrorKind;
use clap::{Args, Parser, Subcommand};

use crate::config::{Overrides, Settings};

/// Dateline: a self-hosted newsroom platform for multilingual news services.
#[derive(Debug, Parser)]
#[command(name = "dateline", version, about, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    global: GlobalArgs,
    #[command(subcommand)]
    command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
struct GlobalArgs {
    /// Folder for the SQLite database and media files [default: ./dateline-data]
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Database URL: sqlite://PATH or postgres://USER@HOST/DB [env: DATABASE_URL]
    #[arg(long, global = true, value_name = "URL")]
    database_url: Option<String>,
    /// TOML config file [env: DATELINE_CONFIG]
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the site.
    Serve(serve::ServeArgs),
    /// Manage language services.
    #[command(subcommand)]
    Service(service::ServiceCommand),
    /// Manage articles.
    #[command(subcommand)]
    Article(article::ArticleCommand),
    /// The desk's stories.
    #[command(subcommand)]
    Story(story::StoryCommand),
    /// API tokens for the newsroom's tools.
    #[command(subcommand)]
    Token(token::TokenCommand),
    /// The directory of people behind credits.
    #[command(subcommand)]
    Person(person::PersonCommand),
    /// Moderate and list comments.
    #[command(subcommand)]
    Comment(comment::CommentCommand),
    /// Campaigns of copied comments: list them, reject one whole.
    #[command(subcommand)]
    Campaign(campaign::CampaignCommand),
    /// The learned score: rebuild a service's model, measure it on labelled texts.
    #[command(subcommand)]
    Score(score::ScoreCommand),
    /// Manage console users.
    #[command(subcommand)]
    User(user::UserCommand),
    /// The services' word lists: words and phrases that label, hold or reject comments.
    #[command(subcommand)]
    Words(words::WordsCommand),
    /// Stored images.
    #[command(subcommand)]
    Media(media::MediaCommand),
    /// Static mirrors of the public site.
    #[command(subcommand)]
    Mirror(mirror::MirrorCommand),
    /// Developer tools (a large synthetic newsroom).
    #[command(subcommand)]
    Dev(dev::DevCommand),
    /// Copy the SQLite database (consistent while the site runs) and the media into FILE.
    Backup {
        /// The backup file to write (never overwritten).
        file: PathBuf,
    },
    /// Restore a backup into an empty data folder (refused if it is from a newer schema).
    Restore {
        /// The backup file `dateline backup` wrote.
        file: PathBuf,
    },
    /// Bring in comments (and posts) from Disqus or WordPress.
    #[command(subcommand)]
    Import(import::ImportCommand),
    /// Write the site's content (services, stories, comments, audit log) as JSON lines to
    /// standard output.
    Export(export::ExportArgs),
    /// The settings: check them and show the ones in force.
    #[command(subcommand)]
    Config(config::ConfigCommand),
}

impl Cli {
    fn overrides(&self) -> Overrides {
        let bind = match &self.command {
            Command::Serve(args) => args.bind.clone(),
            _ => None,
        };
        Overrides {
            config: self.global.config.clone(),
            data_dir: self.global.data_dir.clone(),
            database_url: self.global.database_url.clone(),
            bind,
        }
    }
}

/// Runs the command line.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let settings = Settings::resolve(&cli.overrides())?;
    let is_serve = matches!(cli.command, Command::Serve(_));
    crate::init_logging(settings.log_format, if is_serve { "info,sqlx=warn" } else { "warn" });
    match cli.command {
        Command::Serve(args) => serve::run(&settings, args).await,
        Command::Service(command) => service::run(&settings, command).await,
        Command::Article(command) => article::run(&settings, command).await,
        Command::Story(command) => story::run(&settings, command).await,
        Command::Token(command) => token::run(&settings, command).await,
        Command::Person(command) => person::run(&settings, command).await,
        Command::Comment(command) => comment::run(&settings, command).await,
        Command::Campaign(command) => campaign::run(&settings, command).await,
        Command::Score(command) => score::run(&settings, command).await,
        Command::User(command) => user::run(&settings, command).await,
        Command::Words(command) => words::run(&settings, command).await,
        Command::Media(command) => media::run(&settings, command).await,
        Command::Mirror(command) => mirror::run(&settings, command).await,
        Command::Dev(command) => dev::run(&settings, command).await,
        Command::Config(command) => config::run(&settings, command),
        Command::Import(command) => import::run(&settings, command).await,
        Command::Export(args) => export::run(&settings, args).await,
        Command::Backup { file } => backup::backup(&settings, &file).await,
        Command::Restore { file } => backup::restore(&settings, &file).await,
    }
}

/// An argument that is one of a domain type's stable names: `--help` lists them, and clap
/// refuses anything else before the command runs (exit code 2), with the domain's own
/// words for what is wrong.
#[derive(Clone)]
struct OneOf<T> {
    names: Vec<&'static str>,
    parsed: std::marker::PhantomData<fn() -> T>,
}

fn one_of<T>(names: impl IntoIterator<Item = &'static str>) -> OneOf<T> {
    OneOf { names: names.into_iter().collect(), parsed: std::marker::PhantomData }
}

impl<T> TypedValueParser for OneOf<T>
where
    T: FromStr + Clone + Send + Sync + 'static,
    T::Err: std::fmt::Display,
{
    type Value = T;

    fn parse_ref(&self, cmd: &clap::Command, arg: Option<&clap::Arg>, value: &OsStr) -> Result<T, clap::Error> {
        let text = value.to_string_lossy();
        let refuse = |why: String| {
            let arg = arg.map_or_else(|| "...".to_owned(), ToString::to_string);
            clap::Error::raw(ErrorKind::InvalidValue, format!("invalid value '{text}' for '{arg}': {why}\n"))
                .with_cmd(cmd)
        };
        // A name the domain knows may still be one this argument does not take.
        if !self.names.contains(&text.as_ref()) {
            if let Err(why) = text.parse::<T>() {
                return Err(refuse(why.to_string()));
            }
            return Err(refuse(format!("use {}", self.names.join(", "))));
        }
        text.parse::<T>().map_err(|why| refuse(why.to_string()))
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(self.names.iter().map(|name| PossibleValue::new(*name))))
    }
}
