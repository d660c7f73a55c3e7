//! Reacting to a message of a conversation: sent through the channel's live connector at once
//! (nothing is recorded when it cannot go), then recorded as the channel's own number's reaction
//! and announced as the message's update.

use blocopro_connectors::ConnectorError;
use blocopro_domain::channel::ChannelMessage;
use blocopro_domain::event::EventKind;
use blocopro_domain::message::{MAX_EMOJI_CHARS, ReactionChange};
use blocopro_domain::template::{Outgoing, ensure_within_customer_window};
use blocopro_domain::{Error as DomainError, FieldErrors, Timestamp};
use uuid::Uuid;

use crate::caller::Caller;
use crate::channels::is_unsent;
use crate::events::announce::announce_message_in;
use crate::{App, AppError, AppResult};

/// The emoji as sent: trimmed, one reaction (an empty one takes the reaction back).
fn checked_emoji(emoji: &str) -> Result<String, FieldErrors> {
    let emoji = emoji.trim();
    if emoji.chars().count() > MAX_EMOJI_CHARS || emoji.chars().any(|c| c.is_control() || c.is_ascii_alphabetic()) {
        return Err(FieldErrors::single(
            "emoji",
            format!("must be one emoji (at most {MAX_EMOJI_CHARS} characters), or empty"),
        ));
    }
    Ok(emoji.to_owned())
}

/// Reacts with `emoji` to the message `message_id` of the conversation `conversation_id` (one the
/// caller sees); an empty emoji takes the reaction back. Answers the message with its reactions.
pub async fn react(
    app: &App,
    caller: &Caller,
    conversation_id: Uuid,
    message_id: Uuid,
    emoji: &str,
) -> AppResult<ChannelMessage> {
    let emoji = checked_emoji(emoji)?;
    let conversation = super::get(app, caller, conversation_id).await?;
    let (company_id, channel_id, chat_id) = (caller.company_id, conversation.channel_id, &conversation.chat_id);
    let target = app.store.get_chat_message(company_id, channel_id, chat_id, message_id).await?;
    let target = target.ok_or_else(AppError::not_found)?;
    if !target.content.kind.reaches_whatsapp() {
        let detail = "A private note stays in BlocoPro; it cannot be reacted to on WhatsApp.";
        return Err(DomainError::Unsupported { code: "note_not_on_whatsapp", detail: detail.into() }.into());
    }
    if is_unsent(&target.external_id) {
        let detail = "The message has not reached WhatsApp yet; react once it is sent.";
        return Err(DomainError::Conflict { code: "message_not_sent", detail: detail.into() }.into());
    }
    let channel = app.store.get_channel(company_id, channel_id).await?.ok_or_else(AppError::not_found)?;
    ensure_within_customer_window(conversation.customer_window_closes_at, Outgoing::Reaction, Timestamp::now())?;
    let connector = app.hub.live(channel_id).ok_or(ConnectorError::NotConnected)?;
    connector.send_reaction(chat_id, &target.external_id, &emoji).await?;
    let change = ReactionChange {
        target_external_id: target.external_id.clone(),
        sender: channel.phone_number.clone().unwrap_or_default(),
        emoji,
        at: Timestamp::now(),
    }
    .sanitised();
    let Some(changed) = app.store.record_reaction(channel_id, &change).await? else { return Ok(target) };
    announce_message_in(app, company_id, EventKind::MessageUpdated, &changed, Some(&conversation));
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reaction_is_one_emoji_or_none() {
        assert_eq!(checked_emoji(" 👍 ").unwrap(), "👍");
        assert_eq!(checked_emoji("👍🏽").unwrap(), "👍🏽");
        assert_eq!(checked_emoji("").unwrap(), "", "takes the reaction back");
        assert!(checked_emoji("ok").is_err());
        assert!(checked_emoji("👍\n").is_ok(), "trimmed");
        assert!(checked_emoji(&"👍".repeat(MAX_EMOJI_CHARS + 1)).is_err());
    }
}
