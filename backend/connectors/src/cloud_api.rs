//! Meta's WhatsApp Cloud API: sending through the Graph API, and reading the webhooks Meta posts
//! (their signature, the verification handshake, and the messages and statuses they carry).
//!
//! The base URL is configurable so that tests talk to a local mock of the Graph API.

mod inbound;
mod media;
mod templates;

use async_trait::async_trait;
use blocopro_domain::Timestamp;
use blocopro_domain::channel::{Capabilities, ChannelKind, CloudSettings, DeliveryStatus};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use subtle::ConstantTimeEq;

use self::inbound::{Sender, WebhookMessage};
pub use self::templates::MetaTemplate;
use crate::{
    ChannelEvents, Connector, ConnectorError, ConnectorEventKind, FetchedFile, GroupConnector, OutgoingFile,
    OutgoingMessage, cloud_outbound,
};

pub const GRAPH_API_BASE_URL: &str = "https://graph.facebook.com";

/// The three secrets of a Cloud API channel. Never logged, never sent back by the API.
#[derive(Clone, Serialize, Deserialize)]
pub struct CloudCredentials {
    pub access_token: String,
    pub app_secret: String,
    pub verify_token: String,
}

impl std::fmt::Debug for CloudCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CloudCredentials([redacted])")
    }
}

