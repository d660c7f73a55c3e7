//! Users: round trips, filters and pages, isolation per company, the last administrator, their
//! departments, login records with company and access hours.

use blocopro_domain::access_hours::{AccessHours, AccessRule, ClockTime, Weekday};
use blocopro_domain::permissions::{Permission, PermissionSet};
use blocopro_domain::user::{User, UserStatus, Visibility};
use jiff::SignedDuration;
use uuid::Uuid;

use crate::conformance::*;
use crate::{DynStore, PageRequest, StoreError, UserFilter};

pub async fn users_round_trip(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let sales = department(&store, acme.id, "Comercial").await;
    let mut ana = new_user(acme.id, "Ana", "ana@acme.com", true);
    ana.department_ids = vec![sales.id];
    store.create_user(&ana, "hash", &audit(acme.id, "user.created", Some(ana.id))).await.unwrap();
    assert_eq!(store.get_user(acme.id, ana.id).await.unwrap(), Some(ana.clone()));

    let twin = new_user(acme.id, "Ana 2", "ana@acme.com", false);
    match store.create_user(&twin, "hash", &audit(acme.id, "user.created", None)).await {
        Err(StoreError::Duplicate { field }) => assert_eq!(field, Some("email")),
        other => panic!("expected a duplicate e-mail, got {other:?}"),
    }

    ana.name = "Ana Maria".into();
    ana.phone = None;
    ana.sex = None;
    ana.visibility = Visibility::All;
    ana.permissions = PermissionSet::from([Permission::UsersView]);
    ana.updated_at = now() + SignedDuration::from_secs(5);
    store.update_user(&ana, Some("new-hash"), &audit(acme.id, "user.updated", Some(ana.id))).await.unwrap();
    assert_eq!(store.get_user(acme.id, ana.id).await.unwrap(), Some(ana.clone()));
    assert_eq!(store.find_user_login("ana@acme.com").await.unwrap().unwrap().password_hash, "new-hash");

    let bia = user(&store, acme.id, "Bia", "bia@acme.com", false).await;
    store.delete_user(acme.id, bia.id, &audit(acme.id, "user.deleted", Some(bia.id))).await.unwrap();
    assert_eq!(store.get_user(acme.id, bia.id).await.unwrap(), None);
    assert!(store.find_user_login("bia@acme.com").await.unwrap().is_none());
    assert!(store.find_user_auth(bia.id).await.unwrap().is_none());
    assert!(matches!(
        store.delete_user(acme.id, bia.id, &audit(acme.id, "user.deleted", None)).await,
        Err(StoreError::NotFound)
    ));
    // A deleted user's e-mail can be registered again.
    user(&store, acme.id, "Bia", "bia@acme.com", false).await;
}

pub async fn users_filters_and_pages(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let support = department(&store, acme.id, "Suporte").await;
    for (index, name) in ["Carla", "Bruno", "Ana", "Daniel", "Eva"].iter().enumerate() {
        let mut member = new_user(acme.id, name, &format!("{}@acme.com", name.to_lowercase()), index == 0);
        if index % 2 == 0 {
            member.department_ids = vec![support.id];
        }
        if *name == "Daniel" {
            member.status = UserStatus::Inactive;
        }
        store.create_user(&member, "hash", &audit(acme.id, "user.created", None)).await.unwrap();
    }
    let all = UserFilter::default();
    let first = store.list_users(acme.id, &all, PageRequest::first(2)).await.unwrap();
    assert_eq!(first.items.iter().map(|u| u.name.as_str()).collect::<Vec<_>>(), ["Ana", "Bruno"]);
    let after = first.next_cursor.unwrap().parse().unwrap();
    let second = store.list_users(acme.id, &all, PageRequest::new(Some(2), Some(after))).await.unwrap();
    assert_eq!(second.items.iter().map(|u| u.name.as_str()).collect::<Vec<_>>(), ["Carla", "Daniel"]);
    let after = second.next_cursor.unwrap().parse().unwrap();
    let third = store.list_users(acme.id, &all, PageRequest::new(Some(2), Some(after))).await.unwrap();
    assert_eq!(third.items.len(), 1);
    assert_eq!(third.next_cursor, None);

    let names = |filter: UserFilter| {
        let store = store.clone();
        async move {
            let page = store.list_users(acme.id, &filter, PageRequest::first(50)).await.unwrap();
            page.items.into_iter().map(|u| u.name).collect::<Vec<_>>()
        }
    };
    assert_eq!(names(UserFilter { search: Some("BRU".into()), ..Default::default() }).await, ["Bruno"]);
    assert_eq!(names(UserFilter { search: Some("eva@".into()), ..Default::default() }).await, ["Eva"]);
    assert_eq!(names(UserFilter { search: Some("carla da".into()), ..Default::default() }).await, ["Carla"]);
    assert_eq!(names(UserFilter { search: Some("100%_".into()), ..Default::default() }).await, Vec::<String>::new());
    assert_eq!(names(UserFilter { status: Some(UserStatus::Inactive), ..Default::default() }).await, ["Daniel"]);
    assert_eq!(
        names(UserFilter { department_id: Some(support.id), ..Default::default() }).await,
        ["Ana", "Carla", "Eva"]
    );
}

