//! Importing a channel's WhatsApp groups: a pre-import job lists them in the background (with
//! progress published as `group_import.progress`), then the administrator imports a selection.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use actix_web::{HttpResponse, get, post, web};
use blocopro_connectors::Connector;
use blocopro_domain::Timestamp;
use blocopro_domain::event::EventKind;
use blocopro_domain::group::{
    GroupCandidate, GroupImportJob, GroupImportStatus, GroupSnapshot, Progress, describe_unknown,
    ensure_groups_available, ensure_import_size, unknown_candidates,
};
use jiff::SignedDuration;
use serde::Serialize;
use uuid::Uuid;

use super::requests::{CandidatesQuery, ImportRequest};
use super::{ImportedGroups, channel_for_groups, group_api, groups_feature};
use crate::audit::entry;
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{Body, PathId, QueryParams};
use crate::state::AppState;

/// Candidates are stored (and progress published) this many groups at a time.
const CANDIDATES_PER_WRITE: usize = 200;
/// How long WhatsApp may take to list the groups before the job fails.
const LISTING_TIMEOUT: Duration = Duration::from_secs(90);
/// A job still running after this long was left by a server that stopped: it fails, and a new
/// request starts afresh.
const ABANDONED_AFTER: SignedDuration = SignedDuration::from_mins(3);

/// A pre-import job with the groups it found (so far, while it runs).
#[derive(Serialize, utoipa::ToSchema)]
pub struct GroupImportView {
    #[serde(flatten)]
    pub job: GroupImportJob,
    pub candidates: Vec<GroupCandidate>,
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
    state: web::Data<AppState>,
    auth: AuthUser,
    id: PathId,
) -> ApiResult<HttpResponse> {
    let (channel, connector) = channel_for_groups(&state, &auth, id.0, ensure_groups_available).await?;
    let now = Timestamp::now();
    let abandoned_before = now - ABANDONED_AFTER;
    state
        .store
        .fail_stale_group_import(channel.id, abandoned_before, "the server stopped during the listing", now)
        .await?;
    let job = GroupImportJob {
        id: Uuid::now_v7(),
        company_id: auth.company_id,
        channel_id: channel.id,
        status: GroupImportStatus::Running,
        progress: Progress::default(),
        error: None,
        created_by: auth.user_id(),
        created_at: now,
        finished_at: None,
    };
    let running = state.store.start_group_import(&job).await?;
    if running.id == job.id {
        let summary = serde_json::json!({ "job_id": job.id });
        state.store.record_audit(&entry(&auth, "group_import.started", "channel", Some(channel.id), summary)).await?;
        tokio::spawn(run_job(state.clone(), running.clone(), connector));
    }
    Ok(HttpResponse::Accepted().json(GroupImportView { job: running, candidates: Vec::new() }))
}

/// Reads the channel's groups into the job and ends it `ready`, or `failed` with the reason.
async fn run_job(state: web::Data<AppState>, job: GroupImportJob, connector: Arc<dyn Connector>) {
    let outcome = read_groups(&state, &job, connector.as_ref()).await;
    let (status, error) = match &outcome {
        Ok(()) => (GroupImportStatus::Ready, None),
        Err(error) => (GroupImportStatus::Failed, Some(error.as_str())),
    };
    match state.store.finish_group_import(job.id, status, error, Timestamp::now()).await {
        Ok(Some(finished)) => publish_progress(&state, &finished),
        Ok(None) => {}
        Err(error) => tracing::error!(job_id = %job.id, %error, "a group import could not be finished"),
    }
}

