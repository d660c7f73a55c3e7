//! Departments: names unique per company, renames, deletion.

use blocopro_domain::department::Department;
use uuid::Uuid;

use crate::conformance::*;
use crate::{DynStore, PageRequest, StoreError};

pub async fn departments_round_trip(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let beta = company(&store, "Beta").await;
    let sales = department(&store, acme.id, "Comercial").await;
    department(&store, acme.id, "Financeiro").await;
    department(&store, beta.id, "Comercial").await;
    let twin = Department { id: Uuid::now_v7(), name: "Comercial".into(), created_at: now() };
    assert!(matches!(
        store.create_department(acme.id, &twin, &audit(acme.id, "x", None)).await,
        Err(StoreError::Duplicate { .. })
    ));
    assert_eq!(store.get_department(acme.id, sales.id).await.unwrap(), Some(sales.clone()));
    assert_eq!(store.get_department(beta.id, sales.id).await.unwrap(), None);
    let page = store.list_departments(acme.id, PageRequest::first(50)).await.unwrap();
    assert_eq!(page.items.iter().map(|d| d.name.as_str()).collect::<Vec<_>>(), ["Comercial", "Financeiro"]);

    store.rename_department(acme.id, sales.id, "Vendas", &audit(acme.id, "department.renamed", None)).await.unwrap();
    assert_eq!(store.get_department(acme.id, sales.id).await.unwrap().unwrap().name, "Vendas");
    assert!(matches!(
        store.rename_department(acme.id, sales.id, "Financeiro", &audit(acme.id, "x", None)).await,
        Err(StoreError::Duplicate { .. })
    ));
    assert!(matches!(
        store.rename_department(beta.id, sales.id, "X", &audit(beta.id, "x", None)).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.delete_department(beta.id, sales.id, &audit(beta.id, "x", None)).await,
        Err(StoreError::NotFound)
    ));
    store.delete_department(acme.id, sales.id, &audit(acme.id, "department.deleted", None)).await.unwrap();
    assert_eq!(store.get_department(acme.id, sales.id).await.unwrap(), None);
}
