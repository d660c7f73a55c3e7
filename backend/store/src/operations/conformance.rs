//! The operator's counts span every company and follow the outbox and the channels.

use blocopro_domain::channel::{ChannelKind, ChannelStatus};
use jiff::SignedDuration;
use uuid::Uuid;

use crate::conformance::*;
use crate::{DynStore, StateCount};

fn count_of<'a>(counts: &'a [StateCount], state: &str) -> Option<&'a StateCount> {
    counts.iter().find(|count| count.state == state)
}

pub async fn operational_counts_follow_the_outbox_and_the_channels(store: DynStore) {
    assert_eq!(store.operational_counts().await.unwrap(), crate::OperationalCounts::default(), "nothing yet");
    let acme = company(&store, "Acme").await;
    let globex = company(&store, "Globex").await;
    let ours = channel(&store, acme.id, "Simulador", ChannelKind::Simulator).await;
    let theirs = channel(&store, globex.id, "Simulador", ChannelKind::Simulator).await;
    store.set_channel_status(theirs.id, ChannelStatus::Connected, None, now()).await.unwrap();
    let first = queued(ours.id, "primeira");
    store.enqueue_outbound(acme.id, &first, None, None).await.unwrap();
    store.enqueue_outbound(globex.id, &queued(theirs.id, "segunda"), None, None).await.unwrap();

    let counts = store.operational_counts().await.unwrap();
    let waiting = count_of(&counts.outbox, "queued").expect("queued messages");
    assert_eq!((waiting.count, waiting.oldest_at), (2, Some(first.created_at)), "every company's, the oldest first");
    assert_eq!(count_of(&counts.channels, "connected").map(|count| count.count), Some(1));
    assert_eq!(count_of(&counts.channels, ours.status.as_str()).map(|count| count.count), Some(1));

    let until = now() + SignedDuration::from_secs(60);
    let claimed = store.claim_outbound(Uuid::from_u128(1), now(), until, 1).await.unwrap();
    store.mark_outbound_failed(claimed[0].message.id, "channel_not_connected", Some(until)).await.unwrap();
    let counts = store.operational_counts().await.unwrap();
    assert_eq!(count_of(&counts.outbox, "queued").map(|count| count.count), Some(1));
    assert_eq!(count_of(&counts.outbox, "retrying").map(|count| count.count), Some(1), "tried once, waiting again");

    let pool = store.pool_usage();
    assert!(pool.open >= 1 && pool.idle <= pool.open && pool.open <= pool.max, "{pool:?}");
}
