//! Repository traits, one folder per area (`users/`, `channels/`, …) holding that area's trait,
//! the rows both SQL backends select, the SQL they share (`<area>/sql.rs`, see `sql`) and, behind
//! the `conformance` feature, the checks every backend must pass.
//!
//! Reads are named for their scope: `get_*` and `list_*` take the company first and never see
//! another company's rows; `find_*` are the few lookups made before the company is known
//! (authentication, inbound webhooks, workers reading what they are about to act on), keyed by
//! something only the caller holds (a token hash, an e-mail, a channel or conversation id).

pub mod agenda;
pub mod audit;
pub mod auth;
pub mod business_hours;
pub mod channels;
pub mod companies;
#[cfg(feature = "conformance")]
pub mod conformance;
pub mod contacts;
pub mod conversations;
pub mod departments;
pub mod error;
pub mod events;
pub mod flows;
pub mod groups;
pub mod instances;
pub mod labels;
pub mod media_downloads;
pub mod messages;
pub mod operations;
pub mod operators;
pub mod outbox;
pub mod page;
pub mod presence;
pub mod quick_replies;
pub mod reports;
pub mod rows;
pub mod search;
pub mod sql;
pub mod templates;
pub mod time;
pub mod uploads;
pub mod users;
pub mod webhooks;

use std::sync::Arc;

use async_trait::async_trait;

pub use agenda::*;
pub use audit::*;
pub use auth::*;
pub use business_hours::*;
pub use channels::*;
pub use companies::*;
pub use contacts::*;
pub use conversations::*;
pub use departments::*;
pub use error::{InUse, StoreError, StoreResult, UniqueIndex};
pub use events::*;
pub use flows::*;
pub use groups::*;
pub use instances::*;
pub use labels::*;
pub use media_downloads::*;
pub use messages::*;
pub use operations::*;
pub use operators::*;
pub use outbox::*;
pub use page::{Page, PageRequest};
pub use presence::*;
pub use quick_replies::*;
pub use reports::*;
pub use search::*;
pub use templates::*;
pub use uploads::*;
pub use users::*;
pub use webhooks::*;

/// Every area, as one handle the application holds.
#[async_trait]
pub trait Store:
    CompanyStore
    + OperatorStore
    + UserStore
    + DepartmentStore
    + AuthStore
    + PresenceStore
    + ChannelStore
    + MessageStore
    + MediaDownloadStore
    + GroupStore
    + ContactStore
    + ConversationStore
    + OutboxStore
    + AgendaStore
    + FlowStore
    + BusinessHoursStore
    + EventStore
    + WebhookStore
    + InstanceStore
    + OperationsStore
    + AuditStore
    + SearchStore
    + UploadStore
    + TemplateStore
    + QuickReplyStore
    + LabelStore
    + ReportStore
{
    /// Succeeds when the database answers.
    async fn ping(&self) -> StoreResult<()>;
    /// Refreshes the query planner's statistics, and PostgreSQL's visibility map (so that reads can
    /// answer from an index alone); worth running after a bulk load.
    async fn refresh_statistics(&self) -> StoreResult<()>;
}

pub type DynStore = Arc<dyn Store>;
