//! What the two SQL backends share. Each area's SQL lives in its folder (`<area>/sql.rs`), written
//! once in SQL both databases accept (`$N` placeholders, `RETURNING`, partial indexes).
//!
//! sqlx types every query by its database, so code generic over both would carry an `Encode` /
//! `Decode` / `Executor` bound for every value it binds or reads. Instead each area's SQL is a
//! macro (`<area>_sql!`) that `sql_store!` expands, one module per area, inside each backend
//! crate, where `Db` is one concrete database. A backend crate defines at its root, before
//! invoking `blocopro_store::sql_store!()` once:
//!   - `pub(crate) type Db` (the sqlx database) and `pub struct SqlStore` with a `pool: sqlx::Pool<Db>`,
//!   - `SqlStore::begin_write()`, opening a transaction that may write,
//!   - `SqlStore::OWNED_BY_ONE_INSTANCE` and `SqlStore::event_appends()` (see `InstanceStore` and
//!     `EventStore`),
//!   - the dialect macros `department_ids_json!()` (a JSON array of a user `u`'s department ids),
//!     `for_update!()` (row locking where the backend needs it), `skip_locked!()` (the same,
//!     skipping rows others hold), `lock_message_key!()` (an optional statement serialising the
//!     writers of one message), `last_event_cursor_query!()`, and for text search (see `search`)
//!     `searched_rows!(table, key, alias, company, term, whole)` (the `FROM … WHERE` of a list's rows
//!     found through the search index), `explain!()` and `plan_setting!()`, and for message search
//!     `searched_messages!()` (through the index), `searched_buckets!()` (an optional statement
//!     answering the newest and oldest time buckets a search asks the index for, window after
//!     window: see `messages::search_windows`), `walked_messages!()` / `walked_range!()` (the
//!     company's newest messages) and `holds_message_words!()` (one message checked), and for
//!     reports `epoch_quarter!(column)` (the quarter hour after the Unix epoch a time column holds,
//!     as an integer),
//!   - `search_index_argument(term)` (what the search index is given for a folded term) and
//!     `search_term_argument(term)` (what the rows it answers are then held to),
//!     `message_search_argument` / `message_words_argument` (a message query for the index, in a
//!     window of buckets or none / for
//!     `holds_message_words!`) and `plan_line(row)` (one line of an `explain!()`'s answer).
//!
//! Everything else about the backend (pool options, migrations) lives in that crate. A write that
//! an audit entry records goes through `audited_write!`.

use blocopro_domain::Timestamp;
use futures_util::TryStreamExt;
use sqlx::query::QueryAs;
use sqlx::{Database, Executor, FromRow, IntoArguments};

use crate::time::DbTime;
use crate::{StoreError, StoreResult};

/// Rows per multi-row statement, well under both databases' limits on bound parameters.
pub const ROWS_PER_STATEMENT: usize = 1000;

pub fn db(time: Timestamp) -> DbTime {
    DbTime(time)
}

/// `NotFound` when a write touched no row.
pub fn expect_one(rows_affected: u64) -> StoreResult<()> {
    if rows_affected == 0 { Err(StoreError::NotFound) } else { Ok(()) }
}

/// The rows of `query` in a vector made for `capacity` of them (a page's size): `fetch_all` grows
/// its vector as they come, moving a page of 50 messages' large rows four times (1.6 % of the
/// server's instructions on it, callgrind).
pub async fn fetch_sized<'q, 'c, DB, O, A, E>(
    query: QueryAs<'q, DB, O, A>,
    executor: E,
    capacity: usize,
) -> StoreResult<Vec<O>>
where
    DB: Database,
    A: 'q + IntoArguments<DB>,
    O: Send + Unpin + for<'r> FromRow<'r, DB::Row> + 'q,
    E: 'q + Executor<'c, Database = DB>,
    'c: 'q,
{
    let mut rows = Vec::with_capacity(capacity);
    let mut stream = query.fetch(executor);
    while let Some(row) = stream.try_next().await? {
        rows.push(row);
    }
    Ok(rows)
}

