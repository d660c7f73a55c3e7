//! The rows of companies as both backends select them, and their conversion.

use blocopro_domain::company::{Company, CompanyFeatures};
use sqlx::types::Json;
use uuid::Uuid;

use crate::time::DbTime;

#[derive(sqlx::FromRow)]
pub struct CompanyRow {
    pub id: Uuid,
    pub name: String,
    pub timezone: String,
    pub active: bool,
    pub features: Json<CompanyFeatures>,
    pub created_at: DbTime,
}

impl From<CompanyRow> for Company {
    fn from(row: CompanyRow) -> Self {
        Company {
            id: row.id,
            name: row.name,
            timezone: row.timezone,
            active: row.active,
            features: row.features.0,
            created_at: row.created_at.0,
        }
    }
}
