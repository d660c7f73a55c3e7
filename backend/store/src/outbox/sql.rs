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
        use super::messages::{
            apply_early_receipts, attach_media, department_of_chat, lock_message_key, message_by_id, messages_by_ids, push_message_values,
        };
        use blocopro_domain::channel::ChannelMessage;
        use blocopro_domain::reports::service::{ServiceEventKind, seconds_since};
        use super::reports::{NewServiceEvent, insert_service_event};

        /// `OutboxStore::enqueue_outbound` inside `tx`, for writes that change more in the same transaction.
        pub(crate) async fn queue_outbound(
            tx: &mut Tx,
            company_id: Uuid,
            message: &ChannelMessage,
            idempotency_key: Option<&str>,
            author_id: Option<Uuid>,
        ) -> StoreResult<(ChannelMessage, bool)> {
            let department_id = department_of_chat(tx, message.channel_id, &message.chat_id).await?;
            // The unique key answers a repeated request, also one racing the first.
            let mut insert = sqlx::QueryBuilder::<Db>::new(concat!(
                "INSERT INTO messages (",
                $crate::message_insert_columns!(),
                ", idempotency_key, author_id, attempts, next_attempt_at, department_id) "
            ));
            insert.push_values([message], |mut row, message| {
                push_message_values(&mut row, company_id, message);
                row.push_bind(idempotency_key).push_bind(author_id).push_bind(0_i32).push_bind(db(message.created_at));
                row.push_bind(department_id);
            });
            insert.push(" ON CONFLICT (company_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING");
            let inserted = insert.build().execute(&mut **tx).await?;
            if inserted.rows_affected() == 0 {
                let (known,): (Uuid,) =
                    sqlx::query_as("SELECT id FROM messages WHERE company_id = $1 AND idempotency_key = $2")
                        .bind(company_id)
                        .bind(idempotency_key)
                        .fetch_one(&mut **tx)
                        .await?;
                let known = message_by_id(tx, known).await?.ok_or(StoreError::NotFound)?;
                return Ok((known, false));
            }
            attach_media(tx, company_id, message).await?;
            sqlx::query(
                "UPDATE conversations SET last_message_at = $3, last_message_preview = $4, last_message_kind = $5, \
                 updated_at = $3 WHERE channel_id = $1 AND chat_id = $2",
            )
            .bind(message.channel_id)
            .bind(&message.chat_id)
            .bind(db(message.created_at))
            .bind(message.content.preview())
            .bind(message.content.kind.as_str())
            .execute(&mut **tx)
            .await?;
            if let Some(author_id) = author_id {
                first_response(tx, message, author_id).await?;
            }
            let stored = message_by_id(tx, message.id).await?.ok_or(StoreError::NotFound)?;
            Ok((stored, true))
        }

        /// An attendant's first message in a direct conversation's service cycle: its first-response
        /// time, from the cycle's start.
        async fn first_response(tx: &mut Tx, message: &ChannelMessage, author_id: Uuid) -> StoreResult<()> {
            let answered: Option<(Uuid, Uuid, Option<Uuid>, DbTime)> = sqlx::query_as(
                "UPDATE conversations SET first_response_at = $3 WHERE channel_id = $1 AND chat_id = $2 \
                 AND kind = 'direct' AND cycle_started_at IS NOT NULL AND first_response_at IS NULL AND status <> 'closed' \
                 RETURNING id, company_id, department_id, cycle_started_at",
            )
            .bind(message.channel_id)
            .bind(&message.chat_id)
            .bind(db(message.created_at))
            .fetch_optional(&mut **tx)
            .await?;
            let Some((conversation_id, company_id, department_id, started)) = answered else { return Ok(()) };
            let event = NewServiceEvent {
                company_id,
                conversation_id,
                kind: ServiceEventKind::Responded,
                at: message.created_at,
                user_id: Some(author_id),
                department_id,
                channel_id: message.channel_id,
                seconds: Some(seconds_since(started.0, message.created_at)),
            };
            insert_service_event(tx, &event).await
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
                let mut claimed: Vec<(Uuid, Uuid, i32)> = sqlx::query_as(concat!(
                    "UPDATE messages SET next_attempt_at = $2, attempts = attempts + 1 WHERE id IN (",
                    "SELECT id FROM messages WHERE status = 'queued' AND direction = 'outbound' AND next_attempt_at <= $1 ",
                    $crate::sendable_by!("$4"),
                    " ORDER BY next_attempt_at LIMIT $3 ",
                    skip_locked!(),
                    ") RETURNING id, company_id, attempts"
                ))
                .bind(db(now))
                .bind(db(lease_until))
                .bind(i64::from(limit))
                .bind(instance_id)
                .fetch_all(&mut *tx)
                .await?;
                // RETURNING keeps no order: the messages go out in the order they were written.
                claimed.sort_unstable_by_key(|(id, _, _)| *id);
                let ids: Vec<Uuid> = claimed.iter().map(|(id, _, _)| *id).collect();
                let mut messages: std::collections::HashMap<Uuid, ChannelMessage> =
                    messages_by_ids(&mut tx, &ids).await?.into_iter().map(|message| (message.id, message)).collect();
                tx.commit().await?;
                Ok(claimed
                    .into_iter()
                    .filter_map(|(id, company_id, attempts)| {
                        let message = messages.remove(&id)?;
                        Some(ClaimedMessage { company_id, attempts: u32::try_from(attempts).unwrap_or(0), message })
                    })
                    .collect())
            }

            async fn release_outbound(&self, ids: &[Uuid], now: Timestamp) -> StoreResult<()> {
                release_claims(self, "messages", "status = 'queued' AND direction = 'outbound'", ids, now).await
            }

            async fn mark_outbound_sent(&self, id: Uuid, external_id: &str, at: Timestamp) -> StoreResult<Option<ChannelMessage>> {
                let mut tx = self.begin_write().await?;
                let channel: Option<(Uuid,)> =
                    sqlx::query_as("SELECT channel_id FROM messages WHERE id = $1").bind(id).fetch_optional(&mut *tx).await?;
                let Some((channel_id,)) = channel else { return Ok(None) };
                lock_message_key(&mut tx, channel_id, external_id).await?;
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
