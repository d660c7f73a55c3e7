//! Companies (tenants): created and switched on or off by the platform operator.

#[cfg(feature = "conformance")]
pub mod conformance;
pub mod rows;
mod sql;

use async_trait::async_trait;
use blocopro_domain::audit::NewAuditEntry;
use blocopro_domain::company::Company;
use uuid::Uuid;

use crate::{Page, PageRequest, StoreResult, UniqueIndex};

/// The unique indexes of the area (migrations) and the field each protects.
pub(crate) const UNIQUE_INDEXES: &[UniqueIndex] =
    &[UniqueIndex { name: "companies_name_key", columns: "companies.name", field: "name" }];

#[async_trait]
pub trait CompanyStore: Send + Sync {
    async fn create_company(&self, company: &Company, audit: &NewAuditEntry) -> StoreResult<()>;
    async fn get_company(&self, id: Uuid) -> StoreResult<Option<Company>>;
    async fn list_companies(&self, page: PageRequest) -> StoreResult<Page<Company>>;
    async fn update_company(&self, company: &Company, audit: &NewAuditEntry) -> StoreResult<()>;
    async fn find_company_by_name(&self, name: &str) -> StoreResult<Option<Company>>;
}
