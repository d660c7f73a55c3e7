//! The shared conformance suite against a fresh SQLite file per test.

use std::sync::Arc;

use blocopro_store::DynStore;
use blocopro_store_sqlite::SqliteStore;

async fn fresh_store() -> (DynStore, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    let store = SqliteStore::connect(&url).await.unwrap();
    (Arc::new(store), dir)
}

blocopro_store::conformance_suite!(fresh_store);
