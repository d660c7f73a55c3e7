//! Downloading received files: a worker fetches each from WhatsApp after its message is stored,
//! retries what could not come yet with a growing delay, and gives up after a while (the message
//! then shows its file `failed`).

use jiff::SignedDuration;

pub use crate::outbox::Failure;
use crate::retry::Backoff;

/// Tries before a file fails for good: about two hours of retries, enough to ride out an outage of
/// WhatsApp's media servers (Meta keeps a received file for 30 days).
pub const MAX_ATTEMPTS: u32 = 16;
const BACKOFF: Backoff =
    Backoff { first: SignedDuration::from_secs(5), max: SignedDuration::from_mins(15), max_attempts: MAX_ATTEMPTS };
/// How long a worker holds the files it claimed: a download cut off by a killed process is claimed
/// again after it. Long enough for a 100 MB document over a slow link.
pub const CLAIM_LEASE: SignedDuration = SignedDuration::from_mins(10);

/// The delay before the next try after `attempts` tries, or `None` when the file fails for good.
pub fn retry_delay(attempts: u32, failure: Failure) -> Option<SignedDuration> {
    match failure {
        Failure::Final => None,
        Failure::Passing => BACKOFF.delay_after(attempts),
    }
}

/// The type to keep once the bytes are here: the one WhatsApp declares while downloading, when the
/// message announced none useful (nothing, `application/octet-stream`) or the same type without
/// its parameters (e.g. `audio/ogg` → `audio/ogg; codecs=opus`).
pub fn better_mime_type(announced: &str, declared: Option<&str>) -> Option<String> {
    let declared = declared.map(str::trim).filter(|declared| !declared.is_empty() && declared.len() <= 255)?;
    let essence = |mime: &str| mime.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    let announced = announced.trim();
    let unknown = announced.is_empty() || essence(announced) == "application/octet-stream";
    let more_precise = !announced.contains(';') && declared.contains(';') && essence(announced) == essence(declared);
    (unknown || more_precise).then(|| declared.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::MessageKind;

    #[test]
    fn passing_failures_are_retried_for_a_while_then_the_file_fails() {
        let delays: Vec<i64> = (1..6).map(|n| retry_delay(n, Failure::Passing).unwrap().as_secs()).collect();
        assert_eq!(delays, [5, 10, 20, 40, 80]);
        assert_eq!(retry_delay(12, Failure::Passing).unwrap().as_secs(), 15 * 60, "capped");
        let total: i64 = (1..MAX_ATTEMPTS).map(|n| retry_delay(n, Failure::Passing).unwrap().as_secs()).sum();
        assert!((3600..4 * 3600).contains(&total), "about two hours in all: {total}s");
        assert_eq!(retry_delay(MAX_ATTEMPTS, Failure::Passing), None);
        assert_eq!(retry_delay(1, Failure::Final), None, "a file WhatsApp no longer has is not asked for again");
    }

    #[test]
    fn whatsapps_declared_type_replaces_a_vaguer_one_only() {
        assert_eq!(better_mime_type("", Some("image/jpeg")).as_deref(), Some("image/jpeg"));
        assert_eq!(
            better_mime_type("application/octet-stream", Some("application/pdf")).as_deref(),
            Some("application/pdf")
        );
        assert_eq!(
            better_mime_type("audio/ogg", Some("audio/ogg; codecs=opus")).as_deref(),
            Some("audio/ogg; codecs=opus")
        );
        assert_eq!(better_mime_type("image/jpeg", Some("image/png")), None, "the message's own type stands");
        assert_eq!(better_mime_type("image/jpeg", None), None);
        assert_eq!(better_mime_type("", Some("  ")), None);
    }

    #[test]
    fn each_kind_has_whatsapps_file_limit() {
        let mb = 1024 * 1024;
        assert_eq!(MessageKind::Image.file_limit_bytes(), Some(5 * mb));
        assert_eq!(MessageKind::VoiceNote.file_limit_bytes(), Some(16 * mb));
        assert_eq!(MessageKind::Document.file_limit_bytes(), Some(100 * mb));
        assert_eq!(MessageKind::Sticker.file_limit_bytes(), Some(500 * 1024));
        assert_eq!(MessageKind::Location.file_limit_bytes(), None);
        assert!(MessageKind::ALL.iter().all(|kind| kind.carries_media() == kind.file_limit_bytes().is_some()));
    }
}
