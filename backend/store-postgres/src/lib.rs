//! PostgreSQL backend: production, several instances on one database.
//! The SQL itself is shared with SQLite (see `blocopro_store::sql`: each area's SQL is expanded here by `sql_store!`).

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

pub(crate) type Db = sqlx::Postgres;

/// The store over one PostgreSQL database.
#[derive(Clone)]
pub struct SqlStore {
    pool: sqlx::PgPool,
    /// The `application_name` of this store's connections, unique to it: the event log's
    /// notifications carry the appender's, so that the store skips its own.
    connection_name: String,
}

pub type PostgresStore = SqlStore;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/postgres");

/// The migrations, for tests that stop at a version (`Migrator::run_to`).
pub fn migrator() -> &'static sqlx::migrate::Migrator {
    &MIGRATOR
}

impl SqlStore {
    /// Connects to the database at `url` and applies pending migrations.
    pub async fn connect(url: &str) -> blocopro_store::StoreResult<Self> {
        let connection_name = format!("blocopro {}", uuid::Uuid::now_v7().simple());
        let options = PgConnectOptions::from_str(url)
            .map_err(blocopro_store::StoreError::Database)?
            .application_name(&connection_name);
        let pool = PgPoolOptions::new()
            .max_connections(16)
            // A broken connection fails its query anyway; pinging before every acquire doubled the round trips.
            .test_before_acquire(false)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        MIGRATOR.run(&pool).await?;
        let store = Self { pool, connection_name };
        store.refold_search_keys().await?;
        store.index_unsearched_messages().await?;
        Ok(store)
    }

    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, Db>, sqlx::Error> {
        self.pool.begin().await
    }
}

/// Creates an empty database named `name` on the server of `admin_url` and returns its URL.
/// Used by tests and benchmarks that want a fresh database each.
pub async fn create_database(admin_url: &str, name: &str) -> blocopro_store::StoreResult<String> {
    use sqlx::Connection;
    let mut connection = sqlx::PgConnection::connect(admin_url).await?;
    let statement = format!("CREATE DATABASE \"{}\"", name.replace('"', ""));
    sqlx::raw_sql(sqlx::AssertSqlSafe(statement)).execute(&mut connection).await?;
    let mut url = url_without_database(admin_url);
    url.push('/');
    url.push_str(name);
    Ok(url)
}

fn url_without_database(url: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let authority_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match base[authority_end..].find('/') {
        Some(slash) => &base[..authority_end + slash],
        None => base,
    };
    match query {
        Some(query) => format!("{base}?{query}"),
        None => base.to_owned(),
    }
}

/// The department ids of the user aliased `u`, as a JSON array.
macro_rules! department_ids_json {
    () => {
        "(SELECT coalesce(jsonb_agg(ud.department_id), '[]'::jsonb) FROM user_departments ud WHERE ud.user_id = u.id)"
    };
}

/// Row locks make read-then-write sequences atomic across concurrent transactions.
macro_rules! for_update {
    () => {
        "FOR UPDATE"
    };
}

/// Serialises the writers of one message (its insert and its receipts) until commit, so that a
/// receipt racing its message is never missed by both. `$1` is the channel id, `$2` the external id.
macro_rules! lock_message_key {
    () => {
        Some("SELECT pg_advisory_xact_lock(hashtextextended($1::text || ':' || $2, 0))")
    };
}

/// After a bulk load: the planner's statistics, and the visibility map that index-only scans read.
macro_rules! refresh_statistics {
    () => {
        "VACUUM ANALYZE"
    };
}

/// Workers of several instances claim disjoint messages: rows another transaction holds are skipped.
macro_rules! skip_locked {
    () => {
        "FOR UPDATE SKIP LOCKED"
    };
}

