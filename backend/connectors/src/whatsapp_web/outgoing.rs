//! What WhatsApp Web is sent for an outgoing message, built with the library's own builders:
//! text (with the quote of a reply), a location, a file (encrypted as it streams in, the ciphertext
//! in a temporary file, then uploaded to WhatsApp's media servers and sent by its keys), and the
//! key a reaction targets. A sticker is uploaded as the library's `MediaType::Sticker`; the library
//! has no builder for its message, so [`sticker_message`] fills the library's `StickerMessage` from
//! the upload as its `image_message` does for a photo.

use std::io::{Read, Seek, SeekFrom};

use blocopro_domain::message::{MessageContent, MessageKind, ReplyTo};
use futures_util::StreamExt;
use tokio::io::AsyncWriteExt;
use whatsapp_rust::buffa::MessageField;
use whatsapp_rust::download::MediaType;
use whatsapp_rust::media::{self, AudioOptions, DocumentOptions, ImageOptions, VideoOptions};
use whatsapp_rust::prelude::{Client, Jid, MessageBuilderExt, wa};
use whatsapp_rust::upload::UploadResponse;
use whatsapp_rust::wacore::upload::{EncryptedMediaInfo, MediaEncryptor, UploadSource};

use super::mapping::recipient;
use crate::{ConnectorError, OutgoingFile};

/// The quote of a reply: the quoted message's id, its author and the start of what it says.
pub fn reply_context(reply: &ReplyTo) -> wa::ContextInfo {
    wa::ContextInfo {
        stanza_id: Some(reply.external_id.clone()),
        participant: reply.sender.as_deref().and_then(recipient).map(|jid| jid.to_string()),
        quoted_message: MessageField::some(wa::Message::text(reply.snippet.clone())),
        ..Default::default()
    }
}

/// A message without a file: text or a location.
pub fn plain_message(
    content: &MessageContent,
    context: Option<wa::ContextInfo>,
) -> Result<wa::Message, ConnectorError> {
    match content.kind {
        MessageKind::Text => Ok(match context {
            Some(context) => wa::Message::text_with_context(content.text.clone(), context),
            None => wa::Message::text(content.text.clone()),
        }),
        MessageKind::Location => {
            let location =
                content.location.as_ref().ok_or(ConnectorError::Unsupported("send a location without one"))?;
            let message = wa::message::LocationMessage {
                degrees_latitude: Some(location.latitude),
                degrees_longitude: Some(location.longitude),
                name: location.name.clone(),
                address: location.address.clone(),
                context_info: context.map(MessageField::some).unwrap_or_default(),
                ..Default::default()
            };
            Ok(wa::Message { location_message: MessageField::some(message), ..Default::default() })
        }
        _ => Err(ConnectorError::Unsupported("send this kind of message")),
    }
}

/// A file message before its upload: the library builder it goes through, with its options.
#[derive(Debug, Clone)]
pub enum FileMessage {
    Image(ImageOptions),
    Video(VideoOptions),
    Document(DocumentOptions),
    Audio(AudioOptions),
    Sticker(StickerOptions),
}

/// What a sticker carries besides its upload.
#[derive(Debug, Clone, Default)]
pub struct StickerOptions {
    /// `image/webp` when not said.
    pub mimetype: Option<String>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub context_info: Option<Box<wa::ContextInfo>>,
}

/// What a sticker message carries of its upload (the library's `UploadResponse` cannot be built
/// outside it, so the mapping is tested through this).
pub struct UploadedSticker {
    pub url: String,
    pub direct_path: String,
    pub media_key: [u8; 32],
    pub file_sha256: [u8; 32],
    pub file_enc_sha256: [u8; 32],
    pub file_length: u64,
    pub media_key_timestamp: i64,
}

impl From<UploadResponse> for UploadedSticker {
    fn from(upload: UploadResponse) -> Self {
        UploadedSticker {
            url: upload.url,
            direct_path: upload.direct_path,
            media_key: upload.media_key,
            file_sha256: upload.file_sha256,
            file_enc_sha256: upload.file_enc_sha256,
            file_length: upload.file_length,
            media_key_timestamp: upload.media_key_timestamp,
        }
    }
}

