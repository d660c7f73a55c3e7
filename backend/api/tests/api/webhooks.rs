//! Outgoing webhooks through the real application on both databases, posting to a local receiver:
//! signed deliveries of the subscribed events only, retries after errors and timeouts, the delivery
//! log, bad input, permissions, tenant isolation, and deliveries kept across a restart.

use crate::common;

use std::time::Duration;

use blocopro_api::Config;
use blocopro_app::WebhookSettings;
use blocopro_domain::retry::Backoff;
use common::webhook_receiver::{Answer, Receiver};
use common::{Backend, TestApp};
use jiff::SignedDuration;
use serde_json::{Value, json};

on_both_backends!(
    subscribed_events_are_delivered_signed_and_retried_after_an_error,
    a_receiver_that_never_answers_in_time_is_retried_then_failed,
    a_chosen_secret_signs_and_a_ping_tests_the_receiver,
    bad_input_is_named_by_field,
    webhooks_need_the_permission_and_stay_in_their_company,
    queued_deliveries_survive_a_restart_and_are_sent_once,
);

/// Quick tries so that retries happen within a test: 0.2 s, 0.4 s, then failed; 0.5 s timeout.
fn quick_retries(config: &mut Config) {
    config.app.webhooks = WebhookSettings {
        timeout: Duration::from_millis(500),
        backoff: Backoff {
            first: SignedDuration::from_millis(200),
            max: SignedDuration::from_secs(1),
            max_attempts: 3,
        },
    };
}

async fn quick_app(backend: Backend) -> TestApp {
    TestApp::spawn_tweaked(backend, quick_retries).await
}

/// Registers a webhook; answers (id, secret).
async fn register(app: &TestApp, token: &str, body: Value) -> (String, String) {
    let created = app.post("/api/v1/webhooks", Some(token), body).await;
    assert_eq!(created.status, 201, "{}", created.body);
    (created.body["webhook"]["id"].as_str().unwrap().to_owned(), created.body["secret"].as_str().unwrap().to_owned())
}

async fn inbound(app: &TestApp, token: &str, channel: &str, text: &str) {
    let body = json!({ "from": "+5511988887777", "text": text });
    let reply = app.post(&format!("/api/v1/simulator/channels/{channel}/inbound"), Some(token), body).await;
    assert_eq!(reply.status, 202, "{}", reply.body);
}

