//! Attendants and administrators: registering, changing and removing them, and what a caller may
//! grant. Validation of each field's shape is the caller's (the API checks the request).

use blocopro_domain::Error as DomainError;
use blocopro_domain::Timestamp;
use blocopro_domain::permissions::{Permission, PermissionSet, Role};
use blocopro_domain::user::{Sex, User, UserStatus, Visibility, set_flag};
use blocopro_domain::validation::normalize_email;
use uuid::Uuid;

use crate::caller::Caller;
use crate::events::announce::user_changed;
use crate::secrets::hash_password;
use crate::{App, AppError, AppResult};

/// A user to register ("Incluir usuário").
pub struct NewUser {
    pub name: String,
    pub email: String,
    pub password: String,
    pub phone: Option<String>,
    pub status: UserStatus,
    pub full_name: Option<String>,
    pub sex: Option<Sex>,
    /// "Ver carteira completa de clientes" (the `wallet.view_all` key).
    pub view_full_wallet: bool,
    pub is_admin: bool,
    /// "Permitir agenda" (the `agenda.use` key).
    pub agenda_access: bool,
    pub visibility: Visibility,
    /// `None`: the "Atendente" profile (what the caller may grant of it), so that a new attendant
    /// can take, answer, transfer and close conversations on her channels.
    pub permissions: Option<PermissionSet>,
    pub department_ids: Vec<Uuid>,
}

/// What to change in a user; `None` keeps the value, `Some(None)` clears an optional one.
#[derive(Default)]
pub struct UserChanges {
    pub name: Option<String>,
    pub email: Option<String>,
    pub password: Option<String>,
    pub phone: Option<Option<String>>,
    pub status: Option<UserStatus>,
    pub full_name: Option<Option<String>>,
    pub sex: Option<Option<Sex>>,
    pub view_full_wallet: Option<bool>,
    pub is_admin: Option<bool>,
    pub agenda_access: Option<bool>,
    pub visibility: Option<Visibility>,
}

/// A full name made only of spaces is no full name.
fn full_name(name: Option<String>) -> Option<String> {
    name.filter(|name| !name.trim().is_empty())
}

/// Non-administrators may neither make administrators nor hand out keys they do not hold.
fn ensure_may_grant(caller: &Caller, makes_admin: bool, keys: &PermissionSet) -> Result<(), DomainError> {
    if caller.is_admin {
        return Ok(());
    }
    if makes_admin {
        return Err(DomainError::Forbidden("Only administrators can make administrators.".into()));
    }
    match keys.iter().find(|key| !caller.permissions.contains(key)) {
        Some(key) => Err(DomainError::Forbidden(format!("You cannot grant `{key}`, which you do not hold."))),
        None => Ok(()),
    }
}

/// A new user's keys: those asked for, or else the attendant profile as far as the caller holds it.
fn initial_permissions(caller: &Caller, asked: Option<PermissionSet>) -> PermissionSet {
    asked.unwrap_or_else(|| {
        let profile = Role::Attendant.permissions();
        if caller.is_admin { profile } else { profile.intersection(&caller.permissions).copied().collect() }
    })
}

/// The keys `after` holds that `before` did not.
fn added_keys(before: &PermissionSet, after: &PermissionSet) -> PermissionSet {
    after.difference(before).copied().collect()
}

pub async fn get(app: &App, caller: &Caller, id: Uuid) -> AppResult<User> {
    app.store.get_user(caller.company_id, id).await?.ok_or_else(AppError::not_found)
}

