//! `dateline media …`: the stored image files.

use std::io::Write;

use clap::Subcommand;

use crate::config::Settings;

/// Media commands.
#[derive(Debug, Subcommand)]
pub enum MediaCommand {
    /// Re-encode every stored image that predates metadata cleaning (EXIF, GPS, XMP, IPTC,
    /// text chunks are dropped), replace it in every article that shows it, and delete the
    /// old file; make the smaller copies of photos stored before copies were made. Running
    /// it again does nothing. `serve` runs it at start-up too.
    Clean,
}

/// Runs a media command.
pub async fn run(settings: &Settings, command: MediaCommand) -> anyhow::Result<()> {
    let opened = crate::open(settings).await?;
    match command {
        MediaCommand::Clean => {
            let now = crate::clock().now();
            let report =
                dateline_core::media::clean_stored_media(opened.store.as_ref(), opened.media.as_ref(), now).await?;
            let mut out = std::io::stdout().lock();
            writeln!(out, "{} cleaned, in {} article(s)", report.cleaned, report.articles)?;
            writeln!(out, "{} photo(s) given their smaller copies", report.copies_made)?;
            for key in &report.unreadable {
                writeln!(out, "not an image, left as it is: {key}")?;
            }
            if !report.unreadable.is_empty() {
                anyhow::bail!("{} stored file(s) could not be read as images", report.unreadable.len());
            }
        }
    }
    Ok(())
}
