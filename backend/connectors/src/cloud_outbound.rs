//! What the Cloud API is sent for an outgoing message: its `/messages` payload by kind (a file by
//! the id its upload to the number's `/media` got), the `context` of a reply, and reactions.

use blocopro_domain::message::{ButtonParameter, ButtonSubType, MessageContent, MessageKind};
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
        MessageKind::Template => ("template", template_body(content, media_id)?),
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

/// A template's `template` object: its name, language and, in Meta's documented `components`,
/// the values it takes: the header's (text parameters, or its file by the id of its upload as
/// `media_id`), the body's (text parameters, in order) and the buttons' (one component per
/// button, by index). No `components` when it takes nothing.
fn template_body(content: &MessageContent, media_id: Option<&str>) -> Result<Value, ConnectorError> {
    let template = content.template.as_ref().ok_or(ConnectorError::Unsupported("send a template without one"))?;
    let texts = |values: &[String]| -> Vec<Value> {
        values.iter().map(|value| json!({ "type": "text", "text": value })).collect()
    };
    let mut components = Vec::new();
    if let Some(kind) = template.header_media {
        let media_id =
            media_id.ok_or(ConnectorError::Unsupported("send a template's media header without its file"))?;
        components.push(json!({ "type": "header", "parameters": [header_file(kind, content, media_id)?] }));
    } else if !template.header_parameters.is_empty() {
        components.push(json!({ "type": "header", "parameters": texts(&template.header_parameters) }));
    }
    if !template.parameters.is_empty() {
        components.push(json!({ "type": "body", "parameters": texts(&template.parameters) }));
    }
    components.extend(template.button_parameters.iter().map(button_component));
    let mut body = json!({ "name": template.name, "language": { "code": template.language } });
    if !components.is_empty() {
        body["components"] = Value::Array(components);
    }
    Ok(body)
}

/// The parameter of a media header: `{type: image|video|document, <type>: {id}}` (a document with
/// its file name).
fn header_file(kind: MessageKind, content: &MessageContent, media_id: &str) -> Result<Value, ConnectorError> {
    let field = match kind {
        MessageKind::Image => "image",
        MessageKind::Video => "video",
        MessageKind::Document => "document",
        _ => return Err(ConnectorError::Unsupported("send this kind of file in a template's header")),
    };
    let mut file = json!({ "id": media_id });
    let file_name = content.media.as_ref().and_then(|media| media.file_name.as_deref());
    if let (MessageKind::Document, Some(file_name)) = (kind, file_name) {
        file["filename"] = json!(file_name);
    }
    Ok(json!({ "type": field, field: file }))
}

/// One button's component: `{type: button, sub_type, index, parameters: [...]}`, the index as the
/// string Meta's examples write, the value as a URL's text, a quick reply's payload or a coupon code.
fn button_component(button: &ButtonParameter) -> Value {
    let parameter = match button.sub_type {
        ButtonSubType::Url => json!({ "type": "text", "text": button.value }),
        ButtonSubType::QuickReply => json!({ "type": "payload", "payload": button.value }),
        ButtonSubType::CopyCode => json!({ "type": "coupon_code", "coupon_code": button.value }),
    };
    json!({
        "type": "button", "sub_type": button.sub_type.as_str(), "index": button.index.to_string(),
        "parameters": [parameter],
    })
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
            template: Some(TemplateRef::with_body("boleto_vencendo", "pt_BR", vec!["Maria".into(), "10/12".into()])),
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
        let bare = MessageContent { template: Some(TemplateRef::with_body("hello_world", "en_US", vec![])), ..content };
        let payload = message_payload("+55", &bare, None, None).unwrap();
        assert_eq!(payload["template"], json!({ "name": "hello_world", "language": { "code": "en_US" } }));
    }

    #[test]
    fn templates_send_their_header_body_and_buttons_as_meta_documents() {
        let buttons = vec![
            ButtonParameter { index: 0, sub_type: ButtonSubType::Url, value: "ABC123".into() },
            ButtonParameter { index: 1, sub_type: ButtonSubType::QuickReply, value: "atendente".into() },
            ButtonParameter { index: 2, sub_type: ButtonSubType::CopyCode, value: "PROMO10".into() },
        ];
        let text_header = TemplateRef {
            header_parameters: vec!["#123".into()],
            button_parameters: buttons,
            ..TemplateRef::with_body("pedido", "pt_BR", vec!["Maria".into()])
        };
        let content =
            MessageContent { kind: MessageKind::Template, template: Some(text_header), ..MessageContent::default() };
        let payload = message_payload("+55", &content, None, None).unwrap();
        assert_eq!(
            payload["template"]["components"],
            json!([
                { "type": "header", "parameters": [{ "type": "text", "text": "#123" }] },
                { "type": "body", "parameters": [{ "type": "text", "text": "Maria" }] },
                { "type": "button", "sub_type": "url", "index": "0", "parameters": [{ "type": "text", "text": "ABC123" }] },
                {
                    "type": "button", "sub_type": "quick_reply", "index": "1",
                    "parameters": [{ "type": "payload", "payload": "atendente" }]
                },
                {
                    "type": "button", "sub_type": "copy_code", "index": "2",
                    "parameters": [{ "type": "coupon_code", "coupon_code": "PROMO10" }]
                },
            ])
        );

        let document_header = TemplateRef {
            header_media: Some(MessageKind::Document),
            ..TemplateRef::with_body("fatura", "pt_BR", vec![])
        };
        let mut content = with_file(MessageKind::Template, "", Some("fatura.pdf"));
        content.template = Some(document_header);
        let payload = message_payload("+55", &content, None, Some("media.7")).unwrap();
        assert_eq!(
            payload["template"]["components"],
            json!([{ "type": "header", "parameters": [
                { "type": "document", "document": { "id": "media.7", "filename": "fatura.pdf" } }
            ] }]),
            "the file by the id of its upload"
        );
        let unfiled = message_payload("+55", &content, None, None);
        assert!(matches!(unfiled, Err(ConnectorError::Unsupported(_))));
        content.template.as_mut().unwrap().header_media = Some(MessageKind::Image);
        let photo = message_payload("+55", &content, None, Some("media.8")).unwrap();
        assert_eq!(
            photo["template"]["components"][0]["parameters"][0],
            json!({ "type": "image", "image": { "id": "media.8" } })
        );
    }
}
