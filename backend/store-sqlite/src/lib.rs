//! SQLite backend: the embedded default (`sqlite://…`), one file in WAL mode.
//! The SQL itself is shared with PostgreSQL (see `blocopro_store::sql`: each area's SQL is expanded here by `sql_store!`).

pub mod backup;
mod library;

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

pub(crate) type Db = sqlx::Sqlite;

/// The store over one SQLite database file.
#[derive(Clone)]
pub struct SqlStore {
    pool: sqlx::SqlitePool,
}

pub type SqliteStore = SqlStore;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/sqlite");

/// The migrations, for tests that stop at a version (`Migrator::run_to`).
pub fn migrator() -> &'static sqlx::migrate::Migrator {
    &MIGRATOR
}

impl SqlStore {
    /// Opens (creating if needed) the database at `url` and applies pending migrations.
    pub async fn connect(url: &str) -> blocopro_store::StoreResult<Self> {
        library::without_memory_statistics();
        let options = SqliteConnectOptions::from_str(url)
            .map_err(blocopro_store::StoreError::Database)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .min_connections(1)
            // A broken connection fails its query anyway; pinging before every acquire doubled the round trips.
            .test_before_acquire(false)
            .after_connect(|connection, _| Box::pin(library::plan_without_bound_values(connection)))
            .connect_with(options)
            .await?;
        MIGRATOR.run(&pool).await?;
        let store = Self { pool };
        store.refold_search_keys().await?;
        store.index_unsearched_messages().await?;
        Ok(store)
    }

    /// SQLite allows one writer: taking the write lock up front avoids deadlocked upgrades.
    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, Db>, sqlx::Error> {
        self.pool.begin_with("BEGIN IMMEDIATE").await
    }
}

/// The department ids of the user aliased `u`, as a JSON array of hex ids.
macro_rules! department_ids_json {
    () => {
        "(SELECT json_group_array(lower(hex(ud.department_id))) FROM user_departments ud WHERE ud.user_id = u.id)"
    };
}

/// SQLite locks the whole database for a writing transaction; rows need no lock clause.
macro_rules! for_update {
    () => {
        ""
    };
}

/// After a bulk load: the planner's statistics (SQLite has no visibility map to refresh).
macro_rules! refresh_statistics {
    () => {
        "ANALYZE"
    };
}

/// SQLite runs one writing transaction at a time: a message and its receipts are already serialised,
/// so there is no statement to run.
macro_rules! lock_message_key {
    () => {
        None
    };
}

/// SQLite runs one writing transaction at a time: a claim cannot race another.
macro_rules! skip_locked {
    () => {
        ""
    };
}

/// AUTOINCREMENT keeps the highest cursor ever given, even when the log is purged.
macro_rules! last_event_cursor_query {
    () => {
        "SELECT (SELECT seq FROM sqlite_sequence WHERE name = 'events')"
    };
}

/// The `FROM … WHERE` of a list's rows found through the table's FTS5 trigram index: the matches
/// of a few of the term's trigrams (`$term`, see `search_index_argument`) drive (`CROSS JOIN` fixes
/// the join order, whatever the statistics say), each reaching its row by primary key, which is
/// then held to the company and to the whole term (`$whole`, see `search_term_argument`).
macro_rules! searched_rows {
    ($table:literal, $key:literal, $alias:literal, $company:literal, $term:literal, $whole:literal) => {
        concat!(
            " FROM ",
            $table,
            "_search f CROSS JOIN ",
            $table,
            "_search_rows r CROSS JOIN ",
            $table,
            " ",
            $alias,
            " WHERE f.search_key MATCH ",
            $term,
            " AND r.search_id = f.rowid AND ",
            $alias,
            ".id = r.row_id",
            " AND ",
            $alias,
            ".company_id = ",
            $company,
            " AND instr(",
            $alias,
            ".",
            $key,
            ", ",
            $whole,
            ") > 0"
        )
    };
}