/// The sticker message for an uploaded WebP (of media type `Sticker`).
pub fn sticker_message(upload: UploadedSticker, options: StickerOptions) -> wa::Message {
    let sticker = wa::message::StickerMessage {
        url: Some(upload.url),
        direct_path: Some(upload.direct_path),
        media_key: Some(upload.media_key.to_vec()),
        file_sha256: Some(upload.file_sha256.to_vec()),
        file_enc_sha256: Some(upload.file_enc_sha256.to_vec()),
        file_length: Some(upload.file_length),
        media_key_timestamp: Some(upload.media_key_timestamp),
        mimetype: Some(options.mimetype.unwrap_or_else(|| "image/webp".to_owned())),
        width: options.width,
        height: options.height,
        is_animated: Some(false),
        context_info: options.context_info.map(|context| MessageField::some(*context)).unwrap_or_default(),
        ..Default::default()
    };
    wa::Message { sticker_message: MessageField::some(sticker), ..Default::default() }
}

impl FileMessage {
    /// How `content` (a media kind) is sent, and under which media type its file is encrypted.
    pub fn of(content: &MessageContent, context: Option<wa::ContextInfo>) -> Result<(MediaType, Self), ConnectorError> {
        let media = content.media.as_ref();
        let mimetype = media.map(|media| media.mime_type.clone());
        let caption = (!content.text.trim().is_empty()).then(|| content.text.clone());
        let context_info = context.map(Box::new);
        Ok(match content.kind {
            MessageKind::Image => {
                (MediaType::Image, Self::Image(ImageOptions { caption, mimetype, context_info, ..Default::default() }))
            }
            MessageKind::Video => {
                (MediaType::Video, Self::Video(VideoOptions { caption, mimetype, context_info, ..Default::default() }))
            }
            MessageKind::Document => {
                let file_name = media.and_then(|media| media.file_name.clone());
                let options = DocumentOptions { caption, mimetype, file_name, context_info, ..Default::default() };
                (MediaType::Document, Self::Document(options))
            }
            MessageKind::Audio | MessageKind::VoiceNote => {
                let ptt = Some(content.kind == MessageKind::VoiceNote);
                (MediaType::Audio, Self::Audio(AudioOptions { mimetype, ptt, context_info, ..Default::default() }))
            }
            MessageKind::Sticker => {
                let (width, height) = (media.and_then(|media| media.width), media.and_then(|media| media.height));
                (MediaType::Sticker, Self::Sticker(StickerOptions { mimetype, width, height, context_info }))
            }
            _ => return Err(ConnectorError::Unsupported("send this kind of file")),
        })
    }

    /// The message for the uploaded file.
    pub fn build(self, upload: UploadResponse) -> wa::Message {
        match self {
            Self::Image(options) => media::image_message(upload, options),
            Self::Video(options) => media::video_message(upload, options),
            Self::Document(options) => media::document_message(upload, options),
            Self::Audio(options) => media::audio_message(upload, options),
            Self::Sticker(options) => sticker_message(upload.into(), options),
        }
    }
}

/// The key of the message `id` of the chat `chat` a reaction targets: a message of the other
/// side (what attendants react to).
pub fn reaction_target(chat: &Jid, id: &str) -> wa::MessageKey {
    wa::MessageKey {
        remote_jid: Some(chat.to_string()),
        from_me: Some(false),
        id: Some(id.to_owned()),
        participant: None,
    }
}

/// The ciphertext of a file, in a temporary file deleted with it.
struct EncryptedFile {
    file: tempfile::NamedTempFile,
    len: u64,
}

impl UploadSource for EncryptedFile {
    fn len(&self) -> u64 {
        self.len
    }

    fn reader_from(&self, offset: u64) -> std::io::Result<Box<dyn Read + Send>> {
        let mut reader = self.file.reopen()?;
        reader.seek(SeekFrom::Start(offset))?;
        Ok(Box::new(reader))
    }
}

fn upload_failed(error: impl std::fmt::Display) -> ConnectorError {
    ConnectorError::Unavailable(format!("the file could not be uploaded to WhatsApp: {error}"))
}

/// Encrypts the file as it streams in (never whole in memory) and uploads the ciphertext.
pub async fn upload(
    client: &Client,
    file: OutgoingFile,
    media_type: MediaType,
) -> Result<UploadResponse, ConnectorError> {
    let (encrypted, info) = encrypt(file, media_type).await?;
    client.upload_stream(encrypted, info, media_type).await.map_err(upload_failed)
}

