//! Business hours through the real application on both databases: the hours a channel keeps, the
//! automatic answer a customer writing while it is closed gets once per conversation (again after
//! the conversation is closed), nothing while it is open, and the checks on what is saved.

use crate::common;
use crate::notes::received;
use crate::queue::{conversation_until, department, inbound, outbound_texts};

use std::time::Duration;

use common::{Backend, TestApp};
use serde_json::{Value, json};

on_both_backends!(
    outside_business_hours_a_customer_is_answered_once_per_conversation,
    inside_business_hours_nothing_is_answered,
    business_hours_are_checked_and_kept_per_channel,
);

const AWAY: &str = "Estamos fora do horário de atendimento. Respondemos amanhã a partir das 9h.";
const WEEK: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/// Hours under which the channel is closed at any moment: on, with no interval.
fn always_closed() -> Value {
    json!({ "enabled": true, "rules": [], "holidays": [], "away_message": AWAY })
}

fn always_open() -> Value {
    let rules: Vec<Value> =
        WEEK.iter().map(|day| json!({ "weekday": day, "start": "00:00", "end": "24:00" })).collect();
    json!({ "enabled": true, "rules": rules, "away_message": AWAY })
}

fn path(channel: &str) -> String {
    format!("/api/v1/channels/{channel}/business-hours")
}

