//! The command line: `dateline serve`, `dateline service …`, `dateline article …`.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, bail};
use clap::{Args, Parser, Subcommand};
use dateline_core::CommentPolicy;
use dateline_core::import::{ImportFailure, SourceFile, import_files};
use dateline_core::service::NewService;
use dateline_core::store::{SaveOutcome, Store, StoreError};

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
    Serve {
        /// Address to listen on [default: 127.0.0.1:8080]
        #[arg(long, value_name = "ADDR")]
        bind: Option<String>,
        /// Load the demo newsroom if the database has no articles yet.
        #[arg(long)]
        demo: bool,
    },
    /// Manage language services.
    #[command(subcommand)]
    Service(ServiceCommand),
    /// Manage articles.
    #[command(subcommand)]
    Article(ArticleCommand),
    /// Moderate and list comments.
    #[command(subcommand)]
    Comment(crate::moderation::CommentCommand),
    /// Manage console users.
    #[command(subcommand)]
    User(crate::accounts::UserCommand),
    /// Stored images.
    #[command(subcommand)]
    Media(crate::media::MediaCommand),
    /// Developer tools (a large synthetic newsroom).
    #[command(subcommand)]
    Dev(crate::generate::DevCommand),
}

#[derive(Debug, Subcommand)]
enum ServiceCommand {
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
        /// Text direction, ltr or rtl [default: from the language]
        #[arg(long)]
        direction: Option<String>,
        /// IANA time zone for dates (e.g. Asia/Seoul) [default: UTC]
        #[arg(long)]
        time_zone: Option<String>,
        /// Comment policy of articles that set none: open, closed or hidden [default: open]
        #[arg(long)]
        comments: Option<String>,
    },
    /// List services: code, name, language, direction, time zone (tab-separated).
    List {
        /// Print a header line first.
        #[arg(long)]
        header: bool,
    },
    /// Publish a new version of a service's Terms of Use from a Markdown file.
    Terms {
        /// The service's code.
        code: String,
        /// The terms, in Markdown.
        file: PathBuf,
    },
    /// Set the notice shown above a service's comment form (or go back to the standard one).
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
}

#[derive(Debug, Subcommand)]
enum ArticleCommand {
    /// Import articles from Markdown files with TOML front matter (all or none).
    Import {
        /// The files to import.
        #[arg(required = true, value_name = "FILE.md")]
        files: Vec<PathBuf>,
    },
    /// List articles: service, slug, status, headline (tab-separated).
    List {
        /// Print a header line first.
        #[arg(long)]
        header: bool,
    },
}

impl Cli {
    fn overrides(&self) -> Overrides {
        let bind = match &self.command {
            Command::Serve { bind, .. } => bind.clone(),
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

/// Runs the command line; returns the process exit code.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let settings = Settings::resolve(&cli.overrides())?;
    let is_serve = matches!(cli.command, Command::Serve { .. });
    crate::init_logging(settings.log_format, if is_serve { "info,sqlx=warn" } else { "warn" });
    match cli.command {
        Command::Serve { demo, .. } => serve(&settings, demo).await,
        Command::Service(command) => service(&settings, command).await,
        Command::Article(command) => article(&settings, command).await,
        Command::Comment(command) => crate::moderation::run(&settings, command).await,
        Command::User(command) => crate::accounts::run(&settings, command).await,
        Command::Media(command) => crate::media::run(&settings, command).await,
        Command::Dev(command) => crate::generate::run(&settings, command).await,
    }
}

async fn serve(settings: &Settings, demo: bool) -> anyhow::Result<()> {
    let opened = crate::open(settings).await?;
    let clock = crate::clock();
    if demo {
        if opened.store.article_count().await? == 0 {
            let imported = crate::demo::load(opened.store.as_ref(), opened.media.as_ref(), clock.now()).await?;
            tracing::info!(articles = imported.len(), "loaded the demo newsroom");
        } else {
            tracing::info!("the database already has articles; demo content not loaded");
        }
    }
    // Images stored before they were cleaned of metadata are cleaned before anything is served.
    let cleaning =
        dateline_core::media::clean_stored_media(opened.store.as_ref(), opened.media.as_ref(), clock.now()).await?;
    if cleaning.cleaned > 0 || !cleaning.unreadable.is_empty() {
        tracing::warn!(
            cleaned = cleaning.cleaned,
            articles = cleaning.articles,
            unreadable = cleaning.unreadable.len(),
            "removed metadata from stored images"
        );
    }
    spawn_retention_job(opened.store.clone(), settings.comments.clone(), clock.clone());
    let app = dateline_web::App::build(opened.store.clone(), opened.media.clone(), clock, settings.site())?;
    let listener = tokio::net::TcpListener::bind(settings.bind)
        .await
        .with_context(|| format!("cannot listen on {}", settings.bind))?;
    let address = listener.local_addr()?;
    if let Some(link) = crate::accounts::setup_link(&app, address).await? {
        tracing::warn!("no admin account yet: create one at {link} (the link works until an admin exists)");
    }
    tracing::info!(database = %dateline_store::redact_url(&settings.database_url), "Dateline is serving on http://{address}/");
    dateline_web::serve(listener, app, crate::shutdown_signal()).await?;
    opened.store.close().await;
    Ok(())
}

/// Runs the retention job at start-up and every hour after.
fn spawn_retention_job(
    store: Arc<dateline_store::SqlStore>,
    comments: dateline_core::comment::CommentSettings,
    clock: Arc<dyn dateline_core::clock::Clock>,
) {
    tokio::spawn(async move {
        let mut every_hour = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every_hour.tick().await;
            match dateline_core::comment::apply_retention(store.as_ref(), &comments, clock.now()).await {
                Ok(report) => tracing::info!(
                    comments = report.comments,
                    secrets = report.secrets,
                    "retention job erased address hashes and emails past {} days",
                    comments.retention_days
                ),
                Err(error) => tracing::warn!(%error, "retention job failed; it will run again in an hour"),
            }
        }
    });
}

async fn service(settings: &Settings, command: ServiceCommand) -> anyhow::Result<()> {
    let opened = crate::open(settings).await?;
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
                new.comment_policy = policy
                    .parse::<CommentPolicy>()
                    .map_err(|e| anyhow::anyhow!("--comments: {e}: use open, closed or hidden"))?;
            }
            match opened.store.create_service(&new, crate::clock().now()).await {
                Ok(service) => writeln!(
                    out,
                    "created service {} ({}, {}, {})",
                    service.code, service.name, service.language, service.direction
                )?,
                Err(StoreError::Conflict(_)) => bail!("a service with the code {:?} already exists", new.code),
                Err(error) => return Err(error.into()),
            }
        }
        ServiceCommand::Terms { code, file } => {
            let service = find_service(opened.store.as_ref(), &code).await?;
            let markdown = std::fs::read_to_string(&file).with_context(|| format!("cannot read {}", file.display()))?;
            if markdown.trim().is_empty() {
                bail!("{} is empty: the Terms of Use need a text", file.display());
            }
            let html = dateline_core::markdown::render_body(&markdown, &Default::default());
            let version = opened.store.publish_terms(service.id, &markdown, &html, crate::clock().now()).await?;
            writeln!(out, "published version {version} of the Terms of Use of {}", service.code)?;
        }
        ServiceCommand::Notice { code, text, file, reset } => {
            let service = find_service(opened.store.as_ref(), &code).await?;
            let notice = match (text, file) {
                (Some(text), _) => Some(text),
                (None, Some(file)) => {
                    Some(std::fs::read_to_string(&file).with_context(|| format!("cannot read {}", file.display()))?)
                }
                (None, None) if reset => None,
                (None, None) => bail!("give the notice with --text or --file, or --reset to use the standard one"),
            };
            let notice = notice.map(|n| dateline_core::comment::clean_text(&n));
            if notice.as_deref().is_some_and(str::is_empty) {
                bail!("the notice is empty");
            }
            opened.store.set_comment_notice(service.id, notice.as_deref(), crate::clock().now()).await?;
            match notice {
                Some(_) => writeln!(out, "set the comment notice of {}", service.code)?,
                None => writeln!(out, "{} uses the standard comment notice again", service.code)?,
            }
        }
        ServiceCommand::List { header } => {
            if header {
                writeln!(out, "code\tname\tlanguage\tdirection\ttime_zone")?;
            }
            for s in opened.store.services().await? {
                writeln!(out, "{}\t{}\t{}\t{}\t{}", s.code, s.name, s.language, s.direction, s.time_zone.name())?;
            }
        }
    }
    Ok(())
}

