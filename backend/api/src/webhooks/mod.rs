//! Outgoing webhooks for integrators: a company registers URLs and the event types each wants
//! (`blocopro_app::webhooks`); the application's `webhook_deliveries` feeds them from the event log
//! and posts signed deliveries, retried with backoff.

use actix_web::{HttpResponse, delete, get, post, web};
use blocopro_app::webhooks::{self, NewWebhook, RegisteredWebhook};
use blocopro_domain::webhook::{
    Webhook, WebhookDelivery, WebhookDeliveryStatus, WebhookEvent, check_events, check_secret, check_url,
};
use blocopro_domain::{FieldErrors, Timestamp};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::audit::PageQuery;
use crate::auth::AuthUser;
use crate::error::{ApiResult, Problem};
use crate::extract::{Body, PathId, QueryParams, Validate};
use crate::state::ApiState;
use crate::view::view;
use crate::{WebhookDeliveryList, WebhookList};

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list_webhooks)
        .service(create_webhook)
        .service(get_webhook)
        .service(delete_webhook)
        .service(list_deliveries)
        .service(test_webhook);
}

view! {
    #[derive(Serialize, utoipa::ToSchema)]
    #[schema(as = Webhook)]
    pub struct WebhookView from Webhook {
        pub id: Uuid,
        /// Where deliveries are posted.
        #[schema(example = "https://erp.example.com/blocopro/events")]
        pub url: String,
        /// The event types delivered.
        pub events: Vec<WebhookEvent>,
        pub created_by: Option<Uuid>,
        pub created_at: Timestamp,
    }
}

view! {
    /// One event on its way to one webhook, with how its tries went.
    #[derive(Serialize, utoipa::ToSchema)]
    #[schema(as = WebhookDelivery)]
    pub struct WebhookDeliveryView from WebhookDelivery {
        /// Also the `id` of the body and the `X-BlocoPro-Delivery` header: receivers deduplicate by it.
        pub id: Uuid,
        pub webhook_id: Uuid,
        /// `message.created`, … or `ping`.
        pub event_type: String,
        /// The event's cursor in the company's event log (none for a ping).
        pub event_cursor: Option<i64>,
        pub status: WebhookDeliveryStatus,
        /// Tries so far.
        pub attempts: u32,
        /// The HTTP status of the last answer, if the receiver answered.
        pub last_status: Option<u16>,
        /// Why the last try failed (`timeout`, `http_500`, a connection error…).
        pub last_error: Option<String>,
        pub created_at: Timestamp,
        pub last_attempt_at: Option<Timestamp>,
        /// When the next try is due (queued deliveries only).
        pub next_attempt_at: Option<Timestamp>,
        pub delivered_at: Option<Timestamp>,
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateWebhookRequest {
    /// An `http` or `https` URL without credentials.
    #[schema(example = "https://erp.example.com/blocopro/events")]
    pub url: String,
    /// The event types to deliver.
    #[schema(min_items = 1)]
    pub events: Vec<WebhookEvent>,
    /// The signing secret (16 to 256 characters, no spaces); generated when left out.
    #[schema(min_length = 16, max_length = 256)]
    pub secret: Option<String>,
}

impl Validate for CreateWebhookRequest {
    fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        check_url(&mut errors, "url", self.url.trim());
        check_events(&mut errors, "events", &self.events);
        if let Some(secret) = &self.secret {
            check_secret(&mut errors, "secret", secret);
        }
        errors.into_fields()
    }
}

impl From<CreateWebhookRequest> for NewWebhook {
    fn from(request: CreateWebhookRequest) -> Self {
        Self { url: request.url, events: request.events, secret: request.secret }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CreatedWebhook {
    /// The signing secret, shown only now.
    pub secret: String,
    pub webhook: WebhookView,
}

impl From<RegisteredWebhook> for CreatedWebhook {
    fn from(registered: RegisteredWebhook) -> Self {
        Self { secret: registered.secret.expose_secret().to_owned(), webhook: registered.webhook.into() }
    }
}

/// The company's webhooks, oldest first.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "A page of webhooks", body = WebhookList),
        (status = 403, description = "Missing `webhooks.manage`", body = Problem),
    )
)]
#[get("/webhooks")]
async fn list_webhooks(
    state: web::Data<ApiState>,
    auth: AuthUser,
    query: QueryParams<PageQuery>,
) -> ApiResult<web::Json<WebhookList>> {
    let page = state.store.list_webhooks(auth.company_id, query.0.page()?).await?;
    Ok(web::Json(WebhookList::from(page)))
}

