//! A channel's business hours: `GET/PUT /channels/{id}/business-hours` (when the company answers
//! on it, in the company's time zone, and the automatic answer outside them; see
//! `blocopro_app::conversations::away`).

use actix_web::{get, put, web};
use blocopro_app::channels::business_hours::{self, BusinessHoursSettings, ChannelHours};
use blocopro_domain::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::access_hours::AccessRuleView;
use crate::auth::AuthUser;
use crate::error::{ApiResult, Problem};
use crate::extract::{Body, PathId, Validate};
use crate::state::ApiState;

/// A channel's business hours.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = BusinessHours)]
pub struct BusinessHoursView {
    pub channel_id: Uuid,
    /// Off: the channel is always open and nothing is answered automatically.
    pub enabled: bool,
    /// The company's time zone, which the intervals and dates are read in.
    pub timezone: String,
    /// When the channel is open.
    pub rules: Vec<AccessRuleView>,
    /// Dates on which the channel is closed all day.
    #[schema(value_type = Vec<String>, example = json!(["2026-12-25"]))]
    pub holidays: Vec<Date>,
    /// Sent once per conversation (until it is closed) to a customer who writes while the channel is closed.
    pub away_message: String,
    /// Whether the channel is open now.
    pub open_now: bool,
    /// When it next opens (closed now) or closes (open now); null: never.
    pub changes_at: Option<Timestamp>,
}

impl From<ChannelHours> for BusinessHoursView {
    fn from(channel: ChannelHours) -> Self {
        let ChannelHours { hours, timezone, now } = channel;
        Self {
            channel_id: hours.channel_id,
            enabled: hours.enabled,
            timezone,
            rules: hours.rules.into_iter().map(Into::into).collect(),
            holidays: hours.holidays,
            away_message: hours.away_message,
            open_now: now.open,
            changes_at: now.changes_at,
        }
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BusinessHoursRequest {
    pub enabled: bool,
    #[serde(default)]
    pub rules: Vec<AccessRuleView>,
    #[serde(default)]
    #[schema(value_type = Vec<String>, example = json!(["2026-12-25"]))]
    pub holidays: Vec<Date>,
    /// Required (not blank) when `enabled`; at most 4,096 characters.
    pub away_message: String,
}

impl From<BusinessHoursRequest> for BusinessHoursSettings {
    fn from(request: BusinessHoursRequest) -> Self {
        Self {
            enabled: request.enabled,
            rules: request.rules.into_iter().map(Into::into).collect(),
            holidays: request.holidays,
            away_message: request.away_message,
        }
    }
}

// The rules are checked once, by the application, on the hours it is about to save.
impl Validate for BusinessHoursRequest {}

/// A channel's business hours (off, with a default answer, until saved).
#[utoipa::path(
    operation_id = "get_channel_business_hours",
    tag = "channels",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Channel id")),
    responses((status = 200, description = "The hours", body = BusinessHoursView), (status = 404, body = Problem))
)]
#[get("/channels/{id}/business-hours")]
pub async fn get_business_hours(
    state: web::Data<ApiState>,
    auth: AuthUser,
    id: PathId,
) -> ApiResult<web::Json<BusinessHoursView>> {
    Ok(web::Json(business_hours::get(&state, &auth, id.0).await?.into()))
}

/// Replace a channel's business hours.
#[utoipa::path(
    operation_id = "set_channel_business_hours",
    tag = "channels",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Channel id")),
    request_body = BusinessHoursRequest,
    responses(
        (status = 200, description = "Saved", body = BusinessHoursView),
        (status = 403, description = "Missing `channels.manage`", body = Problem),
        (status = 404, body = Problem),
        (status = 422, description = "Invalid intervals or answer", body = Problem),
    )
)]
#[put("/channels/{id}/business-hours")]
pub async fn put_business_hours(
    state: web::Data<ApiState>,
    auth: AuthUser,
    id: PathId,
    body: Body<BusinessHoursRequest>,
) -> ApiResult<web::Json<BusinessHoursView>> {
    Ok(web::Json(business_hours::set(&state, &auth, id.0, body.0.into()).await?.into()))
}
