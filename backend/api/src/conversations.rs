//! Chat's conversations: the list each user sees (visibility scope, departments, wallet, channel
//! links — the rule of `conversation::Viewer`), one conversation with its messages, and the
//! conversation-management actions of "Parâmetros de chat".

use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use blocopro_domain::channel::ensure_connected;
use blocopro_domain::conversation::{Action, Conversation, ConversationKind, ConversationStatus, apply_action};
use blocopro_domain::event::EventKind;
use blocopro_domain::permissions::Permission;
use blocopro_domain::user::Visibility;
use blocopro_domain::{FieldErrors, Timestamp};
use blocopro_store::{ConversationFilter, ConversationViewer, MessageFilter, PageRequest};
use serde::{Deserialize, Serialize};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use blocopro_app::channels::queued_message;
use blocopro_app::events::announce::{announce_conversation, announce_message_in};

use crate::auth::AuthUser;
use crate::channels::ChannelMessageView;
use crate::channels::requests::MAX_TEXT_LENGTH;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{Body, PageLimit, PathId, QueryParams, Validate, parse_cursor};
use crate::state::ApiState;
use crate::view::view;
use crate::{ConversationList, MessageList};

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list_conversations)
        .service(get_conversation)
        .service(act_on_conversation)
        .service(list_conversation_messages)
        .service(send_message);
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
        pub last_message_preview: Option<String>,
        pub created_at: Timestamp,
        pub updated_at: Timestamp,
    }
}

/// Who is reading: a user with their scope; an API token needs the full wallet to read Chat.
fn viewer(auth: &AuthUser) -> ApiResult<ConversationViewer> {
    match &auth.user {
        Some(user) => Ok(ConversationViewer {
            sees_everything: auth.is_admin,
            user_id: Some(user.id),
            visibility: user.visibility,
        }),
        None if auth.permissions.contains(&Permission::WalletViewAll) => {
            Ok(ConversationViewer { sees_everything: true, user_id: None, visibility: Visibility::All })
        }
        None => Err(ApiError::forbidden("This token needs the permission `wallet.view_all` to read conversations.")),
    }
}

/// A conversation the caller sees; 404 otherwise.
async fn visible_conversation(state: &ApiState, auth: &AuthUser, id: Uuid) -> ApiResult<Conversation> {
    let viewer = viewer(auth)?;
    state.store.get_conversation(auth.company_id, &viewer, id).await?.ok_or_else(ApiError::not_found)
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
    };
    let page = PageRequest::new(PageLimit::get(query.limit), parse_cursor(query.cursor.as_deref())?);
    let listed = state.store.list_conversations(auth.company_id, &viewer(&auth)?, &filter, page).await?;
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
    Ok(web::Json(visible_conversation(&state, &auth, id.0).await?.into()))
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
        errors.into_fields()
    }
}

impl ConversationActionRequest {
    fn action(&self, actor: Uuid) -> Action {
        match self.action {
            ActionKind::Assign => Action::Assign { to: self.user_id.unwrap_or(actor) },
            ActionKind::Transfer => Action::Transfer { to_user: self.user_id, to_department: self.department_id },
            ActionKind::Close => Action::Close,
            ActionKind::Reopen => Action::Reopen,
            ActionKind::MarkRead => Action::MarkRead,
        }
    }

    fn audit_action(&self) -> Option<&'static str> {
        match self.action {
            ActionKind::Assign => Some("conversation.assigned"),
            ActionKind::Transfer => Some("conversation.transferred"),
            ActionKind::Close => Some("conversation.closed"),
            ActionKind::Reopen => Some("conversation.reopened"),
            ActionKind::MarkRead => None,
        }
    }
}

