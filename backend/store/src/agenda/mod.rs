//! The agenda: each attendant's appointments.

#[cfg(feature = "conformance")]
pub mod conformance;
pub mod rows;
mod sql;

use async_trait::async_trait;
use blocopro_domain::Timestamp;
use blocopro_domain::agenda::AgendaEvent;
use uuid::Uuid;

use crate::{Page, PageRequest, StoreResult};

/// Filters of the agenda; `None` leaves a filter off.
#[derive(Debug, Clone, Default)]
pub struct AgendaFilter {
    pub user_id: Option<Uuid>,
    /// Appointments ending after this moment.
    pub from: Option<Timestamp>,
    /// Appointments starting before this moment.
    pub to: Option<Timestamp>,
    /// Appointments with this contact.
    pub contact_id: Option<Uuid>,
}

#[async_trait]
pub trait AgendaStore: Send + Sync {
    /// Stores an appointment; an owner or a contact that is not the company's is
    /// `UnknownReferences` (naming it).
    async fn create_agenda_event(&self, event: &AgendaEvent) -> StoreResult<()>;
    async fn get_agenda_event(&self, company_id: Uuid, id: Uuid) -> StoreResult<Option<AgendaEvent>>;
    /// Appointments by start.
    async fn list_agenda_events(
        &self,
        company_id: Uuid,
        filter: &AgendaFilter,
        page: PageRequest,
    ) -> StoreResult<Page<AgendaEvent>>;
    /// Rewrites the appointment; references are checked as on creation.
    async fn update_agenda_event(&self, event: &AgendaEvent) -> StoreResult<()>;
    async fn delete_agenda_event(&self, company_id: Uuid, id: Uuid) -> StoreResult<()>;
}
