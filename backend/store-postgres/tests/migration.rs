//! Text messages stored before rich messages read back identical, as text, after migrating
//! (`blocopro_store::messages::migration_check`), on a fresh PostgreSQL database.

use std::sync::Arc;

use blocopro_store::messages::migration_check::{PreviousSchema, check_after_migration, version_before_rich_messages};
use blocopro_store_postgres::{PostgresStore, migrator};

mod common;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn text_messages_of_the_previous_schema_read_back_as_text() {
    let url = common::fresh_database_url().await;
    let pool = sqlx::PgPool::connect(&url).await.unwrap();
    let before = version_before_rich_messages(&migrator().migrations);
    migrator().run_to(before, &pool).await.unwrap();
    let applied: Option<i64> =
        sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations").fetch_one(&pool).await.unwrap();
    assert_eq!(applied, Some(before), "the previous schema");
    let previous = PreviousSchema::default();
    blocopro_store::fill_previous_schema!(&pool, &previous);
    pool.close().await;

    let store = PostgresStore::connect(&url).await.unwrap();
    check_after_migration(Arc::new(store), &previous).await;
}
