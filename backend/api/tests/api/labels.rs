//! Labels ("Etiquetas") through the real application on both databases: the company's, managed
//! with `labels.manage` and audited; put on conversations by whoever may act on them, shown on
//! every conversation, filtered by, announced live; bad input answered with problem+json codes;
//! nothing of another company reachable.

use crate::common;

use std::time::Duration;

use blocopro_domain::permissions::Permission;
use common::principals::{api_token, user_holding};
use common::realtime::Socket;
use common::{Backend, TestApp};
use serde_json::{Value, json};

on_both_backends!(labels_are_managed_with_their_permission, conversations_carry_their_labels);

fn names(list: &Value) -> Vec<&str> {
    list["items"].as_array().unwrap().iter().map(|item| item["name"].as_str().unwrap()).collect()
}

async fn labels_are_managed_with_their_permission(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let created =
        app.post("/api/v1/labels", Some(&admin), json!({ "name": "  Cliente   VIP ", "colour": "Blue" })).await;
    assert_eq!(created.status.as_u16(), 201, "{}", created.body);
    assert_eq!((&created.body["name"], &created.body["colour"]), (&json!("Cliente VIP"), &json!("blue")));
    let vip = created.body["id"].as_str().unwrap().to_owned();
    let boleto = app.post("/api/v1/labels", Some(&admin), json!({ "name": "boleto", "colour": "#FF8800" })).await;
    assert_eq!((boleto.status.as_u16(), &boleto.body["colour"]), (201, &json!("#ff8800")), "{}", boleto.body);

    let taken = app.post("/api/v1/labels", Some(&admin), json!({ "name": "cliente vip", "colour": "red" })).await;
    assert_eq!((taken.status.as_u16(), taken.code()), (409, "label_name_taken"), "{}", taken.body);
    assert!(taken.body["errors"]["name"].is_array(), "{}", taken.body);
    let bad = app.post("/api/v1/labels", Some(&admin), json!({ "name": " ", "colour": "purple" })).await;
    assert_eq!((bad.status.as_u16(), bad.code()), (422, "validation_failed"), "{}", bad.body);
    assert!(bad.body["errors"]["name"].is_array() && bad.body["errors"]["colour"].is_array(), "{}", bad.body);
    let unknown_field = app.post("/api/v1/labels", Some(&admin), json!({ "name": "X", "colour": "red", "x": 1 })).await;
    assert_eq!(unknown_field.status.as_u16(), 422, "{}", unknown_field.body);

    let renamed =
        app.patch(&format!("/api/v1/labels/{vip}"), &admin, json!({ "name": "VIP", "colour": "grape" })).await;
    assert_eq!((renamed.status.as_u16(), &renamed.body["name"]), (200, &json!("VIP")), "{}", renamed.body);
    let clash = app.patch(&format!("/api/v1/labels/{vip}"), &admin, json!({ "name": "BOLETO", "colour": "red" })).await;
    assert_eq!((clash.status.as_u16(), clash.code()), (409, "label_name_taken"), "{}", clash.body);
    let missing = app
        .patch(&format!("/api/v1/labels/{}", uuid::Uuid::now_v7()), &admin, json!({ "name": "X", "colour": "red" }))
        .await;
    assert_eq!((missing.status.as_u16(), missing.code()), (404, "not_found"));

    // Everyone of the company lists them; only the permission manages them.
    user_holding(&app, &admin, "bia@acme.test", &[Permission::MessagesSend]).await;
    let bia = app.token_for("bia@acme.test").await;
    assert_eq!(names(&app.get("/api/v1/labels", &bia).await.body), vec!["boleto", "VIP"]);
    let refused = app.post("/api/v1/labels", Some(&bia), json!({ "name": "Meu", "colour": "red" })).await;
    assert_eq!((refused.status.as_u16(), refused.code()), (403, "forbidden"), "{}", refused.body);
    assert_eq!(app.delete(&format!("/api/v1/labels/{vip}"), &bia).await.status, 403);
    user_holding(&app, &admin, "gil@acme.test", &[Permission::LabelsManage]).await;
    let gil = app.token_for("gil@acme.test").await;
    let by_manager = app.post("/api/v1/labels", Some(&gil), json!({ "name": "Urgente", "colour": "red" })).await;
    assert_eq!(by_manager.status.as_u16(), 201, "{}", by_manager.body);
    let (_, token) = api_token(&app, &admin, &[Permission::UsersView]).await;
    assert_eq!(names(&app.get("/api/v1/labels", &token).await.body), vec!["boleto", "Urgente", "VIP"]);

    let (_, globex) = app.other_company("Globex", "admin@globex.test").await;
    assert!(names(&app.get("/api/v1/labels", &globex).await.body).is_empty());
    let same_name = app.post("/api/v1/labels", Some(&globex), json!({ "name": "VIP", "colour": "red" })).await;
    assert_eq!(same_name.status.as_u16(), 201, "names are per company: {}", same_name.body);
    let theirs = app.patch(&format!("/api/v1/labels/{vip}"), &globex, json!({ "name": "X", "colour": "red" })).await;
    assert_eq!(theirs.status.as_u16(), 404, "another company's label");
    assert_eq!(app.delete(&format!("/api/v1/labels/{vip}"), &globex).await.status, 404);

    assert_eq!(app.delete(&format!("/api/v1/labels/{vip}"), &admin).await.status, 204);
    assert_eq!(names(&app.get("/api/v1/labels", &admin).await.body), vec!["boleto", "Urgente"]);
    let log = app.get("/api/v1/audit-log?limit=50", &admin).await.body;
    let actions: Vec<&str> = log["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    for action in ["label.created", "label.updated", "label.deleted"] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
}

/// The first conversation the caller sees, once the simulator's message started it.
async fn first_conversation(app: &TestApp, token: &str) -> Value {
    for _ in 0..250 {
        let listed = app.get("/api/v1/conversations", token).await.body;
        if let Some(first) = listed["items"].as_array().and_then(|items| items.first().cloned()) {
            return first;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("no conversation");
}

fn ids(list: &Value) -> Vec<&str> {
    list["items"].as_array().unwrap().iter().map(|item| item["id"].as_str().unwrap()).collect()
}

fn label_names(conversation: &Value) -> Vec<&str> {
    conversation["labels"].as_array().unwrap().iter().map(|label| label["name"].as_str().unwrap()).collect()
}

async fn conversations_carry_their_labels(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let (channel, _) = app.paired_simulator(&admin).await;
    let inbound = json!({ "from": "+5511988887777", "text": "Oi" });
    let sent = app.post(&format!("/api/v1/simulator/channels/{channel}/inbound"), Some(&admin), inbound).await;
    assert_eq!(sent.status.as_u16(), 202, "{}", sent.body);
    let conversation = first_conversation(&app, &admin).await;
    assert_eq!(conversation["labels"], json!([]));
    let id = conversation["id"].as_str().unwrap().to_owned();
    let label = |name: &str, colour: &str| {
        let app = app.clone();
        let admin = admin.clone();
        let body = json!({ "name": name, "colour": colour });
        async move { app.post("/api/v1/labels", Some(&admin), body).await.body["id"].as_str().unwrap().to_owned() }
    };
    let (vip, boleto) = (label("VIP", "blue").await, label("Boleto", "#ff8800").await);

    let mut socket = Socket::open(&app, &admin, None).await.unwrap();
    let path = format!("/api/v1/conversations/{id}/labels");
    let set = app.put(&path, &admin, json!({ "label_ids": [vip, boleto, vip] })).await;
    assert_eq!(set.status.as_u16(), 200, "{}", set.body);
    assert_eq!(label_names(&set.body), vec!["Boleto", "VIP"], "by name, each once");
    assert_eq!(set.body["labels"][1], json!({ "id": vip, "name": "VIP", "colour": "blue" }));
    let event = socket.next_of("conversation.updated", |data| data["id"] == id.as_str()).await;
    assert_eq!(label_names(&event["data"]), vec!["Boleto", "VIP"], "other tabs follow");
    let read = app.get(&format!("/api/v1/conversations/{id}"), &admin).await.body;
    assert_eq!(label_names(&read), vec!["Boleto", "VIP"]);

    assert_eq!(ids(&app.get(&format!("/api/v1/conversations?label_id={vip}"), &admin).await.body), vec![id.as_str()]);
    let other = label("Outra", "gray").await;
    let none = app.get(&format!("/api/v1/conversations?label_id={other}"), &admin).await.body;
    assert!(ids(&none).is_empty());

    // A recoloured label shows on its conversations at once.
    let recoloured =
        app.patch(&format!("/api/v1/labels/{vip}"), &admin, json!({ "name": "VIP", "colour": "red" })).await;
    assert_eq!(recoloured.status.as_u16(), 200, "{}", recoloured.body);
    let event = socket.next_of("conversation.updated", |data| data["labels"][1]["colour"] == "red").await;
    assert_eq!(event["data"]["id"], id.as_str());

    let unknown = app.put(&path, &admin, json!({ "label_ids": [vip, uuid::Uuid::now_v7()] })).await;
    assert_eq!((unknown.status.as_u16(), unknown.code()), (422, "label_not_found"), "{}", unknown.body);
    assert!(unknown.body["errors"]["label_ids"].is_array(), "{}", unknown.body);
    let (_, globex) = app.other_company("Globex", "admin@globex.test").await;
    let theirs = app.post("/api/v1/labels", Some(&globex), json!({ "name": "Deles", "colour": "red" })).await;
    let theirs = theirs.body["id"].as_str().unwrap().to_owned();
    let foreign = app.put(&path, &admin, json!({ "label_ids": [theirs] })).await;
    assert_eq!((foreign.status.as_u16(), foreign.code()), (422, "label_not_found"), "{}", foreign.body);
    let not_theirs = app.put(&path, &globex, json!({ "label_ids": [theirs] })).await;
    assert_eq!(not_theirs.status.as_u16(), 404, "another company's conversation");
    assert!(ids(&app.get(&format!("/api/v1/conversations?label_id={vip}"), &globex).await.body).is_empty());
    let too_many: Vec<String> = (0..21).map(|_| uuid::Uuid::now_v7().to_string()).collect();
    let refused = app.put(&path, &admin, json!({ "label_ids": too_many })).await;
    assert_eq!((refused.status.as_u16(), refused.code()), (422, "validation_failed"), "{}", refused.body);
    assert_eq!(label_names(&app.get(&format!("/api/v1/conversations/{id}"), &admin).await.body), vec!["Boleto", "VIP"]);

    // Who may act on the conversation sets its labels; an integrator's token, not a person, may not.
    let (_, token) = api_token(&app, &admin, &[Permission::WalletViewAll]).await;
    assert_eq!(app.put(&path, &token, json!({ "label_ids": [] })).await.status.as_u16(), 403);
    let dora = app.create_attendant(&admin, "dora@acme.test", json!({})).await;
    let dora_token = app.token_for("dora@acme.test").await;
    let unseen = app.put(&path, &dora_token, json!({ "label_ids": [boleto] })).await;
    assert_eq!(unseen.status.as_u16(), 404, "a conversation Dora does not see: {}", unseen.body);
    let linked = app.put(&format!("/api/v1/users/{dora}/channels"), &admin, json!({ "channel_ids": [channel] })).await;
    assert_eq!(linked.status.as_u16(), 200, "{}", linked.body);
    let taken =
        app.patch(&format!("/api/v1/conversations/{id}"), &admin, json!({ "action": "assign", "user_id": dora })).await;
    assert_eq!(taken.status.as_u16(), 200, "{}", taken.body);
    let by_dora = app.put(&path, &dora_token, json!({ "label_ids": [boleto] })).await;
    assert_eq!((by_dora.status.as_u16(), label_names(&by_dora.body)), (200, vec!["Boleto"]), "{}", by_dora.body);

    // A deleted label is taken off its conversations.
    assert_eq!(app.delete(&format!("/api/v1/labels/{boleto}"), &admin).await.status, 204);
    let event = socket.next_of("conversation.updated", |data| data["labels"] == json!([])).await;
    assert_eq!(event["data"]["id"], id.as_str());
    assert_eq!(app.get(&format!("/api/v1/conversations/{id}"), &admin).await.body["labels"], json!([]));
}
