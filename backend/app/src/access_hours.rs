//! "Horário de acesso": reading and replacing a user's weekly windows. A user without any is
//! unrestricted in the company's time zone. Enforcing them is `access`'s.

use blocopro_domain::access_hours::{AccessHours, AccessRule};
use jiff::civil::Date;
use uuid::Uuid;

use crate::caller::Caller;
use crate::events::announce::user_changed;
use crate::{App, AppError, AppResult, users};

/// A user's new access hours, as the administrator fills them in.
pub struct AccessHoursSettings {
    pub enabled: bool,
    /// `None`: the company's time zone.
    pub timezone: Option<String>,
    pub rules: Vec<AccessRule>,
    pub holidays: Vec<Date>,
    pub admins_bypass: bool,
}

async fn company_timezone(app: &App, caller: &Caller) -> AppResult<String> {
    let company = app.store.get_company(caller.company_id).await?.ok_or_else(AppError::not_found)?;
    Ok(company.timezone)
}

/// A user's access hours: unrestricted, in the company's zone, until configured.
pub async fn get(app: &App, caller: &Caller, user_id: Uuid) -> AppResult<AccessHours> {
    users::get(app, caller, user_id).await?;
    match app.store.get_access_hours(caller.company_id, user_id).await? {
        Some(hours) => Ok(hours),
        None => Ok(AccessHours::unrestricted(&company_timezone(app, caller).await?)),
    }
}

/// Replaces a user's access hours; the user's open sockets apply them at once.
pub async fn set(app: &App, caller: &Caller, user_id: Uuid, settings: AccessHoursSettings) -> AppResult<AccessHours> {
    users::get(app, caller, user_id).await?;
    let timezone = match settings.timezone {
        Some(zone) => zone,
        None => company_timezone(app, caller).await?,
    };
    let hours = AccessHours {
        enabled: settings.enabled,
        timezone,
        rules: settings.rules,
        holidays: settings.holidays,
        admins_bypass: settings.admins_bypass,
    };
    let before = app.store.get_access_hours(caller.company_id, user_id).await?;
    let summary = serde_json::json!({ "before": before, "after": hours });
    let audit = caller.audit("access_hours.updated", "user", Some(user_id), summary);
    app.store.put_access_hours(caller.company_id, user_id, &hours, &audit).await?;
    user_changed(app, caller.company_id, user_id);
    Ok(hours)
}
