//! Sessions and credentials: refresh-token families, login failures, API tokens.

#[cfg(feature = "conformance")]
pub mod conformance;
pub mod rows;
mod sql;

use async_trait::async_trait;
use blocopro_domain::Timestamp;
use blocopro_domain::audit::NewAuditEntry;
use blocopro_domain::token::{ApiToken, SubjectKind};
use uuid::Uuid;

use crate::StoreResult;

#[async_trait]
pub trait AuthStore: Send + Sync {
    async fn create_refresh_token(&self, token: &RefreshToken) -> StoreResult<()>;
    /// Consumes `old_hash` and stores `next` in its family. A hash that was already used or
    /// revoked revokes the whole family and answers `Reused`.
    async fn rotate_refresh_token(
        &self,
        old_hash: &str,
        next: &RefreshToken,
        now: Timestamp,
    ) -> StoreResult<RotateOutcome>;
    /// Revokes the family the token belongs to; returns its subject when it was live.
    async fn revoke_refresh_family(&self, token_hash: &str, now: Timestamp) -> StoreResult<Option<Subject>>;
    /// Revokes every session of a subject (deactivation, password change, deletion).
    async fn revoke_subject_sessions(&self, subject_id: Uuid, now: Timestamp) -> StoreResult<()>;
    async fn record_login_failure(&self, subject_id: Uuid, at: Timestamp) -> StoreResult<()>;
    async fn login_failures_since(&self, subject_id: Uuid, since: Timestamp) -> StoreResult<Vec<Timestamp>>;
    async fn clear_login_failures(&self, subject_id: Uuid) -> StoreResult<()>;
    async fn create_api_token(&self, token: &ApiToken, token_hash: &str, audit: &NewAuditEntry) -> StoreResult<()>;
    async fn list_api_tokens(&self, company_id: Uuid) -> StoreResult<Vec<ApiToken>>;
    async fn delete_api_token(&self, company_id: Uuid, id: Uuid, audit: &NewAuditEntry) -> StoreResult<()>;
    async fn find_api_token(&self, token_hash: &str) -> StoreResult<Option<ApiToken>>;
    async fn touch_api_token(&self, id: Uuid, at: Timestamp) -> StoreResult<()>;
}

/// Who a session belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subject {
    pub kind: SubjectKind,
    pub id: Uuid,
    pub company_id: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefreshToken {
    pub id: Uuid,
    /// All tokens rotated from one login share a family; reuse revokes the family.
    pub family_id: Uuid,
    pub subject: Subject,
    pub token_hash: String,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RotateOutcome {
    Rotated(Subject),
    /// The token had already been used or revoked: its family is now revoked.
    Reused,
    /// Unknown or expired.
    Invalid,
}
