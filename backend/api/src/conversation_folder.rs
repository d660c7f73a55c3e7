//! Folds received messages into their conversations, after the write that stored them: a webhook
//! or connector event waits only for its message to be stored, and the folding takes whatever has
//! gathered in one transaction. What was stored but not folded when a server stopped is folded
//! when one starts again.

use std::sync::Arc;
use std::time::Duration;

use actix_web::web;
use blocopro_domain::Timestamp;
use tokio::sync::Notify;

use crate::state::AppState;

/// Most messages folded in one transaction.
const BATCH: u32 = 1_000;
/// How often it looks for messages when nobody wakes it (another instance may have stored some).
const IDLE_POLL: Duration = Duration::from_millis(500);

pub fn spawn(state: web::Data<AppState>, wake: Arc<Notify>) {
    tokio::spawn(async move {
        loop {
            match state.store.fold_received_messages(BATCH, Timestamp::now()).await {
                Ok(folded) if folded == BATCH => continue,
                Ok(_) => {
                    let _ = tokio::time::timeout(IDLE_POLL, wake.notified()).await;
                }
                Err(error) => {
                    tracing::warn!(%error, "received messages could not be folded into conversations; trying again");
                    tokio::time::sleep(IDLE_POLL).await;
                }
            }
        }
    });
}
