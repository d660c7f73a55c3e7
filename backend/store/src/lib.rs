//! Repository traits, one per area, that handlers use without knowing the backend; the row
//! mapping both SQL backends share; and the conformance suite every backend must pass.

pub mod conformance;
pub mod error;
pub mod page;
pub mod records;
pub mod rows;
pub mod time;

use std::sync::Arc;

use async_trait::async_trait;
use blocopro_domain::Timestamp;
use blocopro_domain::access_hours::AccessHours;
use blocopro_domain::agenda::AgendaEvent;
use blocopro_domain::audit::{AuditEntry, NewAuditEntry};
use blocopro_domain::channel::{Channel, ChannelKind, ChannelMessage, ChannelStatus, DeliveryStatus};
use blocopro_domain::company::Company;
use blocopro_domain::contact::Contact;
use blocopro_domain::conversation::{Conversation, ConversationKind, ConversationStatus, Routing};
use blocopro_domain::department::Department;
use blocopro_domain::flow::Flow;
use blocopro_domain::group::{
    Group, GroupCandidate, GroupChange, GroupImportJob, GroupImportStatus, GroupMember, GroupSettings, GroupSnapshot,
    Progress,
};
use blocopro_domain::presence::{PresencePeriod, PresenceStatus};
use blocopro_domain::token::ApiToken;
use blocopro_domain::user::{User, UserStatus, Visibility};
use blocopro_domain::webhook::{Webhook, WebhookDelivery};
use uuid::Uuid;

pub use error::{StoreError, StoreResult};
pub use page::{Page, PageRequest};
pub use records::*;

#[async_trait]
pub trait CompanyStore: Send + Sync {
    async fn create_company(&self, company: &Company, audit: &NewAuditEntry) -> StoreResult<()>;
    async fn get_company(&self, id: Uuid) -> StoreResult<Option<Company>>;
    async fn list_companies(&self, page: PageRequest) -> StoreResult<Page<Company>>;
    async fn update_company(&self, company: &Company, audit: &NewAuditEntry) -> StoreResult<()>;
    async fn find_company_by_name(&self, name: &str) -> StoreResult<Option<Company>>;
}

#[async_trait]
pub trait OperatorStore: Send + Sync {
    async fn create_operator(&self, operator: &Operator, password_hash: &str) -> StoreResult<()>;
    async fn find_operator_login(&self, email: &str) -> StoreResult<Option<OperatorLogin>>;
    async fn get_operator(&self, id: Uuid) -> StoreResult<Option<Operator>>;
    async fn set_operator_password(&self, id: Uuid, password_hash: &str) -> StoreResult<()>;
}

#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    /// Matches name, full name or e-mail, case-insensitively.
    pub search: Option<String>,
    pub status: Option<UserStatus>,
    pub department_id: Option<Uuid>,
}

#[async_trait]
pub trait UserStore: Send + Sync {
    /// Creates the user (with its departments) and appends the audit entry, atomically.
    async fn create_user(&self, user: &User, password_hash: &str, audit: &NewAuditEntry) -> StoreResult<()>;
    async fn get_user(&self, company_id: Uuid, id: Uuid) -> StoreResult<Option<User>>;
    async fn list_users(&self, company_id: Uuid, filter: &UserFilter, page: PageRequest) -> StoreResult<Page<User>>;
    /// Writes every field of `user` (and the password when given). Fails with `LastAdmin` when
    /// the company would be left without an active administrator.
    async fn update_user(&self, user: &User, password_hash: Option<&str>, audit: &NewAuditEntry) -> StoreResult<()>;
    /// Soft-deletes: history stays, the e-mail becomes free again.
    async fn delete_user(&self, company_id: Uuid, id: Uuid, audit: &NewAuditEntry) -> StoreResult<()>;
    /// Replaces the user's departments; every id must belong to the company.
    async fn set_user_departments(
        &self,
        company_id: Uuid,
        user_id: Uuid,
        department_ids: &[Uuid],
        audit: &NewAuditEntry,
    ) -> StoreResult<()>;
    async fn find_user_login(&self, email: &str) -> StoreResult<Option<UserLogin>>;
    /// Everything an authenticated request needs about its user, in one read.
    async fn get_user_auth(&self, user_id: Uuid) -> StoreResult<Option<UserAuth>>;
    async fn touch_last_seen(&self, user_id: Uuid, at: Timestamp) -> StoreResult<()>;
    async fn get_access_hours(&self, company_id: Uuid, user_id: Uuid) -> StoreResult<Option<AccessHours>>;
    async fn put_access_hours(
        &self,
        company_id: Uuid,
        user_id: Uuid,
        hours: &AccessHours,
        audit: &NewAuditEntry,
    ) -> StoreResult<()>;
}

