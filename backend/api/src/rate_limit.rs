//! Per-client-address rate limiting of the unauthenticated auth endpoints (logins, refresh), on top
//! of the per-account lockout: it slows credential stuffing across many accounts and keeps
//! password hashing from being used to load the server. Handlers opt in by taking `AuthThrottle`.

use std::net::{IpAddr, Ipv4Addr};
use std::num::NonZeroU32;
use std::time::Duration;

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::{FromRequest, HttpRequest, web};
use governor::clock::Clock;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::config::AuthRateLimit;
use crate::error::ApiError;
use crate::state::ApiState;

/// The quota of each client address; `None` when the limit is switched off.
pub struct AuthRateLimiter {
    limiter: Option<DefaultKeyedRateLimiter<IpAddr>>,
    trust_forwarded_for: bool,
}

impl AuthRateLimiter {
    pub fn new(limit: AuthRateLimit, trust_forwarded_for: bool) -> Self {
        let limiter = NonZeroU32::new(limit.per_minute).map(|per_minute| {
            let burst = NonZeroU32::new(limit.burst).unwrap_or(NonZeroU32::MIN);
            RateLimiter::keyed(Quota::per_minute(per_minute).allow_burst(burst))
        });
        Self { limiter, trust_forwarded_for }
    }

    /// Counts one request of the caller's address: 429 `rate_limited` with `Retry-After` over quota.
    pub fn check(&self, request: &HttpRequest) -> Result<(), ApiError> {
        let Some(limiter) = &self.limiter else { return Ok(()) };
        limiter.check_key(&self.client_address(request)).map_err(|not_until| {
            let wait = not_until.wait_time_from(limiter.clock().now());
            ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                "Too many sign-in requests from this address; try again later.",
            )
            .with_retry_after(whole_seconds_up(wait))
        })
    }

    /// Drops the addresses whose quota is full again, so the table does not grow without bound.
    fn forget_idle_clients(&self) {
        if let Some(limiter) = &self.limiter {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }

    fn client_address(&self, request: &HttpRequest) -> IpAddr {
        let forwarded = self.trust_forwarded_for.then(|| last_forwarded_for(request)).flatten();
        forwarded.or_else(|| request.peer_addr().map(|peer| peer.ip())).unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
    }
}

/// Once a minute, idle client addresses leave the limiter's table.
pub fn spawn_forgetting_idle_clients(state: web::Data<ApiState>) {
    actix_web::rt::spawn(async move {
        let mut ticker = actix_web::rt::time::interval(Duration::from_secs(60));
        loop {
            ticker.tick().await;
            state.auth_rate_limiter.forget_idle_clients();
        }
    });
}

/// The address our reverse proxy saw: the last `X-Forwarded-For` entry (earlier ones are whatever
/// the client chose to send).
fn last_forwarded_for(request: &HttpRequest) -> Option<IpAddr> {
    let header = request.headers().get_all("x-forwarded-for").last()?.to_str().ok()?;
    header.rsplit(',').next()?.trim().parse().ok()
}

fn whole_seconds_up(duration: Duration) -> u64 {
    duration.as_secs() + u64::from(duration.subsec_nanos() > 0)
}

/// Taken by the login and refresh handlers (as their first argument): fails with 429 when the
/// caller's address is over its quota.
pub struct AuthThrottle;

impl FromRequest for AuthThrottle {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, Self::Error>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let outcome = match request.app_data::<web::Data<ApiState>>() {
            Some(state) => state.auth_rate_limiter.check(request).map(|_| AuthThrottle),
            None => Err(blocopro_domain::Error::Internal("application state missing".into()).into()),
        };
        std::future::ready(outcome)
    }
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    fn request_from(peer: &str, forwarded_for: Option<&str>) -> HttpRequest {
        let mut request = TestRequest::default().peer_addr(peer.parse().unwrap());
        if let Some(value) = forwarded_for {
            request = request.insert_header(("x-forwarded-for", value));
        }
        request.to_http_request()
    }

    #[test]
    fn each_address_has_its_own_burst_and_gets_a_retry_after() {
        let limiter = AuthRateLimiter::new(AuthRateLimit { per_minute: 1, burst: 2 }, false);
        let first = request_from("10.0.0.1:1000", None);
        assert!(limiter.check(&first).is_ok());
        assert!(limiter.check(&first).is_ok());
        let refused = limiter.check(&first).unwrap_err();
        assert_eq!(refused.problem().code, "rate_limited");
        assert!((1..=60).contains(&refused.retry_after().unwrap()));
        assert!(limiter.check(&request_from("10.0.0.2:1000", None)).is_ok());
    }

    #[test]
    fn forwarded_addresses_count_only_when_trusted() {
        let untrusted = AuthRateLimiter::new(AuthRateLimit { per_minute: 1, burst: 1 }, false);
        assert!(untrusted.check(&request_from("10.0.0.1:1", Some("1.1.1.1"))).is_ok());
        assert!(untrusted.check(&request_from("10.0.0.1:1", Some("2.2.2.2"))).is_err(), "a spoofed header");

        let trusted = AuthRateLimiter::new(AuthRateLimit { per_minute: 1, burst: 1 }, true);
        assert!(trusted.check(&request_from("10.0.0.1:1", Some("9.9.9.9, 1.1.1.1"))).is_ok());
        assert!(trusted.check(&request_from("10.0.0.1:1", Some("8.8.8.8, 2.2.2.2"))).is_ok());
        assert!(trusted.check(&request_from("10.0.0.1:1", Some("7.7.7.7, 1.1.1.1"))).is_err());
    }

    #[test]
    fn a_zero_rate_switches_the_limit_off() {
        let limiter = AuthRateLimiter::new(AuthRateLimit { per_minute: 0, burst: 0 }, false);
        let request = request_from("10.0.0.1:1", None);
        assert!((0..100).all(|_| limiter.check(&request).is_ok()));
    }
}
