//! The SQL of business hours, one row per channel, and of the away answer's once-per-conversation
//! claim. Expanded into each backend by `crate::sql_store!`.

/// Implements the area's store for the `SqlStore` of the backend invoking it.
#[doc(hidden)]
#[macro_export]
macro_rules! business_hours_sql {
    () => {
        use super::outbox::queue_outbound;
        use super::shared::*;
        use $crate::business_hours::rows::BusinessHoursRow;
        use blocopro_domain::business_hours::BusinessHours;
        use blocopro_domain::channel::ChannelMessage;

        #[async_trait]
        impl BusinessHoursStore for SqlStore {
            async fn get_business_hours(&self, company_id: Uuid, channel_id: Uuid) -> StoreResult<Option<BusinessHours>> {
                let row: Option<BusinessHoursRow> = sqlx::query_as(
                    "SELECT channel_id, company_id, enabled, rules, holidays, away_message FROM channel_business_hours \
                     WHERE channel_id = $1 AND company_id = $2",
                )
                .bind(channel_id)
                .bind(company_id)
                .fetch_optional(&self.pool)
                .await?;
                Ok(row.map(BusinessHours::from))
            }

            async fn put_business_hours(&self, hours: &BusinessHours, audit: &NewAuditEntry) -> StoreResult<()> {
                $crate::audited_write!(self, audit, |tx| {
                    let channel: Option<(Uuid,)> =
                        sqlx::query_as("SELECT id FROM channels WHERE id = $1 AND company_id = $2 AND deleted_at IS NULL")
                            .bind(hours.channel_id)
                            .bind(hours.company_id)
                            .fetch_optional(&mut *tx)
                            .await?;
                    channel.ok_or(StoreError::NotFound)?;
                    sqlx::query(
                        "INSERT INTO channel_business_hours (channel_id, company_id, enabled, rules, holidays, away_message, \
                         updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (channel_id) DO UPDATE SET \
                         enabled = excluded.enabled, rules = excluded.rules, holidays = excluded.holidays, \
                         away_message = excluded.away_message, updated_at = excluded.updated_at",
                    )
                    .bind(hours.channel_id)
                    .bind(hours.company_id)
                    .bind(hours.enabled)
                    .bind(Json(&hours.rules))
                    .bind(Json(&hours.holidays))
                    .bind(&hours.away_message)
                    .bind(db(Timestamp::now()))
                    .execute(&mut *tx)
                    .await?;
                })
            }

            async fn queue_away_answer(
                &self,
                company_id: Uuid,
                conversation_id: Uuid,
                answer: &ChannelMessage,
            ) -> StoreResult<Option<ChannelMessage>> {
                let mut tx = self.begin_write().await?;
                // The claim: only the write that sets the mark queues the answer.
                let claimed = sqlx::query(
                    "UPDATE conversations SET away_answered_at = $3 WHERE id = $1 AND company_id = $2 \
                     AND status = 'pending' AND away_answered_at IS NULL",
                )
                .bind(conversation_id)
                .bind(company_id)
                .bind(db(answer.created_at))
                .execute(&mut *tx)
                .await?;
                if claimed.rows_affected() == 0 {
                    return Ok(None);
                }
                let (stored, _) = queue_outbound(&mut tx, company_id, answer, None, None).await?;
                tx.commit().await?;
                Ok(Some(stored))
            }
        }
    };
}
