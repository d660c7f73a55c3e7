//! Users (attendants and administrators) of a company.

use jiff::Timestamp;
use uuid::Uuid;

use crate::permissions::{Permission, PermissionSet, effective_permissions};
use crate::text::fold_for_search;

crate::text_enum! {
    pub enum UserStatus { Active => "active", Inactive => "inactive" }
}

crate::text_enum! {
    pub enum Sex { Female => "female", Male => "male", Other => "other", NotInformed => "not_informed" }
}

crate::text_enum! {
    /// Which conversations a user sees in Chat.
    pub enum Visibility { Own => "own", Departments => "departments", All => "all" }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: Uuid,
    pub company_id: Uuid,
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
    pub status: UserStatus,
    pub full_name: Option<String>,
    pub sex: Option<Sex>,
    pub is_admin: bool,
    pub visibility: Visibility,
    /// Keys granted to this user (administrators hold all regardless).
    pub permissions: PermissionSet,
    pub department_ids: Vec<Uuid>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl User {
    pub fn is_active(&self) -> bool {
        self.status == UserStatus::Active
    }

    pub fn effective_permissions(&self) -> PermissionSet {
        effective_permissions(self.is_admin, &self.permissions)
    }

    /// "Ver carteira completa de clientes" is the `wallet.view_all` key.
    pub fn view_full_wallet(&self) -> bool {
        self.effective_permissions().contains(&Permission::WalletViewAll)
    }

    /// "Permitir agenda" is the `agenda.use` key.
    pub fn agenda_access(&self) -> bool {
        self.effective_permissions().contains(&Permission::AgendaUse)
    }

    /// An active administrator counts toward the "at least one" rule.
    pub fn is_active_admin(&self) -> bool {
        self.is_admin && self.is_active()
    }
}

/// What a user is searched by (name, full name and e-mail), folded like every search key so that
/// both databases agree.
pub fn search_key(name: &str, full_name: Option<&str>, email: &str) -> String {
    [name, full_name.unwrap_or_default(), email].map(fold_for_search).join(" ")
}

/// Sets or clears one permission key, as the registration screen's flags do.
pub fn set_flag(permissions: &mut PermissionSet, permission: Permission, on: bool) {
    if on {
        permissions.insert(permission);
    } else {
        permissions.remove(&permission);
    }
}

/// A company must keep at least one active administrator.
pub fn would_remove_last_admin(before: &User, after_is_active_admin: bool, active_admins: u64) -> bool {
    before.is_active_admin() && !after_is_active_admin && active_admins <= 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(is_admin: bool, status: UserStatus) -> User {
        let now = Timestamp::UNIX_EPOCH;
        User {
            id: Uuid::nil(),
            company_id: Uuid::nil(),
            name: "Ana".into(),
            email: "ana@x.com".into(),
            phone: None,
            status,
            full_name: None,
            sex: None,
            is_admin,
            visibility: Visibility::Own,
            permissions: PermissionSet::new(),
            department_ids: vec![],
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn users_are_found_by_name_full_name_or_email_folded() {
        assert_eq!(
            search_key("JOÃO", Some("João da Conceição"), "Joao@Empresa.com.br"),
            "joao joao da conceicao joao@empresa.com.br"
        );
        assert_eq!(search_key("Ana", None, "ana@x.com"), "ana  ana@x.com");
    }

    #[test]
    fn flags_are_permission_keys() {
        let mut attendant = user(false, UserStatus::Active);
        assert!(!attendant.view_full_wallet());
        set_flag(&mut attendant.permissions, Permission::WalletViewAll, true);
        assert!(attendant.view_full_wallet());
        assert!(user(true, UserStatus::Active).agenda_access());
    }

    #[test]
    fn last_admin_rule() {
        let admin = user(true, UserStatus::Active);
        assert!(would_remove_last_admin(&admin, false, 1));
        assert!(!would_remove_last_admin(&admin, false, 2));
        assert!(!would_remove_last_admin(&admin, true, 1));
        assert!(!would_remove_last_admin(&user(false, UserStatus::Active), false, 1));
        assert!(!would_remove_last_admin(&user(true, UserStatus::Inactive), false, 1));
    }
}
