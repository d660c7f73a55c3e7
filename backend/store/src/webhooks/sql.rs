//! The SQL of outgoing webhooks: each follows its company's event log from its own position;
//! feeding queues deliveries and moves the position in one transaction; senders claim due
//! deliveries with a lease. Expanded into each backend by `crate::sql_store!`.

#[doc(hidden)]
#[macro_export]
macro_rules! webhook_columns {
    () => {
        "id, company_id, url, events, created_by, created_at"
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! delivery_columns {
    () => {
        "id, webhook_id, event_type, event_cursor, status, attempts, last_status, last_error, created_at, \
         last_attempt_at, next_attempt_at, delivered_at"
    };
}

/// Implements the area's store for the `SqlStore` of the backend invoking it.
#[doc(hidden)]
#[macro_export]
macro_rules! webhooks_sql {
    () => {
        use super::shared::*;
        use $crate::events::rows::EventRow;
        use $crate::webhooks::rows::{WebhookDeliveryRow, WebhookRow};
        use blocopro_domain::webhook::{PING_EVENT, Webhook, WebhookDelivery};

        #[derive(sqlx::FromRow)]
        struct PositionedWebhookRow {
            last_cursor: i64,
            #[sqlx(flatten)]
            webhook: WebhookRow,
        }

        #[derive(sqlx::FromRow)]
        struct ClaimedDeliveryRow {
            company_id: Uuid,
            data: Json<serde_json::Value>,
            url: String,
            secret: Vec<u8>,
            #[sqlx(flatten)]
            delivery: WebhookDeliveryRow,
        }

        impl TryFrom<ClaimedDeliveryRow> for ClaimedDelivery {
            type Error = StoreError;

            fn try_from(row: ClaimedDeliveryRow) -> StoreResult<Self> {
                Ok(ClaimedDelivery {
                    company_id: row.company_id,
                    delivery: WebhookDelivery::try_from(row.delivery)?,
                    url: row.url,
                    sealed_secret: row.secret,
                    data: row.data.0,
                })
            }
        }

        /// Queues one delivery per event, due at `now`.
        async fn insert_deliveries(tx: &mut Tx, webhook: &Webhook, events: &[&EventRow], now: Timestamp) -> StoreResult<()> {
            for chunk in events.chunks(ROWS_PER_STATEMENT) {
                let mut insert = sqlx::QueryBuilder::<Db>::new(
                    "INSERT INTO webhook_deliveries (id, company_id, webhook_id, event_type, event_cursor, data, status, \
                     attempts, created_at, next_attempt_at) ",
                );
                insert.push_values(chunk, |mut row, event| {
                    row.push_bind(Uuid::now_v7())
                        .push_bind(webhook.company_id)
                        .push_bind(webhook.id)
                        .push_bind(&event.kind)
                        .push_bind(event.cursor)
                        .push_bind(Json(&event.data.0))
                        .push_bind("queued")
                        .push_bind(0_i32)
                        .push_bind(event.created_at)
                        .push_bind(db(now));
                });
                insert.build().execute(&mut **tx).await?;
            }
            Ok(())
        }

        #[async_trait]
        impl WebhookStore for SqlStore {
            async fn create_webhook(&self, webhook: &Webhook, sealed_secret: &[u8], audit: &NewAuditEntry) -> StoreResult<()> {
                let events: Vec<&str> = webhook.events.iter().map(|event| event.as_str()).collect();
                $crate::audited_write!(self, audit, |tx| {
                    sqlx::query(concat!(
                        "INSERT INTO webhooks (id, company_id, url, events, secret, created_by, created_at, last_cursor) ",
                        "VALUES ($1, $2, $3, $4, $5, $6, $7, COALESCE((",
                        last_event_cursor_query!(),
                        "), 0))"
                    ))
                    .bind(webhook.id)
                    .bind(webhook.company_id)
                    .bind(&webhook.url)
                    .bind(Json(events))
                    .bind(sealed_secret)
                    .bind(webhook.created_by)
                    .bind(db(webhook.created_at))
                    .execute(&mut *tx)
                    .await?;
                })
            }

            async fn list_webhooks(&self, company_id: Uuid, page: PageRequest) -> StoreResult<Page<Webhook>> {
                let rows: Vec<WebhookRow> = sqlx::query_as(concat!(
                    "SELECT ",
                    $crate::webhook_columns!(),
                    " FROM webhooks WHERE company_id = $1 AND ($2 IS NULL OR id > $2) ORDER BY id LIMIT $3"
                ))
                .bind(company_id)
                .bind(page.after)
                .bind(page.fetch_limit())
                .fetch_all(&self.pool)
                .await?;
                let webhooks = rows.into_iter().map(Webhook::from).collect();
                Ok(Page::from_rows(webhooks, page, |webhook: &Webhook| webhook.id))
            }

            async fn get_webhook(&self, company_id: Uuid, id: Uuid) -> StoreResult<Option<Webhook>> {
                let row: Option<WebhookRow> =
                    sqlx::query_as(concat!("SELECT ", $crate::webhook_columns!(), " FROM webhooks WHERE id = $1 AND company_id = $2"))
                        .bind(id)
                        .bind(company_id)
                        .fetch_optional(&self.pool)
                        .await?;
                Ok(row.map(Webhook::from))
            }

            async fn delete_webhook(&self, company_id: Uuid, id: Uuid, audit: &NewAuditEntry) -> StoreResult<()> {
                $crate::audited_write!(self, audit, |tx| {
                    let result = sqlx::query("DELETE FROM webhooks WHERE id = $1 AND company_id = $2")
                        .bind(id)
                        .bind(company_id)
                        .execute(&mut *tx)
                        .await?;
                    expect_one(result.rows_affected())?;
                })
            }

            async fn webhooks_behind(&self) -> StoreResult<Vec<Uuid>> {
                let ids: Vec<(Uuid,)> = sqlx::query_as(
                    "SELECT w.id FROM webhooks w WHERE EXISTS \
                     (SELECT 1 FROM events e WHERE e.company_id = w.company_id AND e.cursor > w.last_cursor) ORDER BY w.id",
                )
                .fetch_all(&self.pool)
                .await?;
                Ok(ids.into_iter().map(|(id,)| id).collect())
            }

            async fn feed_webhook(&self, id: Uuid, limit: u32, now: Timestamp) -> StoreResult<FedEvents> {
                let mut tx = self.begin_write().await?;
                // The lock makes a concurrent feeder wait, then read the position this one leaves.
                let row: Option<PositionedWebhookRow> = sqlx::query_as(concat!(
                    "SELECT last_cursor, ",
                    $crate::webhook_columns!(),
                    " FROM webhooks WHERE id = $1 ",
                    for_update!()
                ))
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
                let Some(PositionedWebhookRow { last_cursor, webhook }) = row else { return Ok(FedEvents::default()) };
                let webhook = Webhook::from(webhook);
                let events: Vec<EventRow> = sqlx::query_as(
                    "SELECT cursor, company_id, kind, audience, data, created_at FROM events \
                     WHERE company_id = $1 AND cursor > $2 ORDER BY cursor LIMIT $3",
                )
                .bind(webhook.company_id)
                .bind(last_cursor)
                .bind(i64::from(limit))
                .fetch_all(&mut *tx)
                .await?;
                let Some(last) = events.last() else { return Ok(FedEvents::default()) };
                let wanted: Vec<&EventRow> = events.iter().filter(|event| webhook.wants(&event.kind)).collect();
                insert_deliveries(&mut tx, &webhook, &wanted, now).await?;
                sqlx::query("UPDATE webhooks SET last_cursor = $2 WHERE id = $1")
                    .bind(id)
                    .bind(last.cursor)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(FedEvents { read: events.len(), queued: wanted.len() })
            }

            async fn queue_webhook_ping(
                &self,
                company_id: Uuid,
                webhook_id: Uuid,
                data: &serde_json::Value,
                now: Timestamp,
            ) -> StoreResult<WebhookDelivery> {
                let mut tx = self.begin_write().await?;
                let row: Option<WebhookDeliveryRow> = sqlx::query_as(concat!(
                    "INSERT INTO webhook_deliveries (id, company_id, webhook_id, event_type, event_cursor, data, status, ",
                    "attempts, created_at, next_attempt_at) ",
                    "SELECT $1, w.company_id, w.id, $4, NULL, $5, 'queued', 0, $6, $6 FROM webhooks w ",
                    "WHERE w.id = $2 AND w.company_id = $3 RETURNING ",
                    $crate::delivery_columns!()
                ))
                .bind(Uuid::now_v7())
                .bind(webhook_id)
                .bind(company_id)
                .bind(PING_EVENT)
                .bind(Json(data))
                .bind(db(now))
                .fetch_optional(&mut *tx)
                .await?;
                let delivery = WebhookDelivery::try_from(row.ok_or(StoreError::NotFound)?)?;
                tx.commit().await?;
                Ok(delivery)
            }

            async fn claim_webhook_deliveries(
                &self,
                now: Timestamp,
                lease_until: Timestamp,
                limit: u32,
            ) -> StoreResult<Vec<ClaimedDelivery>> {
                // A read first: an idle poll takes no write lock.
                let due: Option<(Uuid,)> = sqlx::query_as(
                    "SELECT id FROM webhook_deliveries WHERE status = 'queued' AND next_attempt_at <= $1 LIMIT 1",
                )
                .bind(db(now))
                .fetch_optional(&self.pool)
                .await?;
                if due.is_none() {
                    return Ok(Vec::new());
                }
                let mut tx = self.begin_write().await?;
                let claimed: Vec<(Uuid,)> = sqlx::query_as(concat!(
                    "UPDATE webhook_deliveries SET next_attempt_at = $2, attempts = attempts + 1 WHERE id IN (",
                    "SELECT id FROM webhook_deliveries WHERE status = 'queued' AND next_attempt_at <= $1 ",
                    "ORDER BY next_attempt_at LIMIT $3 ",
                    skip_locked!(),
                    ") RETURNING id"
                ))
                .bind(db(now))
                .bind(db(lease_until))
                .bind(i64::from(limit))
                .fetch_all(&mut *tx)
                .await?;
                if claimed.is_empty() {
                    return Ok(Vec::new());
                }
                let mut select = sqlx::QueryBuilder::<Db>::new(concat!(
                    "SELECT company_id, data, url, secret, ",
                    $crate::delivery_columns!(),
                    " FROM webhook_deliveries JOIN (SELECT id AS hook_id, url, secret FROM webhooks) w ON hook_id = webhook_id ",
                    "WHERE id IN ("
                ));
                let mut ids = select.separated(", ");
                for (id,) in &claimed {
                    ids.push_bind(*id);
                }
                select.push(") ORDER BY id");
                let rows: Vec<ClaimedDeliveryRow> = select.build_query_as().fetch_all(&mut *tx).await?;
                tx.commit().await?;
                convert_all(rows)
            }

            async fn mark_webhook_delivered(&self, id: Uuid, status: u16, at: Timestamp) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                sqlx::query(
                    "UPDATE webhook_deliveries SET status = 'delivered', last_status = $2, last_error = NULL, \
                     last_attempt_at = $3, delivered_at = $3, next_attempt_at = NULL WHERE id = $1 AND status = 'queued'",
                )
                .bind(id)
                .bind(i32::from(status))
                .bind(db(at))
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn mark_webhook_attempt_failed(
                &self,
                id: Uuid,
                status: Option<u16>,
                error: &str,
                at: Timestamp,
                retry_at: Option<Timestamp>,
            ) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                sqlx::query(
                    "UPDATE webhook_deliveries SET last_status = $2, last_error = $3, last_attempt_at = $4, \
                     next_attempt_at = $5, status = CASE WHEN $5 IS NULL THEN 'failed' ELSE 'queued' END \
                     WHERE id = $1 AND status = 'queued'",
                )
                .bind(id)
                .bind(status.map(i32::from))
                .bind(error)
                .bind(db(at))
                .bind(retry_at.map(db))
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn list_webhook_deliveries(
                &self,
                company_id: Uuid,
                webhook_id: Uuid,
                page: PageRequest,
            ) -> StoreResult<Page<WebhookDelivery>> {
                let rows: Vec<WebhookDeliveryRow> = sqlx::query_as(concat!(
                    "SELECT ",
                    $crate::delivery_columns!(),
                    " FROM webhook_deliveries WHERE company_id = $1 AND webhook_id = $2 AND ($3 IS NULL OR id < $3) ",
                    "ORDER BY id DESC LIMIT $4"
                ))
                .bind(company_id)
                .bind(webhook_id)
                .bind(page.after)
                .bind(page.fetch_limit())
                .fetch_all(&self.pool)
                .await?;
                let deliveries = convert_all(rows)?;
                Ok(Page::from_rows(deliveries, page, |delivery: &WebhookDelivery| delivery.id))
            }
        }
    };
}
