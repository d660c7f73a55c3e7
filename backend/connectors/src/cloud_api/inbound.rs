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
    /// The customer's new WhatsApp id, for a changed number (`new_wa_id` in older versions).
    #[serde(alias = "new_wa_id")]
    wa_id: Option<String>,
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

/// A SHA-256 as BlocoPro keeps it (lower-case hex), when Meta's is one: Meta's documentation shows
/// hex digits, its deliveries often carry the 32 bytes in base64. Anything else is unknown (and the
/// download is then not checked against it).
fn hex_digest(sha256: Option<String>) -> Option<String> {
    use base64::Engine;
    let digest = sha256?;
    if digest.len() == 64 && digest.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Some(digest.to_ascii_lowercase());
    }
    let bytes = base64::engine::general_purpose::STANDARD.decode(digest.trim()).ok()?;
    (bytes.len() == 32).then(|| hex::encode(bytes))
}

impl WebhookMessage {
    /// The events it makes: one, but for a "changed number" notice, which first moves the
    /// customer's chat to the new number and then lands in it.
    pub(super) fn into_events(mut self, sender_name: Option<&str>) -> Vec<ConnectorEventKind> {
        let Some(new_number) = self.new_number() else { return vec![self.into_event(sender_name)] };
        let old_number = e164(&self.from);
        self.from = new_number.clone();
        let moved = ConnectorEventKind::NumberChanged { old_number, new_number: e164(&new_number) };
        vec![moved, self.into_event(None)]
    }

    /// The new WhatsApp id a "changed number" notice gives.
    fn new_number(&self) -> Option<String> {
        let system = self.system.as_ref()?;
        let changed = matches!(system.kind.as_deref(), Some("customer_changed_number" | "user_changed_number"));
        system.wa_id.clone().filter(|new| changed && !new.is_empty() && *new != self.from)
    }

    /// The sender's WhatsApp id (digits).
    pub(super) fn from(&self) -> &str {
        &self.from
    }

