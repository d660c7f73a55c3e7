//! Two options of the SQLite library that the common reads depend on (issue 20.3; docs/decisions.md,
//! "SQLite: plans that ignore bound values, no memory statistics"). Measured on `GET
//! /conversations/{id}/messages` and `GET /users` under load, a CPU profile of the server spent:
//! - about a quarter of its time compiling statements again: once `ANALYZE` has written its
//!   samples (`sqlite_stat4`; `refresh_statistics` runs it after bulk loads), SQLite marks a
//!   statement whose plan looked at a bound value as expired each time that value is bound, i.e. at
//!   every execution, and parses and plans it again. With the query planner stability guarantee
//!   (QPSG) plans never depend on bound values, so a cached statement is compiled once per
//!   connection. No statement here relies on a bound value to choose an index (the partial
//!   indexes are used by conditions written with literals).
//! - a fifth of it around one process-wide mutex that SQLite takes on every allocation to keep
//!   memory statistics, which nothing here reads.

use std::ffi::c_int;
use std::sync::Once;

use libsqlite3_sys as ffi;
use sqlx::SqliteConnection;

/// Turns the memory statistics off, before the first connection initialises the library (later,
/// SQLite refuses the change and keeps them: slower, not wrong).
pub(crate) fn without_memory_statistics() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // SAFETY: sqlite3_config with SQLITE_CONFIG_MEMSTATUS takes one int. It is called once,
        // before this process opens its first connection; if another part of the process already
        // initialised the library, it answers SQLITE_MISUSE and changes nothing.
        let _ = unsafe { ffi::sqlite3_config(ffi::SQLITE_CONFIG_MEMSTATUS, 0 as c_int) };
    });
}

/// Makes the connection's plans independent of bound values (QPSG), as each connection opens.
pub(crate) async fn plan_without_bound_values(connection: &mut SqliteConnection) -> Result<(), sqlx::Error> {
    let mut handle = connection.lock_handle().await?;
    let database = handle.as_raw_handle().as_ptr();
    // SAFETY: `database` is this open connection's handle, held locked for the call;
    // SQLITE_DBCONFIG_ENABLE_QPSG takes an int (1: on) and an int pointer, which may be null.
    let status = unsafe {
        ffi::sqlite3_db_config(database, ffi::SQLITE_DBCONFIG_ENABLE_QPSG, 1 as c_int, std::ptr::null_mut::<c_int>())
    };
    if status != ffi::SQLITE_OK {
        return Err(sqlx::Error::Configuration(format!("SQLite refused its QPSG option (code {status})").into()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SqlStore;

    async fn store() -> (SqlStore, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("test.db").display());
        (SqlStore::connect(&url).await.unwrap(), dir)
    }

    #[tokio::test]
    async fn every_connection_plans_without_bound_values() {
        let (store, _dir) = store().await;
        // More connections than the pool keeps open at rest: the ones opened on demand too.
        let mut connections = Vec::new();
        for _ in 0..3 {
            connections.push(store.pool.acquire().await.unwrap());
        }
        for connection in &mut connections {
            let mut handle = connection.lock_handle().await.unwrap();
            let mut enabled: c_int = -1;
            // SAFETY: as in `plan_without_bound_values`; -1 reads the option into `enabled`.
            let status = unsafe {
                ffi::sqlite3_db_config(
                    handle.as_raw_handle().as_ptr(),
                    ffi::SQLITE_DBCONFIG_ENABLE_QPSG,
                    -1 as c_int,
                    &mut enabled as *mut c_int,
                )
            };
            assert_eq!((status, enabled), (ffi::SQLITE_OK, 1));
        }
    }

    #[tokio::test]
    async fn the_library_keeps_no_memory_statistics() {
        let (store, _dir) = store().await;
        sqlx::query("SELECT count(*) FROM users").execute(&store.pool).await.unwrap();
        // SAFETY: a plain read of a process-wide counter.
        let used = unsafe { ffi::sqlite3_memory_used() };
        assert_eq!(used, 0, "with the statistics on, the open connections' memory would count");
    }
}
