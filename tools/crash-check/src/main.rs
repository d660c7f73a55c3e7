//! `crash-check` (`make verify-crash`): crash safety of the `blocopro` binary on SQLite and
//! PostgreSQL. For each database it starts the server on a fresh database beside a local fake of
//! Meta's Graph API, creates a company, its administrator and a Cloud API channel, then
//!
//! 1. posts distinct signed Cloud API webhook deliveries (10,000 by default) with many at once,
//!    SIGKILLs the server twice while they are in flight, starts it again each time, and sends
//!    again every delivery that got no 2xx, as Meta does, until all are acknowledged;
//! 2. queues replies while the Graph API refuses, SIGKILLs during the queueing and again while the
//!    outbox retries, and restarts with the Graph API accepting;
//!
//! then checks through the database and the API that every message was stored exactly once (by
//! wamid) and folded into its conversation once, and that every reply reached the Graph API
//! exactly once and is marked sent. Prints the figures as JSON; exits 1 when a check fails.

mod api;
mod checks;
mod database;
mod drive;
mod graph;
mod inbound;
mod outbound;
mod server;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Parser;
use serde_json::{Value, json};

use crate::api::Api;
use crate::checks::Checks;
use crate::database::{Backend, Database};
use crate::graph::Graph;
use crate::server::Server;

#[derive(Parser)]
struct Args {
    /// The `blocopro` binary to check (release or debug).
    #[arg(long)]
    binary: PathBuf,
    /// Databases to check on (both by default).
    #[arg(long, value_enum, value_delimiter = ',', default_value = "sqlite,postgres")]
    backends: Vec<Backend>,
    #[arg(long, default_value_t = 10_000)]
    deliveries: usize,
    /// Numbers the deliveries come from (one conversation each).
    #[arg(long, default_value_t = 500)]
    contacts: usize,
    /// Deliveries posted at once.
    #[arg(long, default_value_t = 64)]
    concurrency: usize,
    #[arg(long, default_value_t = 200)]
    replies: usize,
    #[arg(long, default_value = "postgres://postgres@127.0.0.1:5432/postgres")]
    postgres_admin_url: String,
}

const ADMIN_EMAIL: &str = "admin@crash-check.blocopro.test";
const ADMIN_PASSWORD: &str = "crash-check-password-1";

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let started = Instant::now();
    let mut failed = false;
    let mut reports = Vec::new();
    for backend in args.backends.clone() {
        let (report, checks) = check_backend(&args, backend).await?;
        eprintln!("{}:", backend.name());
        checks.lines().for_each(|line| eprintln!("  {line}"));
        failed |= !checks.failures().is_empty();
        reports.push(report);
    }
    let seconds = inbound::round(started.elapsed().as_secs_f64());
    println!("{}", serde_json::to_string_pretty(&json!({ "seconds": seconds, "backends": reports }))?);
    if failed {
        eprintln!("crash check FAILED");
        std::process::exit(1);
    }
    eprintln!("crash check passed in {seconds} s");
    Ok(())
}

/// Runs the check on a fresh database; its data directory (with `server.log`) is kept when
/// something fails.
async fn check_backend(args: &Args, backend: Backend) -> anyhow::Result<(Value, Checks)> {
    let data_dir = std::env::temp_dir().join(format!("blocopro-crash-check-{}-{}", backend.name(), std::process::id()));
    std::fs::create_dir_all(&data_dir)?;
    let database = Database::create(backend, &data_dir, &args.postgres_admin_url).await?;
    let outcome = check_on(args, backend, &data_dir, &database).await;
    let passed = outcome.as_ref().is_ok_and(|(_, checks)| checks.failures().is_empty());
    if passed {
        database.drop_created().await?;
        std::fs::remove_dir_all(&data_dir)?;
    } else {
        eprintln!("{}: kept {} (server.log) and the database {}", backend.name(), data_dir.display(), database.url);
    }
    outcome
}

async fn check_on(
    args: &Args,
    backend: Backend,
    data_dir: &Path,
    database: &Database,
) -> anyhow::Result<(Value, Checks)> {
    let graph = Arc::new(Graph::default());
    let graph_url = graph::start(graph.clone())?;
    let mut server = Server::new(&args.binary, data_dir, &database.url, &graph_url)?;
    server.create_admin("Crash Check", ADMIN_EMAIL, ADMIN_PASSWORD)?;
    server.start().await?;
    let client = reqwest::Client::builder().timeout(Duration::from_secs(60)).build()?;
    let api = Api::login(&client, &server.base_url, ADMIN_EMAIL, ADMIN_PASSWORD).await?;
    let channel_id = cloud_channel(&api).await?;
    let reader = database.reader().await?;
    let mut checks = Checks::default();
    let started = Instant::now();

    let plan = inbound::Plan { deliveries: args.deliveries, contacts: args.contacts, concurrency: args.concurrency };
    let inbound = inbound::run(&api, &mut server, &reader, &channel_id, &plan, &mut checks).await?;
    let plan = outbound::Plan { replies: args.replies, concurrency: 16 };
    let outbound = outbound::run(&api, &mut server, &reader, &graph, &channel_id, &plan, &mut checks).await?;
    reader.close().await;
    let report = json!({
        "backend": backend.name(),
        "seconds": inbound::round(started.elapsed().as_secs_f64()),
        "server_starts": server.starts,
        "inbound": inbound,
        "outbound": outbound,
        "checks": checks.to_json(),
    });
    Ok((report, checks))
}

/// A connected Cloud API channel whose Graph API is the fake one; answers its id.
async fn cloud_channel(api: &Api) -> anyhow::Result<String> {
    let request = json!({
        "name": "Oficial", "kind": "whatsapp_cloud", "phone_number_id": inbound::PHONE_NUMBER_ID,
        "access_token": graph::ACCESS_TOKEN, "app_secret": inbound::APP_SECRET, "verify_token": "crash-check",
    });
    let channel = api.post("/channels", request).await?;
    let id = channel["id"].as_str().context("a channel without id")?.to_owned();
    api.post(&format!("/channels/{id}/connect"), json!({})).await?;
    api.wait_for(&format!("/channels/{id}"), "status", "connected").await?;
    Ok(id)
}
