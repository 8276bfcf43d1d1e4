//! `dateline article …`: importing articles from Markdown files, and listing them.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::bail;
use clap::Subcommand;
use dateline_core::articles::import::{ImportFailure, SourceFile, import_files};
use dateline_core::store::SaveOutcome;
use dateline_core::store::prelude::*;

use crate::config::Settings;

/// Article commands.
#[derive(Debug, Subcommand)]
pub enum ArticleCommand {
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

/// Runs an article command.
pub async fn run(settings: &Settings, command: ArticleCommand) -> anyhow::Result<()> {
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
    media: Arc<dyn dateline_core::media::MediaStore>,
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
