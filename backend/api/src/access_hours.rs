//! "Horário de acesso": per-user weekly windows, enforced by the `AuthUser` extractor.

use actix_web::{get, put, web};
use blocopro_app::access_hours::{self, AccessHoursSettings};
use blocopro_domain::FieldErrors;
use blocopro_domain::access_hours::{AccessHours, AccessRule, ClockTime, Weekday};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::AuthUser;
use crate::error::{ApiResult, Problem};
use crate::extract::{Body, PathId, Validate};
use crate::state::ApiState;
use crate::view::view;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(get_access_hours).service(put_access_hours);
}

#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = AccessHours)]
pub struct AccessHoursView {
    /// When false the user may work at any time.
    pub enabled: bool,
    /// IANA time zone the rules are read in.
    pub timezone: String,
    pub rules: Vec<AccessRuleView>,
    /// Dates (in the time zone) on which access is blocked all day.
    // `default` leaves `holidays` out of the document's required fields, as it always was.
    #[serde(default)]
    #[schema(value_type = Vec<String>, example = json!(["2026-12-25"]))]
    pub holidays: Vec<Date>,
    /// Administrators are never blocked when true.
    pub admins_bypass: bool,
}

impl From<AccessHours> for AccessHoursView {
    fn from(hours: AccessHours) -> Self {
        Self {
            enabled: hours.enabled,
            timezone: hours.timezone,
            rules: hours.rules.into_iter().map(Into::into).collect(),
            holidays: hours.holidays,
            admins_bypass: hours.admins_bypass,
        }
    }
}

view! {
    /// One allowed interval `[start, end)` on a weekday.
    #[derive(Clone, Serialize, Deserialize, utoipa::ToSchema)]
    #[schema(as = AccessRule)]
    pub struct AccessRuleView from AccessRule, and back {
        pub weekday: Weekday,
        #[schema(value_type = ClockTimeSchema)]
        pub start: ClockTime,
        #[schema(value_type = ClockTimeSchema)]
        pub end: ClockTime,
    }
}

/// The document's `ClockTime`: the text `ClockTime` reads and writes, `"HH:MM"` from `00:00` to `24:00`.
pub struct ClockTimeSchema;

impl utoipa::PartialSchema for ClockTimeSchema {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some("^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$"))
            .examples(["08:00"])
            .into()
    }
}

impl utoipa::ToSchema for ClockTimeSchema {
    fn name() -> std::borrow::Cow<'static, str> {
        "ClockTime".into()
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccessHoursRequest {
    pub enabled: bool,
    /// IANA zone; defaults to the company's.
    pub timezone: Option<String>,
    #[serde(default)]
    pub rules: Vec<AccessRuleView>,
    #[serde(default)]
    #[schema(value_type = Vec<String>, example = json!(["2026-12-25"]))]
    pub holidays: Vec<Date>,
    #[serde(default = "yes")]
    pub admins_bypass: bool,
}

fn yes() -> bool {
    true
}

impl Validate for AccessHoursRequest {
    fn validate(&self) -> Result<(), FieldErrors> {
        let hours = AccessHours {
            enabled: self.enabled,
            timezone: self.timezone.clone().unwrap_or_else(|| "UTC".into()),
            rules: self.rules.iter().cloned().map(Into::into).collect(),
            holidays: vec![],
            admins_bypass: self.admins_bypass,
        };
        match hours.validate() {
            Err(blocopro_domain::Error::Validation(errors)) => Err(errors),
            _ => Ok(()),
        }
    }
}

impl From<AccessHoursRequest> for AccessHoursSettings {
    fn from(request: AccessHoursRequest) -> Self {
        Self {
            enabled: request.enabled,
            timezone: request.timezone,
            rules: request.rules.into_iter().map(Into::into).collect(),
            holidays: request.holidays,
            admins_bypass: request.admins_bypass,
        }
    }
}

/// A user's access hours (unrestricted, in the company's zone, until configured).
#[utoipa::path(
    operation_id = "get_user_access_hours",
    tag = "access-hours",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "User id")),
    responses((status = 200, description = "The configuration", body = AccessHoursView), (status = 404, body = Problem))
)]
#[get("/users/{id}/access-hours")]
async fn get_access_hours(
    state: web::Data<ApiState>,
    auth: AuthUser,
    id: PathId,
) -> ApiResult<web::Json<AccessHoursView>> {
    Ok(web::Json(access_hours::get(&state, &auth, id.0).await?.into()))
}

/// Replace a user's access hours.
#[utoipa::path(
    operation_id = "set_user_access_hours",
    tag = "access-hours",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "User id")),
    request_body = AccessHoursRequest,
    responses(
        (status = 200, description = "Saved", body = AccessHoursView),
        (status = 403, description = "Missing `users.manage`", body = Problem),
        (status = 404, description = "No such user", body = Problem),
        (status = 422, description = "Bad time zone or interval", body = Problem),
    )
)]
#[put("/users/{id}/access-hours")]
async fn put_access_hours(
    state: web::Data<ApiState>,
    auth: AuthUser,
    id: PathId,
    body: Body<AccessHoursRequest>,
) -> ApiResult<web::Json<AccessHoursView>> {
    Ok(web::Json(access_hours::set(&state, &auth, id.0, body.0.into()).await?.into()))
}
