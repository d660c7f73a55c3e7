//! The shared conformance suite against a fresh PostgreSQL database per test
//! (`BLOCOPRO_TEST_POSTGRES_URL`, default the machine's server).

use std::sync::Arc;

use blocopro_store::DynStore;
use blocopro_store_postgres::{PostgresStore, create_database};

async fn fresh_store() -> (DynStore, ()) {
    let admin_url = std::env::var("BLOCOPRO_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let name = format!("blocopro_test_{}", uuid::Uuid::now_v7().simple());
    let url = create_database(&admin_url, &name).await.unwrap();
    (Arc::new(PostgresStore::connect(&url).await.unwrap()), ())
}

blocopro_store::conformance_suite!(fresh_store);
