//! The SQL of the operator's counts. Expanded into each backend by `crate::sql_store!`.

/// Implements the area's store for the `SqlStore` of the backend invoking it.
#[doc(hidden)]
#[macro_export]
macro_rules! operations_sql {
    () => {
        use super::shared::*;

        async fn state_counts(pool: &sqlx::Pool<Db>, query: &'static str) -> StoreResult<Vec<StateCount>> {
            let rows: Vec<(String, i64, Option<DbTime>)> = sqlx::query_as(query).fetch_all(pool).await?;
            Ok(rows.into_iter().map(|(state, count, oldest)| StateCount { state, count, oldest_at: oldest.map(|at| at.0) }).collect())
        }

        #[async_trait]
        impl OperationsStore for SqlStore {
            async fn operational_counts(&self) -> StoreResult<OperationalCounts> {
                Ok(OperationalCounts {
                    outbox: state_counts(
                        &self.pool,
                        "SELECT CASE WHEN attempts = 0 THEN 'queued' ELSE 'retrying' END AS state, count(*), min(created_at) \
                         FROM messages WHERE status = 'queued' GROUP BY 1 ORDER BY 1",
                    )
                    .await?,
                    webhook_deliveries: state_counts(
                        &self.pool,
                        "SELECT status, count(*), min(CASE WHEN status = 'queued' THEN created_at END) \
                         FROM webhook_deliveries GROUP BY status ORDER BY status",
                    )
                    .await?,
                    channels: sqlx::query_as::<_, (String, i64)>(
                        "SELECT status, count(*) FROM channels WHERE deleted_at IS NULL GROUP BY status ORDER BY status",
                    )
                    .fetch_all(&self.pool)
                    .await?
                    .into_iter()
                    .map(|(state, count)| StateCount { state, count, oldest_at: None })
                    .collect(),
                })
            }

            fn pool_usage(&self) -> PoolUsage {
                PoolUsage {
                    open: self.pool.size(),
                    idle: u32::try_from(self.pool.num_idle()).unwrap_or(u32::MAX),
                    max: self.pool.options().get_max_connections(),
                }
            }
        }
    };
}