#[async_trait]
pub trait DepartmentStore: Send + Sync {
    async fn create_department(
        &self,
        company_id: Uuid,
        department: &Department,
        audit: &NewAuditEntry,
    ) -> StoreResult<()>;
    async fn get_department(&self, company_id: Uuid, id: Uuid) -> StoreResult<Option<Department>>;
    async fn list_departments(&self, company_id: Uuid, page: PageRequest) -> StoreResult<Page<Department>>;
    async fn rename_department(&self, company_id: Uuid, id: Uuid, name: &str, audit: &NewAuditEntry)
    -> StoreResult<()>;
    /// Deletes the department and unlinks its users.
    async fn delete_department(&self, company_id: Uuid, id: Uuid, audit: &NewAuditEntry) -> StoreResult<()>;
}

#[async_trait]
pub trait AuthStore: Send + Sync {
    async fn create_refresh_token(&self, token: &RefreshToken) -> StoreResult<()>;
    /// Consumes `old_hash` and stores `next` in its family. A hash that was already used or
    /// revoked revokes the whole family and answers `Reused`.
    async fn rotate_refresh_token(
        &self,
        old_hash: &str,
        next: &RefreshToken,
        now: Timestamp,
    ) -> StoreResult<RotateOutcome>;
    /// Revokes the family the token belongs to; returns its subject when it was live.
    async fn revoke_refresh_family(&self, token_hash: &str, now: Timestamp) -> StoreResult<Option<Subject>>;
    /// Revokes every session of a subject (deactivation, password change, deletion).
    async fn revoke_subject_sessions(&self, subject_id: Uuid, now: Timestamp) -> StoreResult<()>;
    async fn record_login_failure(&self, subject_id: Uuid, at: Timestamp) -> StoreResult<()>;
    async fn login_failures_since(&self, subject_id: Uuid, since: Timestamp) -> StoreResult<Vec<Timestamp>>;
    async fn clear_login_failures(&self, subject_id: Uuid) -> StoreResult<()>;
    async fn create_api_token(&self, token: &ApiToken, token_hash: &str, audit: &NewAuditEntry) -> StoreResult<()>;
    async fn list_api_tokens(&self, company_id: Uuid) -> StoreResult<Vec<ApiToken>>;
    async fn delete_api_token(&self, company_id: Uuid, id: Uuid, audit: &NewAuditEntry) -> StoreResult<()>;
    async fn find_api_token(&self, token_hash: &str) -> StoreResult<Option<ApiToken>>;
    async fn touch_api_token(&self, id: Uuid, at: Timestamp) -> StoreResult<()>;
}

#[async_trait]
pub trait PresenceStore: Send + Sync {
    /// Closes the open period and appends one with `status`; `false` when the status is unchanged.
    async fn set_presence(
        &self,
        company_id: Uuid,
        user_id: Uuid,
        status: PresenceStatus,
        at: Timestamp,
    ) -> StoreResult<bool>;
    async fn current_presence(&self, user_id: Uuid) -> StoreResult<Option<PresencePeriod>>;
    /// Periods overlapping `[from, to)`, oldest first.
    async fn presence_periods(
        &self,
        company_id: Uuid,
        user_id: Uuid,
        from: Timestamp,
        to: Timestamp,
    ) -> StoreResult<Vec<PresencePeriod>>;
    /// Users shown online or away whose last request is older than `seen_before`.
    async fn stale_present_users(&self, seen_before: Timestamp) -> StoreResult<Vec<(Uuid, Uuid)>>;
}

#[derive(Debug, Clone, Default)]
pub struct ChannelFilter {
    /// Only channels linked to this user.
    pub linked_user: Option<Uuid>,
}

