//! Chat's conversations: the list each user sees (visibility scope, departments, wallet, channel
//! links — the rule of `conversation::Viewer`), one conversation with its messages, and the
//! conversation-management actions of "Parâmetros de chat".

use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use blocopro_app::conversations::messages::{Draft, TemplateDraft};
use blocopro_app::conversations::{self, ConversationAction};
use blocopro_domain::conversation::{Conversation, ConversationKind, ConversationStatus};
use blocopro_domain::message::MessageKind;
use blocopro_domain::template::MAX_PARAMETER_CHARS;
use blocopro_domain::{FieldErrors, Timestamp};
use blocopro_store::{ConversationFilter, PageRequest};
use serde::{Deserialize, Serialize};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::channels::ChannelMessageView;
use crate::channels::message_views::LocationView;
use crate::channels::requests::MAX_TEXT_LENGTH;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{Body, PageLimit, PathId, QueryParams, Validate, parse_cursor};
use crate::labels::ConversationLabels;
use crate::state::ApiState;
use crate::view::view;
use crate::{ConversationList, MessageList};

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list_conversations)
        .service(get_conversation)
        .service(act_on_conversation)
        .service(list_conversation_messages)
        .service(send_message)
        .service(react_to_message);
}

view! {
    /// A conversation of Chat: one per channel and chat (a contact's number or an imported group).
    #[derive(Serialize, utoipa::ToSchema)]
    #[schema(as = Conversation)]
    pub struct ConversationView from Conversation {
        pub id: Uuid,
        pub channel_id: Uuid,
        pub kind: ConversationKind,
        /// The contact's number (E.164) or the group's WhatsApp id.
        pub chat_id: String,
        /// What Chat shows: the contact's name (or number), or the group's subject.
        pub title: String,
        /// The contact of a direct conversation.
        pub contact_id: Option<Uuid>,
        /// The imported group of a group conversation.
        pub group_id: Option<Uuid>,
        pub status: ConversationStatus,
        /// The queue it is in (a group's department for group conversations).
        pub department_id: Option<Uuid>,
        pub assigned_to: Option<Uuid>,
        /// The contact was sent the channel's menu and has not chosen an option yet.
        pub awaiting_choice: bool,
        /// The attendant whose wallet holds the contact (direct conversations).
        pub contact_owner_id: Option<Uuid>,
        /// Messages received since someone last read it.
        pub unread_count: u32,
        pub last_message_at: Timestamp,
        /// The start of the last message's text or caption (or a document's file name, a place's
        /// name…); empty when it has none (a photo without caption): show `last_message_kind` then.
        pub last_message_preview: Option<String>,
        /// The last message's kind, to show beside the preview ("📷 Foto").
        pub last_message_kind: MessageKind,
        /// Cloud API conversations only (null for other channels): when the 24-hour
        /// customer-service window closes, 24 hours after the customer's last message (at the
        /// conversation's start when the customer never wrote). Once it has passed, only an
        /// approved `template` may be sent until the customer writes again; anything else answers
        /// 422 `outside_customer_window`.
        pub customer_window_closes_at: Option<Timestamp>,
        /// The company's labels put on it (`PUT /conversations/{id}/labels`), by name.
        pub labels: ConversationLabels,
        pub created_at: Timestamp,
        pub updated_at: Timestamp,
    }
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ConversationsQuery {
    pub kind: Option<ConversationKind>,
    pub status: Option<ConversationStatus>,
    pub channel_id: Option<Uuid>,
    pub department_id: Option<Uuid>,
    pub assigned_to: Option<Uuid>,
    /// Only conversations carrying this label (one label per request; a label of another
    /// company matches nothing).
    pub label_id: Option<Uuid>,
    /// Only the direct conversations with this contact (the contact's other conversations).
    pub contact_id: Option<Uuid>,
    #[param(inline)]
    pub limit: Option<PageLimit>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl Validate for ConversationsQuery {}

/// The conversations the caller sees, newest activity first, with their unread counts.
#[utoipa::path(
    tag = "conversations",
    security(("bearer" = [])),
    params(ConversationsQuery),
    responses(
        (status = 200, description = "A page of conversations", body = ConversationList),
        (status = 422, description = "Invalid filters", body = Problem),
    )
)]
#[get("/conversations")]
async fn list_conversations(
    state: web::Data<ApiState>,
    auth: AuthUser,
    query: QueryParams<ConversationsQuery>,
) -> ApiResult<web::Json<ConversationList>> {
    let QueryParams(query) = query;
    let filter = ConversationFilter {
        kind: query.kind,
        status: query.status,
        channel_id: query.channel_id,
        department_id: query.department_id,
        assigned_to: query.assigned_to,
        label_id: query.label_id,
        contact_id: query.contact_id,
    };
    let page = PageRequest::new(PageLimit::get(query.limit), parse_cursor(query.cursor.as_deref())?);
    let listed = conversations::list(&state, &auth, &filter, page).await?;
    Ok(web::Json(ConversationList::from(listed)))
}

