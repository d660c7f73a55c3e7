//! The BlocoPro HTTP API over the application (`blocopro_app`): extractors, the access table and
//! its guard, one module of handlers per area, problem+json errors, the OpenAPI document and the
//! realtime socket. `Application::build(config)` opens the store chosen by the database URL,
//! starts the application, wires every area's routes and binds (port 0 in tests); `openapi()` is
//! the document.

pub mod access;
pub mod access_hours;
pub mod agenda;
pub mod api_tokens;
pub mod audit;
pub mod auth;
pub mod channels;
pub mod company;
pub mod config;
pub mod contacts;
pub mod conversations;
pub mod departments;
pub mod error;
pub mod extract;
pub mod groups;
pub mod health;
pub mod labels;
mod matched_route;
pub mod media;
pub mod message_search;
pub mod metrics;
pub mod notes;
pub mod nullable;
pub mod openapi;
pub mod permissions;
pub mod platform;
pub mod presence;
pub mod quick_replies;
pub mod rate_limit;
pub mod realtime;
pub mod realtime_events;
pub mod reports;
mod request_span;
pub mod simulator;
pub mod spa;
pub mod state;
pub mod telemetry;
pub mod users;
mod view;
pub mod webhooks;

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::http::header;
use actix_web::middleware::{DefaultHeaders, NormalizePath, TrailingSlash};
use actix_web::{App, HttpServer, web};
use blocopro_app::Views;
use blocopro_store::{DynStore, Page};
use serde::Serialize;
use utoipa::openapi::OpenApi;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use agenda::AgendaEventView;
use audit::AuditEntryView;
pub use blocopro_domain::audit::Actor;
pub use blocopro_domain::permissions::Role;
use channels::{ChannelMessageView, ChannelView};
use company::CompanyView;
pub use config::Config;
use contacts::ContactView;
use conversations::ConversationView;
use departments::DepartmentView;
use error::ApiError;
use groups::GroupView;
use state::ApiState;
use users::UserView;
use webhooks::{WebhookDeliveryView, WebhookView};

macro_rules! list_response {
    ($($name:ident of $item:ty),+ $(,)?) => {$(
        /// A page of a list: follow `next_cursor` (as `?cursor=`) until it is null.
        #[derive(Serialize, utoipa::ToSchema)]
        pub struct $name {
            pub items: Vec<$item>,
            pub next_cursor: Option<String>,
        }

        impl<T: Into<$item>> From<Page<T>> for $name {
            fn from(page: Page<T>) -> Self {
                Self { items: page.items.into_iter().map(Into::into).collect(), next_cursor: page.next_cursor }
            }
        }
    )+};
}

list_response! {
    UserList of UserView,
    DepartmentList of DepartmentView,
    CompanyList of CompanyView,
    AuditList of AuditEntryView,
    ChannelList of ChannelView,
    MessageList of ChannelMessageView,
    GroupList of GroupView,
    ContactList of ContactView,
    ConversationList of ConversationView,
    AgendaList of AgendaEventView,
    WebhookList of WebhookView,
    WebhookDeliveryList of WebhookDeliveryView,
}

fn api_routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    auth::routes(cfg);
    users::routes(cfg);
    permissions::routes(cfg);
    departments::routes(cfg);
    access_hours::routes(cfg);
    presence::routes(cfg);
    api_tokens::routes(cfg);
    audit::routes(cfg);
    platform::routes(cfg);
    company::routes(cfg);
    channels::routes(cfg);
    groups::routes(cfg);
    contacts::routes(cfg);
    conversations::routes(cfg);
    message_search::routes(cfg);
    notes::routes(cfg);
    quick_replies::routes(cfg);
    labels::routes(cfg);
    reports::routes(cfg);
    agenda::routes(cfg);
    media::routes(cfg);
    realtime::routes(cfg);
    webhooks::routes(cfg);
    simulator::routes(cfg);
}