pub async fn create(app: &App, caller: &Caller, new: NewUser) -> AppResult<User> {
    let mut permissions = initial_permissions(caller, new.permissions);
    set_flag(&mut permissions, Permission::WalletViewAll, new.view_full_wallet);
    set_flag(&mut permissions, Permission::AgendaUse, new.agenda_access);
    ensure_may_grant(caller, new.is_admin, &permissions)?;
    let now = Timestamp::now();
    let user = User {
        id: Uuid::now_v7(),
        company_id: caller.company_id,
        name: new.name.trim().to_owned(),
        email: normalize_email(&new.email),
        phone: new.phone,
        status: new.status,
        full_name: full_name(new.full_name),
        sex: new.sex,
        is_admin: new.is_admin,
        visibility: new.visibility,
        permissions,
        department_ids: new.department_ids,
        created_at: now,
        updated_at: now,
    };
    let password_hash = hash_password(new.password).await?;
    let summary = serde_json::json!({ "after": (app.views.user)(&user) });
    let audit = caller.audit("user.created", "user", Some(user.id), summary);
    app.store.create_user(&user, &password_hash, &audit).await?;
    Ok(user)
}

/// `before` with `changes` applied (the password aside).
fn changed(before: &User, changes: &UserChanges) -> User {
    let mut user = before.clone();
    if let Some(name) = &changes.name {
        user.name = name.trim().to_owned();
    }
    if let Some(email) = &changes.email {
        user.email = normalize_email(email);
    }
    if let Some(phone) = &changes.phone {
        user.phone = phone.clone();
    }
    if let Some(name) = &changes.full_name {
        user.full_name = full_name(name.clone());
    }
    if let Some(sex) = changes.sex {
        user.sex = sex;
    }
    user.status = changes.status.unwrap_or(user.status);
    user.is_admin = changes.is_admin.unwrap_or(user.is_admin);
    user.visibility = changes.visibility.unwrap_or(user.visibility);
    if let Some(on) = changes.view_full_wallet {
        set_flag(&mut user.permissions, Permission::WalletViewAll, on);
    }
    if let Some(on) = changes.agenda_access {
        set_flag(&mut user.permissions, Permission::AgendaUse, on);
    }
    user
}

/// Changes a user's data, flags, status or password; a new password or a deactivation ends the
/// user's sessions.
pub async fn update(app: &App, caller: &Caller, id: Uuid, changes: UserChanges) -> AppResult<User> {
    let before = get(app, caller, id).await?;
    let mut user = changed(&before, &changes);
    ensure_may_grant(caller, user.is_admin && !before.is_admin, &added_keys(&before.permissions, &user.permissions))?;
    user.updated_at = Timestamp::now();
    let password_hash = match changes.password {
        Some(password) => Some(hash_password(password).await?),
        None => None,
    };
    let summary = serde_json::json!({
        "before": (app.views.user)(&before),
        "after": (app.views.user)(&user),
        "password_changed": password_hash.is_some(),
    });
    let audit = caller.audit("user.updated", "user", Some(user.id), summary);
    app.store.update_user(&user, password_hash.as_deref(), &audit).await?;
    user_changed(app, caller.company_id, user.id);
    if password_hash.is_some() || !user.is_active() {
        app.store.revoke_subject_sessions(user.id, Timestamp::now()).await?;
    }
    Ok(user)
}

/// Removes a user and ends the user's sessions; history such as presence and audit entries stays.
pub async fn delete(app: &App, caller: &Caller, id: Uuid) -> AppResult<()> {
    let before = get(app, caller, id).await?;
    let summary = serde_json::json!({ "before": (app.views.user)(&before) });
    let audit = caller.audit("user.deleted", "user", Some(id), summary);
    app.store.delete_user(caller.company_id, id, &audit).await?;
    app.store.revoke_subject_sessions(id, Timestamp::now()).await?;
    user_changed(app, caller.company_id, id);
    Ok(())
}

/// Replaces the user's permission keys.
pub async fn set_permissions(app: &App, caller: &Caller, id: Uuid, permissions: PermissionSet) -> AppResult<User> {
    let before = get(app, caller, id).await?;
    ensure_may_grant(caller, false, &added_keys(&before.permissions, &permissions))?;
    let user = User { permissions, updated_at: Timestamp::now(), ..before.clone() };
    let summary = serde_json::json!({ "before": before.permissions, "after": user.permissions });
    let audit = caller.audit("user.permissions_set", "user", Some(user.id), summary);
    app.store.update_user(&user, None, &audit).await?;
    user_changed(app, caller.company_id, user.id);
    Ok(user)
}

