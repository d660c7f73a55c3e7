//! A Cloud API channel's message templates: synced from its WhatsApp Business Account on demand
//! and daily (each sync replaces the channel's set), and listed for those who write in the
//! channel's conversations.

use std::sync::Arc;
use std::time::Duration;

use blocopro_connectors::ConnectorError;
use blocopro_domain::Error as DomainError;
use blocopro_domain::Timestamp;
use blocopro_domain::audit::Actor;
use blocopro_domain::channel::{Channel, ChannelKind};
use blocopro_domain::template::{APPROVED, MessageTemplate};
use serde_json::{Value, json};
use uuid::Uuid;

use super::credentials::CloudCredentials;
use super::{managed, stored_credentials};
use crate::audit::entry_for;
use crate::caller::Caller;
use crate::{App, AppError, AppResult};

/// How often the templates of every Cloud API channel are synced by default.
pub const DAILY: Duration = Duration::from_secs(24 * 60 * 60);
/// The first daily sync waits this long after startup: the server settles first.
const FIRST_SYNC_DELAY: Duration = Duration::from_secs(60);

/// 422 with a stable code: the channel cannot have templates (yet).
fn unsupported(code: &'static str, detail: &str) -> AppError {
    DomainError::Unsupported { code, detail: detail.into() }.into()
}

/// The channel's settings and token, when it can list templates: a Cloud API channel
/// (`templates_not_supported` otherwise) with its WhatsApp Business Account id (`waba_id_missing`).
async fn syncable(app: &App, channel: &Channel) -> AppResult<CloudCredentials> {
    if channel.kind != ChannelKind::WhatsappCloud {
        return Err(unsupported("templates_not_supported", "Only WhatsApp Cloud API channels have message templates."));
    }
    let waba_id = channel.cloud.as_ref().and_then(|cloud| cloud.waba_id.as_deref());
    if waba_id.is_none_or(|id| id.trim().is_empty()) {
        return Err(unsupported(
            "waba_id_missing",
            "Save the channel's WhatsApp Business Account id (`waba_id`) to sync its templates.",
        ));
    }
    stored_credentials(app, channel).await?.ok_or_else(|| ConnectorError::Unauthorized.into())
}

/// Reads the channel's templates from Meta and replaces the stored ones, audited as `actor`'s
/// (the caller's on demand, the system's daily); answers them.
async fn sync_channel(
    app: &App,
    channel: &Channel,
    credentials: &CloudCredentials,
    actor: Actor,
) -> AppResult<Vec<MessageTemplate>> {
    let listed = app.hub.cloud_api(channel, credentials)?.message_templates().await?;
    let now = Timestamp::now();
    let templates: Vec<MessageTemplate> = listed
        .into_iter()
        .map(|meta| {
            MessageTemplate::from_meta(
                channel.id,
                meta.name,
                meta.language,
                meta.category,
                meta.status,
                Value::Array(meta.components),
                now,
            )
        })
        .collect();
    let audit = entry_for(
        channel.company_id,
        actor,
        "channel.templates_synced",
        "channel",
        Some(channel.id),
        summary(channel, &templates),
    );
    app.store.replace_channel_templates(channel.company_id, channel.id, &templates, &audit).await?;
    Ok(app.store.list_channel_templates(channel.company_id, channel.id, None).await?)
}

/// What the audit log says of a sync: the channel's name and how many templates it brought
/// (how many of them approved).
fn summary(channel: &Channel, templates: &[MessageTemplate]) -> Value {
    let approved = templates.iter().filter(|template| template.is_approved()).count();
    json!({ "channel": channel.name, "templates": templates.len(), "approved": approved })
}

/// Syncs a channel's templates now (for channel managers: the access table admits only them);
/// answers every template of the channel, whatever its status.
pub async fn sync(app: &App, caller: &Caller, channel_id: Uuid) -> AppResult<Vec<MessageTemplate>> {
    let channel = managed(app, caller, channel_id).await?;
    let credentials = syncable(app, &channel).await?;
    sync_channel(app, &channel, &credentials, caller.actor).await
}

/// The channel's templates of Meta's `status` (approved ones by default), for those who may write
/// in the channel's conversations (`conversations::channel_written_by`).
pub async fn list(
    app: &App,
    caller: &Caller,
    channel_id: Uuid,
    status: Option<&str>,
) -> AppResult<Vec<MessageTemplate>> {
    let channel = crate::conversations::channel_written_by(app, caller, channel_id).await?;
    let status = status.map(str::to_uppercase).unwrap_or_else(|| APPROVED.to_owned());
    Ok(app.store.list_channel_templates(caller.company_id, channel.id, Some(&status)).await?)
}

/// The daily sync: every Cloud API channel with a WhatsApp Business Account id, one after the
/// other; a channel that fails is logged and tried again next time. A zero `interval` never syncs.
pub fn spawn_sync(app: Arc<App>, interval: Duration) {
    if interval.is_zero() {
        return;
    }
    tokio::spawn(async move {
        tokio::time::sleep(FIRST_SYNC_DELAY.min(interval)).await;
        let mut ticker = tokio::time::interval(interval);
        loop {
            ticker.tick().await;
            sync_every_channel(&app).await;
        }
    });
}

/// Syncs every channel that has templates; answers how many synced.
pub async fn sync_every_channel(app: &App) -> usize {
    let channels = match app.store.find_template_channels().await {
        Ok(channels) => channels,
        Err(error) => {
            tracing::warn!(%error, "the channels whose templates to sync could not be read; trying next time");
            return 0;
        }
    };
    let mut synced = 0;
    for channel in channels {
        let result = match syncable(app, &channel).await {
            Ok(credentials) => sync_channel(app, &channel, &credentials, Actor::SYSTEM).await,
            Err(error) => Err(error),
        };
        match result {
            Ok(templates) => {
                synced += 1;
                tracing::info!(channel_id = %channel.id, count = templates.len(), "message templates synced");
            }
            Err(error) => {
                tracing::warn!(channel_id = %channel.id, %error, "message templates could not be synced; trying next time")
            }
        }
    }
    synced
}
