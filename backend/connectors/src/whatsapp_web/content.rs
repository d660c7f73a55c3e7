//! What a WhatsApp Web message says, from the library's protobufs to our [`MessageContent`]: its
//! kind, text or caption, file (with the keys to download it later), location, contact cards, the
//! option chosen from buttons or a list, and the message it quotes. Pure, so it is unit-tested
//! with the library's own types.

use blocopro_domain::message::{
    InteractiveAnswer, Location, Media, MessageContent, MessageKind, ReplyTo, SharedContact,
};
use serde::{Deserialize, Serialize};
use whatsapp_rust::download::{DownloadParams, Downloadable, MediaType};
use whatsapp_rust::prelude::{MessageExt, wa};
use whatsapp_rust::waproto::whatsapp::__buffa::oneof::message::buttons_response_message::Response as ButtonResponse;

use super::mapping::sender_address;

/// What `message` says; `None` for what WhatsApp sends that is nobody's content: protocol messages
/// (deletions, edits, key shares), reactions (events of their own) and key distributions alone.
pub fn message_content(message: &wa::Message) -> Option<MessageContent> {
    let (mut content, context) = kind_content(message)?;
    content.reply_to = context.and_then(reply_to);
    Some(content)
}

/// The content without its quote, and the context that may name the quoted message.
fn kind_content(message: &wa::Message) -> Option<(MessageContent, Option<&wa::ContextInfo>)> {
    if let Some(text) = message.conversation.as_deref().filter(|text| !text.is_empty()) {
        return Some((MessageContent::text(text), None));
    }
    if let Some(extended) = message.extended_text_message.as_option() {
        let text = extended.text.clone().unwrap_or_default();
        return Some((MessageContent::text(text), extended.context_info.as_option()));
    }
    media_content(message)
        .or_else(|| shared_content(message))
        .or_else(|| interactive_content(message))
        .or_else(|| (!is_housekeeping(message)).then(|| (unsupported(), None)))
}

fn media_content(message: &wa::Message) -> Option<(MessageContent, Option<&wa::ContextInfo>)> {
    if let Some(image) = message.image_message.as_option() {
        let facts = MediaFacts {
            mime_type: image.mimetype.as_deref(),
            caption: image.caption.as_deref(),
            width: image.width,
            height: image.height,
            ..MediaFacts::default()
        };
        return Some((media(MessageKind::Image, image, facts), image.context_info.as_option()));
    }
    if let Some(audio) = message.audio_message.as_option() {
        let kind = if audio.ptt == Some(true) { MessageKind::VoiceNote } else { MessageKind::Audio };
        let facts =
            MediaFacts { mime_type: audio.mimetype.as_deref(), seconds: audio.seconds, ..MediaFacts::default() };
        return Some((media(kind, audio, facts), audio.context_info.as_option()));
    }
    if let Some(video) = message.video_message.as_option() {
        let facts = MediaFacts {
            mime_type: video.mimetype.as_deref(),
            caption: video.caption.as_deref(),
            seconds: video.seconds,
            width: video.width,
            height: video.height,
            ..MediaFacts::default()
        };
        return Some((media(MessageKind::Video, video, facts), video.context_info.as_option()));
    }
    if let Some(document) = message.document_message.as_option() {
        let facts = MediaFacts {
            mime_type: document.mimetype.as_deref(),
            caption: document.caption.as_deref(),
            file_name: document.file_name.as_deref().or(document.title.as_deref()),
            ..MediaFacts::default()
        };
        return Some((media(MessageKind::Document, document, facts), document.context_info.as_option()));
    }
    let sticker = message.sticker_message.as_option()?;
    let facts = MediaFacts {
        mime_type: sticker.mimetype.as_deref(),
        width: sticker.width,
        height: sticker.height,
        ..MediaFacts::default()
    };
    Some((media(MessageKind::Sticker, sticker, facts), sticker.context_info.as_option()))
}

/// What a media protobuf tells beyond what [`Downloadable`] gives.
#[derive(Default)]
struct MediaFacts<'a> {
    mime_type: Option<&'a str>,
    caption: Option<&'a str>,
    file_name: Option<&'a str>,
    seconds: Option<u32>,
    width: Option<u32>,
    height: Option<u32>,
}

fn media(kind: MessageKind, file: &dyn Downloadable, facts: MediaFacts<'_>) -> MessageContent {
    let mime_type = facts.mime_type.filter(|mime| !mime.is_empty()).unwrap_or_else(|| default_mime_type(kind));
    let provider_ref = DownloadRef::of(file, mime_type).map(|reference| reference.to_provider_ref());
    let media = Media {
        size_bytes: file.file_length(),
        sha256: file.file_sha256().filter(|hash| !hash.is_empty()).map(hex::encode),
        file_name: facts.file_name.filter(|name| !name.is_empty()).map(str::to_owned),
        duration_seconds: facts.seconds,
        width: facts.width,
        height: facts.height,
        ..Media::pending(mime_type, provider_ref)
    };
    MessageContent {
        kind,
        text: facts.caption.unwrap_or_default().to_owned(),
        media: Some(media),
        ..MessageContent::default()
    }
}

