//! Contacts and the client wallet: each contact is in the wallet of one attendant; callers with
//! "Ver carteira completa" (`wallet.view_all`) see every contact, the others their own wallet.
//! Validation of each field's shape is the caller's (the API checks the request).

use blocopro_domain::Error as DomainError;
use blocopro_domain::Timestamp;
use blocopro_domain::contact::{Contact, WalletScope, normalize_contact_email, normalize_tags, optional_text};
use blocopro_domain::permissions::Permission;
use blocopro_store::{ContactFilter, StoreError};
use uuid::Uuid;

use crate::caller::Caller;
use crate::{App, AppError, AppResult};

/// A contact to add ("Novo contato").
pub struct NewContact {
    pub phone: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub tags: Vec<String>,
    pub notes: Option<String>,
    /// The wallet it goes to; `None`: the caller's.
    pub owner_id: Option<Uuid>,
}

/// What to change in a contact; `None` keeps the value, `Some(None)` clears it.
#[derive(Default)]
pub struct ContactChanges {
    pub name: Option<Option<String>>,
    pub email: Option<Option<String>>,
    pub tags: Option<Vec<String>>,
    pub notes: Option<Option<String>>,
    /// Another wallet, or `Some(None)` for nobody's.
    pub owner_id: Option<Option<Uuid>>,
}

/// Which contacts to list.
pub struct ContactQuery {
    /// Part of the name, e-mail or number.
    pub search: Option<String>,
    /// Only this attendant's wallet.
    pub owner_id: Option<Uuid>,
}

/// The caller's wallet: every contact with `wallet.view_all`, else the user's own.
fn wallet_scope(caller: &Caller) -> Result<WalletScope, DomainError> {
    if caller.permissions.contains(&Permission::WalletViewAll) {
        return Ok(WalletScope::All);
    }
    match caller.user_id() {
        Some(user_id) => Ok(WalletScope::OwnedBy(user_id)),
        None => Err(DomainError::Forbidden("This token needs the permission `wallet.view_all`.".into())),
    }
}

fn ensure_may_assign(scope: WalletScope, owner_id: Option<Uuid>) -> Result<(), DomainError> {
    if scope.may_assign_to(owner_id) {
        Ok(())
    } else {
        Err(DomainError::Forbidden("Only users who see the full wallet may put a contact in another wallet.".into()))
    }
}

/// The wallet to list: the one asked for within the caller's scope; `None` when the caller asked
/// for a wallet they do not see.
fn listed_owner(scope: WalletScope, asked: Option<Uuid>) -> Option<Option<Uuid>> {
    match scope {
        WalletScope::All => Some(asked),
        WalletScope::OwnedBy(user_id) if asked.is_none_or(|owner| owner == user_id) => Some(Some(user_id)),
        WalletScope::OwnedBy(_) => None,
    }
}

/// The owner of a contact must be a user of the company.
fn unknown_owner(error: StoreError) -> AppError {
    match error {
        StoreError::UnknownReferences(_) => DomainError::invalid("owner_id", "is not a user of this company").into(),
        other => other.into(),
    }
}

/// `before` with `changes` applied.
fn changed(before: &Contact, changes: ContactChanges, now: Timestamp) -> Contact {
    let mut contact = before.clone();
    if let Some(name) = changes.name {
        contact.name = optional_text(name.as_deref());
    }
    if let Some(email) = changes.email {
        contact.email = normalize_contact_email(email.as_deref());
    }
    if let Some(tags) = changes.tags {
        contact.tags = normalize_tags(&tags);
    }
    if let Some(notes) = changes.notes {
        contact.notes = optional_text(notes.as_deref());
    }
    if let Some(owner_id) = changes.owner_id {
        contact.owner_id = owner_id;
    }
    contact.updated_at = now;
    contact
}

/// What to list of the caller's wallet (every contact with `wallet.view_all`); `None` when the
/// caller asked for a wallet they do not see, which lists nothing.
pub fn list_filter(caller: &Caller, query: ContactQuery) -> Result<Option<ContactFilter>, DomainError> {
    let Some(owner_id) = listed_owner(wallet_scope(caller)?, query.owner_id) else { return Ok(None) };
    let search = query.search.as_deref().map(str::trim).filter(|q| !q.is_empty()).map(str::to_owned);
    Ok(Some(ContactFilter { search, owner_id }))
}

/// A contact of the company in the caller's wallet; not found otherwise.
pub async fn get(app: &App, caller: &Caller, id: Uuid) -> AppResult<Contact> {
    let contact = app.store.get_contact(caller.company_id, id).await?.ok_or_else(AppError::not_found)?;
    if !wallet_scope(caller)?.sees(&contact) {
        return Err(AppError::not_found());
    }
    Ok(contact)
}

