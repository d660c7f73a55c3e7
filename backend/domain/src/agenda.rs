//! The agenda: appointments of an attendant, optionally with a contact.

use jiff::{SignedDuration, Timestamp};
use serde::Serialize;
use uuid::Uuid;

use crate::FieldErrors;

pub const TITLE_MAX_CHARS: usize = 200;
pub const NOTES_MAX_CHARS: usize = 4000;
/// Longest appointment.
pub const MAX_LENGTH: SignedDuration = SignedDuration::from_hours(24 * 31);

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgendaEvent {
    pub id: Uuid,
    #[serde(skip)]
    pub company_id: Uuid,
    /// Whose agenda it is in.
    pub user_id: Uuid,
    pub title: String,
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
    pub notes: Option<String>,
    pub contact_id: Option<Uuid>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// Checks what a person types about an appointment.
pub fn check_event(
    errors: &mut FieldErrors,
    title: &str,
    starts_at: Timestamp,
    ends_at: Timestamp,
    notes: Option<&str>,
) {
    let title = title.trim().chars().count();
    if title == 0 || title > TITLE_MAX_CHARS {
        errors.add("title", format!("must have 1 to {TITLE_MAX_CHARS} characters"));
    }
    if ends_at <= starts_at {
        errors.add("ends_at", "must be after starts_at");
    } else if ends_at.duration_since(starts_at) > MAX_LENGTH {
        errors.add("ends_at", "an appointment lasts at most 31 days");
    }
    if notes.is_some_and(|notes| notes.chars().count() > NOTES_MAX_CHARS) {
        errors.add("notes", format!("must have at most {NOTES_MAX_CHARS} characters"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appointments_need_a_title_and_an_end_after_the_start() {
        let start = Timestamp::from_second(1_764_000_000).unwrap();
        let hour = SignedDuration::from_hours(1);
        let mut fine = FieldErrors::new();
        check_event(&mut fine, "Retorno ao cliente", start, start + hour, Some("Levar proposta"));
        assert!(fine.is_empty());
        let mut errors = FieldErrors::new();
        check_event(&mut errors, "  ", start, start, Some(&"n".repeat(NOTES_MAX_CHARS + 1)));
        assert_eq!(errors.0.keys().collect::<Vec<_>>(), ["ends_at", "notes", "title"]);
        let mut too_long = FieldErrors::new();
        check_event(&mut too_long, "Férias", start, start + SignedDuration::from_hours(24 * 40), None);
        assert!(too_long.0.contains_key("ends_at"));
    }
}
