//! The rows of groups as both backends select them, and their conversion.

use blocopro_domain::group::{
    Group, GroupCandidate, GroupImportJob, GroupImportStatus, GroupMember, GroupSnapshot, MemberPhone, Progress,
};
use sqlx::types::Json;
use uuid::Uuid;

use crate::rows::{count, parse_text};
use crate::time::DbTime;
use crate::{StoreError, StoreResult};

#[derive(sqlx::FromRow)]
pub struct GroupImportRow {
    pub id: Uuid,
    pub company_id: Uuid,
    pub channel_id: Uuid,
    pub status: String,
    pub done: i64,
    pub total: i64,
    pub error: Option<String>,
    pub created_by: Option<Uuid>,
    pub created_at: DbTime,
    pub finished_at: Option<DbTime>,
}

impl TryFrom<GroupImportRow> for GroupImportJob {
    type Error = StoreError;

    fn try_from(row: GroupImportRow) -> StoreResult<Self> {
        Ok(GroupImportJob {
            id: row.id,
            company_id: row.company_id,
            channel_id: row.channel_id,
            status: parse_text(&row.status, GroupImportStatus::parse, "group import status")?,
            progress: Progress { done: count(row.done), total: count(row.total) },
            error: row.error,
            created_by: row.created_by,
            created_at: row.created_at.0,
            finished_at: row.finished_at.map(|at| at.0),
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct GroupCandidateRow {
    pub external_id: String,
    pub subject: String,
    pub participant_count: i64,
    pub own_number_is_admin: bool,
    pub imported_group_id: Option<Uuid>,
}

impl From<GroupCandidateRow> for GroupCandidate {
    fn from(row: GroupCandidateRow) -> Self {
        GroupCandidate {
            external_id: row.external_id,
            subject: row.subject,
            participant_count: count(row.participant_count),
            own_number_is_admin: row.own_number_is_admin,
            already_imported: row.imported_group_id.is_some(),
            imported_group_id: row.imported_group_id,
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct GroupSnapshotRow {
    pub external_id: String,
    pub subject: String,
    pub description: Option<String>,
    pub own_number_is_admin: bool,
    pub members: Json<Vec<MemberPhone>>,
}

impl From<GroupSnapshotRow> for GroupSnapshot {
    fn from(row: GroupSnapshotRow) -> Self {
        GroupSnapshot {
            external_id: row.external_id,
            subject: row.subject,
            description: row.description,
            participants: row.members.0,
            own_number_is_admin: row.own_number_is_admin,
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct GroupRow {
    pub id: Uuid,
    pub company_id: Uuid,
    pub channel_id: Uuid,
    pub external_id: String,
    pub subject: String,
    pub description: Option<String>,
    pub department_id: Option<Uuid>,
    pub muted: bool,
    pub archived: bool,
    pub own_number_is_admin: bool,
    pub participant_count: i64,
    pub imported_at: DbTime,
    pub updated_at: DbTime,
}

impl From<GroupRow> for Group {
    fn from(row: GroupRow) -> Self {
        Group {
            id: row.id,
            company_id: row.company_id,
            channel_id: row.channel_id,
            external_id: row.external_id,
            subject: row.subject,
            description: row.description,
            department_id: row.department_id,
            muted: row.muted,
            archived: row.archived,
            own_number_is_admin: row.own_number_is_admin,
            participant_count: count(row.participant_count),
            imported_at: row.imported_at.0,
            updated_at: row.updated_at.0,
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct GroupMemberRow {
    pub contact_id: Uuid,
    pub phone: String,
    pub name: Option<String>,
    pub is_admin: bool,
}

impl From<GroupMemberRow> for GroupMember {
    fn from(row: GroupMemberRow) -> Self {
        GroupMember { contact_id: row.contact_id, phone: row.phone, name: row.name, is_admin: row.is_admin }
    }
}
