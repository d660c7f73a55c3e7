//! Contacts: the company's customers and group participants, one per phone number, each in the
//! wallet ("carteira") of the attendant who owns it.

use jiff::Timestamp;
use serde::Serialize;
use uuid::Uuid;

use crate::FieldErrors;
use crate::text::fold_for_search;
use crate::validation::{NAME_MAX_CHARS, check_email, check_phone, normalize_email};

pub const MAX_TAGS: usize = 20;
pub const TAG_MAX_CHARS: usize = 40;
pub const NOTES_MAX_CHARS: usize = 4000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Contact {
    pub id: Uuid,
    #[serde(skip)]
    pub company_id: Uuid,
    /// E.164; one contact per number in a company.
    pub phone: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub tags: Vec<String>,
    pub notes: Option<String>,
    /// The attendant whose wallet holds the contact; `null`: nobody's yet.
    pub owner_id: Option<Uuid>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl Contact {
    /// A contact known only by its number (a group participant, a first message).
    pub fn of_number(id: Uuid, company_id: Uuid, phone: &str, now: Timestamp) -> Self {
        Contact {
            id,
            company_id,
            phone: phone.to_owned(),
            name: None,
            email: None,
            tags: Vec::new(),
            notes: None,
            owner_id: None,
            created_at: now,
            updated_at: now,
        }
    }
}

/// Who sees which contacts: holders of "Ver carteira completa" see every contact, the others the
/// contacts of their own wallet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WalletScope {
    All,
    OwnedBy(Uuid),
}

impl WalletScope {
    pub fn sees(self, contact: &Contact) -> bool {
        match self {
            WalletScope::All => true,
            WalletScope::OwnedBy(user_id) => contact.owner_id == Some(user_id),
        }
    }

    /// Only users who see every wallet may put a contact in someone else's.
    pub fn may_assign_to(self, owner_id: Option<Uuid>) -> bool {
        match self {
            WalletScope::All => true,
            WalletScope::OwnedBy(user_id) => owner_id == Some(user_id),
        }
    }
}

/// Tags as stored: trimmed, empty ones dropped, each once (first spelling wins, compared in any case).
pub fn normalize_tags(tags: &[String]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    tags.iter()
        .map(|tag| tag.trim().to_owned())
        .filter(|tag| !tag.is_empty() && seen.insert(tag.to_lowercase()))
        .collect()
}

/// Text fields are trimmed; blank ones mean "none".
pub fn optional_text(value: Option<&str>) -> Option<String> {
    value.map(str::trim).filter(|text| !text.is_empty()).map(str::to_owned)
}

/// Checks the fields a person types about a contact; `None` fields are not checked.
pub fn check_contact_fields(
    errors: &mut FieldErrors,
    phone: Option<&str>,
    name: Option<&str>,
    email: Option<&str>,
    tags: Option<&[String]>,
    notes: Option<&str>,
) {
    if let Some(phone) = phone {
        check_phone(errors, "phone", phone);
    }
    if name.is_some_and(|name| name.trim().chars().count() > NAME_MAX_CHARS) {
        errors.add("name", format!("must have at most {NAME_MAX_CHARS} characters"));
    }
    if let Some(email) = email.map(str::trim).filter(|email| !email.is_empty()) {
        check_email(errors, "email", email);
    }
    if let Some(tags) = tags {
        let tags = normalize_tags(tags);
        if tags.len() > MAX_TAGS || tags.iter().any(|tag| tag.chars().count() > TAG_MAX_CHARS) {
            errors.add("tags", format!("at most {MAX_TAGS} tags of at most {TAG_MAX_CHARS} characters"));
        }
    }
    if notes.is_some_and(|notes| notes.chars().count() > NOTES_MAX_CHARS) {
        errors.add("notes", format!("must have at most {NOTES_MAX_CHARS} characters"));
    }
}

