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
