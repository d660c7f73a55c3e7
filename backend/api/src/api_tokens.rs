//! Integrators' API tokens: scoped to permission keys, shown once, stored hashed.

use actix_web::{HttpResponse, delete, get, post, web};
use blocopro_app::secrets::random_token;
use blocopro_domain::permissions::{Permission, PermissionSet};
use blocopro_domain::token::{API_TOKEN_PREFIX, ApiToken};
use blocopro_domain::validation::check_name;
use blocopro_domain::{FieldErrors, Timestamp};
use serde::{Deserialize, Serialize};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult, Problem};
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

#[derive(Serialize, utoipa::ToSchema)]
pub struct CreatedToken {
    /// The secret, shown only now: `Authorization: Bearer bp_…`.
    pub token: String,
    pub api_token: ApiTokenView,
}

/// The company's API tokens (never their secrets).
#[utoipa::path(
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
    let permissions: PermissionSet = body.0.permissions.into_iter().collect();
    if let Some(missing) = permissions.iter().find(|key| !auth.permissions.contains(key)) {
        return Err(ApiError::forbidden(format!("You cannot give a token `{missing}`, which you do not hold.")));
    }
    let (secret, hash) = random_token(API_TOKEN_PREFIX);
    let api_token = ApiToken {
        id: Uuid::now_v7(),
        company_id: auth.company_id,
        name: body.0.name.trim().to_owned(),
        permissions,
        created_by: auth.user_id(),
        created_at: Timestamp::now(),
        last_used_at: None,
    };
    let summary = serde_json::json!({ "name": api_token.name, "permissions": api_token.permissions });
    state
        .store
        .create_api_token(&api_token, &hash, &auth.audit("api_token.created", "api_token", Some(api_token.id), summary))
        .await?;
    Ok(HttpResponse::Created().json(CreatedToken { token: secret, api_token: api_token.into() }))
}

/// Revoke a token.
#[utoipa::path(
    tag = "api-tokens",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Token id")),
    responses((status = 204, description = "Revoked"), (status = 404, body = Problem))
)]
#[delete("/api-tokens/{id}")]
async fn delete_token(state: web::Data<ApiState>, auth: AuthUser, id: PathId) -> ApiResult<HttpResponse> {
    state
        .store
        .delete_api_token(
            auth.company_id,
            id.0,
            &auth.audit("api_token.deleted", "api_token", Some(id.0), serde_json::json!({})),
        )
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
