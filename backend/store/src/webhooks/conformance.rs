//! Outgoing webhooks: kept per company; fed from the event log once per event (also by concurrent
//! feeders), starting at the log's end; deliveries claimed by one sender at a time, retried, logged.

use std::collections::HashSet;

use blocopro_domain::realtime::Audience;
use blocopro_domain::webhook::{Webhook, WebhookDeliveryStatus, WebhookEvent};
use jiff::SignedDuration;
use serde_json::json;
use uuid::Uuid;

use crate::conformance::*;
use crate::{DynStore, NewEvent, PageRequest, StoreError};

const SECRET: &[u8] = b"sealed-secret-bytes";

async fn webhook(store: &DynStore, company_id: Uuid, url: &str, events: &[WebhookEvent]) -> Webhook {
    let webhook = Webhook {
        id: Uuid::now_v7(),
        company_id,
        url: url.into(),
        events: events.to_vec(),
        created_by: None,
        created_at: now(),
    };
    store.create_webhook(&webhook, SECRET, &audit(company_id, "webhook.created", Some(webhook.id))).await.unwrap();
    webhook
}

async fn append(store: &DynStore, company_id: Uuid, kinds: &[&str]) {
    let events: Vec<NewEvent> = kinds
        .iter()
        .enumerate()
        .map(|(n, kind)| NewEvent {
            company_id,
            kind: (*kind).into(),
            audience: Audience::Company,
            data: json!({ "n": n }),
            created_at: now(),
        })
        .collect();
    store.append_events(&events).await.unwrap();
}

/// Feeds the webhook until it has read everything; answers the deliveries queued.
async fn feed_all(store: &DynStore, id: Uuid, limit: u32) -> usize {
    let mut queued = 0;
    loop {
        let fed = store.feed_webhook(id, limit, now()).await.unwrap();
        if fed.read == 0 {
            return queued;
        }
        queued += fed.queued;
    }
}

async fn all_deliveries(store: &DynStore, company_id: Uuid, webhook_id: Uuid) -> Vec<(String, Option<i64>)> {
    let page = store.list_webhook_deliveries(company_id, webhook_id, PageRequest::first(200)).await.unwrap();
    page.items.into_iter().map(|delivery| (delivery.event_type, delivery.event_cursor)).collect()
}

pub async fn webhooks_round_trip_per_company(store: DynStore) {
    let acme = company(&store, "Acme").await.id;
    let globex = company(&store, "Globex").await.id;
    let first = webhook(&store, acme, "https://erp.acme.test/in", &[WebhookEvent::MessageCreated]).await;
    let second = webhook(&store, acme, "https://crm.acme.test/in", WebhookEvent::ALL).await;
    let theirs = webhook(&store, globex, "https://globex.test/in", &[WebhookEvent::ChannelStatus]).await;

    assert_eq!(store.get_webhook(acme, first.id).await.unwrap(), Some(first.clone()));
    assert_eq!(store.get_webhook(acme, theirs.id).await.unwrap(), None, "another company's id");
    let page = store.list_webhooks(acme, PageRequest::first(1)).await.unwrap();
    assert_eq!(page.items, std::slice::from_ref(&first));
    let after = page.next_cursor.unwrap().parse().unwrap();
    let rest = store.list_webhooks(acme, PageRequest::new(Some(10), Some(after))).await.unwrap();
    assert_eq!((rest.items, rest.next_cursor), (vec![second.clone()], None));

    let deleting_theirs = store.delete_webhook(acme, theirs.id, &audit(acme, "webhook.deleted", None)).await;
    assert!(matches!(deleting_theirs, Err(StoreError::NotFound)));
    store.delete_webhook(acme, first.id, &audit(acme, "webhook.deleted", Some(first.id))).await.unwrap();
    assert_eq!(store.get_webhook(acme, first.id).await.unwrap(), None);
    assert_eq!(store.list_webhooks(globex, PageRequest::first(10)).await.unwrap().items, [theirs]);
}