/// Writes a change with its audit entry: opens a write transaction as `$tx`, runs `$write`
/// (whose value it answers), appends `$audit` and commits. A `?` or `return` inside `$write`
/// leaves without committing, so the change and its audit entry are stored together or not at
/// all. (A macro: an async closure borrowing the transaction is not `Send` as `async_trait` needs.)
#[doc(hidden)]
#[macro_export]
macro_rules! audited_write {
    ($store:expr, $audit:expr, |$tx:ident| $write:block) => {{
        let mut $tx = $store.begin_write().await?;
        let written = $write;
        insert_audit(&mut $tx, $audit).await?;
        $tx.commit().await?;
        Ok(written)
    }};
}

/// Implements every store trait for the invoking backend's `SqlStore`: the one list of areas.
#[macro_export]
macro_rules! sql_store {
    () => {
        mod shared {
            $crate::shared_sql!();
        }
        mod companies {
            $crate::companies_sql!();
        }
        mod operators {
            $crate::operators_sql!();
        }
        mod users {
            $crate::users_sql!();
        }
        mod departments {
            $crate::departments_sql!();
        }
        mod auth {
            $crate::auth_sql!();
        }
        mod presence {
            $crate::presence_sql!();
        }
        mod channels {
            $crate::channels_sql!();
        }
        mod messages {
            $crate::messages_sql!();
        }
        mod outbox {
            $crate::outbox_sql!();
        }
        mod media_downloads {
            $crate::media_downloads_sql!();
        }
        mod audit {
            $crate::audit_sql!();
        }
        mod groups {
            $crate::groups_sql!();
        }
        mod contacts {
            $crate::contacts_sql!();
        }
        mod conversations {
            $crate::conversations_sql!();
        }
        mod agenda {
            $crate::agenda_sql!();
        }
        mod flows {
            $crate::flows_sql!();
        }
        mod business_hours {
            $crate::business_hours_sql!();
        }
        mod reports {
            $crate::reports_sql!();
        }
        mod events {
            $crate::events_sql!();
        }
        mod webhooks {
            $crate::webhooks_sql!();
        }
        mod instances {
            $crate::instances_sql!();
        }
        mod operations {
            $crate::operations_sql!();
        }
        mod search {
            $crate::search_sql!();
        }
        mod uploads {
            $crate::uploads_sql!();
        }
        mod templates {
            $crate::templates_sql!();
        }
        mod quick_replies {
            $crate::quick_replies_sql!();
        }
        mod labels {
            $crate::labels_sql!();
        }
    };
}

