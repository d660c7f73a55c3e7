//! Cloud API channels against a local mock of Meta's Graph API, on both databases: connecting,
//! sending and Graph errors, the webhook handshake, signed deliveries, replays and receipts.

use crate::common;

use blocopro_connectors::cloud_api::signature_header;
use common::graph_mock::{
    APP_SECRET, PHONE_NUMBER_ID, VALID_TOKEN, deliver, deliver_signed_with, graph_mock, graph_mock_with_outage,
    text_message, webhook,
};
use common::{Backend, TestApp};
use serde_json::{Value, json};

on_both_backends!(
    a_cloud_channel_connects_sends_and_explains_graph_errors,
    an_expired_token_logs_the_channel_out_until_a_new_one_is_saved,
    the_webhook_handshake_checks_the_verify_token,
    signed_deliveries_are_stored_once_and_receipts_move_forward,
    bad_deliveries_store_nothing,
    a_signed_batch_as_large_as_meta_sends_is_stored,
    concurrent_deliveries_are_each_stored_once,
    a_new_app_secret_signs_the_next_delivery,
    a_restart_while_meta_is_down_keeps_the_channel_and_sends_once_meta_is_back,
);

pub(crate) async fn cloud_channel(app: &TestApp, token: &str, access_token: &str) -> String {
    let request = json!({
        "name": "Oficial", "kind": "whatsapp_cloud", "phone_number_id": PHONE_NUMBER_ID,
        "access_token": access_token, "app_secret": APP_SECRET, "verify_token": "verify-me"
    });
    let created = app.post("/api/v1/channels", Some(token), request).await;
    assert_eq!(created.status, 201, "{}", created.body);
    created.body["id"].as_str().unwrap().to_owned()
}

fn status(id: &str, status: &str) -> Value {
    webhook(
        json!({ "statuses": [{ "id": id, "status": status, "timestamp": "1764000100", "recipient_id": "5511988887777" }] }),
    )
}

async fn a_cloud_channel_connects_sends_and_explains_graph_errors(backend: Backend) {
    let (graph, sent) = graph_mock().await;
    let app = TestApp::spawn_with_graph(backend, &graph).await;
    let admin = app.admin_token().await;
    let id = cloud_channel(&app, &admin, VALID_TOKEN).await;

    assert_eq!(app.post(&format!("/api/v1/channels/{id}/connect"), Some(&admin), json!({})).await.status, 202);
    let connected = app.wait_for_channel_status(&admin, &id, "connected").await;
    assert_eq!(connected["phone_number"], "+551140001234");

    let reply = json!({ "to": "+5511988887777", "text": "Olá! Seu pedido saiu para entrega." });
    let sent_reply = app.post(&format!("/api/v1/channels/{id}/messages"), Some(&admin), reply).await;
    assert_eq!(sent_reply.status, 201, "{}", sent_reply.body);
    assert_eq!(sent_reply.body["external_id"], "wamid.SENT.5511988887777");
    let request = sent.lock().unwrap().last().cloned().unwrap();
    assert_eq!(request["to"], "5511988887777");
    assert_eq!(request["text"]["body"], "Olá! Seu pedido saiu para entrega.");
    assert_eq!(request["messaging_product"], "whatsapp");

    for (to, status, code) in [
        ("+5511900000429", 429, "rate_limited"),
        ("+5511900131047", 422, "outside_customer_window"),
        ("+5511900131026", 502, "whatsapp_rejected"),
    ] {
        let refused =
            app.post(&format!("/api/v1/channels/{id}/messages"), Some(&admin), json!({ "to": to, "text": "Oi" })).await;
        assert_eq!((refused.status.as_u16(), refused.code()), (status, code), "{}", refused.body);
    }
    assert_eq!(app.channel_messages(&admin, &id).await.len(), 1, "refused sends store nothing");
}

