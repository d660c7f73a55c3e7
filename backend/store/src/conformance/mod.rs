//! The contract every backend satisfies. `conformance_suite!(factory)` expands to one test per
//! check below; each store crate invokes it with a factory giving a fresh, migrated database.

use blocopro_domain::Timestamp;
use blocopro_domain::access_hours::{AccessHours, AccessRule, ClockTime, Weekday};
use blocopro_domain::audit::{Actor, NewAuditEntry};
use blocopro_domain::company::{Company, CompanyFeatures};
use blocopro_domain::department::Department;
use blocopro_domain::permissions::{Permission, PermissionSet};
use blocopro_domain::presence::PresenceStatus;
use blocopro_domain::token::{ApiToken, SubjectKind};
use blocopro_domain::user::{Sex, User, UserStatus, Visibility};
use jiff::SignedDuration;
use uuid::Uuid;

mod agenda;
mod channels;
mod contacts;
mod conversations;
mod events;
mod groups;
mod instances;
mod outbox;
mod queue;
mod webhooks;
pub use agenda::*;
pub use channels::*;
pub use contacts::*;
pub use conversations::*;
pub use events::*;
pub use groups::*;
pub use instances::*;
pub use outbox::*;
pub use queue::*;
pub use webhooks::*;

use crate::{DynStore, Operator, PageRequest, RefreshToken, RotateOutcome, StoreError, Subject, UserFilter};

#[macro_export]
macro_rules! conformance_suite {
    ($factory:path) => {
        $crate::conformance_suite!(@each $factory;
            ping_answers, companies_round_trip, operators_round_trip, users_round_trip,
            users_filters_and_pages, users_are_isolated_per_company, last_admin_is_protected,
            user_departments_are_checked, login_records_carry_company_and_hours,
            access_hours_replace, departments_round_trip, refresh_tokens_rotate_and_detect_reuse,
            login_failures_accumulate, api_tokens_round_trip, presence_appends_periods,
            audit_log_is_newest_first_and_isolated, channels_round_trip, channels_are_isolated_per_company,
            channel_status_and_qr, user_channels_are_checked, messages_are_stored_once,
            received_messages_are_stored_in_batches_once_each,
            receipts_only_move_status_forward, receipts_before_their_message_are_kept,
            group_imports_run_once_per_channel, groups_import_once_with_contacts_matched_by_number,
            groups_list_by_subject_with_filters, group_changes_update_subject_and_members,
            contacts_round_trip_in_wallets, conversations_follow_received_messages,
            conversation_queries_follow_the_visibility_rule, the_outbox_sends_each_message_once,
            concurrent_workers_claim_disjoint_messages, events_are_read_in_cursor_order_per_company,
            concurrent_appends_never_skip_a_reader, flows_keep_their_departments,
            the_queue_hands_out_waiting_conversations_once, webhooks_round_trip_per_company,
            webhooks_are_fed_each_subscribed_event_once, concurrent_feeders_queue_each_event_once,
            webhook_deliveries_are_claimed_retried_and_logged, concurrent_senders_claim_disjoint_deliveries,
            presence_follows_the_sockets_of_every_live_instance,
            dead_instances_are_reaped_with_their_sockets_and_sessions,
            concurrent_sockets_never_leave_a_connected_user_offline,
            a_session_lease_has_one_holder_until_it_expires,
            outbound_messages_wait_for_the_instance_holding_the_session, agenda_events_belong_to_the_company);
    };
    (@each $factory:path; $($check:ident),+ $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $check() {
                let (store, _guard) = $factory().await;
                $crate::conformance::$check(store).await;
            }
        )+
    };
}

pub(crate) fn now() -> Timestamp {
    // Stores keep microseconds; start from a whole second so round trips compare equal.
    Timestamp::from_second(Timestamp::now().as_second()).unwrap()
}

pub(crate) fn audit(company_id: Uuid, action: &'static str, target_id: Option<Uuid>) -> NewAuditEntry {
    NewAuditEntry {
        company_id,
        actor: Actor::SYSTEM,
        action,
        target_type: "test",
        target_id,
        summary: serde_json::json!({ "note": action }),
    }
}

pub async fn company(store: &DynStore, name: &str) -> Company {
    let company = Company {
        id: Uuid::now_v7(),
        name: name.into(),
        timezone: "America/Sao_Paulo".into(),
        active: true,
        features: CompanyFeatures::default(),
        created_at: now(),
    };
    store.create_company(&company, &audit(company.id, "company.created", Some(company.id))).await.unwrap();
    company
}

pub fn new_user(company_id: Uuid, name: &str, email: &str, is_admin: bool) -> User {
    User {
        id: Uuid::now_v7(),
        company_id,
        name: name.into(),
        email: email.into(),
        phone: Some("+5511987654321".into()),
        status: UserStatus::Active,
        full_name: Some(format!("{name} da Silva")),
        sex: Some(Sex::Female),
        is_admin,
        visibility: Visibility::Departments,
        permissions: [Permission::AgendaUse, Permission::ConversationsClose].into(),
        department_ids: vec![],
        created_at: now(),
        updated_at: now(),
    }
}