#[async_trait]
pub trait ChannelStore: Send + Sync {
    /// `credentials` are already sealed by the caller; the store never sees them in the clear.
    async fn create_channel(
        &self,
        channel: &Channel,
        credentials: Option<&[u8]>,
        audit: &NewAuditEntry,
    ) -> StoreResult<()>;
    async fn get_channel(&self, company_id: Uuid, id: Uuid) -> StoreResult<Option<Channel>>;
    /// A channel of any company: for webhooks and connector events, which carry only the channel id.
    async fn find_channel(&self, id: Uuid) -> StoreResult<Option<Channel>>;
    async fn channel_credentials(&self, id: Uuid) -> StoreResult<Option<Vec<u8>>>;
    async fn list_channels(
        &self,
        company_id: Uuid,
        filter: &ChannelFilter,
        page: PageRequest,
    ) -> StoreResult<Page<Channel>>;
    /// Writes name and settings; `credentials: None` keeps the stored ones.
    async fn update_channel(
        &self,
        channel: &Channel,
        credentials: Option<&[u8]>,
        audit: &NewAuditEntry,
    ) -> StoreResult<()>;
    /// Removes the channel from the company (its messages are kept) and unlinks its users.
    async fn delete_channel(&self, company_id: Uuid, id: Uuid, audit: &NewAuditEntry) -> StoreResult<()>;
    /// Records a status reported by a connector; leaving `pairing` clears the QR Code. `phone_number: None`
    /// keeps the known number. Returns the channel as stored, `None` when it was deleted meanwhile.
    async fn set_channel_status(
        &self,
        id: Uuid,
        status: ChannelStatus,
        phone_number: Option<&str>,
        at: Timestamp,
    ) -> StoreResult<Option<Channel>>;
    /// Puts the channel in `pairing` with its first QR Code, in one write. Returns the channel as
    /// stored, `None` when it was deleted meanwhile.
    async fn start_pairing(
        &self,
        id: Uuid,
        code: &str,
        expires_at: Timestamp,
        at: Timestamp,
    ) -> StoreResult<Option<Channel>>;
    /// Stores the QR Code of a pairing channel; `false` when the channel is not pairing (a late code).
    async fn set_channel_qr(&self, id: Uuid, code: &str, expires_at: Timestamp) -> StoreResult<bool>;
    async fn channel_qr(&self, company_id: Uuid, id: Uuid) -> StoreResult<Option<ChannelQr>>;
    /// Channels whose sessions were live when the server stopped (connected or pairing), of every company.
    async fn live_channels(&self) -> StoreResult<Vec<Channel>>;
    /// Replaces the channels a user works on; unknown ids fail with `UnknownReferences`.
    async fn set_user_channels(
        &self,
        company_id: Uuid,
        user_id: Uuid,
        channel_ids: &[Uuid],
        audit: &NewAuditEntry,
    ) -> StoreResult<()>;
    async fn user_channel_ids(&self, company_id: Uuid, user_id: Uuid) -> StoreResult<Vec<Uuid>>;
}

#[derive(Debug, Clone, Default)]
pub struct MessageFilter {
    pub chat_id: Option<String>,
}

#[async_trait]
pub trait MessageStore: Send + Sync {
    /// Stores a message unless one with its (channel, external id) exists; applies receipts that
    /// arrived before it. Returns the stored message, `None` for a duplicate.
    async fn insert_message(&self, company_id: Uuid, message: &ChannelMessage) -> StoreResult<Option<ChannelMessage>>;
    /// Stores received messages, each of `(company id, message)`, in one write (they wait to be
    /// folded into their conversations, see `fold_received_messages`); answers for each
    /// whether it was new (`false`: its (channel, external id) was stored already).
    async fn insert_inbound_messages(&self, messages: &[(Uuid, ChannelMessage)]) -> StoreResult<Vec<bool>>;
    /// Records a receipt and advances the message's status; returns the message when its status changed.
    async fn record_receipt(
        &self,
        channel_id: Uuid,
        external_id: &str,
        status: DeliveryStatus,
        error: Option<&str>,
        at: Timestamp,
    ) -> StoreResult<Option<ChannelMessage>>;
    /// Everything a number said or was told, on every channel: its direct chats and what it wrote
    /// in groups; newest first.
    async fn contact_history(
        &self,
        company_id: Uuid,
        phone: &str,
        page: PageRequest,
    ) -> StoreResult<Page<ChannelMessage>>;
    /// Newest first.
    async fn list_channel_messages(
        &self,
        company_id: Uuid,
        channel_id: Uuid,
        filter: &MessageFilter,
        page: PageRequest,
    ) -> StoreResult<Page<ChannelMessage>>;
}

