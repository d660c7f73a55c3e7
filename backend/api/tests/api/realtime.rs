//! The realtime WebSocket through the real application on both databases: events reach the users
//! who see them, a client resumes from its cursor, sockets make presence, access hours close them,
//! and on PostgreSQL events cross instances.

use crate::common;

use std::time::Duration;

use common::realtime::{Closed, Socket};
use common::{Backend, PASSWORD, TestApp};
use serde_json::{Value, json};

on_both_backends!(
    events_reach_the_users_who_see_them,
    a_client_resumes_from_its_cursor,
    tokens_are_checked_in_the_handshake_or_the_first_message,
    sockets_make_presence_and_access_hours_close_them,
    a_client_that_never_reads_is_dropped_while_others_get_everything,
);

mod postgres_only {
    #[actix_web::test]
    async fn events_cross_instances() {
        super::events_cross_instances().await
    }

    #[actix_web::test]
    async fn presence_counts_the_sockets_of_every_instance() {
        super::presence_counts_the_sockets_of_every_instance().await
    }
}

async fn inbound(app: &TestApp, token: &str, channel: &str, from: &str, text: &str) {
    let body = json!({ "from": from, "text": text });
    let reply = app.post(&format!("/api/v1/simulator/channels/{channel}/inbound"), Some(token), body).await;
    assert_eq!(reply.status, 202, "{}", reply.body);
}

/// An attendant with `own` visibility, linked to `channel`; answers (id, token).
async fn attendant(app: &TestApp, admin: &str, email: &str, channel: &str) -> (String, String) {
    let id = app.create_attendant(admin, email, json!({})).await;
    let linked = app.put(&format!("/api/v1/users/{id}/channels"), admin, json!({ "channel_ids": [channel] })).await;
    assert_eq!(linked.status, 200, "{}", linked.body);
    (id, app.token_for(email).await)
}

fn types(events: &[Value]) -> Vec<&str> {
    events.iter().map(|event| event["type"].as_str().unwrap()).collect()
}

async fn events_reach_the_users_who_see_them(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let (channel, _) = app.paired_simulator(&admin).await;
    let (dora_id, dora) = attendant(&app, &admin, "dora@acme.test", &channel).await;
    let (_, edu) = attendant(&app, &admin, "edu@acme.test", &channel).await;
    let mut admin_socket = Socket::open(&app, &admin, None).await.unwrap();
    let mut dora_socket = Socket::open(&app, &dora, None).await.unwrap();
    let mut edu_socket = Socket::open(&app, &edu, None).await.unwrap();

    inbound(&app, &admin, &channel, "+5511988887777", "Oi, preciso de ajuda").await;
    let created = admin_socket.next_of("message.created", |data| data["text"] == "Oi, preciso de ajuda").await;
    let conversation_id = created["data"]["conversation_id"].as_str().unwrap().to_owned();
    let updated = admin_socket.next_of("conversation.updated", |data| data["id"] == conversation_id.as_str()).await;
    assert!(updated["cursor"].as_i64() > Some(admin_socket.ready_cursor));
    assert_eq!(updated["data"]["status"], "pending");

    let assigned = app
        .patch(
            &format!("/api/v1/conversations/{conversation_id}"),
            &admin,
            json!({ "action": "assign", "user_id": dora_id }),
        )
        .await;
    assert_eq!(assigned.status, 200, "{}", assigned.body);
    let mine = dora_socket.next_of("conversation.updated", |data| data["assigned_to"] == dora_id.as_str()).await;
    assert_eq!(mine["data"]["id"], conversation_id.as_str());
    inbound(&app, &admin, &channel, "+5511988887777", "Ainda estou aqui").await;
    let message = dora_socket.next_of("message.created", |_| true).await;
    assert_eq!(
        (&message["data"]["text"], &message["data"]["conversation_id"]),
        (&json!("Ainda estou aqui"), &json!(conversation_id)),
        "the conversation's attendant hears only its own, and before anything older"
    );
    admin_socket.next_of("message.created", |data| data["text"] == "Ainda estou aqui").await;

    let heard = edu_socket.drain(Duration::from_millis(500)).await;
    assert!(
        heard.iter().all(|event| !event["type"].as_str().unwrap().starts_with("message")
            && !event["type"].as_str().unwrap().starts_with("conversation")),
        "an `own` attendant hears nothing of someone else's conversation: {:?}",
        types(&heard)
    );
}

