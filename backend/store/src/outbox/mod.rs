//! The outbox: outbound messages queued, claimed by a sending worker, marked sent or failed.

#[cfg(feature = "conformance")]
pub mod conformance;
mod sql;

use async_trait::async_trait;
use blocopro_domain::Timestamp;
use blocopro_domain::channel::ChannelMessage;
use uuid::Uuid;

use crate::StoreResult;

/// A message a worker claimed for sending.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimedMessage {
    pub company_id: Uuid,
    pub message: ChannelMessage,
    /// Tries so far, this one included.
    pub attempts: u32,
}

#[async_trait]
pub trait OutboxStore: Send + Sync {
    /// Queues an outbound message (status `queued`, due at once) and moves its conversation's last
    /// activity. A key the company used before answers the message stored then, and `false`.
    async fn enqueue_outbound(
        &self,
        company_id: Uuid,
        message: &ChannelMessage,
        idempotency_key: Option<&str>,
        author_id: Option<Uuid>,
    ) -> StoreResult<(ChannelMessage, bool)>;
    /// Claims up to `limit` queued messages due at `now` until `lease_until` for the worker of
    /// `instance_id`: meanwhile no other worker (of this or another instance) gets them. Messages
    /// of a channel whose session another instance holds are left to that instance.
    async fn claim_outbound(
        &self,
        instance_id: Uuid,
        now: Timestamp,
        lease_until: Timestamp,
        limit: u32,
    ) -> StoreResult<Vec<ClaimedMessage>>;
    /// A stopping worker hands back the claimed messages `ids` it did not try: still queued ones are
    /// due at `now` again (another instance sends them at once), the claim's try not counted.
    async fn release_outbound(&self, ids: &[Uuid], now: Timestamp) -> StoreResult<()>;
    /// WhatsApp took the message: its id replaces the placeholder and receipts that came first apply.
    async fn mark_outbound_sent(
        &self,
        id: Uuid,
        external_id: &str,
        at: Timestamp,
    ) -> StoreResult<Option<ChannelMessage>>;
    /// A try failed: the message is tried again at `retry_at`, or (`None`) fails for good with `error`.
    async fn mark_outbound_failed(
        &self,
        id: Uuid,
        error: &str,
        retry_at: Option<Timestamp>,
    ) -> StoreResult<Option<ChannelMessage>>;
}
