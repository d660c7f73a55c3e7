//! The shared conformance suite against a fresh PostgreSQL database per test
//! (`BLOCOPRO_TEST_POSTGRES_URL`, default the machine's server).

use std::sync::Arc;

use blocopro_store::DynStore;
use blocopro_store_postgres::PostgresStore;

mod common;

async fn fresh_store() -> (DynStore, ()) {
    let url = common::fresh_database_url().await;
    (Arc::new(PostgresStore::connect(&url).await.unwrap()), ())
}

blocopro_store::conformance_suite!(fresh_store);
