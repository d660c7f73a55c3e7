//! A channel's greeting flow: the menu that routes new conversations to department queues (see
//! `conversations::queue`).

use blocopro_domain::flow::{DEFAULT_RETRY_TEXT, Flow, FlowOption};
use uuid::Uuid;

use super::visible;
use crate::caller::Caller;
use crate::{App, AppError, AppResult};

/// A flow to save, as given.
pub struct FlowSettings {
    pub enabled: bool,
    pub greeting: String,
    /// `None` keeps the default pt-BR sentence.
    pub retry_text: Option<String>,
    pub options: Vec<FlowOption>,
}

/// The flow `settings` describe for a channel, texts trimmed.
fn flow_of(company_id: Uuid, channel_id: Uuid, settings: FlowSettings) -> Flow {
    Flow {
        channel_id,
        company_id,
        enabled: settings.enabled,
        greeting: settings.greeting.trim().to_owned(),
        retry_text: settings.retry_text.map_or_else(|| DEFAULT_RETRY_TEXT.to_owned(), |text| text.trim().to_owned()),
        options: settings
            .options
            .into_iter()
            .map(|option| FlowOption { label: option.label.trim().to_owned(), ..option })
            .collect(),
    }
}

/// The flow of a channel the caller may see (off and empty until one is saved).
pub async fn get(app: &App, caller: &Caller, channel_id: Uuid) -> AppResult<Flow> {
    let channel = visible(app, caller, channel_id).await?;
    let flow = app.store.get_flow(caller.company_id, channel.id).await?;
    Ok(flow.unwrap_or_else(|| Flow::off(caller.company_id, channel.id)))
}

/// Replaces a channel's flow; its options must name departments of the company.
pub async fn set(app: &App, caller: &Caller, channel_id: Uuid, settings: FlowSettings) -> AppResult<Flow> {
    let channel = visible(app, caller, channel_id).await?;
    let flow = flow_of(caller.company_id, channel.id, settings);
    let before = app.store.get_flow(caller.company_id, channel.id).await?;
    let summary = serde_json::json!({ "before": before, "after": flow });
    let audit = caller.audit("channel.flow_set", "channel", Some(channel.id), summary);
    app.store.put_flow(&flow, &audit).await.map_err(AppError::unknown_references("options", "departments"))?;
    Ok(flow)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_trimmed_and_the_retry_text_defaults() {
        let settings = FlowSettings {
            enabled: true,
            greeting: "  Olá! ".into(),
            retry_text: None,
            options: vec![FlowOption { number: 1, label: " Financeiro ".into(), department_id: Uuid::nil() }],
        };
        let flow = flow_of(Uuid::nil(), Uuid::nil(), settings);
        assert_eq!(flow.greeting, "Olá!");
        assert_eq!(flow.retry_text, DEFAULT_RETRY_TEXT);
        assert_eq!(flow.options[0].label, "Financeiro");
    }
}
