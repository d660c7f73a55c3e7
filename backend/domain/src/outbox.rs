//! Sending with an outbox: a message is stored first and sent by a worker, which retries what
//! WhatsApp could not take yet with a growing delay, and gives up after a while.

use jiff::SignedDuration;

use crate::retry::Backoff;

/// Tries before a message fails for good: about 24 minutes of retries in all, enough to ride out
/// a short WhatsApp outage.
pub const MAX_ATTEMPTS: u32 = 12;
const BACKOFF: Backoff =
    Backoff { first: SignedDuration::from_secs(2), max: SignedDuration::from_mins(5), max_attempts: MAX_ATTEMPTS };
/// How long a worker holds the messages it claimed before another may take them over.
pub const CLAIM_LEASE: SignedDuration = SignedDuration::from_secs(60);

/// Why a try failed, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// Might work later: the channel is offline, WhatsApp is unavailable or rate-limiting.
    Passing,
    /// Will not work: refused by WhatsApp, outside the 24-hour window, credentials rejected.
    Final,
}

/// The delay before the next try after `attempts` tries, or `None` when the message fails for good.
pub fn retry_delay(attempts: u32, failure: Failure) -> Option<SignedDuration> {
    match failure {
        Failure::Final => None,
        Failure::Passing => BACKOFF.delay_after(attempts),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passing_failures_are_retried_with_a_growing_capped_delay() {
        let delays: Vec<i64> = (1..MAX_ATTEMPTS).map(|n| retry_delay(n, Failure::Passing).unwrap().as_secs()).collect();
        assert_eq!(delays, [2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300]);
        assert_eq!(retry_delay(MAX_ATTEMPTS, Failure::Passing), None, "then it fails for good");
        assert_eq!(retry_delay(1, Failure::Final), None, "a refusal is not retried");
        assert!(retry_delay(7, Failure::Passing).unwrap() <= BACKOFF.max);
    }
}
