//! The messages a channel carries: reading them, and sending a text at once through the live
//! connector (Chat's messages go through the outbox instead).

use blocopro_connectors::ConnectorError;
use blocopro_domain::channel::{ChannelMessage, DeliveryStatus, ensure_connected};
use blocopro_domain::event::EventKind;
use blocopro_domain::message::MessageContent;
use blocopro_store::{MessageFilter, Page, PageRequest};
use uuid::Uuid;

use super::{outbound_message, visible};
use crate::caller::Caller;
use crate::events::announce::announce_message;
use crate::{App, AppResult};

/// Messages received and sent on a channel the caller may see, newest first.
pub async fn list(
    app: &App,
    caller: &Caller,
    id: Uuid,
    filter: &MessageFilter,
    page: PageRequest,
) -> AppResult<Page<ChannelMessage>> {
    let channel = visible(app, caller, id).await?;
    Ok(app.store.list_channel_messages(caller.company_id, channel.id, filter, page).await?)
}

/// Sends `text` from a connected channel to a number (E.164) or one of its groups, then stores
/// and announces it.
pub async fn send_text(app: &App, caller: &Caller, id: Uuid, to: String, text: String) -> AppResult<ChannelMessage> {
    let channel = visible(app, caller, id).await?;
    ensure_connected(channel.status)?;
    let connector = app.hub.live(channel.id).ok_or(ConnectorError::NotConnected)?;
    let external_id = connector.send_text(&to, &text).await?;
    let message = outbound_message(&channel, external_id, to, MessageContent::text(text), DeliveryStatus::Sent);
    let stored = app.store.insert_message(caller.company_id, &message).await?.unwrap_or(message);
    announce_message(app, caller.company_id, EventKind::MessageCreated, &stored).await;
    Ok(stored)
}
