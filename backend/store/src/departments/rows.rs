//! The rows of departments as both backends select them, and their conversion.

use blocopro_domain::department::Department;
use uuid::Uuid;

use crate::time::DbTime;

#[derive(sqlx::FromRow)]
pub struct DepartmentRow {
    pub id: Uuid,
    pub name: String,
    pub created_at: DbTime,
}

impl From<DepartmentRow> for Department {
    fn from(row: DepartmentRow) -> Self {
        Department { id: row.id, name: row.name, created_at: row.created_at.0 }
    }
}
