//! What the Cloud API is sent for an outgoing message: its `/messages` payload by kind (a file by
//! the id its upload to the number's `/media` got), the `context` of a reply, and reactions.

use blocopro_domain::message::{MessageContent, MessageKind};
use serde_json::{Map, Value, json};

use crate::ConnectorError;

/// The fields every `/messages` payload to `to` (E.164) starts with.
fn addressed(to: &str) -> Map<String, Value> {
    let mut payload = Map::new();
    payload.insert("messaging_product".into(), json!("whatsapp"));
    payload.insert("recipient_type".into(), json!("individual"));
    payload.insert("to".into(), json!(to.trim_start_matches('+')));
    payload
}

/// The `/messages` payload of `content` to `to`, replying to `reply_to` (a `wamid`), its file
/// uploaded as `media_id`. A kind the Cloud API cannot send this way answers `Unsupported`.
pub fn message_payload(
    to: &str,
    content: &MessageContent,
    reply_to: Option<&str>,
    media_id: Option<&str>,
) -> Result<Value, ConnectorError> {
    let caption = (!content.text.trim().is_empty()).then_some(content.text.as_str());
    let file = |with_caption: bool| {
        let mut object = json!({ "id": media_id });
        if let (true, Some(caption)) = (with_caption, caption) {
            object["caption"] = json!(caption);
        }
        object
    };
    let (kind, body) = match content.kind {
        MessageKind::Text => ("text", json!({ "preview_url": false, "body": content.text })),
        MessageKind::Image => ("image", file(true)),
        MessageKind::Video => ("video", file(true)),
        MessageKind::Document => {
            let mut document = file(true);
            let file_name = content.media.as_ref().and_then(|media| media.file_name.as_deref());
            if let Some(file_name) = file_name {
                document["filename"] = json!(file_name);
            }
            ("document", document)
        }
        MessageKind::Audio | MessageKind::VoiceNote => ("audio", file(false)),
        MessageKind::Sticker => ("sticker", file(false)),
        MessageKind::Location => {
            let location =
                content.location.as_ref().ok_or(ConnectorError::Unsupported("send a location without one"))?;
            let mut body = json!({ "latitude": location.latitude, "longitude": location.longitude });
            for (field, value) in [("name", &location.name), ("address", &location.address)] {
                if let Some(value) = value {
                    body[field] = json!(value);
                }
            }
            ("location", body)
        }
        MessageKind::Template => ("template", template_body(content)?),
        _ => return Err(ConnectorError::Unsupported("send this kind of message")),
    };
    if content.kind.carries_media() && media_id.is_none() {
        return Err(ConnectorError::Unsupported("send a file message without its file"));
    }
    let mut payload = addressed(to);
    if let Some(reply_to) = reply_to {
        payload.insert("context".into(), json!({ "message_id": reply_to }));
    }
    payload.insert("type".into(), json!(kind));
    payload.insert(kind.into(), body);
    Ok(Value::Object(payload))
}

/// A template's `template` object: its name, language and the values of its body's placeholders
/// (`text` parameters, in order; no `components` when it takes none).
fn template_body(content: &MessageContent) -> Result<Value, ConnectorError> {
    let template = content.template.as_ref().ok_or(ConnectorError::Unsupported("send a template without one"))?;
    let mut body = json!({ "name": template.name, "language": { "code": template.language } });
    if !template.parameters.is_empty() {
        let parameters: Vec<Value> =
            template.parameters.iter().map(|value| json!({ "type": "text", "text": value })).collect();
        body["components"] = json!([{ "type": "body", "parameters": parameters }]);
    }
    Ok(body)
}

/// The `/messages` payload reacting with `emoji` (empty: taking the reaction back) to the
/// message `target` of the chat with `to`.
pub fn reaction_payload(to: &str, target: &str, emoji: &str) -> Value {
    let mut payload = addressed(to);
    payload.insert("type".into(), json!("reaction"));
    payload.insert("reaction".into(), json!({ "message_id": target, "emoji": emoji }));
    Value::Object(payload)
}

#[cfg(test)]
mod tests {
    use blocopro_domain::message::{Location, Media, TemplateRef};

    use super::*;

