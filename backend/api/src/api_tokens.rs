//! Integrators' API tokens: scoped to permission keys, shown once, stored hashed.

use actix_web::{HttpResponse, delete, get, post, web};
use blocopro_app::api_tokens::{self, IssuedApiToken, NewApiToken};
use blocopro_domain::permissions::{Permission, PermissionSet};
use blocopro_domain::token::ApiToken;
use blocopro_domain::validation::check_name;
use blocopro_domain::{FieldErrors, Timestamp};
use serde::{Deserialize, Serialize};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::error::{ApiResult, Problem};
use crate::extract::{Body, PathId, Validate};
use crate::state::ApiState;
use crate::view::view;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list_tokens).service(create_token).service(delete_token);
}

view! {
    #[derive(Serialize, utoipa::ToSchema)]
    #[schema(as = ApiToken)]
    pub struct ApiTokenView from ApiToken {
        pub id: Uuid,
        pub name: String,
        /// The only permissions the token carries.
        #[schema(value_type = Vec<Permission>)]
        pub permissions: PermissionSet,
        pub created_by: Option<Uuid>,
        pub created_at: Timestamp,
        pub last_used_at: Option<Timestamp>,
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTokenRequest {
    #[schema(example = "ERP integration")]
    pub name: String,
    /// The only permissions the token will carry (at least one); each must be held by the creator.
    #[schema(min_items = 1)]
    pub permissions: Vec<Permission>,
}

impl Validate for CreateTokenRequest {
    fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        check_name(&mut errors, "name", &self.name);
        if self.permissions.is_empty() {
            errors.add("permissions", "must name at least one permission");
        }
        errors.into_fields()
    }
}

impl From<CreateTokenRequest> for NewApiToken {
    fn from(request: CreateTokenRequest) -> Self {
        Self { name: request.name, permissions: request.permissions.into_iter().collect() }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CreatedToken {
    /// The secret, shown only now: `Authorization: Bearer bp_…`.
    pub token: String,
    pub api_token: ApiTokenView,
}

impl From<IssuedApiToken> for CreatedToken {
    fn from(issued: IssuedApiToken) -> Self {
        Self { token: issued.secret, api_token: issued.token.into() }
    }
}

/// The company's API tokens (never their secrets).
#[utoipa::path(
    operation_id = "list_api_tokens",
    tag = "api-tokens",
    security(("bearer" = [])),
    responses((status = 200, description = "Tokens", body = Vec<ApiTokenView>), (status = 403, body = Problem))
)]
#[get("/api-tokens")]
async fn list_tokens(state: web::Data<ApiState>, auth: AuthUser) -> ApiResult<web::Json<Vec<ApiTokenView>>> {
    let tokens = state.store.list_api_tokens(auth.company_id).await?;
    Ok(web::Json(tokens.into_iter().map(Into::into).collect()))
}

/// Create a token; its secret is in this answer only.
#[utoipa::path(
    operation_id = "create_api_token",
    tag = "api-tokens",
    security(("bearer" = [])),
    request_body = CreateTokenRequest,
    responses(
        (status = 201, description = "Created", body = CreatedToken),
        (status = 403, description = "Missing `api_tokens.manage` or a scope you do not hold", body = Problem),
        (status = 422, body = Problem),
    )
)]
#[post("/api-tokens")]
async fn create_token(
    state: web::Data<ApiState>,
    auth: AuthUser,
    body: Body<CreateTokenRequest>,
) -> ApiResult<HttpResponse> {
    let issued = api_tokens::create(&state, &auth, body.0.into()).await?;
    Ok(HttpResponse::Created().json(CreatedToken::from(issued)))
}

/// Revoke a token.
#[utoipa::path(
    operation_id = "delete_api_token",
    tag = "api-tokens",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Token id")),
    responses((status = 204, description = "Revoked"), (status = 404, body = Problem))
)]
#[delete("/api-tokens/{id}")]
async fn delete_token(state: web::Data<ApiState>, auth: AuthUser, id: PathId) -> ApiResult<HttpResponse> {
    api_tokens::delete(&state, &auth, id.0).await?;
    Ok(HttpResponse::NoContent().finish())
}
