//! What a Cloud API webhook message says, read into BlocoPro's model: every type Meta documents
//! (text, media with caption, location, contacts, button and list answers, reactions, "changed
//! number" notices), the message it replies to (`context`) and the sender's profile name. A type
//! Meta adds later arrives as `unsupported` rather than being lost.

use blocopro_domain::message::{
    InteractiveAnswer, Location, Media, MessageContent, MessageKind, ReactionChange, ReplyTo, SharedContact,
};
use serde::Deserialize;

use super::{e164, timestamp};
use crate::{ConnectorEventKind, InboundMessage};

/// One item of `value.messages`.
#[derive(Deserialize)]
pub(super) struct WebhookMessage {
    id: String,
    from: String,
    timestamp: String,
    #[serde(rename = "type")]
    kind: String,
    /// Set when the message was written in a group the number is in.
    group_id: Option<String>,
    context: Option<Context>,
    text: Option<TextBody>,
    image: Option<MediaBody>,
    audio: Option<MediaBody>,
    video: Option<MediaBody>,
    document: Option<MediaBody>,
    sticker: Option<MediaBody>,
    location: Option<LocationBody>,
    #[serde(default)]
    contacts: Vec<ContactBody>,
    interactive: Option<InteractiveBody>,
    button: Option<ButtonBody>,
    reaction: Option<ReactionBody>,
    system: Option<SystemBody>,
}

#[derive(Deserialize)]
struct Context {
    /// The quoted message's id; absent on a forwarded message's context.
    id: Option<String>,
    from: Option<String>,
}

#[derive(Deserialize)]
struct TextBody {
    body: String,
}

#[derive(Deserialize)]
struct MediaBody {
    /// The media id to download it by.
    id: Option<String>,
    caption: Option<String>,
    mime_type: Option<String>,
    sha256: Option<String>,
    filename: Option<String>,
    /// An audio recorded in the chat (a voice note).
    #[serde(default)]
    voice: bool,
}

#[derive(Deserialize)]
struct LocationBody {
    latitude: f64,
    longitude: f64,
    name: Option<String>,
    address: Option<String>,
}

#[derive(Deserialize)]
struct ContactBody {
    name: Option<ContactName>,
    #[serde(default)]
    phones: Vec<ContactPhone>,
}

#[derive(Deserialize)]
struct ContactName {
    formatted_name: Option<String>,
    first_name: Option<String>,
}

#[derive(Deserialize)]
struct ContactPhone {
    phone: Option<String>,
    wa_id: Option<String>,
}

#[derive(Deserialize)]
struct InteractiveBody {
    button_reply: Option<Choice>,
    list_reply: Option<Choice>,
}

#[derive(Deserialize)]
struct Choice {
    id: String,
    title: String,
}

/// A template's quick-reply button pressed.
#[derive(Deserialize)]
struct ButtonBody {
    text: String,
    payload: Option<String>,
}

#[derive(Deserialize)]
struct ReactionBody {
    message_id: String,
    /// Absent or empty when the customer took their reaction back.
    emoji: Option<String>,
}

#[derive(Deserialize)]
struct SystemBody {
    body: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
}

/// One item of `value.contacts`: who wrote, with their profile name.
#[derive(Deserialize)]
pub(super) struct Sender {
    wa_id: Option<String>,
    profile: Option<Profile>,
}

#[derive(Deserialize)]
struct Profile {
    name: Option<String>,
}

impl Sender {
    /// The profile name of `wa_id` among the senders of a change.
    pub(super) fn name_of<'a>(senders: &'a [Sender], wa_id: &str) -> Option<&'a str> {
        let sender = senders.iter().find(|sender| sender.wa_id.as_deref() == Some(wa_id))?;
        sender.profile.as_ref()?.name.as_deref().map(str::trim).filter(|name| !name.is_empty())
    }
}

/// A Cloud API group id as BlocoPro keeps group chats.
fn group_chat_id(group_id: &str) -> String {
    if group_id.contains('@') { group_id.to_owned() } else { format!("{group_id}@g.us") }
}

