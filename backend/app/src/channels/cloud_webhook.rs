//! Deliveries of Meta's webhook for a Cloud API channel, once the HTTP layer has checked their
//! signature and read them: the channel they are for, with its secrets, and storing what they carry.

use blocopro_connectors::ConnectorEventKind;
use blocopro_domain::channel::{Channel, ChannelKind};
use uuid::Uuid;

use super::cloud_cache::CloudChannel;
use super::{dispatcher, stored_credentials};
use crate::{App, AppError, AppResult};

/// The Cloud API channel `id` (of whichever company) with its opened secrets; not found for any
/// other channel. Kept a short while (see `cloud_cache`).
pub async fn channel(app: &App, id: Uuid) -> AppResult<CloudChannel> {
    if let Some(cached) = app.cloud_channels.get(id) {
        return Ok(cached);
    }
    let channel = app.store.find_channel(id).await?.filter(|channel| channel.kind == ChannelKind::WhatsappCloud);
    let channel = channel.ok_or_else(AppError::not_found)?;
    let credentials = stored_credentials(app, &channel).await?.ok_or_else(AppError::not_found)?;
    Ok(app.cloud_channels.put(channel, credentials))
}

/// Stores and announces a delivery's events in order; an error leaves the rest for Meta's retry.
pub async fn receive(app: &App, channel: &Channel, events: Vec<ConnectorEventKind>) -> AppResult<()> {
    for kind in events {
        dispatcher::apply_to(app, channel, kind).await?;
    }
    Ok(())
}
