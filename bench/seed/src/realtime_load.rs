//! `bench-realtime`: the WebSocket fan-out benchmark's load. Opens many realtime sockets of one
//! company, posts signed Cloud API webhook deliveries at a steady rate (each message carries the
//! time it was posted), and measures, for every socket, the time from the webhook to the
//! `message.created` event. Prints one JSON object with the figures.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::Context;
use clap::Parser;
use futures_util::StreamExt;
use hmac::{Hmac, Mac};
use http::{HeaderName, HeaderValue};
use serde_json::json;
use sha2::Sha256;
use tokio_websockets::ClientBuilder;

#[derive(Parser)]
struct Args {
    /// http://127.0.0.1:PORT
    #[arg(long)]
    base_url: String,
    #[arg(long)]
    token: String,
    /// The Cloud API channel receiving the deliveries.
    #[arg(long)]
    channel_id: String,
    #[arg(long)]
    phone_number_id: String,
    #[arg(long)]
    app_secret: String,
    #[arg(long, default_value_t = 2_000)]
    clients: usize,
    /// Received messages per second.
    #[arg(long, default_value_t = 100)]
    rate: u32,
    #[arg(long, default_value_t = 20)]
    seconds: u32,
}

const MARK: &str = "bench-sent-at:";

fn now_micros() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |since| since.as_micros() as u64)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let socket_url = format!("{}/api/v1/realtime", args.base_url.replacen("http", "ws", 1));
    let stop = Arc::new(AtomicBool::new(false));
    let mut readers = Vec::with_capacity(args.clients);
    for chunk in (0..args.clients).collect::<Vec<_>>().chunks(100) {
        let opened = futures_util::future::try_join_all(chunk.iter().map(|_| open(&socket_url, &args.token))).await?;
        for socket in opened {
            readers.push(tokio::spawn(read_latencies(socket, stop.clone())));
        }
    }
    let sent = post_deliveries(&args).await?;
    // Whatever is still on its way has a few seconds to arrive.
    tokio::time::sleep(Duration::from_secs(3)).await;
    stop.store(true, Ordering::Relaxed);
    let mut latencies: Vec<u64> = Vec::new();
    for reader in readers {
        latencies.extend(reader.await?);
    }
    latencies.sort_unstable();
    let percentile = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p).ceil() as usize).saturating_sub(1))
            .map(|micros| *micros as f64 / 1000.0)
    };
    let expected = sent * args.clients as u64;
    println!(
        "{}",
        json!({
            "clients": args.clients,
            "messages_per_second": args.rate,
            "messages_sent": sent,
            "deliveries_expected": expected,
            "deliveries_received": latencies.len(),
            "latency_ms": { "p50": percentile(0.50), "p90": percentile(0.90), "p99": percentile(0.99), "max": percentile(1.0) },
        })
    );
    Ok(())
}

type Socket = tokio_websockets::WebSocketStream<tokio_websockets::MaybeTlsStream<tokio::net::TcpStream>>;

async fn open(url: &str, token: &str) -> anyhow::Result<Socket> {
    let protocols = HeaderValue::from_str(&format!("blocopro.v1, bearer.{token}"))?;
    let (socket, _) = ClientBuilder::new()
        .uri(url)?
        .add_header(HeaderName::from_static("sec-websocket-protocol"), protocols)?
        .connect()
        .await
        .context("opening a realtime socket")?;
    wait_until_ready(socket).await
}

/// The server sends `ready` once the socket follows the live events: only then does every message
/// posted afterwards reach it.
async fn wait_until_ready(mut socket: Socket) -> anyhow::Result<Socket> {
    while let Some(message) = tokio::time::timeout(Duration::from_secs(30), socket.next())
        .await
        .context("waiting for the realtime socket to be ready")?
    {
        if message?.as_text().is_some_and(|text| text.contains("\"type\":\"ready\"")) {
            return Ok(socket);
        }
    }
    anyhow::bail!("the realtime socket closed before it was ready")
}

/// The delay of every marked `message.created` this socket receives until `stop`.
async fn read_latencies(mut socket: Socket, stop: Arc<AtomicBool>) -> Vec<u64> {
    let mut latencies = Vec::new();
    while !stop.load(Ordering::Relaxed) {
        let Ok(Some(Ok(message))) = tokio::time::timeout(Duration::from_millis(500), socket.next()).await else {
            continue;
        };
        let received = now_micros();
        // Only the marker is read: parsing every event would measure this client, not the server.
        let Some(text) = message.as_text() else { continue };
        if !text.contains("\"type\":\"message.created\"") {
            continue;
        }
        if let Some(sent) =
            text.split(MARK).nth(1).and_then(|rest| rest.split('"').next()).and_then(|n| n.parse::<u64>().ok())
        {
            latencies.push(received.saturating_sub(sent));
        }
    }
    latencies
}

/// Posts `rate` deliveries a second for `seconds`, each as its own task so that a slow answer does
/// not delay the next; answers how many were accepted.
async fn post_deliveries(args: &Args) -> anyhow::Result<u64> {
    let client = reqwest::Client::new();
    let url = format!("{}/api/v1/webhooks/whatsapp-cloud/{}", args.base_url, args.channel_id);
    let mut ticker = tokio::time::interval(Duration::from_secs(1) / args.rate);
    let mut posts = Vec::new();
    for n in 0..u64::from(args.rate) * u64::from(args.seconds) {
        ticker.tick().await;
        let body = delivery(&args.phone_number_id, n);
        let signature = sign(&args.app_secret, &body);
        let request = client
            .post(&url)
            .header("X-Hub-Signature-256", signature)
            .header("Content-Type", "application/json")
            .body(body);
        posts.push(tokio::spawn(async move { request.send().await.map(|response| response.status().is_success()) }));
    }
    let mut accepted = 0;
    for post in posts {
        if post.await?.unwrap_or(false) {
            accepted += 1;
        }
    }
    Ok(accepted)
}

fn delivery(phone_number_id: &str, n: u64) -> String {
    let message = json!({
        "from": format!("55119{:08}", n % 100),
        "id": format!("wamid.FANOUT{n:010}"),
        "timestamp": (now_micros() / 1_000_000).to_string(),
        "type": "text",
        "text": { "body": format!("{MARK}{}", now_micros()) },
    });
    let value = json!({
        "messaging_product": "whatsapp",
        "messages": [message],
        "metadata": { "display_phone_number": "5511400001234", "phone_number_id": phone_number_id },
    });
    json!({ "object": "whatsapp_business_account", "entry": [{ "id": "1", "changes": [{ "field": "messages", "value": value }] }] })
        .to_string()
}

fn sign(app_secret: &str, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(app_secret.as_bytes()).expect("any key length");
    mac.update(body.as_bytes());
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}
