//! Departments (Financeiro, RH, Comercial…).

use actix_web::{HttpResponse, delete, get, patch, post, web};
use blocopro_app::departments;
use blocopro_domain::department::Department;
use blocopro_domain::validation::check_name;
use blocopro_domain::{FieldErrors, Timestamp};
use serde::{Deserialize, Serialize};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::DepartmentList;
use crate::audit::PageQuery;
use crate::auth::AuthUser;
use crate::error::{ApiResult, Problem};
use crate::extract::{Body, PathId, QueryParams, Validate};
use crate::state::ApiState;
use crate::view::view;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list_departments).service(create_department).service(rename_department).service(delete_department);
}

view! {
    #[derive(Serialize, utoipa::ToSchema)]
    #[schema(as = Department)]
    pub struct DepartmentView from Department {
        pub id: Uuid,
        pub name: String,
        pub created_at: Timestamp,
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DepartmentRequest {
    #[schema(example = "Financeiro")]
    pub name: String,
}

impl Validate for DepartmentRequest {
    fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        check_name(&mut errors, "name", &self.name);
        errors.into_fields()
    }
}

/// Departments of the company, by name.
#[utoipa::path(
    tag = "departments",
    security(("bearer" = [])),
    params(PageQuery),
    responses((status = 200, description = "A page of departments", body = DepartmentList), (status = 401, body = Problem))
)]
#[get("/departments")]
async fn list_departments(
    state: web::Data<ApiState>,
    auth: AuthUser,
    query: QueryParams<PageQuery>,
) -> ApiResult<web::Json<DepartmentList>> {
    let page = state.store.list_departments(auth.company_id, query.0.page()?).await?;
    Ok(web::Json(DepartmentList::from(page)))
}

/// Create a department.
#[utoipa::path(
    tag = "departments",
    security(("bearer" = [])),
    request_body = DepartmentRequest,
    responses(
        (status = 201, description = "Created", body = DepartmentView),
        (status = 403, description = "Missing `departments.manage`", body = Problem),
        (status = 409, description = "Name already in use", body = Problem),
        (status = 422, description = "Invalid name", body = Problem),
    )
)]
#[post("/departments")]
async fn create_department(
    state: web::Data<ApiState>,
    auth: AuthUser,
    body: Body<DepartmentRequest>,
) -> ApiResult<HttpResponse> {
    let department = departments::create(&state, &auth, &body.0.name).await?;
    Ok(HttpResponse::Created().json(DepartmentView::from(department)))
}

/// Rename a department.
#[utoipa::path(
    tag = "departments",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Department id")),
    request_body = DepartmentRequest,
    responses(
        (status = 200, description = "Renamed", body = DepartmentView),
        (status = 404, description = "No such department", body = Problem),
        (status = 409, description = "Name already in use", body = Problem),
    )
)]
#[patch("/departments/{id}")]
async fn rename_department(
    state: web::Data<ApiState>,
    auth: AuthUser,
    id: PathId,
    body: Body<DepartmentRequest>,
) -> ApiResult<web::Json<DepartmentView>> {
    Ok(web::Json(departments::rename(&state, &auth, id.0, &body.0.name).await?.into()))
}

/// Delete a department (its users are unlinked).
#[utoipa::path(
    tag = "departments",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Department id")),
    responses((status = 204, description = "Deleted"), (status = 404, description = "No such department", body = Problem))
)]
#[delete("/departments/{id}")]
async fn delete_department(state: web::Data<ApiState>, auth: AuthUser, id: PathId) -> ApiResult<HttpResponse> {
    departments::delete(&state, &auth, id.0).await?;
    Ok(HttpResponse::NoContent().finish())
}
