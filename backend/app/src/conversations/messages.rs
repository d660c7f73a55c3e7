//! A conversation's messages: reading them, and writing in it. What an attendant writes is stored
//! first (`queued`) and sent by the outbox (`outbox`), which retries while the channel is briefly
//! offline.

use blocopro_domain::Error as DomainError;
use blocopro_domain::Timestamp;
use blocopro_domain::channel::ChannelKind;
use blocopro_domain::channel::{ChannelMessage, ensure_connected};
use blocopro_domain::conversation::{Conversation, ConversationStatus};
use blocopro_domain::event::EventKind;
use blocopro_domain::message::{Location, Media, MessageContent, MessageKind, ReplyTo};
use blocopro_domain::template::{MessageTemplate, Outgoing, TemplateValues, ensure_within_customer_window};
use blocopro_store::{Answer, ConversationChat, Page, PageRequest, Taking};
use uuid::Uuid;

use super::actions::taken_by_answer;
use crate::caller::Caller;
use crate::channels::{is_unsent, queued_message};
use crate::events::announce::{announce_conversation, announce_message_in};
use crate::{App, AppError, AppResult};

/// The messages of a conversation the caller sees, newest first; not found otherwise.
pub async fn list(
    app: &App,
    caller: &Caller,
    conversation_id: Uuid,
    page: PageRequest,
) -> AppResult<Page<ChannelMessage>> {
    let viewer = super::visibility::viewer(caller)?;
    app.store
        .list_visible_conversation_messages(caller.company_id, &viewer, conversation_id, page)
        .await?
        .ok_or_else(AppError::not_found)
}

/// The messages of a conversation (one the caller sees) around its message `around`, newest
/// first: up to half the page newer, then it and older ones. Not found when it is not one of
/// the conversation's messages.
pub async fn list_around(
    app: &App,
    caller: &Caller,
    conversation: &ConversationChat,
    around: Uuid,
    limit: u32,
) -> AppResult<Page<ChannelMessage>> {
    app.store
        .list_chat_messages_around(caller.company_id, conversation.channel_id, &conversation.chat_id, around, limit)
        .await?
        .ok_or_else(AppError::not_found)
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

/// What an attendant writes: text, or a file they uploaded (`text` its caption), or a location,
/// or an approved template with the values of its placeholders; optionally replying to a message
/// of the conversation.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub text: String,
    pub media_id: Option<Uuid>,
    pub reply_to_message_id: Option<Uuid>,
    pub location: Option<Location>,
    /// The template, and the values it is sent with.
    pub template: Option<TemplateDraft>,
}

/// An approved template of the conversation's channel and what it is sent with: the values of
/// its body's and text header's placeholders, the file of its media header (an upload, as
/// `media_id` is), and the values of its buttons by index.
#[derive(Debug, Clone, Default)]
pub struct TemplateDraft {
    pub name: String,
    pub language: String,
    pub parameters: Vec<String>,
    pub header_parameters: Vec<String>,
    pub header_media_id: Option<Uuid>,
    pub button_values: Vec<(u32, String)>,
}

impl Draft {
    pub fn text(text: impl Into<String>) -> Self {
        Draft { text: text.into(), ..Draft::default() }
    }
}

/// A 422 with a stable code about a reference of the request.
fn unknown(code: &'static str, detail: &str) -> AppError {
    DomainError::Unsupported { code, detail: detail.into() }.into()
}

/// What the draft says, with the upload it sends and the message it replies to found in the
/// company (the reply in the conversation's chat).
async fn content_of(
    app: &App,
    caller: &Caller,
    conversation: &Conversation,
    draft: Draft,
) -> AppResult<MessageContent> {
    let mut content = MessageContent::text(draft.text);
    if let Some(template) = draft.template {
        content = template_content(app, caller, conversation, template).await?;
    } else if let Some(media_id) = draft.media_id {
        let (kind, media) = upload_of(app, caller, media_id, "media_not_found").await?;
        content.kind = kind;
        content.media = Some(media);
    } else if let Some(location) = draft.location {
        content.kind = MessageKind::Location;
        content.location = Some(location);
    }
    if let Some(reply_id) = draft.reply_to_message_id {
        let (company_id, channel_id, chat_id) = (caller.company_id, conversation.channel_id, &conversation.chat_id);
        let quoted = app.store.get_chat_message(company_id, channel_id, chat_id, reply_id).await?;
        let on_whatsapp = |quoted: &ChannelMessage| {
            quoted.content.kind.reaches_whatsapp() && !quoted.external_id.is_empty() && !is_unsent(&quoted.external_id)
        };
        let quoted = quoted.filter(on_whatsapp);
        let quoted = quoted
            .ok_or_else(|| unknown("reply_target_not_found", "No sent message of this conversation has this id."))?;
        content.reply_to = Some(ReplyTo {
            external_id: quoted.external_id.clone(),
            sender: Some(quoted.sender.clone()),
            kind: Some(quoted.content.kind),
            snippet: quoted.content.preview(),
            message_id: Some(quoted.id),
        });
    }
    Ok(content)
}