/// Replaces the user's departments.
pub async fn set_departments(app: &App, caller: &Caller, id: Uuid, department_ids: Vec<Uuid>) -> AppResult<User> {
    let before = get(app, caller, id).await?;
    let summary = serde_json::json!({ "before": before.department_ids, "after": department_ids });
    let audit = caller.audit("user.departments_set", "user", Some(id), summary);
    app.store.set_user_departments(caller.company_id, id, &department_ids, &audit).await?;
    user_changed(app, caller.company_id, id);
    get(app, caller, id).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{attendant, session_of};

    fn caller(is_admin: bool, keys: &[Permission]) -> Caller {
        session_of(User { is_admin, ..attendant(Visibility::Own) }, keys)
    }

    #[test]
    fn administrators_grant_anything() {
        let keys: PermissionSet = [Permission::UsersManage, Permission::AgendaUse].into_iter().collect();
        assert!(ensure_may_grant(&caller(true, &[]), true, &keys).is_ok());
    }

    #[test]
    fn others_grant_only_what_they_hold_and_never_administration() {
        let manager = caller(false, &[Permission::UsersManage, Permission::AgendaUse]);
        let held: PermissionSet = [Permission::AgendaUse].into_iter().collect();
        let not_held: PermissionSet = [Permission::WalletViewAll].into_iter().collect();
        assert!(ensure_may_grant(&manager, false, &held).is_ok());
        assert!(matches!(ensure_may_grant(&manager, false, &not_held), Err(DomainError::Forbidden(_))));
        assert!(matches!(ensure_may_grant(&manager, true, &PermissionSet::new()), Err(DomainError::Forbidden(_))));
    }

    #[test]
    fn a_new_user_without_keys_gets_the_attendant_profile_the_caller_can_give() {
        let attendant = Role::Attendant.permissions();
        assert_eq!(initial_permissions(&caller(true, &[]), None), attendant);
        assert!(attendant.contains(&Permission::MessagesSend) && attendant.contains(&Permission::ConversationsAssign));
        let manager = caller(false, &[Permission::UsersManage, Permission::MessagesSend]);
        let given: PermissionSet = [Permission::MessagesSend].into_iter().collect();
        assert_eq!(initial_permissions(&manager, None), given);
        assert_eq!(initial_permissions(&manager, Some(PermissionSet::new())), PermissionSet::new());
    }

    #[test]
    fn changes_keep_what_they_do_not_name_and_clear_what_they_null() {
        let now = Timestamp::now();
        let before = User {
            id: Uuid::now_v7(),
            company_id: Uuid::now_v7(),
            name: "Ana".into(),
            email: "ana@empresa.com.br".into(),
            phone: Some("+5511987654321".into()),
            status: UserStatus::Active,
            full_name: Some("Ana Souza".into()),
            sex: None,
            is_admin: false,
            visibility: Visibility::Own,
            permissions: PermissionSet::new(),
            department_ids: vec![],
            created_at: now,
            updated_at: now,
        };
        let changes = UserChanges {
            name: Some("  Ana Paula ".into()),
            email: Some("ANA@Empresa.com.br".into()),
            phone: Some(None),
            full_name: Some(Some("   ".into())),
            agenda_access: Some(true),
            ..UserChanges::default()
        };
        let after = changed(&before, &changes);
        assert_eq!(after.name, "Ana Paula");
        assert_eq!(after.email, "ana@empresa.com.br");
        assert_eq!(after.phone, None);
        assert_eq!(after.full_name, None);
        assert!(after.permissions.contains(&Permission::AgendaUse));
        assert_eq!(after.visibility, Visibility::Own);
    }
}
