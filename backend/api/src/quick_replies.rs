//! Quick replies ("Respostas rápidas"): `/quick-replies` lists the company's and the caller's own
//! (filled for a conversation when asked) and manages the company's (`quick_replies.manage`);
//! `/me/quick-replies` manages the caller's own. The access table holds both rules.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use blocopro_app::quick_replies::{self, Draft, Listed};
use blocopro_domain::Timestamp;
use blocopro_domain::quick_reply::{QuickReply, QuickReplyScope};
use serde::{Deserialize, Serialize};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::error::{ApiResult, Problem};
use crate::extract::{Body, PathId, QueryParams, Validate};
use crate::state::ApiState;
use crate::view::view;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list_quick_replies)
        .service(create_company_quick_reply)
        .service(update_company_quick_reply)
        .service(delete_company_quick_reply)
        .service(create_my_quick_reply)
        .service(update_my_quick_reply)
        .service(delete_my_quick_reply);
}

view! {
    /// A quick reply: typed as `/shortcut` in the composer, it inserts its text.
    #[derive(Serialize, utoipa::ToSchema)]
    #[schema(as = QuickReply)]
    pub struct QuickReplyView from QuickReply {
        pub id: Uuid,
        pub scope: QuickReplyScope,
        /// The user a `personal` reply belongs to; null for the company's.
        pub owner_id: Option<Uuid>,
        #[schema(example = "saudacao")]
        pub shortcut: String,
        /// May name the variables `{{primeiro_nome}}` (the contact's first name), `{{nome}}` (the
        /// contact's name), `{{telefone}}` (the contact's number), `{{nome_atendente}}` and
        /// `{{primeiro_nome_atendente}}` (the attendant's name and first name).
        #[schema(example = "Olá {{primeiro_nome}}! Sou {{nome_atendente}}, como posso ajudar?")]
        pub text: String,
        pub created_at: Timestamp,
        pub updated_at: Timestamp,
    }
}

/// A quick reply as listed, with its text filled for the conversation asked about.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ListedQuickReply {
    #[serde(flatten)]
    pub reply: QuickReplyView,
    /// The text with its variables filled for `conversation_id` (a variable without a value is
    /// left out with the space before it); null when no conversation was given.
    #[schema(example = "Olá Maria! Sou Ana, como posso ajudar?")]
    pub filled_text: Option<String>,
}

impl From<Listed> for ListedQuickReply {
    fn from(listed: Listed) -> Self {
        ListedQuickReply { reply: listed.reply.into(), filled_text: listed.filled }
    }
}

/// Every quick reply the caller may use. Not paged: a company keeps tens of them, and the composer
/// filters them as one types.
#[derive(Serialize, utoipa::ToSchema)]
pub struct QuickReplyList {
    pub items: Vec<ListedQuickReply>,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct QuickRepliesQuery {
    /// A conversation the caller sees: each reply's `filled_text` is filled for it.
    pub conversation_id: Option<Uuid>,
}

impl Validate for QuickRepliesQuery {}

/// A quick reply's shortcut and text. The shortcut is stored lower-case, without a leading `/`.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuickReplyRequest {
    /// 1 to 32 letters, digits, `-` or `_`; unique among the company's replies (or among yours).
    #[schema(example = "saudacao")]
    pub shortcut: String,
    /// At most 4,096 characters; unknown `{{variables}}` are refused.
    #[schema(example = "Olá {{primeiro_nome}}! Sou {{nome_atendente}}, como posso ajudar?")]
    pub text: String,
}

impl Validate for QuickReplyRequest {}

impl From<QuickReplyRequest> for Draft {
    fn from(request: QuickReplyRequest) -> Self {
        Draft { shortcut: request.shortcut, text: request.text }
    }
}

/// The company's quick replies and the caller's own, by shortcut.
#[utoipa::path(
    tag = "quick_replies",
    security(("bearer" = [])),
    params(QuickRepliesQuery),
    responses(
        (status = 200, description = "The quick replies", body = QuickReplyList),
        (status = 404, description = "No such conversation (or not one the caller sees)", body = Problem),
    )
)]
#[get("/quick-replies")]
async fn list_quick_replies(
    state: web::Data<ApiState>,
    auth: AuthUser,
    query: QueryParams<QuickRepliesQuery>,
) -> ApiResult<web::Json<QuickReplyList>> {
    let listed = quick_replies::list(&state, &auth, query.0.conversation_id).await?;
    Ok(web::Json(QuickReplyList { items: listed.into_iter().map(Into::into).collect() }))
}

