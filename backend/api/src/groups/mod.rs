//! WhatsApp groups: importing a channel's groups (`imports`), the imported groups' list and
//! settings, un-importing, refreshing from WhatsApp and creating new groups. Every endpoint needs
//! the company's `whatsapp_groups` feature.

pub mod imports;
pub mod requests;

use actix_web::{HttpResponse, delete, get, patch, post, web};
use blocopro_app::groups::manage::{self, GroupWithParticipants};
use blocopro_domain::Timestamp;
use blocopro_domain::group::{Group, GroupMember};
use blocopro_store::PageRequest;
use serde::Serialize;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use self::requests::{CreateGroupRequest, ListGroupsQuery, UpdateGroupRequest};
use crate::GroupList;
use crate::auth::AuthUser;
use crate::error::{ApiResult, Problem};
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

impl From<GroupWithParticipants> for GroupDetail {
    fn from(detail: GroupWithParticipants) -> Self {
        Self { group: detail.group.into(), participants: detail.participants.into_iter().map(Into::into).collect() }
    }
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
    let QueryParams(query) = query;
    let page = PageRequest::new(PageLimit::get(query.limit), parse_cursor(query.cursor.as_deref())?);
    Ok(web::Json(GroupList::from(manage::list(&state, &auth, query.into(), page).await?)))
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
    Ok(web::Json(manage::get(&state, &auth, id.0).await?.into()))
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
    let settings = body.0.settings();
    Ok(web::Json(manage::update(&state, &auth, id.0, settings).await?.into()))
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
    manage::unimport(&state, &auth, id.0).await?;
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
    Ok(web::Json(manage::sync(&state, &auth, id.0).await?.into()))
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
    let created = manage::create(&state, &auth, body.0.into()).await?;
    Ok(HttpResponse::Created().json(GroupDetail::from(created)))
}
