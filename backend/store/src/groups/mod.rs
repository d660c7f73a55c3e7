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
    /// Only groups this contact takes part in.
    pub participant: Option<Uuid>,
}

/// Builds the audit entry of a change to one group, once the group is known.
pub type GroupAudit<'a> = &'a (dyn Fn(&Group) -> NewAuditEntry + Send + Sync);
/// Builds the audit entry of a settings change from the group before and after it.
pub type GroupChangeAudit<'a> = &'a (dyn Fn(&Group, &Group) -> NewAuditEntry + Send + Sync);

/// The unique index an import finds a company's contacts by.
const CONTACT_NUMBER_INDEX: &str = "contacts_company_id_phone_key";

/// Whether a plan of the import's contact lookup (`GroupStore::explain_contact_lookup`, as
/// PostgreSQL's `EXPLAIN` or SQLite's `EXPLAIN QUERY PLAN` prints it) reaches `contacts` through
/// the (company, number) index only: never sequentially, nor through another index, such as the
/// company's, which would compare every number the company has.
pub fn contact_lookup_uses_number_index(lines: &[String]) -> bool {
    let reads_whole_table =
        |line: &str| line.contains("Seq Scan on contacts ") || line.trim() == "SCAN c" || line.contains("SCAN c USING");
    let other_index =
        |line: &str| line.split_whitespace().any(|word| word.starts_with("contacts_") && word != CONTACT_NUMBER_INDEX);
    let uses_number_index = lines.iter().any(|line| line.contains(CONTACT_NUMBER_INDEX));
    uses_number_index && !lines.iter().any(|line| reads_whole_table(line) || other_index(line))
}

#[async_trait]
pub trait GroupStore: Send + Sync {
    /// How the database would look up the company's contacts numbered `phones` for an import, one
    /// line per step of its plan (see `contact_lookup_uses_number_index`).
    async fn explain_contact_lookup(&self, company_id: Uuid, phones: &[&str]) -> StoreResult<Vec<String>>;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(lines: &[&str]) -> Vec<String> {
        lines.iter().map(|line| (*line).to_owned()).collect()
    }

    #[test]
    fn a_lookup_by_the_number_index_passes_on_both_databases() {
        let postgres = plan(&[
            "Values Scan on \"*VALUES*\" v  (cost=0.00..8.45 rows=3 width=32)",
            "  SubPlan 1",
            "    ->  Index Scan using contacts_company_id_phone_key on contacts c  (cost=0.15..2.17 rows=1 width=16)",
            "          Index Cond: ((company_id = $1) AND (phone = v.column1))",
        ]);
        assert!(contact_lookup_uses_number_index(&postgres));
        let sqlite = plan(&[
            "SCAN v",
            "CORRELATED SCALAR SUBQUERY 1",
            "SEARCH c USING INDEX contacts_company_id_phone_key (company_id=? AND phone=?)",
        ]);
        assert!(contact_lookup_uses_number_index(&sqlite));
    }

    #[test]
    fn a_lookup_that_walks_the_company_or_the_table_fails() {
        let by_company = plan(&[
            "Values Scan on \"*VALUES*\" v",
            "    ->  Index Scan using contacts_company_sort on contacts c",
            "          Filter: (phone = v.column1)",
        ]);
        assert!(!contact_lookup_uses_number_index(&by_company));
        assert!(!contact_lookup_uses_number_index(&plan(&["Hash Join", "  ->  Seq Scan on contacts c"])));
        assert!(!contact_lookup_uses_number_index(&plan(&["SCAN v", "CORRELATED SCALAR SUBQUERY 1", "SCAN c"])));
        assert!(!contact_lookup_uses_number_index(&plan(&["SCAN v"])), "no lookup at all proves nothing");
    }
}