async fn create(
    state: &ApiState,
    auth: &AuthUser,
    scope: QuickReplyScope,
    body: QuickReplyRequest,
) -> ApiResult<HttpResponse> {
    let reply = quick_replies::create(state, auth, scope, body.into()).await?;
    Ok(HttpResponse::Created().json(QuickReplyView::from(reply)))
}

/// Add a quick reply of the company.
#[utoipa::path(
    tag = "quick_replies",
    security(("bearer" = [])),
    request_body = QuickReplyRequest,
    responses(
        (status = 201, description = "Created", body = QuickReplyView),
        (status = 403, description = "Missing `quick_replies.manage`", body = Problem),
        (status = 409, description = "`conflict`: the company has a reply with this shortcut", body = Problem),
        (status = 422, description = "`validation_failed`: a bad shortcut or text", body = Problem),
    )
)]
#[post("/quick-replies")]
async fn create_company_quick_reply(
    state: web::Data<ApiState>,
    auth: AuthUser,
    body: Body<QuickReplyRequest>,
) -> ApiResult<HttpResponse> {
    create(&state, &auth, QuickReplyScope::Company, body.0).await
}

/// Change a quick reply of the company.
#[utoipa::path(
    tag = "quick_replies",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Quick reply id")),
    request_body = QuickReplyRequest,
    responses(
        (status = 200, description = "Changed", body = QuickReplyView),
        (status = 403, description = "Missing `quick_replies.manage`", body = Problem),
        (status = 404, description = "No such reply of the company", body = Problem),
        (status = 409, description = "`conflict`: the company has a reply with this shortcut", body = Problem),
    )
)]
#[patch("/quick-replies/{id}")]
async fn update_company_quick_reply(
    state: web::Data<ApiState>,
    auth: AuthUser,
    id: PathId,
    body: Body<QuickReplyRequest>,
) -> ApiResult<web::Json<QuickReplyView>> {
    Ok(web::Json(quick_replies::update(&state, &auth, QuickReplyScope::Company, id.0, body.0.into()).await?.into()))
}

/// Delete a quick reply of the company.
#[utoipa::path(
    tag = "quick_replies",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Quick reply id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Missing `quick_replies.manage`", body = Problem),
        (status = 404, description = "No such reply of the company", body = Problem),
    )
)]
#[delete("/quick-replies/{id}")]
async fn delete_company_quick_reply(state: web::Data<ApiState>, auth: AuthUser, id: PathId) -> ApiResult<HttpResponse> {
    quick_replies::delete(&state, &auth, QuickReplyScope::Company, id.0).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Add a quick reply of your own.
#[utoipa::path(
    tag = "quick_replies",
    security(("bearer" = [])),
    request_body = QuickReplyRequest,
    responses(
        (status = 201, description = "Created", body = QuickReplyView),
        (status = 409, description = "`conflict`: you have a reply with this shortcut", body = Problem),
        (status = 422, description = "`validation_failed`: a bad shortcut or text", body = Problem),
    )
)]
#[post("/me/quick-replies")]
async fn create_my_quick_reply(
    state: web::Data<ApiState>,
    auth: AuthUser,
    body: Body<QuickReplyRequest>,
) -> ApiResult<HttpResponse> {
    create(&state, &auth, QuickReplyScope::Personal, body.0).await
}

/// Change a quick reply of your own.
#[utoipa::path(
    tag = "quick_replies",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Quick reply id")),
    request_body = QuickReplyRequest,
    responses(
        (status = 200, description = "Changed", body = QuickReplyView),
        (status = 404, description = "No such reply of yours", body = Problem),
        (status = 409, description = "`conflict`: you have a reply with this shortcut", body = Problem),
    )
)]
#[patch("/me/quick-replies/{id}")]
async fn update_my_quick_reply(
    state: web::Data<ApiState>,
    auth: AuthUser,
    id: PathId,
    body: Body<QuickReplyRequest>,
) -> ApiResult<web::Json<QuickReplyView>> {
    Ok(web::Json(quick_replies::update(&state, &auth, QuickReplyScope::Personal, id.0, body.0.into()).await?.into()))
}

/// Delete a quick reply of your own.
#[utoipa::path(
    tag = "quick_replies",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Quick reply id")),
    responses((status = 204, description = "Deleted"), (status = 404, description = "No such reply of yours", body = Problem))
)]
#[delete("/me/quick-replies/{id}")]
async fn delete_my_quick_reply(state: web::Data<ApiState>, auth: AuthUser, id: PathId) -> ApiResult<HttpResponse> {
    quick_replies::delete(&state, &auth, QuickReplyScope::Personal, id.0).await?;
    Ok(HttpResponse::NoContent().finish())
}