/// A message a worker claimed for sending.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimedMessage {
    pub company_id: Uuid,
    pub message: ChannelMessage,
    /// Tries so far, this one included.
    pub attempts: u32,
}

#[async_trait]
pub trait OutboxStore: Send + Sync {
    /// Queues an outbound message (status `queued`, due at once) and moves its conversation's last
    /// activity. A key the company used before answers the message stored then, and `false`.
    async fn enqueue_outbound(
        &self,
        company_id: Uuid,
        message: &ChannelMessage,
        idempotency_key: Option<&str>,
        author_id: Option<Uuid>,
    ) -> StoreResult<(ChannelMessage, bool)>;
    /// Claims up to `limit` queued messages due at `now` until `lease_until` for the worker of
    /// `instance_id`: meanwhile no other worker (of this or another instance) gets them. Messages
    /// of a channel whose session another instance holds are left to that instance.
    async fn claim_outbound(
        &self,
        instance_id: Uuid,
        now: Timestamp,
        lease_until: Timestamp,
        limit: u32,
    ) -> StoreResult<Vec<ClaimedMessage>>;
    /// WhatsApp took the message: its id replaces the placeholder and receipts that came first apply.
    async fn mark_outbound_sent(
        &self,
        id: Uuid,
        external_id: &str,
        at: Timestamp,
    ) -> StoreResult<Option<ChannelMessage>>;
    /// A try failed: the message is tried again at `retry_at`, or (`None`) fails for good with `error`.
    async fn mark_outbound_failed(
        &self,
        id: Uuid,
        error: &str,
        retry_at: Option<Timestamp>,
    ) -> StoreResult<Option<ChannelMessage>>;
}

#[async_trait]
pub trait AuditStore: Send + Sync {
    /// Appends an entry for an action that changes nothing else in the database (e.g. connecting a channel).
    async fn record_audit(&self, entry: &NewAuditEntry) -> StoreResult<()>;
    /// Newest first.
    async fn list_audit(&self, company_id: Uuid, page: PageRequest) -> StoreResult<Page<AuditEntry>>;
}

/// Filters of the group list; `None` leaves a filter off.
#[derive(Debug, Clone, Default)]
pub struct GroupFilter {
    pub channel_id: Option<Uuid>,
    pub department_id: Option<Uuid>,
    pub archived: Option<bool>,
    /// Part of the subject, any case.
    pub search: Option<String>,
    /// Only groups of channels linked to this user.
    pub linked_user: Option<Uuid>,
}

/// Builds the audit entry of a change to one group, once the group is known.
pub type GroupAudit<'a> = &'a (dyn Fn(&Group) -> NewAuditEntry + Send + Sync);
/// Builds the audit entry of a settings change from the group before and after it.
pub type GroupChangeAudit<'a> = &'a (dyn Fn(&Group, &Group) -> NewAuditEntry + Send + Sync);

