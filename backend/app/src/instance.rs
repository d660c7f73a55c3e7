//! This server among the instances sharing the database. Every few seconds it heartbeats, renews
//! the leases of the WhatsApp sessions it holds (closing those it was asked to stop or lost),
//! clears what dead instances held, and takes over their sessions. Presence counts the realtime
//! sockets of every live instance.

use std::sync::Arc;
use std::time::Duration;

use blocopro_domain::Timestamp;
use blocopro_domain::presence::PresenceStatus;
use jiff::SignedDuration;
use uuid::Uuid;

use crate::channels::sessions;
use crate::presence;
use crate::{App, AppResult};

/// How often an instance says it is alive and renews its leases.
pub const HEARTBEAT_EVERY: Duration = Duration::from_secs(5);
/// An instance silent this long is dead: its sockets no longer count and its sessions are free.
pub const DEAD_AFTER: SignedDuration = SignedDuration::from_secs(30);

/// Tries to sign off at shutdown.
const SIGN_OFF_ATTEMPTS: u32 = 5;

/// Who this server is among the instances; a new identity at every start.
pub fn new_id() -> Uuid {
    Uuid::now_v7()
}

/// Heartbeats before anything else runs, so this instance's sockets count from the start. Where
/// one instance owns the database, what earlier runs held is cleared at once.
pub async fn start(app: Arc<App>) -> AppResult<()> {
    let now = Timestamp::now();
    if app.store.owned_by_one_instance() {
        set_offline(&app, app.store.reap_instances(now).await?).await;
    }
    app.store.instance_heartbeat(app.instance_id, now).await?;
    app.spawn_worker(|app| async move {
        let mut ticker = tokio::time::interval(HEARTBEAT_EVERY);
        ticker.tick().await;
        while app.stopping.run_until_cancelled(ticker.tick()).await.is_some() {
            if let Err(error) = tick(&app).await {
                tracing::warn!(%error, "instance heartbeat failed");
            }
        }
    });
    Ok(())
}

/// A stopping server hands back what it holds: its sessions are free for another instance (or the
/// next start) at once, keeping their status so that it resumes them; users whose last socket was
/// here go offline.
pub async fn leave(app: &App) {
    for channel_id in app.hub.live_sessions() {
        // Dropped, not disconnected: the connection ends with the process.
        app.hub.evict(channel_id);
    }
    // Pooled connections opened on the stopped workers' threads are gone with them: the pool drops
    // such a connection when it fails, and the next try opens a new one.
    let mut attempts = 0;
    loop {
        attempts += 1;
        match app.store.remove_instance(app.instance_id, alive_since(Timestamp::now())).await {
            Ok(offline) => return set_offline(app, offline).await,
            Err(error) if attempts < SIGN_OFF_ATTEMPTS => tracing::debug!(%error, "signing off failed; trying again"),
            Err(error) => {
                return tracing::warn!(%error, "this instance could not sign off; it is reaped once silent");
            }
        }
    }
}

async fn set_offline(app: &App, users: Vec<(Uuid, Uuid)>) {
    for (company_id, user_id) in users {
        presence::record(app, company_id, user_id, PresenceStatus::Offline).await;
    }
}

async fn tick(app: &App) -> AppResult<()> {
    let now = Timestamp::now();
    app.store.instance_heartbeat(app.instance_id, now).await?;
    sessions::keep_leases(app).await?;
    set_offline(app, app.store.reap_instances(alive_since(now)).await?).await;
    sessions::take_over_orphans(app).await
}

/// Instances heartbeating since this time are alive.
pub fn alive_since(now: Timestamp) -> Timestamp {
    now - DEAD_AFTER
}
