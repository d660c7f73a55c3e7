//! Channels through the real application on both databases: creating them, pairing a simulator
//! channel by QR Code, messages in and out, links to attendants, restarts, and bad input.

use crate::common;

use std::time::Duration;

use common::{Backend, TestApp};
use serde_json::{Value, json};

on_both_backends!(
    a_simulator_channel_pairs_by_qr_code_and_carries_messages,
    a_logged_out_channel_pairs_again_only_when_asked,
    connected_sessions_survive_a_restart,
    cloud_api_channels_keep_their_secrets_write_only,
    attendants_see_and_use_only_their_channels,
    bad_channel_input_is_explained,
    simulator_endpoints_are_hidden_when_it_is_off,
    a_qr_channel_runs_the_whatsapp_web_client_on_its_own_device_store,
);

mod postgres_only {
    #[actix_web::test]
    async fn a_linked_device_session_runs_on_one_instance() {
        super::a_linked_device_session_runs_on_one_instance().await
    }
}

async fn wait_for_messages(app: &TestApp, token: &str, id: &str, count: usize) -> Vec<Value> {
    for _ in 0..250 {
        let items = app.channel_messages(token, id).await;
        if items.len() >= count {
            return items;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("channel {id} never had {count} messages");
}

async fn a_simulator_channel_pairs_by_qr_code_and_carries_messages(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let id = app.create_simulator(&admin, "Atendimento").await;
    let channel = app.get(&format!("/api/v1/channels/{id}"), &admin).await.body;
    assert_eq!(channel["status"], "disconnected");
    assert_eq!(
        channel["capabilities"],
        json!({
            "groups": true, "create_group": true, "qr_pairing": true, "send_text": true, "receipts": true
        })
    );
    let not_yet = app.get(&format!("/api/v1/channels/{id}/qr"), &admin).await;
    assert_eq!((not_yet.status.as_u16(), not_yet.code()), (409, "channel_not_pairing"));

    let connecting = app.post(&format!("/api/v1/channels/{id}/connect"), Some(&admin), json!({})).await;
    assert_eq!(connecting.status, 202);
    app.wait_for_channel_status(&admin, &id, "pairing").await;
    let qr = app.get(&format!("/api/v1/channels/{id}/qr"), &admin).await;
    assert_eq!(qr.status, 200, "{}", qr.body);
    assert!(qr.body["code"].as_str().unwrap().starts_with("2@"));
    assert!(qr.body["svg"].as_str().unwrap().contains("<svg"));
    assert!(qr.body["expires_at"].is_string());

    let scanned = app.post(&format!("/api/v1/simulator/channels/{id}/scan"), Some(&admin), json!({})).await;
    let number = scanned.body["phone_number"].as_str().unwrap().to_owned();
    let connected = app.wait_for_channel_status(&admin, &id, "connected").await;
    assert_eq!(connected["phone_number"], number.as_str());
    let gone = app.get(&format!("/api/v1/channels/{id}/qr"), &admin).await;
    assert_eq!(gone.code(), "channel_not_pairing");

    let inbound = json!({ "from": "+5511988887777", "text": "Oi, preciso de ajuda" });
    let received = app.post(&format!("/api/v1/simulator/channels/{id}/inbound"), Some(&admin), inbound).await;
    assert_eq!(received.status, 202, "{}", received.body);
    let messages = wait_for_messages(&app, &admin, &id, 1).await;
    assert_eq!(messages[0]["direction"], "inbound");
    assert_eq!(messages[0]["chat_id"], "+5511988887777");
    assert_eq!(messages[0]["external_id"], received.body["external_id"]);

    let reply = json!({ "to": "+5511988887777", "text": "Olá! Como posso ajudar?" });
    let sent = app.post(&format!("/api/v1/channels/{id}/messages"), Some(&admin), reply).await;
    assert_eq!(sent.status, 201, "{}", sent.body);
    assert_eq!(
        (sent.body["direction"].as_str(), sent.body["sender"].as_str()),
        (Some("outbound"), Some(number.as_str()))
    );
    for _ in 0..250 {
        let latest = wait_for_messages(&app, &admin, &id, 2).await;
        if latest[0]["status"] == "delivered" {
            let only_replies =
                app.get(&format!("/api/v1/channels/{id}/messages?chat_id=%2B5511988887777"), &admin).await;
            assert_eq!(only_replies.body["items"].as_array().unwrap().len(), 2);
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the delivery receipt never arrived");
}

async fn a_logged_out_channel_pairs_again_only_when_asked(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let (id, _) = app.paired_simulator(&admin).await;

    let unlinked = app.post(&format!("/api/v1/simulator/channels/{id}/logout"), Some(&admin), json!({})).await;
    assert_eq!(unlinked.status, 204);
    app.wait_for_channel_status(&admin, &id, "logged_out").await;
    let send = json!({ "to": "+5511988887777", "text": "Oi" });
    let refused = app.post(&format!("/api/v1/channels/{id}/messages"), Some(&admin), send).await;
    assert_eq!((refused.status.as_u16(), refused.code()), (409, "channel_not_connected"));

    let closed = app.post(&format!("/api/v1/channels/{id}/disconnect"), Some(&admin), json!({ "logout": false })).await;
    assert_eq!(closed.body["status"], "logged_out", "a logged-out device stays logged out");
    let refused = app.post(&format!("/api/v1/channels/{id}/connect"), Some(&admin), json!({})).await;
    assert_eq!((refused.status.as_u16(), refused.code()), (409, "channel_logged_out"));
    assert!(refused.body["detail"].as_str().unwrap().contains("pair_again"));
    let again = app.post(&format!("/api/v1/channels/{id}/connect"), Some(&admin), json!({ "pair_again": true })).await;
    assert_eq!(again.status, 202);
    app.wait_for_channel_status(&admin, &id, "pairing").await;

    app.post(&format!("/api/v1/simulator/channels/{id}/scan"), Some(&admin), json!({})).await;
    app.wait_for_channel_status(&admin, &id, "connected").await;
    let disconnected =
        app.post(&format!("/api/v1/channels/{id}/disconnect"), Some(&admin), json!({ "logout": false })).await;
    assert_eq!(disconnected.body["status"], "disconnected", "{}", disconnected.body);
    app.post(&format!("/api/v1/channels/{id}/connect"), Some(&admin), json!({})).await;
    app.wait_for_channel_status(&admin, &id, "connected").await;

    let audit = app.get("/api/v1/audit-log?limit=50", &admin).await.body;
    let actions: Vec<&str> = audit["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert!(actions.contains(&"channel.connect_requested") && actions.contains(&"channel.disconnected"));
}

async fn connected_sessions_survive_a_restart(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let (id, number) = app.paired_simulator(&admin).await;
    let pairing = app.create_simulator(&admin, "Pareando").await;
    app.post(&format!("/api/v1/channels/{pairing}/connect"), Some(&admin), json!({})).await;
    app.wait_for_channel_status(&admin, &pairing, "pairing").await;

    let restarted = app.restarted().await;
    let channel = restarted.wait_for_channel_status(&admin, &id, "connected").await;
    assert_eq!(channel["phone_number"], number.as_str());
    restarted.wait_for_channel_status(&admin, &pairing, "disconnected").await;
    let send = json!({ "to": "+5511988887777", "text": "Voltamos!" });
    let sent = restarted.post(&format!("/api/v1/channels/{id}/messages"), Some(&admin), send).await;
    assert_eq!(sent.status, 201, "the restored session sends: {}", sent.body);
}

async fn cloud_api_channels_keep_their_secrets_write_only(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let request = json!({
        "name": "Vendas (oficial)", "kind": "whatsapp_cloud", "phone_number_id": "106540352242922",
        "access_token": "EAAG-secret-token", "app_secret": "app-secret-value", "verify_token": "verify-me"
    });
    let created = app.post("/api/v1/channels", Some(&admin), request.clone()).await;
    assert_eq!(created.status, 201, "{}", created.body);
    let id = created.body["id"].as_str().unwrap().to_owned();
    let text = created.body.to_string();
    assert!(!text.contains("EAAG-secret-token") && !text.contains("app-secret-value") && !text.contains("verify-me"));
    assert_eq!(
        created.body["cloud"],
        json!({ "phone_number_id": "106540352242922", "waba_id": null, "api_version": "v21.0" })
    );
    assert_eq!(created.body["capabilities"]["groups"], false);
    assert_eq!(created.body["webhook_path"], format!("/api/v1/webhooks/whatsapp-cloud/{id}"));
    let uuid = id.parse().unwrap();
    let sealed = app.store.find_channel_credentials(uuid).await.unwrap().unwrap();
    assert!(!sealed.windows(9).any(|w| w == b"EAAG-secr"), "secrets are encrypted at rest");

    let mut same_number = request.clone();
    same_number["name"] = json!("Outro");
    let duplicate = app.post("/api/v1/channels", Some(&admin), same_number).await;
    assert_eq!((duplicate.status.as_u16(), duplicate.code()), (409, "conflict"));
    assert!(duplicate.body["errors"]["phone_number_id"].is_array());

    let renamed = app
        .patch(&format!("/api/v1/channels/{id}"), &admin, json!({ "name": "Vendas", "access_token": "EAAG-new" }))
        .await;
    assert_eq!(renamed.body["name"], "Vendas", "{}", renamed.body);
    assert!(!renamed.body.to_string().contains("EAAG-new"));
    assert_ne!(app.store.find_channel_credentials(uuid).await.unwrap().unwrap(), sealed, "resealed");
    let audit = app.get("/api/v1/audit-log?limit=5", &admin).await.body.to_string();
    assert!(!audit.contains("EAAG"), "secrets stay out of the audit log");
}

async fn attendants_see_and_use_only_their_channels(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let (mine, _) = app.paired_simulator(&admin).await;
    let other = app.create_simulator(&admin, "Financeiro").await;
    let bruno_id = app.create_attendant(&admin, "bruno@acme.test", json!({ "permissions": ["messages.send"] })).await;
    let bruno = app.token_for("bruno@acme.test").await;

    assert!(app.get("/api/v1/channels", &bruno).await.body["items"].as_array().unwrap().is_empty());
    let linked = app.put(&format!("/api/v1/users/{bruno_id}/channels"), &admin, json!({ "channel_ids": [mine] })).await;
    assert_eq!(linked.body, json!({ "channel_ids": [mine] }));
    assert_eq!(app.get(&format!("/api/v1/users/{bruno_id}/channels"), &bruno).await.body["channel_ids"], json!([mine]));

    let listed = app.get("/api/v1/channels", &bruno).await.body;
    let ids: Vec<&str> = listed["items"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec![mine.as_str()]);
    assert_eq!(app.get(&format!("/api/v1/channels/{other}"), &bruno).await.status, 404);
    let send = json!({ "to": "+5511988887777", "text": "Bom dia!" });
    assert_eq!(app.post(&format!("/api/v1/channels/{mine}/messages"), Some(&bruno), send.clone()).await.status, 201);
    assert_eq!(app.post(&format!("/api/v1/channels/{other}/messages"), Some(&bruno), send).await.status, 404);
    let refused = app.post(&format!("/api/v1/channels/{mine}/connect"), Some(&bruno), json!({})).await;
    assert_eq!((refused.status.as_u16(), refused.code()), (403, "forbidden"));

    let unknown = uuid::Uuid::now_v7();
    let bad = app.put(&format!("/api/v1/users/{bruno_id}/channels"), &admin, json!({ "channel_ids": [unknown] })).await;
    assert_eq!(bad.status, 422);
    assert!(bad.body["errors"]["channel_ids"][0].as_str().unwrap().contains(&unknown.to_string()));

    let removed = app.delete(&format!("/api/v1/channels/{mine}"), &admin).await;
    assert_eq!(removed.status, 204);
    assert_eq!(app.get(&format!("/api/v1/users/{bruno_id}/channels"), &admin).await.body["channel_ids"], json!([]));
    assert_eq!(app.get(&format!("/api/v1/channels/{mine}"), &admin).await.status, 404);
}

async fn bad_channel_input_is_explained(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let unknown_kind = app.post("/api/v1/channels", Some(&admin), json!({ "name": "X", "kind": "telegram" })).await;
    assert_eq!(unknown_kind.status, 422);
    assert!(unknown_kind.body["errors"]["kind"].is_array(), "{}", unknown_kind.body);

    let missing = json!({ "name": "Oficial", "kind": "whatsapp_cloud", "phone_number_id": "123" });
    let missing = app.post("/api/v1/channels", Some(&admin), missing).await;
    assert_eq!(missing.status, 422);
    for field in ["access_token", "app_secret", "verify_token"] {
        assert!(missing.body["errors"][field].is_array(), "{field} missing: {}", missing.body);
    }
    let misplaced = json!({ "name": "QR", "kind": "whatsapp_qr", "access_token": "x", "api_version": "21" });
    let misplaced = app.post("/api/v1/channels", Some(&admin), misplaced).await;
    assert!(misplaced.body["errors"]["access_token"].is_array() && misplaced.body["errors"]["api_version"].is_array());

    let id = app.create_simulator(&admin, "Simulador").await;
    let duplicate =
        app.post("/api/v1/channels", Some(&admin), json!({ "name": "Simulador", "kind": "simulator" })).await;
    assert_eq!(duplicate.status, 409);
    let not_connected = json!({ "to": "+5511988887777", "text": "Oi" });
    let not_connected = app.post(&format!("/api/v1/channels/{id}/messages"), Some(&admin), not_connected).await;
    assert_eq!((not_connected.status.as_u16(), not_connected.code()), (409, "channel_not_connected"));
    let bad_message = json!({ "to": "11988887777", "text": "" });
    let bad_message = app.post(&format!("/api/v1/channels/{id}/messages"), Some(&admin), bad_message).await;
    assert!(bad_message.body["errors"]["to"].is_array() && bad_message.body["errors"]["text"].is_array());
    let cloud_field = app.patch(&format!("/api/v1/channels/{id}"), &admin, json!({ "phone_number_id": "1" })).await;
    assert_eq!(cloud_field.status, 422);
    let not_pairing = app.post(&format!("/api/v1/simulator/channels/{id}/scan"), Some(&admin), json!({})).await;
    assert_eq!((not_pairing.status.as_u16(), not_pairing.code()), (409, "channel_not_pairing"));
    let too_many = json!({ "count": 0, "participants_per_group": 5000 });
    let too_many = app.post(&format!("/api/v1/simulator/channels/{id}/groups"), Some(&admin), too_many).await;
    assert!(
        too_many.body["errors"]["count"].is_array() && too_many.body["errors"]["participants_per_group"].is_array()
    );
    let bad_logout =
        app.post(&format!("/api/v1/channels/{id}/disconnect"), Some(&admin), json!({ "logout": "yes" })).await;
    assert_eq!(bad_logout.status, 422);

    let qr = app.post("/api/v1/channels", Some(&admin), json!({ "name": "Celular", "kind": "whatsapp_qr" })).await;
    let qr_id = qr.body["id"].as_str().unwrap();
    let injected = json!({ "from": "+5511988887777", "text": "Oi" });
    let injected = app.post(&format!("/api/v1/simulator/channels/{qr_id}/inbound"), Some(&admin), injected).await;
    assert_eq!((injected.status.as_u16(), injected.code()), (422, "not_supported"));

    let other = TestApp::spawn(backend).await;
    let stranger = other.admin_token().await;
    assert_eq!(app.get(&format!("/api/v1/channels/{id}"), &stranger).await.status, 401, "another app's token");
    let foreign =
        other.post("/api/v1/channels", Some(&stranger), json!({ "name": "Deles", "kind": "simulator" })).await;
    let foreign_id = foreign.body["id"].as_str().unwrap();
    assert_eq!(app.get(&format!("/api/v1/channels/{foreign_id}"), &admin).await.status, 404);
}

async fn simulator_endpoints_are_hidden_when_it_is_off(backend: Backend) {
    let app = TestApp::spawn_with(backend, false).await;
    let admin = app.admin_token().await;
    let id = app.create_simulator(&admin, "Simulador").await;
    let scan = app.post(&format!("/api/v1/simulator/channels/{id}/scan"), Some(&admin), json!({})).await;
    assert_eq!(scan.status, 404);
    let connect = app.post(&format!("/api/v1/channels/{id}/connect"), Some(&admin), json!({})).await;
    assert_eq!((connect.status.as_u16(), connect.code()), (422, "not_supported"));
}

// WhatsApp is unreachable from here, so the channel never shows a QR Code; what is checked is the
// real client being started on the channel's device store and the store going away on logout.
async fn a_qr_channel_runs_the_whatsapp_web_client_on_its_own_device_store(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let created = app.post("/api/v1/channels", Some(&admin), json!({ "name": "Celular", "kind": "whatsapp_qr" })).await;
    assert_eq!(created.body["capabilities"]["groups"], true);
    assert_eq!(created.body["capabilities"]["qr_pairing"], true);
    let id = created.body["id"].as_str().unwrap();
    let device_store = app.data_dir().join("whatsapp").join(format!("{id}.db"));

    let connect = app.post(&format!("/api/v1/channels/{id}/connect"), Some(&admin), json!({})).await;
    assert_eq!(connect.status, 202, "{}", connect.body);
    assert!(device_store.is_file(), "the device store of the channel is in the data directory");
    let qr = app.get(&format!("/api/v1/channels/{id}/qr"), &admin).await;
    assert_eq!((qr.status.as_u16(), qr.code()), (409, "channel_not_pairing"), "no QR Code without WhatsApp");
    let send = json!({ "to": "+5511988887777", "text": "Oi" });
    let send = app.post(&format!("/api/v1/channels/{id}/messages"), Some(&admin), send).await;
    assert_eq!((send.status.as_u16(), send.code()), (409, "channel_not_connected"));

    let logout = app.post(&format!("/api/v1/channels/{id}/disconnect"), Some(&admin), json!({ "logout": true })).await;
    assert_eq!(logout.status, 200, "{}", logout.body);
    assert!(!device_store.exists(), "a logout forgets the paired device");
}

/// Two servers on one PostgreSQL database: the one holding a linked device's session keeps it; the
/// other neither opens it again nor pairs it anew, and disconnecting there closes it on the holder,
/// after which the other may open it.
async fn a_linked_device_session_runs_on_one_instance() {
    let first = TestApp::spawn(Backend::Postgres).await;
    let second = first.another_instance().await;
    let admin = first.admin_token().await;
    let (id, _) = first.paired_simulator(&admin).await;
    let connect = format!("/api/v1/channels/{id}/connect");

    let again = second.post(&connect, Some(&admin), json!({})).await;
    assert_eq!(again.status, 202, "already connected: nothing to do: {}", again.body);

    // A channel whose session some other instance holds (its lease unexpired) is not opened here.
    let held = first.create_simulator(&admin, "Reserva").await;
    let now = blocopro_domain::Timestamp::now();
    let until = now + jiff::SignedDuration::from_mins(5);
    let elsewhere = uuid::Uuid::now_v7();
    assert!(first.store.acquire_session_lease(held.parse().unwrap(), elsewhere, now, until).await.unwrap());
    let refused = second.post(&format!("/api/v1/channels/{held}/connect"), Some(&admin), json!({})).await;
    assert_eq!((refused.status.as_u16(), refused.code()), (409, "session_on_another_instance"));

    let disconnect = format!("/api/v1/channels/{id}/disconnect");
    let disconnected = second.post(&disconnect, Some(&admin), json!({ "logout": false })).await;
    assert_eq!((disconnected.status.as_u16(), &disconnected.body["status"]), (200, &json!("disconnected")));
    // The first server closes its session at its next heartbeat; then the second may open it.
    let mut reopened = second.post(&connect, Some(&admin), json!({})).await;
    for _ in 0..100 {
        if reopened.code() != "session_on_another_instance" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
        reopened = second.post(&connect, Some(&admin), json!({})).await;
    }
    assert_eq!(reopened.status, 202, "{}", reopened.body);
    second.wait_for_channel_status(&admin, &id, "connected").await;
    let send = json!({ "to": "+5511988887777", "text": "Pelo segundo" });
    let sent = second.post(&format!("/api/v1/channels/{id}/messages"), Some(&admin), send).await;
    assert_eq!(sent.status, 201, "the second server holds the session now: {}", sent.body);
}
