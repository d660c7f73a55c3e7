//! Group commit for received messages. Webhook deliveries and connector events hand their messages
//! to one writer task, which stores whatever is waiting in a single multi-row insert; each caller
//! is answered once its message is stored. Under load one write carries many messages instead of
//! every request queueing for the database's write lock; with a single message it is one insert,
//! as before.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use blocopro_domain::channel::ChannelMessage;
use blocopro_store::DynStore;
use tokio::sync::{Notify, mpsc, oneshot};
use uuid::Uuid;

use crate::{AppError, AppResult};

/// Most messages in one write.
const MAX_BATCH: usize = 256;
/// Messages waiting for the writer before callers wait to hand theirs over.
const QUEUE_CAPACITY: usize = 4 * MAX_BATCH;

/// `Ok(true)` when the message was new, `Ok(false)` when it was stored already.
type Outcome = Result<bool, String>;

struct Pending {
    company_id: Uuid,
    message: ChannelMessage,
    stored: oneshot::Sender<Outcome>,
}

pub struct InboundWriter {
    queue: mpsc::Sender<Pending>,
    /// When the last write ended, in milliseconds since the epoch.
    last_write_ms: Arc<AtomicU64>,
    /// How many messages the last write stored together: many means a burst is under way.
    last_batch_len: Arc<AtomicU64>,
}

fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |since| since.as_millis() as u64)
}

impl InboundWriter {
    /// Starts the writer task; it ends when the writer is dropped. `stored` is woken after each
    /// write that stored new messages (the conversation folder waits on it).
    pub fn spawn(store: DynStore, stored: Arc<Notify>) -> Self {
        let (queue, receiver) = mpsc::channel(QUEUE_CAPACITY);
        let last_write_ms = Arc::new(AtomicU64::new(0));
        let last_batch_len = Arc::new(AtomicU64::new(0));
        let progress = Progress { last_write_ms: last_write_ms.clone(), last_batch_len: last_batch_len.clone() };
        tokio::spawn(write_batches(store, receiver, stored, progress));
        Self { queue, last_write_ms, last_batch_len }
    }

    /// How long no message has been written (work that can wait yields to a burst of them).
    pub fn idle_for(&self) -> Duration {
        Duration::from_millis(now_ms().saturating_sub(self.last_write_ms.load(Ordering::Relaxed)))
    }

    pub fn last_batch_len(&self) -> u64 {
        self.last_batch_len.load(Ordering::Relaxed)
    }

    /// Stores a received message unless its (channel, external id) is stored already; answers
    /// once it is written, `true` when it was new.
    pub async fn store(&self, company_id: Uuid, message: ChannelMessage) -> AppResult<bool> {
        let (stored, outcome) = oneshot::channel();
        let pending = Pending { company_id, message, stored };
        self.queue.send(pending).await.map_err(|_| AppError::internal("the message writer has stopped"))?;
        let outcome = outcome.await.map_err(|_| AppError::internal("the message writer has stopped"))?;
        outcome.map_err(|error| AppError::internal(format!("storing received messages failed: {error}")))
    }
}

/// What the writer tells the rest of the application about its pace.
struct Progress {
    last_write_ms: Arc<AtomicU64>,
    last_batch_len: Arc<AtomicU64>,
}

async fn write_batches(
    store: DynStore,
    mut receiver: mpsc::Receiver<Pending>,
    stored: Arc<Notify>,
    progress: Progress,
) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while receiver.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let (rows, waiting): (Vec<_>, Vec<_>) =
            batch.drain(..).map(|pending| ((pending.company_id, pending.message), pending.stored)).unzip();
        let written = store.insert_inbound_messages(&rows).await;
        progress.last_write_ms.store(now_ms(), Ordering::Relaxed);
        progress.last_batch_len.store(rows.len() as u64, Ordering::Relaxed);
        match written {
            Ok(inserted) => {
                if inserted.contains(&true) {
                    stored.notify_one();
                }
                for (caller, new) in waiting.into_iter().zip(inserted) {
                    let _ = caller.send(Ok(new));
                }
            }
            Err(error) => {
                let error = error.to_string();
                for stored in waiting {
                    let _ = stored.send(Err(error.clone()));
                }
            }
        }
    }
}
