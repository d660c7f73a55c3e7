//! The SQL of channels and the users linked to them. Expanded into each backend by `crate::sql_store!`.

#[doc(hidden)]
#[macro_export]
macro_rules! channel_columns {
    () => {
        "id, company_id, name, kind, status, phone_number, cloud_phone_number_id, cloud_waba_id, cloud_api_version, \
         status_changed_at, created_at, updated_at"
    };
}

/// Implements the area's store for the `SqlStore` of the backend invoking it.
#[doc(hidden)]
#[macro_export]
macro_rules! channels_sql {
    () => {
        use super::shared::*;
        use $crate::channels::rows::ChannelRow;
        use super::users::{CHANNEL_LINKS, replace_user_links, was_active_admin};
        use blocopro_domain::channel::{Channel, ChannelMessage, ChannelStatus, DeliveryStatus, MessageDirection};

        fn cloud_field<'a>(channel: &'a Channel, field: impl Fn(&'a blocopro_domain::channel::CloudSettings) -> Option<&'a str>)
        -> Option<&'a str> {
            channel.cloud.as_ref().and_then(field)
        }

        #[async_trait]
        impl ChannelStore for SqlStore {
            async fn create_channel(
                &self,
                channel: &Channel,
                credentials: Option<&[u8]>,
                audit: &NewAuditEntry,
            ) -> StoreResult<()> {
                $crate::audited_write!(self, audit, |tx| {
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
                })
            }

            async fn get_channel(&self, company_id: Uuid, id: Uuid) -> StoreResult<Option<Channel>> {
                let row: Option<ChannelRow> = sqlx::query_as(concat!(
                    "SELECT ",
                    $crate::channel_columns!(),
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
                    $crate::channel_columns!(),
                    " FROM channels WHERE id = $1 AND deleted_at IS NULL"
                ))
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
                row.map(Channel::try_from).transpose()
            }

            async fn find_channel_credentials(&self, id: Uuid) -> StoreResult<Option<Vec<u8>>> {
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
                    $crate::channel_columns!(),
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
                $crate::audited_write!(self, audit, |tx| {
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
                })
            }

            async fn delete_channel(&self, company_id: Uuid, id: Uuid, audit: &NewAuditEntry) -> StoreResult<()> {
                $crate::audited_write!(self, audit, |tx| {
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
                })
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
                    $crate::channel_columns!()
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
                    $crate::channel_columns!()
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
                    $crate::channel_columns!(),
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
                $crate::audited_write!(self, audit, |tx| {
                    was_active_admin(&mut tx, company_id, user_id).await?;
                    replace_user_links(&mut tx, &CHANNEL_LINKS, company_id, user_id, channel_ids).await?;
                })
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
    };
}
