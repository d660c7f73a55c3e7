//! A Cloud API channel's WhatsApp message templates: synced from its WhatsApp Business Account,
//! and listed for those who write in the channel's conversations (a template is what a Cloud API
//! number may send once the customer's 24-hour window has closed).

use actix_web::{get, post, web};
use blocopro_app::channels::templates;
use blocopro_domain::FieldErrors;
use blocopro_domain::Timestamp;
use blocopro_domain::message::{ButtonSubType, MessageKind};
use blocopro_domain::template::{MessageTemplate, TemplateButton, TemplateHeader};
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
    /// How many values a text header's placeholders take (`header_parameters` of a template message).
    pub header_parameter_count: u32,
    /// The kind of file its header takes (`image`, `video`, `document`; `header_media_id` of a
    /// template message), when its header is a file.
    pub header_media: Option<MessageKind>,
    /// Whether BlocoPro can send it: not when its header is of a format it does not send (a location).
    pub sendable: bool,
    /// Its buttons, in order; those with a `parameter` take a value (`button_parameters`).
    pub buttons: Vec<TemplateButtonView>,
    /// The components (header, body, footer, buttons) as Meta gives them.
    #[schema(value_type = Vec<Object>)]
    pub components: serde_json::Value,
    pub synced_at: Timestamp,
}

/// One button of a template.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(as = TemplateButton)]
pub struct TemplateButtonView {
    /// Its index, from 0: what a value names.
    pub index: u32,
    /// Meta's type (`URL`, `QUICK_REPLY`, `PHONE_NUMBER`, `COPY_CODE`…), as Meta spells it.
    #[serde(rename = "type")]
    pub kind: String,
    pub text: String,
    /// A URL button's link, with `{{1}}` where a dynamic one takes its value.
    pub url: Option<String>,
    /// What its value is, when it takes one.
    pub parameter: Option<ButtonSubType>,
    /// Whether a value must be given (a dynamic link's end, a coupon code; a quick reply's
    /// payload is optional).
    pub parameter_required: bool,
}

impl From<TemplateButton> for TemplateButtonView {
    fn from(button: TemplateButton) -> Self {
        let takes = button.takes();
        TemplateButtonView {
            index: button.index,
            kind: button.kind,
            text: button.text,
            url: button.url,
            parameter: takes.map(|(sub_type, _)| sub_type),
            parameter_required: takes.is_some_and(|(_, required)| required),
        }
    }
}

impl From<MessageTemplate> for MessageTemplateView {
    fn from(template: MessageTemplate) -> Self {
        let header = template.header();
        let buttons = template.buttons().into_iter().map(Into::into).collect();
        MessageTemplateView {
            header_parameter_count: match header {
                TemplateHeader::Text { parameter_count } => parameter_count,
                _ => 0,
            },
            header_media: match header {
                TemplateHeader::Media(kind) => Some(kind),
                _ => None,
            },
            sendable: !matches!(header, TemplateHeader::Unsupported(_)),
            buttons,
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
