//! Secrets sealed with the server's key (XChaCha20-Poly1305) before they reach the store: Cloud API
//! credentials and webhook signing secrets.

pub use blocopro_connectors::cloud_api::CloudCredentials;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};

use crate::{AppError, AppResult};

const NONCE_LENGTH: usize = 24;

/// Seals and opens secrets kept at rest.
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
    pub fn seal(&self, credentials: &CloudCredentials) -> AppResult<Vec<u8>> {
        let plain = serde_json::to_vec(credentials).map_err(|e| AppError::internal(e.to_string()))?;
        self.seal_bytes(&plain)
    }

    pub fn open(&self, sealed: &[u8]) -> AppResult<CloudCredentials> {
        serde_json::from_slice(&self.open_bytes(sealed)?).map_err(|e| AppError::internal(e.to_string()))
    }

    /// A secret the server must read back later (a webhook's signing secret).
    pub fn seal_secret(&self, secret: &SecretString) -> AppResult<Vec<u8>> {
        self.seal_bytes(secret.expose_secret().as_bytes())
    }

    pub fn open_secret(&self, sealed: &[u8]) -> AppResult<SecretString> {
        let plain = String::from_utf8(self.open_bytes(sealed)?)
            .map_err(|_| AppError::internal("a sealed secret is not text"))?;
        Ok(SecretString::from(plain))
    }

    fn seal_bytes(&self, plain: &[u8]) -> AppResult<Vec<u8>> {
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = self.cipher.encrypt(&nonce, plain).map_err(|_| AppError::internal("sealing failed"))?;
        Ok([&nonce[..], &sealed].concat())
    }

    fn open_bytes(&self, sealed: &[u8]) -> AppResult<Vec<u8>> {
        if sealed.len() < NONCE_LENGTH {
            return Err(AppError::internal("sealed data is truncated"));
        }
        let (nonce, ciphertext) = sealed.split_at(NONCE_LENGTH);
        let nonce: [u8; NONCE_LENGTH] = nonce.try_into().map_err(|_| AppError::internal("bad nonce"))?;
        self.cipher
            .decrypt(&XNonce::from(nonce), ciphertext)
            .map_err(|_| AppError::internal("sealed data cannot be opened with this server's key"))
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
    fn sealed_secrets_open_as_they_were() {
        let sealer = CredentialSealer::new(&SecretString::from("k".repeat(40)));
        let sealed = sealer.seal_secret(&SecretString::from("whsec_abc")).unwrap();
        assert!(!sealed.windows(9).any(|window| window == b"whsec_abc"));
        assert_eq!(sealer.open_secret(&sealed).unwrap().expose_secret(), "whsec_abc");
    }

    #[test]
    fn each_seal_uses_a_new_nonce() {
        let sealer = CredentialSealer::new(&SecretString::from("k".repeat(40)));
        assert_ne!(sealer.seal(&credentials()).unwrap(), sealer.seal(&credentials()).unwrap());
    }
}
