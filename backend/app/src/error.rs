//! What a use case or a worker can fail with. The HTTP layer turns each into a problem in one
//! place; workers log them.

use blocopro_connectors::ConnectorError;
use blocopro_domain::Error as DomainError;
use blocopro_domain::FieldErrors;
use blocopro_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// A rule of the domain said no (invalid input, not found, forbidden, conflict, …).
    #[error(transparent)]
    Domain(#[from] DomainError),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// WhatsApp (or the connector in front of it) refused or could not be reached.
    #[error(transparent)]
    Connector(#[from] ConnectorError),
    /// Another server instance holds the channel's WhatsApp session.
    #[error("another server instance holds this channel's session")]
    SessionOnAnotherInstance,
    /// A fault of ours (a worker stopped, sealed data that cannot be opened); never the caller's.
    #[error("{0}")]
    Internal(String),
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn internal(message: impl Into<String>) -> Self {
        Self::Internal(message.into())
    }

    pub fn not_found() -> Self {
        Self::Domain(DomainError::NotFound)
    }

    /// Maps a store error of a write naming ids that may not be the company's: those ids become a
    /// validation error of `field` ("unknown {what}: …"), any other error stays as it is.
    pub fn unknown_references(field: &'static str, what: &'static str) -> impl Fn(StoreError) -> Self {
        move |error| match error {
            StoreError::UnknownReferences(ids) => {
                let listed: Vec<String> = ids.iter().map(ToString::to_string).collect();
                FieldErrors::single(field, format!("unknown {what}: {}", listed.join(", "))).into()
            }
            other => other.into(),
        }
    }

    /// Maps a store error of a write whose one reference (`field`) may not be the company's: that
    /// case is a validation error of `field` saying `message`, any other error stays as it is.
    pub fn naming_unknown(field: &'static str, message: &'static str) -> impl Fn(StoreError) -> Self {
        move |error| match error {
            StoreError::UnknownReferences(_) => FieldErrors::single(field, message).into(),
            other => other.into(),
        }
    }
}

impl From<FieldErrors> for AppError {
    fn from(errors: FieldErrors) -> Self {
        Self::Domain(DomainError::Validation(errors))
    }
}
