//! Messages a channel received or sent, and their receipts.

#[cfg(feature = "conformance")]
pub mod conformance;
pub mod rows;
mod sql;

use async_trait::async_trait;
use blocopro_domain::Timestamp;
use blocopro_domain::channel::{ChannelMessage, DeliveryStatus};
use uuid::Uuid;

use crate::{Page, PageRequest, StoreResult};

#[derive(Debug, Clone, Default)]
pub struct MessageFilter {
    pub chat_id: Option<String>,
}

#[async_trait]
pub trait MessageStore: Send + Sync {
    /// Stores a message unless one with its (channel, external id) exists; applies receipts that
    /// arrived before it. Returns the stored message, `None` for a duplicate.
    async fn insert_message(&self, company_id: Uuid, message: &ChannelMessage) -> StoreResult<Option<ChannelMessage>>;
    /// Stores received messages, each of `(company id, message)`, in one write (they wait to be
    /// folded into their conversations, see `fold_received_messages`); answers for each
    /// whether it was new (`false`: its (channel, external id) was stored already).
    async fn insert_inbound_messages(&self, messages: &[(Uuid, ChannelMessage)]) -> StoreResult<Vec<bool>>;
    /// Records a receipt and advances the message's status; returns the message when its status changed.
    async fn record_receipt(
        &self,
        channel_id: Uuid,
        external_id: &str,
        status: DeliveryStatus,
        error: Option<&str>,
        at: Timestamp,
    ) -> StoreResult<Option<ChannelMessage>>;
    /// Everything a number said or was told, on every channel: its direct chats and what it wrote
    /// in groups; newest first.
    async fn contact_history(
        &self,
        company_id: Uuid,
        phone: &str,
        page: PageRequest,
    ) -> StoreResult<Page<ChannelMessage>>;
    /// Newest first.
    async fn list_channel_messages(
        &self,
        company_id: Uuid,
        channel_id: Uuid,
        filter: &MessageFilter,
        page: PageRequest,
    ) -> StoreResult<Page<ChannelMessage>>;
}
