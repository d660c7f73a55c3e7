//! Presence: online / away / offline, kept as append-only periods.

use actix_web::{get, put, web};
use blocopro_app::presence::{self, History};
use blocopro_domain::presence::{PresencePeriod, PresenceStatus, PresenceTotals};
use blocopro_domain::{FieldErrors, Timestamp};
use jiff::SignedDuration;
use serde::{Deserialize, Serialize};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::AuthUser;
use crate::error::{ApiResult, Problem};
use crate::extract::{Body, PathId, QueryParams, Validate};
use crate::state::ApiState;
use crate::view::view;

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

view! {
    #[derive(Serialize, utoipa::ToSchema)]
    #[schema(as = PresencePeriod)]
    pub struct PresencePeriodView from PresencePeriod {
        pub status: PresenceStatus,
        pub started_at: Timestamp,
        /// `None` while the period is still open.
        pub ended_at: Option<Timestamp>,
    }
}

view! {
    /// Seconds spent in each status within a range.
    #[derive(Serialize, utoipa::ToSchema)]
    #[schema(as = PresenceTotals)]
    pub struct PresenceTotalsView from PresenceTotals {
        pub online_seconds: i64,
        pub away_seconds: i64,
        pub offline_seconds: i64,
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct PresenceHistory {
    pub from: Timestamp,
    pub to: Timestamp,
    /// Periods overlapping the range, oldest first; an open period has no `ended_at`.
    pub periods: Vec<PresencePeriodView>,
    pub totals: PresenceTotalsView,
}

impl From<History> for PresenceHistory {
    fn from(history: History) -> Self {
        Self {
            from: history.from,
            to: history.to,
            periods: history.periods.into_iter().map(Into::into).collect(),
            totals: history.totals.into(),
        }
    }
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
    state: web::Data<ApiState>,
    auth: AuthUser,
    body: Body<PresenceRequest>,
) -> ApiResult<web::Json<PresenceRequest>> {
    presence::set_own(&state, &auth, body.0.status).await?;
    Ok(web::Json(body.0))
}

/// A user's presence periods and totals per status in a range.
#[utoipa::path(
    operation_id = "get_presence_history",
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
    state: web::Data<ApiState>,
    auth: AuthUser,
    id: PathId,
    query: QueryParams<HistoryQuery>,
) -> ApiResult<web::Json<PresenceHistory>> {
    let QueryParams(query) = query;
    Ok(web::Json(presence::history(&state, &auth, id.0, query.from, query.to).await?.into()))
}
