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
pub mod media;
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
mod request_span;
pub mod simulator;
pub mod state;
pub mod telemetry;
pub mod users;
mod view;
pub mod webhooks;

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::{Server, Service};
use actix_web::http::header;
use actix_web::middleware::{Compress, DefaultHeaders, NormalizePath, TrailingSlash};
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
    notes::routes(cfg);
    quick_replies::routes(cfg);
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
        let spa_dir = config.spa_dir.clone().filter(|dir| dir.join("index.html").is_file());
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
            match &spa_dir {
                Some(dir) => app.service(
                    web::scope("")
                        .wrap(Compress::default())
                        .wrap_fn(|request, service| {
                            let cache_control = spa_cache_control(request.path());
                            let response = service.call(request);
                            async move {
                                let mut response = response.await?;
                                if response.status().is_success() {
                                    let value = header::HeaderValue::from_static(cache_control);
                                    response.headers_mut().insert(header::CACHE_CONTROL, value);
                                }
                                Ok(response)
                            }
                        })
                        .service({
                            let assets = dir.join("assets");
                            web::resource("/assets/{name}").route(
                                web::route()
                                    .guard(actix_web::guard::Any(actix_web::guard::Get()).or(actix_web::guard::Head()))
                                    .to(move |request: actix_web::HttpRequest| spa_asset(assets.clone(), request)),
                            )
                        })
                        .service(
                            actix_files::Files::new("/", dir)
                                .index_file("index.html")
                                .default_handler(spa_index(dir.join("index.html"), known_paths)),
                        ),
                ),
                None => app.default_service(web::to(move |request: actix_web::HttpRequest| {
                    std::future::ready(unrouted(&known_paths, request.path()))
                })),
            }
        })
        .listen(listener)?
        .shutdown_timeout(10)
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

    /// Stops the server from outside (tests restarting it).
    pub fn handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    /// Serves until stopped, then hands back what this instance holds.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let served = self.server.await;
        self.state.app.leave().await;
        served
    }
}

/// The SPA's built files are named by their content hash (`/assets/…`): a browser keeps them for a
/// year and never asks again. Everything else (the index, which names the current ones) is checked
/// with the server each time.
fn spa_cache_control(path: &str) -> &'static str {
    if path.starts_with("/assets/") { "public, max-age=31536000, immutable" } else { "no-cache" }
}

/// One of the SPA's hashed files, sent as its precompressed twin when the client takes that encoding: the build
/// writes `<file>.br` (brotli) and `<file>.gz` (gzip), both at their best compression, beside each script and
/// style sheet (frontend/vite.config.ts), about a quarter smaller than what `Compress` makes on the fly (gzip at
/// its fastest). A file without twins is compressed on the fly; a missing file is a 404, not the index.
async fn spa_asset(
    assets: std::path::PathBuf,
    request: actix_web::HttpRequest,
) -> actix_web::Result<actix_web::HttpResponse> {
    use actix_web::http::header::{ContentEncoding, Encoding, Header};
    let name = request.match_info().get("name").unwrap_or_default();
    if name.is_empty() || name.starts_with('.') || name.contains(['/', '\\']) {
        return Err(actix_web::error::ErrorNotFound("no such file"));
    }
    let path = assets.join(name);
    let twins: Vec<(Encoding, std::path::PathBuf)> = [(ContentEncoding::Brotli, "br"), (ContentEncoding::Gzip, "gz")]
        .into_iter()
        .map(|(encoding, extension)| (Encoding::Known(encoding), assets.join(format!("{name}.{extension}"))))
        .filter(|(_, twin)| twin.is_file())
        .collect();
    let identity = Encoding::identity();
    let chosen = header::AcceptEncoding::parse(&request)
        .ok()
        .and_then(|accepted| accepted.negotiate(twins.iter().map(|(encoding, _)| encoding).chain([&identity])));
    let file = match twins.iter().find(|(encoding, _)| Some(encoding) == chosen.as_ref()) {
        Some((Encoding::Known(encoding), twin)) => {
            let extension = std::path::Path::new(name).extension().and_then(|e| e.to_str()).unwrap_or_default();
            actix_files::NamedFile::open_async(twin)
                .await?
                .set_content_type(actix_files::file_extension_to_mime(extension))
                .set_content_encoding(*encoding)
        }
        _ => actix_files::NamedFile::open_async(&path).await?,
    };
    let mut response = file.disable_content_disposition().into_response(&request);
    if !twins.is_empty() {
        response.headers_mut().insert(header::VARY, header::HeaderValue::from_static("accept-encoding"));
    }
    Ok(response)
}

/// Unknown paths outside the API get the SPA's index so that client-side routes load;
/// API paths no route took get a problem+json 405 or 404 (`unrouted`).
fn spa_index(
    index: std::path::PathBuf,
    known_paths: Arc<openapi::KnownPaths>,
) -> impl actix_web::dev::ServiceFactory<
    actix_web::dev::ServiceRequest,
    Config = (),
    Response = actix_web::dev::ServiceResponse,
    Error = actix_web::Error,
    InitError = (),
> {
    actix_web::dev::fn_service(move |request: actix_web::dev::ServiceRequest| {
        let index = index.clone();
        let known_paths = known_paths.clone();
        async move {
            let (request, _) = request.into_parts();
            if request.path().starts_with("/api/") || known_paths.allowed_methods(request.path()).is_some() {
                let response = unrouted(&known_paths, request.path());
                return Ok(actix_web::dev::ServiceResponse::new(request, response));
            }
            let file = actix_files::NamedFile::open_async(&index).await?;
            let response = file.into_response(&request);
            Ok(actix_web::dev::ServiceResponse::new(request, response))
        }
    })
}

/// The API's views of the resources that events and audit entries carry (see `blocopro_app::Views`).
pub fn views() -> Views {
    Views {
        channel: |channel| serde_json::to_value(ChannelView::from(channel.clone())).unwrap_or_default(),
        user: |user| serde_json::to_value(UserView::from(user.clone())).unwrap_or_default(),
    }
}