fn build_app(
    state: Option<web::Data<ApiState>>,
    body_limit: usize,
) -> utoipa_actix_web::UtoipaApp<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let mut app = App::new().app_data(web::PayloadConfig::new(body_limit));
    if let Some(state) = state {
        app = app.app_data(state);
    }
    app.wrap(actix_web::middleware::from_fn(access::guard))
        .wrap(actix_web::middleware::from_fn(metrics::record_request))
        .wrap(
            DefaultHeaders::new()
                .add(("Content-Security-Policy", CONTENT_SECURITY_POLICY))
                .add(("X-Content-Type-Options", "nosniff"))
                .add(("Referrer-Policy", "no-referrer"))
                .add(("X-Frame-Options", "DENY")),
        )
        .wrap(NormalizePath::new(TrailingSlash::Trim))
        .wrap(tracing_actix_web::TracingLogger::<request_span::PathOnlySpan>::new())
        .into_utoipa_app()
        .openapi(base_document())
        .configure(health::routes)
        .service(utoipa_actix_web::scope("/api/v1").configure(api_routes))
}

/// For the SPA and the docs UI alike: scripts only from this origin; inline styles, which Mantine
/// and Swagger UI inject; images also as data URIs; images, audio and video as `blob:` URLs (Chat fetches a
/// message's media with the session's token and plays it from an object URL); `connect-src 'self'` covers
/// same-origin `ws:`/`wss:` in CSP Level 3 browsers; nothing may frame the pages.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data: blob:; media-src 'self' blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; \
     base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

