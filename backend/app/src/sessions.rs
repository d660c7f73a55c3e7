//! Sessions of company users and platform operators: checking credentials (with the lockout
//! after repeated failures), issuing, rotating and revoking refresh tokens, and who a session
//! acts as. Access tokens are the HTTP layer's: a use case answers whom to sign one for.

use blocopro_domain::Error as DomainError;
use blocopro_domain::Timestamp;
use blocopro_domain::audit::{Actor, ActorKind};
use blocopro_domain::company::Company;
use blocopro_domain::lockout;
use blocopro_domain::presence::PresenceStatus;
use blocopro_domain::token::SubjectKind;
use blocopro_domain::user::User;
use blocopro_domain::validation::normalize_email;
use blocopro_store::{Operator, RefreshToken, RotateOutcome, Subject};
use jiff::SignedDuration;
use uuid::Uuid;

use crate::access::check_user_may_act;
use crate::caller::Caller;
use crate::caller_cache::TokenAuth;
use crate::secrets::{hash_token, random_token, verify_password};
use crate::{App, AppError, AppResult, presence};

/// How long a refresh token lives unused.
pub const REFRESH_TOKEN_SECONDS: i64 = 30 * 24 * 3600;

/// Requests refresh a user's `last_seen_at` (presence sweeping reads it) and an API token's
/// `last_used_at` at most this often.
const LAST_SEEN_GRANULARITY: SignedDuration = SignedDuration::from_secs(60);

/// A session just opened or renewed: whom it is for, with the refresh token to hand over.
pub struct Granted<T> {
    pub subject: Subject,
    /// Opaque and single-use; only its hash is stored.
    pub refresh_token: String,
    pub holder: T,
}

/// The logged-in user with their company and presence.
pub struct Profile {
    pub user: User,
    pub company: Company,
    pub presence: PresenceStatus,
}

fn invalid_credentials() -> DomainError {
    DomainError::unauthorized("invalid_credentials", "E-mail or password is incorrect.")
}

/// `timezone`: the company's, which the refusal names so that the unlock time reads right.
async fn ensure_not_locked(app: &App, subject_id: Uuid, timezone: Option<String>, now: Timestamp) -> AppResult<()> {
    let failures = app.store.login_failures_since(subject_id, now - lockout::LOOKBACK).await?;
    match lockout::locked_until(&failures, now) {
        Some(until) => Err(DomainError::LoginLocked { until, timezone }.into()),
        None => Ok(()),
    }
}

/// Checks the password with lockout bookkeeping; `subject_id` is `None` for unknown e-mails,
/// which spend the same work and fail alike.
async fn check_password(
    app: &App,
    subject_id: Option<Uuid>,
    timezone: Option<String>,
    password: String,
    stored_hash: Option<String>,
    now: Timestamp,
) -> AppResult<()> {
    if let Some(id) = subject_id {
        ensure_not_locked(app, id, timezone, now).await?;
    }
    let matched = verify_password(password, stored_hash).await?;
    match (matched, subject_id) {
        (true, Some(id)) => Ok(app.store.clear_login_failures(id).await?),
        (false, Some(id)) => {
            app.store.record_login_failure(id, now).await?;
            Err(invalid_credentials().into())
        }
        _ => Err(invalid_credentials().into()),
    }
}

/// A new refresh token of `family_id` for `subject`, and its secret.
fn refresh_token(subject: Subject, family_id: Uuid, now: Timestamp) -> (String, RefreshToken) {
    let (secret, token_hash) = random_token("rt_");
    let token = RefreshToken {
        id: Uuid::now_v7(),
        family_id,
        subject,
        token_hash,
        created_at: now,
        expires_at: now + SignedDuration::from_secs(REFRESH_TOKEN_SECONDS),
    };
    (secret, token)
}

/// Starts a refresh-token family for `subject`.
async fn open<T>(app: &App, subject: Subject, holder: T, now: Timestamp) -> AppResult<Granted<T>> {
    let (secret, token) = refresh_token(subject, Uuid::now_v7(), now);
    app.store.create_refresh_token(&token).await?;
    Ok(Granted { subject, refresh_token: secret, holder })
}