/// Text as an FTS5 phrase: with the trigram tokenizer, the rows containing it.
fn fts5_phrase(term: &str) -> String {
    format!("\"{}\"", term.replace('"', "\"\""))
}

/// What FTS5 is asked for a folded term: its probed trigrams, each a phrase of one trigram, all of
/// them (`"joa" "con"`), or the whole term as a phrase when it has none.
fn search_index_argument(term: &str) -> String {
    let trigrams = blocopro_store::probed_trigrams(term);
    if trigrams.is_empty() {
        return fts5_phrase(term);
    }
    trigrams.iter().map(|trigram| fts5_phrase(trigram)).collect::<Vec<_>>().join(" ")
}

/// What a row found through the index is held to: the whole folded term, anywhere in its key
/// (`instr`, as the keys are folded already).
fn search_term_argument(term: &str) -> String {
    term.to_owned()
}

/// The messages `m` of company `$1` holding the words of the query `$5` (an FTS5 query, see
/// `message_search_argument`) that can be on the page after the cursor `$6`, each beside the
/// conversations `c` (the statement joins them). The index numbers its rows in the order of the
/// messages' time, to the millisecond (migration 0021): its first `$7` matches the viewer may see,
/// newest first, are found without reading the others, and the page is among them and those of the
/// same millisecond as the last one (which the statement then orders exactly).
macro_rules! searched_messages {
    () => {
        concat!(
            matched_messages!(),
            " AND f.rowid >= (SELECT min(p.search_id) - min(p.search_id) % 1048576 FROM (SELECT f.rowid AS search_id FROM ",
            matched_messages!(),
            " ",
            found_message_joins!(),
            " WHERE ",
            blocopro_store::found_message_conditions!(),
            " ORDER BY f.rowid DESC LIMIT $7) p)"
        )
    };
}

/// The index's matches `f` of the query `$5` numbered before the cursor's millisecond ends (see
/// migration 0021), newest first, each beside its message `m` of company `$1` and the
/// conversations `c`: the matches drive, each reaching its message by primary key.
macro_rules! matched_messages {
    () => {
        "messages_search f CROSS JOIN messages_search_rows r CROSS JOIN messages m CROSS JOIN conversations c \
         ON f.search_text MATCH $5 AND f.rowid < COALESCE((SELECT (max(x.sent_at / 1000, 0) + 1) * 1048576 \
             FROM messages x WHERE x.id = $6 AND x.company_id = $1), 9223372036854775807) \
         AND r.search_id = f.rowid AND m.id = r.row_id AND m.company_id = $1"
    };
}

/// What the visibility and the title of a found message's conversation `c` read: its contact `ct`
/// and its group `g`.
macro_rules! found_message_joins {
    () => {
        "LEFT JOIN contacts ct ON ct.id = c.contact_id LEFT JOIN whatsapp_groups g ON g.id = c.group_id"
    };
}

/// A message query as an FTS5 query: every word, the last one also as a prefix (`"joao" "silv"*`).
fn message_search_argument(
    _company_id: uuid::Uuid,
    query: &blocopro_domain::message_search::MessageQuery,
    _window: Option<blocopro_store::messages::SearchWindow>,
) -> String {
    let mut terms: Vec<String> = query.whole_words().iter().map(|word| fts5_phrase(word)).collect();
    terms.push(format!("{}*", fts5_phrase(query.prefix())));
    terms.join(" ")
}

/// The index is asked once (no time buckets): its rows are numbered in time order already.
macro_rules! searched_buckets {
    () => {
        None::<&'static str>
    };
}

/// The company's newest messages `m` after the cursor `$6` (a message id), at most `$8` of them,
/// as `walked_range!` bounds them.
macro_rules! walked_messages {
    () => {
        "messages m"
    };
}