async fn an_expired_token_logs_the_channel_out_until_a_new_one_is_saved(backend: Backend) {
    let (graph, _) = graph_mock().await;
    let app = TestApp::spawn_with_graph(backend, &graph).await;
    let admin = app.admin_token().await;
    let id = cloud_channel(&app, &admin, "EAAG-expired").await;

    let refused = app.post(&format!("/api/v1/channels/{id}/connect"), Some(&admin), json!({})).await;
    assert_eq!((refused.status.as_u16(), refused.code()), (409, "channel_credentials_rejected"));
    app.wait_for_channel_status(&admin, &id, "logged_out").await;
    let again = app.post(&format!("/api/v1/channels/{id}/connect"), Some(&admin), json!({})).await;
    assert_eq!((again.status.as_u16(), again.code()), (409, "channel_logged_out"));

    let renewed = app.patch(&format!("/api/v1/channels/{id}"), &admin, json!({ "access_token": VALID_TOKEN })).await;
    assert_eq!(renewed.body["status"], "disconnected", "{}", renewed.body);
    app.post(&format!("/api/v1/channels/{id}/connect"), Some(&admin), json!({})).await;
    app.wait_for_channel_status(&admin, &id, "connected").await;

    // A token rotated while connected replaces the live session at once (here a revoked one).
    let send = json!({ "to": "+5511988887777", "text": "Oi" });
    let first = app.post(&format!("/api/v1/channels/{id}/messages"), Some(&admin), send.clone()).await;
    assert_eq!(first.status, 201, "{}", first.body);
    app.patch(&format!("/api/v1/channels/{id}"), &admin, json!({ "access_token": "EAAG-revoked" })).await;
    app.wait_for_channel_status(&admin, &id, "logged_out").await;
    let refused = app.post(&format!("/api/v1/channels/{id}/messages"), Some(&admin), send.clone()).await;
    assert_eq!((refused.status.as_u16(), refused.code()), (409, "channel_not_connected"), "{}", refused.body);
    app.patch(&format!("/api/v1/channels/{id}"), &admin, json!({ "access_token": VALID_TOKEN })).await;
    app.post(&format!("/api/v1/channels/{id}/connect"), Some(&admin), json!({})).await;
    app.wait_for_channel_status(&admin, &id, "connected").await;
    assert_eq!(app.post(&format!("/api/v1/channels/{id}/messages"), Some(&admin), send).await.status, 201);

    // A Cloud API number has no device to unlink: logout is a plain disconnect.
    let closed = app.post(&format!("/api/v1/channels/{id}/disconnect"), Some(&admin), json!({ "logout": true })).await;
    assert_eq!(closed.body["status"], "disconnected", "{}", closed.body);
}

async fn the_webhook_handshake_checks_the_verify_token(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let id = cloud_channel(&app, &admin, VALID_TOKEN).await;
    let path = format!("{}/api/v1/webhooks/whatsapp-cloud/{id}", app.base);

    let ok = app.client.get(&path).query(&[
        ("hub.mode", "subscribe"),
        ("hub.verify_token", "verify-me"),
        ("hub.challenge", "1158201444"),
    ]);
    let ok = ok.send().await.unwrap();
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.text().await.unwrap(), "1158201444");
    let wrong = app.client.get(&path).query(&[
        ("hub.mode", "subscribe"),
        ("hub.verify_token", "guess"),
        ("hub.challenge", "1"),
    ]);
    assert_eq!(wrong.send().await.unwrap().status(), 403);

    let simulator = app.post("/api/v1/channels", Some(&admin), json!({ "name": "Sim", "kind": "simulator" })).await;
    let not_cloud = format!("{}/api/v1/webhooks/whatsapp-cloud/{}", app.base, simulator.body["id"].as_str().unwrap());
    assert_eq!(app.client.get(not_cloud).send().await.unwrap().status(), 404);
}

