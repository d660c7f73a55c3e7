//! Imported groups: their list and settings (the department that answers them, muted,
//! archived), un-importing them, reading them again from WhatsApp, and creating new groups.

use blocopro_domain::Timestamp;
use blocopro_domain::channel::Channel;
use blocopro_domain::event::EventKind;
use blocopro_domain::group::{
    Group, GroupMember, GroupSettings, GroupSnapshot, ensure_group_creation_available, ensure_groups_available,
};
use blocopro_store::{GroupFilter, Page, PageRequest};
use uuid::Uuid;

use super::{
    announce_group_conversations, channel_for_groups, group_api, groups_feature, linked_user_scope, search_term,
    visible_group, whatsapp_group,
};
use crate::caller::Caller;
use crate::{App, AppError, AppResult};

/// Which imported groups to list; `None` leaves a filter off.
#[derive(Default)]
pub struct GroupQuery {
    pub channel_id: Option<Uuid>,
    pub department_id: Option<Uuid>,
    pub archived: Option<bool>,
    /// Part of the subject, in any case and with or without accents.
    pub search: Option<String>,
    /// Only groups this contact takes part in.
    pub participant: Option<Uuid>,
}

/// A WhatsApp group to create on a channel.
pub struct NewGroup {
    pub channel_id: Uuid,
    pub subject: String,
    /// Numbers in E.164 to add besides the channel's own.
    pub participants: Vec<String>,
}

/// An imported group with its participants.
pub struct GroupWithParticipants {
    pub group: Group,
    pub participants: Vec<GroupMember>,
}

/// Imported groups by subject, among those the caller may see.
pub async fn list(app: &App, caller: &Caller, query: GroupQuery, page: PageRequest) -> AppResult<Page<Group>> {
    groups_feature(app, caller).await?;
    let filter = GroupFilter {
        channel_id: query.channel_id,
        department_id: query.department_id,
        archived: query.archived,
        search: search_term(query.search.as_deref()).map(str::to_owned),
        linked_user: linked_user_scope(caller)?,
        participant: query.participant,
    };
    Ok(app.store.list_groups(caller.company_id, &filter, page).await?)
}

/// One imported group the caller may see, with its participants.
pub async fn get(app: &App, caller: &Caller, id: Uuid) -> AppResult<GroupWithParticipants> {
    let group = visible_group(app, caller, id).await?;
    with_participants(app, group).await
}

async fn with_participants(app: &App, group: Group) -> AppResult<GroupWithParticipants> {
    let participants = app.store.group_members(group.company_id, group.id).await?;
    Ok(GroupWithParticipants { group, participants })
}

/// What an audit entry tells of a group's settings.
fn settings_of(group: &Group) -> serde_json::Value {
    serde_json::json!({ "department_id": group.department_id, "muted": group.muted, "archived": group.archived })
}

/// Changes a group's settings; the department must be the company's.
pub async fn update(app: &App, caller: &Caller, id: Uuid, settings: GroupSettings) -> AppResult<Group> {
    let group = visible_group(app, caller, id).await?;
    let audit = |before: &Group, after: &Group| {
        let summary = serde_json::json!({ "before": settings_of(before), "after": settings_of(after) });
        caller.audit("group.updated", "group", Some(after.id), summary)
    };
    let updated = app
        .store
        .update_group_settings(caller.company_id, group.id, &settings, Timestamp::now(), &audit)
        .await
        .map_err(AppError::naming_unknown("department_id", "is not a department of this company"))?;
    app.events.publish(caller.company_id, EventKind::GroupUpdated, &updated);
    Ok(updated)
}

/// Un-imports a group: it leaves the list and Chat; its messages are kept and come back with it
/// when it is imported again.
pub async fn unimport(app: &App, caller: &Caller, id: Uuid) -> AppResult<()> {
    let group = visible_group(app, caller, id).await?;
    let summary = whatsapp_group(&group.external_id, &group.subject);
    let audit = caller.audit("group.unimported", "group", Some(group.id), summary);
    app.store.unimport_group(caller.company_id, group.id, Timestamp::now(), &audit).await?;
    app.events.publish(caller.company_id, EventKind::GroupRemoved, serde_json::json!({ "id": group.id }));
    Ok(())
}

/// Reads the group's subject, description and participants again from WhatsApp.
pub async fn sync(app: &App, caller: &Caller, id: Uuid) -> AppResult<GroupWithParticipants> {
    let group = visible_group(app, caller, id).await?;
    let (channel, connector) = channel_for_groups(app, caller, group.channel_id, ensure_groups_available).await?;
    let snapshot = group_api(connector.as_ref())?.group_metadata(&group.external_id).await?;
    let group = store_snapshot(app, caller, &channel, snapshot, "group.synced").await?;
    with_participants(app, group).await
}

/// Creates a WhatsApp group on a channel that can, and imports it at once.
pub async fn create(app: &App, caller: &Caller, new: NewGroup) -> AppResult<GroupWithParticipants> {
    let (channel, connector) = channel_for_groups(app, caller, new.channel_id, ensure_group_creation_available).await?;
    let subject = new.subject.trim();
    let snapshot = group_api(connector.as_ref())?.create_group(subject, &new.participants).await?;
    let group = store_snapshot(app, caller, &channel, snapshot, "group.created").await?;
    with_participants(app, group).await
}

/// Stores what WhatsApp says of a group now (a creation or a sync) as an imported group of the
/// channel, with its conversation in Chat.
async fn store_snapshot(
    app: &App,
    caller: &Caller,
    channel: &Channel,
    snapshot: GroupSnapshot,
    action: &'static str,
) -> AppResult<Group> {
    let audit = |group: &Group| {
        caller.audit(action, "group", Some(group.id), whatsapp_group(&group.external_id, &group.subject))
    };
    let group = app.store.refresh_group(caller.company_id, channel.id, &snapshot, Timestamp::now(), &audit).await?;
    app.events.publish(caller.company_id, EventKind::GroupUpdated, &group);
    announce_group_conversations(app, channel.id, std::slice::from_ref(&group)).await;
    Ok(group)
}
