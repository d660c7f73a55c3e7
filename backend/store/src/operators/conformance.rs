//! Platform operators: unique e-mails, logins, passwords.

use uuid::Uuid;

use crate::conformance::*;
use crate::{DynStore, Operator, StoreError};

pub async fn operators_round_trip(store: DynStore) {
    let operator =
        Operator { id: Uuid::now_v7(), email: "ops@vendor.com".into(), name: "Ops".into(), created_at: now() };
    store.create_operator(&operator, "hash-1").await.unwrap();
    let again = Operator { id: Uuid::now_v7(), ..operator.clone() };
    assert!(matches!(store.create_operator(&again, "x").await, Err(StoreError::Duplicate { .. })));
    let login = store.find_operator_login("ops@vendor.com").await.unwrap().unwrap();
    assert_eq!(login.operator, operator);
    assert_eq!(login.password_hash, "hash-1");
    store.set_operator_password(operator.id, "hash-2").await.unwrap();
    assert_eq!(store.find_operator_login("ops@vendor.com").await.unwrap().unwrap().password_hash, "hash-2");
    assert_eq!(store.find_operator(operator.id).await.unwrap(), Some(operator));
    assert!(store.find_operator_login("nobody@vendor.com").await.unwrap().is_none());
}
