//! WhatsApp templates and the Cloud API's 24-hour customer-service window, against the local
//! Graph API mock, on both databases: syncing a WhatsApp Business Account's templates page by
//! page (on demand; a resync replaces them), who may sync and list them, sending one with its
//! parameters, and free-form messages refused once the customer's window has closed.

use std::time::Duration;

use crate::common;

use blocopro_domain::Timestamp;
use blocopro_domain::permissions::Permission;
use common::graph_mock::{
    APP_SECRET, Outage, PHONE_NUMBER_ID, Sent, Templates, VALID_TOKEN, WABA_ID, deliver, graph_mock_with_templates,
    meta_template, text_message, text_message_at,
};
use common::principals::user_holding;
use common::uploads::{PDF, PNG, uploaded};
use common::{Backend, TestApp};
use jiff::SignedDuration;
use serde_json::{Value, json};

on_both_backends!(
    templates_sync_page_by_page_and_a_resync_replaces_them,
    syncing_needs_a_cloud_channel_with_its_business_account,
    templates_are_listed_to_whoever_writes_in_the_channel,
    a_closed_window_takes_only_an_approved_template_with_its_parameters,
    the_window_opens_again_when_the_customer_writes,
    a_template_message_takes_nothing_else,
    headers_and_buttons_take_their_values_and_go_as_meta_documents,
    a_media_header_sends_the_uploaded_file_by_its_id,
    a_sync_is_audited,
);

const BOLETO: &str = "Olá {{1}}, seu boleto de {{2}} vence em {{3}}.";

/// A Cloud API channel of the mocked number, with (or without) its WhatsApp Business Account id.
async fn cloud_channel(app: &TestApp, token: &str, waba_id: Option<&str>) -> String {
    let request = json!({
        "name": "Oficial", "kind": "whatsapp_cloud", "phone_number_id": PHONE_NUMBER_ID, "waba_id": waba_id,
        "access_token": VALID_TOKEN, "app_secret": APP_SECRET, "verify_token": "verify-me"
    });
    let created = app.post("/api/v1/channels", Some(token), request).await;
    assert_eq!(created.status, 201, "{}", created.body);
    created.body["id"].as_str().unwrap().to_owned()
}

struct Graph {
    app: TestApp,
    admin: String,
    channel: String,
    sent: Sent,
    outage: Outage,
    templates: Templates,
}

/// An application whose connected Cloud API channel has a business account with templates.
async fn connected(backend: Backend) -> Graph {
    let (graph, sent, outage, templates) = graph_mock_with_templates().await;
    let app = TestApp::spawn_with_graph(backend, &graph).await;
    let admin = app.admin_token().await;
    let channel = cloud_channel(&app, &admin, Some(WABA_ID)).await;
    assert_eq!(app.post(&format!("/api/v1/channels/{channel}/connect"), Some(&admin), json!({})).await.status, 202);
    app.wait_for_channel_status(&admin, &channel, "connected").await;
    templates.set(vec![
        meta_template("boleto_vencendo", "pt_BR", "APPROVED", BOLETO),
        meta_template("boas_vindas", "pt_BR", "APPROVED", "Bem-vindo à Acme!"),
        meta_template("promocao", "pt_BR", "PENDING", "Promoção {{1}}"),
        meta_template("recusado", "pt_BR", "REJECTED", "Compre já"),
    ]);
    Graph { app, admin, channel, sent, outage, templates }
}

async fn sync(app: &TestApp, token: &str, channel: &str) -> common::Reply {
    app.post(&format!("/api/v1/channels/{channel}/templates/sync"), Some(token), json!({})).await
}

fn names(list: &Value) -> Vec<String> {
    let items = list["items"].as_array().cloned().unwrap_or_default();
    items
        .iter()
        .map(|item| format!("{} {}", item["name"].as_str().unwrap(), item["language"].as_str().unwrap()))
        .collect()
}

