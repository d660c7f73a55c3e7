//! Access tokens: short-lived HS256 JWTs. Opaque tokens and password hashing are the
//! application's (`blocopro_app::secrets`).

use blocopro_domain::Timestamp;
use blocopro_domain::token::SubjectKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{ApiError, ApiResult};

pub use blocopro_app::secrets::ACCESS_TOKEN_SECONDS;

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

#[cfg(test)]
mod tests {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

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
}
