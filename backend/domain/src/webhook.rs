//! Outgoing webhooks for integrators: which events a company may subscribe to, what a target URL
//! must look like, how deliveries are signed, and how failed deliveries are retried.

use hmac::{Hmac, Mac};
use jiff::{SignedDuration, Timestamp};
use serde::Serialize;
use sha2::Sha256;
use uuid::Uuid;

use crate::FieldErrors;
use crate::event::EventKind;
use crate::retry::Backoff;

// The subset of `EventKind` integrators get (`EventKind::webhook_event`); its doc is the document's.
crate::text_enum! {
    /// An event a webhook may subscribe to: the realtime events that concern integrators. QR Codes
    /// (a pairing secret) and import progress (a screen's progress bar) stay inside BlocoPro.
    pub enum WebhookEvent {
        MessageCreated => "message.created",
        MessageStatus => "message.status",
        MessageUpdated => "message.updated",
        ConversationUpdated => "conversation.updated",
        ChannelStatus => "channel.status",
        GroupUpdated => "group.updated",
        GroupRemoved => "group.removed",
        PresenceChanged => "presence.changed",
    }
}

/// The event type of a test delivery (`POST /webhooks/{id}/test`); always delivered.
pub const PING_EVENT: &str = "ping";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Webhook {
    pub id: Uuid,
    #[serde(skip)]
    pub company_id: Uuid,
    /// Where deliveries are posted.
    pub url: String,
    /// The event types delivered.
    pub events: Vec<WebhookEvent>,
    pub created_by: Option<Uuid>,
    pub created_at: Timestamp,
}

impl Webhook {
    /// Whether an event of the log, by its type, goes to this webhook.
    pub fn wants(&self, event_type: &str) -> bool {
        EventKind::parse(event_type)
            .and_then(EventKind::webhook_event)
            .is_some_and(|event| self.events.contains(&event))
    }
}

crate::text_enum! {
    /// `queued` until the receiver answers 2xx (`delivered`) or the tries run out (`failed`).
    pub enum WebhookDeliveryStatus { Queued => "queued", Delivered => "delivered", Failed => "failed" }
}

/// One event on its way to one webhook, with how its tries went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WebhookDelivery {
    /// Also the `id` of the body and the `X-BlocoPro-Delivery` header: receivers deduplicate by it.
    pub id: Uuid,
    pub webhook_id: Uuid,
    /// `message.created`, … or `ping`.
    pub event_type: String,
    /// The event's cursor in the company's event log (none for a ping).
    pub event_cursor: Option<i64>,
    pub status: WebhookDeliveryStatus,
    /// Tries so far.
    pub attempts: u32,
    /// The HTTP status of the last answer, if the receiver answered.
    pub last_status: Option<u16>,
    /// Why the last try failed (`timeout`, `http_500`, a connection error…).
    pub last_error: Option<String>,
    pub created_at: Timestamp,
    pub last_attempt_at: Option<Timestamp>,
    /// When the next try is due (queued deliveries only).
    pub next_attempt_at: Option<Timestamp>,
    pub delivered_at: Option<Timestamp>,
}

pub const URL_MAX_CHARS: usize = 2048;
pub const SECRET_MIN_CHARS: usize = 16;
pub const SECRET_MAX_CHARS: usize = 256;

/// A target must be an absolute `http`/`https` URL with a host, bounded, and carry no
/// credentials: they would be shown in every list and log, where the signing secret is the
/// receiver's proof of origin instead.
pub fn check_url(errors: &mut FieldErrors, field: &str, text: &str) {
    if text.chars().count() > URL_MAX_CHARS {
        errors.add(field, format!("must have at most {URL_MAX_CHARS} characters"));
        return;
    }
    let Ok(url) = url::Url::parse(text) else {
        errors.add(field, "must be an absolute http or https URL");
        return;
    };
    if !matches!(url.scheme(), "http" | "https") {
        errors.add(field, "must use http or https");
    } else if url.host_str().is_none_or(str::is_empty) {
        errors.add(field, "must name a host");
    } else if !url.username().is_empty() || url.password().is_some() {
        errors.add(field, "must not carry credentials; the signature proves where deliveries come from");
    }
}

