//! The SQL of messages a channel received or sent, and their receipts. Expanded into each backend by `crate::sql_store!`.

#[doc(hidden)]
#[macro_export]
macro_rules! message_columns {
    () => {
        "id, channel_id, external_id, direction, chat_id, sender, text, status, error, sent_at, created_at"
    };
}

/// Implements the area's store for the `SqlStore` of the backend invoking it.
#[doc(hidden)]
#[macro_export]
macro_rules! messages_sql {
    () => {
        use super::shared::*;
        use $crate::messages::rows::MessageRow;
        use blocopro_domain::channel::{ChannelMessage, DeliveryStatus, MessageDirection};

        /// See `lock_message_key!` in each backend.
        pub(crate) async fn lock_message_key(tx: &mut Tx, channel_id: Uuid, external_id: &str) -> StoreResult<()> {
            let statement: Option<&'static str> = lock_message_key!();
            if let Some(statement) = statement {
                sqlx::query(statement).bind(channel_id).bind(external_id).execute(&mut **tx).await?;
            }
            Ok(())
        }

        async fn message_by_external_id(tx: &mut Tx, channel_id: Uuid, external_id: &str) -> StoreResult<Option<ChannelMessage>> {
            let row: Option<MessageRow> =
                sqlx::query_as(concat!("SELECT ", $crate::message_columns!(), " FROM messages WHERE channel_id = $1 AND external_id = $2"))
                    .bind(channel_id)
                    .bind(external_id)
                    .fetch_optional(&mut **tx)
                    .await?;
            row.map(ChannelMessage::try_from).transpose()
        }

        /// Inserts the message unless its (channel, external id) is stored already; `true` when inserted.
        async fn insert_message_row<'e, E>(executor: E, company_id: Uuid, message: &ChannelMessage) -> StoreResult<bool>
        where
            E: sqlx::Executor<'e, Database = Db>,
        {
            let result = sqlx::query(
                "INSERT INTO messages (id, company_id, channel_id, external_id, direction, chat_id, sender, text, status, \
                 error, sent_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
                 ON CONFLICT (channel_id, external_id) DO NOTHING",
            )
            .bind(message.id)
            .bind(company_id)
            .bind(message.channel_id)
            .bind(&message.external_id)
            .bind(message.direction.as_str())
            .bind(&message.chat_id)
            .bind(&message.sender)
            .bind(&message.text)
            .bind(message.status.as_str())
            .bind(&message.error)
            .bind(db(message.sent_at))
            .bind(db(message.created_at))
            .execute(executor)
            .await?;
            Ok(result.rows_affected() == 1)
        }

        /// Applies the receipts that arrived before the message had its external id.
        pub(crate) async fn apply_early_receipts(tx: &mut Tx, message: ChannelMessage) -> StoreResult<ChannelMessage> {
            let early: Vec<(String, Option<String>)> =
                sqlx::query_as("SELECT status, error FROM message_receipts WHERE channel_id = $1 AND external_id = $2")
                    .bind(message.channel_id)
                    .bind(&message.external_id)
                    .fetch_all(&mut **tx)
                    .await?;
            let mut stored = message;
            for (status, error) in early {
                let Some(status) = DeliveryStatus::parse(&status) else { continue };
                if let Some(advanced) = advance_status(tx, stored.clone(), status, error.as_deref()).await? {
                    stored = advanced;
                }
            }
            Ok(stored)
        }

        /// Moves the message's status forward by `receipt`; returns the message when it changed.
        async fn advance_status(
            tx: &mut Tx,
            mut message: ChannelMessage,
            receipt: DeliveryStatus,
            error: Option<&str>,
        ) -> StoreResult<Option<ChannelMessage>> {
            let advanced = message.status.advanced_by(receipt);
            if advanced == message.status {
                return Ok(None);
            }
            message.status = advanced;
            if advanced == DeliveryStatus::Failed {
                message.error = error.map(str::to_owned);
            }
            sqlx::query("UPDATE messages SET status = $2, error = $3 WHERE id = $1")
                .bind(message.id)
                .bind(message.status.as_str())
                .bind(&message.error)
                .execute(&mut **tx)
                .await?;
            Ok(Some(message))
        }

        #[async_trait]
        impl MessageStore for SqlStore {
            async fn insert_message(&self, company_id: Uuid, message: &ChannelMessage) -> StoreResult<Option<ChannelMessage>> {
                if message.direction == MessageDirection::Inbound {
                    let inserted = self.insert_inbound_messages(&[(company_id, message.clone())]).await?;
                    return Ok(inserted.first().copied().unwrap_or(false).then(|| message.clone()));
                }
                let mut tx = self.begin_write().await?;
                lock_message_key(&mut tx, message.channel_id, &message.external_id).await?;
                if !insert_message_row(&mut *tx, company_id, message).await? {
                    return Ok(None);
                }
                let stored = apply_early_receipts(&mut tx, message.clone()).await?;
                tx.commit().await?;
                Ok(Some(stored))
            }

            /// Nothing sends receipts for what we receive: one multi-row statement is the whole write.
            async fn insert_inbound_messages(&self, messages: &[(Uuid, ChannelMessage)]) -> StoreResult<Vec<bool>> {
                if messages.is_empty() {
                    return Ok(Vec::new());
                }
                let mut insert = sqlx::QueryBuilder::<Db>::new(
                    "INSERT INTO messages (id, company_id, channel_id, external_id, direction, chat_id, sender, text, status, \
                     error, sent_at, created_at) ",
                );
                insert.push_values(messages, |mut row, (company_id, message)| {
                    row.push_bind(message.id)
                        .push_bind(*company_id)
                        .push_bind(message.channel_id)
                        .push_bind(&message.external_id)
                        .push_bind(MessageDirection::Inbound.as_str())
                        .push_bind(&message.chat_id)
                        .push_bind(&message.sender)
                        .push_bind(&message.text)
                        .push_bind(message.status.as_str())
                        .push_bind(&message.error)
                        .push_bind(db(message.sent_at))
                        .push_bind(db(message.created_at));
                });
                insert.push(" ON CONFLICT (channel_id, external_id) DO NOTHING RETURNING id");
                let inserted: Vec<(Uuid,)> = insert.build_query_as().fetch_all(&self.pool).await?;
                let inserted: std::collections::HashSet<Uuid> = inserted.into_iter().map(|(id,)| id).collect();
                Ok(messages.iter().map(|(_, message)| inserted.contains(&message.id)).collect())
            }

            async fn record_receipt(
                &self,
                channel_id: Uuid,
                external_id: &str,
                status: DeliveryStatus,
                error: Option<&str>,
                at: Timestamp,
            ) -> StoreResult<Option<ChannelMessage>> {
                let mut tx = self.begin_write().await?;
                lock_message_key(&mut tx, channel_id, external_id).await?;
                sqlx::query(
                    "INSERT INTO message_receipts (channel_id, external_id, status, error, at) VALUES ($1, $2, $3, $4, $5) \
                     ON CONFLICT (channel_id, external_id, status) DO NOTHING",
                )
                .bind(channel_id)
                .bind(external_id)
                .bind(status.as_str())
                .bind(error)
                .bind(db(at))
                .execute(&mut *tx)
                .await?;
                let changed = match message_by_external_id(&mut tx, channel_id, external_id).await? {
                    Some(message) => advance_status(&mut tx, message, status, error).await?,
                    None => None,
                };
                tx.commit().await?;
                Ok(changed)
            }

            async fn contact_history(&self, company_id: Uuid, phone: &str, page: PageRequest) -> StoreResult<Page<ChannelMessage>> {
                let rows: Vec<MessageRow> = sqlx::query_as(concat!(
                    "SELECT ",
                    $crate::message_columns!(),
                    " FROM messages WHERE company_id = $1 AND (chat_id = $2 OR (sender = $2 AND chat_id LIKE '%@g.us'))",
                    " AND ($3 IS NULL OR id < $3) ORDER BY id DESC LIMIT $4"
                ))
                .bind(company_id)
                .bind(phone)
                .bind(page.after)
                .bind(page.fetch_limit())
                .fetch_all(&self.pool)
                .await?;
                Ok(Page::from_rows(convert_all(rows)?, page, |message: &ChannelMessage| message.id))
            }

            async fn list_channel_messages(
                &self,
                company_id: Uuid,
                channel_id: Uuid,
                filter: &MessageFilter,
                page: PageRequest,
            ) -> StoreResult<Page<ChannelMessage>> {
                let rows: Vec<MessageRow> = sqlx::query_as(concat!(
                    "SELECT ",
                    $crate::message_columns!(),
                    " FROM messages WHERE company_id = $1 AND channel_id = $2 AND ($3 IS NULL OR chat_id = $3)",
                    " AND ($4 IS NULL OR id < $4) ORDER BY id DESC LIMIT $5"
                ))
                .bind(company_id)
                .bind(channel_id)
                .bind(filter.chat_id.as_deref())
                .bind(page.after)
                .bind(page.fetch_limit())
                .fetch_all(&self.pool)
                .await?;
                Ok(Page::from_rows(convert_all(rows)?, page, |message: &ChannelMessage| message.id))
            }
        }
    };
}
