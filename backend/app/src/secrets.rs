//! Secrets the application makes and checks: opaque tokens (random, stored as SHA-256) for
//! refresh and API tokens, and Argon2id password hashes, computed off the async runtime.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::sync::{Arc, LazyLock};
use tokio::sync::Semaphore;

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

/// Argon2id with the crate's recommended parameters, off the async runtime.
pub async fn hash_password(password: String) -> AppResult<String> {
    let hash = hashing(move || {
        let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
        Argon2::default().hash_password(password.as_bytes(), &salt).map(|hash| hash.to_string())
    })
    .await?;
    hash.map_err(|error| AppError::internal(error.to_string()))
}

/// Verifies off the async runtime. Without a stored hash it still spends the same work, so that
/// unknown e-mails cannot be told apart by timing.
pub async fn verify_password(password: String, stored_hash: Option<String>) -> AppResult<bool> {
    hashing(move || {
        let hash = stored_hash.unwrap_or_else(|| DUMMY_HASH.clone());
        match PasswordHash::new(&hash) {
            Ok(parsed) => Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok(),
            Err(_) => false,
        }
    })
    .await
}

/// Each Argon2id hash holds 19 MiB and a core while it runs. More at once than there are cores
/// only finishes later and holds more memory (a burst of logins took gigabytes), so hashes wait
/// in a fair (first come, first served) queue for one of as many slots as there are cores.
static HASHING_SLOTS: LazyLock<Arc<Semaphore>> = LazyLock::new(|| Arc::new(Semaphore::new(hashing_slot_count())));

fn hashing_slot_count() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

/// Runs `work` on the blocking pool once a hashing slot is free. The slot goes with the work, so a
/// request abandoned while its hash runs does not let another hash start beside it.
async fn hashing<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> AppResult<T> {
    let slot = HASHING_SLOTS.clone().acquire_owned().await.map_err(|error| AppError::internal(error.to_string()))?;
    tokio::task::spawn_blocking(move || {
        let _slot = slot;
        work()
    })
    .await
    .map_err(|error| AppError::internal(error.to_string()))
}

static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    Argon2::default().hash_password(b"not a real password", &salt).map(|h| h.to_string()).unwrap_or_default()
});

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn no_more_hashes_run_at_once_than_there_are_cores() {
        let (running, most) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let burst = (0..hashing_slot_count() * 3).map(|_| {
            let (running, most) = (running.clone(), most.clone());
            tokio::spawn(hashing(move || {
                most.fetch_max(running.fetch_add(1, Ordering::SeqCst) + 1, Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(20));
                running.fetch_sub(1, Ordering::SeqCst);
            }))
        });
        for hash in burst.collect::<Vec<_>>() {
            hash.await.unwrap().unwrap();
        }
        assert!(most.load(Ordering::SeqCst) <= hashing_slot_count());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_abandoned_hash_keeps_its_slot_until_it_ends() {
        let (release, released) = std::sync::mpsc::channel::<()>();
        let abandoned = tokio::spawn(hashing(move || released.recv().ok()));
        while HASHING_SLOTS.available_permits() == hashing_slot_count() {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        abandoned.abort();
        let _ = abandoned.await;
        assert_eq!(HASHING_SLOTS.available_permits(), hashing_slot_count() - 1, "the work still runs");
        release.send(()).unwrap();
        while HASHING_SLOTS.available_permits() < hashing_slot_count() {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    }

    #[test]
    fn random_tokens_hash_stably() {
        let (token, hash) = random_token("bp_");
        assert!(token.starts_with("bp_"));
        assert_eq!(hash, hash_token(&token));
        assert_ne!(random_token("bp_").0, token);
    }
}
