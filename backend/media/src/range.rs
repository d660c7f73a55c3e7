//! Byte ranges as HTTP `Range: bytes=…` asks for them, resolved against an object's size.

use std::ops::Range;

use crate::MediaError;

/// One range of an object's bytes, in HTTP's three forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ByteRange {
    /// `bytes=first-last`, both inclusive; a `last` past the end means the end.
    FromTo { first: u64, last: u64 },
    /// `bytes=first-`: from `first` to the end.
    From { first: u64 },
    /// `bytes=-length`: the last `length` bytes (all of them when the object is shorter).
    Last { length: u64 },
}

impl ByteRange {
    /// The half-open range of a `size`-byte object this asks for, as RFC 9110 § 14.1.2 reads it;
    /// [`MediaError::RangeNotSatisfiable`] when it holds no byte of the object.
    pub fn resolve(self, size: u64) -> Result<Range<u64>, MediaError> {
        let unsatisfiable = MediaError::RangeNotSatisfiable { size };
        let range = match self {
            ByteRange::FromTo { first, last } if first <= last => first..last.saturating_add(1).min(size),
            ByteRange::FromTo { .. } => return Err(unsatisfiable),
            ByteRange::From { first } => first..size,
            ByteRange::Last { length } => size.saturating_sub(length)..size,
        };
        if range.start >= range.end {
            return Err(unsatisfiable);
        }
        Ok(range)
    }
}

#[cfg(test)]
mod tests {
    use super::ByteRange::*;
    use super::*;

    fn resolved(range: ByteRange, size: u64) -> Option<Range<u64>> {
        match range.resolve(size) {
            Ok(range) => Some(range),
            Err(MediaError::RangeNotSatisfiable { size: told }) => {
                assert_eq!(told, size);
                None
            }
            Err(other) => panic!("{other}"),
        }
    }

    #[test]
    fn closed_ranges_include_their_last_byte_and_stop_at_the_end() {
        assert_eq!(resolved(FromTo { first: 0, last: 0 }, 10), Some(0..1));
        assert_eq!(resolved(FromTo { first: 2, last: 5 }, 10), Some(2..6));
        assert_eq!(resolved(FromTo { first: 8, last: 99 }, 10), Some(8..10));
        assert_eq!(resolved(FromTo { first: 0, last: u64::MAX }, 10), Some(0..10));
    }

    #[test]
    fn open_and_suffix_ranges_reach_the_end() {
        assert_eq!(resolved(From { first: 3 }, 10), Some(3..10));
        assert_eq!(resolved(Last { length: 4 }, 10), Some(6..10));
        assert_eq!(resolved(Last { length: 40 }, 10), Some(0..10));
    }

    #[test]
    fn ranges_without_a_byte_of_the_object_are_unsatisfiable() {
        assert_eq!(resolved(FromTo { first: 10, last: 12 }, 10), None);
        assert_eq!(resolved(FromTo { first: 5, last: 4 }, 10), None);
        assert_eq!(resolved(From { first: 10 }, 10), None);
        assert_eq!(resolved(Last { length: 0 }, 10), None);
        assert_eq!(resolved(From { first: 0 }, 0), None);
        assert_eq!(resolved(Last { length: 5 }, 0), None);
    }
}
