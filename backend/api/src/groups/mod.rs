//! WhatsApp groups: importing a channel's groups (`imports`), the imported groups' list and
//! settings, un-importing, refreshing from WhatsApp and creating new groups. Every endpoint needs
//! the company's `whatsapp_groups` feature.

pub mod imports;
pub mod requests;

use std::sync::Arc;

use actix_web::{HttpResponse, delete, get, patch, post, web};
use blocopro_connectors::{Connector, ConnectorError, GroupConnector};
use blocopro_domain::channel::{Capabilities, Channel, ChannelStatus};
use blocopro_domain::company::CompanyFeatures;
use blocopro_domain::event::EventKind;
use blocopro_domain::group::{
    Group, GroupMember, GroupSnapshot, ensure_group_creation_available, ensure_groups_available,
};
use blocopro_domain::permissions::Permission;
use blocopro_domain::{Error as DomainError, Timestamp};
use blocopro_store::{GroupFilter, PageRequest};
use serde::Serialize;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use self::requests::{CreateGroupRequest, ListGroupsQuery, UpdateGroupRequest};
use crate::GroupList;
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{Body, PageLimit, PathId, QueryParams, parse_cursor};
use crate::state::ApiState;
use crate::view::view;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(imports::start_group_import)
        .service(imports::get_group_import)
        .service(imports::import_groups)
        .service(list_groups)
        .service(create_group)
        .service(get_group)
        .service(update_group)
        .service(delete_group)
        .service(sync_group);
}

view! {
    /// An imported group.
    #[derive(Serialize, utoipa::ToSchema)]
    #[schema(as = Group)]
    pub struct GroupView from Group {
        pub id: Uuid,
        pub channel_id: Uuid,
        pub external_id: String,
        pub subject: String,
        pub description: Option<String>,
        /// The department whose attendants answer the group.
        pub department_id: Option<Uuid>,
        /// Muted groups raise no notifications in Chat.
        pub muted: bool,
        /// Archived groups leave the Chat list until a new message arrives.
        pub archived: bool,
        pub own_number_is_admin: bool,
        pub participant_count: u32,
        pub imported_at: Timestamp,
        pub updated_at: Timestamp,
    }
}

view! {
    /// A member of an imported group, as a contact of the company.
    #[derive(Serialize, utoipa::ToSchema)]
    #[schema(as = GroupMember)]
    pub struct GroupMemberView from GroupMember {
        pub contact_id: Uuid,
        /// E.164.
        pub phone: String,
        /// The contact's name, when the company knows one.
        pub name: Option<String>,
        pub is_admin: bool,
    }
}

/// Groups as stored by an import, a creation or a sync.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ImportedGroups {
    pub groups: Vec<GroupView>,
}

/// An imported group with its participants (admins flagged).
#[derive(Serialize, utoipa::ToSchema)]
pub struct GroupDetail {
    #[serde(flatten)]
    pub group: GroupView,
    pub participants: Vec<GroupMemberView>,
}

/// The company's features, or 403 `feature_not_enabled` when groups are switched off.
async fn groups_feature(state: &ApiState, auth: &AuthUser) -> ApiResult<CompanyFeatures> {
    let company = state.store.get_company(auth.company_id).await?.ok_or_else(ApiError::not_found)?;
    if !company.features.whatsapp_groups {
        return Err(DomainError::FeatureNotEnabled("whatsapp_groups".into()).into());
    }
    Ok(company.features)
}

type GroupRule = fn(&CompanyFeatures, Capabilities, ChannelStatus) -> Result<(), DomainError>;

/// A channel of the company that passes `rule` (feature, capabilities, connection), with its live
/// session.
async fn channel_for_groups(
    state: &ApiState,
    auth: &AuthUser,
    channel_id: Uuid,
    rule: GroupRule,
) -> ApiResult<(Channel, Arc<dyn Connector>)> {
    let company = state.store.get_company(auth.company_id).await?.ok_or_else(ApiError::not_found)?;
    let channel = state.store.get_channel(auth.company_id, channel_id).await?.ok_or_else(ApiError::not_found)?;
    rule(&company.features, channel.kind.capabilities(), channel.status)?;
    let connector = state.hub.live(channel.id).ok_or(ConnectorError::NotConnected)?;
    Ok((channel, connector))
}

fn group_api(connector: &dyn Connector) -> ApiResult<&dyn GroupConnector> {
    connector.groups().ok_or_else(|| {
        DomainError::Unsupported {
            code: "groups_not_supported",
            detail: "This channel cannot work with groups.".into(),
        }
        .into()
    })
}

