//! The rows of labels as both backends select them, and their conversion.

use blocopro_domain::label::{Label, LabelTag};
use uuid::Uuid;

use crate::time::DbTime;

#[derive(sqlx::FromRow)]
pub struct LabelRow {
    pub id: Uuid,
    pub name: String,
    pub colour: String,
    pub created_at: DbTime,
    pub updated_at: DbTime,
}

impl From<LabelRow> for Label {
    fn from(row: LabelRow) -> Self {
        Label {
            id: row.id,
            name: row.name,
            colour: row.colour,
            created_at: row.created_at.0,
            updated_at: row.updated_at.0,
        }
    }
}

/// A label a conversation carries.
#[derive(sqlx::FromRow)]
pub struct ConversationLabelRow {
    pub conversation_id: Uuid,
    pub id: Uuid,
    pub name: String,
    pub colour: String,
}

impl ConversationLabelRow {
    pub fn into_parts(self) -> (Uuid, LabelTag) {
        (self.conversation_id, LabelTag { id: self.id, name: self.name, colour: self.colour })
    }
}
