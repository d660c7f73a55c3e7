//! "Bloqueio de acesso por horário": per-user weekly windows in wall-clock time of a time zone.
//! Rules are civil (what the office clock says), so DST shifts the instants, never the rules.

use std::fmt;

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::FieldErrors;
use crate::validation::check_timezone;

pub const MAX_RULES: usize = 100;
const MINUTES_PER_DAY: u16 = 24 * 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl Weekday {
    /// Every day of the week, Monday first.
    pub const ALL: [Weekday; 7] = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];
}

impl From<jiff::civil::Weekday> for Weekday {
    fn from(day: jiff::civil::Weekday) -> Self {
        use jiff::civil::Weekday as W;
        match day {
            W::Monday => Self::Monday,
            W::Tuesday => Self::Tuesday,
            W::Wednesday => Self::Wednesday,
            W::Thursday => Self::Thursday,
            W::Friday => Self::Friday,
            W::Saturday => Self::Saturday,
            W::Sunday => Self::Sunday,
        }
    }
}

/// A wall-clock time `"HH:MM"` from `00:00` to `24:00` (the end of the day), kept as minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ClockTime(u16);

impl ClockTime {
    pub fn parse(text: &str) -> Option<Self> {
        let (hours, minutes) = text.split_once(':')?;
        if hours.len() != 2 || minutes.len() != 2 {
            return None;
        }
        let (hours, minutes): (u16, u16) = (hours.parse().ok()?, minutes.parse().ok()?);
        let valid = (hours < 24 && minutes < 60) || (hours == 24 && minutes == 0);
        valid.then_some(Self(hours * 60 + minutes))
    }

    pub fn minutes(self) -> u16 {
        self.0
    }
}

impl fmt::Display for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

impl Serialize for ClockTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ClockTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).ok_or_else(|| serde::de::Error::custom("expected a time \"HH:MM\" between 00:00 and 24:00"))
    }
}

/// One allowed interval `[start, end)` on a weekday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessRule {
    pub weekday: Weekday,
    pub start: ClockTime,
    pub end: ClockTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessHours {
    /// When false the user may work at any time.
    pub enabled: bool,
    /// IANA time zone the rules are read in.
    pub timezone: String,
    pub rules: Vec<AccessRule>,
    /// Dates (in the time zone) on which access is blocked all day.
    #[serde(default)]
    pub holidays: Vec<Date>,
    /// Administrators are never blocked when true.
    pub admins_bypass: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccessDecision {
    /// Access is open; `until` is when the current stretch ends (`None`: it never does).
    Allowed { until: Option<Timestamp> },
    /// Access is closed; `next_allowed_at` is the next opening (`None`: there is none).
    Denied { next_allowed_at: Option<Timestamp> },
}

impl AccessDecision {
    pub fn is_allowed(&self) -> bool {
        matches!(self, Self::Allowed { .. })
    }
}

impl AccessHours {
    /// No restriction, in the given zone: what a user without a configuration gets.
    pub fn unrestricted(timezone: &str) -> Self {
        Self {
            enabled: false,
            timezone: timezone.to_owned(),
            rules: Vec::new(),
            holidays: Vec::new(),
            admins_bypass: true,
        }
    }

    pub fn validate(&self) -> Result<(), crate::Error> {
        let mut errors = FieldErrors::new();
        check_timezone(&mut errors, "timezone", &self.timezone);
        check_rules(&mut errors, &self.rules);
        errors.into_result()
    }

    pub fn evaluate(&self, is_admin: bool, now: Timestamp) -> AccessDecision {
        if !self.enabled || (is_admin && self.admins_bypass) {
            return AccessDecision::Allowed { until: None };
        }
        WeeklyWindows { rules: &self.rules, holidays: &self.holidays }.decide(&self.timezone, now)
    }
}

/// The intervals must be at most `MAX_RULES`, each ending after it starts.
pub(crate) fn check_rules(errors: &mut FieldErrors, rules: &[AccessRule]) {
    if rules.len() > MAX_RULES {
        errors.add("rules", format!("must have at most {MAX_RULES} intervals"));
    }
    for (index, rule) in rules.iter().enumerate() {
        if rule.start >= rule.end {
            errors.add(format!("rules[{index}].end"), "must be after start");
        }
    }
}

/// Weekly intervals and whole-day closures, as the clock of a time zone reads them: a user's
/// access hours, a channel's business hours.
pub(crate) struct WeeklyWindows<'a> {
    pub rules: &'a [AccessRule],
    pub holidays: &'a [Date],
}