#[async_trait]
pub trait GroupStore: Send + Sync {
    /// Stores a new running pre-import and forgets the channel's finished ones (a new job
    /// refreshes the list); when a job is already running for the channel, answers that one.
    async fn start_group_import(&self, job: &GroupImportJob) -> StoreResult<GroupImportJob>;
    async fn get_group_import(&self, company_id: Uuid, id: Uuid) -> StoreResult<Option<GroupImportJob>>;
    /// Keeps `found` groups on the running job and moves its progress to `progress`; `false`
    /// (nothing kept) when the job is no longer running.
    async fn add_group_import_candidates(
        &self,
        id: Uuid,
        found: &[GroupSnapshot],
        progress: Progress,
    ) -> StoreResult<bool>;
    /// Ends a running job as `ready` or `failed` (with `error`).
    async fn finish_group_import(
        &self,
        id: Uuid,
        status: GroupImportStatus,
        error: Option<&str>,
        at: Timestamp,
    ) -> StoreResult<Option<GroupImportJob>>;
    /// Fails the channel's job still running since before `started_before` (its server stopped, or
    /// WhatsApp never answered), so that a new one can start; answers whether there was one.
    async fn fail_stale_group_import(
        &self,
        channel_id: Uuid,
        started_before: Timestamp,
        error: &str,
        at: Timestamp,
    ) -> StoreResult<bool>;
    /// The job's groups by subject, `search` matching part of the subject; whether each is imported.
    async fn group_import_candidates(
        &self,
        company_id: Uuid,
        id: Uuid,
        search: Option<&str>,
    ) -> StoreResult<Vec<GroupCandidate>>;
    /// What the job found for these ids, in the order asked (unknown ids are left out).
    async fn group_import_snapshots(
        &self,
        company_id: Uuid,
        id: Uuid,
        external_ids: &[String],
    ) -> StoreResult<Vec<GroupSnapshot>>;
    /// Imports groups of a channel with their participants, matched to the company's contacts by
    /// number (new numbers become contacts), in one transaction. Groups imported already stay as
    /// they are; an un-imported one comes back with the same id (and history). Answers the groups
    /// in the order given, once each.
    async fn import_groups(
        &self,
        company_id: Uuid,
        channel_id: Uuid,
        groups: &[GroupSnapshot],
        now: Timestamp,
        audit: &NewAuditEntry,
    ) -> StoreResult<Vec<Group>>;
    /// Stores what WhatsApp says of one group now (after a sync or a creation): imported if new,
    /// subject, description and participants replaced otherwise.
    async fn refresh_group(
        &self,
        company_id: Uuid,
        channel_id: Uuid,
        group: &GroupSnapshot,
        now: Timestamp,
        audit: GroupAudit<'_>,
    ) -> StoreResult<Group>;
    /// Imported groups by subject (any case).
    async fn list_groups(&self, company_id: Uuid, filter: &GroupFilter, page: PageRequest) -> StoreResult<Page<Group>>;
    async fn get_group(&self, company_id: Uuid, id: Uuid) -> StoreResult<Option<Group>>;
    /// Participants by number.
    async fn group_members(&self, company_id: Uuid, group_id: Uuid) -> StoreResult<Vec<GroupMember>>;
    /// Changes the group's settings (department, muted, archived) on its current row; a
    /// department of another company is `UnknownReferences`. Answers the group after the change.
    async fn update_group_settings(
        &self,
        company_id: Uuid,
        id: Uuid,
        settings: &GroupSettings,
        now: Timestamp,
        audit: GroupChangeAudit<'_>,
    ) -> StoreResult<Group>;
    /// Un-imports the group; its messages are kept.
    async fn unimport_group(
        &self,
        company_id: Uuid,
        id: Uuid,
        now: Timestamp,
        audit: &NewAuditEntry,
    ) -> StoreResult<()>;
    /// Applies what WhatsApp reported about an imported group; `None` when the group is not imported.
    async fn apply_group_change(
        &self,
        channel_id: Uuid,
        external_id: &str,
        change: &GroupChange,
        now: Timestamp,
    ) -> StoreResult<Option<Group>>;
}

/// Filters of the contact list; `None` leaves a filter off.
#[derive(Debug, Clone, Default)]
pub struct ContactFilter {
    /// Part of the name, e-mail or number.
    pub search: Option<String>,
    pub owner_id: Option<Uuid>,
}

#[async_trait]
pub trait ContactStore: Send + Sync {
    /// Creates the contact. A number the company knows already is `Duplicate` — unless its contact
    /// was deleted, which then comes back (same id) with the new details. Answers the stored contact.
    async fn create_contact(&self, contact: &Contact, audit: &NewAuditEntry) -> StoreResult<Contact>;
    async fn get_contact(&self, company_id: Uuid, id: Uuid) -> StoreResult<Option<Contact>>;
    /// Contacts by name (or number when nameless).
    async fn list_contacts(
        &self,
        company_id: Uuid,
        filter: &ContactFilter,
        page: PageRequest,
    ) -> StoreResult<Page<Contact>>;
    /// Stores the contact's details; an owner who is not a user of the company is `UnknownReferences`.
    async fn update_contact(&self, contact: &Contact, audit: &NewAuditEntry) -> StoreResult<()>;
    /// Deletes the contact: its personal data are cleared; the number stays for the groups it is in.
    async fn delete_contact(
        &self,
        company_id: Uuid,
        id: Uuid,
        now: Timestamp,
        audit: &NewAuditEntry,
    ) -> StoreResult<()>;
}

/// Who is reading Chat, as the queries need it; the rule is `conversation::Viewer::sees`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConversationViewer {
    /// Administrators (and full-view API tokens) see every conversation of the company.
    pub sees_everything: bool,
    pub user_id: Option<Uuid>,
    pub visibility: Visibility,
}

