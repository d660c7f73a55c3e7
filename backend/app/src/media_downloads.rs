//! The download worker: once a received message with a file is stored, it fetches the bytes from
//! WhatsApp through the channel's live connector and streams them into the media store (refused
//! past WhatsApp's limit for the kind, and checked against the SHA-256 the channel announced with
//! the message, as the store hashes it), then marks the file stored — or `failed`, retried with a
//! growing delay while the failure may pass, for good when it cannot (bytes of another hash than
//! announced are not the file that was sent: never stored, never retried). Each state change is
//! announced as `message.updated`. Files are claimed under a lease: a download cut off by a
//! killed process is claimed again after it (the put's temporary is swept at startup).

use std::sync::Arc;
use std::time::Duration;

use blocopro_connectors::ConnectorError;
use blocopro_domain::Timestamp;
use blocopro_domain::download::{CLAIM_LEASE, Failure, better_mime_type, retry_delay};
use blocopro_domain::event::EventKind;
use blocopro_media::{MediaError, byte_stream};
use blocopro_store::{ClaimedDownload, DownloadedFile, StoreError};
use futures_util::StreamExt;

use uuid::Uuid;

use crate::App;

/// Files claimed per round.
const BATCH: u32 = 16;
/// Downloads running at once: a slow file does not hold up the others.
const CONCURRENT_DOWNLOADS: usize = 4;
/// How often the worker looks for due retries when nobody wakes it.
const IDLE_POLL: Duration = Duration::from_secs(2);

pub fn spawn(app: &Arc<App>) {
    let failed = "received files could not be claimed";
    app.spawn_claiming_worker(
        |app| &app.download_wake,
        IDLE_POLL,
        failed,
        |app| async move { download_due(&app).await },
    );
}

/// Downloads what is due; answers how many files it claimed. Once the server is stopping, the
/// files not started yet are handed back.
pub async fn download_due(app: &App) -> Result<usize, StoreError> {
    let now = Timestamp::now();
    let claimed = app.store.claim_media_downloads(app.instance_id, now, now + CLAIM_LEASE, BATCH).await?;
    let count = claimed.len();
    let unstarted: Vec<Uuid> = futures_util::stream::iter(claimed)
        .map(|claimed| async move {
            let media_id = claimed.media.id;
            if app.stopping.is_cancelled() {
                return Some(media_id);
            }
            if let Err(error) = download_one(app, claimed).await {
                // The lease lapses and the file is claimed again.
                tracing::warn!(%media_id, %error, "the outcome of a download could not be stored");
            }
            None
        })
        .buffer_unordered(CONCURRENT_DOWNLOADS)
        .filter_map(std::future::ready)
        .collect()
        .await;
    if !unstarted.is_empty() {
        tracing::info!(files = unstarted.len(), "stopping: received files handed back undownloaded");
    }
    app.store.release_media_downloads(&unstarted, Timestamp::now()).await?;
    Ok(count)
}

/// Why a download failed.
#[derive(Debug, thiserror::Error)]
enum DownloadError {
    #[error(transparent)]
    Connector(#[from] ConnectorError),
    #[error(transparent)]
    Media(#[from] MediaError),
    #[error("the file has {size} bytes, more than WhatsApp's limit of {limit} for its kind")]
    TooLarge { size: u64, limit: u64 },
}

impl DownloadError {
    fn failure(&self) -> Failure {
        let connector = |error: &ConnectorError| if error.is_passing() { Failure::Passing } else { Failure::Final };
        match self {
            DownloadError::Connector(error) => connector(error),
            DownloadError::TooLarge { .. }
            | DownloadError::Media(MediaError::TooLarge { .. } | MediaError::DigestMismatch { .. }) => Failure::Final,
            // The connector's stream broke off mid-file: as the connector says.
            DownloadError::Media(MediaError::Source(source)) => {
                source.downcast_ref::<ConnectorError>().map_or(Failure::Passing, connector)
            }
            // The media store is unreachable or full: it may come back.
            DownloadError::Media(_) => Failure::Passing,
        }
    }
}

async fn download_one(app: &App, claimed: ClaimedDownload) -> Result<(), StoreError> {
    let media_id = claimed.media.id;
    let changed = match fetch_and_store(app, &claimed).await {
        Ok(file) => app.store.mark_media_stored(media_id, &file, Timestamp::now()).await?,
        Err(error) => {
            let now = Timestamp::now();
            let retry_at = retry_delay(claimed.attempts, error.failure()).map(|delay| now + delay);
            if retry_at.is_none() {
                tracing::info!(%media_id, %error, attempts = claimed.attempts, "a received file could not be downloaded");
            }
            app.store.mark_media_failed(media_id, &error.to_string(), retry_at, now).await?
        }
    };
    for message in changed {
        crate::events::announce::announce_message(app, claimed.company_id, EventKind::MessageUpdated, &message).await;
    }
    Ok(())
}

/// Fetches the file from WhatsApp and streams it into the media store.
async fn fetch_and_store(app: &App, claimed: &ClaimedDownload) -> Result<DownloadedFile, DownloadError> {
    let provider_ref = claimed.media.provider_ref.as_deref().ok_or(ConnectorError::Unsupported("find this file"))?;
    let limit = claimed.kind.file_limit_bytes().ok_or(ConnectorError::Unsupported("download this kind"))?;
    let connector = app.hub.live(claimed.channel_id).ok_or(ConnectorError::NotConnected)?;
    let fetched = connector.fetch_media(provider_ref).await?;
    if let Some(size) = fetched.size.filter(|size| *size > limit) {
        return Err(DownloadError::TooLarge { size, limit });
    }
    // Announced by the channel (Meta's webhook, WhatsApp Web's message), checked by the put's own hash.
    let announced = claimed.media.sha256.as_deref().and_then(|hex| hex.parse().ok());
    let stored = app.media.put_checked(claimed.company_id, byte_stream(fetched.bytes), limit, announced).await?;
    Ok(DownloadedFile {
        sha256: stored.sha256.to_string(),
        size_bytes: stored.size,
        mime_type: better_mime_type(&claimed.media.mime_type, fetched.mime_type.as_deref()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_may_pass_is_retried_and_what_cannot_is_not() {
        let passing = [
            DownloadError::Connector(ConnectorError::NotConnected),
            DownloadError::Connector(ConnectorError::Unavailable("502".into())),
            DownloadError::Media(MediaError::Source(Box::new(ConnectorError::Unavailable("reset".into())))),
            DownloadError::Media(MediaError::Io(std::io::Error::other("disk full"))),
        ];
        for error in passing {
            assert_eq!(error.failure(), Failure::Passing, "{error}");
        }
        let final_ = [
            DownloadError::Connector(ConnectorError::Rejected { code: "404".into(), message: "gone".into() }),
            DownloadError::Connector(ConnectorError::Unsupported("download files")),
            DownloadError::Media(MediaError::TooLarge { limit: 10 }),
            DownloadError::Media(MediaError::DigestMismatch {
                expected: blocopro_media::Sha256Digest::from_bytes([1; 32]),
                actual: blocopro_media::Sha256Digest::from_bytes([2; 32]),
            }),
            DownloadError::TooLarge { size: 20, limit: 10 },
            DownloadError::Media(MediaError::Source(Box::new(ConnectorError::Rejected {
                code: "400".into(),
                message: "bad".into(),
            }))),
        ];
        for error in final_ {
            assert_eq!(error.failure(), Failure::Final, "{error}");
        }
    }
}
