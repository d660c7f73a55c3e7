//! The backup archive: a gzip-compressed tar holding each part of an installation under the folder
//! of where it goes back to (`database/`, `data/`, `media/`), and last `manifest.json`: the
//! format, when and by which version it was made, the database's schema version, and each part's
//! size and SHA-256, which a restore checks before it puts anything back.

use std::io::{self, Read};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The archive format this build writes and reads.
pub const FORMAT: u32 = 1;
pub const MANIFEST: &str = "manifest.json";
/// The SQLite database, as `VACUUM INTO` copied it.
pub const DATABASE: &str = "database/blocopro.db";
/// The secrets the server generated into the data directory (`settings::secret_or_persisted`).
pub const SECRETS: [&str; 2] = ["jwt_secret", "encryption_key"];
/// The device stores of QR channels, in the data directory.
pub const DEVICE_STORES: &str = "whatsapp";

#[derive(Debug, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub created_at: jiff::Timestamp,
    pub blocopro_version: String,
    /// The newest migration applied to the database.
    pub schema_version: i64,
    pub parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

/// Where a part of the archive goes back to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The SQLite file.
    Database,
    /// The data directory, at the path after `data/`.
    Data,
    /// The media store's directory, at the path after `media/`.
    Media,
}

/// Where the part at `path` goes, and its path there; `None` for a path a backup never writes
/// (anything else is refused, so a crafted archive cannot write outside those places).
pub fn place_of(path: &str) -> Option<(Place, &str)> {
    if path == DATABASE {
        return Some((Place::Database, ""));
    }
    if let Some(inside) = path.strip_prefix("data/") {
        let known = SECRETS.contains(&inside)
            || inside.strip_prefix(DEVICE_STORES).and_then(|rest| rest.strip_prefix('/')).is_some_and(is_plain_name);
        return known.then_some((Place::Data, inside));
    }
    let inside = path.strip_prefix("media/")?;
    inside.split('/').all(is_plain_name).then_some((Place::Media, inside))
}

/// One path segment: not empty, not hidden (nor `.`/`..`), no separator.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty() && !name.starts_with('.') && !name.contains(['/', '\\'])
}

/// A reader that counts and hashes what passes through it.
pub struct Hashing<R> {
    inner: R,
    hasher: Sha256,
    size: u64,
}

impl<R: Read> Hashing<R> {
    pub fn new(inner: R) -> Self {
        Self { inner, hasher: Sha256::new(), size: 0 }
    }

    /// What was read: its size and SHA-256 (lower-case hex).
    pub fn finish(self, path: String) -> Part {
        Part { path, size: self.size, sha256: format!("{:x}", self.hasher.finalize()) }
    }
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buffer)?;
        self.hasher.update(&buffer[..read]);
        self.size += read as u64;
        Ok(read)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_places_a_backup_writes_are_accepted() {
        assert_eq!(place_of("database/blocopro.db"), Some((Place::Database, "")));
        assert_eq!(place_of("data/jwt_secret"), Some((Place::Data, "jwt_secret")));
        assert_eq!(place_of("data/whatsapp/0193.db"), Some((Place::Data, "whatsapp/0193.db")));
        let object = "media/companies/0193a1b2-0000-7000-8000-000000000000/2c/2cf24dba";
        assert_eq!(place_of(object), Some((Place::Media, &object["media/".len()..])));
        for refused in [
            "database/other.db",
            "data/blocopro.db",
            "data/whatsapp/../jwt_secret",
            "data/whatsapp/sub/x.db",
            "media/../data/jwt_secret",
            "media/companies//x",
            "media/.hidden",
            "/etc/passwd",
            "manifest.json",
        ] {
            assert_eq!(place_of(refused), None, "{refused}");
        }
    }

    #[test]
    fn what_passes_through_is_counted_and_hashed() {
        let mut reader = Hashing::new(&b"hello"[..]);
        io::copy(&mut reader, &mut io::sink()).unwrap();
        let part = reader.finish("x".into());
        assert_eq!(part.size, 5);
        assert_eq!(part.sha256, "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    }
}
