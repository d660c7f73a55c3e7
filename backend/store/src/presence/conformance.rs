//! Presence: every change appends a period; unchanged statuses append nothing.

use blocopro_domain::presence::PresenceStatus;
use jiff::SignedDuration;

use crate::DynStore;
use crate::conformance::*;

pub async fn presence_appends_periods(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let beta = company(&store, "Beta").await;
    let ana = user(&store, acme.id, "Ana", "ana@acme.com", true).await;
    let start = now() - SignedDuration::from_hours(3);
    let at = |minutes: i64| start + SignedDuration::from_mins(minutes);
    assert!(store.set_presence(acme.id, ana.id, PresenceStatus::Online, at(0)).await.unwrap());
    assert!(!store.set_presence(acme.id, ana.id, PresenceStatus::Online, at(5)).await.unwrap());
    assert!(store.set_presence(acme.id, ana.id, PresenceStatus::Away, at(60)).await.unwrap());
    assert!(store.set_presence(acme.id, ana.id, PresenceStatus::Online, at(90)).await.unwrap());

    let periods = store.presence_periods(acme.id, ana.id, at(30), at(120)).await.unwrap();
    let shape: Vec<_> = periods.iter().map(|p| (p.status, p.started_at, p.ended_at)).collect();
    assert_eq!(
        shape,
        vec![
            (PresenceStatus::Online, at(0), Some(at(60))),
            (PresenceStatus::Away, at(60), Some(at(90))),
            (PresenceStatus::Online, at(90), None),
        ]
    );
    assert_eq!(store.presence_periods(acme.id, ana.id, at(61), at(89)).await.unwrap().len(), 1);
    assert!(store.presence_periods(beta.id, ana.id, at(0), at(120)).await.unwrap().is_empty());
    assert_eq!(store.find_current_presence(ana.id).await.unwrap().unwrap().status, PresenceStatus::Online);

    store.touch_last_seen(ana.id, at(100)).await.unwrap();
    assert_eq!(store.stale_present_users(at(101)).await.unwrap(), vec![(acme.id, ana.id)]);
    assert!(store.stale_present_users(at(99)).await.unwrap().is_empty());
    store.set_presence(acme.id, ana.id, PresenceStatus::Offline, at(102)).await.unwrap();
    assert!(store.stale_present_users(at(200)).await.unwrap().is_empty());
}
