//! Integrators' API tokens: scoped to permission keys the creator holds, shown once, stored hashed.

use blocopro_domain::Error as DomainError;
use blocopro_domain::Timestamp;
use blocopro_domain::permissions::PermissionSet;
use blocopro_domain::token::{API_TOKEN_PREFIX, ApiToken};
use uuid::Uuid;

use crate::caller::Caller;
use crate::secrets::random_token;
use crate::{App, AppResult};

/// A token to create: a name and the only permissions it will carry.
pub struct NewApiToken {
    pub name: String,
    pub permissions: PermissionSet,
}

/// A created token with its secret, which only this answer shows.
pub struct IssuedApiToken {
    /// `Authorization: Bearer bp_…`.
    pub secret: String,
    pub token: ApiToken,
}

/// A token carries only keys its creator holds.
fn ensure_may_scope(caller: &Caller, permissions: &PermissionSet) -> Result<(), DomainError> {
    match permissions.iter().find(|key| !caller.permissions.contains(key)) {
        Some(missing) => {
            Err(DomainError::Forbidden(format!("You cannot give a token `{missing}`, which you do not hold.")))
        }
        None => Ok(()),
    }
}

pub async fn create(app: &App, caller: &Caller, new: NewApiToken) -> AppResult<IssuedApiToken> {
    ensure_may_scope(caller, &new.permissions)?;
    let (secret, hash) = random_token(API_TOKEN_PREFIX);
    let token = ApiToken {
        id: Uuid::now_v7(),
        company_id: caller.company_id,
        name: new.name.trim().to_owned(),
        permissions: new.permissions,
        created_by: caller.user_id(),
        created_at: Timestamp::now(),
        last_used_at: None,
    };
    let summary = serde_json::json!({ "name": token.name, "permissions": token.permissions });
    let audit = caller.audit("api_token.created", "api_token", Some(token.id), summary);
    app.store.create_api_token(&token, &hash, &audit).await?;
    Ok(IssuedApiToken { secret, token })
}

/// Revokes a token: it stops working at once.
pub async fn delete(app: &App, caller: &Caller, id: Uuid) -> AppResult<()> {
    let audit = caller.audit("api_token.deleted", "api_token", Some(id), serde_json::json!({}));
    app.store.delete_api_token(caller.company_id, id, &audit).await?;
    app.callers.forget_api_token(id);
    Ok(())
}

#[cfg(test)]
mod tests {
    use blocopro_domain::audit::{Actor, ActorKind};
    use blocopro_domain::permissions::Permission;

    use super::*;

    fn caller(keys: &[Permission]) -> Caller {
        Caller {
            company_id: Uuid::now_v7(),
            actor: Actor { kind: ActorKind::User, id: Some(Uuid::now_v7()) },
            user: None,
            permissions: keys.iter().copied().collect(),
            is_admin: false,
        }
    }

    #[test]
    fn tokens_carry_only_keys_their_creator_holds() {
        let creator = caller(&[Permission::ApiTokensManage, Permission::UsersView]);
        let held: PermissionSet = [Permission::UsersView].into_iter().collect();
        let not_held: PermissionSet = [Permission::UsersManage].into_iter().collect();
        assert!(ensure_may_scope(&creator, &held).is_ok());
        let Err(DomainError::Forbidden(detail)) = ensure_may_scope(&creator, &not_held) else {
            panic!("a key the creator does not hold was given");
        };
        assert!(detail.contains("`users.manage`"), "{detail}");
    }
}
