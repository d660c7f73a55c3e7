//! What a message says: its kind, its text (a body or a caption), its media file, the message it
//! replies to, the details of its kind (a location, shared contacts, an interactive answer, a
//! template) and the reactions it received. The rules here are pure: previews, the reactions
//! aggregated on their message, a quoted message completed from the stored one, and what the
//! databases cannot store taken out.
//!
//! Reactions are not messages: WhatsApp shows them on the message they target, a new one replaces
//! the sender's previous one and an empty one removes it, so they are kept per (message, sender)
//! and shown aggregated on that message (see `docs/decisions.md`).
//!
//! The stores keep a location, shared contacts, an interactive answer and a template as JSON in the
//! shape they serialise to here (one `details` column), so renaming one of their fields needs a
//! migration of that column.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::conversation::preview;

crate::text_enum! {
    /// What a message is. `text`: words only (`text` is the body). Media, whose file is in `media`
    /// and whose caption is `text`: `image`, `audio` (an audio file), `voice_note` (recorded in the
    /// chat), `video`, `document`, `sticker`. `location` (`location`), `contacts` (shared contact
    /// cards, `contacts`), `interactive_answer` (the option a customer chose from buttons or a list,
    /// `interactive`), `template` (an approved template sent by the company, `template`).
    /// `unsupported`: something WhatsApp sent that BlocoPro does not show (a poll, an event…).
    /// `system`: a notice from WhatsApp itself, its wording in `text` (e.g. a customer changed number).
    /// `note`: a private note of the team ("Nota interna", `text`), never sent to WhatsApp; its
    /// `sender` is the name of the attendant who wrote it. `transfer`: the conversation was moved
    /// within the team (`transfer`: by whom, to which attendant and/or queue; `text`: the note left
    /// for them), never sent to WhatsApp either; `sender` is who moved it.
    pub enum MessageKind {
        Text => "text",
        Image => "image",
        Audio => "audio",
        VoiceNote => "voice_note",
        Video => "video",
        Document => "document",
        Sticker => "sticker",
        Location => "location",
        Contacts => "contacts",
        InteractiveAnswer => "interactive_answer",
        Template => "template",
        Unsupported => "unsupported",
        System => "system",
        Note => "note",
        Transfer => "transfer",
    }
}

const MB: u64 = 1024 * 1024;
/// The largest file WhatsApp accepts of any kind: a document's.
pub const LARGEST_FILE_BYTES: u64 = 100 * MB;

impl MessageKind {
    /// The largest file WhatsApp accepts for a kind, in bytes (image 5 MB, audio, voice notes and
    /// video 16 MB, document 100 MB, sticker 500 KB), received or uploaded; `None` for kinds
    /// without a file.
    pub fn file_limit_bytes(self) -> Option<u64> {
        match self {
            MessageKind::Image => Some(5 * MB),
            MessageKind::Audio | MessageKind::VoiceNote | MessageKind::Video => Some(16 * MB),
            MessageKind::Document => Some(LARGEST_FILE_BYTES),
            MessageKind::Sticker => Some(500 * 1024),
            _ => None,
        }
    }

    /// Whether a message of this kind goes to WhatsApp: everything but what the team alone sees,
    /// private notes and transfers.
    pub fn reaches_whatsapp(self) -> bool {
        !matches!(self, MessageKind::Note | MessageKind::Transfer)
    }

    /// Kinds whose substance is a file (`media`).
    pub fn carries_media(self) -> bool {
        matches!(
            self,
            MessageKind::Image
                | MessageKind::Audio
                | MessageKind::VoiceNote
                | MessageKind::Video
                | MessageKind::Document
                | MessageKind::Sticker
        )
    }
}

crate::text_enum! {
    /// Where a media file's bytes are. `pending`: still at WhatsApp (to be downloaded) or being
    /// uploaded; `stored`: in BlocoPro, served at `GET /api/v1/media/{id}`; `failed`: the last try to
    /// fetch it failed (it is tried again later, with backoff, until it gives up).
    pub enum MediaState { Pending => "pending", Stored => "stored", Failed => "failed" }
}

