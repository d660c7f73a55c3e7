//! Reading a stored media file: the company's own, of a message in a conversation the caller sees
//! (the rule of reading its messages), once its bytes are in the media store.

use blocopro_domain::Error as DomainError;
use blocopro_domain::message::{Media, MediaState};
use blocopro_media::{ByteRange, MediaContent, MediaError, Sha256Digest};
use uuid::Uuid;

use crate::caller::Caller;
use crate::{App, AppError, AppResult};

/// A media file and the bytes asked for.
#[derive(Debug)]
pub struct MediaDownload {
    pub media: Media,
    pub content: MediaContent,
}

/// What reading a media file can fail with besides the use cases' errors.
#[derive(Debug, thiserror::Error)]
pub enum DownloadError {
    #[error(transparent)]
    App(#[from] AppError),
    /// The range asked for holds no byte of the file's `size` bytes.
    #[error("the range lies outside the file's {size} bytes")]
    RangeNotSatisfiable { size: u64 },
}

/// The media file `id` with its bytes (all of them or `range`), when the caller sees the
/// conversation of the message carrying it; `media_not_ready` while it is being fetched or
/// uploaded, `media_failed` when fetching it failed.
pub async fn download(
    app: &App,
    caller: &Caller,
    id: Uuid,
    range: Option<ByteRange>,
) -> Result<MediaDownload, DownloadError> {
    let media = visible_media(app, caller, id).await?;
    let sha256 = stored_digest(&media)?;
    let content = match app.media.get(caller.company_id, &sha256, range).await {
        Ok(content) => content,
        Err(MediaError::RangeNotSatisfiable { size }) => return Err(DownloadError::RangeNotSatisfiable { size }),
        Err(error) => return Err(AppError::internal(format!("media {id} cannot be read: {error}")).into()),
    };
    Ok(MediaDownload { media, content })
}

/// The company's media file `id`, when the caller sees the conversation of a message carrying it:
/// one statement, under the conversations' own visibility rule.
async fn visible_media(app: &App, caller: &Caller, id: Uuid) -> AppResult<Media> {
    let viewer = crate::conversations::viewer(caller)?;
    app.store.find_visible_media(caller.company_id, &viewer, id).await?.ok_or_else(AppError::not_found)
}

/// Where a stored file's bytes are; a conflict while it has none.
fn stored_digest(media: &Media) -> AppResult<Sha256Digest> {
    let conflict = |code, detail: &str| AppError::Domain(DomainError::Conflict { code, detail: detail.into() });
    match media.state {
        MediaState::Pending => {
            Err(conflict("media_not_ready", "The file is still being fetched or uploaded; try again shortly."))
        }
        MediaState::Failed => Err(conflict("media_failed", "The file could not be fetched from WhatsApp.")),
        MediaState::Stored => {
            let digest = media.sha256.as_deref().and_then(|hex| hex.parse().ok());
            digest.ok_or_else(|| AppError::internal(format!("stored media {} has no valid SHA-256", media.id)))
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use super::*;
    use crate::testing::{eventually, started_app};

    fn conflict_code(media: &Media) -> Option<&'static str> {
        match stored_digest(media) {
            Err(AppError::Domain(DomainError::Conflict { code, .. })) => Some(code),
            _ => None,
        }
    }

    #[test]
    fn a_file_without_bytes_is_a_conflict_that_says_why() {
        let pending = Media::pending("image/jpeg", None);
        assert_eq!(conflict_code(&pending), Some("media_not_ready"));
        assert_eq!(conflict_code(&Media { state: MediaState::Failed, ..pending.clone() }), Some("media_failed"));
        let digest = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        let stored = Media { state: MediaState::Stored, sha256: Some(digest.into()), ..pending.clone() };
        assert_eq!(stored_digest(&stored).unwrap().to_string(), digest);
        let broken = Media { state: MediaState::Stored, sha256: None, ..pending };
        assert!(matches!(stored_digest(&broken), Err(AppError::Internal(_))));
    }

    #[tokio::test]
    async fn uploads_a_killed_process_left_behind_are_deleted_at_startup() {
        let dir = std::env::temp_dir().join(format!("blocopro-app-{}", Uuid::now_v7()));
        let temporary = dir.join("media/tmp");
        std::fs::create_dir_all(&temporary).unwrap();
        let abandoned = temporary.join("abandoned-put");
        let two_hours_ago = SystemTime::now() - Duration::from_secs(2 * 60 * 60);
        std::fs::File::create(&abandoned).unwrap().set_modified(two_hours_ago).unwrap();
        let in_flight = temporary.join("in-flight-put");
        std::fs::File::create(&in_flight).unwrap();

        let (_app, _) = started_app(&dir).await;
        eventually("the abandoned put is deleted", || async { (!abandoned.exists()).then_some(()) }).await;
        assert!(in_flight.exists(), "a put younger than an hour may still be running");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
