//! The outbox's SQL: outbound messages stored first, claimed by a sending worker, then marked sent
//! (with WhatsApp's id) or failed. Expanded into each backend by `crate::sql_store!`.

#[doc(hidden)]
#[macro_export]
/// Leaves out messages of channels whose session another live instance (the placeholder) holds:
/// only that instance can send them. `$1` is now.
macro_rules! sendable_by {
    ($instance:literal) => {
        concat!(
            "AND NOT EXISTS (SELECT 1 FROM session_leases l WHERE l.channel_id = messages.channel_id ",
            "AND l.instance_id <> ",
            $instance,
            " AND l.expires_at > $1)"
        )
    };
}

/// Implements the area's store for the `SqlStore` of the backend invoking it.
#[doc(hidden)]
#[macro_export]
macro_rules! outbox_sql {
    () => {
        use super::shared::*;
        use $crate::messages::rows::MessageRow;
        use super::messages::{apply_early_receipts, lock_message_key};
        use blocopro_domain::channel::ChannelMessage;
        use blocopro_domain::conversation::preview;

        #[derive(sqlx::FromRow)]
        struct ClaimedRow {
            company_id: Uuid,
            attempts: i32,
            #[sqlx(flatten)]
            message: MessageRow,
        }

        async fn message_by_id(tx: &mut Tx, id: Uuid) -> StoreResult<Option<ChannelMessage>> {
            let row: Option<MessageRow> = sqlx::query_as(concat!("SELECT ", $crate::message_columns!(), " FROM messages WHERE id = $1"))
                .bind(id)
                .fetch_optional(&mut **tx)
                .await?;
            row.map(ChannelMessage::try_from).transpose()
        }

        /// `OutboxStore::enqueue_outbound` inside `tx`, for writes that change more in the same transaction.
        pub(crate) async fn queue_outbound(
            tx: &mut Tx,
            company_id: Uuid,
            message: &ChannelMessage,
            idempotency_key: Option<&str>,
            author_id: Option<Uuid>,
        ) -> StoreResult<(ChannelMessage, bool)> {
            // The unique key answers a repeated request, also one racing the first.
            let inserted = sqlx::query(
                "INSERT INTO messages (id, company_id, channel_id, external_id, direction, chat_id, sender, text, status, \
                 error, sent_at, created_at, idempotency_key, author_id, attempts, next_attempt_at) \
                 VALUES ($1, $2, $3, $4, 'outbound', $5, $6, $7, 'queued', NULL, $8, $8, $9, $10, 0, $8) \
                 ON CONFLICT (company_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING",
            )
            .bind(message.id)
            .bind(company_id)
            .bind(message.channel_id)
            .bind(&message.external_id)
            .bind(&message.chat_id)
            .bind(&message.sender)
            .bind(&message.text)
            .bind(db(message.created_at))
            .bind(idempotency_key)
            .bind(author_id)
            .execute(&mut **tx)
            .await?;
            if inserted.rows_affected() == 0 {
                let known: MessageRow = sqlx::query_as(concat!(
                    "SELECT ",
                    $crate::message_columns!(),
                    " FROM messages WHERE company_id = $1 AND idempotency_key = $2"
                ))
                .bind(company_id)
                .bind(idempotency_key)
                .fetch_one(&mut **tx)
                .await?;
                return Ok((ChannelMessage::try_from(known)?, false));
            }
            sqlx::query(
                "UPDATE conversations SET last_message_at = $3, last_message_preview = $4, updated_at = $3 \
                 WHERE channel_id = $1 AND chat_id = $2",
            )
            .bind(message.channel_id)
            .bind(&message.chat_id)
            .bind(db(message.created_at))
            .bind(preview(&message.text))
            .execute(&mut **tx)
            .await?;
            Ok((message.clone(), true))
        }

        #[async_trait]
        impl OutboxStore for SqlStore {
            async fn enqueue_outbound(
                &self,
                company_id: Uuid,
                message: &ChannelMessage,
                idempotency_key: Option<&str>,
                author_id: Option<Uuid>,
            ) -> StoreResult<(ChannelMessage, bool)> {
                let mut tx = self.begin_write().await?;
                let queued = queue_outbound(&mut tx, company_id, message, idempotency_key, author_id).await?;
                tx.commit().await?;
                Ok(queued)
            }

            async fn claim_outbound(
                &self,
                instance_id: Uuid,
                now: Timestamp,
                lease_until: Timestamp,
                limit: u32,
            ) -> StoreResult<Vec<ClaimedMessage>> {
                // A read first: an idle poll takes no write lock.
                let due: Option<(Uuid,)> = sqlx::query_as(concat!(
                    "SELECT id FROM messages WHERE status = 'queued' AND direction = 'outbound' AND next_attempt_at <= $1 ",
                    $crate::sendable_by!("$2"),
                    " LIMIT 1"
                ))
                .bind(db(now))
                .bind(instance_id)
                .fetch_optional(&self.pool)
                .await?;
                if due.is_none() {
                    return Ok(Vec::new());
                }
                let mut tx = self.begin_write().await?;
                let rows: Vec<ClaimedRow> = sqlx::query_as(concat!(
                    "UPDATE messages SET next_attempt_at = $2, attempts = attempts + 1 WHERE id IN (",
                    "SELECT id FROM messages WHERE status = 'queued' AND direction = 'outbound' AND next_attempt_at <= $1 ",
                    $crate::sendable_by!("$4"),
                    " ORDER BY next_attempt_at LIMIT $3 ",
                    skip_locked!(),
                    ") RETURNING company_id, attempts, ",
                    $crate::message_columns!()
                ))
                .bind(db(now))
                .bind(db(lease_until))
                .bind(i64::from(limit))
                .bind(instance_id)
                .fetch_all(&mut *tx)
                .await?;
                tx.commit().await?;
                rows.into_iter()
                    .map(|row| {
                        Ok(ClaimedMessage {
                            company_id: row.company_id,
                            attempts: u32::try_from(row.attempts).unwrap_or(0),
                            message: ChannelMessage::try_from(row.message)?,
                        })
                    })
                    .collect()
            }

            async fn mark_outbound_sent(&self, id: Uuid, external_id: &str, at: Timestamp) -> StoreResult<Option<ChannelMessage>> {
                let mut tx = self.begin_write().await?;
                let Some(queued) = message_by_id(&mut tx, id).await? else { return Ok(None) };
                lock_message_key(&mut tx, queued.channel_id, external_id).await?;
                sqlx::query(
                    "UPDATE messages SET external_id = $2, status = 'sent', sent_at = $3, next_attempt_at = NULL, error = NULL \
                     WHERE id = $1 AND status = 'queued'",
                )
                .bind(id)
                .bind(external_id)
                .bind(db(at))
                .execute(&mut *tx)
                .await?;
                let Some(sent) = message_by_id(&mut tx, id).await? else { return Ok(None) };
                let sent = apply_early_receipts(&mut tx, sent).await?;
                tx.commit().await?;
                Ok(Some(sent))
            }

            async fn mark_outbound_failed(
                &self,
                id: Uuid,
                error: &str,
                retry_at: Option<Timestamp>,
            ) -> StoreResult<Option<ChannelMessage>> {
                let mut tx = self.begin_write().await?;
                let statement = match retry_at {
                    Some(_) => "UPDATE messages SET next_attempt_at = $3, error = $2 WHERE id = $1 AND status = 'queued'",
                    None => {
                        "UPDATE messages SET status = 'failed', error = $2, next_attempt_at = $3 WHERE id = $1 AND status = 'queued'"
                    }
                };
                sqlx::query(statement).bind(id).bind(error).bind(retry_at.map(db)).execute(&mut *tx).await?;
                let message = message_by_id(&mut tx, id).await?;
                tx.commit().await?;
                Ok(message)
            }
        }
    };
}
