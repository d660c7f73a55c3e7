//! `blocopro restore --from FILE`: unpacks the archive into a folder inside the data directory,
//! checks every part against the manifest (size, SHA-256), the schema version against this build
//! and the database with SQLite's integrity check, and only then moves the parts into place. The
//! data directory (and the database file and media directory where they are elsewhere) must be
//! empty or absent unless `--force`, which replaces what they hold; the server must be stopped.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};

use anyhow::Context;
use blocopro_media::MediaLocation;
use blocopro_store_sqlite::backup as sqlite;

use super::archive::{self, Hashing, Manifest, Part, Place};
use super::{Scratch, sqlite_file};
use crate::settings::Locations;

/// The largest manifest read (a million parts fit).
const MANIFEST_LIMIT: u64 = 256 * 1024 * 1024;

/// Where each place of the archive is on this installation.
struct Targets {
    data_dir: PathBuf,
    database: PathBuf,
    media: Option<PathBuf>,
}

/// What was restored, for the operator.
#[derive(Debug)]
pub struct Summary {
    pub schema_version: i64,
    pub created_at: jiff::Timestamp,
    pub parts: usize,
}

/// Restores the archive `from` into the installation at `locations`.
pub async fn restore(locations: &Locations, from: &Path, force: bool) -> anyhow::Result<Summary> {
    let targets = Targets {
        data_dir: locations.data_dir.clone(),
        database: sqlite_file(locations)?,
        media: match &locations.media {
            MediaLocation::Directory(root) => Some(root.clone()),
            MediaLocation::S3 { .. } => None,
        },
    };
    if !force {
        targets.ensure_vacant()?;
    }
    std::fs::create_dir_all(&targets.data_dir)
        .with_context(|| format!("BLOCOPRO_DATA_DIR {} cannot be created", targets.data_dir.display()))?;
    let staging = Scratch::beside(&targets.data_dir.join("restore"), "staging");
    std::fs::create_dir(&staging.path)?;
    let unusable = || format!("{} is not a usable BlocoPro backup", from.display());
    let manifest = unpack(from, &staging.path).with_context(unusable)?;
    let latest = sqlite::latest_schema_version();
    anyhow::ensure!(
        manifest.schema_version <= latest,
        "{} holds a database of schema version {}, newer than this BlocoPro knows ({latest}): restore it with the version \
         that made it ({})",
        from.display(),
        manifest.schema_version,
        manifest.blocopro_version
    );
    let problems = sqlite::integrity_problems(&staging.path.join(archive::DATABASE)).await.with_context(unusable)?;
    anyhow::ensure!(
        problems.is_empty(),
        "{}: the database fails SQLite's integrity check: {}",
        unusable(),
        problems.join("; ")
    );
    if manifest.parts.iter().any(|part| archive::place_of(&part.path).is_some_and(|(place, _)| place == Place::Media)) {
        anyhow::ensure!(
            targets.media.is_some(),
            "the backup holds media files but BLOCOPRO_MEDIA_URL is not a directory: restore into a directory, then \
             copy them to the bucket"
        );
    }
    if force {
        targets.clear(&staging.path)?;
    }
    targets.put_back(&staging.path, &manifest.parts)?;
    Ok(Summary {
        schema_version: manifest.schema_version,
        created_at: manifest.created_at,
        parts: manifest.parts.len(),
    })
}

/// Unpacks the archive at `from` into `staging`, hashing each part, and checks the parts against
/// the manifest: the same paths, sizes and SHA-256, in a format this build reads.
fn unpack(from: &Path, staging: &Path) -> anyhow::Result<Manifest> {
    let file = File::open(from).context("cannot open it")?;
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(BufReader::new(file)));
    let mut unpacked = BTreeMap::new();
    let mut manifest = None;
    for entry in archive.entries()? {
        let entry = entry?;
        let path = entry.path()?.to_str().context("a part's name is not UTF-8")?.to_owned();
        anyhow::ensure!(entry.header().entry_type().is_file(), "{path} is not a regular file");
        if path == archive::MANIFEST {
            manifest = Some(read_manifest(entry)?);
            continue;
        }
        anyhow::ensure!(manifest.is_none(), "{path} comes after the manifest");
        anyhow::ensure!(archive::place_of(&path).is_some(), "{path} is not a part a backup holds");
        let target = staging.join(&path);
        std::fs::create_dir_all(target.parent().unwrap_or(staging))?;
        let mut content = Hashing::new(entry);
        io::copy(&mut content, &mut File::create_new(&target).with_context(|| format!("{path} is there twice"))?)?;
        unpacked.insert(path.clone(), content.finish(path));
    }
    // To the end of the compressed stream, so that its checksum is checked too.
    io::copy(&mut archive.into_inner(), &mut io::sink())?;
    let manifest = manifest.context("it has no manifest")?;
    anyhow::ensure!(manifest.format == archive::FORMAT, "its format {} is not {}", manifest.format, archive::FORMAT);
    check_parts(&manifest.parts, &unpacked)?;
    anyhow::ensure!(unpacked.contains_key(archive::DATABASE), "it holds no database");
    Ok(manifest)
}

fn read_manifest(entry: impl Read) -> anyhow::Result<Manifest> {
    let mut bytes = Vec::new();
    entry.take(MANIFEST_LIMIT).read_to_end(&mut bytes)?;
    serde_json::from_slice(&bytes).context("its manifest cannot be read")
}

