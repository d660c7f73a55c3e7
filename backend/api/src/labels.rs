//! Labels ("Etiquetas"): `/labels` lists the company's to anyone of it and manages them
//! (`labels.manage`); `PUT /conversations/{id}/labels` sets a conversation's, for whoever may act
//! on it. Conversations show their labels, and `GET /conversations?label_id=` filters by one.

use actix_web::{HttpResponse, delete, get, patch, post, put, web};
use blocopro_app::labels::{self, Draft};
use blocopro_domain::Timestamp;
use blocopro_domain::label::{Label, LabelTag};
use serde::{Deserialize, Serialize};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::conversations::ConversationView;
use crate::error::{ApiResult, Problem};
use crate::extract::{Body, PathId, Validate};
use crate::state::ApiState;
use crate::view::view;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list_labels)
        .service(create_label)
        .service(update_label)
        .service(delete_label)
        .service(set_conversation_labels);
}

view! {
    /// A label of the company, to put on conversations.
    #[derive(Serialize, utoipa::ToSchema)]
    #[schema(as = Label)]
    pub struct LabelView from Label {
        pub id: Uuid,
        #[schema(example = "Cliente VIP")]
        pub name: String,
        /// One of `gray`, `red`, `pink`, `grape`, `violet`, `indigo`, `blue`, `cyan`, `teal`,
        /// `green`, `lime`, `yellow`, `orange`, or a `#rrggbb` (lower-case).
        #[schema(example = "blue")]
        pub colour: String,
        pub created_at: Timestamp,
        pub updated_at: Timestamp,
    }
}

view! {
    /// A label as a conversation carries it.
    #[derive(Serialize, utoipa::ToSchema)]
    #[schema(as = LabelTag)]
    pub struct LabelTagView from LabelTag {
        pub id: Uuid,
        #[schema(example = "Cliente VIP")]
        pub name: String,
        /// A palette name or `#rrggbb`, as the label's `colour`.
        #[schema(example = "blue")]
        pub colour: String,
    }
}

/// The labels a conversation carries, by name.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(transparent)]
pub struct ConversationLabels(pub Vec<LabelTagView>);

impl From<Vec<LabelTag>> for ConversationLabels {
    fn from(tags: Vec<LabelTag>) -> Self {
        ConversationLabels(tags.into_iter().map(Into::into).collect())
    }
}

/// Every label of the company, by name. Not paged: a company keeps tens of them.
#[derive(Serialize, utoipa::ToSchema)]
pub struct LabelList {
    pub items: Vec<LabelView>,
}

/// A label's name and colour.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LabelRequest {
    /// 1 to 40 characters, unique in the company whatever their case and accents (white space trimmed).
    #[schema(example = "Cliente VIP")]
    pub name: String,
    /// One of `gray`, `red`, `pink`, `grape`, `violet`, `indigo`, `blue`, `cyan`, `teal`,
    /// `green`, `lime`, `yellow`, `orange`, or a `#rrggbb`.
    #[schema(example = "blue")]
    pub colour: String,
}

impl Validate for LabelRequest {}

impl From<LabelRequest> for Draft {
    fn from(request: LabelRequest) -> Self {
        Draft { name: request.name, colour: request.colour }
    }
}

/// The labels a conversation is to carry.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConversationLabelsRequest {
    /// The company's labels (at most 20; repeats count once); an empty list takes every label off.
    pub label_ids: Vec<Uuid>,
}

impl Validate for ConversationLabelsRequest {}

/// The company's labels, by name.
#[utoipa::path(
    tag = "labels",
    security(("bearer" = [])),
    responses((status = 200, description = "The labels", body = LabelList))
)]
#[get("/labels")]
async fn list_labels(state: web::Data<ApiState>, auth: AuthUser) -> ApiResult<web::Json<LabelList>> {
    let listed = labels::list(&state, &auth).await?;
    Ok(web::Json(LabelList { items: listed.into_iter().map(Into::into).collect() }))
}

/// Add a label.
#[utoipa::path(
    tag = "labels",
    security(("bearer" = [])),
    request_body = LabelRequest,
    responses(
        (status = 201, description = "Created", body = LabelView),
        (status = 403, description = "Missing `labels.manage`", body = Problem),
        (status = 409, description = "`label_name_taken`: the company has a label with this name", body = Problem),
        (status = 422, description = "`validation_failed`: a bad name or colour", body = Problem),
    )
)]
#[post("/labels")]
async fn create_label(state: web::Data<ApiState>, auth: AuthUser, body: Body<LabelRequest>) -> ApiResult<HttpResponse> {
    let created = labels::create(&state, &auth, body.0.into()).await.map_err(|error| naming_name(error.into()))?;
    Ok(HttpResponse::Created().json(LabelView::from(created)))
}

/// Rename or recolour a label; the conversations that carry it show the change
/// (`conversation.updated`).
#[utoipa::path(
    tag = "labels",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Label id")),
    request_body = LabelRequest,
    responses(
        (status = 200, description = "Changed", body = LabelView),
        (status = 403, description = "Missing `labels.manage`", body = Problem),
        (status = 404, description = "No such label of the company", body = Problem),
        (status = 409, description = "`label_name_taken`: another label has this name", body = Problem),
        (status = 422, description = "`validation_failed`: a bad name or colour", body = Problem),
    )
)]
#[patch("/labels/{id}")]
async fn update_label(
    state: web::Data<ApiState>,
    auth: AuthUser,
    id: PathId,
    body: Body<LabelRequest>,
) -> ApiResult<web::Json<LabelView>> {
    let changed =
        labels::update(&state, &auth, id.0, body.0.into()).await.map_err(|error| naming_name(error.into()))?;
    Ok(web::Json(changed.into()))
}

/// Delete a label: it is taken off every conversation (`conversation.updated`).
#[utoipa::path(
    tag = "labels",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Label id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Missing `labels.manage`", body = Problem),
        (status = 404, description = "No such label of the company", body = Problem),
    )
)]
#[delete("/labels/{id}")]
async fn delete_label(state: web::Data<ApiState>, auth: AuthUser, id: PathId) -> ApiResult<HttpResponse> {
    labels::delete(&state, &auth, id.0).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Replace the labels of a conversation the caller sees (a user session: the same rule as the
/// other conversation actions). Whoever sees the conversation is told (`conversation.updated`).
#[utoipa::path(
    tag = "conversations",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Conversation id")),
    request_body = ConversationLabelsRequest,
    responses(
        (status = 200, description = "The conversation with its labels", body = ConversationView),
        (status = 403, description = "Not a user session", body = Problem),
        (status = 404, body = Problem),
        (status = 422, description = "`label_not_found`: a label id that is not the company's; `validation_failed`: more than 20 labels", body = Problem),
    )
)]
#[put("/conversations/{id}/labels")]
async fn set_conversation_labels(
    state: web::Data<ApiState>,
    auth: AuthUser,
    id: PathId,
    body: Body<ConversationLabelsRequest>,
) -> ApiResult<web::Json<ConversationView>> {
    let changed = labels::set_for_conversation(&state, &auth, id.0, &body.0.label_ids).await.map_err(|error| {
        let error: crate::error::ApiError = error.into();
        if error.code() == "label_not_found" { error.naming("label_ids") } else { error }
    })?;
    Ok(web::Json(changed.into()))
}

/// A taken name, named as the field at fault.
fn naming_name(error: crate::error::ApiError) -> crate::error::ApiError {
    if error.code() == "label_name_taken" { error.naming("name") } else { error }
}
