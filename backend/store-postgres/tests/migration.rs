//! Text messages stored before rich messages read back identical, as text, after migrating
//! (`blocopro_store::messages::migration_check`), on a fresh PostgreSQL database.

use std::sync::Arc;

use blocopro_store::DynStore;
use blocopro_store_postgres::{PostgresStore, migrator};

mod common;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn text_messages_of_the_previous_schema_read_back_as_text() {
    let url = common::fresh_database_url().await;
    let pool = sqlx::PgPool::connect(&url).await.unwrap();
    let reopen = async { Arc::new(PostgresStore::connect(&url).await.unwrap()) as DynStore };
    blocopro_store::check_rich_messages_migration!(pool, migrator(), reopen);
}
