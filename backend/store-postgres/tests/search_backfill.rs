//! A database written before the search indexes (migrations up to 0012 on PostgreSQL) opened by this store:
//! the keys are folded again and indexed (see `blocopro_store::search`).

use std::borrow::Cow;
use std::sync::Arc;

use blocopro_store_postgres::PostgresStore;

mod common;

type Db = sqlx::Postgres;

blocopro_store::legacy_search_rows!();

#[tokio::test]
async fn keys_written_before_the_search_indexes_are_folded_again_and_indexed() {
    let url = common::fresh_database_url().await;
    let pool = sqlx::PgPool::connect(&url).await.unwrap();
    let mut before_search = sqlx::migrate!("../../migrations/postgres");
    before_search.migrations =
        Cow::Owned(before_search.migrations.iter().filter(|m| m.version < 13).cloned().collect());
    before_search.run(&pool).await.unwrap();
    let company_id = write_legacy_rows(&pool).await;
    pool.close().await;

    let store = PostgresStore::connect(&url).await.unwrap();
    blocopro_store::conformance::legacy_rows_are_found_folded(Arc::new(store), company_id).await;
}
