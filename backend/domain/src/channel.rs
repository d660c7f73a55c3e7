//! WhatsApp channels: the company's numbers, how each one is connected, what each can do, and
//! the rules for connecting them and for the delivery status of what they send.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::Error;
use crate::message::{MessageContent, Reaction};

crate::text_enum! {
    /// How a number is connected: WhatsApp Web by QR Code, Meta's official Cloud API, or the built-in simulator.
    pub enum ChannelKind { WhatsappQr => "whatsapp_qr", WhatsappCloud => "whatsapp_cloud", Simulator => "simulator" }
}

crate::text_enum! {
    pub enum ChannelStatus {
        Disconnected => "disconnected",
        Pairing => "pairing",
        Connected => "connected",
        LoggedOut => "logged_out",
    }
}

/// What a channel can do; the SPA and integrators read it instead of guessing from the kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Capabilities {
    /// Lists and imports the groups the number takes part in.
    pub groups: bool,
    /// Creates new WhatsApp groups.
    pub create_group: bool,
    /// Pairs by scanning a QR Code with the phone.
    pub qr_pairing: bool,
    /// Sends text messages.
    pub send_text: bool,
    /// Reports delivered/read receipts for what it sends.
    pub receipts: bool,
}

impl ChannelKind {
    /// A linked device (WhatsApp Web, the simulator) keeps one live session, which one server
    /// instance holds at a time; the Cloud API is plain HTTP that any instance may call.
    pub fn holds_session(self) -> bool {
        matches!(self, ChannelKind::WhatsappQr | ChannelKind::Simulator)
    }

    pub fn capabilities(self) -> Capabilities {
        let linked_device = self.holds_session();
        Capabilities {
            groups: linked_device,
            create_group: linked_device,
            qr_pairing: linked_device,
            send_text: true,
            receipts: true,
        }
    }
}

/// The non-secret settings of a Cloud API channel (its secrets are kept encrypted, apart).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CloudSettings {
    /// The Graph API id of the business phone number.
    pub phone_number_id: String,
    /// The WhatsApp Business Account id, when given.
    pub waba_id: Option<String>,
    /// The Graph API version used in request paths, e.g. `v21.0`.
    pub api_version: String,
}

pub const DEFAULT_CLOUD_API_VERSION: &str = "v21.0";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Channel {
    pub id: Uuid,
    pub company_id: Uuid,
    pub name: String,
    pub kind: ChannelKind,
    pub status: ChannelStatus,
    /// The number in E.164, once the connector knows it.
    pub phone_number: Option<String>,
    pub cloud: Option<CloudSettings>,
    pub status_changed_at: Timestamp,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// What `POST /channels/{id}/connect` should do for a channel in its current state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnectPlan {
    /// Open the session: pairing for linked devices, a credentials check for the Cloud API.
    Start,
    /// Forget the unlinked device session and pair again with a new QR Code.
    StartFresh,
    /// Already connected or pairing: nothing to do.
    AlreadyUnderway,
}

pub fn plan_connect(kind: ChannelKind, status: ChannelStatus, pair_again: bool) -> Result<ConnectPlan, Error> {
    match status {
        ChannelStatus::Connected | ChannelStatus::Pairing => Ok(ConnectPlan::AlreadyUnderway),
        ChannelStatus::Disconnected => Ok(ConnectPlan::Start),
        ChannelStatus::LoggedOut if kind == ChannelKind::WhatsappCloud => Err(Error::Conflict {
            code: "channel_logged_out",
            detail: "Meta rejected this channel's access token; save a new `access_token` before connecting.".into(),
        }),
        ChannelStatus::LoggedOut if pair_again => Ok(ConnectPlan::StartFresh),
        ChannelStatus::LoggedOut => Err(Error::Conflict {
            code: "channel_logged_out",
            detail: "The phone unlinked this channel. Connect with `{\"pair_again\": true}` to scan a new QR Code."
                .into(),
        }),
    }
}

/// The channel must be connected to send or to reach the phone.
pub fn ensure_connected(status: ChannelStatus) -> Result<(), Error> {
    if status == ChannelStatus::Connected {
        Ok(())
    } else {
        Err(Error::Conflict {
            code: "channel_not_connected",
            detail: format!("The channel is {}; connect it first.", status.as_str()),
        })
    }
}

crate::text_enum! {
    pub enum MessageDirection { Inbound => "inbound", Outbound => "outbound" }
}

