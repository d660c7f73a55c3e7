//! Who a use case acts for: a company user or an integrator's API token, already authenticated
//! and admitted by the HTTP layer's access guard (or built by the CLI and the seeder).

use blocopro_domain::Error as DomainError;
use blocopro_domain::audit::{Actor, NewAuditEntry};
use blocopro_domain::permissions::PermissionSet;
use blocopro_domain::user::User;
use uuid::Uuid;

use crate::audit::entry_for;

#[derive(Debug, Clone)]
pub struct Caller {
    pub company_id: Uuid,
    pub actor: Actor,
    /// The user behind a session; `None` for API tokens.
    pub user: Option<User>,
    pub permissions: PermissionSet,
    pub is_admin: bool,
}

impl Caller {
    pub fn user_id(&self) -> Option<Uuid> {
        self.user.as_ref().map(|user| user.id)
    }

    /// The person behind a session. The access table lets only user sessions reach the
    /// operations that ask; the error guards against a table that says otherwise.
    pub fn session_user(&self) -> Result<&User, DomainError> {
        self.user
            .as_ref()
            .ok_or_else(|| DomainError::Forbidden("This endpoint needs a user session, not an API token.".into()))
    }

    /// The audit entry a store writes together with a change this caller made.
    pub fn audit(
        &self,
        action: &'static str,
        target_type: &'static str,
        target_id: Option<Uuid>,
        summary: serde_json::Value,
    ) -> NewAuditEntry {
        entry_for(self.company_id, self.actor, action, target_type, target_id, summary)
    }
}