/// The caller's company's upload `media_id`: its kind and file; a 422 `code` when there is none.
async fn upload_of(app: &App, caller: &Caller, media_id: Uuid, code: &'static str) -> AppResult<(MessageKind, Media)> {
    let upload = app.store.find_upload(caller.company_id, media_id).await?;
    let upload = upload.ok_or_else(|| unknown(code, "No file of yours was uploaded with this id."))?;
    Ok((upload.kind, upload.media))
}

/// A template message: an approved template of the conversation's Cloud API channel, sent with
/// the values the template takes (its text, the thread's and previews', filled in) and, for a
/// media header, the file uploaded for it (the message's `media`).
async fn template_content(
    app: &App,
    caller: &Caller,
    conversation: &Conversation,
    draft: TemplateDraft,
) -> AppResult<MessageContent> {
    let channel_kind = app.store.get_channel(caller.company_id, conversation.channel_id).await?.map(|c| c.kind);
    if channel_kind != Some(ChannelKind::WhatsappCloud) {
        return Err(unknown("templates_not_supported", "Only WhatsApp Cloud API channels send templates."));
    }
    let (name, language) = (draft.name.as_str(), draft.language.as_str());
    let found = app.store.get_channel_template(caller.company_id, conversation.channel_id, name, language).await?;
    let found = found.filter(MessageTemplate::is_approved).ok_or_else(|| {
        unknown(
            "template_not_found",
            "The channel has no approved template of this name and language; sync its templates.",
        )
    })?;
    let header_file = match draft.header_media_id {
        Some(media_id) => Some(upload_of(app, caller, media_id, "template_header_media_not_found").await?),
        None => None,
    };
    let values = TemplateValues {
        parameters: draft.parameters,
        header_parameters: draft.header_parameters,
        header_media: header_file.as_ref().map(|(kind, _)| *kind),
        button_values: draft.button_values,
    };
    let prepared = found.prepare(values)?;
    Ok(MessageContent {
        kind: MessageKind::Template,
        text: prepared.text,
        media: header_file.map(|(_, media)| media),
        template: Some(prepared.template),
        ..MessageContent::default()
    })
}

/// Queues the draft in a conversation the caller sees, on its connected channel, and wakes the
/// outbox. A person answering a conversation that waits for someone takes it ("Em atendimento",
/// theirs) in the same write, as "Assumir" would. A repeated `idempotency_key` answers the message
/// stored the first time and queues (and takes) nothing again.
pub async fn send(
    app: &App,
    caller: &Caller,
    id: Uuid,
    draft: Draft,
    idempotency_key: Option<&str>,
) -> AppResult<ChannelMessage> {
    let conversation = super::get(app, caller, id).await?;
    ensure_open(conversation.status)?;
    let channel =
        app.store.get_channel(caller.company_id, conversation.channel_id).await?.ok_or_else(AppError::not_found)?;
    ensure_connected(channel.status)?;
    let content = content_of(app, caller, &conversation, draft).await?;
    // Before anything is stored: what WhatsApp would refuse is never queued.
    let outgoing = Outgoing::Message(content.kind);
    ensure_within_customer_window(conversation.customer_window_closes_at, outgoing, Timestamp::now())?;
    let message = queued_message(&channel, conversation.chat_id.clone(), content);
    let answer = queue(app, caller, &conversation, &message, idempotency_key).await?;
    if answer.taken {
        announce_taken(app, &conversation).await;
    }
    if answer.new {
        announce_message_in(app, caller.company_id, EventKind::MessageCreated, &answer.message, Some(&conversation));
        app.outbox_wake.notify_one();
    }
    Ok(answer.message)
}

/// Queues the caller's message in the conversation, taking the conversation with it when their
/// answer does (`taken_by_answer`).
async fn queue(
    app: &App,
    caller: &Caller,
    conversation: &Conversation,
    message: &ChannelMessage,
    idempotency_key: Option<&str>,
) -> AppResult<Answer> {
    let now = Timestamp::now();
    let company_id = caller.company_id;
    if let (Some(user_id), Some((taken, audit))) = (caller.user_id(), taken_by_answer(caller, conversation, now)) {
        let taking = Taking { conversation_id: conversation.id, user_id, routing: &taken.routing(), audit: &audit };
        return Ok(app.store.enqueue_answer(company_id, message, idempotency_key, &taking, now).await?);
    }
    let (message, new) = app.store.enqueue_outbound(company_id, message, idempotency_key, caller.user_id()).await?;
    Ok(Answer { message, new, taken: false })
}

/// Tells whoever sees the conversation now, and whoever saw it `before`, that it was taken (as it
/// is stored, with the answer as its last activity). It is taken already: a failed read is logged.
async fn announce_taken(app: &App, before: &Conversation) {
    match app.store.find_conversations(&[before.id]).await {
        Ok(found) => {
            for taken in &found {
                announce_conversation(app, taken, Some(before.placement()));
            }
        }
        Err(error) => {
            tracing::warn!(%error, conversation_id = %before.id, "a taken conversation could not be announced")
        }
    }
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