/// A message's file: what is known of it, and whether BlocoPro holds its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Media {
    /// Its own id: the bytes are served at `GET /api/v1/media/{id}` once `stored`.
    pub id: Uuid,
    pub state: MediaState,
    /// E.g. `image/jpeg`, `audio/ogg; codecs=opus`, `application/pdf`.
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
    /// Where the connector fetches the bytes from (the Graph API's media id, WhatsApp Web's
    /// download keys): for the download worker only, never shown.
    #[serde(skip)]
    pub provider_ref: Option<String>,
}

impl Media {
    /// A file still at WhatsApp, to be fetched through `provider_ref`.
    pub fn pending(mime_type: impl Into<String>, provider_ref: Option<String>) -> Self {
        Media {
            id: Uuid::now_v7(),
            state: MediaState::Pending,
            mime_type: mime_type.into(),
            size_bytes: None,
            sha256: None,
            file_name: None,
            duration_seconds: None,
            width: None,
            height: None,
            provider_ref,
        }
    }
}

/// The message a message replies to. Kept even when that message was never stored (it may be
/// older than the channel, or arrive later): its provider id always, the rest when known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReplyTo {
    /// The provider's id of the quoted message.
    pub external_id: String,
    /// Who wrote the quoted message, when known.
    pub sender: Option<String>,
    /// The quoted message's kind, when known.
    pub kind: Option<MessageKind>,
    /// The start of the quoted message (empty when neither WhatsApp nor the stored message tells).
    pub snippet: String,
    /// The quoted message's id here, once it is stored.
    pub message_id: Option<Uuid>,
}

/// The stored message a reply quotes, as reads find it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotedMessage {
    pub id: Uuid,
    pub sender: String,
    pub kind: MessageKind,
    pub text: String,
}

impl ReplyTo {
    /// A reply as read: what the provider quoted, completed by the quoted message when it is
    /// stored (its id always; its sender, kind and start where the provider said nothing).
    pub fn completed_by(self, quoted: Option<QuotedMessage>) -> ReplyTo {
        let Some(quoted) = quoted else { return self };
        ReplyTo {
            sender: self.sender.or(Some(quoted.sender)),
            kind: self.kind.or(Some(quoted.kind)),
            snippet: if self.snippet.is_empty() { preview(&quoted.text) } else { self.snippet },
            message_id: Some(quoted.id),
            external_id: self.external_id,
        }
    }
}

/// A shared location.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    /// Degrees, WGS 84.
    pub latitude: f64,
    pub longitude: f64,
    /// The place's name, when one was chosen.
    pub name: Option<String>,
    pub address: Option<String>,
}

/// A contact card shared in a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedContact {
    /// The card's formatted name.
    pub name: String,
    /// Its phone numbers as the card gives them (not always E.164).
    pub numbers: Vec<String>,
}

/// The option a customer chose from a message's buttons or list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InteractiveAnswer {
    /// The option's id, as the company's message set it.
    pub option_id: String,
    /// The option's text, as the customer saw it.
    pub title: String,
}

/// An approved WhatsApp template a message was sent from. A template with a media header sends
/// the message's `media` as its header's file. (The header and button fields came after the
/// first templates: stored messages without them read as empty.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateRef {
    pub name: String,
    /// Its language code, e.g. `pt_BR`.
    pub language: String,
    /// The values of its body's placeholders, in order (`{{1}}`, `{{2}}`…).
    pub parameters: Vec<String>,
    /// The values of its text header's placeholders, in order.
    #[serde(default)]
    pub header_parameters: Vec<String>,
    /// The kind of its header's file (`image`, `video`, `document`), when it has a media header.
    #[serde(default)]
    pub header_media: Option<MessageKind>,
    /// The values of its buttons that take one, by the button's index.
    #[serde(default)]
    pub button_parameters: Vec<ButtonParameter>,
}

impl TemplateRef {
    /// A template with the values of its body only.
    pub fn with_body(name: impl Into<String>, language: impl Into<String>, parameters: Vec<String>) -> Self {
        TemplateRef {
            name: name.into(),
            language: language.into(),
            parameters,
            header_parameters: Vec::new(),
            header_media: None,
            button_parameters: Vec::new(),
        }
    }
}

crate::text_enum! {
    /// What a template button's value is: the dynamic end of a `url` button's link, the payload
    /// a `quick_reply` button sends back when tapped, or the code a `copy_code` button copies.
    pub enum ButtonSubType {
        Url => "url",
        QuickReply => "quick_reply",
        CopyCode => "copy_code",
    }
}

