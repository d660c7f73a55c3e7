//! A database written before the search indexes (migrations up to 0011 on SQLite) opened by this store:
//! the keys are folded again and indexed (see `blocopro_store::search`).

use std::borrow::Cow;
use std::str::FromStr;
use std::sync::Arc;

use blocopro_store_sqlite::SqliteStore;
use sqlx::sqlite::SqliteConnectOptions;

type Db = sqlx::Sqlite;

blocopro_store::legacy_search_rows!();

#[tokio::test]
async fn keys_written_before_the_search_indexes_are_folded_again_and_indexed() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("legacy.db").display());
    let options = SqliteConnectOptions::from_str(&url).unwrap().create_if_missing(true).foreign_keys(true);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    let mut before_search = sqlx::migrate!("../../migrations/sqlite");
    before_search.migrations =
        Cow::Owned(before_search.migrations.iter().filter(|m| m.version < 12).cloned().collect());
    before_search.run(&pool).await.unwrap();
    let company_id = write_legacy_rows(&pool).await;
    pool.close().await;

    let store = SqliteStore::connect(&url).await.unwrap();
    blocopro_store::conformance::legacy_rows_are_found_folded(Arc::new(store), company_id).await;
}
