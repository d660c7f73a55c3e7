//! The rows of messages as both backends select them, and their conversion.

use blocopro_domain::channel::{ChannelMessage, DeliveryStatus, MessageDirection};
use uuid::Uuid;

use crate::rows::parse_text;
use crate::time::DbTime;
use crate::{StoreError, StoreResult};

#[derive(sqlx::FromRow)]
pub struct MessageRow {
    pub id: Uuid,
    pub channel_id: Uuid,
    pub external_id: String,
    pub direction: String,
    pub chat_id: String,
    pub sender: String,
    pub text: String,
    pub status: String,
    pub error: Option<String>,
    pub sent_at: DbTime,
    pub created_at: DbTime,
}

impl TryFrom<MessageRow> for ChannelMessage {
    type Error = StoreError;

    fn try_from(row: MessageRow) -> StoreResult<Self> {
        Ok(ChannelMessage {
            id: row.id,
            channel_id: row.channel_id,
            external_id: row.external_id,
            direction: parse_text(&row.direction, MessageDirection::parse, "message direction")?,
            chat_id: row.chat_id,
            sender: row.sender,
            text: row.text,
            status: parse_text(&row.status, DeliveryStatus::parse, "delivery status")?,
            error: row.error,
            sent_at: row.sent_at.0,
            created_at: row.created_at.0,
        })
    }
}
