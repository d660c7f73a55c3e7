//! Several instances on one database: presence follows the sockets of every live instance, and
//! each linked device's session has one holder at a time.

use blocopro_domain::channel::{ChannelKind, ChannelStatus};
use blocopro_domain::presence::PresenceStatus;
use jiff::SignedDuration;
use uuid::Uuid;

use crate::conformance::*;
use crate::{DynStore, SessionLease, SessionStop};

const A: Uuid = Uuid::from_u128(0xA);
const B: Uuid = Uuid::from_u128(0xB);
const DEAD: Uuid = Uuid::from_u128(0xDEAD);

fn secs(seconds: i64) -> SignedDuration {
    SignedDuration::from_secs(seconds)
}

async fn status_of(store: &DynStore, user_id: Uuid) -> Option<PresenceStatus> {
    store.find_current_presence(user_id).await.unwrap().map(|period| period.status)
}

pub async fn presence_follows_the_sockets_of_every_live_instance(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let ana = user(&store, acme.id, "Ana", "ana@acme.com", false).await;
    let t = now();
    store.instance_heartbeat(A, t).await.unwrap();
    store.instance_heartbeat(B, t).await.unwrap();
    let alive_since = t - secs(30);

    assert!(store.socket_opened(A, acme.id, ana.id, t).await.unwrap(), "the first socket makes her online");
    assert!(!store.socket_opened(B, acme.id, ana.id, t).await.unwrap());
    assert!(!store.socket_opened(A, acme.id, ana.id, t).await.unwrap());
    assert!(!store.socket_closed(A, acme.id, ana.id, t, alive_since).await.unwrap());
    assert!(!store.socket_closed(A, acme.id, ana.id, t, alive_since).await.unwrap(), "a tab on B is still open");
    assert_eq!(status_of(&store, ana.id).await, Some(PresenceStatus::Online));
    assert!(store.socket_closed(B, acme.id, ana.id, t + secs(1), alive_since).await.unwrap());
    assert_eq!(status_of(&store, ana.id).await, Some(PresenceStatus::Offline));

    store.set_presence(acme.id, ana.id, PresenceStatus::Away, t + secs(2)).await.unwrap();
    assert!(!store.socket_opened(A, acme.id, ana.id, t + secs(3)).await.unwrap(), "away stays away");
    assert_eq!(status_of(&store, ana.id).await, Some(PresenceStatus::Away));

    // A socket on an instance that stopped heartbeating does not keep her online.
    store.instance_heartbeat(DEAD, t - secs(120)).await.unwrap();
    store.socket_opened(DEAD, acme.id, ana.id, t + secs(3)).await.unwrap();
    assert!(store.socket_closed(A, acme.id, ana.id, t + secs(4), alive_since).await.unwrap());
    assert_eq!(status_of(&store, ana.id).await, Some(PresenceStatus::Offline));
}

pub async fn dead_instances_are_reaped_with_their_sockets_and_sessions(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let ana = user(&store, acme.id, "Ana", "ana@acme.com", false).await;
    let bia = user(&store, acme.id, "Bia", "bia@acme.com", false).await;
    let sim = channel(&store, acme.id, "Simulador", ChannelKind::Simulator).await;
    let t = now();
    store.instance_heartbeat(DEAD, t - secs(120)).await.unwrap();
    store.instance_heartbeat(A, t).await.unwrap();
    store.socket_opened(DEAD, acme.id, ana.id, t).await.unwrap();
    store.socket_opened(DEAD, acme.id, bia.id, t).await.unwrap();
    store.socket_opened(A, acme.id, bia.id, t).await.unwrap();
    assert!(store.acquire_session_lease(sim.id, DEAD, t - secs(120), t + secs(600)).await.unwrap());

    let offline = store.reap_instances(t - secs(30)).await.unwrap();
    assert_eq!(offline, vec![(acme.id, ana.id)], "Bia still has a socket on a live instance");
    assert!(store.renew_session_leases(DEAD, t + secs(30)).await.unwrap().is_empty(), "its leases are gone");
    assert!(store.acquire_session_lease(sim.id, A, t, t + secs(30)).await.unwrap());
    assert!(store.reap_instances(t - secs(30)).await.unwrap().is_empty(), "reaped once");
}

