//! Presence periods: online, away, offline, appended on every change.

#[cfg(feature = "conformance")]
pub mod conformance;
pub mod rows;
mod sql;

use async_trait::async_trait;
use blocopro_domain::Timestamp;
use blocopro_domain::presence::{PresencePeriod, PresenceStatus};
use uuid::Uuid;

use crate::StoreResult;

#[async_trait]
pub trait PresenceStore: Send + Sync {
    /// Closes the open period and appends one with `status`; `false` when the status is unchanged.
    async fn set_presence(
        &self,
        company_id: Uuid,
        user_id: Uuid,
        status: PresenceStatus,
        at: Timestamp,
    ) -> StoreResult<bool>;
    async fn find_current_presence(&self, user_id: Uuid) -> StoreResult<Option<PresencePeriod>>;
    /// Periods overlapping `[from, to)`, oldest first.
    async fn presence_periods(
        &self,
        company_id: Uuid,
        user_id: Uuid,
        from: Timestamp,
        to: Timestamp,
    ) -> StoreResult<Vec<PresencePeriod>>;
    /// Users shown online or away whose last request is older than `seen_before`.
    async fn stale_present_users(&self, seen_before: Timestamp) -> StoreResult<Vec<(Uuid, Uuid)>>;
}
