//! Presence periods: every status change appends a period; totals are computed per range.

use jiff::Timestamp;
use serde::Serialize;

crate::text_enum! {
    pub enum PresenceStatus { Online => "online", Away => "away", Offline => "offline" }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PresencePeriod {
    pub status: PresenceStatus,
    pub started_at: Timestamp,
    /// `None` while the period is still open.
    pub ended_at: Option<Timestamp>,
}

/// Seconds spent in each status within a range.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PresenceTotals {
    pub online_seconds: i64,
    pub away_seconds: i64,
    pub offline_seconds: i64,
}

/// Sums the part of each period that lies inside `[from, to)`; an open period runs until `now`.
pub fn totals(periods: &[PresencePeriod], from: Timestamp, to: Timestamp, now: Timestamp) -> PresenceTotals {
    let mut totals = PresenceTotals::default();
    for period in periods {
        let start = period.started_at.max(from);
        let end = period.ended_at.unwrap_or(now).min(to);
        if end <= start {
            continue;
        }
        let seconds = end.as_second() - start.as_second();
        match period.status {
            PresenceStatus::Online => totals.online_seconds += seconds,
            PresenceStatus::Away => totals.away_seconds += seconds,
            PresenceStatus::Offline => totals.offline_seconds += seconds,
        }
    }
    totals
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    fn period(status: PresenceStatus, start: &str, end: Option<&str>) -> PresencePeriod {
        PresencePeriod { status, started_at: at(start), ended_at: end.map(at) }
    }

    #[test]
    fn periods_are_clipped_to_the_range_and_open_ones_run_until_now() {
        let periods = [
            period(PresenceStatus::Online, "2026-11-23T07:00:00Z", Some("2026-11-23T09:00:00Z")),
            period(PresenceStatus::Away, "2026-11-23T09:00:00Z", Some("2026-11-23T09:30:00Z")),
            period(PresenceStatus::Online, "2026-11-23T09:30:00Z", None),
        ];
        let result =
            totals(&periods, at("2026-11-23T08:00:00Z"), at("2026-11-23T12:00:00Z"), at("2026-11-23T10:00:00Z"));
        assert_eq!(result.online_seconds, 3600 + 1800);
        assert_eq!(result.away_seconds, 1800);
        assert_eq!(result.offline_seconds, 0);
    }

    #[test]
    fn periods_outside_the_range_count_nothing() {
        let periods = [period(PresenceStatus::Offline, "2026-11-20T00:00:00Z", Some("2026-11-21T00:00:00Z"))];
        let result =
            totals(&periods, at("2026-11-22T00:00:00Z"), at("2026-11-23T00:00:00Z"), at("2026-11-24T00:00:00Z"));
        assert_eq!(result, PresenceTotals::default());
    }

    #[test]
    fn statuses_round_trip() {
        for status in [PresenceStatus::Online, PresenceStatus::Away, PresenceStatus::Offline] {
            assert_eq!(PresenceStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(PresenceStatus::parse("busy"), None);
    }
}
