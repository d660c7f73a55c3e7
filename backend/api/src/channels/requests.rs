//! Request bodies of the channels API and their validation.

use blocopro_app::channels::credentials::CloudCredentials;
use blocopro_domain::channel::{Channel, ChannelKind, CloudSettings, DEFAULT_CLOUD_API_VERSION};
use blocopro_domain::validation::{check_name, is_valid_e164};
use blocopro_domain::{FieldErrors, Timestamp};
use serde::Deserialize;

use crate::error::{ApiError, ApiResult};
use crate::extract::Validate;

/// Longest text WhatsApp accepts in one message.
pub const MAX_TEXT_LENGTH: usize = 4096;

const CLOUD_FIELDS: [&str; 6] =
    ["phone_number_id", "waba_id", "api_version", "access_token", "app_secret", "verify_token"];
/// The Cloud API fields a `whatsapp_cloud` channel may leave out.
const OPTIONAL_CLOUD_FIELDS: [&str; 2] = ["waba_id", "api_version"];

/// A request's values of `CLOUD_FIELDS`, in that order; the last three are the secrets.
type CloudValues<'a> = [Option<&'a String>; 6];

/// A new channel. The Cloud API fields are for `whatsapp_cloud` only, where `phone_number_id`,
/// `access_token`, `app_secret` and `verify_token` are required; the three secrets are write-only.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateChannelRequest {
    #[schema(example = "Atendimento")]
    pub name: String,
    pub kind: ChannelKind,
    #[schema(example = "106540352242922")]
    pub phone_number_id: Option<String>,
    pub waba_id: Option<String>,
    /// Graph API version, default `v21.0`.
    #[schema(example = "v21.0")]
    pub api_version: Option<String>,
    #[schema(write_only)]
    pub access_token: Option<String>,
    #[schema(write_only)]
    pub app_secret: Option<String>,
    #[schema(write_only)]
    pub verify_token: Option<String>,
}

fn is_graph_id(value: &str) -> bool {
    !value.is_empty() && value.len() <= 32 && value.bytes().all(|b| b.is_ascii_digit())
}

fn is_api_version(value: &str) -> bool {
    let Some(rest) = value.strip_prefix('v') else { return false };
    let mut parts = rest.splitn(2, '.');
    let is_number = |part: Option<&str>| part.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    is_number(parts.next()) && is_number(parts.next())
}

fn check_secret(errors: &mut FieldErrors, field: &str, value: Option<&String>) {
    if let Some(value) = value
        && (value.trim().is_empty() || value.len() > 1024)
    {
        errors.add(field, "must have 1 to 1024 characters");
    }
}

/// Cloud API fields given for a channel of another kind are an error, not silently ignored.
fn reject_cloud_fields(errors: &mut FieldErrors, values: CloudValues) {
    for (field, value) in CLOUD_FIELDS.iter().zip(values) {
        if value.is_some() {
            errors.add(*field, "is only for whatsapp_cloud channels");
        }
    }
}

/// The format checks shared by creation and update.
fn check_cloud_fields(errors: &mut FieldErrors, values: CloudValues) {
    let [phone_number_id, waba_id, api_version, secrets @ ..] = values;
    if phone_number_id.is_some_and(|id| !is_graph_id(id)) {
        errors.add("phone_number_id", "must be the numeric id Meta shows for the number");
    }
    if waba_id.is_some_and(|id| !is_graph_id(id)) {
        errors.add("waba_id", "must be a numeric id");
    }
    if api_version.is_some_and(|version| !is_api_version(version)) {
        errors.add("api_version", "must look like v21.0");
    }
    for (field, value) in CLOUD_FIELDS[3..].iter().zip(secrets) {
        check_secret(errors, field, value);
    }
}

impl CreateChannelRequest {
    fn cloud_values(&self) -> CloudValues<'_> {
        [
            self.phone_number_id.as_ref(),
            self.waba_id.as_ref(),
            self.api_version.as_ref(),
            self.access_token.as_ref(),
            self.app_secret.as_ref(),
            self.verify_token.as_ref(),
        ]
    }

    pub fn cloud_settings(&self) -> Option<CloudSettings> {
        (self.kind == ChannelKind::WhatsappCloud).then(|| CloudSettings {
            phone_number_id: self.phone_number_id.clone().unwrap_or_default(),
            waba_id: self.waba_id.clone(),
            api_version: self.api_version.clone().unwrap_or_else(|| DEFAULT_CLOUD_API_VERSION.to_owned()),
        })
    }

    pub fn cloud_credentials(&self) -> Option<CloudCredentials> {
        (self.kind == ChannelKind::WhatsappCloud).then(|| CloudCredentials {
            access_token: self.access_token.clone().unwrap_or_default(),
            app_secret: self.app_secret.clone().unwrap_or_default(),
            verify_token: self.verify_token.clone().unwrap_or_default(),
        })
    }
}

