//! `bench-realtime`: the WebSocket fan-out benchmark's load. Opens many realtime sockets of one
//! company, posts signed Cloud API webhook deliveries at a steady rate (each message carries the
//! time it was posted), and measures, for every socket, the time from the webhook to the
//! `message.created` event. Prints one JSON object with the figures.
//!
//! With `--spa refetch|patch` each socket is a browser tab on Chat that also fetches what the SPA
//! would fetch on each event (see `spa.rs`); the figures then include the requests the tabs made
//! and, with `--server-pid`, the server's CPU time over the run.

mod spa;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::Context;
use clap::Parser;
use futures_util::StreamExt;
use hmac::{Hmac, Mac};
use http::{HeaderName, HeaderValue};
use serde_json::json;
use sha2::Sha256;
use tokio_websockets::ClientBuilder;

use crate::spa::{Counters, Fetcher, Mode, Tab};

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
    /// Sockets are browser tabs on Chat fetching what the SPA would on each event: as it did
    /// before typed events (`refetch`) or as it does now (`patch`).
    #[arg(long, value_enum)]
    spa: Option<Mode>,
    /// The server's process id: its CPU time (utime + stime) over the run is reported.
    #[arg(long)]
    server_pid: Option<u32>,
    /// Clock ticks per second of /proc/<pid>/stat (`getconf CLK_TCK`).
    #[arg(long, default_value_t = 100)]
    clock_ticks: u64,
}

/// How many contacts write: the deliveries cycle through their numbers.
const SENDERS: u64 = 100;
/// How long the SPA collects events before fetching what they made stale.
const SPA_BATCH: Duration = Duration::from_millis(100);

const MARK: &str = "bench-sent-at:";

fn now_micros() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |since| since.as_micros() as u64)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let socket_url = format!("{}/api/v1/realtime", args.base_url.replacen("http", "ws", 1));
    let http = reqwest::Client::new();
    let counters = Arc::new(Counters::default());
    if args.spa.is_some() {
        // A tab opens Chat on existing conversations.
        start_conversations(&args, &http).await?;
    }
    let stop = Arc::new(AtomicBool::new(false));
    let mut readers = Vec::with_capacity(args.clients);
    for chunk in (0..args.clients).collect::<Vec<_>>().chunks(100) {
        let opened = futures_util::future::try_join_all(chunk.iter().map(|n| async {
            let socket = open(&socket_url, &args.token).await?;
            let tab = match args.spa {
                Some(mode) => {
                    let fetcher = Fetcher::new(http.clone(), &args.base_url, &args.token, counters.clone());
                    Some(Tab::open(mode, fetcher, *n).await?)
                }
                None => None,
            };
            anyhow::Ok((socket, tab))
        }))
        .await?;
        for (socket, tab) in opened {
            readers.push(tokio::spawn(read_latencies(socket, tab, stop.clone())));
        }
    }
    let requests_before = counters.requests.load(Ordering::Relaxed);
    let cpu_before = args.server_pid.map(|pid| cpu_seconds(pid, args.clock_ticks)).transpose()?;
    let started = Instant::now();
    let sent = post_deliveries(&args, &http, "FANOUT").await?;
    // Whatever is still on its way has a few seconds to arrive.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let seconds = started.elapsed().as_secs_f64();
    let cpu = match (args.server_pid, cpu_before) {
        (Some(pid), Some(before)) => Some(cpu_seconds(pid, args.clock_ticks)? - before),
        _ => None,
    };
    let requests = counters.requests.load(Ordering::Relaxed) - requests_before;
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
    let mut figures = json!({
        "clients": args.clients,
        "messages_per_second": args.rate,
        "messages_sent": sent,
        "deliveries_expected": expected,
        "deliveries_received": latencies.len(),
        "latency_ms": { "p50": percentile(0.50), "p90": percentile(0.90), "p99": percentile(0.99), "max": percentile(1.0) },
        "seconds": round(seconds, 2),
    });
    if let Some(cpu) = cpu {
        figures["server_cpu_seconds"] = json!(round(cpu, 2));
        figures["server_cpu_ms_per_message"] = json!(round(cpu * 1000.0 / sent.max(1) as f64, 3));
        figures["server_cpu_us_per_delivery"] = json!(round(cpu * 1e6 / latencies.len().max(1) as f64, 2));
    }
    if let Some(mode) = args.spa {
        figures["spa"] = json!({
            "mode": mode.name(),
            "requests": requests,
            "requests_per_second": round(requests as f64 / seconds, 1),
            "requests_per_message": round(requests as f64 / sent.max(1) as f64, 2),
            "failed_requests": counters.failures.load(Ordering::Relaxed),
        });
    }
    println!("{figures}");
    Ok(())
}

fn round(value: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (value * scale).round() / scale
}

