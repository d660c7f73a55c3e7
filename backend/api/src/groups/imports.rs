//! Importing a channel's WhatsApp groups: a pre-import job lists them in the background
//! (`blocopro_app::groups::imports`), then the administrator imports a selection.

use actix_web::{HttpResponse, get, post, web};
use blocopro_app::groups::imports::{self, PreImport};
use blocopro_domain::Timestamp;
use blocopro_domain::group::{GroupCandidate, GroupImportJob, GroupImportStatus, Progress};
use serde::Serialize;
use uuid::Uuid;

use super::ImportedGroups;
use super::requests::{CandidatesQuery, ImportRequest};
use crate::auth::AuthUser;
use crate::error::{ApiResult, Problem};
use crate::extract::{Body, PathId, QueryParams};
use crate::state::ApiState;
use crate::view::view;

view! {
    #[derive(Serialize, utoipa::ToSchema)]
    #[schema(as = Progress)]
    pub struct ProgressView from Progress {
        /// Groups read so far.
        pub done: u32,
        /// Groups the number takes part in (0 until known).
        pub total: u32,
    }
}

view! {
    /// A pre-import: the list of a channel's groups, read in the background and kept on the job.
    #[derive(Serialize, utoipa::ToSchema)]
    #[schema(as = GroupImportJob)]
    pub struct GroupImportJobView from GroupImportJob {
        pub id: Uuid,
        pub channel_id: Uuid,
        pub status: GroupImportStatus,
        pub progress: ProgressView,
        /// Why the job failed.
        pub error: Option<String>,
        pub created_by: Option<Uuid>,
        pub created_at: Timestamp,
        pub finished_at: Option<Timestamp>,
    }
}

view! {
    /// One group of a pre-import, with whether it is imported already.
    #[derive(Serialize, utoipa::ToSchema)]
    #[schema(as = GroupCandidate)]
    pub struct GroupCandidateView from GroupCandidate {
        pub external_id: String,
        pub subject: String,
        pub participant_count: u32,
        pub own_number_is_admin: bool,
        pub already_imported: bool,
        pub imported_group_id: Option<Uuid>,
    }
}

/// A pre-import job with the groups it found (so far, while it runs).
#[derive(Serialize, utoipa::ToSchema)]
pub struct GroupImportView {
    #[serde(flatten)]
    pub job: GroupImportJobView,
    pub candidates: Vec<GroupCandidateView>,
}

impl From<PreImport> for GroupImportView {
    fn from(pre_import: PreImport) -> Self {
        Self { job: pre_import.job.into(), candidates: pre_import.candidates.into_iter().map(Into::into).collect() }
    }
}

/// List the groups of a connected QR channel, in the background. A job already running for the
/// channel is answered instead of starting another; each new job reads the groups afresh.
#[utoipa::path(
    tag = "groups",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Channel id")),
    responses(
        (status = 202, description = "The running job; poll `GET /group-imports/{id}`", body = GroupImportView),
        (status = 403, description = "Missing `groups.import`, or `feature_not_enabled`", body = Problem),
        (status = 404, description = "No such channel", body = Problem),
        (status = 409, description = "`channel_not_connected`", body = Problem),
        (status = 422, description = "`groups_not_supported` (Cloud API channels)", body = Problem),
    )
)]
#[post("/channels/{id}/group-imports")]
pub(super) async fn start_group_import(
    state: web::Data<ApiState>,
    auth: AuthUser,
    id: PathId,
) -> ApiResult<HttpResponse> {
    let running = imports::start(&state.app, &auth, id.0).await?;
    Ok(HttpResponse::Accepted().json(GroupImportView::from(PreImport { job: running, candidates: Vec::new() })))
}

/// A pre-import with its progress and, once `ready`, the groups found, each telling whether it
/// is imported already.
#[utoipa::path(
    tag = "groups",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Job id"), CandidatesQuery),
    responses(
        (status = 200, description = "The job", body = GroupImportView),
        (status = 403, description = "Missing `groups.import`", body = Problem),
        (status = 404, description = "No such job", body = Problem),
    )
)]
#[get("/group-imports/{id}")]
pub(super) async fn get_group_import(
    state: web::Data<ApiState>,
    auth: AuthUser,
    id: PathId,
    query: QueryParams<CandidatesQuery>,
) -> ApiResult<web::Json<GroupImportView>> {
    Ok(web::Json(imports::get(&state, &auth, id.0, query.0.q.as_deref()).await?.into()))
}

/// Import exactly the chosen groups of a `ready` pre-import: the groups, their participants (as
/// contacts, matched by number) and their link to the channel. Importing again changes nothing.
#[utoipa::path(
    tag = "groups",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Job id")),
    request_body = ImportRequest,
    responses(
        (status = 200, description = "The imported groups", body = ImportedGroups),
        (status = 403, description = "Missing `groups.import`, or `feature_not_enabled`", body = Problem),
        (status = 404, description = "No such job", body = Problem),
        (status = 409, description = "`import_not_ready`: the job is running or failed", body = Problem),
        (status = 422, description = "Ids that are not among the candidates, or `import_too_large`", body = Problem),
    )
)]
#[post("/group-imports/{id}/import")]
pub(super) async fn import_groups(
    state: web::Data<ApiState>,
    auth: AuthUser,
    id: PathId,
    body: Body<ImportRequest>,
) -> ApiResult<web::Json<ImportedGroups>> {
    let imported = imports::import(&state, &auth, id.0, &body.0.external_ids).await?;
    Ok(web::Json(ImportedGroups { groups: imported.into_iter().map(Into::into).collect() }))
}
