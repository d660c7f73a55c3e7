//! A fresh PostgreSQL database per test on the server of `BLOCOPRO_TEST_POSTGRES_URL` (default
//! the machine's).

use blocopro_store_postgres::create_database;

/// Creates an empty database and answers its URL.
pub async fn fresh_database_url() -> String {
    let admin_url = std::env::var("BLOCOPRO_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let name = format!("blocopro_test_{}", uuid::Uuid::now_v7().simple());
    create_database(&admin_url, &name).await.unwrap()
}
