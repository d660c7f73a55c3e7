//! Private notes in a conversation ("Nota interna"): written by a person who sees the
//! conversation, shown to the team in the thread as messages of kind `note`, never sent to
//! WhatsApp.

use actix_web::{HttpResponse, post, web};
use blocopro_app::conversations::notes;
use blocopro_domain::FieldErrors;
use serde::Deserialize;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::AuthUser;
use crate::channels::ChannelMessageView;
use crate::channels::requests::MAX_TEXT_LENGTH;
use crate::error::{ApiResult, Problem};
use crate::extract::{Body, PathId, Validate};
use crate::state::ApiState;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(write_note);
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteRequest {
    #[schema(example = "Cliente VIP: combinar a entrega por telefone.")]
    pub text: String,
}

impl Validate for NoteRequest {
    fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.text.trim().is_empty() || self.text.chars().count() > MAX_TEXT_LENGTH {
            errors.add("text", format!("must have 1 to {MAX_TEXT_LENGTH} characters"));
        }
        errors.into_fields()
    }
}

/// Write a private note in the conversation: the team sees it in the thread (a message of kind
/// `note` whose `sender` is the author's name, announced as `message.created`); the customer never
/// does. Closed conversations take notes too.
#[utoipa::path(
    tag = "conversations",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Conversation id")),
    request_body = NoteRequest,
    responses(
        (status = 201, description = "The note, as the thread shows it", body = ChannelMessageView),
        (status = 403, description = "Notes are written by people, not API tokens", body = Problem),
        (status = 404, body = Problem),
    )
)]
#[post("/conversations/{id}/notes")]
async fn write_note(
    state: web::Data<ApiState>,
    auth: AuthUser,
    id: PathId,
    body: Body<NoteRequest>,
) -> ApiResult<HttpResponse> {
    let note = notes::write(&state, &auth, id.0, &body.0.text).await?;
    Ok(HttpResponse::Created().json(ChannelMessageView::from(note)))
}
