//! Presence: online / away / offline, kept as append-only periods.

use actix_web::{get, put, web};
use blocopro_domain::event::EventKind;
use blocopro_domain::presence::{PresencePeriod, PresenceStatus, PresenceTotals, totals};
use blocopro_domain::{FieldErrors, Timestamp};
use jiff::SignedDuration;
use serde::{Deserialize, Serialize};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::error::{ApiResult, Problem};
use crate::extract::{Body, PathId, QueryParams, Validate};
use crate::state::AppState;
use crate::users::load_user;

/// The longest range one history request may cover.
const MAX_HISTORY_RANGE: SignedDuration = SignedDuration::from_hours(24 * 93);

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(set_my_presence).service(presence_history);
}

#[derive(Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PresenceRequest {
    pub status: PresenceStatus,
}

impl Validate for PresenceRequest {}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct HistoryQuery {
    /// Start of the range (RFC 3339); default 24 hours before `to`.
    #[param(value_type = Option<String>, format = DateTime)]
    pub from: Option<Timestamp>,
    /// End of the range (RFC 3339); default now.
    #[param(value_type = Option<String>, format = DateTime)]
    pub to: Option<Timestamp>,
}

impl Validate for HistoryQuery {
    fn validate(&self) -> Result<(), FieldErrors> {
        if let (Some(from), Some(to)) = (self.from, self.to) {
            if from >= to {
                return Err(FieldErrors::single("from", "must be before `to`"));
            }
            if to.duration_since(from) > MAX_HISTORY_RANGE {
                return Err(FieldErrors::single("to", "the range may span at most 93 days"));
            }
        }
        Ok(())
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct PresenceHistory {
    pub from: Timestamp,
    pub to: Timestamp,
    /// Periods overlapping the range, oldest first; an open period has no `ended_at`.
    pub periods: Vec<PresencePeriod>,
    pub totals: PresenceTotals,
}

/// Set my presence.
#[utoipa::path(
    tag = "presence",
    security(("bearer" = [])),
    request_body = PresenceRequest,
    responses((status = 200, description = "Saved", body = PresenceRequest), (status = 422, body = Problem))
)]
#[put("/me/presence")]
async fn set_my_presence(
    state: web::Data<AppState>,
    auth: AuthUser,
    body: Body<PresenceRequest>,
) -> ApiResult<web::Json<PresenceRequest>> {
    let user = auth.session_user()?;
    change(&state, auth.company_id, user.id, body.0.status, Timestamp::now()).await?;
    Ok(web::Json(body.0))
}

/// What `presence.changed` tells the company.
#[derive(Serialize)]
struct PresenceChanged {
    user_id: Uuid,
    status: PresenceStatus,
    at: Timestamp,
}

/// Records a user's presence and tells the company when it changed.
pub async fn change(
    state: &AppState,
    company_id: Uuid,
    user_id: Uuid,
    status: PresenceStatus,
    at: Timestamp,
) -> ApiResult<()> {
    if state.store.set_presence(company_id, user_id, status, at).await? {
        announce(state, company_id, user_id, status, at).await;
    }
    Ok(())
}

/// Tells the company a user's presence changed; conversations waiting for someone may now be theirs.
async fn announce(state: &AppState, company_id: Uuid, user_id: Uuid, status: PresenceStatus, at: Timestamp) {
    state.events.publish(company_id, EventKind::PresenceChanged, PresenceChanged { user_id, status, at });
    if status == PresenceStatus::Online {
        crate::queue::assign_waiting_logged(state, company_id).await;
    }
}

/// A realtime socket of the user opened here: the first one, on any instance, makes them online
/// (unless they chose away).
pub async fn socket_opened(state: &AppState, company_id: Uuid, user_id: Uuid) {
    let now = Timestamp::now();
    match state.store.socket_opened(state.instance_id, company_id, user_id, now).await {
        Ok(true) => announce(state, company_id, user_id, PresenceStatus::Online, now).await,
        Ok(false) => {}
        Err(error) => tracing::warn!(%error, %user_id, "an opened socket could not be counted"),
    }
}

/// A realtime socket of the user closed here: when none is left on any live instance, they are offline.
pub async fn socket_closed(state: &AppState, company_id: Uuid, user_id: Uuid) {
    let now = Timestamp::now();
    let alive_since = crate::instance::alive_since(now);
    match state.store.socket_closed(state.instance_id, company_id, user_id, now, alive_since).await {
        Ok(true) => announce(state, company_id, user_id, PresenceStatus::Offline, now).await,
        Ok(false) => {}
        Err(error) => tracing::warn!(%error, %user_id, "a closed socket could not be counted"),
    }
}

/// `change`, for callers with nobody to answer: a failure is logged.
pub async fn record(state: &AppState, company_id: Uuid, user_id: Uuid, status: PresenceStatus) {
    if let Err(error) = change(state, company_id, user_id, status, Timestamp::now()).await {
        tracing::warn!(%error, %user_id, "presence could not be recorded");
    }
}

/// A user's presence periods and totals per status in a range.
#[utoipa::path(
    tag = "presence",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "User id"), HistoryQuery),
    responses(
        (status = 200, description = "History", body = PresenceHistory),
        (status = 403, description = "Missing `presence.view_history`", body = Problem),
        (status = 404, body = Problem),
    )
)]
#[get("/users/{id}/presence-history")]
async fn presence_history(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: PathId,
    query: QueryParams<HistoryQuery>,
) -> ApiResult<web::Json<PresenceHistory>> {
    load_user(&state, auth.company_id, id.0).await?;
    let now = Timestamp::now();
    let to = query.0.to.unwrap_or(now);
    let from = query.0.from.unwrap_or(to - SignedDuration::from_hours(24));
    if from >= to {
        return Err(crate::error::ApiError::invalid_field("from", "must be before `to`"));
    }
    let periods = state.store.presence_periods(auth.company_id, id.0, from, to).await?;
    let totals = totals(&periods, from, to, now);
    Ok(web::Json(PresenceHistory { from, to, periods, totals }))
}

/// Closes presence of users whose session lapsed without a logout (token expiry, closed tab).
pub async fn sweep_stale_presence(state: &AppState, now: Timestamp) -> ApiResult<usize> {
    let cutoff = now - SignedDuration::from_secs(crate::auth::tokens::ACCESS_TOKEN_SECONDS + 60);
    let stale = state.store.stale_present_users(cutoff).await?;
    for (company_id, user_id) in &stale {
        change(state, *company_id, *user_id, PresenceStatus::Offline, now).await?;
    }
    Ok(stale.len())
}
