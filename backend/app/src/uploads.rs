//! Uploading a file to send (`POST /media`): checked against WhatsApp's limits and types, its
//! bytes sniffed and streamed into the media store (never whole in memory), then recorded as an
//! upload of the company. Uploads never sent are swept after a day.

use std::sync::Arc;
use std::time::Duration;

use blocopro_domain::Timestamp;
use blocopro_domain::media::{TypeRefusal, check_upload_type, kind_of_type, sanitised_file_name};
use blocopro_domain::message::{Media, MediaState, MessageKind};
use blocopro_media::{BoxError, ByteStream, MediaError};
use blocopro_store::Upload;
use bytes::{Bytes, BytesMut};
use futures_util::{StreamExt, stream};

use crate::caller::Caller;
use crate::{App, AppError};

/// How many first bytes the type is sniffed from.
const SNIFFED_BYTES: usize = 8 * 1024;
/// Uploads not sent within this time are swept.
pub const UNSENT_UPLOAD_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);
/// How often the sweep runs, and how many uploads it deletes per round.
const SWEEP_INTERVAL: Duration = Duration::from_secs(60 * 60);
const SWEEP_BATCH: u32 = 500;

/// A file as the caller sends it.
pub struct NewUpload<'a> {
    /// The kind to send it as; by default its type's family (`kind_of_type`).
    pub kind: Option<MessageKind>,
    /// The type the caller declares (the part's `Content-Type`).
    pub mime_type: String,
    pub file_name: Option<String>,
    pub content: ByteStream<'a>,
}

/// What uploading can fail with besides the use cases' errors.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error(transparent)]
    App(#[from] AppError),
    /// The kind carries no file.
    #[error("a {} message carries no file", .0.as_str())]
    NotAMediaKind(MessageKind),
    /// Larger than WhatsApp takes for the kind.
    #[error("the file is larger than the {limit} bytes WhatsApp takes for a {}", kind.as_str())]
    TooLarge { kind: MessageKind, limit: u64 },
    #[error("{0:?}")]
    Type(TypeRefusal),
    /// The file is empty, or its bytes could not be read (a truncated body).
    #[error("the file could not be read: {0}")]
    Unreadable(String),
}

/// The largest upload of `kind` (every kind's largest when none is named), for refusing a body
/// by its declared length before reading it.
pub fn largest_upload(kind: Option<MessageKind>) -> u64 {
    kind.and_then(MessageKind::file_limit_bytes).unwrap_or(blocopro_domain::media::LARGEST_UPLOAD)
}

/// Stores the caller's file and records it as an upload; answers it with the kind it is sent as.
pub async fn upload(app: &App, caller: &Caller, new: NewUpload<'_>) -> Result<Upload, UploadError> {
    let kind = new.kind.unwrap_or_else(|| kind_of_type(&new.mime_type));
    let limit = kind.file_limit_bytes().ok_or(UploadError::NotAMediaKind(kind))?;
    let (prefix, rest) = first_bytes(new.content).await.map_err(|error| UploadError::Unreadable(error.to_string()))?;
    if prefix.is_empty() {
        return Err(UploadError::Unreadable("it is empty".into()));
    }
    let sniffed = infer::get(&prefix).map(|sniffed| sniffed.mime_type());
    let mime_type = check_upload_type(kind, &new.mime_type, sniffed).map_err(UploadError::Type)?;
    let content = stream::once(async move { Ok::<_, BoxError>(prefix) }).chain(rest).boxed();
    let stored = match app.media.put(caller.company_id, content, limit).await {
        Ok(stored) => stored,
        Err(MediaError::TooLarge { limit }) => return Err(UploadError::TooLarge { kind, limit }),
        Err(MediaError::Source(error)) => return Err(UploadError::Unreadable(error.to_string())),
        Err(error) => return Err(AppError::internal(format!("an upload could not be stored: {error}")).into()),
    };
    let file_name = new.file_name.as_deref().map(sanitised_file_name).filter(|name| !name.is_empty());
    let media = Media {
        state: MediaState::Stored,
        size_bytes: Some(stored.size),
        sha256: Some(stored.sha256.to_string()),
        file_name,
        ..Media::pending(mime_type, None)
    };
    let upload = Upload { kind, media };
    app.store.insert_upload(caller.company_id, &upload, Timestamp::now()).await.map_err(AppError::from)?;
    Ok(upload)
}

