//! One contract for every connector, checked through the real application on both databases:
//! connecting reaches `connected`, sending answers the provider's id and stores the message,
//! inbound messages are stored once however often they are delivered, capabilities match the kind,
//! and nothing is sent on a disconnected channel. Each connector comes with a harness that plays
//! the outside world for it (the simulated phone; Meta's Graph API and webhooks).

use crate::common;

use common::graph_mock::{self, VALID_TOKEN};
use common::{Backend, TestApp};
use serde_json::{Value, json};

/// How the tests drive one kind of connector from the outside.
enum Harness {
    Simulator,
    CloudApi,
}

impl Harness {
    async fn app(&self, backend: Backend) -> TestApp {
        match self {
            Harness::Simulator => TestApp::spawn(backend).await,
            Harness::CloudApi => TestApp::spawn_with_graph(backend, &graph_mock::graph_mock().await.0).await,
        }
    }

    fn new_channel(&self) -> Value {
        match self {
            Harness::Simulator => json!({ "name": "Canal", "kind": "simulator" }),
            Harness::CloudApi => json!({
                "name": "Canal", "kind": "whatsapp_cloud", "phone_number_id": graph_mock::PHONE_NUMBER_ID,
                "access_token": VALID_TOKEN, "app_secret": graph_mock::APP_SECRET, "verify_token": "verify-me"
            }),
        }
    }

    fn capabilities(&self) -> Value {
        let linked_device = matches!(self, Harness::Simulator);
        json!({
            "groups": linked_device, "create_group": linked_device, "qr_pairing": linked_device,
            "send_text": true, "receipts": true
        })
    }

    /// Connects the channel, pairing it where pairing is how it connects.
    async fn bring_online(&self, app: &TestApp, token: &str, id: &str) {
        assert_eq!(app.post(&format!("/api/v1/channels/{id}/connect"), Some(token), json!({})).await.status, 202);
        if let Harness::Simulator = self {
            app.wait_for_channel_status(token, id, "pairing").await;
            app.post(&format!("/api/v1/simulator/channels/{id}/scan"), Some(token), json!({})).await;
        }
        app.wait_for_channel_status(token, id, "connected").await;
    }

    /// The outside world delivers a message with WhatsApp's id `external_id`.
    async fn deliver(&self, app: &TestApp, token: &str, id: &str, external_id: &str, text: &str) {
        let status = match self {
            Harness::Simulator => {
                let inbound = json!({ "from": "+5511988887777", "text": text, "external_id": external_id });
                app.post(&format!("/api/v1/simulator/channels/{id}/inbound"), Some(token), inbound).await.status
            }
            Harness::CloudApi => {
                graph_mock::deliver(app, id, &graph_mock::text_message(external_id, text)).await.status
            }
        };
        assert!(status.is_success(), "delivery answered {status}");
    }
}

async fn online_channel(harness: &Harness, backend: Backend) -> (TestApp, String, String) {
    let app = harness.app(backend).await;
    let token = app.admin_token().await;
    let created = app.post("/api/v1/channels", Some(&token), harness.new_channel()).await;
    assert_eq!(created.status, 201, "{}", created.body);
    let id = created.body["id"].as_str().unwrap().to_owned();
    harness.bring_online(&app, &token, &id).await;
    (app, token, id)
}

async fn connecting_reaches_connected_with_the_number(harness: Harness, backend: Backend) {
    let (app, token, id) = online_channel(&harness, backend).await;
    let channel = app.get(&format!("/api/v1/channels/{id}"), &token).await.body;
    assert!(channel["phone_number"].as_str().is_some_and(|number| number.starts_with('+')), "{channel}");
    assert_eq!(channel["capabilities"], harness.capabilities());
}

async fn sending_answers_the_provider_id_and_stores_the_message(harness: Harness, backend: Backend) {
    let (app, token, id) = online_channel(&harness, backend).await;
    let reply = json!({ "to": "+5511988887777", "text": "Olá! Como posso ajudar?" });
    let sent = app.post(&format!("/api/v1/channels/{id}/messages"), Some(&token), reply).await;
    assert_eq!(sent.status, 201, "{}", sent.body);
    assert!(!sent.body["external_id"].as_str().unwrap().is_empty());
    let stored = app.channel_messages(&token, &id).await;
    assert_eq!((stored.len(), &stored[0]["external_id"]), (1, &sent.body["external_id"]));
    assert_eq!(stored[0]["direction"], "outbound");
}

async fn inbound_messages_are_stored_once(harness: Harness, backend: Backend) {
    let (app, token, id) = online_channel(&harness, backend).await;
    for _ in 0..3 {
        harness.deliver(&app, &token, &id, "wamid.ONCE", "Oi, tudo bem?").await;
    }
    harness.deliver(&app, &token, &id, "wamid.OTHER", "Outra mensagem").await;
    for _ in 0..250 {
        let stored = app.channel_messages(&token, &id).await;
        if stored.len() >= 2 {
            let ids: Vec<&str> = stored.iter().map(|m| m["external_id"].as_str().unwrap()).collect();
            assert_eq!(ids, vec!["wamid.OTHER", "wamid.ONCE"], "each message once, newest first");
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("the messages never arrived");
}

async fn nothing_is_sent_on_a_disconnected_channel(harness: Harness, backend: Backend) {
    let (app, token, id) = online_channel(&harness, backend).await;
    let disconnected = app.post(&format!("/api/v1/channels/{id}/disconnect"), Some(&token), json!({})).await;
    assert_eq!(disconnected.body["status"], "disconnected", "{}", disconnected.body);
    let send = json!({ "to": "+5511988887777", "text": "Oi" });
    let refused = app.post(&format!("/api/v1/channels/{id}/messages"), Some(&token), send).await;
    assert_eq!((refused.status.as_u16(), refused.code()), (409, "channel_not_connected"));
    assert!(app.channel_messages(&token, &id).await.is_empty());
}

/// Expands each check into one test per connector and database.
macro_rules! for_every_connector {
    ($($check:ident),+ $(,)?) => {
        for_every_connector!(@one simulator_sqlite, Simulator, Sqlite; $($check),+);
        for_every_connector!(@one simulator_postgres, Simulator, Postgres; $($check),+);
        for_every_connector!(@one cloud_api_sqlite, CloudApi, Sqlite; $($check),+);
        for_every_connector!(@one cloud_api_postgres, CloudApi, Postgres; $($check),+);
    };
    (@one $module:ident, $harness:ident, $backend:ident; $($check:ident),+) => {
        mod $module {
            $(
                #[actix_web::test]
                async fn $check() {
                    super::$check(super::Harness::$harness, super::Backend::$backend).await
                }
            )+
        }
    };
}

for_every_connector!(
    connecting_reaches_connected_with_the_number,
    sending_answers_the_provider_id_and_stores_the_message,
    inbound_messages_are_stored_once,
    nothing_is_sent_on_a_disconnected_channel,
);
