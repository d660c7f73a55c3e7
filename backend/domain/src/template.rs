//! WhatsApp message templates and the Cloud API's 24-hour customer-service window.
//!
//! A Cloud API number may write free-form (text, files, locations, reactions) to a customer only
//! within 24 hours of the customer's last message; outside it, only a template Meta approved goes
//! out. Templates are synced from the WhatsApp Business Account (as Meta gives them: status and
//! category kept as Meta spells them, the components as Meta's JSON) and sent with the values of
//! their body's placeholders `{{1}}`…`{{n}}`, of their text header's placeholders or the file of
//! their media header (image, video, document), and of their buttons that take one (the dynamic
//! end of a URL button's link, a quick reply's payload, a coupon code). The rules here are pure:
//! reading a template's header, body and buttons, checking and filling the values sent, and
//! whether the window is open.

use jiff::{SignedDuration, Timestamp};
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

use crate::Error;
use crate::channel::ChannelKind;
use crate::message::{ButtonParameter, ButtonSubType, MessageKind, TemplateRef};

/// Meta's status of a template that may be sent.
pub const APPROVED: &str = "APPROVED";

/// The longest value of one placeholder Meta accepts (body parameters).
pub const MAX_PARAMETER_CHARS: usize = 1024;

/// A template of a channel's WhatsApp Business Account, as last synced from Meta.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MessageTemplate {
    pub id: Uuid,
    pub channel_id: Uuid,
    pub name: String,
    /// Its language code, e.g. `pt_BR`.
    pub language: String,
    /// Meta's category (`MARKETING`, `UTILITY`, `AUTHENTICATION`), as Meta spells it.
    pub category: String,
    /// Meta's status (`APPROVED`, `PENDING`, `REJECTED`, `PAUSED`, …), as Meta spells it.
    pub status: String,
    /// The components (header, body, footer, buttons) as Meta gives them.
    pub components: Value,
    /// The body's text, with its placeholders `{{1}}`…`{{n}}`.
    pub body_text: String,
    /// How many values the body takes (`n` of its highest placeholder).
    pub body_parameter_count: u32,
    /// The header's text, when it has a text header.
    pub header_text: Option<String>,
    pub synced_at: Timestamp,
}

impl MessageTemplate {
    /// A template as Meta describes it; its body and header are read from the components.
    pub fn from_meta(
        channel_id: Uuid,
        name: String,
        language: String,
        category: String,
        status: String,
        components: Value,
        synced_at: Timestamp,
    ) -> Self {
        let body_text = component_text(&components, "BODY").unwrap_or_default();
        let header_text = component_text(&components, "HEADER");
        MessageTemplate {
            id: Uuid::now_v7(),
            channel_id,
            body_parameter_count: parameter_count(&body_text),
            name,
            language,
            category,
            status,
            components,
            body_text,
            header_text,
            synced_at,
        }
    }

    pub fn is_approved(&self) -> bool {
        self.status.eq_ignore_ascii_case(APPROVED)
    }

    /// The body as the customer reads it, the placeholders filled with `parameters`; a
    /// 422 `template_parameters_mismatch` unless there is exactly one value per placeholder.
    pub fn filled(&self, parameters: &[String]) -> Result<String, Error> {
        if parameters.len() != self.body_parameter_count as usize {
            return Err(self.mismatch(
                "template_parameters_mismatch",
                format!("takes {} body parameter(s); {} given", self.body_parameter_count, parameters.len()),
            ));
        }
        Ok(fill(&self.body_text, parameters))
    }

    /// What its header takes, read from Meta's `HEADER` component.
    pub fn header(&self) -> TemplateHeader {
        let Some(header) = component(&self.components, "HEADER") else { return TemplateHeader::None };
        let format = header.get("format").and_then(Value::as_str).unwrap_or("TEXT").to_ascii_uppercase();
        match format.as_str() {
            "TEXT" => TemplateHeader::Text {
                parameter_count: parameter_count(header.get("text").and_then(Value::as_str).unwrap_or_default()),
            },
            "IMAGE" => TemplateHeader::Media(MessageKind::Image),
            "VIDEO" => TemplateHeader::Media(MessageKind::Video),
            "DOCUMENT" => TemplateHeader::Media(MessageKind::Document),
            _ => TemplateHeader::Unsupported(format),
        }
    }

