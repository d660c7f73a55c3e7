//! Companies (tenants) and their per-company feature switches.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub const DEFAULT_TIMEZONE: &str = "America/Sao_Paulo";

/// Switches the platform operator turns on per company. Unknown names are rejected.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompanyFeatures {
    #[serde(default)]
    pub whatsapp_groups: bool,
}

/// A partial update of the switches: absent names keep their value.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompanyFeaturesPatch {
    pub whatsapp_groups: Option<bool>,
}

impl CompanyFeatures {
    pub fn apply(&mut self, patch: CompanyFeaturesPatch) {
        if let Some(on) = patch.whatsapp_groups {
            self.whatsapp_groups = on;
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Company {
    pub id: Uuid,
    pub name: String,
    /// IANA time zone used for access hours and reports.
    pub timezone: String,
    pub active: bool,
    pub features: CompanyFeatures,
    pub created_at: Timestamp,
}
