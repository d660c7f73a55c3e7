//! Named permission keys, their descriptions, and the role presets that fill a user's set.
//! Administrators hold every key; everybody else holds exactly the keys stored on them.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! permissions {
    ($($variant:ident => $key:literal, $pt:literal, $en:literal;)+) => {
        /// One thing a user may do. Serialised as its dotted key, e.g. `users.manage`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Permission { $($variant),+ }

        impl Permission {
            pub const ALL: &'static [Permission] = &[$(Permission::$variant),+];

            pub fn key(self) -> &'static str {
                match self { $(Permission::$variant => $key),+ }
            }

            pub fn description_pt_br(self) -> &'static str {
                match self { $(Permission::$variant => $pt),+ }
            }

            pub fn description_en(self) -> &'static str {
                match self { $(Permission::$variant => $en),+ }
            }
        }
    };
}

permissions! {
    UsersView => "users.view", "Ver atendentes", "View attendants";
    UsersManage => "users.manage", "Cadastrar e editar atendentes, permissões e horários de acesso", "Register and edit attendants, permissions and access hours";
    DepartmentsManage => "departments.manage", "Gerenciar departamentos", "Manage departments";
    PresenceViewHistory => "presence.view_history", "Ver histórico online/offline dos atendentes", "View attendants' online/offline history";
    AuditView => "audit.view", "Ver o log de auditoria", "View the audit log";
    ApiTokensManage => "api_tokens.manage", "Gerenciar tokens de API", "Manage API tokens";
    SettingsManage => "settings.manage", "Alterar configurações da empresa", "Change company settings";
    ChannelsManage => "channels.manage", "Gerenciar canais de WhatsApp", "Manage WhatsApp channels";
    GroupsImport => "groups.import", "Importar grupos de WhatsApp", "Import WhatsApp groups";
    GroupsManage => "groups.manage", "Configurar grupos de WhatsApp", "Configure WhatsApp groups";
    ContactsManage => "contacts.manage", "Gerenciar contatos", "Manage contacts";
    WalletViewAll => "wallet.view_all", "Ver a carteira completa de clientes", "View the full client wallet";
    AgendaUse => "agenda.use", "Usar a agenda", "Use the agenda";
    ConversationsAssign => "conversations.assign", "Atribuir conversas a outros atendentes", "Assign conversations to other attendants";
    ConversationsTransfer => "conversations.transfer", "Transferir conversas", "Transfer conversations";
    ConversationsClose => "conversations.close", "Encerrar conversas", "Close conversations";
    ConversationsReopen => "conversations.reopen", "Reabrir conversas", "Reopen conversations";
    MessagesSend => "messages.send", "Enviar mensagens pelos canais vinculados", "Send messages on linked channels";
    MessagesDelete => "messages.delete", "Apagar mensagens", "Delete messages";
    WebhooksManage => "webhooks.manage", "Gerenciar webhooks", "Manage webhooks";
    QuickRepliesManage => "quick_replies.manage", "Gerenciar as respostas rápidas da empresa", "Manage the company's quick replies";
    LabelsManage => "labels.manage", "Gerenciar as etiquetas de conversas da empresa", "Manage the company's conversation labels";
    ReportsView => "reports.view", "Ver relatórios de atendimento e de jornada", "View service and working-time reports";
}

impl Permission {
    /// The conversation-management actions shown under "Parâmetros de chat".
    pub const CHAT_ACTIONS: &'static [Permission] = &[
        Permission::ConversationsAssign,
        Permission::ConversationsTransfer,
        Permission::ConversationsClose,
        Permission::ConversationsReopen,
        Permission::MessagesDelete,
    ];
}

impl fmt::Display for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

#[derive(Debug, thiserror::Error)]
#[error("unknown permission `{0}`")]
pub struct UnknownPermission(pub String);

impl FromStr for Permission {
    type Err = UnknownPermission;

    fn from_str(key: &str) -> Result<Self, Self::Err> {
        Permission::ALL
            .iter()
            .copied()
            .find(|permission| permission.key() == key)
            .ok_or_else(|| UnknownPermission(key.to_owned()))
    }
}

impl Serialize for Permission {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.key())
    }
}

impl<'de> Deserialize<'de> for Permission {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let key = String::deserialize(deserializer)?;
        key.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Permission {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .enum_values(Some(Permission::ALL.iter().map(|p| p.key())))
            .description(Some("A permission key."))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Permission {}

pub type PermissionSet = BTreeSet<Permission>;

/// A preset that fills a user's permission set on the "Parâmetros de chat" tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Administrator,
    Supervisor,
    Attendant,
}

impl Role {
    pub const ALL: &'static [Role] = &[Role::Administrator, Role::Supervisor, Role::Attendant];

    pub fn key(self) -> &'static str {
        match self {
            Role::Administrator => "administrator",
            Role::Supervisor => "supervisor",
            Role::Attendant => "attendant",
        }
    }

    pub fn name_pt_br(self) -> &'static str {
        match self {
            Role::Administrator => "Administrador",
            Role::Supervisor => "Supervisor",
            Role::Attendant => "Atendente",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Role::Administrator => "Administrator",
            Role::Supervisor => "Supervisor",
            Role::Attendant => "Attendant",
        }
    }

    /// Administrators are flagged `is_admin`; the preset lists every key for display.
    pub fn permissions(self) -> PermissionSet {
        use Permission::*;
        match self {
            Role::Administrator => Permission::ALL.iter().copied().collect(),
            Role::Supervisor => [
                UsersView,
                PresenceViewHistory,
                AuditView,
                ContactsManage,
                WalletViewAll,
                AgendaUse,
                GroupsManage,
                ConversationsAssign,
                ConversationsTransfer,
                ConversationsClose,
                ConversationsReopen,
                MessagesSend,
                MessagesDelete,
            ]
            .into(),
            Role::Attendant => [
                ContactsManage,
                AgendaUse,
                ConversationsAssign,
                ConversationsTransfer,
                ConversationsClose,
                MessagesSend,
            ]
            .into(),
        }
    }
}

/// What a principal may do: everything when administrator, else exactly its keys.
pub fn effective_permissions(is_admin: bool, granted: &PermissionSet) -> PermissionSet {
    if is_admin { Permission::ALL.iter().copied().collect() } else { granted.clone() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_are_unique() {
        let keys: BTreeSet<_> = Permission::ALL.iter().map(|p| p.key()).collect();
        assert_eq!(keys.len(), Permission::ALL.len());
        for permission in Permission::ALL {
            assert_eq!(permission.key().parse::<Permission>().unwrap(), *permission);
        }
        assert!("users.fly".parse::<Permission>().is_err());
    }

    #[test]
    fn json_uses_keys() {
        let json = serde_json::to_string(&[Permission::UsersManage]).unwrap();
        assert_eq!(json, r#"["users.manage"]"#);
        assert!(serde_json::from_str::<Vec<Permission>>(r#"["nope"]"#).is_err());
    }

    #[test]
    fn admins_hold_everything() {
        let none = PermissionSet::new();
        assert_eq!(effective_permissions(true, &none).len(), Permission::ALL.len());
        assert!(effective_permissions(false, &none).is_empty());
        assert!(Role::Supervisor.permissions().is_subset(&Role::Administrator.permissions()));
        assert!(!Role::Attendant.permissions().contains(&Permission::UsersManage));
    }
}
