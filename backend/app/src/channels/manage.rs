//! Adding, configuring and removing channels, with the settings and secrets of Cloud API
//! channels (the secrets are sealed before they are stored). Each field's shape is the caller's
//! to check (the API checks the request); which fields a kind of channel takes is checked here.

use blocopro_domain::channel::{Channel, ChannelKind, ChannelStatus, CloudSettings, DEFAULT_CLOUD_API_VERSION};
use blocopro_domain::{FieldErrors, Timestamp};
use blocopro_store::{Page, PageRequest};
use uuid::Uuid;

use super::credentials::CloudCredentials;
use super::{dispatcher, sessions, stored_credentials, visibility_filter};
use crate::caller::Caller;
use crate::{App, AppError, AppResult};

/// A channel to add. `cloud` is for `whatsapp_cloud` channels only.
pub struct NewChannel {
    pub name: String,
    pub kind: ChannelKind,
    pub cloud: CloudFields,
}

/// What to change in a channel; `None` keeps the value. `cloud` is for `whatsapp_cloud` channels
/// only; the secrets given replace the stored ones.
pub struct ChannelChanges {
    pub name: Option<String>,
    pub cloud: CloudFields,
}

/// The Cloud API fields of a request, each as given; the last three are write-only secrets.
#[derive(Debug, Clone, Default)]
pub struct CloudFields {
    pub phone_number_id: Option<String>,
    pub waba_id: Option<String>,
    pub api_version: Option<String>,
    pub access_token: Option<String>,
    pub app_secret: Option<String>,
    pub verify_token: Option<String>,
}

/// The Cloud API fields a new `whatsapp_cloud` channel may leave out.
const OPTIONAL_CLOUD_FIELDS: [&str; 2] = ["waba_id", "api_version"];

impl CloudFields {
    /// The secrets by field name.
    pub fn secrets(&self) -> [(&'static str, Option<&str>); 3] {
        [
            ("access_token", self.access_token.as_deref()),
            ("app_secret", self.app_secret.as_deref()),
            ("verify_token", self.verify_token.as_deref()),
        ]
    }

    /// Every field by name, the settings first.
    pub fn named(&self) -> impl Iterator<Item = (&'static str, Option<&str>)> {
        let settings = [
            ("phone_number_id", self.phone_number_id.as_deref()),
            ("waba_id", self.waba_id.as_deref()),
            ("api_version", self.api_version.as_deref()),
        ];
        settings.into_iter().chain(self.secrets())
    }

    fn secrets_given(&self) -> bool {
        self.secrets().iter().any(|(_, value)| value.is_some())
    }

    /// The settings of a new channel.
    fn settings(&self) -> CloudSettings {
        CloudSettings {
            phone_number_id: self.phone_number_id.clone().unwrap_or_default(),
            waba_id: self.waba_id.clone(),
            api_version: self.api_version.clone().unwrap_or_else(|| DEFAULT_CLOUD_API_VERSION.to_owned()),
        }
    }

    /// The secrets given, the `current` ones (if any) where none is given.
    fn credentials_over(&self, current: Option<CloudCredentials>) -> CloudCredentials {
        let current = current.unwrap_or(CloudCredentials {
            access_token: String::new(),
            app_secret: String::new(),
            verify_token: String::new(),
        });
        CloudCredentials {
            access_token: self.access_token.clone().unwrap_or(current.access_token),
            app_secret: self.app_secret.clone().unwrap_or(current.app_secret),
            verify_token: self.verify_token.clone().unwrap_or(current.verify_token),
        }
    }
}

/// Cloud API fields given for a channel of another kind are an error, not silently ignored.
fn reject_cloud_fields(errors: &mut FieldErrors, fields: &CloudFields) {
    for (field, _) in fields.named().filter(|(_, value)| value.is_some()) {
        errors.add(field, "is only for whatsapp_cloud channels");
    }
}

/// Which Cloud API fields a new channel of `kind` takes: a `whatsapp_cloud` channel needs all but
/// the optional ones, the others take none.
pub fn check_new_cloud_fields(errors: &mut FieldErrors, kind: ChannelKind, fields: &CloudFields) {
    if kind != ChannelKind::WhatsappCloud {
        return reject_cloud_fields(errors, fields);
    }
    let required = fields.named().filter(|(field, _)| !OPTIONAL_CLOUD_FIELDS.contains(field));
    for (field, _) in required.filter(|(_, value)| value.is_none()) {
        errors.add(field, "is required for a whatsapp_cloud channel");
    }
}

/// Changes to a channel of `kind` name Cloud API fields only when it is a Cloud API channel.
fn ensure_changes_fit(kind: ChannelKind, changes: &ChannelChanges) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    if kind != ChannelKind::WhatsappCloud {
        reject_cloud_fields(&mut errors, &changes.cloud);
    }
    errors.into_fields()
}

