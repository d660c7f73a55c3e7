//! The rows of operators as both backends select them, and their conversion.

use uuid::Uuid;

use crate::Operator;
use crate::time::DbTime;

#[derive(sqlx::FromRow)]
pub struct OperatorRow {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    pub created_at: DbTime,
}

impl From<OperatorRow> for Operator {
    fn from(row: OperatorRow) -> Self {
        Operator { id: row.id, email: row.email, name: row.name, created_at: row.created_at.0 }
    }
}
