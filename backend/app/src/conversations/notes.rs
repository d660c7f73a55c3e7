//! Private notes ("Nota interna"): what the team writes in a conversation for itself. A note is
//! kept in the conversation's thread (and so in the contact's history) as a message of kind
//! `note`, signed with its author's name, and announced to whoever sees the conversation; it is
//! never queued, so it never reaches WhatsApp. Notes may be written in closed conversations too,
//! and whatever the channel's state or the customer-service window.

use blocopro_domain::Timestamp;
use blocopro_domain::channel::{ChannelMessage, DeliveryStatus, MessageDirection};
use blocopro_domain::conversation::Conversation;
use blocopro_domain::event::EventKind;
use blocopro_domain::message::{MessageContent, MessageKind};
use blocopro_domain::user::User;
use uuid::Uuid;

use crate::caller::Caller;
use crate::events::announce::announce_message_in;
use crate::{App, AppResult};

/// What the placeholder external id of the team's messages starts with: they have no id at WhatsApp.
const NOTE_PREFIX: &str = "note:";

/// The note `author` writes in `conversation`, now.
fn note_message(conversation: &Conversation, author: &User, text: &str) -> ChannelMessage {
    let content = MessageContent { kind: MessageKind::Note, ..MessageContent::text(team_text(text)) };
    team_message(conversation, author, content)
}

/// What the team wrote, as kept: without what the databases refuse, then without surrounding blanks.
pub(super) fn team_text(text: &str) -> String {
    MessageContent::text(text).sanitised().text.trim().to_owned()
}

/// A message the team alone sees (a note, a transfer) that `author` writes in `conversation`, now:
/// signed with their name, `sent` (the outbox claims only queued messages) and without an id at
/// WhatsApp.
pub(super) fn team_message(conversation: &Conversation, author: &User, content: MessageContent) -> ChannelMessage {
    let (id, now) = (Uuid::now_v7(), Timestamp::now());
    ChannelMessage {
        id,
        channel_id: conversation.channel_id,
        external_id: format!("{NOTE_PREFIX}{id}"),
        direction: MessageDirection::Outbound,
        chat_id: conversation.chat_id.clone(),
        sender: author.name.clone(),
        content,
        reactions: Vec::new(),
        status: DeliveryStatus::Sent,
        error: None,
        sent_at: now,
        created_at: now,
    }
}

/// Writes a note in the conversation `id` (one the caller, a person, sees) and announces it as a
/// new message of the conversation. The text's shape is the caller's to check (the API does).
pub async fn write(app: &App, caller: &Caller, id: Uuid, text: &str) -> AppResult<ChannelMessage> {
    let author = caller.session_user()?;
    let conversation = super::get(app, caller, id).await?;
    let note = note_message(&conversation, author, text);
    let stored = app.store.insert_note(caller.company_id, &note, author.id).await?;
    announce_message_in(app, caller.company_id, EventKind::MessageCreated, &stored, Some(&conversation));
    Ok(stored)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::attendant;
    use blocopro_domain::user::Visibility;

    #[test]
    fn a_note_is_signed_by_its_author_and_never_queued() {
        let ana = attendant(Visibility::Departments);
        let conversation = crate::testing::conversation();
        let note = note_message(&conversation, &ana, "  Cliente VIP \0 ");
        assert_eq!((note.content.kind, note.content.text.as_str()), (MessageKind::Note, "Cliente VIP"));
        assert_eq!(note.sender, ana.name);
        assert_eq!(note.status, DeliveryStatus::Sent, "the outbox claims only queued messages");
        assert_eq!(note.external_id, format!("note:{}", note.id));
        assert_eq!((note.channel_id, note.chat_id.as_str()), (conversation.channel_id, conversation.chat_id.as_str()));
    }
}
