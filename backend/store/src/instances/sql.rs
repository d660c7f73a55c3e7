//! The SQL of instances sharing the database: heartbeats, realtime sockets per instance
//! (presence), and the leases by which one instance holds each linked device's session. Expanded into each backend by `crate::sql_store!`.

/// Implements the area's store for the `SqlStore` of the backend invoking it.
#[doc(hidden)]
#[macro_export]
macro_rules! instances_sql {
    () => {
        use super::shared::*;
        use $crate::channels::rows::ChannelRow;
        use super::presence::{current_presence_status, set_presence_in};
        use blocopro_domain::channel::{Channel, ChannelKind};
        use blocopro_domain::presence::PresenceStatus;

        /// Serialises the socket counting and presence changes of one user until commit.
        async fn lock_user(tx: &mut Tx, user_id: Uuid) -> StoreResult<()> {
            sqlx::query(concat!("SELECT id FROM users WHERE id = $1 ", for_update!())).bind(user_id).execute(&mut **tx).await?;
            Ok(())
        }

        /// Sockets the user has open on instances heartbeating since `alive_since`.
        async fn live_sockets(tx: &mut Tx, user_id: Uuid, alive_since: Timestamp) -> StoreResult<i64> {
            let count: Option<i64> = sqlx::query_scalar(
                "SELECT sum(s.sockets) FROM instance_sockets s JOIN instances i ON i.id = s.instance_id \
                 WHERE s.user_id = $1 AND i.heartbeat_at >= $2",
            )
            .bind(user_id)
            .bind(db(alive_since))
            .fetch_one(&mut **tx)
            .await?;
            Ok(count.unwrap_or(0))
        }

        /// Deletes the instances with their sockets and leases; answers the users left without a socket
        /// on an instance alive since `alive_since` while shown online or away.
        async fn forget_instances(tx: &mut Tx, instance_ids: &[Uuid], alive_since: Timestamp) -> StoreResult<Vec<(Uuid, Uuid)>> {
            let mut orphaned = Vec::new();
            for &instance_id in instance_ids {
                let users: Vec<(Uuid, Uuid)> =
                    sqlx::query_as("DELETE FROM instance_sockets WHERE instance_id = $1 RETURNING company_id, user_id")
                        .bind(instance_id)
                        .fetch_all(&mut **tx)
                        .await?;
                orphaned.extend(users);
                sqlx::query("DELETE FROM session_leases WHERE instance_id = $1").bind(instance_id).execute(&mut **tx).await?;
                sqlx::query("DELETE FROM instances WHERE id = $1").bind(instance_id).execute(&mut **tx).await?;
            }
            let mut offline = Vec::new();
            for (company_id, user_id) in orphaned {
                let still_open = live_sockets(tx, user_id, alive_since).await? > 0;
                let shown = current_presence_status(tx, user_id).await?.is_some_and(|status| status != PresenceStatus::Offline.as_str());
                if !still_open && shown && !offline.contains(&(company_id, user_id)) {
                    offline.push((company_id, user_id));
                }
            }
            Ok(offline)
        }

        #[derive(sqlx::FromRow)]
        struct LeaseRow {
            channel_id: Uuid,
            stop: Option<String>,
        }

        impl From<LeaseRow> for SessionLease {
            fn from(row: LeaseRow) -> Self {
                SessionLease { channel_id: row.channel_id, stop: row.stop.as_deref().and_then(SessionStop::parse) }
            }
        }

        #[async_trait]
        impl InstanceStore for SqlStore {
            fn owned_by_one_instance(&self) -> bool {
                SqlStore::OWNED_BY_ONE_INSTANCE
            }

            async fn instance_heartbeat(&self, instance_id: Uuid, at: Timestamp) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO instances (id, heartbeat_at) VALUES ($1, $2) \
                     ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at",
                )
                .bind(instance_id)
                .bind(db(at))
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn reap_instances(&self, dead_before: Timestamp) -> StoreResult<Vec<(Uuid, Uuid)>> {
                let mut tx = self.begin_write().await?;
                let dead: Vec<Uuid> = sqlx::query_scalar(concat!("SELECT id FROM instances WHERE heartbeat_at < $1 ", for_update!()))
                    .bind(db(dead_before))
                    .fetch_all(&mut *tx)
                    .await?;
                let offline = forget_instances(&mut tx, &dead, dead_before).await?;
                tx.commit().await?;
                Ok(offline)
            }

            async fn remove_instance(&self, instance_id: Uuid, alive_since: Timestamp) -> StoreResult<Vec<(Uuid, Uuid)>> {
                let mut tx = self.begin_write().await?;
                let offline = forget_instances(&mut tx, &[instance_id], alive_since).await?;
                tx.commit().await?;
                Ok(offline)
            }

            async fn socket_opened(
                &self,
                instance_id: Uuid,
                company_id: Uuid,
                user_id: Uuid,
                at: Timestamp,
            ) -> StoreResult<bool> {
                let mut tx = self.begin_write().await?;
                lock_user(&mut tx, user_id).await?;
                sqlx::query(
                    "INSERT INTO instance_sockets (instance_id, user_id, company_id, sockets) VALUES ($1, $2, $3, 1) \
                     ON CONFLICT (instance_id, user_id) DO UPDATE SET sockets = instance_sockets.sockets + 1",
                )
                .bind(instance_id)
                .bind(user_id)
                .bind(company_id)
                .execute(&mut *tx)
                .await?;
                let status = current_presence_status(&mut tx, user_id).await?;
                let offline = status.is_none_or(|status| status == PresenceStatus::Offline.as_str());
                let changed = offline && set_presence_in(&mut tx, company_id, user_id, PresenceStatus::Online, at).await?;
                tx.commit().await?;
                Ok(changed)
            }

            async fn socket_closed(
                &self,
                instance_id: Uuid,
                company_id: Uuid,
                user_id: Uuid,
                at: Timestamp,
                alive_since: Timestamp,
            ) -> StoreResult<bool> {
                let mut tx = self.begin_write().await?;
                lock_user(&mut tx, user_id).await?;
                sqlx::query("UPDATE instance_sockets SET sockets = sockets - 1 WHERE instance_id = $1 AND user_id = $2")
                    .bind(instance_id)
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("DELETE FROM instance_sockets WHERE instance_id = $1 AND user_id = $2 AND sockets <= 0")
                    .bind(instance_id)
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await?;
                let changed = live_sockets(&mut tx, user_id, alive_since).await? == 0
                    && set_presence_in(&mut tx, company_id, user_id, PresenceStatus::Offline, at).await?;
                tx.commit().await?;
                Ok(changed)
            }

            async fn acquire_session_lease(
                &self,
                channel_id: Uuid,
                instance_id: Uuid,
                now: Timestamp,
                expires_at: Timestamp,
            ) -> StoreResult<bool> {
                let holder: Option<Uuid> = sqlx::query_scalar(
                    "INSERT INTO session_leases (channel_id, instance_id, expires_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (channel_id) DO UPDATE SET instance_id = excluded.instance_id, \
                     expires_at = excluded.expires_at, \
                     stop = CASE WHEN session_leases.instance_id = excluded.instance_id THEN session_leases.stop END \
                     WHERE session_leases.instance_id = excluded.instance_id OR session_leases.expires_at <= $4 \
                     RETURNING instance_id",
                )
                .bind(channel_id)
                .bind(instance_id)
                .bind(db(expires_at))
                .bind(db(now))
                .fetch_optional(&self.pool)
                .await?;
                Ok(holder == Some(instance_id))
            }

            async fn renew_session_leases(&self, instance_id: Uuid, expires_at: Timestamp) -> StoreResult<Vec<SessionLease>> {
                let rows: Vec<LeaseRow> = sqlx::query_as(
                    "UPDATE session_leases SET expires_at = $2 WHERE instance_id = $1 RETURNING channel_id, stop",
                )
                .bind(instance_id)
                .bind(db(expires_at))
                .fetch_all(&self.pool)
                .await?;
                Ok(rows.into_iter().map(SessionLease::from).collect())
            }

            async fn release_session_lease(&self, channel_id: Uuid, instance_id: Uuid) -> StoreResult<()> {
                sqlx::query("DELETE FROM session_leases WHERE channel_id = $1 AND instance_id = $2")
                    .bind(channel_id)
                    .bind(instance_id)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn request_session_stop(
                &self,
                channel_id: Uuid,
                stop: SessionStop,
                now: Timestamp,
            ) -> StoreResult<Option<Uuid>> {
                let holder = sqlx::query_scalar(
                    "UPDATE session_leases SET stop = $2 WHERE channel_id = $1 AND expires_at > $3 RETURNING instance_id",
                )
                .bind(channel_id)
                .bind(stop.as_str())
                .bind(db(now))
                .fetch_optional(&self.pool)
                .await?;
                Ok(holder)
            }

            async fn orphaned_sessions(&self, kinds: &[ChannelKind], now: Timestamp) -> StoreResult<Vec<Channel>> {
                if kinds.is_empty() {
                    return Ok(Vec::new());
                }
                let mut query = sqlx::QueryBuilder::<Db>::new(concat!(
                    "SELECT ",
                    $crate::channel_columns!(),
                    " FROM channels WHERE deleted_at IS NULL AND status = 'connected' AND NOT EXISTS (",
                    "SELECT 1 FROM session_leases l WHERE l.channel_id = channels.id AND l.expires_at > "
                ));
                query.push_bind(db(now)).push(") AND kind IN (");
                let mut separated = query.separated(", ");
                for kind in kinds {
                    separated.push_bind(kind.as_str());
                }
                query.push(") ORDER BY id");
                let rows: Vec<ChannelRow> = query.build_query_as().fetch_all(&self.pool).await?;
                convert_all(rows)
            }
        }
    };
}
