//! A channel's greeting flow: `GET/PUT /channels/{id}/flow` (the menu that routes new
//! conversations to department queues; see `blocopro_app::conversations::queue`).

use actix_web::{get, put, web};
use blocopro_app::channels::flow::{self, FlowSettings};
use blocopro_domain::FieldErrors;
use blocopro_domain::flow::{DEFAULT_RETRY_TEXT, Flow, FlowOption};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::error::{ApiResult, Problem};
use crate::extract::{Body, PathId, Validate};
use crate::state::ApiState;
use crate::view::view;

view! {
    /// One numbered option of the menu.
    #[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
    #[schema(as = FlowOption)]
    pub struct FlowOptionView from FlowOption, and back {
        /// What the contact answers: 1 to 9.
        pub number: u8,
        pub label: String,
        /// The queue the conversation goes to.
        pub department_id: Uuid,
    }
}

/// A channel's greeting flow.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = Flow)]
pub struct FlowView {
    pub channel_id: Uuid,
    /// Off: new conversations wait in the channel's general queue.
    pub enabled: bool,
    pub greeting: String,
    pub retry_text: String,
    pub options: Vec<FlowOptionView>,
}

impl From<Flow> for FlowView {
    fn from(flow: Flow) -> Self {
        Self {
            channel_id: flow.channel_id,
            enabled: flow.enabled,
            greeting: flow.greeting,
            retry_text: flow.retry_text,
            options: flow.options.into_iter().map(Into::into).collect(),
        }
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FlowRequest {
    pub enabled: bool,
    /// Sent first to a new contact, before the numbered options.
    pub greeting: String,
    /// Sent when an answer names no option, before the options again (default: a pt-BR sentence).
    pub retry_text: Option<String>,
    #[serde(default)]
    pub options: Vec<FlowOptionView>,
}

impl From<FlowRequest> for FlowSettings {
    fn from(request: FlowRequest) -> Self {
        Self {
            enabled: request.enabled,
            greeting: request.greeting,
            retry_text: request.retry_text,
            options: request.options.into_iter().map(Into::into).collect(),
        }
    }
}

impl Validate for FlowRequest {
    fn validate(&self) -> Result<(), FieldErrors> {
        let retry_text = self.retry_text.clone().unwrap_or_else(|| DEFAULT_RETRY_TEXT.to_owned());
        let flow = Flow {
            enabled: self.enabled,
            greeting: self.greeting.clone(),
            retry_text,
            options: self.options.iter().cloned().map(Into::into).collect(),
            ..Flow::off(uuid::Uuid::nil(), uuid::Uuid::nil())
        };
        flow.validate()
    }
}

/// A channel's greeting flow (off and empty until one is saved).
#[utoipa::path(
    operation_id = "get_channel_flow",
    tag = "channels",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Channel id")),
    responses((status = 200, description = "The flow", body = FlowView), (status = 404, body = Problem))
)]
#[get("/channels/{id}/flow")]
pub async fn get_flow(state: web::Data<ApiState>, auth: AuthUser, id: PathId) -> ApiResult<web::Json<FlowView>> {
    Ok(web::Json(flow::get(&state, &auth, id.0).await?.into()))
}

/// Replace a channel's greeting flow.
#[utoipa::path(
    operation_id = "set_channel_flow",
    tag = "channels",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Channel id")),
    request_body = FlowRequest,
    responses(
        (status = 200, description = "Saved", body = FlowView),
        (status = 403, description = "Missing `channels.manage`", body = Problem),
        (status = 404, body = Problem),
        (status = 422, description = "Invalid fields or unknown departments", body = Problem),
    )
)]
#[put("/channels/{id}/flow")]
pub async fn put_flow(
    state: web::Data<ApiState>,
    auth: AuthUser,
    id: PathId,
    body: Body<FlowRequest>,
) -> ApiResult<web::Json<FlowView>> {
    Ok(web::Json(flow::set(&state, &auth, id.0, body.0.into()).await?.into()))
}
