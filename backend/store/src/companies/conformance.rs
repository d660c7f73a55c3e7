//! Companies: round trip, pages, lookup by name.

use uuid::Uuid;

use crate::conformance::*;
use crate::{DynStore, PageRequest};

pub async fn companies_round_trip(store: DynStore) {
    let mut acme = company(&store, "Acme").await;
    let _beta = company(&store, "Beta").await;
    assert_eq!(store.get_company(acme.id).await.unwrap(), Some(acme.clone()));
    assert_eq!(store.get_company(Uuid::now_v7()).await.unwrap(), None);
    assert_eq!(store.find_company_by_name("Acme").await.unwrap().map(|c| c.id), Some(acme.id));

    let first = store.list_companies(PageRequest::first(1)).await.unwrap();
    assert_eq!(first.items.len(), 1);
    let cursor = first.next_cursor.expect("a second page").parse().unwrap();
    let second = store.list_companies(PageRequest::new(Some(1), Some(cursor))).await.unwrap();
    assert_eq!(second.items.len(), 1);
    assert_ne!(first.items[0].id, second.items[0].id);
    assert_eq!(second.next_cursor, None);

    acme.features.whatsapp_groups = true;
    acme.active = false;
    acme.timezone = "America/Manaus".into();
    store.update_company(&acme, &audit(acme.id, "company.updated", Some(acme.id))).await.unwrap();
    assert_eq!(store.get_company(acme.id).await.unwrap(), Some(acme.clone()));
    let log = store.list_audit(acme.id, PageRequest::first(10)).await.unwrap();
    assert_eq!(log.items.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(), ["company.updated", "company.created"]);
}
