//! The signed-in company's own settings (name, time zone), as its administrators see them in
//! Configurações › Empresa. The platform operator's view of every company is in `platform`; who
//! may call these is in the access table (`settings.manage` to change).

use actix_web::{get, patch, web};
use blocopro_app::company::{self, CompanySettings};
use blocopro_domain::company::{Company, CompanyFeatures};
use blocopro_domain::{FieldErrors, Timestamp};
use serde::{Deserialize, Serialize};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::error::{ApiResult, Problem};
use crate::extract::{Body, Validate};
use crate::state::ApiState;
use crate::view::view;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(get_own_company).service(update_own_company);
}

view! {
    #[derive(Serialize, utoipa::ToSchema)]
    #[schema(as = Company)]
    pub struct CompanyView from Company {
        pub id: Uuid,
        pub name: String,
        /// IANA time zone used for access hours and reports.
        pub timezone: String,
        pub active: bool,
        pub features: CompanyFeaturesView,
        pub created_at: Timestamp,
    }
}

view! {
    /// Switches the platform operator turns on per company. Unknown names are rejected.
    #[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, utoipa::ToSchema)]
    #[serde(deny_unknown_fields)]
    #[schema(as = CompanyFeatures)]
    pub struct CompanyFeaturesView from CompanyFeatures, and back {
        #[serde(default)]
        pub whatsapp_groups: bool,
    }
}

/// What a company may change of itself; switches and activation stay with the platform operator.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompanySettingsRequest {
    #[schema(example = "Padaria Pão Quente")]
    pub name: Option<String>,
    /// IANA zone in which access hours, the agenda and reports are read.
    #[schema(example = "America/Sao_Paulo")]
    pub timezone: Option<String>,
}

impl Validate for CompanySettingsRequest {
    fn validate(&self) -> Result<(), FieldErrors> {
        crate::platform::check_company_changes(self.name.as_deref(), self.timezone.as_deref())
    }
}

impl From<CompanySettingsRequest> for CompanySettings {
    fn from(request: CompanySettingsRequest) -> Self {
        Self { name: request.name, timezone: request.timezone }
    }
}

/// The company of the caller: name, time zone and the switches the platform operator set.
#[utoipa::path(
    tag = "company",
    security(("bearer" = [])),
    responses((status = 200, description = "My company", body = CompanyView), (status = 401, body = Problem))
)]
#[get("/company")]
async fn get_own_company(state: web::Data<ApiState>, auth: AuthUser) -> ApiResult<web::Json<CompanyView>> {
    Ok(web::Json(company::get(&state, &auth).await?.into()))
}

/// Rename the company or change its time zone; every tab of the company is told (`company.updated`).
#[utoipa::path(
    tag = "company",
    security(("bearer" = [])),
    request_body = CompanySettingsRequest,
    responses(
        (status = 200, description = "Updated", body = CompanyView),
        (status = 403, description = "Missing `settings.manage`", body = Problem),
        (status = 409, description = "Another company has this name", body = Problem),
        (status = 422, description = "Invalid name or time zone", body = Problem),
    )
)]
#[patch("/company")]
async fn update_own_company(
    state: web::Data<ApiState>,
    auth: AuthUser,
    body: Body<CompanySettingsRequest>,
) -> ApiResult<web::Json<CompanyView>> {
    Ok(web::Json(company::update(&state, &auth, body.0.into()).await?.into()))
}
