//! The rows of quick replies as both backends select them, and their conversion.

use blocopro_domain::quick_reply::{QuickReply, QuickReplyScope};
use uuid::Uuid;

use crate::time::DbTime;

#[derive(sqlx::FromRow)]
pub struct QuickReplyRow {
    pub id: Uuid,
    pub owner_id: Option<Uuid>,
    pub shortcut: String,
    pub text: String,
    pub created_at: DbTime,
    pub updated_at: DbTime,
}

impl From<QuickReplyRow> for QuickReply {
    fn from(row: QuickReplyRow) -> Self {
        QuickReply {
            id: row.id,
            scope: if row.owner_id.is_some() { QuickReplyScope::Personal } else { QuickReplyScope::Company },
            owner_id: row.owner_id,
            shortcut: row.shortcut,
            text: row.text,
            created_at: row.created_at.0,
            updated_at: row.updated_at.0,
        }
    }
}
