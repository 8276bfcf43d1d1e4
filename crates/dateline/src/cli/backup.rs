//! `dateline backup FILE` and `dateline restore FILE`: one file (a tar archive) holding a
//! consistent copy of the SQLite database, taken while the site runs, and the media files.
//!
//! The archive holds, in this order: `dateline-backup.json` (what it is: format, schema
//! version, time), `dateline.db`, and `media/NAME` for every stored image. PostgreSQL is
//! backed up with `pg_dump` (the command says how).

use std::fs::File;
use std::io::{BufWriter, Read};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};

use crate::config::Settings;

/// The archive's first entry.
const MANIFEST: &str = "dateline-backup.json";
/// The database's name in the archive.
const DATABASE: &str = "dateline.db";
/// The format this program writes and reads.
const FORMAT: u32 = 1;

/// What a backup is.
#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    format: u32,
    schema_version: i64,
    created_at: String,
    dateline_version: String,
}

/// Writes `file`: the database copied with `VACUUM INTO`, then the media folder. Images are
/// never changed in place (their names are their content's hash), so every image the copy
/// names is already in the folder when it is read. Refuses to overwrite a file.
pub async fn backup(settings: &Settings, file: &Path) -> anyhow::Result<()> {
    if file.exists() {
        bail!("{} exists: name a new file (a backup never overwrites one)", file.display());
    }
    let store = dateline_store::open(&settings.database_url).await?;
    let partial = with_suffix(file, ".partial");
    let copy = with_suffix(file, ".db.partial");
    let _ = std::fs::remove_file(&copy);
    let written = async {
        let schema_version = store.snapshot_into(&copy).await?;
        let manifest = Manifest {
            format: FORMAT,
            schema_version,
            created_at: crate::clock().now().to_rfc3339(),
            dateline_version: env!("CARGO_PKG_VERSION").to_owned(),
        };
        let media = write_archive(&partial, &manifest, &copy, &settings.data_dir.join("media"))?;
        std::fs::rename(&partial, file).with_context(|| format!("cannot write {}", file.display()))?;
        anyhow::Ok((schema_version, media))
    }
    .await;
    let _ = std::fs::remove_file(&copy);
    let _ = std::fs::remove_file(&partial);
    store.close().await;
    let (schema_version, media) = written?;
    println!("backed up the database (schema {schema_version}) and {media} media file(s) to {}", file.display());
    if let Some(url) = &settings.media_url {
        println!("the media are on object storage ({url}): back the bucket up with its own tools");
    }
    Ok(())
}

fn with_suffix(file: &Path, suffix: &str) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Writes the archive; returns how many media files it holds.
fn write_archive(path: &Path, manifest: &Manifest, database: &Path, media: &Path) -> anyhow::Result<usize> {
    let out = File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    let mut archive = tar::Builder::new(BufWriter::new(out));
    let manifest = serde_json::to_vec_pretty(manifest)?;
    let mut header = tar::Header::new_gnu();
    header.set_size(manifest.len() as u64);
    header.set_mode(0o600);
    header.set_mtime(0);
    archive.append_data(&mut header, MANIFEST, manifest.as_slice())?;
    archive.append_path_with_name(database, DATABASE)?;
    let mut count = 0;
    if media.is_dir() {
        let mut names: Vec<PathBuf> =
            std::fs::read_dir(media)?.map(|entry| entry.map(|e| e.path())).collect::<Result<_, _>>()?;
        names.sort();
        for path in names.iter().filter(|p| p.is_file()) {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            archive.append_path_with_name(path, format!("media/{name}"))?;
            count += 1;
        }
    }
    archive.into_inner()?.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    Ok(count)
}

