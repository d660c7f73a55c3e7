//! Values that only exist between the API and a store (credentials, sessions).

use blocopro_domain::Timestamp;
use blocopro_domain::access_hours::AccessHours;
use blocopro_domain::presence::PresenceStatus;
use blocopro_domain::realtime::Audience;
use blocopro_domain::token::SubjectKind;
use blocopro_domain::user::User;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operator {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone)]
pub struct OperatorLogin {
    pub operator: Operator,
    pub password_hash: String,
}

#[derive(Debug, Clone)]
pub struct UserLogin {
    pub auth: UserAuth,
    pub password_hash: String,
}

/// A user with what deciding on a request needs: company state and access hours.
#[derive(Debug, Clone)]
pub struct UserAuth {
    pub user: User,
    pub company_active: bool,
    pub company_timezone: String,
    pub access_hours: Option<AccessHours>,
    pub last_seen_at: Option<Timestamp>,
}

/// Who a session belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subject {
    pub kind: SubjectKind,
    pub id: Uuid,
    pub company_id: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefreshToken {
    pub id: Uuid,
    /// All tokens rotated from one login share a family; reuse revokes the family.
    pub family_id: Uuid,
    pub subject: Subject,
    pub token_hash: String,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RotateOutcome {
    Rotated(Subject),
    /// The token had already been used or revoked: its family is now revoked.
    Reused,
    /// Unknown or expired.
    Invalid,
}

/// The QR Code a pairing channel shows, until it rotates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelQr {
    pub code: String,
    pub expires_at: Timestamp,
}

/// A realtime event to append to the log.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    pub company_id: Uuid,
    /// `message.created`, `conversation.updated`, …
    pub kind: String,
    pub audience: Audience,
    pub data: serde_json::Value,
    pub created_at: Timestamp,
}

/// An event of the log, with its cursor.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredEvent {
    pub cursor: i64,
    pub company_id: Uuid,
    pub kind: String,
    pub audience: Audience,
    pub data: serde_json::Value,
    pub created_at: Timestamp,
}

/// A user linked to a conversation's channel (and in its department), as the queue weighs them.
#[derive(Debug, Clone)]
pub struct QueueCandidate {
    pub auth: UserAuth,
    /// The open presence period's status; `None` when the user never had one.
    pub presence: Option<PresenceStatus>,
    /// When a conversation was last given to them.
    pub last_assigned_at: Option<Timestamp>,
}

/// A webhook delivery a sender claimed, with what posting it needs.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimedDelivery {
    pub company_id: Uuid,
    /// Its `attempts` count this try.
    pub delivery: blocopro_domain::webhook::WebhookDelivery,
    pub url: String,
    /// The webhook's signing secret, as sealed by the API.
    pub sealed_secret: Vec<u8>,
    /// The event's data.
    pub data: serde_json::Value,
}

/// What one feeding of a webhook did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FedEvents {
    /// Events of the log read past (the webhook's position moved over them).
    pub read: usize,
    /// Deliveries queued for the events it subscribes to.
    pub queued: usize,
}

/// What the holder of a session lease is asked to do with the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionStop {
    /// Close the session; the device stays linked.
    Disconnect,
    /// Close the session and unlink the device from the phone.
    Logout,
}

impl SessionStop {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionStop::Disconnect => "disconnect",
            SessionStop::Logout => "logout",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "disconnect" => Some(SessionStop::Disconnect),
            "logout" => Some(SessionStop::Logout),
            _ => None,
        }
    }
}

/// A channel session an instance holds, with what it was asked to do with it, if anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionLease {
    pub channel_id: Uuid,
    pub stop: Option<SessionStop>,
}