/// The value of one template button, by the button's index (from 0, in the template's order).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ButtonParameter {
    pub index: u32,
    pub sub_type: ButtonSubType,
    pub value: String,
}

/// Someone or something of the company, by id and by the name it had then.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedRef {
    pub id: Uuid,
    pub name: String,
}

/// A conversation moved within the team: who moved it, and to which attendant and/or department
/// queue. The note for whoever receives it is the message's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferEvent {
    pub by: NamedRef,
    pub to_user: Option<NamedRef>,
    pub to_department: Option<NamedRef>,
}

/// What the sender wrote: everything of a message but where it goes and how its delivery stands.
/// Only the part that its kind calls for is set: `media` for the media kinds, `location`,
/// `contacts`, `interactive` and `template` for theirs; `reply_to` for any kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MessageContent {
    pub kind: MessageKind,
    /// The body of a `text` or `system` message, the caption of a media message; empty when none.
    pub text: String,
    pub media: Option<Media>,
    pub reply_to: Option<ReplyTo>,
    pub location: Option<Location>,
    pub contacts: Vec<SharedContact>,
    pub interactive: Option<InteractiveAnswer>,
    pub template: Option<TemplateRef>,
    pub transfer: Option<TransferEvent>,
}

impl Default for MessageContent {
    fn default() -> Self {
        MessageContent::text("")
    }
}

/// Longest reaction kept (an emoji, with its skin tone and joiners); longer is cut.
pub const MAX_EMOJI_CHARS: usize = 16;

impl MessageContent {
    /// A text message.
    pub fn text(text: impl Into<String>) -> Self {
        MessageContent {
            kind: MessageKind::Text,
            text: text.into(),
            media: None,
            reply_to: None,
            location: None,
            contacts: Vec::new(),
            interactive: None,
            template: None,
            transfer: None,
        }
    }

    /// What says most about the message in a line: its text, or else what its kind holds (a
    /// document's file name, a place's name, the contacts' names, the chosen option, the
    /// template). Empty when nothing does (a photo without caption): lists show the kind then.
    pub fn summary(&self) -> String {
        if !self.text.trim().is_empty() {
            return self.text.clone();
        }
        let named = match self.kind {
            MessageKind::Location => {
                self.location.as_ref().and_then(|location| location.name.clone().or_else(|| location.address.clone()))
            }
            MessageKind::Contacts => {
                Some(self.contacts.iter().map(|contact| contact.name.as_str()).collect::<Vec<_>>().join(", "))
            }
            MessageKind::InteractiveAnswer => self.interactive.as_ref().map(|answer| answer.title.clone()),
            MessageKind::Template => self.template.as_ref().map(|template| template.name.clone()),
            MessageKind::Transfer => {
                let to = self
                    .transfer
                    .as_ref()
                    .and_then(|transfer| transfer.to_user.as_ref().or(transfer.to_department.as_ref()));
                to.map(|to| format!("→ {}", to.name))
            }
            _ => self.media.as_ref().and_then(|media| media.file_name.clone()),
        };
        named.unwrap_or_default()
    }

    /// The start of `summary`, as the conversation list shows it beside the kind.
    pub fn preview(&self) -> String {
        preview(&self.summary())
    }

    /// What answers a question put in words (a greeting menu): the text, or the option chosen.
    pub fn answer(&self) -> &str {
        match (&self.interactive, self.kind) {
            (Some(answer), MessageKind::InteractiveAnswer) => &answer.title,
            _ => &self.text,
        }
    }

