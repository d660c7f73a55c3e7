//! The rows of messages as both backends select them (`message_select!`, `message_page!`: a message with its media
//! file and the stored message it quotes), the details column's JSON, the reactions, and their
//! conversion.

use std::collections::HashMap;

use blocopro_domain::channel::{ChannelMessage, DeliveryStatus, MessageDirection};
use blocopro_domain::message::{
    InteractiveAnswer, Location, Media, MediaState, MessageContent, MessageKind, QuotedMessage, Reaction, ReplyTo,
    SenderReaction, SharedContact, TemplateRef, TransferEvent, aggregate_reactions,
};
use serde::{Deserialize, Serialize};
use sqlx::types::Json;
use uuid::Uuid;

use crate::StoreResult;
use crate::rows::{parse_text, read_in_order};
use crate::time::DbTime;

pub struct MessageRow {
    pub id: Uuid,
    pub channel_id: Uuid,
    pub external_id: String,
    pub direction: String,
    pub chat_id: String,
    pub sender: String,
    pub kind: String,
    pub text: String,
    pub status: String,
    pub error: Option<String>,
    pub sent_at: DbTime,
    pub created_at: DbTime,
    pub details: Option<Json<Details>>,
    /// Whether anyone's reaction to it stands (`reactions_for` reads only those).
    pub reacted: bool,
    pub reply: ReplyRow,
    pub media: MediaRow,
}

/// The quoted message as the provider gave it (`reply_*`), and the stored one (`quoted_*`).
pub struct ReplyRow {
    pub reply_external_id: Option<String>,
    pub reply_sender: Option<String>,
    pub reply_kind: Option<String>,
    pub reply_snippet: Option<String>,
    pub quoted_id: Option<Uuid>,
    pub quoted_sender: Option<String>,
    pub quoted_kind: Option<String>,
    pub quoted_text: Option<String>,
}

/// The media file joined to its message; every column is NULL for a message without one.
pub struct MediaRow {
    pub media_id: Option<Uuid>,
    pub media_state: Option<String>,
    pub media_mime_type: Option<String>,
    pub media_size_bytes: Option<i64>,
    pub media_sha256: Option<String>,
    pub media_file_name: Option<String>,
    pub media_duration_seconds: Option<i32>,
    pub media_width: Option<i32>,
    pub media_height: Option<i32>,
    pub media_provider_ref: Option<String>,
}

// A page reads hundreds of these rows: their columns are read in the order `message_row_columns!` selects them.
read_in_order!(MessageRow of [Uuid, String, DbTime, Json<Details>, bool, i64, i32] {
    id, channel_id, external_id, direction, chat_id, sender, kind, text, status, error, sent_at, created_at, details,
    reply: ReplyRow, reacted, media: MediaRow,
});

read_in_order!(ReplyRow of [Uuid, String] {
    reply_external_id, reply_sender, reply_kind, reply_snippet, quoted_id, quoted_sender, quoted_kind, quoted_text,
});

// Read after a message's columns (`MessageRow`) or on its own (flattened in a derived row).
read_in_order!(MediaRow of [Uuid, String, i64, i32] {
    media_id, media_state, media_mime_type, media_size_bytes, media_sha256, media_file_name, media_duration_seconds,
    media_width, media_height, media_provider_ref,
});

/// The `details` column: what a location, contacts, interactive answer, template or transfer message holds.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Details {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<SharedContact>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interactive: Option<InteractiveAnswer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<TemplateRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfer: Option<TransferEvent>,
}

impl Details {
    /// The column's value for `content`: NULL when its kind holds none of these.
    pub fn of(content: &MessageContent) -> Option<Json<Details>> {
        let details = Details {
            location: content.location.clone(),
            contacts: content.contacts.clone(),
            interactive: content.interactive.clone(),
            template: content.template.clone(),
            transfer: content.transfer.clone(),
        };
        let empty = details.location.is_none()
            && details.contacts.is_empty()
            && details.interactive.is_none()
            && details.template.is_none()
            && details.transfer.is_none();
        (!empty).then_some(Json(details))
    }
}

/// A count or size as the databases' signed integers; out of range is unknown.
pub fn db_int<T: TryInto<i64>>(value: Option<T>) -> Option<i64> {
    value.and_then(|value| value.try_into().ok())
}

/// `db_int` for the 32-bit columns (duration, width, height).
pub fn db_int32(value: Option<u32>) -> Option<i32> {
    value.and_then(|value| i32::try_from(value).ok())
}