/// Group managers and importers see every group; other users the groups of their channels.
fn linked_user_scope(auth: &AuthUser) -> ApiResult<Option<Uuid>> {
    if auth.permissions.contains(&Permission::GroupsManage) || auth.permissions.contains(&Permission::GroupsImport) {
        return Ok(None);
    }
    match auth.user_id() {
        Some(user_id) => Ok(Some(user_id)),
        None => Err(ApiError::forbidden("This token needs the permission `groups.manage`.")),
    }
}

/// An imported group the caller may see; 404 otherwise.
async fn visible_group(state: &ApiState, auth: &AuthUser, id: Uuid) -> ApiResult<Group> {
    groups_feature(state, auth).await?;
    let group = state.store.get_group(auth.company_id, id).await?.ok_or_else(ApiError::not_found)?;
    if let Some(user_id) = linked_user_scope(auth)? {
        let linked = state.store.user_channel_ids(auth.company_id, user_id).await?;
        if !linked.contains(&group.channel_id) {
            return Err(ApiError::not_found());
        }
    }
    Ok(group)
}

/// An imported group, for those who configure groups.
async fn managed_group(state: &ApiState, auth: &AuthUser, id: Uuid) -> ApiResult<Group> {
    visible_group(state, auth, id).await
}

async fn detail(state: &ApiState, group: Group) -> ApiResult<GroupDetail> {
    let participants = state.store.group_members(group.company_id, group.id).await?;
    Ok(GroupDetail { group: group.into(), participants: participants.into_iter().map(Into::into).collect() })
}

/// Stores what WhatsApp says of a group now (a creation or a sync) as an imported group of the channel.
async fn store_snapshot(
    state: &ApiState,
    auth: &AuthUser,
    channel: &Channel,
    snapshot: GroupSnapshot,
    action: &'static str,
) -> ApiResult<Group> {
    let audit = |group: &Group| {
        let summary = serde_json::json!({ "external_id": group.external_id, "subject": group.subject });
        auth.audit(action, "group", Some(group.id), summary)
    };
    let group = state.store.refresh_group(auth.company_id, channel.id, &snapshot, Timestamp::now(), &audit).await?;
    state.events.publish(auth.company_id, EventKind::GroupUpdated, &group);
    Ok(group)
}

/// Imported groups by subject; filter by channel, department, archived, and search the subject.
#[utoipa::path(
    tag = "groups",
    security(("bearer" = [])),
    params(ListGroupsQuery),
    responses(
        (status = 200, description = "A page of groups", body = GroupList),
        (status = 403, description = "`feature_not_enabled`", body = Problem),
        (status = 422, description = "Invalid filters", body = Problem),
    )
)]
#[get("/groups")]
async fn list_groups(
    state: web::Data<ApiState>,
    auth: AuthUser,
    query: QueryParams<ListGroupsQuery>,
) -> ApiResult<web::Json<GroupList>> {
    groups_feature(&state, &auth).await?;
    let QueryParams(query) = query;
    let filter = GroupFilter {
        channel_id: query.channel_id,
        department_id: query.department_id,
        archived: query.archived,
        search: query.q.as_deref().map(str::trim).filter(|q| !q.is_empty()).map(str::to_owned),
        linked_user: linked_user_scope(&auth)?,
    };
    let page = PageRequest::new(PageLimit::get(query.limit), parse_cursor(query.cursor.as_deref())?);
    Ok(web::Json(GroupList::from(state.store.list_groups(auth.company_id, &filter, page).await?)))
}

/// One imported group with its participants.
#[utoipa::path(
    tag = "groups",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Group id")),
    responses(
        (status = 200, description = "The group", body = GroupDetail),
        (status = 403, description = "`feature_not_enabled`", body = Problem),
        (status = 404, body = Problem),
    )
)]
#[get("/groups/{id}")]
async fn get_group(state: web::Data<ApiState>, auth: AuthUser, id: PathId) -> ApiResult<web::Json<GroupDetail>> {
    let group = visible_group(&state, &auth, id.0).await?;
    Ok(web::Json(detail(&state, group).await?))
}

