//! One error type at the edge: every failure becomes RFC 9457 problem+json with a stable `code`.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use blocopro_app::AppError;
use blocopro_connectors::ConnectorError;
use blocopro_domain::{Error as DomainError, FieldErrors, Timestamp};
use blocopro_store::{InUse, StoreError};
use serde::Serialize;

/// The body of every error response.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// A URI naming the problem type (`urn:blocopro:problem:<code>`).
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// Stable machine-readable code, e.g. `validation_failed`, `not_found`, `outside_access_hours`.
    pub code: String,
    /// Per-field messages for `validation_failed` (and field-specific conflicts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<FieldErrorsView>,
    /// When access opens again (`outside_access_hours`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_allowed_at: Option<Timestamp>,
    /// When the account unlocks (`login_locked`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locked_until: Option<Timestamp>,
    /// The IANA time zone to show `next_allowed_at` or `locked_until` in: the one the user's access
    /// hours are read in, or the company's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
}

/// Field name → list of human-readable messages (stable machine codes are the message keys).
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(transparent)]
#[schema(as = FieldErrors)]
pub struct FieldErrorsView(pub BTreeMap<String, Vec<String>>);

impl From<FieldErrors> for FieldErrorsView {
    fn from(errors: FieldErrors) -> Self {
        Self(errors.0)
    }
}

#[derive(Debug)]
pub struct ApiError {
    problem: Box<Problem>,
    /// Sent as `Retry-After` (seconds) with 429s.
    retry_after: Option<u64>,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(status: StatusCode, code: &str, detail: impl Into<String>) -> Self {
        let problem = Box::new(Problem {
            kind: format!("urn:blocopro:problem:{code}"),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail: detail.into(),
            code: code.to_owned(),
            errors: None,
            next_allowed_at: None,
            locked_until: None,
            timezone: None,
        });
        Self { problem, retry_after: None }
    }

    pub fn with_retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    pub fn retry_after(&self) -> Option<u64> {
        self.retry_after
    }

    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// The stable `code` of the problem.
    pub fn code(&self) -> &str {
        &self.problem.code
    }

    pub fn validation(errors: FieldErrors) -> Self {
        let mut error = Self::new(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", "Some fields are invalid.");
        error.problem.errors = Some(errors.into());
        error
    }

    pub fn invalid_field(field: &str, message: &str) -> Self {
        Self::validation(FieldErrors::single(field, message))
    }

    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", "The resource does not exist.")
    }

    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", detail)
    }

    pub fn unauthorized(code: &str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, code, detail)
    }

    /// The problem, naming `field` as the one at fault (its detail as the field's message).
    pub fn naming(mut self, field: &str) -> Self {
        self.problem.errors = Some(FieldErrors::single(field, self.problem.detail.clone()).into());
        self
    }

    pub fn problem(&self) -> &Problem {
        &self.problem
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}: {}", self.problem.status, self.problem.code, self.problem.detail)?;
        if let Some(errors) = &self.problem.errors {
            for (field, messages) in &errors.0 {
                write!(f, " [{field}: {}]", messages.join("; "))?;
            }
        }
        Ok(())
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status_code());
        if let Some(seconds) = self.retry_after {
            response.insert_header((actix_web::http::header::RETRY_AFTER, seconds));
        }
        response.content_type("application/problem+json").json(&self.problem)
    }
}

