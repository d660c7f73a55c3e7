//! Login lockout: 5 failed logins for one account within 15 minutes lock it for 15 minutes.

use jiff::{SignedDuration, Timestamp};

pub const MAX_FAILURES: usize = 5;
pub const WINDOW: SignedDuration = SignedDuration::from_mins(15);
pub const LOCK_DURATION: SignedDuration = SignedDuration::from_mins(15);

/// How far back failures matter: a lock can start at most one window before now and lasts one duration.
pub const LOOKBACK: SignedDuration = SignedDuration::from_mins(30);

/// Returns when the lock ends if the account is locked at `now`.
pub fn locked_until(failures: &[Timestamp], now: Timestamp) -> Option<Timestamp> {
    let mut sorted = failures.to_vec();
    sorted.sort();
    sorted
        .windows(MAX_FAILURES)
        .filter(|run| run[MAX_FAILURES - 1].duration_since(run[0]) <= WINDOW)
        .map(|run| run[MAX_FAILURES - 1] + LOCK_DURATION)
        .max()
        .filter(|until| *until > now)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minutes_after(base: Timestamp, minutes: &[i64]) -> Vec<Timestamp> {
        minutes.iter().map(|m| base + SignedDuration::from_mins(*m)).collect()
    }

    #[test]
    fn five_failures_in_fifteen_minutes_lock_for_fifteen_minutes() {
        let base: Timestamp = "2026-11-23T12:00:00Z".parse().unwrap();
        let failures = minutes_after(base, &[0, 3, 6, 9, 12]);
        let now = base + SignedDuration::from_mins(13);
        assert_eq!(locked_until(&failures, now), Some(base + SignedDuration::from_mins(27)));
        assert_eq!(locked_until(&failures, base + SignedDuration::from_mins(27)), None);
    }

    #[test]
    fn four_failures_or_spread_out_failures_do_not_lock() {
        let base: Timestamp = "2026-11-23T12:00:00Z".parse().unwrap();
        let now = base + SignedDuration::from_mins(30);
        assert_eq!(locked_until(&minutes_after(base, &[0, 1, 2, 3]), now), None);
        assert_eq!(locked_until(&minutes_after(base, &[0, 5, 10, 15, 20]), now), None);
    }

    #[test]
    fn one_failure_after_a_lock_expires_does_not_relock() {
        let base: Timestamp = "2026-11-23T12:00:00Z".parse().unwrap();
        let failures = minutes_after(base, &[0, 1, 2, 3, 4, 20]);
        assert_eq!(locked_until(&failures, base + SignedDuration::from_mins(20)), None);
    }
}
