//! Text messages stored before rich messages read back identical, as text, after migrating
//! (`blocopro_store::messages::migration_check`), on a fresh SQLite file.

use std::str::FromStr;
use std::sync::Arc;

use blocopro_store::messages::migration_check::{PreviousSchema, check_after_migration, version_before_rich_messages};
use blocopro_store_sqlite::{SqliteStore, migrator};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn text_messages_of_the_previous_schema_read_back_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    let options = SqliteConnectOptions::from_str(&url).unwrap().create_if_missing(true).foreign_keys(true);
    let pool = SqlitePoolOptions::new().max_connections(1).connect_with(options).await.unwrap();
    let before = version_before_rich_messages(&migrator().migrations);
    migrator().run_to(before, &pool).await.unwrap();
    let applied: Option<i64> =
        sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations").fetch_one(&pool).await.unwrap();
    assert_eq!(applied, Some(before), "the previous schema");
    let previous = PreviousSchema::default();
    blocopro_store::fill_previous_schema!(&pool, &previous);
    pool.close().await;

    let store = SqliteStore::connect(&url).await.unwrap();
    check_after_migration(Arc::new(store), &previous).await;
}
