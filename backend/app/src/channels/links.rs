//! Which channels each attendant works on (many-to-many).

use uuid::Uuid;

use crate::caller::Caller;
use crate::events::announce::user_changed;
use crate::{App, AppError, AppResult, users};

/// The channels a user of the company works on.
pub async fn user_channels(app: &App, caller: &Caller, user_id: Uuid) -> AppResult<Vec<Uuid>> {
    users::get(app, caller, user_id).await?;
    Ok(app.store.user_channel_ids(caller.company_id, user_id).await?)
}

/// Replaces the channels a user works on; answers them as stored.
pub async fn set_user_channels(
    app: &App,
    caller: &Caller,
    user_id: Uuid,
    channel_ids: Vec<Uuid>,
) -> AppResult<Vec<Uuid>> {
    let before = app.store.user_channel_ids(caller.company_id, user_id).await?;
    let summary = serde_json::json!({ "before": before, "after": channel_ids });
    let audit = caller.audit("user.channels_set", "user", Some(user_id), summary);
    let set = app.store.set_user_channels(caller.company_id, user_id, &channel_ids, &audit).await;
    set.map_err(AppError::unknown_references("channel_ids", "channels"))?;
    user_changed(app, caller.company_id, user_id);
    Ok(app.store.user_channel_ids(caller.company_id, user_id).await?)
}