crate::text_enum! {
    /// Where a message stands. Inbound messages are `received`; outbound ones move forward through
    /// `queued → sent → delivered → read`, or end `failed`.
    pub enum DeliveryStatus {
        Received => "received",
        Queued => "queued",
        Sent => "sent",
        Delivered => "delivered",
        Read => "read",
        Failed => "failed",
    }
}

impl DeliveryStatus {
    fn rank(self) -> u8 {
        match self {
            DeliveryStatus::Received | DeliveryStatus::Queued => 0,
            DeliveryStatus::Sent => 1,
            DeliveryStatus::Delivered => 2,
            DeliveryStatus::Read => 3,
            DeliveryStatus::Failed => 4,
        }
    }

    /// Receipts arrive late, twice or out of order: a status only ever moves forward, so a late
    /// `delivered` never hides a `read`, and `failed` is final.
    pub fn advanced_by(self, receipt: DeliveryStatus) -> DeliveryStatus {
        if self == DeliveryStatus::Received || receipt.rank() <= self.rank() { self } else { receipt }
    }
}

/// A message as the connectors see it: `chat_id` is the peer's number (digits of E.164) or a group's id.
/// What it says (`content`) reads as fields of the message itself: `kind`, `text`, `media`, ….
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChannelMessage {
    pub id: Uuid,
    pub channel_id: Uuid,
    /// The provider's id (`wamid…` on the Cloud API).
    pub external_id: String,
    pub direction: MessageDirection,
    /// The peer's number in E.164, or a group's id.
    pub chat_id: String,
    /// Who wrote it: the peer, a group participant, or the channel's own number.
    pub sender: String,
    #[serde(flatten)]
    pub content: MessageContent,
    /// The reactions it received, one entry per emoji.
    pub reactions: Vec<Reaction>,
    pub status: DeliveryStatus,
    /// Why sending failed, when it did.
    pub error: Option<String>,
    /// When the provider says it was sent.
    pub sent_at: Timestamp,
    pub created_at: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qr_channels_and_the_simulator_support_groups_but_the_cloud_api_does_not() {
        assert!(ChannelKind::WhatsappQr.capabilities().groups);
        assert!(ChannelKind::Simulator.capabilities().create_group);
        let cloud = ChannelKind::WhatsappCloud.capabilities();
        assert!(!cloud.groups && !cloud.create_group && !cloud.qr_pairing && cloud.send_text);
    }

    #[test]
    fn connecting_a_disconnected_channel_starts_it() {
        assert_eq!(
            plan_connect(ChannelKind::WhatsappQr, ChannelStatus::Disconnected, false).unwrap(),
            ConnectPlan::Start
        );
    }

    #[test]
    fn connecting_twice_is_harmless() {
        for status in [ChannelStatus::Pairing, ChannelStatus::Connected] {
            assert_eq!(plan_connect(ChannelKind::Simulator, status, false).unwrap(), ConnectPlan::AlreadyUnderway);
        }
    }

    #[test]
    fn a_logged_out_device_pairs_again_only_when_asked() {
        let refused = plan_connect(ChannelKind::WhatsappQr, ChannelStatus::LoggedOut, false).unwrap_err();
        assert!(matches!(refused, Error::Conflict { code: "channel_logged_out", .. }));
        assert_eq!(
            plan_connect(ChannelKind::WhatsappQr, ChannelStatus::LoggedOut, true).unwrap(),
            ConnectPlan::StartFresh
        );
    }

    #[test]
    fn a_logged_out_cloud_channel_needs_new_credentials() {
        let refused = plan_connect(ChannelKind::WhatsappCloud, ChannelStatus::LoggedOut, true).unwrap_err();
        assert!(matches!(refused, Error::Conflict { code: "channel_logged_out", .. }));
    }

    #[test]
    fn sending_needs_a_connected_channel() {
        assert!(ensure_connected(ChannelStatus::Connected).is_ok());
        let refused = ensure_connected(ChannelStatus::Pairing).unwrap_err();
        assert!(matches!(refused, Error::Conflict { code: "channel_not_connected", .. }));
    }

    #[test]
    fn delivery_status_only_moves_forward() {
        use DeliveryStatus::*;
        assert_eq!(Sent.advanced_by(Delivered), Delivered);
        assert_eq!(Read.advanced_by(Delivered), Read);
        assert_eq!(Queued.advanced_by(Read), Read);
        assert_eq!(Delivered.advanced_by(Delivered), Delivered);
        assert_eq!(Read.advanced_by(Failed), Failed);
        assert_eq!(Failed.advanced_by(Read), Failed);
        assert_eq!(Received.advanced_by(Read), Received);
    }
}
