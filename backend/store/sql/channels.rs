// Channels, the users linked to them, and the messages they carry, in SQL both backends accept.
// Included after `backend_impl.rs`, whose helpers (`db`, `expect_one`, `insert_audit`, …) it uses.

use blocopro_domain::channel::{Channel, ChannelMessage, ChannelStatus, DeliveryStatus, MessageDirection};

macro_rules! channel_columns {
    () => {
        "id, company_id, name, kind, status, phone_number, cloud_phone_number_id, cloud_waba_id, cloud_api_version, \
         status_changed_at, created_at, updated_at"
    };
}

macro_rules! message_columns {
    () => {
        "id, channel_id, external_id, direction, chat_id, sender, text, status, error, sent_at, created_at"
    };
}

fn cloud_field<'a>(channel: &'a Channel, field: impl Fn(&'a blocopro_domain::channel::CloudSettings) -> Option<&'a str>)
-> Option<&'a str> {
    channel.cloud.as_ref().and_then(field)
}

/// See `lock_message_key!` in each backend.
async fn lock_message_key(tx: &mut Tx, channel_id: Uuid, external_id: &str) -> StoreResult<()> {
    let statement: Option<&'static str> = lock_message_key!();
    if let Some(statement) = statement {
        sqlx::query(statement).bind(channel_id).bind(external_id).execute(&mut **tx).await?;
    }
    Ok(())
}