/// One conversation.
#[utoipa::path(
    tag = "conversations",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Conversation id")),
    responses((status = 200, description = "The conversation", body = ConversationView), (status = 404, body = Problem))
)]
#[get("/conversations/{id}")]
async fn get_conversation(
    state: web::Data<ApiState>,
    auth: AuthUser,
    id: PathId,
) -> ApiResult<web::Json<ConversationView>> {
    Ok(web::Json(conversations::get(&state, &auth, id.0).await?.into()))
}

#[derive(Debug, Clone, Copy, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    Assign,
    Transfer,
    Close,
    Reopen,
    MarkRead,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConversationActionRequest {
    pub action: ActionKind,
    /// `assign`: who takes it (default: me). `transfer`: the attendant it goes to.
    pub user_id: Option<Uuid>,
    /// `transfer`: the department queue it goes to.
    pub department_id: Option<Uuid>,
    /// `transfer`: a note for whoever receives it, shown with the transfer in the thread (the team
    /// alone sees it).
    #[schema(example = "Cliente quer 2ª via do boleto; já confirmei o CPF.")]
    pub note: Option<String>,
}

impl Validate for ConversationActionRequest {
    fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        let targets = matches!(self.action, ActionKind::Assign | ActionKind::Transfer);
        if !targets && (self.user_id.is_some() || self.department_id.is_some()) {
            errors.add("action", "only assign and transfer take a user_id or department_id");
        }
        if matches!(self.action, ActionKind::Assign) && self.department_id.is_some() {
            errors.add("department_id", "assign takes a user_id only; use transfer to change the queue");
        }
        match (&self.note, self.action) {
            (Some(_), action) if !matches!(action, ActionKind::Transfer) => {
                errors.add("note", "only a transfer takes a note");
            }
            (Some(note), _) if note.chars().count() > MAX_TEXT_LENGTH => {
                errors.add("note", format!("must have at most {MAX_TEXT_LENGTH} characters"));
            }
            _ => {}
        }
        errors.into_fields()
    }
}

impl From<ConversationActionRequest> for ConversationAction {
    fn from(request: ConversationActionRequest) -> Self {
        match request.action {
            ActionKind::Assign => Self::Assign { to: request.user_id },
            ActionKind::Transfer => Self::Transfer { to_user: request.user_id, to_department: request.department_id },
            ActionKind::Close => Self::Close,
            ActionKind::Reopen => Self::Reopen,
            ActionKind::MarkRead => Self::MarkRead,
        }
    }
}

/// Take, assign, transfer, close, reopen or mark read, as the caller's "Parâmetros de chat" allow.
/// A transfer is also shown in the thread (a message of kind `transfer`, announced as
/// `message.created`), with the `note` left for whoever receives it.
#[utoipa::path(
    tag = "conversations",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Conversation id")),
    request_body = ConversationActionRequest,
    responses(
        (status = 200, description = "The conversation after the action", body = ConversationView),
        (status = 403, description = "The action's permission is missing", body = Problem),
        (status = 404, body = Problem),
        (status = 409, description = "`conversation_closed` or `conversation_not_closed`", body = Problem),
        (status = 422, description = "Unknown user or department", body = Problem),
    )
)]
#[patch("/conversations/{id}")]
async fn act_on_conversation(
    state: web::Data<ApiState>,
    auth: AuthUser,
    id: PathId,
    body: Body<ConversationActionRequest>,
) -> ApiResult<web::Json<ConversationView>> {
    let note = body.0.note.clone();
    Ok(web::Json(conversations::act(&state, &auth, id.0, body.0.into(), note.as_deref()).await?.into()))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ConversationMessagesQuery {
    #[param(inline)]
    pub limit: Option<PageLimit>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Open the thread at this message of the conversation (a search result): the page holds up
    /// to half its messages newer than it, then it and older ones; `next_cursor` goes on to older
    /// ones. Not with `cursor`. 404 when it is not one of the conversation's messages.
    pub around: Option<Uuid>,
}

impl Validate for ConversationMessagesQuery {
    fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.around.is_some() && self.cursor.is_some() {
            errors.add("around", "cannot be combined with `cursor`");
        }
        errors.into_fields()
    }
}

