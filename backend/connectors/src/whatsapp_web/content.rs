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
use whatsapp_rust::waproto::whatsapp::__buffa::oneof::message::interactive_response_message::InteractiveResponseMessage as FlowResponse;

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
    // A round video recorded in the chat (`ptv`) is a video like any other.
    if let Some(video) = message.video_message.as_option().or(message.ptv_message.as_option()) {
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

/// The option a customer chose from buttons, a list (older and current formats) or a template's
/// buttons.
fn interactive_content(message: &wa::Message) -> Option<(MessageContent, Option<&wa::ContextInfo>)> {
    let (option_id, title, context) = if let Some(button) = message.buttons_response_message.as_option() {
        let title = button.response.as_ref().map(|ButtonResponse::SelectedDisplayText(text)| text.clone());
        (button.selected_button_id.clone(), title, &button.context_info)
    } else if let Some(list) = message.list_response_message.as_option() {
        let row = list.single_select_reply.as_option().and_then(|reply| reply.selected_row_id.clone());
        (row, list.title.clone(), &list.context_info)
    } else if let Some(answer) = message.interactive_response_message.as_option() {
        let title = answer.body.as_option().and_then(|body| body.text.clone());
        let option_id = answer
            .interactive_response_message
            .as_ref()
            .and_then(|FlowResponse::NativeFlowResponseMessage(flow)| flow_option_id(flow));
        (option_id, title, &answer.context_info)
    } else {
        let button = message.template_button_reply_message.as_option()?;
        (button.selected_id.clone(), button.selected_display_text.clone(), &button.context_info)
    };
    let answer = InteractiveAnswer { option_id: option_id.unwrap_or_default(), title: title.unwrap_or_default() };
    let content =
        MessageContent { kind: MessageKind::InteractiveAnswer, interactive: Some(answer), ..MessageContent::default() };
    Some((content, context.as_option()))
}

/// A current-format answer carries the chosen row's or button's id in its JSON parameters
/// (`{"id": "…"}`); the flow's name stands in when it does not.
fn flow_option_id(flow: &wa::message::interactive_response_message::NativeFlowResponseMessage) -> Option<String> {
    let params: Option<serde_json::Value> =
        flow.params_json.as_deref().and_then(|json| serde_json::from_str(json).ok());
    let id = params.as_ref().and_then(|params| params.get("id")).and_then(|id| id.as_str()).map(str::to_owned);
    id.or_else(|| flow.name.clone())
}

fn unsupported() -> MessageContent {
    MessageContent { kind: MessageKind::Unsupported, ..MessageContent::default() }
}

/// Messages that change or keep up others rather than say something: protocol messages
/// (deletions, edits, key shares, history notices), reactions (mapped apart), poll votes, pins,
/// keep-in-chat, encrypted add-ons, and nothing but key distribution or message secrets.
fn is_housekeeping(message: &wa::Message) -> bool {
    let updates_another = message.protocol_message.is_set()
        || message.reaction_message.is_set()
        || message.enc_reaction_message.is_set()
        || message.poll_update_message.is_set()
        || message.pin_in_chat_message.is_set()
        || message.keep_in_chat_message.is_set()
        || message.secret_encrypted_message.is_set()
        || message.enc_event_response_message.is_set()
        || message.enc_comment_message.is_set();
    if updates_another {
        return true;
    }
    let mut rest = message.clone();
    rest.sender_key_distribution_message = Default::default();
    rest.fast_ratchet_key_sender_key_distribution_message = Default::default();
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

#[cfg(test)]
mod tests {
    use whatsapp_rust::buffa::MessageField;
    use whatsapp_rust::prelude::MessageBuilderExt;

    use super::*;

    const SHA: [u8; 32] = [0xab; 32];

    fn content(message: wa::Message) -> MessageContent {
        message_content(&message).expect("a message with content")
    }

    fn photo(caption: &str) -> wa::message::ImageMessage {
        wa::message::ImageMessage {
            mimetype: Some("image/png".into()),
            caption: Some(caption.into()),
            file_sha256: Some(SHA.to_vec()),
            file_enc_sha256: Some(vec![0xcd; 32]),
            media_key: Some(vec![0x01; 32]),
            file_length: Some(204_800),
            direct_path: Some("/v/t62.7118-24/photo.enc?ccb=11-4".into()),
            width: Some(1280),
            height: Some(960),
            ..Default::default()
        }
    }

    fn image(caption: &str) -> wa::Message {
        wa::Message { image_message: MessageField::some(photo(caption)), ..Default::default() }
    }

    fn quoting(stanza_id: &str, participant: &str, quoted: wa::Message) -> wa::ContextInfo {
        wa::ContextInfo {
            stanza_id: Some(stanza_id.into()),
            participant: Some(participant.into()),
            quoted_message: MessageField::some(quoted),
            ..Default::default()
        }
    }

    #[test]
    fn a_photo_keeps_its_caption_facts_and_the_keys_to_download_it() {
        let photo = content(image("Segue a foto da fachada"));
        assert_eq!((photo.kind, photo.text.as_str()), (MessageKind::Image, "Segue a foto da fachada"));
        let media = photo.media.unwrap();
        assert_eq!(media.state, blocopro_domain::message::MediaState::Pending);
        assert_eq!(media.mime_type, "image/png");
        assert_eq!(media.size_bytes, Some(204_800));
        assert_eq!(media.sha256.as_deref(), Some("ab".repeat(32).as_str()));
        assert_eq!((media.width, media.height, media.duration_seconds), (Some(1280), Some(960), None));

        let reference = DownloadRef::parse(media.provider_ref.as_deref().unwrap()).unwrap();
        assert_eq!(reference.mime_type, "image/png");
        let params = reference.params().unwrap();
        assert_eq!(params.direct_path, "/v/t62.7118-24/photo.enc?ccb=11-4");
        assert_eq!(params.media_key, Some(vec![0x01; 32]));
        assert_eq!(params.file_enc_sha256, Some(vec![0xcd; 32]));
        assert_eq!((params.file_sha256, params.file_length), (SHA.to_vec(), 204_800));
        assert_eq!(params.media_type, MediaType::Image);
    }

    #[test]
    fn the_download_reference_survives_its_round_trip_for_every_media_type() {
        let audio = wa::message::AudioMessage {
            direct_path: Some("/v/t62.7117-24/voice.enc".into()),
            media_key: Some(vec![7; 32]),
            ..Default::default()
        };
        let sticker = wa::message::StickerMessage { direct_path: Some("/v/sticker.enc".into()), ..Default::default() };
        let video = wa::message::VideoMessage { direct_path: Some("/v/video.enc".into()), ..Default::default() };
        let document = wa::message::DocumentMessage { direct_path: Some("/v/doc.enc".into()), ..Default::default() };
        let files: [(&dyn Downloadable, MediaType); 5] = [
            (&photo(""), MediaType::Image),
            (&audio, MediaType::Audio),
            (&video, MediaType::Video),
            (&document, MediaType::Document),
            (&sticker, MediaType::Sticker),
        ];
        for (file, media_type) in files {
            let reference = DownloadRef::of(file, "x/y").unwrap();
            let parsed = DownloadRef::parse(&reference.to_provider_ref()).unwrap();
            assert_eq!(parsed, reference);
            let params = parsed.params().unwrap();
            assert_eq!(params.media_type, media_type);
            assert_eq!(params.direct_path, file.direct_path().unwrap());
            assert_eq!(params.media_key.as_deref(), file.media_key());
        }
    }

    #[test]
    fn a_reference_that_is_not_ours_or_not_hex_downloads_nothing() {
        assert_eq!(DownloadRef::parse("wamid.HBgM"), None);
        assert_eq!(DownloadRef::parse("{}"), None);
        let mut reference = DownloadRef::of(&photo(""), "image/jpeg").unwrap();
        reference.media_key = Some("not hex".into());
        assert!(reference.params().is_none());
        let no_path = wa::message::ImageMessage { direct_path: None, ..photo("") };
        assert_eq!(DownloadRef::of(&no_path, "image/jpeg"), None);
        let without_path = content(wa::Message { image_message: MessageField::some(no_path), ..Default::default() });
        assert_eq!(without_path.media.unwrap().provider_ref, None, "nothing to fetch it by");
    }

    #[test]
    fn audio_recorded_in_the_chat_is_a_voice_note_and_a_file_is_audio() {
        let audio = |ptt| wa::Message {
            audio_message: MessageField::some(wa::message::AudioMessage {
                ptt: Some(ptt),
                seconds: Some(42),
                direct_path: Some("/v/audio.enc".into()),
                ..Default::default()
            }),
            ..Default::default()
        };
        let voice = content(audio(true));
        assert_eq!(voice.kind, MessageKind::VoiceNote);
        let media = voice.media.unwrap();
        assert_eq!((media.mime_type.as_str(), media.duration_seconds), ("audio/ogg; codecs=opus", Some(42)));
        assert_eq!(content(audio(false)).kind, MessageKind::Audio);
    }

    #[test]
    fn videos_documents_and_stickers_carry_their_own_facts() {
        let clip = wa::message::VideoMessage {
            mimetype: Some("video/mp4".into()),
            caption: Some("Olha o barulho".into()),
            seconds: Some(12),
            width: Some(720),
            height: Some(1280),
            ..Default::default()
        };
        let video = content(wa::Message { video_message: MessageField::some(clip.clone()), ..Default::default() });
        assert_eq!((video.kind, video.text.as_str()), (MessageKind::Video, "Olha o barulho"));
        let media = video.media.unwrap();
        assert_eq!((media.duration_seconds, media.width, media.height), (Some(12), Some(720), Some(1280)));
        let round = content(wa::Message { ptv_message: MessageField::some(clip), ..Default::default() });
        assert_eq!(round.kind, MessageKind::Video);

        // A document with a caption arrives wrapped; the wrapper is unwrapped by the caller.
        let boleto = wa::message::DocumentMessage {
            mimetype: Some("application/pdf".into()),
            file_name: Some("boleto-março.pdf".into()),
            caption: Some("Segue o boleto".into()),
            file_length: Some(88_000),
            ..Default::default()
        };
        let wrapped = wa::Message {
            document_with_caption_message: MessageField::some(wa::message::FutureProofMessage {
                message: MessageField::some(wa::Message {
                    document_message: MessageField::some(boleto),
                    ..Default::default()
                }),
            }),
            ..Default::default()
        };
        let document = content(wrapped.get_base_message().clone());
        assert_eq!((document.kind, document.text.as_str()), (MessageKind::Document, "Segue o boleto"));
        let media = document.media.unwrap();
        assert_eq!(media.file_name.as_deref(), Some("boleto-março.pdf"));
        assert_eq!((media.mime_type.as_str(), media.size_bytes), ("application/pdf", Some(88_000)));

        let sticker = content(wa::Message {
            sticker_message: MessageField::some(wa::message::StickerMessage {
                width: Some(512),
                height: Some(512),
                ..Default::default()
            }),
            ..Default::default()
        });
        assert_eq!(sticker.kind, MessageKind::Sticker);
        let media = sticker.media.unwrap();
        assert_eq!((media.mime_type.as_str(), media.width), ("image/webp", Some(512)));
    }

    #[test]
    fn a_location_keeps_its_place_and_a_live_one_where_it_started() {
        let place = content(wa::Message {
            location_message: MessageField::some(wa::message::LocationMessage {
                degrees_latitude: Some(-23.561_414),
                degrees_longitude: Some(-46.655_881),
                name: Some("MASP".into()),
                address: Some("Av. Paulista, 1578".into()),
                ..Default::default()
            }),
            ..Default::default()
        });
        assert_eq!(place.kind, MessageKind::Location);
        assert_eq!(
            place.location,
            Some(Location {
                latitude: -23.561_414,
                longitude: -46.655_881,
                name: Some("MASP".into()),
                address: Some("Av. Paulista, 1578".into()),
            })
        );
        let live = content(wa::Message {
            live_location_message: MessageField::some(wa::message::LiveLocationMessage {
                degrees_latitude: Some(-22.9),
                degrees_longitude: Some(-43.2),
                caption: Some("Estou chegando".into()),
                ..Default::default()
            }),
            ..Default::default()
        });
        assert_eq!((live.kind, live.text.as_str()), (MessageKind::Location, "Estou chegando"));
        assert_eq!(live.location.map(|at| (at.latitude, at.longitude)), Some((-22.9, -43.2)));
    }

    const ANA: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Souza;Ana;;;\r\nFN:Ana Souza\r\n\
        item1.TEL;waid=5511988887777:+55 11 98888-7777\r\nitem1.X-ABLabel:Celular\r\n\
        TEL;type=WORK:+55 11 3333-\r\n 4444\r\nEND:VCARD";

    fn card(display_name: Option<&str>, vcard: &str) -> wa::message::ContactMessage {
        wa::message::ContactMessage {
            display_name: display_name.map(str::to_owned),
            vcard: Some(vcard.into()),
            ..Default::default()
        }
    }

    #[test]
    fn shared_contacts_keep_their_names_and_numbers() {
        let one = content(wa::Message { contact_message: MessageField::some(card(None, ANA)), ..Default::default() });
        assert_eq!(one.kind, MessageKind::Contacts);
        assert_eq!(
            one.contacts,
            vec![SharedContact {
                name: "Ana Souza".into(),
                numbers: vec!["+55 11 98888-7777".into(), "+55 11 3333-4444".into()],
            }]
        );
        let several = content(wa::Message {
            contacts_array_message: MessageField::some(wa::message::ContactsArrayMessage {
                display_name: Some("2 contatos".into()),
                contacts: vec![card(Some("Ana (loja)"), ANA), card(None, "BEGIN:VCARD\nFN:Bruno\nEND:VCARD")],
                ..Default::default()
            }),
            ..Default::default()
        });
        let names: Vec<(&str, usize)> =
            several.contacts.iter().map(|contact| (contact.name.as_str(), contact.numbers.len())).collect();
        assert_eq!(names, vec![("Ana (loja)", 2), ("Bruno", 0)], "WhatsApp's display name comes first");
    }

    #[test]
    fn a_vcard_is_read_for_its_name_and_numbers_whatever_its_shape() {
        let card =
            VCard::read("BEGIN:VCARD\nfn:Padaria São João\\, Centro\nTel;TYPE=cell:11 5555-0000\nTEL:\nEND:VCARD");
        assert_eq!(card.name.as_deref(), Some("Padaria São João, Centro"));
        assert_eq!(card.numbers, vec!["11 5555-0000"]);
        assert_eq!(VCard::read("not a card"), VCard::default());
        assert_eq!(VCard::read(""), VCard::default());
    }

    #[test]
    fn buttons_lists_and_template_buttons_answer_with_the_chosen_option() {
        let answer = |message: wa::Message| {
            let content = content(message);
            assert_eq!(content.kind, MessageKind::InteractiveAnswer);
            let answer = content.interactive.unwrap();
            (answer.option_id, answer.title)
        };
        let button = wa::Message {
            buttons_response_message: MessageField::some(wa::message::ButtonsResponseMessage {
                selected_button_id: Some("dept-2".into()),
                response: Some(ButtonResponse::SelectedDisplayText("Financeiro".into())),
                ..Default::default()
            }),
            ..Default::default()
        };
        assert_eq!(answer(button), ("dept-2".into(), "Financeiro".into()));
        let list = wa::Message {
            list_response_message: MessageField::some(wa::message::ListResponseMessage {
                title: Some("Segunda via do boleto".into()),
                single_select_reply: MessageField::some(wa::message::list_response_message::SingleSelectReply {
                    selected_row_id: Some("row-boleto".into()),
                }),
                ..Default::default()
            }),
            ..Default::default()
        };
        assert_eq!(answer(list), ("row-boleto".into(), "Segunda via do boleto".into()));
        let template = wa::Message {
            template_button_reply_message: MessageField::some(wa::message::TemplateButtonReplyMessage {
                selected_id: Some("confirmar".into()),
                selected_display_text: Some("Confirmar".into()),
                ..Default::default()
            }),
            ..Default::default()
        };
        assert_eq!(answer(template), ("confirmar".into(), "Confirmar".into()));
        let flow = wa::Message {
            interactive_response_message: MessageField::some(wa::message::InteractiveResponseMessage {
                body: MessageField::some(wa::message::interactive_response_message::Body {
                    text: Some("Suporte".into()),
                    ..Default::default()
                }),
                interactive_response_message: Some(FlowResponse::NativeFlowResponseMessage(Box::new(
                    wa::message::interactive_response_message::NativeFlowResponseMessage {
                        name: Some("menu".into()),
                        params_json: Some(r#"{"id":"dept-3"}"#.into()),
                        ..Default::default()
                    },
                ))),
                ..Default::default()
            }),
            ..Default::default()
        };
        assert_eq!(answer(flow), ("dept-3".into(), "Suporte".into()));
    }

    #[test]
    fn a_reply_keeps_the_quoted_message_id_author_kind_and_start() {
        let context = quoting("3EB0QUOTED", "5511912345678@s.whatsapp.net", image("Foto da fachada"));
        let reply = content(wa::Message::text_with_context("Essa mesma", context));
        assert_eq!((reply.kind, reply.text.as_str()), (MessageKind::Text, "Essa mesma"));
        assert_eq!(
            reply.reply_to,
            Some(ReplyTo {
                external_id: "3EB0QUOTED".into(),
                sender: Some("+5511912345678".into()),
                kind: Some(MessageKind::Image),
                snippet: "Foto da fachada".into(),
                message_id: None,
            })
        );

        // A photo can reply too; a quote WhatsApp left out still names the message.
        let bare = wa::ContextInfo { stanza_id: Some("3EB0OLD".into()), ..Default::default() };
        let mut answer = photo("Aqui");
        answer.context_info = MessageField::some(bare);
        let reply = content(wa::Message { image_message: MessageField::some(answer), ..Default::default() });
        let quoted = reply.reply_to.unwrap();
        assert_eq!((quoted.external_id.as_str(), quoted.kind, quoted.snippet.as_str()), ("3EB0OLD", None, ""));

        let mentions_only =
            wa::ContextInfo { mentioned_jid: vec!["5511912345678@s.whatsapp.net".into()], ..Default::default() };
        assert_eq!(content(wa::Message::text_with_context("@Ana", mentions_only)).reply_to, None);
    }

    #[test]
    fn protocol_messages_and_key_shares_are_nobodys_content_and_other_kinds_are_unsupported() {
        let revoke = wa::Message { protocol_message: MessageField::some(Default::default()), ..Default::default() };
        let key_share = wa::Message {
            sender_key_distribution_message: MessageField::some(Default::default()),
            message_context_info: MessageField::some(Default::default()),
            ..Default::default()
        };
        let vote = wa::Message { poll_update_message: MessageField::some(Default::default()), ..Default::default() };
        for nothing in [revoke, key_share, vote, wa::Message::default()] {
            assert_eq!(message_content(&nothing), None, "{nothing:?}");
        }
        let poll = wa::Message {
            poll_creation_message: MessageField::some(wa::message::PollCreationMessage {
                name: Some("Qual horário?".into()),
                ..Default::default()
            }),
            sender_key_distribution_message: MessageField::some(Default::default()),
            ..Default::default()
        };
        assert_eq!(content(poll).kind, MessageKind::Unsupported);
    }
}
