//! `GET /metrics` as a Prometheus scraper sees it, on both databases: off without a token, refused
//! with a wrong one, and counting what happened on the server.

use crate::common;

use common::graph_mock::{APP_SECRET, PHONE_NUMBER_ID, VALID_TOKEN, deliver, text_message};
use common::realtime::Socket;
use common::{Backend, METRICS_TOKEN, TestApp};
use serde_json::json;

on_both_backends!(a_scrape_counts_requests_deliveries_sockets_and_queues, metrics_need_their_token);

async fn scrape(app: &TestApp, token: Option<&str>) -> (u16, String) {
    let mut request = app.client.get(format!("{}/metrics", app.base));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// The value of the sample `series` (name and labels exactly as written), if present.
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines().find_map(|line| line.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
}

async fn a_scrape_counts_requests_deliveries_sockets_and_queues(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    for _ in 0..3 {
        assert_eq!(app.get("/api/v1/users", &admin).await.status, 200);
    }
    let other_user = format!("/api/v1/users/{}", uuid::Uuid::now_v7());
    assert_eq!(app.get(&other_user, &admin).await.status, 404);
    let channel = json!({ "name": "Oficial", "kind": "whatsapp_cloud", "phone_number_id": PHONE_NUMBER_ID,
        "access_token": VALID_TOKEN, "app_secret": APP_SECRET, "verify_token": "verify-me" });
    let cloud = app.post("/api/v1/channels", Some(&admin), channel).await.body["id"].as_str().unwrap().to_owned();
    assert_eq!(deliver(&app, &cloud, &text_message("wamid.M1", "Oi")).await.status, 200);
    let forged = app
        .client
        .post(format!("{}/api/v1/webhooks/whatsapp-cloud/{cloud}", app.base))
        .header("X-Hub-Signature-256", "sha256=00")
        .body("{}");
    assert_eq!(forged.send().await.unwrap().status(), 401);
    let socket = Socket::open(&app, &admin, None).await.unwrap();

    let (status, text) = scrape(&app, Some(METRICS_TOKEN)).await;
    assert_eq!(status, 200, "{text}");
    let users = "blocopro_http_request_duration_seconds_count{method=\"GET\",route=\"/api/v1/users\",status=\"200\"}";
    assert_eq!(sample(&text, users), Some(3.0), "{text}");
    let missing =
        "blocopro_http_request_duration_seconds_count{method=\"GET\",route=\"/api/v1/users/{id}\",status=\"404\"}";
    assert_eq!(sample(&text, missing), Some(1.0), "by the route's template, not its path");
    assert_eq!(sample(&text, "blocopro_cloud_webhook_deliveries_total{outcome=\"stored\"}"), Some(1.0));
    assert_eq!(sample(&text, "blocopro_cloud_webhook_deliveries_total{outcome=\"refused\"}"), Some(1.0));
    assert_eq!(sample(&text, "blocopro_realtime_sockets"), Some(1.0));
    assert!(sample(&text, "blocopro_channels{state=\"disconnected\"}").is_some_and(|count| count >= 1.0), "{text}");
    assert!(sample(&text, "blocopro_db_pool_max_connections").is_some_and(|max| max >= 1.0));
    assert!(!text.contains(&admin), "no token is ever written out");

    socket.close().await;
    let mut closed = String::new();
    for _ in 0..100 {
        closed = scrape(&app, Some(METRICS_TOKEN)).await.1;
        if sample(&closed, "blocopro_realtime_sockets") == Some(0.0) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(sample(&closed, "blocopro_realtime_sockets"), Some(0.0), "a closed socket is no longer counted");
}

async fn metrics_need_their_token(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    assert_eq!(scrape(&app, None).await.0, 401);
    assert_eq!(scrape(&app, Some("not-the-token")).await.0, 401);
    let admin = app.admin_token().await;
    assert_eq!(scrape(&app, Some(&admin)).await.0, 401, "a user's session is no metrics token");

    let off = TestApp::spawn_tweaked(backend, |config| config.metrics_token = None).await;
    let (status, body) = scrape(&off, Some(METRICS_TOKEN)).await;
    assert_eq!(status, 404);
    assert!(body.contains("metrics_off"), "{body}");
}
