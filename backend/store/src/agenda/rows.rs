//! The rows of agenda as both backends select them, and their conversion.

use blocopro_domain::agenda::AgendaEvent;
use uuid::Uuid;

use crate::time::DbTime;

#[derive(sqlx::FromRow)]
pub struct AgendaEventRow {
    pub id: Uuid,
    pub company_id: Uuid,
    pub user_id: Uuid,
    pub title: String,
    pub starts_at: DbTime,
    pub ends_at: DbTime,
    pub notes: Option<String>,
    pub contact_id: Option<Uuid>,
    pub created_at: DbTime,
    pub updated_at: DbTime,
}

impl From<AgendaEventRow> for AgendaEvent {
    fn from(row: AgendaEventRow) -> Self {
        AgendaEvent {
            id: row.id,
            company_id: row.company_id,
            user_id: row.user_id,
            title: row.title,
            starts_at: row.starts_at.0,
            ends_at: row.ends_at.0,
            notes: row.notes,
            contact_id: row.contact_id,
            created_at: row.created_at.0,
            updated_at: row.updated_at.0,
        }
    }
}