/// The `FROM … WHERE` of a list's rows found through the table's search index, whose keys are the
/// company's grams of the key (`search_grams`, migration 0028): the index is asked for the
/// company's grams of a few of the term's trigrams (`$term`, see `search_index_argument`), in a
/// subquery (`OFFSET 0` keeps it apart) so that the list's other conditions cannot steer the
/// search to another index: a table never analysed makes every company look small, and
/// `company_id = $1` could then walk the company's rows through the list's B-tree, or
/// `deleted_at IS NULL` the partial index on users' e-mails. The rows it answers are then held to
/// the company and to the whole term (`$whole`, see `search_term_argument`).
macro_rules! searched_rows {
    ($table:literal, $key:literal, $alias:literal, $company:literal, $term:literal, $whole:literal) => {
        concat!(
            " FROM (SELECT * FROM ",
            $table,
            " WHERE search_grams(company_id, ",
            $key,
            ") @> search_grams_of(",
            $company,
            ", ",
            $term,
            ") OFFSET 0) ",
            $alias,
            " WHERE ",
            $alias,
            ".company_id = ",
            $company,
            " AND ",
            $alias,
            ".",
            $key,
            " LIKE ",
            $whole,
            " ESCAPE '\\'"
        )
    };
}

/// The grams the search index is asked for a folded term (of three characters or more): its probed
/// trigrams, or, when it has none, its first three characters (the index holds every three of a
/// key, punctuation and spaces included).
fn search_index_argument(term: &str) -> Vec<String> {
    let trigrams = blocopro_store::probed_trigrams(term);
    if trigrams.is_empty() {
        return vec![term.chars().take(3).collect()];
    }
    trigrams
}

/// What a row found through the index is held to: the whole folded term, anywhere in its key.
fn search_term_argument(term: &str) -> String {
    blocopro_store::like_pattern(term)
}

/// The day of a message `m`'s `sent_at` (UTC, days from 1970-01-01): the time bucket of its words
/// in `messages_search` (migration 0027). Written as the index's expression is, so that the
/// statements that number a search's buckets use the index's own.
macro_rules! message_search_day {
    ($at:literal) => {
        concat!("(timezone('UTC', ", $at, ")::date - DATE '1970-01-01')")
    };
}

/// The messages `m` of company `$1` holding the words of the query `$5` (a tsquery, see
/// `message_search_argument`), each beside its conversation `c`: found through `messages_search`,
/// whose words carry their company and their day (migrations 0018, 0022, 0027). The search runs in a
/// subquery (`OFFSET 0`), so that no other condition can steer it to another index, and the
/// conversation is reached from each match (a lateral subquery, also fenced): a query of many days
/// looks to the planner as if it matched half the table, and on a table never analysed the
/// conversations look like two rows, which made it run the search again for every conversation.
macro_rules! searched_messages {
    () => {
        concat!(
            "(SELECT * FROM messages WHERE array_to_tsvector(string_to_array(company_id::text || ':' || ",
            message_search_day!("sent_at"),
            "::text || ':' || replace(NULLIF(search_text, ''), ' ', ' ' || company_id::text || ':' || ",
            message_search_day!("sent_at"),
            "::text || ':'), ' ')) @@ $5::tsquery OFFSET 0) m \
             JOIN LATERAL (SELECT * FROM conversations x WHERE x.channel_id = m.channel_id AND x.chat_id = m.chat_id \
               OFFSET 0) c ON m.company_id = $1"
        )
    };
}

/// What the visibility and the title of a found message's conversation `c` read: its contact `ct`
/// and its group `g`, each by its primary key. Fenced (`OFFSET 0`), since a search's matches look
/// like one row to the planner, which then read the company's contacts in full for each of them
/// (25 ms of 32 for 655 matches in a million messages, with 1,000 contacts).
macro_rules! found_message_joins {
    () => {
        "LEFT JOIN LATERAL (SELECT * FROM contacts y WHERE y.id = c.contact_id OFFSET 0) ct ON true \
         LEFT JOIN LATERAL (SELECT * FROM whatsapp_groups y WHERE y.id = c.group_id OFFSET 0) g ON true"
    };
}

