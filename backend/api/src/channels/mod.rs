//! Channels: the company's WhatsApp numbers. Creating and configuring them, connecting (QR Code
//! pairing or Cloud API credentials), their live status, and the messages they carry.

pub mod business_hours;
pub mod cloud_webhook;
pub mod flow;
pub mod links;
pub mod message_views;
pub mod requests;
pub mod templates;

use actix_web::{HttpResponse, delete, get, patch, post, web};
use blocopro_app::channels::{connection, manage, messages};
use blocopro_domain::Timestamp;
use blocopro_domain::channel::{Capabilities, Channel, ChannelKind, ChannelStatus, CloudSettings};
use blocopro_store::MessageFilter;
use serde::{Deserialize, Serialize};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

pub use message_views::ChannelMessageView;
pub use requests::{ConnectRequest, CreateChannelRequest, DisconnectRequest, SendTextRequest, UpdateChannelRequest};

use crate::audit::PageQuery;
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{Body, OptionalBody, PageLimit, PathId, QueryParams, parse_cursor};
use crate::state::ApiState;
use crate::view::view;
use crate::{ChannelList, MessageList};

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list_channels)
        .service(create_channel)
        .service(get_channel)
        .service(update_channel)
        .service(delete_channel)
        .service(connect_channel)
        .service(disconnect_channel)
        .service(channel_qr)
        .service(list_messages)
        .service(send_text)
        .service(links::get_user_channels)
        .service(links::set_user_channels)
        .service(flow::get_flow)
        .service(flow::put_flow)
        .service(business_hours::get_business_hours)
        .service(business_hours::put_business_hours)
        .service(templates::list_templates)
        .service(templates::sync_templates)
        .service(cloud_webhook::verify_subscription)
        .service(cloud_webhook::receive_delivery);
}

/// A channel as the API shows it; Cloud API secrets are write-only and never appear.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ChannelView {
    pub id: Uuid,
    pub name: String,
    pub kind: ChannelKind,
    pub status: ChannelStatus,
    /// E.164, once the connector knows it.
    pub phone_number: Option<String>,
    pub capabilities: CapabilitiesView,
    /// Cloud API settings (only for `whatsapp_cloud`).
    pub cloud: Option<CloudSettingsView>,
    /// Where Meta must send this channel's webhooks (only for `whatsapp_cloud`).
    pub webhook_path: Option<String>,
    pub status_changed_at: Timestamp,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl From<Channel> for ChannelView {
    fn from(channel: Channel) -> Self {
        let webhook_path = (channel.kind == ChannelKind::WhatsappCloud)
            .then(|| format!("/api/v1/webhooks/whatsapp-cloud/{}", channel.id));
        ChannelView {
            id: channel.id,
            name: channel.name,
            kind: channel.kind,
            status: channel.status,
            phone_number: channel.phone_number,
            capabilities: channel.kind.capabilities().into(),
            cloud: channel.cloud.map(Into::into),
            webhook_path,
            status_changed_at: channel.status_changed_at,
            created_at: channel.created_at,
            updated_at: channel.updated_at,
        }
    }
}

view! {
    /// What a channel can do; the SPA and integrators read it instead of guessing from the kind.
    #[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
    #[schema(as = Capabilities)]
    pub struct CapabilitiesView from Capabilities {
        /// Lists and imports the groups the number takes part in.
        pub groups: bool,
        /// Creates new WhatsApp groups.
        pub create_group: bool,
        /// Pairs by scanning a QR Code with the phone.
        pub qr_pairing: bool,
        /// Sends text messages.
        pub send_text: bool,
        /// Reports delivered/read receipts for what it sends.
        pub receipts: bool,
    }
}

view! {
    /// The non-secret settings of a Cloud API channel (its secrets are kept encrypted, apart).
    #[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
    #[schema(as = CloudSettings)]
    pub struct CloudSettingsView from CloudSettings {
        /// The Graph API id of the business phone number.
        pub phone_number_id: String,
        /// The WhatsApp Business Account id, when given.
        pub waba_id: Option<String>,
        /// The Graph API version used in request paths, e.g. `v21.0`.
        pub api_version: String,
    }
}

