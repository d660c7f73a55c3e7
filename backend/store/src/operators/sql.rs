//! The SQL of platform operators. Expanded into each backend by `crate::sql_store!`.

/// Implements the area's store for the `SqlStore` of the backend invoking it.
#[doc(hidden)]
#[macro_export]
macro_rules! operators_sql {
    () => {
        use super::shared::*;
        use $crate::operators::rows::OperatorRow;

        #[async_trait]
        impl OperatorStore for SqlStore {
            async fn create_operator(&self, operator: &Operator, password_hash: &str) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO operators (id, email, name, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(operator.id)
                .bind(&operator.email)
                .bind(&operator.name)
                .bind(password_hash)
                .bind(db(operator.created_at))
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn find_operator_login(&self, email: &str) -> StoreResult<Option<OperatorLogin>> {
                let row: Option<(Uuid, String, String, String, DbTime)> =
                    sqlx::query_as("SELECT id, email, name, password_hash, created_at FROM operators WHERE email = $1")
                        .bind(email)
                        .fetch_optional(&self.pool)
                        .await?;
                Ok(row.map(|(id, email, name, password_hash, created_at)| OperatorLogin {
                    operator: Operator { id, email, name, created_at: created_at.0 },
                    password_hash,
                }))
            }

            async fn find_operator(&self, id: Uuid) -> StoreResult<Option<Operator>> {
                let row: Option<OperatorRow> =
                    sqlx::query_as("SELECT id, email, name, created_at FROM operators WHERE id = $1")
                        .bind(id)
                        .fetch_optional(&self.pool)
                        .await?;
                Ok(row.map(Operator::from))
            }

            async fn set_operator_password(&self, id: Uuid, password_hash: &str) -> StoreResult<()> {
                let result = sqlx::query("UPDATE operators SET password_hash = $2 WHERE id = $1")
                    .bind(id)
                    .bind(password_hash)
                    .execute(&self.pool)
                    .await?;
                expect_one(result.rows_affected())
            }
        }
    };
}
