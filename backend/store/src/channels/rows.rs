//! The rows of channels as both backends select them, and their conversion.

use blocopro_domain::channel::{Channel, ChannelKind, ChannelStatus, CloudSettings};
use uuid::Uuid;

use crate::rows::parse_text;
use crate::time::DbTime;
use crate::{StoreError, StoreResult};

#[derive(sqlx::FromRow)]
pub struct ChannelRow {
    pub id: Uuid,
    pub company_id: Uuid,
    pub name: String,
    pub kind: String,
    pub status: String,
    pub phone_number: Option<String>,
    pub cloud_phone_number_id: Option<String>,
    pub cloud_waba_id: Option<String>,
    pub cloud_api_version: Option<String>,
    pub status_changed_at: DbTime,
    pub created_at: DbTime,
    pub updated_at: DbTime,
}

impl TryFrom<ChannelRow> for Channel {
    type Error = StoreError;

    fn try_from(row: ChannelRow) -> StoreResult<Self> {
        let cloud = match (row.cloud_phone_number_id, row.cloud_api_version) {
            (Some(phone_number_id), Some(api_version)) => {
                Some(CloudSettings { phone_number_id, waba_id: row.cloud_waba_id, api_version })
            }
            _ => None,
        };
        Ok(Channel {
            id: row.id,
            company_id: row.company_id,
            name: row.name,
            kind: parse_text(&row.kind, ChannelKind::parse, "channel kind")?,
            status: parse_text(&row.status, ChannelStatus::parse, "channel status")?,
            phone_number: row.phone_number,
            cloud,
            status_changed_at: row.status_changed_at.0,
            created_at: row.created_at.0,
            updated_at: row.updated_at.0,
        })
    }
}
