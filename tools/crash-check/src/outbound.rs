//! Replies: queued through `POST /conversations/{id}/messages` with an `Idempotency-Key` while the
//! Graph API refuses everything, with a SIGKILL in the middle of queueing (unacknowledged requests
//! are sent again with the same key), every request repeated once more, a second SIGKILL while
//! the outbox is retrying, and a restart with the Graph API accepting: each reply must reach the
//! Graph API exactly once and be marked sent.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use anyhow::Context;
use serde_json::{Value, json};

use crate::api::Api;
use crate::checks::Checks;
use crate::database::Reader;
use crate::drive::{Request, send_all};
use crate::graph::Graph;
use crate::inbound::round;
use crate::server::Server;

/// How long after the last reply is marked sent the Graph API is still watched for a second send.
const SETTLE: Duration = Duration::from_secs(3);

pub struct Plan {
    pub replies: usize,
    pub concurrency: usize,
}

fn reply_text(n: usize) -> String {
    format!("Resposta {n} da verificação de falhas")
}

fn reply(api: &Api, conversation_id: &str, n: usize) -> Request {
    let headers = vec![
        ("Authorization", format!("Bearer {}", api.token)),
        ("Content-Type", "application/json".into()),
        ("Idempotency-Key", format!("crash-check-reply-{n}")),
    ];
    let url = api.url(&format!("/conversations/{conversation_id}/messages"));
    Request { url, headers, body: json!({ "text": reply_text(n) }).to_string() }
}

fn message_ids(answers: &[String]) -> anyhow::Result<Vec<String>> {
    answers
        .iter()
        .map(|answer| {
            let message: Value = serde_json::from_str(answer)?;
            message["id"].as_str().map(str::to_owned).context("a queued message without id")
        })
        .collect()
}

pub async fn run(
    api: &Api,
    server: &mut Server,
    reader: &Reader,
    graph: &Graph,
    channel_id: &str,
    plan: &Plan,
    checks: &mut Checks,
) -> anyhow::Result<Value> {
    graph.refuse(true);
    let conversations = api.all_items(&format!("/conversations?channel_id={channel_id}")).await?;
    let conversation_ids: Vec<&str> =
        conversations.iter().filter_map(|c| c["id"].as_str()).take(plan.replies.div_ceil(2)).collect();
    anyhow::ensure!(!conversation_ids.is_empty(), "no conversation to reply in");
    let requests: Vec<Request> =
        (0..plan.replies).map(|n| reply(api, conversation_ids[n % conversation_ids.len()], n)).collect();

    let started = Instant::now();
    let queued = send_all(&api.client, &requests, plan.concurrency, server, &[plan.replies / 2]).await?;
    let ids = message_ids(&queued.answers)?;
    let repeated = send_all(&api.client, &requests, plan.concurrency, server, &[]).await?;
    let same = ids.iter().zip(message_ids(&repeated.answers)?).filter(|(first, again)| **first == *again).count();
    checks.expect("repeated requests answering the message stored first", plan.replies as i64, same as i64);

    wait_until_retrying(reader, plan.replies / 2).await?;
    server.kill();
    graph.refuse(false);
    server.start().await?;
    let restarted = Instant::now();
    wait_until_sent(reader, plan.replies).await?;
    let sent_seconds = restarted.elapsed().as_secs_f64();
    tokio::time::sleep(SETTLE).await;

    check_counts(reader, graph, plan.replies, checks).await?;
    check_through_the_api(api, channel_id, &ids, checks).await?;
    Ok(json!({
        "queueing": queued.summary(),
        "repeated_requests": repeated.attempts,
        "graph_refusals": graph.refused().values().sum::<u32>(),
        "all_sent_seconds_after_restart": round(sent_seconds),
        "seconds": round(started.elapsed().as_secs_f64()),
    }))
}

async fn check_counts(reader: &Reader, graph: &Graph, replies: usize, checks: &mut Checks) -> anyhow::Result<()> {
    let expected = replies as i64;
    let outbound = "SELECT count(*) FROM messages WHERE direction = 'outbound'";
    checks.expect("replies stored", expected, reader.number(outbound).await?);
    checks.expect("replies marked sent", expected, reader.number(&format!("{outbound} AND status = 'sent'")).await?);
    let accepted: HashMap<String, u32> = graph.accepted();
    let ours = (0..replies).filter(|n| accepted.contains_key(&reply_text(*n))).count();
    checks.expect("replies received by the Graph API", expected, ours as i64);
    checks.expect("sends received by the Graph API", expected, i64::from(accepted.values().sum::<u32>()));
    let twice = accepted.values().filter(|sends| **sends > 1).count();
    checks.expect("replies the Graph API received more than once", 0, twice as i64);
    Ok(())
}

/// Every queued reply is listed once, `sent`, with the id the Graph API gave it.
async fn check_through_the_api(api: &Api, channel_id: &str, ids: &[String], checks: &mut Checks) -> anyhow::Result<()> {
    let listed = api.all_items(&format!("/channels/{channel_id}/messages")).await?;
    let sent: HashMap<&str, &Value> = listed
        .iter()
        .filter(|message| message["direction"] == "outbound")
        .filter_map(|message| Some((message["id"].as_str()?, message)))
        .collect();
    let shown_sent = ids
        .iter()
        .filter_map(|id| sent.get(id.as_str()))
        .filter(|message| {
            message["status"] == "sent"
                && message["external_id"].as_str().is_some_and(|wamid| wamid.starts_with("wamid.CRASHOUT"))
        })
        .count();
    checks.expect("replies the API shows sent with the Graph API's id", ids.len() as i64, shown_sent as i64);
    Ok(())
}

async fn wait_until_sent(reader: &Reader, replies: usize) -> anyhow::Result<()> {
    let settled = "SELECT count(*) FROM messages WHERE direction = 'outbound' AND status <> 'queued'";
    let within = Duration::from_secs(300);
    reader.wait_for("every reply sent after the restart", settled, within, |count| count >= replies as i64).await
}

/// Waits until the outbox failed at least `count` replies once (and will try them again).
async fn wait_until_retrying(reader: &Reader, count: usize) -> anyhow::Result<()> {
    let retrying =
        "SELECT count(*) FROM messages WHERE direction = 'outbound' AND status = 'queued' AND error IS NOT NULL";
    let within = Duration::from_secs(120);
    reader.wait_for("the outbox trying the replies", retrying, within, |tried| tried >= count as i64).await
}
