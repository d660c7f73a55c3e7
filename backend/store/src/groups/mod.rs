//! WhatsApp groups: pre-import jobs, imported groups, their participants.

#[cfg(feature = "conformance")]
pub mod conformance;
pub mod rows;
mod sql;

use async_trait::async_trait;
use blocopro_domain::Timestamp;
use blocopro_domain::audit::NewAuditEntry;
use blocopro_domain::group::{
    Group, GroupCandidate, GroupChange, GroupImportJob, GroupImportStatus, GroupMember, GroupSettings, GroupSnapshot,
    Progress,
};
use uuid::Uuid;

use crate::{Page, PageRequest, StoreResult};

/// Filters of the group list; `None` leaves a filter off.
#[derive(Debug, Clone, Default)]
pub struct GroupFilter {
    pub channel_id: Option<Uuid>,
    pub department_id: Option<Uuid>,
    pub archived: Option<bool>,
    /// Part of the subject, in any case and with or without accents.
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
    /// they are; an un-imported one comes back with the same id (and history). Each group has its
    /// conversation in Chat afterwards (a waiting one, nothing unread, if it had none). Answers the
    /// groups in the order given, once each.
    async fn import_groups(
        &self,
        company_id: Uuid,
        channel_id: Uuid,
        groups: &[GroupSnapshot],
        now: Timestamp,
        audit: &NewAuditEntry,
    ) -> StoreResult<Vec<Group>>;
    /// Stores what WhatsApp says of one group now (after a sync or a creation): imported if new
    /// (with its conversation, as `import_groups`), subject, description and participants replaced
    /// otherwise.
    async fn refresh_group(
        &self,
        company_id: Uuid,
        channel_id: Uuid,
        group: &GroupSnapshot,
        now: Timestamp,
        audit: GroupAudit<'_>,
    ) -> StoreResult<Group>;
    /// Imported groups by subject (folded: any case, with or without accents).
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