    /// Its buttons, in Meta's order (a button's index is its place there, from 0).
    pub fn buttons(&self) -> Vec<TemplateButton> {
        let listed = component(&self.components, "BUTTONS").and_then(|buttons| buttons.get("buttons"));
        let listed = listed.and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
        let text = |button: &Value, field: &str| button.get(field).and_then(Value::as_str).map(str::to_owned);
        (0u32..)
            .zip(listed)
            .map(|(index, button)| TemplateButton {
                index,
                kind: text(button, "type").unwrap_or_default().to_ascii_uppercase(),
                text: text(button, "text").unwrap_or_default(),
                url: text(button, "url"),
            })
            .collect()
    }

    /// The message a template sends with `values`: its text as the customer reads it (the text
    /// header filled, a blank line, the body filled) and what the connector sends. Each part must
    /// get exactly what the template takes, else a 422 with a stable code:
    /// `template_parameters_mismatch` (body), `template_header_parameters_mismatch` (text header),
    /// `template_header_media_mismatch` (a media header's file missing, of another kind, or given
    /// to a template without one), `template_header_not_supported` (a header BlocoPro cannot
    /// send, e.g. a location), `template_button_parameters_mismatch` (a button that needs a value
    /// without one, a value for a button that takes none, or a button given twice).
    pub fn prepare(&self, values: TemplateValues) -> Result<PreparedTemplate, Error> {
        let body = self.filled(&values.parameters)?;
        let header = self.header_text_for(&values)?;
        let header_media = self.header_media_for(values.header_media)?;
        let button_parameters = self.button_parameters_for(values.button_values)?;
        let text = match header {
            Some(header) if !header.trim().is_empty() => format!("{header}\n\n{body}"),
            _ => body,
        };
        let template = TemplateRef {
            name: self.name.clone(),
            language: self.language.clone(),
            parameters: values.parameters,
            header_parameters: values.header_parameters,
            header_media,
            button_parameters,
        };
        Ok(PreparedTemplate { text, template })
    }

    /// The text header filled with the values given for it (`None` without a text header).
    fn header_text_for(&self, values: &TemplateValues) -> Result<Option<String>, Error> {
        let given = values.header_parameters.len();
        match self.header() {
            TemplateHeader::Text { parameter_count } if given == parameter_count as usize => {
                Ok(self.header_text.as_deref().map(|text| fill(text, &values.header_parameters)))
            }
            TemplateHeader::Text { parameter_count } => Err(self.mismatch(
                "template_header_parameters_mismatch",
                format!("takes {parameter_count} header parameter(s); {given} given"),
            )),
            _ if given > 0 => Err(self.mismatch(
                "template_header_parameters_mismatch",
                format!("has no text header; {given} header parameter(s) given"),
            )),
            _ => Ok(None),
        }
    }

    /// The kind of the header's file, checked against the file given (its kind, `None` for none).
    fn header_media_for(&self, given: Option<MessageKind>) -> Result<Option<MessageKind>, Error> {
        let code = "template_header_media_mismatch";
        match (self.header(), given) {
            (TemplateHeader::Unsupported(format), _) => Err(self.mismatch(
                "template_header_not_supported",
                format!("has a {format} header, which BlocoPro cannot send"),
            )),
            (TemplateHeader::Media(wanted), Some(kind)) if kind == wanted => Ok(Some(kind)),
            (TemplateHeader::Media(wanted), Some(kind)) => Err(self.mismatch(
                code,
                format!("takes a file of kind `{}` in its header; a `{}` given", wanted.as_str(), kind.as_str()),
            )),
            (TemplateHeader::Media(wanted), None) => {
                Err(self.mismatch(code, format!("takes a file of kind `{}` in its header", wanted.as_str())))
            }
            (_, Some(_)) => Err(self.mismatch(code, "has no media header; a file was given".into())),
            (_, None) => Ok(None),
        }
    }