/// Adds a contact to a wallet (the caller's by default).
pub async fn create(app: &App, caller: &Caller, new: NewContact) -> AppResult<Contact> {
    let owner_id = new.owner_id.or(caller.user_id());
    ensure_may_assign(wallet_scope(caller)?, owner_id)?;
    let now = Timestamp::now();
    let contact = Contact {
        id: Uuid::now_v7(),
        company_id: caller.company_id,
        phone: new.phone.trim().to_owned(),
        name: optional_text(new.name.as_deref()),
        email: normalize_contact_email(new.email.as_deref()),
        tags: normalize_tags(&new.tags),
        notes: optional_text(new.notes.as_deref()),
        owner_id,
        created_at: now,
        updated_at: now,
    };
    let audit = caller.audit("contact.created", "contact", None, serde_json::json!({ "after": contact }));
    app.store.create_contact(&contact, &audit).await.map_err(unknown_owner)
}

/// Changes a contact's details or moves it to another wallet.
pub async fn update(app: &App, caller: &Caller, id: Uuid, changes: ContactChanges) -> AppResult<Contact> {
    let before = get(app, caller, id).await?;
    if let Some(owner_id) = changes.owner_id {
        ensure_may_assign(wallet_scope(caller)?, owner_id)?;
    }
    let contact = changed(&before, changes, Timestamp::now());
    let summary = serde_json::json!({ "before": before, "after": contact });
    let audit = caller.audit("contact.updated", "contact", Some(contact.id), summary);
    app.store.update_contact(&contact, &audit).await.map_err(unknown_owner)?;
    Ok(contact)
}

/// Deletes a contact: its details are erased; its number stays in the groups it takes part in.
pub async fn delete(app: &App, caller: &Caller, id: Uuid) -> AppResult<()> {
    let contact = get(app, caller, id).await?;
    let summary = serde_json::json!({ "phone": contact.phone, "name": contact.name });
    let audit = caller.audit("contact.deleted", "contact", Some(contact.id), summary);
    app.store.delete_contact(caller.company_id, contact.id, Timestamp::now(), &audit).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use blocopro_domain::user::Visibility;

    use super::*;
    use crate::testing::{api_token, attendant, session_of};

    #[test]
    fn the_wallet_is_everything_with_the_full_view_else_the_users_own() {
        let ana = attendant(Visibility::Own);
        assert_eq!(wallet_scope(&session_of(ana.clone(), &[])).unwrap(), WalletScope::OwnedBy(ana.id));
        assert_eq!(wallet_scope(&session_of(ana, &[Permission::WalletViewAll])).unwrap(), WalletScope::All);
        assert_eq!(wallet_scope(&api_token(&[Permission::WalletViewAll])).unwrap(), WalletScope::All);
        assert!(matches!(wallet_scope(&api_token(&[])), Err(DomainError::Forbidden(_))));
    }

    #[test]
    fn an_own_wallet_lists_only_itself() {
        let (ana, bia) = (Uuid::now_v7(), Uuid::now_v7());
        assert_eq!(listed_owner(WalletScope::OwnedBy(ana), None), Some(Some(ana)));
        assert_eq!(listed_owner(WalletScope::OwnedBy(ana), Some(ana)), Some(Some(ana)));
        assert_eq!(listed_owner(WalletScope::OwnedBy(ana), Some(bia)), None);
        assert_eq!(listed_owner(WalletScope::All, Some(bia)), Some(Some(bia)));
        assert_eq!(listed_owner(WalletScope::All, None), Some(None));
    }

    #[test]
    fn changes_normalise_what_they_name_and_keep_the_rest() {
        let now = Timestamp::now();
        let before = Contact {
            id: Uuid::now_v7(),
            company_id: Uuid::now_v7(),
            phone: "+5511988887777".into(),
            name: Some("Dora".into()),
            email: Some("dora@cliente.com.br".into()),
            tags: vec!["VIP".into()],
            notes: Some("Prefere WhatsApp".into()),
            owner_id: Some(Uuid::now_v7()),
            created_at: now,
            updated_at: now,
        };
        let changes = ContactChanges {
            name: Some(Some("  Dora Souza ".into())),
            notes: Some(None),
            tags: Some(vec![" vip ".into(), "VIP".into(), "".into()]),
            owner_id: Some(None),
            ..ContactChanges::default()
        };
        let later = now + jiff::SignedDuration::from_secs(1);
        let after = changed(&before, changes, later);
        assert_eq!(after.name.as_deref(), Some("Dora Souza"));
        assert_eq!(after.email, before.email);
        assert_eq!(after.tags, vec!["vip".to_owned()]);
        assert_eq!(after.notes, None);
        assert_eq!(after.owner_id, None);
        assert_eq!(after.updated_at, later);
    }
}