/// What every area's SQL uses: the imports, the transaction type, the audit log's insert.
#[doc(hidden)]
#[macro_export]
macro_rules! shared_sql {
    () => {
        pub(crate) use $crate::rows::convert_all;
        pub(crate) use $crate::sql::{ROWS_PER_STATEMENT, db, expect_one, fetch_sized};
        pub(crate) use $crate::time::DbTime;
        pub(crate) use $crate::*;
        pub(crate) use async_trait::async_trait;
        pub(crate) use blocopro_domain::Timestamp;
        pub(crate) use blocopro_domain::audit::NewAuditEntry;
        pub(crate) use sqlx::FromRow;
        pub(crate) use sqlx::types::Json;
        pub(crate) use uuid::Uuid;

        pub(crate) use super::{Db, SqlStore};

        pub(crate) type Tx = sqlx::Transaction<'static, Db>;
        pub(crate) type Query<'q> = sqlx::query::Query<'q, Db, <Db as sqlx::Database>::Arguments>;

        /// Binds a list's search: nothing (`NULL`), the LIKE pattern of a short term, or the search
        /// index's argument for the others (each backend's own: a text or an array).
        pub(crate) fn bind_search<'q>(query: Query<'q>, search: Option<&TextSearch>) -> Query<'q> {
            match search {
                None => query.bind(None::<String>),
                Some(TextSearch::Scan(pattern)) => query.bind(pattern.clone()),
                Some(TextSearch::Indexed(term)) => query.bind(super::search_index_argument(term)),
            }
        }

        /// What a list searching through the index holds the rows it finds to: the whole term
        /// (bound after the list's other arguments, by the searched statement only).
        pub(crate) fn whole_term_argument(search: Option<&TextSearch>) -> Option<String> {
            match search {
                Some(TextSearch::Indexed(term)) => Some(super::search_term_argument(term)),
                _ => None,
            }
        }

        /// A list's statement for `search`: through the search index for the terms it holds.
        pub(crate) fn list_statement(search: Option<&TextSearch>, listed: &'static str, searched: &'static str) -> &'static str {
            if search.is_some_and(TextSearch::is_indexed) { searched } else { listed }
        }

        pub(crate) async fn insert_audit(tx: &mut Tx, entry: &NewAuditEntry) -> StoreResult<()> {
            sqlx::query(
                "INSERT INTO audit_log (id, company_id, actor_kind, actor_id, action, target_type, target_id, summary, at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(Uuid::now_v7())
            .bind(entry.company_id)
            .bind(entry.actor.kind.as_str())
            .bind(entry.actor.id)
            .bind(entry.action)
            .bind(entry.target_type)
            .bind(entry.target_id)
            .bind(Json(&entry.summary))
            .bind(db(Timestamp::now()))
            .execute(&mut **tx)
            .await?;
            Ok(())
        }

        /// Hands back the claimed rows `ids` of `table` that are still `waiting` (a condition): due at
        /// `now` again, the claim's try not counted (a stopping worker releases what it did not start).
        pub(crate) async fn release_claims(
            store: &SqlStore,
            table: &str,
            waiting: &str,
            ids: &[Uuid],
            now: Timestamp,
        ) -> StoreResult<()> {
            if ids.is_empty() {
                return Ok(());
            }
            let mut release = sqlx::QueryBuilder::<Db>::new(format!("UPDATE {table} SET next_attempt_at = "));
            release.push_bind(db(now));
            release.push(format!(", attempts = attempts - 1 WHERE {waiting} AND "));
            push_in_list(&mut release, "id", ids);
            let mut tx = store.begin_write().await?;
            release.build().execute(&mut *tx).await?;
            tx.commit().await?;
            Ok(())
        }

        /// `WHERE <column> IN (…)` over `values`, bound.
        pub(crate) fn push_in_list<'a, T>(query: &mut sqlx::QueryBuilder<Db>, column: &str, values: &'a [T])
        where
            &'a T: sqlx::Encode<'a, Db> + sqlx::Type<Db>,
        {
            query.push(column).push(" IN (");
            let mut list = query.separated(", ");
            for value in values {
                list.push_bind(value);
            }
            query.push(")");
        }

        /// `(VALUES ($1), ($2), …) v` over `values`, bound: a table of values (`v.column1`) to look up one
        /// by one in a two-column index, e.g. a company's contacts by number. Each lookup is written as
        /// a subquery on both columns, which any plan makes an index probe: a long `IN (…)` list on the
        /// second column instead may be checked against every row the first one leaves, when a fresh
        /// PostgreSQL database (no statistics yet) expects few, i.e. every contact of the company for
        /// each chunk of an import.
        pub(crate) fn push_values_table<'a, T>(query: &mut sqlx::QueryBuilder<Db>, values: &'a [T])
        where
            &'a T: sqlx::Encode<'a, Db> + sqlx::Type<Db>,
        {
            query.push("(VALUES ");
            let mut rows = query.separated(", ");
            for value in values {
                rows.push("(").push_bind_unseparated(value).push_unseparated(")");
            }
            query.push(") v");
        }

        #[async_trait]
        impl Store for SqlStore {
            async fn ping(&self) -> StoreResult<()> {
                sqlx::query("SELECT 1").execute(&self.pool).await?;
                Ok(())
            }

            async fn refresh_statistics(&self) -> StoreResult<()> {
                sqlx::raw_sql(refresh_statistics!()).execute(&self.pool).await?;
                Ok(())
            }
        }
    };
}