/// Restores `file` into an empty data folder and the SQLite file the settings name, after
/// checking that it is a Dateline backup this program can read (not from a newer schema);
/// then brings the schema up to date. Nothing is written if a check fails.
pub async fn restore(settings: &Settings, file: &Path) -> anyhow::Result<()> {
    let Some(database) = dateline_store::sqlite_path(&settings.database_url) else {
        bail!(
            "dateline restore writes a SQLite database; on PostgreSQL restore with \
             `pg_restore --dbname=DATABASE_URL dateline.dump` and copy the media folder back"
        );
    };
    let media = settings.data_dir.join("media");
    if database.exists() || folder_has_files(&media)? {
        bail!(
            "the data folder {} already holds a database or media: restore into an empty one",
            settings.data_dir.display()
        );
    }
    let manifest = read_manifest(file)?;
    let known = dateline_store::latest_schema_version();
    if manifest.schema_version > known {
        bail!(
            "{} is a backup of schema {} by Dateline {}, newer than this program knows (schema {known}): \
             restore it with that version or a later one",
            file.display(),
            manifest.schema_version,
            manifest.dateline_version
        );
    }
    std::fs::create_dir_all(&media).with_context(|| format!("cannot create {}", media.display()))?;
    let partial = with_suffix(&database, ".partial");
    let restored = unpack(file, &partial, &media);
    if restored.is_err() {
        let _ = std::fs::remove_file(&partial);
        let _ = std::fs::remove_dir_all(&media);
    }
    let files = restored?;
    std::fs::rename(&partial, &database).with_context(|| format!("cannot write {}", database.display()))?;
    // Opening applies the migrations a backup from an older Dateline lacks.
    dateline_store::open(&settings.database_url).await?.close().await;
    println!(
        "restored the database (schema {} of {}) and {files} media file(s) from {}",
        manifest.schema_version,
        manifest.created_at,
        file.display()
    );
    Ok(())
}

fn folder_has_files(folder: &Path) -> anyhow::Result<bool> {
    Ok(folder.is_dir() && std::fs::read_dir(folder)?.next().is_some())
}

fn read_manifest(file: &Path) -> anyhow::Result<Manifest> {
    let not_a_backup = || format!("{} is not a Dateline backup (made by `dateline backup`)", file.display());
    let input = File::open(file).with_context(|| format!("cannot read {}", file.display()))?;
    let mut archive = tar::Archive::new(input);
    let mut entries = archive.entries().with_context(not_a_backup)?;
    let mut first = entries.next().context(not_a_backup())?.with_context(not_a_backup)?;
    if first.path()?.as_ref() != Path::new(MANIFEST) {
        bail!(not_a_backup());
    }
    let mut text = String::new();
    first.read_to_string(&mut text).with_context(not_a_backup)?;
    let manifest: Manifest = serde_json::from_str(&text).with_context(not_a_backup)?;
    if manifest.format != FORMAT {
        bail!("{} is a backup of format {}; this program reads format {FORMAT}", file.display(), manifest.format);
    }
    Ok(manifest)
}

/// Writes the database to `database` and the images into `media`; returns how many images.
/// Any other entry, or a name that would leave its folder, fails the restore.
fn unpack(file: &Path, database: &Path, media: &Path) -> anyhow::Result<usize> {
    let mut archive = tar::Archive::new(File::open(file)?);
    let (mut has_database, mut files) = (false, 0);
    for entry in archive.entries()? {
        let mut entry = entry.with_context(|| format!("{} is damaged", file.display()))?;
        let name = entry.path()?.to_string_lossy().into_owned();
        if name == MANIFEST {
            continue;
        }
        if name == DATABASE {
            entry.unpack(database).with_context(|| format!("{} is damaged or cut short", file.display()))?;
            has_database = true;
        } else if let Some(image) = name.strip_prefix("media/").filter(|n| is_plain_name(n)) {
            entry.unpack(media.join(image)).with_context(|| format!("{} is damaged or cut short", file.display()))?;
            files += 1;
        } else {
            bail!("{} holds {name:?}, which no Dateline backup holds: nothing was restored", file.display());
        }
    }
    if !has_database {
        bail!("{} holds no database: nothing was restored", file.display());
    }
    Ok(files)
}

fn is_plain_name(name: &str) -> bool {
    !name.is_empty() && !name.contains(['/', '\\']) && name != "." && name != ".."
}