/// Filters of the conversation list; `None` leaves a filter off.
#[derive(Debug, Clone, Default)]
pub struct ConversationFilter {
    pub kind: Option<ConversationKind>,
    pub status: Option<ConversationStatus>,
    pub channel_id: Option<Uuid>,
    pub department_id: Option<Uuid>,
    pub assigned_to: Option<Uuid>,
}

/// What one fold of received messages did.
#[derive(Debug, Default)]
pub struct FoldedMessages {
    /// The messages folded, each with its company.
    pub messages: Vec<(Uuid, ChannelMessage)>,
    /// The conversations they started or changed.
    pub conversation_ids: Vec<Uuid>,
    /// Those of them this fold started.
    pub started_ids: Vec<Uuid>,
}

#[async_trait]
pub trait ConversationStore: Send + Sync {
    /// The conversations the viewer sees, newest activity first.
    async fn list_conversations(
        &self,
        company_id: Uuid,
        viewer: &ConversationViewer,
        filter: &ConversationFilter,
        page: PageRequest,
    ) -> StoreResult<Page<Conversation>>;
    /// One conversation, if the viewer sees it.
    async fn get_conversation(
        &self,
        company_id: Uuid,
        viewer: &ConversationViewer,
        id: Uuid,
    ) -> StoreResult<Option<Conversation>>;
    /// Whether any stored received message waits to be folded (a read: idle polls take no write lock).
    async fn has_unfolded_messages(&self) -> StoreResult<bool>;
    /// Folds up to `limit` stored received messages into their conversations, oldest first (a new
    /// contact or imported group starts one; a closed conversation that hears again goes back to the
    /// queue); answers how many it folded. Several workers never fold the same message.
    async fn fold_received_messages(&self, limit: u32, now: Timestamp) -> StoreResult<FoldedMessages>;
    /// Conversations by id, of any company (for the events that announce them).
    async fn conversations_by_id(&self, ids: &[Uuid]) -> StoreResult<Vec<Conversation>>;
    /// Gives a waiting conversation (pending, unassigned, not choosing from the menu) to `user_id`;
    /// `false` when it was not waiting any more (someone else took it).
    async fn assign_from_queue(
        &self,
        company_id: Uuid,
        id: Uuid,
        user_id: Uuid,
        now: Timestamp,
        audit: &NewAuditEntry,
    ) -> StoreResult<bool>;
    /// Direct conversations waiting for an attendant (pending, unassigned, not choosing from the
    /// menu) that someone could be given: in a department's queue, or of a contact with a wallet
    /// owner. Longest waiting first.
    async fn waiting_conversations(&self, company_id: Uuid, limit: u32) -> StoreResult<Vec<Conversation>>;
    /// Active users linked to the channel (and in the department, when given).
    async fn queue_candidates(
        &self,
        company_id: Uuid,
        channel_id: Uuid,
        department_id: Option<Uuid>,
    ) -> StoreResult<Vec<QueueCandidate>>;
    /// The conversation of a chat on a channel, if it has one.
    async fn conversation_of_chat(&self, channel_id: Uuid, chat_id: &str) -> StoreResult<Option<Conversation>>;
    /// Stores a conversation's new routing (status, queue, attendant, unread count), with its audit
    /// entry when the change is worth one (marking read is not).
    async fn update_conversation_routing(
        &self,
        company_id: Uuid,
        id: Uuid,
        routing: &Routing,
        now: Timestamp,
        audit: Option<&NewAuditEntry>,
    ) -> StoreResult<()>;
}

/// Filters of the agenda; `None` leaves a filter off.
#[derive(Debug, Clone, Default)]
pub struct AgendaFilter {
    pub user_id: Option<Uuid>,
    /// Appointments ending after this moment.
    pub from: Option<Timestamp>,
    /// Appointments starting before this moment.
    pub to: Option<Timestamp>,
}

#[async_trait]
pub trait AgendaStore: Send + Sync {
    /// Stores an appointment; an owner or a contact that is not the company's is
    /// `UnknownReferences` (naming it).
    async fn create_agenda_event(&self, event: &AgendaEvent) -> StoreResult<()>;
    async fn get_agenda_event(&self, company_id: Uuid, id: Uuid) -> StoreResult<Option<AgendaEvent>>;
    /// Appointments by start.
    async fn list_agenda_events(
        &self,
        company_id: Uuid,
        filter: &AgendaFilter,
        page: PageRequest,
    ) -> StoreResult<Page<AgendaEvent>>;
    /// Rewrites the appointment; references are checked as on creation.
    async fn update_agenda_event(&self, event: &AgendaEvent) -> StoreResult<()>;
    async fn delete_agenda_event(&self, company_id: Uuid, id: Uuid) -> StoreResult<()>;
}