    /// The event it is: a reaction, or a message with what it says.
    fn into_event(self, sender_name: Option<&str>) -> ConnectorEventKind {
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

#[cfg(test)]
mod tests {
    use blocopro_domain::message::MediaState;
    use serde_json::{Value, json};

    use super::*;
    use crate::cloud_api::parse_webhook;

    const NUMBER: &str = "106540352242922";
    const CUSTOMER: &str = "5511988887777";

    /// One delivery of `messages`, as Meta documents them (developers.facebook.com/docs/whatsapp/
    /// cloud-api/webhooks/payload-examples), from the customer whose profile name is Maria.
    fn delivered(messages: Vec<Value>) -> Vec<ConnectorEventKind> {
        let messages: Vec<Value> = messages
            .into_iter()
            .enumerate()
            .map(|(n, mut message)| {
                message["from"] = json!(CUSTOMER);
                message["id"] = json!(format!("wamid.{n}"));
                message["timestamp"] = json!("1764000000");
                message
            })
            .collect();
        let body = json!({ "object": "whatsapp_business_account", "entry": [{ "id": "2001", "changes": [{
            "field": "messages",
            "value": {
                "messaging_product": "whatsapp",
                "metadata": { "display_phone_number": "15550001111", "phone_number_id": NUMBER },
                "contacts": [{ "profile": { "name": "Maria" }, "wa_id": CUSTOMER }],
                "messages": messages,
            }
        }] }] });
        parse_webhook(&serde_json::to_vec(&body).unwrap(), NUMBER).unwrap()
    }

    fn message(event: &ConnectorEventKind) -> &InboundMessage {
        match event {
            ConnectorEventKind::Message(message) => message,
            other => panic!("not a message: {other:?}"),
        }
    }

    const DIGEST: &str = "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08";

    #[test]
    fn meta_digests_come_in_hex_or_base64() {
        let hex = DIGEST.to_ascii_lowercase();
        assert_eq!(hex_digest(Some(DIGEST.into())), Some(hex.clone()));
        assert_eq!(hex_digest(Some("n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=".into())), Some(hex));
        for unknown in ["abc=", "", "not a digest", &DIGEST[..62], "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDw"] {
            assert_eq!(hex_digest(Some(unknown.into())), None, "{unknown}");
        }
        assert_eq!(hex_digest(None), None);
    }

    #[test]
    fn every_media_type_lands_with_its_caption_type_and_reference() {
        let events = delivered(vec![
            json!({ "type": "image", "image": { "caption": "Fachada", "mime_type": "image/jpeg", "sha256": DIGEST, "id": "1001" } }),
            json!({ "type": "audio", "audio": { "mime_type": "audio/ogg; codecs=opus", "sha256": "abc=", "id": "1002", "voice": true } }),
            json!({ "type": "audio", "audio": { "mime_type": "audio/mpeg", "id": "1003", "voice": false } }),
            json!({ "type": "video", "video": { "caption": "Unboxing", "mime_type": "video/mp4", "id": "1004" } }),
            json!({ "type": "document", "document": { "caption": "Boleto", "filename": "boleto.pdf", "mime_type": "application/pdf", "id": "1005" } }),
            json!({ "type": "sticker", "sticker": { "mime_type": "image/webp", "id": "1006", "animated": false } }),
        ]);
        let kinds: Vec<MessageKind> = events.iter().map(|event| message(event).content.kind).collect();
        use MessageKind::*;
        assert_eq!(kinds, [Image, VoiceNote, Audio, Video, Document, Sticker]);
        let photo = message(&events[0]);
        let media = photo.content.media.as_ref().unwrap();
        assert_eq!((photo.content.text.as_str(), media.mime_type.as_str()), ("Fachada", "image/jpeg"));
        assert_eq!((media.state, media.provider_ref.as_deref()), (MediaState::Pending, Some("1001")));
        assert_eq!(media.sha256.as_deref(), Some(DIGEST.to_ascii_lowercase().as_str()));
        assert_eq!(message(&events[1]).content.media.as_ref().unwrap().sha256, None, "not a digest: unknown");
        let document = message(&events[4]);
        assert_eq!(document.content.media.as_ref().unwrap().file_name.as_deref(), Some("boleto.pdf"));
        assert_eq!(document.content.text, "Boleto");
        assert!(events.iter().all(|event| message(event).sender_name.as_deref() == Some("Maria")));
    }

    #[test]
    fn locations_contacts_and_answers_keep_what_they_hold() {
        let events = delivered(vec![
            json!({ "type": "location", "location": { "latitude": -23.5614, "longitude": -46.6559, "name": "Loja", "address": "Av. Paulista, 1000" } }),
            json!({ "type": "contacts", "contacts": [{
                "name": { "formatted_name": "Bruno Lima", "first_name": "Bruno" },
                "phones": [{ "phone": "+55 11 97777-6666", "wa_id": "5511977776666", "type": "CELL" }, { "phone": "+55 11 4000-1234", "type": "WORK" }]
            }] }),
            json!({ "type": "interactive", "interactive": { "type": "button_reply", "button_reply": { "id": "dept-2", "title": "Financeiro" } } }),
            json!({ "type": "interactive", "interactive": { "type": "list_reply", "list_reply": { "id": "row-1", "title": "Segunda via", "description": "Boleto" } } }),
            json!({ "type": "button", "button": { "text": "Sim, confirmo", "payload": "confirm-yes" } }),
            json!({ "type": "system", "system": { "body": "Maria changed their phone number to a new number 5511966665555", "wa_id": "5511966665555", "type": "customer_changed_number" } }),
            json!({ "type": "unknown", "errors": [{ "code": 131051, "title": "Message type unknown" }] }),
            json!({ "type": "poll", "poll": {} }),
        ]);
        let place = message(&events[0]).content.location.clone().unwrap();
        assert_eq!((place.latitude, place.address.as_deref()), (-23.5614, Some("Av. Paulista, 1000")));
        let cards = &message(&events[1]).content.contacts;
        assert_eq!(
            cards[0],
            SharedContact {
                name: "Bruno Lima".into(),
                numbers: vec!["+5511977776666".into(), "+55 11 4000-1234".into()]
            }
        );
        let chosen = |n: usize| message(&events[n]).content.interactive.clone().unwrap();
        assert_eq!(chosen(2), InteractiveAnswer { option_id: "dept-2".into(), title: "Financeiro".into() });
        assert_eq!(chosen(3).option_id, "row-1");
        assert_eq!(chosen(4), InteractiveAnswer { option_id: "confirm-yes".into(), title: "Sim, confirmo".into() });
        let moved = ConnectorEventKind::NumberChanged {
            old_number: "+5511988887777".into(),
            new_number: "+5511966665555".into(),
        };
        assert_eq!(events[5], moved, "the chat moves first");
        let notice = message(&events[6]);
        assert_eq!((notice.content.kind, notice.chat_id.as_str()), (MessageKind::System, "+5511966665555"));
        assert!(notice.content.text.contains("changed their phone number"), "then the notice lands in it");
        assert_eq!(message(&events[7]).content.kind, MessageKind::Unsupported);
        assert_eq!(message(&events[8]).content.kind, MessageKind::Unsupported, "a type added later is kept, not lost");
    }

    #[test]
    fn replies_reactions_and_group_messages() {
        let events = delivered(vec![
            json!({ "type": "text", "text": { "body": "Esse aqui?" }, "context": { "from": "551140001234", "id": "wamid.QUOTED" } }),
            json!({ "type": "reaction", "reaction": { "message_id": "wamid.QUOTED", "emoji": "👍" } }),
            json!({ "type": "reaction", "reaction": { "message_id": "wamid.QUOTED" } }),
            json!({ "type": "text", "text": { "body": "Oi, grupo" }, "group_id": "120363025246125486" }),
        ]);
        let reply = message(&events[0]).content.reply_to.clone().unwrap();
        assert_eq!((reply.external_id.as_str(), reply.sender.as_deref()), ("wamid.QUOTED", Some("+551140001234")));
        let ConnectorEventKind::Reaction(reacted) = &events[1] else { panic!("a reaction") };
        assert_eq!((reacted.target_external_id.as_str(), reacted.emoji.as_str()), ("wamid.QUOTED", "👍"));
        assert_eq!(reacted.sender, format!("+{CUSTOMER}"));
        let ConnectorEventKind::Reaction(removed) = &events[2] else { panic!("a reaction") };
        assert!(removed.is_removal());
        let in_group = message(&events[3]);
        assert_eq!(
            (in_group.chat_id.as_str(), in_group.sender.as_str()),
            ("120363025246125486@g.us", "+5511988887777")
        );
    }
}
