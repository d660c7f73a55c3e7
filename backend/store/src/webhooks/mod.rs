//! Outgoing webhooks and their deliveries.

#[cfg(feature = "conformance")]
pub mod conformance;
pub mod rows;
mod sql;

use async_trait::async_trait;
use blocopro_domain::Timestamp;
use blocopro_domain::audit::NewAuditEntry;
use blocopro_domain::webhook::{Webhook, WebhookDelivery};
use uuid::Uuid;

use crate::{Page, PageRequest, StoreResult};

#[async_trait]
pub trait WebhookStore: Send + Sync {
    /// Stores the webhook at the end of the event log: it delivers the events appended after it.
    /// `sealed_secret` is sealed by the caller; the store never sees the secret in the clear.
    async fn create_webhook(&self, webhook: &Webhook, sealed_secret: &[u8], audit: &NewAuditEntry) -> StoreResult<()>;
    /// Oldest first.
    async fn list_webhooks(&self, company_id: Uuid, page: PageRequest) -> StoreResult<Page<Webhook>>;
    async fn get_webhook(&self, company_id: Uuid, id: Uuid) -> StoreResult<Option<Webhook>>;
    /// Deletes the webhook with its deliveries (queued ones are not sent any more).
    async fn delete_webhook(&self, company_id: Uuid, id: Uuid, audit: &NewAuditEntry) -> StoreResult<()>;
    /// Webhooks of every company whose company has events after their position.
    async fn webhooks_behind(&self) -> StoreResult<Vec<Uuid>>;
    /// Reads up to `limit` of the company's events after the webhook's position, queues a delivery
    /// (due at `now`) for each event it subscribes to and moves its position past them, in one
    /// transaction: an event is queued once, whatever crashes and however many feeders run.
    async fn feed_webhook(&self, id: Uuid, limit: u32, now: Timestamp) -> StoreResult<FedEvents>;
    /// Queues a `ping` delivery with `data`, due at once.
    async fn queue_webhook_ping(
        &self,
        company_id: Uuid,
        webhook_id: Uuid,
        data: &serde_json::Value,
        now: Timestamp,
    ) -> StoreResult<WebhookDelivery>;
    /// Claims up to `limit` queued deliveries due at `now` until `lease_until` (another try
    /// each): meanwhile no other sender, of this or another instance, gets them.
    async fn claim_webhook_deliveries(
        &self,
        now: Timestamp,
        lease_until: Timestamp,
        limit: u32,
    ) -> StoreResult<Vec<ClaimedDelivery>>;
    /// The receiver answered `status` (2xx): the delivery is done.
    async fn mark_webhook_delivered(&self, id: Uuid, status: u16, at: Timestamp) -> StoreResult<()>;
    /// A try failed (with the receiver's `status` if it answered): tried again at `retry_at`, or
    /// (`None`) failed for good.
    async fn mark_webhook_attempt_failed(
        &self,
        id: Uuid,
        status: Option<u16>,
        error: &str,
        at: Timestamp,
        retry_at: Option<Timestamp>,
    ) -> StoreResult<()>;
    /// The webhook's deliveries, newest first.
    async fn list_webhook_deliveries(
        &self,
        company_id: Uuid,
        webhook_id: Uuid,
        page: PageRequest,
    ) -> StoreResult<Page<WebhookDelivery>>;
}

/// A webhook delivery a sender claimed, with what posting it needs.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimedDelivery {
    pub company_id: Uuid,
    /// Its `attempts` count this try.
    pub delivery: blocopro_domain::webhook::WebhookDelivery,
    pub url: String,
    /// The webhook's signing secret, as sealed by the API.
    pub sealed_secret: Vec<u8>,
    /// The event's data.
    pub data: serde_json::Value,
}

/// What one feeding of a webhook did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FedEvents {
    /// Events of the log read past (the webhook's position moved over them).
    pub read: usize,
    /// Deliveries queued for the events it subscribes to.
    pub queued: usize,
}
