//! Request bodies of the channels API and their validation.

use blocopro_app::channels::manage::{ChannelChanges, CloudFields, NewChannel, check_new_cloud_fields};
use blocopro_domain::FieldErrors;
use blocopro_domain::channel::ChannelKind;
use blocopro_domain::validation::{check_name, is_valid_e164};
use serde::Deserialize;

use crate::extract::Validate;

/// Longest text WhatsApp accepts in one message.
pub const MAX_TEXT_LENGTH: usize = 4096;

/// `cloud_fields()`: the Cloud API fields of a request that has them all, for the application.
macro_rules! cloud_fields_of {
    ($request:ty) => {
        impl $request {
            fn cloud_fields(&self) -> CloudFields {
                CloudFields {
                    phone_number_id: self.phone_number_id.clone(),
                    waba_id: self.waba_id.clone(),
                    api_version: self.api_version.clone(),
                    access_token: self.access_token.clone(),
                    app_secret: self.app_secret.clone(),
                    verify_token: self.verify_token.clone(),
                }
            }
        }
    };
}

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

fn check_secret(errors: &mut FieldErrors, field: &str, value: Option<&str>) {
    if let Some(value) = value
        && (value.trim().is_empty() || value.len() > 1024)
    {
        errors.add(field, "must have 1 to 1024 characters");
    }
}

/// The shape of each Cloud API field given, for creation and update alike.
fn check_cloud_fields(errors: &mut FieldErrors, fields: &CloudFields) {
    if fields.phone_number_id.as_deref().is_some_and(|id| !is_graph_id(id)) {
        errors.add("phone_number_id", "must be the numeric id Meta shows for the number");
    }
    if fields.waba_id.as_deref().is_some_and(|id| !is_graph_id(id)) {
        errors.add("waba_id", "must be a numeric id");
    }
    if fields.api_version.as_deref().is_some_and(|version| !is_api_version(version)) {
        errors.add("api_version", "must look like v21.0");
    }
    for (field, value) in fields.secrets() {
        check_secret(errors, field, value);
    }
}

cloud_fields_of!(CreateChannelRequest);

impl Validate for CreateChannelRequest {
    fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        let cloud = self.cloud_fields();
        check_name(&mut errors, "name", &self.name);
        check_new_cloud_fields(&mut errors, self.kind, &cloud);
        check_cloud_fields(&mut errors, &cloud);
        errors.into_fields()
    }
}

impl From<CreateChannelRequest> for NewChannel {
    fn from(request: CreateChannelRequest) -> Self {
        Self { cloud: request.cloud_fields(), name: request.name, kind: request.kind }
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

cloud_fields_of!(UpdateChannelRequest);

impl Validate for UpdateChannelRequest {
    fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if let Some(name) = &self.name {
            check_name(&mut errors, "name", name);
        }
        check_cloud_fields(&mut errors, &self.cloud_fields());
        errors.into_fields()
    }
}

impl From<UpdateChannelRequest> for ChannelChanges {
    fn from(request: UpdateChannelRequest) -> Self {
        Self { cloud: request.cloud_fields(), name: request.name }
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
