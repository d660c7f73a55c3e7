//! How a change is described in the audit log; the store writes the entry with the change.

use blocopro_domain::audit::{Actor, NewAuditEntry};
use uuid::Uuid;

/// The entry a store writes together with a change `actor` made in `company_id`.
pub fn entry_for(
    company_id: Uuid,
    actor: Actor,
    action: &'static str,
    target_type: &'static str,
    target_id: Option<Uuid>,
    summary: serde_json::Value,
) -> NewAuditEntry {
    NewAuditEntry { company_id, actor, action, target_type, target_id, summary }
}