/// The `X-Hub-Signature-256` value Meta sends with `body` (what tests and benchmarks sign with).
pub fn signature_header(app_secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(app_secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// Checks `X-Hub-Signature-256: sha256=<hex>` over the raw body, in constant time.
pub fn signature_is_valid(app_secret: &str, body: &[u8], header: Option<&str>) -> bool {
    let Some(hex_signature) = header.and_then(|value| value.strip_prefix("sha256=")) else { return false };
    let Ok(signature) = hex::decode(hex_signature) else { return false };
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(app_secret.as_bytes()) else { return false };
    mac.update(body);
    mac.verify_slice(&signature).is_ok()
}

/// The subscription handshake: Meta sends `hub.mode=subscribe`, our verify token and a challenge to echo.
pub fn verification_is_valid(expected_token: &str, mode: Option<&str>, token: Option<&str>) -> bool {
    mode == Some("subscribe")
        && token.is_some_and(|token| bool::from(token.as_bytes().ct_eq(expected_token.as_bytes())))
}

#[derive(Deserialize)]
struct Webhook {
    #[serde(default)]
    entry: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    #[serde(default)]
    changes: Vec<Change>,
}

#[derive(Deserialize)]
struct Change {
    value: ChangeValue,
}

/// Items stay raw until each is read on its own, so one Meta has changed does not sink the others.
#[derive(Deserialize)]
struct ChangeValue {
    metadata: Option<Metadata>,
    /// Who wrote the messages, with their profile names.
    #[serde(default)]
    contacts: Vec<serde_json::Value>,
    #[serde(default)]
    messages: Vec<serde_json::Value>,
    #[serde(default)]
    statuses: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
struct Metadata {
    phone_number_id: String,
}

#[derive(Deserialize)]
struct WebhookStatus {
    id: String,
    status: String,
    timestamp: String,
    #[serde(default)]
    errors: Vec<GraphErrorDetail>,
}

#[derive(Deserialize)]
struct GraphErrorDetail {
    code: i64,
    title: Option<String>,
    message: Option<String>,
}

fn timestamp(seconds: &str) -> Timestamp {
    seconds.parse().ok().and_then(|s| Timestamp::from_second(s).ok()).unwrap_or_else(Timestamp::now)
}

/// Graph numbers are digits without `+`.
fn e164(wa_id: &str) -> String {
    if wa_id.starts_with('+') { wa_id.to_owned() } else { format!("+{wa_id}") }
}

fn status_event(status: WebhookStatus) -> Option<ConnectorEventKind> {
    let delivery = match status.status.as_str() {
        "sent" => DeliveryStatus::Sent,
        "delivered" => DeliveryStatus::Delivered,
        "read" => DeliveryStatus::Read,
        "failed" => DeliveryStatus::Failed,
        _ => return None,
    };
    let error = status.errors.first().map(|error| {
        let reason = error.message.as_deref().or(error.title.as_deref()).unwrap_or("failed");
        format!("{}: {reason}", error.code)
    });
    Some(ConnectorEventKind::Receipt {
        external_id: status.id,
        status: delivery,
        error,
        at: timestamp(&status.timestamp),
    })
}

/// Reads one item; an unreadable one is logged (without its content) and skipped.
fn read_item<T: serde::de::DeserializeOwned>(item: serde_json::Value, what: &str) -> Option<T> {
    serde_json::from_value(item)
        .map_err(|error| tracing::warn!(category = ?error.classify(), line = error.line(), "webhook {what} skipped"))
        .ok()
}

fn is_for(value: &ChangeValue, phone_number_id: &str) -> bool {
    let number = value.metadata.as_ref().map(|metadata| metadata.phone_number_id.as_str());
    if number != Some(phone_number_id) {
        tracing::warn!(
            other_number = number.unwrap_or("none"),
            "webhook change for another number skipped: give each number its own channel and callback URL"
        );
    }
    number == Some(phone_number_id)
}

/// The events in one webhook delivery for the number `phone_number_id`. Changes about other numbers
/// (one Meta app may serve several) and items that cannot be read are skipped and logged; only a
/// body that is not a webhook at all is an error.
pub fn parse_webhook(body: &[u8], phone_number_id: &str) -> Result<Vec<ConnectorEventKind>, serde_json::Error> {
    let webhook: Webhook = serde_json::from_slice(body)?;
    let values = webhook.entry.into_iter().flat_map(|entry| entry.changes).map(|change| change.value);
    Ok(values
        .filter(|value| is_for(value, phone_number_id))
        .flat_map(|value| {
            let senders: Vec<Sender> =
                value.contacts.into_iter().filter_map(|item| read_item(item, "contact")).collect();
            let messages =
                value.messages.into_iter().filter_map(|item| read_item::<WebhookMessage>(item, "message")).flat_map(
                    |message| {
                        let name = Sender::name_of(&senders, message.from());
                        message.into_events(name)
                    },
                );
            let statuses =
                value.statuses.into_iter().filter_map(|item| read_item(item, "status")).filter_map(status_event);
            messages.chain(statuses).collect::<Vec<_>>()
        })
        .collect())
}

#[derive(Deserialize)]
struct GraphErrorBody {
    error: GraphError,
}

#[derive(Deserialize)]
struct GraphError {
    code: i64,
    message: String,
    /// Meta's hint that the same request may work later.
    #[serde(default)]
    is_transient: bool,
}

/// Graph API error codes (developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes).
pub fn map_graph_error(code: i64, message: String) -> ConnectorError {
    match code {
        // Access token expired or revoked; missing permission.
        190 | 10 | 200..=299 => ConnectorError::Unauthorized,
        // Cloud API throughput, app rate limits, pair rate limit, spam rate limit.
        4 | 80007 | 130429 | 131048 | 131056 => ConnectorError::RateLimited,
        // More than 24 hours since the customer last wrote: only templates may be sent.
        131047 => ConnectorError::OutsideCustomerWindow,
        // API Service (down or overloaded), Service unavailable, Server temporarily unavailable.
        2 | 131016 | 133004 => ConnectorError::Unavailable(message),
        _ => ConnectorError::Rejected { code: code.to_string(), message },
    }
}

/// What a Graph API answer other than 2xx means. A server error, or an error Meta marks
/// `is_transient`, may pass: the outbox tries again rather than failing the message for good.
fn graph_failure(status: reqwest::StatusCode, body: serde_json::Value) -> ConnectorError {
    match serde_json::from_value::<GraphErrorBody>(body) {
        Ok(GraphErrorBody { error }) if error.is_transient || status.is_server_error() => {
            ConnectorError::Unavailable(format!("Graph API answered {status}: {}", error.message))
        }
        Ok(GraphErrorBody { error }) => map_graph_error(error.code, error.message),
        Err(_) if status.is_server_error() => ConnectorError::Unavailable(format!("Graph API answered {status}")),
        Err(_) => ConnectorError::Rejected { code: status.as_u16().to_string(), message: status.to_string() },
    }
}

/// Our side of one Cloud API number.
pub struct CloudApiConnector {
    http: reqwest::Client,
    base_url: String,
    settings: CloudSettings,
    access_token: String,
    events: ChannelEvents,
}

impl CloudApiConnector {
    pub fn new(
        http: reqwest::Client,
        base_url: &str,
        settings: CloudSettings,
        credentials: &CloudCredentials,
        events: ChannelEvents,
    ) -> Self {
        Self {
            http,
            base_url: base_url.trim_end_matches('/').to_owned(),
            settings,
            access_token: credentials.access_token.clone(),
            events,
        }
    }

    fn url(&self, suffix: &str) -> String {
        format!("{}/{}/{}{suffix}", self.base_url, self.settings.api_version, self.settings.phone_number_id)
    }

    /// Sends a Graph request; answers the JSON body or the mapped error. A refused token also
    /// marks the channel logged out.
    async fn call(&self, request: reqwest::RequestBuilder) -> Result<serde_json::Value, ConnectorError> {
        let response = request
            .bearer_auth(&self.access_token)
            .send()
            .await
            .map_err(|error| ConnectorError::Unavailable(error.without_url().to_string()))?;
        let status = response.status();
        let body: serde_json::Value =
            response.json().await.map_err(|error| ConnectorError::Unavailable(error.without_url().to_string()))?;
        if status.is_success() {
            return Ok(body);
        }
        let error = graph_failure(status, body);
        if error == ConnectorError::Unauthorized {
            self.events.emit(ConnectorEventKind::LoggedOut).await;
        }
        Err(error)
    }
}

impl CloudApiConnector {
    /// Posts to `/messages`; answers the id Meta gave the message.
    async fn post_message(&self, payload: &serde_json::Value) -> Result<String, ConnectorError> {
        let body = self.call(self.http.post(self.url("/messages")).json(payload)).await?;
        let sent: SendResponse =
            serde_json::from_value(body).map_err(|e| ConnectorError::Unavailable(e.to_string()))?;
        sent.messages.into_iter().next().map(|message| message.id).ok_or_else(|| {
            ConnectorError::Unavailable("the Graph API accepted the message without giving its id".into())
        })
    }

    /// Streams a file to the number's `/media` (multipart, its length announced); answers its id.
    async fn upload(&self, file: OutgoingFile) -> Result<String, ConnectorError> {
        let OutgoingFile { mime_type, file_name, size, bytes } = file;
        let part = reqwest::multipart::Part::stream_with_length(reqwest::Body::wrap_stream(bytes), size)
            .file_name(file_name.unwrap_or_else(|| "file".into()))
            .mime_str(&mime_type)
            .map_err(|_| ConnectorError::Unsupported("send a file of an invalid type"))?;
        let form = reqwest::multipart::Form::new()
            .text("messaging_product", "whatsapp")
            .text("type", mime_type)
            .part("file", part);
        let body = self.call(self.http.post(self.url("/media")).multipart(form)).await?;
        let uploaded: UploadResponse =
            serde_json::from_value(body).map_err(|e| ConnectorError::Unavailable(e.to_string()))?;
        Ok(uploaded.id)
    }
}

#[derive(Deserialize)]
struct UploadResponse {
    id: String,
}

#[derive(Deserialize)]
struct PhoneNumber {
    display_phone_number: Option<String>,
}

#[derive(Deserialize)]
struct SendResponse {
    messages: Vec<SentMessage>,
}

#[derive(Deserialize)]
struct SentMessage {
    id: String,
}

/// `+55 11 98888-7777` → `+5511988887777`.
fn normalize_display_number(display: &str) -> String {
    let digits: String = display.chars().filter(char::is_ascii_digit).collect();
    format!("+{digits}")
}

#[async_trait]
impl Connector for CloudApiConnector {
    fn capabilities(&self) -> Capabilities {
        ChannelKind::WhatsappCloud.capabilities()
    }

    /// Checks the credentials by reading the number's profile; webhooks do the rest.
    async fn connect(&self) -> Result<(), ConnectorError> {
        let request = self.http.get(self.url("")).query(&[("fields", "display_phone_number,verified_name")]);
        let body = self.call(request).await?;
        let number: PhoneNumber =
            serde_json::from_value(body).map_err(|e| ConnectorError::Unavailable(e.to_string()))?;
        let phone_number = number.display_phone_number.as_deref().map(normalize_display_number);
        self.events.emit(ConnectorEventKind::Connected { phone_number }).await;
        Ok(())
    }

    async fn disconnect(&self, logout: bool) -> Result<(), ConnectorError> {
        let kind = if logout { ConnectorEventKind::LoggedOut } else { ConnectorEventKind::Disconnected };
        self.events.emit(kind).await;
        Ok(())
    }

    /// A file is uploaded to the number's `/media` first (streamed), then sent by its id.
    async fn send(&self, to: &str, message: OutgoingMessage) -> Result<String, ConnectorError> {
        let media_id = match message.file {
            Some(file) => Some(self.upload(file).await?),
            None => None,
        };
        let reply_to = message.reply_to_external_id.as_deref();
        let payload = cloud_outbound::message_payload(to, &message.content, reply_to, media_id.as_deref())?;
        self.post_message(&payload).await
    }

    async fn send_reaction(&self, to: &str, target_external_id: &str, emoji: &str) -> Result<String, ConnectorError> {
        self.post_message(&cloud_outbound::reaction_payload(to, target_external_id, emoji)).await
    }

    async fn fetch_media(&self, provider_ref: &str) -> Result<FetchedFile, ConnectorError> {
        self.fetch(provider_ref).await
    }

    fn groups(&self) -> Option<&dyn GroupConnector> {
        None
    }
}

#[cfg(test)]
mod tests {
    use blocopro_domain::message::MessageKind;
    use serde_json::json;

    use super::*;

    #[test]
    fn signatures_are_checked_over_the_raw_body() {
        let body = br#"{"entry":[]}"#;
        let header = signature_header("app-secret", body);
        assert!(signature_is_valid("app-secret", body, Some(&header)));
        assert!(!signature_is_valid("other-secret", body, Some(&header)));
        assert!(!signature_is_valid("app-secret", br#"{"entry": []}"#, Some(&header)), "one byte changed");
        assert!(!signature_is_valid("app-secret", body, None));
        assert!(!signature_is_valid("app-secret", body, Some("sha256=zz")));
        assert!(!signature_is_valid("app-secret", body, Some(header.trim_start_matches("sha256="))));
    }

    #[test]
    fn the_handshake_needs_subscribe_and_the_token() {
        assert!(verification_is_valid("verify-me", Some("subscribe"), Some("verify-me")));
        assert!(!verification_is_valid("verify-me", Some("subscribe"), Some("guess")));
        assert!(!verification_is_valid("verify-me", Some("unsubscribe"), Some("verify-me")));
        assert!(!verification_is_valid("verify-me", None, None));
    }

    const DELIVERY: &str = r#"{
      "object": "whatsapp_business_account",
      "entry": [{ "id": "2001", "changes": [
        { "field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": { "display_phone_number": "15550001111", "phone_number_id": "106540352242922" },
            "contacts": [{ "profile": { "name": "Maria" }, "wa_id": "5511988887777" }],
            "messages": [
              { "from": "5511988887777", "id": "wamid.A", "timestamp": "1764000000", "type": "text", "text": { "body": "Oi!" } },
              { "from": "5511988887777", "id": "wamid.B", "timestamp": "1764000001", "type": "image", "image": { "id": "9" } }
            ],
            "statuses": [
              { "id": "wamid.OUT", "status": "read", "timestamp": "1764000002", "recipient_id": "5511988887777" },
              { "id": "wamid.FAIL", "status": "failed", "timestamp": "1764000003", "recipient_id": "5511988887777",
                "errors": [{ "code": 131047, "title": "Re-engagement message" }] }
            ] } },
        { "field": "messages", "value": {
            "metadata": { "display_phone_number": "15550002222", "phone_number_id": "999" },
            "messages": [{ "from": "5511911112222", "id": "wamid.OTHER", "timestamp": "1764000000", "type": "text", "text": { "body": "x" } }]
        } }
      ] }]
    }"#;

    #[test]
    fn deliveries_become_messages_and_receipts_of_this_number_only() {
        let events = parse_webhook(DELIVERY.as_bytes(), "106540352242922").unwrap();
        assert_eq!(events.len(), 4, "the other number's message is skipped");
        let ConnectorEventKind::Message(first) = &events[0] else { panic!("a message") };
        assert_eq!(
            (first.external_id.as_str(), first.chat_id.as_str(), first.content.text.as_str()),
            ("wamid.A", "+5511988887777", "Oi!")
        );
        assert_eq!(first.sent_at, Timestamp::from_second(1_764_000_000).unwrap());
        assert_eq!(first.sender_name.as_deref(), Some("Maria"), "the profile name of its sender");
        let ConnectorEventKind::Message(image) = &events[1] else { panic!("a message") };
        let media = image.content.media.as_ref().unwrap();
        assert_eq!((image.content.kind, media.provider_ref.as_deref()), (MessageKind::Image, Some("9")));
        assert!(matches!(&events[2], ConnectorEventKind::Receipt { status: DeliveryStatus::Read, .. }));
        let ConnectorEventKind::Receipt { error, status, .. } = &events[3] else { panic!("a receipt") };
        assert_eq!((status, error.as_deref()), (&DeliveryStatus::Failed, Some("131047: Re-engagement message")));
    }

    #[test]
    fn only_a_body_that_is_no_webhook_is_an_error() {
        assert!(parse_webhook(b"not json", "1").is_err());
        assert!(parse_webhook(br#"{"entry":"x"}"#, "1").is_err());
        assert!(parse_webhook(br#"{"object":"page"}"#, "1").unwrap().is_empty());
    }

    #[test]
    fn an_unreadable_item_does_not_sink_the_others() {
        let body = br#"{"entry":[{"changes":[{"value":{"metadata":{"phone_number_id":"1"},"messages":[
            {"id":1},
            {"from":"5511988887777","id":"wamid.OK","timestamp":"1764000000","type":"text","text":{"body":"Oi"}}
        ]}}]}]}"#;
        let events = parse_webhook(body, "1").unwrap();
        assert_eq!(events.len(), 1);
        assert!(matches!(&events[0], ConnectorEventKind::Message(message) if message.external_id == "wamid.OK"));
    }

    #[test]
    fn graph_errors_map_to_what_the_user_can_do() {
        assert_eq!(map_graph_error(130429, "Rate limit hit".into()), ConnectorError::RateLimited);
        assert_eq!(map_graph_error(131047, "Re-engagement".into()), ConnectorError::OutsideCustomerWindow);
        assert_eq!(map_graph_error(190, "Token expired".into()), ConnectorError::Unauthorized);
        assert_eq!(
            map_graph_error(131026, "Message undeliverable".into()),
            ConnectorError::Rejected { code: "131026".into(), message: "Message undeliverable".into() }
        );
    }

    #[test]
    fn meta_being_down_or_overloaded_is_passing() {
        let overloaded = json!({ "error": {
            "message": "(#2) Service temporarily unavailable", "type": "OAuthException", "is_transient": true, "code": 2
        } });
        let unavailable = graph_failure(reqwest::StatusCode::SERVICE_UNAVAILABLE, overloaded);
        assert!(matches!(unavailable, ConnectorError::Unavailable(_)), "{unavailable:?}");
        let unknown_500 = json!({ "error": { "message": "Something went wrong", "code": 131000 } });
        let failed = graph_failure(reqwest::StatusCode::INTERNAL_SERVER_ERROR, unknown_500);
        assert!(matches!(failed, ConnectorError::Unavailable(_)), "{failed:?}");
        let transient_400 = json!({ "error": { "message": "Try again", "code": 1, "is_transient": true } });
        assert!(matches!(
            graph_failure(reqwest::StatusCode::BAD_REQUEST, transient_400),
            ConnectorError::Unavailable(_)
        ));
        assert!(matches!(
            map_graph_error(133004, "Server temporarily unavailable".into()),
            ConnectorError::Unavailable(_)
        ));
        let undeliverable = json!({ "error": { "message": "Message undeliverable", "code": 131026 } });
        assert!(matches!(
            graph_failure(reqwest::StatusCode::BAD_REQUEST, undeliverable),
            ConnectorError::Rejected { .. }
        ));
        let expired = json!({ "error": { "message": "Session has expired", "code": 190 } });
        assert_eq!(graph_failure(reqwest::StatusCode::UNAUTHORIZED, expired), ConnectorError::Unauthorized);
    }

    #[test]
    fn display_numbers_become_e164() {
        assert_eq!(normalize_display_number("+55 11 98888-7777"), "+5511988887777");
        assert_eq!(e164("5511988887777"), "+5511988887777");
    }
}
