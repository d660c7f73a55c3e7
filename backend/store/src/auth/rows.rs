//! The rows of auth as both backends select them, and their conversion.

use blocopro_domain::token::{ApiToken, SubjectKind};
use sqlx::types::Json;
use uuid::Uuid;

use crate::rows::{parse_text, permission_set};
use crate::time::DbTime;
use crate::{StoreError, StoreResult, Subject};

#[derive(sqlx::FromRow)]
pub struct SubjectRow {
    pub subject_kind: String,
    pub subject_id: Uuid,
    pub company_id: Option<Uuid>,
}

impl TryFrom<SubjectRow> for Subject {
    type Error = StoreError;

    fn try_from(row: SubjectRow) -> StoreResult<Self> {
        Ok(Subject {
            kind: parse_text(&row.subject_kind, SubjectKind::parse, "subject kind")?,
            id: row.subject_id,
            company_id: row.company_id,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct ApiTokenRow {
    pub id: Uuid,
    pub company_id: Uuid,
    pub name: String,
    pub permissions: Json<Vec<String>>,
    pub created_by: Option<Uuid>,
    pub created_at: DbTime,
    pub last_used_at: Option<DbTime>,
}

impl From<ApiTokenRow> for ApiToken {
    fn from(row: ApiTokenRow) -> Self {
        ApiToken {
            id: row.id,
            company_id: row.company_id,
            name: row.name,
            permissions: permission_set(&row.permissions.0),
            created_by: row.created_by,
            created_at: row.created_at.0,
            last_used_at: row.last_used_at.map(|t| t.0),
        }
    }
}
