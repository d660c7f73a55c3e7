//! What every handler can reach: the application (store, connectors, events, workers) and what
//! only the HTTP layer holds — the token keys and the login rate limiter.

use std::ops::Deref;
use std::sync::Arc;

use blocopro_app::App;

use crate::auth::tokens::JwtKeys;
use crate::rate_limit::AuthRateLimiter;

pub struct ApiState {
    pub app: Arc<App>,
    pub jwt: JwtKeys,
    /// Login and refresh requests per client address.
    pub auth_rate_limiter: AuthRateLimiter,
    pub metrics: crate::metrics::Metrics,
    /// The bearer token of `GET /metrics`; metrics are off without one.
    pub metrics_token: Option<secrecy::SecretString>,
}

/// Handlers call the application's use cases with `&state`.
impl Deref for ApiState {
    type Target = App;

    fn deref(&self) -> &App {
        &self.app
    }
}