pub async fn webhooks_are_fed_each_subscribed_event_once(store: DynStore) {
    let acme = company(&store, "Acme").await.id;
    let globex = company(&store, "Globex").await.id;
    append(&store, acme, &["message.created"]).await;
    let hook = webhook(&store, acme, "https://erp.acme.test/in", &[WebhookEvent::MessageCreated]).await;
    assert!(store.webhooks_behind().await.unwrap().is_empty(), "it starts at the end of the log");

    append(&store, acme, &["message.created", "user.updated", "conversation.updated", "message.created"]).await;
    append(&store, globex, &["message.created"]).await;
    assert_eq!(store.webhooks_behind().await.unwrap(), [hook.id]);
    let first = store.feed_webhook(hook.id, 3, now()).await.unwrap();
    assert_eq!((first.read, first.queued), (3, 1), "a limited read, filtered by type");
    assert_eq!(feed_all(&store, hook.id, 3).await, 1);
    assert!(store.webhooks_behind().await.unwrap().is_empty());

    let deliveries = all_deliveries(&store, acme, hook.id).await;
    assert_eq!(deliveries.len(), 2);
    assert!(deliveries.iter().all(|(kind, _)| kind == "message.created"));
    assert!(deliveries[0].1 > deliveries[1].1, "newest first");
    let page = store.list_webhook_deliveries(acme, hook.id, PageRequest::first(1)).await.unwrap();
    let after = page.next_cursor.unwrap().parse().unwrap();
    let older = store.list_webhook_deliveries(acme, hook.id, PageRequest::new(Some(1), Some(after))).await.unwrap();
    assert_eq!((older.items[0].event_cursor, older.next_cursor), (deliveries[1].1, None));
    assert!(all_deliveries(&store, globex, hook.id).await.is_empty(), "another company sees none");
    let queued = &page.items[0];
    assert_eq!(
        (queued.status, queued.attempts, queued.next_attempt_at.is_some()),
        (WebhookDeliveryStatus::Queued, 0, true)
    );

    let gone = store.feed_webhook(Uuid::now_v7(), 10, now()).await.unwrap();
    assert_eq!(gone.read, 0, "a deleted webhook reads nothing");
}

pub async fn concurrent_feeders_queue_each_event_once(store: DynStore) {
    let acme = company(&store, "Acme").await.id;
    let hook = webhook(&store, acme, "https://erp.acme.test/in", &[WebhookEvent::MessageCreated]).await;
    let kinds: Vec<&str> = (0..60).map(|n| if n % 3 == 0 { "presence.changed" } else { "message.created" }).collect();
    append(&store, acme, &kinds).await;

    let (a, b) = tokio::join!(feed_all(&store, hook.id, 7), feed_all(&store, hook.id, 7));
    assert_eq!(a + b, 40);
    let cursors: HashSet<Option<i64>> = all_deliveries(&store, acme, hook.id).await.into_iter().map(|d| d.1).collect();
    assert_eq!(cursors.len(), 40, "no event queued twice");
}

