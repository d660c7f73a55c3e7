//! Errors the domain and the API speak in. The API maps each variant once to problem+json.

use std::collections::BTreeMap;

use jiff::Timestamp;

/// Field name → list of human-readable messages (stable machine codes are the message keys).
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct FieldErrors(pub BTreeMap<String, Vec<String>>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.entry(field.into()).or_default().push(message.into());
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(())` when nothing was collected, else the validation error.
    pub fn into_result(self) -> Result<(), Error> {
        if self.is_empty() { Ok(()) } else { Err(Error::Validation(self)) }
    }

    /// `Ok(())` when nothing was collected, else these field errors (what `Validate` returns).
    pub fn into_fields(self) -> Result<(), FieldErrors> {
        if self.is_empty() { Ok(()) } else { Err(self) }
    }

    pub fn single(field: impl Into<String>, message: impl Into<String>) -> Self {
        let mut errors = Self::new();
        errors.add(field, message);
        errors
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the request has invalid fields")]
    Validation(FieldErrors),
    #[error("not found")]
    NotFound,
    /// A state conflict with a stable code (`conflict`, `last_admin`, …).
    #[error("{detail}")]
    Conflict { code: &'static str, detail: String },
    #[error("{0}")]
    Forbidden(String),
    /// Authentication failed; `code` tells why (`invalid_credentials`, `invalid_token`, …).
    #[error("{detail}")]
    Unauthorized { code: &'static str, detail: String },
    /// `timezone`: the IANA zone the user's access hours are read in.
    #[error("outside access hours")]
    OutsideAccessHours { next_allowed_at: Option<Timestamp>, timezone: String },
    /// `timezone`: the company's IANA zone (none for platform operators).
    #[error("login locked")]
    LoginLocked { until: Timestamp, timezone: Option<String> },
    /// The request is understood but cannot be done with this resource (`groups_not_supported`, …).
    #[error("{detail}")]
    Unsupported { code: &'static str, detail: String },
    #[error("feature `{0}` is not enabled for this company")]
    FeatureNotEnabled(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    pub fn conflict(detail: impl Into<String>) -> Self {
        Self::Conflict { code: "conflict", detail: detail.into() }
    }

    pub fn unauthorized(code: &'static str, detail: impl Into<String>) -> Self {
        Self::Unauthorized { code, detail: detail.into() }
    }

    pub fn invalid(field: &str, message: &str) -> Self {
        Self::Validation(FieldErrors::single(field, message))
    }
}