    /// The values given for its buttons, each checked against the button of its index; every
    /// button that requires one must have it.
    fn button_parameters_for(&self, given: Vec<(u32, String)>) -> Result<Vec<ButtonParameter>, Error> {
        let code = "template_button_parameters_mismatch";
        let buttons = self.buttons();
        let mut parameters: Vec<ButtonParameter> = Vec::with_capacity(given.len());
        for (index, value) in given {
            let button = buttons.iter().find(|button| button.index == index);
            let Some((sub_type, _)) = button.and_then(TemplateButton::takes) else {
                return Err(self.mismatch(code, format!("has no button {index} that takes a value")));
            };
            if parameters.iter().any(|parameter| parameter.index == index) {
                return Err(self.mismatch(code, format!("button {index} was given twice")));
            }
            parameters.push(ButtonParameter { index, sub_type, value });
        }
        let missing = buttons.iter().find(|button| {
            button.takes().is_some_and(|(_, required)| required)
                && !parameters.iter().any(|parameter| parameter.index == button.index)
        });
        if let Some(button) = missing {
            return Err(self.mismatch(code, format!("button {} (`{}`) needs a value", button.index, button.text)));
        }
        parameters.sort_by_key(|parameter| parameter.index);
        Ok(parameters)
    }

    /// A 422 with `code` about this template: "The template `name` (language) {what}."
    fn mismatch(&self, code: &'static str, what: String) -> Error {
        Error::Unsupported { code, detail: format!("The template `{}` ({}) {what}.", self.name, self.language) }
    }
}

/// What a template's header takes when it is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateHeader {
    /// It has no header.
    None,
    /// A text header with this many placeholders (perhaps none).
    Text { parameter_count: u32 },
    /// A file of this kind (image, video or document).
    Media(MessageKind),
    /// A header of another format (as Meta spells it, e.g. `LOCATION`), which BlocoPro does not send.
    Unsupported(String),
}

/// One button of a template, as Meta describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateButton {
    /// Its place among the template's buttons, from 0: how a value names it.
    pub index: u32,
    /// Meta's type (`URL`, `QUICK_REPLY`, `PHONE_NUMBER`, `COPY_CODE`, …), upper case.
    pub kind: String,
    pub text: String,
    /// The link of a `URL` button, with `{{1}}` where a dynamic one takes its value.
    pub url: Option<String>,
}

impl TemplateButton {
    /// The value it takes when sent, and whether it must have one: a URL button whose link has a
    /// placeholder (required), a quick reply's payload (optional), a coupon code (required).
    pub fn takes(&self) -> Option<(ButtonSubType, bool)> {
        match self.kind.as_str() {
            "URL" if self.url.as_deref().is_some_and(|url| parameter_count(url) > 0) => {
                Some((ButtonSubType::Url, true))
            }
            "QUICK_REPLY" => Some((ButtonSubType::QuickReply, false)),
            "COPY_CODE" => Some((ButtonSubType::CopyCode, true)),
            _ => None,
        }
    }
}

/// The values a template is sent with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TemplateValues {
    /// The body's, in order.
    pub parameters: Vec<String>,
    /// The text header's, in order.
    pub header_parameters: Vec<String>,
    /// The kind of the file given for a media header.
    pub header_media: Option<MessageKind>,
    /// `(button index, value)` for the buttons that take one.
    pub button_values: Vec<(u32, String)>,
}

/// A template ready to send: the text the thread shows, and the reference the connector sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedTemplate {
    pub text: String,
    pub template: TemplateRef,
}

