//! `blocopro backup` and `blocopro restore`: one archive file (`archive`) with a consistent copy of
//! a live SQLite database, the secrets and QR channels' device stores of the data directory, and
//! the media store when it is a directory. PostgreSQL is backed up with its own tools (README,
//! Backups).

mod archive;
mod create;
mod restore;

use std::path::{Path, PathBuf};

pub use create::backup;
pub use restore::restore;

use crate::settings::Locations;

/// What `backup` and `restore` say when the database is PostgreSQL.
const USE_POSTGRES_TOOLS: &str = "BLOCOPRO_DATABASE_URL is PostgreSQL: back it up with pg_dump and restore it with \
     pg_restore, with the media store beside it (README, Backups); `blocopro backup` and `blocopro restore` handle \
     SQLite installations";

/// The SQLite file of the installation, or the advice for PostgreSQL.
fn sqlite_file(locations: &Locations) -> anyhow::Result<PathBuf> {
    locations.sqlite_file().ok_or_else(|| anyhow::anyhow!(USE_POSTGRES_TOOLS))
}

/// A file or folder made for the time of a command, deleted when dropped (a rename before moved
/// it where it belongs).
struct Scratch {
    path: PathBuf,
}

impl Scratch {
    /// `.<name of beside>.<what>-<process id>`, in the folder of `beside` (so that a rename to
    /// `beside` stays in one file system).
    fn beside(beside: &Path, what: &str) -> Self {
        let name = beside.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
        let path = beside.with_file_name(format!(".{name}.{what}-{}", std::process::id()));
        Self { path }
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path).or_else(|_| std::fs::remove_file(&self.path));
    }
}

/// Every file under `root`, as its path relative to `root` with `/` between folders, sorted;
/// `skip` names top-level entries left out.
fn files_under(root: &Path, skip: &[&str]) -> std::io::Result<Vec<String>> {
    let mut found = Vec::new();
    let mut folders = vec![(root.to_owned(), String::new())];
    while let Some((folder, prefix)) = folders.pop() {
        for entry in std::fs::read_dir(&folder)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if prefix.is_empty() && skip.contains(&name.as_str()) {
                continue;
            }
            let relative = if prefix.is_empty() { name } else { format!("{prefix}/{name}") };
            let kind = entry.file_type()?;
            if kind.is_dir() {
                folders.push((entry.path(), relative));
            } else if kind.is_file() {
                found.push(relative);
            }
        }
    }
    found.sort();
    Ok(found)
}
