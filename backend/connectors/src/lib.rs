//! Connectors link a channel to WhatsApp. Each implements [`Connector`]; what happens on the
//! WhatsApp side (QR Codes, status, messages, receipts, reactions) arrives as [`ConnectorEvent`]s pushed into
//! one bounded queue that the API's dispatcher drains and stores.
//!
//! Implementations: [`simulator`] (in-process, for demos and tests), [`cloud_api`] (Meta's
//! WhatsApp Cloud API) and [`whatsapp_web`] (a linked device paired by QR Code).

pub mod cloud_api;
mod cloud_outbound;
pub mod hub;
pub mod simulator;
pub mod whatsapp_web;

use std::fmt;

use async_trait::async_trait;
use blocopro_domain::Timestamp;
use blocopro_domain::channel::{Capabilities, DeliveryStatus};
pub use blocopro_domain::group::{GroupChange, GroupSnapshot, MemberPhone};
use blocopro_domain::message::{MessageContent, ReactionChange};
use bytes::Bytes;
use futures_util::stream::BoxStream;
use tokio::sync::mpsc;
use uuid::Uuid;

pub use hub::{ConnectorHub, HubSettings};

/// How many events may wait for the dispatcher before connectors slow down.
pub const EVENT_QUEUE_CAPACITY: usize = 1024;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConnectorError {
    #[error("the channel is not connected")]
    NotConnected,
    #[error("the channel is not pairing")]
    NotPairing,
    #[error("this channel cannot {0}")]
    Unsupported(&'static str),
    #[error("no such group: {0}")]
    UnknownGroup(String),
    /// WhatsApp refused the request; `code` is the provider's.
    #[error("WhatsApp refused the request ({code}): {message}")]
    Rejected { code: String, message: String },
    #[error("WhatsApp is limiting the requests of this number")]
    RateLimited,
    /// The Cloud API only allows free-form messages within 24 hours of the customer's last message.
    #[error("more than 24 hours have passed since the customer's last message")]
    OutsideCustomerWindow,
    /// The credentials were refused; the channel needs new ones (or a new pairing).
    #[error("WhatsApp refused the channel's credentials")]
    Unauthorized,
    #[error("WhatsApp could not be reached: {0}")]
    Unavailable(String),
}

impl ConnectorError {
    /// Might work later: the channel is offline, WhatsApp is unreachable or rate-limiting.
    pub fn is_passing(&self) -> bool {
        matches!(self, ConnectorError::NotConnected | ConnectorError::RateLimited | ConnectorError::Unavailable(_))
    }
}

/// Group operations, for connectors whose capabilities include `groups`.
#[async_trait]
pub trait GroupConnector: Send + Sync {
    /// Every group the number takes part in.
    async fn participating_groups(&self) -> Result<Vec<GroupSnapshot>, ConnectorError>;
    async fn group_metadata(&self, external_id: &str) -> Result<GroupSnapshot, ConnectorError>;
    /// `participants` in E.164.
    async fn create_group(&self, subject: &str, participants: &[String]) -> Result<GroupSnapshot, ConnectorError>;
}

#[async_trait]
pub trait Connector: Send + Sync {
    fn capabilities(&self) -> Capabilities;
    /// Opens the session: resumes a paired device, starts pairing (QR events follow), or checks credentials.
    async fn connect(&self) -> Result<(), ConnectorError>;
    /// Closes the session; `logout` also unlinks the device, so the next connect pairs anew.
    async fn disconnect(&self, logout: bool) -> Result<(), ConnectorError>;
    /// Sends a message to a number (E.164) or a group id; answers the provider's message id. A
    /// kind the connector cannot send answers `Unsupported`.
    async fn send(&self, to: &str, message: OutgoingMessage) -> Result<String, ConnectorError>;
    /// Sends text to a number (E.164) or a group id; answers the provider's message id.
    async fn send_text(&self, to: &str, text: &str) -> Result<String, ConnectorError> {
        self.send(to, OutgoingMessage::text(text)).await
    }
    /// Reacts with `emoji` to the message `target_external_id` of the chat `to`; an empty emoji
    /// takes the reaction back. Answers the provider's id of the reaction.
    async fn send_reaction(&self, to: &str, target_external_id: &str, emoji: &str) -> Result<String, ConnectorError> {
        let _ = (to, target_external_id, emoji);
        Err(ConnectorError::Unsupported("send reactions"))
    }
    /// The bytes of a received file, by the reference the connector put in its media's
    /// `provider_ref`, as they arrive.
    async fn fetch_media(&self, provider_ref: &str) -> Result<FetchedFile, ConnectorError> {
        let _ = provider_ref;
        Err(ConnectorError::Unsupported("download files"))
    }
    fn groups(&self) -> Option<&dyn GroupConnector>;
    /// Drops a stored device session so the next connect shows a new QR Code.
    async fn forget_session(&self) -> Result<(), ConnectorError> {
        Ok(())
    }
}

/// A file's bytes on their way between WhatsApp and the media store, chunk by chunk: a 100 MB
/// document is never whole in memory.
pub type FileBytes = BoxStream<'static, Result<Bytes, ConnectorError>>;

/// A received file, as WhatsApp serves it.
pub struct FetchedFile {
    /// The type WhatsApp declares, when it does.
    pub mime_type: Option<String>,
    /// Its size in bytes, when WhatsApp tells it beforehand.
    pub size: Option<u64>,
    pub bytes: FileBytes,
}

impl fmt::Debug for FetchedFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FetchedFile").field("mime_type", &self.mime_type).field("size", &self.size).finish()
    }
}

