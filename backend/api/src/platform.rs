//! The platform operator's area: companies, their switches, and their first administrators.

use actix_web::{HttpResponse, get, patch, post, web};
use blocopro_app::companies::{self, CompanyChanges, NewAccount, check_account, register_company};
use blocopro_domain::FieldErrors;
use blocopro_domain::company::CompanyFeaturesPatch;
use blocopro_domain::validation::{check_name, check_timezone};
use serde::Deserialize;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::CompanyList;
use crate::audit::PageQuery;
use crate::auth::PlatformOperator;
use crate::company::{CompanyFeaturesView, CompanyView};
use crate::error::{ApiResult, Problem};
use crate::extract::{Body, PathId, QueryParams, Validate};
use crate::state::ApiState;
use crate::users::UserView;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list_companies)
        .service(create_company)
        .service(get_company)
        .service(update_company)
        .service(create_admin);
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateCompanyRequest {
    #[schema(example = "Padaria Pão Quente")]
    pub name: String,
    /// IANA zone; default America/Sao_Paulo.
    pub timezone: Option<String>,
    #[serde(default)]
    pub features: CompanyFeaturesView,
}

impl Validate for CreateCompanyRequest {
    fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        check_name(&mut errors, "name", &self.name);
        if let Some(zone) = &self.timezone {
            check_timezone(&mut errors, "timezone", zone);
        }
        errors.into_fields()
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateCompanyRequest {
    pub name: Option<String>,
    pub active: Option<bool>,
    pub timezone: Option<String>,
    /// Only the named switches change.
    pub features: Option<CompanyFeaturesPatchRequest>,
}

/// A partial update of the switches: absent names keep their value.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = CompanyFeaturesPatch)]
pub struct CompanyFeaturesPatchRequest {
    pub whatsapp_groups: Option<bool>,
}

impl From<CompanyFeaturesPatchRequest> for CompanyFeaturesPatch {
    fn from(request: CompanyFeaturesPatchRequest) -> Self {
        CompanyFeaturesPatch { whatsapp_groups: request.whatsapp_groups }
    }
}

impl From<UpdateCompanyRequest> for CompanyChanges {
    fn from(request: UpdateCompanyRequest) -> Self {
        Self {
            name: request.name,
            active: request.active,
            timezone: request.timezone,
            features: request.features.map(Into::into),
        }
    }
}

impl Validate for UpdateCompanyRequest {
    fn validate(&self) -> Result<(), FieldErrors> {
        check_company_changes(self.name.as_deref(), self.timezone.as_deref())
    }
}

/// A new company name and time zone, where given, are valid.
pub fn check_company_changes(name: Option<&str>, timezone: Option<&str>) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    if let Some(name) = name {
        check_name(&mut errors, "name", name);
    }
    if let Some(zone) = timezone {
        check_timezone(&mut errors, "timezone", zone);
    }
    errors.into_fields()
}

/// The first (or another) administrator of a company.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdminRequest {
    pub name: String,
    pub email: String,
    #[schema(min_length = 8, max_length = 128)]
    pub password: String,
}

impl From<AdminRequest> for NewAccount {
    fn from(request: AdminRequest) -> Self {
        NewAccount { name: request.name, email: request.email, password: request.password }
    }
}

impl Validate for AdminRequest {
    fn validate(&self) -> Result<(), FieldErrors> {
        check_account(&self.name, &self.email, &self.password)
    }
}

/// All companies.
#[utoipa::path(
    tag = "platform",
    security(("bearer" = [])),
    params(PageQuery),
    responses((status = 200, description = "A page of companies", body = CompanyList), (status = 403, body = Problem))
)]
#[get("/platform/companies")]
async fn list_companies(
    state: web::Data<ApiState>,
    _operator: PlatformOperator,
    query: QueryParams<PageQuery>,
) -> ApiResult<web::Json<CompanyList>> {
    Ok(web::Json(CompanyList::from(state.store.list_companies(query.0.page()?).await?)))
}

/// Create a company.
#[utoipa::path(
    tag = "platform",
    security(("bearer" = [])),
    request_body = CreateCompanyRequest,
    responses(
        (status = 201, description = "Created", body = CompanyView),
        (status = 409, description = "Name in use", body = Problem),
        (status = 422, body = Problem),
    )
)]
#[post("/platform/companies")]
async fn create_company(
    state: web::Data<ApiState>,
    operator: PlatformOperator,
    body: Body<CreateCompanyRequest>,
) -> ApiResult<HttpResponse> {
    let Body(request) = body;
    let company = register_company(
        state.store.as_ref(),
        operator.actor(),
        &request.name,
        request.timezone,
        request.features.into(),
    )
    .await?;
    Ok(HttpResponse::Created().json(CompanyView::from(company)))
}

/// One company.
#[utoipa::path(
    tag = "platform",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Company id")),
    responses((status = 200, description = "The company", body = CompanyView), (status = 404, body = Problem))
)]
#[get("/platform/companies/{id}")]
async fn get_company(
    state: web::Data<ApiState>,
    _operator: PlatformOperator,
    id: PathId,
) -> ApiResult<web::Json<CompanyView>> {
    Ok(web::Json(companies::get(&state, id.0).await?.into()))
}

/// Rename, (de)activate, change the time zone or switch features of a company.
#[utoipa::path(
    tag = "platform",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Company id")),
    request_body = UpdateCompanyRequest,
    responses(
        (status = 200, description = "Updated", body = CompanyView),
        (status = 404, body = Problem),
        (status = 409, description = "Name in use", body = Problem),
        (status = 422, body = Problem),
    )
)]
#[patch("/platform/companies/{id}")]
async fn update_company(
    state: web::Data<ApiState>,
    operator: PlatformOperator,
    id: PathId,
    body: Body<UpdateCompanyRequest>,
) -> ApiResult<web::Json<CompanyView>> {
    let company = companies::update(&state, operator.actor(), id.0, body.0.into()).await?;
    Ok(web::Json(company.into()))
}

/// Create an administrator in a company.
#[utoipa::path(
    operation_id = "create_company_admin",
    tag = "platform",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Company id")),
    request_body = AdminRequest,
    responses(
        (status = 201, description = "Created", body = UserView),
        (status = 404, body = Problem),
        (status = 409, description = "E-mail in use", body = Problem),
        (status = 422, body = Problem),
    )
)]
#[post("/platform/companies/{id}/admins")]
async fn create_admin(
    state: web::Data<ApiState>,
    operator: PlatformOperator,
    id: PathId,
    body: Body<AdminRequest>,
) -> ApiResult<HttpResponse> {
    let user = companies::create_admin(&state, operator.actor(), id.0, body.0.into()).await?;
    Ok(HttpResponse::Created().json(UserView::from(user)))
}
