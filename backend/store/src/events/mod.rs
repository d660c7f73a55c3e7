//! The event log behind realtime and webhooks.

#[cfg(feature = "conformance")]
pub mod conformance;
pub mod rows;
mod sql;

use async_trait::async_trait;
use blocopro_domain::Timestamp;
use blocopro_domain::realtime::Audience;
use uuid::Uuid;

use crate::StoreResult;

#[async_trait]
pub trait EventStore: Send + Sync {
    /// Appends events in their order. Cursors grow in the order appends commit, across every
    /// instance on the database: a reader following cursors never skips one committed later.
    async fn append_events(&self, events: &[NewEvent]) -> StoreResult<()>;
    /// Events after `cursor`, oldest first: the company's, or everyone's when `company_id` is `None`.
    async fn events_after(&self, company_id: Option<Uuid>, cursor: i64, limit: u32) -> StoreResult<Vec<StoredEvent>>;
    /// The newest cursor given (0 before the first event).
    async fn last_event_cursor(&self) -> StoreResult<i64>;
    /// The oldest cursor still kept, if any event is.
    async fn first_event_cursor(&self) -> StoreResult<Option<i64>>;
    /// Forgets events older than `before`; answers how many.
    async fn purge_events(&self, before: Timestamp) -> StoreResult<u64>;
    /// Ticks whenever any instance appends events, for backends shared by several instances
    /// (PostgreSQL's LISTEN/NOTIFY); `None` where one instance owns the database.
    async fn watch_event_appends(&self) -> StoreResult<Option<tokio::sync::mpsc::Receiver<()>>>;
}

/// A realtime event to append to the log.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    pub company_id: Uuid,
    /// `message.created`, `conversation.updated`, …
    pub kind: String,
    pub audience: Audience,
    pub data: serde_json::Value,
    pub created_at: Timestamp,
}

/// An event of the log, with its cursor.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredEvent {
    pub cursor: i64,
    pub company_id: Uuid,
    pub kind: String,
    pub audience: Audience,
    pub data: serde_json::Value,
    pub created_at: Timestamp,
}
