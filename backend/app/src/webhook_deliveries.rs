//! The two webhook workers. The feeder follows the event log for every webhook that is behind and
//! queues its deliveries (the store moves each webhook's position in the same transaction, so an
//! event is queued once even across instances and crashes). The sender claims due deliveries with a
//! lease, posts them signed, and records each try: a 2xx delivers, anything else (a timeout
//! included) is tried again with a growing delay until the tries run out.

use std::sync::Arc;
use std::time::Duration;

use blocopro_domain::Timestamp;
use blocopro_domain::retry::Backoff;
use blocopro_domain::webhook::{
    self, AttemptFailure, CLAIM_LEASE, DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signature_header,
};
use blocopro_store::{ClaimedDelivery, StoreError};
use futures_util::future::join_all;
use secrecy::ExposeSecret;
use serde::Serialize;
use tokio::sync::broadcast::error::RecvError;
use uuid::Uuid;

use crate::App;

/// Events read per webhook and transaction.
const FEED_BATCH: u32 = 500;
/// Deliveries claimed (and posted at once) per round.
const SEND_BATCH: u32 = 32;
/// How often the workers look for work when nothing woke them.
const IDLE_POLL: Duration = Duration::from_secs(1);

/// How deliveries are posted and retried; the domain's schedule unless configured otherwise.
#[derive(Debug, Clone, Copy)]
pub struct WebhookSettings {
    /// A receiver that has not answered by then has failed the try.
    pub timeout: Duration,
    pub backoff: Backoff,
}

impl Default for WebhookSettings {
    fn default() -> Self {
        Self { timeout: webhook::DELIVERY_TIMEOUT.unsigned_abs(), backoff: webhook::BACKOFF }
    }
}

pub fn spawn(app: Arc<App>, settings: WebhookSettings) -> anyhow::Result<()> {
    let http = reqwest::Client::builder()
        .timeout(settings.timeout)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("BlocoPro-Webhooks/", env!("CARGO_PKG_VERSION")))
        .build()?;
    app.spawn_worker(feed);
    let backoff = settings.backoff;
    let failed = "webhook deliveries could not be claimed";
    app.spawn_claiming_worker(
        |app| &app.webhook_wake,
        IDLE_POLL,
        failed,
        move |app| {
            let http = http.clone();
            async move { send_due(&app, &http, backoff).await }
        },
    );
    Ok(())
}

async fn feed(app: Arc<App>) {
    let mut appended = app.events.subscribe();
    while !app.stopping.is_cancelled() {
        match feed_behind(&app).await {
            Ok(0) => {}
            Ok(_) => app.webhook_wake.notify_one(),
            Err(error) => tracing::warn!(%error, "webhooks could not be fed; trying again"),
        }
        // Any event the log hands to realtime may be one a webhook wants.
        let waiting = async {
            tokio::select! {
                received = appended.recv() => if let Err(RecvError::Closed) = received {
                    tokio::time::sleep(IDLE_POLL).await;
                },
                () = tokio::time::sleep(IDLE_POLL) => {}
            }
        };
        app.stopping.run_until_cancelled(waiting).await;
    }
}

/// Feeds every webhook that is behind to the end of the log; answers the deliveries queued.
async fn feed_behind(app: &App) -> Result<usize, StoreError> {
    let mut queued = 0;
    for id in app.store.webhooks_behind().await? {
        loop {
            let fed = app.store.feed_webhook(id, FEED_BATCH, Timestamp::now()).await?;
            queued += fed.queued;
            if fed.read < FEED_BATCH as usize {
                break;
            }
        }
    }
    Ok(queued)
}

/// Posts what is due, all at once; answers how many deliveries it claimed. A stopping server lets
/// the posts under way end (within `WORKERS_STOP_WITHIN`, or they are posted again after the lease).
async fn send_due(app: &App, http: &reqwest::Client, backoff: Backoff) -> Result<usize, StoreError> {
    let now = Timestamp::now();
    let claimed = app.store.claim_webhook_deliveries(now, now + CLAIM_LEASE, SEND_BATCH).await?;
    let count = claimed.len();
    join_all(claimed.into_iter().map(|delivery| send_one(app, http, backoff, delivery))).await;
    Ok(count)
}

/// The body receivers get.
#[derive(Serialize)]
struct Payload<'a> {
    id: Uuid,
    #[serde(rename = "type")]
    kind: &'a str,
    cursor: Option<i64>,
    created_at: Timestamp,
    data: &'a serde_json::Value,
}

async fn send_one(app: &App, http: &reqwest::Client, backoff: Backoff, claimed: ClaimedDelivery) {
    let id = claimed.delivery.id;
    let outcome = post(app, http, &claimed).await;
    let at = Timestamp::now();
    let recorded = match outcome {
        Ok(status) => app.store.mark_webhook_delivered(id, status, at).await,
        Err(failure) => {
            let retry_at = backoff.delay_after(claimed.delivery.attempts).map(|delay| at + delay);
            if retry_at.is_none() {
                tracing::info!(delivery_id = %id, url = claimed.url, error = failure.describe(), "a webhook delivery failed");
            }
            app.store.mark_webhook_attempt_failed(id, failure.status(), &failure.describe(), at, retry_at).await
        }
    };
    if let Err(error) = recorded {
        // The lease runs out and the delivery is tried again.
        tracing::warn!(delivery_id = %id, %error, "a webhook try could not be recorded");
    }
}

/// Posts one delivery; answers the receiver's 2xx status.
async fn post(app: &App, http: &reqwest::Client, claimed: &ClaimedDelivery) -> Result<u16, AttemptFailure> {
    let delivery = &claimed.delivery;
    let secret = app
        .sealer
        .open_secret(&claimed.sealed_secret)
        .map_err(|_| AttemptFailure::Connection("the signing secret cannot be opened with this server's key".into()))?;
    let payload = Payload {
        id: delivery.id,
        kind: &delivery.event_type,
        cursor: delivery.event_cursor,
        created_at: delivery.created_at,
        data: &claimed.data,
    };
    let body = serde_json::to_vec(&payload).map_err(|error| AttemptFailure::Connection(error.to_string()))?;
    let signature = signature_header(secret.expose_secret(), Timestamp::now(), &body);
    let response = http
        .post(&claimed.url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(EVENT_HEADER, &delivery.event_type)
        .header(DELIVERY_HEADER, delivery.id.to_string())
        .header(SIGNATURE_HEADER, signature)
        .body(body)
        .send()
        .await
        .map_err(failure_of)?;
    let status = response.status();
    if status.is_success() { Ok(status.as_u16()) } else { Err(AttemptFailure::Status(status.as_u16())) }
}

fn failure_of(error: reqwest::Error) -> AttemptFailure {
    if error.is_timeout() {
        return AttemptFailure::Timeout;
    }
    // The innermost cause says it best ("Connection refused"), without reqwest's URL-laden wrapper.
    let mut cause: &dyn std::error::Error = &error;
    while let Some(inner) = cause.source() {
        cause = inner;
    }
    AttemptFailure::Connection(cause.to_string())
}
