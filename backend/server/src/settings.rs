//! Every setting of the server, declared once: each is a command-line option and a `BLOCOPRO_*`
//! environment variable with its default, as `blocopro serve --help` lists them. `into_config`
//! checks them and derives what follows from them (the database in the data directory, the
//! secrets generated once and kept there).

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use blocopro_api::Config;
use blocopro_api::config::AuthRateLimit;
use blocopro_api::spa::SpaFiles;
use blocopro_app::{AppSettings, WebhookSettings};
use blocopro_domain::retry::Backoff;
use blocopro_media::MediaLocation;
use jiff::SignedDuration;
use secrecy::{ExposeSecret, SecretString};

/// The shortest secret accepted, wherever it comes from.
const MIN_SECRET_LENGTH: usize = 32;

/// Not `Debug`: it holds secrets as given.
#[derive(clap::Args)]
pub struct Settings {
    /// Data directory: the SQLite file, generated secrets, the device stores of QR channels.
    #[arg(long, global = true, env = "BLOCOPRO_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,
    /// `sqlite://…` or `postgres://…` [default: sqlite://<data dir>/blocopro.db]
    #[arg(long, global = true, env = "BLOCOPRO_DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
    /// Listen address (`host:port`).
    #[arg(long, global = true, env = "BLOCOPRO_BIND", default_value = "127.0.0.1:8080")]
    pub bind: String,
    /// Signs access tokens; at least 32 characters, the same on every instance
    /// [default: generated once into <data dir>/jwt_secret]
    #[arg(long, global = true, env = "BLOCOPRO_JWT_SECRET", hide_env_values = true)]
    pub jwt_secret: Option<String>,
    /// Seals Cloud API secrets at rest; at least 32 characters, the same on every instance
    /// [default: generated once into <data dir>/encryption_key]
    #[arg(long, global = true, env = "BLOCOPRO_ENCRYPTION_KEY", hide_env_values = true)]
    pub encryption_key: Option<String>,
    /// A built SPA to serve at `/` instead of the one in the binary (development), when it holds an
    /// index.html [default: the SPA built into the binary; ./frontend/dist in a build without one]
    #[arg(long, global = true, env = "BLOCOPRO_SPA_DIR")]
    pub spa_dir: Option<PathBuf>,
    /// Largest request body, in bytes.
    #[arg(long, global = true, env = "BLOCOPRO_BODY_LIMIT", default_value_t = Config::DEFAULT_BODY_LIMIT)]
    pub body_limit: usize,
    /// Login and refresh requests one client address may make at once.
    #[arg(long, global = true, env = "BLOCOPRO_AUTH_RATE_BURST", default_value_t = AuthRateLimit::default().burst)]
    pub auth_rate_burst: u32,
    /// … and then so many a minute; 0 switches the limit off.
    #[arg(long, global = true, env = "BLOCOPRO_AUTH_RATE_PER_MINUTE", default_value_t = AuthRateLimit::default().per_minute)]
    pub auth_rate_per_minute: u32,
    /// Behind one reverse proxy: the client address is the last `X-Forwarded-For` entry
    /// (variable: 1 or 0).
    #[arg(long, global = true, env = "BLOCOPRO_TRUST_FORWARDED_FOR", value_parser = switch)]
    pub trust_forwarded_for: bool,
    /// `GET /metrics` (Prometheus) answers a scraper sending this bearer token; off when unset.
    #[arg(long, global = true, env = "BLOCOPRO_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,
    /// The simulator connector and its `/simulator/…` control endpoints, for the demo and tests
    /// (variable: 1 or 0).
    #[arg(long, global = true, env = "BLOCOPRO_SIMULATOR", value_parser = switch)]
    pub simulator: bool,
    /// The Graph API of Cloud API channels.
    #[arg(long, global = true, env = "BLOCOPRO_CLOUD_API_BASE_URL", default_value = blocopro_connectors::cloud_api::GRAPH_API_BASE_URL)]
    pub cloud_api_base_url: String,
    /// Seconds an outgoing webhook's receiver has to answer a try.
    #[arg(long, global = true, env = "BLOCOPRO_WEBHOOK_TIMEOUT_SECS", default_value_t = seconds(blocopro_domain::webhook::DELIVERY_TIMEOUT))]
    pub webhook_timeout_secs: u64,
    /// Seconds before an outgoing webhook's second try; each next wait doubles.
    #[arg(long, global = true, env = "BLOCOPRO_WEBHOOK_RETRY_FIRST_SECS", default_value_t = seconds(blocopro_domain::webhook::BACKOFF.first))]
    pub webhook_retry_first_secs: u64,
    /// Longest wait between two tries of an outgoing webhook, in seconds.
    #[arg(long, global = true, env = "BLOCOPRO_WEBHOOK_RETRY_MAX_SECS", default_value_t = seconds(blocopro_domain::webhook::BACKOFF.max))]
    pub webhook_retry_max_secs: u64,
    /// Tries of an outgoing webhook before its delivery fails for good.
    #[arg(long, global = true, env = "BLOCOPRO_WEBHOOK_MAX_ATTEMPTS", default_value_t = blocopro_domain::webhook::BACKOFF.max_attempts, value_parser = clap::value_parser!(u32).range(1..))]
    pub webhook_max_attempts: u32,
    /// Seconds a user whose last realtime socket closed still counts as online (a reloaded page
    /// reconnects within them).
    #[arg(long, global = true, env = "BLOCOPRO_PRESENCE_GRACE_SECS", default_value_t = blocopro_app::presence::SOCKET_CLOSE_GRACE.as_secs())]
    pub presence_grace_secs: u64,
    /// Seconds between two syncs of every Cloud API channel's message templates from Meta (0: never;
    /// `POST /channels/{id}/templates/sync` still syncs on demand).
    #[arg(long, global = true, env = "BLOCOPRO_TEMPLATE_SYNC_INTERVAL_SECS", default_value_t = blocopro_app::channels::templates::DAILY.as_secs())]
    pub template_sync_interval_secs: u64,
    /// Where media files are kept: `file:///absolute/path` or `s3://bucket/prefix` (credentials,
    /// region and endpoint from the `AWS_*` variables) [default: <data dir>/media]
    #[arg(long, global = true, env = "BLOCOPRO_MEDIA_URL")]
    pub media_url: Option<String>,
    /// Log filter (tracing's `EnvFilter` syntax, e.g. `info,blocopro_api=debug`).
    #[arg(long, global = true, env = "BLOCOPRO_LOG", default_value = "info")]
    pub log: String,
    /// `json` for one JSON object per line (production); anything else is readable text.
    #[arg(long, global = true, env = "BLOCOPRO_LOG_FORMAT", default_value = "text")]
    pub log_format: String,
}