    fn with_file(kind: MessageKind, caption: &str, file_name: Option<&str>) -> MessageContent {
        let media = Media { file_name: file_name.map(str::to_owned), ..Media::pending("application/pdf", None) };
        MessageContent { kind, text: caption.into(), media: Some(media), ..MessageContent::default() }
    }

    #[test]
    fn files_go_by_their_upload_id_with_caption_file_name_and_context() {
        let document = with_file(MessageKind::Document, "Boleto", Some("boleto.pdf"));
        let payload = message_payload("+5511988887777", &document, Some("wamid.Q"), Some("media.1")).unwrap();
        assert_eq!(
            payload,
            json!({
                "messaging_product": "whatsapp", "recipient_type": "individual", "to": "5511988887777",
                "context": { "message_id": "wamid.Q" },
                "type": "document", "document": { "id": "media.1", "caption": "Boleto", "filename": "boleto.pdf" },
            })
        );
        let photo = message_payload("+55", &with_file(MessageKind::Image, "", None), None, Some("m")).unwrap();
        assert_eq!(photo["image"], json!({ "id": "m" }), "no empty caption");
        assert!(photo.get("context").is_none());
        let note = message_payload("+55", &with_file(MessageKind::VoiceNote, "oi", None), None, Some("m")).unwrap();
        assert_eq!(
            (note["type"].as_str(), &note["audio"]),
            (Some("audio"), &json!({ "id": "m" })),
            "audio has no caption"
        );
        let sticker = message_payload("+55", &with_file(MessageKind::Sticker, "", None), None, Some("m")).unwrap();
        assert_eq!(sticker["sticker"], json!({ "id": "m" }));
        let unfiled = message_payload("+55", &with_file(MessageKind::Image, "", None), None, None);
        assert!(matches!(unfiled, Err(ConnectorError::Unsupported(_))));
    }

    #[test]
    fn text_locations_and_reactions() {
        let text = message_payload("+55", &MessageContent::text("Olá"), None, None).unwrap();
        assert_eq!(text["text"], json!({ "preview_url": false, "body": "Olá" }));
        let place = Location { latitude: -23.5, longitude: -46.6, name: Some("Loja".into()), address: None };
        let content =
            MessageContent { kind: MessageKind::Location, location: Some(place), ..MessageContent::default() };
        let located = message_payload("+55", &content, None, None).unwrap();
        assert_eq!(located["location"], json!({ "latitude": -23.5, "longitude": -46.6, "name": "Loja" }));
        let template = MessageContent { kind: MessageKind::Template, ..MessageContent::default() };
        assert!(matches!(message_payload("+55", &template, None, None), Err(ConnectorError::Unsupported(_))));
        let reaction = reaction_payload("+5511988887777", "wamid.Q", "👍");
        assert_eq!(reaction["reaction"], json!({ "message_id": "wamid.Q", "emoji": "👍" }));
        assert_eq!((reaction["type"].as_str(), reaction["to"].as_str()), (Some("reaction"), Some("5511988887777")));
    }

    #[test]
    fn templates_go_by_name_and_language_with_their_body_parameters() {
        let content = MessageContent {
            kind: MessageKind::Template,
            text: "Olá Maria, seu boleto vence em 10/12.".into(),
            template: Some(TemplateRef {
                name: "boleto_vencendo".into(),
                language: "pt_BR".into(),
                parameters: vec!["Maria".into(), "10/12".into()],
            }),
            ..MessageContent::default()
        };
        let payload = message_payload("+5511988887777", &content, None, None).unwrap();
        assert_eq!(
            payload,
            json!({
                "messaging_product": "whatsapp", "recipient_type": "individual", "to": "5511988887777",
                "type": "template",
                "template": {
                    "name": "boleto_vencendo",
                    "language": { "code": "pt_BR" },
                    "components": [{ "type": "body", "parameters": [
                        { "type": "text", "text": "Maria" }, { "type": "text", "text": "10/12" },
                    ] }],
                },
            }),
            "the filled text stays here: Meta fills the template itself"
        );
        let bare = MessageContent {
            template: Some(TemplateRef { name: "hello_world".into(), language: "en_US".into(), parameters: vec![] }),
            ..content
        };
        let payload = message_payload("+55", &bare, None, None).unwrap();
        assert_eq!(payload["template"], json!({ "name": "hello_world", "language": { "code": "en_US" } }));
    }
}
