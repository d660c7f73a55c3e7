//! Which channels each attendant works on (many-to-many): `GET/PUT /users/{id}/channels`.

use actix_web::{get, put, web};
use blocopro_app::channels::links;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::error::{ApiResult, Problem};
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
    let channel_ids = links::user_channels(&state, &auth, id.0).await?;
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
    let channel_ids = links::set_user_channels(&state, &auth, id.0, body.0.channel_ids).await?;
    Ok(web::Json(UserChannels { channel_ids }))
}
