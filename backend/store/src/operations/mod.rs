//! What an operator watches across every company: the outbox, the outgoing webhook deliveries, the
//! channels' connections and the database pool (for `GET /metrics`).

#[cfg(feature = "conformance")]
pub mod conformance;
mod sql;

use async_trait::async_trait;
use blocopro_domain::Timestamp;

use crate::StoreResult;

/// How many rows are in one state, and since when the oldest waits (where that matters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateCount {
    pub state: String,
    pub count: i64,
    pub oldest_at: Option<Timestamp>,
}

/// The whole installation's queues and connections at one moment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OperationalCounts {
    /// Outbound messages not sent yet: `queued` (never tried) and `retrying`, with the oldest's creation.
    pub outbox: Vec<StateCount>,
    /// Outgoing webhook deliveries by status (`queued`, `delivered`, `failed`), the oldest queued.
    pub webhook_deliveries: Vec<StateCount>,
    /// Channels by connection status.
    pub channels: Vec<StateCount>,
}

/// The database connection pool's use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolUsage {
    pub open: u32,
    pub idle: u32,
    pub max: u32,
}

#[async_trait]
pub trait OperationsStore: Send + Sync {
    /// Counts what waits in the queues and how the channels are connected, over every company.
    async fn operational_counts(&self) -> StoreResult<OperationalCounts>;
    fn pool_usage(&self) -> PoolUsage;
}