async fn encrypt(
    file: OutgoingFile,
    media_type: MediaType,
) -> Result<(EncryptedFile, EncryptedMediaInfo), ConnectorError> {
    let temporary = tempfile::NamedTempFile::new().map_err(upload_failed)?;
    let mut writer = tokio::fs::File::from_std(temporary.reopen().map_err(upload_failed)?);
    let mut encryptor = MediaEncryptor::new(media_type).map_err(upload_failed)?;
    let (mut bytes, mut block, mut len) = (file.bytes, Vec::new(), 0u64);
    while let Some(chunk) = bytes.next().await {
        encryptor.update(&chunk?, &mut block);
        writer.write_all(&block).await.map_err(upload_failed)?;
        len += block.len() as u64;
        block.clear();
    }
    let info = encryptor.finalize(&mut block).map_err(upload_failed)?;
    writer.write_all(&block).await.map_err(upload_failed)?;
    writer.flush().await.map_err(upload_failed)?;
    len += block.len() as u64;
    Ok((EncryptedFile { file: temporary, len }, info))
}

#[cfg(test)]
mod tests {
    use blocopro_domain::message::{Location, Media};

    use super::*;

    fn reply() -> ReplyTo {
        ReplyTo {
            external_id: "3EB0C431C26A1916A7F2".into(),
            sender: Some("+5511988887777".into()),
            kind: Some(MessageKind::Text),
            snippet: "Pode mandar o boleto?".into(),
            message_id: None,
        }
    }

    fn with_file(kind: MessageKind, mime_type: &str, caption: &str) -> MessageContent {
        let media = Media { file_name: Some("boleto.pdf".into()), ..Media::pending(mime_type, None) };
        MessageContent { kind, text: caption.into(), media: Some(media), ..MessageContent::default() }
    }

    #[test]
    fn a_reply_quotes_its_message_by_id_author_and_start() {
        let context = reply_context(&reply());
        assert_eq!(context.stanza_id.as_deref(), Some("3EB0C431C26A1916A7F2"));
        assert_eq!(context.participant.as_deref(), Some("5511988887777@s.whatsapp.net"));
        let quoted = context.quoted_message.as_option().unwrap();
        assert_eq!(quoted.conversation.as_deref(), Some("Pode mandar o boleto?"));

        let text = plain_message(&MessageContent::text("Segue"), Some(context)).unwrap();
        let extended = text.extended_text_message.as_option().unwrap();
        assert_eq!(extended.text.as_deref(), Some("Segue"));
        assert!(extended.context_info.as_option().is_some());
        let bare = plain_message(&MessageContent::text("Olá"), None).unwrap();
        assert_eq!(bare.conversation.as_deref(), Some("Olá"));
    }

    #[test]
    fn locations_and_reaction_targets() {
        let place = Location { latitude: -23.56, longitude: -46.65, name: Some("Loja".into()), address: None };
        let content =
            MessageContent { kind: MessageKind::Location, location: Some(place), ..MessageContent::default() };
        let message = plain_message(&content, None).unwrap();
        let location = message.location_message.as_option().unwrap();
        assert_eq!((location.degrees_latitude, location.name.as_deref()), (Some(-23.56), Some("Loja")));
        let template = MessageContent { kind: MessageKind::Template, ..MessageContent::default() };
        assert!(matches!(plain_message(&template, None), Err(ConnectorError::Unsupported(_))));

        let chat = recipient("+5511988887777").unwrap();
        let key = reaction_target(&chat, "3EB0");
        assert_eq!(
            (key.remote_jid.as_deref(), key.id.as_deref(), key.from_me),
            (Some("5511988887777@s.whatsapp.net"), Some("3EB0"), Some(false))
        );
    }

