//! The rows of contacts as both backends select them, and their conversion.

use blocopro_domain::contact::Contact;
use sqlx::FromRow;
use sqlx::types::Json;
use uuid::Uuid;

use crate::rows::{Columns, IndexedRow, Value};
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

/// A list or search reads up to 100 of these rows: their columns are read in the order `contact_columns!` selects them.
impl<'r, R: IndexedRow> FromRow<'r, R> for ContactRow
where
    Uuid: Value<'r, R>,
    String: Value<'r, R>,
    Json<Vec<String>>: Value<'r, R>,
    DbTime: Value<'r, R>,
{
    fn from_row(row: &'r R) -> Result<Self, sqlx::Error> {
        let mut columns = Columns::of(row);
        Ok(Self {
            id: columns.read("id")?,
            company_id: columns.read("company_id")?,
            phone: columns.read("phone")?,
            name: columns.read("name")?,
            email: columns.read("email")?,
            tags: columns.read("tags")?,
            notes: columns.read("notes")?,
            owner_id: columns.read("owner_id")?,
            created_at: columns.read("created_at")?,
            updated_at: columns.read("updated_at")?,
        })
    }
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
