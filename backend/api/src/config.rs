//! Typed configuration, read from `BLOCOPRO_*` environment variables by the binary.

use std::path::PathBuf;

use secrecy::SecretString;

#[derive(Clone)]
pub struct Config {
    /// `host:port`; port 0 picks a free one (tests).
    pub bind: String,
    /// `sqlite://path` or `postgres://…`.
    pub database_url: String,
    /// Signs access tokens; at least 32 bytes.
    pub jwt_secret: SecretString,
    /// The built SPA (`frontend/dist`), served at `/` when present.
    pub spa_dir: Option<PathBuf>,
    /// Largest accepted request body, in bytes.
    pub body_limit: usize,
    /// Seals channel credentials at rest; at least 32 bytes.
    pub encryption_key: SecretString,
    /// Enables the simulator connector and its control endpoints (demo and tests only).
    pub simulator: bool,
    /// The Graph API for Cloud API channels; a local mock in tests.
    pub cloud_api_base_url: String,
    /// One device store per WhatsApp Web (QR) channel; in the data directory.
    pub whatsapp_device_dir: PathBuf,
}

impl Config {
    pub const DEFAULT_BODY_LIMIT: usize = 256 * 1024;
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("bind", &self.bind)
            .field("database_url", &redact_url(&self.database_url))
            .field("jwt_secret", &"[redacted]")
            .field("spa_dir", &self.spa_dir)
            .field("body_limit", &self.body_limit)
            .field("encryption_key", &"[redacted]")
            .field("simulator", &self.simulator)
            .field("cloud_api_base_url", &self.cloud_api_base_url)
            .field("whatsapp_device_dir", &self.whatsapp_device_dir)
            .finish()
    }
}

/// Hides a password in `scheme://user:password@host/…`.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_in_urls_are_hidden() {
        assert_eq!(super::redact_url("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(super::redact_url("sqlite://./data/x.db"), "sqlite://./data/x.db");
    }
}