pub async fn webhook_deliveries_are_claimed_retried_and_logged(store: DynStore) {
    let acme = company(&store, "Acme").await.id;
    let globex = company(&store, "Globex").await.id;
    let hook = webhook(&store, acme, "https://erp.acme.test/in", &[WebhookEvent::MessageCreated]).await;
    let ping = store.queue_webhook_ping(acme, hook.id, &json!({ "hello": true }), now()).await.unwrap();
    assert_eq!(
        (ping.event_type.as_str(), ping.event_cursor, ping.status),
        ("ping", None, WebhookDeliveryStatus::Queued)
    );
    let foreign = store.queue_webhook_ping(globex, hook.id, &json!({}), now()).await;
    assert!(matches!(foreign, Err(StoreError::NotFound)), "another company's webhook");

    let lease = |seconds: i64| now() + SignedDuration::from_secs(seconds);
    let claimed = store.claim_webhook_deliveries(now(), lease(60), 10).await.unwrap();
    assert_eq!(claimed.len(), 1);
    let first = &claimed[0];
    assert_eq!(
        (first.company_id, first.url.as_str(), first.sealed_secret.as_slice()),
        (acme, hook.url.as_str(), SECRET)
    );
    assert_eq!((first.delivery.id, first.delivery.attempts, &first.data), (ping.id, 1, &json!({ "hello": true })));
    assert!(store.claim_webhook_deliveries(now(), lease(60), 10).await.unwrap().is_empty(), "leased");

    let attempted_at = now();
    store.mark_webhook_attempt_failed(ping.id, Some(500), "http_500", attempted_at, Some(lease(10))).await.unwrap();
    let logged = &store.list_webhook_deliveries(acme, hook.id, PageRequest::first(5)).await.unwrap().items[0];
    assert_eq!(
        (logged.status, logged.last_status, logged.last_error.as_deref(), logged.last_attempt_at),
        (WebhookDeliveryStatus::Queued, Some(500), Some("http_500"), Some(attempted_at))
    );
    assert!(store.claim_webhook_deliveries(now(), lease(60), 10).await.unwrap().is_empty(), "not due yet");
    let again = store.claim_webhook_deliveries(lease(11), lease(70), 10).await.unwrap();
    assert_eq!(again[0].delivery.attempts, 2);
    store.mark_webhook_delivered(ping.id, 204, lease(11)).await.unwrap();
    let delivered = &store.list_webhook_deliveries(acme, hook.id, PageRequest::first(5)).await.unwrap().items[0];
    assert_eq!(
        (delivered.status, delivered.last_status, delivered.last_error.as_deref(), delivered.delivered_at),
        (WebhookDeliveryStatus::Delivered, Some(204), None, Some(lease(11)))
    );
    assert_eq!(delivered.next_attempt_at, None);

    let doomed = store.queue_webhook_ping(acme, hook.id, &json!({}), now()).await.unwrap();
    store.claim_webhook_deliveries(now(), lease(60), 10).await.unwrap();
    store.mark_webhook_attempt_failed(doomed.id, None, "timeout", now(), None).await.unwrap();
    let failed = &store.list_webhook_deliveries(acme, hook.id, PageRequest::first(5)).await.unwrap().items[0];
    assert_eq!((failed.id, failed.status, failed.last_status), (doomed.id, WebhookDeliveryStatus::Failed, None));
    assert!(store.claim_webhook_deliveries(lease(3600), lease(3700), 10).await.unwrap().is_empty(), "final");

    store.queue_webhook_ping(acme, hook.id, &json!({}), now()).await.unwrap();
    store.delete_webhook(acme, hook.id, &audit(acme, "webhook.deleted", Some(hook.id))).await.unwrap();
    assert!(store.claim_webhook_deliveries(now(), lease(60), 10).await.unwrap().is_empty(), "deleted with it");
}

pub async fn concurrent_senders_claim_disjoint_deliveries(store: DynStore) {
    let acme = company(&store, "Acme").await.id;
    let hook = webhook(&store, acme, "https://erp.acme.test/in", &[WebhookEvent::MessageCreated]).await;
    for _ in 0..20 {
        store.queue_webhook_ping(acme, hook.id, &json!({}), now()).await.unwrap();
    }
    let until = now() + SignedDuration::from_secs(60);
    let (a, b) = tokio::join!(
        store.claim_webhook_deliveries(now(), until, 12),
        store.claim_webhook_deliveries(now(), until, 12)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    let a_ids: HashSet<Uuid> = a.iter().map(|c| c.delivery.id).collect();
    assert!(b.iter().all(|c| !a_ids.contains(&c.delivery.id)), "no delivery goes to two senders");
    assert_eq!(a.len() + b.len(), 20);
}
