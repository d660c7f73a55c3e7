//! Reports' rules, pure: the company's calendar (days, weeks, months in its time zone, so a day
//! is 23 or 25 hours when daylight saving changes) and the working-time report built from
//! presence periods; the service (`service`), volume (`volume`) and groups (`groups`) reports'
//! own rules in their modules.

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::access_hours::{AccessDecision, AccessHours};
use crate::presence::{PresencePeriod, PresenceStatus, totals};

pub mod groups;
pub mod service;
pub mod volume;

/// Longest range a report covers, in days.
pub const MAX_REPORT_DAYS: i32 = 366;

/// How a report's rows split the range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    Day,
    /// Weeks start on Monday.
    Week,
    Month,
}

/// One stretch of the company's calendar: `[start, end)` as instants, named by its first date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CalendarSpan {
    pub first_day: Date,
    pub start: Timestamp,
    pub end: Timestamp,
}

impl CalendarSpan {
    /// Whether the span starts and ends on a quarter hour of Unix time, as every zone's days, weeks
    /// and months do today (see `volume`): counts kept per quarter hour then answer it exactly.
    pub fn on_quarter_hours(&self) -> bool {
        [self.start, self.end]
            .iter()
            .all(|at| at.subsec_nanosecond() == 0 && at.as_second().rem_euclid(volume::SLOT_SECONDS) == 0)
    }
}

/// The midnight that starts `date` in `zone` (the first instant of the day where midnight falls in a gap).
pub fn start_of_day(date: Date, zone: &TimeZone) -> Timestamp {
    zone.to_ambiguous_zoned(date.to_datetime(Time::midnight()))
        .compatible()
        .map(|zoned| zoned.timestamp())
        .unwrap_or(Timestamp::MAX)
}

fn first_day_of(date: Date, granularity: Granularity) -> Date {
    match granularity {
        Granularity::Day => date,
        Granularity::Week => date.checked_sub((date.weekday().to_monday_zero_offset() as i64).days()).unwrap_or(date),
        Granularity::Month => date.first_of_month(),
    }
}

fn next_first_day(first: Date, granularity: Granularity) -> Date {
    let step = match granularity {
        Granularity::Day => 1.day(),
        Granularity::Week => 1.week(),
        Granularity::Month => 1.month(),
    };
    first.checked_add(step).unwrap_or(first)
}

/// The spans from `from` to `to` (dates inclusive) in the company's zone, the first and last
/// clipped to the range: a week report from a Wednesday starts on that Wednesday.
pub fn calendar(from: Date, to: Date, granularity: Granularity, zone: &TimeZone) -> Vec<CalendarSpan> {
    let range_end = to.tomorrow().map(|day| start_of_day(day, zone)).unwrap_or(Timestamp::MAX);
    let mut spans = Vec::new();
    let mut first = first_day_of(from, granularity);
    while first <= to {
        let next = next_first_day(first, granularity);
        let shown = first.max(from);
        let start = start_of_day(shown, zone);
        let end = start_of_day(next, zone).min(range_end);
        spans.push(CalendarSpan { first_day: shown, start, end });
        if next <= first {
            break;
        }
        first = next;
    }
    spans
}

/// An attendant's presence, as the working-time report reads it.
#[derive(Clone, Copy)]
pub struct Attendant<'a> {
    pub user_id: Uuid,
    pub is_admin: bool,
    pub access_hours: Option<&'a AccessHours>,
    /// Oldest first, overlapping the report's range.
    pub periods: &'a [PresencePeriod],
}

/// One attendant in one span of the calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkingTime {
    pub user_id: Uuid,
    /// The span's first day (in the company's zone).
    pub first_day: Date,
    pub online_seconds: i64,
    pub away_seconds: i64,
    pub offline_seconds: i64,
    /// Online or away while their access hours were closed (should be zero).
    pub outside_access_hours_seconds: i64,
    /// When they first came online or away in the span.
    pub first_online_at: Option<Timestamp>,
    /// When they last went offline in the span (or the span's end, or now, if still working).
    pub last_online_at: Option<Timestamp>,
}