/// Change a group's settings: the department that answers it, muted, archived.
#[utoipa::path(
    tag = "groups",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Group id")),
    request_body = UpdateGroupRequest,
    responses(
        (status = 200, description = "Updated", body = GroupView),
        (status = 403, description = "Missing `groups.manage`, or `feature_not_enabled`", body = Problem),
        (status = 404, body = Problem),
        (status = 422, description = "Unknown department", body = Problem),
    )
)]
#[patch("/groups/{id}")]
async fn update_group(
    state: web::Data<ApiState>,
    auth: AuthUser,
    id: PathId,
    body: Body<UpdateGroupRequest>,
) -> ApiResult<web::Json<GroupView>> {
    let group = managed_group(&state, &auth, id.0).await?;
    let Body(request) = body;
    let audit = |before: &Group, after: &Group| {
        let summary = serde_json::json!({ "before": settings_of(before), "after": settings_of(after) });
        auth.audit("group.updated", "group", Some(after.id), summary)
    };
    let updated = state
        .store
        .update_group_settings(auth.company_id, group.id, &request.settings(), Timestamp::now(), &audit)
        .await
        .map_err(ApiError::naming_unknown("department_id", "is not a department of this company"))?;
    state.events.publish(auth.company_id, EventKind::GroupUpdated, &updated);
    Ok(web::Json(updated.into()))
}

fn settings_of(group: &Group) -> serde_json::Value {
    serde_json::json!({ "department_id": group.department_id, "muted": group.muted, "archived": group.archived })
}

/// Un-import a group: it leaves the list and Chat; its messages are kept and come back with it
/// when it is imported again.
#[utoipa::path(
    tag = "groups",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Group id")),
    responses(
        (status = 204, description = "Un-imported"),
        (status = 403, description = "Missing `groups.manage`, or `feature_not_enabled`", body = Problem),
        (status = 404, body = Problem),
    )
)]
#[delete("/groups/{id}")]
async fn delete_group(state: web::Data<ApiState>, auth: AuthUser, id: PathId) -> ApiResult<HttpResponse> {
    let group = managed_group(&state, &auth, id.0).await?;
    let summary = serde_json::json!({ "external_id": group.external_id, "subject": group.subject });
    let audit = auth.audit("group.unimported", "group", Some(group.id), summary);
    state.store.unimport_group(auth.company_id, group.id, Timestamp::now(), &audit).await?;
    state.events.publish(auth.company_id, EventKind::GroupRemoved, serde_json::json!({ "id": group.id }));
    Ok(HttpResponse::NoContent().finish())
}

/// Read the group's subject, description and participants again from WhatsApp.
#[utoipa::path(
    tag = "groups",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Group id")),
    responses(
        (status = 200, description = "The refreshed group", body = GroupDetail),
        (status = 403, description = "Missing `groups.manage`, or `feature_not_enabled`", body = Problem),
        (status = 404, body = Problem),
        (status = 409, description = "`channel_not_connected`", body = Problem),
        (status = 422, description = "`unknown_group`: the number left the group", body = Problem),
    )
)]
#[post("/groups/{id}/sync")]
async fn sync_group(state: web::Data<ApiState>, auth: AuthUser, id: PathId) -> ApiResult<web::Json<GroupDetail>> {
    let group = managed_group(&state, &auth, id.0).await?;
    let (channel, connector) = channel_for_groups(&state, &auth, group.channel_id, ensure_groups_available).await?;
    let snapshot = group_api(connector.as_ref())?.group_metadata(&group.external_id).await?;
    let group = store_snapshot(&state, &auth, &channel, snapshot, "group.synced").await?;
    Ok(web::Json(detail(&state, group).await?))
}

/// Create a WhatsApp group on a channel with the given numbers; it is imported at once.
#[utoipa::path(
    tag = "groups",
    security(("bearer" = [])),
    request_body = CreateGroupRequest,
    responses(
        (status = 201, description = "Created and imported", body = GroupDetail),
        (status = 403, description = "Missing `groups.manage`, or `feature_not_enabled`", body = Problem),
        (status = 404, description = "No such channel", body = Problem),
        (status = 409, description = "`channel_not_connected`", body = Problem),
        (status = 422, description = "Invalid fields, or `groups_not_supported` by the channel", body = Problem),
    )
)]
#[post("/groups")]
async fn create_group(
    state: web::Data<ApiState>,
    auth: AuthUser,
    body: Body<CreateGroupRequest>,
) -> ApiResult<HttpResponse> {
    let Body(request) = body;
    let (channel, connector) =
        channel_for_groups(&state, &auth, request.channel_id, ensure_group_creation_available).await?;
    let subject = request.subject.trim();
    let snapshot = group_api(connector.as_ref())?.create_group(subject, &request.participants).await?;
    let group = store_snapshot(&state, &auth, &channel, snapshot, "group.created").await?;
    Ok(HttpResponse::Created().json(detail(&state, group).await?))
}