/// The first component of `kind` (`BODY`, `HEADER`, `BUTTONS`: Meta writes them upper case).
fn component<'a>(components: &'a Value, kind: &str) -> Option<&'a Value> {
    components.as_array()?.iter().find(|component| {
        component.get("type").and_then(Value::as_str).is_some_and(|found| found.eq_ignore_ascii_case(kind))
    })
}

/// The `text` of the first component of `kind`.
fn component_text(components: &Value, kind: &str) -> Option<String> {
    component(components, kind)?.get("text")?.as_str().map(str::to_owned)
}

/// The placeholders `{{n}}` of `text`, each `(start, end, n)` in bytes.
fn placeholders(text: &str) -> Vec<(usize, usize, u32)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find("{{").map(|at| from + at) {
        let Some(close) = text[open + 2..].find("}}").map(|at| open + 2 + at) else { break };
        let inside = text[open + 2..close].trim();
        match inside.parse::<u32>() {
            Ok(n) if n > 0 && inside.bytes().all(|b| b.is_ascii_digit()) => {
                found.push((open, close + 2, n));
                from = close + 2;
            }
            _ => from = open + 2,
        }
    }
    found
}

/// How many values a text with placeholders `{{1}}`…`{{n}}` takes: its highest `n`.
pub fn parameter_count(text: &str) -> u32 {
    placeholders(text).into_iter().map(|(_, _, n)| n).max().unwrap_or(0)
}

/// `text` with each `{{n}}` replaced by `parameters[n - 1]` (left as it is when there is none).
pub fn fill(text: &str, parameters: &[String]) -> String {
    let mut filled = String::with_capacity(text.len());
    let mut from = 0;
    for (start, end, n) in placeholders(text) {
        filled.push_str(&text[from..start]);
        match parameters.get(n as usize - 1) {
            Some(value) => filled.push_str(value),
            None => filled.push_str(&text[start..end]),
        }
        from = end;
    }
    filled.push_str(&text[from..]);
    filled
}

/// How long after a customer's message a Cloud API number may write free-form.
pub const CUSTOMER_WINDOW: SignedDuration = SignedDuration::from_hours(24);

/// When the customer-service window of a conversation closes: 24 hours after the customer's last
/// message; a customer who never wrote has it closed since the conversation began. `None` for
/// channels without such a window (only the Cloud API has one).
pub fn customer_window_closes_at(
    channel: ChannelKind,
    last_inbound_at: Option<Timestamp>,
    created_at: Timestamp,
) -> Option<Timestamp> {
    if channel != ChannelKind::WhatsappCloud {
        return None;
    }
    Some(last_inbound_at.map_or(created_at, |last| last + CUSTOMER_WINDOW))
}

/// What a conversation is sent: a message of a kind, or a reaction to one of its messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outgoing {
    Message(MessageKind),
    Reaction,
}

impl Outgoing {
    /// Anything but a template is free-form: WhatsApp takes it only within the window (reactions too).
    pub fn is_free_form(self) -> bool {
        self != Outgoing::Message(MessageKind::Template)
    }
}

