//! Quick replies ("Respostas rápidas"): snippets an attendant inserts in the composer by typing `/`
//! and their shortcut. A reply is the company's (managed by `quick_replies.manage`) or one user's
//! own; a shortcut is unique within its scope. Its text may name variables in double braces
//! (`{{primeiro_nome}}`), filled for a conversation when the reply is inserted.

use jiff::Timestamp;
use serde::Serialize;
use uuid::Uuid;

use crate::FieldErrors;

crate::text_enum! {
    /// Whose a quick reply is: `company` (everyone in the company uses it; managed with
    /// `quick_replies.manage`) or `personal` (its owner's only).
    pub enum QuickReplyScope { Company => "company", Personal => "personal" }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuickReply {
    pub id: Uuid,
    pub scope: QuickReplyScope,
    /// The user a personal reply belongs to; `None` for the company's.
    pub owner_id: Option<Uuid>,
    /// Typed after `/` in the composer: lower-case letters, digits, `-` and `_`.
    pub shortcut: String,
    pub text: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

pub const SHORTCUT_MAX_CHARS: usize = 32;
pub const TEXT_MAX_CHARS: usize = 4096;

/// The variables a reply's text may name, each in double braces.
pub const VARIABLES: &[Variable] = &[
    Variable::ContactFirstName,
    Variable::ContactName,
    Variable::ContactPhone,
    Variable::AttendantName,
    Variable::AttendantFirstName,
];

/// A value filled in a reply when it is inserted in a conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variable {
    /// `{{primeiro_nome}}`: the contact's first name.
    ContactFirstName,
    /// `{{nome}}`: the contact's name as the company saved it.
    ContactName,
    /// `{{telefone}}`: the contact's number.
    ContactPhone,
    /// `{{nome_atendente}}`: the attendant's name.
    AttendantName,
    /// `{{primeiro_nome_atendente}}`: the attendant's first name.
    AttendantFirstName,
}

impl Variable {
    pub fn name(self) -> &'static str {
        match self {
            Variable::ContactFirstName => "primeiro_nome",
            Variable::ContactName => "nome",
            Variable::ContactPhone => "telefone",
            Variable::AttendantName => "nome_atendente",
            Variable::AttendantFirstName => "primeiro_nome_atendente",
        }
    }

    fn named(name: &str) -> Option<Variable> {
        VARIABLES.iter().copied().find(|variable| variable.name() == name)
    }
}

/// What the variables stand for in one conversation. A value not known (a contact saved without
/// a name) is `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fill {
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub attendant_name: Option<String>,
}

fn first_word(name: Option<String>) -> Option<String> {
    name.as_deref().and_then(|name| name.split_whitespace().next()).map(str::to_owned)
}

impl Fill {
    fn value(&self, variable: Variable) -> Option<String> {
        let present =
            |value: &Option<String>| value.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
        match variable {
            Variable::ContactFirstName => first_word(present(&self.contact_name)),
            Variable::ContactName => present(&self.contact_name),
            Variable::ContactPhone => present(&self.contact_phone),
            Variable::AttendantName => present(&self.attendant_name),
            Variable::AttendantFirstName => first_word(present(&self.attendant_name)),
        }
    }
}

/// One piece of a reply's text: words as written, or a variable in double braces.
#[derive(Debug, PartialEq, Eq)]
enum Piece<'a> {
    Literal(&'a str),
    /// The name between the braces (trimmed), whether known or not.
    Placeholder(&'a str),
}

/// Splits `text` at its `{{…}}` placeholders. An opening `{{` without its `}}` is plain text.
fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let Some(length) = rest[start + 2..].find("}}") else { break };
        if start > 0 {
            pieces.push(Piece::Literal(&rest[..start]));
        }
        pieces.push(Piece::Placeholder(rest[start + 2..start + 2 + length].trim()));
        rest = &rest[start + 2 + length + 2..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Literal(rest));
    }
    pieces
}

/// The text with each variable replaced by its value. A variable without a value is left out
/// together with the space before it, so that "Olá {{primeiro_nome}}, tudo bem?" reads
/// "Olá, tudo bem?" for a contact without a name.
pub fn fill(text: &str, values: &Fill) -> String {
    let mut filled = String::with_capacity(text.len());
    for piece in pieces(text) {
        match piece {
            Piece::Literal(literal) => filled.push_str(literal),
            Piece::Placeholder(name) => match Variable::named(name) {
                Some(variable) => match values.value(variable) {
                    Some(value) => filled.push_str(&value),
                    None => {
                        if filled.ends_with(' ') {
                            filled.pop();
                        }
                    }
                },
                // Validation refuses unknown names; one stored before stays as written.
                None => {
                    filled.push_str("{{");
                    filled.push_str(name);
                    filled.push_str("}}");
                }
            },
        }
    }
    filled
}

