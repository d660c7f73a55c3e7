//! The rows of message templates as both backends select them, and their conversion.

use blocopro_domain::template::MessageTemplate;
use sqlx::types::Json;
use uuid::Uuid;

use crate::rows::count;
use crate::time::DbTime;
use crate::{StoreError, StoreResult};

#[derive(sqlx::FromRow)]
pub struct TemplateRow {
    pub id: Uuid,
    pub channel_id: Uuid,
    pub name: String,
    pub language: String,
    pub category: String,
    pub status: String,
    pub components: Json<serde_json::Value>,
    pub body_text: String,
    pub body_parameter_count: i64,
    pub header_text: Option<String>,
    pub synced_at: DbTime,
}

impl TryFrom<TemplateRow> for MessageTemplate {
    type Error = StoreError;

    fn try_from(row: TemplateRow) -> StoreResult<Self> {
        Ok(MessageTemplate {
            id: row.id,
            channel_id: row.channel_id,
            name: row.name,
            language: row.language,
            category: row.category,
            status: row.status,
            components: row.components.0,
            body_text: row.body_text,
            body_parameter_count: count(row.body_parameter_count),
            header_text: row.header_text,
            synced_at: row.synced_at.0,
        })
    }
}