impl Validate for CreateChannelRequest {
    fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        check_name(&mut errors, "name", &self.name);
        if self.kind == ChannelKind::WhatsappCloud {
            let values = CLOUD_FIELDS.iter().zip(self.cloud_values());
            for (field, value) in values.filter(|(field, _)| !OPTIONAL_CLOUD_FIELDS.contains(field)) {
                if value.is_none() {
                    errors.add(*field, "is required for a whatsapp_cloud channel");
                }
            }
        } else {
            reject_cloud_fields(&mut errors, self.cloud_values());
        }
        check_cloud_fields(&mut errors, self.cloud_values());
        errors.into_fields()
    }
}

/// Changes to a channel; absent fields stay as they are. Cloud API fields only for `whatsapp_cloud`.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateChannelRequest {
    pub name: Option<String>,
    pub phone_number_id: Option<String>,
    pub waba_id: Option<String>,
    pub api_version: Option<String>,
    #[schema(write_only)]
    pub access_token: Option<String>,
    #[schema(write_only)]
    pub app_secret: Option<String>,
    #[schema(write_only)]
    pub verify_token: Option<String>,
}

impl UpdateChannelRequest {
    fn cloud_values(&self) -> CloudValues<'_> {
        [
            self.phone_number_id.as_ref(),
            self.waba_id.as_ref(),
            self.api_version.as_ref(),
            self.access_token.as_ref(),
            self.app_secret.as_ref(),
            self.verify_token.as_ref(),
        ]
    }

    pub fn secrets_changed(&self) -> bool {
        self.cloud_values()[3..].iter().any(Option::is_some)
    }

    /// Cloud API fields sent for another kind of channel are an error, not silently ignored.
    pub fn check_applies_to(&self, kind: ChannelKind) -> ApiResult<()> {
        if kind == ChannelKind::WhatsappCloud {
            return Ok(());
        }
        let mut errors = FieldErrors::new();
        reject_cloud_fields(&mut errors, self.cloud_values());
        errors.into_fields().map_err(ApiError::validation)
    }

    /// The stored secrets with the given ones replacing them.
    pub fn merge_credentials(&self, current: Option<CloudCredentials>) -> CloudCredentials {
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

    pub fn apply(&self, mut channel: Channel) -> Channel {
        if let Some(name) = &self.name {
            channel.name = name.trim().to_owned();
        }
        if let Some(cloud) = channel.cloud.as_mut() {
            if let Some(id) = &self.phone_number_id {
                cloud.phone_number_id = id.clone();
            }
            if let Some(id) = &self.waba_id {
                cloud.waba_id = Some(id.clone());
            }
            if let Some(version) = &self.api_version {
                cloud.api_version = version.clone();
            }
        }
        channel.updated_at = Timestamp::now();
        channel
    }
}

impl Validate for UpdateChannelRequest {
    fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if let Some(name) = &self.name {
            check_name(&mut errors, "name", name);
        }
        check_cloud_fields(&mut errors, self.cloud_values());
        errors.into_fields()
    }
}

#[derive(Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConnectRequest {
    /// For a logged-out QR channel: forget the unlinked device and show a new QR Code.
    #[serde(default)]
    pub pair_again: bool,
}

impl Validate for ConnectRequest {}

#[derive(Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DisconnectRequest {
    /// Also unlink the device from the phone; the next connect needs a new QR Code.
    #[serde(default)]
    pub logout: bool,
}

impl Validate for DisconnectRequest {}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SendTextRequest {
    /// A number in E.164 or a group id (`…@g.us`).
    #[schema(example = "+5511988887777")]
    pub to: String,
    #[schema(example = "Olá! Como posso ajudar?")]
    pub text: String,
}

/// A WhatsApp group id: digits, optionally a dash and digits, then `@g.us`.
pub fn is_group_id(value: &str) -> bool {
    value
        .strip_suffix("@g.us")
        .is_some_and(|id| !id.is_empty() && id.len() <= 40 && id.bytes().all(|b| b.is_ascii_digit() || b == b'-'))
}

impl Validate for SendTextRequest {
    fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if !is_valid_e164(&self.to) && !is_group_id(&self.to) {
            errors.add("to", "must be a number in E.164 (+5511988887777) or a group id");
        }
        if self.text.trim().is_empty() || self.text.chars().count() > MAX_TEXT_LENGTH {
            errors.add("text", "must have 1 to 4096 characters");
        }
        errors.into_fields()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_ids_and_versions() {
        assert!(is_graph_id("106540352242922"));
        assert!(!is_graph_id("10654a"));
        assert!(is_api_version("v21.0"));
        assert!(!is_api_version("21.0") && !is_api_version("v21") && !is_api_version("v.1"));
    }

    #[test]
    fn group_ids() {
        assert!(is_group_id("120363025246125486@g.us"));
        assert!(is_group_id("5511999999999-1612345678@g.us"));
        assert!(!is_group_id("@g.us") && !is_group_id("abc@g.us") && !is_group_id("120363025246125486"));
    }
}