/// A shortcut as stored: without the `/` one may type before it, trimmed, lower-case.
pub fn normalize_shortcut(shortcut: &str) -> String {
    shortcut.trim().trim_start_matches('/').to_lowercase()
}

/// Checks a reply's shortcut (as given: it is normalised first) and text: a shortcut of 1 to 32
/// letters, digits, `-` or `_`; a text that is not blank, at most 4,096 characters, naming only
/// the known variables.
pub fn check(shortcut: &str, text: &str) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    let shortcut = normalize_shortcut(shortcut);
    if shortcut.is_empty() {
        errors.add("shortcut", "must not be empty");
    } else if shortcut.chars().count() > SHORTCUT_MAX_CHARS {
        errors.add("shortcut", format!("must have at most {SHORTCUT_MAX_CHARS} characters"));
    } else if !shortcut.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_') {
        errors.add("shortcut", "may only hold letters, digits, '-' and '_'");
    }
    if text.trim().is_empty() {
        errors.add("text", "must not be empty");
    } else if text.chars().count() > TEXT_MAX_CHARS {
        errors.add("text", format!("must have at most {TEXT_MAX_CHARS} characters"));
    }
    for piece in pieces(text) {
        if let Piece::Placeholder(name) = piece
            && Variable::named(name).is_none()
        {
            let known: Vec<String> = VARIABLES.iter().map(|v| format!("{{{{{}}}}}", v.name())).collect();
            errors.add("text", format!("unknown variable {{{{{name}}}}}; known: {}", known.join(", ")));
        }
    }
    errors.into_fields()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> Fill {
        Fill {
            contact_name: Some("Maria Aparecida Souza".into()),
            contact_phone: Some("+5511987654321".into()),
            attendant_name: Some("Ana Lima".into()),
        }
    }

    #[test]
    fn every_variable_is_filled_from_the_conversation() {
        let text = "Olá {{primeiro_nome}}! Sou {{nome_atendente}} ({{primeiro_nome_atendente}}). \
                    Falo com {{nome}} no {{telefone}}?";
        assert_eq!(
            fill(text, &values()),
            "Olá Maria! Sou Ana Lima (Ana). Falo com Maria Aparecida Souza no +5511987654321?"
        );
    }

    #[test]
    fn spaces_inside_the_braces_are_allowed_and_repeats_filled() {
        assert_eq!(fill("{{ primeiro_nome }}, {{primeiro_nome}}", &values()), "Maria, Maria");
    }

    #[test]
    fn a_missing_value_leaves_out_the_variable_and_the_space_before_it() {
        let nameless = Fill { contact_name: Some("  ".into()), ..values() };
        assert_eq!(fill("Olá {{primeiro_nome}}, tudo bem?", &nameless), "Olá, tudo bem?");
        assert_eq!(fill("{{nome}}", &Fill::default()), "");
    }

    #[test]
    fn text_without_variables_and_unclosed_braces_stay_as_written() {
        assert_eq!(fill("Bom dia! {{ sem fechar", &values()), "Bom dia! {{ sem fechar");
        assert_eq!(fill("Obrigado 🙂", &values()), "Obrigado 🙂");
    }

    #[test]
    fn an_unknown_variable_stored_earlier_is_kept_as_written() {
        assert_eq!(fill("Oi {{apelido}}", &values()), "Oi {{apelido}}");
    }

    #[test]
    fn shortcuts_are_stored_without_slash_and_lower_case() {
        assert_eq!(normalize_shortcut(" /Boleto_2 "), "boleto_2");
    }

    #[test]
    fn valid_replies_pass() {
        assert!(check("/saudacao", "Olá {{primeiro_nome}}, sou {{nome_atendente}}.").is_ok());
        assert!(check("horário-de-verão", "Abrimos às 8h.").is_ok());
    }

    #[test]
    fn bad_shortcuts_and_texts_are_refused_per_field() {
        let errors = check("com espaço", "").unwrap_err();
        assert!(errors.0.contains_key("shortcut") && errors.0.contains_key("text"));
        assert!(check("/", "Oi").unwrap_err().0.contains_key("shortcut"));
        assert!(check(&"a".repeat(SHORTCUT_MAX_CHARS + 1), "Oi").is_err());
        assert!(check("oi", &"a".repeat(TEXT_MAX_CHARS + 1)).is_err());
    }

    #[test]
    fn unknown_variables_are_refused_naming_the_known_ones() {
        let errors = check("oi", "Oi {{apelido}}").unwrap_err();
        let message = &errors.0["text"][0];
        assert!(message.contains("{{apelido}}") && message.contains("{{primeiro_nome}}"), "{message}");
    }
}
