//! Integrators' API tokens (scoped, stored hashed) and the refresh-token families of sessions.

use jiff::Timestamp;
use serde::Serialize;
use uuid::Uuid;

use crate::permissions::PermissionSet;

/// Prefix that tells an API token from a JWT in an `Authorization: Bearer` header.
pub const API_TOKEN_PREFIX: &str = "bp_";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiToken {
    pub id: Uuid,
    pub name: String,
    /// The only permissions the token carries.
    pub permissions: PermissionSet,
    pub created_by: Option<Uuid>,
    pub created_at: Timestamp,
    pub last_used_at: Option<Timestamp>,
    #[serde(skip)]
    pub company_id: Uuid,
}

crate::text_enum! {
    /// Who a session (refresh-token family) belongs to.
    pub enum SubjectKind { User => "user", Operator => "operator" }
}