/// Every part the manifest lists was unpacked with its size and SHA-256, and nothing else was.
fn check_parts(listed: &[Part], unpacked: &BTreeMap<String, Part>) -> anyhow::Result<()> {
    for part in listed {
        let found = unpacked.get(&part.path).with_context(|| format!("{} is missing", part.path))?;
        anyhow::ensure!(
            found == part,
            "{} does not match its size and SHA-256 in the manifest: it is damaged",
            part.path
        );
    }
    if let Some(extra) = unpacked.keys().find(|path| !listed.iter().any(|part| &part.path == *path)) {
        anyhow::bail!("{extra} is not in the manifest");
    }
    Ok(())
}

impl Targets {
    /// Refuses to restore over anything: the data directory and the media directory must be empty
    /// or absent, and the database file absent.
    fn ensure_vacant(&self) -> anyhow::Result<()> {
        let folders =
            [Some((&self.data_dir, "BLOCOPRO_DATA_DIR")), self.media.as_ref().map(|dir| (dir, "the media directory"))];
        for (folder, name) in folders.into_iter().flatten() {
            let occupied = std::fs::read_dir(folder).map(|mut entries| entries.next().is_some()).unwrap_or(false);
            anyhow::ensure!(
                !occupied,
                "{name} {} is not empty: restore into an empty or absent one, or pass --force to replace what it holds",
                folder.display()
            );
        }
        anyhow::ensure!(
            !self.database.exists(),
            "the database {} exists: restore into an empty installation, or pass --force to replace it",
            self.database.display()
        );
        Ok(())
    }

    /// `--force`: deletes what the places hold (but `staging`), once the backup was checked.
    fn clear(&self, staging: &Path) -> anyhow::Result<()> {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut file = self.database.clone().into_os_string();
            file.push(suffix);
            remove(Path::new(&file))?;
        }
        for folder in [Some(&self.data_dir), self.media.as_ref()].into_iter().flatten() {
            for entry in std::fs::read_dir(folder).into_iter().flatten() {
                let path = entry?.path();
                if path != staging {
                    remove(&path)?;
                }
            }
        }
        Ok(())
    }

    /// Moves the checked parts from `staging` to their places.
    fn put_back(&self, staging: &Path, parts: &[Part]) -> anyhow::Result<()> {
        for part in parts {
            let (place, inside) = archive::place_of(&part.path).context("checked when unpacked")?;
            let target = match place {
                Place::Database => self.database.clone(),
                Place::Data => self.data_dir.join(inside),
                Place::Media => self.media.as_ref().context("checked before")?.join(inside),
            };
            move_file(&staging.join(&part.path), &target)
                .with_context(|| format!("cannot put {} back at {}", part.path, target.display()))?;
        }
        Ok(())
    }
}

fn remove(path: &Path) -> io::Result<()> {
    let removed = if path.is_dir() { std::fs::remove_dir_all(path) } else { std::fs::remove_file(path) };
    match removed {
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

/// A rename, or a copy where `to` is on another file system; `to`'s folders are made.
fn move_file(from: &Path, to: &Path) -> io::Result<()> {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent)?;
    }
    match std::fs::rename(from, to) {
        Err(error) if error.kind() == io::ErrorKind::CrossesDevices => {
            std::fs::copy(from, to)?;
            File::open(to)?.sync_all()?;
            std::fs::remove_file(from)
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(path: &str, sha256: &str) -> Part {
        Part { path: path.into(), size: 1, sha256: sha256.into() }
    }

    #[test]
    fn the_parts_must_be_the_manifests_exactly() {
        let listed = [part("database/blocopro.db", "aa"), part("data/jwt_secret", "bb")];
        let unpacked = |parts: &[Part]| parts.iter().map(|part| (part.path.clone(), part.clone())).collect();
        assert!(check_parts(&listed, &unpacked(&listed)).is_ok());
        let damaged = [part("database/blocopro.db", "aa"), part("data/jwt_secret", "cc")];
        let error = check_parts(&listed, &unpacked(&damaged)).unwrap_err().to_string();
        assert!(error.starts_with("data/jwt_secret does not match"), "{error}");
        let missing = check_parts(&listed, &unpacked(&listed[..1])).unwrap_err().to_string();
        assert_eq!(missing, "data/jwt_secret is missing");
        let extra = [listed[0].clone(), listed[1].clone(), part("media/x", "dd")];
        assert_eq!(check_parts(&listed, &unpacked(&extra)).unwrap_err().to_string(), "media/x is not in the manifest");
    }

    #[test]
    fn only_an_empty_or_absent_installation_is_vacant() {
        let dir = tempfile::tempdir().unwrap();
        let data_dir = dir.path().join("data");
        let targets = Targets {
            data_dir: data_dir.clone(),
            database: data_dir.join("blocopro.db"),
            media: Some(data_dir.join("media")),
        };
        assert!(targets.ensure_vacant().is_ok(), "absent");
        std::fs::create_dir(&data_dir).unwrap();
        assert!(targets.ensure_vacant().is_ok(), "empty");
        std::fs::write(data_dir.join("jwt_secret"), "x").unwrap();
        let error = targets.ensure_vacant().unwrap_err().to_string();
        assert!(error.contains("is not empty") && error.contains("--force"), "{error}");
    }
}
