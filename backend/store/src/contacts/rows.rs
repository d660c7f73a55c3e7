//! The rows of contacts as both backends select them, and their conversion.

use blocopro_domain::contact::Contact;
use sqlx::types::Json;
use uuid::Uuid;

use crate::time::DbTime;

#[derive(sqlx::FromRow)]
pub struct ContactRow {
    pub id: Uuid,
    pub company_id: Uuid,
    pub phone: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub tags: Json<Vec<String>>,
    pub notes: Option<String>,
    pub owner_id: Option<Uuid>,
    pub created_at: DbTime,
    pub updated_at: DbTime,
}

impl From<ContactRow> for Contact {
    fn from(row: ContactRow) -> Self {
        Contact {
            id: row.id,
            company_id: row.company_id,
            phone: row.phone,
            name: row.name,
            email: row.email,
            tags: row.tags.0,
            notes: row.notes,
            owner_id: row.owner_id,
            created_at: row.created_at.0,
            updated_at: row.updated_at.0,
        }
    }
}
