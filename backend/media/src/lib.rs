//! The media store: photos, voice notes, documents… kept as content-addressed objects per company.
//!
//! One trait, [`MediaStore`], two implementations: [`FsMediaStore`] in the data directory (the
//! default) and [`S3MediaStore`] on S3-compatible object storage (several instances share it).
//! [`from_url`] picks one from `BLOCOPRO_MEDIA_URL`'s value.
//!
//! - **Keys** are `companies/<company uuid>/<first two hex digits>/<sha256 hex>` ([`key`]): the same
//!   bytes put twice for one company are stored once, and one company's key never reaches another's
//!   object.
//! - **Puts stream**: the content is hashed while it is written to a temporary object, refused with
//!   [`MediaError::TooLarge`] as soon as it passes the caller's limit (and with
//!   [`MediaError::DigestMismatch`] when its hash is not the one the caller expects), and only then
//!   moved to its content address. A failed or cancelled put removes its temporary; a killed process leaves one,
//!   which [`MediaStore::sweep_temporary`] deletes later.
//! - **Gets stream** too, whole or a byte range (for HTTP `Range` requests).

mod error;
mod fs;
pub mod key;
mod meter;
mod range;
mod s3;
mod url;

use std::fmt;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use bytes::Bytes;
use futures_util::stream::{BoxStream, Stream, StreamExt};
use uuid::Uuid;

pub use error::{BoxError, MediaError};
pub use fs::FsMediaStore;
pub use key::Sha256Digest;
pub use object_store::aws::AmazonS3Builder;
pub use range::ByteRange;
pub use s3::{S3_PART_SIZE, S3MediaStore};

pub use crate::url::{MediaLocation, from_url};

/// Bytes to store, as they arrive (an upload's body, a download from WhatsApp).
pub type ByteStream<'a> = BoxStream<'a, Result<Bytes, BoxError>>;

/// A media store shared by the application's tasks.
pub type DynMediaStore = Arc<dyn MediaStore>;

/// Wraps any fallible stream of bytes as the [`ByteStream`] a put takes.
pub fn byte_stream<'a, S, E>(stream: S) -> ByteStream<'a>
where
    S: Stream<Item = Result<Bytes, E>> + Send + 'a,
    E: Into<BoxError>,
{
    stream.map(|chunk| chunk.map_err(Into::into)).boxed()
}

/// What a put stored: the object's content address within its company and its size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredMedia {
    pub sha256: Sha256Digest,
    pub size: u64,
}

/// The bytes a get answers: `range` of the object's `size` bytes, read as they are sent.
pub struct MediaContent {
    /// The whole object's size (for `Content-Range`).
    pub size: u64,
    /// The part of the object the stream yields (all of it when no range was asked for).
    pub range: Range<u64>,
    pub stream: BoxStream<'static, Result<Bytes, MediaError>>,
}

impl fmt::Debug for MediaContent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MediaContent").field("size", &self.size).field("range", &self.range).finish_non_exhaustive()
    }
}

/// Where media live. Every method is scoped to one company: an object is only ever found through the
/// company that stored it.
#[async_trait]
pub trait MediaStore: Send + Sync + fmt::Debug {
    /// Streams `content` into the store, refusing it once it passes `limit` bytes; nothing is left
    /// behind when it fails (too large, the source erred, storage failed) or is dropped.
    async fn put(&self, company_id: Uuid, content: ByteStream<'_>, limit: u64) -> Result<StoredMedia, MediaError> {
        self.put_checked(company_id, content, limit, None).await
    }

    /// [`MediaStore::put`], and when `expected` is given, refuses content whose SHA-256 (computed
    /// as it streams, the same hash that addresses it) is another with [`MediaError::DigestMismatch`],
    /// before anything is stored under its address.
    async fn put_checked(
        &self,
        company_id: Uuid,
        content: ByteStream<'_>,
        limit: u64,
        expected: Option<Sha256Digest>,
    ) -> Result<StoredMedia, MediaError>;

    /// The object's bytes, all of them or `range`; [`MediaError::NotFound`] when this company has no
    /// such object, [`MediaError::RangeNotSatisfiable`] when the range lies outside it.
    async fn get(
        &self,
        company_id: Uuid,
        sha256: &Sha256Digest,
        range: Option<ByteRange>,
    ) -> Result<MediaContent, MediaError>;

    /// The object's size, or `None` when this company has no such object.
    async fn head(&self, company_id: Uuid, sha256: &Sha256Digest) -> Result<Option<u64>, MediaError>;

    /// Removes the object; removing one that is not there is not an error.
    async fn delete(&self, company_id: Uuid, sha256: &Sha256Digest) -> Result<(), MediaError>;

    /// Deletes the temporaries of puts that started more than `older_than` ago and never finished
    /// (their process was killed); answers how many it deleted. Give in-flight puts ample time.
    async fn sweep_temporary(&self, older_than: Duration) -> Result<u64, MediaError>;
}

/// The store of media in the data directory when no URL is configured: `<data_dir>/media`.
pub fn default_media_dir(data_dir: &Path) -> std::path::PathBuf {
    data_dir.join("media")
}