/// Polls the conversation's outbound texts until there are `count`.
async fn outbound_until(app: &TestApp, admin: &str, conversation: &Value, count: usize) -> Vec<String> {
    for _ in 0..250 {
        let texts = outbound_texts(app, admin, conversation).await;
        if texts.len() >= count {
            return texts;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the conversation never had {count} outbound messages");
}

async fn outside_business_hours_a_customer_is_answered_once_per_conversation(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let (channel, _) = app.paired_simulator(&admin).await;
    let saved = app.put(&path(&channel), &admin, always_closed()).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert_eq!((&saved.body["open_now"], &saved.body["changes_at"]), (&json!(false), &Value::Null));

    let phone = "+5511977770001";
    inbound(&app, &admin, &channel, phone, "Oi, vocês estão abertos?").await;
    let conversation = conversation_until(&app, &admin, phone, |_| true).await;
    assert_eq!(outbound_until(&app, &admin, &conversation, 1).await, [AWAY]);
    let delivered = received(&app, &admin, &channel, 1).await;
    assert_eq!(delivered[0]["text"], AWAY, "sent through the outbox to the customer's phone");

    // A second message in the same conversation gets nothing more; closing it starts a new visit,
    // whose first message is answered again. Folds run one after another, so once the third
    // message is answered the second one's turn is long over.
    inbound(&app, &admin, &channel, phone, "Alguém aí?").await;
    conversation_until(&app, &admin, phone, |c| c["unread_count"] == 2).await;
    let id = conversation["id"].as_str().unwrap();
    let closed = app.patch(&format!("/api/v1/conversations/{id}"), &admin, json!({ "action": "close" })).await;
    assert_eq!(closed.status, 200, "{}", closed.body);
    inbound(&app, &admin, &channel, phone, "Bom dia! Voltei.").await;
    assert_eq!(outbound_until(&app, &admin, &conversation, 2).await, [AWAY, AWAY]);
    assert_eq!(received(&app, &admin, &channel, 2).await.len(), 2, "once per visit, never twice");

    // Another customer's conversation has its own.
    let other = "+5511977770002";
    inbound(&app, &admin, &channel, other, "Oi").await;
    let second = conversation_until(&app, &admin, other, |_| true).await;
    assert_eq!(outbound_until(&app, &admin, &second, 1).await, [AWAY], "each conversation has its own");
}

async fn inside_business_hours_nothing_is_answered(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let (channel, _) = app.paired_simulator(&admin).await;
    let saved = app.put(&path(&channel), &admin, always_open()).await;
    assert_eq!((saved.status.as_u16(), &saved.body["open_now"]), (200, &json!(true)), "{}", saved.body);
    // The greeting flow's menu goes after the away answer would: once it is there, nothing came before.
    let sales = department(&app, &admin, "Vendas").await;
    let flow = json!({ "enabled": true, "greeting": "Olá!", "options": [{ "number": 1, "label": "Vendas", "department_id": sales }] });
    assert_eq!(app.put(&format!("/api/v1/channels/{channel}/flow"), &admin, flow).await.status, 200);

    let phone = "+5511977770003";
    inbound(&app, &admin, &channel, phone, "Oi").await;
    let conversation = conversation_until(&app, &admin, phone, |c| c["awaiting_choice"] == true).await;
    assert_eq!(outbound_until(&app, &admin, &conversation, 1).await, ["Olá!\n\n1 - Vendas"], "only the menu");

    // Closed, the answer comes first and then the menu.
    app.put(&path(&channel), &admin, always_closed()).await;
    let night = "+5511977770004";
    inbound(&app, &admin, &channel, night, "Oi").await;
    let conversation = conversation_until(&app, &admin, night, |c| c["awaiting_choice"] == true).await;
    assert_eq!(outbound_until(&app, &admin, &conversation, 2).await, [AWAY, "Olá!\n\n1 - Vendas"]);
}

async fn business_hours_are_checked_and_kept_per_channel(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let (channel, _) = app.paired_simulator(&admin).await;
    let fresh = app.get(&path(&channel), &admin).await;
    assert_eq!(fresh.status, 200, "{}", fresh.body);
    assert_eq!((&fresh.body["enabled"], &fresh.body["open_now"]), (&json!(false), &json!(true)));
    assert_eq!(fresh.body["timezone"], "America/Sao_Paulo", "read in the company's zone");
    assert!(fresh.body["away_message"].as_str().unwrap().starts_with("Olá!"), "a default answer is ready");

    let hours = json!({
        "enabled": true,
        "rules": [{ "weekday": "monday", "start": "09:00", "end": "18:00" }],
        "holidays": ["2026-12-25", "2026-01-01", "2026-12-25"],
        "away_message": "  Voltamos segunda às 9h.  ",
    });
    let saved = app.put(&path(&channel), &admin, hours).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert_eq!(saved.body["holidays"], json!(["2026-01-01", "2026-12-25"]), "in order, once each");
    assert_eq!(saved.body["away_message"], "Voltamos segunda às 9h.");
    assert!(saved.body["changes_at"].is_string(), "when it next opens or closes");
    assert_eq!(app.get(&path(&channel), &admin).await.body, saved.body);

    let blank = json!({ "enabled": true, "rules": [], "away_message": "   " });
    let refused = app.put(&path(&channel), &admin, blank).await;
    assert_eq!((refused.status.as_u16(), refused.code()), (422, "validation_failed"), "{}", refused.body);
    assert!(refused.body["errors"]["away_message"].is_array(), "{}", refused.body);
    let backwards = json!({ "enabled": true, "rules": [{ "weekday": "friday", "start": "18:00", "end": "09:00" }], "away_message": AWAY });
    let refused = app.put(&path(&channel), &admin, backwards).await;
    assert!(refused.body["errors"]["rules[0].end"].is_array(), "{}", refused.body);
    let bad_time = json!({ "enabled": true, "rules": [{ "weekday": "friday", "start": "9h", "end": "18:00" }], "away_message": AWAY });
    assert_eq!(app.put(&path(&channel), &admin, bad_time).await.status, 422);
    assert_eq!(
        app.put(&path(&channel), &admin, json!({ "enabled": false })).await.status,
        422,
        "the answer is required"
    );

    let linked = app.create_attendant(&admin, "ana@acme.test", json!({})).await;
    app.put(&format!("/api/v1/users/{linked}/channels"), &admin, json!({ "channel_ids": [channel] })).await;
    let ana = app.token_for("ana@acme.test").await;
    assert_eq!(app.get(&path(&channel), &ana).await.status, 200, "an attendant of the channel reads them");
    let refused = app.put(&path(&channel), &ana, always_closed()).await;
    assert_eq!(refused.status, 403, "{}", refused.body);

    let (_, globex) = app.other_company("Globex", "admin@globex.test").await;
    assert_eq!(app.get(&path(&channel), &globex).await.status, 404, "another company's channel");
    assert_eq!(app.put(&path(&channel), &globex, always_closed()).await.status, 404);
    assert_eq!(app.get(&path(&channel), &admin).await.body, saved.body, "unchanged by the refusals");
}
