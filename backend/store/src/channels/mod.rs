//! WhatsApp numbers (channels), their status and QR Code, and the users linked to them.

#[cfg(feature = "conformance")]
pub mod conformance;
pub mod rows;
mod sql;

use async_trait::async_trait;
use blocopro_domain::Timestamp;
use blocopro_domain::audit::NewAuditEntry;
use blocopro_domain::channel::{Channel, ChannelStatus};
use uuid::Uuid;

use crate::{Page, PageRequest, StoreResult, UniqueIndex};

/// The unique indexes of the area (migrations) and the field each protects.
pub(crate) const UNIQUE_INDEXES: &[UniqueIndex] = &[
    UniqueIndex { name: "channels_company_id_name_key", columns: "channels.company_id, channels.name", field: "name" },
    UniqueIndex {
        name: "channels_cloud_phone_number_id_key",
        columns: "channels.cloud_phone_number_id",
        field: "phone_number_id",
    },
];

#[derive(Debug, Clone, Default)]
pub struct ChannelFilter {
    /// Only channels linked to this user.
    pub linked_user: Option<Uuid>,
}

#[async_trait]
pub trait ChannelStore: Send + Sync {
    /// `credentials` are already sealed by the caller; the store never sees them in the clear.
    async fn create_channel(
        &self,
        channel: &Channel,
        credentials: Option<&[u8]>,
        audit: &NewAuditEntry,
    ) -> StoreResult<()>;
    async fn get_channel(&self, company_id: Uuid, id: Uuid) -> StoreResult<Option<Channel>>;
    /// A channel of any company: for webhooks and connector events, which carry only the channel id.
    async fn find_channel(&self, id: Uuid) -> StoreResult<Option<Channel>>;
    async fn find_channel_credentials(&self, id: Uuid) -> StoreResult<Option<Vec<u8>>>;
    async fn list_channels(
        &self,
        company_id: Uuid,
        filter: &ChannelFilter,
        page: PageRequest,
    ) -> StoreResult<Page<Channel>>;
    /// Writes name and settings; `credentials: None` keeps the stored ones.
    async fn update_channel(
        &self,
        channel: &Channel,
        credentials: Option<&[u8]>,
        audit: &NewAuditEntry,
    ) -> StoreResult<()>;
    /// Removes the channel from the company (its messages are kept) and unlinks its users.
    async fn delete_channel(&self, company_id: Uuid, id: Uuid, audit: &NewAuditEntry) -> StoreResult<()>;
    /// Records a status reported by a connector; leaving `pairing` clears the QR Code. `phone_number: None`
    /// keeps the known number. Returns the channel as stored, `None` when it was deleted meanwhile.
    async fn set_channel_status(
        &self,
        id: Uuid,
        status: ChannelStatus,
        phone_number: Option<&str>,
        at: Timestamp,
    ) -> StoreResult<Option<Channel>>;
    /// Puts the channel in `pairing` with its first QR Code, in one write. Returns the channel as
    /// stored, `None` when it was deleted meanwhile.
    async fn start_pairing(
        &self,
        id: Uuid,
        code: &str,
        expires_at: Timestamp,
        at: Timestamp,
    ) -> StoreResult<Option<Channel>>;
    /// Stores the QR Code of a pairing channel; `false` when the channel is not pairing (a late code).
    async fn set_channel_qr(&self, id: Uuid, code: &str, expires_at: Timestamp) -> StoreResult<bool>;
    async fn channel_qr(&self, company_id: Uuid, id: Uuid) -> StoreResult<Option<ChannelQr>>;
    /// Channels whose sessions were live when the server stopped (connected or pairing), of every company.
    async fn live_channels(&self) -> StoreResult<Vec<Channel>>;
    /// Replaces the channels a user works on; unknown ids fail with `UnknownReferences`.
    async fn set_user_channels(
        &self,
        company_id: Uuid,
        user_id: Uuid,
        channel_ids: &[Uuid],
        audit: &NewAuditEntry,
    ) -> StoreResult<()>;
    async fn user_channel_ids(&self, company_id: Uuid, user_id: Uuid) -> StoreResult<Vec<Uuid>>;
}

/// The QR Code a pairing channel shows, until it rotates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelQr {
    pub code: String,
    pub expires_at: Timestamp,
}
