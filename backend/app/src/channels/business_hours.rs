//! A channel's business hours ("Horário de atendimento"): when the company answers on it, read in
//! the company's time zone, and the automatic answer sent outside them (see
//! `conversations::away`).

use blocopro_domain::Timestamp;
use blocopro_domain::access_hours::AccessRule;
use blocopro_domain::business_hours::{BusinessHours, Openness};
use jiff::civil::Date;
use uuid::Uuid;

use super::visible;
use crate::caller::Caller;
use crate::{App, AppResult};

/// Hours to save, as given.
pub struct BusinessHoursSettings {
    pub enabled: bool,
    pub rules: Vec<AccessRule>,
    pub holidays: Vec<Date>,
    pub away_message: String,
}

/// A channel's hours with what they mean now.
pub struct ChannelHours {
    pub hours: BusinessHours,
    /// The company's time zone, which the hours are read in.
    pub timezone: String,
    pub now: Openness,
}

/// The hours `settings` describe for a channel: the answer trimmed, the dates in order, once each.
fn hours_of(company_id: Uuid, channel_id: Uuid, settings: BusinessHoursSettings) -> BusinessHours {
    let mut holidays = settings.holidays;
    holidays.sort_unstable();
    holidays.dedup();
    BusinessHours {
        channel_id,
        company_id,
        enabled: settings.enabled,
        rules: settings.rules,
        holidays,
        away_message: settings.away_message.trim().to_owned(),
    }
}

async fn with_openness(app: &App, hours: BusinessHours) -> AppResult<ChannelHours> {
    let timezone = crate::companies::get(app, hours.company_id).await?.timezone;
    let now = hours.openness(&timezone, Timestamp::now());
    Ok(ChannelHours { hours, timezone, now })
}

/// The hours of a channel the caller may see (off, with the default answer, until saved).
pub async fn get(app: &App, caller: &Caller, channel_id: Uuid) -> AppResult<ChannelHours> {
    let channel = visible(app, caller, channel_id).await?;
    let hours = app.store.get_business_hours(caller.company_id, channel.id).await?;
    with_openness(app, hours.unwrap_or_else(|| BusinessHours::off(caller.company_id, channel.id))).await
}

/// Replaces a channel's hours.
pub async fn set(
    app: &App,
    caller: &Caller,
    channel_id: Uuid,
    settings: BusinessHoursSettings,
) -> AppResult<ChannelHours> {
    let channel = visible(app, caller, channel_id).await?;
    let hours = hours_of(caller.company_id, channel.id, settings);
    hours.validate()?;
    let before = app.store.get_business_hours(caller.company_id, channel.id).await?;
    let summary = serde_json::json!({ "before": before, "after": hours });
    let audit = caller.audit("channel.business_hours_set", "channel", Some(channel.id), summary);
    app.store.put_business_hours(&hours, &audit).await?;
    with_openness(app, hours).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_answer_is_trimmed_and_the_dates_sorted_once_each() {
        let day = |text: &str| text.parse::<Date>().unwrap();
        let settings = BusinessHoursSettings {
            enabled: true,
            rules: vec![],
            holidays: vec![day("2026-12-25"), day("2026-01-01"), day("2026-12-25")],
            away_message: "  Voltamos às 9h. \n".into(),
        };
        let hours = hours_of(Uuid::nil(), Uuid::nil(), settings);
        assert_eq!(hours.away_message, "Voltamos às 9h.");
        assert_eq!(hours.holidays, vec![day("2026-01-01"), day("2026-12-25")]);
    }
}