pub async fn users_are_isolated_per_company(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let beta = company(&store, "Beta").await;
    let ana = user(&store, acme.id, "Ana", "ana@acme.com", true).await;
    user(&store, beta.id, "Bob", "bob@beta.com", true).await;
    assert_eq!(store.get_user(beta.id, ana.id).await.unwrap(), None);
    let beta_users = store.list_users(beta.id, &UserFilter::default(), PageRequest::first(50)).await.unwrap();
    assert_eq!(beta_users.items.len(), 1);
    let mut moved = ana.clone();
    moved.company_id = beta.id;
    assert!(matches!(
        store.update_user(&moved, None, &audit(beta.id, "user.updated", None)).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.delete_user(beta.id, ana.id, &audit(beta.id, "user.deleted", None)).await,
        Err(StoreError::NotFound)
    ));
    assert!(store.get_user(acme.id, ana.id).await.unwrap().is_some());
}

pub async fn last_admin_is_protected(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let ana = user(&store, acme.id, "Ana", "ana@acme.com", true).await;
    let demoted = User { is_admin: false, ..ana.clone() };
    assert!(matches!(
        store.update_user(&demoted, None, &audit(acme.id, "user.updated", None)).await,
        Err(StoreError::LastAdmin)
    ));
    let inactive = User { status: UserStatus::Inactive, ..ana.clone() };
    assert!(matches!(
        store.update_user(&inactive, None, &audit(acme.id, "user.updated", None)).await,
        Err(StoreError::LastAdmin)
    ));
    assert!(matches!(
        store.delete_user(acme.id, ana.id, &audit(acme.id, "user.deleted", None)).await,
        Err(StoreError::LastAdmin)
    ));
    assert_eq!(store.get_user(acme.id, ana.id).await.unwrap(), Some(ana.clone()), "nothing half-written");
    let log = store.list_audit(acme.id, PageRequest::first(50)).await.unwrap();
    assert!(log.items.iter().all(|e| e.action != "user.deleted"), "no audit entry for a refused change");

    user(&store, acme.id, "Bia", "bia@acme.com", true).await;
    store.update_user(&demoted, None, &audit(acme.id, "user.updated", None)).await.unwrap();
}

