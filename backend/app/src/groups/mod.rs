//! WhatsApp groups: the imported groups' list and settings, un-importing, refreshing from
//! WhatsApp and creating new groups (`manage`); importing a channel's groups (`imports`), whose
//! listing runs in the background (`pre_import`). Everything needs the company's
//! `whatsapp_groups` feature.

pub mod imports;
pub mod manage;
pub mod pre_import;

use std::sync::Arc;

use blocopro_connectors::{Connector, ConnectorError, GroupConnector};
use blocopro_domain::Error as DomainError;
use blocopro_domain::channel::{Capabilities, Channel, ChannelStatus};
use blocopro_domain::company::CompanyFeatures;
use blocopro_domain::group::Group;
use blocopro_domain::permissions::Permission;
use uuid::Uuid;

use crate::caller::Caller;
use crate::events::announce::announce_conversation;
use crate::{App, AppError, AppResult};

/// The company's features, or `feature_not_enabled` when groups are switched off.
pub(crate) async fn groups_feature(app: &App, caller: &Caller) -> AppResult<CompanyFeatures> {
    let company = app.store.get_company(caller.company_id).await?.ok_or_else(AppError::not_found)?;
    if !company.features.whatsapp_groups {
        return Err(DomainError::FeatureNotEnabled("whatsapp_groups".into()).into());
    }
    Ok(company.features)
}

/// What a use case needs of the company, the channel and its connection to work with its groups.
type GroupRule = fn(&CompanyFeatures, Capabilities, ChannelStatus) -> Result<(), DomainError>;

/// A channel of the company that passes `rule` (feature, capabilities, connection), with its live
/// session.
async fn channel_for_groups(
    app: &App,
    caller: &Caller,
    channel_id: Uuid,
    rule: GroupRule,
) -> AppResult<(Channel, Arc<dyn Connector>)> {
    let company = app.store.get_company(caller.company_id).await?.ok_or_else(AppError::not_found)?;
    let channel = app.store.get_channel(caller.company_id, channel_id).await?.ok_or_else(AppError::not_found)?;
    rule(&company.features, channel.kind.capabilities(), channel.status)?;
    let connector = app.hub.live(channel.id).ok_or(ConnectorError::NotConnected)?;
    Ok((channel, connector))
}

fn group_api(connector: &dyn Connector) -> Result<&dyn GroupConnector, DomainError> {
    connector.groups().ok_or_else(|| DomainError::Unsupported {
        code: "groups_not_supported",
        detail: "This channel cannot work with groups.".into(),
    })
}

/// Group managers and importers see every group (`None`); other users the groups of their
/// channels.
pub(crate) fn linked_user_scope(caller: &Caller) -> Result<Option<Uuid>, DomainError> {
    let permissions = &caller.permissions;
    if permissions.contains(&Permission::GroupsManage) || permissions.contains(&Permission::GroupsImport) {
        return Ok(None);
    }
    match caller.user_id() {
        Some(user_id) => Ok(Some(user_id)),
        None => Err(DomainError::Forbidden("This token needs the permission `groups.manage`.".into())),
    }
}

/// An imported group the caller may see; not found otherwise.
async fn visible_group(app: &App, caller: &Caller, id: Uuid) -> AppResult<Group> {
    groups_feature(app, caller).await?;
    let group = app.store.get_group(caller.company_id, id).await?.ok_or_else(AppError::not_found)?;
    if let Some(user_id) = linked_user_scope(caller)? {
        let linked = app.store.user_channel_ids(caller.company_id, user_id).await?;
        if !linked.contains(&group.channel_id) {
            return Err(AppError::not_found());
        }
    }
    Ok(group)
}

/// Announces the conversations of groups just imported, created or synced to whoever sees each,
/// as a first message in them would: Chat › Grupos shows them before anyone writes. The groups are
/// stored already, so a failure to read them back is logged, not answered.
async fn announce_group_conversations(app: &App, channel_id: Uuid, groups: &[Group]) {
    let chats: Vec<String> = groups.iter().map(|group| group.external_id.clone()).collect();
    match app.store.find_conversations_of_chats(channel_id, &chats).await {
        Ok(conversations) => {
            for conversation in &conversations {
                announce_conversation(app, conversation, None);
            }
        }
        Err(error) => {
            tracing::warn!(%error, %channel_id, "the groups' conversations could not be read to announce them")
        }
    }
}

/// What an audit entry tells of a group WhatsApp knows.
fn whatsapp_group(external_id: &str, subject: &str) -> serde_json::Value {
    serde_json::json!({ "external_id": external_id, "subject": subject })
}

/// A search of subjects: trimmed, and none when blank.
fn search_term(q: Option<&str>) -> Option<&str> {
    q.map(str::trim).filter(|q| !q.is_empty())
}

#[cfg(test)]
mod tests {
    use blocopro_domain::user::Visibility;

    use super::*;
    use crate::testing::{api_token, attendant, session_of};

    #[test]
    fn managers_and_importers_see_every_group_and_attendants_their_channels() {
        for key in [Permission::GroupsManage, Permission::GroupsImport] {
            assert_eq!(linked_user_scope(&api_token(&[key])).unwrap(), None);
        }
        let attendant = session_of(attendant(Visibility::Own), &[]);
        assert_eq!(linked_user_scope(&attendant).unwrap(), attendant.user_id());
        assert!(matches!(linked_user_scope(&api_token(&[])), Err(DomainError::Forbidden(_))));
    }

    #[test]
    fn blank_searches_search_nothing() {
        assert_eq!(search_term(Some("  VIP ")), Some("VIP"));
        assert_eq!(search_term(Some("   ")), None);
        assert_eq!(search_term(None), None);
    }
}