async fn message_by_external_id(tx: &mut Tx, channel_id: Uuid, external_id: &str) -> StoreResult<Option<ChannelMessage>> {
    let row: Option<MessageRow> =
        sqlx::query_as(concat!("SELECT ", message_columns!(), " FROM messages WHERE channel_id = $1 AND external_id = $2"))
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
async fn apply_early_receipts(tx: &mut Tx, message: ChannelMessage) -> StoreResult<ChannelMessage> {
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
impl ChannelStore for SqlStore {
    async fn create_channel(
        &self,
        channel: &Channel,
        credentials: Option<&[u8]>,
        audit: &NewAuditEntry,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO channels (id, company_id, name, kind, status, phone_number, cloud_phone_number_id, \
             cloud_waba_id, cloud_api_version, credentials, status_changed_at, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(channel.id)
        .bind(channel.company_id)
        .bind(&channel.name)
        .bind(channel.kind.as_str())
        .bind(channel.status.as_str())
        .bind(&channel.phone_number)
        .bind(cloud_field(channel, |cloud| Some(&cloud.phone_number_id)))
        .bind(cloud_field(channel, |cloud| cloud.waba_id.as_deref()))
        .bind(cloud_field(channel, |cloud| Some(&cloud.api_version)))
        .bind(credentials)
        .bind(db(channel.status_changed_at))
        .bind(db(channel.created_at))
        .bind(db(channel.updated_at))
        .execute(&mut *tx)
        .await?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn get_channel(&self, company_id: Uuid, id: Uuid) -> StoreResult<Option<Channel>> {
        let row: Option<ChannelRow> = sqlx::query_as(concat!(
            "SELECT ",
            channel_columns!(),
            " FROM channels WHERE id = $1 AND company_id = $2 AND deleted_at IS NULL"
        ))
        .bind(id)
        .bind(company_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(Channel::try_from).transpose()
    }

    async fn find_channel(&self, id: Uuid) -> StoreResult<Option<Channel>> {
        let row: Option<ChannelRow> = sqlx::query_as(concat!(
            "SELECT ",
            channel_columns!(),
            " FROM channels WHERE id = $1 AND deleted_at IS NULL"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(Channel::try_from).transpose()
    }

    async fn channel_credentials(&self, id: Uuid) -> StoreResult<Option<Vec<u8>>> {
        let row: Option<(Option<Vec<u8>>,)> =
            sqlx::query_as("SELECT credentials FROM channels WHERE id = $1 AND deleted_at IS NULL")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.and_then(|(credentials,)| credentials))
    }

    async fn list_channels(
        &self,
        company_id: Uuid,
        filter: &ChannelFilter,
        page: PageRequest,
    ) -> StoreResult<Page<Channel>> {
        let rows: Vec<ChannelRow> = sqlx::query_as(concat!(
            "SELECT ",
            channel_columns!(),
            " FROM channels ch WHERE company_id = $1 AND deleted_at IS NULL",
            " AND ($2 IS NULL OR EXISTS (SELECT 1 FROM user_channels uc WHERE uc.channel_id = ch.id AND uc.user_id = $2))",
            " AND ($3 IS NULL OR (name, id) > (SELECT c.name, c.id FROM channels c WHERE c.id = $3 AND c.company_id = $1))",
            " ORDER BY name, id LIMIT $4"
        ))
        .bind(company_id)
        .bind(filter.linked_user)
        .bind(page.after)
        .bind(page.fetch_limit())
        .fetch_all(&self.pool)
        .await?;
        Ok(Page::from_rows(convert_all(rows)?, page, |channel: &Channel| channel.id))
    }

    async fn update_channel(
        &self,
        channel: &Channel,
        credentials: Option<&[u8]>,
        audit: &NewAuditEntry,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let result = sqlx::query(
            "UPDATE channels SET name = $3, cloud_phone_number_id = $4, cloud_waba_id = $5, cloud_api_version = $6, \
             credentials = coalesce($7, credentials), updated_at = $8 \
             WHERE id = $1 AND company_id = $2 AND deleted_at IS NULL",
        )
        .bind(channel.id)
        .bind(channel.company_id)
        .bind(&channel.name)
        .bind(cloud_field(channel, |cloud| Some(&cloud.phone_number_id)))
        .bind(cloud_field(channel, |cloud| cloud.waba_id.as_deref()))
        .bind(cloud_field(channel, |cloud| Some(&cloud.api_version)))
        .bind(credentials)
        .bind(db(channel.updated_at))
        .execute(&mut *tx)
        .await?;
        expect_one(result.rows_affected())?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn delete_channel(&self, company_id: Uuid, id: Uuid, audit: &NewAuditEntry) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let result = sqlx::query(
            "UPDATE channels SET deleted_at = $3, qr_code = NULL, qr_expires_at = NULL \
             WHERE id = $1 AND company_id = $2 AND deleted_at IS NULL",
        )
        .bind(id)
        .bind(company_id)
        .bind(db(Timestamp::now()))
        .execute(&mut *tx)
        .await?;
        expect_one(result.rows_affected())?;
        sqlx::query("DELETE FROM user_channels WHERE channel_id = $1").bind(id).execute(&mut *tx).await?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn set_channel_status(
        &self,
        id: Uuid,
        status: ChannelStatus,
        phone_number: Option<&str>,
        at: Timestamp,
    ) -> StoreResult<Option<Channel>> {
        let row: Option<ChannelRow> = sqlx::query_as(concat!(
            "UPDATE channels SET status = $2, phone_number = coalesce($3, phone_number),",
            " status_changed_at = CASE WHEN status = $2 THEN status_changed_at ELSE $4 END,",
            " qr_code = CASE WHEN $2 = 'pairing' THEN qr_code END,",
            " qr_expires_at = CASE WHEN $2 = 'pairing' THEN qr_expires_at END",
            " WHERE id = $1 AND deleted_at IS NULL RETURNING ",
            channel_columns!()
        ))
        .bind(id)
        .bind(status.as_str())
        .bind(phone_number)
        .bind(db(at))
        .fetch_optional(&self.pool)
        .await?;
        row.map(Channel::try_from).transpose()
    }

    async fn start_pairing(
        &self,
        id: Uuid,
        code: &str,
        expires_at: Timestamp,
        at: Timestamp,
    ) -> StoreResult<Option<Channel>> {
        let row: Option<ChannelRow> = sqlx::query_as(concat!(
            "UPDATE channels SET status = 'pairing', qr_code = $2, qr_expires_at = $3,",
            " status_changed_at = CASE WHEN status = 'pairing' THEN status_changed_at ELSE $4 END",
            " WHERE id = $1 AND deleted_at IS NULL RETURNING ",
            channel_columns!()
        ))
        .bind(id)
        .bind(code)
        .bind(db(expires_at))
        .bind(db(at))
        .fetch_optional(&self.pool)
        .await?;
        row.map(Channel::try_from).transpose()
    }

    async fn set_channel_qr(&self, id: Uuid, code: &str, expires_at: Timestamp) -> StoreResult<bool> {
        let result = sqlx::query(
            "UPDATE channels SET qr_code = $2, qr_expires_at = $3 \
             WHERE id = $1 AND status = 'pairing' AND deleted_at IS NULL",
        )
        .bind(id)
        .bind(code)
        .bind(db(expires_at))
        .execute(&self.pool)
        .await?;
        Ok(result.rows_affected() == 1)
    }

    async fn channel_qr(&self, company_id: Uuid, id: Uuid) -> StoreResult<Option<ChannelQr>> {
        let row: Option<(Option<String>, Option<DbTime>)> = sqlx::query_as(
            "SELECT qr_code, qr_expires_at FROM channels \
             WHERE id = $1 AND company_id = $2 AND status = 'pairing' AND deleted_at IS NULL",
        )
        .bind(id)
        .bind(company_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(match row {
            Some((Some(code), Some(expires_at))) => Some(ChannelQr { code, expires_at: expires_at.0 }),
            _ => None,
        })
    }

    async fn live_channels(&self) -> StoreResult<Vec<Channel>> {
        let rows: Vec<ChannelRow> = sqlx::query_as(concat!(
            "SELECT ",
            channel_columns!(),
            " FROM channels WHERE deleted_at IS NULL AND status IN ('connected', 'pairing') ORDER BY id"
        ))
        .fetch_all(&self.pool)
        .await?;
        convert_all(rows)
    }

    async fn set_user_channels(
        &self,
        company_id: Uuid,
        user_id: Uuid,
        channel_ids: &[Uuid],
        audit: &NewAuditEntry,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        was_active_admin(&mut tx, company_id, user_id).await?;
        replace_user_links(&mut tx, &CHANNEL_LINKS, company_id, user_id, channel_ids).await?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn user_channel_ids(&self, company_id: Uuid, user_id: Uuid) -> StoreResult<Vec<Uuid>> {
        let ids = sqlx::query_scalar(
            "SELECT uc.channel_id FROM user_channels uc JOIN users u ON u.id = uc.user_id \
             WHERE uc.user_id = $1 AND u.company_id = $2 ORDER BY uc.channel_id",
        )
        .bind(user_id)
        .bind(company_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(ids)
    }
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
            message_columns!(),
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
            message_columns!(),
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
