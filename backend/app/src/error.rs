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
}

impl From<FieldErrors> for AppError {
    fn from(errors: FieldErrors) -> Self {
        Self::Domain(DomainError::Validation(errors))
    }
}