/// The first `SNIFFED_BYTES` of `content` (fewer when it is shorter), and the rest of it.
async fn first_bytes(mut content: ByteStream<'_>) -> Result<(Bytes, ByteStream<'_>), BoxError> {
    let mut prefix = BytesMut::new();
    while prefix.len() < SNIFFED_BYTES {
        match content.next().await {
            Some(chunk) => prefix.extend_from_slice(&chunk?),
            None => break,
        }
    }
    Ok((prefix.freeze(), content))
}

/// Every hour, deletes the uploads not sent within a day, and their objects nothing else uses.
pub fn spawn_sweep(app: Arc<App>) {
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(SWEEP_INTERVAL);
        loop {
            ticker.tick().await;
            if let Err(error) = sweep_unsent(&app, Timestamp::now()).await {
                tracing::warn!(%error, "sweeping unsent uploads failed");
            }
        }
    });
}

/// Deletes the uploads made a day before `now` that no message carries, with their objects;
/// answers how many objects it deleted.
pub async fn sweep_unsent(app: &App, now: Timestamp) -> Result<usize, AppError> {
    let before = now - UNSENT_UPLOAD_LIFETIME;
    let mut deleted = 0;
    loop {
        let swept = app.store.sweep_unsent_uploads(before, SWEEP_BATCH).await?;
        if swept.uploads == 0 {
            return Ok(deleted);
        }
        for object in swept.unused_objects {
            let Ok(digest) = object.sha256.parse() else { continue };
            match app.media.delete(object.company_id, &digest).await {
                Ok(()) => deleted += 1,
                Err(error) => {
                    tracing::warn!(%error, company_id = %object.company_id, "an unsent upload's object stays")
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use blocopro_media::byte_stream;

    use super::*;
    use crate::testing::started_app;

    fn file(bytes: &'static [u8]) -> ByteStream<'static> {
        byte_stream(stream::iter([Ok::<_, std::io::Error>(Bytes::from_static(bytes))]))
    }

    #[tokio::test]
    async fn an_upload_is_stored_under_its_kind_and_swept_with_its_object_when_never_sent() {
        let dir = std::env::temp_dir().join(format!("blocopro-app-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(&dir).unwrap();
        let (app, caller) = started_app(&dir).await;
        let new = NewUpload {
            kind: Some(MessageKind::VoiceNote),
            mime_type: "audio/ogg; codecs=opus".into(),
            file_name: Some("C:\\gravações\\nota.ogg".into()),
            content: file(b"OggS\x00\x02 a voice note"),
        };
        let stored = upload(&app, &caller, new).await.unwrap();
        assert_eq!(stored.kind, MessageKind::VoiceNote);
        assert_eq!(
            (stored.media.mime_type.as_str(), stored.media.file_name.as_deref()),
            ("audio/ogg", Some("nota.ogg"))
        );
        let digest = stored.media.sha256.as_deref().unwrap().parse().unwrap();

        assert_eq!(sweep_unsent(&app, Timestamp::now()).await.unwrap(), 0, "not a day old");
        assert!(app.store.find_upload(caller.company_id, stored.media.id).await.unwrap().is_some());
        let tomorrow = Timestamp::now() + UNSENT_UPLOAD_LIFETIME + Duration::from_secs(60);
        assert_eq!(sweep_unsent(&app, tomorrow).await.unwrap(), 1);
        assert!(app.store.find_upload(caller.company_id, stored.media.id).await.unwrap().is_none());
        assert_eq!(app.media.head(caller.company_id, &digest).await.unwrap(), None, "its object is gone too");

        let empty = NewUpload { kind: None, mime_type: "application/pdf".into(), file_name: None, content: file(b"") };
        assert!(matches!(upload(&app, &caller, empty).await, Err(UploadError::Unreadable(_))));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
