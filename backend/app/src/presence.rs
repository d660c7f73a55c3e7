//! Presence: online / away / offline, kept as append-only periods. A user is online while one of
//! their realtime sockets is open on a live instance (unless they chose away); a session that
//! lapsed without a logout goes offline at the next sweep.

use blocopro_domain::Timestamp;
use blocopro_domain::event::EventKind;
use blocopro_domain::presence::PresenceStatus;
use jiff::SignedDuration;
use serde::Serialize;
use uuid::Uuid;

use crate::{App, AppResult};

/// What `presence.changed` tells the company.
#[derive(Serialize)]
struct PresenceChanged {
    user_id: Uuid,
    status: PresenceStatus,
    at: Timestamp,
}

/// Records a user's presence and tells the company when it changed.
pub async fn change(
    app: &App,
    company_id: Uuid,
    user_id: Uuid,
    status: PresenceStatus,
    at: Timestamp,
) -> AppResult<()> {
    if app.store.set_presence(company_id, user_id, status, at).await? {
        announce(app, company_id, user_id, status, at).await;
    }
    Ok(())
}

/// Tells the company a user's presence changed; conversations waiting for someone may now be theirs.
async fn announce(app: &App, company_id: Uuid, user_id: Uuid, status: PresenceStatus, at: Timestamp) {
    app.events.publish(company_id, EventKind::PresenceChanged, PresenceChanged { user_id, status, at });
    if status == PresenceStatus::Online {
        crate::conversations::queue::assign_waiting_logged(app, company_id).await;
    }
}

/// A realtime socket of the user opened here: the first one, on any instance, makes them online
/// (unless they chose away).
pub async fn socket_opened(app: &App, company_id: Uuid, user_id: Uuid) {
    let now = Timestamp::now();
    match app.store.socket_opened(app.instance_id, company_id, user_id, now).await {
        Ok(true) => announce(app, company_id, user_id, PresenceStatus::Online, now).await,
        Ok(false) => {}
        Err(error) => tracing::warn!(%error, %user_id, "an opened socket could not be counted"),
    }
}

/// A realtime socket of the user closed here: when none is left on any live instance, they are offline.
pub async fn socket_closed(app: &App, company_id: Uuid, user_id: Uuid) {
    let now = Timestamp::now();
    let alive_since = crate::instance::alive_since(now);
    match app.store.socket_closed(app.instance_id, company_id, user_id, now, alive_since).await {
        Ok(true) => announce(app, company_id, user_id, PresenceStatus::Offline, now).await,
        Ok(false) => {}
        Err(error) => tracing::warn!(%error, %user_id, "a closed socket could not be counted"),
    }
}

/// `change`, for callers with nobody to answer: a failure is logged.
pub async fn record(app: &App, company_id: Uuid, user_id: Uuid, status: PresenceStatus) {
    if let Err(error) = change(app, company_id, user_id, status, Timestamp::now()).await {
        tracing::warn!(%error, %user_id, "presence could not be recorded");
    }
}

/// Closes presence of users whose session lapsed without a logout (token expiry, closed tab).
pub async fn sweep_stale_presence(app: &App, now: Timestamp) -> AppResult<usize> {
    let cutoff = now - SignedDuration::from_secs(crate::secrets::ACCESS_TOKEN_SECONDS + 60);
    let stale = app.store.stale_present_users(cutoff).await?;
    for (company_id, user_id) in &stale {
        change(app, *company_id, *user_id, PresenceStatus::Offline, now).await?;
    }
    Ok(stale.len())
}
