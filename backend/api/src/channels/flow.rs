//! A channel's greeting flow: `GET/PUT /channels/{id}/flow` (the menu that routes new
//! conversations to department queues; see `blocopro_app::conversations::queue`).

use actix_web::{get, put, web};
use blocopro_domain::FieldErrors;
use blocopro_domain::flow::{DEFAULT_RETRY_TEXT, Flow, FlowOption};
use blocopro_store::StoreError;
use serde::Deserialize;

use super::visible_channel;
use crate::audit::entry;
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{Body, PathId, Validate};
use crate::state::ApiState;

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FlowRequest {
    pub enabled: bool,
    /// Sent first to a new contact, before the numbered options.
    pub greeting: String,
    /// Sent when an answer names no option, before the options again (default: a pt-BR sentence).
    pub retry_text: Option<String>,
    #[serde(default)]
    pub options: Vec<FlowOption>,
}

impl FlowRequest {
    fn into_flow(self, auth: &AuthUser, channel_id: uuid::Uuid) -> Flow {
        Flow {
            channel_id,
            company_id: auth.company_id,
            enabled: self.enabled,
            greeting: self.greeting.trim().to_owned(),
            retry_text: self.retry_text.map_or_else(|| DEFAULT_RETRY_TEXT.to_owned(), |text| text.trim().to_owned()),
            options: self
                .options
                .into_iter()
                .map(|option| FlowOption { label: option.label.trim().to_owned(), ..option })
                .collect(),
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
            options: self.options.clone(),
            ..Flow::off(uuid::Uuid::nil(), uuid::Uuid::nil())
        };
        flow.validate()
    }
}

/// A channel's greeting flow (off and empty until one is saved).
#[utoipa::path(
    tag = "channels",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Channel id")),
    responses((status = 200, description = "The flow", body = Flow), (status = 404, body = Problem))
)]
#[get("/channels/{id}/flow")]
pub async fn get_flow(state: web::Data<ApiState>, auth: AuthUser, id: PathId) -> ApiResult<web::Json<Flow>> {
    let channel = visible_channel(&state, &auth, id.0).await?;
    let flow = state.store.get_flow(auth.company_id, channel.id).await?;
    Ok(web::Json(flow.unwrap_or_else(|| Flow::off(auth.company_id, channel.id))))
}

/// Replace a channel's greeting flow.
#[utoipa::path(
    tag = "channels",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Channel id")),
    request_body = FlowRequest,
    responses(
        (status = 200, description = "Saved", body = Flow),
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
) -> ApiResult<web::Json<Flow>> {
    let channel = visible_channel(&state, &auth, id.0).await?;
    let flow = body.0.into_flow(&auth, channel.id);
    let before = state.store.get_flow(auth.company_id, channel.id).await?;
    let summary = serde_json::json!({ "before": before, "after": flow });
    let audit = entry(&auth, "channel.flow_set", "channel", Some(channel.id), summary);
    state.store.put_flow(&flow, &audit).await.map_err(|error| match error {
        StoreError::UnknownReferences(ids) => ApiError::unknown_references("options", "departments", &ids),
        other => other.into(),
    })?;
    Ok(web::Json(flow))
}
