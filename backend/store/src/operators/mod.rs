//! Platform operators: the vendor's staff who manage companies.

#[cfg(feature = "conformance")]
pub mod conformance;
pub mod rows;
mod sql;

use async_trait::async_trait;
use blocopro_domain::Timestamp;
use uuid::Uuid;

use crate::{StoreResult, UniqueIndex};

/// The unique indexes of the area (migrations) and the field each protects.
pub(crate) const UNIQUE_INDEXES: &[UniqueIndex] =
    &[UniqueIndex { name: "operators_email_key", columns: "operators.email", field: "email" }];

#[async_trait]
pub trait OperatorStore: Send + Sync {
    async fn create_operator(&self, operator: &Operator, password_hash: &str) -> StoreResult<()>;
    async fn find_operator_login(&self, email: &str) -> StoreResult<Option<OperatorLogin>>;
    async fn find_operator(&self, id: Uuid) -> StoreResult<Option<Operator>>;
    async fn set_operator_password(&self, id: Uuid, password_hash: &str) -> StoreResult<()>;
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operator {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone)]
pub struct OperatorLogin {
    pub operator: Operator,
    pub password_hash: String,
}
