//! The audit log: one appended entry per administrative change.

use jiff::Timestamp;
use serde::Serialize;
use uuid::Uuid;

crate::text_enum! {
    pub enum ActorKind { User => "user", Operator => "operator", ApiToken => "api_token", System => "system" }
}

/// Who did something: a user, a platform operator, an integrator's token, or the system (CLI, seed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Actor {
    pub kind: ActorKind,
    pub id: Option<Uuid>,
}

impl Actor {
    pub const SYSTEM: Actor = Actor { kind: ActorKind::System, id: None };
}

/// What a store writes in the same transaction as the change it describes.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAuditEntry {
    pub company_id: Uuid,
    pub actor: Actor,
    /// Dotted verb, e.g. `user.created`, `company.updated`.
    pub action: &'static str,
    pub target_type: &'static str,
    pub target_id: Option<Uuid>,
    /// A short before/after summary; never secrets.
    pub summary: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEntry {
    pub id: Uuid,
    pub actor: Actor,
    pub action: String,
    pub target_type: String,
    pub target_id: Option<Uuid>,
    pub summary: serde_json::Value,
    pub at: Timestamp,
}