/// `before` with `changes` applied (the secrets aside).
fn changed(before: &Channel, changes: &ChannelChanges) -> Channel {
    let mut channel = before.clone();
    if let Some(name) = &changes.name {
        channel.name = name.trim().to_owned();
    }
    if let Some(cloud) = channel.cloud.as_mut() {
        if let Some(id) = &changes.cloud.phone_number_id {
            cloud.phone_number_id = id.clone();
        }
        if let Some(id) = &changes.cloud.waba_id {
            cloud.waba_id = Some(id.clone());
        }
        if let Some(version) = &changes.cloud.api_version {
            cloud.api_version = version.clone();
        }
    }
    channel
}

/// A new access token lets a logged-out Cloud API channel connect again.
fn renews_login(before: ChannelStatus, changes: &ChannelChanges) -> bool {
    before == ChannelStatus::LoggedOut && changes.cloud.access_token.is_some()
}

/// The company's channels, by name: all of them for channel managers, otherwise those linked to
/// the caller.
pub async fn list(app: &App, caller: &Caller, page: PageRequest) -> AppResult<Page<Channel>> {
    let filter = visibility_filter(caller)?;
    Ok(app.store.list_channels(caller.company_id, &filter, page).await?)
}

/// A channel the caller may see.
pub async fn get(app: &App, caller: &Caller, id: Uuid) -> AppResult<Channel> {
    super::visible(app, caller, id).await
}

/// Adds a channel, disconnected; a Cloud API channel's secrets are sealed.
pub async fn create(app: &App, caller: &Caller, new: NewChannel) -> AppResult<Channel> {
    let is_cloud = new.kind == ChannelKind::WhatsappCloud;
    let now = Timestamp::now();
    let channel = Channel {
        id: Uuid::now_v7(),
        company_id: caller.company_id,
        name: new.name.trim().to_owned(),
        kind: new.kind,
        status: ChannelStatus::Disconnected,
        phone_number: None,
        cloud: is_cloud.then(|| new.cloud.settings()),
        status_changed_at: now,
        created_at: now,
        updated_at: now,
    };
    let sealed = match is_cloud {
        true => Some(app.sealer.seal(&new.cloud.credentials_over(None))?),
        false => None,
    };
    let summary = serde_json::json!({ "after": (app.views.channel)(&channel) });
    let audit = caller.audit("channel.created", "channel", Some(channel.id), summary);
    app.store.create_channel(&channel, sealed.as_deref(), &audit).await?;
    Ok(channel)
}

/// Renames a channel or changes its Cloud API settings and secrets; a live session is reopened
/// with the new ones.
pub async fn update(app: &App, caller: &Caller, id: Uuid, changes: ChannelChanges) -> AppResult<Channel> {
    let before = super::managed(app, caller, id).await?;
    ensure_changes_fit(before.kind, &changes)?;
    let sealed = match changes.cloud.secrets_given() {
        true => {
            let current = stored_credentials(app, &before).await?;
            Some(app.sealer.seal(&changes.cloud.credentials_over(current))?)
        }
        false => None,
    };
    let channel = Channel { updated_at: Timestamp::now(), ..changed(&before, &changes) };
    let summary = serde_json::json!({
        "before": (app.views.channel)(&before),
        "after": (app.views.channel)(&channel),
        "secrets_changed": sealed.is_some(),
    });
    let audit = caller.audit("channel.updated", "channel", Some(channel.id), summary);
    app.store.update_channel(&channel, sealed.as_deref(), &audit).await?;
    app.cloud_channels.forget(channel.id);
    if sealed.is_some() || channel.cloud != before.cloud {
        // A live session holds the old settings. Should the new ones be refused, the connector
        // reports the channel logged out; the update stands.
        if let Err(error) = sessions::reopen(app, &channel).await {
            tracing::warn!(channel_id = %channel.id, %error, "reconnecting with the new settings failed");
        }
    }
    if !renews_login(before.status, &changes) {
        return Ok(channel);
    }
    let renewed = dispatcher::record_status(app, &channel, ChannelStatus::Disconnected, None).await?;
    renewed.ok_or_else(AppError::not_found)
}

