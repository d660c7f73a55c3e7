//! The media store's one error type. No variant carries a URL or a credential: what reaches a log
//! names the failure, never the secret.

/// A failure of the stream a put reads from, whatever its type.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    /// The content passed the put's limit; nothing was stored.
    #[error("the media is larger than the limit of {limit} bytes")]
    TooLarge { limit: u64 },
    /// The content's SHA-256 is not the one its source announced (e.g. Meta's webhook): the bytes
    /// are not the file that was sent; nothing was stored.
    #[error("the media's SHA-256 is {actual}, not the {expected} announced")]
    DigestMismatch { expected: crate::Sha256Digest, actual: crate::Sha256Digest },
    /// The company has no object with this content address.
    #[error("no such media")]
    NotFound,
    /// The asked range lies outside the object's `size` bytes (HTTP 416 with `bytes */size`).
    #[error("the range lies outside the media's {size} bytes")]
    RangeNotSatisfiable { size: u64 },
    /// The stream a put read from failed; nothing was stored.
    #[error("reading the media failed: {0}")]
    Source(#[source] BoxError),
    /// `BLOCOPRO_MEDIA_URL` (or a digest) could not be used; the reason never repeats the value.
    #[error("invalid media location: {0}")]
    InvalidLocation(&'static str),
    /// A content address that is not 64 hexadecimal digits.
    #[error("invalid SHA-256 digest")]
    InvalidDigest,
    /// The data directory failed.
    #[error("media storage failed: {0}")]
    Io(#[from] std::io::Error),
    /// The object storage failed (unreachable, refused the credentials, …).
    #[error("object storage failed: {0}")]
    ObjectStore(#[source] object_store::Error),
}

impl From<object_store::Error> for MediaError {
    fn from(error: object_store::Error) -> Self {
        match error {
            object_store::Error::NotFound { .. } => MediaError::NotFound,
            other => MediaError::ObjectStore(other),
        }
    }
}
