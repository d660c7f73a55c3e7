//! The outbox: queued once per idempotency key, claimed by one worker at a time, marked sent with
//! WhatsApp's id (receipts that came first apply) or retried and finally failed.

use std::collections::HashSet;

use blocopro_domain::channel::{ChannelKind, ChannelMessage, DeliveryStatus, MessageDirection};
use jiff::SignedDuration;
use uuid::Uuid;

use crate::DynStore;
use crate::conformance::*;

/// The instance claiming in these checks.
const HERE: Uuid = Uuid::from_u128(1);

pub fn queued(channel_id: Uuid, text: &str) -> ChannelMessage {
    let id = Uuid::now_v7();
    ChannelMessage {
        id,
        external_id: format!("local:{id}"),
        direction: MessageDirection::Outbound,
        status: DeliveryStatus::Queued,
        sender: "+5511900000000".into(),
        ..inbound(channel_id, "unused", text)
    }
}

pub async fn the_outbox_sends_each_message_once(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let sim = channel(&store, acme.id, "Simulador", ChannelKind::Simulator).await;
    store.insert_inbound_messages(&[(acme.id, inbound(sim.id, "in-1", "Oi"))]).await.unwrap();

    let first = queued(sim.id, "Olá! Como posso ajudar?");
    let (stored, new) = store.enqueue_outbound(acme.id, &first, Some("key-1"), None).await.unwrap();
    assert!(new);
    assert_eq!(stored, first);
    let (again, new) = store.enqueue_outbound(acme.id, &queued(sim.id, "de novo"), Some("key-1"), None).await.unwrap();
    assert_eq!((again.id, new), (first.id, false), "a retried request finds the stored message");
    let globex = company(&store, "Globex").await;
    let theirs = channel(&store, globex.id, "Simulador", ChannelKind::Simulator).await;
    let (other, new) = store.enqueue_outbound(globex.id, &queued(theirs.id, "oi"), Some("key-1"), None).await.unwrap();
    assert!(new && other.id != first.id, "keys are per company");

    let lease = |seconds: i64| now() + SignedDuration::from_secs(seconds);
    let claimed = store.claim_outbound(HERE, now(), lease(60), 10).await.unwrap();
    let ids: HashSet<Uuid> = claimed.iter().map(|c| c.message.id).collect();
    assert_eq!(ids, HashSet::from([first.id, other.id]));
    assert!(claimed.iter().all(|c| c.attempts == 1));
    assert!(store.claim_outbound(HERE, now(), lease(60), 10).await.unwrap().is_empty(), "claimed messages are leased");
    store.release_outbound(&[other.id], now()).await.unwrap();
    let released = store.claim_outbound(HERE, now(), lease(60), 10).await.unwrap();
    assert_eq!(
        released.iter().map(|c| (c.message.id, c.attempts)).collect::<Vec<_>>(),
        vec![(other.id, 1)],
        "a message released by a stopping worker is due again, its try not counted"
    );

    let retry = store.mark_outbound_failed(first.id, "channel_not_connected", Some(now())).await.unwrap().unwrap();
    assert_eq!((retry.status, retry.error.as_deref()), (DeliveryStatus::Queued, Some("channel_not_connected")));
    let retried = store.claim_outbound(HERE, now() + SignedDuration::from_secs(1), lease(60), 10).await.unwrap();
    assert_eq!((retried.len(), retried[0].attempts), (1, 2), "tried again after the delay");

    store.record_receipt(sim.id, "wamid.SENT1", DeliveryStatus::Delivered, None, now()).await.unwrap();
    let sent = store.mark_outbound_sent(first.id, "wamid.SENT1", now()).await.unwrap().unwrap();
    assert_eq!(
        (sent.external_id.as_str(), sent.status),
        ("wamid.SENT1", DeliveryStatus::Delivered),
        "an early receipt applies"
    );
    assert!(
        store
            .claim_outbound(HERE, lease(3600), lease(3700), 10)
            .await
            .unwrap()
            .iter()
            .all(|c| c.message.id != first.id)
    );

    let failed = store.mark_outbound_failed(other.id, "whatsapp_rejected", None).await.unwrap().unwrap();
    assert_eq!(failed.status, DeliveryStatus::Failed);
    assert!(
        store.claim_outbound(HERE, lease(3600), lease(3700), 10).await.unwrap().is_empty(),
        "failed messages stay failed"
    );
}

pub async fn concurrent_workers_claim_disjoint_messages(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let sim = channel(&store, acme.id, "Simulador", ChannelKind::Simulator).await;
    for n in 0..20 {
        store.enqueue_outbound(acme.id, &queued(sim.id, &format!("m{n}")), None, None).await.unwrap();
    }
    let until = now() + SignedDuration::from_secs(60);
    let (a, b) =
        tokio::join!(store.claim_outbound(HERE, now(), until, 12), store.claim_outbound(HERE, now(), until, 12));
    let (a, b) = (a.unwrap(), b.unwrap());
    let a_ids: HashSet<Uuid> = a.iter().map(|c| c.message.id).collect();
    assert!(b.iter().all(|c| !a_ids.contains(&c.message.id)), "no message goes to two workers");
    assert_eq!(a.len() + b.len(), 20);
}