async fn signed_deliveries_are_stored_once_and_receipts_move_forward(backend: Backend) {
    let (graph, _) = graph_mock().await;
    let app = TestApp::spawn_with_graph(backend, &graph).await;
    let admin = app.admin_token().await;
    let id = cloud_channel(&app, &admin, VALID_TOKEN).await;

    let first = text_message("wamid.IN1", "Oi, meu pedido atrasou");
    assert_eq!(deliver(&app, &id, &first).await.status, 200);
    assert_eq!(deliver(&app, &id, &first).await.status, 200, "Meta retries; the replay is accepted");
    let stored = app.channel_messages(&admin, &id).await;
    assert_eq!(stored.len(), 1, "stored once");
    assert_eq!(
        (stored[0]["chat_id"].as_str(), stored[0]["text"].as_str()),
        (Some("+5511988887777"), Some("Oi, meu pedido atrasou"))
    );

    // A status can arrive before the send is recorded, and statuses arrive out of order.
    assert_eq!(deliver(&app, &id, &status("wamid.SENT.5511988887777", "read")).await.status, 200);
    app.post(&format!("/api/v1/channels/{id}/connect"), Some(&admin), json!({})).await;
    app.wait_for_channel_status(&admin, &id, "connected").await;
    let reply = json!({ "to": "+5511988887777", "text": "Já verifico!" });
    let sent = app.post(&format!("/api/v1/channels/{id}/messages"), Some(&admin), reply).await;
    assert_eq!(sent.body["status"], "read", "the early receipt applies: {}", sent.body);
    deliver(&app, &id, &status("wamid.SENT.5511988887777", "delivered")).await;
    let latest = app.channel_messages(&admin, &id).await;
    assert_eq!(latest[0]["status"], "read", "a late delivered does not hide read");
}

async fn bad_deliveries_store_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let id = cloud_channel(&app, &admin, VALID_TOKEN).await;
    let path = format!("{}/api/v1/webhooks/whatsapp-cloud/{id}", app.base);
    let body = serde_json::to_vec(&text_message("wamid.FORGED", "forged")).unwrap();

    let forged = app
        .client
        .post(&path)
        .header("X-Hub-Signature-256", signature_header("not-the-secret", &body))
        .body(body.clone());
    let forged = forged.send().await.unwrap();
    assert_eq!(forged.status(), 401);
    assert_eq!(forged.json::<Value>().await.unwrap()["code"], "invalid_signature");
    assert_eq!(app.client.post(&path).body(body).send().await.unwrap().status(), 401, "unsigned");

    let garbage = b"{not json".to_vec();
    let malformed =
        app.client.post(&path).header("X-Hub-Signature-256", signature_header(APP_SECRET, &garbage)).body(garbage);
    assert_eq!(malformed.send().await.unwrap().status(), 400);

    let huge = vec![b' '; 3 * 1024 * 1024 + 1];
    let oversized =
        app.client.post(&path).header("X-Hub-Signature-256", signature_header(APP_SECRET, &huge)).body(huge);
    let oversized = oversized.send().await.unwrap();
    assert_eq!(oversized.status(), 413);

    let unknown = format!("{}/api/v1/webhooks/whatsapp-cloud/{}", app.base, uuid::Uuid::now_v7());
    assert_eq!(app.client.post(unknown).body("{}").send().await.unwrap().status(), 404);
    assert!(app.channel_messages(&admin, &id).await.is_empty());
}

/// Meta batches up to 3 MB in one delivery; the JSON endpoints' small body limit does not apply.
async fn a_signed_batch_as_large_as_meta_sends_is_stored(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let id = cloud_channel(&app, &admin, VALID_TOKEN).await;
    let long_text = "Segue o comprovante. ".repeat(190);
    let messages: Vec<Value> = (0..150)
        .map(|n| {
            json!({ "from": "5511988887777", "id": format!("wamid.BATCH.{n}"), "timestamp": "1764000000",
                    "type": "text", "text": { "body": long_text } })
        })
        .collect();
    let batch = webhook(json!({ "contacts": [{ "profile": { "name": "Maria" }, "wa_id": "5511988887777" }],
                                "messages": messages }));
    assert!(serde_json::to_vec(&batch).unwrap().len() > 512 * 1024, "larger than any JSON endpoint accepts");

    let stored = deliver(&app, &id, &batch).await;
    assert_eq!(stored.status, 200, "{}", stored.body);
    let listed = app.get(&format!("/api/v1/channels/{id}/messages?limit=200"), &admin).await;
    assert_eq!(listed.body["items"].as_array().unwrap().len(), 150);
}