#[async_trait]
pub trait FlowStore: Send + Sync {
    /// The channel's greeting flow, if one was saved.
    async fn get_flow(&self, company_id: Uuid, channel_id: Uuid) -> StoreResult<Option<Flow>>;
    /// Replaces the channel's flow: `NotFound` for another company's channel, `UnknownReferences`
    /// for departments that are not the company's.
    async fn put_flow(&self, flow: &Flow, audit: &NewAuditEntry) -> StoreResult<()>;
}

#[async_trait]
pub trait EventStore: Send + Sync {
    /// Appends events in their order. Cursors grow in the order appends commit, across every
    /// instance on the database: a reader following cursors never skips one committed later.
    async fn append_events(&self, events: &[NewEvent]) -> StoreResult<()>;
    /// Events after `cursor`, oldest first: the company's, or everyone's when `company_id` is `None`.
    async fn events_after(&self, company_id: Option<Uuid>, cursor: i64, limit: u32) -> StoreResult<Vec<StoredEvent>>;
    /// The newest cursor given (0 before the first event).
    async fn last_event_cursor(&self) -> StoreResult<i64>;
    /// The oldest cursor still kept, if any event is.
    async fn first_event_cursor(&self) -> StoreResult<Option<i64>>;
    /// Forgets events older than `before`; answers how many.
    async fn purge_events(&self, before: Timestamp) -> StoreResult<u64>;
    /// Ticks whenever any instance appends events, for backends shared by several instances
    /// (PostgreSQL's LISTEN/NOTIFY); `None` where one instance owns the database.
    async fn watch_event_appends(&self) -> StoreResult<Option<tokio::sync::mpsc::Receiver<()>>>;
}

#[async_trait]
pub trait WebhookStore: Send + Sync {
    /// Stores the webhook at the end of the event log: it delivers the events appended after it.
    /// `sealed_secret` is sealed by the caller; the store never sees the secret in the clear.
    async fn create_webhook(&self, webhook: &Webhook, sealed_secret: &[u8], audit: &NewAuditEntry) -> StoreResult<()>;
    /// Oldest first.
    async fn list_webhooks(&self, company_id: Uuid, page: PageRequest) -> StoreResult<Page<Webhook>>;
    async fn get_webhook(&self, company_id: Uuid, id: Uuid) -> StoreResult<Option<Webhook>>;
    /// Deletes the webhook with its deliveries (queued ones are not sent any more).
    async fn delete_webhook(&self, company_id: Uuid, id: Uuid, audit: &NewAuditEntry) -> StoreResult<()>;
    /// Webhooks of every company whose company has events after their position.
    async fn webhooks_behind(&self) -> StoreResult<Vec<Uuid>>;
    /// Reads up to `limit` of the company's events after the webhook's position, queues a delivery
    /// (due at `now`) for each event it subscribes to and moves its position past them, in one
    /// transaction: an event is queued once, whatever crashes and however many feeders run.
    async fn feed_webhook(&self, id: Uuid, limit: u32, now: Timestamp) -> StoreResult<FedEvents>;
    /// Queues a `ping` delivery with `data`, due at once.
    async fn queue_webhook_ping(
        &self,
        company_id: Uuid,
        webhook_id: Uuid,
        data: &serde_json::Value,
        now: Timestamp,
    ) -> StoreResult<WebhookDelivery>;
    /// Claims up to `limit` queued deliveries due at `now` until `lease_until` (another try
    /// each): meanwhile no other sender, of this or another instance, gets them.
    async fn claim_webhook_deliveries(
        &self,
        now: Timestamp,
        lease_until: Timestamp,
        limit: u32,
    ) -> StoreResult<Vec<ClaimedDelivery>>;
    /// The receiver answered `status` (2xx): the delivery is done.
    async fn mark_webhook_delivered(&self, id: Uuid, status: u16, at: Timestamp) -> StoreResult<()>;
    /// A try failed (with the receiver's `status` if it answered): tried again at `retry_at`, or
    /// (`None`) failed for good.
    async fn mark_webhook_attempt_failed(
        &self,
        id: Uuid,
        status: Option<u16>,
        error: &str,
        at: Timestamp,
        retry_at: Option<Timestamp>,
    ) -> StoreResult<()>;
    /// The webhook's deliveries, newest first.
    async fn list_webhook_deliveries(
        &self,
        company_id: Uuid,
        webhook_id: Uuid,
        page: PageRequest,
    ) -> StoreResult<Page<WebhookDelivery>>;
}

