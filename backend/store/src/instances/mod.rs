//! Several instances on one database: heartbeats, sockets and channel session leases.

#[cfg(feature = "conformance")]
pub mod conformance;
mod sql;

use async_trait::async_trait;
use blocopro_domain::Timestamp;
use blocopro_domain::channel::{Channel, ChannelKind};
use uuid::Uuid;

use crate::StoreResult;

/// Several instances on one database: heartbeats, the realtime sockets each holds (presence), and
/// which instance holds each channel's live session (a lease it renews; another takes over once it
/// expires).
#[async_trait]
pub trait InstanceStore: Send + Sync {
    /// Records that the instance is alive at `at`.
    async fn instance_heartbeat(&self, instance_id: Uuid, at: Timestamp) -> StoreResult<()>;
    /// Forgets instances silent since before `dead_before`, with their sockets and leases. Answers
    /// the users (company id, user id) left without a socket on any instance while shown online
    /// or away: they are offline now.
    async fn reap_instances(&self, dead_before: Timestamp) -> StoreResult<Vec<(Uuid, Uuid)>>;
    /// Forgets a stopping instance like a dead one (see `reap_instances`); `alive_since` tells
    /// which other instances still count.
    async fn remove_instance(&self, instance_id: Uuid, alive_since: Timestamp) -> StoreResult<Vec<(Uuid, Uuid)>>;
    /// True where one instance at a time owns the database (SQLite): whatever other instances
    /// left behind is from a run that ended.
    fn owned_by_one_instance(&self) -> bool;
    /// Counts one more socket of the user on the instance. A user shown offline (or never seen)
    /// becomes online at `at`; answers whether the presence changed. Atomic with `socket_closed`
    /// of any instance: a user with an open socket anywhere is never left offline.
    async fn socket_opened(
        &self,
        instance_id: Uuid,
        company_id: Uuid,
        user_id: Uuid,
        at: Timestamp,
    ) -> StoreResult<bool>;
    /// Counts one socket less. When no instance heartbeating since `alive_since` holds one, the
    /// user becomes offline at `at`; answers whether the presence changed.
    async fn socket_closed(
        &self,
        instance_id: Uuid,
        company_id: Uuid,
        user_id: Uuid,
        at: Timestamp,
        alive_since: Timestamp,
    ) -> StoreResult<bool>;
    /// Takes (or extends) the channel's session lease until `expires_at`, unless another instance
    /// holds one unexpired at `now`; answers whether the instance holds it. Taking over an expired
    /// lease clears its stop request.
    async fn acquire_session_lease(
        &self,
        channel_id: Uuid,
        instance_id: Uuid,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> StoreResult<bool>;
    /// Extends every lease the instance holds to `expires_at` and answers them.
    async fn renew_session_leases(&self, instance_id: Uuid, expires_at: Timestamp) -> StoreResult<Vec<SessionLease>>;
    async fn release_session_lease(&self, channel_id: Uuid, instance_id: Uuid) -> StoreResult<()>;
    /// Asks the instance holding the channel's unexpired lease to stop the session; answers that
    /// instance, if there is one.
    async fn request_session_stop(
        &self,
        channel_id: Uuid,
        stop: SessionStop,
        now: Timestamp,
    ) -> StoreResult<Option<Uuid>>;
    /// Connected channels of `kinds` whose session no instance holds at `now`: their holder died.
    async fn orphaned_sessions(&self, kinds: &[ChannelKind], now: Timestamp) -> StoreResult<Vec<Channel>>;
}

/// What the holder of a session lease is asked to do with the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionStop {
    /// Close the session; the device stays linked.
    Disconnect,
    /// Close the session and unlink the device from the phone.
    Logout,
}

impl SessionStop {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionStop::Disconnect => "disconnect",
            SessionStop::Logout => "logout",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "disconnect" => Some(SessionStop::Disconnect),
            "logout" => Some(SessionStop::Logout),
            _ => None,
        }
    }
}

/// A channel session an instance holds, with what it was asked to do with it, if anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionLease {
    pub channel_id: Uuid,
    pub stop: Option<SessionStop>,
}
