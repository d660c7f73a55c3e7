//! What reports read: the attendants' presence with their access hours (working time).

#[cfg(feature = "conformance")]
pub mod conformance;
pub mod rows;
mod sql;

use async_trait::async_trait;
use blocopro_domain::Timestamp;
use blocopro_domain::access_hours::AccessHours;
use blocopro_domain::presence::PresencePeriod;
use uuid::Uuid;

use crate::StoreResult;

/// An attendant of the company with the presence periods overlapping a range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendantPresence {
    pub user_id: Uuid,
    pub name: String,
    pub is_admin: bool,
    pub access_hours: Option<AccessHours>,
    /// Oldest first.
    pub periods: Vec<PresencePeriod>,
}

#[async_trait]
pub trait ReportStore: Send + Sync {
    /// The company's users (or the one `user_id` names), by name, each with their presence periods
    /// overlapping `[from, to)`.
    async fn attendants_presence(
        &self,
        company_id: Uuid,
        user_id: Option<Uuid>,
        from: Timestamp,
        to: Timestamp,
    ) -> StoreResult<Vec<AttendantPresence>>;
}