/// Polls the delivery log until its newest delivery is no longer queued.
async fn settled_deliveries(app: &TestApp, token: &str, webhook: &str) -> Vec<Value> {
    for _ in 0..500 {
        let log = app.get(&format!("/api/v1/webhooks/{webhook}/deliveries"), token).await;
        assert_eq!(log.status, 200, "{}", log.body);
        let items = log.body["items"].as_array().unwrap().clone();
        if !items.is_empty() && items.iter().all(|delivery| delivery["status"] != "queued") {
            return items;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the deliveries of {webhook} never settled");
}

async fn subscribed_events_are_delivered_signed_and_retried_after_an_error(backend: Backend) {
    let app = quick_app(backend).await;
    let admin = app.admin_token().await;
    let (channel, _) = app.paired_simulator(&admin).await;
    let receiver = Receiver::start(&[Answer::Status(500)]).await;
    let (webhook, secret) = register(&app, &admin, json!({ "url": receiver.url, "events": ["message.created"] })).await;
    assert!(secret.starts_with("whsec_") && secret.len() > 40, "a strong generated secret");
    let listed = app.get("/api/v1/webhooks", &admin).await;
    assert_eq!(listed.body["items"][0]["events"], json!(["message.created"]));
    assert!(!listed.body.to_string().contains(&secret), "the secret is shown once only");

    inbound(&app, &admin, &channel, "Quero falar sobre meu pedido").await;
    let received = receiver.wait_for(2).await;
    let deliveries = settled_deliveries(&app, &admin, &webhook).await;
    assert_eq!(deliveries.len(), 1, "the conversation.updated that followed is not subscribed: {deliveries:?}");
    let delivery = &deliveries[0];
    assert_eq!(
        (&delivery["status"], &delivery["attempts"], &delivery["last_status"], &delivery["event_type"]),
        (&json!("delivered"), &json!(2), &json!(200), &json!("message.created"))
    );
    assert!(delivery["event_cursor"].is_i64() && delivery["delivered_at"].is_string());

    assert_eq!(received.len(), 2, "one error, one success");
    for request in &received {
        assert!(request.is_signed_with(&secret), "signed: {}", request.signature);
        assert!(!request.is_signed_with("another-secret-entirely"));
        assert_eq!(
            (request.event.as_str(), request.delivery.as_str()),
            ("message.created", delivery["id"].as_str().unwrap())
        );
        let body = request.json();
        assert_eq!(
            (&body["id"], &body["type"], &body["cursor"]),
            (&delivery["id"], &json!("message.created"), &delivery["event_cursor"])
        );
        assert_eq!(body["data"]["text"], "Quero falar sobre meu pedido");
    }
    let audit = app.get("/api/v1/audit-log", &admin).await.body;
    assert_eq!(audit["items"][0]["action"], "webhook.created");
    assert!(!audit.to_string().contains(&secret), "the secret stays out of the audit log");
}

async fn a_receiver_that_never_answers_in_time_is_retried_then_failed(backend: Backend) {
    let app = quick_app(backend).await;
    let admin = app.admin_token().await;
    let receiver = Receiver::start(&[Answer::Never, Answer::Never, Answer::Never]).await;
    let (webhook, _) = register(&app, &admin, json!({ "url": receiver.url, "events": ["channel.status"] })).await;
    let test = app.post(&format!("/api/v1/webhooks/{webhook}/test"), Some(&admin), json!({})).await;
    assert_eq!((test.status.as_u16(), &test.body["status"]), (202, &json!("queued")), "{}", test.body);

    let deliveries = settled_deliveries(&app, &admin, &webhook).await;
    let delivery = &deliveries[0];
    assert_eq!(
        (&delivery["status"], &delivery["attempts"], &delivery["last_error"], &delivery["last_status"]),
        (&json!("failed"), &json!(3), &json!("timeout"), &Value::Null)
    );
    assert_eq!(receiver.received().len(), 3, "every try reached the receiver");
}

async fn a_chosen_secret_signs_and_a_ping_tests_the_receiver(backend: Backend) {
    let app = quick_app(backend).await;
    let admin = app.admin_token().await;
    let receiver = Receiver::start(&[]).await;
    let chosen = "my-own-secret-0123456789";
    let body = json!({ "url": receiver.url, "events": ["presence.changed", "message.status"], "secret": chosen });
    let (webhook, secret) = register(&app, &admin, body).await;
    assert_eq!(secret, chosen);
    app.post(&format!("/api/v1/webhooks/{webhook}/test"), Some(&admin), json!({})).await;

    let ping = &receiver.wait_for(1).await[0];
    assert!(ping.is_signed_with(chosen));
    assert_eq!(ping.event, "ping");
    let body = ping.json();
    assert_eq!(
        (&body["type"], &body["cursor"], &body["data"]["webhook_id"]),
        (&json!("ping"), &Value::Null, &json!(webhook))
    );
    assert_eq!(body["data"]["events"], json!(["message.status", "presence.changed"]), "in catalogue order");
    let deliveries = settled_deliveries(&app, &admin, &webhook).await;
    assert_eq!((&deliveries[0]["status"], &deliveries[0]["attempts"]), (&json!("delivered"), &json!(1)));
}

async fn bad_input_is_named_by_field(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let cases = [
        (json!({ "url": "ftp://erp.example.com/in", "events": ["message.created"] }), "url"),
        (json!({ "url": "https://user:pw@erp.example.com/in", "events": ["message.created"] }), "url"),
        (json!({ "url": "not a url", "events": ["message.created"] }), "url"),
        (json!({ "url": "https://erp.example.com/in", "events": [] }), "events"),
        (json!({ "url": "https://erp.example.com/in", "events": ["user.updated"] }), "events[0]"),
        (json!({ "url": "https://erp.example.com/in", "events": ["message.created"], "secret": "short" }), "secret"),
        (json!({ "url": "https://erp.example.com/in", "events": ["message.created"], "extra": 1 }), "extra"),
    ];
    for (body, field) in cases {
        let reply = app.post("/api/v1/webhooks", Some(&admin), body.clone()).await;
        assert_eq!((reply.status.as_u16(), reply.code()), (422, "validation_failed"), "{body}: {}", reply.body);
        let errors = reply.body["errors"].as_object().unwrap();
        assert!(errors.keys().any(|key| key.starts_with(field)), "{body} names {field}: {}", reply.body);
    }
    let bad_id = app.get("/api/v1/webhooks/not-a-uuid/deliveries", &admin).await;
    assert_eq!((bad_id.status.as_u16(), bad_id.code()), (422, "validation_failed"));
    let bad_cursor = app.get(&format!("/api/v1/webhooks/{}/deliveries?cursor=x", uuid::Uuid::now_v7()), &admin).await;
    assert!(bad_cursor.status == 404 || bad_cursor.status == 422, "{}", bad_cursor.body);
    assert_eq!(app.get("/api/v1/webhooks", &admin).await.body["items"], json!([]), "nothing was stored");
}

async fn webhooks_need_the_permission_and_stay_in_their_company(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let body = json!({ "url": "https://erp.acme.test/in", "events": ["message.created"] });
    let (webhook, _) = register(&app, &admin, body.clone()).await;

    app.create_attendant(&admin, "dora@acme.test", json!({})).await;
    let dora = app.token_for("dora@acme.test").await;
    for reply in [
        app.get("/api/v1/webhooks", &dora).await,
        app.post("/api/v1/webhooks", Some(&dora), body.clone()).await,
        app.get(&format!("/api/v1/webhooks/{webhook}/deliveries"), &dora).await,
        app.delete(&format!("/api/v1/webhooks/{webhook}"), &dora).await,
    ] {
        assert_eq!((reply.status.as_u16(), reply.code()), (403, "forbidden"), "{}", reply.body);
    }
    let scoped = app
        .post("/api/v1/api-tokens", Some(&admin), json!({ "name": "ERP", "permissions": ["webhooks.manage"] }))
        .await;
    let integrator = scoped.body["token"].as_str().unwrap();
    assert_eq!(
        app.get(&format!("/api/v1/webhooks/{webhook}"), integrator).await.status,
        200,
        "API tokens with the scope"
    );

    let (_, globex) = app.other_company("Globex", "admin@globex.test").await;
    for reply in [
        app.get(&format!("/api/v1/webhooks/{webhook}"), &globex).await,
        app.get(&format!("/api/v1/webhooks/{webhook}/deliveries"), &globex).await,
        app.post(&format!("/api/v1/webhooks/{webhook}/test"), Some(&globex), json!({})).await,
        app.delete(&format!("/api/v1/webhooks/{webhook}"), &globex).await,
    ] {
        assert_eq!((reply.status.as_u16(), reply.code()), (404, "not_found"), "{}", reply.body);
    }
    assert_eq!(app.get("/api/v1/webhooks", &globex).await.body["items"], json!([]));

    assert_eq!(app.delete(&format!("/api/v1/webhooks/{webhook}"), &admin).await.status, 204);
    assert_eq!(app.get(&format!("/api/v1/webhooks/{webhook}"), &admin).await.status, 404);
}

/// The receiver is down while the first server queues and tries a delivery; it comes back, and a
/// restarted server (on the same database) delivers what was queued, once.
async fn queued_deliveries_survive_a_restart_and_are_sent_once(backend: Backend) {
    let app = TestApp::spawn_tweaked(backend, |config| {
        quick_retries(config);
        config.app.webhooks.backoff.max_attempts = 30;
    })
    .await;
    let admin = app.admin_token().await;
    let port = Receiver::unreachable_port();
    let url = format!("http://127.0.0.1:{port}/hook");
    let (webhook, secret) = register(&app, &admin, json!({ "url": url, "events": ["channel.status"] })).await;
    app.post(&format!("/api/v1/webhooks/{webhook}/test"), Some(&admin), json!({})).await;
    // A failed try is recorded with its error (the claim alone counts the try but says nothing yet).
    let tried = loop {
        let log = app.get(&format!("/api/v1/webhooks/{webhook}/deliveries"), &admin).await.body;
        if log["items"][0]["last_error"].is_string() {
            break log["items"][0].clone();
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert_eq!(tried["status"], "queued");
    assert!(tried["last_error"].as_str().unwrap().starts_with("connection"), "{tried}");

    let restarted = app.restarted().await;
    let receiver = Receiver::start_on(port, &[]).await;
    let deliveries = settled_deliveries(&restarted, &admin, &webhook).await;
    assert_eq!(deliveries[0]["status"], "delivered");
    tokio::time::sleep(Duration::from_millis(500)).await;
    let received = receiver.received();
    assert_eq!(received.len(), 1, "sent once, though two servers run");
    assert!(received[0].is_signed_with(&secret));
}
