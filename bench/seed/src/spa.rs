//! A browser tab on Chat, as the SPA behaves on realtime events: the list "Conversas › Todas"
//! (`GET /conversations?kind=direct&limit=50`) and one open thread (`GET /conversations/{id}` and
//! `GET /conversations/{id}/messages?limit=100`), plus who is signed in (`GET /me`, in the header).
//!
//! - `refetch`, the SPA before typed events: each event names areas to refresh (the old
//!   `frontend/src/realtime/events.ts` table); every open query of those areas is fetched again.
//! - `patch`, the SPA now (`frontend/src/realtime/dispatch.ts`): the event's data patches what it
//!   can (a received message joins the thread, an updated conversation moves in the list) and only
//!   what cannot be patched is fetched (a conversation that changed hands, a written message's
//!   preview, a group's title, a resync).
//!
//! Both batch like the SPA: what the events of 100 ms ask for is fetched once. One batch is in flight
//! per tab at a time (the SPA would cancel and restart a refetch; the server would do the work of
//! both), so a slow server slows the tab rather than piling requests up.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Mode {
    Refetch,
    Patch,
}

impl Mode {
    pub fn name(self) -> &'static str {
        match self {
            Mode::Refetch => "refetch",
            Mode::Patch => "patch",
        }
    }
}

/// What a tab shows, each a query the SPA keeps open.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Query {
    List,
    Thread,
    Messages,
    Me,
}

/// The requests every tab made, and those that failed.
#[derive(Default)]
pub struct Counters {
    pub requests: AtomicU64,
    pub failures: AtomicU64,
}

/// The fields that decide who sees a conversation.
#[derive(Clone, PartialEq, Eq, Debug)]
struct Placement([Option<String>; 4]);

impl Placement {
    fn of(conversation: &Value) -> Self {
        let field = |name: &str| conversation[name].as_str().map(str::to_owned);
        Placement([field("channel_id"), field("department_id"), field("assigned_to"), field("contact_owner_id")])
    }
}

/// A tab's way to the API; cloned into each batch of requests.
#[derive(Clone)]
pub struct Fetcher {
    http: reqwest::Client,
    api: String,
    token: String,
    /// The conversation open in the thread.
    open: String,
    counters: Arc<Counters>,
}

impl Fetcher {
    pub fn new(http: reqwest::Client, base_url: &str, token: &str, counters: Arc<Counters>) -> Self {
        Fetcher { http, api: format!("{base_url}/api/v1"), token: token.to_owned(), open: String::new(), counters }
    }

    /// Fetches `queries` at once, as the SPA's batch does; answers the list when it was fetched.
    pub async fn fetch(self, queries: BTreeSet<Query>) -> Option<Value> {
        let fetcher = &self;
        let paths: Vec<String> = queries
            .iter()
            .map(|query| match query {
                Query::List => LIST.to_owned(),
                Query::Thread => format!("/conversations/{}", self.open),
                Query::Messages => format!("/conversations/{}/messages?limit=100", self.open),
                Query::Me => "/me".to_owned(),
            })
            .collect();
        let answers = futures_util::future::join_all(paths.iter().map(|path| fetcher.get(path))).await;
        queries.iter().zip(answers).find_map(|(query, answer)| (*query == Query::List).then_some(answer.ok()).flatten())
    }

    async fn get(&self, path: &str) -> anyhow::Result<Value> {
        self.counters.requests.fetch_add(1, Ordering::Relaxed);
        let answer = async {
            let response = self.http.get(format!("{}{path}", self.api)).bearer_auth(&self.token).send().await?;
            anyhow::Ok(response.error_for_status()?.json::<Value>().await?)
        }
        .await;
        if answer.is_err() {
            self.counters.failures.fetch_add(1, Ordering::Relaxed);
        }
        answer
    }
}

const LIST: &str = "/conversations?kind=direct&limit=50";

/// What a tab holds between events.
pub struct Tab {
    mode: Mode,
    /// The list's rows: id → placement (the patch mode's view of the cached list).
    rows: HashMap<String, Placement>,
    pub fetcher: Fetcher,
}

impl Tab {
    /// Opens Chat: loads the list and opens its `nth` conversation.
    pub async fn open(mode: Mode, mut fetcher: Fetcher, nth: usize) -> anyhow::Result<Self> {
        let list = fetcher.get(LIST).await?;
        let items = list["items"].as_array().filter(|items| !items.is_empty());
        let items = items.ok_or_else(|| anyhow::anyhow!("no conversation to open"))?;
        fetcher.open = items[nth % items.len()]["id"].as_str().unwrap_or_default().to_owned();
        let mut tab = Tab { mode, rows: HashMap::new(), fetcher };
        tab.keep_rows(&list);
        Ok(tab)
    }

    /// The queries `event` makes this tab fetch again.
    pub fn stale_after(&mut self, event: &Value) -> BTreeSet<Query> {
        let kind = event["type"].as_str().unwrap_or_default();
        match self.mode {
            Mode::Refetch => refetched_areas(kind),
            Mode::Patch => self.patch(kind, &event["data"]),
        }
    }

    fn patch(&mut self, kind: &str, data: &Value) -> BTreeSet<Query> {
        let mut stale = BTreeSet::new();
        match kind {
            "ready" if data["resync"] == true => stale.extend([Query::List, Query::Thread, Query::Messages, Query::Me]),
            // A received message joins the thread; its conversation's own event follows.
            "message.created" if data["direction"] == "outbound" => {
                let conversation = data["conversation_id"].as_str().unwrap_or_default();
                if self.rows.contains_key(conversation) {
                    stale.insert(Query::List);
                }
                if conversation == self.fetcher.open {
                    stale.insert(Query::Thread);
                }
            }
            "conversation.updated" => {
                let id = data["id"].as_str().unwrap_or_default().to_owned();
                let placement = Placement::of(data);
                match self.rows.get(&id) {
                    Some(before) if *before != placement => {
                        stale.insert(Query::List);
                    }
                    // Moved or inserted in place (the list is of direct conversations).
                    _ if data["kind"] == "direct" => {
                        self.rows.insert(id, placement);
                    }
                    _ => {}
                }
            }
            "group.updated" | "group.removed" | "groups.imported" => {
                stale.insert(Query::List);
            }
            "user.updated" => stale.extend([Query::List, Query::Thread, Query::Messages, Query::Me]),
            _ => {}
        }
        stale
    }

    /// The list as fetched again replaces what the tab held.
    pub fn keep_rows(&mut self, list: &Value) {
        let items = list["items"].as_array().map(Vec::as_slice).unwrap_or_default();
        self.rows =
            items.iter().filter_map(|item| Some((item["id"].as_str()?.to_owned(), Placement::of(item)))).collect();
    }
}

/// The SPA before typed events: each type refreshed whole areas (its `areasByType`), and every open
/// query of an area was fetched again. On Chat, the open queries are the list, the thread and `me`.
fn refetched_areas(kind: &str) -> BTreeSet<Query> {
    let chat = [Query::List, Query::Thread, Query::Messages];
    match kind {
        "message.created" | "message.status" | "conversation.updated" | "group.updated" | "group.removed" => {
            chat.into()
        }
        "presence.changed" | "company.updated" => [Query::Me].into(),
        "user.updated" => [Query::List, Query::Thread, Query::Messages, Query::Me].into(),
        _ => BTreeSet::new(),
    }
}
