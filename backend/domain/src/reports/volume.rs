//! The volume report's rules, pure: conversations started, counted by the database per quarter of
//! an hour, laid out as a week of hours (Monday to Sunday × 0h to 23h) in the company's time zone.
//!
//! The store counts by quarter hour of Unix time because every zone's offset today is a whole
//! number of quarters (Brazil's whole hours, India's half hours, Nepal's quarter): each quarter
//! falls within one local hour, whatever the daylight-saving rules, and the zone's rules are
//! applied here, by jiff, not in SQL.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::access_hours::Weekday;

/// The slot the store counts by, in seconds.
pub const SLOT_SECONDS: i64 = 15 * 60;

/// The week as the heatmap's rows read it: Monday first, as work schedules and the report's weeks.
pub const WEEK: [Weekday; 7] = Weekday::ALL;

/// Conversations started in one slot: `slot` quarters of an hour after the Unix epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlotCount {
    pub slot: i64,
    pub count: i64,
}

/// Conversations started per weekday (rows in `WEEK`'s order) and local hour (columns 0 to 23).
pub type Heatmap = [[i64; 24]; 7];

/// The row and column of the local weekday and hour `at` falls in, in `zone`.
pub fn cell_of(at: Timestamp, zone: &TimeZone) -> (usize, usize) {
    let local = at.to_zoned(zone.clone());
    (local.weekday().to_monday_zero_offset() as usize, local.hour() as usize)
}

/// Every slot's count in the cell of its local weekday and hour. An hour repeated when the clocks go
/// back holds both; an hour skipped when they go forward holds nothing.
pub fn heatmap(counts: &[SlotCount], zone: &TimeZone) -> Heatmap {
    let mut cells = [[0; 24]; 7];
    for count in counts {
        let Ok(at) = Timestamp::from_second(count.slot.saturating_mul(SLOT_SECONDS)) else { continue };
        let (day, hour) = cell_of(at, zone);
        cells[day][hour] += count.count;
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(text: &str) -> i64 {
        text.parse::<Timestamp>().unwrap().as_second().div_euclid(SLOT_SECONDS)
    }

    #[test]
    fn a_late_evening_in_sao_paulo_is_tomorrow_in_utc() {
        let zone = TimeZone::get("America/Sao_Paulo").unwrap();
        // Monday 2026-11-30 23:30 in São Paulo is Tuesday 02:30 UTC.
        let cells = heatmap(&[SlotCount { slot: slot("2026-12-01T02:30:00Z"), count: 2 }], &zone);
        assert_eq!(cells[0][23], 2, "Monday, 23h");
        assert_eq!(cells.iter().flatten().sum::<i64>(), 2);
    }

    #[test]
    fn the_repeated_hour_of_a_fall_back_day_counts_each_conversation_once() {
        let zone = TimeZone::get("America/New_York").unwrap();
        // Sunday 2026-11-01: 01:30 EDT (05:30Z), then 01:30 EST (06:30Z); 03:00 EST is 08:00Z.
        let counts = [
            SlotCount { slot: slot("2026-11-01T05:30:00Z"), count: 1 },
            SlotCount { slot: slot("2026-11-01T06:30:00Z"), count: 1 },
            SlotCount { slot: slot("2026-11-01T08:00:00Z"), count: 1 },
        ];
        let cells = heatmap(&counts, &zone);
        let sunday = &cells[6];
        assert_eq!((sunday[1], sunday[2], sunday[3]), (2, 0, 1), "{sunday:?}");
        assert_eq!(cells.iter().flatten().sum::<i64>(), 3, "none counted twice");
    }

    #[test]
    fn the_skipped_hour_of_a_spring_forward_day_is_empty() {
        let zone = TimeZone::get("America/New_York").unwrap();
        // Sunday 2026-03-08: 01:59 EST is 06:59Z; a minute later it is 03:00 EDT (07:00Z).
        let counts = [
            SlotCount { slot: slot("2026-03-08T06:45:00Z"), count: 1 },
            SlotCount { slot: slot("2026-03-08T07:00:00Z"), count: 4 },
        ];
        let sunday = heatmap(&counts, &zone)[6];
        assert_eq!((sunday[1], sunday[2], sunday[3]), (1, 0, 4));
    }

    #[test]
    fn sao_paulos_old_daylight_saving_moves_the_hour() {
        let zone = TimeZone::get("America/Sao_Paulo").unwrap();
        // 15:00 UTC was 13:00 under daylight saving (UTC−2, January 2019) and 12:00 since (UTC−3).
        let summer = heatmap(&[SlotCount { slot: slot("2019-01-15T15:00:00Z"), count: 1 }], &zone);
        let now = heatmap(&[SlotCount { slot: slot("2026-01-15T15:00:00Z"), count: 1 }], &zone);
        assert_eq!((summer[1][13], now[3][12]), (1, 1), "a Tuesday in 2019, a Thursday in 2026");
    }

    #[test]
    fn half_hour_zones_keep_each_quarter_in_one_hour() {
        let zone = TimeZone::get("Asia/Kolkata").unwrap();
        // 03:15Z and 03:45Z are 08:45 and 09:15 in India (UTC+5:30).
        let counts = [
            SlotCount { slot: slot("2026-12-01T03:15:00Z"), count: 1 },
            SlotCount { slot: slot("2026-12-01T03:45:00Z"), count: 1 },
        ];
        let tuesday = heatmap(&counts, &zone)[1];
        assert_eq!((tuesday[8], tuesday[9]), (1, 1));
    }
}
