//! `GET /metrics` for the people who run the server, in the Prometheus text format
//! (OpenMetrics, through `prometheus-client`). Off unless `BLOCOPRO_METRICS_TOKEN` is set; the
//! scraper sends it as a bearer token.
//! - Counted as they happen: HTTP requests by method, route template and status (a duration
//!   histogram), Meta's webhook deliveries by outcome, the realtime sockets open here.
//! - Read at each scrape, over every company: the outbox by state with its oldest message's age,
//!   outgoing webhook deliveries by status, channels by connection status, the database pool.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse, web};
use blocopro_domain::Timestamp;
use blocopro_store::{OperationalCounts, PoolUsage, StateCount};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};
use std::sync::atomic::AtomicU64;

use crate::auth::principal::bearer_token;
use crate::error::{ApiError, ApiResult};
use crate::matched_route::matched_template;
use crate::state::ApiState;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    /// The route's template (`/api/v1/users/{id}`), never the raw path: one series per route.
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabels {
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StateLabels {
    state: String,
}

type AgeGauge = Gauge<f64, AtomicU64>;

/// What happened to a signed delivery from Meta.
#[derive(Clone, Copy, Debug)]
pub enum DeliveryOutcome {
    /// Signed correctly and its events stored.
    Stored,
    /// Refused: a bad signature, an unreadable body or a failure to store (Meta retries).
    Refused,
}

pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Histogram>,
    cloud_deliveries: Family<OutcomeLabels, Counter>,
    realtime_sockets: Gauge,
    outbox_messages: Family<StateLabels, Gauge>,
    outbox_oldest_seconds: Family<StateLabels, AgeGauge>,
    webhook_deliveries: Family<StateLabels, Gauge>,
    webhook_oldest_queued_seconds: AgeGauge,
    channels: Family<StateLabels, Gauge>,
    pool_connections: Family<StateLabels, Gauge>,
    pool_max_connections: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        let requests = Family::<RequestLabels, Histogram>::new_with_constructor(|| {
            // 1 ms to about 16 s.
            Histogram::new(exponential_buckets(0.001, 2.0, 15))
        });
        let mut metrics = Metrics {
            registry: Registry::with_prefix("blocopro"),
            requests,
            cloud_deliveries: Family::default(),
            realtime_sockets: Gauge::default(),
            outbox_messages: Family::default(),
            outbox_oldest_seconds: Family::default(),
            webhook_deliveries: Family::default(),
            webhook_oldest_queued_seconds: AgeGauge::default(),
            channels: Family::default(),
            pool_connections: Family::default(),
            pool_max_connections: Gauge::default(),
        };
        metrics.register();
        metrics
    }
}

impl Metrics {
    fn register(&mut self) {
        let registry = &mut self.registry;
        registry.register("http_request_duration_seconds", "HTTP requests by route", self.requests.clone());
        registry.register(
            "cloud_webhook_deliveries",
            "Signed deliveries from Meta's Cloud API webhook, by outcome",
            self.cloud_deliveries.clone(),
        );
        registry.register("realtime_sockets", "Realtime sockets open on this instance", self.realtime_sockets.clone());
        registry.register("outbox_messages", "Outbound messages not sent yet, by state", self.outbox_messages.clone());
        registry.register(
            "outbox_oldest_age_seconds",
            "Age of the oldest outbound message waiting, by state",
            self.outbox_oldest_seconds.clone(),
        );
        registry.register(
            "webhook_deliveries",
            "Outgoing webhook deliveries, by status",
            self.webhook_deliveries.clone(),
        );
        registry.register(
            "webhook_oldest_queued_age_seconds",
            "Age of the oldest outgoing webhook delivery still queued",
            self.webhook_oldest_queued_seconds.clone(),
        );
        registry.register("channels", "Channels by connection status", self.channels.clone());
        registry.register(
            "db_pool_connections",
            "Database connections of this instance, in use or idle",
            self.pool_connections.clone(),
        );
        registry.register(
            "db_pool_max_connections",
            "The most database connections this instance opens",
            self.pool_max_connections.clone(),
        );
    }

    pub fn delivery(&self, outcome: DeliveryOutcome) {
        let outcome = match outcome {
            DeliveryOutcome::Stored => "stored",
            DeliveryOutcome::Refused => "refused",
        };
        self.cloud_deliveries.get_or_create(&OutcomeLabels { outcome }).inc();
    }

    pub fn socket_opened(&self) {
        self.realtime_sockets.inc();
    }

    pub fn socket_closed(&self) {
        self.realtime_sockets.dec();
    }

    fn request(&self, method: &str, route: String, status: u16, seconds: f64) {
        let labels = RequestLabels { method: method.to_owned(), route, status };
        self.requests.get_or_create(&labels).observe(seconds);
    }

    /// Sets what is read at each scrape, then writes every metric out.
    fn render(&self, counts: &OperationalCounts, pool: PoolUsage, now: Timestamp) -> String {
        set_counts(&self.outbox_messages, &counts.outbox);
        set_ages(&self.outbox_oldest_seconds, &counts.outbox, now);
        set_counts(&self.webhook_deliveries, &counts.webhook_deliveries);
        let oldest_queued = counts.webhook_deliveries.iter().find_map(|count| count.oldest_at);
        self.webhook_oldest_queued_seconds.set(oldest_queued.map_or(0.0, |at| age_seconds(at, now)));
        set_counts(&self.channels, &counts.channels);
        self.pool_connections.clear();
        self.pool_connections
            .get_or_create(&StateLabels { state: "in_use".into() })
            .set(i64::from(pool.open - pool.idle));
        self.pool_connections.get_or_create(&StateLabels { state: "idle".into() }).set(i64::from(pool.idle));
        self.pool_max_connections.set(i64::from(pool.max));
        let mut text = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut text, &self.registry);
        text
    }
}