/// Logs a company user in: the right password, an active account and company, inside the
/// user's access hours. The user goes online.
pub async fn log_in_user(app: &App, email: &str, password: String, now: Timestamp) -> AppResult<Granted<User>> {
    let found = app.store.find_user_login(&normalize_email(email)).await?;
    let subject_id = found.as_ref().map(|login| login.auth.user.id);
    let stored_hash = found.as_ref().map(|login| login.password_hash.clone());
    let timezone = found.as_ref().map(|login| login.auth.company_timezone.clone());
    check_password(app, subject_id, timezone, password, stored_hash, now).await?;
    let login = found.ok_or_else(invalid_credentials)?;
    check_user_may_act(&login.auth, now)?;
    let user = login.auth.user;
    presence::change(app, user.company_id, user.id, PresenceStatus::Online, now).await?;
    let subject = Subject { kind: SubjectKind::User, id: user.id, company_id: Some(user.company_id) };
    let granted = open(app, subject, user, now).await?;
    tracing::info!(user_id = %subject.id, "user logged in");
    Ok(granted)
}

/// Logs a platform operator in.
pub async fn log_in_operator(app: &App, email: &str, password: String, now: Timestamp) -> AppResult<Granted<Operator>> {
    let found = app.store.find_operator_login(&normalize_email(email)).await?;
    let subject_id = found.as_ref().map(|account| account.operator.id);
    let stored_hash = found.as_ref().map(|account| account.password_hash.clone());
    check_password(app, subject_id, None, password, stored_hash, now).await?;
    let operator = found.ok_or_else(invalid_credentials)?.operator;
    let subject = Subject { kind: SubjectKind::Operator, id: operator.id, company_id: None };
    open(app, subject, operator, now).await
}

/// Whom a rotation renewed the session of.
fn renewed(outcome: RotateOutcome) -> Result<Subject, DomainError> {
    match outcome {
        RotateOutcome::Rotated(subject) => Ok(subject),
        RotateOutcome::Reused => {
            tracing::warn!("refresh token reused: family revoked");
            Err(DomainError::unauthorized("refresh_token_reused", "This refresh token was already used; log in again."))
        }
        RotateOutcome::Invalid => {
            Err(DomainError::unauthorized("invalid_token", "The refresh token is not valid or has expired."))
        }
    }
}

/// Exchanges a refresh token for the next of its family; a token presented twice revokes the
/// family. A user's session is renewed only while the user may act; the holder is that user
/// (`None` for operators).
pub async fn renew(app: &App, presented: &str, now: Timestamp) -> AppResult<Granted<Option<User>>> {
    // The store fills in the family and subject of the token it rotates.
    let placeholder = Subject { kind: SubjectKind::User, id: Uuid::nil(), company_id: None };
    let (secret, next) = refresh_token(placeholder, Uuid::nil(), now);
    let subject = renewed(app.store.rotate_refresh_token(&hash_token(presented), &next, now).await?)?;
    let mut holder = None;
    if subject.kind == SubjectKind::User {
        let auth = app.store.find_user_auth(subject.id).await?;
        let auth = auth.ok_or_else(|| DomainError::unauthorized("invalid_token", "The user no longer exists."))?;
        check_user_may_act(&auth, now)?;
        holder = Some(auth.user);
    }
    Ok(Granted { subject, refresh_token: secret, holder })
}

/// Ends the session of a refresh token (nothing happens for an invalid one); a user goes offline.
pub async fn log_out(app: &App, presented: &str, now: Timestamp) -> AppResult<()> {
    let revoked = app.store.revoke_refresh_family(&hash_token(presented), now).await?;
    if let Some(subject) = revoked
        && let (SubjectKind::User, Some(company_id)) = (subject.kind, subject.company_id)
    {
        presence::change(app, company_id, subject.id, PresenceStatus::Offline, now).await?;
    }
    Ok(())
}

/// The user behind the caller's session, with their company and presence.
pub async fn profile(app: &App, caller: &Caller) -> AppResult<Profile> {
    let user = caller.session_user()?.clone();
    let company = app.store.get_company(caller.company_id).await?.ok_or_else(AppError::not_found)?;
    let presence = app.store.find_current_presence(user.id).await?.map_or(PresenceStatus::Offline, |p| p.status);
    Ok(Profile { user, company, presence })
}

