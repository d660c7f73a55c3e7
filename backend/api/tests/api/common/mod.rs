//! `TestApp`: the real application on port 0 over a fresh database (a temp SQLite file, or a
//! new PostgreSQL database), seeded with an operator and one company with an administrator.

#![allow(dead_code)]

pub mod graph_mock;
pub mod operations;
pub mod principals;
pub mod realtime;
pub mod tenants;
pub mod uploads;
pub mod webhook_receiver;

use blocopro_api::{Actor, Application, Config, Role};
use blocopro_app::companies::{NewAccount, create_operator, register_company, register_with_role};
use blocopro_app::{AppSettings, open_store};
use blocopro_store::{DynStore, Store};
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

pub const PASSWORD: &str = "senha-forte-123";
pub const OPERATOR_EMAIL: &str = "ops@blocopro.test";

#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Expands each named `async fn(Backend)` into one test per backend.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $( #[actix_web::test] async fn $name() { super::$name($crate::common::Backend::Sqlite).await } )+
        }
        mod postgres {
            $( #[actix_web::test] async fn $name() { super::$name($crate::common::Backend::Postgres).await } )+
        }
    };
}

#[derive(Clone)]
pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub store: DynStore,
    /// The running application, to act as a connector does (`dispatcher::apply`).
    pub app: std::sync::Arc<blocopro_app::App>,
    pub company_id: Uuid,
    pub admin_email: String,
    database_url: String,
    simulator: bool,
    cloud_api_base_url: String,
    tweak: ConfigTweak,
    server: Server,
    _dir: std::sync::Arc<tempfile::TempDir>,
}

/// The running server of a `TestApp`, to stop it as a restart does.
#[derive(Clone)]
struct Server {
    handle: actix_web::dev::ServerHandle,
    served: std::sync::Arc<tokio::sync::Mutex<Option<tokio::task::JoinHandle<std::io::Result<()>>>>>,
}

impl Server {
    /// Stops at once (requests under way are dropped) and waits until the instance has handed
    /// back what it held.
    async fn stop(&self) {
        self.handle.stop(false).await;
        self.stopped().await;
    }

    /// Waits until the server has stopped and the instance has handed back what it held.
    async fn stopped(&self) {
        if let Some(served) = self.served.lock().await.take() {
            let _ = served.await;
        }
    }
}

/// Nothing listens here: Cloud API calls fail fast unless a test brings its own Graph mock.
const NO_GRAPH_API: &str = "http://127.0.0.1:9";

pub const JWT_SECRET: &str = "test-secret-that-is-long-enough-0123456789";
pub const METRICS_TOKEN: &str = "metrics-token-for-tests";

/// Changes a test server's configuration before it starts (e.g. a small rate limit).
pub type ConfigTweak = std::sync::Arc<dyn Fn(&mut Config) + Send + Sync>;

/// Starts the application on `store` and answers its base URL and the application.
async fn start(
    store: &DynStore,
    data_dir: &std::path::Path,
    simulator: bool,
    cloud_api_base_url: &str,
    tweak: &ConfigTweak,
) -> (String, Server, std::sync::Arc<blocopro_app::App>) {
    let mut config = Config {
        bind: "127.0.0.1:0".into(),
        database_url: String::new(),
        jwt_secret: JWT_SECRET.to_owned().into(),
        spa: None,
        body_limit: 64 * 1024,
        auth_rate_limit: Default::default(),
        trust_forwarded_for: false,
        metrics_token: Some(METRICS_TOKEN.to_owned().into()),
        app: AppSettings {
            encryption_key: "test-encryption-key-long-enough-0123456789".to_owned().into(),
            simulator,
            cloud_api_base_url: cloud_api_base_url.to_owned(),
            whatsapp_device_dir: data_dir.join("whatsapp"),
            webhooks: Default::default(),
            // Presence follows a closed socket at once; the help-page stories set a grace of their own.
            presence_grace: std::time::Duration::ZERO,
            template_sync_interval: std::time::Duration::ZERO,
            media: blocopro_media::MediaLocation::Directory(data_dir.join("media")),
        },
    };
    tweak(&mut config);
    let app = Application::build_with_store(config, store.clone()).await.unwrap();
    let base = format!("http://127.0.0.1:{}", app.port());
    let handle = app.handle();
    let application = app.app();
    let served = actix_web::rt::spawn(app.run_until_stopped());
    (base, Server { handle, served: std::sync::Arc::new(tokio::sync::Mutex::new(Some(served))) }, application)
}

pub struct Reply {
    pub status: StatusCode,
    pub body: Value,
}

impl Reply {
    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or_default()
    }
}

async fn database_url(backend: Backend, dir: &tempfile::TempDir) -> String {
    match backend {
        Backend::Sqlite => format!("sqlite://{}", dir.path().join("test.db").display()),
        Backend::Postgres => {
            let admin = std::env::var("BLOCOPRO_TEST_POSTGRES_URL")
                .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
            let name = format!("blocopro_test_{}", Uuid::now_v7().simple());
            blocopro_store_postgres::create_database(&admin, &name).await.unwrap()
        }
    }
}

