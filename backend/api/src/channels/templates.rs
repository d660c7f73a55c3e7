//! A Cloud API channel's WhatsApp message templates: synced from its WhatsApp Business Account,
//! and listed for those who write in the channel's conversations (a template is what a Cloud API
//! number may send once the customer's 24-hour window has closed).

use actix_web::{get, post, web};
use blocopro_app::channels::templates;
use blocopro_domain::FieldErrors;
use blocopro_domain::Timestamp;
use blocopro_domain::template::MessageTemplate;
use serde::{Deserialize, Serialize};

use crate::auth::AuthUser;
use crate::error::{ApiResult, Problem};
use crate::extract::{PathId, QueryParams, Validate};
use crate::state::ApiState;

/// An approved WhatsApp template (or one Meta is still reviewing, rejected or paused), as last
/// synced from the channel's WhatsApp Business Account.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(as = MessageTemplate)]
pub struct MessageTemplateView {
    pub name: String,
    /// Its language code, e.g. `pt_BR`: with the name, what `template` of a message names.
    pub language: String,
    /// Meta's category (`MARKETING`, `UTILITY`, `AUTHENTICATION`), as Meta spells it.
    pub category: String,
    /// Meta's status (`APPROVED`, `PENDING`, `REJECTED`, `PAUSED`, …), as Meta spells it; only
    /// `APPROVED` templates may be sent.
    pub status: String,
    /// The body's text with its placeholders `{{1}}`…`{{n}}`.
    pub body_text: String,
    /// How many values the body's placeholders take (`parameters` of a template message).
    pub parameter_count: u32,
    /// The header's text, when it has a text header.
    pub header_text: Option<String>,
    /// The components (header, body, footer, buttons) as Meta gives them.
    #[schema(value_type = Vec<Object>)]
    pub components: serde_json::Value,
    pub synced_at: Timestamp,
}

impl From<MessageTemplate> for MessageTemplateView {
    fn from(template: MessageTemplate) -> Self {
        MessageTemplateView {
            name: template.name,
            language: template.language,
            category: template.category,
            status: template.status,
            body_text: template.body_text,
            parameter_count: template.body_parameter_count,
            header_text: template.header_text,
            components: template.components,
            synced_at: template.synced_at,
        }
    }
}

/// A channel's templates, by name and language.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MessageTemplateList {
    pub items: Vec<MessageTemplateView>,
}

impl From<Vec<MessageTemplate>> for MessageTemplateList {
    fn from(templates: Vec<MessageTemplate>) -> Self {
        MessageTemplateList { items: templates.into_iter().map(Into::into).collect() }
    }
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TemplatesQuery {
    /// Only templates of this Meta status (`APPROVED`, `PENDING`, `REJECTED`, `PAUSED`…); default `APPROVED`.
    pub status: Option<String>,
}

impl Validate for TemplatesQuery {
    fn validate(&self) -> Result<(), FieldErrors> {
        match &self.status {
            Some(status)
                if status.is_empty()
                    || status.len() > 32
                    || !status.chars().all(|c| c.is_ascii_alphabetic() || c == '_') =>
            {
                Err(FieldErrors::single("status", "must be a status as Meta spells it, e.g. APPROVED"))
            }
            _ => Ok(()),
        }
    }
}

/// The channel's templates (approved ones unless `status` says otherwise), for whoever may write
/// in the channel's conversations.
#[utoipa::path(
    operation_id = "list_channel_templates",
    tag = "channels",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Channel id"), TemplatesQuery),
    responses(
        (status = 200, description = "The channel's templates, by name and language", body = MessageTemplateList),
        (status = 403, description = "Missing `messages.send`", body = Problem),
        (status = 404, description = "No such channel among those whose conversations the caller writes in", body = Problem),
    )
)]
#[get("/channels/{id}/templates")]
pub async fn list_templates(
    state: web::Data<ApiState>,
    auth: AuthUser,
    id: PathId,
    query: QueryParams<TemplatesQuery>,
) -> ApiResult<web::Json<MessageTemplateList>> {
    let listed = templates::list(&state, &auth, id.0, query.0.status.as_deref()).await?;
    Ok(web::Json(listed.into()))
}

/// Sync the channel's templates from its WhatsApp Business Account now (they are also synced
/// daily): the stored set is replaced by Meta's, whatever their status; templates deleted at Meta
/// are gone. Answers every template of the channel.
#[utoipa::path(
    operation_id = "sync_channel_templates",
    tag = "channels",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Channel id")),
    responses(
        (status = 200, description = "The channel's templates after the sync, of every status", body = MessageTemplateList),
        (status = 403, description = "Missing `channels.manage`", body = Problem),
        (status = 404, body = Problem),
        (status = 409, description = "`channel_credentials_rejected`: Meta refused the channel's token", body = Problem),
        (status = 422, description = "`templates_not_supported` (not a Cloud API channel) or `waba_id_missing` (save the channel's `waba_id` first)", body = Problem),
        (status = 502, description = "`whatsapp_rejected`: Meta refused the request", body = Problem),
        (status = 503, description = "`whatsapp_unavailable`: Meta could not be reached", body = Problem),
    )
)]
#[post("/channels/{id}/templates/sync")]
pub async fn sync_templates(
    state: web::Data<ApiState>,
    auth: AuthUser,
    id: PathId,
) -> ApiResult<web::Json<MessageTemplateList>> {
    Ok(web::Json(templates::sync(&state, &auth, id.0).await?.into()))
}
