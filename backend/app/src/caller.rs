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

#[cfg(test)]
impl Caller {
    /// A caller holding `keys`: a user's session (`with_user`) or an API token.
    pub(crate) fn for_tests(keys: &[blocopro_domain::permissions::Permission], with_user: bool) -> Self {
        use blocopro_domain::audit::ActorKind;
        use blocopro_domain::user::{UserStatus, Visibility};

        let company_id = Uuid::now_v7();
        let now = blocopro_domain::Timestamp::now();
        let user = with_user.then(|| User {
            id: Uuid::now_v7(),
            company_id,
            name: "Ana".into(),
            email: "ana@empresa.com.br".into(),
            phone: None,
            status: UserStatus::Active,
            full_name: None,
            sex: None,
            is_admin: false,
            visibility: Visibility::Own,
            permissions: keys.iter().copied().collect(),
            department_ids: vec![],
            created_at: now,
            updated_at: now,
        });
        let kind = if with_user { ActorKind::User } else { ActorKind::ApiToken };
        Self {
            company_id,
            actor: Actor { kind, id: Some(user.as_ref().map_or_else(Uuid::now_v7, |user| user.id)) },
            user,
            permissions: keys.iter().copied().collect(),
            is_admin: false,
        }
    }
}
