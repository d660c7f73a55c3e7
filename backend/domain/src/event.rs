//! The kinds of event BlocoPro announces: one list for the event bus, the realtime socket, the
//! outgoing webhooks (which deliver a subset, `WebhookEvent`) and the API document. The event log
//! stores each kind as its text.

use crate::webhook::WebhookEvent;

crate::plain_text_enum! {
    /// What happened; on the realtime socket, an event's `type`. `message.updated` carries a stored
    /// message whose content changed (its reactions; later its media stored or failed).
    /// `user.updated` tells a user's sockets that their account, permissions, departments,
    /// channels or access hours changed.
    pub enum EventKind {
        MessageCreated => "message.created",
        MessageStatus => "message.status",
        MessageUpdated => "message.updated",
        ConversationUpdated => "conversation.updated",
        ChannelStatus => "channel.status",
        ChannelQr => "channel.qr",
        GroupUpdated => "group.updated",
        GroupRemoved => "group.removed",
        GroupImportProgress => "group_import.progress",
        GroupsImported => "groups.imported",
        PresenceChanged => "presence.changed",
        CompanyUpdated => "company.updated",
        UserUpdated => "user.updated",
    }
}

impl EventKind {
    /// The webhook event integrators subscribe to for this kind; `None` for the kinds that stay
    /// inside BlocoPro (a QR Code is a pairing secret, import progress a screen's progress bar).
    pub fn webhook_event(self) -> Option<WebhookEvent> {
        match self {
            EventKind::MessageCreated => Some(WebhookEvent::MessageCreated),
            EventKind::MessageStatus => Some(WebhookEvent::MessageStatus),
            EventKind::MessageUpdated => Some(WebhookEvent::MessageUpdated),
            EventKind::ConversationUpdated => Some(WebhookEvent::ConversationUpdated),
            EventKind::ChannelStatus => Some(WebhookEvent::ChannelStatus),
            EventKind::GroupUpdated => Some(WebhookEvent::GroupUpdated),
            EventKind::GroupRemoved => Some(WebhookEvent::GroupRemoved),
            EventKind::PresenceChanged => Some(WebhookEvent::PresenceChanged),
            EventKind::ChannelQr
            | EventKind::GroupImportProgress
            | EventKind::GroupsImported
            | EventKind::CompanyUpdated
            | EventKind::UserUpdated => None,
        }
    }
}

impl std::fmt::Display for EventKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<WebhookEvent> for EventKind {
    fn from(event: WebhookEvent) -> Self {
        // Both spell a kind the same way (tested below), so this cannot miss.
        EventKind::parse(event.as_str()).expect("every webhook event is an event kind")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_spelt_once_and_read_back() {
        for kind in EventKind::ALL {
            assert_eq!(EventKind::parse(kind.as_str()), Some(*kind));
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
            assert_eq!(kind.to_string(), kind.as_str());
        }
        assert_eq!(EventKind::parse("something.new"), None);
    }

    #[test]
    fn webhook_events_are_the_kinds_integrators_get_spelt_the_same() {
        for event in WebhookEvent::ALL {
            let kind = EventKind::from(*event);
            assert_eq!(kind.as_str(), event.as_str());
            assert_eq!(kind.webhook_event(), Some(*event));
        }
        let delivered = EventKind::ALL.iter().filter(|kind| kind.webhook_event().is_some()).count();
        assert_eq!(delivered, WebhookEvent::ALL.len(), "each webhook event comes from one kind");
        assert_eq!(EventKind::ChannelQr.webhook_event(), None, "a QR Code is a pairing secret");
        assert_eq!(EventKind::UserUpdated.webhook_event(), None, "internal events are never offered");
    }
}
