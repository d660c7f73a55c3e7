//! Users (attendants) of a company, their departments, logins and access hours.

#[cfg(feature = "conformance")]
pub mod conformance;
pub mod rows;
mod sql;

use async_trait::async_trait;
use blocopro_domain::Timestamp;
use blocopro_domain::access_hours::AccessHours;
use blocopro_domain::audit::NewAuditEntry;
use blocopro_domain::user::{User, UserStatus};
use uuid::Uuid;

use crate::{Page, PageRequest, StoreResult, UniqueIndex};

/// The unique indexes of the area (migrations) and the field each protects.
pub(crate) const UNIQUE_INDEXES: &[UniqueIndex] =
    &[UniqueIndex { name: "users_email_key", columns: "users.email", field: "email" }];

#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    /// Matches part of the name, full name or e-mail, in any case and with or without accents.
    pub search: Option<String>,
    pub status: Option<UserStatus>,
    pub department_id: Option<Uuid>,
}

#[async_trait]
pub trait UserStore: Send + Sync {
    /// Creates the user (with its departments) and appends the audit entry, atomically.
    async fn create_user(&self, user: &User, password_hash: &str, audit: &NewAuditEntry) -> StoreResult<()>;
    async fn get_user(&self, company_id: Uuid, id: Uuid) -> StoreResult<Option<User>>;
    async fn list_users(&self, company_id: Uuid, filter: &UserFilter, page: PageRequest) -> StoreResult<Page<User>>;
    /// Writes every field of `user` (and the password when given). Fails with `LastAdmin` when
    /// the company would be left without an active administrator.
    async fn update_user(&self, user: &User, password_hash: Option<&str>, audit: &NewAuditEntry) -> StoreResult<()>;
    /// Soft-deletes: history stays, the e-mail becomes free again.
    async fn delete_user(&self, company_id: Uuid, id: Uuid, audit: &NewAuditEntry) -> StoreResult<()>;
    /// Replaces the user's departments; every id must belong to the company.
    async fn set_user_departments(
        &self,
        company_id: Uuid,
        user_id: Uuid,
        department_ids: &[Uuid],
        audit: &NewAuditEntry,
    ) -> StoreResult<()>;
    async fn find_user_login(&self, email: &str) -> StoreResult<Option<UserLogin>>;
    /// Everything an authenticated request needs about its user, in one read.
    async fn find_user_auth(&self, user_id: Uuid) -> StoreResult<Option<UserAuth>>;
    async fn touch_last_seen(&self, user_id: Uuid, at: Timestamp) -> StoreResult<()>;
    async fn get_access_hours(&self, company_id: Uuid, user_id: Uuid) -> StoreResult<Option<AccessHours>>;
    async fn put_access_hours(
        &self,
        company_id: Uuid,
        user_id: Uuid,
        hours: &AccessHours,
        audit: &NewAuditEntry,
    ) -> StoreResult<()>;
}

#[derive(Debug, Clone)]
pub struct UserLogin {
    pub auth: UserAuth,
    pub password_hash: String,
}

/// A user with what deciding on a request needs: company state and access hours.
#[derive(Debug, Clone)]
pub struct UserAuth {
    pub user: User,
    pub company_active: bool,
    pub company_timezone: String,
    pub access_hours: Option<AccessHours>,
    pub last_seen_at: Option<Timestamp>,
}