impl WeeklyWindows<'_> {
    /// Open or closed at `now`, and until when (an unknown zone reads as UTC).
    pub fn decide(&self, timezone: &str, now: Timestamp) -> AccessDecision {
        let zone = TimeZone::get(timezone).unwrap_or(TimeZone::UTC);
        let local = now.to_zoned(zone.clone()).datetime();
        let minute = local.hour() as u16 * 60 + local.minute() as u16;
        if self.is_open(local.date(), minute) {
            let until = self.end_of_open_stretch(local.date(), minute);
            AccessDecision::Allowed { until: until.map(|end| to_instant(end, &zone)) }
        } else {
            let next = self.next_opening(local.date(), minute);
            AccessDecision::Denied { next_allowed_at: next.map(|start| to_instant(start, &zone)) }
        }
    }

    fn windows_on(&self, date: Date) -> impl Iterator<Item = (u16, u16)> + '_ {
        let weekday = Weekday::from(date.weekday());
        let holiday = self.holidays.contains(&date);
        self.rules
            .iter()
            .filter(move |rule| !holiday && rule.weekday == weekday)
            .map(|rule| (rule.start.minutes(), rule.end.minutes()))
    }

    fn is_open(&self, date: Date, minute: u16) -> bool {
        self.windows_on(date).any(|(start, end)| start <= minute && minute < end)
    }

    /// Follows overlapping and adjacent windows, across midnight, to where access closes.
    fn end_of_open_stretch(&self, mut date: Date, mut minute: u16) -> Option<DateTime> {
        for _ in 0..=7 + self.holidays.len() {
            while let Some(end) =
                self.windows_on(date).filter(|&(start, end)| start <= minute && minute < end).map(|(_, end)| end).max()
            {
                minute = end;
            }
            if minute < MINUTES_PER_DAY {
                return Some(civil(date, minute));
            }
            date = date.tomorrow().ok()?;
            minute = 0;
            if !self.is_open(date, 0) {
                return Some(civil(date, 0));
            }
        }
        None
    }

    fn next_opening(&self, today: Date, minute: u16) -> Option<DateTime> {
        let mut date = today;
        for offset in 0..=7 + self.holidays.len() {
            let earliest =
                self.windows_on(date).map(|(start, _)| start).filter(|&start| offset > 0 || start > minute).min();
            if let Some(start) = earliest {
                return Some(civil(date, start));
            }
            date = date.tomorrow().ok()?;
        }
        None
    }
}

fn civil(date: Date, minute: u16) -> DateTime {
    date.to_datetime(Time::midnight())
        .checked_add((minute as i64).minutes())
        .unwrap_or_else(|_| date.to_datetime(Time::midnight()))
}