/// The QR Code to scan with WhatsApp › Aparelhos conectados.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct QrView {
    /// The text the QR Code encodes.
    pub code: String,
    /// The QR Code as an SVG image.
    pub svg: String,
    /// A new code replaces this one then.
    pub expires_at: Timestamp,
}

/// The company's channels, by name: all of them for channel managers, otherwise those linked to the caller.
#[utoipa::path(
    tag = "channels",
    security(("bearer" = [])),
    params(PageQuery),
    responses((status = 200, description = "A page of channels", body = ChannelList), (status = 401, body = Problem))
)]
#[get("/channels")]
async fn list_channels(
    state: web::Data<ApiState>,
    auth: AuthUser,
    query: QueryParams<PageQuery>,
) -> ApiResult<web::Json<ChannelList>> {
    let page = manage::list(&state, &auth, query.0.page()?).await?;
    Ok(web::Json(ChannelList::from(page.map(ChannelView::from))))
}

/// Add a channel. A `whatsapp_cloud` channel needs its Cloud API settings and secrets; the others
/// are connected afterwards by scanning a QR Code.
#[utoipa::path(
    tag = "channels",
    security(("bearer" = [])),
    request_body = CreateChannelRequest,
    responses(
        (status = 201, description = "Created", body = ChannelView),
        (status = 403, description = "Missing `channels.manage`", body = Problem),
        (status = 409, description = "Name or phone number id already in use", body = Problem),
        (status = 422, description = "Invalid fields or missing Cloud API credentials", body = Problem),
    )
)]
#[post("/channels")]
async fn create_channel(
    state: web::Data<ApiState>,
    auth: AuthUser,
    body: Body<CreateChannelRequest>,
) -> ApiResult<HttpResponse> {
    let channel = manage::create(&state, &auth, body.0.into()).await?;
    Ok(HttpResponse::Created().json(ChannelView::from(channel)))
}

/// One channel.
#[utoipa::path(
    tag = "channels",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Channel id")),
    responses((status = 200, description = "The channel", body = ChannelView), (status = 404, body = Problem))
)]
#[get("/channels/{id}")]
async fn get_channel(state: web::Data<ApiState>, auth: AuthUser, id: PathId) -> ApiResult<web::Json<ChannelView>> {
    Ok(web::Json(manage::get(&state, &auth, id.0).await?.into()))
}

/// Rename a channel or change its Cloud API settings and secrets (given secrets replace the stored
/// ones; a new `access_token` lets a logged-out Cloud API channel connect again).
#[utoipa::path(
    tag = "channels",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Channel id")),
    request_body = UpdateChannelRequest,
    responses(
        (status = 200, description = "Updated", body = ChannelView),
        (status = 404, body = Problem),
        (status = 409, description = "Name already in use", body = Problem),
        (status = 422, description = "Invalid fields", body = Problem),
    )
)]
#[patch("/channels/{id}")]
async fn update_channel(
    state: web::Data<ApiState>,
    auth: AuthUser,
    id: PathId,
    body: Body<UpdateChannelRequest>,
) -> ApiResult<web::Json<ChannelView>> {
    Ok(web::Json(manage::update(&state, &auth, id.0, body.0.into()).await?.into()))
}

/// Remove a channel: its session is closed and the device unlinked; its messages are kept.
#[utoipa::path(
    tag = "channels",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Channel id")),
    responses((status = 204, description = "Removed"), (status = 404, body = Problem))
)]
#[delete("/channels/{id}")]
async fn delete_channel(state: web::Data<ApiState>, auth: AuthUser, id: PathId) -> ApiResult<HttpResponse> {
    manage::delete(&state, &auth, id.0).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Open the channel's session. A QR channel starts pairing (`pairing`, then a QR Code at
/// `GET /channels/{id}/qr`) or resumes its linked device; status changes follow asynchronously.
#[utoipa::path(
    tag = "channels",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Channel id")),
    request_body(content = Option<ConnectRequest>, description = "Optional: no body pairs as before"),
    responses(
        (status = 202, description = "Connecting; the status follows", body = ChannelView),
        (status = 404, body = Problem),
        (status = 409, description = "`channel_logged_out`: pair again or renew the credentials", body = Problem),
        (status = 422, description = "`not_supported` by this server", body = Problem),
    )
)]
#[post("/channels/{id}/connect")]
async fn connect_channel(
    state: web::Data<ApiState>,
    auth: AuthUser,
    id: PathId,
    body: OptionalBody<ConnectRequest>,
) -> ApiResult<HttpResponse> {
    let channel = connection::connect(&state, &auth, id.0, body.0.pair_again).await?;
    Ok(HttpResponse::Accepted().json(ChannelView::from(channel)))
}

