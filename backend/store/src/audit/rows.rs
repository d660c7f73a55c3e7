//! The rows of audit as both backends select them, and their conversion.

use blocopro_domain::audit::{Actor, ActorKind, AuditEntry};
use sqlx::types::Json;
use uuid::Uuid;

use crate::rows::parse_text;
use crate::time::DbTime;
use crate::{StoreError, StoreResult};

#[derive(sqlx::FromRow)]
pub struct AuditRow {
    pub id: Uuid,
    pub actor_kind: String,
    pub actor_id: Option<Uuid>,
    pub action: String,
    pub target_type: String,
    pub target_id: Option<Uuid>,
    pub summary: Json<serde_json::Value>,
    pub at: DbTime,
}

impl TryFrom<AuditRow> for AuditEntry {
    type Error = StoreError;

    fn try_from(row: AuditRow) -> StoreResult<Self> {
        Ok(AuditEntry {
            id: row.id,
            actor: Actor { kind: parse_text(&row.actor_kind, ActorKind::parse, "actor kind")?, id: row.actor_id },
            action: row.action,
            target_type: row.target_type,
            target_id: row.target_id,
            summary: row.summary.0,
            at: row.at.0,
        })
    }
}
