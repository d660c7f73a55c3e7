//! The realtime event log: cursors grow in commit order across concurrent writers, reads filter by
//! company, purging forgets old events but never the highest cursor.

use blocopro_domain::realtime::Audience;
use jiff::SignedDuration;
use uuid::Uuid;

use crate::conformance::*;
use crate::{DynStore, NewEvent};

fn event(company_id: Uuid, kind: &str, n: i64) -> NewEvent {
    NewEvent {
        company_id,
        kind: kind.into(),
        audience: Audience::Company,
        data: serde_json::json!({ "n": n }),
        created_at: now(),
    }
}

pub async fn events_are_read_in_cursor_order_per_company(store: DynStore) {
    assert_eq!(store.last_event_cursor().await.unwrap(), 0);
    assert_eq!(store.first_event_cursor().await.unwrap(), None);
    let acme = company(&store, "Acme").await.id;
    let globex = company(&store, "Globex").await.id;
    let personal = NewEvent { audience: Audience::User { id: Uuid::now_v7() }, ..event(acme, "presence.changed", 3) };
    store.append_events(&[event(acme, "a", 1), event(globex, "g", 2), personal.clone()]).await.unwrap();

    let all = store.events_after(None, 0, 10).await.unwrap();
    assert_eq!(all.len(), 3);
    assert!(all.windows(2).all(|pair| pair[0].cursor < pair[1].cursor));
    assert_eq!((all[2].audience, &all[2].data, &all[2].kind), (personal.audience, &personal.data, &personal.kind));
    let acme_only = store.events_after(Some(acme), 0, 10).await.unwrap();
    assert_eq!(acme_only.iter().map(|e| e.kind.as_str()).collect::<Vec<_>>(), ["a", "presence.changed"]);
    assert_eq!(store.events_after(Some(acme), all[0].cursor, 10).await.unwrap().len(), 1);
    assert_eq!(store.events_after(None, 0, 2).await.unwrap().len(), 2, "limited");
    let last = store.last_event_cursor().await.unwrap();
    assert_eq!(last, all[2].cursor);

    assert_eq!(store.purge_events(now() + SignedDuration::from_secs(1)).await.unwrap(), 3);
    assert_eq!(store.first_event_cursor().await.unwrap(), None);
    assert_eq!(store.last_event_cursor().await.unwrap(), last, "purging never gives a cursor again");
    store.append_events(&[event(acme, "b", 4)]).await.unwrap();
    let after = store.events_after(None, 0, 10).await.unwrap();
    assert!(after[0].cursor > last);
    assert_eq!(store.first_event_cursor().await.unwrap(), Some(after[0].cursor));
    assert_eq!(store.purge_events(now() - SignedDuration::from_secs(60)).await.unwrap(), 0, "only older ones go");
}

/// Writers append concurrently while a reader follows the cursor: it must end up with every event,
/// in cursor order, without ever having passed one that committed later.
pub async fn concurrent_appends_never_skip_a_reader(store: DynStore) {
    let acme = company(&store, "Acme").await.id;
    let writers: Vec<_> = (0..4)
        .map(|writer| {
            let store = store.clone();
            tokio::spawn(async move {
                for n in 0..40 {
                    store.append_events(&[event(acme, "x", writer * 100 + n)]).await.unwrap();
                }
            })
        })
        .collect();
    let mut seen = Vec::new();
    let mut cursor = 0;
    while seen.len() < 160 {
        for event in store.events_after(Some(acme), cursor, 1000).await.unwrap() {
            cursor = event.cursor;
            seen.push(event.cursor);
        }
        tokio::task::yield_now().await;
    }
    for writer in writers {
        writer.await.unwrap();
    }
    let everything: Vec<i64> =
        store.events_after(Some(acme), 0, 1000).await.unwrap().iter().map(|e| e.cursor).collect();
    assert_eq!(seen, everything);
}