/// Where an installation keeps its state: the data directory (secrets, QR channels' device
/// stores, by default the SQLite file and the media), the database, the media store.
pub struct Locations {
    pub data_dir: PathBuf,
    pub database_url: String,
    pub media: MediaLocation,
}

impl Locations {
    /// The SQLite file the database URL names; `None` for PostgreSQL.
    pub fn sqlite_file(&self) -> Option<PathBuf> {
        let path =
            (self.database_url.strip_prefix("sqlite://")).or_else(|| self.database_url.strip_prefix("sqlite:"))?;
        let path = path.split_once('?').map_or(path, |(path, _)| path);
        (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
    }
}

/// A switch given as a variable: `1`/`true` on, `0`/`false` or empty off.
fn switch(value: &str) -> Result<bool, String> {
    match value {
        "1" | "true" => Ok(true),
        "" | "0" | "false" => Ok(false),
        other => Err(format!("must be 1 or 0, not `{other}`")),
    }
}

fn seconds(duration: SignedDuration) -> u64 {
    duration.as_secs().unsigned_abs()
}

impl Settings {
    /// Where the server keeps what it holds, read from the settings without creating anything
    /// (`backup` and `restore` must not, unlike `into_config`).
    pub fn locations(&self) -> anyhow::Result<Locations> {
        let media = MediaLocation::parse(self.media_url.as_deref(), &self.data_dir).context("BLOCOPRO_MEDIA_URL")?;
        let database_url = (self.database_url.clone())
            .unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join("blocopro.db").display()));
        Ok(Locations { data_dir: self.data_dir.clone(), database_url, media })
    }

    /// The checked configuration; creates the data directory and the secrets it keeps.
    pub fn into_config(self) -> anyhow::Result<Config> {
        let Locations { data_dir, database_url, media } = self.locations()?;
        std::fs::create_dir_all(&data_dir)
            .with_context(|| format!("BLOCOPRO_DATA_DIR {} cannot be created", data_dir.display()))?;
        Ok(Config {
            bind: self.bind,
            database_url,
            jwt_secret: secret_or_persisted(self.jwt_secret, &data_dir, "BLOCOPRO_JWT_SECRET", "jwt_secret")?,
            spa: Some(self.spa_dir.map_or_else(crate::spa::default_files, SpaFiles::Directory)),
            body_limit: self.body_limit,
            auth_rate_limit: AuthRateLimit { per_minute: self.auth_rate_per_minute, burst: self.auth_rate_burst },
            trust_forwarded_for: self.trust_forwarded_for,
            metrics_token: self.metrics_token.map(SecretString::from),
            app: AppSettings {
                encryption_key: secret_or_persisted(
                    self.encryption_key,
                    &data_dir,
                    "BLOCOPRO_ENCRYPTION_KEY",
                    "encryption_key",
                )?,
                simulator: self.simulator,
                cloud_api_base_url: self.cloud_api_base_url,
                whatsapp_device_dir: data_dir.join("whatsapp"),
                webhooks: WebhookSettings {
                    timeout: Duration::from_secs(self.webhook_timeout_secs),
                    backoff: Backoff {
                        first: SignedDuration::from_secs(self.webhook_retry_first_secs.try_into()?),
                        max: SignedDuration::from_secs(self.webhook_retry_max_secs.try_into()?),
                        max_attempts: self.webhook_max_attempts,
                    },
                },
                presence_grace: Duration::from_secs(self.presence_grace_secs),
                template_sync_interval: Duration::from_secs(self.template_sync_interval_secs),
                media,
            },
        })
    }
}