/// What WhatsApp's apps send when the message names no type.
fn default_mime_type(kind: MessageKind) -> &'static str {
    match kind {
        MessageKind::Image => "image/jpeg",
        MessageKind::Audio | MessageKind::VoiceNote => "audio/ogg; codecs=opus",
        MessageKind::Video => "video/mp4",
        MessageKind::Sticker => "image/webp",
        _ => "application/octet-stream",
    }
}

/// Locations (a live one as where it started) and contact cards.
fn shared_content(message: &wa::Message) -> Option<(MessageContent, Option<&wa::ContextInfo>)> {
    if let Some(place) = message.location_message.as_option() {
        let location = Location {
            latitude: place.degrees_latitude.unwrap_or_default(),
            longitude: place.degrees_longitude.unwrap_or_default(),
            name: place.name.clone().filter(|name| !name.is_empty()),
            address: place.address.clone().filter(|address| !address.is_empty()),
        };
        let content = MessageContent { text: place.comment.clone().unwrap_or_default(), ..located(location) };
        return Some((content, place.context_info.as_option()));
    }
    if let Some(live) = message.live_location_message.as_option() {
        let location = Location {
            latitude: live.degrees_latitude.unwrap_or_default(),
            longitude: live.degrees_longitude.unwrap_or_default(),
            name: None,
            address: None,
        };
        let content = MessageContent { text: live.caption.clone().unwrap_or_default(), ..located(location) };
        return Some((content, live.context_info.as_option()));
    }
    if let Some(card) = message.contact_message.as_option() {
        return Some((contacts(std::slice::from_ref(card)), card.context_info.as_option()));
    }
    let cards = message.contacts_array_message.as_option()?;
    Some((contacts(&cards.contacts), cards.context_info.as_option()))
}

fn located(location: Location) -> MessageContent {
    MessageContent { kind: MessageKind::Location, location: Some(location), ..MessageContent::default() }
}

fn contacts(cards: &[wa::message::ContactMessage]) -> MessageContent {
    let contacts = cards
        .iter()
        .map(|card| {
            let vcard = VCard::read(card.vcard.as_deref().unwrap_or_default());
            let name = card.display_name.clone().filter(|name| !name.trim().is_empty());
            SharedContact { name: name.or(vcard.name).unwrap_or_default(), numbers: vcard.numbers }
        })
        .collect();
    MessageContent { kind: MessageKind::Contacts, contacts, ..MessageContent::default() }
}

/// The option a customer chose from buttons, a list or a template's buttons.
fn interactive_content(message: &wa::Message) -> Option<(MessageContent, Option<&wa::ContextInfo>)> {
    let (option_id, title, context) = if let Some(button) = message.buttons_response_message.as_option() {
        let title = match &button.response {
            Some(ButtonResponse::SelectedDisplayText(text)) => Some(text.as_str()),
            None => None,
        };
        (button.selected_button_id.as_deref(), title, &button.context_info)
    } else if let Some(list) = message.list_response_message.as_option() {
        let row = list.single_select_reply.as_option().and_then(|reply| reply.selected_row_id.as_deref());
        (row, list.title.as_deref(), &list.context_info)
    } else {
        let button = message.template_button_reply_message.as_option()?;
        (button.selected_id.as_deref(), button.selected_display_text.as_deref(), &button.context_info)
    };
    let answer = InteractiveAnswer {
        option_id: option_id.unwrap_or_default().to_owned(),
        title: title.unwrap_or_default().to_owned(),
    };
    let content =
        MessageContent { kind: MessageKind::InteractiveAnswer, interactive: Some(answer), ..MessageContent::default() };
    Some((content, context.as_option()))
}

fn unsupported() -> MessageContent {
    MessageContent { kind: MessageKind::Unsupported, ..MessageContent::default() }
}

/// Messages that only keep the session going: protocol messages (deletions, edits, key shares,
/// history notices), reactions (mapped apart) and nothing but key distribution or message secrets.
fn is_housekeeping(message: &wa::Message) -> bool {
    if message.protocol_message.is_set() || message.reaction_message.is_set() {
        return true;
    }
    let mut rest = message.clone();
    rest.sender_key_distribution_message = Default::default();
    rest.message_context_info = Default::default();
    rest == wa::Message::default()
}

/// The quoted message, as WhatsApp quotes it: its id, author, kind and start. A context that
/// names no message (mentions only) quotes nothing.
fn reply_to(context: &wa::ContextInfo) -> Option<ReplyTo> {
    let external_id = context.stanza_id.clone().filter(|id| !id.is_empty())?;
    let sender = context.participant.as_deref().and_then(|participant| participant.parse().ok());
    let quoted = context.quoted_message.as_option().and_then(|quoted| kind_content(quoted.get_base_message()));
    Some(ReplyTo {
        external_id,
        sender: sender.as_ref().map(sender_address),
        kind: quoted.as_ref().map(|(content, _)| content.kind),
        snippet: quoted.map(|(content, _)| content.summary()).unwrap_or_default(),
        message_id: None,
    })
}

