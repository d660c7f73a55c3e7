//! What reports read: the attendants' presence with their access hours (working time), the
//! conversations' service events, messages and queues (service), the conversations started
//! (volume) and the imported groups' messages (groups), counted by the database.

#[cfg(feature = "conformance")]
pub mod conformance;
pub mod rows;
mod sql;

use async_trait::async_trait;
use blocopro_domain::Timestamp;
use blocopro_domain::access_hours::AccessHours;
use blocopro_domain::presence::PresencePeriod;
use blocopro_domain::reports::CalendarSpan;
use blocopro_domain::reports::groups::{GroupMessageCount, SenderCount};
use blocopro_domain::reports::service::{EventCount, EventDuration, MessageCount, ServiceGrouping};
use blocopro_domain::reports::volume::SlotCount;
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
    /// Service events per span (by index in `spans`), group and kind.
    async fn service_event_counts(
        &self,
        company_id: Uuid,
        spans: &[CalendarSpan],
        by: ServiceGrouping,
    ) -> StoreResult<Vec<EventCount>>;
    /// The durations of the first responses and resolutions per span and group.
    async fn service_durations(
        &self,
        company_id: Uuid,
        spans: &[CalendarSpan],
        by: ServiceGrouping,
    ) -> StoreResult<Vec<EventDuration>>;
    /// Messages of direct conversations per span, group and direction (the team's notes and
    /// transfers left out); per attendant, the messages they wrote.
    async fn service_message_counts(
        &self,
        company_id: Uuid,
        spans: &[CalendarSpan],
        by: ServiceGrouping,
    ) -> StoreResult<Vec<MessageCount>>;
    /// The names of the company's attendants, departments or channels (removed ones too).
    async fn service_group_names(&self, company_id: Uuid, by: ServiceGrouping) -> StoreResult<Vec<(Uuid, String)>>;
    /// Direct conversations waiting for an attendant now, per department queue (`None`: no
    /// department), with the start of the longest wait; by department id.
    async fn queues_waiting(&self, company_id: Uuid) -> StoreResult<Vec<QueueWaiting>>;
    /// Service cycles started (`received` events) in `[from, to)`, per slot of `volume::SLOT_SECONDS`
    /// after the Unix epoch.
    async fn conversations_started(
        &self,
        company_id: Uuid,
        from: Timestamp,
        to: Timestamp,
    ) -> StoreResult<Vec<SlotCount>>;
    /// The company's imported groups (not un-imported, on channels not removed) with their subjects, by
    /// subject; with `linked_user`, only those of the channels linked to that user.
    async fn report_groups(&self, company_id: Uuid, linked_user: Option<Uuid>) -> StoreResult<Vec<(Uuid, String)>>;
    /// Messages per span and group of `report_groups`: what people wrote (the team's notes and
    /// transfers, and WhatsApp's notices, left out).
    async fn group_message_counts(
        &self,
        company_id: Uuid,
        spans: &[CalendarSpan],
        linked_user: Option<Uuid>,
    ) -> StoreResult<Vec<GroupMessageCount>>;
    /// Messages per group of `report_groups` (or the one `group_id` names among them) and writer in
    /// `[from, to)`, each writer with the company's contact of that number when there is one.
    async fn group_sender_counts(
        &self,
        company_id: Uuid,
        from: Timestamp,
        to: Timestamp,
        group_id: Option<Uuid>,
        linked_user: Option<Uuid>,
    ) -> StoreResult<Vec<SenderCount>>;
}

/// A queue's conversations waiting now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueWaiting {
    pub department_id: Option<Uuid>,
    pub waiting: i64,
    /// When the longest waiting one's service cycle started.
    pub oldest_since: Timestamp,
}
