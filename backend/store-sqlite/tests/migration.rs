//! Text messages stored before rich messages read back identical, as text, after migrating
//! (`blocopro_store::messages::migration_check`), on a fresh SQLite file.

use std::str::FromStr;
use std::sync::Arc;

use blocopro_store::DynStore;
use blocopro_store_sqlite::{SqliteStore, migrator};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn text_messages_of_the_previous_schema_read_back_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    let options = SqliteConnectOptions::from_str(&url).unwrap().create_if_missing(true).foreign_keys(true);
    let pool = SqlitePoolOptions::new().max_connections(1).connect_with(options).await.unwrap();
    let reopen = async { Arc::new(SqliteStore::connect(&url).await.unwrap()) as DynStore };
    blocopro_store::check_rich_messages_migration!(pool, migrator(), reopen);
}
