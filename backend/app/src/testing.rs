//! Values the unit tests of the use cases build their callers from.

use blocopro_domain::Timestamp;
use blocopro_domain::audit::{Actor, ActorKind};
use blocopro_domain::permissions::{Permission, PermissionSet};
use blocopro_domain::user::{User, UserStatus, Visibility};
use uuid::Uuid;

use crate::caller::Caller;

/// An active attendant without keys.
pub fn attendant(visibility: Visibility) -> User {
    let now = Timestamp::now();
    User {
        id: Uuid::now_v7(),
        company_id: Uuid::now_v7(),
        name: "Ana".into(),
        email: "ana@empresa.com.br".into(),
        phone: None,
        status: UserStatus::Active,
        full_name: None,
        sex: None,
        is_admin: false,
        visibility,
        permissions: PermissionSet::new(),
        department_ids: vec![],
        created_at: now,
        updated_at: now,
    }
}

/// `user`'s session holding `keys`.
pub fn session_of(user: User, keys: &[Permission]) -> Caller {
    Caller {
        company_id: user.company_id,
        actor: Actor { kind: ActorKind::User, id: Some(user.id) },
        permissions: keys.iter().copied().collect(),
        is_admin: user.is_admin,
        user: Some(user),
    }
}

/// An integrator's API token holding `keys`.
pub fn api_token(keys: &[Permission]) -> Caller {
    Caller {
        company_id: Uuid::now_v7(),
        actor: Actor { kind: ActorKind::ApiToken, id: Some(Uuid::now_v7()) },
        user: None,
        permissions: keys.iter().copied().collect(),
        is_admin: false,
    }
}
