//! What every handler can reach: the store, the token keys, the live connectors and the event bus.

use blocopro_connectors::ConnectorHub;
use blocopro_store::DynStore;

use crate::auth::tokens::JwtKeys;
use crate::channels::cloud_cache::CloudChannelCache;
use crate::channels::credentials::CredentialSealer;
use crate::channels::inbound_writer::InboundWriter;
use crate::events::EventBus;
use crate::rate_limit::AuthRateLimiter;

pub struct AppState {
    pub store: DynStore,
    pub jwt: JwtKeys,
    /// Seals channel credentials before they are stored.
    pub sealer: CredentialSealer,
    pub hub: ConnectorHub,
    pub events: EventBus,
    /// This server among the instances sharing the database (see `instance`).
    pub instance_id: uuid::Uuid,
    /// Set when the server stops: background loops end.
    pub stopping: std::sync::atomic::AtomicBool,
    /// Stores received messages in group commits.
    pub inbound: InboundWriter,
    /// Cloud API channels and their opened secrets, for webhooks.
    pub cloud_channels: CloudChannelCache,
    /// Wakes the sending worker when a message is queued.
    pub outbox_wake: tokio::sync::Notify,
    /// Wakes the webhook sender when deliveries are queued.
    pub webhook_wake: tokio::sync::Notify,
    /// Login and refresh requests per client address.
    pub auth_rate_limiter: AuthRateLimiter,
}
