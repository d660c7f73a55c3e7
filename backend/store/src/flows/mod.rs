//! Greeting flows: a channel's menu that routes a new conversation to a department.

#[cfg(feature = "conformance")]
pub mod conformance;
pub mod rows;
mod sql;

use async_trait::async_trait;
use blocopro_domain::audit::NewAuditEntry;
use blocopro_domain::flow::Flow;
use uuid::Uuid;

use crate::StoreResult;

#[async_trait]
pub trait FlowStore: Send + Sync {
    /// The channel's greeting flow, if one was saved.
    async fn get_flow(&self, company_id: Uuid, channel_id: Uuid) -> StoreResult<Option<Flow>>;
    /// Replaces the channel's flow: `NotFound` for another company's channel, `UnknownReferences`
    /// for departments that are not the company's.
    async fn put_flow(&self, flow: &Flow, audit: &NewAuditEntry) -> StoreResult<()>;
}
