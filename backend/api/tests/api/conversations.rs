//! Chat's conversations through the real application on both databases: started by received
//! messages, seen by whom their visibility rules allow, and managed by the permitted actions.

use crate::common;

use std::time::Duration;

use blocopro_domain::channel::{ChannelMessage, DeliveryStatus, MessageDirection};
use blocopro_domain::message::MessageContent;
use common::{Backend, TestApp};
use serde_json::{Value, json};

on_both_backends!(
    received_messages_start_conversations_that_attendants_work,
    conversation_input_is_checked,
    messages_are_sent_once_through_the_outbox,
);

async fn inbound(app: &TestApp, token: &str, channel: &str, from: &str, text: &str, group: Option<&str>) {
    let body = json!({ "from": from, "text": text, "group_external_id": group });
    let reply = app.post(&format!("/api/v1/simulator/channels/{channel}/inbound"), Some(token), body).await;
    assert_eq!(reply.status, 202, "{}", reply.body);
}

async fn conversations(app: &TestApp, token: &str, query: &str) -> Vec<Value> {
    app.get(&format!("/api/v1/conversations{query}"), token).await.body["items"].as_array().cloned().unwrap_or_default()
}

/// Waits for `count` conversations that heard the messages sent to them (an imported group has
/// its conversation before).
async fn wait_for_conversations(app: &TestApp, token: &str, count: usize) -> Vec<Value> {
    for _ in 0..250 {
        let items = conversations(app, token, "").await;
        if items.iter().filter(|item| item["unread_count"].as_u64() > Some(0)).count() >= count {
            return items;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("never {count} conversations");
}

async fn received_messages_start_conversations_that_attendants_work(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    app.set_groups_feature(true).await;
    let (channel, _) = app.paired_simulator(&admin).await;
    let seeded = app
        .post(
            &format!("/api/v1/simulator/channels/{channel}/groups"),
            Some(&admin),
            json!({ "count": 1, "participants_per_group": 2 }),
        )
        .await;
    let group = seeded.body["groups"][0]["external_id"].as_str().unwrap().to_owned();
    let job = app.post(&format!("/api/v1/channels/{channel}/group-imports"), Some(&admin), json!({})).await.body;
    let job_path = format!("/api/v1/group-imports/{}", job["id"].as_str().unwrap());
    while app.get(&job_path, &admin).await.body["status"] == "running" {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    app.post(&format!("{job_path}/import"), Some(&admin), json!({ "external_ids": [group] })).await;

    inbound(&app, &admin, &channel, "+5511988887777", "Oi, preciso de ajuda", None).await;
    inbound(&app, &admin, &channel, "+5511988887777", "Alguém aí?", None).await;
    inbound(&app, &admin, &channel, "+5511977776666", "Bom dia", Some(&group)).await;
    let listed = wait_for_conversations(&app, &admin, 2).await;
    assert_eq!(listed[0]["kind"], "group", "newest activity first");
    assert_eq!(
        (&listed[0]["title"], &listed[1]["title"]),
        (&json!("Grupo 0001"), &json!("+5511988887777")),
        "subject; number of a nameless contact"
    );
    let direct = listed[1].clone();
    assert_eq!(
        (&direct["status"], &direct["unread_count"], &direct["last_message_preview"]),
        (&json!("pending"), &json!(2), &json!("Alguém aí?"))
    );
    let path = format!("/api/v1/conversations/{}", direct["id"].as_str().unwrap());
    let messages = app.get(&format!("{path}/messages"), &admin).await.body;
    assert_eq!(messages["items"][0]["text"], "Alguém aí?");
    let group_messages =
        app.get(&format!("/api/v1/conversations/{}/messages", listed[0]["id"].as_str().unwrap()), &admin).await.body;
    assert_eq!(group_messages["items"][0]["sender"], "+5511977776666", "group messages name their sender");

    let history =
        app.get(&format!("/api/v1/contacts/{}/history", direct["contact_id"].as_str().unwrap()), &admin).await;
    let texts: Vec<&str> =
        history.body["items"].as_array().unwrap().iter().map(|m| m["text"].as_str().unwrap()).collect();
    assert_eq!(texts, ["Alguém aí?", "Oi, preciso de ajuda"], "a contact's history, newest first");
    let writer =
        app.post("/api/v1/contacts", Some(&admin), json!({ "phone": "+5511977776666", "name": "Gil" })).await.body;
    let said = app.get(&format!("/api/v1/contacts/{}/history", writer["id"].as_str().unwrap()), &admin).await.body;
    assert_eq!(said["items"][0]["text"], "Bom dia", "what a contact wrote in groups is in their history");
    let dora_id = app.create_attendant(&admin, "dora@acme.test", json!({ "visibility": "own" })).await;
    let dora = app.token_for("dora@acme.test").await;
    assert!(conversations(&app, &dora, "").await.is_empty(), "not linked to the channel");
    app.put(&format!("/api/v1/users/{dora_id}/channels"), &admin, json!({ "channel_ids": [channel] })).await;
    let seen: Vec<Value> = conversations(&app, &dora, "").await;
    assert_eq!(seen.len(), 1, "own scope: only the group (no department) until she takes a conversation");
    assert_eq!(app.get(&path, &dora).await.status, 404);

    let assigned = app.patch(&path, &admin, json!({ "action": "assign", "user_id": dora_id })).await;
    assert_eq!(assigned.status, 200, "{}", assigned.body);
    assert_eq!((&assigned.body["status"], &assigned.body["assigned_to"]), (&json!("open"), &json!(dora_id)));
    assert_eq!(conversations(&app, &dora, "?kind=direct").await.len(), 1, "now hers");
    let read = app.patch(&path, &dora, json!({ "action": "mark_read" })).await;
    assert_eq!(read.body["unread_count"], 0);
    let refused = app.patch(&path, &dora, json!({ "action": "close" })).await;
    assert_eq!((refused.status.as_u16(), refused.code()), (403, "forbidden"), "closing needs conversations.close");

    let closed = app.patch(&path, &admin, json!({ "action": "close" })).await;
    assert_eq!(closed.body["status"], "closed");
    let twice = app.patch(&path, &admin, json!({ "action": "close" })).await;
    assert_eq!((twice.status.as_u16(), twice.code()), (409, "conversation_closed"));
    assert_eq!(conversations(&app, &admin, "?status=closed").await.len(), 1);
    inbound(&app, &admin, &channel, "+5511988887777", "Voltei", None).await;
    for _ in 0..250 {
        if app.get(&path, &admin).await.body["status"] == "pending" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(app.get(&path, &admin).await.body["status"], "pending", "a new message reopens it in the queue");

    let log = app.get("/api/v1/audit-log?limit=200", &admin).await.body;
    let actions: Vec<&str> = log["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert!(actions.contains(&"conversation.assigned") && actions.contains(&"conversation.closed"), "{actions:?}");
    assert!(!actions.iter().any(|action| action.contains("read")), "marking read is not audited");

    let (_, theirs) = app.other_company("Globex", "admin@globex.test").await;
    assert_eq!(app.get(&path, &theirs).await.status, 404);
    assert!(conversations(&app, &theirs, "").await.is_empty());
    assert_eq!(app.patch(&path, &theirs, json!({ "action": "close" })).await.status, 404);
}

async fn conversation_input_is_checked(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let (channel, _) = app.paired_simulator(&admin).await;
    inbound(&app, &admin, &channel, "+5511988887777", "Oi", None).await;
    let listed = wait_for_conversations(&app, &admin, 1).await;
    let path = format!("/api/v1/conversations/{}", listed[0]["id"].as_str().unwrap());

    let unknown_user = app.patch(&path, &admin, json!({ "action": "assign", "user_id": uuid::Uuid::now_v7() })).await;
    assert!(unknown_user.body["errors"]["user_id"].is_array(), "{}", unknown_user.body);
    let unknown_department =
        app.patch(&path, &admin, json!({ "action": "transfer", "department_id": uuid::Uuid::now_v7() })).await;
    assert!(unknown_department.body["errors"]["department_id"].is_array());
    let nowhere = app.patch(&path, &admin, json!({ "action": "transfer" })).await;
    assert_eq!(nowhere.status, 422);
    let stray = app.patch(&path, &admin, json!({ "action": "close", "user_id": uuid::Uuid::now_v7() })).await;
    assert_eq!(stray.status, 422);
    assert_eq!(app.patch(&path, &admin, json!({ "action": "fly" })).await.status, 422);
    assert_eq!(app.get("/api/v1/conversations?status=lost", &admin).await.status, 422);
    let reopen = app.patch(&path, &admin, json!({ "action": "reopen" })).await;
    assert_eq!(reopen.code(), "conversation_not_closed");

    let sales = app.post("/api/v1/departments", Some(&admin), json!({ "name": "Vendas" })).await.body;
    let queued = app.patch(&path, &admin, json!({ "action": "transfer", "department_id": sales["id"] })).await.body;
    assert_eq!((&queued["status"], &queued["department_id"]), (&json!("pending"), &sales["id"]));
    let filtered = conversations(&app, &admin, &format!("?department_id={}", sales["id"].as_str().unwrap())).await;
    assert_eq!(filtered.len(), 1);
}

async fn send(app: &TestApp, token: &str, path: &str, key: Option<&str>, text: &str) -> common::Reply {
    let mut request =
        app.client.post(format!("{}{path}/messages", app.base)).bearer_auth(token).json(&json!({ "text": text }));
    if let Some(key) = key {
        request = request.header("Idempotency-Key", key);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    common::Reply { status, body: response.json().await.unwrap_or(Value::Null) }
}

/// Waits until WhatsApp took the message (sent, or already delivered or read).
async fn wait_until_sent(app: &TestApp, token: &str, path: &str, message_id: &str) -> Value {
    let taken = |m: &Value| ["sent", "delivered", "read"].contains(&m["status"].as_str().unwrap_or_default());
    for _ in 0..300 {
        let messages = app.get(&format!("{path}/messages"), token).await.body;
        if let Some(found) = messages["items"].as_array().unwrap().iter().find(|m| m["id"] == message_id && taken(m)) {
            return found.clone();
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let messages = app.get(&format!("{path}/messages"), token).await.body;
    panic!("message {message_id} was never sent: {messages}");
}

async fn messages_are_sent_once_through_the_outbox(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let (channel, number) = app.paired_simulator(&admin).await;
    inbound(&app, &admin, &channel, "+5511988887777", "Oi", None).await;
    let conversation = wait_for_conversations(&app, &admin, 1).await.remove(0);
    let path = format!("/api/v1/conversations/{}", conversation["id"].as_str().unwrap());

    let queued = send(&app, &admin, &path, Some("msg-1"), "Olá! Como posso ajudar?").await;
    assert_eq!(queued.status, 202, "{}", queued.body);
    assert_eq!((&queued.body["status"], &queued.body["direction"]), (&json!("queued"), &json!("outbound")));
    let id = queued.body["id"].as_str().unwrap().to_owned();
    let sent = wait_until_sent(&app, &admin, &path, &id).await;
    assert!(!sent["external_id"].as_str().unwrap().starts_with("local:"), "WhatsApp's id replaces the placeholder");
    assert_eq!(sent["sender"], number.as_str());
    let retried = send(&app, &admin, &path, Some("msg-1"), "Olá! Como posso ajudar?").await;
    assert_eq!(
        (retried.status.as_u16(), retried.body["id"].as_str()),
        (202, Some(id.as_str())),
        "a retry finds the message"
    );
    tokio::time::sleep(Duration::from_millis(200)).await;
    let messages = app.get(&format!("{path}/messages"), &admin).await.body;
    let outbound = messages["items"].as_array().unwrap().iter().filter(|m| m["direction"] == "outbound").count();
    assert_eq!(outbound, 1, "sent once");
    let activity = app.get(&path, &admin).await.body;
    assert_eq!(activity["last_message_preview"], "Olá! Como posso ajudar?");

    // A message queued before a restart (stored, never sent) goes out without anyone asking.
    let channel_id = channel.parse().unwrap();
    let left = uuid::Uuid::now_v7();
    let now = blocopro_domain::Timestamp::now();
    let message = ChannelMessage {
        id: left,
        channel_id,
        external_id: format!("local:{left}"),
        direction: MessageDirection::Outbound,
        chat_id: "+5511988887777".into(),
        sender: number.clone(),
        content: MessageContent::text("Deixada na fila"),
        reactions: Vec::new(),
        status: DeliveryStatus::Queued,
        error: None,
        sent_at: now,
        created_at: now,
    };
    app.store.enqueue_outbound(app.company_id, &message, None, None).await.unwrap();
    wait_until_sent(&app, &admin, &path, &left.to_string()).await;

    let bad_key = send(&app, &admin, &path, Some(&"k".repeat(201)), "Oi").await;
    assert!(bad_key.body["errors"]["Idempotency-Key"].is_array(), "{}", bad_key.body);
    let empty = send(&app, &admin, &path, None, "  ").await;
    assert!(empty.body["errors"]["text"].is_array());
    app.create_attendant(&admin, "leo@acme.test", json!({ "permissions": [] })).await;
    let leo = app.token_for("leo@acme.test").await;
    assert_eq!(send(&app, &leo, &path, None, "Oi").await.status, 403, "writing needs messages.send");

    app.patch(&path, &admin, json!({ "action": "close" })).await;
    let closed = send(&app, &admin, &path, None, "Oi").await;
    assert_eq!(closed.body["code"], "conversation_closed");
    app.patch(&path, &admin, json!({ "action": "reopen" })).await;
    app.post(&format!("/api/v1/channels/{channel}/disconnect"), Some(&admin), json!({ "logout": false })).await;
    let offline = send(&app, &admin, &path, None, "Oi").await;
    assert_eq!((offline.status.as_u16(), offline.body["code"].as_str()), (409, Some("channel_not_connected")));
}
