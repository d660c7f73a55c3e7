//! Sessions: login (users and platform operators), rotating refresh tokens, logout, `/me`. The
//! use cases are the application's (`blocopro_app::sessions`); access tokens are signed here.

pub mod principal;
pub mod tokens;

use actix_web::{HttpResponse, get, post, web};
use blocopro_app::sessions::{self, Granted};
use blocopro_domain::Timestamp;
use blocopro_domain::permissions::Permission;
use blocopro_domain::presence::PresenceStatus;
use blocopro_store::Subject;
use serde::{Deserialize, Serialize};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

pub use principal::{AuthUser, PlatformOperator};
use tokens::ACCESS_TOKEN_SECONDS;

use crate::company::CompanyView;
use crate::error::{ApiResult, Problem};
use crate::extract::{Body, Validate};
use crate::rate_limit::AuthThrottle;
use crate::state::ApiState;
use crate::users::UserView;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(login).service(operator_login).service(refresh).service(logout).service(me);
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    #[schema(example = "ana@empresa.com.br")]
    pub email: String,
    pub password: String,
}

impl Validate for LoginRequest {}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    pub refresh_token: String,
}

impl Validate for RefreshRequest {}

#[derive(Serialize, utoipa::ToSchema)]
pub struct OperatorView {
    pub id: Uuid,
    pub email: String,
    pub name: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Session {
    /// Short-lived JWT for `Authorization: Bearer`.
    pub access_token: String,
    /// Opaque, single-use: exchange it at `/auth/refresh` for a new pair.
    pub refresh_token: String,
    #[schema(example = "Bearer")]
    pub token_type: &'static str,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<UserView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operator: Option<OperatorView>,
}

impl Session {
    /// The refresh token of a granted session with an access token for `subject` signed now;
    /// the caller adds who it belongs to.
    fn signed(state: &ApiState, subject: Subject, refresh_token: String, now: Timestamp) -> ApiResult<Self> {
        Ok(Self {
            access_token: state.jwt.issue(subject.kind, subject.id, subject.company_id, now)?,
            refresh_token,
            token_type: "Bearer",
            expires_in: ACCESS_TOKEN_SECONDS,
            user: None,
            operator: None,
        })
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Me {
    pub user: UserView,
    /// What this user may do (administrators: every key).
    pub permissions: Vec<Permission>,
    pub company: CompanyView,
    pub presence: PresenceStatus,
}

/// Log in as a company user.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in", body = Session),
        (status = 401, description = "Wrong credentials, inactive user or company", body = Problem),
        (status = 403, description = "Outside access hours", body = Problem),
        (status = 429, description = "Locked after too many failures, or too many sign-in requests from this address", body = Problem),
    )
)]
#[post("/auth/login")]
async fn login(_: AuthThrottle, state: web::Data<ApiState>, body: Body<LoginRequest>) -> ApiResult<web::Json<Session>> {
    let Body(request) = body;
    let now = Timestamp::now();
    let Granted { subject, refresh_token, holder } =
        sessions::log_in_user(&state, &request.email, request.password, now).await?;
    let session = Session::signed(&state, subject, refresh_token, now)?;
    Ok(web::Json(Session { user: Some(holder.into()), ..session }))
}

/// Log in as a platform operator.
#[utoipa::path(
    tag = "platform",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in", body = Session),
        (status = 401, description = "Wrong credentials", body = Problem),
        (status = 429, description = "Locked after too many failures, or too many sign-in requests from this address", body = Problem),
    )
)]
#[post("/platform/auth/login")]
async fn operator_login(
    _: AuthThrottle,
    state: web::Data<ApiState>,
    body: Body<LoginRequest>,
) -> ApiResult<web::Json<Session>> {
    let Body(request) = body;
    let now = Timestamp::now();
    let Granted { subject, refresh_token, holder: operator } =
        sessions::log_in_operator(&state, &request.email, request.password, now).await?;
    let session = Session::signed(&state, subject, refresh_token, now)?;
    let operator = OperatorView { id: operator.id, email: operator.email, name: operator.name };
    Ok(web::Json(Session { operator: Some(operator), ..session }))
}

/// Exchange a refresh token for a new pair. A token presented twice revokes its whole family.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "New tokens", body = Session),
        (status = 401, description = "Invalid, expired or reused refresh token; inactive user", body = Problem),
        (status = 403, description = "Outside access hours", body = Problem),
        (status = 429, description = "Too many sign-in requests from this address", body = Problem),
    )
)]
#[post("/auth/refresh")]
async fn refresh(
    _: AuthThrottle,
    state: web::Data<ApiState>,
    body: Body<RefreshRequest>,
) -> ApiResult<web::Json<Session>> {
    let now = Timestamp::now();
    let Granted { subject, refresh_token, holder } = sessions::renew(&state, &body.0.refresh_token, now).await?;
    let session = Session::signed(&state, subject, refresh_token, now)?;
    Ok(web::Json(Session { user: holder.map(UserView::from), ..session }))
}

/// End the session of a refresh token; the user goes offline.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses((status = 204, description = "Logged out (also when the token was already invalid)"))
)]
#[post("/auth/logout")]
async fn logout(state: web::Data<ApiState>, body: Body<RefreshRequest>) -> ApiResult<HttpResponse> {
    sessions::log_out(&state, &body.0.refresh_token, Timestamp::now()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The logged-in user, their effective permissions and company.
#[utoipa::path(
    operation_id = "get_me",
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Who I am", body = Me),
        (status = 401, description = "Not authenticated", body = Problem),
    )
)]
#[get("/me")]
async fn me(state: web::Data<ApiState>, auth: AuthUser) -> ApiResult<web::Json<Me>> {
    let profile = sessions::profile(&state, &auth).await?;
    Ok(web::Json(Me {
        permissions: auth.permissions.iter().copied().collect(),
        user: UserView::from(profile.user),
        company: profile.company.into(),
        presence: profile.presence,
    }))
}
