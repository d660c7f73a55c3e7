//! Received messages: distinct signed Cloud API deliveries posted while the server is SIGKILLed
//! twice, every unacknowledged one sent again; then each must be stored exactly once and folded
//! into its conversation exactly once.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

use crate::api::Api;
use crate::checks::Checks;
use crate::database::Reader;
use crate::drive::{Request, send_all};
use crate::server::Server;

pub const PHONE_NUMBER_ID: &str = "106540352242922";
pub const APP_SECRET: &str = "crash-check-app-secret";

pub struct Plan {
    pub deliveries: usize,
    pub contacts: usize,
    pub concurrency: usize,
}

/// Delivery `n`: one text message with its own wamid, from one of `contacts` numbers.
fn delivery(url: &str, n: usize, contacts: usize) -> Request {
    let message = json!({
        "from": format!("55119{:08}", n % contacts),
        "id": wamid(n),
        "timestamp": "1764000000",
        "type": "text",
        "text": { "body": format!("Mensagem {n}") },
    });
    let value = json!({
        "messaging_product": "whatsapp",
        "metadata": { "display_phone_number": "551140001234", "phone_number_id": PHONE_NUMBER_ID },
        "messages": [message],
    });
    let body = json!({ "object": "whatsapp_business_account", "entry": [{ "id": "1", "changes": [{ "field": "messages", "value": value }] }] })
        .to_string();
    let headers = vec![("X-Hub-Signature-256", signature(&body)), ("Content-Type", "application/json".into())];
    Request { url: url.to_owned(), headers, body }
}

fn wamid(n: usize) -> String {
    format!("wamid.CRASH{n:08}")
}

/// `X-Hub-Signature-256`, as Meta signs a delivery with the app secret.
fn signature(body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(APP_SECRET.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(body.as_bytes());
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// Posts the deliveries, killing the server after 30 % and 70 % of them were acknowledged.
pub async fn run(
    api: &Api,
    server: &mut Server,
    reader: &Reader,
    channel_id: &str,
    plan: &Plan,
    checks: &mut Checks,
) -> anyhow::Result<Value> {
    let url = api.url(&format!("/webhooks/whatsapp-cloud/{channel_id}"));
    let requests: Vec<Request> = (0..plan.deliveries).map(|n| delivery(&url, n, plan.contacts)).collect();
    let kill_after = [plan.deliveries * 3 / 10, plan.deliveries * 7 / 10];
    let started = Instant::now();
    let outcome = send_all(&api.client, &requests, plan.concurrency, server, &kill_after).await?;
    let acknowledged_seconds = started.elapsed().as_secs_f64();
    wait_until_folded(reader).await?;
    let folded_seconds = started.elapsed().as_secs_f64();

    let expected = plan.deliveries as i64;
    let inbound = "FROM messages WHERE direction = 'inbound'";
    checks.expect("inbound messages stored", expected, reader.number(&format!("SELECT count(*) {inbound}")).await?);
    let distinct = reader.number(&format!("SELECT count(DISTINCT external_id) {inbound}")).await?;
    checks.expect("distinct wamids stored", expected, distinct);
    let unfolded = reader.number(&format!("SELECT count(*) {inbound} AND folded_at IS NULL")).await?;
    checks.expect("inbound messages not in a conversation", 0, unfolded);
    checks.expect("conversations", plan.contacts as i64, reader.number("SELECT count(*) FROM conversations").await?);
    let unread = reader.number("SELECT CAST(COALESCE(SUM(unread_count), 0) AS BIGINT) FROM conversations").await?;
    checks.expect("unread messages over all conversations (each folded once)", expected, unread);
    check_through_the_api(api, channel_id, plan.deliveries, checks).await?;

    Ok(json!({
        "deliveries": outcome.summary(),
        "acknowledged_seconds": round(acknowledged_seconds),
        "all_in_conversations_seconds": round(folded_seconds),
    }))
}

/// The channel's message list shows every wamid once.
async fn check_through_the_api(
    api: &Api,
    channel_id: &str,
    deliveries: usize,
    checks: &mut Checks,
) -> anyhow::Result<()> {
    let listed = api.all_items(&format!("/channels/{channel_id}/messages")).await?;
    let inbound: Vec<&str> = listed
        .iter()
        .filter(|message| message["direction"] == "inbound")
        .filter_map(|message| message["external_id"].as_str())
        .collect();
    let distinct: HashSet<&str> = inbound.iter().copied().collect();
    let expected: HashSet<String> = (0..deliveries).map(wamid).collect();
    let missing = expected.iter().filter(|wamid| !distinct.contains(wamid.as_str())).count();
    checks.expect("inbound messages listed by the API", deliveries as i64, inbound.len() as i64);
    checks.expect("wamids listed more than once", 0, (inbound.len() - distinct.len()) as i64);
    checks.expect("wamids missing from the API", 0, missing as i64);
    Ok(())
}

async fn wait_until_folded(reader: &Reader) -> anyhow::Result<()> {
    let unfolded = "SELECT count(*) FROM messages WHERE direction = 'inbound' AND folded_at IS NULL";
    let within = Duration::from_secs(120);
    reader.wait_for("every received message in its conversation", unfolded, within, |count| count == 0).await
}

pub fn round(seconds: f64) -> f64 {
    (seconds * 100.0).round() / 100.0
}
