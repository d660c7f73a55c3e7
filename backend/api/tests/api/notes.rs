//! Private notes through the real application on both databases: written by an attendant in a
//! conversation they see, shown in the thread and the contact's history as `note` messages, seen
//! at once by another tab, and never sent to WhatsApp (the simulated phone receives only the
//! answer written after it).

use crate::common;

use std::time::Duration;

use blocopro_domain::permissions::Permission;
use common::principals::{api_token, user_holding};
use common::realtime::Socket;
use common::{Backend, TestApp};
use serde_json::{Value, json};

on_both_backends!(notes_stay_with_the_team);

const CUSTOMER: &str = "+5511988887777";

/// What the simulated customer's phone received from the channel, once it holds `count` items.
pub(crate) async fn received(app: &TestApp, admin: &str, channel: &str, count: usize) -> Vec<Value> {
    for _ in 0..250 {
        let items = app.get(&format!("/api/v1/simulator/channels/{channel}/received"), admin).await.body["items"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        if items.len() >= count {
            return items;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the phone never received {count} messages");
}

async fn notes_stay_with_the_team(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let (channel, _) = app.paired_simulator(&admin).await;
    let inbound = json!({ "from": CUSTOMER, "sender_name": "Maria", "text": "Qual o prazo de entrega?" });
    assert_eq!(
        app.post(&format!("/api/v1/simulator/channels/{channel}/inbound"), Some(&admin), inbound).await.status,
        202
    );
    let conversation = app.first_conversation(&admin).await;
    let id = conversation["id"].as_str().unwrap().to_owned();
    let bia_id =
        user_holding(&app, &admin, "bia@acme.test", &[Permission::MessagesSend, Permission::WalletViewAll]).await;
    let patched = app.patch(&format!("/api/v1/users/{bia_id}"), &admin, json!({ "visibility": "all" })).await;
    assert_eq!(patched.status.as_u16(), 200, "{}", patched.body);
    let linked =
        app.put(&format!("/api/v1/users/{bia_id}/channels"), &admin, json!({ "channel_ids": [channel] })).await;
    assert_eq!(linked.status.as_u16(), 200, "{}", linked.body);
    let bia = app.token_for("bia@acme.test").await;
    let mut other_tab = Socket::open(&app, &admin, None).await.unwrap();

    let notes = format!("/api/v1/conversations/{id}/notes");
    let written = app.post(&notes, Some(&bia), json!({ "text": "Cliente VIP: prazo de 2 dias." })).await;
    assert_eq!(written.status.as_u16(), 201, "{}", written.body);
    let note = written.body;
    assert_eq!(
        (&note["kind"], &note["text"], &note["sender"], &note["direction"], &note["status"]),
        (
            &json!("note"),
            &json!("Cliente VIP: prazo de 2 dias."),
            &json!("Atendente"),
            &json!("outbound"),
            &json!("sent")
        ),
        "{note}"
    );
    let event = other_tab.next_of("message.created", |data| data["kind"] == "note").await;
    assert_eq!((&event["data"]["id"], &event["data"]["conversation_id"]), (&note["id"], &json!(id)), "{event}");

    let thread = app.get(&format!("/api/v1/conversations/{id}/messages"), &admin).await.body;
    assert_eq!(thread["items"][0]["id"], note["id"], "newest first, in the thread: {thread}");
    let contact = conversation["contact_id"].as_str().unwrap();
    let history = app.get(&format!("/api/v1/contacts/{contact}/history"), &admin).await.body;
    assert!(history["items"].as_array().unwrap().iter().any(|item| item["id"] == note["id"]), "{history}");

    // The answer written after the note reaches the phone; the note never does.
    let answer =
        app.post(&format!("/api/v1/conversations/{id}/messages"), Some(&bia), json!({ "text": "Em 2 dias!" })).await;
    assert_eq!(answer.status.as_u16(), 202, "{}", answer.body);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let delivered = received(&app, &admin, &channel, 1).await;
    let texts: Vec<&str> = delivered.iter().map(|item| item["text"].as_str().unwrap_or_default()).collect();
    assert_eq!(texts, vec!["Em 2 dias!"], "{delivered:?}");

    let note_id = note["id"].as_str().unwrap();
    let reaction = app
        .post(&format!("/api/v1/conversations/{id}/messages/{note_id}/reactions"), Some(&bia), json!({ "emoji": "👍" }))
        .await;
    assert_eq!((reaction.status.as_u16(), reaction.code()), (422, "note_not_on_whatsapp"), "{}", reaction.body);
    let quoting = app
        .post(
            &format!("/api/v1/conversations/{id}/messages"),
            Some(&bia),
            json!({ "text": "Oi", "reply_to_message_id": note_id }),
        )
        .await;
    assert_eq!((quoting.status.as_u16(), quoting.code()), (422, "reply_target_not_found"), "{}", quoting.body);

    let blank = app.post(&notes, Some(&bia), json!({ "text": "   " })).await;
    assert_eq!((blank.status.as_u16(), blank.code()), (422, "validation_failed"), "{}", blank.body);
    let (_, token) = api_token(&app, &admin, Permission::ALL).await;
    assert_eq!(app.post(&notes, Some(&token), json!({ "text": "Oi" })).await.status, 403, "notes are a person's");
    let (_, globex) = app.other_company("Globex", "admin@globex.test").await;
    assert_eq!(app.post(&notes, Some(&globex), json!({ "text": "Oi" })).await.status, 404, "another company's");
}
