//! Labels ("Etiquetas"): the company's labels, and which of them each conversation carries.
//! Conversations read their labels through `labels_of_conversations`, one query per page.

#[cfg(feature = "conformance")]
pub mod conformance;
pub mod rows;
mod sql;

use async_trait::async_trait;
use blocopro_domain::Timestamp;
use blocopro_domain::audit::NewAuditEntry;
use blocopro_domain::label::Label;
use uuid::Uuid;

use crate::{StoreResult, UniqueIndex};

/// The unique indexes of the area (migrations) and the field each protects.
pub(crate) const UNIQUE_INDEXES: &[UniqueIndex] =
    &[UniqueIndex { name: "labels_company_name_key", columns: "labels.company_id, labels.name_key", field: "name" }];

/// Builds the audit entry of a label's deletion, once the label deleted is known.
pub type LabelAudit<'a> = &'a (dyn Fn(&Label) -> NewAuditEntry + Send + Sync);

/// A label deleted, as it was, and the conversations it was taken off (by id).
#[derive(Debug, Clone, PartialEq)]
pub struct DeletedLabel {
    pub label: Label,
    pub conversations: Vec<Uuid>,
}

#[async_trait]
pub trait LabelStore: Send + Sync {
    /// Stores a new label of the company; `Duplicate { field: "name" }` when the company has one
    /// of the same name (whatever its case).
    async fn create_label(&self, company_id: Uuid, label: &Label, audit: &NewAuditEntry) -> StoreResult<()>;
    /// The company's labels, by name regardless of case.
    async fn list_labels(&self, company_id: Uuid) -> StoreResult<Vec<Label>>;
    async fn get_label(&self, company_id: Uuid, id: Uuid) -> StoreResult<Option<Label>>;
    /// Renames and recolours the label `label.id`; `NotFound` when the company has none,
    /// `Duplicate { field: "name" }` when another label has the name.
    async fn update_label(&self, company_id: Uuid, label: &Label, audit: &NewAuditEntry) -> StoreResult<()>;
    /// Deletes the label, taking it off every conversation, in one transaction that reads what it
    /// deletes (`audit` is built from the label as it was); answers the label and the conversations
    /// that carried it. `NotFound` when the company has none: then nothing changes.
    async fn delete_label(&self, company_id: Uuid, id: Uuid, audit: LabelAudit<'_>) -> StoreResult<DeletedLabel>;
    /// The ids of the company's conversations that carry the label.
    async fn conversations_labelled(&self, company_id: Uuid, label_id: Uuid) -> StoreResult<Vec<Uuid>>;
    /// Replaces the labels of the company's conversation `conversation_id` with `label_ids` and
    /// marks it updated at `now`. `NotFound` when the company has no such conversation,
    /// `UnknownReferences` (the ids) when some labels are not the company's: then nothing changes.
    async fn set_conversation_labels(
        &self,
        company_id: Uuid,
        conversation_id: Uuid,
        label_ids: &[Uuid],
        now: Timestamp,
        audit: &NewAuditEntry,
    ) -> StoreResult<()>;
}
