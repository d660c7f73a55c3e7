//! The few BlocoPro API calls the check makes as the company's administrator.

use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use serde_json::{Value, json};

pub struct Api {
    pub client: reqwest::Client,
    pub base_url: String,
    pub token: String,
}

impl Api {
    pub async fn login(client: &reqwest::Client, base_url: &str, email: &str, password: &str) -> anyhow::Result<Self> {
        let mut api = Self { client: client.clone(), base_url: base_url.to_owned(), token: String::new() };
        let session =
            api.call(reqwest::Method::POST, "/auth/login", Some(json!({ "email": email, "password": password })));
        api.token = session.await?["access_token"].as_str().context("no access token")?.to_owned();
        Ok(api)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}/api/v1{path}", self.base_url)
    }

    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> anyhow::Result<Value> {
        let mut request = self.client.request(method.clone(), self.url(path)).bearer_auth(&self.token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.with_context(|| format!("{method} {path}"))?;
        let status = response.status();
        let text = response.text().await?;
        if !status.is_success() {
            bail!("{method} {path} answered {status}: {text}");
        }
        Ok(serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    pub async fn get(&self, path: &str) -> anyhow::Result<Value> {
        self.call(reqwest::Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> anyhow::Result<Value> {
        self.call(reqwest::Method::POST, path, Some(body)).await
    }

    /// Every item of a paginated list (`{ items, next_cursor }`), 200 per page.
    pub async fn all_items(&self, path: &str) -> anyhow::Result<Vec<Value>> {
        let separator = if path.contains('?') { '&' } else { '?' };
        let mut items = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let after = cursor.map(|cursor| format!("&cursor={cursor}")).unwrap_or_default();
            let page = self.get(&format!("{path}{separator}limit=200{after}")).await?;
            items.extend(page["items"].as_array().cloned().unwrap_or_default());
            match page["next_cursor"].as_str() {
                Some(next) => cursor = Some(next.to_owned()),
                None => return Ok(items),
            }
        }
    }

    /// Polls `GET path` until `field` reads `expected`.
    pub async fn wait_for(&self, path: &str, field: &str, expected: &str) -> anyhow::Result<()> {
        let started = Instant::now();
        loop {
            let value = self.get(path).await?;
            if value[field] == expected {
                return Ok(());
            }
            if started.elapsed() > Duration::from_secs(30) {
                bail!("{path}: `{field}` is {} after 30 s, not {expected}", value[field]);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}
