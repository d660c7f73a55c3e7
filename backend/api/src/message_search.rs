//! Searching messages (Chat › Pesquisar mensagens): across every conversation the caller sees,
//! accents and case folded away, each result with the snippet to show and what opens the
//! conversation at the message (`GET /conversations/{id}/messages?around=`).

use actix_web::{get, web};
use blocopro_app::conversations::search::{self, MessageFound};
use blocopro_domain::Timestamp;
use blocopro_domain::channel::MessageDirection;
use blocopro_domain::conversation::ConversationKind;
use blocopro_domain::message::MessageKind;
use blocopro_domain::message_search::SnippetPart;
use blocopro_store::{Page, PageRequest};
use serde::{Deserialize, Serialize};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::error::{ApiResult, Problem};
use crate::extract::{PageLimit, QueryParams, Validate, parse_cursor};
use crate::state::ApiState;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(search_messages);
}

/// A piece of a result's snippet: plain text, or a word that matched the search (to highlight).
/// Text, never markup: show it as text.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = SnippetPart)]
pub struct SnippetPartView {
    pub text: String,
    pub highlighted: bool,
}

impl From<SnippetPart> for SnippetPartView {
    fn from(part: SnippetPart) -> Self {
        Self { text: part.text, highlighted: part.highlighted }
    }
}

/// A message a search found, in the conversation it is in.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = FoundMessage)]
pub struct FoundMessageView {
    pub message_id: Uuid,
    /// Open it at the message with `GET /conversations/{id}/messages?around={message_id}`.
    pub conversation_id: Uuid,
    pub conversation_kind: ConversationKind,
    /// The conversation's title as Chat shows it: the contact's name (or number), or the group's subject.
    pub title: String,
    pub channel_id: Uuid,
    /// Who wrote it: the contact's number, a group participant's, or a note's author.
    pub sender: String,
    pub direction: MessageDirection,
    pub kind: MessageKind,
    pub sent_at: Timestamp,
    /// The part of the text shown, around its first match, "…" where it was cut; its pieces joined
    /// make it whole.
    pub snippet: Vec<SnippetPartView>,
}

impl From<MessageFound> for FoundMessageView {
    fn from(MessageFound { found, snippet }: MessageFound) -> Self {
        Self {
            message_id: found.message_id,
            conversation_id: found.conversation_id,
            conversation_kind: found.conversation_kind,
            title: found.title,
            channel_id: found.channel_id,
            sender: found.sender,
            direction: found.direction,
            kind: found.kind,
            sent_at: found.sent_at,
            snippet: snippet.into_iter().map(Into::into).collect(),
        }
    }
}

/// A page of messages found: follow `next_cursor` (as `?cursor=`) until it is null.
#[derive(Serialize, utoipa::ToSchema)]
pub struct FoundMessageList {
    pub items: Vec<FoundMessageView>,
    pub next_cursor: Option<String>,
}

impl From<Page<MessageFound>> for FoundMessageList {
    fn from(page: Page<MessageFound>) -> Self {
        Self { items: page.items.into_iter().map(Into::into).collect(), next_cursor: page.next_cursor }
    }
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MessageSearchQuery {
    /// What to look for: 2 to 100 characters. Every word must be in the message, the last one
    /// also as the start of a word; accents and case do not matter.
    #[param(example = "joao boleto", min_length = 2, max_length = 100)]
    pub q: String,
    #[param(inline)]
    pub limit: Option<PageLimit>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl Validate for MessageSearchQuery {}

/// Search the messages of every conversation the caller sees (notes included), newest first.
#[utoipa::path(
    tag = "conversations",
    security(("bearer" = [])),
    params(MessageSearchQuery),
    responses(
        (status = 200, description = "A page of messages found", body = FoundMessageList),
        (status = 422, description = "`q` too short or long, or without a letter or digit (`validation_failed`)", body = Problem),
    )
)]
#[get("/messages/search")]
async fn search_messages(
    state: web::Data<ApiState>,
    auth: AuthUser,
    query: QueryParams<MessageSearchQuery>,
) -> ApiResult<web::Json<FoundMessageList>> {
    let QueryParams(query) = query;
    let page = PageRequest::new(PageLimit::get(query.limit), parse_cursor(query.cursor.as_deref())?);
    Ok(web::Json(search::search(&state, &auth, &query.q, page).await?.into()))
}
