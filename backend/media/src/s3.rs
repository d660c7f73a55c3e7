//! Media in S3-compatible object storage (`s3://bucket/prefix`), through `object_store`: several
//! instances share one bucket.
//!
//! A put streams to `<prefix>/tmp/<name>`: content that fits in one part goes up in one `PUT`,
//! anything longer as a multipart upload of [`S3_PART_SIZE`] parts with at most two in flight, so
//! memory stays flat whatever the size. Once the hash is known the temporary is copied to its content
//! address (server-side, unless that address holds the same bytes already) and deleted. A failed put
//! aborts its multipart upload or deletes its temporary before answering; a dropped one does so in
//! a spawned task. A killed process leaves a temporary object (swept by
//! [`MediaStore::sweep_temporary`]) or an incomplete multipart upload, which S3 does not list: the
//! bucket needs a lifecycle rule that aborts incomplete multipart uploads after a day (docs/decisions.md).

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use bytes::Bytes;
use futures_util::stream::StreamExt;
use object_store::aws::AmazonS3Builder;
use object_store::path::Path;
use object_store::prefix::PrefixStore;
use object_store::{GetOptions, GetRange, ObjectStore, ObjectStoreExt, PutPayload, WriteMultipart};
use uuid::Uuid;

use crate::key::{TEMPORARY_PREFIX, object_key, temporary_name};
use crate::meter::ContentMeter;
use crate::{ByteRange, ByteStream, MediaContent, MediaError, MediaStore, Sha256Digest, StoredMedia};

/// The size of a multipart upload's parts: S3's smallest (but for the last), so a put holds at most
/// a few of them in memory.
pub const S3_PART_SIZE: usize = 5 * 1024 * 1024;

/// Parts uploaded at once; the put waits for one to finish before it reads on.
const PARTS_IN_FLIGHT: usize = 2;

pub struct S3MediaStore {
    store: Arc<dyn ObjectStore>,
    /// `s3://bucket/prefix`, for logs (never the endpoint's credentials).
    location: String,
}

impl fmt::Debug for S3MediaStore {
    // By hand: the client's own Debug would show its configuration.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("S3MediaStore").field("location", &self.location).finish_non_exhaustive()
    }
}

impl S3MediaStore {
    /// The store under `prefix` (may be empty) of `bucket`, with the rest of the configuration
    /// (credentials, region, endpoint, plain HTTP) from `builder`, e.g.
    /// `AmazonS3Builder::from_env()` for the `AWS_*` variables.
    pub fn new(builder: AmazonS3Builder, bucket: &str, prefix: &str) -> Result<Self, MediaError> {
        let client = builder.with_bucket_name(bucket).build().map_err(MediaError::ObjectStore)?;
        let prefix = prefix.trim_matches('/');
        let store: Arc<dyn ObjectStore> =
            if prefix.is_empty() { Arc::new(client) } else { Arc::new(PrefixStore::new(client, prefix)) };
        Ok(Self { store, location: format!("s3://{bucket}/{prefix}") })
    }

    fn object_path(company_id: Uuid, sha256: &Sha256Digest) -> Path {
        Path::from(object_key(company_id, sha256))
    }

    /// Streams the content into `temporary`, in one `PUT` or as a multipart upload.
    async fn upload_temporary(
        &self,
        temporary: &mut TemporaryObject,
        mut content: ByteStream<'_>,
        limit: u64,
        expected: Option<Sha256Digest>,
    ) -> Result<StoredMedia, MediaError> {
        let mut meter = ContentMeter::new(limit, expected);
        let mut first_part = PartBuffer::default();
        while let Some(chunk) = content.next().await {
            let chunk = chunk.map_err(MediaError::Source)?;
            meter.take(&chunk)?;
            match temporary.upload.as_mut() {
                Some(upload) => {
                    upload.wait_for_capacity(PARTS_IN_FLIGHT).await?;
                    upload.put(chunk);
                }
                None => {
                    first_part.push(chunk);
                    if first_part.len >= S3_PART_SIZE {
                        let upload = self.store.put_multipart(&temporary.path).await?;
                        let mut upload = WriteMultipart::new_with_chunk_size(upload, S3_PART_SIZE);
                        first_part.chunks.drain(..).for_each(|chunk| upload.put(chunk));
                        temporary.upload = Some(upload);
                    }
                }
            }
        }
        temporary.may_exist = true;
        match temporary.upload.take() {
            Some(upload) => upload.finish().await?,
            None => self.store.put(&temporary.path, PutPayload::from_iter(first_part.chunks)).await?,
        };
        meter.finish()
    }

    /// Copies the finished temporary to its content address, unless the same bytes are there.
    async fn move_into_place(&self, temporary: &Path, destination: &Path) -> Result<(), MediaError> {
        match self.store.head(destination).await {
            Ok(_) => Ok(()),
            Err(object_store::Error::NotFound { .. }) => Ok(self.store.copy(temporary, destination).await?),
            Err(error) => Err(error.into()),
        }
    }

