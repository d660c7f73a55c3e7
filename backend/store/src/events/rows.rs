//! The rows of events as both backends select them, and their conversion.

use blocopro_domain::realtime::Audience;
use sqlx::types::Json;
use uuid::Uuid;

use crate::StoredEvent;
use crate::time::DbTime;

#[derive(sqlx::FromRow)]
pub struct EventRow {
    pub cursor: i64,
    pub company_id: Uuid,
    pub kind: String,
    pub audience: Json<Audience>,
    pub data: Json<serde_json::Value>,
    pub created_at: DbTime,
}

impl From<EventRow> for StoredEvent {
    fn from(row: EventRow) -> Self {
        StoredEvent {
            cursor: row.cursor,
            company_id: row.company_id,
            kind: row.kind,
            audience: row.audience.0,
            data: row.data.0,
            created_at: row.created_at.0,
        }
    }
}
