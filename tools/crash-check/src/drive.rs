//! Sends a list of requests as Meta sends webhooks: several at once, and whatever gets no 2xx
//! answer (an error status, or no answer because the server died) is sent again until each is
//! acknowledged. A client error (4xx other than 408 and 429) stops everything: sending the same
//! request again cannot help, and the check fails. Meanwhile the server can be SIGKILLed after given numbers of acknowledgements,
//! and started again at once.

use std::collections::{BTreeMap, VecDeque};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::bail;
use futures_util::future::{join, join_all};
use serde_json::json;

use crate::server::Server;

/// A sender waits this long before sending a refused request again.
const RETRY_DELAY: Duration = Duration::from_millis(50);
/// Longest a whole run of requests may take before the check gives up.
const GIVE_UP_AFTER: Duration = Duration::from_secs(600);

pub struct Request {
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
}

/// One SIGKILL: how many requests had been acknowledged, and how many were on their way.
#[derive(Debug, Clone, Copy)]
pub struct Kill {
    pub after_acknowledged: usize,
    pub in_flight: usize,
}

pub struct Outcome {
    /// The 2xx answer's body of each request, in the order of the requests.
    pub answers: Vec<String>,
    pub attempts: u64,
    /// Attempts without a 2xx answer, by what came back instead ("no answer" or the status).
    pub refusals: BTreeMap<String, u64>,
    pub kills: Vec<Kill>,
}

impl Outcome {
    pub fn summary(&self) -> serde_json::Value {
        let kills: Vec<_> = self
            .kills
            .iter()
            .map(|kill| json!({ "after_acknowledged": kill.after_acknowledged, "in_flight": kill.in_flight }))
            .collect();
        json!({
            "requests": self.answers.len(),
            "attempts": self.attempts,
            "sent_again": self.attempts - self.answers.len() as u64,
            "unacknowledged_attempts": self.refusals,
            "kills": kills,
        })
    }
}

struct Progress {
    pending: Mutex<VecDeque<usize>>,
    answers: Mutex<Vec<Option<String>>>,
    acknowledged: AtomicUsize,
    in_flight: AtomicUsize,
    attempts: AtomicU64,
    refusals: Mutex<BTreeMap<String, u64>>,
    stop: AtomicBool,
    /// Why the senders stopped early.
    failure: Mutex<Option<String>>,
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Progress {
    fn acknowledged(&self) -> usize {
        self.acknowledged.load(Ordering::SeqCst)
    }
}

/// Sends every request until each got a 2xx, `concurrency` at a time, killing and restarting
/// `server` once `kill_after[i]` requests are acknowledged.
pub async fn send_all(
    client: &reqwest::Client,
    requests: &[Request],
    concurrency: usize,
    server: &mut Server,
    kill_after: &[usize],
) -> anyhow::Result<Outcome> {
    let progress = Progress {
        pending: Mutex::new((0..requests.len()).collect()),
        answers: Mutex::new(vec![None; requests.len()]),
        acknowledged: AtomicUsize::new(0),
        in_flight: AtomicUsize::new(0),
        attempts: AtomicU64::new(0),
        refusals: Mutex::default(),
        stop: AtomicBool::new(false),
        failure: Mutex::default(),
    };
    let senders = join_all((0..concurrency).map(|_| sender(client, requests, &progress)));
    let (kills, _) = join(kill_on_schedule(server, &progress, kill_after), senders).await;
    let kills = kills?;
    if let Some(failure) = lock(&progress.failure).take() {
        bail!(failure);
    }
    let refusals = lock(&progress.refusals).clone();
    let answers: Option<Vec<String>> = lock(&progress.answers).iter().cloned().collect();
    let Some(answers) = answers else {
        bail!("not every request was acknowledged within {GIVE_UP_AFTER:?}; unacknowledged attempts: {refusals:?}");
    };
    Ok(Outcome { answers, attempts: progress.attempts.into_inner(), refusals, kills })
}

async fn sender(client: &reqwest::Client, requests: &[Request], progress: &Progress) {
    let started = Instant::now();
    while progress.acknowledged() < requests.len() && !progress.stop.load(Ordering::SeqCst) {
        if started.elapsed() > GIVE_UP_AFTER {
            progress.stop.store(true, Ordering::SeqCst);
            return;
        }
        let next = lock(&progress.pending).pop_front();
        let Some(index) = next else {
            tokio::time::sleep(Duration::from_millis(5)).await;
            continue;
        };
        progress.in_flight.fetch_add(1, Ordering::SeqCst);
        progress.attempts.fetch_add(1, Ordering::SeqCst);
        let answer = send(client, &requests[index]).await;
        progress.in_flight.fetch_sub(1, Ordering::SeqCst);
        match answer {
            Answer::Acknowledged(body) => {
                lock(&progress.answers)[index] = Some(body);
                progress.acknowledged.fetch_add(1, Ordering::SeqCst);
            }
            Answer::Again(refusal) => {
                *lock(&progress.refusals).entry(refusal).or_default() += 1;
                lock(&progress.pending).push_back(index);
                tokio::time::sleep(RETRY_DELAY).await;
            }
            Answer::Refused(failure) => {
                lock(&progress.failure).get_or_insert(format!("{} {failure}", requests[index].url));
                progress.stop.store(true, Ordering::SeqCst);
            }
        }
    }
}

enum Answer {
    /// 2xx, with the body.
    Acknowledged(String),
    /// Worth sending again: no answer, a server error, 408 or 429.
    Again(String),
    /// A client error, with the status and body.
    Refused(String),
}

async fn send(client: &reqwest::Client, request: &Request) -> Answer {
    let mut builder = client.post(&request.url).body(request.body.clone());
    for (name, value) in &request.headers {
        builder = builder.header(*name, value);
    }
    let Ok(response) = builder.send().await else { return Answer::Again("no answer".into()) };
    let status = response.status();
    let Ok(body) = response.text().await else { return Answer::Again("answer cut off".into()) };
    match status.as_u16() {
        200..=299 => Answer::Acknowledged(body),
        400..=499 if ![408, 429].contains(&status.as_u16()) => Answer::Refused(format!("answered {status}: {body}")),
        _ => Answer::Again(status.as_u16().to_string()),
    }
}

async fn kill_on_schedule(server: &mut Server, progress: &Progress, kill_after: &[usize]) -> anyhow::Result<Vec<Kill>> {
    let mut kills = Vec::new();
    for &threshold in kill_after {
        while progress.acknowledged() < threshold && !progress.stop.load(Ordering::SeqCst) {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        kills.push(Kill {
            after_acknowledged: progress.acknowledged(),
            in_flight: progress.in_flight.load(Ordering::SeqCst),
        });
        server.kill();
        if let Err(error) = server.start().await {
            progress.stop.store(true, Ordering::SeqCst);
            return Err(error);
        }
    }
    Ok(kills)
}
