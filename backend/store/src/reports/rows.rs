//! The rows reports select, and their conversion.

use uuid::Uuid;

use crate::presence::rows::PresenceRow;
use crate::users::rows::JoinedAccessHours;

#[derive(sqlx::FromRow)]
pub struct ReportUserRow {
    pub id: Uuid,
    pub name: String,
    pub is_admin: bool,
    #[sqlx(flatten)]
    pub access_hours: JoinedAccessHours,
}

#[derive(sqlx::FromRow)]
pub struct UserPresenceRow {
    pub user_id: Uuid,
    #[sqlx(flatten)]
    pub period: PresenceRow,
}

/// A service event, written by the store in the transaction of the change it records.
#[derive(Debug, Clone, Copy)]
pub struct NewServiceEvent {
    pub company_id: Uuid,
    pub conversation_id: Uuid,
    pub kind: blocopro_domain::reports::service::ServiceEventKind,
    pub at: blocopro_domain::Timestamp,
    pub user_id: Option<Uuid>,
    pub department_id: Option<Uuid>,
    pub channel_id: Uuid,
    pub seconds: Option<i64>,
}