/// The conversation's messages, newest first; in groups each names its sender.
#[utoipa::path(
    tag = "conversations",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Conversation id"), ConversationMessagesQuery),
    responses((status = 200, description = "A page of messages", body = MessageList), (status = 404, body = Problem))
)]
#[get("/conversations/{id}/messages")]
async fn list_conversation_messages(
    state: web::Data<ApiState>,
    auth: AuthUser,
    id: PathId,
    query: QueryParams<ConversationMessagesQuery>,
) -> ApiResult<web::Json<MessageList>> {
    let QueryParams(query) = query;
    let page = PageRequest::new(PageLimit::get(query.limit), parse_cursor(query.cursor.as_deref())?);
    let messages = match query.around {
        Some(around) => {
            let conversation = conversations::chat(&state, &auth, id.0).await?;
            conversations::messages::list_around(&state, &auth, &conversation, around, page.limit).await?
        }
        None => conversations::messages::list(&state, &auth, id.0, page).await?,
    };
    Ok(web::Json(MessageList::from(messages)))
}

/// Longest Idempotency-Key accepted.
const MAX_IDEMPOTENCY_KEY: usize = 200;

/// Longest name or address of a location sent.
const MAX_PLACE_LENGTH: usize = 256;

/// An approved template of the conversation's Cloud API channel (`GET /channels/{id}/templates`),
/// with the values of its body's placeholders.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateMessageRequest {
    #[schema(example = "boleto_vencendo")]
    pub name: String,
    /// Its language code, e.g. `pt_BR`.
    #[schema(example = "pt_BR")]
    pub language: String,
    /// The values of the body's `{{1}}`…`{{n}}`, in order: exactly the template's `parameter_count`.
    #[serde(default)]
    pub parameters: Vec<String>,
    /// The values of a text header's `{{1}}`…, in order: exactly the template's `header_parameter_count`.
    #[serde(default)]
    pub header_parameters: Vec<String>,
    /// For a template whose header is a file (its `header_media`: image, video or document): an
    /// upload's id (`POST /media`) of that kind.
    pub header_media_id: Option<Uuid>,
    /// The values of its buttons that take one (see the template's `buttons`): each required one,
    /// optionally a quick reply's payload.
    #[serde(default)]
    pub button_parameters: Vec<ButtonValueRequest>,
}

/// The value of one template button.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ButtonValueRequest {
    /// The button's index among the template's buttons, from 0.
    pub index: u32,
    /// The dynamic end of a URL button's link, a quick reply's payload, or a coupon code.
    #[schema(example = "ABC123")]
    pub value: String,
}

/// Longest template name Meta allows.
const MAX_TEMPLATE_NAME: usize = 512;
/// Longest language code accepted.
const MAX_TEMPLATE_LANGUAGE: usize = 16;
/// Most placeholders accepted in one template.
const MAX_TEMPLATE_PARAMETERS: usize = 100;
/// Most buttons Meta allows in one template.
const MAX_TEMPLATE_BUTTONS: u32 = 10;

/// A message to write: text; or a file uploaded with `POST /media` (sent as the upload's kind,
/// `text` its caption); or a location; or an approved template (Cloud API channels; the only kind
/// allowed once the conversation's `customer_window_closes_at` has passed). Any of them may reply
/// to a message of the conversation.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SendMessageRequest {
    /// The text; required unless `media_id` or `location` is given, then it is the caption.
    #[schema(example = "Olá! Como posso ajudar?")]
    #[serde(default)]
    pub text: Option<String>,
    /// An upload's id (`POST /media`).
    pub media_id: Option<Uuid>,
    /// A message of this conversation to reply to.
    pub reply_to_message_id: Option<Uuid>,
    pub location: Option<LocationView>,
    /// A template to send instead of text, a file or a location.
    pub template: Option<TemplateMessageRequest>,
}

