//! Sessions: login (users and platform operators), rotating refresh tokens, logout, `/me`.

pub mod principal;
pub mod tokens;

use actix_web::{HttpResponse, get, post, web};
use blocopro_domain::Timestamp;
use blocopro_domain::lockout;
use blocopro_domain::permissions::Permission;
use blocopro_domain::presence::PresenceStatus;
use blocopro_domain::token::SubjectKind;
use blocopro_domain::validation::normalize_email;
use blocopro_store::{RefreshToken, RotateOutcome, Subject};
use jiff::SignedDuration;
use serde::{Deserialize, Serialize};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use blocopro_app::access::check_user_may_act;
use blocopro_app::secrets::{hash_token, random_token, verify_password};
pub use principal::{AuthUser, PlatformOperator};
use tokens::{ACCESS_TOKEN_SECONDS, REFRESH_TOKEN_SECONDS};

use crate::company::CompanyView;
use crate::error::{ApiError, ApiResult, Problem};
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
    /// A token pair; the caller adds who it belongs to.
    fn bearer(access_token: String, refresh_token: String) -> Self {
        Self {
            access_token,
            refresh_token,
            token_type: "Bearer",
            expires_in: ACCESS_TOKEN_SECONDS,
            user: None,
            operator: None,
        }
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

async fn ensure_not_locked(state: &ApiState, subject_id: Uuid, now: Timestamp) -> ApiResult<()> {
    let failures = state.store.login_failures_since(subject_id, now - lockout::LOOKBACK).await?;
    match lockout::locked_until(&failures, now) {
        Some(until) => Err(blocopro_domain::Error::LoginLocked { until }.into()),
        None => Ok(()),
    }
}

fn invalid_credentials() -> ApiError {
    ApiError::unauthorized("invalid_credentials", "E-mail or password is incorrect.")
}

/// Checks the password with lockout bookkeeping; `subject_id` is `None` for unknown e-mails.
async fn check_password(
    state: &ApiState,
    subject_id: Option<Uuid>,
    password: String,
    stored_hash: Option<String>,
    now: Timestamp,
) -> ApiResult<()> {
    if let Some(id) = subject_id {
        ensure_not_locked(state, id, now).await?;
    }
    let matched = verify_password(password, stored_hash).await?;
    match (matched, subject_id) {
        (true, Some(id)) => {
            state.store.clear_login_failures(id).await?;
            Ok(())
        }
        (false, Some(id)) => {
            state.store.record_login_failure(id, now).await?;
            Err(invalid_credentials())
        }
        _ => Err(invalid_credentials()),
    }
}

async fn issue_session(state: &ApiState, subject: Subject, now: Timestamp) -> ApiResult<Session> {
    let access_token = state.jwt.issue(subject.kind, subject.id, subject.company_id, now)?;
    let (refresh_token, token_hash) = random_token("rt_");
    state
        .store
        .create_refresh_token(&RefreshToken {
            id: Uuid::now_v7(),
            family_id: Uuid::now_v7(),
            subject,
            token_hash,
            created_at: now,
            expires_at: now + SignedDuration::from_secs(REFRESH_TOKEN_SECONDS),
        })
        .await?;
    Ok(Session::bearer(access_token, refresh_token))
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
    let found = state.store.find_user_login(&normalize_email(&request.email)).await?;
    let (subject_id, stored_hash) = match &found {
        Some(login) => (Some(login.auth.user.id), Some(login.password_hash.clone())),
        None => (None, None),
    };
    check_password(&state, subject_id, request.password, stored_hash, now).await?;
    let login = found.ok_or_else(invalid_credentials)?;
    check_user_may_act(&login.auth, now)?;
    let user = login.auth.user;
    blocopro_app::presence::change(&state, user.company_id, user.id, PresenceStatus::Online, now).await?;
    let subject = Subject { kind: SubjectKind::User, id: user.id, company_id: Some(user.company_id) };
    let mut session = issue_session(&state, subject, now).await?;
    session.user = Some(UserView::from(user));
    tracing::info!(user_id = %subject.id, "user logged in");
    Ok(web::Json(session))
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
    let found = state.store.find_operator_login(&normalize_email(&request.email)).await?;
    let subject_id = found.as_ref().map(|account| account.operator.id);
    let stored_hash = found.as_ref().map(|account| account.password_hash.clone());
    check_password(&state, subject_id, request.password, stored_hash, now).await?;
    let operator = found.ok_or_else(invalid_credentials)?.operator;
    let subject = Subject { kind: SubjectKind::Operator, id: operator.id, company_id: None };
    let mut session = issue_session(&state, subject, now).await?;
    session.operator = Some(OperatorView { id: operator.id, email: operator.email, name: operator.name });
    Ok(web::Json(session))
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
    let (refresh_token, token_hash) = random_token("rt_");
    let placeholder = Subject { kind: SubjectKind::User, id: Uuid::nil(), company_id: None };
    let next = RefreshToken {
        id: Uuid::now_v7(),
        family_id: Uuid::nil(),
        subject: placeholder,
        token_hash,
        created_at: now,
        expires_at: now + SignedDuration::from_secs(REFRESH_TOKEN_SECONDS),
    };
    let subject = match state.store.rotate_refresh_token(&hash_token(&body.0.refresh_token), &next, now).await? {
        RotateOutcome::Rotated(subject) => subject,
        RotateOutcome::Reused => {
            tracing::warn!("refresh token reused: family revoked");
            return Err(ApiError::unauthorized(
                "refresh_token_reused",
                "This refresh token was already used; log in again.",
            ));
        }
        RotateOutcome::Invalid => {
            return Err(ApiError::unauthorized("invalid_token", "The refresh token is not valid or has expired."));
        }
    };
    let access_token = state.jwt.issue(subject.kind, subject.id, subject.company_id, now)?;
    let mut session = Session::bearer(access_token, refresh_token);
    if subject.kind == SubjectKind::User {
        let auth = state.store.find_user_auth(subject.id).await?;
        let auth = auth.ok_or_else(|| ApiError::unauthorized("invalid_token", "The user no longer exists."))?;
        check_user_may_act(&auth, now)?;
        session.user = Some(UserView::from(auth.user));
    }
    Ok(web::Json(session))
}

/// End the session of a refresh token; the user goes offline.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses((status = 204, description = "Logged out (also when the token was already invalid)"))
)]
#[post("/auth/logout")]
async fn logout(state: web::Data<ApiState>, body: Body<RefreshRequest>) -> ApiResult<HttpResponse> {
    let now = Timestamp::now();
    let revoked = state.store.revoke_refresh_family(&hash_token(&body.0.refresh_token), now).await?;
    if let Some(subject) = revoked
        && let (SubjectKind::User, Some(company_id)) = (subject.kind, subject.company_id)
    {
        blocopro_app::presence::change(&state, company_id, subject.id, PresenceStatus::Offline, now).await?;
    }
    Ok(HttpResponse::NoContent().finish())
}

/// The logged-in user, their effective permissions and company.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Who I am", body = Me),
        (status = 401, description = "Not authenticated", body = Problem),
    )
)]
#[get("/me")]
async fn me(state: web::Data<ApiState>, auth: AuthUser) -> ApiResult<web::Json<Me>> {
    let user = auth.session_user()?.clone();
    let company = state.store.get_company(auth.company_id).await?.ok_or_else(ApiError::not_found)?;
    let presence = state.store.find_current_presence(user.id).await?.map_or(PresenceStatus::Offline, |p| p.status);
    Ok(web::Json(Me {
        permissions: auth.permissions.iter().copied().collect(),
        user: UserView::from(user),
        company: company.into(),
        presence,
    }))
}
