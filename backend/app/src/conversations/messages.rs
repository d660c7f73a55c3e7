//! A conversation's messages: reading them, and writing in it. What an attendant writes is stored
//! first (`queued`) and sent by the outbox (`outbox`), which retries while the channel is briefly
//! offline.

use blocopro_domain::Error as DomainError;
use blocopro_domain::channel::{ChannelMessage, ensure_connected};
use blocopro_domain::conversation::{Conversation, ConversationStatus};
use blocopro_domain::event::EventKind;
use blocopro_domain::message::MessageContent;
use blocopro_store::{MessageFilter, Page, PageRequest};
use uuid::Uuid;

use crate::caller::Caller;
use crate::channels::queued_message;
use crate::events::announce::announce_message_in;
use crate::{App, AppError, AppResult};

/// The messages of a conversation (one the caller sees: `conversations::get`), newest first.
pub async fn list(
    app: &App,
    caller: &Caller,
    conversation: &Conversation,
    page: PageRequest,
) -> AppResult<Page<ChannelMessage>> {
    let filter = MessageFilter { chat_id: Some(conversation.chat_id.clone()) };
    Ok(app.store.list_channel_messages(caller.company_id, conversation.channel_id, &filter, page).await?)
}

/// Nobody writes in a closed conversation.
fn ensure_open(status: ConversationStatus) -> Result<(), DomainError> {
    if status == ConversationStatus::Closed {
        return Err(DomainError::Conflict {
            code: "conversation_closed",
            detail: "The conversation is closed; reopen it to write.".into(),
        });
    }
    Ok(())
}

/// Queues `text` in a conversation the caller sees, on its connected channel, and wakes the
/// outbox. A repeated `idempotency_key` answers the message stored the first time and queues
/// nothing again.
pub async fn send(
    app: &App,
    caller: &Caller,
    id: Uuid,
    text: String,
    idempotency_key: Option<&str>,
) -> AppResult<ChannelMessage> {
    let conversation = super::get(app, caller, id).await?;
    ensure_open(conversation.status)?;
    let channel =
        app.store.get_channel(caller.company_id, conversation.channel_id).await?.ok_or_else(AppError::not_found)?;
    ensure_connected(channel.status)?;
    let message = queued_message(&channel, conversation.chat_id.clone(), MessageContent::text(text));
    let (stored, new) =
        app.store.enqueue_outbound(caller.company_id, &message, idempotency_key, caller.user_id()).await?;
    if new {
        announce_message_in(app, caller.company_id, EventKind::MessageCreated, &stored, Some(&conversation));
        app.outbox_wake.notify_one();
    }
    Ok(stored)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closed_conversations_take_no_messages() {
        assert!(ensure_open(ConversationStatus::Pending).is_ok());
        assert!(ensure_open(ConversationStatus::Open).is_ok());
        let closed = ensure_open(ConversationStatus::Closed);
        assert!(matches!(closed, Err(DomainError::Conflict { code: "conversation_closed", .. })));
    }
}