/// The secret given in `variable`, or the one generated once and kept in the data directory as
/// `file`; either is held to the same minimum length.
fn secret_or_persisted(
    given: Option<String>,
    data_dir: &Path,
    variable: &str,
    file: &str,
) -> anyhow::Result<SecretString> {
    let path = data_dir.join(file);
    let (secret, source) = match given {
        Some(secret) => (SecretString::from(secret), variable.to_owned()),
        None => match std::fs::read_to_string(&path) {
            Ok(kept) => (SecretString::from(kept.trim().to_owned()), path.display().to_string()),
            Err(_) => {
                let (generated, _) = blocopro_app::secrets::random_token("");
                write_private(&path, &generated).with_context(|| format!("cannot write {}", path.display()))?;
                return Ok(SecretString::from(generated));
            }
        },
    };
    anyhow::ensure!(
        secret.expose_secret().len() >= MIN_SECRET_LENGTH,
        "{source} must hold at least {MIN_SECRET_LENGTH} characters"
    );
    Ok(secret)
}

fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    #[cfg(unix)]
    use std::os::unix::fs::OpenOptionsExt;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    options.mode(0o600);
    options.open(path)?.write_all(contents.as_bytes())
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        settings: Settings,
    }

    fn parse(args: &[&str]) -> Result<Settings, clap::Error> {
        let mut argv = vec!["blocopro"];
        argv.extend_from_slice(args);
        Cli::try_parse_from(argv).map(|cli| cli.settings)
    }

    #[test]
    fn a_short_secret_is_refused_wherever_it_comes_from() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("jwt_secret"), "too short").unwrap();
        let error = secret_or_persisted(None, dir.path(), "BLOCOPRO_JWT_SECRET", "jwt_secret").unwrap_err();
        assert!(error.to_string().contains("at least 32 characters"), "{error}");
        let given = Some("short".to_owned());
        let error = secret_or_persisted(given, dir.path(), "BLOCOPRO_JWT_SECRET", "jwt_secret").unwrap_err();
        assert!(error.to_string().starts_with("BLOCOPRO_JWT_SECRET"), "{error}");
    }

    #[test]
    fn a_secret_is_generated_once_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let first = secret_or_persisted(None, dir.path(), "X", "key").unwrap();
        let again = secret_or_persisted(None, dir.path(), "X", "key").unwrap();
        assert_eq!(first.expose_secret(), again.expose_secret());
        assert!(first.expose_secret().len() >= MIN_SECRET_LENGTH);
    }

    #[test]
    fn defaults_match_the_readme_and_flags_are_checked() {
        let settings = parse(&[]).unwrap();
        assert_eq!(settings.bind, "127.0.0.1:8080");
        assert_eq!(settings.body_limit, 262_144);
        assert_eq!((settings.auth_rate_burst, settings.auth_rate_per_minute), (30, 60));
        assert!(!settings.simulator);
        assert_eq!(settings.webhook_max_attempts, 8);
        assert_eq!(settings.presence_grace_secs, 10);
        assert_eq!(settings.template_sync_interval_secs, 86_400, "templates are synced daily");
        assert!(parse(&["--simulator"]).unwrap().simulator);
        assert!(parse(&["--trust-forwarded-for", "yes"]).is_err(), "a switch takes no value on the command line");
        assert!(parse(&["--body-limit", "lots"]).is_err());
        assert!(parse(&["--webhook-max-attempts", "0"]).is_err());
    }

    #[test]
    fn switches_read_as_the_readme_says() {
        assert_eq!(
            ["1", "true", "0", "false", ""].map(|value| switch(value).unwrap()),
            [true, true, false, false, false]
        );
        assert!(switch("maybe").is_err());
    }

    #[test]
    fn webhook_settings_are_configurable() {
        let dir = tempfile::tempdir().unwrap();
        let data_dir = dir.path().to_str().unwrap();
        let config = parse(&["--data-dir", data_dir, "--webhook-timeout-secs", "3", "--webhook-max-attempts", "2"])
            .unwrap()
            .into_config()
            .unwrap();
        assert_eq!(config.app.webhooks.timeout, Duration::from_secs(3));
        assert_eq!(config.app.webhooks.backoff.max_attempts, 2);
        assert_eq!(config.database_url, format!("sqlite://{data_dir}/blocopro.db"));
        assert_eq!(config.app.media, MediaLocation::Directory(dir.path().join("media")));
    }

    #[test]
    fn the_sqlite_file_is_read_from_the_database_url() {
        let file = |url: &str| {
            Locations { data_dir: "d".into(), database_url: url.into(), media: MediaLocation::Directory("m".into()) }
                .sqlite_file()
        };
        assert_eq!(file("sqlite://./data/blocopro.db"), Some(PathBuf::from("./data/blocopro.db")));
        assert_eq!(file("sqlite:///srv/bp.db?mode=rwc"), Some(PathBuf::from("/srv/bp.db")));
        assert_eq!(file("sqlite::memory:"), None);
        assert_eq!(file("postgres://postgres@127.0.0.1/blocopro"), None);
    }

    #[test]
    fn a_spa_directory_given_wins_over_the_built_in_one() {
        let dir = tempfile::tempdir().unwrap();
        let data_dir = dir.path().to_str().unwrap();
        let given = parse(&["--data-dir", data_dir, "--spa-dir", "/srv/spa"]).unwrap().into_config().unwrap();
        assert!(matches!(given.spa, Some(SpaFiles::Directory(ref dir)) if dir.as_os_str() == "/srv/spa"));
        let default = parse(&["--data-dir", data_dir]).unwrap().into_config().unwrap();
        #[cfg(feature = "embedded-spa")]
        assert!(matches!(default.spa, Some(SpaFiles::Embedded(_))), "{:?}", default.spa);
        #[cfg(not(feature = "embedded-spa"))]
        assert!(matches!(default.spa, Some(SpaFiles::Directory(ref dir)) if dir.as_os_str() == "./frontend/dist"));
    }

    #[test]
    fn the_media_url_is_checked_before_the_server_starts() {
        let dir = tempfile::tempdir().unwrap();
        let data_dir = dir.path().to_str().unwrap();
        let config = parse(&["--data-dir", data_dir, "--media-url", "s3://media-bucket/blocopro"]).unwrap();
        let expected = MediaLocation::S3 { bucket: "media-bucket".into(), prefix: "blocopro".into() };
        assert_eq!(config.into_config().unwrap().app.media, expected);
        let wrong = parse(&["--data-dir", data_dir, "--media-url", "ftp://host/media"]).unwrap();
        let error = format!("{:#}", wrong.into_config().unwrap_err());
        assert!(error.starts_with("BLOCOPRO_MEDIA_URL"), "{error}");
    }
}
