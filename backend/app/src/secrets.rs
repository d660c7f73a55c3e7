//! Secrets the application makes and checks: opaque tokens (random, stored as SHA-256) for
//! refresh and API tokens, and Argon2id password hashes, computed off the async runtime.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::{AppError, AppResult};

/// How long an access token lives; a user whose last one lapsed this long ago is no longer present.
pub const ACCESS_TOKEN_SECONDS: i64 = 15 * 60;

/// A new random secret token with a prefix, and the hash to store for it.
pub fn random_token(prefix: &str) -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = format!("{prefix}{}", URL_SAFE_NO_PAD.encode(bytes));
    let hash = hash_token(&token);
    (token, hash)
}

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Argon2id with the crate's recommended parameters, on the blocking pool.
pub async fn hash_password(password: String) -> AppResult<String> {
    let hash = tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
        Argon2::default().hash_password(password.as_bytes(), &salt).map(|hash| hash.to_string())
    })
    .await
    .map_err(|error| AppError::internal(error.to_string()))?;
    hash.map_err(|error| AppError::internal(error.to_string()))
}

/// Verifies on the blocking pool. Without a stored hash it still spends the same work, so that
/// unknown e-mails cannot be told apart by timing.
pub async fn verify_password(password: String, stored_hash: Option<String>) -> AppResult<bool> {
    let matched = tokio::task::spawn_blocking(move || {
        let hash = stored_hash.unwrap_or_else(|| DUMMY_HASH.clone());
        match PasswordHash::new(&hash) {
            Ok(parsed) => Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok(),
            Err(_) => false,
        }
    })
    .await
    .map_err(|error| AppError::internal(error.to_string()))?;
    Ok(matched)
}

static DUMMY_HASH: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    Argon2::default().hash_password(b"not a real password", &salt).map(|h| h.to_string()).unwrap_or_default()
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_tokens_hash_stably() {
        let (token, hash) = random_token("bp_");
        assert!(token.starts_with("bp_"));
        assert_eq!(hash, hash_token(&token));
        assert_ne!(random_token("bp_").0, token);
    }
}
