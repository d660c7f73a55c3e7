//! "Horário de atendimento": per channel, the weekly hours in which the company answers, read in
//! the company's time zone, and the automatic answer a customer who writes outside them receives,
//! once per conversation (until it is closed).

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;
use uuid::Uuid;

use crate::FieldErrors;
use crate::access_hours::{AccessDecision, AccessRule, WeeklyWindows, check_rules};

pub const MAX_AWAY_MESSAGE_CHARS: usize = 4_096;
pub const MAX_CLOSED_DATES: usize = 366;
/// What a channel answers outside its hours until the company writes its own.
pub const DEFAULT_AWAY_MESSAGE: &str =
    "Olá! Nosso atendimento está fechado agora. Recebemos sua mensagem e responderemos assim que abrirmos.";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BusinessHours {
    pub channel_id: Uuid,
    #[serde(skip)]
    pub company_id: Uuid,
    /// Off: the channel is always open and nothing is answered automatically.
    pub enabled: bool,
    /// When the channel is open, in the company's time zone.
    pub rules: Vec<AccessRule>,
    /// Dates (in the company's time zone) on which the channel is closed all day.
    pub holidays: Vec<Date>,
    /// Sent once per conversation to a customer who writes while the channel is closed.
    pub away_message: String,
}

/// Whether a channel is open at a moment, and until when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Openness {
    pub open: bool,
    /// When it next opens (closed) or closes (open); `None`: never.
    pub changes_at: Option<Timestamp>,
}

impl BusinessHours {
    /// The hours of a channel that has none saved: off, with the default answer ready.
    pub fn off(company_id: Uuid, channel_id: Uuid) -> Self {
        Self {
            channel_id,
            company_id,
            enabled: false,
            rules: Vec::new(),
            holidays: Vec::new(),
            away_message: DEFAULT_AWAY_MESSAGE.to_owned(),
        }
    }

    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        check_rules(&mut errors, &self.rules);
        if self.holidays.len() > MAX_CLOSED_DATES {
            errors.add("holidays", format!("at most {MAX_CLOSED_DATES} dates"));
        }
        let away = self.away_message.trim();
        if self.enabled && away.is_empty() {
            errors.add("away_message", "the answer sent outside business hours must not be empty");
        }
        if away.chars().count() > MAX_AWAY_MESSAGE_CHARS {
            errors.add("away_message", format!("at most {MAX_AWAY_MESSAGE_CHARS} characters"));
        }
        errors.into_fields()
    }

    /// Open or closed at `now` in `timezone` (the company's); a channel without hours is always open.
    pub fn openness(&self, timezone: &str, now: Timestamp) -> Openness {
        if !self.enabled {
            return Openness { open: true, changes_at: None };
        }
        match (WeeklyWindows { rules: &self.rules, holidays: &self.holidays }).decide(timezone, now) {
            AccessDecision::Allowed { until } => Openness { open: true, changes_at: until },
            AccessDecision::Denied { next_allowed_at } => Openness { open: false, changes_at: next_allowed_at },
        }
    }

    /// The answer a customer writing at `now` gets, if the channel is closed then.
    pub fn away_answer(&self, timezone: &str, now: Timestamp) -> Option<&str> {
        let answer = self.away_message.trim();
        (!self.openness(timezone, now).open && !answer.is_empty()).then_some(answer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access_hours::{ClockTime, Weekday};

    const SP: &str = "America/Sao_Paulo"; // UTC-3

    fn weekdays_nine_to_six() -> BusinessHours {
        let days = [Weekday::Monday, Weekday::Tuesday, Weekday::Wednesday, Weekday::Thursday, Weekday::Friday];
        let rule = |weekday| AccessRule {
            weekday,
            start: ClockTime::parse("09:00").unwrap(),
            end: ClockTime::parse("18:00").unwrap(),
        };
        BusinessHours {
            enabled: true,
            rules: days.into_iter().map(rule).collect(),
            ..BusinessHours::off(Uuid::nil(), Uuid::nil())
        }
    }

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    #[test]
    fn open_inside_the_hours_until_they_end() {
        let hours = weekdays_nine_to_six();
        // 2026-12-02 is a Wednesday; 13:00Z is 10:00 in São Paulo.
        let openness = hours.openness(SP, at("2026-12-02T13:00:00Z"));
        assert_eq!(openness, Openness { open: true, changes_at: Some(at("2026-12-02T21:00:00Z")) });
        assert_eq!(hours.away_answer(SP, at("2026-12-02T13:00:00Z")), None);
    }

    #[test]
    fn closed_at_night_on_weekends_and_holidays_with_the_next_opening() {
        let mut hours = weekdays_nine_to_six();
        let friday_night = at("2026-12-04T22:30:00Z"); // Friday 19:30
        assert_eq!(
            hours.openness(SP, friday_night),
            Openness { open: false, changes_at: Some(at("2026-12-07T12:00:00Z")) }
        );
        assert_eq!(hours.away_answer(SP, friday_night), Some(DEFAULT_AWAY_MESSAGE));
        hours.holidays = vec!["2026-12-25".parse().unwrap()];
        assert!(!hours.openness(SP, at("2026-12-25T13:00:00Z")).open, "Christmas, a Friday");
    }

    #[test]
    fn the_hours_are_read_in_the_given_zone() {
        let hours = weekdays_nine_to_six();
        // 11:30Z on a Wednesday is 08:30 in São Paulo (closed) and 11:30 in London (open).
        assert!(!hours.openness(SP, at("2026-12-02T11:30:00Z")).open);
        assert!(hours.openness("Europe/London", at("2026-12-02T11:30:00Z")).open);
    }

    #[test]
    fn hours_switched_off_are_always_open_and_answer_nothing() {
        let hours = BusinessHours { enabled: false, ..weekdays_nine_to_six() };
        assert!(hours.openness(SP, at("2026-12-06T03:00:00Z")).open);
        assert_eq!(hours.away_answer(SP, at("2026-12-06T03:00:00Z")), None);
    }

    #[test]
    fn validation_names_the_bad_fields() {
        let mut hours = weekdays_nine_to_six();
        hours.rules[1].end = ClockTime::parse("08:00").unwrap();
        hours.away_message = "   ".into();
        let errors = hours.validate().unwrap_err();
        assert!(errors.0.contains_key("rules[1].end"));
        assert!(errors.0.contains_key("away_message"));
        hours.enabled = false;
        hours.rules[1].end = ClockTime::parse("18:00").unwrap();
        assert!(hours.validate().is_ok(), "hours switched off may keep an empty answer");
        hours.away_message = "x".repeat(MAX_AWAY_MESSAGE_CHARS + 1);
        assert!(hours.validate().unwrap_err().0.contains_key("away_message"));
    }
}