/// A SHA-256 as BlocoPro keeps it (lower-case hex), when Meta's is one.
fn hex_digest(sha256: Option<String>) -> Option<String> {
    sha256
        .filter(|digest| digest.len() == 64 && digest.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(|d| d.to_ascii_lowercase())
}

impl WebhookMessage {
    /// The sender's WhatsApp id (digits).
    pub(super) fn from(&self) -> &str {
        &self.from
    }

    /// The event it is: a reaction, or a message with what it says.
    pub(super) fn into_event(self, sender_name: Option<&str>) -> ConnectorEventKind {
        let sender = e164(&self.from);
        let sent_at = timestamp(&self.timestamp);
        if self.kind == "reaction"
            && let Some(reaction) = &self.reaction
        {
            return ConnectorEventKind::Reaction(ReactionChange {
                target_external_id: reaction.message_id.clone(),
                sender,
                emoji: reaction.emoji.clone().unwrap_or_default(),
                at: sent_at,
            });
        }
        let chat_id = self.group_id.as_deref().map_or_else(|| sender.clone(), group_chat_id);
        let reply_to = self.context.as_ref().and_then(|context| {
            Some(ReplyTo {
                external_id: context.id.clone()?,
                sender: context.from.as_deref().map(e164),
                kind: None,
                snippet: String::new(),
                message_id: None,
            })
        });
        let content = MessageContent { reply_to, ..self.content() };
        ConnectorEventKind::Message(Box::new(InboundMessage {
            external_id: self.id,
            chat_id,
            sender,
            sender_name: sender_name.map(str::to_owned),
            content,
            sent_at,
        }))
    }

    /// What the message says, by its type.
    fn content(&self) -> MessageContent {
        let kind = self.kind.as_str();
        let media = match kind {
            "image" => self.image.as_ref().map(|body| (MessageKind::Image, body)),
            "audio" => self
                .audio
                .as_ref()
                .map(|body| (if body.voice { MessageKind::VoiceNote } else { MessageKind::Audio }, body)),
            "video" => self.video.as_ref().map(|body| (MessageKind::Video, body)),
            "document" => self.document.as_ref().map(|body| (MessageKind::Document, body)),
            "sticker" => self.sticker.as_ref().map(|body| (MessageKind::Sticker, body)),
            _ => None,
        };
        if let Some((kind, body)) = media {
            return media_content(kind, body);
        }
        match kind {
            "text" => self.text.as_ref().map(|text| MessageContent::text(&text.body)),
            "location" => self.location.as_ref().map(|place| MessageContent {
                kind: MessageKind::Location,
                location: Some(Location {
                    latitude: place.latitude,
                    longitude: place.longitude,
                    name: place.name.clone(),
                    address: place.address.clone(),
                }),
                ..MessageContent::default()
            }),
            "contacts" if !self.contacts.is_empty() => Some(MessageContent {
                kind: MessageKind::Contacts,
                contacts: self.contacts.iter().map(shared_contact).collect(),
                ..MessageContent::default()
            }),
            "interactive" => self.interactive.as_ref().and_then(|body| {
                let choice = body.button_reply.as_ref().or(body.list_reply.as_ref())?;
                Some(answer(&choice.id, &choice.title))
            }),
            "button" => self
                .button
                .as_ref()
                .map(|button| answer(button.payload.as_deref().unwrap_or(&button.text), &button.text)),
            "system" => self.system.as_ref().map(|system| MessageContent {
                kind: MessageKind::System,
                text: system.body.clone().or_else(|| system.kind.clone()).unwrap_or_default(),
                ..MessageContent::default()
            }),
            _ => None,
        }
        .unwrap_or_else(|| MessageContent { kind: MessageKind::Unsupported, ..MessageContent::default() })
    }
}

fn media_content(kind: MessageKind, body: &MediaBody) -> MessageContent {
    let media = Media {
        sha256: hex_digest(body.sha256.clone()),
        file_name: body.filename.clone(),
        ..Media::pending(body.mime_type.clone().unwrap_or_default(), body.id.clone())
    };
    MessageContent {
        kind,
        text: body.caption.clone().unwrap_or_default(),
        media: Some(media),
        ..MessageContent::default()
    }
}

fn shared_contact(card: &ContactBody) -> SharedContact {
    let name = card.name.as_ref().and_then(|name| name.formatted_name.clone().or_else(|| name.first_name.clone()));
    SharedContact {
        name: name.unwrap_or_default(),
        numbers: card
            .phones
            .iter()
            .filter_map(|phone| phone.wa_id.as_deref().map(e164).or_else(|| phone.phone.clone()))
            .collect(),
    }
}

fn answer(option_id: &str, title: &str) -> MessageContent {
    MessageContent {
        kind: MessageKind::InteractiveAnswer,
        interactive: Some(InteractiveAnswer { option_id: option_id.to_owned(), title: title.to_owned() }),
        ..MessageContent::default()
    }
}
