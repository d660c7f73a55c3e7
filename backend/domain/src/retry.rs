//! Retrying with a growing delay: what the message outbox and webhook deliveries share.

use jiff::SignedDuration;

/// A doubling delay between tries, capped, for a bounded number of tries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// The delay after the first try.
    pub first: SignedDuration,
    /// No delay grows beyond this.
    pub max: SignedDuration,
    /// Tries before giving up for good.
    pub max_attempts: u32,
}

impl Backoff {
    /// The delay before the next try after `attempts` tries, or `None` when there is none left.
    pub fn delay_after(&self, attempts: u32) -> Option<SignedDuration> {
        if attempts >= self.max_attempts {
            return None;
        }
        let doubled = self.first.checked_mul(1 << attempts.saturating_sub(1).min(16)).unwrap_or(self.max);
        Some(doubled.min(self.max))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_up_to_the_cap_then_stop() {
        let backoff =
            Backoff { first: SignedDuration::from_secs(3), max: SignedDuration::from_secs(20), max_attempts: 5 };
        let delays: Vec<i64> = (1..5).map(|n| backoff.delay_after(n).unwrap().as_secs()).collect();
        assert_eq!(delays, [3, 6, 12, 20]);
        assert_eq!(backoff.delay_after(5), None);
        let huge = Backoff { max_attempts: u32::MAX, ..backoff };
        assert_eq!(huge.delay_after(1_000), Some(SignedDuration::from_secs(20)), "no overflow");
    }
}