pub fn check_events(errors: &mut FieldErrors, field: &str, events: &[WebhookEvent]) {
    if events.is_empty() {
        errors.add(field, "must name at least one event");
    }
}

pub fn check_secret(errors: &mut FieldErrors, field: &str, secret: &str) {
    let chars = secret.chars().count();
    if !(SECRET_MIN_CHARS..=SECRET_MAX_CHARS).contains(&chars) {
        errors.add(field, format!("must have {SECRET_MIN_CHARS} to {SECRET_MAX_CHARS} characters"));
    } else if secret.chars().any(|c| c.is_whitespace() || c.is_control()) {
        errors.add(field, "must not contain spaces or control characters");
    }
}

/// The events in their catalogue order, once each.
pub fn normalize_events(events: &[WebhookEvent]) -> Vec<WebhookEvent> {
    WebhookEvent::ALL.iter().copied().filter(|event| events.contains(event)).collect()
}

pub const SIGNATURE_HEADER: &str = "X-BlocoPro-Signature";
pub const EVENT_HEADER: &str = "X-BlocoPro-Event";
pub const DELIVERY_HEADER: &str = "X-BlocoPro-Delivery";

fn signature_mac(secret: &str, timestamp: i64, body: &[u8]) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

/// `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed with the secret>`. The time is
/// signed too, so a receiver can refuse an old delivery replayed at it.
pub fn signature_header(secret: &str, at: Timestamp, body: &[u8]) -> String {
    let timestamp = at.as_second();
    let digest = signature_mac(secret, timestamp, body).finalize().into_bytes();
    format!("t={timestamp},v1={}", hex::encode(digest))
}

/// What a receiver checks: a `v1` signature of the body with the secret, made within `tolerance`
/// of `now`, compared in constant time.
pub fn signature_is_valid(secret: &str, header: &str, body: &[u8], now: Timestamp, tolerance: SignedDuration) -> bool {
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", value)) => timestamp = value.parse::<i64>().ok(),
            Some(("v1", value)) => signatures.extend(hex::decode(value).ok()),
            _ => {}
        }
    }
    let Some(timestamp) = timestamp else { return false };
    if (now.as_second() - timestamp).abs() > tolerance.as_secs() {
        return false;
    }
    signatures.iter().any(|signature| signature_mac(secret, timestamp, body).verify_slice(signature).is_ok())
}

/// How deliveries are retried: 10 s, doubling, at most 30 min apart; the 8th failed try is final
/// (about 21 minutes after the first).
pub const BACKOFF: Backoff =
    Backoff { first: SignedDuration::from_secs(10), max: SignedDuration::from_mins(30), max_attempts: 8 };
/// A receiver that has not answered by then has failed this try (and is tried again).
pub const DELIVERY_TIMEOUT: SignedDuration = SignedDuration::from_secs(10);
/// How long a sender holds the deliveries it claimed: longer than a try can last.
pub const CLAIM_LEASE: SignedDuration = SignedDuration::from_secs(60);

/// Why a try failed, as the delivery log says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttemptFailure {
    /// The receiver answered with a status other than 2xx.
    Status(u16),
    /// No answer within the timeout.
    Timeout,
    /// No connection, a broken one, or an unreadable answer.
    Connection(String),
}

impl AttemptFailure {
    pub fn status(&self) -> Option<u16> {
        match self {
            AttemptFailure::Status(status) => Some(*status),
            _ => None,
        }
    }

