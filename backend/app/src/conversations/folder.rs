//! Folds received messages into their conversations, after the write that stored them: a webhook
//! or connector event waits only for its message to be stored, and the folding takes whatever has
//! gathered in one transaction. During a burst of received messages it waits for a lull (at most
//! two seconds), so that storing what arrives keeps the database's write lock (SQLite has one).
//! What was stored but not folded when a server stopped is folded when one starts again. Each
//! folded message and changed conversation is then announced to whoever sees it, and the queue
//! routes them (greeting flows, assignment).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use blocopro_domain::Timestamp;
use blocopro_domain::conversation::Conversation;
use blocopro_domain::event::EventKind;
use blocopro_store::FoldedMessages;
use tokio::sync::Notify;
use uuid::Uuid;

use crate::App;
use crate::events::announce::{announce_conversation, announce_message_in};

/// Most messages folded in one transaction.
const BATCH: u32 = 1_000;
/// How often it looks for messages when nobody wakes it (another instance may have stored some).
const IDLE_POLL: Duration = Duration::from_millis(500);
/// A lull: no message written for this long.
const LULL: Duration = Duration::from_millis(50);
/// Writes storing at least this many messages at once mean a burst: folding waits for its lull.
/// Below it, folding right away keeps realtime delivery quick.
const BURST_BATCH: u64 = 16;
/// Longest wait for a lull: conversations never lag further behind their messages.
const MAX_DEFER: Duration = Duration::from_secs(2);

/// A stopping server ends it after the fold under way: what is left is folded by another instance
/// or at the next start.
pub fn spawn(app: &Arc<App>, wake: Arc<Notify>) {
    app.spawn_worker(|app| async move {
        while !app.stopping.is_cancelled() {
            wait_for_a_lull(&app).await;
            fold_everything_waiting(&app).await;
            app.stopping.run_until_cancelled(wait_for_messages(&app, &wake)).await;
        }
    });
}

/// Until this instance stored messages (they wake the folder, even while it was busy folding) or a
/// poll finds some that another instance stored.
async fn wait_for_messages(app: &App, wake: &Notify) {
    loop {
        if tokio::time::timeout(IDLE_POLL, wake.notified()).await.is_ok() {
            return;
        }
        match app.store.has_unfolded_messages().await {
            Ok(true) => return,
            Ok(false) => {}
            Err(error) => tracing::warn!(%error, "looking for received messages to fold failed"),
        }
    }
}

async fn wait_for_a_lull(app: &App) {
    let waiting_since = tokio::time::Instant::now();
    let in_a_burst = || app.inbound.idle_for() < LULL && app.inbound.last_batch_len() >= BURST_BATCH;
    while in_a_burst() && waiting_since.elapsed() < MAX_DEFER {
        tokio::time::sleep(LULL).await;
    }
}

/// Folds batch after batch until a partial one: under steady load each round catches up fully.
async fn fold_everything_waiting(app: &App) {
    loop {
        match app.store.fold_received_messages(BATCH, Timestamp::now()).await {
            Ok(folded) => {
                let full = folded.messages.len() == BATCH as usize;
                announce(app, &folded).await;
                if !full {
                    return;
                }
            }
            Err(error) => {
                tracing::warn!(%error, "received messages could not be folded into conversations; trying again");
                tokio::time::sleep(IDLE_POLL).await;
                return;
            }
        }
    }
}

async fn announce(app: &App, folded: &FoldedMessages) {
    if folded.conversation_ids.is_empty() && folded.messages.is_empty() {
        return;
    }
    let conversations = match app.store.find_conversations(&folded.conversation_ids).await {
        Ok(conversations) => conversations,
        Err(error) => {
            tracing::warn!(%error, "folded conversations could not be read; their events are left out");
            return;
        }
    };
    let by_chat: HashMap<(Uuid, &str), &Conversation> = conversations
        .iter()
        .map(|conversation| ((conversation.channel_id, conversation.chat_id.as_str()), conversation))
        .collect();
    for (company_id, message) in &folded.messages {
        let conversation = by_chat.get(&(message.channel_id, message.chat_id.as_str())).copied();
        announce_message_in(app, *company_id, EventKind::MessageCreated, message, conversation);
    }
    for conversation in &conversations {
        announce_conversation(app, conversation, None);
    }
    crate::conversations::queue::route_folded(app, folded, &conversations).await;
}