pub async fn user_departments_are_checked(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let beta = company(&store, "Beta").await;
    let ana = user(&store, acme.id, "Ana", "ana@acme.com", true).await;
    let sales = department(&store, acme.id, "Comercial").await;
    let hr = department(&store, acme.id, "RH").await;
    let foreign = department(&store, beta.id, "Financeiro").await;

    store
        .set_user_departments(
            acme.id,
            ana.id,
            &[sales.id, hr.id, sales.id],
            &audit(acme.id, "user.departments_set", None),
        )
        .await
        .unwrap();
    let mut expected = vec![sales.id, hr.id];
    expected.sort();
    assert_eq!(store.get_user(acme.id, ana.id).await.unwrap().unwrap().department_ids, expected);

    match store.set_user_departments(acme.id, ana.id, &[sales.id, foreign.id], &audit(acme.id, "x", None)).await {
        Err(StoreError::UnknownReferences(ids)) => assert_eq!(ids, vec![foreign.id]),
        other => panic!("expected unknown references, got {other:?}"),
    }
    assert_eq!(store.get_user(acme.id, ana.id).await.unwrap().unwrap().department_ids, expected, "unchanged");
    assert!(matches!(
        store.set_user_departments(beta.id, ana.id, &[], &audit(beta.id, "x", None)).await,
        Err(StoreError::NotFound)
    ));

    store.delete_department(acme.id, hr.id, &audit(acme.id, "department.deleted", None)).await.unwrap();
    assert_eq!(store.get_user(acme.id, ana.id).await.unwrap().unwrap().department_ids, vec![sales.id]);
    store.set_user_departments(acme.id, ana.id, &[], &audit(acme.id, "x", None)).await.unwrap();
    assert!(store.get_user(acme.id, ana.id).await.unwrap().unwrap().department_ids.is_empty());
}

fn office_hours(timezone: &str) -> AccessHours {
    AccessHours {
        enabled: true,
        timezone: timezone.into(),
        rules: vec![AccessRule {
            weekday: Weekday::Monday,
            start: ClockTime::parse("08:00").unwrap(),
            end: ClockTime::parse("18:00").unwrap(),
        }],
        holidays: vec!["2026-12-25".parse().unwrap()],
        admins_bypass: false,
    }
}

pub async fn login_records_carry_company_and_hours(store: DynStore) {
    let mut acme = company(&store, "Acme").await;
    let ana = user(&store, acme.id, "Ana", "ana@acme.com", true).await;
    let login = store.find_user_login("ana@acme.com").await.unwrap().unwrap();
    assert_eq!(login.auth.user, ana);
    assert!(login.auth.company_active);
    assert_eq!(login.auth.company_timezone, "America/Sao_Paulo");
    assert_eq!(login.auth.access_hours, None);
    assert_eq!(login.auth.last_seen_at, None);

    let hours = office_hours("America/Manaus");
    store.put_access_hours(acme.id, ana.id, &hours, &audit(acme.id, "access_hours.updated", None)).await.unwrap();
    let seen = now();
    store.touch_last_seen(ana.id, seen).await.unwrap();
    acme.active = false;
    store.update_company(&acme, &audit(acme.id, "company.updated", None)).await.unwrap();

    let auth = store.find_user_auth(ana.id).await.unwrap().unwrap();
    assert_eq!(auth.access_hours, Some(hours));
    assert_eq!(auth.last_seen_at, Some(seen));
    assert!(!auth.company_active);
    assert!(store.find_user_auth(Uuid::now_v7()).await.unwrap().is_none());
}

pub async fn access_hours_replace(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let beta = company(&store, "Beta").await;
    let ana = user(&store, acme.id, "Ana", "ana@acme.com", true).await;
    assert_eq!(store.get_access_hours(acme.id, ana.id).await.unwrap(), None);
    let mut hours = office_hours("America/Sao_Paulo");
    store.put_access_hours(acme.id, ana.id, &hours, &audit(acme.id, "access_hours.updated", None)).await.unwrap();
    hours.enabled = false;
    hours.rules.clear();
    hours.holidays.clear();
    store.put_access_hours(acme.id, ana.id, &hours, &audit(acme.id, "access_hours.updated", None)).await.unwrap();
    assert_eq!(store.get_access_hours(acme.id, ana.id).await.unwrap(), Some(hours.clone()));
    assert_eq!(store.get_access_hours(beta.id, ana.id).await.unwrap(), None);
    assert!(matches!(
        store.put_access_hours(beta.id, ana.id, &hours, &audit(beta.id, "x", None)).await,
        Err(StoreError::NotFound)
    ));
}
