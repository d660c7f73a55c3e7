//! Which channels each attendant works on (many-to-many): `GET/PUT /users/{id}/channels`.

use actix_web::{get, put, web};
use blocopro_store::StoreError;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{Body, PathId, Validate};
use crate::state::ApiState;

#[derive(Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserChannels {
    pub channel_ids: Vec<Uuid>,
}

impl Validate for UserChannels {}

/// The channels a user works on.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "User id")),
    responses((status = 200, description = "The linked channels", body = UserChannels), (status = 404, body = Problem))
)]
#[get("/users/{id}/channels")]
pub async fn get_user_channels(
    state: web::Data<ApiState>,
    auth: AuthUser,
    id: PathId,
) -> ApiResult<web::Json<UserChannels>> {
    blocopro_app::users::get(&state, &auth, id.0).await?;
    let channel_ids = state.store.user_channel_ids(auth.company_id, id.0).await?;
    Ok(web::Json(UserChannels { channel_ids }))
}

/// Replace the channels a user works on.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "User id")),
    request_body = UserChannels,
    responses(
        (status = 200, description = "Updated", body = UserChannels),
        (status = 404, description = "No such user", body = Problem),
        (status = 422, description = "Unknown channel ids", body = Problem),
    )
)]
#[put("/users/{id}/channels")]
pub async fn set_user_channels(
    state: web::Data<ApiState>,
    auth: AuthUser,
    id: PathId,
    body: Body<UserChannels>,
) -> ApiResult<web::Json<UserChannels>> {
    let before = state.store.user_channel_ids(auth.company_id, id.0).await?;
    let Body(request) = body;
    let summary = serde_json::json!({ "before": before, "after": request.channel_ids });
    let audit = auth.audit("user.channels_set", "user", Some(id.0), summary);
    state.store.set_user_channels(auth.company_id, id.0, &request.channel_ids, &audit).await.map_err(|error| {
        match error {
            StoreError::UnknownReferences(ids) => ApiError::unknown_references("channel_ids", "channels", &ids),
            other => other.into(),
        }
    })?;
    blocopro_app::events::announce::user_changed(&state, auth.company_id, id.0);
    let channel_ids = state.store.user_channel_ids(auth.company_id, id.0).await?;
    Ok(web::Json(UserChannels { channel_ids }))
}