fn base_document() -> OpenApi {
    let mut doc = OpenApi::builder()
        .info(
            utoipa::openapi::InfoBuilder::new()
                .title("BlocoPro API")
                .version(env!("CARGO_PKG_VERSION"))
                .description(Some(
                    "WhatsApp customer service for companies. Errors are RFC 9457 problem+json with a stable `code`.",
                ))
                .build(),
        )
        .build();
    let components = doc.components.get_or_insert_with(Default::default);
    components.add_security_scheme("bearer", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
    doc
}

/// The OpenAPI document, as served at `/api/openapi.json`.
pub fn openapi() -> OpenApi {
    let mut document = build_app(None, 0).split_for_parts().1;
    openapi::finish(&mut document);
    document
}

/// The answer to a request no route took: 405 naming the methods the path has (`Allow`) for a
/// documented path, 404 for any other.
fn unrouted(known_paths: &openapi::KnownPaths, path: &str) -> actix_web::HttpResponse {
    use actix_web::http::StatusCode;
    let Some(allow) = known_paths.allowed_methods(path) else {
        return actix_web::ResponseError::error_response(&ApiError::not_found());
    };
    let error =
        ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", format!("This path answers {allow}."));
    let mut response = actix_web::ResponseError::error_response(&error);
    if let Ok(value) = header::HeaderValue::from_str(allow) {
        response.headers_mut().insert(header::ALLOW, value);
    }
    response
}

pub struct Application {
    port: u16,
    server: Server,
    state: web::Data<ApiState>,
}

impl Application {
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let store = blocopro_app::open_store(&config.database_url).await?;
        Self::build_with_store(config, store).await
    }

    pub async fn build_with_store(config: Config, store: DynStore) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(&config.bind)?;
        let port = listener.local_addr()?.port();
        let app = blocopro_app::App::start(config.app, store, views()).await?;
        let state = web::Data::new(ApiState {
            app,
            jwt: auth::tokens::JwtKeys::new(&config.jwt_secret),
            auth_rate_limiter: rate_limit::AuthRateLimiter::new(config.auth_rate_limit, config.trust_forwarded_for),
            metrics: metrics::Metrics::default(),
            metrics_token: config.metrics_token.clone(),
        });
        rate_limit::spawn_forgetting_idle_clients(state.clone());
        let spa = config.spa.clone().filter(spa::SpaFiles::is_built);
        tracing::info!(?spa, "the SPA served at /");
        let body_limit = config.body_limit;
        let app_state = state.clone();
        let server = HttpServer::new(move || {
            let (app, mut document) = build_app(Some(state.clone()), body_limit).split_for_parts();
            openapi::finish(&mut document);
            let known_paths = Arc::new(openapi::KnownPaths::of(&document));
            let app = app
                // Not to `/api/docs/`: NormalizePath trims that back to `/api/docs`, a redirect loop.
                .service(web::resource("/metrics").route(web::get().to(metrics::scrape)))
                .service(web::redirect("/api/docs", "/api/docs/index.html"))
                .service(SwaggerUi::new("/api/docs/{_:.*}").url("/api/openapi.json", document));
            // Also the default of the /api/v1 scope: with the SPA served too, an unknown API path is
            // still a problem+json 404 (or 405), never the SPA's answer nor an empty one.
            let unrouted_paths = known_paths.clone();
            let app = app.default_service(web::to(move |request: actix_web::HttpRequest| {
                std::future::ready(unrouted(&unrouted_paths, request.path()))
            }));
            match &spa {
                Some(files) => app.service(spa::service(files.clone(), known_paths)),
                None => app,
            }
        })
        .listen(listener)?
        // `run_until_stopped` handles the signals: it closes the realtime sockets and stops the workers too.
        .disable_signals()
        .shutdown_timeout(SHUTDOWN_TIMEOUT.as_secs())
        .run();
        Ok(Self { port, server, state: app_state })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The application behind the server, for tests that act as a connector or a worker would
    /// (e.g. hand the dispatcher an event no connector produces yet).
    pub fn app(&self) -> Arc<blocopro_app::App> {
        self.state.app.clone()
    }

    /// Stops the server from outside at once, dropping what is under way (tests restarting it); a
    /// graceful stop is `App::stopping` cancelled.
    pub fn handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    /// Serves until SIGTERM or SIGINT (or `App::stopping`, or `handle()`), then stops gracefully:
    /// realtime sockets are closed with 1001 and the workers told to end at once, no connection is
    /// accepted, requests under way get `SHUTDOWN_TIMEOUT`, then the application hands back what
    /// this instance holds (`App::leave`, itself bounded).
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let app = self.state.app.clone();
        let handle = self.server.handle();
        let stopper = actix_web::rt::spawn({
            let app = app.clone();
            async move {
                stop_requested(&app).await;
                tracing::info!(within = ?SHUTDOWN_TIMEOUT, "stopping: no new connections; requests under way may finish");
                app.stopping.cancel();
                handle.stop(true).await;
            }
        });
        let served = self.server.await;
        stopper.abort();
        app.leave().await;
        tracing::info!("stopped");
        served
    }
}

/// How long requests under way may take to finish once the server stops; then they are dropped.
pub const SHUTDOWN_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Until SIGTERM or SIGINT arrives, or `App::stopping` is cancelled.
async fn stop_requested(app: &blocopro_app::App) {
    use tokio::signal::unix::{SignalKind, signal};
    let arrives = |kind: SignalKind, name: &'static str| async move {
        match signal(kind) {
            Ok(mut signals) => {
                signals.recv().await;
                tracing::info!(signal = name, "stop requested");
            }
            Err(error) => {
                tracing::warn!(%error, signal = name, "this signal cannot stop the server gracefully");
                std::future::pending().await
            }
        }
    };
    tokio::select! {
        () = app.stopping.cancelled() => {}
        () = arrives(SignalKind::terminate(), "SIGTERM") => {}
        () = arrives(SignalKind::interrupt(), "SIGINT") => {}
    }
}

/// The API's views of the resources that events and audit entries carry (see `blocopro_app::Views`).
pub fn views() -> Views {
    Views {
        channel: |channel| serde_json::to_value(ChannelView::from(channel.clone())).unwrap_or_default(),
        user: |user| serde_json::to_value(UserView::from(user.clone())).unwrap_or_default(),
    }
}
