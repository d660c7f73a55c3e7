//! The SQL of departments. Expanded into each backend by `crate::sql_store!`.

/// Implements the area's store for the `SqlStore` of the backend invoking it.
#[doc(hidden)]
#[macro_export]
macro_rules! departments_sql {
    () => {
        use super::shared::*;
        use $crate::departments::rows::DepartmentRow;
        use blocopro_domain::department::Department;

        #[async_trait]
        impl DepartmentStore for SqlStore {
            async fn create_department(
                &self,
                company_id: Uuid,
                department: &Department,
                audit: &NewAuditEntry,
            ) -> StoreResult<()> {
                $crate::audited_write!(self, audit, |tx| {
                    sqlx::query("INSERT INTO departments (id, company_id, name, created_at) VALUES ($1, $2, $3, $4)")
                        .bind(department.id)
                        .bind(company_id)
                        .bind(&department.name)
                        .bind(db(department.created_at))
                        .execute(&mut *tx)
                        .await?;
                })
            }

            async fn get_department(&self, company_id: Uuid, id: Uuid) -> StoreResult<Option<Department>> {
                let row: Option<DepartmentRow> =
                    sqlx::query_as("SELECT id, name, created_at FROM departments WHERE id = $1 AND company_id = $2")
                        .bind(id)
                        .bind(company_id)
                        .fetch_optional(&self.pool)
                        .await?;
                Ok(row.map(Department::from))
            }

            async fn list_departments(&self, company_id: Uuid, page: PageRequest) -> StoreResult<Page<Department>> {
                let rows: Vec<DepartmentRow> = sqlx::query_as(
                    "SELECT d.id, d.name, d.created_at FROM departments d WHERE d.company_id = $1 \
                     AND ($2 IS NULL OR (d.name, d.id) > (SELECT c.name, c.id FROM departments c WHERE c.id = $2 AND c.company_id = $1)) \
                     ORDER BY d.name, d.id LIMIT $3",
                )
                .bind(company_id)
                .bind(page.after)
                .bind(page.fetch_limit())
                .fetch_all(&self.pool)
                .await?;
                Ok(Page::from_rows(rows.into_iter().map(Department::from).collect(), page, |d| d.id))
            }

            async fn rename_department(
                &self,
                company_id: Uuid,
                id: Uuid,
                name: &str,
                audit: &NewAuditEntry,
            ) -> StoreResult<()> {
                $crate::audited_write!(self, audit, |tx| {
                    let result = sqlx::query("UPDATE departments SET name = $3 WHERE id = $1 AND company_id = $2")
                        .bind(id)
                        .bind(company_id)
                        .bind(name)
                        .execute(&mut *tx)
                        .await?;
                    expect_one(result.rows_affected())?;
                })
            }

            async fn delete_department(&self, company_id: Uuid, id: Uuid, audit: &NewAuditEntry) -> StoreResult<()> {
                $crate::audited_write!(self, audit, |tx| {
                    let in_flow: Option<(Uuid,)> = sqlx::query_as(
                        "SELECT o.channel_id FROM channel_flow_options o JOIN departments d ON d.id = o.department_id \
                         WHERE o.department_id = $1 AND d.company_id = $2 LIMIT 1",
                    )
                    .bind(id)
                    .bind(company_id)
                    .fetch_optional(&mut *tx)
                    .await?;
                    if let Some((channel_id,)) = in_flow {
                        return Err(StoreError::InUse(InUse::DepartmentInFlow { department_id: id, channel_id }));
                    }
                    sqlx::query("DELETE FROM user_departments WHERE department_id = $1 AND department_id IN (SELECT id FROM departments WHERE company_id = $2)")
                        .bind(id)
                        .bind(company_id)
                        .execute(&mut *tx)
                        .await?;
                    let result = sqlx::query("DELETE FROM departments WHERE id = $1 AND company_id = $2")
                        .bind(id)
                        .bind(company_id)
                        .execute(&mut *tx)
                        .await?;
                    expect_one(result.rows_affected())?;
                })
            }
        }
    };
}
