//! Business hours: per channel, when the company answers, and the automatic answer a customer
//! writing outside them gets once per conversation.

#[cfg(feature = "conformance")]
pub mod conformance;
pub mod rows;
mod sql;

use async_trait::async_trait;
use blocopro_domain::audit::NewAuditEntry;
use blocopro_domain::business_hours::BusinessHours;
use blocopro_domain::channel::ChannelMessage;
use uuid::Uuid;

use crate::StoreResult;

#[async_trait]
pub trait BusinessHoursStore: Send + Sync {
    /// The channel's business hours, if they were saved.
    async fn get_business_hours(&self, company_id: Uuid, channel_id: Uuid) -> StoreResult<Option<BusinessHours>>;
    /// Replaces the channel's hours: `NotFound` for another company's (or a deleted) channel.
    async fn put_business_hours(&self, hours: &BusinessHours, audit: &NewAuditEntry) -> StoreResult<()>;
    /// Queues `answer` (an outbound message to the conversation's chat) and marks the conversation
    /// answered, in one transaction, if it is waiting and has had no away answer since it was last
    /// closed. `None` when it had one (or no longer waits): a conversation never gets it twice.
    async fn queue_away_answer(
        &self,
        company_id: Uuid,
        conversation_id: Uuid,
        answer: &ChannelMessage,
    ) -> StoreResult<Option<ChannelMessage>>;
}