impl From<DomainError> for ApiError {
    fn from(error: DomainError) -> Self {
        match error {
            DomainError::Validation(errors) => Self::validation(errors),
            DomainError::NotFound => Self::not_found(),
            DomainError::Conflict { code, detail } => Self::new(StatusCode::CONFLICT, code, detail),
            DomainError::Forbidden(detail) => Self::forbidden(detail),
            DomainError::Unauthorized { code, detail } => Self::unauthorized(code, detail),
            DomainError::OutsideAccessHours { next_allowed_at, timezone } => {
                let mut error = Self::new(
                    StatusCode::FORBIDDEN,
                    "outside_access_hours",
                    "Access is not allowed at this time for this user.",
                );
                error.problem.next_allowed_at = next_allowed_at;
                error.problem.timezone = Some(timezone);
                error
            }
            DomainError::LoginLocked { until, timezone } => {
                let mut error = Self::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    "login_locked",
                    "Too many failed logins: the account is locked for a while.",
                );
                error.problem.locked_until = Some(until);
                error.problem.timezone = timezone;
                let seconds = until.duration_since(Timestamp::now()).as_secs().max(1);
                error.with_retry_after(seconds.unsigned_abs())
            }
            DomainError::Unsupported { code, detail } => Self::new(StatusCode::UNPROCESSABLE_ENTITY, code, detail),
            DomainError::FeatureNotEnabled(feature) => Self::new(
                StatusCode::FORBIDDEN,
                "feature_not_enabled",
                format!("The feature `{feature}` is not enabled for this company; ask your account manager."),
            ),
            DomainError::Internal(message) => Self::internal(&message),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => Self::not_found(),
            StoreError::Duplicate { field } => {
                let mut conflict =
                    Self::new(StatusCode::CONFLICT, "conflict", "A record with this value already exists.");
                if let Some(field) = field {
                    conflict.problem.errors = Some(FieldErrors::single(field, "is already in use").into());
                }
                conflict
            }
            StoreError::InUse(InUse::DepartmentInFlow { channel_id, .. }) => Self::new(
                StatusCode::CONFLICT,
                "department_in_flow",
                format!(
                    "An option of the greeting flow of channel {channel_id} sends conversations here; change the flow first."
                ),
            ),
            StoreError::LastAdmin => Self::new(
                StatusCode::CONFLICT,
                "last_admin",
                "The company must keep at least one active administrator.",
            ),
            StoreError::UnknownReferences(ids) => Self::unknown_references("department_ids", "departments", &ids),
            other => Self::internal(&other.to_string()),
        }
    }
}

impl ApiError {
    /// Logs the cause and answers a 500 that says nothing of it.
    pub fn internal(message: &str) -> Self {
        tracing::error!(error = message, "internal error");
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal_error", "Something went wrong on our side.")
    }

    /// Maps a store error of a write whose one reference (`field`) may not be the company's:
    /// that case is a 422 on `field` saying `message`, any other error as usual.
    pub fn naming_unknown(field: &'static str, message: &'static str) -> impl Fn(StoreError) -> Self {
        move |error| match error {
            StoreError::UnknownReferences(_) => Self::invalid_field(field, message),
            other => other.into(),
        }
    }

    /// 422 naming the ids in `field` that are not the company's.
    pub fn unknown_references(field: &str, what: &str, ids: &[uuid::Uuid]) -> Self {
        let listed: Vec<String> = ids.iter().map(ToString::to_string).collect();
        Self::invalid_field(field, &format!("unknown {what}: {}", listed.join(", ")))
    }
}

impl From<ConnectorError> for ApiError {
    fn from(error: ConnectorError) -> Self {
        let detail = error.to_string();
        match error {
            ConnectorError::NotConnected => Self::new(StatusCode::CONFLICT, "channel_not_connected", detail),
            ConnectorError::NotPairing => Self::new(StatusCode::CONFLICT, "channel_not_pairing", detail),
            ConnectorError::Unsupported(_) => Self::new(StatusCode::UNPROCESSABLE_ENTITY, "not_supported", detail),
            ConnectorError::UnknownGroup(_) => Self::new(StatusCode::UNPROCESSABLE_ENTITY, "unknown_group", detail),
            ConnectorError::OutsideCustomerWindow => {
                Self::new(StatusCode::UNPROCESSABLE_ENTITY, "outside_customer_window", detail)
            }
            ConnectorError::RateLimited => Self::new(StatusCode::TOO_MANY_REQUESTS, "rate_limited", detail),
            ConnectorError::Unauthorized => Self::new(StatusCode::CONFLICT, "channel_credentials_rejected", detail),
            ConnectorError::Rejected { .. } => Self::new(StatusCode::BAD_GATEWAY, "whatsapp_rejected", detail),
            ConnectorError::Unavailable(_) => {
                Self::new(StatusCode::SERVICE_UNAVAILABLE, "whatsapp_unavailable", detail)
            }
        }
    }
}

impl From<AppError> for ApiError {
    fn from(error: AppError) -> Self {
        match error {
            AppError::Domain(error) => error.into(),
            AppError::Store(error) => error.into(),
            AppError::Connector(error) => error.into(),
            AppError::SessionOnAnotherInstance => Self::new(
                StatusCode::CONFLICT,
                "session_on_another_instance",
                "Another server instance holds this channel's session; try again in a few seconds.",
            ),
            AppError::Internal(message) => Self::internal(&message),
        }
    }
}
