//! The audit log's SQL. Expanded into each backend by `crate::sql_store!`.

/// Implements the area's store for the `SqlStore` of the backend invoking it.
#[doc(hidden)]
#[macro_export]
macro_rules! audit_sql {
    () => {
        use super::shared::*;
        use blocopro_domain::audit::AuditEntry;
        use $crate::audit::rows::AuditRow;

        #[async_trait]
        impl AuditStore for SqlStore {
            async fn record_audit(&self, entry: &NewAuditEntry) -> StoreResult<()> {
                $crate::audited_write!(self, entry, |tx| {})
            }

            async fn list_audit(&self, company_id: Uuid, page: PageRequest) -> StoreResult<Page<AuditEntry>> {
                let rows: Vec<AuditRow> = sqlx::query_as(
                    "SELECT id, actor_kind, actor_id, action, target_type, target_id, summary, at FROM audit_log \
                     WHERE company_id = $1 AND ($2 IS NULL OR id < $2) ORDER BY id DESC LIMIT $3",
                )
                .bind(company_id)
                .bind(page.after)
                .bind(page.fetch_limit())
                .fetch_all(&self.pool)
                .await?;
                let entries = convert_all(rows)?;
                Ok(Page::from_rows(entries, page, |entry: &AuditEntry| entry.id))
            }
        }
    };
}
