//! "Horário de acesso": per-user weekly windows, enforced by the `AuthUser` extractor.

use actix_web::{get, put, web};
use blocopro_domain::FieldErrors;
use blocopro_domain::access_hours::{AccessHours, AccessRule};
use serde::Deserialize;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::audit::entry;
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{Body, PathId, Validate};
use crate::state::ApiState;
use crate::users::load_user;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(get_access_hours).service(put_access_hours);
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccessHoursRequest {
    pub enabled: bool,
    /// IANA zone; defaults to the company's.
    pub timezone: Option<String>,
    #[serde(default)]
    pub rules: Vec<AccessRule>,
    #[serde(default)]
    #[schema(value_type = Vec<String>, example = json!(["2026-12-25"]))]
    pub holidays: Vec<jiff::civil::Date>,
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
            rules: self.rules.clone(),
            holidays: vec![],
            admins_bypass: self.admins_bypass,
        };
        match hours.validate() {
            Err(blocopro_domain::Error::Validation(errors)) => Err(errors),
            _ => Ok(()),
        }
    }
}

async fn company_timezone(state: &ApiState, auth: &AuthUser) -> ApiResult<String> {
    let company = state.store.get_company(auth.company_id).await?.ok_or_else(ApiError::not_found)?;
    Ok(company.timezone)
}

/// A user's access hours (unrestricted, in the company's zone, until configured).
#[utoipa::path(
    tag = "access-hours",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "User id")),
    responses((status = 200, description = "The configuration", body = AccessHours), (status = 404, body = Problem))
)]
#[get("/users/{id}/access-hours")]
async fn get_access_hours(state: web::Data<ApiState>, auth: AuthUser, id: PathId) -> ApiResult<web::Json<AccessHours>> {
    load_user(&state, auth.company_id, id.0).await?;
    let hours = match state.store.get_access_hours(auth.company_id, id.0).await? {
        Some(hours) => hours,
        None => AccessHours::unrestricted(&company_timezone(&state, &auth).await?),
    };
    Ok(web::Json(hours))
}

/// Replace a user's access hours.
#[utoipa::path(
    tag = "access-hours",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "User id")),
    request_body = AccessHoursRequest,
    responses(
        (status = 200, description = "Saved", body = AccessHours),
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
) -> ApiResult<web::Json<AccessHours>> {
    load_user(&state, auth.company_id, id.0).await?;
    let Body(request) = body;
    let timezone = match request.timezone {
        Some(zone) => zone,
        None => company_timezone(&state, &auth).await?,
    };
    let hours = AccessHours {
        enabled: request.enabled,
        timezone,
        rules: request.rules,
        holidays: request.holidays,
        admins_bypass: request.admins_bypass,
    };
    let before = state.store.get_access_hours(auth.company_id, id.0).await?;
    let summary = serde_json::json!({ "before": before, "after": hours });
    state
        .store
        .put_access_hours(
            auth.company_id,
            id.0,
            &hours,
            &entry(&auth, "access_hours.updated", "user", Some(id.0), summary),
        )
        .await?;
    blocopro_app::events::announce::user_changed(&state, auth.company_id, id.0);
    Ok(web::Json(hours))
}