/// Removes a channel: its session is closed and the device unlinked; its messages are kept.
pub async fn delete(app: &App, caller: &Caller, id: Uuid) -> AppResult<()> {
    let channel = super::managed(app, caller, id).await?;
    if let Err(error) = sessions::close(app, &channel, true).await {
        tracing::warn!(channel_id = %channel.id, %error, "unlinking a removed channel failed");
    }
    let summary = serde_json::json!({ "before": (app.views.channel)(&channel) });
    let audit = caller.audit("channel.deleted", "channel", Some(channel.id), summary);
    app.store.delete_channel(caller.company_id, channel.id, &audit).await?;
    app.cloud_channels.forget(channel.id);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cloud_channel() -> Channel {
        let now = Timestamp::now();
        Channel {
            id: Uuid::now_v7(),
            company_id: Uuid::now_v7(),
            name: "Atendimento".into(),
            kind: ChannelKind::WhatsappCloud,
            status: ChannelStatus::LoggedOut,
            phone_number: None,
            cloud: Some(CloudSettings {
                phone_number_id: "106540352242922".into(),
                waba_id: None,
                api_version: "v21.0".into(),
            }),
            status_changed_at: now,
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn new_cloud_channels_need_their_settings_and_secrets() {
        let mut errors = FieldErrors::new();
        let fields = CloudFields { phone_number_id: Some("1".into()), ..CloudFields::default() };
        check_new_cloud_fields(&mut errors, ChannelKind::WhatsappCloud, &fields);
        let named: Vec<&str> = errors.0.keys().map(String::as_str).collect();
        assert_eq!(named, ["access_token", "app_secret", "verify_token"]);
    }

    #[test]
    fn other_channels_take_no_cloud_fields() {
        let fields = CloudFields { waba_id: Some("1".into()), app_secret: Some("s".into()), ..CloudFields::default() };
        let mut errors = FieldErrors::new();
        check_new_cloud_fields(&mut errors, ChannelKind::WhatsappQr, &fields);
        assert_eq!(errors.0.len(), 2);
        let changes = ChannelChanges { name: None, cloud: fields };
        assert!(ensure_changes_fit(ChannelKind::WhatsappQr, &changes).is_err());
        assert!(ensure_changes_fit(ChannelKind::WhatsappCloud, &changes).is_ok());
    }

    #[test]
    fn given_secrets_replace_the_stored_ones() {
        let current = CloudCredentials { access_token: "a".into(), app_secret: "b".into(), verify_token: "c".into() };
        let fields = CloudFields { app_secret: Some("new".into()), ..CloudFields::default() };
        let merged = fields.credentials_over(Some(current));
        assert_eq!((merged.access_token.as_str(), merged.app_secret.as_str()), ("a", "new"));
    }

    #[test]
    fn changes_keep_what_they_do_not_name() {
        let before = cloud_channel();
        let cloud = CloudFields { api_version: Some("v22.0".into()), ..CloudFields::default() };
        let after = changed(&before, &ChannelChanges { name: Some("  Vendas ".into()), cloud });
        assert_eq!(after.name, "Vendas");
        let settings = after.cloud.unwrap();
        assert_eq!((settings.api_version.as_str(), settings.phone_number_id.as_str()), ("v22.0", "106540352242922"));
    }

    #[test]
    fn only_a_new_access_token_renews_a_logged_out_channel() {
        let token = ChannelChanges {
            name: None,
            cloud: CloudFields { access_token: Some("t".into()), ..CloudFields::default() },
        };
        let rename = ChannelChanges { name: Some("Vendas".into()), cloud: CloudFields::default() };
        assert!(renews_login(ChannelStatus::LoggedOut, &token));
        assert!(!renews_login(ChannelStatus::LoggedOut, &rename));
        assert!(!renews_login(ChannelStatus::Connected, &token));
    }
}
