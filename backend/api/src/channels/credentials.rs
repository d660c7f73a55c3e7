//! Cloud API secrets, sealed with the server's key (XChaCha20-Poly1305) before they reach the store.

pub use blocopro_connectors::cloud_api::CloudCredentials;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};

use crate::error::{ApiError, ApiResult};

const NONCE_LENGTH: usize = 24;

/// Seals and opens channel credentials.
pub struct CredentialSealer {
    cipher: XChaCha20Poly1305,
}

impl CredentialSealer {
    /// The key is the SHA-256 of the configured secret, so any long random string will do.
    pub fn new(secret: &SecretString) -> Self {
        let key = Sha256::digest(secret.expose_secret().as_bytes());
        Self { cipher: XChaCha20Poly1305::new(&key) }
    }

    /// `nonce || ciphertext` of the JSON form.
    pub fn seal(&self, credentials: &CloudCredentials) -> ApiResult<Vec<u8>> {
        let plain = serde_json::to_vec(credentials).map_err(|e| ApiError::internal(&e.to_string()))?;
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = self.cipher.encrypt(&nonce, plain.as_slice()).map_err(|_| ApiError::internal("sealing failed"))?;
        Ok([&nonce[..], &sealed].concat())
    }

    pub fn open(&self, sealed: &[u8]) -> ApiResult<CloudCredentials> {
        if sealed.len() < NONCE_LENGTH {
            return Err(ApiError::internal("sealed credentials are truncated"));
        }
        let (nonce, ciphertext) = sealed.split_at(NONCE_LENGTH);
        let nonce: [u8; NONCE_LENGTH] = nonce.try_into().map_err(|_| ApiError::internal("bad nonce"))?;
        let plain = self
            .cipher
            .decrypt(&XNonce::from(nonce), ciphertext)
            .map_err(|_| ApiError::internal("channel credentials cannot be opened with this server's key"))?;
        serde_json::from_slice(&plain).map_err(|e| ApiError::internal(&e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credentials() -> CloudCredentials {
        CloudCredentials {
            access_token: "EAAG-token".into(),
            app_secret: "app-secret".into(),
            verify_token: "v".into(),
        }
    }

    #[test]
    fn sealed_credentials_open_with_the_same_key_only() {
        let sealer = CredentialSealer::new(&SecretString::from("k".repeat(40)));
        let sealed = sealer.seal(&credentials()).unwrap();
        assert!(!sealed.windows(10).any(|window| window == b"EAAG-token"), "no plain text at rest");
        assert_eq!(sealer.open(&sealed).unwrap().access_token, "EAAG-token");
        let other = CredentialSealer::new(&SecretString::from("x".repeat(40)));
        assert!(other.open(&sealed).is_err());
        assert!(sealer.open(&sealed[..10]).is_err());
    }

    #[test]
    fn each_seal_uses_a_new_nonce() {
        let sealer = CredentialSealer::new(&SecretString::from("k".repeat(40)));
        assert_ne!(sealer.seal(&credentials()).unwrap(), sealer.seal(&credentials()).unwrap());
    }
}
