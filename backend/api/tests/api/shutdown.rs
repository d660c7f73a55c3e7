//! Graceful shutdown (SIGTERM): realtime sockets are sent away with 1001, requests under way are
//! answered, nothing new is accepted; on PostgreSQL a rolling restart of two instances loses no
//! message and no realtime event.

use crate::common;

use std::collections::{BTreeSet, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use blocopro_domain::realtime::Audience;
use common::graph_mock::{VALID_TOKEN, text_message, try_deliver};
use common::realtime::{Closed, Socket};
use common::{Backend, TestApp};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::cloud_api::cloud_channel;

on_both_backends!(a_stopping_server_sends_sockets_away_and_answers_requests_under_way);

mod postgres_only {
    #[actix_web::test]
    async fn a_rolling_restart_loses_no_message_and_no_event() {
        super::a_rolling_restart_loses_no_message_and_no_event().await
    }
}

fn going_away() -> Closed {
    Closed { code: 1001, reason: "shutting_down".into() }
}

async fn a_stopping_server_sends_sockets_away_and_answers_requests_under_way(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let mut socket = Socket::open(&app, &admin, None).await.unwrap();
    // A request under way: half its body is sent when the stop begins.
    let body = json!({ "name": "Urgente", "colour": "red" }).to_string();
    let head = format!(
        "POST /api/v1/labels HTTP/1.1\r\nHost: blocopro.test\r\nAuthorization: Bearer {admin}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let mut request = tokio::net::TcpStream::connect(app.base.trim_start_matches("http://")).await.unwrap();
    request.write_all(head.as_bytes()).await.unwrap();
    request.write_all(&body.as_bytes()[..10]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;

    let started = Instant::now();
    let stopping = actix_web::rt::spawn({
        let app = app.clone();
        async move { app.stop_gracefully().await }
    });
    assert_eq!(socket.next().await, Err(going_away()));
    assert!(started.elapsed() < Duration::from_secs(1), "sockets are sent away at once");
    drop(socket);

    request.write_all(&body.as_bytes()[10..]).await.unwrap();
    let mut answer = String::new();
    request.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 201"), "the request under way is answered: {answer}");
    stopping.await.unwrap();
    let took = started.elapsed();
    assert!(took < blocopro_api::SHUTDOWN_TIMEOUT, "stopped within the bound, in {took:?}");
    assert!(app.client.get(format!("{}/healthz", app.base)).send().await.is_err(), "nothing is accepted any more");

    let restarted = app.restarted().await;
    let labels = restarted.get("/api/v1/labels", &admin).await;
    assert_eq!(labels.body["items"][0]["name"], "Urgente", "{}", labels.body);
}

/// Two instances behind a load balancer, Meta delivering messages all along: the first is stopped
/// (SIGTERM) and started again. Its realtime client is sent away, reconnects to the second and
/// resumes from its cursor; every message is stored once and every event reaches the client once,
/// in cursor order, with no gap.
async fn a_rolling_restart_loses_no_message_and_no_event() {
    const MESSAGES: usize = 40;
    let first = TestApp::spawn(Backend::Postgres).await;
    let second = first.another_instance().await;
    let admin = first.admin_token().await;
    let channel = cloud_channel(&first, &admin, VALID_TOKEN).await;
    let mut socket = Socket::open(&first, &admin, None).await.unwrap();
    let since = socket.ready_cursor;

    // Meta delivers each message to one instance, and again (to the other) until one takes it.
    let instances = Arc::new(Mutex::new([first.clone(), second.clone()]));
    let meta = actix_web::rt::spawn({
        let (instances, channel) = (instances.clone(), channel.clone());
        async move {
            for n in 0..MESSAGES {
                let payload = text_message(&format!("wamid.ROLL{n}"), &format!("Mensagem {n}"));
                for attempt in n.. {
                    let instance = instances.lock().unwrap()[attempt % 2].clone();
                    match try_deliver(&instance, &channel, &payload).await {
                        Ok(reply) if reply.status == 200 => break,
                        _ => tokio::time::sleep(Duration::from_millis(20)).await,
                    }
                }
                tokio::time::sleep(Duration::from_millis(25)).await;
            }
        }
    });

    let mut seen = Vec::new();
    while announced(&seen).len() < MESSAGES / 4 {
        seen.push(socket.next().await.unwrap());
    }
    let stopping = actix_web::rt::spawn({
        let first = first.clone();
        async move { first.stop_gracefully().await }
    });
    loop {
        match socket.next().await {
            Ok(event) => seen.push(event),
            Err(closed) => break assert_eq!(closed, going_away()),
        }
    }
    let last = seen.last().map_or(since, cursor);
    let mut socket = Socket::open(&second, &admin, Some(last)).await.unwrap();
    assert!(!socket.resync, "the client resumes where it was");
    stopping.await.unwrap();
    let restarted = second.another_instance().await;
    instances.lock().unwrap()[0] = restarted.clone();
    meta.await.unwrap();
    while announced(&seen).len() < MESSAGES {
        seen.push(socket.next().await.unwrap());
    }
    seen.extend(socket.drain(Duration::from_secs(1)).await);

    let stored = restarted.channel_messages(&admin, &channel).await;
    let external_ids: HashSet<&str> = stored.iter().map(|message| message["external_id"].as_str().unwrap()).collect();
    assert_eq!((stored.len(), external_ids.len()), (MESSAGES, MESSAGES), "every message is stored once");
    let cursors: Vec<i64> = seen.iter().map(cursor).collect();
    assert!(cursors.windows(2).all(|pair| pair[0] < pair[1]), "each event once, in order: {cursors:?}");
    let logged = restarted.store.events_after(Some(first.company_id), since, 10_000).await.unwrap();
    // Events for one user only may be someone else's; every other one reaches the administrator.
    let for_everyone: BTreeSet<i64> = logged
        .iter()
        .filter(|event| event.cursor <= *cursors.last().unwrap() && !matches!(event.audience, Audience::User { .. }))
        .map(|event| event.cursor)
        .collect();
    let received: BTreeSet<i64> = cursors.iter().copied().collect();
    let missed: Vec<&i64> = for_everyone.difference(&received).collect();
    assert!(missed.is_empty(), "no event is lost across the restart: {missed:?} missing from {cursors:?}");
}

fn cursor(event: &Value) -> i64 {
    event["cursor"].as_i64().unwrap()
}

/// The texts of the messages announced among `events`.
fn announced(events: &[Value]) -> HashSet<&str> {
    events
        .iter()
        .filter(|event| event["type"] == "message.created")
        .filter_map(|event| event["data"]["text"].as_str())
        .collect()
}
