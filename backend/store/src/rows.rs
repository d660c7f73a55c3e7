//! Row shapes both SQL backends select (same column names on each), and their conversion into
//! domain values. Keeping them here is what lets the two backends differ only in SQL text.

use blocopro_domain::access_hours::{AccessHours, AccessRule};
use blocopro_domain::agenda::AgendaEvent;
use blocopro_domain::audit::{Actor, ActorKind, AuditEntry};
use blocopro_domain::channel::{
    Channel, ChannelKind, ChannelMessage, ChannelStatus, CloudSettings, DeliveryStatus, MessageDirection,
};
use blocopro_domain::company::{Company, CompanyFeatures};
use blocopro_domain::contact::Contact;
use blocopro_domain::conversation::{Conversation, ConversationKind, ConversationStatus};
use blocopro_domain::department::Department;
use blocopro_domain::flow::{Flow, FlowOption};
use blocopro_domain::group::{
    Group, GroupCandidate, GroupImportJob, GroupImportStatus, GroupMember, GroupSnapshot, MemberPhone, Progress,
};
use blocopro_domain::permissions::{Permission, PermissionSet};
use blocopro_domain::presence::{PresencePeriod, PresenceStatus};
use blocopro_domain::realtime::Audience;
use blocopro_domain::token::{ApiToken, SubjectKind};
use blocopro_domain::user::{Sex, User, UserStatus, Visibility};
use blocopro_domain::webhook::{Webhook, WebhookDelivery, WebhookDeliveryStatus, WebhookEvent};
use sqlx::types::Json;
use uuid::Uuid;

use crate::records::{Operator, QueueCandidate, StoredEvent, Subject, UserAuth};
use crate::time::DbTime;
use crate::{StoreError, StoreResult};

fn parse_text<T>(value: &str, parse: impl Fn(&str) -> Option<T>, what: &str) -> StoreResult<T> {
    parse(value).ok_or_else(|| StoreError::Corrupt(format!("unknown {what} `{value}`")))
}

/// Unknown keys (e.g. a permission retired from the code) are dropped, not fatal.
pub fn permission_set(keys: &[String]) -> PermissionSet {
    keys.iter().filter_map(|key| key.parse::<Permission>().ok()).collect()
}

pub fn permission_keys(set: &PermissionSet) -> Json<Vec<&'static str>> {
    Json(set.iter().map(|permission| permission.key()).collect())
}

#[derive(sqlx::FromRow)]
pub struct CompanyRow {
    pub id: Uuid,
    pub name: String,
    pub timezone: String,
    pub active: bool,
    pub features: Json<CompanyFeatures>,
    pub created_at: DbTime,
}

