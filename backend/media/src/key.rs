//! Content addresses and where they live: `companies/<company uuid>/<first two hex digits>/<sha256
//! hex>`, the same layout on disk and in a bucket. The two-digit level keeps a company's directory
//! small on file systems; object storage ignores it.

use std::fmt;
use std::str::FromStr;

use uuid::Uuid;

use crate::MediaError;

/// The SHA-256 of an object's bytes: its address within its company.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sha256Digest([u8; 32]);

impl Sha256Digest {
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Display for Sha256Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex::encode(self.0))
    }
}

impl fmt::Debug for Sha256Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Sha256Digest({self})")
    }
}

/// Parses 64 hexadecimal digits (either case; written in lower case).
impl FromStr for Sha256Digest {
    type Err = MediaError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(text, &mut bytes).map_err(|_| MediaError::InvalidDigest)?;
        Ok(Self(bytes))
    }
}

/// The folder of one company's objects.
pub fn company_prefix(company_id: Uuid) -> String {
    format!("companies/{company_id}")
}

/// Where the object with `sha256` of `company_id` lives, relative to the store's root.
pub fn object_key(company_id: Uuid, sha256: &Sha256Digest) -> String {
    let hex = sha256.to_string();
    format!("{}/{}/{hex}", company_prefix(company_id), &hex[..2])
}

/// The folder of unfinished puts, relative to the store's root; only the sweep deletes there.
pub const TEMPORARY_PREFIX: &str = "tmp";

/// A fresh temporary name; time-ordered (UUID v7), so a listing shows the oldest first.
pub(crate) fn temporary_name() -> String {
    format!("{}.part", Uuid::now_v7().simple())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HELLO: &str = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

    #[test]
    fn digests_round_trip_through_hex() {
        let digest: Sha256Digest = HELLO.parse().unwrap();
        assert_eq!(digest.to_string(), HELLO);
        assert_eq!(HELLO.to_uppercase().parse::<Sha256Digest>().unwrap(), digest);
    }

    #[test]
    fn digests_refuse_anything_but_64_hex_digits() {
        for bad in ["", "abc", &HELLO[..63], &format!("{HELLO}0"), &HELLO.replace('c', "g"), "../../etc/passwd"] {
            assert!(matches!(bad.parse::<Sha256Digest>(), Err(MediaError::InvalidDigest)), "{bad}");
        }
    }

    #[test]
    fn keys_are_per_company_and_content() {
        let company = Uuid::parse_str("0190d1a4-7b8c-7def-8abc-0123456789ab").unwrap();
        let digest: Sha256Digest = HELLO.parse().unwrap();
        assert_eq!(object_key(company, &digest), format!("companies/{company}/2c/{HELLO}"));
        assert!(object_key(company, &digest).starts_with(&company_prefix(company)));
    }

    #[test]
    fn temporary_names_are_unique() {
        assert_ne!(temporary_name(), temporary_name());
    }
}
