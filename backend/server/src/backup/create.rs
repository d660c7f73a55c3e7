//! `blocopro backup --to FILE`: copies the live installation into one archive (`archive`), written
//! under a temporary name beside FILE and renamed to it once complete and on disk, so FILE is
//! either a whole backup or absent.

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use blocopro_media::MediaLocation;
use blocopro_store_sqlite::backup as sqlite;

use super::archive::{self, Hashing, Manifest, Part};
use super::{Scratch, files_under, sqlite_file};
use crate::settings::Locations;

/// What a backup holds, for the operator.
#[derive(Debug)]
pub struct Summary {
    pub schema_version: i64,
    pub parts: usize,
    pub bytes: u64,
    /// Secrets not in the data directory (given as variables): to be kept with the backup.
    pub secrets_elsewhere: Vec<&'static str>,
    /// The media store is not a directory (S3): not in the archive.
    pub media_elsewhere: bool,
}

/// Backs up the installation at `locations` into the archive `to`.
pub async fn backup(locations: &Locations, to: &Path) -> anyhow::Result<Summary> {
    let database = sqlite_file(locations)?;
    anyhow::ensure!(database.is_file(), "there is no database at {}", database.display());
    let snapshots = Scratch::beside(to, "snapshots");
    std::fs::create_dir(&snapshots.path)
        .with_context(|| format!("cannot create {} beside the backup", snapshots.path.display()))?;

    // The database first: media written after it are extra, never missing.
    let database_copy = snapshots.path.join("blocopro.db");
    sqlite::snapshot(&database, &database_copy).await.context("cannot copy the database")?;
    let schema_version = sqlite::schema_version(&database_copy)
        .await?
        .with_context(|| format!("{} is not a BlocoPro database", database.display()))?;
    let mut parts = vec![(archive::DATABASE.to_owned(), database_copy)];
    parts.extend(device_stores(&locations.data_dir, &snapshots.path).await?);
    let mut secrets_elsewhere = Vec::new();
    for secret in archive::SECRETS {
        let path = locations.data_dir.join(secret);
        if path.is_file() {
            parts.push((format!("data/{secret}"), path));
        } else {
            secrets_elsewhere.push(secret);
        }
    }
    let media_elsewhere = match &locations.media {
        MediaLocation::Directory(root) if root.is_dir() => {
            let objects = files_under(root, &[blocopro_media::key::TEMPORARY_PREFIX])?;
            parts.extend(objects.into_iter().map(|object| (format!("media/{object}"), root.join(&object))));
            false
        }
        MediaLocation::Directory(_) => false,
        MediaLocation::S3 { .. } => true,
    };

    let partial = Scratch::beside(to, "partial");
    let written = write_archive(&partial.path, &parts, schema_version)?;
    std::fs::rename(&partial.path, to).with_context(|| format!("cannot rename the backup to {}", to.display()))?;
    Ok(Summary {
        schema_version,
        parts: written.len(),
        bytes: written.iter().map(|part| part.size).sum(),
        secrets_elsewhere,
        media_elsewhere,
    })
}

/// Consistent copies of the QR channels' device stores (SQLite files the sessions write) into
/// `snapshots`, as the parts to archive.
async fn device_stores(data_dir: &Path, snapshots: &Path) -> anyhow::Result<Vec<(String, PathBuf)>> {
    let folder = data_dir.join(archive::DEVICE_STORES);
    if !folder.is_dir() {
        return Ok(Vec::new());
    }
    std::fs::create_dir(snapshots.join(archive::DEVICE_STORES))?;
    let mut parts = Vec::new();
    for name in files_under(&folder, &[])?.into_iter().filter(|name| !name.contains('/') && name.ends_with(".db")) {
        let copy = snapshots.join(archive::DEVICE_STORES).join(&name);
        sqlite::snapshot(&folder.join(&name), &copy)
            .await
            .with_context(|| format!("cannot copy the device store {name}"))?;
        parts.push((format!("data/{}/{name}", archive::DEVICE_STORES), copy));
    }
    Ok(parts)
}

/// Writes the archive of `parts` (archive path, file) and its manifest to `path`, and makes it
/// durable; answers what it wrote.
fn write_archive(path: &Path, parts: &[(String, PathBuf)], schema_version: i64) -> anyhow::Result<Vec<Part>> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(path).with_context(|| format!("cannot create {}", path.display()))?;
    let compressed = flate2::write::GzEncoder::new(BufWriter::new(file), flate2::Compression::default());
    let mut builder = tar::Builder::new(compressed);
    let mut written = Vec::with_capacity(parts.len());
    for (name, source) in parts {
        let file = File::open(source).with_context(|| format!("cannot read {}", source.display()))?;
        let size = file.metadata()?.len();
        let mut content = Hashing::new(file.take(size));
        builder.append_data(&mut header(size), name, &mut content)?;
        let part = content.finish(name.clone());
        anyhow::ensure!(part.size == size, "{} changed while it was copied", source.display());
        written.push(part);
    }
    let manifest = Manifest {
        format: archive::FORMAT,
        created_at: jiff::Timestamp::now(),
        blocopro_version: env!("CARGO_PKG_VERSION").to_owned(),
        schema_version,
        parts: written,
    };
    let bytes = serde_json::to_vec_pretty(&manifest)?;
    builder.append_data(&mut header(bytes.len() as u64), archive::MANIFEST, bytes.as_slice())?;
    let mut file = builder.into_inner()?.finish()?.into_inner().map_err(|error| error.into_error())?;
    file.flush()?;
    file.sync_all()?;
    Ok(manifest.parts)
}

/// A regular file, readable by its owner only: the archive holds secrets.
fn header(size: u64) -> tar::Header {
    let mut header = tar::Header::new_gnu();
    header.set_entry_type(tar::EntryType::Regular);
    header.set_size(size);
    header.set_mode(0o600);
    header.set_mtime(jiff::Timestamp::now().as_second().try_into().unwrap_or_default());
    header
}