impl From<CompanyRow> for Company {
    fn from(row: CompanyRow) -> Self {
        Company {
            id: row.id,
            name: row.name,
            timezone: row.timezone,
            active: row.active,
            features: row.features.0,
            created_at: row.created_at.0,
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct OperatorRow {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    pub created_at: DbTime,
}

impl From<OperatorRow> for Operator {
    fn from(row: OperatorRow) -> Self {
        Operator { id: row.id, email: row.email, name: row.name, created_at: row.created_at.0 }
    }
}

#[derive(sqlx::FromRow)]
pub struct UserRow {
    pub id: Uuid,
    pub company_id: Uuid,
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
    pub status: String,
    pub full_name: Option<String>,
    pub sex: Option<String>,
    pub is_admin: bool,
    pub visibility: String,
    pub permissions: Json<Vec<String>>,
    pub department_ids: Json<Vec<Uuid>>,
    pub created_at: DbTime,
    pub updated_at: DbTime,
}

impl TryFrom<UserRow> for User {
    type Error = StoreError;

    fn try_from(row: UserRow) -> StoreResult<Self> {
        let mut department_ids = row.department_ids.0;
        department_ids.sort();
        Ok(User {
            id: row.id,
            company_id: row.company_id,
            name: row.name,
            email: row.email,
            phone: row.phone,
            status: parse_text(&row.status, UserStatus::parse, "user status")?,
            full_name: row.full_name,
            sex: row.sex.as_deref().map(|sex| parse_text(sex, Sex::parse, "sex")).transpose()?,
            is_admin: row.is_admin,
            visibility: parse_text(&row.visibility, Visibility::parse, "visibility")?,
            permissions: permission_set(&row.permissions.0),
            department_ids,
            created_at: row.created_at.0,
            updated_at: row.updated_at.0,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct AccessHoursRow {
    pub enabled: bool,
    pub timezone: String,
    pub rules: Json<Vec<AccessRule>>,
    pub holidays: Json<Vec<jiff::civil::Date>>,
    pub admins_bypass: bool,
}

impl From<AccessHoursRow> for AccessHours {
    fn from(row: AccessHoursRow) -> Self {
        AccessHours {
            enabled: row.enabled,
            timezone: row.timezone,
            rules: row.rules.0,
            holidays: row.holidays.0,
            admins_bypass: row.admins_bypass,
        }
    }
}

/// A user joined with its company and access hours (`ah_*` columns are null when unset).
#[derive(sqlx::FromRow)]
pub struct UserAuthRow {
    #[sqlx(flatten)]
    pub user: UserRow,
    pub password_hash: String,
    pub company_active: bool,
    pub company_timezone: String,
    pub last_seen_at: Option<DbTime>,
    pub ah_enabled: Option<bool>,
    pub ah_timezone: Option<String>,
    pub ah_rules: Option<Json<Vec<AccessRule>>>,
    pub ah_holidays: Option<Json<Vec<jiff::civil::Date>>>,
    pub ah_admins_bypass: Option<bool>,
}

impl UserAuthRow {
    pub fn into_parts(self) -> StoreResult<(UserAuth, String)> {
        let access_hours = match (self.ah_enabled, self.ah_timezone, self.ah_rules, self.ah_admins_bypass) {
            (Some(enabled), Some(timezone), Some(rules), Some(admins_bypass)) => Some(AccessHours {
                enabled,
                timezone,
                rules: rules.0,
                holidays: self.ah_holidays.map(|h| h.0).unwrap_or_default(),
                admins_bypass,
            }),
            _ => None,
        };
        let auth = UserAuth {
            user: self.user.try_into()?,
            company_active: self.company_active,
            company_timezone: self.company_timezone,
            access_hours,
            last_seen_at: self.last_seen_at.map(|t| t.0),
        };
        Ok((auth, self.password_hash))
    }
}

#[derive(sqlx::FromRow)]
pub struct DepartmentRow {
    pub id: Uuid,
    pub name: String,
    pub created_at: DbTime,
}

impl From<DepartmentRow> for Department {
    fn from(row: DepartmentRow) -> Self {
        Department { id: row.id, name: row.name, created_at: row.created_at.0 }
    }
}

#[derive(sqlx::FromRow)]
pub struct SubjectRow {
    pub subject_kind: String,
    pub subject_id: Uuid,
    pub company_id: Option<Uuid>,
}

impl TryFrom<SubjectRow> for Subject {
    type Error = StoreError;

    fn try_from(row: SubjectRow) -> StoreResult<Self> {
        Ok(Subject {
            kind: parse_text(&row.subject_kind, SubjectKind::parse, "subject kind")?,
            id: row.subject_id,
            company_id: row.company_id,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct ApiTokenRow {
    pub id: Uuid,
    pub company_id: Uuid,
    pub name: String,
    pub permissions: Json<Vec<String>>,
    pub created_by: Option<Uuid>,
    pub created_at: DbTime,
    pub last_used_at: Option<DbTime>,
}

impl From<ApiTokenRow> for ApiToken {
    fn from(row: ApiTokenRow) -> Self {
        ApiToken {
            id: row.id,
            company_id: row.company_id,
            name: row.name,
            permissions: permission_set(&row.permissions.0),
            created_by: row.created_by,
            created_at: row.created_at.0,
            last_used_at: row.last_used_at.map(|t| t.0),
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct PresenceRow {
    pub status: String,
    pub started_at: DbTime,
    pub ended_at: Option<DbTime>,
}

impl TryFrom<PresenceRow> for PresencePeriod {
    type Error = StoreError;

    fn try_from(row: PresenceRow) -> StoreResult<Self> {
        Ok(PresencePeriod {
            status: parse_text(&row.status, PresenceStatus::parse, "presence status")?,
            started_at: row.started_at.0,
            ended_at: row.ended_at.map(|t| t.0),
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct AuditRow {
    pub id: Uuid,
    pub actor_kind: String,
    pub actor_id: Option<Uuid>,
    pub action: String,
    pub target_type: String,
    pub target_id: Option<Uuid>,
    pub summary: Json<serde_json::Value>,
    pub at: DbTime,
}

impl TryFrom<AuditRow> for AuditEntry {
    type Error = StoreError;

    fn try_from(row: AuditRow) -> StoreResult<Self> {
        Ok(AuditEntry {
            id: row.id,
            actor: Actor { kind: parse_text(&row.actor_kind, ActorKind::parse, "actor kind")?, id: row.actor_id },
            action: row.action,
            target_type: row.target_type,
            target_id: row.target_id,
            summary: row.summary.0,
            at: row.at.0,
        })
    }
}

/// Converts a list of fallible rows.
pub fn convert_all<R, T>(rows: Vec<R>) -> StoreResult<Vec<T>>
where
    T: TryFrom<R, Error = StoreError>,
{
    rows.into_iter().map(T::try_from).collect()
}

#[derive(sqlx::FromRow)]
pub struct ChannelRow {
    pub id: Uuid,
    pub company_id: Uuid,
    pub name: String,
    pub kind: String,
    pub status: String,
    pub phone_number: Option<String>,
    pub cloud_phone_number_id: Option<String>,
    pub cloud_waba_id: Option<String>,
    pub cloud_api_version: Option<String>,
    pub status_changed_at: DbTime,
    pub created_at: DbTime,
    pub updated_at: DbTime,
}

impl TryFrom<ChannelRow> for Channel {
    type Error = StoreError;

    fn try_from(row: ChannelRow) -> StoreResult<Self> {
        let cloud = match (row.cloud_phone_number_id, row.cloud_api_version) {
            (Some(phone_number_id), Some(api_version)) => {
                Some(CloudSettings { phone_number_id, waba_id: row.cloud_waba_id, api_version })
            }
            _ => None,
        };
        Ok(Channel {
            id: row.id,
            company_id: row.company_id,
            name: row.name,
            kind: parse_text(&row.kind, ChannelKind::parse, "channel kind")?,
            status: parse_text(&row.status, ChannelStatus::parse, "channel status")?,
            phone_number: row.phone_number,
            cloud,
            status_changed_at: row.status_changed_at.0,
            created_at: row.created_at.0,
            updated_at: row.updated_at.0,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct MessageRow {
    pub id: Uuid,
    pub channel_id: Uuid,
    pub external_id: String,
    pub direction: String,
    pub chat_id: String,
    pub sender: String,
    pub text: String,
    pub status: String,
    pub error: Option<String>,
    pub sent_at: DbTime,
    pub created_at: DbTime,
}

impl TryFrom<MessageRow> for ChannelMessage {
    type Error = StoreError;

    fn try_from(row: MessageRow) -> StoreResult<Self> {
        Ok(ChannelMessage {
            id: row.id,
            channel_id: row.channel_id,
            external_id: row.external_id,
            direction: parse_text(&row.direction, MessageDirection::parse, "message direction")?,
            chat_id: row.chat_id,
            sender: row.sender,
            text: row.text,
            status: parse_text(&row.status, DeliveryStatus::parse, "delivery status")?,
            error: row.error,
            sent_at: row.sent_at.0,
            created_at: row.created_at.0,
        })
    }
}

fn count(value: i64) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

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

#[derive(sqlx::FromRow)]
pub struct ContactRow {
    pub id: Uuid,
    pub company_id: Uuid,
    pub phone: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub tags: Json<Vec<String>>,
    pub notes: Option<String>,
    pub owner_id: Option<Uuid>,
    pub created_at: DbTime,
    pub updated_at: DbTime,
}

impl From<ContactRow> for Contact {
    fn from(row: ContactRow) -> Self {
        Contact {
            id: row.id,
            company_id: row.company_id,
            phone: row.phone,
            name: row.name,
            email: row.email,
            tags: row.tags.0,
            notes: row.notes,
            owner_id: row.owner_id,
            created_at: row.created_at.0,
            updated_at: row.updated_at.0,
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct ConversationRow {
    pub id: Uuid,
    pub company_id: Uuid,
    pub channel_id: Uuid,
    pub kind: String,
    pub chat_id: String,
    pub title: String,
    pub contact_id: Option<Uuid>,
    pub group_id: Option<Uuid>,
    pub status: String,
    pub department_id: Option<Uuid>,
    pub assigned_to: Option<Uuid>,
    pub awaiting_choice: bool,
    pub contact_owner_id: Option<Uuid>,
    pub unread_count: i64,
    pub last_message_at: DbTime,
    pub last_message_preview: Option<String>,
    pub created_at: DbTime,
    pub updated_at: DbTime,
}

impl TryFrom<ConversationRow> for Conversation {
    type Error = StoreError;

    fn try_from(row: ConversationRow) -> StoreResult<Self> {
        Ok(Conversation {
            id: row.id,
            company_id: row.company_id,
            channel_id: row.channel_id,
            kind: parse_text(&row.kind, ConversationKind::parse, "conversation kind")?,
            chat_id: row.chat_id,
            title: row.title,
            contact_id: row.contact_id,
            group_id: row.group_id,
            status: parse_text(&row.status, ConversationStatus::parse, "conversation status")?,
            department_id: row.department_id,
            assigned_to: row.assigned_to,
            awaiting_choice: row.awaiting_choice,
            contact_owner_id: row.contact_owner_id,
            unread_count: count(row.unread_count),
            last_message_at: row.last_message_at.0,
            last_message_preview: row.last_message_preview,
            created_at: row.created_at.0,
            updated_at: row.updated_at.0,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct AgendaEventRow {
    pub id: Uuid,
    pub company_id: Uuid,
    pub user_id: Uuid,
    pub title: String,
    pub starts_at: DbTime,
    pub ends_at: DbTime,
    pub notes: Option<String>,
    pub contact_id: Option<Uuid>,
    pub created_at: DbTime,
    pub updated_at: DbTime,
}

impl From<AgendaEventRow> for AgendaEvent {
    fn from(row: AgendaEventRow) -> Self {
        AgendaEvent {
            id: row.id,
            company_id: row.company_id,
            user_id: row.user_id,
            title: row.title,
            starts_at: row.starts_at.0,
            ends_at: row.ends_at.0,
            notes: row.notes,
            contact_id: row.contact_id,
            created_at: row.created_at.0,
            updated_at: row.updated_at.0,
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct EventRow {
    pub cursor: i64,
    pub company_id: Uuid,
    pub kind: String,
    pub audience: Json<Audience>,
    pub data: Json<serde_json::Value>,
    pub created_at: DbTime,
}

impl From<EventRow> for StoredEvent {
    fn from(row: EventRow) -> Self {
        StoredEvent {
            cursor: row.cursor,
            company_id: row.company_id,
            kind: row.kind,
            audience: row.audience.0,
            data: row.data.0,
            created_at: row.created_at.0,
        }
    }
}

/// A user the queue may give conversations to, with presence and round-robin position.
#[derive(sqlx::FromRow)]
pub struct QueueCandidateRow {
    #[sqlx(flatten)]
    pub auth: UserAuthRow,
    pub presence: Option<String>,
    pub last_assigned_at: Option<DbTime>,
}

impl TryFrom<QueueCandidateRow> for QueueCandidate {
    type Error = StoreError;

    fn try_from(row: QueueCandidateRow) -> StoreResult<Self> {
        Ok(QueueCandidate {
            auth: row.auth.into_parts()?.0,
            presence: row
                .presence
                .as_deref()
                .map(|status| parse_text(status, PresenceStatus::parse, "presence"))
                .transpose()?,
            last_assigned_at: row.last_assigned_at.map(|at| at.0),
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct FlowRow {
    pub channel_id: Uuid,
    pub company_id: Uuid,
    pub enabled: bool,
    pub greeting: String,
    pub retry_text: String,
}

#[derive(sqlx::FromRow)]
pub struct FlowOptionRow {
    pub number: i32,
    pub label: String,
    pub department_id: Uuid,
}

impl FlowRow {
    pub fn with_options(self, options: Vec<FlowOptionRow>) -> Flow {
        Flow {
            channel_id: self.channel_id,
            company_id: self.company_id,
            enabled: self.enabled,
            greeting: self.greeting,
            retry_text: self.retry_text,
            options: options
                .into_iter()
                .map(|option| FlowOption {
                    number: u8::try_from(option.number).unwrap_or_default(),
                    label: option.label,
                    department_id: option.department_id,
                })
                .collect(),
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct WebhookRow {
    pub id: Uuid,
    pub company_id: Uuid,
    pub url: String,
    pub events: Json<Vec<String>>,
    pub created_by: Option<Uuid>,
    pub created_at: DbTime,
}

impl From<WebhookRow> for Webhook {
    /// Event types this version does not offer (any more) are left out rather than failing the read.
    fn from(row: WebhookRow) -> Self {
        Webhook {
            id: row.id,
            company_id: row.company_id,
            url: row.url,
            events: row.events.0.iter().filter_map(|event| WebhookEvent::parse(event)).collect(),
            created_by: row.created_by,
            created_at: row.created_at.0,
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct WebhookDeliveryRow {
    pub id: Uuid,
    pub webhook_id: Uuid,
    pub event_type: String,
    pub event_cursor: Option<i64>,
    pub status: String,
    pub attempts: i32,
    pub last_status: Option<i32>,
    pub last_error: Option<String>,
    pub created_at: DbTime,
    pub last_attempt_at: Option<DbTime>,
    pub next_attempt_at: Option<DbTime>,
    pub delivered_at: Option<DbTime>,
}

impl TryFrom<WebhookDeliveryRow> for WebhookDelivery {
    type Error = StoreError;

    fn try_from(row: WebhookDeliveryRow) -> StoreResult<Self> {
        Ok(WebhookDelivery {
            id: row.id,
            webhook_id: row.webhook_id,
            event_type: row.event_type,
            event_cursor: row.event_cursor,
            status: parse_text(&row.status, WebhookDeliveryStatus::parse, "webhook delivery status")?,
            attempts: u32::try_from(row.attempts).unwrap_or(0),
            last_status: row.last_status.and_then(|status| u16::try_from(status).ok()),
            last_error: row.last_error,
            created_at: row.created_at.0,
            last_attempt_at: row.last_attempt_at.map(|t| t.0),
            next_attempt_at: row.next_attempt_at.map(|t| t.0),
            delivered_at: row.delivered_at.map(|t| t.0),
        })
    }
}
