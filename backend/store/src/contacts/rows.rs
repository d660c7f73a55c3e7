//! The rows of contacts as both backends select them, and their conversion.

use blocopro_domain::contact::Contact;
use sqlx::types::Json;
use uuid::Uuid;

use crate::rows::read_in_order;
use crate::time::DbTime;

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

// A list or search reads up to 100 of these rows: their columns are read in the order `contact_columns!` selects them.
read_in_order!(ContactRow of [Uuid, String, Json<Vec<String>>, DbTime] {
    id, company_id, phone, name, email, tags, notes, owner_id, created_at, updated_at,
});

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