/// The conversation the customer's message started; waits for the fold.
async fn conversation_of_customer(app: &TestApp, token: &str) -> Value {
    for _ in 0..250 {
        let items = app.get("/api/v1/conversations", token).await.body["items"].clone();
        if let Some(first) = items.as_array().and_then(|items| items.first()) {
            return first.clone();
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the customer's message started no conversation");
}

async fn messages_of(app: &TestApp, token: &str, conversation: &str) -> Vec<Value> {
    let listed = app.get(&format!("/api/v1/conversations/{conversation}/messages"), token).await;
    listed.body["items"].as_array().cloned().unwrap_or_default()
}

async fn graph_received(sent: &Sent, count: usize) -> Vec<Value> {
    for _ in 0..250 {
        let messages = sent.lock().unwrap().clone();
        if messages.len() >= count {
            return messages;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the Graph API never received {count} messages");
}

async fn templates_sync_page_by_page_and_a_resync_replaces_them(backend: Backend) {
    let Graph { app, admin, channel, templates, .. } = connected(backend).await;
    let many: Vec<Value> = (0..140)
        .map(|n| {
            meta_template(
                &format!("aviso_{n:03}"),
                "pt_BR",
                if n % 2 == 0 { "APPROVED" } else { "PAUSED" },
                "Aviso {{1}}",
            )
        })
        .chain([meta_template("boleto_vencendo", "pt_BR", "APPROVED", BOLETO)])
        .chain([meta_template("boleto_vencendo", "en_US", "APPROVED", "Hi {{1}}, {{2}} due {{3}}")])
        .collect();
    templates.set(many);

    let synced = sync(&app, &admin, &channel).await;
    assert_eq!(synced.status, 200, "{}", synced.body);
    assert_eq!(synced.body["items"].as_array().unwrap().len(), 142, "every page, every status");
    let asked = templates.asked();
    assert_eq!(asked.len(), 2, "two pages of 100");
    assert_eq!(asked[0]["fields"], "name,language,status,category,components");
    assert_eq!((asked[0]["limit"].as_str(), asked[0].get("after")), ("100", None));
    assert_eq!(asked[1]["after"], "100", "the next page by Meta's cursor");

    let approved = app.get(&format!("/api/v1/channels/{channel}/templates"), &admin).await;
    assert_eq!(approved.status, 200, "{}", approved.body);
    assert_eq!(approved.body["items"].as_array().unwrap().len(), 72, "approved ones by default");
    let boleto = approved.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["name"] == "boleto_vencendo" && item["language"] == "pt_BR")
        .cloned()
        .unwrap();
    assert_eq!(
        (
            &boleto["status"],
            &boleto["category"],
            &boleto["body_text"],
            &boleto["parameter_count"],
            &boleto["header_text"]
        ),
        (&json!("APPROVED"), &json!("UTILITY"), &json!(BOLETO), &json!(3), &json!("Acme Telecom"))
    );
    assert_eq!(boleto["components"][2]["type"], "FOOTER", "Meta's components as given");
    let paused = app.get(&format!("/api/v1/channels/{channel}/templates?status=PAUSED"), &admin).await;
    assert_eq!(paused.body["items"].as_array().unwrap().len(), 70);
    let bad = app.get(&format!("/api/v1/channels/{channel}/templates?status=a%20b"), &admin).await;
    assert_eq!((bad.status.as_u16(), bad.code()), (422, "validation_failed"));

    // At Meta, everything but two was deleted and the Portuguese boleto changed.
    templates.set(vec![
        meta_template("boleto_vencendo", "pt_BR", "APPROVED", "Olá {{1}}, pague até {{2}}."),
        meta_template("boleto_vencendo", "en_US", "PAUSED", "Hi {{1}}"),
    ]);
    let resynced = sync(&app, &admin, &channel).await;
    assert_eq!(resynced.status, 200, "{}", resynced.body);
    assert_eq!(names(&resynced.body), ["boleto_vencendo en_US", "boleto_vencendo pt_BR"], "the deleted ones are gone");
    let approved = app.get(&format!("/api/v1/channels/{channel}/templates"), &admin).await;
    assert_eq!(names(&approved.body), ["boleto_vencendo pt_BR"]);
    assert_eq!(approved.body["items"][0]["parameter_count"], 2);
}

async fn syncing_needs_a_cloud_channel_with_its_business_account(backend: Backend) {
    let Graph { app, admin, channel, outage, .. } = connected(backend).await;
    let simulator = app.create_simulator(&admin, "Simulador").await;
    let refused = sync(&app, &admin, &simulator).await;
    assert_eq!((refused.status.as_u16(), refused.code()), (422, "templates_not_supported"), "{}", refused.body);

    let other = app.post(
        "/api/v1/channels",
        Some(&admin),
        json!({
            "name": "Sem WABA", "kind": "whatsapp_cloud", "phone_number_id": "106540352242999",
            "access_token": VALID_TOKEN, "app_secret": APP_SECRET, "verify_token": "verify-me"
        }),
    );
    let without = other.await.body["id"].as_str().unwrap().to_owned();
    let missing = sync(&app, &admin, &without).await;
    assert_eq!((missing.status.as_u16(), missing.code()), (422, "waba_id_missing"), "{}", missing.body);
    let saved = app.patch(&format!("/api/v1/channels/{without}"), &admin, json!({ "waba_id": WABA_ID })).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert_eq!(sync(&app, &admin, &without).await.status, 200, "with its id saved");

    outage.store(true, std::sync::atomic::Ordering::SeqCst);
    let down = sync(&app, &admin, &channel).await;
    assert_eq!((down.status.as_u16(), down.code()), (503, "whatsapp_unavailable"), "{}", down.body);
    outage.store(false, std::sync::atomic::Ordering::SeqCst);
    assert_eq!(sync(&app, &admin, &channel).await.status, 200);

    user_holding(&app, &admin, "ana@acme.test", &[Permission::MessagesSend]).await;
    let ana = app.token_for("ana@acme.test").await;
    let forbidden = sync(&app, &ana, &channel).await;
    assert_eq!((forbidden.status.as_u16(), forbidden.code()), (403, "forbidden"), "channels.manage syncs");

    let (_, globex) = app.other_company("Globex", "admin@globex.test").await;
    assert_eq!(sync(&app, &globex, &channel).await.status, 404, "another company's channel");
    let listed = app.get(&format!("/api/v1/channels/{channel}/templates"), &globex).await;
    assert_eq!(listed.status, 404);
}

async fn templates_are_listed_to_whoever_writes_in_the_channel(backend: Backend) {
    let Graph { app, admin, channel, .. } = connected(backend).await;
    assert_eq!(sync(&app, &admin, &channel).await.status, 200);
    let path = format!("/api/v1/channels/{channel}/templates");

    let ana_id = user_holding(&app, &admin, "ana@acme.test", &[Permission::MessagesSend]).await;
    let ana = app.token_for("ana@acme.test").await;
    assert_eq!(app.get(&path, &ana).await.status, 404, "not linked to the channel: its conversations are not hers");
    let linked =
        app.put(&format!("/api/v1/users/{ana_id}/channels"), &admin, json!({ "channel_ids": [channel] })).await;
    assert_eq!(linked.status, 200, "{}", linked.body);
    let listed = app.get(&path, &ana).await;
    assert_eq!(listed.status, 200, "{}", listed.body);
    assert_eq!(names(&listed.body), ["boas_vindas pt_BR", "boleto_vencendo pt_BR"]);

    user_holding(&app, &admin, "bia@acme.test", &[]).await;
    let bia = app.token_for("bia@acme.test").await;
    let forbidden = app.get(&path, &bia).await;
    assert_eq!((forbidden.status.as_u16(), forbidden.code()), (403, "forbidden"), "messages.send picks templates");
}

async fn a_closed_window_takes_only_an_approved_template_with_its_parameters(backend: Backend) {
    let Graph { app, admin, channel, sent, .. } = connected(backend).await;
    assert_eq!(sync(&app, &admin, &channel).await.status, 200);
    let wrote_at = Timestamp::now() - SignedDuration::from_hours(25);
    assert_eq!(deliver(&app, &channel, &text_message_at("wamid.OLD", "Meu boleto?", wrote_at)).await.status, 200);
    let conversation = conversation_of_customer(&app, &admin).await;
    let id = conversation["id"].as_str().unwrap().to_owned();
    let closes_at: Timestamp = conversation["customer_window_closes_at"].as_str().unwrap().parse().unwrap();
    assert_eq!(closes_at.as_second(), (wrote_at + SignedDuration::from_hours(24)).as_second(), "a day after she wrote");
    let send_path = format!("/api/v1/conversations/{id}/messages");

    let text = app.post(&send_path, Some(&admin), json!({ "text": "Oi Maria!" })).await;
    assert_eq!((text.status.as_u16(), text.code()), (422, "outside_customer_window"), "{}", text.body);
    let place = json!({ "location": { "latitude": -23.5, "longitude": -46.6 } });
    let located = app.post(&send_path, Some(&admin), place).await;
    assert_eq!(located.code(), "outside_customer_window");
    let asked = messages_of(&app, &admin, &id).await[0]["id"].as_str().unwrap().to_owned();
    let react_path = format!("{send_path}/{asked}/reactions");
    let reacted = app.post(&react_path, Some(&admin), json!({ "emoji": "👍" })).await;
    assert_eq!((reacted.status.as_u16(), reacted.code()), (422, "outside_customer_window"), "reactions too");
    let refused_template = |name: &str, language: &str, parameters: Value| json!({ "template": { "name": name, "language": language, "parameters": parameters } });
    let unknown = app.post(&send_path, Some(&admin), refused_template("nao_existe", "pt_BR", json!([]))).await;
    assert_eq!((unknown.status.as_u16(), unknown.code()), (422, "template_not_found"), "{}", unknown.body);
    assert!(unknown.body["errors"]["template"].is_array(), "names the field: {}", unknown.body);
    let pending = app.post(&send_path, Some(&admin), refused_template("promocao", "pt_BR", json!(["x"]))).await;
    assert_eq!(pending.code(), "template_not_found", "only approved templates go");
    let other_language =
        app.post(&send_path, Some(&admin), refused_template("boleto_vencendo", "en_US", json!([]))).await;
    assert_eq!(other_language.code(), "template_not_found");
    let short =
        app.post(&send_path, Some(&admin), refused_template("boleto_vencendo", "pt_BR", json!(["Maria"]))).await;
    assert_eq!((short.status.as_u16(), short.code()), (422, "template_parameters_mismatch"), "{}", short.body);
    assert!(short.body["errors"]["template.parameters"].is_array(), "{}", short.body);
    assert_eq!(messages_of(&app, &admin, &id).await.len(), 1, "nothing refused was stored");
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(sent.lock().unwrap().is_empty(), "nothing refused reached Meta");

    let values = json!(["Maria", "R$ 120,00", "10/12"]);
    let queued = app.post(&send_path, Some(&admin), refused_template("boleto_vencendo", "pt_BR", values.clone())).await;
    assert_eq!(queued.status, 202, "{}", queued.body);
    assert_eq!(queued.body["kind"], "template");
    assert_eq!(
        queued.body["text"], "Acme Telecom\n\nOlá Maria, seu boleto de R$ 120,00 vence em 10/12.",
        "the thread reads it filled in, under its header"
    );
    assert_eq!(
        queued.body["template"],
        json!({
            "name": "boleto_vencendo", "language": "pt_BR", "parameters": values,
            "header_parameters": [], "header_media": null, "button_parameters": [],
        })
    );
    let payload = graph_received(&sent, 1).await[0].clone();
    assert_eq!(
        payload,
        json!({
            "messaging_product": "whatsapp", "recipient_type": "individual", "to": "5511988887777",
            "type": "template",
            "template": {
                "name": "boleto_vencendo", "language": { "code": "pt_BR" },
                "components": [{ "type": "body", "parameters": [
                    { "type": "text", "text": "Maria" }, { "type": "text", "text": "R$ 120,00" }, { "type": "text", "text": "10/12" },
                ] }],
            },
        })
    );
    let without_parameters =
        app.post(&send_path, Some(&admin), refused_template("boas_vindas", "pt_BR", json!([]))).await;
    assert_eq!(without_parameters.status, 202, "{}", without_parameters.body);
    let second = graph_received(&sent, 2).await[1].clone();
    assert_eq!(second["template"], json!({ "name": "boas_vindas", "language": { "code": "pt_BR" } }));
    let listed = app.get("/api/v1/conversations", &admin).await.body["items"][0].clone();
    assert_eq!(listed["last_message_preview"], "Acme Telecom Bem-vindo à Acme!", "previews read the template's text");
    assert_eq!(listed["last_message_kind"], "template");
}

async fn the_window_opens_again_when_the_customer_writes(backend: Backend) {
    let Graph { app, admin, channel, sent, .. } = connected(backend).await;
    let wrote_at = Timestamp::now() - SignedDuration::from_hours(30);
    assert_eq!(deliver(&app, &channel, &text_message_at("wamid.OLD", "Oi", wrote_at)).await.status, 200);
    let id = conversation_of_customer(&app, &admin).await["id"].as_str().unwrap().to_owned();
    let send_path = format!("/api/v1/conversations/{id}/messages");
    assert_eq!(app.post(&send_path, Some(&admin), json!({ "text": "Oi" })).await.code(), "outside_customer_window");

    assert_eq!(deliver(&app, &channel, &text_message("wamid.NEW", "Voltei!")).await.status, 200);
    let reopened = loop {
        let conversation = app.get(&format!("/api/v1/conversations/{id}"), &admin).await.body;
        let closes_at: Timestamp = conversation["customer_window_closes_at"].as_str().unwrap().parse().unwrap();
        if closes_at > Timestamp::now() {
            break closes_at;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert!(reopened > Timestamp::now() + SignedDuration::from_hours(23), "a full day from her new message");
    let answered = app.post(&send_path, Some(&admin), json!({ "text": "Olá de novo, Maria!" })).await;
    assert_eq!(answered.status, 202, "{}", answered.body);
    assert_eq!(graph_received(&sent, 1).await[0]["text"]["body"], "Olá de novo, Maria!");

    // A simulator conversation has no window, and sends no template.
    let (simulator, _) = app.paired_simulator(&admin).await;
    let body = json!({ "from": "+5511977776666", "text": "Oi pelo simulador" });
    let reply = app.post(&format!("/api/v1/simulator/channels/{simulator}/inbound"), Some(&admin), body).await;
    assert_eq!(reply.status, 202, "{}", reply.body);
    let simulated = loop {
        let items =
            app.get(&format!("/api/v1/conversations?channel_id={simulator}"), &admin).await.body["items"].clone();
        if let Some(first) = items.as_array().and_then(|items| items.first()) {
            break first.clone();
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert_eq!(simulated["customer_window_closes_at"], Value::Null);
    let path = format!("/api/v1/conversations/{}/messages", simulated["id"].as_str().unwrap());
    let template = json!({ "template": { "name": "boas_vindas", "language": "pt_BR" } });
    let refused = app.post(&path, Some(&admin), template).await;
    assert_eq!((refused.status.as_u16(), refused.code()), (422, "templates_not_supported"), "{}", refused.body);
}

async fn a_template_message_takes_nothing_else(backend: Backend) {
    let Graph { app, admin, channel, .. } = connected(backend).await;
    assert_eq!(deliver(&app, &channel, &text_message("wamid.IN", "Oi")).await.status, 200);
    let id = conversation_of_customer(&app, &admin).await["id"].as_str().unwrap().to_owned();
    let send_path = format!("/api/v1/conversations/{id}/messages");
    let mixed = json!({ "text": "Oi", "template": { "name": "boas_vindas", "language": "pt_BR", "parameters": [] } });
    let refused = app.post(&send_path, Some(&admin), mixed).await;
    assert_eq!((refused.status.as_u16(), refused.code()), (422, "validation_failed"), "{}", refused.body);
    assert!(refused.body["errors"]["text"].is_array());
    let blank = json!({ "template": { "name": " ", "language": "pt BR", "parameters": ["", "x"] } });
    let refused = app.post(&send_path, Some(&admin), blank).await;
    let errors = &refused.body["errors"];
    assert!(
        errors["template.name"].is_array()
            && errors["template.language"].is_array()
            && errors["template.parameters[0]"].is_array()
            && errors["template.parameters[1]"].is_null(),
        "{}",
        refused.body
    );
    assert_eq!(messages_of(&app, &admin, &id).await.len(), 1);
}

/// A template of `components` as Meta lists it, approved.
fn approved_template(name: &str, components: Value) -> Value {
    json!({
        "name": name, "language": "pt_BR", "status": "APPROVED", "category": "UTILITY",
        "id": format!("{name}-pt_BR"), "components": components,
    })
}

/// A conversation whose customer last wrote 25 hours ago (only templates go), with `listed`
/// synced; answers the path to send in it.
async fn closed_window_with(graph: &Graph, listed: Vec<Value>) -> String {
    let Graph { app, admin, channel, templates, .. } = graph;
    templates.set(listed);
    assert_eq!(sync(app, admin, channel).await.status, 200);
    let wrote_at = Timestamp::now() - SignedDuration::from_hours(25);
    assert_eq!(deliver(app, channel, &text_message_at("wamid.OLD", "Cadê meu pedido?", wrote_at)).await.status, 200);
    let id = conversation_of_customer(app, admin).await["id"].as_str().unwrap().to_owned();
    format!("/api/v1/conversations/{id}/messages")
}

fn order_template() -> Value {
    approved_template(
        "pedido_enviado",
        json!([
            { "type": "HEADER", "format": "TEXT", "text": "Pedido {{1}}" },
            { "type": "BODY", "text": "Olá {{1}}, seu pedido saiu para entrega." },
            { "type": "BUTTONS", "buttons": [
                { "type": "URL", "text": "Rastrear", "url": "https://acme.test/rastreio/{{1}}" },
                { "type": "QUICK_REPLY", "text": "Falar com alguém" },
                { "type": "URL", "text": "Loja", "url": "https://acme.test" },
            ] },
        ]),
    )
}

async fn headers_and_buttons_take_their_values_and_go_as_meta_documents(backend: Backend) {
    let graph = connected(backend).await;
    let send_path = closed_window_with(&graph, vec![order_template()]).await;
    let Graph { app, admin, channel, sent, .. } = &graph;

    let listed = app.get(&format!("/api/v1/channels/{channel}/templates"), admin).await;
    let order = listed.body["items"][0].clone();
    assert_eq!(
        (&order["header_parameter_count"], &order["header_media"], &order["sendable"]),
        (&json!(1), &json!(null), &json!(true))
    );
    assert_eq!(
        order["buttons"],
        json!([
            { "index": 0, "type": "URL", "text": "Rastrear", "url": "https://acme.test/rastreio/{{1}}", "parameter": "url", "parameter_required": true },
            { "index": 1, "type": "QUICK_REPLY", "text": "Falar com alguém", "url": null, "parameter": "quick_reply", "parameter_required": false },
            { "index": 2, "type": "URL", "text": "Loja", "url": "https://acme.test", "parameter": null, "parameter_required": false },
        ])
    );

    let send = |header: Value, buttons: Value| {
        json!({ "template": {
            "name": "pedido_enviado", "language": "pt_BR", "parameters": ["Maria"],
            "header_parameters": header, "button_parameters": buttons,
        } })
    };
    let refusals = [
        (
            send(json!([]), json!([{ "index": 0, "value": "ABC" }])),
            "template_header_parameters_mismatch",
            "template.header_parameters",
        ),
        (send(json!(["#1"]), json!([])), "template_button_parameters_mismatch", "template.button_parameters"),
        (
            send(json!(["#1"]), json!([{ "index": 0, "value": "A" }, { "index": 2, "value": "B" }])),
            "template_button_parameters_mismatch",
            "template.button_parameters",
        ),
    ];
    for (body, code, field) in refusals {
        let refused = app.post(&send_path, Some(admin), body).await;
        assert_eq!((refused.status.as_u16(), refused.code()), (422, code), "{}", refused.body);
        assert!(refused.body["errors"][field].is_array(), "names {field}: {}", refused.body);
    }
    let photo = uploaded(app, admin, "", "foto.png", "image/png", PNG).await;
    let with_file = json!({ "template": {
        "name": "pedido_enviado", "language": "pt_BR", "parameters": ["Maria"], "header_parameters": ["#1"],
        "header_media_id": photo["id"], "button_parameters": [{ "index": 0, "value": "A" }],
    } });
    let refused = app.post(&send_path, Some(admin), with_file).await;
    assert_eq!(refused.code(), "template_header_media_mismatch", "a text header takes no file: {}", refused.body);
    let invalid = app.post(&send_path, Some(admin), send(json!([""]), json!([{ "index": 10, "value": "" }]))).await;
    let errors = &invalid.body["errors"];
    assert!(
        errors["template.header_parameters[0]"].is_array()
            && errors["template.button_parameters[0]"].is_array()
            && errors["template.button_parameters[0].index"].is_array(),
        "{}",
        invalid.body
    );
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(sent.lock().unwrap().is_empty(), "nothing refused reached Meta");

    let body = send(json!(["#4521"]), json!([{ "index": 1, "value": "atendente" }, { "index": 0, "value": "BR4521" }]));
    let queued = app.post(&send_path, Some(admin), body).await;
    assert_eq!(queued.status, 202, "{}", queued.body);
    assert_eq!(queued.body["text"], "Pedido #4521\n\nOlá Maria, seu pedido saiu para entrega.");
    assert_eq!(
        queued.body["template"]["button_parameters"],
        json!([
            { "index": 0, "sub_type": "url", "value": "BR4521" },
            { "index": 1, "sub_type": "quick_reply", "value": "atendente" },
        ])
    );
    let payload = graph_received(sent, 1).await[0].clone();
    assert_eq!(
        payload["template"],
        json!({
            "name": "pedido_enviado", "language": { "code": "pt_BR" },
            "components": [
                { "type": "header", "parameters": [{ "type": "text", "text": "#4521" }] },
                { "type": "body", "parameters": [{ "type": "text", "text": "Maria" }] },
                { "type": "button", "sub_type": "url", "index": "0", "parameters": [{ "type": "text", "text": "BR4521" }] },
                { "type": "button", "sub_type": "quick_reply", "index": "1", "parameters": [{ "type": "payload", "payload": "atendente" }] },
            ],
        })
    );
}

async fn a_media_header_sends_the_uploaded_file_by_its_id(backend: Backend) {
    let invoice = approved_template(
        "fatura",
        json!([
            { "type": "HEADER", "format": "DOCUMENT" },
            { "type": "BODY", "text": "Sua fatura de {{1}} chegou." },
        ]),
    );
    let located = approved_template(
        "loja",
        json!([{ "type": "HEADER", "format": "LOCATION" }, { "type": "BODY", "text": "Venha nos visitar." }]),
    );
    let graph = connected(backend).await;
    let send_path = closed_window_with(&graph, vec![invoice, located]).await;
    let Graph { app, admin, channel, sent, .. } = &graph;
    let listed = app.get(&format!("/api/v1/channels/{channel}/templates"), admin).await.body;
    let sendable: Vec<(&Value, &Value, &Value)> = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| (&item["name"], &item["header_media"], &item["sendable"]))
        .collect();
    assert_eq!(
        sendable,
        [(&json!("fatura"), &json!("document"), &json!(true)), (&json!("loja"), &json!(null), &json!(false))]
    );

    let invoice_with = |media: Value| json!({ "template": { "name": "fatura", "language": "pt_BR", "parameters": ["dezembro"], "header_media_id": media } });
    let missing = app.post(&send_path, Some(admin), invoice_with(Value::Null)).await;
    assert_eq!((missing.status.as_u16(), missing.code()), (422, "template_header_media_mismatch"), "{}", missing.body);
    assert!(missing.body["errors"]["template.header_media_id"].is_array(), "{}", missing.body);
    let photo = uploaded(app, admin, "", "foto.png", "image/png", PNG).await;
    let wrong_kind = app.post(&send_path, Some(admin), invoice_with(photo["id"].clone())).await;
    assert_eq!(wrong_kind.code(), "template_header_media_mismatch", "an image for a document header");
    let unknown = app.post(&send_path, Some(admin), invoice_with(json!(uuid::Uuid::now_v7()))).await;
    assert_eq!(unknown.code(), "template_header_media_not_found", "{}", unknown.body);
    let (_, globex) = app.other_company("Globex", "admin@globex.test").await;
    let theirs = uploaded(app, &globex, "", "fatura.pdf", "application/pdf", PDF).await;
    let foreign = app.post(&send_path, Some(admin), invoice_with(theirs["id"].clone())).await;
    assert_eq!(foreign.code(), "template_header_media_not_found", "another company's upload");
    let shop = json!({ "template": { "name": "loja", "language": "pt_BR" } });
    let unsendable = app.post(&send_path, Some(admin), shop).await;
    assert_eq!((unsendable.status.as_u16(), unsendable.code()), (422, "template_header_not_supported"));

    let pdf = uploaded(app, admin, "", "fatura.pdf", "application/pdf", PDF).await;
    let queued = app.post(&send_path, Some(admin), invoice_with(pdf["id"].clone())).await;
    assert_eq!(queued.status, 202, "{}", queued.body);
    assert_eq!(queued.body["template"]["header_media"], "document");
    assert_eq!(queued.body["media"]["file_name"], "fatura.pdf", "the header's file is the message's");
    let payload = graph_received(sent, 1).await[0].clone();
    let media_id = payload["template"]["components"][0]["parameters"][0]["document"]["id"].as_str().unwrap();
    assert!(media_id.starts_with("media."), "uploaded to the number's /media first: {payload}");
    assert_eq!(
        payload["template"]["components"],
        json!([
            { "type": "header", "parameters": [{ "type": "document", "document": { "id": media_id, "filename": "fatura.pdf" } }] },
            { "type": "body", "parameters": [{ "type": "text", "text": "dezembro" }] },
        ])
    );
}

async fn a_sync_is_audited(backend: Backend) {
    let Graph { app, admin, channel, outage, .. } = connected(backend).await;
    assert_eq!(sync(&app, &admin, &channel).await.status, 200);
    let log = app.get("/api/v1/audit-log?limit=5", &admin).await.body;
    let entry = log["items"][0].clone();
    assert_eq!(
        (entry["action"].as_str(), entry["target_type"].as_str()),
        (Some("channel.templates_synced"), Some("channel"))
    );
    assert_eq!(entry["target_id"], json!(channel));
    assert_eq!(entry["summary"], json!({ "channel": "Oficial", "templates": 4, "approved": 2 }));
    let me = app.get("/api/v1/me", &admin).await.body;
    assert_eq!(
        (entry["actor"]["kind"].as_str(), &entry["actor"]["id"]),
        (Some("user"), &me["user"]["id"]),
        "who synced"
    );

    outage.store(true, std::sync::atomic::Ordering::SeqCst);
    assert_eq!(sync(&app, &admin, &channel).await.status, 503);
    outage.store(false, std::sync::atomic::Ordering::SeqCst);
    let after = app.get("/api/v1/audit-log?limit=5", &admin).await.body;
    assert_eq!(after["items"][0]["id"], entry["id"], "a sync that failed changed nothing and audits nothing");
}