/// States that emptied since the last scrape disappear rather than keep their last value.
fn set_counts(family: &Family<StateLabels, Gauge>, counts: &[StateCount]) {
    family.clear();
    for count in counts {
        family.get_or_create(&StateLabels { state: count.state.clone() }).set(count.count);
    }
}

fn set_ages(family: &Family<StateLabels, AgeGauge>, counts: &[StateCount], now: Timestamp) {
    family.clear();
    for count in counts {
        if let Some(oldest) = count.oldest_at {
            family.get_or_create(&StateLabels { state: count.state.clone() }).set(age_seconds(oldest, now));
        }
    }
}

fn age_seconds(since: Timestamp, now: Timestamp) -> f64 {
    now.duration_since(since).as_secs_f64().max(0.0)
}

/// The middleware timing every request, by its route's template.
pub async fn record_request(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let state = request.app_data::<web::Data<ApiState>>().cloned();
    let response = next.call(request).await?;
    if let Some(state) = state {
        let request = response.request();
        let route = matched_template(request).as_deref().unwrap_or("unmatched").to_owned();
        let status = response.status().as_u16();
        state.metrics.request(request.method().as_str(), route, status, started.elapsed().as_secs_f64());
    }
    Ok(response)
}

/// `GET /metrics`: 404 while no token is configured, 401 without the right one.
pub async fn scrape(state: web::Data<ApiState>, request: HttpRequest) -> ApiResult<HttpResponse> {
    let Some(expected) = &state.metrics_token else {
        let detail = "Metrics are off: set BLOCOPRO_METRICS_TOKEN.";
        return Err(ApiError::new(actix_web::http::StatusCode::NOT_FOUND, "metrics_off", detail));
    };
    let offered = bearer_token(&request).map_err(|_| unauthorized())?;
    if !same_secret(&offered, expected) {
        return Err(unauthorized());
    }
    let counts = state.app.store.operational_counts().await.map_err(blocopro_app::AppError::from)?;
    let text = state.metrics.render(&counts, state.app.store.pool_usage(), Timestamp::now());
    Ok(HttpResponse::Ok().content_type("application/openmetrics-text; version=1.0.0; charset=utf-8").body(text))
}

fn unauthorized() -> ApiError {
    ApiError::unauthorized("invalid_metrics_token", "Send the metrics token as a bearer token.")
}

/// Compares digests, so the time taken tells nothing about how much of the token matched.
fn same_secret(offered: &str, expected: &SecretString) -> bool {
    Sha256::digest(offered.as_bytes()) == Sha256::digest(expected.expose_secret().as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts() -> OperationalCounts {
        let at = Timestamp::from_second(1_764_000_000).unwrap();
        OperationalCounts {
            outbox: vec![StateCount { state: "queued".into(), count: 3, oldest_at: Some(at) }],
            webhook_deliveries: vec![StateCount { state: "failed".into(), count: 1, oldest_at: None }],
            channels: vec![StateCount { state: "connected".into(), count: 2, oldest_at: None }],
        }
    }

    #[test]
    fn a_scrape_writes_every_family_with_its_labels() {
        let metrics = Metrics::default();
        metrics.request("GET", "/api/v1/users/{id}".into(), 200, 0.003);
        metrics.delivery(DeliveryOutcome::Stored);
        metrics.socket_opened();
        let now = Timestamp::from_second(1_764_000_090).unwrap();
        let text = metrics.render(&counts(), PoolUsage { open: 3, idle: 1, max: 10 }, now);
        for line in [
            "blocopro_http_request_duration_seconds_count{method=\"GET\",route=\"/api/v1/users/{id}\",status=\"200\"} 1",
            "blocopro_cloud_webhook_deliveries_total{outcome=\"stored\"} 1",
            "blocopro_realtime_sockets 1",
            "blocopro_outbox_messages{state=\"queued\"} 3",
            "blocopro_outbox_oldest_age_seconds{state=\"queued\"} 90.0",
            "blocopro_webhook_deliveries{state=\"failed\"} 1",
            "blocopro_channels{state=\"connected\"} 2",
            "blocopro_db_pool_connections{state=\"in_use\"} 2",
            "blocopro_db_pool_max_connections 10",
        ] {
            assert!(text.contains(line), "{line} missing from:\n{text}");
        }
        assert!(text.ends_with("# EOF\n"));
    }

    #[test]
    fn a_state_that_emptied_is_no_longer_reported() {
        let metrics = Metrics::default();
        let pool = PoolUsage { open: 1, idle: 1, max: 1 };
        metrics.render(&counts(), pool, Timestamp::now());
        let text = metrics.render(&OperationalCounts::default(), pool, Timestamp::now());
        assert!(!text.contains("blocopro_outbox_messages{"), "{text}");
    }

    #[test]
    fn tokens_compare_whole() {
        let expected = SecretString::from("s3cret-token");
        assert!(same_secret("s3cret-token", &expected));
        assert!(!same_secret("s3cret", &expected));
        assert!(!same_secret("", &expected));
    }
}
