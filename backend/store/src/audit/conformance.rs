//! The audit log: newest first, one company's entries only.

use uuid::Uuid;

use crate::conformance::*;
use crate::{DynStore, PageRequest};

pub async fn audit_log_is_newest_first_and_isolated(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let beta = company(&store, "Beta").await;
    for _ in 0..3 {
        department(&store, acme.id, &Uuid::now_v7().to_string()).await;
    }
    let first = store.list_audit(acme.id, PageRequest::first(2)).await.unwrap();
    assert_eq!(first.items.len(), 2);
    assert!(first.items[0].id > first.items[1].id);
    assert_eq!(first.items[0].summary, serde_json::json!({ "note": "department.created" }));
    let after = first.next_cursor.unwrap().parse().unwrap();
    let rest = store.list_audit(acme.id, PageRequest::new(Some(10), Some(after))).await.unwrap();
    assert_eq!(rest.items.len(), 2, "one more department and the company itself");
    assert!(rest.items[0].id < first.items[1].id);
    let beta_log = store.list_audit(beta.id, PageRequest::first(10)).await.unwrap();
    assert_eq!(beta_log.items.len(), 1);

    store.record_audit(&audit(beta.id, "channel.connect_requested", None)).await.unwrap();
    let beta_log = store.list_audit(beta.id, PageRequest::first(10)).await.unwrap();
    assert_eq!(beta_log.items[0].action, "channel.connect_requested");
}
