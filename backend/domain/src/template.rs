//! WhatsApp message templates and the Cloud API's 24-hour customer-service window.
//!
//! A Cloud API number may write free-form (text, files, locations, reactions) to a customer only
//! within 24 hours of the customer's last message; outside it, only a template Meta approved goes
//! out. Templates are synced from the WhatsApp Business Account (as Meta gives them: status and
//! category kept as Meta spells them, the components as Meta's JSON) and sent with the values of
//! their body's placeholders `{{1}}`…`{{n}}`. The rules here are pure: reading a template's body,
//! filling it, and whether the window is open.

use jiff::{SignedDuration, Timestamp};
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

use crate::Error;
use crate::channel::ChannelKind;
use crate::message::MessageKind;

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
            return Err(Error::Unsupported {
                code: "template_parameters_mismatch",
                detail: format!(
                    "The template `{}` ({}) takes {} parameter(s); {} given.",
                    self.name,
                    self.language,
                    self.body_parameter_count,
                    parameters.len()
                ),
            });
        }
        Ok(fill(&self.body_text, parameters))
    }
}

/// The `text` of the first component of `kind` (`BODY`, `HEADER`: Meta writes them upper case).
fn component_text(components: &Value, kind: &str) -> Option<String> {
    components.as_array()?.iter().find_map(|component| {
        let matches = component.get("type")?.as_str()?.eq_ignore_ascii_case(kind);
        matches.then(|| component.get("text")?.as_str().map(str::to_owned)).flatten()
    })
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