/// A wall-clock time that falls in a DST gap maps to the instant just after the gap.
fn to_instant(local: DateTime, zone: &TimeZone) -> Timestamp {
    zone.to_ambiguous_zoned(local).compatible().map(|zoned| zoned.timestamp()).unwrap_or(Timestamp::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(weekday: Weekday, start: &str, end: &str) -> AccessRule {
        AccessRule { weekday, start: ClockTime::parse(start).unwrap(), end: ClockTime::parse(end).unwrap() }
    }

    fn hours(zone: &str, rules: Vec<AccessRule>) -> AccessHours {
        AccessHours { enabled: true, timezone: zone.into(), rules, holidays: vec![], admins_bypass: true }
    }

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    const SP: &str = "America/Sao_Paulo"; // UTC-3, no DST since 2019

    #[test]
    fn clock_times_parse_strictly() {
        assert_eq!(ClockTime::parse("08:30").unwrap().minutes(), 510);
        assert_eq!(ClockTime::parse("24:00").unwrap().minutes(), 1440);
        for bad in ["24:01", "8:00", "08:60", "0800", "aa:bb", ""] {
            assert!(ClockTime::parse(bad).is_none(), "{bad}");
        }
        assert_eq!(ClockTime::parse("07:05").unwrap().to_string(), "07:05");
    }

    #[test]
    fn inside_a_window_is_allowed_until_its_end() {
        let h = hours(SP, vec![rule(Weekday::Monday, "08:00", "12:00")]);
        // 2026-11-23 is a Monday; 12:00Z is 09:00 in São Paulo.
        let decision = h.evaluate(false, at("2026-11-23T12:00:00Z"));
        assert_eq!(decision, AccessDecision::Allowed { until: Some(at("2026-11-23T15:00:00Z")) });
    }

    #[test]
    fn before_and_after_windows_point_to_the_next_opening() {
        let h = hours(SP, vec![rule(Weekday::Monday, "08:00", "12:00"), rule(Weekday::Friday, "08:00", "18:00")]);
        let early = h.evaluate(false, at("2026-11-23T10:59:00Z")); // Monday 07:59
        assert_eq!(early, AccessDecision::Denied { next_allowed_at: Some(at("2026-11-23T11:00:00Z")) });
        let weekend = h.evaluate(false, at("2026-11-28T15:00:00Z")); // Saturday
        assert_eq!(weekend, AccessDecision::Denied { next_allowed_at: Some(at("2026-11-30T11:00:00Z")) });
        let end_is_exclusive = h.evaluate(false, at("2026-11-27T21:00:00Z")); // Friday 18:00
        assert!(!end_is_exclusive.is_allowed());
    }

    #[test]
    fn same_weekday_next_week_when_today_is_over() {
        let h = hours(SP, vec![rule(Weekday::Monday, "08:00", "09:00")]);
        let decision = h.evaluate(false, at("2026-11-23T13:00:00Z")); // Monday 10:00
        assert_eq!(decision, AccessDecision::Denied { next_allowed_at: Some(at("2026-11-30T11:00:00Z")) });
    }

    #[test]
    fn overlapping_windows_merge() {
        let h = hours(SP, vec![rule(Weekday::Monday, "08:00", "12:00"), rule(Weekday::Monday, "11:00", "14:00")]);
        let decision = h.evaluate(false, at("2026-11-23T12:30:00Z")); // 09:30
        assert_eq!(decision, AccessDecision::Allowed { until: Some(at("2026-11-23T17:00:00Z")) });
    }

    #[test]
    fn windows_continue_across_midnight() {
        let h = hours(SP, vec![rule(Weekday::Monday, "22:00", "24:00"), rule(Weekday::Tuesday, "00:00", "06:00")]);
        let late = h.evaluate(false, at("2026-11-24T02:00:00Z")); // Monday 23:00
        assert_eq!(late, AccessDecision::Allowed { until: Some(at("2026-11-24T09:00:00Z")) });
        let after = h.evaluate(false, at("2026-11-24T09:00:00Z")); // Tuesday 06:00
        assert_eq!(after, AccessDecision::Denied { next_allowed_at: Some(at("2026-12-01T01:00:00Z")) });
    }

    #[test]
    fn dst_gap_opens_right_after_the_jump() {
        // New York springs forward on Sunday 2026-03-08: 02:00 EST becomes 03:00 EDT.
        let h = hours("America/New_York", vec![rule(Weekday::Sunday, "02:30", "05:00")]);
        let decision = h.evaluate(false, at("2026-03-08T06:00:00Z")); // 01:00 EST
        // 02:30 does not exist that day; the window opens at 03:30 EDT = 07:30Z.
        assert_eq!(decision, AccessDecision::Denied { next_allowed_at: Some(at("2026-03-08T07:30:00Z")) });
        let inside = h.evaluate(false, at("2026-03-08T08:00:00Z")); // 04:00 EDT
        assert_eq!(inside, AccessDecision::Allowed { until: Some(at("2026-03-08T09:00:00Z")) });
    }

    #[test]
    fn dst_fall_back_keeps_wall_clock_rules() {
        // New York falls back on Sunday 2026-11-01: 02:00 EDT becomes 01:00 EST; 09:00 is EST (UTC-5).
        let h = hours("America/New_York", vec![rule(Weekday::Sunday, "09:00", "10:00")]);
        let decision = h.evaluate(false, at("2026-11-01T12:00:00Z")); // 07:00 EST
        assert_eq!(decision, AccessDecision::Denied { next_allowed_at: Some(at("2026-11-01T14:00:00Z")) });
    }

    #[test]
    fn disabled_bypass_holidays_and_empty_rules() {
        let mut h = hours(SP, vec![rule(Weekday::Monday, "08:00", "12:00")]);
        let sunday = at("2026-11-22T15:00:00Z");
        assert!(!h.evaluate(false, sunday).is_allowed());
        assert!(h.evaluate(true, sunday).is_allowed(), "admins bypass");
        h.admins_bypass = false;
        assert!(!h.evaluate(true, sunday).is_allowed());
        h.holidays = vec!["2026-11-23".parse().unwrap()];
        assert_eq!(
            h.evaluate(false, sunday),
            AccessDecision::Denied { next_allowed_at: Some(at("2026-11-30T11:00:00Z")) }
        );
        h.rules.clear();
        assert_eq!(h.evaluate(false, sunday), AccessDecision::Denied { next_allowed_at: None });
        h.enabled = false;
        assert!(h.evaluate(false, sunday).is_allowed());
    }

    #[test]
    fn always_open_week_never_ends() {
        let h = hours(SP, Weekday::ALL.iter().map(|&day| rule(day, "00:00", "24:00")).collect());
        assert_eq!(h.evaluate(false, at("2026-11-23T12:00:00Z")), AccessDecision::Allowed { until: None });
    }

    #[test]
    fn validation_names_the_bad_fields() {
        let h =
            AccessHours { timezone: "Nowhere/City".into(), ..hours(SP, vec![rule(Weekday::Monday, "12:00", "08:00")]) };
        let crate::Error::Validation(errors) = h.validate().unwrap_err() else { panic!() };
        assert!(errors.0.contains_key("timezone"));
        assert!(errors.0.contains_key("rules[0].end"));
    }
}