/// SQLite walks `messages_company_sent` in the statement's order without a setting.
macro_rules! walk_setting {
    () => {
        None::<&'static str>
    };
}

/// The range of `walked_messages!` in `messages_company_sent` (migration 0018): from the cursor's
/// place down to the `$8`th message after it (found in the index alone). Written as a range of the
/// statement's own rows rather than as a subquery with its LIMIT, so that SQLite walks the index in
/// the statement's order and stops once its page is full (a subquery's rows would all be sorted).
macro_rules! walked_range {
    () => {
        "m.company_id = $1 \
         AND m.sent_at <= COALESCE((SELECT x.sent_at FROM messages x WHERE x.id = $6 AND x.company_id = $1), \
             (SELECT max(x.sent_at) FROM messages x WHERE x.company_id = $1)) \
         AND ($6 IS NULL OR (m.sent_at, m.id) < (SELECT x.sent_at, x.id FROM messages x WHERE x.id = $6 AND x.company_id = $1)) \
         AND (m.sent_at, m.id) >= (SELECT x.sent_at, x.id FROM messages x WHERE x.company_id = $1 \
             AND x.sent_at <= COALESCE((SELECT y.sent_at FROM messages y WHERE y.id = $6 AND y.company_id = $1), \
                 (SELECT max(y.sent_at) FROM messages y WHERE y.company_id = $1)) \
             AND ($6 IS NULL OR (x.sent_at, x.id) < (SELECT y.sent_at, y.id FROM messages y WHERE y.id = $6 AND y.company_id = $1)) \
             ORDER BY x.sent_at DESC, x.id DESC LIMIT 1 OFFSET $8 - 1)"
    };
}

/// Whether the message `m` holds the words of the query `$5` (see `message_words_argument`),
/// read from its `search_text` (the words the index holds, single spaces between them): for the
/// company's newest messages, checked one by one without the index.
macro_rules! holds_message_words {
    () => {
        "m.search_text <> '' AND NOT EXISTS (SELECT 1 FROM json_each($5) w \
         WHERE instr(' ' || m.search_text || ' ', w.value) = 0)"
    };
}

/// A message query as the texts a message's words hold with a space on each side (a JSON array):
/// every word whole (` joao `), the last one also as a word's start (` silv`). The same messages
/// as `message_search_argument`.
fn message_words_argument(query: &blocopro_domain::message_search::MessageQuery) -> String {
    let mut needles: Vec<String> = query.whole_words().iter().map(|word| format!(" {word} ")).collect();
    needles.push(format!(" {}", query.prefix()));
    serde_json::to_string(&needles).unwrap_or_default()
}

/// The table of the service report's message counts per quarter hour (migration 0025, kept by
/// triggers): what the report groups by, `quarter_start` and `count`.
macro_rules! service_message_counts_per_quarter {
    () => {
        Some("service_message_counts")
    };
}

/// The quarter hour after the Unix epoch that a time column holds (integer microseconds here).
macro_rules! epoch_quarter {
    ($column:literal) => {
        concat!("(", $column, " / 900000000)")
    };
}

macro_rules! explain {
    () => {
        "EXPLAIN QUERY PLAN "
    };
}

/// SQLite needs no setting to show which index a search uses.
macro_rules! plan_setting {
    () => {
        None::<&'static str>
    };
}

/// One step of an `EXPLAIN QUERY PLAN`.
fn plan_line(row: &sqlx::sqlite::SqliteRow) -> Result<String, sqlx::Error> {
    use sqlx::Row;
    row.try_get("detail")
}

impl SqlStore {
    /// One process owns a SQLite file.
    const OWNED_BY_ONE_INSTANCE: bool = true;

    /// One instance owns a SQLite file: it knows its own appends.
    async fn event_appends(&self) -> blocopro_store::StoreResult<Option<tokio::sync::mpsc::Receiver<()>>> {
        Ok(None)
    }
}

blocopro_store::sql_store!();
