//! The event log's SQL. Each backend defines `SqlStore::event_appends()` (other instances' appends,
//! as ticks). Cursors commit in order: SQLite has one writer at a time, and PostgreSQL's inserts
//! into `events` take turns (migration 0011). Expanded into each backend by `crate::sql_store!`.

/// Implements the area's store for the `SqlStore` of the backend invoking it.
#[doc(hidden)]
#[macro_export]
macro_rules! events_sql {
    () => {
        use super::shared::*;
        use $crate::events::rows::EventRow;

        #[async_trait]
        impl EventStore for SqlStore {
            async fn append_events(&self, events: &[NewEvent]) -> StoreResult<()> {
                // One statement commits on its own: the common case, one round trip.
                if events.len() <= ROWS_PER_STATEMENT {
                    if !events.is_empty() {
                        insert_events(events).build().execute(&self.pool).await?;
                    }
                    return Ok(());
                }
                let mut tx = self.begin_write().await?;
                for chunk in events.chunks(ROWS_PER_STATEMENT) {
                    insert_events(chunk).build().execute(&mut *tx).await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn events_after(
                &self,
                company_id: Option<Uuid>,
                cursor: i64,
                limit: u32,
            ) -> StoreResult<Vec<StoredEvent>> {
                let rows: Vec<EventRow> = sqlx::query_as(
                    "SELECT cursor, company_id, kind, audience, data, created_at FROM events \
                     WHERE cursor > $1 AND ($2 IS NULL OR company_id = $2) ORDER BY cursor LIMIT $3",
                )
                .bind(cursor)
                .bind(company_id)
                .bind(i64::from(limit))
                .fetch_all(&self.pool)
                .await?;
                Ok(rows.into_iter().map(StoredEvent::from).collect())
            }

            async fn last_event_cursor(&self) -> StoreResult<i64> {
                let (last,): (Option<i64>,) = sqlx::query_as(last_event_cursor_query!()).fetch_one(&self.pool).await?;
                Ok(last.unwrap_or(0))
            }

            async fn first_event_cursor(&self) -> StoreResult<Option<i64>> {
                let (first,): (Option<i64>,) =
                    sqlx::query_as("SELECT MIN(cursor) FROM events").fetch_one(&self.pool).await?;
                Ok(first)
            }

            async fn purge_events(&self, before: Timestamp) -> StoreResult<u64> {
                let mut tx = self.begin_write().await?;
                let result =
                    sqlx::query("DELETE FROM events WHERE created_at < $1").bind(db(before)).execute(&mut *tx).await?;
                tx.commit().await?;
                Ok(result.rows_affected())
            }

            async fn watch_event_appends(&self) -> StoreResult<Option<tokio::sync::mpsc::Receiver<()>>> {
                self.event_appends().await
            }
        }

        fn insert_events(events: &[NewEvent]) -> sqlx::QueryBuilder<Db> {
            let mut insert =
                sqlx::QueryBuilder::<Db>::new("INSERT INTO events (company_id, kind, audience, data, created_at) ");
            insert.push_values(events, |mut row, event| {
                row.push_bind(event.company_id)
                    .push_bind(&event.kind)
                    .push_bind(Json(&event.audience))
                    .push_bind(Json(&event.data))
                    .push_bind(db(event.created_at));
            });
            insert
        }
    };
}
