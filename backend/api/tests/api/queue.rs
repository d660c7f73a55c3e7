//! Greeting flows and the queue through the real application on both databases: the menu, the
//! contact's choice, round-robin among available attendants, the wallet owner first, and waiting
//! until someone comes online.

use crate::common;

use std::time::Duration;

use common::{Backend, TestApp};
use serde_json::{Value, json};

on_both_backends!(
    a_flow_greets_new_contacts_and_routes_their_choice,
    the_queue_takes_turns_and_waits_for_someone_online,
    the_wallet_owner_comes_first,
    flows_are_checked,
);

pub(crate) async fn inbound(app: &TestApp, token: &str, channel: &str, from: &str, text: &str) {
    let body = json!({ "from": from, "text": text });
    let reply = app.post(&format!("/api/v1/simulator/channels/{channel}/inbound"), Some(token), body).await;
    assert_eq!(reply.status, 202, "{}", reply.body);
}

pub(crate) async fn department(app: &TestApp, admin: &str, name: &str) -> String {
    let created = app.post("/api/v1/departments", Some(admin), json!({ "name": name })).await;
    assert_eq!(created.status, 201, "{}", created.body);
    created.body["id"].as_str().unwrap().to_owned()
}

/// An attendant of `department` on `channel`, signed in (so online); answers (id, token).
async fn attendant(app: &TestApp, admin: &str, email: &str, channel: &str, department: &str) -> (String, String) {
    let id = app.create_attendant(admin, email, json!({})).await;
    let path = format!("/api/v1/users/{id}");
    app.put(&format!("{path}/channels"), admin, json!({ "channel_ids": [channel] })).await;
    app.put(&format!("{path}/departments"), admin, json!({ "department_ids": [department] })).await;
    (id, app.token_for(email).await)
}

