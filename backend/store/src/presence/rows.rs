//! The rows of presence as both backends select them, and their conversion.

use blocopro_domain::presence::{PresencePeriod, PresenceStatus};

use crate::rows::parse_text;
use crate::time::DbTime;
use crate::{StoreError, StoreResult};

#[derive(sqlx::FromRow)]
pub struct PresenceRow {
    pub status: String,
    pub started_at: DbTime,
    pub ended_at: Option<DbTime>,
}

impl TryFrom<PresenceRow> for PresencePeriod {
    type Error = StoreError;

    fn try_from(row: PresenceRow) -> StoreResult<Self> {
        Ok(PresencePeriod {
            status: parse_text(&row.status, PresenceStatus::parse, "presence status")?,
            started_at: row.started_at.0,
            ended_at: row.ended_at.map(|t| t.0),
        })
    }
}