/// The days a search asks the index for (see `blocopro_store::messages::search_windows`): that of
/// the cursor `$2` (or of company `$1`'s newest message) and that of the company's oldest message,
/// both found through `messages_company_sent`.
macro_rules! searched_buckets {
    () => {
        Some(concat!(
            "SELECT ",
            message_search_day!(
                "COALESCE((SELECT x.sent_at FROM messages x WHERE x.id = $2 AND x.company_id = $1), \
               (SELECT max(x.sent_at) FROM messages x WHERE x.company_id = $1))"
            ),
            ", ",
            message_search_day!("(SELECT min(x.sent_at) FROM messages x WHERE x.company_id = $1)")
        ))
    };
}

/// A message query as a tsquery of the company's words in the window's days, newest first,
/// taken as they are (no parser, as the index's tsvector): for each day, every word and the last
/// one as a prefix (`('<company>:<day>:joao' & '<company>:<day>:silv':*) | …`).
fn message_search_argument(
    company_id: uuid::Uuid,
    query: &blocopro_domain::message_search::MessageQuery,
    window: Option<blocopro_store::messages::SearchWindow>,
) -> String {
    let Some(window) = window else {
        return String::new();
    };
    let day = |day: i32| {
        let lexeme = |word: &str| format!("'{company_id}:{day}:{}'", word.replace('\\', "\\\\").replace('\'', "''"));
        let mut terms: Vec<String> = query.whole_words().iter().map(|word| lexeme(word)).collect();
        terms.push(format!("{}:*", lexeme(query.prefix())));
        format!("({})", terms.join(" & "))
    };
    (window.oldest..=window.newest).rev().map(day).collect::<Vec<_>>().join(" | ")
}

/// The company's newest messages `m` after the cursor `$6` (a message id), at most `$8` of them,
/// newest first (`messages_company_sent`, migration 0019): the cursor's `sent_at` bounds the
/// index's range. The subquery keeps its order, so the statement stops walking once its page is full.
macro_rules! walked_messages {
    () => {
        "(SELECT * FROM messages WHERE company_id = $1 \
           AND sent_at <= COALESCE((SELECT x.sent_at FROM messages x WHERE x.id = $6 AND x.company_id = $1), \
               (SELECT max(x.sent_at) FROM messages x WHERE x.company_id = $1)) \
           AND ($6 IS NULL OR (sent_at, id) < (SELECT x.sent_at, x.id FROM messages x WHERE x.id = $6 AND x.company_id = $1)) \
           ORDER BY sent_at DESC, id DESC LIMIT $8) m"
    };
}

/// The walk's plan must not depend on statistics: on a table never analysed, the company looks
/// small, and the planner would read all its messages through a bitmap and sort them (2.6 s for a
/// million) rather than walk the index in order. Set for the walk's transaction only.
macro_rules! walk_setting {
    () => {
        Some("SELECT set_config('enable_bitmapscan', 'off', true), set_config('enable_sort', 'off', true)")
    };
}

/// The condition on `walked_messages!`: the subquery holds it all.
macro_rules! walked_range {
    () => {
        "m.company_id = $1"
    };
}

/// Whether the message `m` holds the words of the query `$5` (see `message_words_argument`),
/// read from its `search_text` (the words the index holds, single spaces between them): for the
/// company's newest messages, checked one by one without the index.
macro_rules! holds_message_words {
    () => {
        "(' ' || m.search_text || ' ') LIKE ALL ($5::text[])"
    };
}

/// A message query as LIKE patterns over a message's words with a space on each side: every word
/// whole (`% joao %`), the last one also as a word's start (`% silv%`). Words have letters and
/// digits only, so nothing in them needs escaping. The same messages as `message_search_argument`
/// over all the company's days.
fn message_words_argument(query: &blocopro_domain::message_search::MessageQuery) -> Vec<String> {
    let mut patterns: Vec<String> = query.whole_words().iter().map(|word| format!("% {word} %")).collect();
    patterns.push(format!("% {}%", query.prefix()));
    patterns
}

