//! Labels ("Etiquetas"): names with a colour that a company puts on conversations ("VIP",
//! "Boleto pendente") to sort and filter Chat. The company's labels are managed with
//! `labels.manage`; whoever may act on a conversation sets its labels. A name is unique per
//! company whatever its case and accents; a colour is one of the SPA's palette or a `#rrggbb`.

use jiff::Timestamp;
use serde::Serialize;
use uuid::Uuid;

use crate::FieldErrors;
use crate::text::fold_for_search;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    pub id: Uuid,
    pub name: String,
    /// A palette name (`PALETTE`) or `#rrggbb`, lower-case.
    pub colour: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl Label {
    /// What a conversation shows of the label.
    pub fn tag(&self) -> LabelTag {
        LabelTag { id: self.id, name: self.name.clone(), colour: self.colour.clone() }
    }
}

/// A label as a conversation carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LabelTag {
    pub id: Uuid,
    pub name: String,
    pub colour: String,
}

pub const NAME_MAX_CHARS: usize = 40;
/// Most labels one conversation carries.
pub const MAX_PER_CONVERSATION: usize = 20;

/// The colours of the SPA's palette (Mantine's), by name.
pub const PALETTE: &[&str] =
    &["gray", "red", "pink", "grape", "violet", "indigo", "blue", "cyan", "teal", "green", "lime", "yellow", "orange"];

/// A name as stored: trimmed, runs of white space made one space.
pub fn normalize_name(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What makes two names the same label, and sorts them: the name folded as searches fold text
/// (lower case, without accents), so that "VIP" and "vip", "Água" and "agua" are one label and
/// "Água" sorts among the a's on both databases. (Labels are not re-folded when
/// `SEARCH_FOLDING_VERSION` changes: a new folding may only leave two old names alike.)
pub fn name_key(name: &str) -> String {
    fold_for_search(&normalize_name(name))
}

/// A colour as stored: trimmed, lower-case.
pub fn normalize_colour(colour: &str) -> String {
    colour.trim().to_lowercase()
}

fn is_hex_colour(colour: &str) -> bool {
    colour.len() == 7 && colour.starts_with('#') && colour[1..].chars().all(|c| c.is_ascii_hexdigit())
}

/// Checks a label's name and colour as given (both are normalised first): a name of 1 to 40
/// characters without control characters; a colour of the palette or `#rrggbb`.
pub fn check(name: &str, colour: &str) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    let name = normalize_name(name);
    if name.is_empty() {
        errors.add("name", "must not be empty");
    } else if name.chars().count() > NAME_MAX_CHARS {
        errors.add("name", format!("must have at most {NAME_MAX_CHARS} characters"));
    } else if name.chars().any(char::is_control) {
        errors.add("name", "must not hold control characters");
    }
    let colour = normalize_colour(colour);
    if !PALETTE.contains(&colour.as_str()) && !is_hex_colour(&colour) {
        errors.add("colour", format!("must be #rrggbb or one of {}", PALETTE.join(", ")));
    }
    errors.into_fields()
}

/// The label ids a conversation is given, each once, in the order first named; at most
/// `MAX_PER_CONVERSATION`.
pub fn check_set(label_ids: &[Uuid]) -> Result<Vec<Uuid>, FieldErrors> {
    let mut unique = Vec::with_capacity(label_ids.len());
    for id in label_ids {
        if !unique.contains(id) {
            unique.push(*id);
        }
    }
    if unique.len() > MAX_PER_CONVERSATION {
        return Err(FieldErrors::single(
            "label_ids",
            format!("a conversation carries at most {MAX_PER_CONVERSATION} labels"),
        ));
    }
    Ok(unique)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_compared_without_case() {
        assert_eq!(normalize_name("  Boleto   pendente "), "Boleto pendente");
        assert_eq!(name_key(" VIP "), name_key("vip"));
        assert_eq!(name_key("ÁGUA"), name_key("agua"), "and without accents");
    }

    #[test]
    fn palette_names_and_hex_colours_pass() {
        assert!(check("VIP", "blue").is_ok());
        assert!(check("VIP", " Teal ").is_ok());
        assert!(check("VIP", "#1A2b3C").is_ok());
        assert_eq!(normalize_colour(" #1A2B3C"), "#1a2b3c");
    }

    #[test]
    fn bad_names_and_colours_are_refused_per_field() {
        let errors = check("   ", "purple").unwrap_err();
        assert!(errors.0.contains_key("name") && errors.0.contains_key("colour"));
        assert!(check(&"a".repeat(NAME_MAX_CHARS + 1), "red").unwrap_err().0.contains_key("name"));
        assert!(check("a\u{7}b", "red").unwrap_err().0.contains_key("name"));
        for colour in ["#12345", "#1234567", "#12345g", "123456", ""] {
            assert!(check("VIP", colour).unwrap_err().0.contains_key("colour"), "{colour}");
        }
    }

    #[test]
    fn a_set_keeps_each_label_once_up_to_the_limit() {
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        assert_eq!(check_set(&[a, b, a]).unwrap(), vec![a, b]);
        assert!(check_set(&[]).unwrap().is_empty());
        let many: Vec<Uuid> = (0..=MAX_PER_CONVERSATION).map(|_| Uuid::now_v7()).collect();
        assert!(check_set(&many).unwrap_err().0.contains_key("label_ids"));
    }
}
