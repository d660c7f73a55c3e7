//! The SQL of greeting flows, one per channel. Expanded into each backend by `crate::sql_store!`.

/// Implements the area's store for the `SqlStore` of the backend invoking it.
#[doc(hidden)]
#[macro_export]
macro_rules! flows_sql {
    () => {
        use super::shared::*;
        use $crate::flows::rows::{FlowOptionRow, FlowRow};
        use blocopro_domain::flow::Flow;

        /// `UnknownReferences` unless every department of the flow's options is one of the company's.
        async fn check_flow_departments(tx: &mut Tx, flow: &Flow) -> StoreResult<()> {
            let mut unknown = Vec::new();
            for option in &flow.options {
                let found: Option<(Uuid,)> = sqlx::query_as("SELECT id FROM departments WHERE id = $1 AND company_id = $2")
                    .bind(option.department_id)
                    .bind(flow.company_id)
                    .fetch_optional(&mut **tx)
                    .await?;
                if found.is_none() && !unknown.contains(&option.department_id) {
                    unknown.push(option.department_id);
                }
            }
            if unknown.is_empty() { Ok(()) } else { Err(StoreError::UnknownReferences(unknown)) }
        }

        #[async_trait]
        impl FlowStore for SqlStore {
            async fn get_flow(&self, company_id: Uuid, channel_id: Uuid) -> StoreResult<Option<Flow>> {
                let row: Option<FlowRow> = sqlx::query_as(
                    "SELECT channel_id, company_id, enabled, greeting, retry_text FROM channel_flows \
                     WHERE channel_id = $1 AND company_id = $2",
                )
                .bind(channel_id)
                .bind(company_id)
                .fetch_optional(&self.pool)
                .await?;
                let Some(row) = row else { return Ok(None) };
                let options: Vec<FlowOptionRow> = sqlx::query_as(
                    "SELECT number, label, department_id FROM channel_flow_options WHERE channel_id = $1 ORDER BY number",
                )
                .bind(channel_id)
                .fetch_all(&self.pool)
                .await?;
                Ok(Some(row.with_options(options)))
            }

            async fn put_flow(&self, flow: &Flow, audit: &NewAuditEntry) -> StoreResult<()> {
                $crate::audited_write!(self, audit, |tx| {
                    let channel: Option<(Uuid,)> =
                        sqlx::query_as("SELECT id FROM channels WHERE id = $1 AND company_id = $2 AND deleted_at IS NULL")
                            .bind(flow.channel_id)
                            .bind(flow.company_id)
                            .fetch_optional(&mut *tx)
                            .await?;
                    channel.ok_or(StoreError::NotFound)?;
                    check_flow_departments(&mut tx, flow).await?;
                    sqlx::query(
                        "INSERT INTO channel_flows (channel_id, company_id, enabled, greeting, retry_text, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (channel_id) DO UPDATE SET enabled = excluded.enabled, \
                         greeting = excluded.greeting, retry_text = excluded.retry_text, updated_at = excluded.updated_at",
                    )
                    .bind(flow.channel_id)
                    .bind(flow.company_id)
                    .bind(flow.enabled)
                    .bind(&flow.greeting)
                    .bind(&flow.retry_text)
                    .bind(db(Timestamp::now()))
                    .execute(&mut *tx)
                    .await?;
                    sqlx::query("DELETE FROM channel_flow_options WHERE channel_id = $1").bind(flow.channel_id).execute(&mut *tx).await?;
                    for option in &flow.options {
                        sqlx::query(
                            "INSERT INTO channel_flow_options (channel_id, number, label, department_id) VALUES ($1, $2, $3, $4)",
                        )
                        .bind(flow.channel_id)
                        .bind(i32::from(option.number))
                        .bind(&option.label)
                        .bind(option.department_id)
                        .execute(&mut *tx)
                        .await?;
                    }
                })
            }
        }
    };
}