pub async fn concurrent_sockets_never_leave_a_connected_user_offline(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let ana = user(&store, acme.id, "Ana", "ana@acme.com", false).await;
    let t = now();
    store.instance_heartbeat(A, t).await.unwrap();
    store.instance_heartbeat(B, t).await.unwrap();
    store.socket_opened(B, acme.id, ana.id, t).await.unwrap();
    let cycle = |instance: Uuid| {
        let store = store.clone();
        async move {
            for _ in 0..10 {
                store.socket_opened(instance, acme.id, ana.id, now()).await.unwrap();
                store.socket_closed(instance, acme.id, ana.id, now(), t - secs(30)).await.unwrap();
            }
        }
    };
    tokio::join!(cycle(A), cycle(B), cycle(A));
    assert_eq!(status_of(&store, ana.id).await, Some(PresenceStatus::Online), "B keeps one socket open");
    store.socket_closed(B, acme.id, ana.id, now(), t - secs(30)).await.unwrap();
    assert_eq!(status_of(&store, ana.id).await, Some(PresenceStatus::Offline));
}

pub async fn a_session_lease_has_one_holder_until_it_expires(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let sim = channel(&store, acme.id, "Simulador", ChannelKind::Simulator).await;
    let cloud = channel(&store, acme.id, "Cloud", ChannelKind::WhatsappCloud).await;
    let t = now();
    let kinds = [ChannelKind::Simulator, ChannelKind::WhatsappQr];

    store.set_channel_status(sim.id, ChannelStatus::Connected, None, t).await.unwrap();
    store.set_channel_status(cloud.id, ChannelStatus::Connected, None, t).await.unwrap();
    let orphans: Vec<Uuid> = store.orphaned_sessions(&kinds, t).await.unwrap().iter().map(|c| c.id).collect();
    assert_eq!(orphans, vec![sim.id], "a connected session nobody holds; the Cloud API holds none");

    assert!(store.acquire_session_lease(sim.id, A, t, t + secs(30)).await.unwrap());
    assert!(!store.acquire_session_lease(sim.id, B, t + secs(10), t + secs(40)).await.unwrap(), "A holds it");
    assert!(store.acquire_session_lease(sim.id, A, t + secs(10), t + secs(40)).await.unwrap(), "A extends it");
    assert!(store.orphaned_sessions(&kinds, t + secs(20)).await.unwrap().is_empty());

    assert_eq!(store.request_session_stop(sim.id, SessionStop::Logout, t + secs(20)).await.unwrap(), Some(A));
    let held = store.renew_session_leases(A, t + secs(50)).await.unwrap();
    assert_eq!(held, vec![SessionLease { channel_id: sim.id, stop: Some(SessionStop::Logout) }]);

    // A stops renewing: once the lease expires B takes over, without A's stop request.
    assert!(!store.acquire_session_lease(sim.id, B, t + secs(49), t + secs(80)).await.unwrap());
    assert!(store.acquire_session_lease(sim.id, B, t + secs(50), t + secs(80)).await.unwrap());
    assert!(store.renew_session_leases(A, t + secs(90)).await.unwrap().is_empty(), "A lost it");
    assert_eq!(
        store.renew_session_leases(B, t + secs(90)).await.unwrap(),
        vec![SessionLease { channel_id: sim.id, stop: None }]
    );

    store.release_session_lease(sim.id, A).await.unwrap();
    assert_eq!(store.request_session_stop(sim.id, SessionStop::Disconnect, t + secs(60)).await.unwrap(), Some(B));
    store.release_session_lease(sim.id, B).await.unwrap();
    assert_eq!(store.request_session_stop(sim.id, SessionStop::Disconnect, t + secs(60)).await.unwrap(), None);
}

pub async fn outbound_messages_wait_for_the_instance_holding_the_session(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let sim = channel(&store, acme.id, "Simulador", ChannelKind::Simulator).await;
    let queued = crate::outbox::conformance::queued(sim.id, "Olá");
    store.enqueue_outbound(acme.id, &queued, None, None).await.unwrap();
    let t = now();
    assert!(store.acquire_session_lease(sim.id, B, t, t + secs(30)).await.unwrap());

    assert!(store.claim_outbound(A, t, t + secs(60), 10).await.unwrap().is_empty(), "B holds the session");
    let claimed = store.claim_outbound(B, t, t + secs(60), 10).await.unwrap();
    assert_eq!(claimed.iter().map(|c| c.message.id).collect::<Vec<_>>(), vec![queued.id]);

    store.mark_outbound_failed(queued.id, "not_connected", Some(t + secs(31))).await.unwrap();
    let after_expiry = store.claim_outbound(A, t + secs(31), t + secs(90), 10).await.unwrap();
    assert_eq!(after_expiry.len(), 1, "once B's lease lapses, anyone may try");
}
