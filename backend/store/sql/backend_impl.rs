// The store traits implemented once in SQL that both backends accept (`$N` placeholders,
// `RETURNING`, partial indexes). Each backend crate `include!`s this file after defining:
//   - `type Db` (the sqlx database) and `struct SqlStore { pool: sqlx::Pool<Db> }`,
//   - `SqlStore::begin_write()`, opening a transaction that may write,
//   - the macros `department_ids_json!()` (a JSON array of a user `u`'s department ids),
//     `for_update!()` (row locking where the backend needs it) and `lock_message_key!()`.
// Everything else about the backend (pool options, migrations) lives in that crate.

use async_trait::async_trait;
use blocopro_domain::Timestamp;
use blocopro_domain::access_hours::AccessHours;
use blocopro_domain::audit::{AuditEntry, NewAuditEntry};
use blocopro_domain::company::Company;
use blocopro_domain::department::Department;
use blocopro_domain::presence::{PresencePeriod, PresenceStatus};
use blocopro_domain::token::ApiToken;
use blocopro_domain::user::User;
use blocopro_store::rows::{self, *};
use blocopro_store::time::DbTime;
use blocopro_store::*;
use sqlx::types::Json;
use uuid::Uuid;

type Tx = sqlx::Transaction<'static, Db>;

macro_rules! user_columns {
    () => {
        concat!(
            "u.id, u.company_id, u.name, u.email, u.phone, u.status, u.full_name, u.sex, u.is_admin, ",
            "u.visibility, u.permissions, ",
            department_ids_json!(),
            " AS department_ids, u.created_at, u.updated_at"
        )
    };
}

macro_rules! user_auth_select {
    ($condition:literal) => {
        concat!(
            "SELECT ",
            user_columns!(),
            ", u.password_hash, c.active AS company_active, c.timezone AS company_timezone, u.last_seen_at,",
            " ah.enabled AS ah_enabled, ah.timezone AS ah_timezone, ah.rules AS ah_rules,",
            " ah.holidays AS ah_holidays, ah.admins_bypass AS ah_admins_bypass",
            " FROM users u JOIN companies c ON c.id = u.company_id",
            " LEFT JOIN access_hours ah ON ah.user_id = u.id",
            " WHERE u.deleted_at IS NULL AND ",
            $condition
        )
    };
}

fn db(time: Timestamp) -> DbTime {
    DbTime(time)
}