/// Whether `outgoing` may be sent to a conversation whose window closes at `closes_at` (`None`:
/// it has none): templates always; anything free-form (text, files, locations, reactions) only
/// while the window is open, else a 422 `outside_customer_window`.
pub fn ensure_within_customer_window(
    closes_at: Option<Timestamp>,
    outgoing: Outgoing,
    now: Timestamp,
) -> Result<(), Error> {
    match closes_at {
        Some(closes_at) if outgoing.is_free_form() && now >= closes_at => Err(Error::Unsupported {
            code: "outside_customer_window",
            detail: "More than 24 hours have passed since the customer's last message: WhatsApp only allows an \
                     approved template until the customer writes again."
                .into(),
        }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn at(second: i64) -> Timestamp {
        Timestamp::from_second(1_764_000_000 + second).unwrap()
    }

    fn boleto() -> MessageTemplate {
        let components = json!([
            { "type": "HEADER", "format": "TEXT", "text": "Boleto disponível" },
            { "type": "BODY", "text": "Olá {{1}}, seu boleto de {{2}} vence em {{3}}." },
            { "type": "FOOTER", "text": "Acme" },
            { "type": "BUTTONS", "buttons": [{ "type": "QUICK_REPLY", "text": "Já paguei" }] }
        ]);
        MessageTemplate::from_meta(
            Uuid::now_v7(),
            "boleto_vencendo".into(),
            "pt_BR".into(),
            "UTILITY".into(),
            "APPROVED".into(),
            components,
            at(0),
        )
    }

    #[test]
    fn the_body_and_header_are_read_from_metas_components() {
        let template = boleto();
        assert_eq!(template.body_text, "Olá {{1}}, seu boleto de {{2}} vence em {{3}}.");
        assert_eq!(template.body_parameter_count, 3);
        assert_eq!(template.header_text.as_deref(), Some("Boleto disponível"));
        assert!(template.is_approved());
        let bare = MessageTemplate::from_meta(
            Uuid::now_v7(),
            "hello_world".into(),
            "en_US".into(),
            "UTILITY".into(),
            "PENDING".into(),
            json!([{ "type": "BODY", "text": "Hello World" }]),
            at(0),
        );
        assert_eq!((bare.body_parameter_count, bare.header_text.as_deref()), (0, None));
        assert!(!bare.is_approved());
    }

    #[test]
    fn placeholders_count_by_their_highest_number() {
        assert_eq!(parameter_count("Oi"), 0);
        assert_eq!(parameter_count("{{1}} e {{1}}"), 1);
        assert_eq!(parameter_count("{{2}} antes de {{1}}"), 2);
        assert_eq!(parameter_count("{{ 3 }}"), 3);
        assert_eq!(parameter_count("{{nome}} {{0}} {{-1}} {{1"), 0, "not numbered placeholders");
    }

    #[test]
    fn the_body_is_filled_in_order_and_the_count_must_match() {
        let template = boleto();
        let values = ["Maria".to_owned(), "R$ 120,00".to_owned(), "10/12".to_owned()];
        assert_eq!(template.filled(&values).unwrap(), "Olá Maria, seu boleto de R$ 120,00 vence em 10/12.");
        let short = template.filled(&values[..2]);
        assert!(matches!(short, Err(Error::Unsupported { code: "template_parameters_mismatch", .. })));
        assert_eq!(fill("{{2}}-{{1}}-{{3}}", &["a".into(), "b".into()]), "b-a-{{3}}");
        assert_eq!(fill("{{1}} has {{x}}", &["ação".into()]), "ação has {{x}}");
    }

    fn rich(header: Value, buttons: Value) -> MessageTemplate {
        let components = json!([
            header,
            { "type": "BODY", "text": "Seu pedido {{1}} saiu." },
            { "type": "BUTTONS", "buttons": buttons }
        ]);
        let (name, language, category, status) = ("pedido".into(), "pt_BR".into(), "UTILITY".into(), "APPROVED".into());
        MessageTemplate::from_meta(Uuid::now_v7(), name, language, category, status, components, at(0))
    }

    fn tracking_buttons() -> Value {
        json!([
            { "type": "URL", "text": "Rastrear", "url": "https://acme.test/rastreio/{{1}}" },
            { "type": "QUICK_REPLY", "text": "Falar com alguém" },
            { "type": "URL", "text": "Site", "url": "https://acme.test" },
            { "type": "PHONE_NUMBER", "text": "Ligar", "phone_number": "+5511999990000" }
        ])
    }

    fn values(body: &[&str], header: &[&str], media: Option<MessageKind>, buttons: &[(u32, &str)]) -> TemplateValues {
        let owned = |values: &[&str]| values.iter().map(|value| (*value).to_owned()).collect();
        TemplateValues {
            parameters: owned(body),
            header_parameters: owned(header),
            header_media: media,
            button_values: buttons.iter().map(|(index, value)| (*index, (*value).to_owned())).collect(),
        }
    }

    fn code_of(result: Result<PreparedTemplate, Error>) -> &'static str {
        match result {
            Err(Error::Unsupported { code, .. }) => code,
            other => panic!("not refused: {other:?}"),
        }
    }

    #[test]
    fn headers_and_buttons_are_read_from_metas_components() {
        let text = rich(json!({ "type": "HEADER", "format": "TEXT", "text": "Pedido {{1}}" }), tracking_buttons());
        assert_eq!(text.header(), TemplateHeader::Text { parameter_count: 1 });
        let formats =
            [("IMAGE", MessageKind::Image), ("video", MessageKind::Video), ("DOCUMENT", MessageKind::Document)];
        for (format, kind) in formats {
            let media = rich(json!({ "type": "HEADER", "format": format }), json!([]));
            assert_eq!(media.header(), TemplateHeader::Media(kind), "{format}");
        }
        let located = rich(json!({ "type": "HEADER", "format": "LOCATION" }), json!([]));
        assert_eq!(located.header(), TemplateHeader::Unsupported("LOCATION".into()));
        assert_eq!(boleto().header(), TemplateHeader::Text { parameter_count: 0 });
        let bare = rich(json!({ "type": "FOOTER", "text": "Acme" }), json!([]));
        assert_eq!((bare.header(), bare.buttons()), (TemplateHeader::None, vec![]));

        let takes: Vec<_> = text.buttons().iter().map(|button| (button.index, button.takes())).collect();
        assert_eq!(
            takes,
            [
                (0, Some((ButtonSubType::Url, true))),
                (1, Some((ButtonSubType::QuickReply, false))),
                (2, None),
                (3, None)
            ],
            "a dynamic link needs its end; a fixed link and a phone number take nothing"
        );
        let coupon = rich(json!({ "type": "FOOTER" }), json!([{ "type": "COPY_CODE", "example": ["PROMO10"] }]));
        assert_eq!(coupon.buttons()[0].takes(), Some((ButtonSubType::CopyCode, true)));
    }

    #[test]
    fn a_template_is_prepared_with_its_header_and_buttons() {
        let template = rich(json!({ "type": "HEADER", "format": "TEXT", "text": "Pedido {{1}}" }), tracking_buttons());
        let prepared = template.prepare(values(&["123"], &["#123"], None, &[(1, "atendente"), (0, "ABC123")])).unwrap();
        assert_eq!(prepared.text, "Pedido #123\n\nSeu pedido 123 saiu.", "the header over the body, as WhatsApp shows");
        let sent = prepared.template;
        assert_eq!((sent.name.as_str(), sent.language.as_str()), ("pedido", "pt_BR"));
        assert_eq!(
            (sent.parameters, sent.header_parameters, sent.header_media),
            (vec!["123".into()], vec!["#123".into()], None)
        );
        assert_eq!(
            sent.button_parameters,
            [
                ButtonParameter { index: 0, sub_type: ButtonSubType::Url, value: "ABC123".into() },
                ButtonParameter { index: 1, sub_type: ButtonSubType::QuickReply, value: "atendente".into() },
            ],
            "by index, with what each is"
        );
        let without_payload = template.prepare(values(&["1"], &["#1"], None, &[(0, "X")])).unwrap();
        assert_eq!(without_payload.template.button_parameters.len(), 1, "a quick reply's payload is optional");

        let photo = rich(json!({ "type": "HEADER", "format": "IMAGE" }), json!([]));
        let prepared = photo.prepare(values(&["9"], &[], Some(MessageKind::Image), &[])).unwrap();
        assert_eq!(
            (prepared.text.as_str(), prepared.template.header_media),
            ("Seu pedido 9 saiu.", Some(MessageKind::Image))
        );
        let static_header = boleto().prepare(values(&["a", "b", "c"], &[], None, &[])).unwrap();
        assert_eq!(static_header.text, "Boleto disponível\n\nOlá a, seu boleto de b vence em c.");
    }

    #[test]
    fn what_a_template_does_not_take_is_refused_with_its_code() {
        let template = rich(json!({ "type": "HEADER", "format": "TEXT", "text": "Pedido {{1}}" }), tracking_buttons());
        let header = "template_header_parameters_mismatch";
        let buttons = "template_button_parameters_mismatch";
        assert_eq!(code_of(template.prepare(values(&[], &["#1"], None, &[(0, "X")]))), "template_parameters_mismatch");
        assert_eq!(code_of(template.prepare(values(&["1"], &[], None, &[(0, "X")]))), header);
        assert_eq!(code_of(template.prepare(values(&["1"], &["a", "b"], None, &[(0, "X")]))), header);
        assert_eq!(code_of(template.prepare(values(&["1"], &["#1"], None, &[]))), buttons, "the link's end is missing");
        assert_eq!(
            code_of(template.prepare(values(&["1"], &["#1"], None, &[(0, "X"), (2, "Y")]))),
            buttons,
            "a fixed link"
        );
        assert_eq!(
            code_of(template.prepare(values(&["1"], &["#1"], None, &[(0, "X"), (9, "Y")]))),
            buttons,
            "no such button"
        );
        assert_eq!(code_of(template.prepare(values(&["1"], &["#1"], None, &[(0, "X"), (0, "Y")]))), buttons, "twice");
        let media = "template_header_media_mismatch";
        assert_eq!(code_of(template.prepare(values(&["1"], &["#1"], Some(MessageKind::Image), &[(0, "X")]))), media);

        let document = rich(json!({ "type": "HEADER", "format": "DOCUMENT" }), json!([]));
        assert_eq!(code_of(document.prepare(values(&["1"], &[], None, &[]))), media, "the file is missing");
        assert_eq!(
            code_of(document.prepare(values(&["1"], &[], Some(MessageKind::Image), &[]))),
            media,
            "another kind"
        );
        assert_eq!(code_of(document.prepare(values(&["1"], &["x"], Some(MessageKind::Document), &[]))), header);
        let located = rich(json!({ "type": "HEADER", "format": "LOCATION" }), json!([]));
        assert_eq!(code_of(located.prepare(values(&["1"], &[], None, &[]))), "template_header_not_supported");
    }

    #[test]
    fn the_window_closes_a_day_after_the_customers_last_message() {
        let created = at(0);
        assert_eq!(customer_window_closes_at(ChannelKind::WhatsappCloud, Some(at(60)), created), Some(at(60 + 86_400)));
        assert_eq!(
            customer_window_closes_at(ChannelKind::WhatsappCloud, None, created),
            Some(created),
            "a customer who never wrote: already closed"
        );
        assert_eq!(customer_window_closes_at(ChannelKind::WhatsappQr, Some(at(60)), created), None);
        assert_eq!(customer_window_closes_at(ChannelKind::Simulator, None, created), None);
    }

    #[test]
    fn outside_the_window_only_templates_go() {
        let closes = Some(at(86_400));
        let free_form = [MessageKind::Text, MessageKind::Image, MessageKind::Location, MessageKind::Document]
            .map(Outgoing::Message)
            .into_iter()
            .chain([Outgoing::Reaction]);
        for outgoing in free_form {
            assert!(ensure_within_customer_window(closes, outgoing, at(86_399)).is_ok(), "{outgoing:?} inside");
            let refused = ensure_within_customer_window(closes, outgoing, at(86_400));
            assert!(matches!(refused, Err(Error::Unsupported { code: "outside_customer_window", .. })), "{outgoing:?}");
        }
        let template = Outgoing::Message(MessageKind::Template);
        assert!(ensure_within_customer_window(closes, template, at(200_000)).is_ok());
        let text = Outgoing::Message(MessageKind::Text);
        assert!(ensure_within_customer_window(None, text, at(200_000)).is_ok(), "no window");
    }
}
