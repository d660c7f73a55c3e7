//! Reopening a Cloud API channel's session that could not be reopened at start-up because the
//! Graph API was unreachable for a moment (down or rate-limiting). The channel stays `connected` meanwhile:
//! webhooks keep arriving and replies keep queueing in the outbox. This keeps trying, with a
//! growing delay, until the session opens, WhatsApp refuses it for good, or someone changes the
//! channel.

use std::sync::Arc;
use std::time::Duration;

use blocopro_domain::channel::ChannelStatus;
use uuid::Uuid;

use super::dispatcher::record_status;
use crate::{App, AppResult};

const FIRST_DELAY: Duration = Duration::from_secs(1);
const MAX_DELAY: Duration = Duration::from_secs(60);

/// Tries to reopen the channel's session in the background until it is settled.
pub fn keep_trying(app: Arc<App>, channel_id: Uuid) {
    tokio::spawn(async move {
        let mut delay = FIRST_DELAY;
        loop {
            tokio::time::sleep(delay).await;
            match try_once(&app, channel_id).await {
                Ok(Settled::Yes) => return,
                Ok(Settled::No) => {}
                Err(error) => tracing::warn!(%channel_id, %error, "reopening a session failed; trying again"),
            }
            delay = (delay * 2).min(MAX_DELAY);
        }
    });
}

enum Settled {
    Yes,
    No,
}

async fn try_once(app: &App, channel_id: Uuid) -> AppResult<Settled> {
    let Some(channel) = app.store.find_channel(channel_id).await? else { return Ok(Settled::Yes) };
    // Disconnected, removed or reconnected by someone meanwhile: nothing left to do here.
    if channel.status != ChannelStatus::Connected || app.hub.live(channel_id).is_some() {
        return Ok(Settled::Yes);
    }
    // Only channels without a session lease (Cloud API) wait here, so no lease is taken.
    let credentials = super::stored_credentials(app, &channel).await?;
    match app.hub.connect(&channel, credentials.as_ref(), false).await {
        Ok(()) => {
            tracing::info!(%channel_id, "session restored");
            Ok(Settled::Yes)
        }
        Err(error) if error.is_passing() => Ok(Settled::No),
        Err(error) => {
            tracing::warn!(%channel_id, %error, "session not restored");
            record_status(app, &channel, ChannelStatus::Disconnected, None).await?;
            Ok(Settled::Yes)
        }
    }
}
