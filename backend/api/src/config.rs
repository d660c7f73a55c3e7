//! Typed configuration, read from `BLOCOPRO_*` environment variables by the binary.

use secrecy::SecretString;

#[derive(Clone)]
pub struct Config {
    /// `host:port`; port 0 picks a free one (tests).
    pub bind: String,
    /// `sqlite://path` or `postgres://…`.
    pub database_url: String,
    /// Signs access tokens; at least 32 bytes.
    pub jwt_secret: SecretString,
    /// The built SPA (`frontend/dist`, from a directory or embedded), served at `/` when it holds an index.
    pub spa: Option<crate::spa::SpaFiles>,
    /// Largest accepted request body, in bytes.
    pub body_limit: usize,
    /// Requests to the unauthenticated auth endpoints allowed per client address.
    pub auth_rate_limit: AuthRateLimit,
    /// Take the client address from the last `X-Forwarded-For` entry (behind one reverse proxy)
    /// instead of the connection's peer.
    pub trust_forwarded_for: bool,
    /// The bearer token a scraper sends to `GET /metrics`; without one the endpoint is off.
    pub metrics_token: Option<SecretString>,
    /// What the application behind the API needs (credential sealing, connectors, webhooks).
    pub app: blocopro_app::AppSettings,
}

impl Config {
    pub const DEFAULT_BODY_LIMIT: usize = 256 * 1024;
}

/// How many login and refresh requests one client address may make: `burst` at once, then
/// `per_minute` spread evenly over each minute. `per_minute == 0` switches the limit off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AuthRateLimit {
    pub per_minute: u32,
    pub burst: u32,
}

impl Default for AuthRateLimit {
    /// Generous enough for an office of attendants behind one address logging in at once.
    fn default() -> Self {
        Self { per_minute: 60, burst: 30 }
    }
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("bind", &self.bind)
            .field("database_url", &redact_url(&self.database_url))
            .field("jwt_secret", &"[redacted]")
            .field("spa", &self.spa)
            .field("body_limit", &self.body_limit)
            .field("auth_rate_limit", &self.auth_rate_limit)
            .field("trust_forwarded_for", &self.trust_forwarded_for)
            .field("metrics_token", &self.metrics_token.as_ref().map(|_| "[redacted]"))
            .field("app", &self.app)
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
