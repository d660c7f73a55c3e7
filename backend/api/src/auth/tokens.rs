//! Access tokens (short-lived HS256 JWTs), opaque refresh and API tokens (random, stored as
//! SHA-256), and Argon2id password hashing off the async runtime.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use blocopro_domain::Timestamp;
use blocopro_domain::token::SubjectKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::error::{ApiError, ApiResult};

pub const ACCESS_TOKEN_SECONDS: i64 = 15 * 60;
pub const REFRESH_TOKEN_SECONDS: i64 = 30 * 24 * 3600;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    /// The user or operator id.
    pub sub: Uuid,
    /// The company of a user; absent for operators.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cid: Option<Uuid>,
    /// `user` or `operator`.
    pub knd: String,
    pub iat: i64,
    pub exp: i64,
}

impl Claims {
    pub fn subject_kind(&self) -> Option<SubjectKind> {
        SubjectKind::parse(&self.knd)
    }
}

/// Signs and checks access tokens with the instance's secret.
#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl JwtKeys {
    pub fn new(secret: &SecretString) -> Self {
        let bytes = secret.expose_secret().as_bytes();
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 5;
        validation.set_required_spec_claims(&["exp", "sub"]);
        Self { encoding: EncodingKey::from_secret(bytes), decoding: DecodingKey::from_secret(bytes), validation }
    }

    pub fn issue(
        &self,
        kind: SubjectKind,
        subject: Uuid,
        company_id: Option<Uuid>,
        now: Timestamp,
    ) -> ApiResult<String> {
        let claims = Claims {
            sub: subject,
            cid: company_id,
            knd: kind.as_str().to_owned(),
            iat: now.as_second(),
            exp: now.as_second() + ACCESS_TOKEN_SECONDS,
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|error| blocopro_domain::Error::Internal(error.to_string()).into())
    }

    /// Only HS256 with this instance's key and an unexpired `exp` passes.
    pub fn verify(&self, token: &str) -> ApiResult<Claims> {
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation).map(|data| data.claims).map_err(
            |error| match error.kind() {
                jsonwebtoken::errors::ErrorKind::ExpiredSignature => {
                    ApiError::unauthorized("token_expired", "The access token has expired; refresh it.")
                }
                _ => ApiError::unauthorized("invalid_token", "The access token is not valid."),
            },
        )
    }
}

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
pub async fn hash_password(password: String) -> ApiResult<String> {
    let hash = actix_web::web::block(move || {
        let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
        Argon2::default().hash_password(password.as_bytes(), &salt).map(|hash| hash.to_string())
    })
    .await?;
    hash.map_err(|error| blocopro_domain::Error::Internal(error.to_string()).into())
}

/// Verifies on the blocking pool. Without a stored hash it still spends the same work, so that
/// unknown e-mails cannot be told apart by timing.
pub async fn verify_password(password: String, stored_hash: Option<String>) -> ApiResult<bool> {
    let matched = actix_web::web::block(move || {
        let hash = stored_hash.unwrap_or_else(|| DUMMY_HASH.clone());
        match PasswordHash::new(&hash) {
            Ok(parsed) => Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok(),
            Err(_) => false,
        }
    })
    .await?;
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
    fn tokens_verify_only_with_the_same_key() {
        let keys = JwtKeys::new(&SecretString::from("a".repeat(48)));
        let other = JwtKeys::new(&SecretString::from("b".repeat(48)));
        let token = keys.issue(SubjectKind::User, Uuid::now_v7(), Some(Uuid::now_v7()), Timestamp::now()).unwrap();
        assert!(keys.verify(&token).is_ok());
        assert_eq!(other.verify(&token).unwrap_err().problem().code, "invalid_token");
        let old = Timestamp::now() - jiff::SignedDuration::from_hours(1);
        let expired = keys.issue(SubjectKind::User, Uuid::now_v7(), None, old).unwrap();
        assert_eq!(keys.verify(&expired).unwrap_err().problem().code, "token_expired");
    }

    #[test]
    fn unsigned_tokens_are_rejected() {
        let keys = JwtKeys::new(&SecretString::from("a".repeat(48)));
        let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
        let exp = Timestamp::now().as_second() + 600;
        let payload =
            URL_SAFE_NO_PAD.encode(format!(r#"{{"sub":"{}","knd":"user","iat":0,"exp":{exp}}}"#, Uuid::now_v7()));
        assert!(keys.verify(&format!("{header}.{payload}.")).is_err());
    }

    #[test]
    fn random_tokens_hash_stably() {
        let (token, hash) = random_token("bp_");
        assert!(token.starts_with("bp_"));
        assert_eq!(hash, hash_token(&token));
        assert_ne!(random_token("bp_").0, token);
    }
}