/// The attendant and department an action names must be the company's.
async fn check_targets(
    state: &ApiState,
    auth: &AuthUser,
    conversation: &Conversation,
    request: &ConversationActionRequest,
) -> ApiResult<()> {
    if let Some(user_id) = request.user_id {
        let user = state.store.get_user(auth.company_id, user_id).await?;
        if !user.is_some_and(|user| user.is_active()) {
            return Err(ApiError::invalid_field("user_id", "is not an active user of this company"));
        }
    }
    if let Some(department_id) = request.department_id {
        if conversation.kind == ConversationKind::Group {
            return Err(ApiError::invalid_field(
                "department_id",
                "a group is answered by its group's department (Grupos de WhatsApp › settings)",
            ));
        }
        if state.store.get_department(auth.company_id, department_id).await?.is_none() {
            return Err(ApiError::invalid_field("department_id", "is not a department of this company"));
        }
    }
    Ok(())
}

/// Take, assign, transfer, close, reopen or mark read, as the caller's "Parâmetros de chat" allow.
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
    let actor = auth.session_user()?.id;
    let conversation = visible_conversation(&state, &auth, id.0).await?;
    let Body(request) = body;
    check_targets(&state, &auth, &conversation, &request).await?;
    let routing = apply_action(conversation.routing(), request.action(actor), actor, &auth.permissions)?;
    let now = Timestamp::now();
    let changed = conversation.clone().with_routing(routing, now);
    let audit = request.audit_action().map(|action| {
        let summary =
            serde_json::json!({ "before": conversation.routing_summary(), "after": changed.routing_summary() });
        auth.audit(action, "conversation", Some(changed.id), summary)
    });
    state.store.update_conversation_routing(auth.company_id, changed.id, &routing, now, audit.as_ref()).await?;
    announce_conversation(&state, &changed, Some(conversation.placement()));
    Ok(web::Json(changed.into()))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ConversationMessagesQuery {
    #[param(inline)]
    pub limit: Option<PageLimit>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl Validate for ConversationMessagesQuery {}

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
    let conversation = visible_conversation(&state, &auth, id.0).await?;
    let QueryParams(query) = query;
    let page = PageRequest::new(PageLimit::get(query.limit), parse_cursor(query.cursor.as_deref())?);
    let filter = MessageFilter { chat_id: Some(conversation.chat_id) };
    let page = state.store.list_channel_messages(auth.company_id, conversation.channel_id, &filter, page).await?;
    Ok(web::Json(MessageList::from(page)))
}

/// Longest Idempotency-Key accepted.
const MAX_IDEMPOTENCY_KEY: usize = 200;

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SendMessageRequest {
    #[schema(example = "Olá! Como posso ajudar?")]
    pub text: String,
}

impl Validate for SendMessageRequest {
    fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.text.trim().is_empty() || self.text.chars().count() > MAX_TEXT_LENGTH {
            errors.add("text", format!("must have 1 to {MAX_TEXT_LENGTH} characters"));
        }
        errors.into_fields()
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
/// or `failed` with the reason). Repeating a request with the same `Idempotency-Key` answers the
/// message stored the first time and sends nothing again.
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
        (status = 422, description = "Invalid text or Idempotency-Key", body = Problem),
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
    let conversation = visible_conversation(&state, &auth, id.0).await?;
    if conversation.status == ConversationStatus::Closed {
        return Err(blocopro_domain::Error::Conflict {
            code: "conversation_closed",
            detail: "The conversation is closed; reopen it to write.".into(),
        }
        .into());
    }
    let channel =
        state.store.get_channel(auth.company_id, conversation.channel_id).await?.ok_or_else(ApiError::not_found)?;
    ensure_connected(channel.status)?;
    let message = queued_message(&channel, conversation.chat_id.clone(), body.0.text);
    let (stored, new) = state.store.enqueue_outbound(auth.company_id, &message, key.as_deref(), auth.user_id()).await?;
    if new {
        announce_message_in(&state, auth.company_id, EventKind::MessageCreated, &stored, Some(&conversation));
        state.outbox_wake.notify_one();
    }
    Ok(HttpResponse::Accepted().json(ChannelMessageView::from(stored)))
}
