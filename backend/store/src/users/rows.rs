//! The rows of users as both backends select them, and their conversion.

use blocopro_domain::access_hours::{AccessHours, AccessRule};
use blocopro_domain::user::{Sex, User, UserStatus, Visibility};
use sqlx::types::Json;
use uuid::Uuid;

use crate::rows::{parse_text, permission_set, read_in_order};
use crate::time::DbTime;
use crate::{StoreError, StoreResult, UserAuth};

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

// A list reads up to 100 of these rows: their columns are read in the order `user_columns!` selects them.
read_in_order!(UserRow of [Uuid, String, bool, Json<Vec<String>>, Json<Vec<Uuid>>, DbTime] {
    id, company_id, name, email, phone, status, full_name, sex, is_admin, visibility, permissions, department_ids,
    created_at, updated_at,
});

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
    #[sqlx(flatten)]
    pub access_hours: JoinedAccessHours,
}

/// A user's access hours joined as `ah_*` columns, all null when the user has none.
#[derive(sqlx::FromRow)]
pub struct JoinedAccessHours {
    pub ah_enabled: Option<bool>,
    pub ah_timezone: Option<String>,
    pub ah_rules: Option<Json<Vec<AccessRule>>>,
    pub ah_holidays: Option<Json<Vec<jiff::civil::Date>>>,
    pub ah_admins_bypass: Option<bool>,
}

impl JoinedAccessHours {
    pub fn into_access_hours(self) -> Option<AccessHours> {
        match (self.ah_enabled, self.ah_timezone, self.ah_rules, self.ah_admins_bypass) {
            (Some(enabled), Some(timezone), Some(rules), Some(admins_bypass)) => Some(AccessHours {
                enabled,
                timezone,
                rules: rules.0,
                holidays: self.ah_holidays.map(|h| h.0).unwrap_or_default(),
                admins_bypass,
            }),
            _ => None,
        }
    }
}

impl UserAuthRow {
    pub fn into_parts(self) -> StoreResult<(UserAuth, String)> {
        let access_hours = self.access_hours.into_access_hours();
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
