//! The agenda's SQL: each attendant's appointments. Expanded into each backend by `crate::sql_store!`.

#[doc(hidden)]
#[macro_export]
macro_rules! agenda_columns {
    () => {
        "id, company_id, user_id, title, starts_at, ends_at, notes, contact_id, created_at, updated_at"
    };
}

/// Implements the area's store for the `SqlStore` of the backend invoking it.
#[doc(hidden)]
#[macro_export]
macro_rules! agenda_sql {
    () => {
        use super::shared::*;
        use blocopro_domain::agenda::AgendaEvent;
        use $crate::agenda::rows::AgendaEventRow;

        /// `UnknownReferences` naming the owner and the contact (when given) that are not the company's.
        async fn check_event_references(tx: &mut Tx, event: &AgendaEvent) -> StoreResult<()> {
            let mut unknown = Vec::new();
            let owner: Option<(Uuid,)> =
                sqlx::query_as("SELECT id FROM users WHERE id = $1 AND company_id = $2 AND deleted_at IS NULL")
                    .bind(event.user_id)
                    .bind(event.company_id)
                    .fetch_optional(&mut **tx)
                    .await?;
            if owner.is_none() {
                unknown.push(event.user_id);
            }
            if let Some(contact_id) = event.contact_id {
                let contact: Option<(Uuid,)> =
                    sqlx::query_as("SELECT id FROM contacts WHERE id = $1 AND company_id = $2 AND deleted_at IS NULL")
                        .bind(contact_id)
                        .bind(event.company_id)
                        .fetch_optional(&mut **tx)
                        .await?;
                if contact.is_none() {
                    unknown.push(contact_id);
                }
            }
            if unknown.is_empty() { Ok(()) } else { Err(StoreError::UnknownReferences(unknown)) }
        }

        #[async_trait]
        impl AgendaStore for SqlStore {
            async fn create_agenda_event(&self, event: &AgendaEvent) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                check_event_references(&mut tx, event).await?;
                sqlx::query(
                    "INSERT INTO agenda_events (id, company_id, user_id, title, starts_at, ends_at, notes, contact_id, \
                     created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                )
                .bind(event.id)
                .bind(event.company_id)
                .bind(event.user_id)
                .bind(&event.title)
                .bind(db(event.starts_at))
                .bind(db(event.ends_at))
                .bind(&event.notes)
                .bind(event.contact_id)
                .bind(db(event.created_at))
                .bind(db(event.updated_at))
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn get_agenda_event(&self, company_id: Uuid, id: Uuid) -> StoreResult<Option<AgendaEvent>> {
                let row: Option<AgendaEventRow> = sqlx::query_as(concat!(
                    "SELECT ",
                    $crate::agenda_columns!(),
                    " FROM agenda_events WHERE id = $1 AND company_id = $2"
                ))
                .bind(id)
                .bind(company_id)
                .fetch_optional(&self.pool)
                .await?;
                Ok(row.map(AgendaEvent::from))
            }

            async fn list_agenda_events(
                &self,
                company_id: Uuid,
                filter: &AgendaFilter,
                page: PageRequest,
            ) -> StoreResult<Page<AgendaEvent>> {
                let rows: Vec<AgendaEventRow> = sqlx::query_as(concat!(
                    "SELECT ",
                    $crate::agenda_columns!(),
                    " FROM agenda_events a WHERE a.company_id = $1 AND ($2 IS NULL OR a.user_id = $2)",
                    " AND ($3 IS NULL OR a.ends_at > $3) AND ($4 IS NULL OR a.starts_at < $4)",
                    " AND ($5 IS NULL OR (a.starts_at, a.id) > (SELECT x.starts_at, x.id FROM agenda_events x",
                    "      WHERE x.id = $5 AND x.company_id = $1))",
                    " AND ($7 IS NULL OR a.contact_id = $7)",
                    " ORDER BY a.starts_at, a.id LIMIT $6"
                ))
                .bind(company_id)
                .bind(filter.user_id)
                .bind(filter.from.map(db))
                .bind(filter.to.map(db))
                .bind(page.after)
                .bind(page.fetch_limit())
                .bind(filter.contact_id)
                .fetch_all(&self.pool)
                .await?;
                Ok(Page::from_rows(rows.into_iter().map(AgendaEvent::from).collect(), page, |event: &AgendaEvent| {
                    event.id
                }))
            }

            async fn update_agenda_event(&self, event: &AgendaEvent) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                check_event_references(&mut tx, event).await?;
                let result = sqlx::query(
                    "UPDATE agenda_events SET user_id = $3, title = $4, starts_at = $5, ends_at = $6, notes = $7, \
                     contact_id = $8, updated_at = $9 WHERE id = $1 AND company_id = $2",
                )
                .bind(event.id)
                .bind(event.company_id)
                .bind(event.user_id)
                .bind(&event.title)
                .bind(db(event.starts_at))
                .bind(db(event.ends_at))
                .bind(&event.notes)
                .bind(event.contact_id)
                .bind(db(event.updated_at))
                .execute(&mut *tx)
                .await?;
                expect_one(result.rows_affected())?;
                tx.commit().await?;
                Ok(())
            }

            async fn delete_agenda_event(&self, company_id: Uuid, id: Uuid) -> StoreResult<()> {
                let result = sqlx::query("DELETE FROM agenda_events WHERE id = $1 AND company_id = $2")
                    .bind(id)
                    .bind(company_id)
                    .execute(&self.pool)
                    .await?;
                expect_one(result.rows_affected())
            }
        }
    };
}
