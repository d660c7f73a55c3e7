//! In-process publication of what changed, for the realtime push (WebSocket) to deliver.
//! Publishing never blocks: a subscriber that falls behind loses the oldest events and is told so.

use serde::Serialize;
use tokio::sync::broadcast;
use uuid::Uuid;

const BUS_CAPACITY: usize = 4096;

/// One change, addressed to a company.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    #[serde(skip)]
    pub company_id: Uuid,
    /// `channel.status`, `channel.qr`, `message.created`, `message.status`, …
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub data: serde_json::Value,
}

#[derive(Clone)]
pub struct EventBus {
    sender: broadcast::Sender<Event>,
}

impl Default for EventBus {
    fn default() -> Self {
        Self { sender: broadcast::channel(BUS_CAPACITY).0 }
    }
}

impl EventBus {
    pub fn publish(&self, company_id: Uuid, kind: &'static str, data: impl Serialize) {
        let data = serde_json::to_value(data).unwrap_or_default();
        // No subscriber is not an error: nobody is watching right now.
        let _ = self.sender.send(Event { company_id, kind, data });
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.sender.subscribe()
    }
}
