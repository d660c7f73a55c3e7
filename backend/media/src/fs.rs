//! Media in a directory (by default `<data dir>/media`): `companies/…` holds the objects, `tmp/` the
//! puts in progress. Both are in the same file system, so a finished put is one `rename`: a reader
//! sees the whole object or none, and a crash leaves at most a file in `tmp/`.

use std::io::{ErrorKind, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use async_trait::async_trait;
use bytes::Bytes;
use futures_util::TryStreamExt;
use futures_util::stream::StreamExt;
use tokio::fs::{self, File, OpenOptions};
use tokio::io::AsyncWriteExt;
use uuid::Uuid;

use crate::key::{TEMPORARY_PREFIX, object_key, temporary_name};
use crate::meter::ContentMeter;
use crate::{ByteRange, ByteStream, MediaContent, MediaError, MediaStore, Sha256Digest, StoredMedia};

/// How much of a file one chunk of a get's stream carries: under glibc's threshold for mapping an
/// allocation of its own (128 KiB), so a chunk's buffer is reused from the heap instead of being
/// mapped, faulted in page by page and unmapped on every request (about a sixth of the server's time
/// serving 200 KB photos, by `perf`).
const READ_CHUNK: usize = 64 * 1024;
/// How much one trip to the blocking pool reads: a photo whole, a long video in batches that keep
/// a download's memory small.
const READ_BATCH: u64 = 4 * READ_CHUNK as u64;

#[derive(Debug, Clone)]
pub struct FsMediaStore {
    root: PathBuf,
}

impl FsMediaStore {
    /// Opens (creating it when missing) the store in `root`.
    pub async fn open(root: impl Into<PathBuf>) -> Result<Self, MediaError> {
        let root = root.into();
        fs::create_dir_all(root.join(TEMPORARY_PREFIX)).await?;
        Ok(Self { root })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn object_path(&self, company_id: Uuid, sha256: &Sha256Digest) -> PathBuf {
        self.root.join(object_key(company_id, sha256))
    }

    fn temporary_dir(&self) -> PathBuf {
        self.root.join(TEMPORARY_PREFIX)
    }

    /// Writes the content to a new temporary file, durably, and answers it with what was written.
    async fn write_temporary(
        &self,
        mut content: ByteStream<'_>,
        limit: u64,
        expected: Option<Sha256Digest>,
    ) -> Result<(TemporaryFile, StoredMedia), MediaError> {
        let temporary = TemporaryFile::new(self.temporary_dir().join(temporary_name()));
        let mut file = OpenOptions::new().write(true).create_new(true).open(&temporary.path).await?;
        let mut meter = ContentMeter::new(limit, expected);
        while let Some(chunk) = content.next().await {
            let chunk = chunk.map_err(MediaError::Source)?;
            meter.take(&chunk)?;
            file.write_all(&chunk).await?;
        }
        file.flush().await?;
        // Refused before it is made durable: the temporary goes when it is dropped.
        let stored = meter.finish()?;
        file.sync_all().await?;
        Ok((temporary, stored))
    }
}

#[async_trait]
impl MediaStore for FsMediaStore {
    async fn put_checked(
        &self,
        company_id: Uuid,
        content: ByteStream<'_>,
        limit: u64,
        expected: Option<Sha256Digest>,
    ) -> Result<StoredMedia, MediaError> {
        let (temporary, stored) = self.write_temporary(content, limit, expected).await?;
        let destination = self.object_path(company_id, &stored.sha256);
        if fs::try_exists(&destination).await? {
            // The same bytes are there already: the temporary goes when it is dropped.
            return Ok(stored);
        }
        let folder = destination.parent().expect("object paths have a folder");
        fs::create_dir_all(folder).await?;
        temporary.persist(&destination).await?;
        sync_directory(folder).await?;
        Ok(stored)
    }

    async fn get(
        &self,
        company_id: Uuid,
        sha256: &Sha256Digest,
        range: Option<ByteRange>,
    ) -> Result<MediaContent, MediaError> {
        let path = self.object_path(company_id, sha256);
        // Opening, sizing and reading the first batch take one trip to the blocking pool: a photo
        // is served whole from it.
        let (opened, first) = blocking(move || {
            let mut file = std::fs::File::open(path).map_err(not_found_or_io)?;
            let size = file.metadata()?.len();
            let range = match range {
                Some(range) => range.resolve(size)?,
                None => 0..size,
            };
            if range.start > 0 {
                file.seek(SeekFrom::Start(range.start))?;
            }
            let mut opened = OpenObject { file, size, range, next: 0 };
            opened.next = opened.range.start;
            let first = opened.read_batch()?;
            Ok((opened, first))
        })
        .await?;
        let (size, range) = (opened.size, opened.range.clone());
        let rest = futures_util::stream::try_unfold(opened, |opened| async move {
            if opened.next >= opened.range.end {
                return Ok(None);
            }
            blocking(move || {
                let mut opened = opened;
                let batch = opened.read_batch()?;
                Ok(Some((batch, opened)))
            })
            .await
        });
        let stream = futures_util::stream::once(std::future::ready(Ok(first)))
            .chain(rest)
            .map_ok(|batch| futures_util::stream::iter(batch.into_iter().map(Ok::<Bytes, MediaError>)))
            .try_flatten()
            .boxed();
        Ok(MediaContent { size, range, stream })
    }

    async fn head(&self, company_id: Uuid, sha256: &Sha256Digest) -> Result<Option<u64>, MediaError> {
        match fs::metadata(self.object_path(company_id, sha256)).await {
            Ok(metadata) => Ok(Some(metadata.len())),
            Err(error) if error.kind() == ErrorKind::NotFound => Ok(None),
            Err(error) => Err(error.into()),
        }
    }

    async fn delete(&self, company_id: Uuid, sha256: &Sha256Digest) -> Result<(), MediaError> {
        match fs::remove_file(self.object_path(company_id, sha256)).await {
            Err(error) if error.kind() != ErrorKind::NotFound => Err(error.into()),
            _ => Ok(()),
        }
    }

    async fn sweep_temporary(&self, older_than: Duration) -> Result<u64, MediaError> {
        let cutoff = SystemTime::now().checked_sub(older_than).unwrap_or(SystemTime::UNIX_EPOCH);
        let mut entries = fs::read_dir(self.temporary_dir()).await?;
        let mut deleted = 0;
        while let Some(entry) = entries.next_entry().await? {
            let modified = entry.metadata().await?.modified()?;
            if modified <= cutoff && remove_if_present(&entry.path()).await? {
                deleted += 1;
            }
        }
        if deleted > 0 {
            tracing::info!(deleted, "swept unfinished media uploads");
        }
        Ok(deleted)
    }
}

/// A temporary file that is removed unless persisted: a put that fails, or whose future is dropped,
/// leaves nothing behind.
struct TemporaryFile {
    path: PathBuf,
    persisted: bool,
}

impl TemporaryFile {
    fn new(path: PathBuf) -> Self {
        Self { path, persisted: false }
    }

    async fn persist(mut self, destination: &Path) -> Result<(), MediaError> {
        fs::rename(&self.path, destination).await?;
        self.persisted = true;
        Ok(())
    }
}

impl Drop for TemporaryFile {
    fn drop(&mut self) {
        if !self.persisted {
            // Synchronous: a drop cannot await, and unlinking one file does not block for long.
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// An object being read: its file, positioned at `next`, and the part of it asked for.
struct OpenObject {
    file: std::fs::File,
    size: u64,
    range: std::ops::Range<u64>,
    next: u64,
}

impl OpenObject {
    /// The next chunks of the range, up to [`READ_BATCH`] bytes; none once the range is read.
    fn read_batch(&mut self) -> Result<Vec<Bytes>, MediaError> {
        let end = self.range.end.min(self.next + READ_BATCH);
        let mut batch = Vec::with_capacity(READ_BATCH.div_ceil(READ_CHUNK as u64) as usize);
        while self.next < end {
            batch.push(self.read_chunk(end)?);
        }
        Ok(batch)
    }

    /// The next chunk before `end`, read straight into the buffer it is sent from (no copy between
    /// buffers). A file shorter than its range is an error, never a response shorter than the
    /// length it announced.
    fn read_chunk(&mut self, end: u64) -> Result<Bytes, MediaError> {
        let length = (end - self.next).min(READ_CHUNK as u64);
        let mut chunk = Vec::with_capacity(length as usize);
        (&mut self.file).take(length).read_to_end(&mut chunk)?;
        if (chunk.len() as u64) < length {
            return Err(std::io::Error::from(ErrorKind::UnexpectedEof).into());
        }
        self.next += length;
        Ok(Bytes::from(chunk))
    }
}

/// Runs blocking file work on the runtime's blocking pool.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, MediaError> + Send + 'static,
) -> Result<T, MediaError> {
    tokio::task::spawn_blocking(work).await.map_err(|error| MediaError::Io(std::io::Error::other(error)))?
}

/// Makes a rename into `folder` survive a power cut.
async fn sync_directory(folder: &Path) -> Result<(), MediaError> {
    File::open(folder).await?.sync_all().await?;
    Ok(())
}

async fn remove_if_present(path: &Path) -> Result<bool, MediaError> {
    match fs::remove_file(path).await {
        Ok(()) => Ok(true),
        Err(error) if error.kind() == ErrorKind::NotFound => Ok(false),
        Err(error) => Err(error.into()),
    }
}

fn not_found_or_io(error: std::io::Error) -> MediaError {
    if error.kind() == ErrorKind::NotFound { MediaError::NotFound } else { MediaError::Io(error) }
}
