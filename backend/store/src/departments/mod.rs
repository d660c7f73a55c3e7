//! Departments of a company (Financeiro, RH, …).

#[cfg(feature = "conformance")]
pub mod conformance;
pub mod rows;
mod sql;

use async_trait::async_trait;
use blocopro_domain::audit::NewAuditEntry;
use blocopro_domain::department::Department;
use uuid::Uuid;

use crate::{Page, PageRequest, StoreResult, UniqueIndex};

/// The unique indexes of the area (migrations) and the field each protects.
pub(crate) const UNIQUE_INDEXES: &[UniqueIndex] = &[UniqueIndex {
    name: "departments_company_id_name_key",
    columns: "departments.company_id, departments.name",
    field: "name",
}];

#[async_trait]
pub trait DepartmentStore: Send + Sync {
    async fn create_department(
        &self,
        company_id: Uuid,
        department: &Department,
        audit: &NewAuditEntry,
    ) -> StoreResult<()>;
    async fn get_department(&self, company_id: Uuid, id: Uuid) -> StoreResult<Option<Department>>;
    async fn list_departments(&self, company_id: Uuid, page: PageRequest) -> StoreResult<Page<Department>>;
    async fn rename_department(&self, company_id: Uuid, id: Uuid, name: &str, audit: &NewAuditEntry)
    -> StoreResult<()>;
    /// Deletes the department and unlinks its users.
    async fn delete_department(&self, company_id: Uuid, id: Uuid, audit: &NewAuditEntry) -> StoreResult<()>;
}
