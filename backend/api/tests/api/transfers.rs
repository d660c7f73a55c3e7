//! Transfers with a note (issue 18.6) through the real application on both databases: the thread
//! shows who moved the conversation, to whom and the note left for them, as a `transfer` message
//! that the receiving attendant gets at once and that never reaches WhatsApp.

use crate::common;

use std::time::Duration;

use blocopro_domain::permissions::Permission;
use common::principals::user_holding;
use common::realtime::Socket;
use common::{Backend, TestApp};
use serde_json::json;

on_both_backends!(a_transfer_shows_in_the_thread_with_its_note);

async fn a_transfer_shows_in_the_thread_with_its_note(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let (channel, _) = app.paired_simulator(&admin).await;
    let inbound = json!({ "from": "+5511988887777", "sender_name": "Maria", "text": "Preciso da 2ª via do boleto" });
    app.post(&format!("/api/v1/simulator/channels/{channel}/inbound"), Some(&admin), inbound).await;
    let id = app.first_conversation(&admin).await["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/conversations/{id}");
    let finance = app.post("/api/v1/departments", Some(&admin), json!({ "name": "Financeiro" })).await.body;
    let bia_id = user_holding(&app, &admin, "bia@acme.test", &[Permission::MessagesSend]).await;
    let linked =
        app.put(&format!("/api/v1/users/{bia_id}/channels"), &admin, json!({ "channel_ids": [channel] })).await;
    assert_eq!(linked.status.as_u16(), 200, "{}", linked.body);
    let bia = app.token_for("bia@acme.test").await;
    let mut bias_tab = Socket::open(&app, &bia, None).await.unwrap();

    let note = "Já confirmei o CPF; falta só enviar o boleto.";
    let transfer = json!({ "action": "transfer", "user_id": bia_id, "department_id": finance["id"], "note": note });
    let moved = app.patch(&path, &admin, transfer).await;
    assert_eq!(moved.status.as_u16(), 200, "{}", moved.body);
    assert_eq!((&moved.body["assigned_to"], &moved.body["department_id"]), (&json!(bia_id), &finance["id"]));

    let event = bias_tab.next_of("message.created", |data| data["kind"] == "transfer").await;
    let shown = &event["data"];
    assert_eq!(
        (&shown["conversation_id"], &shown["text"], &shown["status"]),
        (&json!(id), &json!(note), &json!("sent"))
    );
    assert_eq!(shown["transfer"]["to_user"], json!({ "id": bia_id, "name": "Atendente" }), "{shown}");
    assert_eq!(shown["transfer"]["to_department"], json!({ "id": finance["id"], "name": "Financeiro" }), "{shown}");
    assert_eq!(shown["transfer"]["by"]["id"], app.get("/api/v1/me", &admin).await.body["user"]["id"], "{shown}");
    let thread = app.get(&format!("{path}/messages"), &bia).await.body;
    assert_eq!(thread["items"][0]["id"], shown["id"], "newest first, in the thread: {thread}");

    // A transfer without a note is shown too; the team's events never reach the phone.
    let back = app.patch(&path, &admin, json!({ "action": "transfer", "department_id": finance["id"] })).await;
    assert_eq!(back.status.as_u16(), 200, "{}", back.body);
    let thread = app.get(&format!("{path}/messages"), &admin).await.body;
    let kinds: Vec<&str> = thread["items"].as_array().unwrap().iter().map(|m| m["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["transfer", "transfer", "text"], "{thread}");
    assert_eq!(thread["items"][0]["text"], "");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let phone = app.get(&format!("/api/v1/simulator/channels/{channel}/received"), &admin).await.body;
    assert_eq!(phone["items"], json!([]), "{phone}");

    let transfer_id = shown["id"].as_str().unwrap();
    let reaction =
        app.post(&format!("{path}/messages/{transfer_id}/reactions"), Some(&admin), json!({ "emoji": "👍" })).await;
    assert_eq!((reaction.status.as_u16(), reaction.code()), (422, "note_not_on_whatsapp"), "{}", reaction.body);

    let closing = app.patch(&path, &admin, json!({ "action": "close", "note": "tchau" })).await;
    assert!(closing.body["errors"]["note"].is_array(), "only a transfer takes a note: {}", closing.body);
    let long = "x".repeat(5000);
    let too_long = app.patch(&path, &admin, json!({ "action": "transfer", "user_id": bia_id, "note": long })).await;
    assert!(too_long.body["errors"]["note"].is_array(), "{}", too_long.body);
}
