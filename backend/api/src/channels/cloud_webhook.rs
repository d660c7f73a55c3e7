//! The webhook Meta calls for a Cloud API channel: the subscription handshake (`GET`) and the
//! deliveries (`POST`), whose signature is checked over the raw body before anything is read.
//! A delivery is answered only after its events are stored, so Meta retries whatever failed;
//! replays are harmless because messages are stored once per `wamid`.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use blocopro_app::channels::cloud_webhook;
use blocopro_connectors::cloud_api::{parse_webhook, signature_is_valid, verification_is_valid};
use serde::Deserialize;

use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{PathId, QueryParams, RawBody, Validate};
use crate::metrics::DeliveryOutcome;
use crate::state::ApiState;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VerificationQuery {
    #[serde(rename = "hub.mode")]
    #[param(rename = "hub.mode")]
    pub mode: Option<String>,
    #[serde(rename = "hub.verify_token")]
    #[param(rename = "hub.verify_token")]
    pub verify_token: Option<String>,
    #[serde(rename = "hub.challenge")]
    #[param(rename = "hub.challenge")]
    pub challenge: Option<String>,
}

impl Validate for VerificationQuery {}

/// Meta's subscription handshake: echoes `hub.challenge` when `hub.verify_token` is the channel's.
#[utoipa::path(
    operation_id = "verify_cloud_webhook",
    tag = "webhooks",
    params(("id" = Uuid, Path, description = "Cloud API channel id"), VerificationQuery),
    responses(
        (status = 200, description = "The challenge, as text", body = String, content_type = "text/plain"),
        (status = 403, description = "Wrong verify token", body = Problem),
        (status = 404, description = "No such Cloud API channel", body = Problem),
    )
)]
#[get("/webhooks/whatsapp-cloud/{id}")]
pub async fn verify_subscription(
    state: web::Data<ApiState>,
    id: PathId,
    query: QueryParams<VerificationQuery>,
) -> ApiResult<HttpResponse> {
    let cached = cloud_webhook::channel(&state, id.0).await?;
    let credentials = &cached.1;
    let QueryParams(query) = query;
    if !verification_is_valid(&credentials.verify_token, query.mode.as_deref(), query.verify_token.as_deref()) {
        return Err(ApiError::forbidden("The verify token does not match this channel's."));
    }
    Ok(HttpResponse::Ok().content_type("text/plain").body(query.challenge.unwrap_or_default()))
}

/// A delivery from Meta: messages and statuses, signed with the app secret (`X-Hub-Signature-256`).
#[utoipa::path(
    operation_id = "receive_cloud_webhook",
    tag = "webhooks",
    params(("id" = Uuid, Path, description = "Cloud API channel id")),
    request_body(content = Object, description = "Meta's webhook payload, signed"),
    responses(
        (status = 200, description = "Stored"),
        (status = 400, description = "Not a webhook payload", body = Problem),
        (status = 401, description = "`invalid_signature`: nothing was stored", body = Problem),
        (status = 404, description = "No such Cloud API channel", body = Problem),
        (status = 413, description = "`payload_too_large`: over Meta's 3 MB maximum for one delivery", body = Problem),
    )
)]
#[post("/webhooks/whatsapp-cloud/{id}")]
pub async fn receive_delivery(
    state: web::Data<ApiState>,
    request: HttpRequest,
    id: PathId,
    body: RawBody,
) -> ApiResult<HttpResponse> {
    let stored = store_delivery(&state, &request, id, body).await;
    state.metrics.delivery(if stored.is_ok() { DeliveryOutcome::Stored } else { DeliveryOutcome::Refused });
    stored
}

async fn store_delivery(state: &ApiState, request: &HttpRequest, id: PathId, body: RawBody) -> ApiResult<HttpResponse> {
    let cached = cloud_webhook::channel(state, id.0).await?;
    let (channel, credentials) = (&cached.0, &cached.1);
    let signature = request.headers().get("X-Hub-Signature-256").and_then(|value| value.to_str().ok());
    if !signature_is_valid(&credentials.app_secret, &body.0, signature) {
        return Err(ApiError::unauthorized(
            "invalid_signature",
            "The X-Hub-Signature-256 signature is missing or wrong.",
        ));
    }
    let phone_number_id = channel.cloud.as_ref().map(|cloud| cloud.phone_number_id.as_str()).unwrap_or_default();
    let events = parse_webhook(&body.0, phone_number_id).map_err(|error| {
        ApiError::new(
            actix_web::http::StatusCode::BAD_REQUEST,
            "malformed_webhook",
            format!("Not a webhook payload: {error}"),
        )
    })?;
    cloud_webhook::receive(state, channel, events).await?;
    Ok(HttpResponse::Ok().finish())
}