    /// `http_500`, `timeout`, `connection: …`.
    pub fn describe(&self) -> String {
        match self {
            AttemptFailure::Status(status) => format!("http_{status}"),
            AttemptFailure::Timeout => "timeout".to_owned(),
            AttemptFailure::Connection(reason) => format!("connection: {reason}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url_errors(url: &str) -> Option<Vec<String>> {
        let mut errors = FieldErrors::new();
        check_url(&mut errors, "url", url);
        errors.0.remove("url")
    }

    #[test]
    fn urls_must_be_plain_http_or_https_targets() {
        assert_eq!(url_errors("https://erp.example.com/hooks?source=blocopro"), None);
        assert_eq!(url_errors("http://127.0.0.1:9000/in"), None);
        for bad in
            ["ftp://example.com/x", "example.com/hook", "", "https://", "javascript:alert(1)", "https://exa mple.com"]
        {
            assert!(url_errors(bad).is_some(), "{bad:?} must be refused");
        }
        assert_eq!(
            url_errors("https://user:pass@example.com/"),
            Some(vec!["must not carry credentials; the signature proves where deliveries come from".into()])
        );
        assert!(url_errors(&format!("https://example.com/{}", "a".repeat(URL_MAX_CHARS))).is_some());
    }

    #[test]
    fn events_and_secrets_are_checked() {
        let mut errors = FieldErrors::new();
        check_events(&mut errors, "events", &[]);
        check_secret(&mut errors, "secret", "short");
        assert_eq!(errors.0.keys().collect::<Vec<_>>(), ["events", "secret"]);
        let mut errors = FieldErrors::new();
        check_events(&mut errors, "events", &[WebhookEvent::MessageCreated]);
        check_secret(&mut errors, "secret", "a-secret-long-enough");
        assert!(errors.is_empty());
        check_secret(&mut errors, "secret", "has a space in it, sadly");
        assert!(!errors.is_empty());
    }

    #[test]
    fn events_are_kept_once_in_catalogue_order() {
        let events = [WebhookEvent::PresenceChanged, WebhookEvent::MessageCreated, WebhookEvent::PresenceChanged];
        assert_eq!(normalize_events(&events), [WebhookEvent::MessageCreated, WebhookEvent::PresenceChanged]);
    }

    #[test]
    fn a_webhook_wants_only_its_events() {
        let webhook = Webhook {
            id: Uuid::nil(),
            company_id: Uuid::nil(),
            url: "https://example.com".into(),
            events: vec![WebhookEvent::MessageCreated],
            created_by: None,
            created_at: Timestamp::UNIX_EPOCH,
        };
        assert!(webhook.wants("message.created"));
        assert!(!webhook.wants("conversation.updated"));
        assert!(!webhook.wants("user.updated"), "internal events are never offered");
        assert!(!webhook.wants("channel.qr"));
    }

    #[test]
    fn signatures_match_an_independent_hmac_and_are_verified() {
        let at = Timestamp::from_second(1_700_000_000).unwrap();
        let body = br#"{"type":"ping"}"#;
        // printf '%s' '1700000000.{"type":"ping"}' | openssl dgst -sha256 -hmac whsec_test_secret
        let expected = "t=1700000000,v1=285bd17edcfe07d7c1799aa88331540be6730f0682a6ca1b715671d4b688991b";
        assert_eq!(signature_header("whsec_test_secret", at, body), expected);

        let five_minutes = SignedDuration::from_mins(5);
        assert!(signature_is_valid("whsec_test_secret", expected, body, at, five_minutes));
        assert!(!signature_is_valid("another_secret", expected, body, at, five_minutes));
        assert!(!signature_is_valid("whsec_test_secret", expected, br#"{"type":"pong"}"#, at, five_minutes));
        let later = at + SignedDuration::from_mins(6);
        assert!(!signature_is_valid("whsec_test_secret", expected, body, later, five_minutes), "too old");
        assert!(!signature_is_valid("whsec_test_secret", "v1=00", body, at, five_minutes));
    }

    #[test]
    fn deliveries_are_retried_for_about_twenty_minutes() {
        let delays: Vec<i64> = (1..BACKOFF.max_attempts).map(|n| BACKOFF.delay_after(n).unwrap().as_secs()).collect();
        assert_eq!(delays, [10, 20, 40, 80, 160, 320, 640]);
        assert_eq!(BACKOFF.delay_after(8), None);
        assert!(CLAIM_LEASE > DELIVERY_TIMEOUT);
    }

    #[test]
    fn failures_describe_themselves() {
        assert_eq!(
            (AttemptFailure::Status(500).describe(), AttemptFailure::Status(500).status()),
            ("http_500".into(), Some(500))
        );
        assert_eq!((AttemptFailure::Timeout.describe(), AttemptFailure::Timeout.status()), ("timeout".into(), None));
    }
}