/// The service report counts the messages themselves, through index `messages_counted` (migration
/// 0025): no counts are kept per quarter hour, whose shared rows would make writers wait.
macro_rules! service_message_counts_per_quarter {
    () => {
        None::<&'static str>
    };
}

/// The quarter hour after the Unix epoch that a time column holds.
macro_rules! epoch_quarter {
    ($column:literal) => {
        concat!("CAST(FLOOR(EXTRACT(EPOCH FROM ", $column, ") / 900) AS BIGINT)")
    };
}

macro_rules! explain {
    () => {
        "EXPLAIN "
    };
}

/// Plans are read with bitmap scans only (the others priced out): on a few rows every path is
/// cheap, and the plan then shows which indexes can serve the statement's conditions.
macro_rules! plan_setting {
    () => {
        Some(
            "SELECT set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true), \
             set_config('enable_indexonlyscan', 'off', true)",
        )
    };
}

/// One line of an `EXPLAIN`.
fn plan_line(row: &sqlx::postgres::PgRow) -> Result<String, sqlx::Error> {
    use sqlx::Row;
    row.try_get(0)
}

/// The channel every instance listens on for appended events.
const EVENTS_CHANNEL: &str = "blocopro_events";

/// The identity sequence keeps the highest cursor ever given, even when the log is purged.
macro_rules! last_event_cursor_query {
    () => {
        "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM events_cursor_seq"
    };
}

impl SqlStore {
    /// Several instances may share a PostgreSQL database.
    const OWNED_BY_ONE_INSTANCE: bool = false;

    /// A LISTEN connection of its own; each notification of another store's append (or
    /// reconnection, after which some may have been missed) becomes a tick. Ticks coalesce: a
    /// reader reads everything new anyway. The table announces appends itself (migration 0011).
    async fn event_appends(&self) -> blocopro_store::StoreResult<Option<tokio::sync::mpsc::Receiver<()>>> {
        let mut listener = sqlx::postgres::PgListener::connect_with(&self.pool).await?;
        listener.listen(EVENTS_CHANNEL).await?;
        let (ticks, receiver) = tokio::sync::mpsc::channel(1);
        let own = self.connection_name.clone();
        tokio::spawn(async move {
            loop {
                match listener.try_recv().await {
                    Ok(Some(notification)) if notification.payload() == own => continue,
                    Ok(_) => {}
                    Err(error) => {
                        tracing::warn!(%error, "listening for events failed; reconnecting");
                        tokio::time::sleep(Duration::from_secs(1)).await;
                    }
                }
                match ticks.try_send(()) {
                    Err(tokio::sync::mpsc::error::TrySendError::Closed(())) => return,
                    _ => continue,
                }
            }
        });
        Ok(Some(receiver))
    }
}

blocopro_store::sql_store!();

#[cfg(test)]
mod tests {
    use blocopro_domain::message_search::MessageQuery;
    use blocopro_store::messages::SearchWindow;

    #[test]
    fn a_query_asks_each_day_of_its_window_newest_first() {
        let company = uuid::Uuid::nil();
        let query = MessageQuery::parse("Conceição bol").unwrap();
        let argument =
            super::message_search_argument(company, &query, Some(SearchWindow { newest: 20_401, oldest: 20_399 }));
        let c = "00000000-0000-0000-0000-000000000000";
        assert_eq!(
            argument,
            format!(
                "('{c}:20401:conceicao' & '{c}:20401:bol':*) | ('{c}:20400:conceicao' & '{c}:20400:bol':*) \
                 | ('{c}:20399:conceicao' & '{c}:20399:bol':*)"
            )
        );
        let one = super::message_search_argument(
            company,
            &MessageQuery::parse("123456").unwrap(),
            Some(SearchWindow { newest: -1, oldest: -1 }),
        );
        assert_eq!(one, format!("('{c}:-1:123456':*)"), "a day before the epoch");
    }
}
