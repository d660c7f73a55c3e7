//! Uploads: files a user put in BlocoPro to send (`POST /media`), media rows with no channel,
//! stored at once. A message sending one points to it; one never sent is swept after a while.

#[cfg(feature = "conformance")]
pub mod conformance;
mod sql;

use async_trait::async_trait;
use blocopro_domain::Timestamp;
use blocopro_domain::message::{Media, MessageKind};
use uuid::Uuid;

use crate::StoreResult;

/// A file a user uploaded, and the kind of message it is sent as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    pub kind: MessageKind,
    pub media: Media,
}

/// An object no media row points to any more, once its last upload was swept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnusedObject {
    pub company_id: Uuid,
    pub sha256: String,
}

/// What a sweep deleted: how many uploads, and the objects no media row points to any more.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SweptUploads {
    pub uploads: u64,
    pub unused_objects: Vec<UnusedObject>,
}

#[async_trait]
pub trait UploadStore: Send + Sync {
    /// Records an upload of the company (a `stored` file whose bytes are in the media store).
    async fn insert_upload(&self, company_id: Uuid, upload: &Upload, at: Timestamp) -> StoreResult<()>;
    /// The company's upload `media_id` (stored, of no channel); `None` for another company's file,
    /// a received file or no file.
    async fn find_upload(&self, company_id: Uuid, media_id: Uuid) -> StoreResult<Option<Upload>>;
    /// Deletes up to `limit` uploads made before `before` that no message carries, telling the
    /// objects that no media row of their company points to any more (to delete from the media store).
    async fn sweep_unsent_uploads(&self, before: Timestamp, limit: u32) -> StoreResult<SweptUploads>;
}