impl TestApp {
    /// With the simulator enabled, as in `make run`.
    pub async fn spawn(backend: Backend) -> Self {
        Self::spawn_with(backend, true).await
    }

    pub async fn spawn_with(backend: Backend, simulator: bool) -> Self {
        Self::spawn_configured(backend, simulator, NO_GRAPH_API).await
    }

    /// Cloud API channels talk to the Graph API mock at `graph_url`.
    pub async fn spawn_with_graph(backend: Backend, graph_url: &str) -> Self {
        Self::spawn_configured(backend, true, graph_url).await
    }

    /// With the simulator, and `tweak` applied to the configuration (also on restarts).
    pub async fn spawn_tweaked(backend: Backend, tweak: impl Fn(&mut Config) + Send + Sync + 'static) -> Self {
        Self::spawn_with_tweak(backend, true, NO_GRAPH_API, std::sync::Arc::new(tweak)).await
    }

    async fn spawn_configured(backend: Backend, simulator: bool, cloud_api_base_url: &str) -> Self {
        Self::spawn_with_tweak(backend, simulator, cloud_api_base_url, std::sync::Arc::new(|_: &mut Config| {})).await
    }

    async fn spawn_with_tweak(backend: Backend, simulator: bool, cloud_api_base_url: &str, tweak: ConfigTweak) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let database_url = database_url(backend, &dir).await;
        let store = open_store(&database_url).await.unwrap();
        create_operator(store.as_ref(), "Ops", OPERATOR_EMAIL, PASSWORD.into()).await.unwrap();
        let admin_email = "admin@acme.test".to_owned();
        let company_id = company_with_admin(store.as_ref(), "Acme", &admin_email).await;
        let (base, server, app) = start(&store, dir.path(), simulator, cloud_api_base_url, &tweak).await;
        Self {
            base,
            server,
            app,
            client: reqwest::Client::new(),
            store,
            company_id,
            admin_email,
            database_url,
            simulator,
            cloud_api_base_url: cloud_api_base_url.to_owned(),
            tweak,
            _dir: std::sync::Arc::new(dir),
        }
    }

    /// The server's data directory (device stores live under `whatsapp/`).
    pub fn data_dir(&self) -> &std::path::Path {
        self._dir.path()
    }

    /// Stops the server as SIGTERM does (see `Application::run_until_stopped`); answers once it
    /// has stopped and handed back what it held.
    pub async fn stop_gracefully(&self) {
        self.app.stopping.cancel();
        self.server.stopped().await;
    }

    /// The server stopped and started again on the same database.
    pub async fn restarted(&self) -> Self {
        self.server.stop().await;
        // New connections: those opened on the stopped server's worker threads died with them.
        let store = open_store(&self.database_url).await.unwrap();
        let (base, server, app) =
            start(&store, self._dir.path(), self.simulator, &self.cloud_api_base_url, &self.tweak).await;
        Self { base, server, store, app, ..self.clone() }
    }

    /// Another instance on the same database, with its own connections (and, on PostgreSQL, its
    /// own LISTEN connection), as a second server behind a load balancer.
    pub async fn another_instance(&self) -> Self {
        let store = open_store(&self.database_url).await.unwrap();
        let (base, server, app) =
            start(&store, self._dir.path(), self.simulator, &self.cloud_api_base_url, &self.tweak).await;
        Self { base, server, store, app, ..self.clone() }
    }

    /// Another instance on the same database, configured differently (e.g. another JWT secret).
    pub async fn other_instance(&self, tweak: impl Fn(&mut Config) + Send + Sync + 'static) -> Self {
        let tweak: ConfigTweak = std::sync::Arc::new(tweak);
        let (base, server, app) =
            start(&self.store, self._dir.path(), self.simulator, &self.cloud_api_base_url, &tweak).await;
        Self { base, server, tweak, app, ..self.clone() }
    }

    /// Channel status changes arrive asynchronously from the connector; polls until `status` shows.
    pub async fn wait_for_channel_status(&self, token: &str, id: &str, status: &str) -> Value {
        for _ in 0..250 {
            let channel = self.get(&format!("/api/v1/channels/{id}"), token).await.body;
            if channel["status"] == status {
                return channel;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        panic!("channel {id} never became {status}");
    }

    /// The newest conversation the caller sees, once the received messages have made one.
    pub async fn first_conversation(&self, token: &str) -> Value {
        for _ in 0..250 {
            let conversation = self.get("/api/v1/conversations", token).await.body["items"][0].clone();
            if !conversation.is_null() {
                return conversation;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        panic!("no conversation");
    }

    /// The newest page of a channel's messages.
    pub async fn channel_messages(&self, token: &str, id: &str) -> Vec<Value> {
        self.get(&format!("/api/v1/channels/{id}/messages"), token).await.body["items"].as_array().unwrap().clone()
    }

    pub async fn send(&self, method: reqwest::Method, path: &str, token: Option<&str>, body: Option<Value>) -> Reply {
        let mut request = self.client.request(method, format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        let body =
            if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or(Value::String(text)) };
        Reply { status, body }
    }

    pub async fn get(&self, path: &str, token: &str) -> Reply {
        self.send(reqwest::Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Reply {
        self.send(reqwest::Method::POST, path, token, Some(body)).await
    }

    pub async fn patch(&self, path: &str, token: &str, body: Value) -> Reply {
        self.send(reqwest::Method::PATCH, path, Some(token), Some(body)).await
    }

    pub async fn put(&self, path: &str, token: &str, body: Value) -> Reply {
        self.send(reqwest::Method::PUT, path, Some(token), Some(body)).await
    }

    pub async fn delete(&self, path: &str, token: &str) -> Reply {
        self.send(reqwest::Method::DELETE, path, Some(token), None).await
    }

    pub async fn login(&self, email: &str, password: &str) -> Reply {
        self.post("/api/v1/auth/login", None, json!({ "email": email, "password": password })).await
    }

    /// Logs in and returns the access token, failing the test otherwise.
    pub async fn token_for(&self, email: &str) -> String {
        let reply = self.login(email, PASSWORD).await;
        assert_eq!(reply.status, StatusCode::OK, "login of {email}: {}", reply.body);
        reply.body["access_token"].as_str().unwrap().to_owned()
    }

    pub async fn admin_token(&self) -> String {
        self.token_for(&self.admin_email.clone()).await
    }

    pub async fn operator_token(&self) -> String {
        let reply = self
            .post("/api/v1/platform/auth/login", None, json!({ "email": OPERATOR_EMAIL, "password": PASSWORD }))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        reply.body["access_token"].as_str().unwrap().to_owned()
    }

    /// Registers an attendant holding no permission key unless `extra` gives some; returns its id.
    pub async fn create_attendant(&self, admin: &str, email: &str, extra: Value) -> String {
        let mut body = json!({
            "name": "Atendente", "email": email, "password": PASSWORD, "view_full_wallet": false, "permissions": [],
        });
        if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
            body.extend(extra.clone());
        }
        let reply = self.post("/api/v1/users", Some(admin), body).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
        reply.body["id"].as_str().unwrap().to_owned()
    }

    pub async fn create_simulator(&self, token: &str, name: &str) -> String {
        let created = self.post("/api/v1/channels", Some(token), json!({ "name": name, "kind": "simulator" })).await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
        created.body["id"].as_str().unwrap().to_owned()
    }

    /// Creates a simulator channel and pairs it; answers (id, phone number).
    pub async fn paired_simulator(&self, token: &str) -> (String, String) {
        self.paired_simulator_named(token, "Atendimento").await
    }

    /// A paired simulator channel named `name`; answers (id, phone number).
    pub async fn paired_simulator_named(&self, token: &str, name: &str) -> (String, String) {
        let id = self.create_simulator(token, name).await;
        let connect = self.post(&format!("/api/v1/channels/{id}/connect"), Some(token), json!({})).await;
        assert_eq!(connect.status, StatusCode::ACCEPTED, "{}", connect.body);
        self.wait_for_channel_status(token, &id, "pairing").await;
        let scanned = self.post(&format!("/api/v1/simulator/channels/{id}/scan"), Some(token), json!({})).await;
        assert_eq!(scanned.status, StatusCode::OK, "{}", scanned.body);
        self.wait_for_channel_status(token, &id, "connected").await;
        (id, scanned.body["phone_number"].as_str().unwrap().to_owned())
    }

    /// The platform operator switches the company's `whatsapp_groups` feature.
    pub async fn set_groups_feature(&self, enabled: bool) {
        let operator = self.operator_token().await;
        let path = format!("/api/v1/platform/companies/{}", self.company_id);
        let reply = self.patch(&path, &operator, json!({ "features": { "whatsapp_groups": enabled } })).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    }

    /// Another company with its own administrator; answers (company id, the admin's token).
    pub async fn other_company(&self, name: &str, admin_email: &str) -> (Uuid, String) {
        let company_id = company_with_admin(self.store.as_ref(), name, admin_email).await;
        (company_id, self.token_for(admin_email).await)
    }
}

/// A new company named `name` with an administrator `admin_email` (password `PASSWORD`).
async fn company_with_admin(store: &dyn Store, name: &str, admin_email: &str) -> Uuid {
    let company = register_company(store, Actor::SYSTEM, name, None, Default::default()).await.unwrap();
    let account = NewAccount { name: "Admin".into(), email: admin_email.into(), password: PASSWORD.into() };
    let views = blocopro_api::views();
    register_with_role(store, &views, Actor::SYSTEM, company.id, account, Role::Administrator).await.unwrap();
    company.id
}
