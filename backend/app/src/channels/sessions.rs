//! Where a channel's live session runs. A linked device (WhatsApp Web, the simulator) keeps one
//! session, which one instance holds through a lease in the database: it renews the lease with its
//! heartbeat, closes the session when another instance asks it to, and when it dies another
//! instance takes the session over. Cloud API channels are plain HTTP, open on every instance.

use std::sync::Arc;

use blocopro_connectors::ConnectorError;
use blocopro_domain::Timestamp;
use blocopro_domain::channel::{Channel, ChannelKind, ChannelStatus};
use blocopro_store::SessionStop;
use uuid::Uuid;

use super::dispatcher::record_status;
use crate::instance::DEAD_AFTER;
use crate::{App, AppError, AppResult};

/// Takes (or extends) the channel's session lease; always `true` for channels without a session.
async fn hold(app: &App, channel: &Channel) -> AppResult<bool> {
    if !channel.kind.holds_session() {
        return Ok(true);
    }
    let now = Timestamp::now();
    Ok(app.store.acquire_session_lease(channel.id, app.instance_id, now, now + DEAD_AFTER).await?)
}

async fn let_go(app: &App, channel_id: Uuid) {
    if let Err(error) = app.store.release_session_lease(channel_id, app.instance_id).await {
        tracing::warn!(%channel_id, %error, "a session lease could not be released; it expires by itself");
    }
}

/// Connects with the stored credentials, the lease being held already.
async fn connect_held(app: &App, channel: &Channel, fresh: bool) -> AppResult<()> {
    try_connect_held(app, channel, fresh).await?.map_err(AppError::from)
}

/// `connect_held` answering the connector's own error inside (the outer one is the store's).
async fn try_connect_held(app: &App, channel: &Channel, fresh: bool) -> AppResult<Result<(), ConnectorError>> {
    let credentials = super::stored_credentials(app, channel).await?;
    let connected = app.hub.connect(channel, credentials.as_ref(), fresh).await;
    if connected.is_err() && channel.kind.holds_session() && app.hub.live(channel.id).is_none() {
        let_go(app, channel.id).await;
    }
    Ok(connected)
}

/// Opens the channel's session on this instance; `fresh` drops the paired device and starts
/// pairing over. Refused while another instance holds the session.
pub async fn open(app: &App, channel: &Channel, fresh: bool) -> AppResult<()> {
    if !hold(app, channel).await? {
        return Err(AppError::SessionOnAnotherInstance);
    }
    connect_held(app, channel, fresh).await
}

/// Replaces a session open here with one built from the channel's new settings or credentials.
pub async fn reopen(app: &App, channel: &Channel) -> AppResult<()> {
    if app.hub.live(channel.id).is_none() {
        return Ok(());
    }
    app.hub.evict(channel.id);
    connect_held(app, channel, false).await
}

/// Closes the channel's session wherever it runs; `logout` also unlinks the device. A session of
/// another instance is closed by that instance at its next heartbeat.
pub async fn close(app: &App, channel: &Channel, logout: bool) -> AppResult<()> {
    if channel.kind.holds_session() && app.hub.live(channel.id).is_none() {
        let stop = if logout { SessionStop::Logout } else { SessionStop::Disconnect };
        let holder = app.store.request_session_stop(channel.id, stop, Timestamp::now()).await?;
        if holder.is_some_and(|holder| holder != app.instance_id) {
            return Ok(());
        }
    }
    let closed = app.hub.disconnect(channel, logout).await;
    if channel.kind.holds_session() {
        let_go(app, channel.id).await;
    }
    closed.map_err(AppError::from)
}

/// WhatsApp ended the session for good (the device was unlinked): the next connect starts anew.
pub async fn ended(app: &App, channel_id: Uuid) {
    app.hub.evict(channel_id);
    let_go(app, channel_id).await;
}

/// Reopens the sessions that were live when the server stopped, unless another instance runs
/// them. A channel that was pairing goes back to `disconnected`: nobody is looking at its QR Code
/// any more. A connected Cloud API channel whose Graph API cannot be reached right now stays
/// connected and is reopened as soon as it can be.
pub async fn restore(app: &Arc<App>) -> AppResult<()> {
    for channel in app.store.live_channels().await? {
        if restore_one(app, &channel).await? == Restored::Later {
            super::reconnect::keep_trying(app.clone(), channel.id);
        }
    }
    Ok(())
}

#[derive(Debug, PartialEq, Eq)]
enum Restored {
    /// Reopened, left to another instance, or back to `disconnected`.
    Settled,
    /// WhatsApp could not be reached; the channel stays connected and is tried again.
    Later,
}

async fn restore_one(app: &App, channel: &Channel) -> AppResult<Restored> {
    if !hold(app, channel).await? {
        return Ok(Restored::Settled);
    }
    if channel.status == ChannelStatus::Connected {
        let error = match try_connect_held(app, channel, false).await {
            Ok(Ok(())) => return Ok(Restored::Settled),
            // A session lease is let go on failure: only a channel without one waits here.
            Ok(Err(error)) if error.is_passing() && !channel.kind.holds_session() => {
                tracing::warn!(channel_id = %channel.id, %error, "session not restored yet; trying again");
                return Ok(Restored::Later);
            }
            Ok(Err(error)) => AppError::from(error),
            Err(error) => error,
        };
        tracing::warn!(channel_id = %channel.id, %error, "session not restored");
    }
    let_go(app, channel.id).await;
    record_status(app, channel, ChannelStatus::Disconnected, None).await?;
    Ok(Restored::Settled)
}

/// Renews this instance's leases, closes the sessions it was asked to stop, and lets go of those
/// it lost (another instance took them over while this one could not renew).
pub async fn keep_leases(app: &App) -> AppResult<()> {
    let held = app.store.renew_session_leases(app.instance_id, Timestamp::now() + DEAD_AFTER).await?;
    for lease in &held {
        if let Some(stop) = lease.stop {
            stop_here(app, lease.channel_id, stop == SessionStop::Logout).await;
        }
    }
    for channel_id in app.hub.live_sessions() {
        if !held.iter().any(|lease| lease.channel_id == channel_id) {
            tracing::warn!(%channel_id, "another instance took this session over");
            if let Err(error) = app.hub.close_live(channel_id, false).await {
                tracing::warn!(%channel_id, %error, "closing a session taken over failed");
            }
        }
    }
    Ok(())
}

async fn stop_here(app: &App, channel_id: Uuid, logout: bool) {
    if let Err(error) = app.hub.close_live(channel_id, logout).await {
        tracing::warn!(%channel_id, %error, "closing a session on request failed");
    }
    let_go(app, channel_id).await;
}

/// Reopens here the connected sessions whose instance died.
pub async fn take_over_orphans(app: &App) -> AppResult<()> {
    let kinds: Vec<ChannelKind> = ChannelKind::ALL.iter().copied().filter(|kind| kind.holds_session()).collect();
    for channel in app.store.orphaned_sessions(&kinds, Timestamp::now()).await? {
        tracing::info!(channel_id = %channel.id, "taking over a session whose instance stopped");
        restore_one(app, &channel).await?;
    }
    Ok(())
}
