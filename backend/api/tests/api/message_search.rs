//! Searching messages through the real application on both databases: accents and case fold away,
//! each result names its conversation with a marked snippet, an attendant finds only what their
//! conversations hold, a short query is refused, and a thread opens around a result.

use crate::common;

use std::time::Duration;

use blocopro_domain::user::Visibility;
use common::principals::user_holding;
use common::{Backend, TestApp};
use serde_json::{Value, json};

on_both_backends!(messages_are_found_across_the_conversations_one_sees);

/// The conversations, once `count` are folded from the received messages.
async fn conversations(app: &TestApp, token: &str, count: usize) -> Vec<Value> {
    for _ in 0..250 {
        let items = app.get("/api/v1/conversations", token).await.body["items"].as_array().cloned().unwrap_or_default();
        if items.len() >= count {
            return items;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("fewer than {count} conversations");
}

fn search(q: &str) -> String {
    format!("/api/v1/messages/search?q={}", urlencoding(q))
}

fn urlencoding(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (byte as char).to_string(),
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

/// The snippet of a result, its matches in brackets.
fn marked(found: &Value) -> String {
    found["snippet"]
        .as_array()
        .unwrap()
        .iter()
        .map(|part| {
            let text = part["text"].as_str().unwrap();
            if part["highlighted"] == json!(true) { format!("[{text}]") } else { text.to_owned() }
        })
        .collect()
}

async fn messages_are_found_across_the_conversations_one_sees(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let (channel, _) = app.paired_simulator(&admin).await;
    let inbound = format!("/api/v1/simulator/channels/{channel}/inbound");
    for (from, text) in
        [("+5511988880001", "Olá, e a minha AÇÃO judicial?"), ("+5511988880002", "Bom dia, aqui é o João")]
    {
        let sent = app.post(&inbound, Some(&admin), json!({ "from": from, "text": text })).await;
        assert_eq!(sent.status.as_u16(), 202, "{}", sent.body);
    }
    let listed = conversations(&app, &admin, 2).await;
    let of = |number: &str| {
        listed.iter().find(|c| c["chat_id"] == json!(number)).unwrap()["id"].as_str().unwrap().to_owned()
    };
    let (first, second) = (of("+5511988880001"), of("+5511988880002"));

    let found = app.get(&search("acao"), &admin).await;
    assert_eq!(found.status.as_u16(), 200, "{}", found.body);
    let items = found.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{}", found.body);
    assert_eq!(marked(&items[0]), "Olá, e a minha [AÇÃO] judicial?");
    assert_eq!(
        (&items[0]["conversation_id"], &items[0]["title"], &items[0]["direction"], &items[0]["kind"]),
        (&json!(first), &json!("+5511988880001"), &json!("inbound"), &json!("text"))
    );
    let joao = app.get(&search("JOAO"), &admin).await.body;
    assert_eq!(marked(&joao["items"][0]), "Bom dia, aqui é o [João]", "{joao}");

    // An attendant who sees only what is assigned to her.
    let bia = user_holding(&app, &admin, "bia@acme.test", &[]).await;
    let patched = app.patch(&format!("/api/v1/users/{bia}"), &admin, json!({ "visibility": Visibility::Own })).await;
    assert_eq!(patched.status.as_u16(), 200, "{}", patched.body);
    let linked = app.put(&format!("/api/v1/users/{bia}/channels"), &admin, json!({ "channel_ids": [channel] })).await;
    assert_eq!(linked.status.as_u16(), 200, "{}", linked.body);
    let assigned = app
        .patch(&format!("/api/v1/conversations/{first}"), &admin, json!({ "action": "transfer", "user_id": bia }))
        .await;
    assert_eq!(assigned.status.as_u16(), 200, "{}", assigned.body);
    let bia = app.token_for("bia@acme.test").await;
    assert_eq!(app.get(&search("ação"), &bia).await.body["items"].as_array().unwrap().len(), 1);
    let hidden = app.get(&search("joao"), &bia).await;
    assert_eq!(hidden.body["items"], json!([]), "not her conversation: {}", hidden.body);

    for short in ["a", "%20b%20", "%21%21"] {
        let refused = app.get(&format!("/api/v1/messages/search?q={short}"), &admin).await;
        assert_eq!((refused.status.as_u16(), refused.code()), (422, "validation_failed"), "{short}: {}", refused.body);
        assert!(refused.body["errors"]["q"].is_array(), "{}", refused.body);
    }
    assert_eq!(app.get("/api/v1/messages/search", &admin).await.status.as_u16(), 422, "q is required");

    // The thread opens at the result.
    let message_id = items[0]["message_id"].as_str().unwrap();
    let around = app.get(&format!("/api/v1/conversations/{first}/messages?around={message_id}&limit=10"), &admin).await;
    assert_eq!(around.status.as_u16(), 200, "{}", around.body);
    assert!(around.body["items"].as_array().unwrap().iter().any(|m| m["id"] == json!(message_id)), "{}", around.body);
    let elsewhere = app.get(&format!("/api/v1/conversations/{second}/messages?around={message_id}"), &admin).await;
    assert_eq!(elsewhere.status.as_u16(), 404, "another conversation's message: {}", elsewhere.body);
    let both = app
        .get(&format!("/api/v1/conversations/{first}/messages?around={message_id}&cursor={message_id}"), &admin)
        .await;
    assert_eq!(both.status.as_u16(), 422, "{}", both.body);
}