/// Register a webhook; its secret is in this answer only.
///
/// Every event of the chosen types that happens from now on is posted to `url` as JSON:
/// `{"id": <delivery id>, "type": "message.created", "cursor": 123, "created_at": "…", "data": {…}}`
/// (the `data` of each type is that of the realtime event). Headers: `X-BlocoPro-Event` (the type),
/// `X-BlocoPro-Delivery` (the delivery id: deduplicate by it, a delivery may arrive twice) and
/// `X-BlocoPro-Signature: t=<unix seconds>,v1=<hex>`, where `v1` is the HMAC-SHA256, keyed with the
/// secret, of `<t>.<raw body>`; compare in constant time and refuse old `t` values. Answer any 2xx
/// within 10 s; anything else is tried again after 10 s, 20 s, 40 s … (8 tries in about 21 minutes),
/// then the delivery is `failed`.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = [])),
    request_body = CreateWebhookRequest,
    responses(
        (status = 201, description = "Registered", body = CreatedWebhook),
        (status = 403, description = "Missing `webhooks.manage`", body = Problem),
        (status = 422, description = "Bad `url`, `events` or `secret`", body = Problem),
    )
)]
#[post("/webhooks")]
async fn create_webhook(
    state: web::Data<ApiState>,
    auth: AuthUser,
    body: Body<CreateWebhookRequest>,
) -> ApiResult<HttpResponse> {
    let registered = webhooks::create(&state, &auth, body.0.into()).await?;
    Ok(HttpResponse::Created().json(CreatedWebhook::from(registered)))
}

/// One webhook (never its secret).
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Webhook id")),
    responses((status = 200, body = WebhookView), (status = 403, body = Problem), (status = 404, body = Problem))
)]
#[get("/webhooks/{id}")]
async fn get_webhook(state: web::Data<ApiState>, auth: AuthUser, id: PathId) -> ApiResult<web::Json<WebhookView>> {
    Ok(web::Json(webhooks::get(&state, &auth, id.0).await?.into()))
}

/// Remove a webhook with its delivery log; queued deliveries are not sent.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Webhook id")),
    responses((status = 204, description = "Removed"), (status = 403, body = Problem), (status = 404, body = Problem))
)]
#[delete("/webhooks/{id}")]
async fn delete_webhook(state: web::Data<ApiState>, auth: AuthUser, id: PathId) -> ApiResult<HttpResponse> {
    webhooks::delete(&state, &auth, id.0).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The webhook's deliveries, newest first: status, tries, the receiver's last answer.
#[utoipa::path(
    operation_id = "list_webhook_deliveries",
    tag = "webhooks",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Webhook id"), PageQuery),
    responses(
        (status = 200, description = "A page of deliveries", body = WebhookDeliveryList),
        (status = 403, body = Problem),
        (status = 404, body = Problem),
    )
)]
#[get("/webhooks/{id}/deliveries")]
async fn list_deliveries(
    state: web::Data<ApiState>,
    auth: AuthUser,
    id: PathId,
    query: QueryParams<PageQuery>,
) -> ApiResult<web::Json<WebhookDeliveryList>> {
    let page = webhooks::deliveries(&state, &auth, id.0, query.0.page()?).await?;
    Ok(web::Json(WebhookDeliveryList::from(page)))
}

/// Queue a `ping` delivery to check the receiver; it shows in the delivery log.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Webhook id")),
    responses(
        (status = 202, description = "Queued", body = WebhookDeliveryView),
        (status = 403, body = Problem),
        (status = 404, body = Problem),
    )
)]
#[post("/webhooks/{id}/test")]
async fn test_webhook(state: web::Data<ApiState>, auth: AuthUser, id: PathId) -> ApiResult<HttpResponse> {
    let delivery = webhooks::test(&state, &auth, id.0).await?;
    Ok(HttpResponse::Accepted().json(WebhookDeliveryView::from(delivery)))
}