/// Whether a last-use time is old enough to write again.
fn is_stale(last_used_at: Option<Timestamp>, now: Timestamp) -> bool {
    last_used_at.is_none_or(|at| now.duration_since(at) > LAST_SEEN_GRANULARITY)
}

/// Who an integrator's API token acts as, while its company is active. The token and its
/// company's state are read once every few seconds (`caller_cache`).
pub async fn api_token_caller(app: &App, token: &str, now: Timestamp) -> AppResult<Caller> {
    let invalid = || DomainError::unauthorized("invalid_token", "The API token is not valid.");
    let hash = hash_token(token);
    let auth = match app.callers.token(&hash) {
        Ok(auth) => auth,
        Err(miss) => {
            let api_token = app.store.find_api_token(&hash).await?.ok_or_else(invalid)?;
            let company = app.store.get_company(api_token.company_id).await?.ok_or_else(invalid)?;
            app.callers.keep_token(miss, hash.clone(), TokenAuth { token: api_token, company_active: company.active })
        }
    };
    if !auth.company_active {
        return Err(DomainError::unauthorized("company_inactive", "This company is inactive.").into());
    }
    let api_token = &auth.token;
    if is_stale(api_token.last_used_at, now) {
        app.store.touch_api_token(api_token.id, now).await?;
        app.callers.token_used(&hash, now);
    }
    Ok(Caller {
        company_id: api_token.company_id,
        actor: Actor { kind: ActorKind::ApiToken, id: Some(api_token.id) },
        user: None,
        permissions: api_token.permissions.clone(),
        is_admin: false,
    })
}

/// Who a user's access token acts as: the user, of the company the token names, while the
/// user may act. The user's account, company state and access hours are read once every few
/// seconds (`caller_cache`); whether they allow acting now is decided on every request.
pub async fn user_caller(app: &App, user_id: Uuid, company_id: Option<Uuid>, now: Timestamp) -> AppResult<Caller> {
    let invalid = || DomainError::unauthorized("invalid_token", "The access token is not valid.");
    let auth = match app.callers.user(user_id) {
        Ok(auth) => auth,
        Err(miss) => app.callers.keep_user(miss, app.store.find_user_auth(user_id).await?.ok_or_else(invalid)?),
    };
    if Some(auth.user.company_id) != company_id {
        return Err(invalid().into());
    }
    check_user_may_act(&auth, now)?;
    if is_stale(auth.last_seen_at, now) {
        app.store.touch_last_seen(auth.user.id, now).await?;
        app.callers.user_seen(auth.user.id, now);
    }
    let user = &auth.user;
    Ok(Caller {
        company_id: user.company_id,
        actor: Actor { kind: ActorKind::User, id: Some(user.id) },
        permissions: user.effective_permissions(),
        is_admin: user.is_admin,
        user: Some(user.clone()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_live_token_renews_a_session() {
        let subject = Subject { kind: SubjectKind::User, id: Uuid::now_v7(), company_id: Some(Uuid::now_v7()) };
        assert_eq!(renewed(RotateOutcome::Rotated(subject)).unwrap(), subject);
        let reused = renewed(RotateOutcome::Reused);
        assert!(matches!(reused, Err(DomainError::Unauthorized { code: "refresh_token_reused", .. })));
        let invalid = renewed(RotateOutcome::Invalid);
        assert!(matches!(invalid, Err(DomainError::Unauthorized { code: "invalid_token", .. })));
    }

    #[test]
    fn last_use_is_written_at_most_once_a_minute() {
        let now = Timestamp::now();
        assert!(is_stale(None, now));
        assert!(!is_stale(Some(now - SignedDuration::from_secs(60)), now));
        assert!(is_stale(Some(now - SignedDuration::from_secs(61)), now));
    }

    #[test]
    fn refresh_tokens_last_thirty_days_and_store_only_their_hash() {
        let subject = Subject { kind: SubjectKind::Operator, id: Uuid::now_v7(), company_id: None };
        let now = Timestamp::now();
        let (secret, token) = refresh_token(subject, Uuid::now_v7(), now);
        assert!(secret.starts_with("rt_"));
        assert_eq!(token.token_hash, hash_token(&secret));
        assert_eq!(token.expires_at, now + SignedDuration::from_hours(30 * 24));
    }
}