async fn find_service(store: &dyn Store, code: &str) -> anyhow::Result<dateline_core::Service> {
    let services = store.services().await?;
    match services.into_iter().find(|s| s.code == code) {
        Some(service) => Ok(service),
        None => bail!("there is no service {code:?} (see dateline service list)"),
    }
}

async fn article(settings: &Settings, command: ArticleCommand) -> anyhow::Result<()> {
    let opened = crate::open(settings).await?;
    match command {
        ArticleCommand::Import { files } => import(opened.store, opened.media, &files).await,
        ArticleCommand::List { header } => {
            let mut out = std::io::stdout().lock();
            if header {
                writeln!(out, "service\tslug\tstatus\theadline")?;
            }
            for a in opened.store.article_listing(crate::clock().now()).await? {
                writeln!(out, "{}\t{}\t{}\t{}", a.service_code, a.slug, a.status.as_str(), a.headline)?;
            }
            Ok(())
        }
    }
}

async fn import(
    store: Arc<dateline_store::SqlStore>,
    media: Arc<dateline_store::LocalMediaStore>,
    files: &[PathBuf],
) -> anyhow::Result<()> {
    let mut texts = Vec::new();
    let mut unreadable = Vec::new();
    for file in files {
        match std::fs::read(file) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => texts.push((file, text)),
                Err(_) => unreadable.push(format!("{}: the file is not UTF-8 text", file.display())),
            },
            Err(error) => unreadable.push(format!("{}: cannot read the file: {error}", file.display())),
        }
    }
    if !unreadable.is_empty() {
        for line in &unreadable {
            eprintln!("{line}");
        }
        bail!("{} file(s) could not be read; nothing was imported", unreadable.len());
    }
    let readers: Vec<_> = texts.iter().map(|(file, _)| crate::read_relative_to(file)).collect();
    let sources: Vec<SourceFile<'_>> = texts
        .iter()
        .zip(&readers)
        .map(|((file, text), reader)| SourceFile {
            name: file.display().to_string(),
            text: text.clone(),
            read_relative: reader,
        })
        .collect();
    match import_files(store.as_ref(), media.as_ref(), &sources, crate::clock().now()).await {
        Ok(imported) => {
            let mut out = std::io::stdout().lock();
            for item in imported {
                let verb = match item.outcome {
                    SaveOutcome::Created(_) => "created",
                    SaveOutcome::Updated(_) => "updated",
                };
                writeln!(out, "{verb} {} from {}", item.article, item.file)?;
            }
            Ok(())
        }
        Err(ImportFailure::Invalid(errors)) => {
            for error in &errors {
                eprintln!("{error}");
            }
            bail!("{} error(s) found; nothing was imported", errors.len())
        }
        Err(failure) => Err(failure.into()),
    }
}
