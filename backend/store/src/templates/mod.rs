//! WhatsApp message templates of Cloud API channels, as last synced from Meta.

#[cfg(feature = "conformance")]
pub mod conformance;
pub mod rows;
mod sql;

use async_trait::async_trait;
use blocopro_domain::audit::NewAuditEntry;
use blocopro_domain::channel::Channel;
use blocopro_domain::template::MessageTemplate;
use uuid::Uuid;

use crate::StoreResult;

#[async_trait]
pub trait TemplateStore: Send + Sync {
    /// Replaces the channel's templates by `templates` and writes `audit` in one transaction
    /// (those Meta no longer has are gone); `NotFound` unless the channel is the company's.
    async fn replace_channel_templates(
        &self,
        company_id: Uuid,
        channel_id: Uuid,
        templates: &[MessageTemplate],
        audit: &NewAuditEntry,
    ) -> StoreResult<()>;
    /// The channel's templates (only those of Meta's `status`, when given), by name and language.
    async fn list_channel_templates(
        &self,
        company_id: Uuid,
        channel_id: Uuid,
        status: Option<&str>,
    ) -> StoreResult<Vec<MessageTemplate>>;
    /// One template of the channel, by name and language.
    async fn get_channel_template(
        &self,
        company_id: Uuid,
        channel_id: Uuid,
        name: &str,
        language: &str,
    ) -> StoreResult<Option<MessageTemplate>>;
    /// Cloud API channels with a WhatsApp Business Account id, of every company (the daily sync).
    async fn find_template_channels(&self) -> StoreResult<Vec<Channel>>;
}
