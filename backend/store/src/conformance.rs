//! The contract every backend satisfies. `conformance_suite!(factory)` expands to one test per
//! check; each store crate invokes it from its tests with a factory giving a fresh, migrated
//! database. The checks live with their area (`<area>/conformance.rs`); the fixtures several
//! areas use are here. Compiled with the `conformance` feature only.

use blocopro_domain::Timestamp;
use blocopro_domain::audit::{Actor, NewAuditEntry};
use blocopro_domain::company::{Company, CompanyFeatures};
use blocopro_domain::department::Department;
use blocopro_domain::permissions::Permission;
use blocopro_domain::user::{Sex, User, UserStatus, Visibility};
use uuid::Uuid;

use crate::DynStore;
pub use crate::agenda::conformance::*;
pub use crate::audit::conformance::*;
pub use crate::auth::conformance::*;
pub use crate::business_hours::conformance::*;
pub use crate::channels::conformance::*;
pub use crate::companies::conformance::*;
pub use crate::contacts::conformance::*;
pub use crate::conversations::conformance::*;
pub use crate::departments::conformance::*;
pub use crate::events::conformance::*;
pub use crate::flows::conformance::*;
pub use crate::groups::conformance::*;
pub use crate::instances::conformance::*;
pub use crate::labels::conformance::*;
pub use crate::media_downloads::conformance::*;
pub use crate::messages::conformance::*;
pub use crate::messages::content_conformance::*;
pub use crate::messages::search_conformance::*;
pub use crate::operations::conformance::*;
pub use crate::operators::conformance::*;
pub use crate::outbox::conformance::*;
pub use crate::presence::conformance::*;
pub use crate::quick_replies::conformance::*;
pub use crate::reports::conformance::*;
pub use crate::search::conformance::*;
pub use crate::templates::conformance::*;
pub use crate::uploads::conformance::*;
pub use crate::users::conformance::*;
pub use crate::webhooks::conformance::*;

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
            every_kind_of_message_reads_back_complete, a_reply_finds_the_message_it_quotes_once_stored,
            reactions_aggregate_on_their_message, sent_messages_keep_what_they_say_and_files_stay_the_companys,
            a_conversation_shows_its_last_message_by_kind, a_media_file_is_found_in_its_company_only,
            received_files_are_claimed_downloaded_retried_and_given_up, concurrent_workers_claim_disjoint_downloads,
            group_imports_run_once_per_channel, groups_import_once_with_contacts_matched_by_number,
            a_first_import_finds_contacts_by_number_without_statistics,
            groups_list_by_subject_with_filters, group_changes_update_subject_and_members,
            contacts_round_trip_in_wallets, a_profile_name_names_only_contacts_without_one,
            a_changed_number_keeps_one_contact_and_one_history, conversations_follow_received_messages,
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
            outbound_messages_wait_for_the_instance_holding_the_session, agenda_events_belong_to_the_company,
            operational_counts_follow_the_outbox_and_the_channels,
            imported_groups_are_in_chat_before_their_first_message, answering_a_waiting_conversation_takes_it,
            searches_fold_the_same_way_on_every_list, searches_are_served_by_their_index,
            uploads_are_the_companys_and_unsent_ones_are_swept,
            templates_are_replaced_per_channel_and_read_per_company,
            a_conversation_keeps_when_its_customer_last_wrote,
            quick_replies_are_the_companys_or_one_users, notes_stay_in_the_thread_and_never_reach_the_outbox,
            labels_are_the_companys_with_names_unique_in_any_case, conversations_carry_and_filter_by_their_labels,
            messages_are_searched_folded_within_what_the_viewer_sees, message_search_pages_newest_first,
            message_search_walks_the_newest_messages_then_asks_the_index, a_thread_opens_around_a_message,
            message_search_orders_messages_of_one_moment_exactly, message_search_pages_across_days_newest_first,
            business_hours_are_the_channels_and_answer_once_per_conversation,
            reports_read_the_companys_attendants_and_their_presence,
            service_events_are_written_with_the_changes_they_record,
            service_message_counts_follow_later_changes,
            volume_and_group_reports_count_the_companys_own);
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