/// Close the channel's session; with `logout` the device is also unlinked from the phone (QR channels).
#[utoipa::path(
    tag = "channels",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Channel id")),
    request_body(content = Option<DisconnectRequest>, description = "Optional: no body keeps the device linked"),
    responses((status = 200, description = "Disconnected", body = ChannelView), (status = 404, body = Problem))
)]
#[post("/channels/{id}/disconnect")]
async fn disconnect_channel(
    state: web::Data<ApiState>,
    auth: AuthUser,
    id: PathId,
    body: OptionalBody<DisconnectRequest>,
) -> ApiResult<web::Json<ChannelView>> {
    Ok(web::Json(connection::disconnect(&state, &auth, id.0, body.0.logout).await?.into()))
}

/// The QR Code of a pairing channel, as text and SVG; it rotates every 20 seconds.
#[utoipa::path(
    operation_id = "get_channel_qr",
    tag = "channels",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Channel id")),
    responses(
        (status = 200, description = "The current QR Code", body = QrView),
        (status = 404, body = Problem),
        (status = 409, description = "`channel_not_pairing`", body = Problem),
    )
)]
#[get("/channels/{id}/qr")]
async fn channel_qr(state: web::Data<ApiState>, auth: AuthUser, id: PathId) -> ApiResult<web::Json<QrView>> {
    let qr = connection::qr(&state, &auth, id.0).await?;
    let svg = render_svg(&qr.code)?;
    Ok(web::Json(QrView { code: qr.code, svg, expires_at: qr.expires_at }))
}

fn render_svg(code: &str) -> ApiResult<String> {
    let qr = qrcode::QrCode::new(code.as_bytes()).map_err(|error| ApiError::internal(&error.to_string()))?;
    Ok(qr.render::<qrcode::render::svg::Color>().min_dimensions(264, 264).quiet_zone(true).build())
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MessagesQuery {
    /// Only this conversation: a number in E.164 or a group id.
    pub chat_id: Option<String>,
    #[param(inline)]
    pub limit: Option<PageLimit>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl crate::extract::Validate for MessagesQuery {}

/// Messages received and sent on the channel, newest first.
#[utoipa::path(
    operation_id = "list_channel_messages",
    tag = "channels",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Channel id"), MessagesQuery),
    responses((status = 200, description = "A page of messages", body = MessageList), (status = 404, body = Problem))
)]
#[get("/channels/{id}/messages")]
async fn list_messages(
    state: web::Data<ApiState>,
    auth: AuthUser,
    id: PathId,
    query: QueryParams<MessagesQuery>,
) -> ApiResult<web::Json<MessageList>> {
    let QueryParams(query) = query;
    let page = blocopro_store::PageRequest::new(PageLimit::get(query.limit), parse_cursor(query.cursor.as_deref())?);
    let filter = MessageFilter { chat_id: query.chat_id };
    let page = messages::list(&state, &auth, id.0, &filter, page).await?;
    Ok(web::Json(MessageList::from(page)))
}

/// Send a text message from the channel to a number (E.164) or one of its groups.
#[utoipa::path(
    operation_id = "send_channel_text",
    tag = "channels",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Channel id")),
    request_body = SendTextRequest,
    responses(
        (status = 201, description = "Sent", body = ChannelMessageView),
        (status = 404, body = Problem),
        (status = 409, description = "`channel_not_connected`", body = Problem),
        (status = 422, description = "Invalid recipient or text, or refused by WhatsApp", body = Problem),
        (status = 429, description = "`rate_limited` by WhatsApp", body = Problem),
    )
)]
#[post("/channels/{id}/messages")]
async fn send_text(
    state: web::Data<ApiState>,
    auth: AuthUser,
    id: PathId,
    body: Body<SendTextRequest>,
) -> ApiResult<HttpResponse> {
    let Body(request) = body;
    let message = messages::send_text(&state, &auth, id.0, request.to, request.text).await?;
    Ok(HttpResponse::Created().json(ChannelMessageView::from(message)))
}