/// Polls the conversation of `phone` until `done` holds.
pub(crate) async fn conversation_until(
    app: &TestApp,
    admin: &str,
    phone: &str,
    done: impl Fn(&Value) -> bool,
) -> Value {
    let mut last = Value::Null;
    for _ in 0..250 {
        let listed = app.get("/api/v1/conversations", admin).await.body;
        if let Some(found) = listed["items"].as_array().unwrap().iter().find(|c| c["chat_id"] == phone) {
            if done(found) {
                return found.clone();
            }
            last = found.clone();
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the conversation of {phone} never got there: {last}");
}

/// A new contact who answers the menu's option 1; answers the conversation once assigned (or
/// routed, when `until_assigned` is false).
async fn answer_menu(app: &TestApp, admin: &str, channel: &str, phone: &str, until_assigned: bool) -> Value {
    inbound(app, admin, channel, phone, "Oi").await;
    conversation_until(app, admin, phone, |c| c["awaiting_choice"] == true).await;
    inbound(app, admin, channel, phone, "1").await;
    if until_assigned {
        conversation_until(app, admin, phone, |c| c["assigned_to"] != Value::Null).await
    } else {
        conversation_until(app, admin, phone, |c| c["awaiting_choice"] == false).await
    }
}

pub(crate) async fn outbound_texts(app: &TestApp, admin: &str, conversation: &Value) -> Vec<String> {
    let path = format!("/api/v1/conversations/{}/messages", conversation["id"].as_str().unwrap());
    let messages = app.get(&path, admin).await.body;
    let mut texts: Vec<String> = messages["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|message| message["direction"] == "outbound")
        .map(|message| message["text"].as_str().unwrap().to_owned())
        .collect();
    texts.reverse();
    texts
}

async fn a_flow_greets_new_contacts_and_routes_their_choice(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let (channel, _) = app.paired_simulator(&admin).await;
    let sales = department(&app, &admin, "Vendas").await;
    let support = department(&app, &admin, "Suporte").await;
    let (ana, _) = attendant(&app, &admin, "ana@acme.test", &channel, &sales).await;
    let flow = json!({
        "enabled": true,
        "greeting": "Olá! Bem-vindo à Acme.",
        "options": [
            { "number": 1, "label": "Vendas", "department_id": sales },
            { "number": 2, "label": "Suporte", "department_id": support },
        ],
    });
    let saved = app.put(&format!("/api/v1/channels/{channel}/flow"), &admin, flow).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert_eq!(app.get(&format!("/api/v1/channels/{channel}/flow"), &admin).await.body, saved.body);

    let phone = "+5511977770001";
    inbound(&app, &admin, &channel, phone, "Oi").await;
    let waiting = conversation_until(&app, &admin, phone, |c| c["awaiting_choice"] == true).await;
    assert_eq!((&waiting["status"], &waiting["assigned_to"]), (&json!("pending"), &Value::Null));
    let menu = "Olá! Bem-vindo à Acme.\n\n1 - Vendas\n2 - Suporte";
    assert_eq!(outbound_texts(&app, &admin, &waiting).await, [menu], "the menu, once");

    inbound(&app, &admin, &channel, phone, "quero comprar").await;
    for _ in 0..250 {
        if outbound_texts(&app, &admin, &waiting).await.len() == 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let texts = outbound_texts(&app, &admin, &waiting).await;
    assert!(texts.len() == 2 && texts[1].starts_with("Não entendi") && texts[1].ends_with("2 - Suporte"), "{texts:?}");

    inbound(&app, &admin, &channel, phone, "1").await;
    let routed = conversation_until(&app, &admin, phone, |c| c["assigned_to"] != Value::Null).await;
    assert_eq!(
        (&routed["department_id"], &routed["assigned_to"], &routed["status"]),
        (&json!(sales), &json!(ana), &json!("open")),
        "the choice's queue, and its online attendant"
    );
}

async fn the_queue_takes_turns_and_waits_for_someone_online(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let (channel, _) = app.paired_simulator(&admin).await;
    let sales = department(&app, &admin, "Vendas").await;
    let (ana, ana_token) = attendant(&app, &admin, "ana@acme.test", &channel, &sales).await;
    let (bia, bia_token) = attendant(&app, &admin, "bia@acme.test", &channel, &sales).await;
    app.put("/api/v1/me/presence", &bia_token, json!({ "status": "away" })).await;
    let flow = json!({ "enabled": true, "greeting": "Olá!", "options": [{ "number": 1, "label": "Vendas", "department_id": sales }] });
    app.put(&format!("/api/v1/channels/{channel}/flow"), &admin, flow).await;

    let mut assignees = Vec::new();
    for n in 0..2 {
        let routed = answer_menu(&app, &admin, &channel, &format!("+55119888800{n:02}"), true).await;
        assignees.push(routed["assigned_to"].clone());
    }
    assert_eq!(assignees, [json!(ana), json!(ana)], "away attendants get nothing");

    app.put("/api/v1/me/presence", &ana_token, json!({ "status": "offline" })).await;
    let phone = "+5511988880099";
    answer_menu(&app, &admin, &channel, phone, false).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let waiting = conversation_until(&app, &admin, phone, |_| true).await;
    assert_eq!((&waiting["assigned_to"], &waiting["status"]), (&Value::Null, &json!("pending")), "nobody online");
    app.put("/api/v1/me/presence", &bia_token, json!({ "status": "online" })).await;
    let taken = conversation_until(&app, &admin, phone, |c| c["assigned_to"] != Value::Null).await;
    assert_eq!(taken["assigned_to"], json!(bia), "assigned as soon as someone comes online");

    app.put("/api/v1/me/presence", &ana_token, json!({ "status": "online" })).await;
    let mut turns = Vec::new();
    for n in 0..2 {
        let routed = answer_menu(&app, &admin, &channel, &format!("+55119777700{n:02}"), true).await;
        turns.push(routed["assigned_to"].clone());
    }
    assert_eq!(turns, [json!(ana), json!(bia)], "round-robin: who waited longest since their last one first");
}

async fn the_wallet_owner_comes_first(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let (channel, _) = app.paired_simulator(&admin).await;
    let sales = department(&app, &admin, "Vendas").await;
    attendant(&app, &admin, "ana@acme.test", &channel, &sales).await;
    let (bia, _) = attendant(&app, &admin, "bia@acme.test", &channel, &sales).await;
    let phone = "+5511966660001";
    let contact =
        app.post("/api/v1/contacts", Some(&admin), json!({ "phone": phone, "name": "Cliente", "owner_id": bia })).await;
    assert_eq!(contact.status, 201, "{}", contact.body);

    inbound(&app, &admin, &channel, phone, "Oi, sou cliente da Bia").await;
    let assigned = conversation_until(&app, &admin, phone, |c| c["assigned_to"] != Value::Null).await;
    assert_eq!(
        (&assigned["assigned_to"], &assigned["contact_owner_id"], &assigned["status"]),
        (&json!(bia), &json!(bia), &json!("open")),
        "without a flow, the wallet owner takes the contact's conversation"
    );
    let stranger = "+5511966660002";
    inbound(&app, &admin, &channel, stranger, "Oi").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let unowned = conversation_until(&app, &admin, stranger, |_| true).await;
    assert_eq!(unowned["assigned_to"], Value::Null, "outside any department only the wallet owner is asked");
}

async fn flows_are_checked(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let channel = app.create_simulator(&admin, "Atendimento").await;
    let sales = department(&app, &admin, "Vendas").await;
    let path = format!("/api/v1/channels/{channel}/flow");
    let off = app.get(&path, &admin).await;
    assert_eq!((off.status.as_u16(), &off.body["enabled"], &off.body["options"]), (200, &json!(false), &json!([])));

    let unknown = uuid::Uuid::now_v7();
    let bad = json!({ "enabled": true, "greeting": "Oi", "options": [{ "number": 1, "label": "X", "department_id": unknown }] });
    let refused = app.put(&path, &admin, bad).await;
    assert_eq!((refused.status.as_u16(), refused.code()), (422, "validation_failed"));
    assert!(refused.body["errors"]["options"][0].as_str().unwrap().contains(&unknown.to_string()));
    let invalid = json!({ "enabled": true, "greeting": " ", "options": [] });
    let refused = app.put(&path, &admin, invalid).await;
    assert_eq!(refused.status.as_u16(), 422);
    assert!(refused.body["errors"]["greeting"].is_array() && refused.body["errors"]["options"].is_array());

    let flow = json!({ "enabled": true, "greeting": "Oi", "options": [{ "number": 1, "label": "Vendas", "department_id": sales }] });
    assert_eq!(app.put(&path, &admin, flow.clone()).await.status.as_u16(), 200);
    let in_use = app.delete(&format!("/api/v1/departments/{sales}"), &admin).await;
    assert_eq!((in_use.status.as_u16(), in_use.code()), (409, "department_in_flow"));

    let attendant = app.create_attendant(&admin, "ana@acme.test", json!({})).await;
    app.put(&format!("/api/v1/users/{attendant}/channels"), &admin, json!({ "channel_ids": [channel] })).await;
    let ana = app.token_for("ana@acme.test").await;
    assert_eq!(app.put(&path, &ana, flow.clone()).await.status.as_u16(), 403);
    let (_, beta) = app.other_company("Beta", "admin@beta.test").await;
    assert_eq!(app.get(&path, &beta).await.status.as_u16(), 404);
    assert_eq!(app.put(&path, &beta, flow).await.status.as_u16(), 404);
}
