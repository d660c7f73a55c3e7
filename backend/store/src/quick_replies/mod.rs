//! Quick replies ("Respostas rápidas"): the company's, and each user's own. A reply is addressed
//! by its scope (`owner`: `None` for the company's, `Some(user)` for that user's), so a write
//! through one scope never touches a reply of another.

#[cfg(feature = "conformance")]
pub mod conformance;
pub mod rows;
mod sql;

use async_trait::async_trait;
use blocopro_domain::audit::NewAuditEntry;
use blocopro_domain::quick_reply::QuickReply;
use uuid::Uuid;

use crate::{StoreResult, UniqueIndex};

/// The unique indexes of the area (migrations) and the field each protects.
pub(crate) const UNIQUE_INDEXES: &[UniqueIndex] = &[
    UniqueIndex {
        name: "quick_replies_company_shortcut_key",
        columns: "quick_replies.company_id, quick_replies.shortcut",
        field: "shortcut",
    },
    UniqueIndex {
        name: "quick_replies_owner_shortcut_key",
        columns: "quick_replies.owner_id, quick_replies.shortcut",
        field: "shortcut",
    },
];

#[async_trait]
pub trait QuickReplyStore: Send + Sync {
    /// Stores a new reply of the company (its `owner_id` says whose); `Duplicate { field:
    /// "shortcut" }` when its scope has the shortcut already.
    async fn create_quick_reply(&self, company_id: Uuid, reply: &QuickReply, audit: &NewAuditEntry) -> StoreResult<()>;
    /// The company's replies and, when `user_id` is given, that user's own: by shortcut, the
    /// company's first where both have one.
    async fn list_quick_replies(&self, company_id: Uuid, user_id: Option<Uuid>) -> StoreResult<Vec<QuickReply>>;
    /// One reply of the scope `owner`.
    async fn get_quick_reply(&self, company_id: Uuid, owner: Option<Uuid>, id: Uuid)
    -> StoreResult<Option<QuickReply>>;
    /// Changes the shortcut and text of the reply `reply.id` of the scope `reply.owner_id`;
    /// `NotFound` when that scope has no such reply.
    async fn update_quick_reply(&self, company_id: Uuid, reply: &QuickReply, audit: &NewAuditEntry) -> StoreResult<()>;
    /// `NotFound` when the scope `owner` has no such reply.
    async fn delete_quick_reply(
        &self,
        company_id: Uuid,
        owner: Option<Uuid>,
        id: Uuid,
        audit: &NewAuditEntry,
    ) -> StoreResult<()>;
}
