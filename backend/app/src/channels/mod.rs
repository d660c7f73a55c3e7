//! Channels at work: the connectors' events stored and announced (dispatcher), received messages
//! written in group commits, sessions held under leases and reopened, Cloud API secrets sealed at
//! rest and cached for webhooks.

pub mod cloud_cache;
pub mod credentials;
pub mod dispatcher;
pub mod inbound_writer;
pub mod reconnect;
pub mod sessions;

use blocopro_domain::Timestamp;
use blocopro_domain::channel::{Channel, ChannelMessage, DeliveryStatus, MessageDirection};
use uuid::Uuid;

use crate::{App, AppResult};
use credentials::CloudCredentials;

/// The opened Cloud API secrets of a channel that has them.
pub async fn stored_credentials(app: &App, channel: &Channel) -> AppResult<Option<CloudCredentials>> {
    let sealed = app.store.find_channel_credentials(channel.id).await?;
    sealed.map(|sealed| app.sealer.open(&sealed)).transpose()
}

/// A message to a chat, stored `queued` for the outbox to send.
pub fn queued_message(channel: &Channel, chat_id: String, text: String) -> ChannelMessage {
    let now = Timestamp::now();
    let id = Uuid::now_v7();
    ChannelMessage {
        id,
        channel_id: channel.id,
        external_id: format!("local:{id}"),
        direction: MessageDirection::Outbound,
        chat_id,
        sender: channel.phone_number.clone().unwrap_or_default(),
        text,
        status: DeliveryStatus::Queued,
        error: None,
        sent_at: now,
        created_at: now,
    }
}