/// The file of a media message to send, read from the media store as it is sent.
pub struct OutgoingFile {
    pub mime_type: String,
    pub file_name: Option<String>,
    pub size: u64,
    pub bytes: FileBytes,
}

impl fmt::Debug for OutgoingFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OutgoingFile")
            .field("mime_type", &self.mime_type)
            .field("file_name", &self.file_name)
            .field("size", &self.size)
            .finish()
    }
}

/// A message to send: what it says (its kind; its text or caption; a location, contacts or a
/// template), the provider's id of the message it replies to, and the file of a media kind.
#[derive(Debug)]
pub struct OutgoingMessage {
    pub content: MessageContent,
    pub reply_to_external_id: Option<String>,
    pub file: Option<OutgoingFile>,
}

impl OutgoingMessage {
    /// Text, replying to nothing.
    pub fn text(text: &str) -> Self {
        OutgoingMessage { content: MessageContent::text(text), reply_to_external_id: None, file: None }
    }

    /// The text of a `text` message; `Unsupported` for any other kind, for connectors that send
    /// text only.
    pub fn text_only(&self) -> Result<&str, ConnectorError> {
        match self.content.kind {
            blocopro_domain::message::MessageKind::Text => Ok(&self.content.text),
            _ => Err(ConnectorError::Unsupported("send this kind of message")),
        }
    }
}

/// A message received on a channel.
#[derive(Debug, Clone, PartialEq)]
pub struct InboundMessage {
    pub external_id: String,
    /// The peer's number (E.164) for a direct message, or the group's id.
    pub chat_id: String,
    /// The author: the peer, or the participant who wrote in the group.
    pub sender: String,
    /// The author's WhatsApp profile name, when the provider tells it.
    pub sender_name: Option<String>,
    /// What it says: its kind, text or caption, media file (state `pending`, with the reference
    /// the connector downloads it by), the message it replies to, and the details of its kind.
    pub content: MessageContent,
    pub sent_at: Timestamp,
}

impl InboundMessage {
    /// A text message.
    pub fn text(external_id: String, chat_id: String, sender: String, text: String, sent_at: Timestamp) -> Self {
        InboundMessage { external_id, chat_id, sender, sender_name: None, content: MessageContent::text(text), sent_at }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ConnectorEventKind {
    /// The device needs pairing: the first QR Code to show; later ones arrive as `Qr`. One event, so
    /// nobody ever sees a pairing channel without a code.
    Pairing {
        code: String,
        expires_at: Timestamp,
    },
    /// A QR Code to show until `expires_at`; a new one replaces it.
    Qr {
        code: String,
        expires_at: Timestamp,
    },
    Connected {
        phone_number: Option<String>,
    },
    Disconnected,
    /// The phone unlinked the device, or the provider revoked the credentials.
    LoggedOut,
    /// Boxed: what a message says is much larger than any other event.
    Message(Box<InboundMessage>),
    /// Someone reacted to a message of the channel (stored or not yet), or took their reaction
    /// back (an empty emoji).
    Reaction(ReactionChange),
    Receipt {
        external_id: String,
        status: DeliveryStatus,
        error: Option<String>,
        at: Timestamp,
    },
    /// A customer changed their WhatsApp number: their chat continues under the new one.
    NumberChanged {
        old_number: String,
        new_number: String,
    },
    /// Someone changed a group the number is in: its subject, description or members.
    GroupChanged {
        external_id: String,
        change: GroupChange,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct ConnectorEvent {
    pub channel_id: Uuid,
    pub kind: ConnectorEventKind,
}

pub type EventReceiver = mpsc::Receiver<ConnectorEvent>;

/// The sending end a connector of one channel holds.
#[derive(Debug, Clone)]
pub struct ChannelEvents {
    channel_id: Uuid,
    sender: mpsc::Sender<ConnectorEvent>,
}

impl ChannelEvents {
    pub fn new(channel_id: Uuid, sender: mpsc::Sender<ConnectorEvent>) -> Self {
        Self { channel_id, sender }
    }

    pub fn channel_id(&self) -> Uuid {
        self.channel_id
    }

    /// Waits while the queue is full: back-pressure rather than dropping what WhatsApp sent.
    pub async fn emit(&self, kind: ConnectorEventKind) {
        let event = ConnectorEvent { channel_id: self.channel_id, kind };
        if self.sender.send(event).await.is_err() {
            tracing::warn!(channel_id = %self.channel_id, "connector event dropped: the dispatcher has stopped");
        }
    }
}

/// The event queue shared by every connector: one sender per connector, one receiver for the dispatcher.
pub fn event_queue() -> (mpsc::Sender<ConnectorEvent>, EventReceiver) {
    mpsc::channel(EVENT_QUEUE_CAPACITY)
}
