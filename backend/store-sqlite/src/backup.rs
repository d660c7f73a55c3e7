//! What a backup of a SQLite database needs: a consistent copy of a live file (`VACUUM INTO`, one
//! read transaction, so it sees every write committed before it began and none after, while the
//! server goes on writing), the schema version a copy holds, and SQLite's own check of a copy.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use blocopro_store::{StoreError, StoreResult};
use sqlx::Connection;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};

/// Opens the existing database file at `path` as it is: no creation, no migration, no change of
/// its journal mode.
async fn open(path: &Path) -> StoreResult<SqliteConnection> {
    let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))
        .map_err(StoreError::Database)?
        .create_if_missing(false)
        .busy_timeout(Duration::from_secs(30));
    Ok(SqliteConnection::connect_with(&options).await?)
}

/// Writes a consistent copy of the database file `database` to `to`, which must not exist; the
/// writers of `database` go on meanwhile.
pub async fn snapshot(database: &Path, to: &Path) -> StoreResult<()> {
    let mut connection = open(database).await?;
    let target = to
        .to_str()
        .ok_or_else(|| StoreError::Database(sqlx::Error::Configuration("the snapshot's path is not UTF-8".into())))?;
    sqlx::query("VACUUM INTO ?").bind(target).execute(&mut connection).await?;
    connection.close().await?;
    Ok(())
}

/// The newest migration applied to the database file at `path`; `None` for a file that is no
/// BlocoPro database.
pub async fn schema_version(path: &Path) -> StoreResult<Option<i64>> {
    let mut connection = open(path).await?;
    let applied: Result<Option<i64>, sqlx::Error> =
        sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success").fetch_one(&mut connection).await;
    connection.close().await?;
    match applied {
        Ok(version) => Ok(version),
        Err(sqlx::Error::Database(_)) => Ok(None),
        Err(error) => Err(error.into()),
    }
}

/// The newest migration this build knows.
pub fn latest_schema_version() -> i64 {
    crate::migrator().iter().map(|migration| migration.version).max().unwrap_or_default()
}

/// `PRAGMA integrity_check` of the database file at `path`: empty when SQLite finds nothing wrong,
/// else what it found.
pub async fn integrity_problems(path: &Path) -> StoreResult<Vec<String>> {
    let mut connection = open(path).await?;
    let found: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check").fetch_all(&mut connection).await?;
    connection.close().await?;
    Ok(found.into_iter().filter(|line| line != "ok").collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_snapshot_holds_the_schema_and_passes_the_check() {
        let dir = tempfile::tempdir().unwrap();
        let live = dir.path().join("live.db");
        crate::SqliteStore::connect(&format!("sqlite://{}", live.display())).await.unwrap();
        let copy = dir.path().join("copy.db");
        snapshot(&live, &copy).await.unwrap();
        assert_eq!(schema_version(&copy).await.unwrap(), Some(latest_schema_version()));
        assert_eq!(integrity_problems(&copy).await.unwrap(), Vec::<String>::new());
        assert!(snapshot(&live, &copy).await.is_err(), "an existing file is not overwritten");
    }

    #[tokio::test]
    async fn a_file_that_is_no_database_is_told_apart() {
        let dir = tempfile::tempdir().unwrap();
        let other = dir.path().join("other.db");
        let mut connection =
            SqliteConnection::connect(&format!("sqlite://{}?mode=rwc", other.display())).await.unwrap();
        sqlx::query("CREATE TABLE notes (body TEXT)").execute(&mut connection).await.unwrap();
        connection.close().await.unwrap();
        assert_eq!(schema_version(&other).await.unwrap(), None);
        assert!(snapshot(&dir.path().join("missing.db"), &dir.path().join("x.db")).await.is_err());
    }
}