impl SendMessageRequest {
    fn validate_template(template: &TemplateMessageRequest, errors: &mut FieldErrors) {
        let name = template.name.trim();
        if name.is_empty() || name.chars().count() > MAX_TEMPLATE_NAME {
            errors.add("template.name", format!("must have 1 to {MAX_TEMPLATE_NAME} characters"));
        }
        let language = template.language.trim();
        if language.is_empty()
            || language.len() > MAX_TEMPLATE_LANGUAGE
            || !language.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            errors.add("template.language", "must be a language code such as pt_BR");
        }
        Self::validate_values("template.parameters", &template.parameters, errors);
        Self::validate_values("template.header_parameters", &template.header_parameters, errors);
        let button_values: Vec<String> = template.button_parameters.iter().map(|button| button.value.clone()).collect();
        Self::validate_values("template.button_parameters", &button_values, errors);
        for (at, button) in template.button_parameters.iter().enumerate() {
            if button.index >= MAX_TEMPLATE_BUTTONS {
                errors.add(
                    format!("template.button_parameters[{at}].index"),
                    format!("must be below {MAX_TEMPLATE_BUTTONS}"),
                );
            }
        }
    }

    /// At most `MAX_TEMPLATE_PARAMETERS` values under `field`, each 1 to `MAX_PARAMETER_CHARS`
    /// characters (named `field[i]`).
    fn validate_values(field: &str, values: &[String], errors: &mut FieldErrors) {
        if values.len() > MAX_TEMPLATE_PARAMETERS {
            errors.add(field, format!("must have at most {MAX_TEMPLATE_PARAMETERS} values"));
        }
        for (index, value) in values.iter().enumerate() {
            if value.trim().is_empty() || value.chars().count() > MAX_PARAMETER_CHARS {
                errors.add(format!("{field}[{index}]"), format!("must have 1 to {MAX_PARAMETER_CHARS} characters"));
            }
        }
    }
}

impl Validate for SendMessageRequest {
    fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if let Some(template) = &self.template {
            let others = [
                ("text", self.text.is_some()),
                ("media_id", self.media_id.is_some()),
                ("location", self.location.is_some()),
            ];
            for (field, given) in others {
                if given {
                    errors.add(field, "a template message takes no text, file or location");
                }
            }
            Self::validate_template(template, &mut errors);
            return errors.into_fields();
        }
        let text = self.text.as_deref().unwrap_or_default();
        let has_substance = self.media_id.is_some() || self.location.is_some();
        if (!has_substance && text.trim().is_empty()) || text.chars().count() > MAX_TEXT_LENGTH {
            errors.add(
                "text",
                format!("must have 1 to {MAX_TEXT_LENGTH} characters (it may be empty with a file or a location)"),
            );
        }
        if self.media_id.is_some() && self.location.is_some() {
            errors.add("location", "send either a file or a location");
        }
        if let Some(location) = &self.location {
            if !(-90.0..=90.0).contains(&location.latitude) {
                errors.add("location.latitude", "must be between -90 and 90");
            }
            if !(-180.0..=180.0).contains(&location.longitude) {
                errors.add("location.longitude", "must be between -180 and 180");
            }
            for (field, value) in [("location.name", &location.name), ("location.address", &location.address)] {
                if value.as_deref().is_some_and(|value| value.chars().count() > MAX_PLACE_LENGTH) {
                    errors.add(field, format!("must have at most {MAX_PLACE_LENGTH} characters"));
                }
            }
        }
        errors.into_fields()
    }
}

impl From<SendMessageRequest> for Draft {
    fn from(request: SendMessageRequest) -> Self {
        Draft {
            text: request.text.unwrap_or_default(),
            media_id: request.media_id,
            reply_to_message_id: request.reply_to_message_id,
            location: request.location.map(Into::into),
            template: request.template.map(|template| TemplateDraft {
                name: template.name.trim().to_owned(),
                language: template.language.trim().to_owned(),
                parameters: template.parameters,
                header_parameters: template.header_parameters,
                header_media_id: template.header_media_id,
                button_values: template
                    .button_parameters
                    .into_iter()
                    .map(|button| (button.index, button.value))
                    .collect(),
            }),
        }
    }
}

/// The `Idempotency-Key` header, when sent.
fn idempotency_key(request: &HttpRequest) -> ApiResult<Option<String>> {
    let Some(value) = request.headers().get("Idempotency-Key") else { return Ok(None) };
    match value.to_str().map(str::trim) {
        Ok(key) if !key.is_empty() && key.len() <= MAX_IDEMPOTENCY_KEY => Ok(Some(key.to_owned())),
        _ => Err(ApiError::invalid_field("Idempotency-Key", "must be 1 to 200 visible characters")),
    }
}

