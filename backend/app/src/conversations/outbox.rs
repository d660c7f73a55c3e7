//! The sending worker: it claims queued messages (once each, even with several instances), sends
//! them through their channel's live connector, and records WhatsApp's id — or retries what could
//! not go yet with a growing delay, and fails for good what WhatsApp refused. Messages queued before
//! a restart are sent after it.

use std::sync::Arc;
use std::time::Duration;

use blocopro_connectors::ConnectorError;
use blocopro_domain::Timestamp;
use blocopro_domain::event::EventKind;
use blocopro_domain::message::{MessageContent, MessageKind};
use blocopro_domain::outbox::{CLAIM_LEASE, Failure, retry_delay};
use blocopro_store::ClaimedMessage;

use crate::App;

/// Messages claimed per round.
const BATCH: u32 = 32;
/// How often the worker looks for due retries when nobody wakes it.
const IDLE_POLL: Duration = Duration::from_secs(1);

pub fn spawn(app: Arc<App>) {
    tokio::spawn(async move {
        loop {
            match send_due(&app).await {
                Ok(0) => {
                    let _ = tokio::time::timeout(IDLE_POLL, app.outbox_wake.notified()).await;
                }
                Ok(_) => {}
                Err(error) => {
                    tracing::warn!(%error, "the outbox could not be read; trying again");
                    tokio::time::sleep(IDLE_POLL).await;
                }
            }
        }
    });
}

/// Sends what is due; answers how many messages it claimed.
async fn send_due(app: &App) -> Result<usize, blocopro_store::StoreError> {
    let now = Timestamp::now();
    let claimed = app.store.claim_outbound(app.instance_id, now, now + CLAIM_LEASE, BATCH).await?;
    let count = claimed.len();
    for message in claimed {
        send_one(app, message).await?;
    }
    Ok(count)
}

fn failure_of(error: &ConnectorError) -> Failure {
    if error.is_passing() { Failure::Passing } else { Failure::Final }
}

/// What the connectors send today: text. Any other kind fails for good rather than going out as
/// its caption alone (sending files, locations… comes with the connectors' media support).
fn text_to_send(content: &MessageContent) -> Result<&str, ConnectorError> {
    match content.kind {
        MessageKind::Text => Ok(&content.text),
        _ => Err(ConnectorError::Unsupported("send this kind of message yet")),
    }
}

async fn send_one(app: &App, claimed: ClaimedMessage) -> Result<(), blocopro_store::StoreError> {
    let ClaimedMessage { company_id, message, attempts } = claimed;
    let connector = app.hub.live(message.channel_id).ok_or(ConnectorError::NotConnected);
    let sent = match (connector, text_to_send(&message.content)) {
        (Ok(connector), Ok(text)) => connector.send_text(&message.chat_id, text).await,
        (Err(error), _) | (_, Err(error)) => Err(error),
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
    use blocopro_domain::message::Media;

    use super::*;

    #[test]
    fn only_text_goes_out_until_connectors_send_more() {
        assert_eq!(text_to_send(&MessageContent::text("Olá")), Ok("Olá"));
        let photo = MessageContent {
            kind: MessageKind::Image,
            text: "Comprovante".into(),
            media: Some(Media::pending("image/jpeg", None)),
            ..MessageContent::default()
        };
        let refused = text_to_send(&photo).unwrap_err();
        assert_eq!(failure_of(&refused), Failure::Final, "not its caption alone, and not retried");
    }
}
