//! Sessions and credentials: refresh tokens rotate and a reused one revokes its family; login
//! failures accumulate; API tokens round trip.

use blocopro_domain::permissions::Permission;
use blocopro_domain::token::{ApiToken, SubjectKind};
use jiff::SignedDuration;
use uuid::Uuid;

use crate::conformance::*;
use crate::{DynStore, RefreshToken, RotateOutcome, StoreError, Subject};

fn refresh(subject: Subject, family_id: Uuid, hash: &str, expires_in_secs: i64) -> RefreshToken {
    let created_at = now();
    RefreshToken {
        id: Uuid::now_v7(),
        family_id,
        subject,
        token_hash: hash.into(),
        created_at,
        expires_at: created_at + SignedDuration::from_secs(expires_in_secs),
    }
}

pub async fn refresh_tokens_rotate_and_detect_reuse(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let ana = user(&store, acme.id, "Ana", "ana@acme.com", true).await;
    let subject = Subject { kind: SubjectKind::User, id: ana.id, company_id: Some(acme.id) };
    let family = Uuid::now_v7();
    store.create_refresh_token(&refresh(subject, family, "h1", 3600)).await.unwrap();

    let outcome = store.rotate_refresh_token("h1", &refresh(subject, family, "h2", 3600), now()).await.unwrap();
    assert_eq!(outcome, RotateOutcome::Rotated(subject));
    // Replaying h1 revokes the family, so h2 is dead too.
    let replay = store.rotate_refresh_token("h1", &refresh(subject, family, "h3", 3600), now()).await.unwrap();
    assert_eq!(replay, RotateOutcome::Reused);
    let after = store.rotate_refresh_token("h2", &refresh(subject, family, "h4", 3600), now()).await.unwrap();
    assert_eq!(after, RotateOutcome::Reused);
    assert_eq!(
        store.rotate_refresh_token("unknown", &refresh(subject, family, "h5", 3600), now()).await.unwrap(),
        RotateOutcome::Invalid
    );

    let expired_family = Uuid::now_v7();
    store.create_refresh_token(&refresh(subject, expired_family, "old", -10)).await.unwrap();
    assert_eq!(
        store.rotate_refresh_token("old", &refresh(subject, expired_family, "h6", 3600), now()).await.unwrap(),
        RotateOutcome::Invalid
    );

    let live_family = Uuid::now_v7();
    store.create_refresh_token(&refresh(subject, live_family, "live", 3600)).await.unwrap();
    assert_eq!(store.revoke_refresh_family("live", now()).await.unwrap(), Some(subject));
    assert_eq!(store.revoke_refresh_family("live", now()).await.unwrap(), None);

    let other_family = Uuid::now_v7();
    store.create_refresh_token(&refresh(subject, other_family, "other", 3600)).await.unwrap();
    store.revoke_subject_sessions(ana.id, now()).await.unwrap();
    assert_ne!(
        store.rotate_refresh_token("other", &refresh(subject, other_family, "h7", 3600), now()).await.unwrap(),
        RotateOutcome::Rotated(subject)
    );
}

pub async fn login_failures_accumulate(store: DynStore) {
    let subject = Uuid::now_v7();
    let start = now();
    for minute in 0..3 {
        store.record_login_failure(subject, start + SignedDuration::from_mins(minute)).await.unwrap();
    }
    store.record_login_failure(Uuid::now_v7(), start).await.unwrap();
    let recent = store.login_failures_since(subject, start + SignedDuration::from_secs(30)).await.unwrap();
    assert_eq!(recent, vec![start + SignedDuration::from_mins(1), start + SignedDuration::from_mins(2)]);
    store.clear_login_failures(subject).await.unwrap();
    assert!(store.login_failures_since(subject, start).await.unwrap().is_empty());
}

pub async fn api_tokens_round_trip(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let beta = company(&store, "Beta").await;
    let ana = user(&store, acme.id, "Ana", "ana@acme.com", true).await;
    let token = ApiToken {
        id: Uuid::now_v7(),
        company_id: acme.id,
        name: "ERP".into(),
        permissions: [Permission::UsersView].into(),
        created_by: Some(ana.id),
        created_at: now(),
        last_used_at: None,
    };
    store.create_api_token(&token, "token-hash", &audit(acme.id, "api_token.created", None)).await.unwrap();
    assert_eq!(store.find_api_token("token-hash").await.unwrap(), Some(token.clone()));
    assert_eq!(store.list_api_tokens(acme.id).await.unwrap(), vec![token.clone()]);
    assert!(store.list_api_tokens(beta.id).await.unwrap().is_empty());
    let used = now();
    store.touch_api_token(token.id, used).await.unwrap();
    assert_eq!(store.find_api_token("token-hash").await.unwrap().unwrap().last_used_at, Some(used));
    assert!(matches!(
        store.delete_api_token(beta.id, token.id, &audit(beta.id, "x", None)).await,
        Err(StoreError::NotFound)
    ));
    store.delete_api_token(acme.id, token.id, &audit(acme.id, "api_token.deleted", None)).await.unwrap();
    assert_eq!(store.find_api_token("token-hash").await.unwrap(), None);
}