    async fn size_of(&self, path: &Path) -> Result<Option<u64>, MediaError> {
        match self.store.head(path).await {
            Ok(meta) => Ok(Some(meta.size)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(error) => Err(error.into()),
        }
    }
}

#[async_trait]
impl MediaStore for S3MediaStore {
    async fn put_checked(
        &self,
        company_id: Uuid,
        content: ByteStream<'_>,
        limit: u64,
        expected: Option<Sha256Digest>,
    ) -> Result<StoredMedia, MediaError> {
        let path = Path::from(format!("{TEMPORARY_PREFIX}/{}", temporary_name()));
        let mut temporary = TemporaryObject::new(self.store.clone(), path);
        // A digest mismatch fails the upload: the temporary is discarded, nothing is placed.
        let uploaded = self.upload_temporary(&mut temporary, content, limit, expected).await;
        let placed = match &uploaded {
            Ok(stored) => self.move_into_place(&temporary.path, &Self::object_path(company_id, &stored.sha256)).await,
            Err(_) => Ok(()),
        };
        temporary.discard().await;
        placed?;
        uploaded
    }

    async fn get(
        &self,
        company_id: Uuid,
        sha256: &Sha256Digest,
        range: Option<ByteRange>,
    ) -> Result<MediaContent, MediaError> {
        let path = Self::object_path(company_id, sha256);
        let mut options = GetOptions::default();
        if let Some(range) = range {
            // Resolved here, so every store answers the same ranges the same way; objects never
            // change, so the size cannot move between the two requests.
            let size = self.size_of(&path).await?.ok_or(MediaError::NotFound)?;
            options.range = Some(GetRange::Bounded(range.resolve(size)?));
        }
        let answer = self.store.get_opts(&path, options).await?;
        let (size, range) = (answer.meta.size, answer.range.clone());
        let stream = answer.into_stream().map(|chunk| chunk.map_err(MediaError::from)).boxed();
        Ok(MediaContent { size, range, stream })
    }

    async fn head(&self, company_id: Uuid, sha256: &Sha256Digest) -> Result<Option<u64>, MediaError> {
        self.size_of(&Self::object_path(company_id, sha256)).await
    }

    async fn delete(&self, company_id: Uuid, sha256: &Sha256Digest) -> Result<(), MediaError> {
        delete_if_present(self.store.as_ref(), &Self::object_path(company_id, sha256)).await
    }

    async fn sweep_temporary(&self, older_than: Duration) -> Result<u64, MediaError> {
        let cutoff = SystemTime::now().checked_sub(older_than).unwrap_or(UNIX_EPOCH);
        let cutoff_millis = cutoff.duration_since(UNIX_EPOCH).map_or(0, |since| since.as_millis() as i64);
        let mut listing = self.store.list(Some(&Path::from(TEMPORARY_PREFIX)));
        let mut deleted = 0;
        while let Some(meta) = listing.next().await {
            let meta = meta?;
            if meta.last_modified.timestamp_millis() <= cutoff_millis {
                delete_if_present(self.store.as_ref(), &meta.location).await?;
                deleted += 1;
            }
        }
        if deleted > 0 {
            tracing::info!(deleted, location = %self.location, "swept unfinished media uploads");
        }
        Ok(deleted)
    }
}

/// The chunks read before a put knows whether it needs a multipart upload.
#[derive(Default)]
struct PartBuffer {
    chunks: Vec<Bytes>,
    len: usize,
}

impl PartBuffer {
    fn push(&mut self, chunk: Bytes) {
        self.len += chunk.len();
        self.chunks.push(chunk);
    }
}

/// A put's temporary object and its multipart upload while one runs: discarded when the put ends,
/// or in a spawned task when the put's future is dropped.
struct TemporaryObject {
    store: Arc<dyn ObjectStore>,
    path: Path,
    upload: Option<WriteMultipart>,
    /// A `PUT` of it or the completion of its upload was sent.
    may_exist: bool,
    discarded: bool,
}

impl TemporaryObject {
    fn new(store: Arc<dyn ObjectStore>, path: Path) -> Self {
        Self { store, path, upload: None, may_exist: false, discarded: false }
    }

    async fn discard(&mut self) {
        self.discarded = true;
        clean_up(self.store.clone(), self.path.clone(), self.upload.take(), self.may_exist).await;
    }
}

impl Drop for TemporaryObject {
    fn drop(&mut self) {
        if self.discarded {
            return;
        }
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(clean_up(self.store.clone(), self.path.clone(), self.upload.take(), self.may_exist));
        }
    }
}

/// Aborts the upload (S3 frees its parts) and deletes the temporary; a failure is logged and left
/// to the sweep or the bucket's lifecycle rule.
async fn clean_up(store: Arc<dyn ObjectStore>, path: Path, upload: Option<WriteMultipart>, may_exist: bool) {
    if let Some(upload) = upload
        && let Err(error) = upload.abort().await
    {
        tracing::warn!(%error, "could not abort a media upload; the bucket's lifecycle rule will");
    }
    if may_exist && let Err(error) = delete_if_present(store.as_ref(), &path).await {
        tracing::warn!(%error, "could not delete a media upload's temporary; the sweep will");
    }
}

async fn delete_if_present(store: &dyn ObjectStore, path: &Path) -> Result<(), MediaError> {
    match store.delete(path).await {
        Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
        Err(error) => Err(error.into()),
    }
}
