//! A fresh database per run (a SQLite file, or a new PostgreSQL database dropped afterwards) and
//! the counts the check reads straight from it. Each run's database holds one company and one
//! channel, so the counts need no filter.

use std::path::Path;
use std::str::FromStr;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{AssertSqlSafe, Connection, PgConnection, PgPool, SqlitePool};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

pub struct Database {
    pub url: String,
    /// For PostgreSQL: the admin URL and the database to drop at the end.
    created: Option<(String, String)>,
}

impl Database {
    pub async fn create(backend: Backend, data_dir: &Path, postgres_admin_url: &str) -> anyhow::Result<Self> {
        match backend {
            Backend::Sqlite => {
                Ok(Self { url: format!("sqlite://{}", data_dir.join("blocopro.db").display()), created: None })
            }
            Backend::Postgres => {
                let name = format!("blocopro_crash_{}", std::process::id());
                let mut admin = PgConnection::connect(postgres_admin_url).await.context("connecting to PostgreSQL")?;
                drop_database(&mut admin, &name).await?;
                sqlx::raw_sql(AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut admin).await?;
                let url = format!("{}/{name}", postgres_admin_url.rsplit_once('/').map_or("", |(base, _)| base));
                Ok(Self { url, created: Some((postgres_admin_url.to_owned(), name)) })
            }
        }
    }

    pub async fn drop_created(&self) -> anyhow::Result<()> {
        if let Some((admin_url, name)) = &self.created {
            let mut admin = PgConnection::connect(admin_url).await?;
            drop_database(&mut admin, name).await?;
        }
        Ok(())
    }

    pub async fn reader(&self) -> anyhow::Result<Reader> {
        if self.created.is_some() {
            return Ok(Reader::Postgres(PgPool::connect(&self.url).await?));
        }
        let options = SqliteConnectOptions::from_str(&self.url)?.read_only(true);
        Ok(Reader::Sqlite(SqlitePool::connect_with(options).await?))
    }
}

async fn drop_database(admin: &mut PgConnection, name: &str) -> anyhow::Result<()> {
    sqlx::raw_sql(AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))).execute(admin).await?;
    Ok(())
}

/// Read-only queries on the server's database, beside the running server.
pub enum Reader {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

impl Reader {
    /// What a `SELECT count(*) …` (or another single whole number) answers.
    pub async fn number(&self, query: &str) -> anyhow::Result<i64> {
        let number = match self {
            // The queries are this check's own text, with no outside input in them.
            Reader::Sqlite(pool) => sqlx::query_scalar(AssertSqlSafe(query)).fetch_one(pool).await,
            Reader::Postgres(pool) => sqlx::query_scalar(AssertSqlSafe(query)).fetch_one(pool).await,
        };
        number.with_context(|| format!("reading `{query}`"))
    }

    /// Polls `query` until `done` holds for its number; fails after `within`, naming `what`.
    pub async fn wait_for(
        &self,
        what: &str,
        query: &str,
        within: Duration,
        done: impl Fn(i64) -> bool,
    ) -> anyhow::Result<()> {
        let started = Instant::now();
        while !done(self.number(query).await?) {
            if started.elapsed() > within {
                bail!("{what}: not within {within:?}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Ok(())
    }

    pub async fn close(self) {
        match self {
            Reader::Sqlite(pool) => pool.close().await,
            Reader::Postgres(pool) => pool.close().await,
        }
    }
}
