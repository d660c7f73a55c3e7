//! Greeting flows: a channel may greet each new contact with a numbered menu; the contact's answer
//! sends the conversation to that option's department queue, and an answer that names no option
//! repeats the menu.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::FieldErrors;
use crate::text::fold_for_search;

pub const MAX_OPTIONS: usize = 9;
pub const MAX_GREETING_CHARS: usize = 1_000;
pub const MAX_LABEL_CHARS: usize = 60;
/// What the contact reads when an answer names no option, before the options again.
pub const DEFAULT_RETRY_TEXT: &str = "Não entendi sua resposta. Responda com o número de uma das opções:";

/// One numbered option of the menu.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlowOption {
    /// What the contact answers: 1 to 9.
    pub number: u8,
    pub label: String,
    /// The queue the conversation goes to.
    pub department_id: Uuid,
}

/// A channel's greeting flow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flow {
    pub channel_id: Uuid,
    #[serde(skip)]
    pub company_id: Uuid,
    /// Off: new conversations wait in the channel's general queue.
    pub enabled: bool,
    pub greeting: String,
    pub retry_text: String,
    pub options: Vec<FlowOption>,
}

impl Flow {
    /// The flow of a channel that has none: off, empty.
    pub fn off(company_id: Uuid, channel_id: Uuid) -> Self {
        Flow {
            channel_id,
            company_id,
            enabled: false,
            greeting: String::new(),
            retry_text: DEFAULT_RETRY_TEXT.to_owned(),
            options: Vec::new(),
        }
    }

    /// The greeting and the options, as the contact receives them.
    pub fn menu(&self) -> String {
        format!("{}\n\n{}", self.greeting.trim_end(), self.option_lines())
    }

    /// What an answer that names no option receives.
    pub fn retry_menu(&self) -> String {
        format!("{}\n\n{}", self.retry_text.trim_end(), self.option_lines())
    }

    fn option_lines(&self) -> String {
        self.options.iter().map(|option| format!("{} - {}", option.number, option.label)).collect::<Vec<_>>().join("\n")
    }

    /// The option an answer names: its number ("2", "2.", " 2) ") or its label, in any case and
    /// with or without accents.
    pub fn choose(&self, answer: &str) -> Option<&FlowOption> {
        let answer = answer.trim().trim_end_matches(['.', ')', '-', '!']).trim();
        if let Ok(number) = answer.parse::<u8>() {
            return self.options.iter().find(|option| option.number == number);
        }
        let folded = fold_for_search(answer);
        self.options.iter().find(|option| fold_for_search(&option.label) == folded)
    }

    /// The rules a flow must follow before it is saved.
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        let greeting = self.greeting.trim();
        if self.enabled && greeting.is_empty() {
            errors.add("greeting", "an enabled flow greets the contact");
        }
        if greeting.chars().count() > MAX_GREETING_CHARS || self.retry_text.chars().count() > MAX_GREETING_CHARS {
            errors.add("greeting", "at most 1000 characters");
        }
        if self.retry_text.trim().is_empty() {
            errors.add("retry_text", "must not be empty");
        }
        if self.enabled && self.options.is_empty() {
            errors.add("options", "an enabled flow offers at least one option");
        }
        if self.options.len() > MAX_OPTIONS {
            errors.add("options", "at most 9 options");
        }
        for (index, option) in self.options.iter().enumerate() {
            if !(1..=9).contains(&option.number) {
                errors.add(format!("options[{index}].number"), "must be 1 to 9");
            }
            if self.options[..index].iter().any(|earlier| earlier.number == option.number) {
                errors.add(format!("options[{index}].number"), "each number once");
            }
            let label = option.label.trim();
            if label.is_empty() || label.chars().count() > MAX_LABEL_CHARS {
                errors.add(format!("options[{index}].label"), "1 to 60 characters");
            }
        }
        errors.into_fields()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flow() -> Flow {
        let option = |number, label: &str| FlowOption { number, label: label.into(), department_id: Uuid::now_v7() };
        Flow {
            enabled: true,
            greeting: "Olá! Com quem quer falar?".into(),
            options: vec![option(1, "Vendas"), option(2, "Suporte técnico")],
            ..Flow::off(Uuid::nil(), Uuid::nil())
        }
    }

    #[test]
    fn the_menu_lists_the_options_after_the_greeting() {
        assert_eq!(flow().menu(), "Olá! Com quem quer falar?\n\n1 - Vendas\n2 - Suporte técnico");
        assert!(flow().retry_menu().starts_with(DEFAULT_RETRY_TEXT));
        assert!(flow().retry_menu().ends_with("2 - Suporte técnico"));
    }

    #[test]
    fn answers_name_an_option_by_number_or_label() {
        let flow = flow();
        for answer in ["2", " 2 ", "2.", "2)", "suporte tecnico", "SUPORTE TÉCNICO"] {
            assert_eq!(flow.choose(answer).map(|option| option.number), Some(2), "{answer:?}");
        }
        for answer in ["", "3", "0", "quero vendas", "12", "oi"] {
            assert!(flow.choose(answer).is_none(), "{answer:?}");
        }
    }

    #[test]
    fn only_sound_flows_are_saved() {
        assert!(flow().validate().is_ok());
        assert!(Flow::off(Uuid::nil(), Uuid::nil()).validate().is_ok(), "an empty flow that is off");
        let mut bad = flow();
        bad.greeting = " ".into();
        bad.options[1].number = 1;
        bad.options[0].label = String::new();
        let errors = bad.validate().unwrap_err();
        for field in ["greeting", "options[1].number", "options[0].label"] {
            assert!(errors.0.contains_key(field), "{field}: {errors:?}");
        }
        let no_options = Flow { options: vec![], ..flow() };
        assert!(no_options.validate().unwrap_err().0.contains_key("options"));
        let ten = Flow {
            options: (1..=10).map(|n| FlowOption { number: n, ..flow().options[0].clone() }).collect(),
            ..flow()
        };
        assert!(ten.validate().is_err());
    }
}
