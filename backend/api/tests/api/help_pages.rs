//! The help pages' promises, step by step through the API on both databases: what an attendant
//! registered as the help says can do, and where imported groups show.

use crate::common;

use std::time::Duration;

use common::realtime::Socket;
use common::{Backend, PASSWORD, TestApp};
use serde_json::{Value, json};

on_both_backends!(
    a_newly_registered_attendant_answers_on_her_linked_channels,
    a_reloaded_page_finds_its_user_online,
    turning_groups_off_reaches_open_screens,
);

/// The first conversation `token` sees, once one shows.
async fn first_conversation(app: &TestApp, token: &str) -> Value {
    for _ in 0..250 {
        let listed = app.get("/api/v1/conversations", token).await.body;
        if let Some(first) = listed["items"].get(0) {
            return first.clone();
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("no conversation showed");
}

/// "Cadastrar usuário" → "Incluir usuário" with the form's fields only, then "Canais e departamentos":
/// "Após o cadastro, o atendente poderá receber e responder mensagens nos canais vinculados."
async fn a_newly_registered_attendant_answers_on_her_linked_channels(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let (channel, _) = app.paired_simulator(&admin).await;
    let form = json!({
        "name": "Bia", "email": "bia@acme.test", "password": PASSWORD, "phone": null, "status": "active",
        "view_full_wallet": true, "is_admin": false, "agenda_access": false,
    });
    let registered = app.post("/api/v1/users", Some(&admin), form).await;
    assert_eq!(registered.status, 201, "{}", registered.body);
    let keys = registered.body["permissions"].as_array().unwrap();
    for key in ["conversations.assign", "messages.send", "conversations.transfer", "conversations.close"] {
        assert!(keys.contains(&json!(key)), "the Atendente profile holds {key}: {keys:?}");
    }
    assert!(!keys.contains(&json!("agenda.use")), "the form's \"Permitir agenda\" switch was off");
    let bia_id = registered.body["id"].as_str().unwrap().to_owned();
    let linked =
        app.put(&format!("/api/v1/users/{bia_id}/channels"), &admin, json!({ "channel_ids": [channel] })).await;
    assert_eq!(linked.status, 200, "{}", linked.body);
    let bia = app.token_for("bia@acme.test").await;

    let body = json!({ "from": "+5511988887777", "text": "Oi, preciso de ajuda" });
    app.post(&format!("/api/v1/simulator/channels/{channel}/inbound"), Some(&admin), body).await;
    let conversation = first_conversation(&app, &admin).await;
    let path = format!("/api/v1/conversations/{}", conversation["id"].as_str().unwrap());
    let given = app.patch(&path, &admin, json!({ "action": "assign", "user_id": bia_id })).await;
    assert_eq!(given.status, 200, "{}", given.body);

    assert_eq!(first_conversation(&app, &bia).await["id"], conversation["id"], "hers in Chat");
    let answered =
        app.post(&format!("{path}/messages"), Some(&bia), json!({ "text": "Olá! Como posso ajudar?" })).await;
    assert_eq!(answered.status.as_u16() / 100, 2, "{}", answered.body);
    let closed = app.patch(&path, &bia, json!({ "action": "close" })).await;
    assert_eq!((closed.status.as_u16(), &closed.body["status"]), (200, &json!("closed")), "{}", closed.body);
}

/// The header's presence after a reload: once the new page's socket says `ready`, the server has
/// her online, which is what the page reads (`GET /me`) when its socket opens.
async fn a_reloaded_page_finds_its_user_online(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    app.create_attendant(&admin, "bia@acme.test", json!({})).await;
    let bia = app.token_for("bia@acme.test").await;
    let before = Socket::open(&app, &bia, None).await.unwrap();
    before.close().await;
    for _ in 0..250 {
        if app.get("/api/v1/me", &bia).await.body["presence"] == "offline" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(app.get("/api/v1/me", &bia).await.body["presence"], "offline", "the old page is gone");

    let _reloaded = Socket::open(&app, &bia, None).await.unwrap();
    assert_eq!(app.get("/api/v1/me", &bia).await.body["presence"], "online", "as soon as the new page is ready");
}

/// "Grupos de WhatsApp" is a feature the platform turns on per company; when it is turned off, the
/// screens already open hear it (the menu and tabs follow without a reload).
async fn turning_groups_off_reaches_open_screens(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    app.set_groups_feature(true).await;
    let mut screen = Socket::open(&app, &admin, None).await.unwrap();
    app.set_groups_feature(false).await;
    let updated = screen.next_of("company.updated", |data| data["features"]["whatsapp_groups"] == false).await;
    assert_eq!(updated["data"]["id"], json!(app.company_id));
}
