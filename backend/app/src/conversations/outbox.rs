//! The sending worker: it claims queued messages (once each, even with several instances), sends
//! them through their channel's live connector, and records WhatsApp's id — or retries what could
//! not go yet with a growing delay, and fails for good what WhatsApp refused. Messages queued before
//! a restart are sent after it.

use std::sync::Arc;
use std::time::Duration;

use blocopro_connectors::{ConnectorError, OutgoingFile, OutgoingMessage};
use blocopro_domain::Timestamp;
use blocopro_domain::event::EventKind;
use blocopro_domain::message::{Media, MessageContent};
use blocopro_domain::outbox::{CLAIM_LEASE, Failure, retry_delay};
use blocopro_media::MediaError;
use blocopro_store::ClaimedMessage;
use futures_util::StreamExt;
use uuid::Uuid;

use crate::App;

/// Messages claimed per round.
const BATCH: u32 = 32;
/// How often the worker looks for due retries when nobody wakes it.
const IDLE_POLL: Duration = Duration::from_secs(1);

pub fn spawn(app: &Arc<App>) {
    let failed = "the outbox could not be read";
    app.spawn_claiming_worker(|app| &app.outbox_wake, IDLE_POLL, failed, |app| async move { send_due(&app).await });
}

/// Sends what is due; answers how many messages it claimed. Once the server is stopping, the
/// messages not tried yet are handed back.
async fn send_due(app: &App) -> Result<usize, blocopro_store::StoreError> {
    let now = Timestamp::now();
    let claimed = app.store.claim_outbound(app.instance_id, now, now + CLAIM_LEASE, BATCH).await?;
    let count = claimed.len();
    let mut claimed = claimed.into_iter();
    while !app.stopping.is_cancelled() {
        let Some(message) = claimed.next() else { return Ok(count) };
        send_one(app, message).await?;
    }
    let untried: Vec<Uuid> = claimed.map(|claimed| claimed.message.id).collect();
    if !untried.is_empty() {
        tracing::info!(messages = untried.len(), "stopping: queued messages handed back unsent");
    }
    app.store.release_outbound(&untried, Timestamp::now()).await?;
    Ok(count)
}

fn failure_of(error: &ConnectorError) -> Failure {
    if error.is_passing() { Failure::Passing } else { Failure::Final }
}

/// The message as a connector sends it: what it says, the provider's id of the message it replies
/// to, and its file streamed from the media store. A file no longer stored fails for good.
async fn outgoing(app: &App, company_id: Uuid, content: &MessageContent) -> Result<OutgoingMessage, ConnectorError> {
    let file = match &content.media {
        Some(media) => Some(file_of(app, company_id, media).await?),
        None => None,
    };
    let reply_to_external_id = content.reply_to.as_ref().map(|reply| reply.external_id.clone());
    Ok(OutgoingMessage { content: content.clone(), reply_to_external_id, file })
}

async fn file_of(app: &App, company_id: Uuid, media: &Media) -> Result<OutgoingFile, ConnectorError> {
    let digest = media.sha256.as_deref().and_then(|hex| hex.parse().ok());
    let digest = digest.ok_or(ConnectorError::Unsupported("send a file that is not stored"))?;
    let content = match app.media.get(company_id, &digest, None).await {
        Ok(content) => content,
        Err(MediaError::NotFound) => return Err(ConnectorError::Unsupported("send a file that is no longer stored")),
        Err(error) => return Err(ConnectorError::Unavailable(format!("the file could not be read: {error}"))),
    };
    let bytes = content.stream.map(|chunk| chunk.map_err(|error| ConnectorError::Unavailable(error.to_string())));
    Ok(OutgoingFile {
        mime_type: media.mime_type.clone(),
        file_name: media.file_name.clone(),
        size: content.size,
        bytes: bytes.boxed(),
    })
}

async fn send_one(app: &App, claimed: ClaimedMessage) -> Result<(), blocopro_store::StoreError> {
    let ClaimedMessage { company_id, message, attempts } = claimed;
    let sent = match app.hub.live(message.channel_id) {
        Some(connector) => match outgoing(app, company_id, &message.content).await {
            Ok(outgoing) => connector.send(&message.chat_id, outgoing).await,
            Err(error) => Err(error),
        },
        None => Err(ConnectorError::NotConnected),
    };
    let changed = match sent {
        Ok(external_id) => app.store.mark_outbound_sent(message.id, &external_id, Timestamp::now()).await?,
        Err(error) => {
            let retry_at = retry_delay(attempts, failure_of(&error)).map(|delay| Timestamp::now() + delay);
            if retry_at.is_none() {
                tracing::info!(message_id = %message.id, %error, "an outbound message failed");
            }
            app.store.mark_outbound_failed(message.id, &error.to_string(), retry_at).await?
        }
    };
    if let Some(changed) = changed.filter(|changed| changed.status != message.status) {
        crate::events::announce::announce_message(app, company_id, EventKind::MessageStatus, &changed).await;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use blocopro_domain::message::{MediaState, MessageKind, ReplyTo};
    use futures_util::TryStreamExt;

    use super::*;
    use crate::testing::started_app;

    #[tokio::test]
    async fn a_message_goes_out_with_its_file_streamed_and_the_id_it_replies_to() {
        let dir = std::env::temp_dir().join(format!("blocopro-app-{}", Uuid::now_v7()));
        std::fs::create_dir_all(&dir).unwrap();
        let (app, caller) = started_app(&dir).await;
        let bytes = b"%PDF-1.7 boleto".to_vec();
        let chunks = futures_util::stream::iter([Ok::<_, std::io::Error>(bytes::Bytes::from(bytes.clone()))]);
        let stored = app.media.put(caller.company_id, blocopro_media::byte_stream(chunks), 1024).await.unwrap();
        let media = Media {
            state: MediaState::Stored,
            sha256: Some(stored.sha256.to_string()),
            file_name: Some("boleto.pdf".into()),
            ..Media::pending("application/pdf", None)
        };
        let reply = ReplyTo {
            external_id: "wamid.1".into(),
            sender: None,
            kind: None,
            snippet: String::new(),
            message_id: None,
        };
        let content = MessageContent {
            kind: MessageKind::Document,
            text: "Segue o boleto".into(),
            media: Some(media.clone()),
            reply_to: Some(reply),
            ..MessageContent::default()
        };
        let mut sent = outgoing(&app, caller.company_id, &content).await.unwrap();
        assert_eq!(sent.reply_to_external_id.as_deref(), Some("wamid.1"));
        let file = sent.file.take().unwrap();
        assert_eq!((file.size, file.file_name.as_deref()), (bytes.len() as u64, Some("boleto.pdf")));
        let read: Vec<bytes::Bytes> = file.bytes.try_collect().await.unwrap();
        assert_eq!(read.concat(), bytes);

        let gone = Media { sha256: Some("0".repeat(64)), ..media };
        let refused = outgoing(&app, caller.company_id, &MessageContent { media: Some(gone), ..content }).await;
        assert_eq!(failure_of(&refused.unwrap_err()), Failure::Final, "a file no longer stored is not retried");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
