//! The rows of business hours as both backends select them, and their conversion.

use blocopro_domain::access_hours::AccessRule;
use blocopro_domain::business_hours::BusinessHours;
use sqlx::types::Json;
use uuid::Uuid;

#[derive(sqlx::FromRow)]
pub struct BusinessHoursRow {
    pub channel_id: Uuid,
    pub company_id: Uuid,
    pub enabled: bool,
    pub rules: Json<Vec<AccessRule>>,
    pub holidays: Json<Vec<jiff::civil::Date>>,
    pub away_message: String,
}

impl From<BusinessHoursRow> for BusinessHours {
    fn from(row: BusinessHoursRow) -> Self {
        BusinessHours {
            channel_id: row.channel_id,
            company_id: row.company_id,
            enabled: row.enabled,
            rules: row.rules.0,
            holidays: row.holidays.0,
            away_message: row.away_message,
        }
    }
}
