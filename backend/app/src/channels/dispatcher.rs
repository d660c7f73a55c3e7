//! Drains the connectors' event queue: every event is stored first (idempotently, so a replay
//! changes nothing) and then published for the realtime push.

use std::sync::Arc;
use std::time::Duration;

use blocopro_connectors::{ConnectorEvent, ConnectorEventKind, EventReceiver, InboundMessage};
use blocopro_domain::Timestamp;
use blocopro_domain::channel::{Channel, ChannelKind, ChannelMessage, ChannelStatus, DeliveryStatus, MessageDirection};
use blocopro_domain::event::EventKind;
use serde::Serialize;
use uuid::Uuid;

use crate::events::announce::announce_channel;
use crate::{App, AppResult};

/// A store that keeps failing (a database restart, a failover) gets this many tries per event,
/// about three minutes in all, before the event is logged and dropped. Meanwhile the queue fills
/// and connectors wait: back-pressure rather than loss.
const ATTEMPTS: u32 = 24;
const FIRST_RETRY_DELAY: Duration = Duration::from_millis(100);
const MAX_RETRY_DELAY: Duration = Duration::from_secs(10);

#[derive(Serialize)]
struct QrEvent<'a> {
    channel_id: Uuid,
    code: &'a str,
    expires_at: Timestamp,
}

/// Runs until every connector (and the hub) has dropped its sender.
pub fn spawn(app: Arc<App>, mut receiver: EventReceiver) {
    tokio::spawn(async move {
        while let Some(event) = receiver.recv().await {
            apply_with_retries(&app, event).await;
        }
    });
}

async fn apply_with_retries(app: &App, event: ConnectorEvent) {
    let mut delay = FIRST_RETRY_DELAY;
    for attempt in 1..=ATTEMPTS {
        match apply(app, event.clone()).await {
            Ok(()) => return,
            Err(error) if attempt < ATTEMPTS => {
                tracing::warn!(channel_id = %event.channel_id, %error, attempt, "storing a connector event failed; retrying");
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(MAX_RETRY_DELAY);
            }
            Err(error) => {
                tracing::error!(channel_id = %event.channel_id, %error, "connector event dropped after retries");
            }
        }
    }
}

/// Stores one event and publishes what changed; events of a removed channel are dropped.
pub async fn apply(app: &App, event: ConnectorEvent) -> AppResult<()> {
    let Some(channel) = app.store.find_channel(event.channel_id).await? else {
        tracing::info!(channel_id = %event.channel_id, "event for a removed channel ignored");
        return Ok(());
    };
    apply_to(app, &channel, event.kind).await
}

/// Stores one event of `channel`. Also used by webhooks, which must not answer before what they
/// received is stored.
pub async fn apply_to(app: &App, channel: &Channel, kind: ConnectorEventKind) -> AppResult<()> {
    match kind {
        ConnectorEventKind::Pairing { code, expires_at } => {
            let after = app.store.start_pairing(channel.id, &code, expires_at, Timestamp::now()).await?;
            publish_status_change(app, channel, after.as_ref());
            if after.is_some() {
                publish_qr(app, channel, &code, expires_at);
            }
            Ok(())
        }
        ConnectorEventKind::Qr { code, expires_at } => {
            if app.store.set_channel_qr(channel.id, &code, expires_at).await? {
                publish_qr(app, channel, &code, expires_at);
            }
            Ok(())
        }
        ConnectorEventKind::Connected { phone_number } => {
            record_status(app, channel, ChannelStatus::Connected, phone_number.as_deref()).await.map(drop)
        }
        ConnectorEventKind::Disconnected => {
            record_status(app, channel, ChannelStatus::Disconnected, None).await.map(drop)
        }
        ConnectorEventKind::LoggedOut => {
            // The session is over for good: the next connect must build a new connector.
            super::sessions::ended(app, channel.id).await;
            record_status(app, channel, ChannelStatus::LoggedOut, None).await.map(drop)
        }
        ConnectorEventKind::Message(message) => store_inbound(app, channel, *message).await,
        ConnectorEventKind::Reaction(change) => {
            let changed = app.store.record_reaction(channel.id, &change.sanitised()).await?;
            if let Some(message) = changed {
                crate::events::announce::announce_message(app, channel.company_id, EventKind::MessageUpdated, &message)
                    .await;
            }
            Ok(())
        }
        ConnectorEventKind::NumberChanged { old_number, new_number } => {
            moved_to_new_number(app, channel, &old_number, &new_number).await
        }
        ConnectorEventKind::GroupChanged { external_id, change } => {
            let changed = app.store.apply_group_change(channel.id, &external_id, &change, Timestamp::now()).await?;
            if let Some(group) = changed {
                app.events.publish(channel.company_id, EventKind::GroupUpdated, &group);
            }
            Ok(())
        }
        ConnectorEventKind::Receipt { external_id, status, error, at } => {
            let changed = app.store.record_receipt(channel.id, &external_id, status, error.as_deref(), at).await?;
            if let Some(message) = changed {
                crate::events::announce::announce_message(app, channel.company_id, EventKind::MessageStatus, &message)
                    .await;
            }
            Ok(())
        }
    }
}

