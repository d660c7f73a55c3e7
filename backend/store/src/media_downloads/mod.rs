//! Received media files waiting for their bytes: the download worker claims the due ones (with a
//! lease, so that two instances, or a process killed mid-download, never lose or double a file),
//! then marks each stored (its content address) or failed (tried again later, or for good).

#[cfg(feature = "conformance")]
pub mod conformance;
mod sql;

use async_trait::async_trait;
use blocopro_domain::Timestamp;
use blocopro_domain::channel::ChannelMessage;
use blocopro_domain::message::{Media, MessageKind};
use uuid::Uuid;

use crate::StoreResult;
use crate::messages::rows::MediaRow;
use crate::rows::parse_text;

/// A received file a worker claimed for downloading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimedDownload {
    pub company_id: Uuid,
    /// The channel whose connector fetches it (by `media.provider_ref`).
    pub channel_id: Uuid,
    /// The kind of the message carrying it (its size limit).
    pub kind: MessageKind,
    pub media: Media,
    /// Tries so far, this one included.
    pub attempts: u32,
}

/// What a download stored: the bytes' content address and size, and the type WhatsApp declared
/// when it is better than the one the message announced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DownloadedFile {
    pub sha256: String,
    pub size_bytes: u64,
    pub mime_type: Option<String>,
}

#[async_trait]
pub trait MediaDownloadStore: Send + Sync {
    /// Claims up to `limit` received files not stored yet whose next try is due at `now`, until
    /// `lease_until`, for the worker of `instance_id`: meanwhile no other worker gets them, and
    /// after it (the worker died) they are due again. Files of a channel whose session another
    /// live instance holds are left to that instance.
    async fn claim_media_downloads(
        &self,
        instance_id: Uuid,
        now: Timestamp,
        lease_until: Timestamp,
        limit: u32,
    ) -> StoreResult<Vec<ClaimedDownload>>;
    /// A stopping worker hands back the claimed files `ids` it did not start: those not stored are
    /// due at `now` again (another instance fetches them at once), the claim's try not counted.
    async fn release_media_downloads(&self, ids: &[Uuid], now: Timestamp) -> StoreResult<()>;
    /// The file's bytes are in the media store. Answers the messages carrying it, as reads show
    /// them, when its state changed (nothing for a file stored already).
    async fn mark_media_stored(
        &self,
        media_id: Uuid,
        file: &DownloadedFile,
        at: Timestamp,
    ) -> StoreResult<Vec<ChannelMessage>>;
    /// A try failed with `error`: the file is `failed`, tried again at `retry_at`, or never again
    /// (`None`). Answers the messages carrying it when its state changed (a first failure).
    async fn mark_media_failed(
        &self,
        media_id: Uuid,
        error: &str,
        retry_at: Option<Timestamp>,
        at: Timestamp,
    ) -> StoreResult<Vec<ChannelMessage>>;
}

/// A claimed file as both backends select it: its media row, company, channel, tries and the kind
/// of the first message carrying it.
#[doc(hidden)]
#[derive(sqlx::FromRow)]
pub struct ClaimedRow {
    pub company_id: Uuid,
    pub channel_id: Uuid,
    pub attempts: i32,
    pub kind: Option<String>,
    #[sqlx(flatten)]
    pub media: MediaRow,
}

impl ClaimedRow {
    /// `None` for a file no message carries (nothing would show it).
    pub fn into_claimed(self) -> StoreResult<Option<ClaimedDownload>> {
        let Some(kind) = self.kind else { return Ok(None) };
        let kind = parse_text(&kind, MessageKind::parse, "message kind")?;
        Ok(self.media.into_media()?.map(|media| ClaimedDownload {
            company_id: self.company_id,
            channel_id: self.channel_id,
            kind,
            media,
            attempts: u32::try_from(self.attempts).unwrap_or(0),
        }))
    }
}