/// The working-time report: a row per attendant and span, spans of the future left out, an open
/// period running until `now`.
pub fn working_time(attendants: &[Attendant<'_>], spans: &[CalendarSpan], now: Timestamp) -> Vec<WorkingTime> {
    let mut rows = Vec::new();
    for attendant in attendants {
        for span in spans.iter().filter(|span| span.start < now) {
            rows.push(working_time_in(attendant, span, now));
        }
    }
    rows
}

fn working_time_in(attendant: &Attendant<'_>, span: &CalendarSpan, now: Timestamp) -> WorkingTime {
    let sums = totals(attendant.periods, span.start, span.end, now);
    let working: Vec<(Timestamp, Timestamp)> = attendant
        .periods
        .iter()
        .filter(|period| period.status != PresenceStatus::Offline)
        .map(|period| (period.started_at.max(span.start), period.ended_at.unwrap_or(now).min(span.end).min(now)))
        .filter(|(start, end)| start < end)
        .collect();
    let outside = match attendant.access_hours {
        Some(hours) => working.iter().map(|&(start, end)| seconds_outside(hours, attendant.is_admin, start, end)).sum(),
        None => 0,
    };
    WorkingTime {
        user_id: attendant.user_id,
        first_day: span.first_day,
        online_seconds: sums.online_seconds,
        away_seconds: sums.away_seconds,
        offline_seconds: sums.offline_seconds,
        outside_access_hours_seconds: outside,
        first_online_at: working.iter().map(|&(start, _)| start).min(),
        last_online_at: working.iter().map(|&(_, end)| end).max(),
    }
}

/// Seconds of `[start, end)` in which the access hours were closed, walking their openings and closings.
fn seconds_outside(hours: &AccessHours, is_admin: bool, start: Timestamp, end: Timestamp) -> i64 {
    let mut outside = 0;
    let mut at = start;
    while at < end {
        let (allowed, changes_at) = match hours.evaluate(is_admin, at) {
            AccessDecision::Allowed { until } => (true, until),
            AccessDecision::Denied { next_allowed_at } => (false, next_allowed_at),
        };
        let stretch_end = changes_at.filter(|&change| change > at).unwrap_or(end).min(end);
        if !allowed {
            outside += stretch_end.as_second() - at.as_second();
        }
        at = stretch_end;
    }
    outside
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access_hours::{AccessRule, ClockTime, Weekday};

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    fn day(text: &str) -> Date {
        text.parse().unwrap()
    }

    fn period(status: PresenceStatus, start: &str, end: Option<&str>) -> PresencePeriod {
        PresencePeriod { status, started_at: at(start), ended_at: end.map(at) }
    }

    fn sao_paulo() -> TimeZone {
        TimeZone::get("America/Sao_Paulo").unwrap()
    }

    #[test]
    fn the_calendars_spans_start_and_end_on_quarter_hours() {
        for zone in ["America/Sao_Paulo", "Asia/Kolkata", "Asia/Kathmandu", "America/St_Johns"] {
            let zone = TimeZone::get(zone).unwrap();
            for granularity in [Granularity::Day, Granularity::Week, Granularity::Month] {
                let spans = calendar(day("2026-01-01"), day("2026-12-31"), granularity, &zone);
                assert!(spans.iter().all(CalendarSpan::on_quarter_hours), "{zone:?} {granularity:?}");
            }
        }
        let span = |start, end| CalendarSpan { first_day: day("2026-11-30"), start: at(start), end: at(end) };
        assert!(!span("2026-11-30T03:07:00Z", "2026-12-01T03:00:00Z").on_quarter_hours());
        assert!(!span("2026-11-30T03:00:00Z", "2026-12-01T03:00:00.5Z").on_quarter_hours());
    }

    #[test]
    fn days_start_at_the_companys_midnight() {
        let spans = calendar(day("2026-11-30"), day("2026-12-01"), Granularity::Day, &sao_paulo());
        assert_eq!(spans.len(), 2);
        assert_eq!((spans[0].start, spans[0].end), (at("2026-11-30T03:00:00Z"), at("2026-12-01T03:00:00Z")));
        assert_eq!(spans[1].first_day, day("2026-12-01"));
    }

    #[test]
    fn weeks_and_months_are_clipped_to_the_range() {
        let zone = sao_paulo();
        // 2026-12-02 is a Wednesday: its week starts there, the next one on Monday the 7th.
        let weeks = calendar(day("2026-12-02"), day("2026-12-09"), Granularity::Week, &zone);
        let firsts: Vec<Date> = weeks.iter().map(|span| span.first_day).collect();
        assert_eq!(firsts, [day("2026-12-02"), day("2026-12-07")]);
        assert_eq!(weeks[1].end, at("2026-12-10T03:00:00Z"), "the range's last day, included");
        let months = calendar(day("2026-11-15"), day("2027-01-10"), Granularity::Month, &zone);
        let firsts: Vec<Date> = months.iter().map(|span| span.first_day).collect();
        assert_eq!(firsts, [day("2026-11-15"), day("2026-12-01"), day("2027-01-01")]);
    }

    #[test]
    fn a_daylight_saving_day_is_shorter_or_longer() {
        let new_york = TimeZone::get("America/New_York").unwrap();
        let spring = calendar(day("2026-03-08"), day("2026-03-08"), Granularity::Day, &new_york);
        assert_eq!(spring[0].end.as_second() - spring[0].start.as_second(), 23 * 3600);
        let autumn = calendar(day("2026-11-01"), day("2026-11-01"), Granularity::Day, &new_york);
        assert_eq!(autumn[0].end.as_second() - autumn[0].start.as_second(), 25 * 3600);
    }

    #[test]
    fn a_day_of_work_split_at_the_companys_midnight() {
        let periods = [
            // 22:00 to 01:00 in São Paulo, across midnight.
            period(PresenceStatus::Online, "2026-12-01T01:00:00Z", Some("2026-12-01T04:00:00Z")),
            period(PresenceStatus::Offline, "2026-12-01T04:00:00Z", Some("2026-12-01T11:00:00Z")),
            period(PresenceStatus::Online, "2026-12-01T11:00:00Z", Some("2026-12-01T15:00:00Z")),
            period(PresenceStatus::Away, "2026-12-01T15:00:00Z", Some("2026-12-01T16:00:00Z")),
            period(PresenceStatus::Online, "2026-12-01T16:00:00Z", None),
        ];
        let user_id = Uuid::nil();
        let ana = Attendant { user_id, is_admin: false, access_hours: None, periods: &periods };
        let spans = calendar(day("2026-11-30"), day("2026-12-02"), Granularity::Day, &sao_paulo());
        let now = at("2026-12-01T20:00:00Z"); // 17:00 on the 1st: the 2nd is still to come
        let rows = working_time(&[ana], &spans, now);
        assert_eq!(rows.len(), 2, "no row for a day that has not begun");
        assert_eq!(rows[0].online_seconds, 2 * 3600, "22:00 to midnight on the 30th");
        assert_eq!(rows[0].first_online_at, Some(at("2026-12-01T01:00:00Z")));
        assert_eq!(rows[0].last_online_at, Some(at("2026-12-01T03:00:00Z")));
        assert_eq!(
            (rows[1].online_seconds, rows[1].away_seconds, rows[1].offline_seconds),
            (3600 + 4 * 3600 + 4 * 3600, 3600, 7 * 3600),
            "midnight to 01:00, 08:00 to 12:00, and 13:00 until now online; 12:00 to 13:00 away"
        );
        assert_eq!(rows[1].first_online_at, Some(at("2026-12-01T03:00:00Z")));
        assert_eq!(rows[1].last_online_at, Some(now), "still online");
    }

    #[test]
    fn time_outside_access_hours_is_counted_for_who_works_then() {
        let monday = |start: &str, end: &str| AccessRule {
            weekday: Weekday::Monday,
            start: ClockTime::parse(start).unwrap(),
            end: ClockTime::parse(end).unwrap(),
        };
        let hours = AccessHours {
            enabled: true,
            timezone: "America/Sao_Paulo".into(),
            rules: vec![monday("08:00", "12:00"), monday("13:00", "18:00")],
            holidays: vec![],
            admins_bypass: true,
        };
        // Monday 2026-11-30, 07:30 to 13:30 in São Paulo: 30 min before, and 12:00–13:00, are outside.
        let periods = [period(PresenceStatus::Online, "2026-11-30T10:30:00Z", Some("2026-11-30T16:30:00Z"))];
        let spans = calendar(day("2026-11-30"), day("2026-11-30"), Granularity::Day, &sao_paulo());
        let now = at("2026-12-02T00:00:00Z");
        let bia = Attendant { user_id: Uuid::nil(), is_admin: false, access_hours: Some(&hours), periods: &periods };
        assert_eq!(working_time(&[bia], &spans, now)[0].outside_access_hours_seconds, 90 * 60);
        let admin = Attendant { is_admin: true, ..bia };
        assert_eq!(working_time(&[admin], &spans, now)[0].outside_access_hours_seconds, 0, "administrators bypass");
    }
}