    /// The content as the databases can keep it: no NUL anywhere (PostgreSQL refuses it in text
    /// and JSON) and a reply's snippet cut to a preview.
    pub fn sanitised(self) -> Self {
        let clean = |text: String| if text.contains('\0') { text.replace('\0', "") } else { text };
        let clean_opt = |text: Option<String>| text.map(clean);
        MessageContent {
            kind: self.kind,
            text: clean(self.text),
            media: self.media.map(|media| Media {
                mime_type: clean(media.mime_type),
                sha256: clean_opt(media.sha256),
                file_name: clean_opt(media.file_name),
                provider_ref: clean_opt(media.provider_ref),
                ..media
            }),
            reply_to: self.reply_to.map(|reply| ReplyTo {
                external_id: clean(reply.external_id),
                sender: clean_opt(reply.sender),
                snippet: preview(&clean(reply.snippet)),
                ..reply
            }),
            location: self.location.map(|location| Location {
                name: clean_opt(location.name),
                address: clean_opt(location.address),
                ..location
            }),
            contacts: self
                .contacts
                .into_iter()
                .map(|contact| SharedContact {
                    name: clean(contact.name),
                    numbers: contact.numbers.into_iter().map(clean).collect(),
                })
                .collect(),
            interactive: self
                .interactive
                .map(|answer| InteractiveAnswer { option_id: clean(answer.option_id), title: clean(answer.title) }),
            template: self.template.map(|template| TemplateRef {
                name: clean(template.name),
                language: clean(template.language),
                parameters: template.parameters.into_iter().map(clean).collect(),
                header_parameters: template.header_parameters.into_iter().map(clean).collect(),
                button_parameters: template
                    .button_parameters
                    .into_iter()
                    .map(|button| ButtonParameter { value: clean(button.value), ..button })
                    .collect(),
                ..template
            }),
            // Names of users and departments, which their own validation keeps clean.
            transfer: self.transfer,
        }
    }
}

/// One emoji on a message, with everyone who reacted with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reaction {
    pub emoji: String,
    /// Who reacted with it (numbers in E.164, or the channel's own number), first reaction first.
    pub senders: Vec<String>,
}

/// Someone reacted to a message (identified by its provider id), or took their reaction back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReactionChange {
    /// The provider's id of the message reacted to; it may not be stored yet.
    pub target_external_id: String,
    /// Who reacted: the peer, a group participant, or the channel's own number.
    pub sender: String,
    /// The emoji; empty when the sender removed their reaction.
    pub emoji: String,
    /// When the sender reacted: of two changes by one sender, the later one stands.
    pub at: Timestamp,
}

impl ReactionChange {
    pub fn is_removal(&self) -> bool {
        self.emoji.is_empty()
    }

    /// Whether this change takes the place of the sender's standing reaction (`None`: they have
    /// none): of two changes, the later one stands, whatever order they are delivered in.
    pub fn supersedes(&self, standing: Option<&SenderReaction>) -> bool {
        standing.is_none_or(|standing| self.at >= standing.at)
    }

    /// Whether the message shows something else once this change replaces `standing`.
    pub fn changes_what_shows(&self, standing: Option<&SenderReaction>) -> bool {
        self.supersedes(standing) && self.emoji != standing.map_or("", |standing| standing.emoji.as_str())
    }

    /// The change as stored: the emoji without surrounding spaces or NUL, at most
    /// `MAX_EMOJI_CHARS` characters.
    pub fn sanitised(self) -> Self {
        let emoji: String = self.emoji.trim().chars().filter(|c| *c != '\0').take(MAX_EMOJI_CHARS).collect();
        ReactionChange {
            emoji,
            target_external_id: self.target_external_id.replace('\0', ""),
            sender: self.sender.replace('\0', ""),
            ..self
        }
    }
}

/// A sender's standing reaction to one message, as kept: the latest change of each sender.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SenderReaction {
    pub sender: String,
    /// Empty: the sender removed their reaction.
    pub emoji: String,
    pub at: Timestamp,
}

