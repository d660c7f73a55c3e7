//! Integrators' webhook subscriptions: registering and removing the URLs a company wants events
//! posted to, reading their delivery logs and queuing test pings. Posting and retrying the
//! deliveries is `webhook_deliveries`'. Validation of the fields' shape is the caller's.

use blocopro_domain::Timestamp;
use blocopro_domain::webhook::{Webhook, WebhookDelivery, WebhookEvent, normalize_events};
use blocopro_store::{Page, PageRequest};
use secrecy::SecretString;
use uuid::Uuid;

use crate::caller::Caller;
use crate::secrets::random_token;
use crate::{App, AppError, AppResult};

/// Prefix of the secrets BlocoPro generates.
const SECRET_PREFIX: &str = "whsec_";

/// A webhook to register.
pub struct NewWebhook {
    pub url: String,
    pub events: Vec<WebhookEvent>,
    /// The signing secret; generated when `None`.
    pub secret: Option<String>,
}

/// A registered webhook with its signing secret, which only this answer shows.
pub struct RegisteredWebhook {
    pub secret: SecretString,
    pub webhook: Webhook,
}

/// The webhook `new` describes, registered by `caller`.
fn webhook_for(caller: &Caller, new: &NewWebhook) -> Webhook {
    Webhook {
        id: Uuid::now_v7(),
        company_id: caller.company_id,
        url: new.url.trim().to_owned(),
        events: normalize_events(&new.events),
        created_by: caller.user_id(),
        created_at: Timestamp::now(),
    }
}

/// What a test ping carries: which webhook it checks.
fn ping_data(webhook: &Webhook) -> serde_json::Value {
    serde_json::json!({ "webhook_id": webhook.id, "url": webhook.url, "events": webhook.events })
}

pub async fn get(app: &App, caller: &Caller, id: Uuid) -> AppResult<Webhook> {
    app.store.get_webhook(caller.company_id, id).await?.ok_or_else(AppError::not_found)
}

/// Registers a webhook: every event of its types from now on is delivered to it.
pub async fn create(app: &App, caller: &Caller, new: NewWebhook) -> AppResult<RegisteredWebhook> {
    let webhook = webhook_for(caller, &new);
    let secret = SecretString::from(new.secret.unwrap_or_else(|| random_token(SECRET_PREFIX).0));
    let summary = serde_json::json!({ "url": webhook.url, "events": webhook.events });
    let audit = caller.audit("webhook.created", "webhook", Some(webhook.id), summary);
    app.store.create_webhook(&webhook, &app.sealer.seal_secret(&secret)?, &audit).await?;
    Ok(RegisteredWebhook { secret, webhook })
}

/// Removes a webhook with its delivery log; queued deliveries are not sent.
pub async fn delete(app: &App, caller: &Caller, id: Uuid) -> AppResult<()> {
    let webhook = get(app, caller, id).await?;
    let summary = serde_json::json!({ "url": webhook.url });
    let audit = caller.audit("webhook.deleted", "webhook", Some(webhook.id), summary);
    app.store.delete_webhook(caller.company_id, webhook.id, &audit).await?;
    Ok(())
}

/// The webhook's deliveries, newest first.
pub async fn deliveries(app: &App, caller: &Caller, id: Uuid, page: PageRequest) -> AppResult<Page<WebhookDelivery>> {
    let webhook = get(app, caller, id).await?;
    Ok(app.store.list_webhook_deliveries(caller.company_id, webhook.id, page).await?)
}

/// Queues a `ping` delivery to check the receiver and wakes the sender.
pub async fn test(app: &App, caller: &Caller, id: Uuid) -> AppResult<WebhookDelivery> {
    let webhook = get(app, caller, id).await?;
    let delivery =
        app.store.queue_webhook_ping(caller.company_id, webhook.id, &ping_data(&webhook), Timestamp::now()).await?;
    app.webhook_wake.notify_one();
    Ok(delivery)
}

#[cfg(test)]
mod tests {
    use blocopro_domain::audit::{Actor, ActorKind};
    use blocopro_domain::permissions::PermissionSet;

    use super::*;

    fn caller() -> Caller {
        Caller {
            company_id: Uuid::now_v7(),
            actor: Actor { kind: ActorKind::ApiToken, id: Some(Uuid::now_v7()) },
            user: None,
            permissions: PermissionSet::new(),
            is_admin: false,
        }
    }

    #[test]
    fn a_new_webhook_has_a_trimmed_url_and_each_event_once() {
        let caller = caller();
        let new = NewWebhook {
            url: "  https://erp.example.com/events ".into(),
            events: vec![WebhookEvent::MessageCreated, WebhookEvent::ChannelStatus, WebhookEvent::MessageCreated],
            secret: None,
        };
        let webhook = webhook_for(&caller, &new);
        assert_eq!(webhook.url, "https://erp.example.com/events");
        assert_eq!(webhook.events, normalize_events(&new.events));
        assert_eq!(webhook.events.len(), 2);
        assert_eq!((webhook.company_id, webhook.created_by), (caller.company_id, None));
    }

    #[test]
    fn a_ping_names_the_webhook_it_checks() {
        let webhook = webhook_for(
            &caller(),
            &NewWebhook {
                url: "https://erp.example.com/events".into(),
                events: vec![WebhookEvent::GroupUpdated],
                secret: None,
            },
        );
        let data = ping_data(&webhook);
        assert_eq!(data["webhook_id"], webhook.id.to_string());
        assert_eq!(data["url"], "https://erp.example.com/events");
        assert_eq!(data["events"], serde_json::json!(["group.updated"]));
    }
}
