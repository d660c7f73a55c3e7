//! Input rules shared by every entry point (API, CLI, seed).

use crate::FieldErrors;

pub const PASSWORD_MIN_CHARS: usize = 8;
pub const PASSWORD_MAX_CHARS: usize = 128;
pub const NAME_MAX_CHARS: usize = 120;

/// Lower-cases and trims an e-mail address; logins compare the normalised form.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// A pragmatic address check: one `@`, a non-empty local part, a dotted domain, no spaces.
pub fn is_valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else { return false };
    let labels_ok =
        domain.split('.').all(|label| !label.is_empty() && label.chars().all(|c| c.is_alphanumeric() || c == '-'));
    !local.is_empty()
        && local.len() <= 64
        && email.len() <= 254
        && !email.chars().any(char::is_whitespace)
        && domain.contains('.')
        && labels_ok
}

/// E.164: a `+`, a non-zero country digit, 8 to 15 digits in all.
pub fn is_valid_e164(phone: &str) -> bool {
    let Some(digits) = phone.strip_prefix('+') else { return false };
    (8..=15).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit()) && !digits.starts_with('0')
}

pub fn check_password(errors: &mut FieldErrors, field: &str, password: &str) {
    let chars = password.chars().count();
    if chars < PASSWORD_MIN_CHARS {
        errors.add(field, format!("must have at least {PASSWORD_MIN_CHARS} characters"));
    } else if chars > PASSWORD_MAX_CHARS {
        errors.add(field, format!("must have at most {PASSWORD_MAX_CHARS} characters"));
    }
}

/// A required, trimmed, bounded display name on one line: control characters (line breaks, tabs,
/// the C0/C1 codes) would break every list and label it is shown in.
pub fn check_name(errors: &mut FieldErrors, field: &str, name: &str) {
    let trimmed = name.trim();
    if trimmed.is_empty() {
        errors.add(field, "must not be empty");
    } else if trimmed.chars().count() > NAME_MAX_CHARS {
        errors.add(field, format!("must have at most {NAME_MAX_CHARS} characters"));
    } else if trimmed.chars().any(char::is_control) {
        errors.add(field, "must not contain control characters");
    }
}

pub fn check_email(errors: &mut FieldErrors, field: &str, email: &str) {
    if !is_valid_email(&normalize_email(email)) {
        errors.add(field, "must be a valid e-mail address");
    }
}

pub fn check_phone(errors: &mut FieldErrors, field: &str, phone: &str) {
    if !is_valid_e164(phone) {
        errors.add(field, "must be an E.164 phone number, e.g. +5511987654321");
    }
}

/// An IANA time zone name known to the bundled database.
pub fn check_timezone(errors: &mut FieldErrors, field: &str, timezone: &str) {
    if jiff::tz::TimeZone::get(timezone).is_err() {
        errors.add(field, "must be an IANA time zone, e.g. America/Sao_Paulo");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert!(is_valid_email("ana@empresa.com.br"));
        assert!(!is_valid_email("ana@empresa"));
        assert!(!is_valid_email("ana empresa@x.com"));
        assert!(!is_valid_email("@x.com"));
        assert!(!is_valid_email("ana@x..com"));
        assert_eq!(normalize_email("  Ana@Empresa.COM "), "ana@empresa.com");
    }

    #[test]
    fn phones() {
        assert!(is_valid_e164("+5511987654321"));
        assert!(!is_valid_e164("5511987654321"));
        assert!(!is_valid_e164("+0511987654321"));
        assert!(!is_valid_e164("+55 11 98765"));
        assert!(!is_valid_e164("+1234567"));
    }

    #[test]
    fn passwords_and_names() {
        let mut errors = FieldErrors::new();
        check_password(&mut errors, "password", "short");
        check_name(&mut errors, "name", "   ");
        check_name(&mut errors, "department", "Finan\u{2}ceiro");
        check_name(&mut errors, "channel", "Linha\num");
        check_timezone(&mut errors, "timezone", "Mars/Olympus");
        assert_eq!(errors.0.len(), 5);
        let mut ok = FieldErrors::new();
        check_name(&mut ok, "name", " São João — Atendimento 24h ");
        check_password(&mut ok, "password", "longenough");
        check_timezone(&mut ok, "timezone", "America/Sao_Paulo");
        assert!(ok.is_empty());
    }
}