async fn a_client_resumes_from_its_cursor(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let (channel, _) = app.paired_simulator(&admin).await;
    let mut socket = Socket::open(&app, &admin, None).await.unwrap();
    inbound(&app, &admin, &channel, "+5511900000001", "primeira").await;
    let first = socket.next_of("message.created", |_| true).await;
    let cursor = first["cursor"].as_i64().unwrap();
    socket.close().await;

    let mut watcher = Socket::open(&app, &admin, None).await.unwrap();
    inbound(&app, &admin, &channel, "+5511900000001", "segunda").await;
    inbound(&app, &admin, &channel, "+5511900000001", "terceira").await;
    watcher.next_of("message.created", |data| data["text"] == "terceira").await;

    let mut resumed = Socket::open(&app, &admin, Some(cursor)).await.unwrap();
    assert!(!resumed.resync);
    let missed = resumed.drain(Duration::from_millis(300)).await;
    let texts: Vec<&str> = missed
        .iter()
        .filter(|event| event["type"] == "message.created")
        .map(|event| event["data"]["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["segunda", "terceira"], "what it missed, in order, and nothing it had");
    let cursors: Vec<i64> = missed.iter().map(|event| event["cursor"].as_i64().unwrap()).collect();
    assert!(cursors.windows(2).all(|pair| pair[0] < pair[1]) && cursors[0] > cursor);

    let from_the_future = Socket::open(&app, &admin, Some(cursors[cursors.len() - 1] + 1_000)).await.unwrap();
    assert!(from_the_future.resync, "a cursor the server never gave asks the client to start afresh");
    let negative = app.get("/api/v1/realtime?since=-1", &admin).await;
    assert_eq!((negative.status.as_u16(), negative.code()), (422, "validation_failed"));
}

async fn tokens_are_checked_in_the_handshake_or_the_first_message(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    assert_eq!(Socket::open(&app, "not-a-token", None).await.err(), Some(401));
    let socket = Socket::open_then_authenticate(&app, &admin).await;
    assert!(socket.is_ok(), "a token sent as the first message also opens the socket");
    let refused = Socket::open_then_authenticate(&app, "blp_not-a-token").await.err().unwrap();
    assert_eq!(refused, Closed { code: 4001, reason: "invalid_token".into() });
    let not_a_socket = app.get("/api/v1/realtime", &admin).await;
    assert_eq!((not_a_socket.status.as_u16(), not_a_socket.code()), (400, "not_a_websocket"));
}

async fn presence_of(app: &TestApp, admin: &str, user_id: &str) -> String {
    let history = app.get(&format!("/api/v1/users/{user_id}/presence-history"), admin).await.body;
    let periods = history["periods"].as_array().unwrap();
    periods.last().map_or("offline".into(), |period| period["status"].as_str().unwrap().to_owned())
}

async fn sockets_make_presence_and_access_hours_close_them(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let (channel, _) = app.paired_simulator(&admin).await;
    let (dora_id, dora) = attendant(&app, &admin, "dora@acme.test", &channel).await;
    app.put("/api/v1/me/presence", &dora, json!({ "status": "offline" })).await;
    let mut admin_socket = Socket::open(&app, &admin, None).await.unwrap();

    let first = Socket::open(&app, &dora, None).await.unwrap();
    // The event of her choosing offline may reach the log after the administrator's socket opened.
    let online = admin_socket
        .next_of("presence.changed", |data| data["user_id"] == dora_id.as_str() && data["status"] == "online")
        .await;
    assert_eq!(online["data"]["status"], "online");
    let second = Socket::open(&app, &dora, None).await.unwrap();
    first.close().await;
    assert!(admin_socket.drain(Duration::from_millis(300)).await.is_empty(), "one tab closing keeps her online");
    assert_eq!(presence_of(&app, &admin, &dora_id).await, "online");
    second.close().await;
    let offline = admin_socket.next_of("presence.changed", |data| data["user_id"] == dora_id.as_str()).await;
    assert_eq!(offline["data"]["status"], "offline", "the last tab closing makes her offline");

    let mut third = Socket::open(&app, &dora, None).await.unwrap();
    // One minute a week that is never "now" for long: Sunday 03:00-03:01 in Pago Pago.
    let hours = json!({ "enabled": true, "timezone": "Pacific/Pago_Pago", "rules": [{ "weekday": "sunday", "start": "03:00", "end": "03:01" }] });
    let saved = app.put(&format!("/api/v1/users/{dora_id}/access-hours"), &admin, hours).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    let closed = loop {
        match third.next().await {
            Ok(_) => continue,
            Err(closed) => break closed,
        }
    };
    assert_eq!(closed, Closed { code: 4003, reason: "outside_access_hours".into() });
    assert_eq!(Socket::open(&app, &dora, None).await.err(), Some(403), "nor can she open another");
    let login = app.login("dora@acme.test", PASSWORD).await;
    assert_eq!(login.code(), "outside_access_hours");
}

/// Two servers on one PostgreSQL database: what one publishes reaches sockets of the other, in
/// the same cursor order.
async fn events_cross_instances() {
    let first = TestApp::spawn(Backend::Postgres).await;
    let second = first.another_instance().await;
    let admin = first.admin_token().await;
    let (channel, _) = first.paired_simulator(&admin).await;
    let mut on_first = Socket::open(&first, &admin, None).await.unwrap();
    let mut on_second = Socket::open(&second, &admin, None).await.unwrap();

    inbound(&first, &admin, &channel, "+5511955554444", "pelo primeiro").await;
    let seen_there = on_second.next_of("message.created", |data| data["text"] == "pelo primeiro").await;
    let seen_here = on_first.next_of("message.created", |data| data["text"] == "pelo primeiro").await;
    assert_eq!(seen_there, seen_here, "the same event with the same cursor");

    let attendant_id = second.create_attendant(&admin, "cross@acme.test", json!({})).await;
    second.token_for("cross@acme.test").await;
    let login = on_first.next_of("presence.changed", |data| data["user_id"] == attendant_id.as_str()).await;
    assert_eq!(login["data"]["status"], "online", "a login on the second server shows on the first");
}

/// A user with tabs on two servers stays online when the tabs of one close, and goes offline with
/// the last one.
async fn presence_counts_the_sockets_of_every_instance() {
    let first = TestApp::spawn(Backend::Postgres).await;
    let second = first.another_instance().await;
    let admin = first.admin_token().await;
    let (channel, _) = first.paired_simulator(&admin).await;
    let (ana_id, ana) = attendant(&first, &admin, "ana@acme.test", &channel).await;
    let on_first = Socket::open(&first, &ana, None).await.unwrap();
    let on_second = Socket::open(&second, &ana, None).await.unwrap();
    let another_on_first = Socket::open(&first, &ana, None).await.unwrap();
    assert_eq!(presence_of(&first, &admin, &ana_id).await, "online");

    on_first.close_and_wait().await;
    another_on_first.close_and_wait().await;
    // Counted out just after the close frame.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(presence_of(&second, &admin, &ana_id).await, "online", "her tab on the second server is open");
    on_second.close_and_wait().await;
    for _ in 0..250 {
        if presence_of(&first, &admin, &ana_id).await == "offline" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(presence_of(&first, &admin, &ana_id).await, "offline", "her last tab closed");
}

/// Bounded buffers: a socket that stops reading is closed by the server, which keeps serving the
/// others every event. The events far outweigh every buffer between the server and the slow
/// client (a 4 KiB receive buffer, at most 4 MiB of send buffer), so its sends must block; the
/// slow socket is read only once its user is shown offline, i.e. once the server let it go.
async fn a_client_that_never_reads_is_dropped_while_others_get_everything(backend: Backend) {
    const MESSAGES: usize = 3_000;
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let (channel, _) = app.paired_simulator(&admin).await;
    let slow_id = app.create_attendant(&admin, "lenta@acme.test", json!({ "is_admin": true })).await;
    let slow = Socket::open_unread(&app, &app.token_for("lenta@acme.test").await).await;
    let mut reader = Socket::open(&app, &admin, None).await.unwrap();
    let dropped = {
        let slow_id = slow_id.clone();
        move |event: &Value| {
            event["type"] == "presence.changed"
                && event["data"]["user_id"] == slow_id.as_str()
                && event["data"]["status"] == "offline"
        }
    };
    let reading = tokio::spawn(async move {
        let (mut messages, mut saw_drop) = (0, false);
        while messages < MESSAGES || !saw_drop {
            let event = reader.next().await.expect("the reading socket stays open");
            messages += usize::from(event["type"] == "message.created");
            saw_drop |= dropped(&event);
        }
        messages
    });
    let long_text = "x".repeat(4_000);
    for batch in (0..MESSAGES).collect::<Vec<_>>().chunks(20) {
        let sends = batch.iter().map(|n| {
            let text = format!("{n} {long_text}");
            let from = format!("+55119{:08}", n % 50);
            let (app, admin, channel) = (&app, &admin, &channel);
            async move { inbound(app, admin, channel, &from, &text).await }
        });
        futures_util::future::join_all(sends).await;
    }
    let delivered = reading.await.expect("the reading socket gets every message and sees the slow one go");
    assert_eq!(delivered, MESSAGES);
    let slow_received = slow.count_until_closed("message.created").await;
    assert!(slow_received < MESSAGES, "the slow socket was dropped after {slow_received} events");
}