    #[test]
    fn files_go_through_the_librarys_builder_of_their_kind() {
        let (media_type, document) = FileMessage::of(
            &with_file(MessageKind::Document, "application/pdf", "Boleto"),
            Some(reply_context(&reply())),
        )
        .unwrap();
        assert_eq!(media_type, MediaType::Document);
        let FileMessage::Document(options) = document else { panic!("a document") };
        assert_eq!((options.caption.as_deref(), options.file_name.as_deref()), (Some("Boleto"), Some("boleto.pdf")));
        assert_eq!(options.mimetype.as_deref(), Some("application/pdf"));
        assert!(options.context_info.is_some());

        let (media_type, note) = FileMessage::of(&with_file(MessageKind::VoiceNote, "audio/ogg", ""), None).unwrap();
        let FileMessage::Audio(options) = note else { panic!("audio") };
        assert_eq!((media_type, options.ptt), (MediaType::Audio, Some(true)), "a voice note plays as one");
        let (_, photo) = FileMessage::of(&with_file(MessageKind::Image, "image/png", ""), None).unwrap();
        let FileMessage::Image(options) = photo else { panic!("an image") };
        assert_eq!(options.caption, None, "no empty caption");
        let text = MessageContent { kind: MessageKind::Location, ..with_file(MessageKind::Text, "text/plain", "") };
        assert!(matches!(FileMessage::of(&text, None), Err(ConnectorError::Unsupported(_))), "not a file");
    }

    #[test]
    fn a_sticker_is_uploaded_as_one_and_sent_with_its_keys_size_and_quote() {
        let mut content = with_file(MessageKind::Sticker, "image/webp", "");
        let media = content.media.as_mut().unwrap();
        (media.width, media.height) = (Some(512), Some(512));
        let (media_type, sticker) = FileMessage::of(&content, Some(reply_context(&reply()))).unwrap();
        assert_eq!(media_type, MediaType::Sticker, "encrypted with the sticker's keys");
        let upload = UploadedSticker {
            url: "https://mmg.whatsapp.net/v/sticker.enc".into(),
            direct_path: "/v/sticker.enc".into(),
            media_key: [1; 32],
            file_enc_sha256: [2; 32],
            file_sha256: [3; 32],
            file_length: 12_345,
            media_key_timestamp: 1_764_000_000,
        };
        let FileMessage::Sticker(options) = sticker else { panic!("a sticker") };
        let message = sticker_message(upload, options);
        let sent = message.sticker_message.as_option().expect("a sticker message");
        assert_eq!(sent.direct_path.as_deref(), Some("/v/sticker.enc"));
        assert_eq!((sent.media_key.as_deref(), sent.file_sha256.as_deref()), (Some(&[1; 32][..]), Some(&[3; 32][..])));
        assert_eq!((sent.file_enc_sha256.as_deref(), sent.file_length), (Some(&[2; 32][..]), Some(12_345)));
        assert_eq!((sent.mimetype.as_deref(), sent.width, sent.height), (Some("image/webp"), Some(512), Some(512)));
        let quoted = sent.context_info.as_option().expect("the quote of the reply");
        assert_eq!(quoted.stanza_id.as_deref(), Some(reply().external_id.as_str()));
        assert!(message.image_message.as_option().is_none(), "a sticker, not a photo");

        // What the receiving side reads back from it: a sticker with its file's facts.
        let read = crate::whatsapp_web::content::message_content(&message).expect("content");
        assert_eq!(read.kind, MessageKind::Sticker);
        assert_eq!(read.media.unwrap().sha256, Some(hex::encode([3; 32])));
    }

    #[tokio::test]
    async fn a_file_is_encrypted_as_it_streams_into_a_temporary_file() {
        let chunks = [bytes::Bytes::from_static(b"%PDF-1.7 "), bytes::Bytes::from(vec![7u8; 70_000])];
        let file = OutgoingFile {
            mime_type: "application/pdf".into(),
            file_name: None,
            size: 70_009,
            bytes: futures_util::stream::iter(chunks.map(Ok)).boxed(),
        };
        let (encrypted, info) = encrypt(file, MediaType::Document).await.unwrap();
        assert_eq!(info.file_length, 70_009);
        // AES-CBC pads to whole blocks; a 10-byte MAC follows.
        assert_eq!(encrypted.len(), 70_009_u64.div_ceil(16) * 16 + 10);
        let mut read = Vec::new();
        encrypted.reader_from(16).unwrap().read_to_end(&mut read).unwrap();
        assert_eq!(read.len() as u64, encrypted.len() - 16);
    }
}