/// What `fetch_media` needs to download and decrypt a file later, kept in the media's
/// `provider_ref` as JSON: the CDN path, the keys and hashes (hex) and the media type, which picks
/// the decryption keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DownloadRef {
    pub direct_path: String,
    pub media_key: Option<String>,
    pub file_sha256: Option<String>,
    pub file_enc_sha256: Option<String>,
    pub file_length: Option<u64>,
    pub media_type: DownloadKind,
    pub mime_type: String,
}

/// The media types the download keys are derived for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DownloadKind {
    Image,
    Video,
    Audio,
    Document,
    Sticker,
}

impl DownloadKind {
    fn of(media_type: MediaType) -> Option<Self> {
        Some(match media_type {
            MediaType::Image => DownloadKind::Image,
            MediaType::Video => DownloadKind::Video,
            MediaType::Audio => DownloadKind::Audio,
            MediaType::Document => DownloadKind::Document,
            MediaType::Sticker => DownloadKind::Sticker,
            _ => return None,
        })
    }

    fn media_type(self) -> MediaType {
        match self {
            DownloadKind::Image => MediaType::Image,
            DownloadKind::Video => MediaType::Video,
            DownloadKind::Audio => MediaType::Audio,
            DownloadKind::Document => MediaType::Document,
            DownloadKind::Sticker => MediaType::Sticker,
        }
    }
}

impl DownloadRef {
    /// `None` when the message gives no CDN path: there is nothing to download then.
    pub fn of(file: &dyn Downloadable, mime_type: &str) -> Option<Self> {
        let direct_path = file.direct_path().filter(|path| !path.is_empty())?;
        Some(DownloadRef {
            direct_path: direct_path.to_owned(),
            media_key: file.media_key().map(hex::encode),
            file_sha256: file.file_sha256().map(hex::encode),
            file_enc_sha256: file.file_enc_sha256().map(hex::encode),
            file_length: file.file_length(),
            media_type: DownloadKind::of(file.app_info())?,
            mime_type: mime_type.to_owned(),
        })
    }

    pub fn to_provider_ref(&self) -> String {
        serde_json::to_string(self).expect("a download reference always serialises")
    }

    /// `None` for a reference this connector did not write.
    pub fn parse(provider_ref: &str) -> Option<Self> {
        serde_json::from_str(provider_ref).ok()
    }

    /// The library's download parameters; `None` when a key or hash is not hex.
    pub fn params(&self) -> Option<DownloadParams> {
        let bytes = |hex_text: &Option<String>| hex_text.as_deref().map(hex::decode).transpose().ok();
        Some(DownloadParams {
            direct_path: self.direct_path.clone(),
            media_key: bytes(&self.media_key)?,
            file_sha256: bytes(&self.file_sha256)?.unwrap_or_default(),
            file_enc_sha256: bytes(&self.file_enc_sha256)?,
            file_length: self.file_length.unwrap_or_default(),
            media_type: self.media_type.media_type(),
        })
    }
}

/// The name and phone numbers of a vCard (RFC 6350): its `FN` and `TEL` properties, whatever
/// their group prefix (`item1.TEL`) or parameters (`TEL;type=CELL;waid=…`).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct VCard {
    pub name: Option<String>,
    pub numbers: Vec<String>,
}

impl VCard {
    pub fn read(text: &str) -> Self {
        let mut card = VCard::default();
        for line in unfolded_lines(text) {
            let Some((property, value)) = line.split_once(':') else { continue };
            let name = property.split(';').next().unwrap_or_default();
            let name = name.rsplit('.').next().unwrap_or_default();
            let value = unescaped(value.trim());
            if value.is_empty() {
                continue;
            }
            if name.eq_ignore_ascii_case("FN") && card.name.is_none() {
                card.name = Some(value);
            } else if name.eq_ignore_ascii_case("TEL") {
                card.numbers.push(value);
            }
        }
        card
    }
}

/// A line that starts with a space or a tab continues the one before it.
fn unfolded_lines(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for raw in text.split('\n').map(|line| line.strip_suffix('\r').unwrap_or(line)) {
        match (raw.strip_prefix([' ', '\t']), lines.last_mut()) {
            (Some(continued), Some(last)) => last.push_str(continued),
            _ => lines.push(raw.to_owned()),
        }
    }
    lines
}

fn unescaped(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match (c, c == '\\') {
            (_, true) => match chars.next() {
                Some('n' | 'N') => out.push(' '),
                Some(other) => out.push(other),
                None => {}
            },
            (c, false) => out.push(c),
        }
    }
    out
}
