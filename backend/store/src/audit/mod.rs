//! The audit log: who changed what.

#[cfg(feature = "conformance")]
pub mod conformance;
pub mod rows;
mod sql;

use async_trait::async_trait;
use blocopro_domain::audit::{AuditEntry, NewAuditEntry};
use uuid::Uuid;

use crate::{Page, PageRequest, StoreResult};

#[async_trait]
pub trait AuditStore: Send + Sync {
    /// Appends an entry for an action that changes nothing else in the database (e.g. connecting a channel).
    async fn record_audit(&self, entry: &NewAuditEntry) -> StoreResult<()>;
    /// Newest first.
    async fn list_audit(&self, company_id: Uuid, page: PageRequest) -> StoreResult<Page<AuditEntry>>;
}
