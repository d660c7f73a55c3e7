//! Messages as the API shows them (`ChannelMessage` in the document): a `kind` and, beside `text`,
//! one optional field per kind's substance (`media`, `location`, `contacts`, `interactive`,
//! `template`), the message replied to and the reactions. Every kind and field is named in the
//! document, so that generated clients type them.

use blocopro_domain::Timestamp;
use blocopro_domain::channel::{ChannelMessage, DeliveryStatus, MessageDirection};
use blocopro_domain::message::{
    ButtonParameter, ButtonSubType, InteractiveAnswer, Location, Media, MediaState, MessageKind, NamedRef, Reaction,
    ReplyTo, SharedContact, TemplateRef, TransferEvent,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::view::view;

/// A message received or sent on a channel: `chat_id` is the peer's number (E.164) or a group's
/// id. What it says depends on `kind`: `text` is the body of a `text` or `system` message and the
/// caption of a media message (empty when none); `media` is set for `image`, `audio`,
/// `voice_note`, `video`, `document` and `sticker`; `location`, `contacts`, `interactive` and
/// `template` for their kinds; `reply_to` for any kind that replies to another message.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = ChannelMessage)]
pub struct ChannelMessageView {
    pub id: Uuid,
    pub channel_id: Uuid,
    /// The provider's id (`wamid…` on the Cloud API).
    pub external_id: String,
    pub direction: MessageDirection,
    /// The peer's number in E.164, or a group's id.
    pub chat_id: String,
    /// Who wrote it: the peer, a group participant, or the channel's own number.
    pub sender: String,
    pub kind: MessageKind,
    /// The body of a `text` or `system` message, the caption of a media message; empty when none.
    pub text: String,
    /// The file of a media message (`image`, `audio`, `voice_note`, `video`, `document`, `sticker`).
    pub media: Option<MediaView>,
    /// The message this one replies to.
    pub reply_to: Option<ReplyToView>,
    /// The place of a `location` message.
    pub location: Option<LocationView>,
    /// The cards of a `contacts` message; empty for the other kinds.
    pub contacts: Vec<SharedContactView>,
    /// The option chosen in an `interactive_answer` message.
    pub interactive: Option<InteractiveAnswerView>,
    /// The template of a `template` message.
    pub template: Option<TemplateRefView>,
    /// Who moved a `transfer` message's conversation, and to whom (the note left is `text`).
    pub transfer: Option<TransferEventView>,
    /// The reactions it received: one entry per emoji, the earliest first.
    pub reactions: Vec<ReactionView>,
    pub status: DeliveryStatus,
    /// Why sending failed, when it did.
    pub error: Option<String>,
    /// When the provider says it was sent.
    pub sent_at: Timestamp,
    pub created_at: Timestamp,
}

impl From<ChannelMessage> for ChannelMessageView {
    fn from(message: ChannelMessage) -> Self {
        let content = message.content;
        ChannelMessageView {
            id: message.id,
            channel_id: message.channel_id,
            external_id: message.external_id,
            direction: message.direction,
            chat_id: message.chat_id,
            sender: message.sender,
            kind: content.kind,
            text: content.text,
            media: content.media.map(Into::into),
            reply_to: content.reply_to.map(Into::into),
            location: content.location.map(Into::into),
            contacts: content.contacts.into_iter().map(Into::into).collect(),
            interactive: content.interactive.map(Into::into),
            template: content.template.map(Into::into),
            transfer: content.transfer.map(Into::into),
            reactions: message.reactions.into_iter().map(Into::into).collect(),
            status: message.status,
            error: message.error,
            sent_at: message.sent_at,
            created_at: message.created_at,
        }
    }
}

view! {
    /// A message's file: what is known of it, and whether BlocoPro holds its bytes (`state`).
    #[derive(Serialize, utoipa::ToSchema)]
    #[schema(as = Media)]
    pub struct MediaView from Media {
        /// Its own id: the bytes are served at `GET /api/v1/media/{id}` once `stored`.
        pub id: Uuid,
        pub state: MediaState,
        /// E.g. `image/jpeg`, `audio/ogg; codecs=opus`, `application/pdf`.
        #[schema(example = "image/jpeg")]
        pub mime_type: String,
        pub size_bytes: Option<u64>,
        /// SHA-256 of the bytes, lower-case hex: known once stored, or when WhatsApp announces it.
        pub sha256: Option<String>,
        /// The original file name (documents mostly).
        pub file_name: Option<String>,
        /// Length of audio, voice notes and video.
        pub duration_seconds: Option<u32>,
        /// Pixels, for images, stickers and video.
        pub width: Option<u32>,
        pub height: Option<u32>,
    }
}

view! {
    /// The message a message replies to, kept even when that message was never stored: its
    /// provider id always, the rest when known.
    #[derive(Serialize, utoipa::ToSchema)]
    #[schema(as = ReplyTo)]
    pub struct ReplyToView from ReplyTo {
        /// The provider's id of the quoted message.
        pub external_id: String,
        /// Who wrote the quoted message, when known.
        pub sender: Option<String>,
        /// The quoted message's kind, when known.
        pub kind: Option<MessageKind>,
        /// The start of the quoted message; empty when unknown.
        pub snippet: String,
        /// The quoted message's id, once it is stored (to scroll to it).
        pub message_id: Option<Uuid>,
    }
}

view! {
    /// A shared location.
    #[derive(Serialize, Deserialize, utoipa::ToSchema)]
    #[schema(as = Location)]
    pub struct LocationView from Location, and back {
        /// Degrees, WGS 84.
        #[schema(example = -23.5613)]
        pub latitude: f64,
        #[schema(example = -46.6565)]
        pub longitude: f64,
        /// The place's name, when one was chosen.
        pub name: Option<String>,
        pub address: Option<String>,
    }
}

view! {
    /// A contact card shared in a message.
    #[derive(Serialize, utoipa::ToSchema)]
    #[schema(as = SharedContact)]
    pub struct SharedContactView from SharedContact {
        /// The card's formatted name.
        pub name: String,
        /// Its phone numbers as the card gives them (not always E.164).
        pub numbers: Vec<String>,
    }
}

view! {
    /// The option a customer chose from a message's buttons or list.
    #[derive(Serialize, utoipa::ToSchema)]
    #[schema(as = InteractiveAnswer)]
    pub struct InteractiveAnswerView from InteractiveAnswer {
        /// The option's id, as the company's message set it.
        pub option_id: String,
        /// The option's text, as the customer saw it.
        pub title: String,
    }
}

view! {
    /// Someone or something of the company, by id and by the name it had then.
    #[derive(Serialize, utoipa::ToSchema)]
    #[schema(as = NamedRef)]
    pub struct NamedRefView from NamedRef {
        pub id: Uuid,
        pub name: String,
    }
}

/// A conversation moved within the team: who moved it, and to which attendant and/or department queue.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = TransferEvent)]
pub struct TransferEventView {
    pub by: NamedRefView,
    pub to_user: Option<NamedRefView>,
    pub to_department: Option<NamedRefView>,
}

impl From<TransferEvent> for TransferEventView {
    fn from(transfer: TransferEvent) -> Self {
        TransferEventView {
            by: transfer.by.into(),
            to_user: transfer.to_user.map(Into::into),
            to_department: transfer.to_department.map(Into::into),
        }
    }
}

/// An approved WhatsApp template a message was sent from.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = TemplateRef)]
pub struct TemplateRefView {
    pub name: String,
    /// Its language code, e.g. `pt_BR`.
    pub language: String,
    /// The values of its body's placeholders, in order (`{{1}}`, `{{2}}`…).
    pub parameters: Vec<String>,
    /// The values of its text header's placeholders, in order.
    pub header_parameters: Vec<String>,
    /// The kind of its header's file (`image`, `video`, `document`; the message's `media`),
    /// when it has a media header.
    pub header_media: Option<MessageKind>,
    /// The values of its buttons that take one, by index.
    pub button_parameters: Vec<ButtonParameterView>,
}

impl From<TemplateRef> for TemplateRefView {
    fn from(template: TemplateRef) -> Self {
        TemplateRefView {
            name: template.name,
            language: template.language,
            parameters: template.parameters,
            header_parameters: template.header_parameters,
            header_media: template.header_media,
            button_parameters: template.button_parameters.into_iter().map(Into::into).collect(),
        }
    }
}

view! {
    /// The value of one template button, by the button's index (from 0).
    #[derive(Serialize, utoipa::ToSchema)]
    #[schema(as = ButtonParameter)]
    pub struct ButtonParameterView from ButtonParameter {
        pub index: u32,
        pub sub_type: ButtonSubType,
        /// The dynamic end of a `url` button's link, a `quick_reply`'s payload or a `copy_code`'s code.
        pub value: String,
    }
}

view! {
    /// One emoji on a message, with everyone who reacted with it.
    #[derive(Serialize, utoipa::ToSchema)]
    #[schema(as = Reaction)]
    pub struct ReactionView from Reaction {
        #[schema(example = "👍")]
        pub emoji: String,
        /// Who reacted with it (numbers in E.164, or the channel's own number), first reaction first.
        pub senders: Vec<String>,
    }
}