/// The reactions shown on a message: one entry per emoji, the earliest reacted first, each with its
/// senders in the order they reacted. Removed reactions do not show.
pub fn aggregate_reactions(reactions: impl IntoIterator<Item = SenderReaction>) -> Vec<Reaction> {
    let mut standing: Vec<SenderReaction> =
        reactions.into_iter().filter(|reaction| !reaction.emoji.is_empty()).collect();
    standing.sort_by(|a, b| (a.at, &a.sender).cmp(&(b.at, &b.sender)));
    let mut aggregated: Vec<Reaction> = Vec::new();
    for reaction in standing {
        match aggregated.iter_mut().find(|shown| shown.emoji == reaction.emoji) {
            Some(shown) => shown.senders.push(reaction.sender),
            None => aggregated.push(Reaction { emoji: reaction.emoji, senders: vec![reaction.sender] }),
        }
    }
    aggregated
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(second: i64) -> Timestamp {
        Timestamp::from_second(1_764_000_000 + second).unwrap()
    }

    fn reacted(sender: &str, emoji: &str, second: i64) -> SenderReaction {
        SenderReaction { sender: sender.into(), emoji: emoji.into(), at: at(second) }
    }

    fn photo(caption: &str) -> MessageContent {
        MessageContent {
            kind: MessageKind::Image,
            text: caption.into(),
            media: Some(Media::pending("image/jpeg", Some("graph-media-1".into()))),
            ..MessageContent::default()
        }
    }

    #[test]
    fn kinds_are_spelt_once_and_media_kinds_carry_files() {
        for kind in MessageKind::ALL {
            assert_eq!(MessageKind::parse(kind.as_str()), Some(*kind));
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
        }
        assert!(MessageKind::VoiceNote.carries_media() && MessageKind::Sticker.carries_media());
        assert!(!MessageKind::Location.carries_media() && !MessageKind::Text.carries_media());
    }

    #[test]
    fn private_notes_and_transfers_alone_never_reach_whatsapp() {
        let kept: Vec<_> = MessageKind::ALL.iter().filter(|kind| !kind.reaches_whatsapp()).collect();
        assert_eq!(kept, [&MessageKind::Note, &MessageKind::Transfer]);
    }

    #[test]
    fn reactions_group_by_emoji_in_the_order_people_reacted() {
        let shown = aggregate_reactions([
            reacted("+5511977776666", "❤️", 30),
            reacted("+5511988887777", "👍", 10),
            reacted("+5511966665555", "👍", 20),
            reacted("+5511955554444", "", 5),
        ]);
        assert_eq!(
            shown,
            vec![
                Reaction { emoji: "👍".into(), senders: vec!["+5511988887777".into(), "+5511966665555".into()] },
                Reaction { emoji: "❤️".into(), senders: vec!["+5511977776666".into()] },
            ],
            "a removed reaction does not show"
        );
        assert!(aggregate_reactions([reacted("+5511955554444", "", 5)]).is_empty());
    }

    #[test]
    fn a_reaction_is_trimmed_and_an_empty_one_is_a_removal() {
        let change = |emoji: &str| {
            ReactionChange {
                target_external_id: "wamid.1".into(),
                sender: "+5511988887777".into(),
                emoji: emoji.into(),
                at: at(0),
            }
            .sanitised()
        };
        assert_eq!(change(" 👍 ").emoji, "👍");
        assert!(change("  ").is_removal() && change("").is_removal());
        assert!(!change("🙏🏽").is_removal());
        assert_eq!(change(&"😀".repeat(40)).emoji.chars().count(), MAX_EMOJI_CHARS);
        assert_eq!(change("👍\0").emoji, "👍");
    }

    #[test]
    fn the_later_of_two_reactions_by_one_sender_stands() {
        let change = |emoji: &str, second: i64| ReactionChange {
            target_external_id: "wamid.1".into(),
            sender: "+5511988887777".into(),
            emoji: emoji.into(),
            at: at(second),
        };
        let thumbs = reacted("+5511988887777", "👍", 10);
        assert!(change("👍", 0).changes_what_shows(None), "a first reaction shows");
        assert!(
            change("", 0).supersedes(None) && !change("", 0).changes_what_shows(None),
            "removing nothing shows nothing"
        );
        assert!(change("❤️", 20).changes_what_shows(Some(&thumbs)), "a new one replaces it");
        assert!(change("", 20).changes_what_shows(Some(&thumbs)), "an empty one removes it");
        assert!(!change("❤️", 5).supersedes(Some(&thumbs)), "an older one delivered late does not come back");
        assert!(change("👍", 30).supersedes(Some(&thumbs)) && !change("👍", 30).changes_what_shows(Some(&thumbs)));
        let removed = reacted("+5511988887777", "", 20);
        assert!(!change("👍", 10).supersedes(Some(&removed)), "a removal outlives the reaction it removed");
    }

    #[test]
    fn a_caption_or_what_the_kind_holds_sums_a_message_up() {
        assert_eq!(MessageContent::text("Oi, tudo bem?").preview(), "Oi, tudo bem?");
        assert_eq!(photo("Segue a nota").preview(), "Segue a nota");
        assert_eq!(photo("").preview(), "", "a photo without caption: the kind says it");
        let mut boleto = photo("  ");
        boleto.kind = MessageKind::Document;
        boleto.media.as_mut().unwrap().file_name = Some("boleto.pdf".into());
        assert_eq!(boleto.preview(), "boleto.pdf");
        let place = MessageContent {
            kind: MessageKind::Location,
            location: Some(Location {
                latitude: -23.5,
                longitude: -46.6,
                name: None,
                address: Some("Av. Paulista, 1000".into()),
            }),
            ..MessageContent::default()
        };
        assert_eq!(place.preview(), "Av. Paulista, 1000");
        let cards = MessageContent {
            kind: MessageKind::Contacts,
            contacts: vec![
                SharedContact { name: "Ana".into(), numbers: vec!["+5511988887777".into()] },
                SharedContact { name: "Bruno".into(), numbers: vec![] },
            ],
            ..MessageContent::default()
        };
        assert_eq!(cards.preview(), "Ana, Bruno");
        let template = MessageContent {
            kind: MessageKind::Template,
            template: Some(TemplateRef::with_body("boleto_vencendo", "pt_BR", vec![])),
            ..MessageContent::default()
        };
        assert_eq!(template.preview(), "boleto_vencendo");
    }

    #[test]
    fn a_chosen_option_answers_a_menu_by_its_title() {
        let chosen = MessageContent {
            kind: MessageKind::InteractiveAnswer,
            interactive: Some(InteractiveAnswer { option_id: "dept-2".into(), title: "Financeiro".into() }),
            ..MessageContent::default()
        };
        assert_eq!(chosen.answer(), "Financeiro");
        assert_eq!(chosen.preview(), "Financeiro");
        assert_eq!(MessageContent::text("2").answer(), "2");
    }

    #[test]
    fn a_reply_is_completed_by_the_stored_message_it_quotes() {
        let quoted = QuotedMessage {
            id: Uuid::now_v7(),
            sender: "+5511988887777".into(),
            kind: MessageKind::Text,
            text: "Qual o  valor\ndo boleto?".into(),
        };
        let bare = ReplyTo {
            external_id: "wamid.1".into(),
            sender: None,
            kind: None,
            snippet: String::new(),
            message_id: None,
        };
        assert_eq!(bare.clone().completed_by(None), bare, "nothing to add while it is not stored");
        let completed = bare.completed_by(Some(quoted.clone()));
        assert_eq!(completed.message_id, Some(quoted.id));
        assert_eq!(completed.snippet, "Qual o valor do boleto?");
        assert_eq!((completed.sender.as_deref(), completed.kind), (Some("+5511988887777"), Some(MessageKind::Text)));
        let quoted_by_whatsapp = ReplyTo {
            external_id: "wamid.1".into(),
            sender: Some("+5511900000000".into()),
            kind: Some(MessageKind::Image),
            snippet: "Foto da fachada".into(),
            message_id: None,
        };
        let kept = quoted_by_whatsapp.completed_by(Some(quoted));
        assert_eq!(
            (kept.snippet.as_str(), kept.kind),
            ("Foto da fachada", Some(MessageKind::Image)),
            "WhatsApp's quote stands"
        );
    }

    #[test]
    fn content_loses_what_no_database_stores() {
        let mut content = photo("Nota\0 fiscal");
        content.media.as_mut().unwrap().file_name = Some("nota\0.pdf".into());
        content.reply_to = Some(ReplyTo {
            external_id: "wamid.\0x".into(),
            sender: None,
            kind: None,
            snippet: "long ".repeat(100),
            message_id: None,
        });
        content.contacts = vec![SharedContact { name: "A\0na".into(), numbers: vec!["+55\u{0}11".into()] }];
        let clean = content.sanitised();
        assert_eq!(clean.text, "Nota fiscal");
        assert_eq!(clean.media.unwrap().file_name.as_deref(), Some("nota.pdf"));
        let reply = clean.reply_to.unwrap();
        assert_eq!(reply.external_id, "wamid.x");
        assert!(
            reply.snippet.ends_with('…') && reply.snippet.chars().count() <= crate::conversation::PREVIEW_CHARS + 1
        );
        assert_eq!(clean.contacts[0], SharedContact { name: "Ana".into(), numbers: vec!["+5511".into()] });
    }

    #[test]
    fn media_serialises_without_its_provider_reference() {
        let media = Media::pending("audio/ogg", Some("secret-download-keys".into()));
        let json = serde_json::to_value(&media).unwrap();
        assert_eq!(json["state"], "pending");
        assert!(json.get("provider_ref").is_none());
        assert!(!json.to_string().contains("secret-download-keys"));
    }
}
