//! Companies, their first users and the platform's operators; shared by the platform operator's
//! API, the CLI and the demo.

use blocopro_domain::audit::Actor;
use blocopro_domain::company::{Company, CompanyFeatures, CompanyFeaturesPatch, DEFAULT_TIMEZONE};
use blocopro_domain::permissions::Role;
use blocopro_domain::user::{User, UserStatus, Visibility};
use blocopro_domain::validation::{check_email, check_name, check_password, normalize_email};
use blocopro_domain::{FieldErrors, Timestamp};
use blocopro_store::{Operator, Store};
use uuid::Uuid;

use crate::audit::entry_for;
use crate::events::announce::company_changed;
use crate::secrets::hash_password;
use crate::{App, AppError, AppResult, Views};

/// Who a new account is: a name, the login e-mail and a password.
pub struct NewAccount {
    pub name: String,
    pub email: String,
    pub password: String,
}

impl NewAccount {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        check_account(&self.name, &self.email, &self.password)
    }
}

/// A new account's name, e-mail and password are valid.
pub fn check_account(name: &str, email: &str, password: &str) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    check_name(&mut errors, "name", name);
    check_email(&mut errors, "email", email);
    check_password(&mut errors, "password", password);
    errors.into_fields()
}

/// Creates a company; shared by the API and the CLI.
pub async fn register_company(
    store: &dyn Store,
    actor: Actor,
    name: &str,
    timezone: Option<String>,
    features: CompanyFeatures,
) -> AppResult<Company> {
    let company = Company {
        id: Uuid::now_v7(),
        name: name.trim().to_owned(),
        timezone: timezone.unwrap_or_else(|| DEFAULT_TIMEZONE.to_owned()),
        active: true,
        features,
        created_at: Timestamp::now(),
    };
    let audit = entry_for(
        company.id,
        actor,
        "company.created",
        "company",
        Some(company.id),
        serde_json::json!({ "after": company }),
    );
    store.create_company(&company, &audit).await?;
    Ok(company)
}

/// Creates a user with a role preset in a company; shared by the API, the CLI and the demo seed.
pub async fn register_with_role(
    store: &dyn Store,
    views: &Views,
    actor: Actor,
    company_id: Uuid,
    account: NewAccount,
    role: Role,
) -> AppResult<User> {
    account.validate()?;
    let now = Timestamp::now();
    let user = User {
        id: Uuid::now_v7(),
        company_id,
        name: account.name.trim().to_owned(),
        email: normalize_email(&account.email),
        phone: None,
        status: UserStatus::Active,
        full_name: None,
        sex: None,
        is_admin: role == Role::Administrator,
        visibility: if role == Role::Attendant { Visibility::Own } else { Visibility::All },
        permissions: if role == Role::Administrator { Default::default() } else { role.permissions() },
        department_ids: vec![],
        created_at: now,
        updated_at: now,
    };
    let password_hash = hash_password(account.password).await?;
    let audit = entry_for(
        company_id,
        actor,
        "user.created",
        "user",
        Some(user.id),
        serde_json::json!({ "after": (views.user)(&user) }),
    );
    store.create_user(&user, &password_hash, &audit).await?;
    Ok(user)
}

/// What the platform operator changes of a company; `None` keeps the value.
#[derive(Default)]
pub struct CompanyChanges {
    pub name: Option<String>,
    pub active: Option<bool>,
    pub timezone: Option<String>,
    /// Only the named switches change.
    pub features: Option<CompanyFeaturesPatch>,
}

/// `before` with `changes` applied.
fn changed(before: &Company, changes: CompanyChanges) -> Company {
    let mut company = before.clone();
    if let Some(name) = changes.name {
        company.name = name.trim().to_owned();
    }
    company.active = changes.active.unwrap_or(company.active);
    company.timezone = changes.timezone.unwrap_or(company.timezone);
    if let Some(features) = changes.features {
        company.features.apply(features);
    }
    company
}

pub async fn get(app: &App, id: Uuid) -> AppResult<Company> {
    app.store.get_company(id).await?.ok_or_else(AppError::not_found)
}

/// Renames, (de)activates, moves to another time zone or switches features of a company.
pub async fn update(app: &App, actor: Actor, id: Uuid, changes: CompanyChanges) -> AppResult<Company> {
    let before = get(app, id).await?;
    let company = changed(&before, changes);
    let summary = serde_json::json!({ "before": before, "after": company });
    let audit = entry_for(company.id, actor, "company.updated", "company", Some(company.id), summary);
    app.store.update_company(&company, &audit).await?;
    // Open screens follow: a feature turned off disappears without a reload.
    company_changed(app, &company);
    Ok(company)
}

/// Creates an administrator in an existing company.
pub async fn create_admin(app: &App, actor: Actor, company_id: Uuid, account: NewAccount) -> AppResult<User> {
    get(app, company_id).await?;
    register_with_role(app.store.as_ref(), &app.views, actor, company_id, account, Role::Administrator).await
}

/// Creates a platform operator (CLI).
pub async fn create_operator(store: &dyn Store, name: &str, email: &str, password: String) -> AppResult<()> {
    let mut errors = FieldErrors::new();
    check_email(&mut errors, "email", email);
    check_password(&mut errors, "password", &password);
    errors.into_fields()?;
    let operator = Operator {
        id: Uuid::now_v7(),
        email: normalize_email(email),
        name: name.to_owned(),
        created_at: Timestamp::now(),
    };
    store.create_operator(&operator, &hash_password(password).await?).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn company() -> Company {
        Company {
            id: Uuid::now_v7(),
            name: "Padaria Pão Quente".into(),
            timezone: DEFAULT_TIMEZONE.into(),
            active: true,
            features: CompanyFeatures { whatsapp_groups: false },
            created_at: Timestamp::now(),
        }
    }

    #[test]
    fn changes_apply_what_they_name_and_switch_only_named_features() {
        let before = company();
        let changes = CompanyChanges {
            name: Some(" Padaria Nova ".into()),
            active: Some(false),
            features: Some(CompanyFeaturesPatch { whatsapp_groups: Some(true) }),
            ..CompanyChanges::default()
        };
        let after = changed(&before, changes);
        assert_eq!(after.name, "Padaria Nova");
        assert!(!after.active);
        assert_eq!(after.timezone, before.timezone);
        assert!(after.features.whatsapp_groups);
    }

    #[test]
    fn no_changes_keep_the_company() {
        let before = company();
        assert_eq!(changed(&before, CompanyChanges::default()), before);
        let no_switch = CompanyChanges { features: Some(CompanyFeaturesPatch::default()), ..Default::default() };
        assert_eq!(changed(&before, no_switch), before);
    }
}