pub async fn user(store: &DynStore, company_id: Uuid, name: &str, email: &str, is_admin: bool) -> User {
    let user = new_user(company_id, name, email, is_admin);
    store.create_user(&user, "hash", &audit(company_id, "user.created", Some(user.id))).await.unwrap();
    user
}

pub(crate) async fn department(store: &DynStore, company_id: Uuid, name: &str) -> Department {
    let department = Department { id: Uuid::now_v7(), name: name.into(), created_at: now() };
    store.create_department(company_id, &department, &audit(company_id, "department.created", None)).await.unwrap();
    department
}

pub async fn ping_answers(store: DynStore) {
    store.refresh_statistics().await.unwrap();
    store.ping().await.unwrap();
}

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

pub async fn operators_round_trip(store: DynStore) {
    let operator =
        Operator { id: Uuid::now_v7(), email: "ops@vendor.com".into(), name: "Ops".into(), created_at: now() };
    store.create_operator(&operator, "hash-1").await.unwrap();
    let again = Operator { id: Uuid::now_v7(), ..operator.clone() };
    assert!(matches!(store.create_operator(&again, "x").await, Err(StoreError::Duplicate(_))));
    let login = store.find_operator_login("ops@vendor.com").await.unwrap().unwrap();
    assert_eq!(login.operator, operator);
    assert_eq!(login.password_hash, "hash-1");
    store.set_operator_password(operator.id, "hash-2").await.unwrap();
    assert_eq!(store.find_operator_login("ops@vendor.com").await.unwrap().unwrap().password_hash, "hash-2");
    assert_eq!(store.get_operator(operator.id).await.unwrap(), Some(operator));
    assert!(store.find_operator_login("nobody@vendor.com").await.unwrap().is_none());
}

pub async fn users_round_trip(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let sales = department(&store, acme.id, "Comercial").await;
    let mut ana = new_user(acme.id, "Ana", "ana@acme.com", true);
    ana.department_ids = vec![sales.id];
    store.create_user(&ana, "hash", &audit(acme.id, "user.created", Some(ana.id))).await.unwrap();
    assert_eq!(store.get_user(acme.id, ana.id).await.unwrap(), Some(ana.clone()));

    let twin = new_user(acme.id, "Ana 2", "ana@acme.com", false);
    match store.create_user(&twin, "hash", &audit(acme.id, "user.created", None)).await {
        Err(StoreError::Duplicate(name)) => assert_eq!(name, "users_email_key"),
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
    assert!(store.get_user_auth(bia.id).await.unwrap().is_none());
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

    let auth = store.get_user_auth(ana.id).await.unwrap().unwrap();
    assert_eq!(auth.access_hours, Some(hours));
    assert_eq!(auth.last_seen_at, Some(seen));
    assert!(!auth.company_active);
    assert!(store.get_user_auth(Uuid::now_v7()).await.unwrap().is_none());
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

pub async fn departments_round_trip(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let beta = company(&store, "Beta").await;
    let sales = department(&store, acme.id, "Comercial").await;
    department(&store, acme.id, "Financeiro").await;
    department(&store, beta.id, "Comercial").await;
    let twin = Department { id: Uuid::now_v7(), name: "Comercial".into(), created_at: now() };
    assert!(matches!(
        store.create_department(acme.id, &twin, &audit(acme.id, "x", None)).await,
        Err(StoreError::Duplicate(_))
    ));
    assert_eq!(store.get_department(acme.id, sales.id).await.unwrap(), Some(sales.clone()));
    assert_eq!(store.get_department(beta.id, sales.id).await.unwrap(), None);
    let page = store.list_departments(acme.id, PageRequest::first(50)).await.unwrap();
    assert_eq!(page.items.iter().map(|d| d.name.as_str()).collect::<Vec<_>>(), ["Comercial", "Financeiro"]);

    store.rename_department(acme.id, sales.id, "Vendas", &audit(acme.id, "department.renamed", None)).await.unwrap();
    assert_eq!(store.get_department(acme.id, sales.id).await.unwrap().unwrap().name, "Vendas");
    assert!(matches!(
        store.rename_department(acme.id, sales.id, "Financeiro", &audit(acme.id, "x", None)).await,
        Err(StoreError::Duplicate(_))
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
    assert_eq!(store.current_presence(ana.id).await.unwrap().unwrap().status, PresenceStatus::Online);

    store.touch_last_seen(ana.id, at(100)).await.unwrap();
    assert_eq!(store.stale_present_users(at(101)).await.unwrap(), vec![(acme.id, ana.id)]);
    assert!(store.stale_present_users(at(99)).await.unwrap().is_empty());
    store.set_presence(acme.id, ana.id, PresenceStatus::Offline, at(102)).await.unwrap();
    assert!(store.stale_present_users(at(200)).await.unwrap().is_empty());
}

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
