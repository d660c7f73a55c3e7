//! Hashing and counting a put's bytes as they pass, with its size limit and, when the source
//! announced one, the SHA-256 the bytes must have.

use sha2::{Digest, Sha256};

use crate::{MediaError, Sha256Digest, StoredMedia};

/// Sees every chunk of a put before it is written.
pub(crate) struct ContentMeter {
    hasher: Sha256,
    size: u64,
    limit: u64,
    expected: Option<Sha256Digest>,
}

impl ContentMeter {
    pub(crate) fn new(limit: u64, expected: Option<Sha256Digest>) -> Self {
        Self { hasher: Sha256::new(), size: 0, limit, expected }
    }

    /// Counts and hashes `chunk`, or refuses it when it takes the content past the limit (before
    /// anything of it is written).
    pub(crate) fn take(&mut self, chunk: &[u8]) -> Result<(), MediaError> {
        let size = self.size.saturating_add(chunk.len() as u64);
        if size > self.limit {
            return Err(MediaError::TooLarge { limit: self.limit });
        }
        self.size = size;
        self.hasher.update(chunk);
        Ok(())
    }

    /// What was read, or [`MediaError::DigestMismatch`] when its hash is not the one expected (the
    /// put then stores nothing).
    pub(crate) fn finish(self) -> Result<StoredMedia, MediaError> {
        let sha256 = Sha256Digest::from_bytes(self.hasher.finalize().into());
        match self.expected {
            Some(expected) if expected != sha256 => Err(MediaError::DigestMismatch { expected, actual: sha256 }),
            _ => Ok(StoredMedia { sha256, size: self.size }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_the_chunks_as_one_content() {
        let mut meter = ContentMeter::new(100, None);
        meter.take(b"hello ").unwrap();
        meter.take(b"world").unwrap();
        let stored = meter.finish().unwrap();
        assert_eq!(stored.size, 11);
        assert_eq!(stored.sha256.to_string(), "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9");
    }

    #[test]
    fn content_of_exactly_the_limit_passes_and_one_byte_more_is_refused() {
        let mut meter = ContentMeter::new(4, None);
        meter.take(b"abcd").unwrap();
        assert!(matches!(meter.take(b"e"), Err(MediaError::TooLarge { limit: 4 })));
    }

    #[test]
    fn a_refused_chunk_is_not_counted() {
        let mut meter = ContentMeter::new(4, None);
        meter.take(b"ab").unwrap();
        assert!(meter.take(b"cde").is_err());
        meter.take(b"cd").unwrap();
        assert_eq!(meter.finish().unwrap().size, 4);
    }

    #[test]
    fn content_with_another_hash_than_announced_is_refused() {
        let hello: Sha256Digest = "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9".parse().unwrap();
        let mut meter = ContentMeter::new(100, Some(hello));
        meter.take(b"hello world").unwrap();
        assert_eq!(meter.finish().unwrap().sha256, hello);
        let mut meter = ContentMeter::new(100, Some(hello));
        meter.take(b"hello w0rld").unwrap();
        match meter.finish() {
            Err(MediaError::DigestMismatch { expected, actual }) => {
                assert_eq!((expected == hello, actual == hello), (true, false))
            }
            other => panic!("{other:?}"),
        }
    }
}
