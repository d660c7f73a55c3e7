//! The SQL of presence periods. Expanded into each backend by `crate::sql_store!`.

/// Implements the area's store for the `SqlStore` of the backend invoking it.
#[doc(hidden)]
#[macro_export]
macro_rules! presence_sql {
    () => {
        use super::shared::*;
        use $crate::presence::rows::PresenceRow;
        use blocopro_domain::presence::{PresencePeriod, PresenceStatus};

        /// The user's open presence status, locked until commit.
        pub(crate) async fn current_presence_status(tx: &mut Tx, user_id: Uuid) -> StoreResult<Option<String>> {
            let status = sqlx::query_scalar(concat!(
                "SELECT status FROM presence_periods WHERE user_id = $1 AND ended_at IS NULL ",
                for_update!()
            ))
            .bind(user_id)
            .fetch_optional(&mut **tx)
            .await?;
            Ok(status)
        }

        /// Closes the open presence period and appends one with `status`; `false` when unchanged.
        pub(crate) async fn set_presence_in(
            tx: &mut Tx,
            company_id: Uuid,
            user_id: Uuid,
            status: PresenceStatus,
            at: Timestamp,
        ) -> StoreResult<bool> {
            if current_presence_status(tx, user_id).await?.as_deref() == Some(status.as_str()) {
                return Ok(false);
            }
            sqlx::query("UPDATE presence_periods SET ended_at = $2 WHERE user_id = $1 AND ended_at IS NULL")
                .bind(user_id)
                .bind(db(at))
                .execute(&mut **tx)
                .await?;
            sqlx::query(
                "INSERT INTO presence_periods (id, company_id, user_id, status, started_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(Uuid::now_v7())
            .bind(company_id)
            .bind(user_id)
            .bind(status.as_str())
            .bind(db(at))
            .execute(&mut **tx)
            .await?;
            Ok(true)
        }

        #[async_trait]
        impl PresenceStore for SqlStore {
            async fn set_presence(
                &self,
                company_id: Uuid,
                user_id: Uuid,
                status: PresenceStatus,
                at: Timestamp,
            ) -> StoreResult<bool> {
                let mut tx = self.begin_write().await?;
                let changed = set_presence_in(&mut tx, company_id, user_id, status, at).await?;
                tx.commit().await?;
                Ok(changed)
            }

            async fn find_current_presence(&self, user_id: Uuid) -> StoreResult<Option<PresencePeriod>> {
                let row: Option<PresenceRow> = sqlx::query_as(
                    "SELECT status, started_at, ended_at FROM presence_periods WHERE user_id = $1 AND ended_at IS NULL",
                )
                .bind(user_id)
                .fetch_optional(&self.pool)
                .await?;
                row.map(PresencePeriod::try_from).transpose()
            }

            async fn presence_periods(
                &self,
                company_id: Uuid,
                user_id: Uuid,
                from: Timestamp,
                to: Timestamp,
            ) -> StoreResult<Vec<PresencePeriod>> {
                let rows: Vec<PresenceRow> = sqlx::query_as(
                    "SELECT status, started_at, ended_at FROM presence_periods \
                     WHERE company_id = $1 AND user_id = $2 AND started_at < $4 AND (ended_at IS NULL OR ended_at > $3) \
                     ORDER BY started_at",
                )
                .bind(company_id)
                .bind(user_id)
                .bind(db(from))
                .bind(db(to))
                .fetch_all(&self.pool)
                .await?;
                convert_all(rows)
            }

            async fn stale_present_users(&self, seen_before: Timestamp) -> StoreResult<Vec<(Uuid, Uuid)>> {
                let rows: Vec<(Uuid, Uuid)> = sqlx::query_as(
                    "SELECT p.company_id, p.user_id FROM presence_periods p JOIN users u ON u.id = p.user_id \
                     WHERE p.ended_at IS NULL AND p.status <> 'offline' AND (u.last_seen_at IS NULL OR u.last_seen_at < $1) \
                     ORDER BY p.user_id",
                )
                .bind(db(seen_before))
                .fetch_all(&self.pool)
                .await?;
                Ok(rows)
            }
        }
    };
}
