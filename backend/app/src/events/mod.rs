//! What changed, for realtime clients and webhooks: use cases publish events (`announce` says
//! who hears each); a writer appends them to the store's event log in batches (the log gives each
//! its cursor); a tailer follows the log — what this instance and, on PostgreSQL, every other
//! instance appended — and hands each event to the open sockets. Publishing never blocks.

pub mod announce;

use std::sync::Arc;
use std::time::Duration;

use blocopro_domain::Timestamp;
use blocopro_domain::event::EventKind;
use blocopro_domain::realtime::Audience;
use blocopro_store::{DynStore, NewEvent, StoredEvent};
use bytestring::ByteString;
use jiff::SignedDuration;
use serde::Serialize;
use tokio::sync::{Notify, broadcast, mpsc, oneshot};
use uuid::Uuid;

/// Events waiting for the writer; beyond this (the database is down) new ones are dropped.
const QUEUE_CAPACITY: usize = 65_536;
/// Most events appended in one transaction.
const MAX_BATCH: usize = 1_000;
/// Live events kept for sockets that fall behind; a socket further behind reads the log instead.
const LIVE_CAPACITY: usize = 4_096;
/// How often the log is read when nothing announced an append (a missed notification).
const TAIL_POLL: Duration = Duration::from_secs(1);
/// How long the log keeps events for clients resuming with `?since=`.
pub const RETENTION: SignedDuration = SignedDuration::from_hours(6);
const PURGE_EVERY: Duration = Duration::from_secs(60);
const RETRY_MAX: Duration = Duration::from_secs(5);
/// How long a stopping server waits for the events published so far to be stored.
pub const FLUSH_WITHIN: Duration = Duration::from_secs(5);

/// An event of the log as sockets send it: serialised once for every socket.
#[derive(Debug)]
pub struct LiveEvent {
    pub cursor: i64,
    pub company_id: Uuid,
    /// `None` for a kind this build does not know: the log is shared with the other instances,
    /// which may run a newer one. The socket still passes it on as it is.
    pub kind: Option<EventKind>,
    pub audience: Audience,
    /// `{"cursor":…,"type":…,"data":…}`
    pub json: ByteString,
}

#[derive(Serialize)]
struct Wire<'a> {
    cursor: i64,
    #[serde(rename = "type")]
    kind: &'a str,
    data: &'a serde_json::Value,
}

impl From<&StoredEvent> for LiveEvent {
    fn from(event: &StoredEvent) -> Self {
        let wire = Wire { cursor: event.cursor, kind: &event.kind, data: &event.data };
        LiveEvent {
            cursor: event.cursor,
            company_id: event.company_id,
            kind: EventKind::parse(&event.kind),
            audience: event.audience,
            json: ByteString::from(serde_json::to_string(&wire).unwrap_or_default()),
        }
    }
}

/// What the writer is handed: an event, or a flush answered once everything before it is stored.
enum Queued {
    Event(Box<NewEvent>),
    Flush(oneshot::Sender<()>),
}

pub struct EventBus {
    queue: mpsc::Sender<Queued>,
    live: broadcast::Sender<Arc<LiveEvent>>,
}

impl EventBus {
    /// Starts the writer, the tailer and the purger over `store`.
    pub async fn start(store: DynStore) -> anyhow::Result<Self> {
        let (queue, waiting) = mpsc::channel(QUEUE_CAPACITY);
        let live = broadcast::channel(LIVE_CAPACITY).0;
        let appended = Arc::new(Notify::new());
        let others = store.watch_event_appends().await?;
        let start = store.last_event_cursor().await?;
        tokio::spawn(append_batches(store.clone(), waiting, appended.clone()));
        tokio::spawn(tail(store.clone(), live.clone(), start, appended, others));
        tokio::spawn(purge_old_events(store));
        Ok(Self { queue, live })
    }

    /// An event for everyone of the company.
    pub fn publish(&self, company_id: Uuid, kind: EventKind, data: impl Serialize) {
        self.publish_to(company_id, Audience::Company, kind, data);
    }

    pub fn publish_to(&self, company_id: Uuid, audience: Audience, kind: EventKind, data: impl Serialize) {
        let data = serde_json::to_value(data).unwrap_or_default();
        let event =
            NewEvent { company_id, kind: kind.as_str().to_owned(), audience, data, created_at: Timestamp::now() };
        if self.queue.try_send(Queued::Event(Box::new(event))).is_err() {
            tracing::warn!(%kind, "the event log is not keeping up; an event was dropped");
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Arc<LiveEvent>> {
        self.live.subscribe()
    }

    /// Waits until every event published so far is in the log, at most `FLUSH_WITHIN`: a stopping
    /// server's last events reach the clients through the other instances (or the next start).
    pub async fn flush(&self) {
        let (done, flushed) = oneshot::channel();
        let flushing = async { self.queue.send(Queued::Flush(done)).await.ok().map(|()| flushed)?.await.ok() };
        if tokio::time::timeout(FLUSH_WITHIN, flushing).await.ok().flatten().is_none() {
            tracing::warn!("stopping: events published last could not all be stored; they are lost");
        }
    }
}

async fn append_batches(store: DynStore, mut waiting: mpsc::Receiver<Queued>, appended: Arc<Notify>) {
    let mut received = Vec::with_capacity(MAX_BATCH);
    let mut batch = Vec::with_capacity(MAX_BATCH);
    let mut flushes = Vec::new();
    while waiting.recv_many(&mut received, MAX_BATCH).await > 0 {
        for queued in received.drain(..) {
            match queued {
                Queued::Event(event) => batch.push(*event),
                Queued::Flush(done) => flushes.push(done),
            }
        }
        if !batch.is_empty() {
            let mut delay = Duration::from_millis(50);
            while let Err(error) = store.append_events(&batch).await {
                tracing::warn!(%error, "events could not be stored; trying again");
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(RETRY_MAX);
            }
            batch.clear();
            appended.notify_one();
        }
        for done in flushes.drain(..) {
            let _ = done.send(());
        }
    }
}

/// Reads the log from `cursor` on, whenever this instance or another appended (and every second).
async fn tail(
    store: DynStore,
    live: broadcast::Sender<Arc<LiveEvent>>,
    mut cursor: i64,
    appended: Arc<Notify>,
    mut others: Option<mpsc::Receiver<()>>,
) {
    loop {
        match store.events_after(None, cursor, MAX_BATCH as u32).await {
            Ok(events) => {
                for event in &events {
                    cursor = event.cursor;
                    // No socket open is not an error.
                    let _ = live.send(Arc::new(LiveEvent::from(event)));
                }
                if events.len() == MAX_BATCH {
                    continue;
                }
            }
            Err(error) => tracing::warn!(%error, "the event log could not be read"),
        }
        let lost_the_others = {
            let from_others = async {
                match others.as_mut() {
                    Some(ticks) => ticks.recv().await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                () = appended.notified() => false,
                tick = from_others => tick.is_none(),
                () = tokio::time::sleep(TAIL_POLL) => false,
            }
        };
        if lost_the_others {
            // Polling alone still finds their events, a second late.
            others = None;
        }
    }
}

async fn purge_old_events(store: DynStore) {
    let mut ticker = tokio::time::interval(PURGE_EVERY);
    loop {
        ticker.tick().await;
        if let Err(error) = store.purge_events(Timestamp::now() - RETENTION).await {
            tracing::warn!(%error, "old events could not be purged");
        }
    }
}