async fn store_inbound(app: &App, channel: &Channel, inbound: InboundMessage) -> AppResult<()> {
    if is_for_a_group_not_imported(app, channel, &inbound).await? {
        tracing::info!(channel_id = %channel.id, "a message of a group that is not imported skipped");
        return Ok(());
    }
    // Before the message, so that its new conversation is announced under the name.
    if let Some(name) = profile_name(&inbound) {
        app.store.name_contact_from_profile(channel.company_id, &inbound.sender, &name, Timestamp::now()).await?;
    }
    let message = ChannelMessage {
        id: Uuid::now_v7(),
        channel_id: channel.id,
        external_id: inbound.external_id,
        direction: MessageDirection::Inbound,
        chat_id: inbound.chat_id,
        sender: inbound.sender,
        // No database stores NUL in text; a message carrying one keeps the rest of what it says.
        content: inbound.content.sanitised(),
        reactions: Vec::new(),
        status: DeliveryStatus::Received,
        error: None,
        sent_at: inbound.sent_at,
        created_at: Timestamp::now(),
    };
    let carries_file = message.content.media.is_some();
    // `message.created` is announced once the message is in its conversation (see the folder).
    let new = app.inbound.store(channel.company_id, message).await?;
    if new && carries_file {
        app.download_wake.notify_one();
    }
    Ok(())
}

/// The customer's contact and chat follow them to their new number; the conversation, moved, is
/// announced.
async fn moved_to_new_number(app: &App, channel: &Channel, old: &str, new: &str) -> AppResult<()> {
    let moved = app.store.move_to_new_number(channel.company_id, channel.id, old, new, Timestamp::now()).await?;
    if moved && let Some(conversation) = app.store.find_conversation_of_chat(channel.id, new).await? {
        crate::events::announce::announce_conversation(app, &conversation, None);
    }
    Ok(())
}

/// A Cloud API number's message in a group the company has not imported: it has no conversation
/// to go to, and never goes to the sender's direct one. (QR channels keep such messages for the
/// group's history.)
async fn is_for_a_group_not_imported(app: &App, channel: &Channel, inbound: &InboundMessage) -> AppResult<bool> {
    let in_group = inbound.chat_id != inbound.sender && inbound.chat_id.ends_with("@g.us");
    if channel.kind != ChannelKind::WhatsappCloud || !in_group {
        return Ok(false);
    }
    Ok(app.store.find_conversation_of_chat(channel.id, &inbound.chat_id).await?.is_none())
}

/// The sender's WhatsApp profile name, cleaned, when they wrote directly (not in a group).
fn profile_name(inbound: &InboundMessage) -> Option<String> {
    let direct = inbound.chat_id == inbound.sender;
    let name = inbound.sender_name.as_deref().map(blocopro_domain::contact::profile_name)?;
    (direct && !name.is_empty()).then_some(name)
}

fn publish_status_change(app: &App, before: &Channel, after: Option<&Channel>) {
    if let Some(channel) = after
        && channel != before
    {
        announce_channel(app, channel);
    }
}

fn publish_qr(app: &App, channel: &Channel, code: &str, expires_at: Timestamp) {
    let qr = QrEvent { channel_id: channel.id, code, expires_at };
    app.events.publish(channel.company_id, EventKind::ChannelQr, qr);
}

/// Stores a channel's status (and number, once known) and publishes `channel.status` when it
/// changed; `None` when the channel no longer exists.
pub async fn record_status(
    app: &App,
    before: &Channel,
    status: ChannelStatus,
    phone_number: Option<&str>,
) -> AppResult<Option<Channel>> {
    let after = app.store.set_channel_status(before.id, status, phone_number, Timestamp::now()).await?;
    publish_status_change(app, before, after.as_ref());
    Ok(after)
}
