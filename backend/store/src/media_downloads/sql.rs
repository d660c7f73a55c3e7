//! The SQL of received files waiting for their bytes. Expanded into each backend by
//! `crate::sql_store!`.

/// Implements the area's store for the `SqlStore` of the backend invoking it.
#[doc(hidden)]
#[macro_export]
macro_rules! media_downloads_sql {
    () => {
        use super::shared::*;
        use super::messages::messages_by_ids;
        use $crate::media_downloads::ClaimedRow;
        use $crate::messages::rows::db_int;
        use blocopro_domain::channel::ChannelMessage;

        /// Received files not stored yet, due at `$1`, that this instance (`$2`) may fetch: none of
        /// a channel whose session another live instance holds.
        macro_rules! due_downloads {
            () => {
                "SELECT id FROM media WHERE state <> 'stored' AND next_attempt_at <= $1 \
                 AND provider_ref IS NOT NULL AND channel_id IS NOT NULL \
                 AND NOT EXISTS (SELECT 1 FROM session_leases l WHERE l.channel_id = media.channel_id \
                 AND l.instance_id <> $2 AND l.expires_at > $1) "
            };
        }

        /// The messages carrying the file `media_id`.
        async fn messages_carrying(tx: &mut Tx, media_id: Uuid) -> StoreResult<Vec<ChannelMessage>> {
            let ids: Vec<(Uuid,)> =
                sqlx::query_as("SELECT id FROM messages WHERE media_id = $1").bind(media_id).fetch_all(&mut **tx).await?;
            let ids: Vec<Uuid> = ids.into_iter().map(|(id,)| id).collect();
            messages_by_ids(tx, &ids).await
        }

        /// The file's state before a change, `None` when there is no such file.
        async fn media_state(tx: &mut Tx, media_id: Uuid) -> StoreResult<Option<String>> {
            let state: Option<(String,)> = sqlx::query_as(concat!("SELECT state FROM media WHERE id = $1 ", for_update!()))
                .bind(media_id)
                .fetch_optional(&mut **tx)
                .await?;
            Ok(state.map(|(state,)| state))
        }

        #[async_trait]
        impl MediaDownloadStore for SqlStore {
            async fn claim_media_downloads(
                &self,
                instance_id: Uuid,
                now: Timestamp,
                lease_until: Timestamp,
                limit: u32,
            ) -> StoreResult<Vec<ClaimedDownload>> {
                // A read first: an idle poll takes no write lock.
                let due: Option<(Uuid,)> = sqlx::query_as(concat!(due_downloads!(), "LIMIT 1"))
                    .bind(db(now))
                    .bind(instance_id)
                    .fetch_optional(&self.pool)
                    .await?;
                if due.is_none() {
                    return Ok(Vec::new());
                }
                let mut tx = self.begin_write().await?;
                let claimed: Vec<(Uuid,)> = sqlx::query_as(concat!(
                    "UPDATE media SET next_attempt_at = $3, attempts = attempts + 1, updated_at = $1 WHERE id IN (",
                    due_downloads!(),
                    "ORDER BY next_attempt_at LIMIT $4 ",
                    skip_locked!(),
                    ") RETURNING id"
                ))
                .bind(db(now))
                .bind(instance_id)
                .bind(db(lease_until))
                .bind(i64::from(limit))
                .fetch_all(&mut *tx)
                .await?;
                let ids: Vec<Uuid> = claimed.into_iter().map(|(id,)| id).collect();
                if ids.is_empty() {
                    tx.commit().await?;
                    return Ok(Vec::new());
                }
                let mut select = sqlx::QueryBuilder::<Db>::new(concat!(
                    "SELECT md.company_id, md.channel_id, md.attempts, \
                     (SELECT m.kind FROM messages m WHERE m.media_id = md.id ORDER BY m.created_at, m.id LIMIT 1) AS kind, ",
                    $crate::media_row_columns!(),
                    "FROM media md WHERE "
                ));
                push_in_list(&mut select, "md.id", &ids);
                select.push(" ORDER BY md.next_attempt_at, md.id");
                let rows: Vec<ClaimedRow> = select.build_query_as().fetch_all(&mut *tx).await?;
                tx.commit().await?;
                let claimed: Vec<Option<ClaimedDownload>> =
                    rows.into_iter().map(ClaimedRow::into_claimed).collect::<StoreResult<_>>()?;
                Ok(claimed.into_iter().flatten().collect())
            }

            async fn release_media_downloads(&self, ids: &[Uuid], now: Timestamp) -> StoreResult<()> {
                release_claims(self, "media", "state <> 'stored'", ids, now).await
            }

            async fn mark_media_stored(
                &self,
                media_id: Uuid,
                file: &DownloadedFile,
                at: Timestamp,
            ) -> StoreResult<Vec<ChannelMessage>> {
                let mut tx = self.begin_write().await?;
                let stored = sqlx::query(
                    "UPDATE media SET state = 'stored', sha256 = $2, size_bytes = $3, mime_type = COALESCE($4, mime_type), \
                     next_attempt_at = NULL, error = NULL, updated_at = $5 WHERE id = $1 AND state <> 'stored'",
                )
                .bind(media_id)
                .bind(&file.sha256)
                .bind(db_int(Some(file.size_bytes)))
                .bind(file.mime_type.as_deref())
                .bind(db(at))
                .execute(&mut *tx)
                .await?;
                let changed = match stored.rows_affected() {
                    0 => Vec::new(),
                    _ => messages_carrying(&mut tx, media_id).await?,
                };
                tx.commit().await?;
                Ok(changed)
            }

            async fn mark_media_failed(
                &self,
                media_id: Uuid,
                error: &str,
                retry_at: Option<Timestamp>,
                at: Timestamp,
            ) -> StoreResult<Vec<ChannelMessage>> {
                let mut tx = self.begin_write().await?;
                let before = media_state(&mut tx, media_id).await?;
                if before.as_deref().is_none_or(|state| state == "stored") {
                    return Ok(Vec::new());
                }
                sqlx::query(
                    "UPDATE media SET state = 'failed', error = $2, next_attempt_at = $3, updated_at = $4 WHERE id = $1",
                )
                .bind(media_id)
                .bind(error)
                .bind(retry_at.map(db))
                .bind(db(at))
                .execute(&mut *tx)
                .await?;
                let changed = match before.as_deref() {
                    Some("failed") => Vec::new(),
                    _ => messages_carrying(&mut tx, media_id).await?,
                };
                tx.commit().await?;
                Ok(changed)
            }
        }
    };
}