/// What a contact is searched by (name, e-mail, number) and sorted by (name, else number), folded by
/// the application so that both databases agree.
/// A WhatsApp profile name as a contact's name: without control characters, spaces folded, at
/// most `NAME_MAX_CHARS` characters; empty when nothing is left.
pub fn profile_name(name: &str) -> String {
    let visible: String = name.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    visible.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(NAME_MAX_CHARS).collect()
}

pub fn search_key(contact: &Contact) -> String {
    let digits: String = contact.phone.chars().filter(char::is_ascii_digit).collect();
    let name = fold_for_search(contact.name.as_deref().unwrap_or_default());
    let email = fold_for_search(contact.email.as_deref().unwrap_or_default());
    format!("{name} {email} {digits}")
}

/// Nameless contacts (`~` sorts after letters) come after the named ones, by number.
pub fn sort_key(contact: &Contact) -> String {
    match contact.name.as_deref() {
        Some(name) => fold_for_search(name),
        None => format!("~{}", contact.phone),
    }
}

/// E-mails are kept lower-cased.
pub fn normalize_contact_email(email: Option<&str>) -> Option<String> {
    optional_text(email).map(|email| normalize_email(&email))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact(owner_id: Option<Uuid>, name: Option<&str>) -> Contact {
        let now = Timestamp::now();
        Contact {
            id: Uuid::now_v7(),
            company_id: Uuid::now_v7(),
            phone: "+5511988887777".into(),
            name: name.map(str::to_owned),
            email: Some("dora@cliente.com.br".into()),
            tags: vec![],
            notes: None,
            owner_id,
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn the_wallet_decides_who_sees_and_assigns() {
        let (ana, bia) = (Uuid::now_v7(), Uuid::now_v7());
        let mine = contact(Some(ana), None);
        assert!(WalletScope::OwnedBy(ana).sees(&mine));
        assert!(!WalletScope::OwnedBy(bia).sees(&mine));
        assert!(!WalletScope::OwnedBy(bia).sees(&contact(None, None)), "nobody's contacts need the full wallet");
        assert!(WalletScope::All.sees(&mine));
        assert!(WalletScope::OwnedBy(ana).may_assign_to(Some(ana)));
        assert!(!WalletScope::OwnedBy(ana).may_assign_to(Some(bia)));
        assert!(!WalletScope::OwnedBy(ana).may_assign_to(None));
        assert!(WalletScope::All.may_assign_to(None));
    }

    #[test]
    fn tags_are_trimmed_and_kept_once() {
        let tags = ["  VIP ", "vip", "", "Atacado"].map(String::from);
        assert_eq!(normalize_tags(&tags), ["VIP", "Atacado"]);
    }

    #[test]
    fn fields_are_checked() {
        let mut errors = FieldErrors::new();
        let many: Vec<String> = (0..21).map(|n| format!("t{n}")).collect();
        check_contact_fields(&mut errors, Some("11988887777"), Some(&"x".repeat(121)), Some("nope"), Some(&many), None);
        assert_eq!(errors.0.keys().collect::<Vec<_>>(), ["email", "name", "phone", "tags"]);
        let mut fine = FieldErrors::new();
        check_contact_fields(&mut fine, Some("+5511988887777"), Some("Dora"), Some(" "), Some(&[]), Some("ok"));
        assert!(fine.is_empty());
    }

    #[test]
    fn contacts_are_found_by_name_email_or_digits_and_sorted_by_name_then_number() {
        let named = contact(None, Some("JOÃO Silva"));
        assert_eq!(search_key(&named), "joao silva dora@cliente.com.br 5511988887777");
        assert_eq!(sort_key(&named), "joao silva");
        assert_eq!(sort_key(&contact(None, None)), "~+5511988887777");
    }

    #[test]
    fn a_profile_name_is_cleaned_before_it_names_a_contact() {
        assert_eq!(profile_name("  Maria \n Souza\0 "), "Maria Souza");
        assert_eq!(profile_name("\u{7}"), "");
        assert_eq!(profile_name(&"a".repeat(500)).chars().count(), NAME_MAX_CHARS);
    }
}
