//! Channels: the company's WhatsApp numbers. The use cases — adding and configuring them
//! (`manage`), connecting and pairing (`connection`), their messages (`messages`), the greeting
//! flow (`flow`), business hours (`business_hours`), who works on which (`links`) and Meta's
//! webhook (`cloud_webhook`) — and the channels at work: the connectors' events stored and
//! announced (dispatcher), received messages written in group commits, sessions held under leases
//! and reopened, Cloud API secrets sealed at rest and cached for webhooks.

pub mod business_hours;
pub mod cloud_cache;
pub mod cloud_webhook;
pub mod connection;
pub mod credentials;
pub mod dispatcher;
pub mod flow;
pub mod inbound_writer;
pub mod links;
pub mod manage;
pub mod messages;
pub mod reconnect;
pub mod sessions;
pub mod templates;

use blocopro_domain::Error as DomainError;
use blocopro_domain::Timestamp;
use blocopro_domain::channel::{Channel, ChannelMessage, DeliveryStatus, MessageDirection};
use blocopro_domain::message::MessageContent;
use blocopro_domain::permissions::Permission;
use blocopro_store::ChannelFilter;
use uuid::Uuid;

use crate::caller::Caller;
use crate::{App, AppError, AppResult};
use credentials::CloudCredentials;

/// The opened Cloud API secrets of a channel that has them.
pub async fn stored_credentials(app: &App, channel: &Channel) -> AppResult<Option<CloudCredentials>> {
    let sealed = app.store.find_channel_credentials(channel.id).await?;
    sealed.map(|sealed| app.sealer.open(&sealed)).transpose()
}

/// A message to a chat, stored `queued` for the outbox to send.
pub fn queued_message(channel: &Channel, chat_id: String, content: MessageContent) -> ChannelMessage {
    let mut message = outbound_message(channel, String::new(), chat_id, content, DeliveryStatus::Queued);
    message.external_id = format!("{UNSENT_PREFIX}{}", message.id);
    message
}

/// What a queued message's placeholder id starts with, until WhatsApp gives it one.
const UNSENT_PREFIX: &str = "local:";

/// Whether `external_id` is a queued message's placeholder (WhatsApp has not taken it yet).
pub fn is_unsent(external_id: &str) -> bool {
    external_id.starts_with(UNSENT_PREFIX)
}

/// A message the channel's own number writes to a chat, now.
fn outbound_message(
    channel: &Channel,
    external_id: String,
    chat_id: String,
    content: MessageContent,
    status: DeliveryStatus,
) -> ChannelMessage {
    let now = Timestamp::now();
    ChannelMessage {
        id: Uuid::now_v7(),
        channel_id: channel.id,
        external_id,
        direction: MessageDirection::Outbound,
        chat_id,
        sender: channel.phone_number.clone().unwrap_or_default(),
        content,
        reactions: Vec::new(),
        status,
        error: None,
        sent_at: now,
        created_at: now,
    }
}

/// Channel managers see every channel; other users see the channels linked to them.
fn visibility_filter(caller: &Caller) -> Result<ChannelFilter, DomainError> {
    if caller.permissions.contains(&Permission::ChannelsManage) {
        return Ok(ChannelFilter::default());
    }
    match caller.user_id() {
        Some(user_id) => Ok(ChannelFilter { linked_user: Some(user_id) }),
        None => Err(DomainError::Forbidden("This token needs the permission `channels.manage`.".into())),
    }
}

/// A channel of the company visible to the caller; not found otherwise.
async fn visible(app: &App, caller: &Caller, id: Uuid) -> AppResult<Channel> {
    let channel = managed(app, caller, id).await?;
    if let Some(user_id) = visibility_filter(caller)?.linked_user {
        let linked = app.store.user_channel_ids(caller.company_id, user_id).await?;
        if !linked.contains(&id) {
            return Err(AppError::not_found());
        }
    }
    Ok(channel)
}

/// A channel of the company, for those who manage channels (the access table admits only them).
async fn managed(app: &App, caller: &Caller, id: Uuid) -> AppResult<Channel> {
    app.store.get_channel(caller.company_id, id).await?.ok_or_else(AppError::not_found)
}

#[cfg(test)]
mod tests {
    use blocopro_domain::user::Visibility;

    use super::*;
    use crate::testing::{api_token, attendant, session_of};

    #[test]
    fn managers_see_every_channel_and_attendants_their_own() {
        let manager = api_token(&[Permission::ChannelsManage]);
        assert_eq!(visibility_filter(&manager).unwrap().linked_user, None);
        let attendant = session_of(attendant(Visibility::Own), &[]);
        assert_eq!(visibility_filter(&attendant).unwrap().linked_user, attendant.user_id());
        let token = api_token(&[]);
        assert!(matches!(visibility_filter(&token), Err(DomainError::Forbidden(_))));
    }
}