async fn concurrent_deliveries_are_each_stored_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let id = cloud_channel(&app, &admin, VALID_TOKEN).await;
    // 30 messages, each delivered twice, all at once: they share writes, and every request is
    // answered only once its message is stored.
    let payloads: Vec<Value> =
        (0..60).map(|n| text_message(&format!("wamid.BURST{}", n % 30), &format!("Mensagem {}", n % 30))).collect();
    let replies = futures_util::future::join_all(payloads.iter().map(|payload| deliver(&app, &id, payload))).await;
    assert!(replies.iter().all(|reply| reply.status == 200));
    let stored = app.get(&format!("/api/v1/channels/{id}/messages?limit=100"), &admin).await.body;
    let mut ids: Vec<&str> =
        stored["items"].as_array().unwrap().iter().map(|m| m["external_id"].as_str().unwrap()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!((stored["items"].as_array().unwrap().len(), ids.len()), (30, 30));
}

async fn a_new_app_secret_signs_the_next_delivery(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let id = cloud_channel(&app, &admin, VALID_TOKEN).await;
    assert_eq!(deliver(&app, &id, &text_message("wamid.A", "Oi")).await.status, 200);

    let rotated = app.patch(&format!("/api/v1/channels/{id}"), &admin, json!({ "app_secret": "rotated-secret" })).await;
    assert_eq!(rotated.status, 200, "{}", rotated.body);
    let old = deliver(&app, &id, &text_message("wamid.B", "Oi")).await;
    assert_eq!(old.status, 401, "the old secret no longer signs");
    let new = deliver_signed_with(&app, &id, &text_message("wamid.C", "Oi"), "rotated-secret").await;
    assert_eq!(new.status, 200);

    assert_eq!(app.delete(&format!("/api/v1/channels/{id}"), &admin).await.status, 204);
    assert_eq!(deliver_signed_with(&app, &id, &text_message("wamid.D", "Oi"), "rotated-secret").await.status, 404);
}

async fn a_restart_while_meta_is_down_keeps_the_channel_and_sends_once_meta_is_back(backend: Backend) {
    let (graph, sent, outage) = graph_mock_with_outage().await;
    let app = TestApp::spawn_with_graph(backend, &graph).await;
    let admin = app.admin_token().await;
    let id = cloud_channel(&app, &admin, VALID_TOKEN).await;
    app.post(&format!("/api/v1/channels/{id}/connect"), Some(&admin), json!({})).await;
    app.wait_for_channel_status(&admin, &id, "connected").await;
    let send = json!({ "to": "+5511988887777", "text": "Voltamos!" });

    outage.store(true, std::sync::atomic::Ordering::SeqCst);
    let down = app.post(&format!("/api/v1/channels/{id}/messages"), Some(&admin), send.clone()).await;
    assert_eq!((down.status.as_u16(), down.code()), (503, "whatsapp_unavailable"), "a passing failure: {}", down.body);
    let restarted = app.restarted().await;
    let channel = restarted.get(&format!("/api/v1/channels/{id}"), &admin).await;
    assert_eq!(channel.body["status"], "connected", "Meta being down is no reason to disconnect: {}", channel.body);

    outage.store(false, std::sync::atomic::Ordering::SeqCst);
    let mut reply = restarted.post(&format!("/api/v1/channels/{id}/messages"), Some(&admin), send.clone()).await;
    for _ in 0..100 {
        if reply.status != 409 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        reply = restarted.post(&format!("/api/v1/channels/{id}/messages"), Some(&admin), send.clone()).await;
    }
    assert_eq!(reply.status, 201, "the restarted server reopened the session once Meta was back: {}", reply.body);
    assert_eq!(sent.lock().unwrap().len(), 1, "refused sends reached nobody");
}