impl MediaRow {
    pub fn into_media(self) -> StoreResult<Option<Media>> {
        let (Some(id), Some(state), Some(mime_type)) = (self.media_id, self.media_state, self.media_mime_type) else {
            return Ok(None);
        };
        Ok(Some(Media {
            id,
            state: parse_text(&state, MediaState::parse, "media state")?,
            mime_type,
            size_bytes: self.media_size_bytes.and_then(|size| u64::try_from(size).ok()),
            sha256: self.media_sha256,
            file_name: self.media_file_name,
            duration_seconds: self.media_duration_seconds.and_then(|seconds| u32::try_from(seconds).ok()),
            width: self.media_width.and_then(|width| u32::try_from(width).ok()),
            height: self.media_height.and_then(|height| u32::try_from(height).ok()),
            provider_ref: self.media_provider_ref,
        }))
    }
}

impl ReplyRow {
    fn into_reply(self) -> StoreResult<Option<ReplyTo>> {
        let Some(external_id) = self.reply_external_id else { return Ok(None) };
        let kind =
            |text: Option<String>| text.map(|kind| parse_text(&kind, MessageKind::parse, "message kind")).transpose();
        let quoted = match (self.quoted_id, self.quoted_sender, kind(self.quoted_kind)?, self.quoted_text) {
            (Some(id), Some(sender), Some(kind), Some(text)) => Some(QuotedMessage { id, sender, kind, text }),
            _ => None,
        };
        let reply = ReplyTo {
            external_id,
            sender: self.reply_sender,
            kind: kind(self.reply_kind)?,
            snippet: self.reply_snippet.unwrap_or_default(),
            message_id: None,
        };
        Ok(Some(reply.completed_by(quoted)))
    }
}

impl MessageRow {
    /// The message, with the reactions aggregated on it.
    pub fn into_message(self, reactions: Vec<Reaction>) -> StoreResult<ChannelMessage> {
        let details = self.details.map(|details| details.0).unwrap_or_default();
        let content = MessageContent {
            kind: parse_text(&self.kind, MessageKind::parse, "message kind")?,
            text: self.text,
            media: self.media.into_media()?,
            reply_to: self.reply.into_reply()?,
            location: details.location,
            contacts: details.contacts,
            interactive: details.interactive,
            template: details.template,
            transfer: details.transfer,
        };
        Ok(ChannelMessage {
            id: self.id,
            channel_id: self.channel_id,
            external_id: self.external_id,
            direction: parse_text(&self.direction, MessageDirection::parse, "message direction")?,
            chat_id: self.chat_id,
            sender: self.sender,
            content,
            reactions,
            status: parse_text(&self.status, DeliveryStatus::parse, "delivery status")?,
            error: self.error,
            sent_at: self.sent_at.0,
            created_at: self.created_at.0,
        })
    }
}

/// One sender's standing reaction, as `message_reactions` keeps it.
#[derive(sqlx::FromRow)]
pub struct ReactionRow {
    pub channel_id: Uuid,
    pub target_external_id: String,
    pub sender: String,
    pub emoji: String,
    pub reacted_at: DbTime,
}

impl From<ReactionRow> for SenderReaction {
    fn from(row: ReactionRow) -> Self {
        SenderReaction { sender: row.sender, emoji: row.emoji, at: row.reacted_at.0 }
    }
}

/// Messages from their rows and the reactions read for them (of these and maybe other messages):
/// only a `reacted` row looks its reactions up.
pub fn with_reactions(rows: Vec<MessageRow>, reactions: Vec<ReactionRow>) -> StoreResult<Vec<ChannelMessage>> {
    let mut by_target: HashMap<(Uuid, String), Vec<SenderReaction>> = HashMap::new();
    for reaction in reactions {
        by_target.entry((reaction.channel_id, reaction.target_external_id.clone())).or_default().push(reaction.into());
    }
    rows.into_iter()
        .map(|row| {
            let reactions = if row.reacted {
                by_target.remove(&(row.channel_id, row.external_id.clone())).unwrap_or_default()
            } else {
                Vec::new()
            };
            row.into_message(aggregate_reactions(reactions))
        })
        .collect()
}

/// A message a search found, with its conversation (`search_messages`).
#[derive(sqlx::FromRow)]
pub struct FoundMessageRow {
    pub message_id: Uuid,
    pub conversation_id: Uuid,
    pub conversation_kind: String,
    pub title: String,
    pub channel_id: Uuid,
    pub sender: String,
    pub direction: String,
    pub kind: String,
    pub text: String,
    pub sent_at: DbTime,
}

impl TryFrom<FoundMessageRow> for crate::FoundMessage {
    type Error = crate::StoreError;

    fn try_from(row: FoundMessageRow) -> StoreResult<Self> {
        use blocopro_domain::conversation::ConversationKind;
        Ok(Self {
            message_id: row.message_id,
            conversation_id: row.conversation_id,
            conversation_kind: parse_text(&row.conversation_kind, ConversationKind::parse, "conversation kind")?,
            title: row.title,
            channel_id: row.channel_id,
            sender: row.sender,
            direction: parse_text(&row.direction, MessageDirection::parse, "message direction")?,
            kind: parse_text(&row.kind, MessageKind::parse, "message kind")?,
            text: row.text,
            sent_at: row.sent_at.0,
        })
    }
}
