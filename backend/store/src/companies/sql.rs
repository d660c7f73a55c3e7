//! The SQL of companies. Expanded into each backend by `crate::sql_store!`.

/// Implements the area's store for the `SqlStore` of the backend invoking it.
#[doc(hidden)]
#[macro_export]
macro_rules! companies_sql {
    () => {
        use super::shared::*;
        use $crate::companies::rows::CompanyRow;
        use blocopro_domain::company::Company;

        #[async_trait]
        impl CompanyStore for SqlStore {
            async fn create_company(&self, company: &Company, audit: &NewAuditEntry) -> StoreResult<()> {
                $crate::audited_write!(self, audit, |tx| {
                    sqlx::query(
                        "INSERT INTO companies (id, name, timezone, active, features, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
                    )
                    .bind(company.id)
                    .bind(&company.name)
                    .bind(&company.timezone)
                    .bind(company.active)
                    .bind(Json(company.features))
                    .bind(db(company.created_at))
                    .execute(&mut *tx)
                    .await?;
                })
            }

            async fn get_company(&self, id: Uuid) -> StoreResult<Option<Company>> {
                let row: Option<CompanyRow> =
                    sqlx::query_as("SELECT id, name, timezone, active, features, created_at FROM companies WHERE id = $1")
                        .bind(id)
                        .fetch_optional(&self.pool)
                        .await?;
                Ok(row.map(Company::from))
            }

            async fn list_companies(&self, page: PageRequest) -> StoreResult<Page<Company>> {
                let rows: Vec<CompanyRow> = sqlx::query_as(
                    "SELECT id, name, timezone, active, features, created_at FROM companies \
                     WHERE ($1 IS NULL OR id > $1) ORDER BY id LIMIT $2",
                )
                .bind(page.after)
                .bind(page.fetch_limit())
                .fetch_all(&self.pool)
                .await?;
                Ok(Page::from_rows(rows.into_iter().map(Company::from).collect(), page, |c| c.id))
            }

            async fn update_company(&self, company: &Company, audit: &NewAuditEntry) -> StoreResult<()> {
                $crate::audited_write!(self, audit, |tx| {
                    let result =
                        sqlx::query("UPDATE companies SET name = $2, timezone = $3, active = $4, features = $5 WHERE id = $1")
                            .bind(company.id)
                            .bind(&company.name)
                            .bind(&company.timezone)
                            .bind(company.active)
                            .bind(Json(company.features))
                            .execute(&mut *tx)
                            .await?;
                    expect_one(result.rows_affected())?;
                })
            }

            async fn find_company_by_name(&self, name: &str) -> StoreResult<Option<Company>> {
                let row: Option<CompanyRow> =
                    sqlx::query_as("SELECT id, name, timezone, active, features, created_at FROM companies WHERE name = $1")
                        .bind(name)
                        .fetch_optional(&self.pool)
                        .await?;
                Ok(row.map(Company::from))
            }
        }
    };
}