/// The CPU time a process used so far: utime + stime of /proc/<pid>/stat.
fn cpu_seconds(pid: u32, clock_ticks: u64) -> anyhow::Result<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).context("reading the server's /proc stat")?;
    // Fields after the command name (which may hold spaces) start with the state, field 3.
    let after_name = stat.rsplit_once(')').map(|(_, rest)| rest).unwrap_or_default();
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks = |field: usize| fields.get(field - 3).and_then(|value| value.parse::<u64>().ok());
    let (Some(utime), Some(stime)) = (ticks(14), ticks(15)) else { anyhow::bail!("unexpected /proc/{pid}/stat") };
    Ok((utime + stime) as f64 / clock_ticks as f64)
}

/// One message from each contact, then waits until each has its conversation.
async fn start_conversations(args: &Args, http: &reqwest::Client) -> anyhow::Result<()> {
    let url = format!("{}/api/v1/webhooks/whatsapp-cloud/{}", args.base_url, args.channel_id);
    for n in 0..SENDERS {
        let body = delivery(&args.phone_number_id, "START", n, false);
        let signature = sign(&args.app_secret, &body);
        http.post(&url)
            .header("X-Hub-Signature-256", signature)
            .header("Content-Type", "application/json")
            .body(body)
            .send()
            .await?
            .error_for_status()?;
    }
    let list = format!("{}/api/v1/conversations?kind=direct&limit=200", args.base_url);
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        let page: serde_json::Value =
            http.get(&list).bearer_auth(&args.token).send().await?.error_for_status()?.json().await?;
        if page["items"].as_array().map_or(0, Vec::len) as u64 >= SENDERS {
            // Their events (and the queue's assignments) reach the log before the tabs open.
            tokio::time::sleep(Duration::from_secs(2)).await;
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    anyhow::bail!("the contacts' conversations did not appear within 60 s")
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

/// The delay of every marked `message.created` this socket receives until `stop`; a tab also
/// fetches, 100 ms after an event, what the events since made stale (one batch at a time).
async fn read_latencies(mut socket: Socket, mut tab: Option<Tab>, stop: Arc<AtomicBool>) -> Vec<u64> {
    let mut latencies = Vec::new();
    let mut stale = BTreeSet::new();
    let mut due: Option<tokio::time::Instant> = None;
    let mut in_flight: Option<tokio::task::JoinHandle<Option<serde_json::Value>>> = None;
    while !stop.load(Ordering::Relaxed) {
        let batch_ready = due.filter(|_| in_flight.is_none());
        tokio::select! {
            message = tokio::time::timeout(Duration::from_millis(500), socket.next()) => {
                let Ok(Some(Ok(message))) = message else { continue };
                let received = now_micros();
                let Some(text) = message.as_text() else { continue };
                if let Some(latency) = marked_latency(text, received) {
                    latencies.push(latency);
                }
                if let Some(tab) = tab.as_mut() {
                    let event: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
                    stale.extend(tab.stale_after(&event));
                    if !stale.is_empty() && due.is_none() {
                        due = Some(tokio::time::Instant::now() + SPA_BATCH);
                    }
                }
            }
            () = async {
                match batch_ready {
                    Some(due) => tokio::time::sleep_until(due).await,
                    None => std::future::pending().await,
                }
            } => {
                let fetcher = tab.as_ref().map(|tab| tab.fetcher.clone()).expect("only tabs have batches");
                in_flight = Some(tokio::spawn(fetcher.fetch(std::mem::take(&mut stale))));
                due = None;
            }
            list = async {
                match in_flight.as_mut() {
                    Some(batch) => batch.await.ok().flatten(),
                    None => std::future::pending().await,
                }
            } => {
                in_flight = None;
                if let (Some(tab), Some(list)) = (tab.as_mut(), list) {
                    tab.keep_rows(&list);
                }
            }
        }
    }
    latencies
}

/// Only the marker is read: parsing every event would measure this client, not the server.
fn marked_latency(text: &str, received: u64) -> Option<u64> {
    if !text.contains("\"type\":\"message.created\"") {
        return None;
    }
    let sent = text.split(MARK).nth(1)?.split('"').next()?.parse::<u64>().ok()?;
    Some(received.saturating_sub(sent))
}

/// Posts `rate` deliveries a second for `seconds`, each as its own task so that a slow answer does
/// not delay the next; answers how many were accepted.
async fn post_deliveries(args: &Args, client: &reqwest::Client, prefix: &str) -> anyhow::Result<u64> {
    let url = format!("{}/api/v1/webhooks/whatsapp-cloud/{}", args.base_url, args.channel_id);
    let mut ticker = tokio::time::interval(Duration::from_secs(1) / args.rate);
    let mut posts = Vec::new();
    for n in 0..u64::from(args.rate) * u64::from(args.seconds) {
        ticker.tick().await;
        let body = delivery(&args.phone_number_id, prefix, n, true);
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

/// A delivery from the `n`th contact; a `timed` one carries the time it was posted.
fn delivery(phone_number_id: &str, prefix: &str, n: u64, timed: bool) -> String {
    let text = if timed { format!("{MARK}{}", now_micros()) } else { format!("Olá {n}") };
    let message = json!({
        "from": format!("55119{:08}", n % SENDERS),
        "id": format!("wamid.{prefix}{n:010}"),
        "timestamp": (now_micros() / 1_000_000).to_string(),
        "type": "text",
        "text": { "body": text },
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