fn like_pattern(search: &str) -> String {
    let escaped = search.trim().to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

fn expect_one(rows_affected: u64) -> StoreResult<()> {
    if rows_affected == 0 { Err(StoreError::NotFound) } else { Ok(()) }
}

async fn insert_audit(tx: &mut Tx, entry: &NewAuditEntry) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO audit_log (id, company_id, actor_kind, actor_id, action, target_type, target_id, summary, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(Uuid::now_v7())
    .bind(entry.company_id)
    .bind(entry.actor.kind.as_str())
    .bind(entry.actor.id)
    .bind(entry.action)
    .bind(entry.target_type)
    .bind(entry.target_id)
    .bind(Json(&entry.summary))
    .bind(db(Timestamp::now()))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Locks the company row so that checks spanning its users (the last administrator) are atomic.
async fn lock_company(tx: &mut Tx, company_id: Uuid) -> StoreResult<()> {
    sqlx::query(concat!("SELECT id FROM companies WHERE id = $1 ", for_update!()))
        .bind(company_id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    Ok(())
}

async fn active_admins(tx: &mut Tx, company_id: Uuid) -> StoreResult<i64> {
    let count: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM users WHERE company_id = $1 AND is_admin AND status = 'active' AND deleted_at IS NULL",
    )
    .bind(company_id)
    .fetch_one(&mut **tx)
    .await?;
    Ok(count)
}

/// Whether the user is currently an active administrator; `NotFound` outside the company.
async fn was_active_admin(tx: &mut Tx, company_id: Uuid, user_id: Uuid) -> StoreResult<bool> {
    let row: Option<(bool, String)> =
        sqlx::query_as("SELECT is_admin, status FROM users WHERE id = $1 AND company_id = $2 AND deleted_at IS NULL")
            .bind(user_id)
            .bind(company_id)
            .fetch_optional(&mut **tx)
            .await?;
    let (is_admin, status) = row.ok_or(StoreError::NotFound)?;
    Ok(is_admin && status == "active")
}

async fn ensure_an_admin_remains(tx: &mut Tx, company_id: Uuid, was_admin: bool) -> StoreResult<()> {
    if was_admin && active_admins(tx, company_id).await? == 0 {
        return Err(StoreError::LastAdmin);
    }
    Ok(())
}

/// A many-to-many link from users to a company's departments or channels.
struct UserLinks {
    /// The ids that may be linked: `$1` is the company.
    known: &'static str,
    /// Drops the user's links: `$1` is the user.
    clear: &'static str,
    /// Adds one link: `$1` the user, `$2` the linked id.
    insert: &'static str,
}

const DEPARTMENT_LINKS: UserLinks = UserLinks {
    known: "SELECT id FROM departments WHERE company_id = $1",
    clear: "DELETE FROM user_departments WHERE user_id = $1",
    insert: "INSERT INTO user_departments (user_id, department_id) VALUES ($1, $2)",
};

const CHANNEL_LINKS: UserLinks = UserLinks {
    known: "SELECT id FROM channels WHERE company_id = $1 AND deleted_at IS NULL",
    clear: "DELETE FROM user_channels WHERE user_id = $1",
    insert: "INSERT INTO user_channels (user_id, channel_id) VALUES ($1, $2)",
};

/// Replaces the user's links; ids outside the company fail with `UnknownReferences`.
async fn replace_user_links(
    tx: &mut Tx,
    links: &UserLinks,
    company_id: Uuid,
    user_id: Uuid,
    ids: &[Uuid],
) -> StoreResult<()> {
    let known: Vec<Uuid> = sqlx::query_scalar(links.known).bind(company_id).fetch_all(&mut **tx).await?;
    let mut wanted = ids.to_vec();
    wanted.sort();
    wanted.dedup();
    let unknown: Vec<Uuid> = wanted.iter().copied().filter(|id| !known.contains(id)).collect();
    if !unknown.is_empty() {
        return Err(StoreError::UnknownReferences(unknown));
    }
    sqlx::query(links.clear).bind(user_id).execute(&mut **tx).await?;
    for id in wanted {
        sqlx::query(links.insert).bind(user_id).bind(id).execute(&mut **tx).await?;
    }
    Ok(())
}

#[async_trait]
impl CompanyStore for SqlStore {
    async fn create_company(&self, company: &Company, audit: &NewAuditEntry) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO companies (id, name, timezone, active, features, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(company.id)
        .bind(&company.name)
        .bind(&company.timezone)
        .bind(company.active)
        .bind(Json(company.features))
        .bind(db(company.created_at))
        .execute(&mut *tx)
        .await?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn get_company(&self, id: Uuid) -> StoreResult<Option<Company>> {
        let row: Option<CompanyRow> =
            sqlx::query_as("SELECT id, name, timezone, active, features, created_at FROM companies WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(Company::from))
    }

    async fn list_companies(&self, page: PageRequest) -> StoreResult<Page<Company>> {
        let rows: Vec<CompanyRow> = sqlx::query_as(
            "SELECT id, name, timezone, active, features, created_at FROM companies \
             WHERE ($1 IS NULL OR id > $1) ORDER BY id LIMIT $2",
        )
        .bind(page.after)
        .bind(page.fetch_limit())
        .fetch_all(&self.pool)
        .await?;
        Ok(Page::from_rows(rows.into_iter().map(Company::from).collect(), page, |c| c.id))
    }

    async fn update_company(&self, company: &Company, audit: &NewAuditEntry) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let result =
            sqlx::query("UPDATE companies SET name = $2, timezone = $3, active = $4, features = $5 WHERE id = $1")
                .bind(company.id)
                .bind(&company.name)
                .bind(&company.timezone)
                .bind(company.active)
                .bind(Json(company.features))
                .execute(&mut *tx)
                .await?;
        expect_one(result.rows_affected())?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn find_company_by_name(&self, name: &str) -> StoreResult<Option<Company>> {
        let row: Option<CompanyRow> =
            sqlx::query_as("SELECT id, name, timezone, active, features, created_at FROM companies WHERE name = $1")
                .bind(name)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(Company::from))
    }
}

#[async_trait]
impl OperatorStore for SqlStore {
    async fn create_operator(&self, operator: &Operator, password_hash: &str) -> StoreResult<()> {
        sqlx::query("INSERT INTO operators (id, email, name, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(operator.id)
            .bind(&operator.email)
            .bind(&operator.name)
            .bind(password_hash)
            .bind(db(operator.created_at))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn find_operator_login(&self, email: &str) -> StoreResult<Option<OperatorLogin>> {
        let row: Option<(Uuid, String, String, String, DbTime)> =
            sqlx::query_as("SELECT id, email, name, password_hash, created_at FROM operators WHERE email = $1")
                .bind(email)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|(id, email, name, password_hash, created_at)| OperatorLogin {
            operator: Operator { id, email, name, created_at: created_at.0 },
            password_hash,
        }))
    }

    async fn get_operator(&self, id: Uuid) -> StoreResult<Option<Operator>> {
        let row: Option<OperatorRow> =
            sqlx::query_as("SELECT id, email, name, created_at FROM operators WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(Operator::from))
    }

    async fn set_operator_password(&self, id: Uuid, password_hash: &str) -> StoreResult<()> {
        let result = sqlx::query("UPDATE operators SET password_hash = $2 WHERE id = $1")
            .bind(id)
            .bind(password_hash)
            .execute(&self.pool)
            .await?;
        expect_one(result.rows_affected())
    }
}

#[async_trait]
impl UserStore for SqlStore {
    async fn create_user(&self, user: &User, password_hash: &str, audit: &NewAuditEntry) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO users (id, company_id, name, email, password_hash, phone, status, full_name, sex, is_admin, \
             visibility, permissions, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        )
        .bind(user.id)
        .bind(user.company_id)
        .bind(&user.name)
        .bind(&user.email)
        .bind(password_hash)
        .bind(&user.phone)
        .bind(user.status.as_str())
        .bind(&user.full_name)
        .bind(user.sex.map(|sex| sex.as_str()))
        .bind(user.is_admin)
        .bind(user.visibility.as_str())
        .bind(rows::permission_keys(&user.permissions))
        .bind(db(user.created_at))
        .bind(db(user.updated_at))
        .execute(&mut *tx)
        .await?;
        replace_user_links(&mut tx, &DEPARTMENT_LINKS, user.company_id, user.id, &user.department_ids).await?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn get_user(&self, company_id: Uuid, id: Uuid) -> StoreResult<Option<User>> {
        let row: Option<UserRow> = sqlx::query_as(concat!(
            "SELECT ",
            user_columns!(),
            " FROM users u WHERE u.id = $1 AND u.company_id = $2 AND u.deleted_at IS NULL"
        ))
        .bind(id)
        .bind(company_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(User::try_from).transpose()
    }

    async fn list_users(&self, company_id: Uuid, filter: &UserFilter, page: PageRequest) -> StoreResult<Page<User>> {
        let rows: Vec<UserRow> = sqlx::query_as(concat!(
            "SELECT ",
            user_columns!(),
            " FROM users u WHERE u.company_id = $1 AND u.deleted_at IS NULL",
            " AND ($2 IS NULL OR lower(u.name) LIKE $2 ESCAPE '\\' OR lower(coalesce(u.full_name, '')) LIKE $2 ESCAPE '\\'",
            "      OR lower(u.email) LIKE $2 ESCAPE '\\')",
            " AND ($3 IS NULL OR u.status = $3)",
            " AND ($4 IS NULL OR EXISTS (SELECT 1 FROM user_departments ud WHERE ud.user_id = u.id AND ud.department_id = $4))",
            " AND ($5 IS NULL OR (u.name, u.id) > (SELECT c.name, c.id FROM users c WHERE c.id = $5 AND c.company_id = $1))",
            " ORDER BY u.name, u.id LIMIT $6"
        ))
        .bind(company_id)
        .bind(filter.search.as_deref().map(like_pattern))
        .bind(filter.status.map(|status| status.as_str()))
        .bind(filter.department_id)
        .bind(page.after)
        .bind(page.fetch_limit())
        .fetch_all(&self.pool)
        .await?;
        let users = convert_all(rows)?;
        Ok(Page::from_rows(users, page, |user: &User| user.id))
    }

    async fn update_user(&self, user: &User, password_hash: Option<&str>, audit: &NewAuditEntry) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        lock_company(&mut tx, user.company_id).await?;
        let was_admin = was_active_admin(&mut tx, user.company_id, user.id).await?;
        sqlx::query(
            "UPDATE users SET name = $3, email = $4, phone = $5, status = $6, full_name = $7, sex = $8, is_admin = $9, \
             visibility = $10, permissions = $11, updated_at = $12, password_hash = coalesce($13, password_hash) \
             WHERE id = $1 AND company_id = $2 AND deleted_at IS NULL",
        )
        .bind(user.id)
        .bind(user.company_id)
        .bind(&user.name)
        .bind(&user.email)
        .bind(&user.phone)
        .bind(user.status.as_str())
        .bind(&user.full_name)
        .bind(user.sex.map(|sex| sex.as_str()))
        .bind(user.is_admin)
        .bind(user.visibility.as_str())
        .bind(rows::permission_keys(&user.permissions))
        .bind(db(user.updated_at))
        .bind(password_hash)
        .execute(&mut *tx)
        .await?;
        ensure_an_admin_remains(&mut tx, user.company_id, was_admin).await?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn delete_user(&self, company_id: Uuid, id: Uuid, audit: &NewAuditEntry) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        lock_company(&mut tx, company_id).await?;
        let was_admin = was_active_admin(&mut tx, company_id, id).await?;
        sqlx::query("UPDATE users SET deleted_at = $3 WHERE id = $1 AND company_id = $2")
            .bind(id)
            .bind(company_id)
            .bind(db(Timestamp::now()))
            .execute(&mut *tx)
            .await?;
        ensure_an_admin_remains(&mut tx, company_id, was_admin).await?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn set_user_departments(
        &self,
        company_id: Uuid,
        user_id: Uuid,
        department_ids: &[Uuid],
        audit: &NewAuditEntry,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        was_active_admin(&mut tx, company_id, user_id).await?;
        replace_user_links(&mut tx, &DEPARTMENT_LINKS, company_id, user_id, department_ids).await?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn find_user_login(&self, email: &str) -> StoreResult<Option<UserLogin>> {
        let row: Option<UserAuthRow> =
            sqlx::query_as(user_auth_select!("u.email = $1")).bind(email).fetch_optional(&self.pool).await?;
        let Some(row) = row else { return Ok(None) };
        let (auth, password_hash) = row.into_parts()?;
        Ok(Some(UserLogin { auth, password_hash }))
    }

    async fn get_user_auth(&self, user_id: Uuid) -> StoreResult<Option<UserAuth>> {
        let row: Option<UserAuthRow> =
            sqlx::query_as(user_auth_select!("u.id = $1")).bind(user_id).fetch_optional(&self.pool).await?;
        row.map(|row| row.into_parts().map(|(auth, _)| auth)).transpose()
    }

    async fn touch_last_seen(&self, user_id: Uuid, at: Timestamp) -> StoreResult<()> {
        sqlx::query("UPDATE users SET last_seen_at = $2 WHERE id = $1")
            .bind(user_id)
            .bind(db(at))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn get_access_hours(&self, company_id: Uuid, user_id: Uuid) -> StoreResult<Option<AccessHours>> {
        let row: Option<AccessHoursRow> = sqlx::query_as(
            "SELECT enabled, timezone, rules, holidays, admins_bypass FROM access_hours WHERE user_id = $1 AND company_id = $2",
        )
        .bind(user_id)
        .bind(company_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(AccessHours::from))
    }

    async fn put_access_hours(
        &self,
        company_id: Uuid,
        user_id: Uuid,
        hours: &AccessHours,
        audit: &NewAuditEntry,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        was_active_admin(&mut tx, company_id, user_id).await?;
        sqlx::query(
            "INSERT INTO access_hours (user_id, company_id, enabled, timezone, rules, holidays, admins_bypass, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (user_id) DO UPDATE SET enabled = excluded.enabled, timezone = excluded.timezone, \
             rules = excluded.rules, holidays = excluded.holidays, admins_bypass = excluded.admins_bypass, \
             updated_at = excluded.updated_at",
        )
        .bind(user_id)
        .bind(company_id)
        .bind(hours.enabled)
        .bind(&hours.timezone)
        .bind(Json(&hours.rules))
        .bind(Json(&hours.holidays))
        .bind(hours.admins_bypass)
        .bind(db(Timestamp::now()))
        .execute(&mut *tx)
        .await?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }
}

#[async_trait]
impl DepartmentStore for SqlStore {
    async fn create_department(
        &self,
        company_id: Uuid,
        department: &Department,
        audit: &NewAuditEntry,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("INSERT INTO departments (id, company_id, name, created_at) VALUES ($1, $2, $3, $4)")
            .bind(department.id)
            .bind(company_id)
            .bind(&department.name)
            .bind(db(department.created_at))
            .execute(&mut *tx)
            .await?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn get_department(&self, company_id: Uuid, id: Uuid) -> StoreResult<Option<Department>> {
        let row: Option<DepartmentRow> =
            sqlx::query_as("SELECT id, name, created_at FROM departments WHERE id = $1 AND company_id = $2")
                .bind(id)
                .bind(company_id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(Department::from))
    }

    async fn list_departments(&self, company_id: Uuid, page: PageRequest) -> StoreResult<Page<Department>> {
        let rows: Vec<DepartmentRow> = sqlx::query_as(
            "SELECT d.id, d.name, d.created_at FROM departments d WHERE d.company_id = $1 \
             AND ($2 IS NULL OR (d.name, d.id) > (SELECT c.name, c.id FROM departments c WHERE c.id = $2 AND c.company_id = $1)) \
             ORDER BY d.name, d.id LIMIT $3",
        )
        .bind(company_id)
        .bind(page.after)
        .bind(page.fetch_limit())
        .fetch_all(&self.pool)
        .await?;
        Ok(Page::from_rows(rows.into_iter().map(Department::from).collect(), page, |d| d.id))
    }

    async fn rename_department(
        &self,
        company_id: Uuid,
        id: Uuid,
        name: &str,
        audit: &NewAuditEntry,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let result = sqlx::query("UPDATE departments SET name = $3 WHERE id = $1 AND company_id = $2")
            .bind(id)
            .bind(company_id)
            .bind(name)
            .execute(&mut *tx)
            .await?;
        expect_one(result.rows_affected())?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn delete_department(&self, company_id: Uuid, id: Uuid, audit: &NewAuditEntry) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let in_flow: Option<(Uuid,)> = sqlx::query_as(
            "SELECT o.channel_id FROM channel_flow_options o JOIN departments d ON d.id = o.department_id \
             WHERE o.department_id = $1 AND d.company_id = $2 LIMIT 1",
        )
        .bind(id)
        .bind(company_id)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some((channel_id,)) = in_flow {
            return Err(StoreError::InUse {
                code: "department_in_flow",
                detail: format!("An option of the greeting flow of channel {channel_id} sends conversations here; change the flow first."),
            });
        }
        sqlx::query("DELETE FROM user_departments WHERE department_id = $1 AND department_id IN (SELECT id FROM departments WHERE company_id = $2)")
            .bind(id)
            .bind(company_id)
            .execute(&mut *tx)
            .await?;
        let result = sqlx::query("DELETE FROM departments WHERE id = $1 AND company_id = $2")
            .bind(id)
            .bind(company_id)
            .execute(&mut *tx)
            .await?;
        expect_one(result.rows_affected())?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }
}

#[derive(sqlx::FromRow)]
struct RefreshTokenState {
    family_id: Uuid,
    #[sqlx(flatten)]
    subject: SubjectRow,
    expires_at: DbTime,
    used_at: Option<DbTime>,
    revoked_at: Option<DbTime>,
}

async fn revoke_family(tx: &mut Tx, family_id: Uuid, now: Timestamp) -> StoreResult<u64> {
    let result = sqlx::query("UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL")
        .bind(family_id)
        .bind(db(now))
        .execute(&mut **tx)
        .await?;
    Ok(result.rows_affected())
}

async fn insert_refresh_token(tx: &mut Tx, token: &RefreshToken) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO refresh_tokens (id, family_id, subject_kind, subject_id, company_id, token_hash, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(token.id)
    .bind(token.family_id)
    .bind(token.subject.kind.as_str())
    .bind(token.subject.id)
    .bind(token.subject.company_id)
    .bind(&token.token_hash)
    .bind(db(token.created_at))
    .bind(db(token.expires_at))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[async_trait]
impl AuthStore for SqlStore {
    async fn create_refresh_token(&self, token: &RefreshToken) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        insert_refresh_token(&mut tx, token).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The family and subject of `next` are taken from the consumed token.
    async fn rotate_refresh_token(
        &self,
        old_hash: &str,
        next: &RefreshToken,
        now: Timestamp,
    ) -> StoreResult<RotateOutcome> {
        let mut tx = self.begin_write().await?;
        let state: Option<RefreshTokenState> = sqlx::query_as(concat!(
            "SELECT family_id, subject_kind, subject_id, company_id, expires_at, used_at, revoked_at ",
            "FROM refresh_tokens WHERE token_hash = $1 ",
            for_update!()
        ))
        .bind(old_hash)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(state) = state else { return Ok(RotateOutcome::Invalid) };
        if state.used_at.is_some() || state.revoked_at.is_some() {
            revoke_family(&mut tx, state.family_id, now).await?;
            tx.commit().await?;
            return Ok(RotateOutcome::Reused);
        }
        if state.expires_at.0 <= now {
            return Ok(RotateOutcome::Invalid);
        }
        sqlx::query("UPDATE refresh_tokens SET used_at = $2 WHERE token_hash = $1")
            .bind(old_hash)
            .bind(db(now))
            .execute(&mut *tx)
            .await?;
        let subject = Subject::try_from(state.subject)?;
        let next = RefreshToken { family_id: state.family_id, subject, ..next.clone() };
        insert_refresh_token(&mut tx, &next).await?;
        tx.commit().await?;
        Ok(RotateOutcome::Rotated(subject))
    }

    async fn revoke_refresh_family(&self, token_hash: &str, now: Timestamp) -> StoreResult<Option<Subject>> {
        let mut tx = self.begin_write().await?;
        let state: Option<RefreshTokenState> = sqlx::query_as(
            "SELECT family_id, subject_kind, subject_id, company_id, expires_at, used_at, revoked_at \
             FROM refresh_tokens WHERE token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(state) = state else { return Ok(None) };
        let revoked = revoke_family(&mut tx, state.family_id, now).await?;
        tx.commit().await?;
        if revoked == 0 { Ok(None) } else { Subject::try_from(state.subject).map(Some) }
    }

    async fn revoke_subject_sessions(&self, subject_id: Uuid, now: Timestamp) -> StoreResult<()> {
        sqlx::query("UPDATE refresh_tokens SET revoked_at = $2 WHERE subject_id = $1 AND revoked_at IS NULL")
            .bind(subject_id)
            .bind(db(now))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn record_login_failure(&self, subject_id: Uuid, at: Timestamp) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM login_failures WHERE subject_id = $1 AND at < $2")
            .bind(subject_id)
            .bind(db(at - blocopro_domain::lockout::LOOKBACK))
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO login_failures (subject_id, at) VALUES ($1, $2)")
            .bind(subject_id)
            .bind(db(at))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn login_failures_since(&self, subject_id: Uuid, since: Timestamp) -> StoreResult<Vec<Timestamp>> {
        let times: Vec<DbTime> =
            sqlx::query_scalar("SELECT at FROM login_failures WHERE subject_id = $1 AND at >= $2 ORDER BY at")
                .bind(subject_id)
                .bind(db(since))
                .fetch_all(&self.pool)
                .await?;
        Ok(times.into_iter().map(|t| t.0).collect())
    }

    async fn clear_login_failures(&self, subject_id: Uuid) -> StoreResult<()> {
        sqlx::query("DELETE FROM login_failures WHERE subject_id = $1").bind(subject_id).execute(&self.pool).await?;
        Ok(())
    }

    async fn create_api_token(&self, token: &ApiToken, token_hash: &str, audit: &NewAuditEntry) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO api_tokens (id, company_id, name, token_hash, permissions, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(token.id)
        .bind(token.company_id)
        .bind(&token.name)
        .bind(token_hash)
        .bind(rows::permission_keys(&token.permissions))
        .bind(token.created_by)
        .bind(db(token.created_at))
        .execute(&mut *tx)
        .await?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn list_api_tokens(&self, company_id: Uuid) -> StoreResult<Vec<ApiToken>> {
        let rows: Vec<ApiTokenRow> = sqlx::query_as(
            "SELECT id, company_id, name, permissions, created_by, created_at, last_used_at FROM api_tokens \
             WHERE company_id = $1 ORDER BY id",
        )
        .bind(company_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(ApiToken::from).collect())
    }

    async fn delete_api_token(&self, company_id: Uuid, id: Uuid, audit: &NewAuditEntry) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let result = sqlx::query("DELETE FROM api_tokens WHERE id = $1 AND company_id = $2")
            .bind(id)
            .bind(company_id)
            .execute(&mut *tx)
            .await?;
        expect_one(result.rows_affected())?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn find_api_token(&self, token_hash: &str) -> StoreResult<Option<ApiToken>> {
        let row: Option<ApiTokenRow> = sqlx::query_as(
            "SELECT id, company_id, name, permissions, created_by, created_at, last_used_at FROM api_tokens WHERE token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(ApiToken::from))
    }

    async fn touch_api_token(&self, id: Uuid, at: Timestamp) -> StoreResult<()> {
        sqlx::query("UPDATE api_tokens SET last_used_at = $2 WHERE id = $1")
            .bind(id)
            .bind(db(at))
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

/// The user's open presence status, locked until commit.
async fn current_presence_status(tx: &mut Tx, user_id: Uuid) -> StoreResult<Option<String>> {
    let status = sqlx::query_scalar(concat!(
        "SELECT status FROM presence_periods WHERE user_id = $1 AND ended_at IS NULL ",
        for_update!()
    ))
    .bind(user_id)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(status)
}

/// Closes the open presence period and appends one with `status`; `false` when unchanged.
async fn set_presence_in(
    tx: &mut Tx,
    company_id: Uuid,
    user_id: Uuid,
    status: PresenceStatus,
    at: Timestamp,
) -> StoreResult<bool> {
    if current_presence_status(tx, user_id).await?.as_deref() == Some(status.as_str()) {
        return Ok(false);
    }
    sqlx::query("UPDATE presence_periods SET ended_at = $2 WHERE user_id = $1 AND ended_at IS NULL")
        .bind(user_id)
        .bind(db(at))
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO presence_periods (id, company_id, user_id, status, started_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(Uuid::now_v7())
    .bind(company_id)
    .bind(user_id)
    .bind(status.as_str())
    .bind(db(at))
    .execute(&mut **tx)
    .await?;
    Ok(true)
}

#[async_trait]
impl PresenceStore for SqlStore {
    async fn set_presence(
        &self,
        company_id: Uuid,
        user_id: Uuid,
        status: PresenceStatus,
        at: Timestamp,
    ) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let changed = set_presence_in(&mut tx, company_id, user_id, status, at).await?;
        tx.commit().await?;
        Ok(changed)
    }

    async fn current_presence(&self, user_id: Uuid) -> StoreResult<Option<PresencePeriod>> {
        let row: Option<PresenceRow> = sqlx::query_as(
            "SELECT status, started_at, ended_at FROM presence_periods WHERE user_id = $1 AND ended_at IS NULL",
        )
        .bind(user_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(PresencePeriod::try_from).transpose()
    }

    async fn presence_periods(
        &self,
        company_id: Uuid,
        user_id: Uuid,
        from: Timestamp,
        to: Timestamp,
    ) -> StoreResult<Vec<PresencePeriod>> {
        let rows: Vec<PresenceRow> = sqlx::query_as(
            "SELECT status, started_at, ended_at FROM presence_periods \
             WHERE company_id = $1 AND user_id = $2 AND started_at < $4 AND (ended_at IS NULL OR ended_at > $3) \
             ORDER BY started_at",
        )
        .bind(company_id)
        .bind(user_id)
        .bind(db(from))
        .bind(db(to))
        .fetch_all(&self.pool)
        .await?;
        convert_all(rows)
    }

    async fn stale_present_users(&self, seen_before: Timestamp) -> StoreResult<Vec<(Uuid, Uuid)>> {
        let rows: Vec<(Uuid, Uuid)> = sqlx::query_as(
            "SELECT p.company_id, p.user_id FROM presence_periods p JOIN users u ON u.id = p.user_id \
             WHERE p.ended_at IS NULL AND p.status <> 'offline' AND (u.last_seen_at IS NULL OR u.last_seen_at < $1) \
             ORDER BY p.user_id",
        )
        .bind(db(seen_before))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows)
    }
}

#[async_trait]
impl AuditStore for SqlStore {
    async fn record_audit(&self, entry: &NewAuditEntry) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        insert_audit(&mut tx, entry).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn list_audit(&self, company_id: Uuid, page: PageRequest) -> StoreResult<Page<AuditEntry>> {
        let rows: Vec<AuditRow> = sqlx::query_as(
            "SELECT id, actor_kind, actor_id, action, target_type, target_id, summary, at FROM audit_log \
             WHERE company_id = $1 AND ($2 IS NULL OR id < $2) ORDER BY id DESC LIMIT $3",
        )
        .bind(company_id)
        .bind(page.after)
        .bind(page.fetch_limit())
        .fetch_all(&self.pool)
        .await?;
        let entries = convert_all(rows)?;
        Ok(Page::from_rows(entries, page, |entry: &AuditEntry| entry.id))
    }
}

#[async_trait]
impl Store for SqlStore {
    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn refresh_statistics(&self) -> StoreResult<()> {
        sqlx::query("ANALYZE").execute(&self.pool).await?;
        Ok(())
    }
}