async fn read_groups(state: &AppState, job: &GroupImportJob, connector: &dyn Connector) -> Result<(), String> {
    let groups = group_api(connector).map_err(|_| "this channel cannot list groups")?;
    let found = tokio::time::timeout(LISTING_TIMEOUT, groups.participating_groups())
        .await
        .map_err(|_| "WhatsApp did not list the groups in time")?
        .map_err(|error| error.to_string())?;
    let total = u32::try_from(found.len()).unwrap_or(u32::MAX);
    keep_candidates(state, job, &[], Progress { done: 0, total }).await?;
    let mut done = 0;
    for chunk in found.chunks(CANDIDATES_PER_WRITE) {
        done += chunk.len() as u32;
        keep_candidates(state, job, chunk, Progress { done, total }).await?;
    }
    Ok(())
}

/// Stores groups found and publishes the progress; fails when the job stopped running meanwhile.
async fn keep_candidates(
    state: &AppState,
    job: &GroupImportJob,
    found: &[GroupSnapshot],
    progress: Progress,
) -> Result<(), String> {
    let running =
        state.store.add_group_import_candidates(job.id, found, progress).await.map_err(|error| error.to_string())?;
    if !running {
        return Err("the pre-import was replaced".into());
    }
    publish_progress(state, &GroupImportJob { progress, ..job.clone() });
    Ok(())
}

fn publish_progress(state: &AppState, job: &GroupImportJob) {
    state.events.publish(job.company_id, EventKind::GroupImportProgress, job);
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
    state: web::Data<AppState>,
    auth: AuthUser,
    id: PathId,
    query: QueryParams<CandidatesQuery>,
) -> ApiResult<web::Json<GroupImportView>> {
    groups_feature(&state, &auth).await?;
    let job = state.store.get_group_import(auth.company_id, id.0).await?.ok_or_else(ApiError::not_found)?;
    let search = query.0.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    let candidates = state.store.group_import_candidates(auth.company_id, job.id, search).await?;
    Ok(web::Json(GroupImportView { job, candidates }))
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
    state: web::Data<AppState>,
    auth: AuthUser,
    id: PathId,
    body: Body<ImportRequest>,
) -> ApiResult<web::Json<ImportedGroups>> {
    groups_feature(&state, &auth).await?;
    let job = state.store.get_group_import(auth.company_id, id.0).await?.ok_or_else(ApiError::not_found)?;
    let channel = state.store.get_channel(auth.company_id, job.channel_id).await?.ok_or_else(ApiError::not_found)?;
    if job.status != GroupImportStatus::Ready {
        return Err(ApiError::from(blocopro_domain::Error::Conflict {
            code: "import_not_ready",
            detail: "This pre-import has not listed the groups (it is running or it failed); wait for `ready` or \
                     start a new one."
                .into(),
        }));
    }
    let Body(request) = body;
    let snapshots = state.store.group_import_snapshots(auth.company_id, job.id, &request.external_ids).await?;
    let found: HashSet<&str> = snapshots.iter().map(|group| group.external_id.as_str()).collect();
    let unknown = unknown_candidates(&found, &request.external_ids);
    if !unknown.is_empty() {
        return Err(ApiError::invalid_field("external_ids", &describe_unknown(&unknown)));
    }
    ensure_import_size(&snapshots)?;
    let audit = entry(&auth, "groups.imported", "channel", Some(channel.id), import_summary(&job, &snapshots));
    let imported = state.store.import_groups(auth.company_id, channel.id, &snapshots, Timestamp::now(), &audit).await?;
    let group_ids: Vec<Uuid> = imported.iter().map(|group| group.id).collect();
    state.events.publish(
        auth.company_id,
        EventKind::GroupsImported,
        serde_json::json!({ "channel_id": channel.id, "group_ids": group_ids }),
    );
    Ok(web::Json(ImportedGroups { groups: imported }))
}

fn import_summary(job: &GroupImportJob, groups: &[GroupSnapshot]) -> serde_json::Value {
    let groups: Vec<_> = groups
        .iter()
        .map(|group| serde_json::json!({ "external_id": group.external_id, "subject": group.subject }))
        .collect();
    serde_json::json!({ "job_id": job.id, "groups": groups })
}