/// Several instances on one database: heartbeats, the realtime sockets each holds (presence), and
/// which instance holds each channel's live session (a lease it renews; another takes over once it
/// expires).
#[async_trait]
pub trait InstanceStore: Send + Sync {
    /// Records that the instance is alive at `at`.
    async fn instance_heartbeat(&self, instance_id: Uuid, at: Timestamp) -> StoreResult<()>;
    /// Forgets instances silent since before `dead_before`, with their sockets and leases. Answers
    /// the users (company id, user id) left without a socket on any instance while shown online
    /// or away: they are offline now.
    async fn reap_instances(&self, dead_before: Timestamp) -> StoreResult<Vec<(Uuid, Uuid)>>;
    /// Forgets a stopping instance like a dead one (see `reap_instances`); `alive_since` tells
    /// which other instances still count.
    async fn remove_instance(&self, instance_id: Uuid, alive_since: Timestamp) -> StoreResult<Vec<(Uuid, Uuid)>>;
    /// True where one instance at a time owns the database (SQLite): whatever other instances
    /// left behind is from a run that ended.
    fn owned_by_one_instance(&self) -> bool;
    /// Counts one more socket of the user on the instance. A user shown offline (or never seen)
    /// becomes online at `at`; answers whether the presence changed. Atomic with `socket_closed`
    /// of any instance: a user with an open socket anywhere is never left offline.
    async fn socket_opened(
        &self,
        instance_id: Uuid,
        company_id: Uuid,
        user_id: Uuid,
        at: Timestamp,
    ) -> StoreResult<bool>;
    /// Counts one socket less. When no instance heartbeating since `alive_since` holds one, the
    /// user becomes offline at `at`; answers whether the presence changed.
    async fn socket_closed(
        &self,
        instance_id: Uuid,
        company_id: Uuid,
        user_id: Uuid,
        at: Timestamp,
        alive_since: Timestamp,
    ) -> StoreResult<bool>;
    /// Takes (or extends) the channel's session lease until `expires_at`, unless another instance
    /// holds one unexpired at `now`; answers whether the instance holds it. Taking over an expired
    /// lease clears its stop request.
    async fn acquire_session_lease(
        &self,
        channel_id: Uuid,
        instance_id: Uuid,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> StoreResult<bool>;
    /// Extends every lease the instance holds to `expires_at` and answers them.
    async fn renew_session_leases(&self, instance_id: Uuid, expires_at: Timestamp) -> StoreResult<Vec<SessionLease>>;
    async fn release_session_lease(&self, channel_id: Uuid, instance_id: Uuid) -> StoreResult<()>;
    /// Asks the instance holding the channel's unexpired lease to stop the session; answers that
    /// instance, if there is one.
    async fn request_session_stop(
        &self,
        channel_id: Uuid,
        stop: SessionStop,
        now: Timestamp,
    ) -> StoreResult<Option<Uuid>>;
    /// Connected channels of `kinds` whose session no instance holds at `now`: their holder died.
    async fn orphaned_sessions(&self, kinds: &[ChannelKind], now: Timestamp) -> StoreResult<Vec<Channel>>;
}

/// Every area, as one handle the application holds.
#[async_trait]
pub trait Store:
    CompanyStore
    + OperatorStore
    + UserStore
    + DepartmentStore
    + AuthStore
    + PresenceStore
    + ChannelStore
    + MessageStore
    + GroupStore
    + ContactStore
    + ConversationStore
    + OutboxStore
    + AgendaStore
    + FlowStore
    + EventStore
    + WebhookStore
    + InstanceStore
    + AuditStore
{
    /// Succeeds when the database answers.
    async fn ping(&self) -> StoreResult<()>;
    /// Refreshes the query planner's statistics; worth running after a bulk load.
    async fn refresh_statistics(&self) -> StoreResult<()>;
}

pub type DynStore = Arc<dyn Store>;
