//! Who is calling: `AuthUser` (a company user or an integrator's API token) and `PlatformOperator`.
//! Authentication, account and company state, and access hours are all decided here, once (with
//! the application's `sessions`), by the access guard (`crate::access`), which also applies the
//! operation's permission rule.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest};
use blocopro_app::caller::Caller;
use blocopro_app::sessions::{api_token_caller, user_caller};
use blocopro_domain::Timestamp;
use blocopro_domain::audit::{Actor, ActorKind};
use blocopro_domain::token::{API_TOKEN_PREFIX, SubjectKind};
use uuid::Uuid;

use crate::error::{ApiError, ApiResult};
use crate::state::ApiState;

/// The caller of a company endpoint, as the access guard admitted it; the application's `Caller`.
#[derive(Debug, Clone)]
pub struct AuthUser(pub Caller);

impl std::ops::Deref for AuthUser {
    type Target = Caller;

    fn deref(&self) -> &Caller {
        &self.0
    }
}

pub(crate) fn bearer_token(req: &HttpRequest) -> ApiResult<String> {
    req.headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer ").or_else(|| value.strip_prefix("bearer ")))
        .map(|token| token.trim().to_owned())
        .filter(|token| !token.is_empty())
        .ok_or_else(|| ApiError::unauthorized("missing_token", "Send `Authorization: Bearer <token>`."))
}

async fn authenticate_session(state: &ApiState, token: &str, now: Timestamp) -> ApiResult<AuthUser> {
    let claims = state.jwt.verify(token)?;
    if claims.subject_kind() != Some(SubjectKind::User) {
        return Err(ApiError::forbidden("Platform operators use the /platform endpoints."));
    }
    Ok(AuthUser(user_caller(state, claims.sub, claims.cid, now).await?))
}

/// Who holds `token` (an access token or an API token), if they may act now.
pub async fn authenticate(state: &ApiState, token: &str, now: Timestamp) -> ApiResult<AuthUser> {
    if token.starts_with(API_TOKEN_PREFIX) {
        Ok(AuthUser(api_token_caller(state, token, now).await?))
    } else {
        authenticate_session(state, token, now).await
    }
}

/// The caller the access guard authenticated for this request (see `crate::access`).
fn admitted<T: Clone + 'static>(req: &HttpRequest) -> ApiResult<T> {
    req.extensions()
        .get::<T>()
        .cloned()
        .ok_or_else(|| ApiError::internal("the access table has no rule admitting a caller here"))
}

impl FromRequest for AuthUser {
    type Error = ApiError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(admitted(req))
    }
}

/// A platform operator (the vendor's staff), authenticated by an operator session.
#[derive(Debug, Clone)]
pub struct PlatformOperator {
    pub id: Uuid,
}

impl PlatformOperator {
    pub fn actor(&self) -> Actor {
        Actor { kind: ActorKind::Operator, id: Some(self.id) }
    }
}

/// The operator holding `token`, an operator session.
pub async fn authenticate_operator(state: &ApiState, token: &str) -> ApiResult<PlatformOperator> {
    let not_operator = || ApiError::forbidden("Only platform operators may do this.");
    if token.starts_with(API_TOKEN_PREFIX) {
        return Err(not_operator());
    }
    let claims = state.jwt.verify(token)?;
    if claims.subject_kind() != Some(SubjectKind::Operator) {
        return Err(not_operator());
    }
    let operator = state.store.find_operator(claims.sub).await?;
    let operator = operator.ok_or_else(|| ApiError::unauthorized("invalid_token", "The access token is not valid."))?;
    Ok(PlatformOperator { id: operator.id })
}

impl FromRequest for PlatformOperator {
    type Error = ApiError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(admitted(req))
    }
}
