//! The rows of conversations as both backends select them, and their conversion.

use blocopro_domain::channel::ChannelKind;
use blocopro_domain::conversation::{Conversation, ConversationKind, ConversationStatus};
use blocopro_domain::message::MessageKind;
use blocopro_domain::presence::PresenceStatus;
use blocopro_domain::template::customer_window_closes_at;
use uuid::Uuid;

use crate::rows::{count, parse_text};
use crate::time::DbTime;
use crate::users::rows::UserAuthRow;
use crate::{QueueCandidate, StoreError, StoreResult};

#[derive(sqlx::FromRow)]
pub struct ConversationRow {
    pub id: Uuid,
    pub company_id: Uuid,
    pub channel_id: Uuid,
    pub kind: String,
    pub chat_id: String,
    pub title: String,
    pub contact_id: Option<Uuid>,
    pub group_id: Option<Uuid>,
    pub status: String,
    pub department_id: Option<Uuid>,
    pub assigned_to: Option<Uuid>,
    pub awaiting_choice: bool,
    pub contact_owner_id: Option<Uuid>,
    pub unread_count: i64,
    pub last_message_at: DbTime,
    pub last_message_preview: Option<String>,
    pub last_message_kind: String,
    /// When the customer last wrote (their last received message's time).
    pub last_inbound_at: Option<DbTime>,
    /// The kind of the conversation's channel.
    pub channel_kind: String,
    pub created_at: DbTime,
    pub updated_at: DbTime,
}

impl TryFrom<ConversationRow> for Conversation {
    type Error = StoreError;

    fn try_from(row: ConversationRow) -> StoreResult<Self> {
        Ok(Conversation {
            id: row.id,
            company_id: row.company_id,
            channel_id: row.channel_id,
            kind: parse_text(&row.kind, ConversationKind::parse, "conversation kind")?,
            chat_id: row.chat_id,
            title: row.title,
            contact_id: row.contact_id,
            group_id: row.group_id,
            status: parse_text(&row.status, ConversationStatus::parse, "conversation status")?,
            department_id: row.department_id,
            assigned_to: row.assigned_to,
            awaiting_choice: row.awaiting_choice,
            contact_owner_id: row.contact_owner_id,
            unread_count: count(row.unread_count),
            last_message_at: row.last_message_at.0,
            last_message_preview: row.last_message_preview,
            last_message_kind: parse_text(&row.last_message_kind, MessageKind::parse, "message kind")?,
            customer_window_closes_at: customer_window_closes_at(
                parse_text(&row.channel_kind, ChannelKind::parse, "channel kind")?,
                row.last_inbound_at.map(|at| at.0),
                row.created_at.0,
            ),
            // Attached by the read that selected the row (`attach_labels`).
            labels: Vec::new(),
            created_at: row.created_at.0,
            updated_at: row.updated_at.0,
        })
    }
}

/// A user the queue may give conversations to, with presence and round-robin position.
#[derive(sqlx::FromRow)]
pub struct QueueCandidateRow {
    #[sqlx(flatten)]
    pub auth: UserAuthRow,
    pub presence: Option<String>,
    pub last_assigned_at: Option<DbTime>,
}

impl TryFrom<QueueCandidateRow> for QueueCandidate {
    type Error = StoreError;

    fn try_from(row: QueueCandidateRow) -> StoreResult<Self> {
        Ok(QueueCandidate {
            auth: row.auth.into_parts()?.0,
            presence: row
                .presence
                .as_deref()
                .map(|status| parse_text(status, PresenceStatus::parse, "presence"))
                .transpose()?,
            last_assigned_at: row.last_assigned_at.map(|at| at.0),
        })
    }
}

/// A conversation's routing and service cycle before a routing change.
#[derive(sqlx::FromRow)]
pub struct ServiceState {
    pub status: String,
    pub department_id: Option<Uuid>,
    pub assigned_to: Option<Uuid>,
    pub kind: String,
    pub channel_id: Uuid,
    pub chat_id: String,
    pub cycle_started_at: Option<DbTime>,
}

impl ServiceState {
    /// The routing as `routing_events` compares it (the menu and unread count play no part there).
    pub fn routing(&self) -> StoreResult<blocopro_domain::conversation::Routing> {
        Ok(blocopro_domain::conversation::Routing {
            status: parse_text(&self.status, ConversationStatus::parse, "conversation status")?,
            department_id: self.department_id,
            assigned_to: self.assigned_to,
            awaiting_choice: false,
            unread_count: 0,
        })
    }
}