/// Write in the conversation. The message is stored first (`queued`) and sent by the outbox, which
/// retries while the channel is briefly offline; its status follows (`sent`, `delivered`, `read`,
/// or `failed` with the reason). A user answering a conversation that waits for someone (`pending`,
/// unassigned) takes it in the same write, as the `assign` action would: it becomes `open`,
/// assigned to them (`conversation.updated`). Repeating a request with the same `Idempotency-Key`
/// answers the message stored the first time and sends (and takes) nothing again.
#[utoipa::path(
    tag = "conversations",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "Conversation id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Any unique text per message, e.g. a UUID; a retry with the same key never sends twice"),
    ),
    request_body = SendMessageRequest,
    responses(
        (status = 202, description = "Queued (or found, for a repeated key)", body = ChannelMessageView),
        (status = 403, description = "Missing `messages.send`", body = Problem),
        (status = 404, body = Problem),
        (status = 409, description = "`conversation_closed` or `channel_not_connected`", body = Problem),
        (status = 422, description = "Invalid fields or Idempotency-Key; `media_not_found` (no upload of the company has this id); `reply_target_not_found` (no sent message of this conversation has this id); `outside_customer_window` (a Cloud API conversation's 24-hour window has closed: only a template may be sent); `template_not_found` (the channel has no approved template of this name and language); `template_parameters_mismatch` (not one value per body placeholder); `template_header_parameters_mismatch` (not one value per text header placeholder); `template_header_media_mismatch` (a media header's file missing or of another kind, or a file for a template without one); `template_header_media_not_found` (no upload of the company has the `header_media_id`); `template_header_not_supported` (a header BlocoPro cannot send, e.g. a location); `template_button_parameters_mismatch` (a button that needs a value without one, a value for a button that takes none, or a button given twice); `templates_not_supported` (not a Cloud API channel)", body = Problem),
    )
)]
#[post("/conversations/{id}/messages")]
async fn send_message(
    state: web::Data<ApiState>,
    auth: AuthUser,
    id: PathId,
    request: HttpRequest,
    body: Body<SendMessageRequest>,
) -> ApiResult<HttpResponse> {
    let key = idempotency_key(&request)?;
    let stored = conversations::messages::send(&state, &auth, id.0, body.0.into(), key.as_deref())
        .await
        .map_err(|error| naming_the_reference(error.into()))?;
    Ok(HttpResponse::Accepted().json(ChannelMessageView::from(stored)))
}

/// A reference of the request that is not found, named as the field at fault.
fn naming_the_reference(error: ApiError) -> ApiError {
    match error.code() {
        "media_not_found" => error.naming("media_id"),
        "reply_target_not_found" => error.naming("reply_to_message_id"),
        "template_not_found" | "templates_not_supported" => error.naming("template"),
        "template_parameters_mismatch" => error.naming("template.parameters"),
        "template_header_parameters_mismatch" => error.naming("template.header_parameters"),
        "template_header_media_mismatch" | "template_header_media_not_found" => {
            error.naming("template.header_media_id")
        }
        "template_button_parameters_mismatch" => error.naming("template.button_parameters"),
        "template_header_not_supported" => error.naming("template"),
        _ => error,
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReactionRequest {
    /// One emoji; an empty string takes the reaction back.
    #[schema(example = "👍")]
    pub emoji: String,
}

impl Validate for ReactionRequest {
    fn validate(&self) -> Result<(), FieldErrors> {
        Ok(())
    }
}

/// The path of a message of a conversation.
#[derive(Deserialize)]
struct MessagePath {
    id: String,
    message_id: String,
}

impl MessagePath {
    fn ids(&self) -> ApiResult<(Uuid, Uuid)> {
        let parse = |field: &str, text: &str| {
            Uuid::parse_str(text).map_err(|_| ApiError::invalid_field(field, "must be a UUID"))
        };
        Ok((parse("id", &self.id)?, parse("message_id", &self.message_id)?))
    }
}

/// React to a message of the conversation, as the channel's number: the reaction is sent to
/// WhatsApp at once (nothing is recorded when the channel is offline), then shown on the message
/// (`message.updated`). An empty emoji takes the reaction back.
#[utoipa::path(
    tag = "conversations",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "Conversation id"),
        ("message_id" = Uuid, Path, description = "A message of the conversation"),
    ),
    request_body = ReactionRequest,
    responses(
        (status = 200, description = "The message with its reactions", body = ChannelMessageView),
        (status = 403, description = "Missing `messages.send`", body = Problem),
        (status = 404, description = "No such conversation, or no such message in it", body = Problem),
        (status = 409, description = "`channel_not_connected`, or `message_not_sent` (it has no WhatsApp id yet)", body = Problem),
        (status = 422, description = "Not one emoji", body = Problem),
    )
)]
#[post("/conversations/{id}/messages/{message_id}/reactions")]
async fn react_to_message(
    state: web::Data<ApiState>,
    auth: AuthUser,
    path: web::Path<MessagePath>,
    body: Body<ReactionRequest>,
) -> ApiResult<web::Json<ChannelMessageView>> {
    let (id, message_id) = path.ids()?;
    let reacted = conversations::reactions::react(&state, &auth, id, message_id, &body.0.emoji).await?;
    Ok(web::Json(ChannelMessageView::from(reacted)))
}
