//! The SQL reports read. Expanded into each backend by `crate::sql_store!`.

/// Implements the area's store for the `SqlStore` of the backend invoking it.
#[doc(hidden)]
#[macro_export]
macro_rules! reports_sql {
    () => {
        use super::shared::*;
        use $crate::reports::rows::{ReportUserRow, UserPresenceRow};
        use blocopro_domain::presence::PresencePeriod;
        use std::collections::HashMap;

        #[async_trait]
        impl ReportStore for SqlStore {
            async fn attendants_presence(
                &self,
                company_id: Uuid,
                user_id: Option<Uuid>,
                from: Timestamp,
                to: Timestamp,
            ) -> StoreResult<Vec<AttendantPresence>> {
                let users: Vec<ReportUserRow> = sqlx::query_as(concat!(
                    "SELECT u.id, u.name, u.is_admin, ",
                    $crate::joined_access_hours!(),
                    " FROM users u LEFT JOIN access_hours ah ON ah.user_id = u.id \
                     WHERE u.company_id = $1 AND u.deleted_at IS NULL AND ($2 IS NULL OR u.id = $2) ORDER BY u.name, u.id"
                ))
                .bind(company_id)
                .bind(user_id)
                .fetch_all(&self.pool)
                .await?;
                let rows: Vec<UserPresenceRow> = sqlx::query_as(
                    "SELECT user_id, status, started_at, ended_at FROM presence_periods \
                     WHERE company_id = $1 AND ($2 IS NULL OR user_id = $2) AND started_at < $4 \
                     AND (ended_at IS NULL OR ended_at > $3) ORDER BY user_id, started_at",
                )
                .bind(company_id)
                .bind(user_id)
                .bind(db(from))
                .bind(db(to))
                .fetch_all(&self.pool)
                .await?;
                let mut periods: HashMap<Uuid, Vec<PresencePeriod>> = HashMap::new();
                for row in rows {
                    periods.entry(row.user_id).or_default().push(row.period.try_into()?);
                }
                Ok(users
                    .into_iter()
                    .map(|user| AttendantPresence {
                        user_id: user.id,
                        periods: periods.remove(&user.id).unwrap_or_default(),
                        name: user.name,
                        is_admin: user.is_admin,
                        access_hours: user.access_hours.into_access_hours(),
                    })
                    .collect())
            }
        }
    };
}
